/* Checkpoint and resume of the OCO learners (oco_learner_save_state /
 * oco_learner_restore_state, include/oco/learner.h), over every learner of
 * the registry on every domain kind it accepts (ball, box, simplex: both ONS
 * engines), plus the generic ONS engine on the ball and the unshared
 * universal ensembles:
 *  - a run saved at round 0, at a random round, between a predict and its
 *    update, and after the last round, restored into a fresh learner that
 *    had played other rounds first (and whose rng was seeded differently),
 *    then finished, plays byte for byte the decisions of an uninterrupted
 *    run; through update and through the gradient oracle (update_oracle:
 *    the multi-gradient ensemble queries it at every base point), with hints
 *    on some rounds;
 *  - a state of another learner, dimension, parameter list, G or domain, a
 *    corrupted or truncated file are refused with OCO_EINVAL, a missing file
 *    with OCO_EIO, and the refused learner then plays exactly as if nothing
 *    had happened (never half-loaded);
 *  - a state taken after a restart from a point (reset(x)) restores;
 *  - a learner type without save/restore is refused ("no checkpoint
 *    support"), and every built-in learner has both entries;
 *  - the public MsMwC object's save/restore round trip. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, truncate */
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

#include "core/state_io.h"
#include "oco/algo.h"
#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/msmwc.h"
#include "oco/rng.h"

enum { D = 3, T = 40, NMAX = 64 };

static char dir[64];
static char path[128], path2[128];

static double GRAD[T * D];  /* linear parts g_t */
static double JUNK[T * D];  /* other gradients, played before a restore */
static double HINT[T * D];  /* hints of rounds t ≡ 1 (mod 3) */
static double GBOUND;       /* setup.G */

/* f_t(x) = ⟨g_t, x⟩ + ¼‖x‖²: ∇f_t(x) = g_t + x/2, so the multi-gradient
 * ensemble's queries at different points get different gradients. */
static int quad_oracle(void *ctx, const double *x, double *g, double *value)
{
    const double *gt = ctx;
    double v = 0;
    for (size_t i = 0; i < D; ++i) {
        g[i] = gt[i] + 0.5 * x[i];
        v += gt[i] * x[i] + 0.25 * x[i] * x[i];
    }
    if (value)
        *value = v;
    return OCO_OK;
}

static int setup(void **st)
{
    (void)st;
    strcpy(dir, "/tmp/oco-ostate-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/a.bin", dir);
    snprintf(path2, sizeof path2, "%s/b.bin", dir);
    oco_rng r;
    oco_rng_seed(&r, 2024, 3);
    double gmax = 0;
    for (size_t t = 0; t < T; ++t) {
        double n2 = 0;
        for (size_t i = 0; i < D; ++i) {
            double v = oco_rng_normal(&r, 0, 1) / sqrt((double)D) + (i == 0 ? 0.3 : 0.0);
            GRAD[t * D + i] = v;
            JUNK[t * D + i] = -0.7 * v + 0.1;
            HINT[t * D + i] = 0.8 * v + 0.05 * oco_rng_normal(&r, 0, 1);
            n2 += v * v;
        }
        gmax = fmax(gmax, sqrt(n2) + 0.2);
    }
    GBOUND = gmax + 0.5 * sqrt((double)D); /* ‖x‖ ≤ √3 on the box [-1, 1]^3 */
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    char tmp[160];
    unlink(path);
    unlink(path2);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    snprintf(tmp, sizeof tmp, "%s.tmp", path2);
    unlink(tmp);
    rmdir(dir);
    return 0;
}

/* ---- configurations -------------------------------------------------------- */

typedef struct cfg {
    const oco_learner_type *ty;
    oco_domain_kind kind;
    oco_param params[1];
    size_t np;
} cfg;

static oco_domain *make_domain(oco_domain_kind kind, size_t d, double scale)
{
    switch (kind) {
    case OCO_DOMAIN_BALL:
        return oco_domain_ball(d, scale);
    case OCO_DOMAIN_BOX:
        return oco_domain_box_uniform(d, -scale, scale);
    default:
        return oco_domain_simplex(d);
    }
}

static int accepts(const oco_learner_type *ty, oco_domain_kind k)
{
    return ty->domains == 0 || (ty->domains & (1u << (unsigned)k));
}

/* Every registry learner on each of ball, box, simplex it accepts, plus the
 * generic ONS engine on the ball and the unshared ensembles. */
