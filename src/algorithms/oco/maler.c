/* Maler (Wang, Lu, Zhang, "Adaptivity and Optimality: A Universal Algorithm
 * for Online Convex Optimization", UAI 2019, PMLR 115:659-668, arXiv
 * 1905.05917): a two-layer universal learner WITHOUT gradient-variation
 * adaptivity, the comparison method of issue 4. One gradient per round:
 * every expert learns from a surrogate built from g_t = ∇f_t(x_t) alone.
 *
 * Provenance. The paper's text was not in the reference store available to
 * this implementation (search over code/docs/pages found only its abstract,
 * proceedings.mlr.press/v115/wang20e); universal.md §13.2 notes that no
 * public code implements it (PyNOL has no Maler model). The surrogates below
 * are those of the brief (issue 4) and of the paper [R]; the grid, priors,
 * learning rates and expert step sizes are recalled from the paper [R] and
 * every one is a settable parameter. Where the recalled constants were
 * re-derived here (the 7/(25D) gradient bound, the 1-exp-concavity range,
 * the prior normaliser) the derivation is given inline [D].
 *
 * Experts, with r_{t}(x) = ⟨g_t, x_t − x⟩ (r_{t,i} = r_t(x_{t,i})):
 *   convex (one):        c_t(x)      = −η^c r_t(x) + (η^c G D)²,
 *                        OGD, x ← Π_X[x − D/(η^c G √t) ∇c_t(x)]  (∇c = η^c g_t,
 *                        i.e. the plain D/(G√t) step on g_t);
 *   exp-concave (per η): s^η_t(x)    = −η r_t(x) + η² r_t(x)²,
 *                        ONS (Hazan et al. 2007) with β = ½min{1/(4G_s D), 1},
 *                        Σ_1 = εI, ε = 1/(β²D²), G_s = ηG + 2η²G²D ≤ 7/(25D);
 *   strongly convex (per η): ℓ^η_t(x) = −η r_t(x) + η²G²‖x_t − x‖²,
 *                        OGD with the 1/(λt) step of the 2η²G²-strongly convex
 *                        surrogate: x ← Π_X[x − ∇ℓ^η_t(x)/(2η²G² t)].
 * Grid [R]: η_i = 2^{−i}/(5DG), i = 0..⌈½log₂T⌉; η^c = 1/(2GD√T).
 * Priors [R]: π^c = 1/3, π^{η_i,exp} = π^{η_i,sc} = C/(3(i+1)(i+2)),
 * C = 1 + 1/k with k = ⌈½log₂T⌉ + 1 grid points (so each group sums to 1/3,
 * MetaGrad's prior; Σ_{i<k} 1/((i+1)(i+2)) = k/(k+1)).
 * Meta (the tilted exponentially weighted average, as in MetaGrad):
 *   x_t = Σ_i π_{t,i} η_i x_{t,i} / Σ_i π_{t,i} η_i,
 *   π_{t+1,i} = π_{t,i} exp(−ℓ_{t,i}(x_{t,i})) / Φ_t,
 * with ℓ_{t,i} the expert's own surrogate; kept as normalised log-weights.
 *
 * Why 1/(5DG) [D]: with z = η r, exp(−s) = exp(z − z²) is concave in z iff
 * (1 − 2z)² ≤ 2, i.e. z ∈ [(1−√2)/2, (1+√2)/2] ⊃ [−1/5, 1/5]; |η r| ≤ ηGD ≤
 * 1/5 on X, so s^η is 1-exp-concave there, and ‖∇s^η‖ = η‖g‖|1 − 2ηr| ≤
 * (1/(5D))(1 + 2/5) = 7/(25D) = G_s. The same bound holds for ∇ℓ^η. */
#include "algorithms/oco/maler.h"
#include "algorithms/oco/experts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"

