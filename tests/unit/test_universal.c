/* The universal ensemble: invariants of universal.md §12.1 every round and the
 * structural oracles of §12.2 (items 1, 4, 5). Independent references:
 *  - the §7.3 table (hand-derived numbers in the notes);
 *  - a re-implementation of the meta layers from the paper's UNSHIFTED losses
 *    and optimisms (eqs. 3.3-3.4, §6.1) on linear losses, where g_t does not
 *    depend on x_t and the paper's ⟨g_t, x_t⟩ term can be formed, with its
 *    own scale (§6.3's S, or the documented adaptive S_t rule run on its own
 *    values);
 *  - hand-computed constants for overridden λ1, λ2 (§7.1, §7.3);
 *  - a directly coded optimistic Hedge with bias for K = 1, λ1 = λ2 = 0;
 *  - the paper's K·N unshared bases vs the N shared ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/linalg.h"
#include "oco/msmwc.h"
#include "oco/rng.h"
#include "oco/universal.h"


enum { DMAX = 8, KMAX = 40, NMAX = 100 };

/* ---- loss families (gradients bounded by the G passed to the learner) -- */
typedef enum { F_LINEAR, F_QUAD, F_SQUARED, F_SWITCH } family;

typedef struct env {
    family fam;
    size_t d;
    oco_rng rng;
    double z[DMAX], a[DMAX], b;
    size_t t;
} env;

/* Draw round t's loss: linear ⟨c, x⟩ with ‖c‖ ≤ 1; quadratic ½‖x − z‖² with
 * ‖z‖ ≤ 0.5; squared (⟨a, x⟩ − b)² with ‖a‖ = 1, |b| ≤ 0.5; switch: linear
 * for the first half, quadratic after. */
static void env_draw(env *e)
{
    size_t d = e->d;
    family f = e->fam == F_SWITCH ? ((e->t & 1024) ? F_QUAD : F_LINEAR) : e->fam;
    double nr = 0.0;
    for (size_t j = 0; j < d; j++) {
        e->z[j] = oco_rng_uniform_range(&e->rng, -1.0, 1.0);
        nr += e->z[j] * e->z[j];
    }
    nr = sqrt(nr);
    if (f == F_LINEAR) {
        for (size_t j = 0; j < d; j++) /* drifting direction plus noise */
            e->z[j] = 0.6 * (j == 0 ? cos(1e-3 * (double)e->t) : 0.0) + 0.4 * e->z[j] / fmax(nr, 1.0) / sqrt((double)d);
    } else if (f == F_QUAD) {
        for (size_t j = 0; j < d; j++)
            e->z[j] *= 0.5 / fmax(nr, 1e-12) * oco_rng_uniform(&e->rng);
    } else {
        for (size_t j = 0; j < d; j++)
            e->a[j] = e->z[j] / nr;
        e->b = oco_rng_uniform_range(&e->rng, -0.5, 0.5);
    }
    e->t++;
}

static family env_current(const env *e)
{
    return e->fam == F_SWITCH ? (((e->t - 1) & 1024) ? F_QUAD : F_LINEAR) : e->fam;
}

static void env_grad(const env *e, const double *x, double *g)
{
    size_t d = e->d;
    switch (env_current(e)) {
    case F_LINEAR:
        memcpy(g, e->z, d * sizeof(double));
        break;
    case F_QUAD:
        for (size_t j = 0; j < d; j++)
            g[j] = x[j] - e->z[j];
        break;
    default: {
        double r = oco_dot(e->a, x, d) - e->b;
        for (size_t j = 0; j < d; j++)
            g[j] = 2.0 * r * e->a[j];
        break;
    }
    }
}

static int oracle_fn(void *ctx, const double *x, double *g, double *value)
{
    env_grad(ctx, x, g);
    if (value)
        *value = 0.0;
    return OCO_OK;
}

static oco_universal *make(const oco_domain *dom, size_t T, double G, const oco_param *p,
                           size_t np, int multigrad)
{
    oco_learner_setup s = oco_learner_setup_default();
    s.d = oco_domain_dim(dom);
    s.domain = dom;
    s.T = T;
    s.G = G;
    s.L = 2.0;
    oco_universal *u = oco_universal_new(&s, p, np, multigrad);
    if (!u)
        printf("# oco_universal_new: %s\n", oco_last_error());
    assert_non_null(u);
    return u;
}

