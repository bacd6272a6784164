/* Agrawal, Wang & Ye (2014), dynamic learning for online LP, and its
 * one-time-learning special case (olp_laau.md §1.11; [C] lzt68
 * Online-Learning-Implementation, Agrawal-et-al-2014 .../agent.py).
 *
 * dla, with t_0 = ⌈εT⌉ and t_ℓ = t_0·2^ℓ:
 *   x_t = 0 for t <= t_0 (learn only);
 *   after round t_ℓ < T solve the partial LP
 *       max Σ_{j<=t_ℓ} c_j x_j  s.t.  Σ_{j<=t_ℓ} a_j x_j <= (1 − h_ℓ)(t_ℓ/T)·b,  0 <= x <= 1,
 *   h_ℓ = ε·sqrt(T/t_ℓ), and price p̂_ℓ = its resource-row duals;
 *   for t ∈ (t_ℓ, t_{ℓ+1}]: x_t = 1{c_t > <a_t, p̂_ℓ>} if a_t fits the
 *   remaining budget, else 0.
 * one-time-learning: one solve, after round t_0, with h = ε; that price for
 * every later round.
 *
 * b in the right-hand side is the TOTAL budget (the partial LP scales it to
 * the sample seen, shrunk by 1 − h_ℓ as a safety margin); the budget left is
 * used only by the fit test, so the policy never exceeds b whatever the
 * session mode ([R] the feasibility check is the paper's; lzt68 omits it).
 *
 * [C] t_ℓ = ⌈εT⌉·2^ℓ, the integer doubling of lzt68 (update_p_index *= 2),
 * and h_ℓ with that integer t_ℓ. [D] ⌈εT⌉ is taken with a relative tolerance
 * of 1e-12 (0.1·30 = 3.0000000000000004 in binary is 3 rounds, not 4). [D] The
 * price is solved at the END of round t_ℓ and first used at t_ℓ + 1, as the
 * notes write "(t_ℓ, t_{ℓ+1}]"; lzt68 already prices order t_ℓ itself. [D]
 * Negative LP duals (rounding) are clamped to 0. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/resolve_internal.h"
#include "algorithms/registry.h"

typedef struct dla_state {
    oco__resolve_base r; /* p = p̂_ℓ, rem = the budget left, b = the total budget */
    size_t t0;      /* ⌈εT⌉: rounds 1..t0 are rejected */
    size_t next;    /* the next solve point t_ℓ (0: none left) */
    double eps;
    int one_time;
    double *u;
    double buf[];
} dla_state;

static int dla_read(const oco_olp_setup *setup, const oco_param *params, size_t n,
                    const oco_algo_info *info, double *eps)
{
    const double e = oco_params_get(info->params, info->nparams, params, n, "eps");
    if (!(e > 0.0 && e < 1.0))
        return oco_set_error(OCO_EINVAL, "%s: eps must be in (0, 1) (got %.17g)", info->name, e);
    *eps = e;
    return oco__lp_model_check(setup->m, setup->T, info->name);
}

/* ⌈εT⌉ >= 1, robust to the binary rounding of ε·T (see the header). */
static size_t learn_rounds(double eps, size_t T)
{
    const double v = ceil(eps * (double)T * (1.0 - 1e-12));
    return v < 1.0 ? 1 : (size_t)v;
}

static void dla_destroy(void *state)
{
    dla_state *s = state;
    if (!s)
        return;
    oco__resolve_base_free(&s->r);
    free(s);
}

static void *dla_create(const oco_olp_setup *setup, const oco_param *params, size_t n,
                        const oco_algo_info *info, int one_time)
{
    double eps = 0.0;
    if (dla_read(setup, params, n, info, &eps) != OCO_OK)
        return NULL;
    const size_t m = setup->m;
    dla_state *s = calloc(1, sizeof *s + (OCO__RESOLVE_BASE_DOUBLES(m) + m) * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory for m = %zu", info->name, m);
        return NULL;
    }
    s->eps = eps;
    s->one_time = one_time;
    s->t0 = learn_rounds(eps, setup->T);
    s->next = s->t0;
    s->u = s->buf + OCO__RESOLVE_BASE_DOUBLES(m);
    /* Columns are buffered in our arrays and handed to CLP in one block per
     * solve (O(log T) solves). */
    if (oco__resolve_base_init(&s->r, setup, s->buf, 1) != OCO_OK) {
        free(s);
        return NULL;
    }
    return s;
}

static int dla_decide(const void *state, double c, const double *a, const double *remaining)
{
    (void)remaining; /* equal to rem */
    const dla_state *s = state;
    if (s->r.t < s->t0) /* the coming round t+1 <= t0: learn only */
        return 0;
    return oco__resolve_base_accepts(&s->r, c, a, 1);
}

