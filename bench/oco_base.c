/* Rounds per second of the OCO base learners (include/oco/learner.h) at
 * d ∈ {2, 10, 100}, T = 10^6 by default, with the allocation count per round
 * (must be 0: every malloc/calloc/realloc call of the process during the
 * measured rounds, counted by interposition in bench/bench_util.h; under a
 * sanitizer, glibc mallinfo2's net change instead) and the state size.
 * ONS and optimistic ONS are also run with exact_qp = 1 (rows "[exact_qp]"):
 * the reference path that refactorizes U + νI per Newton step, O(d³) per
 * round, against the default O(d²) engine of solvers/uball.h.
 *
 * Losses: linear, g_t = 0.5·e_1 + N(0, I)/√d drawn from a pool of 4096
 * pre-generated vectors, so the optimum is on the boundary and the
 * projections (the expensive part of ONS) are exercised. Domain: the unit
 * ball (Hedge: the simplex). A configuration stops early when it exceeds the
 * time budget; the T actually played is printed.
 *
 * usage: oco_base [T] [budget-seconds-per-configuration] */
#define _POSIX_C_SOURCE 200809L
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"

#include "bench_util.h"


int main(int argc, char **argv)
{
    size_t T = 1000000;
    double budget = 5.0;
    if (bench_args(argc, argv, &T, &budget) != 0)
        return 2;
    /* the last two: ONS engines' reference path (param exact_qp = 1) */
    const char *names[] = {"ogd", "optimistic-ogd", "ons", "optimistic-ons",
                           "adagrad", "hedge", "optimistic-hedge", "ons", "optimistic-ons"};
    const size_t n_default = 7;
    size_t dims[] = {2, 10, 100};
    enum { POOL = BENCH_POOL };
    printf("# oco base learners: linear losses, unit ball (hedge: simplex), T = %zu, budget %.1f s\n",
           T, budget);
    printf("%-26s %5s %10s %14s %12s %10s %12s\n", "learner", "d", "T_played", "rounds/s",
           "ns/round", "allocs/rd", "state_bytes");
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; ++k) {
        size_t d = dims[k];
        double *pool = bench_linear_pool(d, NULL), *x = malloc(d * sizeof *x);
        oco_domain *ball = oco_domain_ball(d, 1.0), *spx = oco_domain_simplex(d);
        for (size_t j = 0; j < sizeof names / sizeof names[0]; ++j) {
            const oco_learner_type *ty = oco_learner_find(names[j]);
            oco_learner_setup s = oco_learner_setup_default();
            s.d = d;
            s.domain = ty->domains == (1u << OCO_DOMAIN_SIMPLEX) ? spx : ball;
            s.T = T;
            s.G = 1.0 + 3.0; /* a generous bound on ‖g‖ */
            oco_param exact[] = {{"exact_qp", 1.0}};
            int ref = j >= n_default;
            oco_learner *l = oco_learner_new(ty, &s, ref ? exact : NULL, ref ? 1 : 0);
            if (!l) {
                fprintf(stderr, "%s: %s\n", names[j], oco_last_error());
                return 1;
            }
            /* warm-up round (lazy library initialisation), then measure */
            oco_learner_predict(l, NULL, x);
            oco_learner_update(l, pool, NAN);
            struct mallinfo2 m0 = mallinfo2();
            size_t a0 = bench_n_allocs;
            size_t t = 1, played = 0;
            double t0 = bench_now(), el = 0;
            while (t < T) {
                size_t chunk = 1024;
                for (size_t c = 0; c < chunk && t < T; ++c, ++t, ++played) {
                    if (oco_learner_predict(l, NULL, x) != 0 ||
                        oco_learner_update(l, pool + (t % POOL) * d, NAN) != 0) {
                        fprintf(stderr, "%s: %s\n", names[j], oco_last_error());
                        return 1;
                    }
                }
                el = bench_now() - t0;
                if (el > budget)
                    break;
            }
            struct mallinfo2 m1 = mallinfo2();
            double allocs = BENCH_COUNTING ? (double)(bench_n_allocs - a0)
                                     : (double)(m1.uordblks != m0.uordblks || m1.hblkhd != m0.hblkhd);
            char label[40];
            snprintf(label, sizeof label, "%s%s", names[j], ref ? "[exact_qp]" : "");
            printf("%-26s %5zu %10zu %14.4g %12.4g %10.3g %12zu\n", label, d, played + 1,
                   (double)played / el, 1e9 * el / (double)played, allocs / (double)played,
                   oco_learner_memory(l));
            fflush(stdout);
            oco_learner_free(l);
        }
        free(pool);
        free(x);
        oco_domain_free(ball);
        oco_domain_free(spx);
    }
    return 0;
}
