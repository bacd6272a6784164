/* Seed 003's Lyapunov + AdaGrad (lyapunov-adagrad) and its Sinha–Vaze
 * baseline (sinha-vaze, sinha-vaze-strong), against independent references:
 *   (a) inequality (22), ½e^{λQ(T)} + α·Reg_T <= 1 + κ√T, on runs meeting the
 *       assumptions (consumption >= 0, gradients bounded by G, X* non-empty),
 *       Reg_T against the exact long-term hindsight (CLP), Q(T) and λ, κ
 *       recomputed here from the decisions and the formulas;
 *   (b) several resources (§B.4) with unequal budgets: ½Σ_i e^{λQ_i(T)} +
 *       αReg_T <= k + κ√T, hence αReg_T <= κ√T + k/2 and Q_i(T) <=
 *       2(κ√T + αB)·ln(2(k + κ√T + αFT));
 *   (c) never Inf/NaN on inputs that break the assumptions;
 *   (d) the first rounds computed by hand (d = 1 and d = 2, clamped and
 *       projected steps, unequal budgets, stay put while S = 0);
 *   (e) Sinha–Vaze Theorem 1 (Regret_t <= 2GD(√t + 1) at every checkpoint t,
 *       CCV_T <= 4GD·ln(2(1 + 2T))√T) and Theorem 2 (Regret_t <=
 *       (G²/H)(1 + ln t)) against the per-round hindsight of each prefix;
 *   (f) zero allocations per round;
 *   and the runner's consumption, budget, violation and alpha_regret. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, write, close, unlink */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oco/oco.h"

#include "alloc_count.h"

#define TOL 1e-12

