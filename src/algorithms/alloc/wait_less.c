/* The Wait-Less hybrids of LP re-solving and dual subgradient steps
 * (olp_laau.md §1.11; [C] Jingruo/Wait-Less-Online-Decision-Making,
 * olptwopath_freq.m and olptwopath_freq2.m). Both keep a price y (y_1 = 0,
 * d = b/T), accept iff c_t > <a_t, y_t>, and after round i (1-based):
 *
 * wait-less-sqrt (olptwopath_freq.m), F = ⌈T^{1/2}⌉:
 *     if i <= F:      y <- max(0, y − 2/(i+1)^{2/3} · (d − a_i x_i))
 *     if i >= T − F:  y <- max(0, y − F^{−2/3} · (d − a_i x_i))
 *     if F | i and min(b_left) > 0:  y <- max(0, LP price)       (re-solve)
 * (in between y is held at the last LP price)
 *
 * wait-less-cbrt (olptwopath_freq2.m), F = ⌈T^{1/3}⌉:
 *     y <- max(0, y − 1/(i+1)^{2/3} · (d − a_i x_i))              (every round)
 *     if F | i and min(b_left) > 0:  y <- max(0, LP price)        (re-solve)
 *     else:                          y <- max(0, y − T^{−2/3} · (d − a_i x_i))
 *
 * The LP is AHDL's history LP (ahdl.c): max Σ_{j<=i} c_j x_j s.t.
 * Σ_{j<=i} a_j x_j <= b_left·i/(T − i) (the code's `bleft*i/(n-i)`), 0 <= x <= 1.
 *
 * [D] respect_budget=1 (default): an order is accepted only if it fits the
 * remaining budget, so the policy never exceeds b whatever the session mode;
 * the MATLAB code accepts on the price alone and lets the violation be
 * measured (respect_budget=0 reproduces it). The steps use the x actually
 * taken (the code's x_i is the decision that consumed b_left).
 * [D] No re-solve after round T (the code's right-hand side divides by n − i = 0
 * there; that price would decide nothing). F is computed exactly in integers
 * (the code's ceil(n^(1/3)) can round 4.0000000000000001 up). */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/resolve_internal.h"
#include "algorithms/registry.h"

typedef struct wl_state {
    oco__resolve_base r; /* p = the price y, rem = b_left, the history LP */
    size_t freq;
    int cbrt;        /* 0: olptwopath_freq.m, 1: olptwopath_freq2.m */
    int respect;     /* respect_budget */
    double *d, *u, *lp;
    double buf[];
} wl_state;

/* ⌈T^{1/k}⌉ for k = 2, 3, exactly: the floating root corrected in integers. */
static size_t ceil_root(size_t T, int k)
{
    size_t r = (size_t)ceil(pow((double)T, 1.0 / (double)k));
#define WL_POW(x) (k == 2 ? (x) * (x) : (x) * (x) * (x))
    while (r > 1 && WL_POW(r - 1) >= T)
        --r;
    while (WL_POW(r) < T)
        ++r;
#undef WL_POW
    return r < 1 ? 1 : r;
}

typedef struct wl_params {
    size_t freq;
    int respect;
} wl_params;

static int wl_read(const oco_olp_setup *setup, const oco_param *params, size_t n,
                   const oco_algo_info *info, int cbrt, wl_params *out)
{
    const double f = oco_params_get(info->params, info->nparams, params, n, "freq");
    const double r = oco_params_get(info->params, info->nparams, params, n, "respect_budget");
    int rc = oco__lp_model_check(setup->m, setup->T, info->name); /* also bounds T for ceil_root */
    if (rc != OCO_OK)
        return rc;
    if (isnan(f))
        out->freq = ceil_root(setup->T, cbrt ? 3 : 2);
    else if (!(f >= 1.0 && f == floor(f) && f <= (double)setup->T))
        return oco_set_error(OCO_EINVAL, "%s: freq must be an integer in [1, T = %zu] (got %.17g)",
                             info->name, setup->T, f);
    else
        out->freq = (size_t)f;
    return oco__resolve_flag(r, info->name, "respect_budget", &out->respect);
}

