/* Seed 001's Lazy Lagrangians (src/algorithms/coco/llp*.c, llp_sarkar.md
 * §A.2–A.5) against independent references: the dual closed form against a
 * grid maximisation, the inner FTRL step against its KKT conditions with an
 * objective rebuilt here from the rounds, hand-computed 1-D rounds, the
 * perfect-prediction identity x_t = x̄_t (Part D), and equivalences between
 * the variants where the linearisation is exact. Rounds are synthetic (fixed
 * oco_rng seeds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/coco/llp_core.h"
#include "oco/coco.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"

#define assert_near(x, ref, tol)                                                              \
    do {                                                                                      \
        double x_ = (x), r_ = (ref);                                                          \
        if (!(fabs(x_ - r_) <= (tol)))                                                        \
            fail_msg("%s = %.17g, expected %.17g (tol %g)", #x, x_, r_, (double)(tol));       \
    } while (0)

enum { DMAX = 4, KMAX = 3 };

/* ---- a round in closed form: f_t (m = 1) and g_t (m = k) ------------------- */
typedef struct round_maps {
    size_t d, k;
    double fP[DMAX * DMAX], fA[DMAX], fb[1];
    double gP[KMAX * DMAX * DMAX], gA[KMAX * DMAX], gb[KMAX];
    oco_quad_map f, g;
} round_maps;

static void maps_link(round_maps *r, size_t d, size_t k, int fquad, int gquad)
{
    r->d = d;
    r->k = k;
    r->f = (oco_quad_map){1, d, fquad ? r->fP : NULL, r->fA, r->fb};
    r->g = (oco_quad_map){k, d, gquad ? r->gP : NULL, r->gA, r->gb};
}

/* random PSD block M Mᵀ·scale */
static void rand_psd(oco_rng *rng, size_t d, double scale, double *P)
{
    double M[DMAX * DMAX];
    for (size_t i = 0; i < d * d; ++i)
        M[i] = oco_rng_uniform_range(rng, -1, 1);
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < d; ++j) {
            double s = 0;
            for (size_t l = 0; l < d; ++l)
                s += M[i * d + l] * M[j * d + l];
            P[i * d + j] = scale * s;
        }
}

/* Random convex round with the point 0 strictly feasible: g_j(0) = −b_j < 0. */
static void rand_round(oco_rng *rng, round_maps *r, size_t d, size_t k, int fquad, int gquad)
{
    maps_link(r, d, k, fquad, gquad);
    for (size_t i = 0; i < d; ++i)
        r->fA[i] = oco_rng_uniform_range(rng, -1, 1);
    r->fb[0] = 0;
    if (fquad)
        rand_psd(rng, d, 0.5, r->fP);
    for (size_t j = 0; j < k; ++j) {
        for (size_t i = 0; i < d; ++i)
            r->gA[j * d + i] = oco_rng_uniform_range(rng, -1, 1);
        r->gb[j] = oco_rng_uniform_range(rng, 0.05, 0.3);
        if (gquad)
            rand_psd(rng, d, 0.3, r->gP + j * d * d);
    }
}

static int cost_fn(void *ctx, const double *x, double *g, double *value)
{
    double v;
    oco_quad_map_eval(ctx, x, &v, g);
    if (value)
        *value = v;
    return OCO_OK;
}

/* play one round: linearised feedback, or the oracles with the closed form */
static void feed(oco_coco *a, round_maps *r, int oracle)
{
    const double *x = oco_coco_last_x(a);
    if (oracle) {
        oco_grad_oracle co = {cost_fn, &r->f, r->d, 0};
        oco_cons_oracle go = oco_cons_oracle_from_form(&r->g);
        oco_coco_feedback fb = {&co, &go};
        assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_OK);
        assert_int_equal(co.calls, 1);
        assert_int_equal(go.calls, 2); /* at x_t and at x̄_t */
    } else {
        double grad[DMAX], val, g[KMAX], J[KMAX * DMAX];
        oco_quad_map_eval(&r->f, x, &val, grad);
        oco_quad_map_eval(&r->g, x, g, J);
        oco_coco_linear fb = {grad, val, g, J};
        assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
    }
}

static oco_coco_setup setup_for(const oco_domain *dom, size_t d, size_t k)
{
    oco_coco_setup s = oco_coco_setup_default();
    s.d = d;
    s.k = k;
    s.domain = dom;
    return s;
}

/* ---- 1. the dual step: closed form vs a grid ------------------------------ */

/* max over the grid λ ∈ {0, δ, 2δ, ...}^k ∩ [0, Λ]^k of ⟨λ, s⟩ − ‖λ‖²/(2a):
 * separable, but searched jointly for k = 2 to be a real brute force. */
static void grid_argmax(const double *s, size_t k, double a, double Lmax, double delta,
                        double *best)
{
    size_t n = (size_t)(Lmax / delta) + 1;
    double bv = -INFINITY;
    for (size_t i0 = 0; i0 < n; ++i0)
        for (size_t i1 = 0; i1 < (k > 1 ? n : 1); ++i1) {
            double l[2] = {i0 * delta, i1 * delta};
            double v = 0;
            for (size_t j = 0; j < k; ++j)
                v += l[j] * s[j] - l[j] * l[j] / (2 * a);
            if (v > bv) {
                bv = v;
                for (size_t j = 0; j < k; ++j)
                    best[j] = l[j];
            }
        }
}

