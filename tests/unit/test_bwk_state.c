/* Checkpoint and resume of every bwk algorithm in the registry
 * (oco_bwk_save_state / oco_bwk_restore_state): a run interrupted at a
 * random round (between rounds and between pull and update), restored into a
 * fresh object whose rng was seeded differently, gives byte for byte the
 * decisions (arm, p̃_t, multiplier) of an uninterrupted run; states of another
 * algorithm, dims or params, corrupted, truncated or missing files are
 * refused and the object keeps running as if nothing happened. */
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

#include "oco/oco.h"

enum { K = 3, T = 60 };
#define BUDGET 15.0
#define REC (1 + K + 1) /* arm, p̃ (K), multiplier */

typedef struct rec {
    double v[T][REC];
} rec;

static char g_path[256];

/* Loss and cost of arm i at round t (1-based): fixed, arm-dependent. */
static double loss_of(size_t t, size_t i) { return fmod(0.37 * (double)(t * (i + 2)), 1.0); }
static double cost_of(size_t t, size_t i) { return fmod(0.61 * (double)(t + 3 * i), 1.0); }

static oco_bwk *make(const oco_bwk_type *ty, oco_rng *rng, uint64_t seed, size_t k,
                     double budget, const oco_param *p, size_t np)
{
    oco_rng_seed(rng, seed, 0);
    oco_bwk_setup s = oco_bwk_setup_default();
    s.K = k;
    s.T = T;
    s.budget = budget;
    s.rng = rng;
    oco_bwk *a = oco_bwk_new(ty, &s, p, np);
    assert_non_null(a);
    return a;
}

/* Round t (1-based) pull and record; update unless stop_after_pull. */
static void pull(oco_bwk *a, rec *r, size_t t)
{
    size_t arm = 0;
    assert_int_equal(oco_bwk_pull(a, &arm), OCO_OK);
    r->v[t - 1][0] = (double)arm;
    assert_int_equal(oco_bwk_last_distribution(a, &r->v[t - 1][1]), OCO_OK);
}
static void update(oco_bwk *a, rec *r, size_t t)
{
    size_t arm = (size_t)r->v[t - 1][0];
    assert_int_equal(oco_bwk_update(a, loss_of(t, arm), cost_of(t, arm)), OCO_OK);
    r->v[t - 1][1 + K] = oco_bwk_multiplier(a);
}

static void run(oco_bwk *a, rec *r, size_t from, size_t to)
{
    for (size_t t = from; t <= to; ++t) {
        pull(a, r, t);
        update(a, r, t);
    }
}

/* Checkpoint after `tsave` complete rounds (and the pull of round tsave+1 if
 * mid), restore into a fresh object with a different rng seed, finish. */
static void check_resume(const oco_bwk_type *ty, const rec *full, size_t tsave, int mid)
{
    rec r;
    memset(&r, 0, sizeof r);
    oco_rng rng1, rng2;
    oco_bwk *a = make(ty, &rng1, 11, K, BUDGET, NULL, 0);
    run(a, &r, 1, tsave);
    if (mid)
        pull(a, &r, tsave + 1);
    assert_int_equal(oco_bwk_save_state(a, g_path), OCO_OK);
    oco_bwk_free(a);
    oco_bwk *b = make(ty, &rng2, 999, K, BUDGET, NULL, 0);
    assert_int_equal(oco_bwk_restore_state(b, g_path), OCO_OK);
    assert_int_equal(oco_bwk_round(b), tsave);
    size_t from = tsave + 1;
    if (mid) {
        update(b, &r, tsave + 1);
        from++;
    }
    run(b, &r, from, T);
    oco_bwk_free(b);
    assert_memory_equal(&r, full, sizeof r);
}

static void expect_refused(oco_bwk *b, oco_rng *rng, const rec *full, size_t done)
{
    (void)rng;
    rec r;
    memcpy(&r, full, sizeof r);
    run(b, &r, done + 1, T);
    assert_memory_equal(&r, full, sizeof r);
}

