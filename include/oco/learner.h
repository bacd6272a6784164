/* oco — the OCO protocol (a learner): online convex
 * optimisation with an optional hint.
 *
 * Round t:
 *   1. predict: the learner plays x_t ∈ X, optionally given a hint (optimism)
 *      M_t ∈ R^d, a guess of the coming gradient (universal.md §3: optimistic
 *      OMD plays x_t = argmin ⟨M_t, x⟩ + D_ψt(x, x̂_t));
 *   2. update: it observes g_t = ∇f_t(x_t) (and, if known, f_t(x_t)), or is
 *      handed a gradient oracle for f_t that it may query itself (the
 *      multi-gradient variant of universal.md §5.3 queries it at several
 *      points; every other learner queries it once, at x_t).
 *
 * predict and update strictly alternate, starting with predict. One vtable per
 * algorithm (`oco_learner_type`, a constant), one wrapper object
 * (`oco_learner`) that validates inputs at the boundary and enforces the
 * order, and a constant registry. A learner allocates all its memory in
 * create (its size is a function of d, T and the params only); predict and
 * update allocate nothing.
 *
 * Hints. A learner with `optimistic` = 1 uses the hint passed to predict; with
 * hint = NULL it falls back to its default optimism, which for the optimistic
 * learners of universal.md §3 is its own previous feedback gradient ∇_{t−1}
 * (m_1 = 0), i.e. "last gradient" optimism. Non-optimistic learners ignore the
 * hint.
 *
 * Typical use:
 *     oco_learner_setup s = oco_learner_setup_default();
 *     s.d = d; s.domain = dom; s.T = T; s.G = 1;
 *     oco_learner *l = oco_learner_new(oco_learner_ogd, &s, NULL, 0);
 *     for (t = 1..T) {
 *         oco_learner_predict(l, NULL, x);
 *         ... g = ∇f_t(x) ...
 *         oco_learner_update(l, g, NAN);
 *     }
 *     oco_learner_free(l);
 */
#ifndef OCO_LEARNER_H
#define OCO_LEARNER_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/algo.h"
#include "oco/domain.h"
#include "oco/params.h"
#include "oco/rng.h"
#include "oco/state.h"

OCO_BEGIN_DECLS

/* ---- gradient oracle ------------------------------------------------------
 * The first-order oracle of f_t for the current round. `fn` writes ∇f_t(x)
 * into g (length d) and, if value != NULL, f_t(x) into *value; it returns 0 or
 * a negative OCO_E* code. Every query goes through oco_grad_oracle_eval, which
 * counts it: the universal ensemble's "exactly T gradient calls" oracle
 * (universal.md §12.2 item 1) reads `calls`. The caller owns the struct and
 * may reset `calls` at will. */
typedef int (*oco_grad_fn)(void *ctx, const double *x, double *g, double *value);

typedef struct oco_grad_oracle {
    oco_grad_fn fn;
    void *ctx;
    size_t d;     /* dimension of x and g */
    size_t calls; /* number of oco_grad_oracle_eval calls so far */
} oco_grad_oracle;

/* Query the oracle at x: increments o->calls (even if fn fails), calls fn,
 * and returns OCO_EINVAL if the gradient (or the value, when requested) is
 * not finite. Allocates nothing. */
int oco_grad_oracle_eval(oco_grad_oracle *o, const double *x, double *g, double *value);

/* ---- setup ---------------------------------------------------------------- */
typedef struct oco_learner_setup {
    size_t d;                 /* dimension (> 0) */
    const oco_domain *domain; /* X, dimension d; NOT copied: keep it alive
                                 until the learner is freed */
    size_t T;                 /* horizon; 0 = unknown (only anytime learners) */
    double G;                 /* bound on ‖∇f_t(x)‖₂ (> 0, finite) */
    double D;                 /* bound on the diameter of X; 0 = take
                                 oco_domain_diameter(domain) (must be finite) */
    double L;                 /* smoothness ‖∇f(x) − ∇f(y)‖ ≤ L‖x − y‖ (A2);
                                 0 = unknown (used by the ensemble's constants) */
    double lambda;            /* strong convexity modulus (universal.md §1);
                                 0 = not given (learners that need it use their
                                 default or fail with a message) */
    double alpha;             /* exp-concavity modulus (§1 working definition);
                                 0 = not given */
    oco_rng *rng;             /* the generator of a randomized learner
                                 (OCO_ALGO_RANDOMIZED; required then), owned
                                 by the caller, kept alive until the learner
                                 is freed; ignored by deterministic learners */
} oco_learner_setup;

