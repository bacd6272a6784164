/* User orders from CSV (issue 3, "Data"): header "c,a1,...,am", then one
 * order "c_t,a_t1,...,a_tm" per line.
 *
 * Format decisions (documented in olp.h's contract and tested):
 *  - Line 1 is the header; names are exact and lower-case ("c", "a1", ...),
 *    blanks around a name are allowed; m is the number of "a" columns (>= 1).
 *    A leading UTF-8 byte-order mark is skipped (spreadsheets write one).
 *  - Lines end in "\n" or "\r\n"; the last line may lack its newline.
 *  - Empty or blank-only lines are skipped wherever they occur (line numbers
 *    in messages still count them), so a trailing blank line is harmless.
 *  - Every other line must hold exactly m+1 finite decimals (src/core/csv.c).
 *  - At least one order; the budget must have exactly m finite entries >= 0.
 * The arrays grow by doubling while reading (no allocation per line). A file
 * is read into memory whole and parsed by the buffer reader, so both entry
 * points share one code path (and the fuzz target covers both). */
#include "oco/csv.h"
#include "oco/error.h"
#include "oco/olp.h"

#include "core/csv_text.h"
#include "problems/read_file.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Check header field `f` (0 = "c", f >= 1 = "a<f>") spelled by s[0..n),
 * already trimmed. */
static int header_name_ok(size_t f, const char *s, size_t n)
{
    if (f == 0)
        return n == 1 && s[0] == 'c';
    char want[32];
    int w = snprintf(want, sizeof want, "a%zu", f);
    return w > 0 && (size_t)w == n && memcmp(want, s, n) == 0;
}

/* Parse the header line; on success *m_out = number of resources. */
static int parse_header(const char *line, size_t len, const char *src, size_t *m_out)
{
    len = csv_strip_newline(line, len);
    size_t nf = oco_csv_count_fields(line, len);
    if (nf == 0 || csv_line_is_blank(line, len))
        return oco_set_error(OCO_EPARSE,
                             "%s:1:1: missing header: the first line must be 'c,a1,...,am'", src);
    size_t start = 0;
    for (size_t f = 0; f < nf; f++) {
        size_t end, s, e;
        csv_field(line, len, start, &end, &s, &e);
        if (!header_name_ok(f, line + s, e - s)) {
            char want[32];
            if (f == 0)
                snprintf(want, sizeof want, "c");
            else
                snprintf(want, sizeof want, "a%zu", f);
            char shown[32];
            csv_quote_field(shown, sizeof shown, line + s, e - s);
            return oco_set_error(OCO_EPARSE,
                                 "%s:1:%zu: bad header: column %zu must be '%s', found '%s' "
                                 "(expected 'c,a1,...,am')",
                                 src, (s == e ? start : s) + 1, f + 1, want, shown);
        }
        start = end + 1;
    }
    if (nf < 2)
        return oco_set_error(OCO_EPARSE,
                             "%s:1:%zu: bad header: no resource column, expected 'c,a1,...,am' "
                             "with m >= 1",
                             src, len + 1);
    *m_out = nf - 1;
    return OCO_OK;
}

static int check_budget(const char *src, const double *b, size_t nb, size_t m)
{
    if (nb > 0 && !b)
        return oco_set_error(OCO_EINVAL, "%s: budget is NULL but nb = %zu", src, nb);
    if (nb != m)
        return oco_set_error(OCO_EINVAL, "%s: budget has %zu entr%s but the file has m = %zu resource%s",
                             src, nb, nb == 1 ? "y" : "ies", m, m == 1 ? "" : "s");
    for (size_t i = 0; i < m; i++) {
        if (!isfinite(b[i]))
            return oco_set_error(OCO_EINVAL, "%s: budget b[%zu] is %s", src, i,
                                 isnan(b[i]) ? "NaN" : "Inf");
        if (b[i] < 0)
            return oco_set_error(OCO_EINVAL, "%s: budget b[%zu] = %.17g is negative", src, i,
                                 b[i]);
    }
    return OCO_OK;
}

