/* Two-player zero-sum games played by two OCO learners (include/oco/game.h;
 * seed 004 Appendix A.2, Theorem 4; universal.md §11.2). The y-player is fed
 * −∇_y f = −Aᵀx + λy y, the [D] correction of §11.2 (the seed writes A x). */
#include "oco/game.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"
#include "solvers/qp_domain.h"

/* What the exact inner problems need to know about one decision set. */
typedef struct geom {
    const oco_domain *dom;
    oco_domain_kind kind;
    size_t d;
    double R;        /* ball radius (centre 0) */
    double *lo, *hi; /* box bounds (length d), else NULL */
    double maxnorm;  /* max_{x∈X} ‖x‖ */
} geom;

struct oco_game {
    oco_game_info info;
    double *A; /* n×m row-major */
    geom gx, gy;
    /* per-round state (all allocated in new) */
    double *x, *y;       /* x_t, y_t */
    double *Ay, *Atx;    /* A y_t, Aᵀx_t */
    double *Ay0, *Atx0;  /* previous round's, for V_T */
    double *x0, *y0;     /* previous round's iterates, for the path length */
    double *Sx, *Sy;     /* Σ x_s, Σ y_s */
    double *ASy, *AtSx;  /* A Σ y_s, Aᵀ Σ x_s */
    double *xb, *yb;     /* averages */
    double *u, *v;       /* A ȳ (n), Aᵀx̄ (m) */
    double *wn, *wm;     /* best-response scratch */
    double *buf;
};

oco_game_opts oco_game_opts_default(void)
{
    oco_game_opts o;
    memset(&o, 0, sizeof o);
    return o;
}

oco_game_run_opts oco_game_run_opts_default(void)
{
    oco_game_run_opts o;
    memset(&o, 0, sizeof o);
    o.record_every = 1;
    return o;
}

/* ---- linear algebra on the row-major A ------------------------------------- */

static void mul_A(const oco_game *g, const double *y, double *out) /* out = A y */
{
    size_t n = g->info.n, m = g->info.m;
    for (size_t i = 0; i < n; ++i)
        out[i] = oco_dot(g->A + i * m, y, m);
}

static void mul_At(const oco_game *g, const double *x, double *out) /* out = Aᵀx */
{
    size_t n = g->info.n, m = g->info.m;
    oco_fill(out, m, 0.0);
    for (size_t i = 0; i < n; ++i)
        oco_axpy(x[i], g->A + i * m, out, m);
}

/* ‖A‖₂ = sqrt(λ_max) of the smaller Gram matrix (LAPACK; creation only). */
static int spectral_norm(const double *A, size_t n, size_t m, double *out)
{
    size_t k = n < m ? n : m;
    double *G = calloc(k * k + k, sizeof *G);
    if (!G)
        return oco_set_error(OCO_ENOMEM, "game: out of memory (spectral norm)");
    double *w = G + k * k;
    for (size_t a = 0; a < k; ++a)
        for (size_t b = 0; b <= a; ++b) {
            double s = 0;
            if (n <= m) /* A Aᵀ (n×n): rows a, b */
                s = oco_dot(A + a * m, A + b * m, m);
            else /* AᵀA (m×m): columns a, b */
                for (size_t i = 0; i < n; ++i)
                    s += A[i * m + a] * A[i * m + b];
            G[a + b * k] = G[b + a * k] = s;
        }
    int rc = oco_sym_eig(G, w, k);
    if (rc == OCO_OK)
        *out = sqrt(fmax(w[k - 1], 0.0));
    free(G);
    return rc;
}

/* ---- the exact inner problems ----------------------------------------------- */

/* min_{x∈X} ⟨u, x⟩ + (lam/2)‖x‖² and a minimiser into x (length d).
 * lam = 0: the closed-form linear minimiser of X (a vertex of the simplex,
 * −R u/‖u‖ on the ball, the bound opposite each sign on the box);
 * lam > 0: completing the square, x = Π_X(−u/lam) (exact projection). */
