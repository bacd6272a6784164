/* Benchmark (not a test): LAAU / OOBC (seed 000, issue 11, section Bench).
 * Every figure is a ratio of two timings measured in this one run.
 *
 * 1. The optimisation layer of eq. (4) on the fairness class, solve plus
 *    both derivatives (∂x/∂λ, ∂x/∂b) per step: the closed form
 *    (src/solvers/fairness_layer.h) against the general interior-point
 *    layer (src/solvers/oobc_layer.h) on the SAME problem (a copy of the
 *    class with layer = NULL), both through the layer adapter the policies
 *    use (src/algorithms/oobc/layer.h). Inputs cycle through a pool with
 *    every regime (interior, budget-active, box-active); the largest
 *    |x_closed − x_ipm| over the pool is printed as a sanity figure.
 * 2. The general layer at d = M = 10 on a hand-built strongly convex class
 *    (l = ½Σq_i x_i² − cᵀx, g_m = a_mᵀx + ½Σ h_mi x_i², x ∈ [0, 10]^10,
 *    budgets at ~60% of the unconstrained use, so several bind): solve, and
 *    solve + gradients, per step, against a plain reference measured in the
 *    same run: one LAPACK Cholesky factorisation and solve of a d×d SPD
 *    system (dpotrf + dpotrs), the work of one Newton step's reduced
 *    system, i.e. a lower bound of one interior-point iteration.
 * 3. Training at the paper's size (fairness, 5000 episodes, N = 20,
 *    mini-batches of 10, Adam; §2.3): seconds per epoch of oco_oobc_train
 *    (no validation set), and episodes per second of
 *    oco_oobc_episode_grad with the gradient against the forward pass alone
 *    (grad = NULL): the backward/forward ratio. Peak RSS: getrusage.
 *
 * Allocations during the timed layer loops are counted (bench_util.h
 * interposes malloc/calloc/realloc); the layer must not allocate.
 *
 * usage: oobc [--quick]   (default under ~30 s; --quick a few seconds) */
#define _POSIX_C_SOURCE 200809L
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/oobc_problem.h"
#include "oco/rng.h"

#include "algorithms/oobc/layer.h"

#include "bench_util.h"

enum { POOL = 1024, D10 = 10 };

static int quick;

/* ---- timing helper: repeat fn over the pool until `budget` seconds ---------- */
typedef int (*step_fn)(void *ctx, size_t i);

typedef struct timing {
    double per_call; /* seconds */
    size_t calls;
    size_t allocs;
    int rc;
} timing;

static timing time_loop(step_fn fn, void *ctx, double budget)
{
    timing t = {0, 0, 0, 0};
    /* warm-up */
    t.rc = fn(ctx, 0);
    if (t.rc)
        return t;
    double best = INFINITY;
    for (int rep = 0; rep < 3; ++rep) {
        size_t a0 = bench_n_allocs, n = 0;
        double t0 = bench_now(), el = 0;
        do {
            for (size_t i = 0; i < POOL; ++i) {
                int rc = fn(ctx, i);
                if (rc) {
                    t.rc = rc;
                    return t;
                }
            }
            n += POOL;
            el = bench_now() - t0;
        } while (el < budget / 3);
        if (el / (double)n < best)
            best = el / (double)n;
        t.calls += n;
        if (bench_n_allocs - a0 > t.allocs)
            t.allocs = bench_n_allocs - a0;
    }
    t.per_call = best;
    return t;
}

/* ---- 1. fairness: closed form vs interior point ------------------------------- */
typedef struct fair_ctx {
    oco__oobc_lws *w;
    double c[POOL], lam[POOL], b[POOL];
    double x[POOL];
    int grad;
} fair_ctx;

static int fair_step(void *vctx, size_t i)
{
    fair_ctx *f = vctx;
    double dl, db;
    return oco__oobc_lws_solve(f->w, &f->c[i], &f->lam[i], &f->b[i], NULL, &f->x[i],
                               f->grad ? &dl : NULL, f->grad ? &db : NULL);
}

/* ---- 2. general layer, d = M = 10 --------------------------------------------- */
typedef struct qc_data {
    double q[D10];        /* l's curvature */
    double a[D10 * D10];  /* g's linear part, row m */
    double h[D10 * D10];  /* g's diagonal curvature, row m */
} qc_data;

