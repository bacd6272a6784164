/* Internal: the built-in OLP policy types (olp_laau.md Part 1).
 *
 * To add a policy: define `const oco_olp_policy_type oco_olp_<name>_type` in
 * its own file under src/algorithms/alloc/ and add ONE line
 *     OCO_OLP_POLICY(<name>)
 * to OCO_OLP_POLICY_LIST below; the declaration and the registry entry
 * (registry.c) are both generated from that line. The order of the list is
 * the order of `oco list`. */
#ifndef OCO_ALLOC_POLICIES_H
#define OCO_ALLOC_POLICIES_H

#include "oco/alloc.h"

#define OCO_OLP_POLICY_LIST(OCO_OLP_POLICY)                                                      \
    OCO_OLP_POLICY(dual_subgradient)                                                             \
    OCO_OLP_POLICY(dual_multiplicative)

#define OCO_OLP_POLICY_DECLARE(name) extern const oco_olp_policy_type oco_olp_##name##_type;
OCO_OLP_POLICY_LIST(OCO_OLP_POLICY_DECLARE)
#undef OCO_OLP_POLICY_DECLARE

#endif
