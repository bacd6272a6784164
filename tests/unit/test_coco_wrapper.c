/* The constrained-OCO wrapper (src/algorithms/coco/coco.c) and the closed
 * forms / counting oracle (quad_map.c), at the protocol level, with the
 * competitors (mosp, valls, sun, dpp) as the algorithms under test:
 * predict → update order, the horizon, non-finite and mis-dimensioned
 * feedback rejected by name with the state unchanged, what each `needs`
 * flag demands, check allocating nothing (allocator interposition, as
 * test_oco_alloc.c), the wrapper's linearisation equal to hand-fed
 * linearised feedback with one call per oracle per round, oco_quad_map_eval
 * against a hand computation, and the registry. */
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

#include "oco/oco.h"

/* ---- allocation counter ------------------------------------------------- */
#include "alloc_count.h"

#define MSG_HAS(s) assert_non_null(strstr(oco_last_error(), (s)))

static oco_coco_setup setup_for(const oco_domain *dom, size_t k, size_t T)
{
    oco_coco_setup s = oco_coco_setup_default();
    s.d = oco_domain_dim(dom);
    s.k = k;
    s.domain = dom;
    s.T = T;
    return s;
}

/* f(x) = ‖x − (0.9, −0.8)‖²: ∇f = 2(x − target). */
static int cost_fn(void *ctx, const double *x, double *g, double *value)
{
    (void)ctx;
    const double tg[2] = {0.9, -0.8};
    double v = 0;
    for (int i = 0; i < 2; ++i) {
        g[i] = 2 * (x[i] - tg[i]);
        v += (x[i] - tg[i]) * (x[i] - tg[i]);
    }
    if (value)
        *value = v;
    return 0;
}

/* g(x) = (½xᵀP_1x + ⟨A_1, x⟩ − b_1, ⟨A_2, x⟩ − b_2), P_2 = 0. */
static const double P2[8] = {2, 1, 1, 3, 0, 0, 0, 0};
static const double A2[4] = {1, -1, 0.5, 2};
static const double B2[2] = {0.5, -1};

/* ---- order and horizon ---------------------------------------------------- */
static void test_order_and_horizon(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_coco_setup s = setup_for(ball, 2, 2);
    oco_coco *a = oco_coco_new(oco_coco_sun, &s, NULL, 0);
    assert_non_null(a);
    const double c[2] = {1, 0}, g[2] = {0.1, 0.2}, J[4] = {1, 0, 0, 1};
    oco_coco_linear fb = {c, NAN, g, J};
    /* update before predict */
    assert_int_equal(oco_coco_update(a, &fb), OCO_ESTATE);
    MSG_HAS("update without predict");
    double x[2], x2[2], lam[2];
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    /* predict twice: refused, state (round, x, multipliers) unchanged */
    assert_int_equal(oco_coco_predict(a, NULL, x2), OCO_ESTATE);
    MSG_HAS("predict called twice");
    assert_int_equal(oco_coco_round(a), 0);
    assert_memory_equal(oco_coco_last_x(a), x, sizeof x);
    assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
    assert_int_equal(oco_coco_round(a), 1);
    assert_int_equal(oco_coco_update(a, &fb), OCO_ESTATE); /* update twice */
    assert_int_equal(oco_coco_round(a), 1);
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
    /* T = 2 rounds done: the horizon-bound algorithm stops */
    assert_int_equal(oco_coco_multipliers(a, lam), OCO_OK);
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_ESTATE);
    MSG_HAS("horizon T = 2 reached");
    assert_int_equal(oco_coco_round(a), 2);
    assert_int_equal(oco_coco_multipliers(a, x2), OCO_OK);
    assert_memory_equal(x2, lam, sizeof lam);
    /* reset restarts the count */
    assert_int_equal(oco_coco_reset(a, NULL), OCO_OK);
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    oco_coco_free(a);
    /* the anytime one (valls, T = 0 allowed) runs past any T */
    s.T = 0;
    assert_null(oco_coco_new(oco_coco_sun, &s, NULL, 0));
    MSG_HAS("setup.T must be > 0");
    a = oco_coco_new(oco_coco_valls, &s, NULL, 0);
    assert_non_null(a);
    for (int t = 0; t < 5; ++t) {
        assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
        assert_int_equal(oco_coco_update(a, &fb), OCO_OK);
    }
    oco_coco_free(a);
    oco_domain_free(ball);
}

