/* AVG-LT (seed 000 Appendix C.2; olp_laau.md §2.5): one price λ_P for the
 * relaxed problem whose budget holds on average, E_P[Σ_t g(x_t)] <= E[B]
 * (the seed writes "<= B"; B is random, so it is read as its mean [D]),
 * then every step
 *     x_t = layer(λ_P, b̃_t)                    (eq. (4) under the §2.3 guard)
 * which for fairness is min(clip(c_t/λ_P, 1, 40), b̃_t).
 *
 * Fit [D] (in create, on setup->train): the sample-average version
 *     u(λ) = (1/n) Σ_i Σ_t g(x̃(λ), c_{i,t}) = mean_i B_i,
 * x̃(λ) = layer(λ, +∞) the budget-free decision. For M = 1, u is
 * nonincreasing in λ (u = ∇φ of the concave dual function φ(λ) =
 * (1/n)Σ min_x l + λ g); λ_P = 0 when u(0) is already within the mean
 * budget, else the root by bisection on a doubling bracket. For M > 1 the
 * complementarity conditions (λ >= 0, u <= B̄, λ_m (u_m − B̄_m) = 0) are
 * solved to the residual
 *     r = max_m { λ_m > 0: |u_m − B̄_m|/B̄_m;  λ_m = 0: max(0, u_m − B̄_m)/B̄_m }
 * <= fit_tol by a projected Newton method [D]: one sweep of the coordinate
 * bisection (λ_m with the others fixed; each u_m is nonincreasing in λ_m
 * for the same reason) to tolerance 1e-2 as a start, then Newton steps on
 * the active resources (λ_m > 0 or u_m > B̄_m) with a forward-difference
 * Jacobian of u (M more evaluations of u), projected onto λ >= 0 and
 * halved until r decreases; a step that does not decrease r is replaced by
 * a coordinate-bisection sweep. At most fit_iterations steps; the last λ
 * is kept. (Gauss-Seidel sweeps alone converge linearly and slowly when
 * the resources are coupled: 1559 evaluations of u, 12 s, on multi-budget
 * N = 20, 50 episodes, against ~50 with Newton.)
 * The general layer (interior point) is slower than fairness's closed form,
 * so the fit uses the first fit_episodes training episodes (default: all
 * with a closed-form layer, else 50) [D].
 *
 * A resource with no room left beyond x_safe gives x_safe (baseline.h [D]).
 *
 * All memory of the decisions in create (the fit's scratch is freed there);
 * begin/decide allocate nothing. */
#include "oco/oobc.h"

#include "oco/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oobc/baseline.h"
#include "algorithms/oobc/layer.h"
#include "algorithms/registry.h"
#include "core/params_internal.h"

/* Episodes the fit uses by default when the class has no closed-form layer. */
#define AVG_LT_GENERAL_EPISODES 50
/* Bracket doublings and bisection steps: 2^±80 covers any sane price scale;
 * 200 halvings reach the double resolution of any bracket. */
#define AVG_LT_DOUBLINGS 80
#define AVG_LT_BISECTIONS 200

static const oco_param_spec avg_lt_params[] = {
    {"fit_episodes", NAN, "all (closed-form layer) else 50",
     "training episodes the price is fitted on (the first ones of the sample)", "D"},
    {"fit_tol", 1e-8, "1e-8",
     "relative tolerance of the fit: |mean use - mean budget| / mean budget (complementarity "
     "residual for M > 1)",
     "D"},
    {"fit_iterations", 50, "50",
     "M > 1: most projected Newton steps (or coordinate-bisection sweeps) of the fit", "D"},
};
enum { AVG_LT_NP = sizeof avg_lt_params / sizeof avg_lt_params[0] };

typedef struct avg_lt_conf {
    size_t episodes; /* used of the sample */
    double tol;
    size_t iterations;
} avg_lt_conf;

