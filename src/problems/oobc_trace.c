/* Episodes from the VM CPU readings of the Azure trace (seed 000 §6,
 * olp_laau.md §2.4; include/oco/oobc_problem.h oco_oobc_data_read_trace).
 *
 * Schema [C] (V1 vm_cpu_readings-file-k-of-125.csv, V2 ...-of-195.csv),
 * decompressed: no header; each line "timestamp,vm id,min cpu,max cpu,
 * avg cpu", the CPU values in percent. Mapping [S]: the workload at step t
 * is the average CPU reading, c_t = avg/100 ∈ [0, 1] (§2.4 [D]).
 *
 * Grouping [D]: the readings of each VM in file order (a V2 file is a time
 * shard across the fleet, so one VM's rows are interleaved with others');
 * VMs in the order of their first reading; each VM's sequence cut into
 * disjoint windows of N consecutive readings (a shorter remainder is
 * dropped), taken VM by VM, at most n episodes (0: all). Budgets: episode i
 * draws B_m ~ U[N·budget_lo[m], N·budget_hi[m]] from oco_rng stream
 * (seed, i + 1), as the synthetic generator (§2.4 "draw B per instance
 * with a fixed seed").
 *
 * Errors are OCO_EPARSE "file:line:column: ...": a line without exactly 5
 * fields, a non-number or non-finite value, an empty vm id, an avg outside
 * [0, 100]; a gzip-compressed file is named as such. Blank lines are
 * skipped. */
#include "oco/oobc_problem.h"

#include "oco/csv.h"
#include "oco/error.h"
#include "oco/rng.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv_text.h"
#include "problems/read_file.h"

#define TRACE_FIELDS 5
#define TRACE_NUM_MAX 64 /* characters of one number */

typedef struct {
    const char *id; /* into the file buffer */
    size_t id_len;
    size_t row;     /* reading index in file order */
    double avg;     /* percent */
} reading;

typedef struct {
    size_t first; /* index (in the sorted readings) of the VM's first reading */
    size_t count;
    size_t first_row;
} vm_group;

/* by vm id, then file order: each VM's readings become one run, in order */
static int by_id_row(const void *pa, const void *pb)
{
    const reading *a = pa, *b = pb;
    const size_t n = a->id_len < b->id_len ? a->id_len : b->id_len;
    int c = memcmp(a->id, b->id, n);
    if (c)
        return c;
    if (a->id_len != b->id_len)
        return a->id_len < b->id_len ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static int by_first_row(const void *pa, const void *pb)
{
    const vm_group *a = pa, *b = pb;
    return (a->first_row > b->first_row) - (a->first_row < b->first_row);
}

static int parse_num(const char *tok, size_t tl, double *v, const char *src, size_t lineno,
                     size_t col, const char *what)
{
    char buf[TRACE_NUM_MAX + 1], shown[32];
    if (tl == 0)
        return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: empty %s field", src, lineno, col, what);
    csv_quote_field(shown, sizeof shown, tok, tl);
    if (tl > TRACE_NUM_MAX)
        return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: %s '%s' is too long for a number", src,
                             lineno, col, what, shown);
    memcpy(buf, tok, tl);
    buf[tl] = '\0';
    char *endp = NULL;
    errno = 0;
    *v = strtod(buf, &endp);
    if (endp != buf + tl)
        return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: %s: expected a number, found '%s'", src,
                             lineno, col, what, shown);
    if (!isfinite(*v))
        return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: %s is not finite", src, lineno, col, what);
    return OCO_OK;
}

/* One reading line (newline stripped) into *r. */
static int parse_line(const char *line, size_t len, reading *r, const char *src, size_t lineno)
{
    static const char *const what[TRACE_FIELDS] = {"timestamp", "vm id", "min cpu", "max cpu",
                                                   "avg cpu"};
    const size_t nf = oco_csv_count_fields(line, len);
    if (nf != TRACE_FIELDS) {
        size_t col = len + 1, seen = 0;
        if (nf > TRACE_FIELDS)
            for (size_t k = 0; k < len; k++)
                if (line[k] == ',' && ++seen == TRACE_FIELDS) {
                    col = k + 2;
                    break;
                }
        return oco_set_error(OCO_EPARSE,
                             "%s:%zu:%zu: expected 5 fields (timestamp, vm id, min, max, avg "
                             "cpu), found %zu",
                             src, lineno, col, nf);
    }
    size_t start = 0, end, s, e;
    for (size_t f = 0; f < TRACE_FIELDS; ++f) {
        csv_field(line, len, start, &end, &s, &e);
        if (f == 1) {
            if (s == e)
                return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: empty vm id", src, lineno,
                                     start + 1);
            r->id = line + s;
            r->id_len = e - s;
        } else {
            double v = 0;
            int rc = parse_num(line + s, e - s, &v, src, lineno, (s == e ? start : s) + 1,
                               what[f]);
            if (rc)
                return rc;
            if (f == 4) {
                if (!(v >= 0 && v <= 100))
                    return oco_set_error(OCO_EPARSE,
                                         "%s:%zu:%zu: avg cpu = %.17g is outside [0, 100] "
                                         "(percent)",
                                         src, lineno, s + 1, v);
                r->avg = v;
            }
        }
        start = end + 1;
    }
    return OCO_OK;
}

