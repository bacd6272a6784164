/* Dual-price OLP policies (seed 002 Algorithm 1; olp_laau.md §1.3) against
 * rounds computed by hand. All inputs are dyadic, so every hand value below is
 * exact in binary floating point and compared with ==. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "oco/alloc.h"
#include "oco/error.h"

#include "olp_test_util.h"

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(x, ref, tol) assert_true(fabs((x) - (ref)) <= (tol))

static const oco_olp_policy_type *subgrad(void)
{
    const oco_olp_policy_type *t = oco_olp_policy_find("dual-subgradient");
    assert_non_null(t);
    return t;
}

static const oco_olp_policy_type *mult(void)
{
    const oco_olp_policy_type *t = oco_olp_policy_find("dual-multiplicative");
    assert_non_null(t);
    return t;
}

/* Instance: m = 2, T = 4, b = (2, 1), so d = b/T = (0.5, 0.25).
 * alpha is left to its default 1/sqrt(T) = 1/sqrt(4) = 0.5; y_1 = (0, 0).
 *
 * t=1  c=1,   a=(1, 1):   <a,y> = 0                    1 > 0      -> x=1
 *      g = d − a x = (0.5−1, 0.25−1) = (−0.5, −0.75)
 *      y_2 = max(0, y − 0.5 g) = (0.25, 0.375)
 *      remaining = (2−1, 1−1) = (1, 0)
 * t=2  c=0.5, a=(0.5, 0): <a,y> = 0.5·0.25 = 0.125     0.5 > 0.125 -> x=1
 *      g = (0.5−0.5, 0.25−0) = (0, 0.25)
 *      y_3 = (0.25 − 0, 0.375 − 0.125) = (0.25, 0.25)
 *      remaining = (0.5, 0)
 * t=3  c=0.5, a=(0, 2):   <a,y> = 2·0.25 = 0.5         0.5 > 0.5 false: TIE -> x=0
 *      g = d = (0.5, 0.25)
 *      y_4 = (0.25 − 0.25, 0.25 − 0.125) = (0, 0.125)
 * t=4  c=0.1, a=(1, 1):   <a,y> = 0.125               0.1 > 0.125 false -> x=0
 *      y_5 = max(0, (0 − 0.25, 0.125 − 0.125)) = (0, 0)   <- first coordinate
 *      projected: 0 − 0.25 = −0.25 clipped to 0.
 * reward = 1.5, accepted = 2, remaining = (0.5, 0). */
static void test_subgradient_by_hand(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0};
    const oco_olp_setup setup = {4, 2, b, NULL};
    oco_olp_session *s = oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL);
    assert_non_null(s);
    const double *y = oco_olp_session_dual(s);
    assert_non_null(y);
    assert_true(y[0] == 0.0 && y[1] == 0.0);

    assert_int_equal(olp_step2(s, 1.0, 1.0, 1.0), 1);
    assert_true(y[0] == 0.25 && y[1] == 0.375);
    assert_true(oco_olp_session_remaining(s)[0] == 1.0);
    assert_true(oco_olp_session_remaining(s)[1] == 0.0);

    assert_int_equal(olp_step2(s, 0.5, 0.5, 0.0), 1);
    assert_true(y[0] == 0.25 && y[1] == 0.25);

    assert_int_equal(olp_step2(s, 0.5, 0.0, 2.0), 0); /* c == <a,y>: strict rule rejects */
    assert_true(y[0] == 0.0 && y[1] == 0.125);

    assert_int_equal(olp_step2(s, 0.1, 1.0, 1.0), 0);
    assert_true(y[0] == 0.0 && y[1] == 0.0); /* y[0] projected from −0.25 */
    assert_false(signbit(y[0]));

    assert_int_equal(oco_olp_session_round(s), 4);
    assert_int_equal(oco_olp_session_accepted(s), 2);
    assert_true(oco_olp_session_reward(s) == 1.5);
    assert_true(oco_olp_session_remaining(s)[0] == 0.5);
    assert_true(oco_olp_session_remaining(s)[1] == 0.0);
    oco_olp_session_free(s);
}

