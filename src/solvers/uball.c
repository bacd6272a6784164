/* The ONS step onto a ball in O(d²) per round (see uball.h for the method).
 *
 * Root find: the secular equation of qp_domain.c's ball path (Moré &
 * Sorensen, SIAM J. Sci. Stat. Comput. 4(3), 1983, §3: φ(ν) = 1/‖u(ν)‖ − 1/R
 * is concave and increasing; Newton from the left of the root increases
 * monotonically, a Newton step from the right lands left of it), warm-started
 * at the caller's previous multiplier. Two additions, both exact to rounding:
 * Halley's correction of the Newton step (cubic convergence; its second
 * derivative is free, f'' = 6‖v‖²), kept only inside the bracket of the root
 * known from the evaluations; and a last step of size ≤ 1e-5 (Halley) or
 * 1e-8 (Newton) relative to λ_min + ν taken by a second-order Taylor
 * expansion of u instead of a new factorization. Measured on the bench's
 * sequence: 2 evaluations per projection at d = 10..100 (3 with Newton and a
 * confirming evaluation: 3-4). The evaluation of u(ν) = −(U + νI)⁻¹g is a
 * tridiagonal LDLᵀ plus a Woodbury correction instead of a dense Cholesky. */
#include "solvers/uball.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/linalg_internal.h"
#include "oco/error.h"
#include "oco/linalg.h"

/* Up to this dimension the tridiagonal reduction is done by the hand loops
 * below (LAPACK dsytd2's algorithm); above it by LAPACK dsytrd (blocked). */
#ifndef UBALL_LAPACK_MIN
#define UBALL_LAPACK_MIN 32
#endif

struct oco_uball {
    size_t d, kmax, k;
    double R, u0;
    int stale;          /* columns were dropped: refresh before the next step */
    int xvalid;         /* xh holds x̂ */
    int mvalid;         /* mt = Qᵀ mraw */
    size_t refreshes;
    double *c;          /* centre */
    double *U;          /* U, lower triangle (column-major d×d) */
    double *F;          /* Householder vectors of the reduction (below the subdiagonal) */
    double *a, *e, *tau; /* T's diagonal, subdiagonal; reflector scalars */
    double *W;          /* W̃ = QᵀW, row-major d×kmax (row i: component i of each column) */
    double *S;          /* L⁻¹ W̃ at the factored ν, row-major like W */
    double *C;          /* kmax×kmax: Cholesky factor of I + SᵀD⁻¹S */
    double *ip, *l;     /* inverse pivots and multipliers of T + νI = L D Lᵀ */
    double *xz;         /* Qᵀ(x̂ − c) */
    double *xh;         /* x̂ (when xvalid) */
    double *mt, *mraw;  /* one-entry cache of Qᵀm */
    double *z, *u, *v, *tk;
    double *lwork;
    lapack_int lwork_n;
    size_t bytes;
};

/* Dot product with four partial sums: the loops here are short and a single
 * accumulator makes them latency-bound (no reassociation without
 * -ffast-math). */
static double dot4(const double *x, const double *y, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i] * y[i];
        s1 += x[i + 1] * y[i + 1];
        s2 += x[i + 2] * y[i + 2];
        s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; ++i)
        s0 += x[i] * y[i];
    return (s0 + s2) + (s1 + s3);
}

/* ---- Householder tridiagonalization and Q ---------------------------------- */

/* LAPACK dlarfg: H = I − τ vvᵀ with v = (1, x/(α − β)) maps (α, x) to (β, 0). */
static void larfg(size_t m, double *alpha, double *x, double *tau)
{
    *tau = 0;
    if (m <= 1)
        return;
    double xn = oco_nrm2(x, m - 1);
    if (xn == 0)
        return;
    double beta = -copysign(hypot(*alpha, xn), *alpha);
    *tau = (beta - *alpha) / beta;
    oco_scal(1.0 / (*alpha - beta), x, m - 1);
    *alpha = beta;
}

/* LAPACK dsytd2 (uplo = 'L') on the n×n matrix A (lower triangle): A = Q T Qᵀ
 * with Q = H(0)···H(n−2). y is scratch of length n. */
