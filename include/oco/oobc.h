/* oco — online optimization with strict budget (inventory) constraints over
 * short episodes (OOBC, seed 000; olp_laau.md Part 2).
 *
 * Episode of N steps (§2.1):
 *   start:  budgets B ∈ R^M are revealed (B_m > 0);
 *   step t: the context c_t ∈ R^p is revealed, the policy decides
 *           x_t ∈ [lo, hi] ⊂ R^d, and the budget is drawn down,
 *           b_{t+1} = b_t − g(x_t, c_t)                       (b_1 = B);
 *   the constraint Σ_t g(x_t, c_t) ≤ B holds STRICTLY (never exceeded);
 *   the cost is Σ_t l(x_t, c_t) (the reported utility is −l; for fairness
 *   the utility c·log x). Unused budget is lost at the end.
 *
 * This is a protocol of its own (DESIGN.md: allocation with context first,
 * strict budgets, continuous decisions): unlike olp the decision is a
 * continuous vector through convex functions, and unlike coco the budget is
 * a hard per-episode inventory, not a long-term target.
 *
 * Three objects:
 *   oco_oobc_class  the problem's functions l, g (values, gradients,
 *                   Hessians), the box and the reserve of the §2.3 guard; a
 *                   user may define one (callbacks), two are built in
 *                   (oobc_problem.h: fairness, multi-budget);
 *   oco_oobc_data   a set of episodes (B and c_1..c_N each), plain arrays;
 *   oco_oobc        a policy (vtable oco_oobc_type) playing episodes.
 *
 * The budget-reserve guard (§2.3 [D]): at step t (1-based) the policy is
 * given b̃_t = b_t − (N − t)·r, where r ∈ R^M is the class's per-step
 * reserve (r_m ≥ g_m(x_safe, c) for every context, x_safe a decision the
 * class names). Deciding with g(x_t) ≤ b̃_t keeps x_safe affordable for
 * every remaining step, so no step is ever forced below the box (for
 * fairness r = 1 = x_min, and x_t ≥ 1 always; feasible since B ≥ 10N ≥ N).
 * The wrapper checks g(x_t, c_t) ≤ b_t (relative slack 1e-9) after every
 * decision and fails the step otherwise, so a policy cannot silently
 * overspend.
 *
 * Typical use (an embedded, trained LAAU policy):
 *     oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
 *     oco_oobc_model *m = oco_oobc_model_load("laau.json");   // oobc_model.h
 *     oco_oobc_setup s = oco_oobc_setup_default();
 *     s.cls = cls; s.N = 20; s.model = m;
 *     oco_oobc *pol = oco_oobc_new(oco_oobc_laau, &s, NULL, 0);
 *     oco_oobc_begin(pol, &B, NULL);
 *     for (t = 0; t < N; ++t) oco_oobc_decide(pol, c[t], &x[t]);
 *     oco_oobc_free(pol); oco_oobc_model_free(m); oco_oobc_class_free(cls);
 */
#ifndef OCO_OOBC_H
#define OCO_OOBC_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/algo.h"
#include "oco/params.h"
#include "oco/state.h"

OCO_BEGIN_DECLS

/* ---- the problem class: per-step functions --------------------------------- */
typedef struct oco_oobc_class oco_oobc_class;
struct oco_oobc_class {
    const char *name;     /* "fairness", "multi-budget", or the user's */
    size_t d;             /* decision dimension (>= 1) */
    size_t M;             /* resources (>= 1) */
    size_t p;             /* context entries per step (>= 1) */
    const double *lo;     /* d: box lower bounds (finite) */
    const double *hi;     /* d: box upper bounds (finite, > lo) */
    const double *x_safe; /* d: a decision in the box affordable at every step */
    const double *reserve; /* M: r_m >= g_m(x_safe, c) for every context (>= 0) */
    /* Per-step budget range of the class's generated instances: B_m drawn
     * uniformly in [N·budget_lo[m], N·budget_hi[m]] (fairness: [10, 15], §2.3). */
    const double *budget_lo, *budget_hi; /* M each */
    /* l(x, c): *f; grad[d] and hess[d·d] (column-major) unless NULL.
     * 0, or an OCO_E code (e.g. OCO_EINVAL: x outside l's domain). */
    int (*loss)(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                double *grad, double *hess);
    /* g(x, c) ∈ R^M: g[M]; jac[M·d] (row m at jac + m·d = ∇g_m) and
     * hess[M·d·d] (block m at hess + m·d·d, column-major) unless NULL.
     * Each g_m must be convex and >= 0 on the box. */
    int (*use)(const oco_oobc_class *cls, const double *c, const double *x, double *g,
               double *jac, double *hess);
    /* Optional closed form of the layer of eq. (4) (NULL: the general
     * interior-point layer is used):
     *     x = argmin_x l(x, c) + λᵀg(x, c)  s.t. g(x, c) <= b_eff, x in the box,
     * dx_dlam[d·M], dx_db[d·M] (column k = ∂x/∂λ_k, ∂x/∂b_k) unless NULL.
     * b_eff may hold +INFINITY (no budget constraint). */
    int (*layer)(const oco_oobc_class *cls, const double *c, const double *lambda,
                 const double *b_eff, double *x, double *dx_dlam, double *dx_db);
    void *data; /* the class's own constants */
};

