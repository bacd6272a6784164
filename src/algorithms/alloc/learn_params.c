/* The learn-then-decide policies' parameters (learn_params.h): one reading
 * function for check and create, so validation is never duplicated; and the
 * state part they share (oco__learn_path). */
#include "algorithms/alloc/learn_params.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double get(const oco_algo_info *info, const oco_param *params, size_t n, const char *key)
{
    return oco_params_get(info->params, info->nparams, params, n, key);
}

static int is_count(double v) { return v >= 0.0 && v == floor(v) && v < 9007199254740992.0; }

#define BAD(...) oco_set_error(OCO_EINVAL, __VA_ARGS__)

int oco__learn_params_read(const oco_olp_setup *setup, const oco_param *params, size_t nparams,
                           const oco_algo_info *info, oco__dual_learner_kind kind,
                           oco__learn_params *out)
{
    const char *name = info->name;
    const double T = (double)setup->T;
    const size_t m = setup->m;
    const double gamma = get(info, params, nparams, "gamma");
    const double mu = get(info, params, nparams, "mu");
    const double kappa = get(info, params, nparams, "kappa");
    const double cbar = get(info, params, nparams, "cbar");
    double Te = get(info, params, nparams, "Te");
    double alpha_e = get(info, params, nparams, "alpha_e"); /* NaN also when absent */
    double alpha_p = get(info, params, nparams, "alpha_p");

    if (!(gamma >= 1.0))
        return BAD("%s: gamma must be >= 1 (got %.17g; A4's growth exponent)", name, gamma);
    if (!(mu > 0.0))
        return BAD("%s: mu must be > 0 (got %.17g)", name, mu);
    if (!(kappa > 0.0))
        return BAD("%s: kappa must be > 0 (got %.17g)", name, kappa);
    if (!(cbar > 0.0))
        return BAD("%s: cbar must be > 0 (got %.17g)", name, cbar);
    if (m > (SIZE_MAX / sizeof(double) - 64) / 16)
        return BAD("%s: m = %zu is too large", name, m);
    /* Schedule of §1.8 (Algorithm 4 for gamma = 2, §1.7). For gamma = 2 the
     * expressions are those of olptwopath_grad.m bit for bit:
     * (2γ−2)/(2γ−1) = 2.0/3.0, (γ−1)/(2γ−1) = 1.0/3.0, sqrt(1) = 1. */
    if (isnan(Te)) {
        const double v = gamma == 1.0 ? kappa * log(T) * log(T)
                                      : kappa * pow(T, (2.0 * gamma - 2.0) / (2.0 * gamma - 1.0));
        Te = fmin(T, ceil(v));
    } else if (!is_count(Te) || Te > T) {
        return BAD("%s: Te must be an integer in [0, T = %zu] (got %.17g)", name, setup->T, Te);
    }
    if (isnan(alpha_e)) {
        if (gamma == 1.0)
            alpha_e = T > 1.0 ? 1.0 / (sqrt(kappa) * log(T)) : 1.0;
        else
            alpha_e = 1.0 / (sqrt(kappa) * pow(T, (gamma - 1.0) / (2.0 * gamma - 1.0)));
    } else if (!(alpha_e > 0.0)) {
        return BAD("%s: alpha_e must be > 0 (got %.17g)", name, alpha_e);
    }
    if (isnan(alpha_p))
        alpha_p = 1.0 / pow(T, gamma / (2.0 * gamma - 1.0));
    else if (!(alpha_p > 0.0))
        return BAD("%s: alpha_p must be > 0 (got %.17g)", name, alpha_p);

    double dmin = INFINITY, dmax = 0.0;
    for (size_t i = 0; i < m; ++i) {
        const double d = setup->b[i] / T;
        dmin = fmin(dmin, d);
        dmax = fmax(dmax, d);
    }
    out->gamma = gamma;
    out->mu = mu;
    out->kappa = kappa;
    out->cbar = cbar;
    out->Te = (size_t)Te;
    out->alpha_e = alpha_e;
    out->alpha_p = alpha_p;
    /* R_Y = (c̄ + d̲)/d̲ (olp_laau.md §1.2 [D]); with a zero budget the bound
     * is void and Y is the whole orthant. */
    out->radius = dmin > 0.0 ? (cbar + dmin) / dmin : INFINITY;

    oco__dual_learner_cfg *L = &out->learner;
    *L = (oco__dual_learner_cfg){.kind = kind, .m = m, .d = NULL, .radius = out->radius,
                                 .mu = mu, .gamma = gamma, .S = 1.0, .omega = 1.0};
    if (kind == OCO__DL_SGD)
        return OCO_OK;

    /* ASSG (olp_laau.md §1.4), θ = 1/γ. */
    const double theta = 1.0 / gamma;
    const double abar = get(info, params, nparams, "abar");
    double G = get(info, params, nparams, "G");
    double eps = get(info, params, nparams, "eps");
    double delta = get(info, params, nparams, "delta");
    double eps0 = get(info, params, nparams, "eps0");
    double D1 = get(info, params, nparams, "D1");
    double K = get(info, params, nparams, "K");
    double t = get(info, params, nparams, "t");
    const double tol = get(info, params, nparams, "proj_tol");
    const double maxit = get(info, params, nparams, "proj_maxit");
    if (!(abar > 0.0))
        return BAD("%s: abar must be > 0 (got %.17g)", name, abar);
    if (isnan(G))
        G = sqrt((double)m) * (abar + dmax);
    else if (!(G > 0.0))
        return BAD("%s: G must be > 0 (got %.17g)", name, G);
    if (isnan(eps))
        eps = mu * pow(T, -gamma / (2.0 * gamma - 1.0));
    else if (!(eps > 0.0))
        return BAD("%s: eps must be > 0 (got %.17g)", name, eps);
    if (isnan(delta))
        delta = fmax(pow(T, -2.0 * gamma), 1e-300);
    else if (!(delta > 0.0 && delta < 1.0))
        return BAD("%s: delta must be in (0, 1) (got %.17g)", name, delta);
    if (isnan(eps0))
        eps0 = cbar;
    else if (!(eps0 > 0.0))
        return BAD("%s: eps0 must be > 0 (got %.17g)", name, eps0);
    if (isnan(D1))
        D1 = pow(2.0, 1.0 - theta) * pow(mu, -theta) * eps0 / pow(eps, 1.0 - theta);
    else if (!(D1 > 0.0))
        return BAD("%s: D1 must be > 0 (got %.17g)", name, D1);
    if (isnan(K))
        K = fmax(1.0, ceil(log2(2.0 * eps0 / eps)));
    else if (!(is_count(K) && K >= 1.0))
        return BAD("%s: K must be an integer >= 1 (got %.17g)", name, K);
    if (isnan(t))
        t = fmax(2.0, ceil(fmax(9.0, 1728.0 * log(K / delta)) * G * G * D1 * D1 / (eps0 * eps0)));
    else if (!(is_count(t) && t >= 2.0))
        return BAD("%s: t must be an integer >= 2 (got %.17g)", name, t);
    if (!(tol > 0.0))
        return BAD("%s: proj_tol must be > 0 (got %.17g)", name, tol);
    if (!(is_count(maxit) && maxit >= 1.0))
        return BAD("%s: proj_maxit must be an integer >= 1 (got %.17g)", name, maxit);
    L->K = K;
    L->t = t;
    L->eps0 = eps0;
    L->D1 = D1;
    L->G = G;
    L->proj_tol = tol;
    L->proj_maxit = maxit;
    if (kind != OCO__DL_RASSG)
        return OCO_OK;
    const double S = get(info, params, nparams, "S");
    const double omega = get(info, params, nparams, "omega");
    if (!(is_count(S) && S >= 1.0))
        return BAD("%s: S must be an integer >= 1 (got %.17g)", name, S);
    if (!(omega > 0.0 && omega <= 1.0))
        return BAD("%s: omega must be in (0, 1] (got %.17g)", name, omega);
    L->S = S;
    L->omega = omega;
    return OCO_OK;
}

