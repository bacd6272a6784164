/* The registry of built-in OLP policies: a constant table generated from
 * OCO_OLP_POLICY_LIST (policies.h), so adding an algorithm is one line there. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <string.h>

#include "algorithms/alloc/policies.h"

#define OCO_OLP_POLICY_ENTRY(name) &oco_olp_##name##_type,
static const oco_olp_policy_type *const registry[] = {
    OCO_OLP_POLICY_LIST(OCO_OLP_POLICY_ENTRY)
};
#undef OCO_OLP_POLICY_ENTRY

enum { NREGISTRY = sizeof registry / sizeof registry[0] };

size_t oco_olp_policy_count(void) { return NREGISTRY; }

const oco_olp_policy_type *oco_olp_policy_at(size_t i)
{
    return i < NREGISTRY ? registry[i] : NULL;
}

const oco_olp_policy_type *oco_olp_policy_find(const char *name)
{
    if (!name) {
        oco_set_error(OCO_EINVAL, "olp policy: name is NULL");
        return NULL;
    }
    for (size_t i = 0; i < NREGISTRY; ++i)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    char known[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < NREGISTRY; ++i) {
        size_t len = strlen(registry[i]->name);
        if (used + len + 3 >= sizeof known)
            break;
        if (i) {
            memcpy(known + used, ", ", 2);
            used += 2;
        }
        memcpy(known + used, registry[i]->name, len + 1);
        used += len;
    }
    oco_set_error(OCO_ENOTFOUND, "unknown olp algorithm '%s' (known: %s)", name, known);
    return NULL;
}
