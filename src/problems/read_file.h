/* Private: read a whole data file into memory for the CSV readers of the
 * problems (olp_csv.c, coco_csv.c, bwk_csv.c), which then parse the buffer
 * and name errors path:line:column. */
#ifndef OCO_PROBLEMS_READ_FILE_H
#define OCO_PROBLEMS_READ_FILE_H

#include <stddef.h>

/* The bytes of `path` (malloc'd; the caller frees) and their count in *len.
 * first_line_only = 1 stops once a newline has been read (a header query on
 * a large file). NULL with OCO_EIO (cannot open, read error) or OCO_ENOMEM,
 * the message naming the path. */
char *oco__read_file(const char *path, size_t *len, int first_line_only);

#endif
