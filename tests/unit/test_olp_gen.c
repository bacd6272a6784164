/* OLP generators, types 1..10 (olp_laau.md §1.10): shapes, b = T·d, the
 * empirical moments of a and c against their closed forms (5-sigma bands,
 * fixed seeds), the documented order of random draws (replayed by hand),
 * determinism and argument checks. */
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
#include "oco/olp.h"
#include "oco/rng.h"

static const double PI = 3.14159265358979323846;

static oco_olp_instance *gen(int type, size_t m, size_t T, uint64_t seed)
{
    oco_rng r;
    oco_rng_seed(&r, seed, 0);
    oco_olp_instance *inst = oco_olp_generate(type, m, T, &r);
    assert_non_null(inst);
    assert_int_equal(inst->T, T);
    assert_int_equal(inst->m, m);
    assert_int_equal(oco_olp_instance_validate(inst), OCO_OK);
    return inst;
}

/* Sample mean of x[0..n) must lie within 5 standard errors of mu, given the
 * exact variance var of one draw. */
static void check_mean(const double *x, size_t n, double mu, double var)
{
    double s = 0;
    for (size_t k = 0; k < n; k++)
        s += x[k];
    double mean = s / (double)n, tol = 5.0 * sqrt(var / (double)n);
    if (fabs(mean - mu) > tol)
        fail_msg("mean %.6g, expected %.6g +- %.3g", mean, mu, tol);
}

/* Sample variance within 5 standard errors, given var and the fourth central
 * moment mu4 of one draw (SE of s^2 ~ sqrt((mu4 - var^2)/n)). */
static void check_var(const double *x, size_t n, double var, double mu4)
{
    double s = 0, s2 = 0;
    for (size_t k = 0; k < n; k++)
        s += x[k];
    double mean = s / (double)n;
    for (size_t k = 0; k < n; k++)
        s2 += (x[k] - mean) * (x[k] - mean);
    double v = s2 / (double)(n - 1), tol = 5.0 * sqrt((mu4 - var * var) / (double)n);
    if (fabs(v - var) > tol)
        fail_msg("variance %.6g, expected %.6g +- %.3g", v, var, tol);
}

static void check_range(const double *x, size_t n, double lo, double hi)
{
    for (size_t k = 0; k < n; k++)
        if (!(x[k] >= lo && x[k] <= hi))
            fail_msg("x[%zu] = %.17g outside [%g, %g]", k, x[k], lo, hi);
}

/* d = b/T of types 1,2,3,4,8,9,10: in [1/3, 2/3] and not all equal. */
static void check_d_uniform(const oco_olp_instance *inst)
{
    for (size_t i = 0; i < inst->m; i++) {
        double d = inst->b[i] / (double)inst->T;
        assert_true(d >= 1.0 / 3.0 - 1e-15 && d <= 2.0 / 3.0 + 1e-15);
    }
    if (inst->m > 1)
        assert_true(inst->b[0] != inst->b[1]);
}

/* c_t - sum_i a_ti for every t, into r (types 2, 3, 5). */
static double *c_minus_sum_a(const oco_olp_instance *inst)
{
    double *r = malloc(inst->T * sizeof(double));
    assert_non_null(r);
    for (size_t t = 0; t < inst->T; t++) {
        double s = 0;
        for (size_t i = 0; i < inst->m; i++)
            s += inst->a[t * inst->m + i];
        r[t] = inst->c[t] - s;
    }
    return r;
}

enum { T_BIG = 20000, M = 3 };

/* Central 4th moment from the raw moments E x, E x^2, E x^3, E x^4. */
static double central4(double r1, double r2, double r3, double r4)
{
    return r4 - 4 * r1 * r3 + 6 * r1 * r1 * r2 - 3 * r1 * r1 * r1 * r1;
}

/* Moments of U[lo, hi]: var = w^2/12, mu4 = w^4/80. */
static void check_uniform(const double *x, size_t n, double lo, double hi)
{
    double w = hi - lo;
    check_range(x, n, lo, hi);
    check_mean(x, n, 0.5 * (lo + hi), w * w / 12);
    check_var(x, n, w * w / 12, w * w * w * w / 80);
}

static void test_type1(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(1, M, T_BIG, 11);
    check_d_uniform(p);
    check_uniform(p->a, p->T * p->m, 0, 2); /* mean a = 1 */
    check_uniform(p->c, p->T, 0, 2);        /* mean c = 1 */
    oco_olp_instance_free(p);
    /* d ~ U[1/3, 2/3] itself: many resources, one order */
    p = gen(1, 4000, 1, 12);
    for (size_t i = 0; i < p->m; i++)
        p->b[i] /= (double)p->T;
    check_uniform(p->b, p->m, 1.0 / 3, 2.0 / 3);
    oco_olp_instance_free(p);
}