/* cmocka's assert_float_equal compares floats: doubles need their own */
#define assert_near(a, b, tol)                                                                 \
    do {                                                                                       \
        const double a_ = (a), b_ = (b), t_ = (tol);                                           \
        if (!(fabs(a_ - b_) <= t_))                                                            \
            fail_msg("%s = %.17g, want %.17g (tol %.3g)", #a, a_, b_, t_);                     \
    } while (0)

/* ---- recording a run through the runner -------------------------------- */

enum { KMAX = 4, DMAX = 8 };

typedef struct rec {
    oco_coco_problem *p;
    size_t k;
    double loss;           /* Σ f_t(x_t), recomputed from the closed form */
    double cons[KMAX];     /* Σ c_t(x_t): the constraint map with b = 0 */
    double bsum[KMAX];     /* Σ b_t */
    double ccv;            /* Σ max(0, max_j g_tj(x_t)) */
    double z[DMAX], fz;    /* Σ f_t(z) at a fixed z (prefix check) */
    size_t nck;            /* checkpoints: cumulative loss at t = ck[i] */
    const size_t *ck;
    double *ckloss;
} rec;

static int on_round(void *ctx, size_t t, const double *x, double loss, const double *g,
                    double cum_loss, const double *cum_g, const oco_coco *alg)
{
    (void)loss, (void)cum_loss, (void)cum_g, (void)alg;
    rec *r = ctx;
    const oco_quad_map *f = oco_coco_problem_cost(r->p), *cm = oco_coco_problem_cons(r->p);
    double v, c[KMAX], gm = 0;
    oco_quad_map_eval(f, x, &v, NULL);
    r->loss += v;
    oco_quad_map_eval(f, r->z, &v, NULL);
    r->fz += v;
    oco_quad_map cons = *cm;
    cons.b = NULL;
    oco_quad_map_eval(&cons, x, c, NULL);
    for (size_t j = 0; j < r->k; ++j) {
        r->cons[j] += c[j];
        r->bsum[j] += cm->b ? cm->b[j] : 0.0;
        gm = fmax(gm, g[j]);
    }
    r->ccv += gm;
    for (size_t i = 0; i < r->nck; ++i)
        if (r->ck[i] == t)
            r->ckloss[i] = r->loss;
    return OCO_OK;
}

/* Run ty on p (setup from the problem; consumption algorithms get B_T). */
static void run(const oco_coco_type *ty, oco_coco_problem *p, const oco_param *par, size_t np,
                oco_coco_benchmark bench, rec *r, oco_coco_run_result *res, double *B)
{
    const size_t k = oco_coco_problem_nconstraints(p);
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    if (ty->needs & OCO_COCO_CONSUMPTION) {
        assert_int_equal(oco_coco_problem_budget(p, B), OCO_OK);
        s.budget = B;
    }
    oco_coco *a = oco_coco_new(ty, &s, par, np);
    if (!a)
        print_message("%s: %s\n", ty->info.name, oco_last_error());
    assert_non_null(a);
    r->p = p;
    r->k = k;
    oco_coco_run_opts o = oco_coco_run_opts_default();
    o.benchmark = bench;
    o.on_round = on_round;
    o.ctx = r;
    double cons[KMAX], bud[KMAX], csum[KMAX];
    o.consumption = cons;
    o.budget = bud;
    assert_int_equal(oco_coco_run(a, p, &o, res, csum), OCO_OK);
    /* the runner's sums against the recomputation */
    assert_near(res->loss, r->loss, 1e-9 * fmax(1, fabs(r->loss)));
    for (size_t j = 0; j < k; ++j) {
        assert_near(cons[j], r->cons[j], 1e-9 * fmax(1, fabs(r->cons[j])));
        assert_near(bud[j], r->bsum[j], 1e-9 * fmax(1, r->bsum[j]));
        assert_near(csum[j] + bud[j], cons[j], 1e-9 * fmax(1, fabs(cons[j])));
        if (ty->needs & OCO_COCO_CONSUMPTION) /* the pre-pass = the run's sum */
            assert_near(B[j], r->bsum[j], 1e-9 * fmax(1, r->bsum[j]));
    }
    assert_near(res->alpha, 1.0, 0);
    assert_near(res->alpha_regret, res->loss - res->alpha * res->comparator, 1e-9);
    oco_coco_free(a);
}

/* ---- (a), (b): inequality (22) and its several-resource form ------------ */

static char tmp_path[64];

/* A file problem on [0, 1]^2 (d = 2) whose budget binds hard: rewards
 * −⟨v_t, x⟩ pull x up, the consumption ⟨w_t, x⟩ >= 0 is concentrated on
 * resource 1 in the first half and on resource 2 in the second (seed 003
 * §B.4's two-half-horizon pattern), and the budget shares are small. */
static oco_coco_problem *adversarial_file(size_t T, size_t k, const double *share,
                                          oco_domain *dom)
{
    strcpy(tmp_path, "/tmp/oco_lyap_XXXXXX");
    int fd = mkstemp(tmp_path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "c1,c2");
    for (size_t j = 1; j <= k; ++j)
        fprintf(f, ",A%zu_1,A%zu_2,b%zu", j, j, j);
    fputc('\n', f);
    oco_rng rng;
    oco_rng_seed(&rng, 17, 0);
    for (size_t t = 0; t < T; ++t) {
        fprintf(f, "%.17g,%.17g", -oco_rng_uniform_range(&rng, 0.2, 1),
                -oco_rng_uniform_range(&rng, 0.2, 1));
        for (size_t j = 0; j < k; ++j) {
            const int hot = (t < T / 2) == (j % 2 == 0);
            const double w = hot ? 1.0 : 0.1;
            fprintf(f, ",%.17g,%.17g,%.17g", w * oco_rng_uniform_range(&rng, 0.5, 1),
                    w * oco_rng_uniform_range(&rng, 0.5, 1), share[j]);
        }
        fputc('\n', f);
    }
    assert_int_equal(fclose(f), 0);
    oco_coco_problem *p = oco_coco_problem_from_csv(tmp_path, dom);
    unlink(tmp_path);
    assert_non_null(p);
    return p;
}

/* The check of (22)/(45)-(48) for one run: returns lhs/rhs of the combined
 * inequality ½Σe^{λQ_i} + αReg <= k + κ√T (k = 1: (22)). kappa_scale
 * multiplies the default κ (unequal budgets: the scaled constraints'
 * gradients are bounded by G·max_i B/B_i). */
static double check_lyapunov(oco_coco_problem *p, double kappa_scale, double F)
{
    const size_t k = oco_coco_problem_nconstraints(p), T = oco_coco_problem_horizon(p);
    const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
    double B[KMAX];
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    const double G = fmax(in->G, in->L_g), D = oco_domain_diameter(oco_coco_problem_domain(p));
    const double kappa = kappa_scale * sqrt(2.0) * G * D;
    oco_param par[] = {{"kappa", kappa}};
    rec r;
    memset(&r, 0, sizeof r);
    oco_coco_run_result res;
    run(oco_coco_lyapunov_adagrad, p, par, kappa_scale == 1 ? 0 : 1, OCO_COCO_BENCH_LONG_TERM,
        &r, &res, B);
    /* the exact long-term benchmark, independently of the runner's call */
    oco_coco_hindsight h;
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_LONG_TERM, NULL, NULL, &h),
                     OCO_OK);
    assert_near(res.comparator, h.comparator, 1e-12 * fmax(1, fabs(h.comparator)));
    assert_true(h.gap <= 1e-9 * fmax(1, fabs(h.comparator)));
    const double alpha = in->alpha, reg = r.loss - alpha * h.comparator;
    double Bm = 0;
    for (size_t j = 0; j < k; ++j)
        Bm = fmax(Bm, B[j]);
    const double sT = sqrt((double)T), lambda = 1 / (2 * (kappa * sT + alpha * Bm));
    double lhs = alpha * reg, Qmax = 0;
    for (size_t j = 0; j < k; ++j) {
        const double Q = (B[j] > 0 ? Bm / B[j] : 1.0) * r.cons[j]; /* scaled queue */
        Qmax = fmax(Qmax, Q);
        lhs += 0.5 * exp(lambda * Q);
        /* Q_i(T) <= 2(κ√T + αB)·ln(2(k + κ√T + αFT)) */
        assert_true(Q <= 2 * (kappa * sT + alpha * Bm) *
                             log(2 * ((double)k + kappa * sT + alpha * F * (double)T)));
    }
    const double rhs = (double)k + kappa * sT;
    if (!(lhs <= rhs * (1 + 1e-12)))
        fail_msg("(22)/(45): %.17g > %.17g (Reg %.6g, Q %.6g, lambda %.6g)", lhs, rhs, reg, Qmax,
                 lambda);
    assert_true(alpha * reg <= kappa * sT + 0.5 * (double)k + 1e-9);
    return lhs / rhs;
}