/* Explicit alpha and y0: m = 2, T = 4, b = (2, 1), d = (0.5, 0.25), alpha = 1,
 * y_1 = (0.5, 0.5).
 * t=1 c=1, a=(1,0.5): <a,y> = 0.5 + 0.25 = 0.75 < 1 -> x=1;
 *     y_2 = max(0, y − (d − a)) = (0.5 + 0.5, 0.5 + 0.25) = (1, 0.75)
 * t=2 c=1, a=(0,1):   <a,y> = 0.75 < 1 -> x=1; y_3 = (1 − 0.5, 0.75 + 0.75) = (0.5, 1.5)
 * t=3 c=1, a=(0,1):   <a,y> = 1.5 > 1 -> x=0; y_4 = (0.5 − 0.5, 1.5 − 0.25) = (0, 1.25)
 * t=4 c=2, a=(0,1):   <a,y> = 1.25 < 2 -> x=1 (an accepted order also projects):
 *     y_5 = max(0, (0 − (0.5 − 0), 1.25 − (0.25 − 1))) = max(0, (−0.5, 2)) = (0, 2) */
static void test_subgradient_params(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0};
    const oco_olp_setup setup = {4, 2, b, NULL};
    const oco_param p[] = {{"alpha", 1.0}, {"y0", 0.5}};
    oco_olp_session *s = oco_olp_session_new(subgrad(), &setup, p, 2, NULL);
    assert_non_null(s);
    const double *y = oco_olp_session_dual(s);
    assert_true(y[0] == 0.5 && y[1] == 0.5);
    assert_int_equal(olp_step2(s, 1.0, 1.0, 0.5), 1);
    assert_true(y[0] == 1.0 && y[1] == 0.75);
    assert_int_equal(olp_step2(s, 1.0, 0.0, 1.0), 1);
    assert_true(y[0] == 0.5 && y[1] == 1.5);
    assert_int_equal(olp_step2(s, 1.0, 0.0, 1.0), 0);
    assert_true(y[0] == 0.0 && y[1] == 1.25);
    /* soft budget: resource 2 is overdrawn: remaining = 1 − 0.5 − 1 = −0.5 */
    assert_true(oco_olp_session_remaining(s)[1] == -0.5);
    assert_int_equal(olp_step2(s, 2.0, 0.0, 1.0), 1);
    assert_true(y[0] == 0.0 && y[1] == 2.0);
    assert_false(signbit(y[0]));
    assert_true(oco_olp_session_remaining(s)[1] == -1.5);
    oco_olp_session_free(s);
}

/* Multiplicative: m = 1, T = 4, b = 2, d = 0.5, alpha = 1/sqrt(4) = 0.5,
 * y_1 = 1/e (default).
 * t=1 c=1,   a=1: 1/e ≈ 0.368 < 1      -> x=1; y_2 = e^-1·exp(−0.5(0.5−1)) = e^-0.75
 * t=2 c=0.4, a=1: e^-0.75 ≈ 0.472 > 0.4 -> x=0; y_3 = e^-0.75·exp(−0.5·0.5) = e^-1
 * t=3 c=0.5, a=1: e^-1 < 0.5            -> x=1; y_4 = e^-0.75
 * t=4 c=0.1, a=0: 0 < 0.1               -> x=1; y_5 = e^-0.75·exp(−0.25) = e^-1 */
