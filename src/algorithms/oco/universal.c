/* The universal ensemble of seed 004 (Algorithm 1), flattened as in
 * universal.md §5: shared optimistic bases → K MsMwC-Mid → MsMwC-Top.
 *
 * Everything the rounds touch is allocated in oco_universal_new; predict and
 * update allocate nothing (the bases promise the same, include/oco/learner.h).
 *
 * The meta losses are used in their shifted form ℓ′ = ℓ − ⟨g_t, x_t⟩,
 * m′ = m − ⟨g_t, x_t⟩ (§6.1): the common term is unknown when p_t is played
 * but drops out of every MsMwC update (shift invariance, §4.2), so
 *   mid  m′_{t,k,i} = (−r_{t−1,i} + λ2‖x_{t,i} − x_{t−1,i}‖²)/S
 *        ℓ′_{t,k,i} = (−r_{t,i}   + λ2‖x_{t,i} − x_{t−1,i}‖²)/S
 *   top  m′_{t,k} = (−Σ_i p_{t,k,i} r_{t−1,i} + λ1‖x_{t,k} − x_{t−1,k}‖²)/S
 *        ℓ′_{t,k} = (−Σ_i p_{t,k,i} r_{t,i}   + λ1‖x_{t,k} − x_{t−1,k}‖²)/S
 * with r_{t,i} = ⟨g_t, x_t − x_{t,i}⟩ (seed 004 eqs. (3.3)–(3.4), Lemma 1's
 * optimism m̂_{t,i} = ⟨g_t,x_t⟩ − r_{t−1,i}), and one scale S for both layers
 * so that Lemma 3's identity survives the scaling (§6.3). S is the fixed
 * GD + λ2D² of §6.3, or (practical preset) the adaptive S_t of adapt_scale(). */
#include "oco/universal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/oco/bases.h"
#include "algorithms/oco/experts.h"
#include "algorithms/registry.h"
#include "algorithms/oco/universal_priv.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/msmwc.h"

const oco_param_spec oco__universal_param_table[OCO_UNIVERSAL_NPARAMS] = {
    {"preset", 0.0, "0", "0 practical (§7.3), 1 theory (§7.1-7.2 exact), 2 scaled (§7.1 relations)",
     "D"},
    {"C0", NAN, "32 (practical); theory: the §7.1-7.2 minimum; scaled: max(32, 8 lambda1 D^2)",
     "meta step sizes eta_k = 1/(C0 2^k) (Lemma 2 needs C0 >= 32)", "D"},
    {"lambda1", NAN, "max(L, 1) (practical, scaled); theory: the §7.1-7.2 minimum",
     "top correction coefficient (eq. 3.3); overriding it re-derives lambda2, C0 and the "
     "gammas of the preset from it (theory: below the minimum the analysis no longer applies)",
     "D"},
    {"lambda2", NAN, "2*lambda1",
     "mid correction coefficient (eq. 3.4; §7.1 needs lambda2 >= 2 lambda1); overriding it "
     "re-derives C0 and the gammas",
     "D"},
    {"gamma_c", NAN, "max(8G^2, lambda2) (practical); theory, scaled: 4 lambda2 + 8G^2",
     "gamma of the convex base (Lemma 10)", "D"},
    {"gamma_sc", NAN, "max(8G^2, lambda2) (practical); theory, scaled: 8 lambda2 + 512(G+D)^2",
     "gamma of the strongly convex bases (Lemma 12)", "D"},
    {"gamma_exp", NAN,
     "max(8G^2, lambda2) (practical); theory, scaled: 4 lambda2 + 8G^2 (§7.1 corrected rule)",
     "gamma of the exp-concave bases (Lemma 11)", "D"},
    {"seed_gamma_exp", 0.0, "0",
     "1: theory preset uses the seed's gamma_exp = 8G^2+lambda2 (insufficient, §7.1); the "
     "default 0 uses the corrected 4 lambda2 + 8G^2",
     "D"},
    {"S", NAN, "G*D + lambda2*D^2", "scale of the meta losses into [-1, 1] (§6.3)", "D"},
    {"L", NAN, "setup.L, or 1 if unknown", "smoothness used by the constants (A2)", "D"},
    {"K", NAN, "ceil(log2 T) + 1", "number of MsMwC-Mid layers (§2)", "D"},
    {"H", NAN, "ceil(log2 T) + 1", "curvature pool size, the largest of min(2^j/T, 1) (§2)", "D"},
    {"bias", 16.0, "16", "MsMwC correction a = bias*eta*(l-m)^2 (seed 004 B.2)", "S"},
    {"share", 1.0, "1", "1: N shared bases (§0); 0: the paper's K*N bases", "D"},
    {"clamp", 1.0, "1", "clip scaled meta losses to [-1, 1] (§6.3)", "D"},
    {"adaptive_scale", NAN, "1 (practical), 0 (theory, scaled)",
     "1: S_t = largest |raw meta loss| so far (scale-free, clips at records), capped by S",
     "D"},
    {"sc", 1.0, "1", "include the strongly convex bases", "D"},
    {"exp", 1.0, "1", "include the exp-concave bases", "D"},
    {"cvx", 1.0, "1", "include the convex base", "D"},
};

