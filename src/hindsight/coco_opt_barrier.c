/* The certified log-barrier method of the constrained-OCO hindsight
 * (coco_opt_internal.h), Boyd & Vandenberghe, Convex Optimization (2004):
 *
 *   phase II (§11.3.1)  minimise t·F(x) + φ(x) by damped Newton steps with a
 *       backtracking line search that keeps x strictly feasible, for
 *       t = t0, μt, μ²t, ... (μ = 10); φ(x) = −Σ_i log(−G_i(x)) plus the
 *       barrier of X (box: −Σ log(hi_i − x_i) + log(x_i − lo_i); ball:
 *       −log(R² − ‖x‖²)).
 *   certificate (§11.2.2)  λ_i = 1/(t·(−G_i(x))) >= 0 are dual feasible,
 *       so  g(λ) = min_{y∈X} F(y) + Σ_i λ_i G_i(y)  is a lower bound on the
 *       optimum for ANY x, centred or not. We compute g(λ) exactly: it is a
 *       convex QP over the box or ball, solved by the finite/exact solver of
 *       solvers/qp_domain.h (closed form when it is linear). At an exact
 *       centre it equals F(x) − m/t (the book's m/t gap); keeping X in the
 *       inner minimisation instead of dualising its barrier only tightens it.
 *       Stop when F(x) − g(λ) <= tol·max(1, |F(x)|).
 *   phase I (§11.4.1)  minimise s over (x, s) subject to G_i(x) <= s with
 *       the same barrier, from (x0, max_i G_i(x0) + 1), stopped as soon as
 *       max_i G_i(x) < 0. Infeasibility certificate: with μ = λ/Σλ (the
 *       normalised multipliers of phase I), min_{y∈X} Σ_i μ_i G_i(y) > 0
 *       means no y ∈ X has every G_i(y) <= 0 (a convex combination of the
 *       constraints is positive on all of X).
 * Every quantity the certificate uses is recomputed from the data, so an
 * inexact centring only weakens the bound, never makes it wrong. */
#include "hindsight/coco_opt_internal.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/linalg_internal.h"
#include "solvers/qp_domain.h"

#define BARRIER_MU 10.0
#define NEWTON_MAX 200   /* per centring */
#define OUTER_MAX 80
#define ARMIJO 0.25

int oco__cvx_init(oco_cvx *c, const oco_domain *dom, const double *H, const double *h,
                  double c0)
{
    memset(c, 0, sizeof *c);
    size_t d = oco_domain_dim(dom);
    c->d = d;
    c->dom = dom;
    c->H = H;
    c->h = h;
    c->c0 = c0;
    oco_domain_kind k = oco_domain_get_kind(dom);
    if (k == OCO_DOMAIN_BALL) {
        c->ball = 1;
        c->R = 0.5 * oco_domain_diameter(dom);
        return OCO_OK;
    }
    if (k != OCO_DOMAIN_BOX)
        return oco_set_error(OCO_EINVAL, "coco hindsight: the domain must be a box or a ball");
    c->lo = malloc(2 * d * sizeof *c->lo);
    if (!c->lo)
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    c->hi = c->lo + d;
    return oco__qpd_domain_geometry(dom, NULL, NULL, c->lo, c->hi, NULL);
}

void oco__cvx_free(oco_cvx *c)
{
    free(c->lo);
    free(c->A);
    free(c->b);
    free(c->P);
    free(c->hasP);
    memset(c, 0, sizeof *c);
}

