/* The OOBC runner (include/oco/oobc_runner.h): plays a policy, or the
 * hindsight optimum, on every episode of a data set and measures what seed
 * 000's figures report (olp_laau.md §2.4):
 *   utility per step     u_i = −(1/N)·Σ_t l(x_t, c_t)  (fairness: (1/N)·Σ c·log x, Fig. 2);
 *   remaining fraction   (1/M)·Σ_m b_{N+1,m}/B_m, b_{N+1} = B − Σ_t g(x_t, c_t) (Fig. 7);
 *   budget_exceeded      episodes with Σ_t g_m(x_t, c_t) > B_m·(1 + 1e-9) for some m.
 * The loss and the use are recomputed here from the decisions with the
 * class's callbacks, in step order, independently of the wrapper's own
 * bookkeeping and of its per-step check, so a wrapper bug that let a policy
 * overspend would still be counted.
 *
 * Statistics over the n episodes: the mean, the 95% half-width 1.96·s/√n
 * with s the sample standard deviation (n − 1 denominator; 0 for n = 1), and
 * the median, 25th and 75th percentiles by linear interpolation between
 * order statistics (position q·(n − 1) of the sorted values, numpy's
 * default), on a sorted copy.
 *
 * Timing: `seconds` covers the policy's begin and decide calls only (not the
 * evaluation here, not OPT); with policy NULL ("opt") it is the time of
 * oco_oobc_opt, which is then also opt_seconds. All buffers are allocated
 * once per run, none per step. */
#include "oco/oobc_runner.h"

#include "oco/error.h"
#include "oco/oobc_problem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

/* The tolerance for "exceeded" (oobc.h: the wrapper's slack too). */
#define OCO__OOBC_RUN_RTOL 1e-9

oco_oobc_run_opts oco_oobc_run_opts_default(void)
{
    oco_oobc_run_opts o;
    memset(&o, 0, sizeof o);
    o.with_opt = 1;
    return o;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Linear interpolation at position q·(n − 1) of sorted s[n]. */
static double quantile_sorted(const double *s, size_t n, double q)
{
    const double pos = q * (double)(n - 1);
    const size_t k = (size_t)floor(pos);
    if (k + 1 >= n)
        return s[n - 1];
    const double f = pos - (double)k;
    return s[k] + f * (s[k + 1] - s[k]);
}

/* The class's loss and use of one episode's decisions x[N·d], summed in step
 * order: *loss = Σ_t l, used[M] = Σ_t g. */
static int evaluate(const oco_oobc_class *cls, size_t N, const double *c, const double *x,
                    double *loss, double *used, double *g, size_t ep)
{
    const size_t d = cls->d, M = cls->M, p = cls->p;
    double L = 0;
    for (size_t m = 0; m < M; ++m)
        used[m] = 0;
    for (size_t t = 0; t < N; ++t) {
        double f;
        int rc = cls->loss(cls, c + t * p, x + t * d, &f, NULL, NULL);
        if (rc == OCO_OK)
            rc = cls->use(cls, c + t * p, x + t * d, g, NULL, NULL);
        if (rc != OCO_OK)
            return oco_set_error(rc, "oobc run: class %s cannot evaluate episode %zu step %zu "
                                     "(loss or use callback failed, code %d)",
                                 cls->name, ep + 1, t + 1, rc);
        L += f;
        for (size_t m = 0; m < M; ++m)
            used[m] += g[m];
    }
    *loss = L;
    return OCO_OK;
}

/* A failure of a library call inside the run, re-reported with where
 * (episode and step 1-based in messages; ep is the 0-based index). */
static int where(int rc, const char *what, size_t ep, size_t step)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s", oco_last_error()[0] ? oco_last_error() : oco_strerror(rc));
    if (step)
        return oco_set_error(rc, "oobc run: %s failed at episode %zu, step %zu: %s", what,
                             ep + 1, step, msg);
    return oco_set_error(rc, "oobc run: %s failed at episode %zu: %s", what, ep + 1, msg);
}

