/* Optimistic OGD: optimistic online mirror descent with the Euclidean
 * regulariser (universal.md §3, seed 004 Appendix E.2):
 *     x_t     = Π_X[x̂_t − η_t m_t]        (play, with the optimism m_t)
 *     x̂_{t+1} = Π_X[x̂_t − η_t ∇_t]        (update, the SAME η_t)
 * Step sizes exactly as the notes:
 *   convex (Lemma 10, §3.1):      η_t = min{ D/√(1 + V̄_{t−1}), 1/γ },
 *                                 V̄_{t−1} = Σ_{s=2}^{t−1} ‖∇_s − m_s‖²;
 *   λ-strongly convex (Lemma 12): η_t = 2/(γ + λt).
 * The optimism m_t is the hint given to predict, or by default the learner's
 * own previous feedback gradient ∇_{t−1} (m_1 = 0) [S/D, §3]. With that
 * default m_s = ∇_{s−1}, so V̄ is the notes' Σ‖∇_s − ∇_{s−1}‖²; with external
 * hints we accumulate ‖∇_s − m_s‖², the quantity optimistic OMD's analysis
 * actually pays [D]. γ = 0 (default) means no 1/γ cap and η_t = 2/(λt); the
 * universal ensemble sets γ from its §7 constants. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oco/base_common.h"
#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"

static const oco_param_spec oogd_params[] = {
    {"gamma", 0.0, "0",
     "stability constant γ of Lemmas 10/12 (convex cap 1/γ; sc step 2/(γ+λt)); 0 = none: "
     "no 1/γ cap, outside Lemma 10's bound (the ensemble sets §7's γ)",
     "D"},
    {"lambda", NAN, "setup.lambda",
     "strong convexity λ: > 0 selects η_t = 2/(γ+λt) (Lemma 12), 0 the convex step (Lemma 10)",
     "D"},
    {"optimism", 1.0, "1",
     "default optimism when no hint is given: 1 = last gradient ∇_{t−1}, 0 = zero", "S"},
};
#define NP (sizeof oogd_params / sizeof oogd_params[0])

typedef struct oogd_state {
    size_t d;
    const oco_domain *dom;
    double D, gamma, lambda;
    int last_grad;
    size_t t;      /* completed updates */
    double eta;    /* η_t of the current round */
    double V;      /* V̄_{t−1} */
    double *xhat;  /* x̂_t */
    double *m;     /* optimism used in the current round */
    double *gprev; /* ∇_{t−1} (0 before the first update) */
} oogd_state;

/* The parameters, validated: the one reading shared by check and create. */
typedef struct oogd_conf {
    double gamma, lambda;
    int last_grad;
} oogd_conf;

static int oogd_read(const oco_learner_setup *s, const oco_param *p, size_t np, oogd_conf *c)
{
    c->gamma = oco__param_or(oogd_params, NP, p, np, "gamma", 0.0);
    c->lambda = oco__param_or(oogd_params, NP, p, np, "lambda", s->lambda);
    const double opt = oco__param_or(oogd_params, NP, p, np, "optimism", 1.0);
    if (!(c->gamma >= 0))
        return oco_set_error(OCO_EINVAL, "optimistic-ogd: gamma must be >= 0 (got %.17g)",
                             c->gamma);
    if (!(c->lambda >= 0))
        return oco_set_error(OCO_EINVAL, "optimistic-ogd: lambda must be >= 0 (got %.17g)",
                             c->lambda);
    if (!(opt == 0 || opt == 1))
        return oco_set_error(OCO_EINVAL, "optimistic-ogd: optimism must be 0 or 1 (got %.17g)",
                             opt);
    c->last_grad = opt == 1;
    return OCO_OK;
}

static int oogd_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    oogd_conf c;
    return oogd_read(s, p, np, &c);
}

static void *oogd_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    oogd_conf c = {.gamma = 0};
    /* the universal ensemble calls create directly: validate by the same code */
    if (oogd_read(s, p, np, &c) != OCO_OK)
        return NULL;
    oogd_state *st = calloc(1, sizeof *st + 3 * s->d * sizeof(double));
    if (!st) {
        oco_set_error(OCO_ENOMEM, "optimistic-ogd: out of memory");
        return NULL;
    }
    st->d = s->d;
    st->dom = s->domain;
    st->D = s->D;
    st->gamma = c.gamma;
    st->lambda = c.lambda;
    st->last_grad = c.last_grad;
    st->xhat = (double *)(st + 1);
    st->m = st->xhat + s->d;
    st->gprev = st->m + s->d;
    oco_domain_center(s->domain, st->xhat); /* common x̂_1 = x_0 (§5.1) [D] */
    return st;
}

