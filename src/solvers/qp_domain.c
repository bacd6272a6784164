/* Exact convex QP over a ball / box / simplex and the ONS generalized
 * projection (see qp_domain.h for the methods and references). */
#include "solvers/qp_domain.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/linalg_internal.h"
#include "oco/error.h"
#include "oco/linalg.h"

enum { ST_FREE = 0, ST_LOWER = 1, ST_UPPER = 2, ST_FIXED = 3 };

/* Above this dimension the direct path factorizes with the outer-product
 * (axpy, vectorisable) Cholesky instead of the inner-product one. Not LAPACK
 * dpotrf: with a multi-threaded OpenBLAS its dsyrk allocates a buffer on
 * every call from n = 64 on (measured, OpenBLAS 0.3.21), and a round must
 * not allocate. */
#define OCO_QPD_OUTER_CHOL_MIN 24

struct oco_qpd {
    const oco_domain *dom;
    oco_domain_kind kind;
    size_t d;
    size_t eig_threshold;
    double R;          /* ball radius */
    double *c;         /* ball centre (0) / domain centre */
    double *lo, *hi;   /* box bounds; simplex: 0, +inf */
    const double *H;   /* current matrix (not owned) */
    int eig_valid;     /* eigendecomposition of H cached */
    double nu_warm;    /* last ball multiplier (warm start of the direct path) */
    /* workspaces */
    double *Q, *w;     /* eigenvectors (d×d), eigenvalues */
    double *lwork;     /* dsyevd workspace */
    lapack_int *iwork;
    lapack_int lwork_n, liwork_n;
    double *F;         /* d×d factor buffer */
    double *v1, *v2, *v3, *v4; /* vectors of length d */
    size_t *idx;       /* free index list */
    int *st;           /* active-set status */
    size_t bytes;
};

/* ---- geometry ------------------------------------------------------------- */

int oco_qpd_domain_geometry(const oco_domain *dom, double *center, double *radius, double *lo,
                            double *hi, double *rho)
{
    if (!dom)
        return oco_set_error(OCO_EINVAL, "domain geometry: domain is NULL");
    size_t d = oco_domain_dim(dom);
    oco_domain_kind kind = oco_domain_get_kind(dom);
    double diam = oco_domain_diameter(dom);
    if (!(isfinite(diam)))
        return oco_set_error(OCO_EINVAL, "domain geometry: the domain is unbounded");
    if (center)
        oco_domain_center(dom, center);
    if (radius)
        *radius = kind == OCO_DOMAIN_BALL ? diam / 2 : NAN;
    if (kind == OCO_DOMAIN_BOX && lo && hi) {
        /* The box projection is a clamp, so projecting ∓DBL_MAX returns the
         * bounds exactly. */
        oco_fill(lo, d, -DBL_MAX);
        oco_fill(hi, d, DBL_MAX);
        int rc = oco_domain_project(dom, lo);
        if (rc == OCO_OK)
            rc = oco_domain_project(dom, hi);
        if (rc != OCO_OK)
            return rc;
    }
    if (rho) {
        switch (kind) {
        case OCO_DOMAIN_BALL:
            *rho = diam / 2;
            break;
        case OCO_DOMAIN_SIMPLEX: /* centre 1/d to a vertex */
            *rho = sqrt(1.0 - 1.0 / (double)d);
            break;
        default: /* box centred: half the diagonal; otherwise the diameter */
            *rho = kind == OCO_DOMAIN_BOX ? diam / 2 : diam;
        }
    }
    return OCO_OK;
}

/* ---- workspace ------------------------------------------------------------ */

