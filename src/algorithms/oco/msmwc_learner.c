/* The learner type "msmwc": MsMwC (include/oco/msmwc.h) as an OCO learner on
 * the simplex Δ_d with linear losses f_t(x) = ⟨g_t, x⟩, one expert per
 * coordinate: ℓ_t = g_t / scale, optimism m_t = hint / scale or the last
 * ℓ_{t−1} (m_1 = 0), x_t = p_t.
 *
 * Lemma 2 of seed 004 needs |ℓ|, |m| ≤ 1 and η ≤ 1/32: scale defaults to G
 * (|g_i| ≤ ‖g‖₂ ≤ G). Default step [D]: self-confident,
 *     η_t = min{1/32, √((1 + ln d) / (16 (1 + Σ_{s<t} ‖ℓ_s − m_s‖²_∞)))},
 * the minimiser of Lemma 2's right-hand side for equal steps and a uniform
 * prior, (1 + ln d)/η + 16η·Σ_t(ℓ−m)², with the past in place of the whole
 * horizon; η_t is nonincreasing, the time-varying case of the seed's proof
 * (App. B.2, term (a)), and needs no horizon. A fixed η can be given.
 * Per-expert step sizes (the multi-scale part) are available through the C
 * API (oco_msmwc_new); the universal ensemble's top layer uses them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/msmwc.h"

static const oco_param_spec msmwc_params[] = {
    {"eta", NAN, "self-confident min(1/32, sqrt((1+ln d)/(16(1+V_t))))",
     "fixed step size of every expert (Lemma 2); default: self-confident", "D"},
    {"bias", 16.0, "16", "correction a = bias*eta*(l - m)^2 (seed 004 B.2; Chen et al.: 32)",
     "S"},
    {"scale", NAN, "G", "losses are g/scale, so that |l| <= 1 (Lemma 2)", "D"},
    {"optimism", 1.0, "1", "without a hint: 1 = last loss, 0 = zero", "D"},
};
#define NP (sizeof msmwc_params / sizeof msmwc_params[0])

typedef struct msmwc_lstate {
    oco_msmwc *ms;
    size_t d;
    double scale;
    int last;
    int adaptive; /* self-confident η_t */
    double V, lnd; /* Σ ‖ℓ − m‖²_∞, 1 + ln d */
    double *l, *m; /* scaled loss and optimism buffers */
    double *lprev;
} msmwc_lstate;

static void ml_destroy(void *state)
{
    msmwc_lstate *st = state;
    if (!st)
        return;
    oco_msmwc_free(st->ms);
    free(st);
}

/* The parameters, validated (the adaptive rule's η_1 filled in): the one
 * reading shared by check and create. */
typedef struct ml_conf {
    double eta, bias, scale;
    int last, adaptive;
} ml_conf;

static int ml_read(const oco_learner_setup *s, const oco_param *p, size_t np, ml_conf *c)
{
    c->eta = oco_params_get(msmwc_params, NP, p, np, "eta");
    c->bias = oco_params_get(msmwc_params, NP, p, np, "bias");
    c->scale = oco_params_get(msmwc_params, NP, p, np, "scale");
    const double opt = oco_params_get(msmwc_params, NP, p, np, "optimism");
    c->adaptive = isnan(c->eta);
    if (c->adaptive)
        c->eta = fmin(1.0 / 32.0, sqrt((1.0 + log((double)s->d)) / 16.0));
    if (isnan(c->scale))
        c->scale = s->G;
    if (!(c->eta > 0))
        return oco_set_error(OCO_EINVAL, "msmwc: eta must be > 0 (got %.17g)", c->eta);
    if (!(c->bias >= 0))
        return oco_set_error(OCO_EINVAL, "msmwc: bias must be >= 0 (got %.17g)", c->bias);
    if (!(c->scale > 0))
        return oco_set_error(OCO_EINVAL, "msmwc: scale must be > 0 (got %.17g)", c->scale);
    if (!(opt == 0 || opt == 1))
        return oco_set_error(OCO_EINVAL, "msmwc: optimism must be 0 or 1 (got %.17g)", opt);
    c->last = opt == 1;
    return OCO_OK;
}

static int ml_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    ml_conf c;
    return ml_read(s, p, np, &c);
}

