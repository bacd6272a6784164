/* The exact hindsight comparators of the constrained-OCO problems
 * (oco_coco_problem_hindsight, include/oco/coco_problem.h).
 *
 *   per-round  min Σ_t f_t(x) over {x ∈ X : g_t(x) <= 0 for every t}
 *              (seed 001's benchmark of R_T);
 *   long-term  min Σ_t f_t(x) over {x ∈ X : Σ_t g_t(x) <= B}.
 *
 * Σ_t f_t and Σ_t g_t are again quadratics (the maps are closed under sums),
 * aggregated by ONE replay of the rounds; the per-round set is T·k
 * constraints and is never stored: it is handled by row generation (a
 * working set of the most violated rows, found by replaying).
 *
 * Method (AUTO):
 *   closed-form  d = 1 with linear constraints (the llp-exp stand-ins): the
 *                feasible interval [lo, hi] (each row a·x <= b cuts one end),
 *                then the minimiser of the summed 1-D quadratic on it;
 *   lp           linear f and g on a box: CLP through oco__lp_solve. Long-term:
 *                k rows. Per-round: start with no rows (the box corner of the
 *                summed cost), replay to find the rows with g_{t,j}(x) >
 *                1e-9·max(1, |b| + Σ|a_i x_i|), add the ROWGEN_ADD most
 *                violated (by distance g/‖a‖), re-solve, until none is left.
 *                Every working-set optimum is a relaxation's optimum, so the
 *                last one is the optimum (gap 0; x violates no row by more
 *                than the tolerance, rows in the set by CLP's own primal
 *                tolerance);
 *   barrier      otherwise (ball domains, quadratic costs or constraints): the
 *                certified log-barrier method (coco_opt_barrier.c); per-round
 *                with the same working set: each working-set optimum gives a
 *                valid lower bound (its set contains the full one) and the
 *                loop ends only when the final point satisfies all T·k
 *                constraints (g <= 0 exactly), so comparator = F(x) of a
 *                feasible point and gap = F(x) − (certified lower bound) <=
 *                1e-7·max(1, |F|).
 * The worked classes of seed 003 §B.6 (non-convex costs without a closed
 * form) go to coco_opt_worked.c (a certified interval, long-term only).
 * An empty set is OCO_EINFEASIBLE with a message naming the benchmark and a
 * witness (the rows that exclude X); X is bounded, so never unbounded. */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hindsight/coco_opt_internal.h"
#include "problems/coco_worked.h"
#include "solvers/lp.h"
#include "solvers/qp_domain.h"

#define ROWGEN_ADD_MIN 64 /* rows added per pass: max(64, 4d) */
#define LP_FEAS_TOL 1e-9
#define BARRIER_REL_TOL 1e-7

/* Σ_t f_t and, for the long-term benchmark, Σ_t g_t − B, by one replay. */
typedef struct agg {
    size_t d, k;
    int quad_cost, quad_cons;
    double *H, *h, c0;     /* Σ f_t = ½xᵀHx + hᵀx + c0 */
    double *SP, *SA, *Sb;  /* Σ g_t − B: P (k·d·d), A (k×d), b (k, includes + B) */
} agg;

static void agg_free(agg *a)
{
    free(a->H);
    memset(a, 0, sizeof *a);
}

static int aggregate(oco_coco_problem *p, const double *budget, agg *a)
{
    const size_t d = oco_coco_problem_dim(p), k = oco_coco_problem_nconstraints(p);
    memset(a, 0, sizeof *a);
    a->d = d;
    a->k = k;
    double *buf = calloc(d * d + d + k * d * d + k * d + k, sizeof *buf);
    if (!buf)
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    a->H = buf;
    a->h = buf + d * d;
    a->SP = a->h + d;
    a->SA = a->SP + k * d * d;
    a->Sb = a->SA + k * d;
    oco_coco_problem_rewind(p);
    const oco_quad_map *f = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        if (f->P) {
            oco_axpy(1.0, f->P, a->H, d * d);
            a->quad_cost = 1;
        }
        oco_axpy(1.0, f->A, a->h, d);
        a->c0 -= f->b ? f->b[0] : 0.0;
        if (g->P) {
            oco_axpy(1.0, g->P, a->SP, k * d * d);
            a->quad_cons = 1;
        }
        oco_axpy(1.0, g->A, a->SA, k * d);
        if (g->b)
            oco_axpy(1.0, g->b, a->Sb, k);
    }
    oco_coco_problem_rewind(p);
    if (budget)
        oco_axpy(1.0, budget, a->Sb, k);
    return OCO_OK;
}

