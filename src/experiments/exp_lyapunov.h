/* Private to the `lyapunov` reproduction (exp_lyapunov*.c): the setting,
 * the jobs and the record that the parts fill and the report prints. See
 * exp_lyapunov.c for what the reproduction shows. */
#ifndef OCO_EXP_LYAPUNOV_H
#define OCO_EXP_LYAPUNOV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "experiments/progress.h"
#include "experiments/registry.h"
#include "experiments/stats.h"
#include "oco/oco.h"

/* Tolerances, fixed before any run (the report says why). */
#define LY_SLOPE 0.5           /* the √T rate of Theorems 4 and 10 */
#define LY_SLOPE_TOL 0.1       /* A: fitted slope of max(α-regret, 1) <= 1/2 + 0.1 */
#define LY_BWK_SLOPE_TOL 0.15  /* B: the same for bandit regret (noisier: sampled arms) */
#define LY_BWK_C 1.0           /* B: lyapunov-bwk consumption <= c·B·ln T with c = 1 */
#define LY_OVERSPEND 1.0       /* B: budget-blind methods spend > 1.0·B when it binds */
#define LY_THEORY_SAME 0.05    /* B: theory preset's consumption within 5% of sf-mab's */
#define LY_LB_SUBLINEAR 0.75   /* C: regret slope < 0.75 counts as sublinear at these T */

/* ---- A: full information (constrained OCO) -------------------------------- */

typedef struct ly_cprob {
    const char *kind;   /* oco_coco_problem_kind name */
    const char *title;  /* one line for the report */
    size_t d, k;        /* k = 0: the family's default */
    const char *domain; /* oco_domain_parse spec */
    int stochastic;     /* 1: generalized gradients are sampled (bound in expectation) */
    size_t Tq, Tf;      /* largest T of --quick and of the full run (hindsight cost) */
} ly_cprob;

typedef struct ly_calgo {
    const char *label, *algo, *what;
} ly_calgo;

enum { LY_NCP = 4, LY_NCA = 2, LY_CA_LYAP = 0, LY_CA_SV = 1 };
enum { LY_NT_MAX = 8 };

extern const ly_cprob oco__ly_cprobs[LY_NCP];
extern const ly_calgo oco__ly_calgos[LY_NCA];

/* ---- B, C: bandits with knapsacks ---------------------------------------- */

typedef struct ly_balgo {
    const char *label, *algo, *what;
    oco_param p[1];
    size_t np;
    int budget_blind; /* 1: ignores the budget (B's overspend claim) */
    int fixed;        /* 1: not a registry algorithm: the fixed distribution p* of
                         the benchmark played every round (C only) */
} ly_balgo;

enum { LY_NBI = 2, LY_NBA = 6 };
enum { LY_BA_PRACT = 0, LY_BA_THEORY = 1, LY_BA_SFMAB = 2, LY_BA_EXP3 = 3, LY_BA_LAGR = 4,
       LY_BA_FIXED = 5 };
extern const char *const oco__ly_binst[LY_NBI]; /* "stochastic", "adversarial" */
extern const ly_balgo oco__ly_balgos[LY_NBA];
#define LY_BWK_K 5 /* arms of B's instances */

/* ---- jobs ------------------------------------------------------------------ */

enum { LY_J_COCO, LY_J_BWK, LY_J_LB };

typedef struct ly_job {
    int part;
    size_t prob, algo, T, phase_k; /* prob: coco problem or bwk instance; phase_k: C */
    uint64_t seed;
} ly_job;

enum { LY_KMAX = 4 }; /* resources recorded per coco run */

typedef struct ly_result {
    int ok;
    char err[160];
    double seconds;
    /* A */
    double alpha, loss, comparator, gap, areg, areg_cons; /* areg_cons = areg + α·gap */
    double cons[LY_KMAX], budget[LY_KMAX];
    double qmax;  /* max_i consumption_i · B/B_i (the algorithm's scaled queue Q_i(T)) */
    double ccv;   /* Σ_t max(0, max_i g_{t,i}(x_t)) (Sinha–Vaze's CCV) */
    double moved; /* max_t ‖x_t − x_1‖ */
    double mult;  /* lyapunov-adagrad: max_i Φ'(Q_i(T)) = λe^{λQ_i(T)} (V = 1) */
    double kappa, reg_env, q_env; /* Theorem 4's envelopes for this run */
    size_t k;
    /* Sinha–Vaze Theorem 1 (resource only): regret against the per-round
     * benchmark (conservative end) and its two envelopes */
    double pr_reg, sv_reg_env, sv_ccv_env;
    /* B, C */
    double bloss, bexp, bcons, bbench, breg, bB;
    double bweight; /* the budget weight at the end (oco_bwk_multiplier; NaN if none) */
} ly_result;