static int check_args(const oco_oobc *policy, const oco_oobc_class *cls,
                      const oco_oobc_data *data, const oco_oobc_run_result *res)
{
    if (!cls || !data || !res)
        return oco_set_error(OCO_EINVAL, "oobc run: NULL %s",
                             !cls ? "class" : !data ? "data" : "res");
    int rc = oco_oobc_class_check(cls);
    if (rc)
        return rc;
    if (policy) {
        const oco_oobc_setup *s = oco_oobc_get_setup(policy);
        const oco_oobc_class *pc = s->cls;
        if (pc != cls && (strcmp(pc->name, cls->name) != 0 || pc->d != cls->d ||
                          pc->M != cls->M || pc->p != cls->p))
            return oco_set_error(OCO_EINVAL,
                                 "oobc run: the policy %s plays class %s (d = %zu, M = %zu, "
                                 "p = %zu), the run is for class %s (d = %zu, M = %zu, p = %zu)",
                                 oco_oobc_get_type(policy)->info.name, pc->name, pc->d, pc->M,
                                 pc->p, cls->name, cls->d, cls->M, cls->p);
        if (s->N != data->N)
            return oco_set_error(OCO_EINVAL,
                                 "oobc run: the policy %s has N = %zu steps per episode, the "
                                 "data %zu",
                                 oco_oobc_get_type(policy)->info.name, s->N, data->N);
    }
    if ((rc = oco_oobc_data_check(data, cls, 0)))
        return rc;
    if (data->n == 0)
        return oco_set_error(OCO_EINVAL, "oobc run: the data has no episodes");
    return OCO_OK;
}

typedef struct run_bufs {
    double *x;      /* N·d: one episode's decisions (unless the caller's) */
    double *used;   /* M */
    double *g;      /* M */
    double *util;   /* n (unless the caller's) */
    double *outil;  /* n (unless the caller's) */
    double *sorted; /* n */
} run_bufs;

static void bufs_free(run_bufs *b)
{
    free(b->x);
    free(b->used);
    free(b->g);
    free(b->util);
    free(b->outil);
    free(b->sorted);
}

/* One episode of a policy: begin, then N decisions into x (timed). */
static int play_policy(oco_oobc *policy, const double *B, const double *c, size_t N, size_t p,
                       size_t d, double *x, size_t ep, double *seconds)
{
    const double t0 = oco__now_seconds();
    int rc = oco_oobc_begin(policy, B);
    if (rc != OCO_OK) {
        *seconds += oco__now_seconds() - t0;
        return where(rc, "begin", ep, 0);
    }
    for (size_t t = 0; t < N; ++t) {
        if ((rc = oco_oobc_decide(policy, c + t * p, x + t * d)) != OCO_OK) {
            *seconds += oco__now_seconds() - t0;
            return where(rc, "decide", ep, t + 1);
        }
    }
    *seconds += oco__now_seconds() - t0;
    return OCO_OK;
}

static void summarise(oco_oobc_run_result *res, const double *u, const double *ou, double *sorted,
                      size_t n, int have_opt)
{
    double s = 0;
    for (size_t i = 0; i < n; ++i)
        s += u[i];
    const double mean = s / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; ++i)
        ss += (u[i] - mean) * (u[i] - mean);
    const double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    res->utility_mean = mean;
    res->utility_ci95 = 1.96 * sd / sqrt((double)n);
    memcpy(sorted, u, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    res->utility_median = quantile_sorted(sorted, n, 0.5);
    res->utility_p25 = quantile_sorted(sorted, n, 0.25);
    res->utility_p75 = quantile_sorted(sorted, n, 0.75);
    if (have_opt) {
        double so = 0;
        for (size_t i = 0; i < n; ++i)
            so += ou[i];
        res->opt_utility_mean = so / (double)n;
    }
}

