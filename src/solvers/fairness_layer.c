/* The fairness problem's closed-form layer and its exact hindsight OPT
 * (seed 000; olp_laau.md §2.3, §2.5). See fairness_layer.h. */
#include "solvers/fairness_layer.h"

#include <math.h>
#include <stdlib.h>

#include "oco/error.h"

static int bad_box(double lo, double hi)
{
    return !(isfinite(lo) && isfinite(hi) && lo > 0.0 && lo <= hi);
}

double oco__fair_reserve(double b, size_t steps_left, double lo)
{
    return b - (double)steps_left * lo; /* §2.3 guard [D]: keep lo per job to come */
}

int oco__fair_layer(double c, double lam, double b_eff, double lo, double hi, oco__fair_out *out)
{
    if (!out)
        return oco_set_error(OCO_EINVAL, "fairness layer: out is NULL");
    if (!(isfinite(c) && c >= 0.0))
        return oco_set_error(OCO_EINVAL, "fairness layer: c must be finite and >= 0 (got %g)", c);
    if (!(isfinite(lam) && lam >= 0.0))
        return oco_set_error(OCO_EINVAL, "fairness layer: lambda must be finite and >= 0 (got %g)",
                             lam);
    if (!isfinite(b_eff))
        return oco_set_error(OCO_EINVAL, "fairness layer: budget b must be finite");
    if (bad_box(lo, hi))
        return oco_set_error(OCO_EINVAL, "fairness layer: need 0 < lo <= hi finite (got [%g, %g])",
                             lo, hi);
    out->dx_dlam = 0.0;
    out->dx_db = 0.0;
    if (b_eff < lo) {
        /* No point of [lo, hi] fits: the reserve guard was not applied or B < N·lo. */
        out->x = b_eff > 0.0 ? b_eff : 0.0;
        out->regime = OCO__FAIR_BUDGET;
        return oco_set_error(OCO_EINFEASIBLE,
                             "fairness layer: budget b = %g below lo = %g (no feasible x)", b_eff, lo);
    }
    /* Unconstrained maximiser of c log x − λx is c/λ (stationarity c/x = λ);
     * λ = 0 (or c/λ overflowing) means "as much as allowed". */
    double u = lam > 0.0 ? c / lam : INFINITY;
    double xb; /* clip(c/λ, lo, hi) */
    int reg;
    if (u <= lo) {
        xb = lo;
        reg = OCO__FAIR_BOX_LO;
    } else if (u >= hi) {
        xb = hi;
        reg = OCO__FAIR_BOX_HI;
    } else {
        xb = u;
        reg = OCO__FAIR_INTERIOR;
    }
    if (b_eff <= xb) { /* §2.3 table: budget-active, ∂x/∂b = 1 */
        out->x = b_eff;
        out->dx_db = 1.0;
        out->regime = OCO__FAIR_BUDGET;
        return 0;
    }
    out->x = xb;
    out->regime = reg;
    if (reg == OCO__FAIR_INTERIOR)
        out->dx_dlam = -c / (lam * lam); /* §2.3 table: d(c/λ)/dλ */
    return 0;
}

/* Descending by breakpoint value; ties by event id (a deterministic order). */
/* a before b: descending breakpoint, then ascending event index (a total
 * order, so the sweep does not depend on the sort's stability). */
static int ev_before(const oco__fair_event *a, const oco__fair_event *b)
{
    if (a->v != b->v)
        return a->v > b->v;
    return a->e < b->e;
}

static void ev_sift(oco__fair_event *w, size_t root, size_t m)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= m)
            return;
        /* max-heap of "sorts last" */
        if (child + 1 < m && ev_before(&w[child], &w[child + 1]))
            child++;
        if (!ev_before(&w[root], &w[child]))
            return;
        const oco__fair_event tmp = w[root];
        w[root] = w[child];
        w[child] = tmp;
        root = child;
    }
}

/* In-place heapsort, O(m log m) worst case: glibc's qsort allocates a
 * buffer for arrays above a size threshold, and CR-Pursuit calls the
 * water-filling at every step, where nothing may allocate. */
