/* Tests of the OOBC hindsight optimum oco_oobc_opt (src/hindsight/oobc_opt.c;
 * seed 000 Appendix C.2, olp_laau.md §2.5), against oracles that do not use
 * the code path under test:
 *   - fairness: the exact water-filling against the general interior-point
 *     path on the same instances (a copy of the class with layer = NULL),
 *     utilities within 1e-7 relative, for N ∈ {10, 20, 40}, slack budgets
 *     and zero contexts;
 *   - multi-budget (d = 4, N = 20, 100 synthetic episodes): the KKT
 *     conditions with multipliers fitted here by least squares on the free
 *     coordinates (stationarity residual, μ >= 0, complementarity, the
 *     signs on box-active coordinates), exact primal feasibility; both
 *     budgets bind (μ_m > 1e-6) in >= 85% of the episodes (the design
 *     claim of src/problems/oobc_multi.c); OPT beats 1000 random feasible
 *     trajectories (random box points scaled to the budget boundary);
 *   - d = 2, N = 2: no point of a 21^4 grid of the box, nor of a 41^4 grid
 *     of step 0.02 around OPT, that fits both budgets beats OPT, and the
 *     coarse grid's best is within 0.05 of it;
 *   - statuses: x_safe over the budget is OCO_EINFEASIBLE (never NaN), bad
 *     arguments OCO_EINVAL. Fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_problem.h"
#include "oco/rng.h"

/* the measured binding fractions (src/problems/oobc_multi.c) must hold to this */
#define MULTI_BIND_MIN 85

static double traj_loss(const oco_oobc_class *cls, size_t N, const double *c, const double *x)
{
    double sum = 0, f;
    for (size_t t = 0; t < N; ++t) {
        assert_int_equal(cls->loss(cls, c + t * cls->p, x + t * cls->d, &f, NULL, NULL), 0);
        sum += f;
    }
    return sum;
}

static void traj_use(const oco_oobc_class *cls, size_t N, const double *c, const double *x,
                     double *sums)
{
    double g[8];
    memset(sums, 0, cls->M * sizeof *sums);
    for (size_t t = 0; t < N; ++t) {
        assert_int_equal(cls->use(cls, c + t * cls->p, x + t * cls->d, g, NULL, NULL), 0);
        for (size_t m = 0; m < cls->M; ++m)
            sums[m] += g[m];
    }
}

static void test_fairness_waterfill_vs_ipm(void **state)
{
    (void)state;
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    assert_non_null(cls);
    oco_oobc_class general = *cls; /* the same functions, no closed form */
    general.layer = NULL;
    const size_t Ns[] = {10, 20, 40};
    double x1[40], x2[40], l1, l2, worst = 0;
    for (int k = 0; k < 3; ++k) {
        const size_t N = Ns[k];
        oco_oobc_data *d = oco_oobc_data_synthetic(cls, N, 8, 10 + k, NULL);
        assert_non_null(d);
        for (size_t i = 0; i < d->n; ++i) {
            double *c = d->c + i * N, B = d->B[i];
            if (i == 1)
                c[2] = c[5] = 0; /* zero weights: water-filling gives them lo */
            if (i == 2)
                B = 41.0 * N; /* slack: every x = 40 */
            if (i == 3)
                B = 1.5 * N; /* tight: mostly x_min */
            assert_int_equal(oco_oobc_opt(cls, N, &B, c, x1, &l1), 0);
            int rc = oco_oobc_opt(&general, N, &B, c, x2, &l2);
            if (rc)
                print_error("IPM: %s\n", oco_last_error());
            assert_int_equal(rc, 0);
            /* both feasible exactly, and the reported loss is the trajectory's */
            double s1 = 0, s2 = 0;
            for (size_t t = 0; t < N; ++t) {
                assert_true(x1[t] >= 1 && x1[t] <= 40 && x2[t] >= 1 && x2[t] <= 40);
                s1 += x1[t];
                s2 += x2[t];
            }
            assert_true(s1 <= B && s2 <= B);
            assert_true(fabs(l1 - traj_loss(cls, N, c, x1)) <= 1e-12 * fabs(l1));
            assert_true(fabs(l2 - traj_loss(cls, N, c, x2)) <= 1e-12 * fabs(l2));
            const double rel = fabs(l1 - l2) / fmax(1.0, fabs(l1));
            worst = fmax(worst, rel);
            if (!(rel <= 1e-7)) {
                print_error("N %zu ep %zu: water-filling %.17g vs IPM %.17g\n", N, i, l1, l2);
                fail();
            }
            if (i == 2)
                for (size_t t = 0; t < N; ++t)
                    assert_true(x1[t] == 40);
        }
        oco_oobc_data_free(d);
    }
    print_message("fairness OPT: water-filling vs IPM, worst relative difference %.3g\n", worst);
    /* x may be NULL; infeasible B < N·x_min */
    double c[3] = {0.2, 0.5, 0.9}, B = 2.5, l;
    oco_clear_error();
    assert_int_equal(oco_oobc_opt(cls, 3, &B, c, NULL, &l), OCO_EINFEASIBLE);
    assert_int_equal(oco_oobc_opt(&general, 3, &B, c, NULL, &l), OCO_EINFEASIBLE);
    assert_non_null(strstr(oco_last_error(), "x_safe"));
    B = 30;
    assert_int_equal(oco_oobc_opt(cls, 3, &B, c, NULL, &l), 0);
    assert_true(isfinite(l));
    B = NAN;
    assert_int_equal(oco_oobc_opt(cls, 3, &B, c, NULL, &l), OCO_EINVAL);
    B = 30;
    c[1] = INFINITY;
    assert_int_equal(oco_oobc_opt(cls, 3, &B, c, NULL, &l), OCO_EINVAL);
    assert_int_equal(oco_oobc_opt(cls, 0, &B, c, NULL, &l), OCO_EINVAL);
    assert_int_equal(oco_oobc_opt(NULL, 3, &B, c, NULL, &l), OCO_EINVAL);
    oco_oobc_class_free(cls);
}

