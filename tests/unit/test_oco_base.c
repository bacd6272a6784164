/* Base learners of universal.md §3 / §9.1 (include/oco/learner.h):
 * hand-computed rounds (OGD, optimistic OGD, ONS, AdaGrad), iterates in X
 * every round, the theorems as deterministic inequalities (OGD strongly
 * convex: Reg <= G²(1 + ln T)/(2λ); ONS: Reg <= 5(1/α + GD)·d·ln T; Hedge:
 * Reg <= B√(T ln d / 2); optimistic learners with perfect hints: O(1)),
 * fitted rates, the wrapper's input checks, the registry, and zero
 * allocations per round (glibc mallinfo2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/learner.h"
#include "oco/linalg.h"
#include "oco/losses.h"
#include "oco/oco_runner.h"
#include "oco/rng.h"
#include "solvers/qp_domain.h"

static oco_learner *mk(const char *name, size_t d, const oco_domain *dom, size_t T, double G,
                       const oco_param *p, size_t np)
{
    oco_learner_setup s = oco_learner_setup_default();
    s.d = d;
    s.domain = dom;
    s.T = T;
    s.G = G;
    oco_learner *l = oco_learner_new(oco_learner_find(name), &s, p, np);
    if (!l)
        print_message("%s: %s\n", name, oco_last_error());
    assert_non_null(l);
    return l;
}

/* ---- hand-computed rounds -------------------------------------------------- */

static void test_ogd_hand(void **st)
{
    (void)st;
    /* ball R = 1 in d = 2: D = 2, G = 1, η_t = 2/√t; x_1 = 0. */
    oco_domain *dom = oco_domain_ball(2, 1.0);
    oco_learner *l = mk("ogd", 2, dom, 0, 1.0, NULL, 0);
    double x[2];
    double g1[2] = {0.1, 0.2}, g2[2] = {-0.3, 0.0}, g3[2] = {0.5, 0.5};
    assert_int_equal(oco_learner_predict(l, NULL, x), 0);
    assert_true(x[0] == 0 && x[1] == 0);
    assert_int_equal(oco_learner_update(l, g1, NAN), 0);
    /* x_2 = −2·g1 = (−0.2, −0.4), inside */
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] + 0.2) < 1e-15 && fabs(x[1] + 0.4) < 1e-15);
    oco_learner_update(l, g2, NAN);
    /* x_3 = x_2 − (2/√2)·g2 = (−0.2 + 0.3√2, −0.4) */
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] - (-0.2 + 0.3 * sqrt(2.0))) < 1e-15 && fabs(x[1] + 0.4) < 1e-15);
    oco_learner_update(l, g3, NAN);
    /* y = x_3 − (2/√3)·g3, outside → y/‖y‖ */
    double y[2] = {x[0] - 2 / sqrt(3.0) * 0.5, x[1] - 2 / sqrt(3.0) * 0.5};
    double n = sqrt(y[0] * y[0] + y[1] * y[1]);
    assert_true(n > 1);
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] - y[0] / n) < 1e-15 && fabs(x[1] - y[1] / n) < 1e-15);
    oco_learner_free(l);
    /* strongly convex steps 1/(λt): λ = 2, box [−1, 1]² */
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    oco_param p[] = {{"lambda", 2.0}};
    l = mk("ogd", 2, box, 0, 1.0, p, 1);
    oco_learner_predict(l, NULL, x);
    oco_learner_update(l, g1, NAN); /* x_2 = −g1/2 */
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] + 0.05) < 1e-15 && fabs(x[1] + 0.1) < 1e-15);
    oco_learner_update(l, g2, NAN); /* x_3 = x_2 − g2/4 */
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] - 0.025) < 1e-15 && fabs(x[1] + 0.1) < 1e-15);
    oco_learner_free(l);
    oco_domain_free(box);
    oco_domain_free(dom);
}

