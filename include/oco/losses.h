/* oco — built-in loss sequences for the OCO protocol, with the exact
 * hindsight comparator and the gradient variation V_T.
 *
 * Families (CLI names in brackets; universal.md §12.2 items 6–9):
 *   [quadratic]    f_t(x) = (λ/2)‖x − z_t‖², z_t uniform in the ball of radius
 *                  spread·ρ around the domain centre c (ρ = max_{x∈X}‖x − c‖).
 *                  λ-strongly convex.
 *   [squared]      f_t(x) = (⟨a_t, x⟩ − b_t)², a_t uniform on the unit sphere,
 *                  b_t = ⟨a_t, x°⟩ + noise·U[−1, 1], x° = Π_X(c + ρu/2) for a
 *                  random unit u. Exp-concave on X, not strongly convex.
 *   [linear-drift] f_t(x) = ⟨g_t, x⟩, ‖g_t‖ = G, g_1 = G·u, and g_t is g_{t−1}
 *                  rotated by the angle θ = 2·asin(δ/2G) towards a random
 *                  direction orthogonal to it, so ‖g_t − g_{t−1}‖ = δ exactly
 *                  and V_T = (T − 1)δ² (d = 1: a ±δ walk clamped to [−G, G]).
 *   [signs]        f_t(x) = ⟨g_t, x⟩, g_{t,i} = ±G/√d i.i.d., P(+) = sign_p.
 *   [logistic]     f_t(x) = ln(1 + exp(−y_t⟨a_t, x⟩)), a_t uniform on the unit
 *                  sphere, y_t = sign⟨a_t, x° − c⟩ flipped with probability
 *                  noise.
 *   [switch]       quadratic (λ, z_t around x°) for t ≤ switch_at·T, then the
 *                  fixed linear loss ⟨G·u, x⟩ with u = (x° − c)/‖x° − c‖, which
 *                  pushes away from where the first phase converged: a learner
 *                  tuned to strong convexity (steps 1/(λt)) can no longer move.
 *   (data)         f_t(x) = ⟨g_t, x⟩ with user gradients (T×d, row-major).
 *   [sea]          SEA model (seed 004 Appendix A.1, Theorem 3; universal.md
 *                  §11.1): f_t ~ 𝒟_t with an adversarially drifting mean
 *                  F_t = E f_t. f_t(x) = (λ/2)‖x − ξ_t‖², ξ_t = μ_t + (σ/λ)ε_t,
 *                  ε_t uniform on the unit sphere (d = 1: ±1), so
 *                  ∇f_t(x) − ∇F_t(x) = −σε_t has norm σ for every x and
 *                  F_t(x) = (λ/2)‖x − μ_t‖² + σ²/(2λ). The mean μ_t moves on
 *                  the circle of radius r = spread·ρ around the centre c in
 *                  the plane of two fixed random orthonormal directions u, w:
 *                  μ_t = c + r(cos φ_t u + sin φ_t w), φ_t = (t − 1)θ, with
 *                  θ chosen so that λ‖μ_t − μ_{t−1}‖ = Σ exactly (needs
 *                  Σ <= 2λr); d = 1: μ_t = c ∓ Σ/(2λ) alternating (a
 *                  zig-zag, same step). With sea_period = K >= 1 the mean
 *                  instead sweeps back and forth over an arc of K steps
 *                  centred at u: φ_t = (j_t − K/2)θ, j_t the triangle wave
 *                  0, 1, …, K, K−1, …, 0, … (every step still exactly Σ;
 *                  K = 1 is the zig-zag that defeats last-gradient
 *                  optimism; d = 1: μ_t = c + (j_t − K/2)Σ/λ, needs
 *                  KΣ/λ <= 2r). λ-strongly convex.
 *   [sea-linear]   the same with linear losses: f_t(x) = ⟨ξ_t, x⟩,
 *                  ξ_t = μ_t + σε_t, μ_t on the circle of radius G around 0
 *                  (d = 1: ∓Σ/2 alternating; sea_period as above, d = 1
 *                  needs KΣ <= 2G), ‖μ_t − μ_{t−1}‖ = Σ <= 2G. Convex only.
 *                  For both: σ²_{1:T} = Σ_t max_x E‖∇f_t − ∇F_t‖² = Tσ²
 *                  and Σ²_{1:T} = Σ_{t≥2} sup_x ‖∇F_t − ∇F_{t−1}‖² = (T−1)Σ²
 *                  by construction (the schedule is oblivious, so the
 *                  expectation in Σ² is trivial); oco_loss_seq_sea_stats
 *                  reports them (summed from the generated means) and the
 *                  realised noise Σ_t ‖∇f_t − ∇F_t‖² (= Tσ² too, since
 *                  ‖ε_t‖ = 1). The V_T of oco_loss_seq_hindsight is the
 *                  realised gradient variation of the drawn sequence, which
 *                  includes the noise (E ≈ (T−1)(Σ² + 2σ²)).
 *
 * Every round's data come from an oco_rng stream of `seed`, generated in
 * order; oco_loss_seq_rewind() restarts the same sequence, so the hindsight
 * computations replay it instead of storing it (memory O(d²)).
 *
 * Hindsight (oco_loss_seq_hindsight):
 *   comparator F* = min_{x∈X} Σ_t f_t(x):
 *     quadratic, squared, linear, signs, switch, data, sea, sea-linear:
 *       Σ f_t is a quadratic
 *       ½xᵀHx + hᵀx + r; linear (H = 0) by closed form (ball: c − R·h/‖h‖;
 *       box: the bound opposite each sign; simplex: the vertex of min h_i);
 *       otherwise the exact QP of solvers/qp_domain.h (ball: secular
 *       equation; box/simplex: finite active set on the d×d matrix H).
 *       Exact to rounding.
 *     logistic: projected Newton (each step the exact QP of the quadratic
 *       model over X, Armijo backtracking on F), stopped when the
 *       Frank–Wolfe gap max_{y∈X} ⟨∇F(x), x − y⟩ ≥ F(x) − F* is below
 *       1e-10·max(1, |F|) or after 60 steps; the final gap is returned as a
 *       certificate.
 *   V_T = Σ_{t=2}^T sup_{x∈X} ‖∇f_t(x) − ∇f_{t−1}(x)‖² (universal.md §1):
 *     exact for quadratic, linear-drift, signs, data, switch, sea and
 *       sea-linear (the
 *       gradient differences are x-independent or μ(x − p) with the farthest
 *       point of X from p in closed form), and for squared on the ball
 *       (a maximisation on a circle in span{a_t, a_{t−1}}, dense grid + Newton
 *       refinement) and the simplex (vertex enumeration);
 *     an upper bound for squared on a box (‖M‖₂ρ + ‖Mc + v‖)² and for
 *       logistic (the sigmoid factors of both rounds ranged independently
 *       over their intervals on X); `vt_exact` says which. */
