/* Decision sets with exact Euclidean projection (include/oco/domain.h).
 *
 * Every projection is a closed form or a finite algorithm and allocates
 * nothing, so learners can project every round:
 *   box, orthant   coordinate-wise clamp;
 *   ball           radial scaling;
 *   simplex        Michelot's finite active-set iteration (Michelot, JOTA
 *                  50(1), 1986; analysed as "Algorithm 2" in Condat, Math.
 *                  Prog. 158, 2016): sort-free, in place, exact after at most
 *                  d passes (O(d) passes in the worst case, ~3 in practice);
 *   orthant ∩ ball clamp, then radial scaling. This composition is exact
 *                  because the ball is centred at the apex of the cone: for a
 *                  closed convex cone K, P_{K∩B(0,R)} = P_{B(0,R)} ∘ P_K
 *                  (the KKT conditions of the composed point hold, checked
 *                  in tests/unit/test_domain.c). */
#include "oco/domain.h"

#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/linalg.h"

struct oco_domain {
    oco_domain_kind kind;
    size_t d;
    double radius; /* ball, orthant-ball */
    double *lo, *hi; /* box only: point into `bounds` */
    double bounds[]; /* 2d doubles for a box, none otherwise */
};

/* ---- the projections ---------------------------------------------------- */

void oco_proj_box(double *x, size_t d, const double *lo, const double *hi)
{
    for (size_t i = 0; i < d; i++) {
        if (x[i] < lo[i])
            x[i] = lo[i];
        else if (x[i] > hi[i])
            x[i] = hi[i];
    }
}

void oco_proj_orthant(double *x, size_t d)
{
    for (size_t i = 0; i < d; i++)
        if (!(x[i] >= 0.0)) /* written so that a NaN also maps to 0 */
            x[i] = 0.0;
}

/* ‖v‖ as amax · √s with v/amax summed, never overflowing; v = x − c. */
static void scaled_norm(const double *x, const double *c, size_t d, double *amax, double *root)
{
    double m = 0.0, s = 0.0;
    for (size_t i = 0; i < d; i++) {
        double a = fabs(c ? x[i] - c[i] : x[i]);
        if (a > m)
            m = a;
    }
    if (m > 0.0)
        for (size_t i = 0; i < d; i++) {
            double t = (c ? x[i] - c[i] : x[i]) / m;
            s += t * t;
        }
    *amax = m;
    *root = sqrt(s);
}

void oco_proj_ball(double *x, size_t d, const double *center, double r)
{
    /* Radial scaling x ← c + r (x − c)/‖x − c‖ when outside. The fast path
     * multiplies by r/‖x − c‖; if the norm overflows (‖x‖ > DBL_MAX though
     * every x_i is finite) or the factor underflows (huge x, tiny r), the
     * direction is normalised in two steps instead, so the result is still
     * correct to rounding. Assumes x − c is finite. */
    double nrm, amax, root;
    if (center == NULL) {
        nrm = oco_nrm2(x, d);
        amax = root = NAN;
    } else {
        scaled_norm(x, center, d, &amax, &root);
        nrm = amax * root;
    }
    if (!(nrm > r))
        return;
    const double f = r / nrm;
    if (isfinite(nrm) && f >= DBL_MIN) {
        for (size_t i = 0; i < d; i++)
            x[i] = center ? center[i] + f * (x[i] - center[i]) : f * x[i];
        return;
    }
    if (center == NULL)
        scaled_norm(x, NULL, d, &amax, &root);
    for (size_t i = 0; i < d; i++) {
        double v = center ? x[i] - center[i] : x[i];
        v = r * ((v / amax) / root);
        x[i] = center ? center[i] + v : v;
    }
}

