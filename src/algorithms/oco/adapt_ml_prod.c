/* Proposition 1 of seed 004 (universal.md §9): a two-layer universal method
 * with ONE gradient per round and worst-case rates O(log T), O(d log T),
 * O(√T): non-optimistic bases on the surrogates of §8 and an Adapt-ML-Prod
 * meta learner (Gaillard, Stoltz, van Erven 2014) on the linearised losses.
 *
 * Bases (§9.1), one per curvature in the pool H of §2 plus one convex:
 *   strongly convex: OGD on h^sc_{t,i}, η_t = 1/(λ_i t)      ("ogd", setup.lambda)
 *   exp-concave:     ONS on h^exp_{t,i}, β = ½min{1/(4G_exp D), α_i},
 *                    ε = 1/(β²D²)                             ("ons", setup.alpha)
 *   convex:          OGD on g_t, η_t = D/(G√t)                ("ogd")
 * Meta: Adapt-ML-Prod on ℓ̃_{t,i} = ½ + ⟨g_t, x_{t,i} − x_t⟩/(2GD) ∈ [0, 1]
 * [D: the affine map of §9.1], x_t = Σ_i p_{t,i} x_{t,i}.
 *
 * Version: Gaillard et al.'s (weights multiplied by η before normalising,
 * w_0 = 1, η ≤ ½ so 1 + ηr > 0), not opera's variant (universal.md §9.2
 * item 5: "pick one version and document it"). */
#include "algorithms/oco/adapt_ml_prod.h"
#include "algorithms/oco/bases.h"
#include "algorithms/oco/experts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/registry.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/universal.h" /* OCO_BASE_* */

/* ---- the meta learner ---------------------------------------------------- */
struct oco_amlp {
    size_t n;
    double lnN;
    double *R;    /* ln w_{t} */
    double *eta;  /* η_t */
    double *sr2;  /* Σ r² */
    double *p;    /* p_t */
    double *tmp;  /* scratch */
    int predicted;
};

oco_amlp *oco__amlp_new(size_t n)
{
    if (n == 0) {
        oco_set_error(OCO_EINVAL, "adapt-ml-prod: n must be >= 1");
        return NULL;
    }
    oco_amlp *a = calloc(1, sizeof *a);
    double *buf = calloc(5 * n, sizeof(double));
    if (!a || !buf) {
        free(a);
        free(buf);
        oco_set_error(OCO_ENOMEM, "adapt-ml-prod: out of memory");
        return NULL;
    }
    a->n = n;
    /* ln N = 0 for one expert would freeze η at 0: the weight is 1 anyway */
    a->lnN = log((double)n);
    a->R = buf;
    a->eta = buf + n;
    a->sr2 = buf + 2 * n;
    a->p = buf + 3 * n;
    a->tmp = buf + 4 * n;
    for (size_t i = 0; i < n; i++) /* step 2 with Σr² = 0 */
        a->eta[i] = fmin(0.5, sqrt(a->lnN));
    return a;
}

void oco__amlp_free(oco_amlp *a)
{
    if (!a)
        return;
    free(a->R);
    free(a);
}

void oco__amlp_predict(oco_amlp *a, double *p)
{
    const size_t n = a->n;
    /* step 3: p_{t,i} ∝ η_{t−1,i} w_{t−1,i}, in logs */
    double mx = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = (a->eta[i] > 0 ? log(a->eta[i]) : -INFINITY) + a->R[i];
        a->tmp[i] = v;
        if (v > mx)
            mx = v;
    }
    double z = 0.0;
    for (size_t i = 0; i < n; i++) {
        /* n == 1 has η = 0: weight 1 */
        a->p[i] = isinf(mx) ? 1.0 : exp(a->tmp[i] - mx);
        z += a->p[i];
    }
    for (size_t i = 0; i < n; i++)
        a->p[i] /= z;
    if (p)
        memcpy(p, a->p, n * sizeof(double));
    a->predicted = 1;
}

