/* Internal to the `olp` reproduction (exp_olp.c runs it, exp_olp_report.c
 * writes its figures and report section). */
#ifndef OCO_EXP_OLP_H
#define OCO_EXP_OLP_H

#include <stddef.h>
#include <stdint.h>

#include "experiments/registry.h"
#include "experiments/stats.h"
#include "oco/oco.h"

/* One compared method: a registry algorithm with fixed parameters, played
 * up to the largest T its time budget allows. */
typedef struct olp_method {
    const char *label;    /* report name, e.g. "decoupled (gamma = 2)" */
    const char *algo;     /* registry name */
    const char *file;     /* file-name stem, e.g. "decoupled_g2" */
    oco_param params[2];
    size_t nparams;
    size_t T_max_full, T_max_quick; /* where it stops (time budget) */
    const char *why_stop;           /* said in the report when it stops early */
} olp_method;

/* One series: a generator type and m. */
typedef struct olp_series {
    int type;
    size_t m;
} olp_series;

enum { OLP_NMETHODS = 9, OLP_NSERIES = 7, OLP_NT = 5 };

extern const olp_method olp_methods[OLP_NMETHODS];
extern const olp_series olp_series_list[OLP_NSERIES];
extern const size_t olp_Ts[OLP_NT];

/* Mean ± CI of one (method, series, T) cell over seeds. */
typedef struct olp_cell {
    oco_summary rv, r, v, secs;
    size_t runs;  /* 0: not run (past the method's T_max) */
    size_t upper; /* runs whose OPT is only an upper bound */
} olp_cell;

typedef struct olp_fit {
    double slope, intercept, se;
    size_t points;
} olp_fit;

/* Everything the report needs. */
typedef struct olp_results {
    size_t nT, K;
    size_t Ts[OLP_NT];
    size_t T_max[OLP_NMETHODS];
    olp_cell cell[OLP_NMETHODS][OLP_NSERIES][OLP_NT];
    olp_fit fit[OLP_NMETHODS][OLP_NSERIES];
    size_t njobs, n_exact, n_bound;
    double max_violation[OLP_NMETHODS]; /* over all runs */
    double seconds;                     /* wall time so far */
} olp_results;

/* The method index of a label's algorithm (for the claims). */
size_t olp_method_index(const char *file);

/* Write series CSVs, slopes, figures and the report section; count claims. */
int olp_report(const oco_exp_env *env, const olp_results *R, oco_exp_outcome *out);

#endif