/* KKT of the episode problem at x with multipliers fitted on the free
 * coordinates; returns the fitted μ (M = 2). */
static void kkt_multi(const oco_oobc_class *cls, size_t N, const double *B, const double *c,
                      const double *x, double *mu_out)
{
    enum { D = 4 };
    assert_int_equal(cls->d, D);
    const double *lo = cls->lo, *hi = cls->hi, tol_box = 1e-7;
    double gl[D], g[2], J[2 * D];
    double A11 = 0, A12 = 0, A22 = 0, r1 = 0, r2 = 0;
    size_t nfree = 0;
    for (size_t t = 0; t < N; ++t) {
        const double *xt = x + t * D, *ct = c + t * D;
        assert_int_equal(cls->loss(cls, ct, xt, NULL, gl, NULL), 0);
        assert_int_equal(cls->use(cls, ct, xt, g, J, NULL), 0);
        for (size_t j = 0; j < D; ++j) {
            if (xt[j] <= lo[j] + tol_box || xt[j] >= hi[j] - tol_box)
                continue;
            /* ∇l_j + μ1 J1j + μ2 J2j = 0 */
            A11 += J[j] * J[j];
            A12 += J[j] * J[D + j];
            A22 += J[D + j] * J[D + j];
            r1 -= J[j] * gl[j];
            r2 -= J[D + j] * gl[j];
            nfree++;
        }
    }
    assert_true(nfree >= 2);
    const double det = A11 * A22 - A12 * A12;
    assert_true(det > 0);
    const double mu[2] = {(A22 * r1 - A12 * r2) / det, (A11 * r2 - A12 * r1) / det};
    double sums[2];
    traj_use(cls, N, c, x, sums);
    for (int m = 0; m < 2; ++m) {
        assert_true(sums[m] <= B[m]); /* exactly */
        assert_true(mu[m] >= -1e-9);
        /* complementarity μ_m (B_m − Σ g_m) */
        if (!(mu[m] * (B[m] - sums[m]) <= 1e-7 * B[m])) {
            print_error("complementarity %zu: mu %.3g slack %.3g\n", (size_t)m, mu[m],
                        B[m] - sums[m]);
            fail();
        }
    }
    /* stationarity on free coordinates, signs on box-active ones */
    for (size_t t = 0; t < N; ++t) {
        const double *xt = x + t * D, *ct = c + t * D;
        assert_int_equal(cls->loss(cls, ct, xt, NULL, gl, NULL), 0);
        assert_int_equal(cls->use(cls, ct, xt, g, J, NULL), 0);
        for (size_t j = 0; j < D; ++j) {
            const double r = gl[j] + mu[0] * J[j] + mu[1] * J[D + j];
            if (xt[j] <= lo[j] + tol_box)
                assert_true(r >= -1e-6); /* zl = r >= 0 */
            else if (xt[j] >= hi[j] - tol_box)
                assert_true(r <= 1e-6);
            else if (!(fabs(r) <= 1e-7)) {
                print_error("stationarity t %zu j %zu: %.3g\n", t, j, r);
                fail();
            }
        }
    }
    mu_out[0] = mu[0];
    mu_out[1] = mu[1];
}