static int qc_loss(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                   double *grad, double *hess)
{
    const qc_data *q = cls->data;
    double v = 0;
    for (size_t i = 0; i < D10; ++i) {
        v += 0.5 * q->q[i] * x[i] * x[i] - c[i] * x[i];
        if (grad)
            grad[i] = q->q[i] * x[i] - c[i];
    }
    *f = v;
    if (hess) {
        memset(hess, 0, D10 * D10 * sizeof *hess);
        for (size_t i = 0; i < D10; ++i)
            hess[i * D10 + i] = q->q[i];
    }
    return 0;
}

static int qc_use(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                  double *jac, double *hess)
{
    const qc_data *q = cls->data;
    (void)c;
    for (size_t m = 0; m < D10; ++m) {
        const double *a = q->a + m * D10, *h = q->h + m * D10;
        double v = 0;
        for (size_t i = 0; i < D10; ++i) {
            v += a[i] * x[i] + 0.5 * h[i] * x[i] * x[i];
            if (jac)
                jac[m * D10 + i] = a[i] + h[i] * x[i];
        }
        g[m] = v;
        if (hess) {
            double *H = hess + m * D10 * D10;
            memset(H, 0, D10 * D10 * sizeof *H);
            for (size_t i = 0; i < D10; ++i)
                H[i * D10 + i] = h[i];
        }
    }
    return 0;
}

typedef struct qc_ctx {
    oco__oobc_lws *w;
    double c[POOL * D10], lam[POOL * D10], b[POOL * D10];
    double x[D10], dl[D10 * D10], db[D10 * D10];
    int grad;
    /* reference: Cholesky of a d×d SPD matrix */
    double A[D10 * D10], K[D10 * D10], rhs[D10];
} qc_ctx;

static int qc_step(void *vctx, size_t i)
{
    qc_ctx *q = vctx;
    return oco__oobc_lws_solve(q->w, q->c + i * D10, q->lam + i * D10, q->b + i * D10, NULL,
                               q->x, q->grad ? q->dl : NULL, q->grad ? q->db : NULL);
}

static int chol_step(void *vctx, size_t i)
{
    qc_ctx *q = vctx;
    memcpy(q->K, q->A, sizeof q->K);
    for (size_t k = 0; k < D10; ++k)
        q->rhs[k] = q->c[i * D10 + k];
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', D10, q->K, D10);
    if (info == 0)
        info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', D10, 1, q->K, D10, q->rhs, D10);
    return info != 0;
}

/* ---- 3. training ---------------------------------------------------------------------- */
typedef struct ep_ctx {
    oco_oobc_model *m;
    const oco_oobc_class *cls;
    const oco_oobc_data *data;
    double *grad;
    double loss;
} ep_ctx;

static int ep_step(void *vctx, size_t i)
{
    ep_ctx *e = vctx;
    size_t k = i % e->data->n;
    return oco_oobc_episode_grad(e->m, e->cls, e->data->B + k * e->data->M,
                                 e->data->c + k * e->data->N * e->data->p, &e->loss, e->grad,
                                 NULL);
}

