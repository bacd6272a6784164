/* Private: the constrained-OCO problem object (include/oco/coco_problem.h),
 * shared by the generators (coco_gen.c), the CSV reader (coco_csv.c), the
 * object (coco_problem.c) and the hindsight comparators
 * (src/hindsight/coco_opt*.c), which replay the rounds through the public
 * rewind/next and read the closed forms. */
#ifndef OCO_PROBLEMS_COCO_PROBLEM_IMPL_H
#define OCO_PROBLEMS_COCO_PROBLEM_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "oco/coco_problem.h"
#include "oco/rng.h"

struct oco_coco_problem {
    oco_coco_problem_kind kind;
    size_t d, k, T;
    uint64_t seed;
    const oco_domain *dom;
    char *label;
    oco_coco_problem_info info;
    int linear;   /* every f_t and g_t affine */
    size_t round; /* rounds generated since the last rewind */
    oco_rng rng;  /* the round stream: oco_rng_seed(seed, 0), drawn in order */

    /* geometry of X: centre x° (d), R_X = sup_{x∈X} ‖x − x°‖, box bounds */
    double *center;
    double RX;
    double *lo, *hi; /* box only (d each), else NULL */

    /* the current round (the closed forms point here) */
    double *fP, *fA, fb; /* cost: P (d×d, NULL for affine), A (d), b */
    double *gP, *gA, *gb; /* constraints: P (k·d·d or NULL), A (k×d), b (k) */
    oco_quad_map cost, cons;

    /* per-family constants drawn once at creation (stream 1 of the seed) */
    double *rho;          /* resource: capacities (k) */
    double *dir;          /* quadratic costs: the drift direction e (d, unit) */
    double *fixP, *fixA, *fixb; /* fixed_cons buffers (llp-exp*) */
    oco_quad_map fixed;

    /* data problems: T rows of d + k(d + 1) numbers, as in the file */
    double *rows;

    double *tmp;   /* scratch (d) for the generators */
    double *xfeas; /* the common strictly feasible point of the family (d;
                      documented in coco_gen.c; zeros for data problems) */
    /* worked classes of seed 003 §B.6 (coco_worked.h): the kind's hooks and
       state, NULL for the quadratic families; orng is the cost oracle's own
       stream oco_rng_seed(seed, 2), reseeded by rewind, so the rounds (stream
       0) never depend on how often the oracle is called */
    const struct oco__worked_ops *wops;
    struct oco__worked *wk;
    oco_rng orng;
    double margin; /* every g_{t,j}(xfeas) <= -margin (coco_gen.c; linear and
                      quadratic: only -0.05R·‖a_{t,j}‖, margin = 0.05R
                      is then the scale, not a bound) */
};

/* coco_gen.c: family set-up (bounds, constants, buffers' contents that do not
 * change) and the generator of one round into the current-round buffers. */
int oco__coco_gen_init(oco_coco_problem *p);
void oco__coco_gen_round(oco_coco_problem *p);

/* coco_problem.c: allocate the object with its buffers (quad = 1: P blocks
 * for the cost, qcons = 1: P blocks for the constraints). NULL + error. */
oco_coco_problem *oco__coco_problem_alloc(oco_coco_problem_kind kind, size_t d, size_t k,
                                          size_t T, const oco_domain *dom, int quad, int qcons);

#endif
