/* MsMwC (Chen, Luo, Wei COLT'21) as used by seed 004 eq. (3.2), with the
 * closed-form weighted-KL projection of universal.md §4.2.
 *
 * Why a scalar root and not a generic solver: the KKT conditions of
 * argmin_{p∈Δ} ⟨c,p⟩ + D_ψ(p, p̂) with ψ = Σ η_i⁻¹ p_i ln p_i give
 * ln p_i = ln p̂_i − η_i (c_i + μ); only the normaliser μ is unknown. PyNOL
 * solves this with cvxpy every round (and floors weights at 1e-3); here it is
 * one monotone Newton iteration on
 *     ψ(μ) = ln Σ_i exp(b_i − η_i μ),   b_i = ln p̂_i − η_i c_i,
 * which is decreasing (ψ' = −η̄(μ), the p-weighted mean step size) and convex
 * (ψ'' = Var_p(η) ≥ 0). Newton started left of the root (μ₀ = −max c, where
 * ψ ≥ 0 because Σ p̂ = 1) therefore increases monotonically and never
 * overshoots [D, universal.md §4.2]. Working with ψ = ln φ instead of φ makes
 * the equal-η case (every MsMwC-Mid) linear, so Newton is exact in one step,
 * and keeps every quantity in the log domain (no underflow of tiny weights). */
#include "oco/msmwc.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"

/* Newton stops once ψ(μ) is below its own rounding noise: ψ is a log-sum-
 * exp of terms b_i − η_i μ, each rounded to ε·(|b_i| + |η_i μ|), so the noise
 * is a few ε times the p-weighted mean of those magnitudes (≈ a few ulps in
 * the Lemma 2 regime, where |η c| ≤ 1/16). */
#define NOISE_ULPS 8.0
#define MAX_ITERS 200
/* If ψ is still above this after the iteration, something is wrong. */
#define PSI_FAIL 1e-9

/* ψ(μ), η̄(μ) and the rounding scale of ψ by a max-shifted log-sum-exp.
 * Also leaves w_i = exp(b_i − η_i μ − M) in w and M in *mshift, so that the
 * caller gets p_i = w_i e^M without a second pass of exponentials (they are
 * the ensemble's main cost). */
static double psi_eval(size_t n, const double *b, const double *eta, double mu, double *etabar,
                       double *tol, double *w, double *mshift)
{
    double m = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = b[i] - eta[i] * mu;
        if (v > m)
            m = v;
    }
    double s = 0.0, e = 0.0, sc = 0.0;
    for (size_t i = 0; i < n; i++) {
        double em = eta[i] * mu;
        double wi = exp(b[i] - em - m);
        w[i] = wi;
        s += wi;
        e += eta[i] * wi;
        sc += (fabs(b[i]) + fabs(em)) * wi;
    }
    *etabar = e / s;
    *tol = NOISE_ULPS * DBL_EPSILON * (1.0 + sc / s);
    *mshift = m;
    return m + log(s);
}

