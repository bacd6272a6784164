/* Checkpoint and resume of an OLP session (alloc.h: oco_olp_session_save_state,
 * oco_olp_session_restore_state; issue 12), in the one state format of
 * include/oco/state.h: the session's own round, totals, remaining budget,
 * zero-violation quotas and phase label, then the policy's state (its save
 * entry). A restore builds the policy's state afresh and swaps it in only when
 * everything loaded, so a refused file changes nothing. */
#include "oco/alloc.h"

#include "oco/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/alloc/session_internal.h"
#include "core/state_io.h"

enum { OLP_NDIMS_FIXED = 7 };

/* A phase label is "a short static label"; longer is a corrupt file. */
#define OLP_PHASE_MAX 4096

static uint64_t bits_of(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* The policy saves an rng only if it is randomized (the setup's rng is
 * ignored otherwise, alloc.h); oco_olp_policy_check made sure it is there. */
static int saves_rng(const oco_olp_session *s)
{
    return (s->type->info.flags & OCO_ALGO_RANDOMIZED) && s->setup.rng;
}

/* dims (OLP_NDIMS_FIXED + m entries, malloc'd into *dims) and the head:
 * T, m, hard_budget, zero-violation on/off, its threshold d̲/2 (bits) and
 * quota q, whether an rng is saved, then the bits of b. */
static int olp_head(const oco_olp_session *s, uint64_t **dims, oco__state_head *h)
{
    uint64_t *v = malloc((OLP_NDIMS_FIXED + s->m) * sizeof *v);
    if (!v)
        return oco_set_error(OCO_ENOMEM, "%s: out of memory", s->type->info.name);
    v[0] = s->T;
    v[1] = s->m;
    v[2] = (uint64_t)s->hard_budget;
    v[3] = s->zv_left != NULL;
    v[4] = s->zv_left ? bits_of(s->zv_threshold) : 0;
    v[5] = s->zv_left ? s->zv_quota : 0;
    v[6] = (uint64_t)saves_rng(s);
    for (size_t i = 0; i < s->m; ++i)
        v[OLP_NDIMS_FIXED + i] = bits_of(s->b[i]);
    *dims = v;
    h->protocol = "olp";
    h->algorithm = s->type->info.name;
    h->dims = v;
    h->ndims = OLP_NDIMS_FIXED + s->m;
    h->params = s->params;
    h->nparams = s->nparams;
    return OCO_OK;
}

static int no_support(const oco_olp_session *s)
{
    return oco_set_error(OCO_EINVAL, "%s: no checkpoint support", s->type->info.name);
}

int oco_olp_session_save_state(const oco_olp_session *s, const char *path)
{
    if (!s || !path)
        return oco_set_error(OCO_EINVAL, "olp save state: NULL %s", !s ? "session" : "path");
    if (!s->type->save || !s->type->restore)
        return no_support(s);
    uint64_t *dims = NULL;
    oco__state_head h;
    int rc = olp_head(s, &dims, &h);
    if (rc != OCO_OK)
        return rc;
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_size(&w, s->round);
    oco_state_put_size(&w, s->accepted);
    oco_state_put_f64(&w, s->reward);
    oco_state_put_f64v(&w, s->remaining, s->m);
    if (s->zv_left) {
        oco_state_put_sizev(&w, s->zv_left, s->m);
        oco_state_put_size(&w, s->zv_rejected);
    }
    oco_state_put_int(&w, s->phase != NULL);
    if (s->phase) {
        const size_t len = strlen(s->phase);
        oco_state_put_size(&w, len);
        oco_state_put_bytes(&w, s->phase, len);
    }
    if (saves_rng(s))
        oco_state_put_rng(&w, s->setup.rng);
    rc = s->type->save(s->state, &w);
    if (rc == OCO_OK)
        rc = oco__state_save(path, &h, &w);
    oco__state_writer_free(&w);
    free(dims);
    return rc;
}

/* The session's fields read from a state, applied only if all of it loaded. */
typedef struct olp_fields {
    size_t round, accepted, zv_rejected;
    double reward;
    double *remaining; /* m */
    size_t *zv_left;   /* m, when the add-on is on */
    int has_phase;
    char *phase; /* NUL-terminated copy */
    oco_rng rng;
} olp_fields;

static int read_fields(const oco_olp_session *s, oco_state_reader *r, olp_fields *f)
{
    const size_t m = s->m;
    size_t len = 0;
    int rc = oco_state_get_size(r, &f->round);
    if (rc == OCO_OK)
        rc = oco_state_get_size(r, &f->accepted);
    if (rc == OCO_OK)
        rc = oco_state_get_f64(r, &f->reward);
    if (rc == OCO_OK)
        rc = oco_state_get_f64v(r, f->remaining, m);
    if (rc == OCO_OK && s->zv_left)
        rc = oco_state_get_sizev(r, f->zv_left, m);
    if (rc == OCO_OK && s->zv_left)
        rc = oco_state_get_size(r, &f->zv_rejected);
    if (rc == OCO_OK)
        rc = oco_state_get_int(r, &f->has_phase);
    if (rc == OCO_OK && f->has_phase) {
        rc = oco_state_get_size(r, &len);
        if (rc == OCO_OK && len > OLP_PHASE_MAX)
            rc = oco_set_error(OCO_EINVAL, "state: phase label of %zu bytes", len);
        if (rc == OCO_OK && !(f->phase = malloc(len + 1)))
            rc = oco_set_error(OCO_ENOMEM, "state: out of memory");
        if (rc == OCO_OK) {
            rc = oco_state_get_bytes(r, f->phase, len);
            f->phase[len] = '\0';
        }
    }
    if (rc == OCO_OK && saves_rng(s))
        rc = oco_state_get_rng(r, &f->rng);
    return rc;
}

/* The session's invariants, checked on what was read. */
static int check_fields(const oco_olp_session *s, const olp_fields *f, const char *path)
{
    const char *nm = s->type->info.name;
    if (f->round > s->T)
        return oco_set_error(OCO_EINVAL, "%s: state file '%s' is at round %zu > T = %zu", nm,
                             path, f->round, s->T);
    if (f->accepted > f->round || (s->zv_left && f->zv_rejected > f->round))
        return oco_set_error(OCO_EINVAL, "%s: state file '%s' counts more orders than rounds",
                             nm, path);
    for (size_t i = 0; s->zv_left && i < s->m; ++i)
        if (f->zv_left[i] > s->zv_quota)
            return oco_set_error(OCO_EINVAL, "%s: state file '%s' has a zero-violation quota "
                                             "left above q = %zu", nm, path, s->zv_quota);
    if (f->has_phase != 0 && f->has_phase != 1)
        return oco_set_error(OCO_EINVAL, "%s: state file '%s' has an invalid phase flag", nm,
                             path);
    return OCO_OK;
}

int oco_olp_session_restore_state(oco_olp_session *s, const char *path)
{
    if (!s || !path)
        return oco_set_error(OCO_EINVAL, "olp restore state: NULL %s", !s ? "session" : "path");
    const char *nm = s->type->info.name;
    if (!s->type->save || !s->type->restore)
        return no_support(s);
    uint64_t *dims = NULL;
    oco__state_head h;
    int rc = olp_head(s, &dims, &h);
    if (rc != OCO_OK)
        return rc;
    unsigned char *buf = NULL;
    oco_state_reader r;
    rc = oco__state_load(path, &h, &buf, &r);
    free(dims);
    if (rc != OCO_OK)
        return rc;
    olp_fields f;
    memset(&f, 0, sizeof f);
    f.remaining = malloc(s->m * sizeof *f.remaining);
    f.zv_left = s->zv_left ? malloc(s->m * sizeof *f.zv_left) : NULL;
    oco_clear_error(); /* so a create() that fails silently is still reported */
    void *st = s->type->create(&s->setup, s->params, s->nparams);
    if (!st)
        rc = oco_last_error_code() != OCO_OK
                 ? oco_last_error_code()
                 : oco_set_error(OCO_EINVAL, "%s: could not be created", nm);
    else if (!f.remaining || (s->zv_left && !f.zv_left))
        rc = oco_set_error(OCO_ENOMEM, "%s: out of memory for m = %zu", nm, s->m);
    if (rc == OCO_OK)
        rc = read_fields(s, &r, &f);
    if (rc == OCO_OK)
        rc = s->type->restore(st, &r);
    if (rc == OCO_OK)
        rc = oco__state_reader_done(&r);
    if (rc == OCO_OK)
        rc = check_fields(s, &f, path);
    free(buf);
    if (rc != OCO_OK) {
        if (st)
            s->type->destroy(st);
        free(f.remaining);
        free(f.zv_left);
        free(f.phase);
        return rc;
    }
    /* Everything loaded: swap. */
    s->type->destroy(s->state);
    s->state = st;
    s->round = f.round;
    s->accepted = f.accepted;
    s->reward = f.reward;
    memcpy(s->remaining, f.remaining, s->m * sizeof *s->remaining);
    if (s->zv_left) {
        memcpy(s->zv_left, f.zv_left, s->m * sizeof *s->zv_left);
        s->zv_rejected = f.zv_rejected;
    }
    free(s->phase_copy);
    s->phase_copy = f.phase; /* NULL when the state had no label */
    s->phase = f.phase;
    if (saves_rng(s))
        *s->setup.rng = f.rng;
    free(f.remaining);
    free(f.zv_left);
    return OCO_OK;
}
