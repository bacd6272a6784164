/* The OOBC wrapper (include/oco/oobc.h): validates at the API boundary,
 * keeps the remaining budget b_t, gives the policy the reserve-guarded
 * budget b̃_t = b_t − (N − t)·r of §2.3 [D], and checks every decision
 * against the box and the strict budget before drawing the budget down, so
 * that no policy can silently overspend (seed 000 §3: Σ_t g(x_t) <= B
 * strictly). All memory is allocated in new; begin/decide allocate nothing. */
#include "oco/oobc.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/ml/model_internal.h"
#include "algorithms/registry.h"
#include "core/params_internal.h"
#include "core/state_io.h"

/* A decision may exceed the remaining budget by this fraction of B through
 * rounding (the budget_exceeded tolerance); beyond it the step fails. */
#define OCO__OOBC_BUDGET_RTOL 1e-9

struct oco_oobc {
    const oco_oobc_type *type;
    void *state;
    oco_oobc_setup setup;
    oco_param *params;
    size_t nparams;
    int active;    /* an episode is under way */
    size_t t;      /* steps decided in it */
    double loss;   /* Σ l(x_t, c_t) */
    double *B;     /* M: the episode's budgets */
    double *b;     /* M: remaining */
    double *b_eff; /* M: guarded, for the coming step */
    double *g;     /* M: use of the last decision */
};

static int check_all(const oco_oobc_type *type, const oco_oobc_setup *s, const oco_param *params,
                     size_t nparams)
{
    if (!type)
        return oco_set_error(OCO_EINVAL, "oobc: type is NULL");
    if (type->info.protocol != OCO_PROTOCOL_OOBC)
        return oco_set_error(OCO_EINVAL, "oobc: '%s' is not an oobc algorithm",
                             type->info.name ? type->info.name : "(null)");
    const char *nm = type->info.name;
    if (!s)
        return oco_set_error(OCO_EINVAL, "%s: setup is NULL", nm);
    int rc = oco_oobc_class_check(s->cls);
    if (rc)
        return rc;
    if (s->N < 1)
        return oco_set_error(OCO_EINVAL, "%s: setup.N (steps per episode) must be >= 1", nm);
    if ((type->needs & OCO_OOBC_NEEDS_MODEL) && !s->model)
        return oco_set_error(OCO_EINVAL, "%s: needs a trained model (setup.model; 'oco train')",
                             nm);
    if (type->needs & OCO_OOBC_NEEDS_TRAIN) {
        if (!s->train || s->train->n == 0)
            return oco_set_error(OCO_EINVAL, "%s: needs a training sample (setup.train)", nm);
        if ((rc = oco_oobc_data_check(s->train, s->cls, s->N)))
            return rc;
    }
    if ((type->needs & OCO_OOBC_SINGLE_BUDGET) && (s->cls->M != 1 || s->cls->d != 1))
        return oco_set_error(OCO_EINVAL,
                             "%s: defined for one resource and a scalar decision (class %s has "
                             "M = %zu, d = %zu)",
                             nm, s->cls->name, s->cls->M, s->cls->d);
    if (nparams && !params)
        return oco_set_error(OCO_EINVAL, "%s: params is NULL but nparams = %zu", nm, nparams);
    if (oco_algo_check_params(&type->info, params, nparams) != OCO_OK)
        return OCO_EINVAL;
    return type->check ? type->check(s, params, nparams) : OCO_OK;
}

int oco_oobc_check(const oco_oobc_type *type, const oco_oobc_setup *setup,
                   const oco_param *params, size_t nparams)
{
    return check_all(type, setup, params, nparams);
}

oco_oobc *oco_oobc_new(const oco_oobc_type *type, const oco_oobc_setup *setup,
                       const oco_param *params, size_t nparams)
{
    if (check_all(type, setup, params, nparams) != OCO_OK)
        return NULL;
    const size_t M = setup->cls->M;
    oco_oobc *a = calloc(1, sizeof *a);
    int failed = 0;
    if (a) {
        a->params = oco__params_copy(type->info.params, type->info.nparams, params, nparams,
                                     &failed);
        a->B = calloc(4 * M, sizeof *a->B);
    }
    if (!a || failed || !a->B) {
        if (a) {
            free(a->params);
            free(a->B);
        }
        free(a);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", type->info.name);
        return NULL;
    }
    a->b = a->B + M;
    a->b_eff = a->B + 2 * M;
    a->g = a->B + 3 * M;
    a->type = type;
    a->setup = *setup;
    a->nparams = nparams;
    a->state = type->create(&a->setup, a->params, a->nparams);
    if (!a->state) {
        free(a->params);
        free(a->B);
        free(a);
        return NULL;
    }
    return a;
}

