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
    /* The zero-violation add-on (alloc.h, olp_laau.md §1.9); zv_left is NULL
     * when it is off. */
    double zv_threshold; /* d̲/2: an order counts for resource i if a_ti > d̲/2 */
    size_t zv_quota;     /* q = ⌈(2k/d̲)·T^p⌉, capped at T */
    size_t *zv_left;     /* quota left per resource (length m) */
    size_t zv_rejected;  /* orders the add-on rejected */
    const char *phase; /* the policy's phase label when it decided the last order */
    char *phase_copy;  /* a restored state's label (session_state.c): phase points
                          here until the next round; NULL until a restore */
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
 * only frees budget); then the zero-violation add-on, if on. The x taken goes to *x (the round is counted even when
 * the policy's update then fails); returns 0 or the update's OCO_E* code. */
static inline int oco_olp_session_step_core(oco_olp_session *s, double c, const double *a,
                                            int *x)
{
    const size_t m = s->m;
    double *rem = s->remaining;
    if (s->type->phase)
        s->phase = s->type->phase(s->state);
    const int proposed = s->type->decide(s->state, c, a, rem) != 0;
    int taken = proposed;
    if (proposed && s->hard_budget) {
        for (size_t i = 0; i < m; ++i)
            if (rem[i] - a[i] < 0.0) {
                taken = 0;
                break;
            }
    }
    int accept = taken;
    if (taken && s->zv_left) {
        /* Zero-violation add-on: reject if a_ti > d̲/2 for some resource with
         * quota left, and charge every such resource (alloc.h). */
        size_t *left = s->zv_left;
        const double thr = s->zv_threshold;
        for (size_t i = 0; i < m; ++i)
            if (a[i] > thr && left[i] > 0) {
                left[i]--;
                accept = 0;
            }
        s->zv_rejected += !accept;
    }
    if (accept) {
        for (size_t i = 0; i < m; ++i)
            rem[i] -= a[i];
        s->reward += c;
        s->accepted++;
    }
    s->round++;
    *x = accept;
    /* The base rule's `taken`, not `accept`: the policy's price moves as if
     * the add-on's rejections had been accepted (§1.9; alloc.h `update`). */
    return s->type->update(s->state, c, a, proposed, taken);
}

#endif
