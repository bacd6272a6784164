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
 * local+minorant (phase-retrieval). Σ_t g_{t,j} = S_j‖x‖² − (Σρ_j + B_j), so
 * X* = X ∩ {‖x‖ <= r}, r² = min_j (Σρ_j + B_j)/S_j. The rounds' data are
 * stored once (O(T·m·d) memory). Upper end: projected gradient descent with
 * backtracking on Σf_t from several starts (0, ±x♮ projected, 16 random
 * points of radius r or r/2; at most PG_ITERS = 300 steps each, fewer when
 * T·m·d is large: ~10^9 products in all, at least ~150 evaluations of the
 * sum), projected exactly onto X ∩ ball(0, r) (bisection on
 * the multiplier of the ball for a box). Lower end: min Σ_t h_t over X*,
 * h_t the convex minorant of coco_worked_pr.c (h_t <= f_t; here the best
 * of its splits θ ∈ {0, 0.25, 0.5}, each a valid minorant), by the same
 * descent, certified by the Frank–Wolfe bound H(x) + min_{s∈X*}⟨∇H(x),
 * s − x⟩ (convexity of H = Σh_t; for a box the linear minimisation over
 * X ∩ ball is bounded below by its Lagrange dual at the bisected multiplier,
 * weak duality). gap = comparator − (that lower bound); it contains the
 * loss of the minorant (f_t <= κh_t), so it is wide: an honest bracket, not
 * an approximation ratio. */
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
#define PG_ITERS 300
#define PR_STARTS 16
#define LS_WORK 50000000 /* item-operations of a local search (~0.1 s) */
#define PR_WORK 1e9   /* T·m·d-products of the phase-retrieval descents in all */
#define PR_SUMS_MIN 150 /* ... but at least this many evaluations of Σf or Σh */

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

/* ---- phase retrieval ------------------------------------------------------------ */

typedef struct prdata {
    size_t d, T, m;
    double *a, *y; /* T·m × d, T·m */
    double C0;     /* Σ_t c0_t */
    double mu, theta;
    const double *lo, *hi; /* box of X or NULL (ball of radius R) */
    double R, r;           /* X* = X ∩ ball(0, r) */
} prdata;

/* Σ_t f_t (minorant = 0) or Σ_t h_t (minorant = 1), gradient into g. */
static double pr_sum(const prdata *q, const double *x, double *g, int minorant)
{
    const size_t d = q->d, N = q->T * q->m;
    const double T = (double)q->T, mq = (double)q->m;
    const double reg = minorant ? q->theta * q->mu : q->mu;
    double s = 0;
    oco_fill(g, d, 0.0);
    for (size_t i = 0; i < N; ++i) {
        const double *a = q->a + i * d;
        double u = oco_dot(a, x, d), r = fabs(u) - q->y[i];
        if (minorant && r <= 0)
            continue;
        s += r * r;
        oco_axpy(2.0 / mq * r * (u >= 0 ? 1.0 : -1.0), a, g, d);
    }
    oco_axpy(2.0 * T * reg, x, g, d);
    return s / mq + T * reg * oco_dot(x, x, d) + (minorant ? q->C0 : 0.0);
}

/* s(λ) = clip(v/(1 + λ)) (projection) or clip(−c/(2λ)) (linear minimisation) */
static double clip_norm2(const prdata *q, const double *v, double scale, double *s)
{
    double n2 = 0;
    for (size_t i = 0; i < q->d; ++i) {
        s[i] = fmin(q->hi[i], fmax(q->lo[i], scale * v[i]));
        n2 += s[i] * s[i];
    }
    return n2;
}

/* The exact projection onto X ∩ ball(0, r), in place (s scratch d). */
static void pr_project(const prdata *q, double *v, double *s)
{
    const size_t d = q->d;
    if (!q->lo) {
        double rr = fmin(q->R, q->r), n = oco_nrm2(v, d);
        if (n > rr)
            oco_scal(rr / n, v, d);
        return;
    }
    const double r2 = q->r * q->r;
    if (clip_norm2(q, v, 1.0, s) <= r2) {
        oco_copy(s, v, d);
        return;
    }
    double a = 0, b = 1;
    while (clip_norm2(q, v, 1.0 / (1.0 + b), s) > r2 && b < 1e300)
        b *= 2;
    for (int it = 0; it < 200 && b - a > 1e-15 * b; ++it) {
        double mid = 0.5 * (a + b);
        if (clip_norm2(q, v, 1.0 / (1.0 + mid), s) > r2)
            a = mid;
        else
            b = mid;
    }
    clip_norm2(q, v, 1.0 / (1.0 + b), v); /* the feasible end */
}

