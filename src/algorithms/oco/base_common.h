/* Private helpers shared by the base learners of universal.md §3. */
#ifndef OCO_ALGORITHMS_OCO_BASE_COMMON_H
#define OCO_ALGORITHMS_OCO_BASE_COMMON_H

#include <math.h>
#include <stddef.h>

#include "oco/params.h"

#include "core/params_internal.h"

/* Exp-concavity α used by the ONS learners when the param is "auto":
 * setup.alpha if given; else λ/G² from strong convexity (universal.md §1:
 * "λ-strongly convex gives α = λ/G²"); else 1, the top of the curvature
 * range [1/T, 1] of §1 ("above 1 is treated as 1"). [D] */
static inline double oco_base_alpha(double setup_alpha, double setup_lambda, double G)
{
    if (setup_alpha > 0)
        return setup_alpha;
    if (setup_lambda > 0)
        return setup_lambda / (G * G);
    return 1.0;
}

#endif
