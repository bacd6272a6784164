/* The networks of LAAU and of its RL baseline as objects (seed 000 §4–5,
 * olp_laau.md §2.2–2.3, §2.5): names, options, construction, copies,
 * accessors and the compatibility check. The file format is in model_io.c,
 * training elsewhere (the laau trainer). See oobc_model.h and
 * model_internal.h. */
#include "algorithms/ml/model_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/rng.h"

static const char *const kind_names[] = {NULL, "laau", "rl"};
static const char *const act_names[] = {"tanh", "relu", "softplus", "sigmoid"};
static const char *const out_names[] = {"default", "softplus", "exp", "sigmoid"};

const char *oco_oobc_model_kind_name(oco_oobc_model_kind kind)
{
    return kind == OCO_OOBC_MODEL_LAAU || kind == OCO_OOBC_MODEL_RL ? kind_names[kind] : NULL;
}

const char *oco_mlp_activation_name(oco_mlp_activation a)
{
    return (unsigned)a <= (unsigned)OCO_MLP_SIGMOID ? act_names[a] : NULL;
}

int oco_mlp_activation_parse(const char *name, oco_mlp_activation *a)
{
    if (!name || !a)
        return oco_set_error(OCO_EINVAL, "activation: name or result is NULL");
    for (int i = 0; i <= (int)OCO_MLP_SIGMOID; i++)
        if (strcmp(name, act_names[i]) == 0) {
            *a = (oco_mlp_activation)i;
            return 0;
        }
    return oco_set_error(OCO_ENOTFOUND,
                         "unknown activation '%s' (known: tanh, relu, softplus, sigmoid)", name);
}

const char *oco_oobc_output_name(oco_oobc_output o)
{
    return (unsigned)o <= (unsigned)OCO_OOBC_OUT_SIGMOID ? out_names[o] : NULL;
}

int oco_oobc_output_parse(const char *name, oco_oobc_output *o)
{
    if (!name || !o)
        return oco_set_error(OCO_EINVAL, "output map: name or result is NULL");
    for (int i = (int)OCO_OOBC_OUT_SOFTPLUS; i <= (int)OCO_OOBC_OUT_SIGMOID; i++)
        if (strcmp(name, out_names[i]) == 0) {
            *o = (oco_oobc_output)i;
            return 0;
        }
    return oco_set_error(OCO_ENOTFOUND, "unknown output map '%s' (known: softplus, exp, sigmoid)",
                         name);
}

int oco_oobc_output_check(oco_oobc_model_kind kind, oco_oobc_output o)
{
    const char *kn = oco_oobc_model_kind_name(kind), *on = oco_oobc_output_name(o);
    if (!kn)
        return oco_set_error(OCO_EINVAL, "output map: unknown model kind %d", (int)kind);
    if (!on)
        return oco_set_error(OCO_EINVAL, "output map: unknown output map %d", (int)o);
    /* laau: λ > 0 from any z (softplus, exp); rl: σ keeps x in box and budget (§2.5) */
    const int ok = o == OCO_OOBC_OUT_DEFAULT ||
                   (kind == OCO_OOBC_MODEL_LAAU
                        ? (o == OCO_OOBC_OUT_SOFTPLUS || o == OCO_OOBC_OUT_EXP)
                        : o == OCO_OOBC_OUT_SIGMOID);
    if (!ok)
        return oco_set_error(OCO_EINVAL, "output map '%s' is not available for a %s model (%s)",
                             on, kn,
                             kind == OCO_OOBC_MODEL_LAAU ? "laau: softplus or exp"
                                                         : "rl: sigmoid only");
    return 0;
}

oco_oobc_model_opts oco_oobc_model_opts_default(void)
{
    oco_oobc_model_opts o;
    memset(&o, 0, sizeof o);
    o.kind = OCO_OOBC_MODEL_LAAU;
    /* §2.3 [S]: "2 layers, each with 10 neurons", read as 2 hidden layers of
     * 10 [D]; tanh [D] (the notes allow ReLU or tanh). */
    o.nhidden = 2;
    o.hidden[0] = 10;
    o.hidden[1] = 10;
    o.activation = OCO_MLP_TANH;
    o.output = OCO_OOBC_OUT_DEFAULT; /* softplus (laau, §2.3 [D]) / sigmoid (rl) */
    o.seed = 1;
    return o;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *r = malloc(n);
    if (r)
        memcpy(r, s, n);
    return r;
}

