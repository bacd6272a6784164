/* Tests of the built-in OOBC classes (include/oco/oobc_problem.h;
 * src/problems/oobc_fairness.c, oobc_multi.c, oobc_class.c), each against
 * an oracle that does not use the code under test:
 *   - loss and use derivatives of both classes (gradient, Jacobian, every
 *     Hessian block) against central finite differences of the values /
 *     gradients (h = 1e-5 relative, tol 1e-6 relative) at random points of
 *     the box, d ∈ {2, 4, 7} for multi-budget;
 *   - the fairness layer callback (seed 000 §2.3 closed form) against a
 *     brute-force grid maximisation of c·log x − λx over [lo, min(hi, b)]
 *     (step 1e-4), including λ = 0 and b = +∞, and its ∂x/∂λ, ∂x/∂b
 *     against central differences of the callback away from kinks;
 *   - the multi-budget use at x_safe equals the reserve (the §2.3 guard's
 *     premise), the fairness one too;
 *   - constructor errors: unknown name (OCO_ENOTFOUND listing the names),
 *     bad options (OCO_EINVAL naming the option). Fixed RNG seeds. */
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

#define DM 8

static void near(double got, double want, double rtol, const char *what)
{
    const double err = fabs(got - want), scale = fmax(1.0, fabs(want));
    if (!(err <= rtol * scale)) {
        print_error("%s: got %.17g, want %.17g (err %.3g)\n", what, got, want, err);
        fail();
    }
}

/* Central differences of loss (value -> gradient, gradient -> Hessian) and
 * of use (values -> Jacobian, Jacobian -> Hessians) at x. */
static void check_derivs(const oco_oobc_class *cls, const double *c, const double *x)
{
    const size_t d = cls->d, M = cls->M;
    double f, g[DM], H[DM * DM], u[2], J[2 * DM], UH[2 * DM * DM];
    double xp[DM], xm[DM], fp, fm, gp[DM], gm[DM], up[2], um[2], Jp[2 * DM], Jm[2 * DM];
    char what[96];
    assert_int_equal(cls->loss(cls, c, x, &f, g, H), 0);
    assert_int_equal(cls->use(cls, c, x, u, J, UH), 0);
    for (size_t k = 0; k < d; ++k) {
        const double h = 1e-5 * fmax(1.0, fabs(x[k]));
        memcpy(xp, x, d * sizeof *x);
        memcpy(xm, x, d * sizeof *x);
        xp[k] += h;
        xm[k] -= h;
        assert_int_equal(cls->loss(cls, c, xp, &fp, gp, NULL), 0);
        assert_int_equal(cls->loss(cls, c, xm, &fm, gm, NULL), 0);
        snprintf(what, sizeof what, "%s dl/dx%zu", cls->name, k);
        near(g[k], (fp - fm) / (2 * h), 1e-6, what);
        for (size_t j = 0; j < d; ++j) {
            snprintf(what, sizeof what, "%s d2l/dx%zu dx%zu", cls->name, j, k);
            near(H[j + k * d], (gp[j] - gm[j]) / (2 * h), 1e-6, what);
        }
        assert_int_equal(cls->use(cls, c, xp, up, Jp, NULL), 0);
        assert_int_equal(cls->use(cls, c, xm, um, Jm, NULL), 0);
        for (size_t m = 0; m < M; ++m) {
            snprintf(what, sizeof what, "%s dg%zu/dx%zu", cls->name, m, k);
            near(J[m * d + k], (up[m] - um[m]) / (2 * h), 1e-6, what);
            for (size_t j = 0; j < d; ++j) {
                snprintf(what, sizeof what, "%s d2g%zu/dx%zu dx%zu", cls->name, m, j, k);
                near(UH[m * d * d + j + k * d], (Jp[m * d + j] - Jm[m * d + j]) / (2 * h), 1e-6,
                     what);
            }
        }
    }
    /* symmetric Hessians, uses >= 0 on the box */
    for (size_t j = 0; j < d; ++j)
        for (size_t k = 0; k < d; ++k)
            assert_true(H[j + k * d] == H[k + j * d]);
    for (size_t m = 0; m < M; ++m)
        assert_true(u[m] >= 0);
}

