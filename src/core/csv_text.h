/* Private text helpers of the CSV readers: src/core/csv.c (numeric rows) and
 * src/problems/olp_csv.c (its header line). One copy of the field splitting,
 * so that both report the same 1-based columns for the same line. Not part
 * of the public API (include/oco/csv.h). */
#ifndef OCO_CORE_CSV_TEXT_H
#define OCO_CORE_CSV_TEXT_H

#include <stddef.h>
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

#endif
