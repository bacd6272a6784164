/* `oco run olp`: play an allocation policy on one instance (generated or read
 * from a CSV file) with the runner, solve the hindsight optimum, report. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

static const char *const help[] = {
    "usage: oco run olp --algo NAME (--gen TYPE --m M --T T [--seed S] |",
    "                                --orders FILE --budget b1,...,bm)",
    "                   [--param key=value]... [--hard-budget] [--opt METHOD]",
    "                   [--decisions FILE] [--trace FILE] [--save-orders FILE] [--json]",
    "       oco run oco --algo NAME (--loss KIND --d D --T T [--seed S] | --gradients FILE)",
    "                   [--domain SPEC] [--param key=value]... [--json] ('oco run oco --help')",
    "",
    "Play the online LP (allocation) policy NAME ('oco list') on T orders, compute the",
    "hindsight LP optimum max c.x s.t. Ax <= b, 0 <= x <= 1, and report reward, opt,",
    "regret = opt - reward, violation = ||(Ax - b)_+||_2, remaining budget, time.",
    "",
    "instance (exactly one of):",
    "  --gen TYPE        generator type 1..10 (olp_laau.md 1.10; 'oco list'), with",
    "  --m M             number of resources (>= 1; types 4 and 7 need m = 1)",
    "  --T T             number of orders (>= 1)",
    "  --seed S          instance seed (default 1); the instance is drawn from",
    "                    oco_rng_seed(seed, stream 0)",
    "  --orders FILE     CSV file with header c,a1,...,am and one order per line",
    "  --budget B        total budget b1,...,bm (m numbers >= 0) for --orders",
    "policy:",
    "  --algo NAME       algorithm (required), e.g. dual-subgradient",
    "  --param K=V       set a parameter of the algorithm (repeatable; 'oco list')",
    "  --hard-budget     refuse an order that does not fit the remaining budget",
    "                    (default: soft budgets as in the paper, violation measured)",
    "output:",
    "  --opt METHOD      auto (default: closed form for m = 1, CLP when feasible, else",
    "                    a certified upper bound), closed-form, clp, dual-bound, none",
    "  --decisions FILE  write each decision x_t (0 or 1), one per line, in order",
    "  --trace FILE      per-round CSV: t,c,x,remaining_1..m[,y_1..m] (y: dual price)",
    "  --save-orders F   write the instance's orders as CSV (header c,a1,...,am), the",
    "                    format of --orders; with --gen, the budget is printed by --json",
    "  --json            print exactly one JSON object on stdout with the keys",
    "                    problem, algo, T, m, seed (null for --orders), reward, opt,",
    "                    opt_kind (\"exact\"|\"upper_bound\"), opt_method, opt_seconds,",
    "                    regret, violation, remaining (array of m), accepted, seconds,",
    "                    decisions_per_second, hard_budget, params, budget, orders",
    "                    (opt, opt_kind, regret are null with --opt none)",
    "",
    "exit status: 0 ok, 1 bad orders file / I/O or solver failure, 2 usage error.",
    NULL,
};

typedef struct trace_ctx {
    FILE *f;
    size_t m, t;
    int header;
} trace_ctx;

static int trace_round(void *vctx, size_t t, double c, const double *a, int x,
                       const double *remaining, const double *dual)
{
    (void)t;
    (void)a;
    trace_ctx *tc = vctx;
    if (!tc->header) {
        fputs("t,c,x", tc->f);
        for (size_t i = 0; i < tc->m; ++i)
            fprintf(tc->f, ",remaining_%zu", i + 1);
        for (size_t i = 0; dual && i < tc->m; ++i)
            fprintf(tc->f, ",y_%zu", i + 1);
        fputc('\n', tc->f);
        tc->header = 1;
    }
    fprintf(tc->f, "%zu,%.17g,%d", ++tc->t, c, x);
    for (size_t i = 0; i < tc->m; ++i)
        fprintf(tc->f, ",%.17g", remaining[i]);
    for (size_t i = 0; dual && i < tc->m; ++i)
        fprintf(tc->f, ",%.17g", dual[i]);
    fputc('\n', tc->f);
    return ferror(tc->f) ? OCO_EIO : 0;
}

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

typedef struct run_args {
    const char *algo, *gen, *m, *T, *seed, *orders, *budget, *decisions, *trace, *opt, *save;
    int hard, json;
    cli_params params;
} run_args;

static int parse_args(int argc, char **argv, run_args *ra)
{
    const cli_spec spec[] = {{"algo", CLI_VALUE, &ra->algo},
                             {"gen", CLI_VALUE, &ra->gen},
                             {"m", CLI_VALUE, &ra->m},
                             {"T", CLI_VALUE, &ra->T},
                             {"seed", CLI_VALUE, &ra->seed},
                             {"orders", CLI_VALUE, &ra->orders},
                             {"budget", CLI_VALUE, &ra->budget},
                             {"decisions", CLI_VALUE, &ra->decisions},
                             {"trace", CLI_VALUE, &ra->trace},
                             {"opt", CLI_VALUE, &ra->opt},
                             {"save-orders", CLI_VALUE, &ra->save},
                             {"param", CLI_PARAM, &ra->params},
                             {"json", CLI_FLAG, &ra->json},
                             {"hard-budget", CLI_FLAG, &ra->hard},
                             {NULL, CLI_VALUE, NULL}};
    return cli_parse(argc, argv, 2, spec, "run", help, NULL, NULL);
}

static int write_decisions(const char *path, const unsigned char *x, size_t T)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return cli_error(CLI_RUNTIME, "--decisions: cannot write '%s': %s", path, strerror(errno));
    for (size_t t = 0; t < T; ++t) {
        fputc(x[t] ? '1' : '0', f);
        fputc('\n', f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cli_error(CLI_RUNTIME, "--decisions: error writing '%s'", path);
    return 0;
}

static int save_orders(const char *path, const oco_olp_instance *inst)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return cli_error(CLI_RUNTIME, "--save-orders: cannot write '%s': %s", path,
                         strerror(errno));
    fputc('c', f);
    for (size_t i = 0; i < inst->m; ++i)
        fprintf(f, ",a%zu", i + 1);
    fputc('\n', f);
    for (size_t t = 0; t < inst->T; ++t) {
        fprintf(f, "%.17g", inst->c[t]);
        for (size_t i = 0; i < inst->m; ++i)
            fprintf(f, ",%.17g", inst->a[t * inst->m + i]);
        fputc('\n', f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cli_error(CLI_RUNTIME, "--save-orders: error writing '%s'", path);
    return 0;
}

static int parse_opt_method(const char *s, oco_olp_opt_method *m, int *none)
{
    *none = 0;
    if (!s || strcmp(s, "auto") == 0)
        *m = OCO_OLP_OPT_AUTO;
    else if (strcmp(s, "closed-form") == 0)
        *m = OCO_OLP_OPT_CLOSED_FORM;
    else if (strcmp(s, "clp") == 0)
        *m = OCO_OLP_OPT_CLP;
    else if (strcmp(s, "dual-bound") == 0)
        *m = OCO_OLP_OPT_DUAL_BOUND;
    else if (strcmp(s, "none") == 0)
        *none = 1;
    else
        return cli_error(CLI_USAGE,
                         "--opt: unknown method '%s' (auto, closed-form, clp, dual-bound, none)", s);
    return 0;
}

/* Build the instance from --gen or --orders; prints the error itself. */
static int make_instance(const run_args *ra, oco_olp_instance **out, uint64_t *seed, int *gen_type)
{
    if (ra->gen && ra->orders)
        return cli_error(CLI_USAGE, "give either --gen or --orders, not both");
    if (!ra->gen && !ra->orders)
        return cli_error(CLI_USAGE, "no instance: give --gen TYPE --m M --T T or --orders FILE "
                                    "--budget b1,...,bm");
    if (ra->gen) {
        uint64_t type;
        size_t m, T;
        if (ra->budget)
            return cli_error(CLI_USAGE, "--budget applies to --orders only (a generator draws b)");
        if (!ra->m || !ra->T)
            return cli_error(CLI_USAGE, "--gen needs --m M and --T T");
        if (cli_parse_u64("--gen", ra->gen, 1, OCO_OLP_NTYPES, &type) ||
            cli_parse_size("--m", ra->m, 1, &m) || cli_parse_size("--T", ra->T, 1, &T))
            return CLI_USAGE;
        *seed = 1;
        if (ra->seed && cli_parse_u64("--seed", ra->seed, 0, UINT64_MAX, seed))
            return CLI_USAGE;
        *gen_type = (int)type;
        oco_rng rng;
        oco_rng_seed(&rng, *seed, 0);
        *out = oco_olp_generate((int)type, m, T, &rng);
        if (!*out)
            return cli_error(oco_last_error_code() == OCO_ENOMEM ? CLI_RUNTIME : CLI_USAGE,
                             "--gen %d: %s", (int)type, oco_last_error());
        return 0;
    }
    if (ra->m || ra->T || ra->seed)
        return cli_error(CLI_USAGE, "--m, --T and --seed apply to --gen only (--orders gives "
                                    "them from the file)");
    if (!ra->budget)
        return cli_error(CLI_USAGE, "--orders needs --budget b1,...,bm");
    double *b = NULL;
    size_t nb = 0;
    if (cli_parse_budget("--budget", ra->budget, &b, &nb))
        return CLI_USAGE;
    *out = oco_olp_read_csv(ra->orders, b, nb);
    free(b);
    if (!*out)
        return cli_error(CLI_RUNTIME, "%s", oco_last_error());
    return 0;
}

