/* The checkpoint format of include/oco/state.h: little-endian fields, the
 * header a restore checks, an FNV-1a 64 checksum, atomic writes. */
#define _POSIX_C_SOURCE 200809L
#include "core/state_io.h"

#include "oco/error.h"
#include "oco/version.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char MAGIC[8] = {'O', 'C', 'O', 'S', 'T', 'A', 'T', 'E'};

/* ---- writer ------------------------------------------------------------------ */
void oco__state_writer_init(oco_state_writer *w) { memset(w, 0, sizeof *w); }

void oco__state_writer_free(oco_state_writer *w)
{
    if (w)
        free(w->buf);
}

static unsigned char *room(oco_state_writer *w, size_t n)
{
    if (!w || w->failed)
        return NULL;
    if (n > SIZE_MAX - w->len) {
        w->failed = 1;
        return NULL;
    }
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n)
            cap = cap > SIZE_MAX / 2 ? w->len + n : 2 * cap;
        unsigned char *b = realloc(w->buf, cap);
        if (!b) {
            w->failed = 1;
            return NULL;
        }
        w->buf = b;
        w->cap = cap;
    }
    unsigned char *p = w->buf + w->len;
    w->len += n;
    return p;
}

static void le64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t from_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

void oco_state_put_u64(oco_state_writer *w, uint64_t v)
{
    unsigned char *p = room(w, 8);
    if (p)
        le64(p, v);
}

void oco_state_put_size(oco_state_writer *w, size_t v) { oco_state_put_u64(w, (uint64_t)v); }

/* two's complement through int64 */
void oco_state_put_int(oco_state_writer *w, int v) { oco_state_put_u64(w, (uint64_t)(int64_t)v); }

void oco_state_put_f64(oco_state_writer *w, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    oco_state_put_u64(w, u);
}

void oco_state_put_f64v(oco_state_writer *w, const double *v, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        oco_state_put_f64(w, v[i]);
}

void oco_state_put_sizev(oco_state_writer *w, const size_t *v, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        oco_state_put_size(w, v[i]);
}

void oco_state_put_bytes(oco_state_writer *w, const void *p, size_t n)
{
    unsigned char *q = room(w, n);
    if (q && n)
        memcpy(q, p, n);
}

void oco_state_put_rng(oco_state_writer *w, const oco_rng *rng)
{
    for (int i = 0; i < 4; ++i)
        oco_state_put_u64(w, rng->s[i]);
}

static void put_str(oco_state_writer *w, const char *s)
{
    const size_t n = s ? strlen(s) : 0;
    oco_state_put_size(w, n);
    oco_state_put_bytes(w, s, n);
}

/* ---- reader ------------------------------------------------------------------ */
static int take(oco_state_reader *r, size_t n, const unsigned char **out)
{
    if (!r || r->failed)
        return OCO_EINVAL;
    if (n > r->len - r->pos) {
        r->failed = 1;
        return oco_set_error(OCO_EINVAL, "state %s: truncated payload (%zu bytes wanted at byte "
                                         "%zu of %zu)",
                             r->path ? r->path : "", n, r->pos, r->len);
    }
    *out = r->p + r->pos;
    r->pos += n;
    return OCO_OK;
}

int oco_state_get_u64(oco_state_reader *r, uint64_t *v)
{
    const unsigned char *p = NULL;
    int rc = take(r, 8, &p);
    if (rc == OCO_OK)
        *v = from_le64(p);
    return rc;
}

int oco_state_get_size(oco_state_reader *r, size_t *v)
{
    uint64_t u;
    int rc = oco_state_get_u64(r, &u);
    if (rc)
        return rc;
    if (u > SIZE_MAX) {
        r->failed = 1;
        return oco_set_error(OCO_EINVAL, "state %s: size %llu out of range", r->path,
                             (unsigned long long)u);
    }
    *v = (size_t)u;
    return OCO_OK;
}

int oco_state_get_int(oco_state_reader *r, int *v)
{
    uint64_t u;
    int rc = oco_state_get_u64(r, &u);
    if (rc)
        return rc;
    const int64_t s = (int64_t)u;
    if (s < -2147483647 - 1 || s > 2147483647) {
        r->failed = 1;
        return oco_set_error(OCO_EINVAL, "state %s: integer out of range", r->path);
    }
    *v = (int)s;
    return OCO_OK;
}

int oco_state_get_f64(oco_state_reader *r, double *v)
{
    uint64_t u;
    int rc = oco_state_get_u64(r, &u);
    if (rc == OCO_OK)
        memcpy(v, &u, sizeof *v);
    return rc;
}

int oco_state_get_f64v(oco_state_reader *r, double *v, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        int rc = oco_state_get_f64(r, v + i);
        if (rc)
            return rc;
    }
    return OCO_OK;
}

