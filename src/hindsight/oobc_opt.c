/* The hindsight optimum OPT of one OOBC episode (include/oco/oobc_problem.h;
 * seed 000 §6 / Appendix C.2, olp_laau.md §2.5):
 *     min Σ_t l(x_t, c_t)  s.t.  Σ_t g_m(x_t, c_t) <= B_m (m = 1..M),
 *                                x_t in the box, every c_t known.
 *
 * Fairness (recognised by its layer callback): the exact water-filling of
 * src/solvers/fairness_layer.h (§2.5). Any other class (or a fairness copy
 * with layer = NULL): one convex problem in N·d variables through the dense
 * interior-point solver of src/solvers/oobc_layer.h with λ = 0 and the M
 * summed constraints; l and every g_m are sums over t of per-step
 * functions, so their Hessians are block diagonal (d×d blocks) in the dense
 * N·d×N·d matrices the solver takes. Dense Cholesky: O((N·d)³) per Newton
 * step, fine up to N·d of a few hundred.
 *
 * Exact feasibility [D]: the solver meets Σ g <= B to its tolerance (the
 * water-filling up to rounding); if a sum still exceeds its budget after
 * clipping to the box, the whole trajectory is pulled toward x_safe
 * (Σ_t g(x_safe, c_t) <= B was checked first) by bisection along the
 * segment: the sums are convex along it, so the feasible part of the
 * segment is an interval containing x_safe. */
#include "oco/oobc_problem.h"

#include "oco/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problems/oobc_class_impl.h"
#include "solvers/fairness_layer.h"
#include "solvers/oobc_layer.h"

#define OPT_REPAIR_STEPS 60 /* 2^-60 of the segment: below any rounding */
#define OPT_MAX_VARS 2000 /* N·d: a few dense (N·d)² matrices (32 MB each at 2000) */

typedef struct {
    const oco_oobc_class *cls;
    size_t N;
    const double *c;
    double *g;    /* N·M: per-step uses at xc */
    double *jac;  /* N·M·d */
    double *hess; /* N·M·d·d */
    double *xc;   /* N·d: where g/jac/hess were evaluated */
    int have;
    double *lh;   /* d·d loss-Hessian scratch */
} opt_ctx;

static int uses_at(opt_ctx *o, const double *x)
{
    const oco_oobc_class *cls = o->cls;
    const size_t d = cls->d, M = cls->M, p = cls->p, nx = o->N * d;
    if (o->have && memcmp(o->xc, x, nx * sizeof *x) == 0)
        return 0;
    o->have = 0;
    for (size_t t = 0; t < o->N; ++t) {
        int rc = cls->use(cls, o->c + t * p, x + t * d, o->g + t * M, o->jac + t * M * d,
                          o->hess + t * M * d * d);
        if (rc)
            return rc;
    }
    memcpy(o->xc, x, nx * sizeof *x);
    o->have = 1;
    return 0;
}

/* Σ_t l(x_t, c_t); the Hessian's t-th diagonal block is ∇²l(x_t, c_t). */
static int obj(void *ctx, const double *x, double *f, double *grad, double *hess)
{
    opt_ctx *o = ctx;
    const oco_oobc_class *cls = o->cls;
    const size_t d = cls->d, p = cls->p, nx = o->N * d;
    double sum = 0, ft;
    if (hess)
        memset(hess, 0, nx * nx * sizeof *hess);
    for (size_t t = 0; t < o->N; ++t) {
        int rc = cls->loss(cls, o->c + t * p, x + t * d, &ft, grad ? grad + t * d : NULL,
                           hess ? o->lh : NULL);
        if (rc)
            return rc;
        sum += ft;
        if (hess)
            for (size_t k = 0; k < d; ++k)
                memcpy(hess + (t * d + k) * nx + t * d, o->lh + k * d, d * sizeof *hess);
    }
    *f = sum;
    return 0;
}

/* Σ_t g_m(x_t, c_t), block-diagonal Hessian likewise. */
static int con(void *ctx, size_t m, const double *x, double *g, double *grad, double *hess)
{
    opt_ctx *o = ctx;
    const size_t d = o->cls->d, M = o->cls->M, nx = o->N * d;
    int rc = uses_at(o, x);
    if (rc)
        return rc;
    double sum = 0;
    if (hess)
        memset(hess, 0, nx * nx * sizeof *hess);
    for (size_t t = 0; t < o->N; ++t) {
        sum += o->g[t * M + m];
        if (grad)
            memcpy(grad + t * d, o->jac + (t * M + m) * d, d * sizeof *grad);
        if (hess) {
            const double *Ht = o->hess + (t * M + m) * d * d;
            for (size_t k = 0; k < d; ++k)
                memcpy(hess + (t * d + k) * nx + t * d, Ht + k * d, d * sizeof *hess);
        }
    }
    *g = sum;
    return 0;
}

