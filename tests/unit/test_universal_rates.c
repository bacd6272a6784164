/* Rate oracles of universal.md §12.2 (items 6-10) for the efficient universal
 * ensemble with ONE parameter set (the default `practical` preset, no type
 * flag): the same binary and options must show
 *   6  V_T = 0           → regret plateaus;
 *   7  strongly convex   → Reg_T / ln T bounded (and Reg_T/√T decreasing);
 *   8  exp-concave       → ~d log T, envelope larger for d = 8 than d = 2;
 *   9  convex, drift δ   → O(√V_T) = O(δ√T) up to logs, below plain OGD
 *                          (non-adaptive, η_t = D/(G√t)) on the same sequence;
 *      random signs      → O(√T).
 * The default preset is `practical` (§7.3 constants) with the adaptive scale
 * S_t (universal.c): with the fixed worst-case S of §6.3 the meta layers do
 * not move within these horizons (§7.3 says as much), so the shapes below
 * would be those of the uniform mixture of the bases.
 * Each family is one run at horizon T_MAX; regret is measured exactly at the
 * checkpoints 2^10..2^15 against the best fixed point of that prefix (closed
 * forms: projection of the mean for quadratics, a constrained least-squares
 * solve for squared losses, −R·Σg/‖Σg‖ for linear losses on the ball).
 * Tolerances come from measurement (printed) with a margin; these are
 * regression envelopes of the theorems' shapes, not proofs (§12.2). */
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
#include "oco/rng.h"
#include "oco/universal.h"


enum { DMAX = 8, NCP = 6 };
#define NOISE 1.0 /* b_t noise of the squared losses: makes the d log T term visible */
#define T_MAX ((size_t)1 << 15)
static const size_t checkpoints[NCP] = {1u << 10, 1u << 11, 1u << 12, 1u << 13, 1u << 14,
                                        1u << 15};

typedef enum { L_FIXED_LINEAR, L_FIXED_QUAD, L_SC, L_SQUARED, L_DRIFT, L_SIGNS } kind;

typedef struct prob {
    kind k;
    size_t d;
    double R;     /* X = ball of radius R */
    double delta; /* drift size (L_DRIFT) */
    oco_rng rng;
    /* current loss */
    double c[DMAX], a[DMAX], b;
    /* sufficient statistics of the prefix */
    double sum_c[DMAX], sum_cc; /* linear: Σg; quadratic: Σz, Σ‖z‖² */
    double AtA[DMAX * DMAX], Atb[DMAX], btb;
    double walk[DMAX];
    size_t t;
} prob;

static void draw(prob *p)
{
    const size_t d = p->d;
    switch (p->k) {
    case L_FIXED_LINEAR:
        for (size_t j = 0; j < d; j++)
            p->c[j] = j == 0 ? 0.6 : (j == 1 ? -0.3 : 0.0);
        break;
    case L_FIXED_QUAD:
        for (size_t j = 0; j < d; j++)
            p->c[j] = j == 0 ? 0.3 : (j == 1 ? 0.4 : 0.0);
        break;
    case L_SC: { /* z_t uniform-ish in the ball of radius 0.5 around (0.2, ...) */
        for (size_t j = 0; j < d; j++)
            p->c[j] = (j == 0 ? 0.2 : 0.0) + oco_rng_uniform_range(&p->rng, -0.5, 0.5) / sqrt((double)d);
        break;
    }
    case L_SQUARED: { /* unit a_t, b_t = ⟨a_t, x*⟩ + noise, ‖x*‖ = 0.5 */
        double nr = 0.0;
        for (size_t j = 0; j < d; j++) {
            p->a[j] = oco_rng_normal(&p->rng, 0.0, 1.0);
            nr += p->a[j] * p->a[j];
        }
        nr = sqrt(nr);
        double ax = 0.0;
        for (size_t j = 0; j < d; j++) {
            p->a[j] /= nr;
            ax += p->a[j] * 0.5 / sqrt((double)d);
        }
        p->b = ax + oco_rng_uniform_range(&p->rng, -NOISE, NOISE);
        break;
    }
    case L_DRIFT: { /* g_t = δ·w_t, w_t a reflected random walk in [−1, 1]^d
                       with steps ≤ 0.5: ‖g_t − g_{t−1}‖ ≤ δ/2·√d, V_T = Θ(δ²T) */
        for (size_t j = 0; j < d; j++) {
            double w = p->walk[j] + 0.5 * oco_rng_uniform_range(&p->rng, -1.0, 1.0);
            if (w > 1.0)
                w = 2.0 - w;
            if (w < -1.0)
                w = -2.0 - w;
            p->walk[j] = w;
            p->c[j] = p->delta * w / sqrt((double)d);
        }
        break;
    }
    case L_SIGNS:
        for (size_t j = 0; j < d; j++)
            p->c[j] = (oco_rng_uniform(&p->rng) < 0.5 ? -1.0 : 1.0) / sqrt((double)d);
        break;
    }
    /* statistics */
    if (p->k == L_SQUARED) {
        for (size_t i = 0; i < d; i++) {
            for (size_t j = 0; j < d; j++)
                p->AtA[i + j * d] += p->a[i] * p->a[j];
            p->Atb[i] += p->a[i] * p->b;
        }
        p->btb += p->b * p->b;
    } else {
        for (size_t j = 0; j < d; j++) {
            p->sum_c[j] += p->c[j];
            p->sum_cc += p->c[j] * p->c[j];
        }
    }
    p->t++;
}

