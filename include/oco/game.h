/* oco — two-player zero-sum games played by two OCO learners (seed 004,
 * Appendix A.2, Theorem 4; notes universal.md §11.2, §12.2 item 11).
 *
 *     min_{x∈X} max_{y∈Y} f(x, y),
 *     f(x, y) = xᵀAy + (λx/2)‖x‖² − (λy/2)‖y‖²,
 *
 * A ∈ R^{n×m}; X ⊂ R^n and Y ⊂ R^m are a ball (centred at 0), a box or the
 * simplex. λx = λy = 0 is the bilinear game (matrix game on simplices);
 * λx, λy > 0 the strongly convex–concave game (λx-strongly convex in x,
 * λy-strongly concave in y).
 *
 * Protocol (honest case: both players run an OCO learner, any registered
 * type, each with its own parameters). Round t:
 *   1. both predict: x_t = lx.predict(), y_t = ly.predict() (no hint: each
 *      learner uses its default optimism, e.g. its last gradient);
 *   2. the x-player (minimiser of f(·, y_t)) is fed the oracle of
 *        ℓˣ_t(x) = f(x, y_t),        ∇ℓˣ_t(x) = A y_t + λx x;
 *      the y-player (minimiser of −f(x_t, ·)) the oracle of
 *        ℓʸ_t(y) = −f(x_t, y),       ∇ℓʸ_t(y) = −Aᵀx_t + λy y.
 *      The seed writes the y-player's gradient as A x_t; it must be −Aᵀx_t
 *      (universal.md §11.2 [D] correction) — the sign is checked by a finite
 *      difference of f in tests/unit/test_game.c.
 * Both oracles count their calls (a multi-gradient learner may query them at
 * other points; y_t resp. x_t stays fixed within the round).
 *
 * Measured after round t (all EXACT, i.e. closed forms or exact Euclidean
 * projections, up to rounding):
 *   x̄_t, ȳ_t           averaged strategies (1/t)Σ_{s≤t} x_s, y_s;
 *   gap(x̄, ȳ)          = max_{y∈Y} f(x̄, y) − min_{x∈X} f(x, ȳ) ≥ 0, with
 *     max_y f(x̄, y) = (λx/2)‖x̄‖² + max_{y∈Y} [⟨Aᵀx̄, y⟩ − (λy/2)‖y‖²]
 *       λy = 0: the support function of Y at v = Aᵀx̄ —
 *               simplex max_j v_j, ball R‖v‖, box Σ_j max(v_j lo_j, v_j hi_j);
 *       λy > 0: attained at y* = Π_Y(v/λy) (complete the square:
 *               ⟨v, y⟩ − (λy/2)‖y‖² = ‖v‖²/(2λy) − (λy/2)‖y − v/λy‖²);
 *     min_x f(x, ȳ) = −(λy/2)‖ȳ‖² + min_{x∈X} [⟨Aȳ, x⟩ + (λx/2)‖x‖²]
 *       λx = 0: −(support function of X at −Aȳ) (simplex: min_i (Aȳ)_i);
 *       λx > 0: attained at x* = Π_X(−Aȳ/λx).
 *   regret_x            = Σ_s f(x_s, y_s) − min_{x∈X} Σ_s f(x, y_s)
 *                       = Σ_s f(x_s, y_s) − t·min_x[⟨Aȳ, x⟩ + (λx/2)‖x‖²]
 *                         + (λy/2)Σ_s‖y_s‖²;
 *   regret_y            = −Σ_s f(x_s, y_s) + max_{y∈Y} Σ_s f(x_s, y)
 *                       = −Σ_s f(x_s, y_s) + t·max_y[⟨Aᵀx̄, y⟩ − (λy/2)‖y‖²]
 *                         + (λx/2)Σ_s‖x_s‖²;
 *   hence (an identity the tests check)
 *     regret_x + regret_y = t·gap(x̄, ȳ) + (λx/2)Σ_s‖x_s − x̄‖²
 *                                        + (λy/2)Σ_s‖y_s − ȳ‖²,
 *   so gap(x̄_t, ȳ_t) ≤ (regret_x + regret_y)/t: Theorem 4's O(1) summed
 *   regret gives a gap of O(1/t).
 *   VT_x, VT_y          each player's gradient variation
 *                       Σ_{s≥2} sup_x ‖∇ℓˣ_s(x) − ∇ℓˣ_{s−1}(x)‖² =
 *                       Σ ‖A(y_s − y_{s−1})‖² (the λx x terms cancel, so the
 *                       sup is attained everywhere), and Σ ‖Aᵀ(x_s − x_{s−1})‖².
 *
 * Memory: the game owns A and O(n + m) scratch; oco_game_run allocates
 * nothing per round. Not re-entrant: one game object per thread. */
#ifndef OCO_GAME_H
#define OCO_GAME_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/domain.h"
#include "oco/learner.h"

OCO_BEGIN_DECLS

typedef struct oco_game_opts {
    size_t n;          /* dimension of x (the minimiser), > 0 */
    size_t m;          /* dimension of y (the maximiser), > 0 */
    const double *A;   /* n×m ROW-major (A[i*m + j]), copied; NULL = random
                          entries U[−1, 1] drawn from stream 0 of `seed` in
                          row-major order */
    uint64_t seed;     /* for the random A */
    double a_norm;     /* > 0: rescale A so that its spectral norm ‖A‖₂ equals
                          a_norm (Theorem 4 assumes ‖A‖ ≤ 1); 0 = keep A as
                          given/drawn (default 0) */
    double lambda_x;   /* λx >= 0 (0 = linear in x; default 0) */
    double lambda_y;   /* λy >= 0 (0 = linear in y; default 0) */
} oco_game_opts;

