/* Dual learners of seed 002 (olp_laau.md §1.4; src/algorithms/alloc/
 * dual_learner.h): the Dykstra projection onto Y ∩ Ball against the
 * projection's variational inequality and a brute-force grid; ASSG and RASSG
 * outputs against the exact sample dual optimum from CLP; the SGD learner's
 * 1/√T rate on the Lemma 7 example (generator type 7). */
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

#include "algorithms/alloc/dual_learner.h"

static double dist(const double *x, const double *y, size_t m)
{
    double s = 0;
    for (size_t i = 0; i < m; ++i)
        s += (x[i] - y[i]) * (x[i] - y[i]);
    return sqrt(s);
}

static int in_set(const double *z, size_t m, double R, const double *ctr, double D, double tol)
{
    const double zero[3] = {0, 0, 0};
    for (size_t i = 0; i < m; ++i)
        if (z[i] < -tol)
            return 0;
    return dist(z, zero, m) <= R + tol && dist(z, ctr, m) <= D + tol;
}

/* x = Π_{Y∩B}(v) iff x ∈ Y∩B and <v − x, z − x> <= 0 for all z ∈ Y∩B.
 * Checked on random z, and for m = 2 x must beat every point of a fine grid
 * of the set (up to the grid's resolution). */
static void test_dykstra_projection(void **st)
{
    (void)st;
    oco_rng rng;
    oco_rng_seed(&rng, 5, 0);
    double work[12], x[3], z[3];
    size_t nontrivial = 0;
    for (int rep = 0; rep < 300; ++rep) {
        const size_t m = rep % 2 ? 2 : 3;
        const double R = oco_rng_uniform_range(&rng, 0.5, 3.0);
        double ctr[3] = {0, 0, 0}, v[3];
        /* a centre in Y, a radius that cuts Y */
        for (size_t i = 0; i < m; ++i)
            ctr[i] = oco_rng_uniform_range(&rng, 0, 0.3 * R / sqrt((double)m));
        const double D = oco_rng_uniform_range(&rng, 0.1, 2.0);
        for (size_t i = 0; i < m; ++i)
            v[i] = i == (size_t)rep % m ? oco_rng_uniform_range(&rng, 0, 4)
                                        : oco_rng_uniform_range(&rng, -4, 0);
        const size_t it = oco__proj_Y_ball(v, m, R, ctr, D, 1e-12, 100000, x, work);
        nontrivial += it > 0;
        assert_true(in_set(x, m, R, ctr, D, 1e-9));
        for (size_t i = 0; i < m; ++i)
            assert_true(x[i] >= 0.0);
        for (int k = 0; k < 2000; ++k) {
            for (size_t i = 0; i < m; ++i)
                z[i] = ctr[i] + oco_rng_uniform_range(&rng, -D, D);
            if (!in_set(z, m, R, ctr, D, 0.0))
                continue;
            double vi = 0;
            for (size_t i = 0; i < m; ++i)
                vi += (v[i] - x[i]) * (z[i] - x[i]);
            if (vi > 1e-7)
                fail_msg("rep %d: <v-x, z-x> = %g > 0 (after %zu sweeps)", rep, vi, it);
        }
        if (m == 2) {
            const double h = D / 200;
            const double best = dist(v, x, m);
            for (double g0 = ctr[0] - D; g0 <= ctr[0] + D; g0 += h)
                for (double g1 = ctr[1] - D; g1 <= ctr[1] + D; g1 += h) {
                    const double g[2] = {g0, g1};
                    if (in_set(g, 2, R, ctr, D, 0.0))
                        assert_true(dist(v, g, 2) >= best - 1e-9);
                }
        }
    }
    if (getenv("OCO_VERBOSE"))
        printf("%zu of 300 projections needed Dykstra\n", nontrivial);
    assert_true(nontrivial > 50); /* Dykstra itself ran, not only the shortcuts */
}

/* Samples drawn uniformly from a fixed instance make its sample dual f_T the
 * population dual: ASSG must reach f_T(ŷ) − f_T(y*) <= eps, y* from CLP. */