static void test_type2(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(2, M, T_BIG, 21);
    check_d_uniform(p);
    check_mean(p->a, p->T * p->m, 1.0, 1.0); /* N(1,1) */
    check_var(p->a, p->T * p->m, 1.0, 3.0);
    double *r = c_minus_sum_a(p); /* = -m U: mean -m/2 */
    check_uniform(r, p->T, -(double)M - 1e-12, 1e-12);
    free(r);
    oco_olp_instance_free(p);
}

static void test_type3(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(3, M, T_BIG, 31);
    check_d_uniform(p);
    size_t n = p->T * p->m, hi = 0, lo = 0, below1 = 0;
    check_range(p->a, n, -10, 10);
    for (size_t k = 0; k < n; k++) {
        hi += p->a[k] == 10.0;
        lo += p->a[k] == -10.0;
        below1 += p->a[k] < 1.0;
    }
    /* a = 1 + t, t Cauchy clipped to [-11, 9]: P(t >= 9), P(t <= -11) */
    double p_hi = 0.5 - atan(9.0) / PI, p_lo = 0.5 - atan(11.0) / PI;
    double nn = (double)n;
    assert_true(fabs(hi / nn - p_hi) < 5 * sqrt(p_hi / nn));
    assert_true(fabs(lo / nn - p_lo) < 5 * sqrt(p_lo / nn));
    assert_true(fabs(below1 / nn - 0.5) < 5 * 0.5 / sqrt(nn)); /* median 1 */
    /* E clip(t) = -(1/2pi) ln(122/82) + 9 p_hi - 11 p_lo;
     * E clip(t)^2 = (20 - atan 9 - atan 11)/pi + 81 p_hi + 121 p_lo */
    double m1 = -log(122.0 / 82.0) / (2 * PI) + 9 * p_hi - 11 * p_lo;
    double m2 = (20 - atan(9.0) - atan(11.0)) / PI + 81 * p_hi + 121 * p_lo;
    check_mean(p->a, n, 1.0 + m1, m2 - m1 * m1);
    double *r = c_minus_sum_a(p);
    check_uniform(r, p->T, -(double)M - 1e-9, 1e-9);
    free(r);
    oco_olp_instance_free(p);
}

static void test_type4(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(4, 1, T_BIG, 41);
    check_d_uniform(p);
    for (size_t t = 0; t < p->T; t++)
        assert_true(p->a[t] == 1.0);
    check_uniform(p->c, p->T, 0, 1);
    oco_olp_instance_free(p);
}

static void test_type5(void **st)
{
    (void)st;
    const size_t m = 20;
    oco_olp_instance *p = gen(5, m, 5000, 51);
    size_t n02 = 0, n03 = 0;
    for (size_t i = 0; i < m; i++) {
        n02 += p->b[i] == 0.2 * 5000;
        n03 += p->b[i] == 0.3 * 5000;
    }
    assert_int_equal(n02 + n03, m); /* d_i in {0.2, 0.3} */
    assert_true(n02 > 0 && n03 > 0);
    check_mean(p->a, p->T * m, 0.5, 1.0); /* N(0.5, 1) */
    check_var(p->a, p->T * m, 1.0, 3.0);
    double *r = c_minus_sum_a(p); /* c = sum a exactly (up to summation order) */
    for (size_t t = 0; t < p->T; t++)
        assert_true(fabs(r[t]) <= 1e-12 * (1 + fabs(p->c[t])));
    free(r);
    oco_olp_instance_free(p);
}

static void test_type6(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(6, M, T_BIG, 61);
    for (size_t i = 0; i < M; i++)
        assert_true(p->b[i] == 0.25 * T_BIG);
    /* |v|, v ~ U[-1/2, 1]: density 4/3 on [0, 1/2], 2/3 on (1/2, 1], so
     * E|v|^k = ((4/3) 2^-(k+1) + (2/3)(1 - 2^-(k+1)))/(k+1); E|v| = 5/12 */
    double r[5];
    for (int k = 1; k <= 4; k++) {
        double h = pow(0.5, k + 1);
        r[k] = ((4.0 / 3) * h + (2.0 / 3) * (1 - h)) / (k + 1);
    }
    assert_true(fabs(r[1] - 5.0 / 12) < 1e-15);
    double var = r[2] - r[1] * r[1];
    size_t n = p->T * M;
    check_range(p->a, n, 0, 1);
    check_mean(p->a, n, r[1], var);
    check_var(p->a, n, var, central4(r[1], r[2], r[3], r[4]));
    check_uniform(p->c, p->T, 0, 10); /* mean c = 5 */
    oco_olp_instance_free(p);
}

