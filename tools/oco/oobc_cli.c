/* `oco run oobc`: play a strict-budget policy (oobc.h) — or the hindsight
 * optimum, "opt" — over the episodes of a synthetic test set or an
 * instances file through the runner (oobc_runner.h), and report the utility
 * per step (mean, 95% half-width, median, quartiles), OPT's, the unused
 * budget and the count of episodes that exceeded a strict budget (seed 000,
 * olp_laau.md §2.4). Output files are written only after a complete run,
 * each to FILE.tmp and then renamed, so a failure never leaves one behind.
 * The class and data helpers here are shared with `oco train`
 * (oobc_cli_train.c). `oco stream oobc` is not offered. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/oobc_problem.h"
#include "oco/oobc_runner.h"

/* Episodes of the training sample of avg-lt and cr-pursuit without
 * --train-file: synthetic episodes [0, 5000) of the seed (the paper's
 * training-set size, §2.3). */
#define CLI_OOBC_FIT_EPISODES 5000

#define RUN_USAGE                                                                            \
    "usage: oco run oobc --algo NAME --problem fairness|multi-budget [--d D] --N N",           \
        "                    (--instances K [--seed S] [--data synthetic] | --instances-file FILE)", \
        "                    [--model FILE] [--train-file FILE] [--param key=value]...",       \
        "                    [--no-opt] [--decisions FILE] [--save-instances FILE] [--json]"
static const char *const run_usage[] = {RUN_USAGE, NULL};
static const char *const help[] = {
    RUN_USAGE,
    "",
    "Play the strict-budget policy NAME ('oco list', protocol oobc) on every",
    "episode (seed 000): budgets B in R^M are revealed, then for t = 1..N the",
    "context c_t, and the policy decides x_t in the box with the total use",
    "sum_t g(x_t, c_t) <= B held strictly. Every policy decides with the",
    "reserve-guarded budget b_t - (N - t) * reserve (section 2.3).",
    "NAME: laau, rl (need --model from 'oco train'), equal, avg-lt, cr-pursuit",
    "(fit on a training sample), dgd, mw, or opt: the hindsight optimum of each",
    "episode played as a policy (its time is OPT's).",
    "",
    "problem:",
    "  --problem P       fairness (M = d = 1, utility c log x, x in [1, 40],",
    "                    B ~ U[10N, 15N]) or multi-budget (M = 2, d >= 2: project",
    "                    design, see 'oco list')",
    "  --d D             multi-budget: decision dimension (default 4)",
    "  --N N             steps per episode (>= 1); optional with --instances-file",
    "                    (taken from its header; if given, it must match)",
    "episodes (exactly one of):",
    "  --instances K     K synthetic test episodes (diurnal sine + AR(1) stand-in",
    "                    for the cloud trace), episodes 10^9 .. 10^9+K-1 of the",
    "                    seed, so they never overlap a training set of the seed",
    "  --seed S          seed of the synthetic episodes (default 1)",
    "  --data synthetic  the only generator (default)",
    "  --instances-file F  CSV, header B,c1,...,cN (M = p = 1; multi-budget:",
    "                    B1,...,BM then c<t>_<k> t-major), one episode per row",
    "algorithm:",
    "  --algo NAME       required; --param K=V sets its parameters (repeatable)",
    "  --model FILE      laau, rl: the model of 'oco train' (its kind, problem and",
    "                    N must match this run)",
    "  --train-file F    avg-lt, cr-pursuit: the training sample (an instances file);",
    "                    default: synthetic episodes 0..4999 of the seed",
    "  --no-opt          skip the hindsight optimum of each episode",
    "                    (opt_utility_mean null)",
    "output:",
    "  --decisions FILE  one row per episode: x_1,...,x_N (%.17g); for d > 1 the",
    "                    N*d columns are t-major: x<1>_<1>,...,x<1>_<d>,x<2>_<1>,...",
    "                    (no header)",
    "  --save-instances F  the episodes played, as an instances file",
    "  --json            one JSON object: problem, algo, params, N, d, M, instances,",
    "                    seed, data (label), utility_mean, utility_ci95",
    "                    (1.96 sd/sqrt(n)), utility_median, utility_p25, utility_p75,",
    "                    opt_utility_mean, remaining_fraction_mean (mean of",
    "                    b_{N+1,m}/B_m), budget_exceeded (episodes whose use exceeds",
    "                    B by > 1e-9 relative; must be 0), seconds (the policy only),",
    "                    steps_per_second, opt_seconds, and model for laau and rl",
    "Utility per step of an episode: -(1/N) sum_t l(x_t, c_t) (fairness:",
    "(1/N) sum_t c_t log x_t).",
    "",
    "exit status: 0 ok, 1 bad instances/model file, I/O or solver failure, 2 usage",
    "error. On any error no output file is written.",
    NULL,
};

