/* The O(d²) ONS ball engine (solvers/uball.h) is exact: every step is checked
 * against independent references built from an explicit matrix U kept by
 * the test — the KKT conditions of the U-norm projection (residual <= 1e-12,
 * universal.md §12.2), a bisection on the multiplier with LU solves, and
 * qp_domain's direct path (a Cholesky of U + νI per Newton step) — over
 * long sequences that cross many refreshes of the tridiagonal reduction, on
 * off-centre balls, with hand (d <= 32) and LAPACK (d > 32) reductions. At
 * the learner level, ons / optimistic-ons with the engine (default) and with
 * exact_qp = 1 (the previous O(d³) path) play the same decisions to rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/domain.h"
#include "oco/learner.h"
#include "oco/linalg.h"
#include "oco/rng.h"
#include "solvers/qp_domain.h"
#include "solvers/uball.h"

/* y = x̂ − η U⁻¹m by LU (independent of both engines). */
static void ref_point(const double *U, const double *xh, const double *m, double eta, size_t d,
                      double *y)
{
    double *A = malloc(d * d * sizeof *A), *b = malloc(d * sizeof *b);
    int *ipiv = malloc(d * sizeof *ipiv);
    memcpy(A, U, d * d * sizeof *A);
    memcpy(b, m, d * sizeof *b);
    assert_int_equal(oco_lu_solve(A, b, d, 1, ipiv), 0);
    for (size_t i = 0; i < d; ++i)
        y[i] = xh[i] - eta * b[i];
    free(A), free(b), free(ipiv);
}

/* ‖(U + νI)⁻¹U(y − c)‖ by LU. */
static double sec_norm(const double *U, const double *y, const double *c, double nu, size_t d)
{
    double *A = malloc(d * d * sizeof *A), *b = malloc(d * sizeof *b), *t = malloc(d * sizeof *t);
    int *ipiv = malloc(d * sizeof *ipiv);
    memcpy(A, U, d * d * sizeof *A);
    for (size_t i = 0; i < d; ++i) {
        A[i + i * d] += nu;
        t[i] = y[i] - c[i];
    }
    oco_gemv_sq(U, t, b, d);
    assert_int_equal(oco_lu_solve(A, b, d, 1, ipiv), 0);
    double n = oco_nrm2(b, d);
    free(A), free(b), free(t), free(ipiv);
    return n;
}