/* n = m = 0 (must be set), A = NULL, seed = 0, a_norm = 0, λx = λy = 0. */
oco_game_opts oco_game_opts_default(void);

typedef struct oco_game oco_game;

/* X (dimension n) and Y (dimension m) are kept by pointer (keep them alive):
 * each a ball, a box or the simplex (bounded). NULL + oco_last_error() on a
 * bad argument (message names it) or if A has a non-finite entry. */
oco_game *oco_game_new(const oco_game_opts *opts, const oco_domain *X, const oco_domain *Y);
void oco_game_free(oco_game *g); /* NULL is a no-op */

typedef struct oco_game_info {
    size_t n, m;
    double lambda_x, lambda_y;
    double A_norm2;  /* spectral norm ‖A‖₂ (after any rescaling; LAPACK eig) */
    double Gx;       /* valid bound on sup_{X×Y} ‖A y + λx x‖ (the x-player's G) */
    double Gy;       /* valid bound on sup_{X×Y} ‖−Aᵀx + λy y‖ */
    int bilinear;    /* 1 if λx = λy = 0 */
} oco_game_info;

const oco_game_info *oco_game_get_info(const oco_game *g);
/* A (n×m, row-major), after any rescaling. */
const double *oco_game_matrix(const oco_game *g);
const oco_domain *oco_game_domain_x(const oco_game *g);
const oco_domain *oco_game_domain_y(const oco_game *g);

/* f(x, y). */
double oco_game_value(const oco_game *g, const double *x, const double *y);
/* The x-player's loss gradient ∇_x f(x, y) = A y + λx x (length n). */
void oco_game_grad_x(const oco_game *g, const double *x, const double *y, double *gx);
/* The y-player's loss gradient −∇_y f(x, y) = −Aᵀx + λy y (length m). */
void oco_game_grad_y(const oco_game *g, const double *x, const double *y, double *gy);

/* Exact duality gap at (x, y) (formulas above; uses the game's scratch, so
 * not const; allocates nothing). Outputs may be NULL:
 *   *gap   = *upper − *lower (≥ 0 up to rounding),
 *   *upper = max_{y'∈Y} f(x, y'),  *lower = min_{x'∈X} f(x', y),
 *   ybest  (length m) a maximiser y' (best response to x),
 *   xbest  (length n) a minimiser x' (best response to y).
 * OCO_EINVAL on a non-finite x or y. */
int oco_game_gap(oco_game *g, const double *x, const double *y, double *gap, double *upper,
                 double *lower, double *xbest, double *ybest);

/* Learner setup for player 0 (x) or 1 (y) with horizon T: d, domain, T,
 * G = info.Gx / info.Gy, D = 0 (the domain's diameter), L = lambda = λx
 * (resp. λy), alpha = 0. OCO_EINVAL on a bad player. */
int oco_game_learner_setup(const oco_game *g, int player, size_t T, oco_learner_setup *setup);

/* Convenience: oco_learner_new(type, setup from oco_game_learner_setup,
 * params). NULL + oco_last_error() on failure. */
oco_learner *oco_game_learner_new(const oco_game *g, int player, const oco_learner_type *type,
                                  size_t T, const oco_param *params, size_t nparams);

/* One round's record, passed to on_round (pointers valid during the call). */
typedef struct oco_game_round {
    size_t t;                  /* 1-based */
    const double *x, *y;       /* x_t, y_t */
    const double *xbar, *ybar; /* averages over rounds 1..t */
    double value;              /* f(x_t, y_t) */
    double value_avg;          /* f(x̄_t, ȳ_t) */
    double gap;                /* gap(x̄_t, ȳ_t), exact */
    double regret_x, regret_y; /* after t rounds, exact (see above) */
    double regret_sum;         /* regret_x + regret_y */
} oco_game_round;

typedef struct oco_game_run_opts {
    /* Optional observer; a non-zero return stops the run with that code. */
    int (*on_round)(void *ctx, const oco_game_round *r);
    void *ctx;
    /* Compute the gap and regrets (2 extra best-response problems, O(nm))
     * every `record_every` rounds and at round T; on_round is called only on
     * those rounds. 1 = every round (default); 0 = only at T. */
    size_t record_every;
} oco_game_run_opts;

oco_game_run_opts oco_game_run_opts_default(void);

typedef struct oco_game_run_result {
    size_t T;                  /* rounds played */
    double gap;                /* gap(x̄_T, ȳ_T) */
    double value_avg;          /* f(x̄_T, ȳ_T) */
    double regret_x, regret_y, regret_sum;
    double VT_x, VT_y;         /* gradient variations (exact, see above) */
    double path_x, path_y;     /* Σ_{s≥2} ‖x_s − x_{s−1}‖², ‖y_s − y_{s−1}‖² */
    size_t grad_calls_x, grad_calls_y; /* oracle queries by each learner */
    double seconds;            /* wall time of the T rounds, recording included */
} oco_game_run_result;

/* Play T rounds: lx (dimension n, fresh: round 0) against ly (dimension m,
 * fresh). Learners that need the horizon must have been created with
 * T' >= T (oco_game_learner_new does it). The averages x̄, ȳ are left in
 * xbar (length n) and ybar (length m) if non-NULL. On error returns the code;
 * the rounds completed so far are in out->T. */
int oco_game_run(oco_game *g, oco_learner *lx, oco_learner *ly, size_t T,
                 const oco_game_run_opts *opts, oco_game_run_result *out, double *xbar,
                 double *ybar);

OCO_END_DECLS
#endif