static void sytd2_lower(double *A, size_t n, double *a, double *e, double *tau, double *y)
{
    for (size_t i = 0; i + 1 < n; ++i) {
        size_t m = n - i - 1;
        double *v = A + (i + 1) + i * n;
        double taui;
        larfg(m, v, v + 1, &taui);
        e[i] = v[0];
        if (taui != 0) {
            v[0] = 1;
            double *A22 = A + (i + 1) + (i + 1) * n;
            /* y = τ A22 v (symmetric, lower triangle stored) */
            oco_fill(y, m, 0.0);
            for (size_t j = 0; j < m; ++j) {
                const double *col = A22 + j * n;
                double vj = v[j], s = col[j] * vj;
                for (size_t r = j + 1; r < m; ++r) {
                    y[r] += col[r] * vj;
                    s += col[r] * v[r];
                }
                y[j] += s;
            }
            oco_scal(taui, y, m);
            /* w = y − ½τ(yᵀv)v, then A22 −= vwᵀ + wvᵀ */
            oco_axpy(-0.5 * taui * oco_dot(y, v, m), v, y, m);
            for (size_t j = 0; j < m; ++j) {
                double *col = A22 + j * n;
                double vj = v[j], yj = y[j];
                for (size_t r = j; r < m; ++r)
                    col[r] -= v[r] * yj + y[r] * vj;
            }
            v[0] = e[i];
        }
        a[i] = A[i + i * n];
        tau[i] = taui;
    }
    a[n - 1] = A[(n - 1) + (n - 1) * n];
    if (n >= 1)
        e[n - 1] = 0;
}

/* x ← Qᵀx (trans) or Qx with Q = H(0)···H(n−2), H(i) = I − τ_i v_i v_iᵀ,
 * v_i = (0,…,0, 1 at i+1, F[i+2.., i]). */
static void apply_q(const oco_uball *b, double *x, int trans)
{
    size_t n = b->d;
    if (n < 2)
        return;
    for (size_t s = 0; s + 1 < n; ++s) {
        size_t i = trans ? s : n - 2 - s;
        double t = b->tau[i];
        if (t == 0)
            continue;
        const double *v = b->F + i * n;
        double dot = t * (x[i + 1] + dot4(v + i + 2, x + i + 2, n - i - 2));
        x[i + 1] -= dot;
        for (size_t r = i + 2; r < n; ++r)
            x[r] -= dot * v[r];
    }
}

/* ---- workspace ------------------------------------------------------------- */

/* Columns between refreshes when the caller says 0. A refresh costs O(d³)
 * (one reduction), a Newton step O(dk²) and a round ~6 of them: balancing
 * gives a slowly growing k. Fitted to CPU-time measurements of optimistic
 * ONS on the bench's sequence (d: best k) 2: 1, 5: 1, 10: 2, 20: 3, 30: 3-6,
 * 50: 4-8, 100: 6-12, 200: 12-16, within ~10% of the best [D]. */
static size_t auto_kmax(size_t d)
{
    double k = floor(0.6 * pow((double)d, 0.55) + 0.5);
    return k < 1 ? 1 : (size_t)k;
}

