/* First-order dual-price policies for online LP (seed 002, Algorithm 1;
 * olp_laau.md §1.3).
 *
 * Both keep a price y ∈ R^m_{>=0} on the resources, accept an order iff its
 * reward beats its priced consumption, x_t = 1{c_t > <a_t, y_t>} (STRICT, as in
 * the seed's (EC.44)/(EC.49) and the group's code `ci > Ai'*y`), and then take
 * a step along the stochastic subgradient g_t = d − a_t x_t of the sample dual
 * f_T(y) = <d,y> + (1/T) Σ (c_t − <a_t,y>)_+ (olp_laau.md §1.1):
 *   dual-subgradient     y_{t+1} = max(0, y_t − α g_t)        (Alg. 1)
 *   dual-multiplicative  y_{t+1} = y_t ∘ exp(−α g_t)          (fastLP "M")
 *
 * Hard budget [D]: the session may reject an order the policy proposed. By
 * default the step uses the PROPOSED x̃_t, as Balseiro, Lu & Mirrokni's dual
 * mirror descent does (g_t = ρ − b_t(x̃_t) even when rejected): then g_t stays
 * an unbiased stochastic subgradient of the population dual f at y_t, the price
 * sequence is exactly the soft-budget one, and a sold-out resource keeps a high
 * price instead of drifting to 0. `update_with_taken=1` steps with the x
 * actually taken instead. In soft mode both are the same.
 *
 * Per round: one dot product and one m-vector update, no allocation. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"

typedef struct dual_state {
    size_t m;
    double alpha;
    double y0;     /* the initial price, for reset */
    int mult;      /* 1: the multiplicative variant */
    int use_taken; /* 1: step with the taken x, 0: with the proposed x̃ */
    double *y;     /* current price y_t */
    double *d;     /* d = b/T */
    /* Multiplicative factor for x = 0, precomputed: exp(−α(d − a·0)) =
     * exp(−α d) exactly (a·0 = ±0, d − (±0) = d), so bit-identical to the
     * literal formula and one exp() fewer per rejected order. */
    double *exp0;
    double buf[]; /* 3m doubles: y, d, exp0 */
} dual_state;

/* <a, y> in a fixed order, so results are reproducible bit for bit:
 * m <= 3: the plain left-to-right sum a0y0 + a1y1 + a2y2 (no leading 0.0 +,
 * which would only lengthen the y_t -> x_t -> y_{t+1} latency chain, the
 * bottleneck of this sequential algorithm at small m);
 * m >= 4: four partial sums (term i to s_{i mod 4} for i < 4⌊m/4⌋, the rest to
 * s0), added as (s0 + s1) + (s2 + s3): a dependency chain four times shorter. */
static double dot(const double *a, const double *y, size_t m)
{
    if (m < 4) { /* m >= 1 (checked by the session) */
        double s = a[0] * y[0];
        for (size_t i = 1; i < m; ++i)
            s += a[i] * y[i];
        return s;
    }
    double s0 = a[0] * y[0], s1 = a[1] * y[1], s2 = a[2] * y[2], s3 = a[3] * y[3];
    size_t i = 4;
    for (; i + 4 <= m; i += 4) {
        s0 += a[i] * y[i];
        s1 += a[i + 1] * y[i + 1];
        s2 += a[i + 2] * y[i + 2];
        s3 += a[i + 3] * y[i + 3];
    }
    for (; i < m; ++i)
        s0 += a[i] * y[i];
    return (s0 + s1) + (s2 + s3);
}

/* The parameters of both variants, validated; `mult` selects the
 * multiplicative one (its price must stay > 0: 0 is a fixed point of y*exp). */
typedef struct dual_params {
    double alpha, y0;
    int use_taken;
} dual_params;

