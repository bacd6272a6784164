/* The bandits-with-knapsacks runner (include/oco/bwk_runner.h), for every
 * bwk algorithm of the registry: all T rounds are played (past the budget),
 * the pulls sum to T, the consumption and the loss equal the sums of the
 * pulled arms' costs and losses recomputed here from the decisions and an
 * independent replay of the instance, the expected loss is Σ⟨p̃_t, ℓ_t⟩, the
 * benchmark is the instance's; the checks at the boundary (K, T, a used
 * algorithm), the infeasible benchmark after a filled run, the observer's
 * stop, and no allocation per round. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, unlink */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc_count.h"
#include "oco/algo.h"
#include "oco/bwk.h"
#include "oco/bwk_problem.h"
#include "oco/bwk_runner.h"
#include "oco/error.h"

typedef struct trace {
    size_t n, K;
    size_t *arm;
    double *loss, *cost, *p; /* per round; p: K per round */
    size_t stop_at;
} trace;

static int record(void *ctx, size_t t, size_t arm, double loss, double cost, const double *p,
                  double cum_loss, double cum_cost, const oco_bwk *alg)
{
    (void)cum_loss;
    trace *tr = ctx;
    assert_int_equal(t, tr->n + 1);
    assert_int_equal(oco_bwk_round(alg), t);
    assert_true(fabs(oco_bwk_consumption(alg) - cum_cost) <= 1e-9 * (double)t);
    tr->arm[tr->n] = arm;
    tr->loss[tr->n] = loss;
    tr->cost[tr->n] = cost;
    memcpy(tr->p + tr->n * tr->K, p, tr->K * sizeof *p);
    tr->n++;
    return tr->stop_at && t == tr->stop_at ? OCO_ELIMIT : OCO_OK;
}

static oco_bwk_problem *instance(oco_bwk_problem_kind kind, size_t K, size_t T, uint64_t seed)
{
    oco_bwk_problem_opts o = oco_bwk_problem_opts_default();
    o.kind = kind;
    o.K = K;
    o.T = T;
    o.seed = seed;
    oco_bwk_problem *p = oco_bwk_problem_new(&o);
    assert_non_null(p);
    return p;
}

static oco_bwk *algo(const oco_bwk_type *type, size_t K, size_t T, double B, oco_rng *rng)
{
    oco_bwk_setup s = oco_bwk_setup_default();
    s.K = K;
    s.T = T;
    s.budget = B;
    s.rng = rng;
    oco_bwk *a = oco_bwk_new(type, &s, NULL, 0);
    if (!a)
        fprintf(stderr, "%s: %s\n", type->info.name, oco_last_error());
    assert_non_null(a);
    return a;
}

