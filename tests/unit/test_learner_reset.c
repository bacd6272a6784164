/* The learners' optional vtable entries `check` and `reset`
 * (include/oco/learner.h):
 *  (a) every OCO learner of the registry, restarted with reset(NULL) after 20
 *      rounds, replays a fresh learner's decisions bit for bit (learners
 *      without a reset entry go through the wrapper's recreate path);
 *  (b) every learner restarted from a point x, then fed one gradient g, plays
 *      the x_2 of its equations, written out here independently of the
 *      learner's code (and its reset flag matches its reset entry);
 *  (c) oco_learner_check rejects every bad parameter value that create
 *      rejects, with the same message (check and new agree), and accepts the
 *      defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/algo.h"
#include "oco/domain.h"
#include "oco/error.h"
#include "oco/learner.h"
#include "oco/rng.h"

enum { D3 = 3, ROUNDS = 20 };

/* A domain the learner accepts, in dimension d: the ball if it takes any
 * bounded domain or the ball, else the simplex, else the box. */
static oco_domain *domain_for(const oco_learner_type *ty, size_t d)
{
    unsigned m = ty->domains;
    if (m == 0 || (m & (1u << OCO_DOMAIN_BALL)))
        return oco_domain_ball(d, 1.0);
    if (m & (1u << OCO_DOMAIN_SIMPLEX))
        return oco_domain_simplex(d);
    return oco_domain_box_uniform(d, -1.0, 1.0);
}

static oco_learner_setup setup_for(const oco_domain *dom, size_t T, double G, oco_rng *rng)
{
    oco_learner_setup s = oco_learner_setup_default();
    s.d = oco_domain_dim(dom);
    s.domain = dom;
    s.T = T;
    s.G = G;
    s.rng = rng;
    return s;
}

/* n gradients g_t ~ N(0, I)/√d + 0.3 e_1 (fixed seed), and their largest norm. */
static void gradients(double *g, size_t n, size_t d, uint64_t seed, double *G)
{
    oco_rng r;
    oco_rng_seed(&r, seed, 7);
    for (size_t t = 0; t < n; ++t) {
        double n2 = 0;
        for (size_t i = 0; i < d; ++i) {
            double v = oco_rng_normal(&r, 0, 1) / sqrt((double)d) + (i == 0 ? 0.3 : 0.0);
            g[t * d + i] = v;
            n2 += v * v;
        }
        if (sqrt(n2) > *G)
            *G = sqrt(n2);
    }
}

/* The oracle of the linear loss f_t(x) = ⟨g_t, x⟩ (ctx = g_t). */
static int linear_oracle(void *ctx, const double *x, double *g, double *value)
{
    const double *gt = ctx;
    double v = 0;
    for (size_t i = 0; i < D3; ++i) {
        g[i] = gt[i];
        v += gt[i] * x[i];
    }
    if (value)
        *value = v;
    return OCO_OK;
}

/* Play n rounds of linear losses, writing x_t into xs (n×d). A learner that
 * queries the oracle itself (update_oracle) is fed through it. */
static void play(oco_learner *l, const double *g, size_t n, size_t d, double *xs, const char *nm)
{
    assert_int_equal(d, D3);
    const int oracle = oco_learner_get_type(l)->update_oracle != NULL;
    for (size_t t = 0; t < n; ++t) {
        int rc = oco_learner_predict(l, NULL, xs + t * d);
        if (rc == OCO_OK && oracle) {
            oco_grad_oracle o = {linear_oracle, (void *)(uintptr_t)(g + t * d), d, 0};
            rc = oco_learner_update_oracle(l, &o);
        } else if (rc == OCO_OK) {
            rc = oco_learner_update(l, g + t * d, NAN);
        }
        if (rc != OCO_OK)
            print_message("%s, round %zu: %s\n", nm, t + 1, oco_last_error());
        assert_int_equal(rc, OCO_OK);
    }
}

/* ---- (a) reset(NULL) replays a fresh learner ----------------------------- */

