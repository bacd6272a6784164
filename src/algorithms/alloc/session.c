/* A live OLP decision session (alloc.h): one policy, its remaining budget and
 * its round counter. Everything is validated here, at the boundary, so the
 * policies may assume finite data; a rejected order leaves the state as it was
 * (what `oco stream` relies on to skip a malformed line and go on). */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/session_internal.h"
#include "core/params_internal.h"

static const char *nonfinite_name(double v) { return isnan(v) ? "NaN" : "Inf"; }

int oco_olp_policy_check(const oco_olp_policy_type *type, const oco_olp_setup *setup,
                         const oco_param *params, size_t nparams)
{
    if (!type)
        return oco_set_error(OCO_EINVAL, "olp session: type is NULL");
    if (type->info.protocol != OCO_PROTOCOL_OLP)
        return oco_set_error(OCO_EINVAL, "olp session: '%s' is not an olp policy",
                             type->info.name);
    const char *nm = type->info.name;
    if (!setup)
        return oco_set_error(OCO_EINVAL, "%s: setup is NULL", nm);
    if (setup->T == 0)
        return oco_set_error(OCO_EINVAL, "%s: horizon T must be > 0 (got 0)", nm);
    if (setup->m == 0)
        return oco_set_error(OCO_EINVAL, "%s: number of resources m must be > 0 (got 0)", nm);
    if (!setup->b)
        return oco_set_error(OCO_EINVAL, "%s: budget b is NULL", nm);
    for (size_t i = 0; i < setup->m; ++i) {
        if (!isfinite(setup->b[i]))
            return oco_set_error(OCO_EINVAL, "%s: budget b[%zu] is %s", nm, i,
                                 nonfinite_name(setup->b[i]));
        if (setup->b[i] < 0.0)
            return oco_set_error(OCO_EINVAL, "%s: budget b[%zu] = %.17g is negative", nm, i,
                                 setup->b[i]);
    }
    if ((type->info.flags & OCO_ALGO_RANDOMIZED) && !setup->rng)
        return oco_set_error(OCO_EINVAL, "%s: a randomized policy needs setup.rng", nm);
    if (nparams && !params)
        return oco_set_error(OCO_EINVAL, "%s: params is NULL but nparams = %zu", nm, nparams);
    if (oco_algo_check_params(&type->info, params, nparams) != OCO_OK)
        return OCO_EINVAL;
    if (setup->m > (SIZE_MAX - sizeof(oco_olp_session)) / (2 * sizeof(double)))
        return oco_set_error(OCO_EINVAL, "%s: m = %zu is too large", nm, setup->m);
    return type->check ? type->check(setup, params, nparams) : OCO_OK;
}

/* The zero-violation add-on's settings (alloc.h): 0 for k or p = the default;
 * sets the threshold d̲/2 and the quota q = ⌈(2k/d̲)·T^p⌉ (capped at T; q = T
 * when d̲ = 0). */
static int zv_setup(const oco_olp_policy_type *type, const oco_olp_setup *setup,
                    const oco_olp_session_opts *opts, double *threshold, size_t *quota)
{
    const char *nm = type->info.name;
    double k = opts->zero_violation_k, p = opts->zero_violation_exponent;
    if (k == 0.0)
        k = OCO_OLP_ZERO_VIOLATION_K;
    if (p == 0.0)
        p = OCO_OLP_ZERO_VIOLATION_EXPONENT;
    if (!(isfinite(k) && k > 0.0))
        return oco_set_error(OCO_EINVAL, "%s: zero_violation_k must be finite and > 0 (got %g)",
                             nm, k);
    if (!(isfinite(p) && p > 0.0 && p <= 1.0))
        return oco_set_error(OCO_EINVAL,
                             "%s: zero_violation_exponent must be in (0, 1] (got %g)", nm, p);
    const double T = (double)setup->T;
    double dmin = INFINITY;
    for (size_t i = 0; i < setup->m; ++i)
        dmin = fmin(dmin, setup->b[i] / T);
    const double q = ceil(2.0 * k / dmin * pow(T, p)); /* +Inf when d̲ = 0 */
    *threshold = dmin / 2.0;
    *quota = q < T ? (size_t)q : setup->T;
    return OCO_OK;
}

/* The policy's state for the session's setup and parameters. */
static void *create_state(const oco_olp_session *s)
{
    oco_clear_error(); /* so a create() that fails silently is still reported */
    void *state = s->type->create(&s->setup, s->params, s->nparams);
    if (!state && oco_last_error_code() == OCO_OK)
        oco_set_error(OCO_EINVAL, "olp session: %s could not be created", s->type->info.name);
    return state;
}

