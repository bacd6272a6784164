/* Part D of the `universal` reproduction: the bilinear zero-sum game
 * (Theorem 4, universal.md §11.2, §12.2 item 11) with both players running
 * the learner on simplices (include/oco/game.h, y-player fed −Aᵀx): one game
 * per job, then the mean duality gap and summed regret at the checkpoints,
 * game.csv, game.png and two claims. */
#include <math.h>

#include "experiments/report.h"
#include "experiments/universal/universal.h"
#include "oco/game.h"

typedef struct game_rec {
    const size_t *cps;
    size_t ncp, k;
    double *gap, *rsum;
} game_rec;

static int game_round(void *vctx, const oco_game_round *r)
{
    game_rec *g = vctx;
    if (g->k < g->ncp && r->t == g->cps[g->k]) {
        g->gap[g->k] = r->gap;
        g->rsum[g->k] = r->regret_sum;
        g->k++;
    }
    return OCO_OK;
}

int oco__ux_play_game(const ux_run *run, const ux_job *j, ux_result *r)
{
    const ux_lspec *ls = &oco__ux_game_learners[j->learner];
    const oco_learner_type *type = oco_learner_find(ls->algo);
    if (!type)
        return oco_last_error_code();
    oco_domain *X = oco_domain_simplex(UX_GAME_N), *Y = oco_domain_simplex(UX_GAME_M);
    oco_game_opts go = oco_game_opts_default();
    go.n = UX_GAME_N;
    go.m = UX_GAME_M;
    go.seed = j->seed;
    go.a_norm = 1.0; /* Theorem 4 assumes ‖A‖ ≤ 1 */
    oco_game *g = X && Y ? oco_game_new(&go, X, Y) : NULL;
    oco_learner *lx = g ? oco_game_learner_new(g, 0, type, j->T, ls->p, ls->np) : NULL;
    oco_learner *ly = lx ? oco_game_learner_new(g, 1, type, j->T, ls->p, ls->np) : NULL;
    int rc = ly ? OCO_OK : (oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM);
    if (rc == OCO_OK) {
        game_rec rec = {run->cps, run->ncp, 0, r->gap, r->rsum};
        oco_game_run_opts o = oco_game_run_opts_default();
        o.on_round = game_round;
        o.ctx = &rec;
        o.record_every = 1;
        oco_game_run_result res;
        rc = oco_game_run(g, lx, ly, j->T, &o, &res, NULL, NULL);
        if (rc == OCO_OK) {
            r->regret = res.regret_sum;
            r->loss = res.gap;
            r->VT = res.VT_x + res.VT_y;
            r->calls = res.grad_calls_x + res.grad_calls_y;
            r->seconds = res.seconds;
            r->ok = 1;
        }
    }
    oco_learner_free(lx);
    oco_learner_free(ly);
    oco_game_free(g);
    oco_domain_free(X);
    oco_domain_free(Y);
    return rc;
}

static int write_game_gp(const ux_run *r)
{
    FILE *gp = oco_report_fopen(r->env->dir, "game.gp");
    if (!gp)
        return OCO_EIO;
    oco_gp_preamble(gp, "game.png", 1200, 500);
    fprintf(gp, "set multiplot layout 1,2 title 'universal (seed 004), Theorem 4: bilinear game "
                "x^T A y on simplices (n = m = %d, ||A|| = 1), both players run the learner'\n"
                "set logscale xy\nset grid\nset key left bottom\nset xlabel 't'\n",
            UX_GAME_N);
    for (int w = 0; w < 2; ++w) {
        fprintf(gp, "set title '%s'\nset ylabel '%s'\n",
                w ? "summed regret of the two players" : "duality gap of the averaged strategies",
                w ? "regret_x + regret_y (mean)" : "gap(x_bar_t, y_bar_t) (mean)");
        fprintf(gp, "set key %s\n", w ? "left top" : "left bottom");
        for (size_t g = 0; g < UX_NGL; ++g)
            fprintf(gp, "%s'game.csv' skip 1 using 1:(column(%zu)>0?column(%zu):1/0) with "
                        "linespoints lw 2 pt 7 ps 0.6 title '%s'",
                    g ? ", \\\n     " : "plot ", 2 + 2 * g + (size_t)w, 2 + 2 * g + (size_t)w,
                    oco__ux_game_learners[g].label);
        if (!w)
            fprintf(gp, ", \\\n     1/x with lines lc rgb 'black' dt 3 title '1/t', \\\n"
                        "     1/sqrt(x) with lines lc rgb 'gray' dt 2 title '1/sqrt(t)'");
        fputc('\n', gp);
    }
    fprintf(gp, "unset multiplot\n");
    return oco_report_fclose(gp, "game.gp");
}