/* d = 0, domain = NULL, T = 0, G = 1, D = 0 (from the domain), L = 0,
 * lambda = 0, alpha = 0, rng = NULL. */
oco_learner_setup oco_learner_setup_default(void);

/* ---- the vtable ----------------------------------------------------------
 * Entries marked optional may be NULL. */
typedef struct oco_learner_type {
    oco_algo_info info;  /* first member; info.protocol = OCO_PROTOCOL_OCO;
                            info.flags: OCO_ALGO_ANYTIME (works with T = 0),
                            OCO_ALGO_OPTIMISTIC (predict uses the hint, see
                            "Hints" above), OCO_ALGO_RANDOMIZED */
    unsigned domains;    /* bit mask of (1u << oco_domain_kind) the learner
                            accepts; 0 = any bounded domain */

    /* Optional: validate setup and params beyond the wrapper's checks (see
     * oco_learner_check) without allocating; 0 or OCO_EINVAL with the reason.
     * create may assume it passed. */
    int (*check)(const oco_learner_setup *setup, const oco_param *params, size_t nparams);

    /* Allocate and initialise a state. `setup` has been validated by the
     * wrapper (d > 0, domain of dimension d, G > 0, D > 0 and finite — the
     * wrapper fills D from the domain —, T > 0 unless anytime) and `params`
     * checked against the table (known keys, finite values). NULL with
     * oco_last_error() on failure. The learner may keep setup->domain. */
    void *(*create)(const oco_learner_setup *setup, const oco_param *params, size_t nparams);

    /* Optional: restart in place at round 0 (GSL's `set`): the learned state
     * is cleared and the next predict plays x (length d, in X; checked by the
     * wrapper), or the learner's initial x_1 if x is NULL. Allocates nothing.
     * Without it, oco_learner_reset recreates the state (x must be NULL). */
    int (*reset)(void *state, const double *x);

    /* Play x_t (length d, in X) given an optional hint (length d, finite;
     * NULL = default optimism). Called once per round before update. */
    int (*predict)(void *state, const double *hint, double *x);

    /* Learn from g_t = ∇f_t(x_t) (finite, length d) and, if known, the value
     * f_t(x_t) (NaN = unknown). */
    int (*update)(void *state, const double *g, double value);

    /* Optional: learn by querying the oracle of f_t itself (at x_t, or at
     * several points for multi-gradient methods). When NULL the wrapper
     * queries the oracle once at x_t and calls update. */
    int (*update_oracle)(void *state, oco_grad_oracle *oracle);

    /* Optional: bytes the state owns (for `oco list` and the benchmarks). */
    size_t (*memory)(const void *state);

    void (*destroy)(void *state);

    /* Checkpoint (include/oco/state.h), optional for a user-defined learner
     * (oco_learner_save_state then fails with OCO_EINVAL), present in every
     * built-in one. save writes every field that changes after create, at
     * full precision, sub-learners included; restore is called on a FRESH
     * state made by create with the same setup and params and overwrites
     * those fields (on failure the wrapper discards that state). */
    int (*save)(const void *state, oco_state_writer *w);
    int (*restore)(void *state, oco_state_reader *r);
} oco_learner_type;

/* ---- the built-in learners, as constants (no name lookup needed) --------- */
extern const oco_learner_type *const oco_learner_ogd;
extern const oco_learner_type *const oco_learner_optimistic_ogd;
extern const oco_learner_type *const oco_learner_ons;
extern const oco_learner_type *const oco_learner_optimistic_ons;
extern const oco_learner_type *const oco_learner_adagrad;
extern const oco_learner_type *const oco_learner_hedge;
extern const oco_learner_type *const oco_learner_optimistic_hedge;
extern const oco_learner_type *const oco_learner_msmwc;
extern const oco_learner_type *const oco_learner_universal;
extern const oco_learner_type *const oco_learner_universal_multigrad;
extern const oco_learner_type *const oco_learner_adapt_ml_prod;
extern const oco_learner_type *const oco_learner_maler;
extern const oco_learner_type *const oco_learner_metagrad;

