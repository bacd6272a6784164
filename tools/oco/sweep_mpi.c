/* `mpirun -np N oco sweep ...`: the sweep across the ranks of an Open MPI job.
 *
 * Only rank 0 touches files: it reads SPEC and broadcasts its bytes (so every
 * rank parses the same spec, whatever its file system), opens FILE.jsonl
 * (checking it with --resume) and broadcasts the first job to compute, k.
 * Job i >= k runs on rank (i - k) mod N as a child process (sweep_exec.c,
 * --jobs J at once per rank, default 1: mpirun places one rank per core).
 * Each rank sends a finished job's line to rank 0 as
 *   [job index: 8 bytes][failed: 1 byte][the line's bytes]
 * and rank 0 puts it in the file in grid order (sweep_out_put), so the bytes
 * are the single-process ones. A rank that cannot go on aborts the job: the
 * file keeps its valid prefix for --resume. Built only with OCO_HAVE_MPI. */
#ifdef OCO_HAVE_MPI
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "experiments/progress.h"
#include "sweep.h"

enum { TAG_LINE = 1 };

static void send_line(void *ctx, size_t index, char *line, int failed)
{
    (void)ctx;
    const size_t n = strlen(line);
    char *msg = n <= INT_MAX - 9 ? malloc(n + 9) : NULL;
    if (!msg) {
        cli_error(CLI_RUNTIME, "out of memory");
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    const uint64_t ix = index;
    memcpy(msg, &ix, 8);
    msg[8] = (char)(failed != 0);
    memcpy(msg + 9, line, n);
    MPI_Send(msg, (int)(n + 9), MPI_CHAR, 0, TAG_LINE, MPI_COMM_WORLD);
    free(msg);
    free(line);
}

/* Rank 0: receive one line (waiting for it if `wait`); 1 if one came. */
static int recv_line(sweep_out *o, int wait)
{
    MPI_Status st;
    int flag = 1, n = 0;
    if (wait)
        MPI_Probe(MPI_ANY_SOURCE, TAG_LINE, MPI_COMM_WORLD, &st);
    else
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_LINE, MPI_COMM_WORLD, &flag, &st);
    if (!flag)
        return 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    char *msg = malloc((size_t)n + 1);
    if (!msg || n < 9) {
        cli_error(CLI_RUNTIME, "%s from rank %d", msg ? "a malformed message" : "out of memory",
                  st.MPI_SOURCE);
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    MPI_Recv(msg, n, MPI_CHAR, st.MPI_SOURCE, TAG_LINE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    uint64_t ix;
    memcpy(&ix, msg, 8);
    const int failed = msg[8] != 0;
    /* The line in place of the header, NUL-terminated (sweep_out_put takes
     * a malloc'ed string). */
    memmove(msg, msg + 9, (size_t)n - 9);
    msg[n - 9] = '\0';
    sweep_out_put(o, (size_t)ix, msg, failed);
    return 1;
}

static int recv_ready(void *ctx)
{
    while (recv_line(ctx, 0))
        ;
    return 0;
}

/* Rank 0's spec bytes to every rank; NULL (on every rank) if unreadable. */
static char *bcast_spec(const sweep_opts *op, int rank, size_t *n)
{
    long long len = -1;
    char *text = NULL;
    if (rank == 0) {
        text = sweep_read_file("SPEC", op->spec_path, n);
        if (text && *n > INT_MAX) {
            cli_error(CLI_USAGE, "%s: too large for a spec", op->spec_path);
            free(text);
            text = NULL;
        }
        len = text ? (long long)*n : -1;
    }
    MPI_Bcast(&len, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (len < 0)
        return NULL;
    if (rank != 0 && !(text = malloc((size_t)len + 1))) {
        cli_error(CLI_RUNTIME, "out of memory");
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    MPI_Bcast(text, (int)len, MPI_CHAR, 0, MPI_COMM_WORLD);
    text[len] = '\0';
    *n = (size_t)len;
    return text;
}

int sweep_run_mpi(const sweep_opts *op)
{
    int rank = 0, size = 1;
    MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    size_t n = 0;
    char *text = bcast_spec(op, rank, &n);
    if (!text) {
        MPI_Finalize();
        return CLI_RUNTIME;
    }
    sweep_spec s;
    char err[512];
    int rc = sweep_spec_parse(op->spec_path, text, n, &s, err, sizeof err);
    free(text);
    if (rc != 0) { /* the same bytes: every rank fails alike, rank 0 says it */
        if (rank == 0)
            cli_error(rc, "%s", err);
        sweep_spec_free(&s);
        MPI_Finalize();
        return rc;
    }
    sweep_out o;
    long long start = 0;
    if (rank == 0) {
        rc = sweep_out_open(&o, op->out_path, &s, op->resume);
        start = rc == CLI_OK ? (long long)o.next : -(long long)rc;
    }
    MPI_Bcast(&start, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (start < 0) {
        if (rank == 0)
            sweep_out_close(&o);
        sweep_spec_free(&s);
        MPI_Finalize();
        return (int)-start;
    }
    const size_t first = (size_t)start + (size_t)rank, jobs = op->jobs ? op->jobs : 1;
    if (rank == 0) {
        o.prog = oco_progress_new(op->progress ? stderr : NULL);
        oco_progress_begin(o.prog, "sweep", s.njobs - o.next, (double)(s.njobs - o.next));
        sweep_exec e = {&s, op->self, op->deterministic, sweep_out_done, recv_ready, &o, 10};
        rc = sweep_exec_run(&e, first, (size_t)size, jobs);
        while (rc == CLI_OK && o.next < o.njobs)
            recv_line(&o, 1);
        oco_progress_end(o.prog);
        oco_progress_free(o.prog);
        rc = sweep_out_finish(&o, rc);
        if (rc != CLI_OK && o.next < o.njobs) /* interrupted: stop every rank */
            MPI_Abort(MPI_COMM_WORLD, rc);
    } else {
        sweep_exec e = {&s, op->self, op->deterministic, send_line, NULL, NULL, 0};
        rc = sweep_exec_run(&e, first, (size_t)size, jobs);
        if (rc != CLI_OK)
            MPI_Abort(MPI_COMM_WORLD, rc);
    }
    sweep_spec_free(&s);
    MPI_Finalize();
    return rc;
}
#else
/* Built without MPI: cmd_sweep.c refuses to run under mpirun. */
typedef int sweep_mpi_not_built;
#endif