void oco_oobc_free(oco_oobc *a)
{
    if (!a)
        return;
    a->type->destroy(a->state);
    free(a->params);
    free(a->B);
    free(a);
}

int oco_oobc_begin(oco_oobc *a, const double *B)
{
    if (!a || !B)
        return oco_set_error(OCO_EINVAL, "oobc begin: NULL %s", !a ? "policy" : "budgets");
    const oco_oobc_class *cls = a->setup.cls;
    const char *nm = a->type->info.name;
    for (size_t m = 0; m < cls->M; ++m) {
        if (!(isfinite(B[m]) && B[m] > 0))
            return oco_set_error(OCO_EINVAL, "%s: budget B[%zu] = %g must be finite and > 0", nm,
                                 m, B[m]);
        const double need = (double)a->setup.N * cls->reserve[m];
        if (B[m] < need)
            return oco_set_error(OCO_EINVAL,
                                 "%s: budget B[%zu] = %g is below N·reserve = %g: the class's safe "
                                 "decision is not affordable at every step",
                                 nm, m, B[m], need);
    }
    a->active = 0;
    int rc = a->type->begin(a->state, B);
    if (rc)
        return rc;
    memcpy(a->B, B, cls->M * sizeof *B);
    memcpy(a->b, B, cls->M * sizeof *B);
    a->t = 0;
    a->loss = 0;
    a->active = 1;
    return OCO_OK;
}

int oco_oobc_decide(oco_oobc *a, const double *c, double *x)
{
    if (!a || !c || !x)
        return oco_set_error(OCO_EINVAL, "oobc decide: NULL argument");
    const oco_oobc_class *cls = a->setup.cls;
    const char *nm = a->type->info.name;
    const size_t d = cls->d, M = cls->M, N = a->setup.N;
    if (!a->active)
        return oco_set_error(OCO_ESTATE, "%s: no episode under way (oco_oobc_begin first, at most "
                                         "N = %zu steps)",
                             nm, N);
    for (size_t k = 0; k < cls->p; ++k)
        if (!isfinite(c[k]))
            return oco_set_error(OCO_EINVAL, "%s: step %zu: context entry %zu is not finite", nm,
                                 a->t + 1, k + 1);
    const double left = (double)(N - 1 - a->t); /* steps after this one */
    /* Raised to at least r: in exact arithmetic the guard keeps b̃ >= r, but
     * once a budget has bound the rounded draw-down can leave r − ulp, below
     * g(x_safe) (unroll.h explains the measurement); this only moves b̃ by
     * rounding, which the strict check below tolerates (1e-9·B). */
    for (size_t m = 0; m < M; ++m)
        a->b_eff[m] = fmax(a->b[m] - left * cls->reserve[m], cls->reserve[m]);
    int rc = a->type->decide(a->state, a->t, c, a->b, a->b_eff, x);
    if (rc) {
        a->active = 0;
        return rc;
    }
    for (size_t j = 0; j < d; ++j)
        if (!(x[j] >= cls->lo[j] && x[j] <= cls->hi[j])) {
            a->active = 0;
            return oco_set_error(OCO_ESOLVER, "%s: step %zu: x[%zu] = %g is outside [%g, %g]", nm,
                                 a->t + 1, j, x[j], cls->lo[j], cls->hi[j]);
        }
    double f = 0;
    if ((rc = cls->use(cls, c, x, a->g, NULL, NULL)) || (rc = cls->loss(cls, c, x, &f, NULL, NULL))) {
        a->active = 0;
        return rc;
    }
    for (size_t m = 0; m < M; ++m) {
        if (!(a->g[m] <= a->b[m] + OCO__OOBC_BUDGET_RTOL * a->B[m])) {
            a->active = 0;
            return oco_set_error(OCO_ESOLVER,
                                 "%s: step %zu: the decision uses %.17g of resource %zu, but only "
                                 "%.17g is left (strict budget)",
                                 nm, a->t + 1, a->g[m], m, a->b[m]);
        }
    }
    for (size_t m = 0; m < M; ++m)
        a->b[m] = fmax(a->b[m] - a->g[m], 0.0);
    a->loss += f;
    if (++a->t == N)
        a->active = 0;
    return OCO_OK;
}