static int is_quad(kind k) { return k == L_FIXED_QUAD || k == L_SC; }

static double loss_grad(const prob *p, const double *x, double *g)
{
    const size_t d = p->d;
    if (is_quad(p->k)) {
        double f = 0.0;
        for (size_t j = 0; j < d; j++) {
            g[j] = x[j] - p->c[j];
            f += 0.5 * g[j] * g[j];
        }
        return f;
    }
    if (p->k == L_SQUARED) {
        double r = oco_dot(p->a, x, d) - p->b;
        for (size_t j = 0; j < d; j++)
            g[j] = 2.0 * r * p->a[j];
        return r * r;
    }
    memcpy(g, p->c, d * sizeof(double));
    return oco_dot(p->c, x, d);
}

/* min over the ball of radius R of Σ(⟨a,x⟩ − b)² = xᵀAx − 2xᵀc + btb: the
 * unconstrained solve if inside, else the secular equation (A + νI)x = c,
 * ‖x‖ = R, by bisection on ν (d ≤ 8; LAPACK Cholesky). */
static double ls_best(const prob *p)
{
    const size_t d = p->d;
    double M[DMAX * DMAX], x[DMAX], lo = 0.0, hi = 1.0;
    double nu = 0.0;
    for (int pass = 0; pass < 400; pass++) {
        memcpy(M, p->AtA, d * d * sizeof(double));
        for (size_t i = 0; i < d; i++)
            M[i + i * d] += nu + 1e-12;
        memcpy(x, p->Atb, d * sizeof(double));
        assert_int_equal(oco_spd_solve(M, x, d, 1), OCO_OK);
        double nx = oco_nrm2(x, d);
        if (pass == 0) {
            if (nx <= p->R)
                break;
            while (1) { /* find hi with ‖x(hi)‖ ≤ R */
                memcpy(M, p->AtA, d * d * sizeof(double));
                for (size_t i = 0; i < d; i++)
                    M[i + i * d] += hi;
                memcpy(x, p->Atb, d * sizeof(double));
                assert_int_equal(oco_spd_solve(M, x, d, 1), OCO_OK);
                if (oco_nrm2(x, d) <= p->R)
                    break;
                hi *= 2.0;
            }
        } else if (nx > p->R) {
            lo = nu;
        } else {
            hi = nu;
        }
        nu = 0.5 * (lo + hi);
        if (pass > 0 && hi - lo <= 1e-15 * hi)
            break;
    }
    double Ax[DMAX];
    oco_gemv_sq(p->AtA, x, Ax, d);
    return oco_dot(x, Ax, d) - 2.0 * oco_dot(x, p->Atb, d) + p->btb;
}

/* Loss of the best fixed point of the prefix. */
static double best_loss(const prob *p)
{
    const size_t d = p->d;
    double T = (double)p->t, x[DMAX];
    if (is_quad(p->k)) { /* Π_X(z̄): Σ½‖x − z‖² = ½T‖x‖² − ⟨x, Σz⟩ + ½Σ‖z‖² */
        for (size_t j = 0; j < d; j++)
            x[j] = p->sum_c[j] / T;
        oco_proj_ball(x, d, NULL, p->R);
        return 0.5 * T * oco_dot(x, x, d) - oco_dot(x, p->sum_c, d) + 0.5 * p->sum_cc;
    }
    if (p->k == L_SQUARED)
        return ls_best(p);
    return -p->R * oco_nrm2(p->sum_c, d); /* linear on the ball */
}

/* One run; regret at each checkpoint into reg[] (and, if non-NULL, plain
 * OGD's regret on the same losses into ogd[], and V_T into vt[]). */
