/* Dual mirror descent for online LP (Balseiro, Lu & Mirrokni, Algorithm 1;
 * olp_laau.md §1.11, checked against the authors' code/nrm.py [C]).
 *
 * With X = {0,1}, f_t(x) = c_t x and b_t(x) = a_t x (olp_laau.md §1.11):
 *   x̃_t = 1{c_t > <a_t, μ_t>}                  (strict, as Algorithm 1 of seed 002)
 *   x_t = x̃_t only if a_t fits the remaining budget B_t componentwise, else 0:
 *         the POLICY stops at the budget ("accept only if b_t(x̃_t) <= B_t"), so
 *         it never exceeds b even in a soft-budget session;
 *   g_t = ρ − a_t x̃_t                          (x̃, even when rejected: nrm.py's
 *                                               gradient uses x before the check)
 *   dmd-euclid    (h = ½‖·‖², DGD)  μ_{t+1} = max(μ_t − η g_t, 0)
 *   dmd-entropic  (h = negative entropy, MW)  μ_{t+1} = μ_t ∘ exp(−η g_t),
 *                 unnormalised (nrm.py's "entropy"; its "projected_entropy"
 *                 rescaling onto Σ ≤ F̄ is not implemented)
 * with ρ = b/T, η = η0/√T and μ_1 = 0 (euclid) resp. (1/√m)·𝟙 (entropic).
 *
 * x̃_t is recomputed in update from the unchanged μ_t (decide is const and
 * returns x_t, which folds in the budget check), so the step does not depend
 * on what the session did with the order: a hard budget or the session's
 * zero-violation add-on (alloc.h) leave the price sequence untouched.
 * eta = 0 freezes μ at μ_1: a fixed-price policy 1{c > <a,μ_1>} ∧ fits.
 *
 * Per round: two dot products (decide, update), one m-vector update, no
 * allocation. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"

typedef struct dmd_state {
    size_t m;
    double eta;
    double mu0;   /* μ_1 in every coordinate, for reset */
    int entropic; /* 1: negative-entropy mirror map (multiplicative step) */
    double *mu;   /* current price μ_t */
    double *rho;  /* ρ = b/T */
    double buf[]; /* 2m doubles: mu, rho */
} dmd_state;

/* <a, μ> left to right: the same sum in decide and update, so x̃ recomputed
 * in update is bit-identical to the one decide saw. */
static double dot(const double *a, const double *mu, size_t m)
{
    double s = a[0] * mu[0];
    for (size_t i = 1; i < m; ++i)
        s += a[i] * mu[i];
    return s;
}

typedef struct dmd_params {
    double eta, mu0;
} dmd_params;

/* eta and mu0 of either variant, validated (shared by check and create). */
static int dmd_read(const oco_olp_setup *setup, const oco_param *params, size_t nparams,
                    const oco_algo_info *info, int entropic, dmd_params *out)
{
    const char *name = info->name;
    double eta = oco_params_get(info->params, info->nparams, params, nparams, "eta");
    double mu0 = oco_params_get(info->params, info->nparams, params, nparams, "mu0");
    if (isnan(eta))
        eta = 1.0 / sqrt((double)setup->T); /* η = η0/√T with η0 = 1 */
    else if (!(eta >= 0.0 && isfinite(eta)))
        return oco_set_error(OCO_EINVAL, "%s: eta must be finite and >= 0 (got %.17g)", name,
                             eta);
    if (isnan(mu0) && entropic)
        mu0 = 1.0 / sqrt((double)setup->m); /* nrm.py: ini_dual = 1/sqrt(m) */
    else if (entropic ? !(mu0 > 0.0 && isfinite(mu0)) : !(mu0 >= 0.0 && isfinite(mu0)))
        return oco_set_error(OCO_EINVAL,
                             entropic ? "%s: mu0 must be finite and > 0 (got %.17g; 0 is a fixed "
                                        "point of mu*exp(.))"
                                      : "%s: mu0 must be finite and >= 0 (got %.17g)",
                             name, mu0);
    if (setup->m > (SIZE_MAX - sizeof(dmd_state)) / (2 * sizeof(double)))
        return oco_set_error(OCO_EINVAL, "%s: m = %zu is too large", name, setup->m);
    out->eta = eta;
    out->mu0 = mu0;
    return OCO_OK;
}

