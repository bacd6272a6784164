/* Reproduction `laau-ood`: seed 000 Figs. 3–4 (olp_laau.md §2.3,
 * out-of-distribution test). N = 20; LAAU and RL are trained on training
 * and validation sets whose context values are shifted by d_W ∈ {0.05,
 * 0.10, 0.15, 0.20, 0.25} (oco_oobc_data_shift: c ← clip(c + d_W, 0, 1),
 * the pure mean shift §2.3 [D] reads the unspecified Gaussian noise as; the
 * measured 1-D W1 between the pooled shifted and unshifted training
 * contexts is reported next to the target, the clip at 1 makes it a little
 * smaller), and on the unshifted sets (d_W = 0); every model plays the same
 * unshifted test set. MW and OPT use no training data: flat lines.
 *
 * Fig. 4 of the paper is a t-SNE picture of the shifted data; we show the
 * distribution of the pooled context values instead (what the shift moves).
 *
 * Claims (fixed before any run): LAAU and RL degrade (mean utility at
 * d_W = 0.25 below that at 0); LAAU degrades less than RL (drop
 * mean(0) − mean(0.25) smaller); LAAU above MW at every d_W; no budget
 * exceeded. Data: the synthetic stand-in, not the Azure trace. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "experiments/exp_laau.h"
#include "experiments/progress.h"
#include "experiments/report.h"

enum { ND = 6, OOD_N = 20, NBIN = 50 };
static const double dW[ND] = {0, 0.05, 0.10, 0.15, 0.20, 0.25};

enum { C_LAAU_DEG, C_RL_DEG, C_LESS, C_MW, C_BUDGET, NCLAIM };

typedef struct ood_run {
    const oco_exp_env *env;
    double t0;
    lx_sizes sz;
    oco_oobc_class *cls;
    oco_oobc_data *train, *val, *test;
    oco_oobc_data *strain[ND], *sval[ND];
    double w1[ND];
    lx_train *tj; /* (d·2 + kind)·K + seed */
    size_t nt;
    lx_eval *ej; /* (d·2 + kind)·K + seed, then MW, then OPT */
    size_t ne;
    double *u[ND][2]; /* per test episode, mean over seeds; NULL if none ran */
    oco_summary us[ND][2], mw, opt;
    oco_summary drop[2]; /* paired mean(0) − mean(0.25) */
    oco_summary vsmw[ND]; /* LAAU − MW, paired */
    oco_summary delta[ND][2]; /* mean(d) − mean(0), paired */
    int verdict[NCLAIM];
    size_t claims, passed;
    double *work;
    int shown[2];
    char err[2][512];
} ood_run;

static int make_data(ood_run *r)
{
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    oco_oobc_data *tv =
        oco_oobc_data_synthetic(r->cls, OOD_N, r->sz.ntrain + r->sz.nval, LX_DATA_SEED, &so);
    if (!tv)
        return oco_last_error_code();
    r->train = oco_oobc_data_slice(tv, 0, r->sz.ntrain);
    r->val = oco_oobc_data_slice(tv, r->sz.ntrain, r->sz.nval);
    oco_oobc_data_free(tv);
    so.first = OCO_OOBC_TEST_FIRST;
    r->test = oco_oobc_data_synthetic(r->cls, OOD_N, r->sz.ntest, LX_DATA_SEED, &so);
    if (!r->train || !r->val || !r->test)
        return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
    for (size_t d = 0; d < ND; ++d) {
        r->strain[d] = oco_oobc_data_shift(r->train, dW[d]);
        r->sval[d] = oco_oobc_data_shift(r->val, dW[d]);
        if (!r->strain[d] || !r->sval[d])
            return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        int rc = oco_oobc_data_wasserstein(r->strain[d], r->train, &r->w1[d]);
        if (rc != OCO_OK)
            return rc;
    }
    return OCO_OK;
}

