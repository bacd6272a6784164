/* The OOBC baselines of seed 000 Appendix C.2 (olp_laau.md §2.5) against
 * independent references, on the hand-built classes of oobc_test_classes.h:
 *   Equal     x_t = B/N on fairness; within the share B/N on quad2;
 *   DGD/MW    first steps computed by hand (including a budget-active step,
 *             whose dual update uses x̃, not x); constant contexts with
 *             λ_1 = c/ρ give the equal split (= OPT for constant c);
 *             eta0 = 0 is the fixed-price policy min(clip(c/λ_1), b̃);
 *   AVG-LT    λ_P against the water level of the pooled sample (the
 *             sample-average equation is a water-filling of all n·N jobs
 *             with budget Σ_i B_i), and the mean use recomputed here;
 *             λ_P = 0 when the use at λ = 0 is within; quad2 (M = 2): the
 *             complementarity residual recomputed with an independent
 *             projected-gradient solver of the budget-free QP;
 *   CR-Pursuit OPT(t) by an independent bisection, the rule's decisions
 *             recomputed, π = 1 with a huge budget, the fitted π >= 1
 *             leaves every training episode inventory before step N and is
 *             tight, the class check;
 *   no allocation in begin/decide. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "oco/error.h"
#include "algorithms/oobc/baseline.h"
#include "oco/oobc.h"
#include "oco/oobc_problem.h"
#include "oco/rng.h"
#include "oobc_test_classes.h"

#define assert_near(x, ref, tol)                                                               \
    do {                                                                                       \
        double x_ = (x), r_ = (ref);                                                           \
        if (!(fabs(x_ - r_) <= (tol))) {                                                       \
            print_error("%s = %.17g, expected %.17g (tol %g)\n", #x, x_, r_, (double)(tol));   \
            fail();                                                                            \
        }                                                                                      \
    } while (0)

static double clip(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

static oco_oobc *mk(const oco_oobc_type *ty, const oco_oobc_class *cls, size_t N,
                    const oco_oobc_data *train, const oco_param *p, size_t np)
{
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = cls;
    s.N = N;
    s.train = train;
    oco_oobc *a = oco_oobc_new(ty, &s, p, np);
    if (!a)
        print_error("%s: %s\n", ty->info.name, oco_last_error());
    assert_non_null(a);
    return a;
}

/* One episode through the wrapper; x[N·d]. */
static void play(oco_oobc *a, const double *B, const double *c, size_t N, size_t p, size_t d,
                 double *x)
{
    assert_int_equal(oco_oobc_begin(a, B), 0);
    for (size_t t = 0; t < N; ++t) {
        int rc = oco_oobc_decide(a, c + t * p, x + t * d);
        if (rc)
            print_error("step %zu: %s\n", t + 1, oco_last_error());
        assert_int_equal(rc, 0);
    }
}

/* ---- Equal ------------------------------------------------------------------ */
static void test_equal_fairness(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    oco_rng r;
    oco_rng_seed(&r, 11, 0);
    for (size_t N = 1; N <= 40; N += 13) {
        oco_oobc *a = mk(oco_oobc_equal, &k, N, NULL, NULL, 0);
        double c[40], x[40];
        for (int rep = 0; rep < 20; ++rep) {
            const double B = (double)N * oco_rng_uniform_range(&r, 10, 15);
            for (size_t t = 0; t < N; ++t)
                c[t] = oco_rng_uniform(&r);
            play(a, &B, c, N, 1, 1, x);
            for (size_t t = 0; t < N; ++t)
                assert_near(x[t], B / (double)N, 1e-12 * B);
        }
        oco_oobc_free(a);
    }
}

static void test_equal_quad(void **st)
{
    (void)st;
    oco_oobc_class k = tc_quad();
    const size_t N = 6;
    oco_oobc_data *dd = tc_data(&k, 20, N, 3);
    oco_oobc *a = mk(oco_oobc_equal, &k, N, NULL, NULL, 0);
    for (size_t i = 0; i < dd->n; ++i) {
        const double *B = dd->B + 2 * i;
        double x[12], g[2];
        play(a, B, dd->c + i * N * 2, N, 2, 2, x);
        for (size_t t = 0; t < N; ++t) {
            tcq_use(&k, NULL, x + 2 * t, g, NULL, NULL);
            for (size_t m = 0; m < 2; ++m)
                assert_true(g[m] <= B[m] / (double)N * (1 + 1e-12));
        }
    }
    oco_oobc_free(a);
    oco_oobc_data_free(dd);
}

