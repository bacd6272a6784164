/* The session's zero-violation add-on (alloc.h; olp_laau.md §1.9, seed 002
 * §B.10): which orders it rejects on a hand-made instance, that the policy's
 * price moves as if they had been accepted, its quota, its checks, and
 * violation 0 on random instances of every generator type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/rng.h"
#include "oco/runner.h"

#include "olp_test_util.h"

/* m = 2, T = 8, b = (4, 2): d = (0.5, 0.25), d̲ = 0.25, threshold d̲/2 = 0.125.
 * k = 1/32 and f(T) = T^1 (exponent 1, so q is exact): q = ⌈(2k/d̲)·8⌉ = 2.
 * dual-subgradient, alpha = 0.5, y_1 = 0. Prices are those of the base rule,
 * which accepts t = 1..5, 7, 8 (computed as if every order were accepted):
 * t c   a          <a,y>    base  add-on                     quota left  y after
 * 1 1   (1, 0)     0        1     a1 > .125, q1: reject      (1, 2)      (0.25, 0)
 * 2 1   (1, 0.1)   0.25     1     a1, q1: reject (a2 small)  (0, 2)      (0.5, 0)
 * 3 1   (1, 0.5)   0.5      1     a1 (q1 = 0: not charged),
 *                                 a2, q2: reject             (0, 1)      (0.75, 0.125)
 * 4 1   (0, 0.5)   0.0625   1     a2, q2: reject             (0, 0)      (0.5, 0.25)
 * 5 1   (1, 1)     0.75     1     quotas used up: accept     (0, 0)      (0.75, 0.625)
 * 6 0   (1, 1)     1.375    0     (not counted)              (0, 0)      (0.5, 0.5)
 * 7 2   (0.5, 0.5) 0.5      1     accept                                 (0.5, 0.625)
 * 8 0.5 (0.25,.25) 0.28125  1     accept                                 (0.375, 0.625)
 * y_2 at t=2: 0 − 0.5(0.25 − 0.1) < 0 clips to 0 exactly.
 * reward = 1 + 2 + 0.5 = 3.5; remaining = (4 − 1.75, 2 − 1.75) = (2.25, 0.25). */
static const double hand_c[8] = {1, 1, 1, 1, 1, 0, 2, 0.5};
static const double hand_a[16] = {1, 0, 1, 0.1, 1, 0.5, 0, 0.5, 1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25};
static const int hand_x[8] = {0, 0, 0, 0, 1, 0, 1, 1};
static const double hand_y[8][2] = {{0.25, 0},   {0.5, 0},  {0.75, 0.125}, {0.5, 0.25},
                                    {0.75, 0.625}, {0.5, 0.5}, {0.5, 0.625},  {0.375, 0.625}};

static void check_hand(const oco_param *p, size_t np)
{
    const double b[2] = {4.0, 2.0};
    const oco_olp_setup setup = {8, 2, b, NULL};
    const oco_olp_session_opts zv = {.zero_violation = 1, .zero_violation_k = 1.0 / 32,
                                     .zero_violation_exponent = 1.0};
    oco_olp_session *s = oco_olp_session_new(olp_find("dual-subgradient"), &setup, p, np, &zv);
    /* the same policy without the add-on: its prices must be the same */
    oco_olp_session *base = oco_olp_session_new(olp_find("dual-subgradient"), &setup, p, np, NULL);
    assert_non_null(s);
    assert_non_null(base);
    assert_int_equal(oco_olp_session_zero_violation_quota(s), 2);
    assert_int_equal(oco_olp_session_zero_violation_quota(base), 0);
    for (int pass = 0; pass < 2; ++pass) { /* the second after a reset: quotas refilled */
        for (size_t t = 0; t < 8; ++t) {
            int x = -1, xb = -1;
            assert_int_equal(oco_olp_session_step(s, hand_c[t], hand_a + 2 * t, &x), OCO_OK);
            assert_int_equal(oco_olp_session_step(base, hand_c[t], hand_a + 2 * t, &xb),
                             OCO_OK);
            assert_int_equal(x, hand_x[t]);
            assert_int_equal(xb, hand_c[t] > 0.0); /* the base rule accepts all but t = 6 */
            const double *y = oco_olp_session_dual(s), *yb = oco_olp_session_dual(base);
            assert_true(y[0] == hand_y[t][0] && y[1] == hand_y[t][1]);
            assert_true(yb[0] == y[0] && yb[1] == y[1]); /* as if accepted */
        }
        assert_int_equal(oco_olp_session_zero_violation_rejected(s), 4);
        assert_true(oco_olp_session_reward(s) == 3.5);
        assert_int_equal(oco_olp_session_accepted(s), 3);
        assert_true(oco_olp_session_remaining(s)[0] == 2.25);
        assert_true(oco_olp_session_remaining(s)[1] == 0.25);
        assert_int_equal(oco_olp_session_reset(s, NULL), OCO_OK);
        assert_int_equal(oco_olp_session_reset(base, NULL), OCO_OK);
        assert_int_equal(oco_olp_session_zero_violation_rejected(s), 0);
    }
    oco_olp_session_free(s);
    oco_olp_session_free(base);
}

