/* Small dense linear algebra (include/oco/linalg.h).
 *
 * Level-1 operations are hand loops: the vectors of the learners are short
 * (d <= a few hundred) and a BLAS call costs more than the loop. The
 * factorizations go to LAPACK through LAPACKE (column-major, as the header
 * documents), as DESIGN.md asks for anything beyond tiny fixed sizes; the
 * exception is the per-round Cholesky kernels at the end (internal,
 * core/linalg_internal.h says why they are hand loops).
 *
 * Error mapping (LAPACK's `info`): info < 0 cannot happen for the arguments
 * built here and is reported as OCO_ESOLVER; info > 0 is a property of the
 * matrix (not SPD, exactly singular) and is OCO_EINVAL naming the matrix,
 * except for dsyev, whose info > 0 means the QR iteration did not converge,
 * which is a solver failure (OCO_ESOLVER). NaN/Inf entries are rejected
 * before LAPACK sees them. */
#include "oco/linalg.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <lapacke.h>

#include "core/linalg_internal.h"
#include "oco/error.h"

/* oco_lu_solve's ipiv is declared int* in the public header, so it can only be
 * handed to LAPACKE when lapack_int is int (LP64 LAPACK, Debian's default). */
_Static_assert(sizeof(lapack_int) == sizeof(int), "oco needs an LP64 LAPACK (32-bit lapack_int)");

double oco_dot(const double *x, const double *y, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* Scaled two-pass norm: max|x_i| · ‖x / max|x_i|‖, which neither overflows
 * nor loses the result to underflow (the aim of LAPACK's dnrm2, done here in
 * the simpler two-pass form). NaN in x gives NaN; ±Inf gives +Inf. */
static double nrm2_scaled(const double *x, size_t n)
{
    double amax = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (isnan(a))
            return NAN;
        if (a > amax)
            amax = a;
    }
    if (amax == 0.0 || isinf(amax))
        return amax;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = x[i] / amax;
        s += t * t;
    }
    return amax * sqrt(s);
}

double oco_nrm2(const double *x, size_t n)
{
    /* Fast path: the plain sum of squares is exact enough whenever it stays
     * well inside the normal range; otherwise redo it scaled. */
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * x[i];
    if (s >= 0x1p-900 && s <= 0x1p+900)
        return sqrt(s);
    /* Overflow, NaN, or squares lost to underflow (incl. all zero). */
    return nrm2_scaled(x, n);
}

void oco_axpy(double a, const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] += a * x[i];
}

void oco_scal(double a, double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] *= a;
}

void oco_copy(const double *x, double *y, size_t n)
{
    if (n > 0 && x != y)
        memmove(y, x, n * sizeof *x);
}

void oco_fill(double *x, size_t n, double v)
{
    for (size_t i = 0; i < n; i++)
        x[i] = v;
}

int oco_all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

void oco_gemv_sq(const double *A, const double *x, double *y, size_t n)
{
    /* Column-oriented (axpy form): walks A contiguously. y must not alias x. */
    oco_fill(y, n, 0.0);
    for (size_t j = 0; j < n; j++) {
        const double xj = x[j];
        const double *col = A + j * n;
        for (size_t i = 0; i < n; i++)
            y[i] += col[i] * xj;
    }
}

/* Shared argument checks of the solvers: sizes representable as lapack_int,
 * n*n and n*nrhs without overflow, finite entries. */
static int check_system(const char *fn, const double *A, const double *B, size_t n, size_t nrhs)
{
    if (n > (size_t)INT_MAX || nrhs > (size_t)INT_MAX || (n > 0 && n > SIZE_MAX / n) ||
        (n > 0 && nrhs > SIZE_MAX / n))
        return oco_set_error(OCO_EINVAL, "%s: size n=%zu, nrhs=%zu too large for LAPACK", fn, n, nrhs);
    if (n > 0 && (A == NULL || (nrhs > 0 && B == NULL)))
        return oco_set_error(OCO_EINVAL, "%s: NULL matrix argument", fn);
    if (!oco_all_finite(A, n * n))
        return oco_set_error(OCO_EINVAL, "%s: matrix A has a NaN or Inf entry", fn);
    if (nrhs > 0 && !oco_all_finite(B, n * nrhs))
        return oco_set_error(OCO_EINVAL, "%s: right-hand side B has a NaN or Inf entry", fn);
    return OCO_OK;
}

