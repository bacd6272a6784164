/* The coco protocol's CLI (coco.h): `oco stream coco` (here) and `oco run
 * coco` (coco_cli_run.c). Both check the domain and build the algorithm's
 * setup the same way, so a streaming algorithm plays the same decisions in
 * both on the same data (`oco list`: "stream": true). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

int cli_coco_domain(const char *spec, size_t d, const oco_coco_type *type, oco_domain **out)
{
    oco_domain *dom = oco_domain_parse(spec, d);
    if (!dom)
        return cli_error(CLI_USAGE, "--domain: %s", oco_last_error());
    double D = oco_domain_diameter(dom);
    oco_domain_kind k = oco_domain_get_kind(dom);
    const char *why = NULL;
    if (!(isfinite(D) && D > 0))
        why = isinf(D) ? "is unbounded" : "is a single point (diameter 0)";
    else if (k != OCO_DOMAIN_BALL && k != OCO_DOMAIN_BOX)
        why = "is not supported by the coco protocol";
    else if (type && type->domains && !(type->domains & (1u << (unsigned)k)))
        why = "is of a kind this algorithm does not support";
    if (why) {
        oco_domain_free(dom);
        return cli_error(CLI_USAGE, "--domain: '%s' %s (use box:a,b or ball:R)", spec, why);
    }
    *out = dom;
    return 0;
}

#define STREAM_USAGE                                                                         \
    "usage: oco stream coco --algo NAME --d D --k K [--domain box:a,b|ball:R]",                \
        "                       [--horizon T] [--budget B1,...,BK] [--param key=value]...",    \
        "                       [--state FILE [--save-every K]]"
static const char *const stream_usage[] = {STREAM_USAGE, NULL};
static const char *const help[] = {
    STREAM_USAGE,
    "",
    "Decide live with the constrained-OCO algorithm NAME ('oco list', protocol coco,",
    "\"stream\": true: it learns from linearised feedback only). Prints x_1 at once,",
    "one line of d comma-separated numbers (%.17g); then reads one line per round:",
    "  grad f_t(x_t) (d numbers), then for each constraint j = 1..K:",
    "  g_tj(x_t), grad g_tj(x_t) (1 + d numbers)            -- d + K(1 + d) in all",
    "and prints the next decision x_{t+1}, flushed at once. A line",
    "  predict,<the same d + K(1 + d) numbers>",
    "gives predictions for the next decision printed (x_{t+1}, after the next",
    "feedback line): the cost gradient, and per constraint its value (LLP's",
    "point prediction of the next constraint value) and gradient. It prints",
    "nothing; without one, that round has no predictions. The decisions equal",
    "those of 'oco run coco --problem-file FILE --decisions OUT' fed the same",
    "feedback (with --horizon T = the number of rows).",
    "",
    "  --algo NAME     the algorithm (required; 'oco list': stream true)",
    "  --d D           dimension of x (>= 1, required)",
    "  --k K           number of constraints (>= 1, required)",
    "  --domain SPEC   X = box:a,b or ball:R (default box:0,1)",
    "  --horizon T     rounds (>= 1); required by algorithms that need T. The T-th",
    "                  feedback line is the last (no decision follows it)",
    "  --budget B1,...,BK  the long-term budget B (K numbers >= 0, default 0):",
    "                  sum_t g_tj(x_t) <= B_j. For a consumption algorithm",
    "                  (lyapunov-adagrad, seed 003) the g_tj values are the round's",
    "                  consumptions c_tj(x_t) >= 0 and B the budget B_T; 'oco run",
    "                  coco' gives it c_t and B_T = sum_t b_t of the problem (its JSON",
    "                  'budget'), so the decisions match with --budget = that B_T",
    "  --param K=V     a parameter of the algorithm (repeatable)",
    CLI_STREAM_STATE_HELP,
    "The algorithm is told G = L_g = g_max = F = 1 (its defaults), as 'oco run",
    "coco --problem-file' tells it.",
    "",
    "A malformed line gets one error line on stderr, 'oco: <stdin>:LINE:COL: ...",
    "(line LINE rejected, state unchanged)', and the stream goes on.",
    "exit status: 0 at end of input if every line was accepted, 1 if any line was",
    "rejected (or output failed), 2 usage error.",
    NULL,
};

typedef struct coco_stream {
    oco_coco *a;
    double *x;
    size_t d, k, T;          /* T = 0: no horizon */
    double *pc, *pJ, *pv;    /* pending prediction: c̃ (d), J̃ (k×d), γ̃ (k) */
    int has_pred;
    oco_quad_map pcost, pcons;
    double *J;               /* k×d Jacobian of the feedback line */
    double *g;               /* k */
} coco_stream;