static void test_inequality_22(void **st)
{
    (void)st;
    /* resource family, one resource: c_t = ⟨w_t, x⟩ >= 0 on [0,1]^d, ‖∇f‖,
     * ‖∇c‖ <= √d = G, x = 0 feasible. f = −⟨v, x⟩ ∈ [−d, 0]: the
     * consumption bound uses αReg >= −αFT, true here with F = d as well. */
    const size_t ds[] = {2, 4}, Ts[] = {50, 400, 2000};
    double worst = -INFINITY;
    for (size_t i = 0; i < 2; ++i)
        for (size_t j = 0; j < 3; ++j)
            for (uint64_t seed = 1; seed <= 3; ++seed) {
                oco_domain *dom = oco_domain_box_uniform(ds[i], 0, 1);
                oco_coco_problem_opts po = oco_coco_problem_opts_default();
                po.kind = OCO_COCO_PROBLEM_RESOURCE;
                po.d = ds[i];
                po.k = 1;
                po.T = Ts[j];
                po.seed = seed;
                oco_coco_problem *p = oco_coco_problem_new(&po, dom);
                assert_non_null(p);
                worst = fmax(worst, check_lyapunov(p, 1.0, (double)ds[i]));
                oco_coco_problem_free(p);
                oco_domain_free(dom);
            }
    /* On those families the budget never binds within the horizons: Q(T) <=
     * 2(κ√T + B)·ln(...) exceeds the largest possible consumption, and the
     * constraint term λe^{λQ} stays far below ∇f (an algorithm ignoring the
     * constraints passes too). A binding budget (tiny shares, T = 10⁴): the
     * bound on Q is a third of the consumption of x = (1, 1), and ignoring
     * the constraints fails (22) by a factor e^{20}. */
    oco_domain *box = oco_domain_box_uniform(2, 0, 1);
    const double share[] = {0.002};
    oco_coco_problem *p = adversarial_file(10000, 1, share, box);
    const double tight = check_lyapunov(p, 1.0, 2.0);
    print_message("(22): lhs/rhs <= %.3g on the families, %.3g on the binding file\n", worst,
                  tight);
    oco_coco_problem_free(p);
    oco_domain_free(box);
}

static void test_several_resources(void **st)
{
    (void)st;
    /* resource family, k = 2 and 3: unequal budgets Σ_t ρ_j (ρ_j random) */
    for (size_t k = 2; k <= 3; ++k)
        for (uint64_t seed = 1; seed <= 3; ++seed) {
            oco_domain *dom = oco_domain_box_uniform(3, 0, 1);
            oco_coco_problem_opts po = oco_coco_problem_opts_default();
            po.kind = OCO_COCO_PROBLEM_RESOURCE;
            po.d = 3;
            po.k = k;
            po.T = 800;
            po.seed = seed;
            oco_coco_problem *p = oco_coco_problem_new(&po, dom);
            assert_non_null(p);
            double B[KMAX], Bm = 0, scale = 1;
            assert_int_equal(oco_coco_problem_budget(p, B), OCO_OK);
            for (size_t j = 0; j < k; ++j)
                Bm = fmax(Bm, B[j]);
            for (size_t j = 0; j < k; ++j)
                scale = fmax(scale, Bm / B[j]);
            check_lyapunov(p, scale, 3.0);
            oco_coco_problem_free(p);
            oco_domain_free(dom);
        }
    /* the two-half pattern with equal and unequal shares */
    const double eq[] = {0.002, 0.002}, uneq[] = {0.004, 0.001};
    for (int u = 0; u < 2; ++u) {
        oco_domain *box = oco_domain_box_uniform(2, 0, 1);
        oco_coco_problem *p = adversarial_file(10000, 2, u ? uneq : eq, box);
        check_lyapunov(p, u ? 4.0 : 1.0, 2.0);
        oco_coco_problem_free(p);
        oco_domain_free(box);
    }
}

/* ---- (c) never Inf/NaN --------------------------------------------------- */

static double wild(oco_rng *r)
{
    static const double v[] = {1e300, -1e300, DBL_MAX, -DBL_MAX, 1e-310, -1e-310, 0.0,
                                -5.0,  3.0,    1e-300, 1e150,   -1e150};
    size_t i = (size_t)oco_rng_uniform_range(r, 0, 12);
    return v[i < 12 ? i : 11] * (oco_rng_uniform_range(r, 0, 1) < 0.5 ? 1 : 0.37);
}

