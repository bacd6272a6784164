/* Sinha, Vaze, "Optimal algorithms for online convex optimization with
 * adversarial constraints", NeurIPS 2024 [C: llp_sarkar.md Part C, re-read in
 * review]: the baseline of seed 003. k constraints are reduced to their
 * pointwise maximum g_t = max_i g_{t,i}, and only violations count:
 * CCV_T = Σ_t (g_t(x_t))₊ against the PER-ROUND benchmark (Assumption 3: some
 * x* with g_{t,i}(x*) <= 0 for all t, i). They get g_t with budget 0 (no
 * OCO_COCO_CONSUMPTION).
 *
 * sinha-vaze (Algorithm 1, convex costs; Theorem 1):
 *     f̃_t = β f_t,  g̃_t = β·max(0, g_t),  Q(t) = Q(t−1) + g̃_t(x_t),
 *     ∇_t = V ∇f̃_t(x_t) + Φ'(Q(t)) ∇g̃_t(x_t),  Φ(x) = e^{λx} − 1,
 *     x_{t+1} = Π_X(x_t − (√2 D/(2√(Σ_{τ<=t}‖∇_τ‖²))) ∇_t)          (AdaGrad)
 * β = (2GD)^{-1}, V = 1, λ = 1/(2√T); Regret_t <= 2GD(√t + 1) for every t
 * and CCV_T <= 4GD·ln(2(1 + 2T))·√T. ∇g̃_t is β∇g_{t,i*} at the maximising
 * constraint i* when g_t(x_t) > 0, and 0 otherwise (a subgradient of the
 * clipped maximum). The same overflow-safe log-domain step as
 * lyapunov-adagrad (lyap_core.h; ln Φ' capped at 700).
 *
 * sinha-vaze-strong (Theorem 2, H-strongly convex costs): β = 1,
 * Φ(x) = x² (Φ'(Q) = 2Q), V = 8G² ln(Te)/H, and online gradient descent on
 * the surrogate f̂_t = V f_t + Φ'(Q(t)) g̃_t, which is H_t = V·H strongly
 * convex, with η_t = 1/Σ_{s<=t} H_s = 1/(t V H) (Hazan–Agarwal–Kale's step);
 * Regret_t <= (G²/H)(1 + ln t). H must be the TRUE strong-convexity modulus
 * of every f_t (the algorithm cannot check it; the default 1 is only a
 * placeholder [D]): a wrong H voids the guarantee.
 *
 * G = max(setup.G, setup.L_g): the paper's one Lipschitz constant of f and g.
 * x_1 = the domain's centre [D]. Linearised feedback only: they stream. */
#include "algorithms/coco/lyap_core.h"
#include "algorithms/registry.h"

static const oco_param_spec sv_params[] = {
    {"beta", NAN, "1/(2 G D), G = max(G, L_g)",
     "scale of f~ = beta f and g~ = beta max(0, g) (Sinha-Vaze 2024, Alg. 1)", "C"},
    {"V", 1.0, "1", "weight V of the cost in the surrogate V f~ + Phi'(Q) g~ (Sinha-Vaze "
                    "2024, Alg. 1)", "C"},
    {"lambda", NAN, "1/(2 sqrt(T))",
     "rate of the Lyapunov function Phi(x) = e^(lambda x) - 1 (Sinha-Vaze 2024, Alg. 1)", "C"},
};
enum { SV_NP = sizeof sv_params / sizeof sv_params[0] };

static const oco_param_spec svs_params[] = {
    {"H", 1.0, "1",
     "strong-convexity modulus of every f_t: give the TRUE modulus (the default is a "
     "placeholder; a wrong H voids Theorem 2's bound)", "D"},
    {"V", NAN, "8 G^2 ln(T e)/H, G = max(G, L_g)",
     "weight V of the cost in the surrogate V f + 2Q g~ (Sinha-Vaze 2024, Thm 2)", "C"},
};
enum { SVS_NP = sizeof svs_params / sizeof svs_params[0] };

typedef struct sv_conf {
    int strong;
    double beta, V, lambda, H, D;
} sv_conf;

typedef struct sv_state {
    oco__cb cb;      /* first; cb.lam[0] = Q(t) (the other entries stay 0) */
    sv_conf c;
    double l0;       /* ln(V β) */
    double *lcoef;   /* (k) */
    double *r;       /* (k + 1) */
    oco__lyap_sum S; /* AdaGrad's Σ‖∇_τ‖² (convex variant) */
} sv_state;