static int dual_read(const oco_olp_setup *setup, const oco_param *params, size_t nparams,
                     const oco_algo_info *info, int mult, dual_params *out)
{
    const char *name = info->name;
    double alpha = oco_params_get(info->params, info->nparams, params, nparams, "alpha");
    const double y0 = oco_params_get(info->params, info->nparams, params, nparams, "y0");
    const double taken =
        oco_params_get(info->params, info->nparams, params, nparams, "update_with_taken");

    if (isnan(alpha))
        alpha = 1.0 / sqrt((double)setup->T); /* olpsubgrad.m: alpha = 1/n^0.5 */
    else if (!(alpha > 0.0))
        return oco_set_error(OCO_EINVAL, "%s: alpha must be > 0 (got %.17g)", name, alpha);
    if (mult ? !(y0 > 0.0) : !(y0 >= 0.0))
        return oco_set_error(OCO_EINVAL,
                             mult ? "%s: y0 must be > 0 (got %.17g; 0 is a fixed point of y*exp(.))"
                                  : "%s: y0 must be >= 0 (got %.17g; prices live in the orthant)",
                             name, y0);
    if (taken != 0.0 && taken != 1.0)
        return oco_set_error(OCO_EINVAL, "%s: update_with_taken must be 0 or 1 (got %.17g)",
                             name, taken);
    if (setup->m > (SIZE_MAX - sizeof(dual_state)) / (3 * sizeof(double)))
        return oco_set_error(OCO_EINVAL, "%s: m = %zu is too large", name, setup->m);
    out->alpha = alpha;
    out->y0 = y0;
    out->use_taken = taken == 1.0;
    return OCO_OK;
}

static void *dual_create(const oco_olp_setup *setup, const oco_param *params, size_t nparams,
                         const oco_algo_info *info, int mult)
{
    const size_t m = setup->m;
    dual_params dp = {0, 0, 0};
    if (dual_read(setup, params, nparams, info, mult, &dp) != OCO_OK)
        return NULL;
    dual_state *s = malloc(sizeof *s + 3 * m * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory for m = %zu", info->name, m);
        return NULL;
    }
    s->m = m;
    s->alpha = dp.alpha;
    s->y0 = dp.y0;
    s->mult = mult;
    s->use_taken = dp.use_taken;
    s->y = s->buf;
    s->d = s->buf + m;
    s->exp0 = s->buf + 2 * m;
    for (size_t i = 0; i < m; ++i) {
        s->y[i] = dp.y0;
        s->d[i] = setup->b[i] / (double)setup->T;
        s->exp0[i] = exp(-dp.alpha * s->d[i]); /* used by the multiplicative update */
    }
    return s;
}

/* Restart at round 0 from the price y (NULL: y_1 = y0). The session checked
 * y >= 0; the multiplicative price must be > 0 (0 would stay 0 for ever). */
static int dual_reset(void *state, const double *y)
{
    dual_state *s = state;
    for (size_t i = 0; y && s->mult && i < s->m; ++i)
        if (!(y[i] > 0.0))
            return oco_set_error(OCO_EINVAL, "dual-multiplicative: reset price y[%zu] must be "
                                             "> 0 (0 is a fixed point of y*exp(.))", i);
    for (size_t i = 0; i < s->m; ++i)
        s->y[i] = y ? y[i] : s->y0;
    return OCO_OK;
}

static int dual_decide(const void *state, double c, const double *a, const double *remaining)
{
    (void)remaining; /* the price rule ignores the budget left (seed 002, Alg. 1) */
    const dual_state *s = state;
    return c > dot(a, s->y, s->m); /* strict: ties reject */
}

static const double *dual_dual(const void *state) { return ((const dual_state *)state)->y; }

static void dual_destroy(void *state) { free(state); }

/* Checkpoint (issue 12): only the price y changes after create (d, exp0 and
 * the step parameters are derived from setup and params). */
static int dual_save(const void *state, oco_state_writer *w)
{
    const dual_state *s = state;
    oco_state_put_size(w, s->m);
    oco_state_put_f64v(w, s->y, s->m);
    return OCO_OK;
}

static int dual_restore(void *state, oco_state_reader *r)
{
    dual_state *s = state;
    const int rc = oco_state_expect_size(r, s->m, "dual: m");
    return rc != OCO_OK ? rc : oco_state_get_f64v(r, s->y, s->m);
}

/* ---- dual-subgradient: y_{t+1} = max(0, y_t − α(d − a_t x_t)) ------------ */

static const oco_param_spec subgrad_params[] = {
    {"alpha", NAN, "1/sqrt(T)",
     "constant dual step size alpha (seed 002 Alg. 1; 1/sqrt(T) as in olpsubgrad.m)", "C"},
    {"y0", 0.0, "0", "initial price y_1 = y0 in every coordinate (seed 002 Alg. 1 input)", "S"},
    {"update_with_taken", 0.0, "0",
     "hard budget: 0 = step with the proposed x (as dual mirror descent), 1 = the x taken",
     "D"},
};
#define NSUBGRAD (sizeof subgrad_params / sizeof subgrad_params[0])

static int subgrad_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    dual_params dp = {0, 0, 0};
    return dual_read(setup, params, n, &oco__olp_dual_subgradient.info, 0, &dp);
}