static size_t all_cfgs(cfg *out)
{
    static const oco_domain_kind kinds[3] = {OCO_DOMAIN_BALL, OCO_DOMAIN_BOX,
                                             OCO_DOMAIN_SIMPLEX};
    size_t n = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OCO)
            continue;
        const oco_learner_type *ty = oco_learner_type_from_info(info);
        assert_non_null(ty);
        for (int k = 0; k < 3; ++k)
            if (accepts(ty, kinds[k])) {
                assert_true(n < NMAX);
                out[n++] = (cfg){ty, kinds[k], {{NULL, 0}}, 0};
            }
        const char *nm = info->name;
        if (!strcmp(nm, "ons") || !strcmp(nm, "optimistic-ons"))
            out[n++] = (cfg){ty, OCO_DOMAIN_BALL, {{"exact_qp", 1.0}}, 1};
        if (!strncmp(nm, "universal", 9))
            out[n++] = (cfg){ty, OCO_DOMAIN_BALL, {{"share", 0.0}}, 1};
    }
    return n;
}

typedef struct inst {
    oco_domain *dom;
    oco_rng rng;
    oco_learner *l;
} inst;

static void inst_new(inst *in, const cfg *c, size_t d, double G, double scale,
                     const oco_param *params, size_t np, uint64_t seed)
{
    in->dom = make_domain(c->kind, d, scale);
    assert_non_null(in->dom);
    oco_rng_seed(&in->rng, seed, 1);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = d;
    s.domain = in->dom;
    s.T = T;
    s.G = G;
    s.rng = &in->rng; /* the wrapper saves and restores it */
    in->l = oco_learner_new(c->ty, &s, params, np);
    if (!in->l)
        print_message("%s: %s\n", c->ty->info.name, oco_last_error());
    assert_non_null(in->l);
}

static void inst_std(inst *in, const cfg *c, uint64_t seed)
{
    inst_new(in, c, D, GBOUND, 1.0, c->params, c->np, seed);
}

static void inst_free(inst *in)
{
    oco_learner_free(in->l);
    oco_domain_free(in->dom);
}

/* ---- playing ------------------------------------------------------------------ */

static void predict(oco_learner *l, size_t t, double *x)
{
    int rc = oco_learner_predict(l, t % 3 == 1 ? HINT + t * D : NULL, x);
    if (rc != OCO_OK)
        print_message("%s, predict %zu: %s\n", oco_learner_get_type(l)->info.name, t + 1,
                      oco_last_error());
    assert_int_equal(rc, OCO_OK);
}

/* mode 1: through the oracle; mode 0: the gradient at x_t. */
static int update(oco_learner *l, const double *gsrc, size_t t, int mode)
{
    if (mode == 1) {
        oco_grad_oracle o = {quad_oracle, (void *)(uintptr_t)(gsrc + t * D), D, 0};
        return oco_learner_update_oracle(l, &o);
    }
    double g[D], v;
    quad_oracle((void *)(uintptr_t)(gsrc + t * D), oco_learner_last_x(l), g, &v);
    return oco_learner_update(l, g, v);
}

static void update_ok(oco_learner *l, const double *gsrc, size_t t, int mode)
{
    int rc = update(l, gsrc, t, mode);
    if (rc != OCO_OK)
        print_message("%s, update %zu: %s\n", oco_learner_get_type(l)->info.name, t + 1,
                      oco_last_error());
    assert_int_equal(rc, OCO_OK);
}

static void play(oco_learner *l, size_t from, size_t to, int mode, double *xs)
{
    for (size_t t = from; t < to; ++t) {
        predict(l, t, xs + t * D);
        update_ok(l, GRAD, t, mode);
    }
}

static void expect_same(const double *a, const double *b, size_t n, const char *nm,
                        const char *what)
{
    if (memcmp(a, b, n * sizeof *a) == 0)
        return;
    for (size_t k = 0; k < n; ++k)
        if (memcmp(&a[k], &b[k], sizeof a[k]) != 0) {
            print_message("%s (%s): x_%zu[%zu] = %.17g, uninterrupted %.17g\n", nm, what,
                          k / D + 1, k % D, a[k], b[k]);
            break;
        }
    fail();
}

/* The uninterrupted run; 0 if the mode is not available (update for the
 * multi-gradient ensemble: OCO_ESTATE, it needs the oracle). */