static void test_optimistic_ogd_hand(void **st)
{
    (void)st;
    /* box [−5, 5]² (no projection), D = 10√2, γ = 0: η_1 = η_2 = D,
     * η_3 = D/√(1 + ‖g2 − g1‖²) (V̄ sums from s = 2, §3.1). */
    oco_domain *dom = oco_domain_box_uniform(2, -5, 5);
    oco_learner *l = mk("optimistic-ogd", 2, dom, 0, 1.0, NULL, 0);
    double D = 10 * sqrt(2.0), x[2];
    double g1[2] = {0.01, 0.02}, g2[2] = {0.03, -0.01}, g3[2] = {0, 0};
    oco_learner_predict(l, NULL, x); /* m_1 = 0: x_1 = x̂_1 = 0 */
    assert_true(x[0] == 0 && x[1] == 0);
    oco_learner_update(l, g1, NAN); /* x̂_2 = −D g1 */
    oco_learner_predict(l, NULL, x); /* x_2 = x̂_2 − D g1 */
    assert_true(fabs(x[0] + 2 * D * 0.01) < 1e-14 && fabs(x[1] + 2 * D * 0.02) < 1e-14);
    oco_learner_update(l, g2, NAN); /* x̂_3 = −D g1 − D g2 */
    double e3 = D / sqrt(1 + (0.02 * 0.02 + 0.03 * 0.03));
    oco_learner_predict(l, NULL, x); /* x_3 = x̂_3 − η_3 g2 */
    assert_true(fabs(x[0] - (-D * 0.04 - e3 * 0.03)) < 1e-14);
    assert_true(fabs(x[1] - (-D * 0.01 + e3 * 0.01)) < 1e-14);
    oco_learner_update(l, g3, NAN);
    /* explicit hint overrides the default */
    double h[2] = {0.1, 0.1};
    oco_learner_predict(l, h, x);
    double e4 = D / sqrt(1 + 0.0013 + (0.03 * 0.03 + 0.01 * 0.01));
    assert_true(fabs(x[0] - (-D * 0.04 - 0.1 * e4)) < 1e-13);
    assert_true(fabs(x[1] - (-D * 0.01 - 0.1 * e4)) < 1e-13);
    oco_learner_free(l);
    /* strongly convex: η_t = 2/(γ + λt) with γ = 3, λ = 1 */
    oco_param p[] = {{"gamma", 3.0}, {"lambda", 1.0}};
    l = mk("optimistic-ogd", 2, dom, 0, 1.0, p, 2);
    oco_learner_predict(l, NULL, x);
    oco_learner_update(l, g1, NAN); /* x̂_2 = −(2/4) g1 */
    oco_learner_predict(l, NULL, x); /* x_2 = x̂_2 − (2/5) g1 */
    assert_true(fabs(x[0] + 0.9 * 0.01) < 1e-15 && fabs(x[1] + 0.9 * 0.02) < 1e-15);
    oco_learner_free(l);
    oco_domain_free(dom);
}

static void test_ons_hand(void **st)
{
    (void)st;
    /* ball R = 1, d = 2, G = 1, D = 2, α = 1: β = ½·min{1/8, 1} = 1/16,
     * ε = 1/(β²D²) = 64; g = (0.1, 0): A_1 = diag(64.01, 64),
     * x_2 = −16·A_1⁻¹g (inside the ball). */
    oco_domain *dom = oco_domain_ball(2, 1.0);
    oco_param p[] = {{"alpha", 1.0}};
    oco_learner *l = mk("ons", 2, dom, 0, 1.0, p, 1);
    double x[2], g[2] = {0.1, 0};
    oco_learner_predict(l, NULL, x);
    oco_learner_update(l, g, NAN);
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] + 16 * 0.1 / 64.01) < 1e-15 && x[1] == 0);
    oco_learner_free(l);
    /* optimistic ONS, γ = 1, α = 2, G = 1: U_1 = 2I; x_1 = −U_1⁻¹·0 = 0;
     * x̂_2 = −U_1⁻¹ g = −g/2; U_2 = 2I + ggᵀ; x_2 = x̂_2 − U_2⁻¹ g (m_2 = g). */
    oco_param q[] = {{"alpha", 2.0}, {"gamma", 1.0}};
    l = mk("optimistic-ons", 2, dom, 0, 1.0, q, 2);
    oco_learner_predict(l, NULL, x);
    assert_true(x[0] == 0 && x[1] == 0);
    oco_learner_update(l, g, NAN);
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] - (-0.05 - 0.1 / 2.01)) < 1e-15 && x[1] == 0);
    oco_learner_free(l);
    oco_domain_free(dom);
}

