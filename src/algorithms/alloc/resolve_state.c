/* Checkpoint of the re-solving OLP baselines' common state (resolve_internal.h;
 * issue 12): save the history, restore by replaying it.
 *
 * Why a replay and not the LP itself: the history LP is re-solved by CLP's
 * dual simplex from the previous basis (solvers/lp_model.h). On a degenerate
 * LP the dual optimum is not unique, and which one comes out depends on that
 * basis and on CLP's internal state (factorisation, pivoting weights), which
 * CLP's C interface does not let us save and reload exactly. A fresh model
 * fed the same appends and the same solves in the same order ends in the
 * same state, so the rest of the run is bit-identical; restore checks it
 * (the replayed p, rem and resolved must equal the saved ones). */
#include "algorithms/alloc/resolve_internal.h"

#include "oco/error.h"

#include <string.h>

void oco__resolve_base_save(const oco__resolve_base *base, oco_state_writer *w)
{
    const size_t m = base->m, t = base->t;
    oco_state_put_size(w, m);
    oco_state_put_size(w, t);
    oco_state_put_f64v(w, base->p0, m);
    oco_state_put_f64v(w, base->hc, t);
    oco_state_put_f64v(w, base->ha, t * m);
    oco_state_put_bytes(w, base->htaken, t);
    oco_state_put_f64v(w, base->p, m);
    oco_state_put_f64v(w, base->rem, m);
    oco_state_put_int(w, base->resolved);
}

int oco__resolve_base_restore(oco__resolve_base *base, oco_state_reader *r, void *state,
                              int (*update)(void *state, double c, const double *a, int proposed,
                                            int taken))
{
    const size_t m = base->m;
    size_t t = 0;
    int rc = oco_state_expect_size(r, m, "resolve: m");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &t);
    if (rc == OCO_OK && t > base->T)
        rc = oco_set_error(OCO_EINVAL, "state: %zu rounds played > T = %zu", t, base->T);
    /* The fresh state's p0 and history arrays take the saved ones. */
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, base->p0, m);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, base->hc, t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, base->ha, t * m);
    if (rc == OCO_OK)
        rc = oco_state_get_bytes(r, base->htaken, t);
    for (size_t j = 0; rc == OCO_OK && j < t; ++j)
        if (base->htaken[j] > 1)
            rc = oco_set_error(OCO_EINVAL, "state: round %zu has taken = %u", j + 1,
                               (unsigned)base->htaken[j]);
    double *p = NULL, *rem = NULL;
    int resolved = 0;
    if (rc == OCO_OK) {
        /* Round 1 as reset(p0) leaves it (create gave p = 0, full budget). */
        memcpy(base->p, base->p0, m * sizeof(double));
        for (size_t j = 0; j < t; ++j) {
            const int x = base->htaken[j];
            /* proposed = taken: the re-solving policies step on taken alone */
            (void)update(state, base->hc[j], base->ha + j * m, x, x);
        }
        if (base->t != t)
            rc = oco_set_error(OCO_EINVAL, "state: the replay played %zu rounds, not %zu",
                               base->t, t);
    }
    if (rc == OCO_OK && !(p = malloc(2 * m * sizeof(double))))
        rc = oco_set_error(OCO_ENOMEM, "state: out of memory for m = %zu", m);
    if (rc == OCO_OK) {
        rem = p + m;
        rc = oco_state_get_f64v(r, p, m);
    }
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, rem, m);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &resolved);
    if (rc == OCO_OK && (memcmp(p, base->p, m * sizeof(double)) != 0 ||
                         memcmp(rem, base->rem, m * sizeof(double)) != 0 ||
                         resolved != base->resolved))
        rc = oco_set_error(OCO_EINVAL, "state: replaying the %zu saved rounds did not give the "
                                       "saved price and budget (another LP engine or build?)", t);
    free(p);
    return rc;
}
