/* Tests of the decision sets and their projections.
 *
 * A point p is the Euclidean projection of x onto a closed convex X iff
 * p ∈ X and ⟨x − p, z − p⟩ <= 0 for every z ∈ X (variational inequality).
 * We check that with random feasible z and with the vertices/extreme points
 * of each set; against per-set closed-form KKT conditions; against an
 * independent sort-based simplex projection (Held, Wolfe & Crowder 1974;
 * Duchi et al. 2008) computed in long double; and against brute-force grid
 * search for d = 2, 3. Plus idempotence, edge cases and the parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/domain.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"

#define DMAX 64

static double dist2(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t i = 0; i < d; i++)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
}

/* ⟨x − p, z − p⟩ <= tol · (1 + ‖x − p‖ (‖z − p‖ + ‖p‖)): p itself is only
 * accurate to rounding relative to ‖p‖, which ‖x − p‖ can amplify. */
static void check_vi(const double *x, const double *p, const double *z, size_t d, double tol)
{
    double s = 0;
    for (size_t i = 0; i < d; i++)
        s += (x[i] - p[i]) * (z[i] - p[i]);
    double np = 0;
    for (size_t i = 0; i < d; i++)
        np += p[i] * p[i];
    double scale = 1 + sqrt(dist2(x, p, d)) * (sqrt(dist2(z, p, d)) + sqrt(np));
    if (s > tol * scale)
        fail_msg("variational inequality violated: <x-p, z-p> = %.17g (d=%zu)", s, d);
}

/* A random test point: mostly outside, at several scales, some inside. */
static void random_point(oco_rng *r, double *x, size_t d, int t)
{
    static const double scales[] = {0.01, 0.3, 1, 3, 100, 1e6};
    double sc = scales[t % 6];
    for (size_t i = 0; i < d; i++)
        x[i] = oco_rng_normal(r, 0, sc) + ((t % 4 == 0) ? 0.5 : 0.0);
}

/* Extreme points / feasible test points of a domain, written into z. Returns
 * 0 when k runs past the list of extreme points (then the caller samples). */
static int extreme_point(const oco_domain *dom, size_t k, double *z, const double *lo, const double *hi,
                         double R)
{
    size_t d = oco_domain_dim(dom);
    switch (oco_domain_get_kind(dom)) {
    case OCO_DOMAIN_SIMPLEX:
        if (k >= d)
            return 0;
        oco_fill(z, d, 0);
        z[k] = 1;
        return 1;
    case OCO_DOMAIN_BALL:
        if (k >= 2 * d)
            return 0;
        oco_fill(z, d, 0);
        z[k / 2] = (k % 2) ? -R : R;
        return 1;
    case OCO_DOMAIN_ORTHANT_BALL:
        if (k > d)
            return 0;
        oco_fill(z, d, 0);
        if (k < d)
            z[k] = R;
        return 1;
    case OCO_DOMAIN_BOX:
        /* corners indexed by the bits of k (the first 64 coordinates' worth) */
        if (k >= 64)
            return 0;
        for (size_t i = 0; i < d; i++)
            z[i] = ((k >> (i % 6)) & 1) ? hi[i] : lo[i];
        return 1;
    case OCO_DOMAIN_ORTHANT:
        if (k > d)
            return 0;
        oco_fill(z, d, 0);
        if (k < d)
            z[k] = 1e3;
        return 1;
    }
    return 0;
}

/* The generic checks for one domain and one point. */
static void check_projection(oco_rng *r, const oco_domain *dom, const double *x, const double *lo,
                             const double *hi, double R)
{
    size_t d = oco_domain_dim(dom);
    double p[DMAX], q[DMAX], z[DMAX];
    memcpy(p, x, d * sizeof *x);
    assert_int_equal(oco_domain_project(dom, p), OCO_OK);
    double scale = 1 + sqrt(dist2(x, p, d)) + oco_nrm2(x, d) * 1e-15;
    assert_true(oco_domain_contains(dom, p, 1e-12 * scale));

    /* variational inequality against extreme points and random feasible z */
    for (size_t k = 0; extreme_point(dom, k, z, lo, hi, R); k++)
        check_vi(x, p, z, d, 1e-12);
    for (int k = 0; k < 20; k++) {
        random_point(r, z, d, k);
        assert_int_equal(oco_domain_project(dom, z), OCO_OK);
        check_vi(x, p, z, d, 1e-12);
    }

    /* idempotence */
    memcpy(q, p, d * sizeof *p);
    assert_int_equal(oco_domain_project(dom, q), OCO_OK);
    for (size_t i = 0; i < d; i++)
        assert_true(fabs(q[i] - p[i]) <= 4 * DBL_EPSILON * (1 + fabs(p[i])));
}

