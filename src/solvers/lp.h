/* oco — the internal LP engine: one small interface, CLP behind it.
 *
 * Why CLP and why one interface: DESIGN.md ("Real parts"): CLP's dual simplex
 * solves the OLP relaxation at T = 10^5 in well under a second where GLPK and
 * HiGHS take minutes; keeping it behind this header lets hindsight/ (the OLP
 * optimum) and algorithms/ (re-solving baselines) share it without seeing CLP.
 *
 * Problem (column / CSC form, the layout CLP loads without a copy of ours):
 *     max or min   obj·x
 *     s.t.         row_lower <= A x <= row_upper
 *                  col_lower <=  x  <= col_upper
 * Column j of A holds values[colstart[j] .. colstart[j+1]-1] in rows
 * rowind[...]. Bounds may be ±INFINITY. colstart is `int` because CLP's
 * CoinBigIndex is int in this build: more than INT_MAX nonzeros (or columns or
 * rows) is rejected with OCO_EINVAL before anything is loaded.
 *
 * Dual sign convention (both senses): row_dual[i] = ∂(optimal objective)/∂(rhs
 * of row i), the shadow price. Hence for  max c·x s.t. Ax <= b  the duals are
 * y >= 0 and c·x* = b·y + (bound terms); for  min c·x s.t. Ax >= b  also y >= 0.
 * Equivalently, with reduced costs d = obj − Aᵀy, the KKT conditions read
 * d_j <= 0 at a lower bound and d_j >= 0 at an upper bound for a max problem
 * (the reverse for min). CLP returns exactly this convention; the tests check
 * it on hand-solved LPs of both senses.
 *
 * The engine never prints: CLP's log level is forced to 0 (tested by capturing
 * stdout and stderr around solves). */
#ifndef OCO_SOLVERS_LP_H
#define OCO_SOLVERS_LP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Algorithms. Not offered: CLP's "automatic" choice. On wide problems it runs
 * the sprint code of ClpSolve.cpp, whose emergency mode calls printf("row inf
 * %g") unconditionally (seen here on a degenerate OLP, generator type 8),
 * and the library must never print. */
typedef enum oco_lp_algorithm {
    OCO_LP_DUAL_SIMPLEX = 0, /* default */
    OCO_LP_PRIMAL_SIMPLEX,
    OCO_LP_BARRIER           /* CLP's interior point + crossover (native Cholesky) */
} oco_lp_algorithm;

/* Why `scaling` matters: measured here (CLP 1.17.6, OLP relaxation of type 1),
 * dual simplex with CLP's default scaling needs ~40 000 iterations and 20-100 s
 * on wide problems of more than ~5·10^5 nonzeros (m = 10, T = 7·10^4 and 10^5;
 * m = 20, T = 5·10^4; m = 50, T = 4·10^4; m = 3, T = 3·10^5); with scaling off
 * the same solves take 5-25 iterations and ~1 s. */
typedef struct oco_lp_opts {
    oco_lp_algorithm algorithm; /* default OCO_LP_DUAL_SIMPLEX */
    int presolve;               /* 1 = CLP presolve on (default), 0 = off (the simplex
                                   is then called directly, without ClpSolve) */
    int scaling;                /* -1 = CLP's default (default), 0 = off, 1 equilibrium,
                                   2 geometric, 3 auto, 4 dynamic (Clp_scaling) */
    double time_limit;          /* seconds, 0 = none. CLP measures process CPU
                                   time (getrusage), so in a multi-threaded
                                   process the limit fires early: conservative. */
    int max_iterations;         /* 0 = none */
} oco_lp_opts;

oco_lp_opts oco__lp_opts_default(void);

typedef struct oco_lp_problem {
    size_t ncols, nrows;
    int maximize;              /* nonzero: max obj·x, else min */
    const double *obj;         /* ncols; NULL = all 0 */
    const double *col_lower;   /* ncols; NULL = all 0 */
    const double *col_upper;   /* ncols; NULL = all +INFINITY */
    const double *row_lower;   /* nrows; NULL = all -INFINITY */
    const double *row_upper;   /* nrows; NULL = all +INFINITY */
    const int *colstart;       /* ncols + 1, colstart[0] = 0, nondecreasing */
    const int *rowind;         /* colstart[ncols] row indices in [0, nrows) */
    const double *values;      /* colstart[ncols] finite coefficients */
} oco_lp_problem;

typedef struct oco_lp_result {
    int status;        /* OCO_OK, OCO_EINFEASIBLE, OCO_EUNBOUNDED, OCO_ELIMIT, OCO_ESOLVER
                          (same as the return value of oco__lp_solve, or OCO_EINVAL) */
    int clp_status;    /* Clp_status(): 0 optimal, 1 primal inf., 2 dual inf., 3 limit, 4 error */
    int clp_secondary; /* Clp_secondaryStatus(): 0 none; 2-4 scaled optimal but unscaled
                          has small infeasibilities (status is still OCO_OK) */
    double objective;  /* in the problem's own sense (valid when status == OCO_OK) */
    int iterations;
    double seconds;    /* wall time of load + solve */
} oco_lp_result;

/* Validate `p`, load it into CLP with one call, solve, and map the status.
 * x (ncols), row_dual (nrows) and row_activity (nrows, = A x) may be NULL;
 * they are filled only when the return is OCO_OK. Every non-OK return sets
 * oco_last_error() with CLP's status and secondary status. `res` may be NULL. */
int oco__lp_solve(const oco_lp_problem *p, const oco_lp_opts *opts, oco_lp_result *res,
                 double *x, double *row_dual, double *row_activity);

/* Build the CSC arrays of an m-row, T-column matrix whose column t is the
 * contiguous slice a[t*m .. t*m+m-1] (the OLP storage of olp.h): explicit
 * zeros are dropped. On success *colstart (T+1), *rowind and *values (nnz) are
 * malloc'ed and owned by the caller; when every entry is nonzero and
 * `share_dense` is set, *values is set to `a` itself (no copy) and
 * *values_owned = 0. OCO_EINVAL if T, m or the nonzero count exceed INT_MAX. */
int oco__lp_csc_from_columns(const double *a, size_t T, size_t m, int share_dense,
                            int **colstart, int **rowind, double **values,
                            int *values_owned);

#ifdef __cplusplus
}
#endif
#endif
