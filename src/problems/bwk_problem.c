/* The bandits-with-knapsacks instance object (include/oco/bwk_problem.h):
 * one allocation of buffers at creation, rewind/next that replay the rounds
 * from the seed (generators in bwk_gen.c, the CSV reader in bwk_csv.c), and
 * the current round's loss and cost vectors. next allocates nothing: it
 * overwrites the current-round buffers in place. */
#include "oco/bwk_problem.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problems/bwk_problem_impl.h"

static const char *const kind_names[] = {"stochastic", "adversarial", "lower-bound", "data"};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

const char *oco_bwk_problem_kind_name(oco_bwk_problem_kind kind)
{
    return (size_t)kind < NKINDS ? kind_names[kind] : "unknown";
}

int oco_bwk_problem_kind_parse(const char *name, oco_bwk_problem_kind *kind)
{
    if (!name || !kind)
        return oco_set_error(OCO_EINVAL, "bwk instance: NULL %s", !name ? "name" : "kind");
    for (size_t i = 0; i < NKINDS; ++i)
        if (strcmp(name, kind_names[i]) == 0) {
            *kind = (oco_bwk_problem_kind)i;
            return OCO_OK;
        }
    return oco_set_error(OCO_ENOTFOUND, "unknown bwk instance '%s' (known: stochastic, "
                                        "adversarial, lower-bound, data)", name);
}

oco_bwk_problem_opts oco_bwk_problem_opts_default(void)
{
    oco_bwk_problem_opts o;
    memset(&o, 0, sizeof o);
    o.kind = OCO_BWK_PROBLEM_STOCHASTIC;
    o.K = 2;
    o.T = 1000;
    o.seed = 1;
    return o;
}

oco_bwk_problem *oco__bwk_problem_alloc(oco_bwk_problem_kind kind, size_t K, size_t T,
                                        size_t nconst)
{
    const char *nm = oco_bwk_problem_kind_name(kind);
    if (K == 0 || T == 0) {
        oco_set_error(OCO_EINVAL, "bwk instance %s: K and T must be > 0 (K = %zu, T = %zu)", nm,
                      K, T);
        return NULL;
    }
    if (K > SIZE_MAX / sizeof(double) / 4 || nconst > SIZE_MAX / sizeof(double) / 4 - K) {
        oco_set_error(OCO_EINVAL, "bwk instance %s: K = %zu too large", nm, K);
        return NULL;
    }
    oco_bwk_problem *p = calloc(1, sizeof *p);
    double *buf = p ? calloc(2 * K + 2 * nconst, sizeof *buf) : NULL;
    if (!buf) {
        free(p);
        oco_set_error(OCO_ENOMEM, "bwk instance %s: out of memory", nm);
        return NULL;
    }
    p->kind = kind;
    p->K = K;
    p->T = T;
    p->loss = buf;
    p->cost = buf + K;
    if (nconst) {
        p->mu = buf + 2 * K;
        p->kappa = p->mu + nconst;
    }
    return p;
}

oco_bwk_problem *oco_bwk_problem_new(const oco_bwk_problem_opts *opts)
{
    if (!opts) {
        oco_set_error(OCO_EINVAL, "bwk instance: opts is NULL");
        return NULL;
    }
    const oco_bwk_problem_kind kind = opts->kind;
    if ((size_t)kind >= NKINDS) {
        oco_set_error(OCO_EINVAL, "bwk instance: unknown kind %d", (int)kind);
        return NULL;
    }
    const char *nm = kind_names[kind];
    if (kind == OCO_BWK_PROBLEM_DATA) {
        oco_set_error(OCO_EINVAL, "bwk instance: 'data' instances come from a file "
                                  "(oco_bwk_problem_from_csv)");
        return NULL;
    }
    if (kind == OCO_BWK_PROBLEM_LOWER_BOUND && opts->K != 2) {
        oco_set_error(OCO_EINVAL, "bwk instance %s: the construction of seed 003 Theorem 5 has "
                                  "K = 2 arms (got K = %zu)", nm, opts->K);
        return NULL;
    }
    if (kind != OCO_BWK_PROBLEM_LOWER_BOUND && (opts->phases || opts->phase_k)) {
        oco_set_error(OCO_EINVAL, "bwk instance %s: phases and phase_k apply to lower-bound "
                                  "only", nm);
        return NULL;
    }
    size_t nconst = kind == OCO_BWK_PROBLEM_STOCHASTIC    ? opts->K
                    : kind == OCO_BWK_PROBLEM_ADVERSARIAL ? OCO__BWK_ADV_PHASES * opts->K
                                                          : 0;
    if (opts->K > SIZE_MAX / 8 / OCO__BWK_ADV_PHASES) {
        oco_set_error(OCO_EINVAL, "bwk instance %s: K = %zu too large", nm, opts->K);
        return NULL;
    }
    oco_bwk_problem *p = oco__bwk_problem_alloc(kind, opts->K, opts->T, nconst);
    if (!p)
        return NULL;
    p->seed = opts->seed;
    p->phases = opts->phases;
    p->phase_k = opts->phase_k;
    p->label = malloc(strlen(nm) + 1);
    if (!p->label) {
        oco_bwk_problem_free(p);
        oco_set_error(OCO_ENOMEM, "bwk instance %s: out of memory", nm);
        return NULL;
    }
    strcpy(p->label, nm);
    if (oco__bwk_gen_init(p) != OCO_OK) {
        oco_bwk_problem_free(p);
        return NULL;
    }
    oco_bwk_problem_rewind(p);
    return p;
}