static void check_run(const oco_bwk_type *type, oco_bwk_problem_kind kind, size_t K, size_t T)
{
    oco_bwk_problem *p = instance(kind, K, T, 5);
    oco_rng rng;
    oco_rng_seed(&rng, 5, 2);
    /* a budget that binds but is feasible: between the arms' consumptions */
    double L[8], C[8], cmin = INFINITY, cmax = 0;
    assert_int_equal(oco_bwk_problem_sums(p, L, C), OCO_OK);
    for (size_t i = 0; i < K; ++i) {
        cmin = fmin(cmin, C[i]);
        cmax = fmax(cmax, C[i]);
    }
    const double B = cmin + 0.3 * (cmax - cmin);
    oco_bwk *a = algo(type, K, T, B, &rng);
    trace tr = {0, K, malloc(T * sizeof(size_t)), malloc(T * sizeof(double)),
                malloc(T * sizeof(double)), malloc(T * K * sizeof(double)), 0};
    size_t pulls[8];
    double pstar[8];
    oco_bwk_run_opts o = oco_bwk_run_opts_default();
    o.on_round = record;
    o.ctx = &tr;
    oco_bwk_run_result r;
    assert_int_equal(oco_bwk_run(a, p, &o, &r, pulls, pstar), OCO_OK);
    assert_int_equal(r.T, T);
    assert_int_equal(tr.n, T);
    size_t total = 0;
    for (size_t i = 0; i < K; ++i)
        total += pulls[i];
    assert_int_equal(total, T); /* every round is played, past the budget */
    /* recompute from the decisions and an independent replay */
    size_t cnt[8] = {0};
    double loss = 0, cons = 0, eloss = 0;
    oco_bwk_problem_rewind(p);
    for (size_t t = 0; t < T; ++t) {
        assert_int_equal(oco_bwk_problem_next(p), OCO_OK);
        const double *l = oco_bwk_problem_losses(p), *c = oco_bwk_problem_costs(p);
        const size_t arm = tr.arm[t];
        assert_true(arm < K);
        cnt[arm]++;
        assert_true(tr.loss[t] == l[arm] && tr.cost[t] == c[arm]);
        loss += l[arm];
        cons += c[arm];
        double s = 0;
        for (size_t i = 0; i < K; ++i) {
            eloss += tr.p[t * K + i] * l[i];
            s += tr.p[t * K + i];
        }
        assert_true(fabs(s - 1) <= 1e-9);
    }
    assert_memory_equal(cnt, pulls, K * sizeof *pulls);
    assert_true(r.consumption == cons); /* same values, same order */
    assert_true(r.loss == loss);
    assert_true(fabs(r.expected_loss - eloss) <= 1e-9 * (double)T);
    assert_true(fabs(oco_bwk_consumption(a) - cons) <= 1e-9 * (double)T);
    oco_bwk_benchmark b;
    double ps[8];
    assert_int_equal(oco_bwk_problem_benchmark(p, B, ps, &b), OCO_OK);
    assert_true(r.benchmark == b.value && r.regret == r.loss - b.value);
    assert_memory_equal(ps, pstar, K * sizeof *ps);
    assert_true(r.budget == B);
    assert_true(r.seconds >= 0 && r.pulls_per_second > 0);
    free(tr.arm);
    free(tr.loss);
    free(tr.cost);
    free(tr.p);
    oco_bwk_free(a);
    oco_bwk_problem_free(p);
}

static void test_every_algorithm(void **st)
{
    (void)st;
    size_t n = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *in = oco_algo_at(i);
        if (in->protocol != OCO_PROTOCOL_BWK)
            continue;
        const oco_bwk_type *type = oco_bwk_type_from_info(in);
        assert_non_null(type);
        check_run(type, OCO_BWK_PROBLEM_STOCHASTIC, 3, 2000);
        check_run(type, OCO_BWK_PROBLEM_ADVERSARIAL, 5, 1500);
        check_run(type, OCO_BWK_PROBLEM_LOWER_BOUND, 2, 1024);
        n++;
    }
    assert_true(n >= 1);
}

static void test_boundary(void **st)
{
    (void)st;
    const oco_bwk_type *exp3 = oco_bwk_find("exp3");
    assert_non_null(exp3);
    oco_rng rng;
    oco_rng_seed(&rng, 1, 2);
    oco_bwk_problem *p = instance(OCO_BWK_PROBLEM_STOCHASTIC, 3, 100, 1);
    oco_bwk_run_result r;
    /* K mismatch */
    oco_bwk *a = algo(exp3, 2, 100, 10, &rng);
    assert_int_equal(oco_bwk_run(a, p, NULL, &r, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "K = 2"));
    oco_bwk_free(a);
    /* horizon shorter than the instance */
    a = algo(exp3, 3, 50, 10, &rng);
    assert_int_equal(oco_bwk_run(a, p, NULL, &r, NULL, NULL), OCO_EINVAL);
    oco_bwk_free(a);
    /* an algorithm that has played already */
    a = algo(exp3, 3, 100, 10, &rng);
    size_t arm;
    assert_int_equal(oco_bwk_pull(a, &arm), OCO_OK);
    assert_int_equal(oco_bwk_update(a, 0.5, 0.5), OCO_OK);
    assert_int_equal(oco_bwk_run(a, p, NULL, &r, NULL, NULL), OCO_ESTATE);
    assert_int_equal(oco_bwk_reset(a), OCO_OK);
    oco_bwk_free(a);
    a = algo(exp3, 3, 100, 1000, &rng); /* a slack budget */
    assert_int_equal(oco_bwk_run(a, p, NULL, &r, NULL, NULL), OCO_OK);
    assert_int_equal(r.T, 100);
    oco_bwk_free(a);
    assert_int_equal(oco_bwk_run(NULL, p, NULL, &r, NULL, NULL), OCO_EINVAL);
    oco_bwk_problem_free(p);
}