static int emit(const run_args *ra, const oco_olp_policy_type *type, const oco_olp_instance *inst,
                uint64_t seed, int gen_type, const oco_olp_metrics *met, const double *remaining, int have_opt,
                const oco_olp_opt *opt)
{
    size_t m = inst->m;
    char problem[32];
    if (ra->gen)
        snprintf(problem, sizeof problem, "type%d", gen_type);
    else
        snprintf(problem, sizeof problem, "csv");
    double regret = have_opt ? opt->value - met->reward : NAN;
    if (ra->json) {
        json_t *o = json_object(), *rem = json_array(), *bud = json_array(),
               *params = json_object();
        for (size_t i = 0; i < m; ++i) {
            json_array_append_new(rem, jnum(remaining[i]));
            json_array_append_new(bud, jnum(inst->b[i]));
        }
        for (size_t k = 0; k < ra->params.n; ++k)
            json_object_set_new(params, ra->params.items[k].key, jnum(ra->params.items[k].value));
        json_object_set_new(o, "problem", json_string(problem));
        json_object_set_new(o, "orders", ra->orders ? json_string(ra->orders) : json_null());
        json_object_set_new(o, "algo", json_string(type->info.name));
        json_object_set_new(o, "T", json_integer((json_int_t)inst->T));
        json_object_set_new(o, "m", json_integer((json_int_t)m));
        json_object_set_new(o, "seed", ra->gen ? json_integer((json_int_t)seed) : json_null());
        json_object_set_new(o, "hard_budget", json_boolean(ra->hard));
        json_object_set_new(o, "params", params);
        json_object_set_new(o, "budget", bud);
        json_object_set_new(o, "reward", jnum(met->reward));
        json_object_set_new(o, "opt", have_opt ? jnum(opt->value) : json_null());
        json_object_set_new(o, "opt_kind",
                            have_opt ? json_string(opt->kind == OCO_OPT_EXACT ? "exact"
                                                                              : "upper_bound")
                                     : json_null());
        json_object_set_new(o, "opt_method",
                            have_opt && opt->method ? json_string(opt->method) : json_null());
        json_object_set_new(o, "opt_seconds", have_opt ? jnum(opt->seconds) : json_null());
        json_object_set_new(o, "regret", jnum(regret));
        json_object_set_new(o, "violation", jnum(met->violation));
        json_object_set_new(o, "remaining", rem);
        json_object_set_new(o, "accepted", json_integer((json_int_t)met->accepted));
        json_object_set_new(o, "seconds", jnum(met->seconds));
        json_object_set_new(o, "decisions_per_second", jnum(met->decisions_per_second));
        int rc = json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
        json_decref(o);
        putchar('\n');
        if (rc != 0)
            return cli_error(CLI_RUNTIME, "cannot write to stdout");
    } else {
        printf("problem     %s", problem);
        if (ra->gen)
            printf(" (m = %zu, T = %zu, seed %llu)\n", m, inst->T, (unsigned long long)seed);
        else
            printf(" %s (m = %zu, T = %zu)\n", ra->orders, m, inst->T);
        printf("algorithm   %s", type->info.name);
        for (size_t k = 0; k < ra->params.n; ++k)
            printf("%s%s=%.17g", k ? ", " : " (", ra->params.items[k].key,
                   ra->params.items[k].value);
        printf("%s, %s budgets\n", ra->params.n ? ")" : "", ra->hard ? "hard" : "soft");
        printf("reward      %.17g\n", met->reward);
        if (have_opt) {
            printf("opt         %.17g (%s, %s, %.3g s)\n", opt->value,
                   opt->kind == OCO_OPT_EXACT ? "exact" : "upper bound", opt->method,
                   opt->seconds);
            printf("regret      %.17g%s\n", regret,
                   opt->kind == OCO_OPT_EXACT ? "" : " (against an upper bound: over-estimate)");
        }
        printf("violation   %.17g\n", met->violation);
        printf("accepted    %zu of %zu\n", met->accepted, inst->T);
        printf("remaining  ");
        for (size_t i = 0; i < m; ++i)
            printf(" %.17g", remaining[i]);
        printf("\ntime        %.6g s (%.4g decisions/s)\n", met->seconds,
               met->decisions_per_second);
    }
    if (fflush(stdout) != 0)
        return cli_error(CLI_RUNTIME, "cannot write to stdout");
    return CLI_OK;
}