int oco__learn_path_init(oco__learn_path *path, const oco_olp_setup *setup, oco__learn_params *lp,
                         double *buf)
{
    const size_t m = setup->m;
    path->m = m;
    path->Te = lp->Te;
    path->t = 0;
    path->alpha_p = lp->alpha_p;
    path->radius = lp->radius;
    path->y = buf;
    path->d = buf + m;
    for (size_t i = 0; i < m; ++i) {
        path->y[i] = 0.0;
        path->d[i] = setup->b[i] / (double)setup->T;
    }
    lp->learner.d = path->d;
    path->L = oco__dual_learner_new(&lp->learner);
    return path->L ? OCO_OK : oco_last_error_code();
}

void oco__learn_path_destroy(void *state)
{
    oco__learn_path *path = state;
    if (path) {
        oco__dual_learner_free(path->L);
        free(state);
    }
}

void oco__learn_path_handover(oco__learn_path *path)
{
    memcpy(path->y, oco__dual_learner_output(path->L), path->m * sizeof *path->y);
    oco__proj_Y(path->y, path->m, path->radius);
}

int oco__learn_path_save(const void *state, oco_state_writer *w)
{
    const oco__learn_path *path = state;
    oco_state_put_size(w, path->m);
    oco_state_put_size(w, path->t);
    oco_state_put_f64v(w, path->y, path->m);
    oco__dual_learner_save(path->L, w);
    return OCO_OK;
}

int oco__learn_path_restore(void *state, oco_state_reader *r)
{
    oco__learn_path *path = state;
    size_t t = 0;
    int rc = oco_state_expect_size(r, path->m, "learn path: m");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, path->y, path->m);
    if (rc == OCO_OK)
        rc = oco__dual_learner_restore(path->L, r);
    if (rc == OCO_OK)
        path->t = t;
    return rc;
}