int oco__cvx_add(oco_cvx *c, const double *P, const double *a, double b)
{
    const size_t d = c->d;
    if (c->m == c->cap || (P && !c->P)) {
        size_t nc = c->m == c->cap ? (c->cap ? 2 * c->cap : 16) : c->cap;
        double *A2 = realloc(c->A, nc * d * sizeof *A2);
        if (A2)
            c->A = A2;
        double *b2 = A2 ? realloc(c->b, nc * sizeof *b2) : NULL;
        if (b2)
            c->b = b2;
        unsigned char *h2 = b2 ? realloc(c->hasP, nc) : NULL;
        if (h2)
            c->hasP = h2;
        int needP = P || c->P;
        double *P2 = h2 && needP ? realloc(c->P, nc * d * d * sizeof *P2) : NULL;
        if (P2)
            c->P = P2;
        if (!h2 || (needP && !P2))
            return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory (%zu constraints)",
                                 c->m);
        c->cap = nc;
    }
    memcpy(c->A + c->m * d, a, d * sizeof *a);
    c->b[c->m] = b;
    c->hasP[c->m] = P != NULL;
    if (P)
        memcpy(c->P + c->m * d * d, P, d * d * sizeof *P);
    c->m++;
    return OCO_OK;
}

/* G_i(x) and, if grad != NULL, ∇G_i(x) = a_i + P_i x. */
static double con(const oco_cvx *c, size_t i, const double *x, double *grad)
{
    const size_t d = c->d;
    const double *a = c->A + i * d;
    double v = oco_dot(a, x, d) - c->b[i];
    if (c->hasP[i]) {
        const double *P = c->P + i * d * d;
        double q = 0;
        for (size_t r = 0; r < d; ++r) {
            double px = oco_dot(P + r * d, x, d);
            q += x[r] * px;
            if (grad)
                grad[r] = a[r] + px;
        }
        v += 0.5 * q;
    } else if (grad) {
        memcpy(grad, a, d * sizeof *a);
    }
    return v;
}

double oco__cvx_max_cons(const oco_cvx *c, const double *x)
{
    double m = -INFINITY;
    for (size_t i = 0; i < c->m; ++i)
        m = fmax(m, con(c, i, x, NULL));
    return m;
}

double oco__cvx_objective(const oco_cvx *c, const double *x)
{
    const size_t d = c->d;
    double v = oco_dot(c->h, x, d) + c->c0;
    if (c->H) {
        double q = 0;
        for (size_t r = 0; r < d; ++r)
            q += x[r] * oco_dot(c->H + r * d, x, d);
        v += 0.5 * q;
    }
    return v;
}

/* −log of the domain's slack(s), +INFINITY outside the open set. */
static double dom_barrier(const oco_cvx *c, const double *x)
{
    const size_t d = c->d;
    if (c->ball) {
        double s = c->R * c->R - oco_dot(x, x, d);
        return s > 0 ? -log(s) : INFINITY;
    }
    double v = 0;
    for (size_t i = 0; i < d; ++i) {
        double u = c->hi[i] - x[i], l = x[i] - c->lo[i];
        if (!(u > 0 && l > 0))
            return INFINITY;
        v -= log(u) + log(l);
    }
    return v;
}

typedef struct ws {
    double *grad, *hess, *dz, *z2, *gi, *HL, *l, *y;
    int dz_ok; /* dz holds the Newton step at the current point */
    oco_qpd *qpd;
} ws;

/* The barrier objective at z = (x[, s]): t·F(x) (phase II) or t·s (phase I),
 * + φ; +INFINITY if z is not strictly feasible. */
static double phi(const oco_cvx *c, int ph1, double t, const double *z)
{
    double v = dom_barrier(c, z);
    if (!isfinite(v))
        return INFINITY;
    double s = ph1 ? z[c->d] : 0.0;
    for (size_t i = 0; i < c->m; ++i) {
        double u = con(c, i, z, NULL) - s;
        if (!(u < 0))
            return INFINITY;
        v -= log(-u);
    }
    return v + t * (ph1 ? s : oco__cvx_objective(c, z));
}

/* Newton centring of phi(ph1, t, ·) from z (strictly feasible). Phase I
 * returns 1 as soon as max_i G_i(x) < 0. */
