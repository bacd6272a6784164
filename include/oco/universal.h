/* oco — universal online learning with gradient variation (seed 004: Yan,
 * Zhao, Zhou, NeurIPS 2023, Algorithm 1).
 *
 * A three-layer ensemble: N optimistic base learners (strongly convex,
 * exp-concave and convex, one per curvature in the pool H of §2) → K
 * MsMwC-Mid layers (step 2η_k) → one MsMwC-Top (steps η_k), with the
 * universal optimism and the cascaded λ1/λ2 corrections of §6 and one
 * gradient per round through the surrogates of §8 (Theorem 2). The
 * multi-gradient variant (Theorem 1) feeds each base ∇f_t at its own point.
 *
 * Bases are shared across the mids (§0: their iterates do not depend on k),
 * so only N distinct bases run; `share = 0` builds the K·N bases of the paper
 * (same iterates, for the sharing test of §12.1).
 *
 * The object API below is what the learner types "universal" and
 * "universal-multigrad" (include/oco/learner.h) wrap; tests and benchmarks
 * use it directly to read the weights and diagnostics. */
#ifndef OCO_UNIVERSAL_H
#define OCO_UNIVERSAL_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/learner.h"
#include "oco/params.h"

OCO_BEGIN_DECLS

/* Presets (every constant can still be overridden by its parameter):
 *  - practical (default): the §7.3 constants (C0 = 32, λ1 = max(L, 1),
 *    λ2 = 2λ1, γ = max(8G², λ2)) AND the adaptive scale S_t [D]
 *    (param adaptive_scale, see universal.c): with the fixed worst-case
 *    S = GD + λ2D² of §6.3 the meta layers barely move for T ≲ 10⁶, so the
 *    ensemble behaves like the uniform mixture of its bases. Not covered by
 *    the paper's analysis: this γ breaks the §7.1 cancellation rules, and a
 *    changing S_t is outside the fixed-step Lemma 2;
 *  - theory: the minimal constants of §7.1 + §7.2, fixed S (exactly the
 *    paper; use for invariant tests; weights hardly move);
 *  - scaled: the §7.1 relations at a small scale (§7.3 last item), fixed S. */
enum {
    OCO_UNIVERSAL_PRACTICAL = 0, /* §7.3 "plausible practical start" (default) */
    OCO_UNIVERSAL_THEORY = 1,    /* §7.1 + §7.2 minimal constants, exactly */
    OCO_UNIVERSAL_SCALED = 2     /* §7.3 last item: §7.1 relations kept, small scale */
};

typedef struct oco_universal_consts {
    double C0;        /* η_k = 1/(C0·2^k) */
    double lambda1;   /* top correction */
    double lambda2;   /* mid correction */
    double gamma_c;   /* γ of the convex base (optimistic OGD) */
    double gamma_sc;  /* γ of the strongly convex bases */
    double gamma_exp; /* γ of the exp-concave bases (optimistic ONS) */
    double S;         /* scale of the meta losses: G·D + λ2·D² (§6.3) */
} oco_universal_consts;

/* The constants of a preset for (G, D, L) > 0 (L >= 0). seed_gamma_exp = 1
 * uses the seed's exp-concave rule γ ≥ 8G² + λ2 in the theory preset instead
 * of the corrected γ ≥ 4λ2 + 8G² (§7.1 warning). 0 or OCO_EINVAL. */
int oco_universal_constants(int preset, double G, double D, double L, int seed_gamma_exp,
                            oco_universal_consts *out);

/* The parameter table shared by "universal" and "universal-multigrad". */
const oco_param_spec *oco_universal_param_specs(size_t *n);

enum { OCO_BASE_SC = 0, OCO_BASE_EXP = 1, OCO_BASE_CVX = 2 };

