/* Sarkar, Mukhopadhyay, Sinha (arXiv 2508.16992, seed 003), Algorithm 1:
 * online learning of α-approximately convex costs under long-term
 * adversarial budgets, full information, with several resources (§B.4,
 * Appendix C). llp_sarkar.md §B.3–B.4: skeleton [S], constants [D].
 *
 * The constraint feedback is CONSUMPTION (OCO_COCO_CONSUMPTION): g_{t,i} >= 0
 * is round t's use of resource i and setup.budget = B_T the long-term budget,
 * X* = {x ∈ X : Σ_t g_t(x) <= B_T} (seed 003 (1)). Each round, after x_t:
 *     Q_i(t) = Q_i(t−1) + g̃_{t,i}(x_t)                      (10), Q_i(0) = 0
 *     ∇_t = V ∇f_t(x_t) + Σ_i Φ'(Q_i(t)) ∇g̃_{t,i}(x_t)       (14), (46)
 *     S += ‖∇_t‖²,  x_{t+1} = Π_X(x_t − (√2 D/(2√S)) ∇_t)     (AdaGrad, §B.3)
 * with Φ(x) = e^{λx} − 1, so Φ'(Q) = λ e^{λQ}; Q(t) includes round t (the
 * gradient needs g_t in full: full information). ∇f_t is the generalized
 * subgradient the problem supplies (seed 003 (9), Lemma 8).
 *
 * Unequal budgets (§B.4, footnote 3 [S], form [D]): g̃_{t,i} = (B/B_i)·g_{t,i}
 * with B = max_i B_i, so every resource has the common budget B; resources
 * with B_i <= 0 are left unscaled (no finite scale equalises them; the
 * analysis then reads them against B). The multipliers entry reports
 * Φ'(Q_i(t)) = λe^{λQ_i(t)} (the weight of ∇g̃_{t,i}; ∇g_{t,i}'s weight is
 * B/B_i times it), capped as below.
 *
 * Overflow safety (lyap_core.h): the gradient and AdaGrad's S are computed in
 * the log domain and ln Φ'(Q) is capped at OCO__LYAP_LOG_MAX = 700 (Φ' <=
 * e^700 ≈ 1e304), a cap Theorem 4's assumptions never reach (λQ(T) <=
 * ln(2(k + κ√T + αFT))); Q saturates at ±DBL_MAX. Inputs that break the
 * assumptions (negative g, huge g or gradients, T = 1) give finite iterates
 * in X, not Inf or NaN; no guarantee is claimed for them.
 *
 * Guarantee under the assumptions (f ∈ C_α, g >= 0, generalized subgradients
 * and constraint gradients bounded by G, X* non-empty), with the defaults
 * V = 1, λ = 1/(2(κ√T + αB)), κ = √2 G D ([D] constants, §B.3–B.4):
 *     ½ e^{λQ(T)} + α-Regret_T <= 1 + κ√T              (22), one resource
 *     α-Regret_T <= κ√T + k/2,  Q_i(T) <= 2(κ√T + αB)·ln(2(k + κ√T + αFT))
 * (the second with f >= 0). With unequal budgets the scaled constraints'
 * gradients are bounded by G·max_i B/B_i, and the bounds need κ computed
 * from that bound (set `kappa`; the default keeps the brief's √2·G·D).
 * x_1 = the domain's centre [D].
 * Linearised feedback only: it streams. */
#include "algorithms/coco/lyap_core.h"
#include "algorithms/registry.h"

static const oco_param_spec lyap_params[] = {
    {"V", 1.0, "1", "weight V of the cost in the surrogate V f_t + sum_i Phi'(Q_i) g_ti "
                    "(seed 003 (12), (46); llp_sarkar.md B.3)", "D"},
    {"lambda", NAN, "1/(2(kappa sqrt(T) + alpha B))",
     "rate lambda of the Lyapunov function Phi(x) = e^(lambda x) - 1, B = max_i budget_i "
     "(the choice that turns (21) into (22); llp_sarkar.md B.3)", "D"},
    {"kappa", NAN, "sqrt(2) G D, G = max(G, L_g)",
     "AdaGrad's regret constant: Reg^OLO <= kappa sqrt(T) (V + Phi'(Q(T))) (20); G bounds "
     "both the cost's and the constraints' gradients", "D"},
};
enum { LYAP_NP = sizeof lyap_params / sizeof lyap_params[0] };

