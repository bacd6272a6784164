/* `oco reproduce` — internal declarations shared by its files:
 *   cmd_reproduce.c   the command: options, the report's header, the
 *                     single-process run (every experiment in this process)
 *   reproduce_mpi.c   the run across the ranks of an Open MPI job (built when
 *                     CMake finds MPI): one experiment per child process */
#ifndef OCO_REPRODUCE_H
#define OCO_REPRODUCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "experiments/registry.h"

/* The parsed options. has_* says whether the option was given (the report's
 * command line repeats only those, and the MPI children get only those). */
typedef struct reproduce_opts {
    const char *name, *out;
    const oco_experiment *one; /* NULL: all */
    int quick, progress, list, mpi;
    int has_seeds, has_jobs, has_tmax;
    size_t seeds, tmax;
    uint64_t jobs;
} reproduce_opts;

/* Parse argv (argv[0] = "reproduce"). CLI_OK, CLI_HELP (help printed) or
 * CLI_USAGE (message printed). */
int reproduce_parse(int argc, char **argv, reproduce_opts *o);
/* `oco reproduce --list`. */
int reproduce_list(void);
/* Create OUT, open OUT/REPORT.md and write its header: title, machine,
 * command, then `extra` (Markdown lines, may be NULL) and the preamble.
 * NULL with the message printed. */
FILE *reproduce_report_open(const reproduce_opts *o, const char *command_suffix,
                            const char *extra);
/* The note that ends a report when a PNG could not be rendered. */
void reproduce_gnuplot_note(FILE *md);
/* Its first line, to recognise it at the end of a child's report. */
#define REPRODUCE_GNUPLOT_NOTE "---\n\ngnuplot was not found on PATH:"

/* Under MPI (reproduce_mpi.c, only with OCO_HAVE_MPI): rank 0 parses argv
 * and broadcasts the options; with one rank this is the single-process run.
 * Returns the exit status of this rank. */
int reproduce_run_mpi(int argc, char **argv);
/* The single-process run. */
int reproduce_local(const reproduce_opts *o);

#endif
