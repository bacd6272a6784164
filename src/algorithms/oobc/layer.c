/* The layer of seed 000 eq. (4) for any OOBC class (layer.h): the class's
 * closed form, or the dense interior-point layer (src/solvers/oobc_layer.h)
 * through adapters of the class's callbacks. */
#include "algorithms/oobc/layer.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solvers/oobc_layer.h"

/* Bisection steps of the feasibility repair: 2^-60 of the segment is below
 * any rounding that could have caused the violation. */
#define OCO__LWS_REPAIR_STEPS 60
/* Room b_eff − g(x_safe) at or below this fraction of (1 + |b_eff|) counts as
 * an exhausted resource (measured: the solver fails at room ~1e-22 on
 * multi-budget; obase's baselines use 1e-12·B for the same reason). */
#define OCO__LWS_EXHAUSTED 1e-12

struct oco__oobc_lws {
    const oco_oobc_class *cls;
    oco_oobc_layer *ipm;  /* M budget constraints (NULL with a closed form) */
    oco_oobc_layer *ipm0; /* no budget constraint: objective l + λᵀg */
    const double *c;      /* the context of the current solve */
    const double *lambda; /* ... and its multiplier (ipm0's objective) */
    double *g, *jac, *hess; /* cls->use outputs: M, M·d, M·d·d */
    double *xc;           /* the point g/jac/hess were evaluated at */
    int have;             /* xc valid */
    double *lg, *lh;      /* loss gradient and Hessian scratch for ipm0: d, d·d */
    double *xs;           /* repair scratch: d */
    size_t bytes;
};

static int use_at(oco__oobc_lws *w, const double *x)
{
    const size_t d = w->cls->d;
    if (w->have && memcmp(w->xc, x, d * sizeof *x) == 0)
        return 0;
    w->have = 0;
    int rc = w->cls->use(w->cls, w->c, x, w->g, w->jac, w->hess);
    if (rc)
        return rc;
    memcpy(w->xc, x, d * sizeof *x);
    w->have = 1;
    return 0;
}

/* ipm: l alone (λ enters through the solver's λᵀg). */
static int obj_plain(void *ctx, const double *x, double *f, double *grad, double *hess)
{
    const oco__oobc_lws *w = ctx;
    return w->cls->loss(w->cls, w->c, x, f, grad, hess);
}

static int con(void *ctx, size_t m, const double *x, double *g, double *grad, double *hess)
{
    oco__oobc_lws *w = ctx;
    const size_t d = w->cls->d;
    int rc = use_at(w, x);
    if (rc)
        return rc;
    *g = w->g[m];
    if (grad)
        memcpy(grad, w->jac + m * d, d * sizeof *grad);
    if (hess)
        memcpy(hess, w->hess + m * d * d, d * d * sizeof *hess);
    return 0;
}

/* ipm0: l + λᵀg, the Lagrangian the budget-free decision minimises (§2.5). */
static int obj_lagrangian(void *ctx, const double *x, double *f, double *grad, double *hess)
{
    oco__oobc_lws *w = ctx;
    const size_t d = w->cls->d, M = w->cls->M;
    int rc = w->cls->loss(w->cls, w->c, x, f, grad, hess);
    if (!rc)
        rc = use_at(w, x);
    if (rc)
        return rc;
    for (size_t m = 0; m < M; ++m) {
        const double lm = w->lambda[m];
        if (lm == 0)
            continue;
        *f += lm * w->g[m];
        if (grad)
            for (size_t j = 0; j < d; ++j)
                grad[j] += lm * w->jac[m * d + j];
        if (hess)
            for (size_t k = 0; k < d * d; ++k)
                hess[k] += lm * w->hess[m * d * d + k];
    }
    return 0;
}

oco__oobc_lws *oco__oobc_lws_new(const oco_oobc_class *cls)
{
    if (oco_oobc_class_check(cls))
        return NULL;
    const size_t d = cls->d, M = cls->M;
    oco__oobc_lws *w = calloc(1, sizeof *w);
    if (!w)
        goto nomem;
    w->cls = cls;
    w->g = calloc(M, sizeof *w->g);
    w->jac = calloc(M * d, sizeof *w->jac);
    w->hess = calloc(M * d * d, sizeof *w->hess);
    w->xc = calloc(d, sizeof *w->xc);
    w->lg = calloc(d, sizeof *w->lg);
    w->lh = calloc(d * d, sizeof *w->lh);
    w->xs = calloc(d, sizeof *w->xs);
    if (!w->g || !w->jac || !w->hess || !w->xc || !w->lg || !w->lh || !w->xs)
        goto nomem;
    w->bytes = sizeof *w + (M + M * d + M * d * d + 3 * d + d * d) * sizeof(double);
    if (!cls->layer) {
        w->ipm = oco__oobc_layer_new(d, M);
        w->ipm0 = w->ipm ? oco__oobc_layer_new(d, 0) : NULL;
        if (!w->ipm || !w->ipm0) {
            oco__oobc_lws_free(w);
            return NULL;
        }
        /* the solver's own arrays: Newton and KKT systems of size d + M */
        w->bytes += 2 * (d + M) * (d + M) * 4 * sizeof(double);
    }
    return w;
nomem:
    oco__oobc_lws_free(w);
    oco_set_error(OCO_ENOMEM, "oobc layer: out of memory");
    return NULL;
}

