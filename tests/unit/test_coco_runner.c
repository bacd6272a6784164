#define _POSIX_C_SOURCE 200809L /* mkstemp, write, close, unlink */
/* The constrained-OCO runner (include/oco/coco_runner.h), with a tiny
 * algorithm defined here (no coco algorithm is part of this file's
 * dependencies): projected gradient on f_t + μ·Σ_j g_{t,j} with a fixed
 * multiplier μ, plugged in through the public wrapper. Checks: loss,
 * constraint sums, violation and running violation equal a hand loop; the
 * oracle counts; perfect predictions are the problem's own maps; noisy ones
 * have mean 0 and the right empirical σ on every coordinate kind; the
 * comparator is the problem's hindsight; OCO_EINFEASIBLE after a filled run;
 * zero allocations per round (malloc interposition, as test_oco_alloc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oco/coco.h"
#include "oco/coco_problem.h"
#include "oco/coco_runner.h"
#include "oco/error.h"
#include "oco/linalg.h"

/* ---- allocation counter (as test_oco_alloc.c) ------------------------------ */
#include "alloc_count.h"

/* ---- the test algorithm ------------------------------------------------------ */
#define PG_ETA 0.05
#define PG_MU 2.0

typedef struct pg {
    size_t d, k;
    const oco_domain *dom;
    double *x;
    /* what the last predict received (for the prediction tests) */
    const oco_coco_prediction *pred_seen;
    const oco_quad_map *cost_seen, *cons_seen;
    const double *cons_value_seen;
    double *predA, *predgA, *predgb; /* copies of the predicted maps (linear) */
} pg;

/* statistics of (predicted − true) over a run, filled by update */
typedef struct pred_stats {
    size_t n_cost, n_consA, n_consb;
    double s_cost, ss_cost, s_consA, ss_consA, s_consb, ss_consb;
    size_t none; /* predicts without prediction */
} pred_stats;
static pred_stats stats;

static void *pg_create(const oco_coco_setup *s, const oco_param *params, size_t np)
{
    (void)params;
    (void)np;
    pg *a = calloc(1, sizeof *a);
    a->d = s->d;
    a->k = s->k;
    a->dom = s->domain;
    a->x = calloc(s->d + s->d + s->k * s->d + s->k, sizeof *a->x);
    a->predA = a->x + s->d;
    a->predgA = a->predA + s->d;
    a->predgb = a->predgA + s->k * s->d;
    oco_domain_center(s->domain, a->x);
    return a;
}

static void pg_destroy(void *st)
{
    pg *a = st;
    free(a->x);
    free(a);
}

static int pg_predict(void *st, const oco_coco_prediction *pred, double *x)
{
    pg *a = st;
    a->pred_seen = pred;
    a->cost_seen = pred ? pred->cost : NULL;
    a->cons_seen = pred ? pred->cons : NULL;
    a->cons_value_seen = pred ? pred->cons_value : NULL;
    if (pred && pred->cost)
        memcpy(a->predA, pred->cost->A, a->d * sizeof *x);
    if (pred && pred->cons) {
        memcpy(a->predgA, pred->cons->A, a->k * a->d * sizeof *x);
        for (size_t j = 0; j < a->k; ++j)
            a->predgb[j] = pred->cons->b ? pred->cons->b[j] : 0.0;
    }
    if (!pred)
        stats.none++;
    memcpy(x, a->x, a->d * sizeof *x);
    return OCO_OK;
}

/* x ← Π_X(x − η(∇f + μ Σ_j J_j)); the residuals of the predictions (linear
 * maps: ∇f = A, J = A, b = J x − g). */
static int pg_update(void *st, const oco_coco_linear *fb)
{
    pg *a = st;
    const size_t d = a->d, k = a->k;
    if (a->cost_seen)
        for (size_t i = 0; i < d; ++i) {
            double e = a->predA[i] - fb->grad[i];
            stats.n_cost++;
            stats.s_cost += e;
            stats.ss_cost += e * e;
        }
    if (a->cons_seen)
        for (size_t j = 0; j < k; ++j) {
            for (size_t i = 0; i < d; ++i) {
                double e = a->predgA[j * d + i] - fb->J[j * d + i];
                stats.n_consA++;
                stats.s_consA += e;
                stats.ss_consA += e * e;
            }
            double b = oco_dot(fb->J + j * d, a->x, d) - fb->g[j];
            double e = a->predgb[j] - b;
            stats.n_consb++;
            stats.s_consb += e;
            stats.ss_consb += e * e;
        }
    for (size_t i = 0; i < d; ++i) {
        double gi = fb->grad[i];
        for (size_t j = 0; j < k; ++j)
            gi += PG_MU * fb->J[j * d + i];
        a->x[i] -= PG_ETA * gi;
    }
    return oco_domain_project(a->dom, a->x);
}

