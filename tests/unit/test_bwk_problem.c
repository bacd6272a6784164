#define _POSIX_C_SOURCE 200809L /* mkstemp, write, close, unlink */
/* Bandits-with-knapsacks instances (include/oco/bwk_problem.h): every kind
 * replays bit-identical rounds after rewind, every value is in [0, 1], the
 * stochastic means are the documented constants, the adversarial good arm
 * switches with the phase, the lower-bound instance is exactly the
 * construction of seed 003 Theorem 5 as documented in bwk_gen.c, and the CSV
 * file round-trips and rejects bad input with the exact line:column. */
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

#include "oco/bwk_problem.h"
#include "oco/error.h"
#include "problems/bwk_problem_impl.h"

static oco_bwk_problem *make(oco_bwk_problem_kind kind, size_t K, size_t T, uint64_t seed)
{
    oco_bwk_problem_opts o = oco_bwk_problem_opts_default();
    o.kind = kind;
    o.K = K;
    o.T = T;
    o.seed = seed;
    return oco_bwk_problem_new(&o);
}

/* All T rounds, row t = ℓ_t then c_t (2K), from a rewind. */
static double *record(oco_bwk_problem *p)
{
    const size_t K = oco_bwk_problem_arms(p), T = oco_bwk_problem_horizon(p);
    double *r = malloc(T * 2 * K * sizeof *r);
    assert_non_null(r);
    oco_bwk_problem_rewind(p);
    for (size_t t = 0; t < T; ++t) {
        assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
        assert_int_equal(oco_bwk_problem_round(p), t + 1);
        memcpy(r + t * 2 * K, oco_bwk_problem_losses(p), K * sizeof *r);
        memcpy(r + t * 2 * K + K, oco_bwk_problem_costs(p), K * sizeof *r);
    }
    assert_int_equal(oco_bwk_problem_next(p), OCO_ESTATE); /* past T */
    return r;
}

static void check_kind(oco_bwk_problem_kind kind, size_t K, size_t T)
{
    oco_bwk_problem *p = make(kind, K, T, 7), *q = make(kind, K, T, 7), *o = make(kind, K, T, 8);
    assert_non_null(p);
    assert_non_null(q);
    assert_non_null(o);
    assert_string_equal(oco_bwk_problem_label(p), oco_bwk_problem_kind_name(kind));
    double *a = record(p), *b = record(p), *c = record(q), *d = record(o);
    const size_t n = T * 2 * K;
    assert_memory_equal(a, b, n * sizeof *a); /* rewind replays bit for bit */
    assert_memory_equal(a, c, n * sizeof *a); /* same seed, same rounds */
    if (kind != OCO_BWK_PROBLEM_LOWER_BOUND)
        assert_true(memcmp(a, d, n * sizeof *a) != 0); /* the seed matters */
    for (size_t i = 0; i < n; ++i)
        assert_true(a[i] >= 0 && a[i] <= 1);
    /* a rewind in the middle restarts at round 1 */
    oco_bwk_problem_rewind(p);
    assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
    assert_int_equal(oco_bwk_problem_next(p), T >= 2 ? OCO_OK : OCO_ESTATE);
    oco_bwk_problem_rewind(p);
    assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
    assert_memory_equal(oco_bwk_problem_losses(p), a, K * sizeof *a);
    free(a);
    free(b);
    free(c);
    free(d);
    oco_bwk_problem_free(p);
    oco_bwk_problem_free(q);
    oco_bwk_problem_free(o);
}

static void test_replay_and_range(void **st)
{
    (void)st;
    check_kind(OCO_BWK_PROBLEM_STOCHASTIC, 5, 3000);
    check_kind(OCO_BWK_PROBLEM_STOCHASTIC, 2, 1);
    check_kind(OCO_BWK_PROBLEM_ADVERSARIAL, 3, 4001);
    check_kind(OCO_BWK_PROBLEM_ADVERSARIAL, 7, 3); /* fewer rounds than phases */
    check_kind(OCO_BWK_PROBLEM_LOWER_BOUND, 2, 1000);
    check_kind(OCO_BWK_PROBLEM_LOWER_BOUND, 2, 1);
}

/* stochastic: Bernoulli values, sample means near the documented constants
 * (stream 1: μ_i ~ U[0.05, 0.95], κ_i = (1 − μ_i)·U[0.5, 1] for i < K; the
 * free arm μ_K ~ U[0.6, 0.95], κ_K = 0). */