/* ---- non-finite feedback and predictions ----------------------------------- */
static void test_nonfinite_rejected(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_coco_setup s = setup_for(ball, 2, 10);
    oco_coco *a = oco_coco_new(oco_coco_dpp, &s, NULL, 0);
    assert_non_null(a);
    double c[2] = {1, 0}, g[2] = {0.1, 0.2}, J[4] = {1, 0, 0, 1}, x[2], lam0[2], lam[2];
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    assert_int_equal(oco_coco_multipliers(a, lam0), OCO_OK);
    struct {
        double *where;
        double bad;
        const char *msg;
    } cases[] = {{&c[1], NAN, "cost gradient has a non-finite entry"},
                 {&g[0], INFINITY, "constraint value has a non-finite entry"},
                 {&J[3], NAN, "constraint Jacobian has a non-finite entry"}};
    for (size_t i = 0; i < 3; ++i) {
        double keep = *cases[i].where;
        *cases[i].where = cases[i].bad;
        oco_coco_linear fb = {c, NAN, g, J};
        assert_int_equal(oco_coco_update(a, &fb), OCO_EINVAL);
        MSG_HAS(cases[i].msg);
        MSG_HAS("round 1");
        *cases[i].where = keep;
    }
    oco_coco_linear inf_value = {c, INFINITY, g, J};
    assert_int_equal(oco_coco_update(a, &inf_value), OCO_EINVAL);
    MSG_HAS("cost value is infinite");
    oco_coco_linear null_J = {c, NAN, g, NULL};
    assert_int_equal(oco_coco_update(a, &null_J), OCO_EINVAL);
    MSG_HAS("NULL J");
    /* nothing moved: same round, same x_t, same multipliers; a good update
     * is still accepted for this round */
    assert_int_equal(oco_coco_round(a), 0);
    assert_memory_equal(oco_coco_last_x(a), x, sizeof x);
    assert_int_equal(oco_coco_multipliers(a, lam), OCO_OK);
    assert_memory_equal(lam, lam0, sizeof lam);
    oco_coco_linear ok = {c, NAN, g, J};
    assert_int_equal(oco_coco_update(a, &ok), OCO_OK);

    /* predictions: malformed or non-finite maps and values, by field */
    double Ap[2] = {1, NAN}, Ak[4] = {1, 0, 0, 1}, gv[2] = {0, NAN};
    oco_quad_map cost = {1, 2, NULL, Ap, NULL}, cons = {2, 2, NULL, Ak, NULL};
    oco_coco_prediction pr = {&cost, NULL, NULL};
    assert_int_equal(oco_coco_predict(a, &pr, x), OCO_EINVAL);
    MSG_HAS("cost prediction (round 2): A[0][1] is not finite");
    Ap[1] = 0;
    pr = (oco_coco_prediction){NULL, &cons, gv};
    assert_int_equal(oco_coco_predict(a, &pr, x), OCO_EINVAL);
    MSG_HAS("predicted constraint value has a non-finite entry");
    cons.m = 1; /* wrong number of constraints */
    pr = (oco_coco_prediction){NULL, &cons, NULL};
    assert_int_equal(oco_coco_predict(a, &pr, x), OCO_EINVAL);
    MSG_HAS("constraint prediction (round 2): has m = 1, d = 2; expected m = 2, d = 2");
    assert_int_equal(oco_coco_round(a), 1); /* still waiting for round 2 */
    cons.m = 2;
    gv[1] = 0;
    pr = (oco_coco_prediction){&cost, &cons, gv};
    assert_int_equal(oco_coco_predict(a, &pr, x), OCO_OK);
    oco_coco_free(a);
    oco_domain_free(ball);
}

