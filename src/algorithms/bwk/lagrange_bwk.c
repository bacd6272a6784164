/* `lagrange-bwk`: the primal-dual baseline of issue 10, LagrangeBwK of
 * Immorlica, Sankararaman, Schapire, Slivkins, "Adversarial Bandits with
 * Knapsacks" (FOCS 2019; JACM 2022; arXiv 1811.11881), for one resource.
 *
 * What is confirmed [C] (a public summary of arXiv 1811.11881, and the
 * Lagrange function (146) of Slivkins, "Introduction to Multi-Armed Bandits",
 * arXiv 1904.07272, Ch. 10, as public notes restate it): the repeated
 * zero-sum game with payoff the Lagrangian
 *     L(a, λ) = r(a) + Σ_i λ_i (1 − (T/B) c_i(a)),
 * a primal player over arms (EXP3) and a dual player over the resources
 * (Hedge). The resources include time, consumed B/T every round, whose term
 * vanishes: it is the dual's "dummy" choice (λ on it = no pressure on the
 * budget). What is recalled [R]: the routing of feedback — the primal gets
 * the bandit payoff L(a_t, λ_t), the dual the full vector L(a_t, i) over
 * resources i (the pulled arm's outcome fixes every entry) — and the rates.
 *
 * Adapted to this protocol [D]: rewards are r = 1 − ℓ; payoffs are mapped
 * affinely to [0, 1] losses, L ∈ [1 − T/B, 2] ↦ (2 − L)/(1 + T/B); there is
 * no stopping rule (the paper stops when a resource is exhausted; here play
 * continues to T, bwk.h), and no outer loop over guesses of OPT (the paper's
 * adversarial algorithm runs LagrangeBwK with a guessed ratio in place of
 * T/B; this is the plain stochastic-BwK version, T/B itself). */
#include <stdlib.h>

#include "algorithms/bwk/bwk_common.h"
#include "algorithms/registry.h"

static const oco_param_spec lagrange_params[] = {
    {"eta", NAN, "sqrt(2 ln K/(T K))",
     "learning rate of the primal EXP3 on the Lagrangian losses (Bubeck & Cesa-Bianchi 2012 "
     "Thm 3.1's rate, recalled)",
     "R"},
    {"eta_dual", NAN, "sqrt(8 ln 2/T)",
     "learning rate of the dual Hedge over {resource, time} (Cesa-Bianchi & Lugosi 2006 Thm "
     "2.2's rate for 2 experts, recalled)",
     "R"},
};
enum { LAG_NP = sizeof lagrange_params / sizeof lagrange_params[0] };

typedef struct lag_conf {
    double eta, eta_dual;
} lag_conf;

typedef struct lag_state {
    size_t K;
    lag_conf c;
    double ratio;  /* T/B */
    double S[2];   /* the dual's cumulative losses: [0] resource, [1] time (dummy) */
    double *L;     /* the primal's importance-weighted cumulative losses (K) */
} lag_state;

static int lag_read(const oco_bwk_setup *s, const oco_param *p, size_t np, lag_conf *c)
{
    const char *nm = "lagrange-bwk";
    const double K = (double)s->K, T = (double)s->T;
    if (!(s->budget > 0))
        return oco_set_error(OCO_EINVAL, "%s: needs setup.budget > 0 (its Lagrangian has T/B)",
                             nm);
    c->eta = oco__param_or(lagrange_params, LAG_NP, p, np, "eta", sqrt(2 * log(K) / (T * K)));
    c->eta_dual =
        oco__param_or(lagrange_params, LAG_NP, p, np, "eta_dual", sqrt(8 * log(2.0) / T));
    int rc = oco__param_positive(nm, "eta", c->eta);
    return rc != OCO_OK ? rc : oco__param_positive(nm, "eta_dual", c->eta_dual);
}

static int lag_check(const oco_bwk_setup *s, const oco_param *p, size_t np)
{
    lag_conf c;
    return lag_read(s, p, np, &c);
}

static int lag_reset(void *state)
{
    lag_state *st = state;
    for (size_t i = 0; i < st->K; ++i)
        st->L[i] = 0;
    st->S[0] = st->S[1] = 0;
    return OCO_OK;
}

