/* Private: the ONS step onto a Euclidean ball in O(d²) per round.
 *
 * For a matrix that grows by rank-one terms,
 *     U = u0·I + Σ_i s_i g_i g_iᵀ      (ONS, optimistic ONS; universal.md §3.3),
 * and a point x̂ of the ball X = {‖x − c‖ ≤ R}, computes
 *     x = Π^U_X[x̂ − η U⁻¹ m],   Π^U_X[y] = argmin_{x∈X} (x − y)ᵀU(x − y),
 * exactly (the secular equation of qp_domain.h solved to full precision),
 * and optionally moves x̂ to x.
 *
 * How: U is kept in full (its lower triangle), plus a tridiagonal reduction
 * U_r = Q T Qᵀ of U at the last refresh (Householder, as LAPACK dsytrd) and
 * the k columns w_i = √s_i·g_i added since, stored in Q-coordinates, so that
 *     U + νI = Q (T + νI + W̃W̃ᵀ) Qᵀ,   W̃ = QᵀW   (k ≤ rank_max).
 * A solve with U + νI is then an LDLᵀ of the tridiagonal T + νI (O(d)) and a
 * Woodbury correction through the k×k capacitance C = I + W̃ᵀ(T + νI)⁻¹W̃
 * (O(dk²)); every Newton step of the 1-D root find costs O(dk²) instead of
 * the O(d³) Cholesky of qp_domain's direct path. The point x̂ is kept in
 * Q-coordinates, so a round costs two O(d²) transforms (Qᵀg for the new
 * column, Q·z for the returned point) plus the rank-one update of U.
 * After rank_max columns the reduction is recomputed from U itself (O(d³),
 * amortised over rank_max rounds): nothing is ever downdated or accumulated
 * multiplicatively, so there is no Sherman–Morrison-type drift — the only
 * state carried across refreshes is U (an exact running sum) and x̂.
 *
 * Conditioning: C has eigenvalues in [1, 1 + Σ_i ‖w_i‖²/λ_min(T)]; for ONS
 * (u0 ≥ s_i‖g_i‖²) this is at most 1 + k, so the Woodbury correction loses
 * at most log10(1 + k) digits.
 *
 * Nothing allocates after oco__uball_new. */
#ifndef OCO_SOLVERS_UBALL_H
#define OCO_SOLVERS_UBALL_H

#include <stddef.h>

#include "oco/state.h"
#include "solvers/qp_domain.h"

typedef struct oco_uball oco_uball;

/* U = u0·I (u0 > 0), x̂ = c, ball ‖x − c‖ ≤ R (R > 0; c NULL = origin).
 * rank_max = 0 chooses the number of columns between refreshes from d
 * (measured, see uball.c). NULL + error on bad arguments or no memory. */
oco_uball *oco__uball_new(size_t d, const double *c, double R, double u0, size_t rank_max);
void oco__uball_free(oco_uball *b);
size_t oco__uball_memory(const oco_uball *b);
size_t oco__uball_rank_max(const oco_uball *b);

/* U += s·g gᵀ (s > 0). O(d²). */
int oco__uball_add(oco_uball *b, double s, const double *g);

/* x = Π^U_X[x̂ − η U⁻¹ m] (m = NULL: x = x̂). If move, x̂ ← x (x may then
 * be NULL). nu: in, a warm start for the multiplier (≥ 0; callers keep one
 * per call site); out, the multiplier ν (0 if interior). May be NULL. */
int oco__uball_step(oco_uball *b, const double *m, double eta, double *x, int move, double *nu,
                   oco_qpd_info *info);

/* x = x̂. O(d²) the first time after a move, then cached. */
void oco__uball_point(oco_uball *b, double *x);

/* Checkpoint (include/oco/state.h): the whole mutable state — U, the
 * reduction, the columns since the last refresh, x̂ in both coordinates, the
 * one-entry cache and the flags — so that the next steps are bit-identical.
 * restore expects an object made by oco__uball_new with the same d, centre,
 * R, u0 and rank_max (d and rank_max are checked); OCO_EINVAL otherwise,
 * with b partly overwritten (callers restore into a fresh object). */
void oco__uball_save(const oco_uball *b, oco_state_writer *w);
int oco__uball_restore(oco_uball *b, oco_state_reader *r);

/* Statistics (benchmarks, tests): number of refreshes of the reduction. */
size_t oco__uball_refreshes(const oco_uball *b);

#endif