static void dual_vs_grid(size_t k)
{
    /* llp-linearized, d = 2, box [−1, 1]², linear rounds, no predictions
     * (γ̃ = 0): the test recomputes Σ ĝ_i(x̄_i) and a_t from x̄_i itself */
    const size_t d = 2;
    oco_domain *dom = oco_domain_box_uniform(d, -1, 1);
    oco_coco_setup s = setup_for(dom, d, k);
    s.D = oco_domain_diameter(dom);
    const oco_coco_type *ty = oco_coco_llp_linearized;
    oco__llp *st = ty->create(&s, NULL, 0);
    assert_non_null(st);
    oco_rng rng;
    oco_rng_seed(&rng, 11, k);
    double gsum[2] = {0, 0}, eps = 0, x[DMAX];
    for (size_t t = 1; t <= 6; ++t) {
        round_maps r;
        rand_round(&rng, &r, d, k, 0, 0);
        /* component 0 pushed towards violation so that λ_0 > 0 */
        r.gb[0] = -0.4;
        assert_int_equal(ty->predict(st, NULL, x), OCO_OK);
        double grad[DMAX], val, g[KMAX], J[KMAX * DMAX];
        oco_quad_map_eval(&r.f, x, &val, grad);
        oco_quad_map_eval(&r.g, x, g, J);
        oco_coco_linear fb = {grad, val, g, J};
        assert_int_equal(ty->update(st, &fb), OCO_OK);
        const double *xb = oco__llp_prescient(st);
        for (size_t j = 0; j < k; ++j) {
            double gh = g[j];
            for (size_t i = 0; i < d; ++i)
                gh += J[j * d + i] * (xb[i] - x[i]);
            gsum[j] += gh;
            eps += gh * gh;
        }
        /* (15) with β = 1/2, Ē = 4 g_max² = 4 */
        double a = 1.0 / (sqrt((double)t) + sqrt(4.0 + eps));
        assert_near(oco__llp_step(st), a, 1e-14);
        double lam[2], ref[2];
        ty->multipliers(st, lam);
        double delta = 1e-4;
        grid_argmax(gsum, k, a, 1.0, delta, ref);
        for (size_t j = 0; j < k; ++j)
            assert_near(lam[j], ref[j], delta);
        if (t >= 2)
            assert_true(lam[0] > 0.01); /* the test exercises the [·]_+ > 0 branch */
    }
    ty->destroy(st);
    oco_domain_free(dom);
}

static void test_dual_k1(void **state)
{
    (void)state;
    dual_vs_grid(1);
}
static void test_dual_k2(void **state)
{
    (void)state;
    dual_vs_grid(2);
}

/* ---- 2. the inner step meets its KKT conditions ---------------------------- */

/* llp (full, proximal), no predictions. The test rebuilds the objective of
 * (4) from the rounds it played: F(x) = Σ_{i=0}^{t−1} (σ_i/2)‖x − y_i‖²
 * + ⟨c_{1:t−1}, x⟩ + ⟨λ_t, G_{t−1}(x)⟩, σ_0 = 1e-6·σ at the centre 0,
 * σ_i = σ(√h_{1:i} − √h_{1:i−1}), h_i = ‖c_i + J_i(x_i)ᵀλ_i‖², λ_t read from
 * multipliers() before predict (γ̃ = 0 without predictions), and checks
 * stationarity of x_t over the box / ball. */
static void kkt_run(int ball)
{
    const size_t d = 3, k = 2, T = 25;
    oco_domain *dom = ball ? oco_domain_ball(d, 1.0) : oco_domain_box_uniform(d, -1, 1);
    oco_coco_setup s = setup_for(dom, d, k);
    oco_coco *a = oco_coco_new(oco_coco_llp, &s, NULL, 0);
    assert_non_null(a);
    double D = oco_domain_diameter(dom), sigma = 2.0 / D;
    double S = 1e-6 * sigma, zw[DMAX] = {0}, csum[DMAX] = {0}, hsum = 0;
    double GA[KMAX * DMAX] = {0}, GP[KMAX * DMAX * DMAX] = {0};
    oco_rng rng;
    oco_rng_seed(&rng, 5, (uint64_t)ball);
    int active_seen = 0, quad_seen = 0;
    for (size_t t = 1; t <= T; ++t) {
        double lam[KMAX], x[DMAX];
        assert_int_equal(oco_coco_multipliers(a, lam), OCO_OK);
        assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
        /* ∇F(x_t) */
        double gF[DMAX];
        for (size_t i = 0; i < d; ++i)
            gF[i] = S * x[i] - zw[i] + csum[i];
        for (size_t j = 0; j < k; ++j) {
            if (lam[j] > 0 && t > 1)
                quad_seen = 1;
            for (size_t i = 0; i < d; ++i) {
                double Pi = 0;
                for (size_t l = 0; l < d; ++l)
                    Pi += GP[j * d * d + i * d + l] * x[l];
                gF[i] += lam[j] * (GA[j * d + i] + Pi);
            }
        }
        double scale = 1 + oco_nrm2(csum, d) + S;
        if (ball) {
            double nx = oco_nrm2(x, d);
            assert_true(nx <= 1 + 1e-12);
            double mu = -oco_dot(gF, x, d) / (nx * nx > 0 ? nx * nx : 1);
            if (nx < 1 - 1e-9) {
                mu = 0; /* interior: ∇F = 0 */
            } else {
                active_seen = 1;
                assert_true(mu >= -1e-9 * scale);
            }
            for (size_t i = 0; i < d; ++i)
                assert_near(gF[i] + mu * x[i], 0.0, 1e-8 * scale);
        } else {
            for (size_t i = 0; i < d; ++i) {
                assert_true(x[i] >= -1 - 1e-12 && x[i] <= 1 + 1e-12);
                if (x[i] <= -1 + 1e-12) {
                    assert_true(gF[i] >= -1e-8 * scale); /* at lo: pushes outward */
                    active_seen = 1;
                } else if (x[i] >= 1 - 1e-12) {
                    assert_true(gF[i] <= 1e-8 * scale);
                    active_seen = 1;
                } else {
                    assert_near(gF[i], 0.0, 1e-8 * scale);
                }
            }
        }
        /* the round: quadratic cost and constraints */
        round_maps r;
        rand_round(&rng, &r, d, k, 1, 1);
        r.gb[0] = t % 3 ? -0.2 : 0.3; /* keeps λ_0 > 0 most rounds */
        double grad[DMAX], g[KMAX], J[KMAX * DMAX], val;
        oco_quad_map_eval(&r.f, x, &val, grad);
        oco_quad_map_eval(&r.g, x, g, J);
        feed(a, &r, 1);
        /* the reference bookkeeping of round t */
        double b[DMAX];
        for (size_t i = 0; i < d; ++i) {
            b[i] = grad[i];
            for (size_t j = 0; j < k; ++j)
                b[i] += lam[j] * J[j * d + i];
        }
        double hold = hsum;
        hsum += oco_dot(b, b, d);
        double sig = sigma * (sqrt(hsum) - sqrt(hold));
        S += sig;
        oco_axpy(sig, x, zw, d);
        oco_axpy(1.0, grad, csum, d);
        oco_axpy(1.0, r.gA, GA, k * d);
        oco_axpy(1.0, r.gP, GP, k * d * d);
    }
    assert_true(active_seen);
    assert_true(quad_seen);
    oco_coco_free(a);
    oco_domain_free(dom);
}

