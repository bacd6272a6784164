/* The constrained-OCO wrapper (include/oco/coco.h): validates at the API
 * boundary, enforces predict → update alternation, linearises the oracle
 * feedback for algorithms that learn from (∇f_t, g_t, J_t) at x_t only. The
 * wrapper owns x_t and the linearisation buffers (allocated in new), so the
 * per-round calls allocate nothing. */
#include "oco/coco.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/params_internal.h"
#include "core/state_io.h"

struct oco_coco {
    const oco_coco_type *type;
    void *state;
    oco_coco_setup setup; /* D filled in */
    oco_param *params;    /* copy (keys = the spec's names), for reset */
    size_t nparams;
    size_t round;         /* completed updates */
    int predicted;
    double *x;            /* last x_t (d) */
    double *grad;         /* d: linearisation buffers */
    double *g;            /* k */
    double *J;            /* k×d */
};

oco_coco_setup oco_coco_setup_default(void)
{
    oco_coco_setup s;
    memset(&s, 0, sizeof s);
    s.G = s.L_g = s.g_max = s.F = 1.0;
    s.alpha = 1.0;
    return s;
}

int oco_coco_type_streams(const oco_coco_type *type)
{
    return type && type->update && !type->update_oracle &&
           !(type->needs & (OCO_COCO_NEEDS_FORM | OCO_COCO_NEEDS_FIXED));
}