static double linquad_min(const geom *G, const double *u, double lam, double *x)
{
    size_t d = G->d;
    if (lam > 0) {
        for (size_t i = 0; i < d; ++i)
            x[i] = -u[i] / lam;
        oco_domain_project(G->dom, x); /* u finite, so no error */
        return oco_dot(u, x, d) + 0.5 * lam * oco_dot(x, x, d);
    }
    switch (G->kind) {
    case OCO_DOMAIN_SIMPLEX: {
        size_t j = 0;
        for (size_t i = 1; i < d; ++i)
            if (u[i] < u[j])
                j = i;
        oco_fill(x, d, 0.0);
        x[j] = 1.0;
        return u[j];
    }
    case OCO_DOMAIN_BALL: {
        double nu = oco_nrm2(u, d);
        for (size_t i = 0; i < d; ++i)
            x[i] = nu > 0 ? -G->R * u[i] / nu : 0.0;
        return -G->R * nu;
    }
    default: { /* box */
        double s = 0;
        for (size_t i = 0; i < d; ++i) {
            x[i] = u[i] > 0 ? G->lo[i] : u[i] < 0 ? G->hi[i] : 0.5 * (G->lo[i] + G->hi[i]);
            s += u[i] * x[i];
        }
        return s;
    }
    }
}

/* max_{y∈Y} ⟨v, y⟩ − (lam/2)‖y‖² = −min_y ⟨−v, y⟩ + (lam/2)‖y‖²; v is used
 * as scratch for −v and restored. */
static double linquad_max(const geom *G, double *v, double lam, double *y)
{
    oco_scal(-1.0, v, G->d);
    double r = -linquad_min(G, v, lam, y);
    oco_scal(-1.0, v, G->d);
    return r;
}

/* max_{y∈Y} ‖A y‖ (or a valid upper bound): convex in y, so attained at an
 * extreme point. Simplex: max_j ‖A e_j‖ (exact); ball: R‖A‖₂ (exact); box:
 * min(‖A‖₂·max‖y‖, Σ_j ‖A e_j‖ max(|lo_j|, |hi_j|)) (a bound). */
static double sup_Ay(const oco_game *g, const geom *Y, int transpose)
{
    size_t n = g->info.n, m = g->info.m;
    size_t d = transpose ? n : m; /* the columns of the operator */
    if (Y->kind == OCO_DOMAIN_BALL)
        return Y->R * g->info.A_norm2;
    double best = 0, tri = 0;
    for (size_t j = 0; j < d; ++j) {
        double c2 = 0;
        if (transpose) /* column j of Aᵀ = row j of A */
            c2 = oco_dot(g->A + j * m, g->A + j * m, m);
        else
            for (size_t i = 0; i < n; ++i)
                c2 += g->A[i * m + j] * g->A[i * m + j];
        double c = sqrt(c2);
        best = fmax(best, c);
        if (Y->kind == OCO_DOMAIN_BOX)
            tri += c * fmax(fabs(Y->lo[j]), fabs(Y->hi[j]));
    }
    if (Y->kind == OCO_DOMAIN_SIMPLEX)
        return best;
    return fmin(tri, g->info.A_norm2 * Y->maxnorm);
}

/* ---- construction -------------------------------------------------------------- */

static int geom_init(geom *G, const oco_domain *dom, size_t d, const char *name, double *lo,
                     double *hi)
{
    if (!dom)
        return oco_set_error(OCO_EINVAL, "game: domain %s is NULL", name);
    if (oco_domain_dim(dom) != d)
        return oco_set_error(OCO_EINVAL, "game: domain %s has dimension %zu, expected %zu", name,
                             oco_domain_dim(dom), d);
    G->dom = dom;
    G->kind = oco_domain_get_kind(dom);
    G->d = d;
    if (G->kind != OCO_DOMAIN_BALL && G->kind != OCO_DOMAIN_BOX && G->kind != OCO_DOMAIN_SIMPLEX)
        return oco_set_error(OCO_EINVAL, "game: domain %s must be a ball, a box or the simplex",
                             name);
    if (!isfinite(oco_domain_diameter(dom)))
        return oco_set_error(OCO_EINVAL, "game: domain %s must be bounded", name);
    G->lo = G->kind == OCO_DOMAIN_BOX ? lo : NULL;
    G->hi = G->kind == OCO_DOMAIN_BOX ? hi : NULL;
    int rc = oco__qpd_domain_geometry(dom, NULL, &G->R, lo, hi, NULL);
    if (rc != OCO_OK)
        return rc;
    switch (G->kind) {
    case OCO_DOMAIN_BALL:
        G->maxnorm = G->R;
        break;
    case OCO_DOMAIN_SIMPLEX:
        G->maxnorm = 1.0;
        break;
    default: {
        double s = 0;
        for (size_t i = 0; i < d; ++i)
            s += fmax(lo[i] * lo[i], hi[i] * hi[i]);
        G->maxnorm = sqrt(s);
    }
    }
    return OCO_OK;
}

