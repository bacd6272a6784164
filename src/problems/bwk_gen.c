/* The generated bandits-with-knapsacks instances (include/oco/bwk_problem.h).
 *
 * Every round is drawn from ONE oco_rng stream, oco_rng_seed(seed, 0), in the
 * order written below, so rewind (re-seeding) replays bit-identical rounds
 * and the benchmark replays instead of storing. The constants of a kind come
 * from stream 1 of the same seed, drawn once at creation. U[a, b] is
 * oco_rng_uniform_range; Bernoulli(q) is 1{U[0, 1) < q}. Every value is in
 * [0, 1] (clamped where noise could leave it).
 *
 * Both random kinds have a FREE ARM, arm K, with c_{t,K} = 0 in every round
 * (PROJECT CHOICE [D], like the null arm of Immorlica et al.; seed 003 does
 * not need one): every budget B >= 0, B = 0 included, then has a feasible
 * benchmark (54), which is what a sweep over budgets needs.
 *
 * stochastic   PROJECT CHOICE [D] (the seed runs no experiment): constants,
 *              for i = 1..K−1 in order: μ_i ~ U[0.05, 0.95], then
 *              κ_i = (1 − μ_i)·U[0.5, 1]: the cheap arms are the lossy ones,
 *              so a budget B < T·max_i κ_i binds and the benchmark mixes
 *              arms; then the free arm: μ_K ~ U[0.6, 0.95], κ_K = 0. Per
 *              round: ℓ_{t,i} ~ Bernoulli(μ_i) for i = 1..K, then
 *              c_{t,i} ~ Bernoulli(κ_i) for i = 1..K (a uniform is drawn for
 *              the free arm too, so the stream does not depend on it).
 * adversarial  PROJECT CHOICE [D]: oblivious, non-stationary. T is split into
 *              P = 4 phases (round t is in phase j = ⌊(t−1)P/T⌋, 0-based).
 *              Constants, for j = 0..P−1, for i = 1..K: the good arm of
 *              phase j is i = (j mod K) + 1, with loss mean μ_{j,i} ~
 *              U[0, 0.2] and cost mean κ_{j,i} ~ U[0.5, 1]; every other arm
 *              has μ_{j,i} ~ U[0.4, 0.9], κ_{j,i} ~ U[0, 0.5] (μ then κ for
 *              each (j, i)); the free arm's κ_{j,K} is drawn and then set to
 *              0. Per round: ℓ_{t,i} = clamp(μ_{j,i} + U[−0.1, 0.1]) for
 *              i = 1..K, then c_{t,i} = clamp(κ_{j,i} + U[−0.1, 0.1]) (the
 *              free arm's uniform is drawn and its cost kept at 0). The arm
 *              that is best switches with the phase, so the best fixed
 *              distribution over the horizon is not the best of any phase,
 *              and an algorithm that locks on early pays for it.
 * lower-bound  seed 003 Theorem 5 / Appendix B, after Immorlica et al. (2022)
 *              Construction 8.7 (llp_sarkar.md §B.7 [S]): K = 2; n phases
 *              (default n = max(1, ⌊log2 T⌋) [D]; round t in phase
 *              ⌊(t−1)n/T⌋ + 1); arm 1 consumes 1 every round and pays the
 *              reward r_j = 2^{j−n} in phase j <= k and 0 in the phases after
 *              k (the seed's formula is blank; "increasing in the phase index"
 *              is [R], the geometric 2^{j−n} ∈ (0, 1] is [D]); arm 2 is the
 *              null arm (reward 0, consumption 0). Losses are ℓ = 1 − r:
 *              ℓ_{t,1} = 1 − r_{j(t)}·1{j(t) <= k}, ℓ_{t,2} = 1; c_t = (1, 0).
 *              k ~ uniform on 1..n from stream 1 (oco_rng_below), unless set.
 *              No draw per round: the instance is deterministic given (n, k).
 *              The natural budget of the construction is one phase, B ≈ T/n. */
#include "oco/bwk_problem.h"

#include "oco/error.h"

#include <math.h>

#include "problems/bwk_problem_impl.h"

static double unif(oco_rng *r, double a, double b) { return oco_rng_uniform_range(r, a, b); }
static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