static void test_kkt_all_domains(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 21, 0);
    const size_t dims[] = {1, 2, 3, 7, 40};
    for (size_t di = 0; di < 5; di++) {
        size_t d = dims[di];
        double lo[DMAX], hi[DMAX], x[DMAX];
        for (size_t i = 0; i < d; i++) {
            lo[i] = oco_rng_uniform_range(&r, -2, 1);
            hi[i] = lo[i] + oco_rng_uniform_range(&r, 0, 3);
        }
        lo[0] = -INFINITY; /* a half-infinite coordinate */
        const double R = 1.7;
        oco_domain *doms[] = {
            oco_domain_box(d, lo, hi),  oco_domain_orthant(d),        oco_domain_ball(d, R),
            oco_domain_simplex(d),      oco_domain_orthant_ball(d, R),
        };
        double lo_f[DMAX], hi_f[DMAX]; /* finite corners for the box test points */
        for (size_t i = 0; i < d; i++) {
            lo_f[i] = isinf(lo[i]) ? hi[i] - 10 : lo[i];
            hi_f[i] = hi[i];
        }
        for (size_t k = 0; k < 5; k++) {
            assert_non_null(doms[k]);
            for (int t = 0; t < 60; t++) {
                random_point(&r, x, d, t);
                check_projection(&r, doms[k], x, lo_f, hi_f, R);
            }
            oco_domain_free(doms[k]);
        }
    }
}

/* Closed-form KKT of each projection. */
static void test_closed_form_kkt(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 22, 0);
    enum { D = 12 };
    double x[D], p[D];
    for (int t = 0; t < 300; t++) {
        random_point(&r, x, D, t);
        /* simplex: p = max(x − τ, 0) with one τ for every coordinate */
        memcpy(p, x, sizeof x);
        oco_proj_simplex(p, D, 1.0);
        double tau = NAN, s = 0;
        for (size_t i = 0; i < D; i++) {
            s += p[i];
            if (p[i] > 0 && isnan(tau))
                tau = x[i] - p[i];
        }
        assert_false(isnan(tau));
        assert_true(fabs(s - 1) < 1e-13);
        double sc = 1e-12 * (1 + fabs(tau));
        for (size_t i = 0; i < D; i++) {
            assert_true(p[i] >= 0);
            if (p[i] > 0)
                assert_true(fabs(x[i] - p[i] - tau) <= sc);
            else
                assert_true(x[i] <= tau + sc);
        }
        /* ball: radial */
        double R = 2.0, nx = oco_nrm2(x, D);
        memcpy(p, x, sizeof x);
        oco_proj_ball(p, D, NULL, R);
        for (size_t i = 0; i < D; i++) {
            double want = nx <= R ? x[i] : R * x[i] / nx;
            assert_true(fabs(p[i] - want) <= 1e-15 * (1 + fabs(want)));
        }
        /* orthant ∩ ball: the positive part, scaled to the ball */
        double pos[D];
        for (size_t i = 0; i < D; i++)
            pos[i] = x[i] > 0 ? x[i] : 0;
        double np = oco_nrm2(pos, D);
        memcpy(p, x, sizeof x);
        oco_proj_orthant_ball(p, D, R);
        for (size_t i = 0; i < D; i++) {
            double want = np <= R ? pos[i] : R * pos[i] / np;
            assert_true(fabs(p[i] - want) <= 1e-15 * (1 + fabs(want)));
        }
    }
}

