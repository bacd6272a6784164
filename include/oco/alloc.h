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
#include "oco/state.h"

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
    /* Learn from the round: `proposed` is decide's x̃; `taken` is the x of the
     * BASE rule: x̃ after the session's budget rule (hard: 0 if a does not
     * fit), but NOT after the zero-violation add-on (oco_olp_session_opts):
     * an order the add-on rejects is reported with taken = 1, so every
     * policy's price moves as if it had been accepted (olp_laau.md §1.9,
     * "dual update exactly as if accepted"), whichever of proposed/taken its
     * step uses. The add-on is thus invisible to update; only the session's
     * x, reward and remaining budget (the `remaining` of the next decide)
     * see it. A policy that tracks its own budget from `taken` tracks the
     * base rule's. 0, or a negative OCO_E* code (e.g. a re-solve that
     * failed) that the session passes on, naming the round. */
    int (*update)(void *state, double c, const double *a, int proposed, int taken);
    /* Optional: current dual price y (length m), or NULL if none. */
    const double *(*dual)(const void *state);
    /* Optional: a short static label of the path that decides the NEXT order
     * ("explore", "exploit", "resolve", ...), for traces; the session reads it
     * before each decide (oco_olp_session_phase). */
    const char *(*phase)(const void *state);
    void (*destroy)(void *state);
    /* Optional checkpoint entries (include/oco/state.h; issue 12). save writes
     * every field that changes after create, at full precision; restore is
     * called on a FRESH state made by create with the same setup and params
     * and overwrites only those fields. 0 or a negative OCO_E* code. */
    int (*save)(const void *state, oco_state_writer *w);
    int (*restore)(void *state, oco_state_reader *r);
} oco_olp_policy_type;

/* The built-in policies, as constants (no name lookup needed). */
extern const oco_olp_policy_type *const oco_olp_dual_subgradient;    /* seed 002, Alg. 1 */
extern const oco_olp_policy_type *const oco_olp_dual_multiplicative; /* fastLP "M" */
extern const oco_olp_policy_type *const oco_olp_one_path;  /* seed 002, Alg. 2 (counterexample) */
extern const oco_olp_policy_type *const oco_olp_decoupled; /* seed 002, Algs. 3-4, SGD learner */
extern const oco_olp_policy_type *const oco_olp_decoupled_assg;  /* Algs. 3 + 5 (ASSG) */
extern const oco_olp_policy_type *const oco_olp_decoupled_rassg; /* Algs. 3 + 6 (RASSG) */
extern const oco_olp_policy_type *const oco_olp_dmd_euclid;   /* Balseiro et al. DMD, DGD */
extern const oco_olp_policy_type *const oco_olp_dmd_entropic; /* Balseiro et al. DMD, MW */
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

/* The zero-violation add-on (olp_laau.md §1.9, seed 002 §B.10), a wrapper
 * the session puts around ANY policy. If the base rule has violation
 * v <= k·f(T) w.h.p., then, with d̲ = min_i b_i/T:
 *   for each resource i, reject the first q = ⌈(2k/d̲)·f(T)⌉ orders with
 *   a_ti > d̲/2 that the base rule (the policy's x̃, then the budget rule of
 *   hard_budget) would accept; f(T) = T^p (p = 1/3 for γ = 2).
 * Every rejected order saves > d̲/2 of resource i, q of them > k·f(T) >= v_i.
 * Several resources: an accepted order is rejected if a_ti > d̲/2 for at
 * least one resource i whose quota is not used up, and it counts against
 * EACH such resource (with a_ti > d̲/2 and quota left); resources whose quota
 * is used up neither block it nor are charged. The policy's update sees the
 * order as taken (see `update`), so its price path is the base rule's.
 * d̲ = 0 (some b_i = 0): q = T, i.e. every accepted order with a_ti > 0 is
 * rejected. q is capped at T.
 * k is tunable [D] (the notes leave it open). The default k = 3 is the
 * smallest of {0.5, 1, 1.5, 2, 2.5, 3} with violation 0 on 10 000 random
 * instances (types 1-10, m 1-3, T 200-400, soft budgets) around both
 * dual-subgradient and dual-multiplicative (k = 2 left 7 resp. 1 violated,
 * all type 6), and on those of tests/unit/test_olp_zero_violation.c. It is
 * not a guarantee for larger T: Algorithm 1 with alpha = 1/sqrt(T) violates
 * by O(sqrt(T)), more than k·T^{1/3}; at T = 3000 type 6 needed k = 6. The
 * price is regret up to (2·c̄·m·k/d̲)·f(T) (§1.9): at small T the quota q
 * can be a large share of T (type 6, T = 300: q = 161). */
#define OCO_OLP_ZERO_VIOLATION_K 3.0
#define OCO_OLP_ZERO_VIOLATION_EXPONENT (1.0 / 3.0) /* f(T) = T^{1/3}: γ = 2 [S] */

typedef struct oco_olp_session_opts {
    int hard_budget; /* 1: reject an order that does not fit (remaining >= a_t) */
    int zero_violation; /* 1: the zero-violation add-on (above); 0 (default): off */
    /* Its constants, read only when zero_violation is on; 0 = the default
     * (a zeroed struct gets the defaults). k: finite, > 0; exponent p of
     * f(T) = T^p: finite, in (0, 1]. Else oco_olp_session_new fails with
     * OCO_EINVAL naming the field. */
    double zero_violation_k;        /* 0 = OCO_OLP_ZERO_VIOLATION_K */
    double zero_violation_exponent; /* 0 = OCO_OLP_ZERO_VIOLATION_EXPONENT */
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
/* The zero-violation add-on: orders it rejected so far (0 when off), and its
 * per-resource quota q = ⌈(2k/d̲)·T^p⌉ (0 when off). */
size_t oco_olp_session_zero_violation_rejected(const oco_olp_session *s);
size_t oco_olp_session_zero_violation_quota(const oco_olp_session *s);
const double *oco_olp_session_dual(const oco_olp_session *s); /* NULL if none */

/* Checkpoint (include/oco/state.h), between rounds, at any round 0..T: the
 * session's round, accepted count, reward, remaining budget (m), the
 * zero-violation add-on's quota left per resource and rejected count (when
 * it is on), the phase label of the last round (oco_olp_session_phase
 * returns an equal string after the restore), the state of setup.rng if the
 * policy is randomized, then the policy's state (its save entry). The
 * re-solving policies (ahdl, wait-less-*, dla, one-time-learning) save the
 * orders seen and rebuild their warm-started LP on restore by replaying them
 * (the CLP basis cannot be saved), so restoring at round t costs their first
 * t rounds' re-solves. Head dims: T, m, hard_budget, zero-violation on/off,
 * its threshold d̲/2 (bits) and quota q, whether an rng is saved, and the
 * bits of the budget b (m). restore_state refuses (OCO_EINVAL) a state of
 * another policy, setup (T, m, b), options or params or library version, or
 * a corrupt/truncated file (OCO_EIO if it cannot be read), changing nothing;
 * on success the rest of the run is bit-identical to an uninterrupted one,
 * and for a randomized policy it also writes the saved rng state into the
 * session's setup.rng (the caller's rng). A policy without save/restore
 * entries: OCO_EINVAL "NAME: no checkpoint support". */
int oco_olp_session_save_state(const oco_olp_session *s, const char *path);
int oco_olp_session_restore_state(oco_olp_session *s, const char *path);

OCO_END_DECLS
#endif
