/* oco — the constrained-OCO protocol (coco): online convex optimisation with
 * time-varying constraints, long-term budgets and predictions
 * (DESIGN.md "Constrained OCO"; seed 001 LLP, seed 003 Lyapunov + AdaGrad).
 *
 * Round t:
 *   1. predict: the algorithm plays x_t ∈ X, optionally given predictions of
 *      the round's cost f_t and constraints g_t : X → R^k (seed 001 A3);
 *   2. update: it observes f_t and g_t, either linearised at x_t
 *      (∇f_t(x_t), f_t(x_t), g_t(x_t), J_t(x_t): `oco_coco_linear`) or
 *      through oracles it may query at any point, which count their calls
 *      (`oco_coco_feedback`; LLP evaluates g_t at its prescient point x̄_t).
 * The long-term requirement is Σ_t g_{t,j}(x_t) <= B_j for every j (B = 0:
 * Σ_t g_t(x_t) <= 0, seed 001; B_T > 0 with g >= 0: seed 003).
 *
 * Closed forms. Algorithms that aggregate or minimise over the past
 * constraint functions themselves (LLP's lazy FTRL step (4), MOSP's
 * un-linearised step) need them in closed form. oco_quad_map is that form:
 * a vector of convex quadratics, which is closed under the sums LLP forms
 * (g_{1:t}) and covers linear and quadratic costs and constraints. The
 * constraint oracle carries the closed form of g_t when it is known; an
 * algorithm with OCO_COCO_NEEDS_FORM rejects feedback without it (use a
 * linearised variant for oracle-only constraints).
 *
 * Linearised feedback. An algorithm without an update_oracle entry learns
 * from (∇f_t(x_t), g_t(x_t), J_t(x_t)) only: it can run live from
 * `oco stream coco`, and oco_coco_type_streams() says so. For the others the
 * wrapper needs the oracles.
 *
 * One vtable per algorithm (`oco_coco_type`, a constant), one wrapper object
 * (`oco_coco`) that validates at the boundary and enforces the order
 * predict → update, as learner.h does for OCO. An algorithm allocates all its
 * memory in create (a function of d, k, T and the params); predict and update
 * allocate nothing.
 *
 * Typical use:
 *     oco_coco_setup s = oco_coco_setup_default();
 *     s.d = d; s.k = k; s.domain = dom; s.T = T;
 *     oco_coco *a = oco_coco_new(oco_coco_llp_linearized, &s, NULL, 0);
 *     for (t = 1..T) {
 *         oco_coco_predict(a, NULL, x);         // or &prediction
 *         ... grad = ∇f_t(x), g = g_t(x), J = J_t(x) ...
 *         oco_coco_linear fb = {grad, NAN, g, J};
 *         oco_coco_update(a, &fb);
 *     }
 *     oco_coco_free(a);
 */
#ifndef OCO_COCO_H
#define OCO_COCO_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/algo.h"
#include "oco/domain.h"
#include "oco/learner.h" /* oco_grad_oracle */
#include "oco/params.h"
#include "oco/rng.h"
#include "oco/state.h"

OCO_BEGIN_DECLS

/* ---- closed forms ----------------------------------------------------------
 * q : R^d → R^m,   q_j(x) = ½ xᵀ P_j x + ⟨A_j, x⟩ − b_j,   j = 1..m.
 * A is m×d row-major (row j = A_j); b has m entries (NULL = 0); P holds m
 * symmetric positive semidefinite d×d blocks, block j at P + j·d·d (NULL =
 * every P_j = 0: q is affine). A constraint g_t with k components is a map
 * with m = k; a cost f_t is a map with m = 1 (its b is irrelevant to every
 * algorithm). The Jacobian at x is row j: A_j + P_j x. Memory is the
 * caller's; the struct only points into it. */
typedef struct oco_quad_map {
    size_t m, d;
    const double *P; /* m·d·d, or NULL */
    const double *A; /* m·d, required */
    const double *b; /* m, or NULL */
} oco_quad_map;

/* q(x) into val (m entries, may be NULL) and the Jacobian into J (m×d
 * row-major, may be NULL). Allocates nothing. */
void oco_quad_map_eval(const oco_quad_map *q, const double *x, double *val, double *J);
/* 0 if well formed (m, d > 0, A present, every entry finite), else OCO_EINVAL
 * naming `what` and the first bad entry. PSD-ness is not checked (O(d³)). */
int oco_quad_map_check(const oco_quad_map *q, size_t m, size_t d, const char *what);

