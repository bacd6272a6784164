/* The re-solving OLP baselines (olp_laau.md §1.11: ahdl, wait-less-sqrt,
 * wait-less-cbrt, dla, one-time-learning) and their warm-started LP model
 * (src/solvers/lp_model.h), against independent references:
 *   - AHDL's price at every round = the duals of the same LP solved from
 *     scratch by oco__lp_solve (CLP with presolve, a different code path), on
 *     continuous data where the dual is unique; GLPK's optimum of one
 *     re-solve equals the dual objective at AHDL's price (a certificate);
 *   - the first re-solves of dla / one-time-learning computed by hand;
 *   - no run of any of them exceeds the budget on 1000 random instances of
 *     types 1-10 in SOFT session mode (the policy itself must respect b);
 *   - bad parameters fail check and create, naming the parameter. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp in glpk_oracle.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glpk_oracle.h"
#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/rng.h"
#include "solvers/lp.h"
#include "solvers/lp_model.h"

#define NEAR(x, ref, tol) assert_true(fabs((x) - (ref)) <= (tol) * (1.0 + fabs(ref)))

static oco_olp_session *session(const oco_olp_policy_type *type, const oco_olp_instance *in,
                                const oco_param *params, size_t n)
{
    const oco_olp_setup setup = {in->T, in->m, in->b, NULL};
    oco_olp_session_opts o = {0}; /* soft: the policy alone must respect b */
    oco_olp_session *s = oco_olp_session_new(type, &setup, params, n, &o);
    assert_non_null(s);
    return s;
}

/* The duals of max Σ_{j<t} c_j x_j s.t. Σ_{j<t} a_j x_j <= u, 0 <= x <= 1
 * (the first t orders), solved from scratch with CLP's default path. */
static int scratch_duals(const oco_olp_instance *in, size_t t, const double *u, double *y,
                         double *obj)
{
    int *cs, *ri;
    double *v;
    int own;
    assert_int_equal(oco__lp_csc_from_columns(in->a, t, in->m, 0, &cs, &ri, &v, &own), OCO_OK);
    double *lo = calloc(t, sizeof *lo), *up = malloc(t * sizeof *up);
    assert_non_null(lo);
    assert_non_null(up);
    for (size_t j = 0; j < t; ++j)
        up[j] = 1.0;
    oco_lp_problem p = {t, in->m, 1, in->c, lo, up, NULL, u, cs, ri, v};
    oco_lp_result r;
    const int rc = oco__lp_solve(&p, NULL, &r, NULL, y, NULL);
    if (obj)
        *obj = r.objective;
    double zg = NAN;
    if (obj && glpk_solve(&p, &zg) == GLPK_OK) /* a second, independent solver */
        NEAR(zg, r.objective, 1e-7);
    free(cs);
    free(ri);
    if (own)
        free(v);
    free(lo);
    free(up);
    return rc;
}

/* AHDL's p_{t+1} (after round t < T) equals the duals of its LP solved from
 * scratch, at every round; the from-scratch variant (warm_start=0) makes the
 * same decisions. Type 1 (continuous uniform data): unique duals a.s. */
static void test_ahdl_prices_equal_scratch(void **st)
{
    (void)st;
    for (size_t m = 1; m <= 3; m += 2) {
        oco_rng rng;
        oco_rng_seed(&rng, 8, m);
        oco_olp_instance *in = oco_olp_generate(1, m, 40, &rng);
        assert_non_null(in);
        oco_olp_session *s = session(oco_olp_ahdl, in, NULL, 0);
        const oco_param cold = {"warm_start", 0.0};
        oco_olp_session *s0 = session(oco_olp_ahdl, in, &cold, 1);
        double u[3], y[3];
        for (size_t t = 1; t <= in->T; ++t) {
            const double *a = in->a + (t - 1) * m;
            int x = -1, x0 = -2;
            assert_int_equal(oco_olp_session_step(s, in->c[t - 1], a, &x), OCO_OK);
            assert_int_equal(oco_olp_session_step(s0, in->c[t - 1], a, &x0), OCO_OK);
            assert_int_equal(x, x0);
            if (t == in->T)
                break;
            const double *rem = oco_olp_session_remaining(s);
            for (size_t i = 0; i < m; ++i)
                u[i] = (double)t * rem[i] / (double)(in->T - t);
            assert_int_equal(scratch_duals(in, t, u, y, NULL), OCO_OK);
            const double *p = oco_olp_session_dual(s), *p0 = oco_olp_session_dual(s0);
            for (size_t i = 0; i < m; ++i) {
                NEAR(p[i], fmax(y[i], 0.0), 1e-7);
                NEAR(p0[i], p[i], 1e-7);
            }
        }
        oco_olp_session_free(s);
        oco_olp_session_free(s0);
        oco_olp_instance_free(in);
    }
}