/* Independent reference: sort, find ρ = max{j : u_j − (Σ_{i<=j} u_i − s)/j > 0}. */
static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void simplex_by_sort(const double *x, double *p, size_t d, double s)
{
    double u[DMAX];
    memcpy(u, x, d * sizeof *x);
    qsort(u, d, sizeof *u, cmp_desc);
    long double cum = 0, theta = 0;
    for (size_t j = 0; j < d; j++) {
        cum += u[j];
        long double t = (cum - s) / (long double)(j + 1);
        if ((long double)u[j] - t > 0)
            theta = t;
    }
    for (size_t i = 0; i < d; i++) {
        long double v = (long double)x[i] - theta;
        p[i] = v > 0 ? (double)v : 0.0;
    }
}

static void test_simplex_vs_sort(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 23, 0);
    double x[DMAX], p[DMAX], q[DMAX];
    for (int t = 0; t < 3000; t++) {
        size_t d = 1 + (size_t)oco_rng_below(&r, DMAX);
        double s = (t % 3 == 0) ? 1.0 : oco_rng_uniform_range(&r, 0.1, 10);
        random_point(&r, x, d, t);
        if (t % 7 == 0) /* ties */
            for (size_t i = 0; i < d; i++)
                x[i] = round(x[i] * 2) / 2;
        memcpy(p, x, d * sizeof *x);
        oco_proj_simplex(p, d, s);
        simplex_by_sort(x, q, d, s);
        double sc = 1e-13 * (1 + oco_nrm2(x, d) * 1e-2);
        for (size_t i = 0; i < d; i++)
            if (fabs(p[i] - q[i]) > sc * (1 + s))
                fail_msg("t=%d d=%zu i=%zu: %.17g vs sort %.17g", t, d, i, p[i], q[i]);
    }
    /* s = 0: the only point is 0; s < 0: empty set, marked NaN. */
    double a[3] = {1, 2, 3};
    oco_proj_simplex(a, 3, 0.0);
    assert_true(a[0] == 0 && a[1] == 0 && a[2] == 0);
    oco_proj_simplex(a, 3, -1.0);
    assert_true(isnan(a[0]) && isnan(a[2]));
}

/* Brute force in d = 2: ‖z − x‖² >= ‖p − x‖² + ‖z − p‖² for every feasible
 * grid point z (strong convexity form of the projection inequality), and the
 * best grid point is within O(h) of optimal. */
static void test_grid_2d(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 24, 0);
    const double lo[2] = {-1, 0.5}, hi[2] = {2, 1};
    oco_domain *doms[] = {oco_domain_box(2, lo, hi), oco_domain_ball(2, 1.5), oco_domain_orthant_ball(2, 1.5),
                          oco_domain_simplex(2), oco_domain_orthant(2)};
    const double h = 0.01;
    const int G = 600; /* grid over [−3, 3]², which holds every p below */
    for (size_t k = 0; k < 5; k++) {
        for (int t = 0; t < 12; t++) {
            double x[2] = {oco_rng_uniform_range(&r, -3, 3), oco_rng_uniform_range(&r, -3, 3)};
            double p[2] = {x[0], x[1]};
            assert_int_equal(oco_domain_project(doms[k], p), OCO_OK);
            double dp = dist2(x, p, 2), best = INFINITY;
            for (int i = 0; i <= G; i++)
                for (int j = 0; j <= G; j++) {
                    double z[2] = {-3 + i * h, -3 + j * h};
                    if (k == 3) { /* the simplex is a segment: walk it */
                        if (j > 0)
                            break;
                        z[0] = (double)i / G;
                        z[1] = 1 - z[0];
                    }
                    if (!oco_domain_contains(doms[k], z, 0))
                        continue;
                    double dz = dist2(x, z, 2);
                    if (dz < dp + dist2(z, p, 2) - 1e-12)
                        fail_msg("domain %zu: grid point (%g,%g) beats projection", k, z[0], z[1]);
                    if (dz < best)
                        best = dz;
                }
            assert_true(best - dp <= 4 * h * (sqrt(dp) + 1));
        }
        oco_domain_free(doms[k]);
    }
}