oco_olp_session *oco_olp_session_new(const oco_olp_policy_type *type, const oco_olp_setup *setup,
                                     const oco_param *params, size_t nparams,
                                     const oco_olp_session_opts *opts)
{
    if (oco_olp_policy_check(type, setup, params, nparams) != OCO_OK)
        return NULL;
    const int zv = opts && opts->zero_violation;
    double zv_threshold = 0.0;
    size_t zv_quota = 0;
    if (zv && zv_setup(type, setup, opts, &zv_threshold, &zv_quota) != OCO_OK)
        return NULL;
    oco_olp_session *s = calloc(1, sizeof *s + 2 * setup->m * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "olp session: out of memory for m = %zu", setup->m);
        return NULL;
    }
    int failed;
    s->params = oco__params_copy(type->info.params, type->info.nparams, params, nparams, &failed);
    if (failed) {
        free(s);
        return NULL;
    }
    if (zv) {
        s->zv_threshold = zv_threshold;
        s->zv_quota = zv_quota;
        if (!(s->zv_left = malloc(setup->m * sizeof *s->zv_left))) {
            oco_set_error(OCO_ENOMEM, "olp session: out of memory for m = %zu", setup->m);
            free(s->params);
            free(s);
            return NULL;
        }
        for (size_t i = 0; i < setup->m; ++i)
            s->zv_left[i] = zv_quota;
    }
    s->nparams = nparams;
    s->type = type;
    s->T = setup->T;
    s->m = setup->m;
    s->hard_budget = opts ? opts->hard_budget != 0 : 0;
    s->remaining = s->buf;
    s->b = s->buf + setup->m;
    memcpy(s->b, setup->b, setup->m * sizeof(double));
    memcpy(s->remaining, setup->b, setup->m * sizeof(double));
    s->setup = *setup;
    s->setup.b = s->b;
    s->state = create_state(s);
    if (!s->state) {
        free(s->zv_left);
        free(s->params);
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
    free(s->phase_copy);
    free(s->zv_left);
    free(s->params);
    free(s);
}

int oco_olp_session_reset(oco_olp_session *s, const double *y)
{
    if (!s)
        return oco_set_error(OCO_EINVAL, "olp session: session is NULL");
    const char *nm = s->type->info.name;
    if (y) {
        if (!s->type->reset)
            return oco_set_error(OCO_EINVAL, "%s: cannot restart from a given price (no reset "
                                             "entry); pass y = NULL", nm);
        for (size_t i = 0; i < s->m; ++i)
            if (!(isfinite(y[i]) && y[i] >= 0.0))
                return oco_set_error(OCO_EINVAL, "%s: reset price y[%zu] = %g must be finite "
                                                 "and >= 0", nm, i, y[i]);
    }
    if (s->type->reset) {
        int rc = s->type->reset(s->state, y);
        if (rc != OCO_OK)
            return rc;
    } else {
        void *state = create_state(s);
        if (!state)
            return oco_last_error_code();
        s->type->destroy(s->state);
        s->state = state;
    }
    memcpy(s->remaining, s->b, s->m * sizeof(double));
    for (size_t i = 0; s->zv_left && i < s->m; ++i)
        s->zv_left[i] = s->zv_quota;
    s->zv_rejected = 0;
    s->phase = NULL;
    s->round = 0;
    s->accepted = 0;
    s->reward = 0.0;
    return OCO_OK;
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
    int taken = 0;
    const int rc = oco_olp_session_step_core(s, c, a, &taken);
    if (x)
        *x = taken;
    return rc == OCO_OK ? OCO_OK : oco__olp_session_failed(s, rc);
}

const oco_olp_policy_type *oco_olp_session_type(const oco_olp_session *s)
{
    return s ? s->type : NULL;
}

const char *oco_olp_session_phase(const oco_olp_session *s) { return s ? s->phase : NULL; }

size_t oco_olp_session_round(const oco_olp_session *s) { return s ? s->round : 0; }

const double *oco_olp_session_remaining(const oco_olp_session *s)
{
    return s ? s->remaining : NULL;
}

double oco_olp_session_reward(const oco_olp_session *s) { return s ? s->reward : NAN; }

size_t oco_olp_session_accepted(const oco_olp_session *s) { return s ? s->accepted : 0; }

size_t oco_olp_session_zero_violation_rejected(const oco_olp_session *s)
{
    return s ? s->zv_rejected : 0;
}

size_t oco_olp_session_zero_violation_quota(const oco_olp_session *s)
{
    return s && s->zv_left ? s->zv_quota : 0;
}

const double *oco_olp_session_dual(const oco_olp_session *s)
{
    return s && s->type->dual ? s->type->dual(s->state) : NULL;
}

int oco__olp_session_failed(const oco_olp_session *s, int rc)
{
    const char *why = oco_last_error_code() == rc ? oco_last_error() : oco_strerror(rc);
    char msg[768];
    snprintf(msg, sizeof msg, "%s", why);
    return oco_set_error(rc, "%s: update of round %zu failed: %s", s->type->info.name, s->round,
                         msg);
}