static int centre(const oco_cvx *c, int ph1, double t, double *z, ws *w, size_t *newton)
{
    const size_t d = c->d, n = d + (ph1 ? 1 : 0);
    double prev = INFINITY;
    w->dz_ok = 0;
    for (int it = 0; it < NEWTON_MAX; ++it) {
        if (ph1 && oco__cvx_max_cons(c, z) < 0)
            return 1;
        double *g = w->grad, *Hs = w->hess;
        memset(g, 0, n * sizeof *g);
        memset(Hs, 0, n * n * sizeof *Hs);
        if (ph1) {
            g[d] = t;
        } else {
            for (size_t r = 0; r < d; ++r) {
                g[r] = t * (c->h[r] + (c->H ? oco_dot(c->H + r * d, z, d) : 0.0));
                if (c->H)
                    for (size_t q = 0; q < d; ++q)
                        Hs[r * n + q] = t * c->H[r * d + q];
            }
        }
        double s = ph1 ? z[d] : 0.0;
        for (size_t i = 0; i < c->m; ++i) {
            double *gi = w->gi;
            double u = con(c, i, z, gi) - s; /* < 0 */
            if (ph1)
                gi[d] = -1.0;
            double iu = -1.0 / u; /* > 0 */
            for (size_t r = 0; r < n; ++r) {
                g[r] += iu * gi[r];
                for (size_t q = 0; q < n; ++q)
                    Hs[r * n + q] += iu * iu * gi[r] * gi[q];
            }
            if (c->hasP[i]) {
                const double *P = c->P + i * d * d;
                for (size_t r = 0; r < d; ++r)
                    for (size_t q = 0; q < d; ++q)
                        Hs[r * n + q] += iu * P[r * d + q];
            }
        }
        if (c->ball) {
            double sl = c->R * c->R - oco_dot(z, z, d);
            for (size_t r = 0; r < d; ++r) {
                g[r] += 2 * z[r] / sl;
                Hs[r * n + r] += 2 / sl;
                for (size_t q = 0; q < d; ++q)
                    Hs[r * n + q] += 4 * z[r] * z[q] / (sl * sl);
            }
        } else {
            for (size_t r = 0; r < d; ++r) {
                double u = c->hi[r] - z[r], l = z[r] - c->lo[r];
                g[r] += 1 / u - 1 / l;
                Hs[r * n + r] += 1 / (u * u) + 1 / (l * l);
            }
        }
        /* phase I: s enters only through the constraints; when m = 0 it has
         * no curvature, but then max G = −inf and we returned above. */
        double *dz = w->dz;
        for (size_t r = 0; r < n; ++r)
            dz[r] = -g[r];
        if (oco__chol(Hs, n, n) != 0)
            return oco_set_error(OCO_ESOLVER, "coco hindsight (barrier): the Newton system is "
                                              "not positive definite");
        oco__chol_solve(Hs, n, n, dz);
        double lam2 = -oco_dot(g, dz, n);
        ++*newton;
        w->dz_ok = 1; /* dz is the Newton step at z until z moves */
        /* converged, or at the floor of the rounding (λ² no longer falls) */
        if (!(lam2 > 1e-14) || (lam2 < 1e-8 && lam2 > 0.5 * prev))
            return 0;
        prev = lam2;
        /* t·F + φ is self-concordant (convex quadratic plus logarithmic
         * barriers of convex quadratics), so a full step with Newton
         * decrement λ < 1 stays strictly feasible and for λ <= 1/2 lies in
         * the quadratically convergent phase (Boyd & Vandenberghe §9.6.4):
         * take it without comparing barrier values, whose rounding (t·F is
         * large at the end) would stop an Armijo test long before the
         * centre. */
        if (lam2 <= 0.25) {
            for (size_t r = 0; r < n; ++r)
                w->z2[r] = z[r] + dz[r];
            if (isfinite(phi(c, ph1, t, w->z2))) {
                memcpy(z, w->z2, n * sizeof *z);
                w->dz_ok = 0;
                continue;
            }
        }
        double f0 = phi(c, ph1, t, z), step = 1.0, f1 = INFINITY;
        for (int ls = 0; ls < 80; ++ls) {
            for (size_t r = 0; r < n; ++r)
                w->z2[r] = z[r] + step * dz[r];
            f1 = phi(c, ph1, t, w->z2);
            if (f1 <= f0 - ARMIJO * step * lam2)
                break;
            step *= 0.5;
        }
        if (!(f1 <= f0 - ARMIJO * step * lam2)) /* no progress left at this precision */
            return 0;
        memcpy(z, w->z2, n * sizeof *z);
        w->dz_ok = 0;
    }
    return 0;
}