static void *ml_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    const size_t d = s->d;
    ml_conf c = {.eta = 0};
    if (ml_read(s, p, np, &c) != OCO_OK)
        return NULL;
    msmwc_lstate *st = calloc(1, sizeof *st + 3 * d * sizeof(double));
    if (!st) {
        oco_set_error(OCO_ENOMEM, "msmwc: out of memory");
        return NULL;
    }
    st->d = d;
    st->scale = c.scale;
    st->last = c.last;
    st->adaptive = c.adaptive;
    st->lnd = 1.0 + log((double)d);
    st->l = (double *)(st + 1);
    st->m = st->l + d;
    st->lprev = st->m + d;
    /* eta vector: reuse l as scratch */
    for (size_t i = 0; i < d; i++)
        st->l[i] = c.eta;
    oco_msmwc_opts o = oco_msmwc_opts_default();
    o.bias = c.bias;
    st->ms = oco_msmwc_new(d, st->l, &o);
    if (!st->ms) {
        free(st);
        return NULL;
    }
    return st;
}

static int ml_predict(void *state, const double *hint, double *x)
{
    msmwc_lstate *st = state;
    if (hint) {
        for (size_t i = 0; i < st->d; i++)
            st->m[i] = hint[i] / st->scale;
    } else if (st->last) {
        memcpy(st->m, st->lprev, st->d * sizeof(double));
    } else {
        memset(st->m, 0, st->d * sizeof(double));
    }
    return oco_msmwc_predict(st->ms, st->m, x);
}

static int ml_update(void *state, const double *g, double value)
{
    (void)value;
    msmwc_lstate *st = state;
    for (size_t i = 0; i < st->d; i++)
        st->l[i] = g[i] / st->scale;
    int rc = oco_msmwc_update(st->ms, st->l);
    if (rc != OCO_OK)
        return rc;
    memcpy(st->lprev, st->l, st->d * sizeof(double));
    if (st->adaptive) {
        const double *m = oco_msmwc_optimism(st->ms);
        double mx = 0.0;
        for (size_t i = 0; i < st->d; i++)
            mx = fmax(mx, fabs(st->l[i] - m[i]));
        st->V += mx * mx;
        double eta = fmin(1.0 / 32.0, sqrt(st->lnd / (16.0 * (1.0 + st->V))));
        /* the l buffer is free again: use it for the step vector */
        for (size_t i = 0; i < st->d; i++)
            st->l[i] = eta;
        rc = oco_msmwc_set_eta(st->ms, st->l);
    }
    return rc;
}

static size_t ml_memory(const void *state)
{
    const msmwc_lstate *st = state;
    return sizeof *st + 3 * st->d * sizeof(double) + 10 * st->d * sizeof(double);
}

/* Checkpoint: V, m_t, ℓ_{t−1} (l is scratch), then the MsMwC object (its
 * step sizes included, set by the self-confident rule). */
static int ml_save(const void *state, oco_state_writer *w)
{
    const msmwc_lstate *st = state;
    oco_state_put_size(w, st->d);
    oco_state_put_f64(w, st->V);
    oco_state_put_f64v(w, st->m, 2 * st->d); /* m, lprev */
    return oco_msmwc_save(st->ms, w);
}

static int ml_restore(void *state, oco_state_reader *r)
{
    msmwc_lstate *st = state;
    int rc = oco_state_expect_size(r, st->d, "msmwc dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->V);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->m, 2 * st->d);
    return rc == OCO_OK ? oco_msmwc_restore(st->ms, r) : rc;
}

const oco_learner_type oco__learner_msmwc = {
    .info =
        {
            .name = "msmwc",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "MsMwC on the simplex: optimistic OMD with weighted entropy and correction "
                       "16 eta (l-m)^2, closed-form projection",
            .source = "Chen, Luo, Wei, COLT 2021; seed 004 eq. (3.2), Lemma 2 (universal.md §4)",
            .derived = "losses g/G; default self-confident eta minimising Lemma 2's bound; projection "
                       "by monotone Newton on the normaliser (§4.2) [D]",
            .params = msmwc_params,
            .nparams = NP,
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_OPTIMISTIC,
        },
    .domains = 1u << OCO_DOMAIN_SIMPLEX,
    .check = ml_check,
    .create = ml_create,
    /* No in-place restart. A point x would mean the prior p̂_1 = x over the
     * experts (it must be > 0 everywhere: the weighted entropy's ln p̂ is then
     * finite, and with m_1 = 0 the first play is p_1 = x), but the MsMwC
     * engine (msmwc.c) fixes its prior in oco_msmwc_new and offers no way to
     * replace it without allocating; restarting from a point would need an
     * engine entry such as a prior setter. reset(NULL) recreates the state
     * (the wrapper's path), which gives a fresh learner's decisions. */
    .reset = NULL,
    .predict = ml_predict,
    .update = ml_update,
    .update_oracle = NULL,
    .memory = ml_memory,
    .destroy = ml_destroy,
    .save = ml_save,
    .restore = ml_restore,
};