void oco_bwk_problem_free(oco_bwk_problem *p)
{
    if (!p)
        return;
    free(p->loss);
    free(p->rows);
    free(p->label);
    free(p);
}

oco_bwk_problem_kind oco_bwk_problem_get_kind(const oco_bwk_problem *p)
{
    return p ? p->kind : OCO_BWK_PROBLEM_STOCHASTIC;
}
size_t oco_bwk_problem_arms(const oco_bwk_problem *p) { return p ? p->K : 0; }
size_t oco_bwk_problem_horizon(const oco_bwk_problem *p) { return p ? p->T : 0; }
uint64_t oco_bwk_problem_seed(const oco_bwk_problem *p) { return p ? p->seed : 0; }
const char *oco_bwk_problem_label(const oco_bwk_problem *p) { return p ? p->label : NULL; }
size_t oco_bwk_problem_round(const oco_bwk_problem *p) { return p ? p->round : 0; }
const double *oco_bwk_problem_losses(const oco_bwk_problem *p) { return p ? p->loss : NULL; }
const double *oco_bwk_problem_costs(const oco_bwk_problem *p) { return p ? p->cost : NULL; }

int oco_bwk_problem_lower_bound(const oco_bwk_problem *p, size_t *phases, size_t *k)
{
    if (!p || p->kind != OCO_BWK_PROBLEM_LOWER_BOUND)
        return oco_set_error(OCO_EINVAL, "bwk instance: %s is not a lower-bound instance",
                             p ? p->label : "NULL");
    if (phases)
        *phases = p->phases;
    if (k)
        *k = p->phase_k;
    return OCO_OK;
}

double oco_bwk_problem_lower_bound_reward(const oco_bwk_problem *p, size_t j)
{
    if (!p || p->kind != OCO_BWK_PROBLEM_LOWER_BOUND || j < 1 || j > p->phases)
        return NAN;
    return ldexp(1.0, -(int)(p->phases - j)); /* r_j = 2^{j−n} */
}

size_t oco_bwk_problem_phase_of(const oco_bwk_problem *p, size_t t)
{
    if (!p || p->kind != OCO_BWK_PROBLEM_LOWER_BOUND || t < 1 || t > p->T)
        return 0;
    /* phase j covers the t with ⌊(t−1)n/T⌋ = j − 1: n nearly equal phases
     * (n <= 1024, so (t−1)n overflows only for T beyond 2^54) */
    if (t - 1 <= SIZE_MAX / p->phases)
        return (t - 1) * p->phases / p->T + 1;
    return (size_t)((double)(t - 1) / (double)p->T * (double)p->phases) + 1;
}

void oco_bwk_problem_rewind(oco_bwk_problem *p)
{
    if (!p)
        return;
    p->round = 0;
    oco_rng_seed(&p->rng, p->seed, 0);
}

int oco_bwk_problem_next(oco_bwk_problem *p)
{
    if (!p)
        return oco_set_error(OCO_EINVAL, "bwk instance next: instance is NULL");
    if (p->round >= p->T)
        return oco_set_error(OCO_ESTATE, "bwk instance %s: all T = %zu rounds played (rewind "
                                         "to replay)", p->label, p->T);
    if (p->kind == OCO_BWK_PROBLEM_DATA) {
        const double *row = p->rows + p->round * 2 * p->K;
        memcpy(p->loss, row, p->K * sizeof *row);
        memcpy(p->cost, row + p->K, p->K * sizeof *row);
    } else {
        oco__bwk_gen_round(p);
    }
    p->round++;
    return OCO_OK;
}