static int reference(const cfg *c, int mode, double *ref)
{
    inst a;
    inst_std(&a, c, 5);
    predict(a.l, 0, ref);
    int rc = update(a.l, GRAD, 0, mode);
    if (rc == OCO_ESTATE && mode == 0 && c->ty->update_oracle) {
        inst_free(&a);
        return 0;
    }
    assert_int_equal(rc, OCO_OK);
    play(a.l, 1, T, mode, ref);
    inst_free(&a);
    return 1;
}

/* Save after s rounds (mid: and the predict of round s+1), restore into a
 * learner that played other rounds and has a differently seeded rng, finish,
 * compare with ref. */
static void checkpoint_run(const cfg *c, int mode, size_t s, int mid, const double *ref)
{
    const char *nm = c->ty->info.name;
    double out[T * D];
    memset(out, 0, sizeof out);
    inst a, b;
    inst_std(&a, c, 5);
    play(a.l, 0, s, mode, out);
    if (mid)
        predict(a.l, s, out + s * D);
    int rc = oco_learner_save_state(a.l, path);
    if (rc != OCO_OK)
        print_message("%s: save: %s\n", nm, oco_last_error());
    assert_int_equal(rc, OCO_OK);
    const oco_rng rng_saved = a.rng;

    inst_std(&b, c, 77);
    double junk[D];
    for (size_t t = 0; t < 3; ++t) {
        predict(b.l, t, junk);
        update_ok(b.l, JUNK, t, mode);
    }
    predict(b.l, 3, junk); /* pending predict: the restore replaces it */
    rc = oco_learner_restore_state(b.l, path);
    if (rc != OCO_OK)
        print_message("%s: restore after %zu rounds%s: %s\n", nm, s, mid ? " + predict" : "",
                      oco_last_error());
    assert_int_equal(rc, OCO_OK);
    assert_int_equal(oco_learner_round(b.l), s);
    assert_memory_equal(&b.rng, &rng_saved, sizeof rng_saved);
    if (s > 0 || mid)
        assert_memory_equal(oco_learner_last_x(b.l), oco_learner_last_x(a.l), D * sizeof(double));
    size_t from = s;
    if (mid) {
        update_ok(b.l, GRAD, s, mode);
        from = s + 1;
    }
    play(b.l, from, T, mode, out);
    char what[64];
    snprintf(what, sizeof what, "%s, mode %d, saved at %zu%s, domain %d, np %zu",
             mode ? "oracle" : "update", mode, s, mid ? "+predict" : "", (int)c->kind, c->np);
    expect_same(out, ref, T * D, nm, what);
    if (!(c->ty->info.flags & OCO_ALGO_ANYTIME))
        assert_int_equal(oco_learner_predict(b.l, NULL, junk), OCO_ESTATE); /* T reached */
    inst_free(&a);
    inst_free(&b);
}

static void test_every_learner_resumes_bit_identically(void **state)
{
    (void)state;
    cfg cfgs[NMAX];
    const size_t n = all_cfgs(cfgs);
    oco_rng pick;
    oco_rng_seed(&pick, 99, 0);
    size_t runs = 0;
    for (size_t i = 0; i < n; ++i)
        for (int mode = 0; mode < 2; ++mode) {
            double ref[T * D];
            if (!reference(&cfgs[i], mode, ref))
                continue;
            const size_t r1 = 1 + (size_t)oco_rng_below(&pick, T - 1); /* 1..T-1 */
            const size_t r2 = (size_t)oco_rng_below(&pick, T);         /* 0..T-1 */
            checkpoint_run(&cfgs[i], mode, 0, 0, ref);
            checkpoint_run(&cfgs[i], mode, r1, 0, ref);
            checkpoint_run(&cfgs[i], mode, r2, 1, ref);
            checkpoint_run(&cfgs[i], mode, T, 0, ref);
            runs += 4;
        }
    print_message("%zu configurations, %zu checkpointed runs\n", n, runs);
    assert_true(n >= 13);
}

/* ---- refusals ----------------------------------------------------------------- */

/* The oracle of a linear loss ⟨g, x⟩ in any dimension d ≤ 4. */
typedef struct lin_ctx {
    const double *g;
    size_t d;
} lin_ctx;