typedef struct avg_lt_state {
    const oco_oobc_class *cls;
    size_t N;
    oco__oobc_lws *lw;
    double *lam; /* M: λ_P */
    double *B;   /* M: the episode's budgets */
    double *gs;  /* M: scratch of the exhausted-resource guard (baseline.h) */
    double buf[]; /* 3M */
} avg_lt_state;

static int avg_lt_read(const oco_oobc_setup *s, const oco_param *p, size_t np, avg_lt_conf *c)
{
    const size_t n = s->train ? s->train->n : 0;
    double ep = oco__param_or(avg_lt_params, AVG_LT_NP, p, np, "fit_episodes",
                              s->cls->layer ? (double)n : (double)AVG_LT_GENERAL_EPISODES);
    c->tol = oco__param_or(avg_lt_params, AVG_LT_NP, p, np, "fit_tol", 1e-8);
    double sw = oco__param_or(avg_lt_params, AVG_LT_NP, p, np, "fit_iterations", 50);
    if (!(ep >= 1 && ep == floor(ep)))
        return oco_set_error(OCO_EINVAL, "avg-lt: fit_episodes must be an integer >= 1 (got "
                                         "%.17g)",
                             ep);
    if (!(sw >= 1 && sw == floor(sw) && sw <= 1e6))
        return oco_set_error(OCO_EINVAL, "avg-lt: fit_iterations must be an integer in [1, 1e6] (got "
                                         "%.17g)",
                             sw);
    int rc = oco__param_positive("avg-lt", "fit_tol", c->tol);
    if (rc)
        return rc;
    c->episodes = ep < (double)n ? (size_t)ep : n;
    c->iterations = (size_t)sw;
    return OCO_OK;
}

static int avg_lt_check(const oco_oobc_setup *s, const oco_param *p, size_t np)
{
    avg_lt_conf c = {0, 0, 0};
    return avg_lt_read(s, p, np, &c);
}

/* The fit's context: the sample, its scratch and the targets. */
typedef struct fit_ctx {
    const oco_oobc_class *cls;
    const oco_oobc_data *data;
    size_t n;
    oco__oobc_lws *lw;
    double *inf, *x, *g, *u, *target; /* M, d, M, M, M */
} fit_ctx;

/* u = (1/n) Σ_i Σ_t g(x̃(λ), c_{i,t}) */
static int avg_use(fit_ctx *f, const double *lam)
{
    const oco_oobc_class *cls = f->cls;
    const size_t M = cls->M, N = f->data->N, p = f->data->p;
    memset(f->u, 0, M * sizeof *f->u);
    for (size_t i = 0; i < f->n; ++i)
        for (size_t t = 0; t < N; ++t) {
            const double *c = f->data->c + (i * N + t) * p;
            int rc = oco__oobc_lws_solve(f->lw, c, lam, f->inf, NULL, f->x, NULL, NULL);
            if (!rc)
                rc = cls->use(cls, c, f->x, f->g, NULL, NULL);
            if (rc)
                return rc;
            for (size_t m = 0; m < M; ++m)
                f->u[m] += f->g[m];
        }
    for (size_t m = 0; m < M; ++m)
        f->u[m] /= (double)f->n;
    return OCO_OK;
}

/* λ_m >= 0 with u_m(λ) = target_m, the other coordinates fixed; λ_m = 0 if
 * u_m(0) <= target_m. Keeps the bracket end whose use is within target. */
