/* The worked classes of seed 003 §B.6 as constrained-OCO problems
 * (vertex-cover, dr-submodular, phase-retrieval; src/problems/coco_worked*.c
 * and src/hindsight/coco_opt_worked.c), against oracles independent of the
 * code under test:
 *   - vertex cover: R_t by brute force over all 2^d vertex subsets, degrees
 *     counted from the edge list, inequality (8) at random pairs;
 *   - generalized subgradient inequality f(x) − αf(y) <= ⟨∇f(x), x − y⟩ at
 *     random pairs (vertex cover, phase retrieval with α̂) and for
 *     DR-submodular with the exact ∇F^s (Gauss–Legendre quadrature of
 *     e^{z−1}∇F(zx), ∇F by central differences of the value, exact for a
 *     multilinear F);
 *   - the DR-submodular estimator is unbiased (CLT tolerance);
 *   - phase retrieval: h_t <= f_t <= α̂h_t, α̂ <= κ, ∇h by finite differences;
 *   - the certified hindsight interval against a grid search (d <= 3);
 *   - rewind replays bit for bit, the oracle does not move the rounds;
 *   - next() and the oracles allocate nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/coco_problem.h"
#include "oco/domain.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"
#include "problems/coco_problem_impl.h"
#include "problems/coco_worked.h"

#include "alloc_count.h"

static oco_coco_problem *make(oco_coco_problem_kind kind, size_t d, size_t k, size_t T,
                              const oco_domain *dom, uint64_t seed)
{
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = kind;
    o.d = d;
    o.k = k;
    o.T = T;
    o.seed = seed;
    return oco_coco_problem_new(&o, dom);
}

static double fval(oco_coco_problem *p, const double *x)
{
    double v;
    oco_grad_oracle o = oco_coco_problem_cost_oracle(p);
    o.fn(o.ctx, x, NULL, &v);
    return v;
}

static void fgrad(oco_coco_problem *p, const double *x, double *g, double *v)
{
    oco_grad_oracle o = oco_coco_problem_cost_oracle(p);
    assert_int_equal(oco_grad_oracle_eval(&o, x, g, v), OCO_OK);
}

static void rand_point(oco_rng *r, const oco_domain *dom, size_t d, double lo, double hi,
                       double *x)
{
    for (size_t i = 0; i < d; ++i)
        x[i] = oco_rng_uniform_range(r, lo, hi);
    oco_domain_project(dom, x);
}

/* ---- vertex cover -------------------------------------------------------------- */

/* E[#covered edges] by summing over all vertex subsets S (i ∈ S w.p. x_i). */
static double vc_brute(const oco__worked *w, size_t d, const double *x)
{
    double R = 0;
    for (unsigned S = 0; S < (1u << d); ++S) {
        double pr = 1;
        for (size_t i = 0; i < d; ++i)
            pr *= (S >> i) & 1 ? x[i] : 1 - x[i];
        size_t cov = 0;
        for (size_t e = 0; e < w->ne; ++e)
            cov += ((S >> w->edges[2 * e]) & 1) || ((S >> w->edges[2 * e + 1]) & 1);
        R += pr * (double)cov;
    }
    return R;
}

static void test_vc_eq8_bruteforce(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 42, 0);
    size_t checked = 0;
    for (size_t d = 2; d <= 7; ++d) {
        oco_domain *dom = oco_domain_box_uniform(d, 0, 1);
        oco_coco_problem *p = make(OCO_COCO_PROBLEM_VERTEX_COVER, d, 1, 5, dom, 7 + d);
        assert_non_null(p);
        assert_null(oco_coco_problem_cost(p));
        assert_true(oco_coco_problem_get_info(p)->alpha == 0.5);
        const oco__worked *w = oco__coco_worked_state(p);
        double x[7], y[7], g[7], deg[7];
        while (oco_coco_problem_next(p) == OCO_OK) {
            memset(deg, 0, sizeof deg);
            for (size_t e = 0; e < w->ne; ++e) {
                assert_true(w->edges[2 * e] < w->edges[2 * e + 1]);
                deg[w->edges[2 * e]] += 1;
                deg[w->edges[2 * e + 1]] += 1;
            }
            for (int rep = 0; rep < 40; ++rep) {
                rand_point(&r, dom, d, 0, 1, x);
                rand_point(&r, dom, d, 0, 1, y);
                if (rep == 0)
                    oco_fill(y, d, 1.0); /* the extreme points, where (7) is tight */
                if (rep == 1)
                    oco_fill(x, d, 0.0);
                double Rx = vc_brute(w, d, x), Ry = vc_brute(w, d, y), fx;
                fgrad(p, x, g, &fx);
                assert_true(fabs(fx + Rx) <= 1e-12 * (1 + Rx));
                double lin = 0, gl = 0;
                for (size_t i = 0; i < d; ++i) {
                    assert_true(g[i] == -0.5 * deg[i]);
                    lin += 0.5 * deg[i] * (x[i] - y[i]);
                    gl += g[i] * (x[i] - y[i]);
                }
                /* (8): R(x) >= ½R(y) + ⟨½d, x − y⟩ */
                assert_true(Rx >= 0.5 * Ry + lin - 1e-12);
                /* (9) with f = −R, α = ½ */
                assert_true(fx - 0.5 * (-Ry) <= gl + 1e-12);
                ++checked;
            }
        }
        oco_coco_problem_free(p);
        oco_domain_free(dom);
    }
    assert_true(checked == 6 * 5 * 40);
}

