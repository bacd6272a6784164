/* `oco sweep` — internal declarations shared by its files:
 *   cmd_sweep.c   the command: options, the output file (in grid order,
 *                 fsync'ed lines, --resume), the single-machine sweep
 *   sweep_spec.c  SPEC.json: parsing, the grid's jobs, their argv and lines
 *   sweep_exec.c  running jobs as child processes of this binary
 *   sweep_mpi.c   the Open MPI sweep (built when CMake finds MPI)
 * The JSON line of job i is the same bytes whoever computes it, so the file
 * does not depend on --jobs or on the number of MPI ranks. */
#ifndef OCO_SWEEP_H
#define OCO_SWEEP_H

#include <stddef.h>

#include "cli.h"

struct json_t;
struct oco_progress;

/* A parsed SPEC: {"run": [ARGS...], "grid": {"KEY": [VALUES...], ...}}. */
typedef struct sweep_spec {
    struct json_t *root; /* owns everything below */
    size_t nrun;
    const char **run;    /* the strings of "run" */
    size_t nkeys;
    const char **keys;   /* grid keys, in the spec's order */
    struct json_t **lists;
    size_t *len;         /* len[k] = size of lists[k] */
    size_t njobs;        /* product of len[] */
} sweep_spec;

/* Parse SPEC text (n bytes; `path` names it in messages). On failure return
 * CLI_USAGE with the message (without "oco: ") in err. */
int sweep_spec_parse(const char *path, const char *text, size_t n, sweep_spec *s, char *err,
                     size_t errlen);
void sweep_spec_free(sweep_spec *s);
/* Job i's grid values {"KEY": value, ...} (grid order, last key fastest). */
struct json_t *sweep_job_object(const sweep_spec *s, size_t i);
/* Job i's argv: self, "run", the run args, the grid options, "--json", NULL
 * (malloc'ed; free with sweep_argv_free). NULL if out of memory. */
char **sweep_job_argv(const sweep_spec *s, size_t i, const char *self);
void sweep_argv_free(char **argv);
/* The output line of job i (no newline, malloc'ed): {"job":..., "result":...}
 * from the child's stdout when it exited 0 with one JSON object, else
 * {"job":..., "error": MSG, "exit": CODE}. *failed = 1 for an error line. */
char *sweep_job_line(const sweep_spec *s, size_t i, int deterministic, int status,
                     const char *out, size_t nout, const char *err, size_t nerr, int *failed);

/* Running jobs: indices first, first + step, ... (< njobs), at most `jobs`
 * children at once. Each finished job's line goes to done(); idle(), if set,
 * is called at least every poll_ms milliseconds (the MPI rank 0 receives
 * there) and stops the sweep by returning non-zero. Returns CLI_OK, or
 * CLI_RUNTIME (message printed) if the sweep was interrupted (a job killed
 * by SIGINT, SIGTERM or SIGHUP is not recorded: the sweep is being
 * stopped) or idle() stopped it. */
typedef struct sweep_exec {
    const sweep_spec *spec;
    const char *self;
    int deterministic;
    void (*done)(void *ctx, size_t index, char *line, int failed); /* takes line */
    int (*idle)(void *ctx);
    void *ctx;
    int poll_ms;
} sweep_exec;
int sweep_exec_run(const sweep_exec *e, size_t first, size_t step, size_t jobs);

/* The output file, written in grid order: put() keeps lines that come early
 * and writes (and fsyncs) every line whose predecessors are written. */
typedef struct sweep_out {
    const char *path;
    int fd;
    size_t next, njobs, failed;
    char **pending; /* pending[i]: job i's line, done but not written yet */
    unsigned char *pending_failed;
    int io_error;
    struct oco_progress *prog;
} sweep_out;
/* Open (or, with resume, check and continue) path for spec; out->next is
 * the first job to compute. CLI_RUNTIME/CLI_USAGE with the message printed. */
int sweep_out_open(sweep_out *o, const char *path, const sweep_spec *s, int resume);
void sweep_out_put(sweep_out *o, size_t i, char *line, int failed);
/* Close; CLI_RUNTIME (message printed) on a write error. */
int sweep_out_close(sweep_out *o);
/* Close after the sweep whose status is rc: rc if not CLI_OK, else
 * CLI_RUNTIME on a write error or if a job failed (message printed). */
int sweep_out_finish(sweep_out *o, int rc);
/* done() callback for sweep_exec that puts into a sweep_out. */
void sweep_out_done(void *ctx, size_t index, char *line, int failed);

/* The MPI sweep (sweep_mpi.c, only with OCO_HAVE_MPI): every rank reads no
 * file but rank 0, which broadcasts the spec and the resume point, gathers
 * the lines and writes the file. Returns the exit status of this rank. */
typedef struct sweep_opts {
    const char *spec_path, *out_path, *self;
    size_t jobs; /* 0: default */
    int resume, deterministic, progress;
} sweep_opts;
int sweep_run_mpi(const sweep_opts *o);
/* Read a whole file (malloc'ed, NUL-terminated); NULL with the message
 * printed on failure. */
char *sweep_read_file(const char *opt, const char *path, size_t *n);

#endif
