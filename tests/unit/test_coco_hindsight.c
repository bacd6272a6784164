#define _POSIX_C_SOURCE 200809L /* mkstemp, write, close, unlink */
/* Hindsight comparators of the constrained-OCO problems
 * (oco_coco_problem_hindsight): the closed form (d = 1), the LP with row
 * generation and the certified barrier against independent references: the
 * full LP of all T·k rows solved by CLP and by GLPK (glpsol), a brute-force
 * grid on a 2-D ball, feasibility of the returned point by replay, and
 * OCO_EINFEASIBLE with a message for empty sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glpk_oracle.h"
#include "hindsight/coco_opt_internal.h"
#include "oco/coco_problem.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "solvers/lp.h"
#include "solvers/qp_domain.h"

static oco_coco_problem *make(oco_coco_problem_kind kind, size_t d, size_t k, size_t T,
                              const oco_domain *dom, uint64_t seed)
{
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = kind;
    o.d = d;
    o.k = k;
    o.T = T;
    o.seed = seed;
    oco_coco_problem *p = oco_coco_problem_new(&o, dom);
    assert_non_null(p);
    return p;
}

/* The full LP of a linear problem on a box, built independently of the
 * library's hindsight: min Σ_t c_t·x subject to all T·k rows (per-round) or
 * the k summed rows Σ_t a_{t,j}·x <= Σ_t b_{t,j} + B_j (long-term). */
typedef struct full_lp {
    oco_lp_problem lp;
    double *obj, *lo, *hi, *rup, *val, c0;
    int *cs, *ri;
} full_lp;

static void full_lp_build(oco_coco_problem *p, oco_coco_benchmark bench, const double *B,
                          full_lp *F)
{
    const size_t d = oco_coco_problem_dim(p), k = oco_coco_problem_nconstraints(p);
    const size_t T = oco_coco_problem_horizon(p);
    const size_t nr = bench == OCO_COCO_BENCH_PER_ROUND ? T * k : k;
    double *rowsA = calloc(nr * d, sizeof *rowsA);
    F->obj = calloc(d, sizeof *F->obj);
    F->lo = malloc(2 * d * sizeof *F->lo);
    F->hi = F->lo + d;
    F->rup = calloc(nr, sizeof *F->rup);
    F->c0 = 0;
    oco__qpd_domain_geometry(oco_coco_problem_domain(p), NULL, NULL, F->lo, F->hi, NULL);
    oco_coco_problem_rewind(p);
    size_t t = 0;
    while (oco_coco_problem_next(p) == OCO_OK) {
        const oco_quad_map *f = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
        assert_null(f->P);
        for (size_t i = 0; i < d; ++i)
            F->obj[i] += f->A[i];
        F->c0 -= f->b ? f->b[0] : 0;
        for (size_t j = 0; j < k; ++j) {
            size_t r = bench == OCO_COCO_BENCH_PER_ROUND ? t * k + j : j;
            for (size_t i = 0; i < d; ++i)
                rowsA[r * d + i] += g->A[j * d + i];
            F->rup[r] += g->b[j];
        }
        ++t;
    }
    oco_coco_problem_rewind(p);
    if (bench == OCO_COCO_BENCH_LONG_TERM && B)
        for (size_t j = 0; j < k; ++j)
            F->rup[j] += B[j];
    F->cs = malloc((d + 1) * sizeof *F->cs);
    F->ri = malloc(nr * d * sizeof *F->ri);
    F->val = malloc(nr * d * sizeof *F->val);
    int nz = 0;
    for (size_t i = 0; i < d; ++i) {
        F->cs[i] = nz;
        for (size_t r = 0; r < nr; ++r)
            if (rowsA[r * d + i] != 0) {
                F->ri[nz] = (int)r;
                F->val[nz++] = rowsA[r * d + i];
            }
    }
    F->cs[d] = nz;
    free(rowsA);
    F->lp = (oco_lp_problem){d, nr, 0, F->obj, F->lo, F->hi, NULL, F->rup, F->cs, F->ri, F->val};
}

static void full_lp_free(full_lp *F)
{
    free(F->obj);
    free(F->lo);
    free(F->rup);
    free(F->cs);
    free(F->ri);
    free(F->val);
}