void oco_proj_simplex(double *x, size_t d, double s)
{
    if (d == 0)
        return;
    if (!(s >= 0.0) || isinf(s)) {
        /* Empty or unbounded target set: no projection exists. The function
         * cannot report an error, so it marks the result unusable. */
        oco_fill(x, d, NAN);
        return;
    }
    if (s == 0.0) {
        oco_fill(x, d, 0.0);
        return;
    }
    /* The projection is x_i ← max(x_i − τ, 0) with τ the unique root of
     * Σ max(x_i − τ, 0) = s. Shift by max x first: τ moves with the shift,
     * so the result is unchanged, and afterwards every active entry lies in
     * (−s, 0] (τ* ≥ max x − s), so the sums below cannot overflow whatever
     * the magnitude of x. */
    double xmax = x[0];
    for (size_t i = 1; i < d; i++)
        if (x[i] > xmax)
            xmax = x[i];
    /* Michelot: start from a superset of the support, I = {i : x_i > max −
     * s}; τ_I = (Σ_I x_i − s)/|I| never exceeds τ*, and dropping the indices
     * with x_i <= τ_I keeps a superset. The set shrinks strictly until it is
     * stable, at which point τ_I = τ*. */
    double tau = -s; /* in shifted coordinates: x_i − xmax > −s */
    size_t count = 0;
    for (;;) {
        double sum = 0.0;
        size_t c = 0;
        for (size_t i = 0; i < d; i++) {
            double y = x[i] - xmax;
            if (y > tau) {
                sum += y;
                c++;
            }
        }
        /* c >= 1 always: the maximum (y = 0 > τ, as τ <= τ* < 0 in shifted
         * coordinates since s > 0). */
        double t = (sum - s) / (double)c;
        if (c == count)
            break;
        count = c;
        /* max() guards the monotonicity against rounding, so the active set
         * {y > τ} can only shrink and the loop ends within d passes. */
        if (t > tau)
            tau = t;
        else
            break;
    }
    for (size_t i = 0; i < d; i++) {
        double y = x[i] - xmax - tau;
        x[i] = y > 0.0 ? y : 0.0;
    }
}

void oco_proj_orthant_ball(double *x, size_t d, double r)
{
    oco_proj_orthant(x, d);
    oco_proj_ball(x, d, NULL, r);
}

/* ---- objects -------------------------------------------------------------- */

static oco_domain *domain_alloc(oco_domain_kind kind, size_t d, size_t nbounds, const char *what)
{
    if (d == 0) {
        oco_set_error(OCO_EINVAL, "%s: dimension d must be positive", what);
        return NULL;
    }
    if (nbounds > (SIZE_MAX - sizeof(oco_domain)) / sizeof(double)) {
        oco_set_error(OCO_EINVAL, "%s: dimension d=%zu too large", what, d);
        return NULL;
    }
    oco_domain *dom = malloc(sizeof *dom + nbounds * sizeof(double));
    if (dom == NULL) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory (d=%zu)", what, d);
        return NULL;
    }
    dom->kind = kind;
    dom->d = d;
    dom->radius = 0.0;
    dom->lo = dom->hi = NULL;
    return dom;
}

static int check_bounds(double lo, double hi, size_t i, const char *what)
{
    if (isnan(lo) || isnan(hi))
        return oco_set_error(OCO_EINVAL, "%s: bound %zu is NaN", what, i);
    if (lo > hi)
        return oco_set_error(OCO_EINVAL, "%s: lo[%zu]=%.17g > hi[%zu]=%.17g", what, i, lo, i, hi);
    if (lo == INFINITY || hi == -INFINITY)
        return oco_set_error(OCO_EINVAL, "%s: bounds [%.17g, %.17g] of coordinate %zu leave it empty",
                             what, lo, hi, i);
    return OCO_OK;
}

oco_domain *oco_domain_box(size_t d, const double *lo, const double *hi)
{
    if (lo == NULL || hi == NULL) {
        oco_set_error(OCO_EINVAL, "oco_domain_box: lo and hi must not be NULL");
        return NULL;
    }
    for (size_t i = 0; i < d; i++)
        if (check_bounds(lo[i], hi[i], i, "oco_domain_box") != OCO_OK)
            return NULL;
    if (d > SIZE_MAX / 2) {
        oco_set_error(OCO_EINVAL, "oco_domain_box: dimension d=%zu too large", d);
        return NULL;
    }
    oco_domain *dom = domain_alloc(OCO_DOMAIN_BOX, d, 2 * d, "oco_domain_box");
    if (dom == NULL)
        return NULL;
    dom->lo = dom->bounds;
    dom->hi = dom->bounds + d;
    memcpy(dom->lo, lo, d * sizeof *lo);
    memcpy(dom->hi, hi, d * sizeof *hi);
    return dom;
}

oco_domain *oco_domain_box_uniform(size_t d, double lo, double hi)
{
    if (check_bounds(lo, hi, 0, "oco_domain_box_uniform") != OCO_OK)
        return NULL;
    if (d > SIZE_MAX / 2) {
        oco_set_error(OCO_EINVAL, "oco_domain_box_uniform: dimension d=%zu too large", d);
        return NULL;
    }
    oco_domain *dom = domain_alloc(OCO_DOMAIN_BOX, d, 2 * d, "oco_domain_box_uniform");
    if (dom == NULL)
        return NULL;
    dom->lo = dom->bounds;
    dom->hi = dom->bounds + d;
    oco_fill(dom->lo, d, lo);
    oco_fill(dom->hi, d, hi);
    return dom;
}

oco_domain *oco_domain_orthant(size_t d)
{
    return domain_alloc(OCO_DOMAIN_ORTHANT, d, 0, "oco_domain_orthant");
}