static int const_oracle(void *ctx, const double *x, double *g, double *value)
{
    (void)x;
    const lin_ctx *c = ctx;
    memcpy(g, c->g, c->d * sizeof(double));
    if (value)
        *value = 0.0;
    return OCO_OK;
}

/* A state file of an object that differs from c in one respect. */
static void save_other(const oco_learner_type *ty, const cfg *c, size_t d, double G, double scale,
                       const oco_param *params, size_t np, const char *p)
{
    cfg o = *c;
    o.ty = ty;
    if (!accepts(ty, o.kind))
        o.kind = accepts(ty, OCO_DOMAIN_BALL) ? OCO_DOMAIN_BALL : OCO_DOMAIN_SIMPLEX;
    inst x;
    inst_new(&x, &o, d, G, scale, params, np, 5);
    double junk[8];
    static const double g[8] = {0.1, -0.2, 0.3, 0.05};
    for (size_t t = 0; t < 2; ++t) {
        assert_int_equal(oco_learner_predict(x.l, NULL, junk), OCO_OK);
        lin_ctx lc = {g, d};
        oco_grad_oracle orc = {const_oracle, &lc, d, 0};
        assert_int_equal(oco_learner_update_oracle(x.l, &orc), OCO_OK);
    }
    assert_int_equal(oco_learner_save_state(x.l, p), OCO_OK);
    inst_free(&x);
}

static void expect_refused(oco_learner *l, const char *p, int code, const char *nm,
                           const char *what)
{
    int rc = oco_learner_restore_state(l, p);
    if (rc != code)
        print_message("%s: restore of %s returned %d, expected %d (%s)\n", nm, what, rc, code,
                      rc ? oco_last_error() : "ok");
    assert_int_equal(rc, code);
}

/* A valid parameter list of one entry for c's learner (its first key with
 * a value create accepts), for the "other parameters" file. */
static int extra_param(const cfg *c, oco_param *out)
{
    static const double cand[] = {1.0, 0.5, 2.0, 0.0, 3.0, 0.25};
    const oco_algo_info *info = &c->ty->info;
    for (size_t k = 0; k < info->nparams; ++k) {
        if (c->np && !strcmp(c->params[0].key, info->params[k].name))
            continue;
        for (size_t j = 0; j < sizeof cand / sizeof cand[0]; ++j) {
            oco_param p[2] = {{info->params[k].name, cand[j]}, c->params[0]};
            oco_domain *dom = make_domain(c->kind, D, 1.0);
            oco_learner_setup s = oco_learner_setup_default();
            s.d = D;
            s.domain = dom;
            s.T = T;
            s.G = GBOUND;
            int ok = oco_learner_check(c->ty, &s, p, 1 + c->np) == OCO_OK;
            oco_domain_free(dom);
            if (ok) {
                *out = p[0];
                return 1;
            }
        }
    }
    return 0;
}

static void corrupt_copy(const char *from, const char *to, long flip_at, long keep)
{
    FILE *f = fopen(from, "rb");
    assert_non_null(f);
    unsigned char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof buf);
    if (flip_at >= 0)
        buf[(size_t)flip_at % n] ^= 0x10;
    if (keep >= 0 && (size_t)keep < n)
        n = (size_t)keep;
    f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    fclose(f);
}

