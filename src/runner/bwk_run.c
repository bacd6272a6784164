/* The bandits-with-knapsacks runner (include/oco/bwk_runner.h): plays a bwk
 * algorithm through all T rounds of an instance, past the budget (seed 003
 * Appendix D: "play continues to T"), with bandit feedback only, and
 * measures loss, consumption, pulls per arm, the expected loss of the
 * distributions, and the exact benchmark (54) after the run.
 *
 * Per round (allocation-free: p̃ is one buffer of K allocated per run):
 *   next round of the instance → oco_bwk_pull (I_t ~ p̃_t, the algorithm's
 *   rng) → ℓ_{t,I_t}, c_{t,I_t} → oco_bwk_update → p̃_t for ⟨p̃_t, ℓ_t⟩.
 * The sums are plain left-to-right sums in round order, so a caller can
 * recompute the consumption exactly from the decisions. */
#include "oco/bwk_runner.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

oco_bwk_run_opts oco_bwk_run_opts_default(void)
{
    oco_bwk_run_opts o;
    memset(&o, 0, sizeof o);
    o.benchmark = 1;
    return o;
}

void oco_bwk_setup_from_problem(const oco_bwk_problem *p, oco_bwk_setup *setup)
{
    if (!setup)
        return;
    *setup = oco_bwk_setup_default();
    if (!p)
        return;
    setup->K = oco_bwk_problem_arms(p);
    setup->T = oco_bwk_problem_horizon(p);
}

int oco_bwk_run(oco_bwk *alg, oco_bwk_problem *p, const oco_bwk_run_opts *opts,
                oco_bwk_run_result *out, size_t *pulls, double *pstar)
{
    if (!alg || !p || !out)
        return oco_set_error(OCO_EINVAL, "bwk run: NULL %s",
                             !alg ? "algorithm" : !p ? "instance" : "out");
    oco_bwk_run_opts def = oco_bwk_run_opts_default();
    if (!opts)
        opts = &def;
    const oco_bwk_setup *setup = oco_bwk_get_setup(alg);
    const char *nm = oco_bwk_get_type(alg)->info.name;
    const size_t K = setup->K, T = oco_bwk_problem_horizon(p);
    if (oco_bwk_problem_arms(p) != K)
        return oco_set_error(OCO_EINVAL, "bwk run: %s has K = %zu arms, the instance %s has %zu",
                             nm, K, oco_bwk_problem_label(p), oco_bwk_problem_arms(p));
    if (oco_bwk_round(alg) != 0)
        return oco_set_error(OCO_ESTATE, "bwk run: %s has already played %zu rounds (reset it)",
                             nm, oco_bwk_round(alg));
    if (!(oco_bwk_get_type(alg)->info.flags & OCO_ALGO_ANYTIME) && setup->T < T)
        return oco_set_error(OCO_EINVAL, "bwk run: %s has horizon T = %zu, the instance %zu "
                                         "rounds", nm, setup->T, T);
    double *pt = malloc(K * sizeof *pt);
    if (!pt)
        return oco_set_error(OCO_ENOMEM, "bwk run: out of memory (K = %zu)", K);
    memset(out, 0, sizeof *out);
    out->budget = setup->budget;
    out->benchmark = out->regret = out->benchmark_consumption = NAN;
    if (pulls)
        memset(pulls, 0, K * sizeof *pulls);

    const double *l = oco_bwk_problem_losses(p), *c = oco_bwk_problem_costs(p);
    double loss = 0, cons = 0, eloss = 0;
    int rc = OCO_OK;
    oco_bwk_problem_rewind(p);
    const double t0 = oco__now_seconds();
    for (size_t t = 1; t <= T; ++t) {
        size_t arm;
        if ((rc = oco_bwk_problem_next(p)) != OCO_OK || (rc = oco_bwk_pull(alg, &arm)) != OCO_OK)
            break;
        const double li = l[arm], ci = c[arm];
        if ((rc = oco_bwk_update(alg, li, ci)) != OCO_OK ||
            (rc = oco_bwk_last_distribution(alg, pt)) != OCO_OK)
            break;
        double e = 0;
        for (size_t i = 0; i < K; ++i)
            e += pt[i] * l[i];
        loss += li;
        cons += ci;
        eloss += e;
        if (pulls)
            pulls[arm]++;
        out->T = t;
        if (opts->on_round &&
            (rc = opts->on_round(opts->ctx, t, arm, li, ci, pt, loss, cons, alg)) != OCO_OK)
            break;
    }
    out->seconds = oco__now_seconds() - t0;
    out->loss = loss;
    out->consumption = cons;
    out->expected_loss = eloss;
    out->pulls_per_second = out->seconds > 0 ? (double)out->T / out->seconds : INFINITY;
    free(pt);
    if (rc != OCO_OK)
        return rc;
    if (opts->benchmark) {
        oco_bwk_benchmark b;
        rc = oco_bwk_problem_benchmark(p, setup->budget, pstar, &b);
        out->benchmark_seconds = b.seconds;
        if (rc != OCO_OK)
            return rc; /* OCO_EINFEASIBLE: the run's fields are filled, benchmark NaN */
        out->benchmark = b.value;
        out->benchmark_consumption = b.consumption;
        out->regret = loss - b.value;
    }
    return OCO_OK;
}
