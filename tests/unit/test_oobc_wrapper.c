/* The OOBC protocol's wrapper, plain types and layer adapter
 * (include/oco/oobc.h, src/algorithms/oobc/{oobc,oobc_types,layer}.c):
 *   - begin/decide state errors, bad budgets and contexts, budget below
 *     N·reserve refused; the remaining budget, step count and episode loss
 *     recomputed here;
 *   - bad policies (test types that overspend, leave the box, return NaN)
 *     caught with OCO_ESOLVER, which ends the episode;
 *   - oco_oobc_check: setup, training sample, single-budget, params;
 *     registry lookup;
 *   - class and data checks, data new/slice errors;
 *   - layer adapter: the general interior-point path on the fairness class
 *     (layer = NULL) against its closed form (x, ∂x/∂λ, ∂x/∂b) away from
 *     kinks; ∂x/∂λ, ∂x/∂b of the general path against central finite
 *     differences on the 2-resource quadratic class; the budget-free path
 *     (b = +∞) against a slack finite budget; argument errors; infeasible
 *     guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oobc/layer.h"
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/rng.h"
#include "oobc_test_classes.h"

#define assert_near(x, ref, tol)                                                               \
    do {                                                                                       \
        double x_ = (x), r_ = (ref);                                                           \
        if (!(fabs(x_ - r_) <= (tol))) {                                                       \
            print_error("%s = %.17g, expected %.17g (tol %g)\n", #x, x_, r_, (double)(tol));   \
            fail();                                                                            \
        }                                                                                      \
    } while (0)

/* ---- test policies: mode 0 x = x_safe, 1 x = hi (overspends a small budget),
 * 2 x = hi + 1 (outside the box), 3 NaN, 4 the decide fails ---------------- */
typedef struct {
    const oco_oobc_class *cls;
    int mode;
} tp_state;

static void *tp_create(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    tp_state *st = malloc(sizeof *st);
    if (!st)
        return NULL;
    st->cls = s->cls;
    st->mode = (int)oco_params_get(NULL, 0, p, np, "mode");
    return st;
}
static int tp_begin(void *state, const double *B)
{
    (void)state;
    (void)B;
    return 0;
}
static int tp_decide(void *state, size_t t, const double *c, const double *b,
                     const double *b_eff, double *x)
{
    (void)t;
    (void)c;
    (void)b;
    (void)b_eff;
    const tp_state *s = state;
    for (size_t j = 0; j < s->cls->d; ++j)
        x[j] = s->mode == 0   ? s->cls->x_safe[j]
               : s->mode == 1 ? s->cls->hi[j]
               : s->mode == 2 ? s->cls->hi[j] + 1
                              : NAN;
    return s->mode == 4 ? oco_set_error(OCO_ESOLVER, "test policy: failed") : 0;
}
static void tp_destroy(void *state) { free(state); }

static const oco_param_spec tp_params[] = {{"mode", 0, "0", "test behaviour", "D"}};
static const oco_oobc_type tp_type = {
    .info = {.name = "test-policy",
             .protocol = OCO_PROTOCOL_OOBC,
             .summary = "",
             .source = "",
             .derived = "",
             .params = tp_params,
             .nparams = 1,
             .flags = 0},
    .needs = 0,
    .create = tp_create,
    .begin = tp_begin,
    .decide = tp_decide,
    .destroy = tp_destroy,
};

static oco_oobc *tp_new(const oco_oobc_class *k, size_t N, int mode)
{
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = k;
    s.N = N;
    const oco_param p[] = {{"mode", mode}};
    oco_oobc *a = oco_oobc_new(&tp_type, &s, p, 1);
    assert_non_null(a);
    return a;
}

