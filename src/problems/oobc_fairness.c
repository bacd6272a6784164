/* The OOBC class "fairness" (seed 000 §6, olp_laau.md §2.3):
 *     max Σ_t c_t·log x_t  s.t.  Σ_t x_t ≤ B,  x_t ∈ [x_min, x_max],
 * written as the cost l(x, c) = −c·log x with the use g(x, c) = x
 * (M = d = p = 1). Box [1, 40] [S] (settable), B ~ U[10N, 15N] [S], so the
 * per-step budget range is [10, 15]. x_safe = x_min and the per-step
 * reserve of the §2.3 guard [D] is x_min (g(x_safe) = x_min for every c).
 * The layer of eq. (4) has the closed form of src/solvers/fairness_layer.h. */
#include "oco/error.h"

#include <math.h>
#include <stdlib.h>

#include "problems/oobc_class_impl.h"
#include "solvers/fairness_layer.h"

#define FAIR_X_MIN 1.0   /* §2.3 [S] "x_min = 1 (to ensure a non-negative utility)" */
#define FAIR_X_MAX 40.0  /* §2.3 [S] */
#define FAIR_B_LO 10.0   /* §2.3 [S] B ~ U[10N, 15N] */
#define FAIR_B_HI 15.0

typedef struct {
    oco_oobc_class cls; /* first: the pointer handed out */
    double lo, hi, x_safe, reserve, budget_lo, budget_hi;
} fair_class;

/* l = −c·log x, ∂l/∂x = −c/x (§2.3), ∂²l/∂x² = c/x². */
static int fair_loss(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                     double *grad, double *hess)
{
    (void)cls;
    const double cv = c[0], xv = x[0];
    if (!(xv > 0) || !isfinite(xv))
        return oco_set_error(OCO_EINVAL, "fairness loss: x = %g is outside the domain x > 0", xv);
    if (!(cv >= 0) || !isfinite(cv))
        return oco_set_error(OCO_EINVAL, "fairness loss: context c = %g must be finite and >= 0",
                             cv);
    if (f)
        *f = cv == 0 ? 0.0 : -cv * log(xv);
    if (grad)
        grad[0] = -cv / xv;
    if (hess)
        hess[0] = cv / (xv * xv);
    return OCO_OK;
}

/* g = x: the resource used is the allocation itself. */
static int fair_use(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                    double *jac, double *hess)
{
    (void)cls;
    (void)c;
    if (!isfinite(x[0]))
        return oco_set_error(OCO_EINVAL, "fairness use: x is not finite");
    if (g)
        g[0] = x[0];
    if (jac)
        jac[0] = 1.0;
    if (hess)
        hess[0] = 0.0;
    return OCO_OK;
}

/* §2.3 [D] closed form x = min(clip(c/λ, lo, hi), b̃), through
 * oco__fair_layer. That routine wants a finite b̃; b̃ = +∞ (no budget
 * constraint: the x̃(λ) of DGD/MW, §2.5) is the same as any b̃ above hi,
 * where the budget can never be active, so 2·hi stands in for it. */
int oco__oobc_fairness_layer(const oco_oobc_class *cls, const double *c, const double *lambda,
                             const double *b_eff, double *x, double *dx_dlam, double *dx_db)
{
    const double lo = cls->lo[0], hi = cls->hi[0];
    const double b = b_eff[0] == INFINITY ? 2.0 * hi : b_eff[0];
    oco__fair_out o;
    int rc = oco__fair_layer(c[0], lambda[0], b, lo, hi, &o);
    if (rc == OCO_EINVAL)
        return rc;
    /* OCO_EINFEASIBLE (b̃ < lo) still sets x = max(b̃, 0): within budget */
    x[0] = o.x;
    if (dx_dlam)
        dx_dlam[0] = o.dx_dlam;
    if (dx_db)
        dx_db[0] = o.dx_db;
    return rc;
}

oco_oobc_class *oco__oobc_fairness_new(const oco_oobc_class_opts *opts)
{
    oco_oobc_class_opts o = opts ? *opts : oco_oobc_class_opts_default();
    if (o.d != 0 && o.d != 1) {
        oco_set_error(OCO_EINVAL, "oobc class fairness: option d must be 1 (got %zu)", o.d);
        return NULL;
    }
    const double lo = isnan(o.x_min) ? FAIR_X_MIN : o.x_min;
    const double hi = isnan(o.x_max) ? FAIR_X_MAX : o.x_max;
    if (!isfinite(lo) || !(lo > 0)) {
        oco_set_error(OCO_EINVAL,
                      "oobc class fairness: option x_min = %g must be finite and > 0 (log x)", lo);
        return NULL;
    }
    if (!isfinite(hi) || !(lo < hi)) {
        oco_set_error(OCO_EINVAL,
                      "oobc class fairness: option x_max = %g must be finite and > x_min = %g", hi,
                      lo);
        return NULL;
    }
    fair_class *f = calloc(1, sizeof *f);
    if (!f) {
        oco_set_error(OCO_ENOMEM, "oobc class fairness: out of memory");
        return NULL;
    }
    f->lo = lo;
    f->hi = hi;
    f->x_safe = lo;
    f->reserve = lo; /* g(x_safe) = x_min: the §2.3 guard keeps x_min per job to come */
    /* [S] for the default box; a box whose x_min exceeds 10 keeps the
     * generated episodes feasible by raising the range to x_min. */
    f->budget_lo = fmax(FAIR_B_LO, lo);
    f->budget_hi = fmax(FAIR_B_HI, f->budget_lo);
    oco_oobc_class *c = &f->cls;
    c->name = "fairness";
    c->d = c->M = c->p = 1;
    c->lo = &f->lo;
    c->hi = &f->hi;
    c->x_safe = &f->x_safe;
    c->reserve = &f->reserve;
    c->budget_lo = &f->budget_lo;
    c->budget_hi = &f->budget_hi;
    c->loss = fair_loss;
    c->use = fair_use;
    c->layer = oco__oobc_fairness_layer;
    c->data = f;
    return c;
}

int oco__oobc_fairness_is(const oco_oobc_class *cls) { return cls && cls->loss == fair_loss; }