/* A lower bound on min_{s ∈ X*} ⟨c, s⟩ (exact for a ball; weak duality for
 * a box: max over λ >= 0 of Σ_i min_{s_i} (c_i s_i + λs_i²) − λr²). */
static double pr_lmo_lower(const prdata *q, const double *c, double *s)
{
    const size_t d = q->d;
    if (!q->lo)
        return -fmin(q->R, q->r) * oco_nrm2(c, d);
    const double r2 = q->r * q->r;
    double best = -INFINITY;
    /* φ(λ) and φ'(λ) = ‖s(λ)‖² − r², s(λ) = clip(−c/(2λ)) */
    double a = 0, b = oco_nrm2(c, d) / (2.0 * fmax(q->r, 1e-300)) + 1.0;
    for (int it = 0; it < 200; ++it) {
        double lam = it == 0 ? 0.0 : 0.5 * (a + b), phi = -lam * r2, n2 = 0;
        for (size_t i = 0; i < d; ++i) {
            double si = lam > 0 ? fmin(q->hi[i], fmax(q->lo[i], -c[i] / (2 * lam)))
                                : (c[i] > 0 ? q->lo[i] : q->hi[i]);
            s[i] = si;
            phi += c[i] * si + lam * si * si;
            n2 += si * si;
        }
        if (phi > best)
            best = phi;
        if (it == 0) {
            if (n2 <= r2)
                return best; /* λ = 0 is optimal: the box minimiser is in the ball */
            continue;
        }
        if (n2 > r2)
            a = lam;
        else
            b = lam;
    }
    return best;
}

/* Projected gradient with backtracking from x; returns the final value, and
 * with minorant = 1 updates *lower with the Frank–Wolfe bounds. */
static double pr_descent(const prdata *q, double *x, int minorant, double *lower, size_t *iters,
                         size_t maxit, double *w)
{
    const size_t d = q->d;
    double *g = w, *xn = g + d, *gn = xn + d, *s = gn + d;
    pr_project(q, x, s);
    double F = pr_sum(q, x, g, minorant), eta = 1.0 / (2.0 * (double)q->T * (1.0 + q->mu));
    for (size_t it = 0; it < maxit; ++it) {
        ++*iters;
        if (minorant) {
            double lm = pr_lmo_lower(q, g, s);
            double lb = F + lm - oco_dot(g, x, d);
            if (lb > *lower)
                *lower = lb;
        }
        double Fn = F, step = 0;
        for (int bt = 0; bt < 60; ++bt) {
            for (size_t i = 0; i < d; ++i)
                xn[i] = x[i] - eta * g[i];
            pr_project(q, xn, s);
            Fn = pr_sum(q, xn, gn, minorant);
            double lin = 0;
            step = 0;
            for (size_t i = 0; i < d; ++i) {
                lin += g[i] * (xn[i] - x[i]);
                step += (xn[i] - x[i]) * (xn[i] - x[i]);
            }
            if (Fn <= F + lin + step / (2 * eta))
                break;
            eta *= 0.5;
        }
        if (!(Fn < F))
            break;
        oco_copy(xn, x, d);
        oco_copy(gn, g, d);
        F = Fn;
        eta *= 2.0;
        if (step <= 1e-24 * fmax(1.0, oco_dot(x, x, d)))
            break;
    }
    return F;
}

