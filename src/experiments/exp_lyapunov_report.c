/* The report writer of the `lyapunov` reproduction: its section of
 * REPORT.md (setting, claims table, the tables of parts A–C, what the
 * theorems cover) from the record the parts filled. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "experiments/exp_lyapunov.h"
#include "experiments/progress.h"
#include "experiments/report.h"

typedef struct numtxt {
    char s[40];
} numtxt;
static numtxt f3(double v)
{
    numtxt n;
    if (isfinite(v))
        snprintf(n.s, sizeof n.s, "%.3f", v);
    else
        snprintf(n.s, sizeof n.s, "—");
    return n;
}
static numtxt g3(double v)
{
    numtxt n;
    if (isfinite(v))
        snprintf(n.s, sizeof n.s, "%.3g", v);
    else
        snprintf(n.s, sizeof n.s, "—");
    return n;
}
static numtxt mci(oco_summary s)
{
    numtxt n;
    if (s.n && isfinite(s.mean))
        snprintf(n.s, sizeof n.s, "%.3g ± %.2g", s.mean, s.ci95);
    else
        snprintf(n.s, sizeof n.s, "—");
    return n;
}

static const char *verdict(int v) { return v < 0 ? "not checked" : v ? "**PASS**" : "**FAIL**"; }

static void grid(FILE *md, const size_t *Ts, size_t n)
{
    fputc('{', md);
    for (size_t k = 0; k < n; ++k)
        fprintf(md, "%s%zu", k ? ", " : "", Ts[k]);
    fputc('}', md);
}

static size_t failed_runs(const ly_run *r, const char **first)
{
    size_t n = 0;
    *first = NULL;
    for (size_t i = 0; i < r->nj; ++i)
        if (!r->res[i].ok) {
            if (!n)
                *first = r->res[i].err;
            n++;
        }
    return n;
}

static void setting(const ly_run *r, FILE *md)
{
    const oco_exp_env *env = r->env;
    fprintf(md, "## lyapunov — long-term budgets with Lyapunov + AdaGrad, and bandits with "
                "knapsacks (seed 003)\n\n");
    fprintf(md, "Source: Sarkar, Mukhopadhyay, Sinha (arXiv 2508.16992, seed 003): Algorithm 1 "
                "and Theorem 4 (`../shared/algorithms/llp_sarkar.md` §B.3 with the [D] constants, "
                "§B.4 several resources), Algorithm 2 and Theorem 10 (§B.5), the worked classes "
                "(§B.6), Theorem 5 (§B.7); baseline Sinha & Vaze, NeurIPS 2024, Algorithm 1 and "
                "Theorem 1 (Part C). The seed has no experiment on these classes: this section "
                "makes its theorems visible. Costs are minimised; the approximately concave "
                "rewards (vertex cover, DR-submodular) are costs f = −R with α < 1, so α-Reg_T = "
                "Σ_t f_t(x_t) − α·min_{X*} Σ_t f_t = α·max ΣR − ΣR(x_t). Consumption = Σ_t "
                "c_t(x_t) (the constraint map without its budget share b_t), B_T = Σ_t b_t; X* = "
                "{x ∈ X : Σ_t c_t(x) ≤ B_T}.\n\n");
    fprintf(md, "Setting: %zu seeds per point (seed k = 1..%zu; the bandit's sampling draws "
                "from its own stream); A: T ∈ ",
            r->K, r->K);
    grid(md, r->Tc, r->nTc);
    fprintf(md, "; B: T ∈ ");
    grid(md, r->Tb, r->nTb);
    fprintf(md, "; C: T ∈ ");
    grid(md, r->Tl, r->nTl);
    fprintf(md, " with every instance k = 1..n of the family and %zu seeds%s. Runs in parallel "
                "on %s; numbers are means ± 95%% CI half-width (Student t) over seeds. Slopes are "
                "least-squares log–log slopes of the means over the whole T grid.\n\n",
            r->K < 3 ? r->K : 3, env->quick ? " (--quick)" : "",
            env->jobs ? "the given threads" : "all cores");
    if (r->missing[0])
        fprintf(md, "**Not in this build, skipped (their claims are \"not checked\"):** %s.\n\n",
                r->missing);
    const char *first;
    size_t nf = failed_runs(r, &first);
    if (nf)
        fprintf(md, "**%zu of %zu runs failed** and are left out of every mean (first error: "
                    "%s).\n\n",
                nf, r->nj, first);
}

static void claims_table(const ly_run *r, FILE *md)
{
    fprintf(md, "| # | claim (source) | check (tolerance fixed in advance) | measured | verdict |\n"
                "|---|---|---|---|---|\n");
    int row = 1;
    for (size_t p = 0; p < LY_NCP; ++p) {
        const size_t kA = r->a_kmax[p];
        const ly_cell *c = &r->cc[p][LY_CA_LYAP][kA];
        const char *kind = oco__ly_cprobs[p].kind;
        const int st = oco__ly_cprobs[p].stochastic, ran = r->a_reg_ok[p] >= 0;
        fprintf(md, "| %d | `lyapunov-adagrad` on `%s`: α-Reg_T ≤ κ√T + k/2 (Thm 4, §B.4) | "
                    "α-regret at the conservative end of the certified comparator ≤ the "
                    "envelope at every T, %s | ",
                row++, kind, st ? "mean over seeds (sampled gradients: Thm 4 in expectation)"
                                : "every run");
        if (ran)
            fprintf(md, "largest α-Reg/envelope %s; at T = %zu: %s vs %s",
                    g3(r->a_reg_margin[p]).s, r->Tc[kA], mci(c->areg_cons).s,
                    g3(c->env_mean).s);
        fprintf(md, " | %s |\n", verdict(r->a_reg_ok[p]));
        fprintf(md, "| %d | `lyapunov-adagrad` on `%s`: Q_i(T) ≤ 2(κ√T + αB)·ln(2(k + κ√T + "
                    "max(α,1)FT)) (Thm 4, §B.4) | %s | ",
                row++, kind, st ? "mean over seeds, every T" : "every run, every resource");
        if (ran)
            fprintf(md, "largest Q/envelope %s; at T = %zu: consumption/B %s, envelope/B %s",
                    g3(r->a_q_margin[p]).s, r->Tc[kA], mci(c->cratio).s, g3(c->qenvB.mean).s);
        fprintf(md, " | %s |\n", verdict(r->a_q_ok[p]));
        fprintf(md, "| %d | `lyapunov-adagrad` on `%s`: α-regret O(√T) (Thm 4) | fitted log–log "
                    "slope of max(mean α-Reg (conservative), 1) ≤ %.1f + %.1f | %s",
                row++, kind, LY_SLOPE, LY_SLOPE_TOL, f3(r->cslope[p][LY_CA_LYAP]).s);
        if (ran && r->a_flat[p])
            fprintf(md, " (mean α-Reg ≤ 1 at %zu of %zu T: the fit sees the constant 1 there)",
                    r->a_flat[p], r->a_kmax[p] + 1);
        fprintf(md, " | %s |\n", verdict(r->a_slope_ok[p]));
    }
    fprintf(md, "| %d | `sinha-vaze` on `resource` (convex, per-round feasible x = 0): Regret_T ≤ "
                "2GD(√T + 1) and CCV_T ≤ 4GD·ln(2(1 + 2T))√T (Sinha–Vaze Thm 1) | every run up "
                "to T = 31623, regret against the per-round benchmark (conservative end) | "
                "largest regret/bound %s, CCV/bound %s | %s |\n",
            row++, g3(r->sv_reg_margin).s, g3(r->sv_ccv_margin).s, verdict(r->a_sv_ok));
    const size_t kB = r->nTb - 1;
    for (size_t i = 0; i < LY_NBI; ++i) {
        const char *in = oco__ly_binst[i];
        fprintf(md, "| %d | `lyapunov-bwk` (practical) on `%s`: regret Õ(√T) (Thm 10) | slope of "
                    "max(mean regret, 1) ≤ %.1f + %.2f | %s",
                row++, in, LY_SLOPE, LY_BWK_SLOPE_TOL, f3(r->bslope[i][LY_BA_PRACT]).s);
        if (r->b_slope_ok[i] >= 0 && r->b_flat[i])
            fprintf(md, " (mean regret ≤ 1 at %zu of %zu T: the fit sees the constant 1 there)",
                    r->b_flat[i], r->nTb);
        fprintf(md, " | %s |\n", verdict(r->b_slope_ok[i]));
        fprintf(md, "| %d | `lyapunov-bwk` (practical) on `%s`: consumption O(B log T) (Thm 10) | "
                    "every run: consumption ≤ %.0f·B·ln T | consumption/B at T = %zu: %s (ln T = "
                    "%.1f) | %s |\n",
                row++, in, LY_BWK_C, r->Tb[kB], mci(r->bc[i][LY_BA_PRACT][kB].cratio_b).s,
                log((double)r->Tb[kB]), verdict(r->b_cons_ok[i]));
        fprintf(md, "| %d | on `%s` the budget binds: the budget-blind `sf-mab` and `exp3` "
                    "overspend | mean consumption/B > %.0f at T = %zu | sf-mab %s, exp3 %s | %s "
                    "|\n",
                row++, in, LY_OVERSPEND, r->Tb[kB], mci(r->bc[i][LY_BA_SFMAB][kB].cratio_b).s,
                mci(r->bc[i][LY_BA_EXP3][kB].cratio_b).s, verdict(r->b_over_ok[i]));
        const ly_cell *pc = &r->bc[i][LY_BA_PRACT][kB];
        const double Bm = pc->cons.mean / pc->cratio_b.mean;
        const double ep = r->benv[i][0][kB], et = r->benv[i][1][kB], Tk = (double)r->Tb[kB];
        fprintf(md, "| %d | `lyapunov-bwk` on `%s`: E[CC_T] ≤ max{(2(Q0^n + 2VT))^{1/n}, 2nA} "
                    "(§B.5 [D], C_T = 1) | mean consumption ≤ the envelope of each preset's V at "
                    "every T | envelope/B at T = %zu: practical %s, theory %s%s | %s |\n",
                row++, in, r->Tb[kB], g3(ep / Bm).s, g3(et / Bm).s,
                ep >= Tk && et >= Tk ? " (both ≥ T: vacuous, consumption ≤ T always)" : "",
                verdict(r->b_env_ok[i]));
        fprintf(md, "| %d | issue 10's finding on `%s`: the `theory` preset ignores the budget "
                    "(spends as `sf-mab`) | mean consumption within ±%.0f%% of sf-mab's at "
                    "every T | T = %zu: theory %s, sf-mab %s | %s |\n",
                row++, in, 100 * LY_THEORY_SAME, r->Tb[kB],
                g3(r->bc[i][LY_BA_THEORY][kB].cons.mean).s,
                g3(r->bc[i][LY_BA_SFMAB][kB].cons.mean).s, verdict(r->b_theory_ok[i]));
    }
    fprintf(md, "| %d | Theorem 5 (§B.7): a policy with sublinear regret must have c = Ω(log T) "
                "in CC ≤ cB + S(T) | on the family, for every method: regret slope ≥ %.2f (not "
                "sublinear here) or max_k consumption/B grows with ln T (least-squares "
                "coefficient > 2 standard errors) | ",
            row++, LY_LB_SUBLINEAR);
    for (size_t a = 0, first = 1; a < LY_NBA; ++a) {
        if (r->lb_sub[a] < 0)
            continue;
        fprintf(md, "%s%s: regret slope %s, d(cons/B)/d ln T %s ± %s (%s)", first ? "" : "; ",
                oco__ly_balgos[a].label, f3(r->lslope_reg[a]).s, g3(r->lcoef[a]).s,
                g3(r->lcoef_se[a]).s,
                !r->lb_sub[a] ? "regret not sublinear here"
                : r->lb_grows[a] ? "c grows"
                                 : "**sublinear regret with c not growing**");
        first = 0;
    }
    fprintf(md, " | %s |\n\n", verdict(r->c_ok));

    fprintf(md, "Why these tolerances: the envelopes of Theorem 4 are deterministic bounds "
                "(with the [D] constants of the notes), so every run must meet them; the slope "
                "margins (+%.1f full information, +%.2f bandits, where sampled arms add noise) "
                "separate √T from linear growth on a finite grid, as in the other reproductions; "
                "c = %.0f in c·B·ln T and the ±%.0f%% of the theory preset's finding are round "
                "numbers chosen before the runs. Theorems are upper bounds: a FAIL means the "
                "stated shape was not visible at these T (or, for an envelope, that an "
                "assumption does not hold — the text says which), not that a theorem is "
                "false.\n\n",
            LY_SLOPE_TOL, LY_BWK_SLOPE_TOL, LY_BWK_C, 100 * LY_THEORY_SAME);
}

/* What A's numbers say, from the numbers (nothing here is fixed text about
 * the outcome). */