/* ---- oracle feedback: dimensions, forms, needs ----------------------------- */
static void test_oracle_dims_and_forms(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    oco_coco_setup s = setup_for(box, 2, 10);
    oco_coco *a = oco_coco_new(oco_coco_mosp, &s, NULL, 0);
    assert_non_null(a);
    oco_quad_map form = {2, 2, P2, A2, B2};
    oco_grad_oracle cost = {cost_fn, NULL, 2, 0};
    oco_cons_oracle cons = oco_cons_oracle_from_form(&form);
    oco_coco_feedback fb = {&cost, &cons};
    double x[2];
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_ESTATE);
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    /* linearised feedback to an algorithm that needs the oracles */
    const double c[2] = {0, 0}, g[2] = {0, 0}, J[4] = {0};
    oco_coco_linear lin = {c, NAN, g, J};
    assert_int_equal(oco_coco_update(a, &lin), OCO_EINVAL);
    MSG_HAS("mosp: needs the cost and constraint oracles");
    /* dimension mismatches */
    cost.d = 3;
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_EINVAL);
    MSG_HAS("cost oracle dimension 3, algorithm dimension 2");
    cost.d = 2;
    cons.k = 1;
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_EINVAL);
    MSG_HAS("constraint oracle has d = 2, k = 1");
    cons.k = 2;
    oco_quad_map bad = {1, 2, NULL, A2, NULL}; /* m = 1 for k = 2 */
    cons.form = &bad;
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_EINVAL);
    MSG_HAS("constraint form (round 1): has m = 1");
    /* NEEDS_FORM without a form */
    cons.form = NULL;
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_EINVAL);
    MSG_HAS("needs the constraint functions in closed form");
    assert_int_equal(cost.calls + cons.calls, 0); /* rejected before any query */
    assert_int_equal(oco_coco_round(a), 0);
    cons.form = &form;
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_OK);
    assert_int_equal(oco_coco_round(a), 1);
    /* a failing oracle leaves the round open */
    oco_cons_oracle nan_cons = cons;
    double Anan[4] = {NAN, 0, 0, 0};
    oco_quad_map fnan = {2, 2, NULL, Anan, NULL};
    nan_cons.form = &form; /* the form checks fine, the oracle's values do not */
    nan_cons.ctx = &fnan;
    oco_coco_feedback fb2 = {&cost, &nan_cons};
    assert_int_equal(oco_coco_predict(a, NULL, x), OCO_OK);
    assert_int_equal(oco_coco_update_oracle(a, &fb2), OCO_EINVAL);
    MSG_HAS("constraint oracle: non-finite value");
    assert_int_equal(oco_coco_round(a), 1);
    assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_OK);
    oco_coco_free(a);
    oco_domain_free(box);
}

