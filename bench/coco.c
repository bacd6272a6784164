/* Benchmark (not a test): rounds per second of the constrained-OCO algorithms
 * (include/oco/coco.h) at d ∈ {1, 10, 100}, k ∈ {1, 10}, as a ratio to plain
 * OGD (learner `ogd`, include/oco/learner.h) on the same costs, to the
 * cheapest competitor (mosp, valls, sun, dpp) and to a streaming bound, all
 * measured in the same run; allocations per round (must be 0) and peak RSS.
 *
 * Rounds: the `linear` family (include/oco/coco_problem.h, seed 1) on the unit
 * ball, POOL = 1024 rounds generated before any timing and stored as one
 * record per round, [c_t (d) | A_t (k×d) | b_t (k)]; round t of a run is
 * record t mod POOL. f_t(x) = ⟨c_t, x⟩, g_t(x) = A_t x − b_t.
 * Feedback, as each algorithm needs it:
 *   linearised  llp-linearized, llp2-linearized, valls, sun, dpp through
 *               oco_coco_update with (c_t, g_t(x_t), J_t = A_t);
 *   oracle      llp, llp2, mosp through oco_coco_update_oracle with
 *               closed-form oracles (the constraint oracle carries g_t as an
 *               oco_quad_map; the cost oracle returns c_t and ⟨c_t, x⟩);
 *   perturbed   llp-perturbed needs g_t = g + b_t with g known at create
 *               (seed 001 (29)); it gets setup.fixed_cons = g, the constraint
 *               map of the pool's first round (A_1, b_1), and the rounds
 *               g_t(x) = A_1 x − b_t (same costs, same offsets b_t);
 *   ogd         the costs only: oco_learner_update with c_t.
 * The timed loop is predict + update and, for the linearised rows, the
 * evaluation of g_t(x_t) = A_t x_t − b_t (k·d multiply-adds) that every
 * coco round needs and OGD does not; the oracle rows pay the same inside
 * their oracle queries (column `q/rd`: oracle queries per round).
 *
 * Columns: ns/round; t/ogd = ns/round ÷ OGD's; t/comp = ÷ the cheapest of
 * mosp, valls, sun, dpp at the same (d, k); t/bound = ÷ the streaming bound,
 * the time per round of a pass that only reads and sums the pool's records
 * ((d + kd + k)·8 bytes per round, 8 independent accumulators: limited by
 * bandwidth from wherever the pool sits — at d = 100, k = 10 it is 9 MB).
 * Every figure is the best of REPS interleaved slices (each a fresh algorithm
 * object, one warm-up round, then rounds until the slice's time is up), so
 * the ratios compare the same machine state. Allocations: every
 * malloc/calloc/realloc of the process during the timed rounds of all
 * slices (interposition, bench/bench_util.h; off under sanitizers) over the
 * rounds played. The horizon given to the algorithms is T = 10^8 (mosp, sun
 * and dpp need one; it only scales their steps); no slice reaches it.
 *
 * usage: coco [--quick]   (full: 3 slices of 0.2 s per row, ~40 s;
 *                          --quick: 2 slices of 0.04 s, ~5 s) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/coco.h"
#include "oco/coco_problem.h"
#include "oco/coco_runner.h"
#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"

#include "bench_util.h"

enum { POOL = 1024, MAX_REPS = 3 };
static const size_t HORIZON = 100000000;

typedef enum feed { FEED_OGD, FEED_LINEAR, FEED_PERTURBED, FEED_ORACLE } feed;

typedef struct row {
    const char *name;
    feed kind;
    int competitor; /* 1: counts for t/comp */
} row;

static const row ROWS[] = {
    {"ogd", FEED_OGD, 0},
    {"llp-linearized", FEED_LINEAR, 0},
    {"llp2-linearized", FEED_LINEAR, 0},
    {"llp-perturbed", FEED_PERTURBED, 0},
    {"llp", FEED_ORACLE, 0},
    {"llp2", FEED_ORACLE, 0},
    {"mosp", FEED_ORACLE, 1},
    {"valls", FEED_LINEAR, 1},
    {"sun", FEED_LINEAR, 1},
    {"dpp", FEED_LINEAR, 1},
};
enum { NROWS = sizeof ROWS / sizeof ROWS[0] };