oco_qpd *oco_qpd_new(const oco_domain *dom, size_t eig_threshold)
{
    if (!dom) {
        oco_set_error(OCO_EINVAL, "qp_domain: domain is NULL");
        return NULL;
    }
    oco_domain_kind kind = oco_domain_get_kind(dom);
    if (kind != OCO_DOMAIN_BALL && kind != OCO_DOMAIN_BOX && kind != OCO_DOMAIN_SIMPLEX) {
        oco_set_error(OCO_EINVAL,
                      "qp_domain: only ball, box and simplex domains are supported");
        return NULL;
    }
    size_t d = oco_domain_dim(dom);
    oco_qpd *q = calloc(1, sizeof *q);
    if (!q)
        goto nomem;
    q->dom = dom;
    q->kind = kind;
    q->d = d;
    q->eig_threshold = eig_threshold;
    /* dsyevd workspace for jobz = 'V' (LAPACK documentation). */
    q->lwork_n = (lapack_int)(1 + 6 * d + 2 * d * d);
    q->liwork_n = (lapack_int)(3 + 5 * d);
    size_t nd = 3 * d * d + 8 * d + (size_t)q->lwork_n;
    double *buf = calloc(nd, sizeof *buf);
    q->iwork = calloc((size_t)q->liwork_n, sizeof *q->iwork);
    q->idx = calloc(d, sizeof *q->idx);
    q->st = calloc(d, sizeof *q->st);
    if (!buf || !q->iwork || !q->idx || !q->st) {
        free(buf);
        oco_qpd_free(q);
        goto nomem;
    }
    q->Q = buf;
    q->F = q->Q + d * d;
    q->w = q->F + 2 * d * d; /* F gets 2 d² so a free block and a copy fit */
    q->c = q->w + d;
    q->lo = q->c + d;
    q->hi = q->lo + d;
    q->v1 = q->hi + d;
    q->v2 = q->v1 + d;
    q->v3 = q->v2 + d;
    q->v4 = q->v3 + d;
    q->lwork = q->v4 + d;
    q->bytes = sizeof *q + nd * sizeof(double) + (size_t)q->liwork_n * sizeof(lapack_int) +
               d * (sizeof(size_t) + sizeof(int));
    if (oco_qpd_domain_geometry(dom, q->c, &q->R, q->lo, q->hi, NULL) != OCO_OK) {
        oco_qpd_free(q);
        return NULL;
    }
    if (kind == OCO_DOMAIN_SIMPLEX) {
        oco_fill(q->lo, d, 0.0);
        oco_fill(q->hi, d, INFINITY);
    }
    return q;
nomem:
    oco_set_error(OCO_ENOMEM, "qp_domain: out of memory (d = %zu)", d);
    return NULL;
}

void oco_qpd_free(oco_qpd *q)
{
    if (!q)
        return;
    free(q->Q);
    free(q->iwork);
    free(q->idx);
    free(q->st);
    free(q);
}

size_t oco_qpd_memory(const oco_qpd *q) { return q ? q->bytes : 0; }

void oco_qpd_set_matrix(oco_qpd *q, const double *H)
{
    q->H = H;
    q->eig_valid = 0;
}

static int ensure_eig(oco_qpd *q)
{
    if (q->eig_valid)
        return OCO_OK;
    size_t d = q->d;
    memcpy(q->Q, q->H, d * d * sizeof(double));
    lapack_int info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)d, q->Q,
                                          (lapack_int)d, q->w, q->lwork, q->lwork_n, q->iwork,
                                          q->liwork_n);
    if (info != 0)
        return oco_set_error(OCO_ESOLVER, "qp_domain: LAPACK dsyevd failed (info %d)", (int)info);
    /* A PSD matrix may come out with eigenvalues −1e-17: clamp. */
    for (size_t j = 0; j < d; ++j)
        if (q->w[j] < 0)
            q->w[j] = 0;
    q->eig_valid = 1;
    return OCO_OK;
}

/* ---- ball: secular equation ---------------------------------------------- */

/* Newton step quantities at ν in the eigenbasis: ‖u‖² and uᵀ(Λ+ν)⁻¹u, with
 * u_j = −g̃_j/(λ_j + ν). */