static void derivs_of(oco_oobc_class *cls, uint64_t seed)
{
    assert_non_null(cls);
    assert_true(cls->d <= DM && cls->M <= 2 && cls->p == cls->d);
    oco_rng r;
    oco_rng_seed(&r, seed, 0);
    double x[DM], c[DM];
    for (int rep = 0; rep < 50; ++rep) {
        for (size_t j = 0; j < cls->d; ++j) {
            /* keep h inside the box (the functions are smooth beyond it, but
             * stay where the class is defined) */
            x[j] = oco_rng_uniform_range(&r, cls->lo[j] + 1e-3, cls->hi[j] - 1e-3);
            c[j] = rep % 5 == 0 && j == 0 ? 0.0 : oco_rng_uniform(&r);
        }
        check_derivs(cls, c, x);
    }
    /* the guard's premise: g(x_safe) <= reserve for every context */
    double u[2];
    for (size_t j = 0; j < cls->d; ++j)
        c[j] = 0.7;
    assert_int_equal(cls->use(cls, c, cls->x_safe, u, NULL, NULL), 0);
    for (size_t m = 0; m < cls->M; ++m)
        assert_true(u[m] <= cls->reserve[m]);
    assert_int_equal(oco_oobc_class_check(cls), 0);
    oco_oobc_class_free(cls);
}

static void test_fairness_derivs(void **state)
{
    (void)state;
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    assert_non_null(cls);
    assert_string_equal(cls->name, "fairness");
    assert_true(cls->d == 1 && cls->M == 1 && cls->p == 1);
    /* §2.3 [S]: [1, 40], B ~ U[10N, 15N], reserve x_min */
    assert_true(cls->lo[0] == 1 && cls->hi[0] == 40 && cls->x_safe[0] == 1);
    assert_true(cls->reserve[0] == 1 && cls->budget_lo[0] == 10 && cls->budget_hi[0] == 15);
    assert_non_null(cls->layer);
    /* l = −c log x at a hand-checked point */
    double c = 0.5, x = 4, f, g, h;
    assert_int_equal(cls->loss(cls, &c, &x, &f, &g, &h), 0);
    near(f, -0.5 * log(4.0), 1e-15, "fairness l");
    near(g, -0.125, 1e-15, "fairness l'");
    near(h, 0.5 / 16, 1e-15, "fairness l''");
    derivs_of(cls, 11);
}

static void test_multi_derivs(void **state)
{
    (void)state;
    const size_t ds[] = {2, 4, 7};
    for (size_t i = 0; i < 3; ++i) {
        oco_oobc_class_opts o = oco_oobc_class_opts_default();
        o.d = ds[i];
        oco_oobc_class *cls = oco_oobc_class_new("multi-budget", &o);
        assert_non_null(cls);
        assert_true(cls->d == ds[i] && cls->M == 2 && cls->p == ds[i]);
        assert_null(cls->layer); /* no closed form: the general layer */
        assert_true(cls->lo[0] == 0 && cls->hi[0] == 10 && cls->reserve[0] == 0 &&
                    cls->reserve[1] == 0);
        derivs_of(cls, 20 + i);
    }
    /* default d = 4; a hand-checked value: x = (1, 2, 3, 4), c = 0 */
    oco_oobc_class *cls = oco_oobc_class_new("multi-budget", NULL);
    assert_non_null(cls);
    assert_int_equal(cls->d, 4);
    double x[4] = {1, 2, 3, 4}, c[4] = {0, 0, 0, 0}, f, u[2];
    assert_int_equal(cls->loss(cls, c, x, &f, NULL, NULL), 0);
    near(f, -0.05 * (log(2.0) + log(3.0) + log(4.0) + log(5.0)), 1e-14, "multi l");
    assert_int_equal(cls->use(cls, c, x, u, NULL, NULL), 0);
    /* a = (1, 5/3, 7/3, 3), q = (3, 7/3, 5/3, 1):
     * g1 = 1 + 10/3 + 7 + 12, g2 = ½(3 + 28/3 + 15 + 16)/10 */
    near(u[0], 1 + 10.0 / 3 + 7 + 12, 1e-14, "multi g1");
    near(u[1], 0.5 * (3 + 28.0 / 3 + 15 + 16) / 10, 1e-14, "multi g2");
    /* a raised x_min: reserve = g(x_safe), budgets still above it */
    oco_oobc_class_free(cls);
    oco_oobc_class_opts o = oco_oobc_class_opts_default();
    o.x_min = 3;
    cls = oco_oobc_class_new("multi-budget", &o);
    assert_non_null(cls);
    assert_true(cls->x_safe[0] == 3);
    derivs_of(cls, 30);
}

/* c log x − λx, the fairness layer's objective (maximised) */
static double fobj(double c, double lam, double x) { return c * log(x) - lam * x; }

