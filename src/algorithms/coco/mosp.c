/* MOSP, the modified online saddle-point method of Chen, Ling, Giannakis,
 * "An online convex optimization approach to proactive network resource
 * allocation", IEEE Trans. Signal Processing 65(24), 2017, as
 * llp_sarkar.md §A.7 "Competitor updates" writes it ([R]):
 *     x_t     = argmin_{x∈X} ⟨c_{t−1}, x − x_{t−1}⟩ + ⟨λ_t, g_{t−1}(x)⟩
 *                            + ‖x − x_{t−1}‖²/(2α)
 *     λ_{t+1} = [λ_t + μ g_t(x_t)]_+,          α = μ = T^{−1/3} [R]
 * x_1 = the domain's centre, λ_1 = 0 [D]. The constraint stays
 * un-linearised in the primal step (the "modified" part): the step needs g_t
 * in closed form (OCO_COCO_NEEDS_FORM). Order after round t's feedback:
 * λ_{t+1} from g_t(x_t), then x_{t+1} from c_t, x_t, λ_{t+1} and g_t(·).
 *
 * The primal step is exact. With g_t(x) = ½xᵀP_jx + ⟨A_j, x⟩ − b_j it is
 *     min ½xᵀ(I/α + Σ_j λ_j P_j)x + ⟨c_t + Σ_j λ_j A_j − x_t/α, x⟩
 * which is a projection Π_X(x_t − α(c_t + Σ_j λ_j A_j)) when the form is
 * affine (or every λ_j with a P_j is 0), else a strongly convex QP over X
 * solved by solvers/qp_domain.h (box, ball, simplex).
 *
 * x_{t+1} is computed inside the round-t update, while the oracle's form is
 * alive, so no copy of g_t is kept: memory is the state block (5d + 3k + d²
 * doubles: x, λ, scratch, c_t, the linear term, H, g_t(x_t), λ_{t+1}) plus
 * the QP workspace (oco__qpd_memory, O(d²)); nothing grows with k·d². */
#include <stdint.h>

#include "algorithms/coco/coco_baseline.h"
#include "algorithms/registry.h"
#include "solvers/qp_domain.h"

static const oco_param_spec mosp_params[] = {
    {"alpha", NAN, "T^(-1/3)", "primal step alpha of ||x - x_{t-1}||^2/(2 alpha)", "R"},
    {"mu", NAN, "T^(-1/3)", "dual step mu of lambda_{t+1} = [lambda_t + mu g_t(x_t)]_+", "R"},
};
enum { MOSP_NP = sizeof mosp_params / sizeof mosp_params[0] };

typedef struct mosp_conf {
    double alpha, mu;
} mosp_conf;

typedef struct mosp_state {
    oco__cb cb; /* first */
    mosp_conf conf;
    double *c;    /* d: c_t = ∇f_t(x_t) */
    double *h;    /* d: linear term of the step's QP */
    double *H;    /* d×d: I/α + Σ_j λ_j P_j */
    double *gx;   /* k: g_t(x_t) */
    double *lam1; /* k: λ_{t+1}, committed when the step succeeds */
    oco_qpd *qp;  /* the exact QP over X */
} mosp_state;

static int mosp_read(const oco_coco_setup *s, const oco_param *p, size_t np, mosp_conf *c)
{
    if (s->T == 0) /* the wrapper says so first; kept for direct vtable callers */
        return oco_set_error(OCO_EINVAL, "mosp: needs the horizon: setup.T must be > 0");
    const double auto_step = pow((double)s->T, -1.0 / 3.0);
    c->alpha = oco__param_or(mosp_params, MOSP_NP, p, np, "alpha", auto_step);
    c->mu = oco__param_or(mosp_params, MOSP_NP, p, np, "mu", auto_step);
    int rc = oco__param_positive("mosp", "alpha", c->alpha);
    return rc != OCO_OK ? rc : oco__param_positive("mosp", "mu", c->mu);
}

static int mosp_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    mosp_conf c;
    return mosp_read(s, p, np, &c);
}

static void mosp_destroy(void *state)
{
    mosp_state *st = state;
    if (st)
        oco__qpd_free(st->qp);
    free(st);
}

static void *mosp_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    mosp_conf c;
    if (mosp_read(s, p, np, &c) != OCO_OK)
        return NULL;
    mosp_state *st = oco__cb_new(sizeof *st, s, 2 * s->d + s->d * s->d + 2 * s->k, "mosp");
    if (!st)
        return NULL;
    st->conf = c;
    st->c = st->cb.extra;
    st->h = st->c + s->d;
    st->H = st->h + s->d;
    st->gx = st->H + s->d * s->d;
    st->lam1 = st->gx + s->k;
    /* H = I/α + Σλ_jP_j is positive definite: the direct (Cholesky) path of
     * the ball solver for every d (no LAPACK eigensolver per round) */
    st->qp = oco__qpd_new(s->domain, SIZE_MAX);
    if (!st->qp) {
        mosp_destroy(st);
        return NULL;
    }
    return st;
}

