/* Tests of the model file's refusals (src/algorithms/ml/model_io.c;
 * oobc_model.h), each with its code and the words of its message (and the
 * file's name): format version 2 ("format version 2, this oco reads
 * version 1"), another format, a changed digit in a weight's text and a
 * weight changed in its 15th digit through JSON (checksum), a wrong
 * checksum, a truncated file (file:line:column), text that is not JSON,
 * inconsistent layer sizes (input, output, M), a weight count mismatch
 * (also for huge layers, refused before allocating), bad b_scale / d / p,
 * every missing key and mistyped keys (named), an unknown kind / output, a
 * missing file (EIO); 400 random byte edits (a model with finite weights,
 * or EPARSE / EINVAL naming the file, never a crash); save to an
 * unwritable path (missing directory; a directory as the target, where the
 * written path.tmp must be removed) is OCO_EIO and leaves no file; a
 * non-finite weight is refused before writing. The output map: an
 * exp-output laau model saved and loaded plays bit-identical decisions
 * (laau policy through the wrapper) and its "output" key round-trips; the
 * map is read from the file (the same weights under "softplus" play
 * differently); an output the kind does not accept (laau: sigmoid, default,
 * unknown, empty; rl: exp, softplus) is refused naming it. Models from
 * oobc_model_test_util.h; files in a fresh mkdtemp directory; fixed RNG
 * seeds. */
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

#include "oco/error.h"
#include "oco/oobc.h"
#include "oobc_model_test_util.h"

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
    o = saved_json(); /* 10^12 weights named: refused before any allocation */
    json_array_set_new(json_object_get(o, "layers"), 1, json_integer(1000000));
    json_array_set_new(json_object_get(o, "layers"), 2, json_integer(1000000));
    expect_refused(o, "huge.json", OCO_EINVAL, "weights", "need 1000006000001");
    o = saved_json();
    json_object_set_new(o, "p", json_integer((json_int_t)1 << 40));
    expect_refused(o, "hugep.json", OCO_EINVAL, "at most", NULL);
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

/* ---- the output map ------------------------------------------------------------ */
enum { EP = 6, NS = 20 }; /* episodes, steps (sample_model's N) */

/* A laau model with the exp output map: Glorot weights perturbed by
 * N(0, 1/100) and the output bias log 0.03 (x = c/λ mostly inside the box). */
static oco_oobc_model *exp_model(uint64_t seed)
{
    oco_oobc_class cls = fair_class();
    oco_oobc_model_opts o = oco_oobc_model_opts_default();
    o.output = OCO_OOBC_OUT_EXP;
    o.seed = seed;
    oco_oobc_model *m = oco_oobc_model_new(&cls, NS, &o, NULL);
    assert_non_null(m);
    assert_int_equal(oco_oobc_model_output(m), OCO_OOBC_OUT_EXP);
    double *w = oco_oobc_model_weights(m);
    const size_t P = oco_oobc_model_nweights(m);
    oco_rng r;
    oco_rng_seed(&r, seed, 9);
    for (size_t i = 0; i < P; i++)
        w[i] += oco_rng_normal(&r, 0.0, 1.0) / 10.0;
    w[P - 1] = log(0.03);
    return m;
}

/* The laau policy's decisions with m on EP fixed episodes (budgets in
 * [10N, 15N], contexts U[0.2, 1]); returns the steps strictly inside the box. */
static int laau_decisions(const oco_oobc_model *m, double *x)
{
    oco_oobc_class cls = fair_class();
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = &cls;
    s.N = NS;
    s.model = m;
    oco_oobc *a = oco_oobc_new(oco_oobc_laau, &s, NULL, 0);
    if (!a)
        fail_msg("laau: %s", oco_last_error());
    oco_rng r;
    oco_rng_seed(&r, 808, 0);
    int inside = 0;
    for (int e = 0; e < EP; e++) {
        const double B = oco_rng_uniform_range(&r, 10.0 * NS, 15.0 * NS);
        assert_int_equal(oco_oobc_begin(a, &B), 0);
        for (int t = 0; t < NS; t++) {
            const double c = oco_rng_uniform_range(&r, 0.2, 1.0);
            double *xt = x + e * NS + t;
            if (oco_oobc_decide(a, &c, xt))
                fail_msg("decide: %s", oco_last_error());
            inside += *xt > LO + 1e-9 && *xt < HI - 1e-9;
        }
    }
    oco_oobc_free(a);
    return inside;
}

