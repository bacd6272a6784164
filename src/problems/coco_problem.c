/* The constrained-OCO problem object (include/oco/coco_problem.h): one
 * allocation of buffers at creation, rewind/next that replay the rounds from
 * the seed (the generators are in coco_gen.c, the CSV reader in coco_csv.c),
 * the closed forms and counting oracles bound to the current round. next
 * allocates nothing: it overwrites the current-round buffers in place, and
 * the oco_quad_map structs keep pointing at them. */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problems/coco_problem_impl.h"
#include "problems/coco_worked.h"
#include "solvers/qp_domain.h"

static const char *const kind_names[] = {"llp-exp1", "llp-exp2", "linear", "quadratic",
                                         "quadratic-constraints", "resource", "data",
                                         "vertex-cover", "dr-submodular", "phase-retrieval"};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

const char *oco_coco_problem_kind_name(oco_coco_problem_kind kind)
{
    return (size_t)kind < NKINDS ? kind_names[kind] : "unknown";
}

int oco_coco_problem_kind_parse(const char *name, oco_coco_problem_kind *kind)
{
    if (!name || !kind)
        return oco_set_error(OCO_EINVAL, "coco problem: NULL %s", !name ? "name" : "kind");
    for (size_t i = 0; i < NKINDS; ++i)
        if (strcmp(name, kind_names[i]) == 0) {
            *kind = (oco_coco_problem_kind)i;
            return OCO_OK;
        }
    return oco_set_error(OCO_ENOTFOUND,
                         "unknown coco problem '%s' (known: llp-exp1, llp-exp2, linear, "
                         "quadratic, quadratic-constraints, resource, data, vertex-cover, "
                         "dr-submodular, phase-retrieval)", name);
}

oco_coco_problem_opts oco_coco_problem_opts_default(void)
{
    oco_coco_problem_opts o;
    memset(&o, 0, sizeof o);
    o.kind = OCO_COCO_PROBLEM_LINEAR;
    o.d = 2;
    o.k = 0;
    o.T = 1000;
    o.seed = 1;
    return o;
}

const char *oco_coco_benchmark_name(oco_coco_benchmark b)
{
    return b == OCO_COCO_BENCH_PER_ROUND ? "per-round"
           : b == OCO_COCO_BENCH_LONG_TERM ? "long-term" : "unknown";
}

int oco_coco_benchmark_parse(const char *name, oco_coco_benchmark *b)
{
    if (!name || !b)
        return oco_set_error(OCO_EINVAL, "coco benchmark: NULL %s", !name ? "name" : "b");
    if (strcmp(name, "per-round") == 0)
        *b = OCO_COCO_BENCH_PER_ROUND;
    else if (strcmp(name, "long-term") == 0)
        *b = OCO_COCO_BENCH_LONG_TERM;
    else
        return oco_set_error(OCO_ENOTFOUND,
                             "unknown coco benchmark '%s' (known: per-round, long-term)", name);
    return OCO_OK;
}

