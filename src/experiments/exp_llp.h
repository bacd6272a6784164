/* Internal to the `llp` reproduction (exp_llp.c runs it, exp_llp_report.c
 * writes its CSV, figures, claims and report section). */
#ifndef OCO_EXP_LLP_H
#define OCO_EXP_LLP_H

#include <stddef.h>

#include "experiments/registry.h"
#include "experiments/stats.h"
#include "oco/oco.h"

/* One compared run: a coco algorithm with its predictions and β. */
typedef struct llp_method {
    const char *label; /* report name */
    const char *file;  /* column stem in the CSVs */
    const char *algo;  /* registry name */
    oco_coco_pred_kind pred;
    double sigma;      /* σ of noisy predictions (project addition) */
    double beta;       /* LLP's β; NaN: not an LLP run (or its default 1/2) */
    int needs_fixed;   /* llp-perturbed: only on families with g_t = g + b_t */
} llp_method;

/* One problem family. */
typedef struct llp_setting {
    const char *name;  /* file stem */
    const char *title; /* report name */
    oco_coco_problem_kind kind;
    size_t d, k;
    const char *domain;
    int stand_in; /* 1: llp-exp1/llp-exp2, stand-ins for seed 001 §VII-I */
} llp_setting;

enum { LLP_NMETHODS = 16, LLP_NSET = 4, LLP_NCP_MAX = 64 };
/* method indices the claims and figures refer to */
enum {
    LLP_M_NONE = 0,    /* llp, no predictions, β = 1/2 (Exp 1 run 1) */
    LLP_M_PERFECT = 1, /* llp-linearized, perfect predictions (Exp 1 run 2) */
    LLP_M_NOISY0 = 2,  /* first of the LLP_NNOISE noisy runs (σ ascending) */
    LLP_M_PERT = 6,    /* llp-perturbed, no predictions */
    LLP_M_COMP0 = 7,   /* first of the LLP_NCOMP competitors */
    LLP_M_BETA0 = 11   /* first of the β-sweep runs (β > 1/2, ascending) */
};
enum { LLP_NNOISE = 4, LLP_NCOMP = 4, LLP_NBETA = 5 };
enum { LLP_S_EXP1 = 0, LLP_S_EXP2 = 1 };

extern const llp_method llp_methods[LLP_NMETHODS];
extern const llp_setting llp_settings[LLP_NSET];

/* Mean ± CI over seeds at one checkpoint t. */
typedef struct llp_cell {
    oco_summary R;  /* R_t = Σ_{s≤t} f_s(x_s) − per-round benchmark of the first t rounds */
    oco_summary S1; /* Σ_{s≤t} g_{s,1}(x_s) */
    oco_summary V;  /* ‖[Σ_{s≤t} g_s(x_s)]₊‖₂ */
    oco_summary Rlt; /* only at T: regret against the long-term benchmark */
    double S1max;   /* max over seeds of Σ_{s≤t} g_{s,1}(x_s) */
    size_t n;
} llp_cell;

/* Everything the report needs. */
typedef struct llp_results {
    size_t K, T;
    size_t cps[LLP_NCP_MAX], ncp; /* checkpoints, ascending, last = T */
    int ran[LLP_NSET][LLP_NMETHODS];
    llp_cell cell[LLP_NSET][LLP_NMETHODS][LLP_NCP_MAX];
    /* mean over seeds of the fraction of rounds t > T/2 whose x_t is a
     * vertex of the box [0, 1]^d (the bang-bang steps of an unregularised
     * leader); meaningful on the box families only */
    double vertex[LLP_NSET][LLP_NMETHODS];
    double seconds;
    size_t njobs, nhindsight;
} llp_results;

/* Tolerances, fixed before the numbers: a fitted slope over 2 decades
 * carries the bias of lower-order terms. */
#define LLP_TOL_RATE 0.10  /* Theorem 2: slope <= rate + 0.10 */
#define LLP_TOL_FLAT 0.10  /* Corollary 1, R_T = O(1): slope of max(R_T, 1) <= 0.10 */
#define LLP_T_FIT_MIN 1000 /* slopes are fitted on the checkpoints T >= 10^3 */
enum { LLP_M_B075 = LLP_M_BETA0 + 2 }; /* the β = 3/4 run */

/* One qualitative claim and its verdict. */
typedef struct llp_claim {
    const char *what, *paper;
    char family[48];
    char measured[256];
    int verdict; /* 1 PASS, 0 FAIL, -1 not checked */
} llp_claim;

enum { LLP_NCLAIMS_MAX = 32 };
/* The claims (exp_llp_claims.c); returns their number (<= LLP_NCLAIMS_MAX). */
size_t llp_make_claims(const llp_results *R, llp_claim *cl);

/* Write the CSVs, figures, claims and the report section; count claims. */
int llp_report(const oco_exp_env *env, const llp_results *R, oco_exp_outcome *out);

#endif
