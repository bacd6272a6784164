/* `oco reproduce NAME|all`: run named reproductions (src/experiments) and write
 * DIR/REPORT.md and, per experiment, DIR/<exp>/ with CSV, gnuplot scripts, PNG.
 * This file: the options, the report's header and the single-process run;
 * under MPI the experiments are spread over the ranks (reproduce_mpi.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "experiments/progress.h"
#include "experiments/registry.h"
#include "experiments/report.h"
#include "oco/error.h"
#include "oco/version.h"
#include "reproduce.h"

static const char *const help[] = {
    "usage: oco reproduce NAME|all [--quick] [--out DIR] [--seeds K] [--jobs J]",
    "                              [--T-max N] [--progress] [--mpi]",
    "       oco reproduce --list",
    "",
    "Run a named reproduction of a paper's experiment ('oco list' or --list) or all",
    "of them, and write DIR/REPORT.md (machine, date, version, then one section per",
    "experiment: mean and 95% CI over seeds, figures, and each qualitative claim of",
    "the paper checked with PASS/FAIL), DIR/<name>/*.csv (the data behind every",
    "figure), DIR/<name>/*.gp (gnuplot scripts) and the PNGs rendered by gnuplot",
    "(if gnuplot is missing the report says so and keeps the CSV and scripts).",
    "",
    "  --quick       the reduced setting used by 'make demo' (e.g. T up to 10^5)",
    "  --out DIR     output directory (default: results)",
    "  --seeds K     seeds per point (default: the experiment's, e.g. 20)",
    "  --jobs J      threads for the independent runs (default 0 = all cores; under",
    "                MPI: per experiment, on its rank's host); the results do not",
    "                depend on J",
    "  --T-max N     largest horizon T to run (for quick checks and tests)",
    "  --progress    progress on stderr (done/total, elapsed, ETA) even when stderr",
    "                is not a terminal (it is shown on a terminal anyway)",
    "  --mpi         spread the experiments over the ranks of an MPI job (implied",
    "                under Open MPI's mpirun; with one rank: the usual run)",
    "",
    "Across machines: 'mpirun -np N oco reproduce all ...'. The unit is one",
    "experiment: the k-th one to run goes to rank k mod N (registry order), as a",
    "child process of this binary writing into a temporary directory of its host;",
    "its report section and files are sent to rank 0 as MPI messages, and rank 0",
    "writes DIR (no shared file system needed). REPORT.md and the CSV are those of",
    "a single-process run, timing aside. An experiment uses --jobs threads (default",
    "all cores of its host): run one rank per host (mpirun --map-by ppr:1:node,",
    "--hostfile for the machines), or give --jobs (cores / ranks per host);",
    "--oversubscribe for more ranks than cores. --progress: experiments done/total.",
#ifdef OCO_HAVE_MPI
    "This oco is built with Open MPI: yes.",
#else
    "This oco is built with Open MPI: no (--mpi and mpirun refused; see README).",
#endif
    "",
    "exit status: 0 if every experiment ran (a FAIL of a claim is a result, reported",
    "in REPORT.md and on stderr, not an error), 1 if an experiment or a file failed,",
    "2 usage error.",
    NULL,
};

int reproduce_list(void)
{
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        const oco_experiment *e = oco_experiment_at(i);
        printf("%-14s %s (%s)\n", e->name, e->title, e->paper);
    }
    return CLI_OK;
}

static char *join(const char *a, const char *b)
{
    size_t len = strlen(a) + strlen(b) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", a, b);
    return p;
}

int reproduce_parse(int argc, char **argv, reproduce_opts *o)
{
    const char *seeds_s = NULL, *jobs_s = NULL, *tmax_s = NULL;
    memset(o, 0, sizeof *o);
    o->out = "results";
    const cli_spec spec[] = {{"out", CLI_VALUE, &o->out},
                             {"seeds", CLI_VALUE, &seeds_s},
                             {"jobs", CLI_VALUE, &jobs_s},
                             {"T-max", CLI_VALUE, &tmax_s},
                             {"quick", CLI_FLAG, &o->quick},
                             {"progress", CLI_FLAG, &o->progress},
                             {"list", CLI_FLAG, &o->list},
                             {"mpi", CLI_FLAG, &o->mpi},
                             {NULL, CLI_VALUE, NULL}};
    const int prc = cli_parse(argc, argv, 1, spec, "reproduce", help, &o->name,
                              "one experiment name or 'all'");
    if (prc != 0)
        return prc;
    if (o->list)
        return CLI_OK;
    if (!o->name)
        return cli_error(CLI_USAGE, "missing experiment name (one of 'oco reproduce --list', or "
                                    "'all')");
    o->has_seeds = seeds_s != NULL;
    o->has_jobs = jobs_s != NULL;
    o->has_tmax = tmax_s != NULL;
    /* At least 2 seeds: a 95% CI needs a sample standard deviation. */
    if ((seeds_s && cli_parse_size("--seeds", seeds_s, 2, &o->seeds)) ||
        (jobs_s && cli_parse_u64("--jobs", jobs_s, 0, 4096, &o->jobs)) ||
        (tmax_s && cli_parse_size("--T-max", tmax_s, 1, &o->tmax)))
        return CLI_USAGE;
    if (!*o->out)
        return cli_error(CLI_USAGE, "--out: empty directory name");
    if (strcmp(o->name, "all") != 0) {
        o->one = oco_experiment_find(o->name);
        if (!o->one)
            return cli_error(CLI_USAGE, "%s", oco_last_error());
    }
    return CLI_OK;
}

