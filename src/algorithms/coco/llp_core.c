/* The Lazy Lagrangian iteration of seed 001 (llp_sarkar.md §A.2), shared by
 * llp, llp-linearized, llp2, llp2-linearized and llp-perturbed (llp.c).
 *
 * Round t (t = st->t + 1 during the round):
 *   predict  λ_t = a_{t−1}·[Σ_{i<t} g_i(x̄_i) + γ̃_t]_+   (λ_1 = 0 [D]; the
 *            closed form of the dual step (6) with q_{0:t−1} = ‖λ‖²/(2a_{t−1})
 *            of (8)), deferred from the end of round t−1 because γ̃_t arrives
 *            with round t's predictions;
 *            x_t = argmin_X r_{0:t−1} + ⟨c_{1:t−1}, x⟩ + f̃_t(x)
 *                          + ⟨λ_t, G_{t−1}(x) + g̃_t(x)⟩          (4), (25)
 *   update   b_t = (c_t − c̃_t) + (J_t − J̃_t)ᵀλ_t, h_t = ‖b_t‖² [D]  (7)
 *            σ_t from h (proximal: σ(√h_{1:t} − √h_{1:t−1}); LLP2:
 *            σ_{1:t} = σ(√h_{1:t} + s√t) [D])
 *            x̄_t = argmin_X r_{0:t} (LLP2: r_{0:t−1}) + ⟨c_{1:t}, x⟩
 *                           + ⟨λ_t, G_t(x)⟩                      (5), (26)
 *            Σ g_i(x̄_i) += g_t(x̄_t); ε_t = ‖g_t(x̄_t) − γ̃_t‖²;
 *            a_t = 1/(t^β + √(Ē + ε_{1:t}))                         (15)
 *
 * Representation. r_{0:t}(x) = Σ_{i=0}^{t} (σ_i/2)‖x − y_i‖² (y_0 = the σ_0
 * centre, y_i = x_i proximal or x_1 for LLP2) equals (S/2)‖x − zw/S‖² + const
 * with S = Σσ_i and zw = Σσ_i y_i, kept as two running sums. The constraint
 * aggregate G_t(x) = Σ_{i≤t} g_i(x) (or ĝ_i) is a quadratic map
 * ½xᵀP_j x + ⟨A_j, x⟩ + cst_j: A (k×d), cst (k; it moves no argmin and
 * is kept so that the state holds G_t itself) and, when some g_i has P
 * blocks, P (k×d×d). Each inner problem is then
 *     min_X (S/2)‖x − zw/S‖² + ⟨v, x⟩ + ½xᵀHx
 * with H = P̃_cost + Σ_j λ_j(P_j + P̃_j): H = 0 → one Euclidean projection
 * Π_X((zw − v)/S) (the closed forms of §A.4); else the exact QP of
 * solvers/qp_domain with matrix H + S·I (positive definite since S ≥ σ_0).
 *
 * Memory (all allocated in create): O(kd + d²) — the aggregate, the
 * prediction Jacobian J̃_t, and the d×d matrix + QP workspace, needed as
 * soon as a cost or constraint prediction is quadratic. FULL mode adds k·d²
 * for the aggregated P blocks: whether a later constraint form has P cannot
 * be known at create, and allocation per round is not allowed, so the full
 * variants always reserve it [D]; the linearised variants (O(kd) state, the
 * point of §A.3/§A.4) are the choice for large d. PERTURBED reserves it
 * only when setup.fixed_cons has P (known at create). */
#include "algorithms/coco/llp_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/linalg.h"
#include "solvers/qp_domain.h"

