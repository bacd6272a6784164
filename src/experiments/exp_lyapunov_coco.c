/* Part A of the `lyapunov` reproduction: Algorithm 1 of seed 003 and
 * Sinha–Vaze on the worked classes and `resource` (full information). One
 * run, the summaries, the claims, coco_<problem>.csv and coco.png. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "experiments/exp_lyapunov.h"
#include "experiments/report.h"

/* Sinha–Vaze Theorem 1 is checked against the per-round benchmark, an LP
 * with T·k rows: up to this T. */
#define LY_PER_ROUND_TMAX 31623

enum { LY_DMAX = 64 };

typedef struct obs_ctx {
    double ccv, moved;
    double x1[LY_DMAX];
} obs_ctx;

/* Per round: Σ_t max(0, max_i g_{t,i}(x_t)), Sinha–Vaze's CCV (Part C; the
 * runner passes g_t, with the budget share, for an algorithm fed g_t: it is
 * only read for such algorithms), and max_t ‖x_t − x_1‖. */
static int observe(void *vctx, size_t t, const double *x, double loss, const double *g,
                   double cum_loss, const double *cum_g, const oco_coco *alg)
{
    (void)loss, (void)cum_loss, (void)cum_g;
    obs_ctx *c = vctx;
    const size_t d = oco_coco_dim(alg);
    double m = 0, dist = 0;
    for (size_t i = 0; i < oco_coco_nconstraints(alg); ++i)
        m = fmax(m, g[i]);
    c->ccv += m;
    if (t == 1)
        memcpy(c->x1, x, d * sizeof *x);
    for (size_t i = 0; i < d; ++i)
        dist += (x[i] - c->x1[i]) * (x[i] - c->x1[i]);
    c->moved = fmax(c->moved, sqrt(dist));
    return OCO_OK;
}