/* ---- DR-submodular --------------------------------------------------------------- */

/* Gauss–Legendre nodes/weights on [0, 1] (Newton on P_n). */
static void gauss_legendre(int n, double *z, double *wt)
{
    for (int i = 0; i < n; ++i) {
        double x = cos(acos(-1.0) * (i + 0.75) / (n + 0.5)), dp = 0;
        for (int it = 0; it < 100; ++it) {
            double p0 = 1, p1 = x;
            for (int k = 2; k <= n; ++k) {
                double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = n * (x * p1 - p0) / (x * x - 1);
            double dx = p1 / dp;
            x -= dx;
            if (fabs(dx) < 1e-16)
                break;
        }
        z[i] = 0.5 * (x + 1);
        wt[i] = 1.0 / ((1 - x * x) * dp * dp); /* 2/((1−x²)P'²) · ½ */
    }
}

/* ∇F(v) by central differences of the value (F multilinear: exact). */
static void F_grad_fd(oco_coco_problem *p, const double *v, size_t d, double *g)
{
    double u[16];
    for (size_t i = 0; i < d; ++i) {
        memcpy(u, v, d * sizeof *u);
        u[i] = v[i] + 0.5;
        double fp = -fval(p, u);
        u[i] = v[i] - 0.5;
        double fm = -fval(p, u);
        g[i] = fp - fm;
    }
}

/* ∇F^s(x) = ∫_0^1 e^{z−1}∇F(zx) dz (γ = 1). */
static void Fs_grad(oco_coco_problem *p, const double *x, size_t d, double *g)
{
    double z[24], wt[24], v[16], gz[16];
    gauss_legendre(24, z, wt);
    oco_fill(g, d, 0.0);
    for (int q = 0; q < 24; ++q) {
        for (size_t i = 0; i < d; ++i)
            v[i] = z[q] * x[i];
        F_grad_fd(p, v, d, gz);
        oco_axpy(wt[q] * exp(z[q] - 1), gz, g, d);
    }
}

static void test_dr_theorem6_and_unbiased(void **state)
{
    (void)state;
    /* the quadrature itself: ∫_0^1 e^{z−1} z³ dz = 6/e − 2 */
    double z[24], wt[24], s = 0;
    gauss_legendre(24, z, wt);
    for (int q = 0; q < 24; ++q)
        s += wt[q] * exp(z[q] - 1) * z[q] * z[q] * z[q];
    assert_true(fabs(s - (6 * exp(-1.0) - 2)) <= 1e-13); /* = 6/e − 2 */
    oco_rng r;
    oco_rng_seed(&r, 5, 0);
    const double alpha = 1 - exp(-1.0);
    for (size_t d = 2; d <= 6; d += 2) {
        oco_domain *dom = oco_domain_box_uniform(d, 0, 1);
        oco_coco_problem *p = make(OCO_COCO_PROBLEM_DR_SUBMODULAR, d, 1, 3, dom, 11 + d);
        assert_non_null(p);
        assert_null(oco_coco_problem_cost(p));
        assert_true(fabs(oco_coco_problem_get_info(p)->alpha - alpha) <= 1e-15);
        double x[16], y[16], gs[16], g[16], mean[16], m2[16];
        while (oco_coco_problem_next(p) == OCO_OK) {
            /* Theorem 6 in expectation: ⟨∇F^s(x), y − x⟩ >= αF(y) − F(x) */
            for (int rep = 0; rep < 30; ++rep) {
                rand_point(&r, dom, d, 0, 1, x);
                rand_point(&r, dom, d, 0, 1, y);
                Fs_grad(p, x, d, gs);
                double Fx = -fval(p, x), Fy = -fval(p, y), lin = 0;
                for (size_t i = 0; i < d; ++i)
                    lin += gs[i] * (y[i] - x[i]);
                assert_true(lin >= alpha * Fy - Fx - 1e-10);
            }
            /* the oracle's estimate −((1 − e^{−1}))∇F(zx) has mean −∇F^s(x) */
            rand_point(&r, dom, d, 0, 1, x);
            Fs_grad(p, x, d, gs);
            const int N = 20000;
            oco_fill(mean, d, 0.0);
            oco_fill(m2, d, 0.0);
            for (int n = 0; n < N; ++n) {
                double v;
                fgrad(p, x, g, &v);
                for (size_t i = 0; i < d; ++i) {
                    mean[i] += g[i];
                    m2[i] += g[i] * g[i];
                }
            }
            for (size_t i = 0; i < d; ++i) {
                double mu = mean[i] / N, sd = sqrt(fmax(0, m2[i] / N - mu * mu));
                assert_true(fabs(mu + gs[i]) <= 5 * sd / sqrt((double)N) + 1e-12);
            }
        }
        oco_coco_problem_free(p);
        oco_domain_free(dom);
    }
}

/* ---- phase retrieval -------------------------------------------------------------- */

static void test_pr_minorant_alpha(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 9, 0);
    const char *doms[] = {"ball:1", "box:-1,1", "ball:3", "box:-0.5,2"};
    for (size_t di = 0; di < 4; ++di)
        for (size_t d = 1; d <= 4; ++d) {
            oco_domain *dom = oco_domain_parse(doms[di], d);
            assert_non_null(dom);
            oco_coco_problem *p = make(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, d, 2, 6, dom, 3 + d);
            assert_non_null(p);
            const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
            const oco__worked *w = oco__coco_worked_state(p);
            assert_true(in->alpha_estimated == 1);
            assert_true(in->alpha >= 1 && in->alpha <= w->kappa * (1 + 1e-12));
            assert_true(fabs(w->kappa - 5.0) <= 1e-15); /* 1 + 1/((1 − θ)μ) */
            double lo = -3, hi = 3;
            double x[4], y[4], g[4], gh[4], u[4];
            while (oco_coco_problem_next(p) == OCO_OK) {
                for (int rep = 0; rep < 200; ++rep) {
                    rand_point(&r, dom, d, lo, hi, x);
                    rand_point(&r, dom, d, lo, hi, y);
                    if (rep < 2)
                        oco_fill(rep == 0 ? x : y, d, 0.0);
                    double fx, fy = fval(p, y);
                    fgrad(p, x, g, &fx);
                    double hx = oco__pr_minorant(p, x, gh), hy = oco__pr_minorant(p, y, NULL);
                    /* the value against the formula (31), independently */
                    double f2 = 0;
                    for (size_t i = 0; i < w->m; ++i) {
                        double t = fabs(oco_dot(w->a + i * d, x, d)) - w->y[i];
                        f2 += t * t;
                    }
                    f2 = f2 / (double)w->m + w->mu * oco_dot(x, x, d);
                    assert_true(fabs(fx - f2) <= 1e-12 * (1 + f2));
                    assert_true(hx <= fx * (1 + 1e-13));
                    assert_true(hy <= fy * (1 + 1e-13));
                    assert_true(fx <= in->alpha * hx * (1 + 1e-12));
                    assert_true(fx <= w->kappa * hx * (1 + 1e-12));
                    for (size_t i = 0; i < d; ++i)
                        assert_true(fabs(g[i] - in->alpha * gh[i]) <= 1e-12 * (1 + fabs(g[i])));
                    double lin = 0;
                    for (size_t i = 0; i < d; ++i)
                        lin += g[i] * (x[i] - y[i]);
                    assert_true(fx - in->alpha * fy <= lin + 1e-10 * (1 + fabs(fx)));
                    /* convexity of h at the midpoint, ∇h by central differences */
                    for (size_t i = 0; i < d; ++i)
                        u[i] = 0.5 * (x[i] + y[i]);
                    assert_true(oco__pr_minorant(p, u, NULL) <= 0.5 * (hx + hy) + 1e-12);
                    if (rep % 20 == 0)
                        for (size_t i = 0; i < d; ++i) {
                            const double e = 1e-6;
                            memcpy(u, x, d * sizeof *u);
                            u[i] += e;
                            double hp = oco__pr_minorant(p, u, NULL);
                            u[i] -= 2 * e;
                            double hm = oco__pr_minorant(p, u, NULL);
                            assert_true(fabs((hp - hm) / (2 * e) - gh[i]) <= 1e-5 * (1 + fabs(gh[i])));
                        }
                }
            }
            oco_coco_problem_free(p);
            oco_domain_free(dom);
        }
}