static void *dmd_create(const oco_olp_setup *setup, const oco_param *params, size_t nparams,
                        const oco_algo_info *info, int entropic)
{
    const size_t m = setup->m;
    dmd_params dp = {0, 0};
    if (dmd_read(setup, params, nparams, info, entropic, &dp) != OCO_OK)
        return NULL;
    dmd_state *s = malloc(sizeof *s + 2 * m * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory for m = %zu", info->name, m);
        return NULL;
    }
    s->m = m;
    s->eta = dp.eta;
    s->mu0 = dp.mu0;
    s->entropic = entropic;
    s->mu = s->buf;
    s->rho = s->buf + m;
    for (size_t i = 0; i < m; ++i) {
        s->mu[i] = dp.mu0;
        s->rho[i] = setup->b[i] / (double)setup->T;
    }
    return s;
}

/* Restart at round 0 from μ = y (NULL: μ_1). The session checked y >= 0; the
 * entropic price must be > 0 (0 would stay 0 for ever). */
static int dmd_reset(void *state, const double *y)
{
    dmd_state *s = state;
    for (size_t i = 0; y && s->entropic && i < s->m; ++i)
        if (!(y[i] > 0.0))
            return oco_set_error(OCO_EINVAL, "dmd-entropic: reset price y[%zu] must be > 0 "
                                             "(0 is a fixed point of mu*exp(.))", i);
    for (size_t i = 0; i < s->m; ++i)
        s->mu[i] = y ? y[i] : s->mu0;
    return OCO_OK;
}

/* x_t = x̃_t ∧ (a_t <= B_t componentwise). The test is remaining − a >= 0, the
 * session's hard-budget test (session_internal.h), equivalent to a <= B for
 * finite doubles. */
static int dmd_decide(const void *state, double c, const double *a, const double *remaining)
{
    const dmd_state *s = state;
    if (!(c > dot(a, s->mu, s->m)))
        return 0;
    for (size_t i = 0; i < s->m; ++i)
        if (remaining[i] - a[i] < 0.0)
            return 0;
    return 1;
}

static int dmd_update(void *state, double c, const double *a, int proposed, int taken)
{
    (void)proposed; /* folds in the budget check; the step needs x̃ */
    (void)taken;
    dmd_state *s = state;
    const size_t m = s->m;
    double *mu = s->mu;
    const double eta = s->eta, *rho = s->rho;
    const int xt = c > dot(a, mu, m); /* x̃_t from μ_t, as in decide */
    for (size_t i = 0; i < m; ++i) {
        const double g = xt ? rho[i] - a[i] : rho[i]; /* the dual subgradient ρ − a x̃ */
        if (s->entropic) {
            mu[i] *= exp(-eta * g); /* negative entropy: multiplicative step */
        } else {
            const double v = mu[i] - eta * g;
            mu[i] = v > 0.0 ? v : 0.0; /* Euclidean: projection onto μ >= 0 */
        }
    }
    return OCO_OK;
}

static const double *dmd_dual(const void *state) { return ((const dmd_state *)state)->mu; }

static void dmd_destroy(void *state) { free(state); }

/* Checkpoint (issue 12): only the price μ changes after create (ρ, η, μ_1
 * are derived from setup and params). */
static int dmd_save(const void *state, oco_state_writer *w)
{
    const dmd_state *s = state;
    oco_state_put_size(w, s->m);
    oco_state_put_f64v(w, s->mu, s->m);
    return OCO_OK;
}

static int dmd_restore(void *state, oco_state_reader *r)
{
    dmd_state *s = state;
    const int rc = oco_state_expect_size(r, s->m, "dmd: m");
    return rc != OCO_OK ? rc : oco_state_get_f64v(r, s->mu, s->m);
}

