/* The exact generalized projections and QPs of solvers/qp_domain.h used by
 * ONS (universal.md §3.3, §12.2 item 2 "projection KKT"): KKT residual
 * <= 1e-12 and agreement with an independent bisection on the multiplier;
 * box/simplex QPs checked by their KKT conditions and, on d = 2, by a
 * brute-force grid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/domain.h"
#include "oco/linalg.h"
#include "oco/rng.h"
#include "solvers/qp_domain.h"

/* Random SPD U = BᵀB + c I with condition number up to ~1e4. */
static void rand_spd(oco_rng *r, size_t d, double *U, double shift)
{
    double *B = calloc(d * d, sizeof *B);
    for (size_t i = 0; i < d * d; ++i)
        B[i] = oco_rng_normal(r, 0, 1);
    for (size_t j = 0; j < d; ++j)
        for (size_t i = 0; i < d; ++i) {
            double s = 0;
            for (size_t k = 0; k < d; ++k)
                s += B[k + i * d] * B[k + j * d];
            U[i + j * d] = s + (i == j ? shift : 0.0);
        }
    free(B);
}

/* Reference: bisection (200 steps) on ν of ‖(U + νI)⁻¹U(y − c)‖ = R using
 * LU solves (oco_lu_solve), independent of the Newton/eigen code. */
static double ref_ball_nu(const double *U, const double *y, const double *c, double R, size_t d,
                          double *x)
{
    double *A = malloc(d * d * sizeof *A), *b = malloc(d * sizeof *b);
    int *ipiv = malloc(d * sizeof *ipiv);
    double lo = 0, hi = 1;
    /* grow hi until inside */
    for (;;) {
        memcpy(A, U, d * d * sizeof *A);
        for (size_t i = 0; i < d; ++i)
            A[i + i * d] += hi;
        for (size_t i = 0; i < d; ++i) {
            double s = 0;
            for (size_t k = 0; k < d; ++k)
                s += U[i + k * d] * (y[k] - c[k]);
            b[i] = s;
        }
        assert_int_equal(oco_lu_solve(A, b, d, 1, ipiv), 0);
        if (oco_nrm2(b, d) <= R)
            break;
        lo = hi;
        hi *= 2;
    }
    for (int it = 0; it < 200; ++it) {
        double mid = 0.5 * (lo + hi);
        memcpy(A, U, d * d * sizeof *A);
        for (size_t i = 0; i < d; ++i)
            A[i + i * d] += mid;
        for (size_t i = 0; i < d; ++i) {
            double s = 0;
            for (size_t k = 0; k < d; ++k)
                s += U[i + k * d] * (y[k] - c[k]);
            b[i] = s;
        }
        assert_int_equal(oco_lu_solve(A, b, d, 1, ipiv), 0);
        if (oco_nrm2(b, d) > R)
            lo = mid;
        else
            hi = mid;
    }
    for (size_t i = 0; i < d; ++i)
        x[i] = c[i] + b[i];
    free(A);
    free(b);
    free(ipiv);
    return 0.5 * (lo + hi);
}

/* KKT residual of the ball projection: ‖U(x − y) + ν(x − c)‖ / (‖U(y−x)‖ + ν‖x−c‖). */
static double ball_kkt(const double *U, const double *y, const double *c, double R,
                       const double *x, double nu, size_t d, double *feas)
{
    double num = 0, den = 0, nx = 0;
    for (size_t i = 0; i < d; ++i) {
        double s = 0;
        for (size_t k = 0; k < d; ++k)
            s += U[i + k * d] * (x[k] - y[k]);
        double r = s + nu * (x[i] - c[i]);
        num += r * r;
        den += s * s;
        nx += (x[i] - c[i]) * (x[i] - c[i]);
    }
    *feas = sqrt(nx) - R;
    return sqrt(num) / (sqrt(den) + 1e-300);
}