struct oco__llp {
    const oco__llp_variant *v;
    oco__llp_conf c;
    size_t d, k;
    const oco_domain *dom;
    size_t t;         /* completed updates */
    /* regularizer r_{0:t}: (S/2)‖x − zw/S‖² */
    double S, *zw;
    double *x0;       /* σ_0 centre (domain centre or reset point) */
    double *x1;       /* LLP2's centre x_1 */
    double h_sum, eps_sum, a_prev; /* h_{1:t}, ε_{1:t}, a_t */
    double *c_sum;    /* c_{1:t} (d) */
    double *A, *cst, *P; /* aggregate G_t (k×d, k, k×d×d or NULL) */
    int has_P;        /* some aggregated map had P blocks */
    oco_quad_map gfix;  /* PERTURBED: copy of setup.fixed_cons */
    double *gsum;     /* Σ_{i≤t} g_i(x̄_i) (k) */
    double *lambda;   /* λ_t of the current round (k) */
    double *gamma;    /* γ̃_t (k) */
    double *x;        /* x_t (d) */
    double *xbar;     /* x̄_t, the last prescient point (d) */
    double *ct;       /* c̃_t = ∇f̃_t(x_t) (d) */
    double *Jt;       /* J̃_t = Jacobian of g̃_t at x_t (k×d) */
    double *Jw;       /* FULL: J_t(x_t) from the oracle (k×d) */
    double *gw, *gw2; /* k */
    double *vw, *bw;  /* d */
    double *H;        /* d×d */
    oco_qpd *qp;
    size_t bytes;
    int broken;       /* a round failed half-way: only reset helps */
};

/* A failure after the state changed (an inner QP, or the oracle query at
 * x̄_t) leaves a half-done round: refuse to go on until reset rather than
 * continue from an inconsistent state. */
static int fail(oco__llp *st, int rc)
{
    st->broken = 1;
    return rc;
}

static int broken(const oco__llp *st)
{
    return oco_set_error(OCO_ESTATE, "%s: a previous round failed half-way; reset the "
                                     "algorithm", st->v->name);
}

/* ---- parameters --------------------------------------------------------- */

static double param(const oco__llp_variant *v, const oco_param *p, size_t np, const char *key,
                    double fallback)
{
    double x = oco_params_get(v->params, v->nparams, p, np, key);
    return isnan(x) ? fallback : x;
}

int oco__llp_read(const oco__llp_variant *v, const oco_coco_setup *s, const oco_param *p,
                  size_t np, oco__llp_conf *c)
{
    const char *nm = v->name;
    double D = s->D > 0 ? s->D : oco_domain_diameter(s->domain);
    c->sigma = param(v, p, np, "sigma", 2.0 / D);
    c->sigma0 = param(v, p, np, "sigma0", 1e-6 * c->sigma);
    c->beta = param(v, p, np, "beta", 0.5);
    c->E_bar = param(v, p, np, "E_bar", 4.0 * s->g_max * s->g_max);
    c->s = param(v, p, np, "s", s->G);
    double gf = param(v, p, np, "gamma_fallback", 1.0);
    double hs = param(v, p, np, "h_split", 0.0);
    if (!(isfinite(c->sigma) && c->sigma > 0))
        return oco_set_error(OCO_EINVAL, "%s: sigma must be finite and > 0 (got %g)", nm,
                             c->sigma);
    if (!(isfinite(c->sigma0) && c->sigma0 > 0))
        return oco_set_error(OCO_EINVAL, "%s: sigma0 must be finite and > 0 (got %g)", nm,
                             c->sigma0);
    if (!(c->beta >= 0.5 && c->beta < 1))
        return oco_set_error(OCO_EINVAL, "%s: beta must be in [0.5, 1) (got %g)", nm, c->beta);
    if (!(isfinite(c->E_bar) && c->E_bar >= 0))
        return oco_set_error(OCO_EINVAL, "%s: E_bar must be finite and >= 0 (got %g)", nm,
                             c->E_bar);
    if (!(isfinite(c->s) && c->s > 0))
        return oco_set_error(OCO_EINVAL, "%s: s must be finite and > 0 (got %g)", nm, c->s);
    if (gf != 0 && gf != 1)
        return oco_set_error(OCO_EINVAL, "%s: gamma_fallback must be 0 or 1 (got %g)", nm, gf);
    if (hs != 0 && hs != 1)
        return oco_set_error(OCO_EINVAL, "%s: h_split must be 0 or 1 (got %g)", nm, hs);
    c->gamma_fallback = gf == 1;
    c->h_split = hs == 1;
    return OCO_OK;
}

/* ---- life cycle ------------------------------------------------------------ */