int oco_oobc_run(oco_oobc *policy, const oco_oobc_class *cls, const oco_oobc_data *data,
                 const oco_oobc_run_opts *opts, oco_oobc_run_result *res)
{
    int rc = check_args(policy, cls, data, res);
    if (rc)
        return rc;
    oco_oobc_run_opts def = oco_oobc_run_opts_default();
    if (!opts)
        opts = &def;
    const size_t n = data->n, N = data->N, d = cls->d, M = cls->M, p = cls->p;
    double *const user_util = res->utility, *const user_outil = res->opt_utility;
    const int want_opt = policy == NULL || opts->with_opt;

    run_bufs b;
    memset(&b, 0, sizeof b);
    b.used = malloc(M * sizeof *b.used);
    b.g = malloc(M * sizeof *b.g);
    b.sorted = malloc(n * sizeof *b.sorted);
    if (!opts->decisions)
        b.x = malloc(N * d * sizeof *b.x);
    if (!user_util)
        b.util = malloc(n * sizeof *b.util);
    if (!user_outil && want_opt)
        b.outil = malloc(n * sizeof *b.outil);
    if (!b.used || !b.g || !b.sorted || (!opts->decisions && !b.x) || (!user_util && !b.util) ||
        (!user_outil && want_opt && !b.outil)) {
        bufs_free(&b);
        return oco_set_error(OCO_ENOMEM, "oobc run: out of memory (%zu episodes of %zu steps)",
                             n, N);
    }
    double *util = user_util ? user_util : b.util;
    double *outil = user_outil ? user_outil : b.outil;

    memset(res, 0, sizeof *res);
    res->utility = user_util;
    res->opt_utility = user_outil;
    res->utility_mean = res->utility_ci95 = res->utility_median = NAN;
    res->utility_p25 = res->utility_p75 = res->opt_utility_mean = NAN;
    res->remaining_fraction_mean = res->steps_per_second = NAN;
    if (user_outil && !want_opt)
        for (size_t i = 0; i < n; ++i)
            user_outil[i] = NAN;

    double rem_sum = 0, seconds = 0, opt_seconds = 0;
    for (size_t i = 0; i < n; ++i) {
        const double *B = data->B + i * M, *c = data->c + i * N * p;
        double *x = opts->decisions ? opts->decisions + i * N * d : b.x;
        double loss = NAN, opt_loss = NAN;
        if (policy) {
            if ((rc = play_policy(policy, B, c, N, p, d, x, i, &seconds)) != OCO_OK)
                goto fail;
            if (opts->with_opt) {
                const double t0 = oco__now_seconds();
                rc = oco_oobc_opt(cls, N, B, c, NULL, &opt_loss);
                opt_seconds += oco__now_seconds() - t0;
                if (rc != OCO_OK) {
                    rc = where(rc, "the hindsight optimum", i, 0);
                    goto fail;
                }
            }
        } else {
            const double t0 = oco__now_seconds();
            rc = oco_oobc_opt(cls, N, B, c, x, &opt_loss);
            seconds += oco__now_seconds() - t0;
            if (rc != OCO_OK) {
                rc = where(rc, "the hindsight optimum", i, 0);
                goto fail;
            }
        }
        if ((rc = evaluate(cls, N, c, x, &loss, b.used, b.g, i)) != OCO_OK)
            goto fail;
        util[i] = -loss / (double)N;
        if (want_opt)
            outil[i] = -opt_loss / (double)N;
        int over = 0;
        double rf = 0;
        for (size_t m = 0; m < M; ++m) {
            over |= b.used[m] > B[m] * (1 + OCO__OOBC_RUN_RTOL);
            rf += (B[m] - b.used[m]) / B[m];
        }
        res->budget_exceeded += (size_t)over;
        rem_sum += rf / (double)M;
        res->n = i + 1;
        if (opts->on_episode && (rc = opts->on_episode(opts->ctx, i, util[i], rf / (double)M)))
            goto fail;
    }
    if (!policy)
        opt_seconds = seconds;
    summarise(res, util, outil, b.sorted, n, want_opt);
    res->remaining_fraction_mean = rem_sum / (double)n;
    res->seconds = seconds;
    res->opt_seconds = opt_seconds;
    res->steps_per_second = seconds > 0 ? (double)(n * N) / seconds : INFINITY;
    bufs_free(&b);
    return OCO_OK;
fail:
    res->seconds = seconds;
    res->opt_seconds = policy ? opt_seconds : seconds;
    bufs_free(&b);
    return rc;
}
