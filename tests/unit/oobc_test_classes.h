/* Test-only OOBC classes built by hand (independent of src/problems/):
 *   tc_fair(closed)  "fairness": M = d = p = 1, l = −c·log x, g = x,
 *                    x ∈ [1, 40], reserve 1, B/N ∈ [10, 15] (seed 000 §2.3);
 *                    closed = 1: the closed-form layer of
 *                    src/solvers/fairness_layer.h, 0: layer = NULL (the
 *                    general interior-point path of the adapter);
 *   tc_quad()        "quad2": d = 2, M = 2, p = 2, strongly convex quadratic
 *                    l = ½(x − 3c)ᵀQ(x − 3c), linear g_1 = aᵀx and convex
 *                    quadratic g_2 = ½k‖x‖² + eᵀx, box [0.1, 3]²,
 *                    x_safe = lo, reserve = g(lo) + a margin; per-step budgets chosen
 *                    so that both resources can bind; layer = NULL.
 * Plus a random data set for either. */
#ifndef OCO_TESTS_OOBC_TEST_CLASSES_H
#define OCO_TESTS_OOBC_TEST_CLASSES_H

#include <float.h>
#include <math.h>
#include <string.h>

#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/rng.h"
#include "solvers/fairness_layer.h"

static const double tcf_lo[1] = {1.0}, tcf_hi[1] = {40.0}, tcf_safe[1] = {1.0},
                    tcf_res[1] = {1.0}, tcf_blo[1] = {10.0}, tcf_bhi[1] = {15.0};

static inline int tcf_loss(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                    double *grad, double *hess)
{
    (void)cls;
    if (!(x[0] > 0))
        return OCO_EINVAL;
    *f = c[0] == 0 ? 0.0 : -c[0] * log(x[0]);
    if (grad)
        grad[0] = -c[0] / x[0];
    if (hess)
        hess[0] = c[0] / (x[0] * x[0]);
    return 0;
}

static inline int tcf_use(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                   double *jac, double *hess)
{
    (void)cls;
    (void)c;
    g[0] = x[0];
    if (jac)
        jac[0] = 1.0;
    if (hess)
        hess[0] = 0.0;
    return 0;
}

static inline int tcf_layer(const oco_oobc_class *cls, const double *c, const double *lambda,
                     const double *b_eff, double *x, double *dx_dlam, double *dx_db)
{
    oco__fair_out o;
    const int inf = b_eff[0] == INFINITY;
    int rc = oco__fair_layer(c[0], lambda[0], inf ? DBL_MAX : b_eff[0], cls->lo[0], cls->hi[0],
                             &o);
    x[0] = o.x;
    if (dx_dlam)
        dx_dlam[0] = o.dx_dlam;
    if (dx_db)
        dx_db[0] = inf ? 0.0 : o.dx_db;
    return rc;
}

static inline oco_oobc_class tc_fair(int closed)
{
    oco_oobc_class k;
    memset(&k, 0, sizeof k);
    k.name = "fairness";
    k.d = k.M = k.p = 1;
    k.lo = tcf_lo;
    k.hi = tcf_hi;
    k.x_safe = tcf_safe;
    k.reserve = tcf_res;
    k.budget_lo = tcf_blo;
    k.budget_hi = tcf_bhi;
    k.loss = tcf_loss;
    k.use = tcf_use;
    k.layer = closed ? tcf_layer : NULL;
    return k;
}

/* quad2 */
static const double tcq_Q[4] = {1.0, 0.3, 0.3, 2.0}; /* column-major, SPD */
static const double tcq_a[2] = {1.0, 0.5}, tcq_e[2] = {0.2, 0.3}, tcq_k = 0.5;
static const double tcq_lo[2] = {0.1, 0.1}, tcq_hi[2] = {3.0, 3.0}, tcq_safe[2] = {0.1, 0.1};
/* g(lo) = (0.15, 0.055) up to rounding (computed: 0.15000000000000002 and
 * 0.05500000000000001); the reserve keeps a margin, so that g(x_safe) <=
 * reserve holds in floating point and the guarded budget
 * b − (N−1−t)·reserve, rounded, still affords x_safe when B = N·reserve. */
static const double tcq_res[2] = {0.16, 0.06};
static const double tcq_blo[2] = {1.0, 0.8}, tcq_bhi[2] = {1.5, 1.2};

static inline int tcq_loss(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                    double *grad, double *hess)
{
    (void)cls;
    const double r[2] = {x[0] - 3 * c[0], x[1] - 3 * c[1]};
    const double qr[2] = {tcq_Q[0] * r[0] + tcq_Q[2] * r[1], tcq_Q[1] * r[0] + tcq_Q[3] * r[1]};
    *f = 0.5 * (r[0] * qr[0] + r[1] * qr[1]);
    if (grad) {
        grad[0] = qr[0];
        grad[1] = qr[1];
    }
    if (hess)
        memcpy(hess, tcq_Q, sizeof tcq_Q);
    return 0;
}

static inline int tcq_use(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                   double *jac, double *hess)
{
    (void)cls;
    (void)c;
    g[0] = tcq_a[0] * x[0] + tcq_a[1] * x[1];
    g[1] = 0.5 * tcq_k * (x[0] * x[0] + x[1] * x[1]) + tcq_e[0] * x[0] + tcq_e[1] * x[1];
    if (jac) { /* row m at jac + m·d */
        jac[0] = tcq_a[0];
        jac[1] = tcq_a[1];
        jac[2] = tcq_k * x[0] + tcq_e[0];
        jac[3] = tcq_k * x[1] + tcq_e[1];
    }
    if (hess) {
        memset(hess, 0, 8 * sizeof *hess);
        hess[4] = tcq_k;
        hess[7] = tcq_k;
    }
    return 0;
}

static inline oco_oobc_class tc_quad(void)
{
    oco_oobc_class k;
    memset(&k, 0, sizeof k);
    k.name = "quad2";
    k.d = k.M = k.p = 2;
    k.lo = tcq_lo;
    k.hi = tcq_hi;
    k.x_safe = tcq_safe;
    k.reserve = tcq_res;
    k.budget_lo = tcq_blo;
    k.budget_hi = tcq_bhi;
    k.loss = tcq_loss;
    k.use = tcq_use;
    k.layer = NULL;
    return k;
}

/* n episodes of N steps: contexts U[0, 1] (one in ten exactly 0), budgets
 * U[N·budget_lo, N·budget_hi]. */
static inline oco_oobc_data *tc_data(const oco_oobc_class *cls, size_t n, size_t N, uint64_t seed)
{
    oco_oobc_data *d = oco_oobc_data_new(n, N, cls->M, cls->p);
    if (!d)
        return NULL;
    oco_rng r;
    oco_rng_seed(&r, seed, 0);
    for (size_t i = 0; i < n; ++i) {
        for (size_t m = 0; m < cls->M; ++m)
            d->B[i * cls->M + m] =
                (double)N * oco_rng_uniform_range(&r, cls->budget_lo[m], cls->budget_hi[m]);
        for (size_t k = 0; k < N * cls->p; ++k)
            d->c[i * N * cls->p + k] = oco_rng_below(&r, 10) == 0 ? 0.0 : oco_rng_uniform(&r);
    }
    return d;
}

#endif
