/* The synthetic stand-in for the cloud-CPU trace (include/oco/oobc_problem.h;
 * olp_laau.md §2.4 [D]: "a labelled synthetic stand-in (diurnal sine + AR(1)
 * noise, clipped to [0,1])"; never presented as trace data).
 *
 * Episode i (0-based) draws everything from its own stream
 * oco_rng_seed(seed, i + 1), so it does not depend on how many episodes are
 * asked for (a larger set extends a smaller one). In that stream, in order:
 *   1. the budgets B_m ~ U[N·budget_lo[m], N·budget_hi[m]] (the class's
 *      per-step range; fairness [10, 15], §2.3 [S]);
 *   2. per context entry k = 1..p: a phase φ_k ~ U[0, period) (the episode
 *      starts at a random time of day; entries are independent series),
 *      the AR(1) state from its stationary law e_0 ~ N(0, σ²/(1 − φ_ar²)),
 *      then for t = 1..N: e_t = φ_ar·e_{t−1} + σ·z_t, z_t ~ N(0, 1),
 *          c_{t,k} = clip(mean + amplitude·sin(2π(t + φ_k)/period) + e_t, 0, 1).
 * Defaults [D]: period 288 (a day on the trace's 5-minute grid), mean 0.5,
 * amplitude 0.25, φ_ar 0.9, σ 0.05. */
#include "oco/oobc_problem.h"

#include "oco/error.h"
#include "oco/rng.h"

#include <math.h>
#include <stdio.h>

static const double two_pi = 6.283185307179586476925286766559;

oco_oobc_synth_opts oco_oobc_synth_opts_default(void)
{
    oco_oobc_synth_opts o;
    o.period = 288;    /* [D] 24 h of 5-minute readings (§2.4 schema) */
    o.mean = 0.5;      /* [D] */
    o.amplitude = 0.25; /* [D] */
    o.ar_phi = 0.9;    /* [D] */
    o.ar_sigma = 0.05; /* [D] */
    return o;
}

static int bad_opts(const oco_oobc_synth_opts *o)
{
    if (!(isfinite(o->period) && o->period > 0))
        return oco_set_error(OCO_EINVAL, "synthetic oobc data: period must be finite and > 0 "
                                         "(got %g)", o->period);
    if (!isfinite(o->mean))
        return oco_set_error(OCO_EINVAL, "synthetic oobc data: mean must be finite");
    if (!(isfinite(o->amplitude) && o->amplitude >= 0))
        return oco_set_error(OCO_EINVAL, "synthetic oobc data: amplitude must be finite and >= 0 "
                                         "(got %g)", o->amplitude);
    if (!(isfinite(o->ar_phi) && fabs(o->ar_phi) < 1))
        return oco_set_error(OCO_EINVAL, "synthetic oobc data: ar_phi must be in (-1, 1) (got %g)",
                             o->ar_phi);
    if (!(isfinite(o->ar_sigma) && o->ar_sigma >= 0))
        return oco_set_error(OCO_EINVAL, "synthetic oobc data: ar_sigma must be finite and >= 0 "
                                         "(got %g)", o->ar_sigma);
    return OCO_OK;
}

oco_oobc_data *oco_oobc_data_synthetic(const oco_oobc_class *cls, size_t N, size_t n,
                                       uint64_t seed, const oco_oobc_synth_opts *opts)
{
    const oco_oobc_synth_opts o = opts ? *opts : oco_oobc_synth_opts_default();
    if (oco_oobc_class_check(cls) || bad_opts(&o))
        return NULL;
    oco_oobc_data *d = oco_oobc_data_new(n, N, cls->M, cls->p);
    if (!d)
        return NULL;
    const size_t M = cls->M, p = cls->p;
    const double sd0 = o.ar_sigma / sqrt(1 - o.ar_phi * o.ar_phi);
    for (size_t i = 0; i < n; ++i) {
        oco_rng r;
        oco_rng_seed(&r, seed, (uint64_t)i + 1);
        for (size_t m = 0; m < M; ++m)
            d->B[i * M + m] = oco_rng_uniform_range(&r, (double)N * cls->budget_lo[m],
                                                    (double)N * cls->budget_hi[m]);
        double *c = d->c + i * N * p;
        for (size_t k = 0; k < p; ++k) {
            const double phase = oco_rng_uniform_range(&r, 0, o.period);
            double e = oco_rng_normal(&r, 0, sd0);
            for (size_t t = 0; t < N; ++t) {
                e = o.ar_phi * e + oco_rng_normal(&r, 0, o.ar_sigma);
                const double v =
                    o.mean + o.amplitude * sin(two_pi * ((double)t + 1 + phase) / o.period) + e;
                c[t * p + k] = fmin(fmax(v, 0.0), 1.0);
            }
        }
    }
    snprintf(d->label, sizeof d->label, "synthetic (diurnal+AR(1), seed %llu)",
             (unsigned long long)seed);
    return d;
}
