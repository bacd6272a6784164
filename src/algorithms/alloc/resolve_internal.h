/* Internal: small helpers shared by the re-solving OLP baselines
 * (olp_laau.md §1.11: ahdl.c, wait_less.c, dla.c). Header-only. */
#ifndef OCO_ALLOC_RESOLVE_INTERNAL_H
#define OCO_ALLOC_RESOLVE_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "oco/error.h"
#include "oco/params.h"

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

#endif
