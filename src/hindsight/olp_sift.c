/* Exact OLP optimum with CLP (olp_laau.md §1.1): the whole LP in one solve,
 * and sifting, which gives the same optimum while CLP only ever sees a small
 * working set of orders.
 *
 * Why sifting: T >> m, and at the optimum all but O(m) orders sit at a bound
 * (x_t = 1 if c_t − <a_t,y*> > 0, x_t = 0 if < 0). CLP's simplex on all T
 * columns pays for every column in every pass, and stalls outright on
 * degenerate data (generator type 5 has c_t = Σ_i a_ti, so every reduced cost
 * vanishes at y* = 1: 60-130 s at T = 10^5; type 8 repeats 10 columns: 10-30
 * s), while the columns that matter are the few whose reduced cost is near 0.
 *
 * Sifting (a column-generation scheme, as in CLP's own "sprint", which cannot
 * be used because it prints; lp.h):
 *  1. y0 from the same problem on a subsample of T/16 orders (budget scaled),
 *     itself solved by sifting down to a size solved in one go;
 *  2. working set W = the K orders of smallest |c_t − <a_t,y0>|; the others
 *     are fixed at x_t = 1 (reduced cost > 0: set F1) or 0 (set F0);
 *  3. solve the LP on W with budget b − Σ_{F1} a_t (dual simplex), take its
 *     row duals y; every fixed order whose reduced cost at y has the wrong
 *     sign (beyond a 1e-9 relative tolerance) joins W; repeat until none does.
 * At the end x (F1 ones, F0 zeros, W's LP solution) is feasible and, with y,
 * satisfies complementary slackness on every order: it is optimal. The value
 * is certified by weak duality: D(y) − value must be <= 1e-9·|value|.
 * If the first restricted LP is infeasible (F1 alone exceeds a budget), W is
 * rebuilt 4 times larger; at W = all orders the LP is always feasible (x = 0).
 *
 * Cost at scale (T = 10^7, m = 100: 8 GB of orders; bench/olp_opt_large): a
 * round is one CLP solve on W (~10^5 orders there: most of the time) and two
 * passes over all orders, the budget of F1 and the reduced costs, the latter
 * also giving D(y) for the certificate; both passes run on all OpenMP threads
 * with thread-count independent sums (olp_dual_eval.h). Extra memory: ~33
 * bytes per order plus the start's subsample (1/16 of the orders). */
#include "hindsight/olp_dual_eval.h"
#include "hindsight/olp_internal.h"

#include "core/clock.h"
#include "oco/error.h"
#include "oco/rng.h"
#include "solvers/lp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* T·m up to which one CLP solve of the whole LP is used (well under 0.1 s). */
#define SIFT_FULL_ENTRIES ((size_t)40000)
/* Subsample factor of each level of the start. */
#define SIFT_SHRINK 16
/* Initial working set: this many entries (K = this/m orders), at least
 * SIFT_MIN_WORK orders. */
#define SIFT_WORK_ENTRIES ((size_t)40000)
#define SIFT_MIN_WORK ((size_t)500)
/* Safety net: after this many rounds the whole LP is solved instead, up to
 * this many entries (beyond, the solve gives up with OCO_ELIMIT). */
#define SIFT_MAX_ROUNDS 100
#define SIFT_WHOLE_MAX_ENTRIES ((size_t)200000000)
/* Reduced-cost tolerance (relative) and certificate tolerance. */
#define SIFT_RC_TOL 1e-9
#define SIFT_GAP_TOL 1e-9

/* The LP engine settings for OLP LPs: dual simplex without ClpSolve, no
 * presolve (the group's main.m solves without it too, olp_laau.md §1.10; it
 * has nothing to remove here), scaling off (lp.h: CLP's default scaling makes
 * the dual simplex stall on wide OLPs). */
static oco_lp_opts olp_lp_opts(double time_limit)
{
    oco_lp_opts o = oco__lp_opts_default();
    o.algorithm = OCO_LP_DUAL_SIMPLEX;
    o.presolve = 0;
    o.scaling = 0;
    o.time_limit = time_limit;
    return o;
}