static const oco_param_spec maler_params[] = {
    {"eta_c", NAN, "1/(2 G D sqrt(T))", "learning rate of the convex expert in the meta layer", "R"},
    {"eta_max", NAN, "1/(5 D G)", "largest grid rate eta_0; eta_i = eta_max 2^-i", "R"},
    {"n_eta", NAN, "ceil(log2(T)/2) + 1", "number of grid rates (exp-concave and sc experts each)",
     "R"},
    {"prior_c", 1.0 / 3.0, "1/3", "prior mass of the convex expert", "R"},
    {"prior_exp", 1.0 / 3.0, "1/3",
     "prior mass of the exp-concave group, split C/((i+1)(i+2)) over the grid", "R"},
    {"prior_sc", 1.0 / 3.0, "1/3",
     "prior mass of the strongly convex group, split C/((i+1)(i+2)) over the grid", "R"},
    {"beta", NAN, "min(1/(4 G_s D), 1)/2, G_s = eta_max G (1 + 2 eta_max G D) (= 7/(25D))",
     "ONS parameter of the exp-concave experts", "R"},
    {"eps", NAN, "1/(beta^2 D^2)", "ONS initial matrix eps I of the exp-concave experts", "R"},
    {"cvx", 1.0, "1", "include the convex expert (0 = ablation)", "D"},
    {"exp", 1.0, "1", "include the exp-concave experts (0 = ablation)", "D"},
    {"sc", 1.0, "1", "include the strongly convex experts (0 = ablation)", "D"},
};
#define NP (sizeof maler_params / sizeof maler_params[0])

typedef struct maler_state {
    size_t d, N;
    double G, D;
    double cvx_const;  /* (η^c G D)², the constant of c_t */
    const oco_learner_type **bt;
    void **bs;
    int *kind;
    double *eta;  /* meta learning rate of expert i */
    double *logw; /* ln π_{t,i}, normalised */
    double *w;    /* π_{t,i} */
    double *xb;   /* N×d expert decisions of the last predict */
    double *x;    /* x_t */
    double *h;    /* surrogate gradient */
    size_t bytes;
} maler_state;

static void maler_destroy(void *state)
{
    maler_state *st = state;
    if (!st)
        return;
    oco_experts_free(st->bt, st->bs, st->N);
    free(st->kind);
    free(st->eta);
    free(st);
}

static double pget(const oco_param *p, size_t np, const char *key, double dflt)
{
    double v = oco_params_get(maler_params, NP, p, np, key);
    return isnan(v) ? dflt : v;
}

/* π = exp(logw) after shifting logw to log-sum-exp 0. */
static void normalise(maler_state *st)
{
    double mx = -INFINITY, z = 0.0;
    for (size_t i = 0; i < st->N; i++)
        if (st->logw[i] > mx)
            mx = st->logw[i];
    for (size_t i = 0; i < st->N; i++)
        z += exp(st->logw[i] - mx);
    double lz = mx + log(z);
    for (size_t i = 0; i < st->N; i++) {
        st->logw[i] -= lz;
        st->w[i] = exp(st->logw[i]);
    }
}

/* The parameters with their defaults from the instance, validated: the one
 * reading shared by check and create, so that oco_learner_check rejects
 * exactly what create would (before create allocates the experts). */
typedef struct maler_conf {
    double eta_c, eta_max, pc, pe, ps, beta, eps;
    size_t k;  /* grid size */
    int on[3]; /* families included, indexed by OCO_MALER_* */
} maler_conf;