static void test_state_errors(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    oco_oobc *a = tp_new(&k, 3, 0);
    double x, c = 0.5, B = 30;
    assert_int_equal(oco_oobc_decide(a, &c, &x), OCO_ESTATE);
    assert_int_equal(oco_oobc_begin(NULL, &B), OCO_EINVAL);
    assert_int_equal(oco_oobc_begin(a, NULL), OCO_EINVAL);
    const double bad[] = {0.0, -1.0, NAN, INFINITY, 2.9};
    for (int i = 0; i < 5; ++i)
        assert_int_equal(oco_oobc_begin(a, &bad[i]), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "reserve")); /* 2.9 < N·reserve = 3 */
    const double exact = 3.0;
    assert_int_equal(oco_oobc_begin(a, &exact), 0); /* N·reserve itself is fine */
    assert_int_equal(oco_oobc_begin(a, &B), 0);
    const double nanc = NAN;
    assert_int_equal(oco_oobc_decide(a, &nanc, &x), OCO_EINVAL);
    assert_int_equal(oco_oobc_decide(a, NULL, &x), OCO_EINVAL);
    for (int t = 0; t < 3; ++t) {
        assert_int_equal(oco_oobc_decide(a, &c, &x), 0);
        assert_int_equal(oco_oobc_step(a), (size_t)t + 1);
        assert_near(oco_oobc_remaining(a)[0], 30.0 - (t + 1), 1e-14);
        assert_near(oco_oobc_episode_loss(a), 0.0, 1e-14); /* −c log 1 = 0 */
    }
    assert_int_equal(oco_oobc_decide(a, &c, &x), OCO_ESTATE); /* past step N */
    assert_int_equal(oco_oobc_multiplier(a, &x), OCO_EINVAL);  /* no hook */
    assert_true(oco_oobc_get_type(a) == &tp_type);
    assert_int_equal(oco_oobc_get_setup(a)->N, 3);
    assert_true(oco_oobc_memory(a) > 0);
    oco_oobc_free(a);
    oco_oobc_free(NULL);
}

static void test_bad_policies(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1), q = tc_quad();
    double x[2], c[2] = {0.5, 0.5};
    for (int mode = 1; mode <= 4; ++mode) {
        oco_oobc *a = tp_new(&k, 4, mode);
        const double B = 10; /* x = 40 overspends */
        assert_int_equal(oco_oobc_begin(a, &B), 0);
        assert_int_equal(oco_oobc_decide(a, c, x), OCO_ESOLVER);
        assert_int_equal(oco_oobc_decide(a, c, x), OCO_ESTATE); /* the episode is over */
        assert_near(oco_oobc_remaining(a)[0], 10.0, 0);          /* nothing drawn */
        oco_oobc_free(a);
    }
    /* quad2: x = hi overspends resource 1 (g_1(hi) = 4.5 > B_1 = 1) */
    oco_oobc *a = tp_new(&q, 2, 1);
    const double B[2] = {1.0, 100.0};
    assert_int_equal(oco_oobc_begin(a, B), 0);
    assert_int_equal(oco_oobc_decide(a, c, x), OCO_ESOLVER);
    assert_non_null(strstr(oco_last_error(), "strict budget"));
    oco_oobc_free(a);
    /* x = hi fits a large budget: accepted */
    a = tp_new(&k, 2, 1);
    const double Bk = 80;
    assert_int_equal(oco_oobc_begin(a, &Bk), 0);
    assert_int_equal(oco_oobc_decide(a, c, x), 0);
    assert_int_equal(oco_oobc_decide(a, c, x), 0);
    assert_near(oco_oobc_remaining(a)[0], 0.0, 0);
    assert_near(oco_oobc_episode_loss(a), -2 * 0.5 * log(40.0), 1e-14);
    oco_oobc_free(a);
}

static void test_check(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1), q = tc_quad();
    oco_oobc_setup s = oco_oobc_setup_default();
    assert_int_equal(oco_oobc_check(NULL, &s, NULL, 0), OCO_EINVAL);
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, NULL, NULL, 0), OCO_EINVAL);
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, NULL, 0), OCO_EINVAL); /* no class */
    s.cls = &k;
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, NULL, 0), OCO_EINVAL); /* N = 0 */
    s.N = 5;
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, NULL, 0), 0);
    assert_int_equal(oco_oobc_check(oco_oobc_avg_lt, &s, NULL, 0), OCO_EINVAL); /* no sample */
    assert_non_null(strstr(oco_last_error(), "training"));
    oco_oobc_data *d4 = tc_data(&k, 3, 4, 1), *dq = tc_data(&q, 3, 5, 1);
    s.train = d4;
    assert_int_equal(oco_oobc_check(oco_oobc_avg_lt, &s, NULL, 0), OCO_EINVAL); /* N differs */
    s.train = dq;
    assert_int_equal(oco_oobc_check(oco_oobc_avg_lt, &s, NULL, 0), OCO_EINVAL); /* M, p differ */
    s.cls = &q;
    assert_int_equal(oco_oobc_check(oco_oobc_avg_lt, &s, NULL, 0), 0);
    assert_int_equal(oco_oobc_check(oco_oobc_cr_pursuit, &s, NULL, 0), OCO_EINVAL); /* M = 2 */
    const oco_param unk[] = {{"nope", 1}};
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, unk, 1), OCO_EINVAL);
    assert_int_equal(oco_oobc_check(oco_oobc_dgd, &s, NULL, 1), OCO_EINVAL);
    assert_null(oco_oobc_new(oco_oobc_dgd, &s, unk, 1));
    /* registry */
    assert_true(oco_oobc_find("dgd") == oco_oobc_dgd);
    assert_true(oco_oobc_find("avg-lt") == oco_oobc_avg_lt);
    assert_true(oco_oobc_find("cr-pursuit") == oco_oobc_cr_pursuit);
    assert_null(oco_oobc_find("nope"));
    assert_int_equal(oco_last_error_code(), OCO_ENOTFOUND);
    const oco_algo_info *other = NULL;
    for (size_t i = 0; i < oco_algo_count() && !other; ++i)
        if (oco_algo_at(i)->protocol != OCO_PROTOCOL_OOBC)
            other = oco_algo_at(i);
    assert_null(oco_oobc_type_from_info(other));
    assert_null(oco_oobc_new((const oco_oobc_type *)(const void *)other, &s, NULL, 0));
    oco_oobc_data_free(d4);
    oco_oobc_data_free(dq);
}

