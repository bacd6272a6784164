/* Tests of the exact episode gradient (src/algorithms/oobc/unroll.c,
 * oco_oobc_episode_grad; seed 000 §5 eqs. (5)–(7) as corrected in
 * olp_laau.md §2.2), each against an oracle independent of the code:
 *   - the gradient with respect to every weight of a tiny network (one
 *     hidden layer of 3 tanh units, N = 8) vs central finite differences of
 *     the episode loss, on a hand-built fairness-like class (closed-form
 *     layer oco__fair_layer) in three regimes — interior, box-active,
 *     budget-active — for laau and rl; every regime is asserted to be
 *     reached by classifying the decisions, and the decisions are asserted
 *     to stay clear of the regime boundaries (no kink within FD reach);
 *   - the same for the exp output map λ = e^z (interior and budget-active;
 *     one tanh layer and two ReLU layers, kinks asserted out of FD reach),
 *     and the map's clamp at z > 700 (finite λ, gradient exactly 0);
 *   - the same on a general class (layer = NULL: interior-point layer,
 *     d = M = 2, both budgets able to bind) for laau;
 *   - a forward-mode oracle written here from the notes' corrected
 *     recursion ∇_θb_{t+1} = (1 − g'·∂x/∂b)∇_θb_t − g'·∂x/∂λ·∇_θλ_t
 *     agrees with the reverse mode; the seed's printed eq. (7) (sign + and
 *     no ∂x/∂b path) gives a clearly different gradient in the
 *     budget-active case (why the correction matters);
 *   - the decisions of episode_grad equal those of the laau / rl policies
 *     through the wrapper (bit for bit);
 *   - a second episode_grad call allocates nothing (alloc_count.h).
 * Fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "algorithms/ml/mlp.h"
#include "algorithms/ml/model_internal.h"
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/rng.h"
#include "oobc_test_classes.h"
#include "solvers/fairness_layer.h"

enum { N = 8 };

/* ---- a fairness-like class (§2.3), by hand: oobc_test_classes.h's, with its
 * closed-form layer ------------------------------------------------------------- */
#define F_LO (tcf_lo[0])
#define F_HI (tcf_hi[0])
#define F_RES (tcf_res[0])

static oco_oobc_class fair_class(void) { return tc_fair(1); }

/* ---- a general class (no closed form): d = M = p = 2 ------------------------------
 * l(x, c) = Σ_j ½(x_j − 8c_j)², g_1 = x_1 + x_2, g_2 = 0.5x_1 + 0.1x_2²,
 * box [0.5, 10]², x_safe = lo, reserve = g(lo) rounded up. */
static const double G_LO[2] = {0.5, 0.5}, G_HI[2] = {10, 10}, G_XS[2] = {0.5, 0.5},
                    G_RES[2] = {1.0, 0.3}, G_BLO[2] = {4, 2}, G_BHI[2] = {8, 4};

static int g_loss(const oco_oobc_class *cls, const double *c, const double *x, double *f,
                  double *grad, double *hess)
{
    (void)cls;
    *f = 0;
    for (int j = 0; j < 2; ++j) {
        const double r = x[j] - 8.0 * c[j];
        *f += 0.5 * r * r;
        if (grad)
            grad[j] = r;
    }
    if (hess) {
        hess[0] = hess[3] = 1.0;
        hess[1] = hess[2] = 0.0;
    }
    return 0;
}

static int g_use(const oco_oobc_class *cls, const double *c, const double *x, double *g,
                 double *jac, double *hess)
{
    (void)cls;
    (void)c;
    g[0] = x[0] + x[1];
    g[1] = 0.5 * x[0] + 0.1 * x[1] * x[1];
    if (jac) {
        jac[0] = 1.0, jac[1] = 1.0;
        jac[2] = 0.5, jac[3] = 0.2 * x[1];
    }
    if (hess) {
        memset(hess, 0, 8 * sizeof *hess);
        hess[4 + 3] = 0.2;
    }
    return 0;
}

static oco_oobc_class gen_class(void)
{
    oco_oobc_class c;
    memset(&c, 0, sizeof c);
    c.name = "general";
    c.d = c.M = c.p = 2;
    c.lo = G_LO;
    c.hi = G_HI;
    c.x_safe = G_XS;
    c.reserve = G_RES;
    c.budget_lo = G_BLO;
    c.budget_hi = G_BHI;
    c.loss = g_loss;
    c.use = g_use;
    return c;
}

