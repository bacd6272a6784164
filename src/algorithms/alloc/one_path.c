/* Learn, then localize, on ONE path (seed 002, Algorithm 2; olp_laau.md §1.5,
 * reconstructed [D] from the proof card): the learner's own iterates decide.
 *
 *   t <= T_e:  x_t = 1{c_t > <a_t,z_t>},  z_{t+1} = Π_Y(z_t − α_t (d − a_t x_t)),
 *              α_t = 1/(μ(t+1))                       (SGD, Lemma EC8 / Lemma 7)
 *   then:      y = Π_Y(z_{T_e+1}), Algorithm 1 at the small step α_p.
 *
 * This is the counterexample of Lemmas 7-8 and Proposition 1 (seed B.5-B.7):
 * on m = 1, a = 1, d = 1/2, c ~ U[0,1] (generator type 7) the SGD iterates
 * learn y* = 1/2 at rate 1/√t, but the decisions made FROM them pay
 * Ω(√T/log T) in regret + violation: an early excursion above y* biases the
 * 1/t-weighted sequence for a long time (Lemma 8), and every decision taken
 * on the biased side costs. `decoupled` (Algorithm 3) separates the two paths.
 * Same schedule and parameters as `decoupled` (no alpha_e: the learning
 * phase's step is the learner's).
 *
 * Hard budget [D]: the learner steps with its own x̃ = the proposed decision.
 * reset(y) [D]: restart at round 0 with the single path at z¹ = Π_Y(y)
 * (NULL: 0). */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/dual_learner.h"
#include "algorithms/alloc/learn_params.h"
#include "algorithms/registry.h"

typedef struct op_state {
    oco__learn_path p; /* y: the price after the learning phase */
    double buf[];      /* OCO__LEARN_PATH_DOUBLES(m) */
} op_state;

static const oco_param_spec op_params[] = {OCO__LEARN_SCHEDULE_SPECS};

static int op_read(const oco_olp_setup *setup, const oco_param *params, size_t n,
                   oco__learn_params *lp)
{
    return oco__learn_params_read(setup, params, n, &oco__olp_one_path.info, OCO__DL_SGD, lp);
}

static int op_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    oco__learn_params lp;
    return op_read(setup, params, n, &lp);
}

static int op_reset(void *state, const double *y)
{
    oco__learn_path *p = &((op_state *)state)->p;
    p->t = 0;
    oco__dual_learner_reset(p->L, y);
    oco__learn_path_handover(p); /* y = z¹ until the learning phase ends (Te = 0: for good) */
    return OCO_OK;
}

static void *op_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    oco__learn_params lp;
    if (op_read(setup, params, n, &lp) != OCO_OK)
        return NULL;
    const size_t m = setup->m;
    op_state *s = malloc(sizeof *s + OCO__LEARN_PATH_DOUBLES(m) * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "one-path: out of memory for m = %zu", m);
        return NULL;
    }
    if (oco__learn_path_init(&s->p, setup, &lp, s->buf) != OCO_OK) {
        free(s);
        return NULL;
    }
    op_reset(s, NULL);
    return s;
}

/* The price that decides the next order: the learner's iterate while
 * learning (the whole point of the counterexample), then y. */
static const double *op_price(const oco__learn_path *p)
{
    return p->t < p->Te ? oco__dual_learner_iterate(p->L) : p->y;
}

static int op_decide(const void *state, double c, const double *a, const double *remaining)
{
    (void)remaining;
    const oco__learn_path *p = &((const op_state *)state)->p;
    return c > oco__learn_dot(a, op_price(p), p->m);
}

static int op_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)taken;
    oco__learn_path *p = &((op_state *)state)->p;
    if (p->t < p->Te) {
        oco__dual_learner_step(p->L, c, a); /* its x̃ is the proposal itself */
        p->t++;
        if (p->t == p->Te)
            oco__learn_path_handover(p);
        return OCO_OK;
    }
    p->t++;
    oco__learn_step(p->y, p->d, p->alpha_p, a, proposed, p->m);
    return OCO_OK;
}

static const double *op_dual(const void *state) { return op_price(&((const op_state *)state)->p); }

static const char *op_phase(const void *state)
{
    const oco__learn_path *p = &((const op_state *)state)->p;
    return p->t < p->Te ? "learn" : "exploit";
}

const oco_olp_policy_type oco__olp_one_path = {
    .info =
        {
            .name = "one-path",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "single-path counterexample: the SGD iterates (step 1/(mu(t+1))) decide for Te "
            "rounds, then Alg. 1 at alpha_p from the last iterate",
            .source = "seed 002 (Gao et al.), Algorithm 2, Lemmas 7-8, Proposition 1 (B.5-B.7); "
            "olp_laau.md §1.5",
            .derived = "[D] Algorithm 2 reconstructed from the proof card; schedule (Te, alpha_p, mu) "
            "shared with decoupled; Y's radius from cbar = 10; reset(y) restarts the single path at y",
            .params = op_params,
            .nparams = sizeof op_params / sizeof op_params[0],
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = op_check,
    .create = op_create,
    .reset = op_reset,
    .decide = op_decide,
    .update = op_update,
    .dual = op_dual,
    .phase = op_phase,
    .destroy = oco__learn_path_destroy,
    .save = oco__learn_path_save,
    .restore = oco__learn_path_restore,
};
