/* Checkpoint and resume of every olp policy in the registry
 * (oco_olp_session_save_state / oco_olp_session_restore_state), on generated
 * instances (oco_olp_generate type 1, T = 2000): a session saved at round 0,
 * at a random early round (inside the learning phases), at a random later
 * round and after the last round, restored into a fresh session
 * (a randomized policy's rng seeded differently), gives byte for byte the
 * decisions, phase labels, and after the last round the remaining budget,
 * reward, accepted count and dual price of an uninterrupted run. Settings:
 * soft budget (m = 2), hard budget (m = 3), hard budget with the
 * zero-violation add-on (m = 2), and soft budget on type 8 (repeated
 * orders), for every policy.
 *
 * Refused (OCO_EINVAL; OCO_EIO for a missing file), after which the session
 * keeps running exactly as the uninterrupted one: a state of another policy,
 * of another T, m, budget b, hard_budget, zero-violation setting or params,
 * a corrupted byte, a truncated file. The oracle is the uninterrupted run
 * itself, which never saves or restores. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oco/oco.h"

enum { T = 2000, MMAX = 3 };

static char g_path[4][256], g_other[256];

typedef struct cfg {
    size_t m;
    int hard, zv;
    int type;      /* oco_olp_generate's */
    uint64_t seed; /* of the instance */
} cfg;

static const cfg CFGS[] = {
    {2, 0, 0, 1, 11}, /* soft budget */
    {3, 1, 0, 1, 12}, /* hard budget */
    {2, 1, 1, 1, 13}, /* hard budget + zero-violation add-on */
    /* 10 distinct orders repeated (type 8): ties and degenerate history
     * LPs. (Not a proof that the replay of resolve_state.c is needed: here
     * too a restore that rebuilt the LP cold and solved it once gave the
     * same duals, as on types 1, 4 and 7 when tried.) */
    {2, 0, 0, 8, 14},
};
#define NCFG (sizeof CFGS / sizeof CFGS[0])

/* Everything a run shows: per-round decisions and phase labels, and the
 * session's totals at one moment. */
typedef struct trace {
    unsigned char x[T];
    const char *phase[T]; /* label of round t's decision (static or NULL) */
} trace;

typedef struct snap {
    size_t round, accepted, zv_rejected;
    double reward;
    double rem[MMAX], dual[MMAX];
    int has_dual;
    char phase[64]; /* "" with has_phase = 0 */
    int has_phase;
} snap;

static void take_snap(const oco_olp_session *s, size_t m, snap *o)
{
    memset(o, 0, sizeof *o);
    o->round = oco_olp_session_round(s);
    o->accepted = oco_olp_session_accepted(s);
    o->zv_rejected = oco_olp_session_zero_violation_rejected(s);
    o->reward = oco_olp_session_reward(s);
    memcpy(o->rem, oco_olp_session_remaining(s), m * sizeof(double));
    const double *y = oco_olp_session_dual(s);
    o->has_dual = y != NULL;
    if (y)
        memcpy(o->dual, y, m * sizeof(double));
    const char *ph = oco_olp_session_phase(s);
    o->has_phase = ph != NULL;
    if (ph)
        snprintf(o->phase, sizeof o->phase, "%s", ph);
}

static void assert_snap_equal(const snap *a, const snap *b, const char *what, const char *nm)
{
    if (memcmp(a, b, sizeof *a) != 0)
        fail_msg("%s: %s: session state differs (round %zu vs %zu, reward %.17g vs %.17g, "
                 "phase '%s' vs '%s')",
                 nm, what, a->round, b->round, a->reward, b->reward, a->phase, b->phase);
}

static oco_olp_session *open_session(const oco_olp_policy_type *ty, size_t Tn, size_t m,
                                     const double *b, int hard, int zv, double zv_k,
                                     const oco_param *params, size_t np, oco_rng *rng)
{
    oco_olp_setup su = {Tn, m, b, rng};
    oco_olp_session_opts o;
    memset(&o, 0, sizeof o);
    o.hard_budget = hard;
    o.zero_violation = zv;
    o.zero_violation_k = zv_k;
    oco_olp_session *s = oco_olp_session_new(ty, &su, params, np, &o);
    if (!s)
        fail_msg("%s: session: %s", ty->info.name, oco_last_error());
    return s;
}

