/* The SEA loss families "sea" and "sea-linear" (include/oco/losses.h [sea];
 * seed 004 Appendix A.1, Theorem 3; universal.md §11.1):
 *  - the hindsight comparator against a brute-force grid on d = 2 (ball, box,
 *    simplex; rotating and sweeping means), V_T against the gradient
 *    differences evaluated directly;
 *  - σ = Σ = 0 reduces to one fixed loss, with the closed-form comparator;
 *  - the noise model by pairing a σ > 0 sequence with its σ = 0 twin (same
 *    seed, same means): ‖∇f_t − ∇F_t‖ = σ exactly, mean ≈ 0; the drift
 *    ‖∇F_t − ∇F_{t−1}‖ = Σ exactly; the reported σ²/Σ² quantities;
 *  - the sweep schedule's period, d = 1, the G bound, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain_grid.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/losses.h"
#include "oco/rng.h"

static oco_loss_opts sea_opts(oco_loss_kind kind, size_t d, size_t T, double sigma, double Sigma,
                              double period)
{
    oco_loss_opts o = oco_loss_opts_default();
    o.kind = kind;
    o.d = d;
    o.T = T;
    o.seed = 41;
    o.sigma = sigma;
    o.Sigma = Sigma;
    o.sea_period = period;
    return o;
}

/* Comparator vs grid, V_T vs the directly evaluated gradient differences,
 * the G bound on the grid. */
static void check_brute(oco_loss_kind kind, oco_domain *dom, double sigma, double Sigma,
                        double period, double spread)
{
    size_t T = 120;
    oco_loss_opts o = sea_opts(kind, 2, T, sigma, Sigma, period);
    o.spread = spread;
    oco_loss_seq *s = oco_loss_seq_new(&o, dom);
    if (!s)
        print_message("sea: %s\n", oco_last_error());
    assert_non_null(s);
    enum { CAP = 23000 };
    double *pts = malloc(2 * CAP * sizeof *pts);
    size_t n = grid_points(dom, pts, CAP, 30, 720, 150);
    double *F = calloc(n, sizeof *F), G = oco_loss_seq_info(s)->G;
    double gprev[2] = {0, 0}, vt = 0, x0[2] = {0.3, -0.1};
    oco_domain_project(dom, x0);
    while (oco_loss_seq_next(s) == OCO_OK) {
        for (size_t k = 0; k < n; ++k) {
            double g[2], v;
            oco_loss_seq_eval(s, pts + 2 * k, g, &v);
            F[k] += v;
            assert_true(oco_nrm2(g, 2) <= G * (1 + 1e-12));
        }
        /* gradient differences of both shapes do not depend on x */
        double g[2];
        oco_loss_seq_eval(s, x0, g, NULL);
        if (oco_loss_seq_round(s) >= 2)
            vt += (g[0] - gprev[0]) * (g[0] - gprev[0]) + (g[1] - gprev[1]) * (g[1] - gprev[1]);
        memcpy(gprev, g, sizeof g);
    }
    double best = INFINITY;
    for (size_t k = 0; k < n; ++k)
        best = fmin(best, F[k]);
    oco_loss_hindsight h;
    double xs[2];
    assert_int_equal(oco_loss_seq_hindsight(s, xs, &h), OCO_OK);
    assert_true(oco_domain_contains(dom, xs, 1e-12));
    double tol = 2e-3 * (double)T; /* grid resolution × T */
    if (!(best >= h.comparator - 1e-9 * (1 + fabs(best)) && best - h.comparator <= tol))
        print_message("%s on kind %d: comparator %.17g, grid %.17g\n", oco_loss_kind_name(kind),
                      (int)oco_domain_get_kind(dom), h.comparator, best);
    assert_true(best >= h.comparator - 1e-9 * (1 + fabs(best)));
    assert_true(best - h.comparator <= tol);
    assert_true(h.vt_exact);
    assert_true(fabs(h.VT - vt) <= 1e-10 * (1 + vt));
    free(pts);
    free(F);
    oco_loss_seq_free(s);
}

