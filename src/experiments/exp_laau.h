/* Private to the LAAU reproductions `laau-fairness` and `laau-ood`
 * (exp_laau*.c, seed 000 §6, olp_laau.md §2.3–2.5): the sizes, the methods,
 * the training and evaluation jobs both experiments run, and small
 * statistics and gnuplot helpers.
 *
 * Data: the synthetic stand-in (diurnal + AR(1), oobc_problem.h) of the
 * Azure trace, never presented as trace data. One data seed
 * (LX_DATA_SEED): training episodes [0, ntrain), validation episodes
 * [ntrain, ntrain + nval) of that seed, test episodes from
 * OCO_OOBC_TEST_FIRST, so training and test sets never overlap. */
#ifndef OCO_EXP_LAAU_H
#define OCO_EXP_LAAU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "experiments/registry.h"
#include "experiments/stats.h"
#include "oco/oco.h"

#define LX_DATA_SEED 1u

/* The measured duration of the full runs (no --quick) on the development
 * machine, for the report header. */
#define LX_FULL_TIME_MD                                                                        \
    "The full runs (no --quick: the paper's 5000/1000/2000 episodes and 80 epochs) took 18-53 s " \
    "(laau-fairness) and 33-65 s (laau-ood) over several runs on the development machine (2 "   \
    "cores shared with other work, Release build, `oco reproduce laau-fairness` / `laau-ood`)."

/* The methods of Fig. 2, in the report's order. */
enum {
    LX_OPT = 0,
    LX_LAAU,
    LX_RL,
    LX_EQUAL,
    LX_AVGLT,
    LX_DGD,
    LX_MW,
    LX_CR,
    LX_NMETH
};
extern const char *const oco__lx_name[LX_NMETH];  /* registry names ("opt": the runner's) */
extern const char *const oco__lx_label[LX_NMETH]; /* "OPT", "LAAU", ... */

/* Episode counts and the training schedule. */
typedef struct lx_sizes {
    size_t ntrain, nval, ntest;
    size_t epochs, epochs_lr1; /* total; at lr1 before lr2 (§2.3: 80, 50) */
    size_t seeds;              /* training seeds (model initialisation and shuffling) */
} lx_sizes;

/* Full: 5000/1000/2000 and 80 (50 + 30) epochs [S]; --quick: 1000/200/1000
 * and 12 (8 + 4) epochs; --T-max K caps the training and test sets at K
 * episodes (validation K/5, at least 10): the tests' small-size knob. */
lx_sizes oco__lx_sizes(const oco_exp_env *env);
/* One Markdown sentence describing s and where it comes from. */
void oco__lx_sizes_md(FILE *md, const oco_exp_env *env, const lx_sizes *s);

/* ---- training jobs ------------------------------------------------------------ */
typedef struct lx_train {
    /* in */
    const oco_oobc_class *cls;
    size_t N;
    oco_oobc_model_kind kind;
    uint64_t seed; /* model initialisation and shuffling */
    const oco_oobc_data *train, *val;
    size_t epochs, epochs_lr1;
    char tag[32]; /* what else identifies the job in the report ("" or e.g. "d_W = 0.05") */
    /* out */
    oco_oobc_model *model; /* NULL if training failed */
    oco_oobc_train_report rep;
    double *curve; /* epochs × 3: train utility, validation utility, seconds */
    size_t ncurve;
    int rc;
    char err[200];
} lx_train;

/* Train every job (oco_jobs_run on env->jobs threads); a failed job keeps
 * rc and err (reported, not fatal). Returns an error only for out of memory. */
int oco__lx_train_all(const oco_exp_env *env, const char *label, lx_train *jobs, size_t n);
void oco__lx_train_free(lx_train *jobs, size_t n);

/* ---- evaluation jobs ------------------------------------------------------------ */
typedef struct lx_eval {
    /* in */
    const oco_oobc_class *cls;
    size_t N;
    int method;                  /* LX_* */
    const oco_oobc_model *model; /* laau, rl */
    const oco_oobc_data *train;  /* avg-lt, cr-pursuit fit on it */
    const oco_oobc_data *test;
    /* out: per test episode (test->n entries each, owned) */
    double *utility, *remaining;
    oco_oobc_run_result res;
    double fit_seconds; /* oco_oobc_new (the fit of avg-lt, cr-pursuit) */
    double fitted;      /* avg-lt: λ_P; cr-pursuit: π (the multiplier hook); else NaN */
    int missing;        /* the method is not registered in this build */
    int rc;
    char err[200];
} lx_eval;

