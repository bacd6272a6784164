/* Private helpers of the ensembles that hold an array of base learners
 * (experts) by vtable and state: Maler (maler.c), the two-layer
 * Adapt-ML-Prod (adapt_ml_prod.c) and the universal ensemble (universal.c). */
#ifndef OCO_ALGORITHMS_OCO_EXPERTS_H
#define OCO_ALGORITHMS_OCO_EXPERTS_H

#include <stddef.h>
#include <stdlib.h>

#include "oco/error.h"
#include "oco/learner.h"

/* Destroy the n experts created so far (bs[i] == NULL: not created, skipped;
 * bs == NULL: none) and free both arrays. Safe on a half-built ensemble. */
static inline void oco_experts_free(const oco_learner_type **bt, void **bs, size_t n)
{
    if (bs)
        for (size_t i = 0; i < n; i++)
            if (bs[i])
                bt[i]->destroy(bs[i]);
    free(bt);
    free(bs);
}

/* Every expert's decision: expert i writes row i of xb (n×d). The first
 * failing expert's status is returned (its message set by the expert). */
static inline int oco_experts_predict(const oco_learner_type *const *bt, void *const *bs, size_t n,
                                      size_t d, double *xb)
{
    for (size_t i = 0; i < n; i++) {
        int rc = bt[i]->predict(bs[i], NULL, xb + i * d);
        if (rc != OCO_OK)
            return rc;
    }
    return OCO_OK;
}

#endif
