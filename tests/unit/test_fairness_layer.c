/* Tests of src/solvers/fairness_layer (seed 000, olp_laau.md §2.3, §2.5),
 * each against an oracle that does not use the code under test:
 *   - the layer: brute-force maximisation of c log x − λx over a grid of
 *     [lo, min(hi, b)] (step 1e-4; the layer's value must be ≥ every grid
 *     value − 1e-12 and within 1e-6 of the best) and its KKT conditions
 *     (interior |c/x − λ| ≤ 1e-12·max(1, λ); bound-active sign conditions);
 *   - its derivatives: central finite differences (h = 1e-6, tol 1e-6
 *     relative) in the interior, box-active (lo and hi) and budget-active
 *     regimes, points chosen ≥ 1e-2 away from every kink;
 *   - water-filling: its KKT conditions (c_t/x_t = λ* on interior
 *     coordinates to 1e-10 relative, ≤/≥ on bound-active ones, Σx = B to
 *     1e-10·B when λ* > 0); brute-force grids at N = 2 (step 1e-4) and N = 3
 *     (step 2e-2), the remaining coordinate filling the budget; a projected-
 *     gradient solve (Euclidean projection by bisection, 20000 steps) on
 *     5 random N = 20 instances (water-filling ≥ PGD − 1e-9, and within 1e-5);
 *   - statuses: N·lo > B is OCO_EINFEASIBLE, bad arguments OCO_EINVAL,
 *     never a NaN. Fixed RNG seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "oco/error.h"
#include "oco/rng.h"
#include "solvers/fairness_layer.h"

#define LO 1.0
#define HI 40.0

static double f1(double c, double lam, double x)
{
    return c * log(x) - lam * x;
}

static void check_layer_kkt(double c, double lam, double b, const oco__fair_out *o)
{
    double x = o->x;
    assert_true(x >= LO - 1e-15 && x <= HI + 1e-15 && x <= b + 1e-15);
    double g = c / x - lam; /* derivative of the objective */
    double tol = 1e-12 * fmax(1.0, lam);
    if (x > LO + 1e-12 && x < fmin(HI, b) - 1e-12)
        assert_true(fabs(g) <= tol); /* stationarity */
    else if (x <= LO + 1e-12 && LO < fmin(HI, b))
        assert_true(g <= tol); /* at lo: would not gain by increasing */
    else
        assert_true(g >= -tol); /* at an upper bound (hi or b): would not gain by decreasing */
}

static void test_layer_grid_and_kkt(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 11, 0);
    for (int k = 0; k < 100; k++) {
        double c = oco_rng_uniform(&r);
        double lam = k % 10 == 0 ? 0.0 : exp(oco_rng_uniform_range(&r, log(1e-3), log(2.0)));
        double b = oco_rng_uniform_range(&r, LO, 60.0);
        oco__fair_out o;
        assert_int_equal(oco__fair_layer(c, lam, b, LO, HI, &o), 0);
        assert_false(isnan(o.x) || isnan(o.dx_dlam) || isnan(o.dx_db));
        check_layer_kkt(c, lam, b, &o);
        double up = fmin(HI, b), best = -INFINITY;
        for (double x = LO; x <= up; x += 1e-4)
            best = fmax(best, f1(c, lam, x));
        best = fmax(best, f1(c, lam, up));
        double v = f1(c, lam, o.x);
        assert_true(v >= best - 1e-12);
        assert_true(v <= best + 1e-6); /* grid resolution: |f'| ≤ 1+λ, step 1e-4, half of it */
    }
}

static void fd_case(double c, double lam, double b, int regime, double want_dl, double want_db)
{
    const double h = 1e-6;
    oco__fair_out o, p, m;
    assert_int_equal(oco__fair_layer(c, lam, b, LO, HI, &o), 0);
    assert_int_equal(o.regime, regime);
    assert_int_equal(oco__fair_layer(c, lam + h, b, LO, HI, &p), 0);
    assert_int_equal(oco__fair_layer(c, lam - h, b, LO, HI, &m), 0);
    double fd = (p.x - m.x) / (2 * h);
    assert_true(fabs(fd - o.dx_dlam) <= 1e-6 * fmax(1.0, fabs(fd)));
    assert_int_equal(oco__fair_layer(c, lam, b + h, LO, HI, &p), 0);
    assert_int_equal(oco__fair_layer(c, lam, b - h, LO, HI, &m), 0);
    fd = (p.x - m.x) / (2 * h);
    assert_true(fabs(fd - o.dx_db) <= 1e-6 * fmax(1.0, fabs(fd)));
    /* and the §2.3 table itself */
    assert_true(fabs(o.dx_dlam - want_dl) <= 1e-12 * fmax(1.0, fabs(want_dl)));
    assert_true(o.dx_db == want_db);
}