/* min_{y∈X} ½yᵀ HL y + lᵀy (exact). */
static double qp_min(const oco_cvx *c, ws *w, int quad)
{
    const size_t d = c->d;
    if (!quad) {
        if (c->ball)
            return -c->R * oco_nrm2(w->l, d);
        double v = 0;
        for (size_t i = 0; i < d; ++i)
            v += w->l[i] > 0 ? w->l[i] * c->lo[i] : w->l[i] * c->hi[i];
        return v;
    }
    oco__qpd_set_matrix(w->qpd, w->HL);
    if (oco__qpd_solve(w->qpd, w->l, w->y, NULL) != OCO_OK)
        return NAN;
    double v = oco_dot(w->l, w->y, d), q = 0;
    for (size_t r = 0; r < d; ++r)
        q += w->y[r] * oco_dot(w->HL + r * d, w->y, d);
    return v + 0.5 * q;
}

/* g(λ) = min_{y∈X} [F(y)] + Σ_i λ_i G_i(y), a valid lower bound for any
 * λ >= 0. Phase II (obj = 1): λ_i = 1/(t·(−G_i(x))), or with newton = 1 the
 * multipliers of the Newton step Δ at x, λ_i·(1 + ∇G_iᵀΔ/(−G_i)) clamped at
 * 0 (the first-order update of the primal-dual view, §11.7.1: its
 * Lagrangian is stationary to second order, which matters at large t where
 * x − argmin is long in directions of huge barrier curvature). Phase I
 * (obj = 0): the λ of G_i(x) − s, normalised to sum 1 (no objective). */
static double lower_bound(const oco_cvx *c, const double *x, double s, double t, int obj,
                          int newton, ws *w)
{
    const size_t d = c->d;
    memset(w->HL, 0, d * d * sizeof *w->HL);
    memset(w->l, 0, d * sizeof *w->l);
    int quad = 0;
    double cst = 0, sum = 0;
    if (obj) {
        oco_copy(c->h, w->l, d);
        if (c->H) {
            oco_copy(c->H, w->HL, d * d);
            quad = 1;
        }
        cst = c->c0;
    }
    if (!obj)
        for (size_t i = 0; i < c->m; ++i)
            sum += 1.0 / (t * -(con(c, i, x, NULL) - s));
    double norm = obj ? 1.0 : 1.0 / sum;
    for (size_t i = 0; i < c->m; ++i) {
        double u = -(con(c, i, x, w->gi) - s);
        double lam = norm / (t * u);
        if (newton)
            lam = fmax(0.0, lam * (1.0 + oco_dot(w->gi, w->dz, d) / u));
        oco_axpy(lam, c->A + i * d, w->l, d);
        cst -= lam * c->b[i];
        if (c->hasP[i] && lam > 0) {
            oco_axpy(lam, c->P + i * d * d, w->HL, d * d);
            quad = 1;
        }
    }
    return cst + qp_min(c, w, quad);
}