/* ---- §12.2 item 5: constants ------------------------------------------ */
static void test_constants_table(void **st)
{
    (void)st;
    oco_universal_consts c;
    assert_int_equal(oco_universal_constants(OCO_UNIVERSAL_THEORY, 1, 1, 1, 0, &c), OCO_OK);
    assert_true(c.lambda1 == 1024 && c.lambda2 == 2048 && c.C0 == 8192);
    assert_true(c.gamma_sc == 18432 && c.gamma_c == 8200 && c.gamma_exp == 8200);
    assert_true(c.S == 2049);
    assert_true(fabs(1.0 / (2.0 * c.C0) - 6.1e-5) < 1e-6);
    assert_int_equal(oco_universal_constants(OCO_UNIVERSAL_THEORY, 1, 1, 1, 1, &c), OCO_OK);
    assert_true(c.gamma_exp == 2056); /* seed rule 8G² + λ2 */
    assert_int_equal(oco_universal_constants(OCO_UNIVERSAL_THEORY, 0.5, 1, 0.5, 0, &c), OCO_OK);
    assert_true(c.lambda1 == 360 && c.lambda2 == 720 && c.C0 == 2880);
    assert_true(c.gamma_sc == 6912 && c.gamma_c == 2882 && c.gamma_exp == 2882);
    assert_true(c.S == 720.5);
    assert_int_equal(oco_universal_constants(OCO_UNIVERSAL_THEORY, 0.5, 1, 0.5, 1, &c), OCO_OK);
    assert_true(c.gamma_exp == 722);
    /* practical (§7.3): C0 = 32, λ1 = max(L, 1), λ2 = 2λ1, γ = max(8G², λ2) */
    assert_int_equal(oco_universal_constants(OCO_UNIVERSAL_PRACTICAL, 2, 3, 0.5, 0, &c), OCO_OK);
    assert_true(c.C0 == 32 && c.lambda1 == 1 && c.lambda2 == 2);
    assert_true(c.gamma_c == 32 && c.gamma_sc == 32 && c.gamma_exp == 32);
    assert_true(c.S == 2 * 3 + 2 * 9);
    /* scaled: §7.1 relations kept */
    assert_int_equal(oco_universal_constants(OCO_UNIVERSAL_SCALED, 1, 2, 3, 0, &c), OCO_OK);
    assert_true(c.lambda1 == 3 && c.lambda2 == 6 && c.C0 == 96);
    assert_true(c.gamma_c == 32 && c.gamma_exp == 32 && c.gamma_sc == 48 + 512 * 9);
    /* theory constants satisfy every §7.1/§7.2 condition on a grid */
    const double vals[] = {0.25, 0.5, 1, 2, 4};
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 5; b++)
            for (int l = 0; l < 5; l++) {
                double G = vals[a], D = vals[b], L = vals[l];
                assert_int_equal(oco_universal_constants(1, G, D, L, 0, &c), OCO_OK);
                double G2 = G * G, D2 = D * D, L2 = L * L, Gs2 = (G + D) * (G + D);
                double C2 = 4 * L2 + 32 * D2 * G2 * L2 + 8 * G2 * G2, C3 = (4 + 4 * L2) * Gs2,
                       C4 = 2 * D2 * L2 + 2 * G2 + 10 * D * L2, den = 8 * G2 + c.lambda2;
                double tol = 1e-9 * c.C0;
                assert_true(c.lambda2 == 2 * c.lambda1);
                assert_true(c.lambda1 * (1 + 1e-12) >= 4 * C2 / den);
                assert_true(c.lambda1 >= 32 * C3 && c.lambda1 >= 2 * C4);
                assert_true(c.lambda1 >= 128 * Gs2 && c.lambda1 >= 4 * G2);
                assert_true(c.lambda1 * (1 + 1e-12) >= 32 * G2 * G2 / den);
                assert_true(c.C0 >= 128 && c.C0 >= 8 * c.lambda1 * D2 - tol);
                assert_true(c.C0 >= 8 * C2 * D2 / den - tol && c.C0 >= 64 * D2 * C3 - tol);
                assert_true(c.C0 >= 8 * D && c.C0 >= 4 * D2 * C4 - tol);
                assert_true(c.C0 >= 1044 * D2 * L - tol && c.C0 >= 256 * D2 * Gs2 - tol);
                assert_true(c.C0 >= 8 * D2 * G2 - tol);
                /* minimality: C0 equals one of its lower bounds */
                double lb = fmax(fmax(8 * c.lambda1 * D2, 64 * D2 * C3),
                                 fmax(fmax(1044 * D2 * L, 256 * D2 * Gs2),
                                      fmax(fmax(128, 4 * D2 * C4), 8 * C2 * D2 / den)));
                assert_true(fabs(c.C0 - lb) <= tol || c.C0 == 8 * D2 * G2 || c.C0 == 8 * D);
                /* γ_exp/4 ≥ λ2 + 2G² (the §7.1 cancellation), γ_sc/8 ≥ λ2 + 64G_sc² */
                assert_true(c.gamma_exp / 4 >= c.lambda2 + 2 * G2 - 1e-9);
                assert_true(c.gamma_sc / 8 >= c.lambda2 + 64 * Gs2 - 1e-9);
            }
    assert_int_equal(oco_universal_constants(7, 1, 1, 1, 0, &c), OCO_EINVAL);
    assert_int_equal(oco_universal_constants(0, 0, 1, 1, 0, &c), OCO_EINVAL);
    assert_int_equal(oco_universal_constants(0, 1, -1, 1, 0, &c), OCO_EINVAL);
}

/* ---- overrides re-derive the preset's other constants ------------------ */
static const oco_universal_info *info_with(oco_universal **u, const oco_domain *dom,
                                           const oco_param *p, size_t np)
{
    oco_learner_setup s = oco_learner_setup_default();
    s.d = oco_domain_dim(dom);
    s.domain = dom;
    s.T = 1000;
    s.G = 1.0;
    s.L = 1.0;
    *u = oco_universal_new(&s, p, np, 0);
    if (!*u)
        return NULL;
    return oco_universal_get_info(*u);
}

