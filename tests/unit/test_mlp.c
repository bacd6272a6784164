/* Tests of src/algorithms/ml/mlp (the MLP and Adam of LAAU, seed 000 §4,
 * olp_laau.md §2.2–2.3), each against an oracle independent of the code:
 *   - forward: a 2-2-1 tanh net evaluated by hand (closed form);
 *     inference without cache bit-identical to the cached pass;
 *   - reverse mode: ∂L/∂θ for every parameter and ∂L/∂in for every input
 *     vs central finite differences (h = 1e-6, tolerance 1e-7·max(1, |g|)),
 *     L = wᵀ f_θ(in) with random w, each activation, nets 3-4-3-2 and
 *     3-2 (no hidden layer); for relu an entry whose ±h perturbation flips
 *     a unit across its kink is skipped (few allowed); the gradient is
 *     ADDED (two calls give twice);
 *   - Adam: the first two steps against values worked out by hand from
 *     Kingma & Ba's update (bias-corrected m̂, v̂);
 *   - output maps: softplus / sigmoid at z = ±800 finite, exact limits,
 *     softplus_inv ∘ softplus = id, sigmoid(z) + sigmoid(−z) = 1;
 *   - forward / backward / adam allocate nothing (alloc_count.h).
 * Fixed RNG seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "algorithms/ml/mlp.h"
#include "oco/error.h"
#include "oco/rng.h"

static void test_init_shape(void **state)
{
    (void)state;
    oco__mlp net;
    size_t h[2] = {10, 10};
    assert_int_equal(oco__mlp_init(&net, 3, 2, h, 1, OCO_MLP_TANH), 0);
    assert_int_equal(net.nlayers, 3);
    assert_int_equal(net.nparams, 10 * 4 + 10 * 11 + 1 * 11);
    assert_int_equal(net.max_width, 10);
    assert_int_equal(oco__mlp_cache_size(&net), (3 + 10 + 10) + (10 + 10 + 1));
    size_t bad[2] = {10, 0};
    assert_int_equal(oco__mlp_init(&net, 3, 2, bad, 1, OCO_MLP_TANH), OCO_EINVAL);
    assert_int_equal(oco__mlp_init(&net, 0, 2, h, 1, OCO_MLP_TANH), OCO_EINVAL);
    assert_int_equal(oco__mlp_init(&net, 3, 2, h, 0, OCO_MLP_TANH), OCO_EINVAL);
    assert_int_equal(oco__mlp_init(&net, 3, OCO_OOBC_MODEL_MAX_HIDDEN + 1, h, 1, OCO_MLP_TANH),
                     OCO_EINVAL);
    assert_int_equal(oco__mlp_init(&net, 3, 2, h, 1, (oco_mlp_activation)7), OCO_EINVAL);
    assert_int_equal(oco__mlp_init(&net, 3, 0, NULL, 2, OCO_MLP_RELU), 0);
    assert_int_equal(net.nparams, 2 * 4);
}

static void test_glorot(void **state)
{
    (void)state;
    oco__mlp net;
    size_t h[1] = {50};
    assert_int_equal(oco__mlp_init(&net, 30, 1, h, 20, OCO_MLP_TANH), 0);
    double *th = malloc(net.nparams * sizeof *th);
    oco_rng r;
    oco_rng_seed(&r, 5, 0);
    oco__mlp_init_params(&net, th, &r);
    /* Layer 0: W 50×30 within ±sqrt(6/80), mean square ≈ lim²/3; β zero. */
    double lim = sqrt(6.0 / 80.0), ss = 0.0, mx = 0.0;
    for (size_t i = 0; i < 1500; i++) {
        ss += th[i] * th[i];
        mx = fmax(mx, fabs(th[i]));
    }
    assert_true(mx <= lim && mx > 0.95 * lim);
    assert_true(fabs(ss / 1500 - lim * lim / 3) < 0.1 * lim * lim / 3);
    for (size_t i = 1500; i < 1550; i++)
        assert_true(th[i] == 0.0);
    double lim1 = sqrt(6.0 / 70.0);
    for (size_t i = 1550; i < 1550 + 1000; i++)
        assert_true(fabs(th[i]) <= lim1);
    for (size_t i = 2550; i < 2570; i++)
        assert_true(th[i] == 0.0);
    assert_int_equal(net.nparams, 2570);
    /* Same seed, same weights. */
    double *th2 = malloc(net.nparams * sizeof *th2);
    oco_rng_seed(&r, 5, 0);
    oco__mlp_init_params(&net, th2, &r);
    assert_memory_equal(th, th2, net.nparams * sizeof *th);
    free(th);
    free(th2);
}

