/* OOBC instances files (include/oco/oobc_problem.h, "instances file"): one
 * episode per line after a header.
 *   M = p = 1 (fairness):  "B,c1,...,cN"
 *   otherwise:             "B1,...,BM,c1_1,...,c1_p,c2_1,...,cN_p" (t-major)
 *
 * Format decisions (as the other problem files, bwk_csv.c, olp_csv.c):
 *  - the header's names are exact and case-sensitive, in this order, blanks
 *    around a name allowed, a leading UTF-8 byte-order mark skipped; N is
 *    the number of context columns over p (>= 1);
 *  - lines end in "\n" or "\r\n", the last may lack it; blank lines are
 *    skipped (line numbers still count them);
 *  - every other line holds exactly M + N·p finite decimals
 *    (oco_csv_parse_row: a wrong count, empty cells, non-numbers and
 *    non-finite values are OCO_EPARSE "path:line:column: ...");
 *  - every budget > 0, and for the built-in classes every context >= 0
 *    (their losses are convex only there: −c·log x, −(c + ε)·log(1 + x));
 *    a violation is OCO_EPARSE naming the cell;
 *  - at least one episode.
 * The writer prints %.17g, so a written file reads back bit-identical. */
#include "oco/oobc_problem.h"

#include "oco/csv.h"
#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv_text.h"
#include "problems/oobc_class_impl.h"
#include "problems/read_file.h"

/* The name of column f (0-based) for M budgets and p context entries. */
static void col_name(size_t f, size_t M, size_t p, char *want, size_t cap)
{
    const int single = M == 1 && p == 1;
    if (f < M) {
        if (single)
            snprintf(want, cap, "B");
        else
            snprintf(want, cap, "B%zu", f + 1);
    } else if (single) {
        snprintf(want, cap, "c%zu", f - M + 1);
    } else {
        snprintf(want, cap, "c%zu_%zu", (f - M) / p + 1, (f - M) % p + 1);
    }
}

static const char *format_of(size_t M, size_t p)
{
    if (M == 1 && p == 1)
        return "'B,c1,...,cN'";
    return M == 1 ? "'B1,c1_1,...,cN_p' (t-major)" : "'B1,...,BM,c1_1,...,cN_p' (t-major)";
}

static int parse_header(const char *line, size_t len, const char *src, size_t M, size_t p,
                        size_t *N_out)
{
    len = csv_strip_newline(line, len);
    const char *fmt = format_of(M, p);
    if (csv_line_is_blank(line, len))
        return oco_set_error(OCO_EPARSE, "%s:1:1: missing header: the first line must be %s",
                             src, fmt);
    const size_t nf = oco_csv_count_fields(line, len);
    size_t start = 0;
    char want[64];
    for (size_t f = 0; f < nf; f++) {
        size_t end, s, e;
        csv_field(line, len, start, &end, &s, &e);
        col_name(f, M, p, want, sizeof want);
        if (!csv_name_is(line + s, e - s, want)) {
            char shown[32];
            csv_quote_field(shown, sizeof shown, line + s, e - s);
            return oco_set_error(OCO_EPARSE,
                                 "%s:1:%zu: bad header: column %zu must be '%s', found '%s' "
                                 "(expected %s)",
                                 src, (s == e ? start : s) + 1, f + 1, want, shown, fmt);
        }
        start = end + 1;
    }
    if (nf <= M || (nf - M) % p != 0) {
        col_name(nf, M, p, want, sizeof want);
        return oco_set_error(OCO_EPARSE,
                             "%s:1:%zu: bad header: incomplete, column %zu must be '%s' "
                             "(expected %s with %zu context entr%s per step)",
                             src, len + 1, nf + 1, want, fmt, p, p == 1 ? "y" : "ies");
    }
    *N_out = (nf - M) / p;
    return OCO_OK;
}

/* The 1-based column where field f (0-based) of a line starts. */
static size_t field_column(const char *line, size_t ll, size_t f)
{
    const size_t len = csv_strip_newline(line, ll);
    size_t start = 0, end = 0, s = 0, e = 0;
    for (size_t g = 0; g <= f; ++g) {
        csv_field(line, len, start, &end, &s, &e);
        start = end + 1;
    }
    return s + 1;
}

static int check_row(const char *line, size_t ll, const double *row, size_t M, size_t p,
                     size_t N, int builtin, const oco_oobc_class *cls, const char *src,
                     size_t lineno)
{
    char name[64];
    for (size_t m = 0; m < M; ++m)
        if (!(row[m] > 0)) {
            col_name(m, M, p, name, sizeof name);
            return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: budget %s = %.17g must be > 0", src,
                                 lineno, field_column(line, ll, m), name, row[m]);
        }
    if (builtin)
        for (size_t f = M; f < M + N * p; ++f)
            if (!(row[f] >= 0)) {
                col_name(f, M, p, name, sizeof name);
                return oco_set_error(OCO_EPARSE,
                                     "%s:%zu:%zu: context %s = %.17g is negative (class %s needs "
                                     "contexts >= 0)",
                                     src, lineno, field_column(line, ll, f), name, row[f],
                                     cls->name);
            }
    return OCO_OK;
}

