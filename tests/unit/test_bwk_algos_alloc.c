/* Every bwk algorithm allocates nothing per round: pull (distribution,
 * check, draw) and update, counted by interposing the allocator
 * (alloc_count.h), for every registered bwk algorithm and both exploration
 * rules where there is one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "alloc_count.h"
#include "oco/oco.h"

static size_t rounds_allocs(const oco_bwk_type *ty, const oco_param *prm, size_t np, size_t K)
{
    oco_rng rng, env;
    oco_rng_seed(&rng, 3, 0);
    oco_rng_seed(&env, 4, 0);
    oco_bwk_setup s = oco_bwk_setup_default();
    s.K = K;
    s.T = 2000;
    s.budget = 100;
    s.rng = &rng;
    oco_bwk *a = oco_bwk_new(ty, &s, prm, np);
    assert_non_null(a);
    double p[16];
    const size_t before = atomic_load(&n_allocs);
    for (size_t t = 0; t < 2000; ++t) {
        size_t arm;
        assert_int_equal(oco_bwk_pull(a, &arm), OCO_OK);
        assert_int_equal(oco_bwk_last_distribution(a, p), OCO_OK);
        assert_int_equal(oco_bwk_update(a, oco_rng_uniform(&env), oco_rng_uniform(&env)), OCO_OK);
        (void)oco_bwk_multiplier(a);
    }
    const size_t n = atomic_load(&n_allocs) - before;
    oco_bwk_free(a);
    return n;
}

static void test_rounds_allocate_nothing(void **st)
{
    (void)st;
    SKIP_UNLESS_COUNTING();
    size_t seen = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *in = oco_algo_at(i);
        if (in->protocol != OCO_PROTOCOL_BWK)
            continue;
        const oco_bwk_type *ty = oco_bwk_type_from_info(in);
        seen++;
        for (size_t K = 2; K <= 16; K += 14) {
            size_t n = rounds_allocs(ty, NULL, 0, K);
            if (n)
                fail_msg("%s, K = %zu: %zu allocations in 2000 rounds", in->name, K, n);
            for (size_t j = 0; j < in->nparams; ++j)
                if (strcmp(in->params[j].name, "explore") == 0) {
                    oco_param ex = {"explore", 1};
                    n = rounds_allocs(ty, &ex, 1, K);
                    if (n)
                        fail_msg("%s explore=1, K = %zu: %zu allocations", in->name, K, n);
                }
        }
    }
    assert_true(seen >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rounds_allocate_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
