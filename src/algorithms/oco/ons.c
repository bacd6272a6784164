/* Online Newton step, plain and optimistic, with the exact generalized
 * projection Π^U_X[y] = argmin_{x∈X} (x − y)ᵀU(x − y).
 *
 * ons (Hazan, Agarwal, Kale, MLJ 2007, Alg. 2; universal.md §9.1):
 *     A_t = εI + Σ_{s≤t} ∇_s∇_sᵀ,  x_{t+1} = Π^{A_t}_X[x_t − (1/β) A_t⁻¹ ∇_t],
 *     β = ½·min{1/(4GD), α},  ε = 1/(β²D²).
 * optimistic-ons (seed 004, Lemma 11; universal.md §3.3):
 *     U_t = γI + (αG²/2)I + (α/2) Σ_{s=1}^{t−1} ∇_s∇_sᵀ,
 *     x_t     = Π^{U_t}_X[x̂_t − U_t⁻¹ m_t],
 *     x̂_{t+1} = Π^{U_t}_X[x̂_t − U_t⁻¹ ∇_t]   (the same U_t in both steps).
 * G is setup.G: the ensemble passes G_exp = G + α_i G² D there (§3.3, the
 * notes' correction of the paper's G + GD).
 *
 * Two engines, the same mathematics (the decisions agree to rounding; tested
 * in tests/unit/test_oco_ons_fast.c):
 *  - ball (default): solvers/uball.h. U is a running sum of rank-one terms;
 *    a tridiagonal reduction of U recomputed every rank_max rounds plus the
 *    columns added since (Woodbury) make U⁻¹v and every Newton step of the
 *    projection's 1-D root find O(d²) resp. O(d·rank_max²), so a round is
 *    O(d²) plus an amortised O(d³/rank_max) [D]. The unprojected point is
 *    tested first; the root find runs only when it lies outside the ball.
 *  - box, simplex, or the ball with param exact_qp = 1 (the reference) or
 *    d > eig_threshold: solvers/qp_domain.h (ball: Cholesky of U + νI per
 *    Newton step, warm-started, or one eigendecomposition per round; box/
 *    simplex: a finite active-set QP), with U⁻¹v from a Cholesky factor of U
 *    kept by O(d²) rank-one updates (LINPACK dchud).
 * All buffers are allocated in create; a round allocates nothing (tested in
 * tests/unit/test_oco_alloc.c by counting malloc calls). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oco/base_common.h"
#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "core/linalg_internal.h" /* the Cholesky kernels behind oco/linalg.h */
#include "solvers/qp_domain.h"
#include "solvers/uball.h"

/* Engine selection, shared by both learners [D]. */
#define ENGINE_PARAMS                                                                       \
    {"exact_qp", 0.0, "0",                                                                  \
     "ball: 0 = tridiagonal reduction + rank-one columns, O(d^2) per round "                \
     "(solvers/uball.h); 1 = refactorize U + nu I per Newton step, O(d^3) per round, the "  \
     "reference (solvers/qp_domain.h); the same decisions to rounding",                     \
     "D"},                                                                                  \
    {"rank_max", 0.0, "0 (auto, ~0.6 d^0.55)",                                             \
     "ball, exact_qp = 0: rank-one columns kept before the reduction of U is recomputed",   \
     "D"},                                                                                  \
    {"eig_threshold", 1e9, "1e9 (never)",                                                   \
     "ball, exact_qp = 1: eigendecomposition (LAPACK dsyevd) when d > this, else Cholesky " \
     "of U + nu I per Newton step; d > this also implies exact_qp = 1",                     \
     "D"}

static const oco_param_spec ons_params[] = {
    {"alpha", NAN, "setup.alpha, else lambda/G^2, else 1",
     "exp-concavity α (working definition of universal.md §1)", "D"},
    {"beta", NAN, "min(1/(4GD), alpha)/2", "ONS step parameter β (Hazan et al. 2007)", "R"},
    {"eps", NAN, "1/(beta^2 D^2)", "initial A_0 = εI (Hazan et al. 2007)", "R"},
    ENGINE_PARAMS,
};