static void test_never_nan(void **st)
{
    (void)st;
    enum { D = 3, K = 2 };
    const oco_coco_type *tys[] = {oco_coco_lyapunov_adagrad, oco_coco_sinha_vaze,
                                  oco_coco_sinha_vaze_strong};
    oco_domain *doms[] = {oco_domain_box_uniform(D, -1, 1), oco_domain_ball(D, 2.0)};
    const double budgets[][K] = {{0, 0}, {1e300, 5}, {DBL_MAX, 1e-300}};
    const oco_param lyp[][3] = {{{"V", 1e-300}, {"lambda", 1e6}, {"kappa", 1e-300}},
                                {{"V", 1e300}, {"lambda", 1e-300}, {"kappa", 1e300}}};
    const oco_param svp[][3] = {{{"V", 1e-300}, {"lambda", 1e6}, {"beta", 1e300}},
                                {{"V", 1e300}, {"lambda", 1e-300}, {"beta", 1e-300}}};
    const oco_param svsp[][2] = {{{"V", 1e-300}, {"H", 1e300}}, {{"V", 1e300}, {"H", 1e-300}}};
    oco_rng rng;
    oco_rng_seed(&rng, 99, 0);
    size_t runs = 0;
    for (size_t a = 0; a < 3; ++a)
        for (size_t dm = 0; dm < 2; ++dm)
            for (size_t b = 0; b < 3; ++b)
                for (int pv = -1; pv < 2; ++pv)
                    for (size_t T = 1; T <= 60; T += 59) {
                        oco_coco_setup s = oco_coco_setup_default();
                        s.d = D;
                        s.k = K;
                        s.domain = doms[dm];
                        s.T = T;
                        s.budget = a == 0 ? budgets[b] : NULL;
                        const oco_param *par = pv < 0 ? NULL
                                               : a == 0 ? lyp[pv]
                                               : a == 1 ? svp[pv]
                                                        : svsp[pv];
                        size_t np = pv < 0 ? 0 : a == 2 ? 2 : 3;
                        oco_coco *alg = oco_coco_new(tys[a], &s, par, np);
                        if (!alg)
                            fail_msg("%s: %s", tys[a]->info.name, oco_last_error());
                        for (size_t t = 0; t < T; ++t) {
                            double x[D], grad[D], g[K], J[K * D], lam[K];
                            assert_int_equal(oco_coco_predict(alg, NULL, x), OCO_OK);
                            for (size_t i = 0; i < D; ++i)
                                assert_true(isfinite(x[i]));
                            assert_true(oco_domain_contains(doms[dm], x, 1e-9));
                            for (size_t i = 0; i < D; ++i)
                                grad[i] = wild(&rng);
                            for (size_t i = 0; i < K; ++i)
                                g[i] = wild(&rng);
                            for (size_t i = 0; i < K * D; ++i)
                                J[i] = wild(&rng);
                            oco_coco_linear fb = {grad, NAN, g, J};
                            if (oco_coco_update(alg, &fb) != OCO_OK)
                                fail_msg("%s round %zu: %s", tys[a]->info.name, t + 1,
                                         oco_last_error());
                            assert_int_equal(oco_coco_multipliers(alg, lam), OCO_OK);
                            for (size_t j = 0; j < K; ++j)
                                assert_true(isfinite(lam[j]) && lam[j] >= 0);
                        }
                        const double *xl = oco_coco_last_x(alg);
                        for (size_t i = 0; i < D; ++i)
                            assert_true(isfinite(xl[i]));
                        oco_coco_free(alg);
                        ++runs;
                    }
    assert_int_equal(runs, 3 * 2 * 3 * 3 * 2);
    oco_domain_free(doms[0]);
    oco_domain_free(doms[1]);
}

/* ---- (d) hand-computed rounds ------------------------------------------- */

static oco_coco *make(const oco_coco_type *ty, oco_domain *dom, size_t k, size_t T,
                      const double *budget, const oco_param *p, size_t np)
{
    oco_coco_setup s = oco_coco_setup_default(); /* G = L_g = 1, alpha = 1 */
    s.d = oco_domain_dim(dom);
    s.k = k;
    s.domain = dom;
    s.T = T;
    s.budget = budget;
    oco_coco *a = oco_coco_new(ty, &s, p, np);
    if (!a)
        print_message("%s: %s\n", ty->info.name, oco_last_error());
    assert_non_null(a);
    return a;
}

static void step(oco_coco *a, const double *c, const double *g, const double *J)
{
    double x[2];
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    oco_coco_linear fb = {c, NAN, g, J};
    assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
}

static void expect_x(oco_coco *a, const double *want, size_t d)
{
    double x[2];
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK); /* feed_after() follows */
    for (size_t i = 0; i < d; ++i)
        if (fabs(x[i] - want[i]) > TOL)
            fail_msg("x[%zu] = %.17g, want %.17g", i, x[i], want[i]);
}

static void feed_after(oco_coco *a, const double *c, const double *g, const double *J)
{
    oco_coco_linear fb = {c, NAN, g, J};
    assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
}

