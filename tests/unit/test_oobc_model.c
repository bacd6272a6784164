/* Tests of the oco_oobc_model object and its file (src/algorithms/ml/model.c,
 * model_io.c; oobc_model.h), on a hand-built fairness-like class (d = M =
 * p = 1, box [1, 40], budgets [10, 15]·N; olp_laau.md §2.3):
 *   - names, default options (2 hidden layers of 10, tanh, §2.3 [D]),
 *     shapes (n_0 = M + p + 1, outputs M for laau, d for rl), the default
 *     b_scale N·(10 + 15)/2 = 12.5·N, refusals (rl with M = 2, N = 0, bad
 *     b_scale), determinism of the initialisation;
 *   - clone: equal weights (memcmp), label and training summary, the
 *     trainer's work space not copied and freed by its destructor once;
 *   - save + load: bit-identical weights (memcmp), identical forward
 *     outputs, every field restored (NaN best_val_utility, a seed above
 *     INT64_MAX), no path.tmp left;
 *   - refusals, each with the code and the words of its message: format
 *     version 2, a changed digit in a weight (checksum), a truncated file
 *     (file:line:column), inconsistent layer sizes, a weight count
 *     mismatch, missing and mistyped keys (named), a missing file (EIO);
 *   - matches() naming kind / problem / d / M / p / N;
 *   - save to an unwritable path (missing directory; a directory as the
 *     target) is OCO_EIO and leaves no file; a non-finite weight is refused.
 * Files go to a fresh mkdtemp directory. Fixed RNG seeds. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, mkdir */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "algorithms/ml/model_internal.h"
#include "oco/error.h"
#include "oco/oobc_model.h"
#include "oco/rng.h"

/* ---- a fairness-like class, by hand ------------------------------------------ */
static const double LO = 1.0, HI = 40.0, XS = 1.0, RES = 1.0, BLO = 10.0, BHI = 15.0;

static int loss_cb(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                   double *grad, double *hess)
{
    (void)cls;
    *f = -c[0] * log(x[0]);
    if (grad)
        grad[0] = -c[0] / x[0];
    if (hess)
        hess[0] = c[0] / (x[0] * x[0]);
    return 0;
}

static int use_cb(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                  double *jac, double *hess)
{
    (void)cls;
    (void)c;
    g[0] = x[0];
    if (jac)
        jac[0] = 1.0;
    if (hess)
        hess[0] = 0.0;
    return 0;
}

static oco_oobc_class fair_class(void)
{
    oco_oobc_class c;
    memset(&c, 0, sizeof c);
    c.name = "fairness";
    c.d = c.M = c.p = 1;
    c.lo = &LO;
    c.hi = &HI;
    c.x_safe = &XS;
    c.reserve = &RES;
    c.budget_lo = &BLO;
    c.budget_hi = &BHI;
    c.loss = loss_cb;
    c.use = use_cb;
    return c;
}

