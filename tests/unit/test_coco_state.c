/* Checkpoint and resume of every coco algorithm in the registry
 * (oco_coco_save_state / oco_coco_restore_state), on generated problems
 * (coco_problem.h): a run interrupted at round 0, at a random round (between
 * rounds and between predict and update) and after the last round, restored
 * into a fresh object whose rng was seeded differently, gives byte for byte
 * the decisions x_t and multipliers of an uninterrupted run. States of
 * another algorithm, setup (T, domain, G, k, budget) or params, corrupted,
 * truncated or missing files are refused and the object keeps running as if
 * nothing happened.
 *
 * Problems: quadratic constraints on a ball (the full LLP variants and MOSP
 * then solve QPs on the ball's warm-started direct path), quadratic costs on
 * a box (the active-set path of quadratic predictions), resource allocation
 * (binding constraints, so the multipliers move), and llp-exp2, the
 * linearly perturbed family, for llp-perturbed (setup.fixed_cons). Odd
 * rounds get the round's true cost and constraints as predictions. */
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

#include "oco/oco.h"

enum { T = 40 };

static char g_path[256], g_other[256];

typedef struct env_cfg {
    oco_coco_problem_kind kind;
    size_t d, k, T;
    int ball;      /* 1: ball of radius `size`, 0: box [-size, size]^d */
    double size;
    double G_mul;  /* setup.G = G_mul · the problem's G */
    double budget; /* B_j = budget·(j + 1) for algorithms that accept B != 0 */
} env_cfg;

typedef struct env {
    env_cfg c;
    oco_domain *dom;
    oco_coco_problem *prob;
    oco_coco_setup s;
    double B[8];
    oco_rng rng;
} env;

static void env_open(env *e, const env_cfg *c, const oco_coco_type *ty, uint64_t rng_seed)
{
    memset(e, 0, sizeof *e);
    e->c = *c;
    if (c->kind == OCO_COCO_PROBLEM_LLP_EXP1 || c->kind == OCO_COCO_PROBLEM_LLP_EXP2)
        e->dom = oco_domain_box_uniform(c->d, 0, 1); /* the family's only X */
    else if (c->kind == OCO_COCO_PROBLEM_RESOURCE)
        e->dom = oco_domain_box_uniform(c->d, 0, c->size); /* allocations */
    else
        e->dom = c->ball ? oco_domain_ball(c->d, c->size)
                         : oco_domain_box_uniform(c->d, -c->size, c->size);
    assert_non_null(e->dom);
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = c->kind;
    o.d = c->d;
    o.k = c->k;
    o.T = c->T;
    o.seed = 7;
    e->prob = oco_coco_problem_new(&o, e->dom);
    if (!e->prob)
        fail_msg("problem: %s", oco_last_error());
    const oco_coco_problem_info *pi = oco_coco_problem_get_info(e->prob);
    oco_coco_setup s = oco_coco_setup_default();
    s.d = c->d;
    s.k = oco_coco_problem_nconstraints(e->prob);
    s.domain = e->dom;
    s.T = c->T;
    s.G = pi->G * c->G_mul;
    s.L_g = pi->L_g;
    s.g_max = pi->g_max;
    s.F = pi->F;
    s.alpha = pi->alpha;
    s.fixed_cons = pi->fixed_cons;
    assert_true(s.k <= 8);
    if (!(ty->needs & OCO_COCO_ZERO_BUDGET)) {
        for (size_t j = 0; j < s.k; ++j)
            e->B[j] = c->budget * (double)(j + 1);
        s.budget = e->B;
    }
    oco_rng_seed(&e->rng, rng_seed, 0);
    s.rng = &e->rng; /* always: the wrapper saves and restores it */
    e->s = s;
}

static void env_close(env *e)
{
    oco_coco_problem_free(e->prob);
    oco_domain_free(e->dom);
}

static oco_coco *make(const oco_coco_type *ty, env *e, const oco_param *p, size_t np)
{
    oco_coco *a = oco_coco_new(ty, &e->s, p, np);
    if (!a)
        fail_msg("%s: %s", ty->info.name, oco_last_error());
    return a;
}

/* what a round records: x_t (d), then the multipliers after update (k) */
typedef struct rec {
    size_t w; /* doubles per round */
    double *v;
} rec;

static void rec_init(rec *r, const env *e)
{
    r->w = e->s.d + e->s.k;
    r->v = calloc(e->c.T * r->w, sizeof *r->v);
    assert_non_null(r->v);
}

static int uses_oracles(const oco_coco_type *ty)
{
    return ty->update_oracle || (ty->needs & OCO_COCO_NEEDS_FORM);
}

