/* The LP engine (src/solvers/lp.h): hand-solved LPs (values and duals, both
 * senses, every algorithm), status mapping (infeasible, unbounded, limit),
 * bad input, silence, the CSC builder, and random LPs against GLPK's glpsol
 * (an independent solver) plus a KKT check of our own primal/dual pair. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glpk_oracle.h"
#include "oco/error.h"
#include "oco/rng.h"
#include "solvers/lp.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol) * (1.0 + fabs(b)))

static const oco_lp_algorithm ALGS[] = {OCO_LP_DUAL_SIMPLEX, OCO_LP_PRIMAL_SIMPLEX,
                                        OCO_LP_BARRIER};
#define NALGS (sizeof ALGS / sizeof ALGS[0])

/* Wyndor Glass (Hillier & Lieberman, §3.1/§6.1): max 3x1 + 5x2 s.t. x1 <= 4,
 * 2x2 <= 12, 3x1 + 2x2 <= 18, x >= 0. Optimum x = (2, 6), z = 36, shadow
 * prices y = (0, 3/2, 1) — non-degenerate, so the duals are unique. */
static void test_wyndor_all_algorithms(void **st)
{
    (void)st;
    const int cs[] = {0, 2, 4};
    const int ri[] = {0, 2, 1, 2};
    const double v[] = {1, 3, 2, 2};
    const double obj[] = {3, 5}, ru[] = {4, 12, 18};
    oco_lp_problem p = {.ncols = 2, .nrows = 3, .maximize = 1, .obj = obj, .row_upper = ru,
                        .colstart = cs, .rowind = ri, .values = v};
    for (size_t a = 0; a < NALGS; a++)
        for (int pre = 0; pre < 4; pre++) {
            oco_lp_opts o = oco__lp_opts_default();
            o.algorithm = ALGS[a];
            o.presolve = pre & 1;
            o.scaling = pre & 2 ? 0 : -1;
            oco_lp_result r;
            double x[2], y[3], act[3];
            assert_int_equal(oco__lp_solve(&p, &o, &r, x, y, act), OCO_OK);
            assert_int_equal(r.status, OCO_OK);
            assert_int_equal(r.clp_status, 0);
            NEAR(r.objective, 36.0, 1e-9);
            NEAR(x[0], 2.0, 1e-9);
            NEAR(x[1], 6.0, 1e-9);
            NEAR(y[0], 0.0, 1e-9);
            NEAR(y[1], 1.5, 1e-9);
            NEAR(y[2], 1.0, 1e-9);
            NEAR(act[0], 2.0, 1e-9);
            NEAR(act[1], 12.0, 1e-9);
            NEAR(act[2], 18.0, 1e-9);
        }
}

/* min x1 + x2 s.t. x1 + 2x2 >= 2, 2x1 + x2 >= 2: x = (2/3, 2/3), z = 4/3,
 * y = (1/3, 1/3) >= 0 = ∂z/∂rhs (raising a >= rhs raises the minimum). */
static void test_min_duals(void **st)
{
    (void)st;
    const int cs[] = {0, 2, 4};
    const int ri[] = {0, 1, 0, 1};
    const double v[] = {1, 2, 2, 1};
    const double obj[] = {1, 1}, rl[] = {2, 2};
    oco_lp_problem p = {.ncols = 2, .nrows = 2, .maximize = 0, .obj = obj, .row_lower = rl,
                        .colstart = cs, .rowind = ri, .values = v};
    oco_lp_result r;
    double x[2], y[2];
    assert_int_equal(oco__lp_solve(&p, NULL, &r, x, y, NULL), OCO_OK);
    NEAR(r.objective, 4.0 / 3.0, 1e-12);
    NEAR(x[0], 2.0 / 3.0, 1e-12);
    NEAR(x[1], 2.0 / 3.0, 1e-12);
    NEAR(y[0], 1.0 / 3.0, 1e-12);
    NEAR(y[1], 1.0 / 3.0, 1e-12);
}