int oco__ly_play_coco(const ly_run *r, const ly_job *j, ly_result *out)
{
    (void)r;
    const ly_cprob *pr = &oco__ly_cprobs[j->prob];
    const ly_calgo *ca = &oco__ly_calgos[j->algo];
    oco_coco_problem_opts po = oco_coco_problem_opts_default();
    int rc = oco_coco_problem_kind_parse(pr->kind, &po.kind);
    if (rc != OCO_OK)
        return rc;
    po.d = pr->d;
    po.k = pr->k;
    po.T = j->T;
    po.seed = j->seed;
    const oco_coco_type *type = oco_coco_find(ca->algo);
    if (!type)
        return oco_last_error_code();
    oco_domain *dom = oco_domain_parse(pr->domain ? pr->domain : "ball:1", pr->d);
    if (!dom)
        return oco_last_error_code();
    oco_coco_problem *p = oco_coco_problem_new(&po, dom);
    oco_coco *alg = NULL;
    if (!p) {
        oco_domain_free(dom);
        return oco_last_error_code();
    }
    const size_t k = oco_coco_problem_nconstraints(p);
    if (k > LY_KMAX || pr->d > LY_DMAX) {
        rc = oco_set_error(OCO_EINVAL, "lyapunov: %s has k = %zu, d = %zu (at most %d, %d)",
                           pr->kind, k, pr->d, LY_KMAX, LY_DMAX);
        goto done;
    }
    double B[LY_KMAX], cons[LY_KMAX];
    if ((rc = oco_coco_problem_budget(p, B)) != OCO_OK)
        goto done;
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    const double D = s.D > 0 ? s.D : oco_domain_diameter(dom), G = fmax(s.G, s.L_g);
    const double alpha = s.alpha, sT = sqrt((double)j->T);
    /* seed 003 §B.3 [D]: κ = √2·G·D with one G for cost and constraint
     * gradients; set explicitly so the envelopes below use the run's κ */
    const double kappa = sqrt(2.0) * G * D;
    oco_param prm[1] = {{"kappa", kappa}};
    size_t np = 0;
    if (type->needs & OCO_COCO_CONSUMPTION) {
        s.budget = B; /* fed c_t = g_t + b_t against B_T */
        np = 1;
    }
    alg = oco_coco_new(type, &s, prm, np);
    if (!alg) {
        rc = oco_last_error_code();
        goto done;
    }
    obs_ctx cc = {0};
    oco_coco_run_opts o = oco_coco_run_opts_default();
    o.benchmark = OCO_COCO_BENCH_LONG_TERM;
    o.consumption = cons;
    o.budget = out->budget;
    o.on_round = observe;
    o.ctx = &cc;
    oco_coco_run_result res;
    if ((rc = oco_coco_run(alg, p, &o, &res, NULL)) != OCO_OK)
        goto done;
    out->k = k;
    out->alpha = res.alpha;
    out->loss = res.loss;
    out->comparator = res.comparator;
    out->gap = res.comparator_gap;
    out->areg = res.alpha_regret;
    /* the comparator is the upper end of min Σ f_t over X* (a feasible
     * point); the optimum is >= comparator − gap, so the α-regret against the
     * optimum is at most α-Reg + α·gap: the conservative end */
    out->areg_cons = res.alpha_regret + res.alpha * res.comparator_gap;
    double Bmax = 0;
    for (size_t i = 0; i < k; ++i) {
        out->cons[i] = cons[i];
        Bmax = fmax(Bmax, out->budget[i]);
    }
    out->qmax = 0;
    for (size_t i = 0; i < k; ++i) /* Q_i(T) of the algorithm: g scaled by B/B_i (§B.4) */
        out->qmax = fmax(out->qmax, out->budget[i] > 0 ? cons[i] * Bmax / out->budget[i] : cons[i]);
    out->ccv = type->needs & OCO_COCO_CONSUMPTION ? NAN : cc.ccv;
    out->moved = cc.moved;
    out->mult = NAN;
    double lam[LY_KMAX];
    if ((type->needs & OCO_COCO_CONSUMPTION) && oco_coco_multipliers(alg, lam) == OCO_OK) {
        out->mult = 0; /* Φ'(Q_i(T)): the budget's weight next to the cost's V = 1 */
        for (size_t i = 0; i < k; ++i)
            out->mult = fmax(out->mult, lam[i]);
    }
    /* Theorem 4 / §B.4 [D]: α-Reg_T <= κ√T + k/2 and
     * Q_i(T) <= 2(κ√T + αB)·ln(2(k + κ√T + M)), M a bound on −α-Reg_T: αFT
     * for costs f >= 0 (the notes), FT for rewards written as costs f <= 0
     * (α-Reg >= Σ f_t(x_t) >= −FT); max(α, 1)·F·T covers both. */
    out->kappa = kappa;
    out->reg_env = kappa * sT + 0.5 * (double)k;
    const double M = fmax(alpha, 1.0) * s.F * (double)j->T;
    out->q_env = 2 * (kappa * sT + alpha * Bmax) * log(2 * ((double)k + kappa * sT + M));
    /* Sinha–Vaze Theorem 1 (convex f, per-round feasible point): on the
     * convex family only, against the per-round benchmark */
    out->pr_reg = out->sv_reg_env = out->sv_ccv_env = NAN;
    if (!(type->needs & OCO_COCO_CONSUMPTION) && strcmp(pr->kind, "resource") == 0 &&
        j->T <= LY_PER_ROUND_TMAX) {
        oco_coco_hindsight h;
        if ((rc = oco_coco_problem_hindsight(p, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &h)) !=
            OCO_OK)
            goto done;
        out->pr_reg = res.loss - (h.comparator - h.gap);
        out->sv_reg_env = 2 * G * D * (sT + 1);
        out->sv_ccv_env = 4 * G * D * log(2 * (1 + 2 * (double)j->T)) * sT;
    }
    out->ok = 1;
done:
    oco_coco_free(alg);
    oco_coco_problem_free(p);
    oco_domain_free(dom);
    return rc;
}

/* ---- summaries and claims ------------------------------------------------------ */

