/* `oco run bwk`: play a bandits-with-knapsacks algorithm (bwk.h) on a
 * generated instance or a CSV instance file (bwk_problem.h) through the
 * runner (bwk_runner.h), all T rounds past the budget, and report its loss,
 * consumption, pulls, the exact benchmark (54) of seed 003 and the regret.
 * `oco stream bwk` is not offered (see stream_bwk below). */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

#define RUN_USAGE                                                                            \
    "usage: oco run bwk --algo NAME (--instance stochastic|adversarial|lower-bound",           \
        "                   --K K --T T [--seed S] | --instance-file FILE) --budget B",        \
        "                   [--param key=value]... [--decisions FILE] [--trace FILE] [--json]"
static const char *const run_usage[] = {RUN_USAGE, NULL};
static const char *const help[] = {
    RUN_USAGE,
    "",
    "Play the bandits-with-knapsacks algorithm NAME ('oco list', protocol bwk) for",
    "T rounds (seed 003 Appendix D): each round it draws an arm I_t from its",
    "distribution p_t over K arms and observes only that arm's loss l_{t,I_t} and",
    "cost c_{t,I_t} (both in [0,1]); the budget B is the target for the total",
    "consumption sum_t c_{t,I_t}. Play continues to T past the budget, as in the",
    "paper. Reports the loss, the consumption, the pulls per arm and the benchmark",
    "(54): min over distributions p of sum_t <p,l_t> s.t. sum_t <p,c_t> <= B,",
    "solved exactly by CLP; regret = loss - benchmark.",
    "",
    "instance (exactly one of):",
    "  --instance KIND   stochastic   fixed arm means, Bernoulli losses and costs",
    "                                 (cheap arms are lossy: the budget binds)",
    "                    adversarial  oblivious, 4 phases, the good arm switches",
    "                                 with the phase",
    "                    (both: arm K is free, cost 0, so every B >= 0 is feasible)",
    "                    lower-bound  seed 003 Theorem 5 (Immorlica et al.",
    "                                 Construction 8.7): K = 2, floor(log2 T)",
    "                                 phases, arm 1 consumes 1 and pays 2^(j-n) in",
    "                                 phase j <= k (k from the seed), 0 after; arm",
    "                                 2 is null; losses are 1 - reward",
    "  --K K --T T       arms (>= 2; lower-bound: 2, the default) and rounds (>= 1)",
    "  --instance-file F CSV with the header l1,...,lK,c1,...,cK and one round per",
    "                    line, every value in [0,1]; K and T from the file",
    "  --seed S          seed (default 1) of the instance (streams 0, 1) and of the",
    "                    algorithm's draws of I_t (stream 2; also for files)",
    "  --budget B        the budget B_T (finite, >= 0; required)",
    "algorithm:",
    "  --algo NAME       required; --param K=V sets its parameters (repeatable)",
    "output:",
    "  --decisions FILE  the arm pulled each round, one integer in 1..K per line",
    "  --trace FILE      per-round CSV: t,arm,loss,cost,cum_loss,cum_cost,",
    "                    multiplier (the algorithm's budget weight, empty if none),",
    "                    p_1..p_K (the distribution it drew from)",
    "  --json            one JSON object: problem, instance, instance_file, algo,",
    "                    params, K, T, seed, budget, loss, consumption,",
    "                    expected_loss, benchmark, benchmark_kind (\"exact\" |",
    "                    \"infeasible\"), benchmark_p (K), benchmark_consumption,",
    "                    regret, expected_regret, pulls (K), seconds,",
    "                    pulls_per_second, benchmark_seconds, memory_bytes, and for",
    "                    lower-bound phases and phase_k",
    "A budget below every arm's total consumption makes the benchmark infeasible:",
    "reported as such (benchmark_kind \"infeasible\", benchmark and regret null).",
    "",
    "exit status: 0 ok, 1 bad instance file / I/O or solver failure, 2 usage error.",
    NULL,
};

typedef struct run_args {
    cli_run_common c; /* --algo, --param, --trace, --decisions, --json */
    const char *instance, *file, *K, *T, *seed, *budget;
} run_args;

typedef struct round_out {
    FILE *trace, *dec;
    size_t K;
} round_out;

