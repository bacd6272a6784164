/* Benchmark (not a test): seed 003 (issue 10, section Bench).
 *
 * Part A: rounds per second of Algorithm 1 (`lyapunov-adagrad`, coco.h) at
 * d ∈ {10, 100} with k = 1 resource (and k = 10 at d = 100), next to
 * `sinha-vaze` and `sinha-vaze-strong` (its baselines, Part C; the
 * strongly convex variant timed on the same linear costs: its step differs,
 * not its per-round work), plain OGD (learner `ogd`, no
 * constraint at all) and a hardware bound measured in the same run: one
 * fused loop doing the round's irreducible arithmetic on the same data and
 * nothing else — read ∇f_t (d) and J_t (k×d), Q += c_t, k exponentials
 * w_j = λe^{λQ_j}, ∇ = V∇f + Σ_j w_j J_j, S += ‖∇‖², one square root for
 * the AdaGrad step, x −= η∇, one square root for the projection onto the
 * ball. Whichever of memory bandwidth and flops limits that loop limits it;
 * its bytes read per round over its time is printed as GB/s.
 *
 * Part B: pulls per second of the bandits-with-knapsacks algorithms
 * (bwk.h) at K ∈ {2, 10, 100}: `lyapunov-bwk` (Algorithm 2) in both
 * presets, `sf-mab`, `exp3` and `lagrange-bwk` when it is built, through the
 * wrapper (oco_bwk_pull + oco_bwk_update, which draws I_t ~ p̃_t), next to
 * the floor of any bandit: a uniform-random pull (one oco_rng draw and a
 * table lookup of the pulled arm's loss and cost). cons/B is the
 * consumption over the budget share of the rounds played (a sanity figure:
 * < 1 means the budget is being respected; on a prefix of T, when the time
 * budget stops the run, Algorithm 2's queue has not yet reached B_T and its
 * budget weight is still small). SF-MAB's mean root-finding iterations are
 * not reported: the core keeps no count of them.
 *
 * Feedback is pre-generated outside the timed loops (pools of 4096 rounds,
 * cycled; rng seeded (2024, ·)): Part A's linear costs are
 * bench_linear_pool's g_t = 0.5·e_1 + N(0, I)/√d (optimum on the boundary of
 * the unit ball, so the projections are exercised); the constraints are
 * linear with Jacobian rows J_{t,j} ~ U[0, 1]^d/√d and consumption values
 * c_{t,j} ~ U[0, 1] against the budget share b = 1/2 (B_T = T/2 per
 * resource). `lyapunov-adagrad` (OCO_COCO_CONSUMPTION) gets c_t and
 * B_T; `sinha-vaze` gets g_t = c_t − 1/2 and budget 0: the same X*. The
 * values do not depend on x_t (an oblivious pool): the algorithms'
 * arithmetic is the same either way. Part B's table: arm i's loss
 * ~ U[μ_i ± 0.2] with μ_i rising from 0.2 to 0.8 across the arms and its
 * cost ~ U[ν_i ± 0.2] with ν_i falling from 0.8 to 0.2 (the good arms are
 * the expensive ones), budget B_T = 0.3·T.
 *
 * Allocations per round are counted by interposing malloc, calloc, realloc
 * (bench_util.h) and memalign, aligned_alloc, posix_memalign (below), as
 * tests/unit/alloc_count.h does: every call of the process during the
 * measured rounds. Must be 0: the program exits with status 1 if a row
 * allocated. Peak RSS: getrusage, printed at the end.
 *
 * Each configuration runs REPS = 3 times, interleaved with the others of its
 * group, each run with a third of the time budget; the fastest run is kept
 * (the least disturbed by other work on a shared machine) and the largest
 * allocation count. A run stops early when it exceeds its time budget; the
 * rounds it played are printed. Each run plays one warm-up round before the
 * clock starts.
 *
 * usage: lyapunov [--quick] [T] [budget-seconds-per-configuration]
 *        (default 10^6 and 1.2 s, under 60 s in total; --quick: 2·10^5 and
 *        0.15 s, under 10 s) */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oco/bwk.h"
#include "oco/coco.h"
#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"

#include "bench_util.h"

