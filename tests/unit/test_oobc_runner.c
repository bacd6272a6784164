/* The OOBC runner (include/oco/oobc_runner.h) on a hand-built class and a
 * hand-written constant policy, with every expected number worked out by
 * hand below (independent of the runner's code):
 *   class "quad": d = M = p = 1, l(x, c) = (x − c)²/2, g(x, c) = x,
 *                 x ∈ [0, 10], x_safe 0, reserve 0;
 *   policy "const-test": x_t = min(k, b̃_t) (param k, default 1), and a
 *                 deliberate out-of-box decision at (fail_episode, fail_step).
 * Checked: utility per step, mean, 95% half-width, median and quartiles
 * (interpolated), remaining fraction, the strict-budget count recomputed
 * from the decisions with the class given to the run (not the wrapper's),
 * the hindsight mode (policy NULL) against the water-filling optimum, the
 * abort on a failed decision naming episode and step, the observer's stop,
 * the argument checks, and no allocation per episode or step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_runner.h"

/* ---- the class ---------------------------------------------------------- */
static const double LO = 0, HI = 10, XSAFE = 0, RES = 0, BLO = 1, BHI = 2;

static int quad_loss(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                     double *grad, double *hess)
{
    (void)cls;
    *f = 0.5 * (x[0] - c[0]) * (x[0] - c[0]);
    if (grad)
        grad[0] = x[0] - c[0];
    if (hess)
        hess[0] = 1;
    return OCO_OK;
}

/* g = scale·x with scale = *(double *)cls->data (1 for the real class). */
static int quad_use(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                    double *jac, double *hess)
{
    (void)c;
    const double s = *(const double *)cls->data;
    g[0] = s * x[0];
    if (jac)
        jac[0] = s;
    if (hess)
        hess[0] = 0;
    return OCO_OK;
}

static double SCALE1 = 1, SCALE2 = 2;

static oco_oobc_class quad_class(double *scale)
{
    oco_oobc_class c;
    memset(&c, 0, sizeof c);
    c.name = "quad";
    c.d = c.M = c.p = 1;
    c.lo = &LO;
    c.hi = &HI;
    c.x_safe = &XSAFE;
    c.reserve = &RES;
    c.budget_lo = &BLO;
    c.budget_hi = &BHI;
    c.loss = quad_loss;
    c.use = quad_use;
    c.data = scale;
    return c;
}

/* ---- the policy ------------------------------------------------------------ */
static const oco_param_spec const_params[] = {
    {"k", 1, NULL, "the constant decision", "D"},
    {"fail_episode", 0, NULL, "1-based episode of the deliberate bad decision (0: never)", "D"},
    {"fail_step", 0, NULL, "1-based step of it", "D"},
};

typedef struct const_state {
    double k;
    size_t fail_ep, fail_step, ep;
} const_state;

static void *const_create(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    (void)s;
    const_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->k = oco_params_get(const_params, 3, p, np, "k");
    st->fail_ep = (size_t)oco_params_get(const_params, 3, p, np, "fail_episode");
    st->fail_step = (size_t)oco_params_get(const_params, 3, p, np, "fail_step");
    return st;
}

static int const_begin(void *state, const double *B)
{
    (void)B;
    ((const_state *)state)->ep++;
    return OCO_OK;
}

static int const_decide(void *state, size_t t, const double *c, const double *b,
                        const double *b_eff, double *x)
{
    (void)c;
    (void)b;
    const_state *st = state;
    x[0] = st->k < b_eff[0] ? st->k : b_eff[0];
    if (st->ep == st->fail_ep && t + 1 == st->fail_step)
        x[0] = -1; /* outside the box: the wrapper fails the step */
    return OCO_OK;
}

static void const_destroy(void *state) { free(state); }

static const oco_oobc_type const_type = {
    {"const-test", OCO_PROTOCOL_OOBC, "constant decision (test)", "test", "", const_params, 3,
     0},
    0,
    NULL,
    const_create,
    const_begin,
    const_decide,
    NULL,
    NULL,
    const_destroy,
    NULL, /* no checkpoint support (save, restore) */
    NULL,
};

