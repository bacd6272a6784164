/* The box and simplex case of qp_domain.h: a primal active-set method
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 16.3) on the bound
 * constraints (plus Σx = 1 for the simplex). Each iteration solves the
 * equality-constrained subproblem of the free block: by Cholesky when the
 * matrix is positive definite (projections), by an eigendecomposition of the
 * reduced Hessian when it is only PSD (oco__qpd_solve). Finite. */
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "core/linalg_internal.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "solvers/qp_domain.h"
#include "solvers/qp_domain_priv.h"

enum { ST_FREE = 0, ST_LOWER = 1, ST_UPPER = 2, ST_FIXED = 3 };

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

/* ---- entry points (from qp_domain.c: matrix set, info non-NULL) ------------ */

int oco__qpd_active_solve(oco_qpd *q, const double *h, double *x, oco_qpd_info *info)
{
    /* Feasible start: the centre; H may be singular (robust path). */
    oco_copy(q->c, x, q->d);
    return active_set(q, h, x, 1, info);
}

int oco__qpd_active_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info)
{
    size_t d = q->d;
    /* The Euclidean projection is feasible and usually shares the active set
     * of the U-projection. h = −Uy. */
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
