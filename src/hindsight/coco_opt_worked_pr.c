/* The long-term benchmark of phase-retrieval (src/problems/coco_worked_pr.c),
 * a certified interval [comparator − gap, comparator] of the non-convex
 * min Σ_t f_t over X* (the dispatcher and the coverage classes are in
 * coco_opt_worked.c).
 *
 * local+minorant. Σ_t g_{t,j} = S_j‖x‖² − (Σρ_j + B_j), so
 * X* = X ∩ {‖x‖ <= r}, r² = min_j (Σρ_j + B_j)/S_j. The rounds' data are
 * stored once (O(T·m·d) memory). Upper end: projected gradient descent with
 * backtracking on Σf_t from several starts (0, ±x♮ projected, 16 random
 * points of radius r or r/2; at most PG_ITERS = 300 steps each, fewer when
 * T·m·d is large: ~10^9 products in all, at least ~150 evaluations of the
 * sum), projected exactly onto X ∩ ball(0, r) (bisection on
 * the multiplier of the ball for a box). Lower end: min Σ_t h_t over X*,
 * h_t the convex minorant of coco_worked_pr.c (h_t <= f_t; here the best
 * of its splits θ ∈ {0, 0.25, 0.5}, each a valid minorant), by the same
 * descent, certified by the Frank–Wolfe bound H(x) + min_{s∈X*}⟨∇H(x),
 * s − x⟩ (convexity of H = Σh_t; for a box the linear minimisation over
 * X ∩ ball is bounded below by its Lagrange dual at the bisected multiplier,
 * weak duality; each h_t is even and 0 ∈ X*, so the minimum is Σh_t(0),
 * but the bound is computed generically). gap = comparator − (that lower
 * bound); it contains the loss of the minorant (f_t <= κh_t), so it is
 * wide: an honest bracket, not an approximation ratio. */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hindsight/coco_opt_internal.h"
#include "problems/coco_problem_impl.h"
#include "problems/coco_worked.h"

#define PG_ITERS 300
#define PR_STARTS 16
#define PR_WORK 1e9     /* T·m·d-products of the descents in all */
#define PR_SUMS_MIN 150 /* ... but at least this many evaluations of Σf or Σh */

typedef struct prdata {
    size_t d, T, m;
    double *a, *y; /* T·m × d, T·m */
    double C0;     /* Σ_t c0_t */
    double mu, theta;
    const double *lo, *hi; /* box of X or NULL (ball of radius R) */
    double R, r;           /* X* = X ∩ ball(0, r) */
} prdata;

/* Σ_t f_t (minorant = 0) or Σ_t h_t (minorant = 1), gradient into g. */
static double pr_sum(const prdata *q, const double *x, double *g, int minorant)
{
    const size_t d = q->d, N = q->T * q->m;
    const double T = (double)q->T, mq = (double)q->m;
    const double reg = minorant ? q->theta * q->mu : q->mu;
    double s = 0;
    oco_fill(g, d, 0.0);
    for (size_t i = 0; i < N; ++i) {
        const double *a = q->a + i * d;
        double u = oco_dot(a, x, d), r = fabs(u) - q->y[i];
        if (minorant && r <= 0)
            continue;
        s += r * r;
        oco_axpy(2.0 / mq * r * (u >= 0 ? 1.0 : -1.0), a, g, d);
    }
    oco_axpy(2.0 * T * reg, x, g, d);
    return s / mq + T * reg * oco_dot(x, x, d) + (minorant ? q->C0 : 0.0);
}

/* s(λ) = clip(v/(1 + λ)) (projection) or clip(−c/(2λ)) (linear minimisation) */
static double clip_norm2(const prdata *q, const double *v, double scale, double *s)
{
    double n2 = 0;
    for (size_t i = 0; i < q->d; ++i) {
        s[i] = fmin(q->hi[i], fmax(q->lo[i], scale * v[i]));
        n2 += s[i] * s[i];
    }
    return n2;
}

/* The exact projection onto X ∩ ball(0, r), in place (s scratch d). */
static void pr_project(const prdata *q, double *v, double *s)
{
    const size_t d = q->d;
    if (!q->lo) {
        double rr = fmin(q->R, q->r), n = oco_nrm2(v, d);
        if (n > rr)
            oco_scal(rr / n, v, d);
        return;
    }
    const double r2 = q->r * q->r;
    if (clip_norm2(q, v, 1.0, s) <= r2) {
        oco_copy(s, v, d);
        return;
    }
    double a = 0, b = 1;
    while (clip_norm2(q, v, 1.0 / (1.0 + b), s) > r2 && b < 1e300)
        b *= 2;
    for (int it = 0; it < 200 && b - a > 1e-15 * b; ++it) {
        double mid = 0.5 * (a + b);
        if (clip_norm2(q, v, 1.0 / (1.0 + mid), s) > r2)
            a = mid;
        else
            b = mid;
    }
    clip_norm2(q, v, 1.0 / (1.0 + b), v); /* the feasible end */
}

