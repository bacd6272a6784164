/* Benchmark (not a test): rounds per second of the universal ensemble of seed
 * 004 (efficient, one gradient per round) at d ∈ {2, 10, 100}, with its N
 * (base learners) and K (MsMwC-Mid layers), as a ratio to plain OGD measured
 * in the same run on the same losses (the cost of universality), plus the
 * two-layer Adapt-ML-Prod variant (Prop. 1) and the multi-gradient variant.
 *
 * Losses: linear, g_t = 0.5·e_1 + N(0, I)/√d from a pool of 4096
 * pre-generated vectors (the optimum is on the boundary of the unit ball, so
 * the projections are exercised), as in bench/oco_base.c. The multi-gradient
 * variant gets the same g_t from an oracle at every point.
 *
 * Allocations per round are counted by interposing malloc/calloc/realloc
 * (glibc, not under sanitizers): every call during the measured rounds is
 * counted, including those inside LAPACK/OpenBLAS. Must be 0 for liboco.
 *
 * A configuration stops early when it exceeds the time budget; the T
 * actually played is printed (T = 10^6 at d = 100 takes minutes: the ONS
 * bases are O(d²)–O(d³) per round).
 *
 * usage: universal [T] [budget-seconds-per-configuration]   (10^6, 30) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"
#include "oco/universal.h"

#include "bench_util.h"


enum { POOL = BENCH_POOL };

typedef struct pool_oracle {
    const double *g; /* the current round's gradient */
    size_t d;
} pool_oracle;

static int pool_fn(void *ctx, const double *x, double *g, double *value)
{
    const pool_oracle *po = ctx;
    memcpy(g, po->g, po->d * sizeof(double));
    if (value) {
        double v = 0.0;
        for (size_t j = 0; j < po->d; j++)
            v += po->g[j] * x[j];
        *value = v;
    }
    return OCO_OK;
}

typedef struct result {
    size_t played;
    double rps;
    double allocs_per_round;
    size_t bytes;
    size_t grad_calls;
} result;

/* kind: 0 = wrapper learner by name, 1 = universal object (efficient),
 * 2 = universal object (multigrad, via oracle) */
static int bench_one(const char *name, int kind, const oco_learner_setup *s, const double *pool,
                     double budget, result *res, size_t *N, size_t *K)
{
    const size_t d = s->d, T = s->T;
    double *x = malloc(d * sizeof *x);
    oco_learner *l = NULL;
    oco_universal *u = NULL;
    if (kind == 0) {
        const oco_learner_type *ty =
            oco_learner_find(name);
        l = ty ? oco_learner_new(ty, s, NULL, 0) : NULL;
        if (!l)
            goto fail;
    } else {
        u = oco_universal_new(s, NULL, 0, kind == 2);
        if (!u)
            goto fail;
        *N = oco_universal_get_info(u)->N;
        *K = oco_universal_get_info(u)->K;
    }
    pool_oracle po = {pool, d};
    oco_grad_oracle orc = {pool_fn, &po, d, 0};
    /* warm-up round (lazy initialisation in libraries), then measure */
    if (l) {
        if (oco_learner_predict(l, NULL, x) || oco_learner_update(l, pool, NAN))
            goto fail;
    } else {
        if (oco_universal_predict(u, x))
            goto fail;
        if (kind == 1 ? oco_universal_update(u, pool) : oco_universal_update_oracle(u, &orc))
            goto fail;
    }
    orc.calls = 0;
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t c = 0; c < 256 && t < T; ++c, ++t, ++played) {
            const double *g = pool + (t % POOL) * d;
            int rc;
            if (l) {
                rc = oco_learner_predict(l, NULL, x);
                if (!rc)
                    rc = oco_learner_update(l, g, NAN);
            } else {
                rc = oco_universal_predict(u, x);
                po.g = g;
                if (!rc)
                    rc = kind == 1 ? oco_universal_update(u, g) : oco_universal_update_oracle(u, &orc);
            }
            if (rc)
                goto fail;
        }
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    res->played = played;
    res->rps = (double)played / el;
    res->allocs_per_round = (double)(bench_n_allocs - a0) / (double)played;
    res->bytes = l ? oco_learner_memory(l) : oco_universal_memory(u);
    res->grad_calls = orc.calls;
    oco_learner_free(l);
    oco_universal_free(u);
    free(x);
    return 0;
fail:
    fprintf(stderr, "%s (d = %zu): %s\n", name, d, oco_last_error());
    oco_learner_free(l);
    oco_universal_free(u);
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
    printf("# universal ensemble (seed 004): linear losses on the unit ball, T = %zu, "
           "budget %.0f s per configuration; allocation counting %s\n",
           T, budget, BENCH_COUNTING ? "on" : "off (sanitizer build)");
    printf("%-20s %4s %4s %3s %10s %12s %10s %10s %12s\n", "learner", "d", "N", "K", "T_played",
           "rounds/s", "vs_ogd", "allocs/rd", "state_bytes");
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; ++k) {
        const size_t d = dims[k];
        double G = 0.0; /* the true bound of this pool */
        double *pool = bench_linear_pool(d, &G);
        if (!pool)
            return 1;
        oco_domain *ball = oco_domain_ball(d, 1.0);
        oco_learner_setup s = oco_learner_setup_default();
        s.d = d;
        s.domain = ball;
        s.T = T;
        s.G = G;
        result ogd, r1;
        size_t N = 0, K = 0;
        if (bench_one("ogd", 0, &s, pool, budget, &ogd, &N, &K))
            return 1;
        printf("%-20s %4zu %4s %3s %10zu %12.4g %10s %10.3g %12zu\n", "ogd", d, "-", "-",
               ogd.played, ogd.rps, "1", ogd.allocs_per_round, ogd.bytes);
        struct {
            const char *label;
            int kind;
        } runs[] = {{"universal", 1}, {"universal-multigrad", 2}, {"adapt-ml-prod", 0}};
        for (size_t j = 0; j < sizeof runs / sizeof runs[0]; ++j) {
            N = K = 0;
            if (bench_one(runs[j].label, runs[j].kind, &s, pool, budget, &r1, &N, &K))
                return 1;
            char nb[24] = "-", kb[24] = "-";
            if (N)
                snprintf(nb, sizeof nb, "%zu", N);
            if (K)
                snprintf(kb, sizeof kb, "%zu", K);
            printf("%-20s %4zu %4s %3s %10zu %12.4g %10.4g %10.3g %12zu", runs[j].label, d, nb,
                   kb, r1.played, r1.rps, r1.rps / ogd.rps, r1.allocs_per_round, r1.bytes);
            if (runs[j].kind == 2)
                printf("   (%.3g gradient calls per round)", (double)r1.grad_calls / (double)r1.played);
            printf("\n");
            fflush(stdout);
        }
        oco_domain_free(ball);
        free(pool);
    }
    return 0;
}