_Static_assert(sizeof oco__universal_param_table / sizeof oco__universal_param_table[0] ==
                   OCO_UNIVERSAL_NPARAMS,
               "OCO_UNIVERSAL_NPARAMS out of date");

const oco_param_spec *oco_universal_param_specs(size_t *n)
{
    if (n)
        *n = OCO_UNIVERSAL_NPARAMS;
    return oco__universal_param_table;
}

struct oco_universal {
    oco_universal_info info;
    oco_universal_diag diag;
    oco_learner_setup setup;
    int *kind;                      /* N: OCO_BASE_* */
    double *curv;                   /* N: λ_i or α_i */
    const oco_learner_type **btype; /* nbases */
    void **bstate;                  /* nbases */
    double *eta;                    /* K: η_k */
    oco_msmwc *top;
    oco_msmwc **mid; /* K MsMwC objects (unshared mode only) */
    /* Shared mode [D]: all K mids see the same N losses and optimisms and
     * differ only in their step e_k = 2η_k, so each is the closed form of an
     * equal-step MsMwC, ln p̂_{t,k,i} = −e_k A_i − bias·e_k² B_i + const with
     * A_i = Σ_{s<t} ℓ′_{s,i}, B_i = Σ_{s<t} (ℓ′_{s,i} − m′_{s,i})² (§4.2: equal
     * steps are Hedge), and p_{t,k} ∝ p̂_{t,k} e^{−e_k m′_t}. Same iterates as
     * K MsMwC objects (to rounding; test_universal checks it against the
     * unshared mode) with half the exponentials. */
    double *cumA, *cumB, *pmid; /* N, N, K×N */
    double *xb, *xb_prev, *dx2b; /* nbases×d, nbases×d, nbases */
    double *xm, *xm_prev, *dx2m; /* K×d, K×d, K */
    double *r, *r_prev;          /* nbases */
    double *mm, *lm;             /* K×N (shared: row 0): scaled mid optimisms, losses */
    double *mt, *lt;             /* K: scaled top optimisms and losses */
    double *x, *g, *hg;          /* d */
    double *gb;                  /* nbases×d: base gradients (multigrad only) */
    size_t t;                    /* completed rounds */
    int predicted;
    int clipped;                 /* a value of this round was clipped */
    double S;                    /* scale of this round (c.S unless adaptive) */
    double S_hist;               /* largest |raw meta value| so far (adaptive) */
    size_t nblk;                 /* doubles in the block that eta heads */
    size_t bytes;
};

/* Bytes of one oco_msmwc over n experts (see oco_msmwc_new: a struct of
 * about 16 words and one block of 10n doubles). */
#define MSMWC_BYTES(n) (16 * sizeof(double) + 10 * (size_t)(n) * sizeof(double))

static size_t bidx(const oco_universal *u, size_t k, size_t i)
{
    return u->info.shared ? i : k * u->info.N + i;
}

/* Scale by 1/S_t, record the range (§12.2 item 4) and clip if asked. */
static double scaled(oco_universal *u, double v)
{
    if (u->info.adaptive_scale && fabs(v) > u->S_hist)
        u->S_hist = fabs(v) < u->info.c.S ? fabs(v) : u->info.c.S;
    v /= u->S;
    double a = fabs(v);
    if (a > u->diag.max_abs_scaled)
        u->diag.max_abs_scaled = a;
    if (u->info.clamp && a > 1.0) {
        u->diag.clamps++;
        u->clipped = 1;
        v = v > 0 ? 1.0 : -1.0;
    }
    return v;
}

static double dist2(const double *a, const double *b, size_t d)
{
    double s = 0.0;
    for (size_t j = 0; j < d; j++) {
        double e = a[j] - b[j];
        s += e * e;
    }
    return s;
}

static int param_or(const oco_param *p, size_t np, const char *key, double dflt, double *out)
{
    size_t ns;
    const oco_param_spec *spec = oco_universal_param_specs(&ns);
    double v = oco_params_get(spec, ns, p, np, key);
    *out = isnan(v) ? dflt : v;
    return OCO_OK;
}