#ifndef OCO_LOSSES_H
#define OCO_LOSSES_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/domain.h"
#include "oco/learner.h"

OCO_BEGIN_DECLS

typedef enum oco_loss_kind {
    OCO_LOSS_QUADRATIC = 0,
    OCO_LOSS_SQUARED,
    OCO_LOSS_LINEAR_DRIFT,
    OCO_LOSS_SIGNS,
    OCO_LOSS_LOGISTIC,
    OCO_LOSS_SWITCH,
    OCO_LOSS_LINEAR_DATA,
    OCO_LOSS_SEA,        /* "sea" (λ-strongly convex quadratic, SEA model) */
    OCO_LOSS_SEA_LINEAR  /* "sea-linear" (linear, SEA model) */
} oco_loss_kind;

/* "quadratic", "squared", "linear-drift", "signs", "logistic", "switch",
 * "data", "sea", "sea-linear". */
const char *oco_loss_kind_name(oco_loss_kind kind);
/* OCO_ENOTFOUND with the list of names if unknown. */
int oco_loss_kind_parse(const char *name, oco_loss_kind *kind);

typedef struct oco_loss_opts {
    oco_loss_kind kind;
    size_t d;            /* dimension (= the domain's) */
    size_t T;            /* rounds (> 0) */
    uint64_t seed;
    double lambda;       /* quadratic, switch: modulus λ > 0 (1) */
    double spread;       /* quadratic, switch: radius of z_t as a fraction of ρ (0.5) */
    double noise;        /* squared: amplitude of b's noise; logistic: flip
                            probability (0.1) */
    double G;            /* linear-drift, signs, switch (phase 2): ‖g_t‖ (1) */
    double delta;        /* linear-drift: ‖g_t − g_{t−1}‖, 0 <= δ <= 2G (0.01) */
    double sign_p;       /* signs: P(g_{t,i} > 0) (0.5) */
    double switch_at;    /* switch: fraction of T in the first phase (0.5) */
    const double *data;  /* data: T×d gradients, row-major, kept by pointer */
    /* sea, sea-linear (also use lambda, spread resp. G): */
    double sigma;        /* stochastic part: ‖∇f_t(x) − ∇F_t(x)‖ = σ >= 0 (0.1) */
    double Sigma;        /* adversarial part: sup_x ‖∇F_t(x) − ∇F_{t−1}(x)‖ = Σ,
                            0 <= Σ <= 2λ·spread·ρ (sea) or 2G (sea-linear)
                            (0.01) */
    double sea_period;   /* K: 0 = the mean rotates monotonically (default);
                            an integer K >= 1 = it sweeps back and forth over
                            K steps (K = 1: zig-zag) */
} oco_loss_opts;

