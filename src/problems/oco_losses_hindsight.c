/* Hindsight quantities of an oco_loss_seq (include/oco/losses.h): the exact
 * comparator F* = min_{x∈X} Σ_t f_t(x) and the gradient variation
 * V_T = Σ_{t≥2} sup_{x∈X} ‖∇f_t(x) − ∇f_{t−1}(x)‖² (universal.md §1). The
 * sequence is replayed (rewind + next), never stored. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/linalg.h"
#include "problems/oco_losses_impl.h"
#include "solvers/qp_domain.h"

/* Neumaier (compensated) sum. */
typedef struct ksum {
    double s, c;
} ksum;

static void kadd(ksum *k, double v)
{
    double t = k->s + v;
    if (fabs(k->s) >= fabs(v))
        k->c += (k->s - t) + v;
    else
        k->c += (v - t) + k->s;
    k->s = t;
}

static double kval(const ksum *k) { return k->s + k->c; }

/* ---- V_T: one term ----------------------------------------------------------- */

/* sup over the ball of ‖2(s1 − b)a − 2(s2 − b')a'‖² with s1 = ⟨a, x⟩,
 * s2 = ⟨a', x⟩: x ranges over the disc of radius R around c in span{a, a'},
 * and a convex function peaks on its boundary circle. θ-grid of 64 points,
 * then golden-section refinement of every local maximum of the grid. */
typedef struct circ {
    double c1, c2, R, k1, k2x, k2y, b1, b2, aa, bb, ab;
} circ;

static double circ_f(const circ *q, double th)
{
    double s1 = q->c1 + q->R * q->k1 * cos(th);
    double s2 = q->c2 + q->R * (q->k2x * cos(th) + q->k2y * sin(th));
    double e1 = s1 - q->b1, e2 = s2 - q->b2;
    return 4 * (e1 * e1 * q->aa - 2 * e1 * e2 * q->ab + e2 * e2 * q->bb);
}

static double vt_squared_ball(const oco_loss_seq *s, const oco_loss_round *r,
                              const oco_loss_round *p)
{
    size_t d = s->d;
    const double *a = r->v, *b = p->v;
    circ q;
    q.aa = oco_dot(a, a, d);
    q.bb = oco_dot(b, b, d);
    q.ab = oco_dot(a, b, d);
    q.c1 = oco_dot(a, s->c, d);
    q.c2 = oco_dot(b, s->c, d);
    q.R = s->R;
    q.b1 = r->b;
    q.b2 = p->b;
    /* orthonormal e1 = a/‖a‖, e2 ⟂ e1 in span: ⟨a, e1⟩ = ‖a‖, ⟨a, e2⟩ = 0,
     * ⟨b, e1⟩ = ab/‖a‖, ⟨b, e2⟩ = √(‖b‖² − ⟨b, e1⟩²). */
    double na = sqrt(q.aa);
    q.k1 = na;
    q.k2x = q.ab / na;
    q.k2y = sqrt(fmax(q.bb - q.k2x * q.k2x, 0.0));
    enum { NG = 64 };
    const double h = 2 * 3.14159265358979323846 / NG;
    double fv[NG];
    for (int i = 0; i < NG; ++i)
        fv[i] = circ_f(&q, i * h);
    double best = 0;
    const double gr = (sqrt(5.0) - 1) / 2;
    for (int i = 0; i < NG; ++i) {
        double fl = fv[(i + NG - 1) % NG], fr = fv[(i + 1) % NG];
        if (fv[i] > best)
            best = fv[i];
        if (!(fv[i] >= fl && fv[i] >= fr))
            continue;
        double lo = (i - 1) * h, hi = (i + 1) * h;
        double x1 = hi - gr * (hi - lo), x2 = lo + gr * (hi - lo);
        double f1 = circ_f(&q, x1), f2 = circ_f(&q, x2);
        for (int it = 0; it < 80 && hi - lo > 1e-15; ++it) {
            if (f1 < f2) {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + gr * (hi - lo);
                f2 = circ_f(&q, x2);
            } else {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - gr * (hi - lo);
                f1 = circ_f(&q, x1);
            }
        }
        best = fmax(best, fmax(f1, f2));
    }
    return best;
}