static void check_ball(size_t d, size_t thr, int off_centre)
{
    oco_rng r;
    oco_rng_seed(&r, 42, d * 10 + thr);
    double R = 1.5;
    oco_domain *dom = oco_domain_ball(d, R);
    oco_qpd *q = oco__qpd_new(dom, thr);
    assert_non_null(q);
    double *U = malloc(d * d * sizeof *U), *y = malloc(d * sizeof *y), *x = malloc(d * sizeof *x),
           *xr = malloc(d * sizeof *xr), *c = calloc(d, sizeof *c), *h = malloc(d * sizeof *h);
    for (int rep = 0; rep < 40; ++rep) {
        rand_spd(&r, d, U, rep % 2 ? 1e-3 : 1.0);
        oco__qpd_set_matrix(q, U);
        for (size_t i = 0; i < d; ++i) {
            y[i] = oco_rng_normal(&r, 0, 3);
            c[i] = off_centre ? oco_rng_normal(&r, 0, 2) : 0.0;
        }
        oco_qpd_info info;
        if (off_centre) {
            /* h = −U y: the projection written as a QP on an off-centre ball */
            oco_gemv_sq(U, y, h, d);
            oco_scal(-1, h, d);
            assert_int_equal(oco__qpd_solve_ball(q, c, R, h, x, &info), 0);
        } else {
            assert_int_equal(oco__qpd_project(q, y, x, &info), 0);
        }
        double feas;
        double kkt = ball_kkt(U, y, c, R, x, info.nu, d, &feas);
        double dyc = 0;
        for (size_t i = 0; i < d; ++i)
            dyc += (y[i] - c[i]) * (y[i] - c[i]);
        if (sqrt(dyc) <= R) {
            for (size_t i = 0; i < d; ++i)
                assert_true(x[i] == y[i] || fabs(x[i] - y[i]) < 1e-12 * (1 + fabs(y[i])));
            continue;
        }
        assert_true(info.nu > 0);
        assert_true(kkt <= 1e-12);
        assert_true(fabs(feas) <= 1e-13 * R);
        double nur = ref_ball_nu(U, y, c, R, d, xr);
        assert_true(fabs(nur - info.nu) <= 1e-9 * (1 + nur));
        for (size_t i = 0; i < d; ++i)
            assert_true(fabs(xr[i] - x[i]) <= 1e-10 * (1 + fabs(c[i]) + R));
    }
    free(U), free(y), free(x), free(xr), free(c), free(h);
    oco__qpd_free(q);
    oco_domain_free(dom);
}

/* direct path: hand Cholesky (d <= 24) and LAPACK dpotrf (d > 24); the 40
 * projections of a call share the workspace, so the warm start is exercised
 * from both sides of the root. */
static void test_ball_direct(void **s)
{
    (void)s;
    check_ball(3, 8, 0);
    check_ball(8, 8, 0);
    check_ball(40, 1000, 0);
}
static void test_ball_eig(void **s) { (void)s; check_ball(3, 0, 0); check_ball(20, 8, 0); }
static void test_ball_off_centre(void **s)
{
    (void)s;
    check_ball(4, 8, 1);
    check_ball(12, 8, 1);
    check_ball(30, 1000, 1);
}

/* KKT of min ½xᵀHx + hᵀx over a box / simplex: feasibility, complementarity
 * and multiplier signs of z = Hx + h (+ν). Returns the worst violation,
 * relative to the gradient scale. */
static double box_kkt(const double *H, const double *h, const double *x, size_t d,
                      const double *lo, const double *hi, int simplex)
{
    double *z = malloc(d * sizeof *z);
    oco_gemv_sq(H, x, z, d);
    double sc = 1;
    for (size_t i = 0; i < d; ++i) {
        z[i] += h[i];
        sc = fmax(sc, fabs(z[i]));
    }
    double nu = 0;
    if (simplex) { /* ν = −z_i on the support (average) */
        double s = 0;
        int n = 0;
        for (size_t i = 0; i < d; ++i)
            if (x[i] > 1e-12) {
                s += -z[i];
                n++;
            }
        nu = s / n;
    }
    double worst = 0, sum = 0;
    for (size_t i = 0; i < d; ++i) {
        double zi = z[i] + nu;
        double v = 0;
        if (x[i] < lo[i] - 1e-15 || x[i] > hi[i] + 1e-15)
            v = 1;
        else if (x[i] > lo[i] && x[i] < hi[i])
            v = fabs(zi) / sc;
        else if (x[i] == lo[i] && x[i] < hi[i])
            v = zi < 0 ? -zi / sc : 0;
        else if (x[i] == hi[i] && x[i] > lo[i])
            v = zi > 0 ? zi / sc : 0;
        worst = fmax(worst, v);
        sum += x[i];
    }
    if (simplex)
        worst = fmax(worst, fabs(sum - 1));
    free(z);
    return worst;
}

