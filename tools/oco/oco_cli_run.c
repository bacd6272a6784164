/* `oco run oco`: play an OCO learner (include/oco/learner.h) on a built-in
 * loss family (include/oco/losses.h) or on user gradients (linear losses),
 * with the generic runner (oco_runner.h), and report its loss, the exact
 * hindsight comparator, regret, V_T and the gradient calls. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "experiments/progress.h"
#include "oco/oco.h"

#define RUN_USAGE                                                                          \
    "usage: oco run oco --algo NAME (--loss KIND --d D --T T [--seed S] | --gradients FILE)", \
        "                   [--domain ball:R|box:a,b|simplex] [--param key=value]...",        \
        "                   [--loss-param key=value]... [--G G] [--D D] [--L L] [--lambda l]", \
        "                   [--alpha a] [--anytime] [--trace FILE] [--decisions FILE] [--json]"
const char *const cli_run_oco_usage[] = {RUN_USAGE, NULL};
static const char *const help[] = {
    RUN_USAGE,
    "",
    "Play the OCO learner NAME ('oco list', protocol oco) for T rounds: each round it",
    "plays x_t in the domain X, then sees the gradient of f_t at x_t. Reports its",
    "cumulative loss sum_t f_t(x_t), the comparator min_{x in X} sum_t f_t(x) (exact,",
    "except logistic: certified to a gap), regret = loss - comparator, the gradient",
    "variation V_T = sum_{t>=2} sup_x ||grad f_t(x) - grad f_{t-1}(x)||^2, the number",
    "of gradient queries of the learner and the time of the T rounds.",
    "",
    "losses (exactly one of):",
    "  --loss KIND       built-in family: quadratic ((lambda/2)||x - z_t||^2, strongly",
    "                    convex), squared ((<a_t,x> - b_t)^2, exp-concave), linear-drift",
    "                    (<g_t,x>, ||g_t - g_{t-1}|| = delta), signs (<g_t,x>, i.i.d. signs),",
    "                    logistic (ln(1 + exp(-y_t <a_t,x>))), switch (quadratic, then a",
    "                    fixed linear loss after switch_at*T rounds), sea / sea-linear",
    "                    (SEA model: stochastic gradients of norm sigma around a mean",
    "                    drifting by Sigma per round; quadratic resp. linear), with",
    "  --d D             dimension (>= 1)",
    "  --T T             rounds (>= 1)",
    "  --seed S          seed of the sequence (default 1)",
    "  --loss-param K=V  family parameter (repeatable): lambda (1), spread (0.5),",
    "                    noise (0.1), G (1), delta (0.01), sign_p (0.5), switch_at (0.5),",
    "                    sigma (0.1), Sigma (0.01), sea_period (0)",
    "  --gradients FILE  user gradients, linear losses f_t(x) = <g_t,x>: one row per",
    "                    round, d comma-separated numbers (no header; empty lines are",
    "                    skipped); d from the first row (or --d), T = number of rows",
    "domain and learner:",
    "  --domain SPEC     X = ball:R (centred at 0), box:a,b ([a,b]^d) or simplex",
    "                    (default ball:1; hedge, optimistic-hedge and msmwc need simplex)",
    "  --algo NAME       the learner (required)",
    "  --param K=V       a parameter of the learner (repeatable; 'oco list')",
    "  --G, --D, --L, --lambda, --alpha",
    "                    what the learner is told: gradient bound G > 0, diameter D > 0,",
    "                    smoothness L, strong convexity lambda, exp-concavity alpha (>= 0).",
    "                    Defaults: the family's valid bounds and the domain's diameter;",
    "                    with --gradients G = 1, L = lambda = alpha = 0 (as 'oco stream oco',",
    "                    so both play the same decisions)",
    "  --anytime         do not tell the learner T (only for anytime learners; matches",
    "                    'oco stream oco' without --horizon)",
    "output:",
    "  --trace FILE      per-round CSV: t,loss,x_1,...,x_d (loss = f_t(x_t))",
    "  --decisions FILE  x_t one line per round, d comma-separated numbers (%.17g): the",
    "                    format of 'oco stream oco'",
    "  --json            print exactly one JSON object on stdout with the keys problem,",
    "                    gradients, algo, d, T, seed, domain, anytime, horizon_known,",
    "                    params, loss_params, setup {G, D, L, lambda, alpha}, loss,",
    "                    comparator, comparator_kind (\"exact\"|\"approximate\"),",
    "                    comparator_gap, comparator_method, x_star, regret, V_T, V_T_kind",
    "                    (\"exact\"|\"upper_bound\"), gradient_calls, seconds,",
    "                    rounds_per_second, hindsight_seconds, max_gradient_norm,",
    "                    memory_bytes; for sea / sea-linear also sea {sigma2_total,",
    "                    Sigma2_total, sigma2_max, Sigma2_max, sigma2_realized}",
    "",
    "exit status: 0 ok, 1 bad gradients file / I/O failure, 2 usage error.",
    NULL,
};

/* Family parameters, validated with the same machinery as the learners'
 * (oco_params_check: unknown keys and non-finite values are usage errors);
 * defaults are those of oco_loss_opts_default (losses.h). */
