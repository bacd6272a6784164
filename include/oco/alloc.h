/* oco — the allocation protocol (DESIGN.md): context first, then decide.
 *
 * Round t: the order (c_t, a_t) is revealed, the policy proposes x̃_t ∈ {0,1},
 * the session applies the budget rule (soft: x_t = x̃_t; hard: x_t = 0 if a_t
 * does not fit the remaining budget) and tells the policy both. One vtable per
 * algorithm; the registry is a constant table. Per-round calls allocate
 * nothing. */
#ifndef OCO_ALLOC_H
#define OCO_ALLOC_H

#include <stddef.h>

#include "oco/params.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct oco_olp_setup {
    size_t T;        /* horizon (> 0) */
    size_t m;        /* resources (> 0) */
    const double *b; /* total budget, length m, b >= 0; d = b/T */
} oco_olp_setup;

typedef struct oco_olp_policy_type {
    const char *name;    /* CLI name, e.g. "dual-subgradient" */
    const char *summary; /* one line */
    const char *source;  /* paper and equation, e.g. "seed 002, Algorithm 1" */
    const char *derived; /* which parts are [D]/[R] ("" if none) */
    const oco_param_spec *params;
    size_t nparams;
    /* Allocate and initialise a state; NULL with oco_last_error() on failure.
     * Params were checked against `params` already. */
    void *(*create)(const oco_olp_setup *setup, const oco_param *params, size_t nparams);
    /* Propose x̃ ∈ {0,1} for order (c, a); `remaining` is the budget left
     * (length m; may be negative in soft mode). Must not change the state. */
    int (*decide)(const void *state, double c, const double *a, const double *remaining);
    /* Learn from the round: proposed x̃ and the x actually taken. */
    void (*update)(void *state, double c, const double *a, int proposed, int taken);
    /* Current dual price y (length m) if the policy has one, else NULL. */
    const double *(*dual)(const void *state);
    void (*destroy)(void *state);
} oco_olp_policy_type;

/* Registry: all built-in policies. */
size_t oco_olp_policy_count(void);
const oco_olp_policy_type *oco_olp_policy_at(size_t i);
/* NULL with OCO_ENOTFOUND and a message listing the known names. */
const oco_olp_policy_type *oco_olp_policy_find(const char *name);

/* A live decision session: a policy, its remaining budget and its round. The
 * runner and `oco stream` both drive one, so they make the same decisions. */
typedef struct oco_olp_session oco_olp_session;

typedef struct oco_olp_session_opts {
    int hard_budget; /* 1: reject an order that does not fit (remaining >= a_t) */
} oco_olp_session_opts;

oco_olp_session *oco_olp_session_new(const oco_olp_policy_type *type, const oco_olp_setup *setup,
                                     const oco_param *params, size_t nparams,
                                     const oco_olp_session_opts *opts);
void oco_olp_session_free(oco_olp_session *s);
/* One round. On invalid input (non-finite c or a) returns OCO_EINVAL and the
 * state is unchanged; after T rounds returns OCO_ESTATE. *x gets 0 or 1. */
int oco_olp_session_step(oco_olp_session *s, double c, const double *a, int *x);
size_t oco_olp_session_round(const oco_olp_session *s);      /* rounds played */
const double *oco_olp_session_remaining(const oco_olp_session *s); /* b − Σ a_t x_t */
double oco_olp_session_reward(const oco_olp_session *s);     /* Σ c_t x_t */
size_t oco_olp_session_accepted(const oco_olp_session *s);
const double *oco_olp_session_dual(const oco_olp_session *s); /* NULL if none */

#ifdef __cplusplus
}
#endif
#endif