/* ---- oracles ---------------------------------------------------------------
 * The constraint oracle of round t: `fn` writes g_t(x) (k) into g and, when
 * J != NULL, J_t(x) (k×d row-major) into J; it returns 0 or an OCO_E* code.
 * Every query goes through oco_cons_oracle_eval, which counts it. `form`, if
 * not NULL, is g_t in closed form (it must agree with fn). */
typedef int (*oco_cons_fn)(void *ctx, const double *x, double *g, double *J);

typedef struct oco_cons_oracle {
    oco_cons_fn fn;
    void *ctx;
    size_t d, k;
    size_t calls;
    const oco_quad_map *form; /* optional closed form of g_t (m = k) */
} oco_cons_oracle;

/* Increments o->calls (even if fn fails), calls fn and checks that the values
 * (and the Jacobian, when asked) are finite. */
int oco_cons_oracle_eval(oco_cons_oracle *o, const double *x, double *g, double *J);

/* The oracle of a closed form (fn evaluates `form`; ctx = form). */
oco_cons_oracle oco_cons_oracle_from_form(const oco_quad_map *form);

/* ---- what the algorithm receives ------------------------------------------ */

/* Linearised feedback of round t, all at the played x_t. */
typedef struct oco_coco_linear {
    const double *grad; /* ∇f_t(x_t), d entries */
    double value;       /* f_t(x_t), or NaN if unknown */
    const double *g;    /* g_t(x_t), k entries */
    const double *J;    /* J_t(x_t), k×d row-major */
} oco_coco_linear;

/* Oracle feedback of round t (both required). */
typedef struct oco_coco_feedback {
    oco_grad_oracle *cost; /* f_t: gradient and value anywhere */
    oco_cons_oracle *cons; /* g_t: values and Jacobian anywhere, maybe its form */
} oco_coco_feedback;

/* Predictions of round t, given to predict (seed 001 A3; NULL pointer or
 * NULL field = no prediction = zero, as the paper's "no predictions"):
 *   cost  f̃_t in closed form (m = 1). An affine map predicts the gradient
 *         c̃_t = A; a quadratic one predicts the function, and an algorithm
 *         that linearises takes c̃_t = ∇f̃_t at its own x_t (so a perfect
 *         prediction gives c̃_t = c_t exactly);
 *   cons  g̃_t in closed form (m = k); linearised algorithms use its
 *         Jacobian J̃_t (at x_t when quadratic); the constants never move an
 *         argmin;
 *   cons_value  γ̃_t (k): a point prediction of g_t at the algorithm's
 *         prescient point, for LLP's dual step (6). NULL: the algorithm's
 *         documented fallback (LLP: g̃_t at the last prescient point, or 0
 *         without cons). */
typedef struct oco_coco_prediction {
    const oco_quad_map *cost;
    const oco_quad_map *cons;
    const double *cons_value;
} oco_coco_prediction;

/* ---- setup ------------------------------------------------------------------ */
typedef struct oco_coco_setup {
    size_t d;                 /* dimension of x (> 0) */
    size_t k;                 /* number of constraints (> 0) */
    const oco_domain *domain; /* X, dimension d, bounded; NOT copied */
    size_t T;                 /* horizon; 0 = unknown (anytime algorithms only) */
    double G;                 /* ‖∇f_t(x)‖ <= G (> 0) */
    double L_g;               /* ‖J_t(x)‖ (spectral) <= L_g (> 0) */
    double g_max;             /* ‖g_t(x)‖ <= g_max (> 0; seed 001 A2's G) */
    double F;                 /* |f_t(x)| <= F (> 0; seed 003's F) */
    double D;                 /* diameter bound; 0 = oco_domain_diameter(domain) */
    const double *budget;     /* B (k): Σ_t g_{t,j}(x_t) <= B_j; NULL = 0 */
    double alpha;             /* approximate convexity α > 0 of seed 003
                                 (1 = convex; α > 1: f ∈ C_α, (9); α < 1:
                                 approximately concave rewards written as
                                 costs f = −R, as in (8)) */
    const oco_quad_map *fixed_cons; /* the known part g(x) of linearly
                                 perturbed constraints g_t = g + b_t (seed
                                 001 (29)); needed by OCO_COCO_NEEDS_FIXED */
    oco_rng *rng;             /* for OCO_ALGO_RANDOMIZED algorithms (caller's) */
} oco_coco_setup;

/* d = k = 0, domain = NULL, T = 0, G = L_g = g_max = F = 1, D = 0,
 * budget = NULL, alpha = 1, fixed_cons = NULL, rng = NULL. */
