/* A live OLP decision session (alloc.h): one policy, its remaining budget and
 * its round counter. Everything is validated here, at the boundary, so the
 * policies may assume finite data; a rejected order leaves the state as it was
 * (what `oco stream` relies on to skip a malformed line and go on). */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/session_internal.h"

static const char *nonfinite_name(double v) { return isnan(v) ? "NaN" : "Inf"; }

oco_olp_session *oco_olp_session_new(const oco_olp_policy_type *type, const oco_olp_setup *setup,
                                     const oco_param *params, size_t nparams,
                                     const oco_olp_session_opts *opts)
{
    if (!type) {
        oco_set_error(OCO_EINVAL, "olp session: type is NULL");
        return NULL;
    }
    if (!setup) {
        oco_set_error(OCO_EINVAL, "olp session: setup is NULL");
        return NULL;
    }
    if (setup->T == 0) {
        oco_set_error(OCO_EINVAL, "olp session: horizon T must be > 0 (got 0)");
        return NULL;
    }
    if (setup->m == 0) {
        oco_set_error(OCO_EINVAL, "olp session: number of resources m must be > 0 (got 0)");
        return NULL;
    }
    if (!setup->b) {
        oco_set_error(OCO_EINVAL, "olp session: budget b is NULL");
        return NULL;
    }
    for (size_t i = 0; i < setup->m; ++i) {
        if (!isfinite(setup->b[i])) {
            oco_set_error(OCO_EINVAL, "olp session: budget b[%zu] is %s", i,
                          nonfinite_name(setup->b[i]));
            return NULL;
        }
        if (setup->b[i] < 0.0) {
            oco_set_error(OCO_EINVAL, "olp session: budget b[%zu] = %.17g is negative", i,
                          setup->b[i]);
            return NULL;
        }
    }
    if (nparams && !params) {
        oco_set_error(OCO_EINVAL, "olp session: params is NULL but nparams = %zu", nparams);
        return NULL;
    }
    if (oco_params_check(type->params, type->nparams, params, nparams, type->name) != OCO_OK)
        return NULL;
    if (setup->m > (SIZE_MAX - sizeof(oco_olp_session)) / sizeof(double)) {
        oco_set_error(OCO_EINVAL, "olp session: m = %zu is too large", setup->m);
        return NULL;
    }
    oco_olp_session *s = calloc(1, sizeof *s + setup->m * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "olp session: out of memory for m = %zu", setup->m);
        return NULL;
    }
    s->type = type;
    s->T = setup->T;
    s->m = setup->m;
    s->hard_budget = opts ? opts->hard_budget != 0 : 0;
    s->remaining = s->buf;
    memcpy(s->remaining, setup->b, setup->m * sizeof(double));
    oco_clear_error(); /* so a create() that fails silently is still reported */
    s->state = type->create(setup, params, nparams);
    if (!s->state) {
        if (oco_last_error_code() == OCO_OK)
            oco_set_error(OCO_EINVAL, "olp session: %s could not be created", type->name);
        free(s);
        return NULL;
    }
    return s;
}

void oco_olp_session_free(oco_olp_session *s)
{
    if (!s)
        return;
    s->type->destroy(s->state);
    free(s);
}

int oco_olp_session_step(oco_olp_session *s, double c, const double *a, int *x)
{
    if (!s)
        return oco_set_error(OCO_EINVAL, "olp session: session is NULL");
    if (!a)
        return oco_set_error(OCO_EINVAL, "olp session: order %zu: consumption a is NULL",
                             s->round + 1);
    /* Validate the whole order before touching any state. */
    if (!isfinite(c))
        return oco_set_error(OCO_EINVAL, "olp session: order %zu: reward c is %s", s->round + 1,
                             nonfinite_name(c));
    for (size_t i = 0; i < s->m; ++i)
        if (!isfinite(a[i]))
            return oco_set_error(OCO_EINVAL, "olp session: order %zu: consumption a[%zu] is %s",
                                 s->round + 1, i, nonfinite_name(a[i]));
    if (s->round >= s->T)
        return oco_set_error(OCO_ESTATE, "olp session: the horizon T = %zu has been played", s->T);
    const int taken = oco_olp_session_step_core(s, c, a);
    if (x)
        *x = taken;
    return OCO_OK;
}

size_t oco_olp_session_round(const oco_olp_session *s) { return s ? s->round : 0; }

const double *oco_olp_session_remaining(const oco_olp_session *s)
{
    return s ? s->remaining : NULL;
}

double oco_olp_session_reward(const oco_olp_session *s) { return s ? s->reward : NAN; }

size_t oco_olp_session_accepted(const oco_olp_session *s) { return s ? s->accepted : 0; }

const double *oco_olp_session_dual(const oco_olp_session *s)
{
    return s && s->type->dual ? s->type->dual(s->state) : NULL;
}
