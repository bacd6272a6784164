/* oco — decision sets with exact Euclidean projection.
 *
 * A domain is a closed convex set X ⊂ R^d. oco_domain_project() replaces x by
 * argmin_{z∈X} ‖z − x‖₂ exactly (closed form or a finite algorithm, never an
 * iterative approximation), allocating nothing. */
#ifndef OCO_DOMAIN_H
#define OCO_DOMAIN_H

#include "oco/export.h"

#include <stddef.h>

OCO_BEGIN_DECLS

typedef enum oco_domain_kind {
    OCO_DOMAIN_BOX,          /* lo_i <= x_i <= hi_i */
    OCO_DOMAIN_ORTHANT,      /* x >= 0 */
    OCO_DOMAIN_BALL,         /* ‖x‖₂ <= R (centred at 0) */
    OCO_DOMAIN_SIMPLEX,      /* x >= 0, Σ x_i = 1 */
    OCO_DOMAIN_ORTHANT_BALL  /* x >= 0 and ‖x‖₂ <= R */
} oco_domain_kind;

typedef struct oco_domain oco_domain;

/* Box with per-coordinate bounds (lo_i <= hi_i, finite or ±Inf; copied). */
oco_domain *oco_domain_box(size_t d, const double *lo, const double *hi);
/* Box [lo, hi]^d. */
oco_domain *oco_domain_box_uniform(size_t d, double lo, double hi);
oco_domain *oco_domain_orthant(size_t d);
oco_domain *oco_domain_ball(size_t d, double radius);
oco_domain *oco_domain_simplex(size_t d);
oco_domain *oco_domain_orthant_ball(size_t d, double radius);

/* Parse "ball:R", "box:a,b", "simplex", "orthant", "orthant-ball:R" for
 * dimension d. On error sets a message quoting `spec`. */
oco_domain *oco_domain_parse(const char *spec, size_t d);

void oco_domain_free(oco_domain *dom);

oco_domain_kind oco_domain_get_kind(const oco_domain *dom);
size_t oco_domain_dim(const oco_domain *dom);
/* sup ‖x − y‖₂ over X (INFINITY if unbounded). */
double oco_domain_diameter(const oco_domain *dom);
/* Writes a canonical interior/central point (0 for balls, the uniform vector
 * for the simplex, the box centre or the finite bound). */
void oco_domain_center(const oco_domain *dom, double *x);

/* Project x (length d) onto X in place. OCO_EINVAL if x has a NaN/Inf. */
int oco_domain_project(const oco_domain *dom, double *x);
/* 1 if x ∈ X up to `tol` (absolute, per constraint), else 0. */
int oco_domain_contains(const oco_domain *dom, const double *x, double tol);

/* The underlying projections, usable on their own (all in place, exact). */
void oco_proj_box(double *x, size_t d, const double *lo, const double *hi);
void oco_proj_orthant(double *x, size_t d);
/* Onto {z : ‖z − center‖ <= r}; center may be NULL for 0. */
void oco_proj_ball(double *x, size_t d, const double *center, double r);
/* Onto {z >= 0 : Σ z = s}, s > 0. */
void oco_proj_simplex(double *x, size_t d, double s);
void oco_proj_orthant_ball(double *x, size_t d, double r);

OCO_END_DECLS
#endif
