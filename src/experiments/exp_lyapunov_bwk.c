/* Part B of the `lyapunov` reproduction: bandits with knapsacks (seed 003
 * Appendix D, Theorem 10) on the stochastic and adversarial instances. One
 * bandit run (also C's, exp_lyapunov_lb.c), the summaries, B's claims,
 * bwk_<instance>.csv and bwk.png. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "experiments/exp_lyapunov.h"
#include "experiments/report.h"

/* B's budget: halfway between the cheapest arm's total consumption and that
 * of the arm with the smallest total loss, B = ½(min_i C_i + C_{i*}): the
 * benchmark is feasible (B >= min_i C_i) and the budget binds (the
 * unconstrained best arm would spend C_{i*} > B) whenever the best arm is
 * not the cheapest, which the instances are built for (bwk_gen.c). */
static double b_budget(oco_bwk_problem *p, size_t K, int *rc)
{
    double L[LY_BWK_K], C[LY_BWK_K];
    if ((*rc = oco_bwk_problem_sums(p, L, C)) != OCO_OK)
        return NAN;
    size_t best = 0;
    double cmin = C[0];
    for (size_t i = 1; i < K; ++i) {
        if (L[i] < L[best])
            best = i;
        cmin = fmin(cmin, C[i]);
    }
    return 0.5 * (cmin + C[best]);
}

/* The benchmark's p* played every round (C's reference policy): I_t ~ p*
 * from its own stream; the benchmark is computed by the same LP. */
static int play_fixed(oco_bwk_problem *p, double B, uint64_t seed, ly_result *out)
{
    const size_t K = oco_bwk_problem_arms(p), T = oco_bwk_problem_horizon(p);
    double pstar[LY_BWK_K];
    oco_bwk_benchmark bm;
    int rc = oco_bwk_problem_benchmark(p, B, pstar, &bm);
    if (rc != OCO_OK)
        return rc;
    oco_rng rng;
    oco_rng_seed(&rng, seed, 3);
    double loss = 0, exp_loss = 0, cons = 0;
    oco_bwk_problem_rewind(p);
    for (size_t t = 0; t < T; ++t) {
        if ((rc = oco_bwk_problem_next(p)) != OCO_OK)
            return rc;
        const double *l = oco_bwk_problem_losses(p), *c = oco_bwk_problem_costs(p);
        const double u = oco_rng_uniform(&rng);
        double acc = 0;
        size_t arm = K - 1; /* inverse CDF; the last arm takes the rounding */
        for (size_t i = 0; i < K; ++i) {
            acc += pstar[i];
            if (u < acc) {
                arm = i;
                break;
            }
        }
        for (size_t i = 0; i < K; ++i)
            exp_loss += pstar[i] * l[i];
        loss += l[arm];
        cons += c[arm];
    }
    out->bloss = loss;
    out->bexp = exp_loss;
    out->bcons = cons;
    out->bbench = bm.value;
    out->breg = loss - bm.value;
    return OCO_OK;
}

int oco__ly_play_bwk(const ly_run *r, const ly_job *j, ly_result *out)
{
    (void)r;
    const ly_balgo *ba = &oco__ly_balgos[j->algo];
    oco_bwk_problem_opts po = oco_bwk_problem_opts_default();
    po.T = j->T;
    po.seed = j->seed;
    if (j->part == LY_J_LB) {
        po.kind = OCO_BWK_PROBLEM_LOWER_BOUND;
        po.K = 2;
        po.phases = oco__ly_lb_phases(j->T);
        po.phase_k = j->phase_k;
    } else {
        int rc = oco_bwk_problem_kind_parse(oco__ly_binst[j->prob], &po.kind);
        if (rc != OCO_OK)
            return rc;
        po.K = LY_BWK_K;
    }
    oco_bwk_problem *p = oco_bwk_problem_new(&po);
    if (!p)
        return oco_last_error_code();
    int rc = OCO_OK;
    oco_bwk *alg = NULL;
    /* C: the construction's natural budget, one phase (B = T/n; bwk_gen.c) */
    double B = j->part == LY_J_LB ? (double)j->T / (double)po.phases : b_budget(p, po.K, &rc);
    if (rc != OCO_OK)
        goto done;
    out->bB = B;
    if (ba->fixed) {
        rc = play_fixed(p, B, j->seed, out);
        out->ok = rc == OCO_OK;
        goto done;
    }
    const oco_bwk_type *type = oco_bwk_find(ba->algo);
    if (!type) {
        rc = oco_last_error_code();
        goto done;
    }
    oco_rng rng;
    oco_rng_seed(&rng, j->seed, 2); /* the sampling; the instance uses streams 0, 1 */
    oco_bwk_setup s;
    oco_bwk_setup_from_problem(p, &s);
    s.budget = B;
    s.rng = &rng;
    alg = oco_bwk_new(type, &s, ba->p, ba->np);
    if (!alg) {
        rc = oco_last_error_code();
        goto done;
    }
    oco_bwk_run_result res;
    if ((rc = oco_bwk_run(alg, p, NULL, &res, NULL, NULL)) != OCO_OK)
        goto done;
    out->bloss = res.loss;
    out->bexp = res.expected_loss;
    out->bcons = res.consumption;
    out->bbench = res.benchmark;
    out->breg = res.regret;
    out->bweight = oco_bwk_multiplier(alg); /* at Q(T): the largest of the run */
    out->ok = 1;
done:
    oco_bwk_free(alg);
    oco_bwk_problem_free(p);
    return rc;
}

