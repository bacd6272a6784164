/* Parts A (regret vs T per loss family) and C (one gradient vs many) of the
 * `universal` reproduction: means over seeds, tail slopes, the claims,
 * rates_<family>.csv and the figures rates.png and onegrad.png. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "experiments/report.h"
#include "experiments/universal/universal.h"

/* Log–log slope of the positive means over T ∈ [T_max/10, T_max] ("tail"). */
static double tail_slope(const size_t *Ts, const ux_cell *cells, size_t nT)
{
    double x[UX_NGRID], y[UX_NGRID];
    size_t m = 0;
    for (size_t k = 0; k < nT; ++k) {
        if (Ts[k] * 10 < Ts[nT - 1] || !(cells[k].reg.mean > 0))
            continue;
        x[m] = (double)Ts[k];
        y[m] = cells[k].reg.mean;
        m++;
    }
    double slope = NAN, icpt;
    if (m >= 2 && oco_loglog_fit(x, y, m, &slope, &icpt) < 2)
        slope = NAN;
    return slope;
}

/* rates_<family>.csv: T, then mean and CI of every learner. */
static int write_rates_csv(const ux_run *r, size_t f)
{
    const ux_lspec *rl = oco__ux_rate_learners;
    char name[64];
    snprintf(name, sizeof name, "rates_%s.csv", oco__ux_fams[f].name);
    FILE *o = oco_report_fopen(r->env->dir, name);
    if (!o)
        return OCO_EIO;
    fprintf(o, "T");
    for (size_t l = 0; l < UX_NRL; ++l)
        if (r->present[l])
            fprintf(o, ",%s_mean,%s_ci95,%s_seconds,%s_calls_per_round", rl[l].label, rl[l].label,
                    rl[l].label, rl[l].label);
    fputc('\n', o);
    for (size_t k = 0; k < r->nT; ++k) {
        fprintf(o, "%zu", r->Ts[k]);
        for (size_t l = 0; l < UX_NRL; ++l) {
            if (!r->present[l])
                continue;
            const ux_cell *c = &r->cells[f][l][k];
            if (c->n)
                fprintf(o, ",%.17g,%.17g,%.17g,%.17g", c->reg.mean, c->reg.ci95, c->secs.mean,
                        c->calls_per_round);
            else
                fprintf(o, ",,,,");
        }
        fputc('\n', o);
    }
    return oco_report_fclose(o, name);
}

/* One panel per family: mean regret vs T on log–log axes (non-positive means
 * are dropped by gnuplot's log scale: the tables give them). */
static int write_rates_gp(const ux_run *r, int multi_only)
{
    const char *gpn = multi_only ? "onegrad.gp" : "rates.gp";
    FILE *gp = oco_report_fopen(r->env->dir, gpn);
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, multi_only ? "onegrad.png" : "rates.png", 1500, 500);
    fprintf(gp, "set multiplot layout 1,%d title 'universal (seed 004): %s'\n", UX_NFAM,
            multi_only ? "one gradient (Thm 2) vs multi-gradient (Thm 1): mean regret vs T"
                       : "mean regret vs T over seeds (95% CI)");
    fprintf(gp, "set logscale xy\nset grid\nset key left top\nset xlabel 'T'\n"
                "set ylabel 'regret'\n");
    for (size_t f = 0; f < UX_NFAM; ++f) {
        fprintf(gp, "set title '%s: %s'\n", oco__ux_fams[f].name, oco__ux_fams[f].rate);
        int col = 2, first = 1;
        for (size_t l = 0; l < UX_NRL; ++l) {
            if (!r->present[l])
                continue;
            int show = multi_only ? (l == UX_L_UNIV || l == UX_L_MULTI) : l != UX_L_MULTI;
            if (show) {
                fprintf(gp,
                        "%s'rates_%s.csv' skip 1 using 1:(column(%d)>0?column(%d):1/0):"
                        "(column(%d)-column(%d)>0?column(%d)-column(%d):column(%d)/10):"
                        "(column(%d)+column(%d)) with yerrorlines lw 2 pt 7 title '%s'",
                        first ? "plot " : ", \\\n     ", oco__ux_fams[f].name, col, col, col,
                        col + 1, col, col + 1, col, col, col + 1,
                        oco__ux_rate_learners[l].label);
                first = 0;
            }
            col += 4;
        }
        fputc('\n', gp);
    }
    fprintf(gp, "unset multiplot\n");
    return oco_report_fclose(gp, gpn);
}

/* The constants the theory-preset runs of family f use at T_max: the
 * family's bounds as the learner is told them (as play_losses does) into
 * oco_universal_constants, and the additive meta term 2C0 ln(4C0²N) of the
 * explicit bounds of §10 (N = 2(⌈log₂T⌉ + 1) + 1 bases). */
static int theory_constants(ux_run *r, size_t f)
{
    const ux_family *fa = &oco__ux_fams[f];
    const size_t T = r->Ts[r->nT - 1];
    r->th_C0[f] = r->th_lambda1[f] = r->th_additive[f] = NAN;
    oco_domain *dom = oco_domain_parse(fa->domain, fa->d);
    if (!dom)
        return oco_last_error_code();
    oco_loss_opts lo = oco_loss_opts_default();
    lo.kind = fa->kind;
    lo.d = fa->d;
    lo.T = T;
    lo.seed = 1;
    if (fa->noise >= 0)
        lo.noise = fa->noise;
    if (fa->delta >= 0)
        lo.delta = fa->delta;
    oco_loss_seq *seq = oco_loss_seq_new(&lo, dom);
    int rc = seq ? OCO_OK : oco_last_error_code();
    if (rc == OCO_OK) {
        oco_learner_setup s;
        oco_learner_setup_from_losses(seq, dom, &s);
        double D = s.D > 0 ? s.D : oco_domain_diameter(dom), L = s.L > 0 ? s.L : 1.0;
        oco_universal_consts c;
        rc = oco_universal_constants(OCO_UNIVERSAL_THEORY, s.G, D, L, 0, &c);
        if (rc == OCO_OK) {
            size_t j = 0;
            while (((size_t)1 << j) < T)
                j++;
            double N = 2.0 * (double)(j + 1) + 1.0;
            r->th_C0[f] = c.C0;
            r->th_lambda1[f] = c.lambda1;
            r->th_additive[f] = 2.0 * c.C0 * log(4.0 * c.C0 * c.C0 * N);
        }
    }
    oco_loss_seq_free(seq);
    oco_domain_free(dom);
    return rc;
}

