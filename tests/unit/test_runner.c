/* The OLP runner and the parallel job runner: run == a manual session loop,
 * metrics on a hand case, results independent of the thread count, and the
 * lowest failing job's error re-raised on the caller. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oco/alloc.h"
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/runner.h"

/* Test data from a local splitmix64 so this test does not depend on the
 * library's generators. */
static double unif(uint64_t *st)
{
    uint64_t z = (*st += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

/* Type-1-like data (olp_laau.md §1.10): a, c ~ U[0,2], d_i ~ U[1/3, 2/3]. */
static oco_olp_instance *make_instance(size_t T, size_t m, uint64_t seed)
{
    oco_olp_instance *inst = oco_olp_instance_new(T, m);
    assert_non_null(inst);
    uint64_t st = seed;
    for (size_t i = 0; i < m; ++i)
        inst->b[i] = (double)T * (1.0 + unif(&st)) / 3.0;
    for (size_t t = 0; t < T; ++t) {
        for (size_t i = 0; i < m; ++i)
            inst->a[t * m + i] = 2.0 * unif(&st);
        inst->c[t] = 2.0 * unif(&st);
    }
    return inst;
}

static void check_run_equals_session(const char *algo, int hard, size_t T, size_t m)
{
    const oco_olp_policy_type *type = oco_olp_policy_find(algo);
    assert_non_null(type);
    oco_olp_instance *inst = make_instance(T, m, 42 + m);
    oco_olp_run_opts opts = {{.hard_budget = hard}, NULL, NULL, NULL};
    unsigned char *dec = malloc(T);
    double *rem = malloc(m * sizeof(double));
    oco_olp_metrics met;
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, &opts, dec, rem, &met), OCO_OK);

    const oco_olp_setup setup = {T, m, inst->b, NULL};
    oco_olp_session *s = oco_olp_session_new(type, &setup, NULL, 0, &opts.session);
    assert_non_null(s);
    size_t accepted = 0, differ = 0;
    for (size_t t = 0; t < T; ++t) {
        int x;
        assert_int_equal(oco_olp_session_step(s, inst->c[t], inst->a + t * m, &x), OCO_OK);
        differ += (unsigned char)x != dec[t];
        accepted += (size_t)x;
    }
    assert_int_equal(differ, 0);
    assert_true(accepted > 0 && accepted < T); /* a non-trivial run */
    assert_int_equal(met.accepted, accepted);
    assert_int_equal(oco_olp_session_accepted(s), accepted);
    assert_true(met.reward == oco_olp_session_reward(s));
    assert_memory_equal(rem, oco_olp_session_remaining(s), m * sizeof(double));
    if (hard)
        for (size_t i = 0; i < m; ++i)
            assert_true(rem[i] >= 0.0);
    assert_true(met.seconds > 0.0);
    assert_true(met.decisions_per_second > 0.0);

    /* The same decisions without the decisions buffer and without outputs. */
    oco_olp_metrics met2;
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, &opts, NULL, NULL, &met2), OCO_OK);
    assert_true(met2.reward == met.reward && met2.violation == met.violation);
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, NULL, NULL, NULL, NULL), OCO_OK);
    oco_olp_session_free(s);
    free(dec);
    free(rem);
    oco_olp_instance_free(inst);
}

static void test_run_equals_session(void **st)
{
    (void)st;
    check_run_equals_session("dual-subgradient", 0, 2000, 3);
    check_run_equals_session("dual-subgradient", 1, 2000, 3);
    check_run_equals_session("dual-multiplicative", 0, 2000, 1);
    check_run_equals_session("dual-multiplicative", 1, 2000, 4);
}

/* Hand case: m = 2, T = 3, b = (1, 1), a tiny step (alpha = 1e-3) and c = 10
 * keep <a,y> far below c, so every order is accepted (soft budget):
 *   A x = (1 + 1 + 0.5, 0.5 + 0.5 + 2) = (2.5, 3),  A x − b = (1.5, 2),
 *   violation = sqrt(1.5² + 2²) = sqrt(2.25 + 4) = 2.5, reward = 30. */
