/* oco — online linear programming (seed 002): instances, generators, CSV.
 *
 * Order t brings a reward c_t and a consumption column a_t ∈ R^m; the total
 * budget is b ∈ R^m (d = b/T per round). The offline LP is
 *     max <c, x>  s.t.  A x <= b,  0 <= x <= 1          (olp_laau.md §1.1)
 * Storage is row-major by order: a_t = a + t*m, so one order is contiguous. */
#ifndef OCO_OLP_H
#define OCO_OLP_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/rng.h"

OCO_BEGIN_DECLS

typedef struct oco_olp_instance {
    size_t T;  /* number of orders (> 0) */
    size_t m;  /* number of resources (> 0) */
    double *c; /* T rewards */
    double *a; /* T*m consumptions, a[t*m + i] */
    double *b; /* m total budgets (>= 0) */
} oco_olp_instance;

/* Zero-filled instance of T orders and m resources (owns its arrays). */
oco_olp_instance *oco_olp_instance_new(size_t T, size_t m);
void oco_olp_instance_free(oco_olp_instance *inst);
/* OCO_EINVAL (naming the first bad entry) unless T, m > 0, every c, a, b is
 * finite and b >= 0. */
int oco_olp_instance_validate(const oco_olp_instance *inst);

/* Number of generator types (1..OCO_OLP_NTYPES) of olp_laau.md §1.10. */
#define OCO_OLP_NTYPES 10
/* One-line description of generator `type` (NULL if out of range). */
const char *oco_olp_type_describe(int type);
/* Draw an instance of generator `type` (1..10), following the table of
 * olp_laau.md §1.10 (the group's olpgetdata.m), b = T·d. Types 4 and 7 require
 * m = 1. Consumes `rng` deterministically. */
oco_olp_instance *oco_olp_generate(int type, size_t m, size_t T, oco_rng *rng);

/* Read orders from a CSV file with header "c,a1,...,am" (m inferred from the
 * header), one order per line; `b` (length nb, must equal m) is the budget.
 * Errors name file:line:column. */
oco_olp_instance *oco_olp_read_csv(const char *path, const double *b, size_t nb);
/* The same from memory (`name` used in messages). */
oco_olp_instance *oco_olp_read_csv_buffer(const char *buf, size_t len, const char *name,
                                          const double *b, size_t nb);

OCO_END_DECLS
#endif