int oco_spd_solve(double *A, double *B, size_t n, size_t nrhs)
{
    int rc = check_system("oco_spd_solve", A, B, n, nrhs);
    if (rc != OCO_OK || n == 0)
        return rc;
    /* dposv reads only the lower triangle of A: symmetry is assumed, as
     * documented by LAPACK; the strict upper triangle is left untouched. */
    lapack_int info = LAPACKE_dposv(LAPACK_COL_MAJOR, 'L', (lapack_int)n, (lapack_int)nrhs, A,
                                    (lapack_int)n, B, (lapack_int)n);
    if (info > 0)
        return oco_set_error(OCO_EINVAL,
                             "oco_spd_solve: matrix A is not positive definite (leading minor %d "
                             "of %zu is not positive)",
                             (int)info, n);
    if (info < 0)
        return oco_set_error(OCO_ESOLVER, "oco_spd_solve: LAPACK dposv rejected argument %d", (int)-info);
    return OCO_OK;
}

int oco_lu_solve(double *A, double *B, size_t n, size_t nrhs, int *ipiv)
{
    int rc = check_system("oco_lu_solve", A, B, n, nrhs);
    if (rc != OCO_OK || n == 0)
        return rc;
    if (ipiv == NULL)
        return oco_set_error(OCO_EINVAL, "oco_lu_solve: ipiv workspace is NULL");
    lapack_int info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)nrhs, A, (lapack_int)n,
                                    (lapack_int *)ipiv, B, (lapack_int)n);
    /* LAPACK reports exact singularity only (a zero pivot U(i,i)); an
     * ill-conditioned but nonsingular A is solved, as in LAPACK itself. */
    if (info > 0)
        return oco_set_error(OCO_EINVAL, "oco_lu_solve: matrix A is singular (pivot U(%d,%d) is zero)",
                             (int)info, (int)info);
    if (info < 0)
        return oco_set_error(OCO_ESOLVER, "oco_lu_solve: LAPACK dgesv rejected argument %d", (int)-info);
    return OCO_OK;
}

int oco_sym_eig(double *A, double *w, size_t n)
{
    int rc = check_system("oco_sym_eig", A, NULL, n, 0);
    if (rc != OCO_OK || n == 0)
        return rc;
    if (w == NULL)
        return oco_set_error(OCO_EINVAL, "oco_sym_eig: eigenvalue array w is NULL");
    /* LAPACKE_dsyev allocates its workspace (documented in the header). Only
     * the lower triangle of A is read. */
    lapack_int info = LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)n, A, (lapack_int)n, w);
    if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR)
        return oco_set_error(OCO_ENOMEM, "oco_sym_eig: LAPACK workspace allocation failed (n=%zu)", n);
    if (info > 0)
        return oco_set_error(OCO_ESOLVER,
                             "oco_sym_eig: LAPACK dsyev did not converge (%d off-diagonal elements "
                             "remain)",
                             (int)info);
    if (info < 0)
        return oco_set_error(OCO_ESOLVER, "oco_sym_eig: LAPACK dsyev rejected argument %d", (int)-info);
    return OCO_OK;
}

/* ---- hand-loop Cholesky kernels (core/linalg_internal.h) ------------------ */

