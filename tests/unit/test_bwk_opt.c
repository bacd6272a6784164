/* The bandits-with-knapsacks benchmark (seed 003 (54); oco_bwk_benchmark_*
 * of include/oco/bwk_problem.h) against two independent oracles:
 *  - the closed form: an LP with 2 rows has a basic optimum with at most two
 *    nonzero entries, so the optimum is the best of the feasible single arms
 *    (C_i <= B: value L_i) and of the pairs i, j with C_i < B < C_j mixed to
 *    consume exactly B (brute force over all pairs);
 *  - GLPK (glpsol) on the same LP.
 * And on instances: the replayed sums, the lower-bound closed form, the
 * infeasible case, bad arguments. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp (glpk_oracle.h) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glpk_oracle.h"
#include "oco/bwk_problem.h"
#include "oco/error.h"
#include "oco/rng.h"

/* min over single arms and pairs (closed form); NAN if infeasible. */
static double brute_force(const double *L, const double *C, size_t K, double B)
{
    double best = INFINITY;
    for (size_t i = 0; i < K; ++i) {
        if (C[i] <= B)
            best = fmin(best, L[i]);
        for (size_t j = 0; j < K; ++j)
            if (C[i] < B && B < C[j]) {
                const double a = (C[j] - B) / (C[j] - C[i]); /* weight of i */
                best = fmin(best, a * L[i] + (1 - a) * L[j]);
            }
    }
    return isfinite(best) ? best : NAN;
}

static int glpk_value(const double *L, const double *C, size_t K, double B, double *v)
{
    int colstart[9], rowind[16];
    double val[16];
    for (size_t i = 0; i < K; ++i) {
        colstart[i] = (int)(2 * i);
        rowind[2 * i] = 0;
        val[2 * i] = 1;
        rowind[2 * i + 1] = 1;
        val[2 * i + 1] = C[i];
    }
    colstart[K] = (int)(2 * K);
    double lo[2] = {1, -INFINITY}, up[2] = {1, B};
    oco_lp_problem lp = {K, 2, 0, L, NULL, NULL, lo, up, colstart, rowind, val};
    return glpk_solve(&lp, v);
}

static void check_solution(const double *L, const double *C, size_t K, double B, const double *p,
                           const oco_bwk_benchmark *b)
{
    double s = 0, v = 0, c = 0;
    size_t nz = 0;
    for (size_t i = 0; i < K; ++i) {
        assert_true(p[i] >= 0);
        s += p[i];
        v += p[i] * L[i];
        c += p[i] * C[i];
        nz += p[i] > 1e-12;
    }
    const double sc = fmax(1, fmax(B, fabs(b->value)));
    assert_true(fabs(s - 1) <= 1e-12);
    assert_true(fabs(v - b->value) <= 1e-12 * sc); /* value = ⟨p*, L⟩ */
    assert_true(fabs(c - b->consumption) <= 1e-12 * sc);
    assert_true(c <= B + 1e-7 * sc);
    assert_true(nz >= 1 && nz <= 2); /* a basic solution of 2 rows */
    assert_string_equal(b->method, "lp");
}