static void check_poly(size_t d, int simplex)
{
    oco_rng r;
    oco_rng_seed(&r, 7, d + 100 * simplex);
    double *lo = malloc(d * sizeof *lo), *hi = malloc(d * sizeof *hi);
    for (size_t i = 0; i < d; ++i) {
        lo[i] = simplex ? 0 : -1.0 - (double)i * 0.1;
        hi[i] = simplex ? INFINITY : 0.5 + (double)i * 0.05;
    }
    oco_domain *dom = simplex ? oco_domain_simplex(d) : oco_domain_box(d, lo, hi);
    oco_qpd *q = oco__qpd_new(dom, 8);
    double *U = malloc(d * d * sizeof *U), *y = malloc(d * sizeof *y), *x = malloc(d * sizeof *x),
           *h = malloc(d * sizeof *h);
    for (int rep = 0; rep < 60; ++rep) {
        rand_spd(&r, d, U, rep % 3 ? 0.01 : 1.0);
        oco__qpd_set_matrix(q, U);
        for (size_t i = 0; i < d; ++i)
            y[i] = oco_rng_normal(&r, 0, 2);
        oco_qpd_info info;
        assert_int_equal(oco__qpd_project(q, y, x, &info), 0);
        oco_gemv_sq(U, y, h, d);
        oco_scal(-1, h, d);
        assert_true(box_kkt(U, h, x, d, lo, hi, simplex) <= 1e-12);
        assert_true(oco_domain_contains(dom, x, 1e-14));
        /* and a general QP (solve) with a PSD rank-deficient H */
        for (size_t i = 0; i < d * d; ++i)
            U[i] = 0;
        for (size_t k = 0; k < d / 2 + 1; ++k) {
            for (size_t i = 0; i < d; ++i)
                y[i] = oco_rng_normal(&r, 0, 1);
            for (size_t j = 0; j < d; ++j)
                for (size_t i = 0; i < d; ++i)
                    U[i + j * d] += y[i] * y[j];
        }
        for (size_t i = 0; i < d; ++i)
            h[i] = oco_rng_normal(&r, 0, 1);
        oco__qpd_set_matrix(q, U);
        assert_int_equal(oco__qpd_solve(q, h, x, &info), 0);
        { double kk = box_kkt(U, h, x, d, lo, hi, simplex); if (kk > 1e-9) { print_message("d=%zu rep=%d kkt=%g it=%d nu=%g\n", d, rep, kk, info.iters, info.nu); for (size_t i=0;i<d;++i) print_message(" %g", x[i]); print_message("\n"); } assert_true(kk <= 1e-9); }
    }
    free(U), free(y), free(x), free(h), free(lo), free(hi);
    oco__qpd_free(q);
    oco_domain_free(dom);
}

static void test_box(void **s) { (void)s; check_poly(2, 0); check_poly(7, 0); check_poly(30, 0); }
static void test_simplex(void **s) { (void)s; check_poly(2, 1); check_poly(7, 1); check_poly(30, 1); }

/* d = 2 brute force: the U-projection onto the box [-1,0.5]x[-1.1,0.55] and
 * the ball of radius 1 beats every point of a fine grid of X. */
static void test_grid_d2(void **s)
{
    (void)s;
    oco_rng r;
    oco_rng_seed(&r, 3, 0);
    oco_domain *doms[3] = {oco_domain_box_uniform(2, -1, 0.5), oco_domain_ball(2, 1.0),
                           oco_domain_simplex(2)};
    for (int k = 0; k < 3; ++k) {
        oco_qpd *q = oco__qpd_new(doms[k], 8);
        for (int rep = 0; rep < 10; ++rep) {
            double U[4], y[2], x[2];
            rand_spd(&r, 2, U, 0.1);
            oco__qpd_set_matrix(q, U);
            y[0] = oco_rng_normal(&r, 0, 2);
            y[1] = oco_rng_normal(&r, 0, 2);
            assert_int_equal(oco__qpd_project(q, y, x, NULL), 0);
            double fx = 0;
            double e[2] = {x[0] - y[0], x[1] - y[1]};
            fx = e[0] * (U[0] * e[0] + U[2] * e[1]) + e[1] * (U[1] * e[0] + U[3] * e[1]);
            for (int i = 0; i <= 400; ++i)
                for (int j = 0; j <= 400; ++j) {
                    double z[2] = {-1.2 + 2.4 * i / 400.0, -1.2 + 2.4 * j / 400.0};
                    if (k == 2) {
                        z[0] = i / 400.0;
                        z[1] = 1 - z[0];
                    }
                    if (!oco_domain_contains(doms[k], z, 0))
                        continue;
                    double f[2] = {z[0] - y[0], z[1] - y[1]};
                    double fz = f[0] * (U[0] * f[0] + U[2] * f[1]) +
                                f[1] * (U[1] * f[0] + U[3] * f[1]);
                    assert_true(fx <= fz + 1e-12 * (1 + fz));
                }
        }
        oco__qpd_free(q);
        oco_domain_free(doms[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ball_direct), cmocka_unit_test(test_ball_eig),
        cmocka_unit_test(test_ball_off_centre), cmocka_unit_test(test_box),
        cmocka_unit_test(test_simplex), cmocka_unit_test(test_grid_d2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