oco_olp_instance *oco__olp_subsample(const oco_olp_instance *inst, size_t n)
{
    const size_t T = inst->T, m = inst->m;
    if (n > T)
        n = T;
    oco_olp_instance *sub = oco_olp_instance_new(n, m);
    if (!sub)
        return NULL;
    /* Selection sampling (Knuth, TAOCP 3.4.2, Algorithm S): n of T in order. */
    oco_rng rng;
    oco_rng_seed(&rng, UINT64_C(0x0c0b0d), (uint64_t)n);
    size_t k = 0;
    for (size_t t = 0; t < T && k < n; t++) {
        if ((double)(T - t) * oco_rng_uniform(&rng) < (double)(n - k)) {
            sub->c[k] = inst->c[t];
            memcpy(sub->a + k * m, inst->a + t * m, m * sizeof(double));
            k++;
        }
    }
    for (; k < n; k++) { /* unreachable in exact arithmetic; keeps sub filled */
        sub->c[k] = inst->c[T - n + k];
        memcpy(sub->a + k * m, inst->a + (T - n + k) * m, m * sizeof(double));
    }
    for (size_t i = 0; i < m; i++)
        sub->b[i] = inst->b[i] * ((double)n / (double)T);
    return sub;
}

/* max obj·x s.t. A x <= inst->b, 0 <= x <= upper over the n columns `a` (n × m,
 * one column per order), by one CLP solve; y = CLP's row duals. The value is
 * certified against the dual of the whole instance: for the full LP and for the
 * aggregated one (same LP, repeated columns merged) D(y) must equal it. */
static int solve_columns_certified(const oco_olp_instance *inst, const double *obj,
                                   const double *a, const double *upper, size_t n,
                                   double time_limit, const char *what, double *value,
                                   double *y)
{
    const size_t m = inst->m;
    int *cs = NULL, *ri = NULL, owned = 0;
    double *vals = NULL;
    int rc = oco__lp_csc_from_columns(a, n, m, 1, &cs, &ri, &vals, &owned);
    if (rc != OCO_OK)
        return rc;
    oco_lp_problem p = {.ncols = n,
                        .nrows = m,
                        .maximize = 1,
                        .obj = obj,
                        .col_upper = upper,
                        .row_upper = inst->b,
                        .colstart = cs,
                        .rowind = ri,
                        .values = vals};
    const oco_lp_opts o = olp_lp_opts(time_limit);
    oco_lp_result res;
    rc = oco__lp_solve(&p, &o, &res, NULL, y, NULL);
    if (rc == OCO_OK) {
        /* y >= 0 by lp.h's sign convention; round-off negatives are clipped
         * so that D(y) stays a valid bound. */
        for (size_t i = 0; i < m; i++)
            y[i] = y[i] > 0 ? y[i] : 0.0;
        *value = res.objective;
        /* Strong duality at CLP's duals: an end-to-end check of the solve and
         * of the sign convention. */
        const double d = oco__olp_dual_raw(inst, y);
        if (!(fabs(d - *value) <= 1e-7 * fmax(1.0, fabs(*value))))
            rc = oco_set_error(OCO_ESOLVER,
                               "olp opt: %s (CLP status %d, secondary %d) value %.17g but "
                               "D(y) = %.17g: duality gap too large",
                               what, res.clp_status, res.clp_secondary, *value, d);
    }
    free(cs);
    free(ri);
    if (owned)
        free(vals);
    return rc;
}

int oco__olp_clp_full(const oco_olp_instance *inst, double time_limit, double *value, double *y)
{
    const size_t T = inst->T;
    double *ones = malloc(T * sizeof(double));
    if (!ones)
        return oco_set_error(OCO_ENOMEM, "olp opt: out of memory for %zu column bounds", T);
    for (size_t t = 0; t < T; t++)
        ones[t] = 1.0;
    const int rc =
        solve_columns_certified(inst, inst->c, inst->a, ones, T, time_limit, "LP", value, y);
    free(ones);
    return rc;
}

enum { ST_F0 = 0, ST_F1 = 1, ST_W = 2 };

typedef struct sift_ws {
    double *rcv;          /* T reduced costs c_t − <a_t,y> */
    unsigned char *state; /* T: ST_F0, ST_F1, ST_W */
    size_t *widx;         /* T: the working set, in order */
    double *part;         /* (OCO_OLP_PASS_CHUNKS − 1)·m: chunk sums of fixed_budget */
    oco_olp_bp *bp;       /* T: selection buffer */
    double *ycur;         /* m */
    double *resid;        /* m: b − Σ_{F1} a_t */
} sift_ws;

static void ws_free(sift_ws *w)
{
    free(w->rcv);
    free(w->state);
    free(w->widx);
    free(w->part);
    free(w->bp);
    free(w->ycur);
    free(w->resid);
}

