/* Internal: the state and small helpers shared by the re-solving OLP
 * baselines (olp_laau.md §1.11: ahdl.c, wait_less.c, dla.c). Header-only.
 *
 * All three keep a price, the budget left and the history LP of the orders
 * seen (solvers/lp_model.h, one column per round); they differ only in WHEN
 * they re-solve and with which right-hand side. oco__resolve_base is that
 * common part, embedded as the first member of each policy's state. */
#ifndef OCO_ALLOC_RESOLVE_INTERNAL_H
#define OCO_ALLOC_RESOLVE_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/params.h"
#include "oco/state.h"

#include "solvers/lp_model.h"

/* <a, p>, left to right. */
static inline double oco__resolve_dot(const double *a, const double *p, size_t m)
{
    double s = 0.0;
    for (size_t i = 0; i < m; ++i)
        s += a[i] * p[i];
    return s;
}

/* Does order a fit the remaining budget rem (rem_i − a_i >= 0 for every i)?
 * The same test as the session's hard mode (session_internal.h), so an order
 * a policy accepts is never rejected there, and rem − a stays >= 0 bit for
 * bit after the session subtracts it. */
static inline int oco__resolve_fits(const double *rem, const double *a, size_t m)
{
    for (size_t i = 0; i < m; ++i)
        if (rem[i] - a[i] < 0.0)
            return 0;
    return 1;
}

/* A 0/1 switch parameter: 0 or OCO_EINVAL naming it. */
static inline int oco__resolve_flag(double v, const char *algo, const char *key, int *out)
{
    if (v != 0.0 && v != 1.0)
        return oco_set_error(OCO_EINVAL, "%s: %s must be 0 or 1 (got %.17g)", algo, key, v);
    *out = v == 1.0;
    return OCO_OK;
}

typedef struct oco__resolve_base {
    size_t m, T, t; /* t = rounds played */
    int resolved;   /* 1: the price came from a re-solve in the last round */
    oco__lp_model *mdl;
    double *p;   /* the price that decides the next order */
    double *rem; /* the budget left, b_t */
    double *b;   /* the total budget b_1, for reset */
    double *p0;  /* the price of round 1 (0, or reset's y): a checkpoint's replay start */
    /* The orders of this run and the base rule's x (one per round, T each):
     * a checkpoint saves them and restore replays them through a fresh LP,
     * since the warm-started CLP basis is not ours to save (resolve_state.c). */
    double *hc, *ha;      /* c_j (T), a_j (T·m) */
    unsigned char *htaken; /* taken_j (T) */
} oco__resolve_base;

/* Doubles of buf that oco__resolve_base_init takes (p, rem, b, p0). */
#define OCO__RESOLVE_BASE_DOUBLES(m) (4 * (m))

static inline void oco__resolve_base_free(oco__resolve_base *base)
{
    oco__lp_model_free(base->mdl);
    free(base->hc);
    free(base->ha);
    free(base->htaken);
}

/* Round 0: p = p0 = 0, rem = b = setup->b (p, rem, b, p0 are the first 4m
 * doubles of buf, zeroed by the caller's calloc), the order history (T
 * rounds) and an empty history LP with room for one column per round (warm:
 * see oco__lp_model_new). OCO_OK, or the model's error (oco_last_error() is
 * set; nothing is left allocated). */
static inline int oco__resolve_base_init(oco__resolve_base *base, const oco_olp_setup *setup,
                                         double *buf, int warm)
{
    const size_t m = setup->m, T = setup->T;
    base->m = m;
    base->T = T;
    base->t = 0;
    base->resolved = 0;
    base->p = buf;
    base->rem = buf + m;
    base->b = buf + 2 * m;
    base->p0 = buf + 3 * m;
    memcpy(base->b, setup->b, m * sizeof(double));
    memcpy(base->rem, setup->b, m * sizeof(double));
    base->mdl = oco__lp_model_new(m, T, warm); /* checks T·m against CLP's int limit */
    base->hc = base->mdl ? malloc(T * sizeof(double)) : NULL;
    base->ha = base->mdl ? malloc(T * m * sizeof(double)) : NULL;
    base->htaken = base->mdl ? malloc(T) : NULL;
    if (base->mdl && base->hc && base->ha && base->htaken)
        return OCO_OK;
    const int rc = base->mdl ? oco_set_error(OCO_ENOMEM, "out of memory for the history of "
                                                         "T = %zu orders", T)
                             : oco_last_error_code();
    oco__resolve_base_free(base);
    base->mdl = NULL;
    return rc;
}

