/* The exact benchmark of bandits with knapsacks (seed 003 (54);
 * include/oco/bwk_problem.h):
 *
 *   min over p ∈ Δ_K of Σ_t ⟨p, ℓ_t⟩  s.t.  Σ_t ⟨p, c_t⟩ <= B.
 *
 * The objective and the constraint are linear in p, so only the sums
 * L = Σ_t ℓ_t and C = Σ_t c_t matter: one replay of the instance (O(TK),
 * nothing stored), then an LP with K columns and 2 rows (Σ_i p_i = 1,
 * ⟨C, p⟩ <= B) solved by CLP (src/solvers/lp.h). It is feasible iff
 * min_i C_i <= B (the cheapest vertex of the simplex); otherwise
 * OCO_EINFEASIBLE with a message. A basic optimal solution has at most two
 * nonzero entries (2 rows): tests check it against the brute force over
 * pairs of arms and against GLPK.
 *
 * Scaling: CLP's tolerances are absolute (~1e-7) and the sums reach T, so
 * the objective is divided by max_i L_i and the budget row by max_i C_i
 * (each 1 if it is 0): an exact reformulation with every coefficient in
 * [0, 1]. A budget above max_i C_i cannot bind and enters as max_i C_i (so
 * a huge B does not shrink the row either). The value is recomputed as
 * ⟨p*, L⟩ from the p* CLP returns after clipping its tiny negative entries
 * and renormalising, so value and p* agree.
 */
#include "oco/bwk_problem.h"

#include "oco/error.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "solvers/lp.h"

int oco_bwk_problem_sums(oco_bwk_problem *p, double *L, double *C)
{
    if (!p || !L || !C)
        return oco_set_error(OCO_EINVAL, "bwk sums: NULL %s", !p ? "instance" : !L ? "L" : "C");
    const size_t K = oco_bwk_problem_arms(p);
    memset(L, 0, K * sizeof *L);
    memset(C, 0, K * sizeof *C);
    oco_bwk_problem_rewind(p);
    const double *l = oco_bwk_problem_losses(p), *c = oco_bwk_problem_costs(p);
    const size_t T = oco_bwk_problem_horizon(p);
    for (size_t t = 0; t < T; ++t) {
        int rc = oco_bwk_problem_next(p);
        if (rc != OCO_OK)
            return rc;
        for (size_t i = 0; i < K; ++i) {
            L[i] += l[i];
            C[i] += c[i];
        }
    }
    oco_bwk_problem_rewind(p);
    return OCO_OK;
}

