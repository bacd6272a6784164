/* The `llp` reproduction's output: the curves behind every figure (CSV),
 * the figures (gnuplot), the claims of seed 001 with PASS/FAIL, and the
 * tables of its REPORT.md section. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "experiments/exp_llp.h"
#include "experiments/report.h"

#define LAMBDA_STAR_EXP2 0.8 /* the multiplier of x ≤ 0.5 for (x − 0.9)²: 2(0.9 − 0.5) */

static const size_t plot_methods[] = {LLP_M_NONE,      LLP_M_PERFECT,   LLP_M_NOISY0 + 2,
                                      LLP_M_PERT,      LLP_M_COMP0,     LLP_M_COMP0 + 1,
                                      LLP_M_COMP0 + 2, LLP_M_COMP0 + 3};
enum { NPLOT = sizeof plot_methods / sizeof plot_methods[0] };

/* A quoted CSV field (quotes doubled) and its comma. */
static void csv_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; ++s) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputs("\",", f);
}

static const char *verdict(int v) { return v < 0 ? "not checked" : v ? "**PASS**" : "**FAIL**"; }

static void csv_sum(FILE *f, const oco_summary *s, int ran, double scale)
{
    if (ran)
        fprintf(f, ",%.17g,%.17g", s->mean * scale, s->ci95 * scale);
    else
        fputs(",?,?", f);
}

/* curves_<family>.csv: t, then per method: average regret R_t/t, R_t,
 * Σ_{s≤t} g_{s,1}(x_s) and V_t (mean, ci95); "?" where it did not run. */
static int write_curves(const oco_exp_env *env, const llp_results *R, size_t s)
{
    char name[64];
    snprintf(name, sizeof name, "curves_%s.csv", llp_settings[s].name);
    FILE *f = oco_report_fopen(env->dir, name);
    if (!f)
        return OCO_EIO;
    fputs("t", f);
    static const char *col[4] = {"avg_regret", "regret", "S1", "V"};
    for (size_t m = 0; m < LLP_NMETHODS; ++m)
        for (int v = 0; v < 4; ++v)
            fprintf(f, ",%s_%s,%s_%s_ci95", llp_methods[m].file, col[v], llp_methods[m].file,
                    col[v]);
    fputc('\n', f);
    for (size_t q = 0; q < R->ncp; ++q) {
        fprintf(f, "%zu", R->cps[q]);
        for (size_t m = 0; m < LLP_NMETHODS; ++m) {
            const llp_cell *c = &R->cell[s][m][q];
            const int ran = R->ran[s][m];
            csv_sum(f, &c->R, ran, 1.0 / (double)R->cps[q]);
            csv_sum(f, &c->R, ran, 1.0);
            csv_sum(f, &c->S1, ran, 1.0);
            csv_sum(f, &c->V, ran, 1.0);
        }
        fputc('\n', f);
    }
    return oco_report_fclose(f, name);
}

/* tradeoff.csv (β sweep) and noise.csv (σ sweep; σ = 0: perfect) at T. */
static int write_sweeps(const oco_exp_env *env, const llp_results *R)
{
    const size_t last = R->ncp - 1;
    FILE *f = oco_report_fopen(env->dir, "tradeoff.csv");
    if (!f)
        return OCO_EIO;
    fprintf(f, "family,beta,R_T,R_T_ci95,V_T,V_T_ci95\n");
    for (size_t s = 0; s < LLP_NSET; ++s)
        for (size_t b = 0; b <= LLP_NBETA; ++b) {
            const size_t m = b ? LLP_M_BETA0 + b - 1 : LLP_M_NONE;
            const llp_cell *c = &R->cell[s][m][last];
            fprintf(f, "%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", llp_settings[s].name,
                    llp_methods[m].beta, c->R.mean, c->R.ci95, c->V.mean, c->V.ci95);
        }
    int rc = oco_report_fclose(f, "tradeoff.csv");
    if (rc != OCO_OK)
        return rc;
    if (!(f = oco_report_fopen(env->dir, "noise.csv")))
        return OCO_EIO;
    fprintf(f, "family,sigma,R_T,R_T_ci95,V_T,V_T_ci95\n");
    for (size_t s = 0; s < LLP_NSET; ++s)
        for (size_t n = 0; n <= LLP_NNOISE; ++n) {
            const size_t m = n ? LLP_M_NOISY0 + n - 1 : LLP_M_PERFECT;
            const llp_cell *c = &R->cell[s][m][last];
            fprintf(f, "%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", llp_settings[s].name,
                    llp_methods[m].sigma, c->R.mean, c->R.ci95, c->V.mean, c->V.ci95);
        }
    return oco_report_fclose(f, "noise.csv");
}