static void test_kkt_box(void **state)
{
    (void)state;
    kkt_run(0);
}
static void test_kkt_ball(void **state)
{
    (void)state;
    kkt_run(1);
}

/* ---- 3. llp-linearized by hand, 1-D ----------------------------------------- */

/* X = [0, 1], D = 1, σ = 2/D = 2, sigma0 = 0.5 (given, to keep the
 * arithmetic visible), β = 1/2, g_max = 1 so Ē = 4; no predictions.
 * Round 1: x0 = 0.5, S = 0.5, zw = 0.25; λ_1 = 0;
 *   x_1 = Π(zw/S) = 0.5.
 *   feedback c_1 = −1, g_1(x_1) = 0.2, J_1 = 1   (g_1(x) = x − 0.3)
 *   h_1 = (c_1 + J_1 λ_1)² = 1, σ_1 = 2(√1 − 0) = 2;
 *   S = 2.5, zw = 0.25 + 2·0.5 = 1.25; c_{1:1} = −1; A = 1, cst = 0.2 − 0.5
 *   x̄_1 = Π((zw − c_{1:1} − λ_1 A)/S) = Π(2.25/2.5) = 0.9
 *   ĝ_1(x̄_1) = 0.2 + (0.9 − 0.5) = 0.6; ε_1 = 0.36
 *   a_1 = 1/(1 + √4.36)
 * Round 2: λ_2 = a_1·0.6;
 *   x_2 = Π((zw − (c_{1:1} + λ_2 A))/S) = (1.25 + 1 − λ_2)/2.5
 *   feedback c_2 = −0.5, g_2(x_2) = x_2 − 0.6, J_2 = 1
 *   h_2 = (−0.5 + λ_2)², σ_2 = 2(√(1 + h_2) − 1)
 *   S = 2.5 + σ_2, zw = 1.25 + σ_2 x_2, c_{1:2} = −1.5, A = 2
 *   x̄_2 = Π((zw + 1.5 − 2λ_2)/S)
 *   ĝ_2(x̄_2) = (x_2 − 0.6) + (x̄_2 − x_2) = x̄_2 − 0.6; Σ = 0.6 + x̄_2 − 0.6 = x̄_2
 *   a_2 = 1/(√2 + √(4 + 0.36 + (x̄_2 − 0.6)²)); λ_3 = a_2·x̄_2 */
static void test_hand_1d(void **state)
{
    (void)state;
    oco_domain *dom = oco_domain_box_uniform(1, 0, 1);
    oco_coco_setup s = setup_for(dom, 1, 1);
    oco_param p[] = {{"sigma0", 0.5}};
    oco_coco *a = oco_coco_new(oco_coco_llp_linearized, &s, p, 1);
    assert_non_null(a);
    double x, lam;
    assert_int_equal(oco_coco_predict(a, NULL, &x), OCO_OK);
    assert_near(x, 0.5, 1e-15);
    double c1 = -1, g1 = 0.2, J1 = 1;
    oco_coco_linear fb1 = {&c1, NAN, &g1, &J1};
    assert_int_equal(oco_coco_update(a, &fb1), OCO_OK);
    double a1 = 1 / (1 + sqrt(4.36));
    assert_int_equal(oco_coco_multipliers(a, &lam), OCO_OK);
    assert_near(lam, a1 * 0.6, 1e-15);
    double lam2 = a1 * 0.6;
    assert_int_equal(oco_coco_predict(a, NULL, &x), OCO_OK);
    double x2 = (1.25 + 1 - lam2) / 2.5;
    assert_near(x, x2, 1e-15);
    double c2 = -0.5, g2 = x2 - 0.6, J2 = 1;
    oco_coco_linear fb2 = {&c2, NAN, &g2, &J2};
    assert_int_equal(oco_coco_update(a, &fb2), OCO_OK);
    double h2 = (-0.5 + lam2) * (-0.5 + lam2), sig2 = 2 * (sqrt(1 + h2) - 1);
    double xb2 = (1.25 + sig2 * x2 + 1.5 - 2 * lam2) / (2.5 + sig2);
    assert_true(xb2 > 0 && xb2 < 1); /* interior: no clamp in the hand value */
    double a2 = 1 / (sqrt(2.0) + sqrt(4.36 + (xb2 - 0.6) * (xb2 - 0.6)));
    assert_int_equal(oco_coco_multipliers(a, &lam), OCO_OK);
    assert_near(lam, a2 * xb2, 1e-14);
    oco_coco_free(a);
    oco_domain_free(dom);
}


