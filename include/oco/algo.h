/* oco — what every algorithm of every protocol says about itself, and the one
 * registry that lists them all.
 *
 * Each protocol has its own vtable (oco_olp_policy_type in alloc.h,
 * oco_learner_type in learner.h, ...), and every such vtable starts with an
 * oco_algo_info: name, protocol, the paper and equation it implements, the
 * parts that are derived for this project or recalled rather than stated in
 * the paper ([D]/[R], see params.h) and its parameter table. So `oco list`, the CLI and the bindings walk one
 * registry and read one descriptor, whatever the protocol.
 *
 * Because the info is the vtable's first member, a descriptor found in the
 * registry converts to its protocol's vtable with the protocol's own accessor
 * (oco_olp_policy_from_info, oco_learner_type_from_info,
 * oco_coco_type_from_info), which checks the
 * protocol. C users who know the algorithm take its type constant directly,
 * as GSL does with gsl_multimin_fdfminimizer_vector_bfgs2:
 *     oco_learner_new(oco_learner_ogd, &setup, NULL, 0);
 *     oco_olp_session_new(oco_olp_dual_subgradient, &setup, NULL, 0, &opts); */
#ifndef OCO_ALGO_H
#define OCO_ALGO_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/params.h"

OCO_BEGIN_DECLS

/* The online protocols: what is revealed when, and what couples the rounds. */
typedef enum oco_protocol {
    OCO_PROTOCOL_ANY = 0, /* only as a filter of oco_algo_find */
    OCO_PROTOCOL_OLP = 1, /* allocation: online LP, context first (alloc.h) */
    OCO_PROTOCOL_OCO = 2, /* online convex optimisation learners (learner.h) */
    OCO_PROTOCOL_COCO = 3, /* constrained OCO: time-varying constraints, long-term
                             budgets, predictions (coco.h) */
    OCO_PROTOCOL_BWK = 4, /* bandits with knapsacks: K arms, bandit feedback, a
                             long-term budget (bwk.h) */
    OCO_PROTOCOL_OOBC = 5 /* strict budgets over short episodes, context first,
                             continuous decisions (oobc.h) */
} oco_protocol;

/* Its CLI name ("olp", "oco", "coco", "bwk", "oobc"); "any" for OCO_PROTOCOL_ANY, NULL if unknown. */
const char *oco_protocol_name(oco_protocol p);

/* Flags of oco_algo_info. */
enum {
    OCO_ALGO_ANYTIME = 1u << 0,    /* works without the horizon (T = 0) */
    OCO_ALGO_OPTIMISTIC = 1u << 1, /* uses a hint / prediction of the coming loss */
    OCO_ALGO_RANDOMIZED = 1u << 2, /* draws random numbers: its setup must carry an
                                      oco_rng (the caller owns it) */
    OCO_ALGO_RESETTABLE = 1u << 3  /* has a reset entry: restarts in place, also
                                      from a given point; every algorithm can be
                                      restarted from its initial state */
};

typedef struct oco_algo_info {
    const char *name;      /* CLI name, unique across protocols, e.g. "dual-subgradient" */
    oco_protocol protocol;
    const char *summary;   /* one line */
    const char *source;    /* paper and equation, e.g. "seed 002 (Gao et al.), Algorithm 1" */
    const char *derived;   /* which parts are [D]/[R] ("" if none) */
    const oco_param_spec *params;
    size_t nparams;
    unsigned flags;        /* OCO_ALGO_* */
} oco_algo_info;

/* ---- the registry: every built-in algorithm of every protocol ------------ */
size_t oco_algo_count(void);
const oco_algo_info *oco_algo_at(size_t i); /* NULL if i >= count */
/* The algorithm `name` of `protocol` (OCO_PROTOCOL_ANY: of any protocol).
 * NULL with OCO_ENOTFOUND and a message listing the known names of that
 * protocol ("unknown olp algorithm 'x' (known: a, b, ...)"), or OCO_EINVAL
 * for a NULL name. */
const oco_algo_info *oco_algo_find(const char *name, oco_protocol protocol);

/* Validate key=value pairs against the algorithm's table (known keys, finite
 * values); OCO_EINVAL with a message naming the algorithm and the key. */
int oco_algo_check_params(const oco_algo_info *info, const oco_param *params, size_t nparams);

OCO_END_DECLS
#endif