/* One re-solve of AHDL (m = 2, after round 12 of 20) checked by GLPK: strong
 * duality, OPT = <u, p> + Σ_j (c_j − <a_j, p>)_+ holds exactly when p is
 * dual optimal, so GLPK's primal optimum certifies AHDL's price. */
static void test_ahdl_glpk_certificate(void **st)
{
    (void)st;
    if (!glpk_available()) {
        skip();
        return;
    }
    oco_rng rng;
    oco_rng_seed(&rng, 77, 2);
    oco_olp_instance *in = oco_olp_generate(1, 2, 20, &rng);
    oco_olp_session *s = session(oco_olp_ahdl, in, NULL, 0);
    const size_t t = 12;
    for (size_t k = 0; k < t; ++k)
        assert_int_equal(oco_olp_session_step(s, in->c[k], in->a + k * 2, NULL), OCO_OK);
    const double *rem = oco_olp_session_remaining(s), *p = oco_olp_session_dual(s);
    double u[2], y[2], clp_obj = NAN;
    for (size_t i = 0; i < 2; ++i)
        u[i] = (double)t * rem[i] / (double)(in->T - t);
    assert_int_equal(scratch_duals(in, t, u, y, &clp_obj), OCO_OK); /* asserts GLPK == CLP */
    double dual_obj = u[0] * p[0] + u[1] * p[1];
    for (size_t j = 0; j < t; ++j)
        dual_obj += fmax(0.0, in->c[j] - in->a[2 * j] * p[0] - in->a[2 * j + 1] * p[1]);
    NEAR(dual_obj, clp_obj, 1e-7);
    assert_true(p[0] > 0.0 || p[1] > 0.0); /* a binding re-solve, not the trivial one */
    oco_olp_session_free(s);
    oco_olp_instance_free(in);
}

static int play(oco_olp_session *s, double c, double a)
{
    int x = -1;
    assert_int_equal(oco_olp_session_step(s, c, &a, &x), OCO_OK);
    return x;
}

static int play3(oco_olp_session *s, double c, const double *a)
{
    int x = -1;
    assert_int_equal(oco_olp_session_step(s, c, a, &x), OCO_OK);
    return x;
}

/* m = 1, T = 10, b = 5 (d = 1/2), eps = 0.3: t_0 = ceil(3) = 3 (not 4: the
 * binary 0.3·10 is exact here, 0.1·30 below checks the tolerance).
 * Orders (c, a): 1:(1, .5) 2:(3, 1) 3:(1, 1) 4:(2.5, 1) 5:(.2, 1) 6:(1.2, .4) 7:(5, 1)
 * Ratios c/a: 2, 3, 1, 2.5, .2, 3. The LP max Σ c x s.t. Σ a x <= u, 0<=x<=1
 * fills by ratio; its dual is the ratio of the column left fractional.
 *
 * one-time-learning: u = (1 − .3)(3/10)·5 = 1.05: x2 = 1 (uses 1), then
 *   x1 = .05/.5 = .1 fractional -> p = 2.
 *   round 4: 2.5 > 2 accept (rem 4); 5: .2 > 2 no; 6: 1.2 > .8 accept (rem 3.6).
 * dla: h_0 = .3·sqrt(10/3) = .5477226; u = (1 − h_0)(3/10)·5 = .6784162:
 *   x2 = .678 fractional -> p = 3.
 *   rounds 4-6: 2.5 > 3 no, .2 > 3 no, 1.2 > 1.2 no (strict tie): all rejected.
 *   t_1 = 6: h_1 = .3·sqrt(10/6) = .3872983; u = (1 − h_1)(6/10)·5 = 1.8381052:
 *   ratio 3: x2 = 1, x6 = 1 (uses 1.4), then ratio 2.5: x4 = .438 fractional
 *   -> p = 2.5. Round 7: 5 > 2.5 accept. */