static void test_override_rederives(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 0.5); /* D = 1; G = L = 1 */
    oco_universal *u;
    /* theory, λ1 = 2000 (above the minimum 1024): by hand from §7.1-7.2,
     * λ2 = 4000, γ_c = γ_exp = 4λ2 + 8G² = 16008, γ_sc = 8λ2 + 512(G+D)² =
     * 34048, C0 = max(8λ1D², 64D²C3 = 2048, 1044D²L, 256D²G_sc² = 1024, ...)
     * = 16000, S = GD + λ2D² = 4001 */
    oco_param th[] = {{"preset", 1}, {"lambda1", 2000}};
    const oco_universal_info *in = info_with(&u, ball, th, 2);
    assert_non_null(in);
    assert_true(in->c.lambda1 == 2000 && in->c.lambda2 == 4000);
    assert_true(in->c.gamma_c == 16008 && in->c.gamma_exp == 16008 && in->c.gamma_sc == 34048);
    assert_true(in->c.C0 == 16000 && in->c.S == 4001);
    oco_universal_free(u);
    /* practical, λ1 = 5: λ2 = 10, γ = max(8G², λ2) = 10, C0 = 32; an explicit
     * gamma_c still wins */
    oco_param pr[] = {{"lambda1", 5}, {"gamma_c", 3}};
    in = info_with(&u, ball, pr, 2);
    assert_non_null(in);
    assert_true(in->c.lambda2 == 10 && in->c.gamma_sc == 10 && in->c.gamma_exp == 10);
    assert_true(in->c.gamma_c == 3 && in->c.C0 == 32);
    oco_universal_free(u);
    /* scaled, λ2 = 12 only: λ1 = max(L, 1) = 1, γ_c = γ_exp = 4·12 + 8 = 56,
     * γ_sc = 96 + 2048 = 2144, C0 = max(32, 8λ1D²) = 32 */
    oco_param sc[] = {{"preset", 2}, {"lambda2", 12}};
    in = info_with(&u, ball, sc, 2);
    assert_non_null(in);
    assert_true(in->c.lambda1 == 1 && in->c.lambda2 == 12);
    assert_true(in->c.gamma_c == 56 && in->c.gamma_exp == 56 && in->c.gamma_sc == 2144);
    assert_true(in->c.C0 == 32);
    oco_universal_free(u);
    /* C0 = 16 is accepted, and its step 1/16 breaks Lemma 2's 1/32 */
    oco_param c16[] = {{"C0", 16}};
    in = info_with(&u, ball, c16, 1);
    assert_non_null(in);
    assert_true(in->max_step == 1.0 / 16.0);
    oco_universal_free(u);
    oco_param neg[] = {{"lambda1", -1}};
    assert_null(info_with(&u, ball, neg, 1));
    assert_non_null(strstr(oco_last_error(), "lambda1"));
    oco_domain_free(ball);
}

/* Memory counts what is allocated: in shared mode the K mids are closed
 * forms over N weights, not K MsMwC objects of 10N doubles each. */
static void test_memory_shared_mids(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_param k1[] = {{"K", 1}}, k8[] = {{"K", 8}};
    oco_universal *a, *b;
    assert_non_null(info_with(&a, ball, k1, 1));
    const oco_universal_info *in = info_with(&b, ball, k8, 1);
    assert_non_null(in);
    double per_mid = ((double)oco_universal_memory(b) - (double)oco_universal_memory(a)) / 7.0;
    printf("# memory per extra shared mid: %.0f bytes (N = %zu)\n", per_mid, in->N);
    assert_true(per_mid > 0 && per_mid < 10.0 * (double)in->N * sizeof(double));
    oco_universal_free(a);
    oco_universal_free(b);
    oco_domain_free(ball);
}