/* ---- d = 1: closed form ---------------------------------------------------- */

static int closed_form(oco_coco_problem *p, oco_coco_benchmark bench, const agg *a, double *x,
                       oco_coco_hindsight *out)
{
    const oco_domain *dom = oco_coco_problem_domain(p);
    double lo, hi;
    if (oco_domain_get_kind(dom) == OCO_DOMAIN_BALL) {
        hi = 0.5 * oco_domain_diameter(dom);
        lo = -hi;
    } else {
        oco__qpd_domain_geometry(dom, NULL, NULL, &lo, &hi, NULL);
    }
    const double lo0 = lo, hi0 = hi;
    size_t tlo = 0, thi = 0, jlo = 0, jhi = 0; /* the rows that set the ends (1-based t) */
    const char *bn = oco_coco_benchmark_name(bench);
    if (bench == OCO_COCO_BENCH_LONG_TERM) {
        for (size_t j = 0; j < a->k; ++j) {
            double aj = a->SA[j], bj = a->Sb[j];
            if (aj > 0 && bj / aj < hi)
                hi = bj / aj;
            else if (aj < 0 && bj / aj > lo)
                lo = bj / aj;
            else if (aj == 0 && bj < 0)
                return oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: constraint %zu "
                                     "of Σ_t g_t(x) <= B does not depend on x and is violated "
                                     "(%.17g > 0)", j + 1, -bj);
        }
        if (lo > hi)
            return oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: Σ_t g_t(x) <= B "
                                 "needs x in [%.17g, %.17g] ∩ [%.17g, %.17g] (X), which is empty",
                                 lo, hi, lo0, hi0);
    } else {
        const oco_quad_map *g = oco_coco_problem_cons(p);
        oco_coco_problem_rewind(p);
        size_t t = 0;
        while (oco_coco_problem_next(p) == OCO_OK) {
            ++t;
            for (size_t j = 0; j < a->k; ++j) {
                double aj = g->A[j], bj = g->b ? g->b[j] : 0.0;
                if (aj > 0 && bj / aj < hi) {
                    hi = bj / aj;
                    thi = t;
                    jhi = j + 1;
                } else if (aj < 0 && bj / aj > lo) {
                    lo = bj / aj;
                    tlo = t;
                    jlo = j + 1;
                } else if (aj == 0 && bj < 0) {
                    oco_coco_problem_rewind(p);
                    return oco_set_error(OCO_EINFEASIBLE, "per-round benchmark: empty: round %zu, "
                                         "constraint %zu does not depend on x and is violated "
                                         "(%.17g > 0)", t, j + 1, -bj);
                }
            }
        }
        oco_coco_problem_rewind(p);
        if (lo > hi) {
            char wl[64], wh[64];
            if (tlo)
                snprintf(wl, sizeof wl, "round %zu, constraint %zu", tlo, jlo);
            else
                snprintf(wl, sizeof wl, "the domain");
            if (thi)
                snprintf(wh, sizeof wh, "round %zu, constraint %zu", thi, jhi);
            else
                snprintf(wh, sizeof wh, "the domain");
            return oco_set_error(OCO_EINFEASIBLE, "per-round benchmark: empty: %s needs x >= "
                                 "%.17g but %s needs x <= %.17g", wl, lo, wh, hi);
        }
    }
    (void)bn;
    /* min ½Hx² + hx on [lo, hi] */
    double H = a->H[0], h = a->h[0], xs;
    if (H > 0)
        xs = fmin(hi, fmax(lo, -h / H));
    else
        xs = h > 0 ? lo : h < 0 ? hi : lo;
    *x = xs;
    out->comparator = 0.5 * H * xs * xs + h * xs + a->c0;
    out->gap = 0.0;
    out->method = "closed-form";
    out->iterations = 1;
    return OCO_OK;
}

