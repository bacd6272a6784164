/* Private: the bandits-with-knapsacks instance object
 * (include/oco/bwk_problem.h), shared by the object (bwk_problem.c), the
 * generators (bwk_gen.c) and the CSV reader (bwk_csv.c). */
#ifndef OCO_PROBLEMS_BWK_PROBLEM_IMPL_H
#define OCO_PROBLEMS_BWK_PROBLEM_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "oco/bwk_problem.h"
#include "oco/rng.h"

struct oco_bwk_problem {
    oco_bwk_problem_kind kind;
    size_t K, T;
    uint64_t seed;
    char *label;
    size_t round; /* rounds generated since the last rewind */
    oco_rng rng;  /* the round stream: oco_rng_seed(seed, 0), drawn in order */

    double *loss, *cost; /* the current round (K each) */

    /* constants drawn once at creation (stream 1 of the seed) */
    double *mu, *kappa; /* stochastic: K means each; adversarial: NPHASES×K each */
    size_t phases, phase_k; /* lower-bound: n and k */

    double *rows; /* data: T rows of 2K numbers, as in the file */
};

/* bwk_gen.c: the kind's constants (stream 1) and one round into loss/cost. */
int oco__bwk_gen_init(oco_bwk_problem *p);
void oco__bwk_gen_round(oco_bwk_problem *p);
/* The adversarial kind's number of phases. */
#define OCO__BWK_ADV_PHASES 4

/* bwk_problem.c: the object with its buffers (mu/kappa: nconst entries
 * each, may be 0). NULL + error. */
oco_bwk_problem *oco__bwk_problem_alloc(oco_bwk_problem_kind kind, size_t K, size_t T,
                                        size_t nconst);

#endif
