/* Report writer helpers: directories, files, machine description, gnuplot.
 *
 * Experiments write the data behind every figure as CSV (doubles %.17g), a
 * gnuplot script next to it, and render PNG by running gnuplot in that
 * directory (so scripts use relative paths and can be re-run by hand). */
#ifndef OCO_EXP_REPORT_H
#define OCO_EXP_REPORT_H

#include <stddef.h>
#include <stdio.h>

/* mkdir -p; 0 or OCO_EIO with a message. */
int oco_mkdir_p(const char *path);
/* fopen(dir/name, "w"); NULL with OCO_EIO and a message naming the path. */
FILE *oco_report_fopen(const char *dir, const char *name);
/* fclose with a write-error check; OCO_EIO naming `name` on failure. */
int oco_report_fclose(FILE *f, const char *name);

/* 1 if a `gnuplot` executable is on PATH. */
int oco_gnuplot_available(void);
/* "gnuplot 5.4 patchlevel 4" or "" (first line of `gnuplot --version`). */
void oco_gnuplot_version(char *buf, size_t len);
/* Write the terminal preamble (pngcairo if available, else png) and
 * `set output 'png'` into a script. */
void oco_gp_preamble(FILE *gp, const char *png, int width, int height);
/* Run `gnuplot script` in `dir` (stdout/stderr to dir/gnuplot.log). 0 if it
 * exited 0 and `png` (if not NULL) exists and is non-empty; else OCO_EIO. */
int oco_gnuplot_run(const char *dir, const char *script, const char *png);

/* Markdown lines "- machine: ...", "- date: ...", "- oco: ..." for a report
 * header. */
void oco_report_machine(FILE *md);

/* The Markdown of one figure `png` (a file name in the experiment's
 * directory `dirname`, drawn by the script of the same stem and ".gp"): the
 * image when it was rendered, else why not (err: gnuplot's failure; without
 * gnuplot: how to render it by hand). */
void oco_report_figure(FILE *md, const char *dirname, const char *png, const char *alt,
                       int rendered, const char *err);

#endif
