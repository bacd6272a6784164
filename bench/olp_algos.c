/* Benchmark (not a test): the per-decision cost of EVERY olp policy of the
 * registry (oco_algo_count/oco_algo_at, protocol olp, so policies added later
 * appear by themselves) at m = 1, 10, 100, on one generated type-1 instance
 * per m, with its default parameters, soft budgets, through oco_olp_run.
 *
 * Each policy runs in a forked child, so that
 *  - its peak RSS is its own (ru_maxrss of the child; it includes the pages of
 *    the shared instance the child reads, the same for every policy at one m);
 *  - a policy whose runs exceed the time budget is killed (SIGALRM) and
 *    reported as skipped, with the largest T it finished.
 * The child calibrates T: it starts at T = 256 and grows T (on prefixes of the
 * one instance, budget scaled to keep d = b/T) until a run takes >= 0.1 s or T
 * reaches the instance size; then it repeats that run (best of >= 3, and
 * until 0.1 s of repetitions) and reports decisions/second. A policy whose
 * cost per decision grows with T (re-solving) is thus compared at a smaller T
 * than Algorithm 1: its row says which T.
 * ratio = rate / rate of dual-subgradient (seed 002 Algorithm 1) at the same
 * m, measured in the same run.
 *
 * Usage: olp_algos [budget-seconds]  (per policy and m, default 3; env
 *        OCO_BENCH_M="1,10" restricts the list of m). Instance sizes:
 *        T = min(4e6, 1.6e7/(m+1)) orders (~130 MB at m = 1). */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/rng.h"
#include "oco/runner.h"

/* A run on the first T orders of `inst`, with b scaled to T (same d). Wall
 * seconds of oco_olp_run (create + decisions), or -1 on error. */
static double run_prefix(const oco_olp_policy_type *type, const oco_olp_instance *inst,
                         size_t T, double *bview)
{
    for (size_t i = 0; i < inst->m; ++i)
        bview[i] = inst->b[i] * (double)T / (double)inst->T;
    oco_olp_instance view = {T, inst->m, inst->c, inst->a, bview};
    oco_rng rng;
    oco_rng_seed(&rng, 7, 1);
    oco_olp_run_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.rng = &rng;
    oco_olp_metrics met;
    const double t0 = bench_now();
    const int rc = oco_olp_run(type, NULL, 0, &view, &opts, NULL, NULL, &met);
    const double dt = bench_now() - t0;
    if (rc != OCO_OK) {
        fprintf(stderr, "  %s: %s\n", type->info.name, oco_last_error());
        return -1.0;
    }
    return dt;
}

/* The child: calibrate, measure, write "done T seconds" (or progress lines
 * "at T seconds" before) to fd; exit 0, or 1 on error. */
static void child(const oco_olp_policy_type *type, const oco_olp_instance *inst, int fd)
{
    FILE *out = fdopen(fd, "w");
    double *bview = malloc(inst->m * sizeof *bview);
    if (!out || !bview)
        _exit(1);
    setvbuf(out, NULL, _IONBF, 0);
    size_t T = 256 < inst->T ? 256 : inst->T;
    double dt;
    for (;;) {
        if ((dt = run_prefix(type, inst, T, bview)) < 0)
            _exit(1);
        fprintf(out, "at %zu %.9g\n", T, dt);
        if (dt >= 0.1 || T == inst->T)
            break;
        double grow = dt > 0 ? 0.2 / dt : 16.0;
        grow = grow < 2.0 ? 2.0 : grow > 16.0 ? 16.0 : grow;
        const double next = (double)T * grow;
        T = next >= (double)inst->T ? inst->T : (size_t)next;
    }
    double best = dt, total = dt;
    for (int rep = 1; rep < 3 || total < 0.1; ++rep) {
        const double d = run_prefix(type, inst, T, bview);
        if (d < 0)
            _exit(1);
        best = d < best ? d : best;
        total += d;
    }
    fprintf(out, "done %zu %.9g\n", T, best);
    fclose(out);
    _exit(0);
}

typedef struct result {
    int ok;         /* 1 measured, 0 skipped (budget), -1 error */
    size_t T;       /* orders per run */
    double seconds; /* best run */
    size_t last_T;  /* skipped: the largest T finished (0: none) */
    double last_s;
    double rss_mb;
} result;

