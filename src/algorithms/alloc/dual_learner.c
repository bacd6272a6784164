/* Dual learners of seed 002 (olp_laau.md §1.4): SGD with step 1/(μ(t+1)),
 * ASSG (Algorithm 5) and RASSG (Algorithm 6). See dual_learner.h.
 *
 * ASSG run online. The seed's ASSG draws "a fresh sample each step"; here the
 * samples are the orders of the exploration phase, consumed one per inner
 * step, so a stage of t iterates needs t − 1 orders. When the orders run out
 * in the middle of a stage (Algorithm 3 stops the learner at T_e, and the
 * formula for t usually asks for far more than T_e samples — its 1728·log(K/δ)
 * factor alone is ~10^4), the output is [D] the average of the iterates the
 * unfinished stage has so far (Algorithm 5's y_k = (1/t)Σ_τ y^τ_k applied to
 * the iterates available; it stays in Y ∩ Ball(y_{k−1}, D_k)), or y_{k−1} if
 * the stage has not taken a step yet. With the default parameters this makes
 * decoupled-assg "averaged projected SGD at the constant step η_1 =
 * ε0/(3G²)" for most T: state it when reporting it. */
#include "algorithms/alloc/dual_learner.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct oco__dual_learner {
    oco__dual_learner_cfg cfg; /* cfg.d points at d below */
    size_t m;
    size_t n; /* orders consumed */
    int finished;
    /* SGD: z = out. ASSG: stage k of the run s. */
    double k;      /* current stage, 1..K */
    double s;      /* current restart, 1..S */
    double ts;     /* iterates per stage of this run (ceil'ed) */
    double D1s;    /* D_1 of this run */
    double eps0s;  /* ε0 of this run */
    double eta, D; /* η_k, D_k */
    double cnt;    /* iterates in the current stage, y^1_k included */
    size_t proj_maxit;
    double *d, *out, *cur, *anchor, *sum, *v, *work;
    double buf[]; /* 9m: d, out, cur, anchor, sum, v, work (3m) */
};

static double dot(const double *a, const double *y, size_t m)
{
    double s = a[0] * y[0];
    for (size_t i = 1; i < m; ++i)
        s += a[i] * y[i];
    return s;
}

void oco__proj_Y(double *y, size_t m, double R)
{
    double nn = 0.0;
    for (size_t i = 0; i < m; ++i) {
        if (!(y[i] > 0.0))
            y[i] = 0.0;
        nn += y[i] * y[i];
    }
    if (isfinite(R) && nn > R * R) {
        const double f = R / sqrt(nn);
        for (size_t i = 0; i < m; ++i)
            y[i] *= f;
    }
}

/* Projection onto Ball(ctr, D) in place. */
static void proj_ball(double *y, size_t m, const double *ctr, double D)
{
    if (!isfinite(D))
        return;
    double nn = 0.0;
    for (size_t i = 0; i < m; ++i)
        nn += (y[i] - ctr[i]) * (y[i] - ctr[i]);
    if (nn > D * D) {
        const double f = D / sqrt(nn);
        for (size_t i = 0; i < m; ++i)
            y[i] = ctr[i] + f * (y[i] - ctr[i]);
    }
}

static double dist2(const double *x, const double *y, size_t m)
{
    double s = 0.0;
    for (size_t i = 0; i < m; ++i)
        s += (x[i] - y[i]) * (x[i] - y[i]);
    return s;
}