/* ---- the most violated rows of all rounds (row generation) ----------------- */

typedef struct cand {
    double score;
    size_t t, j; /* 0-based */
    size_t slot;
} cand;

typedef struct rowgen {
    size_t d, k, T, M;
    int quad;          /* rows carry P */
    unsigned char *in; /* T·k bits: (t, j) already in the working set */
    cand *heap;        /* min-heap by score, n <= M */
    size_t n;
    double *pay;       /* M slots of (P d·d if quad), a (d), b */
    size_t stride;
    double *grad;      /* d */
} rowgen;

static int rowgen_init(rowgen *r, size_t d, size_t k, size_t T, int quad)
{
    memset(r, 0, sizeof *r);
    r->d = d;
    r->k = k;
    r->T = T;
    r->M = 4 * d > ROWGEN_ADD_MIN ? 4 * d : ROWGEN_ADD_MIN;
    r->quad = quad;
    r->stride = (quad ? d * d : 0) + d + 1;
    if (T > SIZE_MAX / 8 / k)
        return oco_set_error(OCO_EINVAL, "coco hindsight: T·k too large");
    r->in = calloc((T * k + 7) / 8, 1);
    r->heap = malloc(r->M * sizeof *r->heap);
    r->pay = malloc((r->M * r->stride + d) * sizeof *r->pay);
    if (!r->in || !r->heap || !r->pay) {
        free(r->in);
        free(r->heap);
        free(r->pay);
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory (row generation)");
    }
    r->grad = r->pay + r->M * r->stride;
    return OCO_OK;
}

static void rowgen_free(rowgen *r)
{
    free(r->in);
    free(r->heap);
    free(r->pay);
}

static void sift_down(cand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && h[l].score < h[m].score)
            m = l;
        if (l + 1 < n && h[l + 1].score < h[m].score)
            m = l + 1;
        if (m == i)
            return;
        cand tmp = h[i];
        h[i] = h[m];
        h[m] = tmp;
        i = m;
    }
}

static void sift_up(cand *h, size_t i)
{
    while (i > 0) {
        size_t par = (i - 1) / 2;
        if (h[par].score <= h[i].score)
            return;
        cand tmp = h[i];
        h[i] = h[par];
        h[par] = tmp;
        i = par;
    }
}

/* Replay p: keep the M rows (t, j) not yet in the working set with the
 * largest g_{t,j}(x)/‖∇g_{t,j}(x)‖ among those with g_{t,j}(x) > tol_{t,j}
 * (lp: LP_FEAS_TOL·max(1, |b| + Σ|a_i x_i|); barrier: 0). *nviol counts all
 * such rows; *maxv is the largest violation. */
static void rowgen_collect(rowgen *r, oco_coco_problem *p, const double *x, int lp,
                           size_t *nviol, double *maxv)
{
    const size_t d = r->d, k = r->k;
    r->n = 0;
    *nviol = 0;
    *maxv = 0;
    const oco_quad_map *g = oco_coco_problem_cons(p);
    oco_coco_problem_rewind(p);
    size_t t = 0;
    while (oco_coco_problem_next(p) == OCO_OK) {
        for (size_t j = 0; j < k; ++j) {
            size_t id = t * k + j;
            if (r->in[id / 8] & (1u << (id % 8)))
                continue;
            const double *a = g->A + j * d, *P = g->P ? g->P + j * d * d : NULL;
            double b = g->b ? g->b[j] : 0.0, v = -b, mag = fabs(b), q = 0;
            for (size_t i = 0; i < d; ++i) {
                v += a[i] * x[i];
                mag += fabs(a[i] * x[i]);
            }
            if (P) {
                for (size_t i = 0; i < d; ++i) {
                    double px = oco_dot(P + i * d, x, d);
                    q += x[i] * px;
                    r->grad[i] = a[i] + px;
                }
                v += 0.5 * q;
                mag += 0.5 * fabs(q);
            }
            double tol = lp ? LP_FEAS_TOL * fmax(1.0, mag) : 0.0;
            if (!(v > tol))
                continue;
            ++*nviol;
            *maxv = fmax(*maxv, v);
            double gn = P ? oco_nrm2(r->grad, d) : oco_nrm2(a, d);
            double score = gn > 0 ? v / gn : INFINITY;
            size_t slot;
            if (r->n < r->M) {
                slot = r->n;
                r->heap[r->n] = (cand){score, t, j, slot};
                sift_up(r->heap, r->n++);
            } else if (score > r->heap[0].score) {
                slot = r->heap[0].slot;
                r->heap[0] = (cand){score, t, j, slot};
                sift_down(r->heap, r->n, 0);
            } else {
                continue;
            }
            double *s = r->pay + slot * r->stride;
            if (r->quad) {
                if (P)
                    memcpy(s, P, d * d * sizeof *s);
                else
                    memset(s, 0, d * d * sizeof *s);
                s += d * d;
            }
            memcpy(s, a, d * sizeof *s);
            s[d] = b;
        }
        ++t;
    }
    oco_coco_problem_rewind(p);
}