/* ---- tiny networks ---------------------------------------------------------------- */
/* nhidden hidden layers of 3 units (activation act), output map out;
 * Glorot weights scaled by wscale, hidden biases U[−0.5, 0.5], output bias
 * `bias` (every output). */
static oco_oobc_model *tiny_net(const oco_oobc_class *cls, oco_oobc_model_kind kind,
                                uint64_t seed, double wscale, double bias, size_t nhidden,
                                oco_mlp_activation act, oco_oobc_output out)
{
    oco_oobc_model_opts o = oco_oobc_model_opts_default();
    o.kind = kind;
    o.nhidden = nhidden;
    for (size_t k = 0; k < nhidden; ++k)
        o.hidden[k] = 3;
    o.activation = act;
    o.output = out;
    o.seed = seed;
    oco_oobc_model *m = oco_oobc_model_new(cls, N, &o, NULL);
    assert_non_null(m);
    double *w = oco_oobc_model_weights(m);
    const size_t P = oco_oobc_model_nweights(m), nout = m->net.sizes[nhidden + 1];
    oco_rng r;
    oco_rng_seed(&r, seed, 99);
    for (size_t k = 0; k < P; ++k)
        w[k] *= wscale;
    size_t at = 0; /* W_l then β_l per layer (the file's order) */
    for (size_t l = 0; l < nhidden; ++l) {
        at += m->net.sizes[l + 1] * m->net.sizes[l];
        for (size_t k = 0; k < m->net.sizes[l + 1]; ++k)
            w[at + k] = oco_rng_uniform_range(&r, -0.5, 0.5);
        at += m->net.sizes[l + 1];
    }
    for (size_t k = 0; k < nout; ++k)
        w[P - nout + k] = bias;
    return m;
}

/* One hidden layer of 3 tanh units, the kind's default output map. */
static oco_oobc_model *tiny(const oco_oobc_class *cls, oco_oobc_model_kind kind, uint64_t seed,
                            double wscale, double bias)
{
    return tiny_net(cls, kind, seed, wscale, bias, 1, OCO_MLP_TANH, OCO_OOBC_OUT_DEFAULT);
}

/* ---- finite differences ----------------------------------------------------------- */
static double ep_loss(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                      const double *c)
{
    double f = NAN;
    int rc = oco_oobc_episode_grad(m, cls, B, c, &f, NULL, NULL);
    if (rc)
        fprintf(stderr, "episode: %s\n", oco_last_error());
    assert_int_equal(rc, 0);
    return f;
}

/* max |grad − FD| over every weight, relative to max(1, max |grad|) */
static double fd_err(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                     const double *c, const double *grad, double h)
{
    double *w = oco_oobc_model_weights(m);
    const size_t P = oco_oobc_model_nweights(m);
    double worst = 0, scale = 1;
    for (size_t k = 0; k < P; ++k)
        scale = fmax(scale, fabs(grad[k]));
    for (size_t k = 0; k < P; ++k) {
        const double w0 = w[k];
        w[k] = w0 + h;
        const double fp = ep_loss(m, cls, B, c);
        w[k] = w0 - h;
        const double fm = ep_loss(m, cls, B, c);
        w[k] = w0;
        const double fd = (fp - fm) / (2 * h);
        worst = fmax(worst, fabs(fd - grad[k]));
    }
    return worst / scale;
}

/* ---- fairness: regimes of each step ----------------------------------------------- */
typedef struct {
    int interior, box, budget;  /* steps t < N in each regime */
    int budget_mid;             /* budget-active with b̃ > lo + 0.5 (∂x/∂b = 1 matters) */
    double margin;              /* min relative distance to a regime boundary (t < N) */
} regimes;

/* Classifies the steps t < N of a fairness episode from its decisions x
 * (replaying the guarded budget). */