/* Brute force in d = 3 for the simplex on a barycentric grid. */
static void test_grid_simplex_3d(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 25, 0);
    const int N = 300;
    for (int t = 0; t < 10; t++) {
        double x[3], p[3];
        for (int i = 0; i < 3; i++)
            x[i] = p[i] = oco_rng_normal(&r, 0.3, 1);
        oco_proj_simplex(p, 3, 1.0);
        double dp = dist2(x, p, 3), best = INFINITY;
        for (int i = 0; i <= N; i++)
            for (int j = 0; i + j <= N; j++) {
                double z[3] = {(double)i / N, (double)j / N, (double)(N - i - j) / N};
                double dz = dist2(x, z, 3);
                assert_true(dz >= dp + dist2(z, p, 3) - 1e-12);
                if (dz < best)
                    best = dz;
            }
        assert_true(best - dp <= 4.0 / N * (sqrt(dp) + 1));
    }
}

static void test_inside_unchanged(void **st)
{
    (void)st;
    double lo[3] = {-1, 0, 2}, hi[3] = {1, 0, 5};
    oco_domain *box = oco_domain_box(3, lo, hi);
    double x[3] = {0.3, 0, 5};
    assert_int_equal(oco_domain_project(box, x), OCO_OK);
    assert_true(x[0] == 0.3 && x[1] == 0 && x[2] == 5);
    oco_domain_free(box);

    oco_domain *ball = oco_domain_ball(3, 2);
    double b[3] = {1, -1, 1};
    assert_int_equal(oco_domain_project(ball, b), OCO_OK);
    assert_true(b[0] == 1 && b[1] == -1 && b[2] == 1);
    oco_domain_free(ball);

    double s[4] = {0.25, 0.125, 0.5, 0.125};
    oco_proj_simplex(s, 4, 1.0);
    assert_true(s[0] == 0.25 && s[1] == 0.125 && s[2] == 0.5 && s[3] == 0.125);

    double ob[2] = {0.5, 0};
    oco_proj_orthant_ball(ob, 2, 1);
    assert_true(ob[0] == 0.5 && ob[1] == 0);

    /* d = 1 simplex is {1}. */
    double one[1] = {-7};
    oco_proj_simplex(one, 1, 1);
    assert_true(one[0] == 1);
    /* ball with a centre */
    double c[2] = {10, 10}, y[2] = {13, 14};
    oco_proj_ball(y, 2, c, 1);
    assert_true(fabs(y[0] - 10.6) < 1e-14 && fabs(y[1] - 10.8) < 1e-14);
}

static void test_bad_and_huge_input(void **st)
{
    (void)st;
    oco_domain *doms[] = {oco_domain_box_uniform(3, 0, 1), oco_domain_orthant(3), oco_domain_ball(3, 1),
                          oco_domain_simplex(3), oco_domain_orthant_ball(3, 1)};
    for (size_t k = 0; k < 5; k++) {
        double x[3] = {0.5, NAN, 0.2};
        assert_int_equal(oco_domain_project(doms[k], x), OCO_EINVAL);
        assert_non_null(strstr(oco_last_error(), "x[1]"));
        assert_true(x[0] == 0.5 && x[2] == 0.2); /* untouched */
        double y[3] = {INFINITY, 0, 0};
        assert_int_equal(oco_domain_project(doms[k], y), OCO_EINVAL);
        double big[3] = {1e300, -1e300, 1e308};
        assert_int_equal(oco_domain_project(doms[k], big), OCO_OK);
        assert_true(oco_domain_contains(doms[k], big, 1e-12));
        double nan[3] = {NAN, 0, 0};
        assert_false(oco_domain_contains(doms[k], nan, 1));
        oco_domain_free(doms[k]);
    }
    double s[3] = {1e300, 1e300, -1e300};
    oco_proj_simplex(s, 3, 1);
    assert_true(s[0] == 0.5 && s[1] == 0.5 && s[2] == 0);
    double s2[2] = {DBL_MAX, -DBL_MAX};
    oco_proj_simplex(s2, 2, 1);
    assert_true(s2[0] == 1 && s2[1] == 0);
    double b[2] = {1e300, 1e300};
    oco_proj_ball(b, 2, NULL, 1);
    assert_true(fabs(b[0] - sqrt(0.5)) < 1e-15 && fabs(b[1] - sqrt(0.5)) < 1e-15);
    double b2[2] = {DBL_MAX, DBL_MAX};
    oco_proj_ball(b2, 2, NULL, 1e-300);
    assert_true(fabs(b2[0] / 1e-300 - sqrt(0.5)) < 1e-14);
    double tiny[2] = {3e-320, 4e-320};
    oco_proj_ball(tiny, 2, NULL, 1); /* inside: unchanged */
    assert_true(tiny[0] == 3e-320 && tiny[1] == 4e-320);
}

