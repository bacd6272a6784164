/* Hedge (exponential weights) and optimistic Hedge on the simplex, with the
 * loss vector ℓ_t = g_t (the gradient of the linear loss ⟨ℓ_t, p⟩).
 *
 * hedge (Freund & Schapire 1997; Cesa-Bianchi & Lugosi, PLG, Thm 2.2):
 *     p_{t,i} ∝ exp(−η L_{t−1,i}),  L_t = Σ_{s≤t} ℓ_s,
 *     η = √(8 ln d / T)/B for losses with range B (each ℓ_{t,i} in an
 *     interval of length B): Reg_T ≤ B·√(T ln d / 2). With T unknown,
 *     η_t = √(8 ln d / t)/B (PLG Thm 2.3: Reg ≤ B(2√(T ln d/2) + √(ln d/8))).
 * optimistic-hedge (optimistic FTRL with entropy, Rakhlin & Sridharan, COLT
 * 2013; Syrgkanis et al., NeurIPS 2015):
 *     p_{t,i} ∝ exp(−η_t (L_{t−1,i} + m_{t,i})),
 *     η_t = min{ 1/B, √( ln d / Σ_{s<t} ‖ℓ_s − m_s‖²_∞ ) }   [D: the usual
 *     self-confident tuning; Reg ≲ √(ln d · Σ‖ℓ_t − m_t‖²_∞) + B ln d],
 *     or a fixed η (param eta). With a fixed η this is exactly the
 *     optimistic OMD of universal.md §3 on the simplex (p̂_{t+1} ∝
 *     p̂_t e^{−ηℓ_t}, p_t ∝ p̂_t e^{−η m_t}). The optional bias adds
 *     a_{t,i} = bias·η·(ℓ_{t,i} − m_{t,i})² to the cumulative loss, the
 *     MsMwC correction of §4.1 with equal step sizes (16 in seed 004, 32 in
 *     Chen et al. 2021).
 * Default optimism m_t = ℓ_{t−1} (m_1 = 0). Weights are computed from the
 * cumulative (log-domain) losses with the maximum subtracted, so they never
 * under/overflow. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oco/base_common.h"
#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"

static const oco_param_spec hedge_params[] = {
    {"eta", NAN, "sqrt(8 ln d / T)/range (T = 0: sqrt(8 ln d / t)/range)",
     "learning rate η (Cesa-Bianchi & Lugosi Thm 2.2/2.3)", "R"},
    {"range", NAN, "2G", "length B of an interval containing every ℓ_{t,i} (|g_i| <= G)", "D"},
};

static const oco_param_spec ohedge_params[] = {
    {"eta", NAN, "min{1/range, sqrt(ln d / sum |l_s - m_s|_inf^2)}",
     "learning rate η; NaN = the self-confident rule", "D"},
    {"range", NAN, "2G", "length B of an interval containing every ℓ_{t,i} (|g_i| <= G)", "D"},
    {"bias", 0.0, "0", "MsMwC-style bias a = bias·η·(ℓ − m)² (16 in seed 004 B.2)", "D"},
    {"optimism", 1.0, "1",
     "default optimism when no hint is given: 1 = last loss vector, 0 = zero", "D"},
};

typedef struct hedge_state {
    size_t d;
    int optimistic, last_grad;
    int prior;        /* 1: lp holds a prior given by reset(x); 0: uniform */
    double eta_fixed; /* NaN = rule */
    double B, bias, lnd;
    size_t T, t;
    double eta;       /* η_t of the current round */
    double S;         /* Σ_{s<t} ‖ℓ_s − m_s‖²_∞ */
    double *L, *m, *lprev;
    double *lp;       /* ln π_i of the prior (when prior = 1) */
} hedge_state;

/* The parameters, validated: the one reading shared by check and create of
 * both learners (`optimistic` selects optimistic-hedge's table and its extra
 * keys), so that oco_learner_check rejects exactly what create would. */
typedef struct hedge_conf {
    double eta, B, bias;
    int last_grad;
} hedge_conf;

