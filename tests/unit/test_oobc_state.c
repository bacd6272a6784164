/* Checkpoint and resume of every oobc policy in the registry
 * (oco_oobc_save_state / oco_oobc_restore_state, issue 12): a run of
 * several synthetic episodes interrupted at a random point — before the
 * first episode, right after a begin, in the middle of an episode, between
 * episodes, after the last step — and restored into a fresh object gives,
 * byte for byte, the decisions x_t, remaining budgets, episode losses and
 * multipliers of an uninterrupted run. On the built-in fairness class
 * (N drawn in 10..20) and, for the policies defined there, on multi-budget
 * (M = 2, d = 4, the interior-point layer). laau and rl play a model of
 * fixed (random, full-precision) weights.
 * Refusals (OCO_EINVAL, OCO_EIO for a missing file), each restored into an
 * object in the middle of an episode, which must then finish exactly as
 * the uninterrupted run: a state of another algorithm, of another N, other
 * params, a model with one weight changed by one ulp, another training
 * sample (for the policies fitted on one), a corrupted byte, a truncated
 * file, and files whose checksum is right but whose payload is not (an
 * impossible step, a payload cut short inside the policy's part, extra
 * bytes). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oco/algo.h"
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/oobc_problem.h"
#include "oco/rng.h"

enum { NEP = 4 }; /* test episodes per run */

static char g_path[256], g_path2[256];

/* ---- the setting --------------------------------------------------------------- */
typedef struct env {
    oco_oobc_class *cls;
    size_t N;
    oco_oobc_model *laau, *rl; /* rl NULL unless M = d = 1 */
    oco_oobc_data *train, *train2, *test;
} env;

/* A network of fixed weights: the seed's Glorot start perturbed by N(0, 1/9)
 * at full precision (every weight bit matters). */
static oco_oobc_model *fixed_model(const oco_oobc_class *cls, size_t N, oco_oobc_model_kind kind,
                                   uint64_t seed)
{
    oco_oobc_model_opts o = oco_oobc_model_opts_default();
    o.kind = kind;
    o.seed = seed;
    oco_oobc_model *m = oco_oobc_model_new(cls, N, &o, NULL);
    assert_non_null(m);
    oco_rng r;
    oco_rng_seed(&r, seed, 7);
    double *w = oco_oobc_model_weights(m);
    for (size_t i = 0; i < oco_oobc_model_nweights(m); ++i)
        w[i] += oco_rng_normal(&r, 0.0, 1.0) / 3.0;
    return m;
}

static void env_init(env *E, const char *cls_name, size_t N, size_t ntrain, uint64_t seed)
{
    memset(E, 0, sizeof *E);
    E->cls = oco_oobc_class_new(cls_name, NULL);
    assert_non_null(E->cls);
    const oco_oobc_class *k = E->cls;
    E->N = N;
    E->train = oco_oobc_data_synthetic(k, N, ntrain, seed, NULL);
    E->train2 = oco_oobc_data_synthetic(k, N, ntrain, seed + 1, NULL);
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    so.first = OCO_OOBC_TEST_FIRST;
    E->test = oco_oobc_data_synthetic(k, N, NEP, seed, &so);
    assert_true(E->train && E->train2 && E->test);
    /* episode 1 tight: a quarter of the way from the reserve to the class's
     * lowest budget, so the guard plays; episode 2 at the edge, 1e-13 above
     * N·reserve (or tiny without a reserve), where the baselines' exhausted-
     * resource test (relative to B, baseline.h) decides */
    for (size_t m = 0; m < k->M; ++m) {
        double B = (double)N * (k->reserve[m] + 0.25 * (k->budget_lo[m] - k->reserve[m]));
        E->test->B[1 * k->M + m] = B > 0 ? B : 0.25 * (double)N * k->budget_lo[m];
        B = (double)N * k->reserve[m] * (1 + 1e-13);
        E->test->B[2 * k->M + m] = B > 0 ? B : 1e-6 * (double)N * k->budget_lo[m];
    }
    E->laau = fixed_model(k, N, OCO_OOBC_MODEL_LAAU, seed + 10);
    if (k->M == 1 && k->d == 1)
        E->rl = fixed_model(k, N, OCO_OOBC_MODEL_RL, seed + 20);
}