static void test_comparator_brute_force(void **st)
{
    (void)st;
    oco_domain *doms[3] = {oco_domain_ball(2, 1.0), oco_domain_box_uniform(2, -0.5, 1.0),
                           oco_domain_simplex(2)};
    for (int k = 0; k < 3; ++k) {
        check_brute(OCO_LOSS_SEA, doms[k], 0.3, 0.05, 0, 0.5);
        check_brute(OCO_LOSS_SEA, doms[k], 0.3, 0.2, 3, 2.0); /* mean partly outside X */
        check_brute(OCO_LOSS_SEA_LINEAR, doms[k], 0.3, 0.05, 0, 0.5);
        check_brute(OCO_LOSS_SEA_LINEAR, doms[k], 0.5, 0.3, 1, 0.5);
        check_brute(OCO_LOSS_SEA, doms[k], 0, 0, 0, 0.5);
        check_brute(OCO_LOSS_SEA_LINEAR, doms[k], 0, 0, 0, 0.5);
    }
    for (int k = 0; k < 3; ++k)
        oco_domain_free(doms[k]);
}

/* σ = Σ = 0: one fixed loss f_t = f_1, comparator T·min_X f_1 in closed form. */
static void test_zero_noise_fixed_loss(void **st)
{
    (void)st;
    size_t T = 500;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    for (int lin = 0; lin < 2; ++lin) {
        oco_loss_opts o = sea_opts(lin ? OCO_LOSS_SEA_LINEAR : OCO_LOSS_SEA, 2, T, 0, 0, 0);
        o.spread = 3.0; /* sea: mean at distance 3 from the centre, 2 outside */
        o.lambda = 1.5;
        o.G = 0.7;
        oco_loss_seq *s = oco_loss_seq_new(&o, ball);
        assert_non_null(s);
        double pts[3][2] = {{0.1, 0.2}, {-0.5, 0.3}, {0.6, -0.6}}, f1[3], g1[3][2];
        while (oco_loss_seq_next(s) == OCO_OK)
            for (int k = 0; k < 3; ++k) {
                double v, g[2];
                oco_loss_seq_eval(s, pts[k], g, &v);
                if (oco_loss_seq_round(s) == 1) {
                    f1[k] = v;
                    memcpy(g1[k], g, sizeof g);
                } else {
                    assert_true(v == f1[k]);
                    assert_true(g[0] == g1[k][0] && g[1] == g1[k][1]);
                }
            }
        oco_loss_hindsight h;
        assert_int_equal(oco_loss_seq_hindsight(s, NULL, &h), OCO_OK);
        /* linear: ⟨μ, x⟩ with ‖μ‖ = G on the unit ball: min = −G;
         * quadratic: (λ/2)·dist(μ, X)² with ‖μ‖ = 3: (λ/2)·2² */
        double expect = lin ? -(double)T * 0.7 : (double)T * 0.5 * 1.5 * 4.0;
        assert_true(fabs(h.comparator - expect) <= 1e-10 * fabs(expect));
        assert_true(h.VT <= 1e-24);
        oco_loss_sea_stats ss;
        assert_int_equal(oco_loss_seq_sea_stats(s, &ss), OCO_OK);
        assert_true(ss.sigma2_total == 0 && ss.Sigma2_total == 0 && ss.sigma2_realized == 0);
        oco_loss_seq_free(s);
    }
    oco_domain_free(ball);
}