/* predict of round t (1-based): the problem has generated round t */
static void do_predict(oco_coco *a, env *e, rec *r, size_t t)
{
    assert_int_equal(oco_coco_problem_next(e->prob), OCO_OK);
    oco_coco_prediction pred = {oco_coco_problem_cost(e->prob), oco_coco_problem_cons(e->prob),
                                NULL};
    double *x = r->v + (t - 1) * r->w;
    int rc = oco_coco_predict(a, t % 2 ? &pred : NULL, x);
    if (rc != OCO_OK)
        fail_msg("%s round %zu predict: %s", oco_coco_get_type(a)->info.name, t,
                 oco_last_error());
}

static void do_update(oco_coco *a, env *e, rec *r, size_t t)
{
    const oco_coco_type *ty = oco_coco_get_type(a);
    const size_t d = e->s.d, k = e->s.k;
    oco_grad_oracle co = oco_coco_problem_cost_oracle(e->prob);
    oco_cons_oracle go = oco_coco_problem_cons_oracle(e->prob);
    int rc;
    if (uses_oracles(ty)) {
        oco_coco_feedback fb = {&co, &go};
        rc = oco_coco_update_oracle(a, &fb);
    } else {
        double grad[16], g[8], J[8 * 16], v;
        assert_true(d <= 16 && k <= 8);
        const double *x = oco_coco_last_x(a);
        assert_int_equal(oco_grad_oracle_eval(&co, x, grad, &v), OCO_OK);
        assert_int_equal(oco_cons_oracle_eval(&go, x, g, J), OCO_OK);
        oco_coco_linear fb = {grad, v, g, J};
        rc = oco_coco_update(a, &fb);
    }
    if (rc != OCO_OK)
        fail_msg("%s round %zu update: %s", ty->info.name, t, oco_last_error());
    double *lam = r->v + (t - 1) * r->w + d;
    if (ty->multipliers)
        assert_int_equal(oco_coco_multipliers(a, lam), OCO_OK);
}

static void run(oco_coco *a, env *e, rec *r, size_t from, size_t to)
{
    for (size_t t = from; t <= to; ++t) {
        do_predict(a, e, r, t);
        do_update(a, e, r, t);
    }
}

/* The uninterrupted run. */
static void full_run(const oco_coco_type *ty, const env_cfg *c, const oco_param *p, size_t np,
                     rec *full)
{
    env e;
    env_open(&e, c, ty, 11);
    rec_init(full, &e);
    oco_coco *a = make(ty, &e, p, np);
    run(a, &e, full, 1, c->T);
    oco_coco_free(a);
    env_close(&e);
}

/* Checkpoint after `tsave` complete rounds (and the predict of round
 * tsave+1 if mid), restore into a fresh object with an rng seeded
 * differently, finish; byte-identical to the full run. */
static void check_resume(const oco_coco_type *ty, const env_cfg *c, const rec *full,
                         size_t tsave, int mid)
{
    env e;
    env_open(&e, c, ty, 11);
    rec r;
    rec_init(&r, &e);
    oco_coco *a = make(ty, &e, NULL, 0);
    run(a, &e, &r, 1, tsave);
    if (mid)
        do_predict(a, &e, &r, tsave + 1);
    oco_rng_uniform(&e.rng); /* the caller's rng moved: the state saves where it is */
    const oco_rng saved_rng = e.rng;
    assert_int_equal(oco_coco_save_state(a, g_path), OCO_OK);
    oco_coco_free(a);
    oco_rng_seed(&e.rng, 999, 3); /* a fresh object with another rng state */
    oco_coco *b = make(ty, &e, NULL, 0);
    if (oco_coco_restore_state(b, g_path) != OCO_OK)
        fail_msg("%s: restore at %zu%s: %s", ty->info.name, tsave, mid ? " (mid)" : "",
                 oco_last_error());
    assert_memory_equal(&e.rng, &saved_rng, sizeof saved_rng);
    assert_int_equal(oco_coco_round(b), tsave);
    if (mid || tsave > 0)
        assert_memory_equal(oco_coco_last_x(b), r.v + (mid ? tsave : tsave - 1) * r.w,
                            e.s.d * sizeof(double));
    size_t from = tsave + 1;
    if (mid) {
        do_update(b, &e, &r, tsave + 1);
        from++;
    }
    run(b, &e, &r, from, c->T);
    if (tsave == c->T && !(ty->info.flags & OCO_ALGO_ANYTIME)) {
        double x[16];
        assert_int_equal(oco_coco_predict(b, NULL, x), OCO_ESTATE);
    }
    oco_coco_free(b);
    if (memcmp(r.v, full->v, c->T * r.w * sizeof *r.v) != 0)
        fail_msg("%s: resumed at round %zu%s differs from the uninterrupted run", ty->info.name,
                 tsave, mid ? " (mid-round)" : "");
    free(r.v);
    env_close(&e);
}