/* Rounds [from, to) of inst, recorded into tr. */
static void play(oco_olp_session *s, const oco_olp_instance *inst, size_t from, size_t to,
                 trace *tr)
{
    for (size_t t = from; t < to; ++t) {
        int x = -1;
        const int rc = oco_olp_session_step(s, inst->c[t], inst->a + t * inst->m, &x);
        if (rc != OCO_OK)
            fail_msg("%s: round %zu: %s", oco_olp_session_type(s)->info.name, t + 1,
                     oco_last_error());
        tr->x[t] = (unsigned char)x;
        tr->phase[t] = oco_olp_session_phase(s);
    }
}

static void assert_trace_equal(const trace *ref, const trace *got, size_t from, const char *what,
                               const char *nm)
{
    for (size_t t = from; t < T; ++t) {
        if (ref->x[t] != got->x[t])
            fail_msg("%s: %s: decision of round %zu differs (%d vs %d)", nm, what, t + 1,
                     ref->x[t], got->x[t]);
        const char *a = ref->phase[t], *b = got->phase[t];
        if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
            fail_msg("%s: %s: phase of round %zu differs", nm, what, t + 1);
    }
}

static unsigned char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    const long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    unsigned char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static void write_all(const char *path, const unsigned char *buf, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    fclose(f);
}

/* restore of `path` into s must fail with `code`, changing nothing. */
static void expect_refused(oco_olp_session *s, size_t m, const char *path, int code,
                           const char *what)
{
    snap before, after;
    take_snap(s, m, &before);
    const int rc = oco_olp_session_restore_state(s, path);
    if (rc != code)
        fail_msg("%s: restore of %s: got %d, expected %d (%s)",
                 oco_olp_session_type(s)->info.name, what, rc, code,
                 rc ? oco_last_error() : "accepted");
    take_snap(s, m, &after);
    assert_snap_equal(&before, &after, what, oco_olp_session_type(s)->info.name);
}

/* Save, at round 0, the state of a session that differs from the test's
 * in one setting; the test's session must refuse it. */
static void refuse_foreign(oco_olp_session *s, const oco_olp_policy_type *ty, size_t Tn,
                           size_t m, const double *b, int hard, int zv, double zv_k,
                           const oco_param *params, size_t np, oco_rng *rng, size_t m_test,
                           const char *what)
{
    oco_olp_session *f = open_session(ty, Tn, m, b, hard, zv, zv_k, params, np, rng);
    assert_int_equal(oco_olp_session_save_state(f, g_other), OCO_OK);
    oco_olp_session_free(f);
    expect_refused(s, m_test, g_other, OCO_EINVAL, what);
}

/* An explicit parameter list different from the test's (which gives none):
 * a known different value for some policies, else the first parameter
 * with a finite default, given explicitly (the head compares the list). */
static size_t other_params(const oco_olp_policy_type *ty, oco_param *p)
{
    static const struct {
        const char *algo, *key;
        double v;
    } known[] = {{"dual-subgradient", "alpha", 0.05}, {"ahdl", "warm_start", 0.0},
                 {"dla", "eps", 0.2}, {"decoupled", "Te", 100.0}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; ++i)
        if (strcmp(ty->info.name, known[i].algo) == 0) {
            p->key = known[i].key;
            p->value = known[i].v;
            return 1;
        }
    for (size_t i = 0; i < ty->info.nparams; ++i)
        if (isfinite(ty->info.params[i].default_value)) {
            p->key = ty->info.params[i].name;
            p->value = ty->info.params[i].default_value;
            return 1;
        }
    return 0;
}

/* The refusals on session s (the test's setting c, at some round): other
 * policy, other setup/options/params, corrupted, truncated, missing. */
