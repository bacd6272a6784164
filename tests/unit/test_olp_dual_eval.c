/* The OLP dual evaluations of hindsight/olp_dual_eval.h, against independent
 * references: the weighted quantile against sorting and scanning (random
 * breakpoints with many ties, and the depth-limited fallback on a sorted
 * input); D(y) against hand values and a long-double sum in another order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hindsight/olp_dual_eval.h"
#include "oco/olp.h"
#include "oco/rng.h"

static int cmp_r(const void *pa, const void *pb)
{
    const double x = ((const oco_olp_bp *)pa)->r, y = ((const oco_olp_bp *)pb)->r;
    return (x > y) - (x < y);
}

/* Reference: sort, sum the weights of each distinct r in order, first r
 * whose cumulative weight reaches need (the largest r if none does). With
 * integer weights every partial sum is exact, so both must agree exactly. */
static double quantile_ref(const oco_olp_bp *v, size_t n, double need)
{
    oco_olp_bp *s = malloc(n * sizeof *s);
    assert_non_null(s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_r);
    double acc = 0, r = s[n - 1].r;
    for (size_t k = 0; k < n; k++) {
        acc += s[k].w;
        if (acc >= need && (k + 1 == n || s[k + 1].r != s[k].r)) {
            r = s[k].r;
            break;
        }
    }
    free(s);
    return r;
}

static void test_wquantile_random(void **st)
{
    (void)st;
    oco_rng g;
    oco_rng_seed(&g, 91, 0);
    oco_olp_bp *v = malloc(500 * sizeof *v);
    assert_non_null(v);
    for (int rep = 0; rep < 300; rep++) {
        const size_t n = 1 + (size_t)(oco_rng_uniform(&g) * 499);
        /* few distinct values → many ties, the Dutch-flag partition's case */
        const double levels = rep % 2 ? 7.0 : 1e6;
        double total = 0;
        for (size_t k = 0; k < n; k++) {
            v[k].r = floor(oco_rng_uniform(&g) * levels) - levels / 3;
            v[k].w = 1 + floor(oco_rng_uniform(&g) * 5);
            total += v[k].w;
        }
        const double need = 0.5 + floor(oco_rng_uniform(&g) * total);
        const double ref = quantile_ref(v, n, need);
        assert_true(oco__olp_wquantile(v, n, need) == ref);
    }
    free(v);
}

static void test_wquantile_cases(void **st)
{
    (void)st;
    /* Hand: r = 3 (w 1), 1 (w 2), 2 (w 1): need 2 → 1, need 2.5 → 2, need 4 → 3. */
    oco_olp_bp v[] = {{3, 1}, {1, 2}, {2, 1}};
    assert_true(oco__olp_wquantile(v, 3, 2) == 1);
    assert_true(oco__olp_wquantile(v, 3, 2.5) == 2);
    assert_true(oco__olp_wquantile(v, 3, 4) == 3);
    /* need above the total: the largest breakpoint (g flat beyond it). */
    assert_true(oco__olp_wquantile(v, 3, 100) == 3);
    /* Sorted and reverse-sorted inputs (quickselect's classic bad cases),
     * with the answer at either end. */
    const size_t n = 5000;
    oco_olp_bp *s = malloc(n * sizeof *s);
    assert_non_null(s);
    for (size_t k = 0; k < n; k++)
        s[k] = (oco_olp_bp){(double)k, 1.0};
    assert_true(oco__olp_wquantile(s, n, (double)n) == (double)(n - 1));
    for (size_t k = 0; k < n; k++)
        s[k] = (oco_olp_bp){(double)(n - k), 1.0};
    assert_true(oco__olp_wquantile(s, n, 1.0) == 1.0);
    free(s);
}

static void test_dual_raw(void **st)
{
    (void)st;
    /* Hand, T = 3, m = 2: b = (1, 2), y = (0.5, 0.25);
     * c − a·y: 2 − (1·0.5 + 2·0.25) = 1, 0.5 − (1·0.5 + 0) = 0,
     * 1 − (−2·0.5 + 0) = 2 → D = (0.5 + 0.5) + 1 + 0 + 2 = 4. */
    oco_olp_instance *I = oco_olp_instance_new(3, 2);
    assert_non_null(I);
    const double c[] = {2, 0.5, 1}, a[] = {1, 2, 1, 0, -2, 0}, b[] = {1, 2}, y[] = {0.5, 0.25};
    memcpy(I->c, c, sizeof c);
    memcpy(I->a, a, sizeof a);
    memcpy(I->b, b, sizeof b);
    assert_true(oco__olp_dual_raw(I, y) == 4.0);
    const double y0[] = {0, 0};
    assert_true(oco__olp_dual_raw(I, y0) == 3.5); /* Σ (c_t)_+ */
    oco_olp_instance_free(I);

    /* Random: against a long-double sum taken in reverse order. */
    oco_rng g;
    oco_rng_seed(&g, 92, 0);
    const size_t T = 2000, m = 4;
    I = oco_olp_instance_new(T, m);
    assert_non_null(I);
    double yy[4];
    for (size_t t = 0; t < T; t++) {
        I->c[t] = oco_rng_uniform(&g);
        for (size_t i = 0; i < m; i++)
            I->a[t * m + i] = oco_rng_normal(&g, 0.5, 1);
    }
    for (size_t i = 0; i < m; i++) {
        I->b[i] = 100 * oco_rng_uniform(&g);
        yy[i] = oco_rng_uniform(&g);
    }
    long double ref = 0;
    for (size_t t = T; t-- > 0;) {
        long double v = I->c[t];
        for (size_t i = m; i-- > 0;)
            v -= (long double)I->a[t * m + i] * yy[i];
        if (v > 0)
            ref += v;
    }
    for (size_t i = 0; i < m; i++)
        ref += (long double)I->b[i] * yy[i];
    const double d = oco__olp_dual_raw(I, yy);
    assert_true(fabs(d - (double)ref) <= 1e-12 * fabs((double)ref));
    oco_olp_instance_free(I);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wquantile_random),
        cmocka_unit_test(test_wquantile_cases),
        cmocka_unit_test(test_dual_raw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
