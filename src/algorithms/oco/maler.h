/* Private (tests include it through src/): read-only views into the state of
 * the "maler" learner (maler.c), for the invariant tests. `state` is what
 * oco_learner_maler.create returned. */
#ifndef OCO_ALGORITHMS_OCO_MALER_H
#define OCO_ALGORITHMS_OCO_MALER_H

#include <stddef.h>

enum { OCO_MALER_CVX = 0, OCO_MALER_EXP = 1, OCO_MALER_SC = 2 };

/* Number of experts N (convex first, then the exp-concave experts for
 * η_0 > η_1 > ..., then the strongly convex ones in the same order). */
size_t oco__maler_count(const void *state);
/* π_t (length N): the meta weights on the simplex, the ones the next
 * predict tilts by the learning rates (after t updates). */
const double *oco__maler_weights(const void *state);
/* Learning rate of expert i (η^c or η_i) and its kind (OCO_MALER_*). */
double oco__maler_eta(const void *state, size_t i);
int oco__maler_kind(const void *state, size_t i);
/* x_{t,i} of the last predict (N×d, row i = expert i). */
const double *oco__maler_expert_x(const void *state);

#endif
