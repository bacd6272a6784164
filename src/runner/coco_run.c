/* The constrained-OCO runner (include/oco/coco_runner.h): plays a coco
 * algorithm against a problem, with predictions none / perfect / noisy, and
 * measures the loss, the regret against a hindsight benchmark and the
 * long-term violation ‖[Σ_t g_t(x_t) − B]₊‖₂.
 *
 * Per round (allocation-free: every buffer is allocated once per run):
 *   next round of the problem → the prediction from its closed forms →
 *   predict x_t → f_t(x_t), g_t(x_t) evaluated here from the closed forms
 *   (not counted as the algorithm's oracle calls) → oco_coco_update_oracle
 *   with the problem's counting oracles (the wrapper linearises at x_t for
 *   stream algorithms; algorithms with update_oracle query where they like).
 *
 * Noisy predictions are a PROJECT ADDITION (llp_sarkar.md A.7: the paper has
 * only none and perfect): f̃_t has A + ξ_t, g̃_t has A_j + ξ_{t,j} and
 * b_j − ζ_{t,j} (so g̃_t = g_t + ⟨ξ_{t,j}, x⟩ + ζ_{t,j}), every ξ, ζ
 * coordinate N(0, σ²) with σ = pred_noise, drawn in that order (cost A, then
 * constraint A row by row, then b) from oco_rng_seed(pred_seed, 0),
 * independent of the problem's stream. The curvature P is passed exactly.
 * Perfect and noisy predictions carry no cons_value (the algorithm's
 * fallback; seed 001 Exp 1 predicts no next constraint value either).
 *
 * Consumption algorithms (seed 003, coco_runner.h) get the counting oracle of
 * c_t = the round's constraint map with b = NULL; the runner sums the b_t
 * as it goes (B_T for the result) and measures their violation on the
 * consumption. A problem without a closed-form cost gets no cost prediction
 * and its f_t(x_t) from an uncounted oracle query. */
#include "oco/coco_runner.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

const char *oco_coco_pred_kind_name(oco_coco_pred_kind k)
{
    switch (k) {
    case OCO_COCO_PRED_NONE:
        return "none";
    case OCO_COCO_PRED_PERFECT:
        return "perfect";
    case OCO_COCO_PRED_NOISY:
        return "noisy";
    }
    return "unknown";
}

int oco_coco_pred_kind_parse(const char *name, oco_coco_pred_kind *k)
{
    if (!name || !k)
        return oco_set_error(OCO_EINVAL, "coco predictions: NULL %s", !name ? "name" : "kind");
    for (int i = OCO_COCO_PRED_NONE; i <= OCO_COCO_PRED_NOISY; ++i)
        if (strcmp(name, oco_coco_pred_kind_name((oco_coco_pred_kind)i)) == 0) {
            *k = (oco_coco_pred_kind)i;
            return OCO_OK;
        }
    return oco_set_error(OCO_ENOTFOUND, "unknown predictions '%s' (known: none, perfect, noisy)",
                         name);
}

oco_coco_run_opts oco_coco_run_opts_default(void)
{
    oco_coco_run_opts o;
    memset(&o, 0, sizeof o);
    o.predictions = OCO_COCO_PRED_NONE;
    o.pred_noise = 0.1;
    o.pred_seed = 1;
    o.benchmark = OCO_COCO_BENCH_PER_ROUND;
    o.hindsight = 1;
    return o;
}

void oco_coco_setup_from_problem(const oco_coco_problem *p, oco_coco_setup *setup)
{
    if (!setup)
        return;
    *setup = oco_coco_setup_default();
    if (!p)
        return;
    const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
    setup->d = oco_coco_problem_dim(p);
    setup->k = oco_coco_problem_nconstraints(p);
    setup->domain = oco_coco_problem_domain(p);
    setup->T = oco_coco_problem_horizon(p);
    setup->G = in->G;
    setup->L_g = in->L_g;
    setup->g_max = in->g_max;
    setup->F = in->F;
    setup->alpha = in->alpha;
    setup->fixed_cons = in->fixed_cons;
}

int oco_coco_problem_budget(oco_coco_problem *p, double *B)
{
    if (!p || !B)
        return oco_set_error(OCO_EINVAL, "coco budget: NULL %s", !p ? "problem" : "B");
    const size_t k = oco_coco_problem_nconstraints(p), T = oco_coco_problem_horizon(p);
    oco_fill(B, k, 0.0);
    int rc = OCO_OK;
    oco_coco_problem_rewind(p);
    for (size_t t = 1; t <= T && rc == OCO_OK; ++t)
        if ((rc = oco_coco_problem_next(p)) == OCO_OK) {
            const oco_quad_map *g = oco_coco_problem_cons(p);
            if (g->b)
                oco_axpy(1.0, g->b, B, k);
        }
    oco_coco_problem_rewind(p);
    return rc;
}