int oco_state_get_sizev(oco_state_reader *r, size_t *v, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        int rc = oco_state_get_size(r, v + i);
        if (rc)
            return rc;
    }
    return OCO_OK;
}

int oco_state_get_bytes(oco_state_reader *r, void *p, size_t n)
{
    const unsigned char *q = NULL;
    int rc = take(r, n, &q);
    if (rc == OCO_OK && n)
        memcpy(p, q, n);
    return rc;
}

int oco_state_get_rng(oco_state_reader *r, oco_rng *rng)
{
    uint64_t s[4];
    for (int i = 0; i < 4; ++i) {
        int rc = oco_state_get_u64(r, &s[i]);
        if (rc)
            return rc;
    }
    memcpy(rng->s, s, sizeof s);
    return OCO_OK;
}

int oco_state_expect_size(oco_state_reader *r, size_t expected, const char *what)
{
    size_t v;
    int rc = oco_state_get_size(r, &v);
    if (rc)
        return rc;
    if (v != expected) {
        r->failed = 1;
        return oco_set_error(OCO_EINVAL, "state %s: %s is %zu, this object has %zu", r->path,
                             what, v, expected);
    }
    return OCO_OK;
}

int oco__state_reader_done(oco_state_reader *r)
{
    if (r->failed)
        return OCO_EINVAL;
    if (r->pos != r->len)
        return oco_set_error(OCO_EINVAL,
                             "state %s: %zu bytes of the payload were not read (another "
                             "algorithm's layout?)",
                             r->path, r->len - r->pos);
    return OCO_OK;
}

/* ---- the file ------------------------------------------------------------------ */
static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void put_head(oco_state_writer *w, const oco__state_head *h)
{
    oco_state_put_bytes(w, MAGIC, sizeof MAGIC);
    oco_state_put_u64(w, OCO_STATE_FORMAT_VERSION);
    put_str(w, oco_version());
    put_str(w, h->protocol);
    put_str(w, h->algorithm);
    oco_state_put_size(w, h->ndims);
    for (size_t i = 0; i < h->ndims; ++i)
        oco_state_put_u64(w, h->dims[i]);
    oco_state_put_size(w, h->nparams);
    for (size_t i = 0; i < h->nparams; ++i) {
        put_str(w, h->params[i].key);
        oco_state_put_f64(w, h->params[i].value);
    }
}

int oco__state_save(const char *path, const oco__state_head *head, const oco_state_writer *payload)
{
    if (!path || !head || !payload)
        return oco_set_error(OCO_EINVAL, "state save: NULL argument");
    if (payload->failed)
        return oco_set_error(OCO_ENOMEM, "state %s: out of memory", path);
    oco_state_writer w;
    oco__state_writer_init(&w);
    put_head(&w, head);
    oco_state_put_size(&w, payload->len);
    oco_state_put_bytes(&w, payload->buf, payload->len);
    if (w.failed) {
        oco__state_writer_free(&w);
        return oco_set_error(OCO_ENOMEM, "state %s: out of memory", path);
    }
    oco_state_put_u64(&w, fnv1a64(w.buf, w.len));
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!tmp || w.failed) {
        free(tmp);
        oco__state_writer_free(&w);
        return oco_set_error(OCO_ENOMEM, "state %s: out of memory", path);
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    int rc = OCO_OK;
    errno = 0;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        rc = oco_set_error(OCO_EIO, "state %s: cannot write %s: %s", path, tmp, strerror(errno));
    } else {
        size_t off = 0;
        while (off < w.len && rc == OCO_OK) {
            ssize_t k = write(fd, w.buf + off, w.len - off);
            if (k > 0)
                off += (size_t)k;
            else if (!(k < 0 && errno == EINTR))
                rc = oco_set_error(OCO_EIO, "state %s: write failed: %s", path,
                                   k < 0 ? strerror(errno) : "no progress");
        }
        if (rc == OCO_OK && fsync(fd) != 0)
            rc = oco_set_error(OCO_EIO, "state %s: fsync failed: %s", path, strerror(errno));
        if (close(fd) != 0 && rc == OCO_OK)
            rc = oco_set_error(OCO_EIO, "state %s: close failed: %s", path, strerror(errno));
        if (rc == OCO_OK && rename(tmp, path) != 0)
            rc = oco_set_error(OCO_EIO, "state %s: rename failed: %s", path, strerror(errno));
        if (rc != OCO_OK)
            unlink(tmp);
    }
    free(tmp);
    oco__state_writer_free(&w);
    return rc;
}