/* ---- DGD / MW ------------------------------------------------------------------ */
/* Fairness, N = 4, B = 40: ρ = 10, λ_1 = cbar/ρ = 0.05 (cbar 0.5), η = eta0/2.
 * eta0 = 0.02 (η = 0.01).
 * t=1 c=2:    x̃ = clip(2/0.05) = 40; b̃_1 = 40 − 3 = 37 < 40: x_1 = layer(λ,37) = 37;
 *             g = ρ − x̃ = −30 (x̃, not x):  DGD λ_2 = 0.05 + 0.3 = 0.35,
 *                                          MW  λ_2 = 0.05·e^{0.3}
 * t=2 c=0.5:  b = 3, b̃_2 = 3 − 2 = 1: x̃ = clip(0.5/λ_2) >= 1: x_2 = 1 (budget);
 *             DGD: x̃ = 1/0.7 -> clip 1.428..., g = 10 − 1.4286, λ_3 = 0.35 − 0.01·g
 * t=3 c=0.3:  b̃_3 = 2 − 1 = 1: x_3 = 1
 * t=4:        x_4 = layer(0, b̃_4 = 1) = 1. */
static void test_dmd_by_hand(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const double B = 40, c[4] = {2, 0.5, 0.3, 0.9};
    const oco_param p[] = {{"eta0", 0.02}};
    for (int mw = 0; mw < 2; ++mw) {
        oco_oobc *a = mk(mw ? oco_oobc_mw : oco_oobc_dgd, &k, 4, NULL, p, 1);
        double x, lam;
        assert_int_equal(oco_oobc_begin(a, &B), 0);
        assert_int_equal(oco_oobc_decide(a, &c[0], &x), 0);
        assert_int_equal(oco_oobc_multiplier(a, &lam), 0);
        assert_near(lam, 0.05, 1e-15);
        assert_near(x, 37, 1e-12);
        assert_int_equal(oco_oobc_decide(a, &c[1], &x), 0);
        assert_int_equal(oco_oobc_multiplier(a, &lam), 0);
        const double lam2 = mw ? 0.05 * exp(0.3) : 0.35;
        assert_near(lam, lam2, 1e-14);
        assert_near(x, 1, 1e-12);
        assert_int_equal(oco_oobc_decide(a, &c[2], &x), 0);
        assert_int_equal(oco_oobc_multiplier(a, &lam), 0);
        const double xt2 = clip(0.5 / lam2, 1, 40);
        const double lam3 = mw ? lam2 * exp(-0.01 * (10 - xt2)) : lam2 - 0.01 * (10 - xt2);
        assert_near(lam, lam3, 1e-14);
        assert_near(x, 1, 1e-12);
        assert_int_equal(oco_oobc_decide(a, &c[3], &x), 0);
        assert_near(x, 1, 1e-12);
        assert_near(oco_oobc_remaining(a)[0], 0, 1e-12);
        oco_oobc_free(a);
    }
}

/* Interior steps: N = 3, B = 36 (ρ = 12), λ_1 = 1/24, eta0 = √3·0.01 (η = 0.01).
 * t=1 c=0.9: x̃ = 21.6 fits b̃ = 34: x_1 = 21.6, g = −9.6: DGD λ_2 = 1/24 + 0.096,
 *            MW λ_2 = e^{0.096}/24;  t=2 c=0.5: x_2 = 0.5/λ_2 (fits b̃ = 36 − 21.6 − 1). */