static void test_dla_by_hand(void **st)
{
    (void)st;
    const double b = 5.0;
    const oco_olp_setup setup = {10, 1, &b, NULL};
    const oco_param eps = {"eps", 0.3};
    const double c[] = {1, 3, 1, 2.5, 0.2, 1.2, 5}, a[] = {0.5, 1, 1, 1, 1, 0.4, 1};

    oco_olp_session *one = oco_olp_session_new(oco_olp_one_time_learning, &setup, &eps, 1, NULL);
    assert_non_null(one);
    for (int k = 0; k < 3; ++k) {
        assert_int_equal(play(one, c[k], a[k]), 0); /* learn only */
        assert_string_equal(oco_olp_session_phase(one), "learn");
    }
    NEAR(oco_olp_session_dual(one)[0], 2.0, 1e-9);
    assert_int_equal(play(one, c[3], a[3]), 1);
    assert_string_equal(oco_olp_session_phase(one), "resolve");
    assert_int_equal(play(one, c[4], a[4]), 0);
    assert_string_equal(oco_olp_session_phase(one), "price");
    assert_int_equal(play(one, c[5], a[5]), 1);
    NEAR(oco_olp_session_remaining(one)[0], 3.6, 1e-12);
    NEAR(oco_olp_session_dual(one)[0], 2.0, 1e-9); /* never re-solved */
    oco_olp_session_free(one);

    oco_olp_session *dla = oco_olp_session_new(oco_olp_dla, &setup, &eps, 1, NULL);
    assert_non_null(dla);
    for (int k = 0; k < 3; ++k) {
        assert_int_equal(play(dla, c[k], a[k]), 0);
        assert_string_equal(oco_olp_session_phase(dla), "learn");
    }
    NEAR(oco_olp_session_dual(dla)[0], 3.0, 1e-9);
    for (int k = 3; k < 6; ++k)
        assert_int_equal(play(dla, c[k], a[k]), 0);
    NEAR(oco_olp_session_dual(dla)[0], 2.5, 1e-9);
    assert_int_equal(play(dla, c[6], a[6]), 1);
    assert_string_equal(oco_olp_session_phase(dla), "resolve");
    NEAR(oco_olp_session_remaining(dla)[0], 4.0, 1e-12);
    oco_olp_session_free(dla);

    /* ceil(0.1·30) = 3 although 0.1·30 = 3.0000000000000004 in binary:
     * round 4 is priced (p = 0 from an LP whose budget covers everything). */
    const double b30 = 30.0;
    const oco_olp_setup s30 = {30, 1, &b30, NULL};
    oco_olp_session *d30 = oco_olp_session_new(oco_olp_one_time_learning, &s30, NULL, 0, NULL);
    for (int k = 0; k < 3; ++k)
        assert_int_equal(play(d30, 1.0, 0.1), 0);
    assert_int_equal(play(d30, 1.0, 0.1), 1);
    oco_olp_session_free(d30);
}

/* Under AddressSanitizer every CLP solve costs ~3 ms instead of ~20 us: CLP's
 * factorisation allocates ~0.6 MB of work areas per solve
 * (CoinFactorization::getAreas), which ASan serves by mmap/munmap, and AHDL
 * solves once per round (~55 000 solves here). The sanitizer build looks for
 * memory errors, which 100 instances of every type exercise as well; the
 * plain build asserts the 1000-instance guarantee. */
#if defined(__SANITIZE_ADDRESS__)
#define RESOLVE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RESOLVE_SANITIZED 1
#endif
#endif
#ifdef RESOLVE_SANITIZED
enum { BUDGET_INSTANCES = 100 };
#else
enum { BUDGET_INSTANCES = 1000 };
#endif

/* No run of any re-solving policy exceeds b, in soft mode, on 1000 random
 * instances of types 1-10 (T in [30, 80], m in {1, 2, 3, 5}). */
static void test_never_exceeds_budget(void **st)
{
    (void)st;
    const oco_olp_policy_type *types[] = {oco_olp_ahdl, oco_olp_wait_less_sqrt,
                                          oco_olp_wait_less_cbrt, oco_olp_dla,
                                          oco_olp_one_time_learning};
    const size_t ms[] = {1, 2, 3, 5};
    oco_rng pick;
    oco_rng_seed(&pick, 2025, 0);
    size_t accepted = 0, rounds = 0;
    for (size_t k = 0; k < BUDGET_INSTANCES; ++k) {
        const int type = 1 + (int)(k % 10);
        const size_t m = (type == 4 || type == 7) ? 1 : ms[oco_rng_below(&pick, 4)];
        const size_t T = 30 + (size_t)oco_rng_below(&pick, 51);
        oco_rng rng;
        oco_rng_seed(&rng, 1000 + k, 0);
        oco_olp_instance *in = oco_olp_generate(type, m, T, &rng);
        assert_non_null(in);
        for (size_t p = 0; p < sizeof types / sizeof types[0]; ++p) {
            oco_olp_session *s = session(types[p], in, NULL, 0);
            for (size_t t = 0; t < T; ++t) {
                int x = 0;
                const int rc = oco_olp_session_step(s, in->c[t], in->a + t * m, &x);
                if (rc != OCO_OK)
                    fail_msg("%s type %d m %zu T %zu: %s", types[p]->info.name, type, m, T,
                             oco_last_error());
                const double *rem = oco_olp_session_remaining(s);
                for (size_t i = 0; i < m; ++i)
                    if (!(rem[i] >= -1e-9))
                        fail_msg("%s type %d m %zu T %zu round %zu: remaining[%zu] = %g",
                                 types[p]->info.name, type, m, T, t + 1, i, rem[i]);
                accepted += (size_t)x;
                rounds++;
            }
            oco_olp_session_free(s);
        }
        oco_olp_instance_free(in);
    }
    assert_true(accepted > rounds / 10); /* they do accept orders: not vacuous */
}

