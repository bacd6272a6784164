/* Internal: the OLP session's layout and its unchecked round, shared by
 * oco_olp_session_step (which validates each order) and the runner's hot loop
 * (which validates the whole instance once, then calls the core directly), so
 * both make bit-identical decisions. Not part of the public API. */
#ifndef OCO_ALLOC_SESSION_INTERNAL_H
#define OCO_ALLOC_SESSION_INTERNAL_H

#include <stddef.h>

#include "oco/alloc.h"

struct oco_olp_session {
    const oco_olp_policy_type *type;
    void *state;
    size_t T, m;
    size_t round;    /* rounds played */
    size_t accepted; /* Σ x_t */
    double reward;   /* Σ c_t x_t */
    int hard_budget;
    double *remaining; /* b − Σ a_t x_t (points into buf) */
    double buf[];
};

/* One round on a finite order, with round < T already checked. The session
 * applies the budget rule, not the policy (alloc.h): soft: x = x̃; hard: x = 0
 * unless remaining_i − a_ti >= 0 for every i (a_t may be negative, then it
 * only frees budget). Returns the x taken. */
static inline int oco_olp_session_step_core(oco_olp_session *s, double c, const double *a)
{
    const size_t m = s->m;
    double *rem = s->remaining;
    const int proposed = s->type->decide(s->state, c, a, rem) != 0;
    int taken = proposed;
    if (proposed && s->hard_budget) {
        for (size_t i = 0; i < m; ++i)
            if (rem[i] - a[i] < 0.0) {
                taken = 0;
                break;
            }
    }
    if (taken) {
        for (size_t i = 0; i < m; ++i)
            rem[i] -= a[i];
        s->reward += c;
        s->accepted++;
    }
    s->type->update(s->state, c, a, proposed, taken);
    s->round++;
    return taken;
}

#endif