static void secular_eig(const double *w, const double *gt, size_t d, double nu, double *uu,
                        double *uq)
{
    double a = 0, b = 0;
    for (size_t j = 0; j < d; ++j) {
        double den = w[j] + nu;
        if (!(den > 0)) /* null direction with g̃_j = 0 at ν = 0 */
            continue;
        double u = gt[j] / den;
        a += u * u;
        b += u * u / den;
    }
    *uu = a;
    *uq = b;
}

double oco_qpd_secular_diag(const double *w, const double *g, size_t d, double R, double nu0,
                            int *iters)
{
    /* Newton on 1/‖u(ν)‖ − 1/R from the left: monotone increasing. */
    double nu = nu0, uu, uq;
    int it;
    for (it = 0; it < 200; ++it) {
        secular_eig(w, g, d, nu, &uu, &uq);
        double nrm = sqrt(uu);
        if (!(nrm > R) || !(uq > 0))
            break;
        double nn = nu + (uu / uq) * (nrm - R) / R;
        if (!(nn > nu))
            break;
        nu = nn;
    }
    if (iters)
        *iters = it;
    return nu;
}

/* Direct path: u = −(H + νI)⁻¹g into u, returns ‖u‖², ‖L⁻¹u‖² (H + νI = LLᵀ). */
static int secular_direct(oco_qpd *q, const double *g, double nu, double *u, double *uu,
                          double *uq)
{
    size_t d = q->d;
    double *L = q->F;
    for (size_t j = 0; j < d; ++j)
        for (size_t i = j; i < d; ++i)
            L[i + j * d] = q->H[i + j * d] + (i == j ? nu : 0.0);
    if (d > OCO_QPD_OUTER_CHOL_MIN) {
        if (oco__chol_outer(L, d, d) != 0)
            return -1;
    } else if (oco__chol(L, d, d) != 0) {
        return -1;
    }
    for (size_t i = 0; i < d; ++i)
        u[i] = -g[i];
    oco__chol_solve(L, d, d, u);
    double a = oco_dot(u, u, d);
    oco_copy(u, q->v4, d);
    oco__trsv_lower(L, d, d, q->v4);
    *uu = a;
    *uq = oco_dot(q->v4, q->v4, d);
    return 0;
}

/* Core ball routine: minimise ½uᵀHu + gᵀu over ‖u‖ ≤ R (u = x − c); writes
 * u. g must not alias u or the workspace vectors v2..v4. */