oco_coco_problem *oco__coco_problem_alloc(oco_coco_problem_kind kind, size_t d, size_t k,
                                          size_t T, const oco_domain *dom, int quad, int qcons)
{
    const char *nm = oco_coco_problem_kind_name(kind);
    if (d == 0 || k == 0 || T == 0) {
        oco_set_error(OCO_EINVAL, "coco problem %s: d, k and T must be > 0 (d = %zu, k = %zu, "
                                  "T = %zu)", nm, d, k, T);
        return NULL;
    }
    if (!dom) {
        oco_set_error(OCO_EINVAL, "coco problem %s: domain is NULL", nm);
        return NULL;
    }
    if (oco_domain_dim(dom) != d) {
        oco_set_error(OCO_EINVAL, "coco problem %s: domain has dimension %zu, problem d = %zu",
                      nm, oco_domain_dim(dom), d);
        return NULL;
    }
    oco_domain_kind dk = oco_domain_get_kind(dom);
    if (dk != OCO_DOMAIN_BOX && dk != OCO_DOMAIN_BALL) {
        oco_set_error(OCO_EINVAL, "coco problem %s: the domain must be a box or a ball", nm);
        return NULL;
    }
    if (!isfinite(oco_domain_diameter(dom))) {
        oco_set_error(OCO_EINVAL, "coco problem %s: the domain must be bounded", nm);
        return NULL;
    }
    if (qcons && k > SIZE_MAX / d / d / sizeof(double)) {
        oco_set_error(OCO_EINVAL, "coco problem %s: k·d·d too large", nm);
        return NULL;
    }
    oco_coco_problem *p = calloc(1, sizeof *p);
    size_t n = d /* center */ + 2 * d /* lo, hi */ + (quad ? d * d : 0) + d /* fA */ +
               (qcons ? k * d * d : 0) + k * d + k /* gP gA gb */ + k /* rho */ +
               d /* tmp */ + k * d + k /* fixA fixb */ + d /* xfeas */ + d /* dir */;
    double *buf = p ? calloc(n, sizeof *buf) : NULL;
    if (!buf) {
        free(p);
        oco_set_error(OCO_ENOMEM, "coco problem %s: out of memory", nm);
        return NULL;
    }
    p->kind = kind;
    p->d = d;
    p->k = k;
    p->T = T;
    p->dom = dom;
    p->center = buf;
    double *q = buf + d;
    if (dk == OCO_DOMAIN_BOX) {
        p->lo = q;
        p->hi = q + d;
    }
    q += 2 * d;
    if (quad) {
        p->fP = q;
        q += d * d;
    }
    p->fA = q;
    q += d;
    if (qcons) {
        p->gP = q;
        q += k * d * d;
    }
    p->gA = q;
    q += k * d;
    p->gb = q;
    q += k;
    p->rho = q;
    q += k;
    p->tmp = q;
    q += d;
    p->fixA = q;
    q += k * d;
    p->fixb = q;
    q += k;
    p->xfeas = q;
    q += d;
    p->dir = q;
    double R = 0;
    if (oco__qpd_domain_geometry(dom, p->center, &R, p->lo, p->hi, NULL) != OCO_OK) {
        free(buf);
        free(p);
        return NULL;
    }
    p->RX = dk == OCO_DOMAIN_BALL ? R : 0.5 * oco_domain_diameter(dom);
    p->cost = (oco_quad_map){1, d, p->fP, p->fA, &p->fb};
    p->cons = (oco_quad_map){k, d, p->gP, p->gA, p->gb};
    p->linear = !quad && !qcons;
    return p;
}

oco_coco_problem *oco_coco_problem_new(const oco_coco_problem_opts *opts, const oco_domain *dom)
{
    if (!opts) {
        oco_set_error(OCO_EINVAL, "coco problem: opts is NULL");
        return NULL;
    }
    oco_coco_problem_kind kind = opts->kind;
    if ((size_t)kind >= NKINDS) {
        oco_set_error(OCO_EINVAL, "coco problem: unknown kind %d", (int)kind);
        return NULL;
    }
    if (kind == OCO_COCO_PROBLEM_DATA) {
        oco_set_error(OCO_EINVAL, "coco problem: 'data' problems come from a file "
                                  "(oco_coco_problem_from_csv)");
        return NULL;
    }
    const char *nm = kind_names[kind];
    const oco__worked_ops *wops = oco__coco_worked_ops(kind);
    if (wops && wops->check(opts, dom) != OCO_OK)
        return NULL;
    size_t k = opts->k ? opts->k : kind == OCO_COCO_PROBLEM_RESOURCE ? 2 : 1;
    if (kind == OCO_COCO_PROBLEM_LLP_EXP1 || kind == OCO_COCO_PROBLEM_LLP_EXP2) {
        /* the llp_sarkar.md A.7 stand-ins are 1-D with one constraint on [0, 1] */
        if (opts->d != 1 || k != 1) {
            oco_set_error(OCO_EINVAL, "coco problem %s: the stand-in of llp_sarkar.md A.7 has "
                                      "d = k = 1 (got d = %zu, k = %zu)", nm, opts->d, k);
            return NULL;
        }
        double lo = 0, hi = 0;
        if (!dom || oco_domain_get_kind(dom) != OCO_DOMAIN_BOX || oco_domain_dim(dom) != 1 ||
            (oco__qpd_domain_geometry(dom, NULL, NULL, &lo, &hi, NULL), lo != 0 || hi != 1)) {
            oco_set_error(OCO_EINVAL, "coco problem %s: the stand-in of llp_sarkar.md A.7 lives "
                                      "on the box [0, 1] (domain box:0,1)", nm);
            return NULL;
        }
    }
    if (kind == OCO_COCO_PROBLEM_RESOURCE) {
        int ok = dom && oco_domain_get_kind(dom) == OCO_DOMAIN_BOX && oco_domain_dim(dom) == opts->d;
        if (ok) {
            double *lh = malloc(2 * opts->d * sizeof *lh);
            if (!lh) {
                oco_set_error(OCO_ENOMEM, "coco problem %s: out of memory", nm);
                return NULL;
            }
            oco__qpd_domain_geometry(dom, NULL, NULL, lh, lh + opts->d, NULL);
            for (size_t i = 0; i < opts->d; ++i)
                ok &= lh[i] == 0 && lh[opts->d + i] == 1;
            free(lh);
        }
        if (!ok) {
            oco_set_error(OCO_EINVAL, "coco problem %s: allocations live in [0, 1]^d (domain "
                                      "box:0,1 of dimension d = %zu)", nm, opts->d);
            return NULL;
        }
    }
    int quad = kind != OCO_COCO_PROBLEM_LINEAR && kind != OCO_COCO_PROBLEM_RESOURCE && !wops;
    int qcons = kind == OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS ||
                kind == OCO_COCO_PROBLEM_PHASE_RETRIEVAL;
    oco_coco_problem *p = oco__coco_problem_alloc(kind, opts->d, k, opts->T, dom, quad, qcons);
    if (!p)
        return NULL;
    p->seed = opts->seed;
    p->label = malloc(strlen(nm) + 1);
    if (!p->label) {
        oco_coco_problem_free(p);
        oco_set_error(OCO_ENOMEM, "coco problem %s: out of memory", nm);
        return NULL;
    }
    strcpy(p->label, nm);
    p->wops = wops;
    if ((wops ? wops->init(p) : oco__coco_gen_init(p)) != OCO_OK) {
        oco_coco_problem_free(p);
        return NULL;
    }
    oco_coco_problem_rewind(p);
    return p;
}