FILE *reproduce_report_open(const reproduce_opts *o, const char *command_suffix,
                            const char *extra)
{
    if (oco_mkdir_p(o->out) != OCO_OK) {
        cli_error(CLI_RUNTIME, "--out: %s", oco_last_error());
        return NULL;
    }
    FILE *md = oco_report_fopen(o->out, "REPORT.md");
    if (!md) {
        cli_error(CLI_RUNTIME, "%s", oco_last_error());
        return NULL;
    }
    fprintf(md, "# oco reproduction report\n\n");
    oco_report_machine(md);
    fprintf(md, "- command: `oco reproduce %s%s --out %s", o->name, o->quick ? " --quick" : "",
            o->out);
    if (o->has_seeds)
        fprintf(md, " --seeds %zu", o->seeds);
    if (o->has_jobs)
        fprintf(md, " --jobs %llu", (unsigned long long)o->jobs);
    if (o->has_tmax)
        fprintf(md, " --T-max %zu", o->tmax);
    fprintf(md, "`%s\n", command_suffix ? command_suffix : "");
    if (extra)
        fputs(extra, md);
    fprintf(md, "\nEvery number below was computed by this run of oco; none is copied from a "
                "paper. Each section names its source (seed and equation in "
                "`../shared/algorithms/`), its setting, the mean and 95%% confidence interval "
                "over seeds, and checks the paper's qualitative claim with PASS/FAIL.\n\n");
    fflush(md);
    return md;
}

void reproduce_gnuplot_note(FILE *md)
{
    fprintf(md, "---\n\ngnuplot was not found on PATH: no PNG was rendered. Install it "
                "(`gnuplot-nox`) and run `gnuplot NAME.gp` in each experiment directory, or "
                "re-run `oco reproduce`.\n");
}

int reproduce_local(const reproduce_opts *o)
{
    FILE *md = reproduce_report_open(o, NULL, NULL);
    if (!md)
        return CLI_RUNTIME;
    int have_gp = oco_gnuplot_available();
    oco_progress *prog = oco_progress_new(o->progress || isatty(STDERR_FILENO) ? stderr : NULL);
    if (!prog) {
        fclose(md);
        return cli_error(CLI_RUNTIME, "out of memory");
    }
    int rc = CLI_OK;
    size_t claims = 0, passed = 0;
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        const oco_experiment *e = oco_experiment_at(i);
        if (o->one && e != o->one)
            continue;
        char *dir = join(o->out, e->name);
        if (!dir || oco_mkdir_p(dir) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "%s", dir ? oco_last_error() : "out of memory");
            free(dir);
            break;
        }
        /* gnuplot appends to its log: start each run with a fresh one. */
        char *log = join(dir, "gnuplot.log");
        if (log)
            remove(log);
        free(log);
        oco_exp_env env = {dir,    e->name, md, o->quick, o->seeds, o->tmax, (int)o->jobs,
                           have_gp, prog};
        oco_exp_outcome oc = {0, 0};
        double t0 = oco_now();
        int erc = e->run(&env, &oc);
        if (erc != OCO_OK) {
            const char *msg = oco_last_error()[0] ? oco_last_error() : oco_strerror(erc);
            fprintf(md, "## %s — %s\n\n**Not run: error.** %s\n\n", e->name, e->title, msg);
            rc = cli_error(CLI_RUNTIME, "reproduce %s: %s", e->name, msg);
        } else {
            fprintf(stderr, "oco: %s: %zu of %zu claims PASS (%.1f s); see %s/REPORT.md\n",
                    e->name, oc.passed, oc.claims, oco_now() - t0, o->out);
            claims += oc.claims;
            passed += oc.passed;
        }
        fflush(md);
        free(dir);
    }
    oco_progress_free(prog);
    if (!have_gp)
        reproduce_gnuplot_note(md);
    if (oco_report_fclose(md, "REPORT.md") != OCO_OK && rc == CLI_OK)
        rc = cli_error(CLI_RUNTIME, "%s/%s", o->out, oco_last_error());
    if (!o->one && rc == CLI_OK)
        fprintf(stderr, "oco: reproduce all: %zu of %zu claims PASS; report %s/REPORT.md\n", passed,
                claims, o->out);
    return rc;
}

/* "--mpi" among the arguments, before parsing them: under MPI only rank 0
 * parses (so that a usage error is printed once), and the ranks must know
 * they are under MPI before that. */
static int wants_mpi(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        if (strcmp(argv[i], "--mpi") == 0)
            return 1;
    return 0;
}

int cmd_reproduce(int argc, char **argv)
{
    /* Under mpirun (Open MPI sets OMPI_COMM_WORLD_SIZE in every rank; the
     * MPI run removes it from its children's environment). */
    const char *ws = getenv("OMPI_COMM_WORLD_SIZE");
    const int under_mpi = ws && strtol(ws, NULL, 10) > 1;
#ifdef OCO_HAVE_MPI
    if (under_mpi || wants_mpi(argc, argv))
        return reproduce_run_mpi(argc, argv);
#else
    if (under_mpi)
        return cli_error(CLI_USAGE, "this oco is built without MPI: run 'oco reproduce' without "
                                    "mpirun, or rebuild with Open MPI (libopenmpi-dev) found by "
                                    "CMake");
    (void)wants_mpi;
#endif
    reproduce_opts o;
    const int prc = reproduce_parse(argc, argv, &o);
    if (prc != 0)
        return prc == CLI_HELP ? CLI_OK : prc;
#ifndef OCO_HAVE_MPI
    if (o.mpi)
        return cli_error(CLI_USAGE, "--mpi: this oco is built without MPI (rebuild with Open MPI, "
                                    "libopenmpi-dev, found by CMake; or drop --mpi)");
#endif
    if (o.list)
        return reproduce_list();
    return reproduce_local(&o);
}