oco_game *oco_game_new(const oco_game_opts *o, const oco_domain *X, const oco_domain *Y)
{
    if (!o) {
        oco_set_error(OCO_EINVAL, "game: opts is NULL");
        return NULL;
    }
    size_t n = o->n, m = o->m;
    if (n == 0 || m == 0) {
        oco_set_error(OCO_EINVAL, "game: dimensions n = %zu and m = %zu must be > 0", n, m);
        return NULL;
    }
    if (!(isfinite(o->lambda_x) && o->lambda_x >= 0)) {
        oco_set_error(OCO_EINVAL, "game: lambda_x must be finite and >= 0");
        return NULL;
    }
    if (!(isfinite(o->lambda_y) && o->lambda_y >= 0)) {
        oco_set_error(OCO_EINVAL, "game: lambda_y must be finite and >= 0");
        return NULL;
    }
    if (!(isfinite(o->a_norm) && o->a_norm >= 0)) {
        oco_set_error(OCO_EINVAL, "game: a_norm must be finite and >= 0");
        return NULL;
    }
    if (o->A && !oco_all_finite(o->A, n * m)) {
        oco_set_error(OCO_EINVAL, "game: A has a non-finite entry");
        return NULL;
    }
    oco_game *g = calloc(1, sizeof *g);
    /* A, then 2 box bounds per domain, then 24 vectors of length max(n, m) */
    size_t k = n > m ? n : m;
    double *buf = calloc(n * m + 2 * n + 2 * m + 24 * k, sizeof *buf);
    if (!g || !buf) {
        free(g);
        free(buf);
        oco_set_error(OCO_ENOMEM, "game: out of memory (n = %zu, m = %zu)", n, m);
        return NULL;
    }
    g->buf = buf;
    g->A = buf;
    double *p = buf + n * m;
    double *lox = p, *hix = p + n, *loy = p + 2 * n, *hiy = p + 2 * n + m;
    p += 2 * n + 2 * m;
    double **vecs[] = {&g->x,  &g->Ay,  &g->Ay0, &g->x0, &g->Sx, &g->ASy, &g->xb, &g->u,
                       &g->wn, &g->y,   &g->Atx, &g->Atx0, &g->y0, &g->Sy, &g->AtSx, &g->yb,
                       &g->v,  &g->wm};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; ++i, p += k)
        *vecs[i] = p;
    if (geom_init(&g->gx, X, n, "X", lox, hix) != OCO_OK ||
        geom_init(&g->gy, Y, m, "Y", loy, hiy) != OCO_OK) {
        oco_game_free(g);
        return NULL;
    }
    if (o->A) {
        memcpy(g->A, o->A, n * m * sizeof *g->A);
    } else {
        oco_rng r;
        oco_rng_seed(&r, o->seed, 0);
        for (size_t i = 0; i < n * m; ++i)
            g->A[i] = oco_rng_uniform_range(&r, -1.0, 1.0);
    }
    oco_game_info *in = &g->info;
    in->n = n;
    in->m = m;
    in->lambda_x = o->lambda_x;
    in->lambda_y = o->lambda_y;
    in->bilinear = o->lambda_x == 0 && o->lambda_y == 0;
    if (spectral_norm(g->A, n, m, &in->A_norm2) != OCO_OK) {
        oco_game_free(g);
        return NULL;
    }
    if (o->a_norm > 0) {
        if (!(in->A_norm2 > 0)) {
            oco_set_error(OCO_EINVAL, "game: a_norm > 0 but A is zero (cannot rescale)");
            oco_game_free(g);
            return NULL;
        }
        oco_scal(o->a_norm / in->A_norm2, g->A, n * m);
        in->A_norm2 = o->a_norm;
    }
    in->Gx = sup_Ay(g, &g->gy, 0) + o->lambda_x * g->gx.maxnorm;
    in->Gy = sup_Ay(g, &g->gx, 1) + o->lambda_y * g->gy.maxnorm;
    /* the learners require G > 0: a zero game still gets a unit bound */
    if (!(in->Gx > 0))
        in->Gx = 1.0;
    if (!(in->Gy > 0))
        in->Gy = 1.0;
    return g;
}