/* ‖aaᵀ − bbᵀ‖₂ (eigenvalues of a rank-2 symmetric matrix). */
static double rank2_norm(double aa, double bb, double ab)
{
    double m = 0.5 * (aa - bb), r = sqrt(fmax(0.25 * (aa + bb) * (aa + bb) - ab * ab, 0.0));
    return fmax(fabs(m + r), fabs(m - r));
}

static double vt_term(const oco_loss_seq *s, const oco_loss_round *r, const oco_loss_round *p,
                      int *exact)
{
    size_t d = s->d;
    double *w = s->w;
    if (r->type == OCO_LT_LINEAR && p->type == OCO_LT_LINEAR) {
        double q = 0;
        for (size_t i = 0; i < d; ++i)
            q += (r->v[i] - p->v[i]) * (r->v[i] - p->v[i]);
        return q;
    }
    if (r->type == OCO_LT_QUAD && p->type == OCO_LT_QUAD && r->lam == p->lam) {
        double q = 0;
        for (size_t i = 0; i < d; ++i)
            q += (r->v[i] - p->v[i]) * (r->v[i] - p->v[i]);
        return r->lam * r->lam * q;
    }
    if ((r->type == OCO_LT_QUAD && p->type == OCO_LT_LINEAR) ||
        (r->type == OCO_LT_LINEAR && p->type == OCO_LT_QUAD)) {
        /* ±(λ(x − z) − g) = ±λ(x − (z + g/λ)): the farthest point of X. */
        const oco_loss_round *qd = r->type == OCO_LT_QUAD ? r : p;
        const oco_loss_round *ln = r->type == OCO_LT_QUAD ? p : r;
        for (size_t i = 0; i < d; ++i)
            w[i] = qd->v[i] + ln->v[i] / qd->lam;
        double f = qd->lam * oco__loss_farthest(s, w);
        return f * f;
    }
    if (r->type == OCO_LT_SQUARED && p->type == OCO_LT_SQUARED) {
        double aa = oco_dot(r->v, r->v, d), bb = oco_dot(p->v, p->v, d),
               ab = oco_dot(r->v, p->v, d);
        if (s->dk == OCO_DOMAIN_BALL)
            return vt_squared_ball(s, r, p);
        if (s->dk == OCO_DOMAIN_SIMPLEX) { /* vertices e_j: s1 = a_j, s2 = a'_j */
            double best = 0;
            for (size_t j = 0; j < d; ++j) {
                double e1 = r->v[j] - r->b, e2 = p->v[j] - p->b;
                best = fmax(best, 4 * (e1 * e1 * aa - 2 * e1 * e2 * ab + e2 * e2 * bb));
            }
            return best;
        }
        /* box: (‖M‖₂ρ + ‖Mc + v‖)², M = 2(aaᵀ − a'a'ᵀ), Mc + v at the centre */
        *exact = 0;
        double e1 = oco_dot(r->v, s->c, d) - r->b, e2 = oco_dot(p->v, s->c, d) - p->b;
        double mc = 2 * sqrt(fmax(e1 * e1 * aa - 2 * e1 * e2 * ab + e2 * e2 * bb, 0.0));
        double f = 2 * rank2_norm(aa, bb, ab) * s->rho + mc;
        return f * f;
    }
    /* logistic pairs (and any other mix): ∇f = −y·σ·a with σ ranging over
     * [σ(−m_max), σ(−m_min)], m = y⟨a, x⟩ over X; the squared difference is
     * convex in (σ_t, σ_{t−1}), so its max over the rectangle is at a corner. */
    *exact = 0;
    if (r->type == OCO_LT_LOGISTIC && p->type == OCO_LT_LOGISTIC) {
        double sr[2], sp[2];
        const oco_loss_round *rr[2] = {r, p};
        double *out[2] = {sr, sp};
        for (int k = 0; k < 2; ++k) {
            for (size_t i = 0; i < d; ++i)
                w[i] = rr[k]->b * rr[k]->v[i];
            double mmax = oco__loss_support(s, w);
            oco_scal(-1, w, d);
            double mmin = -oco__loss_support(s, w);
            out[k][0] = 1 / (1 + exp(mmax));
            out[k][1] = 1 / (1 + exp(mmin));
        }
        double aa = oco_dot(r->v, r->v, d), bb = oco_dot(p->v, p->v, d),
               ab = r->b * p->b * oco_dot(r->v, p->v, d);
        double best = 0;
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
                best = fmax(best, sr[i] * sr[i] * aa - 2 * sr[i] * sp[j] * ab +
                                      sp[j] * sp[j] * bb);
        return best;
    }
    double f = 2 * s->info.G;
    return f * f;
}