static ly_cell summarize(const ly_run *r, size_t prob, size_t algo, size_t T)
{
    const size_t K = r->K;
    double *b = r->buf;
    ly_cell c;
    memset(&c, 0, sizeof c);
    size_t n = 0;
    c.worst_reg_margin = c.worst_q_margin = -INFINITY;
    for (size_t i = 0; i < r->nj && n < K; ++i) {
        const ly_job *j = &r->jobs[i];
        const ly_result *s = &r->res[i];
        if (j->part != LY_J_COCO || j->prob != prob || j->algo != algo || j->T != T || !s->ok)
            continue;
        double cr = 0;
        for (size_t q = 0; q < s->k; ++q)
            cr = fmax(cr, s->budget[q] > 0 ? s->cons[q] / s->budget[q] : INFINITY);
        b[n] = s->areg;
        b[K + n] = s->areg_cons;
        b[2 * K + n] = s->qmax / s->q_env;
        b[3 * K + n] = cr;
        b[4 * K + n] = s->ccv;
        b[5 * K + n] = s->gap;
        b[6 * K + n] = s->seconds;
        b[7 * K + n] = s->reg_env;
        b[8 * K + n] = s->mult;
        double Bmax = 0;
        for (size_t q = 0; q < s->k; ++q)
            Bmax = fmax(Bmax, s->budget[q]);
        b[9 * K + n] = s->q_env / Bmax;
        c.moved_max = fmax(c.moved_max, s->moved);
        c.alpha = s->alpha;
        c.worst_reg_margin = fmax(c.worst_reg_margin, s->areg_cons / s->reg_env);
        c.worst_q_margin = fmax(c.worst_q_margin, s->qmax / s->q_env);
        n++;
    }
    c.n = n;
    c.areg = oco_summarize(b, n);
    c.areg_cons = oco_summarize(b + K, n);
    c.qratio = oco_summarize(b + 2 * K, n);
    c.cratio = oco_summarize(b + 3 * K, n);
    c.ccv = oco_summarize(b + 4 * K, n);
    c.gap = oco_summarize(b + 5 * K, n);
    c.secs = oco_summarize(b + 6 * K, n);
    /* the mean envelope (it depends on the seed through B and F) */
    oco_summary env = oco_summarize(b + 7 * K, n);
    c.env_mean = env.mean;
    c.mult = oco_summarize(b + 8 * K, n);
    c.qenvB = oco_summarize(b + 9 * K, n);
    return c;
}

static double fit_slope(const size_t *Ts, const ly_cell *cells, size_t nT, int cons_end)
{
    double x[LY_NT_MAX], y[LY_NT_MAX];
    size_t m = 0;
    for (size_t k = 0; k < nT; ++k) {
        if (!cells[k].n)
            continue;
        x[m] = (double)Ts[k];
        y[m] = fmax(cons_end ? cells[k].areg_cons.mean : cells[k].areg.mean, 1.0);
        m++;
    }
    double slope = NAN, icpt;
    if (m < 2 || oco_loglog_fit(x, y, m, &slope, &icpt) < 2)
        return NAN;
    return slope;
}

static int write_csv(const ly_run *r, size_t p)
{
    char name[64];
    snprintf(name, sizeof name, "coco_%s.csv", oco__ly_cprobs[p].kind);
    FILE *o = oco_report_fopen(r->env->dir, name);
    if (!o)
        return OCO_EIO;
    fprintf(o, "T,regret_envelope");
    for (size_t a = 0; a < LY_NCA; ++a) {
        const char *l = oco__ly_calgos[a].label;
        fprintf(o, ",%s_alpha_regret,%s_alpha_regret_ci95,%s_alpha_regret_cons,"
                   "%s_alpha_regret_cons_ci95,%s_cons_over_budget,%s_cons_over_budget_ci95,"
                   "%s_Q_over_envelope,%s_gap,%s_ccv",
                l, l, l, l, l, l, l, l, l);
    }
    fprintf(o, ",Q_envelope_over_B\n");
    for (size_t k = 0; k < r->nTc; ++k) {
        const ly_cell *L = &r->cc[p][LY_CA_LYAP][k];
        fprintf(o, "%zu,%.17g", r->Tc[k], L->n ? L->env_mean : NAN);
        for (size_t a = 0; a < LY_NCA; ++a) {
            const ly_cell *c = &r->cc[p][a][k];
            if (!c->n) {
                fprintf(o, ",,,,,,,,,");
                continue;
            }
            fprintf(o, ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g", c->areg.mean,
                    c->areg.ci95, c->areg_cons.mean, c->areg_cons.ci95, c->cratio.mean,
                    c->cratio.ci95, c->qratio.mean, c->gap.mean, c->ccv.mean);
        }
        /* envelope on max_i consumption_i / B_i = Q_env / B_max: the
         * algorithm's cons/B divided by its Q/Q_env */
        fprintf(o, ",%.17g\n", L->n ? L->qenvB.mean : NAN);
    }
    return oco_report_fclose(o, name);
}

