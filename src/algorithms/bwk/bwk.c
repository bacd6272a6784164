/* The bandits-with-knapsacks wrapper (include/oco/bwk.h): validates at the
 * API boundary, enforces pull → update alternation, checks the algorithm's
 * distribution p̃_t and draws I_t ~ p̃_t by inverse CDF with the caller's
 * oco_rng. The wrapper does the sampling so that every algorithm is a
 * deterministic map from the observed history to p̃_t (bwk.h). It owns p̃_t
 * (allocated in new), so the per-round calls allocate nothing. */
#include "oco/bwk.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"
#include "core/params_internal.h"
#include "core/state_io.h"

struct oco_bwk {
    const oco_bwk_type *type;
    void *state;
    oco_bwk_setup setup;
    oco_param *params; /* copy (keys = the spec's names), for reset */
    size_t nparams;
    size_t round;      /* completed updates */
    int pulled;        /* a pull awaits its update */
    int have_p;        /* p holds the distribution of a pull */
    size_t arm;        /* I_t of the pending pull */
    double consumption; /* Σ_s c_{s,I_s} */
    double *p;         /* p̃_t of the last pull (K) */
};

/* The sum of a valid distribution may be off by rounding; beyond this the
 * algorithm is wrong (bwk.h: "sums to 1 within 1e-9"). */
#define OCO__BWK_SUM_TOL 1e-9

oco_bwk_setup oco_bwk_setup_default(void)
{
    oco_bwk_setup s;
    memset(&s, 0, sizeof s);
    return s;
}