static void run2(prob *p, double G, double *reg, size_t *K, size_t *N, double *ogd, double *vt)
{
    oco_domain *dom = oco_domain_ball(p->d, p->R);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = p->d;
    s.domain = dom;
    s.T = T_MAX;
    s.G = G;
    s.L = 2.0;
    oco_universal *u = oco_universal_new(&s, NULL, 0, 0); /* one parameter set: defaults */
    assert_non_null(u);
    oco_learner *o = ogd ? oco_learner_new(oco_learner_ogd, &s, NULL, 0) : NULL;
    if (ogd)
        assert_non_null(o);
    double x[DMAX], y[DMAX], g[DMAX], gp[DMAX] = {0}, h[DMAX], cum = 0.0, cumo = 0.0, V = 0.0;
    size_t c = 0;
    for (size_t t = 1; t <= T_MAX; t++) {
        assert_int_equal(oco_universal_predict(u, x), OCO_OK);
        if (o)
            assert_int_equal(oco_learner_predict(o, NULL, y), OCO_OK);
        draw(p);
        cum += loss_grad(p, x, g);
        assert_true(oco_nrm2(g, p->d) <= G);
        assert_int_equal(oco_universal_update(u, g), OCO_OK);
        if (o) {
            cumo += loss_grad(p, y, h);
            assert_int_equal(oco_learner_update(o, h, NAN), OCO_OK);
        }
        if (t > 1) /* linear losses: sup_x ‖∇f_t − ∇f_{t−1}‖² = ‖g_t − g_{t−1}‖² */
            for (size_t j = 0; j < p->d; j++)
                V += (p->c[j] - gp[j]) * (p->c[j] - gp[j]);
        memcpy(gp, p->c, sizeof gp);
        if (c < NCP && t == checkpoints[c]) {
            double best = best_loss(p);
            reg[c] = cum - best;
            if (ogd)
                ogd[c] = cumo - best;
            if (vt)
                vt[c] = V;
            c++;
        }
    }
    /* the adaptive scale clips only at new records of the meta losses */
    const oco_universal_diag *dg = oco_universal_get_diag(u);
    printf("# (clipped %zu scaled meta values in %zu rounds, final S_t = %.3g, fixed S = %.3g)\n",
           dg->clamps, T_MAX, dg->S, oco_universal_get_info(u)->c.S);
    assert_true(dg->clamps <= T_MAX / 8);
    *K = oco_universal_get_info(u)->K;
    *N = oco_universal_get_info(u)->N;
    oco_learner_free(o);
    oco_universal_free(u);
    oco_domain_free(dom);
}

static void run(prob *p, double G, double *reg, size_t *K, size_t *N)
{
    run2(p, G, reg, K, N, NULL, NULL);
}

/* Least-squares slope of y against x. */
static double slope(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i] / (double)n;
        my += y[i] / (double)n;
    }
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    return sxy / sxx;
}

static void report(const char *name, const double *reg, size_t K, size_t N)
{
    printf("# %-22s K=%zu N=%zu Reg_T at T=2^10..2^15:", name, K, N);
    for (size_t c = 0; c < NCP; c++)
        printf(" %.4g", reg[c]);
    double lt[NCP], lr[NCP];
    for (size_t c = 0; c < NCP; c++) {
        lt[c] = log((double)checkpoints[c]);
        lr[c] = log(fmax(reg[c], 1e-3));
    }
    printf("  | log-log slope %.3f, slope vs ln T %.3f\n", slope(lt, lr, NCP), slope(lt, reg, NCP));
}

static double loglog(const double *reg)
{
    double lt[NCP], lr[NCP];
    for (size_t c = 0; c < NCP; c++) {
        lt[c] = log((double)checkpoints[c]);
        lr[c] = log(fmax(reg[c], 1e-3));
    }
    return slope(lt, lr, NCP);
}

/* log-log slope over the last m checkpoints */
static double loglog_tail(const double *reg, size_t m)
{
    double lt[NCP], lr[NCP];
    for (size_t c = 0; c < m; c++) {
        lt[c] = log((double)checkpoints[NCP - m + c]);
        lr[c] = log(fmax(reg[NCP - m + c], 1e-3));
    }
    return slope(lt, lr, m);
}

/* §12.2 item 6: V_T = 0 ⇒ the regret plateaus. */
static void test_zero_variation_plateaus(void **st)
{
    (void)st;
    double reg[NCP];
    size_t K, N;
    prob p = {.k = L_FIXED_LINEAR, .d = 2, .R = 1.0};
    run(&p, 1.0, reg, &K, &N);
    report("fixed linear (V=0)", reg, K, N);
    assert_true(fabs(reg[NCP - 1] - reg[0]) <= 1e-3 * fmax(1.0, reg[0]));
    assert_true(reg[NCP - 1] <= 10.0);
    prob q = {.k = L_FIXED_QUAD, .d = 2, .R = 1.0};
    run(&q, 2.0, reg, &K, &N);
    report("fixed quadratic (V=0)", reg, K, N);
    assert_true(fabs(reg[NCP - 1] - reg[0]) <= 1e-3 * fmax(1.0, reg[0]));
    assert_true(reg[NCP - 1] <= 10.0);
}

