/* oco — the constrained-OCO runner: plays a coco algorithm (coco.h) against a
 * problem (coco_problem.h) with predictions of a chosen quality, and
 * measures regret against a hindsight benchmark and constraint violation.
 *
 * Round t: the runner builds the prediction of round t from the problem's
 * closed forms (none / perfect / noisy), calls predict, evaluates f_t(x_t)
 * and g_t(x_t) itself (not oracle calls of the algorithm), then feeds the
 * round through the counting oracles (oco_coco_update_oracle; the wrapper
 * linearises for stream algorithms).
 *
 * Predictions (seed 001 A3):
 *   none     no prediction (the paper's "all zeros");
 *   perfect  f̃_t = f_t and g̃_t = g_t in closed form; cons_value NULL (the
 *            algorithm's fallback; the paper's Exp 1 gives no prediction of
 *            the next constraint value either);
 *   noisy    PROJECT ADDITION (no noise model in the paper): f̃_t = f_t +
 *            ⟨ξ_t, x⟩, g̃_{t,j} = g_{t,j} + ⟨ξ_{t,j}, x⟩ + ζ_{t,j}: additive
 *            Gaussian noise of standard deviation σ = pred_noise on every
 *            gradient and constraint-value coordinate, from its own rng
 *            stream (pred_seed), independent of the problem's.
 *
 * Consumption (seed 003, OCO_COCO_CONSUMPTION). A constraint
 * g_{t,j}(x) = c_{t,j}(x) − b_{t,j} is read as the consumption c_{t,j} (the
 * constraint map with b = 0) against a budget share b_{t,j}; B_T = Σ_t b_t.
 * An algorithm with OCO_COCO_CONSUMPTION is fed c_t (values and Jacobian)
 * and should have setup.budget = B_T (oco_coco_problem_budget); every other
 * algorithm is fed g_t, as before. For a consumption algorithm the
 * violation is ‖[Σ_t c_t(x_t) − B]₊‖₂ (running: the consumption so far
 * against the whole budget B, the long-term reading) and the long-term
 * benchmark's set is {x : Σ_t c_t(x) <= B} = {x : Σ_t g_t(x) <= B − B_T};
 * with B = B_T both equal the other algorithms' ones at the end of the run.
 *
 * A problem whose cost has no closed form (oco_coco_problem_cost(p) =
 * NULL: the cost oracle gives the value and a generalized subgradient) is
 * played with no cost prediction; f_t(x_t) comes from a separate query of
 * the cost oracle that is not counted as the algorithm's. */
#ifndef OCO_COCO_RUNNER_H
#define OCO_COCO_RUNNER_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/coco.h"
#include "oco/coco_problem.h"

OCO_BEGIN_DECLS

typedef enum oco_coco_pred_kind {
    OCO_COCO_PRED_NONE = 0,
    OCO_COCO_PRED_PERFECT,
    OCO_COCO_PRED_NOISY
} oco_coco_pred_kind;

const char *oco_coco_pred_kind_name(oco_coco_pred_kind k); /* "none", "perfect", "noisy" */
int oco_coco_pred_kind_parse(const char *name, oco_coco_pred_kind *k);

typedef struct oco_coco_run_opts {
    oco_coco_pred_kind predictions; /* default none */
    double pred_noise;              /* σ of noisy predictions (>= 0, default 0.1) */
    uint64_t pred_seed;             /* default 1 */
    oco_coco_benchmark benchmark;   /* default per-round */
    int hindsight;                  /* 1: compute the comparator after the run (default 1) */
    /* Optional observer after round t: x_t, f_t(x_t), g_t(x_t) (k), and the
     * running sums. Non-zero return stops the run with that code. */
    int (*on_round)(void *ctx, size_t t, const double *x, double loss, const double *g,
                    double cum_loss, const double *cum_g, const oco_coco *alg);
    void *ctx;
    /* Optional outputs (k entries each, NULL = not wanted): consumption
     * Σ_t c_t(x_t) = Σ_t (g_t(x_t) + b_t) and budget B_T = Σ_t b_t. */
    double *consumption, *budget;
} oco_coco_run_opts;

oco_coco_run_opts oco_coco_run_opts_default(void);

typedef struct oco_coco_run_result {
    size_t T;                     /* rounds played */
    double loss;                  /* Σ_t f_t(x_t) */
    double comparator, comparator_gap; /* NaN/0 without hindsight */
    const char *comparator_method;
    double regret;                /* loss − comparator */
    double alpha;                 /* the problem's α (info.alpha; 1 = convex) */
    double alpha_regret;          /* loss − α·comparator (seed 003 (2)) */
    double violation;             /* ‖[Σ_t g_t(x_t) − B]₊‖₂ */
    double max_running_violation; /* max_t ‖[Σ_{s≤t} g_s(x_s) − B]₊‖₂ */
    double seconds, rounds_per_second, hindsight_seconds;
    size_t cost_calls, cons_calls; /* oracle queries by the algorithm */
} oco_coco_run_result;

/* Play the algorithm (fresh, round 0) on every round of p (rewound first).
 * constraint_sum (k entries, may be NULL) receives Σ_t g_t(x_t). The budget
 * is the algorithm's setup budget. OCO_EINFEASIBLE from the hindsight is
 * returned after the run fields are filled. */
int oco_coco_run(oco_coco *alg, oco_coco_problem *p, const oco_coco_run_opts *opts,
                 oco_coco_run_result *out, double *constraint_sum);

/* A setup from the problem's bounds and domain (T, d, k, G, L_g, g_max, F,
 * alpha, fixed_cons). budget stays NULL: for an OCO_COCO_CONSUMPTION
 * algorithm point it at oco_coco_problem_budget's B_T. */
void oco_coco_setup_from_problem(const oco_coco_problem *p, oco_coco_setup *setup);

/* B (k) = B_T = Σ_t b_t, the budget shares of the constraints
 * g_{t,j}(x) = c_{t,j}(x) − b_{t,j} summed over every round (a pre-pass:
 * rewinds before and after). */
int oco_coco_problem_budget(oco_coco_problem *p, double *B);

OCO_END_DECLS
#endif