static int validate_setup(const oco_learner_setup *in, oco_learner_setup *out, const char *nm)
{
    if (!in)
        return oco_set_error(OCO_EINVAL, "%s: setup is NULL", nm);
    *out = *in;
    if (in->d == 0)
        return oco_set_error(OCO_EINVAL, "%s: setup.d must be > 0", nm);
    if (!in->domain || oco_domain_dim(in->domain) != in->d)
        return oco_set_error(OCO_EINVAL, "%s: setup.domain missing or not of dimension %zu", nm,
                             in->d);
    if (in->T == 0)
        return oco_set_error(OCO_EINVAL, "%s: needs the horizon: setup.T must be > 0", nm);
    if (!(isfinite(in->G) && in->G > 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.G must be finite and > 0 (got %g)", nm,
                             in->G);
    if (!(isfinite(in->D) && in->D >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.D must be finite and >= 0", nm);
    if (in->D == 0) {
        double D = oco_domain_diameter(in->domain);
        if (!(isfinite(D) && D > 0))
            return oco_set_error(OCO_EINVAL, "%s: setup.domain must be bounded (diameter %g)",
                                 nm, D);
        out->D = D;
    }
    if (!(isfinite(in->L) && in->L >= 0))
        return oco_set_error(OCO_EINVAL, "%s: setup.L must be finite and >= 0", nm);
    return OCO_OK;
}

/* Read the parameters into u->info (constants of the preset, overrides). */
static int read_params(oco_universal *u, const oco_param *p, size_t np, const char *nm)
{
    size_t ns;
    const oco_param_spec *spec = oco_universal_param_specs(&ns);
    int rc = oco_params_check(spec, ns, p, np, nm);
    if (rc != OCO_OK)
        return rc;
    oco_universal_info *in = &u->info;
    double v;
    param_or(p, np, "preset", 0.0, &v);
    if (!(v == 0.0 || v == 1.0 || v == 2.0))
        return oco_set_error(OCO_EINVAL, "%s: preset = %g (0 practical, 1 theory, 2 scaled)", nm,
                             v);
    in->preset = (int)v;
    param_or(p, np, "L", u->setup.L > 0 ? u->setup.L : 1.0, &in->L);
    if (!(in->L >= 0))
        return oco_set_error(OCO_EINVAL, "%s: L = %g must be >= 0", nm, in->L);
    double seedrule;
    param_or(p, np, "seed_gamma_exp", 0.0, &seedrule);
    rc = oco_universal_constants(in->preset, in->G, in->D, in->L, seedrule != 0.0, &in->c);
    if (rc != OCO_OK)
        return rc;
    oco_universal_consts *c = &in->c;
    /* An overridden λ1 or λ2 re-derives the preset's other constants from it
     * (§7.1: λ2 = 2λ1 unless given; C0 and the γ's from λ1, λ2); constants
     * given explicitly below still win. */
    double l1, l2;
    param_or(p, np, "lambda1", c->lambda1, &l1);
    param_or(p, np, "lambda2", 2.0 * l1, &l2);
    if (l1 != c->lambda1 || l2 != c->lambda2) {
        rc = oco__universal_constants_at(in->preset, in->G, in->D, in->L, seedrule != 0.0, l1,
                                         l2, c);
        if (rc != OCO_OK)
            return oco_set_error(rc, "%s: lambda1 = %g, lambda2 = %g must be finite and >= 0",
                                 nm, l1, l2);
    }
    param_or(p, np, "C0", c->C0, &c->C0);
    param_or(p, np, "gamma_c", c->gamma_c, &c->gamma_c);
    param_or(p, np, "gamma_sc", c->gamma_sc, &c->gamma_sc);
    param_or(p, np, "gamma_exp", c->gamma_exp, &c->gamma_exp);
    param_or(p, np, "S", in->G * in->D + c->lambda2 * in->D * in->D, &c->S);
    if (!(c->C0 > 0))
        return oco_set_error(OCO_EINVAL, "%s: C0 = %g must be > 0", nm, c->C0);
    if (!(c->lambda1 >= 0 && c->lambda2 >= 0))
        return oco_set_error(OCO_EINVAL, "%s: lambda1, lambda2 must be >= 0", nm);
    if (!(c->gamma_c >= 0 && c->gamma_sc >= 0 && c->gamma_exp >= 0))
        return oco_set_error(OCO_EINVAL, "%s: gamma_c, gamma_sc, gamma_exp must be >= 0", nm);
    if (!(c->S > 0))
        return oco_set_error(OCO_EINVAL, "%s: S = %g must be > 0", nm, c->S);
    size_t J = oco__ceil_log2(in->T) + 1;
    param_or(p, np, "K", (double)J, &v);
    if (!(v >= 1 && v <= 64 && v == floor(v)))
        return oco_set_error(OCO_EINVAL, "%s: K = %g must be an integer in [1, 64]", nm, v);
    in->K = (size_t)v;
    param_or(p, np, "H", (double)J, &v);
    if (!(v >= 1 && v <= (double)J && v == floor(v)))
        return oco_set_error(OCO_EINVAL, "%s: H = %g must be an integer in [1, %zu]", nm, v, J);
    in->H = (size_t)v;
    param_or(p, np, "bias", 16.0, &in->bias);
    if (!(in->bias >= 0))
        return oco_set_error(OCO_EINVAL, "%s: bias = %g must be >= 0", nm, in->bias);
    param_or(p, np, "share", 1.0, &v);
    in->shared = v != 0.0;
    param_or(p, np, "clamp", 1.0, &v);
    in->clamp = v != 0.0;
    param_or(p, np, "adaptive_scale", in->preset == OCO_UNIVERSAL_PRACTICAL ? 1.0 : 0.0, &v);
    in->adaptive_scale = v != 0.0;
    return OCO_OK;
}

static int make_bases(oco_universal *u, const oco_param *p, size_t np, const char *nm)
{
    oco_universal_info *in = &u->info;
    double fsc, fexp, fcvx;
    param_or(p, np, "sc", 1.0, &fsc);
    param_or(p, np, "exp", 1.0, &fexp);
    param_or(p, np, "cvx", 1.0, &fcvx);
    const int on[3] = {fsc != 0.0, fexp != 0.0, fcvx != 0.0};
    /* §2: the curvature pool, one base per value and family, plus the convex one */
    size_t N = oco__pool_fill(in->T, in->H, on, u->kind, u->curv);
    if (N == 0)
        return oco_set_error(OCO_EINVAL, "%s: sc = exp = cvx = 0 leaves no base learner", nm);
    in->N = N;
    in->nbases = in->shared ? N : in->K * N;
    /* universal.md §3: optimistic OGD (Lemmas 10, 12) and optimistic ONS
     * (Lemma 11), helper "learners" (oomd.c, ons.c) */
    const oco_learner_type *ogd = oco_learner_optimistic_ogd;
    const oco_learner_type *ons = oco_learner_optimistic_ons;
    for (size_t b = 0; b < in->nbases; b++) {
        size_t i = b % N;
        oco_learner_setup s;
        /* §8: the one-gradient bases see the surrogates (their G grows); the
         * multi-gradient bases see ∇f_t */
        oco__base_setup(&u->setup, u->kind[i], u->curv[i], !in->multigrad, &s);
        oco_param gp = {"gamma", 0.0};
        switch (u->kind[i]) {
        case OCO_BASE_SC:
            gp.value = in->c.gamma_sc;
            u->btype[b] = ogd;
            break;
        case OCO_BASE_EXP:
            gp.value = in->c.gamma_exp;
            u->btype[b] = ons;
            break;
        default:
            gp.value = in->c.gamma_c;
            u->btype[b] = ogd;
            break;
        }
        u->bstate[b] = u->btype[b]->create(&s, &gp, 1);
        if (!u->bstate[b])
            return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        if (u->btype[b]->memory)
            u->bytes += u->btype[b]->memory(u->bstate[b]);
    }
    return OCO_OK;
}

/* The setup and the parameters as oco_universal_new reads them, into u's
 * setup and info; allocates nothing. */
static int read_all(oco_universal *u, const oco_learner_setup *setup, const oco_param *params,
                    size_t nparams, int multigrad, const char *nm)
{
    if (validate_setup(setup, &u->setup, nm) != OCO_OK)
        return OCO_EINVAL;
    if (nparams && !params)
        return oco_set_error(OCO_EINVAL, "%s: params is NULL but nparams = %zu", nm, nparams);
    oco_universal_info *in = &u->info;
    in->d = u->setup.d;
    in->T = u->setup.T;
    in->G = u->setup.G;
    in->D = u->setup.D;
    in->multigrad = multigrad != 0;
    return read_params(u, params, nparams, nm);
}

int oco__universal_check(const oco_learner_setup *setup, const oco_param *params, size_t nparams,
                         int multigrad)
{
    oco_universal u;
    memset(&u, 0, sizeof u);
    return read_all(&u, setup, params, nparams, multigrad,
                    multigrad ? "universal-multigrad" : "universal");
}

oco_universal *oco_universal_new(const oco_learner_setup *setup, const oco_param *params,
                                 size_t nparams, int multigrad)
{
    const char *nm = multigrad ? "universal-multigrad" : "universal";
    oco_universal *u = calloc(1, sizeof *u);
    if (!u) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    if (read_all(u, setup, params, nparams, multigrad, nm) != OCO_OK) {
        free(u);
        return NULL;
    }
    oco_universal_info *in = &u->info;
    const size_t d = in->d, K = in->K, Nmax = 2 * in->H + 1;
    const size_t nbmax = in->shared ? Nmax : K * Nmax;
    u->kind = calloc(Nmax, sizeof *u->kind);
    u->curv = calloc(Nmax, sizeof *u->curv);
    u->btype = calloc(nbmax, sizeof *u->btype);
    u->bstate = calloc(nbmax, sizeof *u->bstate);
    u->mid = calloc(K, sizeof *u->mid);
    /* one block for every per-round array */
    size_t nd = 2 * nbmax * d + nbmax + 2 * K * d + K + 2 * nbmax + 2 * K * Nmax + 2 * K +
                3 * d + K + (in->multigrad ? nbmax * d : 0) + 2 * Nmax + K * Nmax;
    double *blk = calloc(nd, sizeof(double));
    if (!u->kind || !u->curv || !u->btype || !u->bstate || !u->mid || !blk) {
        free(blk);
        u->eta = NULL;
        oco_universal_free(u);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", nm);
        return NULL;
    }
    u->eta = blk; /* owns the block */
    u->nblk = nd;
    double *q = blk + K;
    u->xb = q, q += nbmax * d;
    u->xb_prev = q, q += nbmax * d;
    u->dx2b = q, q += nbmax;
    u->xm = q, q += K * d;
    u->xm_prev = q, q += K * d;
    u->dx2m = q, q += K;
    u->r = q, q += nbmax;
    u->r_prev = q, q += nbmax;
    u->mm = q, q += K * Nmax;
    u->lm = q, q += K * Nmax;
    u->mt = q, q += K;
    u->lt = q, q += K;
    u->x = q, q += d;
    u->g = q, q += d;
    u->hg = q, q += d;
    u->gb = in->multigrad ? q : NULL;
    q += in->multigrad ? nbmax * d : 0;
    u->cumA = q, q += Nmax;
    u->cumB = q, q += Nmax;
    u->pmid = q, q += K * Nmax;
    u->bytes = sizeof *u + nd * sizeof(double) + Nmax * (sizeof(int) + sizeof(double)) +
               nbmax * (sizeof(void *) * 2) + K * sizeof(void *);

    if (make_bases(u, params, nparams, nm) != OCO_OK) {
        oco_universal_free(u);
        return NULL;
    }
    const size_t N = in->N;
    /* §2: η_k = 1/(C0 2^k), k = 1..K; top prior q̂_1,k ∝ η_k² (§5.1). */
    double prior[64], midstep[64];
    for (size_t k = 0; k < K; k++) {
        u->eta[k] = 1.0 / (in->c.C0 * ldexp(1.0, (int)(k + 1)));
        prior[k] = u->eta[k] * u->eta[k];
    }
    oco_msmwc_opts o = oco_msmwc_opts_default();
    o.bias = in->bias;
    o.prior = prior;
    u->top = oco_msmwc_new(K, u->eta, &o);
    if (!u->top) {
        oco_universal_free(u);
        return NULL;
    }
    o.prior = NULL; /* p̂_1 = 1/N */
    double *sv = u->lm; /* scratch (length ≥ N), unused until the first update */
    for (size_t k = 0; k < K; k++) {
        /* each mid runs step 2η_k on all N coordinates (§5.1) */
        for (size_t i = 0; i < N; i++)
            sv[i] = 2.0 * u->eta[k];
        midstep[k] = sv[0];
        if (in->shared) {
            for (size_t i = 0; i < N; i++)
                u->pmid[k * N + i] = 1.0 / (double)N;
            continue;
        }
        u->mid[k] = oco_msmwc_new(N, sv, &o);
        if (!u->mid[k]) {
            oco_universal_free(u);
            return NULL;
        }
    }
    /* adaptive: a floor that only avoids 0/0 before the bases separate */
    u->S = in->adaptive_scale ? in->c.S * 1e-12 : in->c.S;
    u->diag.S = u->S;
    in->max_step = midstep[0] > u->eta[0] ? midstep[0] : u->eta[0];
    /* the MsMwC objects actually allocated: the top (n = K) and, unshared
     * only, the K mids (n = N); each is its struct plus the one block of 10n
     * doubles that oco_msmwc_new allocates (msmwc.c). Shared mids live in
     * cumA/cumB/pmid, already counted in nd. */
    u->bytes += MSMWC_BYTES(K) + (in->shared ? 0 : K * MSMWC_BYTES(N));
    return u;
}

void oco_universal_free(oco_universal *u)
{
    if (!u)
        return;
    oco_experts_free(u->btype, u->bstate, u->info.nbases);
    if (u->mid)
        for (size_t k = 0; k < u->info.K; k++)
            oco_msmwc_free(u->mid[k]); /* NULL in shared mode */
    oco_msmwc_free(u->top);
    free(u->mid);
    free(u->curv);
    free(u->kind);
    free(u->eta);
    free(u);
}

/* Adaptive scale [D] (the AdaHedge-style scale-free device, not in the
 * seed): S_t = max(the largest |raw meta loss or optimism| of rounds < t,
 * the largest |raw m| of round t), capped by the §6.3 scale S. Every m′ is
 * then in [−1, 1]; an ℓ′ of round t that exceeds S_t is clipped (counted in
 * diag.clamps, rare: only at a new record) and raises S_{t+1}. What holds:
 * S_t ≤ GD + λ2D²; every value the layers use is in [−1, 1] and every
 * MsMwC step is still η_k or 2η_k ≤ 1/C0; one S_t per round for both layers
 * keeps Lemma 3's identity to rounding in every round without a clip.
 *
 * What does not: a regret guarantee. Dividing by a nondecreasing S_t is
 * MsMwC with nonincreasing steps η_k/S_t on the raw losses, and the seed
 * proves Lemma 2 (App. B.2) for fixed steps only. With steps that change,
 * the Bregman terms no longer telescope: each increase of S_t leaves a term
 * of order (S_{t+1} − S_t)/η_k · ln(1/p̂_{t+1,i⋆}), unbounded because
 * nothing keeps p̂ away from 0 here (no floor, no fixed-share mixing). So
 * the practical preset (the default) is a heuristic whose behaviour is
 * measured (test_universal_rates, `oco reproduce universal`), not proved; it
 * is what lets the meta layers move at realistic horizons (§7.3: with the
 * fixed S they "move negligibly"). */
static void adapt_scale(oco_universal *u)
{
    const oco_universal_info *in = &u->info;
    const double l2 = in->c.lambda2;
    double S = u->S > u->S_hist ? u->S : u->S_hist;
    /* this round's mid optimisms, and |r_{t−1}| which bounds the p-average in
     * the top optimism; the top's λ1‖Δx_{t,k}‖² is only known after the mids
     * play (it is clipped if it ever sets a record) */
    for (size_t b = 0; b < in->nbases; b++) {
        double a = fabs(u->r_prev[b]) + l2 * u->dx2b[b];
        if (a > S)
            S = a;
    }
    if (S > in->c.S)
        S = in->c.S;
    u->S = S;
    u->diag.S = S;
}

/* Play step of mid k with optimism mm (scaled, length N): p_{t,k}. */
static int mid_play(oco_universal *u, size_t k, const double *mm, const double **p)
{
    if (!u->info.shared) {
        int rc = oco_msmwc_predict(u->mid[k], mm, NULL);
        *p = oco_msmwc_weights(u->mid[k]);
        return rc;
    }
    const size_t N = u->info.N;
    const double e = 2.0 * u->eta[k], be2 = u->info.bias * e * e;
    double *pk = u->pmid + k * N, mx = -INFINITY, z = 0.0;
    for (size_t i = 0; i < N; i++) {
        double v = -e * (u->cumA[i] + mm[i]) - be2 * u->cumB[i];
        pk[i] = v;
        if (v > mx)
            mx = v;
    }
    for (size_t i = 0; i < N; i++)
        z += pk[i] = exp(pk[i] - mx);
    const double iz = 1.0 / z;
    for (size_t i = 0; i < N; i++)
        pk[i] *= iz;
    *p = pk;
    return OCO_OK;
}

static const double *mid_weights(const oco_universal *u, size_t k)
{
    return u->info.shared ? u->pmid + k * u->info.N : oco_msmwc_weights(u->mid[k]);
}

int oco_universal_predict(oco_universal *u, double *x)
{
    if (!u || !x)
        return oco_set_error(OCO_EINVAL, "universal predict: NULL %s", !u ? "object" : "x");
    const oco_universal_info *in = &u->info;
    const size_t d = in->d, N = in->N, K = in->K, nb = in->nbases;
    const double l1 = in->c.lambda1, l2 = in->c.lambda2;
    int rc;
    /* 1. bases play from their own optimism (last surrogate gradient, §3) */
    for (size_t b = 0; b < nb; b++) {
        double *xb = u->xb + b * d;
        rc = u->btype[b]->predict(u->bstate[b], NULL, xb);
        if (rc != OCO_OK)
            return rc;
        u->dx2b[b] = u->t ? dist2(xb, u->xb_prev + b * d, d) : 0.0;
    }
    if (in->adaptive_scale)
        adapt_scale(u);
    /* 2. mids: m′_{t,k,i}, p_{t,k}, x_{t,k} (shared: one m′ row for all k) */
    for (size_t k = 0; k < K; k++) {
        double *mm = u->mm + (in->shared ? 0 : k * N);
        if (k == 0 || !in->shared)
            for (size_t i = 0; i < N; i++) {
                size_t b = bidx(u, k, i);
                mm[i] = scaled(u, -u->r_prev[b] + l2 * u->dx2b[b]);
            }
        const double *p;
        rc = mid_play(u, k, mm, &p);
        if (rc != OCO_OK)
            return rc;
        double *xm = u->xm + k * d;
        memset(xm, 0, d * sizeof(double));
        double pr = 0.0;
        for (size_t i = 0; i < N; i++) {
            size_t b = bidx(u, k, i);
            const double pi = p[i], *xi = u->xb + b * d;
            for (size_t j = 0; j < d; j++) /* inline: d is often tiny */
                xm[j] += pi * xi[j];
            pr += pi * u->r_prev[b];
        }
        u->dx2m[k] = u->t ? dist2(xm, u->xm_prev + k * d, d) : 0.0;
        /* 3. top optimism m′_{t,k} */
        u->mt[k] = scaled(u, -pr + l1 * u->dx2m[k]);
    }
    rc = oco_msmwc_predict(u->top, u->mt, NULL);
    if (rc != OCO_OK)
        return rc;
    /* 4. x_t = Σ_k q_{t,k} x_{t,k} */
    const double *q = oco_msmwc_weights(u->top);
    memset(u->x, 0, d * sizeof(double));
    for (size_t k = 0; k < K; k++)
        oco_axpy(q[k], u->xm + k * d, u->x, d);
    memcpy(x, u->x, d * sizeof(double));
    u->predicted = 1;
    return OCO_OK;
}

/* Steps 5–7 of §5.2: instantaneous regrets and both meta updates. */
static int meta_update(oco_universal *u, const double *g)
{
    const oco_universal_info *in = &u->info;
    const size_t d = in->d, N = in->N, K = in->K, nb = in->nbases;
    const double l1 = in->c.lambda1, l2 = in->c.lambda2;
    const double gx = oco_dot(g, u->x, d);
    double worst = 0.0; /* this round's Lemma 3 residual */
    for (size_t b = 0; b < nb; b++)
        u->r[b] = gx - oco_dot(g, u->xb + b * d, d);
    for (size_t k = 0; k < K; k++) {
        const double *p = mid_weights(u, k);
        double *lm = u->lm + (in->shared ? 0 : k * N);
        const int fill = k == 0 || !in->shared;
        const double *mm = u->mm + (in->shared ? 0 : k * N);
        double pr = 0.0;
        for (size_t i = 0; i < N; i++) {
            size_t b = bidx(u, k, i);
            if (fill)
                lm[i] = scaled(u, -u->r[b] + l2 * u->dx2b[b]);
            pr += p[i] * u->r[b];
        }
        u->lt[k] = scaled(u, -pr + l1 * u->dx2m[k]);
        /* Lemma 3: ℓ′_k − m′_k = ⟨ℓ′_{·,k} − m′_{·,k}, p_{t,k}⟩ (the
         * corrections cancel). Measured on the scaled, clipped values the
         * layers actually use (§12.2 item 4): it holds to rounding when
         * nothing is clipped and both layers use the same S_t; a clip breaks
         * it (such rounds are counted in diag.clamped_rounds and measured apart,
         * in diag.max_lemma3_residual_clipped). */
        double lemma3 = 0.0;
        for (size_t i = 0; i < N; i++)
            lemma3 += p[i] * (lm[i] - mm[i]);
        double res = fabs((u->lt[k] - u->mt[k]) - lemma3);
        if (res > worst)
            worst = res;
        if (!in->shared) {
            int rc = oco_msmwc_update(u->mid[k], lm);
            if (rc != OCO_OK)
                return rc;
        }
    }
    double *wr =
        u->clipped ? &u->diag.max_lemma3_residual_clipped : &u->diag.max_lemma3_residual;
    if (worst > *wr)
        *wr = worst;
    int rc = oco_msmwc_update(u->top, u->lt);
    if (rc != OCO_OK)
        return rc;
    if (in->shared) /* the update step of every mid: accumulate A and B */
        for (size_t i = 0; i < N; i++) {
            double dl = u->lm[i] - u->mm[i];
            u->cumA[i] += u->lm[i];
            u->cumB[i] += dl * dl;
        }
    return OCO_OK;
}

static void shift_state(oco_universal *u)
{
    const oco_universal_info *in = &u->info;
    memcpy(u->xb_prev, u->xb, in->nbases * in->d * sizeof(double));
    memcpy(u->xm_prev, u->xm, in->K * in->d * sizeof(double));
    memcpy(u->r_prev, u->r, in->nbases * sizeof(double));
    u->t++;
    u->diag.rounds = u->t;
    u->diag.clamped_rounds += (size_t)u->clipped;
    u->clipped = 0;
    u->predicted = 0;
}

int oco_universal_update(oco_universal *u, const double *g)
{
    if (!u || !g)
        return oco_set_error(OCO_EINVAL, "universal update: NULL %s", !u ? "object" : "g");
    const oco_universal_info *in = &u->info;
    if (in->multigrad)
        return oco_set_error(OCO_ESTATE,
                             "universal-multigrad: needs the gradient oracle (update_oracle), "
                             "not a single gradient");
    if (!u->predicted)
        return oco_set_error(OCO_ESTATE, "universal: update without predict");
    const size_t d = in->d, N = in->N;
    if (!oco_all_finite(g, d))
        return oco_set_error(OCO_EINVAL, "universal: gradient has a non-finite entry");
    int rc = meta_update(u, g);
    if (rc != OCO_OK)
        return rc;
    /* 8. bases learn from their surrogate gradients ∇h_{t,i}(x_{t,i}) (§8) */
    for (size_t b = 0; b < in->nbases; b++) {
        size_t i = b % N;
        oco__surrogate_grad(u->kind[i], u->curv[i], g, u->xb + b * d, u->x, -u->r[b], d, u->hg);
        rc = u->btype[b]->update(u->bstate[b], u->hg, NAN);
        if (rc != OCO_OK)
            return rc;
    }
    shift_state(u);
    return OCO_OK;
}

int oco_universal_update_oracle(oco_universal *u, oco_grad_oracle *oracle)
{
    if (!u || !oracle)
        return oco_set_error(OCO_EINVAL, "universal update: NULL %s",
                             !u ? "object" : "oracle");
    const oco_universal_info *in = &u->info;
    if (!u->predicted)
        return oco_set_error(OCO_ESTATE, "universal: update without predict");
    if (oracle->d != in->d)
        return oco_set_error(OCO_EINVAL, "universal: oracle dimension %zu, learner %zu",
                             oracle->d, in->d);
    size_t before = oracle->calls;
    int rc = oco_grad_oracle_eval(oracle, u->x, u->g, NULL);
    if (rc == OCO_OK) {
        if (!in->multigrad) {
            /* Theorem 2: the one gradient g_t = ∇f_t(x_t) drives all layers */
            rc = oco_universal_update(u, u->g);
        } else {
            /* Theorem 1: meta layers on g_t, each base on ∇f_t at its own
             * point. All queries first, so a failing oracle leaves the state
             * unchanged. */
            for (size_t b = 0; rc == OCO_OK && b < in->nbases; b++)
                rc = oco_grad_oracle_eval(oracle, u->xb + b * in->d, u->gb + b * in->d, NULL);
            if (rc == OCO_OK)
                rc = meta_update(u, u->g);
            for (size_t b = 0; rc == OCO_OK && b < in->nbases; b++)
                rc = u->btype[b]->update(u->bstate[b], u->gb + b * in->d, NAN);
            if (rc == OCO_OK)
                shift_state(u);
        }
    }
    u->diag.grad_calls += oracle->calls - before;
    return rc;
}

/* ---- checkpoint ------------------------------------------------------------ */

static void put_diag(oco_state_writer *w, const oco_universal_diag *g)
{
    oco_state_put_size(w, g->rounds);
    oco_state_put_size(w, g->clamps);
    oco_state_put_size(w, g->clamped_rounds);
    oco_state_put_f64(w, g->max_abs_scaled);
    oco_state_put_f64(w, g->max_lemma3_residual);
    oco_state_put_f64(w, g->max_lemma3_residual_clipped);
    oco_state_put_size(w, g->grad_calls);
    oco_state_put_f64(w, g->S);
}

static int get_diag(oco_state_reader *r, oco_universal_diag *g)
{
    int rc = oco_state_get_size(r, &g->rounds);
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &g->clamps);
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &g->clamped_rounds);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &g->max_abs_scaled);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &g->max_lemma3_residual);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &g->max_lemma3_residual_clipped);
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &g->grad_calls);
    return rc == OCO_OK ? oco_state_get_f64(r, &g->S) : rc;
}