/* ---- shared with oco train ------------------------------------------------- */
int cli_oobc_class(const char *problem, const char *d_opt, oco_oobc_class **out)
{
    if (!problem)
        return cli_error(CLI_USAGE, "missing --problem P (%s)", oco_oobc_class_names());
    oco_oobc_class_opts co = oco_oobc_class_opts_default();
    if (d_opt) {
        if (strcmp(problem, "multi-budget") != 0)
            return cli_error(CLI_USAGE, "--d applies to --problem multi-budget only (%s has "
                                        "d = 1)",
                             problem);
        int rc = cli_parse_size("--d", d_opt, 2, &co.d);
        if (rc)
            return rc;
    }
    *out = oco_oobc_class_new(problem, &co);
    if (!*out)
        return cli_error(CLI_USAGE, "--problem: %s", oco_last_error());
    return 0;
}

int cli_oobc_read_file(const char *opt, const char *path, const oco_oobc_class *cls, size_t N,
                       oco_oobc_data **out)
{
    *out = oco_oobc_data_read_csv(path, cls);
    if (!*out)
        return cli_error(CLI_RUNTIME, "%s: %s", opt, oco_last_error());
    if (oco_oobc_data_check(*out, cls, 0) != OCO_OK) {
        oco_oobc_data_free(*out);
        *out = NULL;
        return cli_error(CLI_RUNTIME, "%s: %s: %s", opt, path, oco_last_error());
    }
    if (N && (*out)->N != N) {
        const size_t fN = (*out)->N;
        oco_oobc_data_free(*out);
        *out = NULL;
        return cli_error(CLI_RUNTIME, "%s: %s has N = %zu steps per episode, this run --N %zu",
                         opt, path, fN, N);
    }
    if ((*out)->n == 0) {
        oco_oobc_data_free(*out);
        *out = NULL;
        return cli_error(CLI_RUNTIME, "%s: %s holds no episode", opt, path);
    }
    return 0;
}

int cli_oobc_synthetic(const oco_oobc_class *cls, size_t N, size_t n, uint64_t seed,
                       uint64_t first, oco_oobc_data **out)
{
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    so.first = first;
    *out = oco_oobc_data_synthetic(cls, N, n, seed, &so);
    if (!*out)
        return cli_error(CLI_RUNTIME, "synthetic episodes: %s", oco_last_error());
    return 0;
}

int cli_oobc_commit(const char *opt, const char *tmp, const char *path)
{
    if (rename(tmp, path) != 0) {
        const int e = errno;
        remove(tmp);
        return cli_error(CLI_RUNTIME, "%s: cannot write '%s': %s", opt, path, strerror(e));
    }
    return 0;
}

/* ---- oco run oobc ------------------------------------------------------------- */
/* "opt" is the runner's hindsight mode, not a registry entry; this
 * descriptor only names it in the reports. */
static const oco_algo_info opt_info = {
    "opt", OCO_PROTOCOL_OOBC, "the hindsight optimum of each episode",
    "seed 000 section 6 (OPT)", "", NULL, 0, 0,
};