oco_uball *oco__uball_new(size_t d, const double *c, double R, double u0, size_t rank_max)
{
    if (d == 0 || !(R > 0) || !isfinite(R) || !(u0 > 0) || !isfinite(u0)) {
        oco_set_error(OCO_EINVAL, "uball: %s", d == 0 ? "d must be >= 1"
                                              : !(R > 0) || !isfinite(R) ? "R must be finite and > 0"
                                                                         : "u0 must be finite and > 0");
        return NULL;
    }
    if (c && !oco_all_finite(c, d)) {
        oco_set_error(OCO_EINVAL, "uball: centre c has a non-finite entry");
        return NULL;
    }
    size_t kmax = rank_max ? rank_max : auto_kmax(d);
    if (kmax > d)
        kmax = d;
    oco_uball *b = calloc(1, sizeof *b);
    if (!b)
        goto nomem;
    b->d = d;
    b->kmax = kmax;
    b->R = R;
    b->u0 = u0;
    lapack_int lw = 1;
    if (d > UBALL_LAPACK_MIN) {
        double q = 0;
        lapack_int info = LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, 'L', (lapack_int)d, NULL,
                                              (lapack_int)d, NULL, NULL, NULL, &q, -1);
        if (info != 0) {
            free(b);
            oco_set_error(OCO_ESOLVER, "uball: LAPACK dsytrd workspace query failed (%d)",
                          (int)info);
            return NULL;
        }
        lw = (lapack_int)q;
        if (lw < 1)
            lw = 1;
    }
    b->lwork_n = lw;
    size_t nd = 2 * d * d + 2 * d * kmax + kmax * kmax + 13 * d + kmax + (size_t)lw;
    double *p = calloc(nd, sizeof *p);
    if (!p) {
        free(b);
        goto nomem;
    }
    b->U = p, p += d * d;
    b->F = p, p += d * d;
    b->W = p, p += d * kmax;
    b->S = p, p += d * kmax;
    b->C = p, p += kmax * kmax;
    b->c = p, p += d;
    b->a = p, p += d;
    b->e = p, p += d;
    b->tau = p, p += d;
    b->ip = p, p += d;
    b->l = p, p += d;
    b->xz = p, p += d;
    b->xh = p, p += d;
    b->mt = p, p += d;
    b->mraw = p, p += d;
    b->z = p, p += d;
    b->u = p, p += d;
    b->v = p, p += d;
    b->tk = p, p += kmax;
    b->lwork = p;
    b->bytes = sizeof *b + nd * sizeof(double);
    if (c)
        oco_copy(c, b->c, d);
    /* U = u0·I is already tridiagonal: Q = I (τ = 0), T = u0·I. */
    for (size_t i = 0; i < d; ++i) {
        b->U[i + i * d] = u0;
        b->a[i] = u0;
    }
    oco_copy(b->c, b->xh, d);
    b->xvalid = 1;
    return b;
nomem:
    oco_set_error(OCO_ENOMEM, "uball: out of memory (d = %zu)", d);
    return NULL;
}

void oco__uball_free(oco_uball *b)
{
    if (!b)
        return;
    free(b->U);
    free(b);
}

size_t oco__uball_memory(const oco_uball *b) { return b ? b->bytes : 0; }
size_t oco__uball_rank_max(const oco_uball *b) { return b->kmax; }
size_t oco__uball_refreshes(const oco_uball *b) { return b->refreshes; }

void oco__uball_point(oco_uball *b, double *x)
{
    size_t d = b->d;
    if (!b->xvalid) {
        oco_copy(b->xz, b->xh, d);
        apply_q(b, b->xh, 0);
        oco_axpy(1.0, b->c, b->xh, d);
        b->xvalid = 1;
    }
    oco_copy(b->xh, x, d);
}

/* The doubles from U up to (not including) the dsytrd workspace: every array
 * of the state, scratch included (cheap, and nothing is left to chance). */
static size_t state_doubles(const oco_uball *b)
{
    const size_t d = b->d, k = b->kmax;
    return 2 * d * d + 2 * d * k + k * k + 13 * d + k;
}

void oco__uball_save(const oco_uball *b, oco_state_writer *w)
{
    oco_state_put_size(w, b->d);
    oco_state_put_size(w, b->kmax);
    oco_state_put_size(w, b->k);
    oco_state_put_int(w, b->stale);
    oco_state_put_int(w, b->xvalid);
    oco_state_put_int(w, b->mvalid);
    oco_state_put_size(w, b->refreshes);
    oco_state_put_f64v(w, b->U, state_doubles(b));
}

int oco__uball_restore(oco_uball *b, oco_state_reader *r)
{
    size_t k = 0, refreshes = 0;
    int stale = 0, xvalid = 0, mvalid = 0;
    int rc = oco_state_expect_size(r, b->d, "uball dimension");
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, b->kmax, "uball rank_max");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &k);
    if (rc == OCO_OK && k > b->kmax)
        rc = oco_set_error(OCO_EINVAL, "uball state: %zu columns, rank_max %zu", k, b->kmax);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &stale);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &xvalid);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &mvalid);
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &refreshes);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, b->U, state_doubles(b));
    if (rc != OCO_OK)
        return rc;
    b->k = k;
    b->stale = stale;
    b->xvalid = xvalid;
    b->mvalid = mvalid;
    b->refreshes = refreshes;
    return OCO_OK;
}

