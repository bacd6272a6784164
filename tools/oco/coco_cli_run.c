/* `oco run coco`: play a constrained-OCO algorithm (coco.h) on a built-in
 * problem or a CSV problem file (coco_problem.h) with predictions of a chosen
 * quality, through the runner (coco_runner.h), and report its loss, the
 * hindsight benchmark, regret, the constraint sums and the violation. */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "experiments/progress.h"
#include "oco/oco.h"

#define RUN_USAGE                                                                            \
    "usage: oco run coco --algo NAME (--problem KIND --d D --T T [--seed S] [--k K]",          \
        "                    | --problem-file FILE) [--domain box:a,b|ball:R]",                \
        "                    [--predictions none|perfect|noisy] [--pred-noise SIGMA]",         \
        "                    [--pred-seed S] [--benchmark per-round|long-term]",               \
        "                    [--param key=value]... [--decisions FILE] [--trace FILE] [--json]"
const char *const cli_run_coco_usage[] = {RUN_USAGE, NULL};
static const char *const help[] = {
    RUN_USAGE,
    "",
    "Play the constrained-OCO algorithm NAME ('oco list', protocol coco) for T rounds:",
    "each round it plays x_t in X, then sees the cost f_t and the constraints",
    "g_t : X -> R^k; the long-term requirement is sum_t g_t(x_t) <= 0. Reports the",
    "loss sum_t f_t(x_t), the hindsight benchmark, regret = loss - benchmark, the",
    "constraint sums sum_t g_tj(x_t) and the violation ||[sum_t g_t(x_t)]_+||_2.",
    "",
    "Budgets (seed 003): a constraint g_tj(x) = <A_tj,x> - b_tj is also read as the",
    "consumption c_tj(x) = <A_tj,x> against a budget share b_tj, B_T = sum_t b_t.",
    "lyapunov-adagrad (a consumption algorithm) is fed c_t and the budget B_T (a",
    "pre-pass over the problem); its violation is ||[sum_t c_t(x_t) - B_T]_+||_2,",
    "the same number at the end of the run. Every run reports alpha (the problem's",
    "approximate convexity, 1 = convex), alpha_regret = loss - alpha * benchmark,",
    "consumption (sum_t c_tj(x_t)) and budget (B_T,j).",
    "",
    "problem (exactly one of):",
    "  --problem KIND    built-in family ('oco list'): llp-exp1, llp-exp2 (stand-ins",
    "                    for seed 001's experiments, d = k = 1), linear, quadratic,",
    "                    quadratic-constraints, resource, with",
    "  --d D --T T       dimension and rounds (>= 1)",
    "  --k K             constraints (default: the family's)",
    "  --seed S          seed of the sequence (default 1)",
    "  --problem-file F  CSV with a header: c1..cd, then for each constraint j:",
    "                    A{j}_1..A{j}_d,b{j}. Row t: f_t(x) = <c_t,x>,",
    "                    g_tj(x) = <A_tj,x> - b_tj; d, k from the header, T = rows",
    "  --domain SPEC     X = box:a,b or ball:R (default box:0,1 for llp-exp*,",
    "                    resource and files, ball:1 otherwise)",
    "algorithm:",
    "  --algo NAME       required; --param K=V sets its parameters (repeatable)",
    "  --predictions P   none (default; the paper's all-zero predictions), perfect",
    "                    (f_t and g_t themselves), or noisy: f_t and g_t plus Gaussian",
    "                    noise of standard deviation --pred-noise (default 0.1) on",
    "                    every gradient and constraint-value coordinate, seeded by",
    "                    --pred-seed (default 1). The noisy kind is a project",
    "                    addition: seed 001 has no noise model",
    "  --benchmark B     per-round (min sum_t f_t(x) over {x : g_t(x) <= 0 for all",
    "                    t}, LLP's R_T) or long-term (over {x : sum_t g_t(x) <= 0} =",
    "                    {x : sum_t c_t(x) <= B_T}); exact (LP, closed form) or",
    "                    certified to a gap. Default: long-term for the algorithms",
    "                    whose guarantee is against it (lyapunov-adagrad, sinha-vaze,",
    "                    sinha-vaze-strong), per-round otherwise",
    "output:",
    "  --decisions FILE  x_t, one line of d comma-separated numbers per round (%.17g)",
    "  --trace FILE      per-round CSV: t,loss,g_1..g_k (g_tj(x_t)), S_1..S_k (running",
    "                    sums), lambda_1..lambda_k (the algorithm's multipliers, if",
    "                    any), x_1..x_d",
    "  --json            one JSON object: problem, problem_file, algo, d, k, T, seed,",
    "                    domain, predictions, pred_noise, params, loss, comparator,",
    "                    comparator_kind (\"exact\"|\"approximate\"|\"infeasible\"),",
    "                    comparator_gap, comparator_method, benchmark, x_star, regret,",
    "                    alpha, alpha_regret, constraint_sum (k), consumption (k),",
    "                    budget (k), violation, max_running_violation,",
    "                    oracle_calls {cost, constraints}, stream, seconds,",
    "                    rounds_per_second, hindsight_seconds, memory_bytes",
    "An empty benchmark set (no x meets every g_t(x) <= 0) is reported as such",
    "(comparator_kind \"infeasible\", comparator and regret null), not as a number.",
    "",
    "exit status: 0 ok, 1 bad problem file / I/O or solver failure, 2 usage error.",
    NULL,
};