/* NEEDS_FIXED and ZERO_BUDGET, on a copy of valls's vtable with the flag. */
static void test_needs_flags(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(1, 0, 1);
    oco_coco_setup s = setup_for(box, 1, 10);
    oco_coco_type fixed = *oco_coco_valls;
    fixed.needs = OCO_COCO_NEEDS_FIXED;
    assert_int_equal(oco_coco_check(&fixed, &s, NULL, 0), OCO_EINVAL);
    MSG_HAS("needs setup.fixed_cons");
    assert_null(oco_coco_new(&fixed, &s, NULL, 0));
    const double A = 1, b = 0.5, A2bad[2] = {1, 1};
    oco_quad_map g = {1, 1, NULL, &A, &b}, gbad = {2, 1, NULL, A2bad, NULL};
    s.fixed_cons = &gbad;
    assert_int_equal(oco_coco_check(&fixed, &s, NULL, 0), OCO_EINVAL);
    MSG_HAS("setup.fixed_cons: has m = 2");
    s.fixed_cons = &g;
    assert_int_equal(oco_coco_check(&fixed, &s, NULL, 0), OCO_OK);
    assert_int_equal(oco_coco_type_streams(&fixed), 0);
    s.fixed_cons = NULL;

    oco_coco_type zero = *oco_coco_valls;
    zero.needs = OCO_COCO_ZERO_BUDGET;
    const double B0 = 0, B1 = 0.5;
    s.budget = &B1;
    assert_int_equal(oco_coco_check(&zero, &s, NULL, 0), OCO_EINVAL);
    MSG_HAS("supports only the budget B = 0");
    assert_int_equal(oco_coco_check(oco_coco_valls, &s, NULL, 0), OCO_OK);
    s.budget = &B0;
    assert_int_equal(oco_coco_check(&zero, &s, NULL, 0), OCO_OK);
    const double Bnan = NAN;
    s.budget = &Bnan;
    assert_int_equal(oco_coco_check(&zero, &s, NULL, 0), OCO_EINVAL);
    MSG_HAS("setup.budget[0] is not finite");
    oco_domain_free(box);
}

/* check allocates nothing, accepting or rejecting, for every coco type. */
static void test_check_allocates_nothing(void **st)
{
    (void)st;
    if (!COUNTING) {
        print_message("allocation counting unavailable (sanitizer build): skipped\n");
        skip();
    }
    oco_domain *box = oco_domain_box_uniform(2, -1, 1);
    oco_coco_setup s = setup_for(box, 2, 50);
    /* the known part g of perturbed constraints, for NEEDS_FIXED types */
    const double fixA[] = {1, 0, 0, 1}, fixb[] = {0.5, 0.5};
    const oco_quad_map fixed = {2, 2, NULL, fixA, fixb};
    const oco_param unknown[] = {{"nope", 1}}, neg[] = {{"alpha", -1}};
    size_t checked = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *in = oco_algo_at(i);
        if (in->protocol != OCO_PROTOCOL_COCO)
            continue;
        const oco_coco_type *ty = oco_coco_type_from_info(in);
        s.fixed_cons = (ty->needs & OCO_COCO_NEEDS_FIXED) ? &fixed : NULL;
        size_t a0 = atomic_load(&n_allocs);
        int ok = oco_coco_check(ty, &s, NULL, 0);
        int unk = oco_coco_check(ty, &s, unknown, 1);
        int bad = oco_coco_check(ty, &s, neg, 1); /* alpha: mosp, dpp; unknown elsewhere */
        size_t got = atomic_load(&n_allocs) - a0;
        if (ok != OCO_OK)
            print_message("%s: %s\n", in->name, oco_last_error());
        assert_int_equal(ok, OCO_OK);
        assert_int_equal(unk, OCO_EINVAL);
        assert_int_equal(bad, OCO_EINVAL);
        assert_int_equal(got, 0);
        checked++;
    }
    assert_true(checked >= 4);
    oco_domain_free(box);
}

/* The wrapper's linearisation for a streaming algorithm equals feeding the
 * same values by hand (∇f = 2(x − target), g and J = A_j + P_j x written
 * out; equal up to the rounding of the different evaluation order); each oracle is queried exactly once per round. */
