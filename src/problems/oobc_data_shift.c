/* The out-of-distribution experiment of seed 000 Figs. 3–4 (olp_laau.md
 * §2.3 [D]): shift every context value, and measure the 1-D Wasserstein-1
 * distance between the pooled context values of two data sets. A pure mean
 * shift c ← c + δ realises W1 = |δ| exactly when the clip to [0, 1] does
 * not bind (the quantile functions differ by δ everywhere). */
#include "oco/oobc_problem.h"

#include "oco/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

oco_oobc_data *oco_oobc_data_shift(const oco_oobc_data *d, double shift)
{
    if (!d) {
        oco_set_error(OCO_EINVAL, "oobc data shift: data is NULL");
        return NULL;
    }
    if (!isfinite(shift)) {
        oco_set_error(OCO_EINVAL, "oobc data shift: shift must be finite (got %g)", shift);
        return NULL;
    }
    oco_oobc_data *s = oco_oobc_data_slice(d, 0, d->n);
    if (!s)
        return NULL;
    const size_t nc = d->n * d->N * d->p;
    for (size_t k = 0; k < nc; ++k)
        s->c[k] = fmin(fmax(d->c[k] + shift, 0.0), 1.0);
    char lab[sizeof d->label];
    memcpy(lab, d->label, sizeof lab);
    lab[sizeof lab - 1] = '\0';
    snprintf(s->label, sizeof s->label, "%.90s, contexts shifted by %+g", lab, shift);
    return s;
}

static int cmp_double(const void *pa, const void *pb)
{
    const double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* W1(a, b) = ∫ |F_a(v) − F_b(v)| dv: between consecutive values of the
 * merged sorted samples both empirical CDFs are constant. */
int oco_oobc_data_wasserstein(const oco_oobc_data *a, const oco_oobc_data *b, double *dist)
{
    if (!a || !b || !dist)
        return oco_set_error(OCO_EINVAL, "oobc wasserstein: NULL argument");
    const size_t na = a->n * a->N * a->p, nb = b->n * b->N * b->p;
    if (na == 0 || nb == 0)
        return oco_set_error(OCO_EINVAL, "oobc wasserstein: a data set has no context values");
    double *x = malloc(na * sizeof *x), *y = malloc(nb * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return oco_set_error(OCO_ENOMEM, "oobc wasserstein: out of memory");
    }
    memcpy(x, a->c, na * sizeof *x);
    memcpy(y, b->c, nb * sizeof *y);
    int rc = OCO_OK;
    for (size_t k = 0; k < na && !rc; ++k)
        if (!isfinite(x[k]))
            rc = oco_set_error(OCO_EINVAL, "oobc wasserstein: a context value of a is not finite");
    for (size_t k = 0; k < nb && !rc; ++k)
        if (!isfinite(y[k]))
            rc = oco_set_error(OCO_EINVAL, "oobc wasserstein: a context value of b is not finite");
    if (!rc) {
        qsort(x, na, sizeof *x, cmp_double);
        qsort(y, nb, sizeof *y, cmp_double);
        size_t i = 0, j = 0;
        double w = 0, prev = fmin(x[0], y[0]);
        while (i < na || j < nb) {
            /* the next breakpoint, then both CDFs just below it */
            const double v = j >= nb || (i < na && x[i] <= y[j]) ? x[i] : y[j];
            w += fabs((double)i / (double)na - (double)j / (double)nb) * (v - prev);
            while (i < na && x[i] == v)
                ++i;
            while (j < nb && y[j] == v)
                ++j;
            prev = v;
        }
        *dist = w;
    }
    free(x);
    free(y);
    return rc;
}
