/* Tests of the oco_oobc_model object (src/algorithms/ml/model.c;
 * oobc_model.h) on a hand-built fairness-like class (oobc_model_test_util.h;
 * d = M = p = 1, box [1, 40], budgets [10, 15]·N, olp_laau.md §2.3):
 *   - names, default options (2 hidden layers of 10, tanh, §2.3 [D]), the
 *     output maps (names, parse, which kind accepts which, the default
 *     resolved to softplus for laau and sigmoid for rl),
 *     shapes (n_0 = M + p + 1, outputs M for laau, d for rl), the default
 *     b_scale N·(10 + 15)/2 = 12.5·N, the input u_t, refusals (rl with
 *     M = 2, N = 0, bad b_scale), determinism of the initialisation;
 *   - clone: equal weights (memcmp), label and training summary, the
 *     trainer's work space not copied and freed by its destructor once;
 *   - save + load: bit-identical weights (memcmp), identical forward
 *     outputs, every field restored (NaN best_val_utility, a seed above
 *     INT64_MAX), no path.tmp left;
 *   - matches() naming kind / problem / d / M / p / N.
 * The file's refusals: test_oobc_model_file.c. Fixed RNG seeds. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, mkdir */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "oco/error.h"
#include "oobc_model_test_util.h"

static void test_names_and_defaults(void **state)
{
    (void)state;
    assert_string_equal(oco_oobc_model_kind_name(OCO_OOBC_MODEL_LAAU), "laau");
    assert_string_equal(oco_oobc_model_kind_name(OCO_OOBC_MODEL_RL), "rl");
    assert_null(oco_oobc_model_kind_name((oco_oobc_model_kind)0));
    assert_null(oco_oobc_model_kind_name((oco_oobc_model_kind)3));
    const char *names[4] = {"tanh", "relu", "softplus", "sigmoid"};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(oco_mlp_activation_name((oco_mlp_activation)i), names[i]);
        oco_mlp_activation a = (oco_mlp_activation)99;
        assert_int_equal(oco_mlp_activation_parse(names[i], &a), 0);
        assert_int_equal((int)a, i);
    }
    assert_null(oco_mlp_activation_name((oco_mlp_activation)4));
    oco_mlp_activation a;
    assert_int_equal(oco_mlp_activation_parse("gelu", &a), OCO_ENOTFOUND);
    assert_non_null(strstr(oco_last_error(), "gelu"));
    assert_non_null(strstr(oco_last_error(), "tanh, relu, softplus, sigmoid"));
    oco_oobc_model_opts o = oco_oobc_model_opts_default();
    assert_int_equal(o.kind, OCO_OOBC_MODEL_LAAU);
    assert_int_equal(o.nhidden, 2);
    assert_int_equal(o.hidden[0], 10);
    assert_int_equal(o.hidden[1], 10);
    assert_int_equal(o.activation, OCO_MLP_TANH);
    assert_int_equal(o.output, OCO_OOBC_OUT_DEFAULT);
    assert_int_equal(o.seed, 1);
    /* output maps: names, parse, which kind accepts which */
    const char *onames[4] = {"default", "softplus", "exp", "sigmoid"};
    for (int i = 0; i < 4; i++)
        assert_string_equal(oco_oobc_output_name((oco_oobc_output)i), onames[i]);
    assert_null(oco_oobc_output_name((oco_oobc_output)4));
    for (int i = 1; i < 4; i++) {
        oco_oobc_output out = OCO_OOBC_OUT_DEFAULT;
        assert_int_equal(oco_oobc_output_parse(onames[i], &out), 0);
        assert_int_equal((int)out, i);
    }
    oco_oobc_output out;
    assert_int_equal(oco_oobc_output_parse("default", &out), OCO_ENOTFOUND);
    assert_int_equal(oco_oobc_output_parse("Exp", &out), OCO_ENOTFOUND);
    assert_non_null(strstr(oco_last_error(), "softplus, exp, sigmoid"));
    const int ok_laau[4] = {1, 1, 1, 0}, ok_rl[4] = {1, 0, 0, 1};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(oco_oobc_output_check(OCO_OOBC_MODEL_LAAU, (oco_oobc_output)i),
                         ok_laau[i] ? 0 : OCO_EINVAL);
        assert_int_equal(oco_oobc_output_check(OCO_OOBC_MODEL_RL, (oco_oobc_output)i),
                         ok_rl[i] ? 0 : OCO_EINVAL);
    }
    assert_int_equal(oco_oobc_output_check(OCO_OOBC_MODEL_RL, (oco_oobc_output)7), OCO_EINVAL);
    /* the default resolves per kind */
    oco_oobc_class cls = fair_class();
    oco_oobc_model *m = oco_oobc_model_new(&cls, 5, NULL, NULL);
    assert_int_equal(oco_oobc_model_output(m), OCO_OOBC_OUT_SOFTPLUS);
    oco_oobc_model_free(m);
    o.kind = OCO_OOBC_MODEL_RL;
    m = oco_oobc_model_new(&cls, 5, &o, NULL);
    assert_int_equal(oco_oobc_model_output(m), OCO_OOBC_OUT_SIGMOID);
    oco_oobc_model_free(m);
    assert_int_equal((int)oco_oobc_model_output(NULL), 0);
}

