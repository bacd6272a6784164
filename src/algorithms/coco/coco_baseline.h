/* Private: what the competitors of seed 001's experiments (llp_sarkar.md
 * §A.7 "Competitor updates": mosp.c, valls.c, sun.c, dpp.c) share. Each is a
 * projected primal-dual method whose state is an iterate x_t, one multiplier
 * per constraint (λ_t, or the virtual queue Q(t) of dpp) and a round
 * counter; they differ only in their step sizes and in how the multipliers
 * move. One block per state, allocated in create: the algorithm's struct
 * (whose FIRST member is an oco__cb) followed by the doubles. */
#ifndef OCO_ALGORITHMS_COCO_COCO_BASELINE_H
#define OCO_ALGORITHMS_COCO_COCO_BASELINE_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "oco/coco.h"
#include "oco/error.h"

#include "core/params_internal.h"
#include "oco/linalg.h"

typedef struct oco__cb {
    size_t d, k;
    size_t t;              /* completed updates */
    const oco_domain *dom; /* the caller's, kept by pointer (coco.h) */
    double *x;             /* x_t: what the next predict plays (d) */
    double *lam;           /* λ_t or Q(t), >= 0 (k) */
    double *w;             /* scratch (d) */
    double *extra;         /* the algorithm's own doubles, or NULL */
    size_t bytes;          /* the whole block, for memory() */
} oco__cb;

/* x_t = x (or the domain's centre, x_1 of every competitor [D]), multipliers
 * 0 (λ_1 = 0, Q(1) = 0), round 0. */
static inline void oco__cb_restart(oco__cb *cb, const double *x)
{
    if (x)
        oco_copy(x, cb->x, cb->d);
    else
        oco_domain_center(cb->dom, cb->x);
    oco_fill(cb->lam, cb->k, 0.0);
    cb->t = 0;
}

/* One zeroed block: `size` bytes of state (first member an oco__cb), then
 * 2d + k + extra doubles. NULL + OCO_ENOMEM naming the algorithm. */
static inline void *oco__cb_new(size_t size, const oco_coco_setup *s, size_t extra,
                                const char *nm)
{
    size_t off = (size + sizeof(double) - 1) / sizeof(double) * sizeof(double);
    size_t n = 2 * s->d + s->k + extra;
    size_t bytes = off + n * sizeof(double);
    char *mem = calloc(1, bytes);
    if (!mem) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory (d = %zu, k = %zu)", nm, s->d, s->k);
        return NULL;
    }
    oco__cb *cb = (oco__cb *)(void *)mem;
    cb->d = s->d;
    cb->k = s->k;
    cb->dom = s->domain;
    cb->x = (double *)(void *)(mem + off);
    cb->lam = cb->x + s->d;
    cb->w = cb->lam + s->k;
    cb->extra = extra ? cb->w + s->d : NULL;
    cb->bytes = bytes;
    oco__cb_restart(cb, NULL);
    return mem;
}

/* out = a·c + Jᵀλ (J k×d row-major): the gradient in x of the Lagrangian
 * a·f_t + ⟨λ, g_t⟩ linearised at x_t. */
static inline void oco__cb_lagrangian_grad(size_t d, size_t k, double a, const double *c,
                                           const double *J, const double *lam, double *out)
{
    for (size_t i = 0; i < d; ++i)
        out[i] = a * c[i];
    for (size_t j = 0; j < k; ++j)
        if (lam[j] != 0)
            oco_axpy(lam[j], J + j * d, out, d);
}

/* w = Π_X(x − step·w), x untouched (so a failed projection leaves the
 * state as it was). */
static inline int oco__cb_descend(oco__cb *cb, double step)
{
    for (size_t i = 0; i < cb->d; ++i)
        cb->w[i] = cb->x[i] - step * cb->w[i];
    return oco_domain_project(cb->dom, cb->w);
}

static inline int oco__cb_predict(void *state, const oco_coco_prediction *pred, double *x)
{
    (void)pred; /* the competitors use no predictions (llp_sarkar.md §A.7) */
    const oco__cb *cb = state;
    oco_copy(cb->x, x, cb->d);
    return OCO_OK;
}

static inline int oco__cb_reset(void *state, const double *x)
{
    oco__cb_restart(state, x);
    return OCO_OK;
}

static inline void oco__cb_multipliers(const void *state, double *lambda)
{
    const oco__cb *cb = state;
    oco_copy(cb->lam, lambda, cb->k);
}

/* Checkpoint of the shared part: round, x_t and the multipliers (w is
 * scratch). An algorithm with nothing else that changes uses these as its
 * save/restore entries; the others call them first. */
static inline int oco__cb_save(const void *state, oco_state_writer *w)
{
    const oco__cb *cb = state;
    oco_state_put_size(w, cb->t);
    oco_state_put_f64v(w, cb->x, cb->d);
    oco_state_put_f64v(w, cb->lam, cb->k);
    return OCO_OK;
}

static inline int oco__cb_restore(void *state, oco_state_reader *r)
{
    oco__cb *cb = state;
    int rc = oco_state_get_size(r, &cb->t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, cb->x, cb->d);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, cb->lam, cb->k);
    return rc;
}

static inline size_t oco__cb_memory(const void *state) { return ((const oco__cb *)state)->bytes; }

#endif
