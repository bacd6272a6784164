/* Loss families of include/oco/losses.h: the hindsight comparator against a
 * brute-force grid on d = 2 (every family × ball/box/simplex), V_T against a
 * brute-force sup over the same grid (exact families: equal up to the grid
 * resolution; bounds: never below), the closed-form linear comparator against
 * the generic QP, the drift construction, rewind reproducibility, the G
 * bounds, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain_grid.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/losses.h"
#include "problems/oco_losses_impl.h"
#include "solvers/qp_domain.h"

static void check_family(oco_loss_kind kind, oco_domain *dom, size_t T, double *worst_gap)
{
    oco_loss_opts o = oco_loss_opts_default();
    o.kind = kind;
    o.d = 2;
    o.T = T;
    o.seed = 11;
    o.delta = 0.3;
    o.noise = kind == OCO_LOSS_LOGISTIC ? 0.2 : 0.1;
    oco_loss_seq *s = oco_loss_seq_new(&o, dom);
    assert_non_null(s);
    enum { CAP = 16000 };
    double *pts = malloc(2 * CAP * sizeof *pts);
    size_t n = grid_points(dom, pts, CAP, 20, 720, 120);
    double *F = calloc(n, sizeof *F), *gprev = calloc(2 * n, sizeof *gprev);
    double vt_brute = 0, G = oco_loss_seq_info(s)->G;
    while (oco_loss_seq_next(s) == OCO_OK) {
        size_t t = oco_loss_seq_round(s);
        double best = 0;
        for (size_t k = 0; k < n; ++k) {
            double g[2], v;
            assert_int_equal(oco_loss_seq_eval(s, pts + 2 * k, g, &v), 0);
            F[k] += v;
            assert_true(oco_nrm2(g, 2) <= G * (1 + 1e-12)); /* info.G is valid */
            if (t >= 2) {
                double e0 = g[0] - gprev[2 * k], e1 = g[1] - gprev[2 * k + 1];
                best = fmax(best, e0 * e0 + e1 * e1);
            }
            gprev[2 * k] = g[0];
            gprev[2 * k + 1] = g[1];
        }
        vt_brute += best;
    }
    double xs[2];
    oco_loss_hindsight h;
    assert_int_equal(oco_loss_seq_hindsight(s, xs, &h), 0);
    assert_true(oco_domain_contains(dom, xs, 1e-12));
    double fmin = INFINITY;
    for (size_t k = 0; k < n; ++k)
        fmin = fmin < F[k] ? fmin : F[k];
    /* F* is below every grid point (up to the certified gap) and not far
     * above the best one (grid resolution). */
    assert_true(h.comparator <= fmin + h.gap + 1e-9 * fabs(fmin));
    /* F* is the sum at x* (independent replay), and no feasible point of a
     * fine local grid around x* does better. */
    double fx = 0, loc[2];
    oco_loss_seq_rewind(s);
    while (oco_loss_seq_next(s) == OCO_OK) {
        double v;
        oco_loss_seq_eval(s, xs, NULL, &v);
        fx += v;
    }
    assert_true(fabs(fx - h.comparator) <= 1e-12 * (1 + fabs(fx)));
    for (int i = -50; i <= 50; ++i)
        for (int j = -50; j <= 50; ++j) {
            loc[0] = xs[0] + 4e-4 * i;
            loc[1] = xs[1] + 4e-4 * j;
            if (oco_domain_get_kind(dom) == OCO_DOMAIN_SIMPLEX) {
                if (j != 0)
                    continue;
                loc[1] = 1 - loc[0];
            }
            if (!oco_domain_contains(dom, loc, 0))
                continue;
            double fl = 0;
            oco_loss_seq_rewind(s);
            while (oco_loss_seq_next(s) == OCO_OK) {
                double v;
                oco_loss_seq_eval(s, loc, NULL, &v);
                fl += v;
            }
            assert_true(h.comparator <= fl + h.gap + 1e-12 * (1 + fabs(fl)));
        }
    *worst_gap = fmax(*worst_gap, h.gap);
    /* V_T: never below the brute-force sup; equal up to grid resolution when
     * exact */
    assert_true(h.VT >= vt_brute * (1 - 1e-12) - 1e-12);
    if (h.vt_exact)
        assert_true(h.VT <= vt_brute * (1 + 2e-3) + 1e-9);
    free(pts);
    free(F);
    free(gprev);
    oco_loss_seq_free(s);
}