static void test_random_small(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 2024, 0);
    int glpk_runs = 0;
    for (int rep = 0; rep < 300; ++rep) {
        const size_t K = 2 + (size_t)oco_rng_below(&r, 7);
        const double T = rep % 3 == 0 ? 10 : rep % 3 == 1 ? 1000 : 1e6;
        double L[8], C[8], p[8];
        double cmin = INFINITY, cmax = 0;
        for (size_t i = 0; i < K; ++i) {
            L[i] = T * oco_rng_uniform(&r);
            C[i] = rep % 5 == 0 && i == 1 ? 0 : T * oco_rng_uniform(&r); /* a free arm */
            if (rep % 7 == 0 && i == 2)
                C[i] = C[0]; /* ties */
            cmin = fmin(cmin, C[i]);
            cmax = fmax(cmax, C[i]);
        }
        /* budgets below, at, between and above the arms' consumptions */
        const double B = rep % 4 == 0 ? cmin : rep % 4 == 1 ? cmax + 1
                         : oco_rng_uniform_range(&r, cmin, cmax);
        oco_bwk_benchmark b;
        assert_int_equal(oco_bwk_benchmark_from_sums(L, C, K, B, p, &b), OCO_OK);
        const double want = brute_force(L, C, K, B), tol = 1e-9 * fmax(1, T);
        assert_false(isnan(want));
        if (fabs(b.value - want) > tol) {
            fprintf(stderr, "rep %d K %zu B %.17g: lp %.17g brute force %.17g\n", rep, K, B,
                    b.value, want);
            fail();
        }
        check_solution(L, C, K, B, p, &b);
        if (rep % 10 == 0) {
            double g;
            int gr = glpk_value(L, C, K, B, &g);
            if (gr != GLPK_MISSING) {
                assert_int_equal(gr, GLPK_OK);
                assert_true(fabs(g - b.value) <= 1e-7 * fmax(1, T));
                glpk_runs++;
            }
        }
    }
    if (glpk_available())
        assert_true(glpk_runs >= 25);
    else
        fprintf(stderr, "note: glpsol not found, GLPK comparison skipped\n");
}

/* Badly scaled sums: a huge slack budget with tiny losses, and losses far
 * larger than the costs (the LP is scaled per row, bwk_opt.c). */
static void test_scaling(void **st)
{
    (void)st;
    const double L1[3] = {3e-9, 1e-9, 2e-9}, C1[3] = {1, 2, 3};
    double p[3];
    oco_bwk_benchmark b;
    assert_int_equal(oco_bwk_benchmark_from_sums(L1, C1, 3, 1e12, p, &b), OCO_OK);
    assert_true(fabs(p[1] - 1) <= 1e-12 && fabs(b.value - 1e-9) <= 1e-20);
    const double L2[3] = {9e6, 1e6, 5e6}, C2[3] = {1e-3, 4e-3, 2e-3};
    assert_int_equal(oco_bwk_benchmark_from_sums(L2, C2, 3, 3e-3, p, &b), OCO_OK);
    const double want = brute_force(L2, C2, 3, 3e-3);
    assert_true(fabs(b.value - want) <= 1e-9 * want);
    check_solution(L2, C2, 3, 3e-3, p, &b);
}

static void test_infeasible_and_args(void **st)
{
    (void)st;
    const double L[3] = {1, 2, 3}, C[3] = {5, 4, 6};
    double p[3];
    oco_bwk_benchmark b;
    assert_int_equal(oco_bwk_benchmark_from_sums(L, C, 3, 3.999, p, &b), OCO_EINFEASIBLE);
    assert_non_null(strstr(oco_last_error(), "infeasible"));
    assert_non_null(strstr(oco_last_error(), "arm 2"));
    double g;
    int gr = glpk_value(L, C, 3, 3.999, &g);
    if (gr != GLPK_MISSING)
        assert_int_equal(gr, GLPK_INFEASIBLE);
    /* exactly at the cheapest arm: feasible, that arm alone */
    assert_int_equal(oco_bwk_benchmark_from_sums(L, C, 3, 4, p, &b), OCO_OK);
    assert_true(fabs(b.value - 2) <= 1e-12 && fabs(p[1] - 1) <= 1e-12);
    /* a slack budget: the best arm */
    assert_int_equal(oco_bwk_benchmark_from_sums(L, C, 3, 100, NULL, &b), OCO_OK);
    assert_true(fabs(b.value - 1) <= 1e-12);
    const double bad[3] = {1, NAN, 3}, neg[3] = {1, -1, 3};
    assert_int_equal(oco_bwk_benchmark_from_sums(L, C, 3, -1, p, &b), OCO_EINVAL);
    assert_int_equal(oco_bwk_benchmark_from_sums(L, C, 3, INFINITY, p, &b), OCO_EINVAL);
    assert_int_equal(oco_bwk_benchmark_from_sums(bad, C, 3, 1, p, &b), OCO_EINVAL);
    assert_int_equal(oco_bwk_benchmark_from_sums(L, neg, 3, 1, p, &b), OCO_EINVAL);
    assert_int_equal(oco_bwk_benchmark_from_sums(L, C, 0, 1, p, &b), OCO_EINVAL);
    assert_int_equal(oco_bwk_benchmark_from_sums(NULL, C, 3, 1, p, &b), OCO_EINVAL);
}

