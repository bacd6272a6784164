/* oco — constrained-OCO environments: built-in problem families and CSV
 * data, every round in closed form (oco_quad_map), and the exact hindsight
 * comparators.
 *
 * A problem is a rewindable sequence of rounds (f_t, g_t), f_t : X → R,
 * g_t : X → R^k convex quadratics (linear in most families). Rounds are
 * generated in order from an oco_rng stream of `seed`; rewind restarts the
 * same sequence, so hindsight replays instead of storing (except data
 * problems, which hold their rows).
 *
 * Families (CLI names):
 *   llp-exp1      STAND-IN for seed 001 §VII-I Exp 1 (the paper's functions
 *                 were not recovered; llp_sarkar.md A.7 [D]): d = k = 1,
 *                 f_t(x) = (x − 0.9)², g_t(x) = x − u_t, u_t ~ U[0.3, 1].
 *                 Domain [0, 1]. Perturbed form: g(x) = x, b_t = −u_t.
 *   llp-exp2      STAND-IN for Exp 2: f(x) = (x − 0.9)² (time-invariant),
 *                 g_t(x) = x − 0.5 + w_t, w_t ~ U[−0.2, 0.2]. g(x) = x − 0.5,
 *                 b_t = w_t.
 *   linear        f_t(x) = ⟨c_t, x⟩, g_{t,j}(x) = ⟨a_{t,j}, x⟩ − b_{t,j}:
 *                 random, time-varying, with a strictly feasible point in X
 *                 for every round (so both benchmarks are feasible).
 *   quadratic     convex quadratic costs ½(x − z_t)ᵀQ_t(x − z_t), linear
 *                 constraints as in `linear`.
 *   quadratic-constraints  quadratic costs and convex quadratic constraints
 *                 g_{t,j}(x) = ½ xᵀP_{t,j}x + ⟨a_{t,j}, x⟩ − b_{t,j}.
 *   resource      budgeted resource allocation: x ∈ [0, 1]^d allocations,
 *                 f_t(x) = −⟨v_t, x⟩ (values), k resources consumed at
 *                 rates w_{t,j} >= 0 against per-round capacity ρ_j:
 *                 g_{t,j}(x) = ⟨w_{t,j}, x⟩ − ρ_j.
 *   (data)        rows of a CSV problem file (linear f and g).
 * The worked classes of seed 003 §B.6 (approximately concave REWARDS R
 * written as costs f = −R with α < 1, or an approximately convex cost with
 * α > 1; no quadratic closed form of the cost, see oco_coco_problem_cost):
 *   vertex-cover  X = [0, 1]^d (inclusion probabilities of d vertices), a
 *                 random edge set E_t per round, f_t(x) = −Σ_{(i,j)∈E_t}
 *                 [1 − (1 − x_i)(1 − x_j)] (seed 003 (5)), α = 1/2 (eq (8)),
 *                 prices p_{t,j} >= 0: g_{t,j}(x) = ⟨p_{t,j}, x⟩ − ρ_j.
 *   dr-submodular X = [0, 1]^d, f_t = −F_t, F_t the multilinear extension
 *                 of a weighted coverage function with time-varying weights
 *                 (monotone DR-submodular, γ = 1, α = 1 − 1/e); knapsack
 *                 costs g_{t,j}(x) = ⟨c_{t,j}, x⟩ − ρ_j.
 *   phase-retrieval  X a box or ball containing 0: f_t(x) = (1/m)Σ_i
 *                 (|⟨a_{t,i}, x⟩| − y_{t,i})² + μ‖x‖² (non-convex), α =
 *                 α̂ ESTIMATED numerically (info.alpha_estimated = 1) as
 *                 max f_t/h_t, h_t a convex minorant; energy consumption
 *                 g_{t,j}(x) = s_{t,j}‖x‖² − ρ_j.
 * The exact generators, their parameters and bounds are documented in
 * src/problems/coco_gen.c (and coco_worked.c, coco_worked_pr.c for the
 * worked classes). */