static const oco_param_spec oons_params[] = {
    {"alpha", NAN, "setup.alpha, else lambda/G^2, else 1",
     "exp-concavity α_i of the base (Lemma 11)", "D"},
    {"gamma", NAN, "2/(alpha D^2)",
     "stability constant γ in U_t = γI + (αG²/2)I + ... (Lemma 11; the bound needs γ > 0; "
     "the default mirrors ONS's βε = 1/(βD²) with β = α/2 [D]; the ensemble sets §7's γ)",
     "D"},
    {"optimism", 1.0, "1",
     "default optimism when no hint is given: 1 = last gradient ∇_{t−1}, 0 = zero", "S"},
    ENGINE_PARAMS,
};

typedef struct ons_state {
    size_t d;
    const oco_domain *dom;
    int optimistic;
    int last_grad;
    double alpha, beta, gamma, G;
    double sigma; /* weight of ∇∇ᵀ in U: 1 (ons) or α/2 (optimistic) */
    size_t t;
    /* ball engine (uball) */
    oco_uball *ub;
    double nu_pred, nu_upd; /* warm starts of the two projection sites */
    /* generic engine (qp_domain) */
    oco_qpd *q;
    double *U, *L;   /* matrix and its Cholesky factor (lower), d×d */
    double *xhat;    /* x_t (ons) or x̂_t (optimistic) */
    double *m, *gprev, *y, *v;
    double *buf;     /* the one allocation holding the vectors (and U, L) */
    size_t bytes;
} ons_state;

static void ons_destroy(void *state)
{
    ons_state *st = state;
    if (!st)
        return;
    oco__uball_free(st->ub);
    oco__qpd_free(st->q);
    free(st->buf);
    free(st);
}

static void set_scaled_identity(ons_state *st, double c);

/* The parameters both ONS variants share (the projection engine), validated:
 * one reading for check and create. */
typedef struct ons_engine_conf {
    double eig_threshold, exact, rmax;
} ons_engine_conf;

static int ons_engine_read(const oco_param_spec *spec, size_t nspec, const oco_param *p,
                           size_t np, double u0, const char *nm, ons_engine_conf *c)
{
    c->eig_threshold = oco__param_or(spec, nspec, p, np, "eig_threshold", 1e9);
    c->exact = oco__param_or(spec, nspec, p, np, "exact_qp", 0.0);
    c->rmax = oco__param_or(spec, nspec, p, np, "rank_max", 0.0);
    if (!(c->eig_threshold >= 0))
        return oco_set_error(OCO_EINVAL, "%s: eig_threshold must be >= 0", nm);
    if (!(c->exact == 0 || c->exact == 1))
        return oco_set_error(OCO_EINVAL, "%s: exact_qp must be 0 or 1", nm);
    if (!(c->rmax >= 0 && c->rmax <= 1e6 && c->rmax == floor(c->rmax)))
        return oco_set_error(OCO_EINVAL, "%s: rank_max must be an integer in [0, 1e6]", nm);
    if (!(u0 > 0) || !isfinite(u0))
        return oco_set_error(OCO_EINVAL,
                             "%s: the initial matrix u0·I needs finite u0 > 0 (got %.17g)", nm, u0);
    return OCO_OK;
}

