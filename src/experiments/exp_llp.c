/* Reproduction `llp`: seed 001 (Anderson, Iosifidis, Leith, "Lazy
 * Lagrangians with predictions"), Appendix VII-I and Theorems 1–2,
 * Corollary 1 (llp_sarkar.md §A.6–A.7), with the library's constrained-OCO
 * API only (coco.h, coco_problem.h, coco_runner.h).
 *
 *  - Exp 1 and Exp 2 on the STAND-INS llp-exp1 and llp-exp2 (the paper's
 *    functions, domain and horizon were not recovered; §A.7 [D]): average
 *    regret R_t/t and the total constraint value Σ_{s≤t} g_s(x_s) vs t for
 *    LLP without predictions (run 1), LLP-linearized with perfect
 *    predictions (run 2), LLP-linearized with noisy predictions (a PROJECT
 *    ADDITION: the paper has no noise model), LLP-perturbed, and the
 *    competitors MOSP, Valls et al., Sun et al. (the paper's three) and
 *    Yu–Neely–Wei's drift-plus-penalty (the project's fourth);
 *  - the same runs on two built-in families, `resource` and `linear`
 *    (d = 4, k = 2), where the constraints are not a stand-in's;
 *  - the regret/violation trade-off as β varies (LLP, no predictions);
 *  - Theorem 2's rates (fitted log–log slopes for β ∈ {1/2, 3/4}),
 *    Corollary 1 (perfect predictions: R_T = O(1)) and R_T, V_T against the
 *    prediction noise σ.
 *
 * Every algorithm plays one run of horizon T per (family, seed) (MOSP, Sun
 * and DPP are tuned for that T, as the paper's competitors "optimized for
 * T"); the values at the checkpoints t < T are the prefix sums of that run.
 * The per-round benchmark of the first t rounds (LLP's R_t) is computed
 * exactly on a problem of horizon t with the same seed, whose rounds are the
 * first t of the horizon-T problem (one rng stream, generated in order,
 * coco_gen.c). LLP is anytime (its iterates do not depend on T), so its
 * prefix values at t are those of a run of horizon t: its R_t, V_t vs t are
 * R_T, V_T vs T, the quantities of Theorem 2 and Corollary 1.
 *
 * This file runs the jobs and summarises them; exp_llp_report.c writes the
 * output. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiments/exp_llp.h"
#include "experiments/progress.h"
#include "experiments/report.h"

#define NAN_BETA NAN
/* Every run of an LLP variant names its β (1/2 = the `oco list` default);
 * the competitors run with their `oco list` defaults. */
const llp_method llp_methods[LLP_NMETHODS] = {
    {"LLP, no predictions", "llp_none", "llp", OCO_COCO_PRED_NONE, 0, 0.5, 0},
    {"LLP-linearized, perfect predictions", "llp_lin_perfect", "llp-linearized",
     OCO_COCO_PRED_PERFECT, 0, 0.5, 0},
    {"LLP-linearized, noisy sigma = 0.001", "llp_lin_noisy_0.001", "llp-linearized",
     OCO_COCO_PRED_NOISY, 0.001, 0.5, 0},
    {"LLP-linearized, noisy sigma = 0.01", "llp_lin_noisy_0.01", "llp-linearized",
     OCO_COCO_PRED_NOISY, 0.01, 0.5, 0},
    {"LLP-linearized, noisy sigma = 0.1", "llp_lin_noisy_0.1", "llp-linearized",
     OCO_COCO_PRED_NOISY, 0.1, 0.5, 0},
    {"LLP-linearized, noisy sigma = 1", "llp_lin_noisy_1", "llp-linearized", OCO_COCO_PRED_NOISY,
     1.0, 0.5, 0},
    {"LLP-perturbed, no predictions", "llp_perturbed_none", "llp-perturbed", OCO_COCO_PRED_NONE, 0,
     0.5, 1},
    {"MOSP (Chen et al.)", "mosp", "mosp", OCO_COCO_PRED_NONE, 0, NAN_BETA, 0},
    {"Valls et al.", "valls", "valls", OCO_COCO_PRED_NONE, 0, NAN_BETA, 0},
    {"Sun et al.", "sun", "sun", OCO_COCO_PRED_NONE, 0, NAN_BETA, 0},
    {"DPP (Yu-Neely-Wei)", "dpp", "dpp", OCO_COCO_PRED_NONE, 0, NAN_BETA, 0},
    {"LLP, no predictions, beta = 0.6", "llp_none_b0.6", "llp", OCO_COCO_PRED_NONE, 0, 0.6, 0},
    {"LLP, no predictions, beta = 0.7", "llp_none_b0.7", "llp", OCO_COCO_PRED_NONE, 0, 0.7, 0},
    {"LLP, no predictions, beta = 0.75", "llp_none_b0.75", "llp", OCO_COCO_PRED_NONE, 0, 0.75,
     0},
    {"LLP, no predictions, beta = 0.8", "llp_none_b0.8", "llp", OCO_COCO_PRED_NONE, 0, 0.8, 0},
    {"LLP, no predictions, beta = 0.9", "llp_none_b0.9", "llp", OCO_COCO_PRED_NONE, 0, 0.9, 0},
};