static void test_comparator_and_vt_grid(void **st)
{
    (void)st;
    oco_domain *doms[3] = {oco_domain_ball(2, 1.0), oco_domain_box_uniform(2, -1, 0.5),
                           oco_domain_simplex(2)};
    oco_loss_kind kinds[] = {OCO_LOSS_QUADRATIC, OCO_LOSS_SQUARED, OCO_LOSS_LINEAR_DRIFT,
                             OCO_LOSS_SIGNS,     OCO_LOSS_LOGISTIC, OCO_LOSS_SWITCH};
    double worst = 0;
    for (int k = 0; k < 3; ++k)
        for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; ++j)
            check_family(kinds[j], doms[k], 40, &worst);
    for (int k = 0; k < 3; ++k)
        oco_domain_free(doms[k]);
}

/* The closed-form linear comparator equals the generic QP with H = 0, and
 * F* = −R‖Σg‖ (+⟨Σg, c⟩) on the ball (universal.md §12.2 "comparator"). */
static void test_linear_closed_form(void **st)
{
    (void)st;
    size_t d = 5;
    oco_domain *doms[3] = {oco_domain_ball(d, 2.0), oco_domain_box_uniform(d, -1, 3),
                           oco_domain_simplex(d)};
    for (int k = 0; k < 3; ++k) {
        oco_loss_opts o = oco_loss_opts_default();
        o.kind = OCO_LOSS_SIGNS;
        o.d = d;
        o.T = 101;
        o.seed = 5;
        oco_loss_seq *s = oco_loss_seq_new(&o, doms[k]);
        double h[5] = {0}, x[5], xq[5];
        while (oco_loss_seq_next(s) == OCO_OK)
            oco_axpy(1.0, s->cur.v, h, d);
        oco_loss_hindsight hs;
        assert_int_equal(oco_loss_seq_hindsight(s, x, &hs), 0);
        assert_string_equal(hs.method, "closed-form");
        double H[25] = {0};
        oco_qpd *q = oco__qpd_new(doms[k], 0);
        oco__qpd_set_matrix(q, H);
        assert_int_equal(oco__qpd_solve(q, h, xq, NULL), 0);
        assert_true(fabs(oco_dot(h, x, d) - oco_dot(h, xq, d)) <= 1e-12 * (1 + oco_nrm2(h, d)));
        assert_true(fabs(hs.comparator - oco_dot(h, x, d)) <= 1e-12 * (1 + oco_nrm2(h, d)));
        if (k == 0)
            assert_true(fabs(hs.comparator + 2.0 * oco_nrm2(h, d)) <= 1e-12 * oco_nrm2(h, d));
        oco__qpd_free(q);
        oco_loss_seq_free(s);
        oco_domain_free(doms[k]);
    }
}

