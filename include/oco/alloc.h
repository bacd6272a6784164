/* oco — the allocation protocol: context first, then decide.
 *
 * Round t: the order (c_t, a_t) is revealed, the policy proposes x̃_t ∈ {0,1},
 * the session applies the budget rule (soft: x_t = x̃_t; hard: x_t = 0 if a_t
 * does not fit the remaining budget) and tells the policy both. One vtable per
 * algorithm; the registry is a constant table. Per-round calls allocate
 * nothing. */
#ifndef OCO_ALLOC_H
#define OCO_ALLOC_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/algo.h"
#include "oco/params.h"
#include "oco/rng.h"

OCO_BEGIN_DECLS

typedef struct oco_olp_setup {
    size_t T;        /* horizon (> 0) */
    size_t m;        /* resources (> 0) */
    const double *b; /* total budget, length m, b >= 0; d = b/T */
    oco_rng *rng;    /* the generator of a randomized policy (info.flags has
                        OCO_ALGO_RANDOMIZED; required then), owned by the
                        caller and kept alive until the session is freed;
                        ignored (may be NULL) for deterministic policies */
} oco_olp_setup;

/* The vtable of an allocation policy. Entries marked optional may be NULL. */
typedef struct oco_olp_policy_type {
    oco_algo_info info; /* first member; info.protocol = OCO_PROTOCOL_OLP */
    /* Optional: validate setup and params beyond the wrapper's checks
     * (oco_olp_policy_check has checked the setup and the parameter table
     * already) without allocating; 0 or OCO_EINVAL with the reason. create
     * may assume it passed. */
    int (*check)(const oco_olp_setup *setup, const oco_param *params, size_t nparams);
    /* Allocate and initialise a state; NULL with oco_last_error() on failure. */
    void *(*create)(const oco_olp_setup *setup, const oco_param *params, size_t nparams);
    /* Optional: restart in place at round 0 (GSL's `set`): the policy's
     * learned state is cleared and its price set to y (length m, finite,
     * y >= 0), or to its initial price y_1 if y is NULL. Allocates nothing.
     * Without it, oco_olp_session_reset recreates the state (y must be NULL). */
    int (*reset)(void *state, const double *y);
    /* Propose x̃ ∈ {0,1} for order (c, a); `remaining` is the budget left
     * (length m; may be negative in soft mode). Must not change the state. */
    int (*decide)(const void *state, double c, const double *a, const double *remaining);
    /* Learn from the round: proposed x̃ and the x actually taken. 0, or a
     * negative OCO_E* code (e.g. a re-solve that failed) that the session
     * passes on, naming the round. */
    int (*update)(void *state, double c, const double *a, int proposed, int taken);
    /* Optional: current dual price y (length m), or NULL if none. */
    const double *(*dual)(const void *state);
    /* Optional: a short static label of the path that decides the NEXT order
     * ("explore", "exploit", "resolve", ...), for traces; the session reads it
     * before each decide (oco_olp_session_phase). */
    const char *(*phase)(const void *state);
    void (*destroy)(void *state);
} oco_olp_policy_type;

/* The built-in policies, as constants (no name lookup needed). */
extern const oco_olp_policy_type *const oco_olp_dual_subgradient;    /* seed 002, Alg. 1 */
extern const oco_olp_policy_type *const oco_olp_dual_multiplicative; /* fastLP "M" */
/* Re-solving baselines (olp_laau.md §1.11): they re-solve an LP on the orders
 * seen (CLP) and accept only orders that fit the remaining budget. */
extern const oco_olp_policy_type *const oco_olp_ahdl;              /* Li & Ye 2022 */
extern const oco_olp_policy_type *const oco_olp_wait_less_sqrt;    /* Wait-Less freq */
extern const oco_olp_policy_type *const oco_olp_wait_less_cbrt;    /* Wait-Less freq2 */
extern const oco_olp_policy_type *const oco_olp_dla;               /* Agrawal-Wang-Ye 2014 */
extern const oco_olp_policy_type *const oco_olp_one_time_learning; /* Agrawal-Wang-Ye 2014 */

/* The policy NAME (the registry of algo.h, protocol olp). NULL with
 * OCO_ENOTFOUND and a message listing the known names. */
const oco_olp_policy_type *oco_olp_policy_find(const char *name);
/* The policy of a registry entry; NULL with OCO_EINVAL if info is NULL or of
 * another protocol. */
const oco_olp_policy_type *oco_olp_policy_from_info(const oco_algo_info *info);

/* Everything oco_olp_session_new checks before it allocates: the setup (T, m,
 * b finite and >= 0, rng for a randomized policy), the parameter table and
 * the policy's own check. 0 or OCO_EINVAL with a message naming the bad field
 * or key. Allocates nothing (liblinear's check_parameter). */
int oco_olp_policy_check(const oco_olp_policy_type *type, const oco_olp_setup *setup,
                         const oco_param *params, size_t nparams);

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
 * state is unchanged; after T rounds returns OCO_ESTATE. *x gets 0 or 1. A
 * policy whose update fails (OCO_ESOLVER, ...) returns its code with a
 * message naming the round; the decision *x was taken and counted. */
int oco_olp_session_step(oco_olp_session *s, double c, const double *a, int *x);
/* Start again at round 0 with the full budget b, no reward, and the policy
 * restarted at price y (length m; NULL = its initial price). y != NULL needs
 * a policy with a reset entry (OCO_EINVAL otherwise). Not a per-round call:
 * without a reset entry the policy's state is recreated. */
int oco_olp_session_reset(oco_olp_session *s, const double *y);
const oco_olp_policy_type *oco_olp_session_type(const oco_olp_session *s);
/* The policy's label of the path that decided the last order (see `phase`);
 * NULL before the first round or if the policy has no phases. */
const char *oco_olp_session_phase(const oco_olp_session *s);
size_t oco_olp_session_round(const oco_olp_session *s);      /* rounds played */
const double *oco_olp_session_remaining(const oco_olp_session *s); /* b − Σ a_t x_t */
double oco_olp_session_reward(const oco_olp_session *s);     /* Σ c_t x_t */
size_t oco_olp_session_accepted(const oco_olp_session *s);
const double *oco_olp_session_dual(const oco_olp_session *s); /* NULL if none */

OCO_END_DECLS
#endif