/* Recompute the reduction from U; x̂ and the cache move to the new basis. */
static int refresh(oco_uball *b)
{
    size_t d = b->d;
    if (!b->xvalid) {
        double *tmp = b->z;
        oco__uball_point(b, tmp);
    }
    for (size_t j = 0; j < d; ++j)
        memcpy(b->F + j + j * d, b->U + j + j * d, (d - j) * sizeof(double));
    if (d > UBALL_LAPACK_MIN) {
        lapack_int info = LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, 'L', (lapack_int)d, b->F,
                                              (lapack_int)d, b->a, b->e, b->tau, b->lwork,
                                              b->lwork_n);
        if (info != 0)
            return oco_set_error(OCO_ESOLVER, "uball: LAPACK dsytrd failed (info %d)", (int)info);
        b->e[d - 1] = 0;
    } else {
        sytd2_lower(b->F, d, b->a, b->e, b->tau, b->z);
    }
    for (size_t i = 0; i < d; ++i)
        b->xz[i] = b->xh[i] - b->c[i];
    apply_q(b, b->xz, 1);
    b->k = 0;
    b->stale = 0;
    b->mvalid = 0;
    b->refreshes++;
    return OCO_OK;
}

/* mt = Qᵀm through the one-entry cache (ONS transforms the same gradient for
 * the new column and for the step). */
static const double *transform(oco_uball *b, const double *m)
{
    size_t d = b->d;
    if (b->mvalid && memcmp(b->mraw, m, d * sizeof(double)) == 0)
        return b->mt;
    oco_copy(m, b->mraw, d);
    oco_copy(m, b->mt, d);
    apply_q(b, b->mt, 1);
    b->mvalid = 1;
    return b->mt;
}

int oco__uball_add(oco_uball *b, double s, const double *g)
{
    size_t d = b->d;
    if (!(s > 0) || !isfinite(s))
        return oco_set_error(OCO_EINVAL, "uball: rank-one weight s must be finite and > 0");
    for (size_t j = 0; j < d; ++j) {
        double sg = s * g[j];
        double *col = b->U + j * d;
        for (size_t i = j; i < d; ++i)
            col[i] += sg * g[i];
    }
    if (b->stale)
        return OCO_OK;
    if (b->k == b->kmax) {
        b->stale = 1; /* the next step refreshes from U, which has the column */
        return OCO_OK;
    }
    const double *mt = transform(b, g);
    double rs = sqrt(s), *w = b->W + b->k;
    for (size_t i = 0; i < d; ++i)
        w[i * b->kmax] = rs * mt[i];
    b->k++;
    return OCO_OK;
}

/* ---- solves with M + νI, M = T + W̃W̃ᵀ --------------------------------------- */

/* Factor T + νI = L D Lᵀ (L unit lower bidiagonal) and the capacitance
 * C = I + SᵀD⁻¹S, S = L⁻¹W̃, so that
 *     M + νI = L (D + SSᵀ) Lᵀ,  (D + SSᵀ)⁻¹ = D⁻¹ − D⁻¹S C⁻¹ SᵀD⁻¹.
 * LDLᵀ without pivoting is stable for a positive definite tridiagonal
 * (Higham, Accuracy and Stability, 2nd ed., §9.5). Returns 0, or -1 if not
 * numerically positive definite. */
static int factor(oco_uball *b, double nu)
{
    size_t d = b->d, k = b->k, kmax = b->kmax;
    double p = b->a[0] + nu;
    if (!(p > 0))
        return -1;
    double ip = 1.0 / p;
    b->ip[0] = ip;
    for (size_t i = 1; i < d; ++i) {
        double li = b->e[i - 1] * ip;
        b->l[i - 1] = li;
        p = b->a[i] + nu - li * b->e[i - 1];
        if (!(p > 0))
            return -1;
        ip = 1.0 / p;
        b->ip[i] = ip;
    }
    if (k == 0)
        return 0;
    /* S = L⁻¹W̃ row by row (vectorises across the k columns) */
    double *S = b->S;
    const double *W = b->W;
    for (size_t j = 0; j < k; ++j)
        S[j] = W[j];
    for (size_t i = 1; i < d; ++i) {
        double li = b->l[i - 1];
        double *si = S + i * kmax;
        const double *sp = si - kmax, *wi = W + i * kmax;
        for (size_t j = 0; j < k; ++j)
            si[j] = wi[j] - li * sp[j];
    }
    /* C = I + Σ_r s_r s_rᵀ / p_r (lower triangle), then C = R Rᵀ */
    double *C = b->C;
    for (size_t j = 0; j < k; ++j)
        for (size_t i = j; i < k; ++i)
            C[i + j * kmax] = i == j ? 1.0 : 0.0;
    for (size_t r = 0; r < d; ++r) {
        const double *sr = S + r * kmax;
        double ipr = b->ip[r];
        for (size_t j = 0; j < k; ++j) {
            double sj = sr[j] * ipr;
            double *cj = C + j * kmax;
            for (size_t i = j; i < k; ++i)
                cj[i] += sr[i] * sj;
        }
    }
    /* C ≥ I, so no pivot can vanish (a failure is NaN/Inf input) */
    return oco__chol(C, k, kmax);
}

