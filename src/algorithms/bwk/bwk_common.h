/* Internal helpers shared by the bwk algorithms (src/algorithms/bwk/). */
#ifndef OCO_ALGORITHMS_BWK_COMMON_H
#define OCO_ALGORITHMS_BWK_COMMON_H

#include "oco/bwk.h"
#include "oco/error.h"

#include "core/params_internal.h"

#include <math.h>
#include <stddef.h>

/* p ∝ exp(−η L) over K entries (EXP3's and LagrangeBwK's primal player),
 * shifted by min L so the largest weight is exp(0) = 1: no overflow, and the
 * sum is >= 1, so no division by an underflowed zero. */
static inline void oco__bwk_exp_weights(const double *L, size_t K, double eta, double *p)
{
    double m = L[0], z = 0;
    for (size_t i = 1; i < K; ++i)
        m = fmin(m, L[i]);
    for (size_t i = 0; i < K; ++i)
        z += p[i] = exp(-eta * (L[i] - m));
    for (size_t i = 0; i < K; ++i)
        p[i] /= z;
}

#endif
