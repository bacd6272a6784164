/* Progress for long reproductions: items done / total, elapsed, ETA, written
 * to the stream the caller (the CLI) gives, stderr in practice.
 *
 * oco_progress_step is called from worker threads (oco_jobs_run); it counts
 * with atomics and prints best-effort (a thread that finds another one
 * printing skips), so it never blocks a job. */
#ifndef OCO_EXP_PROGRESS_H
#define OCO_EXP_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct oco_progress oco_progress;

/* out NULL: every call is a no-op (but the object still counts). On a
 * terminal one line is rewritten with '\r'; elsewhere each update is a line. */
oco_progress *oco_progress_new(FILE *out);
void oco_progress_free(oco_progress *p);
/* Start a phase of `items` jobs of total estimated `work` (any unit, used for
 * the ETA; jobs of very different size should say so). */
void oco_progress_begin(oco_progress *p, const char *label, size_t items, double work);
/* One job of estimated `work` finished (thread-safe). */
void oco_progress_step(oco_progress *p, double work);
/* End the phase: print the final line. */
void oco_progress_end(oco_progress *p);
/* Seconds on a monotonic clock. */
double oco_now(void);

#endif