static void test_adagrad_hand_and_projection(void **st)
{
    (void)st;
    /* box: x_2 = clamp(x_1 − η g/(δ + |g|)) coordinate-wise */
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    oco_param p[] = {{"eta", 0.5}, {"delta", 0.25}};
    oco_learner *l = mk("adagrad", 2, box, 0, 1.0, p, 2);
    double x[2], g[2] = {0.75, -4};
    oco_learner_predict(l, NULL, x);
    oco_learner_update(l, g, NAN);
    oco_learner_predict(l, NULL, x);
    assert_true(fabs(x[0] + 0.5 * 0.75 / 1.0) < 1e-15 && fabs(x[1] - 0.5 * 4 / 4.25) < 1e-15);
    oco_learner_free(l);
    oco_domain_free(box);
    /* ball and simplex: one big step forces the diag(h)-projection; compare
     * with the generic U-projection of solvers/qp_domain.h. */
    oco_rng r;
    oco_rng_seed(&r, 1, 2);
    for (int k = 0; k < 2; ++k) {
        size_t d = 6;
        oco_domain *dom = k ? oco_domain_simplex(d) : oco_domain_ball(d, 1.0);
        oco_qpd *q = oco__qpd_new(dom, 8);
        for (int rep = 0; rep < 20; ++rep) {
            oco_param pp[] = {{"eta", 3.0}, {"delta", 0.1}};
            oco_learner *a = mk("adagrad", d, dom, 0, 1.0, pp, 2);
            double gg[6], xx[6], y[6], U[36] = {0}, xr[6];
            for (size_t i = 0; i < d; ++i)
                gg[i] = oco_rng_normal(&r, 0, 1);
            oco_learner_predict(a, NULL, xx);
            for (size_t i = 0; i < d; ++i) {
                double h = 0.1 + fabs(gg[i]);
                U[i + i * d] = h;
                y[i] = xx[i] - 3.0 * gg[i] / h;
            }
            oco_learner_update(a, gg, NAN);
            oco_learner_predict(a, NULL, xx);
            oco__qpd_set_matrix(q, U);
            assert_int_equal(oco__qpd_project(q, y, xr, NULL), 0);
            for (size_t i = 0; i < d; ++i)
                assert_true(fabs(xx[i] - xr[i]) < 1e-12);
            oco_learner_free(a);
        }
        oco__qpd_free(q);
        oco_domain_free(dom);
    }
}

/* Optimistic Hedge with a fixed η and bias equals the optimistic OMD form
 * p̂_{t+1} ∝ p̂_t e^{−η(ℓ_t + a_t)}, p_t ∝ p̂_t e^{−η m_t} (§3, §4.1). */
static void test_optimistic_hedge_omd(void **st)
{
    (void)st;
    size_t d = 5;
    oco_domain *dom = oco_domain_simplex(d);
    oco_param p[] = {{"eta", 0.3}, {"bias", 16.0}};
    oco_learner *l = mk("optimistic-hedge", d, dom, 0, 1.0, p, 2);
    oco_rng r;
    oco_rng_seed(&r, 4, 0);
    double ph[5] = {0.2, 0.2, 0.2, 0.2, 0.2}, m[5] = {0}, x[5], q[5], ell[5];
    for (int t = 0; t < 200; ++t) {
        assert_int_equal(oco_learner_predict(l, NULL, x), 0);
        double z = 0;
        for (size_t i = 0; i < d; ++i)
            z += q[i] = ph[i] * exp(-0.3 * m[i]);
        for (size_t i = 0; i < d; ++i)
            assert_true(fabs(x[i] - q[i] / z) < 1e-12);
        for (size_t i = 0; i < d; ++i)
            ell[i] = oco_rng_uniform_range(&r, -1, 1);
        z = 0;
        for (size_t i = 0; i < d; ++i) {
            double a = 16 * 0.3 * (ell[i] - m[i]) * (ell[i] - m[i]);
            z += ph[i] *= exp(-0.3 * (ell[i] + a));
        }
        for (size_t i = 0; i < d; ++i) {
            ph[i] /= z;
            m[i] = ell[i];
        }
        oco_learner_update(l, ell, NAN);
    }
    oco_learner_free(l);
    oco_domain_free(dom);
}

/* ---- every learner stays in X ------------------------------------------------- */