/* Save a state of `ty` on config c (params p) after `rounds` rounds to path. */
static void save_foreign(const oco_coco_type *ty, const env_cfg *c, const oco_param *p,
                         size_t np, size_t rounds, const char *path)
{
    env e;
    env_open(&e, c, ty, 11);
    rec r;
    rec_init(&r, &e);
    oco_coco *a = make(ty, &e, p, np);
    run(a, &e, &r, 1, rounds);
    assert_int_equal(oco_coco_save_state(a, path), OCO_OK);
    oco_coco_free(a);
    free(r.v);
    env_close(&e);
}

/* A value for ty's first parameter that is accepted and differs from the
 * default; 0 if none of the candidates is. */
static int other_param(const oco_coco_type *ty, env *e, oco_param *out)
{
    if (ty->info.nparams == 0)
        return 0;
    const double cand[] = {0.75, 0.6, 2.0, 0.0, 1.0, 3.0};
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; ++i) {
        oco_param p = {ty->info.params[0].name, cand[i]};
        if (p.value == ty->info.params[0].default_value)
            continue;
        if (oco_coco_check(ty, &e->s, &p, 1) == OCO_OK) {
            *out = p;
            return 1;
        }
    }
    return 0;
}

static void write_file(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

/* Every refusal lands on one object mid-run at round tr, which then
 * finishes exactly as the uninterrupted run. */
static void check_refusals(const oco_coco_type *ty, const env_cfg *c, const rec *full,
                           size_t tr)
{
    env e;
    env_open(&e, c, ty, 11);
    rec r;
    rec_init(&r, &e);
    oco_coco *a = make(ty, &e, NULL, 0);
    run(a, &e, &r, 1, tr);
    const oco_rng rng_before = e.rng;
    size_t nref = 0;
#define REFUSED(code)                                                                         \
    do {                                                                                      \
        int rc_ = oco_coco_restore_state(a, g_other);                                         \
        if (rc_ != (code))                                                                    \
            fail_msg("%s: restore gave %d, expected %d (%s)", ty->info.name, rc_, (code),     \
                     oco_last_error());                                                       \
        assert_int_equal(oco_coco_round(a), tr);                                              \
        assert_memory_equal(&e.rng, &rng_before, sizeof rng_before);                          \
        nref++;                                                                               \
    } while (0)

    /* another algorithm (on its own usable problem) */
    for (size_t j = 0; j < oco_algo_count(); ++j) {
        const oco_algo_info *o = oco_algo_at(j);
        if (o->protocol != OCO_PROTOCOL_COCO || o == &ty->info)
            continue;
        const oco_coco_type *ot = oco_coco_type_from_info(o);
        env_cfg oc = *c;
        if (ot->needs & OCO_COCO_NEEDS_FIXED) {
            oc.kind = OCO_COCO_PROBLEM_LLP_EXP2;
            oc.d = oc.k = 1;
        } else if (c->kind == OCO_COCO_PROBLEM_LLP_EXP2) {
            oc.kind = OCO_COCO_PROBLEM_LINEAR;
        }
        save_foreign(ot, &oc, NULL, 0, tr, g_other);
        REFUSED(OCO_EINVAL);
    }
    /* another setup: T, domain, G, k, budget */
    env_cfg oc = *c;
    oc.T = c->T + 1;
    save_foreign(ty, &oc, NULL, 0, tr, g_other);
    REFUSED(OCO_EINVAL);
    if (c->kind != OCO_COCO_PROBLEM_LLP_EXP2) {
        oc = *c;
        oc.size = c->size * 2;
        save_foreign(ty, &oc, NULL, 0, tr, g_other);
        REFUSED(OCO_EINVAL);
        oc = *c;
        oc.ball = !c->ball;
        save_foreign(ty, &oc, NULL, 0, tr, g_other);
        REFUSED(OCO_EINVAL);
    }
    oc = *c;
    oc.G_mul = c->G_mul * 2;
    save_foreign(ty, &oc, NULL, 0, tr, g_other);
    REFUSED(OCO_EINVAL);
    if (!(ty->needs & OCO_COCO_NEEDS_FIXED)) {
        oc = *c;
        oc.k = c->k + 1;
        save_foreign(ty, &oc, NULL, 0, tr, g_other);
        REFUSED(OCO_EINVAL);
    }
    if (!(ty->needs & OCO_COCO_ZERO_BUDGET)) {
        oc = *c;
        oc.budget = c->budget + 1;
        save_foreign(ty, &oc, NULL, 0, tr, g_other);
        REFUSED(OCO_EINVAL);
    }
    /* other params */
    oco_param op;
    if (other_param(ty, &e, &op)) {
        save_foreign(ty, c, &op, 1, tr, g_other);
        REFUSED(OCO_EINVAL);
    }
    /* this algorithm's own state, corrupted in one byte, truncated, missing */
    save_foreign(ty, c, NULL, 0, tr, g_path);
    FILE *f = fopen(g_path, "rb");
    assert_non_null(f);
    static unsigned char buf[1 << 20], cb[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 64 && n < sizeof buf);
    const size_t spots[] = {3, n / 3, n / 2, n - 20, n - 1};
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; ++i) {
        memcpy(cb, buf, n);
        cb[spots[i]] ^= 0x10;
        write_file(g_other, cb, n);
        REFUSED(OCO_EINVAL);
    }
    write_file(g_other, buf, n - 5);
    REFUSED(OCO_EINVAL);
    write_file(g_other, buf, n / 2);
    REFUSED(OCO_EINVAL);
    remove(g_other);
    REFUSED(OCO_EIO);
#undef REFUSED
    assert_true(nref >= 15);
    run(a, &e, &r, tr + 1, c->T);
    oco_coco_free(a);
    if (memcmp(r.v, full->v, c->T * r.w * sizeof *r.v) != 0)
        fail_msg("%s: a refused restore changed the run", ty->info.name);
    free(r.v);
    env_close(&e);
}