int oco__lx_eval_all(const oco_exp_env *env, const char *label, lx_eval *jobs, size_t n);
void oco__lx_eval_free(lx_eval *jobs, size_t n);

/* ---- statistics ------------------------------------------------------------------- */
typedef struct lx_box {
    double min, p25, median, p75, max;
} lx_box;
/* Quantiles with linear interpolation between order statistics (type 7);
 * work holds n doubles. */
lx_box oco__lx_box(const double *x, size_t n, double *work);
/* Mean and 95% CI of the paired difference a_i − b_i. */
oco_summary oco__lx_paired(const double *a, const double *b, size_t n, double *work);

/* ---- report helpers ------------------------------------------------------------------ */
const char *oco__lx_verdict(int v); /* -1 not checked, 0 FAIL, 1 PASS */
/* Render gp → png (when gnuplot is there); err receives gnuplot's failure. */
int oco__lx_render(const oco_exp_env *env, const char *gp, const char *png, char *err,
                   size_t len);
/* The failed jobs of a phase as one Markdown paragraph (nothing if none). */
void oco__lx_failures_md(FILE *md, const lx_train *tj, size_t nt, const lx_eval *ej,
                         size_t ne);

/* The trainings whose last epoch fell more than 0.05 below their best
 * validation utility (the kept weights), as one Markdown paragraph naming
 * `curves` (a file in dirname, may be NULL); nothing if none. */
void oco__lx_unstable_md(FILE *md, const lx_train *tj, size_t nt, const char *curves,
                         const char *dirname);

#endif

/* ---- laau-fairness (exp_laau_fair.c runs, exp_laau_fair_report.c writes) ---- */
enum { LF_NN = 3, LF_BOXN = 1 /* index of N = 20 (Fig. 5) */ };
extern const size_t oco__lf_N[LF_NN]; /* 10, 20, 40 */

#define LF_OPT_TOL 1e-9 /* OPT ≥ LAAU up to rounding (relative) */
#define LF_LEFT 0.01    /* Fig. 7 remark: LAAU leaves < 1% of the budget */

enum {
    LF_C_OPT = 0,  /* per N: OPT ≥ LAAU */
    LF_C_BEATS,    /* per N: LAAU above AVG-LT, DGD, MW, RL, Equal */
    LF_C_EQUAL10,  /* N = 10: AVG-LT, DGD, MW below Equal */
    LF_C_CR,       /* per N: CR-Pursuit lowest */
    LF_C_BUDGET,   /* budget_exceeded = 0 everywhere */
    LF_C_LEFT,     /* per N: LAAU leaves < 1% */
    LF_C_BOX,      /* N = 20: LAAU best median and p25 after OPT */
    LF_C_GAP,      /* the LAAU − RL gap grows with N (N = 40 vs N = 10) */
    LF_NCLAIM
};

typedef struct lf_run {
    const oco_exp_env *env;
    double t0;
    lx_sizes sz;
    oco_oobc_class *cls;
    oco_oobc_data *train[LF_NN], *val[LF_NN], *test[LF_NN];
    lx_train *tj; /* (n·2 + kind)·K + seed, kind 0 laau, 1 rl */
    size_t nt;
    lx_eval *ej;
    size_t ne;
    size_t *jix; /* [n][method][seed] → eval job index (SIZE_MAX: none) */
    /* per N and method: the per-episode values (mean over the training seeds
     * for LAAU and RL), NULL when no run succeeded */
    double *u[LF_NN][LX_NMETH], *rem[LF_NN][LX_NMETH];
    oco_summary us[LF_NN][LX_NMETH], rs[LF_NN][LX_NMETH];
    size_t exceeded[LF_NN][LX_NMETH];
    double seconds[LF_NN][LX_NMETH], fit_seconds[LF_NN][LX_NMETH];
    double cr_pi[LF_NN], avg_lam[LF_NN]; /* fitted π of CR-Pursuit, λ_P of AVG-LT (NaN: none) */
    lx_box box[LX_NMETH];          /* at N = 20 */
    oco_summary diff[LF_NN][LX_NMETH]; /* LAAU − method, paired */
    int verdict[LF_NCLAIM][LF_NN]; /* per-N claims use [n]; others [0] */
    size_t claims, passed;
    double *work;
    int shown[4];
    char err[4][512];
} lf_run;

size_t oco__lf_jix(const lf_run *r, size_t n, int m, size_t s);
int oco__lf_figures(lf_run *r);
void oco__lf_report(const lf_run *r, FILE *md);
