/* Per-round operations allocate nothing (DESIGN.md, issue 4 "allocation
 * count per round (must be 0)"): every malloc / calloc / realloc /
 * posix_memalign / aligned_alloc / memalign call made by the process during
 * 1000 rounds is counted — including those inside LAPACK/OpenBLAS — by
 * interposing the allocator (glibc's __libc_* entry points). Unlike
 * mallinfo2, this also sees an allocation that is freed within the round.
 *
 * Under AddressSanitizer (or another sanitizer that owns the allocator) and
 * under valgrind the interposition is impossible; the tests are skipped with a
 * message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/algo.h"
#include "oco/alloc.h"
#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"

/* ---- allocation counter ------------------------------------------------- */
#include "alloc_count.h"

/* ---- helpers -------------------------------------------------------------- */

/* Linear losses g_t = 0.5·e_1 + N(0, I)/√d (the bench's sequence: the optimum
 * is on the boundary, so the projections are active). */
static double *make_pool(size_t d, size_t n, double *G)
{
    double *pool = malloc(n * d * sizeof *pool);
    assert_non_null(pool);
    oco_rng r;
    oco_rng_seed(&r, 2024, d);
    *G = 0;
    for (size_t t = 0; t < n; ++t) {
        double n2 = 0;
        for (size_t i = 0; i < d; ++i) {
            double v = oco_rng_normal(&r, 0, 1) / sqrt((double)d) + (i == 0 ? 0.5 : 0.0);
            pool[t * d + i] = v;
            n2 += v * v;
        }
        *G = fmax(*G, sqrt(n2));
    }
    return pool;
}

/* Allocations during `rounds` rounds (after one warm-up round, for lazily
 * initialised libraries), learner `name` on `dom`. */
static size_t count_rounds_by(atomic_size_t *counter, const char *name, oco_domain *dom,
                              const oco_param *p, size_t np, size_t rounds)
{
    size_t d = oco_domain_dim(dom);
    double G;
    double *pool = make_pool(d, rounds + 1, &G), *x = malloc(d * sizeof *x);
    const oco_learner_type *ty = oco_learner_find(name);
    assert_non_null(ty);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = d;
    s.domain = dom;
    s.G = G;
    s.T = rounds + 1;
    oco_learner *l = oco_learner_new(ty, &s, p, np);
    if (!l)
        print_message("%s: %s\n", name, oco_last_error());
    assert_non_null(l);
    assert_int_equal(oco_learner_predict(l, NULL, x), 0);
    assert_int_equal(oco_learner_update(l, pool, NAN), 0);
    size_t a0 = atomic_load(counter);
    int rc = 0;
    for (size_t t = 1; t <= rounds && rc == 0; ++t) {
        rc = oco_learner_predict(l, NULL, x);
        if (rc == 0)
            rc = oco_learner_update(l, pool + t * d, NAN);
    }
    size_t n = atomic_load(counter) - a0;
    assert_int_equal(rc, 0);
    assert_true(oco_domain_contains(dom, x, 1e-12));
    oco_learner_free(l);
    free(pool);
    free(x);
    print_message("%-16s d = %3zu %-14s %zu rounds: %zu allocations%s\n", name, d,
                  np ? p[0].key : "(default)", rounds, n,
                  counter == &n_allocs_own ? " by oco (BLAS excluded)" : "");
    return n;
}

/* Every allocation of the process during the rounds. */
static size_t count_rounds(const char *name, oco_domain *dom, const oco_param *p, size_t np,
                           size_t rounds)
{
    return count_rounds_by(&n_allocs, name, dom, p, np, rounds);
}

/* ---- tests ---------------------------------------------------------------- */