/* Make room for one more order; capacity doubles (amortised O(1) per line). */
static int grow(double **c, double **a, size_t *cap, size_t T, size_t m, const char *src)
{
    if (T < *cap)
        return OCO_OK;
    size_t nc = *cap ? *cap * 2 : 1024;
    if (nc < *cap || nc > SIZE_MAX / sizeof(double) / m)
        return oco_set_error(OCO_ENOMEM, "%s: too many orders for memory (%zu)", src, T);
    double *c2 = realloc(*c, nc * sizeof(double));
    if (!c2)
        return oco_set_error(OCO_ENOMEM, "%s: out of memory after %zu orders", src, T);
    *c = c2;
    double *a2 = realloc(*a, nc * m * sizeof(double));
    if (!a2)
        return oco_set_error(OCO_ENOMEM, "%s: out of memory after %zu orders", src, T);
    *a = a2;
    *cap = nc;
    return OCO_OK;
}

oco_olp_instance *oco_olp_read_csv_buffer(const char *buf, size_t len, const char *name,
                                          const double *b, size_t nb)
{
    const char *src = name ? name : "<buffer>";
    if (!buf && len > 0) {
        oco_set_error(OCO_EINVAL, "%s: buf is NULL", src);
        return NULL;
    }
    const char *p = buf, *const end = buf + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (p == end) {
        oco_set_error(OCO_EPARSE, "%s:1:1: empty file, expected header 'c,a1,...,am'", src);
        return NULL;
    }

    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *lend = nl ? nl + 1 : end;
    size_t m = 0;
    if (parse_header(p, (size_t)(lend - p), src, &m) != OCO_OK)
        return NULL;
    if (check_budget(src, b, nb, m) != OCO_OK)
        return NULL;
    p = lend;

    double *c = NULL, *a = NULL, *row = malloc((m + 1) * sizeof(double));
    size_t T = 0, cap = 0, lineno = 1;
    if (!row) {
        oco_set_error(OCO_ENOMEM, "%s: out of memory", src);
        return NULL;
    }
    while (p < end) {
        lineno++;
        nl = memchr(p, '\n', (size_t)(end - p));
        lend = nl ? nl + 1 : end;
        size_t ll = (size_t)(lend - p);
        if (!csv_line_is_blank(p, ll)) {
            if (oco_csv_parse_row(p, ll, row, m + 1, src, lineno) != OCO_OK ||
                grow(&c, &a, &cap, T, m, src) != OCO_OK)
                goto fail;
            c[T] = row[0];
            memcpy(a + T * m, row + 1, m * sizeof(double));
            T++;
        }
        p = lend;
    }
    if (T == 0) {
        oco_set_error(OCO_EPARSE, "%s:%zu:1: no orders after the header 'c,a1,...,am'", src,
                      lineno + 1);
        goto fail;
    }

    oco_olp_instance *inst = calloc(1, sizeof *inst);
    double *bb = malloc(m * sizeof(double));
    if (!inst || !bb) {
        free(inst);
        free(bb);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", src);
        goto fail;
    }
    memcpy(bb, b, m * sizeof(double));
    /* Give back the slack of the last doubling; a failed shrink keeps the
     * larger (still valid) block. */
    double *c2 = realloc(c, T * sizeof(double));
    double *a2 = realloc(a, T * m * sizeof(double));
    inst->T = T;
    inst->m = m;
    inst->c = c2 ? c2 : c;
    inst->a = a2 ? a2 : a;
    inst->b = bb;
    free(row);
    return inst;

fail:
    free(c);
    free(a);
    free(row);
    return NULL;
}

oco_olp_instance *oco_olp_read_csv(const char *path, const double *b, size_t nb)
{
    if (!path) {
        oco_set_error(OCO_EINVAL, "orders file: path is NULL");
        return NULL;
    }
    size_t len;
    char *buf = oco__read_file(path, &len, 0);
    if (!buf)
        return NULL;
    oco_olp_instance *inst = oco_olp_read_csv_buffer(buf, len, path, b, nb);
    free(buf);
    return inst;
}