/* max_{t,j} g_{t,j}(x) by replay (per-round) or max_j Σ_t g_{t,j}(x) − B_j. */
static double max_violation(oco_coco_problem *p, oco_coco_benchmark bench, const double *B,
                            const double *x)
{
    const size_t k = oco_coco_problem_nconstraints(p);
    double *g = calloc(k, sizeof *g), *S = calloc(k, sizeof *S), m = -INFINITY;
    oco_coco_problem_rewind(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        oco_quad_map_eval(oco_coco_problem_cons(p), x, g, NULL);
        for (size_t j = 0; j < k; ++j) {
            m = fmax(m, g[j]);
            S[j] += g[j];
        }
    }
    oco_coco_problem_rewind(p);
    if (bench == OCO_COCO_BENCH_LONG_TERM) {
        m = -INFINITY;
        for (size_t j = 0; j < k; ++j)
            m = fmax(m, S[j] - (B ? B[j] : 0));
    }
    free(g);
    free(S);
    return m;
}

/* Σ_t f_t(x) by replay. */
static double total_cost(oco_coco_problem *p, const double *x)
{
    double s = 0, v;
    oco_coco_problem_rewind(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        oco_quad_map_eval(oco_coco_problem_cost(p), x, &v, NULL);
        s += v;
    }
    oco_coco_problem_rewind(p);
    return s;
}

/* LP (row generation / k rows) == full LP by CLP == GLPK; on d = 1 also the
 * closed form. */
static void check_lp(oco_coco_problem *p, oco_coco_benchmark bench, const double *B, int cf)
{
    const size_t d = oco_coco_problem_dim(p);
    oco_coco_hindsight h;
    double x[8];
    assert_int_equal(oco__coco_hindsight_method(p, bench, B, OCO_COCO_HS_LP, x, &h), OCO_OK);
    assert_string_equal(h.method, "lp");
    assert_true(h.gap == 0);
    full_lp F;
    full_lp_build(p, bench, B, &F);
    double xf[8], obj_glpk;
    oco_lp_result res;
    assert_int_equal(oco__lp_solve(&F.lp, NULL, &res, xf, NULL, NULL), OCO_OK);
    double full = res.objective + F.c0, tol = 1e-9 * fmax(1, fabs(full));
    assert_true(fabs(h.comparator - full) <= tol);
    assert_true(fabs(total_cost(p, x) - h.comparator) <= tol); /* the point's own value */
    assert_true(max_violation(p, bench, B, x) <= 1e-7);
    int g = glpk_solve(&F.lp, &obj_glpk);
    if (g != GLPK_MISSING) {
        assert_int_equal(g, GLPK_OK);
        assert_true(fabs(obj_glpk + F.c0 - h.comparator) <= 1e-7 * fmax(1, fabs(full)));
    }
    if (cf) {
        oco_coco_hindsight hc;
        double xc;
        assert_int_equal(d, 1);
        assert_int_equal(oco__coco_hindsight_method(p, bench, B, OCO_COCO_HS_CLOSED_FORM, &xc, &hc),
                         OCO_OK);
        assert_string_equal(hc.method, "closed-form");
        assert_true(fabs(hc.comparator - full) <= tol);
        /* AUTO picks the closed form on d = 1 */
        assert_int_equal(oco_coco_problem_hindsight(p, bench, B, NULL, &hc), OCO_OK);
        assert_string_equal(hc.method, "closed-form");
    }
    full_lp_free(&F);
}

