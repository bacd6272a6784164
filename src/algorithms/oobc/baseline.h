/* Internal: the layer call shared by the Appendix C.2 baselines of seed 000
 * (equal.c, avg_lt.c, dmd.c): x = layer(λ, b̃) of eq. (4) (layer.h), with
 * one guard of their own [D]:
 *
 * Exhausted resource: when some resource has no room left beyond the safe
 * decision, b̃_m − g_m(x_safe, c) <= 1e-12·B_m, the decision is x_safe.
 * The guard keeps g(x_safe) affordable, so this is feasible; and for the
 * built-in classes x_safe minimises every g_m (fairness: x_min, use x;
 * multi-budget: 0, use >= 0 = g(0)), so nothing else is affordable anyway.
 * Without it the interior-point layer is handed a budget set with no
 * interior (Slater fails: e.g. g_2(x) = ½Σq x²/s <= 1e-22 at the box corner)
 * and stops with "Newton matrix not positive definite" (measured on
 * multi-budget, tests/unit/test_oobc_budget_all.c).
 *
 * No allocation: scratch g (M) is the caller's. */
#ifndef OCO_ALGORITHMS_OOBC_BASELINE_H
#define OCO_ALGORITHMS_OOBC_BASELINE_H

#include "algorithms/oobc/layer.h"

/* B: the episode's budgets (the scale of the exhausted test); b_eff all
 * finite, or all +INFINITY (budget-free, passed straight to the layer). */
int oco__oobc_base_solve(oco__oobc_lws *w, const oco_oobc_class *cls, const double *c,
                         const double *lambda, const double *b_eff, const double *B, double *g,
                         double *x);

#endif