static void test_metrics_by_hand(void **st)
{
    (void)st;
    oco_olp_instance *inst = oco_olp_instance_new(3, 2);
    const double a[6] = {1.0, 0.5, 1.0, 0.5, 0.5, 2.0};
    memcpy(inst->a, a, sizeof a);
    inst->c[0] = inst->c[1] = inst->c[2] = 10.0;
    inst->b[0] = inst->b[1] = 1.0;
    const oco_param p[] = {{"alpha", 1e-3}};
    unsigned char dec[3];
    double rem[2];
    oco_olp_metrics met;
    assert_int_equal(oco_olp_run(oco_olp_policy_find("dual-subgradient"), p, 1, inst, NULL, dec,
                                 rem, &met),
                     OCO_OK);
    assert_true(dec[0] == 1 && dec[1] == 1 && dec[2] == 1);
    assert_true(met.reward == 30.0);
    assert_int_equal(met.accepted, 3);
    assert_true(rem[0] == -1.5 && rem[1] == -2.0);
    assert_true(met.violation == 2.5);

    /* Only the overdrawn resources count: b = (3, 1) -> A x − b = (−0.5, 2),
     * violation = 2. With a hard budget nothing is overdrawn: violation 0. */
    inst->b[0] = 3.0;
    assert_int_equal(oco_olp_run(oco_olp_policy_find("dual-subgradient"), p, 1, inst, NULL, NULL,
                                 NULL, &met),
                     OCO_OK);
    assert_true(met.violation == 2.0);
    oco_olp_run_opts hard = {{.hard_budget = 1}, NULL, NULL, NULL};
    assert_int_equal(oco_olp_run(oco_olp_policy_find("dual-subgradient"), p, 1, inst, &hard, dec,
                                 rem, &met),
                     OCO_OK);
    /* order 1 fits (3−1, 1−0.5) = (2, 0.5); order 2 fits (1, 0); order 3 needs 2 > 0: rejected */
    assert_true(dec[0] == 1 && dec[1] == 1 && dec[2] == 0);
    assert_true(met.violation == 0.0);
    assert_true(rem[0] == 1.0 && rem[1] == 0.0);
    assert_true(met.reward == 20.0);
    oco_olp_instance_free(inst);
}

typedef struct trace {
    size_t calls, accepted, stop_at;
    const unsigned char *expect;
    int bad;
} trace;

static int on_round(void *ctx, const oco_olp_session *s, size_t t, double c, const double *a,
                    int x)
{
    trace *tr = ctx;
    const double *remaining = oco_olp_session_remaining(s), *dual = oco_olp_session_dual(s);
    if (oco_olp_session_round(s) != t + 1 || oco_olp_session_phase(s) != NULL)
        tr->bad++;
    (void)c;
    (void)a;
    if (t != tr->calls || !remaining || !dual || (tr->expect && tr->expect[t] != x))
        tr->bad++;
    tr->calls++;
    tr->accepted += (size_t)x;
    if (tr->stop_at && t + 1 == tr->stop_at)
        return oco_set_error(OCO_EIO, "trace writer: disk full at order %zu", t);
    return 0;
}

static void test_on_round(void **st)
{
    (void)st;
    const size_t T = 500;
    oco_olp_instance *inst = make_instance(T, 2, 7);
    const oco_olp_policy_type *type = oco_olp_policy_find("dual-subgradient");
    unsigned char dec[500];
    oco_olp_metrics met;
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, NULL, dec, NULL, &met), OCO_OK);

    trace tr = {0, 0, 0, dec, 0};
    oco_olp_run_opts opts = {{0}, on_round, &tr, NULL};
    oco_olp_metrics met2;
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, &opts, NULL, NULL, &met2), OCO_OK);
    assert_int_equal(tr.calls, T);
    assert_int_equal(tr.bad, 0);
    assert_int_equal(tr.accepted, met.accepted);
    assert_true(met2.reward == met.reward);

    trace stop = {0, 0, 100, NULL, 0};
    opts.ctx = &stop;
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, &opts, NULL, NULL, &met2), OCO_EIO);
    assert_int_equal(stop.calls, 100);
    assert_non_null(strstr(oco_last_error(), "disk full"));
    oco_olp_instance_free(inst);
}

static void test_run_bad_input(void **st)
{
    (void)st;
    oco_olp_instance *inst = make_instance(10, 2, 1);
    const oco_olp_policy_type *type = oco_olp_policy_find("dual-subgradient");
    inst->a[7] = NAN; /* order 3, resource 1 */
    assert_int_equal(oco_olp_run(type, NULL, 0, inst, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "a[3][1]"));
    inst->a[7] = 1.0;
    const oco_param bad[] = {{"step", 1.0}};
    assert_int_equal(oco_olp_run(type, bad, 1, inst, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "unknown parameter 'step'"));
    assert_int_equal(oco_olp_run(NULL, NULL, 0, inst, NULL, NULL, NULL, NULL), OCO_EINVAL);
    assert_int_equal(oco_olp_run(type, NULL, 0, NULL, NULL, NULL, NULL, NULL), OCO_EINVAL);
    oco_olp_instance_free(inst);
}

/* ---- jobs ------------------------------------------------------------- */

enum { NJOBS = 24 };