static void test_closed_form_lp_glpk(void **st)
{
    (void)st;
    oco_domain *b1 = oco_domain_box_uniform(1, -1, 2), *b3 = oco_domain_box_uniform(3, -1, 1);
    const double B1[2] = {3.0, -1.0}, B3[3] = {0.5, 0.0, 2.0};
    for (uint64_t seed = 1; seed <= 3; ++seed) {
        oco_coco_problem *p = make(OCO_COCO_PROBLEM_LINEAR, 1, 2, 40, b1, seed);
        check_lp(p, OCO_COCO_BENCH_PER_ROUND, NULL, 1);
        check_lp(p, OCO_COCO_BENCH_LONG_TERM, NULL, 1);
        check_lp(p, OCO_COCO_BENCH_LONG_TERM, B1, 1);
        oco_coco_problem_free(p);
        p = make(OCO_COCO_PROBLEM_LINEAR, 3, 3, 30, b3, seed);
        check_lp(p, OCO_COCO_BENCH_PER_ROUND, NULL, 0);
        check_lp(p, OCO_COCO_BENCH_LONG_TERM, NULL, 0);
        check_lp(p, OCO_COCO_BENCH_LONG_TERM, B3, 0);
        oco_coco_problem_free(p);
    }
    /* the llp-exp stand-ins (quadratic cost, d = 1): closed form against a
     * fine grid of [0, 1] restricted to the feasible set */
    oco_domain *b01 = oco_domain_box_uniform(1, 0, 1);
    for (int e = 0; e < 2; ++e) {
        for (int bench = 0; bench < 2; ++bench) {
            oco_coco_problem *p = make(e ? OCO_COCO_PROBLEM_LLP_EXP2 : OCO_COCO_PROBLEM_LLP_EXP1,
                                       1, 1, 200, b01, 5);
            oco_coco_hindsight h;
            double xs;
            assert_int_equal(oco_coco_problem_hindsight(p, (oco_coco_benchmark)bench, NULL, &xs, &h),
                             OCO_OK);
            assert_string_equal(h.method, "closed-form");
            double best = INFINITY;
            for (int i = 0; i <= 1000; ++i) {
                double x = i / 1000.0;
                if (max_violation(p, (oco_coco_benchmark)bench, NULL, &x) <= 0)
                    best = fmin(best, total_cost(p, &x));
            }
            assert_true(h.comparator <= best + 1e-9);
            /* per-round: x* = min u_t (exp1) — below 0.9, so the constraint binds */
            assert_true(max_violation(p, (oco_coco_benchmark)bench, NULL, &xs) <= 1e-12);
            assert_true(fabs(total_cost(p, &xs) - h.comparator) <= 1e-9);
            assert_true(best - h.comparator <= 200 * 2 * 0.001 + 1e-9); /* grid step 1e-3 */
            oco_coco_problem_free(p);
        }
    }
    oco_domain_free(b01);
    oco_domain_free(b1);
    oco_domain_free(b3);
}

/* Row generation on T = 200 gives the optimum of the full LP. */
static void test_rowgen_full_lp(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(5, 0, 2);
    oco_coco_problem *p = make(OCO_COCO_PROBLEM_LINEAR, 5, 4, 200, box, 17);
    check_lp(p, OCO_COCO_BENCH_PER_ROUND, NULL, 0);
    oco_coco_hindsight h;
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &h),
                     OCO_OK);
    assert_string_equal(h.method, "lp");
    assert_true(h.iterations >= 2); /* it did generate rows */
    oco_coco_problem_free(p);
    oco_domain *unit = oco_domain_box_uniform(6, 0, 1);
    p = make(OCO_COCO_PROBLEM_RESOURCE, 6, 3, 200, unit, 3);
    check_lp(p, OCO_COCO_BENCH_PER_ROUND, NULL, 0);
    check_lp(p, OCO_COCO_BENCH_LONG_TERM, NULL, 0);
    oco_coco_problem_free(p);
    oco_domain_free(unit);
    oco_domain_free(box);
}

/* The barrier forced on linear box instances: its certified interval
 * [comparator − gap, comparator] contains the LP optimum, its point is
 * feasible, and the gap meets the 1e-7 relative target. */
static void test_barrier_vs_clp(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(3, -1, 2);
    for (uint64_t seed = 1; seed <= 3; ++seed) {
        oco_coco_problem *p = make(OCO_COCO_PROBLEM_LINEAR, 3, 2, 150, box, seed);
        for (int bench = 0; bench < 2; ++bench) {
            oco_coco_benchmark b = (oco_coco_benchmark)bench;
            oco_coco_hindsight hl, hb;
            double xb[3];
            assert_int_equal(oco__coco_hindsight_method(p, b, NULL, OCO_COCO_HS_LP, NULL, &hl),
                             OCO_OK);
            assert_int_equal(oco__coco_hindsight_method(p, b, NULL, OCO_COCO_HS_BARRIER, xb, &hb),
                             OCO_OK);
            assert_string_equal(hb.method, "barrier");
            double scale = fmax(1, fabs(hl.comparator));
            assert_true(hb.gap >= 0 && hb.gap <= 1e-7 * fmax(1, fabs(hb.comparator)));
            assert_true(hb.comparator >= hl.comparator - 1e-9 * scale);
            assert_true(hb.comparator - hb.gap <= hl.comparator + 1e-9 * scale);
            assert_true(max_violation(p, b, NULL, xb) <= 0);
            assert_true(fabs(total_cost(p, xb) - hb.comparator) <= 1e-9 * scale);
        }
        oco_coco_problem_free(p);
    }
    oco_domain_free(box);
}

