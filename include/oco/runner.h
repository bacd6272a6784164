/* oco — plays a policy against an environment and records metrics; runs
 * independent jobs in parallel with results independent of the thread count. */
#ifndef OCO_RUNNER_H
#define OCO_RUNNER_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/alloc.h"
#include "oco/olp.h"

OCO_BEGIN_DECLS

/* Metrics of olp_laau.md §1.1 (the paper's definitions). */
typedef struct oco_olp_metrics {
    double reward;     /* Σ c_t x_t */
    double violation;  /* ‖(A x − b)_+‖₂ */
    size_t accepted;   /* Σ x_t */
    double seconds;    /* wall time of the decision loop */
    double decisions_per_second;
} oco_olp_metrics;

typedef struct oco_olp_run_opts {
    oco_olp_session_opts session; /* budget rule and zero-violation add-on (alloc.h) */
    /* Optional per-round observer (e.g. a CSV trace writer): called after
     * round t (0-based) with the order and the decision x; the session gives
     * the state after the round (oco_olp_session_remaining, _dual = the price
     * of the next order, _phase = the path that decided this one). A non-zero
     * return stops the run with that code. */
    int (*on_round)(void *ctx, const oco_olp_session *s, size_t t, double c, const double *a,
                    int x);
    void *ctx;
    oco_rng *rng; /* the generator of a randomized policy (setup.rng of alloc.h);
                     NULL for deterministic ones */
} oco_olp_run_opts;

/* Play `type` (with params) on every order of `inst`. `decisions` (length T,
 * may be NULL) receives each x_t; `remaining` (length m, may be NULL) the
 * final b − A x. */
int oco_olp_run(const oco_olp_policy_type *type, const oco_param *params, size_t nparams,
                const oco_olp_instance *inst, const oco_olp_run_opts *opts,
                unsigned char *decisions, double *remaining, oco_olp_metrics *out);

/* Run fn(ctx, job) for job = 0..njobs-1 on up to `threads` threads (0 = all
 * cores). Each job must write only its own slot of ctx and derive its
 * randomness from its index, so results do not depend on `threads`. Returns
 * the error of the lowest-numbered failing job (its message is re-raised on
 * the calling thread), or OCO_OK. */
typedef int (*oco_job_fn)(void *ctx, size_t job);
int oco_jobs_run(size_t njobs, int threads, oco_job_fn fn, void *ctx);

OCO_END_DECLS
#endif
