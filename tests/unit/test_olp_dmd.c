/* Dual mirror descent (Balseiro, Lu & Mirrokni, Algorithm 1; olp_laau.md
 * §1.11): rounds computed by hand for both mirror maps, eta = 0 against an
 * independent fixed-price rule, and the budget never exceeded on random
 * instances of every generator type in a SOFT session (the policy stops at
 * the budget itself). */
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

#define assert_near(x, ref, tol) assert_true(fabs((x) - (ref)) <= (tol))

/* dmd-euclid on m = 2, T = 4, b = (2, 1): ρ = (0.5, 0.25), η = 1/√4 = 0.5
 * (default), μ_1 = 0 (default). Soft session: only the policy can refuse.
 * t=1 c=1,    a=(1,1):     <a,μ>=0 < 1: x̃=1; fits (2,1) >= (1,1): x=1
 *     g = ρ − a = (−0.5, −0.75); μ = (0.25, 0.375); B = (1, 0)
 * t=2 c=1,    a=(0.5,0.5): <a,μ>=0.125+0.1875 < 1: x̃=1; B_2 − 0.5 < 0: x=0
 *     g = ρ − a x̃ = (0, −0.25) (x̃, although rejected); μ = (0.25, 0.5)
 * t=3 c=0.5,  a=(1,0):     <a,μ>=0.25 < 0.5: x̃=1; fits (1 − 1 = 0): x=1
 *     g = (−0.5, 0.25); μ = (0.5, 0.375); B = (0, 0)
 * t=4 c=0.25, a=(0.5,0):   <a,μ>=0.25, tie: x̃=0
 *     g = ρ; μ = (0.25, 0.25)
 * reward 1.5, accepted 2. */
static void test_euclid_by_hand(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0};
    const oco_olp_setup setup = {4, 2, b, NULL};
    oco_olp_session *s = oco_olp_session_new(olp_find("dmd-euclid"), &setup, NULL, 0, NULL);
    assert_non_null(s);
    const double *mu = oco_olp_session_dual(s);
    assert_true(mu[0] == 0.0 && mu[1] == 0.0);
    assert_int_equal(olp_step2(s, 1.0, 1.0, 1.0), 1);
    assert_true(mu[0] == 0.25 && mu[1] == 0.375);
    assert_int_equal(olp_step2(s, 1.0, 0.5, 0.5), 0); /* the policy refuses: does not fit */
    assert_true(mu[0] == 0.25 && mu[1] == 0.5);  /* but steps with x̃ = 1 */
    assert_true(oco_olp_session_remaining(s)[0] == 1.0);
    assert_true(oco_olp_session_remaining(s)[1] == 0.0);
    assert_int_equal(olp_step2(s, 0.5, 1.0, 0.0), 1);
    assert_true(mu[0] == 0.5 && mu[1] == 0.375);
    assert_int_equal(olp_step2(s, 0.25, 0.5, 0.0), 0);
    assert_true(mu[0] == 0.25 && mu[1] == 0.25);
    assert_true(oco_olp_session_reward(s) == 1.5);
    assert_int_equal(oco_olp_session_accepted(s), 2);
    assert_true(oco_olp_session_remaining(s)[0] == 0.0);
    /* reset: back to μ_1 = 0 and the full budget */
    assert_int_equal(oco_olp_session_reset(s, NULL), OCO_OK);
    assert_true(mu[0] == 0.0 && mu[1] == 0.0);
    oco_olp_session_free(s);
}

/* dmd-entropic, same instance, η = 0.5 (default), μ_1 = 0.5 (param):
 * t=1 c=2,   a=(1,1):     <a,μ>=1 < 2: x=1; g=(−0.5,−0.75)
 *     μ = (0.5e^{0.25}, 0.5e^{0.375}); B = (1, 0)
 * t=2 c=2,   a=(0.5,0.5): <a,μ> ≈ 0.685 < 2: x̃=1, B_2 short: x=0; g=(0,−0.25)
 *     μ = (0.5e^{0.25}, 0.5e^{0.5})
 * t=3 c=0.1, a=(1,0):     <a,μ> ≈ 0.642 > 0.1: x̃=0; g=ρ
 *     μ = (0.5e^{0}, 0.5e^{0.375}) */
