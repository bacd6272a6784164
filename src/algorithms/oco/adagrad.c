/* Diagonal AdaGrad with projection in the H_t-norm (Duchi, Hazan, Singer,
 * JMLR 12, 2011, composite-mirror-descent form with ψ_t(x) = ½⟨x, H_t x⟩;
 * Hazan, Introduction to OCO, §5.6, diagonal version):
 *     s_t = Σ_{s≤t} ∇_s ⊙ ∇_s,   H_t = δI + diag(√s_t),
 *     x_{t+1} = Π^{H_t}_X[x_t − η H_t⁻¹ ∇_t],   x_1 = the domain's centre [D].
 * Regret ≤ √2·D_∞·Σ_i ‖∇_{1:T,i}‖₂ with η = D_∞/√2 (Duchi et al., Cor. 1);
 * we default to η = D/√2 with the Euclidean diameter D ≥ D_∞ [D].
 * The diagonal-metric projections are exact and allocation-free:
 *   box      coordinate-wise clamp (the metric is separable);
 *   ball     x = c + u(ν), u_i = h_i(y_i − c_i)/(h_i + ν), ν by monotone Newton
 *            on 1/‖u(ν)‖ − 1/R (Moré–Sorensen; see solvers/qp_domain.h);
 *   simplex  x_i = max(0, y_i − τ/h_i) with Σx = 1, τ by a weighted Michelot
 *            iteration (τ increases, a dropped coordinate never returns). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oco/base_common.h"
#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "solvers/qp_domain.h"

static const oco_param_spec ada_params[] = {
    {"eta", NAN, "D/sqrt(2)", "step η (Duchi et al. 2011: D_inf/sqrt 2)", "R"},
    {"delta", 1e-8, "1e-8", "H_t = δI + diag(sqrt(Σ g²)): keeps the metric positive", "D"},
};
#define NP (sizeof ada_params / sizeof ada_params[0])

typedef struct ada_state {
    size_t d;
    const oco_domain *dom;
    oco_domain_kind kind;
    double eta, delta, R;
    size_t t;
    double *x, *s, *h, *c, *lo, *hi, *u;
    unsigned char *act; /* simplex: coordinate still in the support */
} ada_state;

/* The parameters, validated: the one reading shared by check and create. */
typedef struct ada_conf {
    double eta, delta;
} ada_conf;

static int ada_read(const oco_learner_setup *s, const oco_param *p, size_t np, ada_conf *c)
{
    c->eta = oco__param_or(ada_params, NP, p, np, "eta", s->D / sqrt(2.0));
    c->delta = oco__param_or(ada_params, NP, p, np, "delta", 1e-8);
    if (!(c->eta > 0))
        return oco_set_error(OCO_EINVAL, "adagrad: eta must be > 0 (got %.17g)", c->eta);
    if (!(c->delta > 0))
        return oco_set_error(OCO_EINVAL, "adagrad: delta must be > 0 (got %.17g)", c->delta);
    return OCO_OK;
}

static int ada_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    ada_conf c;
    return ada_read(s, p, np, &c);
}

static void *ada_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    ada_conf c = {.eta = 0};
    if (ada_read(s, p, np, &c) != OCO_OK)
        return NULL;
    size_t d = s->d;
    ada_state *st = calloc(1, sizeof *st + 7 * d * sizeof(double) + d);
    if (!st) {
        oco_set_error(OCO_ENOMEM, "adagrad: out of memory");
        return NULL;
    }
    st->d = d;
    st->dom = s->domain;
    st->kind = oco_domain_get_kind(s->domain);
    st->eta = c.eta;
    st->delta = c.delta;
    st->x = (double *)(st + 1);
    st->s = st->x + d;
    st->h = st->s + d;
    st->c = st->h + d;
    st->lo = st->c + d;
    st->hi = st->lo + d;
    st->u = st->hi + d;
    st->act = (unsigned char *)(st->u + d);
    if (oco__qpd_domain_geometry(s->domain, st->c, &st->R, st->lo, st->hi, NULL) != OCO_OK) {
        free(st);
        return NULL;
    }
    oco_copy(st->c, st->x, d);
    return st;
}

/* Round 0 again: x_1 = x (or the centre c), s_0 = 0 so that H_1 = δI +
 * diag|∇_1| as for a fresh learner. h, u and act are recomputed before every
 * use; they are cleared only so that the state equals create's byte for byte. */
static int ada_reset(void *state, const double *x)
{
    ada_state *st = state;
    const size_t d = st->d;
    oco_copy(x ? x : st->c, st->x, d);
    oco_fill(st->s, d, 0.0);
    oco_fill(st->h, d, 0.0);
    oco_fill(st->u, d, 0.0);
    memset(st->act, 0, d);
    st->t = 0;
    return OCO_OK;
}

