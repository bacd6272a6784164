/* oco CLI — strict option and number parsing shared by every command.
 *
 * Why strict: a typo such as "--T 1e5x" or "--seed -1" must be a usage error,
 * never a silently truncated value (strtoull accepts a leading '-' and wraps). */
#define _POSIX_C_SOURCE 200809L /* getline */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"

int cli_error(int code, const char *fmt, ...)
{
    va_list ap;
    fputs("oco: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

/* "--name" exactly (a flag takes no value). */
static int cli_flag(const char *arg, const char *name)
{
    return arg[0] == '-' && arg[1] == '-' && strcmp(arg + 2, name) == 0;
}

/* Option matching: if argv[*i] is "--name" (value in argv[*i+1]) or
 * "--name=value", sets *value, advances *i past the value and returns 1;
 * returns 0 if argv[*i] is another option; -1 (message printed) if the value
 * is missing. */
static int cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (arg[0] != '-' || arg[1] != '-' || strncmp(arg + 2, name, len) != 0)
        return 0;
    if (arg[2 + len] == '=') {
        *value = arg + 3 + len;
        return 1;
    }
    if (arg[2 + len] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_error(CLI_USAGE, "option '--%s' needs a value", name);
        return -1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

int cli_bad_arg(const char *arg, const char *cmd)
{
    if (arg[0] == '-')
        return cli_error(CLI_USAGE, "unknown option '%s' for 'oco %s' (see 'oco %s --help')", arg,
                         cmd, cmd);
    return cli_error(CLI_USAGE, "unexpected argument '%s' for 'oco %s'", arg, cmd);
}

int cli_blank_line(const char *line, size_t n)
{
    return n == 0 || (n == 1 && line[0] == '\n') || (n == 2 && line[0] == '\r' && line[1] == '\n');
}

int cli_lines_next(cli_lines *r, size_t *n)
{
    ssize_t len;
    while ((len = getline(&r->line, &r->cap, r->f)) >= 0) {
        ++r->lineno;
        if (!cli_blank_line(r->line, (size_t)len)) {
            *n = (size_t)len;
            return 1;
        }
    }
    return 0;
}

int cli_parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!s || !*s || !isdigit((unsigned char)s[0]))
        return cli_error(CLI_USAGE, "%s: '%s' is not a non-negative integer", opt, s ? s : "");
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0')
        return cli_error(CLI_USAGE, "%s: '%s' is not a non-negative integer", opt, s);
    if (errno == ERANGE || v > max)
        return cli_error(CLI_USAGE, "%s: '%s' is too large (max %llu)", opt, s,
                         (unsigned long long)max);
    if (v < min)
        return cli_error(CLI_USAGE, "%s must be at least %llu (got %s)", opt,
                         (unsigned long long)min, s);
    *out = (uint64_t)v;
    return 0;
}

int cli_parse_size(const char *opt, const char *s, size_t min, size_t *out)
{
    uint64_t v = 0;
    int rc = cli_parse_u64(opt, s, min, (uint64_t)SIZE_MAX, &v);
    if (rc == 0)
        *out = (size_t)v;
    return rc;
}

/* Parse a finite double occupying all of s[0..len). */
static int parse_double_n(const char *s, size_t len, double *out)
{
    char buf[128];
    while (len > 0 && isspace((unsigned char)*s))
        ++s, --len;
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        --len;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_double(const char *opt, const char *s, double *out)
{
    if (!s || parse_double_n(s, strlen(s), out) != 0)
        return cli_error(CLI_USAGE, "%s: '%s' is not a finite number", opt, s ? s : "");
    return 0;
}

int cli_parse_budget(const char *opt, const char *s, double **b, size_t *m)
{
    size_t n = 1;
    for (const char *p = s; *p; ++p)
        n += (*p == ',');
    double *v = malloc(n * sizeof *v);
    if (!v)
        return cli_error(CLI_RUNTIME, "out of memory");
    const char *p = s;
    for (size_t k = 0; k < n; ++k) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == 0) {
            free(v);
            return cli_error(CLI_USAGE, "%s: entry %zu of '%s' is missing", opt, k + 1, s);
        }
        if (parse_double_n(p, len, &v[k]) != 0) {
            free(v);
            return cli_error(CLI_USAGE, "%s: entry %zu ('%.*s') is not a finite number", opt,
                             k + 1, (int)len, p);
        }
        if (v[k] < 0) {
            free(v);
            return cli_error(CLI_USAGE, "%s: entry %zu is negative (%.*s); budgets must be >= 0",
                             opt, k + 1, (int)len, p);
        }
        p = q ? q + 1 : p + len;
    }
    *b = v;
    *m = n;
    return 0;
}

int cli_params_add(cli_params *p, char *text)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        oco_param *it = realloc(p->items, cap * sizeof *it);
        if (!it)
            return cli_error(CLI_RUNTIME, "out of memory");
        p->items = it;
        p->cap = cap;
    }
    if (oco_param_parse(text, &p->items[p->n]) != OCO_OK)
        return cli_error(CLI_USAGE, "--param: %s", oco_last_error());
    p->n++;
    return 0;
}

void cli_params_free(cli_params *p)
{
    free(p->items);
    p->items = NULL;
    p->n = p->cap = 0;
}

/* cli_opt for a repeatable "--name key=value" appended to *p: 1 (taken), 0
 * (argv[*i] is another option), -1 (value missing or malformed, message
 * printed). */
static int opt_param(int argc, char **argv, int *i, const char *name, cli_params *p)
{
    const char *val = NULL;
    int r = cli_opt(argc, argv, i, name, &val);
    if (r <= 0)
        return r;
    /* oco_param_parse writes a NUL into its argument: argv is ours. */
    return cli_params_add(p, (char *)val) != 0 ? -1 : 1;
}

/* One argument against the table: 1 matched, 0 none, -1 error printed. */
static int match_spec(int argc, char **argv, int *i, const cli_spec *spec)
{
    for (; spec->name; ++spec) {
        switch (spec->kind) {
        case CLI_FLAG:
            if (cli_flag(argv[*i], spec->name)) {
                *(int *)spec->slot = 1;
                return 1;
            }
            break;
        case CLI_PARAM: {
            int r = opt_param(argc, argv, i, spec->name, spec->slot);
            if (r != 0)
                return r;
            break;
        }
        case CLI_VALUE: {
            int r = cli_opt(argc, argv, i, spec->name, (const char **)spec->slot);
            if (r != 0)
                return r;
            break;
        }
        }
    }
    return 0;
}

int cli_parse(int argc, char **argv, int first, const cli_spec *spec, const char *cmd,
              const char *const *help, const char **positional, const char *positional_what)
{
    for (int i = first; i < argc; ++i) {
        const char *arg = argv[i];
        if (cli_is_help(arg)) {
            cli_print_lines(stdout, help);
            return CLI_HELP;
        }
        int r = match_spec(argc, argv, &i, spec);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        if (positional && arg[0] != '-') {
            if (*positional)
                return cli_error(CLI_USAGE, "unexpected argument '%s': %s", arg,
                                 positional_what);
            *positional = arg;
            continue;
        }
        return cli_bad_arg(arg, cmd);
    }
    return 0;
}

void cli_print_lines(FILE *f, const char *const *lines)
{
    for (; *lines; ++lines) {
        fputs(*lines, f);
        fputc('\n', f);
    }
}
