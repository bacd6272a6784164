/* oco — the built-in OOBC problem classes, their episode data (synthetic
 * stand-in, instances files, the cloud-CPU trace loader, the
 * out-of-distribution shift) and the exact hindsight optimum OPT
 * (seed 000 §6 / Appendix C, olp_laau.md §2.3–2.5).
 *
 * Classes (CLI names):
 *   fairness      §2.3: M = d = p = 1, l(x, c) = −c·log x, g(x, c) = x,
 *                 x ∈ [1, 40] (x_min, x_max settable), B ~ U[10N, 15N];
 *                 x_safe = x_min, reserve = x_min; closed-form layer
 *                 (src/solvers/fairness_layer.h).
 *   multi-budget  PROJECT DESIGN [D] (documented in src/problems/oobc_multi.c):
 *                 M = 2 resources, d >= 2 (default 4), p = d; a weighted
 *                 fairness utility over d resource types with a linear and a
 *                 quadratic resource use, so the layer of eq. (4) has no
 *                 closed form and both budgets can bind.
 *
 * Data: episode i has budgets B_i ∈ R^M and contexts c_{i,1..N} ∈ R^p.
 *   synthetic   the stand-in for the cloud trace (§2.4 [D]): per context
 *               entry a diurnal sine on a 5-minute grid (288 steps a day)
 *               plus AR(1) noise, clipped to [0, 1]; budgets uniform in the
 *               class's per-step range times N. Labelled "synthetic ...";
 *               never presented as trace data.
 *   instances file  CSV with a header; M = p = 1: "B,c1,...,cN" (one
 *               episode per row); otherwise "B1,...,BM" then, for t = 1..N
 *               and k = 1..p, "c<t>_<k>" (t-major). Errors name
 *               file:line:column.
 *   trace       the Azure VM CPU readings of §2.4 (V1/V2 schema, no header:
 *               timestamp, vm id, min, max, avg CPU in percent):
 *               c_t = avg/100 of one VM's consecutive readings, cut into
 *               disjoint windows of N in file order, budgets drawn with the
 *               seed (p = 1 classes only).
 *   shift       the OOD experiment (§2.3 [D]): every context value moved by
 *               +shift and clipped to [0, 1], which for a shift the clip
 *               does not bind realises the 1-D Wasserstein distance |shift|
 *               between the pooled context values. */
#ifndef OCO_OOBC_PROBLEM_H
#define OCO_OOBC_PROBLEM_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/oobc.h"

OCO_BEGIN_DECLS

typedef struct oco_oobc_class_opts {
    size_t d;     /* multi-budget: decision dimension (0: default 4); fairness: 0 or 1 */
    double x_min; /* NaN: the class default (fairness 1 [S], multi-budget 0 [D]) */
    double x_max; /* NaN: the class default (fairness 40 [S], multi-budget 10 [D]) */
} oco_oobc_class_opts;

oco_oobc_class_opts oco_oobc_class_opts_default(void); /* d 0, x_min/x_max NaN */

/* A built-in class by name (opts NULL: defaults). NULL + OCO_ENOTFOUND
 * listing the names, or OCO_EINVAL naming the bad option. */
oco_oobc_class *oco_oobc_class_new(const char *name, const oco_oobc_class_opts *opts);
void oco_oobc_class_free(oco_oobc_class *cls);
/* "fairness, multi-budget" for help texts. */
const char *oco_oobc_class_names(void);

/* ---- data -------------------------------------------------------------------- */
typedef struct oco_oobc_synth_opts {
    double period;    /* steps per diurnal cycle (default 288 [D]: 5-minute grid) */
    double mean;      /* level of the sine (default 0.5 [D]) */
    double amplitude; /* sine amplitude (default 0.25 [D]) */
    double ar_phi;    /* AR(1) coefficient (default 0.9 [D]) */
    double ar_sigma;  /* AR(1) innovation standard deviation (default 0.05 [D]) */
    uint64_t first;   /* index of the first episode drawn (default 0): the CLI draws
                         training and validation episodes from index 0 and test
                         episodes from OCO_OOBC_TEST_FIRST, so one seed never
                         gives overlapping training and test sets */
} oco_oobc_synth_opts;

/* The first episode index of test sets drawn by the CLI and the reproductions. */
#define OCO_OOBC_TEST_FIRST 1000000000u

oco_oobc_synth_opts oco_oobc_synth_opts_default(void);

/* n synthetic episodes of N steps for cls, episodes first..first+n−1 of
 * seed: episode k is drawn from its own oco_rng stream (seed, k), so it does
 * not depend on n or first (a larger set extends a smaller one). opts NULL:
 * defaults. */
oco_oobc_data *oco_oobc_data_synthetic(const oco_oobc_class *cls, size_t N, size_t n,
                                       uint64_t seed, const oco_oobc_synth_opts *opts);

/* An instances file for cls (N from the header). */
oco_oobc_data *oco_oobc_data_read_csv(const char *path, const oco_oobc_class *cls);
int oco_oobc_data_write_csv(const oco_oobc_data *d, const char *path);

/* Episodes cut from a VM CPU readings file of the trace (§2.4): the
 * readings of each VM in file order, disjoint windows of N; at most n
 * episodes (0: all); budgets U[N·budget_lo, N·budget_hi] from seed. p = 1
 * classes only. */
oco_oobc_data *oco_oobc_data_read_trace(const char *path, const oco_oobc_class *cls, size_t N,
                                        size_t n, uint64_t seed);

/* A copy of d with every context value c ← clip(c + shift, 0, 1). */
oco_oobc_data *oco_oobc_data_shift(const oco_oobc_data *d, double shift);
/* The 1-D Wasserstein-1 distance between the pooled context values of a and
 * b (exact, by sorting; the sets may differ in size). */
int oco_oobc_data_wasserstein(const oco_oobc_data *a, const oco_oobc_data *b, double *dist);

/* ---- the hindsight optimum ------------------------------------------------------ */
/* OPT of one episode: min Σ_t l(x_t, c_t) s.t. Σ_t g(x_t, c_t) <= B, x_t in
 * the box, knowing every c_t. Fairness: exact water-filling
 * (oco__fair_waterfill, no tolerance). Other classes: one convex problem in
 * N·d variables through the same interior-point solver as the layer
 * (KKT residuals <= 1e-9 relative). x (N·d, may be NULL), *loss. B[M],
 * c[N·p]. OCO_EINFEASIBLE if even x_safe at every step exceeds B. */
int oco_oobc_opt(const oco_oobc_class *cls, size_t N, const double *B, const double *c,
                 double *x, double *loss);

OCO_END_DECLS
#endif
