/* Internal: what the LAAU / RL policies (laau.c), the unrolled episode and
 * its exact gradient (unroll.c) and the trainer (train.c) share, so that a
 * policy's decisions and the decisions the trainer differentiates are the
 * same floating-point numbers (same expressions, same order). */
#ifndef OCO_ALGORITHMS_OOBC_UNROLL_H
#define OCO_ALGORITHMS_OOBC_UNROLL_H

#include <math.h>
#include <stddef.h>

#include "algorithms/ml/mlp.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"

/* The end-to-end RL output map (olp_laau.md §2.5 [D]) for d = M = 1:
 *     x = lo + (cap − lo)·σ(z),   cap = min(hi, b̃),
 * b̃ the reserve-guarded budget (oobc.h), so x <= b̃ <= b and the budget
 * holds strictly whatever z is. The guard keeps b̃ >= lo = x_safe in exact
 * arithmetic; cap is clamped to >= lo so that rounding can never push x out
 * of the box. dx_dz = (cap − lo)·σ(1 − σ); dx_db = 1 − σ where b̃ < hi
 * (the budget caps the range) and 0 where hi caps it (the one-sided
 * derivative of the regime chosen, as in fairness_layer.h). */
static inline double oco__oobc_rl_map(double lo, double hi, double b_eff, double z,
                                      double *dx_dz, double *dx_db)
{
    const double s = oco__sigmoid(z);
    const int budget = b_eff < hi && b_eff > lo;
    const double cap = budget ? b_eff : (b_eff >= hi ? hi : lo);
    if (dx_dz)
        *dx_dz = (cap - lo) * s * (1.0 - s);
    if (dx_db)
        *dx_db = budget ? 1.0 - s : 0.0;
    return lo + (cap - lo) * s;
}

/* The guarded budget of 0-based step t of N: b̃ = b − (N − 1 − t)·r, the
 * wrapper's expression (oobc.c), so that training and play agree bit for bit. */
static inline void oco__oobc_guard(const oco_oobc_class *cls, size_t N, size_t t,
                                   const double *b, double *b_eff)
{
    const double left = (double)(N - 1 - t);
    for (size_t m = 0; m < cls->M; ++m)
        b_eff[m] = b[m] - left * cls->reserve[m];
}

/* The budget draw-down of the wrapper: b ← max(b − g, 0). */
static inline void oco__oobc_draw(size_t M, double *b, const double *g)
{
    for (size_t k = 0; k < M; ++k)
        b[k] = fmax(b[k] - g[k], 0.0);
}

/* The episode of a fixed multiplier λ·1 (every resource; λ_N = 0 at the last
 * step as in Algorithm 1) played through the layer with the guard: its loss
 * Σ_t l(x_t, c_t). zsum (nout, may be NULL): adds, over the steps t < N,
 * the network's output at the visited states minus its output bias (the
 * trainer's initial-bias choice, train.c). Uses the model's work space (no
 * allocation after the first call). laau models only. */
int oco__oobc_episode_fixed(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                            const double *c, double lambda, double *loss, double *zsum);

#endif