static void expect_einval(const oco_olp_policy_type *type, const char *key, double v,
                          const char *needle, int own_check)
{
    const double b[2] = {5.0, 5.0};
    const oco_olp_setup setup = {10, 2, b, NULL};
    const oco_param p = {key, v};
    assert_int_equal(oco_olp_policy_check(type, &setup, &p, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), needle));
    assert_null(oco_olp_session_new(type, &setup, &p, 1, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), needle));
    assert_non_null(strstr(oco_last_error(), type->info.name));
    if (!own_check)
        return; /* unknown keys are the wrapper's business */
    /* the policy's own entries agree with the session's */
    assert_int_equal(type->check(&setup, &p, 1), OCO_EINVAL);
    assert_null(type->create(&setup, &p, 1));
}

static void test_bad_params(void **st)
{
    (void)st;
    const double bad_eps[] = {0.0, 1.0, -0.5, 1.5};
    for (size_t k = 0; k < 4; ++k) {
        expect_einval(oco_olp_dla, "eps", bad_eps[k], "eps must be in (0, 1)", 1);
        expect_einval(oco_olp_one_time_learning, "eps", bad_eps[k], "eps must be in (0, 1)", 1);
    }
    expect_einval(oco_olp_wait_less_sqrt, "freq", 0.0, "freq must be an integer", 1);
    expect_einval(oco_olp_wait_less_cbrt, "freq", 2.5, "freq must be an integer", 1);
    expect_einval(oco_olp_wait_less_cbrt, "freq", 11.0, "freq must be an integer", 1);
    expect_einval(oco_olp_wait_less_sqrt, "respect_budget", 2.0, "respect_budget must be 0 or 1", 1);
    expect_einval(oco_olp_ahdl, "warm_start", 0.5, "warm_start must be 0 or 1", 1);
    /* an unknown key is the session's check */
    expect_einval(oco_olp_ahdl, "alpha", 1.0, "alpha", 0);
}

/* The model itself: an infeasible re-solve is reported (the policy's update
 * would return it and the session name the round), an exhausted capacity is
 * OCO_ESTATE, and the warm model gives the scratch answer after a change of
 * right-hand side that moves the basis. */