int oco_msmwc_project(size_t n, const double *log_phat, const double *eta, const double *c,
                      double *log_p, double *p, double *mu_out, int *iters_out)
{
    if (n == 0)
        return oco_set_error(OCO_EINVAL, "oco_msmwc_project: n must be >= 1");
    if (!log_phat || !eta || !c || !log_p || !p)
        return oco_set_error(OCO_EINVAL, "oco_msmwc_project: NULL array argument");

    double cmax = -INFINITY, cmin = INFINITY, emin = INFINITY, emax = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (c[i] > cmax)
            cmax = c[i];
        if (c[i] < cmin)
            cmin = c[i];
        if (eta[i] < emin)
            emin = eta[i];
        if (eta[i] > emax)
            emax = eta[i];
    }
    /* b lives in log_p (log_p may alias log_phat: b_i only reads index i). */
    for (size_t i = 0; i < n; i++)
        log_p[i] = log_phat[i] - eta[i] * c[i];
    const double *b = log_p;

    double mu, etabar, tol, M;
    int it = 0;
    if (emin == emax) {
        /* Equal steps: ψ(μ) = LSE(b) − ημ is linear, μ = LSE(b)/η exactly
         * (plain Hedge normalisation, universal.md §4.2 and §12.1 item 7). */
        /* plain log-sum-exp (no Newton bookkeeping: this is the hot path
         * of every MsMwC-Mid) */
        M = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (b[i] > M)
                M = b[i];
        double sw = 0.0;
        for (size_t i = 0; i < n; i++) {
            double wi = exp(b[i] - M);
            p[i] = wi;
            sw += wi;
        }
        double lse = M + log(sw);
        mu = lse / emin;
        const double z = exp(M - lse); /* = 1/Σ w */
        for (size_t i = 0; i < n; i++) {
            log_p[i] = b[i] - lse;
            p[i] *= z;
        }
        it = 1;
    } else {
        mu = -cmax;
        /* p holds w at the last evaluated point; at_mu says whether that
         * point is the current μ */
        double s = psi_eval(n, b, eta, mu, &etabar, &tol, p, &M);
        int at_mu = 1;
        /* ψ(−min c) ≤ ln Σ p̂, which is 0 up to rounding; widen by that. */
        double hi = -cmin + 2.0 * tol / emin;
        if (s < -tol) {
            /* Σ p̂ slightly below 1 (rounding of the previous projection):
             * the root lies left of −max c. Since −ψ' ≥ min η, stepping by
             * s/min η lands at or left of the root. */
            hi = mu;
            mu += s / emin;
            s = psi_eval(n, b, eta, mu, &etabar, &tol, p, &M);
        }
        double Mmu = M;
        while (s > tol && it < MAX_ITERS) {
            it++;
            double next = mu + s / etabar;
            /* Convexity keeps Newton left of the root; rounding near the
             * root can break that, so guard with the bracket [mu, hi]. */
            if (!(next > mu) || !(next < hi))
                next = 0.5 * (mu + hi);
            if (!(next > mu && next < hi))
                break; /* bracket down to adjacent doubles: μ is resolved */
            double eb2, tol2;
            double s2 = psi_eval(n, b, eta, next, &eb2, &tol2, p, &M);
            if (s2 >= 0.0 || -s2 <= tol2) {
                mu = next;
                s = s2;
                etabar = eb2;
                tol = tol2;
                at_mu = 1;
                Mmu = M;
                if (s2 < 0.0)
                    break;
            } else {
                hi = next; /* overshoot (only by rounding): bisect next time */
                at_mu = 0;
            }
        }
        if (!(fabs(s) <= PSI_FAIL))
            return oco_set_error(OCO_ELIMIT,
                                 "oco_msmwc_project: normaliser not found (psi = %.17g after %d "
                                 "iterations)",
                                 s, it);
        if (!at_mu) {
            double eb2, tol2;
            (void)psi_eval(n, b, eta, mu, &eb2, &tol2, p, &Mmu);
        }
        /* KKT exactly in the returned μ: ln p_i = b_i − η_i μ, and
         * p_i = w_i e^M. Σ p = e^s is within a few ulps of 1, and the next
         * projection re-normalises, so no error accumulates over rounds. */
        const double eM = exp(Mmu);
        for (size_t i = 0; i < n; i++) {
            log_p[i] = b[i] - eta[i] * mu;
            p[i] *= eM;
        }
    }
    if (mu_out)
        *mu_out = mu;
    if (iters_out)
        *iters_out = it;
    return OCO_OK;
}

struct oco_msmwc {
    size_t n;
    double bias;
    double *eta;
    double *log_prior; /* ln p̂_1 */
    double *log_hat;   /* ln p̂_t */
    double *log_p;     /* ln p_t */
    double *p;         /* p_t */
    double *m;         /* m_t */
    double *a;         /* a_t of the last update */
    double *c;         /* workspace: ℓ_t + a_t */
    double *work;      /* workspace: new ln p̂ */
    double *work2;     /* workspace: new p̂ (discarded) */
    int predicted;
    int newton_max;
    long newton_total;
};

oco_msmwc_opts oco_msmwc_opts_default(void)
{
    oco_msmwc_opts o;
    o.bias = 16.0; /* seed 004, App. B.2 */
    o.prior = NULL;
    return o;
}

static int check_eta(size_t n, const double *eta, const char *who)
{
    if (!eta)
        return oco_set_error(OCO_EINVAL, "%s: eta is NULL", who);
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(eta[i]) && eta[i] > 0.0))
            return oco_set_error(OCO_EINVAL, "%s: eta[%zu] = %.17g must be finite and > 0", who,
                                 i, eta[i]);
    return OCO_OK;
}