/* Ball ‖x − c‖ ≤ R in the metric diag(h). */
static void proj_ball_diag(ada_state *st)
{
    size_t d = st->d;
    double *x = st->x, *u = st->u;
    const double *h = st->h, *c = st->c;
    for (size_t i = 0; i < d; ++i)
        u[i] = x[i] - c[i];
    const double R = st->R;
    if (oco_nrm2(u, d) <= R)
        return;
    /* u(ν) = h(x − c)/(h + ν): the secular equation with g = −h(x − c), from
     * ν = 0, left of the root since ‖x − c‖ > R. */
    for (size_t i = 0; i < d; ++i)
        u[i] = -h[i] * u[i];
    const double nu = oco__qpd_secular_diag(h, u, d, R, 0.0, NULL);
    for (size_t i = 0; i < d; ++i)
        u[i] = h[i] * (x[i] - c[i]) / (h[i] + nu);
    double nrm = oco_nrm2(u, d);
    if (nrm > R)
        oco_scal(R / nrm, u, d);
    for (size_t i = 0; i < d; ++i)
        x[i] = c[i] + u[i];
}

/* Simplex in the metric diag(h): weighted Michelot. */
static void proj_simplex_diag(ada_state *st)
{
    size_t d = st->d;
    double *x = st->x;
    const double *h = st->h;
    memset(st->act, 1, d);
    double tau = 0;
    for (size_t pass = 0; pass <= d; ++pass) {
        double sy = 0, sw = 0;
        for (size_t i = 0; i < d; ++i)
            if (st->act[i]) {
                sy += x[i];
                sw += 1.0 / h[i];
            }
        tau = (sy - 1.0) / sw;
        int dropped = 0;
        for (size_t i = 0; i < d; ++i)
            if (st->act[i] && x[i] - tau / h[i] <= 0) {
                st->act[i] = 0;
                dropped = 1;
            }
        if (!dropped)
            break;
    }
    for (size_t i = 0; i < d; ++i)
        x[i] = st->act[i] ? x[i] - tau / h[i] : 0.0;
}

static int ada_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    ada_state *st = state;
    oco_copy(st->x, x, st->d);
    return OCO_OK;
}

static int ada_update(void *state, const double *g, double value)
{
    (void)value;
    ada_state *st = state;
    size_t d = st->d;
    for (size_t i = 0; i < d; ++i) {
        st->s[i] += g[i] * g[i];
        st->h[i] = st->delta + sqrt(st->s[i]);
        st->x[i] -= st->eta * g[i] / st->h[i];
    }
    switch (st->kind) {
    case OCO_DOMAIN_BALL:
        proj_ball_diag(st);
        break;
    case OCO_DOMAIN_SIMPLEX:
        proj_simplex_diag(st);
        break;
    default:
        oco_proj_box(st->x, d, st->lo, st->hi);
    }
    st->t++;
    return OCO_OK;
}

static size_t ada_memory(const void *state)
{
    const ada_state *st = state;
    return sizeof *st + 7 * st->d * sizeof(double) + st->d;
}

static void ada_destroy(void *state) { free(state); }

/* Checkpoint: t, x_t, Σg² and the metric h (u and act are scratch of the
 * projections, rebuilt on every call). */
static int ada_save(const void *state, oco_state_writer *w)
{
    const ada_state *st = state;
    oco_state_put_size(w, st->d);
    oco_state_put_size(w, st->t);
    oco_state_put_f64v(w, st->x, 3 * st->d); /* x, s, h: one block */
    return OCO_OK;
}

static int ada_restore(void *state, oco_state_reader *r)
{
    ada_state *st = state;
    int rc = oco_state_expect_size(r, st->d, "adagrad dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &st->t);
    return rc == OCO_OK ? oco_state_get_f64v(r, st->x, 3 * st->d) : rc;
}

const oco_learner_type oco__learner_adagrad = {
    .info =
        {
            .name = "adagrad",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "diagonal AdaGrad, exact projection in the H_t-norm (ball, box, simplex)",
            .source = "Duchi, Hazan, Singer, JMLR 2011 (diagonal); Hazan, Intro to OCO 5.6",
            .derived = "eta = D/sqrt 2 with the Euclidean D; delta = 1e-8; x_1 = domain centre [D]",
            .params = ada_params,
            .nparams = NP,
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_RESETTABLE,
        },
    .domains = (1u << OCO_DOMAIN_BALL) | (1u << OCO_DOMAIN_BOX) | (1u << OCO_DOMAIN_SIMPLEX),
    .check = ada_check,
    .create = ada_create,
    .reset = ada_reset,
    .predict = ada_predict,
    .update = ada_update,
    .update_oracle = NULL,
    .memory = ada_memory,
    .destroy = ada_destroy,
    .save = ada_save,
    .restore = ada_restore,
};