static void test_dmd_interior_by_hand(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const double B = 36, c[3] = {0.9, 0.5, 0.7};
    const oco_param p[] = {{"eta0", sqrt(3.0) * 0.01}};
    for (int mw = 0; mw < 2; ++mw) {
        oco_oobc *a = mk(mw ? oco_oobc_mw : oco_oobc_dgd, &k, 3, NULL, p, 1);
        double x[3];
        play(a, &B, c, 3, 1, 1, x);
        assert_near(x[0], 21.6, 1e-12);
        const double lam2 = mw ? exp(0.096) / 24 : 1.0 / 24 + 0.096;
        assert_near(x[1], 0.5 / lam2, 1e-10);
        assert_near(x[2], fmin(40, 36 - 21.6 - 0.5 / lam2), 1e-10); /* spend what is left */
        oco_oobc_free(a);
    }
}

/* Constant c and λ_1 = c/ρ: x̃ = ρ every step, g_t = 0, λ constant: the equal
 * split, which is OPT for constant contexts (§2.6); with any eta0. */
static void test_dmd_constant_equal_split(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const size_t N = 20;
    double c[20], x[20];
    for (size_t t = 0; t < N; ++t)
        c[t] = 0.7;
    for (int mw = 0; mw < 2; ++mw)
        for (int e = 0; e < 2; ++e) {
            const oco_param p[] = {{"cbar", 0.7}, {"eta0", e ? 3.0 : 0.0}};
            oco_oobc *a = mk(mw ? oco_oobc_mw : oco_oobc_dgd, &k, N, NULL, p, 2);
            const double B = 13.3 * (double)N;
            play(a, &B, c, N, 1, 1, x);
            for (size_t t = 0; t < N; ++t)
                assert_near(x[t], 13.3, 1e-9);
            oco_oobc_free(a);
        }
}

/* eta0 = 0: the fixed price λ_1: x_t = min(clip(c_t/λ_1, 1, 40), b̃_t) for
 * t < N and x_N = min(40, b̃_N). */
static void test_dmd_eta0_fixed_price(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const size_t N = 20;
    oco_oobc_data *dd = tc_data(&k, 200, N, 5);
    for (int mw = 0; mw < 2; ++mw) {
        const oco_param p[] = {{"eta0", 0.0}, {"lambda1", 0.04}};
        oco_oobc *a = mk(mw ? oco_oobc_mw : oco_oobc_dgd, &k, N, NULL, p, 2);
        for (size_t i = 0; i < dd->n; ++i) {
            double x[20], b = dd->B[i];
            const double *c = dd->c + i * N;
            play(a, &dd->B[i], c, N, 1, 1, x);
            for (size_t t = 0; t < N; ++t) {
                const double be = b - (double)(N - 1 - t);
                const double ref = t + 1 < N ? fmin(clip(c[t] / 0.04, 1, 40), be) : fmin(40, be);
                assert_near(x[t], ref, 1e-12 * dd->B[i]);
                b -= x[t];
            }
        }
        oco_oobc_free(a);
    }
    oco_oobc_data_free(dd);
}

static void test_dmd_params(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = &k;
    s.N = 5;
    const oco_param bad1[] = {{"lambda1", 0.0}}, bad2[] = {{"eta0", -1}}, ok[] = {{"lambda1", 0}};
    assert_int_equal(oco_oobc_check(oco_oobc_mw, &s, bad1, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "lambda1"));
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, bad2, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "eta0"));
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, ok, 1), 0);
}