#ifndef OCO_COCO_PROBLEM_H
#define OCO_COCO_PROBLEM_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/coco.h"
#include "oco/domain.h"

OCO_BEGIN_DECLS

typedef enum oco_coco_problem_kind {
    OCO_COCO_PROBLEM_LLP_EXP1 = 0,
    OCO_COCO_PROBLEM_LLP_EXP2,
    OCO_COCO_PROBLEM_LINEAR,
    OCO_COCO_PROBLEM_QUADRATIC,
    OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS,
    OCO_COCO_PROBLEM_RESOURCE,
    OCO_COCO_PROBLEM_DATA,
    OCO_COCO_PROBLEM_VERTEX_COVER,   /* the worked classes of seed 003 §B.6: */
    OCO_COCO_PROBLEM_DR_SUBMODULAR,  /* no closed-form cost (see      */
    OCO_COCO_PROBLEM_PHASE_RETRIEVAL /* oco_coco_problem_cost)        */
} oco_coco_problem_kind;

/* "llp-exp1", "llp-exp2", "linear", "quadratic", "quadratic-constraints",
 * "resource", "data", "vertex-cover", "dr-submodular", "phase-retrieval". */
const char *oco_coco_problem_kind_name(oco_coco_problem_kind kind);
int oco_coco_problem_kind_parse(const char *name, oco_coco_problem_kind *kind);

typedef struct oco_coco_problem_opts {
    oco_coco_problem_kind kind;
    size_t d;       /* dimension (llp-exp*: 1) */
    size_t k;       /* constraints; 0 = the family's default (1; resource: 2) */
    size_t T;       /* rounds (> 0) */
    uint64_t seed;
} oco_coco_problem_opts;

oco_coco_problem_opts oco_coco_problem_opts_default(void);

/* Valid bounds on X, for the algorithms' setup. */
typedef struct oco_coco_problem_info {
    double G;     /* sup ‖∇f_t(x)‖ */
    double L_g;   /* sup ‖J_t(x)‖ */
    double g_max; /* sup ‖g_t(x)‖ */
    double F;     /* sup |f_t(x)| */
    double alpha; /* f_t ∈ C_α (seed 003 (9)); 1 for the convex families,
                     1/2 vertex-cover, 1 − 1/e dr-submodular, α̂ (estimated)
                     phase-retrieval */
    const oco_quad_map *fixed_cons; /* g of a linearly perturbed family
                                       (g_t = g + b_t), else NULL */
    int alpha_estimated; /* 1: alpha is a numerical estimate (phase-retrieval's
                            α̂ = max f_t/h_t over sample points of X), not
                            a proven constant */
} oco_coco_problem_info;

typedef struct oco_coco_problem oco_coco_problem;

/* A built-in family on `dom` (kept by pointer; box or ball; llp-exp*: the
 * box [0, 1]). */
oco_coco_problem *oco_coco_problem_new(const oco_coco_problem_opts *opts, const oco_domain *dom);

/* A problem file: CSV with a header, columns c1..cd then, for each constraint
 * j = 1..k, A{j}_1..A{j}_d,b{j}; row t gives f_t(x) = ⟨c_t, x⟩ and
 * g_{t,j}(x) = ⟨A_{t,j}, x⟩ − b_{t,j}. d and k follow from the header.
 * Errors (OCO_EPARSE/OCO_EIO) name path:line:column. `dom` must have
 * dimension d: pass NULL to learn d first with oco_coco_problem_file_dims. */
oco_coco_problem *oco_coco_problem_from_csv(const char *path, const oco_domain *dom);
/* d and k from the file's header only. */
int oco_coco_problem_file_dims(const char *path, size_t *d, size_t *k);

void oco_coco_problem_free(oco_coco_problem *p);