/* llp2-linearized by hand, 1-D, with predictions and h_split = 1.
 * X = [0, 1], σ = 2, sigma0 = 0.5, s = 1, β = 1/2, Ē = 4.
 * Round 1: prediction g̃_1(x) = x − 0.3 (no cons_value): γ̃_1 = g̃_1(x̄_0 =
 *   x0 = 0.5) = 0.2 (the fallback); λ_1 = 0; x_1 = 0.5 (= LLP2's centre);
 *   J̃_1 = 1. Feedback c_1 = −1, g_1(x_1) = 0.2, J_1 = 1.
 *   h_1 = c_1² + λ_1²(J_1 − J̃_1)² = 1; σ_{1:1} = 2(√1 + 1·√1) = 4.
 *   (26) uses r_{0:0}: x̄_1 = Π((0.25 + 1)/0.5) = Π(2.5) = 1;
 *   then r_1 at x_1: S = 4.5, zw = 0.25 + 4·0.5 = 2.25.
 *   ĝ_1(x̄_1) = 0.2 + (1 − 0.5) = 0.7; ε_1 = (0.7 − 0.2)² = 0.25;
 *   a_1 = 1/(1 + √4.25).
 * Round 2: cons_value γ̃_2 = 0.1, no map (J̃_2 = 0): λ_2 = a_1(0.7 + 0.1);
 *   x_2 = (2.25 − (−1 + λ_2·1))/4.5. Feedback c_2 = 0.4,
 *   g_2(x_2) = x_2 − 0.7, J_2 = 2.
 *   h_2 = 0.16 + λ_2²·4; σ_{1:2} = 2(√(1 + h_2) + √2), σ_2 = σ_{1:2} − 4.
 *   x̄_2 (r_{0:1}) = (2.25 − (−0.6 + 3λ_2))/4.5;
 *   ĝ_2(x̄_2) = (x_2 − 0.7) + 2(x̄_2 − x_2); ε_2 = (ĝ_2(x̄_2) − 0.1)²;
 *   a_2 = 1/(√2 + √(4 + 0.25 + ε_2)); S = 4.5 + σ_2, zw = 2.25 + 0.5σ_2.
 * Round 3 (no prediction): λ_3 = a_2[0.7 + ĝ_2(x̄_2)]_+;
 *   x_3 = Π((zw − (−0.6 + 3λ_3))/S). */
static void test_hand_llp2(void **state)
{
    (void)state;
    oco_domain *dom = oco_domain_box_uniform(1, 0, 1);
    oco_coco_setup s = setup_for(dom, 1, 1);
    oco_param p[] = {{"sigma0", 0.5}, {"s", 1.0}, {"h_split", 1}};
    oco_coco *a = oco_coco_new(oco_coco_llp2_linearized, &s, p, 3);
    assert_non_null(a);
    double gA = 1, gb = 0.3, x, lam;
    oco_quad_map gm = {1, 1, NULL, &gA, &gb};
    oco_coco_prediction p1 = {NULL, &gm, NULL};
    assert_int_equal(oco_coco_predict(a, &p1, &x), OCO_OK);
    assert_near(x, 0.5, 1e-15);
    double c1 = -1, g1 = 0.2, J1 = 1;
    oco_coco_linear fb1 = {&c1, NAN, &g1, &J1};
    assert_int_equal(oco_coco_update(a, &fb1), OCO_OK);
    double a1 = 1 / (1 + sqrt(4.25));
    assert_int_equal(oco_coco_multipliers(a, &lam), OCO_OK);
    assert_near(lam, a1 * 0.7, 1e-15);
    double gv = 0.1;
    oco_coco_prediction p2 = {NULL, NULL, &gv};
    assert_int_equal(oco_coco_predict(a, &p2, &x), OCO_OK);
    double l2 = a1 * 0.8, x2 = (2.25 + 1 - l2) / 4.5;
    assert_near(x, x2, 1e-15);
    double c2 = 0.4, g2 = x2 - 0.7, J2 = 2;
    oco_coco_linear fb2 = {&c2, NAN, &g2, &J2};
    assert_int_equal(oco_coco_update(a, &fb2), OCO_OK);
    double h2 = 0.16 + 4 * l2 * l2, sig2 = 2 * (sqrt(1 + h2) + sqrt(2.0)) - 4;
    double xb2 = (2.25 + 0.6 - 3 * l2) / 4.5;
    assert_true(xb2 > 0 && xb2 < 1);
    double gh2 = (x2 - 0.7) + 2 * (xb2 - x2), e2 = (gh2 - 0.1) * (gh2 - 0.1);
    double a2 = 1 / (sqrt(2.0) + sqrt(4.25 + e2));
    double l3 = a2 * fmax(0.7 + gh2, 0);
    assert_int_equal(oco_coco_multipliers(a, &lam), OCO_OK);
    assert_near(lam, l3, 1e-14);
    assert_int_equal(oco_coco_predict(a, NULL, &x), OCO_OK);
    double x3 = fmin(fmax((2.25 + 0.5 * sig2 + 0.6 - 3 * l3) / (4.5 + sig2), 0), 1);
    assert_near(x, x3, 1e-14);
    oco_coco_free(a);
    oco_domain_free(dom);
}

/* ---- 4. perfect predictions and the exp1 stand-in ----------------------------- */

/* llp_sarkar.md §A.7 Exp 1 stand-in: X = [0, 1], f_t(x) = (x − 0.9)²,
 * g_t(x) = x − u_t, u_t ~ U[0.3, 1]. Perfect predictions = the closed forms
 * of f_t and g_t themselves (no cons_value: the fallback γ̃_t = g̃_t(x̄_{t−1})).
 * Returns R_T against x* = argmin_{[0, min u]} Σ f = min_t u_t (0.9 > min u),
 * the per-round-feasible benchmark of §A.1, and Σ g_t(x_t) in *viol. If
 * `identity`, asserts x_t == x̄_t every round (Part D). */
