/* Private to the universal ensemble's files: its parameter table, shared by
 * the object API (universal.c) and the learner types (universal_learner.c),
 * and the constants at overridden λ1, λ2 (universal_consts.c). */
#ifndef OCO_ALGORITHMS_OCO_UNIVERSAL_PRIV_H
#define OCO_ALGORITHMS_OCO_UNIVERSAL_PRIV_H

#include "oco/params.h"
#include "oco/universal.h"

#define OCO_UNIVERSAL_NPARAMS 19
extern const oco_param_spec oco__universal_param_table[OCO_UNIVERSAL_NPARAMS];

/* The constants of a preset re-derived at given λ1, λ2 (overrides): C0 and
 * the γ's follow §7.1 (theory), §7.3 (practical) or the §7.3 relations
 * (scaled); S = GD + λ2D². oco_universal_constants is this at the preset's
 * own λ1 and λ2 = 2λ1. 0 or OCO_EINVAL. */
int oco__universal_constants_at(int preset, double G, double D, double L, int seed_gamma_exp,
                                double lambda1, double lambda2, oco_universal_consts *out);

/* Everything oco_universal_new checks (setup and parameters), without
 * allocating: the learners' `check` entry. */
int oco__universal_check(const oco_learner_setup *setup, const oco_param *params, size_t nparams,
                         int multigrad);

#endif