size_t oco_oobc_step(const oco_oobc *a) { return a ? a->t : 0; }
const double *oco_oobc_remaining(const oco_oobc *a) { return a ? a->b : NULL; }
double oco_oobc_episode_loss(const oco_oobc *a) { return a ? a->loss : NAN; }

int oco_oobc_multiplier(const oco_oobc *a, double *lambda)
{
    if (!a || !lambda)
        return oco_set_error(OCO_EINVAL, "oobc multiplier: NULL argument");
    if (!a->type->multiplier)
        return oco_set_error(OCO_EINVAL, "%s: has no multiplier", a->type->info.name);
    return a->type->multiplier(a->state, lambda);
}

const oco_oobc_type *oco_oobc_get_type(const oco_oobc *a) { return a ? a->type : NULL; }
const oco_oobc_setup *oco_oobc_get_setup(const oco_oobc *a) { return a ? &a->setup : NULL; }

size_t oco_oobc_memory(const oco_oobc *a)
{
    if (!a)
        return 0;
    size_t own = sizeof *a + 4 * a->setup.cls->M * sizeof(double) +
                 a->nparams * sizeof *a->params;
    return own + (a->type->memory ? a->type->memory(a->state) : 0);
}

const oco_oobc_type *oco_oobc_type_from_info(const oco_algo_info *info)
{
    if (!info || info->protocol != OCO_PROTOCOL_OOBC) {
        oco_set_error(OCO_EINVAL, "'%s' is not an oobc algorithm", info ? info->name : "(null)");
        return NULL;
    }
    return (const oco_oobc_type *)(const void *)info; /* info is the first member */
}

const oco_oobc_type *oco_oobc_find(const char *name)
{
    const oco_algo_info *info = oco_algo_find(name, OCO_PROTOCOL_OOBC);
    return info ? oco_oobc_type_from_info(info) : NULL;
}

/* ---- checkpoint (state.h) ---------------------------------------------- */

#define OCO__FNV_BASIS 14695981039346656037u

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; ++i) { /* little-endian bytes: host-independent */
        h ^= (v >> (8 * i)) & 0xffu;
        h *= 1099511628211u;
    }
    return h;
}

static uint64_t fnv_vec(uint64_t h, const double *v, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        h = fnv_u64(h, b);
    }
    return h;
}