/* ---- LP (linear f, g on a box) --------------------------------------------- */

/* min hᵀx over the box subject to rows A x <= b (nr rows, row-major). */
static int lp_solve_rows(size_t d, const double *h, const double *lo, const double *hi,
                         const double *A, const double *b, size_t nr, double *x, int *iters)
{
    if (d > INT_MAX || nr > INT_MAX || (nr && d > (size_t)INT_MAX / nr))
        return oco_set_error(OCO_EINVAL, "coco hindsight (lp): too many rows (%zu)", nr);
    int *colstart = malloc((d + 1) * sizeof *colstart);
    int *rowind = malloc((nr * d + 1) * sizeof *rowind);
    double *val = malloc((nr * d + 1) * sizeof *val);
    if (!colstart || !rowind || !val) {
        free(colstart);
        free(rowind);
        free(val);
        return oco_set_error(OCO_ENOMEM, "coco hindsight (lp): out of memory");
    }
    int nz = 0;
    for (size_t i = 0; i < d; ++i) {
        colstart[i] = nz;
        for (size_t r = 0; r < nr; ++r)
            if (A[r * d + i] != 0) {
                rowind[nz] = (int)r;
                val[nz++] = A[r * d + i];
            }
    }
    colstart[d] = nz;
    oco_lp_problem lp = {d, nr, 0, h, lo, hi, NULL, b, colstart, rowind, val};
    oco_lp_opts o = oco__lp_opts_default();
    oco_lp_result res;
    int rc = oco__lp_solve(&lp, &o, &res, x, NULL, NULL);
    if (iters)
        *iters += res.iterations;
    free(colstart);
    free(rowind);
    free(val);
    return rc;
}