static void test_iterates_in_domain(void **st)
{
    (void)st;
    size_t d = 12;
    oco_domain *doms[3] = {oco_domain_ball(d, 0.7), oco_domain_box_uniform(d, -0.2, 1.3),
                           oco_domain_simplex(d)};
    const char *names[] = {"ogd", "optimistic-ogd", "ons", "optimistic-ons",
                           "adagrad", "hedge", "optimistic-hedge"};
    oco_rng r;
    oco_rng_seed(&r, 8, 0);
    for (int k = 0; k < 3; ++k)
        for (size_t j = 0; j < sizeof names / sizeof names[0]; ++j) {
            const oco_learner_type *ty = oco_learner_find(names[j]);
            if (ty->domains && !(ty->domains & (1u << oco_domain_get_kind(doms[k]))))
                continue;
            oco_learner *l = mk(names[j], d, doms[k], 300, 10.0, NULL, 0);
            double x[12], g[12], h[12];
            for (int t = 0; t < 300; ++t) {
                for (size_t i = 0; i < d; ++i)
                    h[i] = oco_rng_normal(&r, 0, 2);
                assert_int_equal(oco_learner_predict(l, t % 3 ? NULL : h, x), 0);
                assert_true(oco_domain_contains(doms[k], x, 1e-12));
                for (size_t i = 0; i < d; ++i)
                    g[i] = oco_rng_normal(&r, 0, 3) + (t % 50 < 25 ? 2.0 : -2.0);
                assert_int_equal(oco_learner_update(l, g, NAN), 0);
            }
            oco_learner_free(l);
        }
    for (int k = 0; k < 3; ++k)
        oco_domain_free(doms[k]);
}

/* ---- regret as theorems and rates -------------------------------------------- */

static double run_regret(const char *name, oco_loss_opts o, const oco_domain *dom,
                         const oco_param *p, size_t np, size_t *calls)
{
    oco_loss_seq *s = oco_loss_seq_new(&o, dom);
    assert_non_null(s);
    oco_learner_setup su;
    oco_learner_setup_from_losses(s, dom, &su);
    oco_learner *l = oco_learner_new(oco_learner_find(name), &su, p, np);
    assert_non_null(l);
    oco_learner_run_result res;
    assert_int_equal(oco_learner_run(l, s, NULL, &res), 0);
    if (calls)
        *calls = res.grad_calls;
    oco_learner_free(l);
    oco_loss_seq_free(s);
    return res.regret;
}