oco_oobc_model *oco__oobc_model_make(oco_oobc_model_kind kind, const char *problem, size_t d,
                                     size_t M, size_t p, size_t N, size_t nhidden,
                                     const size_t *hidden, oco_mlp_activation act,
                                     oco_oobc_output out, const double *b_scale)
{
    if (!oco_oobc_model_kind_name(kind)) {
        oco_set_error(OCO_EINVAL, "model: unknown kind %d (laau or rl)", (int)kind);
        return NULL;
    }
    if (oco_oobc_output_check(kind, out))
        return NULL; /* (the message names the map and the kind) */
    if (out == OCO_OOBC_OUT_DEFAULT)
        out = kind == OCO_OOBC_MODEL_LAAU ? OCO_OOBC_OUT_SOFTPLUS : OCO_OOBC_OUT_SIGMOID;
    if (!problem || !*problem) {
        oco_set_error(OCO_EINVAL, "model: the class has no name");
        return NULL;
    }
    if (d == 0 || M == 0 || p == 0 || N == 0) {
        oco_set_error(OCO_EINVAL, "model: d, M, p and N must be >= 1 (got %zu, %zu, %zu, %zu)", d,
                      M, p, N);
        return NULL;
    }
    if (kind == OCO_OOBC_MODEL_RL && (d != 1 || M != 1)) {
        oco_set_error(OCO_EINVAL, "model: rl needs d = M = 1 (got d = %zu, M = %zu)", d, M);
        return NULL;
    }
    if (!b_scale) {
        oco_set_error(OCO_EINVAL, "model: b_scale is NULL");
        return NULL;
    }
    for (size_t m = 0; m < M; m++)
        if (!(isfinite(b_scale[m]) && b_scale[m] > 0.0)) {
            oco_set_error(OCO_EINVAL, "model: b_scale[%zu] = %g must be finite and > 0", m,
                          b_scale[m]);
            return NULL;
        }
    oco__mlp net;
    size_t nout = kind == OCO_OOBC_MODEL_LAAU ? M : d;
    if (M > ((size_t)1 << 20) || p > ((size_t)1 << 20) ||
        oco__mlp_init(&net, M + p + 1, nhidden, hidden, nout, act))
        return NULL; /* (the size cap: the sum cannot overflow; mlp_init set the error) */
    oco_oobc_model *m = calloc(1, sizeof *m);
    if (!m) {
        oco_set_error(OCO_ENOMEM, "model: out of memory");
        return NULL;
    }
    m->kind = kind;
    m->output = out;
    m->d = d;
    m->M = M;
    m->p = p;
    m->N = N;
    m->net = net;
    m->problem = dup_str(problem);
    m->data_label = dup_str("");
    m->weights = calloc(net.nparams, sizeof *m->weights);
    m->b_scale = malloc(M * sizeof *m->b_scale);
    if (!m->problem || !m->data_label || !m->weights || !m->b_scale) {
        oco_oobc_model_free(m);
        oco_set_error(OCO_ENOMEM, "model: out of memory");
        return NULL;
    }
    memcpy(m->b_scale, b_scale, M * sizeof *b_scale);
    m->training.best_val_utility = NAN;
    return m;
}

oco_oobc_model *oco_oobc_model_new(const oco_oobc_class *cls, size_t N,
                                   const oco_oobc_model_opts *opts, const double *b_scale)
{
    if (!cls) {
        oco_set_error(OCO_EINVAL, "model: class is NULL");
        return NULL;
    }
    /* Only what the network needs (name, d, M, p, the budget range) is
     * checked here; the class's own consistency is oco_oobc_class_check's. */
    oco_oobc_model_opts o = opts ? *opts : oco_oobc_model_opts_default();
    double bs_stack[16], *bs = bs_stack;
    const double *scale = b_scale;
    if (!scale) {
        if (!cls->budget_lo || !cls->budget_hi || cls->M == 0) {
            oco_set_error(OCO_EINVAL, "model: class '%s' has no budget range for b_scale",
                          cls->name ? cls->name : "?");
            return NULL;
        }
        if (cls->M > 16 && !(bs = malloc(cls->M * sizeof *bs))) {
            oco_set_error(OCO_ENOMEM, "model: out of memory");
            return NULL;
        }
        /* §2.3 [D]: the mean training budget N·(lo + hi)/2 (12.5·N for fairness). */
        for (size_t m = 0; m < cls->M; m++)
            bs[m] = (double)N * 0.5 * (cls->budget_lo[m] + cls->budget_hi[m]);
        scale = bs;
    }
    oco_oobc_model *m = oco__oobc_model_make(o.kind, cls->name, cls->d, cls->M, cls->p, N,
                                             o.nhidden, o.hidden, o.activation, o.output,
                                             scale);
    if (bs != bs_stack)
        free(bs);
    if (!m)
        return NULL;
    /* Glorot-uniform weights, zero biases [D] (mlp.c), from stream 0 of the seed. */
    oco_rng r;
    oco_rng_seed(&r, o.seed, 0);
    oco__mlp_init_params(&m->net, m->weights, &r);
    return m;
}

