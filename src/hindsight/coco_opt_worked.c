/* The long-term benchmark of the worked classes of seed 003 §B.6
 * (src/problems/coco_worked*.c): min Σ_t f_t(x) over X* = {x ∈ X :
 * Σ_t g_t(x) <= B}. The costs are not convex, so the answer is a CERTIFIED
 * INTERVAL [comparator − gap, comparator]: comparator = Σf_t at a feasible
 * point found, comparator − gap <= the optimum by a certificate. The per-round
 * benchmark is not supported (OCO_EINVAL).
 *
 * lp-relaxation (vertex-cover, dr-submodular). Both rewards are weighted
 * coverage: Σ_t R_t(x) = Σ_u W_u [1 − Π_{i∈S_u}(1 − x_i)] with S_u = {i, j}
 * and W_u = #{t : (i, j) ∈ E_t} for vertex cover, S_u the item sets and
 * W_u = Σ_t w_{t,u} for coverage, aggregated by ONE replay (O(T·size)),
 * together with Σ_t g_t = ⟨Σ_t p_t, x⟩ − (Σ_t ρ + B). Upper bound: the
 * concave majorant 1 − Π(1 − x_i) <= min(1, Σ_{i∈S_u} x_i) (seed 003 (7),
 * the union bound) maximised exactly by CLP:
 *     max Σ_u W_u z_u  s.t.  z_u <= Σ_{i∈S_u} x_i,  ⟨Σp_j, x⟩ <= Σρ_j + B_j,
 *                            x ∈ [0, 1]^d, z ∈ [0, 1]^n.
 * Comparator: the LP's x (clipped to [0, 1] and scaled into the budget rows,
 * which keeps it feasible because the prices are >= 0 and Σρ + B >= 0), then
 * Frank–Wolfe ascent on the true Σ R_t: s = argmax_{X*}⟨∇ΣR(x), s⟩ (CLP),
 * x ← x + γ(s − x) with the best γ of a grid of 64 (accepted only if it
 * improves; convex combinations stay in X*), then a local search of
 * coordinate moves and exchanges (cover_local); a second start, the greedy
 * corner by ratio ∂R(0)/price, gets the same local search, the better one
 * is kept. The local search is capped at ~5·10^7 operations. gap = UB − ΣR(x) +
 * 1e-9·max(1, UB) (CLP's tolerance).
 *
 * local+minorant (phase-retrieval): coco_opt_worked_pr.c.
 */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hindsight/coco_opt_internal.h"
#include "problems/coco_problem_impl.h"
#include "problems/coco_worked.h"
#include "solvers/lp.h"

#define FW_ITERS 100
#define FW_GRID 64
#define LS_WORK 50000000 /* item-operations of a local search (~0.1 s) */

/* ---- weighted coverage (vertex cover, dr-submodular) -------------------------- */

typedef struct cover {
    size_t d, k, n;
    size_t *st;   /* n + 1 */
    uint32_t *ix; /* st[n] */
    double *W;    /* n */
    double *SA, *Sb; /* k × d, k */
    double *pre;  /* d scratch */
} cover;

static void cover_free(cover *c)
{
    free(c->st);
    free(c->ix);
    free(c->W);
    free(c->SA);
}

/* Σ_u W_u[1 − Π(1 − x_i)] and its gradient (g may be NULL). */
static double cover_value(const cover *c, const double *x, double *g)
{
    double R = 0;
    if (g)
        oco_fill(g, c->d, 0.0);
    for (size_t u = 0; u < c->n; ++u) {
        const uint32_t *S = c->ix + c->st[u];
        size_t ns = c->st[u + 1] - c->st[u];
        double pr = 1.0;
        for (size_t l = 0; l < ns; ++l) {
            c->pre[l] = pr;
            pr *= 1.0 - x[S[l]];
        }
        R += c->W[u] * (1.0 - pr);
        if (g) {
            double suf = 1.0;
            for (size_t l = ns; l-- > 0;) {
                g[S[l]] += c->W[u] * c->pre[l] * suf;
                suf *= 1.0 - x[S[l]];
            }
        }
    }
    return R;
}

