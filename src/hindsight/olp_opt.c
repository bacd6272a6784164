/* Hindsight optimum of the OLP relaxation (olp_laau.md §1.1):
 *     OPT_LP = max <c,x>  s.t.  Ax <= b,  0 <= x <= 1,
 * the benchmark regret is measured against. Three routes (hindsight.h):
 *
 *  - closed form (m = 1): the LP dual is the scalar problem
 *        min_{y>=0} g(y) = b·y + Σ_t (c_t − a_t·y)_+ ,
 *    convex and piecewise linear with breakpoints c_t/a_t; its minimiser is a
 *    weighted quantile of the breakpoints (olp_1d_argmin below), and by strong
 *    duality OPT_LP = g(y*). a_t and c_t may have any sign (types 2, 3, 5 draw
 *    a ~ N(.,1)), which the slope bookkeeping handles without case splits on
 *    "ratio order".
 *  - CLP: the T-column, m-row LP solved exactly by sifting (olp_sift.c: CLP's
 *    dual simplex on a small working set of orders, certified on all of
 *    them); y = row duals >= 0.
 *  - dual bound: weak duality, OPT_LP <= D(y) = T·f_T(y) for every y >= 0
 *    (olp_laau.md §1.1). y comes from an exact CLP solve on a subsample of the
 *    orders (budget scaled to the subsample; the sample dual f_n converges to
 *    f, so y_n is near-optimal for f_T), then improved by exact coordinate
 *    line searches on D (each one is the m = 1 problem again). */
#include "oco/hindsight.h"

#include "hindsight/olp_dual_eval.h"
#include "hindsight/olp_internal.h"
#include "core/clock.h"
#include "oco/error.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* AUTO solves exactly (sifting + CLP) up to this many entries of A. Measured
 * here (2 cores): T·m = 10^7 takes 0.4-2 s on types 1-3, 6, 8-10, T·m = 10^8
 * (T = 10^7, m = 10 or T = 10^6, m = 100) 2-5 s, and T·m = 10^9 (T = 10^7,
 * m = 100: 8 GB of orders) well under a minute (bench/olp_opt_large); memory:
 * the instance plus ~33 bytes per order and the start's subsample (1/16 of
 * the orders), 1.1-1.2x the orders' bytes at m = 100. Exception: type 5
 * (c_t = Σ_i a_ti, an entirely dual-degenerate LP) needs ~30 s already at
 * T = 10^5, m = 5; use opts.time_limit there. */
#define OLP_OPT_DEFAULT_MAX_ENTRIES ((size_t)1000000000)
/* Entries (n·m) of the subsample LP behind the dual bound (solved by sifting
 * in well under a second; its dual is off by O(1/√n), the bound by O(1/n)). */
#define OLP_BOUND_SAMPLE_ENTRIES ((size_t)2000000)
/* Coordinate passes of the bound refinement, and the relative decrease of D
 * below which it stops early. */
#define OLP_BOUND_PASSES 4
#define OLP_BOUND_RTOL 1e-13

oco_olp_opt_opts oco_olp_opt_opts_default(void)
{
    oco_olp_opt_opts o;
    o.method = OCO_OLP_OPT_AUTO;
    o.exact_max_entries = OLP_OPT_DEFAULT_MAX_ENTRIES;
    o.time_limit = 0.0;
    return o;
}

/* ------------------------------------------------------------------------ */
/* The scalar dual g(y) = b·y + Σ_t (c_t − a_t y)_+ on y >= 0.
 *
 * Right derivative: g'(y+) = b − Σ_{a_t>0, y<r_t} a_t + Σ_{a_t<0, y>=r_t} |a_t|,
 * r_t = c_t/a_t. Hence g'(0+) = S0 = b − Σ_{a_t>0, r_t>0} a_t
 * + Σ_{a_t<0, r_t<=0} |a_t|, and each breakpoint r_t > 0 raises the slope by
 * w_t = |a_t| (an order with a_t > 0 leaves, one with a_t < 0 enters: both
 * make g steeper, as convexity requires). The minimiser is y* = 0 if S0 >= 0,
 * else the smallest breakpoint r with S0 + Σ_{r_t <= r} w_t >= 0: a weighted
 * quantile. Orders with a_t = 0 only add the constant (c_t)_+. */

typedef oco_olp_bp bp;

/* argmin_{y>=0} of b·y + Σ_t (c_t + shift_t − a_t y)_+ where the order's
 * reward is c[t] (+ shift[t] if shift) and its consumption a[t*stride]. `buf`
 * holds T breakpoints. Returns y*. */
