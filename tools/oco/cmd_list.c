/* `oco list [--json]`: algorithms, problems and experiments.
 *
 * JSON shape (stable; later protocols add entries, never rename keys):
 *   {"version": "...",
 *    "algorithms": [{"name", "protocol": "olp"|"oco", "summary", "source", "derived",
 *                    "params": [{"name", "default" (number|null), "default_text",
 *                                "doc", "tag"}],
 *                    "cli": true if `oco run`/`oco stream` can play it,
 *                    and for "oco" learners also "anytime", "optimistic"}],
 *    "problems":   [{"name", "protocol": "olp"|"oco", "kind": "generator"|"file",
 *                    "type" (olp generators), "description", "usage"}],
 *                  protocol "bwk": the instances of `oco run bwk --instance` and
 *                  the "bwk-csv" instance file,
 *                  protocol "oobc": the classes of `oco run oobc --problem` and
 *                  the "oobc-csv" instances file,
 *                  protocol "oco": the loss families of `oco run oco --loss` and
 *                  the "gradients" file format,
 *    "experiments": [{"name", "title", "paper"}]} */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "experiments/registry.h"
#include "oco/algo.h"
#include "oco/coco.h"
#include "oco/olp.h"
#include "oco/version.h"

static const char *const help[] = {
    "usage: oco list [--json]",
    "",
    "List every algorithm (with its paper, equation, derived parts and parameters),",
    "every problem (instance generators and file formats) and every reproduction.",
    "Text: one line each. --json: one JSON object",
    "  {\"version\", \"algorithms\": [{\"name\", \"protocol\", \"summary\", \"source\",",
    "   \"derived\", \"params\": [{\"name\", \"default\", \"default_text\", \"doc\", \"tag\"}]}],",
    "   \"problems\": [{\"name\", \"protocol\", \"kind\", \"type\", \"description\", \"usage\"}],",
    "   \"experiments\": [{\"name\", \"title\", \"paper\"}]}",
    "OCO learners (protocol \"oco\") also have \"anytime\" (true: works without the",
    "horizon T; text: [anytime] / [needs T]) and \"optimistic\"; \"cli\" is true when",
    "'oco run' and 'oco stream' can play the algorithm.",
    "A parameter default that depends on the instance (e.g. alpha = 1/sqrt(T)) has",
    "\"default\": null and the rule in \"default_text\".",
    NULL,
};

static const char *csv_desc = "orders from a CSV file: header c,a1,...,am then one order per "
                              "line; budget given with --budget b1,...,bm";

/* The built-in loss families of losses.h (CLI names of `oco run oco --loss`). */
static const struct {
    const char *name, *desc;
} oco_losses[] = {
    {"quadratic", "f_t(x) = (lambda/2)||x - z_t||^2, z_t uniform near the domain centre: "
                  "lambda-strongly convex; exact comparator (projection of the mean)"},
    {"squared", "f_t(x) = (<a_t,x> - b_t)^2, unit a_t, noisy b_t: exp-concave, not strongly "
                "convex; exact comparator (QP)"},
    {"linear-drift", "f_t(x) = <g_t,x>, ||g_t|| = G, ||g_t - g_{t-1}|| = delta: gradient "
                     "variation V_T = (T-1) delta^2; exact comparator"},
    {"signs", "f_t(x) = <g_t,x>, g_{t,i} = +-G/sqrt(d) i.i.d.: convex, V_T = Theta(T)"},
    {"logistic", "f_t(x) = ln(1 + exp(-y_t <a_t,x>)) with noisy labels: comparator by "
                 "projected Newton, certified gap"},
    {"switch", "quadratic for switch_at*T rounds, then a fixed linear loss pushing away: "
               "adversarial change of curvature"},
    {"sea", "SEA model (seed 004 Thm 3): (lambda/2)||x - xi_t||^2, stochastic gradients of norm "
            "sigma around a mean drifting by Sigma per round"},
    {"sea-linear", "SEA model with linear losses <xi_t,x>: noise sigma, mean drift Sigma per "
                   "round"},
};
#define NOCO_LOSSES (sizeof oco_losses / sizeof oco_losses[0])
static const char *gradients_desc = "linear losses <g_t,x> from a file (oco run oco "
                                    "--gradients) or stdin (oco stream oco): one row of d "
                                    "comma-separated numbers per round";