/* Reduced-cost tolerance of order t: relative to the size of the two terms. */
static double rc_eps(double c, double r, double tol)
{
    return tol * (1.0 + fabs(c) + fabs(c - r));
}

/* W = the K orders of smallest |reduced cost| (ties broken by order); the
 * others fixed by the sign of their reduced cost. */
static size_t select_working(const oco_olp_instance *inst, sift_ws *w, size_t K)
{
    const size_t T = inst->T;
    if (K >= T) {
        for (size_t t = 0; t < T; t++)
            w->state[t] = ST_W;
        return T;
    }
    for (size_t t = 0; t < T; t++)
        w->bp[t] = (oco_olp_bp){fabs(w->rcv[t]), 1.0};
    const double delta = oco__olp_wquantile(w->bp, T, (double)K);
    size_t nw = 0;
    for (size_t t = 0; t < T; t++)
        if (fabs(w->rcv[t]) < delta)
            nw++;
    for (size_t t = 0; t < T; t++) {
        const double a = fabs(w->rcv[t]);
        if (a < delta || (a == delta && nw < K)) {
            w->state[t] = ST_W;
            if (a == delta)
                nw++;
        } else {
            /* a reduced cost at the tolerance level is a tie: x_t = 0 keeps
             * the restricted LP feasible (degenerate data, type 5) */
            w->state[t] = w->rcv[t] > rc_eps(inst->c[t], w->rcv[t], SIFT_RC_TOL) ? ST_F1 : ST_F0;
        }
    }
    size_t n = 0;
    for (size_t t = 0; t < T; t++)
        n += w->state[t] == ST_W;
    return n;
}

/* resid = b − Σ_{F1} a_t: one pass over the orders, in the fixed chunks of
 * olp_dual_eval.h (chunk 0 from b, the others from 0, combined in order: the
 * same sums for any number of threads). */
static void fixed_budget(const oco_olp_instance *inst, const unsigned char *state, double *part,
                         double *resid)
{
    const size_t T = inst->T, m = inst->m, nc = part ? oco__olp_pass_chunks(T, m) : 1;
    OCO_OLP_OMP_FOR(nc > 1)
    for (size_t j = 0; j < nc; j++) {
        double *r = j == 0 ? resid : part + (j - 1) * m;
        for (size_t i = 0; i < m; i++)
            r[i] = j == 0 ? inst->b[i] : 0.0;
        for (size_t t = T * j / nc; t < T * (j + 1) / nc; t++)
            if (state[t] == ST_F1) {
                const double *at = inst->a + t * m;
                for (size_t i = 0; i < m; i++)
                    r[i] -= at[i];
            }
    }
    for (size_t j = 1; j < nc; j++)
        for (size_t i = 0; i < m; i++)
            resid[i] += part[(j - 1) * m + i];
}

/* Solve the LP restricted to W with budget b − Σ_{F1} a_t. */
static int solve_restricted(const oco_olp_instance *inst, sift_ws *w, double time_limit,
                            double *zw, size_t *nw_out)
{
    const size_t T = inst->T, m = inst->m;
    size_t nw = 0;
    fixed_budget(inst, w->state, w->part, w->resid);
    for (size_t t = 0; t < T; t++)
        if (w->state[t] == ST_W)
            w->widx[nw++] = t;
    *nw_out = nw;
    int *cs = malloc((nw + 1) * sizeof(int));
    int *ri = malloc((nw * m + 1) * sizeof(int));
    double *v = malloc((nw * m + 1) * sizeof(double));
    double *obj = malloc((nw + 1) * sizeof(double));
    double *ones = malloc((nw + 1) * sizeof(double));
    int rc;
    if (!cs || !ri || !v || !obj || !ones) {
        rc = oco_set_error(OCO_ENOMEM, "olp sift: out of memory for %zu working orders", nw);
        goto done;
    }
    size_t k = 0;
    for (size_t j = 0; j < nw; j++) {
        const size_t t = w->widx[j];
        const double *at = inst->a + t * m;
        cs[j] = (int)k;
        for (size_t i = 0; i < m; i++)
            if (at[i] != 0.0) {
                ri[k] = (int)i;
                v[k++] = at[i];
            }
        obj[j] = inst->c[t];
        ones[j] = 1.0;
    }
    cs[nw] = (int)k;
    oco_lp_problem p = {.ncols = nw,
                        .nrows = m,
                        .maximize = 1,
                        .obj = obj,
                        .col_upper = ones,
                        .row_upper = w->resid,
                        .colstart = cs,
                        .rowind = ri,
                        .values = v};
    const oco_lp_opts o = olp_lp_opts(time_limit);
    oco_lp_result res;
    rc = oco__lp_solve(&p, &o, &res, NULL, w->ycur, NULL);
    if (rc == OCO_OK) {
        *zw = res.objective;
        for (size_t i = 0; i < m; i++)
            w->ycur[i] = w->ycur[i] > 0 ? w->ycur[i] : 0.0;
    }
done:
    free(cs);
    free(ri);
    free(v);
    free(obj);
    free(ones);
    return rc;
}

