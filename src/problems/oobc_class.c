/* The built-in OOBC classes by name (include/oco/oobc_problem.h): dispatch
 * to the constructors of oobc_fairness.c and oobc_multi.c, the option
 * defaults, and the one free. */
#include "oco/oobc_problem.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problems/oobc_class_impl.h"

#define OOBC_CLASS_NAMES "fairness, multi-budget"

oco_oobc_class_opts oco_oobc_class_opts_default(void)
{
    oco_oobc_class_opts o;
    memset(&o, 0, sizeof o);
    o.d = 0;
    o.x_min = NAN;
    o.x_max = NAN;
    return o;
}

const char *oco_oobc_class_names(void) { return OOBC_CLASS_NAMES; }

oco_oobc_class *oco_oobc_class_new(const char *name, const oco_oobc_class_opts *opts)
{
    if (!name) {
        oco_set_error(OCO_EINVAL, "oobc class: name is NULL (known: " OOBC_CLASS_NAMES ")");
        return NULL;
    }
    oco_oobc_class *cls;
    if (strcmp(name, "fairness") == 0)
        cls = oco__oobc_fairness_new(opts);
    else if (strcmp(name, "multi-budget") == 0)
        cls = oco__oobc_multi_new(opts);
    else {
        oco_set_error(OCO_ENOTFOUND, "unknown oobc problem class '%s' (known: " OOBC_CLASS_NAMES
                                     ")",
                      name);
        return NULL;
    }
    if (cls && oco_oobc_class_check(cls) != OCO_OK) { /* a bug of ours; message set */
        oco_oobc_class_free(cls);
        return NULL;
    }
    return cls;
}

/* Each built-in class is one allocation starting with the public struct. */
void oco_oobc_class_free(oco_oobc_class *cls) { free(cls); }

int oco__oobc_class_is_builtin(const oco_oobc_class *cls)
{
    return oco__oobc_fairness_is(cls) || oco__oobc_multi_is(cls);
}