static const oco_param_spec loss_specs[] = {
    {"lambda", 1.0, "1", "quadratic, switch: strong convexity modulus lambda > 0", "D"},
    {"spread", 0.5, "0.5", "quadratic, switch: radius of z_t as a fraction of the domain", "D"},
    {"noise", 0.1, "0.1", "squared: amplitude of b's noise; logistic: flip probability", "D"},
    {"G", 1.0, "1", "linear-drift, signs, switch: gradient norm", "D"},
    {"delta", 0.01, "0.01", "linear-drift: ||g_t - g_{t-1}||, 0 <= delta <= 2G", "D"},
    {"sign_p", 0.5, "0.5", "signs: P(g_{t,i} > 0)", "D"},
    {"switch_at", 0.5, "0.5", "switch: fraction of T in the quadratic phase", "D"},
    {"sigma", 0.1, "0.1", "sea, sea-linear: stochastic part ||grad f_t - grad F_t|| = sigma", "D"},
    {"Sigma", 0.01, "0.01", "sea, sea-linear: drift of the mean gradient per round", "D"},
    {"sea_period", 0, "0", "sea, sea-linear: 0 = the mean rotates, K >= 1 = sweeps over K steps",
     "D"},
};
#define NLOSS_SPECS (sizeof loss_specs / sizeof loss_specs[0])

typedef struct run_args {
    cli_run_common c; /* --algo, --param, --trace, --decisions, --json */
    const char *loss, *gradients, *d, *T, *seed, *domain;
    cli_oco_bounds bounds;
    int anytime;
    cli_params lparams;
} run_args;

static int parse_args(int argc, char **argv, run_args *ra)
{
    const cli_spec spec[] = {CLI_RUN_COMMON_SPEC(&ra->c),
                             {"loss", CLI_VALUE, &ra->loss},
                             {"gradients", CLI_VALUE, &ra->gradients},
                             {"d", CLI_VALUE, &ra->d},
                             {"T", CLI_VALUE, &ra->T},
                             {"seed", CLI_VALUE, &ra->seed},
                             {"domain", CLI_VALUE, &ra->domain},
                             {"G", CLI_VALUE, &ra->bounds.G},
                             {"D", CLI_VALUE, &ra->bounds.D},
                             {"L", CLI_VALUE, &ra->bounds.L},
                             {"lambda", CLI_VALUE, &ra->bounds.lambda},
                             {"alpha", CLI_VALUE, &ra->bounds.alpha},
                             {"loss-param", CLI_PARAM, &ra->lparams},
                             {"anytime", CLI_FLAG, &ra->anytime},
                             {NULL, CLI_VALUE, NULL}};
    return cli_parse(argc, argv, 2, spec, "run oco", help, NULL, NULL);
}

/* Read the gradients file: T rows of d finite numbers (d = *d, or the first
 * row's field count if *d == 0). Errors name file:line:column (exit 1). */