static void test_hand_1d(void **st)
{
    (void)st;
    /* X = [0, 1] (D = 1), T = 4, one resource with B = 1, G = L_g = 1:
     * κ = √2, λ = 1/(2(κ√4 + 1)) = 1/(4√2 + 2) ≈ 0.13060. x_1 = 0.5. */
    oco_domain *box = oco_domain_box_uniform(1, 0, 1);
    const double B = 1, kap = sqrt(2.0), lam = 1 / (2 * (kap * 2 + B)), h = sqrt(2.0) / 2;
    oco_coco *a = make(oco_coco_lyapunov_adagrad, box, 1, 4, &B, NULL, 0);
    /* round 1 at x_1 = 0.5: ∇f = 0.3, c = 0.5, ∇c = 1. Q = 0.5,
     * ∇_1 = 0.3 + λe^{0.5λ} ≈ 0.4394 > 0; x_2 = Π(0.5 − (√2/2)/|∇_1|·∇_1)
     * = Π(0.5 − 0.7071) = 0 (clamped). */
    double x1 = 0.5;
    expect_x(a, &x1, 1);
    const double c1 = 0.3, g1 = 0.5, J1 = 1;
    feed_after(a, &c1, &g1, &J1);
    double Q = 0.5, n1 = c1 + lam * exp(lam * Q) * J1, S = n1 * n1;
    double x2 = fmin(1, fmax(0, 0.5 - h / sqrt(S) * n1));
    assert_near(x2, 0.0, 0);
    double m[1];
    assert_int_equal(oco_coco_multipliers(a, m), OCO_OK);
    assert_near(m[0], lam * exp(lam * 0.5), TOL);
    /* round 2 at x_2 = 0: ∇f = −0.2, c = 0, ∇c = 0.8: Q stays 0.5,
     * ∇_2 = −0.2 + 0.8λe^{0.5λ} ≈ −0.0885; x_3 = 0 − (√2/2)∇_2/√(∇_1² + ∇_2²)
     * ≈ 0.1396 (inside). */
    expect_x(a, &x2, 1);
    const double c2 = -0.2, g2 = 0.0, J2 = 0.8;
    feed_after(a, &c2, &g2, &J2);
    double n2 = c2 + lam * exp(lam * Q) * J2;
    S += n2 * n2;
    double x3 = x2 - h / sqrt(S) * n2;
    assert_true(x3 > 0.1 && x3 < 0.2);
    /* round 3 at x_3: ∇f = −1, c = 0.3, ∇c = 2: Q = 0.8,
     * ∇_3 = −1 + 2λe^{0.8λ}; x_4 = Π(x_3 − (√2/2)∇_3/√S_3). */
    expect_x(a, &x3, 1);
    const double c3 = -1, g3 = 0.3, J3 = 2;
    feed_after(a, &c3, &g3, &J3);
    Q += g3;
    double n3 = c3 + lam * exp(lam * Q) * J3;
    S += n3 * n3;
    double x4 = fmin(1, fmax(0, x3 - h / sqrt(S) * n3));
    assert_true(x4 > x3 && x4 < 1);
    expect_x(a, &x4, 1);
    assert_int_equal(oco_coco_multipliers(a, m), OCO_OK);
    assert_near(m[0], lam * exp(lam * 0.8), TOL);
    oco_coco_free(a);

    /* Stay put while every gradient is zero; then one step. */
    a = make(oco_coco_lyapunov_adagrad, box, 1, 4, &B, NULL, 0);
    const double z = 0, zc = 0;
    step(a, &z, &zc, &z); /* ∇_1 = 0: S = 0, x_2 = x_1 */
    expect_x(a, &x1, 1);
    feed_after(a, &c1, &zc, &z); /* ∇_2 = 0.3: x_3 = Π(0.5 − 0.7071) = 0 */
    const double zero = 0;
    expect_x(a, &zero, 1);
    feed_after(a, &z, &zc, &z);
    oco_coco_free(a);

    /* sinha-vaze on the same 1-D rounds: G = 1, D = 1, β = 1/2, V = 1,
     * λ = 1/(2√4) = 1/4; g are constraint values now (clipped at 0). */
    a = make(oco_coco_sinha_vaze, box, 1, 4, NULL, NULL, 0);
    const double be = 0.5, sl = 0.25;
    expect_x(a, &x1, 1);
    feed_after(a, &c1, &g1, &J1);                      /* Q = β·0.5 */
    double q = be * g1, v1 = be * c1 + sl * exp(sl * q) * be * J1, s2 = v1 * v1;
    double y2 = fmin(1, fmax(0, 0.5 - h / sqrt(s2) * v1));
    expect_x(a, &y2, 1);
    const double gneg = -0.4;                          /* violation 0: only βc */
    feed_after(a, &c2, &gneg, &J2);
    double v2 = be * c2;
    s2 += v2 * v2;
    double y3 = fmin(1, fmax(0, y2 - h / sqrt(s2) * v2));
    expect_x(a, &y3, 1);
    assert_int_equal(oco_coco_multipliers(a, m), OCO_OK);
    assert_near(m[0], sl * exp(sl * q), TOL);
    feed_after(a, &c3, &g3, &J3);
    oco_coco_free(a);

    /* sinha-vaze-strong, H = 2, T = 4: V = 8·1·(ln 4 + 1)/2, Φ'(Q) = 2Q,
     * η_t = 1/(t V H). */
    const oco_param hp[] = {{"H", 2.0}};
    a = make(oco_coco_sinha_vaze_strong, box, 1, 4, NULL, hp, 1);
    const double V = 8 * (log(4.0) + 1) / 2;
    expect_x(a, &x1, 1);
    feed_after(a, &c1, &g1, &J1);                      /* Q = 0.5 */
    double w2 = fmin(1, fmax(0, 0.5 - (V * c1 + 2 * 0.5 * J1) / (1 * V * 2)));
    expect_x(a, &w2, 1);
    feed_after(a, &c3, &g3, &J3);                      /* Q = 0.8 */
    double w3 = fmin(1, fmax(0, w2 - (V * c3 + 2 * 0.8 * J3) / (2 * V * 2)));
    expect_x(a, &w3, 1);
    assert_int_equal(oco_coco_multipliers(a, m), OCO_OK);
    assert_near(m[0], 1.6, TOL);
    feed_after(a, &c2, &g2, &J2);
    oco_coco_free(a);
    oco_domain_free(box);
}

