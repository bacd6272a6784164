/* Built-in OCO loss sequences (include/oco/losses.h): generation and
 * evaluation. Every round is drawn in order from stream 0 of the seed
 * (rewind restarts it); the fixed parts (x°, the first drift direction) come
 * from stream 1, so they do not change on rewind. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/linalg.h"
#include "problems/oco_losses_impl.h"
#include "solvers/qp_domain.h"

static const char *const kind_names[] = {"quadratic", "squared", "linear-drift", "signs",
                                         "logistic",  "switch",  "data",         "sea",
                                         "sea-linear"};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

const char *oco_loss_kind_name(oco_loss_kind kind)
{
    return (unsigned)kind < NKINDS ? kind_names[kind] : "unknown";
}

int oco_loss_kind_parse(const char *name, oco_loss_kind *kind)
{
    for (size_t i = 0; name && i < NKINDS; ++i)
        if (strcmp(name, kind_names[i]) == 0) {
            *kind = (oco_loss_kind)i;
            return OCO_OK;
        }
    return oco_set_error(OCO_ENOTFOUND,
                         "unknown loss '%s' (known: quadratic, squared, linear-drift, signs, "
                         "logistic, switch, data, sea, sea-linear)",
                         name ? name : "(null)");
}

oco_loss_opts oco_loss_opts_default(void)
{
    oco_loss_opts o;
    memset(&o, 0, sizeof o);
    o.kind = OCO_LOSS_QUADRATIC;
    o.lambda = 1.0;
    o.spread = 0.5;
    o.noise = 0.1;
    o.G = 1.0;
    o.delta = 0.01;
    o.sign_p = 0.5;
    o.switch_at = 0.5;
    o.sigma = 0.1;
    o.Sigma = 0.01;
    return o;
}

/* ---- geometry helpers ------------------------------------------------------ */

double oco__loss_support(const oco_loss_seq *s, const double *v)
{
    size_t d = s->d;
    double r = 0;
    switch (s->dk) {
    case OCO_DOMAIN_BALL:
        return oco_dot(v, s->c, d) + s->R * oco_nrm2(v, d);
    case OCO_DOMAIN_SIMPLEX:
        r = v[0];
        for (size_t i = 1; i < d; ++i)
            r = fmax(r, v[i]);
        return r;
    default:
        for (size_t i = 0; i < d; ++i)
            r += fmax(v[i] * s->lo[i], v[i] * s->hi[i]);
        return r;
    }
}

double oco__loss_farthest(const oco_loss_seq *s, const double *p)
{
    size_t d = s->d;
    double r = 0;
    switch (s->dk) {
    case OCO_DOMAIN_BALL: {
        double q = 0;
        for (size_t i = 0; i < d; ++i)
            q += (p[i] - s->c[i]) * (p[i] - s->c[i]);
        return sqrt(q) + s->R;
    }
    case OCO_DOMAIN_SIMPLEX: { /* a convex function peaks at a vertex e_j */
        double pp = oco_dot(p, p, d), pmin = p[0];
        for (size_t i = 1; i < d; ++i)
            pmin = fmin(pmin, p[i]);
        return sqrt(fmax(pp - 2 * pmin + 1, 0.0));
    }
    default:
        for (size_t i = 0; i < d; ++i) {
            double a = p[i] - s->lo[i], b = p[i] - s->hi[i];
            r += fmax(a * a, b * b);
        }
        return sqrt(r);
    }
}

void oco__loss_linmin(const oco_loss_seq *s, const double *v, double *x)
{
    size_t d = s->d;
    switch (s->dk) {
    case OCO_DOMAIN_BALL: {
        double n = oco_nrm2(v, d);
        for (size_t i = 0; i < d; ++i)
            x[i] = s->c[i] - (n > 0 ? s->R * v[i] / n : 0.0);
        break;
    }
    case OCO_DOMAIN_SIMPLEX: {
        size_t j = 0;
        for (size_t i = 1; i < d; ++i)
            if (v[i] < v[j])
                j = i;
        oco_fill(x, d, 0.0);
        x[j] = 1.0;
        break;
    }
    default:
        for (size_t i = 0; i < d; ++i)
            x[i] = v[i] > 0 ? s->lo[i] : v[i] < 0 ? s->hi[i] : s->c[i];
    }
}