static int read_gradients(const char *path, size_t *d, double **data, size_t *T)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cli_error(CLI_RUNTIME, "--gradients: cannot read '%s': %s", path, strerror(errno));
    cli_lines in = {f, NULL, 0, 0};
    size_t n = 0, rows_cap = 0, m;
    double *v = NULL;
    int rc = 0;
    while (cli_lines_next(&in, &m)) {
        const char *line = in.line;
        const size_t lineno = in.lineno;
        if (*d == 0)
            *d = oco_csv_count_fields(line, m);
        if (n == rows_cap) {
            size_t nc = rows_cap ? 2 * rows_cap : 1024;
            double *nv = realloc(v, nc * *d * sizeof *nv);
            if (!nv) {
                rc = cli_error(CLI_RUNTIME, "--gradients: out of memory at line %zu", lineno);
                goto done;
            }
            v = nv;
            rows_cap = nc;
        }
        if (oco_csv_parse_row(line, m, v + n * *d, *d, path, lineno) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "%s", oco_last_error());
            goto done;
        }
        ++n;
    }
    if (ferror(f)) {
        rc = cli_error(CLI_RUNTIME, "--gradients: error reading '%s'", path);
        goto done;
    }
    if (n == 0)
        rc = cli_error(CLI_RUNTIME, "%s: no gradients (expected one row of d numbers per round)",
                       path);
done:
    free(in.line);
    fclose(f);
    if (rc != 0) {
        free(v);
        return rc;
    }
    *data = v;
    *T = n;
    return 0;
}

typedef struct round_out {
    FILE *trace, *dec;
    size_t d;
} round_out;