typedef struct run_args {
    const char *algo, *decisions, *problem, *d, *N, *instances, *seed, *data, *file, *model,
        *train_file, *save;
    int json, no_opt;
    cli_params params;
} run_args;

/* The test episodes. */
static int make_data(const run_args *ra, const oco_oobc_class *cls, size_t *N, uint64_t seed,
                     oco_oobc_data **out)
{
    int rc;
    if (!!ra->instances == !!ra->file)
        return cli_error(CLI_USAGE, ra->file ? "give either --instances K or --instances-file "
                                               "FILE, not both"
                                             : "no episodes: give --instances K (synthetic) or "
                                               "--instances-file FILE");
    if (ra->file) {
        if (ra->data)
            return cli_error(CLI_USAGE, "--data applies to --instances K only");
        if ((rc = cli_oobc_read_file("--instances-file", ra->file, cls, *N, out)) != 0)
            return rc;
        *N = (*out)->N;
        return 0;
    }
    if (ra->data && strcmp(ra->data, "synthetic") != 0)
        return cli_error(CLI_USAGE, "--data: unknown generator '%s' (known: synthetic; a file: "
                                    "--instances-file FILE)",
                         ra->data);
    if (!*N)
        return cli_error(CLI_USAGE, "missing --N N (steps per episode, >= 1)");
    size_t K;
    if ((rc = cli_parse_size("--instances", ra->instances, 1, &K)) != 0)
        return rc;
    return cli_oobc_synthetic(cls, *N, K, seed, OCO_OOBC_TEST_FIRST, out);
}

/* laau, rl: the model, refused unless it is of this kind, class and N. */
static int load_model(const run_args *ra, const oco_oobc_type *type, const oco_oobc_class *cls,
                      size_t N, oco_oobc_model **out)
{
    const oco_oobc_model_kind kind = strcmp(type->info.name, "rl") == 0 ? OCO_OOBC_MODEL_RL
                                                                       : OCO_OOBC_MODEL_LAAU;
    if (!ra->model)
        return cli_error(CLI_USAGE, "--algo %s needs --model FILE (train one with 'oco train "
                                    "%s --problem %s --N %zu --model FILE')",
                         type->info.name, oco_oobc_model_kind_name(kind), cls->name, N);
    *out = oco_oobc_model_load(ra->model);
    if (!*out)
        return cli_error(CLI_RUNTIME, "--model: %s", oco_last_error());
    if (oco_oobc_model_matches(*out, kind, cls, N) != OCO_OK) {
        const char *k = oco_oobc_model_kind_name(oco_oobc_model_get_kind(*out));
        return cli_error(CLI_RUNTIME,
                         "--model %s is a model of kind %s for %s with N = %zu; this run "
                         "needs kind %s for %s with N = %zu (%s)",
                         ra->model, k ? k : "?", oco_oobc_model_problem(*out),
                         oco_oobc_model_N(*out), oco_oobc_model_kind_name(kind), cls->name, N,
                         oco_last_error());
    }
    return 0;
}

/* avg-lt, cr-pursuit: the training sample. */
static int load_train(const run_args *ra, const oco_oobc_class *cls, size_t N, uint64_t seed,
                      oco_oobc_data **out)
{
    if (ra->train_file)
        return cli_oobc_read_file("--train-file", ra->train_file, cls, N, out);
    return cli_oobc_synthetic(cls, N, CLI_OOBC_FIT_EPISODES, seed, 0, out);
}

static int write_decisions(const char *tmp, const double *x, size_t n, size_t N, size_t d)
{
    FILE *f = cli_open_out("--decisions", tmp);
    if (!f)
        return CLI_RUNTIME;
    for (size_t i = 0; i < n; ++i) {
        const double *xi = x + i * N * d;
        for (size_t k = 0; k < N * d; ++k)
            fprintf(f, k ? ",%.17g" : "%.17g", xi[k]);
        fputc('\n', f);
    }
    int rc = cli_close_out("--decisions", tmp, &f);
    if (rc)
        remove(tmp);
    return rc;
}