static int check_all(const oco_bwk_type *type, const oco_bwk_setup *s, const oco_param *params,
                     size_t nparams)
{
    if (!type)
        return oco_set_error(OCO_EINVAL, "bwk: type is NULL");
    if (type->info.protocol != OCO_PROTOCOL_BWK)
        return oco_set_error(OCO_EINVAL, "bwk: '%s' is not a bwk algorithm",
                             type->info.name ? type->info.name : "(null)");
    const char *nm = type->info.name;
    if (!s)
        return oco_set_error(OCO_EINVAL, "%s: setup is NULL", nm);
    if (s->K < 2)
        return oco_set_error(OCO_EINVAL, "%s: setup.K (number of arms) must be >= 2 (got %zu)",
                             nm, s->K);
    if (!(type->info.flags & OCO_ALGO_ANYTIME) && s->T == 0)
        return oco_set_error(OCO_EINVAL, "%s: needs the horizon: setup.T must be > 0", nm);
    if (!(isfinite(s->budget) && s->budget >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.budget must be finite and >= 0 (got %g)", nm,
                             s->budget);
    if (!s->rng)
        return oco_set_error(OCO_EINVAL, "%s: setup.rng is NULL (the wrapper draws I_t with it)",
                             nm);
    if (nparams && !params)
        return oco_set_error(OCO_EINVAL, "%s: params is NULL but nparams = %zu", nm, nparams);
    if (oco_algo_check_params(&type->info, params, nparams) != OCO_OK)
        return OCO_EINVAL;
    return type->check ? type->check(s, params, nparams) : OCO_OK;
}

int oco_bwk_check(const oco_bwk_type *type, const oco_bwk_setup *setup, const oco_param *params,
                  size_t nparams)
{
    return check_all(type, setup, params, nparams);
}

oco_bwk *oco_bwk_new(const oco_bwk_type *type, const oco_bwk_setup *setup,
                     const oco_param *params, size_t nparams)
{
    if (check_all(type, setup, params, nparams) != OCO_OK)
        return NULL;
    const char *nm = type->info.name;
    oco_bwk *a = calloc(1, sizeof *a);
    int failed = 0;
    if (a)
        a->params = oco__params_copy(type->info.params, type->info.nparams, params, nparams,
                                     &failed);
    if (a && !failed)
        a->p = calloc(setup->K, sizeof *a->p);
    if (!a || !a->p) {
        if (a)
            free(a->params);
        free(a);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    a->type = type;
    a->setup = *setup;
    a->nparams = nparams;
    a->state = type->create(&a->setup, a->params, a->nparams);
    if (!a->state) {
        free(a->params);
        free(a->p);
        free(a);
        return NULL;
    }
    return a;
}

void oco_bwk_free(oco_bwk *a)
{
    if (!a)
        return;
    a->type->destroy(a->state);
    free(a->params);
    free(a->p);
    free(a);
}

int oco_bwk_reset(oco_bwk *a)
{
    if (!a)
        return oco_set_error(OCO_EINVAL, "bwk reset: algorithm is NULL");
    if (a->type->reset) {
        int rc = a->type->reset(a->state);
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
    a->pulled = a->have_p = 0;
    a->consumption = 0;
    return OCO_OK;
}

/* I_t = the first i with u < Σ_{j<=i} p_j, u uniform on [0, 1) scaled by the
 * computed total, so rounding in the sum cannot push u past the last arm.
 * An arm with p_i = 0 is never drawn: u < cum_i needs cum_i > cum_{i−1}. */
static size_t draw(oco_rng *rng, const double *p, size_t K, double total)
{
    const double u = oco_rng_uniform(rng) * total;
    double cum = 0;
    size_t last = 0;
    for (size_t i = 0; i < K; ++i) {
        if (p[i] <= 0)
            continue;
        cum += p[i];
        last = i;
        if (u < cum)
            return i;
    }
    return last; /* u ≥ the recomputed cum only through rounding */
}

int oco_bwk_pull(oco_bwk *a, size_t *arm)
{
    if (!a || !arm)
        return oco_set_error(OCO_EINVAL, "bwk pull: NULL %s", !a ? "algorithm" : "arm");
    const char *nm = a->type->info.name;
    if (a->pulled)
        return oco_set_error(OCO_ESTATE, "%s: pull called twice without update (round %zu)", nm,
                             a->round + 1);
    if (!(a->type->info.flags & OCO_ALGO_ANYTIME) && a->round >= a->setup.T)
        return oco_set_error(OCO_ESTATE, "%s: horizon T = %zu reached", nm, a->setup.T);
    const size_t K = a->setup.K;
    int rc = a->type->distribution(a->state, a->p);
    if (rc != OCO_OK) {
        a->have_p = 0;
        return rc;
    }
    double total = 0;
    for (size_t i = 0; i < K; ++i) {
        if (!(isfinite(a->p[i]) && a->p[i] >= 0)) {
            a->have_p = 0;
            return oco_set_error(OCO_ESOLVER, "%s: distribution entry %zu is %g (round %zu)", nm,
                                 i, a->p[i], a->round + 1);
        }
        total += a->p[i];
    }
    if (!(fabs(total - 1.0) <= OCO__BWK_SUM_TOL)) {
        a->have_p = 0;
        return oco_set_error(OCO_ESOLVER, "%s: distribution sums to %.17g, not 1 (round %zu)",
                             nm, total, a->round + 1);
    }
    a->arm = draw(a->setup.rng, a->p, K, total);
    a->pulled = a->have_p = 1;
    *arm = a->arm;
    return OCO_OK;
}

int oco_bwk_update(oco_bwk *a, double loss, double cost)
{
    if (!a)
        return oco_set_error(OCO_EINVAL, "bwk update: algorithm is NULL");
    const char *nm = a->type->info.name;
    if (!a->pulled)
        return oco_set_error(OCO_ESTATE, "%s: update without pull (round %zu)", nm, a->round + 1);
    if (!(isfinite(loss) && loss >= 0 && loss <= 1))
        return oco_set_error(OCO_EINVAL, "%s: loss must be in [0, 1] (got %g, round %zu)", nm,
                             loss, a->round + 1);
    if (!(isfinite(cost) && cost >= 0 && cost <= 1))
        return oco_set_error(OCO_EINVAL, "%s: cost must be in [0, 1] (got %g, round %zu)", nm,
                             cost, a->round + 1);
    int rc = a->type->update(a->state, a->arm, a->p[a->arm], loss, cost);
    if (rc != OCO_OK)
        return rc;
    a->pulled = 0;
    a->round++;
    a->consumption += cost;
    return OCO_OK;
}

int oco_bwk_last_distribution(const oco_bwk *a, double *p)
{
    if (!a || !p)
        return oco_set_error(OCO_EINVAL, "bwk last distribution: NULL %s",
                             !a ? "algorithm" : "p");
    if (!a->have_p)
        return oco_set_error(OCO_ESTATE, "%s: no distribution before the first pull",
                             a->type->info.name);
    memcpy(p, a->p, a->setup.K * sizeof *p);
    return OCO_OK;
}

double oco_bwk_multiplier(const oco_bwk *a)
{
    return a && a->type->multiplier ? a->type->multiplier(a->state) : NAN;
}

const oco_bwk_type *oco_bwk_get_type(const oco_bwk *a) { return a ? a->type : NULL; }
const oco_bwk_setup *oco_bwk_get_setup(const oco_bwk *a) { return a ? &a->setup : NULL; }
size_t oco_bwk_round(const oco_bwk *a) { return a ? a->round : 0; }
double oco_bwk_consumption(const oco_bwk *a) { return a ? a->consumption : 0; }

size_t oco_bwk_memory(const oco_bwk *a)
{
    if (!a)
        return 0;
    size_t m = sizeof *a + a->setup.K * sizeof(double) + a->nparams * sizeof(oco_param);
    if (a->type->memory)
        m += a->type->memory(a->state);
    return m;
}

const oco_bwk_type *oco_bwk_type_from_info(const oco_algo_info *info)
{
    if (!info || info->protocol != OCO_PROTOCOL_BWK) {
        oco_set_error(OCO_EINVAL, "'%s' is not a bwk algorithm", info ? info->name : "(null)");
        return NULL;
    }
    return (const oco_bwk_type *)(const void *)info; /* info is the first member */
}

const oco_bwk_type *oco_bwk_find(const char *name)
{
    const oco_algo_info *info = oco_algo_find(name, OCO_PROTOCOL_BWK);
    return info ? oco_bwk_type_from_info(info) : NULL;
}

/* ---- checkpoint (state.h) ---------------------------------------------- */

static void bwk_head(const oco_bwk *a, uint64_t dims[3], oco__state_head *h)
{
    uint64_t bits;
    memcpy(&bits, &a->setup.budget, sizeof bits);
    dims[0] = a->setup.K;
    dims[1] = a->setup.T;
    dims[2] = bits;
    h->protocol = "bwk";
    h->algorithm = a->type->info.name;
    h->dims = dims;
    h->ndims = 3;
    h->params = a->params;
    h->nparams = a->nparams;
}

int oco_bwk_save_state(const oco_bwk *a, const char *path)
{
    if (!a || !path)
        return oco_set_error(OCO_EINVAL, "bwk save state: NULL %s", !a ? "algorithm" : "path");
    const char *nm = a->type->info.name;
    if (!a->type->save || !a->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", nm);
    uint64_t dims[3];
    oco__state_head h;
    bwk_head(a, dims, &h);
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_size(&w, a->round);
    oco_state_put_int(&w, a->pulled);
    oco_state_put_int(&w, a->have_p);
    oco_state_put_size(&w, a->arm);
    oco_state_put_f64(&w, a->consumption);
    oco_state_put_f64v(&w, a->p, a->setup.K);
    oco_state_put_rng(&w, a->setup.rng);
    int rc = a->type->save(a->state, &w);
    if (rc == OCO_OK)
        rc = oco__state_save(path, &h, &w);
    oco__state_writer_free(&w);
    return rc;
}

int oco_bwk_restore_state(oco_bwk *a, const char *path)
{
    if (!a || !path)
        return oco_set_error(OCO_EINVAL, "bwk restore state: NULL %s",
                             !a ? "algorithm" : "path");
    const char *nm = a->type->info.name;
    if (!a->type->save || !a->type->restore)
        return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", nm);
    uint64_t dims[3];
    oco__state_head h;
    bwk_head(a, dims, &h);
    unsigned char *buf = NULL;
    oco_state_reader r;
    int rc = oco__state_load(path, &h, &buf, &r);
    if (rc != OCO_OK)
        return rc;
    void *st = a->type->create(&a->setup, a->params, a->nparams);
    double *p = calloc(a->setup.K, sizeof *p);
    if (!st || !p) {
        if (st)
            a->type->destroy(st);
        free(p);
        free(buf);
        return st ? oco_set_error(OCO_ENOMEM, "%s: out of memory", nm)
                  : (oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM);
    }
    size_t round = 0, arm = 0;
    int pulled = 0, have_p = 0;
    double consumption = 0;
    oco_rng rng;
    rc = oco_state_get_size(&r, &round);
    if (rc == OCO_OK)
        rc = oco_state_get_int(&r, &pulled);
    if (rc == OCO_OK)
        rc = oco_state_get_int(&r, &have_p);
    if (rc == OCO_OK)
        rc = oco_state_get_size(&r, &arm);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(&r, &consumption);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(&r, p, a->setup.K);
    if (rc == OCO_OK)
        rc = oco_state_get_rng(&r, &rng);
    if (rc == OCO_OK)
        rc = a->type->restore(st, &r);
    if (rc == OCO_OK)
        rc = oco__state_reader_done(&r);
    if (rc == OCO_OK && (arm >= a->setup.K || (pulled != 0 && pulled != 1) ||
                         (have_p != 0 && have_p != 1)))
        rc = oco_set_error(OCO_EINVAL, "%s: state file '%s' has an invalid pending pull", nm,
                           path);
    free(buf);
    if (rc != OCO_OK) {
        a->type->destroy(st);
        free(p);
        return rc;
    }
    a->type->destroy(a->state);
    a->state = st;
    free(a->p);
    a->p = p;
    a->round = round;
    a->pulled = pulled;
    a->have_p = have_p;
    a->arm = arm;
    a->consumption = consumption;
    *a->setup.rng = rng;
    return OCO_OK;
}