/* The OLP shape with a binding box: max 2x1 + x2, x1 + x2 <= 1.5, 0 <= x <= 1.
 * x = (1, 0.5), z = 2.5; x2 is basic so y = c2 = 1, and x1's reduced cost
 * 2 − y = 1 >= 0 at its upper bound. An equality row: max x1 + 2x2,
 * x1 + x2 = 1 gives z = 2, y = 2; a ranged row -1 <= x1 - x2 <= 0.25 with
 * max x1 + x2 on the unit box at its upper end: z = 2 at x = (1, 1), row
 * inactive (activity 0), y = 0. */
static void test_box_equality_ranged(void **st)
{
    (void)st;
    const int cs[] = {0, 1, 2};
    const int ri[] = {0, 0};
    const double v1[] = {1, 1}, ones[] = {1, 1};
    const double obj1[] = {2, 1}, ru1[] = {1.5};
    oco_lp_problem p = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj1, .col_upper = ones,
                        .row_upper = ru1, .colstart = cs, .rowind = ri, .values = v1};
    oco_lp_result r;
    double x[2], y[1];
    assert_int_equal(oco__lp_solve(&p, NULL, &r, x, y, NULL), OCO_OK);
    NEAR(r.objective, 2.5, 1e-12);
    NEAR(x[0], 1.0, 1e-12);
    NEAR(x[1], 0.5, 1e-12);
    NEAR(y[0], 1.0, 1e-12);

    const double obj2[] = {1, 2}, eq[] = {1};
    oco_lp_problem q = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj2, .row_lower = eq,
                        .row_upper = eq, .colstart = cs, .rowind = ri, .values = v1};
    assert_int_equal(oco__lp_solve(&q, NULL, &r, x, y, NULL), OCO_OK);
    NEAR(r.objective, 2.0, 1e-12);
    NEAR(y[0], 2.0, 1e-12);

    const double v3[] = {1, -1}, lo3[] = {-1}, up3[] = {0.25}, obj3[] = {1, 1};
    oco_lp_problem s = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj3, .col_upper = ones,
                        .row_lower = lo3, .row_upper = up3, .colstart = cs, .rowind = ri,
                        .values = v3};
    double act[1];
    assert_int_equal(oco__lp_solve(&s, NULL, &r, x, y, act), OCO_OK);
    NEAR(r.objective, 2.0, 1e-12);
    NEAR(act[0], 0.0, 1e-12);
    NEAR(y[0], 0.0, 1e-12);
}

static void test_infeasible_unbounded(void **st)
{
    (void)st;
    const int cs[] = {0, 1, 2};
    const int ri[] = {0, 0};
    const double v[] = {1, 1}, obj[] = {1, 0}, ru[] = {-1};
    /* x >= 0 and x1 + x2 <= -1: no point */
    oco_lp_problem p = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj, .row_upper = ru,
                        .colstart = cs, .rowind = ri, .values = v};
    for (size_t a = 0; a < 2 * NALGS; a++) {
        oco_lp_opts o = oco__lp_opts_default();
        o.algorithm = ALGS[a % NALGS];
        o.presolve = a < NALGS; /* both the ClpSolve and the direct path */
        oco_lp_result r;
        double x[2] = {-7, -7};
        assert_int_equal(oco__lp_solve(&p, &o, &r, x, NULL, NULL), OCO_EINFEASIBLE);
        assert_int_equal(r.status, OCO_EINFEASIBLE);
        assert_int_equal(r.clp_status, 1);
        assert_true(x[0] == -7); /* untouched on failure */
        assert_non_null(strstr(oco_last_error(), "infeasible"));
    }
    /* max x1 s.t. x1 - x2 <= 1, x >= 0: ray (1, 1) */
    const double vu[] = {1, -1}, ru2[] = {1};
    oco_lp_problem q = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj, .row_upper = ru2,
                        .colstart = cs, .rowind = ri, .values = vu};
    oco_lp_result r;
    assert_int_equal(oco__lp_solve(&q, NULL, &r, NULL, NULL, NULL), OCO_EUNBOUNDED);
    assert_int_equal(r.clp_status, 2);
    assert_non_null(strstr(oco_last_error(), "unbounded"));
}

