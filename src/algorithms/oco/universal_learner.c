/* The learner types "universal" (efficient, Theorem 2) and
 * "universal-multigrad" (Theorem 1) of seed 004: thin vtables over the
 * oco_universal object of universal.c. */
#include <math.h>

#include "algorithms/registry.h"
#include "algorithms/oco/universal_priv.h"
#include "oco/error.h"
#include "oco/universal.h"

static void *uni_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    return oco_universal_new(s, p, np, 0);
}

static int uni_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    return oco__universal_check(s, p, np, 0);
}

static int unimg_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    return oco__universal_check(s, p, np, 1);
}

static void *unimg_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    return oco_universal_new(s, p, np, 1);
}

/* The ensemble's optimism is internal (the universal optimism of §6.1 and
 * the bases' last surrogate gradients); an external hint is not used. */
static int uni_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    return oco_universal_predict(state, x);
}

static int uni_update(void *state, const double *g, double value)
{
    (void)value;
    return oco_universal_update(state, g);
}

static int uni_update_oracle(void *state, oco_grad_oracle *o)
{
    return oco_universal_update_oracle(state, o);
}

static size_t uni_memory(const void *state) { return oco_universal_memory(state); }

static void uni_destroy(void *state) { oco_universal_free(state); }

static int uni_save(const void *state, oco_state_writer *w) { return oco_universal_save(state, w); }

static int uni_restore(void *state, oco_state_reader *r) { return oco_universal_restore(state, r); }

const oco_learner_type oco__learner_universal = {
    .info =
        {
            .name = "universal",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "universal OCO with gradient variation: optimistic bases -> K MsMwC-Mid -> "
                       "MsMwC-Top, one gradient per round",
            .source = "Yan, Zhao, Zhou, NeurIPS 2023 (seed 004), Algorithm 1 / Theorem 2; "
                      "universal.md §5-§8",
            .derived = "N shared bases, mids in closed form (§0, §4.2); shifted meta losses with one "
                       "scale (§6.3), adaptive S_t in the practical preset; practical/scaled presets and "
                       "gamma_exp = 4 lambda2 + 8G^2 (§7) [D]",
            .params = oco__universal_param_table,
            .nparams = OCO_UNIVERSAL_NPARAMS,
            .flags = 0,
        },
    .domains = 0,
    .check = uni_check,
    .create = uni_create,
    .reset = NULL,
    .predict = uni_predict,
    .update = uni_update,
    .update_oracle = uni_update_oracle,
    .memory = uni_memory,
    .destroy = uni_destroy,
    .save = uni_save,
    .restore = uni_restore,
};

const oco_learner_type oco__learner_universal_multigrad = {
    .info =
        {
            .name = "universal-multigrad",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "universal ensemble, multi-gradient version: each base learns from the gradient "
                       "at its own point (1 + N oracle calls per round)",
            .source = "Yan, Zhao, Zhou, NeurIPS 2023 (seed 004), Algorithm 1 / Theorem 1; "
                      "universal.md §5.3",
            .derived = "N shared bases (§0): 1 + N gradient queries per round instead of 1 + K*N; "
                       "needs the gradient oracle (update_oracle) [D]",
            .params = oco__universal_param_table,
            .nparams = OCO_UNIVERSAL_NPARAMS,
            .flags = 0,
        },
    .domains = 0,
    .check = unimg_check,
    .create = unimg_create,
    .reset = NULL,
    .predict = uni_predict,
    .update = uni_update,
    .update_oracle = uni_update_oracle,
    .memory = uni_memory,
    .destroy = uni_destroy,
    .save = uni_save,
    .restore = uni_restore,
};
