/* The worked classes of seed 003 §B.6 as constrained-OCO problems: the
 * per-kind hook table (coco_worked.h), online vertex cover and
 * DR-submodular coverage. Phase retrieval is in coco_worked_pr.c.
 *
 * Rewards R are maximised, so the problems give costs f = −R with α < 1
 * (seed 003's convention: α-regret = α·max ΣR − ΣR(x_t)). Rounds are drawn
 * from stream 0 of the seed in the order written below, constants from
 * stream 1; the cost oracle's randomness (dr-submodular's z) from stream 2
 * (p->orng), reseeded by rewind. Both classes live on X = [0, 1]^d.
 *
 * vertex-cover  d >= 2 vertices with inclusion probabilities x ∈ [0, 1]^d.
 *           Per round: for every pair i < j in lexicographic order,
 *           u ~ U[0, 1], (i, j) ∈ E_t iff u < q, q = VC_EDGE_PROB = 0.5 [D]
 *           (an Erdős–Rényi graph G(d, q) per round); then prices
 *           p_{t,j,i} ~ U[0, 1] (j = 1..k, i = 1..d). Reward (seed 003 (5))
 *           R_t(x) = Σ_{(i,j)∈E_t} [1 − (1 − x_i)(1 − x_j)], f_t = −R_t;
 *           consumption (4) C_{t,j}(x) = ⟨p_{t,j}, x⟩ against the per-round
 *           share ρ_j = VC_RHO·d = 0.15d [D]: g_{t,j}(x) = ⟨p_{t,j}, x⟩ − ρ_j.
 *           The budget binds: R_t is monotone and x = 1 consumes d/2 > ρ_j
 *           in expectation. α = 1/2 with the generalized subgradient −½d_t
 *           (d_t = degrees in E_t), eq (8). Bounds: ‖d_t‖ <= (d − 1)√d so
 *           G = ½(d − 1)√d; L_g = √(kd); |g_j| <= max(ρ_j, d − ρ_j) = 0.85d,
 *           g_max = 0.85d√k; F = d(d − 1)/2. x_f = 0 with margin ρ.
 * dr-submodular  ground set of d vertices, n = COV_ITEMS·d = 2d items.
 *           Constants (stream 1): item u's set S_u ⊆ [d]: each vertex
 *           i = 1..d in S_u iff U[0, 1] < min(1, 2/d) [D], an empty set gets
 *           one vertex oco_rng_below(d). Per round: weights w_{t,u} ~ U[0, 1]
 *           (u = 1..n), then knapsack costs c_{t,j,i} ~ U[0, 1] (j = 1..k,
 *           i = 1..d). F_t(x) = Σ_u w_{t,u}[1 − Π_{i∈S_u}(1 − x_i)], the
 *           multilinear extension of the weighted coverage function
 *           S ↦ Σ_u w_u·[S ∩ S_u ≠ ∅] (monotone, DR-submodular: γ = 1),
 *           f_t = −F_t; g_{t,j}(x) = ⟨c_{t,j}, x⟩ − ρ_j, ρ_j = 0.15d [D]
 *           (binds as for vertex cover). α = 1 − e^{−γ} (Theorem 6); the
 *           oracle's generalized subgradient is −((1 − e^{−γ})/γ)∇F_t(z·x),
 *           z with density γe^{γ(z−1)}/(1 − e^{−γ}) on [0, 1] (inverse CDF
 *           z = 1 + ln(e^{−γ} + u(1 − e^{−γ}))/γ, u ~ U[0, 1) from stream 2):
 *           E = −∫_0^1 e^{γ(z−1)}∇F_t(zx)dz = −∇F^s_t(x) (llp_sarkar.md B.6).
 *           Evaluation and gradient O(Σ_u |S_u|) <= O(d·n) (prefix/suffix
 *           products). Bounds: ∂_iF <= c_i = #{u : i ∈ S_u}, G = (1 −
 *           e^{−γ})/γ·‖c‖; L_g, g_max as vertex cover; F = n. */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problems/coco_problem_impl.h"
#include "problems/coco_worked.h"
#include "solvers/qp_domain.h"

#define VC_EDGE_PROB 0.5 /* [D] */
#define VC_RHO 0.15      /* ρ_j = 0.15·d [D] */
#define COV_ITEMS 2      /* n = 2d items [D] */
#define COV_SET_DEG 2.0  /* P(i ∈ S_u) = min(1, 2/d) [D] */

static double unif(oco_rng *r, double a, double b) { return oco_rng_uniform_range(r, a, b); }

void oco__coco_worked_free(oco__worked *w)
{
    if (!w)
        return;
    free(w->edges);
    free(w->deg);
    free(w->sstart);
    free(w->sidx);
    free(w->w);
    free(w->pre);
    free(w->a);
    free(w->y);
    free(w->xnat);
    free(w->gtmp);
    free(w);
}