/* The sizes first (a check on restore), then the scalars, the whole block of
 * per-round arrays (η_k included: constant, but one block is simpler and
 * exact), the top, the unshared mids and the bases in order. */
int oco_universal_save(const oco_universal *u, oco_state_writer *w)
{
    if (!u || !w)
        return oco_set_error(OCO_EINVAL, "universal save: NULL argument");
    const oco_universal_info *in = &u->info;
    oco_state_put_size(w, in->nbases);
    oco_state_put_size(w, in->K);
    oco_state_put_size(w, u->nblk);
    oco_state_put_size(w, u->t);
    oco_state_put_int(w, u->predicted);
    oco_state_put_int(w, u->clipped);
    oco_state_put_f64(w, u->S);
    oco_state_put_f64(w, u->S_hist);
    put_diag(w, &u->diag);
    oco_state_put_f64v(w, u->eta, u->nblk);
    int rc = oco_msmwc_save(u->top, w);
    for (size_t k = 0; rc == OCO_OK && !in->shared && k < in->K; k++)
        rc = oco_msmwc_save(u->mid[k], w);
    for (size_t b = 0; rc == OCO_OK && b < in->nbases; b++)
        rc = u->btype[b]->save ? u->btype[b]->save(u->bstate[b], w)
                               : oco_set_error(OCO_EINVAL, "universal: base %s has no "
                                               "checkpoint support", u->btype[b]->info.name);
    return rc;
}