/* Reads one string of the header and compares it with `want`. */
static int expect_str(oco_state_reader *r, const char *want, const char *what)
{
    size_t n = 0;
    const unsigned char *p = NULL;
    int rc = oco_state_get_size(r, &n);
    if (rc == OCO_OK)
        rc = take(r, n, &p);
    if (rc)
        return rc;
    const size_t wn = want ? strlen(want) : 0;
    if (n != wn || (n && memcmp(p, want, n) != 0)) {
        r->failed = 1;
        return oco_set_error(OCO_EINVAL, "state %s: saved by %s '%.*s', not '%s'", r->path, what,
                             (int)(n > 200 ? 200 : n), (const char *)p, want ? want : "");
    }
    return OCO_OK;
}

int oco__state_load(const char *path, const oco__state_head *expect, unsigned char **buf_out,
                    oco_state_reader *out)
{
    if (!path || !expect || !buf_out || !out)
        return oco_set_error(OCO_EINVAL, "state restore: NULL argument");
    FILE *f = fopen(path, "rb");
    if (!f)
        return oco_set_error(OCO_EIO, "state %s: cannot open: %s", path, strerror(errno));
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = OCO_OK;
    for (;;) {
        if (len == cap) {
            size_t nc = cap ? 2 * cap : 4096;
            unsigned char *b = nc > cap ? realloc(buf, nc) : NULL;
            if (!b) {
                rc = oco_set_error(OCO_ENOMEM, "state %s: out of memory", path);
                break;
            }
            buf = b;
            cap = nc;
        }
        size_t k = fread(buf + len, 1, cap - len, f);
        len += k;
        if (k == 0) {
            if (ferror(f))
                rc = oco_set_error(OCO_EIO, "state %s: read error", path);
            break;
        }
    }
    fclose(f);
    if (rc == OCO_OK && (len < sizeof MAGIC + 16 || memcmp(buf, MAGIC, sizeof MAGIC) != 0))
        rc = oco_set_error(OCO_EINVAL, "state %s: not an oco state file (no OCOSTATE magic)",
                           path);
    if (rc == OCO_OK && fnv1a64(buf, len - 8) != from_le64(buf + len - 8))
        rc = oco_set_error(OCO_EINVAL, "state %s: checksum mismatch (truncated or corrupted)",
                           path);
    oco_state_reader r = {buf, len - (rc == OCO_OK ? 8 : 0), sizeof MAGIC, 0, path};
    uint64_t version = 0;
    if (rc == OCO_OK && (rc = oco_state_get_u64(&r, &version)) == OCO_OK &&
        version != OCO_STATE_FORMAT_VERSION)
        rc = oco_set_error(OCO_EINVAL, "state %s: format version %llu, this oco reads version %d",
                           path, (unsigned long long)version, OCO_STATE_FORMAT_VERSION);
    if (rc == OCO_OK)
        rc = expect_str(&r, oco_version(), "oco version");
    if (rc == OCO_OK)
        rc = expect_str(&r, expect->protocol, "protocol");
    if (rc == OCO_OK)
        rc = expect_str(&r, expect->algorithm, "algorithm");
    if (rc == OCO_OK)
        rc = oco_state_expect_size(&r, expect->ndims, "the number of dimensions");
    for (size_t i = 0; rc == OCO_OK && i < expect->ndims; ++i) {
        uint64_t v;
        if ((rc = oco_state_get_u64(&r, &v)) == OCO_OK && v != expect->dims[i])
            rc = oco_set_error(OCO_EINVAL, "state %s: dimension %zu is %llu, this object has "
                                           "%llu",
                               path, i + 1, (unsigned long long)v,
                               (unsigned long long)expect->dims[i]);
    }
    if (rc == OCO_OK)
        rc = oco_state_expect_size(&r, expect->nparams, "the number of parameters");
    for (size_t i = 0; rc == OCO_OK && i < expect->nparams; ++i) {
        double v;
        if ((rc = expect_str(&r, expect->params[i].key, "parameter")) == OCO_OK &&
            (rc = oco_state_get_f64(&r, &v)) == OCO_OK &&
            memcmp(&v, &expect->params[i].value, sizeof v) != 0)
            rc = oco_set_error(OCO_EINVAL, "state %s: parameter %s = %.17g, this object has %.17g",
                               path, expect->params[i].key, v, expect->params[i].value);
    }
    size_t plen = 0;
    if (rc == OCO_OK)
        rc = oco_state_get_size(&r, &plen);
    if (rc == OCO_OK && plen != r.len - r.pos)
        rc = oco_set_error(OCO_EINVAL, "state %s: payload length %zu does not match the file",
                           path, plen);
    if (rc != OCO_OK) {
        free(buf);
        return rc;
    }
    out->p = buf + r.pos;
    out->len = plen;
    out->pos = 0;
    out->failed = 0;
    out->path = path;
    *buf_out = buf;
    return OCO_OK;
}
