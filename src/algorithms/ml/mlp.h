/* Internal: a tiny dense MLP with exact reverse mode, and Adam — the
 * function approximator f_θ of LAAU (seed 000 §4) and of its RL baseline.
 *
 * Layers k = 0..L−1 map a_k (n_k) to a_{k+1} = φ_k(W_k a_k + β_k), W_k
 * n_{k+1}×n_k row-major; φ_k the hidden activation for k < L−1 and the
 * identity for the last layer (the output map softplus / sigmoid is applied
 * by the caller, which knows its meaning). Parameters in one flat array:
 * W_0, β_0, W_1, β_1, ... (the model file's order).
 *
 * A forward pass stores its activations in a caller-provided cache (one per
 * unrolled step), so the backward pass of step t can run after the whole
 * episode's forward passes (reverse mode through the unroll, §2.2).
 * Nothing here allocates except oco__mlp_new / oco__mlp_cache_new. */
#ifndef OCO_ALGORITHMS_ML_MLP_H
#define OCO_ALGORITHMS_ML_MLP_H

#include <stddef.h>

#include "oco/oobc_model.h" /* oco_mlp_activation */
#include "oco/rng.h"

enum { OCO__MLP_MAX_LAYERS = OCO_OOBC_MODEL_MAX_HIDDEN + 1 };

typedef struct oco__mlp {
    size_t nlayers;                        /* L = hidden + 1 */
    size_t sizes[OCO__MLP_MAX_LAYERS + 1]; /* n_0 (inputs) .. n_L (outputs) */
    oco_mlp_activation act;
    size_t nparams;
    size_t max_width;                      /* max_k n_k */
} oco__mlp;

/* Fill the shape (no allocation). OCO_EINVAL for 0 sizes or too many layers. */
int oco__mlp_init(oco__mlp *net, size_t nin, size_t nhidden, const size_t *hidden, size_t nout,
                  oco_mlp_activation act);

/* Glorot-uniform W (±sqrt(6/(n_in+n_out))), zero biases [D]. */
void oco__mlp_init_params(const oco__mlp *net, double *theta, oco_rng *rng);

/* Doubles a cache needs: Σ_k n_k (inputs of every layer) + Σ_k n_{k+1}
 * (pre-activations). */
size_t oco__mlp_cache_size(const oco__mlp *net);

/* out[n_L] = f_θ(in); cache (oco__mlp_cache_size doubles) keeps what the
 * backward pass needs; it may be NULL for inference only, then work must
 * hold 2·max_width doubles (else work may be NULL). */
void oco__mlp_forward(const oco__mlp *net, const double *theta, const double *in, double *out,
                      double *cache, double *work);

/* Reverse mode at the point of `cache`: given dout[n_L] = ∂L/∂out,
 * ADDS ∂L/∂θ to grad (nparams; may be NULL) and writes ∂L/∂in to din
 * (n_0; may be NULL). work: 2·max_width doubles. */
void oco__mlp_backward(const oco__mlp *net, const double *theta, const double *cache,
                       const double *dout, double *grad, double *din, double *work);

/* Adam (Kingma & Ba 2015, with bias correction). State m, v (nparams each)
 * owned by the caller, zeroed at start; step counts from 1. */
typedef struct oco__adam {
    double beta1, beta2, eps;
    size_t step;
} oco__adam;

void oco__adam_update(oco__adam *a, size_t n, double *theta, const double *grad, double lr,
                      double *m, double *v);

/* Output maps and their derivatives (numerically stable). */
double oco__softplus(double z);
double oco__sigmoid(double z);
double oco__softplus_inv(double y); /* y > 0 */

#endif
