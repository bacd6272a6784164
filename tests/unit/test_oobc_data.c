/* Tests of the OOBC episode data (include/oco/oobc_problem.h;
 * src/problems/oobc_data_gen.c, oobc_data_csv.c, oobc_trace.c,
 * oobc_data_shift.c):
 *   - synthetic data (olp_laau.md §2.4 [D]): deterministic per seed, other
 *     seeds differ, contexts in [0, 1], budgets in the class's range times
 *     N, the prefix property (episode i does not depend on n), strong lag-1
 *     autocorrelation (the AR(1) + diurnal structure), bad options refused;
 *   - instances CSV: round trip bit-identical (fairness and multi-budget
 *     layouts), the header spelled as documented, and every error case
 *     (wrong column count, non-finite, B <= 0, negative context, bad or
 *     incomplete header, empty, no episodes, missing file) with its
 *     file:line:column;
 *   - the trace loader on a small file written here (interleaved VMs,
 *     windows per VM in file order, c = avg/100, budgets from the seed) and
 *     its errors;
 *   - W1 against hand-computed cases and a brute-force integration of
 *     |F_a − F_b| on a fine grid; shift realising W1 = |δ| when no value is
 *     clipped, and clipping otherwise. Fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_problem.h"
#include "oco/rng.h"

static char tmp_path[256];

static const char *write_tmp(const char *name, const char *text)
{
    snprintf(tmp_path, sizeof tmp_path, "test_oobc_data_%s.tmp", name);
    FILE *f = fopen(tmp_path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return tmp_path;
}

static int data_equal(const oco_oobc_data *a, const oco_oobc_data *b)
{
    return a->n == b->n && a->N == b->N && a->M == b->M && a->p == b->p &&
           memcmp(a->B, b->B, a->n * a->M * sizeof *a->B) == 0 &&
           memcmp(a->c, b->c, a->n * a->N * a->p * sizeof *a->c) == 0;
}

static void test_synthetic(void **state)
{
    (void)state;
    const char *names[] = {"fairness", "multi-budget"};
    for (int k = 0; k < 2; ++k) {
        oco_oobc_class *cls = oco_oobc_class_new(names[k], NULL);
        assert_non_null(cls);
        const size_t N = 20, M = cls->M, p = cls->p;
        oco_oobc_data *a = oco_oobc_data_synthetic(cls, N, 12, 5, NULL);
        oco_oobc_data *b = oco_oobc_data_synthetic(cls, N, 12, 5, NULL);
        oco_oobc_data *s = oco_oobc_data_synthetic(cls, N, 5, 5, NULL);
        oco_oobc_data *o = oco_oobc_data_synthetic(cls, N, 12, 6, NULL);
        assert_true(a && b && s && o);
        assert_true(data_equal(a, b));
        assert_true(a->n == 12 && a->N == N && a->M == M && a->p == p);
        assert_int_equal(oco_oobc_data_check(a, cls, N), 0);
        assert_string_equal(a->label, "synthetic (diurnal+AR(1), seed 5)");
        /* prefix: the 5 episodes of a smaller set are the first 5 of a larger */
        oco_oobc_data *pre = oco_oobc_data_slice(a, 0, 5);
        assert_true(data_equal(pre, s));
        assert_false(memcmp(a->c, o->c, N * p * sizeof *a->c) == 0);
        for (size_t i = 0; i < a->n; ++i)
            for (size_t m = 0; m < M; ++m) {
                const double B = a->B[i * M + m];
                assert_true(B >= N * cls->budget_lo[m] && B <= N * cls->budget_hi[m]);
            }
        /* in [0, 1]; lag-1 autocorrelation of the pooled series high */
        double mean = 0, num = 0, den = 0;
        const size_t nc = a->n * N * p;
        for (size_t q = 0; q < nc; ++q) {
            assert_true(a->c[q] >= 0 && a->c[q] <= 1);
            mean += a->c[q];
        }
        mean /= (double)nc;
        assert_true(mean > 0.3 && mean < 0.7);
        for (size_t i = 0; i < a->n; ++i)
            for (size_t j = 0; j < p; ++j)
                for (size_t t = 0; t + 1 < N; ++t) {
                    const double u = a->c[(i * N + t) * p + j] - mean;
                    const double v = a->c[(i * N + t + 1) * p + j] - mean;
                    num += u * v;
                    den += u * u;
                }
        assert_true(num / den > 0.7);
        oco_oobc_data_free(a);
        oco_oobc_data_free(b);
        oco_oobc_data_free(s);
        oco_oobc_data_free(o);
        oco_oobc_data_free(pre);
        oco_oobc_class_free(cls);
    }
    /* bad options */
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    assert_true(so.period == 288 && so.mean == 0.5 && so.amplitude == 0.25 && so.ar_phi == 0.9 &&
                so.ar_sigma == 0.05);
    so.ar_phi = 1;
    assert_null(oco_oobc_data_synthetic(cls, 10, 3, 1, &so));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "ar_phi"));
    so = oco_oobc_synth_opts_default();
    so.period = 0;
    assert_null(oco_oobc_data_synthetic(cls, 10, 3, 1, &so));
    assert_null(oco_oobc_data_synthetic(cls, 0, 3, 1, NULL));
    assert_null(oco_oobc_data_synthetic(NULL, 10, 3, 1, NULL));
    oco_oobc_class_free(cls);
}