static void refusals(oco_olp_session *s, const oco_olp_policy_type *ty,
                     const oco_olp_policy_type *other, const cfg *c, const double *b,
                     oco_rng *rng, const char *own_state)
{
    const size_t m = c->m;
    const int hard = c->hard, zv = c->zv;
    double b2[MMAX + 1];
    for (size_t i = 0; i <= MMAX; ++i)
        b2[i] = i < m ? b[i] : 1.0;
    if (other != ty)
        refuse_foreign(s, other, T, m, b, hard, zv, 0.0, NULL, 0, rng, m, "another policy");
    refuse_foreign(s, ty, T - 1, m, b, hard, zv, 0.0, NULL, 0, rng, m, "another T");
    refuse_foreign(s, ty, T, m + 1, b2, hard, zv, 0.0, NULL, 0, rng, m, "another m");
    b2[0] = nextafter(b[0], INFINITY);
    refuse_foreign(s, ty, T, m, b2, hard, zv, 0.0, NULL, 0, rng, m, "another budget b");
    refuse_foreign(s, ty, T, m, b, !hard, zv, 0.0, NULL, 0, rng, m, "another hard_budget");
    refuse_foreign(s, ty, T, m, b, hard, !zv, 0.0, NULL, 0, rng, m, "zero-violation on/off");
    if (zv)
        refuse_foreign(s, ty, T, m, b, hard, zv, 5.0, NULL, 0, rng, m,
                       "another zero-violation k");
    oco_param p;
    if (other_params(ty, &p))
        refuse_foreign(s, ty, T, m, b, hard, zv, 0.0, &p, 1, rng, m, "other params");

    /* this policy's own state, corrupted in one byte, truncated, missing */
    size_t n = 0;
    unsigned char *buf = read_all(own_state, &n);
    const size_t at[] = {9, n / 2, n - 12};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; ++k) {
        buf[at[k]] ^= 0x10;
        write_all(g_other, buf, n);
        buf[at[k]] ^= 0x10;
        expect_refused(s, m, g_other, OCO_EINVAL, "a corrupted byte");
    }
    write_all(g_other, buf, n - 5);
    expect_refused(s, m, g_other, OCO_EINVAL, "a truncated file");
    write_all(g_other, buf, n / 2);
    expect_refused(s, m, g_other, OCO_EINVAL, "a half file");
    free(buf);
    remove(g_other);
    expect_refused(s, m, g_other, OCO_EIO, "a missing file");
}

/* A fresh session (rng seeded differently from the run's), a few rounds
 * played so the restore replaces a used state, restored from `path` saved
 * at round k (snapshot sk), then played to T: the same decisions, phases
 * and final totals as the uninterrupted run. */
static void resume_at(const oco_olp_policy_type *ty, const cfg *c, const oco_olp_instance *inst,
                      const char *path, size_t k, const snap *sk, const snap *sT,
                      const trace *ref, const oco_rng *run_rng, const char *what)
{
    const char *nm = ty->info.name;
    static trace got;
    snap now;
    oco_rng other_rng;
    oco_rng_seed(&other_rng, 999 + k, 7);
    oco_olp_session *b =
        open_session(ty, T, c->m, inst->b, c->hard, c->zv, 0.0, NULL, 0, &other_rng);
    play(b, inst, 0, k / 3, &got);
    if (oco_olp_session_restore_state(b, path) != OCO_OK)
        fail_msg("%s: %s: restore at round %zu: %s", nm, what, k, oco_last_error());
    take_snap(b, c->m, &now);
    assert_snap_equal(sk, &now, what, nm);
    if (ty->info.flags & OCO_ALGO_RANDOMIZED) /* the saved rng came back */
        assert_memory_equal(run_rng, &other_rng, sizeof other_rng);
    play(b, inst, k, T, &got);
    assert_trace_equal(ref, &got, k, what, nm);
    take_snap(b, c->m, &now);
    assert_snap_equal(sT, &now, what, nm);
    oco_olp_session_free(b);
}

/* Checkpoints at round 0, k_early (in the learning phases of the
 * learn-then-decide and dla policies), k and T. */
