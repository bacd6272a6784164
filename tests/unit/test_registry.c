/* The one registry of algo.h: every algorithm of every protocol is listed
 * once, found by name, converted to its protocol's vtable, and equal to its
 * public type constant; the descriptor's fields are filled; unknown names get
 * the "known: ..." message of their protocol; check validates without a
 * state; reset restarts a session and a learner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "oco/oco.h"

static void test_every_entry(void **st)
{
    (void)st;
    const size_t n = oco_algo_count();
    size_t per[6] = {0, 0, 0, 0, 0, 0};
    assert_true(n >= 15);
    for (size_t i = 0; i < n; ++i) {
        const oco_algo_info *in = oco_algo_at(i);
        assert_non_null(in);
        assert_true(in->protocol == OCO_PROTOCOL_OLP || in->protocol == OCO_PROTOCOL_OCO ||
                    in->protocol == OCO_PROTOCOL_COCO || in->protocol == OCO_PROTOCOL_BWK ||
                    in->protocol == OCO_PROTOCOL_OOBC);
        per[in->protocol]++;
        assert_true(in->name && in->name[0] && in->summary && in->summary[0]);
        assert_true(in->source && in->source[0] && in->derived);
        for (size_t k = 0; k < in->nparams; ++k) {
            const oco_param_spec *p = &in->params[k];
            assert_true(p->name && p->doc && p->default_text && p->tag);
            assert_non_null(strchr("SCRD", p->tag[0]));
            assert_int_equal(strlen(p->tag), 1);
        }
        /* names are unique across protocols */
        for (size_t j = 0; j < i; ++j)
            assert_string_not_equal(oco_algo_at(j)->name, in->name);
        assert_ptr_equal(oco_algo_find(in->name, in->protocol), in);
        assert_ptr_equal(oco_algo_find(in->name, OCO_PROTOCOL_ANY), in);
        /* the other protocol does not know it */
        const oco_protocol other =
            in->protocol == OCO_PROTOCOL_OLP ? OCO_PROTOCOL_OCO : OCO_PROTOCOL_OLP;
        assert_null(oco_algo_find(in->name, other));
        assert_int_equal(oco_last_error_code(), OCO_ENOTFOUND);
        if (in->protocol == OCO_PROTOCOL_OLP) {
            const oco_olp_policy_type *t = oco_olp_policy_from_info(in);
            assert_ptr_equal(&t->info, in);
            assert_ptr_equal(oco_olp_policy_find(in->name), t);
            assert_null(oco_learner_type_from_info(in));
            assert_true(t->create && t->decide && t->update && t->destroy);
            assert_int_equal(!!(in->flags & OCO_ALGO_RESETTABLE), t->reset != NULL);
            assert_non_null(t->check); /* bad parameters are caught before any work */
        } else if (in->protocol == OCO_PROTOCOL_COCO) {
            const oco_coco_type *t = oco_coco_type_from_info(in);
            assert_ptr_equal(&t->info, in);
            assert_ptr_equal(oco_coco_find(in->name), t);
            assert_null(oco_learner_type_from_info(in));
            assert_true(t->create && t->predict && t->update && t->destroy);
            assert_int_equal(!!(in->flags & OCO_ALGO_RESETTABLE), t->reset != NULL);
            assert_non_null(t->check);
        } else if (in->protocol == OCO_PROTOCOL_BWK) {
            const oco_bwk_type *t = oco_bwk_type_from_info(in);
            assert_ptr_equal(&t->info, in);
            assert_ptr_equal(oco_bwk_find(in->name), t);
            assert_null(oco_coco_type_from_info(in));
            assert_true(t->create && t->distribution && t->update && t->destroy);
            assert_int_equal(!!(in->flags & OCO_ALGO_RESETTABLE), t->reset != NULL);
            assert_non_null(t->check);
        } else if (in->protocol == OCO_PROTOCOL_OOBC) {
            const oco_oobc_type *t = oco_oobc_type_from_info(in);
            assert_ptr_equal(&t->info, in);
            assert_ptr_equal(oco_oobc_find(in->name), t);
            assert_null(oco_bwk_type_from_info(in));
            assert_true(t->create && t->begin && t->decide && t->destroy);
        } else {
            const oco_learner_type *t = oco_learner_type_from_info(in);
            assert_ptr_equal(&t->info, in);
            assert_ptr_equal(oco_learner_find(in->name), t);
            assert_null(oco_olp_policy_from_info(in));
            assert_true(t->create && t->predict && t->update && t->destroy);
            assert_int_equal(!!(in->flags & OCO_ALGO_RESETTABLE), t->reset != NULL);
            assert_non_null(t->check);
        }
    }
    assert_true(per[OCO_PROTOCOL_OLP] >= 2 && per[OCO_PROTOCOL_OCO] >= 13);
    assert_null(oco_algo_at(n));
    assert_string_equal(oco_protocol_name(OCO_PROTOCOL_OLP), "olp");
    assert_string_equal(oco_protocol_name(OCO_PROTOCOL_OCO), "oco");
    assert_string_equal(oco_protocol_name(OCO_PROTOCOL_OOBC), "oobc");
    assert_null(oco_protocol_name((oco_protocol)99));
}