static int cover_aggregate(oco_coco_problem *p, const double *budget, cover *c)
{
    const size_t d = p->d, k = p->k;
    const oco__worked *w = p->wk;
    const int vc = p->kind == OCO_COCO_PROBLEM_VERTEX_COVER;
    size_t n0 = vc ? d * (d - 1) / 2 : w->ni;
    memset(c, 0, sizeof *c);
    c->d = d;
    c->k = k;
    c->st = malloc((n0 + 1) * sizeof *c->st);
    c->ix = malloc((vc ? 2 * n0 : w->sstart[w->ni]) * sizeof *c->ix + 1);
    c->W = calloc(n0 + 1, sizeof *c->W);
    c->SA = calloc(k * d + k + d, sizeof *c->SA);
    if (!c->st || !c->ix || !c->W || !c->SA) {
        cover_free(c);
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    }
    c->Sb = c->SA + k * d;
    c->pre = c->Sb + k;
    const oco_quad_map *g = oco_coco_problem_cons(p);
    oco_coco_problem_rewind(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        if (vc) {
            for (size_t e = 0; e < w->ne; ++e) {
                size_t i = w->edges[2 * e], j = w->edges[2 * e + 1];
                /* pair index of i < j in lexicographic order */
                c->W[i * d - i * (i + 1) / 2 + (j - i - 1)] += 1.0;
            }
        } else {
            oco_axpy(1.0, w->w, c->W, w->ni);
        }
        oco_axpy(1.0, g->A, c->SA, k * d);
        oco_axpy(1.0, g->b, c->Sb, k);
    }
    oco_coco_problem_rewind(p);
    if (budget)
        oco_axpy(1.0, budget, c->Sb, k);
    /* keep the items of positive weight */
    size_t n = 0, nz = 0;
    if (vc) {
        size_t e = 0;
        for (size_t i = 0; i < d; ++i)
            for (size_t j = i + 1; j < d; ++j, ++e)
                if (c->W[e] > 0) {
                    c->W[n] = c->W[e];
                    c->st[n++] = nz;
                    c->ix[nz++] = (uint32_t)i;
                    c->ix[nz++] = (uint32_t)j;
                }
    } else {
        for (size_t u = 0; u < w->ni; ++u)
            if (c->W[u] > 0) {
                c->W[n] = c->W[u];
                c->st[n++] = nz;
                for (size_t l = w->sstart[u]; l < w->sstart[u + 1]; ++l)
                    c->ix[nz++] = w->sidx[l];
            }
    }
    c->st[n] = nz;
    c->n = n;
    return OCO_OK;
}

/* max objᵀ(x, z) over the relaxation (zcols = 1) or max ⟨obj, x⟩ over X*
 * (zcols = 0); x (d) out, *val the optimum. */
static int cover_lp(const cover *c, int zcols, const double *obj, double *x, double *val)
{
    const size_t d = c->d, k = c->k, n = zcols ? c->n : 0, nc = d + n, nr = n + k;
    const size_t nnz = (zcols ? c->st[c->n] + n : 0) + k * d;
    if (nc > INT_MAX || nr > INT_MAX || nnz > INT_MAX)
        return oco_set_error(OCO_EINVAL, "coco hindsight (lp-relaxation): too large");
    int *cs = malloc((nc + 1) * sizeof *cs), *ri = malloc((nnz + 1) * sizeof *ri);
    double *v = malloc((nnz + 1) * sizeof *v), *o = malloc((2 * nc + nr + nc) * sizeof *o);
    int rc = OCO_OK;
    if (!cs || !ri || !v || !o) {
        rc = oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
        goto done;
    }
    double *cu = o + nc, *ru = cu + nc, *xs = ru + nr;
    /* column i of x: −1 in the rows of the items containing i, then the
       budget rows; the incidence is rebuilt by scanning the items */
    int nzc = 0;
    for (size_t i = 0; i < d; ++i) {
        cs[i] = nzc;
        for (size_t u = 0; u < n; ++u)
            for (size_t l = c->st[u]; l < c->st[u + 1]; ++l)
                if (c->ix[l] == i) {
                    ri[nzc] = (int)u;
                    v[nzc++] = -1.0;
                }
        for (size_t j = 0; j < k; ++j)
            if (c->SA[j * d + i] != 0) {
                ri[nzc] = (int)(n + j);
                v[nzc++] = c->SA[j * d + i];
            }
        o[i] = zcols ? 0.0 : obj[i];
        cu[i] = 1.0;
    }
    for (size_t u = 0; u < n; ++u) {
        cs[d + u] = nzc;
        ri[nzc] = (int)u;
        v[nzc++] = 1.0;
        o[d + u] = c->W[u];
        cu[d + u] = 1.0;
    }
    cs[nc] = nzc;
    for (size_t u = 0; u < n; ++u)
        ru[u] = 0.0;
    for (size_t j = 0; j < k; ++j)
        ru[n + j] = c->Sb[j];
    oco_lp_problem lp = {nc, nr, 1, o, NULL, cu, NULL, ru, cs, ri, v};
    oco_lp_opts lo = oco__lp_opts_default();
    oco_lp_result res;
    rc = oco__lp_solve(&lp, &lo, &res, xs, NULL, NULL);
    if (rc == OCO_OK) {
        oco_copy(xs, x, d);
        *val = res.objective;
    }
done:
    free(cs);
    free(ri);
    free(v);
    free(o);
    return rc;
}