/* ---- domains, benchmark ------------------------------------------------------------ */

static void test_rejections(void **state)
{
    (void)state;
    oco_domain *ball = oco_domain_ball(3, 1), *b12 = oco_domain_box_uniform(3, 1, 2);
    oco_domain *unit = oco_domain_box_uniform(3, 0, 1), *unit1 = oco_domain_box_uniform(1, 0, 1);
    assert_null(make(OCO_COCO_PROBLEM_VERTEX_COVER, 3, 1, 5, ball, 1));
    assert_non_null(strstr(oco_last_error(), "[0, 1]^d"));
    assert_null(make(OCO_COCO_PROBLEM_DR_SUBMODULAR, 3, 1, 5, b12, 1));
    assert_null(make(OCO_COCO_PROBLEM_VERTEX_COVER, 1, 1, 5, unit1, 1));
    assert_non_null(strstr(oco_last_error(), "d >= 2"));
    assert_null(make(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, 3, 1, 5, b12, 1));
    assert_non_null(strstr(oco_last_error(), "contain 0"));
    oco_coco_problem *p = make(OCO_COCO_PROBLEM_VERTEX_COVER, 3, 1, 5, unit, 1);
    assert_non_null(p);
    oco_coco_hindsight h;
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &h),
                     OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "long-term"));
    double B = -1e9;
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_LONG_TERM, &B, NULL, &h),
                     OCO_EINFEASIBLE);
    oco_coco_problem_free(p);
    oco_coco_problem_kind k;
    const char *names[] = {"vertex-cover", "dr-submodular", "phase-retrieval"};
    for (int i = 0; i < 3; ++i) {
        assert_int_equal(oco_coco_problem_kind_parse(names[i], &k), OCO_OK);
        assert_string_equal(oco_coco_problem_kind_name(k), names[i]);
    }
    oco_domain_free(ball);
    oco_domain_free(b12);
    oco_domain_free(unit);
    oco_domain_free(unit1);
}