static void round_trip(const char *cname, const char *want_header)
{
    oco_oobc_class *cls = oco_oobc_class_new(cname, NULL);
    assert_non_null(cls);
    oco_oobc_data *a = oco_oobc_data_synthetic(cls, 3, 7, 9, NULL);
    assert_non_null(a);
    a->c[1] = 0.1 + 0.2; /* a value whose shortest decimal needs 17 digits */
    a->B[0] = 1.0 / 3.0 * (double)a->N * 12;
    snprintf(tmp_path, sizeof tmp_path, "test_oobc_data_rt_%s.tmp", cname);
    assert_int_equal(oco_oobc_data_write_csv(a, tmp_path), 0);
    FILE *f = fopen(tmp_path, "r");
    char line[512];
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    assert_string_equal(line, want_header);
    oco_oobc_data *b = oco_oobc_data_read_csv(tmp_path, cls);
    assert_non_null(b);
    assert_true(data_equal(a, b));
    assert_non_null(strstr(b->label, tmp_path));
    oco_oobc_data_free(b);
    /* the write refuses what the read would */
    a->B[2 % (a->n * a->M)] = -1;
    assert_int_equal(oco_oobc_data_write_csv(a, tmp_path), OCO_EINVAL);
    remove(tmp_path);
    oco_oobc_data_free(a);
    oco_oobc_class_free(cls);
}

static void test_csv_round_trip(void **state)
{
    (void)state;
    round_trip("fairness", "B,c1,c2,c3");
    round_trip("multi-budget",
               "B1,B2,c1_1,c1_2,c1_3,c1_4,c2_1,c2_2,c2_3,c2_4,c3_1,c3_2,c3_3,c3_4");
}

static void expect_read_error(const oco_oobc_class *cls, const char *text, int code,
                              const char *where, const char *what)
{
    const char *path = write_tmp("err", text);
    oco_clear_error();
    oco_oobc_data *d = oco_oobc_data_read_csv(path, cls);
    if (d || oco_last_error_code() != code || (where && !strstr(oco_last_error(), where)) ||
        (what && !strstr(oco_last_error(), what))) {
        print_error("input:\n%s\ngot %s code %d: '%s'; want %d '%s' '%s'\n", text,
                    d ? "data" : "NULL", oco_last_error_code(), oco_last_error(), code,
                    where ? where : "", what ? what : "");
        fail();
    }
    remove(path);
}