/* 0, or OCO_EINVAL naming the first bad field (dimensions, box, reserve,
 * missing callbacks). Every constructor of this module calls it. */
int oco_oobc_class_check(const oco_oobc_class *cls);

/* ---- a set of episodes ------------------------------------------------------ */
typedef struct oco_oobc_data {
    size_t n;       /* episodes */
    size_t N;       /* steps per episode (>= 1) */
    size_t M;       /* budgets per episode */
    size_t p;       /* context entries per step */
    double *B;      /* n·M: episode i's budgets at B + i·M */
    double *c;      /* n·N·p: episode i, step t (0-based) at c + (i·N + t)·p */
    char label[128]; /* what the data is, e.g. "synthetic (diurnal+AR(1), seed 1)" */
} oco_oobc_data;

/* Zero-filled, label "". NULL + OCO_EINVAL / OCO_ENOMEM. */
oco_oobc_data *oco_oobc_data_new(size_t n, size_t N, size_t M, size_t p);
void oco_oobc_data_free(oco_oobc_data *d);
/* A copy of episodes [first, first + count); NULL + OCO_EINVAL out of range. */
oco_oobc_data *oco_oobc_data_slice(const oco_oobc_data *d, size_t first, size_t count);
/* 0 or OCO_EINVAL when data does not fit the class (M, p), N differs from
 * N (0: any), or holds a non-finite value or a budget <= 0. */
int oco_oobc_data_check(const oco_oobc_data *d, const oco_oobc_class *cls, size_t N);

/* ---- the policy protocol ------------------------------------------------------ */
typedef struct oco_oobc_model oco_oobc_model; /* oobc_model.h */

typedef struct oco_oobc_setup {
    const oco_oobc_class *cls;   /* required; the caller's, not copied */
    size_t N;                    /* steps per episode (>= 1) */
    const oco_oobc_model *model; /* OCO_OOBC_NEEDS_MODEL: the trained network */
    const oco_oobc_data *train;  /* OCO_OOBC_NEEDS_TRAIN: a training sample
                                    (same class and N) the policy fits on */
} oco_oobc_setup;

/* cls NULL, N 0, model NULL, train NULL. */
oco_oobc_setup oco_oobc_setup_default(void);

/* oco_oobc_type.needs */
enum {
    OCO_OOBC_NEEDS_MODEL = 1u << 0, /* laau, rl */
    OCO_OOBC_NEEDS_TRAIN = 1u << 1, /* avg-lt, cr-pursuit */
    OCO_OOBC_SINGLE_BUDGET = 1u << 2 /* defined for M = 1 only (cr-pursuit, rl) */
};

typedef struct oco_oobc_type {
    oco_algo_info info; /* first member; info.protocol = OCO_PROTOCOL_OOBC */
    unsigned needs;     /* OCO_OOBC_* */
    /* Optional: validate setup and params beyond the wrapper (no allocation). */
    int (*check)(const oco_oobc_setup *setup, const oco_param *params, size_t nparams);
    /* Allocate and initialise (fits on setup->train here); setup validated. */
    void *(*create)(const oco_oobc_setup *setup, const oco_param *params, size_t nparams);
    /* A new episode with budgets B[M]. */
    int (*begin)(void *state, const double *B);
    /* Step t (0-based): context c[p], remaining budget b[M] = b_{t+1} of the
     * 1-based text, guarded budget b_eff[M] = max(b − (N−1−t)·reserve,
     * reserve) (the max only undoes rounding of the draw-down). Writes
     * x[d] in the box with g(x, c) <= b_eff (the policy's own projection). */
    int (*decide)(void *state, size_t t, const double *c, const double *b,
                  const double *b_eff, double *x);
    /* Optional: the multiplier λ_t of the last decision (M), for traces. */
    int (*multiplier)(const void *state, double *lambda);
    size_t (*memory)(const void *state); /* optional */
    void (*destroy)(void *state);
    /* Checkpoint (include/oco/state.h): every field that changes after
     * create (per-episode quantities, prices, running benchmarks, the last
     * multiplier); restore is called on a fresh state made by create with
     * the same setup and params, so what create derives from them (a
     * fitted price, the model's weights) need not be saved. */
    int (*save)(const void *state, oco_state_writer *w);
    int (*restore)(void *state, oco_state_reader *r);
} oco_oobc_type;