oco_coco_setup oco_coco_setup_default(void);

/* What an algorithm needs beyond the linearised feedback (oco_coco_type.needs). */
enum {
    OCO_COCO_NEEDS_FORM = 1u << 0,  /* the closed form of g_t in the feedback */
    OCO_COCO_NEEDS_FIXED = 1u << 1, /* setup.fixed_cons */
    OCO_COCO_ZERO_BUDGET = 1u << 2, /* only B = 0 (Σ g <= 0) */
    OCO_COCO_CONSUMPTION = 1u << 3, /* seed 003's reading: g_t >= 0 is the
                                       round's consumption and B the long-term
                                       budget B_T (Σ_t g_t(x_t) <= B_T). A
                                       runner gives such an algorithm
                                       g_t + b_t (the consumption of a
                                       constraint ⟨A, x⟩ − b) and B = Σ_t b_t;
                                       the others get g_t and B = 0. */
    OCO_COCO_LONG_TERM = 1u << 4    /* the algorithm's guarantee is against
                                       the long-term benchmark: the CLI's
                                       default --benchmark is long-term */
};

/* ---- the vtable ------------------------------------------------------------ */
typedef struct oco_coco_type {
    oco_algo_info info; /* first member; info.protocol = OCO_PROTOCOL_COCO */
    unsigned domains;   /* (1u << oco_domain_kind) accepted; 0 = any bounded */
    unsigned needs;     /* OCO_COCO_NEEDS_* */

    /* Optional: validate setup and params beyond the wrapper (no allocation). */
    int (*check)(const oco_coco_setup *setup, const oco_param *params, size_t nparams);
    /* Allocate and initialise. setup validated (D filled in), params checked. */
    void *(*create)(const oco_coco_setup *setup, const oco_param *params, size_t nparams);
    /* Optional: restart at round 0, next predict plays x (or x_1 if NULL). */
    int (*reset)(void *state, const double *x);
    /* Play x_t (length d, in X). pred may be NULL; its fields are validated. */
    int (*predict)(void *state, const oco_coco_prediction *pred, double *x);
    /* Learn from linearised feedback (always present). */
    int (*update)(void *state, const oco_coco_linear *fb);
    /* Optional: learn by querying the oracles (at x_t and elsewhere). When
     * NULL the wrapper queries each oracle once at x_t and calls update. */
    int (*update_oracle)(void *state, oco_coco_feedback *fb);
    /* Optional: the current dual variables / queue-based multipliers (k),
     * the ones the next predict uses (for traces). */
    void (*multipliers)(const void *state, double *lambda);
    /* Optional: bytes owned by the state. */
    size_t (*memory)(const void *state);
    void (*destroy)(void *state);
    /* Checkpoint (include/oco/state.h): every field that changes after
     * create; restore is called on a fresh state made by create with the
     * same setup and params. */
    int (*save)(const void *state, oco_state_writer *w);
    int (*restore)(void *state, oco_state_reader *r);
} oco_coco_type;

/* ---- the built-in algorithms, as constants -------------------------------- */
/* seed 001's Lazy Lagrangians (src/algorithms/coco/llp*.c) */
extern const oco_coco_type *const oco_coco_llp;             /* full constraints, proximal */
extern const oco_coco_type *const oco_coco_llp_linearized;  /* (27)-(28); streams */
extern const oco_coco_type *const oco_coco_llp2;            /* non-proximal (24)-(26) */
extern const oco_coco_type *const oco_coco_llp2_linearized; /* LLP2 + (27); streams */
extern const oco_coco_type *const oco_coco_llp_perturbed;   /* g_t = g + b_t (29) */

/* competitors (src/algorithms/coco/, one file each) */
extern const oco_coco_type *const oco_coco_mosp;  /* Chen-Ling-Giannakis 2017 (needs form) */
extern const oco_coco_type *const oco_coco_valls; /* Valls et al. 2020 (anytime) */
extern const oco_coco_type *const oco_coco_sun;   /* Sun-Dey-Kapoor 2017 */
extern const oco_coco_type *const oco_coco_dpp;   /* Yu-Neely-Wei 2017, Algorithm 1 */

/* seed 003 (Sarkar-Mukhopadhyay-Sinha) and its baseline (lyapunov_adagrad.c,
 * sinha_vaze.c); all three stream and carry OCO_COCO_LONG_TERM */
extern const oco_coco_type *const oco_coco_lyapunov_adagrad;  /* Algorithm 1, several
                                                                 resources; CONSUMPTION */