static void test_oracle_equals_linear(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_coco_setup s = setup_for(ball, 2, 20);
    const oco_coco_type *types[] = {oco_coco_valls, oco_coco_sun, oco_coco_dpp};
    oco_quad_map form = {2, 2, P2, A2, B2};
    for (size_t i = 0; i < 3; ++i) {
        assert_true(oco_coco_type_streams(types[i]));
        oco_coco *a = oco_coco_new(types[i], &s, NULL, 0);
        oco_coco *b = oco_coco_new(types[i], &s, NULL, 0);
        assert_non_null(a);
        assert_non_null(b);
        oco_grad_oracle cost = {cost_fn, NULL, 2, 0};
        oco_cons_oracle cons = oco_cons_oracle_from_form(&form);
        cons.form = NULL; /* a streaming algorithm needs no closed form */
        for (size_t t = 0; t < 8; ++t) {
            double xa[2], xb[2], la[2], lb[2];
            assert_int_equal(oco_coco_predict(a, NULL, xa), OCO_OK);
            assert_int_equal(oco_coco_predict(b, NULL, xb), OCO_OK);
            assert_float_equal(xa[0], xb[0], 1e-14);
            assert_float_equal(xa[1], xb[1], 1e-14);
            oco_coco_feedback fb = {&cost, &cons};
            assert_int_equal(oco_coco_update_oracle(a, &fb), OCO_OK);
            assert_int_equal(cost.calls, t + 1);
            assert_int_equal(cons.calls, t + 1);
            const double x0 = xb[0], x1 = xb[1];
            const double c[2] = {2 * (x0 - 0.9), 2 * (x1 + 0.8)};
            const double g[2] = {0.5 * (2 * x0 * x0 + 2 * x0 * x1 + 3 * x1 * x1) + x0 - x1 - 0.5,
                                 0.5 * x0 + 2 * x1 + 1};
            const double J[4] = {1 + 2 * x0 + x1, -1 + x0 + 3 * x1, 0.5, 2};
            oco_coco_linear lin = {c, NAN, g, J};
            assert_int_equal(oco_coco_update(b, &lin), OCO_OK);
            assert_int_equal(oco_coco_multipliers(a, la), OCO_OK);
            assert_int_equal(oco_coco_multipliers(b, lb), OCO_OK);
            for (int j = 0; j < 2; ++j)
                assert_float_equal(la[j], lb[j], 1e-14);
        }
        oco_coco_free(a);
        oco_coco_free(b);
    }
    oco_domain_free(ball);
}

/* ---- closed forms and the counting oracle ----------------------------------- */
static void test_quad_map_eval(void **st)
{
    (void)st;
    /* x = (1, −2). P_1 x = (2·1 + 1·(−2), 1·1 + 3·(−2)) = (0, −5);
     * ½xᵀP_1x = ½(1·0 + (−2)(−5)) = 5; ⟨A_1, x⟩ = 1 + 2 = 3; q_1 = 5 + 3 − 0.5 = 7.5;
     * J_1 = A_1 + P_1x = (1, −6). q_2 = 0.5 − 4 + 1 = −2.5; J_2 = A_2 = (0.5, 2). */
    const double x[2] = {1, -2};
    oco_quad_map q = {2, 2, P2, A2, B2};
    double v[2], J[4];
    oco_quad_map_eval(&q, x, v, J);
    assert_float_equal(v[0], 7.5, 1e-15);
    assert_float_equal(v[1], -2.5, 1e-15);
    const double Je[4] = {1, -6, 0.5, 2};
    for (int i = 0; i < 4; ++i)
        assert_float_equal(J[i], Je[i], 1e-15);
    /* affine, b = NULL: q = Ax; value only, Jacobian only */
    oco_quad_map lin = {2, 2, NULL, A2, NULL};
    oco_quad_map_eval(&lin, x, v, NULL);
    assert_float_equal(v[0], 3, 0);
    assert_float_equal(v[1], -3.5, 0);
    oco_quad_map_eval(&lin, x, NULL, J);
    assert_memory_equal(J, A2, sizeof A2);
    /* check names the bad entry */
    double Pbad[8];
    memcpy(Pbad, P2, sizeof Pbad);
    Pbad[5] = INFINITY;
    oco_quad_map qb = {2, 2, Pbad, A2, B2};
    assert_int_equal(oco_quad_map_check(&qb, 2, 2, "g"), OCO_EINVAL);
    MSG_HAS("g: P[5] (block 1) is not finite");
    const double bbad[2] = {0, NAN};
    oco_quad_map qb2 = {2, 2, NULL, A2, bbad};
    assert_int_equal(oco_quad_map_check(&qb2, 2, 2, "g"), OCO_EINVAL);
    MSG_HAS("g: b[1] is not finite");
    oco_quad_map qa = {2, 2, NULL, NULL, NULL};
    assert_int_equal(oco_quad_map_check(&qa, 2, 2, "g"), OCO_EINVAL);
    MSG_HAS("g: A is NULL");
    assert_int_equal(oco_quad_map_check(&q, 2, 2, "g"), OCO_OK);
}