static int pr_hindsight(oco_coco_problem *p, const double *budget, double *xbest,
                        oco_coco_hindsight *out)
{
    const size_t d = p->d, k = p->k, T = p->T;
    const oco__worked *w = p->wk;
    prdata q;
    memset(&q, 0, sizeof q);
    q.d = d;
    q.T = T;
    q.m = w->m;
    q.mu = w->mu;
    q.theta = w->theta;
    q.lo = p->lo;
    q.hi = p->hi;
    q.R = p->RX;
    if (T > SIZE_MAX / sizeof(double) / q.m / (d + 1))
        return oco_set_error(OCO_ENOMEM, "coco hindsight (phase-retrieval): T·m·d too large");
    q.a = malloc(T * q.m * d * sizeof *q.a);
    q.y = malloc(T * q.m * sizeof *q.y);
    double *S = calloc(2 * k + 7 * d, sizeof *S);
    if (!q.a || !q.y || !S) {
        free(q.a);
        free(q.y);
        free(S);
        return oco_set_error(OCO_ENOMEM, "coco hindsight (phase-retrieval): out of memory "
                                         "(stores T·m·d = %zu numbers)", T * q.m * d);
    }
    double *Sb = S + k, *x = Sb + k, *ws = x + d; /* ws: 4d scratch, + xs (d) + best (d) */
    double *xs = ws + 4 * d;
    const oco_quad_map *g = oco_coco_problem_cons(p);
    oco_coco_problem_rewind(p);
    size_t t = 0;
    while (oco_coco_problem_next(p) == OCO_OK) {
        memcpy(q.a + t * q.m * d, w->a, q.m * d * sizeof *q.a);
        memcpy(q.y + t * q.m, w->y, q.m * sizeof *q.y);
        for (size_t j = 0; j < k; ++j) {
            S[j] += 0.5 * g->P[j * d * d]; /* P = 2s·I */
            Sb[j] += g->b[j];
        }
        ++t;
    }
    oco_coco_problem_rewind(p);
    int rc = OCO_OK;
    double r2 = INFINITY;
    for (size_t j = 0; j < k; ++j) {
        double b = Sb[j] + (budget ? budget[j] : 0.0);
        if (b < 0) {
            rc = oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: constraint %zu needs "
                               "S‖x‖² <= %.17g < 0", j + 1, b);
            break;
        }
        r2 = fmin(r2, b / S[j]);
    }
    if (rc == OCO_OK) {
        q.r = sqrt(r2);
        size_t iters = 0;
        double U = INFINITY, lower = -INFINITY;
        oco_rng rng;
        oco_rng_seed(&rng, p->seed, 4);
        /* the work budget, in evaluations of a sum (each step costs ~2):
           a third for the minorant's descent, the rest shared by the starts */
        const double sums = fmax(PR_SUMS_MIN, PR_WORK / (double)(T * q.m * d));
        size_t maxit = (size_t)fmin((double)PG_ITERS,
                                    fmax(5.0, sums / 3.0 / (double)(3 + PR_STARTS)));
        size_t maxh = (size_t)fmin(4.0 * PG_ITERS, fmax(10.0, sums / 6.0));
        for (size_t st = 0; st < 3 + PR_STARTS; ++st) {
            if (st == 0)
                oco_fill(xs, d, 0.0);
            else if (st <= 2)
                for (size_t i = 0; i < d; ++i)
                    xs[i] = (st == 1 ? 1.0 : -1.0) * w->xnat[i];
            else {
                double nn = 0;
                for (size_t i = 0; i < d; ++i)
                    xs[i] = oco_rng_normal(&rng, 0, 1);
                nn = oco_nrm2(xs, d);
                if (nn > 0)
                    oco_scal((st % 2 ? 0.5 : 1.0) * q.r / nn, xs, d);
            }
            double F = pr_descent(&q, xs, 0, NULL, &iters, maxit, ws);
            if (F < U) {
                U = F;
                oco_copy(xs, x, d);
            }
        }
        /* every θ ∈ [0, 1] gives a valid minorant h_θ <= f_t (coco_worked_pr.c,
           the bound min_r (y − ‖a‖r)_+² + cr² = y²c/(‖a‖² + c), c = (1 − θ)μ):
           the best of a few θ is the lower end */
        static const double thetas[] = {0.0, 0.25, 0.5};
        for (size_t th = 0; th < sizeof thetas / sizeof thetas[0]; ++th) {
            q.theta = thetas[th];
            const double c = (1.0 - q.theta) * q.mu;
            q.C0 = 0;
            for (size_t i = 0; i < T * q.m; ++i) {
                const double *a = q.a + i * d;
                q.C0 += q.y[i] * q.y[i] * c / (oco_dot(a, a, d) + c);
            }
            q.C0 /= (double)q.m;
            oco_copy(x, xs, d);
            pr_descent(&q, xs, 1, &lower, &iters, maxh / 4 + 1, ws);
        }
        out->comparator = U;
        out->gap = fmax(0.0, U - lower);
        out->method = "local+minorant";
        out->iterations = iters;
        oco_copy(x, xbest, d);
    }
    free(q.a);
    free(q.y);
    free(S);
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
    int rc = p->kind == OCO_COCO_PROBLEM_PHASE_RETRIEVAL ? pr_hindsight(p, budget, x, out)
                                                          : cover_hindsight(p, budget, x, out);
    oco_coco_problem_rewind(p);
    if (rc == OCO_OK && xstar)
        oco_copy(x, xstar, p->d);
    if (rc != OCO_OK)
        out->comparator = NAN;
    free(x);
    return rc;
}