static void test_multiplicative_by_hand(void **st)
{
    (void)st;
    const double b[1] = {2.0};
    const oco_olp_setup setup = {4, 1, b, NULL};
    oco_olp_session *s = oco_olp_session_new(mult(), &setup, NULL, 0, NULL);
    assert_non_null(s);
    const double *y = oco_olp_session_dual(s);
    int x;
    double a = 1.0;
    assert_near(y[0], exp(-1.0), 1e-16);
    assert_int_equal(oco_olp_session_step(s, 1.0, &a, &x), OCO_OK);
    assert_int_equal(x, 1);
    assert_near(y[0], exp(-0.75), 1e-15);
    assert_int_equal(oco_olp_session_step(s, 0.4, &a, &x), OCO_OK);
    assert_int_equal(x, 0);
    assert_near(y[0], exp(-1.0), 1e-15);
    assert_int_equal(oco_olp_session_step(s, 0.5, &a, &x), OCO_OK);
    assert_int_equal(x, 1);
    assert_near(y[0], exp(-0.75), 1e-15);
    a = 0.0;
    assert_int_equal(oco_olp_session_step(s, 0.1, &a, &x), OCO_OK);
    assert_int_equal(x, 1);
    assert_near(y[0], exp(-1.0), 1e-15);
    assert_near(oco_olp_session_reward(s), 1.6, 1e-15);
    assert_true(oco_olp_session_remaining(s)[0] == 0.0);
    oco_olp_session_free(s);

    /* y0 = 0 is a fixed point of y·exp(.): rejected. */
    const oco_param p0[] = {{"y0", 0.0}};
    assert_null(oco_olp_session_new(mult(), &setup, p0, 1, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "y0"));
}

/* Strict tie on a one-resource instance: c == <a,y> exactly -> reject, and a
 * hair above -> accept. y_1 = 0.25, a = 2, so <a,y> = 0.5. */
static void test_strict_tie(void **st)
{
    (void)st;
    const double b[1] = {1.0};
    const oco_olp_setup setup = {2, 1, b, NULL};
    const oco_param p[] = {{"y0", 0.25}};
    const double a = 2.0;
    for (int k = 0; k < 2; ++k) {
        oco_olp_session *s = oco_olp_session_new(k ? mult() : subgrad(), &setup, p, 1, NULL);
        assert_non_null(s);
        int x = -1;
        assert_int_equal(oco_olp_session_step(s, 0.5, &a, &x), OCO_OK);
        assert_int_equal(x, 0);
        oco_olp_session_free(s);
        s = oco_olp_session_new(k ? mult() : subgrad(), &setup, p, 1, NULL);
        assert_int_equal(oco_olp_session_step(s, nextafter(0.5, 1.0), &a, &x), OCO_OK);
        assert_int_equal(x, 1);
        oco_olp_session_free(s);
    }
}

/* Hard budget: m = 1, T = 4, b = 1, d = 0.25, alpha = 0.5, y_1 = 0.
 * t=1 c=1, a=1:   accept (0 < 1); remaining 1 − 1 = 0; y_2 = 0 − 0.5(0.25 − 1) = 0.375
 * t=2 c=1, a=0.5: <a,y> = 0.1875 < 1 -> proposed 1, but 0 − 0.5 < 0 -> taken 0.
 *     proposed rule (default):  y_3 = 0.375 − 0.5(0.25 − 0.5) = 0.5
 *     taken rule:               y_3 = 0.375 − 0.5·0.25        = 0.25
 *     soft budget:              taken 1, remaining −0.5, y_3 = 0.5
 * t=3 c=0.1, a=−1: <a,y> < 0 < 0.1 -> proposed 1; fits (0 − (−1) = 1 >= 0):
 *     taken, remaining becomes 1.
 * t=4 c=1, a=1: fits exactly (1 − 1 = 0 >= 0) if proposed. */
