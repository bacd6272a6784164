/* `sf-mab`: the scale-free adversarial MAB of Putta & Agrawal (ALT 2022),
 * seed 003 Algorithm 3, run on the losses ℓ alone with the budget ignored —
 * the subroutine of lyapunov-bwk without its queue, so the two can be
 * compared on the same instance (what the budget term buys in consumption,
 * what it costs in loss). */
#include <stdlib.h>

#include "algorithms/bwk/bwk_common.h"
#include "algorithms/bwk/sf_mab_core.h"
#include "algorithms/registry.h"

static const oco_param_spec sf_mab_params[] = {
    {"explore", 0, "0",
     "exploration rule of p̃ = (1−γ_t)p + γ_t/K: 0 = non-adaptive γ_t = min(1/2, √(K/t)) (the "
     "rule the notes' √(KT) bound assumes), 1 = adaptive γ_{t+1} = K/(2K + Σγ_s ℓ_s/p̃_s) (the "
     "public implementation's)",
     "R"},
};
enum { SF_NP = sizeof sf_mab_params / sizeof sf_mab_params[0] };

typedef struct sf_state {
    oco__sfmab m;
    size_t bytes;
} sf_state;

static int sf_read(const oco_param *p, size_t np, int *explore)
{
    const double e = oco__param_or(sf_mab_params, SF_NP, p, np, "explore", 0);
    if (!(e == 0 || e == 1))
        return oco_set_error(OCO_EINVAL, "sf-mab: explore must be 0 (non-adaptive) or 1 "
                                         "(adaptive) (got %.17g)", e);
    *explore = (int)e;
    return OCO_OK;
}

static int sf_check(const oco_bwk_setup *s, const oco_param *p, size_t np)
{
    (void)s;
    int explore = 0;
    return sf_read(p, np, &explore);
}

static void *sf_create(const oco_bwk_setup *s, const oco_param *p, size_t np)
{
    int explore = 0;
    if (sf_read(p, np, &explore) != OCO_OK)
        return NULL;
    const size_t bytes = sizeof(sf_state) + oco__sfmab_doubles(s->K) * sizeof(double);
    sf_state *st = malloc(bytes);
    if (!st) {
        oco_set_error(OCO_ENOMEM, "sf-mab: out of memory");
        return NULL;
    }
    oco__sfmab_init(&st->m, s->K, explore, (double *)(st + 1));
    st->bytes = bytes;
    return st;
}

static int sf_reset(void *state)
{
    oco__sfmab_reset(&((sf_state *)state)->m);
    return OCO_OK;
}

static int sf_distribution(void *state, double *p)
{
    return oco__sfmab_distribution(&((sf_state *)state)->m, p);
}

static int sf_update(void *state, size_t arm, double prob, double loss, double cost)
{
    (void)prob; /* the core kept p̃_t itself */
    (void)cost; /* the budget is ignored */
    return oco__sfmab_update(&((sf_state *)state)->m, arm, loss);
}

static size_t sf_memory(const void *state) { return ((const sf_state *)state)->bytes; }

static void sf_destroy(void *state) { free(state); }

static int sf_save(const void *state, oco_state_writer *w)
{
    oco__sfmab_save(&((const sf_state *)state)->m, w);
    return OCO_OK;
}

static int sf_restore(void *state, oco_state_reader *r)
{
    return oco__sfmab_restore(&((sf_state *)state)->m, r);
}

const oco_bwk_type oco__bwk_sf_mab = {
    .info =
        {
            .name = "sf-mab",
            .protocol = OCO_PROTOCOL_BWK,
            .summary = "scale-free MAB (log-barrier FTRL, adaptive eta, explicit exploration) "
                       "on the losses alone; the budget is ignored (anytime)",
            .source = "Putta & Agrawal, Scale-free adversarial multi armed bandits, ALT 2022 "
                      "(PMLR v167); seed 003 Algorithm 3; llp_sarkar.md B.5",
            .derived = "p, estimator, eta and M_s as the public ScaleFreeMAB implementation [C]; "
                       "non-adaptive exploration rule recalled [R]",
            .params = sf_mab_params,
            .nparams = SF_NP,
            .flags = OCO_ALGO_ANYTIME | OCO_ALGO_RANDOMIZED | OCO_ALGO_RESETTABLE,
        },
    .check = sf_check,
    .create = sf_create,
    .reset = sf_reset,
    .distribution = sf_distribution,
    .update = sf_update,
    .multiplier = NULL,
    .memory = sf_memory,
    .destroy = sf_destroy,
    .save = sf_save,
    .restore = sf_restore,
};