/* The learner NAME (the registry of algo.h, protocol oco). NULL with
 * OCO_ENOTFOUND and a message listing the known names. */
const oco_learner_type *oco_learner_find(const char *name);
/* The learner of a registry entry; NULL with OCO_EINVAL if info is NULL or
 * of another protocol. */
const oco_learner_type *oco_learner_type_from_info(const oco_algo_info *info);

/* Everything oco_learner_new checks before it allocates: the setup (d,
 * domain of dimension d and of a kind the learner accepts, bounded; G > 0;
 * D, L, lambda, alpha finite and >= 0; T > 0 unless anytime; rng for a
 * randomized learner), the parameter table and the learner's own check. 0 or
 * OCO_EINVAL with a message naming the bad field or key. Allocates nothing. */
int oco_learner_check(const oco_learner_type *type, const oco_learner_setup *setup,
                      const oco_param *params, size_t nparams);

/* ---- the wrapper ---------------------------------------------------------- */
typedef struct oco_learner oco_learner;

/* oco_learner_check, then create. NULL on failure. */
oco_learner *oco_learner_new(const oco_learner_type *type, const oco_learner_setup *setup,
                             const oco_param *params, size_t nparams);
void oco_learner_free(oco_learner *l); /* NULL is a no-op */

/* Play x_t into x (length d). hint may be NULL. Errors, with the state
 * unchanged: OCO_EINVAL (non-finite hint), OCO_ESTATE (two predicts without an
 * update, or round T+1 of a learner that needs the horizon). */
int oco_learner_predict(oco_learner *l, const double *hint, double *x);

/* Feed g_t = ∇f_t(x_t). value = f_t(x_t) or NaN. Errors, with the state
 * unchanged: OCO_EINVAL (non-finite g), OCO_ESTATE (no predict before). */
int oco_learner_update(oco_learner *l, const double *g, double value);

/* Feed f_t through its oracle (see update_oracle above). The oracle's
 * dimension must be d. */
int oco_learner_update_oracle(oco_learner *l, oco_grad_oracle *oracle);

/* Start again at round 0: the next predict plays x (length d, in X up to
 * 1e-9 per constraint), or the learner's initial x_1 if x is NULL. x != NULL needs
 * a learner with a reset entry (OCO_EINVAL otherwise). Not a per-round call:
 * without a reset entry the state is recreated. */
int oco_learner_reset(oco_learner *l, const double *x);

/* Checkpoint and resume (include/oco/state.h): save the learner's whole
 * state, at any point of the round cycle (also between predict and
 * update), to `path` (written atomically), and restore it into a learner made
 * by oco_learner_new with the same type, setup and parameters; the rest of
 * the run is then bit-identical to an uninterrupted one. The header's
 * dimensions are, in this order: d, T, the domain's kind, a hash of its
 * size parameters (centre, diameter, box bounds), whether setup.rng is set,
 * then the bits of G, D (as filled in), L, lambda and alpha; its parameters
 * are the ones given to oco_learner_new. The payload is the wrapper's round,
 * predict flag and last x_t, then the state of setup.rng if the setup has
 * one, then the learner's own (its save entry). A restore writes the saved
 * generator state back into the restoring learner's setup.rng, the
 * caller's generator. Errors: OCO_EIO (cannot open or write), OCO_EINVAL (a
 * state of another learner, setup, parameters or library version, a
 * truncated or corrupted file, or a learner type without save/restore
 * entries), OCO_ENOMEM; on any error the learner and its rng are
 * unchanged. */
int oco_learner_save_state(const oco_learner *l, const char *path);
int oco_learner_restore_state(oco_learner *l, const char *path);

const oco_learner_type *oco_learner_get_type(const oco_learner *l);
size_t oco_learner_dim(const oco_learner *l);
size_t oco_learner_round(const oco_learner *l);      /* completed rounds (updates) */
const double *oco_learner_last_x(const oco_learner *l); /* x of the last predict */
const oco_learner_setup *oco_learner_get_setup(const oco_learner *l); /* D filled in */
size_t oco_learner_memory(const oco_learner *l);     /* bytes, wrapper + state */

OCO_END_DECLS
#endif
