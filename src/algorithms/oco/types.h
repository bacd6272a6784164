/* Private: the built-in OCO learner types (include/oco/learner.h), listed by
 * registry.c. Owned by helper "learners"; the ensemble entries (MsMwC, the
 * universal ensemble, Adapt-ML-Prod) are defined in meta's files. */
#ifndef OCO_ALGORITHMS_OCO_TYPES_H
#define OCO_ALGORITHMS_OCO_TYPES_H

#include "oco/learner.h"

/* base learners (universal.md §3, §9.1) */
extern const oco_learner_type oco_learner_ogd;            /* ogd.c */
extern const oco_learner_type oco_learner_optimistic_ogd; /* oomd.c */
extern const oco_learner_type oco_learner_ons;            /* ons.c */
extern const oco_learner_type oco_learner_optimistic_ons; /* ons.c */
extern const oco_learner_type oco_learner_adagrad;        /* adagrad.c */
extern const oco_learner_type oco_learner_hedge;          /* hedge.c */
extern const oco_learner_type oco_learner_optimistic_hedge; /* hedge.c */

/* the ensembles (helper "meta") */
extern const oco_learner_type oco_learner_universal;           /* universal_learner.c */
extern const oco_learner_type oco_learner_universal_multigrad; /* universal_learner.c */
extern const oco_learner_type oco_learner_msmwc;               /* msmwc_learner.c */
extern const oco_learner_type oco_learner_adapt_ml_prod;       /* adapt_ml_prod.c */

/* comparison universal learners without gradient variation (helper "maler") */
extern const oco_learner_type oco_learner_maler;    /* maler.c */
extern const oco_learner_type oco_learner_metagrad; /* metagrad.c */

#endif
