/* Learn-then-decide policies of seed 002 (olp_laau.md §1.5-§1.8):
 * `decoupled` (Algorithm 3 with the SGD learner) and `one-path` (Algorithm 2)
 * against rounds computed by hand, an independent transcription of the group's
 * olptwopath_grad.m loop, and the parameter checks. */
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

#include "algorithms/alloc/dual_learner.h"

#define assert_near(x, ref, tol) assert_true(fabs((x) - (ref)) <= (tol))

static int step1(oco_olp_session *s, double c, double a)
{
    int x = -1;
    assert_int_equal(oco_olp_session_step(s, c, &a, &x), OCO_OK);
    return x;
}

/* T = 6, m = 1, b = 3 (d = 1/2); Te = 3, alpha_e = 1/2, alpha_p = 1/4,
 * mu = 1/2 (learner steps 1/(mu(t+1)) = 2/(t+1): 1, 2/3, 1/2).
 * cbar = 10: R_Y = (10 + 1/2)/(1/2) = 21 never binds here.
 *
 * explore (path 1 y decides, path 2 z learns):
 * t=1 c=1,   a=1: y=0:    1 > 0      x=1; y <- 0 − ½(½−1) = 1/4
 *                 z=0:    1 > 0      x̃=1; z <- 0 − 1(½−1) = 1/2
 * t=2 c=0.4, a=1: y=1/4:  0.4 > 1/4  x=1; y <- 1/4 + 1/4 = 1/2
 *                 z=1/2:  0.4 > 1/2? no;  z <- 1/2 − (2/3)(1/2) = 1/6
 * t=3 c=0.3, a=1: y=1/2:  0.3 > 1/2? no x=0; (y would be 1/4)
 *                 z=1/6:  0.3 > 1/6  x̃=1; z <- 1/6 − ½(½−1) = 5/12
 * restart: y <- Π_Y(5/12) = 5/12
 * exploit (alpha_p = 1/4):
 * t=4 c=0.4, a=1: 0.4 > 5/12? no x=0;    y <- 5/12 − 1/8 = 7/24
 * t=5 c=0.3, a=1: 0.3 > 7/24 yes x=1;    y <- 7/24 + 1/8 = 5/12
 * t=6 c=0.5, a=1: 0.5 > 5/12 yes x=1;    y <- 5/12 + 1/8 = 13/24
 * decisions 1 1 0 0 1 1, reward 1 + 0.4 + 0.3 + 0.5 = 2.2.
 *
 * one-path, same parameters: the z sequence decides while learning:
 * t=1 z=0 x=1; t=2 z=1/2 x=0; t=3 z=1/6 x=1; then y = 5/12 and the exploit
 * rounds are the same: 1 0 1 0 1 1, reward 1 + 0.3 + 0.3 + 0.5 = 2.1. */
static const double C6[6] = {1, 0.4, 0.3, 0.4, 0.3, 0.5};

static oco_olp_session *tiny(const char *name)
{
    static const double b = 3.0;
    const oco_olp_setup setup = {6, 1, &b, NULL};
    const oco_param p[] = {{"Te", 3}, {"alpha_e", 0.5}, {"alpha_p", 0.25}, {"mu", 0.5}};
    const size_t np = strcmp(name, "one-path") ? 4 : 0;
    const oco_param q[] = {{"Te", 3}, {"alpha_p", 0.25}, {"mu", 0.5}};
    oco_olp_session *s = oco_olp_session_new(oco_olp_policy_find(name), &setup,
                                             np ? p : q, np ? np : 3, NULL);
    assert_non_null(s);
    return s;
}

/* Plays the 6 rounds; checks decisions, the phase that decided each order
 * and the decision path's price y after each round. */
static void play(oco_olp_session *s, const int *X, const double *Y, const char *learn_label)
{
    for (int t = 0; t < 6; ++t) {
        assert_int_equal(step1(s, C6[t], 1.0), X[t]);
        assert_string_equal(oco_olp_session_phase(s), t < 3 ? learn_label : "exploit");
        if (Y)
            assert_near(oco_olp_session_dual(s)[0], Y[t], 1e-15);
    }
}