/* The constrained-OCO problems (coco_problem.h; 'oco run coco --problem'). */
static const struct {
    const char *name, *desc;
    const char *extra; /* options the usage line needs besides --d --T --seed */
} coco_problems[] = {
    {"llp-exp1", "STAND-IN for seed 001 Exp 1 (functions not recovered): d = k = 1, X = [0,1], "
                 "f_t(x) = (x - 0.9)^2, g_t(x) = x - u_t, u_t ~ U[0.3,1]", ""},
    {"llp-exp2", "STAND-IN for seed 001 Exp 2: f(x) = (x - 0.9)^2, g_t(x) = x - 0.5 + w_t, "
                 "w_t ~ U[-0.2,0.2]", ""},
    {"linear", "random linear costs <c_t,x>, time-varying linear constraints <a_tj,x> - b_tj "
               "with a common strictly feasible point", ""},
    {"quadratic", "random convex quadratic costs, time-varying linear constraints", ""},
    {"quadratic-constraints", "random convex quadratic costs and convex quadratic constraints",
     ""},
    {"resource", "budgeted resource allocation on [0,1]^d: values v_t, consumption rates w_tj "
                 "against per-round capacities", ""},
    {"vertex-cover", "seed 003 online vertex cover on [0,1]^d: random edges E_t, reward "
                     "sum 1-(1-x_i)(1-x_j) as cost f = -R, alpha = 1/2, prices p_tj; long-term "
                     "benchmark only (certified interval, lp-relaxation)",
     " --domain box:0,1 --benchmark long-term"},
    {"dr-submodular", "seed 003 DR-submodular coverage on [0,1]^d: multilinear extension, "
                      "time-varying weights, f = -F, alpha = 1-1/e, knapsack costs; long-term "
                      "only (lp-relaxation)",
     " --domain box:0,1 --benchmark long-term"},
    {"phase-retrieval", "seed 003 regularized phase retrieval (non-convex), alpha = estimated "
                        "max f/h (h convex minorant), energy consumption s_tj|x|^2; X must "
                        "contain 0; long-term only (local+minorant)",
     " --benchmark long-term"},
};
#define NCOCO_PROBLEMS (sizeof coco_problems / sizeof coco_problems[0])
static const char *coco_file_desc =
    "CSV with a header: c1..cd, then per constraint j: A{j}_1..A{j}_d,b{j}; row t: "
    "f_t(x) = <c_t,x>, g_tj(x) = <A_tj,x> - b_tj";

/* The bandits-with-knapsacks instances (bwk_problem.h; 'oco run bwk --instance'). */
static const struct {
    const char *name, *desc;
} bwk_instances[] = {
    {"stochastic", "fixed arm means of losses and costs, Bernoulli draws; cheap arms are lossy, "
                   "arm K free (cost 0) so every budget is feasible (project choice)"},
    {"adversarial", "oblivious, non-stationary: 4 phases, a different good (low-loss, costly) "
                    "arm in each; arm K free (cost 0) (project choice)"},
    {"lower-bound", "seed 003 Theorem 5 (Immorlica et al. Construction 8.7): K = 2, "
                    "floor(log2 T) phases, arm 1 consumes 1 and pays 2^(j-n) up to phase k "
                    "(seeded), 0 after; arm 2 null; losses = 1 - reward"},
};
#define NBWK_INSTANCES (sizeof bwk_instances / sizeof bwk_instances[0])
static const char *bwk_file_desc = "CSV with the header l1,...,lK,c1,...,cK, one round per "
                                   "line, losses and costs in [0,1]";