static int on_round(void *vctx, size_t t, size_t arm, double loss, double cost, const double *p,
                    double cum_loss, double cum_cost, const oco_bwk *alg)
{
    round_out *o = vctx;
    if (o->dec && fprintf(o->dec, "%zu\n", arm + 1) < 0)
        return OCO_EIO;
    if (o->trace) {
        fprintf(o->trace, "%zu,%zu,%.17g,%.17g,%.17g,%.17g,", t, arm + 1, loss, cost, cum_loss,
                cum_cost);
        const double m = oco_bwk_multiplier(alg);
        if (isfinite(m))
            fprintf(o->trace, "%.17g", m);
        for (size_t i = 0; i < o->K; ++i)
            fprintf(o->trace, ",%.17g", p[i]);
        fputc('\n', o->trace);
        if (ferror(o->trace))
            return OCO_EIO;
    }
    return OCO_OK;
}

static int open_outputs(const run_args *ra, round_out *ro)
{
    if (ra->c.trace) {
        if (!(ro->trace = cli_open_out("--trace", ra->c.trace)))
            return CLI_RUNTIME;
        fputs("t,arm,loss,cost,cum_loss,cum_cost,multiplier", ro->trace);
        for (size_t i = 0; i < ro->K; ++i)
            fprintf(ro->trace, ",p_%zu", i + 1);
        fputc('\n', ro->trace);
    }
    if (ra->c.decisions && !(ro->dec = cli_open_out("--decisions", ra->c.decisions)))
        return CLI_RUNTIME;
    return 0;
}

/* The instance from the options: a kind or a file. */
static int make_instance(const run_args *ra, uint64_t seed, oco_bwk_problem **out)
{
    int rc;
    if (!!ra->instance == !!ra->file)
        return cli_error(CLI_USAGE, ra->instance ? "give either --instance or --instance-file, "
                                                   "not both"
                                                 : "no instance: give --instance KIND --K K "
                                                   "--T T or --instance-file FILE");
    if (ra->file) {
        if (ra->K || ra->T)
            return cli_error(CLI_USAGE, "--K and --T apply to --instance only (--instance-file "
                                        "gives them from the file)");
        if (!(*out = oco_bwk_problem_from_csv(ra->file)))
            return cli_error(CLI_RUNTIME, "%s", oco_last_error());
        return 0;
    }
    oco_bwk_problem_opts po = oco_bwk_problem_opts_default();
    if (oco_bwk_problem_kind_parse(ra->instance, &po.kind) != OCO_OK ||
        po.kind == OCO_BWK_PROBLEM_DATA)
        return cli_error(CLI_USAGE, "--instance: unknown instance '%s' (known: stochastic, "
                                    "adversarial, lower-bound; a file: --instance-file FILE)",
                         ra->instance);
    const int lb = po.kind == OCO_BWK_PROBLEM_LOWER_BOUND;
    if ((!ra->K && !lb) || !ra->T)
        return cli_error(CLI_USAGE, "--instance %s needs %s--T T", ra->instance,
                         lb ? "" : "--K K and ");
    if (ra->K && (rc = cli_parse_size("--K", ra->K, 2, &po.K)) != 0)
        return rc;
    if ((rc = cli_parse_size("--T", ra->T, 1, &po.T)) != 0)
        return rc;
    po.seed = seed;
    if (!(*out = oco_bwk_problem_new(&po)))
        return cli_error(CLI_USAGE, "--instance %s: %s", ra->instance, oco_last_error());
    return 0;
}

typedef struct run_view {
    const run_args *ra;
    const oco_algo_info *algo;
    const oco_bwk *alg;
    const oco_bwk_problem *prob;
    const oco_bwk_run_result *res;
    const size_t *pulls;
    const double *pstar;
    const char *infeasible; /* the benchmark's message, or NULL */
    uint64_t seed;
} run_view;

