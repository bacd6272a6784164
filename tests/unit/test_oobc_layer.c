/* Tests of the optimization layer of seed 000 eq. (4) (solvers/oobc_layer.h):
 *   - KKT conditions (stationarity, primal and dual feasibility,
 *     complementarity) to 1e-8, recomputed here from the instance data, on
 *     random strongly convex instances (quadratic l, linear and convex
 *     quadratic g, d ≤ 10, M ≤ 5) in three regimes: interior, box-active,
 *     budget-active;
 *   - an infeasible {g ≤ b} ∩ box returns OCO_EINFEASIBLE, a message, and
 *     finite outputs;
 *   - ∂x/∂λ and ∂x/∂b (Prop. 5.1) against central finite differences of
 *     re-solves, on instances whose activity margins are clear (no kink);
 *   - no allocation in solve and grad. */
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
#include "oco/rng.h"
#include "solvers/oobc_layer.h"

#define DMAX 10
#define MMAX 5

typedef struct {
    size_t d, M;
    double Q[DMAX * DMAX], c[DMAX];
    double P[MMAX][DMAX * DMAX], a[MMAX][DMAX], e[MMAX];
} inst;

/* l(x) = ½xᵀQx + cᵀx */
static int fl(void *ctx, const double *x, double *f, double *g, double *H)
{
    const inst *p = ctx;
    size_t d = p->d;
    *f = 0;
    for (size_t i = 0; i < d; i++) {
        double s = p->c[i];
        for (size_t j = 0; j < d; j++)
            s += p->Q[i + j * d] * x[j];
        g[i] = s;
        *f += 0.5 * (s + p->c[i]) * x[i];
    }
    memcpy(H, p->Q, d * d * sizeof *H);
    return 0;
}

/* g_m(x) = ½xᵀP_m x + a_mᵀx + e_m */
static int fg(void *ctx, size_t m, const double *x, double *v, double *g, double *H)
{
    const inst *p = ctx;
    size_t d = p->d;
    *v = p->e[m];
    for (size_t i = 0; i < d; i++) {
        double s = p->a[m][i];
        for (size_t j = 0; j < d; j++)
            s += p->P[m][i + j * d] * x[j];
        g[i] = s;
        *v += 0.5 * (s + p->a[m][i]) * x[i];
    }
    memcpy(H, p->P[m], d * d * sizeof *H);
    return 0;
}

static void psd(oco_rng *r, double *A, size_t d, double shift, double scale)
{
    double B[DMAX * DMAX];
    for (size_t i = 0; i < d * d; i++)
        B[i] = oco_rng_normal(r, 0, 1);
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++) {
            double s = i == j ? shift : 0.0;
            for (size_t k = 0; k < d; k++)
                s += scale * B[i + k * d] * B[j + k * d] / (double)d;
            A[i + j * d] = s;
        }
}

enum { INTERIOR, BOXACT, BUDGET };

static void make(oco_rng *r, inst *p, int regime, double *lam, double *b, double *lo, double *hi)
{
    size_t d = 2 + (size_t)oco_rng_below(r, DMAX - 1), M = 1 + (size_t)oco_rng_below(r, MMAX);
    p->d = d;
    p->M = M;
    psd(r, p->Q, d, 1.0, 1.0);
    for (size_t i = 0; i < d; i++)
        p->c[i] = oco_rng_normal(r, 0, 1);
    for (size_t m = 0; m < M; m++) {
        if (m % 2)
            psd(r, p->P[m], d, 0.0, 0.5);
        else
            memset(p->P[m], 0, sizeof p->P[m]);
        for (size_t i = 0; i < d; i++)
            p->a[m][i] = oco_rng_normal(r, 0, 1);
        p->e[m] = 0;
        lam[m] = oco_rng_uniform(r);
        b[m] = regime == BUDGET ? 0.0 : 1e3;
    }
    if (regime == BUDGET) {
        /* feasible by construction: g_m(x_f) = −0.1 at a random x_f of the box; which
         * constraints bind depends on where l + λᵀg pulls */
        double xf[DMAX] = {0}, gg[DMAX], H[DMAX * DMAX], v;
        for (size_t i = 0; i < d; i++)
            xf[i] = oco_rng_uniform_range(r, -1, 1);
        for (size_t m = 0; m < M; m++) {
            fg(p, m, xf, &v, gg, H);
            p->e[m] = -0.1 - v;
        }
    }
    for (size_t i = 0; i < d; i++) {
        lo[i] = regime == BOXACT ? -0.2 : -10.0;
        hi[i] = regime == BOXACT ? 0.2 : 10.0;
    }
    if (regime == BOXACT)
        for (size_t i = 0; i < d; i++)
            p->c[i] *= 3.0;
}

