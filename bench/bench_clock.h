/* The benchmarks' clock and memory figure, shared by every program of bench/
 * (bench_util.h adds the allocation counter on top for the OCO benchmarks). */
#ifndef OCO_BENCH_CLOCK_H
#define OCO_BENCH_CLOCK_H

#include <sys/resource.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak resident set of this process so far, MB (Linux: ru_maxrss in kB). */
static inline double bench_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

#endif
