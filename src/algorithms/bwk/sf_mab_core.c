/* The scale-free MAB core (sf_mab_core.h): seed 003 Algorithm 3 (Putta &
 * Agrawal 2022) as llp_sarkar.md §B.5 restores it. p_t, the estimator, η and
 * M_s follow the public Python `ScaleFreeMAB` implementation [C]; the fixed
 * exploration rule is [R]. */
#include "algorithms/bwk/sf_mab_core.h"

#include "oco/error.h"

#include <math.h>

size_t oco__sfmab_doubles(size_t K) { return 4 * K; }

void oco__sfmab_init(oco__sfmab *m, size_t K, int explore, double *mem)
{
    m->K = K;
    m->explore = explore;
    m->L = mem;
    m->p = mem + K;
    m->pt = mem + 2 * K;
    m->w = mem + 3 * K;
    oco__sfmab_reset(m);
}

void oco__sfmab_reset(oco__sfmab *m)
{
    for (size_t i = 0; i < m->K; ++i)
        m->L[i] = 0;
    m->t = 0;
    m->eta = (double)m->K; /* η_1 = K/(1 + 0) */
    m->gamma = 0.5;        /* γ_1 of both rules */
    m->M_sum = m->G_sum = 0;
    m->nu = m->last_M = 0;
    m->ready = 0;
}

/* With b_i = c_i − min c >= 0 and s = ν + min c, the equation is
 * f(s) = Σ 1/(b_i + s) − 1 = 0, and s ∈ [1, K]: the minimal arm alone gives
 * f(1) >= 0, and every term is <= 1/s so f(K) <= 0. f is convex and
 * decreasing, so Newton from the left end never overshoots the root; the
 * bracket is kept anyway and a step that leaves it is replaced by
 * bisection (rounding near the root). */
int oco__sfmab_barrier_root(const double *c, size_t K, double *nu, double *x)
{
    double cmin = INFINITY;
    for (size_t i = 0; i < K; ++i) {
        if (!isfinite(c[i]))
            return oco_set_error(OCO_ESOLVER, "sf-mab: log-barrier coefficient %zu is %g", i,
                                 c[i]);
        cmin = fmin(cmin, c[i]);
    }
    double lo = 1, hi = (double)K, s = 1;
    for (int it = 0; it < 200; ++it) {
        double f = -1, fp = 0;
        for (size_t i = 0; i < K; ++i) {
            const double r = 1.0 / ((c[i] - cmin) + s);
            f += r;
            fp -= r * r;
        }
        if (f > 0)
            lo = s;
        else
            hi = s;
        if (fabs(f) <= 1e-15)
            break;
        double next = s - f / fp;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - s) <= 4e-16 * s)
            break;
        s = next;
    }
    *nu = s - cmin;
    if (x)
        for (size_t i = 0; i < K; ++i)
            x[i] = 1.0 / ((c[i] - cmin) + s);
    return OCO_OK;
}

/* The fixed rule's γ_t = min(1/2, √(K/t)) [R]; the adaptive one is kept in
 * m->gamma by update. */
static double gamma_now(const oco__sfmab *m)
{
    if (m->explore == OCO__SFMAB_EXPLORE_ADAPTIVE)
        return m->gamma;
    return fmin(0.5, sqrt((double)m->K / (double)(m->t + 1)));
}

int oco__sfmab_distribution(oco__sfmab *m, double *out)
{
    const size_t K = m->K;
    if (!m->ready) {
        /* FTRL with the log barrier: p_i = 1/(η_t L̂_i + ν) (Algorithm 3) */
        for (size_t i = 0; i < K; ++i)
            m->w[i] = m->eta * m->L[i];
        int rc = oco__sfmab_barrier_root(m->w, K, &m->nu, m->p);
        if (rc != OCO_OK)
            return rc;
        double z = 0;
        for (size_t i = 0; i < K; ++i)
            z += m->p[i];
        for (size_t i = 0; i < K; ++i) /* the root leaves |Σp − 1| ~ 1e-15 */
            m->p[i] /= z;
        const double g = gamma_now(m);
        m->gamma = g;
        for (size_t i = 0; i < K; ++i)
            m->pt[i] = (1 - g) * m->p[i] + g / (double)K;
        m->ready = 1;
    }
    for (size_t i = 0; i < K; ++i)
        out[i] = m->pt[i];
    return OCO_OK;
}