static void *subgrad_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dual_create(setup, params, n, &oco__olp_dual_subgradient.info, 0);
}

static int subgrad_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)c;
    dual_state *s = state;
    const int x = s->use_taken ? taken : proposed;
    const double alpha = s->alpha, *d = s->d;
    double *y = s->y;
    const size_t m = s->m;
    /* Two loops rather than a·x inside one: the branch lets the CPU speculate
     * x_t and start round t+1 before the comparison resolves (measured faster
     * than the branch-free form at m = 1, 10, 100). For x = 0, d − a·0 = d
     * exactly, so both loops are y − α(d − a x) bit for bit. */
    if (x) {
        for (size_t i = 0; i < m; ++i) {
            const double v = y[i] - alpha * (d[i] - a[i]);
            y[i] = v > 0.0 ? v : 0.0; /* projection onto y >= 0 */
        }
    } else {
        for (size_t i = 0; i < m; ++i) {
            const double v = y[i] - alpha * d[i];
            y[i] = v > 0.0 ? v : 0.0;
        }
    }
    return OCO_OK;
}

const oco_olp_policy_type oco__olp_dual_subgradient = {
    .info =
        {
            .name = "dual-subgradient",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "first-order OLP: accept iff c > <a,y>, projected dual subgradient step, alpha = 1/sqrt(T)",
            .source = "seed 002 (Gao et al.), Algorithm 1; olp_laau.md §1.3",
            .derived = "[D] hard budget: the dual step uses the proposed x (update_with_taken=0, as Balseiro et "
            "al.'s dual mirror descent); [C] alpha = 1/sqrt(T) from olpsubgrad.m",
            .params = subgrad_params,
            .nparams = NSUBGRAD,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = subgrad_check,
    .create = subgrad_create,
    .reset = dual_reset,
    .decide = dual_decide,
    .update = subgrad_update,
    .dual = dual_dual,
    .destroy = dual_destroy,
    .save = dual_save,
    .restore = dual_restore,
};

/* ---- dual-multiplicative: y_{t+1} = y_t ∘ exp(−α(d − a_t x_t)) ----------- */

static const oco_param_spec mult_params[] = {
    {"alpha", NAN, "1/sqrt(T)",
     "constant step size alpha of the exponent (fastLP: 1/sqrt(K n), K = 1)", "C"},
    {"y0", 0.36787944117144233, "1/e",
     "initial price y_1 = y0 in every coordinate (fastLP option M: 1/e)", "C"},
    {"update_with_taken", 0.0, "0",
     "hard budget: 0 = step with the proposed x (as dual mirror descent), 1 = the x taken",
     "D"},
};
#define NMULT (sizeof mult_params / sizeof mult_params[0])

static int mult_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    dual_params dp = {0, 0, 0};
    return dual_read(setup, params, n, &oco__olp_dual_multiplicative.info, 1, &dp);
}

static void *mult_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dual_create(setup, params, n, &oco__olp_dual_multiplicative.info, 1);
}

static int mult_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)c;
    dual_state *s = state;
    const int x = s->use_taken ? taken : proposed;
    double *y = s->y;
    const size_t m = s->m;
    if (x) {
        const double alpha = s->alpha, *d = s->d;
        for (size_t i = 0; i < m; ++i)
            y[i] *= exp(-alpha * (d[i] - a[i]));
    } else {
        const double *f0 = s->exp0; /* exp(−α d), precomputed */
        for (size_t i = 0; i < m; ++i)
            y[i] *= f0[i];
    }
    return OCO_OK;
}

const oco_olp_policy_type oco__olp_dual_multiplicative = {
    .info =
        {
            .name = "dual-multiplicative",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "OLP with multiplicative dual prices: accept iff c > <a,y>, y <- y*exp(-alpha(d - a x))",
            .source = "olp_laau.md §1.3 multiplicative variant of seed 002 Algorithm 1 (fastLP option M)",
            .derived = "[C] y_1 = 1/e and alpha = 1/sqrt(T) from fastLP; [D] hard budget: the step uses the "
            "proposed x (update_with_taken=0)",
            .params = mult_params,
            .nparams = NMULT,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = mult_check,
    .create = mult_create,
    .reset = dual_reset,
    .decide = dual_decide,
    .update = mult_update,
    .dual = dual_dual,
    .destroy = dual_destroy,
    .save = dual_save,
    .restore = dual_restore,
};