static int lp_method(oco_coco_problem *p, oco_coco_benchmark bench, const agg *a, double *x,
                     oco_coco_hindsight *out)
{
    const size_t d = a->d, k = a->k, T = oco_coco_problem_horizon(p);
    double *lo = malloc(2 * d * sizeof *lo);
    if (!lo)
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    double *hi = lo + d;
    oco__qpd_domain_geometry(oco_coco_problem_domain(p), NULL, NULL, lo, hi, NULL);
    int rc, iters = 0;
    size_t solves = 0;
    if (bench == OCO_COCO_BENCH_LONG_TERM) {
        rc = lp_solve_rows(d, a->h, lo, hi, a->SA, a->Sb, k, x, &iters);
        solves = 1;
        if (rc == OCO_EINFEASIBLE)
            oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: no x in X satisfies "
                                           "Σ_t g_t(x) <= B (LP infeasible)");
    } else {
        rowgen r;
        rc = rowgen_init(&r, d, k, T, 0);
        double *WA = NULL, *Wb = NULL;
        size_t nW = 0, capW = 0;
        if (rc == OCO_OK) {
            /* the corner of the box that minimises the summed cost */
            for (size_t i = 0; i < d; ++i)
                x[i] = a->h[i] > 0 ? lo[i] : a->h[i] < 0 ? hi[i] : 0.5 * (lo[i] + hi[i]);
        }
        while (rc == OCO_OK) {
            size_t nviol;
            double maxv;
            rowgen_collect(&r, p, x, 1, &nviol, &maxv);
            if (r.n == 0)
                break;
            if (nW + r.n > capW) {
                size_t nc = 2 * (nW + r.n);
                double *A2 = realloc(WA, nc * d * sizeof *A2);
                double *b2 = A2 ? realloc(Wb, nc * sizeof *b2) : NULL;
                if (A2)
                    WA = A2;
                if (b2)
                    Wb = b2;
                if (!b2) {
                    rc = oco_set_error(OCO_ENOMEM, "coco hindsight (lp): out of memory");
                    break;
                }
                capW = nc;
            }
            for (size_t c = 0; c < r.n; ++c) {
                const cand *e = &r.heap[c];
                const double *s = r.pay + e->slot * r.stride;
                memcpy(WA + nW * d, s, d * sizeof *s);
                Wb[nW++] = s[d];
                size_t id = e->t * k + e->j;
                r.in[id / 8] |= (unsigned char)(1u << (id % 8));
            }
            rc = lp_solve_rows(d, a->h, lo, hi, WA, Wb, nW, x, &iters);
            ++solves;
            if (rc == OCO_EINFEASIBLE)
                oco_set_error(OCO_EINFEASIBLE, "per-round benchmark: empty: no x in X satisfies "
                                               "g_t(x) <= 0 in every round; already %zu of the "
                                               "T·k = %zu rows (e.g. round %zu, constraint %zu) "
                                               "leave no point (LP infeasible)", nW, T * k,
                              r.heap[0].t + 1, r.heap[0].j + 1);
        }
        rowgen_free(&r);
        free(WA);
        free(Wb);
    }
    free(lo);
    if (rc != OCO_OK)
        return rc;
    out->comparator = oco_dot(a->h, x, d) + a->c0;
    out->gap = 0.0;
    out->method = "lp";
    out->iterations = solves;
    (void)iters;
    return OCO_OK;
}

/* ---- barrier --------------------------------------------------------------- */

static int barrier_method(oco_coco_problem *p, oco_coco_benchmark bench, const agg *a,
                          double *x, oco_coco_hindsight *out)
{
    const size_t d = a->d, k = a->k, T = oco_coco_problem_horizon(p);
    const oco_domain *dom = oco_coco_problem_domain(p);
    oco_cvx c;
    int rc = oco__cvx_init(&c, dom, a->quad_cost ? a->H : NULL, a->h, a->c0);
    if (rc != OCO_OK) {
        oco__cvx_free(&c);
        return rc;
    }
    oco_cvx_result res = {0, 0, 0};
    size_t newton = 0;
    oco_domain_center(dom, x);
    if (bench == OCO_COCO_BENCH_LONG_TERM) {
        for (size_t j = 0; j < k && rc == OCO_OK; ++j)
            rc = oco__cvx_add(&c, a->quad_cons ? a->SP + j * d * d : NULL, a->SA + j * d,
                              a->Sb[j]);
        if (rc == OCO_OK) {
            rc = oco__cvx_barrier(&c, x, BARRIER_REL_TOL, &res);
            newton = res.newton;
        }
        if (rc == OCO_EINFEASIBLE)
            oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: no x in X satisfies "
                                           "Σ_t g_t(x) <= B (certified by the barrier's phase I: "
                                           "a convex combination of the constraints is > 0 on X)");
    } else {
        rowgen r;
        rc = rowgen_init(&r, d, k, T, a->quad_cons);
        size_t passes = 0;
        while (rc == OCO_OK) {
            rc = oco__cvx_barrier(&c, x, BARRIER_REL_TOL, &res);
            newton += res.newton;
            ++passes;
            if (rc == OCO_EINFEASIBLE) {
                oco_set_error(OCO_EINFEASIBLE, "per-round benchmark: empty: no x in X satisfies "
                                               "g_t(x) <= 0 in every round; already %zu of the "
                                               "T·k = %zu constraints leave no point (certified "
                                               "by the barrier's phase I)", c.m, T * k);
                break;
            }
            if (rc != OCO_OK)
                break;
            size_t nviol;
            double maxv;
            rowgen_collect(&r, p, x, 0, &nviol, &maxv);
            if (r.n == 0)
                break;
            for (size_t e = 0; e < r.n && rc == OCO_OK; ++e) {
                const cand *cd = &r.heap[e];
                const double *s = r.pay + cd->slot * r.stride;
                rc = a->quad_cons ? oco__cvx_add(&c, s, s + d * d, s[d * d + d])
                                  : oco__cvx_add(&c, NULL, s, s[d]);
                size_t id = cd->t * k + cd->j;
                r.in[id / 8] |= (unsigned char)(1u << (id % 8));
            }
        }
        rowgen_free(&r);
        (void)passes;
    }
    oco__cvx_free(&c);
    if (rc != OCO_OK)
        return rc;
    out->comparator = res.value;
    out->gap = fmax(0.0, res.value - res.lower);
    out->method = "barrier";
    out->iterations = newton;
    return OCO_OK;
}