static int on_round(void *vctx, size_t t, const double *x, double loss, double cum)
{
    (void)cum;
    round_out *o = vctx;
    if (o->trace) {
        fprintf(o->trace, "%zu,%.17g", t, loss);
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

typedef struct run_view {
    const run_args *ra;
    const oco_algo_info *algo;
    const oco_learner_setup *setup;
    const oco_loss_opts *lo;
    const oco_learner_run_result *res;
    const char *domain, *problem;
    double max_gnorm;
    size_t memory;
    const char *method;
    const double *xstar;
    const oco_loss_sea_stats *sea; /* NULL unless sea / sea-linear */
} run_view;

static int emit_json(const run_view *v)
{
    const oco_learner_run_result *r = v->res;
    const oco_learner_setup *s = v->setup;
    /* losses.h: every family but logistic has an exact comparator (closed
     * form or exact QP); logistic's is certified to within the gap. */
    int exact = strcmp(v->method, "projected-newton") != 0;
    json_t *o = cli_run_json_head(v->problem, v->algo, r->T, &v->ra->c.params);
    json_t *setup = json_object(), *lp = json_object();
    json_object_set_new(o, "gradients",
                        v->ra->gradients ? json_string(v->ra->gradients) : json_null());
    json_object_set_new(o, "d", json_integer((json_int_t)s->d));
    json_object_set_new(o, "seed", v->ra->gradients ? json_null()
                                                    : json_integer((json_int_t)v->lo->seed));
    json_object_set_new(o, "domain", json_string(v->domain));
    json_object_set_new(o, "anytime", json_boolean(v->algo->flags & OCO_ALGO_ANYTIME));
    json_object_set_new(o, "horizon_known", json_boolean(s->T != 0));
    if (!v->ra->gradients)
        for (size_t k = 0; k < NLOSS_SPECS; ++k)
            json_object_set_new(lp, loss_specs[k].name,
                                cli_jnum(oco_params_get(loss_specs, NLOSS_SPECS, v->ra->lparams.items,
                                                    v->ra->lparams.n, loss_specs[k].name)));
    json_object_set_new(o, "loss_params", lp);
    json_object_set_new(setup, "G", cli_jnum(s->G));
    json_object_set_new(setup, "D", cli_jnum(s->D));
    json_object_set_new(setup, "L", cli_jnum(s->L));
    json_object_set_new(setup, "lambda", cli_jnum(s->lambda));
    json_object_set_new(setup, "alpha", cli_jnum(s->alpha));
    json_object_set_new(o, "setup", setup);
    json_object_set_new(o, "loss", cli_jnum(r->loss));
    json_object_set_new(o, "comparator", cli_jnum(r->comparator));
    json_object_set_new(o, "comparator_kind", json_string(exact ? "exact" : "approximate"));
    json_object_set_new(o, "comparator_gap", cli_jnum(fmax(r->comparator_gap, 0.0)));
    json_t *xs = json_array();
    for (size_t i = 0; i < s->d; ++i)
        json_array_append_new(xs, cli_jnum(v->xstar[i]));
    json_object_set_new(o, "x_star", xs);
    json_object_set_new(o, "comparator_method", json_string(v->method ? v->method : ""));
    json_object_set_new(o, "regret", cli_jnum(r->regret));
    json_object_set_new(o, "V_T", cli_jnum(r->VT));
    json_object_set_new(o, "V_T_kind", json_string(r->vt_exact ? "exact" : "upper_bound"));
    json_object_set_new(o, "gradient_calls", json_integer((json_int_t)r->grad_calls));
    json_object_set_new(o, "seconds", cli_jnum(r->seconds));
    json_object_set_new(o, "rounds_per_second", cli_jnum(r->rounds_per_second));
    json_object_set_new(o, "hindsight_seconds", cli_jnum(r->hindsight_seconds));
    json_object_set_new(o, "max_gradient_norm",
                        v->ra->gradients ? cli_jnum(v->max_gnorm) : json_null());
    json_object_set_new(o, "memory_bytes", json_integer((json_int_t)v->memory));
    if (v->sea) /* universal.md §11.1: the SEA quantities of Theorem 3 */
        json_object_set_new(o, "sea",
                            json_pack("{s:o, s:o, s:o, s:o, s:o}", "sigma2_total",
                                      cli_jnum(v->sea->sigma2_total), "Sigma2_total",
                                      cli_jnum(v->sea->Sigma2_total), "sigma2_max",
                                      cli_jnum(v->sea->sigma2_max), "Sigma2_max",
                                      cli_jnum(v->sea->Sigma2_max), "sigma2_realized",
                                      cli_jnum(v->sea->sigma2_realized)));
    return cli_json_print(o);
}

static void emit_text(const run_view *v)
{
    const oco_learner_run_result *r = v->res;
    const oco_learner_setup *s = v->setup;
    if (v->ra->gradients)
        printf("problem     gradients %s (linear losses, d = %zu, T = %zu, domain %s)\n",
               v->ra->gradients, s->d, r->T, v->domain);
    else
        printf("problem     %s (d = %zu, T = %zu, seed %llu, domain %s)\n", v->problem, s->d,
               r->T, (unsigned long long)v->lo->seed, v->domain);
    cli_print_algo(v->algo, &v->ra->c.params);
    printf("%s\n", s->T ? "" : ", horizon not told (anytime)");
    printf("told        G = %.6g, D = %.6g, L = %.6g, lambda = %.6g, alpha = %.6g\n", s->G, s->D,
           s->L, s->lambda, s->alpha);
    if (v->ra->gradients && v->max_gnorm > s->G)
        printf("note        the largest gradient norm %.6g exceeds G = %.6g (pass --G)\n",
               v->max_gnorm, s->G);
    printf("loss        %.17g\n", r->loss);
    if (strcmp(v->method, "projected-newton") != 0)
        printf("comparator  %.17g (exact, %s)\n", r->comparator, v->method);
    else
        printf("comparator  %.17g (approximate: within %.3g of the minimum, %s)\n", r->comparator,
               fmax(r->comparator_gap, 0.0), v->method);
    printf("regret      %.17g\n", r->regret);
    printf("V_T         %.17g (%s)\n", r->VT, r->vt_exact ? "exact" : "upper bound");
    if (v->sea)
        printf("SEA         sigma^2_1:T = %.6g, Sigma^2_1:T = %.6g (universal.md 11.1)\n",
               v->sea->sigma2_total, v->sea->Sigma2_total);
    printf("grad calls  %zu\n", r->grad_calls);
    printf("time        %.6g s (%.4g rounds/s), hindsight %.3g s\n", r->seconds,
           r->rounds_per_second, r->hindsight_seconds);
}

int cli_run_oco(int argc, char **argv)
{
    run_args ra;
    memset(&ra, 0, sizeof ra);
    int rc = parse_args(argc, argv, &ra);
    oco_domain *dom = NULL;
    oco_loss_seq *seq = NULL;
    oco_learner *l = NULL;
    double *data = NULL, *xstar = NULL;
    round_out ro = {NULL, NULL, 0};
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(ra.c.algo, OCO_PROTOCOL_OCO, &ra.c.params, &algo)) != 0)
        goto done;
    const oco_learner_type *type = oco_learner_type_from_info(algo);
    if (!!ra.loss == !!ra.gradients) {
        rc = cli_error(CLI_USAGE, ra.loss ? "give either --loss or --gradients, not both"
                                          : "no losses: give --loss KIND --d D --T T or "
                                            "--gradients FILE");
        goto done;
    }
    if (oco_params_check(loss_specs, NLOSS_SPECS, ra.lparams.items, ra.lparams.n, "--loss")) {
        rc = cli_error(CLI_USAGE, "--loss-param: %s", oco_last_error());
        goto done;
    }
    oco_loss_opts lo = oco_loss_opts_default();
    size_t d = 0, T = 0;
    if (ra.d && (rc = cli_parse_size("--d", ra.d, 1, &d)) != 0)
        goto done;
    if (ra.loss) {
        if (oco_loss_kind_parse(ra.loss, &lo.kind) != OCO_OK || lo.kind == OCO_LOSS_LINEAR_DATA) {
            rc = cli_error(CLI_USAGE, "--loss: unknown loss '%s' (known: quadratic, squared, "
                                      "linear-drift, signs, logistic, switch, sea, sea-linear; "
                                      "user data: --gradients FILE)",
                           ra.loss);
            goto done;
        }
        if (!ra.d || !ra.T) {
            rc = cli_error(CLI_USAGE, "--loss needs --d D and --T T");
            goto done;
        }
        if ((rc = cli_parse_size("--T", ra.T, 1, &T)) != 0)
            goto done;
        lo.seed = 1;
        if (ra.seed && (rc = cli_parse_u64("--seed", ra.seed, 0, UINT64_MAX, &lo.seed)) != 0)
            goto done;
        double *fields[] = {&lo.lambda,    &lo.spread, &lo.noise, &lo.G,         &lo.delta,
                            &lo.sign_p,    &lo.switch_at, &lo.sigma, &lo.Sigma, &lo.sea_period};
        for (size_t k = 0; k < NLOSS_SPECS; ++k)
            *fields[k] = oco_params_get(loss_specs, NLOSS_SPECS, ra.lparams.items, ra.lparams.n,
                                        loss_specs[k].name);
    } else {
        if (ra.T || ra.seed || ra.lparams.n) {
            rc = cli_error(CLI_USAGE, "--T, --seed and --loss-param apply to --loss only "
                                      "(--gradients gives T from the file)");
            goto done;
        }
        if ((rc = read_gradients(ra.gradients, &d, &data, &T)) != 0)
            goto done;
        lo.kind = OCO_LOSS_LINEAR_DATA;
        lo.data = data;
    }
    lo.d = d;
    lo.T = T;
    const char *dspec = ra.domain ? ra.domain : "ball:1";
    if ((rc = cli_oco_domain(dspec, d, type, &dom)) != 0)
        goto done;
    seq = oco_loss_seq_new(&lo, dom);
    if (!seq) {
        rc = cli_error(CLI_USAGE, "--loss %s: %s", ra.loss ? ra.loss : "data", oco_last_error());
        goto done;
    }
    oco_learner_setup setup;
    oco_learner_setup_from_losses(seq, dom, &setup);
    double max_gnorm = NAN;
    if (ra.gradients) {
        /* Nothing is known about user gradients online: tell the learner
         * what `oco stream oco` tells it, so both play the same x_t. */
        setup.G = 1;
        setup.L = setup.lambda = setup.alpha = 0;
        max_gnorm = 0;
        for (size_t t = 0; t < T; ++t) {
            double s2 = 0;
            for (size_t i = 0; i < d; ++i)
                s2 += data[t * d + i] * data[t * d + i];
            max_gnorm = fmax(max_gnorm, sqrt(s2));
        }
    }
    if ((rc = cli_oco_apply_bounds(&ra.bounds, &setup)) != 0)
        goto done;
    if (ra.anytime) {
        if (!(type->info.flags & OCO_ALGO_ANYTIME)) {
            rc = cli_error(CLI_USAGE, "--anytime: %s needs the horizon T (not an anytime "
                                      "learner)",
                           type->info.name);
            goto done;
        }
        setup.T = 0;
    }
    l = oco_learner_new(type, &setup, ra.c.params.items, ra.c.params.n);
    if (!l) {
        rc = cli_error(oco_last_error_code() == OCO_ENOMEM ? CLI_RUNTIME : CLI_USAGE, "%s",
                       oco_last_error());
        goto done;
    }
    ro.d = d;
    if (!(xstar = malloc(d * sizeof *xstar))) {
        rc = cli_error(CLI_RUNTIME, "out of memory");
        goto done;
    }
    if (ra.c.trace) {
        if (!(ro.trace = cli_open_out("--trace", ra.c.trace))) {
            rc = CLI_RUNTIME;
            goto done;
        }
        fputs("t,loss", ro.trace);
        for (size_t i = 0; i < d; ++i)
            fprintf(ro.trace, ",x_%zu", i + 1);
        fputc('\n', ro.trace);
    }
    if (ra.c.decisions && !(ro.dec = cli_open_out("--decisions", ra.c.decisions))) {
        rc = CLI_RUNTIME;
        goto done;
    }
    oco_learner_run_opts opts = oco_learner_run_opts_default();
    opts.hindsight = 0;
    if (ro.trace || ro.dec) {
        opts.on_round = on_round;
        opts.ctx = &ro;
    }
    oco_learner_run_result res;
    int lrc = oco_learner_run(l, seq, &opts, &res);
    if (lrc != OCO_OK) {
        rc = cli_error(lrc == OCO_EIO ? CLI_RUNTIME : lrc == OCO_EINVAL ? CLI_USAGE : CLI_RUNTIME,
                       "round %zu: %s", res.T + 1,
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    }
    if ((rc = cli_close_out("--trace", ra.c.trace, &ro.trace)) != 0 ||
        (rc = cli_close_out("--decisions", ra.c.decisions, &ro.dec)) != 0)
        goto done;
    double t_h = oco_now();
    /* The hindsight of losses.h directly (not the runner's) for its method
     * and minimiser; the runner's sum of the losses is kept. */
    oco_loss_hindsight h;
    if ((lrc = oco_loss_seq_hindsight(seq, xstar, &h)) != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "comparator: %s",
                       oco_last_error()[0] ? oco_last_error() : oco_strerror(lrc));
        goto done;
    }
    res.hindsight_seconds = oco_now() - t_h;
    res.comparator = h.comparator;
    res.comparator_gap = h.gap;
    res.regret = res.loss - h.comparator;
    res.VT = h.VT;
    res.vt_exact = h.vt_exact;
    oco_loss_sea_stats sea;
    int is_sea = lo.kind == OCO_LOSS_SEA || lo.kind == OCO_LOSS_SEA_LINEAR;
    if (is_sea && (lrc = oco_loss_seq_sea_stats(seq, &sea)) != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "sea statistics: %s", oco_last_error());
        goto done;
    }
    run_view v = {&ra,   algo,  oco_learner_get_setup(l), &lo, &res, dspec,
                  ra.gradients ? "gradients" : oco_loss_kind_name(lo.kind), max_gnorm,
                  oco_learner_memory(l), h.method, xstar, is_sea ? &sea : NULL};
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
    oco_learner_free(l);
    oco_loss_seq_free(seq);
    oco_domain_free(dom);
    free(data);
    free(xstar);
    cli_params_free(&ra.c.params);
    cli_params_free(&ra.lparams);
    return rc;
}
