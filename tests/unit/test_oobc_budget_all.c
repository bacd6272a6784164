/* The strict budget of seed 000 (§2.1: Σ_t g(x_t) <= B, never exceeded) for
 * EVERY registered OOBC policy that needs no trained model (those with
 * OCO_OOBC_NEEDS_MODEL are covered by the laau tests), so a new baseline is
 * covered as soon as it is in the registry:
 *   - >= 10^4 random episodes on the hand-built fairness class (N = 20),
 *     plus N = 1, 2, 7 and budget edge cases (B = N·x_min exactly, just above,
 *     far above 40N) and context regimes (U[0,1], with zeros, heavy U[0,5],
 *     constant, one spike);
 *   - 1000 episodes on the general class quad2 (M = 2, no closed
 *     form; single-budget types skipped);
 *   - the built-in classes of src/problems/ (fairness, multi-budget) the same
 *     way, fewer episodes;
 * every decision must succeed (the wrapper's own check would fail the step
 * with OCO_ESOLVER), lie in the box, and the use summed HERE must stay
 * within B (relative slack 1e-9, the budget_exceeded tolerance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/algo.h"
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_problem.h"
#include "oco/rng.h"
#include "oobc_test_classes.h"

#define NMAX 40
#define DMAX 8 /* d, M, p */

/* Episode contexts of one of five regimes. */
static void contexts(oco_rng *r, const oco_oobc_class *k, size_t N, double *c)
{
    const int regime = (int)oco_rng_below(r, 5);
    const double cst = oco_rng_uniform(r);
    const size_t spike = (size_t)oco_rng_below(r, N);
    for (size_t t = 0; t < N; ++t)
        for (size_t j = 0; j < k->p; ++j) {
            double v;
            switch (regime) {
            case 0: v = oco_rng_uniform(r); break;
            case 1: v = oco_rng_below(r, 3) == 0 ? 0.0 : oco_rng_uniform(r); break;
            case 2: v = oco_rng_uniform_range(r, 0, 5); break;
            case 3: v = cst; break;
            default: v = t == spike ? 50.0 : 0.01 * oco_rng_uniform(r); break;
            }
            c[t * k->p + j] = v;
        }
}

/* Budgets: mostly the class's range, sometimes an edge. */
static void budgets(oco_rng *r, const oco_oobc_class *k, size_t N, double *B)
{
    const int e = (int)oco_rng_below(r, 20);
    for (size_t m = 0; m < k->M; ++m) {
        /* the least budget begin accepts (> 0 even with no reserve) */
        const double need = k->reserve[m] > 0 ? (double)N * k->reserve[m]
                                              : 1e-6 * (double)N * k->budget_lo[m];
        switch (e) {
        case 0: B[m] = need; break;                      /* nothing beyond the reserve */
        case 1: B[m] = need * (1 + 1e-12) + 1e-300; break; /* just above */
        case 2: B[m] = (double)N * 100.0 * k->budget_hi[m]; break; /* slack */
        default:
            B[m] = (double)N * oco_rng_uniform_range(r, k->budget_lo[m], k->budget_hi[m]);
        }
    }
}