/* An exp-output model saved and loaded: the "output" key reads "exp", the
 * loaded model has the exp map and plays bit-identical decisions (most of
 * them inside the box, so the map matters). The map is read from the file:
 * the same file with "output" set to "softplus" (the checksum covers the
 * weights only) loads with softplus and plays other decisions. */
static void test_output_map_round_trip(void **state)
{
    (void)state;
    oco_oobc_model *m = exp_model(41);
    const char *p = fpath("exp.json");
    assert_int_equal(oco_oobc_model_save(m, p), 0);
    json_error_t e;
    json_t *o = json_load_file(p, 0, &e);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "output")), "exp");
    oco_oobc_model *l = oco_oobc_model_load(p);
    if (!l)
        fail_msg("load: %s", oco_last_error());
    assert_int_equal(oco_oobc_model_output(l), OCO_OOBC_OUT_EXP);
    static double x1[EP * NS], x2[EP * NS], x3[EP * NS];
    const int inside = laau_decisions(m, x1);
    laau_decisions(l, x2);
    print_message("exp model: %d of %d decisions inside the box\n", inside, EP * NS);
    assert_true(inside >= EP * NS / 2);
    assert_memory_equal(x1, x2, sizeof x1);
    /* saved again from the loaded model: the same text */
    const char *p2 = fpath("exp2.json");
    assert_int_equal(oco_oobc_model_save(l, p2), 0);
    json_t *o2 = json_load_file(p2, 0, &e);
    assert_non_null(o2);
    assert_true(json_equal(o, o2));
    json_decref(o2);
    oco_oobc_model_free(l);
    /* the same weights, "output": "softplus" */
    json_object_set_new(o, "output", json_string("softplus"));
    const char *p3 = fpath("exp_as_softplus.json");
    assert_int_equal(json_dump_file(o, p3, JSON_REAL_PRECISION(17)), 0);
    json_decref(o);
    l = oco_oobc_model_load(p3);
    if (!l)
        fail_msg("load: %s", oco_last_error());
    assert_int_equal(oco_oobc_model_output(l), OCO_OOBC_OUT_SOFTPLUS);
    assert_memory_equal(l->weights, m->weights, m->net.nparams * sizeof(double));
    laau_decisions(l, x3);
    assert_true(memcmp(x1, x3, sizeof x1) != 0);
    oco_oobc_model_free(l);
    oco_oobc_model_free(m);
}

/* An "output" the kind does not accept (or no map at all) is refused,
 * naming the output and the kind; a mistyped one is a parse error. */