static double olp_1d_argmin(const double *c, const double *a, size_t stride, size_t T,
                            double b, bp *buf)
{
    double s0 = b;
    size_t n = 0;
    for (size_t t = 0; t < T; t++) {
        const double at = a[t * stride], ct = c[t];
        if (at == 0.0)
            continue;
        const double r = ct / at;
        if (at > 0) {
            if (r > 0) {
                s0 -= at;
                if (isfinite(r))
                    buf[n++] = (bp){r, at};
            }
        } else {
            if (r <= 0)
                s0 -= at; /* active from y = 0 on: slope +|a_t| */
            else if (isfinite(r))
                buf[n++] = (bp){r, -at};
        }
    }
    if (s0 >= 0 || n == 0)
        return 0.0;
    return oco__olp_wquantile(buf, n, -s0);
}

/* ------------------------------------------------------------------------ */

static int check_y(const double *y, size_t m)
{
    for (size_t i = 0; i < m; i++)
        if (!(y[i] >= 0) || isinf(y[i]))
            return oco_set_error(OCO_EINVAL, "olp dual objective: y[%zu] = %g must be finite and >= 0",
                                 i, y[i]);
    return OCO_OK;
}

double oco_olp_dual_objective(const oco_olp_instance *inst, const double *y)
{
    if (!y) {
        oco_set_error(OCO_EINVAL, "olp dual objective: y is NULL");
        return NAN;
    }
    if (oco_olp_instance_validate(inst) != OCO_OK || check_y(y, inst->m) != OCO_OK)
        return NAN;
    return oco__olp_dual_raw(inst, y);
}

/* m = 1: exact, expected O(T) (quickselect), O(T log T) worst case. */
static int solve_closed_form(const oco_olp_instance *inst, double *value, double *y)
{
    bp *buf = malloc(inst->T * sizeof(bp));
    if (!buf)
        return oco_set_error(OCO_ENOMEM, "olp opt: out of memory for %zu breakpoints", inst->T);
    const double ys = olp_1d_argmin(inst->c, inst->a, 1, inst->T, inst->b[0], buf);
    free(buf);
    *y = ys;
    *value = oco__olp_dual_raw(inst, &ys); /* strong duality: OPT_LP = g(y*) */
    return OCO_OK;
}

/* Exact coordinate line searches on D(y), starting from y: never increases D.
 * resid[t] = c_t − <a_t, y> is kept up to date (O(T) per coordinate). */
static int refine_coordinates(const oco_olp_instance *inst, double *y, double *dval)
{
    const size_t T = inst->T, m = inst->m;
    double *resid = malloc(T * sizeof(double));
    double *cprime = malloc(T * sizeof(double));
    bp *buf = malloc(T * sizeof(bp));
    if (!resid || !cprime || !buf) {
        free(resid);
        free(cprime);
        free(buf);
        return oco_set_error(OCO_ENOMEM, "olp opt: out of memory for the dual bound (T = %zu)",
                             T);
    }
    for (size_t t = 0; t < T; t++) {
        const double *at = inst->a + t * m;
        double v = inst->c[t];
        for (size_t i = 0; i < m; i++)
            v -= at[i] * y[i];
        resid[t] = v;
    }
    double by = 0.0, best = 0.0;
    for (size_t i = 0; i < m; i++)
        by += inst->b[i] * y[i];
    for (size_t t = 0; t < T; t++)
        best += resid[t] > 0 ? resid[t] : 0.0;
    best += by;
    for (int pass = 0; pass < OLP_BOUND_PASSES; pass++) {
        const double start = best;
        for (size_t i = 0; i < m; i++) {
            /* the 1-D problem in y_i: rewards c_t − Σ_{j≠i} a_tj y_j */
            const double *ai = inst->a + i;
            for (size_t t = 0; t < T; t++)
                cprime[t] = resid[t] + ai[t * m] * y[i];
            const double yi = olp_1d_argmin(cprime, ai, m, T, inst->b[i], buf);
            const double by_new = by + inst->b[i] * (yi - y[i]);
            double d = by_new;
            for (size_t t = 0; t < T; t++) {
                const double v = cprime[t] - ai[t * m] * yi;
                d += v > 0 ? v : 0.0;
            }
            if (d < best) { /* else rounding: keep the better point exactly */
                best = d;
                by = by_new;
                y[i] = yi;
                for (size_t t = 0; t < T; t++)
                    resid[t] = cprime[t] - ai[t * m] * yi;
            }
        }
        if (start - best <= OLP_BOUND_RTOL * fmax(1.0, fabs(best)))
            break;
    }
    free(resid);
    free(cprime);
    free(buf);
    /* The reported bound is D(y) evaluated afresh, not the running sum. */
    *dval = oco__olp_dual_raw(inst, y);
    return OCO_OK;
}