/* δ − log(1 + δ) >= 0, the log-barrier Bregman term of one coordinate
 * (r = q/p = 1 + δ); the series avoids the cancellation for small δ. */
static double breg(double d)
{
    if (fabs(d) < 1e-4)
        return d * d * (0.5 - d * (1.0 / 3 - d * 0.25));
    return d - log1p(d);
}

int oco__sfmab_update(oco__sfmab *m, size_t arm, double loss)
{
    const size_t K = m->K;
    if (!m->ready)
        return oco_set_error(OCO_ESTATE, "sf-mab: update before distribution");
    if (!(isfinite(loss) && loss >= 0))
        return oco_set_error(OCO_EINVAL, "sf-mab: loss must be finite and >= 0 (got %g)", loss);
    const double lt = loss / m->pt[arm]; /* ℓ̃_{t,I_t}: importance weighting */
    const double e = m->eta * lt;
    /* M_s = max_q ⟨p_s − q, ℓ̃_s⟩ − D_ψ(q, p_s)/η_s, attained at the log-barrier
     * OMD step q_s from p_s: q_i = 1/(1/p_i + η ℓ̃_i + ν), its own root. */
    for (size_t i = 0; i < K; ++i)
        m->w[i] = 1.0 / m->p[i] + (i == arm ? e : 0.0);
    double nu = 0;
    int rc = oco__sfmab_barrier_root(m->w, K, &nu, NULL);
    if (rc != OCO_OK)
        return rc;
    /* q_i/p_i − 1 = −(ν + e_i)p_i/(1 + (ν + e_i)p_i), formed without subtracting
     * the nearly equal q_i and p_i. D_ψ(q, p) = Σ [log(p_i/q_i) + (q_i − p_i)/p_i]. */
    double D = 0, dI = 0;
    for (size_t i = 0; i < K; ++i) {
        const double a = (nu + (i == arm ? e : 0.0)) * m->p[i];
        const double d = -a / (1 + a);
        D += breg(d);
        if (i == arm)
            dI = d;
    }
    double M = -m->p[arm] * dI * lt - D / m->eta;
    M = fmax(M, 0.0); /* M_s >= 0 (q = p gives 0); rounding only */
    const double G = m->gamma * loss / m->pt[arm];
    if (!(isfinite(lt) && isfinite(M) && isfinite(m->M_sum + M) && isfinite(m->L[arm] + lt) &&
          isfinite(m->G_sum + G)))
        return oco_set_error(OCO_ESOLVER, "sf-mab: the loss estimate overflowed (loss %g, "
                                          "probability %g)", loss, m->pt[arm]);
    m->L[arm] += lt;
    m->M_sum += M;
    m->last_M = M;
    m->eta = (double)K / (1 + m->M_sum);
    if (m->explore == OCO__SFMAB_EXPLORE_ADAPTIVE) {
        m->G_sum += G;
        m->gamma = (double)K / (2.0 * (double)K + m->G_sum);
    }
    m->t++;
    m->ready = 0;
    return OCO_OK;
}

void oco__sfmab_save(const oco__sfmab *m, oco_state_writer *w)
{
    oco_state_put_size(w, m->K);
    oco_state_put_size(w, m->t);
    oco_state_put_f64(w, m->eta);
    oco_state_put_f64(w, m->gamma);
    oco_state_put_f64(w, m->M_sum);
    oco_state_put_f64(w, m->G_sum);
    oco_state_put_f64(w, m->nu);
    oco_state_put_f64(w, m->last_M);
    oco_state_put_int(w, m->ready);
    oco_state_put_f64v(w, m->L, m->K);
    oco_state_put_f64v(w, m->p, m->K);
    oco_state_put_f64v(w, m->pt, m->K);
}

int oco__sfmab_restore(oco__sfmab *m, oco_state_reader *r)
{
    int rc = oco_state_expect_size(r, m->K, "sf-mab K");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &m->t);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &m->eta);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &m->gamma);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &m->M_sum);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &m->G_sum);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &m->nu);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &m->last_M);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &m->ready);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, m->L, m->K);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, m->p, m->K);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, m->pt, m->K);
    return rc;
}