/* ---- Theorem 10's consumption envelope (§B.5 [D]) ------------------------------ */

static double logaddexp(double a, double b)
{
    double m = fmax(a, b);
    return m + log(exp(a - m) + exp(b - m));
}

/* max{(2(Q0^n + 2VT))^{1/n}, 2nA}, A = e(C_T·K√T + B), C_T = 1 as in
 * lyapunov_bwk.c, n = max(1, ⌈ln T⌉), Q0 = n, and V of the preset (theory:
 * ((nA)^n + Q0^n)/√T; practical: e·n·(Q0 + B)^{n−1}); in the log domain. The
 * derivation needs only Q0 >= n − 1 (Lemma 12) and the SF-MAB bound with
 * C_T, so it is computed for both presets. */
static double bwk_envelope(int theory, size_t K, size_t T, double B)
{
    const double lT = log((double)T), n = fmax(1.0, ceil(lT)), Q0 = n;
    const double A = exp(1.0) * (1.0 * (double)K * sqrt((double)T) + B);
    const double logV = theory ? logaddexp(n * log(n * A), n * log(Q0)) - 0.5 * lT
                               : 1 + log(n) + (n - 1) * log(Q0 + B);
    const double first = (log(2.0) + logaddexp(n * log(Q0), log(2.0) + logV + lT)) / n;
    return fmax(exp(first), 2 * n * A);
}

/* ---- summaries ------------------------------------------------------------------- */

ly_cell oco__ly_bwk_summarize(const ly_run *r, int part, size_t prob, size_t algo, size_t T,
                              size_t phase_k)
{
    const size_t K = r->K;
    double *b = r->buf;
    ly_cell c;
    memset(&c, 0, sizeof c);
    size_t n = 0;
    for (size_t i = 0; i < r->nj && n < K; ++i) {
        const ly_job *j = &r->jobs[i];
        const ly_result *s = &r->res[i];
        if (j->part != part || j->prob != prob || j->algo != algo || j->T != T ||
            j->phase_k != phase_k || !s->ok)
            continue;
        b[n] = s->breg;
        b[K + n] = s->bcons;
        b[2 * K + n] = s->bcons / s->bB;
        b[3 * K + n] = s->seconds;
        b[4 * K + n] = s->bweight;
        n++;
    }
    c.n = n;
    c.reg = oco_summarize(b, n);
    c.cons = oco_summarize(b + K, n);
    c.cratio_b = oco_summarize(b + 2 * K, n);
    c.secs = oco_summarize(b + 3 * K, n);
    c.mult = oco_summarize(b + 4 * K, n);
    return c;
}

double oco__ly_reg_slope(const size_t *Ts, const double *y, const size_t *ok, size_t nT)
{
    double x[LY_NT_MAX], v[LY_NT_MAX];
    size_t m = 0;
    for (size_t k = 0; k < nT; ++k)
        if (ok[k] && isfinite(y[k])) {
            x[m] = (double)Ts[k];
            v[m] = fmax(y[k], 1.0);
            m++;
        }
    double slope = NAN, icpt;
    if (m < 2 || oco_loglog_fit(x, v, m, &slope, &icpt) < 2)
        return NAN;
    return slope;
}

/* ---- B ------------------------------------------------------------------------------ */