/* ---- §12.1 items 1-2 and §12.2 item 4, every round -------------------- */
static void run_invariants(const oco_domain *dom, family fam, size_t T, double G,
                           const oco_param *p, size_t np, int expect_no_clamp)
{
    oco_universal *u = make(dom, T, G, p, np, 0);
    const oco_universal_info *in = oco_universal_get_info(u);
    const size_t d = in->d, K = in->K, N = in->N;
    env e = {.fam = fam, .d = d};
    oco_rng_seed(&e.rng, 404, (uint64_t)fam);
    double x[DMAX], g[DMAX], y[DMAX];
    for (size_t t = 0; t < T; t++) {
        assert_int_equal(oco_universal_predict(u, x), OCO_OK);
        assert_true(oco_domain_contains(dom, x, 1e-12));
        const double *q = oco_universal_top_weights(u);
        double sq = 0.0;
        memset(y, 0, sizeof y);
        for (size_t k = 0; k < K; k++) {
            assert_true(q[k] > 0.0);
            sq += q[k];
            const double *pk = oco_universal_mid_weights(u, k);
            const double *xk = oco_universal_mid_x(u, k);
            double sp = 0.0, z[DMAX] = {0};
            for (size_t i = 0; i < N; i++) {
                assert_true(pk[i] > 0.0);
                sp += pk[i];
                const double *xi = oco_universal_base_x(u, k, i);
                assert_true(oco_domain_contains(dom, xi, 1e-12));
                oco_axpy(pk[i], xi, z, d);
            }
            assert_true(fabs(sp - 1.0) <= 1e-14);
            for (size_t j = 0; j < d; j++)
                assert_true(fabs(z[j] - xk[j]) <= 1e-14);
            oco_axpy(q[k], xk, y, d);
        }
        assert_true(fabs(sq - 1.0) <= 1e-14);
        for (size_t j = 0; j < d; j++)
            assert_true(fabs(y[j] - x[j]) <= 1e-14);
        env_draw(&e);
        env_grad(&e, x, g);
        assert_true(oco_nrm2(g, d) <= G * (1 + 1e-12));
        assert_int_equal(oco_universal_update(u, g), OCO_OK);
    }
    const oco_universal_diag *dg = oco_universal_get_diag(u);
    assert_int_equal(dg->rounds, T);
    printf("# invariants fam=%d T=%zu preset=%d: K=%zu N=%zu lemma3 residual %.3g (clipped rounds "
           "%.3g), max |l'|,|m'| %.3g, clamps %zu in %zu rounds\n",
           (int)fam, T, in->preset, K, N, dg->max_lemma3_residual,
           dg->max_lemma3_residual_clipped, dg->max_abs_scaled, dg->clamps, dg->clamped_rounds);
    /* Lemma 2 needs every MsMwC step ≤ 1/32: the steps are η_k = 1/(C0 2^k)
     * (top) and 2η_k (mids), so the largest is 1/C0 */
    for (size_t k = 0; k < K; k++)
        assert_true(oco_universal_eta(u, k) == 1.0 / (in->c.C0 * ldexp(1.0, (int)k + 1)));
    assert_true(fabs(in->max_step - 1.0 / in->c.C0) <= 1e-15 / in->c.C0);
    assert_true((in->max_step <= 1.0 / 32.0) == (in->c.C0 >= 32.0));
    /* Lemma 3's identity on the values the layers used (after clipping, §12.2
     * item 4), in the rounds without a clip: to rounding */
    assert_true(dg->max_lemma3_residual <= 1e-14);
    assert_true(dg->clamped_rounds <= dg->rounds && dg->clamped_rounds <= dg->clamps);
    assert_true(dg->S > 0 && dg->S <= in->c.S);
    if (expect_no_clamp == 1) { /* fixed S of §6.3 with true G, D: no clipping */
        assert_false(in->adaptive_scale);
        assert_int_equal(dg->clamps, 0);
        assert_true(dg->max_abs_scaled <= 1.0);
    } else if (expect_no_clamp == 2) { /* adaptive S_t: clipping only at records */
        assert_true(in->adaptive_scale);
        assert_true(dg->clamps <= T * K * N / 20);
        assert_true(dg->clamped_rounds <= T / 20);
    } else {
        /* the misspecified scale was noticed, and clipping breaks Lemma 3's
         * identity on the values used (the check sees it) */
        assert_true(dg->clamps > 0 && dg->clamped_rounds > 0);
        assert_true(dg->max_lemma3_residual_clipped > 1e-3);
    }
    oco_universal_free(u);
}

static void test_invariants_every_round(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(3, 1.0);
    oco_domain *box = oco_domain_box_uniform(2, -1.0, 2.0);
    oco_domain *simp = oco_domain_simplex(4);
    assert_non_null(ball);
    assert_non_null(box);
    assert_non_null(simp);
    oco_param practical[] = {{"preset", 0}}, theory[] = {{"preset", 1}}, scaled[] = {{"preset", 2}};
    /* ball radius 1: linear ‖g‖ ≤ 1; quadratic/squared ‖g‖ ≤ 2 (|⟨a,x⟩ − b| ≤ 1.5 → 3) */
    oco_param fixed[] = {{"preset", 0}, {"adaptive_scale", 0}};
    run_invariants(ball, F_LINEAR, 600, 1.0, practical, 1, 2);
    run_invariants(ball, F_LINEAR, 600, 1.0, fixed, 2, 1);
    run_invariants(ball, F_QUAD, 600, 1.5, theory, 1, 1);
    run_invariants(ball, F_SQUARED, 600, 3.0, scaled, 1, 1);
    run_invariants(ball, F_SWITCH, 2100, 1.5, practical, 1, 2);
    run_invariants(ball, F_SWITCH, 2100, 1.5, fixed, 2, 1);
    /* box [−1, 2]²: quadratic gradients up to ‖x − z‖ ≤ 2√2 + 0.5 */
    run_invariants(box, F_QUAD, 500, 3.4, practical, 1, 2);
    run_invariants(box, F_QUAD, 500, 3.4, fixed, 2, 1);
    run_invariants(box, F_LINEAR, 500, 1.0, theory, 1, 1);
    run_invariants(simp, F_SQUARED, 400, 3.0, practical, 1, 2);
    run_invariants(simp, F_LINEAR, 400, 1.0, scaled, 1, 1);
    /* misspecified scale (too small): clipping kicks in, invariants hold */
    oco_param small[] = {{"preset", 0}, {"adaptive_scale", 0}, {"S", 0.05}};
    run_invariants(ball, F_QUAD, 300, 1.5, small, 3, 0);
    oco_domain_free(ball);
    oco_domain_free(box);
    oco_domain_free(simp);
}

