/* Sun, Dey, Kapoor, "Safety-aware algorithms for adversarial contextual
 * bandit", ICML 2017, in the augmented-Lagrangian form of Mahdavi, Jin, Yang
 * (JMLR 2012) and Jenatton et al. (ICML 2016) [C: Sinha–Vaze A.5.3 names the
 * form], as llp_sarkar.md §A.7 "Competitor updates" writes it ([R]):
 * gradient descent–ascent on f_t(x) + ⟨λ, g_t(x)⟩ − (δμ/2)‖λ‖²,
 *     x_{t+1} = Π_X(x_t − μ (c_t + J_t(x_t)ᵀ λ_t))
 *     λ_{t+1} = [λ_t + μ (g_t(x_t) − δ μ λ_t)]_+,      μ = c/√T,
 * x_1 = the domain's centre, λ_1 = 0 [D]. The original uses a Bregman
 * (mirror) step; the Euclidean one is shown in the notes and used here.
 * Regret √T, violation T^{3/4} for known T (Table I of seed 001, [S]).
 * Linearised feedback only: it streams. */
#include "algorithms/coco/coco_baseline.h"
#include "algorithms/registry.h"

static const oco_param_spec sun_params[] = {
    {"c", NAN, "D/(G + L_g)",
     "step scale of mu = c/sqrt(T); the default makes the constraint-free step the "
     "fixed-horizon OGD step D/(G sqrt T) (Zinkevich 2003), in the units of X and f",
     "D"},
    {"delta", NAN, "4 max(G, L_g)^2",
     "dual regulariser delta of -(delta mu/2) lambda^2; Mahdavi et al.'s delta = 4G^2 shape "
     "with G the common gradient bound of f and g, the scale that makes delta mu lambda a "
     "constraint value",
     "D"},
};
enum { SUN_NP = sizeof sun_params / sizeof sun_params[0] };

typedef struct sun_conf {
    double c, delta, mu;
} sun_conf;

typedef struct sun_state {
    oco__cb cb; /* first */
    sun_conf c;
} sun_state;

static int sun_read(const oco_coco_setup *s, const oco_param *p, size_t np, sun_conf *c)
{
    const double gl = fmax(s->G, s->L_g);
    c->c = oco__param_or(sun_params, SUN_NP, p, np, "c", s->D / (s->G + s->L_g));
    c->delta = oco__param_or(sun_params, SUN_NP, p, np, "delta", 4 * gl * gl);
    int rc = oco__param_positive("sun", "c", c->c);
    if (rc != OCO_OK)
        return rc;
    if (!(isfinite(c->delta) && c->delta >= 0))
        return oco_set_error(OCO_EINVAL, "sun: delta must be finite and >= 0 (got %.17g)",
                             c->delta);
    if (s->T == 0) /* the wrapper says so first; kept for direct vtable callers */
        return oco_set_error(OCO_EINVAL, "sun: needs the horizon: setup.T must be > 0");
    c->mu = c->c / sqrt((double)s->T);
    return OCO_OK;
}

static int sun_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    sun_conf c;
    return sun_read(s, p, np, &c);
}

static void *sun_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    sun_conf c;
    if (sun_read(s, p, np, &c) != OCO_OK)
        return NULL;
    sun_state *st = oco__cb_new(sizeof *st, s, 0, "sun");
    if (st)
        st->c = c;
    return st;
}

static int sun_update(void *state, const oco_coco_linear *fb)
{
    sun_state *st = state;
    oco__cb *cb = &st->cb;
    const double mu = st->c.mu, shrink = st->c.delta * mu;
    oco__cb_lagrangian_grad(cb->d, cb->k, 1.0, fb->grad, fb->J, cb->lam, cb->w);
    int rc = oco__cb_descend(cb, mu);
    if (rc != OCO_OK)
        return rc;
    oco_copy(cb->w, cb->x, cb->d);
    for (size_t j = 0; j < cb->k; ++j)
        cb->lam[j] = fmax(0.0, cb->lam[j] + mu * (fb->g[j] - shrink * cb->lam[j]));
    cb->t++;
    return OCO_OK;
}

static void sun_destroy(void *state) { free(state); }

const oco_coco_type oco__coco_sun = {
    .info =
        {
            .name = "sun",
            .protocol = OCO_PROTOCOL_COCO,
            .summary = "gradient descent-ascent on the augmented Lagrangian "
                       "f + lambda g - (delta mu/2) lambda^2, mu = c/sqrt(T)",
            .source = "Sun, Dey, Kapoor, ICML 2017 (Mahdavi-Jin-Yang 2012 / Jenatton et al. "
                      "2016 form); llp_sarkar.md A.7 competitor of seed 001",
            .derived = "update rule recalled [R] (Euclidean step for the original Bregman one); "
                       "c and delta defaults [D]; x_1 = domain centre, lambda_1 = 0 [D]",
            .params = sun_params,
            .nparams = SUN_NP,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .domains = 0,
    .needs = 0,
    .check = sun_check,
    .create = sun_create,
    .reset = oco__cb_reset,
    .predict = oco__cb_predict,
    .update = sun_update,
    .update_oracle = NULL,
    .multipliers = oco__cb_multipliers,
    .memory = oco__cb_memory,
    .destroy = sun_destroy,
    .save = oco__cb_save,
    .restore = oco__cb_restore,
};