int oco__amlp_update(oco_amlp *a, const double *loss)
{
    const size_t n = a->n;
    for (size_t i = 0; i < n; i++)
        if (!(loss[i] >= 0.0 && loss[i] <= 1.0))
            return oco_set_error(OCO_EINVAL, "adapt-ml-prod: loss[%zu] = %g not in [0, 1]", i,
                                 loss[i]);
    if (!a->predicted)
        oco__amlp_predict(a, NULL);
    double pl = 0.0;
    for (size_t i = 0; i < n; i++)
        pl += a->p[i] * loss[i];
    for (size_t i = 0; i < n; i++) {
        double r = pl - loss[i]; /* step 4 */
        double eo = a->eta[i];
        a->sr2[i] += r * r;
        double en = fmin(0.5, sqrt(a->lnN / (1.0 + a->sr2[i]))); /* step 2 for t */
        /* step 5: R_t = (η_t/η_{t−1})(R_{t−1} + ln(1 + η_{t−1} r_t)) */
        if (eo > 0)
            a->R[i] = (en / eo) * (a->R[i] + log1p(eo * r));
        a->eta[i] = en;
    }
    a->predicted = 0;
    return OCO_OK;
}

/* Checkpoint of the meta learner: ln w, η, Σr², p_t (tmp is scratch) and the
 * predict flag. */
static void amlp_meta_save(const oco_amlp *a, oco_state_writer *w)
{
    oco_state_put_size(w, a->n);
    oco_state_put_f64v(w, a->R, 4 * a->n); /* R, eta, sr2, p: one block */
    oco_state_put_int(w, a->predicted);
}

static int amlp_meta_restore(oco_amlp *a, oco_state_reader *r)
{
    int rc = oco_state_expect_size(r, a->n, "adapt-ml-prod experts");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, a->R, 4 * a->n);
    return rc == OCO_OK ? oco_state_get_int(r, &a->predicted) : rc;
}

const double *oco__amlp_weights(const oco_amlp *a) { return a->p; }
const double *oco__amlp_log_w(const oco_amlp *a) { return a->R; }
const double *oco__amlp_eta(const oco_amlp *a) { return a->eta; }

/* ---- the two-layer learner ------------------------------------------------ */
static const oco_param_spec amlp_params[] = {
    {"H", NAN, "ceil(log2 T) + 1", "curvature pool size, the largest of min(2^j/T, 1) (§2)", "D"},
    {"sc", 1.0, "1", "include the strongly convex OGD bases", "D"},
    {"exp", 1.0, "1", "include the exp-concave ONS bases", "D"},
    {"cvx", 1.0, "1", "include the convex OGD base", "D"},
};
#define NP (sizeof amlp_params / sizeof amlp_params[0])

typedef struct amlp_state {
    size_t d, N;
    double G, D;
    oco_amlp *meta;
    const oco_learner_type **bt;
    void **bs;
    int *kind;
    double *curv;
    double *xb;  /* N×d */
    double *x;   /* x_t */
    double *h;   /* surrogate gradient */
    double *l;   /* meta losses */
    double *pw;  /* p_t */
    size_t bytes;
} amlp_state;

static void amlp_destroy(void *state)
{
    amlp_state *st = state;
    if (!st)
        return;
    oco_experts_free(st->bt, st->bs, st->N);
    oco__amlp_free(st->meta);
    free(st->kind);
    free(st->curv);
    free(st->xb);
    free(st);
}

static double pget(const oco_param *p, size_t np, const char *key, double dflt)
{
    double v = oco_params_get(amlp_params, NP, p, np, key);
    return isnan(v) ? dflt : v;
}

/* The pool's size (H per family) and families, validated: one reading for
 * check and create. */
typedef struct amlp_conf {
    size_t H, N;
    int fam_on[3];
} amlp_conf;