oco_msmwc *oco_msmwc_new(size_t n, const double *eta, const oco_msmwc_opts *opts)
{
    oco_msmwc_opts o = opts ? *opts : oco_msmwc_opts_default();
    if (n == 0) {
        oco_set_error(OCO_EINVAL, "oco_msmwc_new: n must be >= 1");
        return NULL;
    }
    if (n > ((size_t)-1) / (10 * sizeof(double))) {
        oco_set_error(OCO_EINVAL, "oco_msmwc_new: n = %zu too large", n);
        return NULL;
    }
    if (check_eta(n, eta, "oco_msmwc_new") != OCO_OK)
        return NULL;
    if (!(isfinite(o.bias) && o.bias >= 0.0)) {
        oco_set_error(OCO_EINVAL, "oco_msmwc_new: bias = %.17g must be finite and >= 0", o.bias);
        return NULL;
    }
    double psum = 0.0;
    if (o.prior) {
        for (size_t i = 0; i < n; i++) {
            if (!(isfinite(o.prior[i]) && o.prior[i] > 0.0)) {
                oco_set_error(OCO_EINVAL,
                              "oco_msmwc_new: prior[%zu] = %.17g must be finite and > 0", i,
                              o.prior[i]);
                return NULL;
            }
            psum += o.prior[i];
        }
    }
    oco_msmwc *ms = calloc(1, sizeof *ms);
    double *buf = malloc(10 * n * sizeof(double));
    if (!ms || !buf) {
        free(ms);
        free(buf);
        oco_set_error(OCO_ENOMEM, "oco_msmwc_new: out of memory (n = %zu)", n);
        return NULL;
    }
    ms->n = n;
    ms->bias = o.bias;
    ms->eta = buf;
    ms->log_prior = buf + n;
    ms->log_hat = buf + 2 * n;
    ms->log_p = buf + 3 * n;
    ms->p = buf + 4 * n;
    ms->m = buf + 5 * n;
    ms->a = buf + 6 * n;
    ms->c = buf + 7 * n;
    ms->work = buf + 8 * n;
    ms->work2 = buf + 9 * n;
    memcpy(ms->eta, eta, n * sizeof(double));
    for (size_t i = 0; i < n; i++)
        ms->log_prior[i] = o.prior ? log(o.prior[i] / psum) : -log((double)n);
    oco_msmwc_reset(ms);
    return ms;
}

void oco_msmwc_free(oco_msmwc *ms)
{
    if (!ms)
        return;
    free(ms->eta);
    free(ms);
}

void oco_msmwc_reset(oco_msmwc *ms)
{
    size_t n = ms->n;
    memcpy(ms->log_hat, ms->log_prior, n * sizeof(double));
    memcpy(ms->log_p, ms->log_prior, n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        ms->p[i] = exp(ms->log_p[i]);
        ms->m[i] = 0.0;
        ms->a[i] = 0.0;
    }
    ms->predicted = 0;
    ms->newton_max = 0;
    ms->newton_total = 0;
}

size_t oco_msmwc_size(const oco_msmwc *ms) { return ms->n; }

int oco_msmwc_set_eta(oco_msmwc *ms, const double *eta)
{
    int rc = check_eta(ms->n, eta, "oco_msmwc_set_eta");
    if (rc != OCO_OK)
        return rc;
    memcpy(ms->eta, eta, ms->n * sizeof(double));
    return OCO_OK;
}

static void count_iters(oco_msmwc *ms, int it)
{
    ms->newton_total += it;
    if (it > ms->newton_max)
        ms->newton_max = it;
}

int oco_msmwc_predict(oco_msmwc *ms, const double *m, double *p_out)
{
    size_t n = ms->n;
    if (m) {
        for (size_t i = 0; i < n; i++)
            if (!isfinite(m[i]))
                return oco_set_error(OCO_EINVAL, "oco_msmwc_predict: m[%zu] is not finite", i);
        memcpy(ms->c, m, n * sizeof(double));
    } else {
        memset(ms->c, 0, n * sizeof(double));
    }
    int it = 0;
    /* Play step: project p̂_t with c = m_t (seed 004 eq. (3.2), first half),
     * into workspace so that a failure leaves the state unchanged. */
    int rc = oco_msmwc_project(n, ms->log_hat, ms->eta, ms->c, ms->work, ms->work2, NULL, &it);
    if (rc != OCO_OK)
        return rc;
    memcpy(ms->m, ms->c, n * sizeof(double));
    memcpy(ms->log_p, ms->work, n * sizeof(double));
    memcpy(ms->p, ms->work2, n * sizeof(double));
    count_iters(ms, it);
    ms->predicted = 1;
    if (p_out)
        memcpy(p_out, ms->p, n * sizeof(double));
    return OCO_OK;
}