int oco__ux_part_game(ux_run *r)
{
    const size_t ncp = r->ncp;
    for (size_t g = 0; g < UX_NGL; ++g)
        for (size_t q = 0; q < ncp; ++q)
            for (int w = 0; w < 2; ++w) {
                double s = 0;
                size_t n = 0;
                for (size_t i = 0; i < r->nj; ++i)
                    if (r->jobs[i].part == UX_J_GAME && r->jobs[i].learner == g && r->res[i].ok) {
                        s += w ? r->res[i].rsum[q] : r->res[i].gap[q];
                        n++;
                    }
                r->gmean[g][w][q] = n ? s / (double)n : NAN;
            }
    FILE *o = oco_report_fopen(r->env->dir, "game.csv");
    if (!o)
        return OCO_EIO;
    fprintf(o, "t");
    for (size_t g = 0; g < UX_NGL; ++g)
        fprintf(o, ",%s_gap,%s_regret_sum", oco__ux_game_learners[g].label,
                oco__ux_game_learners[g].label);
    fputc('\n', o);
    for (size_t q = 0; q < ncp; ++q) {
        fprintf(o, "%zu", r->cps[q]);
        for (size_t g = 0; g < UX_NGL; ++g)
            fprintf(o, ",%.17g,%.17g", r->gmean[g][0][q], r->gmean[g][1][q]);
        fputc('\n', o);
    }
    int rc = oco_report_fclose(o, "game.csv");
    if (rc != OCO_OK)
        return rc;
    /* Tail slopes (last decade of t) of the summed regret and of the gap. */
    for (size_t g = 0; g < UX_NGL; ++g)
        for (int w = 0; w < 2; ++w) {
            double x[UX_NCP_MAX], y[UX_NCP_MAX];
            size_t m = 0;
            for (size_t q = 0; q < ncp; ++q)
                if (r->cps[q] * 10 >= r->Tgame && r->gmean[g][w][q] > 0) {
                    x[m] = (double)r->cps[q];
                    y[m] = r->gmean[g][w][q];
                    m++;
                }
            double icpt;
            r->gslope[g][w] = NAN;
            if (m >= 2 && oco_loglog_fit(x, y, m, &r->gslope[g][w], &icpt) < 2)
                r->gslope[g][w] = NAN;
        }
    double(*gm)[2][UX_NCP_MAX] = r->gmean;
    r->game_bounded = isfinite(r->gslope[0][1]) ? r->gslope[0][1] <= UX_GAME_SLOPE : -1;
    oco__ux_claim(r, r->game_bounded);
    r->game_gap = isfinite(gm[0][0][ncp - 1]) && isfinite(gm[1][0][ncp - 1])
                      ? gm[0][0][ncp - 1] < gm[1][0][ncp - 1]
                      : -1;
    oco__ux_claim(r, r->game_gap);
    if ((rc = write_game_gp(r)) != OCO_OK)
        return rc;
    r->shown[3] = oco__ux_render(r->env, "game.gp", "game.png", r->err[3], sizeof r->err[3]);
    return OCO_OK;
}