static void *lag_create(const oco_bwk_setup *s, const oco_param *p, size_t np)
{
    lag_conf c;
    if (lag_read(s, p, np, &c) != OCO_OK)
        return NULL;
    lag_state *st = calloc(1, sizeof *st);
    if (st)
        st->L = calloc(s->K, sizeof *st->L);
    if (!st || !st->L) {
        if (st)
            free(st->L);
        free(st);
        oco_set_error(OCO_ENOMEM, "lagrange-bwk: out of memory");
        return NULL;
    }
    st->K = s->K;
    st->c = c;
    st->ratio = (double)s->T / s->budget;
    return st;
}

/* λ_t on the resource: Hedge over {resource, time}, shifted for stability. */
static double lambda_resource(const lag_state *st)
{
    const double d = st->c.eta_dual * (st->S[0] - st->S[1]); /* the weight ratio is e^{−d} */
    return d >= 0 ? exp(-d) / (1 + exp(-d)) : 1 / (1 + exp(d));
}

static int lag_distribution(void *state, double *p)
{
    const lag_state *st = state;
    oco__bwk_exp_weights(st->L, st->K, st->c.eta, p);
    return OCO_OK;
}

static int lag_update(void *state, size_t arm, double prob, double loss, double cost)
{
    lag_state *st = state;
    if (!(prob > 0))
        return oco_set_error(OCO_EINVAL, "lagrange-bwk: arm %zu pulled with probability %g",
                             arm, prob);
    const double r = 1 - loss, lam = lambda_resource(st), scale = 1 + st->ratio;
    /* L(a_t, i) for i = resource and i = time (B/T per round: its term is 0) */
    const double L_res = r + 1 - st->ratio * cost, L_time = r;
    const double L_mix = lam * L_res + (1 - lam) * L_time; /* L(a_t, λ_t) */
    /* primal: maximise L, as a loss in [0, 1]; dual: minimise L */
    st->L[arm] += ((2 - L_mix) / scale) / prob;
    st->S[0] += (L_res - (1 - st->ratio)) / scale;
    st->S[1] += (L_time - (1 - st->ratio)) / scale;
    return OCO_OK;
}

/* The budget weight in loss units: the primal's loss is (up to the affine
 * map) ℓ + λ_t (T/B) c, so the weight on c is λ_t·T/B. */
static double lag_multiplier(const void *state)
{
    const lag_state *st = state;
    return lambda_resource(st) * st->ratio;
}

static size_t lag_memory(const void *state)
{
    const lag_state *st = state;
    return sizeof *st + st->K * sizeof(double);
}

static void lag_destroy(void *state)
{
    lag_state *st = state;
    if (st)
        free(st->L);
    free(st);
}

static int lag_save(const void *state, oco_state_writer *w)
{
    const lag_state *st = state;
    oco_state_put_size(w, st->K);
    oco_state_put_f64v(w, st->S, 2);
    oco_state_put_f64v(w, st->L, st->K);
    return OCO_OK;
}

static int lag_restore(void *state, oco_state_reader *r)
{
    lag_state *st = state;
    int rc = oco_state_expect_size(r, st->K, "lagrange-bwk K");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->S, 2);
    return rc == OCO_OK ? oco_state_get_f64v(r, st->L, st->K) : rc;
}

const oco_bwk_type oco__bwk_lagrange_bwk = {
    .info =
        {
            .name = "lagrange-bwk",
            .protocol = OCO_PROTOCOL_BWK,
            .summary = "LagrangeBwK: EXP3 over arms against Hedge over {resource, time} on the "
                       "Lagrangian r + lambda (1 - (T/B) c); no stopping rule",
            .source = "Immorlica, Sankararaman, Schapire, Slivkins, Adversarial Bandits with "
                      "Knapsacks, FOCS 2019 / JACM 2022 (arXiv 1811.11881), LagrangeBwK; "
                      "Lagrange function (146) of Slivkins, arXiv 1904.07272, Ch. 10",
            .derived = "Lagrangian and the primal/dual players [C: public summary]; feedback "
                       "routing and rates [R]; r = 1 - l, the [0,1] rescaling, no stopping rule, "
                       "no guessing of OPT [D]",
            .params = lagrange_params,
            .nparams = LAG_NP,
            .flags = OCO_ALGO_RANDOMIZED | OCO_ALGO_RESETTABLE,
        },
    .check = lag_check,
    .create = lag_create,
    .reset = lag_reset,
    .distribution = lag_distribution,
    .update = lag_update,
    .multiplier = lag_multiplier,
    .memory = lag_memory,
    .destroy = lag_destroy,
    .save = lag_save,
    .restore = lag_restore,
};