static void test_csv_errors(void **state)
{
    (void)state;
    oco_oobc_class *fc = oco_oobc_class_new("fairness", NULL);
    oco_oobc_class_opts o = oco_oobc_class_opts_default();
    o.d = 2;
    oco_oobc_class *mc = oco_oobc_class_new("multi-budget", &o);
    assert_true(fc && mc);
    char where[300];
    const char *p = "test_oobc_data_err.tmp";
#define AT(line, col) (snprintf(where, sizeof where, "%s:%d:%d:", p, line, col), where)
    expect_read_error(fc, "B,c1,c2\n12,0.5\n", OCO_EPARSE, AT(2, 7), "expected 3 fields");
    expect_read_error(fc, "B,c1,c2\n12,0.5,0.1,0.2\n", OCO_EPARSE, AT(2, 12), "found 4");
    expect_read_error(fc, "B,c1,c2\n12,nan,0.3\n", OCO_EPARSE, AT(2, 4), "not finite");
    expect_read_error(fc, "B,c1,c2\n12,0.3,1e999\n", OCO_EPARSE, AT(2, 8), "not finite");
    expect_read_error(fc, "B,c1,c2\n12,0.5,x\n", OCO_EPARSE, AT(2, 8), "expected a number");
    expect_read_error(fc, "B,c1,c2\n30,0.5,0.2\n0,0.5,0.3\n", OCO_EPARSE, AT(3, 1), "> 0");
    expect_read_error(fc, "B,c1,c2\n\n 30,0.5,0.2\n-4,0.5,0.3\n", OCO_EPARSE, AT(4, 1), "> 0");
    expect_read_error(fc, "B,c1,c2\n30,0.5,-0.2\n", OCO_EPARSE, AT(2, 8), "negative");
    expect_read_error(fc, "B,c1,x2\n30,0.5,0.2\n", OCO_EPARSE, AT(1, 6), "must be 'c2'");
    expect_read_error(fc, "b,c1\n30,0.5\n", OCO_EPARSE, AT(1, 1), "must be 'B'");
    expect_read_error(fc, "B\n30\n", OCO_EPARSE, AT(1, 2), "incomplete");
    expect_read_error(fc, "B,c2\n30,0.5\n", OCO_EPARSE, AT(1, 3), "must be 'c1'");
    expect_read_error(fc, "", OCO_EPARSE, AT(1, 1), "empty file");
    expect_read_error(fc, "\n30,0.5\n", OCO_EPARSE, AT(1, 1), "missing header");
    expect_read_error(fc, "B,c1,c2\n\n", OCO_EPARSE, AT(3, 1), "no episodes");
    /* multi-budget (M = 2, p = 2): t-major names, whole steps */
    expect_read_error(mc, "B,c1,c2\n", OCO_EPARSE, AT(1, 1), "must be 'B1'");
    expect_read_error(mc, "B1,B2,c1_1,c1_2,c2_1\n", OCO_EPARSE, AT(1, 21), "c2_2");
    expect_read_error(mc, "B1,B2,c1_1,c2_1\n", OCO_EPARSE, AT(1, 12), "must be 'c1_2'");
    expect_read_error(mc, "B1,B2,c1_1,c1_2\n5,0,0.1,0.2\n", OCO_EPARSE, AT(2, 3), "B2");
    /* a missing file */
    oco_clear_error();
    assert_null(oco_oobc_data_read_csv("/nonexistent/oobc.csv", fc));
    assert_int_equal(oco_last_error_code(), OCO_EIO);
    /* accepted: BOM, CRLF, blanks, blank lines, no final newline */
    const char *ok = write_tmp("ok", "\xEF\xBB\xBF" "B , c1,c2\r\n\r\n 30, 0.5 ,0.25\r\n40,0,1");
    oco_oobc_data *d = oco_oobc_data_read_csv(ok, fc);
    assert_non_null(d);
    assert_true(d->n == 2 && d->N == 2 && d->M == 1 && d->p == 1);
    assert_true(d->B[0] == 30 && d->B[1] == 40 && d->c[0] == 0.5 && d->c[1] == 0.25 &&
                d->c[2] == 0 && d->c[3] == 1);
    oco_oobc_data_free(d);
    remove(ok);
    oco_oobc_class_free(fc);
    oco_oobc_class_free(mc);
#undef AT
}

