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

/* LAAU's output map λ = φ(z) (oobc_model.h, oco_oobc_output) and, when
 * dlam_dz != NULL, its derivative φ'(z):
 *   softplus (default, §2.3 [D]): λ = log(1 + e^z), φ' = σ(z);
 *   exp [D]: λ = e^min(z, OCO__OOBC_EXP_ZMAX), φ' = e^z below the clamp and
 *       0 above it (the map is flat there). Why the clamp: e^z overflows to
 *       +inf beyond z ≈ 709.78, and an infinite λ would reach the layer;
 *       e^700 ≈ 1.0e304 is finite and already drives every x to the box's
 *       low end. (At the low end e^z underflows to λ = 0, a valid
 *       multiplier.)
 * One expression for the policy (laau.c) and the trainer (unroll.c, train.c),
 * so that their decisions agree bit for bit. */
#define OCO__OOBC_EXP_ZMAX 700.0

static inline double oco__oobc_lambda_map(oco_oobc_output out, double z, double *dlam_dz)
{
    if (out == OCO_OOBC_OUT_EXP) {
        const int flat = z > OCO__OOBC_EXP_ZMAX;
        const double lam = exp(flat ? OCO__OOBC_EXP_ZMAX : z);
        if (dlam_dz)
            *dlam_dz = flat ? 0.0 : lam;
        return lam;
    }
    if (dlam_dz)
        *dlam_dz = oco__sigmoid(z); /* softplus' = σ */
    return oco__softplus(z);
}

/* The inverse of the map for λ > 0 (the trainer's initial output bias):
 * log λ (exp) or softplus⁻¹(λ). */
static inline double oco__oobc_lambda_inv(oco_oobc_output out, double lam)
{
    return out == OCO_OOBC_OUT_EXP ? log(lam) : oco__softplus_inv(lam);
}

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
 * box would follow. Measured without the floor: fairness with x_min = 0.3
 * (so (N − t)·r is rounded), budgets U[3, 100], N = 10, a laau and an rl
 * model that spend freely: all 10^5 episodes of each failed at the step
 * after the budget bound ("b = 0.3 below lo = 0.3"); with it, none. (With
 * x_min = 1 the subtraction is exact and it does not happen.) The floor
 * only ever moves b̃ by rounding (the wrapper accepts g(x) <= b + 1e-9·B),
 * and its derivative is taken as 1. */
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

/* The episode of a fixed multiplier λ·1 (every resource; λ_N = 0 at the last
 * step as in Algorithm 1) played through the layer with the guard: its loss
 * Σ_t l(x_t, c_t). zsum (nout, may be NULL): adds, over the steps t < N,
 * the network's output at the visited states minus its output bias (the
 * trainer's initial-bias choice, train.c). Uses the model's work space (no
 * allocation after the first call). laau models only. */
int oco__oobc_episode_fixed(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                            const double *c, double lambda, double *loss, double *zsum);

#endif