int oco__ux_part_rates(ux_run *r)
{
    const ux_lspec *rl = oco__ux_rate_learners;
    const size_t nT = r->nT;
    for (size_t f = 0; f < UX_NFAM; ++f)
        for (size_t l = 0; l < UX_NRL; ++l) {
            size_t nTl = 0;
            for (size_t k = 0; k < nT; ++k) {
                r->cells[f][l][k] = oco__ux_summarize(r, UX_J_RATE, f, l, r->Ts[k], 0);
                if (r->cells[f][l][k].n)
                    nTl = k + 1;
            }
            r->slope[f][l] =
                r->present[l] && nTl >= 2 ? tail_slope(r->Ts, r->cells[f][l], nTl) : NAN;
        }
    int rc = OCO_OK;
    for (size_t f = 0; f < UX_NFAM && rc == OCO_OK; ++f)
        rc = write_rates_csv(r, f);
    if (rc != OCO_OK)
        return rc;

    /* A: every family grows at its rate, and universal tracks the best
     * specialised learner (the smallest mean regret at T_max) */
    const size_t kmax = nT - 1;
    r->kmax = kmax;
    for (size_t f = 0; f < UX_NFAM; ++f) {
        const double su = r->slope[f][UX_L_UNIV];
        r->rate_ok[f] = isfinite(su) ? su <= UX_SLOPE_LOG : -1;
        size_t b = SIZE_MAX;
        for (size_t l = 1; l < UX_L_MULTI; ++l)
            if (r->present[l] && rl[l].single && r->cells[f][l][kmax].n &&
                (b == SIZE_MAX || r->cells[f][l][kmax].reg.mean < r->cells[f][b][kmax].reg.mean))
                b = l;
        r->best[f] = b;
        r->track_ok[f] = -1;
        if (b != SIZE_MAX && isfinite(su)) {
            double sb = r->slope[f][b];
            /* A best learner with a non-positive mean has no slope: then
             * universal must simply not grow (slope ≤ UX_SLOPE_TRACK). */
            r->track_ok[f] = su <= (isfinite(sb) ? sb : 0.0) + UX_SLOPE_TRACK;
        }
        oco__ux_claim(r, r->rate_ok[f]);
        oco__ux_claim(r, r->track_ok[f]);
    }
    /* No specialised learner is good everywhere: each is ≥ UX_BEATEN ×
     * universal at T_max on some family. */
    int all_poor = 1;
    for (size_t l = 1; l < UX_L_MULTI; ++l) {
        int poor = 0;
        r->worst_ratio[l] = NAN;
        for (size_t f = 0; r->present[l] && f < UX_NFAM; ++f) {
            double u = r->cells[f][UX_L_UNIV][kmax].reg.mean, s = r->cells[f][l][kmax].reg.mean;
            if (u > 0 && (isnan(r->worst_ratio[l]) || s / u > r->worst_ratio[l]))
                r->worst_ratio[l] = s / u;
            if (u > 0 && s >= UX_BEATEN * u)
                poor = 1;
        }
        if (r->present[l] && rl[l].single)
            all_poor &= poor;
    }
    r->all_poor = all_poor;
    oco__ux_claim(r, all_poor);

    /* C: gradient calls and regret, one vs many. */
    r->kmulti = 0;
    for (size_t k = 0; k < nT; ++k)
        if (r->Ts[k] <= r->Tmulti)
            r->kmulti = k;
    r->calls_ok = 1;
    for (size_t i = 0; i < r->nj; ++i)
        if (r->jobs[i].part == UX_J_RATE && r->jobs[i].learner == UX_L_UNIV &&
            r->res[i].calls != r->jobs[i].T)
            r->calls_ok = 0;
    oco__ux_claim(r, r->calls_ok);
    for (size_t f = 0; f < UX_NFAM; ++f) {
        double u = r->cells[f][UX_L_UNIV][r->kmulti].reg.mean,
               m = r->cells[f][UX_L_MULTI][r->kmulti].reg.mean;
        r->onegrad_ok[f] = (isfinite(u) && isfinite(m) && m > 0) ? u <= UX_ONEGRAD * m : -1;
        oco__ux_claim(r, r->onegrad_ok[f]);
    }

    for (size_t f = 0; f < UX_NFAM && rc == OCO_OK; ++f)
        rc = theory_constants(r, f);
    if (rc != OCO_OK)
        return rc;
    if ((rc = write_rates_gp(r, 0)) != OCO_OK || (rc = write_rates_gp(r, 1)) != OCO_OK)
        return rc;
    r->shown[0] = oco__ux_render(r->env, "rates.gp", "rates.png", r->err[0], sizeof r->err[0]);
    r->shown[1] =
        oco__ux_render(r->env, "onegrad.gp", "onegrad.png", r->err[1], sizeof r->err[1]);
    return OCO_OK;
}
