/* Li & Ye's action-history-dependent learning (AHDL; olp_laau.md §1.11;
 * Li & Ye 2022, regret O(log T log log T) [R]); structure [C] from the Java
 * implementation and the re-solve step of Wait-Less olptwopath_freq*.m.
 *
 *   p_1 = 0, b_1 = b.
 *   round t:  x̃_t = 1{c_t > <a_t, p_t>};  x_t = x̃_t if a_t fits b_t, else 0
 *             b_{t+1} = b_t − a_t x_t
 *             if t < T:  d_{t+1} = b_{t+1}/(T − t) and
 *                 p_{t+1} = the resource-row duals of
 *                 max Σ_{j<=t} c_j x_j  s.t.  Σ_{j<=t} a_j x_j <= t·d_{t+1},  0 <= x <= 1
 *
 * The right-hand side follows the budget ACTUALLY left (the "action history"):
 * a run that over-spent early prices higher, one that under-spent lower.
 * Because of the fit test AHDL never exceeds b, in either session mode (the
 * notes' "stop if any remaining b < 0" never triggers).
 *
 * Per round: O(m) of our own work plus one CLP dual-simplex re-solve from the
 * previous basis (solvers/lp_model.h); our code allocates nothing per round,
 * CLP allocates inside Clp_addColumns and the solve (measured in
 * bench/olp_resolve.c). warm_start=0 re-solves from scratch (oco__lp_solve) on
 * the same columns: the reference the warm start is compared against. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/resolve_internal.h"
#include "algorithms/registry.h"

typedef struct ahdl_state {
    oco__resolve_base r; /* p = p_t, rem = b_t, the history LP */
    double *u;           /* t·d_{t+1} */
    double buf[];
} ahdl_state;

static const oco_param_spec ahdl_params[] = {
    {"warm_start", 1.0, "1",
     "1 = one persistent CLP model re-solved by the dual simplex from the last basis; 0 = a "
     "fresh LP every round (same answers, slower; for benchmarks)",
     "D"},
};
#define NAHDL (sizeof ahdl_params / sizeof ahdl_params[0])

static int ahdl_read(const oco_olp_setup *setup, const oco_param *params, size_t n, int *warm)
{
    const oco_algo_info *info = &oco__olp_ahdl.info;
    const double w = oco_params_get(info->params, info->nparams, params, n, "warm_start");
    int rc = oco__resolve_flag(w, info->name, "warm_start", warm);
    if (rc == OCO_OK)
        rc = oco__lp_model_check(setup->m, setup->T, info->name);
    return rc;
}

static int ahdl_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    int warm = 1;
    return ahdl_read(setup, params, n, &warm);
}

static void ahdl_destroy(void *state)
{
    ahdl_state *s = state;
    if (!s)
        return;
    oco__resolve_base_free(&s->r);
    free(s);
}

static void *ahdl_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    int warm = 1;
    if (ahdl_read(setup, params, n, &warm) != OCO_OK)
        return NULL;
    const size_t m = setup->m;
    ahdl_state *s = calloc(1, sizeof *s + (OCO__RESOLVE_BASE_DOUBLES(m) + m) * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "ahdl: out of memory for m = %zu", m);
        return NULL;
    }
    s->u = s->buf + OCO__RESOLVE_BASE_DOUBLES(m);
    if (oco__resolve_base_init(&s->r, setup, s->buf, warm) != OCO_OK) { /* one column per round */
        free(s);
        return NULL;
    }
    return s;
}

/* Restart at round 0 with p_1 = y (NULL: 0, Li & Ye's start), the full
 * budget and an empty history. */
static int ahdl_reset(void *state, const double *y)
{
    return oco__resolve_base_reset(&((ahdl_state *)state)->r, y);
}

static int ahdl_decide(const void *state, double c, const double *a, const double *remaining)
{
    (void)remaining; /* equal to rem: both are b − Σ a_j x_j, subtracted in the same order */
    return oco__resolve_base_accepts(&((const ahdl_state *)state)->r, c, a, 1);
}

static int ahdl_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)proposed;
    ahdl_state *s = state;
    oco__resolve_base *r = &s->r;
    const int rc = oco__resolve_base_record(r, c, a, taken);
    if (rc != OCO_OK || r->t >= r->T)
        return rc; /* after round T no order is left to price */
    const double t = (double)r->t, left = (double)(r->T - r->t);
    for (size_t i = 0; i < r->m; ++i)
        s->u[i] = t * (r->rem[i] / left); /* t·d_{t+1}, d_{t+1} = b_{t+1}/(T − t) */
    return oco__resolve_base_solve(r, s->u, r->p); /* failed: p_t kept; the session names the round */
}

static const double *ahdl_dual(const void *state) { return ((const ahdl_state *)state)->r.p; }

static const char *ahdl_phase(const void *state)
{
    return ((const ahdl_state *)state)->r.resolved ? "resolve" : "price";
}

/* Checkpoint: the history, replayed on restore (resolve_state.c); u is
 * scratch. */
static int ahdl_save(const void *state, oco_state_writer *w)
{
    oco__resolve_base_save(&((const ahdl_state *)state)->r, w);
    return OCO_OK;
}

static int ahdl_restore(void *state, oco_state_reader *r)
{
    return oco__resolve_base_restore(&((ahdl_state *)state)->r, r, state, ahdl_update);
}

const oco_olp_policy_type oco__olp_ahdl = {
    .info =
        {
            .name = "ahdl",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "Li & Ye action-history-dependent learning: re-solve the history LP every round "
                       "with the remaining-budget right-hand side t*b_{t+1}/(T-t); accept iff c > <a,p> "
                       "and a fits",
            .source = "Li & Ye (2022), action-history-dependent learning; olp_laau.md §1.11",
            .derived = "[C] structure from the Java implementation and Wait-Less olptwopath_freq*.m "
                       "(rhs bleft*i/(n-i)); [R] regret O(log T log log T); [D] negative LP duals "
                       "(rounding) clamped to 0, warm-started dual simplex",
            .params = ahdl_params,
            .nparams = NAHDL,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = ahdl_check,
    .create = ahdl_create,
    .reset = ahdl_reset,
    .decide = ahdl_decide,
    .update = ahdl_update,
    .dual = ahdl_dual,
    .phase = ahdl_phase,
    .destroy = ahdl_destroy,
    .save = ahdl_save,
    .restore = ahdl_restore,
};
