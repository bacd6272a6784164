/* Private: the closed-form pieces of LAAU's fairness problem (seed 000,
 * olp_laau.md §2.3 and §2.5), M = d = 1, step utility c·log x, x ∈ [lo, hi]
 * (the experiment uses [1, 40]).
 *
 * 1. The optimisation layer of eq. (4) specialised to fairness (§2.3 [D]):
 *        x = argmax_x c·log x − λ·x   s.t. x ≤ b̃, lo ≤ x ≤ hi
 *          = min(clip(c/λ, lo, hi), b̃)       (λ = 0: min(hi, b̃)),
 *    where b̃ is the budget the layer sees. With the §2.3 budget-reserve guard
 *    b̃_t = b_t − (N − t)·lo (oco__fair_reserve): one unit lo is kept for each
 *    job still to come, so x_t ≥ lo while B ≥ N·lo. Derivatives (the §2.3
 *    table, Prop. 5.1 specialised): interior −c/λ² and 0; budget-active 0
 *    and 1; box-active 0 and 0. ∂x/∂b̃ = ∂x/∂b since b̃ − b is a constant.
 *    At a kink (two regimes meet) the one-sided derivative of the regime
 *    chosen by the tie rule below is returned.
 *
 * 2. OPT (§2.5): the hindsight water-filling
 *        max Σ_t c_t·log x_t  s.t. Σ_t x_t ≤ B, lo ≤ x_t ≤ hi,
 *    solved exactly in O(N log N) by sorting the 2N breakpoints of
 *    S(λ) = Σ_t clip(c_t/λ, lo, hi) and solving S(λ) = B on the one segment
 *    where S = A + C/λ (no bisection tolerance). */
#ifndef OCO_SOLVERS_FAIRNESS_LAYER_H
#define OCO_SOLVERS_FAIRNESS_LAYER_H

#include <stddef.h>

/* Which constraint decides the layer's x (ties: budget first, then box). */
enum {
    OCO__FAIR_INTERIOR = 0, /* lo < c/λ < hi and c/λ < b̃: x = c/λ */
    OCO__FAIR_BUDGET = 1,   /* b̃ ≤ clip(c/λ, lo, hi): x = b̃ */
    OCO__FAIR_BOX_LO = 2,   /* c/λ ≤ lo < b̃: x = lo */
    OCO__FAIR_BOX_HI = 3    /* c/λ ≥ hi, hi < b̃ (or λ = 0): x = hi */
};

typedef struct {
    double x;         /* the decision */
    double dx_dlam;   /* ∂x/∂λ */
    double dx_db;     /* ∂x/∂b̃ (= ∂x/∂b under the reserve guard) */
    int regime;       /* OCO__FAIR_* */
} oco__fair_out;

/* b̃ = b − steps_left·lo, steps_left = N − t jobs after the current one
 * (§2.3 budget-reserve guard). */
double oco__fair_reserve(double b, size_t steps_left, double lo);

/* The layer. c ≥ 0, λ ≥ 0, 0 < lo ≤ hi, all finite: else OCO_EINVAL and out
 * untouched. b̃ < lo (the reserve guard violated, or a budget already
 * exhausted): OCO_EINFEASIBLE, out->x = max(b̃, 0) with zero derivatives and
 * regime BUDGET, so a caller that chooses to continue stays within budget;
 * the utility c·log x is then below c·log lo (−∞ at 0). */
int oco__fair_layer(double c, double lam, double b_eff, double lo, double hi, oco__fair_out *out);

/* Scratch for the water-filling: 2n events, caller-allocated (no malloc). */
typedef struct {
    double v;  /* breakpoint λ value */
    size_t e;  /* 2t: t enters the interior (c_t/lo); 2t+1: t reaches hi (c_t/hi) */
} oco__fair_event;

/* OPT water-filling. c[0..n) ≥ 0 finite, B finite, 0 < lo ≤ hi, work has 2n
 * entries; x[0..n) gets the optimum. *level (may be NULL) gets the water
 * level λ* ≥ 0: interior x_t = c_t/λ*, x_t = lo where c_t/lo ≤ λ*,
 * x_t = hi where c_t/hi ≥ λ*; λ* = 0 when the budget is slack (Σ x = n·hi
 * possible, or all c = 0). Jobs with c_t = 0 get lo (indifferent for the
 * utility, and it keeps the budget for others; §2.5).
 * Returns 0; OCO_EINVAL on bad arguments; OCO_EINFEASIBLE when n·lo > B
 * (x then set to lo, which exceeds B: the caller must not use it as feasible).
 * When the budget binds, Σ x = B up to rounding (measured |Σx − B|/B ≤ 6e-15
 * at N = 5·10⁴; far inside the 1e-9 budget_exceeded tolerance). */
int oco__fair_waterfill(size_t n, const double *c, double B, double lo, double hi, double *x,
                        double *level, oco__fair_event *work);

/* Σ_t c_t·log x_t (terms with c_t = 0 count 0, even at x_t = 0). */
double oco__fair_utility(size_t n, const double *c, const double *x);

#endif
