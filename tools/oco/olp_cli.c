/* The olp protocol's CLI (alloc.h): `oco run olp` plays an allocation policy
 * on one instance (generated or read from a CSV file) with the runner, solves
 * the hindsight optimum and reports; `oco stream olp` decides live, one order
 * per stdin line, with the same session, so both make the same decisions. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

/* --zero-violation, --zero-violation-k: the session's add-on (alloc.h). */
#define ZV_HELP                                                                             \
    "  --zero-violation  the zero-violation add-on (olp_laau.md 1.9) around the policy:",    \
        "                    for each resource i, reject the first ceil((2k/d_min) T^(1/3))",   \
        "                    orders with a_i > d_min/2 that the policy (and the budget rule)",   \
        "                    would accept, d_min = min_i b_i/T; the policy's price moves as",   \
        "                    if they had been accepted",                                       \
        "  --zero-violation-k K  its constant k (> 0; default 3; implies --zero-violation)"

#define RUN_USAGE                                                                          \
    "usage: oco run olp --algo NAME (--gen TYPE --m M --T T [--seed S] |",                   \
        "                                --orders FILE --budget b1,...,bm)",                 \
        "                   [--param key=value]... [--hard-budget] [--opt METHOD]",           \
        "                   [--zero-violation] [--zero-violation-k K]",                         \
        "                   [--decisions FILE] [--trace FILE] [--save-orders FILE] [--json]"
static const char *const run_usage[] = {RUN_USAGE, NULL};
static const char *const help[] = {
    RUN_USAGE,
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
    ZV_HELP,
    "output:",
    "  --opt METHOD      auto (default: closed form for m = 1, CLP when feasible, else",
    "                    a certified upper bound), closed-form, clp, dual-bound, none",
    "  --decisions FILE  write each decision x_t (0 or 1), one per line, in order",
    "  --trace FILE      per-round CSV: t,c,x,remaining_1..m[,y_1..m][,path] (y: the",
    "                    dual price after the round; path: which path of the policy",
    "                    decided, for policies with phases such as decoupled)",
    "  --save-orders F   write the instance's orders as CSV (header c,a1,...,am), the",
    "                    format of --orders; with --gen, the budget is printed by --json",
    "  --json            print exactly one JSON object on stdout with the keys",
    "                    problem, algo, T, m, seed (null for --orders), reward, opt,",
    "                    opt_kind (\"exact\"|\"upper_bound\"), opt_method, opt_seconds,",
    "                    regret, violation, remaining (array of m), accepted, seconds,",
    "                    decisions_per_second, hard_budget, zero_violation (bool),",
    "                    zero_violation_k (the k used, null without the add-on),",
    "                    params, budget, orders",
    "                    (opt, opt_kind, regret are null with --opt none)",
    "",
    "exit status: 0 ok, 1 bad orders file / I/O or solver failure, 2 usage error.",
    NULL,
};

/* The add-on's settings from --zero-violation and --zero-violation-k K (which
 * implies the flag); CLI_USAGE (message printed) for a bad K. */
static int parse_zero_violation(int flag, const char *k, oco_olp_session_opts *so)
{
    so->zero_violation = flag || k;
    so->zero_violation_k = OCO_OLP_ZERO_VIOLATION_K;
    if (!k)
        return 0;
    double v;
    if (cli_parse_double("--zero-violation-k", k, &v))
        return CLI_USAGE;
    if (!(v > 0.0))
        return cli_error(CLI_USAGE, "--zero-violation-k: K must be > 0 (got '%s')", k);
    so->zero_violation_k = v;
    return 0;
}

typedef struct trace_ctx {
    FILE *f;
    size_t m, t;
    int header;
} trace_ctx;

/* --trace: t,c,x,remaining_1..m[,y_1..m][,path] — y when the policy has a
 * dual price, path (the policy's phase label) when it has phases. */
static int trace_round(void *vctx, const oco_olp_session *s, size_t t, double c,
                       const double *a, int x)
{
    (void)t;
    (void)a;
    trace_ctx *tc = vctx;
    const double *remaining = oco_olp_session_remaining(s), *dual = oco_olp_session_dual(s);
    const int phases = oco_olp_session_type(s)->phase != NULL;
    if (!tc->header) {
        fputs("t,c,x", tc->f);
        for (size_t i = 0; i < tc->m; ++i)
            fprintf(tc->f, ",remaining_%zu", i + 1);
        for (size_t i = 0; dual && i < tc->m; ++i)
            fprintf(tc->f, ",y_%zu", i + 1);
        fputs(phases ? ",path\n" : "\n", tc->f);
        tc->header = 1;
    }
    fprintf(tc->f, "%zu,%.17g,%d", ++tc->t, c, x);
    for (size_t i = 0; i < tc->m; ++i)
        fprintf(tc->f, ",%.17g", remaining[i]);
    for (size_t i = 0; dual && i < tc->m; ++i)
        fprintf(tc->f, ",%.17g", dual[i]);
    if (phases) {
        const char *p = oco_olp_session_phase(s);
        fprintf(tc->f, ",%s", p ? p : "");
    }
    fputc('\n', tc->f);
    return ferror(tc->f) ? OCO_EIO : 0;
}