#if BENCH_COUNTING
/* The aligned allocators too, as tests/unit/alloc_count.h counts them. */
extern void *__libc_memalign(size_t, size_t);
void *memalign(size_t al, size_t n)
{
    bench_n_allocs++;
    return __libc_memalign(al, n);
}
void *aligned_alloc(size_t al, size_t n)
{
    bench_n_allocs++;
    return __libc_memalign(al, n);
}
int posix_memalign(void **p, size_t al, size_t n)
{
    bench_n_allocs++;
    *p = __libc_memalign(al, n);
    return *p ? 0 : ENOMEM;
}
#endif

enum { POOL = BENCH_POOL, CHUNK = 256, REPS = 3 };

static volatile double bench_sink; /* keeps the floors' results alive */
static size_t bench_alloc_rows;      /* rows whose timed rounds allocated */

typedef struct result {
    int ok;        /* 0: not built / failed (reason in note) */
    size_t played; /* measured rounds (after the warm-up round) */
    double rps;
    double allocs; /* per round */
    size_t bytes;  /* state bytes (0 = not reported) */
    double gbs;    /* floors: bytes read per second / 1e9 */
    double cons;   /* bandits: consumption / budget share of the rounds played */
    char note[96];
} result;

/* Best of the repetitions: the fastest rate (the least disturbed by other
 * work on the machine), the largest allocation count. */
static void keep_best(result *best, const result *r)
{
    if (!r->ok) {
        if (!best->ok)
            *best = *r;
        return;
    }
    const double allocs = best->ok ? fmax(best->allocs, r->allocs) : r->allocs;
    if (!best->ok || r->rps > best->rps)
        *best = *r;
    best->allocs = allocs;
}

/* ---- Part A: constrained OCO ------------------------------------------- */

typedef struct coco_data {
    size_t d, k;
    double *grad; /* POOL × d: ∇f_t */
    double *J;    /* POOL × k × d: J_t (rows ⟨A_{t,j}, ·⟩) */
    double *c;    /* POOL × k: consumption c_t(x) = ⟨A_t, x⟩-values, >= 0 */
    double *g;    /* POOL × k: g_t = c_t − 1/2 (the same constraint with b = 1/2) */
    double G, L_g;
} coco_data;

static int coco_data_make(coco_data *cd, size_t d, size_t k)
{
    cd->d = d;
    cd->k = k;
    cd->grad = bench_linear_pool(d, &cd->G);
    cd->J = malloc(POOL * k * d * sizeof(double));
    cd->c = malloc(POOL * k * sizeof(double));
    cd->g = malloc(POOL * k * sizeof(double));
    if (!cd->grad || !cd->J || !cd->c || !cd->g)
        return 1;
    oco_rng r;
    oco_rng_seed(&r, 2024, 1000 + d * 100 + k);
    cd->L_g = 0.0;
    for (size_t t = 0; t < POOL; ++t) {
        double fro = 0.0; /* ‖J_t‖_2 <= ‖J_t‖_F */
        for (size_t i = 0; i < k * d; ++i) {
            double v = oco_rng_uniform(&r) / sqrt((double)d);
            cd->J[t * k * d + i] = v;
            fro += v * v;
        }
        cd->L_g = fmax(cd->L_g, sqrt(fro));
        for (size_t j = 0; j < k; ++j) {
            cd->c[t * k + j] = oco_rng_uniform(&r);
            cd->g[t * k + j] = cd->c[t * k + j] - 0.5;
        }
    }
    return 0;
}

static void coco_data_free(coco_data *cd)
{
    free(cd->grad);
    free(cd->J);
    free(cd->c);
    free(cd->g);
}

/* The fused floor of one Algorithm 1 round (see the top comment): the same
 * arithmetic with V = 1, λ = 1/(2(√2·G·D·√T + T/2)), no wrapper, no
 * validation, no overflow guards. */