int oco_bwk_benchmark_from_sums(const double *L, const double *C, size_t K, double budget,
                                double *pstar, oco_bwk_benchmark *out)
{
    if (!L || !C || !out)
        return oco_set_error(OCO_EINVAL, "bwk benchmark: NULL %s", !L ? "L" : !C ? "C" : "out");
    if (K == 0 || K > INT_MAX / 2)
        return oco_set_error(OCO_EINVAL, "bwk benchmark: K = %zu arms (need 1..%d)", K,
                             INT_MAX / 2);
    if (!(isfinite(budget) && budget >= 0))
        return oco_set_error(OCO_EINVAL, "bwk benchmark: budget must be finite and >= 0 (got "
                                         "%g)", budget);
    double lmax = 0, cmax = 0, cmin = INFINITY;
    size_t imin = 0;
    for (size_t i = 0; i < K; ++i) {
        if (!(isfinite(L[i]) && L[i] >= 0 && isfinite(C[i]) && C[i] >= 0))
            return oco_set_error(OCO_EINVAL, "bwk benchmark: L[%zu] = %g, C[%zu] = %g must be "
                                             "finite and >= 0", i, L[i], i, C[i]);
        lmax = fmax(lmax, L[i]);
        cmax = fmax(cmax, C[i]);
        if (C[i] < cmin) {
            cmin = C[i];
            imin = i;
        }
    }
    memset(out, 0, sizeof *out);
    out->method = "lp";
    if (cmin > budget)
        return oco_set_error(OCO_EINFEASIBLE, "bwk benchmark: infeasible: every arm consumes "
                                              "more than the budget B = %.17g (the cheapest, "
                                              "arm %zu, consumes %.17g in total)",
                             budget, imin + 1, cmin);
    double *buf = malloc(4 * K * sizeof *buf);
    int *ibuf = malloc((3 * K + 1) * sizeof *ibuf);
    if (!buf || !ibuf) {
        free(buf);
        free(ibuf);
        return oco_set_error(OCO_ENOMEM, "bwk benchmark: out of memory (K = %zu)", K);
    }
    double *obj = buf, *val = obj + K, *x = val + 2 * K;
    int *colstart = ibuf, *rowind = ibuf + K + 1;
    const double sl = lmax > 0 ? lmax : 1, sc = cmax > 0 ? cmax : 1;
    for (size_t i = 0; i < K; ++i) {
        obj[i] = L[i] / sl;
        colstart[i] = (int)(2 * i);
        rowind[2 * i] = 0;          /* Σ p = 1 */
        val[2 * i] = 1.0;
        rowind[2 * i + 1] = 1;      /* ⟨C, p⟩ <= B */
        val[2 * i + 1] = C[i] / sc;
    }
    colstart[K] = (int)(2 * K);
    double row_lo[2] = {1.0, -INFINITY}, row_up[2] = {1.0, fmin(budget, cmax) / sc};
    /* An explicit zero coefficient (C_i = 0) is fine for CLP's CSC input. */
    oco_lp_problem lp = {K, 2, 0, obj, NULL, NULL, row_lo, row_up, colstart, rowind, val};
    oco_lp_opts o = oco__lp_opts_default();
    oco_lp_result res;
    const double t0 = oco__now_seconds();
    int rc = oco__lp_solve(&lp, &o, &res, x, NULL, NULL);
    out->seconds = oco__now_seconds() - t0;
    out->iterations = res.iterations;
    if (rc == OCO_OK) {
        double s = 0;
        for (size_t i = 0; i < K; ++i) {
            x[i] = fmax(x[i], 0.0);
            s += x[i];
        }
        if (!(s > 0)) {
            rc = oco_set_error(OCO_ESOLVER, "bwk benchmark: CLP returned p* = 0");
        } else {
            double v = 0, cons = 0;
            for (size_t i = 0; i < K; ++i) {
                x[i] /= s;
                v += x[i] * L[i];
                cons += x[i] * C[i];
            }
            out->value = v;
            out->consumption = cons;
            if (pstar)
                memcpy(pstar, x, K * sizeof *x);
        }
    } else if (rc == OCO_EINFEASIBLE) {
        /* cannot happen after the min_i C_i <= B check, unless CLP's
         * tolerance disagrees at the boundary */
        rc = oco_set_error(OCO_EINFEASIBLE, "bwk benchmark: CLP found the LP infeasible "
                                            "(min_i C_i = %.17g, B = %.17g)", cmin, budget);
    }
    free(buf);
    free(ibuf);
    return rc;
}

int oco_bwk_problem_benchmark(oco_bwk_problem *p, double budget, double *pstar,
                              oco_bwk_benchmark *out)
{
    if (!p || !out)
        return oco_set_error(OCO_EINVAL, "bwk benchmark: NULL %s", !p ? "instance" : "out");
    const size_t K = oco_bwk_problem_arms(p);
    double *LC = malloc(2 * K * sizeof *LC);
    if (!LC)
        return oco_set_error(OCO_ENOMEM, "bwk benchmark: out of memory (K = %zu)", K);
    const double t0 = oco__now_seconds();
    int rc = oco_bwk_problem_sums(p, LC, LC + K);
    if (rc == OCO_OK)
        rc = oco_bwk_benchmark_from_sums(LC, LC + K, K, budget, pstar, out);
    out->seconds = oco__now_seconds() - t0;
    free(LC);
    return rc;
}