/* A random OLP-shaped LP needing many pivots, stopped after one. */
static void test_iteration_limit(void **st)
{
    (void)st;
    enum { T = 400, M = 4 };
    static double a[T * M], c[T], ones[T];
    double b[M];
    oco_rng rng;
    oco_rng_seed(&rng, 11, 0);
    for (size_t k = 0; k < T * M; k++)
        a[k] = oco_rng_uniform_range(&rng, 0, 2);
    for (size_t t = 0; t < T; t++) {
        c[t] = oco_rng_uniform_range(&rng, 0, 2);
        ones[t] = 1;
    }
    for (size_t i = 0; i < M; i++)
        b[i] = T * 0.4;
    int *cs, *ri, own;
    double *v;
    assert_int_equal(oco__lp_csc_from_columns(a, T, M, 1, &cs, &ri, &v, &own), OCO_OK);
    oco_lp_problem p = {.ncols = T, .nrows = M, .maximize = 1, .obj = c, .col_upper = ones,
                        .row_upper = b, .colstart = cs, .rowind = ri, .values = v};
    oco_lp_opts o = oco__lp_opts_default();
    o.algorithm = OCO_LP_DUAL_SIMPLEX;
    o.presolve = 0;
    o.max_iterations = 1;
    oco_lp_result r;
    assert_int_equal(oco__lp_solve(&p, &o, &r, NULL, NULL, NULL), OCO_ELIMIT);
    assert_int_equal(r.clp_status, 3);
    assert_non_null(strstr(oco_last_error(), "limit"));
    o.max_iterations = 0;
    assert_int_equal(oco__lp_solve(&p, &o, &r, NULL, NULL, NULL), OCO_OK);
    assert_true(r.iterations > 1);
    free(cs);
    free(ri);
    if (own)
        free(v);
}

static void test_bad_input(void **st)
{
    (void)st;
    const int cs[] = {0, 1, 2}, csbad[] = {0, 2, 1};
    const int ri[] = {0, 0}, ribad[] = {0, 3};
    const double v[] = {1, 1}, vnan[] = {1, NAN}, obj[] = {1, 1}, ru[] = {1};
    const double oinf[] = {1, INFINITY}, lo_bad[] = {0, INFINITY};
    oco_lp_problem good = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj, .row_upper = ru,
                           .colstart = cs, .rowind = ri, .values = v};
    oco_lp_problem p;
    assert_int_equal(oco__lp_solve(NULL, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    p = good;
    p.values = vnan;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "values[1]"));
    p = good;
    p.rowind = ribad;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "rowind[1]"));
    p = good;
    p.colstart = csbad;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "colstart"));
    p = good;
    p.obj = oinf;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "obj[1]"));
    p = good;
    p.col_lower = lo_bad;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "col_lower[1]"));
    p = good;
    p.ncols = 0;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    p = good;
    p.ncols = (size_t)INT_MAX + 1;
    assert_int_equal(oco__lp_solve(&p, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "int limit"));
    oco_lp_opts o = oco__lp_opts_default();
    o.time_limit = NAN;
    oco_lp_result r;
    assert_int_equal(oco__lp_solve(&good, &o, &r, NULL, NULL, NULL), OCO_EINVAL);
    assert_int_equal(r.status, OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "time_limit"));
    o = oco__lp_opts_default();
    o.algorithm = (oco_lp_algorithm)42;
    assert_int_equal(oco__lp_solve(&good, &o, NULL, NULL, NULL, NULL), OCO_EINVAL);
    o = oco__lp_opts_default();
    o.scaling = 7;
    assert_int_equal(oco__lp_solve(&good, &o, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "scaling"));
    /* and the good one still solves */
    assert_int_equal(oco__lp_solve(&good, NULL, &r, NULL, NULL, NULL), OCO_OK);
    NEAR(r.objective, 1.0, 1e-12);
}