/* ---- hindsight against a grid search ----------------------------------------------- */

static void check_interval_B(oco_coco_problem_kind kind, size_t d, size_t T, const char *dspec,
                             uint64_t seed, size_t n, double lo, double hi, double qtol, double B)
{
    oco_domain *dom = oco_domain_parse(dspec, d);
    oco_coco_problem *p = make(kind, d, 1, T, dom, seed);
    assert_non_null(p);
    oco_coco_hindsight h;
    double xs[3];
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_LONG_TERM, &B, xs, &h),
                     OCO_OK);
    /* the grid: n^d points of [lo, hi]^d inside X */
    size_t N = 1;
    for (size_t i = 0; i < d; ++i)
        N *= n;
    double *F = calloc(N, sizeof *F), *G = calloc(N, sizeof *G), x[3];
    double fs = 0, gs = 0;
    const oco_quad_map *g = oco_coco_problem_cons(p);
    oco_coco_problem_rewind(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        for (size_t q = 0; q < N; ++q) {
            size_t idx = q;
            for (size_t i = 0; i < d; ++i) {
                x[i] = lo + (hi - lo) * (double)(idx % n) / (double)(n - 1);
                idx /= n;
            }
            double gv;
            F[q] += fval(p, x);
            oco_quad_map_eval(g, x, &gv, NULL);
            G[q] += gv;
        }
        double gv;
        fs += fval(p, xs);
        oco_quad_map_eval(g, xs, &gv, NULL);
        gs += gv;
    }
    double best = INFINITY;
    for (size_t q = 0; q < N; ++q) {
        size_t idx = q;
        for (size_t i = 0; i < d; ++i) {
            x[i] = lo + (hi - lo) * (double)(idx % n) / (double)(n - 1);
            idx /= n;
        }
        if (oco_domain_contains(dom, x, 0) && G[q] <= B && F[q] < best)
            best = F[q];
    }
    /* the comparator is the value of a feasible point */
    assert_true(oco_domain_contains(dom, xs, 1e-12));
    assert_true(gs <= B + 1e-9 * (1 + fabs(gs)));
    assert_true(fabs(fs - h.comparator) <= 1e-9 * (1 + fabs(fs)));
    /* the certified lower end is below every feasible value (grid's minimum) */
    assert_true(h.gap >= 0);
    assert_true(h.comparator - h.gap <= best + 1e-9 * (1 + fabs(best)));
    if (!(h.comparator <= best + qtol * (1 + fabs(best))))
        print_message("%s d=%zu %s seed %llu: comparator %.12g gap %.6g grid %.12g\n", oco_coco_problem_label(p), d, dspec, (unsigned long long)seed, h.comparator, h.gap, best);
    /* and the local search is as good as the grid, up to its resolution */
    assert_true(h.comparator <= best + qtol * (1 + fabs(best)));
    free(F);
    free(G);
    oco_coco_problem_free(p);
    oco_domain_free(dom);
}