/* ---- random helpers --------------------------------------------------------- */

static void unit_vector(oco_rng *r, double *v, size_t d)
{
    double n;
    do {
        for (size_t i = 0; i < d; ++i)
            v[i] = oco_rng_normal(r, 0, 1);
        n = oco_nrm2(v, d);
    } while (!(n > 1e-300));
    oco_scal(1.0 / n, v, d);
}

/* ---- SEA model (losses.h [sea]; seed 004 Appendix A.1) ----------------------- */

/* μ_t in closed form (no state): the circle c + r(cos φ u + sin φ w) with
 * φ = (t − 1)θ (sea_period K = 0) or φ = (j − K/2)θ, j the triangle wave of
 * half-period K (consecutive j differ by exactly 1, so every chord is the
 * same); d = 1: c ∓ step/2 alternating (K = 0) or c + (j − K/2)·step.
 * c = the domain centre (sea) or 0 (sea-linear). */
static void sea_mean(const oco_loss_seq *s, size_t t, double *mu)
{
    size_t d = s->d;
    int quad = s->o.kind == OCO_LOSS_SEA;
    uint64_t K = (uint64_t)s->o.sea_period;
    double jj = 0;
    if (K > 0) {
        uint64_t k = (uint64_t)(t - 1) % (2 * K);
        jj = (double)(k <= K ? k : 2 * K - k) - 0.5 * (double)K;
    }
    if (d == 1) {
        double c = quad ? s->c[0] : 0.0, step = 2 * s->sea_r;
        mu[0] = K == 0 ? c + (t % 2 ? -s->sea_r : s->sea_r) : c + jj * step;
        return;
    }
    double ph = (K == 0 ? (double)(t - 1) : jj) * s->sea_theta, cp = cos(ph), sp = sin(ph);
    for (size_t i = 0; i < d; ++i)
        mu[i] = (quad ? s->c[i] : 0.0) + s->sea_r * (cp * s->u0[i] + sp * s->sea_w[i]);
}

/* The circle: u = u0 (stream 1), w ⟂ u from stream 2; the radius r and the
 * angle θ with chord 2r·sin(θ/2) = Σ/λ (sea) or Σ (sea-linear). For d = 1
 * sea_r is the zig-zag's half step. */
static int sea_init(oco_loss_seq *s)
{
    size_t d = s->d;
    const oco_loss_opts *o = &s->o;
    int quad = o->kind == OCO_LOSS_SEA;
    double step = quad ? o->Sigma / o->lambda : o->Sigma; /* ‖μ_t − μ_{t−1}‖ */
    double r = quad ? o->spread * s->rho : o->G;
    if (quad && !(step <= 2 * r))
        return oco_set_error(OCO_EINVAL,
                             "loss: sea needs Sigma <= 2*lambda*spread*rho = %.17g (got %.17g)",
                             2 * o->lambda * r, o->Sigma);
    if (d == 1) {
        if (o->sea_period > 0 && !(o->sea_period * step <= 2 * r))
            return oco_set_error(OCO_EINVAL,
                                 "loss: sea with d = 1 needs sea_period*Sigma%s <= %.17g",
                                 quad ? "/lambda" : "", 2 * r);
        s->sea_r = 0.5 * step;
        s->sea_theta = 0;
        return OCO_OK;
    }
    oco_rng r2;
    oco_rng_seed(&r2, o->seed, 2);
    double n;
    do {
        unit_vector(&r2, s->sea_w, d);
        oco_axpy(-oco_dot(s->sea_w, s->u0, d), s->u0, s->sea_w, d);
        n = oco_nrm2(s->sea_w, d);
    } while (!(n > 1e-8));
    oco_scal(1.0 / n, s->sea_w, d);
    s->sea_r = r;
    s->sea_theta = r > 0 ? 2 * asin(fmin(1.0, step / (2 * r))) : 0.0;
    return OCO_OK;
}

