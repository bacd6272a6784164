/* What `laau-fairness` and `laau-ood` share (exp_laau.h): sizes, training
 * and evaluation jobs in parallel, quantiles, paired differences. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "experiments/exp_laau.h"
#include "experiments/progress.h"
#include "experiments/report.h"

const char *const oco__lx_name[LX_NMETH] = {"opt", "laau", "rl",  "equal",
                                            "avg-lt", "dgd", "mw", "cr-pursuit"};
const char *const oco__lx_label[LX_NMETH] = {"OPT",    "LAAU", "RL", "Equal",
                                             "AVG-LT", "DGD",  "MW", "CR-Pursuit"};

lx_sizes oco__lx_sizes(const oco_exp_env *env)
{
    lx_sizes s;
    if (env->quick)
        s = (lx_sizes){1000, 200, 1000, 12, 8, 1};
    else
        s = (lx_sizes){5000, 1000, 2000, 80, 50, 1}; /* §2.3 [S] */
    if (env->T_max) {
        if (s.ntrain > env->T_max)
            s.ntrain = env->T_max;
        if (s.ntest > env->T_max)
            s.ntest = env->T_max;
        size_t v = env->T_max / 5 < 10 ? 10 : env->T_max / 5;
        if (s.nval > v)
            s.nval = v;
    }
    if (env->seeds)
        s.seeds = env->seeds;
    return s;
}

void oco__lx_sizes_md(FILE *md, const oco_exp_env *env, const lx_sizes *s)
{
    fprintf(md, "training/validation/test = %zu/%zu/%zu episodes (the paper: 5000/1000/2000%s), "
                "Adam with mini-batches of 10, learning rate 5e-3 for %zu epochs then 2.5e-3 for "
                "%zu (the paper: 50 + 30), the weights of the best validation epoch kept [D]; "
                "%zu training seed%s (model initialisation and shuffling; seed k = 1..%zu)",
            s->ntrain, s->nval, s->ntest,
            env->T_max ? "; --T-max caps the training and test sets here" : "", s->epochs_lr1,
            s->epochs - s->epochs_lr1, s->seeds, s->seeds == 1 ? "" : "s", s->seeds);
    if (env->quick)
        fprintf(md, " — **--quick: a reduced schedule, not the paper's**");
}

/* ---- training -------------------------------------------------------------------- */

typedef struct train_ctx {
    lx_train *jobs;
    oco_progress *progress;
} train_ctx;

static int on_epoch(void *vctx, size_t epoch, double tu, double vu, double seconds)
{
    lx_train *j = vctx;
    if (j->curve && epoch >= 1 && epoch <= j->epochs) {
        double *row = j->curve + 3 * (epoch - 1);
        row[0] = tu;
        row[1] = vu;
        row[2] = seconds;
        if (epoch > j->ncurve)
            j->ncurve = epoch;
    }
    return 0;
}

static double train_work(const lx_train *j)
{
    return (double)j->epochs * (double)(j->train->n + j->val->n) * (double)j->N;
}

static int train_one(void *vctx, size_t i)
{
    train_ctx *c = vctx;
    lx_train *j = &c->jobs[i];
    oco_oobc_model_opts mo = oco_oobc_model_opts_default();
    mo.kind = j->kind;
    mo.seed = j->seed;
    j->curve = calloc(3 * (j->epochs ? j->epochs : 1), sizeof *j->curve);
    j->model = oco_oobc_model_new(j->cls, j->N, &mo, NULL);
    j->rc = j->model && j->curve ? OCO_OK : oco_last_error_code() ? oco_last_error_code()
                                                                  : OCO_ENOMEM;
    if (j->rc == OCO_OK) {
        oco_oobc_train_opts to = oco_oobc_train_opts_default();
        to.epochs = j->epochs;
        to.epochs_lr1 = j->epochs_lr1;
        to.seed = j->seed;
        to.progress = on_epoch;
        to.ctx = j;
        j->rc = oco_oobc_train(j->model, j->cls, j->train, j->val, &to, &j->rep);
    }
    if (j->rc != OCO_OK) {
        snprintf(j->err, sizeof j->err, "train %s N=%zu: %s", oco_oobc_model_kind_name(j->kind),
                 j->N, oco_last_error()[0] ? oco_last_error() : oco_strerror(j->rc));
        oco_clear_error();
        oco_oobc_model_free(j->model);
        j->model = NULL;
    }
    oco_progress_step(c->progress, train_work(j));
    return OCO_OK;
}

