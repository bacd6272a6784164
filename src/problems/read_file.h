/* Private: read a whole data file into memory for the CSV readers of the
 * problems (olp_csv.c, coco_csv.c, bwk_csv.c, oobc_data_csv.c), which then
 * parse the buffer and name errors path:line:column; and the one loop that
 * turns its data lines into rows of numbers. */
#ifndef OCO_PROBLEMS_READ_FILE_H
#define OCO_PROBLEMS_READ_FILE_H

#include <stddef.h>

/* The bytes of `path` (malloc'd; the caller frees) and their count in *len.
 * first_line_only = 1 stops once a newline has been read (a header query on
 * a large file). NULL with OCO_EIO (cannot open, read error) or OCO_ENOMEM,
 * the message naming the path. */
char *oco__read_file(const char *path, size_t *len, int first_line_only);

/* A reader's own check of a parsed row (ranges, signs): 0 or an error with
 * its message set (naming path:lineno:column). */
typedef int (*oco__csv_row_check)(void *ctx, const char *line, size_t len, const double *row,
                                  size_t lineno);

/* Every non-blank line of buf[body, len) (the lines after a one-line header)
 * parsed as a row of w numbers (oco_csv_parse_row; the header is line 1),
 * then given to check (may be NULL). *rows gets them (malloc'd, the caller
 * frees it, also on error; NULL when there are none), *nrows their count,
 * *last the number of the last line read. what names the rows in the
 * out-of-memory message ("rounds", "episodes"); first_cap is the first
 * allocation in rows. 0, or the first error (OCO_EPARSE, OCO_ENOMEM or the
 * check's). */
int oco__csv_read_rows(const char *buf, size_t len, size_t body, size_t w, const char *path,
                       const char *what, size_t first_cap, oco__csv_row_check check, void *ctx,
                       double **rows, size_t *nrows, size_t *last);

#endif