/* Root of ‖(U + νI)⁻¹U(y − c)‖ = R by 200 bisection steps. */
static double ref_nu(const double *U, const double *y, const double *c, double R, size_t d)
{
    double lo = 0, hi = 1;
    while (sec_norm(U, y, c, hi, d) > R) {
        lo = hi;
        hi *= 2;
    }
    for (int it = 0; it < 200; ++it) {
        double mid = 0.5 * (lo + hi);
        if (sec_norm(U, y, c, mid, d) > R)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* KKT residual of x = Π^U[y] on ‖x − c‖ ≤ R with multiplier ν:
 * r = U(x − y) + ν(x − c). Returns ‖r‖ / (‖U(x − y)‖ + ν‖x − c‖) (the
 * measure of test_oco_base_proj.c, which is ill-conditioned when y is near
 * the sphere: then both terms are small while x carries an absolute rounding
 * error ~ε(‖c‖ + R); qp_domain's direct path shows the same values, e.g.
 * 1e-11 at ‖y − c‖ = R(1 + 4e-6)), and in *nw the normwise residual
 * ‖r‖ / (‖U‖_F(‖x − c‖ + ‖y − c‖) + ν‖x − c‖). */
static double kkt(const double *U, const double *y, const double *c, const double *x, double nu,
                  size_t d, double *nw)
{
    double num = 0, a = 0, b = 0, uf = 0, yc = 0;
    for (size_t i = 0; i < d; ++i) {
        double s = 0;
        for (size_t k = 0; k < d; ++k) {
            s += U[i + k * d] * (x[k] - y[k]);
            uf += U[i + k * d] * U[i + k * d];
        }
        double r = s + nu * (x[i] - c[i]);
        num += r * r;
        a += s * s;
        b += (x[i] - c[i]) * (x[i] - c[i]);
        yc += (y[i] - c[i]) * (y[i] - c[i]);
    }
    *nw = sqrt(num) / (sqrt(uf) * (sqrt(b) + sqrt(yc)) + nu * sqrt(b) + 1e-300);
    return sqrt(num) / (sqrt(a) + nu * sqrt(b) + 1e-300);
}

/* T rounds of (optimistic-)ONS-like steps on the engine: two steps per round
 * (a hint step, then a moving step), then U += s g gᵀ. Each step is compared
 * with the references at the engine's current x̂. */
static void check_engine_ex(size_t d, size_t kmax, int T, int off_centre, double u0,
                            int bisect_every, double s_scale, int wild)
{
    oco_rng r;
    oco_rng_seed(&r, 11, d * 100 + kmax);
    double R = 1.3;
    double *c = calloc(d, sizeof *c), *U = calloc(d * d, sizeof *U), *g = malloc(d * sizeof *g),
           *gp = calloc(d, sizeof *gp), *xh = malloc(d * sizeof *xh), *y = malloc(d * sizeof *y),
           *x = malloc(d * sizeof *x), *xr = malloc(d * sizeof *xr);
    for (size_t i = 0; i < d && off_centre; ++i)
        c[i] = oco_rng_normal(&r, 0, 1);
    for (size_t i = 0; i < d; ++i)
        U[i + i * d] = u0;
    oco_uball *b = oco__uball_new(d, c, R, u0, kmax);
    assert_non_null(b);
    oco_domain *dom = oco_domain_ball(d, R);
    oco_qpd *q = oco__qpd_new(dom, 1000000); /* direct path; off-centre via solve_ball */
    double *h = malloc(d * sizeof *h);
    double nu1 = 0, nu2 = 0, worst_kkt = 0, worst_nw = 0, worst_dx = 0;
    int nb = 0, ni = 0;
    for (int t = 0; t < T; ++t) {
        /* gradients: drift towards a corner plus noise; now and then a tiny
         * one so that some steps stay inside the ball */
        double scale = t % 7 == 3 ? 1e-3 : 1.0;
        for (size_t i = 0; i < d; ++i)
            g[i] = scale * (oco_rng_normal(&r, 0, 1) / sqrt((double)d) + (i == 0 ? 0.6 : 0.0));
        /* u0 ≥ s‖g‖² as in ONS when s_scale ≤ 1; far beyond it otherwise
         * (ill-conditioned U and capacitance) */
        double s = 0.5 * s_scale * u0 / (1.0 + oco_dot(g, g, d));
        /* wild: steps of very different lengths, so that the warm starts
         * are far from the root on both sides */
        static const double etas[] = {1e-3, 1.0, 300.0, 0.05, 30.0};
        double eta = wild ? etas[t % 5] : t % 5 == 0 ? 0.05 : 1.0;
        for (int pass = 0; pass < 2; ++pass) {
            const double *m = pass == 0 ? gp : g;
            oco__uball_point(b, xh);
            ref_point(U, xh, m, eta, d, y);
            oco_qpd_info info;
            double *nu = pass == 0 ? &nu1 : &nu2;
            assert_int_equal(oco__uball_step(b, m, eta, x, pass, nu, &info), 0);
            assert_true(*nu == info.nu);
            double dy = 0;
            for (size_t i = 0; i < d; ++i)
                dy += (y[i] - c[i]) * (y[i] - c[i]);
            dy = sqrt(dy);
            double dx = 0;
            for (size_t i = 0; i < d; ++i)
                dx += (x[i] - c[i]) * (x[i] - c[i]);
            dx = sqrt(dx);
            assert_true(dx <= R * (1 + 1e-14));
            if (!info.on_boundary) {
                /* interior: x is the Newton point y itself (to rounding) */
                ni++;
                assert_true(dy <= R * (1 + 1e-12));
                for (size_t i = 0; i < d; ++i)
                    assert_true(fabs(x[i] - y[i]) <= 1e-12 * (1 + fabs(y[i])));
                continue;
            }
            nb++;
            assert_true(dy >= R * (1 - 1e-12));
            assert_true(fabs(dx - R) <= 1e-13 * R);
            double nw, kr = kkt(U, y, c, x, info.nu, d, &nw);
            worst_nw = fmax(worst_nw, nw);
            assert_true(nw <= 1e-14);
            if (dy >= R * 1.05) { /* well outside: the projection test's measure */
                worst_kkt = fmax(worst_kkt, kr);
                assert_true(kr <= 1e-12);
            }
            { /* qp_domain's direct path on the explicit U: min ½xᵀUx − (Uy)ᵀx */
                oco__qpd_set_matrix(q, U);
                oco_qpd_info qi;
                oco_gemv_sq(U, y, h, d);
                oco_scal(-1.0, h, d);
                assert_int_equal(oco__qpd_solve_ball(q, c, R, h, xr, &qi), 0);
                assert_true(fabs(qi.nu - info.nu) <= 1e-9 * (1 + qi.nu));
                for (size_t i = 0; i < d; ++i)
                    worst_dx = fmax(worst_dx, fabs(xr[i] - x[i]));
            }
            if (bisect_every && t % bisect_every == 0) {
                double nr = ref_nu(U, y, c, R, d);
                assert_true(fabs(nr - info.nu) <= 1e-9 * (1 + nr));
            }
        }
        assert_int_equal(oco__uball_add(b, s, g), 0);
        for (size_t j = 0; j < d; ++j)
            for (size_t i = 0; i < d; ++i)
                U[i + j * d] += s * g[i] * g[j];
        memcpy(gp, g, d * sizeof *g);
    }
    print_message("d=%zu kmax=%zu: %d boundary, %d interior steps, %zu refreshes, worst KKT %.3g "
                  "(normwise %.3g), worst |x - x_direct| %.3g\n",
                  d, oco__uball_rank_max(b), nb, ni, oco__uball_refreshes(b), worst_kkt, worst_nw,
                  worst_dx);
    assert_true(worst_dx <= 1e-10);
    assert_true(nb > 0 && ni > 0); /* both branches exercised */
    assert_true(oco__uball_refreshes(b) >= (size_t)T / (oco__uball_rank_max(b) + 1) - 1);
    oco__uball_free(b);
    oco__qpd_free(q);
    oco_domain_free(dom);
    free(c), free(U), free(g), free(gp), free(xh), free(y), free(x), free(xr), free(h);
}

static void check_engine(size_t d, size_t kmax, int T, int off_centre, double u0, int bisect_every)
{
    check_engine_ex(d, kmax, T, off_centre, u0, bisect_every, 1.0, 0);
}

static void test_engine_small(void **s)
{
    (void)s;
    check_engine(1, 0, 200, 0, 2.0, 10);
    check_engine(2, 1, 400, 0, 1.0, 10);
    check_engine(2, 2, 400, 1, 0.5, 10);
    check_engine(7, 3, 400, 0, 1.0, 10);
    check_engine(7, 0, 400, 1, 0.05, 10);
}

static void test_engine_hand_reduction(void **s)
{
    (void)s;
    check_engine(20, 5, 200, 0, 1.0, 25);
    check_engine(32, 0, 150, 1, 0.2, 50); /* largest d of the hand reduction */
}

static void test_engine_lapack_reduction(void **s)
{
    (void)s;
    check_engine(33, 4, 120, 0, 1.0, 60);
    check_engine(60, 0, 80, 1, 0.3, 0);
}

/* kmax = d, many columns: the Woodbury capacitance at its largest. */
static void test_engine_wide(void **s)
{
    (void)s;
    check_engine(12, 12, 300, 0, 1.0, 50);
}

/* Ill-conditioned U (rank-one terms 1e4 times u0: cond(U) up to ~1e7) and
 * warm starts far from the root (step lengths from 1e-3 to 300). */
static void test_engine_stress(void **s)
{
    (void)s;
    check_engine_ex(5, 2, 400, 1, 1e-2, 20, 1e4, 1);
    check_engine_ex(15, 6, 300, 0, 1e-3, 30, 1e4, 1);
    check_engine_ex(40, 0, 150, 1, 1.0, 0, 1e3, 1);
}

/* Bad input and the degenerate steps. */
static void test_engine_args(void **s)
{
    (void)s;
    double c[2] = {0, 0}, g[2] = {1, 2}, x[2];
    assert_null(oco__uball_new(0, c, 1, 1, 0));
    assert_null(oco__uball_new(2, c, 0, 1, 0));
    assert_null(oco__uball_new(2, c, 1, 0, 0));
    assert_null(oco__uball_new(2, c, INFINITY, 1, 0));
    double cn[2] = {NAN, 0};
    assert_null(oco__uball_new(2, cn, 1, 1, 0));
    oco_uball *b = oco__uball_new(2, NULL, 1, 1, 0);
    assert_non_null(b);
    assert_true(oco__uball_add(b, 0.0, g) < 0);
    assert_true(oco__uball_add(b, NAN, g) < 0);
    assert_true(oco__uball_step(b, g, NAN, x, 0, NULL, NULL) < 0);
    /* m = NULL or η = 0: x = x̂ = c */
    assert_int_equal(oco__uball_step(b, NULL, 1, x, 0, NULL, NULL), 0);
    assert_true(x[0] == 0 && x[1] == 0);
    assert_int_equal(oco__uball_step(b, g, 0, x, 0, NULL, NULL), 0);
    assert_true(x[0] == 0 && x[1] == 0);
    /* U = I: the projection of −g onto the unit ball is −g/‖g‖ (U ∝ I) */
    double nu = 0;
    assert_int_equal(oco__uball_step(b, g, 1, x, 1, &nu, NULL), 0);
    assert_true(fabs(x[0] + 1 / sqrt(5.0)) < 1e-15 && fabs(x[1] + 2 / sqrt(5.0)) < 1e-15);
    assert_true(fabs(nu - (sqrt(5.0) - 1)) < 1e-13); /* (1 + ν)⁻¹·√5 = 1 */
    oco__uball_point(b, x);
    assert_true(fabs(x[0] + 1 / sqrt(5.0)) < 1e-15 && fabs(x[1] + 2 / sqrt(5.0)) < 1e-15);
    oco__uball_free(b);
    oco__uball_free(NULL);
}

/* The learners: engine (default) vs exact_qp = 1 (qp_domain direct path),
 * the same decisions to rounding over T rounds with a switch of the
 * gradients' direction half-way. */
static void compare_learner(const char *name, size_t d, int T, double rank_max)
{
    oco_rng r;
    oco_rng_seed(&r, 99, d);
    oco_domain *dom = oco_domain_ball(d, 1.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = d;
    s.domain = dom;
    s.G = 3.0;
    s.D = 2.0;
    oco_param pa[] = {{"rank_max", rank_max}};
    oco_param pb[] = {{"exact_qp", 1.0}};
    oco_learner *a = oco_learner_new(oco_learner_find(name), &s, pa, 1);
    oco_learner *b = oco_learner_new(oco_learner_find(name), &s, pb, 1);
    assert_non_null(a);
    assert_non_null(b);
    double *xa = malloc(d * sizeof *xa), *xb = malloc(d * sizeof *xb), *g = malloc(d * sizeof *g);
    double worst = 0;
    int bnd = 0;
    for (int t = 0; t < T; ++t) {
        assert_int_equal(oco_learner_predict(a, NULL, xa), 0);
        assert_int_equal(oco_learner_predict(b, NULL, xb), 0);
        for (size_t i = 0; i < d; ++i)
            worst = fmax(worst, fabs(xa[i] - xb[i]));
        if (oco_nrm2(xa, d) > 1 - 1e-9)
            bnd++;
        /* a phase towards e_1, then a switch towards −e_2 */
        for (size_t i = 0; i < d; ++i)
            g[i] = oco_rng_normal(&r, 0, 0.5) / sqrt((double)d) +
                   (t < T / 2 ? (i == 0 ? 0.7 : 0.0) : (i == 1 ? -0.7 : 0.0));
        assert_int_equal(oco_learner_update(a, g, NAN), 0);
        assert_int_equal(oco_learner_update(b, g, NAN), 0);
    }
    print_message("%s d=%zu: max |x_fast - x_exact| = %.3g over %d rounds (%d on the sphere)\n",
                  name, d, worst, T, bnd);
    assert_true(worst <= 1e-9);
    assert_true(bnd > T / 4); /* the projection was active */
    oco_learner_free(a);
    oco_learner_free(b);
    oco_domain_free(dom);
    free(xa), free(xb), free(g);
}

static void test_learners_agree(void **s)
{
    (void)s;
    compare_learner("ons", 2, 2000, 0);
    compare_learner("optimistic-ons", 2, 2000, 0);
    compare_learner("ons", 10, 1000, 3);
    compare_learner("optimistic-ons", 10, 1000, 0);
    compare_learner("ons", 40, 300, 0);
    compare_learner("optimistic-ons", 40, 300, 7);
}

/* Long run, d = 5, refresh every 2 columns: no drift (the engine never
 * accumulates factors; U is an exact running sum). */
static void test_long_run_no_drift(void **s)
{
    (void)s;
    compare_learner("optimistic-ons", 5, 30000, 2);
}

static void test_params(void **s)
{
    (void)s;
    oco_domain *dom = oco_domain_ball(3, 1.0);
    oco_learner_setup st = oco_learner_setup_default();
    st.d = 3;
    st.domain = dom;
    oco_param bad1[] = {{"exact_qp", 0.5}};
    oco_param bad2[] = {{"rank_max", -1}};
    oco_param bad3[] = {{"rank_max", 2.5}};
    assert_null(oco_learner_new(oco_learner_find("ons"), &st, bad1, 1));
    assert_null(oco_learner_new(oco_learner_find("optimistic-ons"), &st, bad2, 1));
    assert_null(oco_learner_new(oco_learner_find("optimistic-ons"), &st, bad3, 1));
    /* the engine is smaller than the O(d²)-buffers-plus-LAPACK path */
    oco_param ex[] = {{"exact_qp", 1}};
    oco_learner *a = oco_learner_new(oco_learner_find("ons"), &st, NULL, 0);
    oco_learner *b = oco_learner_new(oco_learner_find("ons"), &st, ex, 1);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(oco_learner_memory(a) > 0 && oco_learner_memory(b) > 0);
    oco_learner_free(a);
    oco_learner_free(b);
    oco_domain_free(dom);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine_small),
        cmocka_unit_test(test_engine_hand_reduction),
        cmocka_unit_test(test_engine_lapack_reduction),
        cmocka_unit_test(test_engine_wide),
        cmocka_unit_test(test_engine_stress),
        cmocka_unit_test(test_engine_args),
        cmocka_unit_test(test_learners_agree),
        cmocka_unit_test(test_long_run_no_drift),
        cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
