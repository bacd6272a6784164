/* `oco sweep` SPEC.json: the grid of jobs, each job's `oco run` argv and its
 * output line.
 *
 * Grid key expansion (README, 'oco sweep --help'): "--opt" with value V gives
 * the two arguments `--opt V`; "--opt name" (a space) gives `--opt name=V`
 * (e.g. "--param alpha": "0.01" -> `--param alpha=0.01`); a value true or
 * false of a key gives the flag `--opt` alone or nothing. Values are strings
 * or integers (JSON reals are refused: their text would not survive). */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "sweep.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

int sweep_spec_parse(const char *path, const char *text, size_t n, sweep_spec *s, char *err,
                     size_t errlen)
{
    memset(s, 0, sizeof *s);
    json_error_t je;
    s->root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!s->root)
        return fail(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
    if (!json_is_object(s->root))
        return fail(err, errlen, "%s: the spec must be a JSON object {\"run\": [...], \"grid\": "
                                 "{...}}", path);
    const char *key;
    json_t *v;
    json_object_foreach(s->root, key, v)
    {
        if (strcmp(key, "run") != 0 && strcmp(key, "grid") != 0)
            return fail(err, errlen, "%s: unknown key \"%s\" (the spec has \"run\" and \"grid\")",
                        path, key);
    }
    json_t *run = json_object_get(s->root, "run"), *grid = json_object_get(s->root, "grid");
    if (!run)
        return fail(err, errlen, "%s: missing \"run\": the list of 'oco run' arguments, e.g. "
                                 "[\"olp\", \"--gen\", \"1\"]", path);
    if (!json_is_array(run) || json_array_size(run) == 0)
        return fail(err, errlen, "%s: \"run\" must be a non-empty list of strings", path);
    if (!grid)
        return fail(err, errlen, "%s: missing \"grid\": an object mapping an option to its list "
                                 "of values", path);
    if (!json_is_object(grid))
        return fail(err, errlen, "%s: \"grid\" must be an object mapping an option to its list "
                                 "of values", path);
    s->nrun = json_array_size(run);
    s->nkeys = json_object_size(grid);
    s->run = calloc(s->nrun, sizeof *s->run);
    s->keys = calloc(s->nkeys + 1, sizeof *s->keys);
    s->lists = calloc(s->nkeys + 1, sizeof *s->lists);
    s->len = calloc(s->nkeys + 1, sizeof *s->len);
    if (!s->run || !s->keys || !s->lists || !s->len)
        return fail(err, errlen, "out of memory");
    for (size_t i = 0; i < s->nrun; ++i) {
        json_t *a = json_array_get(run, i);
        if (!json_is_string(a))
            return fail(err, errlen, "%s: \"run\" item %zu is not a string", path, i + 1);
        s->run[i] = json_string_value(a);
        if (strcmp(s->run[i], "--json") == 0)
            return fail(err, errlen, "%s: \"run\" must not hold --json (the sweep adds it)", path);
    }
    size_t k = 0;
    s->njobs = 1;
    json_object_foreach(grid, key, v)
    {
        if (strncmp(key, "--", 2) != 0 || key[2] == '\0' || key[2] == ' ')
            return fail(err, errlen, "%s: grid key \"%s\" is not an option (\"--name\" or "
                                     "\"--name key\")", path, key);
        const char *sp = strchr(key, ' ');
        if (sp && (sp[1] == '\0' || strchr(sp + 1, ' ')))
            return fail(err, errlen, "%s: grid key \"%s\": expected \"--name key\" with one "
                                     "space", path, key);
        if (!json_is_array(v))
            return fail(err, errlen, "%s: grid \"%s\": the values must be a list", path, key);
        if (json_array_size(v) == 0)
            return fail(err, errlen, "%s: grid \"%s\": empty list of values", path, key);
        for (size_t j = 0; j < json_array_size(v); ++j) {
            json_t *x = json_array_get(v, j);
            if (!json_is_string(x) && !json_is_integer(x) && !json_is_boolean(x))
                return fail(err, errlen, "%s: grid \"%s\": value %zu must be a string, an integer "
                                         "or true/false (write reals as strings)", path, key, j + 1);
            if (json_is_boolean(x) && sp)
                return fail(err, errlen, "%s: grid \"%s\": true/false needs a flag key "
                                         "(\"--name\")", path, key);
        }
        s->keys[k] = key;
        s->lists[k] = v;
        s->len[k] = json_array_size(v);
        if (s->njobs > ((size_t)-1) / s->len[k])
            return fail(err, errlen, "%s: the grid has too many jobs", path);
        s->njobs *= s->len[k];
        ++k;
    }
    return 0;
}

void sweep_spec_free(sweep_spec *s)
{
    json_decref(s->root);
    free(s->run);
    free(s->keys);
    free(s->lists);
    free(s->len);
    memset(s, 0, sizeof *s);
}

/* The value of grid key k in job i: the last key varies fastest. */
static json_t *job_value(const sweep_spec *s, size_t i, size_t k)
{
    size_t stride = 1;
    for (size_t j = k + 1; j < s->nkeys; ++j)
        stride *= s->len[j];
    return json_array_get(s->lists[k], (i / stride) % s->len[k]);
}