static void wl_destroy(void *state)
{
    wl_state *s = state;
    if (!s)
        return;
    oco__resolve_base_free(&s->r);
    free(s);
}

static void *wl_create(const oco_olp_setup *setup, const oco_param *params, size_t n,
                       const oco_algo_info *info, int cbrt)
{
    wl_params wp = {0, 0};
    if (wl_read(setup, params, n, info, cbrt, &wp) != OCO_OK)
        return NULL;
    const size_t m = setup->m;
    wl_state *s = calloc(1, sizeof *s + (OCO__RESOLVE_BASE_DOUBLES(m) + 3 * m) * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory for m = %zu", info->name, m);
        return NULL;
    }
    s->freq = wp.freq;
    s->respect = wp.respect;
    s->cbrt = cbrt;
    s->d = s->buf + OCO__RESOLVE_BASE_DOUBLES(m);
    s->u = s->d + m;
    s->lp = s->d + 2 * m;
    for (size_t i = 0; i < m; ++i)
        s->d[i] = setup->b[i] / (double)setup->T;
    /* Every order is a column of the history LP; the pending ones go to CLP
     * in one block at each re-solve. */
    if (oco__resolve_base_init(&s->r, setup, s->buf, 1) != OCO_OK) {
        free(s);
        return NULL;
    }
    return s;
}

/* Restart at round 0 with y_1 = y (NULL: 0, as the code's y = zeros(m,1)),
 * the full budget and an empty history. */
static int wl_reset(void *state, const double *y)
{
    return oco__resolve_base_reset(&((wl_state *)state)->r, y);
}

static int wl_decide(const void *state, double c, const double *a, const double *remaining)
{
    (void)remaining; /* equal to rem */
    const wl_state *s = state;
    return oco__resolve_base_accepts(&s->r, c, a, s->respect);
}

/* y <- max(0, y − α (d − a x)) */
static void wl_step(wl_state *s, double alpha, const double *a, int x)
{
    double *y = s->r.p;
    for (size_t i = 0; i < s->r.m; ++i) {
        const double v = y[i] - alpha * (s->d[i] - (x ? a[i] : 0.0));
        y[i] = v > 0.0 ? v : 0.0;
    }
}

/* The re-solve of round i, if due: F | i, i < T and every b_left > 0.
 * 1 if y was replaced by the LP price, 0 if not due, or an OCO_E* code. */
static int wl_resolve(wl_state *s, size_t i)
{
    const oco__resolve_base *r = &s->r;
    if (i % s->freq != 0 || i >= r->T)
        return 0;
    for (size_t k = 0; k < r->m; ++k)
        if (!(r->rem[k] > 0.0))
            return 0;
    const double di = (double)i, left = (double)(r->T - i);
    for (size_t k = 0; k < r->m; ++k)
        s->u[k] = r->rem[k] * di / left; /* bleft*i/(n-i) */
    const int rc = oco__resolve_base_solve(&s->r, s->u, s->lp); /* y = max(LP price, 0) */
    return rc != OCO_OK ? rc : 1;
}

static int wl_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)proposed;
    wl_state *s = state;
    int rc = oco__resolve_base_record(&s->r, c, a, taken);
    if (rc != OCO_OK)
        return rc;
    const size_t i = s->r.t;
    const double T = (double)s->r.T, F = (double)s->freq;
    if (!s->cbrt) {
        if (i <= s->freq)
            wl_step(s, 2.0 / pow((double)i + 1.0, 2.0 / 3.0), a, taken);
        if (i + s->freq >= s->r.T) /* i >= n - freq */
            wl_step(s, 1.0 / pow(F, 2.0 / 3.0), a, taken);
        rc = wl_resolve(s, i);
    } else {
        wl_step(s, 1.0 / pow((double)i + 1.0, 2.0 / 3.0), a, taken);
        rc = wl_resolve(s, i);
        if (rc == 0)
            wl_step(s, 1.0 / pow(T, 2.0 / 3.0), a, taken);
    }
    s->r.resolved = rc == 1;
    return rc < 0 ? rc : OCO_OK;
}