static void test_layer_derivatives_fd(void **state)
{
    (void)state;
    /* interior: c/λ = 10 ∈ (1, 40), b = 30 */
    fd_case(0.5, 0.05, 30.0, OCO__FAIR_INTERIOR, -0.5 / (0.05 * 0.05), 0.0);
    fd_case(0.9, 0.03, 35.0, OCO__FAIR_INTERIOR, -0.9 / (0.03 * 0.03), 0.0);
    /* box-active at lo: c/λ = 0.5 */
    fd_case(0.5, 1.0, 30.0, OCO__FAIR_BOX_LO, 0.0, 0.0);
    /* box-active at hi: c/λ = 50 */
    fd_case(0.5, 0.01, 45.0, OCO__FAIR_BOX_HI, 0.0, 0.0);
    fd_case(0.5, 0.0 + 1e-3, 45.0, OCO__FAIR_BOX_HI, 0.0, 0.0);
    /* budget-active: c/λ = 10 > b = 5; and hi-clip 40 > b = 20 */
    fd_case(0.5, 0.05, 5.0, OCO__FAIR_BUDGET, 0.0, 1.0);
    fd_case(0.5, 0.001, 20.0, OCO__FAIR_BUDGET, 0.0, 1.0);
    /* reserve guard: b̃ = b − (N − t)·lo, ∂x/∂b unchanged */
    double bt = oco__fair_reserve(12.0, 7, LO);
    assert_true(bt == 5.0);
    fd_case(0.5, 0.05, bt, OCO__FAIR_BUDGET, 0.0, 1.0);
}

static void test_layer_status(void **state)
{
    (void)state;
    oco__fair_out o;
    assert_int_equal(oco__fair_layer(0.5, 0.0, 100.0, LO, HI, &o), 0); /* λ = 0: hi */
    assert_true(o.x == HI && o.regime == OCO__FAIR_BOX_HI);
    assert_int_equal(oco__fair_layer(0.0, 0.1, 100.0, LO, HI, &o), 0); /* c = 0: lo */
    assert_true(o.x == LO && o.regime == OCO__FAIR_BOX_LO);
    assert_int_equal(oco__fair_layer(0.5, 0.1, 0.5, LO, HI, &o), OCO_EINFEASIBLE);
    assert_true(o.x == 0.5 && o.dx_db == 0.0 && o.dx_dlam == 0.0);
    assert_int_equal(oco__fair_layer(0.5, 0.1, -3.0, LO, HI, &o), OCO_EINFEASIBLE);
    assert_true(o.x == 0.0);
    assert_int_equal(oco__fair_layer(NAN, 0.1, 10.0, LO, HI, &o), OCO_EINVAL);
    assert_int_equal(oco__fair_layer(-1.0, 0.1, 10.0, LO, HI, &o), OCO_EINVAL);
    assert_int_equal(oco__fair_layer(0.5, -0.1, 10.0, LO, HI, &o), OCO_EINVAL);
    assert_int_equal(oco__fair_layer(0.5, 0.1, INFINITY, LO, HI, &o), OCO_EINVAL);
    assert_int_equal(oco__fair_layer(0.5, 0.1, 10.0, 0.0, HI, &o), OCO_EINVAL);
    assert_int_equal(oco__fair_layer(0.5, 0.1, 10.0, 5.0, 4.0, &o), OCO_EINVAL);
    assert_int_equal(oco__fair_layer(0.5, 0.1, 10.0, LO, HI, NULL), OCO_EINVAL);
}

