/* Independent jobs in parallel (DESIGN.md: OpenMP on one machine). Results
 * cannot depend on the thread count as long as each job writes only its slot
 * and seeds its rng from its index (runner.h). Errors are per-thread
 * (oco_last_error is thread-local), so each thread keeps the message of its
 * own lowest failing job and the caller re-raises the lowest one overall —
 * the same job whatever the schedule. */
#include "oco/runner.h"

#include "oco/error.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

enum { JOB_MSG_MAX = 1024 };

typedef struct job_failure {
    size_t job; /* lowest failing job seen by this thread (SIZE_MAX: none) */
    int code;
    char msg[JOB_MSG_MAX];
} job_failure;

static void record_failure(job_failure *f, size_t job, int code)
{
    if (job >= f->job)
        return;
    f->job = job;
    f->code = code;
    if (oco_last_error_code() == code && oco_last_error()[0])
        strncpy(f->msg, oco_last_error(), JOB_MSG_MAX - 1);
    else
        strncpy(f->msg, oco_strerror(code), JOB_MSG_MAX - 1);
    f->msg[JOB_MSG_MAX - 1] = '\0';
}

int oco_jobs_run(size_t njobs, int threads, oco_job_fn fn, void *ctx)
{
    if (!fn)
        return oco_set_error(OCO_EINVAL, "jobs: fn is NULL");
    if (threads < 0)
        return oco_set_error(OCO_EINVAL, "jobs: threads must be >= 0 (got %d)", threads);
    if (njobs == 0)
        return OCO_OK;
#ifdef _OPENMP
    if (threads == 0)
        threads = omp_get_max_threads();
#else
    threads = 1;
#endif
    if ((size_t)threads > njobs)
        threads = (int)njobs;

    job_failure *fail = malloc((size_t)threads * sizeof *fail);
    if (!fail)
        return oco_set_error(OCO_ENOMEM, "jobs: out of memory for %d threads", threads);
    for (int k = 0; k < threads; ++k) {
        fail[k].job = SIZE_MAX;
        fail[k].code = 0;
        fail[k].msg[0] = '\0';
    }
    /* Lowest failing job index known so far: jobs above it are skipped (their
     * outcome cannot change which error is returned); jobs below still run. */
    size_t first_fail = SIZE_MAX;

#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
    for (size_t j = 0; j < njobs; ++j) {
        size_t known;
#ifdef _OPENMP
#pragma omp atomic read
#endif
        known = first_fail;
        if (j > known)
            continue;
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        oco_clear_error();
        const int rc = fn(ctx, j);
        if (rc != 0) {
            record_failure(&fail[tid], j, rc);
#ifdef _OPENMP
#pragma omp critical(oco_jobs_first_fail)
#endif
            {
                /* only writer, under the critical section; the atomic write
                 * pairs with the atomic reads above */
                if (j < first_fail) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
                    first_fail = j;
                }
            }
        }
    }

    int rc = OCO_OK;
    const job_failure *low = NULL;
    for (int k = 0; k < threads; ++k)
        if (fail[k].job != SIZE_MAX && (!low || fail[k].job < low->job))
            low = &fail[k];
    if (low)
        rc = oco_set_error(low->code, "job %zu: %s", low->job, low->msg);
    free(fail);
    return rc;
}
