/* Rates of seed 002's learn-then-decide policies (olp_laau.md §1.5-§1.8),
 * mean regret + violation r + v = OPT_LP − <c,x> + ‖(Ax − b)_+‖₂ over fixed
 * seeds against the exact optimum (closed form for m = 1), with fitted log-log
 * slopes over T = 10^3 .. 10^5:
 *   Algorithm 1 (dual-subgradient, alpha = 1/sqrt(T)) on type 7: ~ 1/2;
 *   decoupled (gamma = 2 preset) on type 7: ~ 1/3 (§1.7, B.9);
 *   decoupled with gamma = 1 on type 8 (finite support): O(log T) (§1.8);
 *   one-path (Prop. 1) worse than decoupled at the largest T.
 * Small on purpose (few seeds, T <= 10^5): the reproduction runs the heavy
 * version. Tolerances were set from the measured table (OCO_VERBOSE=1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/hindsight.h"
#include "oco/olp.h"
#include "oco/rng.h"
#include "oco/runner.h"

#define NT 5
#define NSEEDS 12
static const size_t Ts[NT] = {1000, 3000, 10000, 30000, 100000};

static double loglog_slope(const double *x, const double *y, size_t n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; ++i) {
        const double lx = log(x[i]), ly = log(y[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/* mean r + v of `name` over the seeds, per T */
static void mean_rv(const char *name, int type, const oco_param *p, size_t np, double *out)
{
    const int fullT = !strcmp(name, "one-path-T"); /* Te = T: Prop. 1's setting */
    const oco_olp_policy_type *pt = oco_olp_policy_find(fullT ? "one-path" : name);
    assert_non_null(pt);
    for (size_t k = 0; k < NT; ++k) {
        double s = 0;
        for (unsigned seed = 0; seed < NSEEDS; ++seed) {
            oco_rng rng;
            oco_rng_seed(&rng, 4242 + seed, Ts[k]);
            oco_olp_instance *in = oco_olp_generate(type, 1, Ts[k], &rng);
            assert_non_null(in);
            oco_olp_opt_opts oo = oco_olp_opt_opts_default();
            oco_olp_opt opt;
            assert_int_equal(oco_olp_opt_solve(in, &oo, &opt, NULL), OCO_OK);
            assert_int_equal(opt.kind, OCO_OPT_EXACT);
            oco_olp_metrics met;
            const oco_param pT = {"Te", (double)Ts[k]};
            if (oco_olp_run(pt, fullT ? &pT : p, fullT ? 1 : np, in, NULL, NULL, NULL, &met) !=
                OCO_OK)
                fail_msg("%s T=%zu: %s", name, Ts[k], oco_last_error());
            s += opt.value - met.reward + met.violation;
            oco_olp_instance_free(in);
        }
        out[k] = s / NSEEDS;
        if (getenv("OCO_VERBOSE"))
            printf("%-18s type %d T=%6zu  mean r+v = %9.3f  /sqrt(T) = %.3f  /T^(1/3) = %.3f  "
                   "/log T = %.3f\n",
                   name, type, Ts[k], out[k], out[k] / sqrt((double)Ts[k]),
                   out[k] / cbrt((double)Ts[k]), out[k] / log((double)Ts[k]));
    }
}

static double slope_of(const double *y)
{
    double x[NT];
    for (size_t k = 0; k < NT; ++k)
        x[k] = (double)Ts[k];
    const double s = loglog_slope(x, y, NT);
    if (getenv("OCO_VERBOSE"))
        printf("  slope %.3f\n", s);
    return s;
}

/* Measured (12 seeds, this seed set): Algorithm 1 slope 0.497; decoupled
 * 0.325 (r+v/T^(1/3) = 0.50 .. 0.71); one-path with Te = T (Prop. 1's single
 * path over the whole horizon) 0.423 and 31.8 vs decoupled's 24.4 at T = 10^5.
 * Not asserted here, and reported as open: gamma = 1 on type 8 (finite
 * support) did NOT show O(log T) at these T: (r+v)/log T grew from 1.2 to 10
 * for decoupled (SGD learner, slope 0.60) and from 0.8 to 12 for
 * decoupled-assg (slope 0.76) with the default constants (Te = ceil(log^2 T)
 * is ~100 orders, too few for either learner to land in Y*'s cell; the
 * theory's Te carries the large ASSG constants). And one-path with its
 * default Te = T^(2/3) is not worse than decoupled on type 7 (13.6 at 10^5):
 * learning for only T^(2/3) rounds caps the single path's damage at the same
 * order; Prop. 1 needs the 1/t path to decide for a constant fraction of T. */
static void test_rates(void **st)
{
    (void)st;
    double alg1[NT], dec[NT], oneT[NT];
    mean_rv("dual-subgradient", 7, NULL, 0, alg1);
    mean_rv("decoupled", 7, NULL, 0, dec);
    mean_rv("one-path-T", 7, NULL, 0, oneT);
    const double s1 = slope_of(alg1), s2 = slope_of(dec);
    slope_of(oneT);
    if (!(s1 > 0.40 && s1 < 0.60))
        fail_msg("Algorithm 1 slope %.3f, want about 1/2", s1);
    if (!(s2 > 0.20 && s2 < 0.45))
        fail_msg("decoupled slope %.3f, want about 1/3", s2);
    if (!(oneT[NT - 1] > dec[NT - 1]))
        fail_msg("one-path (Te = T) %.2f not worse than decoupled %.2f at T = %zu", oneT[NT - 1],
                 dec[NT - 1], Ts[NT - 1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
