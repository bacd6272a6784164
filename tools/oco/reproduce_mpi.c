/* `mpirun -np N oco reproduce NAME|all ...` (or `--mpi`): the experiments
 * across the ranks of an MPI job.
 *
 * The unit of distribution is one experiment. Rank 0 parses the options and
 * broadcasts them; the k-th experiment of the run (registry order) goes to
 * rank k mod N, which runs it as a child process of this binary,
 *   oco reproduce NAME --out TMP [--quick] [--seeds K] [--jobs J] [--T-max N]
 * (the options given, no others: a section names its thread count, so a
 * default of our own would change the report), in a temporary directory of
 * its own host. The rank then sends to rank 0, as MPI
 * messages (so no shared file system is needed), every regular file of
 * TMP/NAME/ (recursively) and a last record with the child's exit status,
 * its REPORT.md section (from its first "## " line) and its stdout/stderr.
 * Rank 0 runs its own share the same way, receiving while its child runs,
 * writes the files under OUT/NAME/, prints each experiment's summary line and
 * writes OUT/REPORT.md with the sections in registry order (each as soon as
 * those before it are in). The experiments' numbers do not depend on --jobs,
 * so the report and the CSV are the single-process run's, timing aside.
 * Built only with OCO_HAVE_MPI. This file: the run (options, plan, report);
 * reproduce_mpi_exp.c runs an experiment, reproduce_mpi_recv.c takes its
 * records in on rank 0. */
#ifdef OCO_HAVE_MPI
#define _POSIX_C_SOURCE 200809L
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "experiments/progress.h"
#include "experiments/report.h"
#include "oco/error.h"
#include "reproduce_mpi.h"

void reproduce_oom(void)
{
    cli_error(CLI_RUNTIME, "out of memory");
    MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
}

void reproduce_put(reproduce_buf *b, const void *src, size_t n)
{
    if (b->cap - b->n < n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->n < n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            reproduce_oom();
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, src, n);
    b->n += n;
}

/* ---- the run ------------------------------------------------------------ */

/* Rank 0's options to every rank: [status, list, quick, has_seeds, seeds,
 * has_jobs, jobs, has_tmax, tmax, experiment index or -1 for all]. */
enum { NOPT = 10 };

