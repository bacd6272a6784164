/* The `olp` reproduction's output: per-series CSVs, the three log–log
 * figures (regret + violation, regret, violation; one panel per series), the
 * claims of seed 002 with PASS/FAIL, and the tables. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "experiments/exp_olp.h"
#include "experiments/report.h"

/* Tolerances of the slope claims. A fitted slope over T = 10²..10⁶ (10⁵ in
 * --quick) carries the bias of lower-order terms and seed noise. */
#define TOL_HALF 0.15  /* Algorithm 1, O(√T): rejects T^{1/3} and log T */
#define TOL_THIRD 0.12 /* decoupled, γ = 2, O(T^{1/3}): rejects √T and log T */
#define LOG_SLOPE_MAX 0.25 /* γ = 1, O(log T): log T has slope ≈ 0.12 on 10²..10⁶ */

static const char *metric_file[3] = {"rv", "regret", "violation"};
static const char *metric_name[3] = {"regret + violation", "regret", "violation"};

static void csv_cell(FILE *f, const oco_summary *s, size_t runs)
{
    if (runs)
        fprintf(f, ",%.17g,%.17g", s->mean, s->ci95);
    else
        fprintf(f, ",?,?");
}

/* series_type<T>_m<m>.csv: T, then per method rv, regret, violation (mean,
 * ci95) and seconds per run; "?" where the method did not run. */
static int write_series_csv(const oco_exp_env *env, const olp_results *R, size_t s)
{
    char name[64];
    snprintf(name, sizeof name, "series_type%d_m%zu.csv", olp_series_list[s].type,
             olp_series_list[s].m);
    FILE *f = oco_report_fopen(env->dir, name);
    if (!f)
        return OCO_EIO;
    fputs("T", f);
    for (size_t k = 0; k < OLP_NMETHODS; ++k)
        for (int m = 0; m < 3; ++m)
            fprintf(f, ",%s_%s,%s_%s_ci95", olp_methods[k].file, metric_file[m],
                    olp_methods[k].file, metric_file[m]);
    fputc('\n', f);
    for (size_t t = 0; t < R->nT; ++t) {
        fprintf(f, "%zu", R->Ts[t]);
        for (size_t k = 0; k < OLP_NMETHODS; ++k) {
            const olp_cell *c = &R->cell[k][s][t];
            csv_cell(f, &c->rv, c->runs);
            csv_cell(f, &c->r, c->runs);
            csv_cell(f, &c->v, c->runs);
        }
        fputc('\n', f);
    }
    return oco_report_fclose(f, name);
}

/* One figure per metric, one panel per series, one line per method. */
static int write_plot(const oco_exp_env *env, int metric)
{
    char gpname[32], png[32];
    snprintf(gpname, sizeof gpname, "%s.gp", metric_file[metric]);
    snprintf(png, sizeof png, "%s.png", metric_file[metric]);
    FILE *gp = oco_report_fopen(env->dir, gpname);
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, png, 1500, 1200);
    fprintf(gp, "set datafile separator ','\nset datafile missing '?'\n"
                "set logscale xy\nset grid\nset key left top font ',8'\n"
                "set xlabel 'T'\nset ylabel 'mean %s'\n"
                "set multiplot layout 3,3 title 'olp (seed 002): mean %s over seeds vs T "
                "(points <= 0 not drawn on the log axis)'\n",
            metric_name[metric], metric_name[metric]);
    for (size_t s = 0; s < OLP_NSERIES; ++s) {
        fprintf(gp, "set title 'type %d, m = %zu'\n", olp_series_list[s].type,
                olp_series_list[s].m);
        for (size_t k = 0; k < OLP_NMETHODS; ++k) {
            const int col = 2 + (int)(k * 6) + 2 * metric;
            fprintf(gp, "%s'series_type%d_m%zu.csv' skip 1 using 1:(column(%d)>0?column(%d):1/0) "
                        "with linespoints lc %zu pt %zu title '%s'",
                    k ? ", \\\n     " : "plot ", olp_series_list[s].type, olp_series_list[s].m,
                    col, col, k + 1, k + 1, olp_methods[k].label);
        }
        fputc('\n', gp);
    }
    fputs("unset multiplot\n", gp);
    int rc = oco_report_fclose(gp, gpname);
    if (rc != OCO_OK || !env->have_gnuplot)
        return rc;
    return oco_gnuplot_run(env->dir, gpname, png);
}