/* §12.2 item 7: strongly convex ⇒ Reg_T / ln T bounded, Reg_T / √T falls.
 * Measured (seed 4004/7): 1.14 1.54 2.15 2.75 3.10 3.44 at 2^10..2^15, i.e.
 * ~0.35 per doubling at the end, log-log slope 0.16 over the last three. */
static void test_strongly_convex_log(void **st)
{
    (void)st;
    double reg[NCP];
    size_t K, N;
    prob p = {.k = L_SC, .d = 2, .R = 1.0};
    oco_rng_seed(&p.rng, 4004, 7);
    run(&p, 2.0, reg, &K, &N);
    report("strongly convex", reg, K, N);
    for (size_t c = 1; c < NCP; c++)
        assert_true(reg[c] / sqrt((double)checkpoints[c]) <
                    reg[c - 1] / sqrt((double)checkpoints[c - 1]));
    assert_true(loglog_tail(reg, 3) <= 0.3); /* √T would be 0.5 */
    assert_true(reg[NCP - 1] - reg[NCP - 3] <= 1.5 * log(4.0)); /* ≤ 1.5 per unit ln T */
    assert_true(reg[NCP - 1] / log((double)T_MAX) <= 1.0);
}

/* §12.2 item 8: exp-concave squared losses ⇒ ~d log T. Measured: d = 2:
 * 11.3 → 27.2, d = 8: 10.6 → 34.2 over 2^10..2^15 (log-log 0.26 and 0.36;
 * the meta layers are still converging at d = 8). */
static void test_exp_concave_dlog(void **st)
{
    (void)st;
    double r2[NCP], r8[NCP];
    size_t K, N;
    const double G = 2.0 * (1.5 + NOISE); /* |⟨a,x⟩ − b| ≤ 1 + 0.5 + noise */
    prob p = {.k = L_SQUARED, .d = 2, .R = 1.0};
    oco_rng_seed(&p.rng, 4004, 8);
    run(&p, G, r2, &K, &N);
    report("exp-concave d=2", r2, K, N);
    prob q = {.k = L_SQUARED, .d = 8, .R = 1.0};
    oco_rng_seed(&q.rng, 4004, 9);
    run(&q, G, r8, &K, &N);
    report("exp-concave d=8", r8, K, N);
    for (size_t c = 0; c < NCP; c++) { /* the d log T envelope, one constant */
        assert_true(r2[c] <= 2.0 * 2.0 * log((double)checkpoints[c]));
        assert_true(r8[c] <= 2.0 * 8.0 * log((double)checkpoints[c]));
    }
    assert_true(loglog(r2) <= 0.45);
    assert_true(loglog(r8) <= 0.45);
    assert_true(r8[NCP - 1] > r2[NCP - 1]); /* larger d, larger regret */
}

/* §12.2 item 9: linear losses with drift ⇒ O(√V_T) up to logs, while plain
 * OGD keeps growing; i.i.d. signs ⇒ O(√T). Measured (δ = 0.02): universal
 * 0.79 1.27 2.27 2.24 1.75 0.62, OGD 0.86 1.50 3.36 7.27 11.7 14.8,
 * √V_T ≈ 0.25 → 1.39; signs: 26 44 74 136 131 163 (√T = 181 at 2^15). */
static void test_convex_drift_and_signs(void **st)
{
    (void)st;
    double ru[NCP], ro[NCP], vt[NCP], rn[NCP];
    size_t K, N;
    prob a = {.k = L_DRIFT, .d = 2, .R = 1.0, .delta = 0.02};
    oco_rng_seed(&a.rng, 1, 1);
    run2(&a, 1.0, ru, &K, &N, ro, vt);
    report("linear drift 0.02", ru, K, N);
    report("  plain OGD, same losses", ro, K, N);
    for (size_t c = 0; c < NCP; c++)
        assert_true(ru[c] <= 3.0 * (1.0 + sqrt(vt[c])));
    assert_true(ro[NCP - 1] > 3.0 * (1.0 + sqrt(vt[NCP - 1]))); /* the envelope bites */
    assert_true(ru[NCP - 1] < 0.5 * ro[NCP - 1]);
    prob c = {.k = L_SIGNS, .d = 2, .R = 1.0};
    oco_rng_seed(&c.rng, 4004, 11);
    run(&c, 1.0, rn, &K, &N);
    report("random signs", rn, K, N);
    for (size_t i = 0; i < NCP; i++)
        assert_true(rn[i] <= 2.0 * sqrt((double)checkpoints[i]));
    assert_true(loglog(rn) <= 0.7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_variation_plateaus),
        cmocka_unit_test(test_strongly_convex_log),
        cmocka_unit_test(test_exp_concave_dlog),
        cmocka_unit_test(test_convex_drift_and_signs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