typedef struct lyap_conf {
    double V, lambda, kappa, D;
} lyap_conf;

typedef struct lyap_state {
    oco__cb cb;       /* first; cb.lam = Q_i(t), the (scaled) queues */
    lyap_conf c;
    double lnV, lnlam;
    double *lnscale;  /* ln(B/B_i), 0 for B_i <= 0 (k) */
    double *lcoef;    /* ln of the coefficient of ∇g_{t,i} this round (k) */
    double *r;        /* scratch of oco__lyap_combine (k + 1) */
    oco__lyap_sum S;  /* Σ‖∇_τ‖², scaled */
} lyap_state;

static double max_budget(const oco_coco_setup *s)
{
    double B = 0;
    for (size_t i = 0; s->budget && i < s->k; ++i)
        B = fmax(B, s->budget[i]);
    return B;
}

static int lyap_read(const oco_coco_setup *s, const oco_param *p, size_t np, lyap_conf *c)
{
    if (s->T == 0) /* the wrapper says so first; kept for direct vtable callers */
        return oco_set_error(OCO_EINVAL, "lyapunov-adagrad: needs the horizon: setup.T must "
                                         "be > 0");
    const double G = fmax(s->G, s->L_g);
    c->D = s->D > 0 ? s->D : oco_domain_diameter(s->domain);
    c->V = oco__param_or(lyap_params, LYAP_NP, p, np, "V", 1.0);
    c->kappa = oco__param_or(lyap_params, LYAP_NP, p, np, "kappa", sqrt(2.0) * G * c->D);
    int rc;
    if ((rc = oco__param_positive("lyapunov-adagrad", "V", c->V)) != OCO_OK ||
        (rc = oco__param_positive("lyapunov-adagrad", "kappa", c->kappa)) != OCO_OK)
        return rc;
    /* the denominator saturates at DBL_MAX (a budget near DBL_MAX breaks every
     * assumption; λ stays > 0) */
    const double den = fmin(c->kappa * sqrt((double)s->T) + s->alpha * max_budget(s), DBL_MAX);
    c->lambda = oco__param_or(lyap_params, LYAP_NP, p, np, "lambda", 0.5 / den);
    return oco__param_positive("lyapunov-adagrad", "lambda", c->lambda);
}

static int lyap_check(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    lyap_conf c;
    return lyap_read(s, p, np, &c);
}

static int lyap_reset(void *state, const double *x)
{
    lyap_state *st = state;
    oco__cb_restart(&st->cb, x); /* x_1, Q(0) = 0, round 0 */
    st->S = (oco__lyap_sum){0, 0};
    return OCO_OK;
}

static void *lyap_create(const oco_coco_setup *s, const oco_param *p, size_t np)
{
    lyap_conf c;
    if (lyap_read(s, p, np, &c) != OCO_OK)
        return NULL;
    const size_t k = s->k;
    lyap_state *st = oco__cb_new(sizeof *st, s, 3 * k + 1, "lyapunov-adagrad");
    if (!st)
        return NULL;
    st->c = c;
    st->lnV = log(c.V);
    st->lnlam = log(c.lambda);
    st->lnscale = st->cb.extra;
    st->lcoef = st->lnscale + k;
    st->r = st->lcoef + k;
    const double B = max_budget(s);
    for (size_t i = 0; i < k; ++i) /* §B.4: g̃_i = (B/B_i) g_i */
        st->lnscale[i] = s->budget && s->budget[i] > 0 ? log(B) - log(s->budget[i]) : 0.0;
    lyap_reset(st, NULL);
    return st;
}

