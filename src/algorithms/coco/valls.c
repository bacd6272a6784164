/* Valls, Iosifidis, Leith, Tassiulas, "Online convex optimization with
 * perturbed constraints", AISTATS 2020 (PMLR v108; arXiv 1906.00049): a
 * primal-dual proximal-gradient method for g_t = g + b_t with an adaptive
 * step, O(T^ε ∨ T^{1−ε}) regret and O(T^ε) violation [C: abstract]. The
 * update, as llp_sarkar.md §A.7 "Competitor updates" writes it (shape [R]):
 *     x_{t+1} = Π_X(x_t − α_t (c_t + J_t(x_t)ᵀ λ_t))
 *     λ_{t+1} = [λ_t + α_t g_t(x_t)]_+,        α_t = α_0 · t^{−ε}
 * with x_1 = the domain's centre and λ_1 = 0 [D]. Both steps use λ_t (a
 * simultaneous gradient step on the Lagrangian). It learns from the
 * linearised feedback only (c_t, g_t(x_t) = g(x_t) + b_t, J_t(x_t)), so it
 * streams and needs no setup.fixed_cons; α_t depends on t only, so it runs
 * without the horizon (anytime, as the paper stresses). */
#include "algorithms/coco/coco_baseline.h"
#include "algorithms/registry.h"

static const oco_param_spec valls_params[] = {
    {"alpha0", NAN, "D/(G + L_g)",
     "step scale α_0 of α_t = α_0 t^(−ε); the default makes the constraint-free step the "
     "OGD step D/(G√t) (Zinkevich 2003) and keeps α_0·‖c + Jᵀλ‖ <= D while λ <= 1",
     "D"},
    {"epsilon", 0.5, "1/2",
     "step decay ε ∈ [0, 1) of α_t = α_0 t^(−ε): regret T^ε ∨ T^(1−ε), violation T^ε; 1/2 "
     "balances the two (the paper's ε = 1/2 case matches the earlier bounds)",
     "D"},
};
enum { VALLS_NP = sizeof valls_params / sizeof valls_params[0] };

typedef struct valls_conf {
    double alpha0, eps;
} valls_conf;

typedef struct valls_state {
    oco__cb cb; /* first */
    valls_conf c;
} valls_state;

/* The one reading of the parameters, shared by check and create. */
static int valls_read(const oco_coco_setup *s, const oco_param *p, size_t np, valls_conf *c)
{
    c->alpha0 = oco__param_or(valls_params, VALLS_NP, p, np, "alpha0", s->D / (s->G + s->L_g));
    c->eps = oco__param_or(valls_params, VALLS_NP, p, np, "epsilon", 0.5);
    int rc = oco__param_positive("valls", "alpha0", c->alpha0);
    if (rc != OCO_OK)
        return rc;
    if (!(c->eps >= 0 && c->eps < 1))
        return oco_set_error(OCO_EINVAL, "valls: epsilon must be in [0, 1) (got %.17g)", c->eps);
    return OCO_OK;
}

static int valls_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    valls_conf c;
    return valls_read(s, p, np, &c);
}

static void *valls_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    valls_conf c;
    if (valls_read(s, p, np, &c) != OCO_OK)
        return NULL;
    valls_state *st = oco__cb_new(sizeof *st, s, 0, "valls");
    if (st)
        st->c = c;
    return st;
}

static int valls_update(void *state, const oco_coco_linear *fb)
{
    valls_state *st = state;
    oco__cb *cb = &st->cb;
    const double a = st->c.alpha0 * pow((double)(cb->t + 1), -st->c.eps);
    oco__cb_lagrangian_grad(cb->d, cb->k, 1.0, fb->grad, fb->J, cb->lam, cb->w);
    int rc = oco__cb_descend(cb, a);
    if (rc != OCO_OK)
        return rc;
    oco_copy(cb->w, cb->x, cb->d);
    for (size_t j = 0; j < cb->k; ++j)
        cb->lam[j] = fmax(0.0, cb->lam[j] + a * fb->g[j]);
    cb->t++;
    return OCO_OK;
}

static void valls_destroy(void *state) { free(state); }

const oco_coco_type oco__coco_valls = {
    .info =
        {
            .name = "valls",
            .protocol = OCO_PROTOCOL_COCO,
            .summary = "primal-dual proximal gradient for perturbed constraints, step "
                       "alpha0 t^(-epsilon) (anytime)",
            .source = "Valls, Iosifidis, Leith, Tassiulas, AISTATS 2020 (arXiv 1906.00049); "
                      "llp_sarkar.md A.7 competitor of seed 001",
            .derived = "update rule recalled [R] (llp_sarkar.md A.7 shape); alpha0 and epsilon "
                       "defaults [D]; x_1 = domain centre, lambda_1 = 0 [D]",
            .params = valls_params,
            .nparams = VALLS_NP,
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_RESETTABLE,
        },
    .domains = 0,
    .needs = 0,
    .check = valls_check,
    .create = valls_create,
    .reset = oco__cb_reset,
    .predict = oco__cb_predict,
    .update = valls_update,
    .update_oracle = NULL,
    .multipliers = oco__cb_multipliers,
    .memory = oco__cb_memory,
    .destroy = valls_destroy,
    .save = oco__cb_save,
    .restore = oco__cb_restore,
};
