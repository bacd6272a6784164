/* The constant registry of OCO learners (include/oco/learner.h). */
#include "oco/error.h"
#include "oco/learner.h"

#include <string.h>

#include "algorithms/oco/types.h"

/* NULL-terminated so the table may be extended without touching the code. */
static const oco_learner_type *const table[] = {
    &oco_learner_ogd,
    &oco_learner_optimistic_ogd,
    &oco_learner_ons,
    &oco_learner_optimistic_ons,
    &oco_learner_adagrad,
    &oco_learner_hedge,
    &oco_learner_optimistic_hedge,
    &oco_learner_msmwc,
    &oco_learner_universal,
    &oco_learner_universal_multigrad,
    &oco_learner_adapt_ml_prod,
    &oco_learner_maler,
    &oco_learner_metagrad,
    NULL,
};

size_t oco_learner_count(void)
{
    return sizeof table / sizeof table[0] - 1;
}

const oco_learner_type *oco_learner_at(size_t i)
{
    return i < oco_learner_count() ? table[i] : NULL;
}

const oco_learner_type *oco_learner_find(const char *name)
{
    size_t n = oco_learner_count();
    if (name)
        for (size_t i = 0; i < n; ++i)
            if (strcmp(table[i]->name, name) == 0)
                return table[i];
    char known[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; ++i) {
        size_t len = strlen(table[i]->name);
        if (used + len + 3 >= sizeof known)
            break;
        if (i) {
            memcpy(known + used, ", ", 2);
            used += 2;
        }
        memcpy(known + used, table[i]->name, len);
        used += len;
        known[used] = '\0';
    }
    oco_set_error(OCO_ENOTFOUND, "unknown OCO learner '%s' (known: %s)", name ? name : "(null)",
                  n ? known : "none");
    return NULL;
}