static void test_fairness_layer(void **state)
{
    (void)state;
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    assert_non_null(cls);
    oco_rng r;
    oco_rng_seed(&r, 7, 0);
    for (int rep = 0; rep < 300; ++rep) {
        double c = oco_rng_uniform(&r);
        double lam = rep % 7 == 0 ? 0.0 : oco_rng_uniform_range(&r, 0.0, 0.3);
        double b = rep % 5 == 0 ? INFINITY : oco_rng_uniform_range(&r, 1.0, 60.0);
        double x, dl, db;
        assert_int_equal(cls->layer(cls, &c, &lam, &b, &x, &dl, &db), 0);
        const double top = fmin(40.0, b);
        assert_true(x >= 1 && x <= top);
        /* brute force over [1, top] */
        double best = -INFINITY;
        for (double v = 1; v <= top; v += 1e-4)
            best = fmax(best, fobj(c, lam, v));
        best = fmax(best, fobj(c, lam, top));
        assert_true(fobj(c, lam, x) >= best - 1e-12);
        assert_true(fobj(c, lam, x) <= best + 1e-6);
        if (b == INFINITY)
            assert_true(db == 0);
        /* derivatives by central differences, away from kinks */
        const double u = lam > 0 ? c / lam : INFINITY;
        const double h = 1e-7;
        if (lam > 1e-3 && fabs(u - 1) > 1e-2 && fabs(u - 40) > 1e-2 && fabs(u - b) > 1e-2 &&
            fabs(b - 40) > 1e-2) {
            double lp = lam + h, lm = lam - h, xp, xm;
            assert_int_equal(cls->layer(cls, &c, &lp, &b, &xp, NULL, NULL), 0);
            assert_int_equal(cls->layer(cls, &c, &lm, &b, &xm, NULL, NULL), 0);
            near(dl, (xp - xm) / (2 * h), 1e-5 * fmax(1, fabs(dl)), "fairness dx/dlam");
            if (isfinite(b)) {
                double bp = b + 1e-6, bm = b - 1e-6;
                assert_int_equal(cls->layer(cls, &c, &lam, &bp, &xp, NULL, NULL), 0);
                assert_int_equal(cls->layer(cls, &c, &lam, &bm, &xm, NULL, NULL), 0);
                near(db, (xp - xm) / 2e-6, 1e-6, "fairness dx/db");
            }
        }
    }
    /* λ = 0, no budget: x = hi; a budget below lo: EINFEASIBLE, x within it */
    double c = 0.3, lam = 0, b = INFINITY, x;
    assert_int_equal(cls->layer(cls, &c, &lam, &b, &x, NULL, NULL), 0);
    assert_true(x == 40);
    b = 0.5;
    assert_int_equal(cls->layer(cls, &c, &lam, &b, &x, NULL, NULL), OCO_EINFEASIBLE);
    assert_true(x <= 0.5);
    lam = -1;
    b = 10;
    assert_int_equal(cls->layer(cls, &c, &lam, &b, &x, NULL, NULL), OCO_EINVAL);
    oco_oobc_class_free(cls);
}

static void expect_bad(const char *name, oco_oobc_class_opts o, int code, const char *needle)
{
    oco_clear_error();
    oco_oobc_class *cls = oco_oobc_class_new(name, &o);
    assert_null(cls);
    assert_int_equal(oco_last_error_code(), code);
    if (!strstr(oco_last_error(), needle)) {
        print_error("message '%s' lacks '%s'\n", oco_last_error(), needle);
        fail();
    }
}

static void test_errors(void **state)
{
    (void)state;
    oco_oobc_class_opts o = oco_oobc_class_opts_default();
    assert_true(o.d == 0 && isnan(o.x_min) && isnan(o.x_max));
    expect_bad("fair", o, OCO_ENOTFOUND, "fairness, multi-budget");
    assert_string_equal(oco_oobc_class_names(), "fairness, multi-budget");
    oco_oobc_class_opts b = o;
    b.d = 2;
    expect_bad("fairness", b, OCO_EINVAL, "option d");
    b = o;
    b.x_min = 5;
    b.x_max = 5;
    expect_bad("fairness", b, OCO_EINVAL, "x_max");
    expect_bad("multi-budget", b, OCO_EINVAL, "x_max");
    b = o;
    b.x_min = 0;
    expect_bad("fairness", b, OCO_EINVAL, "x_min");
    b = o;
    b.x_max = INFINITY;
    expect_bad("fairness", b, OCO_EINVAL, "x_max");
    b = o;
    b.x_min = -1;
    expect_bad("multi-budget", b, OCO_EINVAL, "x_min");
    b = o;
    b.d = 1;
    expect_bad("multi-budget", b, OCO_EINVAL, "option d");
    b.d = 51;
    expect_bad("multi-budget", b, OCO_EINVAL, "option d");
    b.d = 50;
    oco_oobc_class *cls = oco_oobc_class_new("multi-budget", &b);
    assert_non_null(cls);
    oco_oobc_class_free(cls);
    oco_oobc_class_free(NULL);
    /* a custom box is used */
    b = o;
    b.x_min = 2;
    b.x_max = 8;
    cls = oco_oobc_class_new("fairness", &b);
    assert_non_null(cls);
    assert_true(cls->lo[0] == 2 && cls->hi[0] == 8 && cls->reserve[0] == 2);
    oco_oobc_class_free(cls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fairness_derivs),
        cmocka_unit_test(test_multi_derivs),
        cmocka_unit_test(test_fairness_layer),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