static int positive(const char *nm, const char *field, double v)
{
    if (!(isfinite(v) && v > 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.%s must be finite and > 0 (got %g)", nm,
                             field, v);
    return OCO_OK;
}

static int check_setup(const oco_coco_type *type, const oco_coco_setup *in, oco_coco_setup *out)
{
    const char *nm = type->info.name;
    if (!in)
        return oco_set_error(OCO_EINVAL, "%s: setup is NULL", nm);
    *out = *in;
    if (in->d == 0)
        return oco_set_error(OCO_EINVAL, "%s: setup.d must be > 0", nm);
    if (in->k == 0)
        return oco_set_error(OCO_EINVAL, "%s: setup.k (number of constraints) must be > 0", nm);
    if (!in->domain)
        return oco_set_error(OCO_EINVAL, "%s: setup.domain is NULL", nm);
    if (oco_domain_dim(in->domain) != in->d)
        return oco_set_error(OCO_EINVAL, "%s: setup.domain has dimension %zu, setup.d = %zu",
                             nm, oco_domain_dim(in->domain), in->d);
    oco_domain_kind kind = oco_domain_get_kind(in->domain);
    if (type->domains && !(type->domains & (1u << (unsigned)kind)))
        return oco_set_error(OCO_EINVAL, "%s: setup.domain of this kind is not supported", nm);
    int rc;
    if ((rc = positive(nm, "G", in->G)) || (rc = positive(nm, "L_g", in->L_g)) ||
        (rc = positive(nm, "g_max", in->g_max)) || (rc = positive(nm, "F", in->F)))
        return rc;
    if (!(isfinite(in->D) && in->D >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.D must be finite and >= 0 (got %g)", nm,
                             in->D);
    if (in->D == 0) {
        double D = oco_domain_diameter(in->domain);
        if (!(isfinite(D) && D > 0))
            return oco_set_error(OCO_EINVAL, "%s: setup.domain must be bounded with positive "
                                             "diameter (diameter %g)", nm, D);
        out->D = D;
    }
    if (!(isfinite(in->alpha) && in->alpha > 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.alpha must be finite and > 0 (got %g)", nm,
                             in->alpha);
    int nonzero_budget = 0;
    if (in->budget)
        for (size_t j = 0; j < in->k; ++j) {
            if (!isfinite(in->budget[j]))
                return oco_set_error(OCO_EINVAL, "%s: setup.budget[%zu] is not finite", nm, j);
            nonzero_budget |= in->budget[j] != 0;
        }
    if (nonzero_budget && (type->needs & OCO_COCO_ZERO_BUDGET))
        return oco_set_error(OCO_EINVAL, "%s: supports only the budget B = 0 (Σ_t g_t(x_t) <= 0); "
                                         "shift the constraints by B/T instead", nm);
    if (in->fixed_cons &&
        oco_quad_map_check(in->fixed_cons, in->k, in->d, "setup.fixed_cons") != OCO_OK)
        return OCO_EINVAL;
    if ((type->needs & OCO_COCO_NEEDS_FIXED) && !in->fixed_cons)
        return oco_set_error(OCO_EINVAL, "%s: needs setup.fixed_cons, the known part g of the "
                                         "linearly perturbed constraints g_t = g + b_t", nm);
    if (!(type->info.flags & OCO_ALGO_ANYTIME) && in->T == 0)
        return oco_set_error(OCO_EINVAL, "%s: needs the horizon: setup.T must be > 0", nm);
    if ((type->info.flags & OCO_ALGO_RANDOMIZED) && !in->rng)
        return oco_set_error(OCO_EINVAL, "%s: a randomized algorithm needs setup.rng", nm);
    return OCO_OK;
}

static int check_all(const oco_coco_type *type, const oco_coco_setup *setup,
                     const oco_param *params, size_t nparams, oco_coco_setup *out)
{
    if (!type)
        return oco_set_error(OCO_EINVAL, "coco: type is NULL");
    if (type->info.protocol != OCO_PROTOCOL_COCO)
        return oco_set_error(OCO_EINVAL, "coco: '%s' is not a coco algorithm", type->info.name);
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

int oco_coco_check(const oco_coco_type *type, const oco_coco_setup *setup,
                   const oco_param *params, size_t nparams)
{
    oco_coco_setup s;
    return check_all(type, setup, params, nparams, &s);
}

oco_coco *oco_coco_new(const oco_coco_type *type, const oco_coco_setup *setup,
                       const oco_param *params, size_t nparams)
{
    oco_coco_setup s;
    if (check_all(type, setup, params, nparams, &s) != OCO_OK)
        return NULL;
    const char *nm = type->info.name;
    oco_coco *a = calloc(1, sizeof *a);
    int failed = 0;
    if (a)
        a->params = oco__params_copy(type->info.params, type->info.nparams, params, nparams,
                                     &failed);
    if (a && !failed)
        a->x = calloc(2 * s.d + s.k + s.k * s.d, sizeof *a->x);
    if (!a || !a->x) {
        if (a)
            free(a->params);
        free(a);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    a->type = type;
    a->setup = s;
    a->nparams = nparams;
    a->grad = a->x + s.d;
    a->g = a->grad + s.d;
    a->J = a->g + s.k;
    a->state = type->create(&a->setup, a->params, a->nparams);
    if (!a->state) {
        free(a->params);
        free(a->x);
        free(a);
        return NULL;
    }
    return a;
}

void oco_coco_free(oco_coco *a)
{
    if (!a)
        return;
    a->type->destroy(a->state);
    free(a->params);
    free(a->x);
    free(a);
}

int oco_coco_reset(oco_coco *a, const double *x)
{
    if (!a)
        return oco_set_error(OCO_EINVAL, "coco reset: algorithm is NULL");
    const char *nm = a->type->info.name;
    if (x) {
        if (!a->type->reset)
            return oco_set_error(OCO_EINVAL, "%s: cannot restart from a given point (no reset "
                                             "entry); pass x = NULL", nm);
        if (!oco_all_finite(x, a->setup.d))
            return oco_set_error(OCO_EINVAL, "%s: reset point has a non-finite entry", nm);
        if (!oco_domain_contains(a->setup.domain, x, 1e-9))
            return oco_set_error(OCO_EINVAL, "%s: reset point is not in the domain", nm);
    }
    if (a->type->reset) {
        int rc = a->type->reset(a->state, x);
        if (rc != OCO_OK)
            return rc;
    } else {
        void *state = a->type->create(&a->setup, a->params, a->nparams);
        if (!state)
            return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        a->type->destroy(a->state);
        a->state = state;
    }
    a->round = 0;
    a->predicted = 0;
    return OCO_OK;
}

static int check_prediction(const oco_coco *a, const oco_coco_prediction *p)
{
    const char *nm = a->type->info.name;
    char what[96];
    if (p->cost) {
        snprintf(what, sizeof what, "%s: cost prediction (round %zu)", nm, a->round + 1);
        if (oco_quad_map_check(p->cost, 1, a->setup.d, what) != OCO_OK)
            return OCO_EINVAL;
    }
    if (p->cons) {
        snprintf(what, sizeof what, "%s: constraint prediction (round %zu)", nm, a->round + 1);
        if (oco_quad_map_check(p->cons, a->setup.k, a->setup.d, what) != OCO_OK)
            return OCO_EINVAL;
    }
    if (p->cons_value && !oco_all_finite(p->cons_value, a->setup.k))
        return oco_set_error(OCO_EINVAL, "%s: predicted constraint value has a non-finite entry "
                                         "(round %zu)", nm, a->round + 1);
    return OCO_OK;
}

int oco_coco_predict(oco_coco *a, const oco_coco_prediction *pred, double *x)
{
    if (!a || !x)
        return oco_set_error(OCO_EINVAL, "coco predict: NULL %s", !a ? "algorithm" : "x");
    const char *nm = a->type->info.name;
    if (a->predicted)
        return oco_set_error(OCO_ESTATE, "%s: predict called twice without update (round %zu)",
                             nm, a->round + 1);
    if (!(a->type->info.flags & OCO_ALGO_ANYTIME) && a->round >= a->setup.T)
        return oco_set_error(OCO_ESTATE, "%s: horizon T = %zu reached", nm, a->setup.T);
    if (pred && check_prediction(a, pred) != OCO_OK)
        return OCO_EINVAL;
    int rc = a->type->predict(a->state, pred, a->x);
    if (rc != OCO_OK)
        return rc;
    oco_copy(a->x, x, a->setup.d);
    a->predicted = 1;
    return OCO_OK;
}

static int check_linear(const oco_coco *a, const oco_coco_linear *fb)
{
    const char *nm = a->type->info.name;
    size_t d = a->setup.d, k = a->setup.k, t = a->round + 1;
    if (!fb->grad || !fb->g || !fb->J)
        return oco_set_error(OCO_EINVAL, "%s: feedback: NULL %s (round %zu)", nm,
                             !fb->grad ? "grad" : !fb->g ? "g" : "J", t);
    if (!oco_all_finite(fb->grad, d))
        return oco_set_error(OCO_EINVAL, "%s: cost gradient has a non-finite entry (round %zu)",
                             nm, t);
    if (!oco_all_finite(fb->g, k))
        return oco_set_error(OCO_EINVAL, "%s: constraint value has a non-finite entry "
                                         "(round %zu)", nm, t);
    if (!oco_all_finite(fb->J, k * d))
        return oco_set_error(OCO_EINVAL, "%s: constraint Jacobian has a non-finite entry "
                                         "(round %zu)", nm, t);
    if (isinf(fb->value))
        return oco_set_error(OCO_EINVAL, "%s: cost value is infinite (round %zu)", nm, t);
    return OCO_OK;
}

int oco_coco_update(oco_coco *a, const oco_coco_linear *fb)
{
    if (!a || !fb)
        return oco_set_error(OCO_EINVAL, "coco update: NULL %s", !a ? "algorithm" : "feedback");
    const char *nm = a->type->info.name;
    if (!a->predicted)
        return oco_set_error(OCO_ESTATE, "%s: update without predict (round %zu)", nm,
                             a->round + 1);
    if (a->type->update_oracle || (a->type->needs & OCO_COCO_NEEDS_FORM))
        return oco_set_error(OCO_EINVAL, "%s: needs the cost and constraint oracles "
                                         "(oco_coco_update_oracle), not linearised feedback", nm);
    int rc = check_linear(a, fb);
    if (rc == OCO_OK)
        rc = a->type->update(a->state, fb);
    if (rc != OCO_OK)
        return rc;
    a->predicted = 0;
    a->round++;
    return OCO_OK;
}

int oco_coco_update_oracle(oco_coco *a, oco_coco_feedback *fb)
{
    if (!a || !fb || !fb->cost || !fb->cons)
        return oco_set_error(OCO_EINVAL, "coco update: NULL %s",
                             !a ? "algorithm" : !fb ? "feedback" : !fb->cost ? "cost oracle"
                                                                             : "constraint oracle");
    const char *nm = a->type->info.name;
    size_t d = a->setup.d, k = a->setup.k, t = a->round + 1;
    if (!a->predicted)
        return oco_set_error(OCO_ESTATE, "%s: update without predict (round %zu)", nm, t);
    if (fb->cost->d != d)
        return oco_set_error(OCO_EINVAL, "%s: cost oracle dimension %zu, algorithm dimension %zu",
                             nm, fb->cost->d, d);
    if (fb->cons->d != d || fb->cons->k != k)
        return oco_set_error(OCO_EINVAL, "%s: constraint oracle has d = %zu, k = %zu; the "
                                         "algorithm d = %zu, k = %zu", nm, fb->cons->d,
                             fb->cons->k, d, k);
    if (fb->cons->form) {
        char what[96];
        snprintf(what, sizeof what, "%s: constraint form (round %zu)", nm, t);
        if (oco_quad_map_check(fb->cons->form, k, d, what) != OCO_OK)
            return OCO_EINVAL;
    } else if (a->type->needs & OCO_COCO_NEEDS_FORM) {
        return oco_set_error(OCO_EINVAL, "%s: needs the constraint functions in closed form "
                                         "(oco_cons_oracle.form); for oracle-only constraints "
                                         "use a linearised algorithm", nm);
    }
    int rc;
    if (a->type->update_oracle) {
        rc = a->type->update_oracle(a->state, fb);
    } else {
        oco_coco_linear lin = {a->grad, NAN, a->g, a->J};
        rc = oco_grad_oracle_eval(fb->cost, a->x, a->grad, &lin.value);
        if (rc == OCO_OK)
            rc = oco_cons_oracle_eval(fb->cons, a->x, a->g, a->J);
        if (rc == OCO_OK)
            rc = a->type->update(a->state, &lin);
    }
    if (rc != OCO_OK)
        return rc;
    a->predicted = 0;
    a->round++;
    return OCO_OK;
}

const oco_coco_type *oco_coco_get_type(const oco_coco *a) { return a ? a->type : NULL; }
const oco_coco_setup *oco_coco_get_setup(const oco_coco *a) { return a ? &a->setup : NULL; }
size_t oco_coco_dim(const oco_coco *a) { return a ? a->setup.d : 0; }
size_t oco_coco_nconstraints(const oco_coco *a) { return a ? a->setup.k : 0; }
size_t oco_coco_round(const oco_coco *a) { return a ? a->round : 0; }
const double *oco_coco_last_x(const oco_coco *a) { return a ? a->x : NULL; }

int oco_coco_multipliers(const oco_coco *a, double *lambda)
{
    if (!a || !lambda)
        return oco_set_error(OCO_EINVAL, "coco multipliers: NULL %s", !a ? "algorithm" : "lambda");
    if (!a->type->multipliers)
        return oco_set_error(OCO_EINVAL, "%s: has no multipliers", a->type->info.name);
    a->type->multipliers(a->state, lambda);
    return OCO_OK;
}

size_t oco_coco_memory(const oco_coco *a)
{
    if (!a)
        return 0;
    size_t m = sizeof *a + (2 * a->setup.d + a->setup.k + a->setup.k * a->setup.d) *
                               sizeof(double) + a->nparams * sizeof(oco_param);
    if (a->type->memory)
        m += a->type->memory(a->state);
    return m;
}

/* ---- checkpoint (state.h) ---------------------------------------------- */

static uint64_t fnv_bits(uint64_t h, double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    for (int i = 0; i < 8; ++i) {
        h ^= (b >> (8 * i)) & 0xffu;
        h *= 1099511628211u;
    }
    return h;
}

static uint64_t fnv_vec(uint64_t h, const double *v, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        h = fnv_bits(h, v[i]);
    return h;
}

static uint64_t bits_of(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* The domain is kept by pointer and has no public identity: fingerprint its
 * geometry by what the algorithms see of it — its centre, diameter and the
 * projections of (±1e100, ..., ±1e100), which are the box's bounds, the
 * ball's radius direction, the simplex's vertex sums. w: d scratch. */
static uint64_t domain_print(const oco_domain *dom, size_t d, double *w)
{
    uint64_t h = 14695981039346656037u;
    h = fnv_bits(h, (double)oco_domain_get_kind(dom));
    h = fnv_bits(h, oco_domain_diameter(dom));
    oco_domain_center(dom, w);
    h = fnv_vec(h, w, d);
    for (int s = -1; s <= 1; s += 2) {
        for (size_t i = 0; i < d; ++i)
            w[i] = s * 1e100;
        oco_domain_project(dom, w);
        h = fnv_vec(h, w, d);
    }
    return h;
}

static uint64_t quad_map_print(const oco_quad_map *q)
{
    if (!q)
        return 0;
    uint64_t h = 14695981039346656037u;
    h = fnv_bits(h, (double)q->m);
    h = fnv_bits(h, (double)q->d);
    h = fnv_vec(h, q->A, q->m * q->d);
    if (q->b)
        h = fnv_vec(h, q->b, q->m);
    if (q->P)
        h = fnv_vec(h, q->P, q->m * q->d * q->d);
    return h;
}

enum { COCO_NDIMS_FIXED = 15 };

/* dims (COCO_NDIMS_FIXED + k entries, malloc'd into *dims) and the head. */
static int coco_head(const oco_coco *a, uint64_t **dims, oco__state_head *h)
{
    const oco_coco_setup *s = &a->setup;
    uint64_t *v = malloc((COCO_NDIMS_FIXED + s->k) * sizeof *v);
    double *w = malloc(s->d * sizeof *w);
    if (!v || !w) {
        free(v);
        free(w);
        return oco_set_error(OCO_ENOMEM, "%s: out of memory", a->type->info.name);
    }
    v[0] = s->d;
    v[1] = s->k;
    v[2] = s->T;
    v[3] = a->type->needs;
    v[4] = (uint64_t)oco_domain_get_kind(s->domain);
    v[5] = domain_print(s->domain, s->d, w);
    v[6] = bits_of(s->G);
    v[7] = bits_of(s->L_g);
    v[8] = bits_of(s->g_max);
    v[9] = bits_of(s->F);
    v[10] = bits_of(s->D);
    v[11] = bits_of(s->alpha);
    v[12] = quad_map_print(s->fixed_cons);
    v[13] = s->rng != NULL;
    v[14] = a->type->info.flags;
    for (size_t j = 0; j < s->k; ++j)
        v[COCO_NDIMS_FIXED + j] = bits_of(s->budget ? s->budget[j] : 0.0);
    free(w);
    *dims = v;
    h->protocol = "coco";
    h->algorithm = a->type->info.name;
    h->dims = v;
    h->ndims = COCO_NDIMS_FIXED + s->k;
    h->params = a->params;
    h->nparams = a->nparams;
    return OCO_OK;
}

int oco_coco_save_state(const oco_coco *a, const char *path)
{
    if (!a || !path)
        return oco_set_error(OCO_EINVAL, "coco save state: NULL %s", !a ? "algorithm" : "path");
    const char *nm = a->type->info.name;
    if (!a->type->save || !a->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", nm);
    uint64_t *dims = NULL;
    oco__state_head h;
    int rc = coco_head(a, &dims, &h);
    if (rc != OCO_OK)
        return rc;
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_size(&w, a->round);
    oco_state_put_int(&w, a->predicted);
    oco_state_put_f64v(&w, a->x, a->setup.d);
    if (a->setup.rng)
        oco_state_put_rng(&w, a->setup.rng);
    rc = a->type->save(a->state, &w);
    if (rc == OCO_OK)
        rc = oco__state_save(path, &h, &w);
    oco__state_writer_free(&w);
    free(dims);
    return rc;
}

int oco_coco_restore_state(oco_coco *a, const char *path)
{
    if (!a || !path)
        return oco_set_error(OCO_EINVAL, "coco restore state: NULL %s",
                             !a ? "algorithm" : "path");
    const char *nm = a->type->info.name;
    if (!a->type->save || !a->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", nm);
    uint64_t *dims = NULL;
    oco__state_head h;
    int rc = coco_head(a, &dims, &h);
    if (rc != OCO_OK)
        return rc;
    unsigned char *buf = NULL;
    oco_state_reader r;
    rc = oco__state_load(path, &h, &buf, &r);
    free(dims);
    if (rc != OCO_OK)
        return rc;
    void *st = a->type->create(&a->setup, a->params, a->nparams);
    double *x = malloc(a->setup.d * sizeof *x);
    if (!st || !x) {
        if (st)
            a->type->destroy(st);
        free(x);
        free(buf);
        return st ? oco_set_error(OCO_ENOMEM, "%s: out of memory", nm)
                  : (oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM);
    }
    size_t round = 0;
    int predicted = 0;
    oco_rng rng;
    memset(&rng, 0, sizeof rng);
    rc = oco_state_get_size(&r, &round);
    if (rc == OCO_OK)
        rc = oco_state_get_int(&r, &predicted);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(&r, x, a->setup.d);
    if (rc == OCO_OK && a->setup.rng)
        rc = oco_state_get_rng(&r, &rng);
    if (rc == OCO_OK)
        rc = a->type->restore(st, &r);
    if (rc == OCO_OK)
        rc = oco__state_reader_done(&r);
    if (rc == OCO_OK && (predicted != 0 && predicted != 1))
        rc = oco_set_error(OCO_EINVAL, "%s: state file '%s' has an invalid pending predict", nm,
                           path);
    if (rc == OCO_OK && !(a->type->info.flags & OCO_ALGO_ANYTIME) &&
        round + (size_t)predicted > a->setup.T)
        rc = oco_set_error(OCO_EINVAL, "%s: state file '%s' is past the horizon T = %zu", nm,
                           path, a->setup.T);
    free(buf);
    if (rc != OCO_OK) {
        a->type->destroy(st);
        free(x);
        return rc;
    }
    a->type->destroy(a->state);
    a->state = st;
    oco_copy(x, a->x, a->setup.d);
    free(x);
    a->round = round;
    a->predicted = predicted;
    if (a->setup.rng)
        *a->setup.rng = rng;
    return OCO_OK;
}
