/* The LP engine of lp.h on top of CLP's C interface (DESIGN.md: CLP is the
 * engine because its dual simplex is orders of magnitude faster than GLPK and
 * HiGHS on the OLP relaxation). One Clp_loadProblem from caller-owned CSC
 * arrays, one solve, every status mapped and reported. */
#include "solvers/lp.h"

#include "core/clock.h"
#include "oco/error.h"

/* CLP's header declares ClpSolve_new() without a prototype. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#endif
#include <Clp_C_Interface.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* lp.h exposes `int` starts so that CLP can read them in place. */
_Static_assert(sizeof(CoinBigIndex) == sizeof(int), "CLP built with a 64-bit CoinBigIndex");

oco_lp_opts oco__lp_opts_default(void)
{
    oco_lp_opts o;
    o.algorithm = OCO_LP_DUAL_SIMPLEX;
    o.presolve = 1;
    o.scaling = -1;
    o.time_limit = 0.0;
    o.max_iterations = 0;
    return o;
}

/* Bounds: NaN is never meaningful; a lower bound of +inf or an upper bound of
 * -inf describes no set at all (CLP would silently clip it). */
static int check_bounds(const double *lo, const double *up, size_t n, const char *what)
{
    for (size_t j = 0; j < n; j++) {
        if (lo && (isnan(lo[j]) || lo[j] == INFINITY))
            return oco_set_error(OCO_EINVAL, "lp: %s_lower[%zu] = %g is invalid", what, j, lo[j]);
        if (up && (isnan(up[j]) || up[j] == -INFINITY))
            return oco_set_error(OCO_EINVAL, "lp: %s_upper[%zu] = %g is invalid", what, j, up[j]);
    }
    return OCO_OK;
}

static int check_problem(const oco_lp_problem *p)
{
    if (!p)
        return oco_set_error(OCO_EINVAL, "lp: problem is NULL");
    if (p->ncols == 0)
        return oco_set_error(OCO_EINVAL, "lp: ncols must be > 0");
    if (p->ncols > INT_MAX || p->nrows > INT_MAX)
        return oco_set_error(OCO_EINVAL,
                             "lp: ncols = %zu or nrows = %zu exceeds CLP's int limit %d",
                             p->ncols, p->nrows, INT_MAX);
    if (!p->colstart)
        return oco_set_error(OCO_EINVAL, "lp: colstart is NULL");
    if (p->colstart[0] != 0)
        return oco_set_error(OCO_EINVAL, "lp: colstart[0] = %d, must be 0", p->colstart[0]);
    for (size_t j = 0; j < p->ncols; j++)
        if (p->colstart[j + 1] < p->colstart[j])
            return oco_set_error(OCO_EINVAL, "lp: colstart decreases at column %zu", j);
    const size_t nnz = (size_t)p->colstart[p->ncols];
    if (nnz > 0 && (!p->rowind || !p->values))
        return oco_set_error(OCO_EINVAL, "lp: %s is NULL with %zu nonzeros",
                             !p->rowind ? "rowind" : "values", nnz);
    for (size_t k = 0; k < nnz; k++) {
        if (p->rowind[k] < 0 || (size_t)p->rowind[k] >= p->nrows)
            return oco_set_error(OCO_EINVAL, "lp: rowind[%zu] = %d out of [0, %zu)", k,
                                 p->rowind[k], p->nrows);
        if (!isfinite(p->values[k]))
            return oco_set_error(OCO_EINVAL, "lp: values[%zu] is not finite", k);
    }
    if (p->obj)
        for (size_t j = 0; j < p->ncols; j++)
            if (!isfinite(p->obj[j]))
                return oco_set_error(OCO_EINVAL, "lp: obj[%zu] is not finite", j);
    int rc = check_bounds(p->col_lower, p->col_upper, p->ncols, "col");
    if (rc == OCO_OK)
        rc = check_bounds(p->row_lower, p->row_upper, p->nrows, "row");
    return rc;
}

/* CLP's infinity is COIN_DBL_MAX (= DBL_MAX); IEEE inf would leak into its
 * scaling arithmetic. Fix its own copies in place: no extra allocation. */
