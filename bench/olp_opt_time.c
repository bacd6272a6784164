/* Time of the exact OLP hindsight optimum (issue 3 benchmark), generator type
 * 1 (olp_laau.md §1.10), one seed, for T = 10^3..10^6 and m = 1, 5, 10:
 *   closed-form  the m = 1 sort-free closed form (weighted quantile),
 *   clp          what oco uses: sifting with CLP on a working set (olp_sift.c),
 *   clp-full     one CLP dual-simplex solve of the whole LP (for comparison),
 *   dual-bound   the certified weak-duality bound, with its gap to the exact.
 *
 *   olp_opt_time [--quick] [--max-T N] [--clp-limit SECONDS]
 *
 * --quick stops at T = 10^5. Each CLP run gets --clp-limit seconds (default
 * 60, CLP's process CPU time); one that runs out is reported as skipped.
 * Larger sizes (T = 10^6..10^7, m = 10 and 100, with peak RSS per row):
 * bench/olp_opt_large.c. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_clock.h"

#include "hindsight/olp_internal.h"
#include "oco/error.h"
#include "oco/hindsight.h"
#include "oco/olp.h"
#include "oco/rng.h"

static int run(const oco_olp_instance *I, oco_olp_opt_method meth, double limit, oco_olp_opt *out)
{
    oco_olp_opt_opts o = oco_olp_opt_opts_default();
    o.method = meth;
    o.time_limit = limit;
    int rc = oco_olp_opt_solve(I, &o, out, NULL);
    if (rc != OCO_OK)
        fprintf(stderr, "olp_opt_time: %s\n", oco_last_error());
    return rc;
}

int main(int argc, char **argv)
{
    size_t maxT = 1000000;
    double clp_limit = 60.0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            maxT = 100000;
        else if (!strcmp(argv[i], "--max-T") && i + 1 < argc)
            maxT = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--clp-limit") && i + 1 < argc)
            clp_limit = strtod(argv[++i], NULL);
        else {
            fprintf(stderr, "usage: %s [--quick] [--max-T N] [--clp-limit SECONDS]\n", argv[0]);
            return 2;
        }
    }
    const size_t Ts[] = {1000, 10000, 100000, 1000000};
    const size_t ms[] = {1, 5, 10};
    printf("# exact OLP optimum, generator type 1, seed 1 (CLP limit %.0f s)\n", clp_limit);
    printf("%8s %3s  %-12s %10s %24s %11s\n", "T", "m", "method", "seconds", "value",
           "rel.gap");
    int failures = 0;
    for (size_t k = 0; k < sizeof Ts / sizeof Ts[0]; k++) {
        if (Ts[k] > maxT)
            break;
        for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++) {
            const size_t T = Ts[k], m = ms[j];
            oco_rng rng;
            oco_rng_seed(&rng, 1, 0);
            const double tg = bench_now();
            oco_olp_instance *I = oco_olp_generate(1, m, T, &rng);
            if (!I) {
                fprintf(stderr, "olp_opt_time: %s\n", oco_last_error());
                return 1;
            }
            const double gen_s = bench_now() - tg;
            double exact = 0.0;
            int have_exact = 0;
            oco_olp_opt out;
            if (m == 1) {
                if (run(I, OCO_OLP_OPT_CLOSED_FORM, 0.0, &out) == OCO_OK) {
                    printf("%8zu %3zu  %-12s %10.4f %24.17g %11s\n", T, m, out.method,
                           out.seconds, out.value, "-");
                    exact = out.value;
                    have_exact = 1;
                } else {
                    failures++;
                }
            }
            if (run(I, OCO_OLP_OPT_CLP, clp_limit, &out) == OCO_OK) {
                if (out.kind == OCO_OPT_EXACT) {
                    char gap[32] = "-";
                    if (have_exact)
                        snprintf(gap, sizeof gap, "%.2e", (out.value - exact) / exact);
                    printf("%8zu %3zu  %-12s %10.4f %24.17g %11s\n", T, m, out.method,
                           out.seconds, out.value, gap);
                    exact = out.value;
                    have_exact = 1;
                } else {
                    printf("%8zu %3zu  %-12s %10s %24s %11s  (CLP exceeded %.0f s: skipped)\n",
                           T, m, "clp", "-", "-", "-", clp_limit);
                }
            } else {
                failures++;
            }
            {
                double v, yv[16]; /* the duals: m <= 10 in this table (guarded) */
                const double t0 = bench_now();
                const int rc = m <= 16 ? oco__olp_clp_full(I, clp_limit, &v, yv) : OCO_EINVAL;
                const double sec = bench_now() - t0;
                if (rc == OCO_OK) {
                    char gap[32] = "-";
                    if (have_exact)
                        snprintf(gap, sizeof gap, "%.2e", (v - exact) / exact);
                    printf("%8zu %3zu  %-12s %10.4f %24.17g %11s\n", T, m, "clp-full", sec, v,
                           gap);
                } else if (rc == OCO_ELIMIT) {
                    printf("%8zu %3zu  %-12s %10s %24s %11s  (exceeded %.0f s: skipped)\n", T, m,
                           "clp-full", "-", "-", "-", clp_limit);
                } else {
                    fprintf(stderr, "olp_opt_time: %s\n", oco_last_error());
                    failures++;
                }
            }
            if (run(I, OCO_OLP_OPT_DUAL_BOUND, 0.0, &out) == OCO_OK) {
                char gap[32] = "-";
                if (have_exact)
                    snprintf(gap, sizeof gap, "%.2e", (out.value - exact) / exact);
                printf("%8zu %3zu  %-12s %10.4f %24.17g %11s\n", T, m, out.method, out.seconds,
                       out.value, gap);
            } else {
                failures++;
            }
            printf("%8zu %3zu  %-12s %10.4f\n", T, m, "(generate)", gen_s);
            fflush(stdout);
            oco_olp_instance_free(I);
        }
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("# peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    return failures ? 1 : 0;
}
