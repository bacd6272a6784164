/* Exact convex QP over a ball / box / simplex and the ONS generalized
 * projection (see qp_domain.h for the methods and references): the shared
 * workspace, the domain geometry and the entry points. The ball's secular
 * equation is in qp_ball.c, the box/simplex active set in qp_active_set.c
 * (qp_domain_priv.h). */
#include "solvers/qp_domain.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "oco/error.h"
#include "oco/linalg.h"
#include "solvers/qp_domain_priv.h"

/* ---- geometry ------------------------------------------------------------- */

int oco__qpd_domain_geometry(const oco_domain *dom, double *center, double *radius, double *lo,
                            double *hi, double *rho)
{
    if (!dom)
        return oco_set_error(OCO_EINVAL, "domain geometry: domain is NULL");
    size_t d = oco_domain_dim(dom);
    oco_domain_kind kind = oco_domain_get_kind(dom);
    double diam = oco_domain_diameter(dom);
    if (!(isfinite(diam)))
        return oco_set_error(OCO_EINVAL, "domain geometry: the domain is unbounded");
    if (center)
        oco_domain_center(dom, center);
    if (radius)
        *radius = kind == OCO_DOMAIN_BALL ? diam / 2 : NAN;
    if (kind == OCO_DOMAIN_BOX && lo && hi) {
        /* The box projection is a clamp, so projecting ∓DBL_MAX returns the
         * bounds exactly. */
        oco_fill(lo, d, -DBL_MAX);
        oco_fill(hi, d, DBL_MAX);
        int rc = oco_domain_project(dom, lo);
        if (rc == OCO_OK)
            rc = oco_domain_project(dom, hi);
        if (rc != OCO_OK)
            return rc;
    }
    if (rho) {
        switch (kind) {
        case OCO_DOMAIN_BALL:
            *rho = diam / 2;
            break;
        case OCO_DOMAIN_SIMPLEX: /* centre 1/d to a vertex */
            *rho = sqrt(1.0 - 1.0 / (double)d);
            break;
        default: /* box centred: half the diagonal; otherwise the diameter */
            *rho = kind == OCO_DOMAIN_BOX ? diam / 2 : diam;
        }
    }
    return OCO_OK;
}

/* ---- workspace ------------------------------------------------------------ */

oco_qpd *oco__qpd_new(const oco_domain *dom, size_t eig_threshold)
{
    if (!dom) {
        oco_set_error(OCO_EINVAL, "qp_domain: domain is NULL");
        return NULL;
    }
    oco_domain_kind kind = oco_domain_get_kind(dom);
    if (kind != OCO_DOMAIN_BALL && kind != OCO_DOMAIN_BOX && kind != OCO_DOMAIN_SIMPLEX) {
        oco_set_error(OCO_EINVAL,
                      "qp_domain: only ball, box and simplex domains are supported");
        return NULL;
    }
    size_t d = oco_domain_dim(dom);
    oco_qpd *q = calloc(1, sizeof *q);
    if (!q)
        goto nomem;
    q->dom = dom;
    q->kind = kind;
    q->d = d;
    q->eig_threshold = eig_threshold;
    /* dsyevd workspace for jobz = 'V' (LAPACK documentation). */
    q->lwork_n = (lapack_int)(1 + 6 * d + 2 * d * d);
    q->liwork_n = (lapack_int)(3 + 5 * d);
    size_t nd = 3 * d * d + 8 * d + (size_t)q->lwork_n;
    double *buf = calloc(nd, sizeof *buf);
    q->iwork = calloc((size_t)q->liwork_n, sizeof *q->iwork);
    q->idx = calloc(d, sizeof *q->idx);
    q->st = calloc(d, sizeof *q->st);
    if (!buf || !q->iwork || !q->idx || !q->st) {
        free(buf);
        oco__qpd_free(q);
        goto nomem;
    }
    q->Q = buf;
    q->F = q->Q + d * d;
    q->w = q->F + 2 * d * d; /* F gets 2 d² so a free block and a copy fit */
    q->c = q->w + d;
    q->lo = q->c + d;
    q->hi = q->lo + d;
    q->v1 = q->hi + d;
    q->v2 = q->v1 + d;
    q->v3 = q->v2 + d;
    q->v4 = q->v3 + d;
    q->lwork = q->v4 + d;
    q->bytes = sizeof *q + nd * sizeof(double) + (size_t)q->liwork_n * sizeof(lapack_int) +
               d * (sizeof(size_t) + sizeof(int));
    if (oco__qpd_domain_geometry(dom, q->c, &q->R, q->lo, q->hi, NULL) != OCO_OK) {
        oco__qpd_free(q);
        return NULL;
    }
    if (kind == OCO_DOMAIN_SIMPLEX) {
        oco_fill(q->lo, d, 0.0);
        oco_fill(q->hi, d, INFINITY);
    }
    return q;
nomem:
    oco_set_error(OCO_ENOMEM, "qp_domain: out of memory (d = %zu)", d);
    return NULL;
}

void oco__qpd_free(oco_qpd *q)
{
    if (!q)
        return;
    free(q->Q);
    free(q->iwork);
    free(q->idx);
    free(q->st);
    free(q);
}

size_t oco__qpd_memory(const oco_qpd *q) { return q ? q->bytes : 0; }

void oco__qpd_set_matrix(oco_qpd *q, const double *H)
{
    q->H = H;
    q->eig_valid = 0;
}

void oco__qpd_save(const oco_qpd *q, oco_state_writer *w)
{
    oco_state_put_size(w, q->d);
    oco_state_put_f64(w, q->nu_warm);
}

int oco__qpd_restore(oco_qpd *q, oco_state_reader *r)
{
    double nu;
    int rc = oco_state_expect_size(r, q->d, "qp workspace dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &nu);
    if (rc != OCO_OK)
        return rc;
    if (!(isfinite(nu) && nu >= 0))
        return oco_set_error(OCO_EINVAL, "qp_domain: state has an invalid warm start %g", nu);
    q->nu_warm = nu;
    q->eig_valid = 0;
    return OCO_OK;
}

/* ---- entry points ---------------------------------------------------------- */

int oco__qpd_solve(oco_qpd *q, const double *h, double *x, oco_qpd_info *info)
{
    oco_qpd_info dummy;
    if (!info)
        info = &dummy;
    if (!q->H)
        return oco_set_error(OCO_ESTATE, "qp_domain: no matrix set");
    if (q->kind == OCO_DOMAIN_BALL)
        return oco__qpd_solve_ball(q, q->c, q->R, h, x, info);
    return oco__qpd_active_solve(q, h, x, info);
}

int oco__qpd_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info)
{
    oco_qpd_info dummy;
    if (!info)
        info = &dummy;
    if (!q->H)
        return oco_set_error(OCO_ESTATE, "qp_domain: no matrix set");
    if (q->kind == OCO_DOMAIN_BALL)
        return oco__qpd_ball_project(q, y, x, info);
    return oco__qpd_active_project(q, y, x, info);
}
