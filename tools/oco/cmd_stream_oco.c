/* `oco stream oco`: an OCO learner live. Prints x_1 at once, then reads one
 * gradient per stdin line and answers the next decision x_{t+1}, flushed.
 *
 * The learner sees each line as the linear loss f_t(x) = ⟨g_t, x⟩ through a
 * gradient oracle (oco_learner_update_oracle), exactly as `oco run oco
 * --gradients FILE` feeds it through the runner, so both print the same
 * decisions bit for bit (multi-gradient learners query the oracle at their
 * own points: for a linear loss the answer is g_t everywhere). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

static const char *const help[] = {
    "usage: oco stream oco --algo NAME --d D [--domain ball:R|box:a,b|simplex]",
    "                      [--horizon T] [--param key=value]... [--G G] [--D D]",
    "                      [--L L] [--lambda l] [--alpha a]",
    "",
    "Decide live with the OCO learner NAME ('oco list', protocol oco). Prints the",
    "first decision x_1 at once, as one line of d comma-separated numbers (%.17g);",
    "then reads one gradient g_t per stdin line (d comma-separated numbers: the loss",
    "of round t is <g_t, x>) and prints the next decision x_{t+1}, flushed at once.",
    "The decisions are byte for byte those of 'oco run oco --gradients FILE",
    "--decisions OUT' on the same gradients and options (with --horizon T = the",
    "number of rows; without --horizon, those of 'oco run oco --anytime').",
    "",
    "  --algo NAME       the learner (required)",
    "  --d D             dimension (>= 1, required)",
    "  --domain SPEC     X = ball:R, box:a,b or simplex (default ball:1; hedge,",
    "                    optimistic-hedge and msmwc need simplex)",
    "  --horizon T       number of rounds (>= 1). Required by the learners that need T",
    "                    ('oco list': \"anytime\": false); optional for anytime ones.",
    "                    With it, the T-th gradient is the last one (no decision follows",
    "                    it) and later lines are rejected",
    "  --param K=V       a parameter of the learner (repeatable)",
    "  --G, --D, --L, --lambda, --alpha",
    "                    what the learner is told: gradient bound G > 0 (default 1),",
    "                    diameter D > 0 (default: the domain's), smoothness L,",
    "                    strong convexity lambda, exp-concavity alpha (>= 0, default 0)",
    "",
    "A malformed line (not exactly d finite numbers) gets one error line on stderr,",
    "'oco: <stdin>:LINE:COL: ... (line LINE rejected, state unchanged)'; nothing is",
    "printed for it and the stream goes on. Empty lines are skipped silently.",
    "",
    "exit status: 0 at end of input if every line was accepted, 1 if any line was",
    "rejected (or output failed), 2 usage error.",
    NULL,
};

/* The linear loss of the current line: ∇f = g everywhere, f(x) = ⟨g, x⟩. */
typedef struct line_loss {
    const double *g;
    size_t d;
} line_loss;

static int line_grad(void *ctx, const double *x, double *g, double *value)
{
    const line_loss *ll = ctx;
    memcpy(g, ll->g, ll->d * sizeof *g);
    if (value)
        *value = oco_dot(ll->g, x, ll->d);
    return OCO_OK;
}

static int print_x(const double *x, size_t d, size_t lineno)
{
    if (cli_oco_print_x(stdout, x, d) != 0 || fflush(stdout) != 0) {
        if (lineno)
            return cli_error(CLI_RUNTIME, "cannot write the decision after line %zu to stdout",
                             lineno);
        return cli_error(CLI_RUNTIME, "cannot write x_1 to stdout");
    }
    return 0;
}

