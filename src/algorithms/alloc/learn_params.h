/* Internal: the parameters shared by the learn-then-decide policies of seed
 * 002 (one-path, decoupled, decoupled-assg, decoupled-rassg; olp_laau.md
 * §1.4-§1.8), read and validated once for check and create alike. */
#ifndef OCO_ALGORITHMS_ALLOC_LEARN_PARAMS_H
#define OCO_ALGORITHMS_ALLOC_LEARN_PARAMS_H

#include <stddef.h>

#include "oco/alloc.h"

#include "algorithms/alloc/dual_learner.h"

typedef struct oco__learn_params {
    double gamma, mu, kappa, cbar;
    size_t Te;
    double alpha_e, alpha_p;
    double radius; /* R_Y = (c̄ + d̲)/d̲; INFINITY if some d_i = 0 */
    oco__dual_learner_cfg learner; /* d left NULL: the caller points it at d */
} oco__learn_params;

/* Reads the parameters of `info` (whose table decides which are present:
 * ASSG's if kind != SGD, RASSG's S and omega if kind == RASSG), fills the
 * defaults of the schedule (§1.7/§1.8) and checks every value; OCO_EINVAL
 * naming the parameter, as "<policy>: <param> must be ... (got ...)". */
int oco__learn_params_read(const oco_olp_setup *setup, const oco_param *params, size_t nparams,
                           const oco_algo_info *info, oco__dual_learner_kind kind,
                           oco__learn_params *out);

/* The state the learn-then-decide policies share (one-path and the three
 * decoupled ones), embedded as the FIRST member of each policy's state (so
 * oco__learn_path_destroy can free that state): the learning-phase length,
 * the exploitation step α_p, Y's radius, the dual learner, the decision
 * price y and d = b/T. */
typedef struct oco__learn_path {
    size_t m, Te, t; /* t = rounds played */
    double alpha_p, radius;
    oco__dual_learner *L;
    double *y; /* the decision price */
    double *d; /* the per-round budget d = b/T */
} oco__learn_path;

/* Doubles of buf that oco__learn_path_init takes (y, d). */
#define OCO__LEARN_PATH_DOUBLES(m) (2 * (m))

/* Round 0 from lp (read by oco__learn_params_read): y = 0, d = b/T (the
 * first 2m doubles of buf), the learner created from lp->learner (whose d is
 * pointed at path->d). OCO_OK or the learner's error (path->L NULL). */
int oco__learn_path_init(oco__learn_path *path, const oco_olp_setup *setup, oco__learn_params *lp,
                         double *buf);
/* The policies' destroy: state starts with an oco__learn_path (NULL: no-op). */
void oco__learn_path_destroy(void *state);
/* The end of the learning phase: y = Π_Y(learner output). */
void oco__learn_path_handover(oco__learn_path *path);

/* The policies' checkpoint entries (issue 12; state starts with an
 * oco__learn_path): the round t, the decision price y and the learner. The
 * rest (Te, α_p, α_e, R_Y, d) is derived from setup and params. */
int oco__learn_path_save(const void *state, oco_state_writer *w);
int oco__learn_path_restore(void *state, oco_state_reader *r);

/* <a, y> left to right, from a[0]·y[0]. */
static inline double oco__learn_dot(const double *a, const double *y, size_t m)
{
    double s = a[0] * y[0];
    for (size_t i = 1; i < m; ++i)
        s += a[i] * y[i];
    return s;
}

/* Algorithm 1's step (seed 002; olp_laau.md §1.3): y <- max(0, y − α(d − a x)). */
static inline void oco__learn_step(double *y, const double *d, double alpha, const double *a, int x,
                                   size_t m)
{
    for (size_t i = 0; i < m; ++i) {
        const double v = y[i] - alpha * (d[i] - (x ? a[i] : 0.0));
        y[i] = v > 0.0 ? v : 0.0;
    }
}