static void test_type7(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(7, 1, T_BIG, 71);
    assert_true(p->b[0] == 0.5 * T_BIG);
    for (size_t t = 0; t < p->T; t++)
        assert_true(p->a[t] == 1.0);
    check_uniform(p->c, p->T, 0, 1);
    oco_olp_instance_free(p);
}

/* Index of order t's column among the distinct columns seen so far. */
static size_t column_id(const oco_olp_instance *p, size_t t, size_t *first, size_t *nd)
{
    for (size_t k = 0; k < *nd; k++) {
        size_t u = first[k];
        if (p->c[u] == p->c[t] && memcmp(p->a + u * p->m, p->a + t * p->m,
                                         p->m * sizeof(double)) == 0)
            return k;
    }
    assert_true(*nd < 10); /* more than 10 distinct columns fails here */
    first[*nd] = t;
    return (*nd)++;
}

static void test_type8(void **st)
{
    (void)st;
    const size_t T = 1003;
    oco_olp_instance *p = gen(8, M, T, 81);
    check_d_uniform(p);
    check_range(p->a, T * M, 0, 1);
    check_range(p->c, T, 0, 1);
    size_t first[10], nd = 0, count[10] = {0}, *id = malloc(T * sizeof(size_t));
    assert_non_null(id);
    for (size_t t = 0; t < T; t++) {
        id[t] = column_id(p, t, first, &nd);
        count[id[t]]++;
    }
    assert_int_equal(nd, 10);
    for (size_t k = 0; k < 10; k++) /* round-robin: floor or ceil of T/10 */
        assert_true(count[k] == 100 || count[k] == 101);
    size_t periodic = 0; /* shuffled: not the round-robin layout */
    for (size_t t = 0; t + 10 < T; t++)
        periodic += id[t] == id[t + 10];
    assert_true(periodic < T / 2);
    free(id);
    oco_olp_instance_free(p);

    p = gen(8, 2, 7, 82); /* T < 10: at most T distinct columns */
    nd = 0;
    for (size_t t = 0; t < 7; t++)
        column_id(p, t, first, &nd);
    assert_true(nd <= 7);
    oco_olp_instance_free(p);
}

static void test_type9(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(9, M, T_BIG, 91);
    check_d_uniform(p);
    check_uniform(p->a, p->T * M, 1, 6); /* mean 3.5 */
    check_uniform(p->c, p->T, 0, 3);     /* mean 1.5 */
    oco_olp_instance_free(p);
}

static void test_type10(void **st)
{
    (void)st;
    oco_olp_instance *p = gen(10, M, T_BIG, 101);
    check_d_uniform(p);
    size_t n = p->T * M;
    check_range(p->a, n, 5, 6);
    /* Beta(1,8): mean 1/9, var ab/((a+b)^2 (a+b+1)) = 8/810 */
    check_mean(p->a, n, 5 + 1.0 / 9, 8.0 / 810);
    /* raw moments of Beta(1,8): E x^k = k! 8! / (8+k)! */
    double r[5] = {1, 0, 0, 0, 0};
    for (int k = 1; k <= 4; k++)
        r[k] = r[k - 1] * k / (8.0 + k);
    assert_true(fabs(r[2] - r[1] * r[1] - 8.0 / 810) < 1e-15);
    check_var(p->a, n, 8.0 / 810, central4(r[1], r[2], r[3], r[4]));
    check_uniform(p->c, p->T, 0, 5); /* mean 2.5 */
    oco_olp_instance_free(p);
}

/* The documented draw order (olp_gen.c): d_1..d_m, then per order a_t then
 * c_t; type 8: base columns then one shuffle of the labels. Replayed here
 * with a second generator on the same (seed, stream). */