/* max_t ‖μ_t − centre‖ (the radius, or the d = 1 half sweep). */
static double sea_offset(const oco_loss_seq *s)
{
    if (s->d > 1)
        return s->sea_r;
    double K = s->o.sea_period;
    return K > 0 ? K * s->sea_r : s->sea_r; /* sea_r = step/2 */
}

int oco_loss_seq_sea_stats(oco_loss_seq *s, oco_loss_sea_stats *out)
{
    if (!s || !out)
        return oco_set_error(OCO_EINVAL, "loss sea stats: NULL %s", !s ? "sequence" : "out");
    if (s->o.kind != OCO_LOSS_SEA && s->o.kind != OCO_LOSS_SEA_LINEAR)
        return oco_set_error(OCO_EINVAL, "loss sea stats: the sequence is '%s', not sea",
                             oco_loss_kind_name(s->o.kind));
    size_t d = s->d;
    double lam = s->o.kind == OCO_LOSS_SEA ? s->o.lambda : 1.0;
    double *prev = s->w; /* μ_{t−1} */
    double S2 = 0, S2c = 0, S2max = 0, real = 0, realc = 0;
    oco_loss_seq_rewind(s);
    while (oco_loss_seq_next(s) == OCO_OK) {
        const double *mu = s->sea_mu, *xi = s->cur.v;
        /* ∇f_t − ∇F_t = λ(μ_t − ξ_t) (sea) or ξ_t − μ_t (sea-linear) */
        double q = 0;
        for (size_t i = 0; i < d; ++i)
            q += lam * lam * (xi[i] - mu[i]) * (xi[i] - mu[i]);
        double u = real + q;
        realc += fabs(real) >= q ? (real - u) + q : (q - u) + real;
        real = u;
        if (s->t >= 2) {
            /* ∇F_t − ∇F_{t−1} = −λ(μ_t − μ_{t−1}) (sea), μ_t − μ_{t−1} (linear) */
            double e = 0;
            for (size_t i = 0; i < d; ++i)
                e += lam * lam * (mu[i] - prev[i]) * (mu[i] - prev[i]);
            S2max = fmax(S2max, e);
            double v = S2 + e;
            S2c += fabs(S2) >= e ? (S2 - v) + e : (e - v) + S2;
            S2 = v;
        }
        oco_copy(mu, prev, d);
    }
    oco_loss_seq_rewind(s);
    out->sigma2_max = s->o.sigma * s->o.sigma;
    out->sigma2_total = (double)s->T * out->sigma2_max;
    out->Sigma2_total = S2 + S2c;
    out->Sigma2_max = S2max;
    out->sigma2_realized = real + realc;
    return OCO_OK;
}

/* ---- construction ------------------------------------------------------------ */