static const oco_coco_type pg_type = {
    .info = {"test-pg", OCO_PROTOCOL_COCO, "projected gradient, fixed multiplier (test)",
             "test only", "", NULL, 0, OCO_ALGO_OPTIMISTIC},
    .domains = 0,
    .needs = 0,
    .create = pg_create,
    .predict = pg_predict,
    .update = pg_update,
    .destroy = pg_destroy,
};

/* ---- helpers --------------------------------------------------------------------- */
static oco_coco_problem *make(oco_coco_problem_kind kind, size_t d, size_t k, size_t T,
                              const oco_domain *dom, uint64_t seed)
{
    oco_coco_problem_opts o = oco_coco_problem_opts_default();
    o.kind = kind;
    o.d = d;
    o.k = k;
    o.T = T;
    o.seed = seed;
    oco_coco_problem *p = oco_coco_problem_new(&o, dom);
    assert_non_null(p);
    return p;
}

static oco_coco *make_alg(const oco_coco_problem *p, const double *budget)
{
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    s.budget = budget;
    oco_coco *a = oco_coco_new(&pg_type, &s, NULL, 0);
    assert_non_null(a);
    return a;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_setup_from_problem(void **st)
{
    (void)st;
    oco_domain *b01 = oco_domain_box_uniform(1, 0, 1);
    oco_coco_problem *p = make(OCO_COCO_PROBLEM_LLP_EXP1, 1, 1, 50, b01, 3);
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    const oco_coco_problem_info *in = oco_coco_problem_get_info(p);
    assert_int_equal(s.d, 1);
    assert_int_equal(s.k, 1);
    assert_int_equal(s.T, 50);
    assert_ptr_equal(s.domain, b01);
    assert_true(s.G == in->G && s.L_g == in->L_g && s.g_max == in->g_max && s.F == in->F);
    assert_ptr_equal(s.fixed_cons, in->fixed_cons);
    assert_null(s.budget);
    assert_true(s.alpha == 1 && s.D == 0);
    oco_coco_problem_free(p);
    oco_domain_free(b01);
    oco_coco_pred_kind k;
    assert_int_equal(oco_coco_pred_kind_parse("noisy", &k), OCO_OK);
    assert_int_equal(k, OCO_COCO_PRED_NOISY);
    assert_string_equal(oco_coco_pred_kind_name(OCO_COCO_PRED_PERFECT), "perfect");
    assert_int_equal(oco_coco_pred_kind_parse("exact", &k), OCO_ENOTFOUND);
    oco_coco_run_opts o = oco_coco_run_opts_default();
    assert_int_equal(o.predictions, OCO_COCO_PRED_NONE);
    assert_true(o.pred_noise == 0.1 && o.pred_seed == 1 && o.hindsight == 1);
    assert_int_equal(o.benchmark, OCO_COCO_BENCH_PER_ROUND);
}

/* The runner's sums against a hand loop with a second copy of the algorithm. */
static void check_hand(oco_coco_problem_kind kind, const oco_domain *dom, size_t d, size_t k,
                       const double *B, oco_coco_benchmark bench)
{
    const size_t T = 300;
    oco_coco_problem *p = make(kind, d, k, T, dom, 11);
    oco_coco *a = make_alg(p, B), *h = make_alg(p, B);
    oco_coco_run_opts o = oco_coco_run_opts_default();
    o.benchmark = bench;
    oco_coco_run_result r;
    double S[4], Sh[4] = {0}, x[4], g[4], J[16], grad[4];
    assert_int_equal(oco_coco_run(a, p, &o, &r, S), OCO_OK);
    double loss = 0, maxrun = 0;
    oco_coco_problem_rewind(p);
    while (oco_coco_problem_next(p) == OCO_OK) {
        assert_int_equal(oco_coco_predict(h, NULL, x), OCO_OK);
        double v;
        oco_quad_map_eval(oco_coco_problem_cost(p), x, &v, grad);
        oco_quad_map_eval(oco_coco_problem_cons(p), x, g, J);
        oco_coco_linear fb = {grad, v, g, J};
        assert_int_equal(oco_coco_update(h, &fb), OCO_OK);
        loss += v;
        double run = 0;
        for (size_t j = 0; j < k; ++j) {
            Sh[j] += g[j];
            double e = Sh[j] - (B ? B[j] : 0);
            run += e > 0 ? e * e : 0;
        }
        maxrun = fmax(maxrun, sqrt(run));
    }
    double viol = 0;
    for (size_t j = 0; j < k; ++j) {
        assert_true(fabs(S[j] - Sh[j]) <= 1e-9 * (1 + fabs(Sh[j])));
        double e = Sh[j] - (B ? B[j] : 0);
        viol += e > 0 ? e * e : 0;
    }
    viol = sqrt(viol);
    assert_int_equal(r.T, T);
    assert_true(fabs(r.loss - loss) <= 1e-9 * (1 + fabs(loss)));
    assert_true(fabs(r.violation - viol) <= 1e-9 * (1 + viol));
    assert_true(fabs(r.max_running_violation - maxrun) <= 1e-9 * (1 + maxrun));
    assert_true(r.max_running_violation >= r.violation - 1e-12);
    /* the wrapper queries each oracle once at x_t for a stream algorithm */
    assert_int_equal(r.cost_calls, T);
    assert_int_equal(r.cons_calls, T);
    /* the comparator is the problem's hindsight of the chosen benchmark */
    oco_coco_hindsight hs;
    assert_int_equal(oco_coco_problem_hindsight(p, bench, B, NULL, &hs), OCO_OK);
    assert_true(r.comparator == hs.comparator && r.comparator_gap == hs.gap);
    assert_string_equal(r.comparator_method, hs.method);
    assert_true(fabs(r.regret - (r.loss - hs.comparator)) <= 1e-12 * (1 + fabs(r.loss)));
    assert_true(r.seconds >= 0 && r.hindsight_seconds >= 0);
    /* a second run needs a fresh algorithm */
    assert_int_equal(oco_coco_run(a, p, &o, &r, NULL), OCO_ESTATE);
    oco_coco_free(a);
    oco_coco_free(h);
    oco_coco_problem_free(p);
}

static void test_hand_loop(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(3, -1, 1), *ball = oco_domain_ball(2, 1.0);
    oco_domain *unit = oco_domain_box_uniform(4, 0, 1), *b01 = oco_domain_box_uniform(1, 0, 1);
    const double B3[2] = {1.0, -2.0}, B4[2] = {5.0, 0.0};
    check_hand(OCO_COCO_PROBLEM_LINEAR, box, 3, 2, NULL, OCO_COCO_BENCH_PER_ROUND);
    check_hand(OCO_COCO_PROBLEM_LINEAR, box, 3, 2, B3, OCO_COCO_BENCH_LONG_TERM);
    check_hand(OCO_COCO_PROBLEM_QUADRATIC, ball, 2, 1, NULL, OCO_COCO_BENCH_LONG_TERM);
    check_hand(OCO_COCO_PROBLEM_RESOURCE, unit, 4, 2, B4, OCO_COCO_BENCH_PER_ROUND);
    check_hand(OCO_COCO_PROBLEM_LLP_EXP2, b01, 1, 1, NULL, OCO_COCO_BENCH_PER_ROUND);
    oco_domain_free(box);
    oco_domain_free(ball);
    oco_domain_free(unit);
    oco_domain_free(b01);
}

/* perfect: the prediction is the problem's own closed forms (same pointers),
 * no cons_value; none: NULL prediction. */
static oco_coco_problem *cur_problem;

static int check_perfect(void *ctx, size_t t, const double *x, double loss, const double *g,
                         double cum_loss, const double *cum_g, const oco_coco *alg)
{
    (void)t, (void)x, (void)loss, (void)g, (void)cum_loss, (void)cum_g;
    const pg *a = *(pg *const *)ctx;
    (void)alg;
    assert_non_null(a->pred_seen);
    assert_ptr_equal(a->cost_seen, oco_coco_problem_cost(cur_problem));
    assert_ptr_equal(a->cons_seen, oco_coco_problem_cons(cur_problem));
    assert_null(a->cons_value_seen);
    return OCO_OK;
}

/* The state pointer of the test algorithm: the wrapper keeps it private, so
 * create records it. */
static pg *last_pg;
static void *pg_create_rec(const oco_coco_setup *s, const oco_param *params, size_t np)
{
    return last_pg = pg_create(s, params, np);
}

static void test_predictions(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(3, -1, 1);
    oco_coco_problem *p = make(OCO_COCO_PROBLEM_LINEAR, 3, 2, 2000, box, 5);
    cur_problem = p;
    oco_coco_type rec = pg_type;
    rec.create = pg_create_rec;
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    oco_coco_run_opts o = oco_coco_run_opts_default();
    o.hindsight = 0;
    oco_coco_run_result r;

    /* perfect */
    oco_coco *a = oco_coco_new(&rec, &s, NULL, 0);
    o.predictions = OCO_COCO_PRED_PERFECT;
    o.on_round = check_perfect;
    o.ctx = &last_pg;
    memset(&stats, 0, sizeof stats);
    assert_int_equal(oco_coco_run(a, p, &o, &r, NULL), OCO_OK);
    assert_true(isnan(r.comparator) && isnan(r.regret));
    assert_true(stats.ss_cost == 0 && stats.ss_consA == 0);
    assert_true(stats.ss_consb <= 1e-20 * (double)stats.n_consb); /* b = Jx − g: rounding */
    oco_coco_free(a);

    /* none */
    o.on_round = NULL;
    o.predictions = OCO_COCO_PRED_NONE;
    a = oco_coco_new(&rec, &s, NULL, 0);
    memset(&stats, 0, sizeof stats);
    assert_int_equal(oco_coco_run(a, p, &o, &r, NULL), OCO_OK);
    assert_int_equal(stats.none, 2000);
    assert_int_equal(stats.n_cost, 0);
    oco_coco_free(a);

    /* noisy: N(0, σ²) on every coordinate of A (cost), A and b (constraints) */
    const double sigma = 0.3;
    o.predictions = OCO_COCO_PRED_NOISY;
    o.pred_noise = sigma;
    o.pred_seed = 77;
    a = oco_coco_new(&rec, &s, NULL, 0);
    memset(&stats, 0, sizeof stats);
    assert_int_equal(oco_coco_run(a, p, &o, &r, NULL), OCO_OK);
    assert_int_equal(stats.n_cost, 2000 * 3);
    assert_int_equal(stats.n_consA, 2000 * 6);
    assert_int_equal(stats.n_consb, 2000 * 2);
    const double n[3] = {(double)stats.n_cost, (double)stats.n_consA, (double)stats.n_consb};
    const double s1[3] = {stats.s_cost, stats.s_consA, stats.s_consb};
    const double s2[3] = {stats.ss_cost, stats.ss_consA, stats.ss_consb};
    for (int i = 0; i < 3; ++i) {
        double mean = s1[i] / n[i], sd = sqrt(s2[i] / n[i] - mean * mean);
        /* 5 standard errors: mean σ/√n, sd ≈ σ/√(2n) */
        assert_true(fabs(mean) <= 5 * sigma / sqrt(n[i]));
        assert_true(fabs(sd - sigma) <= 5 * sigma / sqrt(2 * n[i]));
    }
    oco_coco_free(a);
    /* the same seed gives the same run; another seed another one */
    oco_coco_run_result r2;
    a = oco_coco_new(&rec, &s, NULL, 0);
    assert_int_equal(oco_coco_run(a, p, &o, &r2, NULL), OCO_OK);
    assert_true(r2.loss == r.loss);
    oco_coco_free(a);
    o.pred_noise = -1;
    a = oco_coco_new(&rec, &s, NULL, 0);
    assert_int_equal(oco_coco_run(a, p, &o, &r2, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "pred_noise"));
    oco_coco_free(a);
    oco_coco_problem_free(p);
    oco_domain_free(box);
}

/* Infeasible per-round benchmark: the run is filled, then OCO_EINFEASIBLE. */
static void test_infeasible_after_run(void **st)
{
    (void)st;
    char path[] = "/tmp/oco_coco_run_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "c1,c2,A1_1,A1_2,b1\n1,1,1,0,-0.5\n1,1,-1,0,-0.5\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    oco_coco_problem *p = oco_coco_problem_from_csv(path, box);
    assert_non_null(p);
    oco_coco *a = make_alg(p, NULL);
    oco_coco_run_result r;
    assert_int_equal(oco_coco_run(a, p, NULL, &r, NULL), OCO_EINFEASIBLE);
    assert_non_null(strstr(oco_last_error(), "per-round benchmark"));
    assert_int_equal(r.T, 2);
    assert_true(isfinite(r.loss) && isfinite(r.violation));
    assert_true(isnan(r.comparator) && isnan(r.regret));
    oco_coco_free(a);
    oco_coco_problem_free(p);
    oco_domain_free(box);
    unlink(path);
}

/* ---- zero allocations per round ---------------------------------------------- */
typedef struct alloc_probe {
    size_t at2, atT, T;
} alloc_probe;

static int probe(void *ctx, size_t t, const double *x, double loss, const double *g,
                 double cum_loss, const double *cum_g, const oco_coco *alg)
{
    (void)x, (void)loss, (void)g, (void)cum_loss, (void)cum_g, (void)alg;
    alloc_probe *pr = ctx;
    if (t == 2)
        pr->at2 = atomic_load(&n_allocs);
    if (t == pr->T)
        pr->atT = atomic_load(&n_allocs);
    return OCO_OK;
}

static void test_no_alloc_per_round(void **st)
{
    (void)st;
    if (!COUNTING || getenv("OCO_UNDER_VALGRIND")) {
        print_message("allocation counting unavailable here: skipped\n");
        skip();
    }
    /* the counter works */
    size_t before = atomic_load(&n_allocs);
    void *(*volatile alloc)(size_t) = malloc;
    free(alloc(16));
    assert_true(atomic_load(&n_allocs) > before);

    oco_domain *box = oco_domain_box_uniform(3, -1, 1), *ball = oco_domain_ball(3, 1);
    const oco_coco_problem_kind kinds[] = {OCO_COCO_PROBLEM_LINEAR, OCO_COCO_PROBLEM_QUADRATIC,
                                           OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS};
    for (int i = 0; i < 3; ++i)
        for (int pk = 0; pk <= (int)OCO_COCO_PRED_NOISY; ++pk) {
            oco_coco_problem *p = make(kinds[i], 3, 2, 500, i == 1 ? ball : box, 9);
            oco_coco *a = make_alg(p, NULL);
            oco_coco_run_opts o = oco_coco_run_opts_default();
            o.predictions = (oco_coco_pred_kind)pk;
            o.hindsight = 0;
            alloc_probe pr = {0, 0, 500};
            o.on_round = probe;
            o.ctx = &pr;
            oco_coco_run_result r;
            assert_int_equal(oco_coco_run(a, p, &o, &r, NULL), OCO_OK);
            assert_int_equal(pr.atT - pr.at2, 0);
            oco_coco_free(a);
            oco_coco_problem_free(p);
        }
    oco_domain_free(box);
    oco_domain_free(ball);
}

static void test_bad_input(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(3, -1, 1), *box2 = oco_domain_box_uniform(2, -1, 1);
    oco_coco_problem *p = make(OCO_COCO_PROBLEM_LINEAR, 3, 2, 50, box, 1);
    oco_coco_problem *q = make(OCO_COCO_PROBLEM_LINEAR, 2, 2, 50, box2, 1);
    oco_coco *a = make_alg(p, NULL);
    oco_coco_run_result r;
    assert_int_equal(oco_coco_run(a, q, NULL, &r, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "d = 3"));
    assert_int_equal(oco_coco_run(NULL, p, NULL, &r, NULL), OCO_EINVAL);
    /* a horizon shorter than the problem */
    oco_coco_setup s;
    oco_coco_setup_from_problem(p, &s);
    s.T = 10;
    oco_coco *b = oco_coco_new(&pg_type, &s, NULL, 0);
    assert_int_equal(oco_coco_run(b, p, NULL, &r, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "horizon"));
    oco_coco_free(b);
    oco_coco_free(a);
    oco_coco_problem_free(p);
    oco_coco_problem_free(q);
    oco_domain_free(box);
    oco_domain_free(box2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setup_from_problem),
        cmocka_unit_test(test_hand_loop),
        cmocka_unit_test(test_predictions),
        cmocka_unit_test(test_infeasible_after_run),
        cmocka_unit_test(test_no_alloc_per_round),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
