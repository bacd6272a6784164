/* Private: the general optimization layer of seed 000 eq. (4)
 * (olp_laau.md Part 2, §2.1–2.2, §2.6):
 *     x(λ, b) = argmin_x l(x) + λᵀ g(x)   s.t.  g(x) ≤ b,  lo ≤ x ≤ hi,
 * x ∈ R^d, g : R^d → R^M, l and every g_m convex and twice differentiable,
 * given by callbacks (value, gradient, d×d Hessian, column-major). Either l
 * is strongly convex or the box is bounded (otherwise the Newton matrix may
 * be singular and the solver reports OCO_ESOLVER).
 *
 * Solver: a dense primal-dual interior-point method on the perturbed KKT
 * system with slacks s = b − g(x) ≥ 0 (infeasible start allowed), damped
 * Newton steps with the fraction-to-boundary rule (τ = 0.995), the reduced
 * d×d system by Cholesky (LAPACK dpotrf/dpotrs).
 * Infeasibility of {g ≤ b} ∩ box is reported as OCO_EINFEASIBLE when the
 * primal residual stalls while the duals diverge, or the iteration limit
 * is reached with a primal residual above tolerance (a heuristic, not a
 * certificate).
 *
 * Gradients (seed 000 Prop. 5.1): ∂x/∂λ and ∂x/∂b by the implicit function
 * theorem on the active KKT system at the returned point: box-active
 * coordinates are fixed (zero derivative), strictly inactive constraints
 * dropped; the symmetric indefinite system by dsysv, with a minimum-norm
 * least-squares (dgelsd) fallback when it is singular (degenerate actives).
 * At kinks (a constraint with μ_m ≈ b_m − g_m ≈ 0) the result is one
 * one-sided derivative, not a true gradient.
 *
 * Nothing allocates after oco__oobc_layer_new. */
#ifndef OCO_SOLVERS_OOBC_LAYER_H
#define OCO_SOLVERS_OOBC_LAYER_H

#include <stddef.h>

/* l: *f = l(x), grad[d] = ∇l(x), hess[d*d] = ∇²l(x) (column-major). 0 or
 * nonzero on failure (reported as OCO_ESOLVER). */
typedef int (*oco__oobc_obj_fn)(void *ctx, const double *x, double *f, double *grad,
                                double *hess);
/* g_m: *g = g_m(x), grad[d], hess[d*d]; m in [0, M). */
typedef int (*oco__oobc_con_fn)(void *ctx, size_t m, const double *x, double *g, double *grad,
                                double *hess);

typedef struct oco_oobc_layer oco_oobc_layer;

typedef struct {
    size_t iterations;
    double res_dual;   /* ‖∇_x Lagrangian‖∞ at the returned point */
    double res_primal; /* ‖max(g − b, 0)‖∞ */
    double gap;        /* mean complementarity product */
} oco__oobc_info;

/* d ≥ 1, M ≥ 0. NULL + error on bad arguments or no memory. */
oco_oobc_layer *oco__oobc_layer_new(size_t d, size_t M);
void oco__oobc_layer_free(oco_oobc_layer *L);

/* Solves the layer. lambda[M] (any sign; l + λᵀg must be convex), b[M],
 * lo[d], hi[d] (±INFINITY allowed, lo < hi), x0[d] a start (NULL: box
 * centre or 0; it is pushed strictly inside the box). Outputs x[d], mu[M]
 * (multipliers of g ≤ b), zl[d], zu[d] (multipliers of x ≥ lo, x ≤ hi; 0
 * for infinite bounds); any output but x may be NULL. Returns 0,
 * OCO_EINVAL, OCO_EINFEASIBLE or OCO_ESOLVER (message set; outputs then
 * hold the last iterate, finite). */
int oco__oobc_layer_solve(oco_oobc_layer *L, oco__oobc_obj_fn l, oco__oobc_con_fn g, void *ctx,
                          const double *lambda, const double *b, const double *lo,
                          const double *hi, const double *x0, double *x, double *mu, double *zl,
                          double *zu, oco__oobc_info *info);

/* After a successful solve: dx_dlam[d*M] and dx_db[d*M] (column k =
 * ∂x/∂λ_k, ∂x/∂b_k; either may be NULL). *used_pinv (may be NULL) = 1 if
 * the least-squares fallback was used. OCO_ESTATE without a prior solve. */
int oco__oobc_layer_grad(oco_oobc_layer *L, double *dx_dlam, double *dx_db, int *used_pinv);

#endif