static int check_opts(const oco_loss_opts *o, const oco_domain *dom)
{
    if (!o)
        return oco_set_error(OCO_EINVAL, "loss: opts is NULL");
    if (!dom)
        return oco_set_error(OCO_EINVAL, "loss: domain is NULL");
    if ((unsigned)o->kind >= NKINDS)
        return oco_set_error(OCO_EINVAL, "loss: unknown kind %d", (int)o->kind);
    if (o->d == 0 || oco_domain_dim(dom) != o->d)
        return oco_set_error(OCO_EINVAL, "loss: d = %zu does not match the domain (%zu)", o->d,
                             oco_domain_dim(dom));
    if (o->T == 0)
        return oco_set_error(OCO_EINVAL, "loss: T must be > 0");
    oco_domain_kind k = oco_domain_get_kind(dom);
    if (k != OCO_DOMAIN_BALL && k != OCO_DOMAIN_BOX && k != OCO_DOMAIN_SIMPLEX)
        return oco_set_error(OCO_EINVAL, "loss: the domain must be a ball, a box or the simplex");
    if (!(isfinite(oco_domain_diameter(dom))))
        return oco_set_error(OCO_EINVAL, "loss: the domain must be bounded");
    if (!(isfinite(o->lambda) && o->lambda > 0))
        return oco_set_error(OCO_EINVAL, "loss: lambda must be finite and > 0");
    if (!(isfinite(o->spread) && o->spread >= 0))
        return oco_set_error(OCO_EINVAL, "loss: spread must be finite and >= 0");
    if (!(isfinite(o->G) && o->G > 0))
        return oco_set_error(OCO_EINVAL, "loss: G must be finite and > 0");
    if (!(o->delta >= 0 && o->delta <= 2 * o->G))
        return oco_set_error(OCO_EINVAL, "loss: delta must be in [0, 2G]");
    if (!(o->noise >= 0 && o->noise <= (o->kind == OCO_LOSS_LOGISTIC ? 0.5 : 1e300)))
        return oco_set_error(OCO_EINVAL, "loss: noise must be >= 0 (logistic: <= 0.5)");
    if (!(o->sign_p >= 0 && o->sign_p <= 1))
        return oco_set_error(OCO_EINVAL, "loss: sign_p must be in [0, 1]");
    if (!(o->switch_at >= 0 && o->switch_at <= 1))
        return oco_set_error(OCO_EINVAL, "loss: switch_at must be in [0, 1]");
    if (!(isfinite(o->sigma) && o->sigma >= 0))
        return oco_set_error(OCO_EINVAL, "loss: sigma must be finite and >= 0");
    if (!(isfinite(o->Sigma) && o->Sigma >= 0))
        return oco_set_error(OCO_EINVAL, "loss: Sigma must be finite and >= 0");
    if (!(o->sea_period >= 0 && o->sea_period <= 1e15 && o->sea_period == floor(o->sea_period)))
        return oco_set_error(OCO_EINVAL, "loss: sea_period must be an integer >= 0");
    if (o->kind == OCO_LOSS_SEA_LINEAR && !(o->Sigma <= 2 * o->G))
        return oco_set_error(OCO_EINVAL, "loss: sea-linear needs Sigma <= 2G");
    if (o->kind == OCO_LOSS_LINEAR_DATA) {
        if (!o->data)
            return oco_set_error(OCO_EINVAL, "loss: data is NULL");
        for (size_t i = 0; i < o->T * o->d; ++i)
            if (!isfinite(o->data[i]))
                return oco_set_error(OCO_EINVAL, "loss: data row %zu has a non-finite entry",
                                     i / o->d + 1);
    }
    return OCO_OK;
}