/* Clip x to [0, 1]^d and scale it into the budget rows (prices >= 0). */
static void cover_make_feasible(const cover *c, double *x)
{
    for (size_t i = 0; i < c->d; ++i)
        x[i] = fmin(1.0, fmax(0.0, x[i]));
    double s = 1.0;
    for (size_t j = 0; j < c->k; ++j) {
        double a = oco_dot(c->SA + j * c->d, x, c->d);
        if (a > c->Sb[j])
            s = fmin(s, c->Sb[j] / a);
    }
    if (s < 1.0)
        oco_scal(s * (1.0 - 1e-15), x, c->d);
}

/* The largest δ >= 0 with x + δv ∈ [0, 1]^d and every budget row kept. */
static double cover_max_step(const cover *c, const double *x, const double *v)
{
    double dm = INFINITY;
    for (size_t i = 0; i < c->d; ++i) {
        if (v[i] > 0)
            dm = fmin(dm, (1.0 - x[i]) / v[i]);
        else if (v[i] < 0)
            dm = fmin(dm, -x[i] / v[i]);
    }
    for (size_t j = 0; j < c->k; ++j) {
        const double *a = c->SA + j * c->d;
        double av = oco_dot(a, v, c->d), slack = c->Sb[j] - oco_dot(a, x, c->d);
        if (av > 0)
            dm = fmin(dm, fmax(0.0, slack) / av);
    }
    return isfinite(dm) ? dm : 0.0;
}

/* Best x + δv over a grid of FW_GRID steps in [0, δmax] (feasible moves
 * only); returns 1 if it improved *R. */
static int cover_line(const cover *c, double *x, const double *v, double *R, double *y,
                      size_t *work)
{
    double dm = cover_max_step(c, x, v) * (1.0 - 1e-12);
    if (!(dm > 1e-12))
        return 0;
    double best = *R, bd = 0;
    for (size_t q = 1; q <= FW_GRID; ++q) {
        double dl = dm * (double)q / FW_GRID;
        for (size_t i = 0; i < c->d; ++i)
            y[i] = fmin(1.0, fmax(0.0, x[i] + dl * v[i]));
        double val = cover_value(c, y, NULL);
        if (val > best) {
            best = val;
            bd = dl;
        }
    }
    *work += FW_GRID * (c->st[c->n] + c->d);
    if (!(best > *R * (1 + 1e-12) + 1e-300))
        return 0;
    for (size_t i = 0; i < c->d; ++i)
        x[i] = fmin(1.0, fmax(0.0, x[i] + bd * v[i]));
    *R = cover_value(c, x, NULL);
    return 1;
}

/* Local search on the true ΣR inside X*: single-coordinate moves ±e_i and
 * exchanges e_i − (a_i/a_j)e_j along the first budget row (the multilinear
 * objective is a polynomial of degree <= 2 along them), each by a grid line
 * search, until a sweep improves nothing or the work budget is spent. */
static void cover_local(const cover *c, double *x, double *R, double *v, double *y)
{
    const size_t d = c->d;
    size_t work = 0;
    for (int sweep = 0; sweep < 50 && work < LS_WORK; ++sweep) {
        int imp = 0;
        for (size_t i = 0; i < d && work < LS_WORK; ++i) {
            for (int sg = -1; sg <= 1; sg += 2) {
                oco_fill(v, d, 0.0);
                v[i] = sg;
                imp |= cover_line(c, x, v, R, y, &work);
            }
            for (size_t j = 0; j < d; ++j) {
                if (j == i)
                    continue;
                double ai = c->k ? c->SA[i] : 0.0, aj = c->k ? c->SA[j] : 0.0;
                oco_fill(v, d, 0.0);
                v[i] = 1.0;
                v[j] = aj > 0 ? -ai / aj : -1.0;
                imp |= cover_line(c, x, v, R, y, &work);
            }
        }
        if (!imp)
            break;
    }
}