typedef struct run_args {
    cli_run_common c; /* --algo, --param, --trace, --decisions, --json */
    const char *problem, *file, *d, *k, *T, *seed, *domain, *preds, *noise, *pseed, *bench;
} run_args;

typedef struct round_out {
    FILE *trace, *dec;
    size_t d, k;
    int has_mult;
    double *lambda;
} round_out;

static int on_round(void *vctx, size_t t, const double *x, double loss, const double *g,
                    double cum_loss, const double *cum_g, const oco_coco *alg)
{
    (void)cum_loss;
    round_out *o = vctx;
    if (o->trace) {
        fprintf(o->trace, "%zu,%.17g", t, loss);
        for (size_t j = 0; j < o->k; ++j)
            fprintf(o->trace, ",%.17g", g[j]);
        for (size_t j = 0; j < o->k; ++j)
            fprintf(o->trace, ",%.17g", cum_g[j]);
        if (o->has_mult && oco_coco_multipliers(alg, o->lambda) == OCO_OK)
            for (size_t j = 0; j < o->k; ++j)
                fprintf(o->trace, ",%.17g", o->lambda[j]);
        for (size_t i = 0; i < o->d; ++i)
            fprintf(o->trace, ",%.17g", x[i]);
        fputc('\n', o->trace);
        if (ferror(o->trace))
            return OCO_EIO;
    }
    if (o->dec && cli_oco_print_x(o->dec, x, o->d) != 0)
        return OCO_EIO;
    return OCO_OK;
}

static int open_outputs(const run_args *ra, round_out *ro)
{
    if (ra->c.trace) {
        if (!(ro->trace = cli_open_out("--trace", ra->c.trace)))
            return CLI_RUNTIME;
        fputs("t,loss", ro->trace);
        for (size_t j = 0; j < ro->k; ++j)
            fprintf(ro->trace, ",g_%zu", j + 1);
        for (size_t j = 0; j < ro->k; ++j)
            fprintf(ro->trace, ",S_%zu", j + 1);
        if (ro->has_mult)
            for (size_t j = 0; j < ro->k; ++j)
                fprintf(ro->trace, ",lambda_%zu", j + 1);
        for (size_t i = 0; i < ro->d; ++i)
            fprintf(ro->trace, ",x_%zu", i + 1);
        fputc('\n', ro->trace);
    }
    if (ra->c.decisions && !(ro->dec = cli_open_out("--decisions", ra->c.decisions)))
        return CLI_RUNTIME;
    return 0;
}