static void test_decoupled_by_hand(void **st)
{
    (void)st;
    static const int X[6] = {1, 1, 0, 0, 1, 1};
    static const double Y[6] = {0.25, 0.5, 5.0 / 12, 7.0 / 24, 5.0 / 12, 13.0 / 24};
    oco_olp_session *s = tiny("decoupled");
    assert_near(oco_olp_session_dual(s)[0], 0.0, 0.0);
    play(s, X, Y, "explore");
    assert_near(oco_olp_session_reward(s), 2.2, 1e-15);
    /* reset(NULL): a fresh start replays the same rounds */
    assert_int_equal(oco_olp_session_reset(s, NULL), OCO_OK);
    play(s, X, Y, "explore");
    /* reset(y): y is the decision path's start y¹; the learner restarts
     * fresh, so the restart point is 5/12 again.
     * t=1 y=0.75: 1 > .75 x=1, y <- 0.75 + 0.25 = 1
     * t=2 y=1: 0.4 no, y <- 1 − 0.25 = 0.75;  t=3 0.3 no, y -> restart 5/12 */
    const double y0 = 0.75;
    assert_int_equal(oco_olp_session_reset(s, &y0), OCO_OK);
    assert_near(oco_olp_session_dual(s)[0], 0.75, 0.0);
    static const int X2[6] = {1, 0, 0, 0, 1, 1};
    static const double Y2[6] = {1.0, 0.75, 5.0 / 12, 7.0 / 24, 5.0 / 12, 13.0 / 24};
    play(s, X2, Y2, "explore");
    oco_olp_session_free(s);
}

static void test_one_path_by_hand(void **st)
{
    (void)st;
    static const int X[6] = {1, 0, 1, 0, 1, 1};
    /* while learning, dual() is the deciding iterate z_{t+1} */
    static const double Y[6] = {0.5, 1.0 / 6, 5.0 / 12, 7.0 / 24, 5.0 / 12, 13.0 / 24};
    oco_olp_session *s = tiny("one-path");
    play(s, X, Y, "learn");
    assert_near(oco_olp_session_reward(s), 2.1, 1e-15);
    assert_int_equal(oco_olp_session_reset(s, NULL), OCO_OK);
    play(s, X, Y, "learn");
    oco_olp_session_free(s);
}

/* The group's olptwopath_grad.m (earlystop = 0, mu = 1 as main.m passes it),
 * transcribed independently of src/: returns the decisions x. */
static void matlab_twopath(const oco_olp_instance *in, unsigned char *x)
{
    const size_t m = in->m, n = in->T;
    double d[8], y[8], y2[8];
    assert_true(m <= 8);
    for (size_t i = 0; i < m; ++i) {
        d[i] = in->b[i] / (double)n;
        y[i] = y2[i] = 0.0;
    }
    const size_t n1 = (size_t)ceil(pow((double)n, 2.0 / 3.0));
    double alpha = 1.0 / pow((double)n, 1.0 / 3.0);
    const double mu = 1.0;
    for (size_t i = 1; i <= n; ++i) {
        if (i == n1 + 1) {
            alpha = 1.0 / pow((double)n, 2.0 / 3.0);
            for (size_t k = 0; k < m; ++k)
                y[k] = y2[k];
        }
        const double c = in->c[i - 1], *A = in->a + (i - 1) * m;
        double ay = 0.0, ay2 = 0.0;
        for (size_t k = 0; k < m; ++k) {
            ay += A[k] * y[k];
            ay2 += A[k] * y2[k];
        }
        const int xi = c > ay;
        x[i - 1] = (unsigned char)xi;
        for (size_t k = 0; k < m; ++k)
            y[k] = fmax(y[k] - alpha * (d[k] - A[k] * xi), 0.0);
        if (i <= n1) {
            const double a2 = 2.0 / (mu * (double)(i + 1));
            const int xn = c > ay2;
            for (size_t k = 0; k < m; ++k)
                y2[k] = fmax(y2[k] - a2 * (d[k] - A[k] * xn), 0.0);
        }
    }
}

