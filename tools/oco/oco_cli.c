/* The oco protocol's CLI (learner.h): `oco stream oco` (here) and `oco run
 * oco` (oco_cli_run.c). The learner's domain and the bounds it is told are
 * checked the same way in both, so the two commands accept the same options
 * and play the same decisions. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

static const char *kind_name(oco_domain_kind k)
{
    switch (k) {
    case OCO_DOMAIN_BALL:
        return "ball";
    case OCO_DOMAIN_BOX:
        return "box";
    case OCO_DOMAIN_SIMPLEX:
        return "simplex";
    case OCO_DOMAIN_ORTHANT:
        return "orthant";
    default:
        return "orthant-ball";
    }
}

int cli_oco_domain(const char *spec, size_t d, const oco_learner_type *type, oco_domain **out)
{
    oco_domain *dom = oco_domain_parse(spec, d);
    if (!dom)
        return cli_error(CLI_USAGE, "--domain: %s", oco_last_error());
    /* The learners' step sizes and the comparator need a bounded X with a
     * positive diameter (universal.md §1, assumption A1: ‖x − y‖ ≤ D). */
    double D = oco_domain_diameter(dom);
    if (!(isfinite(D) && D > 0)) {
        oco_domain_free(dom);
        if (isinf(D))
            return cli_error(CLI_USAGE, "--domain: '%s' is unbounded (use ball:R, box:a,b or "
                                        "simplex)", spec);
        return cli_error(CLI_USAGE, "--domain: '%s' is a single point in dimension %zu "
                                    "(diameter 0): nothing to learn",
                         spec, d);
    }
    oco_domain_kind k = oco_domain_get_kind(dom);
    if (k != OCO_DOMAIN_BALL && k != OCO_DOMAIN_BOX && k != OCO_DOMAIN_SIMPLEX) {
        oco_domain_free(dom);
        return cli_error(CLI_USAGE, "--domain: '%s' is not supported here (use ball:R, box:a,b "
                                    "or simplex)", spec);
    }
    if (type && type->domains && !(type->domains & (1u << (unsigned)k))) {
        oco_domain_free(dom);
        if (type->domains == (1u << OCO_DOMAIN_SIMPLEX))
            return cli_error(CLI_USAGE, "--algo %s plays on the probability simplex: add "
                                        "--domain simplex (got '%s')",
                             type->info.name, spec);
        return cli_error(CLI_USAGE, "--algo %s does not support a %s domain (got '%s')",
                         type->info.name, kind_name(k), spec);
    }
    *out = dom;
    return 0;
}

/* v must be > 0 (strict) or >= 0. */
static int bound(const char *opt, const char *s, int strict, double *v)
{
    if (!s)
        return 0;
    double x;
    if (cli_parse_double(opt, s, &x))
        return CLI_USAGE;
    if (strict ? !(x > 0) : !(x >= 0))
        return cli_error(CLI_USAGE, "%s must be %s 0 (got %s)", opt, strict ? ">" : ">=", s);
    *v = x;
    return 0;
}

int cli_oco_apply_bounds(const cli_oco_bounds *b, oco_learner_setup *setup)
{
    if (bound("--G", b->G, 1, &setup->G) || bound("--D", b->D, 1, &setup->D) ||
        bound("--L", b->L, 0, &setup->L) || bound("--lambda", b->lambda, 0, &setup->lambda) ||
        bound("--alpha", b->alpha, 0, &setup->alpha))
        return CLI_USAGE;
    return 0;
}