oco_loss_opts oco_loss_opts_default(void);

/* What a learner may be told about the family on X (valid bounds). */
typedef struct oco_loss_info {
    double G;      /* sup_t sup_{x∈X} ‖∇f_t(x)‖ */
    double L;      /* smoothness (0 for linear) */
    double lambda; /* strong convexity of every f_t (0 if none) */
    double alpha;  /* exp-concavity (working definition of universal.md §1;
                      0 if none known) */
} oco_loss_info;

typedef struct oco_loss_seq oco_loss_seq;

/* The domain is kept by pointer (ball, box or simplex). */
oco_loss_seq *oco_loss_seq_new(const oco_loss_opts *opts, const oco_domain *dom);
void oco_loss_seq_free(oco_loss_seq *s);

const oco_loss_info *oco_loss_seq_info(const oco_loss_seq *s);
size_t oco_loss_seq_dim(const oco_loss_seq *s);
size_t oco_loss_seq_horizon(const oco_loss_seq *s);

/* Back to before round 1 (the same sequence is generated again). */
void oco_loss_seq_rewind(oco_loss_seq *s);
/* Generate f_{t+1}; OCO_ESTATE after T rounds. Allocates nothing. */
int oco_loss_seq_next(oco_loss_seq *s);
size_t oco_loss_seq_round(const oco_loss_seq *s); /* current t (0 before next) */

/* f_t(x) and ∇f_t(x) of the current round (g and/or value may be NULL).
 * OCO_ESTATE before the first next. */
int oco_loss_seq_eval(const oco_loss_seq *s, const double *x, double *g, double *value);

/* An oracle bound to the current round of s (calls = 0). */
oco_grad_oracle oco_loss_seq_oracle(oco_loss_seq *s);

typedef struct oco_loss_hindsight {
    double comparator; /* F* = min_{x∈X} Σ_t f_t(x) */
    double gap;        /* certified F(x*) − F* <= gap (0 for the exact QPs) */
    double VT;         /* gradient variation, exact or an upper bound */
    int vt_exact;      /* 1 if VT is exact */
    const char *method; /* "closed-form", "qp", "projected-newton" */
} oco_loss_hindsight;

/* Replay the whole sequence (rewinding it before and after) and compute
 * F*, its minimiser (into xstar, length d, may be NULL) and V_T. */
int oco_loss_seq_hindsight(oco_loss_seq *s, double *xstar, oco_loss_hindsight *out);

/* The SEA quantities of universal.md §11.1 for a "sea" or "sea-linear"
 * sequence (gradient units; exact by construction, see [sea] above). */
typedef struct oco_loss_sea_stats {
    double sigma2_total;    /* σ²_{1:T} = Σ_t max_x E‖∇f_t(x) − ∇F_t(x)‖² = Tσ² */
    double Sigma2_total;    /* Σ²_{1:T} = Σ_{t≥2} sup_x ‖∇F_t(x) − ∇F_{t−1}(x)‖²,
                               summed over the generated means (= (T−1)Σ² up
                               to rounding) */
    double sigma2_max;      /* σ²_max = max_t max_x E‖∇f_t − ∇F_t‖² = σ² */
    double Sigma2_max;      /* Σ²_max = max_t sup_x ‖∇F_t − ∇F_{t−1}‖² */
    double sigma2_realized; /* Σ_t ‖∇f_t(x) − ∇F_t(x)‖² on the drawn sequence
                               (replayed; = Tσ² up to rounding) */
} oco_loss_sea_stats;

/* OCO_EINVAL unless s is a sea / sea-linear sequence. Replays the sequence
 * (rewinding it before and after). */
int oco_loss_seq_sea_stats(oco_loss_seq *s, oco_loss_sea_stats *out);

OCO_END_DECLS
#endif