static void test_all(void **st)
{
    (void)st;
    oco_rng pick;
    oco_rng_seed(&pick, 2026, 0);
    size_t nalg = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_BWK)
            continue;
        const oco_bwk_type *ty = oco_bwk_type_from_info(info);
        assert_non_null(ty);
        nalg++;
        rec full;
        memset(&full, 0, sizeof full);
        oco_rng rng;
        oco_bwk *a = make(ty, &rng, 11, K, BUDGET, NULL, 0);
        run(a, &full, 1, T);
        oco_bwk_free(a);

        const size_t tr = 1 + (size_t)(oco_rng_uniform(&pick) * (T - 2));
        check_resume(ty, &full, 0, 0);
        check_resume(ty, &full, tr, 0);
        check_resume(ty, &full, tr, 1);
        check_resume(ty, &full, T, 0);

        /* refusals: a state saved by this algorithm at round tr */
        rec r;
        memset(&r, 0, sizeof r);
        oco_rng r1;
        a = make(ty, &r1, 11, K, BUDGET, NULL, 0);
        run(a, &r, 1, tr);
        assert_int_equal(oco_bwk_save_state(a, g_path), OCO_OK);
        oco_bwk_free(a);

        /* another algorithm */
        for (size_t j = 0; j < oco_algo_count(); ++j) {
            const oco_algo_info *o = oco_algo_at(j);
            if (o->protocol != OCO_PROTOCOL_BWK || o == info)
                continue;
            oco_rng ro;
            oco_bwk *b = make(oco_bwk_type_from_info(o), &ro, 5, K, BUDGET, NULL, 0);
            assert_int_equal(oco_bwk_restore_state(b, g_path), OCO_EINVAL);
            assert_int_equal(oco_bwk_round(b), 0);
            oco_bwk_free(b);
        }
        /* other dims (K, budget), other params: refused, object runs as fresh */
        {
            oco_rng ro;
            oco_bwk *b = make(ty, &ro, 5, K + 1, BUDGET, NULL, 0);
            assert_int_equal(oco_bwk_restore_state(b, g_path), OCO_EINVAL);
            oco_bwk_free(b);
            b = make(ty, &ro, 5, K, BUDGET + 1, NULL, 0);
            assert_int_equal(oco_bwk_restore_state(b, g_path), OCO_EINVAL);
            oco_bwk_free(b);
        }
        if (info->nparams > 0) {
            oco_param p = {info->params[0].name, 0.5};
            oco_rng_seed(&rng, 5, 0);
            oco_bwk_setup s = oco_bwk_setup_default();
            s.K = K;
            s.T = T;
            s.budget = BUDGET;
            s.rng = &rng;
            oco_bwk *b = oco_bwk_new(ty, &s, &p, 1);
            if (b) {
                assert_int_equal(oco_bwk_restore_state(b, g_path), OCO_EINVAL);
                oco_bwk_free(b);
            }
        }
        /* corrupted byte, truncated file, missing file: refused; the object
         * (mid-run at tr with rng 11) continues exactly as the full run */
        FILE *f = fopen(g_path, "rb");
        assert_non_null(f);
        unsigned char buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        assert_true(n > 16 && n < sizeof buf);
        memset(&r, 0, sizeof r);
        a = make(ty, &r1, 11, K, BUDGET, NULL, 0);
        memcpy(&r, &full, sizeof r);
        run(a, &r, 1, tr);
        for (int k = 0; k < 3; ++k) {
            if (k < 2) {
                f = fopen(g_path, "wb");
                assert_non_null(f);
                if (k == 0) {
                    unsigned char c[1 << 16];
                    memcpy(c, buf, n);
                    c[n / 2] ^= 0x10;
                    fwrite(c, 1, n, f);
                } else {
                    fwrite(buf, 1, n - 5, f);
                }
                fclose(f);
                assert_int_equal(oco_bwk_restore_state(a, g_path), OCO_EINVAL);
            } else {
                remove(g_path);
                assert_int_equal(oco_bwk_restore_state(a, g_path), OCO_EIO);
            }
            assert_int_equal(oco_bwk_round(a), tr);
        }
        expect_refused(a, &r1, &full, tr);
        oco_bwk_free(a);
    }
    assert_int_equal(nalg, 4);
    remove(g_path);
}

int main(void)
{
    snprintf(g_path, sizeof g_path, "/tmp/oco_test_bwk_state_%ld.bin", (long)getpid());
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_all)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
