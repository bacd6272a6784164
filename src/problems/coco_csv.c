/* Constrained-OCO problem files (include/oco/coco_problem.h, "data"):
 * header "c1,...,cd,A1_1,...,A1_d,b1,...,Ak_1,...,Ak_d,bk", then one round
 * per line: f_t(x) = ⟨c_t, x⟩, g_{t,j}(x) = ⟨A_{t,j}, x⟩ − b_{t,j}.
 *
 * Format decisions (the same as the online-LP orders file, olp_csv.c):
 *  - header names exact and case-sensitive, in exactly this order; blanks
 *    around a name allowed; d >= 1 "c" columns, then k >= 1 constraint groups
 *    of d + 1 columns; a leading UTF-8 byte-order mark is skipped;
 *  - lines end in "\n" or "\r\n", the last may lack it; blank lines are
 *    skipped (line numbers still count them);
 *  - every other line holds exactly d + k(d + 1) finite decimals
 *    (oco_csv_parse_row of src/core/csv.c: missing or extra cells, empty
 *    cells, non-numbers and non-finite values are OCO_EPARSE
 *    "path:line:column: ...");
 *  - at least one round.
 * The rows are kept (T·(d + k(d + 1)) doubles): a file is data, not a seed. */
#include "oco/coco_problem.h"

#include "oco/csv.h"
#include "oco/error.h"
#include "oco/linalg.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv_text.h"
#include "problems/coco_problem_impl.h"
#include "problems/read_file.h"

#define COCO_CSV_FORMAT "'c1,...,cd,A1_1,...,A1_d,b1,...,Ak_1,...,Ak_d,bk'"

/* The expected name of header field f (0-based) when there are d cost columns. */
static void expected_name(size_t f, size_t d, char *want, size_t cap)
{
    if (f < d) {
        snprintf(want, cap, "c%zu", f + 1);
        return;
    }
    size_t r = f - d, j = r / (d + 1) + 1, i = r % (d + 1);
    if (i < d)
        snprintf(want, cap, "A%zu_%zu", j, i + 1);
    else
        snprintf(want, cap, "b%zu", j);
}

/* Parse the header: d = the number of leading "c1", "c2", ... fields, then
 * every field must be the expected constraint column. */
static int parse_header(const char *line, size_t len, const char *src, size_t *d_out,
                        size_t *k_out)
{
    len = csv_strip_newline(line, len);
    if (csv_line_is_blank(line, len))
        return oco_set_error(OCO_EPARSE, "%s:1:1: missing header: the first line must be "
                                         COCO_CSV_FORMAT, src);
    size_t nf = oco_csv_count_fields(line, len);
    const size_t d = csv_count_numbered(line, len, "c"); /* the cost columns */
    size_t start = 0;
    char want[64];
    for (size_t f = 0; f < nf; f++) {
        size_t end, s, e;
        csv_field(line, len, start, &end, &s, &e);
        expected_name(f, d ? d : 1, want, sizeof want);
        if (!csv_name_is(line + s, e - s, want)) {
            char shown[32];
            csv_quote_field(shown, sizeof shown, line + s, e - s);
            return oco_set_error(OCO_EPARSE, "%s:1:%zu: bad header: column %zu must be '%s', "
                                             "found '%s' (expected " COCO_CSV_FORMAT ")",
                                 src, (s == e ? start : s) + 1, f + 1, want, shown);
        }
        start = end + 1;
    }
    /* every name matched: the header may still stop early */
    if (nf == d || (nf - d) % (d + 1) != 0) {
        expected_name(nf, d, want, sizeof want);
        return oco_set_error(OCO_EPARSE, "%s:1:%zu: bad header: incomplete, column %zu must be "
                                         "'%s' (expected " COCO_CSV_FORMAT " with k >= 1)",
                             src, len + 1, nf + 1, want);
    }
    *d_out = d;
    *k_out = (nf - d) / (d + 1);
    return OCO_OK;
}

/* Header of buf[0..len): d, k and the offset of the first data line. */
static int header_of(const char *buf, size_t len, const char *src, size_t *d, size_t *k,
                     size_t *body)
{
    size_t off = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        off = 3;
    if (off == len)
        return oco_set_error(OCO_EPARSE, "%s:1:1: empty file, expected the header "
                                         COCO_CSV_FORMAT, src);
    const char *nl = memchr(buf + off, '\n', len - off);
    size_t lend = nl ? (size_t)(nl - buf) + 1 : len;
    int rc = parse_header(buf + off, lend - off, src, d, k);
    *body = lend;
    return rc;
}