static regimes classify(const double *B, const double *x)
{
    regimes r = {0, 0, 0, 0, INFINITY};
    double b = B[0];
    for (int t = 0; t < N; ++t) {
        const double bt = fmax(b - (double)(N - 1 - t) * F_RES, F_RES);
        const int last = t + 1 == N;
        if (fabs(x[t] - bt) <= 1e-12 * bt) {
            if (!last) {
                r.budget++;
                r.budget_mid += bt > F_LO + 0.5;
            }
        } else if (x[t] == F_LO || x[t] == F_HI) {
            if (!last)
                r.box++;
            if (!last)
                r.margin = fmin(r.margin, (bt - x[t]) / bt);
        } else if (!last) {
            r.interior++;
            r.margin = fmin(r.margin, fmin((x[t] - F_LO) / x[t], (F_HI - x[t]) / x[t]));
            r.margin = fmin(r.margin, (bt - x[t]) / bt);
        }
        b = fmax(b - x[t], 0.0);
    }
    return r;
}

typedef struct {
    double grad_fwd[64];     /* the corrected forward-mode recursion */
    double grad_printed[64]; /* the printed eq. (7) */
} fwd_out;

/* Forward-mode oracles for fairness laau (d = M = 1): θ-derivatives carried
 * forward as P-vectors (olp_laau.md §2.2):
 *   eq. (6)  ∇λ_t = φ'(z)(∂_θ z + (∂z/∂b)∇b_t)   (t < N; λ_N = 0; φ the
 *            output map: softplus, φ' = σ, or exp, φ' = e^z)
 *   eq. (5)  ∇l_t = l'(x_t)(∂x/∂λ ∇λ_t + ∂x/∂b ∇b_t)
 *   corrected: ∇b_{t+1} = (1 − g'·∂x/∂b)∇b_t − g'·∂x/∂λ·∇λ_t
 *   printed eq. (7): ∇b_{t+1} = ∇b_t + g'·∂x/∂λ·∇λ_t */
static void forward_mode(const oco_oobc_model *m, const double *B, const double *c, fwd_out *o)
{
    const size_t P = m->net.nparams, nc = oco__mlp_cache_size(&m->net);
    assert_true(P <= 64);
    for (int variant = 0; variant < 2; ++variant) {
        double db[64] = {0}, dlam[64], gz[64], out = 0;
        double *res = variant == 0 ? o->grad_fwd : o->grad_printed;
        memset(res, 0, P * sizeof *res);
        double b = B[0], cache[64], u[3], z, din[3], work[16];
        assert_true(nc <= 64);
        for (int t = 0; t < N; ++t) {
            const double bt = fmax(b - (double)(N - 1 - t) * F_RES, F_RES);
            double lam = 0;
            memset(dlam, 0, sizeof dlam);
            if (t + 1 < N) {
                u[0] = b / m->b_scale[0];
                u[1] = c[t];
                u[2] = (double)(N - (t + 1)) / (double)N;
                oco__mlp_forward(&m->net, m->weights, u, &z, cache, NULL);
                memset(gz, 0, sizeof gz);
                const double one = 1.0;
                oco__mlp_backward(&m->net, m->weights, cache, &one, gz, din, work);
                /* λ = e^z (exp map, z far below its clamp here) or softplus(z) */
                const int ex = m->output == OCO_OOBC_OUT_EXP;
                const double sp = ex ? exp(z) : 1.0 / (1.0 + exp(-z));
                lam = ex ? exp(z) : log1p(exp(z));
                for (size_t k = 0; k < P; ++k)
                    dlam[k] = sp * (gz[k] + din[0] / m->b_scale[0] * db[k]);
            }
            oco__fair_out fo;
            oco__fair_layer(c[t], lam, bt, F_LO, F_HI, &fo);
            const double dl = -c[t] / fo.x, dxb = fo.dx_db; /* eq. (5) keeps ∂x/∂b */
            for (size_t k = 0; k < P; ++k)
                res[k] += dl * (fo.dx_dlam * dlam[k] + dxb * db[k]);
            for (size_t k = 0; k < P; ++k)
                db[k] = variant == 0 ? (1.0 - fo.dx_db) * db[k] - fo.dx_dlam * dlam[k]
                                     : db[k] + fo.dx_dlam * dlam[k];
            b = fmax(b - fo.x, 0.0);
            out += -c[t] * log(fo.x);
        }
        (void)out;
    }
}

static double max_abs_diff(const double *a, const double *b, size_t n, double *scale)
{
    double w = 0, s = 1;
    for (size_t k = 0; k < n; ++k) {
        w = fmax(w, fabs(a[k] - b[k]));
        s = fmax(s, fabs(b[k]));
    }
    if (scale)
        *scale = s;
    return w / s;
}