/* Quadratic instances on a 2-D ball against a brute-force polar grid of the
 * feasible set: the grid minimum is >= the optimum >= comparator − gap, and
 * within the grid's resolution of the comparator. */
static void check_ball_grid(oco_coco_problem_kind kind, oco_coco_benchmark bench, uint64_t seed)
{
    const double R = 1.5;
    oco_domain *ball = oco_domain_ball(2, R);
    oco_coco_problem *p = make(kind, 2, 2, 40, ball, seed);
    oco_coco_hindsight h;
    double xs[2];
    assert_int_equal(oco_coco_problem_hindsight(p, bench, NULL, xs, &h), OCO_OK);
    assert_string_equal(h.method, "barrier");
    assert_true(h.gap <= 1e-7 * fmax(1, fabs(h.comparator)));
    assert_true(max_violation(p, bench, NULL, xs) <= 0);
    assert_true(oco_domain_contains(ball, xs, 0));
    /* the comparator is the objective of the (feasible) point returned */
    assert_true(fabs(total_cost(p, xs) - h.comparator) <= 1e-9 * fmax(1, fabs(h.comparator)));
    /* Σ f_t and the constraints on the grid, by replay per grid point would be
     * slow: aggregate Σ f_t (a quadratic) and store the 40·2 constraint maps. */
    double H[4] = {0}, hh[2] = {0}, c0 = 0;
    enum { T = 40, K = 2 };
    double GP[T][K][4], GA[T][K][2], Gb[T][K];
    oco_coco_problem_rewind(p);
    for (size_t t = 0; oco_coco_problem_next(p) == OCO_OK; ++t) {
        const oco_quad_map *f = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
        for (int i = 0; i < 4; ++i)
            H[i] += f->P ? f->P[i] : 0.0;
        hh[0] += f->A[0];
        hh[1] += f->A[1];
        c0 -= f->b ? f->b[0] : 0.0;
        for (int j = 0; j < K; ++j) {
            for (int i = 0; i < 4; ++i)
                GP[t][j][i] = g->P ? g->P[j * 4 + i] : 0;
            GA[t][j][0] = g->A[j * 2];
            GA[t][j][1] = g->A[j * 2 + 1];
            Gb[t][j] = g->b[j];
        }
    }
    oco_coco_problem_rewind(p);
    double best = INFINITY;
    const int NR = 300, NA = 1200;
    for (int ir = 0; ir <= NR; ++ir)
        for (int ia = 0; ia < (ir ? NA : 1); ++ia) {
            double r = R * ir / NR, a = 2 * 3.14159265358979323846 * ia / NA, x[2] = {r * cos(a), r * sin(a)};
            int ok = 1;
            double S[K] = {0};
            for (int t = 0; t < T && ok; ++t)
                for (int j = 0; j < K; ++j) {
                    const double *P = GP[t][j];
                    double v = 0.5 * (x[0] * (P[0] * x[0] + P[1] * x[1]) +
                                      x[1] * (P[2] * x[0] + P[3] * x[1])) +
                               GA[t][j][0] * x[0] + GA[t][j][1] * x[1] - Gb[t][j];
                    S[j] += v;
                    if (bench == OCO_COCO_BENCH_PER_ROUND && v > 0)
                        ok = 0;
                }
            if (bench == OCO_COCO_BENCH_LONG_TERM)
                for (int j = 0; j < K; ++j)
                    ok &= S[j] <= 0;
            if (!ok)
                continue;
            double v = 0.5 * (x[0] * (H[0] * x[0] + H[1] * x[1]) + x[1] * (H[2] * x[0] + H[3] * x[1])) +
                       hh[0] * x[0] + hh[1] * x[1] + c0;
            best = fmin(best, v);
        }
    assert_true(isfinite(best));
    double scale = fmax(1, fabs(best));
    assert_true(h.comparator - h.gap <= best + 1e-9 * scale); /* certified lower end */
    /* resolution: the radial step is 5e-3, the angular ≤ 8e-3; Σf is
     * Lipschitz with ≤ T·G = 40·7.5 */
    assert_true(best - h.comparator <= 40 * 7.5 * 0.01);
    oco_coco_problem_free(p);
    oco_domain_free(ball);
}