static int make_jobs(ood_run *r)
{
    const size_t K = r->sz.seeds;
    r->nt = ND * 2 * K;
    r->ne = r->nt + 2;
    r->tj = calloc(r->nt, sizeof *r->tj);
    r->ej = calloc(r->ne, sizeof *r->ej);
    if (!r->tj || !r->ej)
        return oco_set_error(OCO_ENOMEM, "laau-ood: out of memory");
    for (size_t d = 0; d < ND; ++d)
        for (size_t k = 0; k < 2; ++k)
            for (size_t s = 0; s < K; ++s) {
                size_t i = (d * 2 + k) * K + s;
                lx_train *t = &r->tj[i];
                t->cls = r->cls;
                t->N = OOD_N;
                t->kind = k == 0 ? OCO_OOBC_MODEL_LAAU : OCO_OOBC_MODEL_RL;
                t->seed = (uint64_t)(s + 1);
                t->train = r->strain[d];
                t->val = r->sval[d];
                t->epochs = r->sz.epochs;
                t->epochs_lr1 = r->sz.epochs_lr1;
                snprintf(t->tag, sizeof t->tag, "trained at d_W = %.2f", dW[d]);
                lx_eval *e = &r->ej[i];
                e->cls = r->cls;
                e->N = OOD_N;
                e->method = k == 0 ? LX_LAAU : LX_RL;
                e->test = r->test; /* the model is set after training */
            }
    for (size_t i = r->nt; i < r->ne; ++i) {
        lx_eval *e = &r->ej[i];
        e->cls = r->cls;
        e->N = OOD_N;
        e->method = i == r->nt ? LX_MW : LX_OPT;
        e->test = r->test;
    }
    return OCO_OK;
}

static int aggregate(ood_run *r)
{
    const size_t K = r->sz.seeds, nt = r->test->n;
    for (size_t d = 0; d < ND; ++d)
        for (size_t k = 0; k < 2; ++k) {
            double *u = calloc(nt ? nt : 1, sizeof *u);
            if (!u)
                return oco_set_error(OCO_ENOMEM, "laau-ood: out of memory");
            size_t got = 0;
            for (size_t s = 0; s < K; ++s) {
                const lx_eval *e = &r->ej[(d * 2 + k) * K + s];
                if (e->rc != OCO_OK)
                    continue;
                for (size_t i = 0; i < nt; ++i)
                    u[i] += e->utility[i];
                got++;
            }
            if (!got) {
                free(u);
                continue;
            }
            for (size_t i = 0; i < nt; ++i)
                u[i] /= (double)got;
            r->u[d][k] = u;
            r->us[d][k] = oco_summarize(u, nt);
        }
    const lx_eval *mw = &r->ej[r->nt], *opt = &r->ej[r->nt + 1];
    r->mw = mw->rc == OCO_OK ? oco_summarize(mw->utility, nt) : (oco_summary){0, NAN, NAN, NAN};
    r->opt = opt->rc == OCO_OK ? oco_summarize(opt->utility, nt) : (oco_summary){0, NAN, NAN, NAN};
    for (size_t k = 0; k < 2; ++k)
        if (r->u[0][k] && r->u[ND - 1][k])
            r->drop[k] = oco__lx_paired(r->u[0][k], r->u[ND - 1][k], nt, r->work);
    for (size_t d = 0; d < ND; ++d)
        for (size_t k = 0; k < 2; ++k)
            if (r->u[d][k] && r->u[0][k])
                r->delta[d][k] = oco__lx_paired(r->u[d][k], r->u[0][k], nt, r->work);
    for (size_t d = 0; d < ND; ++d)
        if (r->u[d][0] && mw->rc == OCO_OK)
            r->vsmw[d] = oco__lx_paired(r->u[d][0], mw->utility, nt, r->work);
    return OCO_OK;
}

static void claim(ood_run *r, int c, int v)
{
    r->verdict[c] = v;
    if (v >= 0) {
        r->claims++;
        r->passed += (size_t)(v > 0);
    }
}

