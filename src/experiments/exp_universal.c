/* Reproduction `universal`: seed 004 (Yan, Zhao, Zhou, NeurIPS 2023) has no
 * experiments, so this makes its theorems visible (universal.md §10–§12):
 *
 *  A. regret vs T (log–log) of the unconfigured universal ensemble and of
 *     single-curvature learners on three loss families of losses.h —
 *     strongly convex quadratics (Theorem 2: O((1/λ) log V_T) ≤ O(log T)),
 *     exp-concave squared losses (O((d/α) log V_T)) and linear losses with a
 *     tiny drift δ (O(√V_T), V_T = (T−1)δ²) — checking that one learner with
 *     one parameter set tracks the best specialised one on every family
 *     (§12.2 items 7–10);
 *  B. the gradient-variation advantage: regret vs δ at fixed T on the
 *     simplex against fixed-step Hedge, whose O(√T) does not improve when
 *     the sequence is benign (§12.2 item 9);
 *  C. one gradient vs many (Theorem 2 vs Theorem 1): gradient calls, regret
 *     and time of `universal` against `universal-multigrad` (§12.2 item 1);
 *  D. the bilinear zero-sum game (Theorem 4, §11.2, §12.2 item 11) with both
 *     players running the learner on simplices (include/oco/game.h, y-player
 *     fed −Aᵀx): summed regret and duality gap of the averaged strategies.
 *
 * Every claim is checked with a tolerance fixed before looking at this run's
 * numbers and stated in the report; a FAIL is reported, never tuned away.
 * The slopes are fitted on the means over seeds of the last decade of T
 * (finite-T shapes: a·ln T + b has a local slope 1/(ln T + b/a) ≈ 0.1–0.2
 * here, √T has 0.5).
 *
 * Next to the default `practical` preset, A, B and D also run the `theory`
 * preset (the paper's constants exactly), the only runs the paper's analysis
 * covers; they enter no claim, and the report says what they show.
 *
 * This file sets up and orders the work; the rest is in universal/:
 * setting.c (families, learners, grids), jobs.c (running the jobs, raw.csv,
 * means), rates.c (A and C), delta.c (B), game.c (D), report.c (the
 * REPORT.md section). */
#include <math.h>
#include <stdlib.h>

#include "experiments/universal/universal.h"

void oco__ux_claim(ux_run *r, int v)
{
    if (v >= 0) {
        r->claims++;
        r->passed += (size_t)(v > 0);
    }
}

/* The horizons of each part and the game checkpoints. */
static void horizons(ux_run *r)
{
    const oco_exp_env *env = r->env;
    size_t Tmax = env->quick ? 100000 : 1000000;
    if (env->T_max && env->T_max < Tmax)
        Tmax = env->T_max;
    r->Tmulti = Tmax;
    r->Tdelta = env->quick ? 10000 : 100000;
    r->Tgame = r->Tdelta;
    if (r->Tdelta > Tmax)
        r->Tdelta = r->Tgame = Tmax;
    r->nT = 0;
    for (size_t k = 0; k < UX_NGRID; ++k)
        if (oco__ux_grid[k] <= Tmax)
            r->Ts[r->nT++] = oco__ux_grid[k];
    if (r->nT == 0) /* --T-max below 10^3: one horizon */
        r->Ts[r->nT++] = Tmax;
    /* Game checkpoints: 8 per decade, and T. */
    r->ncp = 0;
    for (int e = 0; r->ncp < UX_NCP_MAX - 1; ++e) {
        size_t t = (size_t)llround(pow(10.0, e / 8.0));
        if (t > r->Tgame)
            break;
        if (r->ncp == 0 || t > r->cps[r->ncp - 1])
            r->cps[r->ncp++] = t;
    }
    if (r->cps[r->ncp - 1] != r->Tgame)
        r->cps[r->ncp++] = r->Tgame;
}

int oco_exp_universal(const oco_exp_env *env, oco_exp_outcome *out)
{
    ux_run *r = calloc(1, sizeof *r);
    if (!r)
        return oco_set_error(OCO_ENOMEM, "universal: out of memory");
    r->env = env;
    r->t0 = oco_now();
    r->K = env->seeds ? env->seeds : 5;
    horizons(r);
    for (size_t l = 0; l < UX_NRL; ++l)
        r->present[l] = oco_learner_find(oco__ux_rate_learners[l].algo) != NULL;
    int rc = OCO_OK;
    if (!r->present[UX_L_UNIV] || !r->present[UX_L_MULTI])
        rc = oco_set_error(OCO_ENOTFOUND, "universal: the learners 'universal' and "
                                          "'universal-multigrad' must be registered");
    if (rc == OCO_OK)
        rc = oco__ux_jobs_make(r);
    if (rc == OCO_OK)
        rc = oco__ux_jobs_run(r);
    if (rc == OCO_OK)
        rc = oco__ux_write_raw(r);
    if (rc == OCO_OK)
        rc = oco__ux_part_rates(r);
    if (rc == OCO_OK)
        rc = oco__ux_part_delta(r);
    if (rc == OCO_OK)
        rc = oco__ux_part_game(r);
    if (rc == OCO_OK) {
        oco__ux_report(r, env->report);
        out->claims += r->claims;
        out->passed += r->passed;
    }
    oco__ux_jobs_free(r);
    free(r);
    return rc;
}