/* Decisions through the wrapper (the policy as a user plays it). */
static void play(const oco_oobc_type *type, const oco_oobc_class *cls, const oco_oobc_model *m,
                 const double *B, const double *c, double *x)
{
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = cls;
    s.N = N;
    s.model = m;
    oco_oobc *a = oco_oobc_new(type, &s, NULL, 0);
    if (!a)
        fprintf(stderr, "new: %s\n", oco_last_error());
    assert_non_null(a);
    assert_int_equal(oco_oobc_begin(a, B), 0);
    for (int t = 0; t < N; ++t) {
        int rc = oco_oobc_decide(a, c + t * cls->p, x + t * cls->d);
        if (rc)
            fprintf(stderr, "decide %d: %s\n", t, oco_last_error());
        assert_int_equal(rc, 0);
    }
    oco_oobc_free(a);
}

enum { INTERIOR, BOX, BUDGET };

/* The fairness instance of a regime: contexts, budget, output bias. */
static void fair_case(int regime, double *B, double *c, double *bias)
{
    static const double c_int[N] = {0.55, 0.8, 0.45, 0.9, 0.6, 0.7, 0.5, 0.65};
    static const double c_box[N] = {0.01, 0.8, 4.0, 0.02, 0.6, 5.0, 0.015, 0.7};
    static const double c_bud[N] = {0.9, 0.8, 0.95, 0.7, 0.85, 0.9, 0.75, 0.8};
    const double *src = regime == INTERIOR ? c_int : regime == BOX ? c_box : c_bud;
    memcpy(c, src, N * sizeof *c);
    /* interior / box: λ ≈ 0.05 (x = c/λ ≈ 9–18), budget 40 per step never binds
     * before the last step; budget: λ ≈ 0.03 (x ≈ 25–30) against 12 per step */
    *B = regime == BUDGET ? 12.0 * N : 40.0 * N;
    *bias = oco__softplus_inv(regime == BUDGET ? 0.03 : 0.05);
}

static void test_fair_laau_regimes(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class();
    for (int regime = 0; regime < 3; ++regime) {
        double B, c[N], bias, x[N], xp[N], grad[64], f;
        fair_case(regime, &B, c, &bias);
        oco_oobc_model *m = tiny(&cls, OCO_OOBC_MODEL_LAAU, 7 + (uint64_t)regime, 0.3, bias);
        const size_t P = oco_oobc_model_nweights(m);
        assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, grad, x), 0);
        assert_true(isfinite(f));
        regimes r = classify(&B, x);
        print_message("laau fairness regime %d: interior %d box %d budget %d (mid %d), "
                      "margin %.3g\n",
                      regime, r.interior, r.box, r.budget, r.budget_mid, r.margin);
        if (regime == INTERIOR)
            assert_int_equal(r.interior, N - 1);
        if (regime == BOX) {
            assert_true(r.box >= 3);
            assert_true(r.interior >= 2);
        }
        if (regime == BUDGET) {
            assert_true(r.budget_mid >= 1);
            assert_true(r.interior >= 1);
        }
        assert_true(r.margin > 1e-3); /* no kink within the FD step */
        double err = fd_err(m, &cls, &B, c, grad, 1e-6);
        print_message("  reverse vs FD: %.3g\n", err);
        assert_true(err < 1e-6);
        /* an independent forward-mode oracle of the corrected recursion */
        fwd_out fo;
        forward_mode(m, &B, c, &fo);
        double scale;
        double e_fwd = max_abs_diff(grad, fo.grad_fwd, P, &scale);
        double e_pr = max_abs_diff(fo.grad_printed, grad, P, NULL);
        print_message("  forward mode (corrected) %.3g, printed eq. (7) off by %.3g (x %.3g)\n",
                      e_fwd, e_pr, scale);
        assert_true(e_fwd < 1e-10);
        if (regime == BUDGET)
            assert_true(e_pr > 0.1); /* the printed recursion is badly wrong here */
        /* the policy plays the same decisions */
        play(oco_oobc_laau, &cls, m, &B, c, xp);
        assert_memory_equal(x, xp, sizeof x);
        oco_oobc_model_free(m);
    }
}

