/* Closed-form vector quadratics and the counting constraint oracle
 * (include/oco/coco.h). */
#include "oco/coco.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

void oco_quad_map_eval(const oco_quad_map *q, const double *x, double *val, double *J)
{
    const size_t m = q->m, d = q->d;
    for (size_t j = 0; j < m; ++j) {
        const double *a = q->A + j * d;
        const double *P = q->P ? q->P + j * d * d : NULL;
        double lin = 0, quad = 0;
        for (size_t i = 0; i < d; ++i)
            lin += a[i] * x[i];
        if (P) {
            /* (P x)_i, P symmetric, column-major = row-major */
            for (size_t i = 0; i < d; ++i) {
                const double *Pi = P + i * d;
                double px = 0;
                for (size_t l = 0; l < d; ++l)
                    px += Pi[l] * x[l];
                quad += x[i] * px;
                if (J)
                    J[j * d + i] = a[i] + px;
            }
        } else if (J) {
            memcpy(J + j * d, a, d * sizeof *J);
        }
        if (val)
            val[j] = 0.5 * quad + lin - (q->b ? q->b[j] : 0.0);
    }
}

int oco_quad_map_check(const oco_quad_map *q, size_t m, size_t d, const char *what)
{
    if (!what)
        what = "map";
    if (!q)
        return oco_set_error(OCO_EINVAL, "%s: NULL", what);
    if (q->m != m || q->d != d)
        return oco_set_error(OCO_EINVAL, "%s: has m = %zu, d = %zu; expected m = %zu, d = %zu",
                             what, q->m, q->d, m, d);
    if (m == 0 || d == 0)
        return oco_set_error(OCO_EINVAL, "%s: m and d must be > 0", what);
    if (!q->A)
        return oco_set_error(OCO_EINVAL, "%s: A is NULL", what);
    for (size_t i = 0; i < m * d; ++i)
        if (!isfinite(q->A[i]))
            return oco_set_error(OCO_EINVAL, "%s: A[%zu][%zu] is not finite", what, i / d,
                                 i % d);
    if (q->b)
        for (size_t j = 0; j < m; ++j)
            if (!isfinite(q->b[j]))
                return oco_set_error(OCO_EINVAL, "%s: b[%zu] is not finite", what, j);
    if (q->P)
        for (size_t i = 0; i < m * d * d; ++i)
            if (!isfinite(q->P[i]))
                return oco_set_error(OCO_EINVAL, "%s: P[%zu] (block %zu) is not finite", what,
                                     i, i / (d * d));
    return OCO_OK;
}

int oco_cons_oracle_eval(oco_cons_oracle *o, const double *x, double *g, double *J)
{
    if (!o || !o->fn || !x || !g)
        return oco_set_error(OCO_EINVAL, "constraint oracle: NULL %s",
                             !o ? "oracle" : !o->fn ? "fn" : !x ? "x" : "g");
    o->calls++;
    int rc = o->fn(o->ctx, x, g, J);
    if (rc != OCO_OK)
        return rc;
    if (!oco_all_finite(g, o->k))
        return oco_set_error(OCO_EINVAL, "constraint oracle: non-finite value (call %zu)",
                             o->calls);
    if (J && !oco_all_finite(J, o->k * o->d))
        return oco_set_error(OCO_EINVAL, "constraint oracle: non-finite Jacobian (call %zu)",
                             o->calls);
    return OCO_OK;
}

static int form_fn(void *ctx, const double *x, double *g, double *J)
{
    if (!ctx) /* oco_cons_oracle_from_form(NULL): an error, not a crash */
        return oco_set_error(OCO_EINVAL, "constraint oracle: built from a NULL form");
    oco_quad_map_eval(ctx, x, g, J);
    return OCO_OK;
}

oco_cons_oracle oco_cons_oracle_from_form(const oco_quad_map *form)
{
    oco_cons_oracle o;
    memset(&o, 0, sizeof o);
    o.fn = form_fn;
    o.ctx = (void *)(uintptr_t)form;
    o.d = form ? form->d : 0;
    o.k = form ? form->m : 0;
    o.form = form;
    return o;
}