/* Column (1-based) of method m's value v (0 avg regret, 1 regret, 2 S1, 3 V). */
static int colof(size_t m, int v) { return 2 + (int)(m * 8) + 2 * v; }

static int render(const oco_exp_env *env, FILE *gp, const char *gpname, const char *png,
                  char *err, size_t len)
{
    int rc = oco_report_fclose(gp, gpname);
    err[0] = '\0';
    if (rc != OCO_OK || !env->have_gnuplot)
        return rc;
    if (oco_gnuplot_run(env->dir, gpname, png) != OCO_OK) /* reported, not fatal */
        snprintf(err, len, "%s", oco_last_error());
    return OCO_OK;
}

/* curves.png: per family, average regret R_t/t and the total constraint
 * value (Σ g_1 for k = 1, V_t for k = 2) vs t. */
static int plot_curves(const oco_exp_env *env, char *err, size_t len)
{
    FILE *gp = oco_report_fopen(env->dir, "curves.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "curves.png", 1400, 1800);
    fprintf(gp, "set datafile missing '?'\nset logscale x\nset grid\nset key font ',8'\n"
                "set xlabel 't'\nset multiplot layout 4,2 title 'llp (seed 001): mean over "
                "seeds vs t; llp-exp1/llp-exp2 are STAND-INS, noisy predictions a project "
                "addition'\n");
    for (size_t s = 0; s < LLP_NSET; ++s) {
        const llp_setting *se = &llp_settings[s];
        for (int panel = 0; panel < 2; ++panel) {
            const int v = panel ? (se->k == 1 ? 2 : 3) : 0;
            fprintf(gp, "set title '%s: %s'\nset ylabel '%s'\n", se->title,
                    panel ? (se->k == 1 ? "total constraint value sum_{s<=t} g_s(x_s)"
                                        : "V_t = ||[sum_{s<=t} g_s(x_s)]_+||")
                          : "average regret R_t/t (per-round benchmark)",
                    panel ? (se->k == 1 ? "sum g" : "V_t") : "R_t / t");
            int first = 1;
            for (size_t i = 0; i < NPLOT; ++i) {
                const size_t m = plot_methods[i];
                if (llp_methods[m].needs_fixed && !se->stand_in)
                    continue;
                fprintf(gp, "%s'curves_%s.csv' skip 1 using 1:%d with lines lw 2 lc %zu "
                            "title '%s'",
                        first ? "plot " : ", \\\n     ", se->name, colof(m, v), i + 1,
                        llp_methods[m].label);
                first = 0;
            }
            if (panel && se->k == 1)
                fputs(", \\\n     0 with lines lc rgb 'black' dt 2 notitle", gp);
            fputc('\n', gp);
        }
    }
    fputs("unset multiplot\n", gp);
    return render(env, gp, "curves.gp", "curves.png", err, len);
}

/* rates.png: LLP without predictions, max(R_t, 1) and max(V_t, 1) vs t on
 * log–log axes for β = 1/2 and 3/4, per family. */
static int plot_rates(const oco_exp_env *env, char *err, size_t len)
{
    FILE *gp = oco_report_fopen(env->dir, "rates.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "rates.png", 1400, 1000);
    fprintf(gp, "set datafile missing '?'\nset logscale xy\nset grid\nset key left top font ',8'\n"
                "set xlabel 'T'\nset ylabel 'max(., 1)'\nset multiplot layout 2,2 title "
                "'llp: Theorem 2 (no predictions): R_T and V_T vs T, beta = 1/2 and 3/4 "
                "(LLP is anytime: prefix values = runs of horizon T)'\n");
    for (size_t s = 0; s < LLP_NSET; ++s) {
        fprintf(gp, "set title '%s'\n", llp_settings[s].title);
        const size_t ms[2] = {LLP_M_NONE, LLP_M_B075};
        for (int i = 0; i < 2; ++i)
            for (int v = 1; v <= 3; v += 2) {
                const int col = colof(ms[i], v);
                fprintf(gp, "%s'curves_%s.csv' skip 1 using 1:(column(%d) > 1 ? column(%d) : 1) "
                            "with linespoints lc %d pt %d title '%s, beta = %s'",
                        i || v > 1 ? ", \\\n     " : "plot ", llp_settings[s].name, col, col,
                        2 * i + (v > 1) + 1, 2 * i + (v > 1) + 1, v == 1 ? "R_T" : "V_T",
                        i ? "3/4" : "1/2");
            }
        fputc('\n', gp);
    }
    fputs("unset multiplot\n", gp);
    return render(env, gp, "rates.gp", "rates.png", err, len);
}

/* sweeps.png: per family, R_T and V_T vs β (top) and vs σ (bottom). */
static int plot_sweeps(const oco_exp_env *env, char *err, size_t len)
{
    FILE *gp = oco_report_fopen(env->dir, "sweeps.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "sweeps.png", 1800, 900);
    fprintf(gp, "set grid\nset key font ',8'\nset y2tics\nset ytics nomirror\n"
                "set multiplot layout 2,4 title 'llp at T: regret/violation trade-off as beta "
                "varies (no predictions, top) and against the prediction noise sigma "
                "(llp-linearized; noisy predictions are a project addition; perfect drawn at "
                "sigma = 1e-4, bottom)'\n");
    for (size_t s = 0; s < LLP_NSET; ++s) {
        const char *nm = llp_settings[s].name;
        fprintf(gp, "set title '%s'\nunset logscale\nset xlabel 'beta'\nset ylabel 'R_T'\n"
                    "set y2label 'V_T'\n"
                    "plot 'tradeoff.csv' skip 1 using 2:(strcol(1) eq '%s' ? $3 : 1/0) with "
                    "linespoints lc 1 pt 7 title 'R_T', \\\n"
                    "     'tradeoff.csv' skip 1 using 2:(strcol(1) eq '%s' ? $5 : 1/0) axes x1y2 "
                    "with linespoints lc 2 pt 5 title 'V_T'\n",
                llp_settings[s].title, nm, nm);
    }
    for (size_t s = 0; s < LLP_NSET; ++s) {
        const char *nm = llp_settings[s].name;
        fprintf(gp, "set title '%s'\nset logscale x\nset xlabel 'sigma'\nset ylabel 'R_T'\n"
                    "set y2label 'V_T'\n"
                    "plot 'noise.csv' skip 1 using ($2 > 0 ? $2 : 1e-4):(strcol(1) eq '%s' ? $3 "
                    ": 1/0) with linespoints lc 1 pt 7 title 'R_T', \\\n"
                    "     'noise.csv' skip 1 using ($2 > 0 ? $2 : 1e-4):(strcol(1) eq '%s' ? $5 "
                    ": 1/0) axes x1y2 with linespoints lc 2 pt 5 title 'V_T'\n",
                llp_settings[s].title, nm, nm);
    }
    fputs("unset multiplot\n", gp);
    return render(env, gp, "sweeps.gp", "sweeps.png", err, len);
}

/* ---- the report section ------------------------------------------------------ */

static void final_table(FILE *md, const llp_results *R)
{
    const size_t last = R->ncp - 1;
    fprintf(md, "Values at T = %zu (mean ± 95%% CI over seeds): R_T against the per-round "
                "benchmark (the paper's), R_T/T, the regret against the long-term benchmark "
                "min Σ_t f_t(x) s.t. Σ_t g_t(x) ≤ 0 (information), Σ_t g_{t,1}(x_t) and "
                "V_T = ‖[Σ_t g_t(x_t)]₊‖₂:\n\n"
                "| family | method | R_T | R_T/T | R_T (long-term benchmark) | Σ g_1 | V_T |\n"
                "|---|---|---|---|---|---|---|\n",
            R->T);
    for (size_t s = 0; s < LLP_NSET; ++s)
        for (size_t m = 0; m < LLP_NMETHODS; ++m) {
            if (!R->ran[s][m])
                continue;
            const llp_cell *c = &R->cell[s][m][last];
            fprintf(md, "| %s | %s | %.4g ± %.2g | %.4f | %.4g ± %.2g | %.4g ± %.2g | "
                        "%.4g ± %.2g |\n",
                    llp_settings[s].title, llp_methods[m].label, c->R.mean, c->R.ci95,
                    c->R.mean / (double)R->T, c->Rlt.mean, c->Rlt.ci95, c->S1.mean, c->S1.ci95,
                    c->V.mean, c->V.ci95);
        }
    fputc('\n', md);
}

static void sweep_tables(FILE *md, const llp_results *R)
{
    const size_t last = R->ncp - 1;
    fprintf(md, "Regret/violation trade-off as β varies (LLP, no predictions, T = %zu; "
                "Theorem 2: larger β lowers the regret rate (3−β)/4 and raises the violation "
                "rate (1+β)/2), R_T / V_T:\n\n| β |",
            R->T);
    for (size_t s = 0; s < LLP_NSET; ++s)
        fprintf(md, " %s |", llp_settings[s].title);
    fprintf(md, "\n|---|");
    for (size_t s = 0; s < LLP_NSET; ++s)
        fprintf(md, "---|");
    fputc('\n', md);
    for (size_t b = 0; b <= LLP_NBETA; ++b) {
        const size_t m = b ? LLP_M_BETA0 + b - 1 : LLP_M_NONE;
        fprintf(md, "| %.3g |", llp_methods[m].beta);
        for (size_t s = 0; s < LLP_NSET; ++s)
            fprintf(md, " %.4g / %.4g |", R->cell[s][m][last].R.mean,
                    R->cell[s][m][last].V.mean);
        fputc('\n', md);
    }
    fprintf(md, "\nR_T and V_T against the prediction noise σ (llp-linearized, T = %zu; noisy "
                "predictions are a project addition), R_T / V_T:\n\n| predictions |",
            R->T);
    for (size_t s = 0; s < LLP_NSET; ++s)
        fprintf(md, " %s |", llp_settings[s].title);
    fprintf(md, "\n|---|");
    for (size_t s = 0; s < LLP_NSET; ++s)
        fprintf(md, "---|");
    fputc('\n', md);
    const size_t rows[] = {LLP_M_NONE,       LLP_M_PERFECT,    LLP_M_NOISY0,
                           LLP_M_NOISY0 + 1, LLP_M_NOISY0 + 2, LLP_M_NOISY0 + 3};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
        const llp_method *me = &llp_methods[rows[i]];
        if (me->pred == OCO_COCO_PRED_NOISY)
            fprintf(md, "| noisy, σ = %g |", me->sigma);
        else
            fprintf(md, "| %s%s |", oco_coco_pred_kind_name(me->pred),
                    rows[i] == LLP_M_NONE ? " (llp)" : "");
        for (size_t s = 0; s < LLP_NSET; ++s)
            fprintf(md, " %.4g / %.4g |", R->cell[s][rows[i]][last].R.mean,
                    R->cell[s][rows[i]][last].V.mean);
        fputc('\n', md);
    }
    fputc('\n', md);
}

int llp_report(const oco_exp_env *env, const llp_results *R, oco_exp_outcome *out)
{
    int rc = OCO_OK;
    for (size_t s = 0; s < LLP_NSET && rc == OCO_OK; ++s)
        rc = write_curves(env, R, s);
    if (rc == OCO_OK)
        rc = write_sweeps(env, R);
    char err[3][512] = {"", "", ""};
    if (rc == OCO_OK)
        rc = plot_curves(env, err[0], sizeof err[0]);
    if (rc == OCO_OK)
        rc = plot_rates(env, err[1], sizeof err[1]);
    if (rc == OCO_OK)
        rc = plot_sweeps(env, err[2], sizeof err[2]);
    if (rc != OCO_OK)
        return rc;

    llp_claim cl[LLP_NCLAIMS_MAX];
    const size_t nc = llp_make_claims(R, cl);
    size_t checked = 0, passed = 0;
    for (size_t i = 0; i < nc; ++i)
        if (cl[i].verdict >= 0) {
            checked++;
            passed += (size_t)cl[i].verdict;
        }
    FILE *f = oco_report_fopen(env->dir, "claims.csv");
    if (!f)
        return OCO_EIO;
    fprintf(f, "claim,family,paper,measured,verdict\n");
    for (size_t i = 0; i < nc; ++i) {
        const char *fld[4] = {cl[i].what, cl[i].family, cl[i].paper, cl[i].measured};
        for (int k = 0; k < 4; ++k)
            csv_str(f, fld[k]);
        fprintf(f, "%s\n", cl[i].verdict < 0 ? "not checked" : cl[i].verdict ? "PASS" : "FAIL");
    }
    if ((rc = oco_report_fclose(f, "claims.csv")) != OCO_OK)
        return rc;

    FILE *md = env->report;
    const char *d = env->dirname;
    const size_t last = R->ncp - 1;
    fprintf(md, "## llp — Lazy Lagrangians with predictions (seed 001): the §VII-I experiments "
                "on stand-ins, Theorem 2's rates, predictions\n\n");
    fprintf(md, "Source: seed 001 (Anderson, Iosifidis, Leith, \"Lazy Lagrangians for "
                "Optimistic Learning With Budget Constraints\"), Appendix VII-I (Fig. 3 and the "
                "second experiment), Theorem 2, Corollary 1; `../shared/algorithms/llp_sarkar.md` "
                "§A.2–A.7. Algorithms: `llp`, `llp-linearized`, `llp-perturbed` (seed 001, every "
                "step formula [D]) and the competitors `mosp`, `valls`, `sun` (the paper's three) "
                "and `dpp` (Yu–Neely–Wei, the project's fourth), each with its `oco list` "
                "defaults (MOSP, Sun and DPP tuned for the horizon T, as the paper's competitors "
                "\"optimized for T\"); LLP runs name β (default 1/2).\n\n");
    fprintf(md, "**Stand-ins.** `llp-exp1` and `llp-exp2` are STAND-INS (llp_sarkar.md §A.7 "
                "[D]): the paper's cost and constraint functions, domain and horizon were not "
                "recovered, so the Exp 1 and Exp 2 rows below are *not* a reproduction of the "
                "paper's figures. llp-exp1: X = [0, 1], f_t(x) = (x − 0.9)², g_t(x) = x − u_t, "
                "u_t ~ U[0.3, 1]; llp-exp2: the same f, g_t(x) = x − 0.5 + w_t, "
                "w_t ~ U[−0.2, 0.2]. Two built-in families complete them: `resource` and "
                "`linear` (d = 4, k = 2; src/problems/coco_gen.c). **Noisy predictions are a "
                "project addition** (the paper has only none and perfect; coco_runner.h: "
                "Gaussian noise of standard deviation σ on every predicted gradient and "
                "constraint coordinate).\n\n");
    fprintf(md, "Setting: one run of horizon T = %zu%s per (family, method, seed), %zu seeds "
                "(problem seed k = 1..%zu, noisy-prediction seed k); values at %zu checkpoints "
                "t (8 per decade) are the run's prefix sums. R_t = Σ_{s≤t} f_s(x_s) − min "
                "Σ_{s≤t} f_s(x) over {x ∈ X : g_s(x) ≤ 0 ∀ s ≤ t} (the paper's per-round "
                "benchmark, exact: closed form for d = 1, LP otherwise, on a problem of horizon "
                "t with the same seed, whose rounds are the first t of the run's: %zu hindsight "
                "solves); V_t = ‖[Σ_{s≤t} g_s(x_s)]₊‖₂. LLP is anytime, so its values at t are "
                "those of a run of horizon t (the slopes of Theorem 2 and Corollary 1 are fitted "
                "on them, checkpoints T ≥ %d, on max(mean, 1) so that a negative regret fits as "
                "flat). Mean ± 95%% CI (Student t) over seeds.\n\n",
            R->T, env->quick ? " (--quick: fewer seeds)" : "", R->K, R->K, R->ncp, R->nhindsight,
            LLP_T_FIT_MIN);
    fprintf(md, "**The per-round benchmark is restrictive on these families**: x must meet "
                "every g_t (on llp-exp1 x ≤ min_t u_t ≈ 0.3, while Σ_t g_t ≤ 0 allows x ≈ "
                "E u = 0.65), so every method that only keeps the long-term sum near zero beats "
                "it and has a *negative* R_T; the final table also gives the regret against the "
                "long-term benchmark.\n\n");

    fprintf(md, "Claims (PASS if the measurement agrees within the stated tolerance; rates: "
                "slope ≤ rate + %.2f; O(1): slope ≤ %.2f; never tuned after the run):\n\n"
                "| claim | family | paper | measured | verdict |\n|---|---|---|---|---|\n",
            LLP_TOL_RATE, LLP_TOL_FLAT);
    for (size_t i = 0; i < nc; ++i)
        fprintf(md, "| %s | %s | %s | %s | %s |\n", cl[i].what, cl[i].family, cl[i].paper,
                cl[i].measured, verdict(cl[i].verdict));
    fprintf(md, "\n%zu of %zu claims PASS. Reading the slope rows: where R_T < 1 over the "
                "whole fit range the fitted max(R_T, 1) is flat (the upper bound holds "
                "trivially); where R_T changes sign inside the range (it starts negative and "
                "ends positive), the fitted slope of max(R_T, 1) is steeper than the growth of "
                "R_T itself, so such a FAIL says R_T is not yet in its asymptotic regime at "
                "these T rather than that it grows faster than the rate.\n\n",
            passed, checked);

    /* Why Σ g > 0 on the Exp 2 stand-in: the fixed point of the [D] dual step. */
    fprintf(md, "**Exp 2: why LLP's Σ g stays positive on the stand-in.** The constraint binds "
                "(the unconstrained minimiser 0.9 is outside x ≤ 0.5), so the primal step needs "
                "λ_t ≈ λ* = 2(0.9 − 0.5) = %.1f; with the dual step λ_t = a_{t−1}[Σ_{s<t} "
                "g_s(x̄_s) + γ̃_t]₊ and a_t = 1/(t^β + √(Ē + ε_{1:t})) (§A.2 (6), (15) [D]), "
                "λ > 0 needs a positive sum, Σ g ≈ λ*·(t^β + √(Ē + ε_{1:t})) ≥ λ*·t^β. "
                "Measured Σ_t g_t(x_t) / T^β at T = %zu (LLP, no predictions):",
            LAMBDA_STAR_EXP2, R->T);
    for (size_t b = 0; b <= LLP_NBETA; ++b) {
        const size_t m = b ? LLP_M_BETA0 + b - 1 : LLP_M_NONE;
        fprintf(md, "%s β = %.3g: %.3f", b ? ";" : "", llp_methods[m].beta,
                R->cell[LLP_S_EXP2][m][last].S1.mean / pow((double)R->T, llp_methods[m].beta));
    }
    fprintf(md, ". The ratio stays of the order of λ* across β, so Σ g grows like T^β: the "
                "sign of the dual step is right, and a positive sum is what a multiplier of the "
                "form a_t[Σ g]₊ needs to hold x at the constraint (a property of the [D] dual "
                "step, not a coding error). `llp-perturbed` (g known, the form (29) of this "
                "stand-in) ends below zero; its claim row gives where its mean sum is "
                "positive.\n\n");
    /* Perfect predictions: h_t = 0, so σ_{1:t} = σ√h_{1:t} stays at σ_0. */
    fprintf(md, "**Perfect predictions and Corollary 1.** With c̃_t = c_t and g̃_t = g_t the "
                "primal error h_t of (7) is 0, so the proximal regularizer σ_{1:t} = "
                "σ√h_{1:t} stays at its tiny σ_0 and the step (4) is an unregularised "
                "be-the-leader step on ⟨c_{1:t−1}, x⟩ + f_t(x) + λ_t·(g_{1:t−1} + g_t)(x), whose "
                "linear part grows like t. On the Exp 2 stand-in it is bang-bang: in the second "
                "half of the run a fraction %.3f of the x_t are at 0 or 1 (mean over seeds; "
                "LLP without predictions: %.3f), and its R_T/T at T is %.4f (LLP without "
                "predictions: %.4f). "
                "The runner's perfect predictions do not predict the next constraint value γ̃_t "
                "(as the paper's Exp 1 run 2), so ε_t > 0 and Corollary 1's premise (all errors "
                "0) is not met exactly; but the oscillation comes from σ_{1:t} = σ_0, i.e. from "
                "the [D] schedule of §A.2 step 3 (LLP2's σ_{1:t} = σ(√h_{1:t} + s√t) keeps a "
                "regularizer growing like √t).\n\n",
            R->vertex[LLP_S_EXP2][LLP_M_PERFECT], R->vertex[LLP_S_EXP2][LLP_M_NONE],
            R->cell[LLP_S_EXP2][LLP_M_PERFECT][last].R.mean / (double)R->T,
            R->cell[LLP_S_EXP2][LLP_M_NONE][last].R.mean / (double)R->T);

    oco_report_figure(md, d, "curves.png",
                      "average regret and total constraint value vs t, per family",
                      env->have_gnuplot && !err[0][0], err[0]);
    oco_report_figure(md, d, "rates.png", "R_T and V_T vs T, beta = 1/2 and 3/4",
                      env->have_gnuplot && !err[1][0], err[1]);
    oco_report_figure(md, d, "sweeps.png", "R_T and V_T vs beta and vs sigma",
                      env->have_gnuplot && !err[2][0], err[2]);
    final_table(md, R);
    sweep_tables(md, R);
    fprintf(md, "Data: `%s/raw.csv` (one row per run, at T), `%s/curves_*.csv` (every curve's "
                "points: mean and CI at each checkpoint), `%s/tradeoff.csv`, `%s/noise.csv`, "
                "`%s/claims.csv`; scripts `%s/*.gp`. %zu jobs; wall time %.1f s.\n\n",
            d, d, d, d, d, d, R->njobs, R->seconds);
    out->claims += checked;
    out->passed += passed;
    return OCO_OK;
}