static void test_fair_rl_regimes(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class();
    /* RL: cap = hi (ample budget), cap = b̃ (budget binds), and a saturated
     * sigmoid (x near a box end) */
    const double Bs[3] = {40.0 * N, 10.0 * N, 40.0 * N};
    const double biases[3] = {0.0, 1.0, 3.5};
    const double c[N] = {0.55, 0.8, 0.45, 0.9, 0.6, 0.7, 0.5, 0.65};
    for (int k = 0; k < 3; ++k) {
        double B = Bs[k], x[N], xp[N], grad[64], f;
        oco_oobc_model *m = tiny(&cls, OCO_OOBC_MODEL_RL, 21 + (uint64_t)k, 0.5, biases[k]);
        assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, grad, x), 0);
        int capped = 0, interior = 0;
        double b = B;
        for (int t = 0; t < N; ++t) {
            const double bt = fmax(b - (double)(N - 1 - t), 1.0);
            capped += bt < F_HI;
            interior += x[t] > F_LO && x[t] < fmin(F_HI, bt);
            b -= x[t];
        }
        print_message("rl case %d: budget-capped steps %d, interior %d\n", k, capped, interior);
        if (k == 0)
            assert_int_equal(capped, 0);
        if (k == 1)
            assert_true(capped >= 4);
        for (int t = 0; k == 2 && t < N; ++t)
            assert_true(x[t] > 0.85 * F_HI); /* σ saturated: x near the box's end */
        double err = fd_err(m, &cls, &B, c, grad, 1e-6);
        print_message("  reverse vs FD: %.3g\n", err);
        assert_true(err < 1e-6);
        play(oco_oobc_rl, &cls, m, &B, c, xp);
        assert_memory_equal(x, xp, sizeof x);
        oco_oobc_model_free(m);
    }
}

static void test_general_laau(void **state)
{
    (void)state;
    oco_oobc_class cls = gen_class();
    double c[2 * N];
    oco_rng r;
    oco_rng_seed(&r, 5, 0);
    for (int k = 0; k < 2 * N; ++k)
        c[k] = oco_rng_uniform_range(&r, 0.3, 0.9);
    /* ample budgets (interior in budget) and tight budgets (both can bind) */
    const double Bs[2][2] = {{100.0 * N, 100.0 * N}, {7.0 * N, 2.6 * N}};
    for (int k = 0; k < 2; ++k) {
        double x[2 * N], xp[2 * N], grad[64], f;
        oco_oobc_model *m = tiny(&cls, OCO_OOBC_MODEL_LAAU, 31 + (uint64_t)k, 0.3,
                                 oco__softplus_inv(0.5));
        int rc = oco_oobc_episode_grad(m, &cls, Bs[k], c, &f, grad, x);
        if (rc)
            fprintf(stderr, "%s\n", oco_last_error());
        assert_int_equal(rc, 0);
        /* which budgets bound at some step t < N */
        double b[2] = {Bs[k][0], Bs[k][1]};
        int bound[2] = {0, 0};
        for (int t = 0; t < N; ++t) {
            double g[2];
            g_use(&cls, c + 2 * t, x + 2 * t, g, NULL, NULL);
            for (int q = 0; q < 2; ++q) {
                const double bt = fmax(b[q] - (double)(N - 1 - t) * G_RES[q], G_RES[q]);
                if (t + 1 < N && g[q] > bt - 1e-6)
                    bound[q]++;
                b[q] -= g[q];
            }
        }
        print_message("general case %d: budget 1 bound %d steps, budget 2 %d\n", k, bound[0],
                      bound[1]);
        if (k == 0)
            assert_true(bound[0] == 0 && bound[1] == 0);
        else
            assert_true(bound[0] + bound[1] >= 1);
        double err = fd_err(m, &cls, Bs[k], c, grad, 1e-5);
        print_message("  reverse vs FD: %.3g\n", err);
        assert_true(err < 1e-4);
        play(oco_oobc_laau, &cls, m, Bs[k], c, xp);
        assert_memory_equal(x, xp, sizeof x);
        oco_oobc_model_free(m);
    }
}

/* min |pre-activation| over the hidden units of a ReLU network at input u,
 * computed here from the weights (per layer W row-major, then β): how far
 * the nearest kink is. */
