/* Internal: every built-in algorithm of every protocol, in the order of
 * `oco list`. One line per algorithm generates its declaration here, its
 * entry in the one registry and its public type constant (registry.c).
 *
 * To add an algorithm of an existing protocol: define its vtable
 *     const oco_<protocol vtable> oco__<prefix>_<name> = {.info = {...}, ...};
 * in its own file and add <name> to the protocol's list below; declare the
 * public constant in the protocol's header (alloc.h, learner.h, coco.h, bwk.h, oobc.h). A new
 * protocol adds a list, its X-macro lines in registry.c, and its
 * *_from_info accessor. */
#ifndef OCO_ALGORITHMS_REGISTRY_H
#define OCO_ALGORITHMS_REGISTRY_H

#include "oco/alloc.h"
#include "oco/bwk.h"
#include "oco/coco.h"
#include "oco/learner.h"
#include "oco/oobc.h"

/* protocol olp: allocation policies (src/algorithms/alloc/), oco__olp_<name> */
#define OCO__OLP_POLICIES(X)                                                                    \
    X(dual_subgradient)                                                                         \
    X(dual_multiplicative)                                                                      \
    X(one_path)            /* one_path.c */                                                     \
    X(decoupled)           /* decoupled.c */                                                    \
    X(decoupled_assg)      /* decoupled.c */                                                    \
    X(decoupled_rassg)     /* decoupled.c */                                                    \
    X(dmd_euclid)          /* dmd.c */                                                          \
    X(dmd_entropic)        /* dmd.c */                                                          \
    X(ahdl)                /* ahdl.c */                                                         \
    X(wait_less_sqrt)      /* wait_less.c */                                                    \
    X(wait_less_cbrt)      /* wait_less.c */                                                    \
    X(dla)                 /* dla.c */                                                          \
    X(one_time_learning)   /* dla.c */

/* protocol oco: learners (src/algorithms/oco/), oco__learner_<name> */
#define OCO__LEARNERS(X)                                                                        \
    X(ogd)                 /* ogd.c */                                                          \
    X(optimistic_ogd)      /* oomd.c */                                                         \
    X(ons)                 /* ons.c */                                                          \
    X(optimistic_ons)      /* ons.c */                                                          \
    X(adagrad)             /* adagrad.c */                                                      \
    X(hedge)               /* hedge.c */                                                        \
    X(optimistic_hedge)    /* hedge.c */                                                        \
    X(msmwc)               /* msmwc_learner.c */                                                \
    X(universal)           /* universal_learner.c */                                            \
    X(universal_multigrad) /* universal_learner.c */                                            \
    X(adapt_ml_prod)       /* adapt_ml_prod.c */                                                \
    X(maler)               /* maler.c */                                                        \
    X(metagrad)            /* metagrad.c */

/* protocol coco: constrained OCO (src/algorithms/coco/), oco__coco_<name>:
 * the Lazy Lagrangian family of seed 001, then its competitors */
#define OCO__COCO_LLP(X)                                                                        \
    X(llp)                 /* llp.c, llp_core.c */                                              \
    X(llp_linearized)      /* llp.c */                                                          \
    X(llp2)                /* llp.c */                                                          \
    X(llp2_linearized)     /* llp.c */                                                          \
    X(llp_perturbed)       /* llp.c */

#define OCO__COCO_BASELINES(X)                                                                  \
    X(mosp)                /* mosp.c */                                                         \
    X(valls)               /* valls.c */                                                        \
    X(sun)                 /* sun.c */                                                          \
    X(dpp)                 /* dpp.c */

/* seed 003's Lyapunov + AdaGrad and its Sinha-Vaze baseline */
#define OCO__COCO_LYAPUNOV(X)                                                                   \
    X(lyapunov_adagrad)    /* lyapunov_adagrad.c */                                             \
    X(sinha_vaze)          /* sinha_vaze.c */                                                   \
    X(sinha_vaze_strong)   /* sinha_vaze.c */

#define OCO__COCO_ALGOS(X) OCO__COCO_LLP(X) OCO__COCO_BASELINES(X) OCO__COCO_LYAPUNOV(X)

/* protocol bwk: bandits with knapsacks (src/algorithms/bwk/), oco__bwk_<name>:
 * seed 003 Algorithm 2, its bandit subroutine alone, then the baselines */
#define OCO__BWK_ALGOS(X)                                                                       \
    X(lyapunov_bwk)        /* lyapunov_bwk.c, sf_mab_core.c */                                  \
    X(sf_mab)              /* sf_mab.c, sf_mab_core.c */                                        \
    X(exp3)                /* exp3.c */                                                         \
    X(lagrange_bwk)        /* lagrange_bwk.c */

/* protocol oobc: strict budgets over short episodes (src/algorithms/oobc/),
 * oco__oobc_<name>: seed 000's LAAU and its end-to-end RL baseline, then the
 * baselines of its Appendix C.2 */
#define OCO__OOBC_LEARNED(X) X(laau) X(rl)

#define OCO__OOBC_BASELINES(X)                                                                  \
    X(equal)               /* equal.c */                                                        \
    X(avg_lt)              /* avg_lt.c */                                                       \
    X(dgd)                 /* dmd.c */                                                          \
    X(mw)                  /* dmd.c */                                                          \
    X(cr_pursuit)          /* cr_pursuit.c */

#define OCO__OOBC_ALGOS(X) OCO__OOBC_LEARNED(X) OCO__OOBC_BASELINES(X)

#define OCO__DECLARE_OLP(n) extern const oco_olp_policy_type oco__olp_##n;
#define OCO__DECLARE_LEARNER(n) extern const oco_learner_type oco__learner_##n;
#define OCO__DECLARE_COCO(n) extern const oco_coco_type oco__coco_##n;
#define OCO__DECLARE_BWK(n) extern const oco_bwk_type oco__bwk_##n;
#define OCO__DECLARE_OOBC(n) extern const oco_oobc_type oco__oobc_##n;
OCO__OLP_POLICIES(OCO__DECLARE_OLP)
OCO__LEARNERS(OCO__DECLARE_LEARNER)
OCO__COCO_ALGOS(OCO__DECLARE_COCO)
OCO__BWK_ALGOS(OCO__DECLARE_BWK)
OCO__OOBC_ALGOS(OCO__DECLARE_OOBC)
#undef OCO__DECLARE_OLP
#undef OCO__DECLARE_LEARNER
#undef OCO__DECLARE_COCO
#undef OCO__DECLARE_BWK
#undef OCO__DECLARE_OOBC

#endif