/* The counter sees an allocation freed at once (so the zero below can fail). */
static void test_counter_works(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    void *(*volatile alloc)(size_t) = malloc;
    size_t a0 = atomic_load(&n_allocs), o0 = atomic_load(&n_allocs_own);
    void *p = alloc(24);
    free(p);
    assert_true(atomic_load(&n_allocs) - a0 == 1);
    assert_true(atomic_load(&n_allocs_own) - o0 == 1); /* made by the executable */
    /* and one inside liboco: creating a learner allocates */
    oco_domain *dom = oco_domain_ball(4, 1.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = 4;
    s.domain = dom;
    a0 = atomic_load(&n_allocs);
    o0 = atomic_load(&n_allocs_own);
    oco_learner *l = oco_learner_new(oco_learner_find("optimistic-ons"), &s, NULL, 0);
    assert_true(atomic_load(&n_allocs) > a0);
    assert_true(atomic_load(&n_allocs_own) > o0); /* liboco is linked statically */
    oco_learner_free(l);
    oco_domain_free(dom);
}

/* ONS and optimistic ONS at d = 100 on the ball: the O(d²) engine (default,
 * 1000 rounds: several refreshes of the LAPACK dsytrd reduction) and the
 * exact_qp = 1 reference path (LAPACK dpotrf per Newton step). */
static void test_ons_d100(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    oco_domain *ball = oco_domain_ball(100, 1.0);
    oco_param ex[] = {{"exact_qp", 1.0}}, eig[] = {{"eig_threshold", 0.0}};
    assert_int_equal(count_rounds("ons", ball, NULL, 0, 1000), 0);
    assert_int_equal(count_rounds("optimistic-ons", ball, NULL, 0, 1000), 0);
    assert_int_equal(count_rounds("ons", ball, ex, 1, 200), 0);
    assert_int_equal(count_rounds("optimistic-ons", ball, ex, 1, 200), 0);
    /* The dsyevd path: LAPACK's divide and conquer calls dgemm on small
     * blocks, and OpenBLAS 0.3.21's AVX-512 small-matrix dgemm kernel
     * mallocs (seen on a Skylake-X VM: 19 in 50 rounds). That is the BLAS
     * build's, not oco's: count oco's own allocations here. */
    assert_int_equal(count_rounds_by(&n_allocs_own, "optimistic-ons", ball, eig, 1, 50), 0);
    oco_domain_free(ball);
    /* d = 200: the engine's LAPACK dsytrd at a size where OpenBLAS threads
     * its level-3 kernels (dpotrf allocates there, dsytrd must not) */
    ball = oco_domain_ball(200, 1.0);
    assert_int_equal(count_rounds("optimistic-ons", ball, NULL, 0, 300), 0);
    oco_domain_free(ball);
}

/* Box and simplex (active-set QP with the U-norm; d = 20 keeps it fast). */
static void test_ons_box_simplex(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    oco_domain *box = oco_domain_box_uniform(20, -0.3, 0.3), *spx = oco_domain_simplex(20);
    assert_int_equal(count_rounds("ons", box, NULL, 0, 1000), 0);
    assert_int_equal(count_rounds("optimistic-ons", box, NULL, 0, 1000), 0);
    assert_int_equal(count_rounds("ons", spx, NULL, 0, 1000), 0);
    assert_int_equal(count_rounds("optimistic-ons", spx, NULL, 0, 1000), 0);
    oco_domain_free(box);
    oco_domain_free(spx);
}

/* The universal ensemble (21 optimistic-ONS bases among its N) and the
 * Adapt-ML-Prod variant (ONS bases) at d = 30. */
static void test_universal_d30(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    oco_domain *ball = oco_domain_ball(30, 1.0);
    assert_int_equal(count_rounds("universal", ball, NULL, 0, 1000), 0);
    if (oco_learner_find("adapt-ml-prod"))
        assert_int_equal(count_rounds("adapt-ml-prod", ball, NULL, 0, 1000), 0);
    oco_domain_free(ball);
}

/* oco_learner_check and oco_olp_policy_check validate without allocating
 * (learner.h, alloc.h), on the accepting and on the rejecting path: every
 * learner of the registry with its defaults and with a bad parameter, and
 * both OLP policies. The domains, setups and parameter lists are built
 * before counting. */
static void test_checks_allocate_nothing(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    oco_domain *ball = oco_domain_ball(5, 1.0), *spx = oco_domain_simplex(5);
    oco_rng rng;
    oco_rng_seed(&rng, 3, 0);
    /* a key every learner's table rejects as unknown, and a bad value for
     * each learner with its own check (what its create rejects) */
    const oco_param unknown[] = {{"no_such_key", 1.0}};
    const struct {
        const char *name;
        oco_param p;
    } bad[] = {{"ogd", {"scale", -1}},           {"optimistic-ogd", {"gamma", -1}},
               {"adagrad", {"eta", 0}},          {"hedge", {"range", 0}},
               {"optimistic-hedge", {"bias", -1}}, {"msmwc", {"optimism", 3}},
               {"maler", {"n_eta", 0}}};
    size_t n = 0, learners = 0, rejected = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OCO)
            continue;
        const oco_learner_type *ty = oco_learner_type_from_info(info);
        oco_learner_setup s = oco_learner_setup_default();
        s.d = 5;
        s.domain = ty->domains == (1u << OCO_DOMAIN_SIMPLEX) ? spx : ball;
        s.T = 100;
        s.rng = &rng;
        const oco_param *bp = NULL;
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k)
            if (strcmp(bad[k].name, info->name) == 0)
                bp = &bad[k].p;
        size_t a0 = atomic_load(&n_allocs);
        int ok = oco_learner_check(ty, &s, NULL, 0);
        int unk = oco_learner_check(ty, &s, unknown, 1);
        int badrc = bp ? oco_learner_check(ty, &s, bp, 1) : OCO_EINVAL;
        size_t got = atomic_load(&n_allocs) - a0;
        if (got)
            print_message("%s: check made %zu allocations\n", info->name, got);
        n += got;
        assert_int_equal(ok, OCO_OK);
        assert_int_equal(unk, OCO_EINVAL);
        assert_int_equal(badrc, OCO_EINVAL);
        learners++;
        rejected += bp != NULL;
    }
    assert_true(learners >= 13);
    assert_int_equal(rejected, sizeof bad / sizeof bad[0]);

    const double b[2] = {3.0, 4.0};
    oco_olp_setup os = {.T = 10, .m = 2, .b = b, .rng = &rng};
    const oco_param alpha_bad[] = {{"alpha", -1.0}}, y0_bad[] = {{"y0", -1.0}};
    const oco_olp_policy_type *pol[2] = {oco_olp_dual_subgradient, oco_olp_dual_multiplicative};
    for (int k = 0; k < 2; ++k) {
        size_t a0 = atomic_load(&n_allocs);
        int ok = oco_olp_policy_check(pol[k], &os, NULL, 0);
        int r1 = oco_olp_policy_check(pol[k], &os, alpha_bad, 1);
        int r2 = oco_olp_policy_check(pol[k], &os, y0_bad, 1);
        int r3 = oco_olp_policy_check(pol[k], &os, unknown, 1);
        n += atomic_load(&n_allocs) - a0;
        assert_int_equal(ok, OCO_OK);
        assert_int_equal(r1, OCO_EINVAL);
        assert_int_equal(r2, OCO_EINVAL);
        assert_int_equal(r3, OCO_EINVAL);
    }
    assert_int_equal(n, 0);
    oco_domain_free(ball);
    oco_domain_free(spx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_works),
        cmocka_unit_test(test_ons_d100),
        cmocka_unit_test(test_ons_box_simplex),
        cmocka_unit_test(test_universal_d30),
        cmocka_unit_test(test_checks_allocate_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
