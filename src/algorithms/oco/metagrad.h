/* Private (tests include it through src/): read-only views into the state of
 * the "metagrad" learner (metagrad.c). `state` is what
 * oco_learner_metagrad.create returned. */
#ifndef OCO_ALGORITHMS_OCO_METAGRAD_H
#define OCO_ALGORITHMS_OCO_METAGRAD_H

#include <stddef.h>

/* Number of slaves k (η_0 > η_1 > ...). */
size_t oco__metagrad_count(const void *state);
/* π_t (length k) on the simplex, used by the next predict. */
const double *oco__metagrad_weights(const void *state);
double oco__metagrad_eta(const void *state, size_t i);
/* w^{η_i}_t of the last predict (k×d, row i = slave i). */
const double *oco__metagrad_slave_x(const void *state);
/* Σ^{-1} of slave i (d×d, column-major): I/sigma1 + 2η_i² Σ_s g_s g_sᵀ. */
const double *oco__metagrad_precision(const void *state, size_t i);

#endif
