/* Decoupled learning and decision-making (seed 002, Algorithm 3; olp_laau.md
 * §1.6), with three dual learners (dual_learner.h): SGD (`decoupled`, the
 * Algorithm 4 preset of §1.7 by default), ASSG (`decoupled-assg`) and RASSG
 * (`decoupled-rassg`).
 *
 * Two dual sequences:
 *   path 1 (decisions) y: x_t = 1{c_t > <a_t,y_t>}, y_{t+1} = max(0, y_t − α(d − a_t x_t))
 *          with α = α_e for t <= T_e and α = α_p afterwards (Algorithm 1);
 *   path 2 (learner)   z: sees (c_t, a_t) for t <= T_e, takes its own virtual
 *          decision x̃ = 1{c_t > <a_t,z_t>} and never commits.
 * After round T_e the decision path restarts from y = Π_Y(learner output).
 * Lemma 6 explains why: the exploitation phase's regret + violation is
 * O(α_p T + dist(y_{T_e+1}, Y*)/α_p), so a good start lets α_p be small; the
 * learner's iterates must not decide themselves (Lemmas 7-8, Proposition 1:
 * see one_path.c).
 *
 * Hard budget [D]: path 1 steps with the PROPOSED x̃ (as dual-subgradient's
 * default and dual mirror descent), so the prices are those of soft mode.
 *
 * reset(y) [D]: restart at round 0, both phases again; y is Algorithm 3's
 * input y¹ (the decision path's start), the learner restarts fresh from 0
 * (its learned state is cleared, as the session contract asks). reset(NULL)
 * is a fresh start (y¹ = 0).
 *
 * Per round: O(m) (ASSG: plus a Dykstra projection, O(m) per sweep), no
 * allocation. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/dual_learner.h"
#include "algorithms/alloc/learn_params.h"
#include "algorithms/registry.h"

typedef struct dec_state {
    oco__learn_path p; /* first: oco__learn_path_destroy frees the state */
    double alpha_e;
    double buf[]; /* OCO__LEARN_PATH_DOUBLES(m) */
} dec_state;

static void *dec_create(const oco_olp_setup *setup, const oco_param *params, size_t n,
                        const oco_algo_info *info, oco__dual_learner_kind kind)
{
    oco__learn_params lp;
    if (oco__learn_params_read(setup, params, n, info, kind, &lp) != OCO_OK)
        return NULL;
    const size_t m = setup->m;
    dec_state *s = malloc(sizeof *s + OCO__LEARN_PATH_DOUBLES(m) * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory for m = %zu", info->name, m);
        return NULL;
    }
    s->alpha_e = lp.alpha_e;
    if (oco__learn_path_init(&s->p, setup, &lp, s->buf) != OCO_OK) {
        free(s);
        return NULL;
    }
    if (s->p.Te == 0) /* no exploration: exploit from the learner's start */
        oco__learn_path_handover(&s->p); /* Algorithm 3's restart from the learned point */
    return s;
}

static int dec_reset(void *state, const double *y)
{
    oco__learn_path *p = &((dec_state *)state)->p;
    for (size_t i = 0; i < p->m; ++i)
        p->y[i] = y ? y[i] : 0.0;
    p->t = 0;
    oco__dual_learner_reset(p->L, NULL);
    if (p->Te == 0) /* no exploration: exploit from the learner's start */
        oco__learn_path_handover(p);
    return OCO_OK;
}

static int dec_decide(const void *state, double c, const double *a, const double *remaining)
{
    (void)remaining;
    const oco__learn_path *p = &((const dec_state *)state)->p;
    return c > oco__learn_dot(a, p->y, p->m); /* strict, as olptwopath_grad.m */
}

static int dec_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)taken; /* step with the proposed x̃ (see top) */
    dec_state *s = state;
    oco__learn_path *p = &s->p;
    const int explore = p->t < p->Te;
    oco__learn_step(p->y, p->d, explore ? s->alpha_e : p->alpha_p, a, proposed, p->m);
    if (explore)
        oco__dual_learner_step(p->L, c, a);
    p->t++;
    if (p->t == p->Te)
        oco__learn_path_handover(p); /* Algorithm 3's restart from the learned point */
    return OCO_OK;
}

static const double *dec_dual(const void *state) { return ((const dec_state *)state)->p.y; }

static const char *dec_phase(const void *state)
{
    const oco__learn_path *p = &((const dec_state *)state)->p;
    return p->t < p->Te ? "explore" : "exploit";
}

/* ---- decoupled (SGD learner) -------------------------------------------- */

static const oco_param_spec sgd_params[] = {OCO__LEARN_SCHEDULE_SPECS, OCO__LEARN_ALPHA_E_SPEC};

static int sgd_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    oco__learn_params lp;
    return oco__learn_params_read(setup, params, n, &oco__olp_decoupled.info, OCO__DL_SGD, &lp);
}

static void *sgd_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dec_create(setup, params, n, &oco__olp_decoupled.info, OCO__DL_SGD);
}

