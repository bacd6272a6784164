/* Hindsight OLP optimum (include/oco/hindsight.h): the m = 1 closed form
 * against hand-solved instances, CLP and GLPK; CLP's duals against strong
 * duality; the dual bound against the exact optimum (always above, close on
 * moderate instances); AUTO routing, the time-limit fallback, bad input. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glpk_oracle.h"
#include "hindsight/olp_internal.h"
#include "oco/error.h"
#include "oco/hindsight.h"
#include "oco/olp.h"
#include "oco/rng.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol) * (1.0 + fabs(b)))

static oco_olp_instance *make(size_t T, size_t m, const double *c, const double *a,
                              const double *b)
{
    oco_olp_instance *I = oco_olp_instance_new(T, m);
    assert_non_null(I);
    memcpy(I->c, c, T * sizeof(double));
    memcpy(I->a, a, T * m * sizeof(double));
    memcpy(I->b, b, m * sizeof(double));
    return I;
}

static int solve(const oco_olp_instance *I, oco_olp_opt_method meth, oco_olp_opt *out, double *y)
{
    oco_olp_opt_opts o = oco_olp_opt_opts_default();
    o.method = meth;
    return oco_olp_opt_solve(I, &o, out, y);
}

/* One hand-solved m = 1 case through the closed form and through CLP. */
static void hand_m1(size_t T, const double *c, const double *a, double b, double opt,
                    double ystar)
{
    oco_olp_instance *I = make(T, 1, c, a, &b);
    oco_olp_opt out;
    double y = -1;
    assert_int_equal(solve(I, OCO_OLP_OPT_CLOSED_FORM, &out, &y), OCO_OK);
    assert_string_equal(out.method, "closed-form");
    assert_int_equal(out.kind, OCO_OPT_EXACT);
    NEAR(out.value, opt, 1e-14);
    if (!isnan(ystar))
        NEAR(y, ystar, 1e-14);
    NEAR(oco_olp_dual_objective(I, &y), opt, 1e-14);
    assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &out, &y), OCO_OK);
    assert_string_equal(out.method, "clp");
    NEAR(out.value, opt, 1e-12);
    oco_olp_instance_free(I);
}

static void test_hand_m1(void **st)
{
    (void)st;
    /* ratio order: take 0 fully, 1 half: 3 + 1; y* = 2 (the fractional ratio) */
    hand_m1(3, (double[]){3, 2, 1}, (double[]){1, 1, 1}, 1.5, 4.0, 2.0);
    /* b = 0, an order with a < 0, c < 0 frees budget at cost 0.5 per unit,
     * order 2 earns 0.75 per unit: x = (0, 1, 1/4), OPT = 0.25, y* = 3/4 */
    hand_m1(3, (double[]){1, -0.5, 3}, (double[]){2, -1, 4}, 0.0, 0.25, 0.75);
    /* c > 0, a < 0 is always taken (frees 1), a = 0 always: x = (1, 1, 1/2),
     * OPT = 1 + 2 + 2.5, y* = 5/3 */
    hand_m1(3, (double[]){1, 2, 5}, (double[]){-1, 0, 3}, 0.5, 5.5, 5.0 / 3.0);
    /* c <= 0, a >= 0 never taken; slack budget: y* = 0 */
    hand_m1(3, (double[]){-1, 0, 2}, (double[]){1, 2, 1}, 10.0, 2.0, 0.0);
    /* b = 0, all a > 0: nothing fits, OPT = 0 (any y >= max ratio is optimal) */
    hand_m1(3, (double[]){1, 2, 3}, (double[]){1, 1, 2}, 0.0, 0.0, NAN);
    /* all a = 0: take every positive c, y* = 0 */
    hand_m1(3, (double[]){1, -2, 3}, (double[]){0, 0, 0}, 0.0, 4.0, 0.0);
    /* ties at the threshold: three orders of ratio 2, budget 2.5 -> 5, y* = 2 */
    hand_m1(4, (double[]){2, 2, 2, 1}, (double[]){1, 1, 1, 1}, 2.5, 5.0, 2.0);
    /* the budget exactly fits the first two ratios: slope 0 on [1, 2], value 5 */
    hand_m1(3, (double[]){3, 2, 1}, (double[]){1, 1, 1}, 2.0, 5.0, NAN);
    /* single order, a < 0 and c < 0 with b = 0: freeing budget has no use */
    hand_m1(1, (double[]){-1}, (double[]){-1}, 0.0, 0.0, NAN);
}