static void check_wf_kkt(size_t n, const double *c, double B, const double *x, double lam)
{
    double s = 0.0;
    for (size_t t = 0; t < n; t++) {
        assert_false(isnan(x[t]));
        assert_true(x[t] >= LO && x[t] <= HI);
        s += x[t];
        if (c[t] == 0.0)
            continue;
        double r = c[t] / x[t];
        if (x[t] > LO && x[t] < HI)
            assert_true(fabs(r - lam) <= 1e-10 * lam);
        else if (x[t] == LO)
            assert_true(r <= lam * (1 + 1e-10));
        else
            assert_true(r >= lam * (1 - 1e-10));
    }
    assert_true(s <= B * (1 + 1e-12));
    if (lam > 0.0)
        assert_true(fabs(s - B) <= 1e-10 * B);
}

static void rand_c(oco_rng *r, size_t n, double *c)
{
    for (size_t t = 0; t < n; t++)
        c[t] = oco_rng_uniform(r) < 0.05 ? 0.0 : oco_rng_uniform(r);
}

static void test_wf_kkt_random(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 12, 0);
    double c[60], x[60], lam;
    oco__fair_event w[120];
    for (int k = 0; k < 2000; k++) {
        size_t n = 1 + (size_t)(oco_rng_uniform(&r) * 60);
        if (n > 60)
            n = 60;
        rand_c(&r, n, c);
        if (k % 50 == 0)
            for (size_t t = 0; t < n; t++)
                c[t] = 0.3; /* constant c: OPT = Equal (§2.6) */
        double B = oco_rng_uniform_range(&r, (double)n * LO, (double)n * HI * 1.1);
        if (k % 7 == 0)
            B = oco_rng_uniform_range(&r, 10.0 * (double)n, 15.0 * (double)n); /* §2.3 */
        assert_int_equal(oco__fair_waterfill(n, c, B, LO, HI, x, &lam, w), 0);
        assert_true(lam >= 0.0);
        check_wf_kkt(n, c, B, x, lam);
        if (k % 50 == 0 && B < (double)n * HI)
            for (size_t t = 0; t < n; t++)
                assert_true(fabs(x[t] - B / (double)n) <= 1e-12 * B);
    }
}

/* Best Σ c log x over a grid on the first n−1 coordinates, the last one
 * taking min(hi, what is left) (the objective increases in it). */
static double grid_best(size_t n, const double *c, double B, double step)
{
    double best = -INFINITY;
    if (n == 2) {
        for (double a = LO; a <= HI; a += step) {
            double z = fmin(HI, B - a);
            if (z >= LO)
                best = fmax(best, c[0] * log(a) + c[1] * log(z));
        }
    } else {
        for (double a = LO; a <= HI; a += step)
            for (double b = LO; b <= HI; b += step) {
                double z = fmin(HI, B - a - b);
                if (z >= LO)
                    best = fmax(best, c[0] * log(a) + c[1] * log(b) + c[2] * log(z));
            }
    }
    return best;
}

static void test_wf_grid_small(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 13, 0);
    double c[3], x[3], lam;
    oco__fair_event w[6];
    for (int k = 0; k < 60; k++) {
        size_t n = k < 40 ? 2 : 3;
        double step = n == 2 ? 1e-4 : 2e-2;
        for (size_t t = 0; t < n; t++)
            c[t] = oco_rng_uniform_range(&r, 0.05, 1.0);
        double B = oco_rng_uniform_range(&r, (double)n * LO + 0.5, (double)n * HI);
        assert_int_equal(oco__fair_waterfill(n, c, B, LO, HI, x, &lam, w), 0);
        double v = oco__fair_utility(n, c, x), g = grid_best(n, c, B, step);
        assert_true(v >= g - 1e-12);
        /* grid error ≤ (n−1)·step·max |∂f| ≤ (n−1)·step·max c/lo */
        assert_true(v <= g + (double)(n - 1) * step * 1.0 + 1e-12);
    }
}

/* Euclidean projection onto {lo ≤ x ≤ hi, Σ x ≤ B}: x = clip(y − τ) with
 * τ ≥ 0 found by bisection (independent of the water-filling's sweep). */