static void test_forward_by_hand(void **state)
{
    (void)state;
    oco__mlp net;
    size_t h[1] = {2};
    assert_int_equal(oco__mlp_init(&net, 2, 1, h, 1, OCO_MLP_TANH), 0);
    /* W0 = [[1, 2], [−1, 0.5]], β0 = [0.1, −0.2], W1 = [3, −4], β1 = 0.5 */
    double th[9] = {1, 2, -1, 0.5, 0.1, -0.2, 3, -4, 0.5};
    double in[2] = {0.3, -0.7}, out, cache[2 + 2 + 2 + 1], work[4];
    double a1 = tanh(0.3 - 1.4 + 0.1), a2 = tanh(-0.3 - 0.35 - 0.2);
    double want = 3 * a1 - 4 * a2 + 0.5;
    oco__mlp_forward(&net, th, in, &out, cache, NULL);
    assert_true(fabs(out - want) <= 1e-15 * fabs(want) + 1e-15);
    double out2;
    oco__mlp_forward(&net, th, in, &out2, NULL, work);
    assert_memory_equal(&out, &out2, sizeof out);
    /* dL/d in for L = out, by hand: Σ_i W1_i (1 − a_i²) W0_{i,:} */
    double din[2], g[9] = {0}, dout = 1.0;
    oco__mlp_backward(&net, th, cache, &dout, g, din, work);
    double s1 = 3 * (1 - a1 * a1), s2 = -4 * (1 - a2 * a2);
    assert_true(fabs(din[0] - (s1 * 1 + s2 * -1)) < 1e-14);
    assert_true(fabs(din[1] - (s1 * 2 + s2 * 0.5)) < 1e-14);
    assert_true(fabs(g[8] - 1.0) < 1e-15 && fabs(g[6] - a1) < 1e-15 && fabs(g[7] - a2) < 1e-15);
}

/* L(θ, in) = wᵀ f_θ(in) */
static double loss_of(const oco__mlp *net, const double *th, const double *in, const double *w,
                      double *work)
{
    double out[8];
    oco__mlp_forward(net, th, in, out, NULL, work);
    double s = 0.0;
    for (size_t i = 0; i < net->sizes[net->nlayers]; i++)
        s += w[i] * out[i];
    return s;
}

/* Signs of every pre-activation (relu kink detection). */
static void pattern(const oco__mlp *net, const double *th, const double *in, double *cache,
                    unsigned char *pat)
{
    double out[8];
    oco__mlp_forward(net, th, in, out, cache, NULL);
    size_t na = 0, nz = 0;
    for (size_t k = 0; k < net->nlayers; k++) {
        na += net->sizes[k];
        nz += net->sizes[k + 1];
    }
    for (size_t i = 0; i < nz; i++)
        pat[i] = cache[na + i] > 0.0;
}

static int same_pattern(const oco__mlp *net, const double *th, const double *in, double *cache,
                        const unsigned char *p0)
{
    unsigned char p[64];
    pattern(net, th, in, cache, p);
    size_t nz = 0;
    for (size_t k = 0; k < net->nlayers; k++)
        nz += net->sizes[k + 1];
    return memcmp(p, p0, nz) == 0;
}