static void reading_a(const ly_run *r, FILE *md)
{
    int over = 0, still = 0;
    fprintf(md, "**Reading.** `lyapunov-adagrad` at the largest T of each problem: ");
    for (size_t p = 0, first = 1; p < LY_NCP; ++p) {
        size_t k = r->nTc;
        while (k > 0 && !r->cc[p][LY_CA_LYAP][k - 1].n)
            k--;
        if (!k)
            continue;
        const ly_cell *c = &r->cc[p][LY_CA_LYAP][k - 1], *v = &r->cc[p][LY_CA_SV][k - 1];
        double env_over_B = c->qenvB.mean;
        fprintf(md, "%s`%s` (T = %zu): consumption/B %s (Theorem 4's envelope allows %s), "
                    "Φ'(Q(T)) = %s next to the cost's V = 1, α-regret %s%s",
                first ? "" : "; ", oco__ly_cprobs[p].kind, r->Tc[k - 1], g3(c->cratio.mean).s,
                g3(env_over_B).s, g3(c->mult.mean).s, g3(c->areg.mean).s,
                c->moved_max == 0 ? ", x_t never left x_1" : "");
        if (v->n)
            fprintf(md, " (sinha-vaze: consumption/B %s, α-regret %s)", g3(v->cratio.mean).s,
                    g3(v->areg.mean).s);
        first = 0;
        over |= c->cratio.mean > 1 && c->mult.mean < 0.1;
        still |= c->moved_max == 0;
    }
    fprintf(md, ".\n\n");
    if (over)
        fprintf(md, "Where consumption/B exceeds 1 with a small Φ'(Q(T)), Algorithm 1 has not "
                    "yet acted on the budget at these T: with λ = 1/(2(κ√T + αB)) the weight "
                    "λe^{λQ} stays near λ until Q approaches 1/λ = 2(κ√T + αB), so the runs "
                    "spend beyond B (inside Theorem 4's envelope, which allows about 2·ln(2(k + "
                    "κ√T + FT)) times κ√T + αB) and, having left X*, beat its benchmark: a "
                    "negative α-regret. This is the full-information counterpart of issue 10's "
                    "finding for the bandit `theory` preset; the theorem's O(B log T) "
                    "consumption permits it. Sinha–Vaze, whose weight λ = 1/(2√T) is also small "
                    "here, plays nearly the same points.\n\n");
    if (still)
        fprintf(md, "Where x_t never left x_1 (the domain's centre 0), the generalized "
                    "subgradient supplied there is 0: for phase retrieval 0 minimises the "
                    "convex minorant h (all its terms are minimal at 0), so α̂∇h(0) = 0 (Lemma 8) "
                    "and AdaGrad stays put; its α-regret Σ_t f_t(0) − α̂·min Σ_t f_t is then ≤ 0 "
                    "for any comparator (f_t(0) ≤ α̂h_t(0) ≤ α̂h_t(x) ≤ α̂f_t(x)), and the run "
                    "says nothing about the rate.\n\n");
}