static void check_policy(const oco_olp_policy_type *ty, const oco_olp_policy_type *other,
                         const cfg *c, const oco_olp_instance *inst, size_t k_early, size_t k,
                         size_t *zv_rejected)
{
    const char *nm = ty->info.name;
    const size_t m = c->m;
    static trace ref, got;
    snap s0, se, sk, sT, now;
    oco_rng rng;
    oco_rng_seed(&rng, 100, 1);

    /* The uninterrupted run, which only saves (const) at 0, k_early, k, T. */
    oco_olp_session *a = open_session(ty, T, m, inst->b, c->hard, c->zv, 0.0, NULL, 0, &rng);
    take_snap(a, m, &s0);
    assert_int_equal(oco_olp_session_save_state(a, g_path[0]), OCO_OK);
    play(a, inst, 0, k_early, &ref);
    oco_rng rng_e = rng, rng_k;
    take_snap(a, m, &se);
    assert_int_equal(oco_olp_session_save_state(a, g_path[3]), OCO_OK);
    play(a, inst, k_early, k, &ref);
    rng_k = rng;
    take_snap(a, m, &sk);
    if (oco_olp_session_save_state(a, g_path[1]) != OCO_OK)
        fail_msg("%s: save at round %zu: %s", nm, k, oco_last_error());
    play(a, inst, k, T, &ref);
    take_snap(a, m, &sT);
    assert_int_equal(oco_olp_session_save_state(a, g_path[2]), OCO_OK);
    oco_olp_session_free(a);
    *zv_rejected += sT.zv_rejected;

    resume_at(ty, c, inst, g_path[3], k_early, &se, &sT, &ref, &rng_e, "restored at k_early");
    resume_at(ty, c, inst, g_path[1], k, &sk, &sT, &ref, &rng_k, "restored at k");

    /* Restored at round 0; at round k/2 it refuses every bad state and
     * still runs as the uninterrupted run. */
    oco_rng other_rng;
    oco_rng_seed(&other_rng, 998, 7);
    oco_olp_session *b = open_session(ty, T, m, inst->b, c->hard, c->zv, 0.0, NULL, 0, &other_rng);
    play(b, inst, 0, 5, &got);
    assert_int_equal(oco_olp_session_restore_state(b, g_path[0]), OCO_OK);
    take_snap(b, m, &now);
    assert_snap_equal(&s0, &now, "restored at 0", nm);
    play(b, inst, 0, k / 2, &got);
    refusals(b, ty, other, c, inst->b, &other_rng, g_path[1]);
    play(b, inst, k / 2, T, &got);
    assert_trace_equal(&ref, &got, 0, "restored at 0, after refusals", nm);
    take_snap(b, m, &now);
    assert_snap_equal(&sT, &now, "restored at 0, after round T", nm);
    oco_olp_session_free(b);

    /* Restored after the last round: the totals, and no round left. */
    b = open_session(ty, T, m, inst->b, c->hard, c->zv, 0.0, NULL, 0, &other_rng);
    assert_int_equal(oco_olp_session_restore_state(b, g_path[2]), OCO_OK);
    take_snap(b, m, &now);
    assert_snap_equal(&sT, &now, "restored after round T", nm);
    int x = -1;
    assert_int_equal(oco_olp_session_step(b, inst->c[0], inst->a, &x), OCO_ESTATE);
    oco_olp_session_free(b);
}

static void test_every_policy(void **unused)
{
    (void)unused;
    const oco_olp_policy_type *types[64];
    size_t n = 0;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol == OCO_PROTOCOL_OLP) {
            assert_true(n < 64);
            types[n++] = oco_olp_policy_from_info(info);
            assert_non_null(types[n - 1]);
        }
    }
    assert_true(n >= 13); /* the 13 policies of this writing, and any later */
    oco_rng krng;
    oco_rng_seed(&krng, 2026, 12);
    for (size_t ci = 0; ci < NCFG; ++ci) {
        const cfg *c = &CFGS[ci];
        oco_rng irng;
        oco_rng_seed(&irng, c->seed, 0);
        oco_olp_instance *inst = oco_olp_generate(c->type, c->m, T, &irng);
        assert_non_null(inst);
        size_t zv_rejected = 0;
        for (size_t i = 0; i < n; ++i) {
            /* k_early in [1, 150]: before the end of learning (Te = 159, dla's
             * t0 = 200); k in (k_early, T-1] */
            const size_t k_early = 1 + (size_t)oco_rng_below(&krng, 150);
            const size_t k = k_early + 1 + (size_t)oco_rng_below(&krng, T - 1 - k_early);
            check_policy(types[i], types[(i + 1) % n], c, inst, k_early, k, &zv_rejected);
        }
        if (c->zv) /* the add-on did reject orders, so its quotas were exercised */
            assert_true(zv_rejected > 0);
        oco_olp_instance_free(inst);
    }
    for (int i = 0; i < 4; ++i)
        remove(g_path[i]);
    remove(g_other);
}

