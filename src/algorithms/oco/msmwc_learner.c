/* The learner type "msmwc": MsMwC (include/oco/msmwc.h) as an OCO learner on
 * the simplex Δ_d with linear losses f_t(x) = ⟨g_t, x⟩, one expert per
 * coordinate: ℓ_t = g_t / scale, optimism m_t = hint / scale or the last
 * ℓ_{t−1} (m_1 = 0), x_t = p_t.
 *
 * Lemma 2 of seed 004 needs |ℓ|, |m| ≤ 1 and η ≤ 1/32: scale defaults to G
 * (|g_i| ≤ ‖g‖₂ ≤ G), and the default η minimises Lemma 2's right-hand side
 * for equal steps and a uniform prior, (1 + ln d)/η + 16η·Σ_t(ℓ−m)² with
 * (ℓ−m)² ≤ 4, capped at 1/32 [D]. Per-expert step sizes (the multi-scale
 * part) are available through the C API (oco_msmwc_new); the universal
 * ensemble's top layer uses them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oco/types.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/msmwc.h"

static const oco_param_spec msmwc_params[] = {
    {"eta", NAN, "min(1/32, sqrt((1 + ln d)/(64 T)))", "step size of every expert (Lemma 2)",
     "D"},
    {"bias", 16.0, "16", "correction a = bias*eta*(l - m)^2 (seed 004 B.2; Chen et al.: 32)",
     "S"},
    {"scale", NAN, "G", "losses are g/scale, so that |l| <= 1 (Lemma 2)", "D"},
    {"optimism", 1.0, "1", "without a hint: 1 = last loss, 0 = zero", "S"},
};
#define NP (sizeof msmwc_params / sizeof msmwc_params[0])

typedef struct msmwc_lstate {
    oco_msmwc *ms;
    size_t d;
    double scale;
    int last;
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

static void *ml_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    const size_t d = s->d;
    double eta = oco_params_get(msmwc_params, NP, p, np, "eta");
    double bias = oco_params_get(msmwc_params, NP, p, np, "bias");
    double scale = oco_params_get(msmwc_params, NP, p, np, "scale");
    double opt = oco_params_get(msmwc_params, NP, p, np, "optimism");
    if (isnan(eta)) {
        eta = sqrt((1.0 + log((double)d)) / (64.0 * (double)(s->T ? s->T : 1)));
        if (eta > 1.0 / 32.0)
            eta = 1.0 / 32.0;
    }
    if (isnan(scale))
        scale = s->G;
    if (!(eta > 0) || !(bias >= 0) || !(scale > 0) || !(opt == 0 || opt == 1)) {
        oco_set_error(OCO_EINVAL, "msmwc: %s",
                      !(eta > 0)      ? "eta must be > 0"
                      : !(bias >= 0)  ? "bias must be >= 0"
                      : !(scale > 0)  ? "scale must be > 0"
                                      : "optimism must be 0 or 1");
        return NULL;
    }
    msmwc_lstate *st = calloc(1, sizeof *st + 3 * d * sizeof(double));
    if (!st) {
        oco_set_error(OCO_ENOMEM, "msmwc: out of memory");
        return NULL;
    }
    st->d = d;
    st->scale = scale;
    st->last = opt == 1;
    st->l = (double *)(st + 1);
    st->m = st->l + d;
    st->lprev = st->m + d;
    /* eta vector: reuse l as scratch */
    for (size_t i = 0; i < d; i++)
        st->l[i] = eta;
    oco_msmwc_opts o = oco_msmwc_opts_default();
    o.bias = bias;
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
    return OCO_OK;
}

static size_t ml_memory(const void *state)
{
    const msmwc_lstate *st = state;
    return sizeof *st + 3 * st->d * sizeof(double) + 10 * st->d * sizeof(double);
}

const oco_learner_type oco_learner_msmwc = {
    .name = "msmwc",
    .summary = "MsMwC on the simplex: optimistic OMD with weighted entropy and correction "
               "16 eta (l-m)^2, closed-form projection",
    .source = "Chen, Luo, Wei, COLT 2021; seed 004 eq. (3.2), Lemma 2 (universal.md §4)",
    .derived = "losses g/G; default eta from Lemma 2 with equal steps; projection by "
               "monotone Newton on the normaliser (§4.2) [D]",
    .params = msmwc_params,
    .nparams = NP,
    .anytime = 0,
    .optimistic = 1,
    .domains = 1u << OCO_DOMAIN_SIMPLEX,
    .create = ml_create,
    .predict = ml_predict,
    .update = ml_update,
    .update_oracle = NULL,
    .memory = ml_memory,
    .destroy = ml_destroy,
};