typedef struct run_args {
    cli_run_common c; /* --algo, --param, --trace, --decisions, --json */
    const char *gen, *m, *T, *seed, *orders, *budget, *opt, *save, *zv_k;
    int hard, zv;
    oco_olp_session_opts so; /* from --hard-budget and the --zero-violation options */
} run_args;

static int parse_args(int argc, char **argv, run_args *ra)
{
    const cli_spec spec[] = {CLI_RUN_COMMON_SPEC(&ra->c),
                             {"gen", CLI_VALUE, &ra->gen},
                             {"m", CLI_VALUE, &ra->m},
                             {"T", CLI_VALUE, &ra->T},
                             {"seed", CLI_VALUE, &ra->seed},
                             {"orders", CLI_VALUE, &ra->orders},
                             {"budget", CLI_VALUE, &ra->budget},
                             {"opt", CLI_VALUE, &ra->opt},
                             {"save-orders", CLI_VALUE, &ra->save},
                             {"hard-budget", CLI_FLAG, &ra->hard},
                             {"zero-violation", CLI_FLAG, &ra->zv},
                             {"zero-violation-k", CLI_VALUE, &ra->zv_k},
                             {NULL, CLI_VALUE, NULL}};
    int rc = cli_parse(argc, argv, 2, spec, "run", help, NULL, NULL);
    if (rc != 0)
        return rc;
    ra->so.hard_budget = ra->hard;
    return parse_zero_violation(ra->zv, ra->zv_k, &ra->so);
}

static int write_decisions(const char *path, const unsigned char *x, size_t T)
{
    FILE *f = cli_open_out("--decisions", path);
    if (!f)
        return CLI_RUNTIME;
    for (size_t t = 0; t < T; ++t) {
        fputc(x[t] ? '1' : '0', f);
        fputc('\n', f);
    }
    return cli_close_out("--decisions", path, &f);
}