static void env_free(env *E)
{
    oco_oobc_model_free(E->laau);
    oco_oobc_model_free(E->rl);
    oco_oobc_data_free(E->train);
    oco_oobc_data_free(E->train2);
    oco_oobc_data_free(E->test);
    oco_oobc_class_free(E->cls);
}

/* The setup of ty in E (the model of the kind it accepts); 0 if ty is not
 * defined there. */
static int setup_of(const env *E, const oco_oobc_type *ty, oco_oobc_setup *s)
{
    *s = oco_oobc_setup_default();
    s->cls = E->cls;
    s->N = E->N;
    s->train = E->train;
    if (ty->needs & OCO_OOBC_NEEDS_MODEL) {
        s->model = E->laau;
        if (oco_oobc_check(ty, s, NULL, 0) == OCO_OK)
            return 1;
        s->model = E->rl;
        if (!s->model)
            return 0;
    }
    return oco_oobc_check(ty, s, NULL, 0) == OCO_OK;
}

static oco_oobc *make(const oco_oobc_type *ty, const oco_oobc_setup *s, const oco_param *p,
                      size_t np)
{
    oco_oobc *a = oco_oobc_new(ty, s, p, np);
    if (!a)
        print_error("%s: %s\n", ty->info.name, oco_last_error());
    assert_non_null(a);
    return a;
}

/* ---- runs ------------------------------------------------------------------------ */
/* One record per step: x (d), remaining b (M), episode loss, multiplier (M;
 * NaN without one). */
static size_t recw(const oco_oobc_class *k) { return k->d + 2 * k->M + 1; }
static size_t nops(const env *E) { return NEP * (E->N + 1); }

/* Ops [from, to) of the run: op i is, in episode i/(N+1), begin when
 * i%(N+1) = 0, else the decision of step i%(N+1) − 1. */
static void run_ops(oco_oobc *a, const env *E, double *rec, size_t from, size_t to)
{
    const oco_oobc_class *k = E->cls;
    const size_t N = E->N, d = k->d, M = k->M, W = recw(k);
    for (size_t i = from; i < to; ++i) {
        const size_t e = i / (N + 1), j = i % (N + 1);
        if (j == 0) {
            assert_int_equal(oco_oobc_begin(a, E->test->B + e * M), OCO_OK);
            continue;
        }
        const size_t t = j - 1;
        double *r = rec + (e * N + t) * W;
        const int rc = oco_oobc_decide(a, E->test->c + (e * N + t) * k->p, r);
        if (rc)
            print_error("%s on %s: episode %zu step %zu: %s\n",
                        oco_oobc_get_type(a)->info.name, k->name, e, t + 1, oco_last_error());
        assert_int_equal(rc, OCO_OK);
        memcpy(r + d, oco_oobc_remaining(a), M * sizeof *r);
        r[d + M] = oco_oobc_episode_loss(a);
        if (oco_oobc_multiplier(a, r + d + M + 1) != OCO_OK)
            for (size_t m = 0; m < M; ++m)
                r[d + M + 1 + m] = NAN;
    }
}

static double *rec_new(const env *E)
{
    double *r = calloc(E->test->n * E->N * recw(E->cls), sizeof *r);
    assert_non_null(r);
    return r;
}
static size_t rec_bytes(const env *E) { return E->test->n * E->N * recw(E->cls) * sizeof(double); }

/* What the wrapper reports of its episode, and the last multiplier. */
typedef struct snap {
    size_t step;
    double loss;
    double b[8];
    double lam[8];
} snap;

static snap snap_of(const oco_oobc *a, size_t M)
{
    snap s;
    memset(&s, 0, sizeof s);
    s.step = oco_oobc_step(a);
    s.loss = oco_oobc_episode_loss(a);
    memcpy(s.b, oco_oobc_remaining(a), M * sizeof *s.b);
    if (oco_oobc_multiplier(a, s.lam) != OCO_OK)
        memset(s.lam, 0xff, sizeof s.lam);
    return s;
}

