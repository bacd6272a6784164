/* Private: the evaluations of the OLP dual shared by the hindsight solvers,
 * kept apart so that the dependency runs one way: olp_opt.c (closed form,
 * dual bound) and olp_sift.c (the exact LP by sifting) both use them, and
 * olp_opt.c calls the sifting solve, never the other way round. */
#ifndef OCO_HINDSIGHT_OLP_DUAL_EVAL_H
#define OCO_HINDSIGHT_OLP_DUAL_EVAL_H

#include <stddef.h>

#include "oco/olp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A breakpoint r with weight w of a convex piecewise-linear scalar function. */
typedef struct oco_olp_bp {
    double r, w;
} oco_olp_bp;

/* Smallest r in v[0..n) with Σ_{v_k.r <= r} v_k.w >= need (need > 0); expected
 * O(n), worst case O(n log n). Reorders v. */
double oco_olp_wquantile(oco_olp_bp *v, size_t n, double need);

/* D(y) = <b,y> + Σ_t (c_t − <a_t,y>)_+ without validation (olp_laau.md §1.1:
 * T·f_T(y), an upper bound on OPT_LP for every y >= 0 by weak duality). */
double oco_olp_dual_raw(const oco_olp_instance *inst, const double *y);

#ifdef __cplusplus
}
#endif
#endif