static void test_class_check(void **st)
{
    (void)st;
    assert_int_equal(oco_oobc_class_check(NULL), OCO_EINVAL);
    oco_oobc_class k = tc_fair(1);
    assert_int_equal(oco_oobc_class_check(&k), 0);
    const double lo2[1] = {40}, out[1] = {50}, neg[1] = {-1}, big[1] = {20};
    oco_oobc_class b;
    b = k, b.name = NULL;
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.d = 0;
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.lo = lo2; /* lo = hi */
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.x_safe = out;
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.reserve = neg;
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.reserve = big; /* above budget_lo = 10 */
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.loss = NULL;
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
    b = k, b.budget_hi = NULL;
    assert_int_equal(oco_oobc_class_check(&b), OCO_EINVAL);
}

/* not inlined: gcc 12's -Warray-bounds misreads the label of a struct
 * returned by the inline tc_data */
__attribute__((noinline)) static void set_label(oco_oobc_data *d, const char *s)
{
    snprintf(d->label, sizeof d->label, "%s", s);
}

static void test_data(void **st)
{
    (void)st;
    oco_oobc_class k = tc_fair(1);
    assert_null(oco_oobc_data_new(3, 0, 1, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_oobc_data_new(SIZE_MAX / 2, 4, 1, 1));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    oco_oobc_data *e = oco_oobc_data_new(0, 4, 1, 1); /* empty is a valid container */
    assert_non_null(e);
    oco_oobc_data_free(e);
    oco_oobc_data *d = tc_data(&k, 10, 4, 2);
    assert_non_null(d);
    set_label(d, "test");
    assert_int_equal(oco_oobc_data_check(d, &k, 4), 0);
    assert_int_equal(oco_oobc_data_check(d, &k, 0), 0);
    assert_int_equal(oco_oobc_data_check(d, &k, 5), OCO_EINVAL);
    assert_int_equal(oco_oobc_data_check(NULL, &k, 4), OCO_EINVAL);
    oco_oobc_class q = tc_quad();
    assert_int_equal(oco_oobc_data_check(d, &q, 4), OCO_EINVAL);
    oco_oobc_data *s = oco_oobc_data_slice(d, 3, 4);
    assert_non_null(s);
    assert_int_equal(s->n, 4);
    assert_string_equal(s->label, "test");
    assert_true(s->B[0] == d->B[3] && s->c[4 * 4 - 1] == d->c[7 * 4 - 1]);
    oco_oobc_data_free(s);
    assert_null(oco_oobc_data_slice(d, 8, 3));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_oobc_data_slice(NULL, 0, 1));
    s = oco_oobc_data_slice(d, 10, 0);
    assert_non_null(s);
    oco_oobc_data_free(s);
    d->c[13] = NAN;
    assert_int_equal(oco_oobc_data_check(d, &k, 4), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "episode 4"));
    d->c[13] = 0.5;
    d->B[2] = 0;
    assert_int_equal(oco_oobc_data_check(d, &k, 4), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "episode 3"));
    oco_oobc_data_free(d);
    oco_oobc_data_free(NULL);
}

