/* The setting of the `universal` reproduction: loss families, learners, the
 * δ sweep and the T grid (universal.h). */
#include "experiments/universal/universal.h"

/* Squared losses with noise 1 (universal.md §12.2 item 8: bounded b with
 * visible noise) in d = 4: on average less curved than a λ = 1 quadratic, so
 * a learner that assumes strong convexity is mis-specified there. Linear
 * losses on the simplex with δ = 10⁻⁴: √V_T ≤ 0.1 up to T = 10⁶. */
const ux_family oco__ux_fams[UX_NFAM] = {
    {"quadratic", "(λ/2)‖x − z_t‖², λ = 1, d = 2, ball:1", "O(log T)", OCO_LOSS_QUADRATIC, 2,
     "ball:1", -1, -1},
    {"squared", "(⟨a_t, x⟩ − b_t)², noise 1, d = 4, ball:1", "O(d log T)", OCO_LOSS_SQUARED, 4,
     "ball:1", 1.0, -1},
    {"linear-drift", "⟨g_t, x⟩, ‖g_t − g_{t−1}‖ = δ = 10⁻⁴, d = 3, simplex", "O(√V_T)",
     OCO_LOSS_LINEAR_DRIFT, 3, "simplex", -1, 1e-4},
};

/* The theory preset (preset = 1): the minimal constants of §7.1-7.2 (with the
 * corrected exp-concave γ rule) and the fixed S of §6.3 — the only runs the
 * paper's analysis covers. */
#define THEORY_WHAT "universal ensemble, theory preset (the paper's §7.1-7.2 constants, fixed S)"

/* A: the universal ensemble (default `practical` preset, no type flag) and
 * the single-curvature learners, each told the family's bounds
 * (oco_learner_setup_from_losses, as `oco run oco`). ogd-sc assumes λ = 1
 * everywhere (the quadratics' modulus): a user who picked strong convexity. */
const ux_lspec oco__ux_rate_learners[UX_NRL] = {
    {"universal", "universal", "universal ensemble, one gradient (Alg. 1, Thm 2)", {{0}}, 0, 0,
     0},
    {"ogd-cvx", "ogd", "OGD, eta_t = D/(G sqrt t) (convex)", {{"lambda", 0}}, 1, 1, 0},
    {"ogd-sc", "ogd", "OGD, eta_t = 1/(lambda t), lambda = 1 (strongly convex)", {{"lambda", 1}},
     1, 1, 0},
    {"ons", "ons", "ONS (exp-concave), alpha from the family", {{0}}, 0, 1, 0},
    /* Maler is itself universal (two layers, no gradient-variation
     * adaptivity): a comparison method, not a single-curvature one. */
    {"maler", "maler", "Maler (two-layer universal method of Wang et al. 2019, for comparison)",
     {{0}}, 0, 0, 0},
    {"multigrad", "universal-multigrad", "universal ensemble, multi-gradient (Thm 1)", {{0}}, 0, 0,
     0},
    {"universal-theory", "universal", THEORY_WHAT, {{"preset", 1}}, 1, 0, 1},
};

/* B: on the simplex, the fixed-step (worst-case tuned, T known) Hedge is the
 * non-adaptive reference; optimistic Hedge adapts to Σ‖ℓ − m‖². */
const ux_lspec oco__ux_delta_learners[UX_NDL] = {
    {"universal", "universal", "universal ensemble", {{0}}, 0, 0, 0},
    {"hedge", "hedge", "Hedge, eta = sqrt(8 ln d / T)/range (non-adaptive)", {{0}}, 0, 1, 0},
    {"optimistic-hedge", "optimistic-hedge", "optimistic Hedge (self-confident)", {{0}}, 0, 1, 0},
    {"ogd-cvx", "ogd", "OGD, eta_t = D/(G sqrt t)", {{"lambda", 0}}, 1, 1, 0},
    {"universal-theory", "universal", THEORY_WHAT, {{"preset", 1}}, 1, 0, 1},
};
const double oco__ux_deltas[UX_NDELTA] = {0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3};

/* D: both players run the same learner. */
const ux_lspec oco__ux_game_learners[UX_NGL] = {
    {"universal", "universal", "universal ensemble", {{0}}, 0, 0, 0},
    {"hedge", "hedge", "Hedge (non-adaptive)", {{0}}, 0, 1, 0},
    {"optimistic-hedge", "optimistic-hedge", "optimistic Hedge", {{0}}, 0, 1, 0},
    {"universal-theory", "universal", THEORY_WHAT, {{"preset", 1}}, 1, 0, 1},
};

/* T grid: 10^3, 10^3.5, ..., 10^6. */
const size_t oco__ux_grid[UX_NGRID] = {1000, 3162, 10000, 31623, 100000, 316228, 1000000};