typedef struct {
    size_t M, p, N;
    int builtin;
    const oco_oobc_class *cls;
    const char *path;
} oobc_row_ctx;

static int oobc_row_check(void *ctx, const char *line, size_t len, const double *row,
                          size_t lineno)
{
    const oobc_row_ctx *c = ctx;
    return check_row(line, len, row, c->M, c->p, c->N, c->builtin, c->cls, c->path, lineno);
}

oco_oobc_data *oco_oobc_data_read_csv(const char *path, const oco_oobc_class *cls)
{
    if (!path) {
        oco_set_error(OCO_EINVAL, "oobc instances file: path is NULL");
        return NULL;
    }
    if (oco_oobc_class_check(cls))
        return NULL;
    const size_t M = cls->M, p = cls->p;
    size_t len = 0, N = 0;
    char *buf = oco__read_file(path, &len, 0);
    if (!buf)
        return NULL;
    double *rows = NULL;
    oco_oobc_data *d = NULL;
    size_t off = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (off == len) {
        oco_set_error(OCO_EPARSE, "%s:1:1: empty file, expected the header %s", path,
                      format_of(M, p));
        goto done;
    }
    const char *nl0 = memchr(buf + off, '\n', len - off);
    const size_t body = nl0 ? (size_t)(nl0 - buf) + 1 : len;
    if (parse_header(buf + off, body - off, path, M, p, &N) != OCO_OK)
        goto done;
    if (N > (SIZE_MAX / sizeof(double) - M) / p) {
        oco_set_error(OCO_EPARSE, "%s:1:1: header too long", path);
        goto done;
    }
    const size_t w = M + N * p;
    const int builtin = oco__oobc_class_is_builtin(cls);
    size_t n = 0, lineno = 1;
    oobc_row_ctx rc = {M, p, N, builtin, cls, path};
    if (oco__csv_read_rows(buf, len, body, w, path, "episodes", 64, oobc_row_check, &rc, &rows,
                           &n, &lineno) != OCO_OK)
        goto done;
    if (n == 0) {
        oco_set_error(OCO_EPARSE, "%s:%zu:1: no episodes after the header", path, lineno + 1);
        goto done;
    }
    d = oco_oobc_data_new(n, N, M, p);
    if (!d)
        goto done;
    for (size_t i = 0; i < n; ++i) {
        memcpy(d->B + i * M, rows + i * w, M * sizeof(double));
        memcpy(d->c + i * N * p, rows + i * w + M, N * p * sizeof(double));
    }
    snprintf(d->label, sizeof d->label, "instances %s", path);
done:
    free(rows);
    free(buf);
    return d;
}

int oco_oobc_data_write_csv(const oco_oobc_data *d, const char *path)
{
    if (!d || !path)
        return oco_set_error(OCO_EINVAL, "oobc instances file: NULL %s", !d ? "data" : "path");
    if (d->N < 1 || d->M < 1 || d->p < 1 || !d->B || !d->c)
        return oco_set_error(OCO_EINVAL, "oobc instances file: empty data dimensions");
    const size_t M = d->M, p = d->p, N = d->N, w = M + N * p;
    /* refuse what the reader would refuse, before creating the file */
    for (size_t i = 0; i < d->n; ++i) {
        for (size_t m = 0; m < M; ++m)
            if (!(isfinite(d->B[i * M + m]) && d->B[i * M + m] > 0))
                return oco_set_error(OCO_EINVAL,
                                     "oobc instances file %s: episode %zu: budget %zu = %g must "
                                     "be finite and > 0",
                                     path, i + 1, m + 1, d->B[i * M + m]);
        for (size_t k = 0; k < N * p; ++k)
            if (!isfinite(d->c[i * N * p + k]))
                return oco_set_error(OCO_EINVAL,
                                     "oobc instances file %s: episode %zu: a context is not "
                                     "finite",
                                     path, i + 1);
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return oco_set_error(OCO_EIO, "oobc instances file %s: cannot open for writing", path);
    char name[64];
    int bad = 0;
    for (size_t k = 0; k < w; ++k) {
        col_name(k, M, p, name, sizeof name);
        bad |= fprintf(f, k ? ",%s" : "%s", name) < 0;
    }
    bad |= fputc('\n', f) == EOF;
    for (size_t i = 0; i < d->n && !bad; ++i) {
        for (size_t m = 0; m < M; ++m)
            bad |= fprintf(f, m ? ",%.17g" : "%.17g", d->B[i * M + m]) < 0;
        for (size_t k = 0; k < N * p; ++k)
            bad |= fprintf(f, ",%.17g", d->c[i * N * p + k]) < 0;
        bad |= fputc('\n', f) == EOF;
    }
    bad |= fclose(f) != 0;
    if (bad)
        return oco_set_error(OCO_EIO, "oobc instances file %s: write failed", path);
    return OCO_OK;
}