/* ---- the layer adapter ------------------------------------------------------------ */
static void test_layer_general_vs_closed(void **st)
{
    (void)st;
    oco_oobc_class kc = tc_fair(1), kg = tc_fair(0);
    oco__oobc_lws *wc = oco__oobc_lws_new(&kc), *wg = oco__oobc_lws_new(&kg);
    assert_non_null(wc);
    assert_non_null(wg);
    oco_rng r;
    oco_rng_seed(&r, 31, 0);
    int n[4] = {0, 0, 0, 0};
    double worst_x = 0, worst_d = 0;
    for (int it = 0; it < 400; ++it) {
        const double c = oco_rng_uniform_range(&r, 0.1, 1.0);
        const double lam = exp(oco_rng_uniform_range(&r, log(0.004), log(0.5)));
        const double b = oco_rng_uniform_range(&r, 1.5, 80.0);
        const double u = c / lam;
        /* away from kinks: c/λ off 1, 40 and b by 1% */
        if (fabs(u - 1) < 0.01 * u || fabs(u - 40) < 0.01 * u || fabs(u - b) < 0.01 * u ||
            fabs(b - 40) < 0.01 * b)
            continue;
        double xc, xg, lc, lg, bc, bg;
        assert_int_equal(oco__oobc_lws_solve(wc, &c, &lam, &b, NULL, &xc, &lc, &bc), 0);
        assert_int_equal(oco__oobc_lws_solve(wg, &c, &lam, &b, NULL, &xg, &lg, &bg), 0);
        oco__fair_out o;
        oco__fair_layer(c, lam, b, 1, 40, &o);
        n[o.regime]++;
        worst_x = fmax(worst_x, fabs(xg - xc) / xc);
        worst_d = fmax(worst_d, fmax(fabs(lg - lc) / fmax(1, fabs(lc)), fabs(bg - bc)));
        assert_near(xg, xc, 1e-6 * xc);
        assert_near(lg, lc, 1e-4 * fmax(1, fabs(lc)));
        assert_near(bg, bc, 1e-4);
    }
    print_message("general vs closed form: interior %d, budget %d, box-lo %d, box-hi %d; "
                  "max rel |dx| %.3g, max |d deriv| %.3g\n",
                  n[0], n[1], n[2], n[3], worst_x, worst_d);
    for (int i = 0; i < 4; ++i)
        assert_true(n[i] >= 10);
    oco__oobc_lws_free(wc);
    oco__oobc_lws_free(wg);
}

static void test_layer_fd_quad(void **st)
{
    (void)st;
    oco_oobc_class k = tc_quad();
    oco__oobc_lws *w = oco__oobc_lws_new(&k);
    assert_non_null(w);
    oco_rng r;
    oco_rng_seed(&r, 37, 0);
    int checked = 0, active = 0;
    const double h = 1e-5;
    for (int it = 0; it < 200; ++it) {
        const double c[2] = {oco_rng_uniform(&r), oco_rng_uniform(&r)};
        double lam[2] = {oco_rng_uniform_range(&r, 0, 1), oco_rng_uniform_range(&r, 0, 1)};
        double b[2] = {oco_rng_uniform_range(&r, 0.5, 4), oco_rng_uniform_range(&r, 0.3, 3)};
        double x[2], dl[4], db[4];
        assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, x, dl, db), 0);
        double g[2];
        tcq_use(&k, c, x, g, NULL, NULL);
        for (int m = 0; m < 2; ++m) {
            if (!(g[m] <= b[m]))
                fail_msg("g_%d = %.17g > b = %.17g", m, g[m], b[m]);
        }
        /* FD for each of the 4 parameters; a kink shows as one-sided
         * differences that disagree, then the case is skipped */
        int kink = 0;
        double fd[2][4];
        for (int q = 0; q < 4 && !kink; ++q) {
            double *v = q < 2 ? &lam[q] : &b[q - 2], save = *v, xp[2], xm[2], x0[2];
            *v = save + h;
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, xp, NULL, NULL), 0);
            *v = save - h;
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, xm, NULL, NULL), 0);
            *v = save;
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, x0, NULL, NULL), 0);
            for (int j = 0; j < 2; ++j) {
                const double fwd = (xp[j] - x0[j]) / h, bwd = (x0[j] - xm[j]) / h;
                if (fabs(fwd - bwd) > 1e-3 * fmax(1, fabs(fwd)))
                    kink = 1;
                fd[j][q] = (xp[j] - xm[j]) / (2 * h);
            }
        }
        if (kink)
            continue;
        ++checked;
        active += g[0] > b[0] - 1e-6 || g[1] > b[1] - 1e-6;
        for (int j = 0; j < 2; ++j)
            for (int q = 0; q < 4; ++q) {
                const double an = q < 2 ? dl[j + 2 * q] : db[j + 2 * (q - 2)];
                assert_near(an, fd[j][q], 1e-4 * fmax(1, fabs(fd[j][q])));
            }
    }
    print_message("quad2 derivatives vs central FD: %d points (%d budget-active)\n", checked,
                  active);
    assert_true(checked >= 50);
    assert_true(active >= 10);
    oco__oobc_lws_free(w);
}