/* The exported constants are the registry's entries, so C users need no
 * string lookup. */
static void test_type_constants(void **st)
{
    (void)st;
    const struct {
        const char *name;
        const oco_algo_info *info;
    } k[] = {
        {"dual-subgradient", &oco_olp_dual_subgradient->info},
        {"dual-multiplicative", &oco_olp_dual_multiplicative->info},
        {"one-path", &oco_olp_one_path->info},
        {"decoupled", &oco_olp_decoupled->info},
        {"decoupled-assg", &oco_olp_decoupled_assg->info},
        {"decoupled-rassg", &oco_olp_decoupled_rassg->info},
        {"dmd-euclid", &oco_olp_dmd_euclid->info},
        {"dmd-entropic", &oco_olp_dmd_entropic->info},
        {"ahdl", &oco_olp_ahdl->info},
        {"wait-less-sqrt", &oco_olp_wait_less_sqrt->info},
        {"wait-less-cbrt", &oco_olp_wait_less_cbrt->info},
        {"dla", &oco_olp_dla->info},
        {"one-time-learning", &oco_olp_one_time_learning->info},
        {"ogd", &oco_learner_ogd->info},
        {"optimistic-ogd", &oco_learner_optimistic_ogd->info},
        {"ons", &oco_learner_ons->info},
        {"optimistic-ons", &oco_learner_optimistic_ons->info},
        {"adagrad", &oco_learner_adagrad->info},
        {"hedge", &oco_learner_hedge->info},
        {"optimistic-hedge", &oco_learner_optimistic_hedge->info},
        {"msmwc", &oco_learner_msmwc->info},
        {"universal", &oco_learner_universal->info},
        {"universal-multigrad", &oco_learner_universal_multigrad->info},
        {"adapt-ml-prod", &oco_learner_adapt_ml_prod->info},
        {"maler", &oco_learner_maler->info},
        {"metagrad", &oco_learner_metagrad->info},
        {"llp", &oco_coco_llp->info},
        {"llp-linearized", &oco_coco_llp_linearized->info},
        {"llp2", &oco_coco_llp2->info},
        {"llp2-linearized", &oco_coco_llp2_linearized->info},
        {"llp-perturbed", &oco_coco_llp_perturbed->info},
        {"mosp", &oco_coco_mosp->info},
        {"valls", &oco_coco_valls->info},
        {"sun", &oco_coco_sun->info},
        {"dpp", &oco_coco_dpp->info},
        {"lyapunov-adagrad", &oco_coco_lyapunov_adagrad->info},
        {"sinha-vaze", &oco_coco_sinha_vaze->info},
        {"sinha-vaze-strong", &oco_coco_sinha_vaze_strong->info},
        {"lyapunov-bwk", &oco_bwk_lyapunov_bwk->info},
        {"sf-mab", &oco_bwk_sf_mab->info},
        {"exp3", &oco_bwk_exp3->info},
        {"lagrange-bwk", &oco_bwk_lagrange_bwk->info},
        {"laau", &oco_oobc_laau->info},
        {"rl", &oco_oobc_rl->info},
        {"equal", &oco_oobc_equal->info},
        {"avg-lt", &oco_oobc_avg_lt->info},
        {"dgd", &oco_oobc_dgd->info},
        {"mw", &oco_oobc_mw->info},
        {"cr-pursuit", &oco_oobc_cr_pursuit->info},
    };
    const size_t nk = sizeof k / sizeof k[0];
    for (size_t i = 0; i < nk; ++i)
        assert_ptr_equal(oco_algo_find(k[i].name, OCO_PROTOCOL_ANY), k[i].info);
    /* and every registry entry has one */
    assert_int_equal(oco_algo_count(), nk);
}