void oco_game_free(oco_game *g)
{
    if (!g)
        return;
    free(g->buf);
    free(g);
}

const oco_game_info *oco_game_get_info(const oco_game *g) { return &g->info; }
const double *oco_game_matrix(const oco_game *g) { return g->A; }
const oco_domain *oco_game_domain_x(const oco_game *g) { return g->gx.dom; }
const oco_domain *oco_game_domain_y(const oco_game *g) { return g->gy.dom; }

/* ---- values, gradients, gap ------------------------------------------------------ */

double oco_game_value(const oco_game *g, const double *x, const double *y)
{
    size_t n = g->info.n, m = g->info.m;
    double s = 0;
    for (size_t i = 0; i < n; ++i)
        s += x[i] * oco_dot(g->A + i * m, y, m);
    return s + 0.5 * g->info.lambda_x * oco_dot(x, x, n) -
           0.5 * g->info.lambda_y * oco_dot(y, y, m);
}

void oco_game_grad_x(const oco_game *g, const double *x, const double *y, double *gx)
{
    mul_A(g, y, gx);
    oco_axpy(g->info.lambda_x, x, gx, g->info.n);
}

void oco_game_grad_y(const oco_game *g, const double *x, const double *y, double *gy)
{
    mul_At(g, x, gy);
    oco_scal(-1.0, gy, g->info.m);
    oco_axpy(g->info.lambda_y, y, gy, g->info.m);
}

/* upper = max_y f(xb, y), lower = min_x f(x, yb), given u = A yb and
 * v = Aᵀxb (v is used as scratch and restored). */
static void gap_parts(oco_game *g, const double *xb, const double *yb, const double *u, double *v,
                      double *upper, double *lower, double *xbest, double *ybest)
{
    const oco_game_info *in = &g->info;
    double *xs = xbest ? xbest : g->wn, *ys = ybest ? ybest : g->wm;
    *upper = 0.5 * in->lambda_x * oco_dot(xb, xb, in->n) + linquad_max(&g->gy, v, in->lambda_y, ys);
    *lower = linquad_min(&g->gx, u, in->lambda_x, xs) - 0.5 * in->lambda_y * oco_dot(yb, yb, in->m);
}

int oco_game_gap(oco_game *g, const double *x, const double *y, double *gap, double *upper,
                 double *lower, double *xbest, double *ybest)
{
    if (!g || !x || !y)
        return oco_set_error(OCO_EINVAL, "game gap: NULL %s", !g ? "game" : !x ? "x" : "y");
    if (!oco_all_finite(x, g->info.n))
        return oco_set_error(OCO_EINVAL, "game gap: x has a non-finite entry");
    if (!oco_all_finite(y, g->info.m))
        return oco_set_error(OCO_EINVAL, "game gap: y has a non-finite entry");
    mul_A(g, y, g->u);
    mul_At(g, x, g->v);
    double up, lo;
    gap_parts(g, x, y, g->u, g->v, &up, &lo, xbest, ybest);
    if (gap)
        *gap = up - lo;
    if (upper)
        *upper = up;
    if (lower)
        *lower = lo;
    return OCO_OK;
}

/* ---- learners ---------------------------------------------------------------- */

int oco_game_learner_setup(const oco_game *g, int player, size_t T, oco_learner_setup *s)
{
    if (!g || !s)
        return oco_set_error(OCO_EINVAL, "game learner setup: NULL %s", !g ? "game" : "setup");
    if (player != 0 && player != 1)
        return oco_set_error(OCO_EINVAL, "game learner setup: player must be 0 (x) or 1 (y), got %d",
                             player);
    *s = oco_learner_setup_default();
    s->d = player == 0 ? g->info.n : g->info.m;
    s->domain = player == 0 ? g->gx.dom : g->gy.dom;
    s->T = T;
    s->G = player == 0 ? g->info.Gx : g->info.Gy;
    s->lambda = player == 0 ? g->info.lambda_x : g->info.lambda_y;
    s->L = s->lambda; /* ∇ℓ_t(x) − ∇ℓ_t(x') = λ(x − x') within a round */
    return OCO_OK;
}