static int ball_core(oco_qpd *q, const double *g, double R, double *u, oco_qpd_info *info)
{
    size_t d = q->d;
    double nu = 0, uu = 0, uq = 0;
    int it = 0;
    if (d > q->eig_threshold) {
        int rc = ensure_eig(q);
        if (rc != OCO_OK)
            return rc;
        double *gt = q->v3;
        for (size_t j = 0; j < d; ++j) /* g̃ = Qᵀg */
            gt[j] = oco_dot(q->Q + j * d, g, d);
        /* Lower bound of the root: each term alone gives ‖u‖ ≥ |g̃_j|/(λ_j+ν). */
        double lb = 0;
        for (size_t j = 0; j < d; ++j) {
            double b = fabs(gt[j]) / R - q->w[j];
            if (b > lb)
                lb = b;
        }
        nu = lb;
        int interior = 0;
        if (nu == 0) {
            /* Candidate u = −H⁺g: a null direction with g̃_j ≠ 0 would have
             * made the bound positive, so H⁺ loses nothing here. */
            double a = 0;
            for (size_t j = 0; j < d; ++j)
                if (q->w[j] > 0)
                    a += (gt[j] / q->w[j]) * (gt[j] / q->w[j]);
            interior = sqrt(a) <= R;
        }
        if (!interior)
            nu = oco_qpd_secular_diag(q->w, gt, d, R, nu, &it);
        for (size_t j = 0; j < d; ++j)
            q->v2[j] = (q->w[j] + nu > 0) ? -gt[j] / (q->w[j] + nu) : 0.0;
        oco_fill(u, d, 0.0);
        for (size_t j = 0; j < d; ++j)
            oco_axpy(q->v2[j], q->Q + j * d, u, d);
        if (interior) {
            info->nu = 0;
            info->iters = 0;
            info->on_boundary = 0;
            return OCO_OK;
        }
    } else {
        /* Warm start at the previous multiplier (ONS: U and y change little
         * between rounds). Right of the root (‖u‖ < R) a Newton step on the
         * concave h lands at or left of the root; from the left the iterates
         * increase monotonically. So at most a few right-side steps occur;
         * we cap them to rule out ping-pong at rounding level. */
        nu = q->nu_warm;
        int right_steps = 0;
        for (it = 0; it < 200; ++it) {
            if (secular_direct(q, g, nu, u, &uu, &uq) != 0)
                return oco_set_error(OCO_EINVAL,
                                     "qp_domain: matrix not positive definite (direct path)");
            double nrm = sqrt(uu);
            if (!(uq > 0) || nrm == R)
                break;
            double nn = nu + (uu / uq) * (nrm - R) / R;
            if (nrm > R) { /* left of the root */
                if (!(nn > nu))
                    break;
            } else { /* right of the root, or interior at ν = 0 */
                if (nu == 0 || ++right_steps > 3)
                    break;
                if (nn < 0)
                    nn = 0;
                if (!(nn < nu))
                    break;
            }
            nu = nn;
        }
        if (nu == 0 && sqrt(uu) <= R) {
            info->nu = 0;
            info->iters = it;
            info->on_boundary = 0;
            return OCO_OK;
        }
        q->nu_warm = nu;
    }
    /* Land exactly on the sphere (a relative change of rounding size). */
    double nrm = oco_nrm2(u, d);
    if (nrm > 0)
        oco_scal(R / nrm, u, d);
    info->nu = nu;
    info->iters = it;
    info->on_boundary = 1;
    return OCO_OK;
}

int oco_qpd_solve_ball(oco_qpd *q, const double *c, double R, const double *h, double *x,
                       oco_qpd_info *info)
{
    oco_qpd_info dummy;
    if (!info)
        info = &dummy;
    if (!q->H)
        return oco_set_error(OCO_ESTATE, "qp_domain: no matrix set");
    size_t d = q->d;
    double *g = q->v1;
    /* u = x − c: ½uᵀHu + (Hc + h)ᵀu + const. */
    if (c)
        oco_gemv_sq(q->H, c, g, d);
    else
        oco_fill(g, d, 0.0);
    oco_axpy(1.0, h, g, d);
    int rc = ball_core(q, g, R, x, info);
    if (rc != OCO_OK)
        return rc;
    if (c)
        oco_axpy(1.0, c, x, d);
    return OCO_OK;
}

/* ---- box / simplex: primal active set ------------------------------------ */

/* Fast path: the free block is positive definite. Target x*_F (solution of
 * the equality-constrained subproblem) into v2 by position in idx. Returns 0,
 * or 1 if the block is (numerically) singular. */
static int eqp_chol(oco_qpd *q, const double *h, const double *x, size_t nf)
{
    size_t d = q->d;
    double *L = q->F;
    double *r = q->v2, *e = q->v3;
    double mdiag = 0;
    for (size_t a = 0; a < nf; ++a) {
        size_t i = q->idx[a];
        double s = -h[i];
        for (size_t j = 0; j < d; ++j)
            if (q->st[j] != ST_FREE)
                s -= q->H[i + j * d] * x[j];
        r[a] = s;
        if (q->H[i + i * d] > mdiag)
            mdiag = q->H[i + i * d];
    }
    for (size_t b = 0; b < nf; ++b)
        for (size_t a = b; a < nf; ++a)
            L[a + b * nf] = q->H[q->idx[a] + q->idx[b] * d];
    if (oco__chol(L, nf, nf) != 0)
        return 1;
    for (size_t a = 0; a < nf; ++a) /* pivots below ~1e-7·√max diag: treat as singular */
        if (L[a + a * nf] * L[a + a * nf] <= 1e-14 * mdiag)
            return 1;
    oco__chol_solve(L, nf, nf, r);
    if (q->kind == OCO_DOMAIN_SIMPLEX) {
        /* Σ_F x_F = 1 − Σ_W x_W: x_F = H⁻¹(r − ν1). */
        double rest = 1.0;
        for (size_t j = 0; j < d; ++j)
            if (q->st[j] != ST_FREE)
                rest -= x[j];
        for (size_t a = 0; a < nf; ++a)
            e[a] = 1.0;
        oco__chol_solve(L, nf, nf, e);
        double se = 0, sr = 0;
        for (size_t a = 0; a < nf; ++a) {
            se += e[a];
            sr += r[a];
        }
        double nu = (sr - rest) / se;
        for (size_t a = 0; a < nf; ++a)
            r[a] -= nu * e[a];
    }
    return 0;
}