/* λ_{t+1} = [λ_t + μ g_t(x_t)]_+ (gx = g_t(x_t)); then x_{t+1} from the step
 * objective with A (k×d row-major, the constraint's linear parts or its
 * Jacobian at x_t) and P (k blocks, or NULL). State unchanged on error. */
static int mosp_step(mosp_state *st, const double *c, const double *gx, const double *A,
                     const double *P)
{
    oco__cb *cb = &st->cb;
    const size_t d = cb->d, k = cb->k;
    const double alpha = st->conf.alpha;
    double *lam = st->lam1;
    int curved = 0;
    for (size_t j = 0; j < k; ++j) {
        lam[j] = fmax(0.0, cb->lam[j] + st->conf.mu * gx[j]);
        curved |= P && lam[j] > 0;
    }
    /* w = c_t + Σ_j λ_{t+1,j} A_j */
    oco__cb_lagrangian_grad(d, k, 1.0, c, A, lam, cb->w);
    int rc;
    if (!curved) {
        rc = oco__cb_descend(cb, alpha); /* Π_X(x_t − α w) */
    } else {
        for (size_t i = 0; i < d; ++i)
            st->h[i] = cb->w[i] - cb->x[i] / alpha;
        for (size_t i = 0; i < d * d; ++i)
            st->H[i] = 0;
        for (size_t i = 0; i < d; ++i)
            st->H[i * d + i] = 1.0 / alpha;
        for (size_t j = 0; j < k; ++j)
            if (lam[j] > 0)
                oco_axpy(lam[j], P + j * d * d, st->H, d * d);
        oco__qpd_set_matrix(st->qp, st->H);
        rc = oco__qpd_solve(st->qp, st->h, cb->w, NULL);
    }
    if (rc != OCO_OK)
        return rc;
    oco_copy(cb->w, cb->x, d);
    oco_copy(lam, cb->lam, k);
    cb->t++;
    return OCO_OK;
}

static int mosp_update_oracle(void *state, oco_coco_feedback *fb)
{
    mosp_state *st = state;
    oco__cb *cb = &st->cb;
    const oco_quad_map *form = fb->cons->form; /* required: OCO_COCO_NEEDS_FORM */
    /* one query per oracle, at x_t */
    double value;
    int rc = oco_grad_oracle_eval(fb->cost, cb->x, st->c, &value);
    if (rc == OCO_OK)
        rc = oco_cons_oracle_eval(fb->cons, cb->x, st->gx, NULL);
    if (rc != OCO_OK)
        return rc;
    return mosp_step(st, st->c, st->gx, form->A, form->P);
}

/* Linearised feedback (the wrapper never sends it to a NEEDS_FORM algorithm;
 * for direct vtable users): MOSP on the constraint linearised at x_t, whose
 * step is the projection with A = J_t(x_t). */
static int mosp_update(void *state, const oco_coco_linear *fb)
{
    return mosp_step(state, fb->grad, fb->g, fb->J, NULL);
}

/* Checkpoint: x_t, λ_t, the round and the QP's warm start; c, h, H, gx and
 * lam1 are rewritten by every update before they are read. */
static int mosp_save(const void *state, oco_state_writer *w)
{
    const mosp_state *st = state;
    oco__cb_save(&st->cb, w);
    oco__qpd_save(st->qp, w);
    return OCO_OK;
}

static int mosp_restore(void *state, oco_state_reader *r)
{
    mosp_state *st = state;
    int rc = oco__cb_restore(&st->cb, r);
    return rc != OCO_OK ? rc : oco__qpd_restore(st->qp, r);
}

static size_t mosp_memory(const void *state)
{
    const mosp_state *st = state;
    return st->cb.bytes + oco__qpd_memory(st->qp);
}

const oco_coco_type oco__coco_mosp = {
    .info =
        {
            .name = "mosp",
            .protocol = OCO_PROTOCOL_COCO,
            .summary = "modified online saddle point: exact proximal step on the un-linearised "
                       "constraint, alpha = mu = T^(-1/3)",
            .source = "Chen, Ling, Giannakis, IEEE TSP 2017 (MOSP); llp_sarkar.md A.7 "
                      "competitor of seed 001",
            .derived = "update rule and alpha = mu = T^(-1/3) recalled [R]; x_1 = domain "
                       "centre, lambda_1 = 0 [D]",
            .params = mosp_params,
            .nparams = MOSP_NP,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .domains = (1u << OCO_DOMAIN_BOX) | (1u << OCO_DOMAIN_BALL) | (1u << OCO_DOMAIN_SIMPLEX),
    .needs = OCO_COCO_NEEDS_FORM,
    .check = mosp_check,
    .create = mosp_create,
    .reset = oco__cb_reset,
    .predict = oco__cb_predict,
    .update = mosp_update,
    .update_oracle = mosp_update_oracle,
    .multipliers = oco__cb_multipliers,
    .memory = mosp_memory,
    .destroy = mosp_destroy,
    .save = mosp_save,
    .restore = mosp_restore,
};
