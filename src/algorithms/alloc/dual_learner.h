/* Internal: dual learners of seed 002 (olp_laau.md §1.4) behind one small
 * interface, so Algorithm 3 (decoupled learning and decision-making, §1.6) and
 * Algorithm 2 (one path, §1.5) are written once for every learner.
 *
 * A learner sees orders (c_t, a_t) one by one and estimates a minimiser of the
 * population dual f(y) = <d,y> + E[(c − <a,y>)_+] over
 *     Y = {y >= 0 : ‖y‖₂ <= R_Y},  R_Y = (c̄ + d̲)/d̲       (olp_laau.md §1.2 [D])
 * from the stochastic subgradient g(y) = d − a·1{c > <a,y>} (strict ">", §1.1).
 * It makes no decisions ("virtual" x̃ only). Three learners:
 *   SGD    z_{t+1} = Π_Y(z_t − α_t g_t(z_t)), α_t = 1/(μ(t+1)), t = 1, 2, ...
 *          (Lemma EC8; the group's olptwopath_grad.m: 2/(μ'(i+1)), μ' = 1)
 *   ASSG   Algorithm 5 (Xu et al. 2017): K stages of t−1 projected steps each
 *          onto Y ∩ Ball(y_{k−1}, D_k), step η_k, output the stage average;
 *          η, D halved per stage.
 *   RASSG  Algorithm 6: S restarts of ASSG, t_s and D_1 growing by 2^{2(1−1/γ)}
 *          and 2^{1−1/γ}, ε0 shrinking by ω.
 * All memory is allocated by oco__dual_learner_new; step/output/reset
 * allocate nothing. */
#ifndef OCO_ALGORITHMS_ALLOC_DUAL_LEARNER_H
#define OCO_ALGORITHMS_ALLOC_DUAL_LEARNER_H

#include <stddef.h>

#include "oco/state.h"

typedef enum oco__dual_learner_kind {
    OCO__DL_SGD = 0,
    OCO__DL_ASSG = 1,
    OCO__DL_RASSG = 2
} oco__dual_learner_kind;

typedef struct oco__dual_learner_cfg {
    oco__dual_learner_kind kind;
    size_t m;
    const double *d;  /* length m (copied): the per-round budget d = b/T */
    double radius;    /* R_Y (> 0; INFINITY: Y is the orthant) */
    /* SGD */
    double mu;        /* step 1/(mu (t+1)) */
    /* ASSG (first run of RASSG) */
    double K;         /* stages (>= 1) */
    double t;         /* iterates per stage (>= 2): t−1 samples per stage */
    double eps0;      /* initial error estimate: η_1 = eps0/(3 G²) */
    double D1;        /* initial ball radius */
    double G;         /* subgradient bound */
    double proj_tol;  /* Dykstra stopping tolerance (sup norm) */
    double proj_maxit;/* Dykstra iteration cap */
    /* RASSG */
    double S;         /* restarts (>= 1) */
    double omega;     /* ε0^{(s+1)} = ω ε0^{(s)} */
    double gamma;     /* growth exponent: t·2^{2(1−1/γ)}, D1·2^{1−1/γ} */
} oco__dual_learner_cfg;

typedef struct oco__dual_learner oco__dual_learner;

/* NULL with OCO_ENOMEM on failure (cfg is assumed valid; the callers' check
 * entries validate the parameters it comes from). Starts at z = 0. */
oco__dual_learner *oco__dual_learner_new(const oco__dual_learner_cfg *cfg);
void oco__dual_learner_free(oco__dual_learner *L);
/* Fresh start from z0 (length m, projected onto Y) or from 0 if z0 is NULL. */
void oco__dual_learner_reset(oco__dual_learner *L, const double *z0);
/* Consume one order. After ASSG's K stages (RASSG's S restarts) the learner
 * is finished and ignores further orders. */
void oco__dual_learner_step(oco__dual_learner *L, double c, const double *a);
/* The current estimate (length m, in Y; see dual_learner.c for what an
 * unfinished ASSG stage returns). Valid until the next step/reset. */
const double *oco__dual_learner_output(const oco__dual_learner *L);
/* The point at which the learner evaluates its next subgradient (SGD: the
 * output; ASSG: the current inner iterate). One-path decides with it. */
const double *oco__dual_learner_iterate(const oco__dual_learner *L);
size_t oco__dual_learner_samples(const oco__dual_learner *L); /* orders consumed */
int oco__dual_learner_finished(const oco__dual_learner *L);
/* Checkpoint (issue 12): every field that step/reset change (SGD: the
 * iterate, the count and the finished flag; ASSG/RASSG also the stage, the
 * restart and the stage's iterates). restore expects a learner made with the
 * same cfg; 0 or OCO_EINVAL (kind or m differ, truncated payload). */
void oco__dual_learner_save(const oco__dual_learner *L, oco_state_writer *w);
int oco__dual_learner_restore(oco__dual_learner *L, oco_state_reader *r);

/* Euclidean projection onto Y = {y >= 0 : ‖y‖ <= R} in place: clamp, then
 * rescale (exact for the orthant and a ball centred at 0, olp_laau.md §1.2). */
void oco__proj_Y(double *y, size_t m, double R);
/* Projection of v onto Y ∩ Ball(ctr, D) by Dykstra's alternating projections
 * (olp_laau.md §1.4 [D]) into out; work holds 4m doubles. Stops when two
 * consecutive sweeps move less than tol in sup norm, or after maxit sweeps;
 * returns the sweeps used. out is then in Y exactly (a final Π_Y) and within
 * the ball up to the tolerance. */
size_t oco__proj_Y_ball(const double *v, size_t m, double R, const double *ctr, double D,
                        double tol, size_t maxit, double *out, double *work);

#endif