static uint64_t fnv_str(const char *s)
{
    uint64_t h = OCO__FNV_BASIS;
    for (; s && *s; ++s) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

/* What the policies see of the class besides its callbacks. */
static uint64_t class_print(const oco_oobc_class *c)
{
    uint64_t h = OCO__FNV_BASIS;
    h = fnv_vec(h, c->lo, c->d);
    h = fnv_vec(h, c->hi, c->d);
    h = fnv_vec(h, c->x_safe, c->d);
    h = fnv_vec(h, c->reserve, c->M);
    h = fnv_vec(h, c->budget_lo, c->M);
    h = fnv_vec(h, c->budget_hi, c->M);
    return fnv_u64(h, c->layer != NULL);
}

/* The network a learned policy plays: shape, maps, normaliser and weights
 * (the weights' own checksum, oobc_model.h). */
static uint64_t model_print(const oco_oobc_model *m)
{
    uint64_t h = OCO__FNV_BASIS;
    h = fnv_u64(h, (uint64_t)m->kind);
    h = fnv_u64(h, (uint64_t)m->output);
    h = fnv_u64(h, m->N);
    h = fnv_u64(h, m->net.nlayers);
    for (size_t k = 0; k <= m->net.nlayers; ++k)
        h = fnv_u64(h, m->net.sizes[k]);
    h = fnv_u64(h, (uint64_t)m->net.act);
    h = fnv_vec(h, m->b_scale, m->M);
    return fnv_u64(h, oco__oobc_weights_fnv1a64(m->weights, m->net.nparams));
}

static uint64_t data_print(const oco_oobc_data *d)
{
    uint64_t h = OCO__FNV_BASIS;
    h = fnv_u64(h, d->n);
    h = fnv_u64(h, d->N);
    h = fnv_u64(h, d->M);
    h = fnv_u64(h, d->p);
    h = fnv_vec(h, d->B, d->n * d->M);
    return fnv_vec(h, d->c, d->n * d->N * d->p);
}

enum { OOBC_NDIMS = 9 };

/* The head of oobc.h (dims in that order). */
static void oobc_head(const oco_oobc *a, uint64_t dims[OOBC_NDIMS], oco__state_head *h)
{
    const oco_oobc_setup *s = &a->setup;
    const unsigned needs = a->type->needs;
    dims[0] = s->N;
    dims[1] = s->cls->M;
    dims[2] = s->cls->d;
    dims[3] = s->cls->p;
    dims[4] = needs;
    dims[5] = fnv_str(s->cls->name);
    dims[6] = class_print(s->cls);
    dims[7] = (needs & OCO_OOBC_NEEDS_MODEL) && s->model ? model_print(s->model) : 0;
    dims[8] = (needs & OCO_OOBC_NEEDS_TRAIN) && s->train ? data_print(s->train) : 0;
    h->protocol = "oobc";
    h->algorithm = a->type->info.name;
    h->dims = dims;
    h->ndims = OOBC_NDIMS;
    h->params = a->params;
    h->nparams = a->nparams;
}

int oco_oobc_save_state(const oco_oobc *a, const char *path)
{
    if (!a || !path)
        return oco_set_error(OCO_EINVAL, "oobc save state: NULL %s", !a ? "policy" : "path");
    if (!a->type->save || !a->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", a->type->info.name);
    const size_t M = a->setup.cls->M;
    uint64_t dims[OOBC_NDIMS];
    oco__state_head h;
    oobc_head(a, dims, &h);
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_int(&w, a->active);
    oco_state_put_size(&w, a->t);
    oco_state_put_f64(&w, a->loss);
    oco_state_put_f64v(&w, a->B, M);
    oco_state_put_f64v(&w, a->b, M);
    int rc = a->type->save(a->state, &w);
    if (rc == OCO_OK)
        rc = oco__state_save(path, &h, &w);
    oco__state_writer_free(&w);
    return rc;
}

int oco_oobc_restore_state(oco_oobc *a, const char *path)
{
    if (!a || !path)
        return oco_set_error(OCO_EINVAL, "oobc restore state: NULL %s", !a ? "policy" : "path");
    const char *nm = a->type->info.name;
    if (!a->type->save || !a->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", nm);
    const size_t M = a->setup.cls->M, N = a->setup.N;
    uint64_t dims[OOBC_NDIMS];
    oco__state_head h;
    oobc_head(a, dims, &h);
    unsigned char *buf = NULL;
    oco_state_reader r;
    int rc = oco__state_load(path, &h, &buf, &r);
    if (rc != OCO_OK)
        return rc;
    void *st = a->type->create(&a->setup, a->params, a->nparams);
    double *Bb = malloc(2 * M * sizeof *Bb); /* B, then b */
    if (!st || !Bb) {
        if (st)
            a->type->destroy(st);
        free(Bb);
        free(buf);
        return st ? oco_set_error(OCO_ENOMEM, "%s: out of memory", nm)
                  : (oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM);
    }
    int active = 0;
    size_t t = 0;
    double loss = 0;
    rc = oco_state_get_int(&r, &active);
    if (rc == OCO_OK)
        rc = oco_state_get_size(&r, &t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(&r, &loss);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(&r, Bb, 2 * M);
    if (rc == OCO_OK)
        rc = a->type->restore(st, &r);
    if (rc == OCO_OK)
        rc = oco__state_reader_done(&r);
    /* the wrapper's invariants: an episode under way has steps left */
    if (rc == OCO_OK && ((active != 0 && active != 1) || t > N || (active && t >= N)))
        rc = oco_set_error(OCO_EINVAL,
                           "%s: state file '%s' has an invalid episode (under way %d, step %zu "
                           "of N = %zu)",
                           nm, path, active, t, N);
    free(buf);
    if (rc != OCO_OK) {
        a->type->destroy(st);
        free(Bb);
        return rc;
    }
    a->type->destroy(a->state);
    a->state = st;
    a->active = active;
    a->t = t;
    a->loss = loss;
    memcpy(a->B, Bb, M * sizeof *Bb);
    memcpy(a->b, Bb + M, M * sizeof *Bb);
    free(Bb);
    return OCO_OK;
}