/* The noise and drift by pairing with the σ = 0 twin. */
static void test_noise_and_drift(void **st)
{
    (void)st;
    size_t T = 20000;
    double sigma = 0.3, Sigma = 0.04;
    oco_domain *box = oco_domain_box_uniform(3, -1, 1);
    for (int lin = 0; lin < 2; ++lin)
        for (int period = 0; period <= 5; period += 5) {
            oco_loss_kind kind = lin ? OCO_LOSS_SEA_LINEAR : OCO_LOSS_SEA;
            oco_loss_opts o = sea_opts(kind, 3, T, sigma, Sigma, period);
            oco_loss_opts o0 = sea_opts(kind, 3, T, 0, Sigma, period);
            o.lambda = o0.lambda = 2.0;
            oco_loss_seq *s = oco_loss_seq_new(&o, box), *s0 = oco_loss_seq_new(&o0, box);
            assert_non_null(s);
            assert_non_null(s0);
            double x[3] = {0.2, -0.4, 0.9}, mean[3] = {0, 0, 0}, gp[3] = {0};
            double max_noise_err = 0, max_drift_err = 0, S2 = 0, real = 0;
            while (oco_loss_seq_next(s) == OCO_OK) {
                assert_int_equal(oco_loss_seq_next(s0), OCO_OK);
                double g[3], g0[3];
                oco_loss_seq_eval(s, x, g, NULL);
                oco_loss_seq_eval(s0, x, g0, NULL); /* = ∇F_t(x) */
                double e[3] = {g[0] - g0[0], g[1] - g0[1], g[2] - g0[2]};
                max_noise_err = fmax(max_noise_err, fabs(oco_nrm2(e, 3) - sigma));
                real += oco_dot(e, e, 3);
                oco_axpy(1.0 / (double)T, e, mean, 3);
                if (oco_loss_seq_round(s0) >= 2) {
                    double dd[3] = {g0[0] - gp[0], g0[1] - gp[1], g0[2] - gp[2]};
                    max_drift_err = fmax(max_drift_err, fabs(oco_nrm2(dd, 3) - Sigma));
                    S2 += oco_dot(dd, dd, 3);
                }
                memcpy(gp, g0, sizeof gp);
            }
            assert_true(max_noise_err <= 1e-12);
            assert_true(max_drift_err <= 1e-12);
            /* E ε = 0: each coordinate of the mean noise within 5 standard
             * errors (Var ε_i = 1/3 on the sphere in R³) */
            for (int i = 0; i < 3; ++i)
                assert_true(fabs(mean[i]) <= 5 * sigma * sqrt(1.0 / 3 / (double)T));
            oco_loss_sea_stats ss;
            assert_int_equal(oco_loss_seq_sea_stats(s, &ss), OCO_OK);
            assert_true(fabs(ss.sigma2_total - (double)T * sigma * sigma) <= 1e-12 * ss.sigma2_total);
            assert_true(ss.sigma2_max == sigma * sigma);
            assert_true(fabs(ss.sigma2_realized - real) <= 1e-9 * real);
            assert_true(fabs(ss.Sigma2_total - S2) <= 1e-9 * S2);
            assert_true(fabs(ss.Sigma2_total - (double)(T - 1) * Sigma * Sigma) <=
                        1e-9 * ss.Sigma2_total);
            assert_true(fabs(ss.Sigma2_max - Sigma * Sigma) <= 1e-12);
            /* the stats rewound the sequence */
            assert_int_equal(oco_loss_seq_round(s), 0);
            oco_loss_seq_free(s);
            oco_loss_seq_free(s0);
        }
    oco_domain_free(box);
}

/* The sweep schedule: with σ = 0, K = sea_period gives ∇f_t = ∇f_{t−2K}, and
 * every step has length Σ; d = 1 zig-zag and sweep. */