static void test_every_algorithm(void **st)
{
    (void)st;
    oco_rng pick;
    oco_rng_seed(&pick, 2026, 0);
    const env_cfg quad_ball = {OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS, 3, 2, T, 1, 1.0, 1.0, 2.0};
    const env_cfg quad_box = {OCO_COCO_PROBLEM_QUADRATIC, 3, 2, T, 0, 1.0, 1.0, 2.0};
    const env_cfg resource = {OCO_COCO_PROBLEM_RESOURCE, 3, 2, T, 0, 1.0, 1.0, 2.0};
    const env_cfg pert = {OCO_COCO_PROBLEM_LLP_EXP2, 1, 1, T, 0, 1.0, 1.0, 2.0};
    size_t nalg = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_COCO)
            continue;
        const oco_coco_type *ty = oco_coco_type_from_info(info);
        assert_non_null(ty);
        nalg++;
        const env_cfg *cfgs[3];
        size_t ncfg = 0;
        if (ty->needs & OCO_COCO_NEEDS_FIXED) {
            cfgs[ncfg++] = &pert;
        } else {
            cfgs[ncfg++] = &quad_ball;
            cfgs[ncfg++] = &quad_box;
            cfgs[ncfg++] = &resource; /* binding constraints: λ_t > 0 */
        }
        for (size_t ci = 0; ci < ncfg; ++ci) {
            const env_cfg *c = cfgs[ci];
            rec full;
            full_run(ty, c, NULL, 0, &full);
            /* even, so that a mid-round save falls in a round with predictions
             * (odd rounds): c̃_t and J̃_t of the pending round must survive */
            const size_t tr = 2 * (1 + (size_t)(oco_rng_uniform(&pick) * (double)(c->T / 2 - 2)));
            check_resume(ty, c, &full, 0, 0);
            check_resume(ty, c, &full, 0, 1);
            check_resume(ty, c, &full, tr, 0);
            check_resume(ty, c, &full, tr, 1);
            check_resume(ty, c, &full, c->T - 2, 1);
            check_resume(ty, c, &full, c->T, 0);
            if (ci == 0)
                check_refusals(ty, c, &full, tr);
            free(full.v);
        }
    }
    assert_true(nalg >= 12);
    remove(g_path);
    remove(g_other);
}

/* The wrapper's argument checks. */
static void test_arguments(void **st)
{
    (void)st;
    const env_cfg c = {OCO_COCO_PROBLEM_LINEAR, 2, 1, 5, 0, 1.0, 1.0, 1.0};
    env e;
    env_open(&e, &c, oco_coco_valls, 1);
    oco_coco *a = make(oco_coco_valls, &e, NULL, 0);
    assert_int_equal(oco_coco_save_state(NULL, g_path), OCO_EINVAL);
    assert_int_equal(oco_coco_save_state(a, NULL), OCO_EINVAL);
    assert_int_equal(oco_coco_restore_state(NULL, g_path), OCO_EINVAL);
    assert_int_equal(oco_coco_restore_state(a, NULL), OCO_EINVAL);
    assert_int_equal(oco_coco_save_state(a, "/nonexistent-dir/x/state.bin"), OCO_EIO);
    oco_coco_free(a);
    env_close(&e);
}

int main(void)
{
    snprintf(g_path, sizeof g_path, "/tmp/oco_test_coco_state_%ld.bin", (long)getpid());
    snprintf(g_other, sizeof g_other, "/tmp/oco_test_coco_state_%ld_other.bin", (long)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_algorithm),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