/* ‖[S + A − B]₊‖₂ (A, B NULL = 0) */
static double violation(const double *S, const double *A, const double *B, size_t k)
{
    double s = 0;
    for (size_t j = 0; j < k; ++j) {
        double v = (A ? S[j] + A[j] : S[j]) - (B ? B[j] : 0.0);
        if (v > 0)
            s += v * v;
    }
    return sqrt(s);
}

int oco_coco_run(oco_coco *alg, oco_coco_problem *p, const oco_coco_run_opts *opts,
                 oco_coco_run_result *out, double *constraint_sum)
{
    if (!alg || !p || !out)
        return oco_set_error(OCO_EINVAL, "coco run: NULL %s",
                             !alg ? "algorithm" : !p ? "problem" : "out");
    oco_coco_run_opts def = oco_coco_run_opts_default();
    if (!opts)
        opts = &def;
    const size_t d = oco_coco_dim(alg), k = oco_coco_nconstraints(alg);
    const size_t T = oco_coco_problem_horizon(p);
    const oco_coco_setup *setup = oco_coco_get_setup(alg);
    const char *nm = oco_coco_get_type(alg)->info.name;
    if (oco_coco_problem_dim(p) != d || oco_coco_problem_nconstraints(p) != k)
        return oco_set_error(OCO_EINVAL, "coco run: %s has d = %zu, k = %zu; the problem d = %zu, "
                                         "k = %zu", nm, d, k, oco_coco_problem_dim(p),
                             oco_coco_problem_nconstraints(p));
    if (oco_coco_round(alg) != 0)
        return oco_set_error(OCO_ESTATE, "coco run: %s has already played %zu rounds (reset it)",
                             nm, oco_coco_round(alg));
    if (!(oco_coco_get_type(alg)->info.flags & OCO_ALGO_ANYTIME) && setup->T < T)
        return oco_set_error(OCO_EINVAL, "coco run: %s has horizon T = %zu, the problem %zu rounds",
                             nm, setup->T, T);
    if ((unsigned)opts->predictions > OCO_COCO_PRED_NOISY)
        return oco_set_error(OCO_EINVAL, "coco run: unknown predictions %d", (int)opts->predictions);
    if (opts->predictions == OCO_COCO_PRED_NOISY &&
        !(isfinite(opts->pred_noise) && opts->pred_noise >= 0))
        return oco_set_error(OCO_EINVAL, "coco run: pred_noise must be finite and >= 0 (got %g)",
                             opts->pred_noise);
    if (opts->benchmark != OCO_COCO_BENCH_PER_ROUND && opts->benchmark != OCO_COCO_BENCH_LONG_TERM)
        return oco_set_error(OCO_EINVAL, "coco run: unknown benchmark %d", (int)opts->benchmark);

    memset(out, 0, sizeof *out);
    out->comparator = out->regret = out->alpha_regret = NAN;
    out->comparator_method = NULL;
    out->alpha = oco_coco_problem_get_info(p)->alpha;
    const int consume = (oco_coco_get_type(alg)->needs & OCO_COCO_CONSUMPTION) != 0;
    /* x, g, S, and the noisy prediction's A (d), A (k×d), b (k); Σb_t (k),
     * the hindsight's budget (k), an uncounted cost gradient (d) */
    double *buf = malloc((d + 2 * k + d + k * d + k + 2 * k + d) * sizeof *buf);
    if (!buf)
        return oco_set_error(OCO_ENOMEM, "coco run: out of memory");
    double *x = buf, *g = x + d, *S = g + k, *nA = S + k, *ngA = nA + d, *ngb = ngA + k * d;
    double *Sb = ngb + k, *hB = Sb + k, *cgrad = hB + k;
    memset(S, 0, k * sizeof *S);
    memset(Sb, 0, k * sizeof *Sb);
    const double *B = setup->budget;
    const oco_quad_map *cost = oco_coco_problem_cost(p), *cons = oco_coco_problem_cons(p);
    oco_quad_map ncost = {1, d, NULL, nA, NULL}, ncons = {k, d, NULL, ngA, ngb}, cmap;
    oco_coco_prediction pred = {NULL, NULL, NULL};
    oco_rng rng;
    oco_rng_seed(&rng, opts->pred_seed, 0);
    const double sigma = opts->pred_noise;

    double s = 0, c = 0; /* Neumaier sum of the losses */
    int rc = OCO_OK;
    oco_coco_problem_rewind(p);
    double t0 = oco__now_seconds();
    for (size_t t = 1; t <= T; ++t) {
        if ((rc = oco_coco_problem_next(p)) != OCO_OK)
            break;
        cost = oco_coco_problem_cost(p); /* NULL: no closed form (coco_runner.h) */
        cons = oco_coco_problem_cons(p);
        cmap = *cons; /* seed 003: c_t = g_t + b_t, the map with b = NULL */
        cmap.b = NULL;
        const oco_quad_map *fed = consume ? &cmap : cons; /* what the algorithm sees */
        const oco_coco_prediction *pp = NULL;
        if (opts->predictions == OCO_COCO_PRED_PERFECT) {
            pred.cost = cost;
            pred.cons = fed;
            pp = &pred;
        } else if (opts->predictions == OCO_COCO_PRED_NOISY) {
            for (size_t i = 0; cost && i < d; ++i)
                nA[i] = cost->A[i] + oco_rng_normal(&rng, 0, sigma);
            for (size_t i = 0; i < k * d; ++i)
                ngA[i] = cons->A[i] + oco_rng_normal(&rng, 0, sigma);
            for (size_t j = 0; j < k; ++j)
                ngb[j] = (fed->b ? fed->b[j] : 0.0) - oco_rng_normal(&rng, 0, sigma);
            ncost.P = cost ? cost->P : NULL;
            ncost.b = cost ? cost->b : NULL;
            ncons.P = cons->P;
            pred.cost = cost ? &ncost : NULL;
            pred.cons = &ncons;
            pp = &pred;
        }
        if ((rc = oco_coco_predict(alg, pp, x)) != OCO_OK)
            break;
        double v;
        if (cost) {
            oco_quad_map_eval(cost, x, &v, NULL);
        } else {
            oco_grad_oracle cv = oco_coco_problem_cost_oracle(p); /* not the algorithm's */
            if ((rc = oco_grad_oracle_eval(&cv, x, cgrad, &v)) != OCO_OK)
                break;
        }
        oco_quad_map_eval(cons, x, g, NULL);
        oco_grad_oracle co = oco_coco_problem_cost_oracle(p);
        oco_cons_oracle cs = oco_coco_problem_cons_oracle(p);
        if (consume)
            cs = oco_cons_oracle_from_form(&cmap);
        oco_coco_feedback fb = {&co, &cs};
        rc = oco_coco_update_oracle(alg, &fb);
        out->cost_calls += co.calls;
        out->cons_calls += cs.calls;
        if (rc != OCO_OK)
            break;
        double u = s + v;
        c += fabs(s) >= fabs(v) ? (s - u) + v : (v - u) + s;
        s = u;
        oco_axpy(1.0, g, S, k);
        if (cons->b)
            oco_axpy(1.0, cons->b, Sb, k);
        double run = violation(S, consume ? Sb : NULL, B, k);
        if (run > out->max_running_violation)
            out->max_running_violation = run;
        out->T = t;
        if (opts->on_round &&
            (rc = opts->on_round(opts->ctx, t, x, v, g, s + c, S, alg)) != OCO_OK)
            break;
    }
    out->seconds = oco__now_seconds() - t0;
    out->loss = s + c;
    out->violation = violation(S, consume ? Sb : NULL, B, k);
    out->rounds_per_second = out->seconds > 0 ? (double)out->T / out->seconds : INFINITY;
    if (constraint_sum)
        oco_copy(S, constraint_sum, k);
    for (size_t j = 0; j < k; ++j) {
        if (opts->consumption)
            opts->consumption[j] = S[j] + Sb[j];
        if (opts->budget)
            opts->budget[j] = Sb[j];
        hB[j] = (B ? B[j] : 0.0) - Sb[j]; /* {Σc <= B} = {Σg <= B − B_T} */
    }
    if (rc != OCO_OK) {
        free(buf);
        return rc;
    }
    if (opts->hindsight) {
        oco_coco_hindsight h;
        double t1 = oco__now_seconds();
        rc = oco_coco_problem_hindsight(p, opts->benchmark, consume ? hB : B, NULL, &h);
        out->hindsight_seconds = oco__now_seconds() - t1;
        if (rc != OCO_OK) {
            free(buf);
            return rc; /* OCO_EINFEASIBLE: the run's fields are filled, comparator NaN */
        }
        out->comparator = h.comparator;
        out->comparator_gap = h.gap;
        out->comparator_method = h.method;
        out->regret = out->loss - h.comparator;
        out->alpha_regret = out->loss - out->alpha * h.comparator;
    }
    free(buf);
    return rc;
}