static double exp1(const oco_coco_type *ty, size_t T, int perfect, int identity, double *viol,
                   const oco_param *params, size_t np)
{
    oco_domain *dom = oco_domain_box_uniform(1, 0, 1);
    oco_coco_setup s = setup_for(dom, 1, 1);
    s.D = 1;
    s.G = 1.8;
    oco__llp *st = ty->create(&s, params, np);
    assert_non_null(st);
    oco_rng rng;
    oco_rng_seed(&rng, 2024, 1);
    double fP = 2, fA = -1.8, fb = 0, gA = 1, u;
    oco_quad_map fm = {1, 1, &fP, &fA, &fb}, gm = {1, 1, NULL, &gA, &u};
    oco_coco_prediction pred = {&fm, &gm, NULL};
    double loss = 0, umin = 1, sg = 0;
    for (size_t t = 1; t <= T; ++t) {
        u = oco_rng_uniform_range(&rng, 0.3, 1);
        double x;
        assert_int_equal(ty->predict(st, perfect ? &pred : NULL, &x), OCO_OK);
        double grad = 2 * (x - 0.9), g = x - u, J = 1;
        loss += (x - 0.9) * (x - 0.9);
        sg += g;
        umin = fmin(umin, u);
        oco_coco_linear lfb = {&grad, NAN, &g, &J};
        if (ty->update_oracle) {
            oco_grad_oracle co = {cost_fn, &fm, 1, 0};
            oco_cons_oracle go = oco_cons_oracle_from_form(&gm);
            oco_coco_feedback ofb = {&co, &go};
            assert_int_equal(ty->update_oracle(st, &ofb), OCO_OK);
        } else {
            assert_int_equal(ty->update(st, &lfb), OCO_OK);
        }
        if (identity)
            assert_near(x, oco__llp_prescient(st)[0], 1e-12);
    }
    double xs = umin;
    double best = (double)T * (xs - 0.9) * (xs - 0.9);
    ty->destroy(st);
    oco_domain_free(dom);
    if (viol)
        *viol = sg;
    return loss - best;
}

/* Conditioning: with perfect predictions σ_{1:t} = 0, so the prescient step
 * (5) has curvature σ_0 only (its cost is linearised), and rounding in
 * c_{1:t} (|c_{1:t}| ~ t) moves x̄_t by ~t·1e-16/σ_0: with the default
 * σ_0 = 2e-6 the two points agree to ~1e-11 only. The identity is exact in
 * exact arithmetic, so the test takes sigma0 = 1, where 1e-12 is rounding. */
static const oco_param sigma0_one[] = {{"sigma0", 1.0}};

static void test_perfect_identity(void **state)
{
    (void)state;
    /* x_t = x̄_t to 1e-12 every round for every variant whose round-t
     * regularizer vanishes with perfect predictions (h_t = 0, σ_t = 0), and
     * for LLP2, whose (25) and (26) both use r_{0:t−1} */
    const oco_coco_type *types[] = {oco_coco_llp, oco_coco_llp_linearized, oco_coco_llp2,
                                    oco_coco_llp2_linearized};
    for (size_t i = 0; i < 4; ++i) {
        double V1, V2;
        double R1 = exp1(types[i], 2000, 1, 1, &V1, sigma0_one, 1);
        /* h_t = 0 exactly (c̃_t = c_t, J̃_t = J_t), so σ_{1:t} stays 0 and σ
         * cannot matter for llp: same decisions, bit for bit. (LLP2's
         * s·√t term makes σ matter there.) */
        if (types[i]->info.name[3] != '2') {
            oco_param p2[] = {{"sigma0", 1.0}, {"sigma", 50.0}};
            double R2 = exp1(types[i], 2000, 1, 1, &V2, p2, 2);
            assert_true(R1 == R2 && V1 == V2);
        }
    }
}

static void test_perfect_identity_quadratic(void **state)
{
    (void)state;
    /* d = 3, k = 2, random quadratic f_t and g_t on a ball, llp with the
     * rounds' own closed forms as predictions: x_t == x̄_t (QP path) */
    const size_t d = 3, k = 2;
    oco_domain *dom = oco_domain_ball(d, 1.0);
    oco_coco_setup s = setup_for(dom, d, k);
    s.D = 2;
    const oco_coco_type *types[] = {oco_coco_llp, oco_coco_llp_linearized};
    for (size_t v = 0; v < 2; ++v) {
        oco__llp *st = types[v]->create(&s, sigma0_one, 1);
        assert_non_null(st);
        oco_rng rng;
        oco_rng_seed(&rng, 77, v);
        for (size_t t = 1; t <= 200; ++t) {
            round_maps r;
            rand_round(&rng, &r, d, k, 1, 1);
            r.gb[0] = -0.1;
            oco_coco_prediction pred = {&r.f, &r.g, NULL};
            double x[DMAX];
            assert_int_equal(types[v]->predict(st, &pred, x), OCO_OK);
            if (types[v]->update_oracle) {
                oco_grad_oracle co = {cost_fn, &r.f, d, 0};
                oco_cons_oracle go = oco_cons_oracle_from_form(&r.g);
                oco_coco_feedback fb = {&co, &go};
                assert_int_equal(types[v]->update_oracle(st, &fb), OCO_OK);
            } else {
                double grad[DMAX], val, g[KMAX], J[KMAX * DMAX];
                oco_quad_map_eval(&r.f, x, &val, grad);
                oco_quad_map_eval(&r.g, x, g, J);
                oco_coco_linear fb = {grad, val, g, J};
                assert_int_equal(types[v]->update(st, &fb), OCO_OK);
            }
            const double *xb = oco__llp_prescient(st);
            for (size_t i = 0; i < d; ++i)
                assert_near(x[i], xb[i], 1e-12);
        }
        types[v]->destroy(st);
    }
    oco_domain_free(dom);
}

/* The Exp 1 stand-in at T = 10³, 10⁴, 10⁵ with the default parameters.
 * Against the per-round benchmark x* = min_t u_t ≈ 0.3 (§A.1) the regret is
 * NEGATIVE and linear: LLP only enforces Σ_t g_t(x_t) <= 0 on the long run,
 * so it plays around E[u] = 0.65, much closer to the cost's minimiser 0.9
 * (measured R_T/T ≈ −0.26 without predictions, −0.11…−0.075 with). So
 * "R_T bounded" holds trivially; what can fail and is asserted:
 *   - perfect predictions: R_T <= 1 (Corollary 1's O(1) regret);
 *   - both: Σ g_t(x_t) <= T^{(1+β)/2} (Theorem 2's violation rate, constant 1)
 *     and Σ g/T decreasing in T — with a broken dual (λ ≡ 0) x_t → 0.9 and
 *     Σ g ≈ 0.25·T, which fails both;
 *   - no predictions: R_T <= T^{(3−β)/4} (Theorem 2's regret rate). */