static int sv_read(const oco_coco_setup *s, const oco_param *p, size_t np, int strong,
                   sv_conf *c)
{
    const char *nm = strong ? "sinha-vaze-strong" : "sinha-vaze";
    if (s->T == 0) /* the wrapper says so first; kept for direct vtable callers */
        return oco_set_error(OCO_EINVAL, "%s: needs the horizon: setup.T must be > 0", nm);
    const double G = fmax(s->G, s->L_g), T = (double)s->T;
    int rc;
    c->strong = strong;
    c->D = s->D > 0 ? s->D : oco_domain_diameter(s->domain);
    if (strong) {
        c->H = oco__param_or(svs_params, SVS_NP, p, np, "H", 1.0);
        if ((rc = oco__param_positive(nm, "H", c->H)) != OCO_OK)
            return rc;
        c->V = oco__param_or(svs_params, SVS_NP, p, np, "V", 8 * G * G * (log(T) + 1) / c->H);
        c->beta = 1;
        c->lambda = 0;
        return oco__param_positive(nm, "V", c->V);
    }
    c->H = 0;
    c->beta = oco__param_or(sv_params, SV_NP, p, np, "beta", 1 / (2 * G * c->D));
    c->V = oco__param_or(sv_params, SV_NP, p, np, "V", 1.0);
    c->lambda = oco__param_or(sv_params, SV_NP, p, np, "lambda", 1 / (2 * sqrt(T)));
    if ((rc = oco__param_positive(nm, "beta", c->beta)) != OCO_OK ||
        (rc = oco__param_positive(nm, "V", c->V)) != OCO_OK)
        return rc;
    return oco__param_positive(nm, "lambda", c->lambda);
}

static int sv_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    sv_conf c;
    return sv_read(s, p, np, 0, &c);
}

static int svs_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    sv_conf c;
    return sv_read(s, p, np, 1, &c);
}

static int sv_reset(void *state, const double *x)
{
    sv_state *st = state;
    oco__cb_restart(&st->cb, x);
    st->S = (oco__lyap_sum){0, 0};
    return OCO_OK;
}

static void *sv_new(const oco_coco_setup *s, const oco_param *p, size_t np, int strong)
{
    sv_conf c;
    if (sv_read(s, p, np, strong, &c) != OCO_OK)
        return NULL;
    sv_state *st = oco__cb_new(sizeof *st, s, 2 * s->k + 1,
                               strong ? "sinha-vaze-strong" : "sinha-vaze");
    if (!st)
        return NULL;
    st->c = c;
    st->l0 = log(c.V) + log(c.beta);
    st->lcoef = st->cb.extra;
    st->r = st->lcoef + s->k;
    sv_reset(st, NULL);
    return st;
}

static void *sv_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    return sv_new(s, p, np, 0);
}

static void *svs_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    return sv_new(s, p, np, 1);
}

/* ln Φ'(Q): ln(λ e^{λQ}) = ln λ + λQ (convex), ln 2Q (strong); capped. */
static double ln_phi_prime(const sv_conf *c, double Q)
{
    const double l = c->strong ? log(2 * Q) : log(c->lambda) + c->lambda * Q;
    return fmin(l, OCO__LYAP_LOG_MAX);
}

static int sv_update(void *state, const oco_coco_linear *fb)
{
    sv_state *st = state;
    oco__cb *cb = &st->cb;
    const size_t d = cb->d, k = cb->k;
    size_t imax = 0;
    for (size_t i = 1; i < k; ++i)
        if (fb->g[i] > fb->g[imax])
            imax = i;
    const double gt = fb->g[imax] > 0 ? fb->g[imax] : 0.0; /* max(0, max_i g_{t,i}) */
    double gs = st->c.beta * gt;
    if (!isfinite(gs))
        gs = DBL_MAX;
    const double Q = oco__lyap_accumulate(cb->lam[0], gs); /* Q(t) includes round t */
    for (size_t i = 0; i < k; ++i)
        st->lcoef[i] = -INFINITY;
    if (gt > 0) /* ∇g̃_t = β ∇g_{t,i*} */
        st->lcoef[imax] = ln_phi_prime(&st->c, Q) + log(st->c.beta);
    const double M = oco__lyap_combine(d, k, st->l0, fb->grad, st->lcoef, fb->J, st->r, cb->w);
    oco__lyap_sum S = st->S;
    int rc = OCO_OK;
    if (!st->c.strong) {
        oco__lyap_sum_add(&S, M, oco_dot(cb->w, cb->w, d));
        rc = oco__lyap_adagrad_step(cb, &S, M, st->c.D);
    } else if (M > -INFINITY) {
        /* η_t ∇_t = e^{M − ln(t V H)} u: the exponent capped like ln Φ' */
        const double lstep = M - log((double)(cb->t + 1) * st->c.V * st->c.H);
        rc = oco__cb_descend(cb, exp(fmin(lstep, OCO__LYAP_LOG_MAX)));
        if (rc == OCO_OK)
            oco_copy(cb->w, cb->x, d);
    }
    if (rc != OCO_OK)
        return rc;
    st->S = S;
    cb->lam[0] = Q;
    cb->t++;
    return OCO_OK;
}

