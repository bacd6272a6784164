/* oco — the bandits-with-knapsacks protocol (bwk): K arms, one resource,
 * a long-term budget, bandit feedback (seed 003, Appendix D; llp_sarkar.md
 * §B.5).
 *
 * Round t (oblivious adversary: ℓ_t, c_t ∈ [0, 1]^K fixed in advance):
 *   1. distribution: the algorithm gives its sampling distribution p̃_t ∈ Δ_K;
 *   2. the wrapper draws I_t ~ p̃_t with the caller's oco_rng;
 *   3. update: the algorithm observes only ℓ_{t,I_t} and c_{t,I_t} (with
 *      p̃_{t,I_t}, for importance weighting).
 * The requirement is Σ_t c_{t,I_t} <= B (the budget B_T). Play continues to
 * T past the budget, as in the paper: the budget is a target the algorithm's
 * guarantee speaks about, not a hard stop.
 *
 * This is a protocol of its own, not a case of coco.h: the learner never
 * sees the functions of the round, only one arm's pair, and its decision is a
 * random arm, so neither the coco feedback nor its decision fits.
 *
 * The wrapper does the sampling, so every algorithm is a deterministic map
 * from the observed history to p̃_t, and the runner can also measure the
 * expected loss ⟨p̃_t, ℓ_t⟩. An algorithm allocates all its memory in create;
 * distribution and update allocate nothing.
 *
 * Typical use:
 *     oco_rng rng; oco_rng_seed(&rng, seed, 0);
 *     oco_bwk_setup s = oco_bwk_setup_default();
 *     s.K = K; s.T = T; s.budget = B; s.rng = &rng;
 *     oco_bwk *a = oco_bwk_new(oco_bwk_lyapunov_bwk, &s, NULL, 0);
 *     for (t = 1..T) {
 *         size_t arm;
 *         oco_bwk_pull(a, &arm);                 // I_t in 0..K-1
 *         oco_bwk_update(a, loss[t][arm], cost[t][arm]);
 *     }
 *     oco_bwk_free(a);
 */
#ifndef OCO_BWK_H
#define OCO_BWK_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/algo.h"
#include "oco/params.h"
#include "oco/rng.h"
#include "oco/state.h"

OCO_BEGIN_DECLS

typedef struct oco_bwk_setup {
    size_t K;      /* arms (>= 2) */
    size_t T;      /* horizon (> 0; 0 only for OCO_ALGO_ANYTIME algorithms) */
    double budget; /* B_T >= 0, finite: Σ_t c_{t,I_t} <= B_T is the target */
    oco_rng *rng;  /* draws I_t (required; the caller's, not copied) */
} oco_bwk_setup;

/* K = 0, T = 0, budget = 0, rng = NULL. */
oco_bwk_setup oco_bwk_setup_default(void);

/* ---- the vtable ------------------------------------------------------------ */
typedef struct oco_bwk_type {
    oco_algo_info info; /* first member; info.protocol = OCO_PROTOCOL_BWK */

    /* Optional: validate setup and params beyond the wrapper (no allocation). */
    int (*check)(const oco_bwk_setup *setup, const oco_param *params, size_t nparams);
    /* Allocate and initialise; setup validated, params checked. */
    void *(*create)(const oco_bwk_setup *setup, const oco_param *params, size_t nparams);
    /* Optional: restart at round 0 in place. */
    int (*reset)(void *state);
    /* p̃_t (K entries, >= 0, summing to 1) of the coming round. Called once per
     * round, before update; may do the round's work (e.g. a bisection). */
    int (*distribution)(void *state, double *p);
    /* The round's feedback: the pulled arm (0-based), the probability p̃_{t,arm}
     * it was drawn with, and its loss and cost (both in [0, 1]). */
    int (*update)(void *state, size_t arm, double prob, double loss, double cost);
    /* Optional: the current budget weight (e.g. e·Φ'(Q)/V of (55); for traces). */
    double (*multiplier)(const void *state);
    /* Optional: bytes owned by the state. */
    size_t (*memory)(const void *state);
    void (*destroy)(void *state);
    /* Checkpoint (include/oco/state.h): every field that changes after
     * create; restore is called on a fresh state made by create with the
     * same setup and params. */
    int (*save)(const void *state, oco_state_writer *w);
    int (*restore)(void *state, oco_state_reader *r);
} oco_bwk_type;