static void coco_floor(const coco_data *cd, size_t T, double budget, result *res)
{
    const size_t d = cd->d, k = cd->k;
    double *x = calloc(d, sizeof *x), *nab = malloc(d * sizeof *nab);
    double *Q = calloc(k, sizeof *Q), *w = malloc(k * sizeof *w);
    const double D = 2.0, lam = 1.0 / (2.0 * (sqrt(2.0) * cd->G * D * sqrt((double)T) + 0.5 * (double)T));
    double S = 0.0, out = 0.0;
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t cnt = 0; cnt < CHUNK && t < T; ++cnt, ++t, ++played) {
            const size_t row = t % POOL;
            const double *gr = cd->grad + row * d, *J = cd->J + row * k * d, *c = cd->c + row * k;
            out += x[0]; /* "play" x_t */
            for (size_t j = 0; j < k; ++j) {
                Q[j] += c[j];
                w[j] = lam * exp(lam * Q[j]);
            }
            memcpy(nab, gr, d * sizeof *nab);
            for (size_t j = 0; j < k; ++j) /* row by row: unit stride */
                for (size_t i = 0; i < d; ++i)
                    nab[i] += w[j] * J[j * d + i];
            double s = 0.0;
            for (size_t i = 0; i < d; ++i)
                s += nab[i] * nab[i];
            S += s;
            const double eta = S > 0 ? sqrt(2.0) * D / (2.0 * sqrt(S)) : 0.0;
            double n2 = 0.0;
            for (size_t i = 0; i < d; ++i) {
                x[i] -= eta * nab[i];
                n2 += x[i] * x[i];
            }
            if (n2 > 1.0) {
                const double sc = 1.0 / sqrt(n2);
                for (size_t i = 0; i < d; ++i)
                    x[i] *= sc;
            }
        }
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    bench_sink = out;
    res->ok = 1;
    res->played = played;
    res->rps = (double)played / el;
    res->allocs = (double)(bench_n_allocs - a0) / (double)played;
    res->bytes = 0;
    res->gbs = res->rps * (double)((d + k * d + k) * sizeof(double)) / 1e9;
    free(x);
    free(nab);
    free(Q);
    free(w);
}

/* Plain OGD (learner `ogd`) on the same costs, no constraint. */
static void coco_ogd(const coco_data *cd, size_t T, double budget, result *res)
{
    const size_t d = cd->d;
    oco_domain *ball = oco_domain_ball(d, 1.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = d;
    s.domain = ball;
    s.T = T;
    s.G = cd->G;
    const oco_learner_type *ty = oco_learner_find("ogd");
    oco_learner *l = ty ? oco_learner_new(ty, &s, NULL, 0) : NULL;
    double *x = malloc(d * sizeof *x);
    if (!l || oco_learner_predict(l, NULL, x) || oco_learner_update(l, cd->grad, NAN)) {
        snprintf(res->note, sizeof res->note, "%s", oco_last_error());
        goto done;
    }
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t cnt = 0; cnt < CHUNK && t < T; ++cnt, ++t, ++played)
            if (oco_learner_predict(l, NULL, x) ||
                oco_learner_update(l, cd->grad + (t % POOL) * d, NAN)) {
                snprintf(res->note, sizeof res->note, "%s", oco_last_error());
                goto done;
            }
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    res->ok = 1;
    res->played = played;
    res->rps = (double)played / el;
    res->allocs = (double)(bench_n_allocs - a0) / (double)played;
    res->bytes = oco_learner_memory(l);
done:
    oco_learner_free(l);
    oco_domain_free(ball);
    free(x);
}

/* A coco algorithm by name through the wrapper, linearised feedback. */
static void coco_algo(const char *name, const coco_data *cd, size_t T, double budget, result *res)
{
    const size_t d = cd->d, k = cd->k;
    const oco_coco_type *ty = oco_coco_find(name);
    if (!ty) {
        snprintf(res->note, sizeof res->note, "not built");
        return;
    }
    const int cons = (ty->needs & OCO_COCO_CONSUMPTION) != 0;
    oco_domain *ball = oco_domain_ball(d, 1.0);
    double *B = malloc(k * sizeof *B), *x = malloc(d * sizeof *x);
    for (size_t j = 0; j < k; ++j)
        B[j] = 0.5 * (double)T; /* B_T = Σ_t b_t, b = 1/2 */
    oco_coco_setup s = oco_coco_setup_default();
    s.d = d;
    s.k = k;
    s.domain = ball;
    s.T = T;
    s.G = cd->G;
    s.L_g = cd->L_g;
    s.g_max = sqrt((double)k);
    s.F = cd->G; /* |⟨g, x⟩| <= ‖g‖ on the unit ball */
    s.budget = cons ? B : NULL;
    const double *vals = cons ? cd->c : cd->g;
    oco_coco *a = oco_coco_new(ty, &s, NULL, 0);
    oco_coco_linear fb = {cd->grad, NAN, vals, cd->J};
    if (!a || oco_coco_predict(a, NULL, x) || oco_coco_update(a, &fb)) {
        snprintf(res->note, sizeof res->note, "%s", oco_last_error());
        goto done;
    }
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t cnt = 0; cnt < CHUNK && t < T; ++cnt, ++t, ++played) {
            const size_t row = t % POOL;
            fb.grad = cd->grad + row * d;
            fb.g = vals + row * k;
            fb.J = cd->J + row * k * d;
            if (oco_coco_predict(a, NULL, x) || oco_coco_update(a, &fb)) {
                snprintf(res->note, sizeof res->note, "%s", oco_last_error());
                goto done;
            }
        }
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    res->ok = 1;
    res->played = played;
    res->rps = (double)played / el;
    res->allocs = (double)(bench_n_allocs - a0) / (double)played;
    res->bytes = oco_coco_memory(a);