static int save_orders(const char *path, const oco_olp_instance *inst)
{
    FILE *f = cli_open_out("--save-orders", path);
    if (!f)
        return CLI_RUNTIME;
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
    return cli_close_out("--save-orders", path, &f);
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

static int emit(const run_args *ra, const oco_algo_info *algo, const oco_olp_instance *inst,
                uint64_t seed, int gen_type, const oco_olp_metrics *met, const double *remaining,
                int have_opt, const oco_olp_opt *opt)
{
    size_t m = inst->m;
    char problem[32];
    if (ra->gen)
        snprintf(problem, sizeof problem, "type%d", gen_type);
    else
        snprintf(problem, sizeof problem, "csv");
    double regret = have_opt ? opt->value - met->reward : NAN;
    if (ra->c.json) {
        json_t *o = cli_run_json_head(problem, algo, inst->T, &ra->c.params);
        json_t *rem = json_array(), *bud = json_array();
        for (size_t i = 0; i < m; ++i) {
            json_array_append_new(rem, cli_jnum(remaining[i]));
            json_array_append_new(bud, cli_jnum(inst->b[i]));
        }
        json_object_set_new(o, "orders", ra->orders ? json_string(ra->orders) : json_null());
        json_object_set_new(o, "m", json_integer((json_int_t)m));
        json_object_set_new(o, "seed", ra->gen ? json_integer((json_int_t)seed) : json_null());
        json_object_set_new(o, "hard_budget", json_boolean(ra->hard));
        json_object_set_new(o, "zero_violation", json_boolean(ra->so.zero_violation));
        json_object_set_new(o, "zero_violation_k", ra->so.zero_violation
                                                       ? cli_jnum(ra->so.zero_violation_k)
                                                       : json_null());
        json_object_set_new(o, "budget", bud);
        json_object_set_new(o, "reward", cli_jnum(met->reward));
        json_object_set_new(o, "opt", have_opt ? cli_jnum(opt->value) : json_null());
        json_object_set_new(o, "opt_kind",
                            have_opt ? json_string(opt->kind == OCO_OPT_EXACT ? "exact"
                                                                              : "upper_bound")
                                     : json_null());
        json_object_set_new(o, "opt_method",
                            have_opt && opt->method ? json_string(opt->method) : json_null());
        json_object_set_new(o, "opt_seconds", have_opt ? cli_jnum(opt->seconds) : json_null());
        json_object_set_new(o, "regret", cli_jnum(regret));
        json_object_set_new(o, "violation", cli_jnum(met->violation));
        json_object_set_new(o, "remaining", rem);
        json_object_set_new(o, "accepted", json_integer((json_int_t)met->accepted));
        json_object_set_new(o, "seconds", cli_jnum(met->seconds));
        json_object_set_new(o, "decisions_per_second", cli_jnum(met->decisions_per_second));
        return cli_json_print(o);
    }
    printf("problem     %s", problem);
    if (ra->gen)
        printf(" (m = %zu, T = %zu, seed %llu)\n", m, inst->T, (unsigned long long)seed);
    else
        printf(" %s (m = %zu, T = %zu)\n", ra->orders, m, inst->T);
    cli_print_algo(algo, &ra->c.params);
    printf(", %s budgets", ra->hard ? "hard" : "soft");
    if (ra->so.zero_violation)
        printf(", zero-violation add-on (k = %g)", ra->so.zero_violation_k);
    putchar('\n');
    printf("reward      %.17g\n", met->reward);
    if (have_opt) {
        printf("opt         %.17g (%s, %s, %.3g s)\n", opt->value,
               opt->kind == OCO_OPT_EXACT ? "exact" : "upper bound", opt->method, opt->seconds);
        printf("regret      %.17g%s\n", regret,
               opt->kind == OCO_OPT_EXACT ? "" : " (against an upper bound: over-estimate)");
    }
    printf("violation   %.17g\n", met->violation);
    printf("accepted    %zu of %zu\n", met->accepted, inst->T);
    printf("remaining  ");
    for (size_t i = 0; i < m; ++i)
        printf(" %.17g", remaining[i]);
    printf("\ntime        %.6g s (%.4g decisions/s)\n", met->seconds, met->decisions_per_second);
    if (fflush(stdout) != 0)
        return cli_error(CLI_RUNTIME, "cannot write to stdout");
    return CLI_OK;
}

static int run_olp(int argc, char **argv)
{
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
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(ra.c.algo, OCO_PROTOCOL_OLP, &ra.c.params, &algo)) != 0)
        goto done;
    const oco_olp_policy_type *type = oco_olp_policy_from_info(algo);
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
    ro.session = ra.so;
    if (ra.c.trace) {
        tc.f = cli_open_out("--trace", ra.c.trace);
        tc.m = inst->m;
        if (!tc.f) {
            rc = CLI_RUNTIME;
            goto done;
        }
        ro.on_round = trace_round;
        ro.ctx = &tc;
    }
    oco_olp_metrics met;
    int lrc = oco_olp_run(type, ra.c.params.items, ra.c.params.n, inst, &ro, decisions, remaining, &met);
    if (lrc != OCO_OK) {
        rc = cli_error(lrc == OCO_EINVAL ? CLI_USAGE : CLI_RUNTIME, "%s",
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    }
    if ((rc = cli_close_out("--trace", ra.c.trace, &tc.f)) != 0)
        goto done;
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
    if (ra.c.decisions && (rc = write_decisions(ra.c.decisions, decisions, inst->T)) != 0)
        goto done;
    rc = emit(&ra, algo, inst, seed, gen_type, &met, remaining, !no_opt, &opt);
done:
    if (tc.f)
        fclose(tc.f);
    free(decisions);
    free(remaining);
    oco_olp_instance_free(inst);
    cli_params_free(&ra.c.params);
    return rc;
}

#define STREAM_USAGE                                                                        \
    "usage: oco stream olp --algo NAME --budget b1,...,bm --horizon T",                       \
        "                      [--param key=value]... [--hard-budget]",                 \
        "                      [--zero-violation] [--zero-violation-k K]",                     \
        "                      [--state FILE [--save-every K]]"
static const char *const stream_usage[] = {STREAM_USAGE, NULL};
static const char *const stream_help[] = {
    STREAM_USAGE,
    "",
    "Decide live. Reads one order per line on stdin, 'c,a1,...,am' (m = number of",
    "budgets, no header), and writes its decision, 0 or 1, as one line on stdout,",
    "flushed at once. The decisions are those of 'oco run olp' on the same orders,",
    "budget and algorithm (both drive one oco_olp_session).",
    "",
    "  --algo NAME       algorithm ('oco list'), e.g. dual-subgradient",
    "  --budget B        total budget b1,...,bm (numbers >= 0) over the horizon",
    "  --horizon T       number of orders expected (>= 1; sets d = b/T and the",
    "                    algorithm's T-dependent defaults such as alpha = 1/sqrt(T))",
    "  --param K=V       set a parameter of the algorithm (repeatable)",
    "  --hard-budget     refuse an order that does not fit the remaining budget",
    ZV_HELP,
    CLI_STREAM_STATE_HELP,
    "",
    "A malformed line (not exactly 1+m finite numbers) gets one error line on stderr",
    "naming the line and column ('oco: <stdin>:LINE:COL: ...'); no decision is",
    "printed for it, the state is unchanged, and the stream goes on. Empty lines are",
    "skipped silently. Lines after the T-th accepted order get an error line too.",
    "",
    "exit status: 0 at end of input if every line was accepted, 1 if any line was",
    "rejected (or output failed), 2 usage error.",
    NULL,
};