typedef struct sweep {
    oco_olp_metrics met[NJOBS];
    uint64_t hash[NJOBS]; /* FNV-1a of the decisions */
    double rem[NJOBS][3];
} sweep;

static int sweep_job(void *ctx, size_t job)
{
    sweep *sw = ctx;
    const size_t T = 1000 + 250 * (job % 5), m = 1 + job % 3;
    oco_olp_instance *inst = make_instance(T, m, 1000 + job); /* randomness from the index */
    unsigned char *dec = malloc(T);
    if (!inst || !dec)
        return OCO_ENOMEM;
    const oco_olp_policy_type *type =
        job % 2 ? oco_olp_dual_subgradient : oco_olp_dual_multiplicative;
    oco_olp_run_opts opts = {{.hard_budget = (int)(job % 4 == 1)}, NULL, NULL, NULL};
    memset(sw->rem[job], 0, sizeof sw->rem[job]);
    int rc = oco_olp_run(type, NULL, 0, inst, &opts, dec, sw->rem[job], &sw->met[job]);
    uint64_t h = 1469598103934665603ull;
    for (size_t t = 0; t < T; ++t)
        h = (h ^ dec[t]) * 1099511628211ull;
    sw->hash[job] = h;
    sw->met[job].seconds = sw->met[job].decisions_per_second = 0.0; /* timing differs */
    free(dec);
    oco_olp_instance_free(inst);
    return rc;
}

static void test_jobs_deterministic(void **st)
{
    (void)st;
    sweep *one = calloc(1, sizeof *one), *two = calloc(1, sizeof *two),
          *all = calloc(1, sizeof *all);
    assert_int_equal(oco_jobs_run(NJOBS, 1, sweep_job, one), OCO_OK);
    assert_int_equal(oco_jobs_run(NJOBS, 2, sweep_job, two), OCO_OK);
    assert_int_equal(oco_jobs_run(NJOBS, 0, sweep_job, all), OCO_OK);
    assert_memory_equal(one, two, sizeof *one);
    assert_memory_equal(one, all, sizeof *one);
    for (size_t j = 0; j < NJOBS; ++j)
        assert_true(one->met[j].accepted > 0);
    free(one);
    free(two);
    free(all);
    assert_int_equal(oco_jobs_run(0, 2, sweep_job, NULL), OCO_OK);
    assert_int_equal(oco_jobs_run(3, -1, sweep_job, NULL), OCO_EINVAL);
    assert_int_equal(oco_jobs_run(3, 1, NULL, NULL), OCO_EINVAL);
}

typedef struct failing {
    int ran[64];
} failing;

/* Jobs 5 and 9 fail with their own codes/messages; 20 fails without a message. */
static int failing_job(void *ctx, size_t job)
{
    failing *f = ctx;
    f->ran[job] = 1;
    if (job == 9)
        return oco_set_error(OCO_EIO, "job nine could not write");
    if (job == 5) {
        /* slow, so that with >= 2 threads job 9 fails first in wall time */
        const struct timespec ms20 = {0, 20000000};
        nanosleep(&ms20, NULL);
        return oco_set_error(OCO_ESOLVER, "job five: solver status 3");
    }
    if (job == 20)
        return OCO_ELIMIT;
    return 0;
}

static void test_jobs_error(void **st)
{
    (void)st;
    for (int threads = 1; threads <= 3; ++threads)
        for (int rep = 0; rep < 5; ++rep) {
            failing f;
            memset(&f, 0, sizeof f);
            oco_clear_error();
            assert_int_equal(oco_jobs_run(64, threads, failing_job, &f), OCO_ESOLVER);
            assert_int_equal(oco_last_error_code(), OCO_ESOLVER);
            assert_non_null(strstr(oco_last_error(), "job 5: job five: solver status 3"));
            for (int j = 0; j <= 5; ++j) /* every job up to the failing one ran */
                assert_int_equal(f.ran[j], 1);
        }
}

static int only_20_fails(void *ctx, size_t job)
{
    (void)ctx;
    return job == 20 ? OCO_ELIMIT : 0;
}

static void test_jobs_error_without_message(void **st)
{
    (void)st;
    oco_set_error(OCO_EIO, "stale message from before");
    assert_int_equal(oco_jobs_run(30, 2, only_20_fails, NULL), OCO_ELIMIT);
    assert_non_null(strstr(oco_last_error(), "job 20"));
    assert_null(strstr(oco_last_error(), "stale"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_equals_session),
        cmocka_unit_test(test_metrics_by_hand),
        cmocka_unit_test(test_on_round),
        cmocka_unit_test(test_run_bad_input),
        cmocka_unit_test(test_jobs_deterministic),
        cmocka_unit_test(test_jobs_error),
        cmocka_unit_test(test_jobs_error_without_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