/* ---- §12.1 item 4: sharing ------------------------------------------- */
static void test_sharing_equivalence(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_param p1[] = {{"share", 1}}, p0[] = {{"share", 0}};
    const size_t T = 400;
    for (int mg = 0; mg < 2; mg++) {
        oco_universal *a = make(ball, T, 1.5, p1, 1, mg), *b = make(ball, T, 1.5, p0, 1, mg);
        const oco_universal_info *ia = oco_universal_get_info(a), *ib = oco_universal_get_info(b);
        assert_int_equal(ia->nbases, ia->N);
        assert_int_equal(ib->nbases, ib->K * ib->N);
        env e = {.fam = F_SWITCH, .d = 2};
        oco_rng_seed(&e.rng, 5, 5);
        oco_grad_oracle oa = {oracle_fn, &e, 2, 0}, ob = {oracle_fn, &e, 2, 0};
        double xa[2], xb[2];
        double worst = 0.0, worst_p = 0.0, worst_b = 0.0;
        for (size_t t = 0; t < T; t++) {
            assert_int_equal(oco_universal_predict(a, xa), OCO_OK);
            assert_int_equal(oco_universal_predict(b, xb), OCO_OK);
            worst = fmax(worst, fmax(fabs(xa[0] - xb[0]), fabs(xa[1] - xb[1])));
            for (size_t k = 0; k < ia->K; k++) {
                const double *pa = oco_universal_mid_weights(a, k), *pb = oco_universal_mid_weights(b, k);
                for (size_t i = 0; i < ia->N; i++) {
                    /* unshared: K copies of base i, identical to each other */
                    const double *u1 = oco_universal_base_x(a, k, i), *u2 = oco_universal_base_x(b, k, i);
                    const double *u0 = oco_universal_base_x(b, 0, i);
                    assert_true(u2[0] == u0[0] && u2[1] == u0[1]);
                    worst_b = fmax(worst_b, fmax(fabs(u1[0] - u2[0]), fabs(u1[1] - u2[1])));
                    worst_p = fmax(worst_p, fabs(pa[i] - pb[i]));
                }
            }
            env_draw(&e);
            assert_int_equal(oco_universal_update_oracle(a, &oa), OCO_OK);
            assert_int_equal(oco_universal_update_oracle(b, &ob), OCO_OK);
        }
        /* shared mids use the closed form of equal-step MsMwC, the unshared
         * ones K MsMwC objects: equal to rounding */
        printf("# sharing (multigrad=%d): max |x_shared − x_unshared| = %.3g, mid weights %.3g, "
               "bases %.3g\n",
               mg, worst, worst_p, worst_b);
        assert_true(worst <= 1e-13 && worst_p <= 1e-13 && worst_b <= 1e-13);
        /* §12.2 item 1: the efficient version makes exactly T calls; the
         * multi-gradient one 1 + N (shared) or 1 + K·N (unshared) per round */
        if (!mg) {
            assert_int_equal(oa.calls, T);
            assert_int_equal(ob.calls, T);
        } else {
            assert_int_equal(oa.calls, T * (1 + ia->N));
            assert_int_equal(ob.calls, T * (1 + ib->K * ib->N));
        }
        assert_int_equal(oco_universal_get_diag(a)->grad_calls, oa.calls);
        oco_universal_free(a);
        oco_universal_free(b);
    }
    oco_domain_free(ball);
}

