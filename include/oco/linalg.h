/* oco — small dense linear algebra.
 *
 * Vectors are plain double arrays. Matrices are column-major (LAPACK order):
 * A(i,j) = A[i + j*n]. Hand loops for the level-1 operations; LAPACK for
 * factorizations. Nothing here allocates except where documented. */
#ifndef OCO_LINALG_H
#define OCO_LINALG_H

#include "oco/export.h"

#include <stddef.h>

OCO_BEGIN_DECLS

double oco_dot(const double *x, const double *y, size_t n);
double oco_nrm2(const double *x, size_t n);   /* overflow-safe ‖x‖₂ */
void oco_axpy(double a, const double *x, double *y, size_t n); /* y += a x */
void oco_scal(double a, double *x, size_t n);
void oco_copy(const double *x, double *y, size_t n);
void oco_fill(double *x, size_t n, double v);
/* 1 if every entry is finite. */
int oco_all_finite(const double *x, size_t n);

/* y = A x (A n×n, column-major). */
void oco_gemv_sq(const double *A, const double *x, double *y, size_t n);

/* Solve A X = B for symmetric positive definite A (n×n), B n×nrhs; A is
 * overwritten by its Cholesky factor, B by X. OCO_EINVAL if not SPD. */
int oco_spd_solve(double *A, double *B, size_t n, size_t nrhs);
/* Solve A X = B by LU with partial pivoting; A and B overwritten.
 * OCO_EINVAL if A is singular. `ipiv` workspace of n ints. */
int oco_lu_solve(double *A, double *B, size_t n, size_t nrhs, int *ipiv);
/* Eigen-decomposition of symmetric A: eigenvalues ascending in w, A
 * overwritten by orthonormal eigenvectors (columns). Allocates LAPACK
 * workspace internally. */
int oco_sym_eig(double *A, double *w, size_t n);

OCO_END_DECLS
#endif
