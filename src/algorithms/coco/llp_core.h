/* Private: the one iteration shared by seed 001's Lazy Lagrangian family
 * (llp_sarkar.md §A.2–A.5), parameterised by
 *   - how past constraints enter the aggregate g_{1:t}:
 *       FULL       their closed forms (§A.2, (4)–(5); needs the form),
 *       LINEAR     linearised at the played x_i, ĝ_i of (27) (§A.4),
 *       PERTURBED  g_i = g + b_i with g = setup.fixed_cons known (§A.5, (29));
 *   - the primal regularizer: proximal r_t = (σ_t/2)‖x − x_t‖² (§A.2 (7)) or
 *     non-proximal r_t = (σ_t/2)‖x − x_1‖² with the LLP2 schedule and the
 *     off-by-one prescient step (§A.3, (24)–(26)).
 * The vtables (llp.c) are thin wrappers around these functions. */
#ifndef OCO_ALGORITHMS_COCO_LLP_CORE_H
#define OCO_ALGORITHMS_COCO_LLP_CORE_H

#include <stddef.h>

#include "oco/coco.h"

typedef enum oco__llp_mode {
    OCO__LLP_FULL = 0,
    OCO__LLP_LINEAR = 1,
    OCO__LLP_PERTURBED = 2
} oco__llp_mode;

typedef struct oco__llp_variant {
    const char *name;     /* CLI name, for messages */
    oco__llp_mode mode;
    int proximal;         /* 1: §A.2 (7); 0: LLP2 §A.3 (24), (26) */
    const oco_param_spec *params;
    size_t nparams;
} oco__llp_variant;

/* The parameters, validated (shared by check and create). */
typedef struct oco__llp_conf {
    double sigma, sigma0, beta, E_bar, s;
    int gamma_fallback, h_split;
} oco__llp_conf;

typedef struct oco__llp oco__llp;

int oco__llp_read(const oco__llp_variant *v, const oco_coco_setup *s, const oco_param *p,
                  size_t np, oco__llp_conf *c);
oco__llp *oco__llp_create(const oco__llp_variant *v, const oco_coco_setup *s,
                          const oco_param *p, size_t np);
void oco__llp_destroy(oco__llp *st);
size_t oco__llp_memory(const oco__llp *st);
int oco__llp_reset(oco__llp *st, const double *x);
int oco__llp_predict(oco__llp *st, const oco_coco_prediction *pred, double *x);
/* LINEAR and PERTURBED modes. */
int oco__llp_update(oco__llp *st, const oco_coco_linear *fb);
/* FULL mode. */
int oco__llp_update_oracle(oco__llp *st, oco_coco_feedback *fb);
void oco__llp_multipliers(const oco__llp *st, double *lambda);
/* Checkpoint (oco/state.h): every field that changes after create. */
int oco__llp_save(const oco__llp *st, oco_state_writer *w);
int oco__llp_restore(oco__llp *st, oco_state_reader *r);

/* For tests and traces: the last prescient point x̄_t (d) and the step a_t. */
const double *oco__llp_prescient(const oco__llp *st);
double oco__llp_step(const oco__llp *st);

#endif
