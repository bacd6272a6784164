/* Private: the worked classes of seed 003 §B.6 as constrained-OCO problems
 * (vertex-cover, dr-submodular, phase-retrieval; include/oco/coco_problem.h).
 *
 * Their costs have no quadratic closed form (oco_coco_problem_cost returns
 * NULL): the problem object calls the per-kind hooks below for the round
 * generator and the cost oracle (value + GENERALIZED subgradient, seed 003
 * (9)). Constraints stay closed-form linear/quadratic maps in the object's
 * cons buffers. The hindsight (src/hindsight/coco_opt_worked.c) reads the
 * current round's data through the accessors at the end, while replaying
 * the rounds with the public rewind/next. Generators and constants are
 * documented in coco_worked.c (vertex cover, coverage) and
 * coco_worked_pr.c (phase retrieval). */
#ifndef OCO_PROBLEMS_COCO_WORKED_H
#define OCO_PROBLEMS_COCO_WORKED_H

#include <stddef.h>
#include <stdint.h>

#include "oco/coco_problem.h"
#include "oco/rng.h"

typedef struct oco_coco_problem oco_coco_problem;

/* Per-kind state (one struct for the three kinds; a kind uses its fields). */
typedef struct oco__worked {
    /* vertex-cover: the round's edge list (pairs i < j) and degrees d_t */
    size_t ne;
    uint32_t *edges; /* 2 · d(d−1)/2 */
    double *deg;     /* d */
    /* dr-submodular: fixed item sets S_u (CSR) and the round's weights */
    size_t ni;
    size_t *sstart; /* ni + 1 */
    uint32_t *sidx; /* sstart[ni] vertices */
    double *w;      /* ni */
    double gamma;   /* weak DR parameter γ (1: coverage is DR-submodular) */
    double *pre;    /* scratch: prefix products (d) */
    /* phase-retrieval: the round's m measurements and the minorant's constant */
    size_t m;
    double *a;     /* m × d, unit rows */
    double *y;     /* m */
    double *xnat;  /* the hidden signal (d, stream 1) */
    double mu, theta, c0;
    double kappa; /* certified bound f_t <= κ h_t, κ = 1 + 1/((1 − θ)μ) */
    /* scratch (d) for the oracles */
    double *gtmp;
} oco__worked;

typedef struct oco__worked_ops {
    /* check the domain (NULL message + OCO_EINVAL when rejected) */
    int (*check)(const oco_coco_problem_opts *opts, const oco_domain *dom);
    /* allocate the state, draw the constants (stream 1), fill info */
    int (*init)(oco_coco_problem *p);
    /* draw the next round (stream 0) into the state and the cons buffers */
    void (*round)(oco_coco_problem *p);
    /* f_t(x) and a generalized subgradient (g, may be NULL); may draw from
       p->orng (the oracle's own stream) */
    void (*eval)(oco_coco_problem *p, const double *x, double *value, double *g);
} oco__worked_ops;

/* The hook table of a kind, NULL for the quadratic families. */
const oco__worked_ops *oco__coco_worked_ops(oco_coco_problem_kind kind);
void oco__coco_worked_free(oco__worked *w);

/* ---- phase retrieval (coco_worked_pr.c) ----------------------------------- */
extern const oco__worked_ops oco__worked_pr_ops;
/* The convex minorant h_t <= f_t of the current round and ∇h_t(x) (g may be
 * NULL). */
double oco__pr_minorant(const oco_coco_problem *p, const double *x, double *g);
/* f_t(x) and its gradient where differentiable (g may be NULL). */
double oco__pr_value(const oco_coco_problem *p, const double *x, double *g);

/* ---- accessors for the hindsight ------------------------------------------ */
const oco__worked *oco__coco_worked_state(const oco_coco_problem *p);

#endif