/* A lower bound on min_{s ∈ X*} ⟨c, s⟩ (exact for a ball; weak duality for
 * a box: max over λ >= 0 of Σ_i min_{s_i} (c_i s_i + λs_i²) − λr²). */
static double pr_lmo_lower(const prdata *q, const double *c, double *s)
{
    const size_t d = q->d;
    if (!q->lo)
        return -fmin(q->R, q->r) * oco_nrm2(c, d);
    const double r2 = q->r * q->r;
    double best = -INFINITY;
    /* φ(λ) and φ'(λ) = ‖s(λ)‖² − r², s(λ) = clip(−c/(2λ)) */
    double a = 0, b = oco_nrm2(c, d) / (2.0 * fmax(q->r, 1e-300)) + 1.0;
    for (int it = 0; it < 200; ++it) {
        double lam = it == 0 ? 0.0 : 0.5 * (a + b), phi = -lam * r2, n2 = 0;
        for (size_t i = 0; i < d; ++i) {
            double si = lam > 0 ? fmin(q->hi[i], fmax(q->lo[i], -c[i] / (2 * lam)))
                                : (c[i] > 0 ? q->lo[i] : q->hi[i]);
            s[i] = si;
            phi += c[i] * si + lam * si * si;
            n2 += si * si;
        }
        if (phi > best)
            best = phi;
        if (it == 0) {
            if (n2 <= r2)
                return best; /* λ = 0 is optimal: the box minimiser is in the ball */
            continue;
        }
        if (n2 > r2)
            a = lam;
        else
            b = lam;
    }
    return best;
}

/* Projected gradient with backtracking from x; returns the final value, and
 * with minorant = 1 updates *lower with the Frank–Wolfe bounds. */
static double pr_descent(const prdata *q, double *x, int minorant, double *lower, size_t *iters,
                         size_t maxit, double *w)
{
    const size_t d = q->d;
    double *g = w, *xn = g + d, *gn = xn + d, *s = gn + d;
    pr_project(q, x, s);
    double F = pr_sum(q, x, g, minorant), eta = 1.0 / (2.0 * (double)q->T * (1.0 + q->mu));
    for (size_t it = 0; it < maxit; ++it) {
        ++*iters;
        if (minorant) {
            double lm = pr_lmo_lower(q, g, s);
            double lb = F + lm - oco_dot(g, x, d);
            if (lb > *lower)
                *lower = lb;
        }
        double Fn = F, step = 0;
        for (int bt = 0; bt < 60; ++bt) {
            for (size_t i = 0; i < d; ++i)
                xn[i] = x[i] - eta * g[i];
            pr_project(q, xn, s);
            Fn = pr_sum(q, xn, gn, minorant);
            double lin = 0;
            step = 0;
            for (size_t i = 0; i < d; ++i) {
                lin += g[i] * (xn[i] - x[i]);
                step += (xn[i] - x[i]) * (xn[i] - x[i]);
            }
            if (Fn <= F + lin + step / (2 * eta))
                break;
            eta *= 0.5;
        }
        if (!(Fn < F))
            break;
        oco_copy(xn, x, d);
        oco_copy(gn, g, d);
        F = Fn;
        eta *= 2.0;
        if (step <= 1e-24 * fmax(1.0, oco_dot(x, x, d)))
            break;
    }
    return F;
}