static void test_model_status(void **st)
{
    (void)st;
    for (int warm = 0; warm <= 1; ++warm) {
        oco__lp_model *mdl = oco__lp_model_new(1, 2, warm);
        assert_non_null(mdl);
        const double a1 = 1.0, a2 = 2.0;
        double y = -1.0, u = 1.0;
        assert_int_equal(oco__lp_model_solve(mdl, &u, &y), OCO_OK); /* no column: y = 0 */
        assert_true(y == 0.0);
        assert_int_equal(oco__lp_model_append(mdl, 3.0, &a1, 0.0, 1.0), OCO_OK);
        assert_int_equal(oco__lp_model_append(mdl, 8.0, &a2, 0.0, 1.0), OCO_OK);
        assert_int_equal(oco__lp_model_append(mdl, 1.0, &a1, 0.0, 1.0), OCO_ESTATE);
        /* ratios 3 and 4: u = 1 -> x2 = .5 fractional, y = 4 */
        assert_int_equal(oco__lp_model_solve(mdl, &u, &y), OCO_OK);
        NEAR(y, 4.0, 1e-12);
        u = 2.5; /* x2 = 1, x1 = .5 -> y = 3 */
        assert_int_equal(oco__lp_model_solve(mdl, &u, &y), OCO_OK);
        NEAR(y, 3.0, 1e-12);
        u = 5.0; /* everything fits -> y = 0 */
        assert_int_equal(oco__lp_model_solve(mdl, &u, &y), OCO_OK);
        NEAR(y, 0.0, 1e-12);
        oco__lp_model_free(mdl);

        mdl = oco__lp_model_new(1, 1, warm);
        assert_int_equal(oco__lp_model_append(mdl, 1.0, &a1, 1.0, 1.0), OCO_OK); /* x = 1 */
        u = 0.5;
        assert_int_equal(oco__lp_model_solve(mdl, &u, &y), OCO_EINFEASIBLE);
        assert_non_null(strstr(oco_last_error(), "infeasible"));
        oco__lp_model_free(mdl);
    }
    assert_null(oco__lp_model_new(0, 5, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
}

/* reset: replaying after reset(NULL) repeats the run bit for bit (the
 * emptied model gives the same prices as a fresh one); reset(y) starts from
 * price y. */
static void test_reset(void **st)
{
    (void)st;
    const oco_olp_policy_type *types[] = {oco_olp_ahdl, oco_olp_wait_less_sqrt,
                                          oco_olp_wait_less_cbrt};
    oco_rng rng;
    oco_rng_seed(&rng, 31, 0);
    oco_olp_instance *in = oco_olp_generate(2, 3, 60, &rng);
    for (size_t p = 0; p < 3; ++p) {
        oco_olp_session *s = session(types[p], in, NULL, 0);
        int x1[60];
        double y1[60 * 3];
        for (int pass = 0; pass < 2; ++pass) {
            for (size_t t = 0; t < in->T; ++t) {
                int x = -1;
                assert_int_equal(oco_olp_session_step(s, in->c[t], in->a + 3 * t, &x), OCO_OK);
                const double *y = oco_olp_session_dual(s);
                if (pass == 0) {
                    x1[t] = x;
                    memcpy(y1 + 3 * t, y, 3 * sizeof(double));
                } else {
                    assert_int_equal(x, x1[t]);
                    for (size_t i = 0; i < 3; ++i)
                        NEAR(y[i], y1[3 * t + i], 1e-9);
                }
            }
            assert_int_equal(oco_olp_session_reset(s, NULL), OCO_OK);
        }
        const double yb[3] = {1e6, 1e6, 1e6}; /* prices nothing can beat */
        assert_int_equal(oco_olp_session_reset(s, yb), OCO_OK);
        assert_true(oco_olp_session_dual(s)[0] == 1e6);
        assert_int_equal(play3(s, in->c[0], in->a), 0);
        oco_olp_session_free(s);
    }
    oco_olp_instance_free(in);
}

/* The model never prints (CLP log level 0): capture fds 1 and 2 around warm
 * re-solves of every policy on degenerate finite-support data (type 8), an
 * infeasible solve and a reset. */
static void test_silent(void **st)
{
    (void)st;
    char path[] = "/tmp/oco_resolve_silentXXXXXX";
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    const int s1 = dup(1), s2 = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    const oco_olp_policy_type *types[] = {oco_olp_ahdl, oco_olp_wait_less_sqrt,
                                          oco_olp_wait_less_cbrt, oco_olp_dla,
                                          oco_olp_one_time_learning};
    oco_rng rng;
    oco_rng_seed(&rng, 3, 8);
    oco_olp_instance *in = oco_olp_generate(8, 4, 300, &rng);
    int rcs[5];
    for (size_t p = 0; p < 5; ++p) {
        oco_olp_session *s = session(types[p], in, NULL, 0);
        rcs[p] = OCO_OK;
        for (size_t t = 0; t < in->T && rcs[p] == OCO_OK; ++t)
            rcs[p] = oco_olp_session_step(s, in->c[t], in->a + 4 * t, NULL);
        if (types[p]->reset)
            (void)oco_olp_session_reset(s, NULL);
        oco_olp_session_free(s);
    }
    oco__lp_model *mdl = oco__lp_model_new(1, 1, 1);
    const double one = 1.0, u = -1.0;
    (void)oco__lp_model_append(mdl, 1.0, &one, 1.0, 1.0);
    const int inf = oco__lp_model_solve(mdl, &u, NULL);
    oco__lp_model_free(mdl);
    fflush(stdout);
    fflush(stderr);
    dup2(s1, 1);
    dup2(s2, 2);
    close(s1);
    close(s2);
    struct stat sb;
    assert_int_equal(fstat(fd, &sb), 0);
    close(fd);
    remove(path);
    oco_olp_instance_free(in);
    for (size_t p = 0; p < 5; ++p)
        assert_int_equal(rcs[p], OCO_OK);
    assert_int_equal(inf, OCO_EINFEASIBLE);
    assert_int_equal((int)sb.st_size, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ahdl_prices_equal_scratch),
        cmocka_unit_test(test_ahdl_glpk_certificate),
        cmocka_unit_test(test_dla_by_hand),
        cmocka_unit_test(test_never_exceeds_budget),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_model_status),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
