/* Private to the `universal` reproduction (exp_universal.c and the files of
 * src/experiments/universal/): the setting, the jobs, and the record that
 * parts A–D fill and the report writer prints. See exp_universal.c for what
 * the reproduction shows. */
#ifndef OCO_EXPERIMENTS_UNIVERSAL_UNIVERSAL_H
#define OCO_EXPERIMENTS_UNIVERSAL_UNIVERSAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "experiments/progress.h"
#include "experiments/registry.h"
#include "experiments/stats.h"
#include "oco/oco.h"

/* Tolerances (see the report text for the reasons). */
#define UX_SLOPE_LOG 0.35   /* "log T or bounded": tail slope ≤ this (√T is 0.5) */
#define UX_SLOPE_TRACK 0.15 /* universal's tail slope ≤ the best specialised's + this */
#define UX_BEATEN 2.0       /* a specialised learner is "poor" on a family: ≥ 2× universal */
#define UX_ADVANTAGE 4.0    /* B: universal ≤ Hedge / 4 where √V_T ≤ 1 */
#define UX_ONEGRAD 2.0      /* C: one-gradient regret ≤ 2× the multi-gradient one */
#define UX_GAME_SLOPE 0.25  /* D: summed regret tail slope ≤ this (O(1): 0; √T: 0.5) */

/* ---- the setting (setting.c) ---------------------------------------------- */

typedef struct ux_family {
    const char *name, *title, *rate; /* CLI name, description, Theorem 2's rate */
    oco_loss_kind kind;
    size_t d;
    const char *domain;
    double noise, delta; /* < 0: the losses.h default */
} ux_family;

typedef struct ux_lspec {
    const char *label, *algo, *what;
    oco_param p[2];
    size_t np;
    int single; /* 1: a single-curvature learner (A: the "specialised" ones) */
    int theory; /* 1: the theory preset, shown next to the default, never in a claim */
} ux_lspec;

enum { UX_NFAM = 3 };
/* rate learners: universal first, then the others, multigrad, and the
 * theory preset last (outside every claim's loop over 1..L_MULTI−1) */
enum { UX_NRL = 7, UX_L_UNIV = 0, UX_L_MULTI = 5, UX_L_THEORY = 6 };
enum { UX_NDL = 5, UX_NDELTA = 7 };
enum { UX_NGL = 4, UX_GAME_N = 4, UX_GAME_M = 4 };
enum { UX_NGRID = 7, UX_NCP_MAX = 64 };

extern const ux_family oco__ux_fams[UX_NFAM];
extern const ux_lspec oco__ux_rate_learners[UX_NRL];
extern const ux_lspec oco__ux_delta_learners[UX_NDL];
extern const double oco__ux_deltas[UX_NDELTA];
extern const ux_lspec oco__ux_game_learners[UX_NGL];
extern const size_t oco__ux_grid[UX_NGRID];

/* ---- jobs (jobs.c, game.c) ------------------------------------------------ */

enum { UX_J_RATE, UX_J_DELTA, UX_J_GAME };

typedef struct ux_job {
    int part;
    size_t fam, learner, T, di; /* di: index into deltas (UX_J_DELTA) */
    uint64_t seed;
} ux_job;

typedef struct ux_result {
    double loss, comparator, regret, VT, seconds;
    size_t calls;
    int ok;
    /* UX_J_GAME: gap and summed regret at the checkpoints */
    double *gap, *rsum;
} ux_result;

typedef struct ux_cell {
    oco_summary reg, secs, vt;
    double calls_per_round; /* mean */
    size_t n;
} ux_cell;

/* Everything the parts compute and the report prints. */
typedef struct ux_run {
    const oco_exp_env *env;
    double t0;
    size_t K; /* seeds */
    size_t Ts[UX_NGRID], nT, Tmulti, Tdelta, Tgame;
    size_t cps[UX_NCP_MAX], ncp; /* game checkpoints */
    int present[UX_NRL];
    ux_job *jobs;
    ux_result *res;
    size_t nj;
    double *series, *buf;
    size_t claims, passed;
    /* A and C */
    ux_cell cells[UX_NFAM][UX_NRL][UX_NGRID];
    double slope[UX_NFAM][UX_NRL];
    size_t kmax, kmulti, best[UX_NFAM];
    int rate_ok[UX_NFAM], track_ok[UX_NFAM], all_poor, calls_ok, onegrad_ok[UX_NFAM];
    double worst_ratio[UX_NRL];
    /* the theory preset's constants per family (at T_max, the family's
     * bounds) and the additive meta term 2C0 ln(4C0²N) of its bounds (§10) */
    double th_C0[UX_NFAM], th_lambda1[UX_NFAM], th_additive[UX_NFAM];
    /* B */
    ux_cell dcell[UX_NDELTA][UX_NDL];
    int adv, hedge_flat;
    double adv_worst;
    /* D */
    double gmean[UX_NGL][2][UX_NCP_MAX], gslope[UX_NGL][2];
    int game_bounded, game_gap;
    /* figures: rates, onegrad, delta, game */
    int shown[4];
    char err[4][512];
} ux_run;

/* jobs.c */
int oco__ux_jobs_make(ux_run *r);  /* allocate and sort the jobs of A–D */
int oco__ux_jobs_run(ux_run *r);   /* run them in parallel */
int oco__ux_write_raw(ux_run *r);  /* raw.csv */
void oco__ux_jobs_free(ux_run *r);
/* Mean over the seeds of the jobs matching (part, fam, learner, T, di). */
ux_cell oco__ux_summarize(const ux_run *r, int part, size_t fam, size_t learner, size_t T,
                          size_t di);
/* game.c: one game job */
int oco__ux_play_game(const ux_run *r, const ux_job *j, ux_result *res);

/* the parts: summaries, claims (counted in r->claims, r->passed), CSV, figures */
int oco__ux_part_rates(ux_run *r); /* A and C (rates.c) */
int oco__ux_part_delta(ux_run *r); /* B (delta.c) */
int oco__ux_part_game(ux_run *r);  /* D (game.c) */
/* a claim's verdict: 1 pass, 0 fail, < 0 not checked (not counted) */
void oco__ux_claim(ux_run *r, int v);

/* report.c */
/* Run gnuplot on a script (if available): 1 if the PNG was made, else 0 with
 * the reason in err (a failing plot is reported, not fatal). */
int oco__ux_render(const oco_exp_env *env, const char *gp, const char *png, char *err,
                   size_t len);
void oco__ux_report(const ux_run *r, FILE *md);

#endif