/* Both output files to FILE.tmp first, renamed only when both are written. */
static int write_outputs(const run_args *ra, const oco_oobc_data *data, const double *x,
                         size_t d)
{
    char *dtmp = NULL, *stmp = NULL;
    int rc = 0;
    if (ra->decisions && !(dtmp = malloc(strlen(ra->decisions) + 5)))
        return cli_error(CLI_RUNTIME, "out of memory");
    if (ra->save && !(stmp = malloc(strlen(ra->save) + 5))) {
        free(dtmp);
        return cli_error(CLI_RUNTIME, "out of memory");
    }
    if (dtmp) {
        sprintf(dtmp, "%s.tmp", ra->decisions);
        rc = write_decisions(dtmp, x, data->n, data->N, d);
    }
    if (!rc && stmp) {
        sprintf(stmp, "%s.tmp", ra->save);
        if (oco_oobc_data_write_csv(data, stmp) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "--save-instances: %s", oco_last_error());
            remove(stmp);
        }
    }
    if (rc && dtmp)
        remove(dtmp);
    if (!rc && dtmp)
        rc = cli_oobc_commit("--decisions", dtmp, ra->decisions);
    if (!rc && stmp)
        rc = cli_oobc_commit("--save-instances", stmp, ra->save);
    else if (stmp)
        remove(stmp);
    free(dtmp);
    free(stmp);
    return rc;
}

typedef struct run_view {
    const run_args *ra;
    const oco_algo_info *algo;
    const oco_oobc_class *cls;
    const oco_oobc_data *data;
    const oco_oobc_run_result *res;
    uint64_t seed;
} run_view;

static int emit_json(const run_view *v)
{
    const oco_oobc_run_result *r = v->res;
    json_t *o = json_object(), *p = json_object();
    for (size_t k = 0; k < v->ra->params.n; ++k)
        json_object_set_new(p, v->ra->params.items[k].key,
                            cli_jnum(v->ra->params.items[k].value));
    json_object_set_new(o, "problem", json_string(v->cls->name));
    json_object_set_new(o, "algo", json_string(v->algo->name));
    json_object_set_new(o, "params", p);
    json_object_set_new(o, "N", json_integer((json_int_t)v->data->N));
    json_object_set_new(o, "d", json_integer((json_int_t)v->cls->d));
    json_object_set_new(o, "M", json_integer((json_int_t)v->cls->M));
    json_object_set_new(o, "instances", json_integer((json_int_t)r->n));
    json_object_set_new(o, "instances_file", v->ra->file ? json_string(v->ra->file) : json_null());
    json_object_set_new(o, "seed", json_integer((json_int_t)v->seed));
    json_object_set_new(o, "data", json_string(v->data->label));
    if (v->ra->model)
        json_object_set_new(o, "model", json_string(v->ra->model));
    json_object_set_new(o, "utility_mean", cli_jnum(r->utility_mean));
    json_object_set_new(o, "utility_ci95", cli_jnum(r->utility_ci95));
    json_object_set_new(o, "utility_median", cli_jnum(r->utility_median));
    json_object_set_new(o, "utility_p25", cli_jnum(r->utility_p25));
    json_object_set_new(o, "utility_p75", cli_jnum(r->utility_p75));
    json_object_set_new(o, "opt_utility_mean", cli_jnum(r->opt_utility_mean));
    json_object_set_new(o, "remaining_fraction_mean", cli_jnum(r->remaining_fraction_mean));
    json_object_set_new(o, "budget_exceeded", json_integer((json_int_t)r->budget_exceeded));
    json_object_set_new(o, "seconds", cli_jnum(r->seconds));
    json_object_set_new(o, "steps_per_second", cli_jnum(r->steps_per_second));
    json_object_set_new(o, "opt_seconds", isnan(r->opt_utility_mean) ? json_null()
                                                                       : cli_jnum(r->opt_seconds));
    return cli_json_print(o);
}

