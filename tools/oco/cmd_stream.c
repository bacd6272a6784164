/* `oco stream olp`: live decisions. One order per stdin line, one decision per
 * stdout line, flushed at once. Drives the same oco_olp_session as the runner
 * (alloc.h), so the decisions equal `oco run` on the same orders. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

static const char *const help[] = {
    "usage: oco stream olp --algo NAME --budget b1,...,bm --horizon T",
    "                      [--param key=value]... [--hard-budget]",
    "       oco stream oco --algo NAME --d D [--domain SPEC] [--horizon T] [--param key=value]...",
    "                      (one gradient per line in, one decision per line out;",
    "                      'oco stream oco --help')",
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

int cmd_stream(int argc, char **argv)
{
    if (argc < 2)
        return cli_error(CLI_USAGE,
                         "missing protocol: 'oco stream olp ...' or 'oco stream oco ...' (see "
                         "'oco stream --help')");
    if (cli_is_help(argv[1])) {
        cli_print_lines(stdout, help);
        return CLI_OK;
    }
    if (strcmp(argv[1], "oco") == 0)
        return cmd_stream_oco(argc, argv);
    if (strcmp(argv[1], "olp") != 0)
        return cli_error(CLI_USAGE, "unknown protocol '%s' for 'oco stream' (known: olp, oco)",
                         argv[1]);
    const char *algo = NULL, *budget = NULL, *horizon = NULL;
    int hard = 0, rc = CLI_OK;
    cli_params params = {NULL, 0, 0};
    double *b = NULL, *row = NULL;
    cli_lines in = {stdin, NULL, 0, 0};
    oco_olp_session *s = NULL;

    const cli_spec spec[] = {{"algo", CLI_VALUE, &algo},
                             {"budget", CLI_VALUE, &budget},
                             {"horizon", CLI_VALUE, &horizon},
                             {"param", CLI_PARAM, &params},
                             {"hard-budget", CLI_FLAG, &hard},
                             {NULL, CLI_VALUE, NULL}};
    rc = cli_parse(argc, argv, 2, spec, "stream", help, NULL, NULL);
    if (rc != 0) {
        rc = rc == CLI_HELP ? CLI_OK : rc;
        goto done;
    }
    if (!algo || !budget || !horizon) {
        rc = cli_error(CLI_USAGE, "missing %s (see 'oco stream --help')",
                       !algo ? "--algo NAME" : !budget ? "--budget b1,...,bm" : "--horizon T");
        goto done;
    }
    const oco_olp_policy_type *type = oco_olp_policy_find(algo);
    if (!type) {
        rc = cli_error(CLI_USAGE, "--algo: %s", oco_last_error());
        goto done;
    }
    if (oco_algo_check_params(&type->info, params.items, params.n)) {
        rc = cli_error(CLI_USAGE, "--param: %s", oco_last_error());
        goto done;
    }
    size_t T, m;
    if (cli_parse_size("--horizon", horizon, 1, &T) || cli_parse_budget("--budget", budget, &b, &m)) {
        rc = CLI_USAGE;
        goto done;
    }
    oco_olp_setup setup = {T, m, b, NULL};
    oco_olp_session_opts so = {hard};
    s = oco_olp_session_new(type, &setup, params.items, params.n, &so);
    if (!s) {
        rc = cli_error(oco_last_error_code() == OCO_EINVAL ? CLI_USAGE : CLI_RUNTIME, "%s",
                       oco_last_error());
        goto done;
    }
    row = malloc((m + 1) * sizeof *row);
    if (!row) {
        rc = cli_error(CLI_RUNTIME, "out of memory");
        goto done;
    }

    int rejected = 0;
    size_t n;
    while (cli_lines_next(&in, &n)) {
        const size_t lineno = in.lineno;
        if (oco_csv_parse_row(in.line, n, row, m + 1, "<stdin>", lineno) != OCO_OK) {
            cli_stream_bad_line(lineno);
            rejected = 1;
            continue;
        }
        int x = 0;
        int lrc = oco_olp_session_step(s, row[0], row + 1, &x);
        if (lrc == OCO_ESTATE) {
            cli_stream_past_horizon(lineno, T);
            rejected = 1;
            continue;
        }
        if (lrc != OCO_OK) {
            cli_error(CLI_RUNTIME, "<stdin>:%zu: %s (line %zu rejected, state unchanged)", lineno,
                      oco_last_error(), lineno);
            rejected = 1;
            continue;
        }
        /* Answer at once: the caller waits for this decision before sending
         * the next order. */
        if (fputs(x ? "1\n" : "0\n", stdout) == EOF || fflush(stdout) != 0) {
            rc = cli_error(CLI_RUNTIME, "cannot write the decision of line %zu to stdout", lineno);
            goto done;
        }
    }
    rc = cli_stream_status(rejected, in.lineno);
done:
    free(in.line);
    free(row);
    free(b);
    oco_olp_session_free(s);
    cli_params_free(&params);
    return rc;
}