size_t oco__proj_Y_ball(const double *v, size_t m, double R, const double *ctr, double D,
                        double tol, size_t maxit, double *out, double *work)
{
    /* Shortcuts, exact: if Π_Y(v) lies in the ball it is the projection onto
     * the smaller set too; likewise Π_B(v) if it lies in Y. */
    memcpy(out, v, m * sizeof *out);
    oco__proj_Y(out, m, R);
    if (!isfinite(D) || dist2(out, ctr, m) <= D * D)
        return 0;
    memcpy(out, v, m * sizeof *out);
    proj_ball(out, m, ctr, D);
    {
        int inY = 1;
        double nn = 0.0;
        for (size_t i = 0; i < m; ++i) {
            inY &= out[i] >= 0.0;
            nn += out[i] * out[i];
        }
        if (inY && (!isfinite(R) || nn <= R * R))
            return 0;
    }
    /* Dykstra (Boyle & Dykstra 1986): x_0 = v, p = q = 0;
     *   y = Π_Y(x + p), p ← x + p − y;  x' = Π_B(y + q), q ← y + q − x'.
     * Converges to the projection of v onto Y ∩ B (plain alternating
     * projections would only find SOME point of the intersection). */
    double *p = work, *q = work + m, *y = work + 2 * m, *xp = work + 3 * m;
    memcpy(out, v, m * sizeof *out);
    memset(p, 0, m * sizeof *p);
    memset(q, 0, m * sizeof *q);
    size_t it = 0;
    while (it < maxit) {
        ++it;
        for (size_t i = 0; i < m; ++i)
            y[i] = out[i] + p[i];
        oco__proj_Y(y, m, R);
        for (size_t i = 0; i < m; ++i) {
            p[i] = out[i] + p[i] - y[i];
            xp[i] = out[i];
            out[i] = y[i] + q[i];
        }
        proj_ball(out, m, ctr, D);
        double change = 0.0;
        for (size_t i = 0; i < m; ++i) {
            q[i] = y[i] + q[i] - out[i];
            change = fmax(change, fmax(fabs(out[i] - xp[i]), fabs(out[i] - y[i])));
        }
        if (change <= tol)
            break;
    }
    oco__proj_Y(out, m, R); /* prices stay in the orthant exactly */
    return it;
}

/* ---- learner ----------------------------------------------------------- */

/* Start ASSG run s from `from` (in Y): stage 1, η_1 = ε0^{(s)}/(3G²). */
static void assg_start(oco__dual_learner *L, const double *from)
{
    const size_t m = L->m;
    L->k = 1.0;
    L->eta = L->eps0s / (3.0 * L->cfg.G * L->cfg.G);
    L->D = L->D1s;
    L->cnt = 1.0;
    memcpy(L->anchor, from, m * sizeof *from);
    memcpy(L->cur, from, m * sizeof *from);
    memcpy(L->sum, from, m * sizeof *from);
    memcpy(L->out, from, m * sizeof *from);
}

void oco__dual_learner_reset(oco__dual_learner *L, const double *z0)
{
    const size_t m = L->m;
    for (size_t i = 0; i < m; ++i)
        L->out[i] = z0 ? z0[i] : 0.0;
    oco__proj_Y(L->out, m, L->cfg.radius);
    L->n = 0;
    L->finished = 0;
    if (L->cfg.kind == OCO__DL_SGD)
        return;
    L->s = 1.0;
    L->ts = ceil(L->cfg.t);
    L->D1s = L->cfg.D1;
    L->eps0s = L->cfg.eps0;
    memcpy(L->v, L->out, m * sizeof *L->v);
    assg_start(L, L->v);
}

oco__dual_learner *oco__dual_learner_new(const oco__dual_learner_cfg *cfg)
{
    const size_t m = cfg->m;
    oco__dual_learner *L = malloc(sizeof *L + 10 * m * sizeof(double));
    if (!L) {
        oco_set_error(OCO_ENOMEM, "dual learner: out of memory for m = %zu", m);
        return NULL;
    }
    L->cfg = *cfg;
    L->m = m;
    L->d = L->buf;
    L->out = L->buf + m;
    L->cur = L->buf + 2 * m;
    L->anchor = L->buf + 3 * m;
    L->sum = L->buf + 4 * m;
    L->v = L->buf + 5 * m;
    L->work = L->buf + 6 * m; /* 4m */
    memcpy(L->d, cfg->d, m * sizeof *L->d);
    L->cfg.d = L->d;
    L->proj_maxit = cfg->proj_maxit >= 1.0 ? (size_t)fmin(cfg->proj_maxit, 1e9) : 1;
    oco__dual_learner_reset(L, NULL);
    return L;
}

void oco__dual_learner_free(oco__dual_learner *L) { free(L); }