static void test_csc_builder(void **st)
{
    (void)st;
    /* 3 orders, m = 2, row-major by order: a_0 = (1, 0), a_1 = (0, 0), a_2 = (-2, 3) */
    const double a[] = {1, 0, 0, 0, -2, 3};
    int *cs, *ri, own;
    double *v;
    assert_int_equal(oco__lp_csc_from_columns(a, 3, 2, 1, &cs, &ri, &v, &own), OCO_OK);
    assert_int_equal(own, 1);
    const int cs_ref[] = {0, 1, 1, 3}, ri_ref[] = {0, 0, 1};
    const double v_ref[] = {1, -2, 3};
    for (int j = 0; j < 4; j++)
        assert_int_equal(cs[j], cs_ref[j]);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(ri[k], ri_ref[k]);
        assert_true(v[k] == v_ref[k]);
    }
    free(cs);
    free(ri);
    free(v);
    const double dense[] = {1, 2, 3, 4};
    assert_int_equal(oco__lp_csc_from_columns(dense, 2, 2, 1, &cs, &ri, &v, &own), OCO_OK);
    assert_int_equal(own, 0);
    assert_ptr_equal(v, dense); /* shared, no copy */
    assert_int_equal(cs[2], 4);
    assert_int_equal(ri[3], 1);
    free(cs);
    free(ri);
    assert_int_equal(oco__lp_csc_from_columns(dense, 2, 2, 0, &cs, &ri, &v, &own), OCO_OK);
    assert_int_equal(own, 1);
    assert_true(v != dense && v[3] == 4);
    free(cs);
    free(ri);
    free(v);
    assert_int_equal(oco__lp_csc_from_columns(dense, 0, 2, 1, &cs, &ri, &v, &own), OCO_EINVAL);
    assert_int_equal(oco__lp_csc_from_columns(dense, (size_t)INT_MAX, 1, 1, &cs, &ri, &v, &own),
                     OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "int limit"));
}

/* Random feasible, bounded LP: finite column boxes, rows of every kind built
 * around a point x0 of the box so that x0 is feasible. */
typedef struct rand_lp {
    size_t n, m;
    int cs[16];
    int ri[128];
    double v[128], obj[16], cl[16], cu[16], rl[16], ru[16];
    oco_lp_problem p;
} rand_lp;

static void rand_lp_fill(rand_lp *L, oco_rng *rng)
{
    L->n = 2 + oco_rng_below(rng, 7);
    L->m = 1 + oco_rng_below(rng, 6);
    double x0[16], act[16] = {0};
    int k = 0;
    for (size_t j = 0; j < L->n; j++) {
        L->cl[j] = oco_rng_below(rng, 3) == 0 ? 0.0 : oco_rng_uniform_range(rng, -2, 0);
        L->cu[j] = oco_rng_uniform_range(rng, 0.5, 3);
        x0[j] = oco_rng_uniform_range(rng, L->cl[j], L->cu[j]);
        L->obj[j] = oco_rng_uniform_range(rng, -3, 3);
        L->cs[j] = k;
        for (size_t i = 0; i < L->m; i++) {
            if (oco_rng_uniform(rng) < 0.3)
                continue;
            L->ri[k] = (int)i;
            L->v[k] = oco_rng_uniform_range(rng, -3, 3);
            act[i] += L->v[k] * x0[j];
            k++;
        }
    }
    L->cs[L->n] = k;
    for (size_t i = 0; i < L->m; i++) {
        const uint64_t kind = oco_rng_below(rng, 4);
        L->rl[i] = kind == 0 ? -INFINITY : act[i] - oco_rng_uniform(rng);
        L->ru[i] = kind == 1 ? INFINITY : act[i] + oco_rng_uniform(rng);
        if (kind == 3)
            L->rl[i] = L->ru[i] = act[i];
    }
    L->p = (oco_lp_problem){.ncols = L->n, .nrows = L->m, .maximize = (int)oco_rng_below(rng, 2),
                            .obj = L->obj, .col_lower = L->cl, .col_upper = L->cu,
                            .row_lower = L->rl, .row_upper = L->ru, .colstart = L->cs,
                            .rowind = L->ri, .values = L->v};
}

