/* Private text helpers of the CSV readers: src/core/csv.c (numeric rows) and
 * the problem readers src/problems/{olp,coco,bwk}_csv.c (their header lines). One copy of the field splitting,
 * so that both report the same 1-based columns for the same line. Not part
 * of the public API (include/oco/csv.h). */
#ifndef OCO_CORE_CSV_TEXT_H
#define OCO_CORE_CSV_TEXT_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Blanks around a field: space and tab. */
static inline int csv_is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* Length of line without its trailing "\n" or "\r\n" (a lone trailing '\r'
 * is dropped as well, so lines already split at '\n' behave the same). */
static inline size_t csv_strip_newline(const char *line, size_t len)
{
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    return len;
}

/* The field that starts at offset `start` of line[0..len) (newline already
 * stripped): it ends at *end (the next ',' or len); [*s, *e) is its text
 * without the surrounding blanks (*s == *e if it is empty or blank). */
static inline void csv_field(const char *line, size_t len, size_t start, size_t *end, size_t *s,
                             size_t *e)
{
    size_t k = start;
    while (k < len && line[k] != ',')
        k++;
    *end = k;
    size_t a = start, b = k;
    while (a < b && csv_is_blank(line[a]))
        a++;
    while (b > a && csv_is_blank(line[b - 1]))
        b--;
    *s = a;
    *e = b;
}

/* Copy of a field for an error message: printable ('?' for other bytes), at
 * most 24 characters, then "..." if it was longer. cap >= 28 shows it all. */
static inline void csv_quote_field(char *dst, size_t cap, const char *s, size_t n)
{
    const size_t shown_max = 24;
    size_t j = 0;
    for (size_t k = 0; k < n && k < shown_max && j + 1 < cap; k++) {
        unsigned char ch = (unsigned char)s[k];
        dst[j++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    if (n > shown_max && j + 4 < cap) {
        memcpy(dst + j, "...", 3);
        j += 3;
    }
    dst[j] = '\0';
}

/* 1 if line[0..len) holds only blanks (and its newline). */
static inline int csv_line_is_blank(const char *line, size_t len)
{
    len = csv_strip_newline(line, len);
    for (size_t k = 0; k < len; k++)
        if (!csv_is_blank(line[k]))
            return 0;
    return 1;
}

/* 1 if s[0..n) spells exactly `want`. */
static inline int csv_name_is(const char *s, size_t n, const char *want)
{
    return strlen(want) == n && memcmp(s, want, n) == 0;
}

/* How many leading fields of a header line (newline stripped) are named
 * <prefix>1, <prefix>2, ... in order (e.g. c1..cd, l1..lK). */
static inline size_t csv_count_numbered(const char *line, size_t len, const char *prefix)
{
    size_t n = 0, start = 0, end, s, e;
    char want[64];
    while (start <= len) {
        csv_field(line, len, start, &end, &s, &e);
        snprintf(want, sizeof want, "%s%zu", prefix, n + 1);
        if (!csv_name_is(line + s, e - s, want))
            break;
        n++;
        start = end + 1;
    }
    return n;
}

#endif