/* Robust path for a PSD (possibly singular) free block: eigendecomposition of
 * the reduced Hessian M = ZᵀH_FF Z, with Z = I (box) or Z = [I; −1ᵀ] (simplex:
 * the last free coordinate absorbs Σp = 0). With g = Hx + h at the feasible
 * x and r = Zᵀg_F: if r has a component in the null space of M, q decreases
 * linearly along p = −Z·P_null r and the step is unbounded (a bound stops it,
 * X being bounded); otherwise p = −Z M⁺ r is the exact subproblem step.
 * Writes the target x_F + p (or the direction p if *unbounded) into v2. */
static int eqp_eig(oco_qpd *q, const double *h, const double *x, size_t nf, int *unbounded)
{
    size_t d = q->d;
    int simplex = q->kind == OCO_DOMAIN_SIMPLEX;
    size_t k = simplex ? nf - 1 : nf;
    double *g = q->v1, *r = q->v3, *pt = q->v2, *M = q->Q;
    *unbounded = 0;
    oco_gemv_sq(q->H, x, g, d);
    oco_axpy(1.0, h, g, d);
    q->eig_valid = 0; /* Q is reused here */
    if (k == 0) {
        pt[0] = x[q->idx[0]];
        return OCO_OK;
    }
    size_t l = q->idx[nf - 1];
    for (size_t b = 0; b < k; ++b) {
        size_t jb = q->idx[b];
        for (size_t a = 0; a < k; ++a) {
            size_t ia = q->idx[a];
            double v = q->H[ia + jb * d];
            if (simplex)
                v += q->H[l + l * d] - q->H[ia + l * d] - q->H[l + jb * d];
            M[a + b * k] = v;
        }
        r[b] = g[jb] - (simplex ? g[l] : 0.0);
    }
    lapack_int info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)k, M,
                                          (lapack_int)k, q->w, q->lwork, q->lwork_n, q->iwork,
                                          q->liwork_n);
    if (info != 0)
        return oco_set_error(OCO_ESOLVER, "qp_domain: LAPACK dsyevd failed (info %d)", (int)info);
    double mu_max = fmax(q->w[k - 1], 0.0);
    double tol = 1e-11 * mu_max;
    double rn = oco_nrm2(r, k), nn = 0;
    double *rt = q->v4; /* r̃ = Vᵀr; v4 may hold h in project(), but eqp_eig is
                           only reached from solve() where h is the caller's */
    for (size_t j = 0; j < k; ++j) {
        rt[j] = oco_dot(M + j * k, r, k);
        if (q->w[j] <= tol)
            nn += rt[j] * rt[j];
    }
    int unb = sqrt(nn) > 1e-10 * (rn + 1e-300) && sqrt(nn) > 1e-14;
    /* p̃ in the eigenbasis, then p_Z = V p̃ (into r). */
    for (size_t j = 0; j < k; ++j) {
        if (q->w[j] <= tol)
            rt[j] = unb ? -rt[j] : 0.0;
        else
            rt[j] = unb ? 0.0 : -rt[j] / q->w[j];
    }
    oco_fill(r, k, 0.0);
    for (size_t j = 0; j < k; ++j)
        oco_axpy(rt[j], M + j * k, r, k);
    double sum = 0;
    for (size_t a = 0; a < k; ++a) {
        pt[a] = r[a];
        sum += r[a];
    }
    if (simplex)
        pt[k] = -sum;
    if (!unb)
        for (size_t a = 0; a < nf; ++a)
            pt[a] += x[q->idx[a]];
    *unbounded = unb;
    return OCO_OK;
}