static void test_by_hand(void **st)
{
    (void)st;
    const oco_param p[] = {{"alpha", 0.5}};
    check_hand(p, 1);
}

/* A policy stepping with the x TAKEN (update_with_taken = 1) gets taken = 1
 * for the add-on's rejections: the same price path as above. */
static void test_by_hand_taken_policy(void **st)
{
    (void)st;
    const oco_param p[] = {{"alpha", 0.5}, {"update_with_taken", 1}};
    check_hand(p, 2);
}

/* An order over the threshold on several resources with quota left counts
 * against EACH of them: same setting as test_by_hand (q = 2), three orders
 * c = 10, a = (1, 1): t=1 rejected (q -> (1, 1)), t=2 rejected (q -> (0, 0)),
 * t=3 accepted. Charging one resource per order would reject t=3 too. */
static void test_charged_to_each_resource(void **st)
{
    (void)st;
    const double b[2] = {4.0, 2.0}, a[2] = {1.0, 1.0};
    const oco_olp_setup setup = {8, 2, b, NULL};
    const oco_param p[] = {{"alpha", 0.5}};
    const oco_olp_session_opts zv = {.zero_violation = 1, .zero_violation_k = 1.0 / 32,
                                     .zero_violation_exponent = 1.0};
    oco_olp_session *s = oco_olp_session_new(olp_find("dual-subgradient"), &setup, p, 1, &zv);
    assert_non_null(s);
    const int want[3] = {0, 0, 1};
    for (size_t t = 0; t < 3; ++t) {
        int x = -1;
        assert_int_equal(oco_olp_session_step(s, 10.0, a, &x), OCO_OK);
        assert_int_equal(x, want[t]);
    }
    oco_olp_session_free(s);
}

/* Hard budget: an order the budget rule refuses is not the base rule's, so
 * it is not counted. m = 1, T = 4, b = 1: d̲ = 0.25, threshold 0.125; k = 1/16,
 * exponent 1: q = ⌈(2/16/0.25)·4⌉ = 2. alpha = 0.0625, y_1 = 0.
 * t=1 c=1 a=2:   does not fit (1 − 2 < 0): x=0, quota 2 unused
 * t=2 c=1 a=0.5: fits; add-on rejects (q 2 -> 1)
 * t=3 c=1 a=0.5: add-on rejects (q 1 -> 0)
 * t=4 c=1 a=0.5: accepted. Without the hard budget, t=1 would be charged
 * and t=3 accepted. */
static void test_hard_budget_not_counted(void **st)
{
    (void)st;
    const double b[1] = {1.0};
    const oco_olp_setup setup = {4, 1, b, NULL};
    const oco_param p[] = {{"alpha", 0.0625}};
    const double c[4] = {1, 1, 1, 1}, a[4] = {2, 0.5, 0.5, 0.5};
    const int want_hard[4] = {0, 0, 0, 1}, want_soft[4] = {0, 0, 1, 1};
    for (int hard = 0; hard < 2; ++hard) {
        const oco_olp_session_opts zv = {.hard_budget = hard, .zero_violation = 1,
                                         .zero_violation_k = 1.0 / 16,
                                         .zero_violation_exponent = 1.0};
        oco_olp_session *s = oco_olp_session_new(olp_find("dual-subgradient"), &setup, p, 1, &zv);
        assert_non_null(s);
        assert_int_equal(oco_olp_session_zero_violation_quota(s), 2);
        for (size_t t = 0; t < 4; ++t) {
            int x = -1;
            assert_int_equal(oco_olp_session_step(s, c[t], a + t, &x), OCO_OK);
            assert_int_equal(x, hard ? want_hard[t] : want_soft[t]);
        }
        assert_int_equal(oco_olp_session_zero_violation_rejected(s), 2);
        oco_olp_session_free(s);
    }
}

/* The quota q = ⌈(2k/d̲)·T^p⌉: defaults (k = 3, p = 1/3) on T = 64, d̲ = 0.7:
 * 2·3/0.7·4 = 34.29 -> 35 (far from an integer, so pow's rounding cannot
 * matter); d̲ = 0 gives q = T; bad settings are refused. */