oco_loss_seq *oco_loss_seq_new(const oco_loss_opts *opts, const oco_domain *dom)
{
    if (check_opts(opts, dom) != OCO_OK)
        return NULL;
    size_t d = opts->d;
    oco_loss_seq *s = calloc(1, sizeof *s);
    double *buf = calloc(11 * d, sizeof *buf);
    if (!s || !buf) {
        free(s);
        free(buf);
        oco_set_error(OCO_ENOMEM, "loss: out of memory");
        return NULL;
    }
    s->o = *opts;
    s->dom = dom;
    s->dk = oco_domain_get_kind(dom);
    s->d = d;
    s->T = opts->T;
    s->buf = buf;
    s->c = buf;
    s->lo = s->c + d;
    s->hi = s->lo + d;
    s->xo = s->hi + d;
    s->u0 = s->xo + d;
    s->ud = s->u0 + d;
    s->cur.v = s->ud + d;
    s->w = s->cur.v + d;
    s->sea_w = s->w + d;
    s->sea_mu = s->sea_w + d;
    if (oco__qpd_domain_geometry(dom, s->c, &s->R, s->lo, s->hi, &s->rho) != OCO_OK) {
        oco_loss_seq_free(s);
        return NULL;
    }
    if (s->dk == OCO_DOMAIN_SIMPLEX) {
        oco_fill(s->lo, d, 0.0);
        oco_fill(s->hi, d, 1.0);
    }
    s->D = oco_domain_diameter(dom);
    /* fixed parts from stream 1 */
    oco_rng r1;
    oco_rng_seed(&r1, opts->seed, 1);
    unit_vector(&r1, s->ud, d);
    for (size_t i = 0; i < d; ++i)
        s->xo[i] = s->c[i] + 0.5 * s->rho * s->ud[i];
    oco_domain_project(dom, s->xo);
    double nx = 0;
    for (size_t i = 0; i < d; ++i)
        nx += (s->xo[i] - s->c[i]) * (s->xo[i] - s->c[i]);
    nx = sqrt(nx);
    if (nx > 0)
        for (size_t i = 0; i < d; ++i)
            s->ud[i] = (s->xo[i] - s->c[i]) / nx;
    unit_vector(&r1, s->u0, d);
    s->theta = 2 * asin(fmin(1.0, opts->delta / (2 * opts->G)));
    s->n1 = (size_t)ceil(opts->switch_at * (double)opts->T);
    if (opts->kind == OCO_LOSS_SEA || opts->kind == OCO_LOSS_SEA_LINEAR) {
        if (sea_init(s) != OCO_OK) {
            oco_loss_seq_free(s);
            return NULL;
        }
    }

    /* Valid bounds on X (see losses.h); ‖x − c‖ <= rho on X. */
    oco_loss_info *in = &s->info;
    double lam = opts->lambda, G = opts->G;
    double cmax = oco_nrm2(s->c, d) + s->rho; /* max ‖x‖ on X */
    switch (opts->kind) {
    case OCO_LOSS_QUADRATIC:
        in->G = lam * s->rho * (1 + opts->spread);
        in->L = lam;
        in->lambda = lam;
        in->alpha = lam / (in->G * in->G);
        break;
    case OCO_LOSS_SQUARED: {
        double B = s->D + opts->noise; /* |⟨a, x − x°⟩| + noise */
        in->G = 2 * B;
        in->L = 2;
        /* exp(−β(s − b)²) is concave for β <= 1/(2B²); universal.md §1:
         * α = ½·min{1/(4GD), β} */
        in->alpha = 0.5 * fmin(1.0 / (4 * in->G * s->D), 1.0 / (2 * B * B));
        break;
    }
    case OCO_LOSS_LINEAR_DRIFT:
    case OCO_LOSS_SIGNS:
        in->G = G;
        break;
    case OCO_LOSS_LOGISTIC:
        in->G = 1;
        in->L = 0.25;
        /* ℓ(m) = ln(1 + e^{−m}) has ℓ''/ℓ'² = e^{m} >= e^{−B} on |m| <= B */
        in->alpha = 0.5 * fmin(1.0 / (4 * s->D), exp(-cmax));
        break;
    case OCO_LOSS_SWITCH: {
        /* phase 1: z_t within spread·ρ of x°, ‖x − x°‖ <= D */
        double gq = lam * (s->D + opts->spread * s->rho);
        in->G = fmax(gq, G);
        in->L = lam;
        break;
    }
    case OCO_LOSS_SEA:
        /* ‖λ(x − ξ)‖ <= λ(‖x − c‖ + ‖c − μ‖) + σ, ‖c − μ‖ <= r */
        in->G = lam * (s->rho + sea_offset(s)) + opts->sigma;
        in->L = lam;
        in->lambda = lam;
        in->alpha = lam / (in->G * in->G);
        break;
    case OCO_LOSS_SEA_LINEAR:
        in->G = (d == 1 ? sea_offset(s) : G) + opts->sigma;
        if (!(in->G > 0))
            in->G = G;
        break;
    case OCO_LOSS_LINEAR_DATA: {
        double m = 0;
        for (size_t t = 0; t < opts->T; ++t)
            m = fmax(m, oco_nrm2(opts->data + t * d, d));
        in->G = m > 0 ? m : 1.0;
        break;
    }
    }
    oco_loss_seq_rewind(s);
    return s;
}