static void test_reproduces_olptwopath_grad(void **st)
{
    (void)st;
    static const struct {
        int type;
        size_t m, T;
    } cases[] = {{1, 1, 1000}, {1, 2, 3001}, {2, 3, 2000}, {7, 1, 4096}, {8, 2, 500}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
        oco_rng rng;
        oco_rng_seed(&rng, 77 + k, 0);
        oco_olp_instance *in = oco_olp_generate(cases[k].type, cases[k].m, cases[k].T, &rng);
        assert_non_null(in);
        unsigned char *ref = malloc(in->T);
        assert_non_null(ref);
        matlab_twopath(in, ref);
        const oco_olp_setup setup = {in->T, in->m, in->b, NULL};
        /* cbar large: Y must not bind, the MATLAB code only clamps at 0 */
        const oco_param p[] = {{"cbar", 1e6}};
        oco_olp_session *s =
            oco_olp_session_new(oco_olp_decoupled, &setup, p, cases[k].type == 2 ? 1 : 0, NULL);
        assert_non_null(s);
        size_t diff = 0;
        for (size_t t = 0; t < in->T; ++t) {
            int x = -1;
            assert_int_equal(oco_olp_session_step(s, in->c[t], in->a + t * in->m, &x), OCO_OK);
            diff += x != ref[t];
        }
        if (diff)
            fail_msg("type %d m %zu T %zu: %zu decisions differ", cases[k].type, cases[k].m,
                     cases[k].T, diff);
        oco_olp_session_free(s);
        free(ref);
        oco_olp_instance_free(in);
    }
}

/* Bad parameters: check and create both fail with OCO_EINVAL naming it. */
static void test_bad_params(void **st)
{
    (void)st;
    static const double b = 3.0;
    const oco_olp_setup setup = {6, 1, &b, NULL};
    static const struct {
        const char *key;
        double v;
    } bad[] = {{"gamma", 0.5}, {"mu", 0.0},      {"mu", -1.0},     {"Te", 7.0},  {"Te", 2.5},
               {"Te", -1.0},   {"alpha_e", -1.0}, {"alpha_p", 0.0}, {"kappa", 0}, {"cbar", -2}};
    const char *names[] = {"decoupled", "one-path"};
    for (size_t n = 0; n < 2; ++n) {
        const oco_olp_policy_type *pt = oco_olp_policy_find(names[n]);
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k) {
            if (n == 1 && !strcmp(bad[k].key, "alpha_e"))
                continue; /* one-path has no alpha_e */
            const oco_param p = {bad[k].key, bad[k].v};
            assert_int_equal(oco_olp_policy_check(pt, &setup, &p, 1), OCO_EINVAL);
            assert_non_null(strstr(oco_last_error(), bad[k].key));
            assert_non_null(strstr(oco_last_error(), names[n]));
            assert_null(oco_olp_session_new(pt, &setup, &p, 1, NULL));
            assert_int_equal(oco_last_error_code(), OCO_EINVAL);
            assert_non_null(strstr(oco_last_error(), bad[k].key));
        }
        /* the edges are fine: Te = 0 (exploit only) and Te = T (explore only) */
        for (double te = 0; te <= 6; te += 6) {
            const oco_param p = {"Te", te};
            assert_int_equal(oco_olp_policy_check(pt, &setup, &p, 1), OCO_OK);
        }
    }
}

/* The schedule (§1.7/§1.8): gamma = 2 is olptwopath_grad.m's; gamma = 1 has
 * Te = ceil(log^2 T), alpha_p = 1/T. Read off the rounds' phases. */
static size_t explore_rounds(const char *name, size_t T, const oco_param *p, size_t np)
{
    double b = 0.5 * (double)T, a = 1.0;
    const oco_olp_setup setup = {T, 1, &b, NULL};
    oco_olp_session *s = oco_olp_session_new(oco_olp_policy_find(name), &setup, p, np, NULL);
    assert_non_null(s);
    size_t n = 0;
    for (size_t t = 0; t < T; ++t) {
        int x;
        assert_int_equal(oco_olp_session_step(s, 0.5, &a, &x), OCO_OK);
        n += strcmp(oco_olp_session_phase(s), "exploit") != 0;
    }
    oco_olp_session_free(s);
    return n;
}

static void test_schedule(void **st)
{
    (void)st;
    assert_int_equal(explore_rounds("decoupled", 1000, NULL, 0), 100);  /* 1000^(2/3) */
    assert_int_equal(explore_rounds("decoupled", 1001, NULL, 0), 101);  /* ceil(100.07) */
    const oco_param g1 = {"gamma", 1.0};
    assert_int_equal(explore_rounds("decoupled", 1000, &g1, 1), 48);    /* ceil(47.7) */
    const oco_param g3[] = {{"gamma", 3.0}, {"kappa", 0.5}};
    assert_int_equal(explore_rounds("one-path", 1000, g3, 2), 126); /* ceil(.5·1000^(4/5)) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decoupled_by_hand),
        cmocka_unit_test(test_one_path_by_hand),
        cmocka_unit_test(test_reproduces_olptwopath_grad),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
