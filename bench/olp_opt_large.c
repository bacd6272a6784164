/* The exact OLP hindsight optimum at large T·m (issue 8): seconds, peak RSS
 * and peak RSS / the orders' bytes (T·(m+1) doubles) of
 *   clp          what oco uses: sifting with CLP on a working set (olp_sift.c),
 *   clp-full     one CLP dual-simplex solve of the whole LP (for comparison),
 *   dual-bound   the certified weak-duality upper bound (labelled as a bound),
 * generator type 1 (olp_laau.md §1.10) by default, one seed.
 *
 *   olp_opt_large [--T N] [--m N] [--type N] [--seed S] [--methods LIST]
 *                 [--clp-limit SECONDS] [--full-max-entries N]
 *
 * Without --T/--m the rows are T = 10^6 and 10^7 with m = 10 and 100. Each
 * (instance, method) row runs in its own child process, which generates the
 * instance in memory (no files) and solves once, so that its peak RSS
 * (getrusage of the child) is that row's alone: instance + solver. The
 * generation time is not part of "seconds" (wall) nor "cpu.s" (CPU time of
 * all threads, less sensitive to other work on the machine). LIST is comma-separated (default
 * clp,clp-full,dual-bound). clp-full is skipped above --full-max-entries T·m
 * (default 2·10^8: CLP's own copy of the matrix and our CSC index array need
 * ~2× the orders' bytes on top of them, beyond this machine's memory at
 * T·m = 10^9) and when it runs over --clp-limit (default 120 s of CLP's
 * process CPU time). */
#define _DEFAULT_SOURCE /* wait4 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

#include "hindsight/olp_internal.h"
#include "oco/error.h"
#include "oco/hindsight.h"
#include "oco/olp.h"
#include "oco/rng.h"

/* CPU seconds of the process (all threads): less sensitive than wall time to
 * other work on a shared machine. */
static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

typedef struct row_result {
    int rc;        /* OCO_OK, OCO_ELIMIT (skipped), other = failure */
    int exact;     /* 1 exact, 0 upper bound */
    double seconds, cpu_seconds, value, gen_seconds, dual_check;
    char err[200];
} row_result;

/* In the child: generate, solve once, report through the pipe. */
static void child(int fd, int type, uint64_t seed, size_t T, size_t m, const char *method,
                  double limit)
{
    row_result r;
    memset(&r, 0, sizeof r);
    r.value = r.dual_check = NAN;
    oco_rng rng;
    oco_rng_seed(&rng, seed, 0);
    const double tg = bench_now();
    oco_olp_instance *I = oco_olp_generate(type, m, T, &rng);
    r.gen_seconds = bench_now() - tg;
    double *y = malloc(m * sizeof(double));
    const double c0 = cpu_now();
    if (!I || !y) {
        r.rc = OCO_ENOMEM;
        snprintf(r.err, sizeof r.err, "generate: %s", oco_last_error());
    } else if (!strcmp(method, "clp-full")) {
        const double t0 = bench_now();
        r.rc = oco__olp_clp_full(I, limit, &r.value, y);
        r.seconds = bench_now() - t0;
        r.exact = 1;
    } else {
        oco_olp_opt_opts o = oco_olp_opt_opts_default();
        o.method = !strcmp(method, "clp") ? OCO_OLP_OPT_CLP : OCO_OLP_OPT_DUAL_BOUND;
        o.time_limit = o.method == OCO_OLP_OPT_CLP ? limit : 0.0;
        oco_olp_opt out;
        r.rc = oco_olp_opt_solve(I, &o, &out, y);
        r.seconds = out.seconds;
        r.value = out.value;
        r.exact = out.kind == OCO_OPT_EXACT;
        if (o.method == OCO_OLP_OPT_CLP && !r.exact)
            r.rc = OCO_ELIMIT; /* ran out of time and fell back to the bound */
    }
    r.cpu_seconds = cpu_now() - c0;
    if (r.rc == OCO_OK) /* the certificate, evaluated independently of the solver */
        r.dual_check = oco_olp_dual_objective(I, y);
    else if (r.rc != OCO_ELIMIT)
        snprintf(r.err, sizeof r.err, "%s", oco_last_error());
    ssize_t wr = write(fd, &r, sizeof r);
    (void)wr;
    _exit(0);
}

