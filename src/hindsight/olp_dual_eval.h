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
double oco__olp_wquantile(oco_olp_bp *v, size_t n, double need);

/* The passes over all T orders (D(y), reduced costs, the fixed budget of the
 * sifting solve) are the memory-bound part of the exact optimum at large T·m
 * (8 GB of orders at T = 10^7, m = 100): they run on all OpenMP threads, in
 * OCO_OLP_PASS_CHUNKS fixed chunks whose partial sums are combined in chunk
 * order, so that every result is the same for any number of threads (and
 * inside a parallel job of the runner, where the region runs on one thread).
 * Below OCO_OLP_PASS_MIN_ENTRIES entries a pass is one chunk: the plain
 * sequential loop. */
#define OCO_OLP_PASS_CHUNKS 64
#define OCO_OLP_PASS_MIN_ENTRIES ((size_t)1 << 20)
#ifdef _OPENMP
#define OCO_OLP_OMP_PRAGMA_(x) _Pragma(#x)
#define OCO_OLP_OMP_FOR(cond) OCO_OLP_OMP_PRAGMA_(omp parallel for schedule(static) if (cond))
#else
#define OCO_OLP_OMP_FOR(cond)
#endif

/* Number of chunks of a pass over T orders of m entries (1 or
 * OCO_OLP_PASS_CHUNKS). */
size_t oco__olp_pass_chunks(size_t T, size_t m);

/* D(y) = <b,y> + Σ_t (c_t − <a_t,y>)_+ without validation (olp_laau.md §1.1:
 * T·f_T(y), an upper bound on OPT_LP for every y >= 0 by weak duality). */
double oco__olp_dual_raw(const oco_olp_instance *inst, const double *y);

/* The same D(y), also storing the reduced costs rcv[t] = c_t − <a_t,y> (T
 * entries; rcv may be NULL): one pass for both. Bitwise the value of
 * oco__olp_dual_raw(inst, y). */
double oco__olp_dual_pass(const oco_olp_instance *inst, const double *y, double *rcv);

#ifdef __cplusplus
}
#endif
#endif