static void ball_proj(double *y)
{
    double n = hypot(y[0], y[1]);
    if (n > 1) {
        y[0] /= n;
        y[1] /= n;
    }
}

static void test_hand_2d(void **st)
{
    (void)st;
    /* X = unit ball in R² (D = 2, x_1 = 0), T = 9, two resources with
     * budgets (2, 1): B = 2, scales (1, 2). G = L_g = 1: κ = 2√2,
     * λ = 1/(2(κ·3 + 2)). */
    oco_domain *ball = oco_domain_ball(2, 1.0);
    const double Bv[] = {2, 1}, kap = 2 * sqrt(2.0), lam = 1 / (2 * (kap * 3 + 2));
    const double h = sqrt(2.0) * 2 / 2;
    oco_coco *a = make(oco_coco_lyapunov_adagrad, ball, 2, 9, Bv, NULL, 0);
    /* round 1: ∇f = (1, −0.5), c = (0.4, 0.1), rows (1, 0), (0.5, 1).
     * Q = (0.4, 2·0.1), ∇_1 = ∇f + λe^{0.4λ}(1, 0) + 2λe^{0.2λ}(0.5, 1);
     * y = −√2 ∇_1/‖∇_1‖ has norm √2 > 1: x_2 = −∇_1/‖∇_1‖. */
    const double c1[] = {1, -0.5}, g1[] = {0.4, 0.1}, J1[] = {1, 0, 0.5, 1};
    const double zero2[] = {0, 0};
    expect_x(a, zero2, 2);
    feed_after(a, c1, g1, J1);
    double Q1 = 0.4, Q2 = 0.2;
    double e1 = lam * exp(lam * Q1), e2 = 2 * lam * exp(lam * Q2);
    double n1[2] = {c1[0] + e1 * J1[0] + e2 * J1[2], c1[1] + e1 * J1[1] + e2 * J1[3]};
    double S = n1[0] * n1[0] + n1[1] * n1[1];
    double x2[2] = {-h / sqrt(S) * n1[0], -h / sqrt(S) * n1[1]};
    ball_proj(x2);
    assert_near(hypot(x2[0], x2[1]), 1.0, 1e-15);
    expect_x(a, x2, 2);
    double m[2];
    assert_int_equal(oco_coco_multipliers(a, m), OCO_OK);
    assert_near(m[0], lam * exp(lam * 0.4), TOL);
    assert_near(m[1], lam * exp(lam * 0.2), TOL); /* Φ'(Q̃_2), Q̃_2 = 2·0.1 */
    /* round 2 at x_2: ∇f = (−0.3, 0.2), c = (0, 0.05), rows (0.2, 0.1),
     * (0, 0.3): Q = (0.4, 0.3). */
    const double c2[] = {-0.3, 0.2}, g2[] = {0, 0.05}, J2[] = {0.2, 0.1, 0, 0.3};
    feed_after(a, c2, g2, J2);
    Q2 += 2 * 0.05;
    e1 = lam * exp(lam * Q1);
    e2 = 2 * lam * exp(lam * Q2);
    double n2[2] = {c2[0] + e1 * J2[0] + e2 * J2[2], c2[1] + e1 * J2[1] + e2 * J2[3]};
    S += n2[0] * n2[0] + n2[1] * n2[1];
    double x3[2] = {x2[0] - h / sqrt(S) * n2[0], x2[1] - h / sqrt(S) * n2[1]};
    ball_proj(x3);
    expect_x(a, x3, 2);
    feed_after(a, c2, g2, J2);
    oco_coco_free(a);
    oco_domain_free(ball);
}

/* ---- (e) Sinha–Vaze Theorems 1 and 2 ------------------------------------ */

static oco_coco_problem *family(oco_coco_problem_kind kind, size_t d, size_t k, size_t T,
                                uint64_t seed, oco_domain *dom)
{
    oco_coco_problem_opts po = oco_coco_problem_opts_default();
    po.kind = kind;
    po.d = d;
    po.k = k;
    po.T = T;
    po.seed = seed;
    oco_coco_problem *p = oco_coco_problem_new(&po, dom);
    assert_non_null(p);
    return p;
}

/* Regret at each checkpoint t against the per-round hindsight of the
 * first t rounds (the family with horizon t replays the same prefix: checked
 * through Σ_{s<=t} f_s(z) at a random z); returns max_t Regret_t / bound(t). */