void oco__llp_destroy(oco__llp *st)
{
    if (!st)
        return;
    oco__qpd_free(st->qp);
    free(st);
}

size_t oco__llp_memory(const oco__llp *st) { return st ? st->bytes + oco__qpd_memory(st->qp) : 0; }

oco__llp *oco__llp_create(const oco__llp_variant *v, const oco_coco_setup *s,
                          const oco_param *p, size_t np)
{
    oco__llp_conf c;
    if (oco__llp_read(v, s, p, np, &c) != OCO_OK)
        return NULL;
    const size_t d = s->d, k = s->k;
    const oco_quad_map *g = s->fixed_cons;
    if (v->mode == OCO__LLP_PERTURBED && !g) {
        oco_set_error(OCO_EINVAL, "%s: needs setup.fixed_cons", v->name);
        return NULL;
    }
    int withP = v->mode == OCO__LLP_FULL || (v->mode == OCO__LLP_PERTURBED && g->P);
    /* doubles: zw x0 x1 c_sum x xbar ct vw bw (9d), A Jt Jw (3kd), cst gsum
     * lambda gamma gw gw2 (6k), H (d²), P (k d²), gfix A b P */
    size_t nd = 9 * d + 3 * k * d + 6 * k + d * d + (withP ? k * d * d : 0);
    if (v->mode == OCO__LLP_PERTURBED)
        nd += k * d + k + (g->P ? k * d * d : 0);
    size_t bytes = sizeof(oco__llp) + nd * sizeof(double);
    oco__llp *st = calloc(1, bytes);
    if (!st) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory (d = %zu, k = %zu)", v->name, d, k);
        return NULL;
    }
    st->v = v;
    st->c = c;
    st->d = d;
    st->k = k;
    st->dom = s->domain;
    st->bytes = bytes;
    double *w = (double *)(st + 1);
#define TAKE(ptr, n) (ptr = w, w += (n))
    TAKE(st->zw, d);
    TAKE(st->x0, d);
    TAKE(st->x1, d);
    TAKE(st->c_sum, d);
    TAKE(st->x, d);
    TAKE(st->xbar, d);
    TAKE(st->ct, d);
    TAKE(st->vw, d);
    TAKE(st->bw, d);
    TAKE(st->A, k * d);
    TAKE(st->Jt, k * d);
    TAKE(st->Jw, k * d);
    TAKE(st->cst, k);
    TAKE(st->gsum, k);
    TAKE(st->lambda, k);
    TAKE(st->gamma, k);
    TAKE(st->gw, k);
    TAKE(st->gw2, k);
    TAKE(st->H, d * d);
    if (withP)
        TAKE(st->P, k * d * d);
    if (v->mode == OCO__LLP_PERTURBED) {
        double *gA, *gb, *gP = NULL;
        TAKE(gA, k * d);
        TAKE(gb, k);
        memcpy(gA, g->A, k * d * sizeof *gA);
        if (g->b)
            memcpy(gb, g->b, k * sizeof *gb);
        if (g->P) {
            TAKE(gP, k * d * d);
            memcpy(gP, g->P, k * d * d * sizeof *gP);
        }
        st->gfix = (oco_quad_map){.m = k, .d = d, .P = gP, .A = gA, .b = gb};
    }
#undef TAKE
    st->qp = oco__qpd_new(s->domain, (size_t)-1);
    if (!st->qp) {
        free(st);
        return NULL;
    }
    oco__llp_reset(st, NULL);
    return st;
}