oco_learner *oco_game_learner_new(const oco_game *g, int player, const oco_learner_type *type,
                                  size_t T, const oco_param *params, size_t nparams)
{
    oco_learner_setup s;
    if (oco_game_learner_setup(g, player, T, &s) != OCO_OK)
        return NULL;
    return oco_learner_new(type, &s, params, nparams);
}

/* ---- the run ------------------------------------------------------------------- */

/* ℓˣ_t(x) = f(x, y_t): gradient A y_t + λx x, with A y_t cached for the round. */
static int oracle_x(void *ctx, const double *x, double *gr, double *value)
{
    const oco_game *g = ctx;
    size_t n = g->info.n;
    double lx = g->info.lambda_x;
    for (size_t i = 0; i < n; ++i)
        gr[i] = g->Ay[i] + lx * x[i];
    if (value)
        *value = oco_dot(x, g->Ay, n) + 0.5 * lx * oco_dot(x, x, n) -
                 0.5 * g->info.lambda_y * oco_dot(g->y, g->y, g->info.m);
    return OCO_OK;
}

/* ℓʸ_t(y) = −f(x_t, y): gradient −Aᵀx_t + λy y (universal.md §11.2 [D]). */
static int oracle_y(void *ctx, const double *y, double *gr, double *value)
{
    const oco_game *g = ctx;
    size_t m = g->info.m;
    double ly = g->info.lambda_y;
    for (size_t j = 0; j < m; ++j)
        gr[j] = -g->Atx[j] + ly * y[j];
    if (value)
        *value = -(oco_dot(y, g->Atx, m) + 0.5 * g->info.lambda_x * oco_dot(g->x, g->x, g->info.n) -
                   0.5 * ly * oco_dot(y, y, m));
    return OCO_OK;
}

static double sqdist(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t i = 0; i < d; ++i)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
}

/* Neumaier (compensated) sum. */
typedef struct ksum {
    double s, c;
} ksum;

static void kadd(ksum *k, double v)
{
    double t = k->s + v;
    k->c += fabs(k->s) >= fabs(v) ? (k->s - t) + v : (v - t) + k->s;
    k->s = t;
}