/* u0: U_1 = u0·I. */
static ons_state *ons_alloc(const oco_learner_setup *s, const oco_param_spec *spec, size_t nspec,
                            const oco_param *p, size_t np, double u0, const char *nm)
{
    size_t d = s->d;
    ons_engine_conf ec;
    if (ons_engine_read(spec, nspec, p, np, u0, nm, &ec) != OCO_OK)
        return NULL;
    const double eig_threshold = ec.eig_threshold, exact = ec.exact, rmax = ec.rmax;
    ons_state *st = calloc(1, sizeof *st);
    if (!st) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    st->d = d;
    st->dom = s->domain;
    st->G = s->G;
    size_t nd = 3 * d;
    int ball = oco_domain_get_kind(s->domain) == OCO_DOMAIN_BALL;
    if (ball && exact == 0 && (double)d <= eig_threshold) {
        double R;
        double *cbuf = malloc(d * sizeof *cbuf);
        if (!cbuf) {
            free(st);
            oco_set_error(OCO_ENOMEM, "%s: out of memory (d = %zu)", nm, d);
            return NULL;
        }
        int rc = oco__qpd_domain_geometry(s->domain, cbuf, &R, NULL, NULL, NULL);
        st->ub = rc == OCO_OK ? oco__uball_new(d, cbuf, R, u0, (size_t)rmax) : NULL;
        free(cbuf);
        if (!st->ub) {
            free(st);
            return NULL;
        }
    } else {
        st->q = oco__qpd_new(s->domain, (size_t)fmin(eig_threshold, 1e9));
        if (!st->q) {
            free(st);
            return NULL;
        }
        nd = 2 * d * d + 5 * d;
    }
    st->buf = calloc(nd, sizeof(double));
    if (!st->buf) {
        ons_destroy(st);
        oco_set_error(OCO_ENOMEM, "%s: out of memory (d = %zu)", nm, d);
        return NULL;
    }
    if (st->ub) { /* m, gprev, y only */
        st->m = st->buf;
        st->gprev = st->m + d;
        st->y = st->gprev + d;
    } else {
        st->U = st->buf;
        st->L = st->U + d * d;
        st->xhat = st->L + d * d;
        st->m = st->xhat + d;
        st->gprev = st->m + d;
        st->y = st->gprev + d;
        st->v = st->y + d;
        oco_domain_center(s->domain, st->xhat);
        set_scaled_identity(st, u0);
    }
    st->bytes = sizeof *st + nd * sizeof(double) + oco__qpd_memory(st->q) +
                oco__uball_memory(st->ub);
    return st;
}

/* U = c·I, L = √c·I. */
static void set_scaled_identity(ons_state *st, double c)
{
    size_t d = st->d;
    memset(st->U, 0, 2 * d * d * sizeof(double));
    for (size_t i = 0; i < d; ++i) {
        st->U[i + i * d] = c;
        st->L[i + i * d] = sqrt(c);
    }
    oco__qpd_set_matrix(st->q, st->U);
}

/* U += σ ggᵀ and the matching rank-one update of L (LINPACK dchud). */
static int rank_one(ons_state *st, const double *g)
{
    if (st->ub)
        return oco__uball_add(st->ub, st->sigma, g);
    size_t d = st->d;
    double *U = st->U, *L = st->L, *v = st->v;
    double sq = sqrt(st->sigma);
    for (size_t j = 0; j < d; ++j) {
        double gj = st->sigma * g[j];
        for (size_t i = 0; i < d; ++i)
            U[i + j * d] += gj * g[i];
    }
    for (size_t i = 0; i < d; ++i)
        v[i] = sq * g[i];
    oco__chol_rank1_update(L, d, d, v);
    oco__qpd_set_matrix(st->q, st->U);
    return OCO_OK;
}

/* out = U⁻¹ b via the factor (out may alias b). */
static void usolve(const ons_state *st, const double *b, double *out)
{
    size_t d = st->d;
    if (out != b)
        oco_copy(b, out, d);
    oco__chol_solve(st->L, d, d, out);
}

/* out = Π^U_X[x̂ − η U⁻¹ m]; move: x̂ ← out (out may then be NULL). */
static int newton_step(ons_state *st, const double *m, double eta, double *out, int move,
                       double *nu)
{
    if (st->ub)
        return oco__uball_step(st->ub, m, eta, out, move, nu, NULL);
    usolve(st, m, st->y);
    for (size_t i = 0; i < st->d; ++i)
        st->y[i] = st->xhat[i] - eta * st->y[i];
    return oco__qpd_project(st->q, st->y, move ? st->xhat : out, NULL);
}

/* ---- ons ------------------------------------------------------------------ */

typedef struct ons_conf {
    double alpha, beta, eps;
} ons_conf;

