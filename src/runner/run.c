/* The OLP runner: plays one policy over every order of an instance and
 * records the metrics of olp_laau.md §1.1 (reward, violation ‖(Ax − b)_+‖₂,
 * accepted) plus wall time. The instance is validated once up front, so the
 * hot loop calls the session's unchecked round (session_internal.h) — the very
 * code oco_olp_session_step runs — and allocates nothing. */
#include "oco/runner.h"

#include "oco/error.h"

#include <math.h>

#include "algorithms/alloc/session_internal.h"
#include "core/clock.h"

int oco_olp_run(const oco_olp_policy_type *type, const oco_param *params, size_t nparams,
                const oco_olp_instance *inst, const oco_olp_run_opts *opts,
                unsigned char *decisions, double *remaining, oco_olp_metrics *out)
{
    if (!type)
        return oco_set_error(OCO_EINVAL, "olp run: type is NULL");
    int rc = oco_olp_instance_validate(inst);
    if (rc != OCO_OK)
        return rc;
    const oco_olp_setup setup = {inst->T, inst->m, inst->b, opts ? opts->rng : NULL};
    oco_olp_session *s = oco_olp_session_new(type, &setup, params, nparams,
                                             opts ? &opts->session : NULL);
    if (!s)
        return oco_last_error_code() ? oco_last_error_code() : OCO_EINVAL;

    const size_t T = inst->T, m = inst->m;
    const double *c = inst->c, *a = inst->a;
    const double t0 = oco__now_seconds();
    if (opts && opts->on_round) {
        for (size_t t = 0; t < T; ++t) {
            int x;
            if ((rc = oco_olp_session_step_core(s, c[t], a + t * m, &x)) != OCO_OK)
                goto failed;
            if (decisions)
                decisions[t] = (unsigned char)x;
            /* t: 0-based index of the order just decided; remaining and dual
             * are AFTER this round (dual = y_{t+1}, the price of the next order). */
            rc = opts->on_round(opts->ctx, t, c[t], a + t * m, x, s->remaining,
                                oco_olp_session_dual(s));
            if (rc != 0) {
                if (oco_last_error_code() != rc)
                    oco_set_error(rc, "olp run: on_round stopped the run at order %zu (code %d)",
                                  t, rc);
                oco_olp_session_free(s);
                return rc;
            }
        }
    } else if (decisions) {
        for (size_t t = 0; t < T; ++t) {
            int x;
            if ((rc = oco_olp_session_step_core(s, c[t], a + t * m, &x)) != OCO_OK)
                goto failed;
            decisions[t] = (unsigned char)x;
        }
    } else {
        for (size_t t = 0; t < T; ++t) {
            int x;
            if ((rc = oco_olp_session_step_core(s, c[t], a + t * m, &x)) != OCO_OK)
                goto failed;
        }
    }
    double seconds = oco__now_seconds() - t0;

    /* remaining = b − A x, so (A x − b)_+ = (−remaining)_+. */
    double viol2 = 0.0;
    for (size_t i = 0; i < m; ++i) {
        const double over = -s->remaining[i];
        if (over > 0.0)
            viol2 += over * over;
        if (remaining)
            remaining[i] = s->remaining[i];
    }
    if (out) {
        if (seconds < 1e-9)
            seconds = 1e-9; /* below the clock's resolution: keep the rate finite */
        out->reward = s->reward;
        out->violation = sqrt(viol2);
        out->accepted = s->accepted;
        out->seconds = seconds;
        out->decisions_per_second = (double)T / seconds;
    }
    oco_olp_session_free(s);
    return OCO_OK;
failed: /* a policy's update failed (e.g. a re-solve): the message names the round */
    rc = oco__olp_session_failed(s, rc);
    oco_olp_session_free(s);
    return rc;
}