int oco_game_run(oco_game *g, oco_learner *lx, oco_learner *ly, size_t T,
                 const oco_game_run_opts *opts, oco_game_run_result *out, double *xbar,
                 double *ybar)
{
    if (!g || !lx || !ly || !out)
        return oco_set_error(OCO_EINVAL, "game run: NULL %s",
                             !g ? "game" : !lx ? "x learner" : !ly ? "y learner" : "result");
    const oco_game_info *in = &g->info;
    size_t n = in->n, m = in->m;
    if (oco_learner_dim(lx) != n || oco_learner_dim(ly) != m)
        return oco_set_error(OCO_EINVAL,
                             "game run: learner dimensions %zu and %zu, the game has n = %zu, "
                             "m = %zu",
                             oco_learner_dim(lx), oco_learner_dim(ly), n, m);
    if (oco_learner_round(lx) != 0 || oco_learner_round(ly) != 0)
        return oco_set_error(OCO_ESTATE, "game run: the learners must be fresh (round 0)");
    if (T == 0)
        return oco_set_error(OCO_EINVAL, "game run: T must be > 0");
    oco_game_run_opts def = oco_game_run_opts_default();
    if (!opts)
        opts = &def;
    memset(out, 0, sizeof *out);
    out->gap = out->value_avg = out->regret_x = out->regret_y = out->regret_sum = NAN;

    oco_grad_oracle ox = {oracle_x, g, n, 0}, oy = {oracle_y, g, m, 0};
    oco_fill(g->Sx, n, 0.0);
    oco_fill(g->Sy, m, 0.0);
    oco_fill(g->ASy, n, 0.0);
    oco_fill(g->AtSx, m, 0.0);
    ksum L = {0, 0}, vtx = {0, 0}, vty = {0, 0}, px = {0, 0}, py = {0, 0};
    double Qx = 0, Qy = 0; /* Σ‖x_s‖², Σ‖y_s‖² */
    int rc = OCO_OK;
    double t0 = oco__now_seconds();
    for (size_t t = 1; t <= T; ++t) {
        if ((rc = oco_learner_predict(lx, NULL, g->x)) != OCO_OK ||
            (rc = oco_learner_predict(ly, NULL, g->y)) != OCO_OK)
            break;
        mul_A(g, g->y, g->Ay);
        mul_At(g, g->x, g->Atx);
        double xx = oco_dot(g->x, g->x, n), yy = oco_dot(g->y, g->y, m);
        double val = oco_dot(g->x, g->Ay, n) + 0.5 * in->lambda_x * xx - 0.5 * in->lambda_y * yy;
        if ((rc = oco_learner_update_oracle(lx, &ox)) != OCO_OK ||
            (rc = oco_learner_update_oracle(ly, &oy)) != OCO_OK)
            break;
        kadd(&L, val);
        Qx += xx;
        Qy += yy;
        oco_axpy(1.0, g->x, g->Sx, n);
        oco_axpy(1.0, g->y, g->Sy, m);
        oco_axpy(1.0, g->Ay, g->ASy, n);
        oco_axpy(1.0, g->Atx, g->AtSx, m);
        if (t >= 2) {
            kadd(&vtx, sqdist(g->Ay, g->Ay0, n));
            kadd(&vty, sqdist(g->Atx, g->Atx0, m));
            kadd(&px, sqdist(g->x, g->x0, n));
            kadd(&py, sqdist(g->y, g->y0, m));
        }
        oco_copy(g->Ay, g->Ay0, n);
        oco_copy(g->Atx, g->Atx0, m);
        oco_copy(g->x, g->x0, n);
        oco_copy(g->y, g->y0, m);
        out->T = t;

        int record = t == T || (opts->record_every > 0 && t % opts->record_every == 0);
        if (!record)
            continue;
        double tt = (double)t;
        for (size_t i = 0; i < n; ++i) {
            g->xb[i] = g->Sx[i] / tt;
            g->u[i] = g->ASy[i] / tt; /* A ȳ */
        }
        for (size_t j = 0; j < m; ++j) {
            g->yb[j] = g->Sy[j] / tt;
            g->v[j] = g->AtSx[j] / tt; /* Aᵀx̄ */
        }
        /* inner optima without the constant terms (see game.h) */
        double minx = linquad_min(&g->gx, g->u, in->lambda_x, g->wn);
        double maxy = linquad_max(&g->gy, g->v, in->lambda_y, g->wm);
        double xbxb = oco_dot(g->xb, g->xb, n), ybyb = oco_dot(g->yb, g->yb, m);
        double Lt = L.s + L.c;
        oco_game_round r;
        r.t = t;
        r.x = g->x;
        r.y = g->y;
        r.xbar = g->xb;
        r.ybar = g->yb;
        r.value = val;
        r.value_avg = oco_dot(g->xb, g->u, n) + 0.5 * in->lambda_x * xbxb - 0.5 * in->lambda_y * ybyb;
        r.gap = (maxy + 0.5 * in->lambda_x * xbxb) - (minx - 0.5 * in->lambda_y * ybyb);
        r.regret_x = Lt - tt * minx + 0.5 * in->lambda_y * Qy;
        r.regret_y = -Lt + tt * maxy + 0.5 * in->lambda_x * Qx;
        r.regret_sum = r.regret_x + r.regret_y;
        out->gap = r.gap;
        out->value_avg = r.value_avg;
        out->regret_x = r.regret_x;
        out->regret_y = r.regret_y;
        out->regret_sum = r.regret_sum;
        if (opts->on_round && (rc = opts->on_round(opts->ctx, &r)) != OCO_OK)
            break;
    }
    out->seconds = oco__now_seconds() - t0;
    out->VT_x = vtx.s + vtx.c;
    out->VT_y = vty.s + vty.c;
    out->path_x = px.s + px.c;
    out->path_y = py.s + py.c;
    out->grad_calls_x = ox.calls;
    out->grad_calls_y = oy.calls;
    if (xbar && out->T > 0)
        for (size_t i = 0; i < n; ++i)
            xbar[i] = g->Sx[i] / (double)out->T;
    if (ybar && out->T > 0)
        for (size_t j = 0; j < m; ++j)
            ybar[j] = g->Sy[j] / (double)out->T;
    return rc;
}