static void test_quota_and_checks(void **st)
{
    (void)st;
    const double b[2] = {0.7 * 64, 50.0};
    oco_olp_setup setup = {64, 2, b, NULL};
    const oco_olp_session_opts dflt = {.zero_violation = 1};
    oco_olp_session *s = oco_olp_session_new(olp_find("dual-subgradient"), &setup, NULL, 0, &dflt);
    assert_non_null(s);
    assert_int_equal(oco_olp_session_zero_violation_quota(s), 35);
    oco_olp_session_free(s);

    const double b0[2] = {0.0, 50.0};
    setup.b = b0;
    s = oco_olp_session_new(olp_find("dmd-euclid"), &setup, NULL, 0, &dflt);
    assert_non_null(s);
    assert_int_equal(oco_olp_session_zero_violation_quota(s), 64);
    oco_olp_session_free(s);

    setup.b = b;
    const oco_olp_session_opts bad[] = {
        {.zero_violation = 1, .zero_violation_k = -1.0},
        {.zero_violation = 1, .zero_violation_k = NAN},
        {.zero_violation = 1, .zero_violation_k = INFINITY},
        {.zero_violation = 1, .zero_violation_exponent = 1.5},
        {.zero_violation = 1, .zero_violation_exponent = -0.5},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        assert_null(oco_olp_session_new(olp_find("dual-subgradient"), &setup, NULL, 0, &bad[i]));
        assert_int_equal(oco_last_error_code(), OCO_EINVAL);
        assert_non_null(strstr(oco_last_error(), "zero_violation"));
    }
    /* settings are ignored when the add-on is off */
    s = oco_olp_session_new(olp_find("dual-subgradient"), &setup, NULL, 0, &bad[0]);
    assert_null(s);
    const oco_olp_session_opts off = {.zero_violation = 0, .zero_violation_k = -1.0};
    s = oco_olp_session_new(olp_find("dual-subgradient"), &setup, NULL, 0, &off);
    assert_non_null(s);
    oco_olp_session_free(s);
}

static double violation(const oco_olp_instance *inst, const unsigned char *x)
{
    double v2 = 0.0;
    for (size_t i = 0; i < inst->m; ++i) {
        double used = 0.0;
        for (size_t t = 0; t < inst->T; ++t)
            used += inst->a[t * inst->m + i] * x[t];
        const double over = used - inst->b[i];
        v2 += over > 0.0 ? over * over : 0.0;
    }
    return sqrt(v2);
}

/* ‖(Ax − b)_+‖ = 0, recomputed from the decisions, with the default k on 1000
 * random instances (types 1-10, m 1-3, T 200-400, soft session) around
 * decoupled (the γ = 2 method the add-on is stated for, §1.9),
 * dual-subgradient and dual-multiplicative (which violate without it), plus
 * dmd-euclid on a tenth of them; oco_olp_run's decisions equal a session
 * stepped by hand. */
static void test_zero_violation_random(void **st)
{
    (void)st;
    const char *names[] = {"decoupled", "dual-subgradient", "dual-multiplicative", "dmd-euclid"};
    unsigned char *x = malloc(400);
    assert_non_null(x);
    size_t base_violated = 0;
    for (size_t j = 0; j < 1000; ++j) {
        const int type = 1 + (int)(j % 10);
        const size_t m = type == 4 || type == 7 ? 1 : 1 + (j / 10) % 3;
        const size_t T = 200 + (j * 37) % 201;
        oco_rng rng;
        oco_rng_seed(&rng, 20240 + j, 0);
        oco_olp_instance *inst = oco_olp_generate(type, m, T, &rng);
        assert_non_null(inst);
        for (size_t v = 0; v < (j % 10 == 3 ? 4u : 3u); ++v) {
            const oco_olp_policy_type *type_v = olp_find(names[v]);
            oco_olp_run_opts off = {{.hard_budget = 0}, NULL, NULL, NULL};
            oco_olp_run_opts on = {{.zero_violation = 1}, NULL, NULL, NULL};
            oco_olp_metrics met;
            assert_int_equal(oco_olp_run(type_v, NULL, 0, inst, &off, x, NULL, &met), OCO_OK);
            base_violated += violation(inst, x) > 0.0;
            assert_int_equal(oco_olp_run(type_v, NULL, 0, inst, &on, x, NULL, &met), OCO_OK);
            assert_true(violation(inst, x) == 0.0);
            assert_true(met.violation == 0.0);
            if (j % 50 == 0) { /* the runner's hot loop = the checked session */
                const oco_olp_setup setup = {T, m, inst->b, NULL};
                oco_olp_session *s = oco_olp_session_new(type_v, &setup, NULL, 0, &on.session);
                assert_non_null(s);
                for (size_t t = 0; t < T; ++t) {
                    int xs = -1;
                    assert_int_equal(
                        oco_olp_session_step(s, inst->c[t], inst->a + t * m, &xs), OCO_OK);
                    assert_int_equal(xs, x[t]);
                }
                oco_olp_session_free(s);
            }
        }
        oco_olp_instance_free(inst);
    }
    assert_true(base_violated > 500); /* without the add-on most runs violate */
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_by_hand_taken_policy),
        cmocka_unit_test(test_charged_to_each_resource),
        cmocka_unit_test(test_hard_budget_not_counted),
        cmocka_unit_test(test_quota_and_checks),
        cmocka_unit_test(test_zero_violation_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
