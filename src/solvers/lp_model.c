/* The persistent, warm-started history LP of lp_model.h on CLP's C interface
 * (DESIGN.md: CLP is the LP engine). Why one persistent model: the re-solving
 * OLP baselines (olp_laau.md §1.11) solve a sequence of LPs that differ by a
 * few appended columns and a new right-hand side; the previous optimal basis
 * stays dual feasible after both changes (new boxed columns are put at the
 * bound their reduced cost asks for), so the dual simplex restarts from it
 * instead of from the slack basis. */
#include "solvers/lp_model.h"

#include "core/clock.h"
#include "oco/error.h"
#include "solvers/lp.h"

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
#include <stdlib.h>
#include <string.h>

struct oco__lp_model {
    size_t nrows, cap;
    size_t ncols;    /* columns appended */
    size_t nclp;     /* columns already in the CLP model (warm) */
    int warm;
    Clp_Simplex *clp; /* warm only */
    int *colstart;    /* cap + 1: CSC starts of the appended columns */
    int *rowind;      /* cap * nrows */
    double *values;   /* cap * nrows */
    double *obj, *lo, *up; /* cap */
    int *relstart;    /* cap + 1: starts of the pending block, rebased to 0 */
    double *u;        /* nrows: the row upper bounds handed to CLP */
    double *ylast;    /* nrows: the last duals (reduced costs of new columns) */
    oco__lp_model_stats stats;
};

/* A fresh CLP model with nrows rows (−inf <= row <= +inf) and no column,
 * silenced before anything can log, maximising, scaling off (lp.h: on the OLP
 * relaxation CLP's default scaling costs ~10^4 extra iterations, off costs
 * nothing; the data are O(1)). */