static result measure(const oco_olp_policy_type *type, const oco_olp_instance *inst,
                      double budget)
{
    result r = {-1, 0, 0, 0, 0, 0};
    int p[2];
    if (pipe(p) != 0)
        return r;
    fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0)
        return r;
    if (pid == 0) {
        close(p[0]);
        struct itimerval it = {{0, 0}, {(time_t)budget, (suseconds_t)(fmod(budget, 1.0) * 1e6)}};
        setitimer(ITIMER_REAL, &it, NULL); /* SIGALRM's default action ends the child */
        child(type, inst, p[1]);
    }
    close(p[1]);
    FILE *in = fdopen(p[0], "r");
    char line[128];
    while (in && fgets(line, sizeof line, in)) {
        size_t T;
        double s;
        char what[8];
        if (sscanf(line, "%7s %zu %lf", what, &T, &s) != 3)
            continue;
        if (strcmp(what, "done") == 0) {
            r.T = T;
            r.seconds = s;
            r.ok = 1;
        } else {
            r.last_T = T;
            r.last_s = s;
        }
    }
    if (in)
        fclose(in);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    r.rss_mb = (double)ru.ru_maxrss / 1024.0;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        r.ok = 0;
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        r.ok = -1;
    return r;
}

int main(int argc, char **argv)
{
    double budget = 3.0;
    if (argc > 2 || (argc == 2 && (sscanf(argv[1], "%lf", &budget) != 1 || !(budget > 0)))) {
        fprintf(stderr, "usage: olp_algos [budget-seconds per policy and m, default 3]\n");
        return 2;
    }
    size_t ms[3] = {1, 10, 100}, nm = 3;
    const char *env = getenv("OCO_BENCH_M");
    if (env && *env) {
        nm = 0;
        for (const char *s = env; *s && nm < 3;) {
            char *end;
            const unsigned long v = strtoul(s, &end, 10);
            if (end == s || v == 0) {
                fprintf(stderr, "OCO_BENCH_M: expected a list like 1,10\n");
                return 2;
            }
            ms[nm++] = v;
            s = *end == ',' ? end + 1 : end;
        }
    }
    const oco_olp_policy_type *ref = oco_olp_dual_subgradient;
    printf("olp_algos: every olp policy of the registry, default params, soft budgets, type-1 "
           "data, budget %.3g s per policy and m\n", budget);
    for (size_t k = 0; k < nm; ++k) {
        const size_t m = ms[k];
        size_t T = (size_t)(1.6e7 / (double)(m + 1));
        T = T > 4000000 ? 4000000 : T < 1000 ? 1000 : T;
        oco_rng rng;
        oco_rng_seed(&rng, 2024, 0);
        oco_olp_instance *inst = oco_olp_generate(1, m, T, &rng);
        if (!inst) {
            fprintf(stderr, "generate: %s\n", oco_last_error());
            return 1;
        }
        printf("\nm = %zu (instance: T = %zu orders, %.0f MB)\n", m, T,
               (double)T * (double)(m + 1) * 8.0 / 1e6);
        struct rusage self;
        getrusage(RUSAGE_SELF, &self);
        printf("  (RSS MB: the child's peak; this process, holding the instance: %.1f MB)\n",
               (double)self.ru_maxrss / 1024.0);
        printf("  %-28s %10s %14s %9s %9s\n", "policy", "T", "decisions/s", "ratio", "RSS MB");
        const result rr = measure(ref, inst, budget);
        const double ref_rate = rr.ok == 1 ? (double)rr.T / rr.seconds : NAN;
        for (size_t i = 0; i < oco_algo_count(); ++i) {
            const oco_algo_info *info = oco_algo_at(i);
            if (info->protocol != OCO_PROTOCOL_OLP)
                continue;
            const oco_olp_policy_type *type = oco_olp_policy_from_info(info);
            const result r = type == ref ? rr : measure(type, inst, budget);
            if (r.ok == 1) {
                const double rate = (double)r.T / r.seconds;
                printf("  %-28s %10zu %14.4g %9.3g %9.1f\n", info->name, r.T, rate,
                       rate / ref_rate, r.rss_mb);
            } else if (r.ok == 0) {
                printf("  %-28s skipped: runs exceeded the %.3g s budget", info->name, budget);
                if (r.last_T)
                    printf(" (largest finished: T = %zu in %.3g s, %.4g decisions/s)",
                           r.last_T, r.last_s, (double)r.last_T / r.last_s);
                printf("\n");
            } else {
                printf("  %-28s error (see stderr)\n", info->name);
            }
            fflush(stdout);
        }
        oco_olp_instance_free(inst);
    }
    return 0;
}