/* x ← (M + νI)⁻¹x with the factors of factor(). */
static void solve(oco_uball *b, double *x)
{
    size_t d = b->d, k = b->k, kmax = b->kmax;
    const double *ip = b->ip, *l = b->l;
    double carry = x[0]; /* recurrences carried in a register (x, l may alias) */
    for (size_t i = 1; i < d; ++i) {
        carry = x[i] - l[i - 1] * carry;
        x[i] = carry;
    }
    if (k > 0) {
        /* x ← D⁻¹(x − S C⁻¹ SᵀD⁻¹x) */
        double *t = b->tk;
        const double *S = b->S, *C = b->C;
        for (size_t j = 0; j < k; ++j)
            t[j] = 0;
        size_t r = 0;
        for (; r + 2 <= d; r += 2) { /* two rows per pass: half the dependency chain */
            double x0 = x[r] * ip[r], x1 = x[r + 1] * ip[r + 1];
            const double *s0 = S + r * kmax, *s1 = s0 + kmax;
            for (size_t j = 0; j < k; ++j)
                t[j] += x0 * s0[j] + x1 * s1[j];
        }
        if (r < d) {
            double xr = x[r] * ip[r];
            const double *sr = S + r * kmax;
            for (size_t j = 0; j < k; ++j)
                t[j] += xr * sr[j];
        }
        oco__chol_solve(C, k, kmax, t); /* C = R Rᵀ: t ← R⁻ᵀR⁻¹t */
        for (size_t i = 0; i < d; ++i) {
            const double *si = S + i * kmax;
            double s = 0;
            for (size_t j = 0; j < k; ++j)
                s += si[j] * t[j];
            x[i] = (x[i] - s) * ip[i];
        }
    } else {
        for (size_t i = 0; i < d; ++i)
            x[i] *= ip[i];
    }
    carry = x[d - 1];
    for (size_t i = d - 1; i-- > 0;) {
        carry = x[i] - l[i] * carry;
        x[i] = carry;
    }
}

/* ---- the step ----------------------------------------------------------------- */