int oco_msmwc_update(oco_msmwc *ms, const double *loss)
{
    size_t n = ms->n;
    if (!loss)
        return oco_set_error(OCO_EINVAL, "oco_msmwc_update: loss is NULL");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(loss[i]))
            return oco_set_error(OCO_EINVAL, "oco_msmwc_update: loss[%zu] is not finite", i);
    if (!ms->predicted) {
        int rc = oco_msmwc_predict(ms, NULL, NULL);
        if (rc != OCO_OK)
            return rc;
    }
    /* Correction a_t = bias·η·(ℓ − m)² (seed 004 App. B.2: bias 16), then the
     * update step projects the same centre p̂_t with c = ℓ_t + a_t. */
    for (size_t i = 0; i < n; i++) {
        double d = loss[i] - ms->m[i];
        ms->a[i] = ms->bias * ms->eta[i] * d * d;
        ms->c[i] = loss[i] + ms->a[i];
    }
    int it = 0;
    /* Into workspace first, so that a failure leaves the state unchanged;
     * only ln p̂_{t+1} is kept. */
    int rc = oco_msmwc_project(n, ms->log_hat, ms->eta, ms->c, ms->work, ms->work2, NULL, &it);
    if (rc != OCO_OK)
        return rc;
    memcpy(ms->log_hat, ms->work, n * sizeof(double));
    count_iters(ms, it);
    ms->predicted = 0;
    return OCO_OK;
}

/* The arrays that carry over between calls: eta, log_hat, log_p, p, m, a —
 * the block buf + 2n.. except the prior (constant), so eta first and then
 * five contiguous arrays; c, work, work2 are per-call workspace. */
int oco_msmwc_save(const oco_msmwc *ms, oco_state_writer *w)
{
    if (!ms || !w)
        return oco_set_error(OCO_EINVAL, "oco_msmwc_save: NULL argument");
    const size_t n = ms->n;
    oco_state_put_size(w, n);
    oco_state_put_f64v(w, ms->eta, n);
    oco_state_put_f64v(w, ms->log_hat, 5 * n); /* log_hat, log_p, p, m, a */
    oco_state_put_int(w, ms->predicted);
    oco_state_put_int(w, ms->newton_max);
    oco_state_put_u64(w, (uint64_t)(int64_t)ms->newton_total);
    return OCO_OK;
}

int oco_msmwc_restore(oco_msmwc *ms, oco_state_reader *r)
{
    if (!ms || !r)
        return oco_set_error(OCO_EINVAL, "oco_msmwc_restore: NULL argument");
    const size_t n = ms->n;
    uint64_t total = 0;
    int rc = oco_state_expect_size(r, n, "MsMwC experts");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, ms->eta, n);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, ms->log_hat, 5 * n);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &ms->predicted);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &ms->newton_max);
    if (rc == OCO_OK)
        rc = oco_state_get_u64(r, &total);
    if (rc != OCO_OK)
        return rc;
    if (check_eta(n, ms->eta, "oco_msmwc_restore") != OCO_OK)
        return OCO_EINVAL;
    ms->newton_total = (long)(int64_t)total;
    return OCO_OK;
}

const double *oco_msmwc_weights(const oco_msmwc *ms) { return ms->p; }
const double *oco_msmwc_log_hat(const oco_msmwc *ms) { return ms->log_hat; }
const double *oco_msmwc_eta(const oco_msmwc *ms) { return ms->eta; }
const double *oco_msmwc_optimism(const oco_msmwc *ms) { return ms->m; }
const double *oco_msmwc_last_bias(const oco_msmwc *ms) { return ms->a; }
long oco_msmwc_newton_total(const oco_msmwc *ms) { return ms->newton_total; }
int oco_msmwc_newton_max(const oco_msmwc *ms) { return ms->newton_max; }
