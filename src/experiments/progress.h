/* Progress on stderr for long reproductions: items done / total, elapsed, ETA.
 *
 * oco_progress_step is called from worker threads (oco_jobs_run); it counts
 * with atomics and prints best-effort (a thread that finds another one
 * printing skips), so it never blocks a job. */
#ifndef OCO_EXP_PROGRESS_H
#define OCO_EXP_PROGRESS_H

#include <stddef.h>

typedef struct oco_progress oco_progress;

/* enabled = 0: every call is a no-op (but the object still counts). */
oco_progress *oco_progress_new(int enabled);
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