/* The quadratic comparator is the projection of the mean of z_t (§12.2). */
static void test_quadratic_mean_projection(void **st)
{
    (void)st;
    size_t d = 4;
    oco_domain *dom = oco_domain_ball(d, 0.3);
    oco_loss_opts o = oco_loss_opts_default();
    o.kind = OCO_LOSS_QUADRATIC;
    o.d = d;
    o.T = 500;
    o.spread = 3.0; /* z_t mostly outside X */
    o.lambda = 2.0;
    o.seed = 9;
    oco_loss_seq *s = oco_loss_seq_new(&o, dom);
    double zbar[4] = {0}, x[4];
    while (oco_loss_seq_next(s) == OCO_OK)
        oco_axpy(1.0 / 500, s->cur.v, zbar, d);
    oco_loss_hindsight h;
    assert_int_equal(oco_loss_seq_hindsight(s, x, &h), 0);
    oco_domain_project(dom, zbar);
    for (size_t i = 0; i < d; ++i)
        assert_true(fabs(x[i] - zbar[i]) <= 1e-12);
    assert_true(h.vt_exact);
    oco_loss_seq_free(s);
    oco_domain_free(dom);
}

static void test_drift_and_rewind(void **st)
{
    (void)st;
    size_t d = 6;
    oco_domain *dom = oco_domain_ball(d, 1.0);
    oco_loss_opts o = oco_loss_opts_default();
    o.kind = OCO_LOSS_LINEAR_DRIFT;
    o.d = d;
    o.T = 1000;
    o.delta = 0.05;
    o.G = 2.0;
    oco_loss_seq *s = oco_loss_seq_new(&o, dom);
    double prev[6], first[3][6];
    while (oco_loss_seq_next(s) == OCO_OK) {
        size_t t = oco_loss_seq_round(s);
        assert_true(fabs(oco_nrm2(s->cur.v, d) - 2.0) <= 1e-12);
        if (t >= 2) {
            double e = 0;
            for (size_t i = 0; i < d; ++i)
                e += (s->cur.v[i] - prev[i]) * (s->cur.v[i] - prev[i]);
            assert_true(fabs(sqrt(e) - 0.05) <= 1e-12);
        }
        if (t <= 3)
            memcpy(first[t - 1], s->cur.v, sizeof prev);
        memcpy(prev, s->cur.v, sizeof prev);
    }
    assert_int_equal(oco_loss_seq_next(s), OCO_ESTATE);
    oco_loss_hindsight h;
    assert_int_equal(oco_loss_seq_hindsight(s, NULL, &h), 0);
    assert_true(fabs(h.VT - 999 * 0.05 * 0.05) <= 1e-9);
    oco_loss_seq_rewind(s);
    for (int t = 0; t < 3; ++t) {
        oco_loss_seq_next(s);
        assert_memory_equal(first[t], s->cur.v, sizeof prev);
    }
    oco_loss_seq_free(s);
    oco_domain_free(dom);
}

static void test_bad_input(void **st)
{
    (void)st;
    oco_domain *dom = oco_domain_ball(3, 1.0);
    oco_loss_opts o = oco_loss_opts_default();
    o.d = 3;
    o.T = 0;
    assert_null(oco_loss_seq_new(&o, dom));
    assert_non_null(strstr(oco_last_error(), "T"));
    o.T = 10;
    o.d = 2;
    assert_null(oco_loss_seq_new(&o, dom));
    o.d = 3;
    o.lambda = -1;
    assert_null(oco_loss_seq_new(&o, dom));
    assert_non_null(strstr(oco_last_error(), "lambda"));
    o.lambda = 1;
    o.kind = OCO_LOSS_LINEAR_DATA;
    double data[30];
    for (int i = 0; i < 30; ++i)
        data[i] = i;
    data[17] = NAN;
    o.data = data;
    assert_null(oco_loss_seq_new(&o, dom));
    assert_non_null(strstr(oco_last_error(), "row 6"));
    oco_loss_kind k;
    assert_int_equal(oco_loss_kind_parse("squared", &k), 0);
    assert_int_equal(k, OCO_LOSS_SQUARED);
    assert_int_equal(oco_loss_kind_parse("nope", &k), OCO_ENOTFOUND);
    oco_domain_free(dom);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparator_and_vt_grid),
        cmocka_unit_test(test_linear_closed_form),
        cmocka_unit_test(test_quadratic_mean_projection),
        cmocka_unit_test(test_drift_and_rewind),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