static int run_row(int type, uint64_t seed, size_t T, size_t m, const char *method, double limit,
                   size_t full_max, double *exact)
{
    const double orders_mb = (double)T * (double)(m + 1) * 8.0 / 1e6;
    if (!strcmp(method, "clp-full") && (double)T * (double)m > (double)full_max) {
        printf("%9zu %4zu  %-10s %9s %8s %24s %9s %9s %6s  skipped: T·m > %zu (memory)\n", T,
               m, method, "-", "-", "-", "-", "-", "-", full_max);
        return 0;
    }
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], type, seed, T, m, method, limit);
    }
    close(fds[1]);
    row_result r;
    memset(&r, 0, sizeof r);
    const ssize_t got = read(fds[0], &r, sizeof r);
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &status, 0, &ru);
    const double rss_mb = (double)ru.ru_maxrss * 1024.0 / 1e6;
    if (got != (ssize_t)sizeof r) {
        printf("%9zu %4zu  %-10s  child died (status %d; out of memory?)\n", T, m, method,
               status);
        return 1;
    }
    if (r.rc == OCO_ELIMIT) {
        printf("%9zu %4zu  %-10s %9s %8s %24s %9s %9.0f %6.2f  skipped: over %.0f s\n", T, m,
               method, "-", "-", "-", "-", rss_mb, rss_mb / orders_mb, limit);
        return 0;
    }
    if (r.rc != OCO_OK) {
        printf("%9zu %4zu  %-10s  failed: %s\n", T, m, method, r.err);
        return 1;
    }
    char gap[32] = "-";
    if (r.exact && !*exact)
        *exact = r.value;
    else if (*exact)
        snprintf(gap, sizeof gap, "%.1e", (r.value - *exact) / fabs(*exact));
    const double cert = (r.dual_check - r.value) / fmax(1.0, fabs(r.value));
    printf("%9zu %4zu  %-10s %9.2f %8.2f %24.17g %9s %9.0f %6.2f  %s, D(y)-v %.1e (gen %.1f s)\n",
           T, m, method, r.seconds, r.cpu_seconds, r.value, gap, rss_mb, rss_mb / orders_mb,
           r.exact ? "exact" : "upper bound", cert, r.gen_seconds);
    return 0;
}

int main(int argc, char **argv)
{
    size_t Tone = 0, mone = 0, full_max = 200000000;
    int type = 1;
    uint64_t seed = 1;
    double limit = 120.0;
    const char *methods = "clp,clp-full,dual-bound";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--T") && i + 1 < argc)
            Tone = (size_t)strtod(argv[++i], NULL);
        else if (!strcmp(argv[i], "--m") && i + 1 < argc)
            mone = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--type") && i + 1 < argc)
            type = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--methods") && i + 1 < argc)
            methods = argv[++i];
        else if (!strcmp(argv[i], "--clp-limit") && i + 1 < argc)
            limit = strtod(argv[++i], NULL);
        else if (!strcmp(argv[i], "--full-max-entries") && i + 1 < argc)
            full_max = (size_t)strtod(argv[++i], NULL);
        else {
            fprintf(stderr,
                    "usage: %s [--T N] [--m N] [--type N] [--seed S] [--methods LIST] "
                    "[--clp-limit SECONDS] [--full-max-entries N]\n",
                    argv[0]);
            return 2;
        }
    }
    const size_t defT[] = {1000000, 1000000, 10000000, 10000000};
    const size_t defm[] = {10, 100, 10, 100};
    size_t nrows = 4;
    size_t Ts[4], ms[4];
    if (Tone || mone) {
        Ts[0] = Tone ? Tone : 1000000;
        ms[0] = mone ? mone : 100;
        nrows = 1;
    } else {
        memcpy(Ts, defT, sizeof Ts);
        memcpy(ms, defm, sizeof ms);
    }
    printf("# exact OLP optimum at scale, generator type %d, seed %llu; one child process "
           "per row; RSS = its peak, x = RSS / orders' bytes T(m+1)·8\n",
           type, (unsigned long long)seed);
    printf("%9s %4s  %-10s %9s %8s %24s %9s %9s %6s\n", "T", "m", "method", "seconds", "cpu.s",
           "value", "rel.diff", "RSS(MB)", "x");
    int failures = 0;
    for (size_t k = 0; k < nrows; k++) {
        double exact = 0.0;
        char buf[256];
        snprintf(buf, sizeof buf, "%s", methods);
        for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            if (strcmp(tok, "clp") && strcmp(tok, "clp-full") && strcmp(tok, "dual-bound")) {
                fprintf(stderr, "olp_opt_large: unknown method '%s'\n", tok);
                return 2;
            }
            failures += run_row(type, seed, Ts[k], ms[k], tok, limit, full_max, &exact);
        }
    }
    return failures ? 1 : 0;
}