/* Save after `k` ops, restore into another object (fresh, or `used`: one
 * that has played other ops first), finish, compare with `full`. */
static void check_resume(const env *E, const oco_oobc_type *ty, const oco_oobc_setup *s,
                         const double *full, size_t k, int used)
{
    double *rec = rec_new(E);
    oco_oobc *a = make(ty, s, NULL, 0);
    run_ops(a, E, rec, 0, k);
    const snap before = snap_of(a, E->cls->M);
    assert_int_equal(oco_oobc_save_state(a, g_path), OCO_OK);
    oco_oobc_free(a);

    oco_oobc *b = make(ty, s, NULL, 0);
    if (used) { /* into an object elsewhere in the run: everything is overwritten */
        double *scratch = rec_new(E);
        run_ops(b, E, scratch, 0, (nops(E) - k) / 2 + 1);
        free(scratch);
    }
    const int rc = oco_oobc_restore_state(b, g_path);
    if (rc)
        print_error("%s: restore after %zu ops: %s\n", ty->info.name, k, oco_last_error());
    assert_int_equal(rc, OCO_OK);
    const snap after = snap_of(b, E->cls->M);
    assert_memory_equal(&before, &after, sizeof before);
    run_ops(b, E, rec, k, nops(E));
    oco_oobc_free(b);
    assert_memory_equal(rec, full, rec_bytes(E));
    free(rec);
}

/* ---- crafted files ------------------------------------------------------------- */
static size_t slurp(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    const size_t n = fread(buf, 1, cap, f);
    fclose(f);
    assert_true(n > 16 && n < cap);
    return n;
}

static void spit(const char *path, const unsigned char *buf, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    fclose(f);
}

static uint64_t le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = v << 8 | p[i];
    return v;
}

