#define _POSIX_C_SOURCE 200809L /* mkstemp, write, close, unlink */
/* Constrained-OCO problems (include/oco/coco_problem.h): every family is
 * reproducible (rewind replays bit-identical rounds), its documented strictly
 * feasible point is strictly feasible in every round, the bounds G, L_g,
 * g_max, F hold on sampled points of X, the llp-exp stand-ins are exactly
 * llp_sarkar.md A.7, and the CSV problem file round-trips and rejects every
 * bad input with the exact line:column. */
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

#include "oco/coco_problem.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"
#include "problems/coco_problem_impl.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static oco_coco_problem *make(oco_coco_problem_kind kind, size_t d, size_t k, size_t T,
                              const oco_domain *dom, uint64_t seed)
{
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = kind;
    o.d = d;
    o.k = k;
    o.T = T;
    o.seed = seed;
    return oco_coco_problem_new(&o, dom);
}

/* A point of X: uniform in a box; in a ball uniform in radius too, every
 * fourth point on the sphere (where the bounds are tight). */
static void sample(oco_rng *r, const oco_coco_problem *p, double *x)
{
    const size_t d = p->d;
    if (p->lo) {
        for (size_t i = 0; i < d; ++i) {
            double u = oco_rng_uniform(r);
            if (oco_rng_below(r, 4) == 0)
                u = u < 0.5 ? 0 : 1; /* corners of the box */
            x[i] = p->lo[i] + u * (p->hi[i] - p->lo[i]);
        }
    } else {
        for (size_t i = 0; i < d; ++i)
            x[i] = oco_rng_normal(r, 0, 1);
        double n = oco_nrm2(x, d), rad = oco_rng_below(r, 4) ? oco_rng_uniform(r) : 1.0;
        oco_scal(p->RX * rad / n, x, d);
    }
}

static void check_family(oco_coco_problem_kind kind, size_t d, size_t k, const oco_domain *dom)
{
    const size_t T = 200;
    oco_coco_problem *p = make(kind, d, k, T, dom, 7);
    assert_non_null(p);
    k = oco_coco_problem_nconstraints(p);
    const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
    const oco_quad_map *f = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
    size_t nf = d * d + d + 1, ng = k * d * d + k * d + k;
    double *first = malloc((nf + ng) * T * sizeof *first);
    double *x = malloc(d * sizeof *x), *grad = malloc(d * sizeof *grad);
    double *gv = malloc(k * sizeof *gv), *J = malloc(k * d * sizeof *J);
    oco_rng r;
    oco_rng_seed(&r, 99, 0);
    for (int pass = 0; pass < 2; ++pass) {
        oco_coco_problem_rewind(p);
        for (size_t t = 0; t < T; ++t) {
            assert_int_equal(oco_coco_problem_next(p), OCO_OK);
            assert_int_equal(oco_coco_problem_round(p), t + 1);
            assert_int_equal(oco_quad_map_check(f, 1, d, "f"), OCO_OK);
            assert_int_equal(oco_quad_map_check(g, k, d, "g"), OCO_OK);
            double *snap = first + t * (nf + ng);
            double cur[4096];
            size_t n = 0;
            for (size_t i = 0; i < d * d; ++i)
                cur[n++] = f->P ? f->P[i] : 0.0;
            for (size_t i = 0; i < d; ++i)
                cur[n++] = f->A[i];
            cur[n++] = f->b ? f->b[0] : 0.0;
            for (size_t i = 0; i < k * d * d; ++i)
                cur[n++] = g->P ? g->P[i] : 0.0;
            for (size_t i = 0; i < k * d; ++i)
                cur[n++] = g->A[i];
            for (size_t j = 0; j < k; ++j)
                cur[n++] = g->b[j];
            assert_int_equal(n, nf + ng);
            if (pass == 0)
                memcpy(snap, cur, n * sizeof *cur);
            else /* rewind replays bit for bit */
                assert_memory_equal(snap, cur, n * sizeof *cur);
            /* the common strictly feasible point */
            oco_quad_map_eval(g, p->xfeas, gv, NULL);
            assert_true(oco_domain_contains(dom, p->xfeas, 0));
            for (size_t j = 0; j < k; ++j) {
                assert_true(gv[j] < 0);
                if (kind == OCO_COCO_PROBLEM_LINEAR || kind == OCO_COCO_PROBLEM_QUADRATIC)
                    assert_true(gv[j] <= -0.05 * oco_nrm2(g->A + j * d, d) * p->RX * (1 - 1e-12));
                else
                    assert_true(gv[j] <= -p->margin * (1 - 1e-12));
            }
            /* the bounds on sampled points of X */
            for (int s = 0; s < 20; ++s) {
                sample(&r, p, x);
                assert_true(oco_domain_contains(dom, x, 1e-12));
                double fv;
                oco_quad_map_eval(f, x, &fv, grad);
                oco_quad_map_eval(g, x, gv, J);
                assert_true(oco_nrm2(grad, d) <= in->G * (1 + 1e-12));
                assert_true(fabs(fv) <= in->F * (1 + 1e-12));
                assert_true(oco_nrm2(gv, k) <= in->g_max * (1 + 1e-12));
                assert_true(oco_nrm2(J, k * d) <= in->L_g * (1 + 1e-12)); /* Frobenius >= spectral */
            }
        }
        assert_int_equal(oco_coco_problem_next(p), OCO_ESTATE);
    }
    free(first);
    free(x);
    free(grad);
    free(gv);
    free(J);
    oco_coco_problem_free(p);
}