static void sv_multipliers(const void *state, double *lambda)
{
    const sv_state *st = state;
    const double Q = st->cb.lam[0];
    const double m = Q > 0 || !st->c.strong ? exp(ln_phi_prime(&st->c, Q)) : 0.0;
    for (size_t i = 0; i < st->cb.k; ++i) /* the pointwise max shares one queue */
        lambda[i] = m;
}

/* Checkpoint: x_t, Q(t), the round and AdaGrad's S (lcoef, r: scratch). */
static int sv_save(const void *state, oco_state_writer *w)
{
    const sv_state *st = state;
    oco__cb_save(&st->cb, w);
    oco__lyap_sum_save(&st->S, w);
    return OCO_OK;
}

static int sv_restore(void *state, oco_state_reader *r)
{
    sv_state *st = state;
    int rc = oco__cb_restore(&st->cb, r);
    return rc != OCO_OK ? rc : oco__lyap_sum_restore(&st->S, r);
}

static void sv_destroy(void *state) { free(state); }

#define SV_VTABLE(sym, nm, summ, deriv, spec, nspec, chk, crt)                                \
    const oco_coco_type sym = {                                                               \
        .info =                                                                               \
            {                                                                                 \
                .name = nm,                                                                   \
                .protocol = OCO_PROTOCOL_COCO,                                                \
                .summary = summ,                                                              \
                .source = "Sinha, Vaze, 'Optimal algorithms for online convex optimization "  \
                          "with adversarial constraints', NeurIPS 2024; llp_sarkar.md Part C " \
                          "(baseline of seed 003)",                                           \
                .derived = deriv,                                                             \
                .params = spec,                                                               \
                .nparams = nspec,                                                             \
                .flags = OCO_ALGO_RESETTABLE,                                                 \
            },                                                                                \
        .domains = 0,                                                                         \
        .needs = OCO_COCO_LONG_TERM,                                                          \
        .check = chk,                                                                         \
        .create = crt,                                                                        \
        .reset = sv_reset,                                                                    \
        .predict = oco__cb_predict,                                                           \
        .update = sv_update,                                                                  \
        .update_oracle = NULL,                                                                \
        .multipliers = sv_multipliers,                                                        \
        .memory = oco__cb_memory,                                                             \
        .destroy = sv_destroy,                                                                \
        .save = sv_save,                                                                      \
        .restore = sv_restore,                                                                \
    }

SV_VTABLE(oco__coco_sinha_vaze, "sinha-vaze",
          "Lyapunov queue of beta max(0, max_i g_ti), Phi = e^(lambda x) - 1, scalar AdaGrad "
          "on V beta grad f + Phi'(Q) beta grad g_i*; regret O(sqrt T), CCV O(sqrt T log T)",
          "Algorithm 1 and its constants [C]; x_1 = domain centre, stay put while S = 0 [D]; "
          "log-domain gradient, ln Phi' capped at 700 (project safeguard)",
          sv_params, SV_NP, sv_check, sv_create);

SV_VTABLE(oco__coco_sinha_vaze_strong, "sinha-vaze-strong",
          "strongly convex costs: queue of max(0, max_i g_ti), Phi = x^2, OGD with "
          "eta_t = 1/(t V H) on V grad f + 2Q grad g_i*; regret O(log T)",
          "Theorem 2's beta, Phi, V [C]; H_s = V H (the surrogate's modulus) [D reading]; "
          "H default 1 [D]: give the true modulus",
          svs_params, SVS_NP, svs_check, svs_create);