/* KKT residuals recomputed from the instance; returns the max */
static double kkt(const inst *p, const double *lam, const double *b, const double *lo,
                  const double *hi, const double *x, const double *mu, const double *zl,
                  const double *zu)
{
    size_t d = p->d, M = p->M;
    double gl[DMAX], gg[DMAX], H[DMAX * DMAX], f, st[DMAX], worst = 0;
    fl((void *)p, x, &f, gl, H);
    for (size_t i = 0; i < d; i++)
        st[i] = gl[i] - zl[i] + zu[i];
    for (size_t m = 0; m < M; m++) {
        double v;
        fg((void *)p, m, x, &v, gg, H);
        for (size_t i = 0; i < d; i++)
            st[i] += (lam[m] + mu[m]) * gg[i];
        worst = fmax(worst, v - b[m]);               /* primal */
        worst = fmax(worst, -mu[m]);                 /* dual */
        worst = fmax(worst, fabs(mu[m] * (b[m] - v))); /* complementarity */
    }
    for (size_t i = 0; i < d; i++) {
        worst = fmax(worst, fabs(st[i]));
        worst = fmax(worst, lo[i] - x[i]);
        worst = fmax(worst, x[i] - hi[i]);
        worst = fmax(worst, fmax(-zl[i], -zu[i]));
        worst = fmax(worst, fabs(zl[i] * (x[i] - lo[i])));
        worst = fmax(worst, fabs(zu[i] * (hi[i] - x[i])));
    }
    return worst;
}

static void test_kkt(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 11, 0);
    for (int regime = 0; regime < 3; regime++)
        for (int rep = 0; rep < 40; rep++) {
            inst p;
            double lam[MMAX], b[MMAX], lo[DMAX], hi[DMAX], x[DMAX], mu[MMAX], zl[DMAX],
                zu[DMAX];
            make(&r, &p, regime, lam, b, lo, hi);
            oco_oobc_layer *L = oco__oobc_layer_new(p.d, p.M);
            assert_non_null(L);
            oco__oobc_info info;
            int rc = oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, zl, zu,
                                           &info);
            if (rc)
                fprintf(stderr, "regime %d rep %d: %s\n", regime, rep, oco_last_error());
            assert_int_equal(rc, 0);
            double w = kkt(&p, lam, b, lo, hi, x, mu, zl, zu);
            if (w > 1e-8)
                fprintf(stderr, "regime %d rep %d: KKT residual %g (it %zu)\n", regime, rep, w,
                        info.iterations);
            assert_true(w <= 1e-8);
            oco__oobc_layer_free(L);
        }
}

static void test_infeasible(void **state)
{
    (void)state;
    /* x_0 ≤ −1 with 0 ≤ x ≤ 1: empty */
    inst p;
    memset(&p, 0, sizeof p);
    p.d = 2;
    p.M = 2;
    p.Q[0] = p.Q[3] = 1.0;
    p.a[0][0] = 1.0;
    p.a[1][1] = 1.0;
    double lam[2] = {0.5, 0.5}, b[2] = {-1.0, 0.5}, lo[2] = {0, 0}, hi[2] = {1, 1};
    double x[2], mu[2], zl[2], zu[2];
    oco_oobc_layer *L = oco__oobc_layer_new(2, 2);
    assert_non_null(L);
    int rc = oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, zl, zu, NULL);
    assert_int_equal(rc, OCO_EINFEASIBLE);
    assert_true(strlen(oco_last_error()) > 0);
    for (int i = 0; i < 2; i++)
        assert_true(isfinite(x[i]) && isfinite(mu[i]) && isfinite(zl[i]) && isfinite(zu[i]));
    assert_int_equal(oco__oobc_layer_grad(L, NULL, NULL, NULL), OCO_ESTATE);
    oco__oobc_layer_free(L);
}

/* l linear (not strongly convex) on a bounded box, linear g: an LP, solved
 * through the box barrier; and an infeasible convex quadratic constraint
 * (a ball outside the box). */