/* ln Φ'(Q) = ln λ + λQ, capped (lyap_core.h). */
static double ln_phi_prime(const lyap_state *st, double Q)
{
    return fmin(st->lnlam + st->c.lambda * Q, OCO__LYAP_LOG_MAX);
}

static int lyap_update(void *state, const oco_coco_linear *fb)
{
    lyap_state *st = state;
    oco__cb *cb = &st->cb;
    const size_t d = cb->d, k = cb->k;
    double *Q = cb->lam;
    /* Q(t) includes round t (10); kept aside until the step succeeds. */
    for (size_t i = 0; i < k; ++i) {
        const double gi = fb->g[i] * exp(st->lnscale[i]);
        const double Qi = oco__lyap_accumulate(Q[i], isfinite(gi) ? gi : copysign(DBL_MAX, gi));
        st->lcoef[i] = ln_phi_prime(st, Qi) + st->lnscale[i];
    }
    const double M = oco__lyap_combine(d, k, st->lnV, fb->grad, st->lcoef, fb->J, st->r, cb->w);
    oco__lyap_sum S = st->S;
    oco__lyap_sum_add(&S, M, oco_dot(cb->w, cb->w, d));
    int rc = oco__lyap_adagrad_step(cb, &S, M, st->c.D);
    if (rc != OCO_OK)
        return rc;
    st->S = S;
    for (size_t i = 0; i < k; ++i) {
        const double gi = fb->g[i] * exp(st->lnscale[i]);
        Q[i] = oco__lyap_accumulate(Q[i], isfinite(gi) ? gi : copysign(DBL_MAX, gi));
    }
    cb->t++;
    return OCO_OK;
}

static void lyap_multipliers(const void *state, double *lambda)
{
    const lyap_state *st = state;
    for (size_t i = 0; i < st->cb.k; ++i)
        lambda[i] = exp(ln_phi_prime(st, st->cb.lam[i]));
}

/* Checkpoint: x_t, Q(t), the round and AdaGrad's S; lcoef and r are
 * scratch, lnscale a function of the setup. */
static int lyap_save(const void *state, oco_state_writer *w)
{
    const lyap_state *st = state;
    oco__cb_save(&st->cb, w);
    oco__lyap_sum_save(&st->S, w);
    return OCO_OK;
}

static int lyap_restore(void *state, oco_state_reader *r)
{
    lyap_state *st = state;
    int rc = oco__cb_restore(&st->cb, r);
    return rc != OCO_OK ? rc : oco__lyap_sum_restore(&st->S, r);
}

static void lyap_destroy(void *state) { free(state); }

const oco_coco_type oco__coco_lyapunov_adagrad = {
    .info =
        {
            .name = "lyapunov-adagrad",
            .protocol = OCO_PROTOCOL_COCO,
            .summary = "queues Q_i += g_ti (consumption), exponential Lyapunov function, "
                       "scalar AdaGrad on V grad f + sum_i lambda e^(lambda Q_i) grad g_i; "
                       "alpha-regret against the long-term budget set X*",
            .source = "Sarkar, Mukhopadhyay, Sinha, arXiv 2508.16992 (seed 003), Algorithm 1 "
                      "and Appendix C (several resources); llp_sarkar.md B.3-B.4",
            .derived = "skeleton [S]; V, lambda, kappa [D]; unequal budgets scaled by B/B_i "
                       "[D form]; x_1 = domain centre, stay put while S = 0 [D]; log-domain "
                       "gradient, ln Phi' capped at 700 (project safeguard)",
            .params = lyap_params,
            .nparams = LYAP_NP,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .domains = 0,
    .needs = OCO_COCO_CONSUMPTION | OCO_COCO_LONG_TERM,
    .check = lyap_check,
    .create = lyap_create,
    .reset = lyap_reset,
    .predict = oco__cb_predict,
    .update = lyap_update,
    .update_oracle = NULL,
    .multipliers = lyap_multipliers,
    .memory = oco__cb_memory,
    .destroy = lyap_destroy,
    .save = lyap_save,
    .restore = lyap_restore,
};