/* Least-squares slope of y on x. */
static double slope(const double *x, const double *y, int n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (int i = 0; i < n; ++i) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    for (int i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx;
}

static void test_ogd_strongly_convex_log(void **st)
{
    (void)st;
    /* f_t = ½‖x − z_t‖², λ = 1 (universal.md §12.2 item 7): Hazan et al.
     * 2007 Thm 1, Reg <= G²(1 + ln T)/(2λ), for every T; Reg/√T decreasing
     * and the fitted slope of Reg on ln T positive and bounded. */
    size_t d = 3;
    oco_domain *dom = oco_domain_ball(d, 1.0);
    double lnT[5], reg[5];
    for (int k = 0; k < 5; ++k) {
        oco_loss_opts o = oco_loss_opts_default();
        o.kind = OCO_LOSS_QUADRATIC;
        o.d = d;
        o.T = (size_t)1 << (8 + 2 * k);
        o.seed = 21;
        size_t calls;
        reg[k] = run_regret("ogd", o, dom, NULL, 0, &calls);
        assert_int_equal(calls, o.T);
        lnT[k] = log((double)o.T);
        double G = 1.5; /* λρ(1 + spread) */
        print_message("ogd sc T=%zu regret %.4g bound %.4g\n", o.T, reg[k],
                      G * G * (1 + lnT[k]) / 2);
        assert_true(reg[k] <= G * G * (1 + lnT[k]) / 2);
        if (k)
            assert_true(reg[k] / sqrt((double)o.T) < reg[k - 1] / sqrt((double)(o.T >> 2)));
    }
    double b = slope(lnT, reg, 5);
    print_message("ogd sc: slope of Reg on ln T = %.4g\n", b);
    assert_true(b > 0 && b <= 1.5 * 1.5 / 2);
    oco_domain_free(dom);
}

static void test_ons_dlogt(void **st)
{
    (void)st;
    /* squared losses (§12.2 item 8) on the ball of radius 1/4 (so that the
     * ONS matrix A_t outgrows εI within 2^18 rounds): Hazan et al. 2007
     * Thm 2, Reg <= 5(1/α + GD)·d·ln T for every T, and the slope of Reg on
     * ln T (fitted over T = 2^14..2^18) clearly larger for d = 8 than d = 2. */
    double b[2];
    size_t dims[2] = {2, 8};
    for (int k = 0; k < 2; ++k) {
        size_t d = dims[k];
        oco_domain *dom = oco_domain_ball(d, 0.25);
        double lnT[5], reg[5];
        for (int j = 0; j < 5; ++j) {
            oco_loss_opts o = oco_loss_opts_default();
            o.kind = OCO_LOSS_SQUARED;
            o.d = d;
            o.T = (size_t)1 << (10 + 2 * j);
            o.seed = 31;
            reg[j] = run_regret("ons", o, dom, NULL, 0, NULL);
            lnT[j] = log((double)o.T);
            double D = 0.5, B = D + 0.1, G = 2 * B;
            double alpha = 0.5 * fmin(1 / (4 * G * D), 1 / (2 * B * B));
            double bound = 5 * (1 / alpha + G * D) * (double)d * lnT[j];
            print_message("ons d=%zu T=%zu regret %.4g (bound %.4g)\n", d, o.T, reg[j], bound);
            assert_true(reg[j] > 0 && reg[j] <= bound);
        }
        b[k] = slope(lnT + 2, reg + 2, 3);
        print_message("ons d=%zu slope on ln T %.4g\n", d, b[k]);
        oco_domain_free(dom);
    }
    assert_true(b[1] > 1.5 * b[0]);
}

static void test_hedge_bound(void **st)
{
    (void)st;
    /* losses uniform in [0, 1]^d, range B = 1 (PLG Thm 2.2). */
    size_t d = 10, T = 20000;
    oco_domain *dom = oco_domain_simplex(d);
    for (int rep = 0; rep < 3; ++rep) {
        oco_param p[] = {{"range", 1.0}};
        oco_learner *l = mk("hedge", d, dom, T, sqrt((double)d), p, 1);
        oco_rng r;
        oco_rng_seed(&r, 100 + (uint64_t)rep, 0);
        double x[10], g[10], L[10] = {0}, loss = 0;
        for (size_t t = 0; t < T; ++t) {
            oco_learner_predict(l, NULL, x);
            for (size_t i = 0; i < d; ++i)
                g[i] = rep == 2 ? (double)((t / 7 + i) % 2) : oco_rng_uniform(&r);
            loss += oco_dot(g, x, d);
            oco_axpy(1, g, L, d);
            oco_learner_update(l, g, NAN);
        }
        double best = L[0];
        for (size_t i = 1; i < d; ++i)
            best = fmin(best, L[i]);
        print_message("hedge rep %d regret %.4g bound %.4g\n", rep, loss - best,
                      sqrt(T * log((double)d) / 2));
        assert_true(loss - best <= sqrt(T * log((double)d) / 2));
        oco_learner_free(l);
    }
    oco_domain_free(dom);
}

/* Perfect hints (m_t = g_t): optimistic OGD on linear losses keeps V̄ = 0,
 * η = D, and Reg stays O(1) (Lemma 10: <= γD² + 5D + O(1) with γ = 0);
 * optimistic Hedge: Reg <= B ln d (η = 1/B). Plain OGD on the same losses
 * grows like √T. */
static void test_perfect_hints(void **st)
{
    (void)st;
    size_t d = 4;
    oco_domain *ball = oco_domain_ball(d, 1.0), *spx = oco_domain_simplex(d);
    size_t Ts[2] = {1000, 64000};
    double ro[2], rh[2], rg[2];
    for (int k = 0; k < 2; ++k) {
        size_t T = Ts[k];
        oco_learner *lo = mk("optimistic-ogd", d, ball, T, 1.0, NULL, 0);
        oco_learner *lg = mk("ogd", d, ball, T, 1.0, NULL, 0);
        oco_param hp[] = {{"range", 1.0}};
        oco_learner *lh = mk("optimistic-hedge", d, spx, T, 1.0, hp, 1);
        oco_rng r;
        oco_rng_seed(&r, 77, 0);
        double x[4], y[4], z[4], g[4], S[4] = {0}, lo_s = 0, lg_s = 0, lh_s = 0, Lh[4] = {0};
        for (size_t t = 0; t < T; ++t) {
            for (size_t i = 0; i < d; ++i)
                g[i] = oco_rng_uniform(&r) < 0.5 ? -0.5 : 0.5; /* ‖g‖ = 1, in [−½, ½] */
            oco_learner_predict(lo, g, x);
            oco_learner_predict(lg, NULL, y);
            oco_learner_predict(lh, g, z);
            lo_s += oco_dot(g, x, d);
            lg_s += oco_dot(g, y, d);
            lh_s += oco_dot(g, z, d);
            oco_axpy(1, g, S, d);
            oco_axpy(1, g, Lh, d);
            oco_learner_update(lo, g, NAN);
            oco_learner_update(lg, g, NAN);
            oco_learner_update(lh, g, NAN);
        }
        double best = -oco_nrm2(S, d), bh = Lh[0];
        for (size_t i = 1; i < d; ++i)
            bh = fmin(bh, Lh[i]);
        ro[k] = lo_s - best;
        rg[k] = lg_s - best;
        rh[k] = lh_s - bh;
        print_message("T=%zu optimistic-ogd %.4g ogd %.4g optimistic-hedge %.4g\n", T, ro[k],
                      rg[k], rh[k]);
        assert_true(ro[k] <= 5 * 2.0 + 1); /* 5D + O(1), D = 2 */
        assert_true(rh[k] <= log((double)d));
        oco_learner_free(lo);
        oco_learner_free(lg);
        oco_learner_free(lh);
    }
    /* (the regret is in fact negative: with m_t = g_t each play is nearly a
     * best response; only the upper bound is a theorem) */
    assert_true(rg[1] > 4 * rg[0] + 1); /* ~√64 = 8 fold */
    oco_domain_free(ball);
    oco_domain_free(spx);
}

/* ---- the runner ------------------------------------------------------------ */

typedef struct trace_ctx {
    size_t n;
    double cum;
} trace_ctx;

static int on_round(void *ctx, size_t t, const double *x, double loss, double cum)
{
    trace_ctx *c = ctx;
    (void)x;
    c->n++;
    c->cum += loss;
    assert_int_equal(t, c->n);
    assert_true(fabs(cum - c->cum) <= 1e-12 * (1 + fabs(cum)));
    return 0;
}

/* User gradients ("data" family): the runner's loss, regret, V_T and call
 * count equal a hand-driven learner on the same rows, the closed-form
 * comparator −R‖Σg‖ and Σ‖g_t − g_{t−1}‖². */
static void test_runner_data(void **st)
{
    (void)st;
    size_t d = 3, T = 500;
    double *G = malloc(T * d * sizeof *G), S[3] = {0}, vt = 0;
    oco_rng r;
    oco_rng_seed(&r, 12, 0);
    for (size_t i = 0; i < T * d; ++i)
        G[i] = oco_rng_normal(&r, i % d == 1 ? 0.3 : 0.0, 1);
    for (size_t t = 0; t < T; ++t) {
        oco_axpy(1, G + t * d, S, d);
        for (size_t i = 0; t && i < d; ++i)
            vt += (G[t * d + i] - G[(t - 1) * d + i]) * (G[t * d + i] - G[(t - 1) * d + i]);
    }
    oco_domain *dom = oco_domain_ball(d, 2.0);
    oco_loss_opts o = oco_loss_opts_default();
    o.kind = OCO_LOSS_LINEAR_DATA;
    o.d = d;
    o.T = T;
    o.data = G;
    oco_loss_seq *seq = oco_loss_seq_new(&o, dom);
    oco_learner_setup su;
    oco_learner_setup_from_losses(seq, dom, &su);
    assert_int_equal(su.T, T);
    oco_learner *a = oco_learner_new(oco_learner_find("optimistic-ogd"), &su, NULL, 0);
    oco_learner *b = oco_learner_new(oco_learner_find("optimistic-ogd"), &su, NULL, 0);
    trace_ctx tc = {0, 0};
    oco_learner_run_opts ro = oco_learner_run_opts_default();
    ro.on_round = on_round;
    ro.ctx = &tc;
    oco_learner_run_result res;
    assert_int_equal(oco_learner_run(a, seq, &ro, &res), 0);
    double x[3], loss = 0;
    for (size_t t = 0; t < T; ++t) {
        oco_learner_predict(b, NULL, x);
        loss += oco_dot(G + t * d, x, d);
        oco_learner_update(b, G + t * d, NAN);
    }
    assert_int_equal(res.T, T);
    assert_int_equal(res.grad_calls, T);
    assert_int_equal(tc.n, T);
    assert_true(fabs(res.loss - loss) <= 1e-10 * (1 + fabs(loss)));
    assert_true(fabs(res.comparator + 2.0 * oco_nrm2(S, d)) <= 1e-10 * oco_nrm2(S, d));
    assert_true(fabs(res.regret - (loss + 2.0 * oco_nrm2(S, d))) <= 1e-9 * (1 + fabs(loss)));
    assert_true(res.vt_exact && fabs(res.VT - vt) <= 1e-10 * vt);
    /* a played learner cannot be run again */
    assert_int_equal(oco_learner_run(a, seq, NULL, &res), OCO_ESTATE);
    oco_learner_free(a);
    oco_learner_free(b);
    oco_loss_seq_free(seq);
    oco_domain_free(dom);
    free(G);
}

static int bad_fn(void *ctx, const double *x, double *g, double *v)
{
    (void)ctx;
    (void)x;
    g[0] = 1;
    g[1] = INFINITY;
    if (v)
        *v = 0;
    return 0;
}

static void test_oracle_counts(void **st)
{
    (void)st;
    oco_grad_oracle o = {bad_fn, NULL, 2, 0};
    double x[2] = {0, 0}, g[2];
    assert_int_equal(oco_grad_oracle_eval(&o, x, g, NULL), OCO_EINVAL);
    assert_int_equal(oco_grad_oracle_eval(&o, x, g, NULL), OCO_EINVAL);
    assert_int_equal(o.calls, 2);
    assert_non_null(strstr(oco_last_error(), "non-finite"));
}

/* ---- wrapper, registry, allocations ------------------------------------------ */

static void test_wrapper_checks(void **st)
{
    (void)st;
    oco_domain *dom = oco_domain_ball(3, 1.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = 3;
    s.domain = dom;
    s.G = 0;
    assert_null(oco_learner_new(oco_learner_find("ogd"), &s, NULL, 0));
    assert_non_null(strstr(oco_last_error(), "G"));
    s.G = 1;
    s.D = -1;
    assert_null(oco_learner_new(oco_learner_find("ogd"), &s, NULL, 0));
    assert_non_null(strstr(oco_last_error(), "D"));
    s.D = 0;
    s.d = 4;
    assert_null(oco_learner_new(oco_learner_find("ogd"), &s, NULL, 0));
    s.d = 3;
    assert_null(oco_learner_new(oco_learner_find("hedge"), &s, NULL, 0)); /* simplex only */
    assert_non_null(strstr(oco_last_error(), "simplex"));
    oco_param bad[] = {{"nope", 1}};
    assert_null(oco_learner_new(oco_learner_find("ogd"), &s, bad, 1));
    assert_non_null(strstr(oco_last_error(), "nope"));
    assert_null(oco_learner_find("no-such"));
    assert_int_equal(oco_last_error_code(), OCO_ENOTFOUND);
    oco_domain *orth = oco_domain_orthant(3);
    s.domain = orth;
    assert_null(oco_learner_new(oco_learner_find("ogd"), &s, NULL, 0));
    s.domain = dom;
    /* order and NaN: a rejected gradient leaves the state unchanged */
    oco_learner *a = oco_learner_new(oco_learner_find("optimistic-ons"), &s, NULL, 0);
    oco_learner *b = oco_learner_new(oco_learner_find("optimistic-ons"), &s, NULL, 0);
    double x[3], y[3], g[3] = {0.3, -0.2, 0.9}, bad_g[3] = {0.1, NAN, 0};
    assert_int_equal(oco_learner_update(a, g, NAN), OCO_ESTATE);
    assert_int_equal(oco_learner_predict(a, NULL, x), 0);
    assert_int_equal(oco_learner_predict(a, NULL, x), OCO_ESTATE);
    assert_int_equal(oco_learner_update(a, bad_g, NAN), OCO_EINVAL);
    assert_int_equal(oco_learner_predict(a, bad_g, x), OCO_ESTATE);
    assert_int_equal(oco_learner_update(a, g, NAN), 0);
    oco_learner_predict(b, NULL, y);
    oco_learner_update(b, g, NAN);
    assert_int_equal(oco_learner_predict(a, NULL, x), 0);
    assert_int_equal(oco_learner_predict(b, NULL, y), 0);
    assert_memory_equal(x, y, sizeof x);
    assert_int_equal(oco_learner_round(a), 1);
    oco_learner_free(a);
    oco_learner_free(b);
    oco_learner_free(NULL);
    oco_domain_free(orth);
    oco_domain_free(dom);
}

static void test_registry(void **st)
{
    (void)st;
    const char *mine[] = {"ogd", "optimistic-ogd", "ons", "optimistic-ons",
                          "adagrad", "hedge", "optimistic-hedge"};
    for (size_t i = 0; i < sizeof mine / sizeof mine[0]; ++i) {
        const oco_learner_type *t = oco_learner_find(mine[i]);
        assert_non_null(t);
        const oco_algo_info *in = &t->info;
        assert_true(in->summary && in->source && in->params && in->nparams > 0);
        for (size_t k = 0; k < in->nparams; ++k)
            assert_true(in->params[k].tag && in->params[k].doc && in->params[k].default_text);
    }
}

/* No allocation per round: glibc's allocator statistics do not move over
 * 1000 rounds (after one warm-up round for lazily initialised libraries). */
static void test_no_alloc_per_round(void **st)
{
    (void)st;
    const char *names[] = {"ogd", "optimistic-ogd", "ons", "optimistic-ons",
                           "adagrad", "hedge", "optimistic-hedge"};
    size_t d = 16; /* above the eigen threshold: exercises LAPACK */
    oco_domain *doms[3] = {oco_domain_ball(d, 0.5), oco_domain_box_uniform(d, -0.3, 0.3),
                           oco_domain_simplex(d)};
    oco_rng r;
    oco_rng_seed(&r, 5, 5);
    for (int k = 0; k < 3; ++k)
        for (size_t j = 0; j < sizeof names / sizeof names[0]; ++j) {
            const oco_learner_type *ty = oco_learner_find(names[j]);
            if (ty->domains && !(ty->domains & (1u << oco_domain_get_kind(doms[k]))))
                continue;
            /* optimistic ONS on the ball: the eigen path (eig_threshold = 0) */
            oco_param eig[] = {{"eig_threshold", 0.0}};
            int use_eig = k == 0 && strcmp(names[j], "optimistic-ons") == 0;
            oco_learner *l = mk(names[j], d, doms[k], 2000, 5.0, use_eig ? eig : NULL,
                                use_eig ? 1 : 0);
            double x[16], g[16];
            for (int t = 0; t < 1001; ++t) {
                if (t == 1) {
                    struct mallinfo2 m0 = mallinfo2();
                    for (int u = 0; u < 1000; ++u) {
                        oco_learner_predict(l, NULL, x);
                        for (size_t i = 0; i < d; ++i)
                            g[i] = oco_rng_normal(&r, 0.5, 2);
                        oco_learner_update(l, g, NAN);
                    }
                    struct mallinfo2 m1 = mallinfo2();
                    if (m1.uordblks != m0.uordblks || m1.hblkhd != m0.hblkhd)
                        print_message("%s on kind %d allocates\n", names[j], k);
                    assert_true(m1.uordblks == m0.uordblks && m1.hblkhd == m0.hblkhd);
                    break;
                }
                oco_learner_predict(l, NULL, x);
                for (size_t i = 0; i < d; ++i)
                    g[i] = oco_rng_normal(&r, 0.5, 2);
                oco_learner_update(l, g, NAN);
            }
            oco_learner_free(l);
        }
    for (int k = 0; k < 3; ++k)
        oco_domain_free(doms[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ogd_hand),
        cmocka_unit_test(test_optimistic_ogd_hand),
        cmocka_unit_test(test_ons_hand),
        cmocka_unit_test(test_adagrad_hand_and_projection),
        cmocka_unit_test(test_optimistic_hedge_omd),
        cmocka_unit_test(test_iterates_in_domain),
        cmocka_unit_test(test_ogd_strongly_convex_log),
        cmocka_unit_test(test_ons_dlogt),
        cmocka_unit_test(test_hedge_bound),
        cmocka_unit_test(test_perfect_hints),
        cmocka_unit_test(test_runner_data),
        cmocka_unit_test(test_oracle_counts),
        cmocka_unit_test(test_wrapper_checks),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_no_alloc_per_round),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