static void put_le64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* FNV-1a 64 (state.h's checksum), written here independently. */
static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* Offset of the payload's length field (state.h layout). */
static size_t payload_len_at(const unsigned char *b)
{
    size_t o = 16; /* magic, format version */
    for (int s = 0; s < 3; ++s)
        o += 8 + (size_t)le64(b + o); /* library version, protocol, algorithm */
    o += 8 + 8 * (size_t)le64(b + o); /* dims */
    const size_t np = (size_t)le64(b + o);
    o += 8;
    for (size_t i = 0; i < np; ++i)
        o += 8 + (size_t)le64(b + o) + 8; /* key, value */
    return o;
}

/* The file of `src` (n bytes) with its payload's last `cut` bytes removed
 * (or `add` zero bytes appended), or its step field set to `step`
 * (!= SIZE_MAX); a valid checksum. Written to g_path2. */
static void craft(const unsigned char *src, size_t n, size_t cut, size_t add, size_t step)
{
    unsigned char *b = calloc(n + add + 8, 1);
    assert_non_null(b);
    const size_t lo = payload_len_at(src), plen = (size_t)le64(src + lo);
    assert_int_equal(lo + 8 + plen + 8, n);
    const size_t nplen = plen - cut + add;
    memcpy(b, src, lo);
    put_le64(b + lo, nplen);
    memcpy(b + lo + 8, src + lo + 8, plen - cut);
    if (step != SIZE_MAX)
        put_le64(b + lo + 8 + 8, step); /* payload: active, then the step */
    const size_t m = lo + 8 + nplen;
    put_le64(b + m, fnv(b, m));
    spit(g_path2, b, m + 8);
    free(b);
}

/* ---- refusals ---------------------------------------------------------------------- */
/* Save a fresh object of (ty, s, p) to g_path2 (after `ops` ops). */
static void save_other(const env *E, const oco_oobc_type *ty, const oco_oobc_setup *s,
                       const oco_param *p, size_t np, size_t ops)
{
    oco_oobc *o = make(ty, s, p, np);
    double *scratch = rec_new(E);
    run_ops(o, E, scratch, 0, ops);
    free(scratch);
    assert_int_equal(oco_oobc_save_state(o, g_path2), OCO_OK);
    oco_oobc_free(o);
}

static void refused(oco_oobc *a, const char *path, int code, const char *what, size_t step)
{
    const int rc = oco_oobc_restore_state(a, path);
    if (rc != code)
        print_error("%s: restore of %s gave %d (%s), expected %d\n",
                    oco_oobc_get_type(a)->info.name, what, rc, rc ? oco_last_error() : "", code);
    assert_int_equal(rc, code);
    assert_true(oco_last_error()[0] != '\0');
    assert_int_equal(oco_oobc_step(a), step);
}

/* A valid value of the type's parameter that differs from its default;
 * 0 if none of a few candidates is accepted. */
static int other_param(const oco_oobc_type *ty, const oco_oobc_setup *s, oco_param *out)
{
    static const double cand[] = {2.0, 0.5, 3.0, 1.5, 7.0};
    for (size_t i = 0; i < ty->info.nparams; ++i)
        for (size_t c = 0; c < sizeof cand / sizeof cand[0]; ++c) {
            const oco_param p = {ty->info.params[i].name, cand[c]};
            if (!(cand[c] != ty->info.params[i].default_value))
                continue;
            if (oco_oobc_check(ty, s, &p, 1) == OCO_OK) {
                *out = p;
                return 1;
            }
        }
    return 0;
}

static void check_refusals(const env *E, const env *E2, const oco_oobc_type *ty,
                           const oco_oobc_setup *s, const double *full, size_t k)
{
    const oco_oobc_class *cls = E->cls;
    double *rec = rec_new(E);
    oco_oobc *a = make(ty, s, NULL, 0);
    run_ops(a, E, rec, 0, k);
    const size_t step = oco_oobc_step(a);
    const snap before = snap_of(a, cls->M);
    assert_int_equal(oco_oobc_save_state(a, g_path), OCO_OK);

    /* every other algorithm defined here: both directions */
    for (size_t j = 0; j < oco_algo_count(); ++j) {
        const oco_algo_info *info = oco_algo_at(j);
        if (info->protocol != OCO_PROTOCOL_OOBC || info == &ty->info)
            continue;
        const oco_oobc_type *oty = oco_oobc_type_from_info(info);
        oco_oobc_setup os;
        if (!setup_of(E, oty, &os))
            continue;
        save_other(E, oty, &os, NULL, 0, 1);
        refused(a, g_path2, OCO_EINVAL, "another algorithm's state", step);
        oco_oobc *o = make(oty, &os, NULL, 0);
        refused(o, g_path, OCO_EINVAL, "a state of another algorithm", 0);
        oco_oobc_free(o);
    }
    /* another N */
    oco_oobc_setup s2;
    assert_true(setup_of(E2, ty, &s2));
    save_other(E2, ty, &s2, NULL, 0, 0);
    refused(a, g_path2, OCO_EINVAL, "a state of another N", step);
    /* other params: both directions */
    oco_param p;
    if (other_param(ty, s, &p)) {
        save_other(E, ty, s, &p, 1, 1);
        refused(a, g_path2, OCO_EINVAL, "a state with other params", step);
        oco_oobc *o = make(ty, s, &p, 1);
        refused(o, g_path, OCO_EINVAL, "a state of the default params", 0);
        oco_oobc_free(o);
    }
    /* the model with one weight moved by one ulp: both directions */
    if (ty->needs & OCO_OOBC_NEEDS_MODEL) {
        oco_oobc_model *m2 = oco_oobc_model_clone(s->model);
        assert_non_null(m2);
        double *w = oco_oobc_model_weights(m2);
        const size_t nw = oco_oobc_model_nweights(m2);
        w[nw / 2] = nextafter(w[nw / 2], INFINITY);
        oco_oobc_setup sm = *s;
        sm.model = m2;
        save_other(E, ty, &sm, NULL, 0, 1);
        refused(a, g_path2, OCO_EINVAL, "a state of other model weights", step);
        oco_oobc *o = make(ty, &sm, NULL, 0);
        refused(o, g_path, OCO_EINVAL, "a state of the original weights", 0);
        oco_oobc_free(o);
        oco_oobc_model_free(m2);
    }
    /* another training sample: refused by the types fitted on one, ignored
     * (the state restores) by the others */
    {
        oco_oobc_setup st = *s;
        st.train = E->train2;
        oco_oobc *o = make(ty, &st, NULL, 0);
        const int rc = oco_oobc_restore_state(o, g_path);
        if (ty->needs & OCO_OOBC_NEEDS_TRAIN) {
            assert_int_equal(rc, OCO_EINVAL);
            assert_int_equal(oco_oobc_step(o), 0);
        } else {
            assert_int_equal(rc, OCO_OK);
            assert_int_equal(oco_oobc_step(o), step);
        }
        oco_oobc_free(o);
    }

    /* damaged files */
    static unsigned char buf[1 << 16], dam[1 << 16];
    const size_t n = slurp(g_path, buf, sizeof buf);
    const size_t plen_at = payload_len_at(buf);
    const size_t positions[3] = {20, plen_at + 4, n - 12}; /* head, payload length, payload */
    for (int q = 0; q < 3; ++q) {
        memcpy(dam, buf, n);
        dam[positions[q]] ^= 0x10;
        spit(g_path2, dam, n);
        refused(a, g_path2, OCO_EINVAL, "a corrupted file", step);
    }
    spit(g_path2, buf, n - 5);
    refused(a, g_path2, OCO_EINVAL, "a truncated file", step);
    spit(g_path2, buf, plen_at);
    refused(a, g_path2, OCO_EINVAL, "a file cut in its head", step);
    /* a right checksum around a wrong payload: nothing may be half-loaded */
    craft(buf, n, 8, 0, SIZE_MAX);
    refused(a, g_path2, OCO_EINVAL, "a payload short of its last field", step);
    craft(buf, n, 0, 8, SIZE_MAX);
    refused(a, g_path2, OCO_EINVAL, "a payload with extra bytes", step);
    craft(buf, n, 0, 0, E->N + 7);
    refused(a, g_path2, OCO_EINVAL, "a step beyond N", step);
    craft(buf, n, 0, 0, SIZE_MAX); /* the control: the same file rebuilt is accepted */
    assert_int_equal(oco_oobc_restore_state(a, g_path2), OCO_OK);
    remove(g_path2);
    refused(a, g_path2, OCO_EIO, "a missing file", step);

    /* the object was never touched: it finishes as the uninterrupted run */
    const snap after = snap_of(a, cls->M);
    assert_memory_equal(&before, &after, sizeof before);
    run_ops(a, E, rec, k, nops(E));
    oco_oobc_free(a);
    assert_memory_equal(rec, full, rec_bytes(E));
    free(rec);
}

/* ---- the registry ---------------------------------------------------------------- */
/* Every oobc type defined in E; returns how many. */
static size_t check_env(const env *E, const env *E2, uint64_t seed)
{
    oco_rng pick;
    oco_rng_seed(&pick, seed, 0);
    const size_t N = E->N, total = nops(E);
    size_t covered = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OOBC)
            continue;
        const oco_oobc_type *ty = oco_oobc_type_from_info(info);
        assert_non_null(ty);
        assert_non_null(ty->save);
        assert_non_null(ty->restore);
        oco_oobc_setup s;
        if (!setup_of(E, ty, &s))
            continue;
        ++covered;
        double *full = rec_new(E);
        oco_oobc *a = make(ty, &s, NULL, 0);
        run_ops(a, E, full, 0, total);
        oco_oobc_free(a);

        /* a random point inside every episode (after 1..N-1 steps), one
         * right after a begin, one between episodes, and the ends (before
         * anything; after the last decision) */
        size_t ks[NEP + 5];
        size_t nk = 0;
        ks[nk++] = 0;
        for (size_t e = 0; e < NEP; ++e)
            ks[nk++] = e * (N + 1) + 1 + 1 + (size_t)oco_rng_below(&pick, N - 1);
        ks[nk++] = (size_t)oco_rng_below(&pick, NEP) * (N + 1) + 1;
        ks[nk++] = (1 + (size_t)oco_rng_below(&pick, NEP - 1)) * (N + 1);
        ks[nk++] = total - 1;
        ks[nk++] = total;
        for (size_t q = 0; q < nk; ++q)
            check_resume(E, ty, &s, full, ks[q], q % 2);
        const size_t mid = ks[1 + (size_t)oco_rng_below(&pick, NEP)];
        print_message("%-11s %-12s N = %2zu: resumed after 0, %zu, %zu, %zu, %zu (mid-episode), "
                      "%zu (begun), %zu (between), %zu, %zu of %zu ops; refusals at %zu\n",
                      info->name, E->cls->name, N, ks[1], ks[2], ks[3], ks[4], ks[5], ks[6],
                      ks[7], ks[8], total, mid);
        check_refusals(E, E2, ty, &s, full, mid);
        free(full);
    }
    return covered;
}