static int check_radius(double r, const char *what)
{
    if (!(r > 0.0) || isinf(r))
        return oco_set_error(OCO_EINVAL, "%s: radius must be finite and > 0 (got %.17g)", what, r);
    return OCO_OK;
}

oco_domain *oco_domain_ball(size_t d, double radius)
{
    if (check_radius(radius, "oco_domain_ball") != OCO_OK)
        return NULL;
    oco_domain *dom = domain_alloc(OCO_DOMAIN_BALL, d, 0, "oco_domain_ball");
    if (dom != NULL)
        dom->radius = radius;
    return dom;
}

oco_domain *oco_domain_simplex(size_t d)
{
    return domain_alloc(OCO_DOMAIN_SIMPLEX, d, 0, "oco_domain_simplex");
}

oco_domain *oco_domain_orthant_ball(size_t d, double radius)
{
    if (check_radius(radius, "oco_domain_orthant_ball") != OCO_OK)
        return NULL;
    oco_domain *dom = domain_alloc(OCO_DOMAIN_ORTHANT_BALL, d, 0, "oco_domain_orthant_ball");
    if (dom != NULL)
        dom->radius = radius;
    return dom;
}

/* strtod over the whole of [s, end): 0 on success. */
static int parse_number(const char *s, const char *end, double *out)
{
    char buf[64];
    size_t len = (size_t)(end - s);
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *stop;
    errno = 0;
    double v = strtod(buf, &stop);
    if (stop != buf + len || errno == ERANGE || isnan(v))
        return -1;
    *out = v;
    return 0;
}

oco_domain *oco_domain_parse(const char *spec, size_t d)
{
    static const char expect[] = "expected ball:R, box:a,b, simplex, orthant or orthant-ball:R";
    if (spec == NULL) {
        oco_set_error(OCO_EINVAL, "domain spec is NULL (%s)", expect);
        return NULL;
    }
    if (d == 0) {
        oco_set_error(OCO_EINVAL, "domain '%s': dimension d must be positive", spec);
        return NULL;
    }
    if (strcmp(spec, "simplex") == 0)
        return oco_domain_simplex(d);
    if (strcmp(spec, "orthant") == 0)
        return oco_domain_orthant(d);

    const char *colon = strchr(spec, ':');
    const char *end = spec + strlen(spec);
    size_t head = colon ? (size_t)(colon - spec) : 0;
    double r, a, b;
    if (colon && head == 4 && strncmp(spec, "ball", 4) == 0) {
        if (parse_number(colon + 1, end, &r) != 0 || !(r > 0.0) || isinf(r)) {
            oco_set_error(OCO_EINVAL, "domain '%s': radius R must be a finite number > 0", spec);
            return NULL;
        }
        return oco_domain_ball(d, r);
    }
    if (colon && head == 12 && strncmp(spec, "orthant-ball", 12) == 0) {
        if (parse_number(colon + 1, end, &r) != 0 || !(r > 0.0) || isinf(r)) {
            oco_set_error(OCO_EINVAL, "domain '%s': radius R must be a finite number > 0", spec);
            return NULL;
        }
        return oco_domain_orthant_ball(d, r);
    }
    if (colon && head == 3 && strncmp(spec, "box", 3) == 0) {
        const char *comma = strchr(colon + 1, ',');
        if (comma == NULL || parse_number(colon + 1, comma, &a) != 0 ||
            parse_number(comma + 1, end, &b) != 0) {
            oco_set_error(OCO_EINVAL, "domain '%s': expected box:a,b with numbers a <= b", spec);
            return NULL;
        }
        if (a > b || a == INFINITY || b == -INFINITY) {
            oco_set_error(OCO_EINVAL, "domain '%s': empty box (need a <= b, a < +inf, b > -inf)", spec);
            return NULL;
        }
        return oco_domain_box_uniform(d, a, b);
    }
    oco_set_error(OCO_EINVAL, "unknown domain '%s' (%s)", spec, expect);
    return NULL;
}

void oco_domain_free(oco_domain *dom) { free(dom); }

oco_domain_kind oco_domain_get_kind(const oco_domain *dom) { return dom->kind; }

size_t oco_domain_dim(const oco_domain *dom) { return dom->d; }