/* m = 2, three orders: c = (4, 3, 2), a = (1,0), (0,1), (1,1), b = (1, 1):
 * order 2 needs both resources for 2 < 4 + 3, so x = (1, 1, 0), OPT = 7. */
static void test_hand_m2(void **st)
{
    (void)st;
    oco_olp_instance *I =
        make(3, 2, (double[]){4, 3, 2}, (double[]){1, 0, 0, 1, 1, 1}, (double[]){1, 1});
    oco_olp_opt out;
    double y[2];
    assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &out, y), OCO_OK);
    NEAR(out.value, 7.0, 1e-12);
    assert_true(y[0] >= 0 && y[1] >= 0);
    NEAR(oco_olp_dual_objective(I, y), 7.0, 1e-12);
    assert_int_equal(solve(I, OCO_OLP_OPT_DUAL_BOUND, &out, y), OCO_OK);
    assert_int_equal(out.kind, OCO_OPT_UPPER_BOUND);
    assert_string_equal(out.method, "dual-bound");
    NEAR(out.value, 7.0, 1e-12);
    /* D at a hand-picked y: <b,y> + Σ (c_t − <a_t,y>)_+ with y = (1, 2):
     * 3 + (4−1) + (3−2) + (2−3)_+ = 7 */
    NEAR(oco_olp_dual_objective(I, (double[]){1, 2}), 7.0, 1e-15);
    /* y = (0, 0): Σ c_+ = 9 >= OPT */
    NEAR(oco_olp_dual_objective(I, (double[]){0, 0}), 9.0, 1e-15);
    oco_olp_instance_free(I);
}

/* The closed form vs CLP on every generator type with m = 1, sizes from 1 to
 * 3000, and on adversarial variants (b = 0, integer data with many ties,
 * exact zeros, mixed signs). */
static void test_closed_form_vs_clp(void **st)
{
    (void)st;
    const size_t Ts[] = {1, 2, 3, 10, 101, 1000, 3000};
    int n = 0;
    for (int type = 1; type <= OCO_OLP_NTYPES; type++)
        for (size_t k = 0; k < sizeof Ts / sizeof Ts[0]; k++)
            for (int variant = 0; variant < 4; variant++) {
                oco_rng rng;
                oco_rng_seed(&rng, 1000 + (uint64_t)type, k * 4 + (uint64_t)variant);
                oco_olp_instance *I = oco_olp_generate(type, 1, Ts[k], &rng);
                assert_non_null(I);
                if (variant == 1)
                    I->b[0] = 0.0;
                if (variant == 2) /* small integers: ties among breakpoints */
                    for (size_t t = 0; t < I->T; t++) {
                        I->c[t] = (double)((int64_t)oco_rng_below(&rng, 7) - 2);
                        I->a[t] = (double)((int64_t)oco_rng_below(&rng, 5) - 1);
                    }
                if (variant == 3) /* budget of a random fraction, some a = 0 */
                    for (size_t t = 0; t < I->T; t += 3)
                        I->a[t] = 0.0;
                oco_olp_opt cf, lp;
                double ycf, ylp;
                assert_int_equal(solve(I, OCO_OLP_OPT_CLOSED_FORM, &cf, &ycf), OCO_OK);
                assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &lp, &ylp), OCO_OK);
                assert_true(fabs(cf.value - lp.value) <= 1e-9 * fmax(1.0, fabs(lp.value)));
                assert_true(ycf >= 0 && ylp >= 0);
                /* both duals certify the same optimum (strong duality) */
                NEAR(oco_olp_dual_objective(I, &ycf), cf.value, 1e-12);
                NEAR(oco_olp_dual_objective(I, &ylp), lp.value, 1e-9);
                oco_olp_instance_free(I);
                n++;
            }
    assert_int_equal(n, 10 * 7 * 4);
}

/* Many tiny mixed-sign instances: near-zero slopes and flat pieces of the
 * scalar dual are where rounding bites (a regression: the quantile search once
 * returned the largest breakpoint when partial sums disagreed by 1 ulp). */