static double relu_margin(const oco_oobc_model *m, const double *u)
{
    double a[8], h[8], worst = INFINITY;
    const double *w = m->weights;
    assert_true(m->net.act == OCO_MLP_RELU && m->net.max_width <= 8);
    memcpy(a, u, m->net.sizes[0] * sizeof *a);
    for (size_t l = 0; l + 1 < m->net.nlayers; ++l) {
        const size_t ni = m->net.sizes[l], no = m->net.sizes[l + 1];
        for (size_t i = 0; i < no; ++i) {
            double z = w[no * ni + i];
            for (size_t j = 0; j < ni; ++j)
                z += w[i * ni + j] * a[j];
            worst = fmin(worst, fabs(z));
            h[i] = z > 0 ? z : 0.0;
        }
        memcpy(a, h, no * sizeof *a);
        w += no * (ni + 1);
    }
    return worst;
}

/* The exp output map λ = e^z: the whole-episode gradient vs central FD and
 * the forward-mode oracle (which writes λ = e^z, φ' = e^z itself), in the
 * interior and budget-active regimes, for one hidden layer of 3 tanh units
 * and two hidden layers of 3 ReLU units (every hidden pre-activation at the
 * visited states asserted >= 1e-3 from the kink, far beyond the FD step).
 * The same weights under softplus give other decisions (the map is used). */
static void test_fair_laau_exp(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class();
    for (int net = 0; net < 2; ++net) {
        for (int ri = 0; ri < 2; ++ri) {
            const int regime = ri ? BUDGET : INTERIOR, relu = net == 1;
            double B, c[N], bias, x[N], xp[N], xs[N], grad[64], f;
            fair_case(regime, &B, c, &bias);
            bias = log(regime == BUDGET ? 0.03 : 0.05); /* e^bias = λ of fair_case */
            /* ReLU: unscaled Glorot weights, so that units of both layers
             * are active (with 0.3 none of the first layer's gradient
             * survives) */
            const uint64_t seed = 41 + 2 * (uint64_t)net + (uint64_t)ri;
            oco_oobc_model *m = tiny_net(&cls, OCO_OOBC_MODEL_LAAU, seed, relu ? 1.0 : 0.3, bias,
                                         relu ? 2 : 1, relu ? OCO_MLP_RELU : OCO_MLP_TANH,
                                         OCO_OOBC_OUT_EXP);
            assert_int_equal(oco_oobc_model_output(m), OCO_OOBC_OUT_EXP);
            const size_t P = oco_oobc_model_nweights(m);
            assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, grad, x), 0);
            assert_true(isfinite(f));
            regimes r = classify(&B, x);
            double kink = INFINITY, b = B;
            for (int t = 0; relu && t + 1 < N; ++t) {
                const double u[3] = {b / m->b_scale[0], c[t], (double)(N - (t + 1)) / N};
                kink = fmin(kink, relu_margin(m, u));
                b = fmax(b - x[t], 0.0);
            }
            print_message("laau exp %s regime %d: interior %d box %d budget %d (mid %d), "
                          "margin %.3g, relu kink distance %.3g\n",
                          relu ? "relu 3,3" : "tanh 3", regime, r.interior, r.box, r.budget,
                          r.budget_mid, r.margin, kink);
            if (regime == INTERIOR)
                assert_int_equal(r.interior, N - 1);
            if (regime == BUDGET) {
                assert_true(r.budget_mid >= 1);
                assert_true(r.interior >= 1);
            }
            assert_true(r.margin > 1e-3);
            if (relu)
                assert_true(kink > 1e-3);
            /* the gradient reaches the first layer's weights (through both
             * ReLU layers: some units are active) */
            int first = 0;
            for (size_t q = 0; q < 3 * m->net.sizes[0]; ++q)
                first += fabs(grad[q]) > 1e-8;
            double err = fd_err(m, &cls, &B, c, grad, 1e-6);
            print_message("  reverse vs FD: %.3g (first-layer weights with a gradient: %d)\n",
                          err, first);
            assert_true(err < 1e-6);
            assert_true(first >= 3);
            fwd_out fo;
            forward_mode(m, &B, c, &fo);
            double e_fwd = max_abs_diff(grad, fo.grad_fwd, P, NULL);
            print_message("  forward mode (corrected) %.3g\n", e_fwd);
            assert_true(e_fwd < 1e-10);
            play(oco_oobc_laau, &cls, m, &B, c, xp);
            assert_memory_equal(x, xp, sizeof x);
            m->output = OCO_OOBC_OUT_SOFTPLUS;
            assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, NULL, xs), 0);
            assert_true(memcmp(x, xs, sizeof x) != 0);
            oco_oobc_model_free(m);
        }
    }
}

