/* Private: the hand-loop Cholesky kernels shared by the learners (ons.c,
 * metagrad.c) and the solvers (qp_domain, uball). Not public API
 * (include/oco/linalg.h is); prefix oco__.
 *
 * Why hand loops and not LAPACK (dpotrf, dtrsv, no dchud in LAPACK at all):
 * the matrices are small or a free block of one, the calls are per round
 * and must not allocate, and a multi-threaded OpenBLAS dpotrf allocates in
 * its dsyrk from n = 64 on (measured, OpenBLAS 0.3.21).
 *
 * Every routine fixes its floating-point operation order (documented below):
 * the learners' decisions depend on it bit for bit, so a change here is a
 * change of every ONS / MetaGrad / projection result.
 *
 * Storage: column-major, L(i,j) = L[i + j*ld], lower triangle; the strict
 * upper triangle is neither read nor written. */
#ifndef OCO_CORE_LINALG_INTERNAL_H
#define OCO_CORE_LINALG_INTERNAL_H

#include <stddef.h>

/* In place A = LLᵀ of the leading n×n block (lower triangle), inner-product
 * (Cholesky–Crout, column by column: L(j,j) = √(A(j,j) − Σ_{k<j} L(j,k)²),
 * then L(i,j) = (A(i,j) − Σ_{k<j} L(i,k)L(j,k)) / L(j,j), sums in increasing
 * k). Returns 0, or -1 at the first pivot that is not > 0 (not numerically
 * positive definite, or NaN); A is then partly overwritten. */
int oco__chol(double *A, size_t n, size_t ld);

/* The same factor by the right-looking (outer-product) form in panels of
 * four columns: the trailing update subtracts four columns at once, which
 * vectorises. Different rounding from oco__chol (the sums are grouped
 * ((c0l0 + c1l1) + (c2l2 + c3l3)) per panel): callers pick one and keep it.
 * Returns 0 or -1 as oco__chol. */
int oco__chol_outer(double *A, size_t n, size_t ld);

/* b ← L⁻¹b (forward substitution, row i: (b_i − Σ_{k<i} L(i,k)b_k) / L(i,i)). */
void oco__trsv_lower(const double *L, size_t n, size_t ld, double *b);

/* b ← L⁻ᵀb (backward substitution, row i: (b_i − Σ_{k>i} L(k,i)b_k) / L(i,i)). */
void oco__trsv_lower_trans(const double *L, size_t n, size_t ld, double *b);

/* b ← (LLᵀ)⁻¹b: oco__trsv_lower then oco__trsv_lower_trans. */
void oco__chol_solve(const double *L, size_t n, size_t ld, double *b);

/* L ← the Cholesky factor of LLᵀ + vvᵀ in O(n²) (LINPACK dchud: one
 * Givens-like rotation per column, Dongarra et al., LINPACK Users' Guide,
 * 1979, ch. 10; stable, unlike refactorising or updating LLᵀ and
 * downdating). v (length n) is overwritten as workspace. L must have a
 * positive diagonal; the diagonal stays positive. */
void oco__chol_rank1_update(double *L, size_t n, size_t ld, double *v);

#endif