static int write_bwk_csv(const ly_run *r, size_t inst)
{
    char name[64];
    snprintf(name, sizeof name, "bwk_%s.csv", oco__ly_binst[inst]);
    FILE *o = oco_report_fopen(r->env->dir, name);
    if (!o)
        return OCO_EIO;
    fprintf(o, "T");
    for (size_t a = 0; a < LY_NBA; ++a)
        if (r->ba_present[a] && !oco__ly_balgos[a].fixed)
            fprintf(o, ",%s_regret,%s_regret_ci95,%s_cons_over_B,%s_cons_over_B_ci95",
                    oco__ly_balgos[a].label, oco__ly_balgos[a].label, oco__ly_balgos[a].label,
                    oco__ly_balgos[a].label);
    fprintf(o, ",lnT,envelope_practical_over_B,envelope_theory_over_B\n");
    for (size_t k = 0; k < r->nTb; ++k) {
        fprintf(o, "%zu", r->Tb[k]);
        double Bm = NAN;
        for (size_t a = 0; a < LY_NBA; ++a) {
            if (!r->ba_present[a] || oco__ly_balgos[a].fixed)
                continue;
            const ly_cell *c = &r->bc[inst][a][k];
            if (c->n) {
                fprintf(o, ",%.17g,%.17g,%.17g,%.17g", c->reg.mean, c->reg.ci95,
                        c->cratio_b.mean, c->cratio_b.ci95);
                Bm = c->cons.mean / c->cratio_b.mean;
            } else {
                fprintf(o, ",,,,");
            }
        }
        fprintf(o, ",%.17g,%.17g,%.17g\n", log((double)r->Tb[k]), r->benv[inst][0][k] / Bm,
                r->benv[inst][1][k] / Bm);
    }
    return oco_report_fclose(o, name);
}