static void test_unknown_names(void **st)
{
    (void)st;
    assert_null(oco_olp_policy_find("simplex"));
    assert_int_equal(oco_last_error_code(), OCO_ENOTFOUND);
    const char *msg = oco_last_error();
    assert_non_null(strstr(msg, "unknown olp algorithm 'simplex'"));
    assert_non_null(strstr(msg, "dual-subgradient, dual-multiplicative"));
    assert_null(strstr(msg, "ogd"));

    assert_null(oco_learner_find("dual-subgradient"));
    msg = oco_last_error();
    assert_non_null(strstr(msg, "unknown oco algorithm 'dual-subgradient'"));
    assert_non_null(strstr(msg, "known: ogd, optimistic-ogd"));
    assert_non_null(strstr(msg, "metagrad"));

    assert_null(oco_algo_find("nope", OCO_PROTOCOL_ANY));
    assert_non_null(strstr(oco_last_error(), "dual-subgradient"));
    assert_non_null(strstr(oco_last_error(), "metagrad"));
    assert_null(oco_algo_find(NULL, OCO_PROTOCOL_OLP));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_algo_find("ogd", (oco_protocol)7));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_olp_policy_from_info(NULL));
    assert_null(oco_learner_type_from_info(NULL));
}

/* check: the same verdict and message as new, without a state. */
static void test_check(void **st)
{
    (void)st;
    const double b[2] = {1.0, 2.0};
    oco_olp_setup os = {.T = 10, .m = 2, .b = b};
    assert_int_equal(oco_olp_policy_check(oco_olp_dual_subgradient, &os, NULL, 0), OCO_OK);
    const oco_param neg[] = {{"alpha", -1.0}};
    assert_int_equal(oco_olp_policy_check(oco_olp_dual_subgradient, &os, neg, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "dual-subgradient: alpha must be > 0"));
    assert_null(oco_olp_session_new(oco_olp_dual_subgradient, &os, neg, 1, NULL));
    assert_non_null(strstr(oco_last_error(), "alpha must be > 0"));
    const oco_param zero[] = {{"y0", 0.0}};
    assert_int_equal(oco_olp_policy_check(oco_olp_dual_multiplicative, &os, zero, 1),
                     OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "y0 must be > 0"));
    const oco_param unknown[] = {{"beta", 1.0}};
    assert_int_equal(oco_olp_policy_check(oco_olp_dual_subgradient, &os, unknown, 1),
                     OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "unknown parameter 'beta'"));
    os.T = 0;
    assert_int_equal(oco_olp_policy_check(oco_olp_dual_subgradient, &os, NULL, 0), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "horizon T must be > 0"));
    /* a learner type where a policy is expected */
    os.T = 10;
    assert_int_equal(oco_olp_policy_check((const oco_olp_policy_type *)(const void *)
                                              oco_learner_ogd,
                                          &os, NULL, 0),
                     OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "not an olp policy"));

    oco_domain *ball = oco_domain_ball(3, 1.0);
    oco_learner_setup ls = oco_learner_setup_default();
    ls.d = 3;
    ls.domain = ball;
    assert_int_equal(oco_learner_check(oco_learner_ogd, &ls, NULL, 0), OCO_OK);
    /* universal needs the horizon */
    assert_int_equal(oco_learner_check(oco_learner_universal, &ls, NULL, 0), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "needs the horizon"));
    ls.T = 100;
    assert_int_equal(oco_learner_check(oco_learner_universal, &ls, NULL, 0), OCO_OK);
    /* hedge plays on the simplex only */
    assert_int_equal(oco_learner_check(oco_learner_hedge, &ls, NULL, 0), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "needs the simplex"));
    ls.G = NAN;
    assert_int_equal(oco_learner_check(oco_learner_ogd, &ls, NULL, 0), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "setup.G"));
    oco_domain_free(ball);
}

static int play(oco_olp_session *s, const double *c, const double *a, size_t n, int *x)
{
    for (size_t t = 0; t < n; ++t)
        if (oco_olp_session_step(s, c[t], a + 2 * t, &x[t]) != OCO_OK)
            return -1;
    return 0;
}

/* reset(NULL) replays the same decisions from the full budget; reset(y)
 * starts at the given price, which a fresh session with y0 = y matches. */
