/* Private: exact convex quadratic minimisation over a decision set, and the
 * generalized (matrix-norm) projection of ONS (universal.md §3.3).
 *
 *     minimise  q(x) = ½ xᵀHx + hᵀx   over X,  H symmetric PSD (d×d, col-major)
 *     project   Π^U_X[y] = argmin_{x∈X} (x − y)ᵀU(x − y)   (H = U, h = −Uy)
 *
 * X is a ball ‖x − c‖ ≤ R (any centre c: the notes' "off-centre ball"), a box
 * or the simplex. Methods, all finite or root-finding to full precision:
 *   ball     the secular equation of the KKT system, x(ν) = c + u(ν) with
 *            (H + νI)u = −(Hc + h), ν ≥ 0, ‖u(ν)‖ = R. Newton on
 *            h(ν) = 1/‖u(ν)‖ − 1/R, which is concave and increasing, started
 *            left of the root, so the iterates increase monotonically and never
 *            overshoot (Moré & Sorensen, SIAM J. Sci. Stat. Comput. 4(3),
 *            1983, §3); stopped when ν no longer increases, then u is scaled
 *            onto the sphere. Two ways to evaluate u(ν):
 *            - eigen path (d > eig_threshold): one eigendecomposition of H
 *              per matrix (LAPACK dsyevd, preallocated workspace), then O(d)
 *              per Newton step; needed when H is only PSD (comparators).
 *              Caveat: inside a multi-threaded OpenBLAS, dsyevd allocates
 *              from d ≈ 200 on (measured, OpenBLAS 0.3.21); not a per-round
 *              path of any learner by default;
 *            - direct path: a Cholesky factorization of H + νI per Newton
 *              step (hand loops, outer-product form above d = 24; not LAPACK
 *              dpotrf, whose threaded dsyrk allocates on every call from
 *              d = 64 on), warm-started at the previous ν (a step from the
 *              right of the root lands left of it, then the monotone phase
 *              follows); H must be positive definite. Measured (OpenBLAS,
 *              1 thread, ONS-like sequence, with dpotrf): d = 30: 15 µs vs
 *              58 µs for the eigen path; d = 100: 151 µs vs 522 µs; d = 200:
 *              0.71 ms vs 2.2 ms.
 *            ONS on a ball uses neither by default: solvers/uball.h keeps a
 *            tridiagonal reduction of its rank-one-updated matrix and is
 *            O(d²) per round; the direct path is its reference (exact_qp).
 *   box,     a primal active-set method (Nocedal & Wright, Numerical
 *   simplex  Optimization, 2nd ed., Alg. 16.3) on the bound constraints
 *            (plus Σx = 1 for the simplex), started from the Euclidean
 *            projection of the unconstrained point, with a Cholesky of the
 *            free block each iteration (projection, U positive definite), or
 *            an eigendecomposition of the reduced Hessian (oco__qpd_solve: H
 *            only PSD, e.g. a rank-deficient Gram matrix: a zero-curvature
 *            descent direction is followed until a bound blocks it). Finite;
 *            the solution solves the KKT system of its active set exactly up
 *            to rounding.
 * Nothing allocates after oco__qpd_new. */
#ifndef OCO_SOLVERS_QP_DOMAIN_H
#define OCO_SOLVERS_QP_DOMAIN_H

#include <stddef.h>

#include "oco/domain.h"
#include "oco/state.h"

typedef struct oco_qpd oco_qpd;

typedef struct oco_qpd_info {
    double nu;     /* ball: the multiplier ν of ‖x − c‖ ≤ R (0 if interior);
                      simplex: the multiplier of Σx = 1 */
    int iters;     /* Newton or active-set iterations */
    int on_boundary;
} oco_qpd_info;

/* Workspace for domain `dom` (kept by pointer; ball, box or simplex) with the
 * ball's eigen path used when d > eig_threshold. NULL + error otherwise. */
oco_qpd *oco__qpd_new(const oco_domain *dom, size_t eig_threshold);
void oco__qpd_free(oco_qpd *q);
size_t oco__qpd_memory(const oco_qpd *q);

/* Set the matrix (H or U) used by the next calls; the pointer is kept and the
 * caller must not change the matrix until the next set_matrix. Factorizations
 * are computed lazily, once per matrix. */
void oco__qpd_set_matrix(oco_qpd *q, const double *H);

/* Checkpoint (oco/state.h): what carries over from one solve to the next and
 * changes a result's bits — the ball direct path's warm-start multiplier.
 * (Factorizations are recomputed per matrix, a function of it alone.) */
void oco__qpd_save(const oco_qpd *q, oco_state_writer *w);
int oco__qpd_restore(oco_qpd *q, oco_state_reader *r);

/* Minimise ½xᵀHx + hᵀx over X (H from set_matrix). */
int oco__qpd_solve(oco_qpd *q, const double *h, double *x, oco_qpd_info *info);

/* x = Π^U_X[y] with U from set_matrix (U positive definite). Cheap exit when
 * y ∈ X. y and x may alias. */
int oco__qpd_project(oco_qpd *q, const double *y, double *x, oco_qpd_info *info);

/* The ball problem with an explicit centre and radius (any c, R > 0),
 * independent of the workspace's domain kind: minimise ½xᵀHx + hᵀx over
 * ‖x − c‖ ≤ R. Uses the workspace's buffers (the workspace must be of the
 * same dimension). */
int oco__qpd_solve_ball(oco_qpd *q, const double *c, double R, const double *h, double *x,
                       oco_qpd_info *info);

/* The diagonal secular equation (H = diag(w), w >= 0): the root ν >= nu0 of
 * ‖u(ν)‖ = R for u_j(ν) = −g_j/(w_j + ν), by the monotone Newton iteration of
 * the ball path above. nu0 must be at or left of the root (‖u(nu0)‖ >= R);
 * terms with w_j + ν = 0 (null directions with g_j = 0) are skipped. Used by
 * the eigen path and by AdaGrad's diagonal-metric ball projection. */
double oco__qpd_secular_diag(const double *w, const double *g, size_t d, double R, double nu0,
                            int *iters);

/* Geometry of a domain recovered through the public API: kind, centre
 * (oco_domain_center), ball radius, box bounds (lo/hi of length d, may be
 * NULL when not a box), and rho = max_{x∈X} ‖x − centre‖. */
int oco__qpd_domain_geometry(const oco_domain *dom, double *center, double *radius, double *lo,
                            double *hi, double *rho);

#endif
