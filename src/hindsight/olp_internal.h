/* Internal pieces of the OLP hindsight optimum: the sifting solve and its
 * helpers (olp_sift.c), called by olp_opt.c and reachable from the unit
 * tests; not part of the public API. The dual evaluations both files use are
 * in olp_dual_eval.h (included here for the callers of both). */
#ifndef OCO_HINDSIGHT_OLP_INTERNAL_H
#define OCO_HINDSIGHT_OLP_INTERNAL_H

#include <stddef.h>

#include "hindsight/olp_dual_eval.h"
#include "oco/olp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A uniform subsample of n <= T orders (in order, fixed internal seed, so
 * deterministic), budget scaled to b·n/T. NULL on allocation failure. */
oco_olp_instance *oco__olp_subsample(const oco_olp_instance *inst, size_t n);

/* The whole LP  max c·x, Ax <= b, 0 <= x <= 1  in one CLP solve; y = row
 * duals clipped at 0. Checks strong duality D(y) = value (OCO_ESOLVER if not). */
int oco__olp_clp_full(const oco_olp_instance *inst, double time_limit, double *value, double *y);

typedef struct oco_olp_sift_info {
    int rounds;        /* restricted LP solves at the top level */
    size_t working;    /* final working-set size at the top level */
    int depth;         /* levels of subsampling used for the start */
    double gap;        /* D(y) − value at the end (certificate) */
    int restarts;      /* working sets rebuilt because F1 alone overran a budget */
    int dedup;         /* 1 if the top level collapsed repeated orders */
    /* Wall seconds by phase (all levels; for bench/olp_opt_large): the start
     * (subsample copies), pricing passes over all orders (reduced costs,
     * working-set selection, violators, the certificate), the restricted LPs
     * (CSC build + CLP). */
    double sec_start, sec_price, sec_lp;
} oco_olp_sift_info;

/* The same LP, exactly, by sifting (olp_sift.c): CLP only ever sees a small
 * working set of orders. `info` may be NULL. */
int oco__olp_sift(const oco_olp_instance *inst, double time_limit, double *value, double *y,
                 oco_olp_sift_info *info);
/* The same from the caller's start y0 (m entries >= 0) instead of a
 * subsample, and without the repeated-order collapse: for tests of the
 * restart and pricing paths. */
int oco__olp_sift_from(const oco_olp_instance *inst, const double *y0, double time_limit,
                      double *value, double *y, oco_olp_sift_info *info);

#ifdef __cplusplus
}
#endif
#endif