typedef struct olp_stream {
    oco_olp_session *s;
    size_t T;
} olp_stream;

static int olp_at_horizon(void *ctx)
{
    const olp_stream *st = ctx;
    return oco_olp_session_round(st->s) >= st->T;
}

/* row = (c, a_1..a_m), finite (parsed by the stream loop). */
static int olp_on_row(void *ctx, const double *row, size_t lineno)
{
    olp_stream *st = ctx;
    int x = 0;
    if (oco_olp_session_step(st->s, row[0], row + 1, &x) != OCO_OK) {
        /* The order was valid, so the policy itself failed (e.g. a re-solve):
         * its state is not to be trusted any more. */
        cli_error(CLI_RUNTIME, "<stdin>:%zu: %s", lineno, oco_last_error());
        return CLI_ROW_FATAL;
    }
    /* Answer at once: the caller waits for this decision before sending the
     * next order. */
    if (fputs(x ? "1\n" : "0\n", stdout) == EOF || fflush(stdout) != 0) {
        cli_error(CLI_RUNTIME, "cannot write the decision of line %zu to stdout", lineno);
        return CLI_ROW_FATAL;
    }
    return CLI_ROW_OK;
}

/* --state: the session's checkpoint (alloc.h). */
static int ck_save(const void *s, const char *path) { return oco_olp_session_save_state(s, path); }
static int ck_restore(void *s, const char *path) { return oco_olp_session_restore_state(s, path); }
static size_t ck_round(const void *s) { return oco_olp_session_round(s); }

static int stream_olp(int argc, char **argv)
{
    cli_stream_common c = {.algo = NULL};
    cli_checkpoint ck;
    const char *budget = NULL, *zv_k = NULL;
    int hard = 0, zv = 0, rc = CLI_OK;
    double *b = NULL, *row = NULL;
    olp_stream st = {NULL, 0};

    const cli_spec spec[] = {CLI_STREAM_COMMON_SPEC(&c),
                             {"budget", CLI_VALUE, &budget},
                             {"hard-budget", CLI_FLAG, &hard},
                             {"zero-violation", CLI_FLAG, &zv},
                             {"zero-violation-k", CLI_VALUE, &zv_k},
                             {NULL, CLI_VALUE, NULL}};
    rc = cli_parse(argc, argv, 2, spec, "stream olp", stream_help, NULL, NULL);
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    oco_olp_session_opts so = {.hard_budget = hard};
    if ((rc = parse_zero_violation(zv, zv_k, &so)) != 0)
        goto done;
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(c.algo, OCO_PROTOCOL_OLP, &c.params, &algo)) != 0 ||
        (rc = cli_checkpoint_setup(&ck, &c)) != 0)
        goto done;
    if (!budget || !c.horizon) {
        rc = cli_error(CLI_USAGE, "missing %s (see 'oco stream olp --help')",
                       !budget ? "--budget b1,...,bm" : "--horizon T");
        goto done;
    }
    size_t m;
    if (cli_parse_size("--horizon", c.horizon, 1, &st.T) ||
        cli_parse_budget("--budget", budget, &b, &m)) {
        rc = CLI_USAGE;
        goto done;
    }
    oco_olp_setup setup = {.T = st.T, .m = m, .b = b};
    st.s = oco_olp_session_new(oco_olp_policy_from_info(algo), &setup, c.params.items,
                               c.params.n, &so);
    if (!st.s) {
        rc = cli_error(oco_last_error_code() == OCO_EINVAL ? CLI_USAGE : CLI_RUNTIME, "%s",
                       oco_last_error());
        goto done;
    }
    if (!(row = malloc((m + 1) * sizeof *row))) {
        rc = cli_error(CLI_RUNTIME, "out of memory");
        goto done;
    }
    ck.obj = st.s;
    ck.save = ck_save;
    ck.restore = ck_restore;
    ck.round = ck_round;
    if ((rc = cli_checkpoint_resume(&ck)) != 0)
        goto done;
    const cli_stream_ops ops = {olp_on_row, olp_at_horizon, st.T, NULL, NULL};
    rc = cli_stream_rows(&ops, &st, row, m + 1, &ck);
done:
    free(row);
    free(b);
    oco_olp_session_free(st.s);
    cli_params_free(&c.params);
    return rc;
}

const cli_protocol cli_protocol_olp = {
    "olp", "online LP / allocation: an order (c_t, a_t) arrives, accept or reject",
    run_olp, stream_olp, run_usage, stream_usage,
};