const oco_olp_policy_type oco__olp_decoupled = {
    .info =
        {
            .name = "decoupled",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "decoupled learning and decision-making: Alg. 1 at alpha_e while an SGD learner "
            "(step 1/(mu(t+1))) learns y* for Te rounds, then Alg. 1 at alpha_p from the learned point",
            .source = "seed 002 (Gao et al.), Algorithms 3-4, Lemma 6, §B.8-B.9; olp_laau.md §1.6-§1.8; "
            "olptwopath_grad.m",
            .derived = "[C] gamma = 2 preset Te = ceil(T^(2/3)), alpha_e = T^(-1/3), alpha_p = T^(-2/3), "
            "mu = 1/2 (olptwopath_grad.m); [D] Te = ceil(kappa log^2 T) for gamma = 1; Y's radius from "
            "cbar = 10; hard budget steps with the proposed x; reset(y) restarts both phases at y",
            .params = sgd_params,
            .nparams = sizeof sgd_params / sizeof sgd_params[0],
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = sgd_check,
    .create = sgd_create,
    .reset = dec_reset,
    .decide = dec_decide,
    .update = dec_update,
    .dual = dec_dual,
    .phase = dec_phase,
    .destroy = oco__learn_path_destroy,
    .save = oco__learn_path_save,
    .restore = oco__learn_path_restore,
};

/* ---- decoupled-assg / decoupled-rassg (ASSG, RASSG learners) ------------- */

static const oco_param_spec assg_params[] = {OCO__LEARN_SCHEDULE_SPECS, OCO__LEARN_ALPHA_E_SPEC,
                                             OCO__LEARN_ASSG_SPECS};
static const oco_param_spec rassg_params[] = {OCO__LEARN_SCHEDULE_SPECS, OCO__LEARN_ALPHA_E_SPEC,
                                              OCO__LEARN_ASSG_SPECS, OCO__LEARN_RASSG_SPECS};

static int assg_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    oco__learn_params lp;
    return oco__learn_params_read(setup, params, n, &oco__olp_decoupled_assg.info, OCO__DL_ASSG,
                                  &lp);
}

static void *assg_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dec_create(setup, params, n, &oco__olp_decoupled_assg.info, OCO__DL_ASSG);
}

static int rassg_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    oco__learn_params lp;
    return oco__learn_params_read(setup, params, n, &oco__olp_decoupled_rassg.info, OCO__DL_RASSG,
                                  &lp);
}

static void *rassg_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dec_create(setup, params, n, &oco__olp_decoupled_rassg.info, OCO__DL_RASSG);
}

#define ASSG_DERIVED                                                                            \
    "[D] eps = mu T^(-gamma/(2gamma-1)) (the §1.8 accuracy mu Delta^gamma); D1 with theta = "   \
    "1/gamma; projection onto Y ∩ Ball by Dykstra to proj_tol; abar = 1 and cbar = 10 (A2's "   \
    "bounds are unknown online); the learner consumes the exploration orders one per inner "   \
    "step and is cut at Te: an unfinished stage outputs the average of its iterates so far "   \
    "(with the default t, far above Te, that is averaged SGD at step eps0/(3G^2))"

const oco_olp_policy_type oco__olp_decoupled_assg = {
    .info =
        {
            .name = "decoupled-assg",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "decoupled learning and decision-making with the ASSG learner (any gamma): Alg. 1 "
            "at alpha_e while ASSG learns for Te rounds, then Alg. 1 at alpha_p from its output",
            .source = "seed 002 (Gao et al.), Algorithms 3 and 5 (ASSG, Xu et al. 2017), Lemma 1, "
            "Lemma EC3; olp_laau.md §1.4, §1.6, §1.8",
            .derived = ASSG_DERIVED,
            .params = assg_params,
            .nparams = sizeof assg_params / sizeof assg_params[0],
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = assg_check,
    .create = assg_create,
    .reset = dec_reset,
    .decide = dec_decide,
    .update = dec_update,
    .dual = dec_dual,
    .phase = dec_phase,
    .destroy = oco__learn_path_destroy,
    .save = oco__learn_path_save,
    .restore = oco__learn_path_restore,
};

const oco_olp_policy_type oco__olp_decoupled_rassg = {
    .info =
        {
            .name = "decoupled-rassg",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "decoupled learning and decision-making with the RASSG learner (unknown mu: ASSG "
            "restarted S times, t and D1 growing, eps0 shrinking by omega)",
            .source = "seed 002 (Gao et al.), Algorithms 3 and 6 (RASSG, Xu et al. 2017), §B.11; "
            "olp_laau.md §1.4, §1.6",
            .derived = ASSG_DERIVED "; S = 4, omega = 1 and the first run's D1, t from the mu guess",
            .params = rassg_params,
            .nparams = sizeof rassg_params / sizeof rassg_params[0],
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = rassg_check,
    .create = rassg_create,
    .reset = dec_reset,
    .decide = dec_decide,
    .update = dec_update,
    .dual = dec_dual,
    .phase = dec_phase,
    .destroy = oco__learn_path_destroy,
    .save = oco__learn_path_save,
    .restore = oco__learn_path_restore,
};
