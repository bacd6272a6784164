/* Private: the state of an oco_loss_seq (include/oco/losses.h), shared by
 * oco_losses.c (generation, evaluation) and oco_losses_hindsight.c. */
#ifndef OCO_PROBLEMS_OCO_LOSSES_IMPL_H
#define OCO_PROBLEMS_OCO_LOSSES_IMPL_H

#include "oco/losses.h"
#include "oco/rng.h"

/* The shape of one round's loss. */
enum { OCO_LT_QUAD = 0, OCO_LT_SQUARED, OCO_LT_LINEAR, OCO_LT_LOGISTIC };

typedef struct oco_loss_round {
    int type;
    double *v;   /* z (quad), a (squared, logistic) or g (linear); length d */
    double b;    /* squared: target; logistic: label y ∈ {−1, +1} */
    double lam;  /* quad: λ */
} oco_loss_round;

struct oco_loss_seq {
    oco_loss_opts o;
    const oco_domain *dom;
    oco_domain_kind dk;
    size_t d, T, t, n1;       /* n1: last round of the switch's first phase */
    oco_loss_info info;
    double R, rho, D;         /* ball radius, max ‖x − c‖, diameter */
    double *c, *lo, *hi;      /* centre; box bounds (simplex: 0, 1) */
    double *xo, *u0, *ud;     /* x°, first drift direction, (x° − c)/‖·‖ */
    oco_rng rng;
    double theta;             /* rotation angle of linear-drift */
    oco_loss_round cur;
    double *w;                /* scratch (length d) */
    double *buf;
    /* sea, sea-linear (losses.h [sea]): the mean moves on the circle
     * centre + r(cos φ u0 + sin φ sea_w), φ_t = (t − 1)·sea_theta (d = 1:
     * centre ∓ sea_r alternating); sea_mu = μ_t of the current round. */
    double *sea_w, *sea_mu;
    double sea_theta, sea_r;
};

/* max_{x∈X} ⟨v, x⟩ */
double oco__loss_support(const oco_loss_seq *s, const double *v);
/* max_{x∈X} ‖x − p‖ */
double oco__loss_farthest(const oco_loss_seq *s, const double *p);
/* argmin_{x∈X} ⟨v, x⟩ into x (closed form). */
void oco__loss_linmin(const oco_loss_seq *s, const double *v, double *x);
/* f(x) and ∇f(x) of one round (g, value may be NULL). */
void oco__loss_round_eval(const oco_loss_round *r, size_t d, const double *x, double *g,
                         double *value);

#endif