static int at_horizon(void *ctx)
{
    const coco_stream *st = ctx;
    return st->T && oco_coco_round(st->a) >= st->T;
}

/* Split a row (d + k(1+d) numbers) into grad (d, in place), g (k), J (k×d). */
static void split_row(const double *row, size_t d, size_t k, double *g, double *J)
{
    for (size_t j = 0; j < k; ++j) {
        const double *r = row + d + j * (1 + d);
        g[j] = r[0];
        memcpy(J + j * d, r + 1, d * sizeof *J);
    }
}

static int print_x(const double *x, size_t d, size_t lineno)
{
    if (cli_oco_print_x(stdout, x, d) != 0 || fflush(stdout) != 0)
        return lineno ? cli_error(CLI_RUNTIME, "cannot write the decision after line %zu", lineno)
                      : cli_error(CLI_RUNTIME, "cannot write x_1 to stdout");
    return 0;
}

static int on_feedback(void *ctx, const double *row, size_t lineno)
{
    coco_stream *st = ctx;
    split_row(row, st->d, st->k, st->g, st->J);
    oco_coco_linear fb = {row, NAN, st->g, st->J};
    int rc = oco_coco_update(st->a, &fb);
    if (rc != OCO_OK) {
        cli_error(CLI_RUNTIME, "<stdin>:%zu: %s (line %zu rejected, state unchanged)", lineno,
                  oco_last_error(), lineno);
        return rc == OCO_EINVAL ? CLI_ROW_REJECTED : CLI_ROW_FATAL;
    }
    if (st->T && oco_coco_round(st->a) == st->T)
        return CLI_ROW_OK;
    oco_coco_prediction pred = {&st->pcost, &st->pcons, st->pv};
    rc = oco_coco_predict(st->a, st->has_pred ? &pred : NULL, st->x);
    st->has_pred = 0;
    if (rc != OCO_OK) {
        cli_error(CLI_RUNTIME, "<stdin>:%zu: next decision: %s", lineno, oco_last_error());
        return CLI_ROW_FATAL;
    }
    return print_x(st->x, st->d, lineno) ? CLI_ROW_FATAL : CLI_ROW_OK;
}

/* A "predict," line: the predictions for the next decision (coco.h): the cost
 * as the affine map with gradient c̃, the constraints as the affine map with
 * Jacobian J̃ (constants do not move an argmin), and the values as the point
 * prediction γ̃. It is not a decision: a checkpoint does not keep it (the
 * state is saved after decisions, when no prediction is pending). */
static int on_prediction(void *ctx, const double *row, size_t lineno)
{
    (void)lineno;
    coco_stream *st = ctx;
    memcpy(st->pc, row, st->d * sizeof *row);
    split_row(row, st->d, st->k, st->pv, st->pJ);
    st->has_pred = 1;
    return CLI_ROW_OK;
}

/* --state: the algorithm's checkpoint (coco.h). */
static int ck_save(const void *a, const char *path) { return oco_coco_save_state(a, path); }
static int ck_restore(void *a, const char *path) { return oco_coco_restore_state(a, path); }
static size_t ck_round(const void *a) { return oco_coco_round(a); }