int oco__lx_train_all(const oco_exp_env *env, const char *label, lx_train *jobs, size_t n)
{
    double work = 0;
    for (size_t i = 0; i < n; ++i)
        work += train_work(&jobs[i]);
    train_ctx c = {jobs, env->progress};
    oco_progress_begin(env->progress, label, n, work);
    int rc = oco_jobs_run(n, env->jobs, train_one, &c);
    oco_progress_end(env->progress);
    return rc;
}

void oco__lx_train_free(lx_train *jobs, size_t n)
{
    for (size_t i = 0; jobs && i < n; ++i) {
        oco_oobc_model_free(jobs[i].model);
        free(jobs[i].curve);
    }
}

/* ---- evaluation --------------------------------------------------------------------- */

typedef struct eval_ctx {
    lx_eval *jobs;
    oco_progress *progress;
} eval_ctx;

static int on_episode(void *vctx, size_t i, double utility, double remaining)
{
    lx_eval *j = vctx;
    if (i < j->test->n)
        j->remaining[i] = remaining;
    (void)utility; /* res.utility receives it */
    return 0;
}

static double eval_work(const lx_eval *j)
{
    /* CR-Pursuit: O(N^2) per episode, and its π fit replays the training set */
    double w = (double)j->test->n * (double)j->N;
    if (j->method == LX_CR)
        w *= (double)j->N * (1.0 + (j->train ? 10.0 * (double)j->train->n / (double)j->test->n
                                               : 0.0));
    return w;
}

static int eval_one(void *vctx, size_t i)
{
    eval_ctx *c = vctx;
    lx_eval *j = &c->jobs[i];
    const size_t n = j->test->n;
    oco_oobc *pol = NULL;
    j->fitted = NAN;
    j->utility = calloc(n ? n : 1, sizeof *j->utility);
    j->remaining = calloc(n ? n : 1, sizeof *j->remaining);
    j->rc = j->utility && j->remaining ? OCO_OK : OCO_ENOMEM;
    if (j->rc == OCO_OK && j->method != LX_OPT) {
        const oco_oobc_type *type = oco_oobc_find(oco__lx_name[j->method]);
        if (!type) {
            j->missing = 1;
            j->rc = OCO_ENOTFOUND;
        } else if ((type->needs & OCO_OOBC_NEEDS_MODEL) && !j->model) {
            j->rc = oco_set_error(OCO_ESTATE, "no trained model (its training failed)");
        } else {
            oco_oobc_setup s = oco_oobc_setup_default();
            s.cls = j->cls;
            s.N = j->N;
            s.model = (type->needs & OCO_OOBC_NEEDS_MODEL) ? j->model : NULL;
            s.train = (type->needs & OCO_OOBC_NEEDS_TRAIN) ? j->train : NULL;
            double t0 = oco_now();
            pol = oco_oobc_new(type, &s, NULL, 0);
            j->fit_seconds = oco_now() - t0;
            if (!pol)
                j->rc = oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
            /* what avg-lt and cr-pursuit fitted (M = 1): their multiplier hook */
            if (pol && (j->method == LX_AVGLT || j->method == LX_CR) &&
                oco_oobc_multiplier(pol, &j->fitted) != OCO_OK) {
                j->fitted = NAN;
                oco_clear_error();
            }
        }
    }
    if (j->rc == OCO_OK) {
        oco_oobc_run_opts ro = oco_oobc_run_opts_default();
        ro.with_opt = 0;
        ro.on_episode = on_episode;
        ro.ctx = j;
        memset(&j->res, 0, sizeof j->res);
        j->res.utility = j->utility;
        j->rc = oco_oobc_run(pol, j->cls, j->test, &ro, &j->res);
    }
    if (j->rc != OCO_OK) {
        snprintf(j->err, sizeof j->err, "%s N=%zu: %s", oco__lx_name[j->method], j->N,
                 oco_last_error()[0] ? oco_last_error() : oco_strerror(j->rc));
        oco_clear_error();
    }
    oco_oobc_free(pol);
    oco_progress_step(c->progress, eval_work(j));
    return OCO_OK;
}

