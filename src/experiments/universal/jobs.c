/* The jobs of the `universal` reproduction: one (part, family, learner, T,
 * δ, seed) run each, played in parallel; raw.csv; means over seeds. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "experiments/report.h"
#include "experiments/universal/universal.h"

typedef struct ctx {
    ux_run *r;
    oco_progress *progress;
} ctx;

static double job_work(const ux_job *j)
{
    double w = (double)j->T;
    if (j->part == UX_J_GAME ||
        (j->part == UX_J_RATE && (j->learner == UX_L_UNIV || j->learner == UX_L_MULTI ||
                                  j->learner == UX_L_THEORY)))
        w *= 20; /* the ensembles cost ~20 plain rounds each */
    return w;
}

static int play_losses(const ux_lspec *ls, oco_loss_kind kind, size_t d, const char *domain,
                       double noise, double delta, size_t T, uint64_t seed, ux_result *r)
{
    const oco_learner_type *type = oco_learner_find(ls->algo);
    if (!type)
        return oco_last_error_code();
    oco_domain *dom = oco_domain_parse(domain, d);
    if (!dom)
        return oco_last_error_code();
    oco_loss_opts lo = oco_loss_opts_default();
    lo.kind = kind;
    lo.d = d;
    lo.T = T;
    lo.seed = seed;
    if (noise >= 0)
        lo.noise = noise;
    if (delta >= 0)
        lo.delta = delta;
    oco_loss_seq *seq = oco_loss_seq_new(&lo, dom);
    oco_learner *l = NULL;
    int rc = seq ? OCO_OK : oco_last_error_code();
    if (rc == OCO_OK) {
        oco_learner_setup s;
        oco_learner_setup_from_losses(seq, dom, &s);
        l = oco_learner_new(type, &s, ls->p, ls->np);
        rc = l ? OCO_OK : oco_last_error_code();
    }
    if (rc == OCO_OK) {
        oco_learner_run_result res;
        rc = oco_learner_run(l, seq, NULL, &res);
        if (rc == OCO_OK) {
            r->loss = res.loss;
            r->comparator = res.comparator;
            r->regret = res.regret;
            r->VT = res.VT;
            r->calls = res.grad_calls;
            r->seconds = res.seconds;
            r->ok = 1;
        }
    }
    oco_learner_free(l);
    oco_loss_seq_free(seq);
    oco_domain_free(dom);
    return rc;
}

static int run_job(void *vctx, size_t i)
{
    ctx *c = vctx;
    const ux_job *j = &c->r->jobs[i];
    ux_result *r = &c->r->res[i];
    int rc;
    if (j->part == UX_J_RATE) {
        const ux_family *f = &oco__ux_fams[j->fam];
        rc = play_losses(&oco__ux_rate_learners[j->learner], f->kind, f->d, f->domain, f->noise,
                         f->delta, j->T, j->seed, r);
    } else if (j->part == UX_J_DELTA) {
        rc = play_losses(&oco__ux_delta_learners[j->learner], OCO_LOSS_LINEAR_DRIFT, 3,
                         "simplex", -1, oco__ux_deltas[j->di], j->T, j->seed, r);
    } else {
        rc = oco__ux_play_game(c->r, j, r);
    }
    oco_progress_step(c->progress, job_work(j));
    return rc;
}

int oco__ux_jobs_make(ux_run *r)
{
    const size_t K = r->K, nT = r->nT, ncp = r->ncp;
    /* Jobs, largest first for load balance; results are indexed by job. */
    size_t cap = (size_t)UX_NFAM * UX_NRL * nT * K + (size_t)UX_NDELTA * UX_NDL * K +
                 (size_t)UX_NGL * K;
    r->jobs = calloc(cap, sizeof *r->jobs);
    r->res = calloc(cap, sizeof *r->res);
    r->series = calloc((size_t)UX_NGL * K * 2 * ncp, sizeof *r->series);
    r->buf = calloc(3 * K + 2 * ncp * K, sizeof *r->buf);
    if (!r->jobs || !r->res || !r->series || !r->buf)
        return oco_set_error(OCO_ENOMEM, "universal: out of memory");
    ux_job *jobs = r->jobs;
    ux_result *res = r->res;
    size_t nj = 0;
    for (size_t g = 0; g < UX_NGL; ++g)
        for (size_t s = 0; s < K; ++s) {
            jobs[nj] = (ux_job){UX_J_GAME, 0, g, r->Tgame, 0, (uint64_t)(s + 1)};
            res[nj].gap = r->series + ((g * K + s) * 2) * ncp;
            res[nj].rsum = res[nj].gap + ncp;
            nj++;
        }
    for (size_t k = nT; k-- > 0;)
        for (size_t f = 0; f < UX_NFAM; ++f)
            for (size_t l = 0; l < UX_NRL; ++l)
                for (size_t s = 0; s < K; ++s)
                    if (r->present[l] && (l != UX_L_MULTI || r->Ts[k] <= r->Tmulti))
                        jobs[nj++] = (ux_job){UX_J_RATE, f, l, r->Ts[k], 0, (uint64_t)(s + 1)};
    for (size_t di = 0; di < UX_NDELTA; ++di)
        for (size_t l = 0; l < UX_NDL; ++l)
            for (size_t s = 0; s < K; ++s)
                jobs[nj++] = (ux_job){UX_J_DELTA, 0, l, r->Tdelta, di, (uint64_t)(s + 1)};
    /* Stable sort by decreasing work (insertion: a few thousand jobs). */
    for (size_t i = 1; i < nj; ++i) {
        ux_job jj = jobs[i];
        ux_result rr = res[i];
        size_t k = i;
        while (k > 0 && job_work(&jobs[k - 1]) < job_work(&jj)) {
            jobs[k] = jobs[k - 1];
            res[k] = res[k - 1];
            k--;
        }
        jobs[k] = jj;
        res[k] = rr;
    }
    r->nj = nj;
    return OCO_OK;
}