static void bcast_opts(reproduce_run *r, int argc, char **argv, long long *status)
{
    long long v[NOPT] = {0};
    if (r->rank == 0) {
        const int prc = reproduce_parse(argc, argv, &r->o);
        v[0] = prc;
        v[1] = r->o.list;
        v[2] = r->o.quick;
        v[3] = r->o.has_seeds;
        v[4] = (long long)r->o.seeds;
        v[5] = r->o.has_jobs;
        v[6] = (long long)r->o.jobs;
        v[7] = r->o.has_tmax;
        v[8] = (long long)r->o.tmax;
        v[9] = -1;
        for (size_t i = 0; prc == 0 && r->o.one && i < oco_experiment_count(); ++i)
            if (oco_experiment_at(i) == r->o.one)
                v[9] = (long long)i;
    }
    MPI_Bcast(v, NOPT, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (r->rank != 0) {
        memset(&r->o, 0, sizeof r->o);
        r->o.list = (int)v[1];
        r->o.quick = (int)v[2];
        r->o.has_seeds = (int)v[3];
        r->o.seeds = (size_t)v[4];
        r->o.has_jobs = (int)v[5];
        r->o.jobs = (uint64_t)v[6];
        r->o.has_tmax = (int)v[7];
        r->o.tmax = (size_t)v[8];
        r->o.one = v[9] >= 0 ? oco_experiment_at((size_t)v[9]) : NULL;
    }
    *status = v[0];
}

/* The experiments of the run. */
static void plan(reproduce_run *r)
{
    r->sel = malloc(oco_experiment_count() * sizeof *r->sel);
    if (!r->sel)
        reproduce_oom();
    for (size_t i = 0; i < oco_experiment_count(); ++i)
        if (!r->o.one || oco_experiment_at(i) == r->o.one)
            r->sel[r->nsel++] = i;
}

/* Rank 0: the report's header (the machine line is rank 0's: the others are
 * named by host), OUT/NAME/ for every experiment. 0 or CLI_RUNTIME. */
static int open_report(reproduce_run *r, const char *hosts)
{
    reproduce_buf x = {0};
    char line[MPI_MAX_PROCESSOR_NAME + 256];
    int l = snprintf(line, sizeof line,
                     "- MPI: %d ranks, the k-th experiment on rank k mod %d "
                     "(the machine above is rank 0's):",
                     r->size, r->size);
    reproduce_put(&x, line, (size_t)l);
    for (size_t k = 0; k < r->nsel; ++k) {
        const int rk = (int)(k % (size_t)r->size);
        l = snprintf(line, sizeof line, "%s %s on rank %d (%s)", k ? "," : "",
                     oco_experiment_at(r->sel[k])->name, rk, hosts + rk * MPI_MAX_PROCESSOR_NAME);
        reproduce_put(&x, line, (size_t)l);
    }
    reproduce_put(&x, "\n", 2);
    char suffix[64];
    snprintf(suffix, sizeof suffix, " on %d MPI ranks", r->size);
    r->md = reproduce_report_open(&r->o, suffix, x.p);
    free(x.p);
    if (!r->md)
        return CLI_RUNTIME;
    for (size_t k = 0; k < r->nsel; ++k) {
        const char *name = oco_experiment_at(r->sel[k])->name;
        const size_t len = strlen(r->o.out) + strlen(name) + 16;
        char *dir = malloc(len);
        if (!dir)
            reproduce_oom();
        snprintf(dir, len, "%s/%s", r->o.out, name);
        if (oco_mkdir_p(dir) != OCO_OK) {
            free(dir);
            fclose(r->md);
            return cli_error(CLI_RUNTIME, "%s", oco_last_error());
        }
        /* As a single-process run: no gnuplot.log of an earlier run stays. */
        snprintf(dir, len, "%s/%s/gnuplot.log", r->o.out, name);
        remove(dir);
        free(dir);
    }
    r->section = calloc(r->nsel ? r->nsel : 1, sizeof *r->section);
    if (!r->section)
        reproduce_oom();
    return CLI_OK;
}

static int finish_report(reproduce_run *r)
{
    reproduce_write_sections(r);
    if (r->no_gnuplot)
        reproduce_gnuplot_note(r->md);
    if (oco_report_fclose(r->md, "REPORT.md") != OCO_OK && r->rc == CLI_OK)
        r->rc = cli_error(CLI_RUNTIME, "%s/%s", r->o.out, oco_last_error());
    if (!r->o.one && r->rc == CLI_OK)
        fprintf(stderr, "oco: reproduce all: %zu of %zu claims PASS; report %s/REPORT.md\n",
                r->passed, r->claims, r->o.out);
    free(r->section);
    return r->rc;
}

int reproduce_run_mpi(int argc, char **argv)
{
    reproduce_run r = {0};
    MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &r.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &r.size);
    long long status = 0;
    bcast_opts(&r, argc, argv, &status);
    if (status != 0 || r.o.list || r.size == 1) {
        MPI_Finalize();
        if (status != 0) /* the same argv: rank 0 said why */
            return status == CLI_HELP ? CLI_OK : (int)status;
        if (r.rank != 0)
            return CLI_OK;
        return r.o.list ? reproduce_list() : reproduce_local(&r.o);
    }
    plan(&r);
    char name[MPI_MAX_PROCESSOR_NAME] = "", *hosts = NULL;
    int nl = 0;
    MPI_Get_processor_name(name, &nl);
    name[MPI_MAX_PROCESSOR_NAME - 1] = '\0';
    if (r.rank == 0 && !(hosts = calloc((size_t)r.size, MPI_MAX_PROCESSOR_NAME)))
        reproduce_oom();
    MPI_Gather(name, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, hosts, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0,
               MPI_COMM_WORLD);
    int go = CLI_OK;
    if (r.rank == 0)
        go = open_report(&r, hosts);
    free(hosts);
    MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (go != CLI_OK) {
        free(r.sel);
        MPI_Finalize();
        return go;
    }
    if (r.rank == 0) {
        r.prog = oco_progress_new(r.o.progress || isatty(STDERR_FILENO) ? stderr : NULL);
        if (!r.prog)
            reproduce_oom();
        oco_progress_begin(r.prog, "reproduce", r.nsel, (double)r.nsel);
    }
    for (size_t k = (size_t)r.rank; k < r.nsel; k += (size_t)r.size)
        reproduce_run_experiment(&r, (uint32_t)k);
    int rc = CLI_OK;
    if (r.rank == 0) {
        while (r.ndone < r.nsel)
            reproduce_recv_record(&r, 1);
        oco_progress_end(r.prog);
        oco_progress_free(r.prog);
        rc = finish_report(&r);
    }
    free(r.sel);
    MPI_Finalize();
    return rc;
}
#else
/* Built without MPI: cmd_reproduce.c refuses --mpi and mpirun. */
typedef int reproduce_mpi_not_built;
#endif
