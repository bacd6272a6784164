/* CR-Pursuit(π) of Lin, Yi, Pang, Chen, Wierman, Honig, Xiao (SIGMETRICS
 * 2019) for online inventory-constrained allocation, as seed 000 uses it as
 * a baseline on the fairness problem (Appendix C.2; olp_laau.md §2.5).
 *
 * Mapping of fairness to their problem (max Σ g_t(v_t), Σ v_t <= Δ,
 * g_t concave increasing, g_t(0) = 0) [D]: every job keeps x_min (the §2.3
 * reserve), the rest is the inventory
 *     v_t = x_t − x_min,   g_t(v) = c_t·log((x_min + v)/x_min)
 *         (= c_t·log(1 + v) for the paper's x_min = 1),   Δ = B − N·x_min,
 * with the cap v_t <= x_max − x_min.
 *
 * Pseudo-optimal benchmark: OPT(t) = max Σ_{s<=t} g_s(v_s) over jobs 1..t
 * with the FULL inventory Δ. In x = x_min + v this is the water-filling
 *     max Σ_{s<=t} c_s·log x_s − c_s·log x_min
 *     s.t. Σ_{s<=t} x_s <= Δ + t·x_min,  x_min <= x_s <= x_max
 * (Σ v_s <= Δ  ⇔  Σ x_s <= Δ + t·x_min), solved exactly by
 * oco__fair_waterfill (src/solvers/fairness_layer.h) with lo = x_min,
 * hi = x_max and budget Δ + t·x_min. OPT(t) is nondecreasing in t (the
 * old optimum plus x_t = x_min stays feasible), and
 * OPT(t) − OPT(t−1) <= c_t·log(x_max/x_min) (fix x_t, the rest is at most
 * OPT(t−1)), so the rule below never asks for more than the cap at π = 1.
 *
 * CR-Pursuit(π) rule: g_t(v_t) = (OPT(t) − OPT(t−1))/π, i.e.
 *     v_t = x_min·(exp((OPT(t) − OPT(t−1))/(π·c_t)) − 1),
 * clipped to [0, min(x_max − x_min, Δ_remaining)]; v_t = 0 when c_t = 0;
 * then x_t = min(x_min + v_t, b̃_t) (the strict guard; under it
 * b̃_t = x_min + Δ_remaining, so the min only absorbs rounding). The paper
 * writes the ratio as 1/π (π_LAAU = 1/π_Lin, §2.5); here π >= 1 is Lin's.
 *
 * π [D]: parameter "pi"; default (auto) the smallest π >= 1 for which no
 * training episode exhausts its inventory Δ before step N (the remaining
 * inventory after some step t < N is <= 1e-12·Δ), by bisection on the
 * training sample (§2.5 "π must be very small to stay feasible on every
 * instance"). The OPT increments of each training episode do not depend on
 * π, so they are computed once and each trial π costs O(n·N). The fitted π
 * is what the multiplier hook reports (CR-Pursuit has no price; the
 * "multiplier" of this type is its π). Measured on synthetic fairness data
 * (5000 training episodes of seed 1, build/bench/oobc_baselines N):
 * π = 1.2775 (N = 10), 1.2553 (N = 20), 1.2745 (N = 40); test utility per
 * step 0.995 / 1.014 / 1.003 against Equal's 1.267 / 1.265 / 1.266.
 *
 * Fairness class only: M = d = p = 1 and the class named "fairness" (the
 * mapping needs its utility c·log x and use g(x) = x).
 * Cost: one water-filling of t jobs at step t, O(N²·log N) per episode; its
 * scratch is allocated in create, begin/decide allocate nothing of their
 * own. (glibc's qsort inside the water-filling mallocs a temporary when the
 * 2t breakpoints exceed 1 KiB, i.e. t > 32 jobs.) */
#include "oco/oobc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"
#include "core/params_internal.h"
#include "solvers/fairness_layer.h"

/* Exhausted: the remaining inventory before the last step is at most this
 * fraction of Δ. */
#define CRP_EXHAUST_RTOL 1e-12
/* The π bisection: doublings of the bracket and its relative width. */
#define CRP_DOUBLINGS 60
#define CRP_PI_RTOL 1e-9

static const oco_param_spec crp_params[] = {
    {"pi", NAN, "fitted",
     "competitive-ratio target pi >= 1 of the rule g_t(v_t) = (OPT(t) - OPT(t-1))/pi (Lin's "
     "convention; LAAU writes 1/pi); default: the smallest pi >= 1 with which no training "
     "episode exhausts its inventory before step N (bisection)",
     "D"},
};
enum { CRP_NP = sizeof crp_params / sizeof crp_params[0] };

typedef struct crp_state {
    size_t N;
    double lo, hi; /* x_min, x_max */
    double pi;
    double Delta;    /* B − N·x_min of the current episode */
    double opt_prev; /* OPT(t − 1) */
    double *cs;      /* N: the contexts so far */
    double *xw;      /* N: water-filling output */
    oco__fair_event *work; /* 2N */
} crp_state;

