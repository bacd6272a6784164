/* Benchmark (not a test): the re-solving OLP baselines (olp_laau.md §1.11).
 *
 * 1. AHDL (one LP re-solve per round) with the warm-started persistent model
 *    (solvers/lp_model.h: columns appended, dual simplex from the last basis)
 *    against re-solving from scratch with oco__lp_solve every round
 *    (warm_start=0: same columns, same CLP settings), on generator type 1
 *    data, for T = 10^2, 10^3, 10^4, 10^5: mean time per round, simplex
 *    iterations per re-solve, allocations per round (every malloc of the
 *    process, CLP's included) and the ratio warm/scratch at the same T in the
 *    same run. A variant that exceeds the time budget on a T is stopped there
 *    (its per-round time is then over the rounds played, which are the cheaper
 *    early ones: a lower bound) and skipped for larger T; the ratio is then
 *    taken on the rounds both variants played (each round is timed).
 * 2. The zero-allocation rule for OUR code per round: wait-less-sqrt and dla
 *    re-solve only on some rounds; every other round must allocate nothing
 *    (CLP allocates only inside the re-solves). Counted per round.
 * Peak RSS from getrusage at the end.
 *
 * Usage: olp_resolve [Tmax (default 100000)] [budget seconds per variant and T
 *        (default 60)]; env OCO_BENCH_M = m (default 2). */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_clock.h"

#include "bench_util.h"
#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/rng.h"

typedef struct run_result {
    size_t rounds;  /* played (< T if stopped) */
    double seconds;
    size_t allocs;
    double reward;
    int stopped;
    int failed;
} run_result;

/* cum (T entries, may be NULL) gets the elapsed seconds after each round, so
 * two variants can be compared on the same prefix of rounds when one of them
 * was stopped. */
static run_result run(const oco_olp_policy_type *type, const oco_olp_instance *in,
                      const oco_param *params, size_t np, double budget, double *cum)
{
    run_result r = {0, 0.0, 0, 0.0, 0, 0};
    const oco_olp_setup setup = {in->T, in->m, in->b, NULL};
    oco_olp_session *s = oco_olp_session_new(type, &setup, params, np, NULL);
    if (!s) {
        fprintf(stderr, "olp_resolve: %s\n", oco_last_error());
        r.failed = 1;
        return r;
    }
    const size_t a0 = bench_n_allocs;
    const double t0 = bench_now();
    for (size_t t = 0; t < in->T; ++t) {
        if (oco_olp_session_step(s, in->c[t], in->a + t * in->m, NULL) != OCO_OK) {
            fprintf(stderr, "olp_resolve: %s\n", oco_last_error());
            r.failed = 1;
            break;
        }
        r.rounds = t + 1;
        const double el = bench_now() - t0;
        if (cum)
            cum[t] = el;
        if (el > budget) {
            r.stopped = r.rounds < in->T;
            break;
        }
    }
    r.seconds = bench_now() - t0;
    r.allocs = bench_n_allocs - a0;
    r.reward = oco_olp_session_reward(s);
    oco_olp_session_free(s);
    return r;
}

/* Rounds of `type` that allocated, split by whether the round's update
 * re-solved. The session's phase after step t+1 is the label read before
 * deciding order t+1, i.e. "resolve" iff the update of round t re-solved. */
static void alloc_audit(const oco_olp_policy_type *type, const oco_olp_instance *in)
{
    const oco_olp_setup setup = {in->T, in->m, in->b, NULL};
    oco_olp_session *s = oco_olp_session_new(type, &setup, NULL, 0, NULL);
    if (!s) {
        fprintf(stderr, "olp_resolve: %s\n", oco_last_error());
        return;
    }
    size_t resolves = 0, others = 0, alloc_resolve = 0, alloc_other = 0, prev = 0;
    for (size_t t = 0; t < in->T; ++t) {
        const size_t a0 = bench_n_allocs;
        if (oco_olp_session_step(s, in->c[t], in->a + t * in->m, NULL) != OCO_OK) {
            fprintf(stderr, "olp_resolve: %s\n", oco_last_error());
            break;
        }
        const size_t n = bench_n_allocs - a0;
        if (t > 0) { /* classify round t-1 (0-based) by the phase just read */
            const char *ph = oco_olp_session_phase(s);
            if (ph && strcmp(ph, "resolve") == 0) {
                resolves++;
                alloc_resolve += prev > 0;
            } else {
                others++;
                alloc_other += prev > 0;
            }
        }
        prev = n;
    }
    printf("# %-15s T = %zu: %zu re-solve rounds (%zu allocated: CLP), %zu other rounds "
           "(%zu allocated)\n",
           type->info.name, in->T, resolves, alloc_resolve, others, alloc_other);
    oco_olp_session_free(s);
}