static void test_families(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(3, -1, 2), *ball = oco_domain_ball(3, 1.5);
    oco_domain *unit = oco_domain_box_uniform(3, 0, 1);
    const oco_coco_problem_kind kinds[] = {OCO_COCO_PROBLEM_LINEAR, OCO_COCO_PROBLEM_QUADRATIC,
                                           OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS};
    for (size_t i = 0; i < 3; ++i) {
        check_family(kinds[i], 3, 2, box);
        check_family(kinds[i], 3, 1, ball);
    }
    check_family(OCO_COCO_PROBLEM_RESOURCE, 3, 0, unit);
    check_family(OCO_COCO_PROBLEM_RESOURCE, 3, 3, unit);
    oco_domain *b01 = oco_domain_box_uniform(1, 0, 1);
    check_family(OCO_COCO_PROBLEM_LLP_EXP1, 1, 1, b01);
    check_family(OCO_COCO_PROBLEM_LLP_EXP2, 1, 1, b01);
    /* resource and the stand-ins reject other domains, with a message */
    assert_null(make(OCO_COCO_PROBLEM_RESOURCE, 3, 2, 10, box, 1));
    assert_non_null(strstr(oco_last_error(), "[0, 1]^d"));
    assert_null(make(OCO_COCO_PROBLEM_LLP_EXP1, 3, 1, 10, box, 1));
    assert_non_null(strstr(oco_last_error(), "d = k = 1"));
    oco_domain *b1 = oco_domain_box_uniform(1, -1, 1);
    assert_null(make(OCO_COCO_PROBLEM_LLP_EXP2, 1, 1, 10, b1, 1));
    assert_non_null(strstr(oco_last_error(), "[0, 1]"));
    assert_null(make(OCO_COCO_PROBLEM_LINEAR, 2, 1, 10, box, 1)); /* dimension mismatch */
    oco_domain *spx = oco_domain_simplex(3);
    assert_null(make(OCO_COCO_PROBLEM_LINEAR, 3, 1, 10, spx, 1));
    assert_non_null(strstr(oco_last_error(), "box or a ball"));
    oco_domain_free(spx);
    oco_domain_free(b1);
    oco_domain_free(b01);
    oco_domain_free(box);
    oco_domain_free(ball);
    oco_domain_free(unit);
}

/* llp-exp1/2 are exactly llp_sarkar.md A.7: f = (x − 0.9)², g_t = x − u_t with
 * u_t ~ U[0.3, 1], resp. x − 0.5 + w_t, w_t ~ U[−0.2, 0.2], from stream 0. */