/* ---- entry points ------------------------------------------------------------ */

int oco__coco_hindsight_method(oco_coco_problem *p, oco_coco_benchmark bench,
                               const double *budget, oco_coco_hs_method method, double *xstar,
                               oco_coco_hindsight *out)
{
    if (!p || !out)
        return oco_set_error(OCO_EINVAL, "coco hindsight: NULL %s", !p ? "problem" : "out");
    if (bench != OCO_COCO_BENCH_PER_ROUND && bench != OCO_COCO_BENCH_LONG_TERM)
        return oco_set_error(OCO_EINVAL, "coco hindsight: unknown benchmark %d", (int)bench);
    const size_t d = oco_coco_problem_dim(p), k = oco_coco_problem_nconstraints(p);
    if (budget)
        for (size_t j = 0; j < k; ++j)
            if (!isfinite(budget[j]))
                return oco_set_error(OCO_EINVAL, "coco hindsight: budget[%zu] is not finite", j);
    memset(out, 0, sizeof *out);
    out->comparator = NAN;
    if (oco__coco_worked_state(p)) /* non-convex: coco_opt_worked.c */
        return method == OCO_COCO_HS_AUTO
                   ? oco__coco_worked_hindsight(p, bench, budget, xstar, out)
                   : oco_set_error(OCO_EINVAL, "coco hindsight: %s has its own method only "
                                               "(AUTO)", oco_coco_problem_label(p));
    agg a;
    int rc = aggregate(p, bench == OCO_COCO_BENCH_LONG_TERM ? budget : NULL, &a);
    if (rc != OCO_OK)
        return rc;
    double *x = malloc(d * sizeof *x);
    if (!x) {
        agg_free(&a);
        return oco_set_error(OCO_ENOMEM, "coco hindsight: out of memory");
    }
    const int box = oco_domain_get_kind(oco_coco_problem_domain(p)) == OCO_DOMAIN_BOX;
    const int can_cf = d == 1 && !a.quad_cons, can_lp = box && !a.quad_cost && !a.quad_cons;
    if (method == OCO_COCO_HS_AUTO)
        method = can_cf ? OCO_COCO_HS_CLOSED_FORM : can_lp ? OCO_COCO_HS_LP : OCO_COCO_HS_BARRIER;
    if (method == OCO_COCO_HS_CLOSED_FORM && !can_cf)
        rc = oco_set_error(OCO_EINVAL, "coco hindsight: the closed form needs d = 1 and linear "
                                       "constraints");
    else if (method == OCO_COCO_HS_LP && !can_lp)
        rc = oco_set_error(OCO_EINVAL, "coco hindsight: the LP needs linear f and g on a box");
    else if (method == OCO_COCO_HS_CLOSED_FORM)
        rc = closed_form(p, bench, &a, x, out);
    else if (method == OCO_COCO_HS_LP)
        rc = lp_method(p, bench, &a, x, out);
    else
        rc = barrier_method(p, bench, &a, x, out);
    oco_coco_problem_rewind(p);
    if (rc == OCO_OK && xstar)
        oco_copy(x, xstar, d);
    if (rc != OCO_OK)
        out->comparator = NAN;
    free(x);
    agg_free(&a);
    return rc;
}

int oco_coco_problem_hindsight(oco_coco_problem *p, oco_coco_benchmark bench,
                               const double *budget, double *xstar, oco_coco_hindsight *out)
{
    return oco__coco_hindsight_method(p, bench, budget, OCO_COCO_HS_AUTO, xstar, out);
}