/* ---- the built-in algorithms, as constants (src/algorithms/bwk/) ---------- */
extern const oco_bwk_type *const oco_bwk_lyapunov_bwk; /* seed 003 Algorithm 2 */
extern const oco_bwk_type *const oco_bwk_sf_mab;       /* the scale-free MAB alone
                                                          (budget ignored) */
extern const oco_bwk_type *const oco_bwk_exp3;         /* EXP3 (budget ignored) */
extern const oco_bwk_type *const oco_bwk_lagrange_bwk; /* LagrangeBwK of Immorlica et al.
                                                          (primal-dual baseline) */

/* The bwk algorithm NAME (registry of algo.h); NULL + OCO_ENOTFOUND listing
 * the known names. */
const oco_bwk_type *oco_bwk_find(const char *name);
/* The bwk algorithm of a registry entry; NULL + OCO_EINVAL otherwise. */
const oco_bwk_type *oco_bwk_type_from_info(const oco_algo_info *info);

/* Everything oco_bwk_new checks before it allocates: K >= 2, T > 0 unless
 * anytime, budget finite and >= 0, rng present; the params and the
 * algorithm's own check. 0 or OCO_EINVAL naming the field or key. */
int oco_bwk_check(const oco_bwk_type *type, const oco_bwk_setup *setup, const oco_param *params,
                  size_t nparams);

/* ---- the wrapper ------------------------------------------------------------ */
typedef struct oco_bwk oco_bwk;

oco_bwk *oco_bwk_new(const oco_bwk_type *type, const oco_bwk_setup *setup,
                     const oco_param *params, size_t nparams);
void oco_bwk_free(oco_bwk *a); /* NULL is a no-op */

/* Round t: asks the algorithm for p̃_t, checks it (finite, >= 0, sums to 1
 * within 1e-9; OCO_ESOLVER otherwise, error.h having no numeric code),
 * draws I_t with setup.rng and writes it to *arm. OCO_ESTATE if called twice without an update, or past T for a
 * horizon-bound algorithm. */
int oco_bwk_pull(oco_bwk *a, size_t *arm);

/* The feedback of the pulled arm. OCO_EINVAL for loss or cost outside
 * [0, 1] or non-finite (state unchanged); OCO_ESTATE without a pull. */
int oco_bwk_update(oco_bwk *a, double loss, double cost);

/* p̃_t of the last pull (K entries). OCO_ESTATE before the first pull. */
int oco_bwk_last_distribution(const oco_bwk *a, double *p);

/* Restart at round 0 (the algorithm's reset entry, or recreate it). */
int oco_bwk_reset(oco_bwk *a);

const oco_bwk_type *oco_bwk_get_type(const oco_bwk *a);
const oco_bwk_setup *oco_bwk_get_setup(const oco_bwk *a);
size_t oco_bwk_round(const oco_bwk *a);         /* completed updates */
double oco_bwk_consumption(const oco_bwk *a);   /* Σ_s c_{s,I_s} so far */
size_t oco_bwk_memory(const oco_bwk *a);
/* The algorithm's current budget weight (its multiplier entry, e.g.
 * e·Φ'(Q(t))/V of seed 003 (55) for lyapunov-bwk), for traces; NaN if the
 * algorithm has none (or a is NULL). */
double oco_bwk_multiplier(const oco_bwk *a);

/* Checkpoint (include/oco/state.h): the algorithm's state, the wrapper's
 * round, consumption and pending pull, and the state of setup.rng. Head
 * dims: K, T, the budget's bits. restore_state refuses (OCO_EINVAL) a state
 * of another algorithm, dims, params, version, or a corrupt/truncated file
 * (OCO_EIO if it cannot be read), changing nothing; on success it also
 * writes the saved rng state into a's setup.rng (the caller's rng). */
int oco_bwk_save_state(const oco_bwk *a, const char *path);
int oco_bwk_restore_state(oco_bwk *a, const char *path);

OCO_END_DECLS
#endif