static oco_oobc *policy(const oco_oobc_class *cls, size_t N, const oco_param *p, size_t np)
{
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = cls;
    s.N = N;
    oco_oobc *a = oco_oobc_new(&const_type, &s, p, np);
    if (!a)
        fprintf(stderr, "%s\n", oco_last_error());
    assert_non_null(a);
    return a;
}

/* n episodes of N = 4 steps, budgets B[i], contexts c[i·4 + t]. */
static oco_oobc_data *data4(size_t n, const double *B, const double *c)
{
    oco_oobc_data *d = oco_oobc_data_new(n, 4, 1, 1);
    assert_non_null(d);
    memcpy(d->B, B, n * sizeof *B);
    memcpy(d->c, c, n * 4 * sizeof *c);
    return d;
}

#define CLOSE(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

/* Four episodes, x = 1 every step (budget 100 never binds):
 *   c = (1,1,1,1): Σ(1−c)²/2 = 0    u = 0
 *   c = (2,0,1,1): (1 + 1)/2 = 1    u = −1/4
 *   c = (3,3,3,3): 4·4/2 = 8        u = −2
 *   c = (5,5,5,5): 4·16/2 = 32      u = −8
 * mean −10.25/4 = −2.5625; squared deviations 6.56640625 + 5.34765625 +
 * 0.31640625 + 29.56640625 = 41.796875, s² = 41.796875/3, half-width
 * 1.96·s/2; sorted (−8, −2, −0.25, 0): median (−2 − 0.25)/2 = −1.125,
 * p25 at position 0.75: −8 + 0.75·6 = −3.5, p75 at 2.25: −0.25 + 0.25·0.25
 * = −0.1875; remaining (100 − 4)/100 = 0.96; OPT x_t = c_t, utility 0. */
static const double B4[] = {100, 100, 100, 100};
static const double C4[] = {1, 1, 1, 1, 2, 0, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5};

static void test_statistics(void **st)
{
    (void)st;
    oco_oobc_class cls = quad_class(&SCALE1);
    oco_oobc_data *d = data4(4, B4, C4);
    oco_oobc *a = policy(&cls, 4, NULL, 0);
    double u[4], x[16];
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.with_opt = 0;
    o.decisions = x;
    oco_oobc_run_result r;
    r.utility = u;
    r.opt_utility = NULL;
    assert_int_equal(oco_oobc_run(a, &cls, d, &o, &r), OCO_OK);
    assert_int_equal(r.n, 4);
    assert_ptr_equal(r.utility, u);
    const double eu[4] = {0, -0.25, -2, -8};
    for (size_t i = 0; i < 4; ++i)
        CLOSE(u[i], eu[i], 1e-15);
    for (size_t i = 0; i < 16; ++i)
        assert_true(x[i] == 1);
    CLOSE(r.utility_mean, -2.5625, 1e-15);
    CLOSE(r.utility_ci95, 1.96 * sqrt(41.796875 / 3) / 2, 1e-14);
    CLOSE(r.utility_median, -1.125, 1e-15);
    CLOSE(r.utility_p25, -3.5, 1e-15);
    CLOSE(r.utility_p75, -0.1875, 1e-15);
    CLOSE(r.remaining_fraction_mean, 0.96, 1e-15);
    assert_int_equal(r.budget_exceeded, 0);
    assert_true(isnan(r.opt_utility_mean));
    assert_true(r.seconds >= 0);
    assert_true(r.steps_per_second > 0);
    oco_oobc_free(a);
    oco_oobc_data_free(d);
}

/* One episode, k = 3, B = 5, c = 3: x = 3, then min(3, 2) = 2, then 0, 0;
 * loss 0 + 0.5 + 4.5 + 4.5 = 9.5, u = −2.375, nothing left. OPT: Σx ≤ 5
 * binds, water level x_t = 5/4, loss 4·1.75²/2 = 6.125, u* = −1.53125.
 * n = 1: half-width 0, median = p25 = p75 = u. */
