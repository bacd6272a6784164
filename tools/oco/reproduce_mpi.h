/* `oco reproduce` under MPI — internal declarations of its three files:
 *   reproduce_mpi.c       the run: options from rank 0, the plan, the report
 *   reproduce_mpi_exp.c   every rank: one experiment as a child process, its
 *                         files and report section sent to rank 0
 *   reproduce_mpi_recv.c  rank 0: the records in, written under OUT
 * Built only with OCO_HAVE_MPI (they include <mpi.h>). */
#ifndef OCO_REPRODUCE_MPI_H
#define OCO_REPRODUCE_MPI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "experiments/progress.h"
#include "reproduce.h"

enum { TAG_REC = 21 };
/* A record: [kind: 1 byte][experiment k of the run: 4 bytes] then
 *   REC_FILE: [path length: 4][path relative to NAME/][the file's bytes]
 *   REC_DONE: [exit status: 4][no gnuplot: 1][claims: 8][passed: 8]
 *             [seconds: 8][section length: 8][stdout length: 8]
 *             [section][stdout][stderr to the end]
 * (host byte order: the ranks are one architecture). */
enum { REC_FILE = 1, REC_DONE = 2 };
enum { DONE_HEAD = 1 + 4 + 4 + 1 + 8 + 8 + 8 + 8 + 8 };

/* A growing byte buffer. */
typedef struct reproduce_buf {
    char *p;
    size_t n, cap;
} reproduce_buf;

/* The run, as every rank sees it. */
typedef struct reproduce_run {
    int rank, size;
    reproduce_opts o;  /* rank 0: as parsed; others: what the children need */
    size_t nsel, *sel; /* the experiments of the run (registry indices) */
    /* rank 0 only */
    FILE *md;
    char **section;
    size_t next_write, ndone, claims, passed;
    int rc, no_gnuplot;
    oco_progress *prog;
} reproduce_run;

/* Out of memory: the message, then MPI_Abort (a rank cannot go on alone). */
void reproduce_oom(void);
/* Append n bytes (reproduce_oom if out of memory). */
void reproduce_put(reproduce_buf *b, const void *src, size_t n);

/* Every rank: run the k-th experiment of the run and deliver its records
 * (rank 0 to itself, the others to rank 0). */
void reproduce_run_experiment(reproduce_run *r, uint32_t k);
/* "oco: NAME: P of C claims PASS (...)", the child's summary line (l[0..len),
 * no newline): 1 and the counts (each if not NULL), else 0. */
int reproduce_is_summary(const char *l, size_t len, const char *name, uint64_t *claims,
                         uint64_t *passed);

/* Rank 0: take one record (from rank src). */
void reproduce_got_record(reproduce_run *r, const char *rec, size_t n, int src);
/* Rank 0: receive one record (waiting for one if `wait`); 1 if one came. */
int reproduce_recv_record(reproduce_run *r, int wait);
/* Rank 0: receive every record already there; 0 (the idle() of a child). */
int reproduce_recv_ready(reproduce_run *r);
/* Rank 0: write the sections whose predecessors are written. */
void reproduce_write_sections(reproduce_run *r);

#endif