int oco__uball_step(oco_uball *b, const double *m, double eta, double *x, int move, double *nu,
                   oco_qpd_info *info)
{
    oco_qpd_info dummy;
    if (!info)
        info = &dummy;
    size_t d = b->d;
    double R = b->R;
    if (m && !(isfinite(eta)))
        return oco_set_error(OCO_EINVAL, "uball: step size eta must be finite");
    if (b->stale) {
        int rc = refresh(b);
        if (rc != OCO_OK)
            return rc;
    }
    double *u = b->u, *v = b->v, *xz = b->xz;
    const double *mt = m && eta != 0 ? transform(b, m) : NULL;
    double lam = 0, nrm = 0;
    int it = 0;
    if (!mt) { /* y = x̂ ∈ X */
        oco_copy(xz, u, d);
        info->on_boundary = 0;
    } else {
        /* In Q-coordinates, with M = QᵀUQ = T + W̃W̃ᵀ and z = Qᵀ(y − c) =
         * x̃ − ηM⁻¹m̃ the unprojected Newton point, the KKT point of
         * min (ũ − z)ᵀM(ũ − z) over ‖ũ‖ ≤ R is
         *     u(ν) = (M + νI)⁻¹Mz = x̃ − (M + νI)⁻¹(νx̃ + ηm̃),
         * which at ν = 0 is z itself (no product with M, so no loss to its
         * conditioning). Newton on 1/‖u(ν)‖ − 1/R as in qp_domain.c's direct
         * path, with d‖u‖²/dν = −2uᵀ(M + νI)⁻¹u. */
        lam = nu && *nu > 0 && isfinite(*nu) ? *nu : 0.0;
        double lo = 0, hi = INFINITY; /* bracket of the root from the evaluations */
        int right_steps = 0;
        for (it = 0; it < 200; ++it) {
            if (factor(b, lam) != 0)
                return oco_set_error(OCO_ESOLVER,
                                     "uball: matrix not numerically positive definite");
            for (size_t i = 0; i < d; ++i)
                u[i] = lam * xz[i] + eta * mt[i];
            solve(b, u);
            for (size_t i = 0; i < d; ++i)
                u[i] = xz[i] - u[i];
            double uu = dot4(u, u, d);
            nrm = sqrt(uu);
            if (nrm == R || (lam == 0 && nrm < R))
                break;
            oco_copy(u, v, d);
            solve(b, v);
            double uq = dot4(u, v, d), vv = dot4(v, v, d);
            if (!(uq > 0))
                break;
            if (nrm > R)
                lo = lam;
            else
                hi = lam;
            /* φ(ν) = 1/‖u‖ − 1/R with f = ‖u‖²: f' = −2uᵀv, f'' = 6vᵀv
             * (v = (M + νI)⁻¹u). Newton step δ_N = −φ/φ'; Halley's step
             * δ_N/(1 − L/2) with L = φφ''/φ'² = 3(1 − ‖u‖/R)(1 − ‖u‖²‖v‖²/(uᵀv)²)
             * converges cubically; taken only when the correction is
             * moderate and the step stays inside the bracket, otherwise the
             * safeguarded Newton step of qp_domain's direct path. */
            double dn = (uu / uq) * (nrm - R) / R;
            double L = 3.0 * (1.0 - nrm / R) * (1.0 - vv * uu / (uq * uq));
            double den = 1.0 - 0.5 * L, dl = dn, tol = 1e-8;
            if (den >= 0.5 && den <= 2.0) {
                double nh = lam + dn / den;
                if (nh > lo && nh < hi) {
                    dl = dn / den;
                    tol = 1e-5;
                }
            }
            double nn = lam + dl;
            if (nrm > R) { /* left of the root */
                if (!(nn > lam))
                    break;
            } else { /* right of the root (warm start or a Halley overshoot) */
                if (++right_steps > 3)
                    break;
                if (nn < 0)
                    nn = 0;
                if (!(nn < lam))
                    break;
            }
            /* A last step |δ| ≤ tol·(λ_min + ν), λ_min ≥ u0: ν + δ is exact to
             * rounding (error ~ (δ/(λ_min + ν))² for Newton, ³ for Halley),
             * and so is the Taylor expansion u(ν + δ) = u − δv + δ²w + O(δ³),
             * w = (M + νI)⁻¹v; it saves the confirming evaluation. */
            if (fabs(nn - lam) <= tol * (b->u0 + lam)) {
                double *w = b->z;
                oco_copy(v, w, d);
                solve(b, w);
                double dd = nn - lam;
                for (size_t i = 0; i < d; ++i)
                    u[i] += dd * (dd * w[i] - v[i]);
                lam = nn;
                nrm = oco_nrm2(u, d);
                ++it;
                break;
            }
            lam = nn;
        }
        if (lam == 0 && nrm <= R) { /* the Newton point is inside */
            info->on_boundary = 0;
        } else {
            oco_scal(R / nrm, u, d); /* onto the sphere (a relative change of rounding size) */
            info->on_boundary = 1;
        }
    }
    info->nu = lam;
    info->iters = it;
    if (nu)
        *nu = lam;
    /* Back to the original coordinates only when the caller wants x. */
    if (x) {
        oco_copy(u, x, d);
        apply_q(b, x, 0);
        double nx = oco_nrm2(x, d);
        if (nx > R) /* keep ‖x − c‖ ≤ R to rounding of the last scaling */
            oco_scal(R / nx, x, d);
        oco_axpy(1.0, b->c, x, d);
    }
    if (move) {
        oco_copy(u, b->xz, d);
        if (x) {
            oco_copy(x, b->xh, d);
            b->xvalid = 1;
        } else {
            b->xvalid = 0;
        }
    }
    return OCO_OK;
}
