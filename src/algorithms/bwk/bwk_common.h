/* Internal helpers shared by the bwk algorithms (src/algorithms/bwk/). */
#ifndef OCO_ALGORITHMS_BWK_COMMON_H
#define OCO_ALGORITHMS_BWK_COMMON_H

#include "oco/bwk.h"
#include "oco/error.h"

#include <math.h>

/* The value given for key, else the spec's default; NaN ("auto") gives
 * `fallback`, the instance-dependent default of the spec's default_text. */
static inline double oco__bwk_param(const oco_param_spec *spec, size_t nspec, const oco_param *p,
                                    size_t np, const char *key, double fallback)
{
    double v = oco_params_get(spec, nspec, p, np, key);
    return isnan(v) ? fallback : v;
}

/* 0 if v is finite and > 0, else OCO_EINVAL naming the algorithm and key. */
static inline int oco__bwk_positive(const char *nm, const char *key, double v)
{
    if (!(isfinite(v) && v > 0))
        return oco_set_error(OCO_EINVAL, "%s: %s must be finite and > 0 (got %.17g)", nm, key, v);
    return OCO_OK;
}

#endif