/* §12.2 item 1 through the generic learner wrapper and its counting oracle. */
static void test_gradient_calls_via_learner(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(3, 2.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = 3;
    s.domain = ball;
    s.T = 1000;
    s.G = 3.0;
    oco_learner *l = oco_learner_new(oco_learner_universal, &s, NULL, 0);
    assert_non_null(l);
    env e = {.fam = F_QUAD, .d = 3};
    oco_rng_seed(&e.rng, 6, 6);
    oco_grad_oracle o = {oracle_fn, &e, 3, 0};
    double x[3];
    for (size_t t = 0; t < s.T; t++) {
        assert_int_equal(oco_learner_predict(l, NULL, x), OCO_OK);
        env_draw(&e);
        assert_int_equal(oco_learner_update_oracle(l, &o), OCO_OK);
    }
    assert_int_equal(o.calls, s.T);
    assert_int_equal(oco_learner_predict(l, NULL, x), OCO_ESTATE); /* horizon reached */
    oco_learner_free(l);
    /* multigrad through the wrapper: a plain gradient is refused */
    s.T = 10;
    l = oco_learner_new(oco_learner_universal_multigrad, &s, NULL, 0);
    assert_non_null(l);
    assert_int_equal(oco_learner_predict(l, NULL, x), OCO_OK);
    double g[3] = {1, 0, 0};
    assert_int_equal(oco_learner_update(l, g, NAN), OCO_ESTATE);
    assert_non_null(strstr(oco_last_error(), "oracle"));
    o.calls = 0;
    assert_int_equal(oco_learner_update_oracle(l, &o), OCO_OK);
    oco_learner_free(l);
    oco_domain_free(ball);
}

/* ---- the paper's unshifted meta losses (eqs. 3.3-3.4) as a reference --- */
static void unshifted_paper_form(int adaptive)
{
    const size_t d = 3, T = 1500;
    oco_domain *ball = oco_domain_ball(d, 1.0);
    oco_param p[] = {{"preset", 0}, {"lambda1", 3.0}, {"lambda2", 7.0}, {"C0", 40.0},
                     {"adaptive_scale", adaptive}};
    oco_universal *u = make(ball, T, 1.0, p, 5, 0);
    const oco_universal_info *in = oco_universal_get_info(u);
    const size_t K = in->K, N = in->N;
    const double l1 = 3.0, l2 = 7.0;
    /* the reference's own scale: §6.3's S = GD + λ2D² (G = 1, D = 2), and
     * for the adaptive mode the documented S_t rule (universal.c
     * adapt_scale) run on the reference's own raw values:
     *   S_t = min(S, max(S_{t−1}, max |raw meta value of rounds < t|,
     *                    max_i |r_{t−1,i}| + λ2‖x_{t,i} − x_{t−1,i}‖²)),
     * S_0 = 1e-12 S */
    const double Sfix = 1.0 * 2.0 + l2 * 2.0 * 2.0;
    double S = adaptive ? 1e-12 * Sfix : Sfix, hist = 0.0, worst_S = 0.0;
    assert_true(K <= KMAX && N <= NMAX);
    /* reference meta layers: plain MsMwC objects fed the paper's losses */
    double eta[KMAX], prior[KMAX], steps[NMAX];
    oco_msmwc *mid[KMAX], *top;
    oco_msmwc_opts o = oco_msmwc_opts_default();
    for (size_t k = 0; k < K; k++) {
        eta[k] = 1.0 / (40.0 * ldexp(1.0, (int)k + 1));
        prior[k] = eta[k] * eta[k];
        assert_true(fabs(oco_universal_eta(u, k) - eta[k]) <= 0.0);
        for (size_t i = 0; i < N; i++)
            steps[i] = 2.0 * eta[k];
        mid[k] = oco_msmwc_new(N, steps, &o);
        assert_non_null(mid[k]);
    }
    o.prior = prior;
    top = oco_msmwc_new(K, eta, &o);
    assert_non_null(top);

    static double xb[NMAX][DMAX], xb_prev[NMAX][DMAX], xk[KMAX][DMAX], xk_prev[KMAX][DMAX];
    double r_prev[NMAX] = {0}, gprev[DMAX] = {0}, xprev[DMAX] = {0};
    double x[DMAX], g[DMAX];
    env e = {.fam = F_LINEAR, .d = d};
    oco_rng_seed(&e.rng, 77, 1);
    double worst_p = 0.0, worst_x = 0.0;
    for (size_t t = 0; t < T; t++) {
        assert_int_equal(oco_universal_predict(u, x), OCO_OK);
        env_draw(&e);
        env_grad(&e, x, g); /* linear: g_t known before x_t matters */
        double dx2b[NMAX];
        for (size_t i = 0; i < N; i++) {
            memcpy(xb[i], oco_universal_base_x(u, 0, i), d * sizeof(double));
            dx2b[i] = 0.0;
            for (size_t j = 0; j < d && t; j++)
                dx2b[i] += (xb[i][j] - xb_prev[i][j]) * (xb[i][j] - xb_prev[i][j]);
        }
        if (adaptive) {
            S = fmax(S, hist);
            for (size_t i = 0; i < N; i++)
                S = fmax(S, fabs(r_prev[i]) + l2 * dx2b[i]);
            S = fmin(S, Sfix);
            /* every raw (shifted) mid value of this round enters the history */
            for (size_t i = 0; i < N; i++) {
                double rt = oco_dot(g, x, d) - oco_dot(g, xb[i], d);
                hist = fmax(hist, fmin(Sfix, fabs(-r_prev[i] + l2 * dx2b[i])));
                hist = fmax(hist, fmin(Sfix, fabs(-rt + l2 * dx2b[i])));
            }
        }
        worst_S = fmax(worst_S, fabs(S - oco_universal_get_diag(u)->S) / S);
        /* mids: m_{t,k,i} = m̂_{t,k,i} + λ2‖Δx_{t,i}‖², m̂ = ⟨g_t, x_t⟩ − r_{t−1,i}
         * (the unknown ⟨g_t, x_t⟩ is available here because g_t is linear) */
        double gx = oco_dot(g, x, d), mm[NMAX], lm[NMAX], mt[KMAX], lt[KMAX];
        double ref_x[DMAX] = {0};
        double pk_store[KMAX][NMAX];
        for (size_t k = 0; k < K; k++) {
            for (size_t i = 0; i < N; i++) {
                mm[i] = (gx - r_prev[i] + l2 * dx2b[i]) / S;
                lm[i] = (oco_dot(g, xb[i], d) + l2 * dx2b[i]) / S;
            }
            double *pk = pk_store[k];
            assert_int_equal(oco_msmwc_predict(mid[k], mm, pk), OCO_OK);
            const double *pu = oco_universal_mid_weights(u, k);
            memset(xk[k], 0, sizeof xk[k]);
            double mhat = 0.0;
            for (size_t i = 0; i < N; i++) {
                worst_p = fmax(worst_p, fabs(pk[i] - pu[i]));
                oco_axpy(pk[i], xb[i], xk[k], d);
                mhat += pk[i] * (gx - r_prev[i]);
            }
            double dxk = 0.0;
            for (size_t j = 0; j < d && t; j++)
                dxk += (xk[k][j] - xk_prev[k][j]) * (xk[k][j] - xk_prev[k][j]);
            /* top: ℓ_{t,k} = ⟨g_t, x_{t,k}⟩ + λ1‖Δx_{t,k}‖², m_{t,k} = ⟨m̂_{t,k}, p_{t,k}⟩ + λ1‖Δx_{t,k}‖² */
            mt[k] = (mhat + l1 * dxk) / S;
            lt[k] = (oco_dot(g, xk[k], d) + l1 * dxk) / S;
            if (adaptive) { /* the top's raw shifted values: ℓ − ⟨g_t, x_t⟩ */
                hist = fmax(hist, fmin(Sfix, fabs(mhat - gx + l1 * dxk)));
                hist = fmax(hist, fmin(Sfix, fabs(oco_dot(g, xk[k], d) - gx + l1 * dxk)));
            }
            assert_int_equal(oco_msmwc_update(mid[k], lm), OCO_OK);
        }
        double q[KMAX];
        assert_int_equal(oco_msmwc_predict(top, mt, q), OCO_OK);
        const double *qu = oco_universal_top_weights(u);
        for (size_t k = 0; k < K; k++) {
            worst_p = fmax(worst_p, fabs(q[k] - qu[k]));
            oco_axpy(q[k], xk[k], ref_x, d);
        }
        for (size_t j = 0; j < d; j++)
            worst_x = fmax(worst_x, fabs(ref_x[j] - x[j]));
        assert_int_equal(oco_msmwc_update(top, lt), OCO_OK);
        for (size_t i = 0; i < N; i++) {
            r_prev[i] = gx - oco_dot(g, xb[i], d);
            memcpy(xb_prev[i], xb[i], sizeof xb[i]);
        }
        memcpy(xk_prev, xk, sizeof xk);
        memcpy(gprev, g, sizeof gprev);
        memcpy(xprev, x, sizeof xprev);
        assert_int_equal(oco_universal_update(u, g), OCO_OK);
    }
    printf("# unshifted paper form vs flattened ensemble (adaptive S %d, clipped %zu): max "
           "|Δp|,|Δq| = %.3g, max |Δx| = %.3g; reference S_t vs the ensemble's: %.3g (final S "
           "%.6g of %.6g)\n",
           adaptive, oco_universal_get_diag(u)->clamps, worst_p, worst_x, worst_S, S, Sfix);
    assert_int_equal(oco_universal_get_diag(u)->clamps, 0);
    assert_true(worst_S <= 1e-12);
    assert_true(in->c.lambda1 == l1 && in->c.lambda2 == l2);
    assert_true(worst_p <= 1e-12);
    assert_true(worst_x <= 1e-12);
    /* and the check is sensitive: the weights did move away from the prior */
    const double *pu = oco_universal_mid_weights(u, 0);
    double spread = 0.0;
    for (size_t i = 0; i < N; i++)
        spread = fmax(spread, fabs(pu[i] - 1.0 / (double)N));
    assert_true(spread > 1e-3);
    for (size_t k = 0; k < K; k++)
        oco_msmwc_free(mid[k]);
    oco_msmwc_free(top);
    oco_universal_free(u);
    oco_domain_free(ball);
}

static void test_matches_unshifted_paper_form(void **st)
{
    (void)st;
    unshifted_paper_form(0); /* the paper's fixed S (§6.3) */
    unshifted_paper_form(1); /* the adaptive S_t: same losses, time-varying scale */
}

/* ---- §12.1 item 5: K = 1, λ1 = λ2 = 0 is an optimistic Hedge ----------- */
static void test_degenerate_k1_is_optimistic_hedge(void **st)
{
    (void)st;
    const size_t d = 2, T = 3000;
    oco_domain *ball = oco_domain_ball(d, 1.0);
    oco_param p[] = {{"K", 1}, {"lambda1", 0}, {"lambda2", 0}, {"C0", 32}, {"adaptive_scale", 0}};
    oco_universal *u = make(ball, T, 2.0, p, 5, 0);
    const oco_universal_info *in = oco_universal_get_info(u);
    const size_t N = in->N;
    const double S = in->c.S, eta = 2.0 * (1.0 / 64.0); /* mid step 2η_1 = 1/C0 */
    double cum[NMAX] = {0}, r_prev[NMAX] = {0}, r[NMAX], x[DMAX], g[DMAX], worst = 0.0;
    env e = {.fam = F_QUAD, .d = d};
    oco_rng_seed(&e.rng, 8, 8);
    for (size_t t = 0; t < T; t++) {
        assert_int_equal(oco_universal_predict(u, x), OCO_OK);
        assert_true(oco_universal_top_weights(u)[0] == 1.0);
        /* hand-coded: p_t ∝ exp(−η(Σ_{s<t}(ℓ′_s + a_s) + m′_t)), m′_t = −r_{t−1}/S */
        double w[NMAX], mx = -INFINITY, z = 0.0, xr[DMAX] = {0};
        for (size_t i = 0; i < N; i++)
            mx = fmax(mx, w[i] = -eta * (cum[i] - r_prev[i] / S));
        for (size_t i = 0; i < N; i++)
            z += w[i] = exp(w[i] - mx);
        const double *pu = oco_universal_mid_weights(u, 0);
        for (size_t i = 0; i < N; i++) {
            worst = fmax(worst, fabs(w[i] / z - pu[i]));
            oco_axpy(w[i] / z, oco_universal_base_x(u, 0, i), xr, d);
        }
        for (size_t j = 0; j < d; j++)
            worst = fmax(worst, fabs(xr[j] - x[j]));
        env_draw(&e);
        env_grad(&e, x, g);
        for (size_t i = 0; i < N; i++) {
            r[i] = oco_dot(g, x, d) - oco_dot(g, oco_universal_base_x(u, 0, i), d);
            double lp = -r[i] / S, mp = -r_prev[i] / S;
            cum[i] += lp + 16.0 * eta * (lp - mp) * (lp - mp);
            r_prev[i] = r[i];
        }
        assert_int_equal(oco_universal_update(u, g), OCO_OK);
    }
    printf("# K = 1 vs hand-coded optimistic Hedge: max diff %.3g\n", worst);
    assert_true(worst <= 1e-12);
    oco_universal_free(u);
    oco_domain_free(ball);
}

/* ---- bad input ---------------------------------------------------------- */
static void test_bad_input_state_unchanged(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = 2;
    s.domain = ball;
    s.T = 100;
    oco_param bad1[] = {{"preset", 3}}, bad2[] = {{"K", 0}}, bad3[] = {{"H", 99}},
              bad4[] = {{"nonsense", 1}}, bad5[] = {{"S", -1}},
              bad6[] = {{"sc", 0}, {"exp", 0}, {"cvx", 0}};
    assert_null(oco_universal_new(&s, bad1, 1, 0));
    assert_non_null(strstr(oco_last_error(), "preset"));
    assert_null(oco_universal_new(&s, bad2, 1, 0));
    assert_non_null(strstr(oco_last_error(), "K"));
    assert_null(oco_universal_new(&s, bad3, 1, 0));
    assert_non_null(strstr(oco_last_error(), "H"));
    assert_null(oco_universal_new(&s, bad4, 1, 0));
    assert_non_null(strstr(oco_last_error(), "nonsense"));
    assert_null(oco_universal_new(&s, bad5, 1, 0));
    assert_null(oco_universal_new(&s, bad6, 3, 0));
    s.T = 0;
    assert_null(oco_universal_new(&s, NULL, 0, 0));
    assert_non_null(strstr(oco_last_error(), "T"));
    s.T = 100;
    s.G = -1;
    assert_null(oco_universal_new(&s, NULL, 0, 0));
    s.G = 1;
    oco_domain *orth = oco_domain_orthant(2);
    s.domain = orth;
    assert_null(oco_universal_new(&s, NULL, 0, 0)); /* unbounded: no diameter */
    s.domain = ball;

    /* a rejected gradient leaves the state unchanged: compare with a twin */
    oco_universal *a = oco_universal_new(&s, NULL, 0, 0), *b = oco_universal_new(&s, NULL, 0, 0);
    assert_non_null(a);
    assert_non_null(b);
    double x[2], y[2], g[2] = {0.3, -0.2}, bad[2] = {NAN, 0.0};
    for (int t = 0; t < 20; t++) {
        assert_int_equal(oco_universal_predict(a, x), OCO_OK);
        assert_int_equal(oco_universal_predict(b, y), OCO_OK);
        assert_memory_equal(x, y, sizeof x);
        if (t % 3 == 0) {
            assert_int_equal(oco_universal_update(a, bad), OCO_EINVAL);
            assert_non_null(strstr(oco_last_error(), "non-finite"));
        }
        g[0] = 0.3 * cos(t);
        assert_int_equal(oco_universal_update(a, g), OCO_OK);
        assert_int_equal(oco_universal_update(b, g), OCO_OK);
    }
    assert_int_equal(oco_universal_update(a, g), OCO_ESTATE); /* no predict */
    oco_universal_free(a);
    oco_universal_free(b);
    oco_universal_free(NULL);
    oco_domain_free(orth);
    oco_domain_free(ball);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants_table),
        cmocka_unit_test(test_override_rederives),
        cmocka_unit_test(test_memory_shared_mids),
        cmocka_unit_test(test_invariants_every_round),
        cmocka_unit_test(test_sharing_equivalence),
        cmocka_unit_test(test_gradient_calls_via_learner),
        cmocka_unit_test(test_matches_unshifted_paper_form),
        cmocka_unit_test(test_degenerate_k1_is_optimistic_hedge),
        cmocka_unit_test(test_bad_input_state_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
