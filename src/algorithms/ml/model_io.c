/* The versioned model file of LAAU / RL networks (oobc_model.h): JSON
 * written with jansson, doubles at %.17g so every weight round-trips
 * bit-identically; the weights carry an FNV-1a 64 checksum so a changed
 * digit is refused. Saving goes through path.tmp + rename(), so a failure
 * never leaves a half-written model under the final name. */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/ml/model_internal.h"
#include "oco/error.h"

#define MODEL_FORMAT "oco-oobc-model"
#define MODEL_VERSION 1

/* ---- save ------------------------------------------------------------------- */

/* Add key = value, taking the reference; 0 or -1 (value NULL or no memory). */
static int put(json_t *o, const char *key, json_t *v)
{
    return v ? json_object_set_new(o, key, v) : -1;
}

static json_t *size_array(const size_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_integer((json_int_t)v[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* NULL for a non-finite entry (JSON has no NaN/Inf) or no memory. */
static json_t *real_array(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *x = isfinite(v[i]) ? json_real(v[i]) : NULL;
        if (!x || json_array_append_new(a, x)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *training_json(const oco__oobc_training *t)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* seeds above INT64_MAX (jansson's integer range) are written as a string */
    json_t *seed = t->seed <= (uint64_t)INT64_MAX ? json_integer((json_int_t)t->seed) : NULL;
    if (!seed) {
        char buf[32];
        snprintf(buf, sizeof buf, "%" PRIu64, t->seed);
        seed = json_string(buf);
    }
    if (put(o, "epochs", json_integer((json_int_t)t->epochs)) ||
        put(o, "best_epoch", json_integer((json_int_t)t->best_epoch)) ||
        put(o, "best_val_utility",
            isfinite(t->best_val_utility) ? json_real(t->best_val_utility) : json_null()) ||
        put(o, "seed", seed) ||
        put(o, "seconds", json_real(isfinite(t->seconds) ? t->seconds : 0.0))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int oco_oobc_model_save(const oco_oobc_model *m, const char *path)
{
    if (!m || !path || !*path)
        return oco_set_error(OCO_EINVAL, "model save: %s is NULL or empty", m ? "path" : "model");
    for (size_t i = 0; i < m->net.nparams; i++)
        if (!isfinite(m->weights[i]))
            return oco_set_error(OCO_EINVAL, "model save %s: weight %zu is not finite", path, i);
    char sum[17];
    snprintf(sum, sizeof sum, "%016" PRIx64,
             oco__oobc_weights_fnv1a64(m->weights, m->net.nparams));
    json_t *o = json_object();
    if (!o || put(o, "format", json_string(MODEL_FORMAT)) ||
        put(o, "version", json_integer(MODEL_VERSION)) ||
        put(o, "kind", json_string(oco_oobc_model_kind_name(m->kind))) ||
        put(o, "problem", json_string(m->problem)) ||
        put(o, "d", json_integer((json_int_t)m->d)) ||
        put(o, "M", json_integer((json_int_t)m->M)) ||
        put(o, "p", json_integer((json_int_t)m->p)) ||
        put(o, "N", json_integer((json_int_t)m->N)) ||
        put(o, "layers", size_array(m->net.sizes, m->net.nlayers + 1)) ||
        put(o, "activation", json_string(oco_mlp_activation_name(m->net.act))) ||
        put(o, "output", json_string(oco_oobc_output_name(m->output))) ||
        put(o, "b_scale", real_array(m->b_scale, m->M)) ||
        put(o, "weights", real_array(m->weights, m->net.nparams)) ||
        put(o, "weights_fnv1a64", json_string(sum)) ||
        put(o, "data", json_string(m->data_label)) ||
        put(o, "training", training_json(&m->training))) {
        json_decref(o);
        /* (json_string refuses invalid UTF-8, e.g. in a label) */
        return oco_set_error(OCO_EINVAL,
                             "model save %s: cannot build the JSON (out of memory, a "
                             "non-finite b_scale or a label that is not UTF-8)",
                             path);
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 5);
    if (!tmp) {
        json_decref(o);
        return oco_set_error(OCO_ENOMEM, "model save %s: out of memory", path);
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp", 5);
    errno = 0;
    int rc = json_dump_file(o, tmp, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
    json_decref(o);
    if (rc != 0) {
        int e = errno;
        remove(tmp);
        rc = oco_set_error(OCO_EIO, "model save %s: cannot write %s (%s)", path, tmp,
                           e ? strerror(e) : "write error");
    } else if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        rc = oco_set_error(OCO_EIO, "model save %s: cannot rename %s to it (%s)", path, tmp,
                           strerror(e));
    }
    free(tmp);
    return rc;
}

/* ---- load ------------------------------------------------------------------- */

/* The value of key in o with the wanted type, else NULL + OCO_EPARSE naming
 * the key. type: 's' string, 'i' integer, 'n' number, 'a' array, 'o' object. */
static json_t *want(json_t *o, const char *key, char type, const char *path, const char *in)
{
    json_t *v = json_object_get(o, key);
    const char *tn = type == 's'   ? "a string"
                     : type == 'i' ? "an integer"
                     : type == 'n' ? "a number"
                     : type == 'a' ? "an array"
                                   : "an object";
    if (!v) {
        oco_set_error(OCO_EPARSE, "model file %s: missing key \"%s%s\"", path, in, key);
        return NULL;
    }
    int ok = type == 's'   ? json_is_string(v)
             : type == 'i' ? json_is_integer(v)
             : type == 'n' ? json_is_number(v)
             : type == 'a' ? json_is_array(v)
                           : json_is_object(v);
    if (!ok) {
        oco_set_error(OCO_EPARSE, "model file %s: key \"%s%s\" must be %s", path, in, key, tn);
        return NULL;
    }
    return v;
}

/* A non-negative integer key (>= min) as size_t: 0, OCO_EPARSE or OCO_EINVAL. */
static int want_size(json_t *o, const char *key, size_t min, const char *path, const char *in,
                     size_t *out)
{
    json_t *v = want(o, key, 'i', path, in);
    if (!v)
        return OCO_EPARSE;
    json_int_t x = json_integer_value(v);
    if (x < (json_int_t)min || (uintmax_t)x > (uintmax_t)SIZE_MAX)
        return oco_set_error(OCO_EINVAL, "model file %s: \"%s%s\" = %lld must be >= %zu", path,
                             in, key, (long long)x, min);
    *out = (size_t)x;
    return 0;
}

static int load_training(json_t *t, const char *path, oco__oobc_training *tr)
{
    const char *in = "training.";
    int rc;
    if ((rc = want_size(t, "epochs", 0, path, in, &tr->epochs)) ||
        (rc = want_size(t, "best_epoch", 0, path, in, &tr->best_epoch)))
        return rc;
    json_t *bv = json_object_get(t, "best_val_utility");
    if (bv && json_is_null(bv))
        tr->best_val_utility = NAN;
    else if (!(bv = want(t, "best_val_utility", 'n', path, in)))
        return OCO_EPARSE;
    else
        tr->best_val_utility = json_number_value(bv);
    /* an integer, or a decimal string for a seed above INT64_MAX (save) */
    json_t *s = json_object_get(t, "seed");
    const char *str = s && json_is_string(s) ? json_string_value(s) : NULL;
    char *end = NULL;
    if (s && json_is_integer(s) && json_integer_value(s) >= 0) {
        tr->seed = (uint64_t)json_integer_value(s);
    } else if (str && *str >= '0' && *str <= '9') {
        errno = 0;
        unsigned long long x = strtoull(str, &end, 10);
        if (errno || *end)
            return oco_set_error(OCO_EPARSE, "model file %s: key \"training.seed\" is \"%s\"",
                                 path, str);
        tr->seed = (uint64_t)x;
    } else {
        return oco_set_error(OCO_EPARSE, "model file %s: %s", path,
                             s ? "key \"training.seed\" must be a non-negative integer"
                               : "missing key \"training.seed\"");
    }
    json_t *sec = want(t, "seconds", 'n', path, in);
    if (!sec)
        return OCO_EPARSE;
    tr->seconds = json_number_value(sec);
    return 0;
}

/* Everything after parsing; returns the model or NULL with the error set. */
static oco_oobc_model *from_json(json_t *o, const char *path)
{
    json_t *v;
    if (!json_is_object(o)) {
        oco_set_error(OCO_EPARSE, "model file %s: not a JSON object", path);
        return NULL;
    }
    if (!(v = want(o, "format", 's', path, "")))
        return NULL;
    if (strcmp(json_string_value(v), MODEL_FORMAT) != 0) {
        oco_set_error(OCO_EINVAL, "model file %s: format \"%s\", expected \"" MODEL_FORMAT "\"",
                      path, json_string_value(v));
        return NULL;
    }
    if (!(v = want(o, "version", 'i', path, "")))
        return NULL;
    if (json_integer_value(v) != MODEL_VERSION) {
        oco_set_error(OCO_EINVAL, "model file %s: format version %lld, this oco reads version %d",
                      path, (long long)json_integer_value(v), MODEL_VERSION);
        return NULL;
    }
    json_t *kind, *prob;
    if (!(kind = want(o, "kind", 's', path, "")) || !(prob = want(o, "problem", 's', path, "")))
        return NULL;
    oco_oobc_model_kind k = strcmp(json_string_value(kind), "laau") == 0 ? OCO_OOBC_MODEL_LAAU
                            : strcmp(json_string_value(kind), "rl") == 0 ? OCO_OOBC_MODEL_RL
                                                                         : (oco_oobc_model_kind)0;
    if (!k) {
        oco_set_error(OCO_EINVAL, "model file %s: unknown kind \"%s\" (laau or rl)", path,
                      json_string_value(kind));
        return NULL;
    }
    size_t d, M, p, N;
    if (want_size(o, "d", 1, path, "", &d) || want_size(o, "M", 1, path, "", &M) ||
        want_size(o, "p", 1, path, "", &p) || want_size(o, "N", 1, path, "", &N))
        return NULL;
    const size_t cap = (size_t)1 << 20; /* as mlp.c's width cap: M + p + 1 cannot overflow */
    if (d > cap || M > cap || p > cap) {
        oco_set_error(OCO_EINVAL, "model file %s: d = %zu, M = %zu, p = %zu (at most %zu each)",
                      path, d, M, p, cap);
        return NULL;
    }
    json_t *layers, *act, *out, *bs, *w, *sum, *data, *tr;
    if (!(layers = want(o, "layers", 'a', path, "")) ||
        !(act = want(o, "activation", 's', path, "")) ||
        !(out = want(o, "output", 's', path, "")) || !(bs = want(o, "b_scale", 'a', path, "")) ||
        !(w = want(o, "weights", 'a', path, "")) ||
        !(sum = want(o, "weights_fnv1a64", 's', path, "")) ||
        !(data = want(o, "data", 's', path, "")) || !(tr = want(o, "training", 'o', path, "")))
        return NULL;
    oco_mlp_activation a;
    if (oco_mlp_activation_parse(json_string_value(act), &a)) {
        oco_set_error(OCO_EINVAL, "model file %s: unknown activation \"%s\"", path,
                      json_string_value(act));
        return NULL;
    }
    /* the output map: one the kind accepts (laau: softplus, exp; rl: sigmoid).
     * Files from before the map was settable hold softplus / sigmoid. */
    oco_oobc_output omap;
    if (oco_oobc_output_parse(json_string_value(out), &omap) ||
        oco_oobc_output_check(k, omap)) {
        oco_set_error(OCO_EINVAL, "model file %s: output \"%s\" is not an output map of a %s "
                                  "model (%s)",
                      path, json_string_value(out), json_string_value(kind),
                      k == OCO_OOBC_MODEL_RL ? "sigmoid" : "softplus or exp");
        return NULL;
    }
    /* layers = [M + p + 1, hidden..., M (laau) | d (rl)] */
    size_t nl = json_array_size(layers), sizes[OCO__MLP_MAX_LAYERS + 1];
    size_t nin = M + p + 1, nout = k == OCO_OOBC_MODEL_RL ? d : M;
    if (nl < 2 || nl > OCO__MLP_MAX_LAYERS + 1) {
        oco_set_error(OCO_EINVAL, "model file %s: %zu layer sizes (2 to %d)", path, nl,
                      (int)OCO__MLP_MAX_LAYERS + 1);
        return NULL;
    }
    for (size_t i = 0; i < nl; i++) {
        json_t *x = json_array_get(layers, i);
        if (!json_is_integer(x)) {
            oco_set_error(OCO_EPARSE, "model file %s: \"layers\"[%zu] must be an integer", path, i);
            return NULL;
        }
        if (json_integer_value(x) < 1 || (i == 0 && (size_t)json_integer_value(x) != nin) ||
            (i == nl - 1 && (size_t)json_integer_value(x) != nout)) {
            oco_set_error(OCO_EINVAL,
                          "model file %s: layer sizes inconsistent with d = %zu, M = %zu, p = %zu "
                          "and kind %s (layer %zu is %lld; expected %zu inputs, %zu outputs)",
                          path, d, M, p, json_string_value(kind), i,
                          (long long)json_integer_value(x), nin, nout);
            return NULL;
        }
        sizes[i] = (size_t)json_integer_value(x);
    }
    /* The weight count before anything is allocated (a file naming huge
     * layers is refused, not allocated for). */
    oco__mlp shape;
    if (oco__mlp_init(&shape, nin, nl - 2, sizes + 1, nout, a)) {
        char why[256];
        snprintf(why, sizeof why, "%s", oco_last_error());
        oco_set_error(OCO_EINVAL, "model file %s: %s", path, why);
        return NULL;
    }
    if (json_array_size(w) != shape.nparams) {
        oco_set_error(OCO_EINVAL, "model file %s: %zu weights, its layer sizes need %zu", path,
                      json_array_size(w), shape.nparams);
        return NULL;
    }
    if (json_array_size(bs) != M) {
        oco_set_error(OCO_EINVAL, "model file %s: \"b_scale\" has %zu entries, M = %zu", path,
                      json_array_size(bs), M);
        return NULL;
    }
    double bsv[64], *bsp = M <= 64 ? bsv : malloc(M * sizeof *bsp);
    if (!bsp) {
        oco_set_error(OCO_ENOMEM, "model file %s: out of memory", path);
        return NULL;
    }
    oco_oobc_model *m = NULL;
    for (size_t i = 0; i < M; i++) {
        json_t *x = json_array_get(bs, i);
        if (!json_is_number(x)) {
            oco_set_error(OCO_EPARSE, "model file %s: \"b_scale\"[%zu] must be a number", path, i);
            goto done;
        }
        bsp[i] = json_number_value(x);
    }
    m = oco__oobc_model_make(k, json_string_value(prob), d, M, p, N, nl - 2, sizes + 1, a, omap,
                             bsp);
    if (!m) {
        char why[256];
        snprintf(why, sizeof why, "%s", oco_last_error());
        oco_set_error(oco_last_error_code(), "model file %s: %s", path, why);
        goto done;
    }
    size_t nw = m->net.nparams;
    for (size_t i = 0; i < nw; i++) {
        json_t *x = json_array_get(w, i);
        if (!json_is_number(x)) {
            oco_set_error(OCO_EPARSE, "model file %s: \"weights\"[%zu] must be a number", path, i);
            goto fail;
        }
        m->weights[i] = json_number_value(x);
        if (!isfinite(m->weights[i])) {
            oco_set_error(OCO_EINVAL, "model file %s: weight %zu is not finite", path, i);
            goto fail;
        }
    }
    char got[17];
    snprintf(got, sizeof got, "%016" PRIx64, oco__oobc_weights_fnv1a64(m->weights, nw));
    if (strcmp(json_string_value(sum), got) != 0) {
        oco_set_error(OCO_EINVAL,
                      "model file %s: weights checksum mismatch (weights_fnv1a64 \"%s\", the "
                      "weights give \"%s\"): the file was changed or corrupted",
                      path, json_string_value(sum), got);
        goto fail;
    }
    if (oco_oobc_model_set_data_label(m, json_string_value(data)) ||
        load_training(tr, path, &m->training))
        goto fail;
    goto done;
fail:
    oco_oobc_model_free(m);
    m = NULL;
done:
    if (bsp != bsv)
        free(bsp);
    return m;
}

oco_oobc_model *oco_oobc_model_load(const char *path)
{
    if (!path || !*path) {
        oco_set_error(OCO_EINVAL, "model load: path is NULL or empty");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        oco_set_error(OCO_EIO, "model file %s: cannot open (%s)", path, strerror(errno));
        return NULL;
    }
    json_error_t err;
    json_t *o = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
    int read_err = ferror(f);
    fclose(f);
    if (!o) {
        if (read_err)
            oco_set_error(OCO_EIO, "model file %s: read error", path);
        else
            oco_set_error(OCO_EPARSE, "%s:%d:%d: %s", path, err.line, err.column, err.text);
        return NULL;
    }
    oco_oobc_model *m = from_json(o, path);
    json_decref(o);
    return m;
}