/* Round 0 again with x̂_1 = x (or the centre): V̄_0 = 0, ∇_0 = 0 (so the
 * default optimism is m_1 = 0) and t = 0, every field as create leaves it.
 * The next predict then plays x_1 = Π_X[x̂_1 − η_1 m_1], which is x itself
 * unless a hint is given (optimistic OMD's play step). */
static int oogd_reset(void *state, const double *x)
{
    oogd_state *st = state;
    if (x)
        oco_copy(x, st->xhat, st->d);
    else
        oco_domain_center(st->dom, st->xhat);
    oco_fill(st->m, st->d, 0.0);
    oco_fill(st->gprev, st->d, 0.0);
    st->t = 0;
    st->eta = 0.0;
    st->V = 0.0;
    return OCO_OK;
}

static int oogd_predict(void *state, const double *hint, double *x)
{
    oogd_state *st = state;
    double t = (double)(st->t + 1);
    if (st->lambda > 0) {
        st->eta = 2.0 / (st->gamma + st->lambda * t);
    } else {
        st->eta = st->D / sqrt(1.0 + st->V);
        if (st->gamma > 0 && 1.0 / st->gamma < st->eta)
            st->eta = 1.0 / st->gamma;
    }
    if (hint)
        oco_copy(hint, st->m, st->d);
    else if (st->last_grad)
        oco_copy(st->gprev, st->m, st->d);
    else
        oco_fill(st->m, st->d, 0.0);
    for (size_t i = 0; i < st->d; ++i)
        x[i] = st->xhat[i] - st->eta * st->m[i];
    return oco_domain_project(st->dom, x);
}

static int oogd_update(void *state, const double *g, double value)
{
    (void)value;
    oogd_state *st = state;
    if (st->t >= 1) { /* V̄ sums from s = 2 (§3.1) */
        double s = 0;
        for (size_t i = 0; i < st->d; ++i) {
            double e = g[i] - st->m[i];
            s += e * e;
        }
        st->V += s;
    }
    oco_axpy(-st->eta, g, st->xhat, st->d);
    int rc = oco_domain_project(st->dom, st->xhat);
    if (rc != OCO_OK)
        return rc;
    oco_copy(g, st->gprev, st->d);
    st->t++;
    return OCO_OK;
}

static size_t oogd_memory(const void *state)
{
    const oogd_state *st = state;
    return sizeof *st + 3 * st->d * sizeof(double);
}

static void oogd_destroy(void *state) { free(state); }

/* Checkpoint: t, η_t and m_t of the current round (a save may fall between
 * predict and update), V̄, x̂_t and ∇_{t−1}. */
static int oogd_save(const void *state, oco_state_writer *w)
{
    const oogd_state *st = state;
    oco_state_put_size(w, st->d);
    oco_state_put_size(w, st->t);
    oco_state_put_f64(w, st->eta);
    oco_state_put_f64(w, st->V);
    oco_state_put_f64v(w, st->xhat, 3 * st->d); /* xhat, m, gprev: one block */
    return OCO_OK;
}

static int oogd_restore(void *state, oco_state_reader *r)
{
    oogd_state *st = state;
    int rc = oco_state_expect_size(r, st->d, "optimistic-ogd dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &st->t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->eta);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->V);
    return rc == OCO_OK ? oco_state_get_f64v(r, st->xhat, 3 * st->d) : rc;
}

const oco_learner_type oco__learner_optimistic_ogd = {
    .info =
        {
            .name = "optimistic-ogd",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "optimistic OGD; eta_t = min{D/sqrt(1+V_{t-1}), 1/gamma} or 2/(gamma+lambda t)",
            .source = "seed 004, Appendix E.2, Lemmas 10 and 12 (universal.md 3.1-3.2)",
            .derived = "x_1 = domain centre; V accumulates |grad_s - m_s|^2 with external hints [D]",
            .params = oogd_params,
            .nparams = NP,
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_OPTIMISTIC | OCO_ALGO_RESETTABLE,
        },
    .domains = 0,
    .check = oogd_check,
    .create = oogd_create,
    .reset = oogd_reset,
    .predict = oogd_predict,
    .update = oogd_update,
    .update_oracle = NULL,
    .memory = oogd_memory,
    .destroy = oogd_destroy,
    .save = oogd_save,
    .restore = oogd_restore,
};
