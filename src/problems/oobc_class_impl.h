/* Private: the built-in OOBC classes (include/oco/oobc_problem.h). Each is
 * one allocation: the public struct first (so oco_oobc_class_free frees the
 * pointer it is given), then the class's own constants and the arrays the
 * public struct points to (lo, hi, x_safe, reserve, budget_lo, budget_hi). */
#ifndef OCO_PROBLEMS_OOBC_CLASS_IMPL_H
#define OCO_PROBLEMS_OOBC_CLASS_IMPL_H

#include <stddef.h>

#include "oco/oobc.h"
#include "oco/oobc_problem.h"

/* The constructors behind oco_oobc_class_new; opts already filled with the
 * class defaults is NOT assumed (NaN / 0 mean "default"). NULL + OCO_EINVAL
 * naming the bad option, or OCO_ENOMEM. */
oco_oobc_class *oco__oobc_fairness_new(const oco_oobc_class_opts *opts);
oco_oobc_class *oco__oobc_multi_new(const oco_oobc_class_opts *opts);

/* The fairness class's layer callback: OPT recognises the class by it (and
 * a copy with layer = NULL goes through the general solver instead). */
int oco__oobc_fairness_layer(const oco_oobc_class *cls, const double *c, const double *lambda,
                             const double *b_eff, double *x, double *dx_dlam, double *dx_db);

/* 1 if cls's loss is the fairness / multi-budget one (a copy with another
 * layer still counts). */
int oco__oobc_fairness_is(const oco_oobc_class *cls);
int oco__oobc_multi_is(const oco_oobc_class *cls);

/* 1 if cls is one of the built-in classes (their losses need contexts >= 0,
 * which the instances reader checks). */
int oco__oobc_class_is_builtin(const oco_oobc_class *cls);

#endif