static void test_entropic_by_hand(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0};
    const oco_olp_setup setup = {4, 2, b, NULL};
    /* the default μ_1 = 1/√m */
    oco_olp_session *s = oco_olp_session_new(olp_find("dmd-entropic"), &setup, NULL, 0, NULL);
    assert_non_null(s);
    assert_near(oco_olp_session_dual(s)[0], 1.0 / sqrt(2.0), 1e-16);
    oco_olp_session_free(s);

    const oco_param p[] = {{"mu0", 0.5}};
    s = oco_olp_session_new(olp_find("dmd-entropic"), &setup, p, 1, NULL);
    assert_non_null(s);
    const double *mu = oco_olp_session_dual(s);
    const double tol = 1e-15;
    assert_int_equal(olp_step2(s, 2.0, 1.0, 1.0), 1);
    assert_near(mu[0], 0.5 * exp(0.25), tol);
    assert_near(mu[1], 0.5 * exp(0.375), tol);
    assert_int_equal(olp_step2(s, 2.0, 0.5, 0.5), 0);
    assert_near(mu[0], 0.5 * exp(0.25), tol);
    assert_near(mu[1], 0.5 * exp(0.5), tol);
    assert_int_equal(olp_step2(s, 0.1, 1.0, 0.0), 0);
    assert_near(mu[0], 0.5, tol);
    assert_near(mu[1], 0.5 * exp(0.375), tol);
    assert_true(oco_olp_session_reward(s) == 2.0);
    oco_olp_session_free(s);
}

static oco_olp_instance *instance(int type, size_t m, size_t T, uint64_t seed)
{
    oco_rng rng;
    oco_rng_seed(&rng, seed, 0);
    oco_olp_instance *inst = oco_olp_generate(type, m, T, &rng);
    assert_non_null(inst);
    return inst;
}

static size_t type_m(int type, size_t j) { return type == 4 || type == 7 ? 1 : 1 + j % 3; }

/* eta = 0: x_t = 1{c_t > <a_t, μ_1>} ∧ (a_t <= B_t), B updated by the x
 * taken — computed here independently, on every generator type, for both
 * mirror maps. The price never moves. */
static void test_eta_zero_is_fixed_price(void **st)
{
    (void)st;
    const char *names[] = {"dmd-euclid", "dmd-entropic"};
    size_t acc = 0, nofit = 0;
    for (size_t j = 0; j < 40; ++j) {
        const int type = 1 + (int)(j % 10);
        const size_t m = type_m(type, j / 10), T = 300;
        oco_olp_instance *inst = instance(type, m, T, 9000 + j);
        const double mu0 = 0.25 + 0.125 * (double)(j % 4);
        const oco_param p[] = {{"eta", 0.0}, {"mu0", mu0}};
        for (int v = 0; v < 2; ++v) {
            const oco_olp_setup setup = {T, m, inst->b, NULL};
            oco_olp_session *s = oco_olp_session_new(olp_find(names[v]), &setup, p, 2, NULL);
            assert_non_null(s);
            double B[3];
            memcpy(B, inst->b, m * sizeof(double));
            for (size_t t = 0; t < T; ++t) {
                const double *a = inst->a + t * m;
                double price = 0.0;
                for (size_t i = 0; i < m; ++i)
                    price += a[i] * mu0;
                int ref = inst->c[t] > price;
                for (size_t i = 0; ref && i < m; ++i)
                    if (a[i] > B[i]) {
                        ref = 0;
                        nofit++;
                    }
                if (ref)
                    for (size_t i = 0; i < m; ++i)
                        B[i] -= a[i];
                acc += (size_t)ref;
                int x = -1;
                assert_int_equal(oco_olp_session_step(s, inst->c[t], a, &x), OCO_OK);
                assert_int_equal(x, ref);
            }
            for (size_t i = 0; i < m; ++i)
                assert_true(oco_olp_session_dual(s)[i] == mu0);
            oco_olp_session_free(s);
        }
        oco_olp_instance_free(inst);
    }
    assert_true(acc > 1000 && nofit > 100); /* both parts of the rule were exercised */
}

/* ‖(Ax − b)_+‖ = 0, recomputed from the decisions, on 1000 random instances
 * (types 1-10, m 1-3, T 100-300) per mirror map, soft session; and the
 * soft and hard sessions decide alike (the policy never needs the rule). */
