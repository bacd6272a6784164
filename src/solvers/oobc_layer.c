/* The optimization layer of seed 000 eq. (4): primal-dual interior point and
 * the implicit-function gradients of Prop. 5.1. See oobc_layer.h. */
#include "solvers/oobc_layer.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"

#define MAXIT 200
#define TAU 0.995     /* fraction-to-boundary */
#define SIGMA 0.1     /* centring of the perturbed KKT system */
#define TOL 1e-11     /* on residuals and the mean complementarity */
#define MU_DIVERGE 1e12 /* duals this large: {g ≤ b} ∩ box taken as empty */

struct oco_oobc_layer {
    size_t d, M;
    double *x, *s, *mu, *zl, *zu, *dx, *ds, *dmu, *dzl, *dzu;
    double *gl, *Hl, *Hm, *gv, *J, *Hlag, *K, *rd, *rhs, *tmp;
    double *lam; /* copy of λ of the last solve */
    double *lo, *hi;
    /* gradient workspace: n = d + M */
    double *A, *B, *S, *work;
    lapack_int *ipiv, *iwork;
    size_t lwork;
    int solved;
};

oco_oobc_layer *oco__oobc_layer_new(size_t d, size_t M)
{
    if (d == 0 || d > 100000 || M > 100000) {
        oco_set_error(OCO_EINVAL, "oobc_layer: d must be >= 1 (got %zu), M sane (got %zu)", d, M);
        return NULL;
    }
    oco_oobc_layer *L = calloc(1, sizeof *L);
    if (!L) {
        oco_set_error(OCO_ENOMEM, "oobc_layer: no memory");
        return NULL;
    }
    L->d = d;
    L->M = M;
    size_t n = d + M, m1 = M ? M : 1;
    /* workspace sizes for dsysv and dgelsd, queried once */
    double q = 0;
    lapack_int ln = (lapack_int)n, lwork = 1;
    LAPACKE_dsysv_work(LAPACK_COL_MAJOR, 'L', ln, (lapack_int)m1, NULL, ln, NULL, NULL, ln, &q, -1);
    if (q > (double)lwork)
        lwork = (lapack_int)q;
    lapack_int rank, iw = 1;
    LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, ln, ln, (lapack_int)(2 * m1), NULL, ln, NULL, ln, NULL, -1.0,
                        &rank, &q, -1, &iw);
    if (q > (double)lwork)
        lwork = (lapack_int)q;
    L->lwork = (size_t)lwork + 1;
    double **v[] = {&L->x,  &L->s,  &L->mu, &L->zl, &L->zu, &L->dx, &L->ds, &L->dmu,
                    &L->dzl, &L->dzu, &L->gl, &L->gv, &L->rd, &L->rhs, &L->tmp, &L->lam,
                    &L->lo, &L->hi, &L->S};
    size_t sz[] = {d, m1, m1, d, d, d, m1, m1, d, d, d, m1, d, n, n, m1, d, d, n};
    int ok = 1;
    for (size_t i = 0; i < sizeof sz / sizeof sz[0]; i++)
        ok &= (*v[i] = calloc(sz[i], sizeof(double))) != NULL;
    ok &= (L->Hl = calloc(d * d, sizeof(double))) != NULL;
    ok &= (L->Hm = calloc(d * d, sizeof(double))) != NULL;
    ok &= (L->Hlag = calloc(d * d, sizeof(double))) != NULL;
    ok &= (L->K = calloc(d * d, sizeof(double))) != NULL;
    ok &= (L->J = calloc(m1 * d, sizeof(double))) != NULL;
    ok &= (L->A = calloc(n * n, sizeof(double))) != NULL;
    ok &= (L->B = calloc(n * 2 * m1, sizeof(double))) != NULL;
    ok &= (L->work = calloc(L->lwork, sizeof(double))) != NULL;
    ok &= (L->ipiv = calloc(n, sizeof(lapack_int))) != NULL;
    ok &= (L->iwork = calloc((size_t)iw + 1, sizeof(lapack_int))) != NULL;
    if (!ok) {
        oco__oobc_layer_free(L);
        oco_set_error(OCO_ENOMEM, "oobc_layer: no memory (d=%zu, M=%zu)", d, M);
        return NULL;
    }
    return L;
}

