/* Private: what the Lyapunov + AdaGrad family shares (lyapunov_adagrad.c,
 * seed 003 Algorithm 1; sinha_vaze.c, Sinha–Vaze 2024 Algorithm 1 and its
 * strongly convex variant). Each round they form the surrogate gradient
 *     ∇_t = a_0 ∇f_t(x_t) + Σ_j a_j ∇g_{t,j}(x_t),    a_j >= 0,
 * whose coefficients (V, Φ'(Q_j), budget scales, β) can be astronomically
 * large when the assumptions fail, and take a projected step along it.
 *
 * Overflow safety (the log domain). The coefficients are given by their logs
 * l_j = ln a_j (−∞ = the term is absent). With r_j = ‖v_j‖_∞ the combination
 * is computed as ∇_t = e^M·u, M = max_j (l_j + ln r_j) and
 *     u = Σ_j e^{l_j + ln r_j − M} · (v_j / r_j),
 * so every term of u has entries of magnitude <= 1 and ‖u‖_∞ <= k + 1 for
 * any finite input: nothing overflows, whatever V, Q or the gradients are.
 * AdaGrad's S = Σ_τ ‖∇_τ‖² is kept as S = s·e^{2σ} with σ the largest M so
 * far (s is rescaled when σ grows), and the step
 *     η_t ∇_t = (√2 D / (2√S)) ∇_t = (√2 D / 2) · e^{M − σ} / √s · u
 * has norm <= √2 D / 2 (‖∇_t‖² <= S), so it is finite too. The AdaGrad step
 * is invariant to a common scaling of the ∇_τ (llp_sarkar.md §B.3,
 * implementation notes), which is why this loses nothing but rounding. */
#ifndef OCO_ALGORITHMS_COCO_LYAP_CORE_H
#define OCO_ALGORITHMS_COCO_LYAP_CORE_H

#include <float.h>
#include <math.h>

#include "algorithms/coco/coco_baseline.h"

/* The cap on ln Φ'(Q) (and ln of every coefficient built from it): e^700 ≈
 * 1e304 < DBL_MAX. Under the assumptions of seed 003 Theorem 4,
 * λQ(T) <= ln(2(k + κ√T + αFT)), a few tens at most, so the cap is never
 * reached; it only keeps inputs that break them (g = 1e300, a huge λ) finite. */
#define OCO__LYAP_LOG_MAX 700.0

/* Q + g kept finite (an overflowing sum saturates at ±DBL_MAX). */
static inline double oco__lyap_accumulate(double Q, double g)
{
    double q = Q + g;
    return fmin(fmax(q, -DBL_MAX), DBL_MAX);
}

/* out = e^{−M} (e^{l0}·v0 + Σ_{j<k} e^{l[j]}·J_j) (J k×d row-major, row j =
 * J_j); returns M, or −∞ if every term is zero or absent (out = 0 then).
 * r (k + 1) is scratch. l0 and l[j] may be −∞; none may be +∞ or NaN. */
static inline double oco__lyap_combine(size_t d, size_t k, double l0, const double *v0,
                                       const double *l, const double *J, double *r,
                                       double *out)
{
    double M = -INFINITY;
    for (size_t j = 0; j <= k; ++j) {
        const double *v = j == 0 ? v0 : J + (j - 1) * d;
        const double lj = j == 0 ? l0 : l[j - 1];
        double m = 0;
        if (lj > -INFINITY)
            for (size_t i = 0; i < d; ++i)
                m = fmax(m, fabs(v[i]));
        r[j] = m;
        if (m > 0)
            M = fmax(M, lj + log(m));
    }
    oco_fill(out, d, 0.0);
    if (M == -INFINITY)
        return M;
    for (size_t j = 0; j <= k; ++j) {
        if (!(r[j] > 0))
            continue;
        const double *v = j == 0 ? v0 : J + (j - 1) * d;
        const double lj = j == 0 ? l0 : l[j - 1];
        const double c = exp(lj + log(r[j]) - M) / r[j]; /* c·r[j] <= 1 */
        if (isfinite(c)) {
            oco_axpy(c, v, out, d);
        } else { /* r[j] subnormal: scale the vector first */
            const double e = exp(lj + log(r[j]) - M);
            for (size_t i = 0; i < d; ++i)
                out[i] += e * (v[i] / r[j]);
        }
    }
    return M;
}

/* AdaGrad's S = Σ‖∇_τ‖² in the scaled form s·e^{2σ} (s = 0: S = 0). */
typedef struct oco__lyap_sum {
    double s, sigma;
} oco__lyap_sum;

static inline void oco__lyap_sum_add(oco__lyap_sum *S, double M, double u2)
{
    if (!(u2 > 0) || M == -INFINITY)
        return;
    if (S->s == 0) {
        S->s = u2;
        S->sigma = M;
    } else if (M > S->sigma) {
        S->s = S->s * exp(2 * (S->sigma - M)) + u2;
        S->sigma = M;
    } else {
        S->s += u2 * exp(2 * (M - S->sigma));
    }
}

/* Checkpoint of S (both fields' bits). */
static inline void oco__lyap_sum_save(const oco__lyap_sum *S, oco_state_writer *w)
{
    oco_state_put_f64(w, S->s);
    oco_state_put_f64(w, S->sigma);
}

static inline int oco__lyap_sum_restore(oco__lyap_sum *S, oco_state_reader *r)
{
    int rc = oco_state_get_f64(r, &S->s);
    return rc != OCO_OK ? rc : oco_state_get_f64(r, &S->sigma);
}

/* The scalar AdaGrad step of Sinha–Vaze Thm 6 (= Orabona Thm 4.14, seed 003
 * §B.3) on ∇_t = e^M·u (u in cb->w, already added to S):
 *     x_{t+1} = Π_X(x_t − (√2 D / (2√S)) ∇_t);
 * stay put while S = 0 (every gradient so far zero [D]). The new point is
 * written to cb->x only if the projection succeeds. */
static inline int oco__lyap_adagrad_step(oco__cb *cb, const oco__lyap_sum *S, double M, double D)
{
    if (S->s == 0 || M == -INFINITY)
        return OCO_OK; /* η_t·∇_t = 0: x_{t+1} = x_t ∈ X */
    const double step = sqrt(2.0) * D / 2 * exp(M - S->sigma) / sqrt(S->s);
    int rc = oco__cb_descend(cb, step);
    if (rc == OCO_OK)
        oco_copy(cb->w, cb->x, cb->d);
    return rc;
}

#endif
