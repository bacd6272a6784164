/* The chunked, OpenMP passes over all orders behind the exact OLP optimum at
 * large T·m (src/hindsight/olp_dual_eval.h): D(y) and the reduced costs
 * against an independent per-order evaluation (long double), the fused pass
 * bitwise equal to oco__olp_dual_raw, the results independent of the number of
 * threads, and the sifting optimum on a chunked-size instance against the
 * m = 1 closed form (an independent route: a weighted quantile, no CLP). Sizes are just above OCO_OLP_PASS_MIN_ENTRIES so that
 * the chunked path runs. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "hindsight/olp_internal.h"
#include "oco/error.h"
#include "oco/hindsight.h"
#include "oco/olp.h"
#include "oco/rng.h"

/* D(y) in long double, order by order: the reference; rc_ref[k] = the
 * reduced cost of order probe[k]. */
static long double dual_ref(const oco_olp_instance *I, const double *y, const size_t *probe,
                            size_t np, long double *rc_ref)
{
    long double s = 0.0L;
    for (size_t i = 0; i < I->m; i++)
        s += (long double)I->b[i] * y[i];
    for (size_t t = 0; t < I->T; t++) {
        long double v = I->c[t];
        for (size_t i = 0; i < I->m; i++)
            v -= (long double)I->a[t * I->m + i] * y[i];
        for (size_t k = 0; k < np; k++)
            if (t == probe[k])
                rc_ref[k] = v;
        if (v > 0)
            s += v;
    }
    return s;
}

static void set_threads(int n)
{
#ifdef _OPENMP
    omp_set_num_threads(n);
#else
    (void)n;
#endif
}

static void test_dual_pass(void **state)
{
    (void)state;
    const size_t m = 32, T = (OCO_OLP_PASS_MIN_ENTRIES / m) + 777; /* chunked, uneven chunks */
    assert_int_equal(oco__olp_pass_chunks(T, m), OCO_OLP_PASS_CHUNKS);
    assert_int_equal(oco__olp_pass_chunks(100, m), 1);
    oco_rng rng;
    oco_rng_seed(&rng, 11, 0);
    oco_olp_instance *I = oco_olp_generate(2, m, T, &rng); /* signs of both kinds */
    assert_non_null(I);
    double y[32];
    for (size_t i = 0; i < m; i++)
        y[i] = 0.05 * (double)(i % 7);
    double *rcv = malloc(T * sizeof(double));
    assert_non_null(rcv);
    set_threads(2);
    const double d2 = oco__olp_dual_pass(I, y, rcv);
    const size_t probes[] = {0, 1, T / OCO_OLP_PASS_CHUNKS, T / 2 + 3, T - 1};
    enum { NP = sizeof probes / sizeof probes[0] };
    long double rc[NP];
    const long double dref = dual_ref(I, y, probes, NP, rc);
    for (size_t k = 0; k < NP; k++)
        assert_true(fabsl((long double)rcv[probes[k]] - rc[k]) <= 1e-12L * (1.0L + fabsl(rc[k])));
    assert_true(fabsl((long double)d2 - dref) <= 1e-12L * fabsl(dref));
    /* the fused pass is the certificate oco__olp_dual_raw, bit for bit, and
     * neither depends on the number of threads */
    assert_true(d2 == oco__olp_dual_raw(I, y));
    set_threads(1);
    assert_true(oco__olp_dual_pass(I, y, NULL) == d2);
    assert_true(oco_olp_dual_objective(I, y) == d2);
    free(rcv);
    oco_olp_instance_free(I);
}

/* The exact optimum by sifting on an instance whose passes are chunked, with
 * 1 and 2 threads, against the closed form (m = 1 keeps the instance small:
 * a whole-LP CLP solve of this many entries takes several seconds). */
static void test_sift_chunked_vs_closed_form(void **state)
{
    (void)state;
    const size_t m = 1, T = OCO_OLP_PASS_MIN_ENTRIES / m + 1001;
    oco_rng rng;
    oco_rng_seed(&rng, 5, 0);
    oco_olp_instance *I = oco_olp_generate(1, m, T, &rng);
    assert_non_null(I);
    assert_int_equal(oco__olp_pass_chunks(T, m), OCO_OLP_PASS_CHUNKS);
    double vfull, yfull[1], v1, y1[1], v2, y2[1];
    oco_olp_opt_opts o = oco_olp_opt_opts_default();
    oco_olp_opt out;
    o.method = OCO_OLP_OPT_CLOSED_FORM;
    assert_int_equal(oco_olp_opt_solve(I, &o, &out, yfull), OCO_OK);
    vfull = out.value;
    o.method = OCO_OLP_OPT_CLP;
    set_threads(1);
    assert_int_equal(oco_olp_opt_solve(I, &o, &out, y1), OCO_OK);
    v1 = out.value;
    assert_int_equal(out.kind, OCO_OPT_EXACT);
    set_threads(2);
    assert_int_equal(oco_olp_opt_solve(I, &o, &out, y2), OCO_OK);
    v2 = out.value;
    assert_true(v1 == v2); /* thread-count independent, bit for bit */
    assert_true(y1[0] == y2[0]);
    assert_true(fabs(v2 - vfull) <= 1e-9 * fabs(vfull));
    /* the certificate at the returned duals */
    const double d = oco_olp_dual_objective(I, y2);
    assert_true(d - v2 <= 1e-9 * fabs(v2) && d - v2 >= -1e-7 * fabs(v2));
    oco_olp_instance_free(I);
}

/* AUTO routes T·m = 10^9 (T = 10^7, m = 100) to the exact solve. */
static void test_auto_threshold(void **state)
{
    (void)state;
    const oco_olp_opt_opts o = oco_olp_opt_opts_default();
    assert_true(o.exact_max_entries >= (size_t)1000000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dual_pass),
        cmocka_unit_test(test_sift_chunked_vs_closed_form),
        cmocka_unit_test(test_auto_threshold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
