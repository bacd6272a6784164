#define _POSIX_C_SOURCE 200809L
#include "experiments/progress.h"

#include "core/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct oco_progress {
    FILE *out; /* NULL: no output */
    int tty; /* rewrite one line with '\r' on a terminal; new lines otherwise */
    char label[64];
    size_t items;
    double work;
    double t0;
    atomic_size_t done;
    atomic_ullong work_done_milli; /* work * 1000, atomically added */
    atomic_flag printing;
    double last_print; /* guarded by `printing` */
};

/* Kept under the experiments' name (progress.h) for the CLI and the
 * experiment drivers; the clock itself is core's. */
double oco_now(void) { return oco__now_seconds(); }

oco_progress *oco_progress_new(FILE *out)
{
    oco_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out;
    p->tty = out && isatty(fileno(out));
    atomic_init(&p->done, 0);
    atomic_init(&p->work_done_milli, 0);
    atomic_flag_clear(&p->printing);
    return p;
}

void oco_progress_free(oco_progress *p) { free(p); }

static void fmt_dur(char *buf, size_t len, double s)
{
    if (!(s >= 0) || s > 1e7)
        snprintf(buf, len, "?");
    else if (s < 60)
        snprintf(buf, len, "%.0fs", s);
    else if (s < 3600)
        snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else
        snprintf(buf, len, "%dh%02dm", (int)(s / 3600), ((int)s % 3600) / 60);
}

static void print_line(oco_progress *p, size_t done, double wdone, int final)
{
    double el = oco_now() - p->t0;
    char e[32], r[32];
    fmt_dur(e, sizeof e, el);
    /* ETA from the share of estimated work done, not of jobs: the large-T
     * jobs dominate the time. */
    double frac = p->work > 0 ? wdone / p->work : (p->items ? (double)done / (double)p->items : 1);
    if (final)
        snprintf(r, sizeof r, "done");
    else if (frac > 0)
        fmt_dur(r, sizeof r, el * (1 - frac) / frac);
    else
        snprintf(r, sizeof r, "?");
    fprintf(p->out, "%s%s: %zu/%zu (%3.0f%%) elapsed %s, ETA %s%s", p->tty ? "\r" : "", p->label,
            done, p->items, 100.0 * frac, e, r, p->tty ? (final ? "\n" : "   ") : "\n");
    fflush(p->out);
}

void oco_progress_begin(oco_progress *p, const char *label, size_t items, double work)
{
    if (!p)
        return;
    snprintf(p->label, sizeof p->label, "%s", label);
    p->items = items;
    p->work = work;
    p->t0 = oco_now();
    p->last_print = p->t0;
    atomic_store(&p->done, 0);
    atomic_store(&p->work_done_milli, 0);
    if (p->out)
        print_line(p, 0, 0, 0);
}

void oco_progress_step(oco_progress *p, double work)
{
    if (!p)
        return;
    size_t done = atomic_fetch_add(&p->done, 1) + 1;
    unsigned long long w = (unsigned long long)(work * 1000.0);
    unsigned long long wd = atomic_fetch_add(&p->work_done_milli, w) + w;
    if (!p->out || atomic_flag_test_and_set(&p->printing))
        return;
    double now = oco_now();
    /* A terminal line is cheap to rewrite; a log file gets one line per 5 s. */
    if (now - p->last_print >= (p->tty ? 0.2 : 5.0)) {
        p->last_print = now;
        print_line(p, done, (double)wd / 1000.0, 0);
    }
    atomic_flag_clear(&p->printing);
}

void oco_progress_end(oco_progress *p)
{
    if (!p || !p->out)
        return;
    print_line(p, atomic_load(&p->done), (double)atomic_load(&p->work_done_milli) / 1000.0, 1);
}