static void check_interval(oco_coco_problem_kind kind, size_t d, size_t T, const char *dspec,
                           uint64_t seed, size_t n, double lo, double hi, double qtol)
{
    check_interval_B(kind, d, T, dspec, seed, n, lo, hi, qtol, 0.0);
}

static void test_hindsight_interval(void **state)
{
    (void)state;
    /* a budget B of the long-term benchmark: Σ_t g_t(x) <= B (looser, tighter) */
    check_interval_B(OCO_COCO_PROBLEM_VERTEX_COVER, 2, 3, "box:0,1", 9, 401, 0, 1, 1e-6, 0.4);
    check_interval_B(OCO_COCO_PROBLEM_VERTEX_COVER, 3, 3, "box:0,1", 9, 61, 0, 1, 1e-6, -0.5);
    check_interval_B(OCO_COCO_PROBLEM_DR_SUBMODULAR, 2, 3, "box:0,1", 9, 401, 0, 1, 1e-6, -0.3);
    check_interval_B(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, 2, 3, "ball:1", 9, 401, -1, 1, 1e-6, 0.5);
    check_interval_B(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, 2, 3, "box:-1,1", 9, 401, -1, 1, 1e-6, -0.1);
    for (uint64_t s = 1; s <= 8; ++s) {
        check_interval(OCO_COCO_PROBLEM_VERTEX_COVER, 2, 3, "box:0,1", s, 401, 0, 1, 1e-6);
        check_interval(OCO_COCO_PROBLEM_VERTEX_COVER, 3, 4, "box:0,1", s, 61, 0, 1, 1e-6);
        check_interval(OCO_COCO_PROBLEM_DR_SUBMODULAR, 2, 3, "box:0,1", s, 401, 0, 1, 1e-6);
        check_interval(OCO_COCO_PROBLEM_DR_SUBMODULAR, 3, 4, "box:0,1", s, 61, 0, 1, 1e-6);
        check_interval(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, 2, 3, "ball:1", s, 401, -1, 1, 1e-6);
        check_interval(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, 2, 3, "box:-1,1", s, 401, -1, 1, 1e-6);
        check_interval(OCO_COCO_PROBLEM_PHASE_RETRIEVAL, 3, 2, "box:-1,1", s, 61, -1, 1, 1e-6);
    }
}

/* ---- reproducibility, allocations ------------------------------------------------- */

static void record(oco_coco_problem *p, double *out, size_t T, size_t stride)
{
    const size_t d = p->d, k = p->k;
    double x[5], g[5], v;
    for (size_t i = 0; i < d; ++i)
        x[i] = 0.1 + 0.15 * (double)i;
    const oco_quad_map *c = oco_coco_problem_cons(p);
    for (size_t t = 0; t < T; ++t) {
        assert_int_equal(oco_coco_problem_next(p), OCO_OK);
        double *o = out + t * stride;
        memcpy(o, c->A, k * d * sizeof *o);
        memcpy(o + k * d, c->b, k * sizeof *o);
        fgrad(p, x, g, &v);
        memcpy(o + k * d + k, g, d * sizeof *o);
        o[k * d + k + d] = v;
        o[k * d + k + d + 1] = c->P ? c->P[0] : 0.0;
    }
    assert_int_equal(oco_coco_problem_next(p), OCO_ESTATE);
}

