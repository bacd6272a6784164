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
    oco_olp_setup setup; /* as given, with b pointing at this session's copy */
    oco_param *params;   /* a copy (keys are the spec's names), to recreate the
                            state on reset when the policy has no reset entry */
    size_t nparams;
    size_t T, m;
    size_t round;    /* rounds played */
    size_t accepted; /* Σ x_t */
    double reward;   /* Σ c_t x_t */
    int hard_budget;
    double *remaining; /* b − Σ a_t x_t (points into buf) */
    double *b;         /* the total budget (points into buf), for reset */
    double buf[];
};

/* The error of a policy whose update failed in the round just played:
 * re-sets the message to name the policy and the round; returns rc. */
int oco__olp_session_failed(const oco_olp_session *s, int rc);

/* One round on a finite order, with round < T already checked. The session
 * applies the budget rule, not the policy (alloc.h): soft: x = x̃; hard: x = 0
 * unless remaining_i − a_ti >= 0 for every i (a_t may be negative, then it
 * only frees budget). The x taken goes to *x (the round is counted even when
 * the policy's update then fails); returns 0 or the update's OCO_E* code. */
static inline int oco_olp_session_step_core(oco_olp_session *s, double c, const double *a,
                                            int *x)
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
    s->round++;
    *x = taken;
    return s->type->update(s->state, c, a, proposed, taken);
}

#endif
