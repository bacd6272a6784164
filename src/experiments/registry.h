/* Named reproductions (`oco reproduce NAME`): a constant registry.
 *
 * An experiment writes its data and figures under env->dir and one Markdown
 * section (starting with "## ") to env->report. A later capability adds its
 * reproduction by appending one entry to the table in registry.c. */
#ifndef OCO_EXP_REGISTRY_H
#define OCO_EXP_REGISTRY_H

#include <stddef.h>
#include <stdio.h>

#include "experiments/progress.h"

typedef struct oco_exp_env {
    const char *dir;      /* output directory of this experiment (exists) */
    const char *dirname;  /* its name relative to REPORT.md, for links */
    FILE *report;         /* REPORT.md, positioned where the section goes */
    int quick;            /* --quick: the reduced setting for `make demo` */
    size_t seeds;         /* --seeds (0 = the experiment's default) */
    size_t T_max;         /* --T-max (0 = the experiment's default) */
    int jobs;             /* --jobs: threads for oco_jobs_run (0 = all cores) */
    int have_gnuplot;
    oco_progress *progress;
} oco_exp_env;

typedef struct oco_exp_outcome {
    size_t claims; /* qualitative claims checked */
    size_t passed; /* ... of which PASS */
} oco_exp_outcome;

typedef struct oco_experiment {
    const char *name;  /* e.g. "olp-alg1" */
    const char *title; /* one line */
    const char *paper; /* seed and algorithm/figure, e.g. "seed 002, Algorithm 1" */
    /* Run; 0 or a negative OCO_E* code with oco_last_error() set. */
    int (*run)(const oco_exp_env *env, oco_exp_outcome *out);
} oco_experiment;

/* Entry points, one per exp_*.c file (listed in registry.c). */
int oco_exp_olp_alg1(const oco_exp_env *env, oco_exp_outcome *out);
int oco_exp_olp(const oco_exp_env *env, oco_exp_outcome *out);
int oco_exp_universal(const oco_exp_env *env, oco_exp_outcome *out);
int oco_exp_llp(const oco_exp_env *env, oco_exp_outcome *out);
int oco_exp_lyapunov(const oco_exp_env *env, oco_exp_outcome *out);
int oco_exp_laau_fairness(const oco_exp_env *env, oco_exp_outcome *out);
int oco_exp_laau_ood(const oco_exp_env *env, oco_exp_outcome *out);

size_t oco_experiment_count(void);
const oco_experiment *oco_experiment_at(size_t i);
/* NULL with OCO_ENOTFOUND and a message listing the known names. */
const oco_experiment *oco_experiment_find(const char *name);

#endif