static void run_type(const oco_oobc_type *ty, const oco_oobc_class *k, size_t N, size_t episodes,
                     uint64_t seed)
{
    oco_oobc_data *tr = tc_data(k, 100, N, seed + 1000);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = k;
    s.N = N;
    s.train = tr;
    oco_oobc *a = oco_oobc_new(ty, &s, NULL, 0);
    if (!a)
        print_error("%s on %s: %s\n", ty->info.name, k->name, oco_last_error());
    assert_non_null(a);
    oco_rng r;
    oco_rng_seed(&r, seed, 0);
    double B[DMAX], c[NMAX * DMAX], x[DMAX], g[DMAX], used[DMAX];
    double worst = -INFINITY; /* max over episodes and m of (Σ g − B)/B */
    for (size_t i = 0; i < episodes; ++i) {
        budgets(&r, k, N, B);
        contexts(&r, k, N, c);
        assert_int_equal(oco_oobc_begin(a, B), 0);
        memset(used, 0, sizeof used);
        for (size_t t = 0; t < N; ++t) {
            const int rc = oco_oobc_decide(a, c + t * k->p, x);
            if (rc)
                print_error("%s on %s, N = %zu, episode %zu, step %zu (B_1 = %.17g, c_1 = "
                            "%.17g): %s\n",
                            ty->info.name, k->name, N, i, t + 1, B[0], c[t * k->p],
                            oco_last_error());
            if (rc && getenv("OOBC_DEBUG")) {
                double lam[DMAX];
                oco_oobc_multiplier(a, lam);
                for (size_t j = 0; j < k->p; ++j)
                    print_error("c[%zu] = %.17g\n", j, c[t * k->p + j]);
                for (size_t m = 0; m < k->M; ++m)
                    print_error("lam[%zu] = %.17g b[%zu] = %.17g\n", m, lam[m], m,
                                oco_oobc_remaining(a)[m]);
            }
            assert_int_equal(rc, 0);
            for (size_t j = 0; j < k->d; ++j)
                assert_true(x[j] >= k->lo[j] && x[j] <= k->hi[j]);
            assert_int_equal(k->use(k, c + t * k->p, x, g, NULL, NULL), 0);
            for (size_t m = 0; m < k->M; ++m)
                used[m] += g[m];
        }
        for (size_t m = 0; m < k->M; ++m) {
            const double rel = (used[m] - B[m]) / B[m];
            worst = fmax(worst, rel);
            if (!(rel <= 1e-9))
                print_error("%s on %s: episode %zu uses %.17g of budget %.17g\n", ty->info.name,
                            k->name, i, used[m], B[m]);
            assert_true(rel <= 1e-9);
        }
    }
    print_message("%-11s %-8s N = %2zu: %6zu episodes, max (use - B)/B = %.3g\n", ty->info.name,
                  k->name, N, episodes, worst);
    oco_oobc_free(a);
    oco_oobc_data_free(tr);
}

static void test_all_fairness(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    size_t covered = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OOBC)
            continue;
        const oco_oobc_type *ty = oco_oobc_type_from_info(info);
        assert_non_null(ty);
        if (ty->needs & OCO_OOBC_NEEDS_MODEL)
            continue;
        run_type(ty, &k, 20, 10000, 100 + i);
        run_type(ty, &k, 1, 300, 200 + i);
        run_type(ty, &k, 2, 300, 300 + i);
        run_type(ty, &k, 7, 300, 400 + i);
        ++covered;
    }
    assert_true(covered >= 5); /* equal, avg-lt, dgd, mw, cr-pursuit at least */
}

static void test_all_general(void **st)
{
    (void)st;
    oco_oobc_class k = tc_quad();
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OOBC)
            continue;
        const oco_oobc_type *ty = oco_oobc_type_from_info(info);
        if (ty->needs & (OCO_OOBC_NEEDS_MODEL | OCO_OOBC_SINGLE_BUDGET))
            continue;
        run_type(ty, &k, 6, 1000, 500 + i);
    }
}

static void test_all_builtin(void **st)
{
    (void)st;
    const char *names[2] = {"fairness", "multi-budget"};
    for (int q = 0; q < 2; ++q) {
        oco_oobc_class *k = oco_oobc_class_new(names[q], NULL);
        assert_non_null(k);
        assert_true(k->d <= DMAX && k->M <= DMAX && k->p <= DMAX);
        for (size_t i = 0; i < oco_algo_count(); ++i) {
            const oco_algo_info *info = oco_algo_at(i);
            if (info->protocol != OCO_PROTOCOL_OOBC)
                continue;
            const oco_oobc_type *ty = oco_oobc_type_from_info(info);
            if ((ty->needs & OCO_OOBC_NEEDS_MODEL) ||
                ((ty->needs & OCO_OOBC_SINGLE_BUDGET) && (k->M != 1 || k->d != 1)))
                continue;
            if (q == 0)
                run_type(ty, k, 20, 2000, 600 + i);
            else {
                run_type(ty, k, 5, 1000, 700 + i);
                run_type(ty, k, 20, 100, 800 + i);
            }
        }
        oco_oobc_class_free(k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_fairness),
        cmocka_unit_test(test_all_general),
        cmocka_unit_test(test_all_builtin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
