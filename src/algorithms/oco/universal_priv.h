/* Private to the universal ensemble's files: its parameter table, shared by
 * the object API (universal.c) and the learner types (universal_learner.c). */
#ifndef OCO_ALGORITHMS_OCO_UNIVERSAL_PRIV_H
#define OCO_ALGORITHMS_OCO_UNIVERSAL_PRIV_H

#include "oco/params.h"

#define OCO_UNIVERSAL_NPARAMS 19
extern const oco_param_spec oco_universal_param_table[OCO_UNIVERSAL_NPARAMS];

#endif