int oco__llp_reset(oco__llp *st, const double *x)
{
    const size_t d = st->d, k = st->k;
    if (x)
        oco_copy(x, st->x0, d);
    else
        oco_domain_center(st->dom, st->x0);
    st->t = 0;
    st->broken = 0;
    st->S = st->c.sigma0; /* r_0 = (σ_0/2)‖x − x0‖² [D]: x_1 unique */
    oco_copy(st->x0, st->zw, d);
    oco_scal(st->S, st->zw, d);
    oco_copy(st->x0, st->x1, d);
    oco_copy(st->x0, st->xbar, d); /* x̄_0 := x0, for the γ̃_1 fallback */
    oco_copy(st->x0, st->x, d);
    st->h_sum = st->eps_sum = 0;
    st->a_prev = 0;
    oco_fill(st->c_sum, d, 0.0);
    oco_fill(st->A, k * d, 0.0);
    oco_fill(st->cst, k, 0.0);
    if (st->P)
        oco_fill(st->P, k * d * d, 0.0);
    st->has_P = 0;
    oco_fill(st->gsum, k, 0.0);
    oco_fill(st->lambda, k, 0.0);
    oco_fill(st->gamma, k, 0.0);
    oco_fill(st->ct, d, 0.0);
    oco_fill(st->Jt, k * d, 0.0);
    return OCO_OK;
}

/* ---- the inner problem ---------------------------------------------------- */

/* x = argmin_X (S/2)‖x − zw/S‖² + ⟨c_sum + Ã_cost + Σ_j λ_j(A_j + Ã_j), x⟩
 *            + ½xᵀ(P̃_cost + Σ_j λ_j(P_j + P̃_j))x
 * with (A, P) the aggregate and the optional extra maps `cost` (m = 1) and
 * `cons` (m = k) — the predictions f̃_t, g̃_t in (4), NULL in (5). */
static int solve(oco__llp *st, double S, const double *zw, const oco_quad_map *cost,
                 const oco_quad_map *cons, double *x)
{
    const size_t d = st->d, k = st->k;
    const double *lam = st->lambda;
    double *v = st->vw;
    oco_copy(st->c_sum, v, d);
    if (cost)
        oco_axpy(1.0, cost->A, v, d);
    int quad = cost && cost->P;
    for (size_t j = 0; j < k; ++j) {
        if (lam[j] == 0)
            continue;
        oco_axpy(lam[j], st->A + j * d, v, d);
        if (cons)
            oco_axpy(lam[j], cons->A + j * d, v, d);
        quad |= st->has_P || (cons && cons->P);
    }
    if (!quad) {
        /* H = 0: x = Π_X((zw − v)/S), the closed form of §A.4 */
        for (size_t i = 0; i < d; ++i)
            x[i] = (zw[i] - v[i]) / S;
        return oco_domain_project(st->dom, x);
    }
    double *H = st->H;
    if (cost && cost->P)
        oco_copy(cost->P, H, d * d);
    else
        oco_fill(H, d * d, 0.0);
    for (size_t j = 0; j < k; ++j) {
        if (lam[j] == 0)
            continue;
        if (st->has_P)
            oco_axpy(lam[j], st->P + j * d * d, H, d * d);
        if (cons && cons->P)
            oco_axpy(lam[j], cons->P + j * d * d, H, d * d);
    }
    for (size_t i = 0; i < d; ++i)
        H[i * d + i] += S;
    /* ½xᵀ(H + S I)x + ⟨v − zw, x⟩ (S·zw/S = zw) */
    double *h = st->bw;
    for (size_t i = 0; i < d; ++i)
        h[i] = v[i] - zw[i];
    oco__qpd_set_matrix(st->qp, H);
    int rc = oco__qpd_solve(st->qp, h, x, NULL);
    if (rc != OCO_OK)
        return oco_set_error(rc, "%s: inner QP of round %zu failed: %s", st->v->name, st->t + 1,
                             oco_last_error());
    return OCO_OK;
}

/* ---- rounds --------------------------------------------------------------- */

/* a_t[Σ g_i(x̄_i) + γ]_+ componentwise; γ may be NULL (= 0). */
static void dual(const oco__llp *st, const double *gamma, double *lambda)
{
    for (size_t j = 0; j < st->k; ++j) {
        double s = st->gsum[j] + (gamma ? gamma[j] : 0.0);
        lambda[j] = st->t == 0 ? 0.0 : st->a_prev * (s > 0 ? s : 0.0);
    }
}

void oco__llp_multipliers(const oco__llp *st, double *lambda) { dual(st, NULL, lambda); }