/* A checkpoint of a session that was reset (oco_olp_session_reset) before
 * it: to a given price y where the policy has a reset entry (the re-solving
 * policies then replay from that start price), else to its initial state.
 * The restored session goes on as the original one. */
static void test_after_reset(void **unused)
{
    (void)unused;
    const cfg c = {2, 1, 0, 1, 21};
    oco_rng irng;
    oco_rng_seed(&irng, c.seed, 0);
    oco_olp_instance *inst = oco_olp_generate(1, c.m, T, &irng);
    assert_non_null(inst);
    const double y[2] = {0.3, 0.2};
    static trace ref, got;
    for (size_t i = 0; i < oco_algo_count(); ++i) {
        const oco_algo_info *info = oco_algo_at(i);
        if (info->protocol != OCO_PROTOCOL_OLP)
            continue;
        const oco_olp_policy_type *ty = oco_olp_policy_from_info(info);
        const char *nm = ty->info.name;
        oco_rng rng;
        oco_rng_seed(&rng, 5, 5);
        oco_olp_session *a = open_session(ty, T, c.m, inst->b, c.hard, 0, 0.0, NULL, 0, &rng);
        play(a, inst, 0, 300, &ref);
        if (oco_olp_session_reset(a, ty->reset ? y : NULL) != OCO_OK)
            fail_msg("%s: reset: %s", nm, oco_last_error());
        /* 10: before the first re-solve of wait-less-sqrt (round 45), where
         * the price still comes from y */
        const size_t ks[2] = {10, 250};
        play(a, inst, 0, ks[0], &ref);
        assert_int_equal(oco_olp_session_save_state(a, g_path[0]), OCO_OK);
        play(a, inst, ks[0], ks[1], &ref);
        assert_int_equal(oco_olp_session_save_state(a, g_path[1]), OCO_OK);
        play(a, inst, ks[1], T, &ref);
        snap sT, now;
        take_snap(a, c.m, &sT);
        oco_olp_session_free(a);
        for (int j = 0; j < 2; ++j) {
            oco_rng_seed(&rng, 6, 6);
            oco_olp_session *b =
                open_session(ty, T, c.m, inst->b, c.hard, 0, 0.0, NULL, 0, &rng);
            if (oco_olp_session_restore_state(b, g_path[j]) != OCO_OK)
                fail_msg("%s: restore after a reset: %s", nm, oco_last_error());
            play(b, inst, ks[j], T, &got);
            assert_trace_equal(&ref, &got, ks[j], "checkpoint after a reset", nm);
            take_snap(b, c.m, &now);
            assert_snap_equal(&sT, &now, "checkpoint after a reset", nm);
            oco_olp_session_free(b);
        }
    }
    oco_olp_instance_free(inst);
    remove(g_path[0]);
    remove(g_path[1]);
}

static void test_arguments(void **unused)
{
    (void)unused;
    const double b[2] = {100.0, 100.0};
    oco_olp_session *s = open_session(oco_olp_dual_subgradient, 10, 2, b, 0, 0, 0.0, NULL, 0,
                                      NULL);
    assert_int_equal(oco_olp_session_save_state(NULL, g_path[0]), OCO_EINVAL);
    assert_int_equal(oco_olp_session_save_state(s, NULL), OCO_EINVAL);
    assert_int_equal(oco_olp_session_restore_state(NULL, g_path[0]), OCO_EINVAL);
    assert_int_equal(oco_olp_session_restore_state(s, NULL), OCO_EINVAL);
    oco_olp_session_free(s);
}

int main(void)
{
    for (int i = 0; i < 4; ++i)
        snprintf(g_path[i], sizeof g_path[i], "/tmp/oco_test_olp_state_%ld_%d.bin",
                 (long)getpid(), i);
    snprintf(g_other, sizeof g_other, "/tmp/oco_test_olp_state_%ld_other.bin", (long)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_policy),
        cmocka_unit_test(test_after_reset),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