static void check_grad(size_t nhidden, const size_t *hidden, oco_mlp_activation act,
                       uint64_t seed)
{
    oco__mlp net;
    const size_t nin = 3, nout = 2;
    assert_int_equal(oco__mlp_init(&net, nin, nhidden, hidden, nout, act), 0);
    size_t np = net.nparams, cs = oco__mlp_cache_size(&net);
    double *th = malloc(np * sizeof *th), *g = calloc(np, sizeof *g);
    double *cache = malloc(cs * sizeof *cache), *cache2 = malloc(cs * sizeof *cache2);
    double *work = malloc(2 * net.max_width * sizeof *work);
    oco_rng r;
    oco_rng_seed(&r, seed, 0);
    oco__mlp_init_params(&net, th, &r);
    for (size_t i = 0; i < np; i++) /* non-zero biases too, larger weights */
        th[i] += oco_rng_uniform_range(&r, -0.5, 0.5);
    double in[3], w[2], out[2], din[3];
    for (size_t i = 0; i < nin; i++)
        in[i] = oco_rng_uniform_range(&r, -1.5, 1.5);
    for (size_t i = 0; i < nout; i++)
        w[i] = oco_rng_uniform_range(&r, -2.0, 2.0);
    oco__mlp_forward(&net, th, in, out, cache, NULL);
    oco__mlp_backward(&net, th, cache, w, g, din, work);
    unsigned char p0[64];
    pattern(&net, th, in, cache2, p0);
    const double hstep = 1e-6;
    size_t skipped = 0, checked = 0;
    for (size_t i = 0; i < np + nin; i++) {
        double *v = i < np ? &th[i] : &in[i - np];
        double an = i < np ? g[i] : din[i - np];
        double v0 = *v;
        *v = v0 + hstep;
        int okp = act != OCO_MLP_RELU || same_pattern(&net, th, in, cache2, p0);
        double lp = loss_of(&net, th, in, w, work);
        *v = v0 - hstep;
        int okm = act != OCO_MLP_RELU || same_pattern(&net, th, in, cache2, p0);
        double lm = loss_of(&net, th, in, w, work);
        *v = v0;
        if (!okp || !okm) {
            skipped++;
            continue;
        }
        double fd = (lp - lm) / (2 * hstep);
        double tol = 1e-7 * fmax(1.0, fabs(an));
        if (fabs(fd - an) > tol)
            fail_msg("act %d entry %zu: reverse %.12g vs FD %.12g", (int)act, i, an, fd);
        checked++;
    }
    assert_true(skipped <= 2 && checked + skipped == np + nin);
    /* The gradient is ADDED: a second call doubles it; NULL grad / din allowed. */
    double *g2 = malloc(np * sizeof *g2);
    memcpy(g2, g, np * sizeof *g);
    oco__mlp_backward(&net, th, cache, w, g2, NULL, work);
    for (size_t i = 0; i < np; i++)
        assert_true(fabs(g2[i] - 2 * g[i]) <= 1e-15 * fabs(g[i]) * 4);
    double din2[3];
    oco__mlp_backward(&net, th, cache, w, NULL, din2, work);
    assert_memory_equal(din, din2, sizeof din);
    free(th);
    free(g);
    free(g2);
    free(cache);
    free(cache2);
    free(work);
}

static void test_grad_fd(void **state)
{
    (void)state;
    size_t h[2] = {4, 3};
    const oco_mlp_activation acts[4] = {OCO_MLP_TANH, OCO_MLP_RELU, OCO_MLP_SOFTPLUS,
                                        OCO_MLP_SIGMOID};
    for (int a = 0; a < 4; a++) {
        for (uint64_t s = 1; s <= 3; s++) {
            check_grad(2, h, acts[a], 100 + s);
            check_grad(1, h, acts[a], 200 + s);
        }
    }
    check_grad(0, NULL, OCO_MLP_TANH, 7);
}

static void test_adam_two_steps(void **state)
{
    (void)state;
    /* lr 0.1, β1 0.9, β2 0.999, ε 1e-8. Step 1: m̂ = g, v̂ = g², so
     * θ −= 0.1·g/(|g| + ε). Step 2: m̂ = (0.09 g1 + 0.1 g2)/0.19,
     * v̂ = (0.000999 g1² + 0.001 g2²)/0.001999; e.g. coordinate 0:
     * m̂ = 0.055/0.19, v̂ = 0.00025975/0.001999, θ = 0.9 − 0.1·m̂/(√v̂ + ε). */
    double th[3] = {1.0, -2.0, 0.25}, m[3] = {0}, v[3] = {0};
    const double g1[3] = {0.5, -1.0, 0.0}, g2[3] = {0.1, 2.0, -3.0};
    oco__adam a = {0.9, 0.999, 1e-8, 0};
    oco__adam_update(&a, 3, th, g1, 0.1, m, v);
    assert_int_equal(a.step, 1);
    const double s1[3] = {1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 1.0 / (1.0 + 1e-8), 0.25};
    for (int i = 0; i < 3; i++)
        assert_true(fabs(th[i] - s1[i]) <= 1e-15);
    oco__adam_update(&a, 3, th, g2, 0.1, m, v);
    assert_int_equal(a.step, 2);
    double s2[3];
    for (int i = 0; i < 3; i++) {
        double mh = (0.09 * g1[i] + 0.1 * g2[i]) / 0.19;
        double vh = (0.000999 * g1[i] * g1[i] + 0.001 * g2[i] * g2[i]) / 0.001999;
        s2[i] = s1[i] - 0.1 * mh / (sqrt(vh) + 1e-8);
    }
    /* and the same numbers written out (computed once offline) */
    const double lit[3] = {0.81969590638465184, -1.9366103534720749, 0.32441368200599646};
    for (int i = 0; i < 3; i++) {
        assert_true(fabs(th[i] - s2[i]) <= 1e-13);
        assert_true(fabs(th[i] - lit[i]) <= 1e-13);
    }
}