static long file_size(const char *p)
{
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void test_refused_states_leave_the_learner_untouched(void **state)
{
    (void)state;
    cfg cfgs[NMAX];
    const size_t n = all_cfgs(cfgs);
    for (size_t i = 0; i < n; ++i) {
        const cfg *c = &cfgs[i];
        const char *nm = c->ty->info.name;
        const int mode = c->ty->update_oracle ? 1 : 0;
        double ref[T * D], out[T * D];
        assert_true(reference(c, mode, ref));
        inst a;
        inst_std(&a, c, 5);
        const size_t s = 7;
        play(a.l, 0, s, mode, out);
        const oco_rng rng0 = a.rng;

        /* another learner (the next one in the list with another name) */
        const oco_learner_type *other = cfgs[(i + 1) % n].ty;
        for (size_t j = 1; other == c->ty && j < n; ++j)
            other = cfgs[(i + j) % n].ty;
        save_other(other, c, D, GBOUND, 1.0, NULL, 0, path2);
        expect_refused(a.l, path2, OCO_EINVAL, nm, "another learner's state");
        /* another dimension */
        save_other(c->ty, c, D + 1, GBOUND, 1.0, c->params, c->np, path2);
        expect_refused(a.l, path2, OCO_EINVAL, nm, "a state of dimension 4");
        /* other parameters */
        oco_param ep;
        if (extra_param(c, &ep)) {
            oco_param p[2] = {ep, c->params[0]};
            save_other(c->ty, c, D, GBOUND, 1.0, p, 1 + c->np, path2);
            expect_refused(a.l, path2, OCO_EINVAL, nm, "a state with other parameters");
        }
        /* another setup: G, the domain's size */
        save_other(c->ty, c, D, 2 * GBOUND, 1.0, c->params, c->np, path2);
        expect_refused(a.l, path2, OCO_EINVAL, nm, "a state with another G");
        if (c->kind != OCO_DOMAIN_SIMPLEX) {
            save_other(c->ty, c, D, GBOUND, 2.0, c->params, c->np, path2);
            expect_refused(a.l, path2, OCO_EINVAL, nm, "a state on another domain");
        }
        /* its own state, corrupted and truncated */
        assert_int_equal(oco_learner_save_state(a.l, path), OCO_OK);
        const long len = file_size(path);
        corrupt_copy(path, path2, len / 2, -1);
        expect_refused(a.l, path2, OCO_EINVAL, nm, "a corrupted state");
        corrupt_copy(path, path2, len - 20, -1); /* in the payload's last field */
        expect_refused(a.l, path2, OCO_EINVAL, nm, "a corrupted state");
        corrupt_copy(path, path2, -1, len - 1);
        expect_refused(a.l, path2, OCO_EINVAL, nm, "a truncated state");
        corrupt_copy(path, path2, -1, len / 2);
        expect_refused(a.l, path2, OCO_EINVAL, nm, "a truncated state");
        unlink(path2);
        expect_refused(a.l, path2, OCO_EIO, nm, "a missing file");
        /* nothing changed: the rng, the round, and the rest of the run */
        assert_memory_equal(&a.rng, &rng0, sizeof rng0);
        assert_int_equal(oco_learner_round(a.l), s);
        play(a.l, s, T, mode, out);
        expect_same(out, ref, T * D, nm, "after refused restores");
        /* and its own uncorrupted state still restores */
        assert_int_equal(oco_learner_restore_state(a.l, path), OCO_OK);
        assert_int_equal(oco_learner_round(a.l), s);
        inst_free(&a);
    }
}

/* ---- reset, missing entries, MsMwC ---------------------------------------------- */

static void test_state_after_reset_from_a_point(void **state)
{
    (void)state;
    cfg cfgs[NMAX];
    const size_t n = all_cfgs(cfgs);
    size_t tested = 0;
    for (size_t i = 0; i < n; ++i) {
        const cfg *c = &cfgs[i];
        if (!c->ty->reset)
            continue;
        const double x0s[2][D] = {{0.1, -0.2, 0.3}, {0.5, 0.3, 0.2}};
        const double *x0 = x0s[c->kind == OCO_DOMAIN_SIMPLEX];
        double ref[T * D], out[T * D];
        inst a, b;
        inst_std(&a, c, 5);
        play(a.l, 0, 5, 0, ref);
        assert_int_equal(oco_learner_reset(a.l, x0), OCO_OK);
        play(a.l, 0, 6, 0, ref);
        assert_int_equal(oco_learner_save_state(a.l, path), OCO_OK);
        play(a.l, 6, 20, 0, ref);
        inst_std(&b, c, 8);
        assert_int_equal(oco_learner_restore_state(b.l, path), OCO_OK);
        memcpy(out, ref, 6 * D * sizeof(double));
        play(b.l, 6, 20, 0, out);
        expect_same(out, ref, 20 * D, c->ty->info.name, "after reset(x)");
        inst_free(&a);
        inst_free(&b);
        tested++;
    }
    assert_true(tested >= 5);
}

static void test_every_builtin_has_the_entries_and_others_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OCO)
            continue;
        const oco_learner_type *ty = oco_learner_type_from_info(info);
        if (!ty->save || !ty->restore)
            print_message("%s: no save/restore entry\n", info->name);
        assert_non_null(ty->save);
        assert_non_null(ty->restore);
    }
    oco_learner_type bare = *oco_learner_ogd;
    bare.save = NULL;
    bare.restore = NULL;
    cfg c = {&bare, OCO_DOMAIN_BALL, {{NULL, 0}}, 0};
    inst a;
    inst_std(&a, &c, 5);
    assert_int_equal(oco_learner_save_state(a.l, path2), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "no checkpoint support"));
    assert_int_equal(oco_learner_restore_state(a.l, path), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "no checkpoint support"));
    assert_int_equal(oco_learner_save_state(NULL, path), OCO_EINVAL);
    assert_int_equal(oco_learner_restore_state(a.l, NULL), OCO_EINVAL);
    inst_free(&a);
}