static void claims(ood_run *r)
{
    for (int c = 0; c < NCLAIM; ++c)
        r->verdict[c] = -1;
    for (size_t k = 0; k < 2; ++k)
        if (r->u[0][k] && r->u[ND - 1][k])
            claim(r, k == 0 ? C_LAAU_DEG : C_RL_DEG, r->us[ND - 1][k].mean < r->us[0][k].mean);
    if (r->drop[0].n && r->drop[1].n)
        claim(r, C_LESS, r->drop[0].mean < r->drop[1].mean);
    if (r->ej[r->nt].rc == OCO_OK) {
        int all = 1, every = 1;
        for (size_t d = 0; d < ND; ++d)
            if (r->u[d][0])
                all &= r->us[d][0].mean > r->mw.mean;
            else
                every = 0;
        if (every)
            claim(r, C_MW, all);
    }
    size_t over = 0, failed = 0, ran = 0;
    for (size_t i = 0; i < r->ne; ++i) {
        if (r->ej[i].missing)
            continue;
        if (r->ej[i].rc != OCO_OK)
            failed++;
        else {
            ran++;
            over += r->ej[i].res.budget_exceeded;
        }
    }
    if (ran)
        claim(r, C_BUDGET, over == 0 && failed == 0);
}

static int figures(ood_run *r)
{
    const char *dir = r->env->dir;
    FILE *f = oco_report_fopen(dir, "fig3_ood.csv");
    if (!f)
        return OCO_EIO;
    fprintf(f, "dW_target,dW_measured,laau_mean,laau_ci95,rl_mean,rl_ci95,mw_mean,mw_ci95,"
               "opt_mean,opt_ci95,laau_delta,laau_delta_ci95,rl_delta,rl_delta_ci95\n");
    for (size_t d = 0; d < ND; ++d) {
        fprintf(f, "%.17g,%.17g", dW[d], r->w1[d]);
        for (size_t k = 0; k < 2; ++k)
            fprintf(f, ",%.17g,%.17g", r->u[d][k] ? r->us[d][k].mean : NAN,
                    r->u[d][k] ? r->us[d][k].ci95 : NAN);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g", r->mw.mean, r->mw.ci95, r->opt.mean,
                r->opt.ci95);
        for (size_t k = 0; k < 2; ++k)
            fprintf(f, ",%.17g,%.17g", r->delta[d][k].n ? r->delta[d][k].mean : NAN,
                    r->delta[d][k].n ? r->delta[d][k].ci95 : NAN);
        fputc('\n', f);
    }
    int rc = oco_report_fclose(f, "fig3_ood.csv");
    if (rc != OCO_OK)
        return rc;
    FILE *gp = oco_report_fopen(dir, "fig3_ood.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "fig3_ood.png", 900, 900);
    /* top: utility (CI over episodes, dominated by their spread); bottom:
     * the paired change against the unshifted model (what the claims read) */
    fprintf(gp, "set datafile separator ','\n"
                "set multiplot layout 2,1 title 'laau-ood (Fig. 3), N = 20, SYNTHETIC stand-in "
                "data: trained on shifted data, tested on unshifted'\n"
                "set grid\n"
                "set key outside right top\n"
                "set xrange [-0.01:0.26]\n"
                "set ylabel 'utility per step (95%% CI)'\n"
                "plot 'fig3_ood.csv' skip 1 using 1:3:4 with yerrorlines lw 2 pt 7 title 'LAAU', "
                "\\\n"
                "     '' skip 1 using 1:5:6 with yerrorlines lw 2 pt 5 title 'RL', \\\n"
                "     '' skip 1 using 1:7 with lines dt 2 lw 2 title 'MW (no training data)', \\\n"
                "     '' skip 1 using 1:9 with lines dt 3 lw 2 lc rgb 'black' title 'OPT'\n"
                "set xlabel 'd_W of the training data (target; measured W1 in fig3_ood.csv)'\n"
                "set ylabel 'change vs d_W = 0, paired (95%% CI)'\n"
                "plot 'fig3_ood.csv' skip 1 using 1:11:12 with yerrorlines lw 2 pt 7 title "
                "'LAAU', \\\n"
                "     '' skip 1 using 1:13:14 with yerrorlines lw 2 pt 5 title 'RL', \\\n"
                "     0 with lines lt -1 notitle\n"
                "unset multiplot\n");
    rc = oco_report_fclose(gp, "fig3_ood.gp");
    if (rc != OCO_OK)
        return rc;
    r->shown[0] = oco__lx_render(r->env, "fig3_ood.gp", "fig3_ood.png", r->err[0],
                                 sizeof r->err[0]);

    /* Fig. 4 stand-in: density of the pooled training contexts per shift */
    f = oco_report_fopen(dir, "fig4_contexts.csv");
    if (!f)
        return OCO_EIO;
    fprintf(f, "c_mid");
    for (size_t d = 0; d < ND; ++d)
        fprintf(f, ",density_dW_%.2f", dW[d]);
    fputc('\n', f);
    double hist[ND][NBIN];
    memset(hist, 0, sizeof hist);
    for (size_t d = 0; d < ND; ++d) {
        const oco_oobc_data *x = r->strain[d];
        const size_t cnt = x->n * x->N * x->p;
        for (size_t i = 0; i < cnt; ++i) {
            long b = (long)floor(x->c[i] * NBIN);
            b = b < 0 ? 0 : b >= NBIN ? NBIN - 1 : b;
            hist[d][b] += 1.0;
        }
        for (size_t b = 0; b < NBIN && cnt; ++b)
            hist[d][b] *= (double)NBIN / (double)cnt;
    }
    for (size_t b = 0; b < NBIN; ++b) {
        fprintf(f, "%.17g", (b + 0.5) / NBIN);
        for (size_t d = 0; d < ND; ++d)
            fprintf(f, ",%.17g", hist[d][b]);
        fputc('\n', f);
    }
    rc = oco_report_fclose(f, "fig4_contexts.csv");
    if (rc != OCO_OK)
        return rc;
    gp = oco_report_fopen(dir, "fig4_contexts.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "fig4_contexts.png", 900, 600);
    fprintf(gp, "set datafile separator ','\n"
                "set title 'laau-ood (stand-in for Fig. 4): pooled training contexts, shifted by "
                "d_W and clipped to [0, 1]'\n"
                "set xlabel 'context value c'\n"
                "set ylabel 'density'\n"
                "set grid\n"
                "set key outside right top\n");
    for (size_t d = 0; d < ND; ++d)
        fprintf(gp, "%s'fig4_contexts.csv' skip 1 using 1:%zu with steps lw 2 title 'd_W = %.2f'",
                d ? ", \\\n     " : "plot ", d + 2, dW[d]);
    fputc('\n', gp);
    rc = oco_report_fclose(gp, "fig4_contexts.gp");
    if (rc != OCO_OK)
        return rc;
    r->shown[1] = oco__lx_render(r->env, "fig4_contexts.gp", "fig4_contexts.png", r->err[1],
                                 sizeof r->err[1]);

    /* every run */
    f = oco_report_fopen(dir, "runs.csv");
    if (!f)
        return OCO_EIO;
    fprintf(f, "dW_target,dW_measured,method,seed,ok,utility_mean,utility_ci95,"
               "remaining_fraction_mean,budget_exceeded,train_seconds,best_epoch,"
               "best_val_utility,error\n");
    for (size_t i = 0; i < r->ne; ++i) {
        const lx_eval *e = &r->ej[i];
        const lx_train *t = i < r->nt ? &r->tj[i] : NULL;
        size_t d = i < r->nt ? i / (2 * r->sz.seeds) : 0;
        if (t)
            fprintf(f, "%.17g,%.17g,%s,%llu,", dW[d], r->w1[d], oco__lx_name[e->method],
                    (unsigned long long)t->seed);
        else
            fprintf(f, ",,%s,0,", oco__lx_name[e->method]);
        fprintf(f, "%d,%.17g,%.17g,%.17g,%zu,%.6g,%zu,%.17g,", e->rc == OCO_OK,
                e->res.utility_mean, e->res.utility_ci95, e->res.remaining_fraction_mean,
                e->res.budget_exceeded, t ? t->rep.seconds : NAN, t ? t->rep.best_epoch : 0,
                t ? t->rep.best_val_utility : NAN);
        const char *msg = t && t->rc != OCO_OK ? t->err : e->err;
        for (const char *c = msg; *c; ++c)
            fputc(*c == ',' || *c == '"' || *c == '\n' ? ' ' : *c, f);
        fputc('\n', f);
    }
    return oco_report_fclose(f, "runs.csv");
}

static void mci(FILE *md, const oco_summary *s, int ok)
{
    if (ok && s->n)
        fprintf(md, "%.4f ± %.4f", s->mean, s->ci95);
    else
        fprintf(md, "—");
}

static void report(const ood_run *r, FILE *md)
{
    const oco_exp_env *env = r->env;
    const char *dn = env->dirname;
    fprintf(md, "## laau-ood — LAAU and RL trained on shifted data, tested on unshifted data "
                "(seed 000, Figs. 3–4)\n\n");
    fprintf(md, "**Data: synthetic stand-in (diurnal + AR(1)), not the Azure trace** (data seed "
                "%u); only orderings are comparable with the paper.\n\n",
            LX_DATA_SEED);
    fprintf(md, "Run time: this run %.1f s%s. " LX_FULL_TIME_MD "\n\n", oco_now() - r->t0,
            env->quick ? " (--quick)" : "");
    fprintf(md, "Source: seed 000 §6 (out-of-distribution test), `../shared/algorithms/"
                "olp_laau.md` §2.3. The paper adds Gaussian noise of unstated mean and variance "
                "to the training data only, for Wasserstein distances d_W ∈ {0.05, …, 0.25}; "
                "here (§2.3 [D]) a pure mean shift c ← clip(c + d_W, 0, 1) of the training and "
                "validation contexts realises the target 1-D W1 between the pooled context "
                "values up to the clip at 1 (measured below). Fairness class, N = %d, ",
            OOD_N);
    oco__lx_sizes_md(md, env, &r->sz);
    fprintf(md, "; every model (and MW, OPT) plays the same unshifted test set (episodes from "
                "OCO_OOBC_TEST_FIRST). d_W = 0 is the unshifted training.\n\n");
    oco__lx_failures_md(md, r->tj, r->nt, r->ej, r->ne);
    fprintf(md, "| # | claim (source) | check (fixed in advance) | measured | verdict |\n"
                "|---|---|---|---|---|\n");
    static const char *who[2] = {"LAAU", "RL"};
    for (size_t k = 0; k < 2; ++k) {
        fprintf(md, "| %zu | %s degrades out of distribution (Fig. 3) | mean utility at d_W = "
                    "0.25 < at d_W = 0 | ",
                k + 1, who[k]);
        mci(md, &r->us[ND - 1][k], r->u[ND - 1][k] != NULL);
        fprintf(md, " vs ");
        mci(md, &r->us[0][k], r->u[0][k] != NULL);
        fprintf(md, " | %s |\n", oco__lx_verdict(r->verdict[k == 0 ? C_LAAU_DEG : C_RL_DEG]));
    }
    fprintf(md, "| 3 | LAAU degrades less than RL (Fig. 3) | drop mean(0) − mean(0.25) of LAAU "
                "< of RL (paired drops ± 95%% CI) | LAAU ");
    mci(md, &r->drop[0], r->drop[0].n > 0);
    fprintf(md, ", RL ");
    mci(md, &r->drop[1], r->drop[1].n > 0);
    fprintf(md, " | %s |\n", oco__lx_verdict(r->verdict[C_LESS]));
    fprintf(md, "| 4 | LAAU stays above MW even at large d_W (Fig. 3) | mean of LAAU > mean of "
                "MW at every d_W | smallest paired gap LAAU − MW: ");
    {
        size_t worst = ND;
        for (size_t d = 0; d < ND; ++d)
            if (r->vsmw[d].n && (worst == ND || r->vsmw[d].mean < r->vsmw[worst].mean))
                worst = d;
        if (worst < ND)
            fprintf(md, "%+.4f ± %.4f at d_W = %.2f", r->vsmw[worst].mean, r->vsmw[worst].ci95,
                    dW[worst]);
        else
            fprintf(md, "—");
    }
    fprintf(md, " | %s |\n", oco__lx_verdict(r->verdict[C_MW]));
    size_t over = 0;
    for (size_t i = 0; i < r->ne; ++i)
        over += r->ej[i].res.budget_exceeded;
    fprintf(md, "| 5 | the strict budget holds (§2.1) | budget_exceeded = 0 in every run, every "
                "run completed | %zu | %s |\n\n",
            over, oco__lx_verdict(r->verdict[C_BUDGET]));

    fprintf(md, "| d_W target | W1 measured | LAAU | RL | MW | OPT | LAAU training s | RL "
                "training s |\n|---|---|---|---|---|---|---|---|\n");
    for (size_t d = 0; d < ND; ++d) {
        fprintf(md, "| %.2f | %.4f | ", dW[d], r->w1[d]);
        mci(md, &r->us[d][0], r->u[d][0] != NULL);
        fprintf(md, " | ");
        mci(md, &r->us[d][1], r->u[d][1] != NULL);
        fprintf(md, " | ");
        mci(md, &r->mw, r->ej[r->nt].rc == OCO_OK);
        fprintf(md, " | ");
        mci(md, &r->opt, r->ej[r->nt + 1].rc == OCO_OK);
        double ts[2] = {0, 0};
        for (size_t k = 0; k < 2; ++k)
            for (size_t s = 0; s < r->sz.seeds; ++s)
                ts[k] += r->tj[(d * 2 + k) * r->sz.seeds + s].rep.seconds;
        fprintf(md, " | %.1f | %.1f |\n", ts[0], ts[1]);
    }
    fputc('\n', md);
    oco__lx_unstable_md(md, r->tj, r->nt, NULL, dn);
    oco_report_figure(md, dn, "fig3_ood.png", "Fig. 3: utility vs d_W of the training data",
                      r->shown[0], r->err[0]);
    fprintf(md, "The paper's Fig. 4 is a t-SNE embedding of the shifted data; instead, the "
                "density of the pooled training context values for each shift:\n\n");
    oco_report_figure(md, dn, "fig4_contexts.png", "context densities per shift", r->shown[1],
                      r->err[1]);
    fprintf(md, "Data: `%s/fig3_ood.csv`, `%s/fig4_contexts.csv`, `%s/runs.csv` (one row per "
                "model or baseline run); scripts `%s/*.gp`. Wall time %.1f s.\n\n",
            dn, dn, dn, dn, oco_now() - r->t0);
}

static void run_free(ood_run *r)
{
    oco__lx_train_free(r->tj, r->nt);
    oco__lx_eval_free(r->ej, r->ne);
    free(r->tj);
    free(r->ej);
    for (size_t d = 0; d < ND; ++d) {
        oco_oobc_data_free(r->strain[d]);
        oco_oobc_data_free(r->sval[d]);
        free(r->u[d][0]);
        free(r->u[d][1]);
    }
    oco_oobc_data_free(r->train);
    oco_oobc_data_free(r->val);
    oco_oobc_data_free(r->test);
    oco_oobc_class_free(r->cls);
    free(r->work);
    free(r);
}

int oco_exp_laau_ood(const oco_exp_env *env, oco_exp_outcome *out)
{
    ood_run *r = calloc(1, sizeof *r);
    if (!r)
        return oco_set_error(OCO_ENOMEM, "laau-ood: out of memory");
    r->env = env;
    r->t0 = oco_now();
    r->sz = oco__lx_sizes(env);
    int rc = OCO_OK;
    r->cls = oco_oobc_class_new("fairness", NULL);
    r->work = malloc((r->sz.ntest ? r->sz.ntest : 1) * sizeof *r->work);
    if (!r->cls || !r->work)
        rc = oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
    if (rc == OCO_OK)
        rc = make_data(r);
    if (rc == OCO_OK)
        rc = make_jobs(r);
    if (rc == OCO_OK)
        rc = oco__lx_train_all(env, "laau-ood: training", r->tj, r->nt);
    if (rc == OCO_OK) {
        for (size_t i = 0; i < r->nt; ++i)
            r->ej[i].model = r->tj[i].model;
        rc = oco__lx_eval_all(env, "laau-ood: test", r->ej, r->ne);
    }
    if (rc == OCO_OK)
        rc = aggregate(r);
    if (rc == OCO_OK) {
        claims(r);
        rc = figures(r);
    }
    if (rc == OCO_OK) {
        report(r, env->report);
        out->claims += r->claims;
        out->passed += r->passed;
    }
    run_free(r);
    return rc;
}
