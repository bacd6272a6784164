/* Seed 001's Lazy Lagrangians allocate nothing per round (DESIGN.md:
 * "per-round operations allocate nothing") — predict, update and
 * update_oracle, on every supported domain and on both inner paths (the
 * projection and the QP of quadratic predictions / constraints) — and
 * oco_coco_check allocates nothing, accepting or rejecting. The allocator is
 * interposed as in test_oco_alloc.c (skipped under sanitizers/valgrind). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/coco.h"
#include "oco/error.h"
#include "oco/rng.h"

/* ---- allocation counter ------------------------------------------------- */
#include "alloc_count.h"

enum { D = 4, K = 3, NR = 64 };

static int cost_fn(void *ctx, const double *x, double *g, double *value)
{
    double v;
    oco_quad_map_eval(ctx, x, &v, g);
    if (value)
        *value = v;
    return OCO_OK;
}

/* a pool of NR rounds: quadratic cost (m = 1) and constraints (m = K) */
typedef struct pool {
    double fP[D * D], fA[NR * D], gP[K * D * D], gA[NR * K * D], gb[NR * K];
} pool;

static void make_pool(pool *p)
{
    oco_rng r;
    oco_rng_seed(&r, 17, 0);
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < D; ++i)
        p->fP[i * D + i] = 1.0;
    for (size_t j = 0; j < K; ++j)
        for (size_t i = 0; i < D; ++i)
            p->gP[j * D * D + i * D + i] = 0.2 * (double)(j + 1);
    for (size_t i = 0; i < NR * D; ++i)
        p->fA[i] = oco_rng_uniform_range(&r, -1, 1);
    for (size_t i = 0; i < NR * K * D; ++i)
        p->gA[i] = oco_rng_uniform_range(&r, -1, 1);
    for (size_t i = 0; i < NR * K; ++i)
        p->gb[i] = oco_rng_uniform_range(&r, -0.3, 0.2);
}

/* allocations during `rounds` rounds after one warm-up round */
static size_t count(const oco_coco_type *ty, oco_domain *dom, const pool *p, int quad,
                    size_t rounds)
{
    oco_coco_setup s = oco_coco_setup_default();
    s.d = D;
    s.k = K;
    s.domain = dom;
    oco_quad_map fixed = {K, D, quad ? p->gP : NULL, p->gA, p->gb};
    s.fixed_cons = &fixed;
    oco_coco *a = oco_coco_new(ty, &s, NULL, 0);
    if (!a)
        print_message("%s: %s\n", ty->info.name, oco_last_error());
    assert_non_null(a);
    size_t before = 0;
    for (size_t t = 0; t <= rounds; ++t) {
        if (t == 1)
            before = atomic_load(&n_allocs);
        size_t r = t % NR;
        oco_quad_map fm = {1, D, quad ? p->fP : NULL, p->fA + r * D, NULL};
        oco_quad_map gm = {K, D, quad ? p->gP : NULL, p->gA + r * K * D, p->gb + r * K};
        oco_coco_prediction pred = {&fm, &gm, NULL};
        double x[D], grad[D], g[K], J[K * D], v;
        assert_int_equal(oco_coco_predict(a, t % 2 ? &pred : NULL, x), OCO_OK);
        if (ty->update_oracle) {
            oco_grad_oracle co = {cost_fn, &fm, D, 0};
            oco_cons_oracle go = oco_cons_oracle_from_form(&gm);
            oco_coco_feedback fb = {&co, &go};
            assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_OK);
        } else {
            oco_quad_map_eval(&fm, x, &v, grad);
            oco_quad_map_eval(&gm, x, g, J);
            oco_coco_linear fb = {grad, v, g, J};
            assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
        }
        double lam[K];
        assert_int_equal(oco_coco_multipliers(a, lam), OCO_OK);
    }
    size_t n = atomic_load(&n_allocs) - before;
    oco_coco_free(a);
    return n;
}

static void test_rounds_allocate_nothing(void **state)
{
    (void)state;
    SKIP_UNLESS_COUNTING();
    static pool p;
    make_pool(&p);
    const char *names[] = {"llp", "llp-linearized", "llp2", "llp2-linearized", "llp-perturbed"};
    oco_domain *doms[] = {oco_domain_box_uniform(D, -1, 1), oco_domain_ball(D, 1.0),
                          oco_domain_simplex(D)};
    for (size_t i = 0; i < 5; ++i)
        for (size_t j = 0; j < 3; ++j)
            for (int quad = 0; quad < 2; ++quad) {
                const oco_coco_type *ty = oco_coco_find(names[i]);
                assert_non_null(ty);
                size_t n = count(ty, doms[j], &p, quad, 300);
                if (n)
                    fail_msg("%s, domain %zu, quad %d: %zu allocations in 300 rounds", names[i],
                             j, quad, n);
            }
    for (size_t j = 0; j < 3; ++j)
        oco_domain_free(doms[j]);
}

static void test_check_allocates_nothing(void **state)
{
    (void)state;
    SKIP_UNLESS_COUNTING();
    oco_domain *dom = oco_domain_box_uniform(D, -1, 1);
    oco_coco_setup s = oco_coco_setup_default();
    s.d = D;
    s.k = K;
    s.domain = dom;
    const oco_param bad[] = {{"beta", 2}, {"sigma", -1}, {"E_bar", -1}, {"beta", 0.5}};
    size_t before = atomic_load(&n_allocs);
    for (size_t i = 0; i < 4; ++i)
        assert_int_equal(oco_coco_check(oco_coco_llp, &s, &bad[i], 1), i < 3 ? OCO_EINVAL : OCO_OK);
    assert_int_equal(oco_coco_check(oco_coco_llp2_linearized, &s, NULL, 0), OCO_OK);
    assert_int_equal(atomic_load(&n_allocs) - before, 0);
    oco_domain_free(dom);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rounds_allocate_nothing),
        cmocka_unit_test(test_check_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