static int amlp_read(const oco_learner_setup *s, const oco_param *p, size_t np, amlp_conf *c)
{
    const size_t J = oco__ceil_log2(s->T) + 1;
    double hv = pget(p, np, "H", (double)J);
    if (!(hv >= 1 && hv <= (double)J && hv == floor(hv)))
        return oco_set_error(OCO_EINVAL, "adapt-ml-prod: H = %g must be an integer in [1, %zu]",
                             hv, J);
    c->H = (size_t)hv;
    c->fam_on[OCO_BASE_SC] = pget(p, np, "sc", 1) != 0;
    c->fam_on[OCO_BASE_EXP] = pget(p, np, "exp", 1) != 0;
    c->fam_on[OCO_BASE_CVX] = pget(p, np, "cvx", 1) != 0;
    c->N = (c->fam_on[OCO_BASE_SC] ? c->H : 0) + (c->fam_on[OCO_BASE_EXP] ? c->H : 0) +
           (c->fam_on[OCO_BASE_CVX] ? 1 : 0);
    if (c->N == 0)
        return oco_set_error(OCO_EINVAL,
                             "adapt-ml-prod: sc = exp = cvx = 0 leaves no base learner");
    return OCO_OK;
}

static int amlp_check(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    amlp_conf c;
    return amlp_read(s, p, np, &c);
}

static void *amlp_create(const oco_learner_setup *s, const oco_param *p, size_t np)
{
    const size_t d = s->d;
    amlp_conf c;
    if (amlp_read(s, p, np, &c) != OCO_OK)
        return NULL;
    const size_t H = c.H, N = c.N;
    const int *fam_on = c.fam_on;
    amlp_state *st = calloc(1, sizeof *st);
    if (!st) {
        oco_set_error(OCO_ENOMEM, "adapt-ml-prod: out of memory");
        return NULL;
    }
    st->d = d;
    st->N = N;
    st->G = s->G;
    st->D = s->D;
    st->bt = calloc(N, sizeof *st->bt);
    st->bs = calloc(N, sizeof *st->bs);
    st->kind = calloc(N, sizeof *st->kind);
    st->curv = calloc(N, sizeof *st->curv);
    st->xb = calloc(N * d + 3 * d + 2 * N, sizeof(double));
    st->meta = oco__amlp_new(N);
    if (!st->bt || !st->bs || !st->kind || !st->curv || !st->xb || !st->meta) {
        amlp_destroy(st);
        oco_set_error(OCO_ENOMEM, "adapt-ml-prod: out of memory");
        return NULL;
    }
    st->x = st->xb + N * d;
    st->h = st->x + d;
    st->l = st->h + d;
    st->pw = st->l + N;
    st->bytes = sizeof *st + N * (2 * sizeof(void *) + sizeof(int) + 6 * sizeof(double)) +
                (N * d + 3 * d + 2 * N) * sizeof(double);
    /* §2 pool and §9.1 bases: OGD on h^sc (η_t = 1/(λ_i t)), ONS on h^exp,
     * OGD on g_t; every base sees a surrogate, so its G is the surrogate's */
    oco__pool_fill(s->T, H, fam_on, st->kind, st->curv);
    for (size_t i = 0; i < N; i++) {
        oco_learner_setup bsu;
        oco__base_setup(s, st->kind[i], st->curv[i], 1, &bsu);
        st->bt[i] = st->kind[i] == OCO_BASE_EXP ? oco_learner_ons : oco_learner_ogd;
        st->bs[i] = st->bt[i]->create(&bsu, NULL, 0);
        if (!st->bs[i]) {
            amlp_destroy(st);
            return NULL;
        }
        if (st->bt[i]->memory)
            st->bytes += st->bt[i]->memory(st->bs[i]);
    }
    return st;
}

static int amlp_predict(void *state, const double *hint, double *x)
{
    (void)hint;
    amlp_state *st = state;
    const size_t d = st->d, N = st->N;
    int rc = oco_experts_predict(st->bt, st->bs, N, d, st->xb);
    if (rc != OCO_OK)
        return rc;
    oco__amlp_predict(st->meta, st->pw);
    memset(st->x, 0, d * sizeof(double));
    for (size_t i = 0; i < N; i++)
        oco_axpy(st->pw[i], st->xb + i * d, st->x, d);
    memcpy(x, st->x, d * sizeof(double));
    return OCO_OK;
}