static void test_budget_binds_and_opt(void **st)
{
    (void)st;
    oco_oobc_class cls = quad_class(&SCALE1);
    const double B[] = {5}, C[] = {3, 3, 3, 3};
    oco_oobc_data *d = data4(1, B, C);
    const oco_param k3 = {"k", 3};
    oco_oobc *a = policy(&cls, 4, &k3, 1);
    double x[4], ou[1];
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.decisions = x;
    oco_oobc_run_result r;
    memset(&r, 0, sizeof r);
    r.opt_utility = ou;
    int rc = oco_oobc_run(a, &cls, d, &o, &r);
    if (rc)
        fprintf(stderr, "%s\n", oco_last_error());
    assert_int_equal(rc, OCO_OK);
    assert_true(x[0] == 3 && x[1] == 2 && x[2] == 0 && x[3] == 0);
    CLOSE(r.utility_mean, -2.375, 1e-15);
    assert_true(r.utility_ci95 == 0);
    assert_true(r.utility_median == r.utility_mean && r.utility_p25 == r.utility_mean &&
                r.utility_p75 == r.utility_mean);
    CLOSE(r.remaining_fraction_mean, 0, 1e-15);
    assert_int_equal(r.budget_exceeded, 0);
    CLOSE(r.opt_utility_mean, -1.53125, 1e-7);
    CLOSE(ou[0], -1.53125, 1e-7);
    oco_oobc_free(a);

    /* hindsight mode: the runner plays OPT's decisions */
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(NULL, &cls, d, &o, &r), OCO_OK);
    for (size_t t = 0; t < 4; ++t)
        CLOSE(x[t], 1.25, 1e-7);
    CLOSE(r.utility_mean, -1.53125, 1e-7);
    CLOSE(r.opt_utility_mean, r.utility_mean, 1e-12);
    CLOSE(r.remaining_fraction_mean, 0, 1e-7);
    assert_int_equal(r.budget_exceeded, 0);
    assert_true(r.opt_seconds == r.seconds);

    /* with_opt on the first data set: OPT x_t = c_t, utility 0 */
    oco_oobc_data *d4 = data4(4, B4, C4);
    a = policy(&cls, 4, NULL, 0);
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(a, &cls, d4, NULL, &r), OCO_OK);
    CLOSE(r.opt_utility_mean, 0, 1e-7);
    CLOSE(r.utility_mean, -2.5625, 1e-15);
    oco_oobc_free(a);
    oco_oobc_data_free(d4);
    oco_oobc_data_free(d);
}

/* The count is the runner's own: the policy plays under g = x (Σ = 4 <= 5,
 * the wrapper accepts every step) but the run is given a class of the same
 * name and sizes whose use is 2x, so each episode uses 8 > 5. */
static void test_exceeded_recomputed(void **st)
{
    (void)st;
    oco_oobc_class cls = quad_class(&SCALE1), twice = quad_class(&SCALE2);
    const double B[] = {5, 5, 5, 5};
    oco_oobc_data *d = data4(4, B, C4);
    oco_oobc *a = policy(&cls, 4, NULL, 0);
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.with_opt = 0;
    oco_oobc_run_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(a, &twice, d, &o, &r), OCO_OK);
    assert_int_equal(r.budget_exceeded, 4);
    CLOSE(r.remaining_fraction_mean, (5.0 - 8.0) / 5.0, 1e-15);
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(a, &cls, d, &o, &r), OCO_OK);
    assert_int_equal(r.budget_exceeded, 0);
    CLOSE(r.remaining_fraction_mean, 0.2, 1e-15);
    oco_oobc_free(a);
    oco_oobc_data_free(d);
}

static void test_decide_failure_aborts(void **st)
{
    (void)st;
    oco_oobc_class cls = quad_class(&SCALE1);
    oco_oobc_data *d = data4(4, B4, C4);
    const oco_param p[] = {{"fail_episode", 2}, {"fail_step", 3}};
    oco_oobc *a = policy(&cls, 4, p, 2);
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.with_opt = 0;
    oco_oobc_run_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(a, &cls, d, &o, &r), OCO_ESOLVER);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(oco_last_error(), "episode 2, step 3"));
    assert_non_null(strstr(oco_last_error(), "outside"));
    oco_oobc_free(a);
    oco_oobc_data_free(d);
}

typedef struct seen {
    size_t n;
    double u[4], rf[4];
} seen;