static void test_constructors(void **st)
{
    (void)st;
    double lo[2] = {0, 1}, hi[2] = {1, 0};
    assert_null(oco_domain_box(2, lo, hi));
    assert_non_null(strstr(oco_last_error(), "lo[1]"));
    double nlo[1] = {NAN}, nhi[1] = {1};
    assert_null(oco_domain_box(1, nlo, nhi));
    assert_null(oco_domain_box_uniform(2, INFINITY, INFINITY));
    assert_null(oco_domain_box_uniform(0, 0, 1));
    assert_null(oco_domain_ball(2, 0));
    assert_null(oco_domain_ball(2, -1));
    assert_null(oco_domain_ball(2, NAN));
    assert_null(oco_domain_ball(2, INFINITY));
    assert_null(oco_domain_orthant_ball(2, 0));
    assert_null(oco_domain_simplex(0));
    assert_null(oco_domain_orthant(0));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    oco_domain_free(NULL);
}

static void test_diameter_center(void **st)
{
    (void)st;
    double lo[2] = {0, -1}, hi[2] = {3, 3};
    oco_domain *box = oco_domain_box(2, lo, hi);
    assert_true(oco_domain_diameter(box) == 5);
    double c[4];
    oco_domain_center(box, c);
    assert_true(c[0] == 1.5 && c[1] == 1);
    oco_domain_free(box);

    double lo2[2] = {-INFINITY, -DBL_MAX}, hi2[2] = {2, DBL_MAX};
    box = oco_domain_box(2, lo2, hi2);
    assert_true(isinf(oco_domain_diameter(box)));
    oco_domain_center(box, c);
    assert_true(c[0] == 2 && c[1] == 0);
    oco_domain_free(box);

    box = oco_domain_box_uniform(2, -DBL_MAX / 4, DBL_MAX / 4); /* width fits, sum of squares would not */
    assert_true(fabs(oco_domain_diameter(box) / (DBL_MAX / 2) - sqrt(2.0)) < 1e-15);
    oco_domain_free(box);

    oco_domain *ball = oco_domain_ball(4, 2.5);
    assert_true(oco_domain_diameter(ball) == 5);
    oco_domain_center(ball, c);
    assert_true(c[0] == 0 && c[3] == 0);
    oco_domain_free(ball);

    oco_domain *sx = oco_domain_simplex(4);
    assert_true(fabs(oco_domain_diameter(sx) - sqrt(2.0)) < 1e-15);
    oco_domain_center(sx, c);
    assert_true(c[0] == 0.25 && c[3] == 0.25);
    assert_true(oco_domain_contains(sx, c, 0));
    oco_domain_free(sx);
    sx = oco_domain_simplex(1);
    assert_true(oco_domain_diameter(sx) == 0);
    oco_domain_free(sx);

    oco_domain *ob = oco_domain_orthant_ball(3, 2);
    assert_true(fabs(oco_domain_diameter(ob) - 2 * sqrt(2.0)) < 1e-15);
    oco_domain_center(ob, c);
    assert_true(oco_domain_contains(ob, c, 0));
    oco_domain_free(ob);
    ob = oco_domain_orthant_ball(1, 2);
    assert_true(oco_domain_diameter(ob) == 2);
    oco_domain_free(ob);

    oco_domain *o = oco_domain_orthant(2);
    assert_true(isinf(oco_domain_diameter(o)));
    oco_domain_free(o);
}