static void test_trace(void **state)
{
    (void)state;
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    /* VM a: 7 readings, VM b: 4, VM c: 2 (no window of 3), interleaved as in
     * a V2 time shard; avg = 10·k for a's k-th reading, 50 + k for b's */
    const char *text = "0,a,1,2,10\n"
                       "0,b,1,2,51\n"
                       "300,a,1,2,20\n"
                       "300,c,1,2,99\n"
                       "300,b,1,2,52\n"
                       "600,a,1,2,30\n"
                       "\n"
                       "600,b,1,2,53\n"
                       "600,c,1,2,98\n"
                       "900,a,1,2,40\n"
                       "900,b,1,2,54\r\n"
                       "1200,a,1,2,50\n"
                       "1500,a,1,2,60\n"
                       "1800,a,0.5,2.5,70";
    const char *path = write_tmp("trace", text);
    oco_oobc_data *d = oco_oobc_data_read_trace(path, cls, 3, 0, 4);
    assert_non_null(d);
    /* a: windows (10,20,30), (40,50,60); b: (51,52,53); c: none */
    assert_int_equal(d->n, 3);
    const double want[9] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.51, 0.52, 0.53};
    for (int k = 0; k < 9; ++k)
        assert_true(fabs(d->c[k] - want[k]) < 1e-15);
    char lab[300];
    snprintf(lab, sizeof lab, "trace %s", path);
    assert_string_equal(d->label, lab);
    assert_int_equal(oco_oobc_data_check(d, cls, 3), 0);
    /* budgets: the documented draw, stream i + 1 of the seed */
    for (size_t i = 0; i < d->n; ++i) {
        oco_rng r;
        oco_rng_seed(&r, 4, i + 1);
        assert_true(d->B[i] == oco_rng_uniform_range(&r, 30, 45));
    }
    oco_oobc_data *d2 = oco_oobc_data_read_trace(path, cls, 3, 2, 4);
    assert_non_null(d2);
    assert_int_equal(d2->n, 2);
    assert_true(memcmp(d2->c, d->c, 6 * sizeof *d->c) == 0 && d2->B[1] == d->B[1]);
    oco_oobc_data_free(d2);
    oco_oobc_data_free(d);
    /* N larger than every VM's sequence */
    assert_null(oco_oobc_data_read_trace(path, cls, 8, 0, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "no VM has N = 8"));
    /* a p > 1 class */
    oco_oobc_class *mc = oco_oobc_class_new("multi-budget", NULL);
    assert_null(oco_oobc_data_read_trace(path, mc, 3, 0, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    oco_oobc_class_free(mc);
    remove(path);
    /* errors with file:line:column */
    struct {
        const char *text, *where, *what;
    } bad[] = {
        {"0,a,1,2,10\n300,a,1,2\n", ":2:10:", "expected 5 fields"},
        {"0,a,1,2,10\n300,a,1,2,3,4\n", ":2:13:", "found 6"},
        {"0,a,1,2,10\n300,a,1,2,150\n", ":2:11:", "outside [0, 100]"},
        {"0,a,1,2,10\n300,a,1,2,nan\n", ":2:11:", "not finite"},
        {"0,a,1,2,10\n300,a,1,x,3\n", ":2:9:", "max cpu"},
        {"t,a,1,2,10\n", ":1:1:", "timestamp"},
        {"0, ,1,2,10\n", ":1:3:", "empty vm id"},
        {"\x1f\x8b\x08\x00", ":1:1:", "gzip"},
        {"\n\n", ":1:1:", "no readings"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k) {
        path = write_tmp("tbad", bad[k].text);
        oco_clear_error();
        d = oco_oobc_data_read_trace(path, cls, 1, 0, 1);
        if (d || oco_last_error_code() != OCO_EPARSE || !strstr(oco_last_error(), bad[k].where) ||
            !strstr(oco_last_error(), bad[k].what)) {
            print_error("case %zu: code %d '%s'\n", k, oco_last_error_code(), oco_last_error());
            fail();
        }
        remove(path);
    }
    oco_oobc_class_free(cls);
}

static oco_oobc_data *from_values(const double *v, size_t n)
{
    oco_oobc_data *d = oco_oobc_data_new(1, n, 1, 1);
    assert_non_null(d);
    memcpy(d->c, v, n * sizeof *v);
    d->B[0] = 1;
    return d;
}

/* ∫ |F_a − F_b| by the midpoint rule on a fine grid of [0, 1] (all values
 * here are in [0, 1]); the oracle counts directly, no sorting. */
static double w1_grid(const double *a, size_t na, const double *b, size_t nb)
{
    const size_t K = 200000;
    double w = 0;
    for (size_t k = 0; k < K; ++k) {
        const double v = (k + 0.5) / K;
        size_t ca = 0, cb = 0;
        for (size_t i = 0; i < na; ++i)
            ca += a[i] <= v;
        for (size_t i = 0; i < nb; ++i)
            cb += b[i] <= v;
        w += fabs((double)ca / na - (double)cb / nb) / K;
    }
    return w;
}

static void test_wasserstein_shift(void **state)
{
    (void)state;
    double w;
    /* {0, 1} vs {0.5}: |F_a − F_b| = 1/2 on [0, 1) → 0.5 (hand computed) */
    const double a1[] = {0, 1}, b1[] = {0.5};
    oco_oobc_data *A = from_values(a1, 2), *Bd = from_values(b1, 1);
    assert_int_equal(oco_oobc_data_wasserstein(A, Bd, &w), 0);
    assert_true(fabs(w - 0.5) < 1e-15);
    assert_int_equal(oco_oobc_data_wasserstein(A, A, &w), 0);
    assert_true(w == 0);
    oco_oobc_data_free(A);
    oco_oobc_data_free(Bd);
    /* {0.1, 0.2, 0.6} vs {0.3, 0.4}: quantile functions on (0,1):
     * a: 0.1 on (0,1/3], 0.2 on (1/3,2/3], 0.6 on (2/3,1); b: 0.3 on (0,1/2],
     * 0.4 on (1/2,1) → 0.2/3 + 0.1/6 + 0.2/6 + 0.2/3 = 0.18333... */
    const double a2[] = {0.6, 0.1, 0.2}, b2[] = {0.4, 0.3};
    A = from_values(a2, 3);
    Bd = from_values(b2, 2);
    assert_int_equal(oco_oobc_data_wasserstein(A, Bd, &w), 0);
    assert_true(fabs(w - (0.2 / 3 + 0.1 / 6 + 0.2 / 6 + 0.2 / 3)) < 1e-15);
    double w2;
    assert_int_equal(oco_oobc_data_wasserstein(Bd, A, &w2), 0);
    assert_true(fabs(w - w2) < 1e-15);
    oco_oobc_data_free(A);
    oco_oobc_data_free(Bd);
    /* random sets of different sizes with ties vs the grid oracle */
    oco_rng r;
    oco_rng_seed(&r, 3, 0);
    double ra[37], rb[23];
    for (int k = 0; k < 37; ++k)
        ra[k] = k % 5 == 0 ? 0.5 : oco_rng_uniform(&r);
    for (int k = 0; k < 23; ++k)
        rb[k] = k % 4 == 0 ? 0.5 : oco_rng_uniform(&r) * 0.8;
    A = from_values(ra, 37);
    Bd = from_values(rb, 23);
    assert_int_equal(oco_oobc_data_wasserstein(A, Bd, &w), 0);
    assert_true(fabs(w - w1_grid(ra, 37, rb, 23)) < 1e-5);
    oco_oobc_data_free(A);
    oco_oobc_data_free(Bd);

    /* shift realises W1 = |δ| when no value is clipped */
    oco_oobc_class *cls = oco_oobc_class_new("multi-budget", NULL);
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    so.amplitude = 0.1;
    so.ar_sigma = 0.01;
    oco_oobc_data *d = oco_oobc_data_synthetic(cls, 20, 50, 2, &so);
    assert_non_null(d);
    double lo = 1, hi = 0;
    for (size_t k = 0; k < d->n * d->N * d->p; ++k) {
        lo = fmin(lo, d->c[k]);
        hi = fmax(hi, d->c[k]);
    }
    const double shifts[] = {0.05, 0.1, 0.15, 0.2, -0.25};
    for (int k = 0; k < 5; ++k) {
        assert_true(hi + shifts[k] < 1 && lo + shifts[k] > 0); /* no clip: the premise */
        oco_oobc_data *s = oco_oobc_data_shift(d, shifts[k]);
        assert_non_null(s);
        assert_true(s->n == d->n && s->N == d->N && s->M == d->M && s->p == d->p);
        assert_true(memcmp(s->B, d->B, d->n * d->M * sizeof *d->B) == 0);
        assert_non_null(strstr(s->label, "synthetic"));
        assert_int_equal(oco_oobc_data_wasserstein(d, s, &w), 0);
        assert_true(fabs(w - fabs(shifts[k])) < 1e-12);
        oco_oobc_data_free(s);
    }
    /* a large shift clips: every value 1, W1 = 1 − mean */
    oco_oobc_data *s = oco_oobc_data_shift(d, 2.0);
    double mean = 0;
    for (size_t k = 0; k < d->n * d->N * d->p; ++k) {
        assert_true(s->c[k] == 1);
        mean += d->c[k];
    }
    mean /= (double)(d->n * d->N * d->p);
    assert_int_equal(oco_oobc_data_wasserstein(d, s, &w), 0);
    assert_true(fabs(w - (1 - mean)) < 1e-12);
    oco_oobc_data_free(s);
    assert_null(oco_oobc_data_shift(d, NAN));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_int_equal(oco_oobc_data_wasserstein(d, NULL, &w), OCO_EINVAL);
    oco_oobc_data_free(d);
    oco_oobc_class_free(cls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synthetic),
        cmocka_unit_test(test_csv_round_trip),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_wasserstein_shift),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