const llp_setting llp_settings[LLP_NSET] = {
    {"exp1", "llp-exp1 (STAND-IN for Exp 1)", OCO_COCO_PROBLEM_LLP_EXP1, 1, 1, "box:0,1", 1},
    {"exp2", "llp-exp2 (STAND-IN for Exp 2)", OCO_COCO_PROBLEM_LLP_EXP2, 1, 1, "box:0,1", 1},
    {"resource", "resource (d = 4, k = 2)", OCO_COCO_PROBLEM_RESOURCE, 4, 2, "box:0,1", 0},
    {"linear", "linear (d = 4, k = 2)", OCO_COCO_PROBLEM_LINEAR, 4, 2, "ball:1", 0},
};

enum { NV = 4 }; /* per checkpoint: loss, S_1, S_2, violation */

typedef struct job_ctx {
    const llp_results *R;
    const oco_coco_type *type[LLP_NMETHODS];
    double *val;    /* [job][method][cp][NV] */
    double *comp;   /* [job][cp]: per-round benchmark of the first t rounds */
    double *complt; /* [job]: long-term benchmark at T */
    double *vertex; /* [job][method]: fraction of rounds t > T/2 with x_t a vertex of X */
    unsigned char *ran; /* [job][method] */
    oco_progress *progress;
} job_ctx;

/* The observer of oco_coco_run: keep the prefix sums at the checkpoints. */
typedef struct rec {
    const size_t *cps;
    size_t ncp, next, k, d, T;
    double *out; /* [cp][NV] */
    size_t vertex; /* rounds t > T/2 with every x_{t,i} ∈ {0, 1} (box [0, 1]^d) */
} rec;

static int on_round(void *vctx, size_t t, const double *x, double loss, const double *g,
                    double cum_loss, const double *cum_g, const oco_coco *alg)
{
    (void)loss, (void)g, (void)alg;
    rec *r = vctx;
    if (2 * t > r->T) {
        size_t i = 0;
        while (i < r->d && (x[i] <= 1e-12 || x[i] >= 1 - 1e-12))
            ++i;
        r->vertex += i == r->d;
    }
    if (r->next < r->ncp && t == r->cps[r->next]) {
        double *o = r->out + r->next * NV, v = 0;
        o[0] = cum_loss;
        o[1] = cum_g[0];
        o[2] = r->k > 1 ? cum_g[1] : NAN;
        for (size_t j = 0; j < r->k; ++j)
            v += cum_g[j] > 0 ? cum_g[j] * cum_g[j] : 0;
        o[3] = sqrt(v);
        r->next++;
    }
    return OCO_OK;
}

static oco_coco_problem *make_problem(const llp_setting *se, const oco_domain *dom, size_t T,
                                      uint64_t seed)
{
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = se->kind;
    o.d = se->d;
    o.k = se->k;
    o.T = T;
    o.seed = seed;
    return oco_coco_problem_new(&o, dom);
}