void oco_loss_seq_free(oco_loss_seq *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s);
}

const oco_loss_info *oco_loss_seq_info(const oco_loss_seq *s) { return &s->info; }
size_t oco_loss_seq_dim(const oco_loss_seq *s) { return s->d; }
size_t oco_loss_seq_horizon(const oco_loss_seq *s) { return s->T; }
size_t oco_loss_seq_round(const oco_loss_seq *s) { return s->t; }

void oco_loss_seq_rewind(oco_loss_seq *s)
{
    oco_rng_seed(&s->rng, s->o.seed, 0);
    s->t = 0;
}

/* z uniform in the ball of radius r around centre. */
static void ball_point(oco_loss_seq *s, const double *centre, double r, double *z)
{
    unit_vector(&s->rng, z, s->d);
    double rad = r * pow(oco_rng_uniform(&s->rng), 1.0 / (double)s->d);
    for (size_t i = 0; i < s->d; ++i)
        z[i] = centre[i] + rad * z[i];
}

/* One step of the linear drift from cur.v (already a gradient of norm G). */
static void drift_step(oco_loss_seq *s)
{
    size_t d = s->d;
    double *g = s->cur.v, *w = s->w, G = s->o.G;
    if (d == 1) {
        double step = oco_rng_uniform(&s->rng) < 0.5 ? -s->o.delta : s->o.delta;
        g[0] = fmin(G, fmax(-G, g[0] + step));
        return;
    }
    /* a random unit direction orthogonal to g */
    double n;
    do {
        for (size_t i = 0; i < d; ++i)
            w[i] = oco_rng_normal(&s->rng, 0, 1);
        double p = oco_dot(w, g, d) / (G * G);
        oco_axpy(-p, g, w, d);
        n = oco_nrm2(w, d);
    } while (!(n > 1e-12));
    double cth = cos(s->theta), sth = sin(s->theta);
    for (size_t i = 0; i < d; ++i)
        g[i] = cth * g[i] + sth * G * w[i] / n;
    double gn = oco_nrm2(g, d); /* keep ‖g‖ = G against rounding drift */
    oco_scal(G / gn, g, d);
}