int oco__llp_predict(oco__llp *st, const oco_coco_prediction *pred, double *x)
{
    const size_t d = st->d, k = st->k;
    const oco_quad_map *fc = pred ? pred->cost : NULL;
    const oco_quad_map *gc = pred ? pred->cons : NULL;
    if (st->broken)
        return broken(st);
    /* γ̃_t: given, else g̃_t at the last prescient point x̄_{t−1} [D], else 0 */
    if (pred && pred->cons_value)
        oco_copy(pred->cons_value, st->gamma, k);
    else if (gc && st->c.gamma_fallback)
        oco_quad_map_eval(gc, st->xbar, st->gamma, NULL);
    else
        oco_fill(st->gamma, k, 0.0);
    dual(st, st->gamma, st->lambda);
    /* The constraint map of round t in (4): g̃_t, or for perturbed
     * constraints the known g (g̃_t = g + b̃_t, and b̃_t moves no argmin) */
    const oco_quad_map *step_cons = st->v->mode == OCO__LLP_PERTURBED ? &st->gfix : gc;
    int rc = solve(st, st->S, st->zw, fc, step_cons, st->x);
    if (rc != OCO_OK)
        return rc;
    /* c̃_t = ∇f̃_t(x_t), J̃_t = J of g̃_t at x_t: a perfect prediction then
     * gives c̃_t = c_t and J̃_t = J_t exactly (coco.h "Predictions") */
    if (fc)
        oco_quad_map_eval(fc, st->x, NULL, st->ct);
    else
        oco_fill(st->ct, d, 0.0);
    if (gc)
        oco_quad_map_eval(gc, st->x, NULL, st->Jt);
    else
        oco_fill(st->Jt, k * d, 0.0);
    if (st->t == 0)
        oco_copy(st->x, st->x1, d); /* LLP2's centre (24) */
    oco_copy(st->x, x, d);
    return OCO_OK;
}

/* h_t of (7) from the feedback at x_t; g_J is J_t(x_t) (k×d). */
static double primal_error(oco__llp *st, const double *grad, const double *J)
{
    const size_t d = st->d, k = st->k;
    double *b = st->bw;
    for (size_t i = 0; i < d; ++i)
        b[i] = grad[i] - st->ct[i];
    if (st->v->mode == OCO__LLP_PERTURBED) /* §A.5: h independent of λ [S] */
        return oco_dot(b, b, d);
    if (st->c.h_split) { /* ‖c_t − c̃_t‖² + ‖λ_t‖²‖J_t − J̃_t‖²_F [D] */
        double jf = 0;
        for (size_t i = 0; i < k * d; ++i)
            jf += (J[i] - st->Jt[i]) * (J[i] - st->Jt[i]);
        double l2 = oco_dot(st->lambda, st->lambda, k);
        return oco_dot(b, b, d) + l2 * jf;
    }
    for (size_t j = 0; j < k; ++j) {
        double lj = st->lambda[j];
        if (lj == 0)
            continue;
        for (size_t i = 0; i < d; ++i)
            b[i] += lj * (J[j * d + i] - st->Jt[j * d + i]);
    }
    return oco_dot(b, b, d);
}

/* σ_t from h_t, and r_t added to (S, zw) */
static void add_regularizer(oco__llp *st, double h)
{
    const size_t d = st->d;
    double old = st->h_sum, t = (double)(st->t + 1);
    st->h_sum += h;
    double sig;
    if (st->v->proximal) {
        sig = st->c.sigma * (sqrt(st->h_sum) - sqrt(old));
    } else { /* σ_{1:t} = σ(√h_{1:t} + s√t), minus σ_{1:t−1} [D] */
        sig = st->c.sigma * ((sqrt(st->h_sum) + st->c.s * sqrt(t)) -
                             (sqrt(old) + st->c.s * sqrt(t - 1)));
    }
    if (sig > 0) {
        st->S += sig;
        oco_axpy(sig, st->v->proximal ? st->x : st->x1, st->zw, d);
    }
}

/* After the aggregate includes g_t: r_t and x̄_t in the order of (5) or
 * (26). The caller then computes g_t(x̄_t) for finish_round. */