static char dir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/oco_model_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *fpath(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* A trained-looking model: weights perturbed by N(0, 1) at full precision. */
static oco_oobc_model *sample_model(oco_oobc_model_kind kind, oco_mlp_activation act,
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
    assert_int_equal(o.seed, 1);
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

/* ---- refusals ---------------------------------------------------------------- */
static json_t *saved_json(void)
{
    oco_oobc_model *m = sample_model(OCO_OOBC_MODEL_LAAU, OCO_MLP_TANH, 2, 21);
    const char *p = fpath("base.json");
    assert_int_equal(oco_oobc_model_save(m, p), 0);
    oco_oobc_model_free(m);
    json_error_t e;
    json_t *o = json_load_file(p, 0, &e);
    assert_non_null(o);
    return o;
}

/* Write o (taking it) to name, load it: expect NULL, code, and every word. */
static void expect_refused(json_t *o, const char *name, int code, const char *w1,
                           const char *w2)
{
    const char *p = fpath(name);
    assert_int_equal(json_dump_file(o, p, JSON_REAL_PRECISION(17)), 0);
    json_decref(o);
    oco_oobc_model *m = oco_oobc_model_load(p);
    if (m)
        fail_msg("%s was accepted", name);
    if (oco_last_error_code() != code)
        fail_msg("%s: code %d, expected %d (%s)", name, oco_last_error_code(), code,
                 oco_last_error());
    const char *msg = oco_last_error();
    if (!strstr(msg, p) || (w1 && !strstr(msg, w1)) || (w2 && !strstr(msg, w2)))
        fail_msg("%s: message \"%s\" lacks \"%s\" / \"%s\" / the path", name, msg,
                 w1 ? w1 : "", w2 ? w2 : "");
}

static void test_refuse_version_format_keys(void **state)
{
    (void)state;
    json_t *o = saved_json();
    json_object_set_new(o, "version", json_integer(2));
    expect_refused(o, "v2.json", OCO_EINVAL, "format version 2, this oco reads version 1", NULL);
    o = saved_json();
    json_object_set_new(o, "format", json_string("oco-model"));
    expect_refused(o, "fmt.json", OCO_EINVAL, "oco-model", NULL);
    const char *keys[] = {"format", "version", "kind", "problem", "d", "M", "p", "N", "layers",
                          "activation", "output", "b_scale", "weights", "weights_fnv1a64",
                          "data", "training"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        o = saved_json();
        json_object_del(o, keys[i]);
        char q[64];
        snprintf(q, sizeof q, "\"%s\"", keys[i]);
        expect_refused(o, "missing.json", OCO_EPARSE, "missing key", q);
    }
    o = saved_json();
    json_object_del(json_object_get(o, "training"), "seed");
    expect_refused(o, "missing2.json", OCO_EPARSE, "missing key", "training.seed");
    o = saved_json();
    json_object_set_new(o, "N", json_string("20"));
    expect_refused(o, "typed.json", OCO_EPARSE, "\"N\"", "integer");
    o = saved_json();
    json_object_set_new(o, "weights", json_string("none"));
    expect_refused(o, "typed2.json", OCO_EPARSE, "\"weights\"", "array");
    o = saved_json();
    json_array_set_new(json_object_get(o, "weights"), 3, json_string("1.5"));
    expect_refused(o, "typed3.json", OCO_EPARSE, "\"weights\"[3]", NULL);
    o = saved_json();
    json_object_set_new(o, "kind", json_string("ppo"));
    expect_refused(o, "kind.json", OCO_EINVAL, "ppo", NULL);
    o = saved_json();
    json_object_set_new(o, "output", json_string("sigmoid"));
    expect_refused(o, "output.json", OCO_EINVAL, "output", NULL);
    o = saved_json();
    json_decref(o);
    o = json_array();
    expect_refused(o, "array.json", OCO_EPARSE, "object", NULL);
}

static void test_refuse_layers_and_weights(void **state)
{
    (void)state;
    json_t *o = saved_json(); /* layers [3, 3, 4, 1] */
    json_array_set_new(json_object_get(o, "layers"), 0, json_integer(4));
    expect_refused(o, "l0.json", OCO_EINVAL, "layer sizes inconsistent", NULL);
    o = saved_json();
    json_array_set_new(json_object_get(o, "layers"), 3, json_integer(2));
    expect_refused(o, "l3.json", OCO_EINVAL, "layer sizes inconsistent", NULL);
    o = saved_json();
    json_object_set_new(o, "M", json_integer(2)); /* input 3 ≠ M + p + 1 = 4 */
    expect_refused(o, "lM.json", OCO_EINVAL, "layer sizes inconsistent", NULL);
    o = saved_json();
    json_array_set_new(json_object_get(o, "layers"), 1, json_integer(5));
    expect_refused(o, "lh.json", OCO_EINVAL, "weights", "need");
    o = saved_json();
    json_array_remove(json_object_get(o, "weights"), 0);
    expect_refused(o, "wc.json", OCO_EINVAL, "weights", "need");
    o = saved_json();
    json_object_set_new(o, "b_scale", json_pack("[f]", -1.0));
    expect_refused(o, "bs.json", OCO_EINVAL, "b_scale", NULL);
    o = saved_json();
    json_object_set_new(o, "d", json_integer(0));
    expect_refused(o, "d0.json", OCO_EINVAL, "\"d\"", NULL);
    /* a weight changed through JSON (any digit): checksum */
    o = saved_json();
    json_t *w = json_object_get(o, "weights");
    json_array_set_new(w, 5, json_real(json_real_value(json_array_get(w, 5)) * (1 + 1e-15)));
    expect_refused(o, "w5.json", OCO_EINVAL, "checksum", NULL);
    o = saved_json();
    json_object_set_new(o, "weights_fnv1a64", json_string("0123456789abcdef"));
    expect_refused(o, "sum.json", OCO_EINVAL, "checksum", NULL);
}

static char *read_all(const char *p, size_t *n)
{
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = 0;
    fclose(f);
    *n = (size_t)len;
    return s;
}

static void write_all(const char *p, const char *s, size_t n)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
}

static void test_refuse_corrupted_text(void **state)
{
    (void)state;
    json_decref(saved_json()); /* writes base.json */
    size_t n;
    char *s = read_all(fpath("base.json"), &n);
    /* one digit of one weight's mantissa changed in the text */
    char *w = strstr(s, "\"weights\"");
    assert_non_null(w);
    char *dg = strpbrk(w + 10, "123456789");
    assert_non_null(dg);
    dg += 3; /* a later digit of the same number */
    assert_true(*dg >= '0' && *dg <= '9');
    char orig = *dg;
    *dg = orig == '9' ? '8' : (char)(orig + 1);
    write_all(fpath("digit.json"), s, n);
    assert_null(oco_oobc_model_load(fpath("digit.json")));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "checksum"));
    *dg = orig;
    /* truncated: a parse error at file:line:column */
    const char *tp = fpath("trunc.json");
    write_all(tp, s, n / 2);
    assert_null(oco_oobc_model_load(tp));
    assert_int_equal(oco_last_error_code(), OCO_EPARSE);
    const char *msg = oco_last_error();
    size_t lp = strlen(tp);
    assert_int_equal(strncmp(msg, tp, lp), 0);
    int line = 0, col = 0;
    assert_int_equal(sscanf(msg + lp, ":%d:%d:", &line, &col), 2);
    assert_true(line > 1 && col >= 0);
    /* not JSON at all */
    write_all(tp, "{\"format\": oco}\n", 16);
    assert_null(oco_oobc_model_load(tp));
    assert_int_equal(oco_last_error_code(), OCO_EPARSE);
    assert_non_null(strstr(oco_last_error(), ":1:"));
    /* the original text still loads (the edits above were the only faults) */
    write_all(tp, s, n);
    oco_oobc_model *m = oco_oobc_model_load(tp);
    assert_non_null(m);
    oco_oobc_model_free(m);
    free(s);
    /* a missing file */
    assert_null(oco_oobc_model_load(fpath("nope.json")));
    assert_int_equal(oco_last_error_code(), OCO_EIO);
    assert_non_null(strstr(oco_last_error(), "nope.json"));
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