/* ---- the built-in policies (src/algorithms/oobc/) --------------------------- */
extern const oco_oobc_type *const oco_oobc_laau;       /* seed 000 Algorithm 1 */
extern const oco_oobc_type *const oco_oobc_equal;      /* Equal: budget B/N per step */
extern const oco_oobc_type *const oco_oobc_avg_lt;     /* AVG-LT: one λ fit on training data */
extern const oco_oobc_type *const oco_oobc_dgd;        /* DMD, Euclidean (dual gradient descent) */
extern const oco_oobc_type *const oco_oobc_mw;         /* DMD, entropic (multiplicative weights) */
extern const oco_oobc_type *const oco_oobc_cr_pursuit; /* CR-Pursuit(π) of Lin et al. */
extern const oco_oobc_type *const oco_oobc_rl;         /* end-to-end: the network predicts x */
/* OPT (the hindsight optimum) is not a policy: oobc_problem.h oco_oobc_opt,
 * and the runner's hindsight mode (oobc_runner.h). */

/* NULL + OCO_ENOTFOUND listing the known names. */
const oco_oobc_type *oco_oobc_find(const char *name);
/* NULL + OCO_EINVAL for a descriptor of another protocol. */
const oco_oobc_type *oco_oobc_type_from_info(const oco_algo_info *info);

/* Everything oco_oobc_new checks before it allocates: the class, N >= 1,
 * the model (kind, class name, N, dimensions) or training sample when the
 * type needs one, M = 1 for single-budget types, the params. */
int oco_oobc_check(const oco_oobc_type *type, const oco_oobc_setup *setup,
                   const oco_param *params, size_t nparams);

/* ---- the wrapper ---------------------------------------------------------------- */
typedef struct oco_oobc oco_oobc;

oco_oobc *oco_oobc_new(const oco_oobc_type *type, const oco_oobc_setup *setup,
                       const oco_param *params, size_t nparams);
void oco_oobc_free(oco_oobc *a); /* NULL is a no-op */

/* Start an episode: B[M], every B_m > 0 finite and B_m >= N·reserve_m
 * (else OCO_EINVAL). An unfinished episode is abandoned. */
int oco_oobc_begin(oco_oobc *a, const double *B);
/* The next step: context c[p] (finite); writes x[d]. OCO_ESTATE past step N
 * or before begin; OCO_ESOLVER if the policy's x leaves the box or would
 * exceed the remaining budget (the episode is then over). */
int oco_oobc_decide(oco_oobc *a, const double *c, double *x);

size_t oco_oobc_step(const oco_oobc *a);            /* steps decided this episode */
const double *oco_oobc_remaining(const oco_oobc *a); /* b (M) */
double oco_oobc_episode_loss(const oco_oobc *a);     /* Σ l(x_t, c_t) so far */
/* λ of the last decision (M); OCO_EINVAL if the policy has none. */
int oco_oobc_multiplier(const oco_oobc *a, double *lambda);
const oco_oobc_type *oco_oobc_get_type(const oco_oobc *a);
const oco_oobc_setup *oco_oobc_get_setup(const oco_oobc *a);
size_t oco_oobc_memory(const oco_oobc *a);

/* Checkpoint (include/oco/state.h), allowed at any point: before the first
 * episode, between episodes, or in the middle of one after any step. The
 * payload holds the wrapper's episode (under way or not, steps decided, Σ l
 * so far, B, the remaining b) and the policy's state (its save entry); the
 * setup has no rng. Head: protocol "oobc", the algorithm, its params as
 * given, and the dims, in this order:
 *    1 N, 2 M, 3 d, 4 p, 5 the type's needs flags,
 *    6 FNV-1a 64 of the class's name,
 *    7 a fingerprint of the class's constants (lo, hi, x_safe, reserve,
 *      budget_lo, budget_hi, whether it has a closed-form layer),
 *    8 a fingerprint of setup.model (kind, output map, N, layer sizes,
 *      activation, b_scale and every weight's bits; 0 unless the type
 *      needs a model), so a state made with other weights is refused,
 *    9 a fingerprint of setup.train (sizes and every B and c; 0 unless the
 *      type needs a training sample).
 * The class's callbacks cannot be fingerprinted: a user-defined class must
 * keep its name when its functions change. restore_state refuses
 * (OCO_EINVAL) a state of another algorithm, setup, params or library
 * version, or a corrupt/truncated file (OCO_EIO if it cannot be read),
 * changing nothing: the policy's state is rebuilt in a fresh object (create
 * runs again, e.g. a fit on setup.train) and swapped in only when all of it
 * loaded. */
int oco_oobc_save_state(const oco_oobc *a, const char *path);
int oco_oobc_restore_state(oco_oobc *a, const char *path);

OCO_END_DECLS
#endif