/* KKT of (x, y) for our sign convention (lp.h): d = obj − Aᵀy; s = +1 for
 * max, −1 for min; s·d_j <= 0 unless x_j is at its upper bound, s·d_j >= 0
 * unless at its lower bound; s·y_i >= 0 unless the row is at its lower bound,
 * s·y_i <= 0 unless at its upper bound; and the duality gap closes. */
static void check_kkt(const oco_lp_problem *p, const double *x, const double *y,
                      const double *act, double z)
{
    const double tol = 1e-7, s = p->maximize ? 1.0 : -1.0;
    double dual = 0.0;
    for (size_t i = 0; i < p->nrows; i++) {
        const int at_lo = act[i] <= p->row_lower[i] + tol, at_up = act[i] >= p->row_upper[i] - tol;
        if (!at_lo)
            assert_true(s * y[i] >= -tol);
        if (!at_up)
            assert_true(s * y[i] <= tol);
        if (fabs(y[i]) > 1e-12) /* the bound the row must sit at */
            dual += y[i] * (s * y[i] > 0 ? p->row_upper[i] : p->row_lower[i]);
    }
    for (size_t j = 0; j < p->ncols; j++) {
        double d = p->obj[j];
        for (int k = p->colstart[j]; k < p->colstart[j + 1]; k++)
            d -= p->values[k] * y[p->rowind[k]];
        const int at_lo = x[j] <= p->col_lower[j] + tol, at_up = x[j] >= p->col_upper[j] - tol;
        if (!at_up)
            assert_true(s * d <= tol);
        if (!at_lo)
            assert_true(s * d >= -tol);
        if (fabs(d) > 1e-12)
            dual += d * (s * d > 0 ? p->col_upper[j] : p->col_lower[j]);
    }
    NEAR(dual, z, 1e-7);
}

static void test_random_vs_glpk(void **st)
{
    (void)st;
    oco_rng rng;
    oco_rng_seed(&rng, 2024, 3);
    int glpk = glpk_available(), compared = 0;
    if (!glpk)
        fprintf(stderr, "test_lp: glpsol not found, skipping the GLPK cross-check\n");
    for (int rep = 0; rep < 40; rep++) {
        rand_lp L;
        rand_lp_fill(&L, &rng);
        oco_lp_opts o = oco__lp_opts_default();
        o.algorithm = ALGS[rep % NALGS];
        o.presolve = rep % 4 < 2;
        o.scaling = rep % 2 ? 0 : -1;
        oco_lp_result r;
        double x[16], y[16], act[16];
        assert_int_equal(oco__lp_solve(&L.p, &o, &r, x, y, act), OCO_OK);
        check_kkt(&L.p, x, y, act, r.objective);
        if (glpk && rep % 2 == 0) {
            double zg = NAN;
            assert_int_equal(glpk_solve(&L.p, &zg), GLPK_OK);
            NEAR(r.objective, zg, 1e-9);
            compared++;
        }
    }
    if (glpk) {
        assert_int_equal(compared, 20);
        /* both agree on infeasibility too */
        rand_lp L;
        rand_lp_fill(&L, &rng);
        L.rl[0] = 1e3;
        L.ru[0] = INFINITY; /* |row| <= 3·8·3 < 1e3 on the box */
        double zg;
        assert_int_equal(glpk_solve(&L.p, &zg), GLPK_INFEASIBLE);
        assert_int_equal(oco__lp_solve(&L.p, NULL, NULL, NULL, NULL, NULL), OCO_EINFEASIBLE);
    }
}