/* sums[M] = Σ_t g(x_t, c_t) */
static int use_sums(const oco_oobc_class *cls, size_t N, const double *c, const double *x,
                    double *gt, double *sums)
{
    const size_t M = cls->M;
    memset(sums, 0, M * sizeof *sums);
    for (size_t t = 0; t < N; ++t) {
        int rc = cls->use(cls, c + t * cls->p, x + t * cls->d, gt, NULL, NULL);
        if (rc)
            return rc;
        for (size_t m = 0; m < M; ++m)
            sums[m] += gt[m];
    }
    return 0;
}

static int fits(const double *sums, const double *B, size_t M)
{
    for (size_t m = 0; m < M; ++m)
        if (!(sums[m] <= B[m]))
            return 0;
    return 1;
}

static int episode_loss(const oco_oobc_class *cls, size_t N, const double *c, const double *x,
                        double *loss)
{
    double sum = 0, ft;
    for (size_t t = 0; t < N; ++t) {
        int rc = cls->loss(cls, c + t * cls->p, x + t * cls->d, &ft, NULL, NULL);
        if (rc)
            return rc;
        sum += ft;
    }
    *loss = sum;
    return 0;
}

/* Pull the trajectory x toward xs (x_safe at every step, which fits) until
 * every Σ_t g_m <= B_m holds exactly; xt (N·d), gt (M), sums (M) scratch. */
static int repair(const oco_oobc_class *cls, size_t N, const double *B, const double *c,
                  const double *xs, double *x, double *xt, double *gt, double *sums)
{
    const size_t nx = N * cls->d, M = cls->M;
    int rc = use_sums(cls, N, c, x, gt, sums);
    if (rc || fits(sums, B, M))
        return rc;
    double a = 0, b = 1; /* s = a fits, s = b does not */
    for (int it = 0; it < OPT_REPAIR_STEPS; ++it) {
        const double s = 0.5 * (a + b);
        for (size_t k = 0; k < nx; ++k)
            xt[k] = xs[k] + s * (x[k] - xs[k]);
        if ((rc = use_sums(cls, N, c, xt, gt, sums)))
            return rc;
        if (fits(sums, B, M))
            a = s;
        else
            b = s;
    }
    for (size_t k = 0; k < nx; ++k)
        x[k] = xs[k] + a * (x[k] - xs[k]);
    return 0;
}

static int opt_fairness(const oco_oobc_class *cls, size_t N, const double *B, const double *c,
                        double *x, double *loss)
{
    oco__fair_event *ev = malloc(2 * N * sizeof *ev);
    double *xx = x ? x : malloc(N * sizeof *xx);
    double *xs = malloc(N * sizeof *xs), *xt = malloc(N * sizeof *xt);
    double gt, sum;
    int rc;
    if (!ev || !xx || !xs || !xt) {
        rc = oco_set_error(OCO_ENOMEM, "oobc OPT: out of memory (N = %zu)", N);
        goto out;
    }
    rc = oco__fair_waterfill(N, c, B[0], cls->lo[0], cls->hi[0], xx, NULL, ev);
    if (rc == OCO_EINFEASIBLE)
        rc = oco_set_error(OCO_EINFEASIBLE,
                           "oobc OPT (fairness): even x_min at every step (%.17g) exceeds the "
                           "budget B = %.17g",
                           (double)N * cls->lo[0], B[0]);
    if (!rc) { /* Σ x = B holds up to rounding (fairness_layer.h): make it <= B exactly */
        for (size_t t = 0; t < N; ++t)
            xs[t] = cls->x_safe[0];
        rc = repair(cls, N, B, c, xs, xx, xt, &gt, &sum);
    }
    if (!rc && loss)
        *loss = -oco__fair_utility(N, c, xx); /* l = −c log x */
out:
    free(ev);
    free(xs);
    free(xt);
    if (xx != x)
        free(xx);
    return rc;
}