static const double *wl_dual(const void *state) { return ((const wl_state *)state)->r.p; }

static const char *wl_phase(const void *state)
{
    return ((const wl_state *)state)->r.resolved ? "resolve" : "subgradient";
}

/* Checkpoint: the history, replayed on restore (resolve_state.c); d is
 * constant, u and lp scratch. */
static int wl_save(const void *state, oco_state_writer *w)
{
    oco__resolve_base_save(&((const wl_state *)state)->r, w);
    return OCO_OK;
}

static int wl_restore(void *state, oco_state_reader *r)
{
    return oco__resolve_base_restore(&((wl_state *)state)->r, r, state, wl_update);
}

#define WL_PARAMS(rootdoc, tag_note)                                                            \
    {"freq", NAN, rootdoc, "re-solve the history LP every freq rounds (" tag_note ")", "C"},   \
    {"respect_budget", 1.0, "1",                                                                \
     "1 = accept only orders that fit the remaining budget (never exceeds b); 0 = price "       \
     "alone as in the MATLAB code (violation measured)",                                       \
     "D"}

static const oco_param_spec sqrt_params[] = {WL_PARAMS("ceil(T^(1/2))", "olptwopath_freq.m")};
static const oco_param_spec cbrt_params[] = {WL_PARAMS("ceil(T^(1/3))", "olptwopath_freq2.m")};
#define NWL 2

static int sqrt_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    wl_params wp = {0, 0};
    return wl_read(setup, params, n, &oco__olp_wait_less_sqrt.info, 0, &wp);
}
static int cbrt_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    wl_params wp = {0, 0};
    return wl_read(setup, params, n, &oco__olp_wait_less_cbrt.info, 1, &wp);
}
static void *sqrt_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return wl_create(setup, params, n, &oco__olp_wait_less_sqrt.info, 0);
}
static void *cbrt_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return wl_create(setup, params, n, &oco__olp_wait_less_cbrt.info, 1);
}

const oco_olp_policy_type oco__olp_wait_less_sqrt = {
    .info =
        {
            .name = "wait-less-sqrt",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "Wait-Less hybrid: re-solve the history LP every ceil(sqrt T) rounds, dual "
                       "subgradient steps in the first and last ceil(sqrt T) rounds",
            .source = "Sun, Gao, Vitercik, Ye (2024) Wait-Less code, olptwopath_freq.m; olp_laau.md §1.11",
            .derived = "[C] freq, steps 2/(t+1)^(2/3) and freq^(-2/3), rhs bleft*i/(n-i), price clamp; "
                       "[D] respect_budget=1 (accept only if the order fits; the code does not), no "
                       "re-solve after round T",
            .params = sqrt_params,
            .nparams = NWL,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = sqrt_check,
    .create = sqrt_create,
    .reset = wl_reset,
    .decide = wl_decide,
    .update = wl_update,
    .dual = wl_dual,
    .phase = wl_phase,
    .destroy = wl_destroy,
    .save = wl_save,
    .restore = wl_restore,
};

const oco_olp_policy_type oco__olp_wait_less_cbrt = {
    .info =
        {
            .name = "wait-less-cbrt",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "Wait-Less hybrid: re-solve the history LP every ceil(T^(1/3)) rounds, a "
                       "1/(t+1)^(2/3) dual step every round and a T^(-2/3) step between re-solves",
            .source = "Sun, Gao, Vitercik, Ye (2024) Wait-Less code, olptwopath_freq2.m; olp_laau.md §1.11",
            .derived = "[C] freq, steps 1/(t+1)^(2/3) and T^(-2/3), rhs bleft*i/(n-i), price clamp; "
                       "[D] respect_budget=1 (accept only if the order fits; the code does not), no "
                       "re-solve after round T",
            .params = cbrt_params,
            .nparams = NWL,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = cbrt_check,
    .create = cbrt_create,
    .reset = wl_reset,
    .decide = wl_decide,
    .update = wl_update,
    .dual = wl_dual,
    .phase = wl_phase,
    .destroy = wl_destroy,
    .save = wl_save,
    .restore = wl_restore,
};