/* Two rows of panels: α-regret (conservative end) with κ√T + k/2, and
 * max_i consumption_i / B_i with Theorem 4's envelope, per problem. */
static int write_gp(const ly_run *r)
{
    FILE *gp = oco_report_fopen(r->env->dir, "coco.gp");
    if (!gp)
        return OCO_EIO;
    size_t np = 0;
    for (size_t p = 0; p < LY_NCP; ++p)
        np += (size_t)r->cp_present[p];
    oco_gp_preamble(gp, "coco.png", 400 * (int)(np ? np : 1), 800);
    fprintf(gp, "set multiplot layout 2,%zu title 'lyapunov (seed 003), full information: "
                "mean over seeds (95%% CI)'\n",
            np ? np : 1);
    fprintf(gp, "set logscale x\nset grid\nset key left bottom\nset xlabel 'T'\n");
    if (!np)
        fprintf(gp, "set label 1 'no problem ran' at graph 0.3,0.5\nplot [1:10] 0 notitle\n");
    for (int row = 0; row < 2; ++row)
        for (size_t p = 0; p < LY_NCP; ++p) {
            if (!r->cp_present[p])
                continue;
            const char *kind = oco__ly_cprobs[p].kind;
            if (row == 0)
                fprintf(gp, "set key left bottom\n"
                            "set title '%s: alpha-regret / (kappa sqrt(T) + k/2)'\n"
                            "set ylabel 'alpha-regret (upper end) / envelope'\n",
                        kind);
            else
                fprintf(gp, "set key right center\nset title '%s: consumption / budget'\n"
                            "set yrange [0:*]\n"
                            "set ylabel 'max_i consumption_i / B_i'\n",
                        kind);
            fprintf(gp, "plot ");
            for (size_t a = 0; a < LY_NCA; ++a) {
                int col = 3 + (int)a * 9 + (row == 0 ? 2 : 4);
                if (row == 0) /* Theorem 4's α-regret bound as the unit */
                    fprintf(gp, "%s'coco_%s.csv' skip 1 using 1:(column(%d)/column(2)):"
                                "(column(%d)/column(2)) with yerrorlines lw 2 pt 7 title '%s'",
                            a ? ", \\\n     " : "", kind, col, col + 1,
                            oco__ly_calgos[a].label);
                else
                    fprintf(gp, "%s'coco_%s.csv' skip 1 using 1:%d:%d with yerrorlines lw 2 pt 7 "
                                "title '%s'",
                            a ? ", \\\n     " : "", kind, col, col + 1,
                            oco__ly_calgos[a].label);
            }
            if (row == 0)
                fprintf(gp, ", \\\n     1 with lines dt 2 lc rgb 'black' title 'Thm 4 bound'\n");
            else
                fprintf(gp, ", \\\n     'coco_%s.csv' skip 1 using 1:%d with lines dt 2 lc rgb "
                            "'black' title 'Thm 4 envelope / B', \\\n     1 with lines dt 3 lc "
                            "rgb 'gray' title 'budget'\nset autoscale y\n",
                        kind, 3 + LY_NCA * 9);
        }
    fprintf(gp, "unset multiplot\n");
    return oco_report_fclose(gp, "coco.gp");
}

