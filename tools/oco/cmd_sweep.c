/* `oco sweep SPEC.json --out FILE.jsonl`: one `oco run ... --json` per point
 * of a grid, run in parallel as child processes (sweep_exec.c) or across the
 * ranks of an Open MPI job (sweep_mpi.c), written to FILE.jsonl in grid order
 * one fsync'ed line at a time, so that a killed sweep leaves a valid prefix
 * that --resume completes into exactly the file of an uninterrupted run. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "experiments/progress.h"
#include "sweep.h"

static const char *const help[] = {
    "usage: oco sweep SPEC.json --out FILE.jsonl [--jobs J] [--resume] [--deterministic]",
    "                 [--progress]",
    "",
    "Run 'oco run ... --json' once per point of a grid and write one JSON line per job.",
    "SPEC.json is an object {\"run\": [ARGS...], \"grid\": {\"KEY\": [VALUES...], ...}}:",
    "\"run\" holds the 'oco run' arguments common to every job, e.g.",
    "[\"olp\", \"--gen\", \"1\", \"--m\", \"5\"]; \"grid\" maps an option to its values, e.g.",
    "{\"--algo\": [\"dual-subgradient\", \"decoupled\"], \"--T\": [\"1000\", \"10000\"],",
    " \"--seed\": [1, 2, 3], \"--param alpha\": [\"0.01\", \"0.1\"]}; a job takes one value",
    "per key. A key \"--opt\" with value V passes '--opt V'; a key with a space,",
    "\"--opt name\", passes '--opt name=V' (\"--param alpha\": \"0.01\" gives",
    "'--param alpha=0.01'); a value true/false passes the flag '--opt' or nothing",
    "(\"--hard-budget\": [false, true]).",
    "Values are strings, integers or true/false (write reals as strings).",
    "",
    "FILE.jsonl gets one line per job, in grid order (the last key varies fastest):",
    "  {\"job\": {KEY: VALUE, ...}, \"result\": <the 'oco run --json' object>}",
    "or, for a job that failed (the sweep goes on, and exits 1 at the end):",
    "  {\"job\": {KEY: VALUE, ...}, \"error\": \"<its oco: message>\", \"exit\": CODE}",
    "(CODE is 128 + N for a job killed by signal N). The bytes do not depend on --jobs",
    "or on the number of MPI ranks, timing fields aside.",
    "",
    "  --out FILE       the output file (required)",
    "  --jobs J         jobs at once (default 0 = the number of cores; under mpirun:",
    "                   per rank, default 1)",
    "  --resume         keep the jobs already in FILE (a truncated last line is",
    "                   dropped) and compute only the missing ones; the file ends",
    "                   as an uninterrupted run's (use the same SPEC and options)",
    "  --deterministic  drop the timing keys (\"seconds\", \"*_seconds\",",
    "                   \"*_per_second\") so the file is byte-identical across runs",
    "  --progress       progress on stderr (jobs done/total, elapsed, ETA)",
    "",
    "Each job is a child process of this binary: a job that crashes is an error line.",
    "Across machines: 'mpirun -np N oco sweep ...' (when oco is built with Open MPI):",
    "job i runs on rank i mod N, rank 0 writes FILE in grid order, same bytes",
    "(mpirun's --oversubscribe for more ranks than cores, --hostfile for machines).",
#ifdef OCO_HAVE_MPI
    "This oco is built with Open MPI: yes.",
#else
    "This oco is built with Open MPI: no (mpirun refused; see README).",
#endif
    "",
    "exit status: 0 every job succeeded, 1 a job failed or an I/O error (FILE keeps",
    "the lines written), 2 usage error or a bad SPEC.",
    NULL,
};

char *sweep_read_file(const char *opt, const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error(CLI_RUNTIME, "%s: cannot read '%s': %s", opt, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    while (p) {
        len += fread(p + len, 1, cap - len - 1, f);
        if (len < cap - 1)
            break;
        char *q = realloc(p, 2 * cap);
        if (!q) {
            free(p);
            p = NULL;
        }
        p = q;
        cap *= 2;
    }
    int bad = !p || ferror(f);
    fclose(f);
    if (bad) {
        free(p);
        cli_error(CLI_RUNTIME, "%s: error reading '%s'", opt, path);
        return NULL;
    }
    p[len] = '\0';
    *n = len;
    return p;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* --resume: the lines of FILE that are jobs 0, 1, ... of this spec. A last
 * line without its newline is a write the kill cut short: dropped. */