double oco_domain_diameter(const oco_domain *dom)
{
    switch (dom->kind) {
    case OCO_DOMAIN_BOX: {
        /* ‖hi − lo‖₂ = 2‖(hi − lo)/2‖₂, from half widths (which cannot
         * overflow for finite bounds), scaled by the largest. */
        double amax = 0.0;
        for (size_t i = 0; i < dom->d; i++) {
            if (isinf(dom->lo[i]) || isinf(dom->hi[i]))
                return INFINITY;
            double hw = 0.5 * dom->hi[i] - 0.5 * dom->lo[i];
            if (hw > amax)
                amax = hw;
        }
        if (amax == 0.0)
            return 0.0;
        double s = 0.0;
        for (size_t i = 0; i < dom->d; i++) {
            double t = (0.5 * dom->hi[i] - 0.5 * dom->lo[i]) / amax;
            s += t * t;
        }
        return 2.0 * amax * sqrt(s); /* +Inf only if the true value exceeds DBL_MAX */
    }
    case OCO_DOMAIN_ORTHANT:
        return INFINITY;
    case OCO_DOMAIN_BALL:
        return 2.0 * dom->radius;
    case OCO_DOMAIN_SIMPLEX:
        /* Two vertices e_i, e_j: √2; a single point for d = 1. */
        return dom->d >= 2 ? sqrt(2.0) : 0.0;
    case OCO_DOMAIN_ORTHANT_BALL:
        /* For x, y >= 0: ‖x − y‖² = ‖x‖² + ‖y‖² − 2⟨x, y⟩ <= 2R², attained
         * at R e_i, R e_j; for d = 1 the set is the segment [0, R]. */
        return dom->d >= 2 ? sqrt(2.0) * dom->radius : dom->radius;
    }
    return NAN;
}

void oco_domain_center(const oco_domain *dom, double *x)
{
    switch (dom->kind) {
    case OCO_DOMAIN_BOX:
        for (size_t i = 0; i < dom->d; i++) {
            double lo = dom->lo[i], hi = dom->hi[i];
            if (isfinite(lo) && isfinite(hi))
                x[i] = 0.5 * lo + 0.5 * hi; /* no overflow for wide boxes */
            else if (isfinite(lo))
                x[i] = lo;
            else if (isfinite(hi))
                x[i] = hi;
            else
                x[i] = 0.0;
        }
        return;
    case OCO_DOMAIN_SIMPLEX:
        oco_fill(x, dom->d, 1.0 / (double)dom->d);
        return;
    case OCO_DOMAIN_ORTHANT:      /* the apex: the finite bound of every coordinate */
    case OCO_DOMAIN_BALL:         /* the centre */
    case OCO_DOMAIN_ORTHANT_BALL: /* the centre of the ball, the usual x_1 of OGD */
        oco_fill(x, dom->d, 0.0);
        return;
    }
}

int oco_domain_project(const oco_domain *dom, double *x)
{
    if (dom == NULL || x == NULL)
        return oco_set_error(OCO_EINVAL, "oco_domain_project: NULL argument");
    for (size_t i = 0; i < dom->d; i++)
        if (!isfinite(x[i]))
            return oco_set_error(OCO_EINVAL, "oco_domain_project: x[%zu] = %.17g is not finite", i, x[i]);
    switch (dom->kind) {
    case OCO_DOMAIN_BOX:
        oco_proj_box(x, dom->d, dom->lo, dom->hi);
        break;
    case OCO_DOMAIN_ORTHANT:
        oco_proj_orthant(x, dom->d);
        break;
    case OCO_DOMAIN_BALL:
        oco_proj_ball(x, dom->d, NULL, dom->radius);
        break;
    case OCO_DOMAIN_SIMPLEX:
        oco_proj_simplex(x, dom->d, 1.0);
        break;
    case OCO_DOMAIN_ORTHANT_BALL:
        oco_proj_orthant_ball(x, dom->d, dom->radius);
        break;
    }
    return OCO_OK;
}

int oco_domain_contains(const oco_domain *dom, const double *x, double tol)
{
    const size_t d = dom->d;
    if (!oco_all_finite(x, d))
        return 0;
    switch (dom->kind) {
    case OCO_DOMAIN_BOX:
        for (size_t i = 0; i < d; i++)
            if (!(x[i] >= dom->lo[i] - tol && x[i] <= dom->hi[i] + tol))
                return 0;
        return 1;
    case OCO_DOMAIN_ORTHANT:
        for (size_t i = 0; i < d; i++)
            if (!(x[i] >= -tol))
                return 0;
        return 1;
    case OCO_DOMAIN_BALL:
        return oco_nrm2(x, d) <= dom->radius + tol;
    case OCO_DOMAIN_SIMPLEX: {
        double s = 0.0;
        for (size_t i = 0; i < d; i++) {
            if (!(x[i] >= -tol))
                return 0;
            s += x[i];
        }
        return fabs(s - 1.0) <= tol;
    }
    case OCO_DOMAIN_ORTHANT_BALL:
        for (size_t i = 0; i < d; i++)
            if (!(x[i] >= -tol))
                return 0;
        return oco_nrm2(x, d) <= dom->radius + tol;
    }
    return 0;
}
