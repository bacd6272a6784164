/* The ball case of qp_domain.h: minimise ½xᵀHx + hᵀx over ‖x − c‖ ≤ R by
 * the secular equation of the KKT system, x(ν) = c + u(ν) with
 * (H + νI)u = −(Hc + h), ν ≥ 0, ‖u(ν)‖ = R: Newton on the concave, increasing
 * 1/‖u(ν)‖ − 1/R from the left of the root (Moré & Sorensen, SIAM J. Sci.
 * Stat. Comput. 4(3), 1983, §3). u(ν) from one eigendecomposition of H (eigen
 * path, H PSD) or a Cholesky of H + νI per step (direct path, H positive
 * definite); qp_domain.h weighs the two. */
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "core/linalg_internal.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "solvers/qp_domain.h"
#include "solvers/qp_domain_priv.h"

/* Above this dimension the direct path factorizes with the outer-product
 * (axpy, vectorisable) Cholesky instead of the inner-product one. Not LAPACK
 * dpotrf: with a multi-threaded OpenBLAS its dsyrk allocates a buffer on
 * every call from n = 64 on (measured, OpenBLAS 0.3.21), and a round must
 * not allocate. */
#define OCO_QPD_OUTER_CHOL_MIN 24

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

double oco__qpd_secular_diag(const double *w, const double *g, size_t d, double R, double nu0,
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
            nu = oco__qpd_secular_diag(q->w, gt, d, R, nu, &it);
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

int oco__qpd_solve_ball(oco_qpd *q, const double *c, double R, const double *h, double *x,
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

/* x = Π^U_X[y] on the workspace's ball (oco__qpd_project; U set, info
 * non-NULL). */
int oco__qpd_ball_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info)
{
    size_t d = q->d;
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