extern const oco_coco_type *const oco_coco_sinha_vaze;        /* Sinha-Vaze 2024 Alg. 1 */
extern const oco_coco_type *const oco_coco_sinha_vaze_strong; /* its Theorem 2 variant */

/* 1 if the algorithm learns from linearised feedback only (no update_oracle
 * entry) and needs nothing from outside the stream (no closed form, no
 * setup.fixed_cons): it runs from `oco stream coco`. */
int oco_coco_type_streams(const oco_coco_type *type);

/* The coco algorithm NAME (registry of algo.h). NULL + OCO_ENOTFOUND listing
 * the known names. */
const oco_coco_type *oco_coco_find(const char *name);
/* The coco algorithm of a registry entry; NULL + OCO_EINVAL otherwise. */
const oco_coco_type *oco_coco_type_from_info(const oco_algo_info *info);

/* Everything oco_coco_new checks before it allocates: setup (d, k > 0; domain
 * of dimension d, bounded and of an accepted kind; G, L_g, g_max, F > 0 and
 * finite; D finite >= 0; budget finite; alpha > 0; T > 0 unless anytime;
 * fixed_cons well formed with m = k, d = d, required by NEEDS_FIXED; budget
 * zero for ZERO_BUDGET; rng for randomized), the params and the algorithm's
 * own check. 0 or OCO_EINVAL naming the field or key. Allocates nothing. */
int oco_coco_check(const oco_coco_type *type, const oco_coco_setup *setup,
                   const oco_param *params, size_t nparams);

/* ---- the wrapper ------------------------------------------------------------ */
typedef struct oco_coco oco_coco;

oco_coco *oco_coco_new(const oco_coco_type *type, const oco_coco_setup *setup,
                       const oco_param *params, size_t nparams);
void oco_coco_free(oco_coco *a); /* NULL is a no-op */

/* Play x_t into x (d). pred may be NULL. Errors with the state unchanged:
 * OCO_EINVAL (a malformed or non-finite prediction, wrong dimensions),
 * OCO_ESTATE (predict twice, or past the horizon of a horizon-bound
 * algorithm). */
int oco_coco_predict(oco_coco *a, const oco_coco_prediction *pred, double *x);

/* Linearised feedback at x_t. OCO_EINVAL for non-finite entries or for an
 * algorithm that needs the oracles (an update_oracle entry or
 * OCO_COCO_NEEDS_FORM);
 * OCO_ESTATE without a predict before. State unchanged on error. */
int oco_coco_update(oco_coco *a, const oco_coco_linear *fb);

/* Oracle feedback (dimensions must match; the form is required by
 * OCO_COCO_NEEDS_FORM algorithms and checked against m = k, d). */
int oco_coco_update_oracle(oco_coco *a, oco_coco_feedback *fb);

/* Restart at round 0 (next predict plays x, or x_1 if NULL; x != NULL needs
 * a reset entry). */
int oco_coco_reset(oco_coco *a, const double *x);

const oco_coco_type *oco_coco_get_type(const oco_coco *a);
const oco_coco_setup *oco_coco_get_setup(const oco_coco *a); /* D filled in */
size_t oco_coco_dim(const oco_coco *a);
size_t oco_coco_nconstraints(const oco_coco *a);
size_t oco_coco_round(const oco_coco *a);        /* completed updates */
const double *oco_coco_last_x(const oco_coco *a); /* x of the last predict */
/* The multipliers the next predict uses (k); OCO_EINVAL if the algorithm has
 * no multipliers entry. */
int oco_coco_multipliers(const oco_coco *a, double *lambda);
size_t oco_coco_memory(const oco_coco *a);

/* Checkpoint (include/oco/state.h), at any point of the protocol (between
 * rounds, or between predict and update): the algorithm's state, the
 * wrapper's round, pending predict and last x_t, and the state of setup.rng
 * if the setup has one. Head dims: d, k, T, the algorithm's needs and info flags, the
 * domain (kind and a fingerprint of its geometry: centre and the projections
 * of two far points), the bits of G, L_g, g_max, F, D, alpha, a fingerprint
 * of setup.fixed_cons, whether there is an rng, and the bits of the k budget
 * values. restore_state refuses (OCO_EINVAL) a state of another algorithm,
 * setup, params or library version, or a corrupt/truncated file (OCO_EIO if
 * it cannot be read), changing nothing; on success it also writes the saved
 * rng state into a's setup.rng (the caller's rng). */
int oco_coco_save_state(const oco_coco *a, const char *path);
int oco_coco_restore_state(oco_coco *a, const char *path);

OCO_END_DECLS
#endif