static int resume_scan(sweep_out *o, const sweep_spec *s, size_t *keep)
{
    size_t n = 0;
    char *text = sweep_read_file("--out", o->path, &n);
    if (!text)
        return CLI_RUNTIME;
    size_t off = 0, line = 0;
    int rc = CLI_OK;
    while (rc == CLI_OK && off < n) {
        const char *nl = memchr(text + off, '\n', n - off);
        if (!nl)
            break;
        const size_t len = (size_t)(nl - (text + off));
        json_t *v = json_loadb(text + off, len, 0, NULL), *want = NULL;
        json_t *job = json_is_object(v) ? json_object_get(v, "job") : NULL;
        const int has_res = json_object_get(v, "result") != NULL;
        const int has_err = json_object_get(v, "error") != NULL;
        if (line < s->njobs)
            want = sweep_job_object(s, line);
        if (!job || has_res == has_err)
            rc = cli_error(CLI_RUNTIME, "--resume: %s:%zu: not a line of 'oco sweep' (remove the "
                                        "file to start again)", o->path, line + 1);
        else if (!want || !json_equal(job, want))
            rc = cli_error(CLI_RUNTIME, "--resume: %s:%zu: not job %zu of this spec: the file is "
                                        "another sweep's (remove it to start again)", o->path,
                           line + 1, line + 1);
        o->failed += has_err && rc == CLI_OK;
        json_decref(v);
        json_decref(want);
        off += len + 1;
        line += rc == CLI_OK;
    }
    free(text);
    *keep = off;
    o->next = line;
    return rc;
}

int sweep_out_open(sweep_out *o, const char *path, const sweep_spec *s, int resume)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->fd = -1;
    o->njobs = s->njobs;
    o->pending = calloc(s->njobs ? s->njobs : 1, sizeof *o->pending);
    o->pending_failed = calloc(s->njobs ? s->njobs : 1, 1);
    if (!o->pending || !o->pending_failed)
        return cli_error(CLI_RUNTIME, "out of memory");
    size_t keep = 0;
    struct stat st;
    if (resume && stat(path, &st) == 0) {
        int rc = resume_scan(o, s, &keep);
        if (rc != CLI_OK)
            return rc;
        o->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (o->fd >= 0 && (ftruncate(o->fd, (off_t)keep) != 0 ||
                           lseek(o->fd, 0, SEEK_END) < 0)) {
            close(o->fd);
            o->fd = -1;
        }
    } else {
        o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    }
    if (o->fd < 0)
        return cli_error(CLI_RUNTIME, "--out: cannot write '%s': %s", path, strerror(errno));
    return CLI_OK;
}

void sweep_out_put(sweep_out *o, size_t i, char *line, int failed)
{
    if (i < o->next || i >= o->njobs || o->pending[i]) {
        free(line);
        return;
    }
    o->pending[i] = line;
    o->pending_failed[i] = (unsigned char)failed;
    oco_progress_step(o->prog, 1.0);
    const size_t from = o->next;
    while (o->next < o->njobs && o->pending[o->next]) {
        char *l = o->pending[o->next];
        size_t len = strlen(l);
        l[len] = '\n'; /* over the NUL: the line goes out with one write() */
        if (!o->io_error && write_all(o->fd, l, len + 1) != 0)
            o->io_error = errno ? errno : EIO;
        o->failed += o->pending_failed[o->next];
        free(l);
        o->pending[o->next++] = NULL;
    }
    /* One fsync for the lines that became writable together (a kill after
     * it loses none of them; before it, --resume recomputes them). */
    if (o->next > from && !o->io_error && fsync(o->fd) != 0)
        o->io_error = errno ? errno : EIO;
}

void sweep_out_done(void *ctx, size_t index, char *line, int failed)
{
    sweep_out_put(ctx, index, line, failed);
}

int sweep_out_close(sweep_out *o)
{
    int rc = CLI_OK;
    if (o->io_error)
        rc = cli_error(CLI_RUNTIME, "--out: error writing '%s': %s", o->path,
                       strerror(o->io_error));
    if (o->fd >= 0 && close(o->fd) != 0 && rc == CLI_OK)
        rc = cli_error(CLI_RUNTIME, "--out: error writing '%s': %s", o->path, strerror(errno));
    o->fd = -1;
    for (size_t i = 0; o->pending && i < o->njobs; ++i)
        free(o->pending[i]);
    free(o->pending);
    free(o->pending_failed);
    o->pending = NULL;
    o->pending_failed = NULL;
    return rc;
}