static void test_hard_budget(void **st)
{
    (void)st;
    const double b[1] = {1.0};
    const oco_olp_setup setup = {4, 1, b, NULL};
    const oco_olp_session_opts hard = {.hard_budget = 1}, soft = {.hard_budget = 0};
    const oco_param taken_p[] = {{"update_with_taken", 1.0}};
    oco_olp_session *hp = oco_olp_session_new(subgrad(), &setup, NULL, 0, &hard);
    oco_olp_session *ht = oco_olp_session_new(subgrad(), &setup, taken_p, 1, &hard);
    oco_olp_session *sp = oco_olp_session_new(subgrad(), &setup, NULL, 0, &soft);
    assert_non_null(hp);
    assert_non_null(ht);
    assert_non_null(sp);
    oco_olp_session *all[3] = {hp, ht, sp};
    int x;
    double a = 1.0;
    for (int k = 0; k < 3; ++k) {
        assert_int_equal(oco_olp_session_step(all[k], 1.0, &a, &x), OCO_OK);
        assert_int_equal(x, 1);
        assert_true(oco_olp_session_dual(all[k])[0] == 0.375);
    }
    a = 0.5;
    assert_int_equal(oco_olp_session_step(hp, 1.0, &a, &x), OCO_OK);
    assert_int_equal(x, 0);
    assert_true(oco_olp_session_dual(hp)[0] == 0.5);
    assert_true(oco_olp_session_remaining(hp)[0] == 0.0);
    assert_true(oco_olp_session_reward(hp) == 1.0);
    assert_int_equal(oco_olp_session_step(ht, 1.0, &a, &x), OCO_OK);
    assert_int_equal(x, 0);
    assert_true(oco_olp_session_dual(ht)[0] == 0.25);
    assert_int_equal(oco_olp_session_step(sp, 1.0, &a, &x), OCO_OK);
    assert_int_equal(x, 1);
    assert_true(oco_olp_session_dual(sp)[0] == 0.5); /* same price path as hard+proposed */
    assert_true(oco_olp_session_remaining(sp)[0] == -0.5);

    a = -1.0; /* negative consumption frees budget: it always fits */
    assert_int_equal(oco_olp_session_step(hp, 0.1, &a, &x), OCO_OK);
    assert_int_equal(x, 1);
    assert_true(oco_olp_session_remaining(hp)[0] == 1.0);
    a = 1.0; /* y_4 = 0.5 − 0.5(0.25 + 1) = −0.125 -> 0; <a,y> = 0 < 1; 1 − 1 = 0 fits */
    assert_int_equal(oco_olp_session_step(hp, 1.0, &a, &x), OCO_OK);
    assert_int_equal(x, 1);
    assert_true(oco_olp_session_remaining(hp)[0] == 0.0);
    assert_int_equal(oco_olp_session_accepted(hp), 3);
    for (int k = 0; k < 3; ++k)
        oco_olp_session_free(all[k]);
}

/* A non-finite order is rejected with a message naming it and leaves every
 * piece of state as it was: the rest of the run equals a run that never saw it. */
static void test_bad_order_state_unchanged(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0};
    const oco_olp_setup setup = {4, 2, b, NULL};
    oco_olp_session *s = oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL);
    oco_olp_session *ref = oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL);
    assert_int_equal(olp_step2(s, 1.0, 1.0, 1.0), 1);
    assert_int_equal(olp_step2(ref, 1.0, 1.0, 1.0), 1);

    int x = 7;
    const double anan[2] = {0.5, NAN}, ainf[2] = {INFINITY, 0.0}, ok[2] = {0.5, 0.0};
    assert_int_equal(oco_olp_session_step(s, NAN, ok, &x), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "reward c is NaN"));
    assert_int_equal(oco_olp_session_step(s, 0.5, anan, &x), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "a[1] is NaN"));
    assert_int_equal(oco_olp_session_step(s, 0.5, ainf, &x), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "a[0] is Inf"));
    assert_int_equal(oco_olp_session_step(s, 0.5, NULL, &x), OCO_EINVAL);
    assert_int_equal(x, 7);
    assert_int_equal(oco_olp_session_round(s), 1);
    assert_memory_equal(oco_olp_session_dual(s), oco_olp_session_dual(ref), 2 * sizeof(double));
    assert_memory_equal(oco_olp_session_remaining(s), oco_olp_session_remaining(ref),
                        2 * sizeof(double));
    assert_true(oco_olp_session_reward(s) == oco_olp_session_reward(ref));

    const double orders[3][3] = {{0.5, 0.5, 0.0}, {0.5, 0.0, 2.0}, {0.1, 1.0, 1.0}};
    for (int t = 0; t < 3; ++t) {
        int x1, x2;
        assert_int_equal(oco_olp_session_step(s, orders[t][0], orders[t] + 1, &x1), OCO_OK);
        assert_int_equal(oco_olp_session_step(ref, orders[t][0], orders[t] + 1, &x2), OCO_OK);
        assert_int_equal(x1, x2);
    }
    assert_memory_equal(oco_olp_session_dual(s), oco_olp_session_dual(ref), 2 * sizeof(double));

    /* After T = 4 rounds: OCO_ESTATE, state unchanged. */
    assert_int_equal(oco_olp_session_round(s), 4);
    assert_int_equal(oco_olp_session_step(s, 1.0, ok, &x), OCO_ESTATE);
    assert_int_equal(oco_last_error_code(), OCO_ESTATE);
    assert_int_equal(oco_olp_session_round(s), 4);
    assert_int_equal(oco_olp_session_accepted(s), oco_olp_session_accepted(ref));
    oco_olp_session_free(s);
    oco_olp_session_free(ref);
}