static int maler_read(const oco_learner_setup *s, const oco_param *p, size_t np, maler_conf *c)
{
    const double G = s->G, D = s->D, T = (double)s->T;
    /* k = ⌈½log₂T⌉ + 1, computed exactly: smallest j with 4^j ≥ T */
    size_t j = 0;
    while (j < 40 && ldexp(1.0, (int)(2 * j)) < T)
        j++;
    const double eta_c = pget(p, np, "eta_c", 1.0 / (2.0 * G * D * sqrt(T)));
    const double eta_max = pget(p, np, "eta_max", 1.0 / (5.0 * D * G));
    const double kv = pget(p, np, "n_eta", (double)(j + 1));
    const double pc = pget(p, np, "prior_c", 1.0 / 3.0), pe = pget(p, np, "prior_exp", 1.0 / 3.0),
                 ps = pget(p, np, "prior_sc", 1.0 / 3.0);
    const double Gs = eta_max * G * (1.0 + 2.0 * eta_max * G * D);
    const double beta = pget(p, np, "beta", 0.5 * fmin(1.0 / (4.0 * Gs * D), 1.0));
    const double eps = pget(p, np, "eps", 1.0 / (beta * beta * D * D));
    const int on[3] = {pget(p, np, "cvx", 1) != 0, pget(p, np, "exp", 1) != 0,
                       pget(p, np, "sc", 1) != 0};
    const char *bad = !(eta_c > 0)                                     ? "eta_c must be > 0"
                      : !(eta_max > 0)                                 ? "eta_max must be > 0"
                      : !(kv >= 1 && kv <= 64 && kv == floor(kv))      ? "n_eta must be an integer in [1, 64]"
                      : !(pc >= 0 && pe >= 0 && ps >= 0)               ? "prior_c, prior_exp, prior_sc must be >= 0"
                      : !(beta > 0)                                    ? "beta must be > 0"
                      : !(eps > 0)                                     ? "eps must be > 0"
                      /* the ONS experts need a finite εI; the default 1/(βD)² overflows
                       * for a tiny beta, which ONS's create would reject after the
                       * ensemble has begun allocating */
                      : !isfinite(eps)                                 ? "eps = 1/(beta D)^2 must be finite (beta too small)"
                      : !(on[0] || on[1] || on[2])                     ? "cvx = exp = sc = 0 leaves no expert"
                      : !((on[0] && pc > 0) || (on[1] && pe > 0) || (on[2] && ps > 0))
                          ? "the included experts have zero prior mass"
                          : NULL;
    if (bad)
        return oco_set_error(OCO_EINVAL, "maler: %s", bad);
    c->eta_c = eta_c;
    c->eta_max = eta_max;
    c->k = (size_t)kv;
    c->pc = pc;
    c->pe = pe;
    c->ps = ps;
    c->beta = beta;
    c->eps = eps;
    for (int f = 0; f < 3; f++)
        c->on[f] = on[f];
    return OCO_OK;
}

static int maler_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    maler_conf c;
    return maler_read(s, p, np, &c);
}

static void *maler_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    const size_t d = s->d;
    const double G = s->G, D = s->D;
    maler_conf cf = {.eta_c = 0};
    if (maler_read(s, p, np, &cf) != OCO_OK)
        return NULL;
    const double eta_c = cf.eta_c, eta_max = cf.eta_max, pc = cf.pc, pe = cf.pe, ps = cf.ps,
                 beta = cf.beta, eps = cf.eps;
    const int *on = cf.on;
    const size_t k = cf.k;
    const size_t N = (on[0] ? 1 : 0) + (on[1] ? k : 0) + (on[2] ? k : 0);
    maler_state *st = calloc(1, sizeof *st);
    if (!st) {
        oco_set_error(OCO_ENOMEM, "maler: out of memory");
        return NULL;
    }
    st->d = d;
    st->N = N;
    st->G = G;
    st->D = D;
    st->cvx_const = (eta_c * G * D) * (eta_c * G * D);
    st->bt = calloc(N, sizeof *st->bt);
    st->bs = calloc(N, sizeof *st->bs);
    st->kind = calloc(N, sizeof *st->kind);
    st->eta = calloc(3 * N + N * d + 2 * d, sizeof(double));
    if (!st->bt || !st->bs || !st->kind || !st->eta) {
        maler_destroy(st);
        oco_set_error(OCO_ENOMEM, "maler: out of memory (N = %zu, d = %zu)", N, d);
        return NULL;
    }
    st->logw = st->eta + N;
    st->w = st->logw + N;
    st->xb = st->w + N;
    st->x = st->xb + N * d;
    st->h = st->x + d;
    st->bytes = sizeof *st + N * (2 * sizeof(void *) + sizeof(int)) +
                (3 * N + N * d + 2 * d) * sizeof(double);

    const double C = 1.0 + 1.0 / (double)k; /* Σ_{i<k} C/((i+1)(i+2)) = 1 */
    size_t i = 0;
    for (int fam = OCO_MALER_CVX; fam <= OCO_MALER_SC; fam++) {
        if (!on[fam])
            continue;
        size_t cnt = fam == OCO_MALER_CVX ? 1 : k;
        for (size_t e = 0; e < cnt; e++, i++) {
            const double eta = fam == OCO_MALER_CVX ? eta_c : ldexp(eta_max, -(int)e);
            const double mass = fam == OCO_MALER_CVX ? pc
                                : fam == OCO_MALER_EXP
                                    ? pe * C / ((double)(e + 1) * (double)(e + 2))
                                    : ps * C / ((double)(e + 1) * (double)(e + 2));
            st->kind[i] = fam;
            st->eta[i] = eta;
            st->logw[i] = mass > 0 ? log(mass) : -INFINITY;
            oco_learner_setup bsu = *s;
            bsu.lambda = 0.0;
            bsu.alpha = 0.0;
            oco_param bp[2];
            size_t nb = 0;
            if (fam == OCO_MALER_CVX) {
                /* ∇c_t = η^c g_t, ‖∇c_t‖ ≤ η^c G: OGD's D/(G'√t) with G' = η^c G
                 * is the step D/(η^c G √t) of the convex expert */
                bsu.G = eta * G;
                st->bt[i] = oco_learner_ogd;
            } else if (fam == OCO_MALER_EXP) {
                bsu.G = eta * G * (1.0 + 2.0 * eta * G * D); /* ≤ G_s */
                bp[0] = (oco_param){"beta", beta};
                bp[1] = (oco_param){"eps", eps};
                nb = 2;
                st->bt[i] = oco_learner_ons;
            } else {
                /* ℓ^η is 2η²G²-strongly convex: OGD's 1/(λt) step */
                bsu.G = eta * G * (1.0 + 2.0 * eta * G * D);
                bp[0] = (oco_param){"lambda", 2.0 * eta * eta * G * G};
                nb = 1;
                st->bt[i] = oco_learner_ogd;
            }
            st->bs[i] = st->bt[i]->create(&bsu, bp, nb);
            if (!st->bs[i]) {
                maler_destroy(st);
                return NULL;
            }
            if (st->bt[i]->memory)
                st->bytes += st->bt[i]->memory(st->bs[i]);
        }
    }
    /* the prior normalised over the included experts [D: an ablation
     * renormalises; with the defaults the masses already sum to 1] */
    normalise(st);
    return st;
}