static int emit_text(const run_view *v)
{
    const oco_oobc_run_result *r = v->res;
    printf("problem     %s (d = %zu, M = %zu), N = %zu\n", v->cls->name, v->cls->d, v->cls->M,
           v->data->N);
    printf("episodes    %zu: %s\n", r->n, v->data->label);
    cli_print_algo(v->algo, &v->ra->params);
    if (v->ra->model)
        printf(", model %s", v->ra->model);
    printf("\n\nutility     %.10g +- %.3g (95%%) per step; median %.10g, quartiles [%.6g, "
           "%.6g]\n",
           r->utility_mean, r->utility_ci95, r->utility_median, r->utility_p25, r->utility_p75);
    if (!isnan(r->opt_utility_mean))
        printf("opt         %.10g per step (gap %.4g)\n", r->opt_utility_mean,
               r->opt_utility_mean - r->utility_mean);
    printf("unused      %.4g of the budget (mean over episodes and resources)\n",
           r->remaining_fraction_mean);
    printf("exceeded    %zu episodes over a strict budget\n", r->budget_exceeded);
    printf("time        %.6g s (%.4g steps/s)", r->seconds, r->steps_per_second);
    if (!isnan(r->opt_utility_mean))
        printf(", opt %.3g s", r->opt_seconds);
    printf("\n");
    return fflush(stdout) != 0 ? cli_error(CLI_RUNTIME, "cannot write to stdout") : CLI_OK;
}

/* The policy (NULL for opt) with its model or training sample. */
typedef struct run_objs {
    oco_oobc_class *cls;
    oco_oobc_data *data, *train;
    oco_oobc_model *model;
    oco_oobc *pol;
    double *x;
} run_objs;

static int make_policy(const run_args *ra, const oco_algo_info *algo, size_t N, uint64_t seed,
                       run_objs *ob)
{
    int rc;
    const oco_oobc_type *type = oco_oobc_type_from_info(algo);
    if (!type)
        return cli_error(CLI_USAGE, "--algo: %s", oco_last_error());
    if (ra->model && !(type->needs & OCO_OOBC_NEEDS_MODEL))
        return cli_error(CLI_USAGE, "--model applies to laau and rl only (not %s)", algo->name);
    if (ra->train_file && !(type->needs & OCO_OOBC_NEEDS_TRAIN))
        return cli_error(CLI_USAGE, "--train-file applies to avg-lt and cr-pursuit only (not %s)",
                         algo->name);
    if ((type->needs & OCO_OOBC_SINGLE_BUDGET) && (ob->cls->M != 1 || ob->cls->d != 1))
        return cli_error(CLI_USAGE, "--algo %s is defined for one resource and a scalar "
                                    "decision (fairness); --problem %s has M = %zu, d = %zu",
                         algo->name, ob->cls->name, ob->cls->M, ob->cls->d);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = ob->cls;
    s.N = N;
    if ((type->needs & OCO_OOBC_NEEDS_MODEL) &&
        (rc = load_model(ra, type, ob->cls, N, &ob->model)) != 0)
        return rc;
    if ((type->needs & OCO_OOBC_NEEDS_TRAIN) &&
        (rc = load_train(ra, ob->cls, N, seed, &ob->train)) != 0)
        return rc;
    s.model = ob->model;
    s.train = ob->train;
    if (oco_oobc_check(type, &s, ra->params.items, ra->params.n) != OCO_OK)
        return cli_error(CLI_USAGE, "%s", oco_last_error());
    if (!(ob->pol = oco_oobc_new(type, &s, ra->params.items, ra->params.n)))
        return cli_error(CLI_RUNTIME, "%s", oco_last_error());
    return 0;
}

