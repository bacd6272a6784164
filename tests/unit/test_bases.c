/* The parts both universal methods share (src/algorithms/oco/bases.c):
 * the curvature pool of universal.md §2 against hand-listed values, the base
 * setups' gradient bounds of §8/§3.3 by hand, and the surrogate gradients of
 * §8 against central finite differences of the surrogates themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "algorithms/oco/bases.h"
#include "oco/rng.h"
#include "oco/universal.h"

static void test_ceil_log2_and_pool(void **st)
{
    (void)st;
    assert_int_equal(oco__ceil_log2(1), 0);
    assert_int_equal(oco__ceil_log2(2), 1);
    assert_int_equal(oco__ceil_log2(3), 2);
    assert_int_equal(oco__ceil_log2(1000), 10);
    assert_int_equal(oco__ceil_log2(1024), 10);
    assert_int_equal(oco__ceil_log2(1025), 11);
    /* T = 1000: {2^j/1000 : j = 0..10} capped at 1 → 0.001, 0.002, ..., 0.512, 1 */
    for (size_t h = 0; h < 11; h++)
        assert_true(oco__pool_value(1000, 11, h) == (h < 10 ? ldexp(1.0, (int)h) / 1000.0 : 1.0));
    /* H = 3 keeps the largest three: 0.256, 0.512, 1 */
    assert_true(oco__pool_value(1000, 3, 0) == 0.256 && oco__pool_value(1000, 3, 2) == 1.0);
    int kind[23];
    double curv[23];
    const int all[3] = {1, 1, 1}, noexp[3] = {1, 0, 1}, none[3] = {0, 0, 0};
    assert_int_equal(oco__pool_fill(1000, 11, all, kind, curv), 23);
    assert_int_equal(kind[0], OCO_BASE_SC);
    assert_int_equal(kind[11], OCO_BASE_EXP);
    assert_int_equal(kind[22], OCO_BASE_CVX);
    assert_true(curv[0] == 0.001 && curv[10] == 1.0 && curv[11] == 0.001 && curv[22] == 0.0);
    assert_int_equal(oco__pool_fill(1000, 2, noexp, kind, curv), 3);
    assert_true(kind[0] == OCO_BASE_SC && curv[0] == 0.512 && curv[1] == 1.0);
    assert_true(kind[2] == OCO_BASE_CVX);
    assert_int_equal(oco__pool_fill(1000, 2, none, kind, curv), 0);
}

static void test_base_setup(void **st)
{
    (void)st;
    oco_learner_setup s = oco_learner_setup_default(), o;
    s.G = 3.0;
    s.D = 2.0;
    s.lambda = 7.0;
    s.alpha = 5.0;
    oco__base_setup(&s, OCO_BASE_SC, 0.25, 1, &o);
    assert_true(o.lambda == 0.25 && o.alpha == 0.0 && o.G == 3.0 + 0.25 * 2.0);
    oco__base_setup(&s, OCO_BASE_SC, 0.25, 0, &o);
    assert_true(o.lambda == 0.25 && o.G == 3.0);
    /* G_exp = G + α G² D = 3 + 0.5·9·2 = 12 (> G + GD = 9: §3.3's case αG > 1) */
    oco__base_setup(&s, OCO_BASE_EXP, 0.5, 1, &o);
    assert_true(o.alpha == 0.5 && o.lambda == 0.0 && o.G == 12.0);
    oco__base_setup(&s, OCO_BASE_CVX, 0.0, 1, &o);
    assert_true(o.alpha == 0.0 && o.lambda == 0.0 && o.G == 3.0);
}

/* h^sc(x) = ⟨g, x⟩ + (λ/2)‖x − x_t‖², h^exp(x) = ⟨g, x⟩ + (α/2)⟨g, x − x_t⟩² */
static double surrogate(int kind, double c, const double *g, const double *xt, const double *x,
                        size_t d)
{
    double lin = 0.0, q = 0.0, gd = 0.0;
    for (size_t j = 0; j < d; j++) {
        lin += g[j] * x[j];
        q += (x[j] - xt[j]) * (x[j] - xt[j]);
        gd += g[j] * (x[j] - xt[j]);
    }
    if (kind == OCO_BASE_SC)
        return lin + 0.5 * c * q;
    if (kind == OCO_BASE_EXP)
        return lin + 0.5 * c * gd * gd;
    return lin;
}

static void test_surrogate_grad_finite_differences(void **st)
{
    (void)st;
    enum { d = 4 };
    oco_rng rng;
    oco_rng_seed(&rng, 2024, 4);
    double worst = 0.0;
    for (int rep = 0; rep < 50; rep++) {
        double g[d], xt[d], xi[d], out[d];
        for (size_t j = 0; j < d; j++) {
            g[j] = oco_rng_uniform_range(&rng, -1, 1);
            xt[j] = oco_rng_uniform_range(&rng, -1, 1);
            xi[j] = oco_rng_uniform_range(&rng, -1, 1);
        }
        double gdiff = 0.0;
        for (size_t j = 0; j < d; j++)
            gdiff += g[j] * (xi[j] - xt[j]);
        for (int kind = OCO_BASE_SC; kind <= OCO_BASE_CVX; kind++) {
            double c = kind == OCO_BASE_CVX ? 0.0 : oco_rng_uniform(&rng);
            oco__surrogate_grad(kind, c, g, xi, xt, gdiff, d, out);
            for (size_t j = 0; j < d; j++) {
                const double hs = 1e-5;
                double xp[d], xm[d];
                memcpy(xp, xi, sizeof xp);
                memcpy(xm, xi, sizeof xm);
                xp[j] += hs;
                xm[j] -= hs;
                double fd = (surrogate(kind, c, g, xt, xp, d) - surrogate(kind, c, g, xt, xm, d)) /
                            (2 * hs);
                worst = fmax(worst, fabs(fd - out[j]));
            }
        }
    }
    /* quadratics: central differences are exact up to rounding (~1e-11) */
    assert_true(worst <= 1e-8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ceil_log2_and_pool),
        cmocka_unit_test(test_base_setup),
        cmocka_unit_test(test_surrogate_grad_finite_differences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
