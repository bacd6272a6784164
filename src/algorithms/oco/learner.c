/* The OCO learner wrapper (include/oco/learner.h): validates at the API
 * boundary, enforces predict → update alternation, counts oracle calls. The
 * wrapper owns one copy of x_t and one gradient buffer, allocated in new, so
 * the per-round calls allocate nothing. */
#include "oco/learner.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/params_internal.h"
#include "core/state_io.h"

struct oco_learner {
    const oco_learner_type *type;
    void *state;
    oco_learner_setup setup; /* D filled in from the domain */
    oco_param *params;       /* a copy (keys are the spec's names), to recreate
                                the state on reset without a reset entry */
    size_t nparams;
    size_t round;            /* completed updates */
    int predicted;           /* 1 between predict and update */
    double *x;               /* last x_t (length d) */
    double *g;               /* gradient buffer for update_oracle */
};

int oco_grad_oracle_eval(oco_grad_oracle *o, const double *x, double *g, double *value)
{
    if (!o || !o->fn || !x || !g)
        return oco_set_error(OCO_EINVAL, "grad oracle: NULL %s",
                             !o ? "oracle" : !o->fn ? "fn" : !x ? "x" : "g");
    o->calls++;
    int rc = o->fn(o->ctx, x, g, value);
    if (rc != OCO_OK)
        return rc;
    if (!oco_all_finite(g, o->d))
        return oco_set_error(OCO_EINVAL, "grad oracle: non-finite gradient (call %zu)",
                             o->calls);
    if (value && !isfinite(*value))
        return oco_set_error(OCO_EINVAL, "grad oracle: non-finite loss value (call %zu)",
                             o->calls);
    return OCO_OK;
}

oco_learner_setup oco_learner_setup_default(void)
{
    oco_learner_setup s;
    memset(&s, 0, sizeof s);
    s.G = 1.0;
    return s;
}