static int cover_hindsight(oco_coco_problem *p, const double *budget, double *xbest,
                           oco_coco_hindsight *out)
{
    cover c;
    int rc = cover_aggregate(p, budget, &c);
    if (rc != OCO_OK)
        return rc;
    const size_t d = c.d;
    for (size_t j = 0; j < c.k; ++j)
        if (c.Sb[j] < 0) {
            rc = oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: constraint %zu "
                               "needs ⟨Σp, x⟩ <= %.17g < 0 with prices >= 0 on [0, 1]^d",
                               j + 1, c.Sb[j]);
            cover_free(&c);
            return rc;
        }
    double *buf = malloc(6 * d * sizeof *buf);
    if (!buf) {
        cover_free(&c);
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    }
    double *x = buf, *gr = x + d, *s = gr + d, *y = s + d, *v = y + d, *x2 = v + d;
    double ub = 0;
    size_t iters = 1;
    rc = cover_lp(&c, 1, NULL, x, &ub);
    if (rc == OCO_OK) {
        cover_make_feasible(&c, x);
        double R = cover_value(&c, x, NULL);
        for (size_t it = 0; it < FW_ITERS && rc == OCO_OK; ++it) {
            double dummy;
            cover_value(&c, x, gr);
            if ((rc = cover_lp(&c, 0, gr, s, &dummy)) != OCO_OK)
                break;
            ++iters;
            cover_make_feasible(&c, s);
            double bestR = R, bestg = 0;
            for (size_t q = 1; q <= FW_GRID; ++q) {
                double gm = (double)q / FW_GRID;
                for (size_t i = 0; i < d; ++i)
                    y[i] = x[i] + gm * (s[i] - x[i]);
                double val = cover_value(&c, y, NULL);
                if (val > bestR) {
                    bestR = val;
                    bestg = gm;
                }
            }
            if (!(bestR > R * (1 + 1e-12) + 1e-300))
                break;
            for (size_t i = 0; i < d; ++i)
                x[i] += bestg * (s[i] - x[i]);
            R = cover_value(&c, x, NULL);
        }
        cover_local(&c, x, &R, v, y);
        /* a second start: the greedy-by-ratio corner (fill the vertices of
           the largest ∂R(0)/a_i first, within the budget), improved too */
        if (rc == OCO_OK) {
            oco_fill(x2, d, 0.0);
            cover_value(&c, x2, gr);
            for (size_t it = 0; it < d; ++it) {
                size_t bi = d;
                double br = -1;
                for (size_t i = 0; i < d; ++i) {
                    double a = c.k ? c.SA[i] : 0.0, ratio = a > 0 ? gr[i] / a : INFINITY;
                    if (x2[i] == 0 && ratio > br) {
                        br = ratio;
                        bi = i;
                    }
                }
                if (bi == d)
                    break;
                oco_fill(v, d, 0.0);
                v[bi] = 1.0;
                x2[bi] = cover_max_step(&c, x2, v);
                if (x2[bi] == 0)
                    x2[bi] = 1e-300; /* mark as visited */
            }
            cover_make_feasible(&c, x2);
            double R2 = cover_value(&c, x2, NULL);
            cover_local(&c, x2, &R2, v, y);
            if (R2 > R) {
                R = R2;
                oco_copy(x2, x, d);
            }
        }
        if (rc == OCO_OK) {
            out->comparator = -R;
            out->gap = fmax(0.0, ub - R) + 1e-9 * fmax(1.0, fabs(ub));
            out->method = "lp-relaxation";
            out->iterations = iters;
            oco_copy(x, xbest, d);
        }
    }
    free(buf);
    cover_free(&c);
    return rc;
}

int oco__coco_worked_hindsight(oco_coco_problem *p, oco_coco_benchmark bench,
                               const double *budget, double *xstar, oco_coco_hindsight *out)
{
    const char *nm = oco_coco_problem_label(p);
    if (bench != OCO_COCO_BENCH_LONG_TERM)
        return oco_set_error(OCO_EINVAL, "coco hindsight: %s supports only the long-term "
                                         "benchmark (its costs are not convex; use --benchmark "
                                         "long-term)", nm);
    double *x = malloc(p->d * sizeof *x);
    if (!x)
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    int rc = p->kind == OCO_COCO_PROBLEM_PHASE_RETRIEVAL ? oco__coco_pr_hindsight(p, budget, x, out)
                                                          : cover_hindsight(p, budget, x, out);
    oco_coco_problem_rewind(p);
    if (rc == OCO_OK && xstar)
        oco_copy(x, xstar, p->d);
    if (rc != OCO_OK)
        out->comparator = NAN;
    free(x);
    return rc;
}