static void part_a(const ly_run *r, FILE *md)
{
    fprintf(md, "**A. Full information.** Problems (the families' generators in "
                "`src/problems/`): ");
    for (size_t p = 0; p < LY_NCP; ++p)
        fprintf(md, "%s`%s` %s", p ? "; " : "", oco__ly_cprobs[p].kind, oco__ly_cprobs[p].title);
    fprintf(md, ". Methods: ");
    for (size_t a = 0; a < LY_NCA; ++a)
        fprintf(md, "%s`%s` = %s", a ? "; " : "", oco__ly_calgos[a].label, oco__ly_calgos[a].what);
    fprintf(md, ". Both are told the family's bounds (`oco_coco_setup_from_problem`); "
                "`lyapunov-adagrad` is fed the consumption c_t against B_T, `sinha-vaze` the "
                "constraint g_t = c_t − b_t with budget 0 (its model). α-regret is against the "
                "long-term benchmark X*, computed by `oco_coco_problem_hindsight`: exact for "
                "`resource` (LP), a certified interval for the worked classes (the comparator "
                "is a feasible point's objective, the gap bounds its distance to the optimum); "
                "the claims use the **conservative end** α-Reg + α·gap (the largest α-regret "
                "the interval allows; `alpha_regret_upper` of `oco run coco --json`), and the "
                "table reports the gap.\n\n");
    oco_report_figure(md, r->env->dirname, "coco.png",
                      "full information: alpha-regret and consumption",
                      r->shown[0], r->err[0]);
    fprintf(md, "| problem | method | T | α-regret | α-regret (conservative) | κ√T + k/2 | "
                "certified gap | max_i consumption_i/B_i | Q/envelope | Φ'(Q(T)) | CCV "
                "(Sinha–Vaze) | s/run |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t p = 0; p < LY_NCP; ++p)
        for (size_t a = 0; a < LY_NCA; ++a)
            for (size_t k = 0; k < r->nTc; ++k) {
                const ly_cell *c = &r->cc[p][a][k];
                if (!c->n)
                    continue;
                fprintf(md, "| %s | %s | %zu | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                        oco__ly_cprobs[p].kind, oco__ly_calgos[a].label, r->Tc[k], mci(c->areg).s,
                        mci(c->areg_cons).s, g3(c->env_mean).s, g3(c->gap.mean).s,
                        mci(c->cratio).s, a == LY_CA_LYAP ? g3(c->qratio.mean).s : "—",
                        a == LY_CA_LYAP ? g3(c->mult.mean).s : "—",
                        a == LY_CA_SV ? mci(c->ccv).s : "—", g3(c->secs.mean).s);
            }
    fprintf(md, "\nFitted slopes of max(mean α-regret (conservative), 1): ");
    for (size_t p = 0, first = 1; p < LY_NCP; ++p)
        if (r->cp_present[p]) {
            fprintf(md, "%s`%s` lyapunov-adagrad %s, sinha-vaze %s", first ? "" : "; ",
                    oco__ly_cprobs[p].kind, f3(r->cslope[p][LY_CA_LYAP]).s,
                    f3(r->cslope[p][LY_CA_SV]).s);
            first = 0;
        }
    fprintf(md, ".\n\n");
    reading_a(r, md);
    fprintf(md, "**What the theorems cover.** Theorem 4 (with V = 1, λ = 1/(2(κ√T + αB)), κ = "
                "√2·G·D, G = max(G, L_g): the notes' [D] constants, passed explicitly) assumes "
                "f_t ∈ C_α with generalized subgradients bounded by G, consumptions c_t ≥ 0 with "
                "gradients bounded by G, and X* non-empty; its consumption bound also uses a "
                "lower bound on α-Reg_T (αFT for costs f ≥ 0; FT for rewards written as costs, "
                "so max(α, 1)·F·T here, F = the family's sup |f_t|). With unequal budgets "
                "(`resource`), Algorithm 1 scales c_{t,i} by B/B_i (§B.4): the scaled gradients "
                "may exceed G by that factor, outside the stated assumption (the envelope is "
                "still checked with the algorithm's κ). DR-submodular's generalized gradient is "
                "an unbiased sample (§B.6): Theorem 4 then holds in expectation, so its row "
                "checks the mean. Phase retrieval's α is estimated numerically (§B.6 [D]), so "
                "its envelope holds only as far as α̂ is the true α. Sinha–Vaze's Theorem 1 "
                "covers convex f, a point feasible in every round, regret against the "
                "**per-round** benchmark and CCV = Σ_t max(0, max_i g_{t,i}(x_t)); it says "
                "nothing about the long-term benchmark X* or about consumption against B_T "
                "(reported in the table: keeping every round feasible leaves budget unused, "
                "and its α-regret against X* is then not O(√T) in general), nor about the "
                "non-convex worked classes.\n\n");
}

static void part_b(const ly_run *r, FILE *md)
{
    fprintf(md, "**B. Bandits with knapsacks.** Instances `stochastic` and `adversarial` "
                "(`src/problems/bwk_gen.c`), K = %d arms; budget B = ½(min_i C_i + C_{i*}) "
                "(C_i = Σ_t c_{t,i}, i* the arm of smallest total loss): the benchmark (54) is "
                "feasible and the budget binds. Regret = loss − benchmark (54) (exact LP; "
                "negative when a method overspends and beats the budgeted benchmark). Methods: ",
            LY_BWK_K);
    for (size_t a = 0, first = 1; a < LY_NBA; ++a)
        if (!oco__ly_balgos[a].fixed) {
            fprintf(md, "%s`%s` = %s%s", first ? "" : "; ", oco__ly_balgos[a].label,
                    oco__ly_balgos[a].what, r->ba_present[a] ? "" : " (not in this build)");
            first = 0;
        }
    fprintf(md, ".\n\n");
    oco_report_figure(md, r->env->dirname, "bwk.png", "bandits with knapsacks", r->shown[1],
                      r->err[1]);
    fprintf(md, "| instance | method | T | regret | consumption/B | budget weight at Q(T) | "
                "s/run |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < LY_NBI; ++i)
        for (size_t a = 0; a < LY_NBA; ++a)
            for (size_t k = 0; k < r->nTb; ++k) {
                const ly_cell *c = &r->bc[i][a][k];
                if (!c->n)
                    continue;
                fprintf(md, "| %s | %s | %zu | %s | %s | %s | %s |\n", oco__ly_binst[i],
                        oco__ly_balgos[a].label, r->Tb[k], mci(c->reg).s, mci(c->cratio_b).s,
                        isfinite(c->mult.mean) ? g3(c->mult.mean).s : "—", g3(c->secs.mean).s);
            }
    fprintf(md, "\nRegret slopes (max(mean, 1)): ");
    for (size_t i = 0; i < LY_NBI; ++i)
        for (size_t a = 0; a < LY_NBA; ++a)
            if (r->ba_present[a] && !oco__ly_balgos[a].fixed)
                fprintf(md, "%s%s/%s %s", i || a ? "; " : "", oco__ly_binst[i],
                        oco__ly_balgos[a].label, f3(r->bslope[i][a]).s);
    fprintf(md, ".\n\n**Reading.** At T = %zu, mean consumption/B and regret: ", r->Tb[r->nTb - 1]);
    for (size_t i = 0; i < LY_NBI; ++i) {
        fprintf(md, "%s`%s`: ", i ? "; " : "", oco__ly_binst[i]);
        for (size_t a = 0, first = 1; a < LY_NBA; ++a) {
            const ly_cell *c = &r->bc[i][a][r->nTb - 1];
            if (!c->n)
                continue;
            fprintf(md, "%s%s %s, %s", first ? "" : "; ", oco__ly_balgos[a].label,
                    g3(c->cratio_b.mean).s, g3(c->reg.mean).s);
            first = 0;
        }
    }
    fprintf(md, ". The benchmark (54) is the best distribution that spends at most B, so a "
                "method that spends more can beat it: a negative regret comes with "
                "consumption/B > 1, and the regret slope is then that of the constant 1. The "
                "trade-off between the two is what the theorems bound; neither number alone "
                "ranks the methods.\n\n**The two presets of `lyapunov-bwk`.** Both use n = "
                "⌈ln T⌉ and Q0 = n; "
                "`theory` (`preset=1`) takes the notes' V = ((nA)^n + Q0^n)/√T with A = "
                "e(C_T·K√T + B_T), C_T = 1 [D]; `practical` (`preset=0`, the default) takes V "
                "= e·n·(Q0 + B_T)^{n−1}, so that the budget weight e·n·Q^{n−1}/V of the "
                "surrogate loss (55) is 1 when the consumption reaches B_T. Issue 10 found that "
                "under `theory` this weight stays below 10⁻⁶ for every Q ≤ T up to T = 10⁶; here "
                "its largest value at the end of any run (Q(T), the largest of the run) is %s "
                "(practical: %s), so the theory preset pulls as the scale-free MAB alone: the "
                "table shows its consumption next to `sf-mab`'s. Theorem 10's consumption "
                "envelope (§B.5 [D]) holds for "
                "both presets' V in expectation given the SF-MAB bound with C_T, but its term "
                "2nA = 2e⌈ln T⌉(K√T + B) exceeds T at these horizons: it is vacuous here "
                "(envelope/B in the claims table), so the practical preset's c·B·ln T row is "
                "the informative check. Neither preset's constants are the paper's (the seed's "
                "(58)–(62) are partly blank): both are [D].\n\n",
            g3(r->bw_max[LY_BA_THEORY]).s, g3(r->bw_max[LY_BA_PRACT]).s);
}

static void part_c(const ly_run *r, FILE *md)
{
    fprintf(md, "**C. The Theorem 5 family.** `lower-bound` instances (`bwk_gen.c`, after "
                "Immorlica et al. 2022 Construction 8.7): K = 2, n = ⌊log₂ T⌋ phases, arm 1 "
                "consumes 1 per round and pays r_j = 2^{j−n} in phase j ≤ k (0 after), arm 2 is "
                "null; B = T/n (one phase). Every instance k = 1..n is run; the table gives, per "
                "method and T, the worst instance's mean consumption/B and regret against (54). "
                "Theorem 5 (the seed's statement): if a policy has Reward* − Reward ≤ R(T) and "
                "CC ≤ c·B + S(T) with R, S sublinear and independent of B, then c = Ω(log T). "
                "`fixed-p*` plays the benchmark's own distribution every round (an oblivious "
                "policy that knows the family).\n\n");
    oco_report_figure(md, r->env->dirname, "lb.png", "Theorem 5 family", r->shown[2], r->err[2]);
    fprintf(md, "| method | ");
    for (size_t k = 0; k < r->nTl; ++k)
        fprintf(md, "T = %zu (n = %zu): max cons/B, max regret | ", r->Tl[k],
                oco__ly_lb_phases(r->Tl[k]));
    fprintf(md, "regret slope | d(cons/B)/d ln T ± SE |\n|---|");
    for (size_t k = 0; k < r->nTl + 2; ++k)
        fprintf(md, "---|");
    fputc('\n', md);
    for (size_t a = 0; a < LY_NBA; ++a) {
        if (!r->ba_present[a])
            continue;
        fprintf(md, "| %s | ", oco__ly_balgos[a].label);
        for (size_t k = 0; k < r->nTl; ++k)
            fprintf(md, "%s, %s | ", g3(r->lc[a][k].max_cratio).s, g3(r->lc[a][k].max_reg).s);
        fprintf(md, "%s | %s ± %s |\n", f3(r->lslope_reg[a]).s, g3(r->lcoef[a]).s,
                g3(r->lcoef_se[a]).s);
    }
    fprintf(md, "\n**Reading.** On this family arm 1 is never worse than the null arm and always "
                "costs 1, so the benchmark (54) is p*₁ = B/T for every k: the fixed policy "
                "`fixed-p*` has zero expected regret and expected consumption exactly B (c = 1) "
                "for every instance and T. Against the seed's benchmark (54) the family "
                "therefore cannot force c = Ω(log T); the proof in the seed's Appendix B goes "
                "through Immorlica et al.'s Theorem 8.1(b) and Lemmas 8.6, 8.9, whose benchmark "
                "(a fixed distribution that may stop when the budget is exhausted) is stronger "
                "than (54), and the seed's text does not recover how it connects the two (its "
                "formulas are blank). The claim row reports the measurement as it is.\n\n");
}

void oco__ly_report(const ly_run *r, FILE *md)
{
    const char *dn = r->env->dirname;
    setting(r, md);
    claims_table(r, md);
    part_a(r, md);
    part_b(r, md);
    part_c(r, md);
    fprintf(md, "Reproduce: `oco reproduce lyapunov%s --out DIR` (this run; `--seeds K`, "
                "`--T-max N` to change the grid). Single runs: `oco run coco --problem "
                "vertex-cover --algo lyapunov-adagrad --d 10 --T 10000 --json`, `oco run bwk "
                "--algo lyapunov-bwk --instance stochastic --K 5 --T 10000 --budget B --json` "
                "(B as above; `--param preset=1` for the theory preset).\n\n",
            r->env->quick ? " --quick" : "");
    fprintf(md, "Data: `%s/raw.csv` (one row per run), `%s/coco_*.csv`, `%s/bwk_*.csv`, "
                "`%s/lb.csv` (the points of every figure); scripts `%s/*.gp`. Wall time %.1f "
                "s.\n\n",
            dn, dn, dn, dn, dn, oco_now() - r->t0);
}
