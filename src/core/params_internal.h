/* Internal helpers around oco_param tables (params.h). Not public API. */
#ifndef OCO_CORE_PARAMS_INTERNAL_H
#define OCO_CORE_PARAMS_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "oco/error.h"
#include "oco/params.h"

/* The value given for key, else the spec's default; a NaN default ("auto")
 * gives `fallback`, the instance-dependent default of the spec's
 * default_text. One reading rule for every algorithm of every protocol. */
static inline double oco__param_or(const oco_param_spec *spec, size_t nspec, const oco_param *p,
                                   size_t np, const char *key, double fallback)
{
    double v = oco_params_get(spec, nspec, p, np, key);
    return isnan(v) ? fallback : v;
}

/* 0 if v is finite and > 0, else OCO_EINVAL naming the algorithm and key. */
static inline int oco__param_positive(const char *nm, const char *key, double v)
{
    if (!(isfinite(v) && v > 0))
        return oco_set_error(OCO_EINVAL, "%s: %s must be finite and > 0 (got %.17g)", nm, key, v);
    return OCO_OK;
}

/* Append `name` to the ", "-separated list held in buf (cap bytes, *used of
 * them filled, NUL-terminated); a name that does not fit ends the list with
 * "..." and later names are dropped. For "known: a, b, c" messages. */
void oco__names_append(char *buf, size_t cap, size_t *used, const char *name);

/* A malloc'ed copy of `given` (already checked against spec by
 * oco_params_check) whose keys point at the spec's own names, so the copy
 * outlives the caller's strings. NULL for n = 0 (not an error); NULL with
 * OCO_ENOMEM when n > 0 and allocation fails (*failed set to 1). */
oco_param *oco__params_copy(const oco_param_spec *spec, size_t nspec, const oco_param *given,
                            size_t n, int *failed);

#endif