done:
    oco_coco_free(a);
    oco_domain_free(ball);
    free(B);
    free(x);
}

static void print_coco_row(const char *label, size_t d, size_t k, const result *r,
                           const result *ogd, const result *flo)
{
    if (!r->ok) {
        printf("%-20s %4zu %3zu   %s\n", label, d, k, r->note);
        return;
    }
    char vo[16] = "-", vf[16] = "-", by[24] = "-";
    if (ogd->ok)
        snprintf(vo, sizeof vo, "%.3g", r->rps / ogd->rps);
    if (flo->ok)
        snprintf(vf, sizeof vf, "%.3g", r->rps / flo->rps);
    if (r->bytes)
        snprintf(by, sizeof by, "%zu", r->bytes);
    bench_alloc_rows += r->allocs > 0;
    printf("%-20s %4zu %3zu %10zu %12.4g %10.4g %8s %8s %10.3g %12s", label, d, k, r->played + 1,
           r->rps, 1e9 / r->rps, vo, vf, r->allocs, by);
    if (r->gbs > 0)
        printf("   (%.3g GB/s)", r->gbs);
    printf("\n");
}

static int part_coco(size_t T, double budget)
{
    const size_t dk[][2] = {{10, 1}, {100, 1}, {100, 10}};
    printf("# Part A, seed 003 Algorithm 1 (coco): linear costs and consumptions on the unit "
           "ball, T = %zu, budget %.2g s per configuration (best of %d interleaved runs); allocation counting %s\n",
           T, budget, REPS, BENCH_COUNTING ? "on" : "off (sanitizer build)");
    printf("%-20s %4s %3s %10s %12s %10s %8s %8s %10s %12s\n", "algorithm", "d", "k", "T_played",
           "rounds/s", "ns/round", "vs_ogd", "vs_floor", "allocs/rd", "state_bytes");
    for (size_t n = 0; n < sizeof dk / sizeof dk[0]; ++n) {
        coco_data cd;
        memset(&cd, 0, sizeof cd);
        if (coco_data_make(&cd, dk[n][0], dk[n][1])) {
            fprintf(stderr, "lyapunov: out of memory\n");
            coco_data_free(&cd);
            return 1;
        }
        result flo = {0}, ogd = {0}, sv = {0}, svs = {0}, ly = {0};
        for (int rep = 0; rep < REPS; ++rep) { /* interleaved, best of REPS */
            result r[5];
            memset(r, 0, sizeof r);
            coco_floor(&cd, T, budget / REPS, &r[0]);
            coco_ogd(&cd, T, budget / REPS, &r[1]);
            coco_algo("sinha-vaze", &cd, T, budget / REPS, &r[2]);
            coco_algo("lyapunov-adagrad", &cd, T, budget / REPS, &r[3]);
            coco_algo("sinha-vaze-strong", &cd, T, budget / REPS, &r[4]);
            keep_best(&flo, &r[0]);
            keep_best(&ogd, &r[1]);
            keep_best(&sv, &r[2]);
            keep_best(&ly, &r[3]);
            keep_best(&svs, &r[4]);
        }
        print_coco_row("floor (fused)", cd.d, cd.k, &flo, &ogd, &flo);
        print_coco_row("ogd (no constraint)", cd.d, cd.k, &ogd, &ogd, &flo);
        print_coco_row("sinha-vaze", cd.d, cd.k, &sv, &ogd, &flo);
        print_coco_row("sinha-vaze-strong", cd.d, cd.k, &svs, &ogd, &flo);
        print_coco_row("lyapunov-adagrad", cd.d, cd.k, &ly, &ogd, &flo);
        if (ly.ok && sv.ok)
            printf("#   d = %zu, k = %zu: lyapunov-adagrad / sinha-vaze = %.3g\n", cd.d, cd.k,
                   ly.rps / sv.rps);
        fflush(stdout);
        coco_data_free(&cd);
    }
    return 0;
}