static int hedge_read(const oco_learner_setup *s, const oco_param *p, size_t np, int optimistic,
                      hedge_conf *c)
{
    const char *nm = optimistic ? "optimistic-hedge" : "hedge";
    const oco_param_spec *spec = optimistic ? ohedge_params : hedge_params;
    const size_t n = optimistic ? sizeof ohedge_params / sizeof ohedge_params[0]
                                : sizeof hedge_params / sizeof hedge_params[0];
    c->eta = oco_params_get(spec, n, p, np, "eta");
    c->B = oco__param_or(spec, n, p, np, "range", 2 * s->G);
    c->bias = 0.0;
    c->last_grad = 0;
    if (optimistic) {
        c->bias = oco__param_or(spec, n, p, np, "bias", 0.0);
        const double opt = oco__param_or(spec, n, p, np, "optimism", 1.0);
        if (!(c->bias >= 0))
            return oco_set_error(OCO_EINVAL, "%s: bias must be >= 0 (got %.17g)", nm, c->bias);
        if (!(opt == 0 || opt == 1))
            return oco_set_error(OCO_EINVAL, "%s: optimism must be 0 or 1 (got %.17g)", nm, opt);
        c->last_grad = opt == 1;
    }
    if (!(c->B > 0))
        return oco_set_error(OCO_EINVAL, "%s: range must be > 0 (got %.17g)", nm, c->B);
    if (!(isnan(c->eta) || c->eta > 0))
        return oco_set_error(OCO_EINVAL, "%s: eta must be > 0 (got %.17g)", nm, c->eta);
    return OCO_OK;
}

static int hedge_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    hedge_conf c;
    return hedge_read(s, p, np, 0, &c);
}

static int ohedge_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    hedge_conf c;
    return hedge_read(s, p, np, 1, &c);
}

static void *hedge_new(const oco_learner_setup *s, const oco_param *p, size_t np, int optimistic)
{
    hedge_conf c = {.eta = 0};
    if (hedge_read(s, p, np, optimistic, &c) != OCO_OK)
        return NULL;
    hedge_state *st = calloc(1, sizeof *st + 4 * s->d * sizeof(double));
    if (!st) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory", optimistic ? "optimistic-hedge" : "hedge");
        return NULL;
    }
    st->d = s->d;
    st->optimistic = optimistic;
    st->last_grad = c.last_grad;
    st->eta_fixed = c.eta;
    st->B = c.B;
    st->bias = c.bias;
    st->T = s->T;
    st->lnd = log((double)s->d);
    st->L = (double *)(st + 1);
    st->m = st->L + s->d;
    st->lprev = st->m + s->d;
    st->lp = st->lprev + s->d;
    return st;
}

static void *hedge_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    return hedge_new(s, p, np, 0);
}

static void *ohedge_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    return hedge_new(s, p, np, 1);
}

/* Round 0 again. x = NULL: the uniform prior, every field as create leaves
 * it. A point x is read as the prior π over the experts: the exponentially
 * weighted forecaster started from the weights π instead of uniform weights,
 * i.e. (optimistic) FTRL with the regulariser KL(p‖π)/η_t, whose minimiser is
 * p_{t,i} ∝ π_i exp(−η_t (L_{t−1,i} + m_{t,i})). The first play, with L_0 = 0
 * and m_1 = 0, is p_1 = x, and the regret against expert i pays ln(1/π_i)
 * instead of ln d. That needs π_i > 0 (an expert with zero prior
 * mass could never be played again), so a point on the boundary of the
 * simplex is rejected, with the state unchanged. The η rules keep ln d [D]. */
static int hedge_reset(void *state, const double *x)
{
    hedge_state *st = state;
    const size_t d = st->d;
    if (x) {
        for (size_t i = 0; i < d; ++i)
            if (!(x[i] > 0))
                return oco_set_error(OCO_EINVAL,
                                     "%s: a reset point is the prior over the experts and must be "
                                     "> 0 everywhere (x[%zu] = %.17g)",
                                     st->optimistic ? "optimistic-hedge" : "hedge", i, x[i]);
        for (size_t i = 0; i < d; ++i)
            st->lp[i] = log(x[i]); /* the max-shift in weights() normalises */
    } else {
        oco_fill(st->lp, d, 0.0);
    }
    st->prior = x != NULL;
    oco_fill(st->L, d, 0.0);
    oco_fill(st->m, d, 0.0);
    oco_fill(st->lprev, d, 0.0);
    st->t = 0;
    st->eta = 0.0;
    st->S = 0.0;
    return OCO_OK;
}

/* p ∝ exp(−η (L + m)), max-shifted. */
static void weights(const hedge_state *st, const double *m, double *p)
{
    size_t d = st->d;
    double mx = -INFINITY;
    for (size_t i = 0; i < d; ++i) {
        p[i] = -st->eta * (st->L[i] + (m ? m[i] : 0.0));
        if (st->prior) /* only then: the uniform case stays the exact old arithmetic */
            p[i] += st->lp[i];
        if (p[i] > mx)
            mx = p[i];
    }
    double z = 0;
    for (size_t i = 0; i < d; ++i) {
        p[i] = exp(p[i] - mx);
        z += p[i];
    }
    oco_scal(1.0 / z, p, d);
}

static int hedge_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    hedge_state *st = state;
    double t = (double)(st->t + 1);
    if (!isnan(st->eta_fixed))
        st->eta = st->eta_fixed;
    else if (st->T > 0)
        st->eta = sqrt(8 * st->lnd / (double)st->T) / st->B;
    else
        st->eta = sqrt(8 * st->lnd / t) / st->B;
    weights(st, NULL, x);
    return OCO_OK;
}