/* The library never prints: capture fds 1 and 2 around solves of every kind
 * (presolve on, barrier, infeasible, unbounded, a 2000-column OLP). */
static void test_silent(void **st)
{
    (void)st;
    char path[] = "/tmp/oco_lp_silentXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    int s1 = dup(1), s2 = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);

    oco_rng rng;
    oco_rng_seed(&rng, 5, 0);
    for (int rep = 0; rep < 8; rep++) {
        rand_lp L;
        rand_lp_fill(&L, &rng);
        oco_lp_opts o = oco__lp_opts_default();
        o.algorithm = ALGS[rep % NALGS];
        o.presolve = rep % 2;
        (void)oco__lp_solve(&L.p, &o, NULL, NULL, NULL, NULL);
        L.rl[0] = 1e3;
        L.ru[0] = INFINITY;
        (void)oco__lp_solve(&L.p, &o, NULL, NULL, NULL, NULL);
    }
    const int cs[] = {0, 1, 2}, ri[] = {0, 0};
    const double vu[] = {1, -1}, obj[] = {1, 0}, ru[] = {1};
    oco_lp_problem q = {.ncols = 2, .nrows = 1, .maximize = 1, .obj = obj, .row_upper = ru,
                        .colstart = cs, .rowind = ri, .values = vu};
    (void)oco__lp_solve(&q, NULL, NULL, NULL, NULL, NULL);
    enum { T = 2000, M = 3 };
    static double a[T * M], c[T], ones[T];
    double b[M] = {T * 0.3, T * 0.5, T * 0.6};
    for (size_t k = 0; k < T * M; k++)
        a[k] = oco_rng_uniform_range(&rng, 0, 2);
    for (size_t t = 0; t < T; t++) {
        c[t] = oco_rng_uniform_range(&rng, 0, 2);
        ones[t] = 1;
    }
    int *cs2, *ri2, own;
    double *v2;
    int rc = oco__lp_csc_from_columns(a, T, M, 1, &cs2, &ri2, &v2, &own);
    oco_lp_problem p = {.ncols = T, .nrows = M, .maximize = 1, .obj = c, .col_upper = ones,
                        .row_upper = b, .colstart = cs2, .rowind = ri2, .values = v2};
    int rcs[6];
    for (int k = 0; k < 6; k++) {
        oco_lp_opts o = oco__lp_opts_default();
        o.algorithm = ALGS[k % NALGS];
        o.presolve = k < 3;
        o.scaling = k % 2 ? 0 : -1;
        rcs[k] = oco__lp_solve(&p, &o, NULL, NULL, NULL, NULL);
    }

    fflush(stdout);
    fflush(stderr);
    dup2(s1, 1);
    dup2(s2, 2);
    close(s1);
    close(s2);
    struct stat sb;
    assert_int_equal(fstat(fd, &sb), 0);
    close(fd);
    remove(path);
    assert_int_equal(rc, OCO_OK);
    for (int k = 0; k < 6; k++)
        assert_int_equal(rcs[k], OCO_OK);
    free(cs2);
    free(ri2);
    if (own)
        free(v2);
    assert_int_equal((int)sb.st_size, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wyndor_all_algorithms),
        cmocka_unit_test(test_min_duals),
        cmocka_unit_test(test_box_equality_ranged),
        cmocka_unit_test(test_infeasible_unbounded),
        cmocka_unit_test(test_iteration_limit),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_csc_builder),
        cmocka_unit_test(test_random_vs_glpk),
        cmocka_unit_test(test_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