static void test_lp_and_infeasible_ball(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 14, 0);
    size_t maxit = 0;
    for (int rep = 0; rep < 20; rep++) {
        inst p;
        double lam[MMAX], b[MMAX], lo[DMAX], hi[DMAX], x[DMAX], mu[MMAX], zl[DMAX], zu[DMAX];
        make(&r, &p, BUDGET, lam, b, lo, hi);
        memset(p.Q, 0, sizeof p.Q);
        for (size_t m = 0; m < p.M; m++)
            memset(p.P[m], 0, sizeof p.P[m]);
        for (size_t i = 0; i < p.d; i++) {
            lo[i] = -1.0;
            hi[i] = 1.0;
        }
        for (size_t m = 0; m < p.M; m++)
            p.e[m] = -0.1 - fabs(p.e[m]); /* the origin stays strictly feasible */
        oco_oobc_layer *L = oco__oobc_layer_new(p.d, p.M);
        assert_non_null(L);
        oco__oobc_info info;
        int rc = oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, zl, zu, &info);
        if (rc)
            fprintf(stderr, "lp rep %d: %s\n", rep, oco_last_error());
        assert_int_equal(rc, 0);
        assert_true(kkt(&p, lam, b, lo, hi, x, mu, zl, zu) <= 1e-8);
        maxit = info.iterations > maxit ? info.iterations : maxit;
        oco__oobc_layer_free(L);
    }
    fprintf(stderr, "LP instances: at most %zu iterations\n", maxit);
    /* ‖x − (3,3)‖² ≤ 1 with 0 ≤ x ≤ 1: empty */
    inst p;
    memset(&p, 0, sizeof p);
    p.d = 2;
    p.M = 1;
    p.Q[0] = p.Q[3] = 1.0;
    p.P[0][0] = p.P[0][3] = 2.0;
    p.a[0][0] = p.a[0][1] = -6.0;
    p.e[0] = 18.0;
    double lam[1] = {0}, b[1] = {1.0}, lo[2] = {0, 0}, hi[2] = {1, 1}, x[2], mu[1];
    oco_oobc_layer *L = oco__oobc_layer_new(2, 1);
    assert_non_null(L);
    int rc = oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, NULL, NULL, NULL);
    assert_int_equal(rc, OCO_EINFEASIBLE);
    assert_true(isfinite(x[0]) && isfinite(x[1]) && isfinite(mu[0]));
    oco__oobc_layer_free(L);
}

/* a clear margin on every constraint: active with a multiplier, or slack */
static int no_kink(const inst *p, const double *b, const double *lo, const double *hi,
                   const double *x, const double *mu, const double *zl, const double *zu)
{
    double gg[DMAX], H[DMAX * DMAX], v;
    for (size_t m = 0; m < p->M; m++) {
        fg((void *)p, m, x, &v, gg, H);
        if (fmax(mu[m], b[m] - v) < 1e-3)
            return 0;
    }
    for (size_t i = 0; i < p->d; i++)
        if (fmax(zl[i], x[i] - lo[i]) < 1e-3 || fmax(zu[i], hi[i] - x[i]) < 1e-3)
            return 0;
    return 1;
}

static void test_grad_fd(void **state)
{
    (void)state;
    oco_rng r;
    oco_rng_seed(&r, 12, 0);
    const double h = 1e-5;
    for (int regime = 0; regime < 3; regime++) {
        int checked = 0, nact = 0;
        for (int rep = 0; rep < 30; rep++) {
            inst p;
            double lam[MMAX], b[MMAX], lo[DMAX], hi[DMAX], x[DMAX], mu[MMAX], zl[DMAX],
                zu[DMAX], xp[DMAX], xm[DMAX];
            double Gl[DMAX * MMAX], Gb[DMAX * MMAX];
            make(&r, &p, regime, lam, b, lo, hi);
            size_t d = p.d, M = p.M;
            oco_oobc_layer *L = oco__oobc_layer_new(d, M);
            assert_non_null(L);
            assert_int_equal(
                oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, zl, zu, NULL),
                0);
            if (!no_kink(&p, b, lo, hi, x, mu, zl, zu)) {
                oco__oobc_layer_free(L);
                continue;
            }
            for (size_t m = 0; m < M; m++)
                nact += mu[m] > 1e-3;
            for (size_t i = 0; i < d; i++)
                nact += regime == BOXACT && (zl[i] > 1e-3 || zu[i] > 1e-3);
            assert_int_equal(oco__oobc_layer_grad(L, Gl, Gb, NULL), 0);
            checked++;
            for (int which = 0; which < 2; which++)
                for (size_t k = 0; k < M; k++) {
                    double *v = which ? b : lam, v0 = v[k];
                    v[k] = v0 + h;
                    assert_int_equal(oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL,
                                                           xp, NULL, NULL, NULL, NULL),
                                     0);
                    v[k] = v0 - h;
                    assert_int_equal(oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL,
                                                           xm, NULL, NULL, NULL, NULL),
                                     0);
                    v[k] = v0;
                    const double *G = which ? Gb : Gl;
                    for (size_t i = 0; i < d; i++) {
                        double fd = (xp[i] - xm[i]) / (2 * h);
                        if (fabs(fd - G[i + k * d]) > 1e-5 * (1 + fabs(fd)))
                            fprintf(stderr, "regime %d rep %d %s k=%zu i=%zu: fd %.10g ift %.10g\n",
                                    regime, rep, which ? "db" : "dlam", k, i, fd, G[i + k * d]);
                        assert_true(fabs(fd - G[i + k * d]) <= 1e-5 * (1 + fabs(fd)));
                    }
                }
            oco__oobc_layer_free(L);
        }
        fprintf(stderr, "regime %d: %d instances checked, %d active constraints\n", regime,
                checked, nact);
        assert_true(checked >= 10);
        if (regime != INTERIOR)
            assert_true(nact >= 10); /* the regime really exercises actives */
    }
}