static void test_reset_null_replays_fresh(void **state)
{
    (void)state;
    const size_t d = D3;
    double g1[ROUNDS * D3], g2[ROUNDS * D3], G = 0;
    gradients(g1, ROUNDS, d, 11, &G); /* before the reset */
    gradients(g2, ROUNDS, d, 12, &G); /* after it, and for the fresh learner */
    size_t tested = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OCO)
            continue;
        const oco_learner_type *ty = oco_learner_type_from_info(info);
        assert_non_null(ty);
        oco_domain *dom = domain_for(ty, d);
        oco_rng rng;
        oco_rng_seed(&rng, 5, 0);
        /* T = 2·ROUNDS: both runs stay within the horizon of a learner that
         * needs it (the wrapper's round counter restarts at the reset). */
        oco_learner_setup s = setup_for(dom, 2 * ROUNDS, G, &rng);
        oco_learner *l = oco_learner_new(ty, &s, NULL, 0);
        if (!l)
            print_message("%s: %s\n", info->name, oco_last_error());
        assert_non_null(l);
        double xa[ROUNDS * D3], xb[ROUNDS * D3];
        play(l, g1, ROUNDS, d, xa, info->name);
        /* a randomized learner gets its generator back at the same state */
        oco_rng_seed(&rng, 5, 0);
        assert_int_equal(oco_learner_reset(l, NULL), OCO_OK);
        assert_int_equal(oco_learner_round(l), 0);
        play(l, g2, ROUNDS, d, xa, info->name);

        oco_rng_seed(&rng, 5, 0);
        oco_learner *f = oco_learner_new(ty, &s, NULL, 0);
        assert_non_null(f);
        play(f, g2, ROUNDS, d, xb, info->name);
        if (memcmp(xa, xb, sizeof xa) != 0) {
            for (size_t k = 0; k < ROUNDS * D3; ++k)
                if (memcmp(&xa[k], &xb[k], sizeof xa[k]) != 0) {
                    print_message("%s: after reset x_%zu[%zu] = %.17g, fresh %.17g\n",
                                  info->name, k / d + 1, k % d, xa[k], xb[k]);
                    break;
                }
            fail();
        }
        oco_learner_free(l);
        oco_learner_free(f);
        oco_domain_free(dom);
        tested++;
    }
    assert_true(tested >= 13); /* the learners of learner.h */
}

/* ---- (b) reset(x): the round-1 state with x_1 = x ------------------------- */