static int failing_fn(void *ctx, const double *x, double *g, double *J)
{
    (void)x;
    (void)J;
    int *mode = ctx;
    g[0] = *mode == 1 ? NAN : 1.0;
    return *mode == 2 ? OCO_ESOLVER : OCO_OK;
}

static void test_cons_oracle_counting(void **st)
{
    (void)st;
    int mode = 0;
    oco_cons_oracle o = {failing_fn, &mode, 1, 1, 0, NULL};
    double x = 0, g, J = 0;
    assert_int_equal(oco_cons_oracle_eval(&o, &x, &g, &J), OCO_OK);
    assert_int_equal(o.calls, 1);
    mode = 1;
    assert_int_equal(oco_cons_oracle_eval(&o, &x, &g, NULL), OCO_EINVAL);
    MSG_HAS("non-finite value (call 2)");
    mode = 2;
    assert_int_equal(oco_cons_oracle_eval(&o, &x, &g, NULL), OCO_ESOLVER);
    assert_int_equal(o.calls, 3); /* counted even when fn fails */
    assert_int_equal(oco_cons_oracle_eval(NULL, &x, &g, NULL), OCO_EINVAL);
    const double A = 2, b = 1;
    oco_quad_map f = {1, 1, NULL, &A, &b};
    oco_cons_oracle of = oco_cons_oracle_from_form(&f);
    assert_true(of.form == &f && of.d == 1 && of.k == 1 && of.calls == 0);
    x = 3;
    assert_int_equal(oco_cons_oracle_eval(&of, &x, &g, &J), OCO_OK);
    assert_float_equal(g, 5, 0);
    assert_float_equal(J, 2, 0);
    assert_int_equal(of.calls, 1);
    /* an oracle made from no form fails cleanly (it crashed before) */
    oco_cons_oracle o0 = oco_cons_oracle_from_form(NULL);
    assert_int_equal(oco_cons_oracle_eval(&o0, &x, &g, NULL), OCO_EINVAL);
    MSG_HAS("NULL form");
}

