/* Internal pieces of the OLP hindsight optimum shared by olp_opt.c and
 * olp_sift.c (and reachable from the unit tests); not part of the public API. */
#ifndef OCO_HINDSIGHT_OLP_INTERNAL_H
#define OCO_HINDSIGHT_OLP_INTERNAL_H

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

/* D(y) = <b,y> + Σ_t (c_t − <a_t,y>)_+ without validation. */
double oco_olp_dual_raw(const oco_olp_instance *inst, const double *y);

/* A uniform subsample of n <= T orders (in order, fixed internal seed, so
 * deterministic), budget scaled to b·n/T. NULL on allocation failure. */
oco_olp_instance *oco_olp_subsample(const oco_olp_instance *inst, size_t n);

/* The whole LP  max c·x, Ax <= b, 0 <= x <= 1  in one CLP solve; y = row
 * duals clipped at 0. Checks strong duality D(y) = value (OCO_ESOLVER if not). */
int oco_olp_clp_full(const oco_olp_instance *inst, double time_limit, double *value, double *y);

typedef struct oco_olp_sift_info {
    int rounds;        /* restricted LP solves at the top level */
    size_t working;    /* final working-set size at the top level */
    int depth;         /* levels of subsampling used for the start */
    double gap;        /* D(y) − value at the end (certificate) */
    int restarts;      /* working sets rebuilt because F1 alone overran a budget */
    int dedup;         /* 1 if the top level collapsed repeated orders */
} oco_olp_sift_info;

/* The same LP, exactly, by sifting (olp_sift.c): CLP only ever sees a small
 * working set of orders. `info` may be NULL. */
int oco_olp_sift(const oco_olp_instance *inst, double time_limit, double *value, double *y,
                 oco_olp_sift_info *info);
/* The same from the caller's start y0 (m entries >= 0) instead of a
 * subsample, and without the repeated-order collapse: for tests of the
 * restart and pricing paths. */
int oco_olp_sift_from(const oco_olp_instance *inst, const double *y0, double time_limit,
                      double *value, double *y, oco_olp_sift_info *info);

#ifdef __cplusplus
}
#endif
#endif