/* Two identical binding constraints: the active Jacobian is rank deficient,
 * dsysv meets a singular system and the least-squares fallback must give the
 * (unique) ∂x/∂λ, checked by finite differences; ∂x/∂b is a kink here. */
static void test_degenerate_pinv(void **state)
{
    (void)state;
    inst p;
    memset(&p, 0, sizeof p);
    p.d = 3;
    p.M = 2;
    for (size_t i = 0; i < 3; i++) {
        p.Q[i + i * 3] = 1.0 + (double)i;
        p.c[i] = -2.0;
        p.a[0][i] = p.a[1][i] = 1.0;
    }
    double lam[2] = {0.3, 0.2}, b[2] = {1.0, 1.0}, lo[3] = {-5, -5, -5}, hi[3] = {5, 5, 5};
    double x[3], mu[2], xp[3], xm[3], Gl[6];
    oco_oobc_layer *L = oco__oobc_layer_new(3, 2);
    assert_non_null(L);
    assert_int_equal(
        oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, NULL, NULL, NULL), 0);
    assert_true(mu[0] > 1e-3 && mu[1] > 1e-3); /* both bind */
    int pinv = 0;
    assert_int_equal(oco__oobc_layer_grad(L, Gl, NULL, &pinv), 0);
    assert_int_equal(pinv, 1);
    const double h = 1e-5;
    for (size_t k = 0; k < 2; k++) {
        double v0 = lam[k];
        lam[k] = v0 + h;
        assert_int_equal(oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, xp, NULL,
                                               NULL, NULL, NULL),
                         0);
        lam[k] = v0 - h;
        assert_int_equal(oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, xm, NULL,
                                               NULL, NULL, NULL),
                         0);
        lam[k] = v0;
        for (size_t i = 0; i < 3; i++) {
            double fd = (xp[i] - xm[i]) / (2 * h);
            assert_true(isfinite(Gl[i + k * 3]));
            assert_true(fabs(fd - Gl[i + k * 3]) <= 1e-5 * (1 + fabs(fd)));
        }
    }
    oco__oobc_layer_free(L);
}

static void test_no_alloc(void **state)
{
    (void)state;
    SKIP_UNLESS_COUNTING();
    oco_rng r;
    oco_rng_seed(&r, 13, 0);
    inst p;
    double lam[MMAX], b[MMAX], lo[DMAX], hi[DMAX], x[DMAX], mu[MMAX], zl[DMAX], zu[DMAX];
    double Gl[DMAX * MMAX], Gb[DMAX * MMAX];
    make(&r, &p, BUDGET, lam, b, lo, hi);
    oco_oobc_layer *L = oco__oobc_layer_new(p.d, p.M);
    assert_non_null(L);
    assert_int_equal(oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, NULL, x, mu, zl, zu,
                                           NULL),
                     0);
    assert_int_equal(oco__oobc_layer_grad(L, Gl, Gb, NULL), 0);
    size_t a0 = atomic_load(&n_allocs_own), t0 = atomic_load(&n_allocs);
    for (int i = 0; i < 5; i++) {
        lam[0] += 0.01;
        assert_int_equal(oco__oobc_layer_solve(L, fl, fg, &p, lam, b, lo, hi, x, x, mu, zl, zu,
                                               NULL),
                         0);
        assert_int_equal(oco__oobc_layer_grad(L, Gl, Gb, NULL), 0);
    }
    fprintf(stderr, "allocations in 5 solve+grad: %zu by oco, %zu in total\n",
            atomic_load(&n_allocs_own) - a0, atomic_load(&n_allocs) - t0);
    assert_true(atomic_load(&n_allocs_own) - a0 == 0);
    oco__oobc_layer_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kkt),
        cmocka_unit_test(test_infeasible),
        cmocka_unit_test(test_lp_and_infeasible_ball),
        cmocka_unit_test(test_grad_fd),
        cmocka_unit_test(test_degenerate_pinv),
        cmocka_unit_test(test_no_alloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