int oco__cvx_barrier(oco_cvx *c, double *x, double tol, oco_cvx_result *res)
{
    const size_t d = c->d, n = d + 1;
    ws w;
    memset(&w, 0, sizeof w);
    double *buf = calloc(5 * n + n * n + d * d + 2 * d, sizeof *buf);
    w.qpd = buf ? oco__qpd_new(c->dom, 0) : NULL;
    if (!w.qpd) {
        free(buf);
        return oco_set_error(OCO_ENOMEM, "coco hindsight (barrier): out of memory");
    }
    w.grad = buf;
    w.dz = buf + n;
    w.z2 = buf + 2 * n;
    w.gi = buf + 3 * n;
    double *z = buf + 4 * n;
    w.hess = buf + 5 * n;
    w.HL = w.hess + n * n;
    w.l = w.HL + d * d;
    w.y = w.l + d;
    memset(res, 0, sizeof *res);
    int rc = OCO_OK;
    memcpy(z, x, d * sizeof *z);
    if (!isfinite(dom_barrier(c, z))) /* start strictly inside X */
        oco_domain_center(c->dom, z);
    const size_t mtot = c->m + (c->ball ? 1 : 2 * d);

    /* phase I */
    double gmax = oco__cvx_max_cons(c, z);
    if (gmax >= 0) {
        z[d] = gmax + 1.0;
        double t = 1.0;
        int found = 0;
        for (int outer = 0; outer < OUTER_MAX && !found; ++outer, t *= BARRIER_MU) {
            int r = centre(c, 1, t, z, &w, &res->newton);
            if (r < 0) {
                rc = r;
                goto done;
            }
            if (r == 1 || oco__cvx_max_cons(c, z) < 0) {
                found = 1;
                break;
            }
            double lb = lower_bound(c, z, z[d], t, 0, 0, &w);
            double scale = 1.0;
            for (size_t i = 0; i < c->m; ++i)
                scale = fmax(scale, fabs(c->b[i]));
            if (lb > 1e-12 * scale) {
                rc = OCO_EINFEASIBLE;
                goto done;
            }
            if (z[d] >= 0 && z[d] - lb <= 1e-12 * scale) {
                rc = oco_set_error(OCO_ESOLVER, "coco hindsight (barrier): the constraint set has "
                                                "no strictly feasible point (min_x max_i G_i(x) "
                                                "= %.3g within %.3g); the barrier needs one",
                                   z[d], z[d] - lb);
                goto done;
            }
        }
        if (!found) {
            rc = oco_set_error(OCO_ESOLVER, "coco hindsight (barrier): phase I did not finish");
            goto done;
        }
    }

    /* phase II */
    {
        double F = oco__cvx_objective(c, z);
        double t = (double)mtot / fmax(1.0, fabs(F));
        double best_lb = -INFINITY;
        for (int outer = 0; outer < OUTER_MAX; ++outer, t *= BARRIER_MU) {
            int r = centre(c, 0, t, z, &w, &res->newton);
            if (r < 0) {
                rc = r;
                goto done;
            }
            F = oco__cvx_objective(c, z);
            double lb = lower_bound(c, z, 0.0, t, 1, 0, &w);
            if (w.dz_ok)
                lb = fmax(lb, lower_bound(c, z, 0.0, t, 1, 1, &w));
            if (isnan(lb)) {
                rc = oco_set_error(OCO_ESOLVER, "coco hindsight (barrier): the dual QP failed");
                goto done;
            }
            best_lb = fmax(best_lb, lb); /* every g(λ) is a valid bound */
            if (F - best_lb <= tol * fmax(1.0, fabs(F)))
                break;
            if (outer == OUTER_MAX - 1) {
                rc = oco_set_error(OCO_ELIMIT, "coco hindsight (barrier): gap %.3g > %.3g after "
                                               "%d outer iterations", F - best_lb,
                                   tol * fmax(1.0, fabs(F)), OUTER_MAX);
                goto done;
            }
        }
        res->value = F;
        res->lower = fmin(best_lb, F);
        memcpy(x, z, d * sizeof *x);
    }
done:
    oco__qpd_free(w.qpd);
    free(buf);
    return rc;
}