/* Fixed orders whose reduced cost at y has the wrong sign (beyond tol; with
 * tol = 0 every wrong sign counts) join W, the most violated first and at
 * most `cap` of them: a poor restricted dual must not flood W with orders
 * that the next, better dual would have left fixed. Returns the number
 * moved. */
static size_t add_violators(const oco_olp_instance *inst, sift_ws *w, double tol, size_t cap)
{
    size_t nv = 0;
    for (size_t t = 0; t < inst->T; t++) {
        const unsigned char s = w->state[t];
        if (s == ST_W)
            continue;
        const double r = w->rcv[t], eps = rc_eps(inst->c[t], r, tol);
        double viol = 0.0;
        if (s == ST_F1 && r < -eps)
            viol = -r;
        else if (s == ST_F0 && r > eps)
            viol = r;
        if (viol > 0)
            w->bp[nv++] = (oco_olp_bp){-viol, (double)t}; /* t < 2^53: exact */
    }
    if (nv <= cap) {
        for (size_t k = 0; k < nv; k++)
            w->state[(size_t)w->bp[k].w] = ST_W;
        return nv;
    }
    /* the cap largest violations: select on -viol with unit weights */
    double *neg = malloc(nv * sizeof(double));
    size_t *idx = malloc(nv * sizeof(size_t));
    if (!neg || !idx) { /* no memory for the choice: take them all */
        free(neg);
        free(idx);
        for (size_t k = 0; k < nv; k++)
            w->state[(size_t)w->bp[k].w] = ST_W;
        return nv;
    }
    for (size_t k = 0; k < nv; k++) {
        neg[k] = w->bp[k].r;
        idx[k] = (size_t)w->bp[k].w;
        w->bp[k].w = 1.0;
    }
    const double thr = oco__olp_wquantile(w->bp, nv, (double)cap);
    size_t moved = 0;
    for (size_t k = 0; k < nv && moved < cap; k++)
        if (neg[k] < thr) {
            w->state[idx[k]] = ST_W;
            moved++;
        }
    for (size_t k = 0; k < nv && moved < cap; k++)
        if (neg[k] == thr) {
            w->state[idx[k]] = ST_W;
            moved++;
        }
    free(neg);
    free(idx);
    return moved;
}

/* Orders that repeat exactly (finite support: generator type 8 draws 10
 * distinct columns; user data with few order kinds) collapse to one column
 * each with upper bound = multiplicity: the same LP, exactly (aggregate x_k =
 * Σ x_t over the copies), the same duals, and a tiny one. The scan gives up
 * as soon as more than `maxd` distinct orders appear, so on continuous data
 * it costs a small fraction of one pass. Returns 1 with *value and y set if
 * it solved the LP, 0 if the data are not repetitive, or a negative code. */
static uint64_t order_hash(const double *c, const double *a, size_t m)
{
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15), u;
    for (size_t i = 0; i <= m; i++) {
        const double v = i == 0 ? *c : a[i - 1];
        memcpy(&u, &v, sizeof u);
        h ^= u + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
        h *= UINT64_C(0xbf58476d1ce4e5b9);
        h ^= h >> 31;
    }
    return h;
}