static int active_set(oco_qpd *q, const double *h, double *x, int robust, oco_qpd_info *info)
{
    size_t d = q->d;
    int simplex = q->kind == OCO_DOMAIN_SIMPLEX;
    double nu = 0;
    for (size_t i = 0; i < d; ++i) {
        if (q->lo[i] == q->hi[i])
            q->st[i] = ST_FIXED;
        else if (x[i] <= q->lo[i])
            q->st[i] = ST_LOWER;
        else if (x[i] >= q->hi[i])
            q->st[i] = ST_UPPER;
        else
            q->st[i] = ST_FREE;
        if (q->st[i] == ST_LOWER || q->st[i] == ST_FIXED)
            x[i] = q->lo[i];
        else if (q->st[i] == ST_UPPER)
            x[i] = q->hi[i];
    }
    int maxit = 100 + 20 * (int)d;
    int it;
    for (it = 0; it < maxit; ++it) {
        size_t nf = 0;
        for (size_t i = 0; i < d; ++i)
            if (q->st[i] == ST_FREE)
                q->idx[nf++] = i;
        int accept = 1;
        if (nf > 0) {
            int unb = 0;
            if (!robust) {
                if (eqp_chol(q, h, x, nf) != 0)
                    return oco_set_error(OCO_ESOLVER,
                                         "qp_domain: matrix not positive definite");
            } else {
                int rc = eqp_eig(q, h, x, nf, &unb);
                if (rc != OCO_OK)
                    return rc;
            }
            /* Longest feasible step towards the target (or along p). */
            double alpha = unb ? INFINITY : 1.0;
            size_t block = (size_t)-1;
            int block_st = ST_FREE;
            for (size_t a = 0; a < nf; ++a) {
                size_t i = q->idx[a];
                double p = unb ? q->v2[a] : q->v2[a] - x[i];
                double tgt = unb ? -INFINITY : q->v2[a];
                if (p < 0 && (unb || tgt < q->lo[i]) && isfinite(q->lo[i])) {
                    double s = (q->lo[i] - x[i]) / p;
                    if (s < alpha) {
                        alpha = s;
                        block = i;
                        block_st = ST_LOWER;
                    }
                } else if (p > 0 && (unb || q->v2[a] > q->hi[i]) && isfinite(q->hi[i])) {
                    double s = (q->hi[i] - x[i]) / p;
                    if (s < alpha) {
                        alpha = s;
                        block = i;
                        block_st = ST_UPPER;
                    }
                }
            }
            if (unb && block == (size_t)-1)
                return oco_set_error(OCO_EUNBOUNDED, "qp_domain: unbounded direction");
            if (alpha < 0)
                alpha = 0;
            if (block != (size_t)-1) {
                for (size_t a = 0; a < nf; ++a) {
                    size_t i = q->idx[a];
                    double p = unb ? q->v2[a] : q->v2[a] - x[i];
                    x[i] += alpha * p;
                    if (x[i] < q->lo[i])
                        x[i] = q->lo[i];
                    if (x[i] > q->hi[i])
                        x[i] = q->hi[i];
                }
                q->st[block] = block_st;
                x[block] = block_st == ST_LOWER ? q->lo[block] : q->hi[block];
                accept = 0;
            } else {
                for (size_t a = 0; a < nf; ++a)
                    x[q->idx[a]] = q->v2[a];
            }
        }
        if (!accept)
            continue;
        /* Multipliers of the active bounds: z = Hx + h + ν·1 (simplex), ν
         * from the stationarity of the free coordinates (their average). */
        oco_gemv_sq(q->H, x, q->v1, d);
        double scale = 1.0;
        nu = 0;
        for (size_t i = 0; i < d; ++i) {
            q->v1[i] += h[i];
            double a = fabs(q->v1[i]);
            if (a > scale)
                scale = a;
            if (q->st[i] == ST_FREE)
                nu -= q->v1[i];
        }
        if (simplex && nf > 0)
            nu /= (double)nf;
        double tol = 1e-13 * scale;
        size_t worst = (size_t)-1;
        double wv = 0;
        for (size_t i = 0; i < d; ++i) {
            double z = q->v1[i] + (simplex ? nu : 0.0);
            double viol = q->st[i] == ST_LOWER ? -z : q->st[i] == ST_UPPER ? z : 0.0;
            if (viol > tol && viol > wv) {
                wv = viol;
                worst = i;
            }
        }
        if (worst == (size_t)-1)
            break;
        q->st[worst] = ST_FREE;
    }
    info->iters = it;
    info->nu = simplex ? nu : 0.0;
    info->on_boundary = 0;
    for (size_t i = 0; i < d; ++i)
        if (q->st[i] != ST_FREE)
            info->on_boundary = 1;
    if (it == maxit)
        return oco_set_error(OCO_ELIMIT, "qp_domain: active set did not converge in %d steps",
                             maxit);
    return OCO_OK;
}

