/* What every protocol's `run` and `stream` share: the algorithm and its
 * --param pairs looked up in the one registry, the output files (--decisions,
 * --trace) and the JSON head of a run report (the stream loop is in
 * cli_stream.c).
 * A protocol's CLI file adds only what is its own. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"

int cli_algo(const char *name, oco_protocol protocol, const cli_params *p,
             const oco_algo_info **out)
{
    if (!name)
        return cli_error(CLI_USAGE, "missing --algo NAME (see 'oco list')");
    const oco_algo_info *in = oco_algo_find(name, protocol);
    if (!in)
        return cli_error(CLI_USAGE, "--algo: %s", oco_last_error());
    if (oco_algo_check_params(in, p->items, p->n))
        return cli_error(CLI_USAGE, "--param: %s", oco_last_error());
    *out = in;
    return 0;
}

FILE *cli_open_out(const char *opt, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        cli_error(CLI_RUNTIME, "%s: cannot write '%s': %s", opt, path, strerror(errno));
    return f;
}

int cli_close_out(const char *opt, const char *path, FILE **f)
{
    if (!*f)
        return 0;
    int bad = ferror(*f);
    bad |= fclose(*f) != 0;
    *f = NULL;
    return bad ? cli_error(CLI_RUNTIME, "%s: error writing '%s'", opt, path) : 0;
}

json_t *cli_jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

json_t *cli_run_json_head(const char *problem, const oco_algo_info *algo, size_t T,
                          const cli_params *params)
{
    json_t *o = json_object(), *p = json_object();
    for (size_t k = 0; k < params->n; ++k)
        json_object_set_new(p, params->items[k].key, cli_jnum(params->items[k].value));
    json_object_set_new(o, "problem", json_string(problem));
    json_object_set_new(o, "algo", json_string(algo->name));
    json_object_set_new(o, "T", json_integer((json_int_t)T));
    json_object_set_new(o, "params", p);
    return o;
}

int cli_json_print(json_t *o)
{
    int rc = json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(o);
    if (rc != 0 || putchar('\n') == EOF || fflush(stdout) != 0)
        return cli_error(CLI_RUNTIME, "cannot write to stdout");
    return CLI_OK;
}

void cli_print_algo(const oco_algo_info *algo, const cli_params *params)
{
    printf("algorithm   %s", algo->name);
    for (size_t k = 0; k < params->n; ++k)
        printf("%s%s=%.17g", k ? ", " : " (", params->items[k].key, params->items[k].value);
    if (params->n)
        putchar(')');
}

int cli_dispatch(int argc, char **argv, const char *cmd)
{
    const int run = strcmp(cmd, "run") == 0;
    if (argc < 2)
        return cli_error(CLI_USAGE, "missing protocol: 'oco %s PROTOCOL ...' (see 'oco %s "
                                    "--help')", cmd, cmd);
    if (!cli_is_help(argv[1])) {
        char known[128] = "";
        size_t used = 0;
        for (size_t i = 0; cli_protocols[i]; ++i) {
            const cli_protocol *p = cli_protocols[i];
            if (strcmp(argv[1], p->name) == 0)
                return run ? p->run(argc, argv) : p->stream(argc, argv);
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                     p->name);
        }
        return cli_error(CLI_USAGE, "unknown protocol '%s' for 'oco %s' (known: %s)", argv[1],
                         cmd, known);
    }
    FILE *f = stdout;
    fprintf(f, "usage: oco %s PROTOCOL [OPTIONS]\n\n", cmd);
    fprintf(f, run ? "Play an algorithm of PROTOCOL on an instance and report.\n"
                   : "Decide live: one input per stdin line, one decision per stdout line.\n");
    for (size_t i = 0; cli_protocols[i]; ++i) {
        const cli_protocol *p = cli_protocols[i];
        fprintf(f, "\n%s (%s):\n", p->name, p->summary);
        cli_print_lines(f, run ? p->run_usage : p->stream_usage);
    }
    fprintf(f, "\n'oco %s PROTOCOL --help' describes the options of each.\n", cmd);
    return fflush(f) != 0 ? cli_error(CLI_RUNTIME, "cannot write to stdout") : CLI_OK;
}