static int amlp_update(void *state, const double *g, double value)
{
    (void)value;
    amlp_state *st = state;
    const size_t d = st->d, N = st->N;
    const double gx = oco_dot(g, st->x, d), sc = 1.0 / (2.0 * st->G * st->D);
    for (size_t i = 0; i < N; i++) {
        double v = 0.5 + (oco_dot(g, st->xb + i * d, d) - gx) * sc;
        /* in [0, 1] when ‖g‖ ≤ G; clip a misspecified G instead of failing */
        st->l[i] = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
    }
    int rc = oco__amlp_update(st->meta, st->l);
    if (rc != OCO_OK)
        return rc;
    for (size_t i = 0; i < N; i++) {
        const double *xi = st->xb + i * d;
        const double gdiff = st->kind[i] == OCO_BASE_EXP ? oco_dot(g, xi, d) - gx : 0.0;
        oco__surrogate_grad(st->kind[i], st->curv[i], g, xi, st->x, gdiff, d, st->h);
        rc = st->bt[i]->update(st->bs[i], st->h, NAN);
        if (rc != OCO_OK)
            return rc;
    }
    return OCO_OK;
}

static size_t amlp_memory(const void *state) { return ((const amlp_state *)state)->bytes; }

/* Checkpoint: the block of per-round arrays (x_{t,i}, x_t, the surrogate
 * gradient, the meta losses, p_t), the meta learner, then every base. */
static size_t amlp_block(const amlp_state *st) { return st->N * st->d + 3 * st->d + 2 * st->N; }

static int amlp_save(const void *state, oco_state_writer *w)
{
    const amlp_state *st = state;
    oco_state_put_size(w, st->N);
    oco_state_put_size(w, st->d);
    oco_state_put_f64v(w, st->xb, amlp_block(st));
    amlp_meta_save(st->meta, w);
    int rc = OCO_OK;
    for (size_t i = 0; rc == OCO_OK && i < st->N; i++)
        rc = st->bt[i]->save(st->bs[i], w);
    return rc;
}

static int amlp_restore(void *state, oco_state_reader *r)
{
    amlp_state *st = state;
    int rc = oco_state_expect_size(r, st->N, "adapt-ml-prod bases");
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, st->d, "adapt-ml-prod dimension");
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, st->xb, amlp_block(st));
    if (rc == OCO_OK)
        rc = amlp_meta_restore(st->meta, r);
    for (size_t i = 0; rc == OCO_OK && i < st->N; i++)
        rc = st->bt[i]->restore(st->bs[i], r);
    return rc;
}

const oco_learner_type oco__learner_adapt_ml_prod = {
    .info =
        {
            .name = "adapt-ml-prod",
            .protocol = OCO_PROTOCOL_OCO,
            .summary = "two-layer universal method: OGD/ONS bases on surrogates, Adapt-ML-Prod meta, "
                       "one gradient per round (worst-case rates)",
            .source = "Yan, Zhao, Zhou, NeurIPS 2023 (seed 004), Proposition 1; Gaillard, Stoltz, van "
                      "Erven, COLT 2014 (universal.md §9)",
            .derived = "meta losses 1/2 + <g, x_i - x>/(2GD); Gaillard's version with w_0 = 1; "
                       "OGD steps 1/(lambda t), D/(G sqrt t) [D]",
            .params = amlp_params,
            .nparams = NP,
            .flags = 0,
        },
    .domains = 0,
    .check = amlp_check,
    .create = amlp_create,
    .reset = NULL,
    .predict = amlp_predict,
    .update = amlp_update,
    .update_oracle = NULL,
    .memory = amlp_memory,
    .destroy = amlp_destroy,
    .save = amlp_save,
    .restore = amlp_restore,
};