void oco__oobc_layer_free(oco_oobc_layer *L)
{
    if (!L)
        return;
    double *p[] = {L->x,  L->s,  L->mu, L->zl, L->zu, L->dx, L->ds, L->dmu, L->dzl, L->dzu,
                   L->gl, L->gv, L->rd, L->rhs, L->tmp, L->lam, L->lo, L->hi, L->S,
                   L->Hl, L->Hm, L->Hlag, L->K, L->J, L->A, L->B, L->work};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
    free(L->ipiv);
    free(L->iwork);
    free(L);
}

/* Evaluates at L->x: gl = ∇l, gv = g, J (M×d), Hlag = ∇²l + Σ(λ_m+μ_m)∇²g_m. */
static int eval(oco_oobc_layer *L, oco__oobc_obj_fn l, oco__oobc_con_fn g, void *ctx)
{
    size_t d = L->d, M = L->M;
    double f;
    if (l(ctx, L->x, &f, L->gl, L->Hlag) != 0 || !isfinite(f))
        return oco_set_error(OCO_ESOLVER, "oobc_layer: objective callback failed");
    for (size_t m = 0; m < M; m++) {
        if (g(ctx, m, L->x, &L->gv[m], L->tmp, L->Hm) != 0 || !isfinite(L->gv[m]))
            return oco_set_error(OCO_ESOLVER, "oobc_layer: constraint callback %zu failed", m);
        for (size_t j = 0; j < d; j++)
            L->J[m + j * M] = L->tmp[j];
        double w = L->lam[m] + L->mu[m];
        for (size_t k = 0; k < d * d; k++)
            L->Hlag[k] += w * L->Hm[k];
    }
    /* rd = ∇l + Jᵀ(λ+μ) − zl + zu (stationarity of eq. (4)'s Lagrangian) */
    for (size_t j = 0; j < d; j++) {
        double r = L->gl[j] - L->zl[j] + L->zu[j];
        for (size_t m = 0; m < M; m++)
            r += L->J[m + j * M] * (L->lam[m] + L->mu[m]);
        L->rd[j] = r;
    }
    return 0;
}

static double step_max(double alpha, const double *v, const double *dv, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (dv[i] < 0 && -TAU * v[i] / dv[i] < alpha)
            alpha = -TAU * v[i] / dv[i];
    return alpha;
}