static int fit_coordinate(fit_ctx *f, double *lam, size_t m, double tol)
{
    const double tgt = f->target[m], old = lam[m];
    int rc;
    lam[m] = 0;
    if ((rc = avg_use(f, lam)))
        return rc;
    if (f->u[m] <= tgt)
        return OCO_OK;
    double lo = 0, hi = old > 0 ? 2 * old : 1;
    int k;
    for (k = 0; k < AVG_LT_DOUBLINGS; ++k) {
        lam[m] = hi;
        if ((rc = avg_use(f, lam)))
            return rc;
        if (f->u[m] <= tgt)
            break;
        lo = hi;
        hi *= 2;
    }
    if (k == AVG_LT_DOUBLINGS) /* the use cannot get within the mean budget */
        return oco_set_error(OCO_EINFEASIBLE,
                             "avg-lt: resource %zu: even the price %g leaves the sample-average "
                             "use %g above the mean budget %g",
                             m, hi, f->u[m], tgt);
    if (fabs(f->u[m] - tgt) <= tol * tgt)
        return OCO_OK;
    for (k = 0; k < AVG_LT_BISECTIONS && hi - lo > 1e-15 * hi; ++k) {
        lam[m] = 0.5 * (lo + hi);
        if ((rc = avg_use(f, lam)))
            return rc;
        if (fabs(f->u[m] - tgt) <= tol * tgt)
            return OCO_OK;
        if (f->u[m] > tgt)
            lo = lam[m];
        else
            hi = lam[m];
    }
    lam[m] = hi; /* the side that keeps the average use within the budget */
    return OCO_OK;
}

/* The complementarity residual r of the header at lam, from f->u. */
static double residual(const fit_ctx *f, const double *lam)
{
    double r = 0;
    for (size_t m = 0; m < f->cls->M; ++m) {
        const double e = (f->u[m] - f->target[m]) / f->target[m];
        r = fmax(r, lam[m] > 0 ? fabs(e) : fmax(0.0, e));
    }
    return r;
}

/* Solves A z = b in place (n×n, row-major) by Gaussian elimination with
 * partial pivoting; 0, or -1 if A is singular to working precision. */
static int gauss(size_t n, double *A, double *b)
{
    for (size_t k = 0; k < n; ++k) {
        size_t piv = k;
        for (size_t i = k + 1; i < n; ++i)
            if (fabs(A[i * n + k]) > fabs(A[piv * n + k]))
                piv = i;
        if (!(fabs(A[piv * n + k]) > 0))
            return -1;
        if (piv != k) {
            for (size_t j = 0; j < n; ++j) {
                const double t = A[k * n + j];
                A[k * n + j] = A[piv * n + j];
                A[piv * n + j] = t;
            }
            const double t = b[k];
            b[k] = b[piv];
            b[piv] = t;
        }
        for (size_t i = k + 1; i < n; ++i) {
            const double q = A[i * n + k] / A[k * n + k];
            for (size_t j = k; j < n; ++j)
                A[i * n + j] -= q * A[k * n + j];
            b[i] -= q * b[k];
        }
    }
    for (size_t k = n; k-- > 0;) {
        double v = b[k];
        for (size_t j = k + 1; j < n; ++j)
            v -= A[k * n + j] * b[j];
        b[k] = v / A[k * n + k];
        if (!isfinite(b[k]))
            return -1;
    }
    return 0;
}

/* Newton scratch: M·M + 4M doubles and M indices. */
typedef struct newton_ws {
    double *J, *dl, *lt, *u0;
    size_t *idx;
} newton_ws;

/* One projected Newton step from lam (f->u holds u(lam), *r its residual).
 * 1 if it decreased r (lam, f->u, *r updated), 0 if not, < 0 on error. */