int oco_loss_seq_next(oco_loss_seq *s)
{
    if (s->t >= s->T)
        return oco_set_error(OCO_ESTATE, "loss: all %zu rounds generated", s->T);
    size_t d = s->d;
    size_t t = ++s->t;
    oco_loss_round *r = &s->cur;
    const oco_loss_opts *o = &s->o;
    switch (o->kind) {
    case OCO_LOSS_QUADRATIC:
        r->type = OCO_LT_QUAD;
        r->lam = o->lambda;
        ball_point(s, s->c, o->spread * s->rho, r->v);
        break;
    case OCO_LOSS_SQUARED:
        r->type = OCO_LT_SQUARED;
        unit_vector(&s->rng, r->v, d);
        r->b = oco_dot(r->v, s->xo, d) + o->noise * oco_rng_uniform_range(&s->rng, -1, 1);
        break;
    case OCO_LOSS_LINEAR_DRIFT:
        r->type = OCO_LT_LINEAR;
        if (t == 1)
            for (size_t i = 0; i < d; ++i)
                r->v[i] = o->G * (d == 1 ? 1.0 : s->u0[i]);
        else
            drift_step(s);
        break;
    case OCO_LOSS_SIGNS: {
        r->type = OCO_LT_LINEAR;
        double m = o->G / sqrt((double)d);
        for (size_t i = 0; i < d; ++i)
            r->v[i] = oco_rng_uniform(&s->rng) < o->sign_p ? m : -m;
        break;
    }
    case OCO_LOSS_LOGISTIC: {
        r->type = OCO_LT_LOGISTIC;
        unit_vector(&s->rng, r->v, d);
        double m = 0;
        for (size_t i = 0; i < d; ++i)
            m += r->v[i] * (s->xo[i] - s->c[i]);
        double y = m >= 0 ? 1.0 : -1.0;
        if (oco_rng_uniform(&s->rng) < o->noise)
            y = -y;
        r->b = y;
        break;
    }
    case OCO_LOSS_SWITCH:
        if (t <= s->n1) {
            r->type = OCO_LT_QUAD;
            r->lam = o->lambda;
            ball_point(s, s->xo, o->spread * s->rho, r->v);
        } else {
            r->type = OCO_LT_LINEAR;
            for (size_t i = 0; i < d; ++i)
                r->v[i] = o->G * s->ud[i];
        }
        break;
    case OCO_LOSS_LINEAR_DATA:
        r->type = OCO_LT_LINEAR;
        oco_copy(o->data + (t - 1) * d, r->v, d);
        break;
    case OCO_LOSS_SEA:
    case OCO_LOSS_SEA_LINEAR: {
        /* ξ_t = μ_t + (σ/λ)ε_t (sea) or μ_t + σε_t (sea-linear); ε_t is drawn
         * every round (also for σ = 0) so the stream does not depend on σ. */
        int quad = o->kind == OCO_LOSS_SEA;
        r->type = quad ? OCO_LT_QUAD : OCO_LT_LINEAR;
        r->lam = o->lambda;
        sea_mean(s, t, s->sea_mu);
        unit_vector(&s->rng, r->v, d);
        double a = quad ? o->sigma / o->lambda : o->sigma;
        for (size_t i = 0; i < d; ++i)
            r->v[i] = s->sea_mu[i] + a * r->v[i];
        break;
    }
    }
    return OCO_OK;
}

void oco__loss_round_eval(const oco_loss_round *r, size_t d, const double *x, double *g,
                         double *value)
{
    const double *v = r->v;
    switch (r->type) {
    case OCO_LT_QUAD: {
        double q = 0;
        for (size_t i = 0; i < d; ++i) {
            double e = x[i] - v[i];
            q += e * e;
            if (g)
                g[i] = r->lam * e;
        }
        if (value)
            *value = 0.5 * r->lam * q;
        break;
    }
    case OCO_LT_SQUARED: {
        double e = oco_dot(v, x, d) - r->b;
        if (g)
            for (size_t i = 0; i < d; ++i)
                g[i] = 2 * e * v[i];
        if (value)
            *value = e * e;
        break;
    }
    case OCO_LT_LINEAR:
        if (value)
            *value = oco_dot(v, x, d);
        if (g)
            oco_copy(v, g, d);
        break;
    default: { /* logistic: ln(1 + e^{−m}), m = y⟨a, x⟩, computed stably */
        double m = r->b * oco_dot(v, x, d);
        if (value)
            *value = m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m));
        if (g) {
            double sg = m > 0 ? exp(-m) / (1 + exp(-m)) : 1 / (1 + exp(m)); /* σ(−m) */
            for (size_t i = 0; i < d; ++i)
                g[i] = -r->b * sg * v[i];
        }
    }
    }
}

int oco_loss_seq_eval(const oco_loss_seq *s, const double *x, double *g, double *value)
{
    if (s->t == 0)
        return oco_set_error(OCO_ESTATE, "loss: eval before the first round");
    oco__loss_round_eval(&s->cur, s->d, x, g, value);
    return OCO_OK;
}

static int seq_grad(void *ctx, const double *x, double *g, double *value)
{
    return oco_loss_seq_eval(ctx, x, g, value);
}

oco_grad_oracle oco_loss_seq_oracle(oco_loss_seq *s)
{
    oco_grad_oracle o = {seq_grad, s, s->d, 0};
    return o;
}