/* ---- AVG-LT ---------------------------------------------------------------------- */
static void test_avg_lt_fairness(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const size_t N = 20, n = 300;
    oco_oobc_data *tr = tc_data(&k, n, N, 7);
    oco_oobc *a = mk(oco_oobc_avg_lt, &k, N, tr, NULL, 0);
    double lam;
    assert_int_equal(oco_oobc_multiplier(a, &lam), 0);
    /* the sample-average use, recomputed */
    double u = 0, Bbar = 0;
    for (size_t i = 0; i < n; ++i) {
        Bbar += tr->B[i] / (double)n;
        for (size_t t = 0; t < N; ++t) {
            const double c = tr->c[i * N + t];
            u += (c > 0 ? clip(c / lam, 1, 40) : 1.0) / (double)n;
        }
    }
    print_message("avg-lt: lambda_P = %.10g, mean use %.10g, mean budget %.10g\n", lam, u, Bbar);
    assert_true(lam > 0);
    assert_near(u, Bbar, 1e-7 * Bbar);
    /* independent: the water level of all n·N jobs with budget Σ B_i */
    double *x = malloc(n * N * sizeof *x), level;
    oco__fair_event *w = malloc(2 * n * N * sizeof *w);
    assert_int_equal(oco__fair_waterfill(n * N, tr->c, Bbar * (double)n, 1, 40, x, &level, w), 0);
    assert_near(lam, level, 1e-6 * level);
    free(x);
    free(w);
    /* the decisions: min(clip(c/λ_P), b̃) */
    for (size_t i = 0; i < 30; ++i) {
        double xs[20], b = tr->B[i];
        const double *c = tr->c + i * N;
        play(a, &tr->B[i], c, N, 1, 1, xs);
        for (size_t t = 0; t < N; ++t) {
            const double be = b - (double)(N - 1 - t);
            const double xt = c[t] > 0 ? clip(c[t] / lam, 1, 40) : 1.0;
            assert_near(xs[t], fmin(xt, be), 1e-12 * tr->B[i]);
            b -= xs[t];
        }
    }
    oco_oobc_free(a);
    /* a budget so large that λ = 0 is within: λ_P = 0, x = min(40, b̃) */
    for (size_t i = 0; i < n; ++i)
        tr->B[i] = 41.0 * (double)N;
    a = mk(oco_oobc_avg_lt, &k, N, tr, NULL, 0);
    assert_int_equal(oco_oobc_multiplier(a, &lam), 0);
    assert_true(lam == 0);
    oco_oobc_free(a);
    oco_oobc_data_free(tr);
}

/* quad2's budget-free layer min ½(x−3c)ᵀQ(x−3c) + λᵀg(x) over the box, by
 * projected gradient (independent of the interior-point solver). */
static void quad_free(const double *c, const double *lam, double *x)
{
    const double H[4] = {tcq_Q[0] + lam[1] * tcq_k, tcq_Q[1], tcq_Q[2], tcq_Q[3] + lam[1] * tcq_k};
    const double L = 0.5 * (H[0] + H[3]) +
                     sqrt(0.25 * (H[0] - H[3]) * (H[0] - H[3]) + H[1] * H[1]);
    x[0] = x[1] = 1;
    for (int it = 0; it < 20000; ++it) {
        double gr[2], g0[2];
        tcq_loss(NULL, c, x, &(double){0}, gr, NULL);
        g0[0] = gr[0] + lam[0] * tcq_a[0] + lam[1] * (tcq_k * x[0] + tcq_e[0]);
        g0[1] = gr[1] + lam[0] * tcq_a[1] + lam[1] * (tcq_k * x[1] + tcq_e[1]);
        for (int j = 0; j < 2; ++j)
            x[j] = clip(x[j] - g0[j] / L, tcq_lo[j], tcq_hi[j]);
    }
}

static void test_avg_lt_quad(void **st)
{
    (void)st;
    oco_oobc_class k = tc_quad();
    const size_t N = 5, n = 12;
    oco_oobc_data *tr = tc_data(&k, n, N, 9);
    oco_oobc *a = mk(oco_oobc_avg_lt, &k, N, tr, NULL, 0);
    double lam[2];
    assert_int_equal(oco_oobc_multiplier(a, lam), 0);
    double u[2] = {0, 0}, Bb[2] = {0, 0};
    for (size_t i = 0; i < n; ++i) {
        for (int m = 0; m < 2; ++m)
            Bb[m] += tr->B[2 * i + m] / (double)n;
        for (size_t t = 0; t < N; ++t) {
            double x[2], g[2];
            quad_free(tr->c + (i * N + t) * 2, lam, x);
            tcq_use(&k, NULL, x, g, NULL, NULL);
            for (int m = 0; m < 2; ++m)
                u[m] += g[m] / (double)n;
        }
    }
    print_message("avg-lt quad2: lambda = (%.6g, %.6g), use (%.8g, %.8g), budget (%.8g, %.8g)\n",
                  lam[0], lam[1], u[0], u[1], Bb[0], Bb[1]);
    for (int m = 0; m < 2; ++m) {
        assert_true(lam[m] >= 0);
        /* complementarity: within the mean budget, tight where priced */
        assert_true(u[m] <= Bb[m] * (1 + 1e-5));
        if (lam[m] > 0)
            assert_near(u[m], Bb[m], 1e-5 * Bb[m]);
    }
    assert_true(lam[0] > 0 || lam[1] > 0); /* the budgets bind on this data */
    oco_oobc_free(a);
    oco_oobc_data_free(tr);
}