/* A budget below every arm's consumption (a file instance: the generated
 * kinds have a free arm): the run is played and filled, then OCO_EINFEASIBLE
 * with the benchmark NaN. */
static void test_infeasible(void **st)
{
    (void)st;
    char path[] = "/tmp/oco_bwk_run_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "l1,l2,l3,c1,c2,c3\n");
    for (int t = 0; t < 500; ++t)
        fprintf(f, "%g,%g,0.5,0.5,%g,0.25\n", (t % 7) / 7.0, (t % 3) / 3.0, (t % 5) / 5.0);
    assert_int_equal(fclose(f), 0);
    oco_bwk_problem *p = oco_bwk_problem_from_csv(path);
    assert_non_null(p);
    unlink(path);
    oco_rng rng;
    oco_rng_seed(&rng, 3, 2);
    oco_bwk *a = algo(oco_bwk_find("exp3"), 3, 500, 100, &rng); /* min_i C_i = 125 */
    oco_bwk_run_result r;
    size_t pulls[3];
    assert_int_equal(oco_bwk_run(a, p, NULL, &r, pulls, NULL), OCO_EINFEASIBLE);
    assert_non_null(strstr(oco_last_error(), "infeasible"));
    assert_int_equal(r.T, 500);
    assert_int_equal(pulls[0] + pulls[1] + pulls[2], 500);
    assert_true(r.consumption > 0 && isnan(r.benchmark) && isnan(r.regret));
    oco_bwk_free(a);
    oco_bwk_problem_free(p);
}

static void test_observer_stop(void **st)
{
    (void)st;
    oco_rng rng;
    oco_rng_seed(&rng, 3, 2);
    oco_bwk_problem *p = instance(OCO_BWK_PROBLEM_ADVERSARIAL, 2, 100, 3);
    oco_bwk *a = algo(oco_bwk_find("exp3"), 2, 100, 10, &rng);
    trace tr = {0, 2, malloc(100 * sizeof(size_t)), malloc(100 * sizeof(double)),
                malloc(100 * sizeof(double)), malloc(200 * sizeof(double)), 7};
    oco_bwk_run_opts o = oco_bwk_run_opts_default();
    o.on_round = record;
    o.ctx = &tr;
    oco_bwk_run_result r;
    assert_int_equal(oco_bwk_run(a, p, &o, &r, NULL, NULL), OCO_ELIMIT);
    assert_int_equal(r.T, 7);
    assert_int_equal(tr.n, 7);
    free(tr.arm);
    free(tr.loss);
    free(tr.cost);
    free(tr.p);
    oco_bwk_free(a);
    oco_bwk_problem_free(p);
}

/* The runner allocates per run, never per round: a run of 10 000 rounds makes
 * as many allocations as a run of 100 (benchmark off; every registered
 * algorithm, created before counting). */
static void test_no_allocation_per_round(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *in = oco_algo_at(i);
        if (in->protocol != OCO_PROTOCOL_BWK)
            continue;
        size_t counts[2];
        const size_t Ts[2] = {100, 10000};
        for (int k = 0; k < 2; ++k) {
            oco_rng rng;
            oco_rng_seed(&rng, 1, 2);
            oco_bwk_problem *p = instance(OCO_BWK_PROBLEM_STOCHASTIC, 4, Ts[k], 1);
            oco_bwk *a = algo(oco_bwk_type_from_info(in), 4, Ts[k], 0.3 * (double)Ts[k], &rng);
            oco_bwk_run_opts o = oco_bwk_run_opts_default();
            o.benchmark = 0;
            oco_bwk_run_result r;
            const size_t before = atomic_load(&n_allocs);
            assert_int_equal(oco_bwk_run(a, p, &o, &r, NULL, NULL), OCO_OK);
            counts[k] = atomic_load(&n_allocs) - before;
            oco_bwk_free(a);
            oco_bwk_problem_free(p);
        }
        if (counts[0] != counts[1])
            fprintf(stderr, "%s: %zu allocations at T = 100, %zu at T = 10000\n", in->name,
                    counts[0], counts[1]);
        assert_int_equal(counts[0], counts[1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_algorithm), cmocka_unit_test(test_boundary),
        cmocka_unit_test(test_infeasible),      cmocka_unit_test(test_observer_stop),
        cmocka_unit_test(test_no_allocation_per_round),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
