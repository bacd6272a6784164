/* oco — the OOBC runner: plays a policy (oobc.h), or the hindsight optimum,
 * on every episode of a data set and measures what seed 000's figures
 * report: utility per step (1/N)·Σ_t (−l(x_t, c_t)) (for fairness
 * (1/N)·Σ_t c_t·log x_t, Fig. 2), the unused budget (Fig. 7) and whether a
 * strict budget was ever exceeded (must never happen). */
#ifndef OCO_OOBC_RUNNER_H
#define OCO_OOBC_RUNNER_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/oobc.h"

OCO_BEGIN_DECLS

typedef struct oco_oobc_run_opts {
    int with_opt;      /* 1: also solve each episode's hindsight optimum (default 1) */
    double *decisions; /* optional, n·N·d: the decisions, episode-major */
    /* Optional observer after each episode i (0-based) with its utility per
     * step; non-zero return stops the run with that code. */
    int (*on_episode)(void *ctx, size_t i, double utility, double remaining_fraction);
    void *ctx;
} oco_oobc_run_opts;

oco_oobc_run_opts oco_oobc_run_opts_default(void);

typedef struct oco_oobc_run_result {
    size_t n;                 /* episodes played */
    double *utility;          /* n: utility per step of each episode (caller's array or NULL) */
    double *opt_utility;      /* n: OPT's utility per step (NULL, or NaN without with_opt) */
    double utility_mean, utility_ci95; /* mean and 1.96·sd/√n half-width */
    double utility_median, utility_p25, utility_p75;
    double opt_utility_mean;  /* NaN without with_opt */
    double remaining_fraction_mean; /* mean over episodes and resources of b_{N+1,m}/B_m */
    size_t budget_exceeded;   /* episodes with Σ g_m > B_m·(1 + 1e-9) for some m */
    double seconds;           /* the policy's time (without OPT) */
    double steps_per_second;
    double opt_seconds;
} oco_oobc_run_result;

/* Play policy (NULL: play the hindsight optimum itself, "opt") on every
 * episode of data (matching the policy's class and N). res->utility and
 * res->opt_utility, if the caller set them, receive the per-episode values
 * (n entries each). */
int oco_oobc_run(oco_oobc *policy, const oco_oobc_class *cls, const oco_oobc_data *data,
                 const oco_oobc_run_opts *opts, oco_oobc_run_result *res);

OCO_END_DECLS
#endif
