/* DGD and MW: dual mirror descent of Balseiro, Lu & Mirrokni (Algorithm 1)
 * as seed 000 runs it per episode (Appendix C.2; olp_laau.md §2.5), for any
 * OOBC class through the layer of eq. (4) (layer.h):
 *     ρ = B/N                                          (per-step target use)
 *     x̃_t = layer(λ_t, +∞)                             (budget-free decision)
 *     x_t = x̃_t if g(x̃_t) <= b̃_t, else layer(λ_t, b̃_t)  (the projection of
 *           the common rule x_t ← min(x_t, b_t), under the §2.3 guard [D])
 *     t = N: x_N = layer(0, b̃_N)   (the paper's modification [S]: spend what
 *           is left; fairness: min(b_N, x_max), as b̃_N = b_N)
 *     g_t = ρ − g(x̃_t)                                  (x̃, as DMD's gradient)
 *     DGD (Euclidean mirror map)  λ_{t+1} = max(0, λ_t − η g_t)
 *     MW  (entropic mirror map)   λ_{t+1} = λ_t ∘ exp(−η g_t)
 * with η = eta0/√N. The price rises when the step over-consumes (§2.5 sign
 * check: with η = 1 DGD is seed 000's Lyapunov queue
 * λ_{t+1} = max{λ_t + g(x_t) − B/N, 0}). eta0 = 0 freezes λ at λ_1: a
 * fixed-price policy (§2.6). λ restarts at λ_1 every episode.
 *
 * λ_1 [D]: the paper gives none; "lambda1" sets it, and its default reads
 * §2.5's λ_1 = mean(c)/ρ with a typical weight c̄ (param "cbar", 0.5 = the
 * mid-point of contexts in [0, 1]): for fairness x̃ = c/λ, so a job of
 * weight c̄ then takes exactly its share ρ. For other classes the same
 * formula λ_1,m = c̄/ρ_m is used, a scale-naive start (set lambda1 there).
 *
 * eta0 defaults: tuned on synthetic fairness validation data, N = 20 (the
 * paper: "tune them on validation"); see the DMD_ETA0_* comment below.
 *
 * A budgeted layer call on a resource with no room left beyond x_safe gives
 * x_safe (baseline.h [D]).
 *
 * All memory in create; begin/decide allocate nothing. */
#include "oco/oobc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oobc/baseline.h"
#include "algorithms/oobc/layer.h"
#include "algorithms/registry.h"
#include "core/params_internal.h"

/* Tuned defaults of eta0 [D]: grid search on synthetic fairness validation
 * data (contexts in [0, 1]), N = 20, 1000 episodes [5000, 6000) of seed 1
 * (after the paper's 5000 training instances), cbar = 0.5:
 *     build/bench/oobc_dmd_tune 20 1000 1
 * mean utility per step (OPT 1.2666, Equal 1.2587):
 *     DGD eta0  0.005 1.2311  0.0075 1.2412  0.01 1.2451  0.015 1.2444  0.02 1.2358
 *     MW  eta0  0.2   1.2481  0.3    1.2536  0.4  1.2543  0.5   1.2532  0.6  1.2492
 * (eta0 = 0: 1.0749; DGD at eta0 = 1: 0.619, its price scale is c/x ≈ 0.04).
 * Seed 2 gives the same maxima (DGD 0.01: 1.2716, MW 0.4: 1.2813); the best
 * eta0 at N = 10 / 40 is 0.01 / 0.015 (DGD) and 0.3 / 0.5 (MW). Neither
 * beats Equal on this data (its contexts vary slowly within an episode). */
#define DMD_ETA0_DGD 0.01
#define DMD_ETA0_MW 0.4

static const oco_param_spec dgd_params[] = {
    {"eta0", DMD_ETA0_DGD, "0.01",
     "step scale: eta = eta0/sqrt(N) in lambda <- max(0, lambda + eta (g(x~) - B/N)); 0 = a "
     "fixed price; default tuned on synthetic fairness validation data, N = 20",
     "D"},
    {"lambda1", NAN, "cbar/rho",
     "the price lambda_1 >= 0 at the start of every episode; default cbar/rho_m with rho = B/N "
     "(fairness: a job of weight cbar takes exactly its share)",
     "D"},
    {"cbar", 0.5, "0.5",
     "typical context weight of the lambda1 default (contexts in [0, 1]: their mid-point)", "D"},
};
static const oco_param_spec mw_params[] = {
    {"eta0", DMD_ETA0_MW, "0.4",
     "step scale: eta = eta0/sqrt(N) in lambda <- lambda exp(eta (g(x~) - B/N)); 0 = a fixed "
     "price; default tuned on synthetic fairness validation data, N = 20",
     "D"},
    {"lambda1", NAN, "cbar/rho",
     "the price lambda_1 > 0 at the start of every episode (0 is a fixed point of the "
     "multiplicative step); default cbar/rho_m with rho = B/N",
     "D"},
    {"cbar", 0.5, "0.5",
     "typical context weight of the lambda1 default (contexts in [0, 1]: their mid-point)", "D"},
};
enum { DMD_NP = sizeof dgd_params / sizeof dgd_params[0] };