/* Euclidean projection onto the ball of radius 1 at 0, written out. */
static void ref_proj_ball(double *y, size_t d)
{
    double n2 = 0;
    for (size_t i = 0; i < d; ++i)
        n2 += y[i] * y[i];
    if (n2 > 1)
        for (size_t i = 0; i < d; ++i)
            y[i] /= sqrt(n2);
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* p_i ∝ x_i exp(−η c_i), the exponential weights from the prior x. */
static void ref_expw(const double *x, double eta, const double *c, size_t d, double *p)
{
    double z = 0;
    for (size_t i = 0; i < d; ++i)
        z += p[i] = x[i] * exp(-eta * c[i]);
    for (size_t i = 0; i < d; ++i)
        p[i] /= z;
}

typedef struct reset_case {
    const char *name;
    int domain;       /* OCO_DOMAIN_BALL (radius 1), _BOX ([−1, 1]^3), _SIMPLEX */
    size_t T;
    double G;
    oco_param p[2];
    size_t np;
    double x[D3], g[D3];
    double want[D3];  /* x_2, filled by ref() */
    void (*ref)(struct reset_case *c);
} reset_case;

/* OGD: x_2 = Π_X[x − scale·η_1 g], η_1 = D/G (convex) with D = 2 for the
 * unit ball, or 1/λ (strongly convex). */
static void ref_ogd(reset_case *c)
{
    const double scale = c->np && strcmp(c->p[0].key, "scale") == 0 ? c->p[0].value : 1.0;
    const double lam = c->np && strcmp(c->p[0].key, "lambda") == 0 ? c->p[0].value : 0.0;
    const double eta = lam > 0 ? 1.0 / lam : scale * 2.0 / c->G;
    for (size_t i = 0; i < D3; ++i)
        c->want[i] = c->x[i] - eta * c->g[i];
    if (c->domain == OCO_DOMAIN_BALL)
        ref_proj_ball(c->want, D3);
    else
        for (size_t i = 0; i < D3; ++i)
            c->want[i] = clamp(c->want[i], -1, 1);
}

/* Optimistic OGD (convex step, γ = 0, unit ball, D = 2): x_1 = Π[x̂_1 − η_1·0]
 * = x; x̂_2 = Π[x − η_1 g], η_1 = D/√1; round 2: V̄_1 = 0 (the sum starts at
 * s = 2), so η_2 = D, m_2 = g (last gradient), x_2 = Π[x̂_2 − η_2 g]. */
static void ref_oogd(reset_case *c)
{
    const double D = 2.0;
    double xh[D3];
    for (size_t i = 0; i < D3; ++i)
        xh[i] = c->x[i] - D * c->g[i];
    ref_proj_ball(xh, D3);
    for (size_t i = 0; i < D3; ++i)
        c->want[i] = xh[i] - D * c->g[i];
    ref_proj_ball(c->want, D3);
}

/* Diagonal AdaGrad on the box [−1, 1]^3 with eta = 0.1, δ = 1e-8: H_1 =
 * δ + |g|, x_2 = clamp(x − 0.1 g/(δ + |g|)) (the H-norm projection onto a box
 * is the clamp). */
static void ref_adagrad(reset_case *c)
{
    for (size_t i = 0; i < D3; ++i)
        c->want[i] = clamp(c->x[i] - 0.1 * c->g[i] / (1e-8 + fabs(c->g[i])), -1, 1);
}

/* Hedge from the prior x: p_2 ∝ x_i exp(−η g_i), η = √(8 ln d/T)/B with
 * B = 2G (T = 0: √(8 ln d/2)/B at round 2). */
static void ref_hedge(reset_case *c)
{
    const double B = 2 * c->G, T = c->T ? (double)c->T : 2.0;
    ref_expw(c->x, sqrt(8 * log(3.0) / T) / B, c->g, D3, c->want);
}

/* Optimistic Hedge from the prior x, range B = 0.5, bias b = 1: η_1 = 1/B;
 * m_1 = 0, so L_1 = g + b·η_1·g²; S = ‖g‖²_∞; η_2 = min{1/B, √(ln 3/S)};
 * m_2 = g; p_2 ∝ x_i exp(−η_2 (L_{1,i} + g_i)). */
static void ref_ohedge(reset_case *c)
{
    const double B = 0.5, b = 1.0, eta1 = 1.0 / B;
    double gi = 0, L[D3];
    for (size_t i = 0; i < D3; ++i) {
        L[i] = c->g[i] + b * eta1 * c->g[i] * c->g[i] + c->g[i];
        gi = fmax(gi, fabs(c->g[i]));
    }
    ref_expw(c->x, fmin(1.0 / B, sqrt(log(3.0) / (gi * gi))), L, D3, c->want);
}

/* Every learner with a reset entry, restarted from a dirty state. */
static void test_reset_point_round_two(void **state)
{
    (void)state;
    reset_case cases[] = {
        /* y = x − 2g leaves the ball: the projection is active */
        {"ogd", OCO_DOMAIN_BALL, 0, 2.0, {{"scale", 1.0}}, 1,
         {0.3, -0.2, 0.1}, {1.0, 0.5, -0.7}, {0}, ref_ogd},
        {"ogd", OCO_DOMAIN_BALL, 0, 2.0, {{"scale", 0.4}}, 1,
         {0.3, -0.2, 0.1}, {1.0, 0.5, -0.7}, {0}, ref_ogd},
        {"ogd", OCO_DOMAIN_BOX, 0, 1.0, {{"lambda", 4.0}}, 1,
         {0.9, -0.2, 0.1}, {-1.0, 0.5, -0.7}, {0}, ref_ogd},
        {"optimistic-ogd", OCO_DOMAIN_BALL, 0, 1.0, {{"gamma", 0.0}}, 1,
         {0.3, -0.2, 0.1}, {0.1, -0.05, 0.2}, {0}, ref_oogd},
        {"optimistic-ogd", OCO_DOMAIN_BALL, 0, 1.0, {{"gamma", 0.0}}, 1,
         {0.3, -0.2, 0.1}, {0.4, -0.3, 0.2}, {0}, ref_oogd},
        {"adagrad", OCO_DOMAIN_BOX, 0, 1.0, {{"eta", 0.1}}, 1,
         {0.95, -0.2, 0.0}, {-1.0, 0.5, 0.03}, {0}, ref_adagrad},
        {"hedge", OCO_DOMAIN_SIMPLEX, 100, 1.0, {{"eta", NAN}}, 0,
         {0.5, 0.3, 0.2}, {0.9, -0.4, 0.1}, {0}, ref_hedge},
        {"hedge", OCO_DOMAIN_SIMPLEX, 0, 1.0, {{"eta", NAN}}, 0,
         {0.05, 0.15, 0.8}, {0.9, -0.4, 0.1}, {0}, ref_hedge},
        {"optimistic-hedge", OCO_DOMAIN_SIMPLEX, 0, 1.0, {{"range", 0.5}, {"bias", 1.0}}, 2,
         {0.5, 0.3, 0.2}, {0.9, -0.4, 0.1}, {0}, ref_ohedge},
    };
    const size_t n = sizeof cases / sizeof cases[0];
    double gd[ROUNDS * D3], Gd = 0;
    gradients(gd, ROUNDS, D3, 21, &Gd);
    for (size_t k = 0; k < n; ++k) {
        reset_case *c = &cases[k];
        const oco_learner_type *ty = oco_learner_find(c->name);
        assert_non_null(ty);
        assert_non_null(ty->reset);
        oco_domain *dom = c->domain == OCO_DOMAIN_BALL      ? oco_domain_ball(D3, 1.0)
                          : c->domain == OCO_DOMAIN_SIMPLEX ? oco_domain_simplex(D3)
                                                            : oco_domain_box_uniform(D3, -1, 1);
        /* T as the case says (hedge's η uses it); all are anytime learners */
        oco_learner_setup s = setup_for(dom, c->T, c->G, NULL);
        oco_learner *l = oco_learner_new(ty, &s, c->p, c->np);
        assert_non_null(l);
        /* a dirty state first: step counters, accumulators, last gradient */
        double xs[ROUNDS * D3];
        play(l, gd, ROUNDS / 2, D3, xs, c->name);
        assert_int_equal(oco_learner_reset(l, c->x), OCO_OK);
        double x1[D3], x2[D3];
        assert_int_equal(oco_learner_predict(l, NULL, x1), OCO_OK);
        for (size_t i = 0; i < D3; ++i) /* x_1 = x (exactly, or to rounding for a prior) */
            assert_true(fabs(x1[i] - c->x[i]) <= 1e-15);
        assert_int_equal(oco_learner_update(l, c->g, NAN), OCO_OK);
        assert_int_equal(oco_learner_predict(l, NULL, x2), OCO_OK);
        c->ref(c);
        for (size_t i = 0; i < D3; ++i)
            if (!(fabs(x2[i] - c->want[i]) <= 1e-14 * (1 + fabs(c->want[i])))) {
                print_message("%s case %zu: x_2[%zu] = %.17g, expected %.17g\n", c->name, k, i,
                              x2[i], c->want[i]);
                fail();
            }
        oco_learner_free(l);
        oco_domain_free(dom);
    }
    /* every learner with a reset entry says so in its flags, and the others
     * refuse a point (the wrapper's rule) */
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OCO)
            continue;
        const oco_learner_type *ty = oco_learner_type_from_info(info);
        assert_int_equal(!!(info->flags & OCO_ALGO_RESETTABLE), ty->reset != NULL);
        int covered = 0;
        for (size_t k = 0; k < n; ++k)
            covered |= strcmp(cases[k].name, info->name) == 0;
        if (ty->reset && !covered)
            print_message("%s: reset entry without a hand-computed case here\n", info->name);
        if (!ty->reset) {
            oco_domain *dom = domain_for(ty, D3);
            oco_rng rng;
            oco_rng_seed(&rng, 1, 0);
            oco_learner_setup s = setup_for(dom, 10, 1.0, &rng);
            oco_learner *l = oco_learner_new(ty, &s, NULL, 0);
            assert_non_null(l);
            double c[D3];
            oco_domain_center(dom, c);
            assert_int_equal(oco_learner_reset(l, c), OCO_EINVAL);
            oco_learner_free(l);
            oco_domain_free(dom);
        }
    }
}

