/* Internal: the optimisation layer of seed 000 eq. (4) for any OOBC class
 * (oobc.h),
 *     x = argmin_x l(x, c) + λᵀg(x, c)  s.t. g(x, c) <= b_eff, x in the box,
 * with ∂x/∂λ and ∂x/∂b (Prop. 5.1): the class's closed form when it has one
 * (fairness: src/solvers/fairness_layer.h), otherwise the dense
 * interior-point layer of src/solvers/oobc_layer.h through adapters of the
 * class's callbacks. Every b_eff_m = +INFINITY means "no budget constraint"
 * (the unconstrained-in-budget decision x̃(λ) of DGD/MW, §2.5); a mix of
 * finite and infinite entries is refused.
 *
 * Feasibility repair [D]: the interior-point solution meets g <= b_eff only
 * to its tolerance; if some g_m(x) > b_eff_m the decision is pulled toward
 * x_safe along the segment (g convex and g(x_safe) <= reserve <= b_eff
 * under the guard) by bisection until g <= b_eff holds exactly, so the
 * strict budget is never exceeded by rounding. The derivatives are those
 * of the solver's point.
 *
 * Exhausted resource: when b_eff_m − g_m(x_safe) <= 1e-12·(1 + |b_eff_m|)
 * for some m, the budget set has no interior and the decision is x_safe
 * with zero derivatives (a kink; the interior-point method would break down).
 *
 * All memory in oco__oobc_lws_init; solve allocates nothing. */
#ifndef OCO_ALGORITHMS_OOBC_LAYER_H
#define OCO_ALGORITHMS_OOBC_LAYER_H

#include <stddef.h>

#include "oco/oobc.h"

typedef struct oco__oobc_lws oco__oobc_lws;

/* NULL + error on a bad class or no memory. */
oco__oobc_lws *oco__oobc_lws_new(const oco_oobc_class *cls);
void oco__oobc_lws_free(oco__oobc_lws *w);

/* The layer at context c[p], multiplier lambda[M] (>= 0), guarded budget
 * b_eff[M]. x[d]; dx_dlam[d·M], dx_db[d·M] (column k = ∂x/∂λ_k, ∂x/∂b_k)
 * unless NULL. x_start (d, may be NULL): a warm start for the general
 * solver. Returns 0 or the solver's status (OCO_EINFEASIBLE when
 * g(x_safe) > b_eff; x then holds x_safe). */
int oco__oobc_lws_solve(oco__oobc_lws *w, const double *c, const double *lambda,
                        const double *b_eff, const double *x_start, double *x, double *dx_dlam,
                        double *dx_db);

/* Bytes owned. */
size_t oco__oobc_lws_memory(const oco__oobc_lws *w);

#endif