static void test_llp_standins(void **st)
{
    (void)st;
    oco_domain *b01 = oco_domain_box_uniform(1, 0, 1);
    for (int e = 0; e < 2; ++e) {
        oco_coco_problem *p = make(e ? OCO_COCO_PROBLEM_LLP_EXP2 : OCO_COCO_PROBLEM_LLP_EXP1, 1,
                                   0, 500, b01, 42);
        assert_non_null(p);
        const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
        assert_non_null(in->fixed_cons);
        oco_rng r;
        oco_rng_seed(&r, 42, 0);
        double lo = 1, hi = 0;
        while (oco_coco_problem_next(p) == OCO_OK) {
            double u = e ? oco_rng_uniform_range(&r, -0.2, 0.2)
                         : oco_rng_uniform_range(&r, 0.3, 1.0);
            for (double x = 0; x <= 1; x += 0.125) {
                double fv, gv, fix;
                oco_quad_map_eval(oco_coco_problem_cost(p), &x, &fv, NULL);
                oco_quad_map_eval(oco_coco_problem_cons(p), &x, &gv, NULL);
                oco_quad_map_eval(in->fixed_cons, &x, &fix, NULL);
                assert_float_equal(fv, (x - 0.9) * (x - 0.9), 1e-15);
                assert_float_equal(gv, (e ? x - 0.5 + u : x - u), 1e-14);
                /* perturbed form g_t = g + b_t: b_t = −u_t resp. w_t */
                assert_float_equal(fix, (e ? x - 0.5 : x), 1e-15);
                NEAR(gv - fix, (e ? u : -u), 1e-14);
            }
            lo = fmin(lo, u);
            hi = fmax(hi, u);
        }
        assert_true(e ? lo < -0.19 && hi > 0.19 : lo < 0.31 && hi > 0.99);
        assert_string_equal(oco_coco_problem_label(p), e ? "llp-exp2" : "llp-exp1");
        assert_false(oco_coco_problem_is_linear(p));
        oco_coco_problem_free(p);
    }
    oco_domain_free(b01);
}

static void test_names(void **st)
{
    (void)st;
    for (int i = 0; i <= (int)OCO_COCO_PROBLEM_DATA; ++i) {
        oco_coco_problem_kind k;
        assert_int_equal(oco_coco_problem_kind_parse(
                             oco_coco_problem_kind_name((oco_coco_problem_kind)i), &k), OCO_OK);
        assert_int_equal((int)k, i);
    }
    oco_coco_problem_kind k;
    assert_int_equal(oco_coco_problem_kind_parse("lineer", &k), OCO_ENOTFOUND);
    oco_coco_benchmark b;
    assert_int_equal(oco_coco_benchmark_parse("long-term", &b), OCO_OK);
    assert_int_equal(b, OCO_COCO_BENCH_LONG_TERM);
    assert_string_equal(oco_coco_benchmark_name(OCO_COCO_BENCH_PER_ROUND), "per-round");
    assert_int_equal(oco_coco_benchmark_parse("perround", &b), OCO_ENOTFOUND);
}

/* ---- CSV ------------------------------------------------------------------ */
static char tmp_path[64];