int oco_coco_problem_file_dims(const char *path, size_t *d, size_t *k)
{
    if (!path || !d || !k)
        return oco_set_error(OCO_EINVAL, "coco problem file: NULL %s",
                             !path ? "path" : !d ? "d" : "k");
    size_t len = 0, body;
    char *buf = oco__read_file(path, &len, 1);
    if (!buf)
        return oco_last_error_code();
    int rc = header_of(buf, len, path, d, k, &body);
    free(buf);
    return rc;
}

/* Valid bounds on X from the rows (coco_problem.h info): with x° the centre
 * and R = sup ‖x − x°‖, |⟨c, x⟩| <= |⟨c, x°⟩| + ‖c‖R, ‖J‖ <= ‖A‖_F,
 * |g_j(x)| <= |⟨a_j, x°⟩ − b_j| + ‖a_j‖R. A bound that is 0 becomes 1 (still
 * valid; the setup needs > 0). */
static void data_bounds(oco_coco_problem *p)
{
    const size_t d = p->d, k = p->k, n = d + k * (d + 1);
    double G = 0, L = 0, gm = 0, F = 0;
    for (size_t t = 0; t < p->T; ++t) {
        const double *row = p->rows + t * n;
        double nc = oco_nrm2(row, d);
        G = fmax(G, nc);
        F = fmax(F, fabs(oco_dot(row, p->center, d)) + nc * p->RX);
        double fro = 0, g2 = 0;
        for (size_t j = 0; j < k; ++j) {
            const double *a = row + d + j * (d + 1);
            double na = oco_nrm2(a, d);
            fro += na * na;
            double gj = fabs(oco_dot(a, p->center, d) - a[d]) + na * p->RX;
            g2 += gj * gj;
        }
        L = fmax(L, sqrt(fro));
        gm = fmax(gm, sqrt(g2));
    }
    p->info.G = G > 0 ? G : 1;
    p->info.L_g = L > 0 ? L : 1;
    p->info.g_max = gm > 0 ? gm : 1;
    p->info.F = F > 0 ? F : 1;
    p->info.alpha = 1; /* linear rows: convex */
    p->info.fixed_cons = NULL;
}

oco_coco_problem *oco_coco_problem_from_csv(const char *path, const oco_domain *dom)
{
    if (!path) {
        oco_set_error(OCO_EINVAL, "coco problem file: path is NULL");
        return NULL;
    }
    if (!dom) {
        oco_set_error(OCO_EINVAL, "%s: domain is NULL (learn d first with "
                                  "oco_coco_problem_file_dims)", path);
        return NULL;
    }
    size_t len = 0, d = 0, k = 0, body = 0;
    char *buf = oco__read_file(path, &len, 0);
    if (!buf)
        return NULL;
    double *rows = NULL;
    oco_coco_problem *p = NULL;
    if (header_of(buf, len, path, &d, &k, &body) != OCO_OK)
        goto done;
    if (oco_domain_dim(dom) != d) {
        oco_set_error(OCO_EINVAL, "%s: the file has d = %zu columns c1..cd, the domain has "
                                  "dimension %zu", path, d, oco_domain_dim(dom));
        goto done;
    }
    const size_t n = d + k * (d + 1);
    size_t T = 0, lineno = 1;
    if (oco__csv_read_rows(buf, len, body, n, path, "rounds", 1024, NULL, NULL, &rows, &T,
                           &lineno) != OCO_OK)
        goto done;
    if (T == 0) {
        oco_set_error(OCO_EPARSE, "%s:%zu:1: no rounds after the header", path, lineno + 1);
        goto done;
    }
    p = oco__coco_problem_alloc(OCO_COCO_PROBLEM_DATA, d, k, T, dom, 0, 0);
    if (!p)
        goto done;
    p->label = malloc(strlen(path) + 6);
    if (!p->label) {
        oco_coco_problem_free(p);
        p = NULL;
        oco_set_error(OCO_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    sprintf(p->label, "file:%s", path);
    p->rows = rows;
    rows = NULL;
    p->fb = 0.0;
    data_bounds(p);
    oco_coco_problem_rewind(p);
done:
    free(rows);
    free(buf);
    return p;
}