static int crp_class_ok(const oco_oobc_class *cls)
{
    if (strcmp(cls->name, "fairness") != 0 || cls->M != 1 || cls->d != 1 || cls->p != 1)
        return oco_set_error(OCO_EINVAL,
                             "cr-pursuit: defined for the fairness class only (M = d = p = 1, "
                             "utility c log x, use x); got class '%s' with M = %zu, d = %zu, "
                             "p = %zu",
                             cls->name, cls->M, cls->d, cls->p);
    if (!(cls->lo[0] > 0))
        return oco_set_error(OCO_EINVAL, "cr-pursuit: needs x_min > 0 (got %g)", cls->lo[0]);
    return OCO_OK;
}

static int crp_read(const oco_oobc_setup *s, const oco_param *p, size_t np, double *pi)
{
    int rc = crp_class_ok(s->cls);
    if (rc)
        return rc;
    *pi = oco__param_or(crp_params, CRP_NP, p, np, "pi", NAN);
    if (!isnan(*pi) && !(isfinite(*pi) && *pi >= 1))
        return oco_set_error(OCO_EINVAL, "cr-pursuit: pi must be finite and >= 1 (got %.17g)",
                             *pi);
    return OCO_OK;
}

static int crp_check(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    double pi;
    return crp_read(s, p, np, &pi);
}

/* OPT(t) of jobs cs[0..t) with inventory Delta (the water-filling above),
 * as Σ c_s·log(x_s/x_min). */
static int crp_opt(crp_state *s, size_t t, double Delta, double *opt)
{
    int rc = oco__fair_waterfill(t, s->cs, Delta + (double)t * s->lo, s->lo, s->hi, s->xw, NULL,
                                 s->work);
    if (rc)
        return rc;
    double v = 0;
    for (size_t k = 0; k < t; ++k)
        if (s->cs[k] > 0)
            v += s->cs[k] * log(s->xw[k] / s->lo);
    *opt = v;
    return OCO_OK;
}

/* The rule: v for the OPT increment D at weight c, at most cap. */
static double crp_v(double D, double c, double pi, double lo, double cap)
{
    if (!(c > 0) || !(D > 0))
        return 0.0;
    const double v = lo * expm1(D / (pi * c));
    return v < cap ? v : cap;
}

/* Does any training episode exhaust its inventory before step N at π?
 * D[i·N + t]: the OPT increments, Delta[i]. */
static int crp_exhausts(const crp_state *s, size_t n, const double *D, const double *cc,
                        const double *Delta, double pi)
{
    const size_t N = s->N;
    for (size_t i = 0; i < n; ++i) {
        if (!(Delta[i] > 0))
            continue; /* nothing to exhaust: every job gets x_min */
        double rem = Delta[i];
        for (size_t t = 0; t + 1 < N; ++t) {
            const double cap = fmin(s->hi - s->lo, rem);
            rem -= crp_v(D[i * N + t], cc[i * N + t], pi, s->lo, cap);
            if (rem <= CRP_EXHAUST_RTOL * Delta[i])
                return 1;
        }
    }
    return 0;
}

static int crp_fit(crp_state *s, const oco_oobc_data *train)
{
    const size_t n = train->n, N = s->N;
    double *D = malloc((n * N + n) * sizeof *D);
    if (!D)
        return oco_set_error(OCO_ENOMEM, "cr-pursuit: out of memory for the fit");
    double *Delta = D + n * N;
    int rc = OCO_OK;
    for (size_t i = 0; i < n && !rc; ++i) {
        const double *c = train->c + i * N;
        Delta[i] = train->B[i] - (double)N * s->lo;
        double prev = 0, opt = 0;
        for (size_t t = 0; t < N && !rc; ++t) {
            if (!(c[t] >= 0)) {
                rc = oco_set_error(OCO_EINVAL,
                                   "cr-pursuit: training episode %zu, step %zu: weight %g < 0",
                                   i + 1, t + 1, c[t]);
                break;
            }
            s->cs[t] = c[t];
            if (Delta[i] >= 0 && (rc = crp_opt(s, t + 1, Delta[i], &opt)))
                break;
            D[i * N + t] = Delta[i] >= 0 ? fmax(0.0, opt - prev) : 0.0;
            prev = opt;
        }
    }
    if (!rc) {
        double lo = 1, hi = 1;
        if (crp_exhausts(s, n, D, train->c, Delta, 1.0)) {
            int k;
            for (k = 0; k < CRP_DOUBLINGS; ++k) {
                lo = hi;
                hi *= 2;
                if (!crp_exhausts(s, n, D, train->c, Delta, hi))
                    break;
            }
            if (k == CRP_DOUBLINGS)
                rc = oco_set_error(OCO_ESOLVER,
                                   "cr-pursuit: no pi <= %g keeps every training episode's "
                                   "inventory until step N",
                                   hi);
            while (!rc && hi - lo > CRP_PI_RTOL * hi) {
                const double mid = 0.5 * (lo + hi);
                if (crp_exhausts(s, n, D, train->c, Delta, mid))
                    lo = mid;
                else
                    hi = mid;
            }
        }
        s->pi = hi; /* the side on which no episode exhausts */
    }
    free(D);
    return rc;
}