static int newton_step(fit_ctx *f, double *lam, double *r, newton_ws *w)
{
    const size_t M = f->cls->M;
    size_t na = 0;
    int rc;
    memcpy(w->u0, f->u, M * sizeof *w->u0);
    double ref = 0;
    for (size_t m = 0; m < M; ++m) {
        ref = fmax(ref, lam[m]);
        if (lam[m] > 0 || w->u0[m] > f->target[m])
            w->idx[na++] = m;
    }
    if (!na)
        return 0;
    if (!(ref > 0))
        ref = 1;
    /* forward differences: column a of J = ∂u_A/∂λ_{idx[a]} */
    for (size_t a = 0; a < na; ++a) {
        const size_t k = w->idx[a];
        const double h = 1e-6 * (lam[k] > 0 ? lam[k] : ref);
        memcpy(w->lt, lam, M * sizeof *lam);
        w->lt[k] += h;
        if ((rc = avg_use(f, w->lt)))
            return rc;
        for (size_t i = 0; i < na; ++i)
            w->J[i * na + a] = (f->u[w->idx[i]] - w->u0[w->idx[i]]) / h;
    }
    for (size_t i = 0; i < na; ++i)
        w->dl[i] = f->target[w->idx[i]] - w->u0[w->idx[i]];
    if (gauss(na, w->J, w->dl)) {
        memcpy(f->u, w->u0, M * sizeof *f->u);
        return 0;
    }
    for (double alpha = 1; alpha > 1.0 / 64; alpha *= 0.5) {
        memcpy(w->lt, lam, M * sizeof *lam);
        for (size_t a = 0; a < na; ++a)
            w->lt[w->idx[a]] = fmax(0.0, lam[w->idx[a]] + alpha * w->dl[a]);
        if ((rc = avg_use(f, w->lt)))
            return rc;
        const double rn = residual(f, w->lt);
        if (rn < *r) {
            memcpy(lam, w->lt, M * sizeof *lam);
            *r = rn;
            return 1;
        }
    }
    memcpy(f->u, w->u0, M * sizeof *f->u);
    return 0;
}

static int fit(avg_lt_state *s, const oco_oobc_data *data, const avg_lt_conf *conf)
{
    const oco_oobc_class *cls = s->cls;
    const size_t M = cls->M, d = cls->d;
    fit_ctx f = {.cls = cls, .data = data, .n = conf->episodes, .lw = s->lw};
    double *scratch = calloc(8 * M + d + M * M, sizeof *scratch);
    size_t *idx = calloc(M, sizeof *idx);
    if (!scratch || !idx) {
        free(scratch);
        free(idx);
        return oco_set_error(OCO_ENOMEM, "avg-lt: out of memory");
    }
    f.inf = scratch;
    f.g = scratch + M;
    f.u = scratch + 2 * M;
    f.target = scratch + 3 * M;
    f.x = scratch + 4 * M;
    newton_ws w = {.dl = scratch + 4 * M + d, .lt = scratch + 5 * M + d,
                   .u0 = scratch + 6 * M + d, .J = scratch + 8 * M + d, .idx = idx};
    for (size_t m = 0; m < M; ++m) {
        f.inf[m] = INFINITY;
        for (size_t i = 0; i < f.n; ++i)
            f.target[m] += data->B[i * M + m];
        f.target[m] /= (double)f.n;
    }
    int rc = OCO_OK;
    if (M == 1) {
        rc = fit_coordinate(&f, s->lam, 0, conf->tol);
    } else {
        for (size_t m = 0; m < M && !rc; ++m) /* a start: one loose sweep */
            rc = fit_coordinate(&f, s->lam, m, fmax(conf->tol, 1e-2));
        double r = INFINITY;
        if (!rc && !(rc = avg_use(&f, s->lam)))
            r = residual(&f, s->lam);
        for (size_t it = 0; it < conf->iterations && !rc && r > conf->tol; ++it) {
            rc = newton_step(&f, s->lam, &r, &w);
            if (rc > 0) {
                rc = OCO_OK;
                continue;
            }
            for (size_t m = 0; m < M && !rc; ++m) /* fallback: a sweep */
                rc = fit_coordinate(&f, s->lam, m, conf->tol);
            if (!rc && !(rc = avg_use(&f, s->lam)))
                r = residual(&f, s->lam);
        }
    }
    free(scratch);
    free(idx);
    return rc;
}

static void avg_lt_destroy(void *state)
{
    avg_lt_state *s = state;
    if (!s)
        return;
    oco__oobc_lws_free(s->lw);
    free(s);
}

