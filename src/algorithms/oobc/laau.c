/* The learned OOBC policies of seed 000: LAAU (Algorithm 1) and its
 * end-to-end RL baseline (Appendix C.2; olp_laau.md §2.2, §2.5).
 *
 * Both read the network input u_t = (b_t/b_scale, c_t, (N − t)/N) (t
 * 1-based, b_t the remaining budget; oobc_model.h) and a trained model the
 * caller owns (setup->model, kept as a const pointer, never copied).
 *   laau: λ_t = φ(f_θ(u_t)), φ the model's output map (softplus, §2.3 [D],
 *         or exp; unroll.h), λ_N := 0 at the last
 *         step (§2.2: f_θ is not called there), and x_t is the layer of
 *         eq. (4) at (c_t, λ_t) under the guarded budget b̃_t
 *         (layer.h: the class's closed form or the interior-point layer);
 *   rl:   x_t = lo + (min(hi, b̃_t) − lo)·σ(f_θ(u_t)) (§2.5 [D]), which is
 *         within the guarded budget for every output of the network.
 * All memory in create; decide allocates nothing. */
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/ml/mlp.h"
#include "algorithms/ml/model_internal.h"
#include "algorithms/oobc/layer.h"
#include "algorithms/oobc/unroll.h"

typedef struct learned_state {
    const oco_oobc_model *model; /* the caller's */
    const oco_oobc_class *cls;
    size_t N;
    oco__oobc_lws *lws; /* laau: the layer (NULL for rl) */
    double *u;          /* network input (n_0) */
    double *z;          /* network output (n_L) */
    double *lambda;     /* M: λ of the last decision (laau) */
    double *bg;         /* M: the guarded budget with its floor (unroll.h) */
    double *mw;         /* 2·max_width: the network's inference work */
    size_t bytes;
} learned_state;

static int learned_check(const oco_oobc_setup *s, oco_oobc_model_kind kind)
{
    return oco_oobc_model_matches(s->model, kind, s->cls, s->N);
}

static int laau_check(const oco_oobc_setup *s, const oco_param *params, size_t nparams)
{
    (void)params;
    (void)nparams;
    return learned_check(s, OCO_OOBC_MODEL_LAAU);
}

/* rl's output map counts the budget in units of x (§2.5: x <= b_t), so the
 * class must use g(x, c) = x; a cheap test at the box's ends for c = 0
 * catches a class that does not (p <= 8; larger contexts are not tested). */
static int rl_check(const oco_oobc_setup *s, const oco_param *params, size_t nparams)
{
    (void)params;
    (void)nparams;
    int rc = learned_check(s, OCO_OOBC_MODEL_RL);
    if (rc)
        return rc;
    const oco_oobc_class *cls = s->cls;
    if (cls->p <= 8) {
        const double c[8] = {0};
        const double ends[2] = {cls->lo[0], cls->hi[0]};
        for (int k = 0; k < 2; ++k) {
            double g = NAN;
            rc = cls->use(cls, c, &ends[k], &g, NULL, NULL);
            if (rc || !(fabs(g - ends[k]) <= 1e-12 * fmax(1.0, fabs(ends[k]))))
                return oco_set_error(OCO_EINVAL,
                                     "rl: class %s does not use g(x, c) = x (the end-to-end map "
                                     "x = lo + (min(hi, b) - lo)·sigmoid(z) of seed 000 "
                                     "Appendix C.2 counts the budget in units of x)",
                                     cls->name);
        }
    }
    return OCO_OK;
}

static void learned_destroy(void *state)
{
    learned_state *s = state;
    if (!s)
        return;
    oco__oobc_lws_free(s->lws);
    free(s->u);
    free(s);
}

static void *learned_create(const oco_oobc_setup *setup, int with_layer)
{
    const oco_oobc_model *m = setup->model;
    const size_t nin = m->net.sizes[0], nout = m->net.sizes[m->net.nlayers];
    const size_t M = setup->cls->M, nd = nin + nout + 2 * M + 2 * m->net.max_width;
    learned_state *s = calloc(1, sizeof *s);
    if (!s)
        goto nomem;
    s->model = m;
    s->cls = setup->cls;
    s->N = setup->N;
    s->u = calloc(nd, sizeof *s->u);
    if (!s->u)
        goto nomem;
    s->z = s->u + nin;
    s->lambda = s->z + nout;
    s->bg = s->lambda + M;
    s->mw = s->bg + M;
    s->bytes = sizeof *s + nd * sizeof(double);
    if (with_layer) {
        s->lws = oco__oobc_lws_new(setup->cls);
        if (!s->lws) {
            learned_destroy(s);
            return NULL;
        }
        s->bytes += oco__oobc_lws_memory(s->lws);
    }
    return s;
nomem:
    learned_destroy(s);
    oco_set_error(OCO_ENOMEM, "%s: out of memory", with_layer ? "laau" : "rl");
    return NULL;
}

static void *laau_create(const oco_oobc_setup *setup, const oco_param *params, size_t nparams)
{
    (void)params;
    (void)nparams;
    return learned_create(setup, 1);
}

static void *rl_create(const oco_oobc_setup *setup, const oco_param *params, size_t nparams)
{
    (void)params;
    (void)nparams;
    return learned_create(setup, 0);
}