static int emit_json(const run_view *v)
{
    const oco_bwk_run_result *r = v->res;
    const size_t K = oco_bwk_problem_arms(v->prob);
    const char *inst = v->ra->file ? "file" : v->ra->instance;
    json_t *o = cli_run_json_head(inst, v->algo, r->T, &v->ra->c.params);
    json_object_set_new(o, "instance", json_string(inst));
    json_object_set_new(o, "instance_file", v->ra->file ? json_string(v->ra->file) : json_null());
    json_object_set_new(o, "K", json_integer((json_int_t)K));
    json_object_set_new(o, "seed", json_integer((json_int_t)v->seed));
    json_object_set_new(o, "budget", cli_jnum(r->budget));
    json_object_set_new(o, "loss", cli_jnum(r->loss));
    json_object_set_new(o, "consumption", cli_jnum(r->consumption));
    json_object_set_new(o, "expected_loss", cli_jnum(r->expected_loss));
    json_object_set_new(o, "benchmark", v->infeasible ? json_null() : cli_jnum(r->benchmark));
    json_object_set_new(o, "benchmark_kind", json_string(v->infeasible ? "infeasible" : "exact"));
    if (v->infeasible)
        json_object_set_new(o, "benchmark_error", json_string(v->infeasible));
    json_t *ps = v->infeasible ? json_null() : json_array();
    for (size_t i = 0; !v->infeasible && i < K; ++i)
        json_array_append_new(ps, cli_jnum(v->pstar[i]));
    json_object_set_new(o, "benchmark_p", ps);
    json_object_set_new(o, "benchmark_consumption",
                        v->infeasible ? json_null() : cli_jnum(r->benchmark_consumption));
    json_object_set_new(o, "regret", v->infeasible ? json_null() : cli_jnum(r->regret));
    json_object_set_new(o, "expected_regret", v->infeasible
                                                  ? json_null()
                                                  : cli_jnum(r->expected_loss - r->benchmark));
    json_t *pu = json_array();
    for (size_t i = 0; i < K; ++i)
        json_array_append_new(pu, json_integer((json_int_t)v->pulls[i]));
    json_object_set_new(o, "pulls", pu);
    json_object_set_new(o, "seconds", cli_jnum(r->seconds));
    json_object_set_new(o, "pulls_per_second", cli_jnum(r->pulls_per_second));
    json_object_set_new(o, "benchmark_seconds", cli_jnum(r->benchmark_seconds));
    json_object_set_new(o, "memory_bytes", json_integer((json_int_t)oco_bwk_memory(v->alg)));
    size_t n, k;
    if (oco_bwk_problem_get_kind(v->prob) == OCO_BWK_PROBLEM_LOWER_BOUND &&
        oco_bwk_problem_lower_bound(v->prob, &n, &k) == OCO_OK) {
        json_object_set_new(o, "phases", json_integer((json_int_t)n));
        json_object_set_new(o, "phase_k", json_integer((json_int_t)k));
    }
    return cli_json_print(o);
}

static void emit_text(const run_view *v)
{
    const oco_bwk_run_result *r = v->res;
    const size_t K = oco_bwk_problem_arms(v->prob);
    if (v->ra->file) {
        printf("instance    file %s (K = %zu, T = %zu; draws seed %llu)\n", v->ra->file, K, r->T,
               (unsigned long long)v->seed);
    } else {
        printf("instance    %s (K = %zu, T = %zu, seed %llu", v->ra->instance, K, r->T,
               (unsigned long long)v->seed);
        size_t n, k;
        if (oco_bwk_problem_get_kind(v->prob) == OCO_BWK_PROBLEM_LOWER_BOUND &&
            oco_bwk_problem_lower_bound(v->prob, &n, &k) == OCO_OK)
            printf(", %zu phases, arm 1 pays up to phase %zu", n, k);
        printf(")\n");
    }
    cli_print_algo(v->algo, &v->ra->c.params);
    printf("\nbudget      %.17g\n", r->budget);
    printf("loss        %.17g (expected %.17g)\n", r->loss, r->expected_loss);
    printf("consumption %.17g (%.4g x budget)\n", r->consumption,
           r->budget > 0 ? r->consumption / r->budget : INFINITY);
    if (v->infeasible) {
        printf("benchmark   infeasible (%s)\n", v->infeasible);
    } else {
        printf("benchmark   %.17g (exact, lp; consumption %.10g)\n", r->benchmark,
               r->benchmark_consumption);
        printf("p*          ");
        for (size_t i = 0; i < K; ++i)
            printf(i ? ", %.6g" : "%.6g", v->pstar[i]);
        printf("\nregret      %.17g\n", r->regret);
    }
    printf("pulls       ");
    for (size_t i = 0; i < K; ++i)
        printf(i ? ", %zu" : "%zu", v->pulls[i]);
    printf("\ntime        %.6g s (%.4g pulls/s), benchmark %.3g s\n", r->seconds,
           r->pulls_per_second, r->benchmark_seconds);
}