static int write_bwk_gp(const ly_run *r)
{
    FILE *gp = oco_report_fopen(r->env->dir, "bwk.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "bwk.png", 1300, 900);
    fprintf(gp, "set multiplot layout 2,%d title 'lyapunov (seed 003), bandits with knapsacks: "
                "mean over seeds (95%% CI)'\n",
            LY_NBI);
    fprintf(gp, "set logscale x\nset grid\nset key left top\nset xlabel 'T'\n");
    for (int row = 0; row < 2; ++row)
        for (size_t inst = 0; inst < LY_NBI; ++inst) {
            if (row == 0)
                fprintf(gp, "unset logscale y\nset title '%s: regret = loss - benchmark (54)'\n"
                            "set ylabel 'regret'\n",
                        oco__ly_binst[inst]);
            else
                fprintf(gp, "set logscale y\nset title '%s: consumption / B'\n"
                            "set ylabel 'consumption / B'\n",
                        oco__ly_binst[inst]);
            int col = 2, first = 1;
            for (size_t a = 0; a < LY_NBA; ++a) {
                if (!r->ba_present[a] || oco__ly_balgos[a].fixed)
                    continue;
                int c = col + (row == 0 ? 0 : 2);
                fprintf(gp, "%s'bwk_%s.csv' skip 1 using 1:%d:%d with yerrorlines lw 2 pt 7 "
                            "title '%s'",
                        first ? "plot " : ", \\\n     ", oco__ly_binst[inst], c, c + 1,
                        oco__ly_balgos[a].label);
                first = 0;
                col += 4;
            }
            if (first)
                fprintf(gp, "plot [1000:10000] 0 notitle");
            if (row == 1 && !first)
                fprintf(gp, ", \\\n     'bwk_%s.csv' skip 1 using 1:%d with lines dt 2 lc rgb "
                            "'black' title 'ln T (c = 1)', \\\n     1 with lines dt 3 lc rgb "
                            "'gray' title 'budget'",
                        oco__ly_binst[inst], col);
            fputc('\n', gp);
        }
    fprintf(gp, "unset multiplot\n");
    return oco_report_fclose(gp, "bwk.gp");
}

int oco__ly_part_bwk(ly_run *r)
{
    const size_t nT = r->nTb;
    for (size_t a = 0; a < LY_NBA; ++a) {
        r->bw_max[a] = NAN;
        for (size_t i = 0; i < r->nj; ++i)
            if (r->jobs[i].part == LY_J_BWK && r->jobs[i].algo == a && r->res[i].ok &&
                isfinite(r->res[i].bweight))
                r->bw_max[a] = isnan(r->bw_max[a]) ? r->res[i].bweight
                                                    : fmax(r->bw_max[a], r->res[i].bweight);
    }
    for (size_t inst = 0; inst < LY_NBI; ++inst) {
        for (size_t a = 0; a < LY_NBA; ++a) {
            double y[LY_NT_MAX];
            size_t ok[LY_NT_MAX];
            for (size_t k = 0; k < nT; ++k) {
                r->bc[inst][a][k] = oco__ly_bwk_summarize(r, LY_J_BWK, inst, a, r->Tb[k], 0);
                y[k] = r->bc[inst][a][k].reg.mean;
                ok[k] = r->bc[inst][a][k].n;
            }
            r->bslope[inst][a] = oco__ly_reg_slope(r->Tb, y, ok, nT);
        }
        /* envelopes at the mean budget of the instance's seeds */
        for (size_t k = 0; k < nT; ++k) {
            double Bsum = 0;
            size_t nb = 0;
            for (size_t i = 0; i < r->nj; ++i)
                if (r->jobs[i].part == LY_J_BWK && r->jobs[i].prob == inst &&
                    r->jobs[i].T == r->Tb[k] && r->res[i].ok) {
                    Bsum += r->res[i].bB;
                    nb++;
                }
            double B = nb ? Bsum / (double)nb : NAN;
            r->benv[inst][0][k] = bwk_envelope(0, LY_BWK_K, r->Tb[k], B);
            r->benv[inst][1][k] = bwk_envelope(1, LY_BWK_K, r->Tb[k], B);
        }
        const ly_cell *P = r->bc[inst][LY_BA_PRACT];
        r->b_slope_ok[inst] = r->b_cons_ok[inst] = r->b_over_ok[inst] = r->b_env_ok[inst] =
            r->b_theory_ok[inst] = -1;
        if (r->ba_present[LY_BA_PRACT] && P[nT - 1].n) {
            double sl = r->bslope[inst][LY_BA_PRACT];
            r->b_slope_ok[inst] = isfinite(sl) ? sl <= LY_SLOPE + LY_BWK_SLOPE_TOL : -1;
            r->b_flat[inst] = 0;
            for (size_t k = 0; k < nT; ++k)
                r->b_flat[inst] += P[k].n && P[k].reg.mean <= 1.0;
            /* every run: consumption <= c·B·ln T */
            int ok = 1;
            for (size_t i = 0; i < r->nj; ++i) {
                const ly_job *j = &r->jobs[i];
                if (j->part == LY_J_BWK && j->prob == inst && j->algo == LY_BA_PRACT &&
                    r->res[i].ok)
                    ok &= r->res[i].bcons <= LY_BWK_C * r->res[i].bB * log((double)j->T);
            }
            r->b_cons_ok[inst] = ok;
        }
        /* the budget-blind methods overspend at T_max */
        int over = -1;
        for (size_t a = 0; a < LY_NBA; ++a)
            if (r->ba_present[a] && oco__ly_balgos[a].budget_blind &&
                r->bc[inst][a][nT - 1].n) {
                int v = r->bc[inst][a][nT - 1].cratio_b.mean > LY_OVERSPEND;
                over = over < 0 ? v : over && v;
            }
        r->b_over_ok[inst] = over;
        /* Theorem 10's envelope (mean consumption, both presets, every T) */
        int env = -1;
        for (size_t a = LY_BA_PRACT; a <= LY_BA_THEORY; ++a)
            for (size_t k = 0; k < nT; ++k)
                if (r->ba_present[a] && r->bc[inst][a][k].n) {
                    int v = r->bc[inst][a][k].cons.mean <= r->benv[inst][a][k];
                    env = env < 0 ? v : env && v;
                }
        r->b_env_ok[inst] = env;
        /* issue 10's finding: the theory preset spends as sf-mab (budget ignored) */
        if (r->ba_present[LY_BA_THEORY] && r->ba_present[LY_BA_SFMAB]) {
            int same = 1, any = 0;
            for (size_t k = 0; k < nT; ++k) {
                const ly_cell *t = &r->bc[inst][LY_BA_THEORY][k], *s = &r->bc[inst][LY_BA_SFMAB][k];
                if (!t->n || !s->n)
                    continue;
                any = 1;
                same &= fabs(t->cons.mean / s->cons.mean - 1) <= LY_THEORY_SAME;
            }
            r->b_theory_ok[inst] = any ? same : -1;
        }
        oco__ly_claim(r, r->b_slope_ok[inst]);
        oco__ly_claim(r, r->b_cons_ok[inst]);
        oco__ly_claim(r, r->b_over_ok[inst]);
        oco__ly_claim(r, r->b_env_ok[inst]);
        oco__ly_claim(r, r->b_theory_ok[inst]);
    }
    int rc = OCO_OK;
    for (size_t inst = 0; inst < LY_NBI && rc == OCO_OK; ++inst)
        rc = write_bwk_csv(r, inst);
    if (rc == OCO_OK)
        rc = write_bwk_gp(r);
    if (rc != OCO_OK)
        return rc;
    r->shown[1] = oco__ly_render(r->env, "bwk.gp", "bwk.png", r->err[1], sizeof r->err[1]);
    return OCO_OK;
}