static void test_layer_budget_free(void **st)
{
    (void)st;
    oco_oobc_class ks[3] = {tc_fair(1), tc_fair(0), tc_quad()};
    oco_rng r;
    oco_rng_seed(&r, 41, 0);
    for (int ci = 0; ci < 3; ++ci) {
        const oco_oobc_class *k = &ks[ci];
        oco__oobc_lws *w = oco__oobc_lws_new(k);
        assert_non_null(w);
        const double inf[2] = {INFINITY, INFINITY}, slack[2] = {1e4, 1e4};
        for (int it = 0; it < 50; ++it) {
            double c[2], lam[2], xa[2], xb[2];
            for (size_t m = 0; m < 2; ++m) {
                c[m] = oco_rng_uniform_range(&r, 0.05, 1);
                lam[m] = oco_rng_uniform_range(&r, 0, 0.5);
            }
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, inf, NULL, xa, NULL, NULL), 0);
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, slack, NULL, xb, NULL, NULL), 0);
            for (size_t j = 0; j < k->d; ++j) {
                assert_true(xa[j] >= k->lo[j] - 1e-12 && xa[j] <= k->hi[j] + 1e-12);
                assert_near(xa[j], xb[j], 1e-6 * fmax(1, fabs(xb[j])));
            }
            if (ci == 0) { /* closed form: clip(c/λ, 1, 40) */
                const double u = lam[0] > 0 ? c[0] / lam[0] : INFINITY;
                assert_near(xa[0], u < 1 ? 1 : (u > 40 ? 40 : u), 1e-12);
            }
        }
        if (k->M == 2) {
            const double mixed[2] = {INFINITY, 1.0};
            double x[2], dl[4], c[2] = {0.5, 0.5}, lam[2] = {0.1, 0.1};
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, mixed, NULL, x, NULL, NULL),
                             OCO_EINVAL);
            assert_int_equal(oco__oobc_lws_solve(w, c, lam, inf, NULL, x, dl, NULL), OCO_EINVAL);
        }
        oco__oobc_lws_free(w);
    }
}

static void test_layer_errors(void **st)
{
    (void)st;
    oco_oobc_class k = tc_quad();
    oco__oobc_lws *w = oco__oobc_lws_new(&k);
    double x[2], c[2] = {0.5, 0.5}, lam[2] = {-0.1, 0}, b[2] = {1, 1};
    assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, x, NULL, NULL), OCO_EINVAL);
    lam[0] = 0;
    b[1] = NAN;
    assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, x, NULL, NULL), OCO_EINVAL);
    b[1] = 0.01; /* below g_2(x_safe) = 0.055: infeasible, x = x_safe */
    assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, x, NULL, NULL), OCO_EINFEASIBLE);
    assert_true(x[0] == k.x_safe[0] && x[1] == k.x_safe[1]);
    /* exhausted: no room beyond x_safe (b_2 = g_2(x_safe) exactly), the
     * budget set has no interior: x_safe and zero derivatives, no failure */
    double gs[2], dl[4], db[4];
    assert_int_equal(k.use(&k, c, k.x_safe, gs, NULL, NULL), 0);
    b[1] = gs[1];
    lam[1] = 0.3;
    assert_int_equal(oco__oobc_lws_solve(w, c, lam, b, NULL, x, dl, db), 0);
    assert_true(x[0] == k.x_safe[0] && x[1] == k.x_safe[1]);
    for (int i = 0; i < 4; ++i)
        assert_true(dl[i] == 0 && db[i] == 0);
    assert_int_equal(oco__oobc_lws_solve(NULL, c, lam, b, NULL, x, NULL, NULL), OCO_EINVAL);
    assert_true(oco__oobc_lws_memory(w) > 0);
    oco__oobc_lws_free(w);
    oco__oobc_lws_free(NULL);
    k.d = 0;
    assert_null(oco__oobc_lws_new(&k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_errors),
        cmocka_unit_test(test_bad_policies),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_class_check),
        cmocka_unit_test(test_data),
        cmocka_unit_test(test_layer_general_vs_closed),
        cmocka_unit_test(test_layer_fd_quad),
        cmocka_unit_test(test_layer_budget_free),
        cmocka_unit_test(test_layer_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