static int ons_read(const oco_learner_setup *s, const oco_param *p, size_t np, ons_conf *c)
{
    const size_t n = sizeof ons_params / sizeof ons_params[0];
    c->alpha = oco__param_or(ons_params, n, p, np, "alpha",
                              oco_base_alpha(s->alpha, s->lambda, s->G));
    double beta0 = 0.5 * fmin(1.0 / (4.0 * s->G * s->D), c->alpha);
    c->beta = oco__param_or(ons_params, n, p, np, "beta", beta0);
    c->eps = oco__param_or(ons_params, n, p, np, "eps", 1.0 / (c->beta * c->beta * s->D * s->D));
    if (!(c->alpha > 0) || !(c->beta > 0) || !(c->eps > 0))
        return oco_set_error(OCO_EINVAL, "ons: %s must be > 0",
                             !(c->alpha > 0) ? "alpha" : !(c->beta > 0) ? "beta" : "eps");
    ons_engine_conf ec;
    return ons_engine_read(ons_params, n, p, np, c->eps, "ons", &ec);
}

static int ons_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    ons_conf c;
    return ons_read(s, p, np, &c);
}

static void *ons_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    const size_t n = sizeof ons_params / sizeof ons_params[0];
    ons_conf c;
    if (ons_read(s, p, np, &c) != OCO_OK)
        return NULL;
    ons_state *st = ons_alloc(s, ons_params, n, p, np, c.eps, "ons");
    if (!st)
        return NULL;
    st->alpha = c.alpha;
    st->beta = c.beta;
    st->sigma = 1.0;
    return st;
}

static int ons_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    ons_state *st = state;
    if (st->ub)
        oco__uball_point(st->ub, x);
    else
        oco_copy(st->xhat, x, st->d);
    return OCO_OK;
}

static int ons_update(void *state, const double *g, double value)
{
    (void)value;
    ons_state *st = state;
    int rc = rank_one(st, g); /* A_t includes ∇_t */
    if (rc == OCO_OK)
        rc = newton_step(st, g, 1.0 / st->beta, NULL, 1, &st->nu_upd);
    if (rc != OCO_OK)
        return rc;
    st->t++;
    return OCO_OK;
}

/* ---- optimistic-ons ------------------------------------------------------- */

typedef struct oons_conf {
    double alpha, gamma, opt;
} oons_conf;

static int oons_read(const oco_learner_setup *s, const oco_param *p, size_t np, oons_conf *c)
{
    const size_t n = sizeof oons_params / sizeof oons_params[0];
    c->alpha = oco__param_or(oons_params, n, p, np, "alpha",
                              oco_base_alpha(s->alpha, s->lambda, s->G));
    c->gamma = oco__param_or(oons_params, n, p, np, "gamma", 2.0 / (c->alpha * s->D * s->D));
    c->opt = oco__param_or(oons_params, n, p, np, "optimism", 1.0);
    if (!(c->alpha > 0) || !(c->gamma >= 0) || !(c->opt == 0 || c->opt == 1))
        return oco_set_error(OCO_EINVAL, "optimistic-ons: %s",
                             !(c->alpha > 0)    ? "alpha must be > 0"
                             : !(c->gamma >= 0) ? "gamma must be >= 0"
                                                : "optimism must be 0 or 1");
    ons_engine_conf ec;
    return ons_engine_read(oons_params, n, p, np, c->gamma + c->alpha * s->G * s->G / 2,
                           "optimistic-ons", &ec);
}

static int oons_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    oons_conf c;
    return oons_read(s, p, np, &c);
}

static void *oons_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    const size_t n = sizeof oons_params / sizeof oons_params[0];
    oons_conf c;
    if (oons_read(s, p, np, &c) != OCO_OK)
        return NULL;
    ons_state *st = ons_alloc(s, oons_params, n, p, np, c.gamma + c.alpha * s->G * s->G / 2,
                              "optimistic-ons");
    if (!st)
        return NULL;
    st->optimistic = 1;
    st->last_grad = c.opt == 1;
    st->alpha = c.alpha;
    st->gamma = c.gamma;
    st->sigma = c.alpha / 2;
    return st;
}

static int oons_predict(void *state, const double *hint, double *x)
{
    ons_state *st = state;
    const double *m = hint ? hint : st->last_grad ? st->gprev : NULL;
    if (!m) { /* m_t = 0: x_t = Π[x̂_t] = x̂_t */
        if (st->ub) {
            oco__uball_point(st->ub, x);
            return OCO_OK;
        }
        oco_fill(st->m, st->d, 0.0);
        m = st->m;
    }
    return newton_step(st, m, 1.0, x, 0, &st->nu_pred);
}