/* The exp map's clamp: with z ≈ 800 at every step (beyond 700) λ = e^700
 * is finite, every x sits at the box's low end and the gradient is exactly
 * 0 and finite (unclamped, φ' = e^800 = inf would give 0·inf = NaN); with
 * z ≈ −800, λ underflows to 0, a valid multiplier (x at the box's top end
 * or the guarded budget). The policy plays the same decisions. */
static void test_exp_clamp(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class();
    const double c[N] = {0.55, 0.8, 0.45, 0.9, 0.6, 0.7, 0.5, 0.65};
    for (int k = 0; k < 2; ++k) {
        double B = 40.0 * N, x[N], xp[N], grad[64], f;
        oco_oobc_model *m = tiny_net(&cls, OCO_OOBC_MODEL_LAAU, 5, 0.3, k ? -800.0 : 800.0, 1,
                                     OCO_MLP_TANH, OCO_OOBC_OUT_EXP);
        assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, grad, x), 0);
        assert_true(isfinite(f));
        for (size_t q = 0; q < oco_oobc_model_nweights(m); ++q)
            assert_true(grad[q] == 0.0);
        for (int t = 0; t + 1 < N; ++t)
            assert_true(k ? x[t] == F_HI : x[t] == F_LO);
        play(oco_oobc_laau, &cls, m, &B, c, xp);
        assert_memory_equal(x, xp, sizeof x);
        oco_oobc_model_free(m);
    }
}

static void test_refusals(void **state)
{
    (void)state;
    oco_oobc_class cls = fair_class(), gen = gen_class();
    oco_oobc_model *m = tiny(&cls, OCO_OOBC_MODEL_LAAU, 1, 1.0, 0.0);
    double c[N] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, f, B = 100;
    assert_int_equal(oco_oobc_episode_grad(m, &gen, &B, c, &f, NULL, NULL), OCO_EINVAL);
    B = 0.5 * N; /* below N·reserve */
    assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, NULL, NULL), OCO_EINVAL);
    B = NAN;
    assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, NULL, NULL), OCO_EINVAL);
    assert_int_equal(oco_oobc_episode_grad(NULL, &cls, &B, c, &f, NULL, NULL), OCO_EINVAL);
    /* the policies refuse a model of the other kind */
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = &cls;
    s.N = N;
    s.model = m;
    assert_null(oco_oobc_new(oco_oobc_rl, &s, NULL, 0));
    s.N = N + 1;
    assert_null(oco_oobc_new(oco_oobc_laau, &s, NULL, 0));
    oco_oobc_model_free(m);
}

static void test_no_alloc(void **state)
{
    (void)state;
    SKIP_UNLESS_COUNTING();
    oco_oobc_class cls = fair_class(), gen = gen_class();
    double B = 12.0 * N, c[2 * N], grad[64], x[2 * N], f;
    for (int k = 0; k < 2 * N; ++k)
        c[k] = 0.3 + 0.05 * k;
    for (int kind = 1; kind <= 2; ++kind) {
        oco_oobc_model *m = tiny(&cls, (oco_oobc_model_kind)kind, 3, 1.0, -3.0);
        assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, grad, x), 0);
        size_t before = n_allocs;
        assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, grad, x), 0);
        assert_int_equal(oco_oobc_episode_grad(m, &cls, &B, c, &f, NULL, NULL), 0);
        assert_int_equal(n_allocs, before);
        oco_oobc_model_free(m);
    }
    oco_oobc_model *m = tiny(&gen, OCO_OOBC_MODEL_LAAU, 3, 0.3, 0.0);
    const double BB[2] = {7.0 * N, 2.6 * N};
    assert_int_equal(oco_oobc_episode_grad(m, &gen, BB, c, &f, grad, x), 0);
    size_t before = n_allocs_own;
    assert_int_equal(oco_oobc_episode_grad(m, &gen, BB, c, &f, grad, x), 0);
    assert_int_equal(n_allocs_own, before);
    oco_oobc_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fair_laau_regimes), cmocka_unit_test(test_fair_rl_regimes),
        cmocka_unit_test(test_general_laau),      cmocka_unit_test(test_fair_laau_exp),
        cmocka_unit_test(test_exp_clamp),         cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_no_alloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