static void clamp_infinite(double *v, int n)
{
    for (int j = 0; j < n; j++) {
        if (v[j] == INFINITY)
            v[j] = DBL_MAX;
        else if (v[j] == -INFINITY)
            v[j] = -DBL_MAX;
    }
}

static int map_status(Clp_Simplex *model, int st, int sec)
{
    if (st == 0 && !Clp_isAbandoned(model))
        return OCO_OK;
    switch (st) {
    case 1:
        return oco_set_error(OCO_EINFEASIBLE,
                             "lp: CLP status 1 (primal infeasible), secondary %d", sec);
    case 2:
        return oco_set_error(OCO_EUNBOUNDED,
                             "lp: CLP status 2 (dual infeasible: unbounded), secondary %d", sec);
    case 3:
        return oco_set_error(OCO_ELIMIT,
                             "lp: CLP status 3 (stopped on iteration or time limit), "
                             "secondary %d, %d iterations",
                             sec, Clp_numberIterations(model));
    default:
        return oco_set_error(OCO_ESOLVER, "lp: CLP status %d (%s), secondary %d", st,
                             st == 4 ? "stopped on errors" : "unknown/abandoned", sec);
    }
}

static int solve_type(oco_lp_algorithm a)
{
    /* ClpSolve::SolveType: 0 dual, 1 primal, 3 barrier (+crossover) */
    switch (a) {
    case OCO_LP_PRIMAL_SIMPLEX:
        return 1;
    case OCO_LP_BARRIER:
        return 3;
    case OCO_LP_DUAL_SIMPLEX:
    default:
        return 0;
    }
}

int oco__lp_solve(const oco_lp_problem *p, const oco_lp_opts *opts, oco_lp_result *res,
                 double *x, double *row_dual, double *row_activity)
{
    const double t0 = oco__now_seconds();
    oco_lp_opts o = opts ? *opts : oco__lp_opts_default();
    if (res) {
        memset(res, 0, sizeof *res);
        res->clp_status = -1;
        res->objective = NAN;
    }
    int rc = check_problem(p);
    if (rc == OCO_OK && (o.algorithm < OCO_LP_DUAL_SIMPLEX || o.algorithm > OCO_LP_BARRIER))
        rc = oco_set_error(OCO_EINVAL, "lp: opts.algorithm = %d is unknown", (int)o.algorithm);
    if (rc == OCO_OK && (!(o.time_limit >= 0) || isinf(o.time_limit)))
        rc = oco_set_error(OCO_EINVAL, "lp: opts.time_limit = %g must be finite and >= 0",
                           o.time_limit);
    if (rc == OCO_OK && (o.scaling < -1 || o.scaling > 4))
        rc = oco_set_error(OCO_EINVAL, "lp: opts.scaling = %d is not in -1..4", o.scaling);
    if (rc == OCO_OK && o.max_iterations < 0)
        rc = oco_set_error(OCO_EINVAL, "lp: opts.max_iterations = %d must be >= 0",
                           o.max_iterations);
    if (rc != OCO_OK) {
        if (res)
            res->status = rc;
        return rc;
    }

    const int nc = (int)p->ncols, nr = (int)p->nrows;
    Clp_Simplex *model = Clp_newModel();
    if (!model) {
        rc = oco_set_error(OCO_ENOMEM, "lp: could not create a CLP model");
        if (res)
            res->status = rc;
        return rc;
    }
    /* The library never prints: silence CLP before anything can log. */
    Clp_setLogLevel(model, 0);
    Clp_loadProblem(model, nc, nr, p->colstart, p->rowind, p->values, p->col_lower,
                    p->col_upper, p->obj, p->row_lower, p->row_upper);
    clamp_infinite(Clp_columnLower(model), nc);
    clamp_infinite(Clp_columnUpper(model), nc);
    clamp_infinite(Clp_rowLower(model), nr);
    clamp_infinite(Clp_rowUpper(model), nr);
    Clp_setOptimizationDirection(model, p->maximize ? -1.0 : 1.0);
    if (o.scaling >= 0)
        Clp_scaling(model, o.scaling);
    if (o.time_limit > 0)
        Clp_setMaximumSeconds(model, o.time_limit);
    if (o.max_iterations > 0)
        Clp_setMaximumIterations(model, o.max_iterations);

    if (!o.presolve && o.algorithm == OCO_LP_DUAL_SIMPLEX) {
        Clp_dual(model, 0); /* fewest CLP code paths: no ClpSolve */
    } else if (!o.presolve && o.algorithm == OCO_LP_PRIMAL_SIMPLEX) {
        Clp_primal(model, 0);
    } else {
        Clp_Solve *solve = ClpSolve_new();
        if (!solve) {
            Clp_deleteModel(model);
            rc = oco_set_error(OCO_ENOMEM, "lp: could not create CLP solve options");
            if (res)
                res->status = rc;
            return rc;
        }
        ClpSolve_setSolveType(solve, solve_type(o.algorithm), -1);
        ClpSolve_setPresolveType(solve, o.presolve ? 0 : 1, -1);
        Clp_initialSolveWithOptions(model, solve);
        ClpSolve_delete(solve);
    }

    const int st = Clp_status(model), sec = Clp_secondaryStatus(model);
    rc = map_status(model, st, sec);
    if (res) {
        res->status = rc;
        res->clp_status = st;
        res->clp_secondary = sec;
        res->iterations = Clp_numberIterations(model);
    }
    if (rc == OCO_OK) {
        /* objectiveValue() is in the problem's own sense (CLP multiplies back
         * by the optimization direction). */
        if (res)
            res->objective = Clp_objectiveValue(model);
        if (x)
            memcpy(x, Clp_getColSolution(model), (size_t)nc * sizeof(double));
        if (row_dual && nr > 0)
            memcpy(row_dual, Clp_getRowPrice(model), (size_t)nr * sizeof(double));
        if (row_activity && nr > 0)
            memcpy(row_activity, Clp_getRowActivity(model), (size_t)nr * sizeof(double));
    }
    Clp_deleteModel(model);
    if (res)
        res->seconds = oco__now_seconds() - t0;
    return rc;
}