/* ---- CR-Pursuit -------------------------------------------------------------------- */
/* OPT(t) = max Σ_{s<=t} c_s log(x_s) s.t. Σ x_s <= S, x ∈ [1, 40], by
 * bisection on the water level (independent of the sort-based solver). */
static double opt_bisect(const double *c, size_t t, double S)
{
    double sum40 = 0;
    for (size_t s = 0; s < t; ++s)
        sum40 += c[s] > 0 ? 40 : 1;
    double lam = 0;
    if (sum40 > S) {
        double lo = 0, hi = 1e6;
        for (int it = 0; it < 300; ++it) {
            const double mid = 0.5 * (lo + hi);
            double sm = 0;
            for (size_t s = 0; s < t; ++s)
                sm += c[s] > 0 ? clip(c[s] / mid, 1, 40) : 1;
            if (sm > S)
                lo = mid;
            else
                hi = mid;
        }
        lam = hi;
    }
    double v = 0;
    for (size_t s = 0; s < t; ++s)
        if (c[s] > 0)
            v += c[s] * log(lam > 0 ? clip(c[s] / lam, 1, 40) : 40);
    return v;
}

static void test_crp_rule(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const size_t N = 12;
    oco_oobc_data *dd = tc_data(&k, 40, N, 13);
    const double pi = 1.7;
    const oco_param p[] = {{"pi", pi}};
    oco_oobc *a = mk(oco_oobc_cr_pursuit, &k, N, dd, p, 1);
    double got;
    assert_int_equal(oco_oobc_multiplier(a, &got), 0);
    assert_true(got == pi);
    for (size_t i = 0; i < dd->n; ++i) {
        const double *c = dd->c + i * N;
        const double B = dd->B[i], Delta = B - (double)N;
        double x[12], rem = Delta, prev = 0;
        play(a, &B, c, N, 1, 1, x);
        for (size_t t = 0; t < N; ++t) {
            const double opt = opt_bisect(c, t + 1, Delta + (double)(t + 1));
            const double D = opt - prev;
            prev = opt;
            assert_true(D >= -1e-9);
            double v = c[t] > 0 ? expm1(D / (pi * c[t])) : 0;
            v = clip(v, 0, fmin(39, rem));
            assert_near(x[t], 1 + v, 1e-7);
            rem -= x[t] - 1;
        }
    }
    oco_oobc_free(a);
    oco_oobc_data_free(dd);
}

static void test_crp_huge_budget_pi1(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const size_t N = 10;
    oco_oobc_data *dd = tc_data(&k, 50, N, 17);
    for (size_t i = 0; i < dd->n; ++i)
        dd->B[i] = 40.0 * (double)N; /* Δ = 39N: every job can have x_max */
    oco_oobc *a = mk(oco_oobc_cr_pursuit, &k, N, dd, NULL, 0);
    double pi, x[10];
    assert_int_equal(oco_oobc_multiplier(a, &pi), 0);
    assert_true(pi == 1.0);
    play(a, &dd->B[0], dd->c, N, 1, 1, x);
    for (size_t t = 0; t < N; ++t) /* OPT increment c·log 40 at π = 1: x = 40 */
        assert_near(x[t], dd->c[t] > 0 ? 40.0 : 1.0, 1e-9);
    oco_oobc_free(a);
    oco_oobc_data_free(dd);
}