static int check_setup(const oco_learner_type *type, const oco_learner_setup *in,
                       oco_learner_setup *out)
{
    const char *nm = type->info.name;
    if (!in)
        return oco_set_error(OCO_EINVAL, "%s: setup is NULL", nm);
    *out = *in;
    if (in->d == 0)
        return oco_set_error(OCO_EINVAL, "%s: setup.d must be > 0", nm);
    if (!in->domain)
        return oco_set_error(OCO_EINVAL, "%s: setup.domain is NULL", nm);
    if (oco_domain_dim(in->domain) != in->d)
        return oco_set_error(OCO_EINVAL, "%s: setup.domain has dimension %zu, setup.d = %zu",
                             nm, oco_domain_dim(in->domain), in->d);
    oco_domain_kind kind = oco_domain_get_kind(in->domain);
    if (type->domains && !(type->domains & (1u << (unsigned)kind)))
        return oco_set_error(OCO_EINVAL, "%s: setup.domain of this kind is not supported%s", nm,
                             type->domains == (1u << OCO_DOMAIN_SIMPLEX)
                                 ? " (needs the simplex)" : "");
    if (!(isfinite(in->G) && in->G > 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.G must be finite and > 0 (got %g)", nm,
                             in->G);
    if (!(isfinite(in->D) && in->D >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.D must be finite and >= 0 (got %g)", nm,
                             in->D);
    if (in->D == 0) {
        double D = oco_domain_diameter(in->domain);
        if (!(isfinite(D) && D > 0))
            return oco_set_error(OCO_EINVAL,
                                 "%s: setup.domain must be bounded with positive diameter "
                                 "(diameter %g)", nm, D);
        out->D = D;
    }
    if (!(isfinite(in->L) && in->L >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.L must be finite and >= 0", nm);
    if (!(isfinite(in->lambda) && in->lambda >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.lambda must be finite and >= 0", nm);
    if (!(isfinite(in->alpha) && in->alpha >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.alpha must be finite and >= 0", nm);
    if (!(type->info.flags & OCO_ALGO_ANYTIME) && in->T == 0)
        return oco_set_error(OCO_EINVAL, "%s: needs the horizon: setup.T must be > 0", nm);
    if ((type->info.flags & OCO_ALGO_RANDOMIZED) && !in->rng)
        return oco_set_error(OCO_EINVAL, "%s: a randomized learner needs setup.rng", nm);
    return OCO_OK;
}

/* The whole check of oco_learner_check; *out gets the setup with D filled in. */
static int check_all(const oco_learner_type *type, const oco_learner_setup *setup,
                     const oco_param *params, size_t nparams, oco_learner_setup *out)
{
    if (!type)
        return oco_set_error(OCO_EINVAL, "learner: type is NULL");
    if (type->info.protocol != OCO_PROTOCOL_OCO)
        return oco_set_error(OCO_EINVAL, "learner: '%s' is not an OCO learner", type->info.name);
    int rc = check_setup(type, setup, out);
    if (rc != OCO_OK)
        return rc;
    if (nparams && !params)
        return oco_set_error(OCO_EINVAL, "%s: params is NULL but nparams = %zu",
                             type->info.name, nparams);
    if (oco_algo_check_params(&type->info, params, nparams) != OCO_OK)
        return OCO_EINVAL;
    return type->check ? type->check(out, params, nparams) : OCO_OK;
}

int oco_learner_check(const oco_learner_type *type, const oco_learner_setup *setup,
                      const oco_param *params, size_t nparams)
{
    oco_learner_setup s;
    return check_all(type, setup, params, nparams, &s);
}

oco_learner *oco_learner_new(const oco_learner_type *type, const oco_learner_setup *setup,
                             const oco_param *params, size_t nparams)
{
    oco_learner_setup s;
    if (check_all(type, setup, params, nparams, &s) != OCO_OK)
        return NULL;
    const char *nm = type->info.name;
    oco_learner *l = calloc(1, sizeof *l);
    if (!l) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    l->type = type;
    l->setup = s;
    int failed;
    l->params = oco__params_copy(type->info.params, type->info.nparams, params, nparams, &failed);
    l->nparams = nparams;
    l->x = failed ? NULL : calloc(2 * s.d, sizeof *l->x);
    if (!l->x) {
        free(l->params);
        free(l);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    l->g = l->x + s.d;
    l->state = type->create(&l->setup, l->params, l->nparams);
    if (!l->state) {
        free(l->params);
        free(l->x);
        free(l);
        return NULL;
    }
    return l;
}

void oco_learner_free(oco_learner *l)
{
    if (!l)
        return;
    l->type->destroy(l->state);
    free(l->params);
    free(l->x);
    free(l);
}

int oco_learner_reset(oco_learner *l, const double *x)
{
    if (!l)
        return oco_set_error(OCO_EINVAL, "learner reset: learner is NULL");
    const char *nm = l->type->info.name;
    if (x) {
        if (!l->type->reset)
            return oco_set_error(OCO_EINVAL, "%s: cannot restart from a given point (no reset "
                                             "entry); pass x = NULL", nm);
        if (!oco_all_finite(x, l->setup.d))
            return oco_set_error(OCO_EINVAL, "%s: reset point has a non-finite entry", nm);
        if (!oco_domain_contains(l->setup.domain, x, 1e-9))
            return oco_set_error(OCO_EINVAL, "%s: reset point is not in the domain", nm);
    }
    if (l->type->reset) {
        int rc = l->type->reset(l->state, x);
        if (rc != OCO_OK)
            return rc;
    } else {
        void *state = l->type->create(&l->setup, l->params, l->nparams);
        if (!state)
            return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        l->type->destroy(l->state);
        l->state = state;
    }
    l->round = 0;
    l->predicted = 0;
    return OCO_OK;
}

int oco_learner_predict(oco_learner *l, const double *hint, double *x)
{
    if (!l || !x)
        return oco_set_error(OCO_EINVAL, "learner predict: NULL %s", !l ? "learner" : "x");
    if (l->predicted)
        return oco_set_error(OCO_ESTATE, "%s: predict called twice without update (round %zu)",
                             l->type->info.name, l->round + 1);
    if (!(l->type->info.flags & OCO_ALGO_ANYTIME) && l->round >= l->setup.T)
        return oco_set_error(OCO_ESTATE, "%s: horizon T = %zu reached", l->type->info.name,
                             l->setup.T);
    if (hint && !oco_all_finite(hint, l->setup.d))
        return oco_set_error(OCO_EINVAL, "%s: hint has a non-finite entry", l->type->info.name);
    int rc = l->type->predict(l->state, hint, l->x);
    if (rc != OCO_OK)
        return rc;
    oco_copy(l->x, x, l->setup.d);
    l->predicted = 1;
    return OCO_OK;
}

int oco_learner_update(oco_learner *l, const double *g, double value)
{
    if (!l || !g)
        return oco_set_error(OCO_EINVAL, "learner update: NULL %s", !l ? "learner" : "g");
    if (!l->predicted)
        return oco_set_error(OCO_ESTATE, "%s: update without predict (round %zu)",
                             l->type->info.name, l->round + 1);
    if (!oco_all_finite(g, l->setup.d))
        return oco_set_error(OCO_EINVAL, "%s: gradient has a non-finite entry (round %zu)",
                             l->type->info.name, l->round + 1);
    if (isinf(value))
        return oco_set_error(OCO_EINVAL, "%s: loss value is infinite (round %zu)",
                             l->type->info.name, l->round + 1);
    int rc = l->type->update(l->state, g, value);
    if (rc != OCO_OK)
        return rc;
    l->predicted = 0;
    l->round++;
    return OCO_OK;
}

int oco_learner_update_oracle(oco_learner *l, oco_grad_oracle *oracle)
{
    if (!l || !oracle)
        return oco_set_error(OCO_EINVAL, "learner update: NULL %s", !l ? "learner" : "oracle");
    if (!l->predicted)
        return oco_set_error(OCO_ESTATE, "%s: update without predict (round %zu)",
                             l->type->info.name, l->round + 1);
    if (oracle->d != l->setup.d)
        return oco_set_error(OCO_EINVAL, "%s: oracle dimension %zu, learner dimension %zu",
                             l->type->info.name, oracle->d, l->setup.d);
    int rc;
    if (l->type->update_oracle) {
        rc = l->type->update_oracle(l->state, oracle);
    } else {
        double v = NAN;
        rc = oco_grad_oracle_eval(oracle, l->x, l->g, &v);
        if (rc == OCO_OK)
            rc = l->type->update(l->state, l->g, v);
    }
    if (rc != OCO_OK)
        return rc;
    l->predicted = 0;
    l->round++;
    return OCO_OK;
}

const oco_learner_type *oco_learner_get_type(const oco_learner *l) { return l ? l->type : NULL; }
size_t oco_learner_dim(const oco_learner *l) { return l ? l->setup.d : 0; }
size_t oco_learner_round(const oco_learner *l) { return l ? l->round : 0; }
const double *oco_learner_last_x(const oco_learner *l) { return l ? l->x : NULL; }
const oco_learner_setup *oco_learner_get_setup(const oco_learner *l)
{
    return l ? &l->setup : NULL;
}

size_t oco_learner_memory(const oco_learner *l)
{
    if (!l)
        return 0;
    size_t m = sizeof *l + 2 * l->setup.d * sizeof(double) + l->nparams * sizeof(oco_param);
    if (l->type->memory)
        m += l->type->memory(l->state);
    return m;
}

/* ---- checkpoint ------------------------------------------------------------ */

enum { NDIMS = 10 };

static uint64_t f64_bits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

/* FNV-1a 64 over the bits of n doubles, continuing from h. */
static uint64_t hash_f64(uint64_t h, const double *v, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        uint64_t u = f64_bits(v[i]);
        for (int b = 0; b < 8; ++b) {
            h ^= (u >> (8 * b)) & 0xffu;
            h *= 1099511628211ull;
        }
    }
    return h;
}

/* What identifies the domain beyond its kind and dimension: a hash of its
 * centre, its diameter and, for a box, its bounds (read through the public
 * API: the box projection is a clamp, so projecting ∓DBL_MAX gives them). */
static int domain_hash(const oco_domain *dom, size_t d, uint64_t *out)
{
    double *v = malloc(d * sizeof *v);
    if (!v)
        return oco_set_error(OCO_ENOMEM, "learner state: out of memory");
    uint64_t h = 1469598103934665603ull;
    const double diam = oco_domain_diameter(dom);
    h = hash_f64(h, &diam, 1);
    oco_domain_center(dom, v);
    h = hash_f64(h, v, d);
    if (oco_domain_get_kind(dom) == OCO_DOMAIN_BOX) {
        for (int side = 0; side < 2; ++side) {
            oco_fill(v, d, side ? DBL_MAX : -DBL_MAX);
            oco_domain_project(dom, v);
            h = hash_f64(h, v, d);
        }
    }
    free(v);
    *out = h;
    return OCO_OK;
}

/* The header: protocol "oco", the learner's name, the dimensions listed in
 * learner.h, the parameters as given. */
static int state_head(const oco_learner *l, uint64_t *dims, oco__state_head *h)
{
    const oco_learner_setup *s = &l->setup;
    dims[0] = s->d;
    dims[1] = s->T;
    dims[2] = (uint64_t)oco_domain_get_kind(s->domain);
    int rc = domain_hash(s->domain, s->d, &dims[3]);
    if (rc != OCO_OK)
        return rc;
    dims[4] = s->rng != NULL;
    dims[5] = f64_bits(s->G);
    dims[6] = f64_bits(s->D);
    dims[7] = f64_bits(s->L);
    dims[8] = f64_bits(s->lambda);
    dims[9] = f64_bits(s->alpha);
    h->protocol = "oco";
    h->algorithm = l->type->info.name;
    h->dims = dims;
    h->ndims = NDIMS;
    h->params = l->params;
    h->nparams = l->nparams;
    return OCO_OK;
}

int oco_learner_save_state(const oco_learner *l, const char *path)
{
    if (!l || !path)
        return oco_set_error(OCO_EINVAL, "learner save state: NULL %s", !l ? "learner" : "path");
    if (!l->type->save || !l->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", l->type->info.name);
    uint64_t dims[NDIMS];
    oco__state_head head;
    int rc = state_head(l, dims, &head);
    if (rc != OCO_OK)
        return rc;
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_size(&w, l->round);
    oco_state_put_int(&w, l->predicted);
    oco_state_put_f64v(&w, l->x, l->setup.d);
    if (l->setup.rng)
        oco_state_put_rng(&w, l->setup.rng);
    rc = l->type->save(l->state, &w);
    if (rc == OCO_OK)
        rc = oco__state_save(path, &head, &w);
    oco__state_writer_free(&w);
    return rc;
}

int oco_learner_restore_state(oco_learner *l, const char *path)
{
    if (!l || !path)
        return oco_set_error(OCO_EINVAL, "learner restore state: NULL %s",
                             !l ? "learner" : "path");
    const oco_learner_type *ty = l->type;
    if (!ty->save || !ty->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", ty->info.name);
    const size_t d = l->setup.d;
    uint64_t dims[NDIMS];
    oco__state_head head;
    int rc = state_head(l, dims, &head);
    if (rc != OCO_OK)
        return rc;
    unsigned char *buf = NULL;
    oco_state_reader r;
    rc = oco__state_load(path, &head, &buf, &r);
    if (rc != OCO_OK)
        return rc;
    /* everything into locals and a fresh state first: never half-loaded (a
     * randomized learner's create may draw from the caller's generator: it
     * is put back on failure) */
    oco_rng rng_before, rng;
    memset(&rng_before, 0, sizeof rng_before);
    memset(&rng, 0, sizeof rng);
    if (l->setup.rng)
        rng_before = *l->setup.rng;
    double *x = malloc(d * sizeof *x);
    void *state = x ? ty->create(&l->setup, l->params, l->nparams) : NULL;
    if (!state) {
        free(x);
        free(buf);
        if (l->setup.rng)
            *l->setup.rng = rng_before;
        return x ? (oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM)
                 : oco_set_error(OCO_ENOMEM, "%s: out of memory", ty->info.name);
    }
    size_t round = 0;
    int predicted = 0;
    rc = oco_state_get_size(&r, &round);
    if (rc == OCO_OK)
        rc = oco_state_get_int(&r, &predicted);
    if (rc == OCO_OK && !(predicted == 0 || predicted == 1))
        rc = oco_set_error(OCO_EINVAL, "state %s: predict flag %d", path, predicted);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(&r, x, d);
    if (rc == OCO_OK && l->setup.rng)
        rc = oco_state_get_rng(&r, &rng);
    if (rc == OCO_OK)
        rc = ty->restore(state, &r);
    if (rc == OCO_OK)
        rc = oco__state_reader_done(&r);
    free(buf);
    if (rc != OCO_OK) {
        ty->destroy(state);
        free(x);
        if (l->setup.rng)
            *l->setup.rng = rng_before;
        return rc;
    }
    ty->destroy(l->state);
    l->state = state;
    l->round = round;
    l->predicted = predicted;
    oco_copy(x, l->x, d);
    free(x);
    if (l->setup.rng)
        *l->setup.rng = rng;
    return OCO_OK;
}