static void test_output_map_refused(void **state)
{
    (void)state;
    static const char *const bad_laau[] = {"sigmoid", "default", "cube", ""};
    for (size_t i = 0; i < sizeof bad_laau / sizeof *bad_laau; i++) {
        json_t *o = saved_json(); /* laau */
        json_object_set_new(o, "output", json_string(bad_laau[i]));
        char q[64];
        snprintf(q, sizeof q, "output \"%s\"", bad_laau[i]);
        expect_refused(o, "bad_out.json", OCO_EINVAL, q, "laau");
    }
    oco_oobc_model *m = sample_model(OCO_OOBC_MODEL_RL, OCO_MLP_TANH, 1, 5);
    const char *p = fpath("rl_base.json");
    assert_int_equal(oco_oobc_model_save(m, p), 0);
    oco_oobc_model_free(m);
    static const char *const bad_rl[] = {"exp", "softplus"};
    for (size_t i = 0; i < 2; i++) {
        json_error_t e;
        json_t *o = json_load_file(p, 0, &e);
        assert_non_null(o);
        assert_string_equal(json_string_value(json_object_get(o, "output")), "sigmoid");
        json_object_set_new(o, "output", json_string(bad_rl[i]));
        char q[64];
        snprintf(q, sizeof q, "output \"%s\"", bad_rl[i]);
        expect_refused(o, "bad_rl_out.json", OCO_EINVAL, q, "rl");
    }
    json_t *o = saved_json();
    json_object_set_new(o, "output", json_integer(1));
    expect_refused(o, "typed_out.json", OCO_EPARSE, "\"output\"", "string");
    /* the library refuses to build one, too */
    oco_oobc_class cls = fair_class();
    oco_oobc_model_opts mo = oco_oobc_model_opts_default();
    mo.kind = OCO_OOBC_MODEL_RL;
    mo.output = OCO_OOBC_OUT_EXP;
    assert_null(oco_oobc_model_new(&cls, NS, &mo, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "'exp'"));
    assert_non_null(strstr(oco_last_error(), "rl"));
    mo.kind = OCO_OOBC_MODEL_LAAU;
    mo.output = OCO_OOBC_OUT_SIGMOID;
    assert_null(oco_oobc_model_new(&cls, NS, &mo, NULL));
    assert_non_null(strstr(oco_last_error(), "'sigmoid'"));
    mo.output = (oco_oobc_output)9;
    assert_null(oco_oobc_model_new(&cls, NS, &mo, NULL));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
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

/* Random edits of a valid file (1–3 bytes replaced by a printable byte or
 * deleted, 400 files): the loader returns a model with finite weights or
 * NULL with OCO_EPARSE / OCO_EINVAL and a message naming the file, never
 * anything else (and no sanitizer report in the ASan build). */
static void test_random_edits(void **state)
{
    (void)state;
    json_decref(saved_json());
    size_t n;
    char *s = read_all(fpath("base.json"), &n);
    char *t = malloc(n + 1);
    const char *p = fpath("edit.json");
    oco_rng r;
    oco_rng_seed(&r, 2024, 0);
    int accepted = 0;
    for (int it = 0; it < 400; it++) {
        memcpy(t, s, n);
        size_t len = n;
        int edits = 1 + (int)oco_rng_below(&r, 3);
        for (int e = 0; e < edits && len > 1; e++) {
            size_t at = (size_t)oco_rng_below(&r, len);
            if (oco_rng_below(&r, 4) == 0) {
                memmove(t + at, t + at + 1, len - at - 1);
                len--;
            } else {
                t[at] = (char)(32 + oco_rng_below(&r, 95));
            }
        }
        write_all(p, t, len);
        oco_clear_error();
        oco_oobc_model *m = oco_oobc_model_load(p);
        if (m) {
            for (size_t i = 0; i < oco_oobc_model_nweights(m); i++)
                assert_true(isfinite(oco_oobc_model_weights_const(m)[i]));
            accepted++;
            oco_oobc_model_free(m);
            continue;
        }
        int code = oco_last_error_code();
        if ((code != OCO_EPARSE && code != OCO_EINVAL) || !strstr(oco_last_error(), p))
            fail_msg("edit %d: code %d, \"%s\"", it, code, oco_last_error());
    }
    assert_true(accepted < 400); /* most edits must be refused */
    free(t);
    free(s);
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
        cmocka_unit_test(test_refuse_version_format_keys),
        cmocka_unit_test(test_refuse_layers_and_weights),
        cmocka_unit_test(test_refuse_corrupted_text),
        cmocka_unit_test(test_random_edits),
        cmocka_unit_test(test_save_unwritable),
        cmocka_unit_test(test_output_map_round_trip),
        cmocka_unit_test(test_output_map_refused),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
