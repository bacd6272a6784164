/* oco — the generic OCO runner: plays a learner (include/oco/learner.h)
 * against a loss sequence (include/oco/losses.h) and measures it.
 *
 * Round t: x_t = predict(NULL hint); f_t(x_t) is evaluated by the runner
 * (not a gradient call); the learner is then updated through a counting
 * gradient oracle bound to f_t (oco_learner_update_oracle), so
 * `grad_calls` is exactly the number of gradient queries the learner made
 * (T for every one-gradient learner; universal.md §12.2 item 1). */
#ifndef OCO_OCO_RUNNER_H
#define OCO_OCO_RUNNER_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/learner.h"
#include "oco/losses.h"

OCO_BEGIN_DECLS

typedef struct oco_learner_run_opts {
    /* Optional per-round observer, called after round t with x_t, f_t(x_t)
     * and Σ_{s≤t} f_s(x_s). A non-zero return stops the run with that code. */
    int (*on_round)(void *ctx, size_t t, const double *x, double loss, double cum_loss);
    void *ctx;
    int hindsight; /* 1: compute the comparator and V_T after the run (replays
                      the sequence; default 1) */
} oco_learner_run_opts;

oco_learner_run_opts oco_learner_run_opts_default(void);

typedef struct oco_learner_run_result {
    size_t T;            /* rounds played */
    double loss;         /* Σ_t f_t(x_t) (compensated sum) */
    double comparator;   /* F* = min_{x∈X} Σ_t f_t(x) (NaN without hindsight) */
    double comparator_gap; /* certified accuracy of F* (0 when exact) */
    double regret;       /* loss − comparator */
    double VT;           /* gradient variation (exact or bound, see vt_exact) */
    int vt_exact;
    size_t grad_calls;   /* gradient-oracle queries by the learner */
    double seconds;      /* wall time of the T rounds (learner + generating and
                            evaluating the losses), without the hindsight */
    double rounds_per_second;
    double hindsight_seconds;
} oco_learner_run_result;

/* Play the learner (fresh: round 0) on every round of seq (rewound first).
 * On error returns the code; rounds completed so far are in out->T. */
int oco_learner_run(oco_learner *l, oco_loss_seq *seq, const oco_learner_run_opts *opts,
                    oco_learner_run_result *out);

/* Fill a learner setup from the sequence's valid bounds (d, T, G, L, λ, α)
 * and its domain; D = 0 (the learner takes the domain's diameter). */
void oco_learner_setup_from_losses(const oco_loss_seq *seq, const oco_domain *dom,
                                   oco_learner_setup *setup);

OCO_END_DECLS
#endif