static void test_session_reset(void **st)
{
    (void)st;
    const double b[2] = {2.0, 3.0};
    const double c[6] = {1.0, 0.2, 0.9, 0.4, 0.8, 0.7};
    const double a[12] = {1, 0, 0.5, 0.5, 1, 1, 0.2, 0.9, 0.6, 0.1, 0.3, 0.3};
    const oco_olp_policy_type *types[2] = {oco_olp_dual_subgradient,
                                           oco_olp_dual_multiplicative};
    for (int k = 0; k < 2; ++k) {
        oco_olp_setup os = {.T = 6, .m = 2, .b = b};
        const oco_param p[] = {{"alpha", 0.3}};
        oco_olp_session *s = oco_olp_session_new(types[k], &os, p, 1, NULL);
        assert_non_null(s);
        int x1[6], x2[6], x3[6];
        assert_int_equal(play(s, c, a, 6, x1), 0);
        const double reward = oco_olp_session_reward(s);
        assert_int_equal(oco_olp_session_step(s, 1.0, a, &x1[0]), OCO_ESTATE);
        assert_int_equal(oco_olp_session_reset(s, NULL), OCO_OK);
        assert_int_equal(oco_olp_session_round(s), 0);
        assert_true(oco_olp_session_remaining(s)[0] == 2.0 &&
                    oco_olp_session_remaining(s)[1] == 3.0);
        assert_int_equal(play(s, c, a, 6, x2), 0);
        assert_memory_equal(x1, x2, sizeof x1);
        assert_true(oco_olp_session_reward(s) == reward);

        const double y[2] = {0.5, 0.25};
        assert_int_equal(oco_olp_session_reset(s, y), OCO_OK);
        assert_true(oco_olp_session_dual(s)[0] == 0.5 && oco_olp_session_dual(s)[1] == 0.25);
        assert_int_equal(play(s, c, a, 6, x2), 0);
        const double y2[2] = {0.5, 0.5}; /* y0 is one number: compare on equal prices */
        assert_int_equal(oco_olp_session_reset(s, y2), OCO_OK);
        assert_int_equal(play(s, c, a, 6, x2), 0);
        const oco_param p2[] = {{"alpha", 0.3}, {"y0", 0.5}};
        oco_olp_session *f = oco_olp_session_new(types[k], &os, p2, 2, NULL);
        assert_int_equal(play(f, c, a, 6, x3), 0);
        assert_memory_equal(x2, x3, sizeof x2);
        assert_memory_equal(oco_olp_session_dual(s), oco_olp_session_dual(f), 2 * sizeof(double));
        oco_olp_session_free(f);

        const double bad[2] = {-1.0, 0.0};
        assert_int_equal(oco_olp_session_reset(s, bad), OCO_EINVAL);
        assert_non_null(strstr(oco_last_error(), "y[0]"));
        oco_olp_session_free(s);
    }
}

/* A learner without a reset entry is recreated: the same decisions again. */
static void test_learner_reset(void **st)
{
    (void)st;
    oco_domain *ball = oco_domain_ball(2, 1.0);
    oco_learner_setup ls = oco_learner_setup_default();
    ls.d = 2;
    ls.domain = ball;
    ls.T = 5;
    oco_learner *l = oco_learner_new(oco_learner_universal, &ls, NULL, 0);
    assert_non_null(l);
    double x[2][5][2];
    const double g[5][2] = {{1, 0}, {0.5, -0.5}, {-1, 0.2}, {0.3, 0.3}, {0, 1}};
    for (int r = 0; r < 2; ++r) {
        for (int t = 0; t < 5; ++t) {
            assert_int_equal(oco_learner_predict(l, NULL, x[r][t]), OCO_OK);
            assert_int_equal(oco_learner_update(l, g[t], NAN), OCO_OK);
        }
        assert_int_equal(oco_learner_reset(l, NULL), OCO_OK);
        assert_int_equal(oco_learner_round(l), 0);
    }
    assert_memory_equal(x[0], x[1], sizeof x[0]);
    const double p[2] = {0.1, 0.2};
    if (!oco_learner_universal->reset) {
        assert_int_equal(oco_learner_reset(l, p), OCO_EINVAL);
        assert_non_null(strstr(oco_last_error(), "cannot restart from a given point"));
    }
    oco_learner_free(l);
    oco_domain_free(ball);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry),   cmocka_unit_test(test_type_constants),
        cmocka_unit_test(test_unknown_names), cmocka_unit_test(test_check),
        cmocka_unit_test(test_session_reset), cmocka_unit_test(test_learner_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
