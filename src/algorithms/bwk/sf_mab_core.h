/* Internal: the scale-free adversarial MAB of Putta & Agrawal (ALT 2022,
 * PMLR v167), seed 003 Algorithm 3, as llp_sarkar.md §B.5 restores it:
 * log-barrier FTRL with an adaptive learning rate, explicit exploration and
 * importance-weighted loss estimates. It accepts losses of any non-negative
 * scale (no a-priori bound): that is why seed 003 Algorithm 2 runs it on the
 * surrogate losses (55), whose scale depends on the queue.
 *
 * The caller owns the memory (oco__sfmab_doubles(K) doubles, given to init),
 * so an algorithm that embeds it allocates once; distribution and update
 * allocate nothing. */
#ifndef OCO_ALGORITHMS_BWK_SF_MAB_CORE_H
#define OCO_ALGORITHMS_BWK_SF_MAB_CORE_H

#include <stddef.h>

/* The two exploration rules of §B.5 (parameter `explore`). */
enum {
    OCO__SFMAB_EXPLORE_FIXED = 0,   /* γ_t = min(1/2, √(K/t)), the rule the notes' bound
                                       assumes [R] */
    OCO__SFMAB_EXPLORE_ADAPTIVE = 1 /* γ_1 = 1/2, γ_{t+1} = K/(2K + Σ_s γ_s|ℓ̂_s|/p̃_s), the
                                       public implementation's [C] */
};

typedef struct oco__sfmab {
    size_t K;
    int explore;
    size_t t;       /* completed rounds */
    double eta;     /* η_t: η_1 = K, η_{t+1} = K/(1 + Σ_{s<=t} M_s) */
    double gamma;   /* γ_t of the coming round */
    double M_sum;   /* Σ_s M_s */
    double G_sum;   /* Σ_s γ_s|ℓ̂_{s,I_s}|/p̃_{s,I_s} (adaptive exploration) */
    double nu;      /* ν_t of the last FTRL step (for tests) */
    double last_M;  /* M_s of the last update (for tests) */
    int ready;      /* p, pt hold the coming round's distribution */
    double *L;      /* L̂_{t−1}: cumulative importance-weighted estimates (K) */
    double *p;      /* p_t, the FTRL point (K) */
    double *pt;     /* p̃_t = (1 − γ_t)p_t + γ_t/K, the sampling distribution (K) */
    double *w;      /* scratch (K) */
} oco__sfmab;

/* Doubles of memory the core needs for K arms. */
size_t oco__sfmab_doubles(size_t K);
/* Lay the core out over mem (oco__sfmab_doubles(K) doubles) and reset it. */
void oco__sfmab_init(oco__sfmab *m, size_t K, int explore, double *mem);
void oco__sfmab_reset(oco__sfmab *m);

/* p̃_t into out (K): the FTRL step (p_i = 1/(η_t L̂_i + ν)) and the
 * exploration mix. Idempotent until the next update. OCO_ESOLVER if the
 * state has become non-finite. */
int oco__sfmab_distribution(oco__sfmab *m, double *out);

/* The feedback of round t: arm I_t and its (non-negative, any scale) loss.
 * Uses p_t, p̃_t of the last distribution call. */
int oco__sfmab_update(oco__sfmab *m, size_t arm, double loss);

/* The root ν of Σ_i 1/(c_i + ν) = 1 with ν > −min_i c_i (the log-barrier
 * normalisation of both the FTRL step and the OMD step), and the point
 * x_i = 1/(c_i + ν) into x (K; may be NULL). Exposed for tests. */
int oco__sfmab_barrier_root(const double *c, size_t K, double *nu, double *x);

/* Checkpoint of the mutable fields (not the scratch w). */
#include "oco/state.h"
void oco__sfmab_save(const oco__sfmab *m, oco_state_writer *w);
int oco__sfmab_restore(oco__sfmab *m, oco_state_reader *r);

#endif