static void test_multi_kkt_and_random(void **state)
{
    (void)state;
    oco_oobc_class *cls = oco_oobc_class_new("multi-budget", NULL);
    assert_non_null(cls);
    const size_t N = 20, d = 4, n = 100;
    oco_oobc_data *D = oco_oobc_data_synthetic(cls, N, n, 1, NULL);
    assert_non_null(D);
    double x[80], xr[80], l, mu[2];
    int bind[2] = {0, 0}, both = 0;
    oco_rng r;
    oco_rng_seed(&r, 99, 0);
    for (size_t i = 0; i < n; ++i) {
        const double *B = D->B + 2 * i, *c = D->c + i * N * d;
        int rc = oco_oobc_opt(cls, N, B, c, x, &l);
        if (rc)
            print_error("episode %zu: %s\n", i, oco_last_error());
        assert_int_equal(rc, 0);
        assert_true(fabs(l - traj_loss(cls, N, c, x)) <= 1e-12 * fabs(l));
        kkt_multi(cls, N, B, c, x, mu);
        bind[0] += mu[0] > 1e-6;
        bind[1] += mu[1] > 1e-6;
        both += mu[0] > 1e-6 && mu[1] > 1e-6;
        if (i >= 10)
            continue;
        /* 1000 random feasible trajectories (10 episodes × 100) */
        for (int rep = 0; rep < 100; ++rep) {
            for (size_t k = 0; k < N * d; ++k)
                xr[k] = oco_rng_uniform_range(&r, 0, rep % 2 ? 10 : 3);
            double s[2];
            traj_use(cls, N, c, xr, s);
            /* scale toward x_safe = 0 onto the budget boundary: g_1 is
             * homogeneous of degree 1, g_2 of degree 2 */
            const double a = fmin(1.0, fmin(B[0] / s[0], sqrt(B[1] / s[1])));
            for (size_t k = 0; k < N * d; ++k)
                xr[k] *= a * (1 - 1e-12);
            traj_use(cls, N, c, xr, s);
            assert_true(s[0] <= B[0] && s[1] <= B[1]);
            assert_true(l <= traj_loss(cls, N, c, xr) + 1e-9);
        }
    }
    print_message("multi-budget d = 4, N = 20, %zu synthetic episodes (seed 1): g1 binds in %d, "
                  "g2 in %d, both in %d\n",
                  n, bind[0], bind[1], both);
    assert_true(both >= MULTI_BIND_MIN * (int)n / 100);
    oco_oobc_data_free(D);
    /* infeasible: a raised x_min whose use exceeds the budget */
    oco_oobc_class_opts o = oco_oobc_class_opts_default();
    o.x_min = 2;
    oco_oobc_class *c2 = oco_oobc_class_new("multi-budget", &o);
    double c[8] = {0.5, 0.5, 0.5, 0.5, 0.1, 0.2, 0.3, 0.4}, B[2] = {1000, 1};
    oco_clear_error();
    assert_int_equal(oco_oobc_opt(c2, 2, B, c, x, &l), OCO_EINFEASIBLE);
    assert_non_null(strstr(oco_last_error(), "resource 2"));
    for (int k = 0; k < 8; ++k)
        assert_false(isnan(x[k]));
    B[1] = 1000;
    assert_int_equal(oco_oobc_opt(c2, 2, B, c, x, &l), 0); /* slack: every x = 10 */
    for (int k = 0; k < 8; ++k)
        assert_true(fabs(x[k] - 10) < 1e-6);
    oco_oobc_class_free(c2);
    oco_oobc_class_free(cls);
}

static void test_multi_grid(void **state)
{
    (void)state;
    oco_oobc_class_opts o = oco_oobc_class_opts_default();
    o.d = 2;
    oco_oobc_class *cls = oco_oobc_class_new("multi-budget", &o);
    assert_non_null(cls);
    const double c[4] = {0.8, 0.1, 0.3, 0.6};
    double B[2] = {2 * 2 * 5.5, 2 * 2 * 0.8}, x[4], l;
    assert_int_equal(oco_oobc_opt(cls, 2, B, c, x, &l), 0);
    const int K = 20;
    double best = INFINITY, v[4];
    for (int a = 0; a <= K; ++a)
        for (int b = 0; b <= K; ++b)
            for (int e = 0; e <= K; ++e)
                for (int f = 0; f <= K; ++f) {
                    v[0] = 10.0 * a / K;
                    v[1] = 10.0 * b / K;
                    v[2] = 10.0 * e / K;
                    v[3] = 10.0 * f / K;
                    double s[2];
                    traj_use(cls, 2, c, v, s);
                    if (s[0] > B[0] || s[1] > B[1])
                        continue;
                    const double lv = traj_loss(cls, 2, c, v);
                    assert_true(l <= lv + 1e-12);
                    best = fmin(best, lv);
                }
    assert_true(isfinite(best));
    assert_true(best - l <= 0.05);
    /* a fine local grid (step 0.02, ±0.4 around OPT's x, clipped to the
     * box): still no feasible point below OPT */
    size_t feas = 0;
    for (int a = -20; a <= 20; ++a)
        for (int b = -20; b <= 20; ++b)
            for (int e = -20; e <= 20; ++e)
                for (int f = -20; f <= 20; ++f) {
                    const int st[4] = {a, b, e, f};
                    for (int k = 0; k < 4; ++k)
                        v[k] = fmin(fmax(x[k] + 0.02 * st[k], 0.0), 10.0);
                    double s[2];
                    traj_use(cls, 2, c, v, s);
                    if (s[0] > B[0] || s[1] > B[1])
                        continue;
                    feas++;
                    assert_true(l <= traj_loss(cls, 2, c, v) + 1e-12);
                }
    assert_true(feas > 1000);
    print_message("d = 2, N = 2: OPT %.6f, best of the 21^4 grid %.6f\n", l, best);
    oco_oobc_class_free(cls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fairness_waterfill_vs_ipm),
        cmocka_unit_test(test_multi_kkt_and_random),
        cmocka_unit_test(test_multi_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