/* Certified upper bound: y from the exact LP on a uniform subsample of n
 * orders (budget b·n/T; deterministic, olp_internal.h), refined by coordinate
 * search; value = D(y). */
static int solve_dual_bound(const oco_olp_instance *inst, double *value, double *y)
{
    const size_t m = inst->m;
    size_t n = OLP_BOUND_SAMPLE_ENTRIES / m;
    if (n < 1)
        n = 1;
    for (size_t i = 0; i < m; i++)
        y[i] = 0.0;
    oco_olp_instance *sub = oco__olp_subsample(inst, n);
    if (!sub)
        return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
    double vsub;
    int rc = m == 1 ? solve_closed_form(sub, &vsub, y) : oco__olp_sift(sub, 0.0, &vsub, y, NULL);
    oco_olp_instance_free(sub);
    if (rc == OCO_ENOMEM)
        return rc;
    if (rc != OCO_OK) /* still a valid start: y = 0, the search does the work */
        for (size_t i = 0; i < m; i++)
            y[i] = 0.0;
    oco_clear_error();
    return refine_coordinates(inst, y, value);
}

int oco_olp_opt_solve(const oco_olp_instance *inst, const oco_olp_opt_opts *opts,
                      oco_olp_opt *out, double *y)
{
    const double t0 = oco__now_seconds();
    if (!out)
        return oco_set_error(OCO_EINVAL, "olp opt: out is NULL");
    out->value = NAN;
    out->kind = OCO_OPT_EXACT;
    out->method = "none";
    out->seconds = 0.0;
    int rc = oco_olp_instance_validate(inst);
    if (rc != OCO_OK)
        return rc;
    const oco_olp_opt_opts o = opts ? *opts : oco_olp_opt_opts_default();
    if (o.method < OCO_OLP_OPT_AUTO || o.method > OCO_OLP_OPT_DUAL_BOUND)
        return oco_set_error(OCO_EINVAL, "olp opt: opts.method = %d is unknown", (int)o.method);
    if (!(o.time_limit >= 0) || isinf(o.time_limit))
        return oco_set_error(OCO_EINVAL, "olp opt: opts.time_limit = %g must be finite and >= 0",
                             o.time_limit);
    const size_t T = inst->T, m = inst->m;
    oco_olp_opt_method meth = o.method;
    if (meth == OCO_OLP_OPT_CLOSED_FORM && m != 1)
        return oco_set_error(OCO_EINVAL, "olp opt: the closed form needs m = 1 (got m = %zu)", m);
    if (meth == OCO_OLP_OPT_AUTO) {
        if (m == 1)
            meth = OCO_OLP_OPT_CLOSED_FORM;
        else if (T <= o.exact_max_entries / m)
            meth = OCO_OLP_OPT_CLP;
        else
            meth = OCO_OLP_OPT_DUAL_BOUND;
    }
    double *yy = malloc(m * sizeof(double));
    if (!yy)
        return oco_set_error(OCO_ENOMEM, "olp opt: out of memory");
    double value = NAN;
    switch (meth) {
    case OCO_OLP_OPT_CLOSED_FORM:
        rc = solve_closed_form(inst, &value, yy);
        out->method = "closed-form";
        break;
    case OCO_OLP_OPT_CLP:
        rc = oco__olp_sift(inst, o.time_limit, &value, yy, NULL);
        out->method = "clp";
        if (rc == OCO_ELIMIT) /* hindsight.h: on expiry, fall back to the bound */
            meth = OCO_OLP_OPT_DUAL_BOUND;
        break;
    default:
        break;
    }
    if (meth == OCO_OLP_OPT_DUAL_BOUND) {
        rc = solve_dual_bound(inst, &value, yy);
        out->method = "dual-bound";
        out->kind = OCO_OPT_UPPER_BOUND;
    }
    if (rc == OCO_OK) {
        out->value = value;
        if (y)
            memcpy(y, yy, m * sizeof(double));
    }
    free(yy);
    out->seconds = oco__now_seconds() - t0;
    return rc;
}