/* The largest T at which method k ran on series s (0 if none). */
static size_t last_t(const olp_results *R, size_t k, size_t s)
{
    for (size_t t = R->nT; t-- > 0;)
        if (R->cell[k][s][t].runs)
            return t + 1;
    return 0;
}

typedef struct claim_row {
    const char *what, *series, *paper;
    char measured[96];
    int verdict; /* 1 PASS, 0 FAIL, -1 not checked */
} claim_row;

static void slope_claim(claim_row *c, const olp_results *R, size_t k, size_t s, double target,
                        double tol, int upper_only)
{
    const olp_fit *f = &R->fit[k][s];
    static char sname[OLP_NSERIES][32];
    snprintf(sname[s], sizeof sname[s], "type %d, m = %zu", olp_series_list[s].type,
             olp_series_list[s].m);
    c->series = sname[s];
    if (f->points < 3 || !isfinite(f->slope)) {
        snprintf(c->measured, sizeof c->measured, "%zu T values (< 3)", f->points);
        c->verdict = -1;
        return;
    }
    snprintf(c->measured, sizeof c->measured, "slope %.3f ± %.3f", f->slope, f->se);
    c->verdict = upper_only ? f->slope <= target : fabs(f->slope - target) <= tol;
}

int olp_report(const oco_exp_env *env, const olp_results *R, oco_exp_outcome *out)
{
    int rc = OCO_OK;
    for (size_t s = 0; s < OLP_NSERIES && rc == OCO_OK; ++s)
        rc = write_series_csv(env, R, s);
    char plot_err[3][512] = {"", "", ""};
    for (int m = 0; m < 3 && rc == OCO_OK; ++m) {
        int prc = write_plot(env, m);
        if (prc == OCO_EIO && env->have_gnuplot)
            snprintf(plot_err[m], sizeof plot_err[m], "%s", oco_last_error());
        else if (prc != OCO_OK)
            rc = prc;
    }
    if (rc != OCO_OK)
        return rc;

    /* ---- claims ---------------------------------------------------------- */
    const size_t alg1 = olp_method_index("alg1"), dec2 = olp_method_index("decoupled_g2"),
                 dec1 = olp_method_index("decoupled_g1"), one = olp_method_index("one_path");
    claim_row claims[16];
    size_t nc = 0;
    for (size_t s = 0; s < OLP_NSERIES; ++s)
        if (olp_series_list[s].type != 8) { /* continuous data */
            claims[nc] = (claim_row){"Algorithm 1, alpha = 1/sqrt(T): r + v = O(sqrt T)", NULL,
                                     "slope 1/2 (Lemmas 4-5)", "", -1};
            slope_claim(&claims[nc++], R, alg1, s, 0.5, TOL_HALF, 0);
        }
    for (size_t s = 0; s < OLP_NSERIES; ++s) {
        if (olp_series_list[s].type == 7) {
            claims[nc] = (claim_row){"decoupled, gamma = 2: r + v = O(T^{1/3})", NULL,
                                     "slope 1/3 (Algorithm 4, §B.9)", "", -1};
            slope_claim(&claims[nc++], R, dec2, s, 1.0 / 3.0, TOL_THIRD, 0);
        }
        if (olp_series_list[s].type == 8) {
            claims[nc] = (claim_row){"decoupled, gamma = 1 (finite support): r + v = O(log T)",
                                     NULL, "log T (Theorem, gamma = 1)", "", -1};
            slope_claim(&claims[nc++], R, dec1, s, LOG_SLOPE_MAX, 0, 1);
        }
    }
    /* Prop. 1: the single path is worse than the decoupled one (type 7). */
    for (size_t s = 0; s < OLP_NSERIES; ++s) {
        if (olp_series_list[s].type != 7)
            continue;
        claim_row *c = &claims[nc++];
        *c = (claim_row){"one-path worse than decoupled at the largest T", "type 7, m = 1",
                         "Omega(sqrt T / log T) vs O(T^{1/3}) (Prop. 1)", "", -1};
        const size_t t = last_t(R, one, s), u = last_t(R, dec2, s);
        if (t && t == u && t >= 2) {
            const olp_cell *a = &R->cell[one][s][t - 1], *b = &R->cell[dec2][s][t - 1];
            snprintf(c->measured, sizeof c->measured, "T = %zu: %.4g vs %.4g", R->Ts[t - 1],
                     a->rv.mean, b->rv.mean);
            c->verdict = a->rv.mean > b->rv.mean;
        }
    }
    /* The hard-budget baselines never overspend. */
    {
        claim_row *c = &claims[nc++];
        *c = (claim_row){"DMD, DLA, AHDL, Wait-Less never exceed the budget", "all",
                         "violation 0 (they accept only what fits)", "", -1};
        double worst = 0;
        for (size_t k = 0; k < OLP_NMETHODS; ++k)
            if (k != alg1 && k != dec2 && k != dec1 && k != one && R->max_violation[k] > worst)
                worst = R->max_violation[k];
        snprintf(c->measured, sizeof c->measured, "largest violation %.3g", worst);
        c->verdict = worst == 0.0;
    }
    size_t checked = 0, passed = 0;
    for (size_t i = 0; i < nc; ++i)
        if (claims[i].verdict >= 0) {
            checked++;
            passed += (size_t)claims[i].verdict;
        }

    FILE *sl = oco_report_fopen(env->dir, "claims.csv");
    if (!sl)
        return OCO_EIO;
    fprintf(sl, "claim,series,paper,measured,verdict\n");
    for (size_t i = 0; i < nc; ++i)
        fprintf(sl, "\"%s\",\"%s\",\"%s\",\"%s\",%s\n", claims[i].what, claims[i].series,
                claims[i].paper, claims[i].measured,
                claims[i].verdict < 0 ? "not checked" : claims[i].verdict ? "PASS" : "FAIL");
    if ((rc = oco_report_fclose(sl, "claims.csv")) != OCO_OK)
        return rc;

    /* ---- the report section ---------------------------------------------- */
    FILE *md = env->report;
    const char *d = env->dirname;
    fprintf(md, "## olp — Online LP: the methods of seed 002 and its baselines\n\n");
    fprintf(md, "Source: seed 002 (Gao, Ge, Sun, Xue, Ye), Algorithms 1–4 and the baselines of "
                "`../shared/algorithms/olp_laau.md` §1.11. Every method plays the same instances "
                "with soft budgets (the session never refuses an order; DMD, DLA, AHDL and "
                "Wait-Less refuse what does not fit by their own rule); the hindsight LP optimum "
                "OPT_LP = max c·x s.t. Ax ≤ b, 0 ≤ x ≤ 1 is solved once per instance (%zu "
                "instances: %zu exact, %zu only an upper bound — regret over-estimated there).\n\n",
            R->njobs, R->n_exact, R->n_bound);
    fprintf(md, "Setting: generator types 1, 2 (m ∈ {1, 5}), 7 (m = 1, the Lemma 7/8 example) "
                "and 8 (finite support, m ∈ {1, 5}); T ∈ {");
    for (size_t t = 0; t < R->nT; ++t)
        fprintf(md, "%s%zu", t ? ", " : "", R->Ts[t]);
    fprintf(md, "}%s; %zu seeds per point (the instances of `olp-alg1` for the same type, m, T "
                "and seed). Metrics (§1.1): regret r = OPT_LP − Σ c_t x_t, violation v = "
                "‖(Ax − b)_+‖₂; mean ± 95%% CI (Student t) over seeds.\n\n",
            env->quick ? " (--quick)" : "", R->K);
    fprintf(md, "Parameters: every method runs with its `oco list` defaults except two, set "
                "here and not from the paper: decoupled with γ = 1 uses κ = 100 in Te = ⌈κ log² T⌉ "
                "(the seed's constant in front of log² T is of order 10³·m(ā+d̄)²/μ³; κ = 1, the "
                "group's value for γ = 2, leaves a learner of ~50–130 orders whose price is off "
                "and the regret linear), and one-path uses κ = 10⁹ so that Te = T: Proposition 1's "
                "single path, whose SGD iterates decide over the whole horizon.\n\n");
    fprintf(md, "Where a method stops: ");
    int any = 0;
    for (size_t k = 0; k < OLP_NMETHODS; ++k)
        if (R->T_max[k] < R->Ts[R->nT - 1]) {
            fprintf(md, "%s%s at T ≤ %zu (%s)", any ? "; " : "", olp_methods[k].label,
                    R->T_max[k], olp_methods[k].why_stop ? olp_methods[k].why_stop : "time");
            any = 1;
        }
    fprintf(md, "%s.\n\n", any ? "" : "none (every method runs every T)");

    fprintf(md, "Claims (PASS if the measurement agrees with the paper within the stated "
                "tolerance: |slope − 1/2| ≤ %.2f, |slope − 1/3| ≤ %.2f, a log-T growth has slope "
                "≤ %.2f over this T range):\n\n| claim | series | paper | measured | verdict |\n"
                "|---|---|---|---|---|\n",
            TOL_HALF, TOL_THIRD, LOG_SLOPE_MAX);
    for (size_t i = 0; i < nc; ++i)
        fprintf(md, "| %s | %s | %s | %s | %s |\n", claims[i].what, claims[i].series,
                claims[i].paper, claims[i].measured,
                claims[i].verdict < 0 ? "not checked" : claims[i].verdict ? "**PASS**" : "**FAIL**");
    fprintf(md, "\n%zu of %zu claims PASS.\n\n", passed, checked);

    fprintf(md, "Fitted log–log slope of mean(r + v) vs T (± s.e.), every method and series "
                "(information; the claims above are the checked ones):\n\n| method |");
    for (size_t s = 0; s < OLP_NSERIES; ++s)
        fprintf(md, " type %d, m = %zu |", olp_series_list[s].type, olp_series_list[s].m);
    fprintf(md, "\n|---|");
    for (size_t s = 0; s < OLP_NSERIES; ++s)
        fprintf(md, "---|");
    fputc('\n', md);
    for (size_t k = 0; k < OLP_NMETHODS; ++k) {
        fprintf(md, "| %s |", olp_methods[k].label);
        for (size_t s = 0; s < OLP_NSERIES; ++s) {
            const olp_fit *f = &R->fit[k][s];
            if (f->points >= 2 && isfinite(f->slope))
                fprintf(md, " %.3f%s |", f->slope, f->points < 3 ? " (2 pts)" : "");
            else
                fprintf(md, " — |");
        }
        fputc('\n', md);
    }
    fputc('\n', md);

    for (int m = 0; m < 3; ++m) {
        char png[32], alt[64];
        snprintf(png, sizeof png, "%s.png", metric_file[m]);
        snprintf(alt, sizeof alt, "%s vs T", metric_name[m]);
        oco_report_figure(md, d, png, alt, env->have_gnuplot && !plot_err[m][0], plot_err[m]);
    }

    fprintf(md, "Final values at each method's largest T (mean ± 95%% CI; time = seconds per "
                "run of the policy, without the hindsight solve):\n\n"
                "| method | series | T | regret | violation | r + v | time |\n"
                "|---|---|---|---|---|---|---|\n");
    for (size_t k = 0; k < OLP_NMETHODS; ++k)
        for (size_t s = 0; s < OLP_NSERIES; ++s) {
            const size_t t = last_t(R, k, s);
            if (!t)
                continue;
            const olp_cell *c = &R->cell[k][s][t - 1];
            fprintf(md, "| %s | type %d, m = %zu | %zu | %.4g ± %.2g | %.4g ± %.2g | "
                        "%.4g ± %.2g | %.3g s |\n",
                    olp_methods[k].label, olp_series_list[s].type, olp_series_list[s].m,
                    R->Ts[t - 1], c->r.mean, c->r.ci95, c->v.mean, c->v.ci95, c->rv.mean,
                    c->rv.ci95, c->secs.mean);
        }
    fprintf(md, "\nData: `%s/raw.csv` (one row per run), `%s/series_type*_m*.csv` (every "
                "figure's points), `%s/claims.csv`; scripts `%s/*.gp`. Wall time %.1f s.\n\n",
            d, d, d, d, R->seconds);
    out->claims += checked;
    out->passed += passed;
    return OCO_OK;
}
