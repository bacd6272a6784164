/* oco — bandits-with-knapsacks instances: K arms, per round a loss vector
 * ℓ_t ∈ [0, 1]^K and a cost (consumption) vector c_t ∈ [0, 1]^K, fixed in
 * advance (an oblivious adversary, seed 003 Appendix D), and the exact
 * hindsight benchmark (54) of seed 003.
 *
 * An instance is a rewindable sequence of rounds. Generated kinds draw the
 * rounds in order from an oco_rng stream of `seed` (constants of the kind
 * from stream 1 of the same seed); rewind restarts the same sequence bit for
 * bit, so the benchmark replays instead of storing. File instances hold their
 * rows.
 *
 * Kinds (CLI names; the exact generators are documented in
 * src/problems/bwk_gen.c):
 *   stochastic   i.i.d. rounds: arm i has a fixed loss mean μ_i and cost mean
 *                κ_i; ℓ_{t,i} ~ Bernoulli(μ_i), c_{t,i} ~ Bernoulli(κ_i).
 *                PROJECT CHOICE [D]: cheap arms are lossy (κ_i shrinks with
 *                μ_i) so that the budget binds; arm K is a free arm (cost 0,
 *                a high loss mean) so that every budget B >= 0 is feasible.
 *   adversarial  oblivious and non-stationary: T is split into 4 phases; in
 *                each phase a different arm is the good (low-loss, costly)
 *                one, so the best fixed distribution of each phase differs
 *                from the best over the horizon; arm K is free (cost 0).
 *                PROJECT CHOICE [D].
 *   lower-bound  seed 003 Theorem 5 (proof in its Appendix B), after
 *                Immorlica et al. (2022) Construction 8.7: K = 2, T split
 *                into n phases; arm 1 consumes 1 per round and pays the
 *                reward r_j of its phase j up to and including phase k, 0
 *                afterwards; arm 2 is null (reward 0, consumption 0). Losses
 *                are written ℓ = 1 − r (so arm 2 has loss 1). r_j = 2^{j−n}
 *                (increasing in j; the seed leaves the formula blank: [D]),
 *                n = max(1, ⌊log2 T⌋) phases by default, k drawn uniformly
 *                in 1..n from stream 1 of the seed (or set in the options).
 *   (file)       rows of a CSV file "l1,...,lK,c1,...,cK", values in [0, 1]. */
#ifndef OCO_BWK_PROBLEM_H
#define OCO_BWK_PROBLEM_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

OCO_BEGIN_DECLS

typedef enum oco_bwk_problem_kind {
    OCO_BWK_PROBLEM_STOCHASTIC = 0,
    OCO_BWK_PROBLEM_ADVERSARIAL,
    OCO_BWK_PROBLEM_LOWER_BOUND,
    OCO_BWK_PROBLEM_DATA
} oco_bwk_problem_kind;

/* "stochastic", "adversarial", "lower-bound", "data". */
const char *oco_bwk_problem_kind_name(oco_bwk_problem_kind kind);
/* OCO_ENOTFOUND listing the known names. */
int oco_bwk_problem_kind_parse(const char *name, oco_bwk_problem_kind *kind);

typedef struct oco_bwk_problem_opts {
    oco_bwk_problem_kind kind; /* default stochastic */
    size_t K;                  /* arms (>= 1; lower-bound: 2) */
    size_t T;                  /* rounds (> 0) */
    uint64_t seed;             /* default 1 */
    /* lower-bound only: the number of phases n (0 = max(1, ⌊log2 T⌋); at
     * most T) and the last paying phase k (0 = drawn from the seed; else
     * 1..n). */
    size_t phases, phase_k;
} oco_bwk_problem_opts;

/* stochastic, K = 2, T = 1000, seed 1, phases = phase_k = 0. */
oco_bwk_problem_opts oco_bwk_problem_opts_default(void);

typedef struct oco_bwk_problem oco_bwk_problem;

