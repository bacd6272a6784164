/* Regularized phase retrieval (seed 003 Appendix A.4, Theorem 7) as a
 * constrained-OCO problem: an approximately CONVEX cost (α > 1), its convex
 * minorant h_t and the numerically estimated α̂ (the exact α(μ, ‖A‖, y) of
 * the seed was not recovered, llp_sarkar.md B.6).
 *
 * phase-retrieval  X a box or a ball that contains 0 (the zero signal
 *           consumes nothing, so X* ∋ 0 is never empty), m = 2d measurements
 *           per round [D]. Constant (stream 1): the hidden signal
 *           x♮ = 0.5·R·e, e = n/‖n‖, n_i ~ N(0, 1) (R = sup ‖x − x°‖ on X).
 *           Per round, for i = 1..m: a_i = n/‖n‖ with n_l ~ N(0, 1)
 *           (l = 1..d; redrawn if n = 0), y_i = |⟨a_i, x♮⟩| + R·U[0.05, 0.15]
 *           (y_i > 0); then for j = 1..k: s_j ~ U[0.5, 1.5]. Cost (31)
 *               f_t(x) = (1/m)Σ_i (|⟨a_i, x⟩| − y_i)² + μ‖x‖²,  μ = 0.5 [D];
 *           energy consumption g_{t,j}(x) = s_j‖x‖² − ρ_j (P = 2s_j·I, A = 0,
 *           b = ρ_j), ρ_j = PR_RHO·R² = 0.05R² [D]: X* = X ∩ {‖x‖ <= r},
 *           r ≈ 0.22R < ‖x♮‖ = 0.5R, so the budget binds.
 * Minorant (the seed's construction of (32)–(35): a constant, a PSD
 * quadratic and squared-ReLU terms), θ = 1/2 [D], c = (1 − θ)μ:
 *     h_t(x) = c0 + θμ‖x‖² + (1/m)Σ_i ReLU(|⟨a_i, x⟩| − y_i)²,
 *     c0 = (1/m)Σ_i y_i²·c/(‖a_i‖² + c).
 * h_t is convex (ReLU(|u| − y)² is convex in u). h_t <= f_t: f_t − h_t =
 * (1/m)Σ_i [ReLU(y_i − |u_i|)² + c‖x‖² − y_i²c/(‖a_i‖² + c)] and each bracket
 * is >= 0, since |u_i| <= ‖a_i‖r (r = ‖x‖) and min_r (y − ‖a‖r)_+² + cr² =
 * y²c/(‖a‖² + c). h_t >= c0 > 0 everywhere, so f_t/h_t is bounded on any
 * bounded X. Certified ratio: with κ = 1 + 1/c and ‖a_i‖ = 1, κh_t − f_t >=
 * ‖x‖²(θμ/c − c) >= 0 whenever θ/(1 − θ) >= (1 − θ)μ (here 1 >= 0.25):
 * each bracket of κh − f is >= −c‖x‖² (y² − (y − |u|)² >= 0 for |u| <= y,
 * y² + (κ − 1)(|u| − y)² >= 0 otherwise), and (κ − 1)θμ‖x‖² = θμ‖x‖²/c
 * pays for it. Equality at x = 0: f_t(0)/h_t(0) = κ = 5.
 * α̂ (ESTIMATED, info.alpha_estimated = 1): max f_t(x)/h_t(x) over the first
 * min(T, 32) rounds and the points 0, a grid of 5^d points (d <= 3) of the
 * bounding box, and 64 random points (stream 3), all projected onto X; the
 * generalized subgradient is α̂∇h_t(x) (Lemma 8), valid when f_t <= α̂h_t
 * (α̂ <= κ always; = κ here, since 0 ∈ X is a sample point). Bounds with
 * M = ‖x°‖ + R >= sup‖x‖: ‖∇h‖ <= 2θμM + 2M, G = α̂(2θμ + 2)M;
 * L_g = 3M√k; g_max = √k(1.5M² + ρ); F = (M + 0.65R)² + μM².
 * CAVEAT (a property of the class, not of this code): f_t is symmetric
 * (f_t(−x) = f_t(x)), so every convex minorant is minimised at 0, and
 * f_t(0) = κh_t(0) <= κh_t(y) <= κf_t(y): x = 0 is an α-approximate
 * minimiser in every round, the generalized subgradient α̂∇h_t(0) = 0, and
 * an algorithm that starts at 0 (the centre of a ball) stays there with
 * α̂-regret <= 0. The class is faithful to seed 003 A.4 but easy for the
 * α̂-regret; its plain regret against the benchmark is what varies. */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problems/coco_problem_impl.h"