void oco_coco_problem_free(oco_coco_problem *p)
{
    if (!p)
        return;
    oco__coco_worked_free(p->wk);
    free(p->center);
    free(p->rows);
    free(p->label);
    free(p);
}

size_t oco_coco_problem_dim(const oco_coco_problem *p) { return p ? p->d : 0; }
size_t oco_coco_problem_nconstraints(const oco_coco_problem *p) { return p ? p->k : 0; }
size_t oco_coco_problem_horizon(const oco_coco_problem *p) { return p ? p->T : 0; }
const oco_domain *oco_coco_problem_domain(const oco_coco_problem *p) { return p ? p->dom : NULL; }
const oco_coco_problem_info *oco_coco_problem_get_info(const oco_coco_problem *p)
{
    return p ? &p->info : NULL;
}
const char *oco_coco_problem_label(const oco_coco_problem *p) { return p ? p->label : NULL; }
int oco_coco_problem_is_linear(const oco_coco_problem *p) { return p ? p->linear : 0; }
size_t oco_coco_problem_round(const oco_coco_problem *p) { return p ? p->round : 0; }

void oco_coco_problem_rewind(oco_coco_problem *p)
{
    if (!p)
        return;
    p->round = 0;
    oco_rng_seed(&p->rng, p->seed, 0);
    oco_rng_seed(&p->orng, p->seed, 2);
}

int oco_coco_problem_next(oco_coco_problem *p)
{
    if (!p)
        return oco_set_error(OCO_EINVAL, "coco problem next: problem is NULL");
    if (p->round >= p->T)
        return oco_set_error(OCO_ESTATE, "coco problem %s: all T = %zu rounds played (rewind "
                                         "to replay)", p->label, p->T);
    if (p->kind == OCO_COCO_PROBLEM_DATA) {
        const size_t d = p->d, k = p->k;
        const double *row = p->rows + p->round * (d + k * (d + 1));
        memcpy(p->fA, row, d * sizeof *row);
        for (size_t j = 0; j < k; ++j) {
            const double *r = row + d + j * (d + 1);
            memcpy(p->gA + j * d, r, d * sizeof *r);
            p->gb[j] = r[d];
        }
    } else if (p->wops) {
        p->wops->round(p);
    } else {
        oco__coco_gen_round(p);
    }
    p->round++;
    return OCO_OK;
}

/* NULL for the worked classes: their cost is no quadratic (the oracle only) */
const oco_quad_map *oco_coco_problem_cost(const oco_coco_problem *p)
{
    return p && !p->wops ? &p->cost : NULL;
}
const oco_quad_map *oco_coco_problem_cons(const oco_coco_problem *p) { return p ? &p->cons : NULL; }

/* ∇f_t(x) = A + Px and f_t(x), from the closed form of the current round;
 * the worked classes: f_t(x) and a generalized subgradient (coco_worked.h). */
static int cost_fn(void *ctx, const double *x, double *g, double *value)
{
    oco_coco_problem *p = ctx;
    if (p->wops)
        p->wops->eval(p, x, value, g);
    else
        oco_quad_map_eval(&p->cost, x, value, g);
    return OCO_OK;
}

oco_grad_oracle oco_coco_problem_cost_oracle(oco_coco_problem *p)
{
    oco_grad_oracle o = {cost_fn, p, p ? p->d : 0, 0};
    return o;
}

oco_cons_oracle oco_coco_problem_cons_oracle(oco_coco_problem *p)
{
    if (!p) {
        oco_cons_oracle o;
        memset(&o, 0, sizeof o);
        return o;
    }
    return oco_cons_oracle_from_form(&p->cons);
}