static double run_learner(oco__dual_learner_kind kind, const oco_olp_instance *in, double eps,
                          double *gap_out)
{
    const size_t m = in->m, T = in->T;
    double d[4], dmin = INFINITY, dmax = 0;
    for (size_t i = 0; i < m; ++i) {
        d[i] = in->b[i] / (double)T;
        dmin = fmin(dmin, d[i]);
        dmax = fmax(dmax, d[i]);
    }
    const double cbar = 2.0; /* type 1: c ~ U[0,2] */
    oco__dual_learner_cfg cfg = {.kind = kind, .m = m, .d = d, .radius = (cbar + dmin) / dmin,
                                 .mu = 0.5, .eps0 = cbar, .D1 = 4.0,
                                 .G = sqrt((double)m) * (2.0 + dmax), .proj_tol = 1e-10,
                                 .proj_maxit = 1000, .S = 2, .omega = 1.0, .gamma = 1.0};
    cfg.K = ceil(log2(2 * cfg.eps0 / eps));
    cfg.t = 20000;
    oco__dual_learner *L = oco__dual_learner_new(&cfg);
    assert_non_null(L);
    oco_rng rng;
    oco_rng_seed(&rng, 11, kind);
    size_t n = 0;
    while (!oco__dual_learner_finished(L)) {
        const size_t j = (size_t)oco_rng_below(&rng, T);
        oco__dual_learner_step(L, in->c[j], in->a + j * m);
        ++n;
    }
    const double want = (kind == OCO__DL_RASSG ? 2.0 : 1.0) * cfg.K * (cfg.t - 1);
    assert_true(fabs((double)n - want) < 0.5); /* t − 1 orders per stage */
    double y[4];
    memcpy(y, oco__dual_learner_output(L), m * sizeof *y);
    oco__dual_learner_free(L);
    oco_olp_opt_opts oo = oco_olp_opt_opts_default();
    oo.method = OCO_OLP_OPT_CLP;
    oco_olp_opt opt;
    double ystar[4];
    assert_int_equal(oco_olp_opt_solve(in, &oo, &opt, ystar), OCO_OK);
    const double fT = oco_olp_dual_objective(in, y) / (double)T;
    const double fstar = oco_olp_dual_objective(in, ystar) / (double)T;
    assert_true(fabs(fstar - opt.value / (double)T) < 1e-9); /* strong duality */
    *gap_out = fT - fstar;
    return fT;
}

static void test_assg_reaches_eps(void **st)
{
    (void)st;
    oco_rng rng;
    oco_rng_seed(&rng, 3, 0);
    oco_olp_instance *in = oco_olp_generate(1, 2, 200, &rng);
    assert_non_null(in);
    const double eps = 1e-3;
    double gap;
    run_learner(OCO__DL_ASSG, in, eps, &gap);
    if (getenv("OCO_VERBOSE"))
        printf("ASSG gap %.3g\n", gap);
    assert_true(gap >= -1e-12 && gap <= eps);
    run_learner(OCO__DL_RASSG, in, eps, &gap);
    if (getenv("OCO_VERBOSE"))
        printf("RASSG gap %.3g\n", gap);
    assert_true(gap >= -1e-12 && gap <= eps);
    oco_olp_instance_free(in);
}

/* Lemma 7 / EC8: on m = 1, a = 1, d = 1/2, c ~ U[0,1] (y* = 1/2, f(y) =
 * y²/2 − y/2 + 1/2, mu = 1/2), SGD with step 1/(mu(t+1)) has
 * E|z_T − 1/2| ~ 1/√T: ×10 in T divides it by √10 ≈ 3.16. */
static void test_sgd_rate_type7(void **st)
{
    (void)st;
    const double d = 0.5, one = 1.0;
    const size_t Ts[3] = {1000, 10000, 100000};
    double err[3];
    const int NS = 60;
    for (int k = 0; k < 3; ++k) {
        double s = 0;
        for (int seed = 0; seed < NS; ++seed) {
            oco__dual_learner_cfg cfg = {.kind = OCO__DL_SGD, .m = 1, .d = &d, .radius = 21.0,
                                         .mu = 0.5};
            oco__dual_learner *L = oco__dual_learner_new(&cfg);
            assert_non_null(L);
            oco_rng rng;
            oco_rng_seed(&rng, 1000 + seed, Ts[k]);
            for (size_t t = 0; t < Ts[k]; ++t)
                oco__dual_learner_step(L, oco_rng_uniform(&rng), &one);
            s += fabs(oco__dual_learner_output(L)[0] - 0.5);
            oco__dual_learner_free(L);
        }
        err[k] = s / NS;
        if (getenv("OCO_VERBOSE"))
            printf("T=%zu mean|z-1/2| = %.4g  sqrt(T)*err = %.3f\n", Ts[k], err[k],
                   sqrt((double)Ts[k]) * err[k]);
    }
    for (int k = 0; k < 2; ++k) {
        const double ratio = err[k] / err[k + 1];
        if (!(ratio > 2.2 && ratio < 4.5))
            fail_msg("T=%zu -> %zu: error ratio %.3f, want about sqrt(10) = 3.16", Ts[k],
                     Ts[k + 1], ratio);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dykstra_projection),
        cmocka_unit_test(test_assg_reaches_eps),
        cmocka_unit_test(test_sgd_rate_type7),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
