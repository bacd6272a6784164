/* Private to the qp_domain solver (solvers/qp_domain.h), which is three
 * files, one idea each:
 *   qp_domain.c      the workspace, the domain geometry and the entry points
 *                    (argument checks, dispatch on the domain kind);
 *   qp_ball.c        the ball: the secular equation of the KKT system
 *                    (eigen and direct paths);
 *   qp_active_set.c  box and simplex: the primal active-set method.
 * They share the workspace below; the per-kind routines assume what the
 * entry points checked (a matrix is set, info is not NULL). */
#ifndef OCO_SOLVERS_QP_DOMAIN_PRIV_H
#define OCO_SOLVERS_QP_DOMAIN_PRIV_H

#include <lapacke.h>
#include <stddef.h>

#include "solvers/qp_domain.h"

struct oco_qpd {
    const oco_domain *dom;
    oco_domain_kind kind;
    size_t d;
    size_t eig_threshold;
    double R;          /* ball radius */
    double *c;         /* ball centre (0) / domain centre */
    double *lo, *hi;   /* box bounds; simplex: 0, +inf */
    const double *H;   /* current matrix (not owned) */
    int eig_valid;     /* eigendecomposition of H cached */
    double nu_warm;    /* last ball multiplier (warm start of the direct path) */
    /* workspaces */
    double *Q, *w;     /* eigenvectors (d×d), eigenvalues */
    double *lwork;     /* dsyevd workspace */
    lapack_int *iwork;
    lapack_int lwork_n, liwork_n;
    double *F;         /* d×d factor buffer */
    double *v1, *v2, *v3, *v4; /* vectors of length d */
    size_t *idx;       /* free index list */
    int *st;           /* active-set status */
    size_t bytes;
};

/* Ball (qp_ball.c): x = Π^U_X[y] on the workspace's ball. */
int oco__qpd_ball_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info);

/* Box / simplex (qp_active_set.c): minimise ½xᵀHx + hᵀx from the centre, H
 * only PSD (eigen path); and x = Π^U_X[y], U positive definite (Cholesky
 * path). */
int oco__qpd_active_solve(oco_qpd *q, const double *h, double *x, oco_qpd_info *info);
int oco__qpd_active_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info);

#endif