int oco__lx_eval_all(const oco_exp_env *env, const char *label, lx_eval *jobs, size_t n)
{
    double work = 0;
    for (size_t i = 0; i < n; ++i)
        work += eval_work(&jobs[i]);
    eval_ctx c = {jobs, env->progress};
    oco_progress_begin(env->progress, label, n, work);
    int rc = oco_jobs_run(n, env->jobs, eval_one, &c);
    oco_progress_end(env->progress);
    return rc;
}

void oco__lx_eval_free(lx_eval *jobs, size_t n)
{
    for (size_t i = 0; jobs && i < n; ++i) {
        free(jobs[i].utility);
        free(jobs[i].remaining);
        jobs[i].utility = jobs[i].remaining = NULL;
    }
}

/* ---- statistics ------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(const double *sorted, size_t n, double q)
{
    double h = q * (double)(n - 1);
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

lx_box oco__lx_box(const double *x, size_t n, double *work)
{
    lx_box b = {NAN, NAN, NAN, NAN, NAN};
    if (n == 0)
        return b;
    memcpy(work, x, n * sizeof *work);
    qsort(work, n, sizeof *work, cmp_double);
    b.min = work[0];
    b.p25 = quantile(work, n, 0.25);
    b.median = quantile(work, n, 0.5);
    b.p75 = quantile(work, n, 0.75);
    b.max = work[n - 1];
    return b;
}

oco_summary oco__lx_paired(const double *a, const double *b, size_t n, double *work)
{
    for (size_t i = 0; i < n; ++i)
        work[i] = a[i] - b[i];
    return oco_summarize(work, n);
}

/* ---- report helpers ------------------------------------------------------------------------ */

const char *oco__lx_verdict(int v) { return v < 0 ? "not checked" : v ? "**PASS**" : "**FAIL**"; }

int oco__lx_render(const oco_exp_env *env, const char *gp, const char *png, char *err, size_t len)
{
    err[0] = '\0';
    if (!env->have_gnuplot)
        return 0;
    if (oco_gnuplot_run(env->dir, gp, png) != OCO_OK) {
        snprintf(err, len, "%s", oco_last_error());
        oco_clear_error();
        return 0;
    }
    return 1;
}

void oco__lx_failures_md(FILE *md, const lx_train *tj, size_t nt, const lx_eval *ej, size_t ne)
{
    size_t nf = 0, nm = 0;
    const char *first = NULL;
    for (size_t i = 0; i < nt; ++i)
        if (tj[i].rc != OCO_OK && !nf++)
            first = tj[i].err;
    for (size_t i = 0; i < ne; ++i) {
        if (ej[i].missing)
            nm++;
        else if (ej[i].rc != OCO_OK && !nf++)
            first = ej[i].err;
    }
    if (nm) {
        fprintf(md, "**Not in this build, skipped (their claims are \"not checked\"):** ");
        int any = 0;
        for (int m = 0; m < LX_NMETH; ++m) {
            int miss = 0;
            for (size_t i = 0; i < ne; ++i)
                miss |= ej[i].missing && ej[i].method == m;
            if (miss)
                fprintf(md, "%s`%s`", any++ ? ", " : "", oco__lx_name[m]);
        }
        fprintf(md, ".\n\n");
    }
    if (nf)
        fprintf(md, "**%zu of %zu jobs failed** and are left out (first error: %s).\n\n", nf,
                nt + ne - nm, first);
}

void oco__lx_unstable_md(FILE *md, const lx_train *tj, size_t nt, const char *curves,
                         const char *dirname)
{
    int any = 0;
    for (size_t i = 0; i < nt; ++i) {
        const lx_train *t = &tj[i];
        if (t->rc != OCO_OK || !(t->rep.final_train_utility < t->rep.best_val_utility - 0.05))
            continue;
        if (!any++)
            fprintf(md, "Unstable training (the last epoch's training utility more than 0.05 "
                        "below the best validation utility; the weights kept are those of the "
                        "best validation epoch):");
        fprintf(md, "%s %s at N = %zu%s%s (seed %llu, best epoch %zu: %.4f, last epoch %.4f)",
                any > 1 ? ";" : "", oco_oobc_model_kind_name(t->kind), t->N,
                t->tag[0] ? ", " : "", t->tag,
                (unsigned long long)t->seed, t->rep.best_epoch, t->rep.best_val_utility,
                t->rep.final_train_utility);
    }
    if (any && curves)
        fprintf(md, "; see `%s/%s`.\n\n", dirname, curves);
    else if (any)
        fprintf(md, ".\n\n");
}
