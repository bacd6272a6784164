/* Private: the exact hindsight comparators of the constrained-OCO problems
 * (include/oco/coco_problem.h, oco_coco_problem_hindsight): the dispatcher,
 * closed form and LP are in coco_opt.c, the certified log-barrier method in
 * coco_opt_barrier.c. */
#ifndef OCO_HINDSIGHT_COCO_OPT_INTERNAL_H
#define OCO_HINDSIGHT_COCO_OPT_INTERNAL_H

#include <stddef.h>

#include "oco/coco_problem.h"
#include "oco/domain.h"

/* Which method oco__coco_hindsight_method uses: AUTO picks as documented in
 * coco_opt.c; the others force one (tests compare them on the same
 * instance). Forcing CLOSED_FORM needs d = 1 and linear constraints, LP
 * needs linear f and g on a box (OCO_EINVAL otherwise). */
typedef enum oco_coco_hs_method {
    OCO_COCO_HS_AUTO = 0,
    OCO_COCO_HS_CLOSED_FORM,
    OCO_COCO_HS_LP,
    OCO_COCO_HS_BARRIER
} oco_coco_hs_method;

int oco__coco_hindsight_method(oco_coco_problem *p, oco_coco_benchmark bench,
                               const double *budget, oco_coco_hs_method method, double *xstar,
                               oco_coco_hindsight *out);

/* The worked classes of seed 003 §B.6 (coco_opt_worked.c): long-term only,
 * a certified interval [comparator − gap, comparator]. */
int oco__coco_worked_hindsight(oco_coco_problem *p, oco_coco_benchmark bench,
                               const double *budget, double *xstar, oco_coco_hindsight *out);
/* phase-retrieval's interval (coco_opt_worked_pr.c); xbest (d) out. */
int oco__coco_pr_hindsight(oco_coco_problem *p, const double *budget, double *xbest,
                           oco_coco_hindsight *out);

/* A convex program over X (a box or a ball centred at 0):
 *     minimise  F(x) = ½xᵀHx + hᵀx + c0
 *     s.t.      G_i(x) = ½xᵀP_i x + ⟨a_i, x⟩ − b_i <= 0,   i = 1..m.
 * H (d×d, symmetric PSD, or NULL = 0); P_i PSD or absent. The constraint
 * list grows (working sets): oco__cvx_add copies the data. */
typedef struct oco_cvx {
    size_t d;
    const oco_domain *dom;
    int ball;
    double R;               /* ball radius */
    double *lo, *hi;        /* box bounds (owned, d each), else NULL */
    const double *H, *h;
    double c0;
    size_t m, cap;
    double *A, *b, *P;      /* m×d, m, m×d×d (only if any constraint is quadratic) */
    unsigned char *hasP;    /* m */
} oco_cvx;

int oco__cvx_init(oco_cvx *c, const oco_domain *dom, const double *H, const double *h,
                  double c0);
void oco__cvx_free(oco_cvx *c);
/* Append G(x) = ½xᵀPx + ⟨a, x⟩ − b (P may be NULL). */
int oco__cvx_add(oco_cvx *c, const double *P, const double *a, double b);
/* max_i G_i(x) (−INFINITY when m = 0). */
double oco__cvx_max_cons(const oco_cvx *c, const double *x);
/* F(x). */
double oco__cvx_objective(const oco_cvx *c, const double *x);

typedef struct oco_cvx_result {
    double value; /* F(x) at the returned x (strictly feasible) */
    double lower; /* certified lower bound on the optimum */
    size_t newton; /* Newton steps (phase I + II) */
} oco_cvx_result;

/* The log-barrier method (Boyd & Vandenberghe, Convex Optimization, §11.3):
 * phase I for a strictly feasible start (from x if it is strictly inside X,
 * else the centre of X), then Newton centring of t·F + φ for increasing t
 * until the certified gap F(x) − lower <= tol·max(1, |F(x)|) (tol is
 * relative). x is overwritten with the final point. Returns OCO_OK,
 * OCO_EINFEASIBLE (certified: a convex combination of the constraints is > 0
 * on all of X; no message set) or OCO_ESOLVER (message set). */
int oco__cvx_barrier(oco_cvx *c, double *x, double tol, oco_cvx_result *res);

#endif