static void test_save_unwritable(void **state)
{
    (void)state;
    oco_oobc_model *m = sample_model(OCO_OOBC_MODEL_LAAU, OCO_MLP_TANH, 2, 31);
    /* a missing directory */
    const char *p = fpath("no/such/dir/m.json");
    assert_int_equal(oco_oobc_model_save(m, p), OCO_EIO);
    assert_non_null(strstr(oco_last_error(), "m.json"));
    assert_false(exists(p));
    /* a directory as the target: the temporary file is written, rename fails,
     * and the temporary file is removed */
    const char *d = fpath("adir");
    assert_int_equal(mkdir(d, 0700), 0);
    assert_int_equal(oco_oobc_model_save(m, d), OCO_EIO);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", d);
    assert_false(exists(tmp));
    /* a non-finite weight is refused before anything is written */
    const char *q = fpath("nan.json");
    m->weights[2] = NAN;
    assert_int_equal(oco_oobc_model_save(m, q), OCO_EINVAL);
    assert_false(exists(q));
    oco_oobc_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_defaults),
        cmocka_unit_test(test_new_shapes),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_refuse_version_format_keys),
        cmocka_unit_test(test_refuse_layers_and_weights),
        cmocka_unit_test(test_refuse_corrupted_text),
        cmocka_unit_test(test_matches),
        cmocka_unit_test(test_save_unwritable),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