/* On instances: the benchmark of the replayed sums (summed here, by an
 * independent replay) and, for lower-bound, the closed form: p_1 = min(1,
 * B/T) on arm 1 (consumes 1 per round), value T − p_1·R with R its total
 * reward. */
static void test_instances(void **st)
{
    (void)st;
    const oco_bwk_problem_kind kinds[] = {OCO_BWK_PROBLEM_STOCHASTIC,
                                          OCO_BWK_PROBLEM_ADVERSARIAL};
    for (int k = 0; k < 2; ++k) {
        oco_bwk_problem_opts o = oco_bwk_problem_opts_default();
        o.kind = kinds[k];
        o.K = 4;
        o.T = 5000;
        o.seed = 9;
        oco_bwk_problem *p = oco_bwk_problem_new(&o);
        assert_non_null(p);
        double L[4] = {0}, C[4] = {0}, ps[4];
        for (size_t t = 0; t < o.T; ++t) {
            assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
            for (size_t i = 0; i < 4; ++i) {
                L[i] += oco_bwk_problem_losses(p)[i];
                C[i] += oco_bwk_problem_costs(p)[i];
            }
        }
        double cmin = fmin(fmin(C[0], C[1]), fmin(C[2], C[3]));
        const double B = cmin + 0.3 * (o.T * 0.5 - cmin);
        oco_bwk_benchmark b;
        assert_int_equal(oco_bwk_problem_benchmark(p, B, ps, &b), OCO_OK);
        assert_int_equal(oco_bwk_problem_round(p), 0); /* rewound after */
        assert_true(fabs(b.value - brute_force(L, C, 4, B)) <= 1e-9 * o.T);
        check_solution(L, C, 4, B, ps, &b);
        /* the free arm K: every budget is feasible, B = 0 gives that arm alone */
        assert_true(C[3] == 0);
        assert_int_equal(oco_bwk_problem_benchmark(p, 0, ps, &b), OCO_OK);
        assert_true(fabs(b.value - L[3]) <= 1e-9 * o.T && fabs(ps[3] - 1) <= 1e-9);
        oco_bwk_problem_free(p);
    }
    const size_t Ts[] = {1000, 4096, 77};
    for (int i = 0; i < 3; ++i) {
        oco_bwk_problem_opts o = oco_bwk_problem_opts_default();
        o.kind = OCO_BWK_PROBLEM_LOWER_BOUND;
        o.T = Ts[i];
        o.seed = (uint64_t)i + 4;
        oco_bwk_problem *p = oco_bwk_problem_new(&o);
        size_t n, k;
        assert_int_equal(oco_bwk_problem_lower_bound(p, &n, &k), OCO_OK);
        double R = 0;
        for (size_t t = 1; t <= o.T; ++t) {
            const size_t j = (t - 1) * n / o.T + 1;
            R += j <= k ? ldexp(1.0, (int)j - (int)n) : 0;
        }
        const double budgets[] = {0, (double)o.T / (double)n, 0.5 * (double)o.T, 2.0 * o.T};
        for (int q = 0; q < 4; ++q) {
            oco_bwk_benchmark b;
            double ps[2];
            assert_int_equal(oco_bwk_problem_benchmark(p, budgets[q], ps, &b), OCO_OK);
            const double p1 = fmin(1, budgets[q] / (double)o.T);
            assert_true(fabs(b.value - ((double)o.T - p1 * R)) <= 1e-9 * o.T);
            assert_true(fabs(ps[0] - p1) <= 1e-9);
        }
        oco_bwk_problem_free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_small),
        cmocka_unit_test(test_scaling),
        cmocka_unit_test(test_infeasible_and_args),
        cmocka_unit_test(test_instances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