static int hedge_update(void *state, const double *g, double value)
{
    (void)value;
    hedge_state *st = state;
    oco_axpy(1.0, g, st->L, st->d);
    st->t++;
    return OCO_OK;
}

static int ohedge_predict(void *state, const double *hint, double *x)
{
    hedge_state *st = state;
    if (!isnan(st->eta_fixed)) {
        st->eta = st->eta_fixed;
    } else {
        st->eta = 1.0 / st->B;
        if (st->S > 0 && sqrt(st->lnd / st->S) < st->eta)
            st->eta = sqrt(st->lnd / st->S);
    }
    if (hint)
        oco_copy(hint, st->m, st->d);
    else if (st->last_grad)
        oco_copy(st->lprev, st->m, st->d);
    else
        oco_fill(st->m, st->d, 0.0);
    weights(st, st->m, x);
    return OCO_OK;
}

static int ohedge_update(void *state, const double *g, double value)
{
    (void)value;
    hedge_state *st = state;
    double mx = 0;
    for (size_t i = 0; i < st->d; ++i) {
        double e = g[i] - st->m[i];
        if (fabs(e) > mx)
            mx = fabs(e);
        st->L[i] += g[i] + st->bias * st->eta * e * e;
    }
    st->S += mx * mx;
    oco_copy(g, st->lprev, st->d);
    st->t++;
    return OCO_OK;
}

static size_t hedge_memory(const void *state)
{
    const hedge_state *st = state;
    return sizeof *st + 4 * st->d * sizeof(double);
}

static void hedge_destroy(void *state) { free(state); }

/* Checkpoint (both learners): t, η_t of the current round, S, the prior flag
 * (a reset point), and L, m, ℓ_{t−1} and the log prior. */
static int hedge_save(const void *state, oco_state_writer *w)
{
    const hedge_state *st = state;
    oco_state_put_size(w, st->d);
    oco_state_put_size(w, st->t);
    oco_state_put_int(w, st->prior);
    oco_state_put_f64(w, st->eta);
    oco_state_put_f64(w, st->S);
    oco_state_put_f64v(w, st->L, 4 * st->d); /* L, m, lprev, lp: one block */
    return OCO_OK;
}

static int hedge_restore(void *state, oco_state_reader *r)
{
    hedge_state *st = state;
    int prior = 0;
    int rc = oco_state_expect_size(r, st->d, "hedge dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &st->t);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &prior);
    if (rc == OCO_OK && !(prior == 0 || prior == 1))
        rc = oco_set_error(OCO_EINVAL, "hedge state: prior flag %d", prior);
    st->prior = prior;
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->eta);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->S);
    return rc == OCO_OK ? oco_state_get_f64v(r, st->L, 4 * st->d) : rc;
}

const oco_learner_type oco__learner_hedge = {
    .info =
        {
            .name = "hedge",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "exponential weights on the simplex, eta = sqrt(8 ln d / T)/range",
            .source = "Freund & Schapire 1997; Cesa-Bianchi & Lugosi 2006, Thm 2.2/2.3",
            .derived = "range default 2G [D]",
            .params = hedge_params,
            .nparams = sizeof hedge_params / sizeof hedge_params[0],
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_RESETTABLE,
        },
    .domains = 1u << OCO_DOMAIN_SIMPLEX,
    .check = hedge_check,
    .create = hedge_create,
    .reset = hedge_reset,
    .predict = hedge_predict,
    .update = hedge_update,
    .update_oracle = NULL,
    .memory = hedge_memory,
    .destroy = hedge_destroy,
    .save = hedge_save,
    .restore = hedge_restore,
};

const oco_learner_type oco__learner_optimistic_hedge = {
    .info =
        {
            .name = "optimistic-hedge",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "optimistic exponential weights (FTRL form), self-confident eta, optional bias",
            .source = "Rakhlin & Sridharan 2013; Syrgkanis et al. 2015; bias: seed 004 B.2",
            .derived = "eta rule min{1/range, sqrt(ln d / sum |l-m|_inf^2)} [D]",
            .params = ohedge_params,
            .nparams = sizeof ohedge_params / sizeof ohedge_params[0],
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_OPTIMISTIC | OCO_ALGO_RESETTABLE,
        },
    .domains = 1u << OCO_DOMAIN_SIMPLEX,
    .check = ohedge_check,
    .create = ohedge_create,
    .reset = hedge_reset,
    .predict = ohedge_predict,
    .update = ohedge_update,
    .update_oracle = NULL,
    .memory = hedge_memory,
    .destroy = hedge_destroy,
    .save = hedge_save,
    .restore = hedge_restore,
};