int oco__chol(double *A, size_t n, size_t ld)
{
    for (size_t j = 0; j < n; ++j) {
        double s = A[j + j * ld];
        for (size_t k = 0; k < j; ++k)
            s -= A[j + k * ld] * A[j + k * ld];
        if (!(s > 0))
            return -1;
        double ljj = sqrt(s);
        A[j + j * ld] = ljj;
        for (size_t i = j + 1; i < n; ++i) {
            double t = A[i + j * ld];
            for (size_t k = 0; k < j; ++k)
                t -= A[i + k * ld] * A[j + k * ld];
            A[i + j * ld] = t / ljj;
        }
    }
    return 0;
}

/* Measured 1.3x LAPACK dpotrf's time at n = 100, 2x at n = 200
 * (single-threaded OpenBLAS): close enough, and it never allocates. */
int oco__chol_outer(double *A, size_t n, size_t ld)
{
    for (size_t j0 = 0; j0 < n; j0 += 4) {
        size_t jb = n - j0 < 4 ? n - j0 : 4;
        for (size_t j = j0; j < j0 + jb; ++j) {
            double *cj = A + j * ld;
            if (!(cj[j] > 0))
                return -1;
            double ljj = sqrt(cj[j]);
            cj[j] = ljj;
            double inv = 1.0 / ljj;
            for (size_t i = j + 1; i < n; ++i)
                cj[i] *= inv;
            for (size_t k = j + 1; k < j0 + jb; ++k) {
                double lkj = cj[k];
                double *ck = A + k * ld;
                for (size_t i = k; i < n; ++i)
                    ck[i] -= cj[i] * lkj;
            }
        }
        if (jb == 4) {
            const double *c0 = A + j0 * ld, *c1 = c0 + ld, *c2 = c1 + ld, *c3 = c2 + ld;
            for (size_t k = j0 + 4; k < n; ++k) {
                double l0 = c0[k], l1 = c1[k], l2 = c2[k], l3 = c3[k];
                double *ck = A + k * ld;
                for (size_t i = k; i < n; ++i)
                    ck[i] -= (c0[i] * l0 + c1[i] * l1) + (c2[i] * l2 + c3[i] * l3);
            }
        }
    }
    return 0;
}

void oco__trsv_lower(const double *L, size_t n, size_t ld, double *b)
{
    for (size_t i = 0; i < n; ++i) {
        double s = b[i];
        for (size_t k = 0; k < i; ++k)
            s -= L[i + k * ld] * b[k];
        b[i] = s / L[i + i * ld];
    }
}

void oco__trsv_lower_trans(const double *L, size_t n, size_t ld, double *b)
{
    for (size_t i = n; i-- > 0;) {
        double s = b[i];
        for (size_t k = i + 1; k < n; ++k)
            s -= L[k + i * ld] * b[k];
        b[i] = s / L[i + i * ld];
    }
}

void oco__chol_solve(const double *L, size_t n, size_t ld, double *b)
{
    oco__trsv_lower(L, n, ld, b);
    oco__trsv_lower_trans(L, n, ld, b);
}

/* Column k: the rotation that maps (L(k,k), v_k) to (r, 0), r =
 * hypot(L(k,k), v_k) (hypot: no overflow for large v), applied to the rest of
 * column k and of v in the scaled form c = r/L(k,k), s = v_k/L(k,k):
 * L(i,k) ← (L(i,k) + s·v_i)/c, then v_i ← c·v_i − s·L(i,k) with the new
 * L(i,k). This is the order ons.c and metagrad.c had; keep it. */
void oco__chol_rank1_update(double *L, size_t n, size_t ld, double *v)
{
    for (size_t k = 0; k < n; ++k) {
        double lkk = L[k + k * ld];
        double r = hypot(lkk, v[k]);
        double c = r / lkk, s = v[k] / lkk;
        L[k + k * ld] = r;
        for (size_t i = k + 1; i < n; ++i) {
            L[i + k * ld] = (L[i + k * ld] + s * v[i]) / c;
            v[i] = c * v[i] - s * L[i + k * ld];
        }
    }
}