#include "problems/coco_worked.h"
#include "solvers/qp_domain.h"

#define PR_MEAS 2        /* m = 2d [D] */
#define PR_MU 0.5        /* μ [D] */
#define PR_THETA 0.5     /* θ [D] */
#define PR_RHO 0.05      /* ρ_j = 0.05R² [D] */
#define PR_EST_ROUNDS 32 /* rounds sampled for α̂ */
#define PR_EST_RANDOM 64 /* random points for α̂ */
#define PR_EST_GRID 5    /* grid points per axis (d <= 3) */

static int pr_check(const oco_coco_problem_opts *opts, const oco_domain *dom)
{
    if (!dom || oco_domain_dim(dom) != opts->d || opts->d == 0)
        return oco_set_error(OCO_EINVAL, "coco problem phase-retrieval: the domain must have "
                                         "dimension d = %zu", opts->d);
    oco_domain_kind k = oco_domain_get_kind(dom);
    if (k != OCO_DOMAIN_BOX && k != OCO_DOMAIN_BALL)
        return oco_set_error(OCO_EINVAL, "coco problem phase-retrieval: the domain must be a box "
                                         "or a ball");
    double *z = calloc(opts->d, sizeof *z);
    if (!z)
        return oco_set_error(OCO_ENOMEM, "coco problem phase-retrieval: out of memory");
    int in = oco_domain_contains(dom, z, 0.0);
    free(z);
    if (!in)
        return oco_set_error(OCO_EINVAL, "coco problem phase-retrieval: the domain must contain "
                                         "0 (the zero signal consumes nothing; e.g. ball:1 or "
                                         "box:-1,1)");
    return OCO_OK;
}

double oco__pr_value(const oco_coco_problem *p, const double *x, double *g)
{
    const oco__worked *w = p->wk;
    const size_t d = p->d, m = w->m;
    double f = 0;
    if (g)
        for (size_t i = 0; i < d; ++i)
            g[i] = 2.0 * w->mu * x[i];
    for (size_t i = 0; i < m; ++i) {
        const double *a = w->a + i * d;
        double u = oco_dot(a, x, d), r = fabs(u) - w->y[i];
        f += r * r;
        if (g)
            oco_axpy(2.0 / (double)m * r * (u >= 0 ? 1.0 : -1.0), a, g, d);
    }
    return f / (double)m + w->mu * oco_dot(x, x, d);
}

double oco__pr_minorant(const oco_coco_problem *p, const double *x, double *g)
{
    const oco__worked *w = p->wk;
    const size_t d = p->d, m = w->m;
    double h = 0;
    if (g)
        for (size_t i = 0; i < d; ++i)
            g[i] = 2.0 * w->theta * w->mu * x[i];
    for (size_t i = 0; i < m; ++i) {
        const double *a = w->a + i * d;
        double u = oco_dot(a, x, d), r = fabs(u) - w->y[i];
        if (r > 0) {
            h += r * r;
            if (g)
                oco_axpy(2.0 / (double)m * r * (u >= 0 ? 1.0 : -1.0), a, g, d);
        }
    }
    return w->c0 + w->theta * w->mu * oco_dot(x, x, d) + h / (double)m;
}

static void pr_round(oco_coco_problem *p)
{
    oco__worked *w = p->wk;
    const size_t d = p->d, m = w->m;
    const double c = (1.0 - w->theta) * w->mu;
    w->c0 = 0;
    for (size_t i = 0; i < m; ++i) {
        double *a = w->a + i * d, nn = 0;
        while (!(nn > 0)) {
            for (size_t l = 0; l < d; ++l)
                a[l] = oco_rng_normal(&p->rng, 0, 1);
            nn = oco_nrm2(a, d);
        }
        oco_scal(1.0 / nn, a, d);
        w->y[i] = fabs(oco_dot(a, w->xnat, d)) + p->RX * oco_rng_uniform_range(&p->rng, 0.05, 0.15);
        double a2 = oco_dot(a, a, d);
        w->c0 += w->y[i] * w->y[i] * c / (a2 + c);
    }
    w->c0 /= (double)m;
    for (size_t j = 0; j < p->k; ++j) {
        double s = oco_rng_uniform_range(&p->rng, 0.5, 1.5);
        double *P = p->gP + j * d * d;
        for (size_t i = 0; i < d; ++i)
            P[i * d + i] = 2.0 * s;
    }
}

/* f_t(x) and the generalized subgradient α̂∇h_t(x) (Lemma 8). */
static void pr_eval(oco_coco_problem *p, const double *x, double *value, double *g)
{
    if (value)
        *value = oco__pr_value(p, x, NULL);
    if (g) {
        oco__pr_minorant(p, x, g);
        oco_scal(p->info.alpha, g, p->d);
    }
}

