/* oco — the OCO protocol (DESIGN.md, "OCO (learner)"): online convex
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
 *     oco_learner *l = oco_learner_new(oco_learner_find("ogd"), &s, NULL, 0);
 *     for (t = 1..T) {
 *         oco_learner_predict(l, NULL, x);
 *         ... g = ∇f_t(x) ...
 *         oco_learner_update(l, g, NAN);
 *     }
 *     oco_learner_free(l);
 */
#ifndef OCO_LEARNER_H
#define OCO_LEARNER_H

#include <stddef.h>

#include "oco/domain.h"
#include "oco/params.h"

#ifdef __cplusplus
extern "C" {
#endif

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
} oco_learner_setup;

/* d = 0, domain = NULL, T = 0, G = 1, D = 0 (from the domain), L = 0,
 * lambda = 0, alpha = 0. */
oco_learner_setup oco_learner_setup_default(void);

/* ---- the vtable ----------------------------------------------------------- */
typedef struct oco_learner_type {
    const char *name;    /* CLI name, e.g. "optimistic-ogd" */
    const char *summary; /* one line */
    const char *source;  /* paper and equation, e.g. "seed 004, Lemma 10" */
    const char *derived; /* which parts are [D]/[R] ("" if none) */
    const oco_param_spec *params;
    size_t nparams;
    int anytime;         /* 1: works with T = 0 (does not need the horizon) */
    int optimistic;      /* 1: predict uses the hint (see "Hints" above) */
    unsigned domains;    /* bit mask of (1u << oco_domain_kind) the learner
                            accepts; 0 = any bounded domain */

    /* Allocate and initialise a state. `setup` has been validated by the
     * wrapper (d > 0, domain of dimension d, G > 0, D > 0 and finite — the
     * wrapper fills D from the domain —, T > 0 unless anytime) and `params`
     * checked against the table (known keys, finite values). NULL with
     * oco_last_error() on failure. The learner may keep setup->domain. */
    void *(*create)(const oco_learner_setup *setup, const oco_param *params, size_t nparams);

    /* Play x_t (length d, in X) given an optional hint (length d, finite;
     * NULL = default optimism). Called once per round before update. */
    int (*predict)(void *state, const double *hint, double *x);

    /* Learn from g_t = ∇f_t(x_t) (finite, length d) and, if known, the value
     * f_t(x_t) (NaN = unknown). */
    int (*update)(void *state, const double *g, double value);

    /* Optional (NULL = not provided): learn by querying the oracle of f_t
     * itself (at x_t, or at several points for multi-gradient methods). When
     * NULL the wrapper queries the oracle once at x_t and calls update. */
    int (*update_oracle)(void *state, oco_grad_oracle *oracle);

    /* Optional: bytes the state owns (for `oco list` and the benchmarks). */
    size_t (*memory)(const void *state);

    void (*destroy)(void *state);
} oco_learner_type;

/* ---- registry ------------------------------------------------------------- */
size_t oco_learner_count(void);
const oco_learner_type *oco_learner_at(size_t i); /* NULL if i >= count */
/* NULL with OCO_ENOTFOUND and a message listing the known names. */
const oco_learner_type *oco_learner_find(const char *name);

/* ---- the wrapper ---------------------------------------------------------- */
typedef struct oco_learner oco_learner;

/* Validate setup and params (message names the bad field or key), then
 * create. NULL on failure. */
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

const oco_learner_type *oco_learner_get_type(const oco_learner *l);
size_t oco_learner_dim(const oco_learner *l);
size_t oco_learner_round(const oco_learner *l);      /* completed rounds (updates) */
const double *oco_learner_last_x(const oco_learner *l); /* x of the last predict */
const oco_learner_setup *oco_learner_get_setup(const oco_learner *l); /* D filled in */
size_t oco_learner_memory(const oco_learner *l);     /* bytes, wrapper + state */

#ifdef __cplusplus
}
#endif
#endif