/* The strict-budget classes (oobc_problem.h; 'oco run oobc --problem'). */
static const struct {
    const char *name, *desc, *extra;
} oobc_problems[] = {
    {"fairness", "seed 000 section 6: M = d = 1, utility c_t log x_t, x in [1, 40], "
                 "B ~ U[10N, 15N], contexts synthetic (diurnal sine + AR(1) stand-in for the "
                 "cloud trace) or from a file",
     ""},
    {"multi-budget", "project design: M = 2 resources, d >= 2 (default 4) resource types, "
                     "weighted fairness utility, linear and quadratic use; no closed-form "
                     "layer (laau, not rl)",
     " [--d D]"},
};
#define NOOBC_PROBLEMS (sizeof oobc_problems / sizeof oobc_problems[0])
static const char *oobc_file_desc = "CSV with a header B,c1,...,cN (M = p = 1; else "
                                    "B1,...,BM then c<t>_<k> t-major), one episode per line";

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *params_json(const oco_param_spec *spec, size_t n)
{
    json_t *params = json_array();
    for (size_t k = 0; k < n; ++k) {
        const oco_param_spec *p = &spec[k];
        json_array_append_new(params,
                              json_pack("{s:s, s:o, s:s, s:s, s:s}", "name", p->name, "default",
                                        jnum(p->default_value), "default_text",
                                        p->default_text ? p->default_text : "", "doc",
                                        p->doc ? p->doc : "", "tag", p->tag ? p->tag : ""));
    }
    return params;
}

/* The registry entry as JSON: the descriptor's fields for every protocol,
 * plus what only learners have. */
static json_t *algo_json(const oco_algo_info *in)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "name", in->name, "protocol",
                          oco_protocol_name(in->protocol), "summary", in->summary, "source",
                          in->source, "derived", in->derived,
                          "params", params_json(in->params, in->nparams), "cli", 1);
    if (in->protocol == OCO_PROTOCOL_OCO || in->protocol == OCO_PROTOCOL_COCO) {
        json_object_set_new(o, "anytime", json_boolean(in->flags & OCO_ALGO_ANYTIME));
        json_object_set_new(o, "optimistic", json_boolean(in->flags & OCO_ALGO_OPTIMISTIC));
    }
    if (in->protocol == OCO_PROTOCOL_COCO) {
        /* coco.h: true when linearised feedback suffices (oco stream coco) */
        const oco_coco_type *t = oco_coco_type_from_info(in);
        json_object_set_new(o, "stream", json_boolean(oco_coco_type_streams(t)));
        json_object_set_new(o, "needs_closed_form",
                            json_boolean(t->needs & OCO_COCO_NEEDS_FORM));
        json_object_set_new(o, "needs_fixed_constraint",
                            json_boolean(t->needs & OCO_COCO_NEEDS_FIXED));
    }
    return o;
}