static void test_never_exceeds_budget(void **st)
{
    (void)st;
    const char *names[] = {"dmd-euclid", "dmd-entropic"};
    unsigned char *x = malloc(300), *xh = malloc(300);
    assert_non_null(x);
    assert_non_null(xh);
    size_t binding = 0;
    for (size_t j = 0; j < 1000; ++j) {
        const int type = 1 + (int)(j % 10);
        const size_t m = type_m(type, j / 10), T = 100 + (j * 37) % 201;
        oco_olp_instance *inst = instance(type, m, T, 5000 + j);
        for (int v = 0; v < 2; ++v) {
            /* a small step in some runs, so prices lag and budgets bind */
            const oco_param p[] = {{"eta", j % 3 == 0 ? 0.01 : 1.0 / sqrt((double)T)}};
            oco_olp_run_opts soft = {{.hard_budget = 0}, NULL, NULL, NULL};
            oco_olp_run_opts hard = {{.hard_budget = 1}, NULL, NULL, NULL};
            oco_olp_metrics met;
            assert_int_equal(oco_olp_run(olp_find(names[v]), p, 1, inst, &soft, x, NULL, &met),
                             OCO_OK);
            assert_int_equal(oco_olp_run(olp_find(names[v]), p, 1, inst, &hard, xh, NULL, &met),
                             OCO_OK);
            assert_memory_equal(x, xh, T);
            for (size_t i = 0; i < m; ++i) {
                double used = 0.0;
                for (size_t t = 0; t < T; ++t)
                    used += inst->a[t * m + i] * x[t];
                /* rounding of the running sum: 1e-9 relative */
                assert_true(used <= inst->b[i] + 1e-9 * (1.0 + inst->b[i]));
                binding += used > 0.95 * inst->b[i];
            }
            assert_true(met.violation == 0.0);
        }
        oco_olp_instance_free(inst);
    }
    assert_true(binding > 100); /* budgets did bind: the test can fail */
    free(x);
    free(xh);
}

/* The step uses x̃ whatever the session did with the order: the price path
 * with the zero-violation add-on is the one without it. */
static void test_price_ignores_session(void **st)
{
    (void)st;
    oco_olp_instance *inst = instance(1, 2, 400, 77);
    const oco_olp_setup setup = {400, 2, inst->b, NULL};
    const oco_olp_session_opts zv = {.zero_violation = 1};
    oco_olp_session *s0 = oco_olp_session_new(olp_find("dmd-euclid"), &setup, NULL, 0, NULL);
    oco_olp_session *s1 = oco_olp_session_new(olp_find("dmd-euclid"), &setup, NULL, 0, &zv);
    assert_non_null(s0);
    assert_non_null(s1);
    size_t differ = 0;
    for (size_t t = 0; t < 400; ++t) {
        int x0, x1;
        assert_int_equal(oco_olp_session_step(s0, inst->c[t], inst->a + 2 * t, &x0), OCO_OK);
        assert_int_equal(oco_olp_session_step(s1, inst->c[t], inst->a + 2 * t, &x1), OCO_OK);
        differ += x0 != x1;
        assert_memory_equal(oco_olp_session_dual(s0), oco_olp_session_dual(s1),
                            2 * sizeof(double));
    }
    assert_true(differ > 0);
    oco_olp_session_free(s0);
    oco_olp_session_free(s1);
    oco_olp_instance_free(inst);
}

static void test_bad_params(void **st)
{
    (void)st;
    const double b[2] = {2.0, 1.0};
    const oco_olp_setup setup = {4, 2, b, NULL};
    const oco_param neg_eta[] = {{"eta", -0.5}}, zero_mu[] = {{"mu0", 0.0}},
                    neg_mu[] = {{"mu0", -1.0}};
    assert_int_equal(oco_olp_policy_check(olp_find("dmd-euclid"), &setup, neg_eta, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "eta"));
    assert_int_equal(oco_olp_policy_check(olp_find("dmd-entropic"), &setup, neg_eta, 1), OCO_EINVAL);
    assert_int_equal(oco_olp_policy_check(olp_find("dmd-entropic"), &setup, zero_mu, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "mu0"));
    assert_int_equal(oco_olp_policy_check(olp_find("dmd-euclid"), &setup, zero_mu, 1), OCO_OK);
    assert_int_equal(oco_olp_policy_check(olp_find("dmd-euclid"), &setup, neg_mu, 1), OCO_EINVAL);
    assert_null(oco_olp_session_new(olp_find("dmd-euclid"), &setup, neg_mu, 1, NULL));
    /* entropic reset needs a positive price */
    oco_olp_session *s = oco_olp_session_new(olp_find("dmd-entropic"), &setup, NULL, 0, NULL);
    assert_non_null(s);
    const double y0[2] = {0.0, 1.0}, y1[2] = {0.5, 1.0};
    assert_int_equal(oco_olp_session_reset(s, y0), OCO_EINVAL);
    assert_int_equal(oco_olp_session_reset(s, y1), OCO_OK);
    assert_true(oco_olp_session_dual(s)[0] == 0.5 && oco_olp_session_dual(s)[1] == 1.0);
    oco_olp_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_euclid_by_hand),       cmocka_unit_test(test_entropic_by_hand),
        cmocka_unit_test(test_eta_zero_is_fixed_price),
        cmocka_unit_test(test_never_exceeds_budget), cmocka_unit_test(test_price_ignores_session),
        cmocka_unit_test(test_bad_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