static void *avg_lt_create(const oco_oobc_setup *setup, const oco_param *p, size_t np)
{
    avg_lt_conf conf = {0, 0, 0};
    if (avg_lt_read(setup, p, np, &conf) != OCO_OK)
        return NULL;
    const size_t M = setup->cls->M;
    avg_lt_state *s = calloc(1, sizeof *s + 3 * M * sizeof(double));
    if (!s) {
        oco_set_error(OCO_ENOMEM, "avg-lt: out of memory");
        return NULL;
    }
    s->cls = setup->cls;
    s->N = setup->N;
    s->lam = s->buf;
    s->B = s->buf + M;
    s->gs = s->buf + 2 * M;
    s->lw = oco__oobc_lws_new(setup->cls);
    if (!s->lw || fit(s, setup->train, &conf) != OCO_OK) {
        avg_lt_destroy(s);
        return NULL;
    }
    return s;
}

static int avg_lt_begin(void *state, const double *B)
{
    avg_lt_state *s = state;
    memcpy(s->B, B, s->cls->M * sizeof *B);
    return OCO_OK;
}

static int avg_lt_decide(void *state, size_t t, const double *c, const double *b,
                         const double *b_eff, double *x)
{
    (void)t;
    (void)b;
    avg_lt_state *s = state;
    return oco__oobc_base_solve(s->lw, s->cls, c, s->lam, b_eff, s->B, s->gs, x);
}

static int avg_lt_multiplier(const void *state, double *lambda)
{
    const avg_lt_state *s = state;
    memcpy(lambda, s->lam, s->cls->M * sizeof *lambda);
    return OCO_OK;
}

/* Checkpoint: the episode's B. λ_P is fitted by create from setup.train
 * (fingerprinted in the wrapper's head) and deterministic; it is saved and
 * restored anyway, so the restored policy plays the saved price bit for bit
 * even if the fit's arithmetic changed between builds of one version. */
static int avg_lt_save(const void *state, oco_state_writer *w)
{
    const avg_lt_state *s = state;
    oco_state_put_size(w, s->cls->M);
    oco_state_put_f64v(w, s->lam, s->cls->M);
    oco_state_put_f64v(w, s->B, s->cls->M);
    return OCO_OK;
}

static int avg_lt_restore(void *state, oco_state_reader *r)
{
    avg_lt_state *s = state;
    int rc = oco_state_expect_size(r, s->cls->M, "avg-lt M");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, s->lam, s->cls->M);
    return rc == OCO_OK ? oco_state_get_f64v(r, s->B, s->cls->M) : rc;
}

static size_t avg_lt_memory(const void *state)
{
    const avg_lt_state *s = state;
    return sizeof *s + 3 * s->cls->M * sizeof(double) + oco__oobc_lws_memory(s->lw);
}

const oco_oobc_type oco__oobc_avg_lt = {
    .info =
        {
            .name = "avg-lt",
            .protocol = OCO_PROTOCOL_OOBC,
            .summary = "AVG-LT: one price lambda_P fitted on training data so that the average "
                       "use meets the mean budget; x_t = layer(lambda_P, guarded b_t)",
            .source = "seed 000 (LAAU), Appendix C.2; olp_laau.md 2.5",
            .derived = "budget read as its mean E[B] [D]; sample-average fit by bisection [D] "
                       "(M > 1: projected Newton on the complementarity conditions, coordinate bisection as start and fallback [D]); "
                       "fit_episodes, fit_tol, fit_iterations [D]; 2.3 reserve guard [D]",
            .params = avg_lt_params,
            .nparams = AVG_LT_NP,
            .flags = 0,
        },
    .needs = OCO_OOBC_NEEDS_TRAIN,
    .check = avg_lt_check,
    .create = avg_lt_create,
    .begin = avg_lt_begin,
    .decide = avg_lt_decide,
    .multiplier = avg_lt_multiplier,
    .memory = avg_lt_memory,
    .destroy = avg_lt_destroy,
    .save = avg_lt_save,
    .restore = avg_lt_restore,
};