static size_t count_oobc(void)
{
    size_t n = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i)
        n += oco_algo_at(i)->protocol == OCO_PROTOCOL_OOBC;
    return n;
}

static void test_fairness(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 12, 0);
    const size_t N = 10 + (size_t)oco_rng_below(&r, 11); /* 10..20 */
    env E, E2;
    env_init(&E, "fairness", N, 40, 3);
    env_init(&E2, "fairness", N + 1, 40, 3);
    /* every registered oobc policy is defined on fairness */
    assert_int_equal(check_env(&E, &E2, 5), count_oobc());
    assert_true(count_oobc() >= 7);
    env_free(&E);
    env_free(&E2);
}

static void test_multi_budget(void **st)
{
    (void)st;
    env E, E2;
    env_init(&E, "multi-budget", 10, 8, 4);
    env_init(&E2, "multi-budget", 11, 8, 4);
    assert_true(E.cls->M == 2 && E.cls->d <= 8);
    /* all but the single-budget types (cr-pursuit, rl) */
    size_t single = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        single += info->protocol == OCO_PROTOCOL_OOBC &&
                  (oco_oobc_type_from_info(info)->needs & OCO_OOBC_SINGLE_BUDGET);
    }
    assert_int_equal(check_env(&E, &E2, 6), count_oobc() - single);
    env_free(&E);
    env_free(&E2);
}

