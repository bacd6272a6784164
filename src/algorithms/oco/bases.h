/* Private: the parts of seed 004 that both universal methods build on — the
 * curvature pool of universal.md §2, the setups of the base learners run on
 * the one-gradient surrogates, and the surrogate gradients of §8. Used by the
 * three-layer ensemble (universal.c) and the two-layer Proposition 1 variant
 * (adapt_ml_prod.c). Base kinds are OCO_BASE_SC / _EXP / _CVX
 * (include/oco/universal.h). */
#ifndef OCO_ALGORITHMS_OCO_BASES_H
#define OCO_ALGORITHMS_OCO_BASES_H

#include <stddef.h>

#include "oco/learner.h"

/* ⌈log₂T⌉ (0 for T ≤ 1; at most 62). */
size_t oco__ceil_log2(size_t T);

/* Curvature pool (§2, [D] concretely): the largest H of
 * {min(2^j/T, 1) : j = 0..⌈log₂T⌉}, in increasing order; h ∈ [0, H). */
double oco__pool_value(size_t T, size_t H, size_t h);

/* The base configurations in the order strongly convex (H, one per pool
 * value), exp-concave (H), convex (1), skipping a family whose on[kind] is 0.
 * kind and curv (λ_i, α_i or 0) have room for 2H + 1. Returns N (0: none). */
size_t oco__pool_fill(size_t T, size_t H, const int on[3], int *kind, double *curv);

/* The setup of base i: *out = *s with the base's curvature (lambda or alpha,
 * the other 0). surrogate = 1: G becomes the bound on the surrogate's
 * gradient (§8): G + λ_i D for h^sc, and G_exp = G + α_i G² D for h^exp
 * (§3.3 [D]: valid for every α_i and G, unlike the paper's G + GD). */
void oco__base_setup(const oco_learner_setup *s, int kind, double curv, int surrogate,
                     oco_learner_setup *out);

/* ∇h_{t,i}(x_{t,i}) (§8 table), written to out (length d):
 *   sc:  g + λ_i (x_{t,i} − x_t);  exp: (1 + α_i gdiff) g;  convex: g,
 * with gdiff = ⟨g, x_{t,i} − x_t⟩ computed by the caller. */
void oco__surrogate_grad(int kind, double curv, const double *g, const double *xi,
                         const double *x, double gdiff, size_t d, double *out);

#endif
