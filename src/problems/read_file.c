#include "problems/read_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv_text.h"
#include "oco/csv.h"
#include "oco/error.h"

char *oco__read_file(const char *path, size_t *len_out, int first_line_only)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        oco_set_error(OCO_EIO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(fp);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            char *b2 = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!b2) {
                free(buf);
                fclose(fp);
                oco_set_error(OCO_ENOMEM, "%s: out of memory reading %zu bytes", path, len);
                return NULL;
            }
            buf = b2;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0 || (first_line_only && memchr(buf, '\n', len)))
            break;
    }
    if (ferror(fp)) {
        int err = errno;
        free(buf);
        fclose(fp);
        oco_set_error(OCO_EIO, "%s: read error: %s", path, strerror(err));
        return NULL;
    }
    fclose(fp);
    *len_out = len;
    return buf;
}

int oco__csv_read_rows(const char *buf, size_t len, size_t body, size_t w, const char *path,
                       const char *what, size_t first_cap, oco__csv_row_check check, void *ctx,
                       double **rows_out, size_t *nrows, size_t *last)
{
    double *rows = NULL;
    size_t n = 0, cap = 0, lineno = 1;
    int rc = OCO_OK;
    const char *q = buf + body, *const end = buf + len;
    while (q < end && rc == OCO_OK) {
        lineno++;
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        const char *lend = nl ? nl + 1 : end;
        const size_t ll = (size_t)(lend - q);
        if (!csv_line_is_blank(q, ll)) {
            if (n == cap) {
                const size_t nc = cap ? 2 * cap : first_cap;
                double *r2 = nc <= SIZE_MAX / sizeof(double) / w
                                 ? realloc(rows, nc * w * sizeof(double))
                                 : NULL;
                if (!r2) {
                    rc = oco_set_error(OCO_ENOMEM, "%s: out of memory after %zu %s", path, n,
                                       what);
                    break;
                }
                rows = r2;
                cap = nc;
            }
            double *row = rows + n * w;
            rc = oco_csv_parse_row(q, ll, row, w, path, lineno);
            if (rc == OCO_OK && check)
                rc = check(ctx, q, ll, row, lineno);
            if (rc == OCO_OK)
                n++;
        }
        q = lend;
    }
    *rows_out = rows;
    *nrows = n;
    *last = lineno;
    return rc;
}