int cmd_run(int argc, char **argv)
{
    if (argc < 2)
        return cli_error(CLI_USAGE,
                         "missing protocol: 'oco run olp ...' or 'oco run oco ...' (see 'oco run "
                         "--help')");
    if (cli_is_help(argv[1])) {
        cli_print_lines(stdout, help);
        return CLI_OK;
    }
    if (strcmp(argv[1], "oco") == 0)
        return cmd_run_oco(argc, argv);
    if (strcmp(argv[1], "olp") != 0)
        return cli_error(CLI_USAGE, "unknown protocol '%s' for 'oco run' (known: olp, oco)",
                         argv[1]);

    run_args ra;
    memset(&ra, 0, sizeof ra);
    int rc = parse_args(argc, argv, &ra);
    oco_olp_instance *inst = NULL;
    unsigned char *decisions = NULL;
    double *remaining = NULL;
    trace_ctx tc = {NULL, 0, 0, 0};
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    if (!ra.algo) {
        rc = cli_error(CLI_USAGE, "missing --algo NAME (see 'oco list')");
        goto done;
    }
    const oco_olp_policy_type *type = oco_olp_policy_find(ra.algo);
    if (!type) {
        rc = cli_error(CLI_USAGE, "--algo: %s", oco_last_error());
        goto done;
    }
    if (oco_algo_check_params(&type->info, ra.params.items, ra.params.n)) {
        rc = cli_error(CLI_USAGE, "--param: %s", oco_last_error());
        goto done;
    }
    oco_olp_opt_method method = OCO_OLP_OPT_AUTO;
    int no_opt = 0;
    if ((rc = parse_opt_method(ra.opt, &method, &no_opt)) != 0)
        goto done;
    uint64_t seed = 0;
    int gen_type = 0;
    if ((rc = make_instance(&ra, &inst, &seed, &gen_type)) != 0)
        goto done;

    if (ra.save && (rc = save_orders(ra.save, inst)) != 0)
        goto done;
    decisions = malloc(inst->T);
    remaining = malloc(inst->m * sizeof *remaining);
    if (!decisions || !remaining) {
        rc = cli_error(CLI_RUNTIME, "out of memory for T = %zu", inst->T);
        goto done;
    }
    oco_olp_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.session.hard_budget = ra.hard;
    if (ra.trace) {
        tc.f = fopen(ra.trace, "w");
        tc.m = inst->m;
        if (!tc.f) {
            rc = cli_error(CLI_RUNTIME, "--trace: cannot write '%s': %s", ra.trace,
                           strerror(errno));
            goto done;
        }
        ro.on_round = trace_round;
        ro.ctx = &tc;
    }
    oco_olp_metrics met;
    int lrc = oco_olp_run(type, ra.params.items, ra.params.n, inst, &ro, decisions, remaining, &met);
    if (lrc != OCO_OK) {
        rc = cli_error(lrc == OCO_EINVAL ? CLI_USAGE : CLI_RUNTIME, "%s",
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    }
    if (tc.f) {
        int bad = ferror(tc.f);
        if (fclose(tc.f) != 0 || bad) {
            tc.f = NULL;
            rc = cli_error(CLI_RUNTIME, "--trace: error writing '%s'", ra.trace);
            goto done;
        }
        tc.f = NULL;
    }
    oco_olp_opt opt;
    memset(&opt, 0, sizeof opt);
    if (!no_opt) {
        oco_olp_opt_opts oo = oco_olp_opt_opts_default();
        oo.method = method;
        lrc = oco_olp_opt_solve(inst, &oo, &opt, NULL);
        if (lrc != OCO_OK) {
            rc = cli_error(lrc == OCO_EINVAL ? CLI_USAGE : CLI_RUNTIME, "opt: %s",
                           oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
            goto done;
        }
    }
    if (ra.decisions && (rc = write_decisions(ra.decisions, decisions, inst->T)) != 0)
        goto done;
    rc = emit(&ra, type, inst, seed, gen_type, &met, remaining, !no_opt, &opt);
done:
    if (tc.f)
        fclose(tc.f);
    free(decisions);
    free(remaining);
    oco_olp_instance_free(inst);
    cli_params_free(&ra.params);
    return rc;
}