int cmd_stream_oco(int argc, char **argv)
{
    const char *algo = NULL, *dim = NULL, *domain = NULL, *horizon = NULL;
    cli_oco_bounds bounds = {NULL, NULL, NULL, NULL, NULL};
    cli_params params = {NULL, 0, 0};
    int rc = CLI_OK;
    double *x = NULL, *g = NULL;
    cli_lines in = {stdin, NULL, 0, 0};
    oco_domain *dom = NULL;
    oco_learner *l = NULL;

    const cli_spec spec[] = {{"algo", CLI_VALUE, &algo},
                             {"d", CLI_VALUE, &dim},
                             {"domain", CLI_VALUE, &domain},
                             {"horizon", CLI_VALUE, &horizon},
                             {"G", CLI_VALUE, &bounds.G},
                             {"D", CLI_VALUE, &bounds.D},
                             {"L", CLI_VALUE, &bounds.L},
                             {"lambda", CLI_VALUE, &bounds.lambda},
                             {"alpha", CLI_VALUE, &bounds.alpha},
                             {"param", CLI_PARAM, &params},
                             {NULL, CLI_VALUE, NULL}};
    rc = cli_parse(argc, argv, 2, spec, "stream oco", help, NULL, NULL);
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_learner_type *type = NULL;
    if ((rc = cli_oco_algo(algo, &params, &type)) != 0)
        goto done;
    size_t d = 0, T = 0;
    if (!dim) {
        rc = cli_error(CLI_USAGE, "missing --d D (the dimension of x and of each gradient line)");
        goto done;
    }
    if ((rc = cli_parse_size("--d", dim, 1, &d)) != 0)
        goto done;
    if (horizon && (rc = cli_parse_size("--horizon", horizon, 1, &T)) != 0)
        goto done;
    if (!horizon && !(type->info.flags & OCO_ALGO_ANYTIME)) {
        rc = cli_error(CLI_USAGE, "--algo %s needs the horizon: add --horizon T (it is not an "
                                  "anytime learner, see 'oco list')",
                       type->info.name);
        goto done;
    }
    if ((rc = cli_oco_domain(domain ? domain : "ball:1", d, type, &dom)) != 0)
        goto done;
    oco_learner_setup setup = oco_learner_setup_default();
    setup.d = d;
    setup.domain = dom;
    setup.T = T;
    if ((rc = cli_oco_apply_bounds(&bounds, &setup)) != 0)
        goto done;
    l = oco_learner_new(type, &setup, params.items, params.n);
    x = malloc(2 * d * sizeof *x);
    if (!l || !x) {
        rc = cli_error(!l && oco_last_error_code() != OCO_ENOMEM ? CLI_USAGE : CLI_RUNTIME, "%s",
                       !l ? oco_last_error() : "out of memory");
        goto done;
    }
    g = x + d;
    int lrc = oco_learner_predict(l, NULL, x);
    if (lrc != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "x_1: %s", oco_last_error());
        goto done;
    }
    if ((rc = print_x(x, d, 0)) != 0)
        goto done;

    line_loss ll = {g, d};
    oco_grad_oracle oracle = {line_grad, &ll, d, 0};
    int rejected = 0;
    size_t n;
    while (cli_lines_next(&in, &n)) {
        const size_t lineno = in.lineno;
        if (T && oco_learner_round(l) >= T) {
            cli_stream_past_horizon(lineno, T);
            rejected = 1;
            continue;
        }
        /* Parsed into g: the learner keeps its own x_t, so a bad line leaves
         * the state unchanged. */
        if (oco_csv_parse_row(in.line, n, g, d, "<stdin>", lineno) != OCO_OK) {
            cli_stream_bad_line(lineno);
            rejected = 1;
            continue;
        }
        lrc = oco_learner_update_oracle(l, &oracle);
        if (lrc != OCO_OK) {
            /* The wrapper validates before the learner moves (learner.h). */
            cli_error(CLI_RUNTIME, "<stdin>:%zu: %s (line %zu rejected)", lineno,
                      oco_last_error(), lineno);
            rejected = 1;
            if (lrc == OCO_EINVAL)
                continue;
            rc = CLI_RUNTIME;
            goto done;
        }
        if (T && oco_learner_round(l) == T)
            continue; /* the horizon's last gradient: no x_{T+1} */
        if ((lrc = oco_learner_predict(l, NULL, x)) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "<stdin>:%zu: next decision: %s", lineno,
                           oco_last_error());
            goto done;
        }
        if ((rc = print_x(x, d, lineno)) != 0)
            goto done;
    }
    rc = cli_stream_status(rejected, in.lineno);
done:
    free(in.line);
    free(x);
    oco_learner_free(l);
    oco_domain_free(dom);
    cli_params_free(&params);
    return rc;
}