/* ---- the comparator ----------------------------------------------------------- */

/* Σ_t f_t(x) by replay (compensated). */
static double total_loss(oco_loss_seq *s, const double *x)
{
    ksum k = {0, 0};
    oco_loss_seq_rewind(s);
    while (oco_loss_seq_next(s) == OCO_OK) {
        double v;
        oco__loss_round_eval(&s->cur, s->d, x, NULL, &v);
        kadd(&k, v);
    }
    oco_loss_seq_rewind(s);
    return kval(&k);
}

/* Σ f_t, Σ ∇f_t and Σ ∇²f_t (lower+upper) of the logistic sequence at x. */
static double logistic_model(oco_loss_seq *s, const double *x, double *grad, double *H)
{
    size_t d = s->d;
    ksum k = {0, 0};
    oco_fill(grad, d, 0.0);
    memset(H, 0, d * d * sizeof(double));
    oco_loss_seq_rewind(s);
    while (oco_loss_seq_next(s) == OCO_OK) {
        const oco_loss_round *r = &s->cur;
        double m = r->b * oco_dot(r->v, x, d);
        double sg = m > 0 ? exp(-m) / (1 + exp(-m)) : 1 / (1 + exp(m)); /* σ(−m) */
        kadd(&k, m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m)));
        oco_axpy(-r->b * sg, r->v, grad, d);
        double c = sg * (1 - sg);
        for (size_t j = 0; j < d; ++j) {
            double cj = c * r->v[j];
            for (size_t i = j; i < d; ++i)
                H[i + j * d] += cj * r->v[i];
        }
    }
    oco_loss_seq_rewind(s);
    for (size_t j = 0; j < d; ++j)
        for (size_t i = j + 1; i < d; ++i)
            H[j + i * d] = H[i + j * d];
    return kval(&k);
}

static int logistic_newton(oco_loss_seq *s, double *x, double *gap_out)
{
    size_t d = s->d;
    double *H = calloc(d * d + 4 * d, sizeof *H);
    oco_qpd *q = oco__qpd_new(s->dom, 0);
    if (!H || !q) {
        free(H);
        oco__qpd_free(q);
        return oco_set_error(OCO_ENOMEM, "loss: out of memory (comparator)");
    }
    double *g = H + d * d, *y = g + d, *hq = y + d, *xn = hq + d;
    oco_copy(s->c, x, d);
    int rc = OCO_OK;
    double gap = INFINITY;
    for (int it = 0; it < 60; ++it) {
        double F = logistic_model(s, x, g, H);
        oco__loss_linmin(s, g, y);
        gap = 0;
        for (size_t i = 0; i < d; ++i)
            gap += g[i] * (x[i] - y[i]);
        if (gap <= 1e-10 * fmax(1.0, fabs(F)))
            break;
        /* Newton model over X: ½zᵀHz + (g − Hx)ᵀz, z ∈ X. */
        oco_gemv_sq(H, x, hq, d);
        for (size_t i = 0; i < d; ++i)
            hq[i] = g[i] - hq[i];
        oco__qpd_set_matrix(q, H);
        rc = oco__qpd_solve(q, hq, y, NULL);
        if (rc != OCO_OK)
            break;
        double slope = 0;
        for (size_t i = 0; i < d; ++i) {
            y[i] -= x[i]; /* p */
            slope += g[i] * y[i];
        }
        if (!(slope < 0))
            break; /* no descent left at rounding level */
        double step = 1;
        int accepted = 0;
        for (int ls = 0; ls < 40; ++ls, step *= 0.5) {
            for (size_t i = 0; i < d; ++i)
                xn[i] = x[i] + step * y[i];
            if (total_loss(s, xn) <= F + 1e-4 * step * slope) {
                accepted = 1;
                break;
            }
        }
        if (!accepted)
            break;
        oco_copy(xn, x, d);
    }
    *gap_out = gap;
    free(H);
    oco__qpd_free(q);
    return rc;
}