int sweep_out_finish(sweep_out *o, int rc)
{
    int crc = sweep_out_close(o);
    if (rc != CLI_OK || crc != CLI_OK)
        return rc != CLI_OK ? rc : crc;
    if (o->failed)
        return cli_error(CLI_RUNTIME, "sweep: %zu of %zu jobs failed (their lines in %s hold the "
                                      "error)", o->failed, o->njobs, o->path);
    return CLI_OK;
}

/* The sweep on this machine. */
static int sweep_local(const sweep_opts *op)
{
    size_t n = 0;
    char *text = sweep_read_file("SPEC", op->spec_path, &n);
    if (!text)
        return CLI_RUNTIME;
    sweep_spec s;
    char err[512];
    int rc = sweep_spec_parse(op->spec_path, text, n, &s, err, sizeof err);
    free(text);
    if (rc != 0) {
        sweep_spec_free(&s);
        return cli_error(rc, "%s", err);
    }
    sweep_out o;
    rc = sweep_out_open(&o, op->out_path, &s, op->resume);
    if (rc == CLI_OK) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        size_t jobs = op->jobs ? op->jobs : cores > 0 ? (size_t)cores : 1;
        o.prog = oco_progress_new(op->progress ? stderr : NULL);
        oco_progress_begin(o.prog, "sweep", s.njobs - o.next, (double)(s.njobs - o.next));
        sweep_exec e = {&s, op->self, op->deterministic, sweep_out_done, NULL, &o, 0};
        rc = sweep_exec_run(&e, o.next, 1, jobs);
        oco_progress_end(o.prog);
        oco_progress_free(o.prog);
    }
    rc = sweep_out_finish(&o, rc);
    sweep_spec_free(&s);
    return rc;
}

/* This binary, for the children: /proc/self/exe, else argv[0] as found. */
static const char *resolve_self(const char *argv0, char *buf, size_t len)
{
    ssize_t r = readlink("/proc/self/exe", buf, len - 1);
    if (r > 0) {
        buf[r] = '\0';
        return buf;
    }
    if (argv0 && strchr(argv0, '/') && realpath(argv0, buf))
        return buf;
    const char *path = getenv("PATH");
    for (const char *p = path; argv0 && p && *p;) {
        const char *c = strchr(p, ':');
        size_t dl = c ? (size_t)(c - p) : strlen(p);
        snprintf(buf, len, "%.*s/%s", (int)dl, dl ? p : ".", argv0);
        if (access(buf, X_OK) == 0)
            return buf;
        p = c ? c + 1 : NULL;
    }
    return argv0;
}

int cmd_sweep(int argc, char **argv, const char *argv0)
{
    const char *spec_path = NULL, *out = NULL, *jobs_s = NULL;
    sweep_opts op = {0};
    const cli_spec spec[] = {{"out", CLI_VALUE, &out},
                             {"jobs", CLI_VALUE, &jobs_s},
                             {"resume", CLI_FLAG, &op.resume},
                             {"deterministic", CLI_FLAG, &op.deterministic},
                             {"progress", CLI_FLAG, &op.progress},
                             {NULL, CLI_VALUE, NULL}};
    const int prc = cli_parse(argc, argv, 1, spec, "sweep", help, &spec_path, "one SPEC file");
    if (prc != 0)
        return prc == CLI_HELP ? CLI_OK : prc;
    uint64_t jobs = 0;
    if (jobs_s && cli_parse_u64("--jobs", jobs_s, 0, 4096, &jobs))
        return CLI_USAGE;
    if (!spec_path)
        return cli_error(CLI_USAGE, "missing SPEC.json (see 'oco sweep --help')");
    if (!out || !*out)
        return cli_error(CLI_USAGE, "missing --out FILE.jsonl (see 'oco sweep --help')");
    static char self[PATH_MAX];
    op.spec_path = spec_path;
    op.out_path = out;
    op.self = resolve_self(argv0, self, sizeof self);
    op.jobs = (size_t)jobs;
    /* Under mpirun (Open MPI sets OMPI_COMM_WORLD_SIZE in every rank). */
    const char *ws = getenv("OMPI_COMM_WORLD_SIZE");
    const int under_mpi = ws && strtol(ws, NULL, 10) > 1;
#ifdef OCO_HAVE_MPI
    if (under_mpi)
        return sweep_run_mpi(&op);
#else
    if (under_mpi)
        return cli_error(CLI_USAGE, "this oco is built without MPI: run 'oco sweep' without "
                                    "mpirun, or rebuild with Open MPI (libopenmpi-dev) found by "
                                    "CMake");
#endif
    return sweep_local(&op);
}