static void test_new_shapes(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class();
    oco_oobc_model *m = oco_oobc_model_new(&cls, 20, NULL, NULL);
    assert_non_null(m);
    assert_int_equal(oco_oobc_model_get_kind(m), OCO_OOBC_MODEL_LAAU);
    assert_string_equal(oco_oobc_model_problem(m), "fairness");
    assert_int_equal(oco_oobc_model_N(m), 20);
    assert_string_equal(oco_oobc_model_data_label(m), "");
    assert_int_equal(oco_oobc_model_nweights(m), 3 * 10 + 10 + 10 * 10 + 10 + 10 + 1);
    assert_int_equal(m->net.sizes[0], 3); /* M + p + 1 */
    assert_int_equal(m->net.sizes[3], 1);
    assert_true(m->b_scale[0] == 250.0); /* 12.5·N, §2.3 [D] */
    assert_true(isnan(m->training.best_val_utility) && m->training.epochs == 0);
    /* the same seed gives the same weights, another seed others */
    oco_oobc_model *m2 = oco_oobc_model_new(&cls, 20, NULL, NULL);
    assert_memory_equal(m->weights, m2->weights, m->net.nparams * sizeof(double));
    oco_oobc_model_opts o = oco_oobc_model_opts_default();
    o.seed = 2;
    oco_oobc_model *m3 = oco_oobc_model_new(&cls, 20, &o, NULL);
    assert_true(memcmp(m->weights, m3->weights, m->net.nparams * sizeof(double)) != 0);
    /* the input u_t = (b/b_scale, c, (N − t)/N) */
    double b = 125.0, c = 0.7, u[3];
    oco__oobc_model_input(m, &b, &c, 5, u);
    assert_true(u[0] == 0.5 && u[1] == 0.7 && u[2] == 15.0 / 20.0);
    oco_oobc_model_free(m);
    oco_oobc_model_free(m2);
    oco_oobc_model_free(m3);
    /* rl: x output, explicit b_scale */
    o = oco_oobc_model_opts_default();
    o.kind = OCO_OOBC_MODEL_RL;
    o.nhidden = 1;
    o.hidden[0] = 4;
    double bs = 99.0;
    m = oco_oobc_model_new(&cls, 10, &o, &bs);
    assert_non_null(m);
    assert_int_equal(oco_oobc_model_nweights(m), 3 * 4 + 4 + 4 + 1);
    assert_true(m->b_scale[0] == 99.0);
    oco_oobc_model_free(m);
    /* refusals */
    assert_null(oco_oobc_model_new(&cls, 0, NULL, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    bs = 0.0;
    assert_null(oco_oobc_model_new(&cls, 10, NULL, &bs));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_oobc_model_new(NULL, 10, NULL, NULL));
    o.nhidden = OCO_OOBC_MODEL_MAX_HIDDEN + 1;
    assert_null(oco_oobc_model_new(&cls, 10, &o, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    /* rl needs d = M = 1; laau takes M = 2 with 2 outputs */
    oco_oobc_class c2 = cls;
    double lo2[2] = {10, 10}, hi2[2] = {15, 15};
    c2.M = 2;
    c2.budget_lo = lo2;
    c2.budget_hi = hi2;
    o = oco_oobc_model_opts_default();
    o.kind = OCO_OOBC_MODEL_RL;
    assert_null(oco_oobc_model_new(&c2, 10, &o, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "rl"));
    m = oco_oobc_model_new(&c2, 10, NULL, NULL);
    assert_non_null(m);
    assert_int_equal(m->net.sizes[0], 4);
    assert_int_equal(m->net.sizes[m->net.nlayers], 2);
    oco_oobc_model_free(m);
}

static int nfreed;
static void count_free(void *p)
{
    nfreed++;
    free(p);
}

static void test_clone(void **state)
{
    (void)state;
    oco_oobc_model *m = sample_model(OCO_OOBC_MODEL_LAAU, OCO_MLP_SOFTPLUS, 2, 4);
    assert_int_equal(oco_oobc_model_set_data_label(m, "synthetic (test)"), 0);
    m->training.epochs = 80;
    m->training.best_epoch = 61;
    m->training.best_val_utility = 1.25;
    m->work = malloc(64);
    m->work_size = 64;
    m->work_free = count_free;
    oco_oobc_model *c = oco_oobc_model_clone(m);
    assert_non_null(c);
    assert_int_equal(oco_oobc_model_nweights(c), oco_oobc_model_nweights(m));
    assert_memory_equal(oco_oobc_model_weights_const(c), oco_oobc_model_weights_const(m),
                        oco_oobc_model_nweights(m) * sizeof(double));
    assert_string_equal(oco_oobc_model_data_label(c), "synthetic (test)");
    assert_true(c->training.epochs == 80 && c->training.best_epoch == 61 &&
                c->training.best_val_utility == 1.25);
    assert_null(c->work);
    assert_int_equal(c->work_size, 0);
    assert_null(c->work_free);
    assert_true(c->net.act == OCO_MLP_SOFTPLUS && c->weights != m->weights);
    assert_int_equal(oco_oobc_model_output(c), oco_oobc_model_output(m));
    nfreed = 0;
    oco_oobc_model_free(c);
    assert_int_equal(nfreed, 0);
    oco_oobc_model_free(m);
    assert_int_equal(nfreed, 1);
    assert_null(oco_oobc_model_clone(NULL));
}

static void forward_all(const oco_oobc_model *m, double *out)
{
    double u[3], work[64];
    oco_rng r;
    oco_rng_seed(&r, 77, 0);
    for (int k = 0; k < 50; k++) {
        for (int i = 0; i < 3; i++)
            u[i] = oco_rng_uniform_range(&r, -1.0, 2.0);
        oco__mlp_forward(&m->net, m->weights, u, out + k, NULL, work);
    }
}

static void round_trip(oco_oobc_model *m, const char *name)
{
    const char *p = fpath(name);
    assert_int_equal(oco_oobc_model_save(m, p), 0);
    assert_true(exists(p));
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    assert_false(exists(tmp));
    oco_oobc_model *l = oco_oobc_model_load(p);
    if (!l)
        fail_msg("load: %s", oco_last_error());
    assert_int_equal(oco_oobc_model_get_kind(l), oco_oobc_model_get_kind(m));
    assert_string_equal(oco_oobc_model_problem(l), oco_oobc_model_problem(m));
    assert_int_equal(oco_oobc_model_N(l), oco_oobc_model_N(m));
    assert_true(l->d == m->d && l->M == m->M && l->p == m->p && l->net.act == m->net.act);
    assert_int_equal(oco_oobc_model_output(l), oco_oobc_model_output(m));
    assert_memory_equal(l->net.sizes, m->net.sizes, sizeof m->net.sizes);
    assert_int_equal(oco_oobc_model_nweights(l), oco_oobc_model_nweights(m));
    assert_memory_equal(l->weights, m->weights, m->net.nparams * sizeof(double));
    assert_memory_equal(l->b_scale, m->b_scale, m->M * sizeof(double));
    assert_string_equal(oco_oobc_model_data_label(l), oco_oobc_model_data_label(m));
    assert_true(l->training.epochs == m->training.epochs &&
                l->training.best_epoch == m->training.best_epoch &&
                l->training.seed == m->training.seed &&
                l->training.seconds == m->training.seconds);
    assert_true(isnan(m->training.best_val_utility)
                    ? isnan(l->training.best_val_utility)
                    : l->training.best_val_utility == m->training.best_val_utility);
    double o1[50], o2[50];
    forward_all(m, o1);
    forward_all(l, o2);
    assert_memory_equal(o1, o2, sizeof o1);
    oco_oobc_model_free(l);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    oco_oobc_model *m = sample_model(OCO_OOBC_MODEL_LAAU, OCO_MLP_TANH, 2, 11);
    assert_int_equal(oco_oobc_model_set_data_label(m, "synthetic (diurnal+AR(1), seed 1) \"q\""),
                     0);
    m->training.epochs = 80;
    m->training.best_epoch = 57;
    m->training.best_val_utility = 0.1 + 0.2; /* not a short decimal */
    m->training.seed = UINT64_MAX - 5;        /* above INT64_MAX: written as a string */
    m->training.seconds = 12.345678901234567;
    m->b_scale[0] = 1.0 / 3.0;
    round_trip(m, "laau.json");
    oco_oobc_model *c = oco_oobc_model_clone(m); /* the exp map, cloned and saved */
    c->output = OCO_OOBC_OUT_EXP;
    oco_oobc_model *c2 = oco_oobc_model_clone(c);
    assert_int_equal(oco_oobc_model_output(c2), OCO_OOBC_OUT_EXP);
    round_trip(c2, "laau_exp.json");
    oco_oobc_model_free(c2);
    oco_oobc_model_free(c);
    oco_oobc_model_free(m);
    /* rl, relu, 3 hidden layers, NaN validation utility, small seed */
    m = sample_model(OCO_OOBC_MODEL_RL, OCO_MLP_RELU, 3, 12);
    m->training.seed = 42;
    round_trip(m, "rl.json");
    /* saving over an existing file replaces it */
    m->weights[0] = -m->weights[0];
    round_trip(m, "rl.json");
    oco_oobc_model_free(m);
}

static void test_matches(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class();
    oco_oobc_model *m = oco_oobc_model_new(&cls, 20, NULL, NULL);
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, &cls, 20), 0);
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_RL, &cls, 20), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "kind"));
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, &cls, 40), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "N = 20"));
    assert_non_null(strstr(oco_last_error(), "N = 40"));
    oco_oobc_class c2 = cls;
    c2.name = "multi-budget";
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, &c2, 20), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "problem"));
    assert_non_null(strstr(oco_last_error(), "multi-budget"));
    c2 = cls;
    c2.p = 2;
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, &c2, 20), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "p = 1"));
    c2 = cls;
    c2.d = 3;
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, &c2, 20), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "d = 3"));
    c2 = cls;
    c2.M = 2;
    assert_int_equal(oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, &c2, 20), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "M = 2"));
    oco_oobc_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_defaults),
        cmocka_unit_test(test_new_shapes),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_matches),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