static int run_bwk(int argc, char **argv)
{
    run_args ra;
    memset(&ra, 0, sizeof ra);
    const cli_spec spec[] = {CLI_RUN_COMMON_SPEC(&ra.c),
                             {"instance", CLI_VALUE, &ra.instance},
                             {"instance-file", CLI_VALUE, &ra.file},
                             {"K", CLI_VALUE, &ra.K},
                             {"T", CLI_VALUE, &ra.T},
                             {"seed", CLI_VALUE, &ra.seed},
                             {"budget", CLI_VALUE, &ra.budget},
                             {NULL, CLI_VALUE, NULL}};
    int rc = cli_parse(argc, argv, 2, spec, "run bwk", help, NULL, NULL);
    oco_bwk_problem *prob = NULL;
    oco_bwk *alg = NULL;
    size_t *pulls = NULL;
    double *pstar = NULL;
    round_out ro = {NULL, NULL, 0};
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(ra.c.algo, OCO_PROTOCOL_BWK, &ra.c.params, &algo)) != 0)
        goto done;
    const oco_bwk_type *type = oco_bwk_type_from_info(algo);
    uint64_t seed = 1;
    if (ra.seed && (rc = cli_parse_u64("--seed", ra.seed, 0, UINT64_MAX, &seed)) != 0)
        goto done;
    if (!ra.budget) {
        rc = cli_error(CLI_USAGE, "missing --budget B (the budget B_T, finite and >= 0)");
        goto done;
    }
    double budget;
    if ((rc = cli_parse_double("--budget", ra.budget, &budget)) != 0)
        goto done;
    if (!(budget >= 0)) {
        rc = cli_error(CLI_USAGE, "--budget must be >= 0 (got %s)", ra.budget);
        goto done;
    }
    if ((rc = make_instance(&ra, seed, &prob)) != 0)
        goto done;
    oco_rng rng;
    oco_rng_seed(&rng, seed, 2); /* the draws I_t: a stream apart from the instance's */
    oco_bwk_setup setup;
    oco_bwk_setup_from_problem(prob, &setup);
    setup.budget = budget;
    setup.rng = &rng;
    alg = oco_bwk_new(type, &setup, ra.c.params.items, ra.c.params.n);
    if (!alg) {
        rc = cli_error(oco_last_error_code() == OCO_ENOMEM ? CLI_RUNTIME : CLI_USAGE, "%s",
                       oco_last_error());
        goto done;
    }
    const size_t K = setup.K;
    pulls = calloc(K, sizeof *pulls);
    pstar = calloc(K, sizeof *pstar);
    if (!pulls || !pstar) {
        rc = cli_error(CLI_RUNTIME, "out of memory");
        goto done;
    }
    ro.K = K;
    if ((rc = open_outputs(&ra, &ro)) != 0)
        goto done;
    oco_bwk_run_opts opts = oco_bwk_run_opts_default();
    if (ro.trace || ro.dec) {
        opts.on_round = on_round;
        opts.ctx = &ro;
    }
    oco_bwk_run_result res;
    char infeasible[512] = "";
    int lrc = oco_bwk_run(alg, prob, &opts, &res, pulls, pstar);
    if (lrc == OCO_EINFEASIBLE) {
        snprintf(infeasible, sizeof infeasible, "%s", oco_last_error());
    } else if (lrc != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "round %zu: %s", res.T + 1,
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    }
    if ((rc = cli_close_out("--trace", ra.c.trace, &ro.trace)) != 0 ||
        (rc = cli_close_out("--decisions", ra.c.decisions, &ro.dec)) != 0)
        goto done;
    run_view v = {&ra, algo, alg, prob, &res, pulls, pstar,
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
    oco_bwk_free(alg);
    oco_bwk_problem_free(prob);
    free(pulls);
    free(pstar);
    cli_params_free(&ra.c.params);
    return rc;
}

/* Not offered: a live bandit stream would print I_t and read back the one
 * pulled arm's (loss, cost) per line; nothing in the issue asks for it yet,
 * so it says so instead of pretending. */
static const char *const stream_usage[] = {
    "(not available: 'oco stream bwk' is not built; use 'oco run bwk')", NULL};

static int stream_bwk(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error(CLI_USAGE, "'oco stream bwk' is not available in this build: bandits with "
                                "knapsacks run on an instance with 'oco run bwk' (see 'oco run "
                                "bwk --help')");
}

const cli_protocol cli_protocol_bwk = {
    "bwk", "bandits with knapsacks: draw an arm, see its loss and cost only; a long-term budget",
    run_bwk, stream_bwk, run_usage, stream_usage,
};