static int run_oobc(int argc, char **argv)
{
    run_args ra;
    memset(&ra, 0, sizeof ra);
    const cli_spec spec[] = {{"algo", CLI_VALUE, &ra.algo},
                             {"param", CLI_PARAM, &ra.params},
                             {"decisions", CLI_VALUE, &ra.decisions},
                             {"json", CLI_FLAG, &ra.json},
                             {"problem", CLI_VALUE, &ra.problem},
                             {"d", CLI_VALUE, &ra.d},
                             {"N", CLI_VALUE, &ra.N},
                             {"instances", CLI_VALUE, &ra.instances},
                             {"seed", CLI_VALUE, &ra.seed},
                             {"data", CLI_VALUE, &ra.data},
                             {"instances-file", CLI_VALUE, &ra.file},
                             {"model", CLI_VALUE, &ra.model},
                             {"train-file", CLI_VALUE, &ra.train_file},
                             {"save-instances", CLI_VALUE, &ra.save},
                             {"no-opt", CLI_FLAG, &ra.no_opt},
                             {NULL, CLI_VALUE, NULL}};
    run_objs ob;
    memset(&ob, 0, sizeof ob);
    int rc = cli_parse(argc, argv, 2, spec, "run oobc", help, NULL, NULL);
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_algo_info *algo = &opt_info;
    const int is_opt = ra.algo && strcmp(ra.algo, "opt") == 0;
    if (is_opt) {
        if (ra.params.n) {
            rc = cli_error(CLI_USAGE, "--param: opt (the hindsight optimum) has no parameters");
            goto done;
        }
        if (ra.model || ra.train_file) {
            rc = cli_error(CLI_USAGE, "--%s does not apply to opt",
                           ra.model ? "model" : "train-file");
            goto done;
        }
    } else if ((rc = cli_algo(ra.algo, OCO_PROTOCOL_OOBC, &ra.params, &algo)) != 0) {
        goto done;
    }
    uint64_t seed = 1;
    size_t N = 0;
    if ((ra.seed && (rc = cli_parse_u64("--seed", ra.seed, 0, UINT64_MAX, &seed)) != 0) ||
        (ra.N && (rc = cli_parse_size("--N", ra.N, 1, &N)) != 0) ||
        (rc = cli_oobc_class(ra.problem, ra.d, &ob.cls)) != 0 ||
        (rc = make_data(&ra, ob.cls, &N, seed, &ob.data)) != 0)
        goto done;
    if (!is_opt && (rc = make_policy(&ra, algo, N, seed, &ob)) != 0)
        goto done;
    const size_t n = ob.data->n, d = ob.cls->d;
    if (ra.decisions && !(ob.x = malloc(n * N * d * sizeof *ob.x))) {
        rc = cli_error(CLI_RUNTIME, "out of memory (decisions of %zu episodes)", n);
        goto done;
    }
    oco_oobc_run_opts o = oco_oobc_run_opts_default();
    o.with_opt = !ra.no_opt;
    o.decisions = ob.x;
    oco_oobc_run_result res;
    memset(&res, 0, sizeof res);
    if (oco_oobc_run(ob.pol, ob.cls, ob.data, &o, &res) != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "%s", oco_last_error());
        goto done;
    }
    if ((rc = write_outputs(&ra, ob.data, ob.x, d)) != 0)
        goto done;
    run_view v = {&ra, algo, ob.cls, ob.data, &res, seed};
    rc = ra.json ? emit_json(&v) : emit_text(&v);
done:
    oco_oobc_free(ob.pol);
    oco_oobc_model_free(ob.model);
    oco_oobc_data_free(ob.train);
    oco_oobc_data_free(ob.data);
    oco_oobc_class_free(ob.cls);
    free(ob.x);
    cli_params_free(&ra.params);
    return rc;
}

static const char *const stream_usage[] = {
    "(not available: 'oco stream oobc' is not built; use 'oco run oobc')", NULL};

static int stream_oobc(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error(CLI_USAGE, "'oco stream oobc' is not available in this build: strict-budget "
                                "episodes run with 'oco run oobc' (see 'oco run oobc --help')");
}

const cli_protocol cli_protocol_oobc = {
    "oobc", "strict budgets over short episodes (seed 000, LAAU); 'oco train' fits a model",
    run_oobc, stream_oobc, run_usage, stream_usage,
};