/* The parameter tables (spec entries) the policies concatenate. */
#define OCO__LEARN_SCHEDULE_SPECS                                                              \
    {"gamma", 2.0, "2",                                                                        \
     "growth exponent of the dual error bound A4; selects the §1.8 schedule of Te, alpha_e, "  \
     "alpha_p (2 = Algorithm 4 preset, olptwopath_grad.m)",                                   \
     "C"},                                                                                     \
    {"mu", 0.5, "1/2",                                                                         \
     "growth constant of A4; SGD learner step 1/(mu (t+1)) (olptwopath_grad.m: 2/(mu'(i+1)), " \
     "mu' = 1)",                                                                               \
     "C"},                                                                                     \
    {"kappa", 1.0, "1",                                                                        \
     "Te = ceil(kappa T^((2gamma-2)/(2gamma-1))), gamma = 1: ceil(kappa log^2 T) (§1.8; "      \
     "kappa = 1 in olptwopath_grad.m)",                                                        \
     "C"},                                                                                     \
    {"Te", NAN, "min(T, schedule)",                                                            \
     "length of the learning (exploration) phase, an integer in [0, T]; overrides the "       \
     "schedule",                                                                               \
     "D"},                                                                                     \
    {"alpha_p", NAN, "T^(-gamma/(2gamma-1))",                                                  \
     "Algorithm 1 step after the learning phase (§1.8: T^-2/3 for gamma = 2, 1/T for gamma "   \
     "= 1)",                                                                                   \
     "S"},                                                                                     \
    {"cbar", 10.0, "10",                                                                       \
     "bound on |c| (A2), unknown online: sets Y's radius R_Y = (cbar + min d)/min d and "      \
     "ASSG's eps0; 10 covers every bounded generator type (type 6: c = 10 U[0,1]); too "      \
     "large only loosens Y",                                                                   \
     "D"}

#define OCO__LEARN_ALPHA_E_SPEC                                                                \
    {"alpha_e", NAN, "1/(sqrt(kappa) T^((gamma-1)/(2gamma-1)))",                               \
     "Algorithm 1 step of the decision path during exploration, 1/sqrt(Te) before rounding "   \
     "(§1.8; T^-1/3 for gamma = 2 as olptwopath_grad.m; 1/(sqrt(kappa) log T) for gamma = 1)", \
     "C"}

#define OCO__LEARN_ASSG_SPECS                                                                  \
    {"abar", 1.0, "1", "bound on ||a||_inf (A2), unknown online; enters G", "D"},              \
    {"G", NAN, "sqrt(m)(abar + max d)", "subgradient bound of ASSG (§1.4)", "D"},              \
    {"eps", NAN, "mu T^(-gamma/(2gamma-1))",                                                   \
     "ASSG target accuracy f(y) - f* <= eps; mu Delta^gamma with Delta = T^(-1/(2gamma-1)) "   \
     "(§1.8)",                                                                                 \
     "D"},                                                                                     \
    {"delta", NAN, "T^(-2gamma)", "ASSG failure probability (seed B.4: 1 - 1/T^(2gamma))",    \
     "S"},                                                                                     \
    {"eps0", NAN, "cbar", "ASSG initial error estimate, from y = 0 (§1.4)", "S"},              \
    {"D1", NAN, "2^(1-1/gamma) mu^(-1/gamma) eps0/eps^(1-1/gamma)",                            \
     "ASSG initial ball radius (§1.4, theta = 1/gamma reading)", "D"},                         \
    {"K", NAN, "ceil(log2(2 eps0/eps))", "ASSG stages (§1.4)", "S"},                           \
    {"t", NAN, "max(9, 1728 log(K/delta)) G^2 D1^2/eps0^2",                                    \
     "ASSG iterates per stage (t-1 orders each; truncated at Te, see dual_learner.c)", "S"},   \
    {"proj_tol", 1e-10, "1e-10",                                                               \
     "Dykstra stopping tolerance (sup-norm move per sweep) of the projection onto Y ∩ Ball",  \
     "D"},                                                                                     \
    {"proj_maxit", 1000.0, "1000", "Dykstra sweep cap of that projection", "D"}

#define OCO__LEARN_RASSG_SPECS                                                                 \
    {"S", 4.0, "4", "RASSG restarts (Algorithm 6)", "D"},                                      \
    {"omega", 1.0, "1", "RASSG eps0 shrink factor in (0,1] (Algorithm 6)", "D"}

#endif