int oco_universal_restore(oco_universal *u, oco_state_reader *r)
{
    if (!u || !r)
        return oco_set_error(OCO_EINVAL, "universal restore: NULL argument");
    const oco_universal_info *in = &u->info;
    int rc = oco_state_expect_size(r, in->nbases, "universal base learners");
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, in->K, "universal mids");
    if (rc == OCO_OK)
        rc = oco_state_expect_size(r, u->nblk, "universal array block");
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &u->t);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &u->predicted);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &u->clipped);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &u->S);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &u->S_hist);
    if (rc == OCO_OK)
        rc = get_diag(r, &u->diag);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, u->eta, u->nblk);
    if (rc == OCO_OK)
        rc = oco_msmwc_restore(u->top, r);
    for (size_t k = 0; rc == OCO_OK && !in->shared && k < in->K; k++)
        rc = oco_msmwc_restore(u->mid[k], r);
    for (size_t b = 0; rc == OCO_OK && b < in->nbases; b++)
        rc = u->btype[b]->restore ? u->btype[b]->restore(u->bstate[b], r)
                                  : oco_set_error(OCO_EINVAL, "universal: base %s has no "
                                                  "checkpoint support", u->btype[b]->info.name);
    return rc;
}

const oco_universal_info *oco_universal_get_info(const oco_universal *u) { return &u->info; }
const oco_universal_diag *oco_universal_get_diag(const oco_universal *u) { return &u->diag; }
size_t oco_universal_memory(const oco_universal *u) { return u ? u->bytes : 0; }
const double *oco_universal_top_weights(const oco_universal *u)
{
    return oco_msmwc_weights(u->top);
}
const double *oco_universal_mid_weights(const oco_universal *u, size_t k)
{
    return k < u->info.K ? mid_weights(u, k) : NULL;
}
const double *oco_universal_mid_x(const oco_universal *u, size_t k)
{
    return k < u->info.K ? u->xm + k * u->info.d : NULL;
}
const double *oco_universal_base_x(const oco_universal *u, size_t k, size_t i)
{
    if (i >= u->info.N || k >= u->info.K)
        return NULL;
    return u->xb + bidx(u, k, i) * u->info.d;
}
double oco_universal_eta(const oco_universal *u, size_t k)
{
    return k < u->info.K ? u->eta[k] : NAN;
}