static void test_exp1_regret(void **state)
{
    (void)state;
    const size_t Ts[] = {1000, 10000, 100000};
    double prevV[2] = {INFINITY, INFINITY};
    for (size_t i = 0; i < 3; ++i) {
        double T = (double)Ts[i], V[2], R[2];
        R[1] = exp1(oco_coco_llp_linearized, Ts[i], 1, 0, &V[1], NULL, 0);
        R[0] = exp1(oco_coco_llp_linearized, Ts[i], 0, 0, &V[0], NULL, 0);
        assert_true(R[1] <= 1.0);
        assert_true(R[0] <= pow(T, 0.625));
        for (int p = 0; p < 2; ++p) {
            assert_true(V[p] <= pow(T, 0.75));
            assert_true(V[p] / T < prevV[p]);
            prevV[p] = V[p] / T;
        }
    }
    /* the full variant on the same rounds (affine g: the same decisions up
     * to rounding, see test_linear_equivalence) */
    double V, R = exp1(oco_coco_llp, 10000, 1, 0, &V, NULL, 0);
    assert_true(R <= 1.0);
    assert_true(V <= pow(1e4, 0.75));
}


/* ---- 5. equivalences where the linearisation is exact ---------------------- */

/* Affine g_t: ĝ_t of (27) equals g_t, so llp and llp-linearized (and llp2 and
 * llp2-linearized) make the same decisions, with and without affine
 * predictions, up to rounding (the aggregate constants are summed in a
 * different order). */
static void test_linear_equivalence(void **state)
{
    (void)state;
    const size_t d = 3, k = 2;
    oco_domain *dom = oco_domain_box_uniform(d, -1, 1);
    oco_coco_setup s = setup_for(dom, d, k);
    const oco_coco_type *full[] = {oco_coco_llp, oco_coco_llp2};
    const oco_coco_type *lin[] = {oco_coco_llp_linearized, oco_coco_llp2_linearized};
    for (size_t v = 0; v < 2; ++v)
        for (int with_pred = 0; with_pred < 2; ++with_pred) {
            oco_coco *a = oco_coco_new(full[v], &s, NULL, 0);
            oco_coco *b = oco_coco_new(lin[v], &s, NULL, 0);
            assert_non_null(a);
            assert_non_null(b);
            oco_rng rng;
            oco_rng_seed(&rng, 3, v);
            double maxdiff = 0, maxlam = 0;
            for (size_t t = 1; t <= 300; ++t) {
                round_maps r, q;
                rand_round(&rng, &r, d, k, 1, 0); /* quadratic f, affine g */
                r.gb[0] = -0.3;
                rand_round(&rng, &q, d, k, 0, 0); /* a noisy affine prediction */
                oco_coco_prediction pred = {&q.f, &q.g, NULL};
                double xa[DMAX], xb[DMAX], la[KMAX], lb[KMAX];
                assert_int_equal(oco_coco_predict(a, with_pred ? &pred : NULL, xa), OCO_OK);
                assert_int_equal(oco_coco_predict(b, with_pred ? &pred : NULL, xb), OCO_OK);
                for (size_t i = 0; i < d; ++i)
                    maxdiff = fmax(maxdiff, fabs(xa[i] - xb[i]));
                feed(a, &r, 1);
                feed(b, &r, 0);
                oco_coco_multipliers(a, la);
                oco_coco_multipliers(b, lb);
                for (size_t j = 0; j < k; ++j) {
                    maxdiff = fmax(maxdiff, fabs(la[j] - lb[j]));
                    maxlam = fmax(maxlam, la[j]);
                }
            }
            assert_true(maxdiff <= 1e-10);
            assert_true(maxlam > 0.05); /* the constraints were active */
            oco_coco_free(a);
            oco_coco_free(b);
        }
    oco_domain_free(dom);
}

/* §A.7 Exp 2 stand-in: X = [0, 1], f = (x − 0.9)², g_t = g + b_t with
 * g(x) = x − 0.5 and b_t = w_t ~ U[−0.2, 0.2]. llp-perturbed (g known) vs
 * llp-linearized (sees only g_t(x_t) and J_t = 1). Their constraint
 * aggregates coincide (t·x − Σ(0.5 − w_i) both) and so do their dual sums
 * (ĝ_i(x̄_i) = x̄_i − 0.5 + w_i = g(x̄_i) + b_i). What differs: llp-perturbed
 * always knows round t's map g in its step (g̃_t = g + b̃_t), and its h_t =
 * ‖c_t − c̃_t‖² ignores λ, while llp-linearized's is ‖(c − c̃) + (J − J̃)ᵀλ‖².
 * So:
 *   mode 0  both given perfect f̃, g̃ (h = 0 for both): same decisions;
 *   mode 1  no cost prediction, γ̃ = 0 for both, llp-linearized given g̃ := g
 *           (J̃ = J: what llp-perturbed knows a priori): same decisions —
 *           this pins h_t = ‖c_t − c̃_t‖² and the use of g in (4);
 *   mode 2  no predictions at all: different decisions, yet both keep the
 *           running Σ_{i≤t} g_i(x_i) below Theorem 2's T^{(1+β)/2} = T^{3/4}
 *           at every t. */