static int run_job(void *vctx, size_t j)
{
    job_ctx *c = vctx;
    const llp_results *R = c->R;
    const size_t s = j / R->K, ncp = R->ncp;
    const uint64_t seed = (uint64_t)(j % R->K) + 1;
    const llp_setting *se = &llp_settings[s];
    oco_domain *dom = oco_domain_parse(se->domain, se->d);
    if (!dom)
        return oco_last_error_code();
    int rc = OCO_OK;
    /* the exact per-round benchmark of every prefix; the long-term one at T */
    for (size_t q = 0; q < ncp && rc == OCO_OK; ++q) {
        oco_coco_problem *p = make_problem(se, dom, R->cps[q], seed);
        oco_coco_hindsight h;
        rc = p ? oco_coco_problem_hindsight(p, OCO_COCO_BENCH_PER_ROUND, NULL, NULL, &h)
               : oco_last_error_code();
        if (rc == OCO_OK)
            c->comp[j * ncp + q] = h.comparator;
        if (rc == OCO_OK && q == ncp - 1) {
            rc = oco_coco_problem_hindsight(p, OCO_COCO_BENCH_LONG_TERM, NULL, NULL, &h);
            if (rc == OCO_OK)
                c->complt[j] = h.comparator;
        }
        oco_coco_problem_free(p);
    }
    oco_coco_problem *p = rc == OCO_OK ? make_problem(se, dom, R->T, seed) : NULL;
    if (rc == OCO_OK && !p)
        rc = oco_last_error_code();
    for (size_t m = 0; m < LLP_NMETHODS && rc == OCO_OK; ++m) {
        const llp_method *me = &llp_methods[m];
        oco_coco_setup su;
        oco_coco_setup_from_problem(p, &su);
        if (me->needs_fixed && !su.fixed_cons)
            continue;
        oco_param par[1] = {{"beta", me->beta}};
        oco_coco *a = oco_coco_new(c->type[m], &su, par, isnan(me->beta) ? 0 : 1);
        if (!a) {
            rc = oco_last_error_code();
            break;
        }
        rec r = {R->cps, ncp, 0, se->k, se->d, R->T,
                 c->val + (j * LLP_NMETHODS + m) * ncp * NV, 0};
        oco_coco_run_opts ro = oco_coco_run_opts_default();
        ro.predictions = me->pred;
        ro.pred_noise = me->sigma;
        ro.pred_seed = seed;
        ro.hindsight = 0; /* computed above, once per prefix */
        ro.on_round = on_round;
        ro.ctx = &r;
        oco_coco_run_result res;
        rc = oco_coco_run(a, p, &ro, &res, NULL);
        oco_coco_free(a);
        if (rc == OCO_OK && r.next != ncp)
            rc = oco_set_error(OCO_ESTATE, "llp: %s recorded %zu of %zu checkpoints", me->algo,
                               r.next, ncp);
        if (rc != OCO_OK) {
            /* the message is copied first: it is the buffer oco_set_error writes */
            char msg[512];
            snprintf(msg, sizeof msg, "%s", oco_last_error());
            oco_set_error(rc, "llp: %s on %s, seed %llu: %s", me->algo, se->name,
                          (unsigned long long)seed, msg);
            break;
        }
        c->ran[j * LLP_NMETHODS + m] = 1;
        c->vertex[j * LLP_NMETHODS + m] = (double)r.vertex / (double)(R->T - R->T / 2);
    }
    oco_coco_problem_free(p);
    oco_domain_free(dom);
    oco_progress_step(c->progress, (double)R->T);
    return rc;
}

static int write_raw(const oco_exp_env *env, const llp_results *R, const job_ctx *c)
{
    FILE *f = oco_report_fopen(env->dir, "raw.csv");
    if (!f)
        return OCO_EIO;
    const size_t ncp = R->ncp, last = ncp - 1;
    fprintf(f, "family,method,algo,predictions,sigma,beta,seed,T,loss,comparator,regret,"
               "comparator_long_term,regret_long_term,S_1,S_2,violation\n");
    for (size_t j = 0; j < LLP_NSET * R->K; ++j)
        for (size_t m = 0; m < LLP_NMETHODS; ++m) {
            if (!c->ran[j * LLP_NMETHODS + m])
                continue;
            const llp_method *me = &llp_methods[m];
            const double *v = c->val + ((j * LLP_NMETHODS + m) * ncp + last) * NV;
            const double cp = c->comp[j * ncp + last], lt = c->complt[j];
            fprintf(f, "%s,%s,%s,%s,%.17g,%.17g,%zu,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,",
                    llp_settings[j / R->K].name, me->file, me->algo,
                    oco_coco_pred_kind_name(me->pred), me->sigma, me->beta, j % R->K + 1, R->T,
                    v[0], cp, v[0] - cp, lt, v[0] - lt, v[1]);
            if (isnan(v[2]))
                fprintf(f, ",%.17g\n", v[3]);
            else
                fprintf(f, "%.17g,%.17g\n", v[2], v[3]);
        }
    return oco_report_fclose(f, "raw.csv");
}