void oco__dual_learner_step(oco__dual_learner *L, double c, const double *a)
{
    if (L->finished)
        return;
    const size_t m = L->m;
    const double *d = L->d;
    L->n++;
    if (L->cfg.kind == OCO__DL_SGD) {
        /* z_{t+1} = Π_Y(z_t − α_t (d − a x̃_t)), α_t = 1/(μ(t+1)), t = n
         * (1-based: olptwopath_grad.m's 2/(mu*(i+1)) with mu = 1 is μ = 1/2). */
        double *z = L->out;
        const int x = c > dot(a, z, m);
        const double alpha = 1.0 / (L->cfg.mu * ((double)L->n + 1.0));
        if (x)
            for (size_t i = 0; i < m; ++i)
                z[i] = z[i] - alpha * (d[i] - a[i]);
        else
            for (size_t i = 0; i < m; ++i)
                z[i] = z[i] - alpha * d[i];
        oco__proj_Y(z, m, L->cfg.radius);
        return;
    }
    /* ASSG inner step (Algorithm 5): y^{τ+1} = Π_{Y∩B(y_{k−1},D_k)}[y^τ − η_k g(y^τ)] */
    const int x = c > dot(a, L->cur, m);
    for (size_t i = 0; i < m; ++i)
        L->v[i] = L->cur[i] - L->eta * (d[i] - (x ? a[i] : 0.0));
    oco__proj_Y_ball(L->v, m, L->cfg.radius, L->anchor, L->D, L->cfg.proj_tol, L->proj_maxit,
                     L->cur, L->work);
    L->cnt += 1.0;
    for (size_t i = 0; i < m; ++i) {
        L->sum[i] += L->cur[i];
        L->out[i] = L->sum[i] / L->cnt; /* the unfinished stage's average (see top) */
    }
    if (L->cnt < L->ts)
        return;
    /* Stage k done: y_k = (1/t) Σ_τ y^τ_k (= out); η, D halved. */
    if (L->k < L->cfg.K) {
        const double k = L->k + 1.0, eta = L->eta / 2.0, D = L->D / 2.0;
        memcpy(L->v, L->out, m * sizeof *L->v);
        assg_start(L, L->v);
        L->k = k;
        L->eta = eta;
        L->D = D;
        return;
    }
    /* ASSG run s done: y^{(s)} = y_K. RASSG restarts (Algorithm 6). */
    if (L->cfg.kind == OCO__DL_RASSG && L->s < L->cfg.S) {
        const double e = 1.0 - 1.0 / L->cfg.gamma;
        L->s += 1.0;
        L->ts = ceil(L->ts * pow(2.0, 2.0 * e));
        L->D1s *= pow(2.0, e);
        L->eps0s *= L->cfg.omega;
        memcpy(L->v, L->out, m * sizeof *L->v);
        assg_start(L, L->v);
        return;
    }
    L->finished = 1;
}

const double *oco__dual_learner_output(const oco__dual_learner *L) { return L->out; }

const double *oco__dual_learner_iterate(const oco__dual_learner *L)
{
    return L->cfg.kind == OCO__DL_SGD ? L->out : L->cur;
}

size_t oco__dual_learner_samples(const oco__dual_learner *L) { return L->n; }

int oco__dual_learner_finished(const oco__dual_learner *L) { return L->finished; }

/* The SGD learner uses out, n and finished only (reset leaves the ASSG
 * fields unset), so it saves only those; v and work are scratch, d and cfg
 * constant. */
void oco__dual_learner_save(const oco__dual_learner *L, oco_state_writer *w)
{
    const size_t m = L->m;
    oco_state_put_int(w, (int)L->cfg.kind);
    oco_state_put_size(w, m);
    oco_state_put_size(w, L->n);
    oco_state_put_int(w, L->finished);
    oco_state_put_f64v(w, L->out, m);
    if (L->cfg.kind == OCO__DL_SGD)
        return;
    const double scal[8] = {L->k, L->s, L->ts, L->D1s, L->eps0s, L->eta, L->D, L->cnt};
    oco_state_put_f64v(w, scal, 8);
    oco_state_put_f64v(w, L->cur, m);
    oco_state_put_f64v(w, L->anchor, m);
    oco_state_put_f64v(w, L->sum, m);
}

int oco__dual_learner_restore(oco__dual_learner *L, oco_state_reader *r)
{
    const size_t m = L->m;
    int kind = -1, finished = 0;
    int rc = oco_state_get_int(r, &kind);
    if (rc == OCO_OK && kind != (int)L->cfg.kind)
        rc = oco_set_error(OCO_EINVAL, "state: dual learner of kind %d, expected %d", kind,
                           (int)L->cfg.kind);
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, m, "dual learner: m");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &L->n);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &finished);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, L->out, m);
    L->finished = finished != 0;
    if (rc != OCO_OK || L->cfg.kind == OCO__DL_SGD)
        return rc;
    double scal[8];
    rc = oco_state_get_f64v(r, scal, 8);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, L->cur, m);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, L->anchor, m);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, L->sum, m);
    if (rc != OCO_OK)
        return rc;
    L->k = scal[0];
    L->s = scal[1];
    L->ts = scal[2];
    L->D1s = scal[3];
    L->eps0s = scal[4];
    L->eta = scal[5];
    L->D = scal[6];
    L->cnt = scal[7];
    return OCO_OK;
}