/* ---- registry ------------------------------------------------------------------ */
static void test_registry(void **st)
{
    (void)st;
    assert_null(oco_coco_find("x"));
    assert_int_equal(oco_last_error_code(), OCO_ENOTFOUND);
    MSG_HAS("unknown coco algorithm 'x'");
    const struct {
        const char *name;
        const oco_coco_type *ty;
        int streams;
    } k[] = {{"mosp", oco_coco_mosp, 0},
             {"valls", oco_coco_valls, 1},
             {"sun", oco_coco_sun, 1},
             {"dpp", oco_coco_dpp, 1}};
    assert_null(oco_coco_find("x")); /* the message lists every known name */
    for (size_t i = 0; i < 4; ++i)
        MSG_HAS(k[i].name);
    assert_null(strstr(oco_last_error(), "ogd"));
    for (size_t i = 0; i < 4; ++i) {
        assert_ptr_equal(oco_coco_find(k[i].name), k[i].ty);
        assert_ptr_equal(oco_algo_find(k[i].name, OCO_PROTOCOL_ANY), &k[i].ty->info);
        assert_ptr_equal(oco_coco_type_from_info(&k[i].ty->info), k[i].ty);
        assert_int_equal(oco_coco_type_streams(k[i].ty), k[i].streams);
        assert_int_equal(k[i].ty->info.protocol, OCO_PROTOCOL_COCO);
        assert_true(k[i].ty->info.flags & OCO_ALGO_RESETTABLE);
        assert_non_null(k[i].ty->check);
        assert_non_null(k[i].ty->multipliers);
        assert_non_null(strstr(k[i].ty->info.derived, "[R]"));
    }
    assert_int_equal(!!(oco_coco_valls->info.flags & OCO_ALGO_ANYTIME), 1);
    assert_int_equal(!!(oco_coco_sun->info.flags & OCO_ALGO_ANYTIME), 0);
    assert_null(oco_coco_type_from_info(&oco_learner_ogd->info));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    /* every registry entry of protocol coco has a public constant: the four
     * above, plus the LLP family once it lands (counted, not named here) */
    size_t n = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i)
        n += oco_algo_at(i)->protocol == OCO_PROTOCOL_COCO;
    assert_true(n >= 4);
    /* mosp's domains: box, ball, simplex only */
    oco_domain *ob = oco_domain_orthant_ball(2, 1.0);
    oco_coco_setup s = setup_for(ob, 1, 10);
    assert_int_equal(oco_coco_check(oco_coco_mosp, &s, NULL, 0), OCO_EINVAL);
    MSG_HAS("setup.domain of this kind is not supported");
    assert_int_equal(oco_coco_check(oco_coco_dpp, &s, NULL, 0), OCO_OK);
    oco_domain_free(ob);
}

/* Parameter validation by name, and reset points checked by the wrapper. */
static void test_params_and_reset(void **st)
{
    (void)st;
    oco_domain *box = oco_domain_box_uniform(1, 0, 1);
    oco_coco_setup s = setup_for(box, 1, 10);
    const struct {
        const oco_coco_type *ty;
        oco_param p;
        const char *msg;
    } bad[] = {{oco_coco_valls, {"epsilon", 1}, "valls: epsilon must be in [0, 1)"},
               {oco_coco_valls, {"alpha0", 0}, "valls: alpha0 must be finite and > 0"},
               {oco_coco_sun, {"c", -1}, "sun: c must be finite and > 0"},
               {oco_coco_sun, {"delta", -1}, "sun: delta must be finite and >= 0"},
               {oco_coco_dpp, {"V", 0}, "dpp: V must be finite and > 0"},
               {oco_coco_mosp, {"mu", -2}, "mosp: mu must be finite and > 0"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        assert_int_equal(oco_coco_check(bad[i].ty, &s, &bad[i].p, 1), OCO_EINVAL);
        MSG_HAS(bad[i].msg);
        assert_null(oco_coco_new(bad[i].ty, &s, &bad[i].p, 1));
        MSG_HAS(bad[i].msg);
    }
    oco_coco *a = oco_coco_new(oco_coco_valls, &s, NULL, 0);
    const double out = 1.5, nan = NAN;
    assert_int_equal(oco_coco_reset(a, &out), OCO_EINVAL);
    MSG_HAS("reset point is not in the domain");
    assert_int_equal(oco_coco_reset(a, &nan), OCO_EINVAL);
    assert_true(oco_coco_memory(a) > 0);
    oco_coco_free(a);
    oco_coco_free(NULL);
    oco_domain_free(box);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_horizon),
        cmocka_unit_test(test_nonfinite_rejected),
        cmocka_unit_test(test_oracle_dims_and_forms),
        cmocka_unit_test(test_needs_flags),
        cmocka_unit_test(test_check_allocates_nothing),
        cmocka_unit_test(test_oracle_equals_linear),
        cmocka_unit_test(test_quad_map_eval),
        cmocka_unit_test(test_cons_oracle_counting),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_params_and_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