static void test_closed_form_tiny_random(void **st)
{
    (void)st;
    oco_rng rng;
    oco_rng_seed(&rng, 4242, 0);
    for (int rep = 0; rep < 3000; rep++) {
        const size_t T = 1 + oco_rng_below(&rng, 40);
        oco_olp_instance *I = oco_olp_instance_new(T, 1);
        assert_non_null(I);
        double suma = 0.0;
        for (size_t t = 0; t < T; t++) {
            I->a[t] = oco_rng_normal(&rng, 0.5, 1.5);
            I->c[t] = I->a[t] + oco_rng_normal(&rng, 0, 1);
            if (rep % 2 == 1) /* every a > 0 breakpoint below every a < 0 one:
                                 with b = 0 the slope between them is 0 ± ulp */
                I->c[t] = I->a[t] * (I->a[t] > 0 ? oco_rng_uniform(&rng)
                                                 : 1.0 + oco_rng_uniform(&rng));
            if (rep % 7 == 0)
                I->a[t] = 0.0;
            if (I->a[t] > 0 && oco_rng_below(&rng, 2))
                suma += I->a[t];
        }
        switch (rep % 4) {
        case 0:
        case 1: I->b[0] = 0.0; break;
        case 2: I->b[0] = suma; break; /* a budget that fits a subset exactly */
        default: I->b[0] = oco_rng_uniform(&rng) * (double)T; break;
        }
        oco_olp_opt cf, lp;
        double ycf;
        assert_int_equal(solve(I, OCO_OLP_OPT_CLOSED_FORM, &cf, &ycf), OCO_OK);
        assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &lp, NULL), OCO_OK);
        assert_true(fabs(cf.value - lp.value) <= 1e-9 * fmax(1.0, fabs(lp.value)));
        assert_true(ycf >= 0);
        oco_olp_instance_free(I);
    }
}

/* A third, independent opinion: GLPK on small instances, m = 1 and m = 3. */
static void test_vs_glpk(void **st)
{
    (void)st;
    if (!glpk_available()) {
        fprintf(stderr, "test_olp_opt: glpsol not found, skipping the GLPK cross-check\n");
        return;
    }
    const int types[] = {1, 2, 3, 5, 6, 8, 9, 10};
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        for (size_t m = 1; m <= 3; m += 2) {
            oco_rng rng;
            oco_rng_seed(&rng, 77, (uint64_t)types[k] * 10 + m);
            oco_olp_instance *I = oco_olp_generate(types[k], m, 40, &rng);
            assert_non_null(I);
            int cs[41], ri[120];
            double ones[40];
            for (size_t t = 0; t <= 40; t++)
                cs[t] = (int)(t * m);
            for (size_t q = 0; q < 40 * m; q++)
                ri[q] = (int)(q % m);
            for (size_t t = 0; t < 40; t++)
                ones[t] = 1.0;
            oco_lp_problem p = {.ncols = 40, .nrows = m, .maximize = 1, .obj = I->c,
                                .col_upper = ones, .row_upper = I->b, .colstart = cs,
                                .rowind = ri, .values = I->a};
            double zg = NAN;
            assert_int_equal(glpk_solve(&p, &zg), GLPK_OK);
            oco_olp_opt out;
            assert_int_equal(oco_olp_opt_solve(I, NULL, &out, NULL), OCO_OK);
            assert_int_equal(out.kind, OCO_OPT_EXACT);
            assert_string_equal(out.method, m == 1 ? "closed-form" : "clp");
            assert_true(fabs(out.value - zg) <= 1e-9 * fmax(1.0, fabs(zg)));
            oco_olp_instance_free(I);
        }
}

/* Sifting (the "clp" method) against one CLP solve of the whole LP, on every
 * generator type at sizes where sifting really sifts (T·m > 4·10^4), from
 * the usual subsample start and from deliberately bad starts: y0 = 0 fixes
 * almost every order at 1, overrunning the budget (the restart path); y0 =
 * 100 fixes every order at 0 (the pricing path). Type 8 repeats 10 columns
 * and goes through the collapse of repeated orders. */
static void test_sift_vs_full(void **st)
{
    (void)st;
    for (int type = 1; type <= OCO_OLP_NTYPES; type++) {
        /* type 5 is dual-degenerate (c_t = Σ_i a_ti): slow for any simplex, so small */
        const size_t m = (type == 4 || type == 7) ? 1 : (type == 5 ? 10 : (size_t)(2 + type % 4));
        const size_t T = type == 5 ? 6000 : 120000 / m;
        oco_rng rng;
        oco_rng_seed(&rng, 555, (uint64_t)type);
        oco_olp_instance *I = oco_olp_generate(type, m, T, &rng);
        assert_non_null(I);
        double vf, vs, yf[10], ys[10];
        oco_olp_sift_info info;
        assert_int_equal(oco__olp_clp_full(I, 0.0, &vf, yf), OCO_OK);
        assert_int_equal(oco__olp_sift(I, 0.0, &vs, ys, &info), OCO_OK);
        assert_true(fabs(vs - vf) <= 1e-9 * fmax(1.0, fabs(vf)));
        assert_true(oco__olp_dual_raw(I, ys) >= vs - 1e-9 * fabs(vs)); /* certificate */
        assert_int_equal(info.dedup, type == 8);
        if (type != 8)
            assert_true(info.depth >= 1 && info.working < T);
        if (type <= 3) {
            const double zero[10] = {0}, big[10] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
            assert_int_equal(oco__olp_sift_from(I, zero, 0.0, &vs, ys, &info), OCO_OK);
            assert_true(fabs(vs - vf) <= 1e-9 * fmax(1.0, fabs(vf)));
            assert_true(info.restarts >= 1);
            assert_int_equal(oco__olp_sift_from(I, big, 0.0, &vs, ys, &info), OCO_OK);
            assert_true(fabs(vs - vf) <= 1e-9 * fmax(1.0, fabs(vf)));
            assert_true(info.rounds >= 2);
        }
        oco_olp_instance_free(I);
    }
}

