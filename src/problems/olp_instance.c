/* OLP instances (olp_laau.md §1.1): storage and boundary validation.
 * Every loader and generator hands its result through _validate so that
 * algorithms downstream may assume finite data and b >= 0. */
#include "oco/olp.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

oco_olp_instance *oco_olp_instance_new(size_t T, size_t m)
{
    if (T == 0) {
        oco_set_error(OCO_EINVAL, "olp instance: T must be > 0 (got 0)");
        return NULL;
    }
    if (m == 0) {
        oco_set_error(OCO_EINVAL, "olp instance: m must be > 0 (got 0)");
        return NULL;
    }
    /* T*m doubles must fit in size_t bytes; checked before any allocation. */
    if (T > SIZE_MAX / m || T * m > SIZE_MAX / sizeof(double)) {
        oco_set_error(OCO_EINVAL, "olp instance: T*m = %zu*%zu overflows", T, m);
        return NULL;
    }
    oco_olp_instance *inst = calloc(1, sizeof *inst);
    if (!inst) {
        oco_set_error(OCO_ENOMEM, "olp instance: out of memory");
        return NULL;
    }
    inst->T = T;
    inst->m = m;
    inst->c = calloc(T, sizeof(double));
    inst->a = calloc(T * m, sizeof(double));
    inst->b = calloc(m, sizeof(double));
    if (!inst->c || !inst->a || !inst->b) {
        oco_olp_instance_free(inst);
        oco_set_error(OCO_ENOMEM, "olp instance: out of memory for T = %zu, m = %zu", T, m);
        return NULL;
    }
    return inst;
}

void oco_olp_instance_free(oco_olp_instance *inst)
{
    if (!inst)
        return;
    free(inst->c);
    free(inst->a);
    free(inst->b);
    free(inst);
}

static const char *nonfinite_name(double v) { return isnan(v) ? "NaN" : "Inf"; }

int oco_olp_instance_validate(const oco_olp_instance *inst)
{
    if (!inst)
        return oco_set_error(OCO_EINVAL, "olp instance: inst is NULL");
    if (inst->T == 0)
        return oco_set_error(OCO_EINVAL, "olp instance: T must be > 0 (got 0)");
    if (inst->m == 0)
        return oco_set_error(OCO_EINVAL, "olp instance: m must be > 0 (got 0)");
    if (!inst->c || !inst->a || !inst->b)
        return oco_set_error(OCO_EINVAL, "olp instance: %s is NULL",
                             !inst->c ? "c" : (!inst->a ? "a" : "b"));
    const size_t T = inst->T, m = inst->m;
    for (size_t t = 0; t < T; t++) {
        if (!isfinite(inst->c[t]))
            return oco_set_error(OCO_EINVAL, "olp instance: c[%zu] is %s", t,
                                 nonfinite_name(inst->c[t]));
        const double *at = inst->a + t * m;
        for (size_t i = 0; i < m; i++)
            if (!isfinite(at[i]))
                return oco_set_error(OCO_EINVAL, "olp instance: a[%zu][%zu] is %s", t, i,
                                     nonfinite_name(at[i]));
    }
    for (size_t i = 0; i < m; i++) {
        if (!isfinite(inst->b[i]))
            return oco_set_error(OCO_EINVAL, "olp instance: b[%zu] is %s", i,
                                 nonfinite_name(inst->b[i]));
        if (inst->b[i] < 0)
            return oco_set_error(OCO_EINVAL, "olp instance: b[%zu] = %.17g is negative", i,
                                 inst->b[i]);
    }
    return OCO_OK;
}