static int list_json(void)
{
    json_t *root = json_object(), *algs = json_array(), *probs = json_array(),
           *exps = json_array();
    json_object_set_new(root, "version", json_string(oco_version()));
    for (size_t i = 0; i < oco_algo_count(); ++i)
        json_array_append_new(algs, algo_json(oco_algo_at(i)));
    for (int type = 1; type <= OCO_OLP_NTYPES; ++type) {
        char name[16], usage[64];
        snprintf(name, sizeof name, "type%d", type);
        snprintf(usage, sizeof usage, "oco run olp --gen %d --m M --T T --seed S", type);
        const char *d = oco_olp_type_describe(type);
        json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}", "name", name,
                                               "protocol", "olp", "kind", "generator", "type",
                                               type, "description", d ? d : "", "usage", usage));
    }
    json_array_append_new(probs,
                          json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "csv", "protocol", "olp",
                                    "kind", "file", "description", csv_desc, "usage",
                                    "oco run olp --orders FILE --budget b1,...,bm"));
    for (size_t i = 0; i < NOCO_LOSSES; ++i) {
        char usage[96];
        snprintf(usage, sizeof usage, "oco run oco --loss %s --d D --T T --seed S",
                 oco_losses[i].name);
        json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name",
                                               oco_losses[i].name, "protocol", "oco", "kind",
                                               "generator", "description", oco_losses[i].desc,
                                               "usage", usage));
    }
    json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "gradients",
                                           "protocol", "oco", "kind", "file", "description",
                                           gradients_desc, "usage",
                                           "oco run oco --gradients FILE; oco stream oco --d D"));
    for (size_t i = 0; i < NCOCO_PROBLEMS; ++i) {
        char usage[160];
        snprintf(usage, sizeof usage, "oco run coco --problem %s --d D --T T --seed S%s",
                 coco_problems[i].name, coco_problems[i].extra);
        json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name",
                                               coco_problems[i].name, "protocol", "coco",
                                               "kind", "generator", "description",
                                               coco_problems[i].desc, "usage", usage));
    }
    json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "coco-csv",
                                           "protocol", "coco", "kind", "file", "description",
                                           coco_file_desc, "usage",
                                           "oco run coco --problem-file FILE"));
    for (size_t i = 0; i < NBWK_INSTANCES; ++i) {
        char usage[112];
        snprintf(usage, sizeof usage, "oco run bwk --instance %s --K K --T T --seed S "
                 "--budget B", bwk_instances[i].name);
        json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name",
                                               bwk_instances[i].name, "protocol", "bwk",
                                               "kind", "generator", "description",
                                               bwk_instances[i].desc, "usage", usage));
    }
    json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "bwk-csv",
                                           "protocol", "bwk", "kind", "file", "description",
                                           bwk_file_desc, "usage",
                                           "oco run bwk --instance-file FILE --budget B"));
    for (size_t i = 0; i < NOOBC_PROBLEMS; ++i) {
        char usage[160];
        snprintf(usage, sizeof usage, "oco run oobc --algo NAME --problem %s%s --N N "
                 "--instances K --seed S", oobc_problems[i].name, oobc_problems[i].extra);
        json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name",
                                               oobc_problems[i].name, "protocol", "oobc",
                                               "kind", "generator", "description",
                                               oobc_problems[i].desc, "usage", usage));
    }
    json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "oobc-csv",
                                           "protocol", "oobc", "kind", "file", "description",
                                           oobc_file_desc, "usage",
                                           "oco run oobc --algo NAME --problem P "
                                           "--instances-file FILE"));
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        const oco_experiment *e = oco_experiment_at(i);
        json_array_append_new(exps, json_pack("{s:s, s:s, s:s}", "name", e->name, "title",
                                              e->title, "paper", e->paper));
    }
    json_object_set_new(root, "algorithms", algs);
    json_object_set_new(root, "problems", probs);
    json_object_set_new(root, "experiments", exps);
    int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(root);
    putchar('\n');
    if (rc != 0 || fflush(stdout) != 0)
        return cli_error(CLI_RUNTIME, "cannot write to stdout");
    return CLI_OK;
}

static void algo_line(const oco_algo_info *in)
{
    printf("  %-22s ", in->name);
    if (in->protocol == OCO_PROTOCOL_OCO || in->protocol == OCO_PROTOCOL_COCO)
        printf("[%s] ", in->flags & OCO_ALGO_ANYTIME ? "anytime" : "needs T");
    if (in->protocol == OCO_PROTOCOL_COCO)
        printf("[%s] ", oco_coco_type_streams(oco_coco_type_from_info(in)) ? "stream"
                                                                           : "run only");
    printf("%s — %s", in->summary, in->source);
    if (in->derived[0])
        printf("; derived: %s", in->derived);
    if (in->nparams) {
        printf("; params:");
        for (size_t k = 0; k < in->nparams; ++k) {
            const oco_param_spec *p = &in->params[k];
            if (p->default_text && p->default_text[0])
                printf(" %s=%s [%s]", p->name, p->default_text, p->tag ? p->tag : "");
            else
                printf(" %s=%.17g [%s]", p->name, p->default_value, p->tag ? p->tag : "");
        }
    }
    putchar('\n');
}