/* The problem from the options: a family or a file. */
static int make_problem(const run_args *ra, const oco_coco_type *type, oco_domain **dom,
                        oco_coco_problem **out, uint64_t *seed, const char **dspec)
{
    int rc;
    if (!!ra->problem == !!ra->file)
        return cli_error(CLI_USAGE, ra->problem ? "give either --problem or --problem-file, "
                                                  "not both"
                                                : "no problem: give --problem KIND --d D --T T "
                                                  "or --problem-file FILE");
    if (ra->file) {
        if (ra->d || ra->k || ra->T || ra->seed)
            return cli_error(CLI_USAGE, "--d, --k, --T and --seed apply to --problem only "
                                        "(--problem-file gives them from the file)");
        size_t d, k;
        if (oco_coco_problem_file_dims(ra->file, &d, &k) != OCO_OK)
            return cli_error(CLI_RUNTIME, "%s", oco_last_error());
        *dspec = ra->domain ? ra->domain : "box:0,1";
        if ((rc = cli_coco_domain(*dspec, d, type, dom)) != 0)
            return rc;
        if (!(*out = oco_coco_problem_from_csv(ra->file, *dom)))
            return cli_error(CLI_RUNTIME, "%s", oco_last_error());
        return 0;
    }
    oco_coco_problem_opts po = oco_coco_problem_opts_default();
    if (oco_coco_problem_kind_parse(ra->problem, &po.kind) != OCO_OK ||
        po.kind == OCO_COCO_PROBLEM_DATA)
        return cli_error(CLI_USAGE, "--problem: unknown problem '%s' (known: llp-exp1, llp-exp2, "
                                    "linear, quadratic, quadratic-constraints, resource; a file: "
                                    "--problem-file FILE)", ra->problem);
    if (!ra->d || !ra->T)
        return cli_error(CLI_USAGE, "--problem needs --d D and --T T");
    if ((rc = cli_parse_size("--d", ra->d, 1, &po.d)) != 0 ||
        (rc = cli_parse_size("--T", ra->T, 1, &po.T)) != 0)
        return rc;
    if (ra->k && (rc = cli_parse_size("--k", ra->k, 1, &po.k)) != 0)
        return rc;
    po.seed = 1;
    if (ra->seed && (rc = cli_parse_u64("--seed", ra->seed, 0, UINT64_MAX, &po.seed)) != 0)
        return rc;
    *seed = po.seed;
    int boxed = po.kind == OCO_COCO_PROBLEM_LLP_EXP1 || po.kind == OCO_COCO_PROBLEM_LLP_EXP2 ||
                po.kind == OCO_COCO_PROBLEM_RESOURCE;
    *dspec = ra->domain ? ra->domain : boxed ? "box:0,1" : "ball:1";
    if ((rc = cli_coco_domain(*dspec, po.d, type, dom)) != 0)
        return rc;
    if (!(*out = oco_coco_problem_new(&po, *dom)))
        return cli_error(CLI_USAGE, "--problem %s: %s", ra->problem, oco_last_error());
    return 0;
}

typedef struct run_view {
    const run_args *ra;
    const oco_algo_info *algo;
    const oco_coco *alg;
    oco_coco_problem *prob;
    const oco_coco_run_opts *opts;
    const oco_coco_run_result *res;
    const double *csum, *xstar, *cons, *budget;
    const char *dspec, *infeasible; /* infeasible: the hindsight's message, or NULL */
    uint64_t seed;
} run_view;

static const char *comparator_kind(const run_view *v)
{
    if (v->infeasible)
        return "infeasible";
    return v->res->comparator_gap > 0 ? "approximate" : "exact";
}

