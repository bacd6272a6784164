/* Equal (seed 000 Appendix C.2, olp_laau.md §2.5): every step gets the
 * same share B/N of the budget. The paper states it for fairness only,
 * x_t = B/N ∈ [10, 15]. For any class this is read as [D]
 *     x_t = layer(λ = 0, budget min(b̃_t, B/N))          (eq. (4), layer.h)
 * i.e. the loss-minimising decision that uses at most the share B/N of each
 * resource (and at most the guarded budget b̃_t of §2.3). For fairness
 * (λ = 0: x = min(x_max, budget)) this is exactly B/N, since
 * B/N ≤ 15 < 40 = x_max, and b̃_t ≥ B/N at every step of Equal's own run
 * (b_t = B − (t−1)·B/N and B/N ≥ x_min); the min only absorbs rounding.
 *
 * A resource with no room left beyond x_safe gives x_safe (baseline.h [D]).
 *
 * All memory in create; begin/decide allocate nothing. */
#include "oco/oobc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>

#include "algorithms/oobc/baseline.h"
#include "algorithms/oobc/layer.h"
#include "algorithms/registry.h"

typedef struct equal_state {
    const oco_oobc_class *cls;
    size_t N;
    oco__oobc_lws *lw;
    double *zero;  /* M: λ = 0 */
    double *share; /* M: B/N of the current episode */
    double *bud;   /* M: min(b̃_t, B/N) */
    double *B;     /* M: the episode's budgets */
    double *gs;    /* M: scratch of the exhausted-resource guard (baseline.h) */
    double buf[];  /* 5M */
} equal_state;

static void equal_destroy(void *state)
{
    equal_state *s = state;
    if (!s)
        return;
    oco__oobc_lws_free(s->lw);
    free(s);
}

static void *equal_create(const oco_oobc_setup *setup, const oco_param *p, size_t np)
{
    (void)p;
    (void)np;
    const size_t M = setup->cls->M;
    equal_state *s = calloc(1, sizeof *s + 5 * M * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "equal: out of memory");
        return NULL;
    }
    s->cls = setup->cls;
    s->N = setup->N;
    s->zero = s->buf;
    s->share = s->buf + M;
    s->bud = s->buf + 2 * M;
    s->B = s->buf + 3 * M;
    s->gs = s->buf + 4 * M;
    s->lw = oco__oobc_lws_new(setup->cls);
    if (!s->lw) {
        equal_destroy(s);
        return NULL;
    }
    return s;
}

static int equal_begin(void *state, const double *B)
{
    equal_state *s = state;
    for (size_t m = 0; m < s->cls->M; ++m) {
        s->share[m] = B[m] / (double)s->N;
        s->B[m] = B[m];
    }
    return OCO_OK;
}

static int equal_decide(void *state, size_t t, const double *c, const double *b,
                        const double *b_eff, double *x)
{
    (void)t;
    (void)b;
    equal_state *s = state;
    for (size_t m = 0; m < s->cls->M; ++m)
        s->bud[m] = fmin(b_eff[m], s->share[m]);
    return oco__oobc_base_solve(s->lw, s->cls, c, s->zero, s->bud, s->B, s->gs, x);
}

static int equal_multiplier(const void *state, double *lambda)
{
    const equal_state *s = state;
    for (size_t m = 0; m < s->cls->M; ++m)
        lambda[m] = 0.0; /* Equal prices nothing; its budget share binds instead */
    return OCO_OK;
}

/* Checkpoint: the episode's share B/N and B (bud and gs are scratch). */
static int equal_save(const void *state, oco_state_writer *w)
{
    const equal_state *s = state;
    oco_state_put_size(w, s->cls->M);
    oco_state_put_f64v(w, s->share, s->cls->M);
    oco_state_put_f64v(w, s->B, s->cls->M);
    return OCO_OK;
}

static int equal_restore(void *state, oco_state_reader *r)
{
    equal_state *s = state;
    int rc = oco_state_expect_size(r, s->cls->M, "equal M");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, s->share, s->cls->M);
    return rc == OCO_OK ? oco_state_get_f64v(r, s->B, s->cls->M) : rc;
}

static size_t equal_memory(const void *state)
{
    const equal_state *s = state;
    return sizeof *s + 5 * s->cls->M * sizeof(double) + oco__oobc_lws_memory(s->lw);
}

const oco_oobc_type oco__oobc_equal = {
    .info =
        {
            .name = "equal",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "Equal: each step the loss-minimising decision within the share B/N of "
                       "the budget (fairness: x_t = B/N)",
            .source = "seed 000 (LAAU), Appendix C.2; olp_laau.md 2.5",
            .derived = "for classes other than fairness: x_t = layer(lambda = 0, budget "
                       "min(guarded b_t, B/N)) [D]; with the 2.3 reserve guard [D]",
            .params = NULL,
            .nparams = 0,
            .flags = 0,
        },
    .needs = 0,
    .check = NULL,
    .create = equal_create,
    .begin = equal_begin,
    .decide = equal_decide,
    .multiplier = equal_multiplier,
    .memory = equal_memory,
    .destroy = equal_destroy,
    .save = equal_save,
    .restore = equal_restore,
};