/* Hedge reads a point as its prior: a point with a zero entry is refused and
 * the learner goes on as if the reset had not been asked for. */
static void test_hedge_reset_needs_positive_prior(void **state)
{
    (void)state;
    const char *names[] = {"hedge", "optimistic-hedge"};
    double gd[ROUNDS * D3], G = 0;
    gradients(gd, ROUNDS, D3, 31, &G);
    oco_domain *dom = oco_domain_simplex(D3);
    for (size_t k = 0; k < 2; ++k) {
        oco_learner_setup s = setup_for(dom, 0, G, NULL);
        oco_learner *a = oco_learner_new(oco_learner_find(names[k]), &s, NULL, 0);
        oco_learner *b = oco_learner_new(oco_learner_find(names[k]), &s, NULL, 0);
        double xa[ROUNDS * D3], xb[ROUNDS * D3];
        play(a, gd, 5, D3, xa, names[k]);
        play(b, gd, 5, D3, xb, names[k]);
        const double edge[D3] = {0.0, 0.5, 0.5};
        assert_int_equal(oco_learner_reset(a, edge), OCO_EINVAL);
        assert_non_null(strstr(oco_last_error(), "must be > 0"));
        play(a, gd + 5 * D3, ROUNDS - 5, D3, xa + 5 * D3, names[k]);
        play(b, gd + 5 * D3, ROUNDS - 5, D3, xb + 5 * D3, names[k]);
        assert_memory_equal(xa, xb, sizeof xa);
        oco_learner_free(a);
        oco_learner_free(b);
    }
    oco_domain_free(dom);
}