static void ev_sort(oco__fair_event *w, size_t m)
{
    for (size_t k = m / 2; k-- > 0;)
        ev_sift(w, k, m);
    for (size_t end = m; end-- > 1;) {
        const oco__fair_event tmp = w[0];
        w[0] = w[end];
        w[end] = tmp;
        ev_sift(w, 0, end);
    }
}

int oco__fair_waterfill(size_t n, const double *c, double B, double lo, double hi, double *x,
                        double *level, oco__fair_event *work)
{
    if (n == 0 || !c || !x || !work)
        return oco_set_error(OCO_EINVAL, "fairness water-filling: n = 0 or NULL c, x or work");
    if (!isfinite(B))
        return oco_set_error(OCO_EINVAL, "fairness water-filling: budget B must be finite");
    if (bad_box(lo, hi))
        return oco_set_error(OCO_EINVAL,
                             "fairness water-filling: need 0 < lo <= hi finite (got [%g, %g])", lo,
                             hi);
    size_t n0 = 0;
    for (size_t t = 0; t < n; t++) {
        if (!(isfinite(c[t]) && c[t] >= 0.0))
            return oco_set_error(OCO_EINVAL,
                                 "fairness water-filling: c[%zu] must be finite and >= 0", t);
        n0 += c[t] == 0.0;
    }
    if ((double)n * lo > B) {
        for (size_t t = 0; t < n; t++)
            x[t] = lo;
        if (level)
            *level = INFINITY;
        return oco_set_error(OCO_EINFEASIBLE,
                             "fairness water-filling: N*lo = %g exceeds the budget B = %g",
                             (double)n * lo, B);
    }
    /* Slack budget: every positive-weight job at hi (§2.5 "if 40N <= B"). */
    if ((double)n0 * lo + (double)(n - n0) * hi <= B) {
        for (size_t t = 0; t < n; t++)
            x[t] = c[t] > 0.0 ? hi : lo;
        if (level)
            *level = 0.0;
        return 0;
    }
    /* S(λ) = Σ clip(c_t/λ, lo, hi) is continuous and nonincreasing; between
     * consecutive breakpoints it is A + C/λ with A = lo·#(at lo) + hi·#(at hi)
     * and C = Σ_{interior} c_t. Sweep λ downward from +∞ (all at lo, S = N·lo
     * ≤ B) until S(p) ≥ B at a breakpoint p; the root is on (p, previous]. */
    size_t m = 0;
    for (size_t t = 0; t < n; t++) {
        if (c[t] == 0.0)
            continue;
        work[m].v = c[t] / lo;
        work[m++].e = 2 * t;
        work[m].v = c[t] / hi;
        work[m++].e = 2 * t + 1;
    }
    ev_sort(work, m);
    double A = (double)n * lo, C = 0.0, prev = INFINITY, lam = 0.0;
    int found = 0;
    for (size_t k = 0; k < m && !found;) {
        double p = work[k].v;
        if (A + C / p >= B) {
            /* A < S(prev) < B on this segment, so B − A > 0 in exact arithmetic;
             * B = N·lo is met already at the first breakpoint (C = 0): λ* = p. */
            lam = B - A > 0.0 && C > 0.0 ? C / (B - A) : p;
            if (lam < p)
                lam = p;
            if (lam > prev)
                lam = prev;
            found = 1;
            break;
        }
        for (; k < m && work[k].v == p; k++) {
            size_t t = work[k].e / 2;
            if (work[k].e % 2 == 0) { /* c_t/λ passes lo: t becomes interior */
                A -= lo;
                C += c[t];
            } else { /* c_t/λ passes hi: t saturates */
                C -= c[t];
                A += hi;
            }
        }
        prev = p;
    }
    if (!found) /* unreachable: S at the last breakpoint is the slack case's sum > B */
        return oco_set_error(OCO_ESOLVER, "fairness water-filling: no water level found");
    for (size_t t = 0; t < n; t++) {
        double u = c[t] / lam;
        x[t] = c[t] == 0.0 ? lo : (u < lo ? lo : (u > hi ? hi : u));
    }
    if (level)
        *level = lam;
    return 0;
}

double oco__fair_utility(size_t n, const double *c, const double *x)
{
    double s = 0.0;
    for (size_t t = 0; t < n; t++)
        if (c[t] != 0.0)
            s += c[t] * log(x[t]);
    return s;
}