int oco__bwk_gen_init(oco_bwk_problem *p)
{
    const size_t K = p->K;
    oco_rng r;
    oco_rng_seed(&r, p->seed, 1);
    switch (p->kind) {
    case OCO_BWK_PROBLEM_STOCHASTIC:
        for (size_t i = 0; i + 1 < K; ++i) {
            p->mu[i] = unif(&r, 0.05, 0.95);
            p->kappa[i] = (1 - p->mu[i]) * unif(&r, 0.5, 1);
        }
        p->mu[K - 1] = unif(&r, 0.6, 0.95); /* the free arm */
        p->kappa[K - 1] = 0;
        return OCO_OK;
    case OCO_BWK_PROBLEM_ADVERSARIAL:
        for (size_t j = 0; j < OCO__BWK_ADV_PHASES; ++j)
            for (size_t i = 0; i < K; ++i) {
                const int good = i == j % K;
                p->mu[j * K + i] = good ? unif(&r, 0, 0.2) : unif(&r, 0.4, 0.9);
                p->kappa[j * K + i] = good ? unif(&r, 0.5, 1) : unif(&r, 0, 0.5);
            }
        for (size_t j = 0; j < OCO__BWK_ADV_PHASES; ++j)
            p->kappa[j * K + K - 1] = 0; /* the free arm */
        return OCO_OK;
    case OCO_BWK_PROBLEM_LOWER_BOUND: {
        size_t n = p->phases;
        if (n == 0) {
            n = 0;
            for (size_t T = p->T; T > 1; T >>= 1)
                n++; /* ⌊log2 T⌋ */
            if (n == 0)
                n = 1;
        }
        if (n > p->T || n > 1024)
            return oco_set_error(OCO_EINVAL, "bwk instance lower-bound: phases = %zu must be "
                                             "<= T = %zu and <= 1024", n, p->T);
        if (p->phase_k > n)
            return oco_set_error(OCO_EINVAL, "bwk instance lower-bound: phase_k = %zu must be "
                                             "in 1..%zu (the phases)", p->phase_k, n);
        p->phases = n;
        if (p->phase_k == 0)
            p->phase_k = 1 + (size_t)oco_rng_below(&r, n);
        return OCO_OK;
    }
    case OCO_BWK_PROBLEM_DATA:
        break;
    }
    return oco_set_error(OCO_EINVAL, "bwk instance: kind %d is not generated", (int)p->kind);
}

void oco__bwk_gen_round(oco_bwk_problem *p)
{
    const size_t K = p->K, t = p->round + 1;
    oco_rng *r = &p->rng;
    switch (p->kind) {
    case OCO_BWK_PROBLEM_STOCHASTIC:
        for (size_t i = 0; i < K; ++i)
            p->loss[i] = oco_rng_uniform(r) < p->mu[i] ? 1.0 : 0.0;
        for (size_t i = 0; i < K; ++i)
            p->cost[i] = oco_rng_uniform(r) < p->kappa[i] ? 1.0 : 0.0;
        break;
    case OCO_BWK_PROBLEM_ADVERSARIAL: {
        size_t j;
        if (t - 1 <= SIZE_MAX / OCO__BWK_ADV_PHASES)
            j = (t - 1) * OCO__BWK_ADV_PHASES / p->T;
        else
            j = (size_t)((double)(t - 1) / (double)p->T * OCO__BWK_ADV_PHASES);
        if (j >= OCO__BWK_ADV_PHASES)
            j = OCO__BWK_ADV_PHASES - 1;
        const double *mu = p->mu + j * K, *ka = p->kappa + j * K;
        for (size_t i = 0; i < K; ++i)
            p->loss[i] = clamp01(mu[i] + unif(r, -0.1, 0.1));
        for (size_t i = 0; i < K; ++i)
            p->cost[i] = clamp01(ka[i] + unif(r, -0.1, 0.1));
        p->cost[K - 1] = 0; /* the free arm */
        break;
    }
    case OCO_BWK_PROBLEM_LOWER_BOUND: {
        const size_t j = oco_bwk_problem_phase_of(p, t);
        const double rew = j <= p->phase_k ? oco_bwk_problem_lower_bound_reward(p, j) : 0.0;
        p->loss[0] = 1 - rew;
        p->cost[0] = 1;
        p->loss[1] = 1; /* the null arm: reward 0, consumption 0 */
        p->cost[1] = 0;
        break;
    }
    case OCO_BWK_PROBLEM_DATA:
        break;
    }
}