typedef struct dmd_conf {
    double eta0, lambda1, cbar; /* lambda1 NaN: cbar/ρ */
} dmd_conf;

typedef struct dmd_state {
    const oco_oobc_class *cls;
    size_t N;
    int entropic; /* MW */
    dmd_conf conf;
    double eta;
    oco__oobc_lws *lw;
    double *lam;     /* M: λ_t */
    double *lam_out; /* M: λ of the last decision (multiplier hook) */
    double *rho;     /* M: B/N */
    double *inf;     /* M: +∞ (the budget-free layer) */
    double *zero;    /* M: λ = 0 (last step) */
    double *g;       /* M: g(x̃_t) */
    double *B;       /* M: the episode's budgets */
    double *gs;      /* M: scratch of the exhausted-resource guard (baseline.h) */
    double buf[];    /* 8M */
} dmd_state;

static int dmd_read(const oco_param *p, size_t np, int entropic, dmd_conf *c)
{
    const oco_param_spec *spec = entropic ? mw_params : dgd_params;
    const char *nm = entropic ? "mw" : "dgd";
    c->eta0 = oco__param_or(spec, DMD_NP, p, np, "eta0", entropic ? DMD_ETA0_MW : DMD_ETA0_DGD);
    c->lambda1 = oco__param_or(spec, DMD_NP, p, np, "lambda1", NAN);
    c->cbar = oco__param_or(spec, DMD_NP, p, np, "cbar", 0.5);
    if (!(c->eta0 >= 0 && isfinite(c->eta0)))
        return oco_set_error(OCO_EINVAL, "%s: eta0 must be finite and >= 0 (got %.17g)", nm,
                             c->eta0);
    if (!isnan(c->lambda1) && !(isfinite(c->lambda1) && (entropic ? c->lambda1 > 0
                                                                  : c->lambda1 >= 0)))
        return oco_set_error(OCO_EINVAL,
                             entropic ? "%s: lambda1 must be finite and > 0 (got %.17g; 0 is a "
                                        "fixed point of lambda*exp(.))"
                                      : "%s: lambda1 must be finite and >= 0 (got %.17g)",
                             nm, c->lambda1);
    if (!(isfinite(c->cbar) && (entropic ? c->cbar > 0 : c->cbar >= 0)))
        return oco_set_error(OCO_EINVAL, "%s: cbar must be finite and %s 0 (got %.17g)", nm,
                             entropic ? ">" : ">=", c->cbar);
    return OCO_OK;
}

static int dgd_check(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    (void)s;
    dmd_conf c;
    return dmd_read(p, np, 0, &c);
}

static int mw_check(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    (void)s;
    dmd_conf c;
    return dmd_read(p, np, 1, &c);
}

static void dmd_destroy(void *state)
{
    dmd_state *s = state;
    if (!s)
        return;
    oco__oobc_lws_free(s->lw);
    free(s);
}

static void *dmd_create(const oco_oobc_setup *setup, const oco_param *p, size_t np, int entropic)
{
    dmd_conf conf;
    if (dmd_read(p, np, entropic, &conf) != OCO_OK)
        return NULL;
    const size_t M = setup->cls->M;
    dmd_state *s = calloc(1, sizeof *s + 8 * M * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory", entropic ? "mw" : "dgd");
        return NULL;
    }
    s->cls = setup->cls;
    s->N = setup->N;
    s->entropic = entropic;
    s->conf = conf;
    s->eta = conf.eta0 / sqrt((double)setup->N);
    s->lam = s->buf;
    s->lam_out = s->buf + M;
    s->rho = s->buf + 2 * M;
    s->inf = s->buf + 3 * M;
    s->zero = s->buf + 4 * M;
    s->g = s->buf + 5 * M;
    s->B = s->buf + 6 * M;
    s->gs = s->buf + 7 * M;
    for (size_t m = 0; m < M; ++m)
        s->inf[m] = INFINITY;
    s->lw = oco__oobc_lws_new(setup->cls);
    if (!s->lw) {
        dmd_destroy(s);
        return NULL;
    }
    return s;
}

static void *dgd_create(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    return dmd_create(s, p, np, 0);
}

static void *mw_create(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    return dmd_create(s, p, np, 1);
}

static int dmd_begin(void *state, const double *B)
{
    dmd_state *s = state;
    for (size_t m = 0; m < s->cls->M; ++m) {
        s->rho[m] = B[m] / (double)s->N;
        s->B[m] = B[m];
        s->lam[m] = isnan(s->conf.lambda1) ? s->conf.cbar / s->rho[m] : s->conf.lambda1;
        s->lam_out[m] = s->lam[m];
    }
    return OCO_OK;
}

