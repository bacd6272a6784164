/* oco — command-line front end: dispatch to the commands (DESIGN.md layers:
 * tools/oco sits on top of experiments/ and the library). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "oco/version.h"

static const char *const usage[] = {
    "usage: oco COMMAND [OPTIONS]",
    "       oco --help | --version",
    "",
    "Online decisions under budgets: reference implementations, hindsight optima",
    "and reproductions of the papers' experiments.",
    "",
    "commands:",
    "  list        list algorithms, problems (generators, file formats) and experiments",
    "  run         play an algorithm on an instance and report reward, optimum, regret",
    "  stream      decide live: one order per line on stdin, one decision per line out",
    "  reproduce   run a named reproduction and write a report (Markdown, CSV, PNG)",
    "  train       train a LAAU (or end-to-end RL) network for 'oco run oobc'",
    "  sweep       run 'oco run' over a grid of options, in parallel (or under mpirun),",
    "              one JSON line per job",
    "",
    "'oco COMMAND --help' describes a command and its options.",
    "",
    "exit status:",
    "  0  success",
    "  1  runtime error: bad input file or stream line, I/O or solver failure",
    "  2  usage error: unknown command, option, algorithm or parameter; missing or",
    "     malformed option value (NaN/Inf, negative budget, T = 0, ...)",
    "Every error is one line on stderr starting with 'oco: '.",
    NULL,
};

/* Every protocol's CLI (cli.h); a new protocol adds its line here. */
const cli_protocol *const cli_protocols[] = {&cli_protocol_olp, &cli_protocol_oco,
                                             &cli_protocol_coco, &cli_protocol_bwk,
                                             &cli_protocol_oobc, NULL};

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_lines(stderr, usage);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (cli_is_help(cmd) || strcmp(cmd, "help") == 0) {
        cli_print_lines(stdout, usage);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("oco %s\n", oco_version());
        return CLI_OK;
    }
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0 || strcmp(cmd, "stream") == 0)
        return cli_dispatch(argc - 1, argv + 1, cmd);
    if (strcmp(cmd, "reproduce") == 0)
        return cmd_reproduce(argc - 1, argv + 1);
    if (strcmp(cmd, "train") == 0)
        return cmd_train(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1, argv[0]);
    if (cmd[0] == '-')
        return cli_error(CLI_USAGE, "unknown option '%s' (see 'oco --help')", cmd);
    return cli_error(CLI_USAGE, "unknown command '%s' (see 'oco --help')", cmd);
}