static const char *write_tmp(const char *text)
{
    strcpy(tmp_path, "/tmp/oco_coco_csv_XXXXXX");
    int fd = mkstemp(tmp_path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return tmp_path;
}

static void test_csv_roundtrip(void **st)
{
    (void)st;
    /* d = 2, k = 2; blank lines skipped, CRLF accepted, blanks around names */
    const char *text = "c1, c2 ,A1_1,A1_2,b1,A2_1,A2_2,b2\r\n"
                       "1,2,3,4,5,6,7,8\n"
                       "\n"
                       "-1.5,0,0.25,-2,1e-3,0,0,-1\n";
    const char *path = write_tmp(text);
    size_t d = 0, k = 0;
    assert_int_equal(oco_coco_problem_file_dims(path, &d, &k), OCO_OK);
    assert_int_equal(d, 2);
    assert_int_equal(k, 2);
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    oco_coco_problem *p = oco_coco_problem_from_csv(path, box);
    assert_non_null(p);
    assert_int_equal(oco_coco_problem_horizon(p), 2);
    assert_true(oco_coco_problem_is_linear(p));
    assert_null(oco_coco_problem_get_info(p)->fixed_cons);
    char want[96];
    snprintf(want, sizeof want, "file:%s", path);
    assert_string_equal(oco_coco_problem_label(p), want);
    const double rows[2][8] = {{1, 2, 3, 4, 5, 6, 7, 8}, {-1.5, 0, 0.25, -2, 1e-3, 0, 0, -1}};
    for (int pass = 0; pass < 2; ++pass) {
        oco_coco_problem_rewind(p);
        for (int t = 0; t < 2; ++t) {
            assert_int_equal(oco_coco_problem_next(p), OCO_OK);
            const oco_quad_map *f = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
            assert_null(f->P);
            assert_null(g->P);
            assert_true(f->A[0] == rows[t][0] && f->A[1] == rows[t][1]);
            assert_true(g->A[0] == rows[t][2] && g->A[1] == rows[t][3] && g->b[0] == rows[t][4]);
            assert_true(g->A[2] == rows[t][5] && g->A[3] == rows[t][6] && g->b[1] == rows[t][7]);
            double x[2] = {0.5, -1}, gv[2], fv;
            oco_cons_oracle co = oco_coco_problem_cons_oracle(p);
            oco_grad_oracle fo = oco_coco_problem_cost_oracle(p);
            double gr[2];
            assert_int_equal(oco_cons_oracle_eval(&co, x, gv, NULL), OCO_OK);
            assert_int_equal(oco_grad_oracle_eval(&fo, x, gr, &fv), OCO_OK);
            assert_int_equal(co.calls, 1);
            assert_int_equal(fo.calls, 1);
            assert_ptr_equal(co.form, g);
            assert_float_equal(gv[0], rows[t][2] * 0.5 - rows[t][3] - rows[t][4], 1e-15);
            assert_float_equal(gv[1], rows[t][5] * 0.5 - rows[t][6] - rows[t][7], 1e-15);
            assert_float_equal(fv, rows[t][0] * 0.5 - rows[t][1], 1e-15);
            assert_true(gr[0] == rows[t][0] && gr[1] == rows[t][1]);
        }
        assert_int_equal(oco_coco_problem_next(p), OCO_ESTATE);
    }
    /* bounds: G = max ‖c‖, F = max |⟨c, 0⟩| + ‖c‖R (R = √2 on [−1, 1]²) */
    assert_float_equal(oco_coco_problem_get_info(p)->G, sqrt(5.0), 1e-15);
    assert_float_equal(oco_coco_problem_get_info(p)->F, sqrt(5.0) * sqrt(2.0), 1e-12);
    oco_coco_problem_free(p);
    /* a domain of the wrong dimension */
    oco_domain *b3 = oco_domain_box_uniform(3, -1, 1);
    assert_null(oco_coco_problem_from_csv(path, b3));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_coco_problem_from_csv(path, NULL));
    oco_domain_free(b3);
    unlink(path);
    assert_null(oco_coco_problem_from_csv("/nonexistent/oco.csv", box));
    assert_int_equal(oco_last_error_code(), OCO_EIO);
    assert_int_equal(oco_coco_problem_file_dims("/nonexistent/oco.csv", &d, &k), OCO_EIO);
    oco_domain_free(box);
}

/* A generated linear problem written as a problem file (%.17g) and read
 * back gives bit-identical rounds. */
static void test_csv_write_read(void **st)
{
    (void)st;
    const size_t d = 3, k = 2, T = 50;
    oco_domain *box = oco_domain_box_uniform(d, -1, 2);
    oco_coco_problem *p = make(OCO_COCO_PROBLEM_LINEAR, d, k, T, box, 21);
    char path[] = "/tmp/oco_coco_rt_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    FILE *f = fopen(path, "w");
    fprintf(f, "c1,c2,c3");
    for (size_t j = 1; j <= k; ++j)
        fprintf(f, ",A%zu_1,A%zu_2,A%zu_3,b%zu", j, j, j, j);
    fprintf(f, "\n");
    while (oco_coco_problem_next(p) == OCO_OK) {
        const oco_quad_map *c = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
        for (size_t i = 0; i < d; ++i)
            fprintf(f, "%s%.17g", i ? "," : "", c->A[i]);
        for (size_t j = 0; j < k; ++j) {
            for (size_t i = 0; i < d; ++i)
                fprintf(f, ",%.17g", g->A[j * d + i]);
            fprintf(f, ",%.17g", g->b[j]);
        }
        fprintf(f, "\n");
    }
    fclose(f);
    oco_coco_problem *q = oco_coco_problem_from_csv(path, box);
    assert_non_null(q);
    assert_int_equal(oco_coco_problem_horizon(q), T);
    assert_int_equal(oco_coco_problem_nconstraints(q), k);
    oco_coco_problem_rewind(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        assert_int_equal(oco_coco_problem_next(q), OCO_OK);
        assert_memory_equal(oco_coco_problem_cost(p)->A, oco_coco_problem_cost(q)->A,
                            d * sizeof(double));
        assert_memory_equal(oco_coco_problem_cons(p)->A, oco_coco_problem_cons(q)->A,
                            k * d * sizeof(double));
        assert_memory_equal(oco_coco_problem_cons(p)->b, oco_coco_problem_cons(q)->b,
                            k * sizeof(double));
    }
    /* the same optimum both ways (per-round LP) */
    oco_coco_hindsight h1, h2;
    assert_int_equal(oco_coco_problem_hindsight(p, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &h1), OCO_OK);
    assert_int_equal(oco_coco_problem_hindsight(q, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &h2), OCO_OK);
    assert_true(h1.comparator == h2.comparator);
    oco_coco_problem_free(q);
    oco_coco_problem_free(p);
    oco_domain_free(box);
    unlink(path);
}