static void test_stochastic_means(void **st)
{
    (void)st;
    const size_t K = 4, T = 20000;
    oco_bwk_problem *p = make(OCO_BWK_PROBLEM_STOCHASTIC, K, T, 3);
    assert_non_null(p);
    /* the constants, recomputed from stream 1 independently of bwk_gen.c */
    oco_rng r;
    oco_rng_seed(&r, 3, 1);
    double mu[4], ka[4];
    for (size_t i = 0; i + 1 < K; ++i) {
        mu[i] = oco_rng_uniform_range(&r, 0.05, 0.95);
        ka[i] = (1 - mu[i]) * oco_rng_uniform_range(&r, 0.5, 1);
    }
    mu[K - 1] = oco_rng_uniform_range(&r, 0.6, 0.95);
    ka[K - 1] = 0;
    for (size_t i = 0; i < K; ++i)
        assert_true(p->mu[i] == mu[i] && p->kappa[i] == ka[i]);
    double L[4] = {0}, C[4] = {0};
    for (size_t t = 0; t < T; ++t) {
        assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
        for (size_t i = 0; i < K; ++i) {
            const double l = oco_bwk_problem_losses(p)[i], c = oco_bwk_problem_costs(p)[i];
            assert_true(l == 0 || l == 1);
            assert_true(c == 0 || c == 1);
            L[i] += l;
            C[i] += c;
        }
    }
    assert_true(C[K - 1] == 0); /* the free arm */
    for (size_t i = 0; i < K; ++i) {
        /* 5 standard deviations of a Bernoulli mean over T draws */
        assert_true(fabs(L[i] / T - mu[i]) <= 5 * sqrt(mu[i] * (1 - mu[i]) / T) + 1e-12);
        assert_true(fabs(C[i] / T - ka[i]) <= 5 * sqrt(ka[i] * (1 - ka[i]) / T) + 1e-12);
        assert_true(ka[i] <= 1 - mu[i] + 1e-15); /* cheap arms are lossy */
    }
    oco_bwk_problem_free(p);
}

/* adversarial: in each of the 4 phases the good arm (j mod K) has the lowest
 * average loss and a high cost (unless it is the free arm K, cost 0 always),
 * and the good arm changes between phases. */
static void test_adversarial_phases(void **st)
{
    (void)st;
    const size_t K = 3, T = 8000, P = 4;
    oco_bwk_problem *p = make(OCO_BWK_PROBLEM_ADVERSARIAL, K, T, 11);
    assert_non_null(p);
    double L[4][3] = {{0}}, C[4][3] = {{0}};
    for (size_t t = 1; t <= T; ++t) {
        assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
        const size_t j = (t - 1) * P / T;
        for (size_t i = 0; i < K; ++i) {
            L[j][i] += oco_bwk_problem_losses(p)[i];
            C[j][i] += oco_bwk_problem_costs(p)[i];
        }
    }
    size_t best_prev = K;
    for (size_t j = 0; j < P; ++j) {
        size_t best = 0;
        for (size_t i = 1; i < K; ++i)
            if (L[j][i] < L[j][best])
                best = i;
        assert_int_equal(best, j % K);
        assert_true(C[j][K - 1] == 0);
        for (size_t i = 0; i < K; ++i)
            if (i != best && best != K - 1) /* good cost >= 0.4, others <= 0.6 every round */
                assert_true(C[j][best] / (T / P) >= 0.4 && C[j][i] / (T / P) <= 0.6);
        assert_true(best != best_prev);
        best_prev = best;
    }
    oco_bwk_problem_free(p);
}

/* lower-bound: exactly seed 003 Theorem 5's construction as documented:
 * n = ⌊log2 T⌋ phases of nearly equal length, c_t = (1, 0), ℓ_{t,2} = 1,
 * ℓ_{t,1} = 1 − 2^{j−n} in phase j <= k, 1 after. */
