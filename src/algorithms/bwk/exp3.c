/* EXP3 on losses, the budget ignored: the classical adversarial-bandit
 * baseline of issue 10 (it shows what ignoring the budget costs in
 * consumption). Exponential weights on importance-weighted cumulative loss
 * estimates, without explicit exploration (the loss form needs none):
 *     p_{t,i} ∝ exp(−η L̂_{t−1,i}),   L̂_{t,i} = L̂_{t−1,i} + ℓ_{t,i} 1{i = I_t}/p_{t,i}
 * with η = √(2 ln K/(T K)), which gives pseudo-regret ≤ √(2 T K ln K)
 * (Bubeck & Cesa-Bianchi 2012, "Regret analysis of stochastic and
 * nonstochastic multi-armed bandit problems", Theorem 3.1) [R: recalled, not
 * re-verified here]. */
#include <stdlib.h>

#include "algorithms/bwk/bwk_common.h"
#include "algorithms/registry.h"

static const oco_param_spec exp3_params[] = {
    {"eta", NAN, "sqrt(2 ln K/(T K))",
     "learning rate η of p ∝ exp(−η L̂); the default minimises the bound √(2TK ln K) of "
     "Bubeck & Cesa-Bianchi 2012 Thm 3.1 (recalled)",
     "R"},
};
enum { EXP3_NP = sizeof exp3_params / sizeof exp3_params[0] };

typedef struct exp3_state {
    size_t K;
    double eta;
    double *L; /* L̂_{t−1} (K) */
} exp3_state;

static int exp3_read(const oco_bwk_setup *s, const oco_param *p, size_t np, double *eta)
{
    const double K = (double)s->K;
    *eta = oco__param_or(exp3_params, EXP3_NP, p, np, "eta",
                          sqrt(2.0 * log(K) / ((double)s->T * K)));
    return oco__param_positive("exp3", "eta", *eta);
}

static int exp3_check(const oco_bwk_setup *s, const oco_param *p, size_t np)
{
    double eta;
    return exp3_read(s, p, np, &eta);
}

static void *exp3_create(const oco_bwk_setup *s, const oco_param *p, size_t np)
{
    double eta;
    if (exp3_read(s, p, np, &eta) != OCO_OK)
        return NULL;
    exp3_state *st = calloc(1, sizeof *st);
    if (st)
        st->L = calloc(s->K, sizeof *st->L);
    if (!st || !st->L) {
        if (st)
            free(st->L);
        free(st);
        oco_set_error(OCO_ENOMEM, "exp3: out of memory");
        return NULL;
    }
    st->K = s->K;
    st->eta = eta;
    return st;
}

static int exp3_reset(void *state)
{
    exp3_state *st = state;
    for (size_t i = 0; i < st->K; ++i)
        st->L[i] = 0;
    return OCO_OK;
}

static int exp3_distribution(void *state, double *p)
{
    const exp3_state *st = state;
    oco__bwk_exp_weights(st->L, st->K, st->eta, p);
    return OCO_OK;
}

static int exp3_update(void *state, size_t arm, double prob, double loss, double cost)
{
    (void)cost; /* the budget is ignored */
    exp3_state *st = state;
    if (!(prob > 0))
        return oco_set_error(OCO_EINVAL, "exp3: arm %zu pulled with probability %g", arm, prob);
    st->L[arm] += loss / prob;
    return OCO_OK;
}

static size_t exp3_memory(const void *state)
{
    const exp3_state *st = state;
    return sizeof *st + st->K * sizeof(double);
}

static void exp3_destroy(void *state)
{
    exp3_state *st = state;
    if (st)
        free(st->L);
    free(st);
}

static int exp3_save(const void *state, oco_state_writer *w)
{
    const exp3_state *st = state;
    oco_state_put_size(w, st->K);
    oco_state_put_f64v(w, st->L, st->K);
    return OCO_OK;
}

static int exp3_restore(void *state, oco_state_reader *r)
{
    exp3_state *st = state;
    int rc = oco_state_expect_size(r, st->K, "exp3 K");
    return rc == OCO_OK ? oco_state_get_f64v(r, st->L, st->K) : rc;
}

const oco_bwk_type oco__bwk_exp3 = {
    .info =
        {
            .name = "exp3",
            .protocol = OCO_PROTOCOL_BWK,
            .summary = "EXP3 on importance-weighted losses, eta = sqrt(2 ln K/(T K)); the "
                       "budget is ignored",
            .source = "Auer, Cesa-Bianchi, Freund, Schapire 2002 (EXP3); loss form and rate of "
                      "Bubeck & Cesa-Bianchi 2012, Theorem 3.1",
            .derived = "eta default recalled [R], not re-verified",
            .params = exp3_params,
            .nparams = EXP3_NP,
            .flags = OCO_ALGO_RANDOMIZED | OCO_ALGO_RESETTABLE,
        },
    .check = exp3_check,
    .create = exp3_create,
    .reset = exp3_reset,
    .distribution = exp3_distribution,
    .update = exp3_update,
    .multiplier = NULL,
    .memory = exp3_memory,
    .destroy = exp3_destroy,
    .save = exp3_save,
    .restore = exp3_restore,
};