int oco_loss_seq_hindsight(oco_loss_seq *s, double *xstar, oco_loss_hindsight *out)
{
    if (!s || !out)
        return oco_set_error(OCO_EINVAL, "loss hindsight: NULL %s", !s ? "sequence" : "out");
    size_t d = s->d;
    /* workspace: H (d²), h, x, previous round's vector */
    double *H = calloc(d * d + 3 * d, sizeof *H);
    if (!H)
        return oco_set_error(OCO_ENOMEM, "loss hindsight: out of memory");
    double *h = H + d * d, *x = h + d, *pv = x + d;
    oco_loss_round prev = {0, pv, 0, 0};
    int quadratic = s->o.kind != OCO_LOSS_LOGISTIC;
    double lamsum = 0; /* Σ λ over quad rounds: H += λI */
    int any_p = 0;
    ksum vt = {0, 0};
    int exact = 1;
    /* pass 1: V_T and the quadratic statistics */
    oco_loss_seq_rewind(s);
    while (oco_loss_seq_next(s) == OCO_OK) {
        const oco_loss_round *r = &s->cur;
        if (s->t >= 2)
            kadd(&vt, vt_term(s, r, &prev, &exact));
        if (quadratic) {
            switch (r->type) {
            case OCO_LT_QUAD:
                lamsum += r->lam;
                oco_axpy(-r->lam, r->v, h, d);
                any_p = 1;
                break;
            case OCO_LT_SQUARED:
                for (size_t j = 0; j < d; ++j) {
                    double aj = 2 * r->v[j];
                    for (size_t i = j; i < d; ++i)
                        H[i + j * d] += aj * r->v[i];
                }
                oco_axpy(-2 * r->b, r->v, h, d);
                any_p = 1;
                break;
            default: /* linear */
                oco_axpy(1.0, r->v, h, d);
            }
        }
        prev.type = r->type;
        prev.b = r->b;
        prev.lam = r->lam;
        oco_copy(r->v, prev.v, d);
    }
    oco_loss_seq_rewind(s);
    out->VT = kval(&vt);
    out->vt_exact = exact;
    out->gap = 0;
    int rc = OCO_OK;
    if (!quadratic) {
        out->method = "projected-newton";
        rc = logistic_newton(s, x, &out->gap);
    } else if (!any_p) {
        out->method = "closed-form";
        oco__loss_linmin(s, h, x);
    } else {
        out->method = "qp";
        for (size_t j = 0; j < d; ++j) {
            H[j + j * d] += lamsum;
            for (size_t i = j + 1; i < d; ++i)
                H[j + i * d] = H[i + j * d];
        }
        oco_qpd *q = oco__qpd_new(s->dom, 0);
        if (!q) {
            rc = oco_last_error_code();
        } else {
            oco__qpd_set_matrix(q, H);
            rc = oco__qpd_solve(q, h, x, NULL);
            oco__qpd_free(q);
        }
    }
    if (rc == OCO_OK) {
        out->comparator = total_loss(s, x);
        if (xstar)
            oco_copy(x, xstar, d);
    }
    free(H);
    return rc;
}