const oco__worked *oco__coco_worked_state(const oco_coco_problem *p) { return p ? p->wk : NULL; }

/* Both reward classes are defined on probabilities: X must be [0, 1]^d. */
static int check_unit_box(const oco_coco_problem_opts *opts, const oco_domain *dom)
{
    const char *nm = oco_coco_problem_kind_name(opts->kind);
    int ok = dom && oco_domain_get_kind(dom) == OCO_DOMAIN_BOX && oco_domain_dim(dom) == opts->d &&
             opts->d > 0;
    if (ok) {
        double *lh = malloc(2 * opts->d * sizeof *lh);
        if (!lh)
            return oco_set_error(OCO_ENOMEM, "coco problem %s: out of memory", nm);
        oco__qpd_domain_geometry(dom, NULL, NULL, lh, lh + opts->d, NULL);
        for (size_t i = 0; i < opts->d; ++i)
            ok &= lh[i] == 0 && lh[opts->d + i] == 1;
        free(lh);
    }
    if (!ok)
        return oco_set_error(OCO_EINVAL, "coco problem %s: x are probabilities, X must be the box "
                                         "[0, 1]^d (domain box:0,1 of dimension d = %zu)",
                             nm, opts->d);
    if (opts->kind == OCO_COCO_PROBLEM_VERTEX_COVER && opts->d < 2)
        return oco_set_error(OCO_EINVAL, "coco problem %s: needs d >= 2 vertices (got d = %zu)",
                             nm, opts->d);
    return OCO_OK;
}

/* Constraint data shared by both classes: ρ_j = 0.15d, x_f = 0, bounds. */
static void budget_init(oco_coco_problem *p)
{
    const size_t d = p->d, k = p->k;
    for (size_t j = 0; j < k; ++j)
        p->rho[j] = p->gb[j] = VC_RHO * (double)d;
    oco_fill(p->xfeas, d, 0.0);
    p->margin = VC_RHO * (double)d;
    p->linear = 0;
    p->info.L_g = sqrt((double)(k * d));
    p->info.g_max = sqrt((double)k) * (1.0 - VC_RHO) * (double)d;
}

static void draw_prices(oco_coco_problem *p)
{
    for (size_t i = 0; i < p->k * p->d; ++i)
        p->gA[i] = unif(&p->rng, 0, 1);
}

/* ---- vertex cover ------------------------------------------------------------ */

static int vc_init(oco_coco_problem *p)
{
    const size_t d = p->d, npairs = d * (d - 1) / 2;
    oco__worked *w = calloc(1, sizeof *w);
    if (w) {
        w->edges = malloc(2 * npairs * sizeof *w->edges);
        w->deg = calloc(d, sizeof *w->deg);
    }
    if (!w || !w->edges || !w->deg) {
        oco__coco_worked_free(w);
        return oco_set_error(OCO_ENOMEM, "coco problem vertex-cover: out of memory");
    }
    p->wk = w;
    budget_init(p);
    p->info.alpha = 0.5; /* eq (8) */
    p->info.G = 0.5 * (double)(d - 1) * sqrt((double)d);
    p->info.F = (double)npairs;
    return OCO_OK;
}

static void vc_round(oco_coco_problem *p)
{
    oco__worked *w = p->wk;
    const size_t d = p->d;
    w->ne = 0;
    oco_fill(w->deg, d, 0.0);
    for (size_t i = 0; i < d; ++i)
        for (size_t j = i + 1; j < d; ++j)
            if (oco_rng_uniform(&p->rng) < VC_EDGE_PROB) {
                w->edges[2 * w->ne] = (uint32_t)i;
                w->edges[2 * w->ne + 1] = (uint32_t)j;
                w->ne++;
                w->deg[i] += 1.0;
                w->deg[j] += 1.0;
            }
    draw_prices(p);
}

/* f_t(x) = −R_t(x) (5) and the generalized subgradient −½d_t (8). */
static void vc_eval(oco_coco_problem *p, const double *x, double *value, double *g)
{
    const oco__worked *w = p->wk;
    if (value) {
        double r = 0;
        for (size_t e = 0; e < w->ne; ++e)
            r += 1.0 - (1.0 - x[w->edges[2 * e]]) * (1.0 - x[w->edges[2 * e + 1]]);
        *value = -r;
    }
    if (g)
        for (size_t i = 0; i < p->d; ++i)
            g[i] = -0.5 * w->deg[i];
}

static const oco__worked_ops vc_ops = {check_unit_box, vc_init, vc_round, vc_eval};

/* ---- DR-submodular coverage ------------------------------------------------- */