static int prescient(oco__llp *st, double h)
{
    int rc;
    if (st->v->proximal) { /* (5): r_{0:t} */
        add_regularizer(st, h);
        rc = solve(st, st->S, st->zw, NULL, NULL, st->xbar);
    } else { /* (26): r_{0:t−1}, then r_t */
        rc = solve(st, st->S, st->zw, NULL, NULL, st->xbar);
        add_regularizer(st, h);
    }
    return rc;
}

static void finish_round(oco__llp *st, const double *gbar)
{
    const size_t k = st->k;
    double eps = 0;
    for (size_t j = 0; j < k; ++j) {
        st->gsum[j] += gbar[j];
        eps += (gbar[j] - st->gamma[j]) * (gbar[j] - st->gamma[j]);
    }
    st->eps_sum += eps;
    st->t++;
    double t = (double)st->t;
    st->a_prev = 1.0 / (pow(t, st->c.beta) + sqrt(st->c.E_bar + st->eps_sum)); /* (15) */
}

int oco__llp_update(oco__llp *st, const oco_coco_linear *fb)
{
    const size_t d = st->d, k = st->k;
    if (st->broken)
        return broken(st);
    if (st->v->mode == OCO__LLP_FULL)
        return oco_set_error(OCO_EINVAL, "%s: needs the constraint oracle with its closed form "
                                         "(oco_coco_update_oracle)", st->v->name);
    double h = primal_error(st, fb->grad, fb->J);
    oco_axpy(1.0, fb->grad, st->c_sum, d);
    double *gbar = st->gw;
    int rc;
    if (st->v->mode == OCO__LLP_LINEAR) {
        /* (27): ĝ_t(x) = g_t(x_t) + J_t(x − x_t) = J_t x + (g_t(x_t) − J_t x_t) */
        oco_axpy(1.0, fb->J, st->A, k * d);
        for (size_t j = 0; j < k; ++j)
            st->cst[j] += fb->g[j] - oco_dot(fb->J + j * d, st->x, d);
        if ((rc = prescient(st, h)) != OCO_OK)
            return fail(st, rc);
        for (size_t j = 0; j < k; ++j) {
            double s = 0;
            for (size_t i = 0; i < d; ++i)
                s += fb->J[j * d + i] * (st->xbar[i] - st->x[i]);
            gbar[j] = fb->g[j] + s;
        }
    } else {
        /* (29): b_t = g_t(x_t) − g(x_t); G_t = t·g + Σ b_i */
        const oco_quad_map *g = &st->gfix;
        double *bt = st->gw2;
        oco_quad_map_eval(g, st->x, bt, NULL);
        for (size_t j = 0; j < k; ++j) {
            bt[j] = fb->g[j] - bt[j];
            st->cst[j] += bt[j] - g->b[j];
        }
        oco_axpy(1.0, g->A, st->A, k * d);
        if (g->P) {
            oco_axpy(1.0, g->P, st->P, k * d * d);
            st->has_P = 1;
        }
        if ((rc = prescient(st, h)) != OCO_OK)
            return fail(st, rc);
        oco_quad_map_eval(g, st->xbar, gbar, NULL);
        oco_axpy(1.0, bt, gbar, k);
    }
    finish_round(st, gbar);
    return OCO_OK;
}

int oco__llp_update_oracle(oco__llp *st, oco_coco_feedback *fb)
{
    const size_t d = st->d, k = st->k;
    const oco_quad_map *form = fb->cons->form;
    if (st->broken)
        return broken(st);
    if (st->v->mode != OCO__LLP_FULL)
        return oco_set_error(OCO_EINVAL, "%s: learns from linearised feedback (update)",
                             st->v->name);
    if (!form) /* the wrapper checks this too (OCO_COCO_NEEDS_FORM) */
        return oco_set_error(OCO_EINVAL, "%s: needs the closed form of g_t "
                                         "(oco_cons_oracle.form)", st->v->name);
    /* c_t, g_t(x_t), J_t(x_t): one query of each oracle at x_t (the state is
     * untouched until both succeeded) */
    double value, *grad = st->vw;
    int rc = oco_grad_oracle_eval(fb->cost, st->x, grad, &value);
    if (rc == OCO_OK)
        rc = oco_cons_oracle_eval(fb->cons, st->x, st->gw, st->Jw);
    if (rc != OCO_OK)
        return rc;
    double h = primal_error(st, grad, st->Jw);
    oco_axpy(1.0, grad, st->c_sum, d); /* before solve() reuses vw */
    /* g_{1:t} += g_t: a sum of quadratic maps is a quadratic map */
    oco_axpy(1.0, form->A, st->A, k * d);
    if (form->b)
        oco_axpy(-1.0, form->b, st->cst, k);
    if (form->P) {
        oco_axpy(1.0, form->P, st->P, k * d * d);
        st->has_P = 1;
    }
    rc = prescient(st, h);
    /* the dual step needs g_t at x̄_t: one more counted query [S] */
    if (rc == OCO_OK)
        rc = oco_cons_oracle_eval(fb->cons, st->xbar, st->gw, NULL);
    if (rc != OCO_OK)
        return fail(st, rc);
    finish_round(st, st->gw);
    return OCO_OK;
}

