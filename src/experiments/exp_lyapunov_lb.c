/* Part C of the `lyapunov` reproduction: every instance k = 1..n of the
 * Theorem 5 family (seed 003 §6, Appendix B; llp_sarkar.md §B.7), the worst
 * instance per method and T, the fits against ln T, the claim, lb.csv and
 * lb.png. The runs themselves are oco__ly_play_bwk's (exp_lyapunov_bwk.c). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "experiments/exp_lyapunov.h"
#include "experiments/report.h"

/* Least squares y = a + b·ln T: b and its standard error (NaN below 3 points). */
static void lnT_fit(const size_t *Ts, const double *y, size_t nT, double *b, double *se)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t m = 0;
    for (size_t k = 0; k < nT; ++k)
        if (isfinite(y[k])) {
            double x = log((double)Ts[k]);
            sx += x, sy += y[k], sxx += x * x, sxy += x * y[k];
            m++;
        }
    *b = *se = NAN;
    if (m < 2)
        return;
    double dm = (double)m, vx = sxx - sx * sx / dm;
    if (!(vx > 0))
        return;
    *b = (sxy - sx * sy / dm) / vx;
    if (m < 3)
        return;
    double a = (sy - *b * sx) / dm, rss = 0;
    for (size_t k = 0; k < nT; ++k)
        if (isfinite(y[k])) {
            double e = y[k] - a - *b * log((double)Ts[k]);
            rss += e * e;
        }
    *se = sqrt(rss / (dm - 2) / vx);
}

static int write_lb(const ly_run *r)
{
    FILE *o = oco_report_fopen(r->env->dir, "lb.csv");
    if (!o)
        return OCO_EIO;
    fprintf(o, "T,lnT,phases");
    for (size_t a = 0; a < LY_NBA; ++a)
        if (r->ba_present[a])
            fprintf(o, ",%s_max_cons_over_B,%s_max_regret", oco__ly_balgos[a].label,
                    oco__ly_balgos[a].label);
    fputc('\n', o);
    for (size_t k = 0; k < r->nTl; ++k) {
        fprintf(o, "%zu,%.17g,%zu", r->Tl[k], log((double)r->Tl[k]), oco__ly_lb_phases(r->Tl[k]));
        for (size_t a = 0; a < LY_NBA; ++a)
            if (r->ba_present[a])
                fprintf(o, ",%.17g,%.17g", r->lc[a][k].max_cratio, r->lc[a][k].max_reg);
        fputc('\n', o);
    }
    int rc = oco_report_fclose(o, "lb.csv");
    if (rc != OCO_OK)
        return rc;
    FILE *gp = oco_report_fopen(r->env->dir, "lb.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "lb.png", 1300, 500);
    fprintf(gp, "set multiplot layout 1,2 title 'lyapunov (seed 003), Theorem 5 family: worst "
                "instance k (mean over seeds)'\n");
    fprintf(gp, "set grid\nset key left top\nset xlabel 'ln T'\n");
    for (int panel = 0; panel < 2; ++panel) {
        fprintf(gp, panel == 0 ? "set title 'max_k consumption / B (B = T/n)'\n"
                                 "set ylabel 'consumption / B'\n"
                               : "set title 'max_k regret vs (54)'\nset ylabel 'regret'\n");
        int col = 4, first = 1;
        for (size_t a = 0; a < LY_NBA; ++a) {
            if (!r->ba_present[a])
                continue;
            fprintf(gp, "%s'lb.csv' skip 1 using 2:%d with linespoints lw 2 pt 7 title '%s'",
                    first ? "plot " : ", \\\n     ", col + panel, oco__ly_balgos[a].label);
            first = 0;
            col += 2;
        }
        if (first)
            fprintf(gp, "plot [6:12] 0 notitle");
        fputc('\n', gp);
    }
    fprintf(gp, "unset multiplot\n");
    return oco_report_fclose(gp, "lb.gp");
}

int oco__ly_part_lb(ly_run *r)
{
    const size_t nT = r->nTl;
    r->c_ok = -1;
    int any = 0, all = 1;
    for (size_t a = 0; a < LY_NBA; ++a) {
        double yc[LY_NT_MAX], yr[LY_NT_MAX];
        size_t ok[LY_NT_MAX];
        for (size_t k = 0; k < nT; ++k) {
            ly_cell *c = &r->lc[a][k];
            memset(c, 0, sizeof *c);
            c->max_reg = c->max_cratio = -INFINITY;
            for (size_t ph = 1; ph <= oco__ly_lb_phases(r->Tl[k]); ++ph) {
                ly_cell s = oco__ly_bwk_summarize(r, LY_J_LB, 0, a, r->Tl[k], ph);
                if (!s.n)
                    continue;
                c->n += s.n;
                c->max_reg = fmax(c->max_reg, s.reg.mean);
                c->max_cratio = fmax(c->max_cratio, s.cratio_b.mean);
            }
            if (!c->n)
                c->max_reg = c->max_cratio = NAN;
            yc[k] = c->max_cratio;
            yr[k] = c->max_reg;
            ok[k] = c->n;
        }
        r->lslope_reg[a] = oco__ly_reg_slope(r->Tl, yr, ok, nT);
        lnT_fit(r->Tl, yc, nT, &r->lcoef[a], &r->lcoef_se[a]);
        r->lb_sub[a] = r->lb_grows[a] = -1;
        if (!r->ba_present[a] || !isfinite(r->lslope_reg[a]))
            continue;
        /* Theorem 5: sublinear regret forces c = Ω(log T). A method passes if
         * its regret is not sublinear at these T, or its worst-instance
         * consumption/B grows with ln T (coefficient > 2 standard errors). */
        int sub = r->lslope_reg[a] < LY_LB_SUBLINEAR;
        int grows = isfinite(r->lcoef_se[a]) ? r->lcoef[a] > 2 * r->lcoef_se[a]
                                               : r->lcoef[a] > 0;
        r->lb_sub[a] = sub;
        r->lb_grows[a] = grows;
        any = 1;
        all &= !sub || grows;
    }
    if (any)
        r->c_ok = all;
    oco__ly_claim(r, r->c_ok);
    int rc = write_lb(r);
    if (rc != OCO_OK)
        return rc;
    r->shown[2] = oco__ly_render(r->env, "lb.gp", "lb.png", r->err[2], sizeof r->err[2]);
    return OCO_OK;
}