/* The public object: per-expert steps, a prior, changed steps, a round
 * trip through the writer/reader, then both copies must agree bit for bit. */
static void test_msmwc_object_round_trip(void **state)
{
    (void)state;
    enum { N = 5, R = 12 };
    const double eta[N] = {0.01, 0.02, 0.005, 0.03, 0.015};
    const double prior[N] = {1, 2, 3, 4, 5};
    oco_msmwc_opts o = oco_msmwc_opts_default();
    o.prior = prior;
    oco_msmwc *a = oco_msmwc_new(N, eta, &o), *b = oco_msmwc_new(N, eta, &o);
    assert_non_null(a);
    assert_non_null(b);
    oco_rng r;
    oco_rng_seed(&r, 3, 3);
    double m[N], l[N], pa[N], pb[N];
    for (size_t t = 0; t < R; ++t) {
        for (size_t i = 0; i < N; ++i) {
            m[i] = oco_rng_uniform(&r) - 0.5;
            l[i] = oco_rng_uniform(&r) - 0.5;
        }
        assert_int_equal(oco_msmwc_predict(a, m, NULL), OCO_OK);
        assert_int_equal(oco_msmwc_update(a, l), OCO_OK);
        if (t == 4) {
            double e2[N];
            for (size_t i = 0; i < N; ++i)
                e2[i] = 0.5 * eta[i];
            assert_int_equal(oco_msmwc_set_eta(a, e2), OCO_OK);
        }
    }
    assert_int_equal(oco_msmwc_predict(a, m, NULL), OCO_OK); /* mid-round */
    oco_state_writer w;
    oco__state_writer_init(&w);
    assert_int_equal(oco_msmwc_save(a, &w), OCO_OK);
    oco_state_reader rd = {w.buf, w.len, 0, 0, "memory"};
    assert_int_equal(oco_msmwc_restore(b, &rd), OCO_OK);
    assert_int_equal(oco__state_reader_done(&rd), OCO_OK);
    /* a short buffer and an object of another size are refused */
    oco_state_reader shortr = {w.buf, w.len - 8, 0, 0, "memory"};
    oco_msmwc *c = oco_msmwc_new(N, eta, &o);
    assert_int_equal(oco_msmwc_restore(c, &shortr), OCO_EINVAL);
    oco_msmwc_free(c);
    c = oco_msmwc_new(N - 1, eta, &o);
    oco_state_reader other = {w.buf, w.len, 0, 0, "memory"};
    assert_int_equal(oco_msmwc_restore(c, &other), OCO_EINVAL);
    oco_msmwc_free(c);
    oco__state_writer_free(&w);
    assert_memory_equal(oco_msmwc_weights(a), oco_msmwc_weights(b), sizeof pa);
    assert_int_equal(oco_msmwc_newton_total(a), oco_msmwc_newton_total(b));
    for (size_t t = 0; t < R; ++t) {
        for (size_t i = 0; i < N; ++i)
            l[i] = oco_rng_uniform(&r) - 0.5;
        assert_int_equal(oco_msmwc_update(a, l), OCO_OK);
        assert_int_equal(oco_msmwc_update(b, l), OCO_OK);
        assert_int_equal(oco_msmwc_predict(a, l, pa), OCO_OK);
        assert_int_equal(oco_msmwc_predict(b, l, pb), OCO_OK);
        assert_memory_equal(pa, pb, sizeof pa);
    }
    assert_memory_equal(oco_msmwc_log_hat(a), oco_msmwc_log_hat(b), sizeof pa);
    oco_msmwc_free(a);
    oco_msmwc_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_learner_resumes_bit_identically),
        cmocka_unit_test(test_refused_states_leave_the_learner_untouched),
        cmocka_unit_test(test_state_after_reset_from_a_point),
        cmocka_unit_test(test_every_builtin_has_the_entries_and_others_are_refused),
        cmocka_unit_test(test_msmwc_object_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