static void exp2_pair(int mode, double *maxdiff, double *maxV_pert, double *maxV_lin, size_t T)
{
    oco_domain *dom = oco_domain_box_uniform(1, 0, 1);
    double gA = 1, gb = 0.5;
    oco_quad_map gfix = {1, 1, NULL, &gA, &gb};
    oco_coco_setup s = setup_for(dom, 1, 1);
    s.G = 1.8;
    s.fixed_cons = &gfix;
    oco_coco *p = oco_coco_new(oco_coco_llp_perturbed, &s, NULL, 0);
    oco_coco *l = oco_coco_new(oco_coco_llp_linearized, &s, NULL, 0);
    assert_non_null(p);
    assert_non_null(l);
    oco_rng rng;
    oco_rng_seed(&rng, 99, 0);
    double fP = 2, fA = -1.8, fb = 0, gbt, zero = 0;
    oco_quad_map fm = {1, 1, &fP, &fA, &fb}, gm = {1, 1, NULL, &gA, &gbt};
    oco_coco_prediction perfect = {&fm, &gm, NULL};
    oco_coco_prediction pp = {NULL, NULL, &zero}, pl = {NULL, &gfix, &zero};
    const oco_coco_prediction *prp = mode == 0 ? &perfect : mode == 1 ? &pp : NULL;
    const oco_coco_prediction *prl = mode == 0 ? &perfect : mode == 1 ? &pl : NULL;
    double Vp = 0, Vl = 0;
    *maxdiff = *maxV_pert = *maxV_lin = 0;
    for (size_t t = 1; t <= T; ++t) {
        double w = oco_rng_uniform_range(&rng, -0.2, 0.2);
        gbt = 0.5 - w; /* g_t(x) = x − 0.5 + w */
        double xp, xl;
        assert_int_equal(oco_coco_predict(p, prp, &xp), OCO_OK);
        assert_int_equal(oco_coco_predict(l, prl, &xl), OCO_OK);
        *maxdiff = fmax(*maxdiff, fabs(xp - xl));
        double J = 1, cp = 2 * (xp - 0.9), gp = xp - 0.5 + w, cl = 2 * (xl - 0.9),
               gl = xl - 0.5 + w;
        oco_coco_linear fbp = {&cp, NAN, &gp, &J}, fbl = {&cl, NAN, &gl, &J};
        assert_int_equal(oco_coco_update(p, &fbp), OCO_OK);
        assert_int_equal(oco_coco_update(l, &fbl), OCO_OK);
        Vp += gp;
        Vl += gl;
        double bound = pow((double)t, 0.75);
        *maxV_pert = fmax(*maxV_pert, Vp / bound);
        *maxV_lin = fmax(*maxV_lin, Vl / bound);
    }
    oco_coco_free(p);
    oco_coco_free(l);
    oco_domain_free(dom);
}

static void test_perturbed_vs_linearized(void **state)
{
    (void)state;
    double diff, vp, vl;
    exp2_pair(0, &diff, &vp, &vl, 5000);
    assert_true(diff <= 1e-9);
    exp2_pair(1, &diff, &vp, &vl, 5000);
    assert_true(diff <= 1e-9);
    exp2_pair(2, &diff, &vp, &vl, 5000);
    assert_true(diff > 1e-3);
    assert_true(vp <= 1.0);
    assert_true(vl <= 1.0);
}

/* Quadratic known part: g(x) = ½xᵀP_j x + ⟨A_j, x⟩ − c_j on a ball, b_t
 * random. llp-perturbed's primal steps use t·⟨λ, g(x)⟩ (the P path of the
 * QP); llp on the full forms g + b_t aggregates the same map. With perfect
 * cost and constraint predictions both have h = 0 and coincide. */
static void test_perturbed_quadratic_vs_llp(void **state)
{
    (void)state;
    const size_t d = 2, k = 2;
    oco_domain *dom = oco_domain_ball(d, 1.0);
    oco_rng rng;
    oco_rng_seed(&rng, 123, 0);
    round_maps base;
    rand_round(&rng, &base, d, k, 1, 1);
    base.gb[0] = -0.2; /* component 0 tight: λ_0 > 0 */
    oco_coco_setup s = setup_for(dom, d, k);
    s.fixed_cons = &base.g;
    oco_coco *p = oco_coco_new(oco_coco_llp_perturbed, &s, NULL, 0);
    oco_coco *f = oco_coco_new(oco_coco_llp, &s, NULL, 0);
    assert_non_null(p);
    assert_non_null(f);
    double maxdiff = 0, maxlam = 0;
    for (size_t t = 1; t <= 200; ++t) {
        round_maps r = base;
        maps_link(&r, d, k, 1, 1);
        for (size_t i = 0; i < d; ++i)
            r.fA[i] = oco_rng_uniform_range(&rng, -1, 1);
        double bt[KMAX];
        for (size_t j = 0; j < k; ++j) {
            bt[j] = oco_rng_uniform_range(&rng, -0.1, 0.1);
            r.gb[j] = base.gb[j] - bt[j]; /* g_t = g + b_t */
        }
        oco_coco_prediction pred = {&r.f, &r.g, NULL};
        double xp[DMAX], xf[DMAX], lam[KMAX];
        assert_int_equal(oco_coco_predict(p, &pred, xp), OCO_OK);
        assert_int_equal(oco_coco_predict(f, &pred, xf), OCO_OK);
        for (size_t i = 0; i < d; ++i)
            maxdiff = fmax(maxdiff, fabs(xp[i] - xf[i]));
        feed(p, &r, 0);
        feed(f, &r, 1);
        oco_coco_multipliers(p, lam);
        maxlam = fmax(maxlam, lam[0]);
    }
    assert_true(maxdiff <= 1e-9);
    assert_true(maxlam > 0.05);
    oco_coco_free(p);
    oco_coco_free(f);
    oco_domain_free(dom);
}

/* ---- 6. bad input, reset, streams, memory ------------------------------------ */

