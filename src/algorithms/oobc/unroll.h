/* Internal: what the LAAU / RL policies (laau.c), the unrolled episode and
 * its exact gradient (unroll.c) and the trainer (train.c) share, so that a
 * policy's decisions and the decisions the trainer differentiates are the
 * same floating-point numbers (same expressions, same order). */
#ifndef OCO_ALGORITHMS_OOBC_UNROLL_H
#define OCO_ALGORITHMS_OOBC_UNROLL_H

#include <math.h>
#include <stddef.h>

#include "algorithms/ml/mlp.h"
#include "algorithms/oobc/layer.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"

/* The end-to-end RL output map (olp_laau.md §2.5 [D]) for d = M = 1:
 *     x = lo + (cap − lo)·σ(z),   cap = min(hi, b̃),
 * b̃ the reserve-guarded budget (oobc.h), so x <= b̃ <= b and the budget
 * holds strictly whatever z is. The guard keeps b̃ >= lo = x_safe in exact
 * arithmetic; cap is clamped to >= lo so that rounding can never push x out
 * of the box. dx_dz = (cap − lo)·σ(1 − σ); dx_db = σ where b̃ < hi
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
        *dx_db = budget ? s : 0.0;
    return lo + (cap - lo) * s;
}

/* The guarded budget of 0-based step t of N: b̃ = b − (N − 1 − t)·r, the
 * wrapper's expression (oobc.c), so that training and play agree bit for
 * bit, then raised to at least r. Why the floor: in exact arithmetic the
 * guard keeps b̃ >= r at every step (each step spends at most its b̃, so
 * (N − t)·r is left), but once the budget has bound, b_{t+1} = b_t − b̃_t
 * is rounded and the next b̃ may come out as r − ulp, below g(x_safe);
 * the fairness layer then refuses (b̃ < x_min) and a decision below the
 * box would follow. The floor only ever moves b̃ by rounding (the wrapper
 * accepts g(x) <= b + 1e-9·B), and its derivative is taken as 1. */
static inline void oco__oobc_floor(const oco_oobc_class *cls, const double *b_eff,
                                   double *out)
{
    for (size_t m = 0; m < cls->M; ++m)
        out[m] = fmax(b_eff[m], cls->reserve[m]);
}

static inline void oco__oobc_guard(const oco_oobc_class *cls, size_t N, size_t t,
                                   const double *b, double *out)
{
    const double left = (double)(N - 1 - t);
    for (size_t m = 0; m < cls->M; ++m)
        out[m] = b[m] - left * cls->reserve[m];
    oco__oobc_floor(cls, out, out);
}

/* The budget draw-down of the wrapper: b ← max(b − g, 0). */
static inline void oco__oobc_draw(size_t M, double *b, const double *g)
{
    for (size_t k = 0; k < M; ++k)
        b[k] = fmax(b[k] - g[k], 0.0);
}

/* LAAU's layer (eq. (4)) through oco__oobc_lws_solve, with one fallback
 * [D]: when some guarded budget is exhausted down to its reserve
 * (b̃_m − r_m <= 1e-9·budget_hi[m], the class's per-step budget scale) and the layer fails,
 * the decision is x_safe with zero derivatives. Why: with r_m = g_m(x_safe)
 * (multi-budget: r = 0, x_safe = 0) the set {g <= b̃} then shrinks to
 * x_safe itself, which has no interior for the interior-point layer; x_safe
 * is its only (or, up to 1e-9, its best) point and is affordable by the
 * guard. Any other failure is returned. */
int oco__oobc_learned_layer(oco__oobc_lws *lws, const oco_oobc_class *cls, const double *c,
                            const double *lambda, const double *b_eff, double *x,
                            double *dx_dlam, double *dx_db);

/* The episode of a fixed multiplier λ·1 (every resource; λ_N = 0 at the last
 * step as in Algorithm 1) played through the layer with the guard: its loss
 * Σ_t l(x_t, c_t). zsum (nout, may be NULL): adds, over the steps t < N,
 * the network's output at the visited states minus its output bias (the
 * trainer's initial-bias choice, train.c). Uses the model's work space (no
 * allocation after the first call). laau models only. */
int oco__oobc_episode_fixed(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                            const double *c, double lambda, double *loss, double *zsum);

#endif