int main(int argc, char **argv)
{
    size_t Tmax = 100000;
    double budget = 60.0;
    if (bench_args(argc, argv, &Tmax, &budget))
        return 2;
    size_t m = 2;
    if (getenv("OCO_BENCH_M"))
        m = (size_t)strtoul(getenv("OCO_BENCH_M"), NULL, 10);
    if (m < 1)
        m = 1;
    printf("# olp_resolve: AHDL warm-started vs from-scratch re-solves, type 1, m = %zu, "
           "budget %g s per variant and T; allocation counting %s\n",
           m, budget, BENCH_COUNTING ? "on" : "off");
    printf("%8s %8s %9s %12s %12s %10s %s\n", "T", "variant", "rounds", "us/round", "allocs/round",
           "warm/scr", "note");
    const oco_param warm = {"warm_start", 1.0}, cold = {"warm_start", 0.0};
    { /* warm-up: CLP's first model in the process pays one-off costs (page
       * faults, static initialisation) that belong to neither variant */
        oco_rng rng;
        oco_rng_seed(&rng, 1, 1);
        oco_olp_instance *in = oco_olp_generate(1, m, 100, &rng);
        if (in) {
            run(oco_olp_ahdl, in, &warm, 1, budget, NULL);
            run(oco_olp_ahdl, in, &cold, 1, budget, NULL);
            oco_olp_instance_free(in);
        }
    }
    int stop_warm = 0, stop_cold = 0;
    for (size_t T = 100; T <= Tmax; T *= 10) {
        oco_rng rng;
        oco_rng_seed(&rng, 2024, T);
        oco_olp_instance *in = oco_olp_generate(1, m, T, &rng);
        if (!in) {
            fprintf(stderr, "olp_resolve: %s\n", oco_last_error());
            return 1;
        }
        run_result w = {0}, c = {0};
        double *cw = malloc(T * sizeof *cw), *cc = malloc(T * sizeof *cc);
        if (!cw || !cc) {
            fprintf(stderr, "olp_resolve: out of memory\n");
            return 1;
        }
        if (!stop_warm)
            w = run(oco_olp_ahdl, in, &warm, 1, budget, cw);
        if (!stop_cold)
            c = run(oco_olp_ahdl, in, &cold, 1, budget, cc);
        /* warm/scratch on the rounds both played (all T unless one stopped) */
        const size_t both = w.rounds < c.rounds ? w.rounds : c.rounds;
        const double ratio = both ? cw[both - 1] / cc[both - 1] : NAN;
        const double uw = w.rounds ? 1e6 * w.seconds / (double)w.rounds : NAN;
        const double uc = c.rounds ? 1e6 * c.seconds / (double)c.rounds : NAN;
        const int same = w.rounds == T && c.rounds == T;
        char rnote[64] = "";
        if (both && both < T)
            snprintf(rnote, sizeof rnote, " (ratio on the first %zu rounds)", both);
        if (!stop_warm)
            printf("%8zu %8s %9zu %12.1f %12.1f %10s %s\n", T, "warm", w.rounds, uw,
                   w.rounds ? (double)w.allocs / (double)w.rounds : NAN, "",
                   w.stopped ? "STOPPED: over budget (lower bound)" : "");
        else
            printf("%8zu %8s %9s %12s %12s %10s %s\n", T, "warm", "-", "-", "-", "",
                   "skipped: over budget at a smaller T");
        if (!stop_cold)
            printf("%8zu %8s %9zu %12.1f %12.1f %10.3f %s%s\n", T, "scratch", c.rounds, uc,
                   c.rounds ? (double)c.allocs / (double)c.rounds : NAN, ratio,
                   c.stopped ? "STOPPED: over budget (lower bound)" : "", rnote);
        else
            printf("%8zu %8s %9s %12s %12s %10s %s\n", T, "scratch", "-", "-", "-", "",
                   "skipped: over budget at a smaller T");
        if (same && fabs(w.reward - c.reward) > 1e-6 * (1.0 + fabs(c.reward)))
            printf("# WARNING: rewards differ at T = %zu: warm %.17g, scratch %.17g\n", T,
                   w.reward, c.reward);
        fflush(stdout);
        stop_warm |= w.stopped || w.failed;
        stop_cold |= c.stopped || c.failed;
        free(cw);
        free(cc);
        oco_olp_instance_free(in);
    }
    if (BENCH_COUNTING) {
        oco_rng rng;
        oco_rng_seed(&rng, 7, 0);
        oco_olp_instance *in = oco_olp_generate(1, m, 10000, &rng);
        if (in) {
            alloc_audit(oco_olp_wait_less_sqrt, in);
            alloc_audit(oco_olp_wait_less_cbrt, in);
            alloc_audit(oco_olp_dla, in);
            oco_olp_instance_free(in);
        }
    }
    printf("# peak RSS %.1f MB\n", bench_peak_rss_mb());
    return 0;
}