static int stream_coco(int argc, char **argv)
{
    cli_stream_common c = {.algo = NULL};
    cli_checkpoint ck;
    const char *dim = NULL, *kcons = NULL, *domain = NULL, *budget = NULL;
    double *bvec = NULL;
    size_t nb = 0;
    oco_domain *dom = NULL;
    coco_stream st;
    memset(&st, 0, sizeof st);
    double *buf = NULL;
    const cli_spec spec[] = {CLI_STREAM_COMMON_SPEC(&c),
                             {"d", CLI_VALUE, &dim},
                             {"k", CLI_VALUE, &kcons},
                             {"domain", CLI_VALUE, &domain},
                             {"budget", CLI_VALUE, &budget},
                             {NULL, CLI_VALUE, NULL}};
    int rc = cli_parse(argc, argv, 2, spec, "stream coco", help, NULL, NULL);
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    const oco_algo_info *algo = NULL;
    if ((rc = cli_algo(c.algo, OCO_PROTOCOL_COCO, &c.params, &algo)) != 0 ||
        (rc = cli_checkpoint_setup(&ck, &c)) != 0)
        goto done;
    const oco_coco_type *type = oco_coco_type_from_info(algo);
    if (!oco_coco_type_streams(type)) {
        rc = cli_error(CLI_USAGE, "--algo %s needs the constraint functions themselves, not "
                                  "linearised feedback: use 'oco run coco' ('oco list': stream "
                                  "false)", algo->name);
        goto done;
    }
    if (!dim || !kcons) {
        rc = cli_error(CLI_USAGE, "missing --%s (the dimension of x and the number of "
                                  "constraints are both required)", !dim ? "d D" : "k K");
        goto done;
    }
    if ((rc = cli_parse_size("--d", dim, 1, &st.d)) != 0 ||
        (rc = cli_parse_size("--k", kcons, 1, &st.k)) != 0)
        goto done;
    if (c.horizon && (rc = cli_parse_size("--horizon", c.horizon, 1, &st.T)) != 0)
        goto done;
    if (budget && (rc = cli_parse_budget("--budget", budget, &bvec, &nb)) != 0)
        goto done;
    if (budget && nb != st.k) {
        rc = cli_error(CLI_USAGE, "--budget: %zu numbers for --k %zu constraints", nb, st.k);
        goto done;
    }
    if (!c.horizon && !(algo->flags & OCO_ALGO_ANYTIME)) {
        rc = cli_error(CLI_USAGE, "--algo %s needs the horizon: add --horizon T", algo->name);
        goto done;
    }
    if ((rc = cli_coco_domain(domain ? domain : "box:0,1", st.d, type, &dom)) != 0)
        goto done;
    const size_t d = st.d, k = st.k, nf = d + k * (1 + d);
    buf = malloc((d + nf + d + 2 * k * d + 2 * k) * sizeof *buf);
    if (!buf) {
        rc = cli_error(CLI_RUNTIME, "out of memory");
        goto done;
    }
    st.x = buf;
    double *row = st.x + d;
    st.pc = row + nf;
    st.pJ = st.pc + d;
    st.J = st.pJ + k * d;
    st.pv = st.J + k * d;
    st.g = st.pv + k;
    st.pcost = (oco_quad_map){1, d, NULL, st.pc, NULL};
    st.pcons = (oco_quad_map){k, d, NULL, st.pJ, NULL};
    oco_coco_setup setup = oco_coco_setup_default();
    setup.d = d;
    setup.k = k;
    setup.domain = dom;
    setup.T = st.T;
    setup.budget = bvec; /* NULL = 0 */
    st.a = oco_coco_new(type, &setup, c.params.items, c.params.n);
    if (!st.a) {
        rc = cli_error(oco_last_error_code() == OCO_ENOMEM ? CLI_RUNTIME : CLI_USAGE, "%s",
                       oco_last_error());
        goto done;
    }
    ck.obj = st.a;
    ck.save = ck_save;
    ck.restore = ck_restore;
    ck.round = ck_round;
    if ((rc = cli_checkpoint_resume(&ck)) != 0)
        goto done;
    if (!ck.resumed) { /* a resumed stream printed its decision before the save */
        if (oco_coco_predict(st.a, NULL, st.x) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "x_1: %s", oco_last_error());
            goto done;
        }
        if ((rc = print_x(st.x, d, 0)) != 0)
            goto done;
    }
    const cli_stream_ops ops = {on_feedback, at_horizon, st.T, "predict,", on_prediction};
    rc = cli_stream_rows(&ops, &st, row, nf, &ck);
done:
    free(buf);
    free(bvec);
    oco_coco_free(st.a);
    oco_domain_free(dom);
    cli_params_free(&c.params);
    return rc;
}

const cli_protocol cli_protocol_coco = {
    "coco", "constrained OCO: play x_t, then see f_t and the constraints g_t; long-term "
            "budgets, predictions",
    cli_run_coco, stream_coco, cli_run_coco_usage, stream_usage,
};
