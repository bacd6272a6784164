/* oco — internal: a persistent LP that grows by one column at a time and is
 * re-solved from the previous basis (the engine of the re-solving OLP
 * baselines: AHDL, the Wait-Less hybrids, Agrawal–Wang–Ye dynamic learning;
 * olp_laau.md §1.11).
 *
 * Problem (always a maximisation, the "history LP" of §1.11):
 *     max  Σ_j obj_j x_j   s.t.  Σ_j a_j x_j <= u  (nrows rows, no lower bound)
 *                                lo_j <= x_j <= up_j
 * Columns are appended one by one (dense a_j of length nrows; explicit zeros
 * dropped) into arrays allocated once for `capacity` columns, so appending
 * never allocates. A solve passes the pending columns to CLP in ONE
 * Clp_addColumns call (a policy that solves every k rounds pays one CLP
 * resize per solve, not per round), sets the row upper bounds u
 * (Clp_chgRowUpper) and runs the dual simplex from the previous basis: adding
 * a boxed column or changing a right-hand side keeps the basis dual feasible
 * once the new column sits at the bound its reduced cost asks for, so the
 * dual simplex is the method that reuses it (a warm start changes the time,
 * not the answer).
 *
 * Allocation, honestly: OUR code allocates nothing after creation. CLP
 * allocates inside Clp_addColumns (it reallocates its rim arrays to the new
 * size: O(ncols) copies per call) and inside a solve (factorisation work
 * arrays). bench/olp_resolve.c counts both.
 *
 * With warm = 0 every solve is a fresh oco__lp_solve (lp.h) on the same
 * stored columns with the same CLP settings: the from-scratch reference the
 * bench compares against.
 *
 * The model never prints (CLP log level 0). Failures return OCO_E* codes
 * with oco_last_error() set: OCO_EINFEASIBLE, OCO_EUNBOUNDED, OCO_ELIMIT,
 * OCO_ESOLVER (CLP status), OCO_ESTATE (capacity exceeded). */
#ifndef OCO_SOLVERS_LP_MODEL_H
#define OCO_SOLVERS_LP_MODEL_H

#include <stddef.h>

typedef struct oco__lp_model oco__lp_model;

typedef struct oco__lp_model_stats {
    int iterations;  /* simplex iterations of the last solve */
    size_t solves;   /* solves since creation / the last clear */
    double seconds;  /* wall time of the last solve (incl. passing columns to CLP) */
} oco__lp_model_stats;

/* nrows >= 1 rows, room for `capacity` >= 1 columns. warm: 1 = one persistent
 * CLP model, warm-started; 0 = oco__lp_solve from scratch at every solve.
 * NULL with oco_last_error() (OCO_EINVAL: sizes beyond CLP's int limits;
 * OCO_ENOMEM). */
oco__lp_model *oco__lp_model_new(size_t nrows, size_t capacity, int warm);
/* The size checks of oco__lp_model_new alone (for a policy's `check`, which
 * must not allocate): 0 or OCO_EINVAL with a message prefixed by `who`. */
int oco__lp_model_check(size_t nrows, size_t capacity, const char *who);
void oco__lp_model_free(oco__lp_model *mdl);

/* Append column (obj, a[0..nrows-1]) with bounds [lo, up] (finite, lo <= up:
 * the caller validated the order). O(nrows), no allocation. OCO_ESTATE when
 * the capacity is used up. */
int oco__lp_model_append(oco__lp_model *mdl, double obj, const double *a, double lo, double up);

/* Solve with row upper bounds u (nrows, finite) over all appended columns;
 * row duals (shadow prices, >= 0 up to rounding for this max/<= form; lp.h's
 * convention) to y (nrows) on success. With no column yet: y = 0 if u >= 0,
 * else OCO_EINFEASIBLE. */
int oco__lp_model_solve(oco__lp_model *mdl, const double *u, double *y);

/* Drop every column (a restart): our code allocates nothing (CLP does, to
 * shrink its arrays); the next solve starts from the slack basis. */
int oco__lp_model_clear(oco__lp_model *mdl);

size_t oco__lp_model_ncols(const oco__lp_model *mdl);
oco__lp_model_stats oco__lp_model_last(const oco__lp_model *mdl);

#endif