json_t *sweep_job_object(const sweep_spec *s, size_t i)
{
    json_t *o = json_object();
    for (size_t k = 0; o && k < s->nkeys; ++k)
        json_object_set(o, s->keys[k], job_value(s, i, k));
    return o;
}

void sweep_argv_free(char **argv)
{
    if (!argv)
        return;
    for (char **p = argv; *p; ++p)
        free(*p);
    free(argv);
}

char **sweep_job_argv(const sweep_spec *s, size_t i, const char *self)
{
    const size_t cap = 3 + s->nrun + 2 * s->nkeys + 1;
    char **a = calloc(cap, sizeof *a);
    size_t n = 0;
    int bad = !a;
    if (!bad) {
        a[n++] = strdup(self);
        a[n++] = strdup("run");
        for (size_t j = 0; j < s->nrun; ++j)
            a[n++] = strdup(s->run[j]);
    }
    for (size_t k = 0; !bad && k < s->nkeys; ++k) {
        const json_t *v = job_value(s, i, k);
        const char *key = s->keys[k], *sp = strchr(key, ' ');
        if (json_is_false(v))
            continue;
        a[n++] = sp ? strndup(key, (size_t)(sp - key)) : strdup(key);
        if (json_is_true(v))
            continue;
        char num[32];
        const char *val = num;
        if (json_is_integer(v))
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        else
            val = json_string_value(v);
        size_t len = strlen(val) + (sp ? strlen(sp + 1) + 1 : 0) + 1;
        char *arg = malloc(len);
        if (arg)
            snprintf(arg, len, "%s%s%s", sp ? sp + 1 : "", sp ? "=" : "", val);
        a[n++] = arg;
    }
    if (!bad) {
        a[n++] = strdup("--json");
        for (size_t j = 0; j < n; ++j)
            bad |= a[j] == NULL;
    }
    if (bad) {
        for (size_t j = 0; a && j < n; ++j)
            free(a[j]);
        free(a);
        return NULL;
    }
    return a;
}

/* --deterministic: drop the timing keys ("seconds", "*_seconds",
 * "*_per_second") at any depth, so that the file is byte-identical across
 * runs. */
static int is_timing(const char *key)
{
    size_t n = strlen(key);
    return strcmp(key, "seconds") == 0 || (n > 8 && strcmp(key + n - 8, "_seconds") == 0) ||
           (n > 11 && strcmp(key + n - 11, "_per_second") == 0);
}

static void drop_timing(json_t *v)
{
    if (json_is_array(v)) {
        for (size_t j = 0; j < json_array_size(v); ++j)
            drop_timing(json_array_get(v, j));
        return;
    }
    if (!json_is_object(v))
        return;
    const char *key;
    json_t *x;
    void *tmp;
    json_object_foreach_safe(v, tmp, key, x)
    {
        if (is_timing(key))
            json_object_del(v, key);
        else
            drop_timing(x);
    }
}

/* The job's error message: its first "oco: " line on stderr without the
 * prefix, else its first stderr line, else a description of the status. */
static json_t *text_n(const char *p, size_t n)
{
    json_t *v = json_stringn(p, n);
    return v ? v : json_string("(a message that is not UTF-8)");
}

static json_t *error_message(int status, const char *err, size_t nerr)
{
    const char *first = NULL;
    size_t nfirst = 0;
    for (const char *p = err, *end = err + nerr; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len >= 5 && memcmp(p, "oco: ", 5) == 0)
            return text_n(p + 5, len - 5);
        if (!first && len > 0)
            first = p, nfirst = len;
        p += len + 1;
    }
    if (first)
        return text_n(first, nfirst);
    char buf[96];
    if (WIFSIGNALED(status))
        snprintf(buf, sizeof buf, "killed by signal %d", WTERMSIG(status));
    else if (WEXITSTATUS(status) == 0)
        snprintf(buf, sizeof buf, "the job's output is not one JSON object");
    else
        snprintf(buf, sizeof buf, "exit status %d", WEXITSTATUS(status));
    return json_string(buf);
}

char *sweep_job_line(const sweep_spec *s, size_t i, int deterministic, int status,
                     const char *out, size_t nout, const char *err, size_t nerr, int *failed)
{
    json_t *line = json_object(), *result = NULL;
    if (!line)
        return NULL;
    json_object_set_new(line, "job", sweep_job_object(s, i));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        result = json_loadb(out, nout, 0, NULL);
        if (result && !json_is_object(result)) {
            json_decref(result);
            result = NULL;
        }
    }
    *failed = result == NULL;
    if (result) {
        if (deterministic)
            drop_timing(result);
        json_object_set_new(line, "result", result);
    } else {
        /* Shell convention for a signal: 128 + its number. */
        int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
        json_object_set_new(line, "error", error_message(status, err, nerr));
        json_object_set_new(line, "exit", json_integer(code));
    }
    char *text = json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(line);
    return text;
}
