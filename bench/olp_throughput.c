/* Benchmark (not a test): decisions per second of seed 002 Algorithm 1
 * ("dual-subgradient", alpha = 1/sqrt(T), soft budget) through oco_olp_run on
 * generator type 1 data held in memory, for m = 1, 10, 100, next to this
 * machine's memory-streaming bound for the same bytes per order measured in
 * the same run: a pass that only reads and sums the same c and a arrays,
 * (m+1)·8 bytes per order. ratio = policy rate / streaming rate (1 = the
 * policy runs at memory speed).
 *
 * Usage: olp_throughput [T]   (or env OCO_BENCH_T; default 10^7 as in issue 3.
 *        m = 100 at T = 10^7 needs 8 GB of orders.)
 *        env OCO_BENCH_M="1,10" restricts the list of m.
 * Each figure is the best of 3 repetitions. Peak RSS from getrusage. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_clock.h"

#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/rng.h"
#include "oco/runner.h"

enum { REPS = 3 };

/* Sum n doubles with 8 independent accumulators, so the pass is limited by
 * memory bandwidth, not by the latency of one floating-point add chain. */
static double stream_sum(const double *x, size_t n)
{
    double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k)
            s[k] += x[i + (size_t)k];
    for (; i < n; ++i)
        s[0] += x[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

static size_t parse_size(const char *text, const char *what)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !(v >= 1.0) || v > 1e12) {
        fprintf(stderr, "olp_throughput: bad %s '%s'\n", what, text);
        exit(2);
    }
    return (size_t)v;
}

int main(int argc, char **argv)
{
    size_t T = 10000000;
    if (argc > 1)
        T = parse_size(argv[1], "T");
    else if (getenv("OCO_BENCH_T"))
        T = parse_size(getenv("OCO_BENCH_T"), "OCO_BENCH_T");
    size_t ms[8] = {1, 10, 100};
    size_t nm = 3;
    if (getenv("OCO_BENCH_M")) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", getenv("OCO_BENCH_M"));
        nm = 0;
        for (char *tok = strtok(buf, ","); tok && nm < 8; tok = strtok(NULL, ","))
            ms[nm++] = parse_size(tok, "m in OCO_BENCH_M");
    }
    const oco_olp_policy_type *type = oco_olp_policy_find("dual-subgradient");
    if (!type) {
        fprintf(stderr, "olp_throughput: %s\n", oco_last_error());
        return 1;
    }

    printf("olp_throughput: seed 002 Algorithm 1 (dual-subgradient, alpha = 1/sqrt(T), soft "
           "budget), generator type 1, T = %zu orders in memory, best of %d\n",
           T, REPS);
    printf("%5s %12s %10s %15s %15s %13s %7s %9s %11s\n", "m", "bytes/order", "data MB",
           "decisions/s", "stream ord/s", "stream GB/s", "ratio", "run s", "peakRSS MB");
    for (size_t k = 0; k < nm; ++k) {
        const size_t m = ms[k];
        oco_rng rng;
        oco_rng_seed(&rng, 1, m);
        oco_olp_instance *inst = oco_olp_generate(1, m, T, &rng);
        if (!inst) {
            fprintf(stderr, "olp_throughput: m = %zu: %s\n", m, oco_last_error());
            return 1;
        }
        const double bytes_per_order = (double)(m + 1) * sizeof(double);
        double best_run = INFINITY, best_stream = INFINITY, sink = 0.0;
        oco_olp_metrics met;
        for (int r = 0; r < REPS; ++r) {
            double t0 = bench_now();
            sink += stream_sum(inst->c, T) + stream_sum(inst->a, T * m);
            double dt = bench_now() - t0;
            if (dt < best_stream)
                best_stream = dt;
            int rc = oco_olp_run(type, NULL, 0, inst, NULL, NULL, NULL, &met);
            if (rc != OCO_OK) {
                fprintf(stderr, "olp_throughput: m = %zu: %s\n", m, oco_last_error());
                return 1;
            }
            if (met.seconds < best_run)
                best_run = met.seconds;
        }
        const double dps = (double)T / best_run, sps = (double)T / best_stream;
        printf("%5zu %12.0f %10.0f %15.4g %15.4g %13.3g %7.3f %9.3f %11.0f\n", m,
               bytes_per_order, bytes_per_order * (double)T / 1e6, dps, sps,
               sps * bytes_per_order / 1e9, dps / sps, best_run, bench_peak_rss_mb());
        fflush(stdout);
        if (sink == 42.0) /* keep the streaming pass from being optimised away */
            printf(" ");
        oco_olp_instance_free(inst);
    }
    printf("ratio = decisions/s ÷ orders/s of a pass that only reads and sums the same c and a "
           "arrays; peak RSS is cumulative over the rows.\n");
    return 0;
}