int oco__lp_csc_from_columns(const double *a, size_t T, size_t m, int share_dense,
                            int **colstart, int **rowind, double **values, int *values_owned)
{
    if (!a || !colstart || !rowind || !values || !values_owned)
        return oco_set_error(OCO_EINVAL, "lp csc: NULL argument");
    *colstart = NULL;
    *rowind = NULL;
    *values = NULL;
    *values_owned = 0;
    if (T == 0 || m == 0)
        return oco_set_error(OCO_EINVAL, "lp csc: T = %zu and m = %zu must be > 0", T, m);
    if (T > (size_t)INT_MAX - 1 || m > (size_t)INT_MAX)
        return oco_set_error(OCO_EINVAL, "lp csc: T = %zu or m = %zu exceeds CLP's int limit", T,
                             m);
    /* Count first: CLP's CoinBigIndex is int, so the number of nonzeros (not
     * T*m, which may overflow it while the sparse count does not) must fit. */
    size_t nnz = 0;
    for (size_t k = 0; k < T * m; k++)
        nnz += a[k] != 0.0;
    if (nnz > (size_t)INT_MAX)
        return oco_set_error(OCO_EINVAL,
                             "lp csc: %zu nonzeros exceed CLP's CoinBigIndex limit %d; "
                             "use a bound instead of an exact solve",
                             nnz, INT_MAX);
    const int dense = nnz == T * m;
    int *cs = malloc((T + 1) * sizeof(int));
    int *ri = malloc((nnz ? nnz : 1) * sizeof(int));
    double *v = (dense && share_dense) ? (double *)(uintptr_t)a
                                       : malloc((nnz ? nnz : 1) * sizeof(double));
    const int own = !(dense && share_dense);
    if (!cs || !ri || !v) {
        free(cs);
        free(ri);
        if (own)
            free(v);
        return oco_set_error(OCO_ENOMEM, "lp csc: out of memory for %zu nonzeros", nnz);
    }
    size_t k = 0;
    for (size_t t = 0; t < T; t++) {
        cs[t] = (int)k;
        const double *at = a + t * m;
        for (size_t i = 0; i < m; i++) {
            if (at[i] == 0.0)
                continue;
            ri[k] = (int)i;
            if (own)
                v[k] = at[i];
            k++;
        }
    }
    cs[T] = (int)k;
    *colstart = cs;
    *rowind = ri;
    *values = v;
    *values_owned = own;
    return OCO_OK;
}