static int maler_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    maler_state *st = state;
    const size_t d = st->d, N = st->N;
    double z = 0.0;
    memset(st->x, 0, d * sizeof(double));
    int rc = oco_experts_predict(st->bt, st->bs, N, d, st->xb);
    if (rc != OCO_OK)
        return rc;
    for (size_t i = 0; i < N; i++) {
        const double a = st->w[i] * st->eta[i]; /* tilted by η */
        z += a;
        oco_axpy(a, st->xb + i * d, st->x, d);
    }
    oco_scal(1.0 / z, st->x, d);
    memcpy(x, st->x, d * sizeof(double));
    return OCO_OK;
}

static int maler_update(void *state, const double *g, double value)
{
    (void)value;
    maler_state *st = state;
    const size_t d = st->d, N = st->N;
    const double gx = oco_dot(g, st->x, d), G2 = st->G * st->G;
    /* meta: π_{t+1,i} ∝ π_{t,i} exp(−ℓ_{t,i}(x_{t,i})) */
    for (size_t i = 0; i < N; i++) {
        const double *xi = st->xb + i * d, eta = st->eta[i];
        const double r = gx - oco_dot(g, xi, d); /* ⟨g_t, x_t − x_{t,i}⟩ */
        double loss = -eta * r;
        if (st->kind[i] == OCO_MALER_CVX) {
            loss += st->cvx_const;
        } else if (st->kind[i] == OCO_MALER_EXP) {
            loss += eta * eta * r * r;
        } else {
            double q = 0.0;
            for (size_t j = 0; j < d; j++) {
                double dj = st->x[j] - xi[j];
                q += dj * dj;
            }
            loss += eta * eta * G2 * q;
        }
        st->logw[i] -= loss;
    }
    normalise(st);
    /* experts: one step on the gradient of their own surrogate at x_{t,i} */
    for (size_t i = 0; i < N; i++) {
        const double *xi = st->xb + i * d, eta = st->eta[i];
        if (st->kind[i] == OCO_MALER_CVX) { /* ∇c = η^c g */
            for (size_t j = 0; j < d; j++)
                st->h[j] = eta * g[j];
        } else if (st->kind[i] == OCO_MALER_EXP) { /* ∇s^η = η(1 − 2η r) g */
            const double r = gx - oco_dot(g, xi, d);
            const double f = eta * (1.0 - 2.0 * eta * r);
            for (size_t j = 0; j < d; j++)
                st->h[j] = f * g[j];
        } else { /* ∇ℓ^η = η g + 2η²G²(x − x_t) */
            const double c = 2.0 * eta * eta * G2;
            for (size_t j = 0; j < d; j++)
                st->h[j] = eta * g[j] + c * (xi[j] - st->x[j]);
        }
        int rc = st->bt[i]->update(st->bs[i], st->h, NAN);
        if (rc != OCO_OK)
            return rc;
    }
    return OCO_OK;
}