static int emit_json(const run_view *v)
{
    const oco_coco_run_result *r = v->res;
    const size_t d = oco_coco_dim(v->alg), k = oco_coco_nconstraints(v->alg);
    json_t *o = cli_run_json_head(v->ra->file ? "file" : v->ra->problem, v->algo, r->T,
                                  &v->ra->c.params);
    json_object_set_new(o, "problem_file", v->ra->file ? json_string(v->ra->file) : json_null());
    json_object_set_new(o, "d", json_integer((json_int_t)d));
    json_object_set_new(o, "k", json_integer((json_int_t)k));
    json_object_set_new(o, "seed", v->ra->file ? json_null() : json_integer((json_int_t)v->seed));
    json_object_set_new(o, "domain", json_string(v->dspec));
    json_object_set_new(o, "predictions",
                        json_string(oco_coco_pred_kind_name(v->opts->predictions)));
    json_object_set_new(o, "pred_noise", v->opts->predictions == OCO_COCO_PRED_NOISY
                                             ? cli_jnum(v->opts->pred_noise) : json_real(0));
    json_object_set_new(o, "loss", cli_jnum(r->loss));
    json_object_set_new(o, "comparator", v->infeasible ? json_null() : cli_jnum(r->comparator));
    json_object_set_new(o, "comparator_kind", json_string(comparator_kind(v)));
    json_object_set_new(o, "comparator_gap",
                        v->infeasible ? json_null() : cli_jnum(fmax(r->comparator_gap, 0)));
    json_object_set_new(o, "comparator_method",
                        v->infeasible || !r->comparator_method ? json_null()
                                                               : json_string(r->comparator_method));
    if (v->infeasible)
        json_object_set_new(o, "comparator_error", json_string(v->infeasible));
    json_object_set_new(o, "benchmark", json_string(oco_coco_benchmark_name(v->opts->benchmark)));
    json_t *xs = v->infeasible ? json_null() : json_array();
    for (size_t i = 0; !v->infeasible && i < d; ++i)
        json_array_append_new(xs, cli_jnum(v->xstar[i]));
    json_object_set_new(o, "x_star", xs);
    json_object_set_new(o, "regret", v->infeasible ? json_null() : cli_jnum(r->regret));
    json_object_set_new(o, "alpha", cli_jnum(r->alpha));
    json_object_set_new(o, "alpha_regret",
                        v->infeasible ? json_null() : cli_jnum(r->alpha_regret));
    json_t *cs = json_array(), *cc = json_array(), *bb = json_array();
    for (size_t j = 0; j < k; ++j) {
        json_array_append_new(cs, cli_jnum(v->csum[j]));
        json_array_append_new(cc, cli_jnum(v->cons[j]));
        json_array_append_new(bb, cli_jnum(v->budget[j]));
    }
    json_object_set_new(o, "constraint_sum", cs);
    json_object_set_new(o, "consumption", cc);
    json_object_set_new(o, "budget", bb);
    json_object_set_new(o, "violation", cli_jnum(r->violation));
    json_object_set_new(o, "max_running_violation", cli_jnum(r->max_running_violation));
    json_object_set_new(o, "oracle_calls",
                        json_pack("{s:I, s:I}", "cost", (json_int_t)r->cost_calls, "constraints",
                                  (json_int_t)r->cons_calls));
    json_object_set_new(o, "stream",
                        json_boolean(oco_coco_type_streams(oco_coco_get_type(v->alg))));
    json_object_set_new(o, "seconds", cli_jnum(r->seconds));
    json_object_set_new(o, "rounds_per_second", cli_jnum(r->rounds_per_second));
    json_object_set_new(o, "hindsight_seconds", cli_jnum(r->hindsight_seconds));
    json_object_set_new(o, "memory_bytes", json_integer((json_int_t)oco_coco_memory(v->alg)));
    return cli_json_print(o);
}

static void emit_text(const run_view *v)
{
    const oco_coco_run_result *r = v->res;
    const size_t d = oco_coco_dim(v->alg), k = oco_coco_nconstraints(v->alg);
    if (v->ra->file)
        printf("problem     file %s (d = %zu, k = %zu, T = %zu, domain %s)\n", v->ra->file, d, k,
               r->T, v->dspec);
    else
        printf("problem     %s (d = %zu, k = %zu, T = %zu, seed %llu, domain %s)%s\n",
               v->ra->problem, d, k, r->T, (unsigned long long)v->seed, v->dspec,
               strncmp(v->ra->problem, "llp-exp", 7) == 0 ? " [a stand-in, not the paper's "
                                                            "functions]" : "");
    cli_print_algo(v->algo, &v->ra->c.params);
    printf("\npredictions %s", oco_coco_pred_kind_name(v->opts->predictions));
    if (v->opts->predictions == OCO_COCO_PRED_NOISY)
        printf(" (sigma = %.6g, seed %llu; a project addition)", v->opts->pred_noise,
               (unsigned long long)v->opts->pred_seed);
    printf("\nloss        %.17g\n", r->loss);
    if (v->infeasible) {
        printf("benchmark   %s: infeasible (%s)\n", oco_coco_benchmark_name(v->opts->benchmark),
               v->infeasible);
    } else {
        printf("benchmark   %s: %.17g (%s, %s)\n", oco_coco_benchmark_name(v->opts->benchmark),
               r->comparator, r->comparator_gap > 0 ? "certified to a gap" : "exact",
               r->comparator_method ? r->comparator_method : "");
        if (r->comparator_gap > 0)
            printf("            gap <= %.3g\n", r->comparator_gap);
        printf("regret      %.17g\n", r->regret);
        printf("alpha       %.17g (alpha-regret %.17g)\n", r->alpha, r->alpha_regret);
    }
    printf("sum g       ");
    for (size_t j = 0; j < k; ++j)
        printf(j ? ", %.10g" : "%.10g", v->csum[j]);
    printf("\nconsumption ");
    for (size_t j = 0; j < k; ++j)
        printf(j ? ", %.10g" : "%.10g", v->cons[j]);
    printf(" (budget ");
    for (size_t j = 0; j < k; ++j)
        printf(j ? ", %.10g" : "%.10g", v->budget[j]);
    printf(")");
    printf("\nviolation   %.10g (max running %.10g)\n", r->violation, r->max_running_violation);
    printf("oracle      %zu cost, %zu constraint calls\n", r->cost_calls, r->cons_calls);
    printf("time        %.6g s (%.4g rounds/s), hindsight %.3g s\n", r->seconds,
           r->rounds_per_second, r->hindsight_seconds);
}