static void project(size_t n, const double *y, double B, double *x)
{
    double s = 0.0;
    for (size_t t = 0; t < n; t++)
        s += fmin(HI, fmax(LO, y[t]));
    double tl = 0.0, th = 0.0;
    if (s > B) {
        for (size_t t = 0; t < n; t++)
            th = fmax(th, y[t] - LO);
        for (int it = 0; it < 64; it++) {
            double tm = 0.5 * (tl + th), sm = 0.0;
            for (size_t t = 0; t < n; t++)
                sm += fmin(HI, fmax(LO, y[t] - tm));
            if (sm > B)
                tl = tm;
            else
                th = tm;
        }
    }
    for (size_t t = 0; t < n; t++)
        x[t] = fmin(HI, fmax(LO, y[t] - th));
}

static void test_wf_vs_pgd(void **state)
{
    (void)state;
    enum { N = 20 };
    oco_rng r;
    oco_rng_seed(&r, 14, 0);
    double c[N], x[N], z[N], y[N], lam;
    oco__fair_event w[2 * N];
    for (int k = 0; k < 5; k++) {
        for (size_t t = 0; t < N; t++)
            c[t] = oco_rng_uniform_range(&r, 0.1, 1.0);
        double B = oco_rng_uniform_range(&r, 10.0 * N, 15.0 * N);
        assert_int_equal(oco__fair_waterfill(N, c, B, LO, HI, x, &lam, w), 0);
        for (size_t t = 0; t < N; t++)
            z[t] = B / N;
        /* gradient ascent, step 1/L with L = max c/lo² ≤ 1 */
        for (int it = 0; it < 20000; it++) {
            for (size_t t = 0; t < N; t++)
                y[t] = z[t] + c[t] / z[t];
            project(N, y, B, z);
        }
        double v = oco__fair_utility(N, c, x), vp = oco__fair_utility(N, c, z);
        assert_true(v >= vp - 1e-9);
        assert_true(v - vp <= 1e-5);
    }
}

static void test_wf_status(void **state)
{
    (void)state;
    double c[3] = {0.5, 0.2, 0.0}, x[3], lam = -1;
    oco__fair_event w[6];
    assert_int_equal(oco__fair_waterfill(3, c, 2.9, LO, HI, x, &lam, w), OCO_EINFEASIBLE);
    assert_true(isinf(lam));
    assert_int_equal(oco__fair_waterfill(3, c, 3.0, LO, HI, x, &lam, w), 0); /* all at lo */
    assert_true(x[0] == LO && x[1] == LO && x[2] == LO);
    assert_true(lam >= 0.5 / LO && isfinite(lam)); /* a valid level: c_t/lo ≤ λ* for all t */
    check_wf_kkt(3, c, 3.0, x, lam);
    assert_int_equal(oco__fair_waterfill(3, c, 200.0, LO, HI, x, &lam, w), 0); /* slack */
    assert_true(x[0] == HI && x[1] == HI && x[2] == LO && lam == 0.0);
    double zc[2] = {0.0, 0.0};
    assert_int_equal(oco__fair_waterfill(2, zc, 10.0, LO, HI, x, &lam, w), 0);
    assert_true(x[0] == LO && x[1] == LO && lam == 0.0);
    c[1] = NAN;
    assert_int_equal(oco__fair_waterfill(3, c, 50.0, LO, HI, x, &lam, w), OCO_EINVAL);
    c[1] = -0.1;
    assert_int_equal(oco__fair_waterfill(3, c, 50.0, LO, HI, x, &lam, w), OCO_EINVAL);
    c[1] = 0.2;
    assert_int_equal(oco__fair_waterfill(0, c, 50.0, LO, HI, x, &lam, w), OCO_EINVAL);
    assert_int_equal(oco__fair_waterfill(3, c, NAN, LO, HI, x, &lam, w), OCO_EINVAL);
    assert_int_equal(oco__fair_waterfill(3, c, 50.0, HI, LO, x, &lam, w), OCO_EINVAL);
    assert_int_equal(oco__fair_waterfill(3, c, 50.0, LO, HI, x, &lam, NULL), OCO_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layer_grid_and_kkt), cmocka_unit_test(test_layer_derivatives_fd),
        cmocka_unit_test(test_layer_status),       cmocka_unit_test(test_wf_kkt_random),
        cmocka_unit_test(test_wf_grid_small),      cmocka_unit_test(test_wf_vs_pgd),
        cmocka_unit_test(test_wf_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