/* A generated instance. NULL + OCO_EINVAL naming the field. */
oco_bwk_problem *oco_bwk_problem_new(const oco_bwk_problem_opts *opts);

/* An instance file: CSV with the header "l1,...,lK,c1,...,cK" (K >= 1 from
 * the header), then one round per line, every value a finite decimal in
 * [0, 1]. Errors (OCO_EPARSE/OCO_EIO) name path:line:column. */
oco_bwk_problem *oco_bwk_problem_from_csv(const char *path);

void oco_bwk_problem_free(oco_bwk_problem *p); /* NULL is a no-op */

oco_bwk_problem_kind oco_bwk_problem_get_kind(const oco_bwk_problem *p);
size_t oco_bwk_problem_arms(const oco_bwk_problem *p);
size_t oco_bwk_problem_horizon(const oco_bwk_problem *p);
uint64_t oco_bwk_problem_seed(const oco_bwk_problem *p);
/* "stochastic", ..., or "file:<path>". */
const char *oco_bwk_problem_label(const oco_bwk_problem *p);
/* lower-bound: n phases, the last paying phase k, and phase j's reward
 * r_j = 2^{j−n} (j = 1..n). OCO_EINVAL for other kinds. */
int oco_bwk_problem_lower_bound(const oco_bwk_problem *p, size_t *phases, size_t *k);
double oco_bwk_problem_lower_bound_reward(const oco_bwk_problem *p, size_t j);
/* lower-bound: the phase (1..n) of round t (1..T); 0 otherwise. */
size_t oco_bwk_problem_phase_of(const oco_bwk_problem *p, size_t t);

void oco_bwk_problem_rewind(oco_bwk_problem *p);
/* Generate round t+1; OCO_ESTATE after T. Allocates nothing. */
int oco_bwk_problem_next(oco_bwk_problem *p);
size_t oco_bwk_problem_round(const oco_bwk_problem *p); /* rounds since rewind */
/* The current round's ℓ_t and c_t (K each; valid until the next next/rewind). */
const double *oco_bwk_problem_losses(const oco_bwk_problem *p);
const double *oco_bwk_problem_costs(const oco_bwk_problem *p);

/* ---- the benchmark (seed 003 (54)) ------------------------------------------
 *   min over p ∈ Δ_K of Σ_t ⟨p, ℓ_t⟩  s.t.  Σ_t ⟨p, c_t⟩ <= B,
 * a linear program in p alone after aggregating L = Σ_t ℓ_t and C = Σ_t c_t:
 * K variables and 2 rows (Σp = 1, ⟨p, C⟩ <= B), solved by CLP. Feasible iff
 * min_i C_i <= B; otherwise OCO_EINFEASIBLE with a message (never a silent
 * number). */
typedef struct oco_bwk_benchmark {
    double value;     /* Σ_t ⟨p*, ℓ_t⟩ = ⟨p*, L⟩ */
    double consumption; /* ⟨p*, C⟩ (<= B up to the LP tolerance) */
    const char *method; /* "lp" */
    int iterations;
    double seconds;
} oco_bwk_benchmark;

/* From the sums L, C (K each, finite, >= 0) and B (finite, >= 0); pstar (K,
 * may be NULL) receives p* (>= 0, summing to 1). */
int oco_bwk_benchmark_from_sums(const double *L, const double *C, size_t K, double budget,
                                double *pstar, oco_bwk_benchmark *out);
/* One replay of the instance (oco_bwk_problem_sums; O(TK)), then the
 * above. */
int oco_bwk_problem_benchmark(oco_bwk_problem *p, double budget, double *pstar,
                              oco_bwk_benchmark *out);
/* L = Σ_t ℓ_t and C = Σ_t c_t by one replay (rewound before and after). */
int oco_bwk_problem_sums(oco_bwk_problem *p, double *L, double *C);

OCO_END_DECLS
#endif