int cli_oco_print_x(FILE *f, const double *x, size_t d)
{
    for (size_t i = 0; i < d; ++i)
        if (fprintf(f, i ? ",%.17g" : "%.17g", x[i]) < 0)
            return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

#define STREAM_USAGE                                                                        \
    "usage: oco stream oco --algo NAME --d D [--domain ball:R|box:a,b|simplex]",              \
        "                      [--horizon T] [--param key=value]... [--G G] [--D D]",         \
        "                      [--L L] [--lambda l] [--alpha a]",                             \
        "                      [--state FILE [--save-every K]]"
static const char *const stream_usage[] = {STREAM_USAGE, NULL};
static const char *const help[] = {
    STREAM_USAGE,
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
    CLI_STREAM_STATE_HELP,
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

typedef struct oco_stream {
    oco_learner *l;
    oco_grad_oracle oracle;
    double *x;
    size_t d, T; /* T = 0: no horizon */
} oco_stream;

static int oco_at_horizon(void *ctx)
{
    const oco_stream *st = ctx;
    return st->T && oco_learner_round(st->l) >= st->T;
}

/* row = g_t (parsed into the oracle's buffer by the stream loop); the learner
 * keeps its own x_t, so a bad line leaves the state unchanged. */
static int oco_on_row(void *ctx, const double *row, size_t lineno)
{
    (void)row;
    oco_stream *st = ctx;
    int lrc = oco_learner_update_oracle(st->l, &st->oracle);
    if (lrc != OCO_OK) {
        /* The wrapper validates before the learner moves (learner.h). */
        cli_error(CLI_RUNTIME, "<stdin>:%zu: %s (line %zu rejected)", lineno, oco_last_error(),
                  lineno);
        return lrc == OCO_EINVAL ? CLI_ROW_REJECTED : CLI_ROW_FATAL;
    }
    if (st->T && oco_learner_round(st->l) == st->T)
        return CLI_ROW_OK; /* the horizon's last gradient: no x_{T+1} */
    if (oco_learner_predict(st->l, NULL, st->x) != OCO_OK) {
        cli_error(CLI_RUNTIME, "<stdin>:%zu: next decision: %s", lineno, oco_last_error());
        return CLI_ROW_FATAL;
    }
    return print_x(st->x, st->d, lineno) ? CLI_ROW_FATAL : CLI_ROW_OK;
}

/* --state: the learner's checkpoint (learner.h). */
static int ck_save(const void *l, const char *path) { return oco_learner_save_state(l, path); }
static int ck_restore(void *l, const char *path) { return oco_learner_restore_state(l, path); }
static size_t ck_round(const void *l) { return oco_learner_round(l); }

static int stream_oco(int argc, char **argv)
{
    cli_stream_common c = {.algo = NULL};
    const char *dim = NULL, *domain = NULL;
    cli_checkpoint ck;
    cli_oco_bounds bounds = {NULL, NULL, NULL, NULL, NULL};
    int rc = CLI_OK;
    oco_domain *dom = NULL;
    oco_stream st;
    memset(&st, 0, sizeof st);

    const cli_spec spec[] = {CLI_STREAM_COMMON_SPEC(&c),
                             {"d", CLI_VALUE, &dim},
                             {"domain", CLI_VALUE, &domain},
                             {"G", CLI_VALUE, &bounds.G},
                             {"D", CLI_VALUE, &bounds.D},
                             {"L", CLI_VALUE, &bounds.L},
                             {"lambda", CLI_VALUE, &bounds.lambda},
                             {"alpha", CLI_VALUE, &bounds.alpha},
                             {NULL, CLI_VALUE, NULL}};
    rc = cli_parse(argc, argv, 2, spec, "stream oco", help, NULL, NULL);
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(c.algo, OCO_PROTOCOL_OCO, &c.params, &algo)) != 0 ||
        (rc = cli_checkpoint_setup(&ck, &c)) != 0)
        goto done;
    const oco_learner_type *type = oco_learner_type_from_info(algo);
    if (!dim) {
        rc = cli_error(CLI_USAGE, "missing --d D (the dimension of x and of each gradient line)");
        goto done;
    }
    if ((rc = cli_parse_size("--d", dim, 1, &st.d)) != 0)
        goto done;
    if (c.horizon && (rc = cli_parse_size("--horizon", c.horizon, 1, &st.T)) != 0)
        goto done;
    if (!c.horizon && !(algo->flags & OCO_ALGO_ANYTIME)) {
        rc = cli_error(CLI_USAGE, "--algo %s needs the horizon: add --horizon T (it is not an "
                                  "anytime learner, see 'oco list')",
                       algo->name);
        goto done;
    }
    if ((rc = cli_oco_domain(domain ? domain : "ball:1", st.d, type, &dom)) != 0)
        goto done;
    oco_learner_setup setup = oco_learner_setup_default();
    setup.d = st.d;
    setup.domain = dom;
    setup.T = st.T;
    if ((rc = cli_oco_apply_bounds(&bounds, &setup)) != 0)
        goto done;
    st.l = oco_learner_new(type, &setup, c.params.items, c.params.n);
    st.x = malloc(2 * st.d * sizeof *st.x);
    if (!st.l || !st.x) {
        rc = cli_error(!st.l && oco_last_error_code() != OCO_ENOMEM ? CLI_USAGE : CLI_RUNTIME,
                       "%s", !st.l ? oco_last_error() : "out of memory");
        goto done;
    }
    double *g = st.x + st.d;
    ck.obj = st.l;
    ck.save = ck_save;
    ck.restore = ck_restore;
    ck.round = ck_round;
    if ((rc = cli_checkpoint_resume(&ck)) != 0)
        goto done;
    /* A resumed learner has printed its current decision before it was
     * saved: go on with the next gradient. */
    if (!ck.resumed) {
        if (oco_learner_predict(st.l, NULL, st.x) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "x_1: %s", oco_last_error());
            goto done;
        }
        if ((rc = print_x(st.x, st.d, 0)) != 0)
            goto done;
    }
    line_loss ll = {g, st.d};
    st.oracle = (oco_grad_oracle){line_grad, &ll, st.d, 0};
    const cli_stream_ops ops = {oco_on_row, oco_at_horizon, st.T, NULL, NULL};
    rc = cli_stream_rows(&ops, &st, g, st.d, &ck);
done:
    free(st.x);
    oco_learner_free(st.l);
    oco_domain_free(dom);
    cli_params_free(&c.params);
    return rc;
}

const cli_protocol cli_protocol_oco = {
    "oco", "online convex optimization: play x_t, then see the gradient of f_t",
    cli_run_oco, stream_oco, cli_run_oco_usage, stream_usage,
};