/* NULL arguments and a type without checkpoint entries. */
static int nc_begin(void *s, const double *B)
{
    (void)s;
    (void)B;
    return OCO_OK;
}
static int nc_decide(void *s, size_t t, const double *c, const double *b, const double *be,
                     double *x)
{
    (void)s;
    (void)t;
    (void)c;
    (void)b;
    (void)be;
    x[0] = 1.0;
    return OCO_OK;
}
static void *nc_create(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    (void)s;
    (void)p;
    (void)np;
    return malloc(1);
}
static const oco_oobc_type nc_type = {
    .info = {.name = "no-ckpt", .protocol = OCO_PROTOCOL_OOBC, .summary = "", .source = "",
             .derived = ""},
    .create = nc_create,
    .begin = nc_begin,
    .decide = nc_decide,
    .destroy = free,
};

static void test_args(void **st)
{
    (void)st;
    oco_oobc_class *k = oco_oobc_class_new("fairness", NULL);
    assert_non_null(k);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = k;
    s.N = 5;
    oco_oobc *a = make(&nc_type, &s, NULL, 0);
    assert_int_equal(oco_oobc_save_state(a, g_path), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "no checkpoint support"));
    assert_int_equal(oco_oobc_restore_state(a, g_path), OCO_EINVAL);
    oco_oobc_free(a);
    a = make(oco_oobc_equal, &s, NULL, 0);
    assert_int_equal(oco_oobc_save_state(NULL, g_path), OCO_EINVAL);
    assert_int_equal(oco_oobc_save_state(a, NULL), OCO_EINVAL);
    assert_int_equal(oco_oobc_restore_state(NULL, g_path), OCO_EINVAL);
    assert_int_equal(oco_oobc_restore_state(a, NULL), OCO_EINVAL);
    oco_oobc_free(a);
    oco_oobc_class_free(k);
}