/* α̂ = max f_t/h_t over sample rounds and points (documented above). */
static int pr_estimate_alpha(oco_coco_problem *p, double *alpha)
{
    const size_t d = p->d;
    double *x = malloc(3 * d * sizeof *x);
    if (!x)
        return oco_set_error(OCO_ENOMEM, "coco problem phase-retrieval: out of memory");
    double *lo = x + d, *hi = lo + d;
    if (p->lo) {
        oco_copy(p->lo, lo, d);
        oco_copy(p->hi, hi, d);
    } else {
        oco_fill(lo, d, -p->RX);
        oco_fill(hi, d, p->RX);
    }
    size_t ngrid = 1;
    if (d <= 3)
        for (size_t i = 0; i < d; ++i)
            ngrid *= PR_EST_GRID;
    else
        ngrid = 0;
    const size_t npts = 1 + ngrid + PR_EST_RANDOM;
    const size_t nr = p->T < PR_EST_ROUNDS ? p->T : PR_EST_ROUNDS;
    oco_rng_seed(&p->rng, p->seed, 0);
    oco_rng pts;
    double best = 0;
    for (size_t t = 0; t < nr; ++t) {
        pr_round(p);
        oco_rng_seed(&pts, p->seed, 3);
        for (size_t q = 0; q < npts; ++q) {
            if (q == 0) {
                oco_fill(x, d, 0.0);
            } else if (q <= ngrid) {
                size_t idx = q - 1;
                for (size_t i = 0; i < d; ++i) {
                    size_t c = idx % PR_EST_GRID;
                    idx /= PR_EST_GRID;
                    x[i] = lo[i] + (hi[i] - lo[i]) * (double)c / (PR_EST_GRID - 1);
                }
            } else {
                for (size_t i = 0; i < d; ++i)
                    x[i] = oco_rng_uniform_range(&pts, lo[i], hi[i]);
            }
            oco_domain_project(p->dom, x);
            double r = oco__pr_value(p, x, NULL) / oco__pr_minorant(p, x, NULL);
            if (r > best)
                best = r;
        }
    }
    free(x);
    *alpha = best;
    return OCO_OK;
}

static int pr_init(oco_coco_problem *p)
{
    const size_t d = p->d, k = p->k, m = PR_MEAS * d;
    oco__worked *w = calloc(1, sizeof *w);
    if (w) {
        w->m = m;
        w->a = malloc(m * d * sizeof *w->a);
        w->y = malloc(m * sizeof *w->y);
        w->xnat = malloc(d * sizeof *w->xnat);
        w->gtmp = malloc(d * sizeof *w->gtmp);
    }
    if (!w || !w->a || !w->y || !w->xnat || !w->gtmp) {
        oco__coco_worked_free(w);
        return oco_set_error(OCO_ENOMEM, "coco problem phase-retrieval: out of memory");
    }
    p->wk = w;
    p->linear = 0;
    w->mu = PR_MU;
    w->theta = PR_THETA;
    w->kappa = 1.0 + 1.0 / ((1.0 - w->theta) * w->mu);
    const double R = p->RX, M = oco_nrm2(p->center, d) + R;
    oco_rng r;
    oco_rng_seed(&r, p->seed, 1);
    double nn = 0;
    while (!(nn > 0)) {
        for (size_t i = 0; i < d; ++i)
            w->xnat[i] = oco_rng_normal(&r, 0, 1);
        nn = oco_nrm2(w->xnat, d);
    }
    oco_scal(0.5 * R / nn, w->xnat, d);
    for (size_t j = 0; j < k; ++j) {
        p->rho[j] = p->gb[j] = PR_RHO * R * R;
        oco_fill(p->gA + j * d, d, 0.0);
    }
    oco_fill(p->xfeas, d, 0.0);
    p->margin = PR_RHO * R * R;
    double ah = 0;
    int rc = pr_estimate_alpha(p, &ah);
    if (rc != OCO_OK)
        return rc;
    oco_coco_problem_info *in = &p->info;
    in->alpha = ah;
    in->alpha_estimated = 1;
    in->G = ah * (2.0 * w->theta * w->mu + 2.0) * M;
    in->L_g = 3.0 * M * sqrt((double)k);
    in->g_max = sqrt((double)k) * (1.5 * M * M + PR_RHO * R * R);
    in->F = (M + 0.65 * R) * (M + 0.65 * R) + w->mu * M * M;
    return OCO_OK;
}

const oco__worked_ops oco__worked_pr_ops = {pr_check, pr_init, pr_round, pr_eval};