int oco__oobc_layer_solve(oco_oobc_layer *L, oco__oobc_obj_fn l, oco__oobc_con_fn g, void *ctx,
                          const double *lambda, const double *b, const double *lo,
                          const double *hi, const double *x0, double *x, double *mu, double *zl,
                          double *zu, oco__oobc_info *info)
{
    if (!L || !l || (L->M && (!g || !lambda || !b)) || !lo || !hi || !x)
        return oco_set_error(OCO_EINVAL, "oobc_layer_solve: NULL argument");
    size_t d = L->d, M = L->M;
    L->solved = 0;
    for (size_t j = 0; j < d; j++)
        if (!(lo[j] < hi[j]) || isnan(lo[j]) || isnan(hi[j]))
            return oco_set_error(OCO_EINVAL, "oobc_layer_solve: need lo[%zu] < hi[%zu]", j, j);
    for (size_t m = 0; m < M; m++)
        if (!isfinite(lambda[m]) || isnan(b[m]))
            return oco_set_error(OCO_EINVAL, "oobc_layer_solve: lambda[%zu] or b[%zu] not finite",
                                 m, m);
    memcpy(L->lo, lo, d * sizeof *lo);
    memcpy(L->hi, hi, d * sizeof *hi);
    for (size_t m = 0; m < M; m++)
        L->lam[m] = lambda[m];
    /* start strictly inside the box */
    for (size_t j = 0; j < d; j++) {
        double v = x0 ? x0[j] : 0.0;
        int fl = isfinite(lo[j]), fh = isfinite(hi[j]);
        if (fl && fh) {
            double w = 0.01 * (hi[j] - lo[j]);
            if (!x0)
                v = 0.5 * (lo[j] + hi[j]);
            v = fmin(fmax(v, lo[j] + w), hi[j] - w);
        } else if (fl) {
            v = fmax(v, lo[j] + 1.0);
        } else if (fh) {
            v = fmin(v, hi[j] - 1.0);
        }
        L->x[j] = v;
        L->zl[j] = fl ? 1.0 : 0.0;
        L->zu[j] = fh ? 1.0 : 0.0;
    }
    for (size_t m = 0; m < M; m++)
        L->mu[m] = 1.0;
    int rc = eval(L, l, g, ctx);
    if (rc)
        return rc;
    for (size_t m = 0; m < M; m++)
        L->s[m] = fmax(b[m] - L->gv[m], 1.0);
    size_t nc = M;
    for (size_t j = 0; j < d; j++)
        nc += (size_t)isfinite(lo[j]) + (size_t)isfinite(hi[j]);

    size_t it = 0;
    double rp = 0, rdn = 0, gap = 0, rp0 = 0;
    for (;; it++) {
        /* residuals */
        rp = 0;
        rdn = 0;
        gap = 0;
        for (size_t m = 0; m < M; m++) {
            rp = fmax(rp, fabs(L->gv[m] + L->s[m] - b[m]));
            gap += L->mu[m] * L->s[m];
        }
        for (size_t j = 0; j < d; j++) {
            rdn = fmax(rdn, fabs(L->rd[j]));
            if (isfinite(lo[j]))
                gap += L->zl[j] * (L->x[j] - lo[j]);
            if (isfinite(hi[j]))
                gap += L->zu[j] * (hi[j] - L->x[j]);
        }
        gap = nc ? gap / (double)nc : 0.0;
        if (it == 0)
            rp0 = rp;
        if (rp <= TOL * (1 + rp0) && rdn <= TOL * 10 && gap <= TOL)
            break;
        double mumax = 0;
        for (size_t m = 0; m < M; m++)
            mumax = fmax(mumax, L->mu[m]);
        if (mumax > MU_DIVERGE && rp > 1e-6) {
            rc = oco_set_error(OCO_EINFEASIBLE,
                               "oobc_layer: {g <= b} and the box look infeasible: primal residual "
                               "%.3g while the multipliers diverge (%.3g) after %zu iterations",
                               rp, mumax, it);
            goto out;
        }
        if (it >= MAXIT) {
            if (rp > 1e-6)
                rc = oco_set_error(OCO_EINFEASIBLE,
                                   "oobc_layer: {g <= b} and the box look infeasible: primal "
                                   "residual %.3g after %d iterations",
                                   rp, MAXIT);
            else
                rc = oco_set_error(OCO_ESOLVER,
                                   "oobc_layer: no convergence in %d iterations (dual residual "
                                   "%.3g, gap %.3g)",
                                   MAXIT, rdn, gap);
            goto out;
        }
        double nu = SIGMA * gap;
        /* reduced Newton matrix K = Hlag + Jᵀ diag(μ/s) J + diag(zl/xl + zu/xu) and right side
         * (derivation: eliminate ds, dμ, dzl, dzu from the linearised perturbed KKT system) */
        memcpy(L->K, L->Hlag, d * d * sizeof(double));
        for (size_t j = 0; j < d; j++) {
            double r = -L->rd[j];
            if (isfinite(lo[j])) {
                double xl = L->x[j] - lo[j];
                L->K[j + j * d] += L->zl[j] / xl;
                r += nu / xl - L->zl[j];
            }
            if (isfinite(hi[j])) {
                double xu = hi[j] - L->x[j];
                L->K[j + j * d] += L->zu[j] / xu;
                r += -nu / xu + L->zu[j];
            }
            L->dx[j] = r;
        }
        for (size_t m = 0; m < M; m++) {
            double rpm = L->gv[m] + L->s[m] - b[m];
            double w = L->mu[m] / L->s[m];
            double c = (nu - L->mu[m] * L->s[m] + L->mu[m] * rpm) / L->s[m];
            for (size_t j = 0; j < d; j++) {
                double Jmj = L->J[m + j * M];
                L->dx[j] -= Jmj * c;
                for (size_t k = 0; k <= j; k++)
                    L->K[j + k * d] += w * Jmj * L->J[m + k * M];
            }
        }
        lapack_int info2 = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', (lapack_int)d, L->K,
                                               (lapack_int)d);
        if (info2 == 0)
            info2 = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', (lapack_int)d, 1, L->K,
                                        (lapack_int)d, L->dx, (lapack_int)d);
        if (info2 != 0) {
            rc = oco_set_error(OCO_ESOLVER,
                               "oobc_layer: Newton matrix not positive definite at iteration %zu "
                               "(l not strongly convex and the box unbounded?)",
                               it);
            goto out;
        }
        for (size_t m = 0; m < M; m++) {
            double rpm = L->gv[m] + L->s[m] - b[m];
            double Jdx = 0;
            for (size_t j = 0; j < d; j++)
                Jdx += L->J[m + j * M] * L->dx[j];
            L->ds[m] = -rpm - Jdx;
            L->dmu[m] = (nu - L->mu[m] * L->s[m] - L->mu[m] * L->ds[m]) / L->s[m];
        }
        double ap = 1.0, ad = 1.0;
        for (size_t j = 0; j < d; j++) {
            L->dzl[j] = 0;
            L->dzu[j] = 0;
            if (isfinite(lo[j])) {
                double xl = L->x[j] - lo[j];
                L->dzl[j] = (nu - L->zl[j] * xl - L->zl[j] * L->dx[j]) / xl;
                if (L->dx[j] < 0)
                    ap = fmin(ap, -TAU * xl / L->dx[j]);
            }
            if (isfinite(hi[j])) {
                double xu = hi[j] - L->x[j];
                L->dzu[j] = (nu - L->zu[j] * xu + L->zu[j] * L->dx[j]) / xu;
                if (L->dx[j] > 0)
                    ap = fmin(ap, TAU * xu / L->dx[j]);
            }
        }
        ap = step_max(ap, L->s, L->ds, M);
        ad = step_max(ad, L->mu, L->dmu, M);
        ad = step_max(ad, L->zl, L->dzl, d);
        ad = step_max(ad, L->zu, L->dzu, d);
        /* separate primal and dual step lengths (the usual remedy against jamming) */
        for (size_t j = 0; j < d; j++) {
            L->x[j] += ap * L->dx[j];
            L->zl[j] += ad * L->dzl[j];
            L->zu[j] += ad * L->dzu[j];
        }
        for (size_t m = 0; m < M; m++) {
            L->s[m] += ap * L->ds[m];
            L->mu[m] += ad * L->dmu[m];
        }
        rc = eval(L, l, g, ctx);
        if (rc)
            goto out;
    }
    L->solved = 1;