static int try_dedup(const oco_olp_instance *inst, double time_limit, size_t maxd, double *value,
                     double *y)
{
    const size_t T = inst->T, m = inst->m;
    size_t cap = 16;
    while (cap < 4 * maxd)
        cap *= 2;
    size_t *slot = malloc(cap * sizeof(size_t)); /* representative order + 1, 0 = empty */
    size_t *rep = malloc(maxd * sizeof(size_t));
    double *cnt = malloc(maxd * sizeof(double));
    if (!slot || !rep || !cnt) {
        free(slot);
        free(rep);
        free(cnt);
        return 0; /* not worth an error: the caller solves without it */
    }
    memset(slot, 0, cap * sizeof(size_t));
    size_t nd = 0;
    int repetitive = 1;
    for (size_t t = 0; t < T && repetitive; t++) {
        const double *at = inst->a + t * m;
        size_t h = (size_t)(order_hash(inst->c + t, at, m) & (cap - 1));
        for (;;) {
            if (slot[h] == 0) {
                if (nd == maxd) {
                    repetitive = 0;
                    break;
                }
                slot[h] = nd + 1;
                rep[nd] = t;
                cnt[nd++] = 1.0;
                break;
            }
            const size_t k = slot[h] - 1, s = rep[k];
            if (memcmp(inst->c + s, inst->c + t, sizeof(double)) == 0 &&
                memcmp(inst->a + s * m, at, m * sizeof(double)) == 0) {
                cnt[k] += 1.0;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
    free(slot);
    int rc = 0;
    if (repetitive) {
        oco_olp_instance *agg = oco_olp_instance_new(nd, m);
        if (!agg) {
            rc = oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        } else {
            for (size_t k = 0; k < nd; k++) {
                agg->c[k] = inst->c[rep[k]];
                memcpy(agg->a + k * m, inst->a + rep[k] * m, m * sizeof(double));
            }
            rc = solve_columns_certified(inst, agg->c, agg->a, cnt, nd, time_limit,
                                         "aggregated LP", value, y);
            if (rc == OCO_OK)
                rc = 1;
        }
        oco_olp_instance_free(agg);
    }
    free(rep);
    free(cnt);
    return rc;
}

static int sift_level(const oco_olp_instance *inst, const double *y0, double deadline,
                      double *value, double *y, oco_olp_sift_info *info);

/* Seconds left before `deadline` (0 = none); OCO_ELIMIT once it passed. */
static int time_left(double deadline, double *left)
{
    *left = 0.0;
    if (deadline <= 0)
        return OCO_OK;
    *left = deadline - oco__now_seconds();
    if (*left <= 0)
        return oco_set_error(OCO_ELIMIT, "olp sift: time limit reached");
    return OCO_OK;
}

static int sift_level(const oco_olp_instance *inst, const double *y0, double deadline,
                      double *value, double *y, oco_olp_sift_info *info)
{
    const size_t T = inst->T, m = inst->m;
    double left;
    int rc = time_left(deadline, &left);
    if (rc != OCO_OK)
        return rc;
    if (!y0 && T <= SIFT_FULL_ENTRIES / m)
        return oco__olp_clp_full(inst, left, value, y);
    if (!y0) {
        rc = try_dedup(inst, left, SIFT_FULL_ENTRIES / m, value, y);
        if (rc > 0 && info)
            info->dedup = 1;
        if (rc != 0)
            return rc > 0 ? OCO_OK : rc;
    }

    /* 1. the start: a subsample, solved the same way (or the caller's y0) */
    size_t n = T / SIFT_SHRINK;
    if (n < SIFT_FULL_ENTRIES / m)
        n = SIFT_FULL_ENTRIES / m;
    if (n > T)
        n = T;
    if (y0) {
        memcpy(y, y0, m * sizeof(double));
    } else {
        double tc = oco__now_seconds();
        oco_olp_instance *sub = oco__olp_subsample(inst, n);
        if (!sub)
            return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        if (info)
            info->sec_start += oco__now_seconds() - tc;
        double vsub;
        rc = sift_level(sub, NULL, deadline, &vsub, y, info);
        oco_olp_instance_free(sub);
        if (info)
            info->depth++;
        if (rc == OCO_ELIMIT || rc == OCO_ENOMEM)
            return rc;
        if (rc != OCO_OK) /* any y >= 0 is a valid start */
            for (size_t i = 0; i < m; i++)
                y[i] = 0.0;
    }

    sift_ws w = {0};
    w.rcv = malloc(T * sizeof(double));
    w.state = malloc(T);
    w.widx = malloc(T * sizeof(size_t));
    w.bp = malloc(T * sizeof(oco_olp_bp));
    w.ycur = malloc(m * sizeof(double));
    w.resid = malloc(m * sizeof(double));
    w.part = malloc((OCO_OLP_PASS_CHUNKS - 1) * m * sizeof(double));
    if (!w.rcv || !w.state || !w.widx || !w.bp || !w.ycur || !w.resid || !w.part) {
        ws_free(&w);
        return oco_set_error(OCO_ENOMEM, "olp sift: out of memory for T = %zu", T);
    }

    /* 2. the working set: y0 from n orders is off by O(1/√n), which moves
     * O(T/√n) reduced costs across 0; 4·T/√n of margin covers that. */
    size_t K = SIFT_WORK_ENTRIES / m;
    if (K < SIFT_MIN_WORK)
        K = SIFT_MIN_WORK;
    const size_t Kmargin = (size_t)(4.0 * (double)T / sqrt((double)n));
    if (K < Kmargin)
        K = Kmargin;
    double tc = oco__now_seconds();
    oco__olp_dual_pass(inst, y, w.rcv);
    select_working(inst, &w, K);
    if (info)
        info->sec_price += oco__now_seconds() - tc;

    /* 3. restricted solves until no fixed order prices out */
    int rounds = 0, strict = 0;
    size_t nw = 0;
    double zw = 0.0;
    for (;;) {
        if (++rounds > SIFT_MAX_ROUNDS) { /* safety net, not seen in practice */
            ws_free(&w);
            if ((double)T * (double)m > (double)SIFT_WHOLE_MAX_ENTRIES)
                /* one CLP solve of this LP needs ~4.7x the orders' bytes
                 * (bench/olp_opt_large at T·m = 10^8): give up like a time
                 * limit, so that oco_olp_opt_solve falls back to the bound */
                return oco_set_error(OCO_ELIMIT,
                                     "olp sift: no convergence in %d rounds and the whole LP "
                                     "(T = %zu, m = %zu) is too large for one solve",
                                     SIFT_MAX_ROUNDS, T, m);
            if ((rc = time_left(deadline, &left)) != OCO_OK)
                return rc;
            return oco__olp_clp_full(inst, left, value, y);
        }
        if ((rc = time_left(deadline, &left)) != OCO_OK)
            break;
        tc = oco__now_seconds();
        rc = solve_restricted(inst, &w, left, &zw, &nw);
        if (info)
            info->sec_lp += oco__now_seconds() - tc;
        if (rc == OCO_EINFEASIBLE && nw < T) {
            /* F1 alone exceeds a budget: the start was too far off */
            K = nw * 4;
            select_working(inst, &w, K);
            if (info)
                info->restarts++;
            oco_clear_error();
            continue;
        }
        if (rc != OCO_OK)
            break;
        tc = oco__now_seconds();
        /* reduced costs at the restricted dual, and D there (the certificate
         * below: the pass computes bitwise oco__olp_dual_raw(inst, ycur)) */
        const double d = oco__olp_dual_pass(inst, w.ycur, w.rcv);
        const size_t added = add_violators(inst, &w, strict ? 0.0 : SIFT_RC_TOL, nw > K ? nw : K);
        if (info)
            info->sec_price += oco__now_seconds() - tc;
        if (added > 0)
            continue;
        /* optimal on every order: value and certificate */
        tc = oco__now_seconds();
        double v = zw;
        for (size_t t = 0; t < T; t++)
            if (w.state[t] == ST_F1)
                v += inst->c[t];
        if (info)
            info->sec_price += oco__now_seconds() - tc;
        if (d - v <= SIFT_GAP_TOL * fmax(1.0, fabs(v))) {
            *value = v;
            memcpy(y, w.ycur, m * sizeof(double));
            if (info) {
                info->rounds = rounds;
                info->working = nw;
                info->gap = d - v;
                info->dedup = 0;
            }
            break;
        }
        if (!strict) { /* the tolerated violations added up: take every wrong sign */
            strict = 1;
            if (add_violators(inst, &w, 0.0, nw > K ? nw : K) > 0)
                continue;
        }
        rc = oco_set_error(OCO_ESOLVER,
                           "olp sift: value %.17g but D(y) = %.17g with no order left to "
                           "price: duality gap too large",
                           v, d);
        break;
    }
    ws_free(&w);
    return rc;
}

int oco__olp_sift(const oco_olp_instance *inst, double time_limit, double *value, double *y,
                 oco_olp_sift_info *info)
{
    return oco__olp_sift_from(inst, NULL, time_limit, value, y, info);
}

int oco__olp_sift_from(const oco_olp_instance *inst, const double *y0, double time_limit,
                      double *value, double *y, oco_olp_sift_info *info)
{
    if (info)
        memset(info, 0, sizeof *info);
    const double deadline = time_limit > 0 ? oco__now_seconds() + time_limit : 0.0;
    return sift_level(inst, y0, deadline, value, y, info);
}