/* The step size, the same in both mirror maps. */
#define DMD_ETA_SPEC                                                                           \
    {"eta", NAN, "1/sqrt(T)",                                                                  \
     "step size eta = eta0/sqrt(T) (nrm.py); default eta0 = 1; 0 = fixed price mu0", "D"}

/* ---- dmd-euclid ----------------------------------------------------------- */

static const oco_param_spec euclid_params[] = {
    DMD_ETA_SPEC,
    {"mu0", 0.0, "0", "initial price mu_1 in every coordinate (nrm.py square_norm: 0)", "C"},
};
#define NEUCLID (sizeof euclid_params / sizeof euclid_params[0])

static int euclid_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    dmd_params dp = {0, 0};
    return dmd_read(setup, params, n, &oco__olp_dmd_euclid.info, 0, &dp);
}

static void *euclid_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dmd_create(setup, params, n, &oco__olp_dmd_euclid.info, 0);
}

const oco_olp_policy_type oco__olp_dmd_euclid = {
    .info =
        {
            .name = "dmd-euclid",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "dual mirror descent, Euclidean (DGD): accept iff c > <a,mu> and a fits the budget "
            "left; mu <- max(mu - eta(rho - a x~), 0)",
            .source = "Balseiro, Lu & Mirrokni, dual mirror descent, Algorithm 1 (h = 1/2||.||^2); "
            "olp_laau.md §1.11; haihaolu/online_dual_mirror_descent code/nrm.py",
            .derived = "[C] eta = eta0/sqrt(T), mu_1 = 0, step with x~ even when rejected (nrm.py); "
            "[D] eta0 = 1",
            .params = euclid_params,
            .nparams = NEUCLID,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = euclid_check,
    .create = euclid_create,
    .reset = dmd_reset,
    .decide = dmd_decide,
    .update = dmd_update,
    .dual = dmd_dual,
    .destroy = dmd_destroy,
    .save = dmd_save,
    .restore = dmd_restore,
};

/* ---- dmd-entropic --------------------------------------------------------- */

static const oco_param_spec entropic_params[] = {
    DMD_ETA_SPEC,
    {"mu0", NAN, "1/sqrt(m)",
     "initial price mu_1 in every coordinate, > 0 (nrm.py entropy: 1/sqrt(m))", "C"},
};
#define NENTROPIC (sizeof entropic_params / sizeof entropic_params[0])

static int entropic_check(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    dmd_params dp = {0, 0};
    return dmd_read(setup, params, n, &oco__olp_dmd_entropic.info, 1, &dp);
}

static void *entropic_create(const oco_olp_setup *setup, const oco_param *params, size_t n)
{
    return dmd_create(setup, params, n, &oco__olp_dmd_entropic.info, 1);
}

const oco_olp_policy_type oco__olp_dmd_entropic = {
    .info =
        {
            .name = "dmd-entropic",
            .protocol = OCO_PROTOCOL_OLP,
            .summary = "dual mirror descent, negative entropy (MW): accept iff c > <a,mu> and a fits the "
            "budget left; mu <- mu*exp(-eta(rho - a x~)), unnormalised",
            .source = "Balseiro, Lu & Mirrokni, dual mirror descent, Algorithm 1 (h = negative entropy); "
            "olp_laau.md §1.11; haihaolu/online_dual_mirror_descent code/nrm.py",
            .derived = "[C] eta = eta0/sqrt(T), mu_1 = 1/sqrt(m), unnormalised multiplicative step with x~ "
            "even when rejected (nrm.py 'entropy'); [D] eta0 = 1",
            .params = entropic_params,
            .nparams = NENTROPIC,
            .flags = OCO_ALGO_RESETTABLE,
        },
    .check = entropic_check,
    .create = entropic_create,
    .reset = dmd_reset,
    .decide = dmd_decide,
    .update = dmd_update,
    .dual = dmd_dual,
    .destroy = dmd_destroy,
    .save = dmd_save,
    .restore = dmd_restore,
};
