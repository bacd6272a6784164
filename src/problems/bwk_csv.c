/* Bandits-with-knapsacks instance files (include/oco/bwk_problem.h, "data"):
 * header "l1,...,lK,c1,...,cK", then one round per line: ℓ_t then c_t.
 *
 * Format decisions (as the coco problem file, coco_csv.c):
 *  - header names exact and case-sensitive, in exactly this order; blanks
 *    around a name allowed; K >= 1 "l" columns then exactly K "c" columns; a
 *    leading UTF-8 byte-order mark is skipped;
 *  - lines end in "\n" or "\r\n", the last may lack it; blank lines are
 *    skipped (line numbers still count them);
 *  - every other line holds exactly 2K finite decimals (oco_csv_parse_row:
 *    missing or extra cells, empty cells, non-numbers and non-finite values
 *    are OCO_EPARSE "path:line:column: ..."), each in [0, 1] (seed 003
 *    Appendix D: ℓ_t, c_t ∈ [0, 1]^K; a value outside is OCO_EPARSE naming
 *    the cell's line and column);
 *  - at least one round.
 * The rows are kept (T·2K doubles): a file is data, not a seed. */
#include "oco/bwk_problem.h"

#include "oco/csv.h"
#include "oco/error.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv_text.h"
#include "problems/bwk_problem_impl.h"
#include "problems/read_file.h"

#define BWK_CSV_FORMAT "'l1,...,lK,c1,...,cK'"

/* The expected name of field f (0-based) of a header with K arms. */
static void expected_name(size_t f, size_t K, char *want, size_t cap)
{
    if (f < K)
        snprintf(want, cap, "l%zu", f + 1);
    else
        snprintf(want, cap, "c%zu", f - K + 1);
}

/* K = the number of leading "l1", "l2", ...; then "c1".."cK" and nothing more. */
static int parse_header(const char *line, size_t len, const char *src, size_t *K_out)
{
    len = csv_strip_newline(line, len);
    if (csv_line_is_blank(line, len))
        return oco_set_error(OCO_EPARSE, "%s:1:1: missing header: the first line must be "
                                         BWK_CSV_FORMAT, src);
    const size_t nf = oco_csv_count_fields(line, len);
    const size_t K = csv_count_numbered(line, len, "l");
    size_t start = 0;
    char want[64];
    for (size_t f = 0; f < nf; f++) {
        size_t end, s, e;
        csv_field(line, len, start, &end, &s, &e);
        if (K && f >= 2 * K) {
            return oco_set_error(OCO_EPARSE, "%s:1:%zu: bad header: extra column %zu after "
                                             "c%zu (expected " BWK_CSV_FORMAT ")",
                                 src, (s == e ? start : s) + 1, f + 1, K);
        }
        expected_name(f, K ? K : 1, want, sizeof want);
        if (!csv_name_is(line + s, e - s, want)) {
            char shown[32];
            csv_quote_field(shown, sizeof shown, line + s, e - s);
            return oco_set_error(OCO_EPARSE, "%s:1:%zu: bad header: column %zu must be '%s', "
                                             "found '%s' (expected " BWK_CSV_FORMAT ")",
                                 src, (s == e ? start : s) + 1, f + 1, want, shown);
        }
        start = end + 1;
    }
    if (nf != 2 * K) {
        expected_name(nf, K, want, sizeof want);
        return oco_set_error(OCO_EPARSE, "%s:1:%zu: bad header: incomplete, column %zu must be "
                                         "'%s' (expected " BWK_CSV_FORMAT ")",
                             src, len + 1, nf + 1, want);
    }
    *K_out = K;
    return OCO_OK;
}

/* Every value of a parsed row in [0, 1]; else the error names the cell. */
static int check_range(const char *line, size_t ll, const double *row, size_t K,
                       const char *src, size_t lineno)
{
    for (size_t f = 0; f < 2 * K; ++f) {
        if (row[f] >= 0 && row[f] <= 1)
            continue;
        const size_t len = csv_strip_newline(line, ll);
        size_t start = 0, end = 0, s = 0, e = 0;
        for (size_t g = 0; g <= f; ++g) {
            csv_field(line, len, start, &end, &s, &e);
            start = end + 1;
        }
        return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: %c%zu = %.17g is outside [0, 1] (losses "
                                         "and costs of seed 003 Appendix D are in [0, 1])",
                             src, lineno, s + 1, f < K ? 'l' : 'c', f < K ? f + 1 : f - K + 1,
                             row[f]);
    }
    return OCO_OK;
}

typedef struct {
    size_t K;
    const char *path;
} bwk_row_ctx;

static int bwk_row_check(void *ctx, const char *line, size_t len, const double *row,
                         size_t lineno)
{
    const bwk_row_ctx *c = ctx;
    return check_range(line, len, row, c->K, c->path, lineno);
}

oco_bwk_problem *oco_bwk_problem_from_csv(const char *path)
{
    if (!path) {
        oco_set_error(OCO_EINVAL, "bwk instance file: path is NULL");
        return NULL;
    }
    size_t len = 0, K = 0;
    char *buf = oco__read_file(path, &len, 0);
    if (!buf)
        return NULL;
    double *rows = NULL;
    oco_bwk_problem *p = NULL;
    size_t off = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (off == len) {
        oco_set_error(OCO_EPARSE, "%s:1:1: empty file, expected the header " BWK_CSV_FORMAT,
                      path);
        goto done;
    }
    const char *nl0 = memchr(buf + off, '\n', len - off);
    const size_t body = nl0 ? (size_t)(nl0 - buf) + 1 : len;
    if (parse_header(buf + off, body - off, path, &K) != OCO_OK)
        goto done;
    const size_t n = 2 * K;
    size_t T = 0, lineno = 1;
    bwk_row_ctx rc = {K, path};
    if (oco__csv_read_rows(buf, len, body, n, path, "rounds", 1024, bwk_row_check, &rc, &rows, &T,
                           &lineno) != OCO_OK)
        goto done;
    if (T == 0) {
        oco_set_error(OCO_EPARSE, "%s:%zu:1: no rounds after the header", path, lineno + 1);
        goto done;
    }
    p = oco__bwk_problem_alloc(OCO_BWK_PROBLEM_DATA, K, T, 0);
    if (!p)
        goto done;
    p->label = malloc(strlen(path) + 6);
    if (!p->label) {
        oco_bwk_problem_free(p);
        p = NULL;
        oco_set_error(OCO_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    sprintf(p->label, "file:%s", path);
    p->rows = rows;
    rows = NULL;
    oco_bwk_problem_rewind(p);
done:
    free(rows);
    free(buf);
    return p;
}