out:
    memcpy(x, L->x, d * sizeof *x);
    if (mu)
        memcpy(mu, L->mu, M * sizeof *mu);
    if (zl)
        memcpy(zl, L->zl, d * sizeof *zl);
    if (zu)
        memcpy(zu, L->zu, d * sizeof *zu);
    if (info) {
        double pr = 0;
        for (size_t m = 0; m < M; m++)
            pr = fmax(pr, L->gv[m] - b[m]);
        info->iterations = it;
        info->res_dual = rdn;
        info->res_primal = pr;
        info->gap = gap;
    }
    if (L->solved) {
        /* stash the slacks b − g for the activity test of the gradient */
        for (size_t m = 0; m < M; m++)
            L->s[m] = b[m] - L->gv[m];
    }
    return rc;
}

/* The active-set system below (A, n×n) and its right-hand sides (B, n×2M:
 * λ columns, then b columns), n = nf + na; B is zeroed first. dsysv
 * overwrites both, so the pseudo-inverse fallback builds them again. */
static void kkt_system(oco_oobc_layer *L, const double *fidx, size_t nf, const double *aidx,
                       size_t na)
{
    const size_t d = L->d, M = L->M, n = nf + na;
    memset(L->B, 0, (d + M) * 2 * M * sizeof(double));
    for (size_t c = 0; c < n; c++)
        for (size_t r = 0; r < n; r++) {
            double v = 0;
            if (r < nf && c < nf)
                v = L->Hlag[(size_t)fidx[r] + (size_t)fidx[c] * d];
            else if (r >= nf && c < nf)
                v = L->J[(size_t)aidx[r - nf] + (size_t)fidx[c] * M];
            else if (r < nf && c >= nf)
                v = L->J[(size_t)aidx[c - nf] + (size_t)fidx[r] * M];
            L->A[r + c * n] = v;
        }
    for (size_t k = 0; k < M; k++) {
        for (size_t r = 0; r < nf; r++)
            L->B[r + k * n] = -L->J[k + (size_t)fidx[r] * M];
        for (size_t r = 0; r < na; r++)
            if ((size_t)aidx[r] == k)
                L->B[nf + r + (M + k) * n] = 1.0;
    }
}