/* ---- Part B: bandits with knapsacks ------------------------------------ */

typedef struct bwk_data {
    size_t K;
    double *loss, *cost; /* POOL × K each */
} bwk_data;

static int bwk_data_make(bwk_data *bd, size_t K)
{
    bd->K = K;
    bd->loss = malloc(POOL * K * sizeof(double));
    bd->cost = malloc(POOL * K * sizeof(double));
    if (!bd->loss || !bd->cost)
        return 1;
    oco_rng r;
    oco_rng_seed(&r, 2024, 5000 + K);
    for (size_t t = 0; t < POOL; ++t)
        for (size_t i = 0; i < K; ++i) {
            const double u = (double)i / (double)(K - 1);
            bd->loss[t * K + i] = oco_rng_uniform_range(&r, 0.0, 0.4) + 0.6 * u;
            bd->cost[t * K + i] = oco_rng_uniform_range(&r, 0.0, 0.4) + 0.6 * (1.0 - u);
        }
    return 0;
}

/* The floor: a uniform-random pull, one rng draw and the table lookup. */
static void bwk_floor(const bwk_data *bd, size_t T, double budget, result *res)
{
    const size_t K = bd->K;
    oco_rng r;
    oco_rng_seed(&r, 7, K);
    double acc = 0.0, used = 0.0;
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t cnt = 0; cnt < CHUNK && t < T; ++cnt, ++t, ++played) {
            const size_t arm = (size_t)oco_rng_below(&r, K), at = (t % POOL) * K + arm;
            acc += bd->loss[at];
            used += bd->cost[at];
        }
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    bench_sink = acc;
    res->ok = 1;
    res->played = played;
    res->rps = (double)played / el;
    res->allocs = (double)(bench_n_allocs - a0) / (double)played;
    res->cons = used / (0.3 * (double)played);
}

static void bwk_algo(const char *name, const oco_param *params, size_t np, const bwk_data *bd,
                     size_t T, double budget, result *res)
{
    const size_t K = bd->K;
    const oco_bwk_type *ty = oco_bwk_find(name);
    if (!ty) {
        snprintf(res->note, sizeof res->note, "not built");
        return;
    }
    oco_rng r;
    oco_rng_seed(&r, 7, K);
    oco_bwk_setup s = oco_bwk_setup_default();
    s.K = K;
    s.T = T;
    s.budget = 0.3 * (double)T;
    s.rng = &r;
    oco_bwk *a = oco_bwk_new(ty, &s, params, np);
    size_t arm = 0;
    if (!a || oco_bwk_pull(a, &arm) || oco_bwk_update(a, bd->loss[arm], bd->cost[arm])) {
        snprintf(res->note, sizeof res->note, "%s", oco_last_error());
        goto done;
    }
    const double c0 = oco_bwk_consumption(a);
    size_t a0 = bench_n_allocs, t = 1, played = 0;
    double t0 = bench_now(), el = 0.0;
    while (t < T) {
        for (size_t cnt = 0; cnt < CHUNK && t < T; ++cnt, ++t, ++played) {
            const size_t row = (t % POOL) * K;
            if (oco_bwk_pull(a, &arm) ||
                oco_bwk_update(a, bd->loss[row + arm], bd->cost[row + arm])) {
                snprintf(res->note, sizeof res->note, "%s", oco_last_error());
                goto done;
            }
        }
        el = bench_now() - t0;
        if (el > budget)
            break;
    }
    res->ok = 1;
    res->played = played;
    res->rps = (double)played / el;
    res->allocs = (double)(bench_n_allocs - a0) / (double)played;
    res->bytes = oco_bwk_memory(a);
    res->cons = (oco_bwk_consumption(a) - c0) / (0.3 * (double)played);
done:
    oco_bwk_free(a);
}

static void print_bwk_row(const char *label, size_t K, const result *r, const result *exp3,
                          const result *flo)
{
    if (!r->ok) {
        printf("%-22s %4zu   %s\n", label, K, r->note);
        return;
    }
    char ve[16] = "-", vf[16] = "-", by[24] = "-";
    if (exp3->ok)
        snprintf(ve, sizeof ve, "%.3g", r->rps / exp3->rps);
    if (flo->ok)
        snprintf(vf, sizeof vf, "%.3g", r->rps / flo->rps);
    if (r->bytes)
        snprintf(by, sizeof by, "%zu", r->bytes);
    bench_alloc_rows += r->allocs > 0;
    printf("%-22s %4zu %10zu %12.4g %10.4g %8s %8s %10.3g %7.3f %12s\n", label, K,
           r->played + 1, r->rps, 1e9 / r->rps, ve, vf, r->allocs, r->cons, by);
}

