/* Yu, Neely, Wei, "Online convex optimization with stochastic constraints",
 * NIPS 2017 (pp. 1428–1438), Algorithm 1: drift-plus-penalty with virtual
 * queues, O(√T) expected regret and violation for i.i.d. constraints
 * [C: abstract]. The update ([R]: recalled; a search found the paper but not
 * the text of Algorithm 1):
 *     x_{t+1} = argmin_{x∈X} ⟨V c_t + Σ_j Q_j(t) ∇g_{t,j}(x_t), x − x_t⟩ + α‖x − x_t‖²
 *             = Π_X(x_t − (V c_t + J_t(x_t)ᵀ Q(t)) / (2α))
 *     Q_j(t+1) = max{Q_j(t) + g_{t,j}(x_t) + ∇g_{t,j}(x_t)ᵀ(x_{t+1} − x_t), 0}
 * with V = √T, α = T (their choice for known T), Q(1) = 0, x_1 = the
 * domain's centre [D]. The queue adds the constraint linearised at x_t and
 * evaluated at the NEW point x_{t+1}: that first-order look-ahead is what
 * distinguishes it from a plain dual ascent. Linearised feedback only: it
 * streams. */
#include "algorithms/coco/coco_baseline.h"
#include "algorithms/registry.h"

static const oco_param_spec dpp_params[] = {
    {"V", NAN, "sqrt(T)", "penalty weight V of the cost in the drift-plus-penalty bound "
                          "(Yu-Neely-Wei 2017, Thm 1 choice)", "R"},
    {"alpha", NAN, "T", "proximal weight alpha of alpha ||x - x_t||^2 (Yu-Neely-Wei 2017, "
                        "Thm 1 choice)", "R"},
};
enum { DPP_NP = sizeof dpp_params / sizeof dpp_params[0] };

typedef struct dpp_conf {
    double V, alpha;
} dpp_conf;

typedef struct dpp_state {
    oco__cb cb; /* first; cb.lam = Q(t) */
    dpp_conf c;
} dpp_state;

static int dpp_read(const oco_coco_setup *s, const oco_param *p, size_t np, dpp_conf *c)
{
    if (s->T == 0) /* the wrapper says so first; kept for direct vtable callers */
        return oco_set_error(OCO_EINVAL, "dpp: needs the horizon: setup.T must be > 0");
    c->V = oco__param_or(dpp_params, DPP_NP, p, np, "V", sqrt((double)s->T));
    c->alpha = oco__param_or(dpp_params, DPP_NP, p, np, "alpha", (double)s->T);
    int rc = oco__param_positive("dpp", "V", c->V);
    return rc != OCO_OK ? rc : oco__param_positive("dpp", "alpha", c->alpha);
}

static int dpp_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    dpp_conf c;
    return dpp_read(s, p, np, &c);
}

static void *dpp_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    dpp_conf c;
    if (dpp_read(s, p, np, &c) != OCO_OK)
        return NULL;
    dpp_state *st = oco__cb_new(sizeof *st, s, 0, "dpp");
    if (st)
        st->c = c;
    return st;
}

static int dpp_update(void *state, const oco_coco_linear *fb)
{
    dpp_state *st = state;
    oco__cb *cb = &st->cb;
    const size_t d = cb->d;
    oco__cb_lagrangian_grad(d, cb->k, st->c.V, fb->grad, fb->J, cb->lam, cb->w);
    int rc = oco__cb_descend(cb, 1.0 / (2 * st->c.alpha)); /* w = x_{t+1} */
    if (rc != OCO_OK)
        return rc;
    /* Q_j += g_{t,j}(x_t) + ∇g_{t,j}(x_t)ᵀ(x_{t+1} − x_t), with Q(t) already
     * used above: the queue moves after the primal step */
    for (size_t j = 0; j < cb->k; ++j) {
        const double *Jj = fb->J + j * d;
        double ahead = 0;
        for (size_t i = 0; i < d; ++i)
            ahead += Jj[i] * (cb->w[i] - cb->x[i]);
        cb->lam[j] = fmax(0.0, cb->lam[j] + fb->g[j] + ahead);
    }
    oco_copy(cb->w, cb->x, d);
    cb->t++;
    return OCO_OK;
}

static void dpp_destroy(void *state) { free(state); }

const oco_coco_type oco__coco_dpp = {
    .info =
        {
            .name = "dpp",
            .protocol = OCO_PROTOCOL_COCO,
            .summary = "drift-plus-penalty with virtual queues and a linearised look-ahead, "
                       "V = sqrt(T), alpha = T",
            .source = "Yu, Neely, Wei, NIPS 2017 'Online convex optimization with stochastic "
                      "constraints', Algorithm 1",
            .derived = "update rule and V, alpha recalled [R]; x_1 = domain centre [D]",
            .params = dpp_params,
            .nparams = DPP_NP,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .domains = 0,
    .needs = 0,
    .check = dpp_check,
    .create = dpp_create,
    .reset = oco__cb_reset,
    .predict = oco__cb_predict,
    .update = dpp_update,
    .update_oracle = NULL,
    .multipliers = oco__cb_multipliers,
    .memory = oco__cb_memory,
    .destroy = dpp_destroy,
    .save = oco__cb_save,
    .restore = oco__cb_restore,
};