void oco__oobc_lws_free(oco__oobc_lws *w)
{
    if (!w)
        return;
    oco__oobc_layer_free(w->ipm);
    oco__oobc_layer_free(w->ipm0);
    free(w->g);
    free(w->jac);
    free(w->hess);
    free(w->xc);
    free(w->lg);
    free(w->lh);
    free(w->xs);
    free(w);
}

size_t oco__oobc_lws_memory(const oco__oobc_lws *w) { return w ? w->bytes : 0; }

static int feasible(oco__oobc_lws *w, const double *x, const double *b_eff, int *ok)
{
    int rc = use_at(w, x);
    if (rc)
        return rc;
    *ok = 1;
    for (size_t m = 0; m < w->cls->M; ++m)
        if (!(w->g[m] <= b_eff[m]))
            *ok = 0;
    return 0;
}

/* Pull x toward x_safe until g(x) <= b_eff (layer.h: feasibility repair). */
static int repair(oco__oobc_lws *w, const double *b_eff, double *x)
{
    const size_t d = w->cls->d;
    const double *xs = w->cls->x_safe;
    double lo = 0, hi = 1; /* s = lo feasible, s = hi not */
    int ok = 0, rc;
    for (int it = 0; it < OCO__LWS_REPAIR_STEPS; ++it) {
        const double s = 0.5 * (lo + hi);
        for (size_t j = 0; j < d; ++j)
            w->xs[j] = xs[j] + s * (x[j] - xs[j]);
        if ((rc = feasible(w, w->xs, b_eff, &ok)))
            return rc;
        if (ok)
            lo = s;
        else
            hi = s;
    }
    for (size_t j = 0; j < d; ++j)
        x[j] = xs[j] + lo * (x[j] - xs[j]);
    return 0;
}

int oco__oobc_lws_solve(oco__oobc_lws *w, const double *c, const double *lambda,
                        const double *b_eff, const double *x_start, double *x, double *dx_dlam,
                        double *dx_db)
{
    if (!w || !c || !lambda || !b_eff || !x)
        return oco_set_error(OCO_EINVAL, "oobc layer: NULL argument");
    const oco_oobc_class *cls = w->cls;
    const size_t d = cls->d, M = cls->M;
    size_t ninf = 0;
    for (size_t m = 0; m < M; ++m) {
        if (!(isfinite(lambda[m]) && lambda[m] >= 0))
            return oco_set_error(OCO_EINVAL, "oobc layer (%s): lambda[%zu] = %g must be finite "
                                             "and >= 0",
                                 cls->name, m, lambda[m]);
        if (isnan(b_eff[m]) || b_eff[m] == -INFINITY)
            return oco_set_error(OCO_EINVAL, "oobc layer (%s): budget %zu is %g", cls->name, m,
                                 b_eff[m]);
        ninf += b_eff[m] == INFINITY;
    }
    if (ninf && ninf != M)
        return oco_set_error(OCO_EINVAL,
                             "oobc layer (%s): either every budget or none may be +infinity",
                             cls->name);
    if (cls->layer)
        return cls->layer(cls, c, lambda, b_eff, x, dx_dlam, dx_db);

    w->c = c;
    w->lambda = lambda;
    w->have = 0;
    int rc, ok;
    if (ninf) {
        if (dx_dlam || dx_db)
            return oco_set_error(OCO_EINVAL, "oobc layer (%s): derivatives need finite budgets",
                                 cls->name);
        return oco__oobc_layer_solve(w->ipm0, obj_lagrangian, NULL, w, NULL, NULL, cls->lo,
                                     cls->hi, x_start, x, NULL, NULL, NULL, NULL);
    }
    /* The guard's premise: x_safe is affordable (else no decision in the box
     * is known to be). */
    if ((rc = feasible(w, cls->x_safe, b_eff, &ok)))
        return rc;
    if (!ok) {
        memcpy(x, cls->x_safe, d * sizeof *x);
        return oco_set_error(OCO_EINFEASIBLE,
                             "oobc layer (%s): even x_safe exceeds the guarded budget",
                             cls->name);
    }
    /* Exhausted resource: no room beyond x_safe. The budget set then has no
     * interior (Slater fails) and the interior-point method breaks down, so
     * the decision is x_safe, with zero derivatives (the point is a kink). */
    for (size_t m = 0; m < M; ++m)
        if (b_eff[m] - w->g[m] <= OCO__LWS_EXHAUSTED * (1.0 + fabs(b_eff[m]))) {
            memcpy(x, cls->x_safe, d * sizeof *x);
            if (dx_dlam)
                memset(dx_dlam, 0, d * M * sizeof *dx_dlam);
            if (dx_db)
                memset(dx_db, 0, d * M * sizeof *dx_db);
            return 0;
        }
    rc = oco__oobc_layer_solve(w->ipm, obj_plain, con, w, lambda, b_eff, cls->lo, cls->hi,
                               x_start, x, NULL, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (dx_dlam || dx_db) {
        if ((rc = oco__oobc_layer_grad(w->ipm, dx_dlam, dx_db, NULL)))
            return rc;
    }
    for (size_t j = 0; j < d; ++j) /* the solver stays in the box; rounding aside */
        x[j] = fmin(fmax(x[j], cls->lo[j]), cls->hi[j]);
    if ((rc = feasible(w, x, b_eff, &ok)))
        return rc;
    return ok ? 0 : repair(w, b_eff, x);
}