static void test_rewind_and_allocs(void **state)
{
    (void)state;
    const oco_coco_problem_kind kinds[] = {OCO_COCO_PROBLEM_VERTEX_COVER,
                                           OCO_COCO_PROBLEM_DR_SUBMODULAR,
                                           OCO_COCO_PROBLEM_PHASE_RETRIEVAL};
    const size_t d = 5, k = 2, T = 30, stride = k * d + k + d + 2;
    for (int ki = 0; ki < 3; ++ki) {
        oco_domain *dom = ki == 2 ? oco_domain_ball(d, 1) : oco_domain_box_uniform(d, 0, 1);
        oco_coco_problem *p = make(kinds[ki], d, k, T, dom, 77);
        oco_coco_problem *q = make(kinds[ki], d, k, T, dom, 77);
        assert_non_null(p);
        double *a = malloc(3 * T * stride * sizeof *a), *b = a + T * stride, *c = b + T * stride;
        record(p, a, T, stride);
        oco_coco_problem_rewind(p);
        record(p, b, T, stride);
        assert_memory_equal(a, b, T * stride * sizeof *a);
        /* many extra oracle calls between rounds do not change the rounds */
        double x[5] = {0.3, 0.3, 0.3, 0.3, 0.3}, g[5], v;
        for (size_t t = 0; t < T; ++t) {
            assert_int_equal(oco_coco_problem_next(q), OCO_OK);
            for (int e = 0; e < 7; ++e)
                fgrad(q, x, g, &v);
            memcpy(c + t * stride, q->cons.A, k * d * sizeof *c);
            assert_memory_equal(c + t * stride, a + t * stride, k * d * sizeof *c);
        }
        /* next() and the oracles allocate nothing */
        if (COUNTING && !getenv("OCO_UNDER_VALGRIND")) {
            oco_coco_problem_rewind(p);
            size_t before = atomic_load(&n_allocs);
            for (size_t t = 0; t < T; ++t) {
                oco_coco_problem_next(p);
                fgrad(p, x, g, &v);
                v = fval(p, x);
                oco_cons_oracle cs = oco_coco_problem_cons_oracle(p);
                (void)cs;
            }
            assert_int_equal(atomic_load(&n_allocs) - before, 0);
        }
        free(a);
        oco_coco_problem_free(p);
        oco_coco_problem_free(q);
        oco_domain_free(dom);
    }
}

/* The documented bounds of info hold at sampled points and rounds. */
static void test_info_bounds(void **state)
{
    (void)state;
    const oco_coco_problem_kind kinds[] = {OCO_COCO_PROBLEM_VERTEX_COVER,
                                           OCO_COCO_PROBLEM_DR_SUBMODULAR,
                                           OCO_COCO_PROBLEM_PHASE_RETRIEVAL,
                                           OCO_COCO_PROBLEM_PHASE_RETRIEVAL};
    const char *doms[] = {"box:0,1", "box:0,1", "ball:2", "box:-1,3"};
    oco_rng r;
    oco_rng_seed(&r, 13, 0);
    for (int ki = 0; ki < 4; ++ki)
        for (size_t d = 2; d <= 6; d += 2) {
            const size_t k = 3;
            oco_domain *dom = oco_domain_parse(doms[ki], d);
            oco_coco_problem *p = make(kinds[ki], d, k, 20, dom, 5 + d);
            assert_non_null(p);
            const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
            const oco_quad_map *c = oco_coco_problem_cons(p);
            double x[6], g[6], gv[3], J[18], f;
            while (oco_coco_problem_next(p) == OCO_OK)
                for (int rep = 0; rep < 50; ++rep) {
                    rand_point(&r, dom, d, -1, 3, x);
                    if (rep == 0)
                        oco_fill(x, d, 0.0); /* x_f: strictly feasible */
                    fgrad(p, x, g, &f);
                    oco_quad_map_eval(c, x, gv, J);
                    if (rep == 0)
                        for (size_t j = 0; j < k; ++j)
                            assert_true(gv[j] <= -p->margin * (1 - 1e-12));
                    assert_true(oco_nrm2(g, d) <= in->G * (1 + 1e-12));
                    assert_true(fabs(f) <= in->F * (1 + 1e-12));
                    assert_true(oco_nrm2(gv, k) <= in->g_max * (1 + 1e-12));
                    assert_true(oco_nrm2(J, k * d) <= in->L_g * (1 + 1e-12));
                }
            oco_coco_problem_free(p);
            oco_domain_free(dom);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vc_eq8_bruteforce),
        cmocka_unit_test(test_dr_theorem6_and_unbiased),
        cmocka_unit_test(test_pr_minorant_alpha),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_hindsight_interval),
        cmocka_unit_test(test_rewind_and_allocs),
        cmocka_unit_test(test_info_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