/* ---- entry points ---------------------------------------------------------- */

int oco_qpd_solve(oco_qpd *q, const double *h, double *x, oco_qpd_info *info)
{
    oco_qpd_info dummy;
    if (!info)
        info = &dummy;
    if (!q->H)
        return oco_set_error(OCO_ESTATE, "qp_domain: no matrix set");
    if (q->kind == OCO_DOMAIN_BALL)
        return oco_qpd_solve_ball(q, q->c, q->R, h, x, info);
    /* Feasible start: the centre; H may be singular (robust path). */
    oco_copy(q->c, x, q->d);
    return active_set(q, h, x, 1, info);
}

int oco_qpd_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info)
{
    oco_qpd_info dummy;
    if (!info)
        info = &dummy;
    if (!q->H)
        return oco_set_error(OCO_ESTATE, "qp_domain: no matrix set");
    size_t d = q->d;
    if (q->kind == OCO_DOMAIN_BALL) {
        /* u0 = y − c, g = U(c − y) = −U u0. */
        for (size_t i = 0; i < d; ++i)
            q->v1[i] = y[i] - q->c[i];
        if (oco_nrm2(q->v1, d) <= q->R) {
            if (x != y)
                oco_copy(y, x, d);
            info->nu = 0;
            info->iters = 0;
            info->on_boundary = 0;
                    return OCO_OK;
        }
        /* g into v1 (negated U u0); ball_core uses v2..v4 as scratch. */
        double *g = q->v1;
        oco_gemv_sq(q->H, g, x, d); /* x = U (y − c) temporarily */
        for (size_t i = 0; i < d; ++i)
            g[i] = -x[i];
        int rc = ball_core(q, g, q->R, x, info);
        if (rc != OCO_OK)
            return rc;
        oco_axpy(1.0, q->c, x, d);
        return OCO_OK;
    }
    /* box / simplex: the Euclidean projection is feasible and usually shares
     * the active set of the U-projection. h = −Uy. */
    if (oco_domain_contains(q->dom, y, 0.0)) {
        if (x != y)
            oco_copy(y, x, d);
        memset(info, 0, sizeof *info);
        return OCO_OK;
    }
    double *h = q->v4;
    oco_gemv_sq(q->H, y, h, d);
    oco_scal(-1.0, h, d);
    if (x != y)
        oco_copy(y, x, d);
    int rc = oco_domain_project(q->dom, x);
    if (rc != OCO_OK)
        return rc;
    /* U is positive definite: the Cholesky path (uses v1..v3 and F; h in v4). */
    return active_set(q, h, x, 0, info);
}