static void fail(const char *what)
{
    fprintf(stderr, "oobc bench: %s: %s\n", what, oco_last_error());
    exit(1);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else {
            fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
            return 2;
        }
    }
    const double budget = quick ? 0.15 : 1.0;
    int bad_alloc = 0;
    oco_rng rng;
    oco_rng_seed(&rng, 2024, 11);

    /* 1 ----------------------------------------------------------------------------- */
    oco_oobc_class *fair = oco_oobc_class_new("fairness", NULL);
    if (!fair)
        fail("fairness class");
    oco_oobc_class fair_ipm = *fair;
    fair_ipm.layer = NULL; /* the same problem through the interior-point layer */
    fair_ctx *fc = calloc(1, sizeof *fc), *fi = calloc(1, sizeof *fi);
    if (!fc || !fi)
        fail("out of memory");
    for (size_t i = 0; i < POOL; ++i) {
        /* c ∈ [0, 1]; λ so c/λ spans below 1, inside, above 40; b̃ ∈ [1, 40] */
        fc->c[i] = oco_rng_uniform(&rng);
        fc->lam[i] = exp(oco_rng_uniform(&rng) * 8.0 - 6.0);
        fc->b[i] = 1.0 + 39.0 * oco_rng_uniform(&rng);
    }
    memcpy(fi->c, fc->c, sizeof fc->c);
    memcpy(fi->lam, fc->lam, sizeof fc->lam);
    memcpy(fi->b, fc->b, sizeof fc->b);
    fc->w = oco__oobc_lws_new(fair);
    fi->w = oco__oobc_lws_new(&fair_ipm);
    if (!fc->w || !fi->w)
        fail("layer workspace");
    fc->grad = fi->grad = 1;
    timing tc = time_loop(fair_step, fc, budget), ti = time_loop(fair_step, fi, budget);
    if (tc.rc || ti.rc)
        fail("fairness layer solve");
    double maxdiff = 0;
    size_t regimes[3] = {0, 0, 0}; /* interior, budget, box */
    for (size_t i = 0; i < POOL; ++i) {
        fair_step(fc, i);
        fair_step(fi, i);
        maxdiff = fmax(maxdiff, fabs(fc->x[i] - fi->x[i]));
        double u = fmin(fmax(fc->c[i] / fc->lam[i], 1.0), 40.0);
        regimes[fc->b[i] <= u ? 1 : (u == 1.0 || u == 40.0) ? 2 : 0]++;
    }
    printf("LAAU / OOBC bench (seed 000). Ratios of timings measured in this run%s.\n\n",
           quick ? " (--quick)" : "");
    printf("1. fairness layer, solve + dx/dlambda + dx/db per step (pool of %d: %zu interior, "
           "%zu budget-active, %zu box-active)\n",
           POOL, regimes[0], regimes[1], regimes[2]);
    printf("   %-34s %10.1f ns/step  allocs %zu\n", "closed form (fairness_layer)",
           1e9 * tc.per_call, tc.allocs);
    printf("   %-34s %10.1f ns/step  allocs %zu\n", "interior point (layer = NULL)",
           1e9 * ti.per_call, ti.allocs);
    printf("   ratio interior point / closed form: %.0f×   max |x_closed − x_ipm| = %.2g\n\n",
           ti.per_call / tc.per_call, maxdiff);
    bad_alloc |= tc.allocs || ti.allocs;
    oco__oobc_lws_free(fc->w);
    oco__oobc_lws_free(fi->w);
    free(fc);
    free(fi);

    /* 2 ----------------------------------------------------------------------------- */
    qc_data qd;
    for (size_t i = 0; i < D10; ++i)
        qd.q[i] = 0.5 + oco_rng_uniform(&rng);
    for (size_t k = 0; k < D10 * D10; ++k) {
        qd.a[k] = oco_rng_uniform(&rng);
        qd.h[k] = 0.1 * oco_rng_uniform(&rng);
    }
    double lo[D10], hi[D10], xs[D10], res[D10], blo[D10], bhi[D10];
    for (size_t i = 0; i < D10; ++i) {
        lo[i] = 0;
        hi[i] = 10;
        xs[i] = 0;
        res[i] = 0;
        blo[i] = 1;
        bhi[i] = 2;
    }
    oco_oobc_class qc = {"bench-quadratic", D10, D10, D10, lo, hi, xs, res, blo, bhi,
                         qc_loss, qc_use, NULL, &qd};
    if (oco_oobc_class_check(&qc) != OCO_OK)
        fail("quadratic class");
    qc_ctx *q = calloc(1, sizeof *q);
    if (!q)
        fail("out of memory");
    q->w = oco__oobc_lws_new(&qc);
    if (!q->w)
        fail("layer workspace");
    for (size_t i = 0; i < POOL; ++i) {
        double *c = q->c + i * D10, *lam = q->lam + i * D10, *b = q->b + i * D10, xu[D10], g[D10];
        for (size_t k = 0; k < D10; ++k) {
            c[k] = 1.0 + 4.0 * oco_rng_uniform(&rng);
            lam[k] = 0.05 * oco_rng_uniform(&rng);
            xu[k] = fmin(c[k] / qd.q[k], 10.0); /* unconstrained minimiser of l */
        }
        qc_use(&qc, c, xu, g, NULL, NULL);
        for (size_t m = 0; m < D10; ++m)
            b[m] = (0.4 + 0.4 * oco_rng_uniform(&rng)) * g[m];
    }
    /* the reference system: an SPD matrix like the reduced Newton matrix */
    for (size_t r = 0; r < D10; ++r)
        for (size_t c = 0; c < D10; ++c) {
            double v = 0;
            for (size_t m = 0; m < D10; ++m)
                v += qd.a[m * D10 + r] * qd.a[m * D10 + c];
            q->A[c * D10 + r] = v + (r == c ? qd.q[r] + 1.0 : 0.0);
        }
    q->grad = 0;
    timing ts = time_loop(qc_step, q, budget);
    q->grad = 1;
    timing tg = time_loop(qc_step, q, budget);
    timing tr = time_loop(chol_step, q, budget);
    if (ts.rc || tg.rc || tr.rc)
        fail("general layer (d = M = 10)");
    printf("2. general interior-point layer, d = M = 10 (quadratic l, linear + quadratic g)\n");
    printf("   %-34s %10.1f ns/step  allocs %zu\n", "solve", 1e9 * ts.per_call, ts.allocs);
    printf("   %-34s %10.1f ns/step  allocs %zu\n", "solve + dx/dlambda + dx/db",
           1e9 * tg.per_call, tg.allocs);
    printf("   %-34s %10.1f ns/step\n", "reference: dpotrf + dpotrs (10×10)", 1e9 * tr.per_call);
    printf("   solve = %.0f reference Cholesky solves; gradients add %.0f%% to the solve\n\n",
           ts.per_call / tr.per_call, 100.0 * (tg.per_call / ts.per_call - 1.0));
    bad_alloc |= ts.allocs || tg.allocs;
    oco__oobc_lws_free(q->w);
    free(q);

    /* 3 ----------------------------------------------------------------------------- */
    const size_t N = 20, ntrain = 5000;
    oco_oobc_data *data = oco_oobc_data_synthetic(fair, N, ntrain, 1, NULL);
    if (!data)
        fail("synthetic data");
    oco_oobc_model_opts mo = oco_oobc_model_opts_default();
    oco_oobc_model *m = oco_oobc_model_new(fair, N, &mo, NULL);
    if (!m)
        fail("model");
    oco_oobc_train_opts to = oco_oobc_train_opts_default();
    to.epochs = quick ? 1 : 3;
    to.epochs_lr1 = to.epochs;
    oco_oobc_train_report rep;
    double t0 = bench_now();
    if (oco_oobc_train(m, fair, data, NULL, &to, &rep) != OCO_OK)
        fail("training");
    double epoch_s = (bench_now() - t0) / (double)to.epochs;
    ep_ctx ec = {m, fair, data, calloc(oco_oobc_model_nweights(m), sizeof(double)), 0};
    if (!ec.grad)
        fail("out of memory");
    timing tb = time_loop(ep_step, &ec, budget);
    double *keep = ec.grad;
    ec.grad = NULL;
    timing tf = time_loop(ep_step, &ec, budget);
    ec.grad = keep;
    if (tb.rc || tf.rc)
        fail("episode gradient");
    printf("3. training, fairness, N = %zu, %zu episodes, batch %zu, %zu weights (laau)\n", N,
           ntrain, to.batch, oco_oobc_model_nweights(m));
    printf("   %-34s %10.3f s/epoch (mean of %zu)\n", "oco_oobc_train", epoch_s, to.epochs);
    printf("   %-34s %10.0f episodes/s = %.0f steps/s  allocs %zu\n",
           "episode_grad: forward + backward", 1.0 / tb.per_call, (double)N / tb.per_call,
           tb.allocs);
    printf("   %-34s %10.0f episodes/s = %.0f steps/s  allocs %zu\n", "episode_grad: forward only",
           1.0 / tf.per_call, (double)N / tf.per_call, tf.allocs);
    printf("   ratio (forward + backward) / forward: %.2f\n\n", tb.per_call / tf.per_call);
    printf("peak RSS %.1f MB\n", bench_peak_rss_mb());
    free(ec.grad);
    oco_oobc_model_free(m);
    oco_oobc_data_free(data);
    oco_oobc_class_free(fair);
    if (bad_alloc) {
        fprintf(stderr, "oobc bench: the layer allocated during a timed loop\n");
        return 1;
    }
    return 0;
}