static int opt_general(const oco_oobc_class *cls, size_t N, const double *B, const double *c,
                       double *x_out, double *loss)
{
    const size_t d = cls->d, M = cls->M, nx = N * d;
    if (nx > OPT_MAX_VARS)
        return oco_set_error(OCO_EINVAL,
                             "oobc OPT (%s): N·d = %zu variables exceed the dense solver's %d",
                             cls->name, nx, OPT_MAX_VARS);
    opt_ctx o;
    memset(&o, 0, sizeof o);
    o.cls = cls;
    o.N = N;
    o.c = c;
    int rc = OCO_OK;
    oco_oobc_layer *L = oco__oobc_layer_new(nx, M);
    o.g = malloc(N * M * sizeof *o.g);
    o.jac = malloc(N * M * d * sizeof *o.jac);
    o.hess = malloc(N * M * d * d * sizeof *o.hess);
    o.xc = malloc(nx * sizeof *o.xc);
    o.lh = malloc(d * d * sizeof *o.lh);
    double *lo = malloc(nx * sizeof *lo), *hi = malloc(nx * sizeof *hi);
    double *xs = malloc(nx * sizeof *xs), *x = malloc(nx * sizeof *x);
    double *xt = malloc(nx * sizeof *xt);
    double *zero = calloc(M, sizeof *zero), *sums = malloc(M * sizeof *sums);
    if (!L || !o.g || !o.jac || !o.hess || !o.xc || !o.lh || !lo || !hi || !xs || !x || !xt ||
        !zero || !sums) {
        if (L) /* else the layer set the message */
            oco_set_error(OCO_ENOMEM, "oobc OPT (%s): out of memory (N·d = %zu)", cls->name, nx);
        rc = L ? OCO_ENOMEM : oco_last_error_code();
        goto out;
    }
    for (size_t t = 0; t < N; ++t) {
        memcpy(lo + t * d, cls->lo, d * sizeof *lo);
        memcpy(hi + t * d, cls->hi, d * sizeof *hi);
        memcpy(xs + t * d, cls->x_safe, d * sizeof *xs);
    }
    /* feasibility: x_safe at every step must fit (the guard's premise) */
    if ((rc = use_sums(cls, N, c, xs, o.g, sums)))
        goto out;
    if (!fits(sums, B, M)) {
        size_t m = 0;
        while (sums[m] <= B[m])
            ++m;
        rc = oco_set_error(OCO_EINFEASIBLE,
                           "oobc OPT (%s): even x_safe at every step uses %.17g of resource %zu, "
                           "above its budget B = %.17g",
                           cls->name, sums[m], m + 1, B[m]);
        goto out;
    }
    rc = oco__oobc_layer_solve(L, obj, con, &o, zero, B, lo, hi, NULL, x, NULL, NULL, NULL,
                               NULL);
    if (rc) {
        char why[256]; /* the solver's message, copied: oco_set_error rewrites it */
        snprintf(why, sizeof why, "%s", oco_last_error());
        oco_set_error(rc, "oobc OPT (%s): %s", cls->name, why);
        goto out;
    }
    for (size_t k = 0; k < nx; ++k) /* the solver stays in the box; rounding aside */
        x[k] = fmin(fmax(x[k], lo[k]), hi[k]);
    if ((rc = repair(cls, N, B, c, xs, x, xt, o.g, sums)))
        goto out;
    if (loss && (rc = episode_loss(cls, N, c, x, loss)))
        goto out;
    if (x_out)
        memcpy(x_out, x, nx * sizeof *x);
out:
    oco__oobc_layer_free(L);
    free(o.g);
    free(o.jac);
    free(o.hess);
    free(o.xc);
    free(o.lh);
    free(lo);
    free(hi);
    free(xs);
    free(x);
    free(xt);
    free(zero);
    free(sums);
    return rc;
}

int oco_oobc_opt(const oco_oobc_class *cls, size_t N, const double *B, const double *c,
                 double *x, double *loss)
{
    int rc = oco_oobc_class_check(cls);
    if (rc)
        return rc;
    if (N < 1 || !B || !c)
        return oco_set_error(OCO_EINVAL, "oobc OPT (%s): need N >= 1 and non-NULL B and c",
                             cls->name);
    for (size_t m = 0; m < cls->M; ++m)
        if (!isfinite(B[m]))
            return oco_set_error(OCO_EINVAL, "oobc OPT (%s): budget %zu is not finite", cls->name,
                                 m + 1);
    for (size_t k = 0; k < N * cls->p; ++k)
        if (!isfinite(c[k]))
            return oco_set_error(OCO_EINVAL, "oobc OPT (%s): context of step %zu is not finite",
                                 cls->name, k / cls->p + 1);
    if (cls->layer == oco__oobc_fairness_layer && oco__oobc_fairness_is(cls))
        return opt_fairness(cls, N, B, c, x, loss);
    return opt_general(cls, N, B, c, x, loss);
}