static void test_bad_setup_and_params(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0}, bneg[2] = {1.0, -1.0}, bnan[2] = {NAN, 1.0};
    oco_olp_setup setup = {4, 2, b, NULL};

    const oco_param unknown[] = {{"beta", 1.0}};
    assert_null(oco_olp_session_new(subgrad(), &setup, unknown, 1, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "unknown parameter 'beta'"));
    assert_non_null(strstr(oco_last_error(), "dual-subgradient"));

    const oco_param neg_alpha[] = {{"alpha", -1.0}};
    assert_null(oco_olp_session_new(subgrad(), &setup, neg_alpha, 1, NULL));
    assert_non_null(strstr(oco_last_error(), "alpha"));
    const oco_param zero_alpha[] = {{"alpha", 0.0}};
    assert_null(oco_olp_session_new(mult(), &setup, zero_alpha, 1, NULL));
    const oco_param neg_y0[] = {{"y0", -0.5}};
    assert_null(oco_olp_session_new(subgrad(), &setup, neg_y0, 1, NULL));
    assert_non_null(strstr(oco_last_error(), "y0"));
    const oco_param half[] = {{"update_with_taken", 0.5}};
    assert_null(oco_olp_session_new(subgrad(), &setup, half, 1, NULL));
    assert_non_null(strstr(oco_last_error(), "update_with_taken"));
    const oco_param nan_alpha[] = {{"alpha", NAN}};
    assert_null(oco_olp_session_new(subgrad(), &setup, nan_alpha, 1, NULL));

    setup.T = 0;
    assert_null(oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL));
    assert_non_null(strstr(oco_last_error(), "T must be > 0"));
    setup.T = 4;
    setup.m = 0;
    assert_null(oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL));
    assert_non_null(strstr(oco_last_error(), "m must be > 0"));
    setup.m = 2;
    setup.b = bneg;
    assert_null(oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL));
    assert_non_null(strstr(oco_last_error(), "b[1]"));
    setup.b = bnan;
    assert_null(oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL));
    assert_non_null(strstr(oco_last_error(), "b[0] is NaN"));
    setup.b = NULL;
    assert_null(oco_olp_session_new(subgrad(), &setup, NULL, 0, NULL));
    assert_null(oco_olp_session_new(NULL, &setup, NULL, 0, NULL));
    oco_olp_session_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subgradient_by_hand),
        cmocka_unit_test(test_subgradient_params),
        cmocka_unit_test(test_multiplicative_by_hand),
        cmocka_unit_test(test_strict_tie),
        cmocka_unit_test(test_hard_budget),
        cmocka_unit_test(test_bad_order_state_unchanged),
        cmocka_unit_test(test_bad_setup_and_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
