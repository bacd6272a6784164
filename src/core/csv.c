/* Strict numeric CSV rows (include/oco/csv.h).
 *
 * Why strict: orders feed budgets and regret; a silently misread number (a
 * "1,5" decimal comma, a stray "nan", a hex float) would corrupt a whole run,
 * so every field must be a plain finite decimal:
 *     [blanks] [+|-] digits [. digits] [(e|E) [+|-] digits] [blanks]
 * (at least one mantissa digit on either side of the point; blanks are space
 * and tab). The grammar is checked by hand and only then handed to strtod,
 * which gives the correctly rounded value. strtod follows LC_NUMERIC; the
 * library assumes the default "C" locale (it never calls setlocale).
 *
 * Errors read "SOURCE:LINE:COLUMN: reason" with a 1-based COLUMN pointing at
 * the first non-blank character of the offending field (the field's first
 * character when it is empty). */
#include "oco/csv.h"

#include "oco/error.h"

#include "core/csv_text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest accepted field text (after trimming). Long enough for any double
 * written with %.17g and for generous zero padding; a longer field is refused
 * rather than truncated. */
enum { CSV_FIELD_MAX = 400 };

size_t oco_csv_count_fields(const char *line, size_t len)
{
    if (!line)
        return 0;
    len = csv_strip_newline(line, len);
    if (len == 0)
        return 0;
    size_t n = 1;
    for (size_t k = 0; k < len; k++)
        n += line[k] == ',';
    return n;
}

/* Does s[0..n) spell nan or inf(inity), with an optional sign? Those get the
 * clearer "not finite" message instead of "expected a number". */
static int spells_nonfinite(const char *s, size_t n)
{
    if (n > 0 && (s[0] == '+' || s[0] == '-')) {
        s++;
        n--;
    }
    static const char *const words[] = {"nan", "inf", "infinity"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t wl = strlen(words[w]);
        if (n != wl)
            continue;
        size_t k = 0;
        while (k < n && tolower((unsigned char)s[k]) == words[w][k])
            k++;
        if (k == n)
            return 1;
    }
    /* "nan(...)" as strtod accepts it */
    if (n >= 5 && tolower((unsigned char)s[0]) == 'n' && tolower((unsigned char)s[1]) == 'a' &&
        tolower((unsigned char)s[2]) == 'n' && s[3] == '(' && s[n - 1] == ')')
        return 1;
    return 0;
}

/* Does s[0..n) match the decimal grammar of the file comment exactly? */
static int is_decimal(const char *s, size_t n)
{
    size_t k = 0, digits = 0;
    if (k < n && (s[k] == '+' || s[k] == '-'))
        k++;
    while (k < n && isdigit((unsigned char)s[k])) {
        k++;
        digits++;
    }
    if (k < n && s[k] == '.') {
        k++;
        while (k < n && isdigit((unsigned char)s[k])) {
            k++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (k < n && (s[k] == 'e' || s[k] == 'E')) {
        k++;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        size_t edigits = 0;
        while (k < n && isdigit((unsigned char)s[k])) {
            k++;
            edigits++;
        }
        if (edigits == 0)
            return 0;
    }
    return k == n;
}

int oco_csv_parse_row(const char *line, size_t len, double *out, size_t n, const char *source,
                      size_t lineno)
{
    const char *src = source ? source : "<input>";
    if (!line)
        return oco_set_error(OCO_EINVAL, "%s:%zu: line is NULL", src, lineno);
    if (n > 0 && !out)
        return oco_set_error(OCO_EINVAL, "%s:%zu: out is NULL", src, lineno);
    len = csv_strip_newline(line, len);

    /* Field count first: a wrong shape is the more useful diagnosis than the
     * first bad number inside a row that is misaligned anyway. */
    size_t nf = oco_csv_count_fields(line, len);
    if (nf != n) {
        size_t col = len + 1; /* too few: where the next field would start */
        if (nf > n) {         /* too many: the first character of field n+1 */
            size_t seen = 0;
            for (size_t k = 0; k < len; k++)
                if (line[k] == ',' && ++seen == n) {
                    col = k + 2;
                    break;
                }
            if (n == 0)
                col = 1;
        }
        return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: expected %zu field%s, found %zu", src,
                             lineno, col, n, n == 1 ? "" : "s", nf);
    }

    size_t start = 0;
    for (size_t f = 0; f < n; f++) {
        size_t end, s, e;
        csv_field(line, len, start, &end, &s, &e);
        if (s == e)
            return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: empty field", src, lineno, start + 1);
        const char *tok = line + s;
        size_t tl = e - s;
        if (!is_decimal(tok, tl)) {
            if (spells_nonfinite(tok, tl))
                return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: value is not finite", src, lineno,
                                     s + 1);
            char shown[32];
            csv_quote_field(shown, sizeof shown, tok, tl);
            return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: expected a number, found '%s'", src,
                                 lineno, s + 1, shown);
        }
        if (tl > CSV_FIELD_MAX)
            return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: number has %zu characters (at most %d)",
                                 src, lineno, s + 1, tl, (int)CSV_FIELD_MAX);
        /* strtod needs a terminated string and line[len] may lie outside the
         * caller's buffer, so parse a copy. */
        char buf[CSV_FIELD_MAX + 1];
        memcpy(buf, tok, tl);
        buf[tl] = '\0';
        errno = 0;
        char *endp = NULL;
        double v = strtod(buf, &endp);
        if (endp != buf + tl) /* cannot happen after is_decimal in the C locale */
            return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: expected a number, found '%.24s'", src,
                                 lineno, s + 1, buf);
        /* Overflow gives ±HUGE_VAL: refused. Underflow (ERANGE with a tiny or
         * zero result) is a faithful rounding of the text and is kept. */
        if (!isfinite(v))
            return oco_set_error(OCO_EPARSE, "%s:%zu:%zu: value is not finite", src, lineno,
                                 s + 1);
        out[f] = v;
        start = end + 1;
    }
    return OCO_OK;
}
