/* Private (tests include it through src/): the Adapt-ML-Prod meta learner of
 * Gaillard, Stoltz, van Erven (COLT 2014, arXiv 1402.2044), as used by
 * Proposition 1 of seed 004 (universal.md §9.2 steps 1–5), on its own.
 *
 *   η_{t−1,i} = min{½, √(ln N / (1 + Σ_{s≤t−1} r²_{s,i}))}
 *   p_{t,i}   ∝ η_{t−1,i} w_{t−1,i}
 *   r_{t,i}   = ⟨p_t, ℓ_t⟩ − ℓ_{t,i}                 (ℓ_t ∈ [0, 1]^N)
 *   w_{t,i}   = (w_{t−1,i} (1 + η_{t−1,i} r_{t,i}))^{η_{t,i}/η_{t−1,i}},  w_0 = 1
 *
 * kept in logarithms R = ln w. Allocation only in new. */
#ifndef OCO_ALGORITHMS_OCO_ADAPT_ML_PROD_H
#define OCO_ALGORITHMS_OCO_ADAPT_ML_PROD_H

#include <stddef.h>

typedef struct oco_amlp oco_amlp;

/* n ≥ 1 experts. NULL with oco_last_error() on failure. */
oco_amlp *oco__amlp_new(size_t n);
void oco__amlp_free(oco_amlp *a);

/* p_t (length n; also kept, see oco__amlp_weights). */
void oco__amlp_predict(oco_amlp *a, double *p);
/* Learn from ℓ_t (length n, finite, in [0, 1]; OCO_EINVAL otherwise, state
 * unchanged). Uses the p_t of the last predict (predict is called first if
 * it was not). */
int oco__amlp_update(oco_amlp *a, const double *loss);

const double *oco__amlp_weights(const oco_amlp *a);  /* p_t */
const double *oco__amlp_log_w(const oco_amlp *a);    /* R_t = ln w_t */
const double *oco__amlp_eta(const oco_amlp *a);      /* η_t (next round's rates) */

#endif