/* The heading of each protocol's algorithms in the text listing. */
static const char *protocol_heading(oco_protocol p)
{
    switch (p) {
    case OCO_PROTOCOL_OLP:
        return "algorithms (protocol olp: online LP / allocation; 'oco run olp --algo NAME', "
               "'oco stream olp'):";
    case OCO_PROTOCOL_OCO:
        return "algorithms (protocol oco: online convex optimization learners; 'oco run oco "
               "--algo NAME', 'oco stream oco'; [anytime]: no horizon needed, [needs T]: "
               "'oco stream oco' needs --horizon T):";
    case OCO_PROTOCOL_COCO:
        return "algorithms (protocol coco: constrained OCO with long-term constraints and "
               "predictions; 'oco run coco --algo NAME'; [stream]: learns from linearised "
               "feedback, also 'oco stream coco'; [run only]: needs the constraint functions):";
    case OCO_PROTOCOL_BWK:
        return "algorithms (protocol bwk: bandits with knapsacks, bandit feedback and a "
               "long-term budget; 'oco run bwk --algo NAME'; run only):";
    case OCO_PROTOCOL_OOBC:
        return "algorithms (protocol oobc: strict budgets over short episodes; 'oco run oobc "
               "--algo NAME', plus 'opt' (the hindsight optimum); laau and rl need a model "
               "from 'oco train'):";
    default:
        return "algorithms:";
    }
}

static int list_text(void)
{
    /* The registry lists each protocol's algorithms together. */
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *in = oco_algo_at(i);
        if (i == 0 || oco_algo_at(i - 1)->protocol != in->protocol)
            printf("%s\n", protocol_heading(in->protocol));
        algo_line(in);
    }
    printf("problems (protocol olp; 'oco run olp --gen TYPE' or '--orders FILE'):\n");
    for (int type = 1; type <= OCO_OLP_NTYPES; ++type) {
        const char *d = oco_olp_type_describe(type);
        printf("  type%-18d %s\n", type, d ? d : "");
    }
    printf("  %-22s %s\n", "csv", csv_desc);
    printf("problems (protocol oco; 'oco run oco --loss KIND' or '--gradients FILE'):\n");
    for (size_t i = 0; i < NOCO_LOSSES; ++i)
        printf("  %-22s %s\n", oco_losses[i].name, oco_losses[i].desc);
    printf("  %-22s %s\n", "gradients", gradients_desc);
    printf("problems (protocol coco; 'oco run coco --problem KIND' or '--problem-file FILE'):\n");
    for (size_t i = 0; i < NCOCO_PROBLEMS; ++i)
        printf("  %-22s %s\n", coco_problems[i].name, coco_problems[i].desc);
    printf("  %-22s %s\n", "(file)", coco_file_desc);
    printf("problems (protocol bwk; 'oco run bwk --instance KIND' or '--instance-file FILE'):\n");
    for (size_t i = 0; i < NBWK_INSTANCES; ++i)
        printf("  %-22s %s\n", bwk_instances[i].name, bwk_instances[i].desc);
    printf("  %-22s %s\n", "(file)", bwk_file_desc);
    printf("problems (protocol oobc; 'oco run oobc --problem P --instances K' or "
           "'--instances-file FILE'; 'oco train laau|rl --problem P'):\n");
    for (size_t i = 0; i < NOOBC_PROBLEMS; ++i)
        printf("  %-22s %s\n", oobc_problems[i].name, oobc_problems[i].desc);
    printf("  %-22s %s\n", "(file)", oobc_file_desc);
    printf("experiments ('oco reproduce NAME'; 'all' runs every one):\n");
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        const oco_experiment *e = oco_experiment_at(i);
        printf("  %-22s %s — %s\n", e->name, e->title, e->paper);
    }
    if (fflush(stdout) != 0)
        return cli_error(CLI_RUNTIME, "cannot write to stdout");
    return CLI_OK;
}

int cmd_list(int argc, char **argv)
{
    int json = 0;
    const cli_spec spec[] = {{"json", CLI_FLAG, &json}, {NULL, CLI_VALUE, NULL}};
    const int rc = cli_parse(argc, argv, 1, spec, "list", help, NULL, NULL);
    if (rc != 0)
        return rc == CLI_HELP ? CLI_OK : rc;
    return json ? list_json() : list_text();
}
