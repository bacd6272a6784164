/* oco — MsMwC: Multi-scale Multiplicative-weight with Correction.
 *
 * Chen, Luo, Wei (COLT 2021), in the form used by seed 004 (Yan, Zhao, Zhou,
 * NeurIPS 2023), eq. (3.2) and its Section 4.
 * Optimistic OMD on the simplex Δ_n with the weighted negative entropy
 * ψ(p) = Σ_i η_i⁻¹ p_i ln p_i (one step size per expert):
 *
 *   p_t     = argmin_{p∈Δ} ⟨m_t, p⟩       + D_ψ(p, p̂_t)     (play)
 *   p̂_{t+1} = argmin_{p∈Δ} ⟨ℓ_t + a_t, p⟩ + D_ψ(p, p̂_t)     (update)
 *   a_{t,i} = bias · η_i · (ℓ_{t,i} − m_{t,i})²                (correction)
 *
 * with bias = 16 (seed 004, App. B.2; Chen et al. use 32). Both steps are the
 * weighted-KL projection of §4.2, solved in closed form up to one scalar
 * normaliser μ (oco_msmwc_project): monotone Newton, exact to rounding.
 * Lemma 2 (seed 004) holds when |ℓ|, |m| ≤ 1 and every η_i ≤ 1/32; the object
 * does not enforce that range (it is the caller's scaling), it only requires
 * finite inputs and η_i > 0.
 *
 * Memory: everything is allocated by oco_msmwc_new; predict/update allocate
 * nothing. Weights are kept as logarithms so that tiny weights never
 * underflow to zero. */
#ifndef OCO_MSMWC_H
#define OCO_MSMWC_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/state.h"

OCO_BEGIN_DECLS

/* Weighted-KL projection onto the simplex (universal.md §4.2):
 *   p = argmin_{p∈Δ_n} ⟨c, p⟩ + Σ_i η_i⁻¹ (p_i ln(p_i/p̂_i) − p_i + p̂_i),
 * whose KKT conditions give p_i = p̂_i exp(−η_i (c_i + μ)) with μ the unique
 * root of Σ_i p_i(μ) = 1, μ ∈ [−max c, −min c] when Σ p̂ = 1.
 * log_phat: ln p̂ (finite; Σ p̂ should be 1, small deviations are tolerated);
 * eta: step sizes > 0; c: finite. Writes ln p into log_p and p into p (both
 * length n, may not alias the inputs except log_p == log_phat is allowed),
 * μ into *mu and the Newton iteration count into *iters (both may be NULL).
 * Allocates nothing. Returns 0, or OCO_EINVAL for n == 0 / NULL arrays, or
 * OCO_ELIMIT if the safeguarded iteration fails to converge (not expected). */
int oco_msmwc_project(size_t n, const double *log_phat, const double *eta, const double *c,
                      double *log_p, double *p, double *mu, int *iters);

typedef struct oco_msmwc_opts {
    double bias;        /* coefficient of the correction a_t (16, seed 004 B.2) */
    const double *prior; /* p̂_1 (length n, > 0, normalised on copy); NULL = uniform */
} oco_msmwc_opts;

oco_msmwc_opts oco_msmwc_opts_default(void);

typedef struct oco_msmwc oco_msmwc;

/* n experts with step sizes eta[0..n-1] (> 0, finite; copied). opts may be
 * NULL for the defaults. NULL on failure (oco_last_error()). */
oco_msmwc *oco_msmwc_new(size_t n, const double *eta, const oco_msmwc_opts *opts);
void oco_msmwc_free(oco_msmwc *ms);

/* Back to p̂_1 (the prior), forgetting all rounds. */
void oco_msmwc_reset(oco_msmwc *ms);

size_t oco_msmwc_size(const oco_msmwc *ms);

/* Replace the step sizes (time-varying η_{t,i}); call between an update and
 * the next predict. The same η is then used by both steps of the round. */
int oco_msmwc_set_eta(oco_msmwc *ms, const double *eta);

/* Play step: p_t from the optimism m (length n; NULL means m = 0). Writes p_t
 * into p_out if non-NULL. May be called again before update (the last m
 * wins). OCO_EINVAL on a non-finite m. */
int oco_msmwc_predict(oco_msmwc *ms, const double *m, double *p_out);

/* Update step with the loss vector ℓ_t (length n): p̂_{t+1}. If predict was
 * not called this round, it is called with m = 0 first. OCO_EINVAL on a
 * non-finite ℓ (state unchanged). */
int oco_msmwc_update(oco_msmwc *ms, const double *loss);

/* Read-only views, valid until the next call that changes the object. */
const double *oco_msmwc_weights(const oco_msmwc *ms);     /* p_t (last predict) */
const double *oco_msmwc_log_hat(const oco_msmwc *ms);     /* ln p̂ (next round's centre) */
const double *oco_msmwc_eta(const oco_msmwc *ms);
const double *oco_msmwc_optimism(const oco_msmwc *ms);    /* m_t of the last predict */
const double *oco_msmwc_last_bias(const oco_msmwc *ms);   /* a_t of the last update */
/* Total Newton iterations so far and the largest count in one projection. */
long oco_msmwc_newton_total(const oco_msmwc *ms);
int oco_msmwc_newton_max(const oco_msmwc *ms);

/* Checkpoint (include/oco/state.h), for objects that embed an MsMwC (the
 * "msmwc" learner, the universal ensemble): save writes everything that
 * changes after oco_msmwc_new — the step sizes (set_eta), ln p̂_t, p_t and
 * its log, m_t, a_t, the predict flag and the Newton counters — at full
 * precision. restore reads them into an object made by oco_msmwc_new with
 * the same n, bias and prior; OCO_EINVAL if n differs or the data is short,
 * and then ms is partly overwritten: restore into a fresh object and discard
 * it on failure, as the learners' oco_learner_restore_state does. */
int oco_msmwc_save(const oco_msmwc *ms, oco_state_writer *w);
int oco_msmwc_restore(oco_msmwc *ms, oco_state_reader *r);

OCO_END_DECLS
#endif