int oco__ly_part_coco(ly_run *r)
{
    for (size_t p = 0; p < LY_NCP; ++p)
        for (size_t a = 0; a < LY_NCA; ++a) {
            for (size_t k = 0; k < r->nTc; ++k)
                r->cc[p][a][k] = summarize(r, p, a, r->Tc[k]);
            r->cslope[p][a] = fit_slope(r->Tc, r->cc[p][a], r->nTc, 1);
        }
    for (size_t p = 0; p < LY_NCP; ++p) {
        r->a_reg_ok[p] = r->a_q_ok[p] = r->a_slope_ok[p] = -1;
        if (!r->cp_present[p] || !r->ca_present[LY_CA_LYAP])
            continue;
        int reg = 1, q = 1, any = 0;
        r->a_reg_margin[p] = r->a_q_margin[p] = -INFINITY;
        r->a_flat[p] = 0;
        for (size_t k = 0; k < r->nTc; ++k) {
            const ly_cell *c = &r->cc[p][LY_CA_LYAP][k];
            if (!c->n)
                continue;
            any = 1;
            r->a_kmax[p] = k;
            r->a_flat[p] += c->areg_cons.mean <= 1.0;
            r->a_reg_margin[p] = fmax(r->a_reg_margin[p], oco__ly_cprobs[p].stochastic
                                                              ? c->areg_cons.mean / c->env_mean
                                                              : c->worst_reg_margin);
            r->a_q_margin[p] = fmax(r->a_q_margin[p], oco__ly_cprobs[p].stochastic
                                                          ? c->qratio.mean
                                                          : c->worst_q_margin);
            if (oco__ly_cprobs[p].stochastic) {
                /* sampled generalized gradients: Theorem 4 holds in
                 * expectation; the mean over seeds is checked */
                reg &= c->areg_cons.mean <= c->env_mean;
                q &= c->qratio.mean <= 1.0;
            } else {
                reg &= c->worst_reg_margin <= 1.0;
                q &= c->worst_q_margin <= 1.0;
            }
        }
        if (!any)
            continue;
        r->a_reg_ok[p] = reg;
        r->a_q_ok[p] = q;
        double sl = r->cslope[p][LY_CA_LYAP];
        r->a_slope_ok[p] = isfinite(sl) ? sl <= LY_SLOPE + LY_SLOPE_TOL : -1;
        oco__ly_claim(r, r->a_reg_ok[p]);
        oco__ly_claim(r, r->a_q_ok[p]);
        oco__ly_claim(r, r->a_slope_ok[p]);
    }
    /* Sinha–Vaze Theorem 1 on `resource` (every run up to LY_PER_ROUND_TMAX) */
    r->a_sv_ok = -1;
    r->sv_reg_margin = r->sv_ccv_margin = -INFINITY;
    for (size_t i = 0; i < r->nj; ++i) {
        const ly_job *j = &r->jobs[i];
        const ly_result *s = &r->res[i];
        if (j->part != LY_J_COCO || j->algo != LY_CA_SV || !s->ok || !isfinite(s->pr_reg))
            continue;
        r->sv_reg_margin = fmax(r->sv_reg_margin, s->pr_reg / s->sv_reg_env);
        r->sv_ccv_margin = fmax(r->sv_ccv_margin, s->ccv / s->sv_ccv_env);
        r->a_sv_ok = r->sv_reg_margin <= 1.0 && r->sv_ccv_margin <= 1.0;
    }
    oco__ly_claim(r, r->a_sv_ok);

    int rc = OCO_OK;
    for (size_t p = 0; p < LY_NCP && rc == OCO_OK; ++p)
        if (r->cp_present[p])
            rc = write_csv(r, p);
    if (rc == OCO_OK)
        rc = write_gp(r);
    if (rc != OCO_OK)
        return rc;
    r->shown[0] = oco__ly_render(r->env, "coco.gp", "coco.png", r->err[0], sizeof r->err[0]);
    return OCO_OK;
}