static size_t maler_memory(const void *state) { return ((const maler_state *)state)->bytes; }

/* Checkpoint: the block of arrays (η — constant —, ln π, π, x_{t,i}, x_t,
 * the surrogate gradient), then every expert. */
static size_t maler_block(const maler_state *st) { return 3 * st->N + st->N * st->d + 2 * st->d; }

static int maler_save(const void *state, oco_state_writer *w)
{
    const maler_state *st = state;
    oco_state_put_size(w, st->N);
    oco_state_put_size(w, st->d);
    oco_state_put_f64v(w, st->eta, maler_block(st));
    int rc = OCO_OK;
    for (size_t i = 0; rc == OCO_OK && i < st->N; i++)
        rc = st->bt[i]->save(st->bs[i], w);
    return rc;
}

static int maler_restore(void *state, oco_state_reader *r)
{
    maler_state *st = state;
    int rc = oco_state_expect_size(r, st->N, "maler experts");
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, st->d, "maler dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->eta, maler_block(st));
    for (size_t i = 0; rc == OCO_OK && i < st->N; i++)
        rc = st->bt[i]->restore(st->bs[i], r);
    return rc;
}

size_t oco__maler_count(const void *state) { return ((const maler_state *)state)->N; }
const double *oco__maler_weights(const void *state) { return ((const maler_state *)state)->w; }
double oco__maler_eta(const void *state, size_t i) { return ((const maler_state *)state)->eta[i]; }
int oco__maler_kind(const void *state, size_t i) { return ((const maler_state *)state)->kind[i]; }
const double *oco__maler_expert_x(const void *state) { return ((const maler_state *)state)->xb; }

const oco_learner_type oco__learner_maler = {
    .info =
        {
            .name = "maler",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "Maler: two-layer universal method (OGD convex, ONS exp-concave, OGD strongly "
                       "convex experts on surrogates; tilted exponential weights), one gradient per "
                       "round, no gradient-variation adaptivity",
            .source = "Wang, Lu, Zhang, UAI 2019 (PMLR 115:659-668, arXiv 1905.05917), Algorithm 1 and "
                      "the three expert algorithms, with their surrogate losses",
            .derived = "grid 2^-i/(5DG), eta_c = 1/(2GD sqrt T), priors 1/3 and C/(3(i+1)(i+2)), ONS "
                       "beta/eps and OGD steps recalled from the paper [R] (paper text not available "
                       "here); G_s = eta G (1 + 2 eta G D) generalises 7/(25D); x_1 = domain centre [D]",
            .params = maler_params,
            .nparams = NP,
            .flags = 0,
        },
    .domains = (1u << OCO_DOMAIN_BALL) | (1u << OCO_DOMAIN_BOX) | (1u << OCO_DOMAIN_SIMPLEX),
    .check = maler_check,
    .create = maler_create,
    /* No in-place restart: the exp-concave experts are ONS learners, which
     * have no reset entry, so restarting them means recreating them
     * (allocation) — the wrapper's recreate path already does that for the
     * whole ensemble, with a fresh learner's decisions. A point x would also
     * need a meaning for every expert at once (each expert's x_1 = x). */
    .reset = NULL,
    .predict = maler_predict,
    .update = maler_update,
    .update_oracle = NULL,
    .memory = maler_memory,
    .destroy = maler_destroy,
    .save = maler_save,
    .restore = maler_restore,
};