static int cov_init(oco_coco_problem *p)
{
    const size_t d = p->d, n = COV_ITEMS * d;
    oco__worked *w = calloc(1, sizeof *w);
    if (w) {
        w->ni = n;
        w->sstart = malloc((n + 1) * sizeof *w->sstart);
        w->sidx = malloc(n * d * sizeof *w->sidx);
        w->w = calloc(n, sizeof *w->w);
        w->pre = malloc(d * sizeof *w->pre);
        w->gtmp = malloc(d * sizeof *w->gtmp);
    }
    if (!w || !w->sstart || !w->sidx || !w->w || !w->pre || !w->gtmp) {
        oco__coco_worked_free(w);
        return oco_set_error(OCO_ENOMEM, "coco problem dr-submodular: out of memory");
    }
    p->wk = w;
    w->gamma = 1.0; /* coverage is DR-submodular */
    oco_rng r;
    oco_rng_seed(&r, p->seed, 1);
    const double ps = fmin(1.0, COV_SET_DEG / (double)d);
    size_t nz = 0;
    double *cnt = w->gtmp;
    oco_fill(cnt, d, 0.0);
    for (size_t u = 0; u < n; ++u) {
        w->sstart[u] = nz;
        for (size_t i = 0; i < d; ++i)
            if (oco_rng_uniform(&r) < ps)
                w->sidx[nz++] = (uint32_t)i;
        if (nz == w->sstart[u])
            w->sidx[nz++] = (uint32_t)oco_rng_below(&r, d);
        for (size_t l = w->sstart[u]; l < nz; ++l)
            cnt[w->sidx[l]] += 1.0;
    }
    w->sstart[n] = nz;
    budget_init(p);
    const double gm = w->gamma;
    p->info.alpha = 1.0 - exp(-gm); /* Theorem 6 */
    p->info.G = (1.0 - exp(-gm)) / gm * oco_nrm2(cnt, d);
    p->info.F = (double)n;
    return OCO_OK;
}

static void cov_round(oco_coco_problem *p)
{
    oco__worked *w = p->wk;
    for (size_t u = 0; u < w->ni; ++u)
        w->w[u] = unif(&p->rng, 0, 1);
    draw_prices(p);
}

/* F_t(v) and, when g != NULL, ∇F_t(v) scaled by s, added into g (cleared
 * first): ∂_iF = Σ_{u∋i} w_u Π_{l∈S_u, l≠i}(1 − v_l) by prefix/suffix
 * products (no division, exact at v_l = 1). */
static double cov_F(const oco__worked *w, const double *v, double s, double *g, size_t d)
{
    double F = 0;
    if (g)
        oco_fill(g, d, 0.0);
    for (size_t u = 0; u < w->ni; ++u) {
        const uint32_t *S = w->sidx + w->sstart[u];
        const size_t ns = w->sstart[u + 1] - w->sstart[u];
        double pr = 1.0;
        for (size_t l = 0; l < ns; ++l) {
            w->pre[l] = pr; /* Π_{l' < l} */
            pr *= 1.0 - v[S[l]];
        }
        F += w->w[u] * (1.0 - pr);
        if (g) {
            double suf = 1.0; /* Π_{l' > l} */
            for (size_t l = ns; l-- > 0;) {
                g[S[l]] += s * w->w[u] * w->pre[l] * suf;
                suf *= 1.0 - v[S[l]];
            }
        }
    }
    return F;
}

static void cov_eval(oco_coco_problem *p, const double *x, double *value, double *g)
{
    oco__worked *w = p->wk;
    const size_t d = p->d;
    if (value)
        *value = -cov_F(w, x, 0, NULL, d);
    if (g) {
        /* z ~ density ∝ e^{γ(z−1)} on [0, 1] by the inverse CDF */
        const double gm = w->gamma, e = exp(-gm);
        double u = oco_rng_uniform(&p->orng);
        double z = 1.0 + log(e + u * (1.0 - e)) / gm;
        z = fmin(1.0, fmax(0.0, z));
        for (size_t i = 0; i < d; ++i)
            w->gtmp[i] = z * x[i];
        cov_F(w, w->gtmp, -(1.0 - e) / gm, g, d);
    }
}

static const oco__worked_ops cov_ops = {check_unit_box, cov_init, cov_round, cov_eval};

const oco__worked_ops *oco__coco_worked_ops(oco_coco_problem_kind kind)
{
    switch (kind) {
    case OCO_COCO_PROBLEM_VERTEX_COVER:
        return &vc_ops;
    case OCO_COCO_PROBLEM_DR_SUBMODULAR:
        return &cov_ops;
    case OCO_COCO_PROBLEM_PHASE_RETRIEVAL:
        return &oco__worked_pr_ops;
    default:
        return NULL;
    }
}
