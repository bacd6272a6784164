/* Test helper: GLPK's glpsol as an independent LP oracle (DESIGN.md: "GLPK
 * may serve as a second, independent oracle in tests on small instances").
 * Writes a CPLEX-LP file into a temp dir, runs `glpsol --lp F -w S`, and
 * parses the raw solution line "s bas ROWS COLS PST DST OBJ" (GLPK 4.x/5.x).
 * Header-only (static functions) so that each test stays one .c file. */
#ifndef OCO_TEST_GLPK_ORACLE_H
#define OCO_TEST_GLPK_ORACLE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solvers/lp.h"

#define GLPK_OK 0
#define GLPK_INFEASIBLE 1
#define GLPK_OTHER 2
#define GLPK_MISSING (-1)

static int glpk_available(void)
{
    return access("/usr/bin/glpsol", X_OK) == 0 || system("command -v glpsol >/dev/null 2>&1") == 0;
}

static void glpk_term(FILE *f, double v, int j, int *first)
{
    if (v == 0.0)
        return;
    fprintf(f, " %s %.17g x%d", v < 0 ? "-" : (*first ? "" : "+"), fabs(v), j);
    *first = 0;
}

/* Row i of a CSC matrix as " ± v xj" terms (O(nnz) per row: tests are tiny). */
static void glpk_row(FILE *f, const oco_lp_problem *p, size_t i)
{
    int first = 1;
    for (size_t j = 0; j < p->ncols; j++)
        for (int k = p->colstart[j]; k < p->colstart[j + 1]; k++)
            if ((size_t)p->rowind[k] == i)
                glpk_term(f, p->values[k], (int)j, &first);
    if (first)
        fprintf(f, " 0 x0");
}

/* Write `p` in CPLEX LP format. Ranged rows become two rows (GLPK's reader
 * has no "l <= expr <= u" form); the objective is unchanged by that. */
static int glpk_write_lp(const char *path, const oco_lp_problem *p)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "%s\n obj:", p->maximize ? "Maximize" : "Minimize");
    int first = 1;
    for (size_t j = 0; j < p->ncols; j++)
        glpk_term(f, p->obj ? p->obj[j] : 0.0, (int)j, &first);
    if (first)
        fprintf(f, " 0 x0");
    fprintf(f, "\nSubject To\n");
    for (size_t i = 0; i < p->nrows; i++) {
        const double lo = p->row_lower ? p->row_lower[i] : -INFINITY;
        const double up = p->row_upper ? p->row_upper[i] : INFINITY;
        if (lo == up) {
            fprintf(f, " r%zu:", i);
            glpk_row(f, p, i);
            fprintf(f, " = %.17g\n", up);
            continue;
        }
        if (lo > -INFINITY) {
            fprintf(f, " rl%zu:", i);
            glpk_row(f, p, i);
            fprintf(f, " >= %.17g\n", lo);
        }
        if (up < INFINITY) {
            fprintf(f, " ru%zu:", i);
            glpk_row(f, p, i);
            fprintf(f, " <= %.17g\n", up);
        }
    }
    fprintf(f, "Bounds\n");
    for (size_t j = 0; j < p->ncols; j++) {
        const double lo = p->col_lower ? p->col_lower[j] : 0.0;
        const double up = p->col_upper ? p->col_upper[j] : INFINITY;
        if (lo == -INFINITY)
            fprintf(f, " -inf <= x%zu", j);
        else
            fprintf(f, " %.17g <= x%zu", lo, j);
        if (up == INFINITY)
            fprintf(f, " <= +inf\n");
        else
            fprintf(f, " <= %.17g\n", up);
    }
    fprintf(f, "End\n");
    return fclose(f) == 0 ? 0 : -1;
}

/* Solve `p` with glpsol. Returns GLPK_OK with *obj, GLPK_INFEASIBLE,
 * GLPK_OTHER (error, unbounded, ...) or GLPK_MISSING. */
static int glpk_solve(const oco_lp_problem *p, double *obj)
{
    if (!glpk_available())
        return GLPK_MISSING;
    char dir[] = "/tmp/oco_glpk_XXXXXX";
    if (!mkdtemp(dir))
        return GLPK_OTHER;
    char lp[96], sol[96], log[96], cmd[400];
    snprintf(lp, sizeof lp, "%s/p.lp", dir);
    snprintf(sol, sizeof sol, "%s/p.sol", dir);
    snprintf(log, sizeof log, "%s/p.log", dir);
    int rc = GLPK_OTHER;
    if (glpk_write_lp(lp, p) == 0) {
        snprintf(cmd, sizeof cmd, "glpsol --lp %s -w %s >%s 2>&1", lp, sol, log);
        if (system(cmd) == 0) {
            FILE *f = fopen(sol, "r");
            char line[256];
            while (f && fgets(line, sizeof line, f)) {
                int nr, nc;
                char pst, dst;
                double v;
                if (sscanf(line, "s bas %d %d %c %c %lf", &nr, &nc, &pst, &dst, &v) == 5) {
                    if (pst == 'f' && dst == 'f') {
                        *obj = v;
                        rc = GLPK_OK;
                    } else if (pst == 'n') {
                        rc = GLPK_INFEASIBLE;
                    }
                    break;
                }
            }
            if (f)
                fclose(f);
            if (rc == GLPK_OTHER) { /* glpsol says so in its log when the basis is undefined */
                FILE *g = fopen(log, "r");
                while (g && fgets(line, sizeof line, g))
                    if (strstr(line, "NO PRIMAL FEASIBLE SOLUTION"))
                        rc = GLPK_INFEASIBLE;
                if (g)
                    fclose(g);
            }
        }
    }
    remove(lp);
    remove(sol);
    remove(log);
    rmdir(dir);
    return rc;
}

#endif
