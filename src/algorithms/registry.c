/* The one registry of algo.h: every algorithm of every protocol, generated
 * from the lists of registry.h, with one lookup and one "known names"
 * message, and the public type constants of alloc.h, learner.h, coco.h, bwk.h and oobc.h. */
#include "oco/algo.h"

#include "oco/error.h"

#include <string.h>

#include "algorithms/registry.h"
#include "core/params_internal.h"

#define OCO__ENTRY_OLP(n) &oco__olp_##n.info,
#define OCO__ENTRY_LEARNER(n) &oco__learner_##n.info,
#define OCO__ENTRY_COCO(n) &oco__coco_##n.info,
#define OCO__ENTRY_BWK(n) &oco__bwk_##n.info,
#define OCO__ENTRY_OOBC(n) &oco__oobc_##n.info,
static const oco_algo_info *const registry[] = {
    OCO__OLP_POLICIES(OCO__ENTRY_OLP)
    OCO__LEARNERS(OCO__ENTRY_LEARNER)
    OCO__COCO_ALGOS(OCO__ENTRY_COCO)
    OCO__BWK_ALGOS(OCO__ENTRY_BWK)
    OCO__OOBC_ALGOS(OCO__ENTRY_OOBC)
};
#undef OCO__ENTRY_OLP
#undef OCO__ENTRY_LEARNER
#undef OCO__ENTRY_COCO
#undef OCO__ENTRY_BWK
#undef OCO__ENTRY_OOBC

#define OCO__CONSTANT_OLP(n) const oco_olp_policy_type *const oco_olp_##n = &oco__olp_##n;
#define OCO__CONSTANT_LEARNER(n) const oco_learner_type *const oco_learner_##n = &oco__learner_##n;
#define OCO__CONSTANT_COCO(n) const oco_coco_type *const oco_coco_##n = &oco__coco_##n;
#define OCO__CONSTANT_BWK(n) const oco_bwk_type *const oco_bwk_##n = &oco__bwk_##n;
#define OCO__CONSTANT_OOBC(n) const oco_oobc_type *const oco_oobc_##n = &oco__oobc_##n;
OCO__OLP_POLICIES(OCO__CONSTANT_OLP)
OCO__LEARNERS(OCO__CONSTANT_LEARNER)
OCO__COCO_ALGOS(OCO__CONSTANT_COCO)
OCO__BWK_ALGOS(OCO__CONSTANT_BWK)
OCO__OOBC_ALGOS(OCO__CONSTANT_OOBC)
#undef OCO__CONSTANT_OLP
#undef OCO__CONSTANT_LEARNER
#undef OCO__CONSTANT_COCO
#undef OCO__CONSTANT_BWK
#undef OCO__CONSTANT_OOBC

enum { NREGISTRY = sizeof registry / sizeof registry[0] };

const char *oco_protocol_name(oco_protocol p)
{
    switch (p) {
    case OCO_PROTOCOL_ANY: return "any";
    case OCO_PROTOCOL_OLP: return "olp";
    case OCO_PROTOCOL_OCO: return "oco";
    case OCO_PROTOCOL_COCO: return "coco";
    case OCO_PROTOCOL_BWK: return "bwk";
    case OCO_PROTOCOL_OOBC: return "oobc";
    }
    return NULL;
}

size_t oco_algo_count(void) { return NREGISTRY; }

const oco_algo_info *oco_algo_at(size_t i) { return i < NREGISTRY ? registry[i] : NULL; }

const oco_algo_info *oco_algo_find(const char *name, oco_protocol protocol)
{
    const char *pname = oco_protocol_name(protocol);
    if (!pname) {
        oco_set_error(OCO_EINVAL, "algorithm lookup: unknown protocol %d", (int)protocol);
        return NULL;
    }
    if (!name) {
        oco_set_error(OCO_EINVAL, "algorithm lookup: name is NULL");
        return NULL;
    }
    char known[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < NREGISTRY; ++i) {
        if (protocol != OCO_PROTOCOL_ANY && registry[i]->protocol != protocol)
            continue;
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
        oco__names_append(known, sizeof known, &used, registry[i]->name);
    }
    if (protocol == OCO_PROTOCOL_ANY)
        oco_set_error(OCO_ENOTFOUND, "unknown algorithm '%s' (known: %s)", name,
                      used ? known : "none");
    else
        oco_set_error(OCO_ENOTFOUND, "unknown %s algorithm '%s' (known: %s)", pname, name,
                      used ? known : "none");
    return NULL;
}

int oco_algo_check_params(const oco_algo_info *info, const oco_param *params, size_t nparams)
{
    if (!info)
        return oco_set_error(OCO_EINVAL, "algorithm: info is NULL");
    if (nparams && !params)
        return oco_set_error(OCO_EINVAL, "%s: params is NULL but nparams = %zu", info->name,
                             nparams);
    return oco_params_check(info->params, info->nparams, params, nparams, info->name);
}

const oco_olp_policy_type *oco_olp_policy_from_info(const oco_algo_info *info)
{
    if (!info || info->protocol != OCO_PROTOCOL_OLP) {
        oco_set_error(OCO_EINVAL, "'%s' is not an olp policy", info ? info->name : "(null)");
        return NULL;
    }
    return (const oco_olp_policy_type *)(const void *)info; /* info is the first member */
}

const oco_learner_type *oco_learner_type_from_info(const oco_algo_info *info)
{
    if (!info || info->protocol != OCO_PROTOCOL_OCO) {
        oco_set_error(OCO_EINVAL, "'%s' is not an OCO learner", info ? info->name : "(null)");
        return NULL;
    }
    return (const oco_learner_type *)(const void *)info;
}

const oco_olp_policy_type *oco_olp_policy_find(const char *name)
{
    const oco_algo_info *info = oco_algo_find(name, OCO_PROTOCOL_OLP);
    return info ? oco_olp_policy_from_info(info) : NULL;
}

const oco_learner_type *oco_learner_find(const char *name)
{
    const oco_algo_info *info = oco_algo_find(name, OCO_PROTOCOL_OCO);
    return info ? oco_learner_type_from_info(info) : NULL;
}

const oco_coco_type *oco_coco_type_from_info(const oco_algo_info *info)
{
    if (!info || info->protocol != OCO_PROTOCOL_COCO) {
        oco_set_error(OCO_EINVAL, "'%s' is not a coco algorithm", info ? info->name : "(null)");
        return NULL;
    }
    return (const oco_coco_type *)(const void *)info;
}

const oco_coco_type *oco_coco_find(const char *name)
{
    const oco_algo_info *info = oco_algo_find(name, OCO_PROTOCOL_COCO);
    return info ? oco_coco_type_from_info(info) : NULL;
}