static const char *feed_name(feed f)
{
    return f == FEED_OGD ? "costs" : f == FEED_LINEAR ? "linear" : f == FEED_PERTURBED ? "perturbed"
                                                                                      : "oracle";
}

/* The pool of one (d, k): POOL records of `stride` doubles. */
typedef struct pool {
    size_t d, k, stride;
    double *rec;
    oco_coco_setup setup; /* bounds of the family; T, rng set by the caller */
    oco_quad_map fixed;   /* llp-perturbed's g: A_1 x − b_1 */
} pool;

/* The cost oracle of one round: ∇f = c, f(x) = ⟨c, x⟩. */
static int cost_fn(void *ctx, const double *x, double *g, double *value)
{
    const oco_quad_map *f = ctx;
    memcpy(g, f->A, f->d * sizeof *g);
    if (value) {
        double v = 0.0;
        for (size_t i = 0; i < f->d; ++i)
            v += f->A[i] * x[i];
        *value = v;
    }
    return OCO_OK;
}

static int make_pool(size_t d, size_t k, const oco_domain *ball, pool *P)
{
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = OCO_COCO_PROBLEM_LINEAR;
    o.d = d;
    o.k = k;
    o.T = POOL;
    o.seed = 1;
    oco_coco_problem *p = oco_coco_problem_new(&o, ball);
    if (!p)
        return 1;
    P->d = d;
    P->k = k;
    P->stride = d + k * d + k;
    P->rec = malloc(POOL * P->stride * sizeof *P->rec);
    if (!P->rec) {
        oco_coco_problem_free(p);
        return 1;
    }
    for (size_t t = 0; t < POOL; ++t) {
        if (oco_coco_problem_next(p) != OCO_OK) {
            oco_coco_problem_free(p);
            return 1;
        }
        const oco_quad_map *f = oco_coco_problem_cost(p), *g = oco_coco_problem_cons(p);
        double *r = P->rec + t * P->stride;
        memcpy(r, f->A, d * sizeof *r);
        memcpy(r + d, g->A, k * d * sizeof *r);
        for (size_t j = 0; j < k; ++j)
            r[d + k * d + j] = g->b ? g->b[j] : 0.0;
    }
    oco_coco_setup_from_problem(p, &P->setup);
    P->setup.fixed_cons = NULL; /* `linear` has none; set for llp-perturbed only */
    P->fixed = (oco_quad_map){k, d, NULL, P->rec + d, P->rec + d + k * d};
    oco_coco_problem_free(p);
    return 0;
}

/* Sum n doubles with 8 independent accumulators (bench/olp_throughput.c), so
 * the pass is limited by bandwidth, not by one add chain's latency. */