void oco_oobc_model_free(oco_oobc_model *m)
{
    if (!m)
        return;
    if (m->work && m->work_free)
        m->work_free(m->work);
    free(m->problem);
    free(m->data_label);
    free(m->weights);
    free(m->b_scale);
    free(m);
}

oco_oobc_model *oco_oobc_model_clone(const oco_oobc_model *m)
{
    if (!m) {
        oco_set_error(OCO_EINVAL, "model clone: model is NULL");
        return NULL;
    }
    oco_oobc_model *c = oco__oobc_model_make(m->kind, m->problem, m->d, m->M, m->p, m->N,
                                             m->net.nlayers - 1, m->net.sizes + 1, m->net.act,
                                             m->output, m->b_scale);
    if (!c)
        return NULL;
    if (oco_oobc_model_set_data_label(c, m->data_label)) {
        oco_oobc_model_free(c);
        return NULL;
    }
    memcpy(c->weights, m->weights, m->net.nparams * sizeof *m->weights);
    c->training = m->training;
    return c; /* work space not copied (model_internal.h) */
}

oco_oobc_model_kind oco_oobc_model_get_kind(const oco_oobc_model *m)
{
    return m ? m->kind : (oco_oobc_model_kind)0;
}

oco_oobc_output oco_oobc_model_output(const oco_oobc_model *m)
{
    return m ? m->output : (oco_oobc_output)0;
}

const char *oco_oobc_model_problem(const oco_oobc_model *m)
{
    return m ? m->problem : NULL;
}

size_t oco_oobc_model_N(const oco_oobc_model *m)
{
    return m ? m->N : 0;
}

size_t oco_oobc_model_nweights(const oco_oobc_model *m)
{
    return m ? m->net.nparams : 0;
}

double *oco_oobc_model_weights(oco_oobc_model *m)
{
    return m ? m->weights : NULL;
}

const double *oco_oobc_model_weights_const(const oco_oobc_model *m)
{
    return m ? m->weights : NULL;
}

const char *oco_oobc_model_data_label(const oco_oobc_model *m)
{
    return m ? m->data_label : NULL;
}

int oco_oobc_model_set_data_label(oco_oobc_model *m, const char *label)
{
    if (!m)
        return oco_set_error(OCO_EINVAL, "model: model is NULL");
    char *s = dup_str(label ? label : "");
    if (!s)
        return oco_set_error(OCO_ENOMEM, "model: out of memory");
    free(m->data_label);
    m->data_label = s;
    return 0;
}

int oco_oobc_model_matches(const oco_oobc_model *m, oco_oobc_model_kind kind,
                           const oco_oobc_class *cls, size_t N)
{
    if (!m || !cls)
        return oco_set_error(OCO_EINVAL, "model: %s is NULL", m ? "class" : "model");
    const char *kn = oco_oobc_model_kind_name(kind);
    if (m->kind != kind)
        return oco_set_error(OCO_EINVAL, "model: kind is '%s', expected '%s'",
                             oco_oobc_model_kind_name(m->kind), kn ? kn : "?");
    const char *name = cls->name ? cls->name : "";
    if (strcmp(m->problem, name) != 0)
        return oco_set_error(OCO_EINVAL, "model: built for problem '%s', not '%s'", m->problem,
                             name);
    if (m->d != cls->d || m->M != cls->M || m->p != cls->p) {
        const char *what = m->d != cls->d ? "d" : m->M != cls->M ? "M" : "p";
        size_t a = m->d != cls->d ? m->d : m->M != cls->M ? m->M : m->p;
        size_t b = m->d != cls->d ? cls->d : m->M != cls->M ? cls->M : cls->p;
        return oco_set_error(OCO_EINVAL,
                             "model: problem '%s' with %s = %zu, the class has %s = %zu", name,
                             what, a, what, b);
    }
    if (m->N != N)
        return oco_set_error(OCO_EINVAL, "model: trained for N = %zu, not N = %zu", m->N, N);
    return 0;
}

void oco__oobc_model_input(const oco_oobc_model *m, const double *b, const double *c, size_t t1,
                           double *u)
{
    for (size_t k = 0; k < m->M; k++)
        u[k] = b[k] / m->b_scale[k]; /* §2.3 [D]: b_t/(12.5·N) for fairness */
    memcpy(u + m->M, c, m->p * sizeof *c);
    u[m->M + m->p] = ((double)m->N - (double)t1) / (double)m->N; /* t̄ = (N − t)/N, §2.2 */
}

uint64_t oco__oobc_weights_fnv1a64(const double *w, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 offset basis */
    for (size_t i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &w[i], sizeof bits);
        for (int k = 0; k < 8; k++) { /* little-endian byte order */
            h ^= (bits >> (8 * k)) & 0xffu;
            h *= 0x100000001b3u; /* FNV prime */
        }
    }
    return h;
}