static void check_lower_bound(size_t T, uint64_t seed, size_t phases, size_t phase_k)
{
    oco_bwk_problem_opts o = oco_bwk_problem_opts_default();
    o.kind = OCO_BWK_PROBLEM_LOWER_BOUND;
    o.K = 2;
    o.T = T;
    o.seed = seed;
    o.phases = phases;
    o.phase_k = phase_k;
    oco_bwk_problem *p = oco_bwk_problem_new(&o);
    assert_non_null(p);
    size_t n = 0, k = 0, want_n = phases;
    if (!want_n) {
        want_n = (size_t)floor(log2((double)T));
        if (want_n == 0)
            want_n = 1;
    }
    assert_int_equal(oco_bwk_problem_lower_bound(p, &n, &k), OCO_OK);
    assert_int_equal(n, want_n);
    assert_true(k >= 1 && k <= n);
    if (phase_k)
        assert_int_equal(k, phase_k);
    size_t *len = calloc(n + 1, sizeof *len);
    assert_non_null(len);
    size_t prev = 1;
    for (size_t t = 1; t <= T; ++t) {
        assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
        const size_t j = oco_bwk_problem_phase_of(p, t);
        assert_true(j >= prev && j <= prev + 1 && j <= n); /* phases in order */
        prev = j;
        len[j]++;
        const double *l = oco_bwk_problem_losses(p), *c = oco_bwk_problem_costs(p);
        const double r = j <= k ? ldexp(1.0, (int)j - (int)n) : 0.0;
        assert_true(l[0] == 1 - r);
        assert_true(l[1] == 1 && c[0] == 1 && c[1] == 0);
        assert_true(oco_bwk_problem_lower_bound_reward(p, j) == ldexp(1.0, (int)j - (int)n));
    }
    assert_int_equal(prev, n);
    for (size_t j = 1; j <= n; ++j) /* nearly equal phases: T/n rounded */
        assert_true(len[j] == T / n || len[j] == T / n + 1);
    assert_true(isnan(oco_bwk_problem_lower_bound_reward(p, 0)));
    assert_true(isnan(oco_bwk_problem_lower_bound_reward(p, n + 1)));
    free(len);
    oco_bwk_problem_free(p);
}

static void test_lower_bound(void **st)
{
    (void)st;
    check_lower_bound(1000, 1, 0, 0);
    check_lower_bound(1024, 5, 0, 0);
    check_lower_bound(1, 5, 0, 0);
    check_lower_bound(37, 2, 5, 5);
    check_lower_bound(100, 2, 7, 3);
    /* k is seeded: over 60 seeds several values of 1..n appear, each in range */
    size_t seen[11] = {0}, distinct = 0;
    for (uint64_t s = 0; s < 60; ++s) {
        oco_bwk_problem *p = make(OCO_BWK_PROBLEM_LOWER_BOUND, 2, 1024, s);
        size_t n, k;
        assert_int_equal(oco_bwk_problem_lower_bound(p, &n, &k), OCO_OK);
        assert_int_equal(n, 10);
        assert_true(k >= 1 && k <= 10);
        distinct += !seen[k]++;
        oco_bwk_problem_free(p);
    }
    assert_true(distinct >= 5);
    /* rejected: K != 2, phases > T, phase_k > phases, phases on another kind */
    assert_null(make(OCO_BWK_PROBLEM_LOWER_BOUND, 3, 100, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "K = 2"));
    oco_bwk_problem_opts o = oco_bwk_problem_opts_default();
    o.kind = OCO_BWK_PROBLEM_LOWER_BOUND;
    o.T = 10;
    o.phases = 11;
    assert_null(oco_bwk_problem_new(&o));
    o.phases = 5;
    o.phase_k = 6;
    assert_null(oco_bwk_problem_new(&o));
    o.kind = OCO_BWK_PROBLEM_STOCHASTIC;
    o.phase_k = 0;
    assert_null(oco_bwk_problem_new(&o));
    oco_bwk_problem *s = make(OCO_BWK_PROBLEM_STOCHASTIC, 2, 10, 1);
    assert_int_equal(oco_bwk_problem_lower_bound(s, NULL, NULL), OCO_EINVAL);
    assert_int_equal(oco_bwk_problem_phase_of(s, 1), 0);
    oco_bwk_problem_free(s);
}

static void test_names_and_args(void **st)
{
    (void)st;
    const char *names[] = {"stochastic", "adversarial", "lower-bound", "data"};
    for (int i = 0; i < 4; ++i) {
        oco_bwk_problem_kind k;
        assert_int_equal(oco_bwk_problem_kind_parse(names[i], &k), OCO_OK);
        assert_int_equal((int)k, i);
        assert_string_equal(oco_bwk_problem_kind_name(k), names[i]);
    }
    oco_bwk_problem_kind k;
    assert_int_equal(oco_bwk_problem_kind_parse("nope", &k), OCO_ENOTFOUND);
    assert_non_null(strstr(oco_last_error(), "lower-bound"));
    assert_null(make(OCO_BWK_PROBLEM_STOCHASTIC, 0, 10, 1));
    assert_null(make(OCO_BWK_PROBLEM_STOCHASTIC, 2, 0, 1));
    assert_null(make(OCO_BWK_PROBLEM_DATA, 2, 10, 1));
    assert_null(oco_bwk_problem_new(NULL));
    oco_bwk_problem_free(NULL);
    assert_int_equal(oco_bwk_problem_next(NULL), OCO_EINVAL);
}