/* The message must read "path:<where>: ..." and contain `what`. */
static void bad(const char *text, const char *where, const char *what)
{
    const char *path = write_tmp(text);
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    assert_null(oco_coco_problem_from_csv(path, box));
    assert_int_equal(oco_last_error_code(), OCO_EPARSE);
    char want[128];
    snprintf(want, sizeof want, "%s:%s: ", path, where);
    const char *msg = oco_last_error();
    if (strncmp(msg, want, strlen(want)) != 0 || !strstr(msg, what))
        fail_msg("for %s expected '%s...%s', got '%s'", text, want, what, msg);
    oco_domain_free(box);
    unlink(path);
}

static void test_csv_bad(void **st)
{
    (void)st;
    const char *H = "c1,c2,A1_1,A1_2,b1\n";
    char buf[256];
    bad("", "1:1", "empty file");
    bad("\n1,2,3,4,5\n", "1:1", "missing header");
    bad("x1,c2,A1_1,A1_2,b1\n1,2,3,4,5\n", "1:1", "column 1 must be 'c1', found 'x1'");
    bad("c1,c2,A1_2,A1_1,b1\n1,2,3,4,5\n", "1:7", "column 3 must be 'A1_1', found 'A1_2'");
    bad("c1,c2,A1_1,A1_2,B1\n1,2,3,4,5\n", "1:17", "column 5 must be 'b1', found 'B1'");
    bad("c2,c1,A1_1,A1_2,b1\n1,2,3,4,5\n", "1:1", "column 1 must be 'c1'");
    bad("c1,c2\n1,2\n", "1:6", "incomplete, column 3 must be 'A1_1'");
    bad("c1,c2,A1_1,A1_2,b1,A2_1\n1,2,3,4,5,6\n", "1:24", "column 7 must be 'A2_2'");
    bad("c1,c2,A1_1,A1_2,b1,extra\n1,2,3,4,5,6\n", "1:20", "column 6 must be 'A2_1'");
    snprintf(buf, sizeof buf, "%s1,2,3,4\n", H); /* missing cell */
    bad(buf, "2:8", "expected 5 fields, found 4");
    snprintf(buf, sizeof buf, "%s1,2,3,4,5\n1,2,3,4,5,6\n", H); /* extra column */
    bad(buf, "3:11", "expected 5 fields, found 6");
    snprintf(buf, sizeof buf, "%s1,2,,4,5\n", H);
    bad(buf, "2:5", "empty field");
    snprintf(buf, sizeof buf, "%s1,2,3,inf,5\n", H);
    bad(buf, "2:7", "not finite");
    snprintf(buf, sizeof buf, "%s1,2,3,4,nan\n", H);
    bad(buf, "2:9", "not finite");
    snprintf(buf, sizeof buf, "%s1,2,3,1e999,5\n", H);
    bad(buf, "2:7", "not finite");
    snprintf(buf, sizeof buf, "%s1,2,x,4,5\n", H);
    bad(buf, "2:5", "expected a number, found 'x'");
    snprintf(buf, sizeof buf, "%s\n\n", H);
    bad(buf, "4:1", "no rounds");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_llp_standins),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_csv_roundtrip),
        cmocka_unit_test(test_csv_write_read),
        cmocka_unit_test(test_csv_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