static double sv_check(const oco_coco_type *ty, oco_coco_problem_kind kind, size_t d, size_t k,
                       uint64_t seed, const oco_param *par, size_t np, double H)
{
    enum { T = 400, NCK = 10 };
    static const size_t ck[NCK] = {1, 2, 3, 5, 10, 20, 50, 100, 200, T};
    oco_domain *dom = oco_domain_ball(d, 1.0);
    oco_coco_problem *p = family(kind, d, k, T, seed, dom);
    const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
    const double G = fmax(in->G, in->L_g), D = 2.0;
    double ckloss[NCK], worst = 0;
    rec r;
    memset(&r, 0, sizeof r);
    r.nck = NCK;
    r.ck = ck;
    r.ckloss = ckloss;
    oco_rng rng;
    oco_rng_seed(&rng, seed + 100, 0);
    for (size_t i = 0; i < d; ++i)
        r.z[i] = oco_rng_uniform_range(&rng, -0.5, 0.5) / sqrt((double)d);
    oco_coco_run_result res;
    run(ty, p, par, np, OCO_COCO_BENCH_PER_ROUND, &r, &res, NULL);
    for (size_t i = 0; i < NCK; ++i) {
        oco_coco_problem *q = family(kind, d, k, ck[i], seed, dom);
        double fz = 0, v;
        for (size_t t = 0; t < ck[i]; ++t) {
            assert_int_equal(oco_coco_problem_next(q), OCO_OK);
            oco_quad_map_eval(oco_coco_problem_cost(q), r.z, &v, NULL);
            fz += v;
        }
        oco_coco_hindsight hs;
        assert_int_equal(oco_coco_problem_hindsight(q, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &hs),
                         OCO_OK);
        if (ck[i] == T) {
            assert_near(fz, r.fz, 1e-9 * fmax(1, fabs(fz))); /* same rounds */
            assert_near(hs.comparator, res.comparator, 1e-9);
        }
        const double regret = ckloss[i] - hs.comparator + hs.gap; /* optimum >= comparator − gap */
        const double t = (double)ck[i];
        const double bound = H > 0 ? G * G / H * (1 + log(t)) : 2 * G * D * (sqrt(t) + 1);
        if (!(regret <= bound))
            fail_msg("%s %s d=%zu k=%zu seed %llu: Regret_%zu = %.6g > %.6g", ty->info.name,
                     oco_coco_problem_kind_name(kind), d, k, (unsigned long long)seed, ck[i],
                     regret, bound);
        worst = fmax(worst, regret / bound);
        oco_coco_problem_free(q);
    }
    if (H == 0) { /* CCV_T <= 4GD ln(2(1 + 2T)) √T */
        const double ccv = 4 * G * D * log(2 * (1 + 2.0 * T)) * sqrt((double)T);
        if (!(r.ccv <= ccv))
            fail_msg("%s: CCV %.6g > %.6g", ty->info.name, r.ccv, ccv);
    }
    oco_coco_problem_free(p);
    oco_domain_free(dom);
    return worst;
}

static void test_sinha_vaze_theorem1(void **st)
{
    (void)st;
    double worst = 0;
    const oco_coco_problem_kind kinds[] = {OCO_COCO_PROBLEM_LINEAR, OCO_COCO_PROBLEM_QUADRATIC};
    for (size_t i = 0; i < 2; ++i)
        for (size_t d = 2; d <= 5; d += 3)
            for (size_t k = 1; k <= 3; k += 2)
                for (uint64_t seed = 1; seed <= 2; ++seed)
                    worst = fmax(worst, sv_check(oco_coco_sinha_vaze, kinds[i], d, k, seed, NULL,
                                                 0, 0));
    print_message("sinha-vaze: max Regret_t / 2GD(sqrt t + 1) = %.3g\n", worst);
}

static void test_sinha_vaze_theorem2(void **st)
{
    (void)st;
    /* quadratic family: Q_t = diag(q) + vvᵀ with q_i >= 0.1, so every f_t is
     * 0.1-strongly convex: H = 0.1 is a true modulus. */
    const oco_param hp[] = {{"H", 0.1}};
    double worst = 0;
    for (size_t d = 2; d <= 5; d += 3)
        for (size_t k = 1; k <= 3; k += 2)
            for (uint64_t seed = 1; seed <= 2; ++seed)
                worst = fmax(worst, sv_check(oco_coco_sinha_vaze_strong,
                                             OCO_COCO_PROBLEM_QUADRATIC, d, k, seed, hp, 1, 0.1));
    print_message("sinha-vaze-strong: max Regret_t / (G^2/H)(1 + ln t) = %.3g\n", worst);
}

/* ---- the runner: consumption algorithms measured on the consumption ----- */

static void test_runner_consumption(void **st)
{
    (void)st;
    oco_domain *dom = oco_domain_box_uniform(3, 0, 1);
    oco_coco_problem *p = family(OCO_COCO_PROBLEM_RESOURCE, 3, 2, 300, 4, dom);
    double B[KMAX];
    rec r;
    memset(&r, 0, sizeof r);
    oco_coco_run_result res, res2;
    run(oco_coco_lyapunov_adagrad, p, NULL, 0, OCO_COCO_BENCH_LONG_TERM, &r, &res, B);
    /* violation = ‖[Σc − B_T]₊‖ = ‖[Σg]₊‖ */
    double v = 0;
    for (size_t j = 0; j < 2; ++j)
        v += pow(fmax(0, r.cons[j] - B[j]), 2);
    assert_near(res.violation, sqrt(v), 1e-9 * fmax(1, sqrt(v)));
    assert_true(res.max_running_violation >= res.violation - 1e-12);
    /* the comparator is the long-term one over {Σg <= 0} */
    oco_coco_hindsight h;
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_LONG_TERM, NULL, NULL, &h),
                     OCO_OK);
    assert_near(res.comparator, h.comparator, 1e-12 * fmax(1, fabs(h.comparator)));
    /* an algorithm without OCO_COCO_CONSUMPTION: violation on Σg against 0 */
    rec r2;
    memset(&r2, 0, sizeof r2);
    run(oco_coco_sun, p, NULL, 0, OCO_COCO_BENCH_PER_ROUND, &r2, &res2, NULL);
    v = 0;
    for (size_t j = 0; j < 2; ++j)
        v += pow(fmax(0, r2.cons[j] - r2.bsum[j]), 2);
    assert_near(res2.violation, sqrt(v), 1e-9 * fmax(1, sqrt(v)));
    oco_coco_problem_free(p);
    oco_domain_free(dom);
}