/* ---- CSV ------------------------------------------------------------------ */
static char tmp_path[64];

static const char *write_tmp(const char *text)
{
    strcpy(tmp_path, "/tmp/oco_bwk_csv_XXXXXX");
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
    /* K = 2; CRLF, blank lines, blanks around names and values, a BOM */
    const char *text = "\xEF\xBB\xBFl1, l2 ,c1,c2\r\n"
                       "0,1,0.5,0.25\n"
                       "\n"
                       " 1e-1 ,0.75,1,0\n";
    const char *path = write_tmp(text);
    oco_bwk_problem *p = oco_bwk_problem_from_csv(path);
    assert_non_null(p);
    assert_int_equal(oco_bwk_problem_arms(p), 2);
    assert_int_equal(oco_bwk_problem_horizon(p), 2);
    assert_int_equal(oco_bwk_problem_get_kind(p), OCO_BWK_PROBLEM_DATA);
    char want[96];
    snprintf(want, sizeof want, "file:%s", path);
    assert_string_equal(oco_bwk_problem_label(p), want);
    const double rows[2][4] = {{0, 1, 0.5, 0.25}, {0.1, 0.75, 1, 0}};
    for (int rep = 0; rep < 2; ++rep) {
        oco_bwk_problem_rewind(p);
        for (int t = 0; t < 2; ++t) {
            assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
            assert_memory_equal(oco_bwk_problem_losses(p), rows[t], 2 * sizeof(double));
            assert_memory_equal(oco_bwk_problem_costs(p), rows[t] + 2, 2 * sizeof(double));
        }
        assert_int_equal(oco_bwk_problem_next(p), OCO_ESTATE);
    }
    oco_bwk_problem_free(p);
    unlink(path);
}

/* Every bad file is OCO_EPARSE (or OCO_EIO) naming path:line:column. */
static void expect_bad(const char *text, const char *where, const char *what)
{
    const char *path = write_tmp(text);
    assert_null(oco_bwk_problem_from_csv(path));
    char want[128];
    snprintf(want, sizeof want, "%s:%s", path, where);
    const char *msg = oco_last_error();
    if (strncmp(msg, want, strlen(want)) != 0 || !strstr(msg, what)) {
        fprintf(stderr, "text %s\nwanted '%s' ... '%s'\ngot    '%s'\n", text, want, what, msg);
        fail();
    }
    assert_int_equal(oco_last_error_code(), OCO_EPARSE);
    unlink(path);
}

static void test_csv_bad(void **st)
{
    (void)st;
    expect_bad("l1,l2,c1,c2\n0,0,0,0\n0,1.5,0,0\n", "3:3:", "outside [0, 1]");
    expect_bad("l1,l2,c1,c2\n0,0,0,0\n0,0,0, -0.25\n", "3:8:", "c2");
    expect_bad("l1,l2,c1,c2\n0,0,0,x\n", "2:7:", "");
    expect_bad("l1,l2,c1,c2\n0,0,0\n", "2:", "");
    expect_bad("l1,l2,c1,c2\n0,0,0,0,0\n", "2:", "");
    expect_bad("l1,l2,c1,c2\n0,nan,0,0\n", "2:3:", "");
    expect_bad("l1,l2,c1\n0,0,0\n", "1:", "c2");
    expect_bad("l1,l2,c1,c2,c3\n0,0,0,0,0\n", "1:13:", "extra column");
    expect_bad("l1,c1,l2,c2\n0,0,0,0\n", "1:", "");
    expect_bad("x1,c1\n0,0\n", "1:1:", "'l1'");
    expect_bad("l1,l2,c1,c2\n", "2:1:", "no rounds");
    expect_bad("", "1:1:", "empty");
    expect_bad("\n0,0\n", "1:1:", "missing header");
    assert_null(oco_bwk_problem_from_csv("/nonexistent/oco_bwk.csv"));
    assert_int_equal(oco_last_error_code(), OCO_EIO);
    assert_null(oco_bwk_problem_from_csv(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_and_range),  cmocka_unit_test(test_stochastic_means),
        cmocka_unit_test(test_adversarial_phases), cmocka_unit_test(test_lower_bound),
        cmocka_unit_test(test_names_and_args),    cmocka_unit_test(test_csv_roundtrip),
        cmocka_unit_test(test_csv_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