oco_oobc_data *oco_oobc_data_read_trace(const char *path, const oco_oobc_class *cls, size_t N,
                                        size_t n, uint64_t seed)
{
    if (!path) {
        oco_set_error(OCO_EINVAL, "oobc trace: path is NULL");
        return NULL;
    }
    if (oco_oobc_class_check(cls))
        return NULL;
    if (cls->p != 1) {
        oco_set_error(OCO_EINVAL,
                      "oobc trace %s: class %s has %zu context entries per step; the trace gives "
                      "one (p = 1 classes only)",
                      path, cls->name, cls->p);
        return NULL;
    }
    if (N < 1) {
        oco_set_error(OCO_EINVAL, "oobc trace %s: N must be >= 1", path);
        return NULL;
    }
    size_t len = 0;
    char *buf = oco__read_file(path, &len, 0);
    if (!buf)
        return NULL;
    reading *rd = NULL;
    vm_group *vg = NULL;
    oco_oobc_data *d = NULL;
    if (len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b) {
        oco_set_error(OCO_EPARSE, "%s:1:1: the file is gzip-compressed; decompress it first "
                                  "(gunzip)",
                      path);
        goto done;
    }
    size_t nr = 0, cap = 0, lineno = 0;
    const char *q = buf, *const end = buf + len;
    while (q < end) {
        lineno++;
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        const char *lend = nl ? nl + 1 : end;
        const size_t ll = csv_strip_newline(q, (size_t)(lend - q));
        if (!csv_line_is_blank(q, ll)) {
            if (nr == cap) {
                size_t nc = cap ? 2 * cap : 1024;
                reading *r2 = nc <= SIZE_MAX / sizeof *rd ? realloc(rd, nc * sizeof *rd) : NULL;
                if (!r2) {
                    oco_set_error(OCO_ENOMEM, "%s: out of memory after %zu readings", path, nr);
                    goto done;
                }
                rd = r2;
                cap = nc;
            }
            if (parse_line(q, ll, rd + nr, path, lineno) != OCO_OK)
                goto done;
            rd[nr].row = nr;
            nr++;
        }
        q = lend;
    }
    if (nr == 0) {
        oco_set_error(OCO_EPARSE, "%s:1:1: no readings (expected lines 'timestamp,vm id,min,max,"
                                  "avg')",
                      path);
        goto done;
    }
    qsort(rd, nr, sizeof *rd, by_id_row);
    size_t ng = 0;
    vg = malloc(nr * sizeof *vg); /* at most one VM per reading */
    if (!vg) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory for %zu readings", path, nr);
        goto done;
    }
    for (size_t k = 0; k < nr; ++k) {
        if (k == 0 || rd[k].id_len != rd[k - 1].id_len ||
            memcmp(rd[k].id, rd[k - 1].id, rd[k].id_len) != 0) {
            vg[ng].first = k;
            vg[ng].count = 0;
            vg[ng].first_row = rd[k].row; /* the smallest: rows ascend within an id */
            ng++;
        }
        vg[ng - 1].count++;
    }
    qsort(vg, ng, sizeof *vg, by_first_row);
    size_t total = 0;
    for (size_t g = 0; g < ng; ++g)
        total += vg[g].count / N;
    if (total == 0) {
        oco_set_error(OCO_EINVAL, "oobc trace %s: no VM has N = %zu readings (%zu readings of %zu "
                                  "VMs)",
                      path, N, nr, ng);
        goto done;
    }
    const size_t ne = n && n < total ? n : total;
    d = oco_oobc_data_new(ne, N, cls->M, 1);
    if (!d)
        goto done;
    size_t i = 0;
    for (size_t g = 0; g < ng && i < ne; ++g)
        for (size_t w = 0; w + N <= vg[g].count && i < ne; w += N, ++i)
            for (size_t t = 0; t < N; ++t)
                d->c[i * N + t] = rd[vg[g].first + w + t].avg / 100.0; /* §2.4: c = avg/100 */
    for (i = 0; i < ne; ++i) {
        oco_rng r;
        oco_rng_seed(&r, seed, (uint64_t)i + 1);
        for (size_t m = 0; m < cls->M; ++m)
            d->B[i * cls->M + m] = oco_rng_uniform_range(&r, (double)N * cls->budget_lo[m],
                                                         (double)N * cls->budget_hi[m]);
    }
    snprintf(d->label, sizeof d->label, "trace %s", path);
done:
    free(vg);
    free(rd);
    free(buf);
    return d;
}