static void test_barrier_ball_grid(void **st)
{
    (void)st;
    check_ball_grid(OCO_COCO_PROBLEM_QUADRATIC, OCO_COCO_BENCH_PER_ROUND, 1);
    check_ball_grid(OCO_COCO_PROBLEM_QUADRATIC, OCO_COCO_BENCH_LONG_TERM, 2);
    check_ball_grid(OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS, OCO_COCO_BENCH_PER_ROUND, 3);
    check_ball_grid(OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS, OCO_COCO_BENCH_LONG_TERM, 4);
    check_ball_grid(OCO_COCO_PROBLEM_LINEAR, OCO_COCO_BENCH_PER_ROUND, 5);
}

/* ---- empty sets --------------------------------------------------------------- */
static char tmp_path[64];

static const char *write_tmp(const char *text)
{
    strcpy(tmp_path, "/tmp/oco_coco_hs_XXXXXX");
    int fd = mkstemp(tmp_path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return tmp_path;
}

static void expect_infeasible(oco_coco_problem *p, oco_coco_benchmark b, const double *B,
                              oco_coco_hs_method m, const char *what)
{
    oco_coco_hindsight h;
    int rc = oco__coco_hindsight_method(p, b, B, m, NULL, &h);
    if (rc != OCO_EINFEASIBLE || !strstr(oco_last_error(), what))
        fail_msg("expected OCO_EINFEASIBLE '%s', got %d '%s'", what, rc, oco_last_error());
    assert_true(isnan(h.comparator));
}

static void test_infeasible(void **st)
{
    (void)st;
    /* round 1: x1 <= −0.5, round 2: x1 >= 0.5 (per-round empty); their sum
     * 0 <= −1 makes the long-term set empty too unless B >= 1. */
    const char *path = write_tmp("c1,c2,A1_1,A1_2,b1\n1,1,1,0,-0.5\n1,1,-1,0,-0.5\n");
    oco_domain *box = oco_domain_box_uniform(2, -1, 1), *ball = oco_domain_ball(2, 1);
    oco_coco_problem *p = oco_coco_problem_from_csv(path, box);
    assert_non_null(p);
    expect_infeasible(p, OCO_COCO_BENCH_PER_ROUND, NULL, OCO_COCO_HS_AUTO, "per-round benchmark: empty");
    expect_infeasible(p, OCO_COCO_BENCH_PER_ROUND, NULL, OCO_COCO_HS_BARRIER, "per-round benchmark: empty");
    expect_infeasible(p, OCO_COCO_BENCH_LONG_TERM, NULL, OCO_COCO_HS_AUTO, "long-term benchmark: empty");
    expect_infeasible(p, OCO_COCO_BENCH_LONG_TERM, NULL, OCO_COCO_HS_BARRIER, "long-term benchmark: empty");
    const double B = 1.5;
    oco_coco_hindsight h;
    double x[2];
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_LONG_TERM, &B, x, &h), OCO_OK);
    assert_true(fabs(h.comparator - (-4.0)) <= 1e-9); /* min 2(x1 + x2) on [−1, 1]² */
    oco_coco_problem_free(p);
    p = oco_coco_problem_from_csv(path, ball);
    assert_non_null(p);
    expect_infeasible(p, OCO_COCO_BENCH_PER_ROUND, NULL, OCO_COCO_HS_AUTO, "per-round benchmark: empty");
    oco_coco_problem_free(p);
    unlink(path);
    /* d = 1: the closed form names both rounds */
    path = write_tmp("c1,A1_1,b1\n1,1,-0.5\n0,2,1\n1,-1,-0.5\n");
    oco_domain *b1 = oco_domain_box_uniform(1, -1, 1);
    p = oco_coco_problem_from_csv(path, b1);
    assert_non_null(p);
    expect_infeasible(p, OCO_COCO_BENCH_PER_ROUND, NULL, OCO_COCO_HS_AUTO,
                      "round 3, constraint 1 needs x >= 0.5 but round 1, constraint 1 needs x <= -0.5");
    expect_infeasible(p, OCO_COCO_BENCH_PER_ROUND, NULL, OCO_COCO_HS_LP, "per-round benchmark: empty");
    oco_coco_problem_free(p);
    unlink(path);
    oco_domain_free(b1);
    oco_domain_free(box);
    oco_domain_free(ball);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_lp_glpk),
        cmocka_unit_test(test_rowgen_full_lp),
        cmocka_unit_test(test_barrier_vs_clp),
        cmocka_unit_test(test_barrier_ball_grid),
        cmocka_unit_test(test_infeasible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
