/* oco — the bandits-with-knapsacks runner: plays a bwk algorithm (bwk.h)
 * against an instance (bwk_problem.h) through all T rounds, past the budget
 * as in seed 003 Appendix D (the budget is the target of the algorithm's
 * guarantee, not a hard stop), and measures its loss, consumption, pulls per
 * arm, the expected loss Σ_t ⟨p̃_t, ℓ_t⟩ of its distributions, and the
 * exact benchmark (54) after the run.
 *
 * Round t: the instance's next round (ℓ_t, c_t); oco_bwk_pull draws
 * I_t ~ p̃_t with the algorithm's rng; the runner reads ℓ_{t,I_t},
 * c_{t,I_t} and feeds only those (bandit feedback) through oco_bwk_update;
 * p̃_t (oco_bwk_last_distribution) gives the expected loss. Allocation-free
 * per round. */
#ifndef OCO_BWK_RUNNER_H
#define OCO_BWK_RUNNER_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/bwk.h"
#include "oco/bwk_problem.h"

OCO_BEGIN_DECLS

typedef struct oco_bwk_run_opts {
    int benchmark; /* 1: compute the benchmark after the run (default 1) */
    /* Optional observer after round t (1-based): the pulled arm (0-based),
     * its loss and cost, p̃_t (K), and the running sums. Non-zero return
     * stops the run with that code. */
    int (*on_round)(void *ctx, size_t t, size_t arm, double loss, double cost, const double *p,
                    double cum_loss, double cum_cost, const oco_bwk *alg);
    void *ctx;
} oco_bwk_run_opts;

oco_bwk_run_opts oco_bwk_run_opts_default(void);

typedef struct oco_bwk_run_result {
    size_t T;             /* rounds played */
    double loss;          /* Σ_t ℓ_{t,I_t} */
    double consumption;   /* Σ_t c_{t,I_t} */
    double expected_loss; /* Σ_t ⟨p̃_t, ℓ_t⟩ */
    double budget;        /* B of the algorithm's setup */
    double benchmark;     /* the value of (54); NaN without it or if infeasible */
    double benchmark_consumption; /* ⟨p*, Σ_t c_t⟩ */
    double regret;        /* loss − benchmark */
    double seconds, pulls_per_second, benchmark_seconds;
} oco_bwk_run_result;

/* Play the algorithm (fresh: round 0; its setup's K equal to the
 * instance's, its T >= the instance's unless anytime) on every round of p
 * (rewound first). pulls (K, may be NULL) receives the pulls per arm, pstar
 * (K, may be NULL) the benchmark's distribution p*. OCO_EINFEASIBLE from the
 * benchmark (min_i Σ_t c_{t,i} > B) is returned after the run's fields are
 * filled (benchmark and regret NaN). */
int oco_bwk_run(oco_bwk *alg, oco_bwk_problem *p, const oco_bwk_run_opts *opts,
                oco_bwk_run_result *out, size_t *pulls, double *pstar);

/* K and T from the instance; budget and rng left as in *setup's default. */
void oco_bwk_setup_from_problem(const oco_bwk_problem *p, oco_bwk_setup *setup);

OCO_END_DECLS
#endif