/* ---- (f) allocations ----------------------------------------------------- */

static void test_allocate_nothing(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    enum { D = 4, K = 2 };
    const oco_coco_type *tys[] = {oco_coco_lyapunov_adagrad, oco_coco_sinha_vaze,
                                  oco_coco_sinha_vaze_strong};
    oco_domain *doms[] = {oco_domain_box_uniform(D, -1, 1), oco_domain_ball(D, 1.0),
                          oco_domain_simplex(D)};
    const double B[K] = {3, 1};
    oco_rng rng;
    oco_rng_seed(&rng, 5, 0);
    for (size_t a = 0; a < 3; ++a)
        for (size_t j = 0; j < 3; ++j) {
            oco_coco_setup s = oco_coco_setup_default();
            s.d = D;
            s.k = K;
            s.domain = doms[j];
            s.T = 400;
            s.budget = a == 0 ? B : NULL;
            size_t before = atomic_load(&n_allocs);
            assert_int_equal(oco_coco_check(tys[a], &s, NULL, 0), OCO_OK);
            assert_int_equal(atomic_load(&n_allocs) - before, 0);
            oco_coco *alg = oco_coco_new(tys[a], &s, NULL, 0);
            assert_non_null(alg);
            for (size_t t = 0; t < 300; ++t) {
                if (t == 1)
                    before = atomic_load(&n_allocs);
                double x[D], grad[D], g[K], J[K * D], lam[K];
                assert_int_equal(oco_coco_predict(alg, NULL, x), OCO_OK);
                for (size_t i = 0; i < D; ++i)
                    grad[i] = oco_rng_uniform_range(&rng, -1, 1);
                for (size_t i = 0; i < K; ++i)
                    g[i] = oco_rng_uniform_range(&rng, -0.2, 1);
                for (size_t i = 0; i < K * D; ++i)
                    J[i] = oco_rng_uniform_range(&rng, 0, 1);
                oco_coco_linear fb = {grad, NAN, g, J};
                assert_int_equal(oco_coco_update(alg, &fb), OCO_OK);
                assert_int_equal(oco_coco_multipliers(alg, lam), OCO_OK);
            }
            size_t n = atomic_load(&n_allocs) - before;
            if (n)
                fail_msg("%s domain %zu: %zu allocations in 299 rounds", tys[a]->info.name, j, n);
            oco_coco_free(alg);
        }
    for (size_t j = 0; j < 3; ++j)
        oco_domain_free(doms[j]);
}

/* ---- flags and registry -------------------------------------------------- */

static void test_flags(void **st)
{
    (void)st;
    assert_ptr_equal(oco_coco_find("lyapunov-adagrad"), oco_coco_lyapunov_adagrad);
    assert_ptr_equal(oco_coco_find("sinha-vaze"), oco_coco_sinha_vaze);
    assert_ptr_equal(oco_coco_find("sinha-vaze-strong"), oco_coco_sinha_vaze_strong);
    assert_true(oco_coco_lyapunov_adagrad->needs & OCO_COCO_CONSUMPTION);
    assert_false(oco_coco_sinha_vaze->needs & OCO_COCO_CONSUMPTION);
    assert_false(oco_coco_sinha_vaze_strong->needs & OCO_COCO_CONSUMPTION);
    const oco_coco_type *tys[] = {oco_coco_lyapunov_adagrad, oco_coco_sinha_vaze,
                                  oco_coco_sinha_vaze_strong};
    for (size_t i = 0; i < 3; ++i) {
        assert_true(tys[i]->needs & OCO_COCO_LONG_TERM);
        assert_true(oco_coco_type_streams(tys[i]));
    }
    assert_false(oco_coco_llp->needs & OCO_COCO_LONG_TERM);
    /* bad parameters are rejected by name */
    oco_domain *box = oco_domain_box_uniform(2, 0, 1);
    oco_coco_setup s = oco_coco_setup_default();
    s.d = 2;
    s.k = 1;
    s.domain = box;
    s.T = 10;
    const oco_param bad[] = {{"lambda", -1}};
    assert_int_equal(oco_coco_check(oco_coco_lyapunov_adagrad, &s, bad, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "lambda"));
    const oco_param badH[] = {{"H", 0}};
    assert_int_equal(oco_coco_check(oco_coco_sinha_vaze_strong, &s, badH, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "H"));
    s.T = 0;
    assert_int_equal(oco_coco_check(oco_coco_sinha_vaze, &s, NULL, 0), OCO_EINVAL);
    oco_domain_free(box);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inequality_22),      cmocka_unit_test(test_several_resources),
        cmocka_unit_test(test_never_nan),          cmocka_unit_test(test_hand_1d),
        cmocka_unit_test(test_hand_2d),            cmocka_unit_test(test_sinha_vaze_theorem1),
        cmocka_unit_test(test_sinha_vaze_theorem2), cmocka_unit_test(test_runner_consumption),
        cmocka_unit_test(test_allocate_nothing),   cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