static int dla_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)proposed;
    dla_state *s = state;
    oco__resolve_base *r = &s->r;
    const int rc = oco__resolve_base_record(r, c, a, taken);
    if (rc != OCO_OK || r->t != s->next || r->t >= r->T)
        return rc;
    const double tl = (double)r->t, T = (double)r->T;
    const double h = s->one_time ? s->eps : s->eps * sqrt(T / tl);
    for (size_t i = 0; i < r->m; ++i)
        s->u[i] = (1.0 - h) * (tl / T) * r->b[i];
    s->next = s->one_time ? 0 : 2 * r->t; /* t_{ℓ+1} = 2 t_ℓ */
    return oco__resolve_base_solve(r, s->u, r->p);
}

static const double *dla_dual(const void *state) { return ((const dla_state *)state)->r.p; }

static const char *dla_phase(const void *state)
{
    const dla_state *s = state;
    return s->r.t < s->t0 ? "learn" : s->r.resolved ? "resolve" : "price";
}

/* Checkpoint: the history, replayed on restore (resolve_state.c), which
 * also brings back the next solve point; it is saved as a check. */
static int dla_save(const void *state, oco_state_writer *w)
{
    const dla_state *s = state;
    oco__resolve_base_save(&s->r, w);
    oco_state_put_size(w, s->next);
    return OCO_OK;
}

static int dla_restore(void *state, oco_state_reader *r)
{
    dla_state *s = state;
    size_t next = 0;
    int rc = oco__resolve_base_restore(&s->r, r, state, dla_update);
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &next);
    if (rc == OCO_OK && next != s->next)
        rc = oco_set_error(OCO_EINVAL, "state: replayed next solve point %zu, saved %zu", s->next,
                           next);
    return rc;
}

static const oco_param_spec dla_params[] = {
    {"eps", 0.1, "0.1",
     "learning fraction: reject the first ceil(eps T) orders, solve at ceil(eps T) 2^l with the "
     "margin h_l = eps sqrt(T/t_l) (lzt68 agent.py default; the paper leaves eps free)",
     "C"},
};
static const oco_param_spec one_params[] = {
    {"eps", 0.1, "0.1",
     "learning fraction: reject the first ceil(eps T) orders, one solve then with margin h = eps "
     "(lzt68 agent.py default; the paper leaves eps free)",
     "C"},
};

static int dla_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    double eps = 0.0;
    return dla_read(setup, params, n, &oco__olp_dla.info, &eps);
}
static int one_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    double eps = 0.0;
    return dla_read(setup, params, n, &oco__olp_one_time_learning.info, &eps);
}
static void *dla_create_dyn(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dla_create(setup, params, n, &oco__olp_dla.info, 0);
}
static void *dla_create_one(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dla_create(setup, params, n, &oco__olp_one_time_learning.info, 1);
}

const oco_olp_policy_type oco__olp_dla = {
    .info =
        {
            .name = "dla",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "Agrawal-Wang-Ye dynamic learning: reject the first ceil(eps T) orders, re-solve "
                       "the partial LP at ceil(eps T) 2^l with budget (1-h_l)(t_l/T) b; accept iff "
                       "c > <a,p> and a fits",
            .source = "Agrawal, Wang, Ye (2014), dynamic learning algorithm; olp_laau.md §1.11",
            .derived = "[C] eps = 0.1 and the integer doubling ceil(eps T) 2^l from lzt68 agent.py; "
                       "[R] the fit test; [D] solve at the end of round t_l, ceil with tolerance 1e-12, "
                       "duals clamped at 0",
            .params = dla_params,
            .nparams = 1,
            .flags = 0,
        },
    .check = dla_check,
    .create = dla_create_dyn,
    .reset = NULL,
    .decide = dla_decide,
    .update = dla_update,
    .dual = dla_dual,
    .phase = dla_phase,
    .destroy = dla_destroy,
    .save = dla_save,
    .restore = dla_restore,
};

const oco_olp_policy_type oco__olp_one_time_learning = {
    .info =
        {
            .name = "one-time-learning",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "Agrawal-Wang-Ye one-time learning: reject the first ceil(eps T) orders, one LP "
                       "solve with budget (1-eps)(t_0/T) b, then accept iff c > <a,p> and a fits",
            .source = "Agrawal, Wang, Ye (2014), one-time learning algorithm; olp_laau.md §1.11",
            .derived = "[C] eps = 0.1 from lzt68 agent.py; [R] the fit test; [D] solve at the end of "
                       "round ceil(eps T), ceil with tolerance 1e-12, duals clamped at 0",
            .params = one_params,
            .nparams = 1,
            .flags = 0,
        },
    .check = one_check,
    .create = dla_create_one,
    .reset = NULL,
    .decide = dla_decide,
    .update = dla_update,
    .dual = dla_dual,
    .phase = dla_phase,
    .destroy = dla_destroy,
    .save = dla_save,
    .restore = dla_restore,
};
