/* Benchmark (not a test): rounds per second of Maler (Wang, Lu, Zhang, UAI
 * 2019; src/algorithms/oco/maler.c) and full-matrix MetaGrad (van Erven,
 * Koolen 2016; metagrad.c) at d ∈ {2, 10, 100}, with Maler's number of
 * experts N = 1 + 2·(⌈½log₂T⌉ + 1) and MetaGrad's k = ⌈½log₂T⌉ + 1 slaves,
 * as a ratio to plain OGD (η_t = D/(G√t)) measured in the same run on the
 * same losses, and the allocations per round.
 *
 * Losses: linear, g_t = 0.5·e_1 + N(0, I)/√d from a pool of 4096
 * pre-generated vectors (optimum on the boundary of the unit ball, so the
 * ONS projections of the exp-concave experts are exercised), as in
 * bench/oco_base.c and bench/universal.c; G is the pool's true bound.
 *
 * Allocations are counted by interposing malloc/calloc/realloc (glibc, off
 * under sanitizers), every call during the measured rounds included (also
 * inside LAPACK/OpenBLAS). Must be 0.
 *
 * A configuration stops early past the time budget; T_played is printed.
 *
 * usage: maler [T] [budget-seconds-per-configuration]   (10^6, 30) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"

#include "bench_util.h"


enum { POOL = BENCH_POOL };

typedef struct result {
    size_t played;
    double rps, allocs_per_round;
    size_t bytes;
} result;

static int bench_one(const char *name, const oco_learner_setup *s, const double *pool,
                     double budget, result *res)
{
    const size_t d = s->d, T = s->T;
    double *x = malloc(d * sizeof *x);
    oco_learner *l = oco_learner_new(oco_learner_find(name), s, NULL, 0);
    if (!x || !l)
        goto fail;
    /* warm-up round (lazy initialisation in libraries), then measure */
    if (oco_learner_predict(l, NULL, x) || oco_learner_update(l, pool, NAN))
        goto fail;
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t c = 0; c < 256 && t < T; ++c, ++t, ++played)
            if (oco_learner_predict(l, NULL, x) ||
                oco_learner_update(l, pool + (t % POOL) * d, NAN))
                goto fail;
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    res->played = played + 1;
    res->rps = (double)played / el;
    res->allocs_per_round = (double)(bench_n_allocs - a0) / (double)played;
    res->bytes = oco_learner_memory(l);
    oco_learner_free(l);
    free(x);
    return 0;
fail:
    fprintf(stderr, "%s (d = %zu): %s\n", name, d, oco_last_error());
    oco_learner_free(l);
    free(x);
    return 1;
}

int main(int argc, char **argv)
{
    size_t T = 1000000;
    double budget = 30.0;
    if (bench_args(argc, argv, &T, &budget) != 0)
        return 2;
    const size_t dims[] = {2, 10, 100};
    size_t k = 0;
    while (k < 40 && ldexp(1.0, (int)(2 * k)) < (double)T)
        k++;
    printf("# linear losses on the unit ball, T = %zu; maler: N = %zu experts (1 convex + %zu "
           "exp-concave + %zu strongly convex); metagrad: %zu slaves; budget %.0f s per "
           "configuration; allocation counting %s\n",
           T, 1 + 2 * (k + 1), k + 1, k + 1, k + 1, budget,
           BENCH_COUNTING ? "on" : "off (sanitizer build)");
    printf("%-9s %4s %10s %12s %12s %10s %12s\n", "learner", "d", "T_played", "rounds/s",
           "ogd/learner", "allocs/rd", "state_bytes");
    for (size_t j = 0; j < sizeof dims / sizeof dims[0]; ++j) {
        const size_t d = dims[j];
        double G = 0.0;
        double *pool = bench_linear_pool(d, &G);
        if (!pool)
            return 1;
        oco_domain *ball = oco_domain_ball(d, 1.0);
        oco_learner_setup s = oco_learner_setup_default();
        s.d = d;
        s.domain = ball;
        s.T = T;
        s.G = G;
        result ro, rm;
        if (bench_one("ogd", &s, pool, budget, &ro))
            return 1;
        printf("%-9s %4zu %10zu %12.4g %12s %10.3g %12zu\n", "ogd", d, ro.played, ro.rps, "1",
               ro.allocs_per_round, ro.bytes);
        const char *names[2] = {"maler", "metagrad"};
        for (int n = 0; n < 2; n++) {
            if (bench_one(names[n], &s, pool, budget, &rm))
                return 1;
            printf("%-9s %4zu %10zu %12.4g %12.4g %10.3g %12zu\n", names[n], d, rm.played, rm.rps,
                   ro.rps / rm.rps, rm.allocs_per_round, rm.bytes);
        }
        fflush(stdout);
        oco_domain_free(ball);
        free(pool);
    }
    return 0;
}