int oco__coco_pr_hindsight(oco_coco_problem *p, const double *budget, double *xbest,
                           oco_coco_hindsight *out)
{
    const size_t d = p->d, k = p->k, T = p->T;
    const oco__worked *w = p->wk;
    prdata q;
    memset(&q, 0, sizeof q);
    q.d = d;
    q.T = T;
    q.m = w->m;
    q.mu = w->mu;
    q.theta = w->theta;
    q.lo = p->lo;
    q.hi = p->hi;
    q.R = p->RX;
    if (T > SIZE_MAX / sizeof(double) / q.m / (d + 1))
        return oco_set_error(OCO_ENOMEM, "coco hindsight (phase-retrieval): T·m·d too large");
    q.a = malloc(T * q.m * d * sizeof *q.a);
    q.y = malloc(T * q.m * sizeof *q.y);
    double *S = calloc(2 * k + 7 * d, sizeof *S);
    if (!q.a || !q.y || !S) {
        free(q.a);
        free(q.y);
        free(S);
        return oco_set_error(OCO_ENOMEM, "coco hindsight (phase-retrieval): out of memory "
                                         "(stores T·m·d = %zu numbers)", T * q.m * d);
    }
    double *Sb = S + k, *x = Sb + k, *ws = x + d; /* ws: 4d scratch, + xs (d) + best (d) */
    double *xs = ws + 4 * d;
    const oco_quad_map *g = oco_coco_problem_cons(p);
    oco_coco_problem_rewind(p);
    size_t t = 0;
    while (oco_coco_problem_next(p) == OCO_OK) {
        memcpy(q.a + t * q.m * d, w->a, q.m * d * sizeof *q.a);
        memcpy(q.y + t * q.m, w->y, q.m * sizeof *q.y);
        for (size_t j = 0; j < k; ++j) {
            S[j] += 0.5 * g->P[j * d * d]; /* P = 2s·I */
            Sb[j] += g->b[j];
        }
        ++t;
    }
    oco_coco_problem_rewind(p);
    int rc = OCO_OK;
    double r2 = INFINITY;
    for (size_t j = 0; j < k; ++j) {
        double b = Sb[j] + (budget ? budget[j] : 0.0);
        if (b < 0) {
            rc = oco_set_error(OCO_EINFEASIBLE, "long-term benchmark: empty: constraint %zu needs "
                               "S‖x‖² <= %.17g < 0", j + 1, b);
            break;
        }
        r2 = fmin(r2, b / S[j]);
    }
    if (rc == OCO_OK) {
        q.r = sqrt(r2);
        size_t iters = 0;
        double U = INFINITY, lower = -INFINITY;
        oco_rng rng;
        oco_rng_seed(&rng, p->seed, 4);
        /* the work budget, in evaluations of a sum (each step costs ~2):
           a third for the minorant's descent, the rest shared by the starts */
        const double sums = fmax(PR_SUMS_MIN, PR_WORK / (double)(T * q.m * d));
        size_t maxit = (size_t)fmin((double)PG_ITERS,
                                    fmax(5.0, sums / 3.0 / (double)(3 + PR_STARTS)));
        size_t maxh = (size_t)fmin(4.0 * PG_ITERS, fmax(10.0, sums / 6.0));
        for (size_t st = 0; st < 3 + PR_STARTS; ++st) {
            if (st == 0)
                oco_fill(xs, d, 0.0);
            else if (st <= 2)
                for (size_t i = 0; i < d; ++i)
                    xs[i] = (st == 1 ? 1.0 : -1.0) * w->xnat[i];
            else {
                double nn = 0;
                for (size_t i = 0; i < d; ++i)
                    xs[i] = oco_rng_normal(&rng, 0, 1);
                nn = oco_nrm2(xs, d);
                if (nn > 0)
                    oco_scal((st % 2 ? 0.5 : 1.0) * q.r / nn, xs, d);
            }
            double F = pr_descent(&q, xs, 0, NULL, &iters, maxit, ws);
            if (F < U) {
                U = F;
                oco_copy(xs, x, d);
            }
        }
        /* every θ ∈ [0, 1] gives a valid minorant h_θ <= f_t (coco_worked_pr.c,
           the bound min_r (y − ‖a‖r)_+² + cr² = y²c/(‖a‖² + c), c = (1 − θ)μ):
           the best of a few θ is the lower end */
        static const double thetas[] = {0.0, 0.25, 0.5};
        for (size_t th = 0; th < sizeof thetas / sizeof thetas[0]; ++th) {
            q.theta = thetas[th];
            const double c = (1.0 - q.theta) * q.mu;
            q.C0 = 0;
            for (size_t i = 0; i < T * q.m; ++i) {
                const double *a = q.a + i * d;
                q.C0 += q.y[i] * q.y[i] * c / (oco_dot(a, a, d) + c);
            }
            q.C0 /= (double)q.m;
            oco_copy(x, xs, d);
            pr_descent(&q, xs, 1, &lower, &iters, maxh / 4 + 1, ws);
        }
        out->comparator = U;
        out->gap = fmax(0.0, U - lower);
        out->method = "local+minorant";
        out->iterations = iters;
        oco_copy(x, xbest, d);
    }
    free(q.a);
    free(q.y);
    free(S);
    return rc;
}