static int dmd_decide(void *state, size_t t, const double *c, const double *b,
                      const double *b_eff, double *x)
{
    (void)b;
    dmd_state *s = state;
    const oco_oobc_class *cls = s->cls;
    const size_t M = cls->M, d = cls->d;
    int rc;
    if (t + 1 == s->N) { /* §2.5 modification [S]: spend what is left */
        memset(s->lam_out, 0, M * sizeof *s->lam_out);
        return oco__oobc_base_solve(s->lw, cls, c, s->zero, b_eff, s->B, s->gs, x);
    }
    memcpy(s->lam_out, s->lam, M * sizeof *s->lam);
    if ((rc = oco__oobc_lws_solve(s->lw, c, s->lam, s->inf, NULL, x, NULL, NULL)))
        return rc;
    for (size_t j = 0; j < d; ++j) /* an interior-point x̃ is in the box up to rounding */
        x[j] = fmin(fmax(x[j], cls->lo[j]), cls->hi[j]);
    if ((rc = cls->use(cls, c, x, s->g, NULL, NULL)))
        return rc;
    int fits = 1;
    for (size_t m = 0; m < M; ++m)
        fits &= s->g[m] <= b_eff[m];
    if (!fits && (rc = oco__oobc_base_solve(s->lw, cls, c, s->lam, b_eff, s->B, s->gs, x)))
        return rc;
    /* the dual step on g_t = ρ − g(x̃_t) */
    for (size_t m = 0; m < M; ++m) {
        const double gt = s->rho[m] - s->g[m];
        s->lam[m] = s->entropic ? s->lam[m] * exp(-s->eta * gt)
                                : fmax(0.0, s->lam[m] - s->eta * gt);
        if (!isfinite(s->lam[m])) /* MW: exp overflow on an absurd eta0 */
            return oco_set_error(OCO_ESOLVER, "%s: the price overflowed (eta0 = %g too large)",
                                 s->entropic ? "mw" : "dgd", s->conf.eta0);
    }
    return OCO_OK;
}

static int dmd_multiplier(const void *state, double *lambda)
{
    const dmd_state *s = state;
    memcpy(lambda, s->lam_out, s->cls->M * sizeof *lambda);
    return OCO_OK;
}

/* Checkpoint: the price λ_t, the last decision's λ, ρ = B/N and B of the
 * episode (inf and zero are constants, g and gs scratch). */
static int dmd_save(const void *state, oco_state_writer *w)
{
    const dmd_state *s = state;
    const size_t M = s->cls->M;
    oco_state_put_size(w, M);
    oco_state_put_f64v(w, s->lam, M);
    oco_state_put_f64v(w, s->lam_out, M);
    oco_state_put_f64v(w, s->rho, M);
    oco_state_put_f64v(w, s->B, M);
    return OCO_OK;
}

static int dmd_restore(void *state, oco_state_reader *r)
{
    dmd_state *s = state;
    const size_t M = s->cls->M;
    int rc = oco_state_expect_size(r, M, s->entropic ? "mw M" : "dgd M");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, s->lam, M);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, s->lam_out, M);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, s->rho, M);
    return rc == OCO_OK ? oco_state_get_f64v(r, s->B, M) : rc;
}

static size_t dmd_memory(const void *state)
{
    const dmd_state *s = state;
    return sizeof *s + 8 * s->cls->M * sizeof(double) + oco__oobc_lws_memory(s->lw);
}

const oco_oobc_type oco__oobc_dgd = {
    .info =
        {
            .name = "dgd",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "DGD: dual mirror descent, Euclidean (projected dual gradient step on "
                       "the price, target use B/N per step)",
            .source = "Balseiro, Lu, Mirrokni (dual mirror descent, Algorithm 1) as seed 000 "
                      "Appendix C.2 runs it; olp_laau.md 2.5",
            .derived = "eta = eta0/sqrt(N), eta0 tuned on synthetic validation data [D]; "
                       "lambda1 = cbar/rho [D]; general classes through the layer of eq. (4), "
                       "projection under the 2.3 reserve guard [D]",
            .params = dgd_params,
            .nparams = DMD_NP,
            .flags = 0,
        },
    .needs = 0,
    .check = dgd_check,
    .create = dgd_create,
    .begin = dmd_begin,
    .decide = dmd_decide,
    .multiplier = dmd_multiplier,
    .memory = dmd_memory,
    .destroy = dmd_destroy,
    .save = dmd_save,
    .restore = dmd_restore,
};

const oco_oobc_type oco__oobc_mw = {
    .info =
        {
            .name = "mw",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "MW: dual mirror descent, entropic (multiplicative price update, target "
                       "use B/N per step)",
            .source = "Balseiro, Lu, Mirrokni (dual mirror descent, Algorithm 1) as seed 000 "
                      "Appendix C.2 runs it; olp_laau.md 2.5",
            .derived = "eta = eta0/sqrt(N), eta0 tuned on synthetic validation data [D]; "
                       "lambda1 = cbar/rho [D]; general classes through the layer of eq. (4), "
                       "projection under the 2.3 reserve guard [D]",
            .params = mw_params,
            .nparams = DMD_NP,
            .flags = 0,
        },
    .needs = 0,
    .check = mw_check,
    .create = mw_create,
    .begin = dmd_begin,
    .decide = dmd_decide,
    .multiplier = dmd_multiplier,
    .memory = dmd_memory,
    .destroy = dmd_destroy,
    .save = dmd_save,
    .restore = dmd_restore,
};
