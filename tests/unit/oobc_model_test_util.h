/* Test helpers for the oco_oobc_model tests (test_oobc_model*.c): a
 * hand-built fairness-like class (d = M = p = 1, box [1, 40], x_safe = 1,
 * reserve 1, budgets [10, 15]·N, loss −c log x, use x; olp_laau.md §2.3),
 * a fresh mkdtemp directory per test program (cmocka group setup /
 * teardown) and a "trained-looking" model. Include after <cmocka.h>, with
 * _POSIX_C_SOURCE 200809L defined first (mkdtemp). */
#ifndef OCO_TESTS_OOBC_MODEL_TEST_UTIL_H
#define OCO_TESTS_OOBC_MODEL_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "algorithms/ml/model_internal.h"
#include "oco/oobc_model.h"
#include "oco/rng.h"
#include "oobc_test_classes.h"

/* the hand-built fairness-like class of oobc_test_classes.h (closed-form layer) */
#define LO (tcf_lo[0])
#define HI (tcf_hi[0])

static inline oco_oobc_class fair_class(void) { return tc_fair(1); }

static char dir[64]; /* the test program's mkdtemp directory */

static inline int setup_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/oco_model_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static inline int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static inline const char *fpath(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static inline int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* A trained-looking model: weights perturbed by N(0, 1) at full precision. */
static inline oco_oobc_model *sample_model(oco_oobc_model_kind kind, oco_mlp_activation act,
                                    size_t nhidden, uint64_t seed)
{
    oco_oobc_class cls = fair_class();
    oco_oobc_model_opts o = oco_oobc_model_opts_default();
    o.kind = kind;
    o.activation = act;
    o.nhidden = nhidden;
    for (size_t i = 0; i < nhidden; i++)
        o.hidden[i] = 3 + i;
    o.seed = seed;
    oco_oobc_model *m = oco_oobc_model_new(&cls, 20, &o, NULL);
    assert_non_null(m);
    oco_rng r;
    oco_rng_seed(&r, seed, 9);
    double *w = oco_oobc_model_weights(m);
    for (size_t i = 0; i < oco_oobc_model_nweights(m); i++)
        w[i] += oco_rng_normal(&r, 0.0, 1.0) / 3.0;
    return m;
}

#endif