static void expect_bad(const oco_coco_type *ty, const oco_coco_setup *s, const char *key,
                       double value, const char *needle)
{
    oco_param p = {key, value};
    assert_int_equal(oco_coco_check(ty, s, &p, 1), OCO_EINVAL);
    if (!strstr(oco_last_error(), needle))
        fail_msg("'%s' does not contain '%s'", oco_last_error(), needle);
    assert_null(oco_coco_new(ty, s, &p, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
}

static void test_bad_input(void **state)
{
    (void)state;
    oco_domain *dom = oco_domain_box_uniform(2, 0, 1);
    oco_coco_setup s = setup_for(dom, 2, 1);
    expect_bad(oco_coco_llp, &s, "beta", 1.0, "beta must be in [0.5, 1)");
    expect_bad(oco_coco_llp_linearized, &s, "beta", 0.4, "beta must be in [0.5, 1)");
    expect_bad(oco_coco_llp2, &s, "sigma", -1, "sigma must be");
    expect_bad(oco_coco_llp2_linearized, &s, "E_bar", -1, "E_bar must be");
    expect_bad(oco_coco_llp, &s, "sigma0", 0, "sigma0 must be");
    expect_bad(oco_coco_llp2, &s, "s", 0, "llp2: s must be");
    expect_bad(oco_coco_llp, &s, "gamma_fallback", 0.5, "gamma_fallback");
    expect_bad(oco_coco_llp, &s, "h_split", 2, "h_split");
    expect_bad(oco_coco_llp, &s, "s", 1, "s"); /* llp has no s: unknown key */
    /* a budget B != 0 (LLP's constraint is Σ g <= 0) and a missing g */
    double B = 1;
    oco_coco_setup sb = s;
    sb.budget = &B;
    assert_int_equal(oco_coco_check(oco_coco_llp, &sb, NULL, 0), OCO_EINVAL);
    assert_int_equal(oco_coco_check(oco_coco_llp_perturbed, &s, NULL, 0), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "fixed_cons"));
    oco_domain *orth = oco_domain_orthant_ball(2, 1.0);
    oco_coco_setup so = setup_for(orth, 2, 1);
    assert_int_equal(oco_coco_check(oco_coco_llp, &so, NULL, 0), OCO_EINVAL);
    oco_domain_free(orth);

    /* llp without the closed form in the feedback, and with linear feedback */
    oco_coco *a = oco_coco_new(oco_coco_llp, &s, NULL, 0);
    assert_non_null(a);
    double x[2];
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    round_maps r;
    oco_rng rng;
    oco_rng_seed(&rng, 1, 1);
    rand_round(&rng, &r, 2, 1, 0, 0);
    oco_grad_oracle co = {cost_fn, &r.f, 2, 0};
    oco_cons_oracle go = oco_cons_oracle_from_form(&r.g);
    go.form = NULL;
    oco_coco_feedback fb = {&co, &go};
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "closed form"));
    assert_int_equal(go.calls, 0);
    double grad[2] = {0, 0}, g = 0, J[2] = {0, 0};
    oco_coco_linear lfb = {grad, NAN, &g, J};
    assert_int_equal(oco_coco_update(a, &lfb), OCO_EINVAL);
    go.form = &r.g; /* the round still completes with the form */
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_OK);
    oco_coco_free(a);
    oco_domain_free(dom);
}

static void test_reset_streams_memory(void **state)
{
    (void)state;
    const size_t d = 3, k = 2;
    oco_domain *dom = oco_domain_simplex(d);
    oco_coco_setup s = setup_for(dom, d, k);
    const oco_coco_type *types[] = {oco_coco_llp, oco_coco_llp2, oco_coco_llp_linearized,
                                    oco_coco_llp2_linearized};
    double first[4][20][DMAX];
    for (size_t v = 0; v < 4; ++v) {
        oco_coco *a = oco_coco_new(types[v], &s, NULL, 0);
        assert_non_null(a);
        int oracle = types[v]->update_oracle != NULL;
        for (int pass = 0; pass < 2; ++pass) {
            oco_rng rng;
            oco_rng_seed(&rng, 8, v);
            for (size_t t = 0; t < 20; ++t) {
                round_maps r;
                rand_round(&rng, &r, d, k, 1, 1);
                r.gb[1] = -0.2;
                double x[DMAX];
                assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
                assert_true(oco_domain_contains(dom, x, 1e-12));
                for (size_t i = 0; i < d; ++i) {
                    if (pass == 0)
                        first[v][t][i] = x[i];
                    else
                        assert_true(x[i] == first[v][t][i]); /* bit for bit */
                }
                feed(a, &r, oracle);
            }
            assert_int_equal(oco_coco_reset(a, NULL), OCO_OK);
        }
        /* reset at a given point: without predictions x_1 is that point */
        double y[3] = {0.6, 0.3, 0.1}, x[3];
        assert_int_equal(oco_coco_reset(a, y), OCO_OK);
        assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
        for (size_t i = 0; i < d; ++i)
            assert_near(x[i], y[i], 1e-15);
        double lam[KMAX];
        assert_int_equal(oco_coco_multipliers(a, lam), OCO_OK);
        assert_true(lam[0] == 0 && lam[1] == 0);
        oco_coco_free(a);
    }
    assert_int_equal(oco_coco_type_streams(oco_coco_llp_linearized), 1);
    assert_int_equal(oco_coco_type_streams(oco_coco_llp2_linearized), 1);
    assert_int_equal(oco_coco_type_streams(oco_coco_llp), 0);
    assert_int_equal(oco_coco_type_streams(oco_coco_llp2), 0);
    assert_int_equal(oco_coco_type_streams(oco_coco_llp_perturbed), 0);
    /* memory: the full variant reserves the k·d² aggregated P blocks */
    oco_domain *big = oco_domain_box_uniform(40, 0, 1);
    oco_coco_setup sb = setup_for(big, 40, 5);
    oco_coco *f = oco_coco_new(oco_coco_llp, &sb, NULL, 0);
    oco_coco *l = oco_coco_new(oco_coco_llp_linearized, &sb, NULL, 0);
    assert_true(oco_coco_memory(f) >= 5 * 40 * 40 * sizeof(double));
    assert_true(oco_coco_memory(f) - oco_coco_memory(l) >= 5 * 40 * 40 * sizeof(double));
    oco_coco_free(f);
    oco_coco_free(l);
    oco_domain_free(big);
    oco_domain_free(dom);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dual_k1),
        cmocka_unit_test(test_dual_k2),
        cmocka_unit_test(test_kkt_box),
        cmocka_unit_test(test_kkt_ball),
        cmocka_unit_test(test_hand_1d),
        cmocka_unit_test(test_hand_llp2),
        cmocka_unit_test(test_perfect_identity),
        cmocka_unit_test(test_perfect_identity_quadratic),
        cmocka_unit_test(test_exp1_regret),
        cmocka_unit_test(test_linear_equivalence),
        cmocka_unit_test(test_perturbed_vs_linearized),
        cmocka_unit_test(test_perturbed_quadratic_vs_llp),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_reset_streams_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