static int learned_begin(void *state, const double *B)
{
    (void)B;
    learned_state *s = state;
    memset(s->lambda, 0, s->cls->M * sizeof *s->lambda);
    return OCO_OK;
}

/* f_θ(u_t) for the 0-based step t. */
static void net_out(learned_state *s, size_t t, const double *c, const double *b)
{
    const oco_oobc_model *m = s->model;
    oco__oobc_model_input(m, b, c, t + 1, s->u);
    oco__mlp_forward(&m->net, m->weights, s->u, s->z, NULL, s->mw);
}

static int laau_decide(void *state, size_t t, const double *c, const double *b,
                       const double *b_eff, double *x)
{
    learned_state *s = state;
    const size_t M = s->cls->M;
    if (t + 1 == s->N) {
        /* seed 000 Algorithm 1 / §2.2: λ_N = 0, spend what the guard allows */
        memset(s->lambda, 0, M * sizeof *s->lambda);
    } else {
        net_out(s, t, c, b);
        for (size_t k = 0; k < M; ++k)
            s->lambda[k] = oco__oobc_lambda_map(s->model->output, s->z[k], NULL); /* λ > 0 */
    }
    /* eq. (4) with the guarded budget (§2.3 [D]) */
    oco__oobc_floor(s->cls, b_eff, s->bg);
    return oco__oobc_lws_solve(s->lws, c, s->lambda, s->bg, NULL, x, NULL, NULL);
}

static int rl_decide(void *state, size_t t, const double *c, const double *b,
                     const double *b_eff, double *x)
{
    learned_state *s = state;
    net_out(s, t, c, b);
    oco__oobc_floor(s->cls, b_eff, s->bg);
    x[0] = oco__oobc_rl_map(s->cls->lo[0], s->cls->hi[0], s->bg[0], s->z[0], NULL, NULL);
    return OCO_OK;
}

static int learned_multiplier(const void *state, double *lambda)
{
    const learned_state *s = state;
    memcpy(lambda, s->lambda, s->cls->M * sizeof *lambda);
    return OCO_OK;
}

/* Checkpoint: only λ of the last decision changes after create (u, z, bg
 * and mw are rewritten before every read; the layer keeps no state between
 * solves and starts each from the box centre). The weights are the
 * caller's model, fingerprinted in the wrapper's head. */
static int learned_save(const void *state, oco_state_writer *w)
{
    const learned_state *s = state;
    oco_state_put_size(w, s->cls->M);
    oco_state_put_f64v(w, s->lambda, s->cls->M);
    return OCO_OK;
}

static int learned_restore(void *state, oco_state_reader *r)
{
    learned_state *s = state;
    int rc = oco_state_expect_size(r, s->cls->M, "laau/rl M");
    return rc == OCO_OK ? oco_state_get_f64v(r, s->lambda, s->cls->M) : rc;
}

static size_t learned_memory(const void *state)
{
    const learned_state *s = state;
    return s->bytes;
}

const oco_oobc_type oco__oobc_laau = {
    .info =
        {
            .name = "laau",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "learning-assisted algorithm unrolling: a network predicts the "
                       "multiplier lambda_t, the optimisation layer of eq. (4) decides x_t "
                       "(needs a model: oco train laau)",
            .source = "seed 000 (LAAU), Algorithm 1, eq. (4), Prop. 5.1; olp_laau.md §2.2-2.3",
            .derived = "lambda = softplus(network) [D] (or exp, the model's output map); "
                       "network input (b_t/b_scale, c_t, "
                       "(N-t)/N) [D]; budget-reserve guard b_t - (N-t)·reserve [D]",
            .params = NULL,
            .nparams = 0,
            .flags = 0,
        },
    .needs = OCO_OOBC_NEEDS_MODEL,
    .check = laau_check,
    .create = laau_create,
    .begin = learned_begin,
    .decide = laau_decide,
    .multiplier = learned_multiplier,
    .memory = learned_memory,
    .destroy = learned_destroy,
    .save = learned_save,
    .restore = learned_restore,
};

const oco_oobc_type oco__oobc_rl = {
    .info =
        {
            .name = "rl",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "end-to-end baseline: the network predicts x_t = lo + (min(hi, b_t) - "
                       "lo)·sigmoid(z) directly (needs a model: oco train rl)",
            .source = "seed 000 (LAAU), Appendix C.2 (end-to-end RL); olp_laau.md §2.5",
            .derived = "output map lo + (min(hi, b) - lo)·sigmoid [D]; input t-bar added for "
                       "parity [D]; trained by backpropagation through the episode with "
                       "LAAU's Adam schedule [D]; budget-reserve guard [D]",
            .params = NULL,
            .nparams = 0,
            .flags = 0,
        },
    .needs = OCO_OOBC_NEEDS_MODEL | OCO_OOBC_SINGLE_BUDGET,
    .check = rl_check,
    .create = rl_create,
    .begin = learned_begin,
    .decide = rl_decide,
    .multiplier = NULL, /* no multiplier: the network decides x itself */
    .memory = learned_memory,
    .destroy = learned_destroy,
    .save = learned_save,
    .restore = learned_restore,
};