static void crp_destroy(void *state)
{
    crp_state *s = state;
    if (!s)
        return;
    free(s->cs);
    free(s->work);
    free(s);
}

static void *crp_create(const oco_oobc_setup *setup, const oco_param *p, size_t np)
{
    double pi;
    if (crp_read(setup, p, np, &pi) != OCO_OK)
        return NULL;
    const size_t N = setup->N;
    crp_state *s = calloc(1, sizeof *s);
    if (s) {
        s->cs = calloc(2 * N, sizeof *s->cs);
        s->work = calloc(2 * N, sizeof *s->work);
    }
    if (!s || !s->cs || !s->work) {
        crp_destroy(s);
        oco_set_error(OCO_ENOMEM, "cr-pursuit: out of memory for N = %zu", N);
        return NULL;
    }
    s->xw = s->cs + N;
    s->N = N;
    s->lo = setup->cls->lo[0];
    s->hi = setup->cls->hi[0];
    s->pi = pi;
    if (isnan(pi) && crp_fit(s, setup->train) != OCO_OK) {
        crp_destroy(s);
        return NULL;
    }
    return s;
}

static int crp_begin(void *state, const double *B)
{
    crp_state *s = state;
    s->Delta = B[0] - (double)s->N * s->lo; /* >= 0: the wrapper checked B >= N·reserve */
    s->opt_prev = 0;
    return OCO_OK;
}

static int crp_decide(void *state, size_t t, const double *c, const double *b,
                      const double *b_eff, double *x)
{
    (void)b;
    crp_state *s = state;
    if (!(c[0] >= 0))
        return oco_set_error(OCO_EINVAL, "cr-pursuit: step %zu: weight c = %g must be >= 0", t + 1,
                             c[0]);
    s->cs[t] = c[0];
    double opt;
    int rc = crp_opt(s, t + 1, fmax(s->Delta, 0.0), &opt);
    if (rc)
        return rc;
    const double D = opt - s->opt_prev;
    s->opt_prev = opt;
    /* Δ_remaining = b̃_t − x_min under the guard (b̃_t = b_t − (N−t)·x_min) */
    const double rem = fmax(b_eff[0] - s->lo, 0.0);
    const double v = crp_v(D, c[0], s->pi, s->lo, fmin(s->hi - s->lo, rem));
    x[0] = fmin(s->lo + v, b_eff[0]);
    return OCO_OK;
}

static int crp_multiplier(const void *state, double *lambda)
{
    lambda[0] = ((const crp_state *)state)->pi; /* the type's documented "multiplier": π */
    return OCO_OK;
}

/* Checkpoint: the episode's inventory Δ, the running pseudo-optimum
 * OPT(t − 1) and the contexts so far (all N entries: the water-filling of
 * step t reads the first t); π (fitted by create from setup.train, or the
 * parameter) is saved and restored too, so the saved π is played bit for
 * bit. xw and work are scratch. */
static int crp_save(const void *state, oco_state_writer *w)
{
    const crp_state *s = state;
    oco_state_put_size(w, s->N);
    oco_state_put_f64(w, s->pi);
    oco_state_put_f64(w, s->Delta);
    oco_state_put_f64(w, s->opt_prev);
    oco_state_put_f64v(w, s->cs, s->N);
    return OCO_OK;
}

static int crp_restore(void *state, oco_state_reader *r)
{
    crp_state *s = state;
    int rc = oco_state_expect_size(r, s->N, "cr-pursuit N");
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &s->pi);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &s->Delta);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &s->opt_prev);
    return rc == OCO_OK ? oco_state_get_f64v(r, s->cs, s->N) : rc;
}

static size_t crp_memory(const void *state)
{
    const crp_state *s = state;
    return sizeof *s + 2 * s->N * sizeof(double) + 2 * s->N * sizeof(oco__fair_event);
}

const oco_oobc_type oco__oobc_cr_pursuit = {
    .info =
        {
            .name = "cr-pursuit",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "CR-Pursuit(pi): each job earns 1/pi of the pseudo-optimal increment "
                       "OPT(t) - OPT(t-1) (fairness only; multiplier reports pi)",
            .source = "Lin, Yi, Pang, Chen, Wierman, Honig, Xiao, SIGMETRICS 2019, as seed 000 "
                      "Appendix C.2 uses it; olp_laau.md 2.5",
            .derived = "mapping v = x - x_min, g_t(v) = c_t log(1 + v/x_min), inventory "
                       "B - N x_min [D]; pi fitted on training data (smallest pi >= 1 with no "
                       "early exhaustion) [D]; 2.3 reserve guard [D]",
            .params = crp_params,
            .nparams = CRP_NP,
            .flags = 0,
        },
    .needs = OCO_OOBC_NEEDS_TRAIN | OCO_OOBC_SINGLE_BUDGET,
    .check = crp_check,
    .create = crp_create,
    .begin = crp_begin,
    .decide = crp_decide,
    .multiplier = crp_multiplier,
    .memory = crp_memory,
    .destroy = crp_destroy,
    .save = crp_save,
    .restore = crp_restore,
};