static int parse_run_opts(const run_args *ra, const oco_coco_type *type, oco_coco_run_opts *o)
{
    int rc;
    if (ra->preds && oco_coco_pred_kind_parse(ra->preds, &o->predictions) != OCO_OK)
        return cli_error(CLI_USAGE, "--predictions: unknown kind '%s' (known: none, perfect, "
                                    "noisy)", ra->preds);
    if (ra->noise) {
        if ((rc = cli_parse_double("--pred-noise", ra->noise, &o->pred_noise)) != 0)
            return rc;
        if (!(o->pred_noise >= 0))
            return cli_error(CLI_USAGE, "--pred-noise must be >= 0 (got %s)", ra->noise);
        if (o->predictions != OCO_COCO_PRED_NOISY)
            return cli_error(CLI_USAGE, "--pred-noise applies to --predictions noisy only");
    }
    if (ra->pseed && (rc = cli_parse_u64("--pred-seed", ra->pseed, 0, UINT64_MAX,
                                         &o->pred_seed)) != 0)
        return rc;
    if (!ra->bench && (type->needs & OCO_COCO_LONG_TERM))
        o->benchmark = OCO_COCO_BENCH_LONG_TERM;
    if (ra->bench && oco_coco_benchmark_parse(ra->bench, &o->benchmark) != OCO_OK)
        return cli_error(CLI_USAGE, "--benchmark: unknown benchmark '%s' (known: per-round, "
                                    "long-term)", ra->bench);
    return 0;
}