/* The inventory left before the last step, for every training episode at π. */
static double min_left(const oco_oobc_class *k, const oco_oobc_data *dd, size_t N, double pi)
{
    const oco_param p[] = {{"pi", pi}};
    oco_oobc *a = mk(oco_oobc_cr_pursuit, k, N, dd, p, 1);
    double worst = INFINITY, x;
    for (size_t i = 0; i < dd->n; ++i) {
        assert_int_equal(oco_oobc_begin(a, &dd->B[i]), 0);
        for (size_t t = 0; t + 1 < N; ++t)
            assert_int_equal(oco_oobc_decide(a, dd->c + i * N + t, &x), 0);
        const double Delta = dd->B[i] - (double)N;
        /* b before step N, minus the x_min the last job keeps */
        worst = fmin(worst, (oco_oobc_remaining(a)[0] - 1.0) / Delta);
    }
    oco_oobc_free(a);
    return worst;
}

static void test_crp_fitted_pi(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    const size_t Ns[3] = {10, 20, 40};
    for (int q = 0; q < 3; ++q) {
        const size_t N = Ns[q];
        oco_oobc_data *dd = tc_data(&k, 200, N, 19 + (uint64_t)q);
        oco_oobc *a = mk(oco_oobc_cr_pursuit, &k, N, dd, NULL, 0);
        double pi;
        assert_int_equal(oco_oobc_multiplier(a, &pi), 0);
        oco_oobc_free(a);
        const double left = min_left(&k, dd, N, pi);
        const double left_less = min_left(&k, dd, N, fmax(1.0, pi * (1 - 1e-6)));
        print_message("cr-pursuit N = %zu: fitted pi = %.9g, least inventory left before step N "
                      "%.3g (at pi(1 - 1e-6): %.3g)\n",
                      N, pi, left, left_less);
        assert_true(pi >= 1);
        assert_true(left > 1e-12);
        if (pi > 1)
            assert_true(left_less < 1e-6); /* tight: a slightly smaller π exhausts */
        oco_oobc_data_free(dd);
    }
}

static void test_crp_class_check(void **st)
{
    (void)st;
    oco_oobc_class q = tc_quad(), f = tc_fair(1);
    f.name = "fairness-copy";
    oco_oobc_data *dq = tc_data(&q, 3, 4, 1), *df = tc_data(&f, 3, 4, 1);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = &q;
    s.N = 4;
    s.train = dq;
    assert_int_equal(oco_oobc_check(oco_oobc_cr_pursuit, &s, NULL, 0), OCO_EINVAL);
    s.cls = &f;
    s.train = df;
    assert_int_equal(oco_oobc_check(oco_oobc_cr_pursuit, &s, NULL, 0), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "fairness"));
    assert_null(oco_oobc_new(oco_oobc_cr_pursuit, &s, NULL, 0));
    const oco_param bad[] = {{"pi", 0.5}};
    f.name = "fairness";
    assert_int_equal(oco_oobc_check(oco_oobc_cr_pursuit, &s, bad, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "pi"));
    oco_oobc_data_free(dq);
    oco_oobc_data_free(df);
}

/* ---- the exhausted-resource guard (baseline.h) --------------------------------------- */
static void test_exhausted_guard(void **st)
{
    (void)st;
    oco_oobc_class *k = oco_oobc_class_new("multi-budget", NULL); /* x_safe = 0, g(0) = 0 */
    assert_non_null(k);
    oco__oobc_lws *w = oco__oobc_lws_new(k);
    double c[4] = {0.5, 0.2, 0.9, 0.4}, lam[2] = {0.05, 0.1}, x[4], g[2], gs[2];
    const double B[2] = {100, 20};
    /* resource 2 has 1e-22 left: only x_safe fits; the guard answers x_safe, where
     * the interior-point layer alone may fail (no Slater point) */
    double b[2] = {30, 1e-22};
    assert_int_equal(oco__oobc_base_solve(w, k, c, lam, b, B, gs, x), 0);
    for (size_t j = 0; j < k->d; ++j)
        assert_true(x[j] == k->x_safe[j]);
    /* room on both: the layer's decision, within b and not x_safe */
    b[1] = 2;
    assert_int_equal(oco__oobc_base_solve(w, k, c, lam, b, B, gs, x), 0);
    assert_int_equal(k->use(k, c, x, g, NULL, NULL), 0);
    assert_true(g[0] <= b[0] && g[1] <= b[1] && g[1] > 1);
    /* budget-free: straight to the layer */
    const double inf[2] = {INFINITY, INFINITY};
    assert_int_equal(oco__oobc_base_solve(w, k, c, lam, inf, B, gs, x), 0);
    assert_true(x[0] > 0);
    oco__oobc_lws_free(w);
    oco_oobc_class_free(k);
}