static void test_contains_tol(void **st)
{
    (void)st;
    oco_domain *sx = oco_domain_simplex(2);
    double a[2] = {0.5, 0.5 + 1e-9}, b[2] = {-1e-9, 1 + 1e-9};
    assert_false(oco_domain_contains(sx, a, 1e-10));
    assert_true(oco_domain_contains(sx, a, 1e-8));
    assert_false(oco_domain_contains(sx, b, 1e-10));
    assert_true(oco_domain_contains(sx, b, 1e-8));
    oco_domain_free(sx);
    oco_domain *ball = oco_domain_ball(2, 1);
    double c[2] = {0.6, 0.8 + 1e-9};
    assert_false(oco_domain_contains(ball, c, 1e-10));
    assert_true(oco_domain_contains(ball, c, 1e-8));
    oco_domain_free(ball);
}

static void test_parse(void **st)
{
    (void)st;
    oco_domain *d;
    d = oco_domain_parse("ball:2.5", 3);
    assert_non_null(d);
    assert_int_equal(oco_domain_get_kind(d), OCO_DOMAIN_BALL);
    assert_int_equal(oco_domain_dim(d), 3);
    assert_true(oco_domain_diameter(d) == 5);
    oco_domain_free(d);
    d = oco_domain_parse("box:-1,3", 2);
    assert_non_null(d);
    assert_int_equal(oco_domain_get_kind(d), OCO_DOMAIN_BOX);
    assert_true(fabs(oco_domain_diameter(d) - 4 * sqrt(2.0)) < 1e-15);
    oco_domain_free(d);
    d = oco_domain_parse("box:0,inf", 2);
    assert_non_null(d);
    assert_true(isinf(oco_domain_diameter(d)));
    oco_domain_free(d);
    d = oco_domain_parse("simplex", 5);
    assert_non_null(d);
    assert_int_equal(oco_domain_get_kind(d), OCO_DOMAIN_SIMPLEX);
    oco_domain_free(d);
    d = oco_domain_parse("orthant", 5);
    assert_non_null(d);
    assert_int_equal(oco_domain_get_kind(d), OCO_DOMAIN_ORTHANT);
    oco_domain_free(d);
    d = oco_domain_parse("orthant-ball:1e-3", 4);
    assert_non_null(d);
    assert_int_equal(oco_domain_get_kind(d), OCO_DOMAIN_ORTHANT_BALL);
    assert_true(fabs(oco_domain_diameter(d) - 1e-3 * sqrt(2.0)) < 1e-18);
    oco_domain_free(d);

    const char *bad[] = {"ball:0",     "ball:-1",        "ball:nan",       "ball:",   "ball",
                         "ball:1x",    "ball:inf",       "box:2,1",        "box:1",   "box:a,b",
                         "box:nan,1",  "box:1,nan",      "box:inf,inf",    "box:,1",  "orthant-ball:0",
                         "orthant-ball:-2", "cube",      "simplex:3",      "",        "Ball:1",
                         "box:1,2,3",  "orthant-ball",   "ball:1e999"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        oco_clear_error();
        d = oco_domain_parse(bad[k], 2);
        if (d != NULL)
            fail_msg("spec '%s' accepted", bad[k]);
        assert_int_equal(oco_last_error_code(), OCO_EINVAL);
        char quoted[64];
        snprintf(quoted, sizeof quoted, "'%s'", bad[k]);
        if (strstr(oco_last_error(), quoted) == NULL)
            fail_msg("error for '%s' does not quote it: %s", bad[k], oco_last_error());
    }
    assert_null(oco_domain_parse("simplex", 0));
    assert_null(oco_domain_parse(NULL, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kkt_all_domains), cmocka_unit_test(test_closed_form_kkt),
        cmocka_unit_test(test_simplex_vs_sort), cmocka_unit_test(test_grid_2d),
        cmocka_unit_test(test_grid_simplex_3d), cmocka_unit_test(test_inside_unchanged),
        cmocka_unit_test(test_bad_and_huge_input), cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_diameter_center), cmocka_unit_test(test_contains_tol),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