int oco__ux_jobs_run(ux_run *r)
{
    double work = 0;
    for (size_t i = 0; i < r->nj; ++i)
        work += job_work(&r->jobs[i]);
    ctx c = {r, r->env->progress};
    oco_progress_begin(r->env->progress, "universal", r->nj, work);
    int rc = oco_jobs_run(r->nj, r->env->jobs, run_job, &c);
    oco_progress_end(r->env->progress);
    return rc;
}

void oco__ux_jobs_free(ux_run *r)
{
    free(r->jobs);
    free(r->res);
    free(r->series);
    free(r->buf);
}

int oco__ux_write_raw(ux_run *r)
{
    FILE *raw = oco_report_fopen(r->env->dir, "raw.csv");
    if (!raw)
        return OCO_EIO;
    fprintf(raw, "part,family,learner,T,delta,seed,loss_or_gap,comparator,regret,V_T,"
                 "gradient_calls,seconds\n");
    for (size_t i = 0; i < r->nj; ++i) {
        const ux_job *j = &r->jobs[i];
        const ux_result *s = &r->res[i];
        const char *part = j->part == UX_J_RATE ? "rate" : j->part == UX_J_DELTA ? "delta" : "game";
        const char *fam = j->part == UX_J_RATE    ? oco__ux_fams[j->fam].name
                          : j->part == UX_J_DELTA ? "linear-drift-simplex"
                                                  : "bilinear-game";
        const char *lab = j->part == UX_J_RATE    ? oco__ux_rate_learners[j->learner].label
                          : j->part == UX_J_DELTA ? oco__ux_delta_learners[j->learner].label
                                                  : oco__ux_game_learners[j->learner].label;
        fprintf(raw, "%s,%s,%s,%zu,%.17g,%llu,%.17g,%.17g,%.17g,%.17g,%zu,%.6g\n", part, fam, lab,
                j->T,
                j->part == UX_J_DELTA  ? oco__ux_deltas[j->di]
                : j->part == UX_J_RATE ? oco__ux_fams[j->fam].delta
                                       : 0.0,
                (unsigned long long)j->seed, s->loss, j->part == UX_J_GAME ? NAN : s->comparator,
                s->regret, s->VT, s->calls, s->seconds);
    }
    return oco_report_fclose(raw, "raw.csv");
}

ux_cell oco__ux_summarize(const ux_run *r, int part, size_t fam, size_t learner, size_t T,
                          size_t di)
{
    const size_t K = r->K;
    double *buf = r->buf;
    ux_cell c;
    memset(&c, 0, sizeof c);
    size_t n = 0;
    double calls = 0;
    for (size_t i = 0; i < r->nj && n < K; ++i) {
        const ux_job *j = &r->jobs[i];
        if (j->part != part || j->fam != fam || j->learner != learner || j->T != T ||
            j->di != di || !r->res[i].ok)
            continue;
        buf[n] = r->res[i].regret;
        buf[K + n] = r->res[i].seconds;
        buf[2 * K + n] = r->res[i].VT;
        calls += (double)r->res[i].calls / (double)T;
        n++;
    }
    c.n = n;
    c.reg = oco_summarize(buf, n);
    c.secs = oco_summarize(buf + K, n);
    c.vt = oco_summarize(buf + 2 * K, n);
    c.calls_per_round = n ? calls / (double)n : NAN;
    return c;
}
