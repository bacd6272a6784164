/* Seed 001's Lazy Lagrangians as coco algorithms: the vtables and parameter
 * tables of llp, llp-linearized, llp2, llp2-linearized and llp-perturbed
 * (llp_sarkar.md §A.2–A.5). The iteration itself is llp_core.c. */
#include <math.h>

#include "algorithms/coco/llp_core.h"
#include "algorithms/registry.h"
#include "oco/error.h"

#define P_SIGMA                                                                               \
    {"sigma", NAN, "2/D",                                                                     \
     "σ of σ_t = σ(√h_{1:t} − √h_{1:t−1}) (7); 2/D minimises σD²/2 + 2/σ", "D"}
#define P_SIGMA0                                                                              \
    {"sigma0", NAN, "1e-6*sigma",                                                             \
     "σ_0 of r_0 = (σ_0/2)‖x − x_0‖² at the domain centre (paper: r_0 = 0, but x_1 must be "  \
     "unique)", "D"}
#define P_BETA                                                                                \
    {"beta", 0.5, "0.5", "β ∈ [1/2, 1) of the dual step a_t = 1/(t^β + √(Ē + ε_{1:t})) (15)", \
     "D"}
#define P_EBAR                                                                                \
    {"E_bar", NAN, "4*g_max^2", "Ē >= sup_t ε_t, the off-by-one term of a_t (15)", "D"}
#define P_GAMMA                                                                               \
    {"gamma_fallback", 1.0, "1",                                                              \
     "without cons_value: 1 = γ̃_t := g̃_t(x̄_{t−1}) when g̃_t is given, 0 = γ̃_t := 0", "D"}
#define P_HSPLIT                                                                              \
    {"h_split", 0.0, "0",                                                                     \
     "0: h_t = ‖(c_t − c̃_t) + (J_t − J̃_t)ᵀλ_t‖²; 1: ‖c_t − c̃_t‖² + ‖λ_t‖²‖J_t − J̃_t‖²_F (7)", \
     "D"}
#define P_S                                                                                   \
    {"s", NAN, "setup.G",                                                                     \
     "LLP2 schedule σ_{1:t} = σ(√h_{1:t} + s√t) (24): keeps σ_{1:t} > 0 when h = 0", "D"}

static const oco_param_spec llp_params[] = {P_SIGMA, P_SIGMA0, P_BETA, P_EBAR, P_GAMMA, P_HSPLIT};
static const oco_param_spec llp2_params[] = {P_SIGMA, P_SIGMA0, P_BETA, P_EBAR,
                                             P_GAMMA, P_HSPLIT, P_S};
static const oco_param_spec pert_params[] = {P_SIGMA, P_SIGMA0, P_BETA, P_EBAR, P_GAMMA};

#define NP(a) (sizeof a / sizeof a[0])

static const oco__llp_variant v_llp = {"llp", OCO__LLP_FULL, 1, llp_params, NP(llp_params)};
static const oco__llp_variant v_llp_lin = {"llp-linearized", OCO__LLP_LINEAR, 1, llp_params,
                                           NP(llp_params)};
static const oco__llp_variant v_llp2 = {"llp2", OCO__LLP_FULL, 0, llp2_params,
                                        NP(llp2_params)};
static const oco__llp_variant v_llp2_lin = {"llp2-linearized", OCO__LLP_LINEAR, 0, llp2_params,
                                            NP(llp2_params)};
static const oco__llp_variant v_pert = {"llp-perturbed", OCO__LLP_PERTURBED, 1, pert_params,
                                        NP(pert_params)};

/* the shared entries, cast from the opaque state */
static int reset_(void *s, const double *x) { return oco__llp_reset(s, x); }
static int predict_(void *s, const oco_coco_prediction *p, double *x)
{
    return oco__llp_predict(s, p, x);
}
static int update_(void *s, const oco_coco_linear *fb) { return oco__llp_update(s, fb); }
static int update_oracle_(void *s, oco_coco_feedback *fb) { return oco__llp_update_oracle(s, fb); }
static void multipliers_(const void *s, double *l) { oco__llp_multipliers(s, l); }
static size_t memory_(const void *s) { return oco__llp_memory(s); }
static void destroy_(void *s) { oco__llp_destroy(s); }
static int save_(const void *s, oco_state_writer *w) { return oco__llp_save(s, w); }
static int restore_(void *s, oco_state_reader *r) { return oco__llp_restore(s, r); }

#define VARIANT_FNS(id, var)                                                                  \
    static int id##_check(const oco_coco_setup *s, const oco_param *p, size_t np)             \
    {                                                                                         \
        oco__llp_conf c;                                                                      \
        return oco__llp_read(&var, s, p, np, &c);                                             \
    }                                                                                         \
    static void *id##_create(const oco_coco_setup *s, const oco_param *p, size_t np)          \
    {                                                                                         \
        return oco__llp_create(&var, s, p, np);                                               \
    }
VARIANT_FNS(llp, v_llp)
VARIANT_FNS(llp_lin, v_llp_lin)
VARIANT_FNS(llp2, v_llp2)
VARIANT_FNS(llp2_lin, v_llp2_lin)
VARIANT_FNS(pert, v_pert)

#define LLP_DOMAINS                                                                           \
    ((1u << OCO_DOMAIN_BOX) | (1u << OCO_DOMAIN_BALL) | (1u << OCO_DOMAIN_SIMPLEX))