static int observe(void *ctx, size_t i, double u, double rf)
{
    seen *s = ctx;
    assert_int_equal(i, s->n);
    s->u[i] = u;
    s->rf[i] = rf;
    s->n++;
    return i == 2 ? OCO_ELIMIT : OCO_OK;
}

static void test_observer(void **st)
{
    (void)st;
    oco_oobc_class cls = quad_class(&SCALE1);
    oco_oobc_data *d = data4(4, B4, C4);
    oco_oobc *a = policy(&cls, 4, NULL, 0);
    seen s;
    memset(&s, 0, sizeof s);
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.with_opt = 0;
    o.on_episode = observe;
    o.ctx = &s;
    oco_oobc_run_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(a, &cls, d, &o, &r), OCO_ELIMIT);
    assert_int_equal(s.n, 3);
    assert_int_equal(r.n, 3);
    CLOSE(s.u[1], -0.25, 1e-15);
    CLOSE(s.u[2], -2, 1e-15);
    CLOSE(s.rf[0], 0.96, 1e-15);
    oco_oobc_free(a);
    oco_oobc_data_free(d);
}

static void test_checks(void **st)
{
    (void)st;
    oco_oobc_class cls = quad_class(&SCALE1);
    oco_oobc_data *d = data4(4, B4, C4);
    oco_oobc *a5 = policy(&cls, 5, NULL, 0); /* N = 5 against 4-step data */
    oco_oobc_run_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(oco_oobc_run(a5, &cls, d, NULL, &r), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "N = 5"));
    assert_int_equal(oco_oobc_run(NULL, NULL, d, NULL, &r), OCO_EINVAL);
    assert_int_equal(oco_oobc_run(NULL, &cls, NULL, NULL, &r), OCO_EINVAL);
    assert_int_equal(oco_oobc_run(NULL, &cls, d, NULL, NULL), OCO_EINVAL);
    oco_oobc_class other = quad_class(&SCALE1);
    other.name = "other";
    oco_oobc *a4 = policy(&cls, 4, NULL, 0);
    assert_int_equal(oco_oobc_run(a4, &other, d, NULL, &r), OCO_EINVAL);
    d->B[2] = 0; /* a budget <= 0 */
    assert_int_equal(oco_oobc_run(a4, &cls, d, NULL, &r), OCO_EINVAL);
    d->B[2] = 100;
    d->c[5] = NAN;
    assert_int_equal(oco_oobc_run(a4, &cls, d, NULL, &r), OCO_EINVAL);
    oco_oobc_data *empty = oco_oobc_data_new(0, 4, 1, 1);
    assert_non_null(empty);
    assert_int_equal(oco_oobc_run(a4, &cls, empty, NULL, &r), OCO_EINVAL);
    oco_oobc_data_free(empty);
    oco_oobc_free(a4);
    oco_oobc_free(a5);
    oco_oobc_data_free(d);
}

/* Allocations do not grow with the episodes (all in the run's prologue;
 * both sizes large enough that glibc's qsort takes its one buffer from the
 * heap rather than the stack in either). */
static size_t allocs_for(size_t n)
{
    oco_oobc_class cls = quad_class(&SCALE1);
    oco_oobc_data *d = oco_oobc_data_new(n, 4, 1, 1);
    for (size_t i = 0; i < n; ++i) {
        d->B[i] = 100;
        for (size_t t = 0; t < 4; ++t)
            d->c[i * 4 + t] = (double)((i + t) % 5);
    }
    oco_oobc *a = policy(&cls, 4, NULL, 0);
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.with_opt = 0;
    oco_oobc_run_result r;
    memset(&r, 0, sizeof r);
    const size_t before = n_allocs;
    assert_int_equal(oco_oobc_run(a, &cls, d, &o, &r), OCO_OK);
    const size_t used = n_allocs - before;
    oco_oobc_free(a);
    oco_oobc_data_free(d);
    return used;
}

static void test_no_allocation_per_episode(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    assert_int_equal(allocs_for(200), allocs_for(2000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statistics),
        cmocka_unit_test(test_budget_binds_and_opt),
        cmocka_unit_test(test_exceeded_recomputed),
        cmocka_unit_test(test_decide_failure_aborts),
        cmocka_unit_test(test_observer),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_no_allocation_per_episode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
