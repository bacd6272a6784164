/* oco — offline (hindsight) optima.
 *
 * OLP: OPT_LP = max <c,x> s.t. Ax <= b, 0 <= x <= 1 (olp_laau.md §1.1), the
 * benchmark of regret. Solved exactly with CLP (dual simplex on a sifted
 * working set of orders, src/hindsight/olp_sift.c) or, for m = 1, by the
 * closed form (a weighted quantile); for instances too large for an exact solve, a
 * certified upper bound from weak duality: for any y >= 0,
 *     OPT_LP <= D(y) = <b,y> + Σ_t (c_t − <a_t,y>)_+ = T·f_T(y). */
#ifndef OCO_HINDSIGHT_H
#define OCO_HINDSIGHT_H

#include "oco/export.h"

#include <stddef.h>

#include "oco/olp.h"

OCO_BEGIN_DECLS

typedef enum oco_opt_kind {
    OCO_OPT_EXACT = 0,
    OCO_OPT_UPPER_BOUND = 1
} oco_opt_kind;

typedef enum oco_olp_opt_method {
    OCO_OLP_OPT_AUTO = 0,    /* closed form if m = 1, CLP if T*m <= exact_max_entries, else bound */
    OCO_OLP_OPT_CLOSED_FORM, /* m = 1 only */
    OCO_OLP_OPT_CLP,
    OCO_OLP_OPT_DUAL_BOUND
} oco_olp_opt_method;

typedef struct oco_olp_opt_opts {
    oco_olp_opt_method method;
    size_t exact_max_entries; /* AUTO uses CLP up to this many nonzeros of A */
    double time_limit;        /* seconds for CLP (0 = none); on expiry, fall back to the bound */
} oco_olp_opt_opts;

oco_olp_opt_opts oco_olp_opt_opts_default(void);

typedef struct oco_olp_opt {
    double value;      /* OPT_LP (exact) or an upper bound on it */
    oco_opt_kind kind;
    const char *method; /* "closed-form", "clp" or "dual-bound" (static string) */
    double seconds;
} oco_olp_opt;

/* Solve. `y` (length m, may be NULL) receives an optimal (or the bounding)
 * dual price. */
int oco_olp_opt_solve(const oco_olp_instance *inst, const oco_olp_opt_opts *opts,
                      oco_olp_opt *out, double *y);

/* D(y) = <b,y> + Σ_t (c_t − <a_t,y>)_+ for y >= 0: an upper bound on OPT_LP. */
double oco_olp_dual_objective(const oco_olp_instance *inst, const double *y);

OCO_END_DECLS
#endif