#define LLP_FLAGS (OCO_ALGO_ANYTIME | OCO_ALGO_OPTIMISTIC | OCO_ALGO_RESETTABLE)
#define COMMON_D                                                                              \
    "r_0 = σ_0 at the domain centre, h_t, σ schedule, a_t (15), Ē, λ_1 = 0, γ̃ fallback [D]"

const oco_coco_type oco__coco_llp = {
    .info = {.name = "llp",
             .protocol = OCO_PROTOCOL_COCO,
             .summary = "Lazy Lagrangians with predictions: optimistic FTRL on the full past "
                        "constraints, proximal regularizer, prescient dual",
             .source = "seed 001 (Anderson, Iosifidis, Leith), eqs (3)-(8), (15); "
                       "llp_sarkar.md A.2",
             .derived = COMMON_D "; exact regularizer/error/step formulas [D]",
             .params = llp_params,
             .nparams = NP(llp_params),
             .flags = LLP_FLAGS},
    .domains = LLP_DOMAINS,
    .needs = OCO_COCO_NEEDS_FORM | OCO_COCO_ZERO_BUDGET,
    .check = llp_check,
    .create = llp_create,
    .reset = reset_,
    .predict = predict_,
    .update = update_,
    .update_oracle = update_oracle_,
    .multipliers = multipliers_,
    .memory = memory_,
    .destroy = destroy_,
    .save = save_,
    .restore = restore_,
};

const oco_coco_type oco__coco_llp_linearized = {
    .info = {.name = "llp-linearized",
             .protocol = OCO_PROTOCOL_COCO,
             .summary = "LLP with past constraints linearised at the played points: one "
                        "projection per step, O(kd) state",
             .source = "seed 001, eqs (27)-(28), Lemma 3; llp_sarkar.md A.4",
             .derived = COMMON_D "; proxies ĝ_t of (27) [D form]",
             .params = llp_params,
             .nparams = NP(llp_params),
             .flags = LLP_FLAGS},
    .domains = LLP_DOMAINS,
    .needs = OCO_COCO_ZERO_BUDGET,
    .check = llp_lin_check,
    .create = llp_lin_create,
    .reset = reset_,
    .predict = predict_,
    .update = update_,
    .update_oracle = NULL,
    .multipliers = multipliers_,
    .memory = memory_,
    .destroy = destroy_,
    .save = save_,
    .restore = restore_,
};

const oco_coco_type oco__coco_llp2 = {
    .info = {.name = "llp2",
             .protocol = OCO_PROTOCOL_COCO,
             .summary = "LLP2: non-proximal regularizer centred at x_1, off-by-one prescient "
                        "step, full past constraints",
             .source = "seed 001, eqs (24)-(26), Theorem 3; llp_sarkar.md A.3",
             .derived = COMMON_D "; schedule σ_{1:t} = σ(√h_{1:t} + s√t) [D]",
             .params = llp2_params,
             .nparams = NP(llp2_params),
             .flags = LLP_FLAGS},
    .domains = LLP_DOMAINS,
    .needs = OCO_COCO_NEEDS_FORM | OCO_COCO_ZERO_BUDGET,
    .check = llp2_check,
    .create = llp2_create,
    .reset = reset_,
    .predict = predict_,
    .update = update_,
    .update_oracle = update_oracle_,
    .multipliers = multipliers_,
    .memory = memory_,
    .destroy = destroy_,
    .save = save_,
    .restore = restore_,
};

const oco_coco_type oco__coco_llp2_linearized = {
    .info = {.name = "llp2-linearized",
             .protocol = OCO_PROTOCOL_COCO,
             .summary = "LLP2 regularizer with linearised constraints: constant O(kd) state, "
                        "one projection per step",
             .source = "seed 001 Section IV, eqs (24)-(28); llp_sarkar.md A.3-A.4",
             .derived = COMMON_D "; schedule σ_{1:t} = σ(√h_{1:t} + s√t), proxies (27) [D]",
             .params = llp2_params,
             .nparams = NP(llp2_params),
             .flags = LLP_FLAGS},
    .domains = LLP_DOMAINS,
    .needs = OCO_COCO_ZERO_BUDGET,
    .check = llp2_lin_check,
    .create = llp2_lin_create,
    .reset = reset_,
    .predict = predict_,
    .update = update_,
    .update_oracle = NULL,
    .multipliers = multipliers_,
    .memory = memory_,
    .destroy = destroy_,
    .save = save_,
    .restore = restore_,
};

const oco_coco_type oco__coco_llp_perturbed = {
    .info = {.name = "llp-perturbed",
             .protocol = OCO_PROTOCOL_COCO,
             .summary = "LLP for linearly perturbed constraints g_t = g + b_t with g known "
                        "(setup.fixed_cons)",
             .source = "seed 001, eq (29), Lemma 4; llp_sarkar.md A.5",
             .derived = COMMON_D "; primal steps with t·⟨λ, g(x)⟩, h_t = ‖c_t − c̃_t‖² [D]",
             .params = pert_params,
             .nparams = NP(pert_params),
             .flags = LLP_FLAGS},
    .domains = LLP_DOMAINS,
    .needs = OCO_COCO_NEEDS_FIXED | OCO_COCO_ZERO_BUDGET,
    .check = pert_check,
    .create = pert_create,
    .reset = reset_,
    .predict = predict_,
    .update = update_,
    .update_oracle = NULL,
    .multipliers = multipliers_,
    .memory = memory_,
    .destroy = destroy_,
    .save = save_,
    .restore = restore_,
};