/* ---- checkpoint --------------------------------------------------------- */

/* Everything that changes after create, in one order for both directions:
 * the round and its flags, the regularizer (S, zw) and its centres, the
 * sums, the aggregate G_t (with P when the variant reserves it), the round's
 * λ_t, γ̃_t, x_t, x̄_t, c̃_t, J̃_t (a state saved between predict and update
 * resumes mid-round) and the QP's warm start. vw, bw, gw, gw2, Jw and H are
 * scratch, rewritten before they are read. */
int oco__llp_save(const oco__llp *st, oco_state_writer *w)
{
    const size_t d = st->d, k = st->k;
    oco_state_put_size(w, st->t);
    oco_state_put_int(w, st->broken);
    oco_state_put_int(w, st->has_P);
    oco_state_put_f64(w, st->S);
    oco_state_put_f64(w, st->h_sum);
    oco_state_put_f64(w, st->eps_sum);
    oco_state_put_f64(w, st->a_prev);
    oco_state_put_f64v(w, st->zw, d);
    oco_state_put_f64v(w, st->x0, d);
    oco_state_put_f64v(w, st->x1, d);
    oco_state_put_f64v(w, st->c_sum, d);
    oco_state_put_f64v(w, st->A, k * d);
    oco_state_put_f64v(w, st->cst, k);
    oco_state_put_size(w, st->P ? k * d * d : 0);
    if (st->P)
        oco_state_put_f64v(w, st->P, k * d * d);
    oco_state_put_f64v(w, st->gsum, k);
    oco_state_put_f64v(w, st->lambda, k);
    oco_state_put_f64v(w, st->gamma, k);
    oco_state_put_f64v(w, st->x, d);
    oco_state_put_f64v(w, st->xbar, d);
    oco_state_put_f64v(w, st->ct, d);
    oco_state_put_f64v(w, st->Jt, k * d);
    oco__qpd_save(st->qp, w);
    return OCO_OK;
}

int oco__llp_restore(oco__llp *st, oco_state_reader *r)
{
    const size_t d = st->d, k = st->k;
    int rc = oco_state_get_size(r, &st->t);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &st->broken);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &st->has_P);
    if (rc == OCO_OK && ((st->broken != 0 && st->broken != 1) ||
                         (st->has_P != 0 && st->has_P != 1) || (st->has_P && !st->P)))
        rc = oco_set_error(OCO_EINVAL, "%s: state has invalid flags", st->v->name);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->S);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->h_sum);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->eps_sum);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &st->a_prev);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->zw, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->x0, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->x1, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->c_sum, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->A, k * d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->cst, k);
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, st->P ? k * d * d : 0, "the aggregated P blocks");
    if (rc == OCO_OK && st->P)
        rc = oco_state_get_f64v(r, st->P, k * d * d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->gsum, k);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->lambda, k);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->gamma, k);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->x, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->xbar, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->ct, d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->Jt, k * d);
    if (rc == OCO_OK)
        rc = oco__qpd_restore(st->qp, r);
    return rc;
}

const double *oco__llp_prescient(const oco__llp *st) { return st->xbar; }
double oco__llp_step(const oco__llp *st) { return st->a_prev; }