int cli_run_coco(int argc, char **argv)
{
    run_args ra;
    memset(&ra, 0, sizeof ra);
    const cli_spec spec[] = {CLI_RUN_COMMON_SPEC(&ra.c),
                             {"problem", CLI_VALUE, &ra.problem},
                             {"problem-file", CLI_VALUE, &ra.file},
                             {"d", CLI_VALUE, &ra.d},
                             {"k", CLI_VALUE, &ra.k},
                             {"T", CLI_VALUE, &ra.T},
                             {"seed", CLI_VALUE, &ra.seed},
                             {"domain", CLI_VALUE, &ra.domain},
                             {"predictions", CLI_VALUE, &ra.preds},
                             {"pred-noise", CLI_VALUE, &ra.noise},
                             {"pred-seed", CLI_VALUE, &ra.pseed},
                             {"benchmark", CLI_VALUE, &ra.bench},
                             {NULL, CLI_VALUE, NULL}};
    int rc = cli_parse(argc, argv, 2, spec, "run coco", help, NULL, NULL);
    oco_domain *dom = NULL;
    oco_coco_problem *prob = NULL;
    oco_coco *alg = NULL;
    double *buf = NULL;
    round_out ro = {NULL, NULL, 0, 0, 0, NULL};
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(ra.c.algo, OCO_PROTOCOL_COCO, &ra.c.params, &algo)) != 0)
        goto done;
    const oco_coco_type *type = oco_coco_type_from_info(algo);
    oco_coco_run_opts opts = oco_coco_run_opts_default();
    if ((rc = parse_run_opts(&ra, type, &opts)) != 0)
        goto done;
    uint64_t seed = 0;
    const char *dspec = NULL;
    if ((rc = make_problem(&ra, type, &dom, &prob, &seed, &dspec)) != 0)
        goto done;
    oco_coco_setup setup;
    oco_coco_setup_from_problem(prob, &setup);
    if (ra.file) /* nothing is known about a file's rounds: what `oco stream coco` says */
        setup.G = setup.L_g = setup.g_max = setup.F = 1;
    const size_t d = setup.d, k = setup.k;
    /* csum, the budget B_T, consumption, the hindsight's budget (k each), x*
     * (d), multipliers (k) */
    if (!(buf = malloc((5 * k + d) * sizeof *buf))) {
        rc = cli_error(CLI_RUNTIME, "out of memory");
        goto done;
    }
    double *csum = buf, *budget = buf + k, *consumed = budget + k, *hbudget = consumed + k;
    double *xstar = hbudget + k, *mult = xstar + d;
    const int consume = (type->needs & OCO_COCO_CONSUMPTION) != 0;
    if (consume) { /* seed 003: fed c_t against B_T (coco_runner.h) */
        if (oco_coco_problem_budget(prob, budget) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "budget: %s", oco_last_error());
            goto done;
        }
        setup.budget = budget;
    }
    alg = oco_coco_new(type, &setup, ra.c.params.items, ra.c.params.n);
    if (!alg) {
        rc = cli_error(oco_last_error_code() == OCO_ENOMEM ? CLI_RUNTIME : CLI_USAGE, "%s",
                       oco_last_error());
        goto done;
    }
    ro = (round_out){NULL, NULL, d, k, type->multipliers != NULL, mult};
    if ((rc = open_outputs(&ra, &ro)) != 0)
        goto done;
    if (ro.trace || ro.dec) {
        opts.on_round = on_round;
        opts.ctx = &ro;
    }
    opts.hindsight = 0; /* the hindsight is computed below, with its minimiser */
    opts.consumption = consumed;
    opts.budget = budget; /* B_T again (equal to the pre-pass's) */
    oco_coco_run_result res;
    int lrc = oco_coco_run(alg, prob, &opts, &res, csum);
    if (lrc != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "round %zu: %s", res.T + 1,
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    }
    if ((rc = cli_close_out("--trace", ra.c.trace, &ro.trace)) != 0 ||
        (rc = cli_close_out("--decisions", ra.c.decisions, &ro.dec)) != 0)
        goto done;
    double t_h = oco_now();
    oco_coco_hindsight h;
    char infeasible[512] = "";
    for (size_t j = 0; j < k; ++j) /* {Σc <= B_T} = {Σg <= 0} (coco_runner.h) */
        hbudget[j] = consume ? 0.0 : setup.budget ? setup.budget[j] : 0.0;
    lrc = oco_coco_problem_hindsight(prob, opts.benchmark, hbudget, xstar, &h);
    res.hindsight_seconds = oco_now() - t_h;
    if (lrc == OCO_EINFEASIBLE) {
        snprintf(infeasible, sizeof infeasible, "%s", oco_last_error());
        res.comparator = res.regret = NAN;
    } else if (lrc != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "benchmark: %s",
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    } else {
        res.comparator = h.comparator;
        res.comparator_gap = h.gap;
        res.comparator_method = h.method;
        res.regret = res.loss - h.comparator;
        res.alpha_regret = res.loss - res.alpha * h.comparator;
    }
    run_view v = {&ra, algo, alg, prob, &opts, &res, csum, xstar, consumed, budget, dspec,
                  infeasible[0] ? infeasible : NULL, seed};
    if (ra.c.json) {
        rc = emit_json(&v);
    } else {
        emit_text(&v);
        if (fflush(stdout) != 0)
            rc = cli_error(CLI_RUNTIME, "cannot write to stdout");
    }
done:
    if (ro.trace)
        fclose(ro.trace);
    if (ro.dec)
        fclose(ro.dec);
    oco_coco_free(alg);
    oco_coco_problem_free(prob);
    oco_domain_free(dom);
    free(buf);
    cli_params_free(&ra.c.params);
    return rc;
}
