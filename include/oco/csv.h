/* oco — strict numeric CSV rows.
 *
 * A row is comma-separated finite decimal numbers, optional surrounding
 * blanks, no quoting. Errors name the source as "file:line:column: reason". */
#ifndef OCO_CSV_H
#define OCO_CSV_H

#include "oco/export.h"

#include <stddef.h>

OCO_BEGIN_DECLS

/* Parse exactly n numbers from line[0..len) (a trailing '\n' or "\r\n" is
 * ignored) into out. `source` (file name or "<stdin>") and `lineno` (1-based)
 * are used in the message. Returns OCO_OK or OCO_EPARSE; out is unspecified
 * on error. */
int oco_csv_parse_row(const char *line, size_t len, double *out, size_t n, const char *source,
                      size_t lineno);

/* Number of comma-separated fields in line[0..len) (trailing newline ignored). */
size_t oco_csv_count_fields(const char *line, size_t len);

OCO_END_DECLS
#endif