size_t oco_coco_problem_dim(const oco_coco_problem *p);
size_t oco_coco_problem_nconstraints(const oco_coco_problem *p);
size_t oco_coco_problem_horizon(const oco_coco_problem *p);
const oco_domain *oco_coco_problem_domain(const oco_coco_problem *p);
const oco_coco_problem_info *oco_coco_problem_get_info(const oco_coco_problem *p);
/* "llp-exp1", ..., or "file:<path>". */
const char *oco_coco_problem_label(const oco_coco_problem *p);
/* 1 if every f_t and g_t is affine. */
int oco_coco_problem_is_linear(const oco_coco_problem *p);

void oco_coco_problem_rewind(oco_coco_problem *p);
/* Generate round t+1; OCO_ESTATE after T. Allocates nothing. */
int oco_coco_problem_next(oco_coco_problem *p);
size_t oco_coco_problem_round(const oco_coco_problem *p);

/* The current round in closed form (valid until the next next/rewind).
 * oco_coco_problem_cost returns NULL for the worked classes (vertex-cover,
 * dr-submodular, phase-retrieval): their cost is no quadratic; use the cost
 * oracle. */
const oco_quad_map *oco_coco_problem_cost(const oco_coco_problem *p); /* f_t, m = 1 */
const oco_quad_map *oco_coco_problem_cons(const oco_coco_problem *p); /* g_t, m = k */
/* Counting oracles bound to the current round (calls = 0; cons.form set).
 * For the worked classes the cost oracle gives f_t(x) and a GENERALIZED
 * subgradient of seed 003 (9), f(x) − αf(y) <= ⟨∇f(x), x − y⟩, not the
 * gradient: vertex-cover −½d_t (degrees in E_t, eq (8)); dr-submodular
 * −((1 − e^{−γ})/γ)∇F_t(z·x), z drawn with density ∝ e^{γ(z−1)} on [0, 1]
 * from the problem's own oracle stream (reseeded by rewind; the rounds do
 * not depend on it): an unbiased estimate of −∇F^s_t(x), so the inequality
 * holds in expectation; phase-retrieval α̂∇h_t(x) (Lemma 8). */
oco_grad_oracle oco_coco_problem_cost_oracle(oco_coco_problem *p);
oco_cons_oracle oco_coco_problem_cons_oracle(oco_coco_problem *p);

/* ---- hindsight -------------------------------------------------------------- */
typedef enum oco_coco_benchmark {
    OCO_COCO_BENCH_PER_ROUND = 0, /* min Σf_t(x) over {x ∈ X : g_t(x) <= 0 ∀t}
                                     (LLP's R_T, seed 001) */
    OCO_COCO_BENCH_LONG_TERM      /* min Σf_t(x) over {x ∈ X : Σ_t g_t(x) <= B} */
} oco_coco_benchmark;

const char *oco_coco_benchmark_name(oco_coco_benchmark b); /* "per-round", "long-term" */
int oco_coco_benchmark_parse(const char *name, oco_coco_benchmark *b);

typedef struct oco_coco_hindsight {
    double comparator; /* the optimum (upper end: objective of a feasible point) */
    double gap;        /* certified: comparator − optimum <= gap (0 = exact LP) */
    const char *method; /* "lp" (CLP), "closed-form", "barrier"; worked classes
                           (long-term only, an interval, gap > 0):
                           "lp-relaxation", "local+minorant" */
    size_t iterations;
} oco_coco_hindsight;

/* Replay the sequence (rewinding before and after) and compute the
 * benchmark's optimum and a minimiser (xstar, d, may be NULL). budget (k, NULL
 * = 0) is B of the long-term benchmark. OCO_EINFEASIBLE with a message when
 * the benchmark's set is empty (e.g. per-round constraints that no x meets
 * in every round) — never a silent number. The worked classes support only
 * OCO_COCO_BENCH_LONG_TERM (OCO_EINVAL for per-round) and give a certified
 * interval [comparator − gap, comparator] of the non-convex optimum
 * (src/hindsight/coco_opt_worked.c). */
int oco_coco_problem_hindsight(oco_coco_problem *p, oco_coco_benchmark bench,
                               const double *budget, double *xstar, oco_coco_hindsight *out);

OCO_END_DECLS
#endif