static void test_output_maps(void **state)
{
    (void)state;
    assert_true(oco__softplus(800.0) == 800.0);
    double sm = oco__softplus(-800.0);
    assert_true(isfinite(sm) && sm >= 0.0 && sm < 1e-300);
    assert_true(oco__sigmoid(800.0) == 1.0);
    double gm = oco__sigmoid(-800.0);
    assert_true(isfinite(gm) && gm >= 0.0 && gm < 1e-300);
    assert_true(fabs(oco__softplus(0.0) - log(2.0)) < 1e-16);
    assert_true(oco__sigmoid(0.0) == 0.5);
    /* relative accuracy in the far tails: softplus(−40) ≈ e^{−40}, σ(−40) ≈ e^{−40} */
    assert_true(fabs(oco__softplus(-40.0) / exp(-40.0) - 1.0) < 1e-15);
    assert_true(fabs(oco__sigmoid(-40.0) / exp(-40.0) - 1.0) < 1e-15);
    for (double z = -30.0; z <= 30.0; z += 0.37) {
        assert_true(fabs(oco__sigmoid(z) + oco__sigmoid(-z) - 1.0) < 1e-15);
        double y = oco__softplus(z);
        assert_true(y > 0.0);
        assert_true(fabs(oco__softplus_inv(y) - z) <= 1e-12 * fmax(1.0, fabs(z)));
        /* softplus' = sigmoid (central FD) */
        double fd = (oco__softplus(z + 1e-6) - oco__softplus(z - 1e-6)) / 2e-6;
        assert_true(fabs(fd - oco__sigmoid(z)) < 1e-8);
    }
    assert_true(fabs(oco__softplus_inv(800.0) - 800.0) < 1e-12);
    assert_true(fabs(oco__softplus_inv(1e-10) - log(1e-10)) < 1e-9);
    assert_true(isfinite(oco__softplus_inv(1e-300)));
}

static void test_no_alloc(void **state)
{
    (void)state;
    SKIP_UNLESS_COUNTING();
    oco__mlp net;
    size_t h[2] = {10, 10};
    assert_int_equal(oco__mlp_init(&net, 3, 2, h, 1, OCO_MLP_TANH), 0);
    size_t np = net.nparams;
    double *th = malloc(np * sizeof *th), *g = calloc(np, sizeof *g);
    double *m = calloc(np, sizeof *m), *v = calloc(np, sizeof *v);
    double *cache = malloc(oco__mlp_cache_size(&net) * sizeof *cache);
    double *work = malloc(2 * net.max_width * sizeof *work);
    oco_rng r;
    oco_rng_seed(&r, 3, 0);
    oco__mlp_init_params(&net, th, &r);
    oco__adam a = {0.9, 0.999, 1e-8, 0};
    double in[3] = {0.5, 0.2, 0.9}, out, dout = 1.0, din[3];
    size_t before = atomic_load(&n_allocs);
    for (int it = 0; it < 100; it++) {
        oco__mlp_forward(&net, th, in, &out, cache, NULL);
        oco__mlp_forward(&net, th, in, &out, NULL, work);
        oco__mlp_backward(&net, th, cache, &dout, g, din, work);
        oco__adam_update(&a, np, th, g, 1e-3, m, v);
        (void)oco__softplus(out);
        (void)oco__sigmoid(out);
    }
    assert_int_equal(atomic_load(&n_allocs) - before, 0);
    free(th);
    free(g);
    free(m);
    free(v);
    free(cache);
    free(work);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_shape),     cmocka_unit_test(test_glorot),
        cmocka_unit_test(test_forward_by_hand), cmocka_unit_test(test_grad_fd),
        cmocka_unit_test(test_adam_two_steps), cmocka_unit_test(test_output_maps),
        cmocka_unit_test(test_no_alloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