/* mean ± CI over seeds of one (part, prob, algo, T) */
typedef struct ly_cell {
    size_t n;
    oco_summary areg, areg_cons, qratio, cratio, ccv, gap, secs, mult, qenvB; /* A */
    double moved_max; /* A: max over runs of max_t ‖x_t − x_1‖ */
    double alpha;     /* A: the problem's α (α̂ for phase retrieval) */
    oco_summary reg, cons, cratio_b;                              /* B, C */
    double worst_reg_margin, worst_q_margin; /* A: max over runs of value/envelope */
    double env_mean;                         /* A: mean of κ√T + k/2 over the seeds */
    double max_reg, max_cratio;              /* C: max over the instances k (mean over seeds) */
} ly_cell;

typedef struct ly_run {
    const oco_exp_env *env;
    double t0;
    size_t K; /* seeds */
    size_t Tc[LY_NT_MAX], nTc;   /* A's horizons */
    size_t Tb[LY_NT_MAX], nTb;   /* B's horizons */
    size_t Tl[LY_NT_MAX], nTl;   /* C's horizons */
    int cp_present[LY_NCP], ca_present[LY_NCA], ba_present[LY_NBA];
    char missing[512];           /* what could not run, for the report */
    ly_job *jobs;
    ly_result *res;
    size_t nj;
    double *buf;
    size_t claims, passed;
    /* A */
    ly_cell cc[LY_NCP][LY_NCA][LY_NT_MAX];
    double cslope[LY_NCP][LY_NCA];
    int a_reg_ok[LY_NCP], a_q_ok[LY_NCP], a_slope_ok[LY_NCP], a_sv_ok;
    double a_reg_margin[LY_NCP], a_q_margin[LY_NCP]; /* largest value/envelope, every T */
    size_t a_kmax[LY_NCP], a_flat[LY_NCP]; /* last T index with data; T's with mean α-Reg <= 1 */
    double sv_reg_margin, sv_ccv_margin; /* Sinha–Vaze Theorem 1 on `resource` */
    /* B */
    ly_cell bc[LY_NBI][LY_NBA][LY_NT_MAX];
    double bslope[LY_NBI][LY_NBA];
    size_t b_flat[LY_NBI]; /* T's where lyapunov-bwk's mean regret <= 1 */
    double bw_max[LY_NBA]; /* largest end-of-run budget weight over every B run */
    /* Theorem 10's consumption envelope max{(2(Q0^n + 2VT))^{1/n}, 2nA} of
     * each preset (mean over seeds: B depends on the instance) */
    double benv[LY_NBI][2][LY_NT_MAX];
    int b_slope_ok[LY_NBI], b_cons_ok[LY_NBI], b_over_ok[LY_NBI], b_env_ok[LY_NBI],
        b_theory_ok[LY_NBI];
    /* C */
    ly_cell lc[LY_NBA][LY_NT_MAX];
    double lslope_reg[LY_NBA], lcoef[LY_NBA], lcoef_se[LY_NBA];
    int lb_sub[LY_NBA], lb_grows[LY_NBA]; /* per method; -1: not run */
    int c_ok;
    /* figures: coco, bwk, lb */
    int shown[3];
    char err[3][512];
} ly_run;

/* exp_lyapunov.c */
void oco__ly_claim(ly_run *r, int v);
int oco__ly_render(const oco_exp_env *env, const char *gp, const char *png, char *err, size_t len);

/* exp_lyapunov_coco.c: one A job, then summaries, claims, CSV, figure */
int oco__ly_play_coco(const ly_run *r, const ly_job *j, ly_result *out);
int oco__ly_part_coco(ly_run *r);

/* exp_lyapunov_bwk.c: one B or C job; B's summaries, claims, CSV, figure */
int oco__ly_play_bwk(const ly_run *r, const ly_job *j, ly_result *out);
/* mean ± CI over seeds of one (part, instance, method, T, phase k) */
ly_cell oco__ly_bwk_summarize(const ly_run *r, int part, size_t prob, size_t algo, size_t T,
                              size_t phase_k);
/* log–log slope of max(y, 1) over the T with ok[k] != 0 (NaN below 2 points) */
double oco__ly_reg_slope(const size_t *Ts, const double *y, const size_t *ok, size_t nT);
int oco__ly_part_bwk(ly_run *r);

/* exp_lyapunov_lb.c: C's summaries, fits, claim, CSV, figure */
int oco__ly_part_lb(ly_run *r);

/* exp_lyapunov.c: n = ⌊log2 T⌋, the family's default number of phases */
size_t oco__ly_lb_phases(size_t T);

/* exp_lyapunov_report.c */
void oco__ly_report(const ly_run *r, FILE *md);

#endif