/* A user-defined type with checkpoint entries that spends, at its last
 * step, a hair more than what is left (0.5e-9·B, inside the wrapper's
 * strict-budget tolerance of 1e-9·B): it finishes after a restore only if
 * the wrapper brought its episode's B back. */
typedef struct over_state {
    double B;
} over_state;
static void *over_create(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    (void)s;
    (void)p;
    (void)np;
    return calloc(1, sizeof(over_state));
}
static int over_begin(void *st, const double *B)
{
    ((over_state *)st)->B = B[0];
    return OCO_OK;
}
static int over_decide(void *st, size_t t, const double *c, const double *b, const double *be,
                       double *x)
{
    (void)c;
    (void)be;
    const double B = ((over_state *)st)->B;
    x[0] = t + 1 == 5 ? b[0] + 0.5e-9 * B : B / 5;
    return OCO_OK;
}
static int over_save(const void *st, oco_state_writer *w)
{
    oco_state_put_f64(w, ((const over_state *)st)->B);
    return OCO_OK;
}
static int over_restore(void *st, oco_state_reader *r)
{
    return oco_state_get_f64(r, &((over_state *)st)->B);
}
static const oco_oobc_type over_type = {
    .info = {.name = "over-test", .protocol = OCO_PROTOCOL_OOBC, .summary = "", .source = "",
             .derived = ""},
    .create = over_create,
    .begin = over_begin,
    .decide = over_decide,
    .destroy = free,
    .save = over_save,
    .restore = over_restore,
};

static void test_user_type(void **st)
{
    (void)st;
    oco_oobc_class *k = oco_oobc_class_new("fairness", NULL);
    assert_non_null(k);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = k;
    s.N = 5;
    const double B = 50, c = 0.5;
    double full[5], x[5];
    oco_oobc *a = make(&over_type, &s, NULL, 0);
    assert_int_equal(oco_oobc_begin(a, &B), OCO_OK);
    for (int t = 0; t < 5; ++t)
        assert_int_equal(oco_oobc_decide(a, &c, &full[t]), OCO_OK);
    assert_true(full[4] > 10.0); /* it did overspend, within the tolerance */
    oco_oobc_free(a);
    a = make(&over_type, &s, NULL, 0);
    assert_int_equal(oco_oobc_begin(a, &B), OCO_OK);
    for (int t = 0; t < 2; ++t)
        assert_int_equal(oco_oobc_decide(a, &c, &x[t]), OCO_OK);
    assert_int_equal(oco_oobc_save_state(a, g_path), OCO_OK);
    oco_oobc_free(a);
    a = make(&over_type, &s, NULL, 0);
    assert_int_equal(oco_oobc_restore_state(a, g_path), OCO_OK);
    for (int t = 2; t < 5; ++t) {
        const int rc = oco_oobc_decide(a, &c, &x[t]);
        if (rc)
            print_error("%s\n", oco_last_error());
        assert_int_equal(rc, OCO_OK);
    }
    assert_memory_equal(x, full, sizeof x);
    assert_int_equal(oco_oobc_step(a), 5);
    assert_int_equal(oco_oobc_decide(a, &c, &x[0]), OCO_ESTATE); /* the episode is over */
    oco_oobc_free(a);
    oco_oobc_class_free(k);
}

int main(void)
{
    snprintf(g_path, sizeof g_path, "/tmp/oco_test_oobc_state_%ld.bin", (long)getpid());
    snprintf(g_path2, sizeof g_path2, "/tmp/oco_test_oobc_state_%ld_b.bin", (long)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fairness),
        cmocka_unit_test(test_multi_budget),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_user_type),
    };
    const int rc = cmocka_run_group_tests(tests, NULL, NULL);
    remove(g_path);
    remove(g_path2);
    return rc;
}