/* ---- (c) check and new agree ------------------------------------------------ */

typedef struct bad_case {
    const char *name;
    oco_param p[3];
    size_t np;
    const char *key; /* named in the message */
} bad_case;

static void test_check_agrees_with_new(void **state)
{
    (void)state;
    const bad_case bad[] = {
        {"ogd", {{"lambda", -1}}, 1, "lambda"},
        {"ogd", {{"scale", -1}}, 1, "scale"},
        {"ogd", {{"scale", 0}}, 1, "scale"},
        {"optimistic-ogd", {{"gamma", -1}}, 1, "gamma"},
        {"optimistic-ogd", {{"lambda", -0.5}}, 1, "lambda"},
        {"optimistic-ogd", {{"optimism", 0.5}}, 1, "optimism"},
        {"optimistic-ogd", {{"optimism", 2}}, 1, "optimism"},
        {"adagrad", {{"eta", -1}}, 1, "eta"},
        {"adagrad", {{"eta", 0}}, 1, "eta"},
        {"adagrad", {{"delta", 0}}, 1, "delta"},
        {"adagrad", {{"delta", -1e-8}}, 1, "delta"},
        {"hedge", {{"eta", 0}}, 1, "eta"},
        {"hedge", {{"eta", -1}}, 1, "eta"},
        {"hedge", {{"range", 0}}, 1, "range"},
        {"hedge", {{"range", -2}}, 1, "range"},
        {"optimistic-hedge", {{"eta", -1}}, 1, "eta"},
        {"optimistic-hedge", {{"range", 0}}, 1, "range"},
        {"optimistic-hedge", {{"bias", -1}}, 1, "bias"},
        {"optimistic-hedge", {{"optimism", 0.5}}, 1, "optimism"},
        {"msmwc", {{"eta", 0}}, 1, "eta"},
        {"msmwc", {{"eta", -1}}, 1, "eta"},
        {"msmwc", {{"bias", -1}}, 1, "bias"},
        {"msmwc", {{"scale", 0}}, 1, "scale"},
        {"msmwc", {{"scale", -1}}, 1, "scale"},
        {"msmwc", {{"optimism", 3}}, 1, "optimism"},
        {"maler", {{"eta_c", 0}}, 1, "eta_c"},
        {"maler", {{"eta_max", -1}}, 1, "eta_max"},
        {"maler", {{"n_eta", 0}}, 1, "n_eta"},
        {"maler", {{"n_eta", 1.5}}, 1, "n_eta"},
        {"maler", {{"n_eta", 65}}, 1, "n_eta"},
        {"maler", {{"prior_exp", -1}}, 1, "prior"},
        {"maler", {{"beta", 0}}, 1, "beta"},
        {"maler", {{"eps", -1}}, 1, "eps"},
        {"maler", {{"beta", 1e-200}}, 1, "eps"}, /* the default eps overflows */
        {"maler", {{"cvx", 0}, {"exp", 0}, {"sc", 0}}, 3, "no expert"},
        {"maler", {{"prior_c", 0}, {"prior_exp", 0}, {"prior_sc", 0}}, 3, "zero prior mass"},
        {"ons", {{"alpha", 0}}, 1, "alpha"},
        {"ons", {{"beta", -1}}, 1, "beta"},
        {"ons", {{"eps", 0}}, 1, "eps"},
        {"ons", {{"exact_qp", 2}}, 1, "exact_qp"},
        {"ons", {{"rank_max", 1.5}}, 1, "rank_max"},
        {"ons", {{"eig_threshold", -1}}, 1, "eig_threshold"},
        {"optimistic-ons", {{"alpha", -1}}, 1, "alpha"},
        {"optimistic-ons", {{"gamma", -1}}, 1, "gamma"},
        {"optimistic-ons", {{"optimism", 0.5}}, 1, "optimism"},
        {"optimistic-ons", {{"rank_max", -1}}, 1, "rank_max"},
        {"adapt-ml-prod", {{"H", 0}}, 1, "H"},
        {"adapt-ml-prod", {{"H", 2.5}}, 1, "H"},
        {"adapt-ml-prod", {{"sc", 0}, {"exp", 0}, {"cvx", 0}}, 3, "no base learner"},
        {"universal", {{"C0", -1}}, 1, "C0"},
        {"universal", {{"lambda1", -1}}, 1, "lambda1"},
        {"universal", {{"K", 0}}, 1, "K"},
        {"universal", {{"bias", -1}}, 1, "bias"},
        {"universal-multigrad", {{"C0", 0}}, 1, "C0"},
        {"metagrad", {{"eta_max", 0}}, 1, "eta_max"},
        {"metagrad", {{"n_eta", 0}}, 1, "n_eta"},
        {"metagrad", {{"n_eta", 65}}, 1, "n_eta"},
        {"metagrad", {{"sigma1", -1}}, 1, "sigma1"},
        {"metagrad", {{"eig_threshold", -2}}, 1, "eig_threshold"},
    };
    char msg[512];
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k) {
        const bad_case *c = &bad[k];
        const oco_learner_type *ty = oco_learner_find(c->name);
        assert_non_null(ty);
        assert_non_null(ty->check);
        oco_domain *dom = domain_for(ty, D3);
        oco_learner_setup s = setup_for(dom, 100, 1.0, NULL);
        int rc = oco_learner_check(ty, &s, c->p, c->np);
        if (rc != OCO_EINVAL)
            print_message("%s %s = %g: check returned %d\n", c->name, c->p[0].key, c->p[0].value,
                          rc);
        assert_int_equal(rc, OCO_EINVAL);
        snprintf(msg, sizeof msg, "%s", oco_last_error());
        assert_non_null(strstr(msg, c->name));
        assert_non_null(strstr(msg, c->key));
        oco_learner *l = oco_learner_new(ty, &s, c->p, c->np);
        assert_null(l);
        assert_string_equal(oco_last_error(), msg);
        /* and create itself (called directly, as the ensembles do) rejects it
         * with the same message */
        oco_learner_setup sd = s;
        sd.D = oco_domain_diameter(dom);
        assert_null(ty->create(&sd, c->p, c->np));
        assert_string_equal(oco_last_error(), msg);
        oco_domain_free(dom);
    }
    /* every learner: the defaults (and the setups above) pass check, and new
     * succeeds exactly when check does */
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OCO)
            continue;
        const oco_learner_type *ty = oco_learner_type_from_info(info);
        oco_domain *dom = domain_for(ty, D3);
        oco_rng rng;
        oco_rng_seed(&rng, 1, 0);
        oco_learner_setup s = setup_for(dom, 100, 1.0, &rng);
        if (oco_learner_check(ty, &s, NULL, 0) != OCO_OK)
            print_message("%s: %s\n", info->name, oco_last_error());
        assert_int_equal(oco_learner_check(ty, &s, NULL, 0), OCO_OK);
        oco_learner *l = oco_learner_new(ty, &s, NULL, 0);
        assert_non_null(l);
        oco_learner_free(l);
        oco_domain_free(dom);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_null_replays_fresh),
        cmocka_unit_test(test_reset_point_round_two),
        cmocka_unit_test(test_hedge_reset_needs_positive_prior),
        cmocka_unit_test(test_check_agrees_with_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