/* Weak duality: the bound is never below the exact optimum; strong duality:
 * CLP's duals attain it. On moderate instances (T > the subsample, so the
 * bound really comes from a subsample) the gap is small. */
static void test_dual_bound(void **st)
{
    (void)st;
    const int types[] = {1, 2, 3, 5, 6, 8, 9, 10};
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
        const size_t m = 2 + k % 3, T = 1500;
        oco_rng rng;
        oco_rng_seed(&rng, 31, (uint64_t)types[k]);
        oco_olp_instance *I = oco_olp_generate(types[k], m, T, &rng);
        assert_non_null(I);
        oco_olp_opt ex, ub;
        double y[4], yb[4];
        assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &ex, y), OCO_OK);
        NEAR(oco_olp_dual_objective(I, y), ex.value, 1e-9);
        assert_int_equal(solve(I, OCO_OLP_OPT_DUAL_BOUND, &ub, yb), OCO_OK);
        assert_int_equal(ub.kind, OCO_OPT_UPPER_BOUND);
        assert_true(ub.value >= ex.value - 1e-9 * fabs(ex.value));
        assert_true(ub.value == oco_olp_dual_objective(I, yb)); /* the reported y certifies it */
        /* any y >= 0 bounds OPT: perturb the optimal duals */
        for (size_t i = 0; i < m; i++)
            yb[i] = y[i] * 1.3 + 0.01 * (double)i;
        assert_true(oco_olp_dual_objective(I, yb) >= ex.value - 1e-9 * fabs(ex.value));
        oco_olp_instance_free(I);
    }
    /* moderate: T·m = 2.5·10^6 > the bound's subsample of 2·10^6 entries */
    oco_rng rng;
    oco_rng_seed(&rng, 99, 2);
    oco_olp_instance *I = oco_olp_generate(2, 10, 250000, &rng);
    assert_non_null(I);
    oco_olp_opt ex, ub;
    assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &ex, NULL), OCO_OK);
    assert_int_equal(solve(I, OCO_OLP_OPT_DUAL_BOUND, &ub, NULL), OCO_OK);
    const double gap = (ub.value - ex.value) / ex.value;
    assert_true(gap >= -1e-12);
    assert_true(gap <= 1e-4);
    oco_olp_instance_free(I);
}

static void test_auto_and_fallback(void **st)
{
    (void)st;
    oco_rng rng;
    oco_rng_seed(&rng, 3, 0);
    oco_olp_instance *I1 = oco_olp_generate(2, 1, 500, &rng);
    oco_olp_instance *I5 = oco_olp_generate(1, 5, 20000, &rng);
    assert_non_null(I1);
    assert_non_null(I5);
    oco_olp_opt out, ex;
    assert_int_equal(oco_olp_opt_solve(I1, NULL, &out, NULL), OCO_OK);
    assert_string_equal(out.method, "closed-form");
    assert_true(out.seconds >= 0);
    assert_int_equal(oco_olp_opt_solve(I5, NULL, &ex, NULL), OCO_OK);
    assert_string_equal(ex.method, "clp");
    assert_int_equal(ex.kind, OCO_OPT_EXACT);

    oco_olp_opt_opts o = oco_olp_opt_opts_default();
    assert_int_equal(o.method, OCO_OLP_OPT_AUTO);
    assert_true(o.exact_max_entries >= 1000000);
    o.exact_max_entries = 20000 * 5 - 1; /* one entry too many: the bound */
    double y[5];
    assert_int_equal(oco_olp_opt_solve(I5, &o, &out, y), OCO_OK);
    assert_string_equal(out.method, "dual-bound");
    assert_int_equal(out.kind, OCO_OPT_UPPER_BOUND);
    assert_true(out.value >= ex.value * (1 - 1e-12));
    assert_true(out.value <= ex.value * (1 + 1e-6));

    /* an expired CLP time limit falls back to the bound (hindsight.h) */
    o = oco_olp_opt_opts_default();
    o.time_limit = 1e-9;
    assert_int_equal(oco_olp_opt_solve(I5, &o, &out, NULL), OCO_OK);
    assert_string_equal(out.method, "dual-bound");
    assert_int_equal(out.kind, OCO_OPT_UPPER_BOUND);
    assert_true(out.value >= ex.value * (1 - 1e-12));
    o.method = OCO_OLP_OPT_CLP;
    assert_int_equal(oco_olp_opt_solve(I5, &o, &out, NULL), OCO_OK);
    assert_string_equal(out.method, "dual-bound");
    oco_olp_instance_free(I1);
    oco_olp_instance_free(I5);
}