/* seed 000 Prop. 5.1: on the free coordinates F and the active constraints A,
 *   [H_FF  J_AFᵀ] [∂x_F]   [−∇g_k|_F]  (column for λ_k)   [0  ]  (column for b_k)
 *   [J_AF   0   ] [∂μ_A] = [   0    ]                     [e_k]
 * with H the Hessian of the Lagrangian l + (λ+μ)ᵀg. Under strict complementarity this
 * equals the seed's Schur-complement form (olp_laau.md §2.6: Δ₁₁ = H, Δ₁₂ = ∇gᵀ,
 * Δ₂₁ = diag(μ)∇g, Δ₂₂ = diag(g − b)): an inactive row has μ_m = 0, so its ∂μ_m = 0;
 * an active row has g_m = b_m, and diag(μ) cancels, e.g. ∂x/∂b = H⁻¹Jᵀ(JH⁻¹Jᵀ)⁻¹ on the
 * actives. The active-set form also covers the box (fixed coordinates) and avoids
 * dividing by tiny μ or g − b near a kink. */
int oco__oobc_layer_grad(oco_oobc_layer *L, double *dx_dlam, double *dx_db, int *used_pinv)
{
    if (!L || !L->solved)
        return oco_set_error(OCO_ESTATE, "oobc_layer_grad: no successful solve before");
    size_t d = L->d, M = L->M;
    if (used_pinv)
        *used_pinv = 0;
    if (M == 0)
        return 0;
    /* index lists (stored as doubles in the tmp/rhs workspaces): free coordinates, then
     * active constraints; activity by the larger of multiplier and slack */
    size_t nf = 0, na = 0;
    double *fidx = L->tmp, *aidx = L->rhs;
    for (size_t j = 0; j < d; j++) {
        double xl = L->x[j] - L->lo[j], xu = L->hi[j] - L->x[j];
        int act = (isfinite(L->lo[j]) && L->zl[j] > xl) || (isfinite(L->hi[j]) && L->zu[j] > xu);
        if (!act)
            fidx[nf++] = (double)j;
    }
    for (size_t m = 0; m < M; m++)
        if (L->mu[m] > L->s[m])
            aidx[na++] = (double)m;
    size_t n = nf + na, nr = 2 * M;
    if (dx_dlam)
        memset(dx_dlam, 0, d * M * sizeof(double));
    if (dx_db)
        memset(dx_db, 0, d * M * sizeof(double));
    if (n == 0)
        return 0;
    kkt_system(L, fidx, nf, aidx, na);
    /* dsysv overwrites A and B: the fallback below rebuilds them */
    lapack_int info2 = LAPACKE_dsysv_work(LAPACK_COL_MAJOR, 'L', (lapack_int)n, (lapack_int)nr,
                                          L->A, (lapack_int)n, L->ipiv, L->B, (lapack_int)n,
                                          L->work, (lapack_int)L->lwork);
    int bad = info2 != 0;
    for (size_t i = 0; !bad && i < n * nr; i++)
        bad = !isfinite(L->B[i]) || fabs(L->B[i]) > 1e12;
    if (bad) {
        /* singular Schur complement (e.g. dependent active gradients): minimum-norm
         * least-squares solution by SVD (dgelsd) */
        if (used_pinv)
            *used_pinv = 1;
        kkt_system(L, fidx, nf, aidx, na);
        lapack_int rank;
        info2 = LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n,
                                    (lapack_int)nr, L->A, (lapack_int)n, L->B, (lapack_int)n,
                                    L->S, 1e-12, &rank, L->work, (lapack_int)L->lwork, L->iwork);
        if (info2 != 0)
            return oco_set_error(OCO_ESOLVER, "oobc_layer_grad: SVD failed (info %d)",
                                 (int)info2);
    }
    for (size_t k = 0; k < M; k++)
        for (size_t r = 0; r < nf; r++) {
            size_t j = (size_t)fidx[r];
            if (dx_dlam)
                dx_dlam[j + k * d] = L->B[r + k * n];
            if (dx_db)
                dx_db[j + k * d] = L->B[r + (M + k) * n];
        }
    return 0;
}