static int summarize(llp_results *R, const job_ctx *c)
{
    const size_t K = R->K, ncp = R->ncp;
    double *buf = malloc(4 * K * sizeof *buf);
    if (!buf)
        return oco_set_error(OCO_ENOMEM, "llp: out of memory");
    for (size_t s = 0; s < LLP_NSET; ++s)
        for (size_t m = 0; m < LLP_NMETHODS; ++m) {
            R->ran[s][m] = c->ran[(s * K) * LLP_NMETHODS + m];
            if (!R->ran[s][m])
                continue;
            double vx = 0;
            for (size_t i = 0; i < K; ++i)
                vx += c->vertex[(s * K + i) * LLP_NMETHODS + m] / (double)K;
            R->vertex[s][m] = vx;
            for (size_t q = 0; q < ncp; ++q) {
                llp_cell *cell = &R->cell[s][m][q];
                cell->S1max = -INFINITY;
                for (size_t i = 0; i < K; ++i) {
                    const size_t j = s * K + i;
                    const double *v = c->val + ((j * LLP_NMETHODS + m) * ncp + q) * NV;
                    buf[i] = v[0] - c->comp[j * ncp + q];
                    buf[K + i] = v[1];
                    buf[2 * K + i] = v[3];
                    buf[3 * K + i] = v[0] - c->complt[j];
                    if (v[1] > cell->S1max)
                        cell->S1max = v[1];
                }
                cell->R = oco_summarize(buf, K);
                cell->S1 = oco_summarize(buf + K, K);
                cell->V = oco_summarize(buf + 2 * K, K);
                if (q == ncp - 1)
                    cell->Rlt = oco_summarize(buf + 3 * K, K);
                cell->n = K;
            }
        }
    free(buf);
    return OCO_OK;
}

/* 8 checkpoints per decade from t = 1, and T. */
static void checkpoints(llp_results *R)
{
    R->ncp = 0;
    for (int e = 0; R->ncp < LLP_NCP_MAX - 1; ++e) {
        size_t t = (size_t)llround(pow(10.0, e / 8.0));
        if (t >= R->T)
            break;
        if (R->ncp == 0 || t > R->cps[R->ncp - 1])
            R->cps[R->ncp++] = t;
    }
    R->cps[R->ncp++] = R->T;
}

int oco_exp_llp(const oco_exp_env *env, oco_exp_outcome *out)
{
    const double t0 = oco_now();
    llp_results *R = calloc(1, sizeof *R);
    job_ctx c;
    memset(&c, 0, sizeof c);
    if (!R)
        return oco_set_error(OCO_ENOMEM, "llp: out of memory");
    int rc = OCO_OK;
    for (size_t m = 0; m < LLP_NMETHODS && rc == OCO_OK; ++m)
        if (!(c.type[m] = oco_coco_find(llp_methods[m].algo)))
            rc = oco_last_error_code();
    /* T = 10^5 in both modes (the claims are about T ∈ {10³, …, 10⁵}: one
     * run of LLP costs ~0.05 s); --quick has fewer seeds. */
    R->T = env->T_max && env->T_max < 100000 ? env->T_max : 100000;
    R->K = env->seeds ? env->seeds : env->quick ? 5 : 20;
    checkpoints(R);
    const size_t njobs = LLP_NSET * R->K, ncp = R->ncp;
    if (rc == OCO_OK) {
        c.R = R;
        c.progress = env->progress;
        c.val = calloc(njobs * LLP_NMETHODS * ncp * NV, sizeof *c.val);
        c.comp = calloc(njobs * ncp, sizeof *c.comp);
        c.complt = calloc(njobs, sizeof *c.complt);
        c.ran = calloc(njobs * LLP_NMETHODS, 1);
        c.vertex = calloc(njobs * LLP_NMETHODS, sizeof *c.vertex);
        if (!c.val || !c.comp || !c.complt || !c.ran || !c.vertex)
            rc = oco_set_error(OCO_ENOMEM, "llp: out of memory for %zu jobs", njobs);
    }
    if (rc == OCO_OK) {
        oco_progress_begin(env->progress, "llp", njobs, (double)njobs * (double)R->T);
        rc = oco_jobs_run(njobs, env->jobs, run_job, &c);
        oco_progress_end(env->progress);
    }
    if (rc == OCO_OK)
        rc = write_raw(env, R, &c);
    if (rc == OCO_OK)
        rc = summarize(R, &c);
    if (rc == OCO_OK) {
        R->njobs = njobs;
        R->nhindsight = njobs * (ncp + 1);
        R->seconds = oco_now() - t0;
        rc = llp_report(env, R, out);
    }
    free(c.val);
    free(c.comp);
    free(c.complt);
    free(c.ran);
    free(c.vertex);
    free(R);
    return rc;
}