/* Never a byte on stdout/stderr, also on the degenerate data where CLP's own
 * "automatic" mode once printed (type 8; lp.h), and on type 5. */
static void test_silent(void **st)
{
    (void)st;
    char path[] = "/tmp/oco_olp_silentXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    int s1 = dup(1), s2 = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    int rcs[6], k = 0;
    const int types[] = {8, 5, 3};
    for (size_t j = 0; j < 3; j++) {
        oco_rng rng;
        oco_rng_seed(&rng, 8, (uint64_t)j);
        oco_olp_instance *I = oco_olp_generate(types[j], 5, 9000, &rng);
        double v, y[5];
        rcs[k++] = oco__olp_clp_full(I, 0.0, &v, y);
        oco_olp_opt out;
        rcs[k++] = oco_olp_opt_solve(I, NULL, &out, y);
        oco_olp_instance_free(I);
    }
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
    for (int i = 0; i < k; i++)
        assert_int_equal(rcs[i], OCO_OK);
    assert_int_equal((int)sb.st_size, 0);
}

static void test_bad_input(void **st)
{
    (void)st;
    oco_olp_instance *I =
        make(3, 1, (double[]){1, 2, 3}, (double[]){1, 1, 1}, (double[]){1});
    oco_olp_opt out;
    I->c[1] = NAN;
    assert_int_equal(oco_olp_opt_solve(I, NULL, &out, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "c[1]"));
    assert_true(isnan(out.value));
    I->c[1] = 2;
    I->b[0] = -1;
    assert_int_equal(oco_olp_opt_solve(I, NULL, &out, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "b[0]"));
    I->b[0] = 1;
    I->a[2] = INFINITY;
    assert_int_equal(solve(I, OCO_OLP_OPT_CLP, &out, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "a[2]"));
    I->a[2] = 1;
    assert_int_equal(oco_olp_opt_solve(NULL, NULL, &out, NULL), OCO_EINVAL);
    assert_int_equal(oco_olp_opt_solve(I, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "out"));
    oco_olp_opt_opts o = oco_olp_opt_opts_default();
    o.time_limit = -1;
    assert_int_equal(oco_olp_opt_solve(I, &o, &out, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "time_limit"));
    o = oco_olp_opt_opts_default();
    o.method = (oco_olp_opt_method)17;
    assert_int_equal(oco_olp_opt_solve(I, &o, &out, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "method"));
    assert_true(isnan(oco_olp_dual_objective(I, (double[]){-0.5})));
    assert_non_null(strstr(oco_last_error(), "y[0]"));
    assert_true(isnan(oco_olp_dual_objective(I, NULL)));
    assert_true(isnan(oco_olp_dual_objective(I, (double[]){NAN})));
    /* the closed form refuses m > 1 */
    oco_olp_instance *J = make(1, 2, (double[]){1}, (double[]){1, 1}, (double[]){1, 1});
    assert_int_equal(solve(J, OCO_OLP_OPT_CLOSED_FORM, &out, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "m = 1"));
    /* and the good instance still solves: take 3 (ratio 3), OPT = 3 */
    assert_int_equal(oco_olp_opt_solve(I, NULL, &out, NULL), OCO_OK);
    NEAR(out.value, 3.0, 1e-15);
    oco_olp_instance_free(I);
    oco_olp_instance_free(J);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_m1),
        cmocka_unit_test(test_hand_m2),
        cmocka_unit_test(test_closed_form_vs_clp),
        cmocka_unit_test(test_closed_form_tiny_random),
        cmocka_unit_test(test_vs_glpk),
        cmocka_unit_test(test_sift_vs_full),
        cmocka_unit_test(test_dual_bound),
        cmocka_unit_test(test_auto_and_fallback),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