/* Restart at round 0 with price y (NULL: 0, every policy's start), the full
 * budget and an empty history. */
static inline int oco__resolve_base_reset(oco__resolve_base *base, const double *y)
{
    const int rc = oco__lp_model_clear(base->mdl);
    if (rc != OCO_OK)
        return rc;
    base->t = 0;
    base->resolved = 0;
    memcpy(base->rem, base->b, base->m * sizeof(double));
    for (size_t i = 0; i < base->m; ++i)
        base->p[i] = base->p0[i] = y ? y[i] : 0.0;
    return OCO_OK;
}

/* The end of a round: the order and taken join the history, rem −= a if
 * the order was taken (the session's own subtraction, in the same order, so
 * rem equals its remaining budget bit for bit), the order becomes a column of
 * the history LP, t advances and the price is no longer a fresh re-solve.
 * OCO_OK or the append's error. (a may point into ha itself: a checkpoint's
 * replay; hence the element loop rather than memcpy.) */
static inline int oco__resolve_base_record(oco__resolve_base *base, double c, const double *a,
                                           int taken)
{
    if (base->t < base->T) {
        double *h = base->ha + base->t * base->m;
        for (size_t i = 0; i < base->m; ++i)
            h[i] = a[i];
        base->hc[base->t] = c;
        base->htaken[base->t] = (unsigned char)(taken != 0);
    }
    if (taken)
        for (size_t i = 0; i < base->m; ++i)
            base->rem[i] -= a[i];
    const int rc = oco__lp_model_append(base->mdl, c, a, 0.0, 1.0);
    base->t++;
    base->resolved = 0;
    return rc;
}

/* The acceptance rule of all three: c > <a, p>, and (if respect) a fits the
 * budget left. */
static inline int oco__resolve_base_accepts(const oco__resolve_base *base, double c,
                                            const double *a, int respect)
{
    return c > oco__resolve_dot(a, base->p, base->m) &&
           (!respect || oco__resolve_fits(base->rem, a, base->m));
}

/* Re-solve the history LP with row bounds u; on success the price becomes
 * max(duals, 0) (negative duals are rounding noise of a shadow price >= 0)
 * and resolved = 1. The duals land in out first (out may be base->p); on
 * failure p is kept unless out is p. */
static inline int oco__resolve_base_solve(oco__resolve_base *base, const double *u, double *out)
{
    const int rc = oco__lp_model_solve(base->mdl, u, out);
    if (rc != OCO_OK)
        return rc;
    for (size_t i = 0; i < base->m; ++i)
        base->p[i] = out[i] > 0.0 ? out[i] : 0.0;
    base->resolved = 1;
    return OCO_OK;
}

/* Checkpoint (issue 12; resolve_state.c). The warm-started CLP model's
 * basis (and CLP's internal state) decides which of several optimal duals a
 * degenerate re-solve returns, and it is not ours to save. So save writes the
 * start price p0, the history (c_j, a_j, taken_j) of the t rounds played and
 * the resulting p, rem and resolved; restore, on a FRESH state, sets p = p0
 * and replays the t rounds through the policy's own `update` (a fresh LP
 * model sees the same appends and solves in the same order as the original
 * run), then checks that p, rem and resolved came out bit for bit as saved
 * (OCO_EINVAL otherwise). Restoring costs the re-solves of those t rounds.
 * Update errors during the replay (a failed re-solve) are those the original
 * run reported and went on from; they are not errors of the restore. */
void oco__resolve_base_save(const oco__resolve_base *base, oco_state_writer *w);
int oco__resolve_base_restore(oco__resolve_base *base, oco_state_reader *r, void *state,
                              int (*update)(void *state, double c, const double *a, int proposed,
                                            int taken));

#endif
