/* Online gradient descent (Zinkevich, ICML 2003), projected:
 *     x_{t+1} = Π_X[x_t − η_t g_t],  x_1 = the domain's centre [D],
 * with η_t = D/(G√t) for convex losses (Hazan, Introduction to OCO, Thm 3.1:
 * Reg ≤ 1.5·G·D·√T) or η_t = 1/(λt) for λ-strongly convex ones (Hazan,
 * Agarwal, Kale, MLJ 2007, Thm 1: Reg ≤ (G²/2λ)(1 + ln T)). universal.md §9.1
 * uses exactly these two as the non-optimistic bases of Proposition 1. */
#include <math.h>
#include <stdlib.h>

#include "algorithms/oco/base_common.h"
#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"

static const oco_param_spec ogd_params[] = {
    {"lambda", NAN, "setup.lambda",
     "strong convexity λ: > 0 selects η_t = 1/(λt), 0 selects η_t = D/(G√t)", "D"},
    {"scale", 1.0, "1", "multiplier of the step size η_t", "D"},
};

typedef struct ogd_state {
    size_t d;
    const oco_domain *dom;
    double D, G, lambda, scale;
    size_t t;  /* completed updates */
    double *x; /* current iterate x_t */
} ogd_state;

/* The parameters, validated: the one reading shared by check and create, so
 * that oco_learner_check rejects exactly what create would. */
typedef struct ogd_conf {
    double lambda, scale;
} ogd_conf;

static int ogd_read(const oco_learner_setup *s, const oco_param *p, size_t np, ogd_conf *c)
{
    c->lambda = oco__param_or(ogd_params, 2, p, np, "lambda", s->lambda);
    c->scale = oco__param_or(ogd_params, 2, p, np, "scale", 1.0);
    if (!(c->lambda >= 0))
        return oco_set_error(OCO_EINVAL, "ogd: lambda must be >= 0 (got %.17g)", c->lambda);
    if (!(c->scale > 0))
        return oco_set_error(OCO_EINVAL, "ogd: scale must be > 0 (got %.17g)", c->scale);
    return OCO_OK;
}

static int ogd_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    ogd_conf c;
    return ogd_read(s, p, np, &c);
}

static void *ogd_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    ogd_conf c = {.lambda = 0};
    /* create is also called directly by the ensembles (maler, adapt-ml-prod),
     * which skip the wrapper's check: validate here too, by the same code */
    if (ogd_read(s, p, np, &c) != OCO_OK)
        return NULL;
    ogd_state *st = calloc(1, sizeof *st + s->d * sizeof(double));
    if (!st) {
        oco_set_error(OCO_ENOMEM, "ogd: out of memory");
        return NULL;
    }
    st->d = s->d;
    st->dom = s->domain;
    st->D = s->D;
    st->G = s->G;
    st->lambda = c.lambda;
    st->scale = c.scale;
    st->x = (double *)(st + 1);
    oco_domain_center(s->domain, st->x);
    return st;
}

/* Round 0 again: x_1 = x, or the centre as in create; the step counter
 * restarts, so η_1 = scale·D/G (or scale/λ) as for a fresh learner. */
static int ogd_reset(void *state, const double *x)
{
    ogd_state *st = state;
    if (x)
        oco_copy(x, st->x, st->d);
    else
        oco_domain_center(st->dom, st->x);
    st->t = 0;
    return OCO_OK;
}

static int ogd_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    ogd_state *st = state;
    oco_copy(st->x, x, st->d);
    return OCO_OK;
}

static int ogd_update(void *state, const double *g, double value)
{
    (void)value;
    ogd_state *st = state;
    double t = (double)(st->t + 1);
    double eta = st->lambda > 0 ? 1.0 / (st->lambda * t) : st->D / (st->G * sqrt(t));
    oco_axpy(-st->scale * eta, g, st->x, st->d);
    int rc = oco_domain_project(st->dom, st->x);
    if (rc != OCO_OK)
        return rc;
    st->t++;
    return OCO_OK;
}

static size_t ogd_memory(const void *state)
{
    const ogd_state *st = state;
    return sizeof *st + st->d * sizeof(double);
}

static void ogd_destroy(void *state) { free(state); }

/* Checkpoint: the step counter and the iterate (the rest is setup). */
static int ogd_save(const void *state, oco_state_writer *w)
{
    const ogd_state *st = state;
    oco_state_put_size(w, st->d);
    oco_state_put_size(w, st->t);
    oco_state_put_f64v(w, st->x, st->d);
    return OCO_OK;
}

static int ogd_restore(void *state, oco_state_reader *r)
{
    ogd_state *st = state;
    int rc = oco_state_expect_size(r, st->d, "ogd dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &st->t);
    return rc == OCO_OK ? oco_state_get_f64v(r, st->x, st->d) : rc;
}

const oco_learner_type oco__learner_ogd = {
    .info =
        {
            .name = "ogd",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "projected online gradient descent, eta_t = D/(G sqrt t) or 1/(lambda t)",
            .source = "Zinkevich 2003; Hazan, Agarwal, Kale 2007 (1/(lambda t)); seed 004 Prop. 1 bases",
            .derived = "x_1 = domain centre [D]",
            .params = ogd_params,
            .nparams = sizeof ogd_params / sizeof ogd_params[0],
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_RESETTABLE,
        },
    .domains = 0,
    .check = ogd_check,
    .create = ogd_create,
    .reset = ogd_reset,
    .predict = ogd_predict,
    .update = ogd_update,
    .update_oracle = NULL,
    .memory = ogd_memory,
    .destroy = ogd_destroy,
    .save = ogd_save,
    .restore = ogd_restore,
};