static Clp_Simplex *clp_empty(size_t nrows)
{
    Clp_Simplex *clp = Clp_newModel();
    if (!clp)
        return NULL;
    Clp_setLogLevel(clp, 0);
    const int start = 0;
    Clp_loadProblem(clp, 0, (int)nrows, &start, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    double *rl = Clp_rowLower(clp), *ru = Clp_rowUpper(clp);
    for (size_t i = 0; i < nrows; ++i) { /* CLP's infinity is DBL_MAX, not IEEE inf */
        rl[i] = -DBL_MAX;
        ru[i] = DBL_MAX;
    }
    Clp_setOptimizationDirection(clp, -1.0);
    Clp_scaling(clp, 0);
    return clp;
}

int oco__lp_model_check(size_t nrows, size_t capacity, const char *who)
{
    if (nrows == 0 || capacity == 0)
        return oco_set_error(OCO_EINVAL, "%s: nrows = %zu and capacity = %zu must be > 0", who,
                             nrows, capacity);
    /* CLP's indices and CoinBigIndex are int; the columns are stored dense
     * at worst (capacity * nrows nonzeros). */
    if (nrows > (size_t)INT_MAX || capacity > (size_t)INT_MAX - 1 ||
        capacity > (size_t)INT_MAX / nrows)
        return oco_set_error(OCO_EINVAL,
                             "%s: an LP of %zu columns and %zu rows exceeds CLP's int limit %d",
                             who, capacity, nrows, INT_MAX);
    return OCO_OK;
}

oco__lp_model *oco__lp_model_new(size_t nrows, size_t capacity, int warm)
{
    if (oco__lp_model_check(nrows, capacity, "lp model") != OCO_OK)
        return NULL;
    oco__lp_model *mdl = calloc(1, sizeof *mdl);
    if (!mdl) {
        oco_set_error(OCO_ENOMEM, "lp model: out of memory");
        return NULL;
    }
    mdl->nrows = nrows;
    mdl->cap = capacity;
    mdl->warm = warm != 0;
    const size_t nnz = capacity * nrows;
    mdl->colstart = malloc((capacity + 1) * sizeof(int));
    mdl->relstart = malloc((capacity + 1) * sizeof(int));
    mdl->rowind = malloc(nnz * sizeof(int));
    mdl->values = malloc(nnz * sizeof(double));
    mdl->obj = malloc(capacity * sizeof(double));
    mdl->lo = malloc(capacity * sizeof(double));
    mdl->up = malloc(capacity * sizeof(double));
    mdl->u = malloc(nrows * sizeof(double));
    mdl->ylast = calloc(nrows, sizeof(double));
    if (mdl->warm)
        mdl->clp = clp_empty(nrows);
    if (!mdl->colstart || !mdl->relstart || !mdl->rowind || !mdl->values || !mdl->obj ||
        !mdl->lo || !mdl->up || !mdl->u || !mdl->ylast || (mdl->warm && !mdl->clp)) {
        oco__lp_model_free(mdl);
        oco_set_error(OCO_ENOMEM, "lp model: out of memory for %zu columns of %zu rows",
                      capacity, nrows);
        return NULL;
    }
    mdl->colstart[0] = 0;
    return mdl;
}

void oco__lp_model_free(oco__lp_model *mdl)
{
    if (!mdl)
        return;
    if (mdl->clp)
        Clp_deleteModel(mdl->clp);
    free(mdl->colstart);
    free(mdl->relstart);
    free(mdl->rowind);
    free(mdl->values);
    free(mdl->obj);
    free(mdl->lo);
    free(mdl->up);
    free(mdl->u);
    free(mdl->ylast);
    free(mdl);
}

int oco__lp_model_append(oco__lp_model *mdl, double obj, const double *a, double lo, double up)
{
    if (mdl->ncols >= mdl->cap)
        return oco_set_error(OCO_ESTATE, "lp model: capacity of %zu columns used up", mdl->cap);
    const size_t j = mdl->ncols;
    int k = mdl->colstart[j];
    for (size_t i = 0; i < mdl->nrows; ++i) {
        if (a[i] == 0.0)
            continue;
        mdl->rowind[k] = (int)i;
        mdl->values[k] = a[i];
        ++k;
    }
    mdl->colstart[j + 1] = k;
    mdl->obj[j] = obj;
    mdl->lo[j] = lo;
    mdl->up[j] = up;
    mdl->ncols = j + 1;
    return OCO_OK;
}

static int map_status(Clp_Simplex *clp)
{
    const int st = Clp_status(clp), sec = Clp_secondaryStatus(clp);
    if (st == 0 && !Clp_isAbandoned(clp))
        return OCO_OK;
    switch (st) {
    case 1:
        return oco_set_error(OCO_EINFEASIBLE,
                             "lp model: CLP status 1 (primal infeasible), secondary %d", sec);
    case 2:
        return oco_set_error(OCO_EUNBOUNDED,
                             "lp model: CLP status 2 (dual infeasible: unbounded), secondary %d",
                             sec);
    case 3:
        return oco_set_error(OCO_ELIMIT, "lp model: CLP status 3 (iteration or time limit), "
                                         "secondary %d", sec);
    default:
        return oco_set_error(OCO_ESOLVER, "lp model: CLP status %d (%s), secondary %d", st,
                             st == 4 ? "stopped on errors" : "unknown/abandoned", sec);
    }
}

/* Hand the pending columns [nclp, ncols) to CLP in one call, each at the
 * bound its reduced cost obj_j − <a_j, y_last> asks for (upper if > 0, as
 * in a max problem), so the previous basis stays dual feasible. */
static void flush_columns(oco__lp_model *mdl)
{
    const size_t first = mdl->nclp, n = mdl->ncols - first;
    if (n == 0)
        return;
    const int base = mdl->colstart[first];
    for (size_t k = 0; k <= n; ++k)
        mdl->relstart[k] = mdl->colstart[first + k] - base;
    Clp_addColumns(mdl->clp, (int)n, mdl->lo + first, mdl->up + first, mdl->obj + first,
                   mdl->relstart, mdl->rowind + base, mdl->values + base);
    for (size_t k = 0; k < n; ++k) {
        const size_t j = first + k;
        double r = mdl->obj[j];
        for (int q = mdl->colstart[j]; q < mdl->colstart[j + 1]; ++q)
            r -= mdl->values[q] * mdl->ylast[mdl->rowind[q]];
        /* ClpSimplex::Status: 2 atUpperBound, 3 atLowerBound (sets the value) */
        Clp_setColumnStatus(mdl->clp, (int)j, r > 0.0 ? 2 : 3);
    }
    mdl->nclp = mdl->ncols;
}

int oco__lp_model_solve(oco__lp_model *mdl, const double *u, double *y)
{
    const double t0 = oco__now_seconds();
    const size_t nr = mdl->nrows;
    mdl->stats.iterations = 0;
    memcpy(mdl->u, u, nr * sizeof(double));
    int rc = OCO_OK;
    if (mdl->ncols == 0) {
        for (size_t i = 0; i < nr && rc == OCO_OK; ++i)
            if (u[i] < 0.0)
                rc = oco_set_error(OCO_EINFEASIBLE,
                                   "lp model: row %zu has upper bound %g < 0 and no column", i,
                                   u[i]);
        if (rc == OCO_OK)
            memset(mdl->ylast, 0, nr * sizeof(double));
    } else if (mdl->warm) {
        flush_columns(mdl);
        Clp_chgRowUpper(mdl->clp, mdl->u);
        Clp_dual(mdl->clp, 0);
        rc = map_status(mdl->clp);
        mdl->stats.iterations = Clp_numberIterations(mdl->clp);
        if (rc == OCO_OK)
            memcpy(mdl->ylast, Clp_getRowPrice(mdl->clp), nr * sizeof(double));
    } else {
        /* The from-scratch reference: the same columns, the same CLP path
         * (dual simplex called directly: presolve off, scaling off). */
        oco_lp_problem p = {mdl->ncols, nr, 1, mdl->obj, mdl->lo, mdl->up, NULL, mdl->u,
                            mdl->colstart, mdl->rowind, mdl->values};
        oco_lp_opts o = oco__lp_opts_default();
        o.presolve = 0;
        o.scaling = 0;
        oco_lp_result res;
        rc = oco__lp_solve(&p, &o, &res, NULL, mdl->ylast, NULL);
        mdl->stats.iterations = res.iterations;
    }
    if (rc == OCO_OK && y)
        memcpy(y, mdl->ylast, nr * sizeof(double));
    mdl->stats.solves++;
    mdl->stats.seconds = oco__now_seconds() - t0;
    return rc;
}

int oco__lp_model_clear(oco__lp_model *mdl)
{
    if (mdl->warm && mdl->nclp > 0) {
        /* Delete the columns in place (relstart, cap + 1 ints, is free
         * between solves) and restore the slack basis: every row basic. */
        for (size_t k = 0; k < mdl->nclp; ++k)
            mdl->relstart[k] = (int)k;
        Clp_deleteColumns(mdl->clp, (int)mdl->nclp, mdl->relstart);
        for (size_t i = 0; i < mdl->nrows; ++i)
            Clp_setRowStatus(mdl->clp, (int)i, 1); /* ClpSimplex::Status basic */
    }
    mdl->ncols = 0;
    mdl->nclp = 0;
    mdl->colstart[0] = 0;
    memset(mdl->ylast, 0, mdl->nrows * sizeof(double));
    mdl->stats.solves = 0;
    mdl->stats.iterations = 0;
    mdl->stats.seconds = 0.0;
    return OCO_OK;
}

size_t oco__lp_model_ncols(const oco__lp_model *mdl) { return mdl->ncols; }

oco__lp_model_stats oco__lp_model_last(const oco__lp_model *mdl) { return mdl->stats; }