static int oons_update(void *state, const double *g, double value)
{
    (void)value;
    ons_state *st = state;
    int rc = newton_step(st, g, 1.0, NULL, 1, &st->nu_upd); /* same U_t */
    if (rc == OCO_OK)
        rc = rank_one(st, g); /* U_{t+1} */
    if (rc != OCO_OK)
        return rc;
    oco_copy(g, st->gprev, st->d);
    st->t++;
    return OCO_OK;
}

static size_t ons_memory(const void *state) { return ((const ons_state *)state)->bytes; }

/* Checkpoint (both learners): t, the warm starts, the vector block (ball
 * engine: m, ∇_{t−1} and scratch; generic engine: U, its factor L, x̂, m,
 * ∇_{t−1} and scratch) and the engine's own state (uball: U, reduction,
 * columns, x̂; qp_domain: its warm start). */
static size_t ons_block(const ons_state *st)
{
    return st->ub ? 3 * st->d : 2 * st->d * st->d + 5 * st->d;
}

static int ons_save(const void *state, oco_state_writer *w)
{
    const ons_state *st = state;
    oco_state_put_size(w, st->d);
    oco_state_put_int(w, st->ub != NULL);
    oco_state_put_size(w, st->t);
    oco_state_put_f64(w, st->nu_pred);
    oco_state_put_f64(w, st->nu_upd);
    oco_state_put_f64v(w, st->buf, ons_block(st));
    if (st->ub)
        oco__uball_save(st->ub, w);
    else
        oco__qpd_save(st->q, w);
    return OCO_OK;
}

static int ons_restore(void *state, oco_state_reader *r)
{
    ons_state *st = state;
    int ub = 0;
    int rc = oco_state_expect_size(r, st->d, "ons dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &ub);
    if (rc == OCO_OK && ub != (st->ub != NULL))
        rc = oco_set_error(OCO_EINVAL, "ons state: saved with the %s engine", ub ? "ball" : "generic");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &st->t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->nu_pred);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->nu_upd);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->buf, ons_block(st));
    if (rc != OCO_OK)
        return rc;
    if (st->ub)
        return oco__uball_restore(st->ub, r);
    oco__qpd_set_matrix(st->q, st->U); /* the restored U: cached factorizations dropped */
    return oco__qpd_restore(st->q, r);
}

#define ONS_DOMAINS \
    ((1u << OCO_DOMAIN_BALL) | (1u << OCO_DOMAIN_BOX) | (1u << OCO_DOMAIN_SIMPLEX))

const oco_learner_type oco__learner_ons = {
    .info =
        {
            .name = "ons",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "online Newton step, exact A_t-norm projection (ball, box, simplex)",
            .source = "Hazan, Agarwal, Kale 2007, Alg. 2; seed 004 Prop. 1 exp-concave base (9.1)",
            .derived = "x_1 = domain centre; default alpha rule [D]",
            .params = ons_params,
            .nparams = sizeof ons_params / sizeof ons_params[0],
            .flags = OCO_ALGO_ANYTIME,
        },
    .domains = ONS_DOMAINS,
    .check = ons_check,
    .create = ons_create,
    .reset = NULL,
    .predict = ons_predict,
    .update = ons_update,
    .update_oracle = NULL,
    .memory = ons_memory,
    .destroy = ons_destroy,
    .save = ons_save,
    .restore = ons_restore,
};

const oco_learner_type oco__learner_optimistic_ons = {
    .info =
        {
            .name = "optimistic-ons",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "optimistic ONS, U_t = (gamma + alpha G^2/2) I + (alpha/2) sum grad grad^T",
            .source = "seed 004, Appendix E.2, Lemma 11 (universal.md 3.3)",
            .derived = "projections written as U-norm projections; x_1 = domain centre [D]",
            .params = oons_params,
            .nparams = sizeof oons_params / sizeof oons_params[0],
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_OPTIMISTIC,
        },
    .domains = ONS_DOMAINS,
    .check = oons_check,
    .create = oons_create,
    .reset = NULL,
    .predict = oons_predict,
    .update = oons_update,
    .update_oracle = NULL,
    .memory = ons_memory,
    .destroy = ons_destroy,
    .save = ons_save,
    .restore = ons_restore,
};