static int part_bwk(size_t T, double budget)
{
    const size_t Ks[] = {2, 10, 100};
    const oco_param practical[] = {{"preset", 0.0}}, theory[] = {{"preset", 1.0}};
    printf("# Part B, seed 003 Algorithm 2 (bwk): K arms, budget B_T = 0.3·T, T = %zu, "
           "budget %.2g s per configuration (best of %d interleaved runs)\n",
           T, budget, REPS);
    printf("# sf-mab's root finds for nu (FTRL and OMD steps) keep no iteration count "
           "(src/algorithms/bwk/sf_mab_core.h): not reported\n");
    printf("%-22s %4s %10s %12s %10s %8s %8s %10s %7s %12s\n", "algorithm", "K", "T_played",
           "pulls/s", "ns/pull", "vs_exp3", "vs_floor", "allocs/pl", "cons/B", "state_bytes");
    for (size_t n = 0; n < sizeof Ks / sizeof Ks[0]; ++n) {
        bwk_data bd;
        memset(&bd, 0, sizeof bd);
        if (bwk_data_make(&bd, Ks[n])) {
            fprintf(stderr, "lyapunov: out of memory\n");
            free(bd.loss);
            free(bd.cost);
            return 1;
        }
        struct {
            const char *label, *name;
            const oco_param *p;
            size_t np;
        } runs[] = {{"exp3", "exp3", NULL, 0},
                    {"sf-mab", "sf-mab", NULL, 0},
                    {"lyapunov-bwk practical", "lyapunov-bwk", practical, 1},
                    {"lyapunov-bwk theory", "lyapunov-bwk", theory, 1},
                    {"lagrange-bwk", "lagrange-bwk", NULL, 0}};
        enum { NR = sizeof runs / sizeof runs[0] };
        result flo = {0}, r[NR], one;
        memset(r, 0, sizeof r);
        for (int rep = 0; rep < REPS; ++rep) { /* interleaved, best of REPS */
            memset(&one, 0, sizeof one);
            bwk_floor(&bd, T, budget / REPS, &one);
            keep_best(&flo, &one);
            for (size_t j = 0; j < NR; ++j) {
                memset(&one, 0, sizeof one);
                bwk_algo(runs[j].name, runs[j].p, runs[j].np, &bd, T, budget / REPS, &one);
                keep_best(&r[j], &one);
            }
        }
        print_bwk_row("floor (uniform pull)", bd.K, &flo, &r[0], &flo);
        for (size_t j = 0; j < NR; ++j)
            print_bwk_row(runs[j].label, bd.K, &r[j], &r[0], &flo);
        fflush(stdout);
        free(bd.loss);
        free(bd.cost);
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t T = 1000000;
    double budget = 1.2;
    /* --quick anywhere; the rest is bench_args' "[T] [budget-seconds]" */
    char *rest[3] = {argv[0], NULL, NULL};
    int nrest = 1, quick = 0;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else if (nrest < 3)
            rest[nrest++] = argv[i];
        else
            nrest = 4;
    }
    if (quick) {
        T = 200000;
        budget = 0.15;
    }
    if (nrest > 3 || bench_args(nrest, rest, &T, &budget) != 0) {
        fprintf(stderr,
                "usage: %s [--quick] [T] [budget-seconds-per-configuration]\n"
                "  default T = 10^6 and 1.2 s (under 60 s in total); --quick: T = 2*10^5 and "
                "0.15 s (under 10 s)\n",
                argv[0]);
        return 2;
    }
    const double t0 = bench_now();
    if (part_coco(T, budget) || part_bwk(T, budget))
        return 1;
    printf("# peak RSS %.1f MB, %.1f s in total\n", bench_peak_rss_mb(), bench_now() - t0);
    if (bench_alloc_rows) { /* the contract of every algorithm (DESIGN.md): fail loudly */
        printf("# FAIL: %zu row(s) allocated in their timed rounds (must be 0)\n",
               bench_alloc_rows);
        return 1;
    }
    printf("# allocations per round: 0 in every row%s\n",
           BENCH_COUNTING ? "" : " (not counted: sanitizer build)");
    return 0;
}