static void test_schedule(void **st)
{
    (void)st;
    for (size_t d = 1; d <= 3; d += 2) {
        oco_domain *ball = oco_domain_ball(d, 1.0);
        for (int K = 0; K <= 4; ++K) {
            for (int lin = 0; lin < 2; ++lin) {
                size_t T = 60;
                oco_loss_opts o =
                    sea_opts(lin ? OCO_LOSS_SEA_LINEAR : OCO_LOSS_SEA, d, T, 0, 0.1, K);
                oco_loss_seq *s = oco_loss_seq_new(&o, ball);
                if (!s)
                    print_message("d=%zu K=%d: %s\n", d, K, oco_last_error());
                assert_non_null(s);
                double hist[64][3], x[3] = {0.1, 0.1, 0.1};
                while (oco_loss_seq_next(s) == OCO_OK) {
                    size_t t = oco_loss_seq_round(s);
                    oco_loss_seq_eval(s, x, hist[t], NULL);
                    if (t >= 2) {
                        double dd = 0;
                        for (size_t i = 0; i < d; ++i)
                            dd += (hist[t][i] - hist[t - 1][i]) * (hist[t][i] - hist[t - 1][i]);
                        assert_true(fabs(sqrt(dd) - 0.1) <= 1e-12);
                    }
                    size_t P = K > 0 ? 2 * (size_t)K : (d == 1 ? 2 : 0);
                    if (P && t > P)
                        for (size_t i = 0; i < d; ++i)
                            assert_true(fabs(hist[t][i] - hist[t - P][i]) <= 1e-12);
                }
                oco_loss_seq_free(s);
            }
        }
        oco_domain_free(ball);
    }
}

static void test_bad_input(void **st)
{
    (void)st;
    oco_loss_kind k;
    assert_int_equal(oco_loss_kind_parse("sea", &k), 0);
    assert_int_equal(k, OCO_LOSS_SEA);
    assert_int_equal(oco_loss_kind_parse("sea-linear", &k), 0);
    assert_int_equal(k, OCO_LOSS_SEA_LINEAR);
    assert_string_equal(oco_loss_kind_name(OCO_LOSS_SEA_LINEAR), "sea-linear");
    oco_domain *ball = oco_domain_ball(2, 1.0), *b1 = oco_domain_ball(1, 1.0);
    oco_loss_opts o = sea_opts(OCO_LOSS_SEA, 2, 10, 0.1, 1.5, 0); /* > 2λ·0.5·1 */
    assert_null(oco_loss_seq_new(&o, ball));
    assert_non_null(strstr(oco_last_error(), "Sigma"));
    o.Sigma = 0.1;
    o.sigma = -1;
    assert_null(oco_loss_seq_new(&o, ball));
    assert_non_null(strstr(oco_last_error(), "sigma"));
    o.sigma = 0.1;
    o.sea_period = 1.5;
    assert_null(oco_loss_seq_new(&o, ball));
    assert_non_null(strstr(oco_last_error(), "sea_period"));
    o.sea_period = 0;
    o.kind = OCO_LOSS_SEA_LINEAR;
    o.Sigma = 2.5; /* > 2G */
    assert_null(oco_loss_seq_new(&o, ball));
    assert_non_null(strstr(oco_last_error(), "Sigma"));
    /* d = 1 sweep that does not fit: K·Σ > 2G */
    oco_loss_opts o1 = sea_opts(OCO_LOSS_SEA_LINEAR, 1, 10, 0, 0.5, 5);
    assert_null(oco_loss_seq_new(&o1, b1));
    assert_non_null(strstr(oco_last_error(), "sea_period"));
    /* stats on another family */
    oco_loss_opts q = oco_loss_opts_default();
    q.d = 2;
    q.T = 5;
    oco_loss_seq *s = oco_loss_seq_new(&q, ball);
    oco_loss_sea_stats ss;
    assert_int_equal(oco_loss_seq_sea_stats(s, &ss), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "not sea"));
    assert_int_equal(oco_loss_seq_sea_stats(NULL, &ss), OCO_EINVAL);
    oco_loss_seq_free(s);
    oco_domain_free(ball);
    oco_domain_free(b1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparator_brute_force),
        cmocka_unit_test(test_zero_noise_fixed_loss),
        cmocka_unit_test(test_noise_and_drift),
        cmocka_unit_test(test_schedule),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