static void test_draw_order(void **st)
{
    (void)st;
    const size_t m = 2, T = 50;
    oco_rng r;
    oco_rng_seed(&r, 7, 3);
    oco_olp_instance *p = oco_olp_generate(1, m, T, &r);
    assert_non_null(p);
    oco_rng q;
    oco_rng_seed(&q, 7, 3);
    for (size_t i = 0; i < m; i++)
        assert_true(p->b[i] == (double)T * ((oco_rng_uniform(&q) + 1.0) / 3.0));
    for (size_t t = 0; t < T; t++) {
        for (size_t i = 0; i < m; i++)
            assert_true(p->a[t * m + i] == 2.0 * oco_rng_uniform(&q));
        assert_true(p->c[t] == 2.0 * oco_rng_uniform(&q));
    }
    /* both generators are now in the same state */
    assert_true(oco_rng_u64(&r) == oco_rng_u64(&q));
    oco_olp_instance_free(p);

    oco_rng_seed(&r, 8, 0);
    oco_rng_seed(&q, 8, 0);
    p = oco_olp_generate(2, m, T, &r);
    assert_non_null(p);
    for (size_t i = 0; i < m; i++)
        assert_true(p->b[i] == (double)T * ((oco_rng_uniform(&q) + 1.0) / 3.0));
    for (size_t t = 0; t < T; t++) {
        double s = 0;
        for (size_t i = 0; i < m; i++) {
            double a = oco_rng_normal(&q, 1.0, 1.0);
            assert_true(p->a[t * m + i] == a);
            s += a;
        }
        assert_true(p->c[t] == s - (double)m * oco_rng_uniform(&q));
    }
    oco_olp_instance_free(p);

    oco_rng_seed(&r, 9, 0);
    oco_rng_seed(&q, 9, 0);
    p = oco_olp_generate(8, m, T, &r);
    assert_non_null(p);
    for (size_t i = 0; i < m; i++)
        assert_true(p->b[i] == (double)T * ((oco_rng_uniform(&q) + 1.0) / 3.0));
    double ba[10][2], bc[10];
    for (size_t k = 0; k < 10; k++) {
        for (size_t i = 0; i < m; i++)
            ba[k][i] = oco_rng_uniform(&q);
        bc[k] = oco_rng_uniform(&q);
    }
    unsigned char label[50];
    for (size_t t = 0; t < T; t++)
        label[t] = (unsigned char)(t % 10);
    oco_rng_shuffle(&q, label, T, 1);
    for (size_t t = 0; t < T; t++) {
        assert_true(p->c[t] == bc[label[t]]);
        assert_true(p->a[t * m] == ba[label[t]][0] && p->a[t * m + 1] == ba[label[t]][1]);
    }
    oco_olp_instance_free(p);
}

static void test_determinism(void **st)
{
    (void)st;
    for (int type = 1; type <= OCO_OLP_NTYPES; type++) {
        size_t m = (type == 4 || type == 7) ? 1 : 3, T = 300;
        oco_olp_instance *p = gen(type, m, T, 1234), *q = gen(type, m, T, 1234),
                         *o = gen(type, m, T, 1235);
        assert_memory_equal(p->c, q->c, T * sizeof(double));
        assert_memory_equal(p->a, q->a, T * m * sizeof(double));
        assert_memory_equal(p->b, q->b, m * sizeof(double));
        assert_memory_not_equal(p->c, o->c, T * sizeof(double));
        oco_olp_instance_free(p);
        oco_olp_instance_free(q);
        oco_olp_instance_free(o);
    }
}

static void test_rejects(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 1, 0);
    const int bad_types[] = {0, 11, -1};
    for (size_t k = 0; k < 3; k++) {
        oco_clear_error();
        assert_null(oco_olp_generate(bad_types[k], 1, 10, &r));
        assert_int_equal(oco_last_error_code(), OCO_EINVAL);
        assert_non_null(strstr(oco_last_error(), "unknown type"));
        assert_null(oco_olp_type_describe(bad_types[k]));
    }
    assert_null(oco_olp_generate(4, 2, 10, &r));
    assert_non_null(strstr(oco_last_error(), "needs m = 1 (got m = 2)"));
    assert_null(oco_olp_generate(7, 3, 10, &r));
    assert_non_null(strstr(oco_last_error(), "type 7"));
    assert_null(oco_olp_generate(1, 0, 10, &r));
    assert_non_null(strstr(oco_last_error(), "m must be > 0"));
    assert_null(oco_olp_generate(1, 2, 0, &r));
    assert_non_null(strstr(oco_last_error(), "T must be > 0"));
    assert_null(oco_olp_generate(1, 2, 10, NULL));
    assert_non_null(strstr(oco_last_error(), "rng"));
    for (int type = 1; type <= OCO_OLP_NTYPES; type++) {
        const char *d = oco_olp_type_describe(type);
        assert_non_null(d);
        char want[16];
        snprintf(want, sizeof want, "type %d:", type);
        assert_true(strncmp(d, want, strlen(want)) == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type1),       cmocka_unit_test(test_type2),
        cmocka_unit_test(test_type3),       cmocka_unit_test(test_type4),
        cmocka_unit_test(test_type5),       cmocka_unit_test(test_type6),
        cmocka_unit_test(test_type7),       cmocka_unit_test(test_type8),
        cmocka_unit_test(test_type9),       cmocka_unit_test(test_type10),
        cmocka_unit_test(test_draw_order),  cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