typedef struct oco_universal_info {
    size_t d, T;
    size_t N;         /* distinct base configurations */
    size_t K;         /* number of mids */
    size_t nbases;    /* base learner objects: N (shared) or K·N */
    size_t H;         /* curvature pool size |H| */
    int preset, multigrad, shared, clamp;
    int adaptive_scale; /* 1: data-dependent S_t ≤ S (see the param table) */
    double G, D, L, bias;
    double max_step;  /* largest MsMwC coordinate step, max(2η_1, η_1) = 1/C0
                         (Lemma 2 needs ≤ 1/32); fixed at construction */
    oco_universal_consts c;
} oco_universal_info;

/* Diagnostics accumulated over the rounds (§12.2 item 4). */
typedef struct oco_universal_diag {
    size_t rounds;
    size_t clamps;             /* scaled losses/optimisms clipped to [−1, 1] */
    size_t clamped_rounds;     /* rounds with at least one clip */
    double max_abs_scaled;     /* largest |ℓ′|, |m′| before clipping */
    /* Lemma 3: max over k of |(ℓ′_k − m′_k) − Σ_i p_{k,i}(ℓ′_{k,i} − m′_{k,i})|
     * on the scaled values the layers used (after clipping), over the
     * rounds without a clip (rounding) and over those with one (may be O(1)) */
    double max_lemma3_residual;
    double max_lemma3_residual_clipped;
    size_t grad_calls;         /* oracle queries made through update_oracle */
    double S;                  /* the scale of the last round (c.S if fixed) */
} oco_universal_diag;

typedef struct oco_universal oco_universal;

/* setup as for oco_learner_new (validated here too: d, domain, T > 0,
 * G > 0, D = 0 → the domain's diameter); params from
 * oco_universal_param_specs. multigrad = 1 builds the Theorem 1 variant.
 * NULL with oco_last_error() on failure. */
oco_universal *oco_universal_new(const oco_learner_setup *setup, const oco_param *params,
                                 size_t nparams, int multigrad);
void oco_universal_free(oco_universal *u);

/* Play x_t (length d). */
int oco_universal_predict(oco_universal *u, double *x);
/* Efficient version: learn from g_t = ∇f_t(x_t) only (surrogates of §8).
 * OCO_ESTATE for the multi-gradient variant (it needs the oracle). */
int oco_universal_update(oco_universal *u, const double *g);
/* Efficient: one oracle call at x_t. Multi-gradient: one at x_t (for the
 * meta losses) plus one at every distinct base point (N, or K·N unshared). */
int oco_universal_update_oracle(oco_universal *u, oco_grad_oracle *oracle);

const oco_universal_info *oco_universal_get_info(const oco_universal *u);
const oco_universal_diag *oco_universal_get_diag(const oco_universal *u);
size_t oco_universal_memory(const oco_universal *u);

/* Views of the last predict (valid until the next call). */
const double *oco_universal_top_weights(const oco_universal *u);           /* q_t ∈ Δ_K */
const double *oco_universal_mid_weights(const oco_universal *u, size_t k); /* p_{t,k} ∈ Δ_N */
const double *oco_universal_mid_x(const oco_universal *u, size_t k);      /* x_{t,k} */
/* x_{t,k,i} (k ignored when shared). */
const double *oco_universal_base_x(const oco_universal *u, size_t k, size_t i);
/* η_k of mid k (the mid's step is 2η_k, the top's step on k is η_k). */
double oco_universal_eta(const oco_universal *u, size_t k);

/* Checkpoint (include/oco/state.h) of the whole ensemble, every layer: the
 * round counter and flags, the scale S_t, the diagnostics, the per-round
 * arrays (iterates, regrets, optimisms and losses of the layers, the shared
 * mids' sums), the top MsMwC, the K mid MsMwC objects (unshared mode) and
 * every base learner (their save entries). restore expects an object made by
 * oco_universal_new with the same setup, params and variant; OCO_EINVAL if
 * the sizes differ or the data is short, and then u is partly overwritten:
 * restore into a fresh object and discard it on failure (the learner
 * wrapper's oco_learner_restore_state does). */
int oco_universal_save(const oco_universal *u, oco_state_writer *w);
int oco_universal_restore(oco_universal *u, oco_state_reader *r);

OCO_END_DECLS
#endif