static double stream_sum(const double *x, size_t n)
{
    double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int q = 0; q < 8; ++q)
            s[q] += x[i + (size_t)q];
    for (; i < n; ++i)
        s[0] += x[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

static volatile double stream_sink;

/* Seconds per round of reading the pool's records: best of 5 timings, each
 * of enough whole passes to take a measurable time. */
static double stream_bound(const pool *P)
{
    const size_t n = POOL * P->stride;
    size_t passes = (size_t)1 << 20;
    passes = passes / n > 0 ? passes / n : 1;
    double best = INFINITY;
    for (int r = 0; r < 5; ++r) {
        double s = 0.0, t0 = bench_now();
        for (size_t p = 0; p < passes; ++p)
            s += stream_sum(P->rec, n);
        double dt = bench_now() - t0;
        stream_sink += s;
        best = fmin(best, dt / (double)(passes * POOL));
    }
    return best;
}

typedef struct result {
    double best_s;  /* best seconds per round over the slices */
    size_t played;  /* timed rounds, all slices */
    size_t allocs;  /* allocations during them */
    size_t queries; /* oracle queries during them */
    size_t bytes;   /* state size */
} result;

/* One slice: a fresh algorithm, one warm-up round, then timed rounds for
 * `slice` seconds. 0, or 1 after printing the error. */
static int run_slice(const row *rw, const pool *P, double slice, double *x, double *gx,
                     result *res)
{
    const size_t d = P->d, k = P->k, stride = P->stride;
    oco_learner *l = NULL;
    oco_coco *a = NULL;
    oco_rng rng;
    oco_rng_seed(&rng, 7, 0);
    if (rw->kind == FEED_OGD) {
        oco_learner_setup s = oco_learner_setup_default();
        s.d = d;
        s.domain = P->setup.domain;
        s.T = HORIZON;
        s.G = P->setup.G;
        const oco_learner_type *ty = oco_learner_find(rw->name);
        l = ty ? oco_learner_new(ty, &s, NULL, 0) : NULL;
        if (!l)
            goto fail;
        res->bytes = oco_learner_memory(l);
    } else {
        oco_coco_setup s = P->setup;
        s.T = HORIZON;
        s.rng = &rng;
        if (rw->kind == FEED_PERTURBED)
            s.fixed_cons = &P->fixed;
        const oco_coco_type *ty = oco_coco_find(rw->name);
        a = ty ? oco_coco_new(ty, &s, NULL, 0) : NULL;
        if (!a)
            goto fail;
        res->bytes = oco_coco_memory(a);
    }
    oco_quad_map fform = {1, d, NULL, NULL, NULL}, gform = {k, d, NULL, NULL, NULL};
    oco_grad_oracle cost = {cost_fn, &fform, d, 0};
    oco_cons_oracle cons = oco_cons_oracle_from_form(&gform);
    oco_coco_feedback ofb = {&cost, &cons};
    size_t queries = 0, a0 = 0, played = 0;
    double t0 = 0.0, el;
    for (size_t t = 0; t < HORIZON - 1; ++t) {
        if (t == 1) { /* round 0 is the warm-up (lazy initialisation) */
            queries = 0;
            a0 = bench_n_allocs;
            t0 = bench_now();
        }
        const double *r = P->rec + (t % POOL) * stride;
        const double *c = r, *A = r + d, *b = r + d + k * d;
        int rc;
        switch (rw->kind) {
        case FEED_OGD:
            rc = oco_learner_predict(l, NULL, x);
            if (!rc)
                rc = oco_learner_update(l, c, NAN);
            break;
        case FEED_LINEAR:
        case FEED_PERTURBED: {
            const double *J = rw->kind == FEED_LINEAR ? A : P->fixed.A;
            rc = oco_coco_predict(a, NULL, x);
            for (size_t j = 0; j < k && !rc; ++j) {
                double v = -b[j];
                for (size_t i = 0; i < d; ++i)
                    v += J[j * d + i] * x[i];
                gx[j] = v;
            }
            oco_coco_linear fb = {c, NAN, gx, J};
            if (!rc)
                rc = oco_coco_update(a, &fb);
            break;
        }
        default: /* FEED_ORACLE */
            rc = oco_coco_predict(a, NULL, x);
            fform.A = c;
            gform.A = A;
            gform.b = b;
            cost.calls = cons.calls = 0;
            if (!rc)
                rc = oco_coco_update_oracle(a, &ofb);
            queries += cost.calls + cons.calls;
            break;
        }
        if (rc)
            goto fail;
        if (t > 0 && ++played % 256 == 0 && bench_now() - t0 > slice)
            break;
    }
    el = bench_now() - t0;
    res->allocs += bench_n_allocs - a0;
    res->played += played;
    res->queries += queries;
    res->best_s = fmin(res->best_s, el / (double)played);
    oco_learner_free(l);
    oco_coco_free(a);
    return 0;
fail:
    fprintf(stderr, "coco bench: %s (d = %zu, k = %zu): %s\n", rw->name, d, k, oco_last_error());
    oco_learner_free(l);
    oco_coco_free(a);
    return 1;
}

static void usage(const char *argv0)
{
    fprintf(stderr, "usage: %s [--quick]   (full: 3 slices of 0.2 s per algorithm and (d, k); "
                    "--quick: 2 slices of 0.04 s)\n", argv0);
}

int main(int argc, char **argv)
{
    int reps = MAX_REPS;
    double slice = 0.2;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--quick")) {
            reps = 2;
            slice = 0.04;
        } else {
            usage(argv[0]);
            return 2;
        }
    }
    const size_t dims[] = {1, 10, 100}, ks[] = {1, 10};
    const double t_start = bench_now();
    printf("# coco: linear family (seed 1) on the unit ball, a pool of %d rounds in memory; "
           "best of %d slices of %.2g s per row; allocation counting %s\n",
           POOL, reps, slice, BENCH_COUNTING ? "on" : "off (sanitizer build)");
    printf("%-16s %4s %3s %-9s %10s %12s %10s %7s %7s %8s %9s %5s %11s\n", "algorithm", "d", "k",
           "feedback", "T_played", "rounds/s", "ns/round", "t/ogd", "t/comp", "t/bound",
           "allocs/rd", "q/rd", "state_bytes");
    const size_t dmax = dims[sizeof dims / sizeof dims[0] - 1];
    const size_t kmax = ks[sizeof ks / sizeof ks[0] - 1];
    double *x = malloc(dmax * sizeof *x), *gx = malloc(kmax * sizeof *gx);
    if (!x || !gx)
        return 1;
    for (size_t id = 0; id < sizeof dims / sizeof dims[0]; ++id) {
        for (size_t ik = 0; ik < sizeof ks / sizeof ks[0]; ++ik) {
            const size_t d = dims[id], k = ks[ik];
            oco_domain *ball = oco_domain_ball(d, 1.0);
            pool P;
            if (!ball || make_pool(d, k, ball, &P)) {
                fprintf(stderr, "coco bench: pool (d = %zu, k = %zu): %s\n", d, k,
                        oco_last_error());
                return 1;
            }
            result res[NROWS];
            double bound = INFINITY;
            for (size_t j = 0; j < NROWS; ++j)
                res[j] = (result){INFINITY, 0, 0, 0, 0};
            /* interleaved slices: every row and the bound in each repetition */
            for (int rep = 0; rep < reps; ++rep) {
                bound = fmin(bound, stream_bound(&P));
                for (size_t j = 0; j < NROWS; ++j)
                    if (run_slice(&ROWS[j], &P, slice, x, gx, &res[j]))
                        return 1;
            }
            double ogd = res[0].best_s, comp = INFINITY;
            for (size_t j = 0; j < NROWS; ++j)
                if (ROWS[j].competitor)
                    comp = fmin(comp, res[j].best_s);
            for (size_t j = 0; j < NROWS; ++j) {
                const result *r = &res[j];
                char bnd[16] = "-", q[16] = "-";
                if (ROWS[j].kind != FEED_OGD)
                    snprintf(bnd, sizeof bnd, "%.3g", r->best_s / bound);
                if (ROWS[j].kind == FEED_ORACLE)
                    snprintf(q, sizeof q, "%.3g", (double)r->queries / (double)r->played);
                printf("%-16s %4zu %3zu %-9s %10zu %12.4g %10.4g %7.3g %7.3g %8s %9.3g %5s "
                       "%11zu\n",
                       ROWS[j].name, d, k, feed_name(ROWS[j].kind), r->played, 1.0 / r->best_s,
                       1e9 * r->best_s, r->best_s / ogd, r->best_s / comp, bnd,
                       (double)r->allocs / (double)r->played, q, r->bytes);
            }
            printf("%-16s %4zu %3zu %-9s %10s %12.4g %10.4g %7s %7s %8s   (%zu bytes/round, "
                   "%.3g GB/s)\n",
                   "[stream bound]", d, k, "-", "-", 1.0 / bound, 1e9 * bound, "-", "-", "1",
                   P.stride * sizeof(double), (double)(P.stride * sizeof(double)) / bound / 1e9);
            fflush(stdout);
            free(P.rec);
            oco_domain_free(ball);
        }
    }
    printf("t/ogd, t/comp, t/bound: ns/round ÷ that of ogd, of the cheapest of mosp/valls/sun/dpp, "
           "of the stream bound, at the same (d, k); q/rd: oracle queries per round.\n");
    printf("peak RSS %.1f MB; total %.1f s\n", bench_peak_rss_mb(), bench_now() - t_start);
    free(x);
    free(gx);
    return 0;
}