/* ---- no allocation per episode or step ------------------------------------------------ */
static void test_no_alloc(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    const oco_oobc_type *types[] = {oco_oobc_equal, oco_oobc_avg_lt, oco_oobc_dgd, oco_oobc_mw,
                                    oco_oobc_cr_pursuit};
    for (int cl = 0; cl < 2; ++cl) {
        oco_oobc_class k = cl ? tc_quad() : tc_fair(1);
        const size_t N = cl ? 5 : 20; /* fairness: 2N·16 B of breakpoints < glibc qsort's 1 KiB */
        oco_oobc_data *dd = tc_data(&k, 8, N, 23);
        for (size_t ty = 0; ty < 5; ++ty) {
            if (cl && ty == 4)
                continue;
            oco_oobc *a = mk(types[ty], &k, N, dd, NULL, 0);
            double x[2];
            const size_t a0 = atomic_load(&n_allocs), o0 = atomic_load(&n_allocs_own);
            for (size_t i = 0; i < dd->n; ++i) {
                assert_int_equal(oco_oobc_begin(a, dd->B + i * k.M), 0);
                for (size_t t = 0; t < N; ++t)
                    assert_int_equal(oco_oobc_decide(a, dd->c + (i * N + t) * k.p, x), 0);
            }
            const size_t all = atomic_load(&n_allocs) - a0, own = atomic_load(&n_allocs_own) - o0;
            if (own || all)
                print_message("%s on %s: %zu allocations (%zu own)\n", types[ty]->info.name,
                              k.name, all, own);
            assert_true(own == 0);
            if (!cl)
                assert_true(all == 0); /* closed form: nothing, not even in libraries */
            oco_oobc_free(a);
        }
        oco_oobc_data_free(dd);
    }
}

/* CR-Pursuit at N = 40 (80 breakpoints of 16 B, above glibc qsort's 1 KiB
 * alloca limit, which made qsort allocate): the water-filling sorts in place,
 * so nothing allocates, its own code or the C library. */
static void test_crp_alloc_n40(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    oco_oobc_class k = tc_fair(1);
    const size_t N = 40;
    oco_oobc_data *dd = tc_data(&k, 4, N, 29);
    oco_oobc *a = mk(oco_oobc_cr_pursuit, &k, N, dd, NULL, 0);
    double x;
    const size_t a0 = atomic_load(&n_allocs), o0 = atomic_load(&n_allocs_own);
    for (size_t i = 0; i < dd->n; ++i) {
        assert_int_equal(oco_oobc_begin(a, dd->B + i), 0);
        for (size_t t = 0; t < N; ++t)
            assert_int_equal(oco_oobc_decide(a, dd->c + i * N + t, &x), 0);
    }
    const size_t all = atomic_load(&n_allocs) - a0, own = atomic_load(&n_allocs_own) - o0;
    assert_int_equal(own, 0);
    assert_int_equal(all, 0);
    oco_oobc_free(a);
    oco_oobc_data_free(dd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_fairness),
        cmocka_unit_test(test_equal_quad),
        cmocka_unit_test(test_dmd_by_hand),
        cmocka_unit_test(test_dmd_interior_by_hand),
        cmocka_unit_test(test_dmd_constant_equal_split),
        cmocka_unit_test(test_dmd_eta0_fixed_price),
        cmocka_unit_test(test_dmd_params),
        cmocka_unit_test(test_avg_lt_fairness),
        cmocka_unit_test(test_avg_lt_quad),
        cmocka_unit_test(test_crp_rule),
        cmocka_unit_test(test_crp_huge_budget_pi1),
        cmocka_unit_test(test_crp_fitted_pi),
        cmocka_unit_test(test_crp_class_check),
        cmocka_unit_test(test_exhausted_guard),
        cmocka_unit_test(test_no_alloc),
        cmocka_unit_test(test_crp_alloc_n40),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
