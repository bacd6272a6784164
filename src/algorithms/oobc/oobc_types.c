/* The OOBC protocol's plain types (include/oco/oobc.h): the checks of a
 * problem class and of a data set, and the episode container. They live
 * with the protocol, below problems/ and the runner, because the wrapper,
 * the policies that fit on training data and the trainer all check them. */
#include "oco/oobc.h"

#include "oco/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this the dense general layer (d×d and M-sized KKT systems per
 * step) is no longer "small"; the issue sizes it for d, M up to about 50. */
#define OCO__OOBC_MAX_DIM 1000

int oco_oobc_class_check(const oco_oobc_class *cls)
{
    if (!cls)
        return oco_set_error(OCO_EINVAL, "oobc class: NULL");
    const char *nm = cls->name ? cls->name : "(unnamed class)";
    if (!cls->name)
        return oco_set_error(OCO_EINVAL, "oobc class: name is NULL");
    if (cls->d < 1 || cls->d > OCO__OOBC_MAX_DIM || cls->M < 1 || cls->M > OCO__OOBC_MAX_DIM ||
        cls->p < 1 || cls->p > OCO__OOBC_MAX_DIM)
        return oco_set_error(OCO_EINVAL,
                             "oobc class %s: need 1 <= d, M, p <= %d (got d = %zu, M = %zu, "
                             "p = %zu)",
                             nm, OCO__OOBC_MAX_DIM, cls->d, cls->M, cls->p);
    if (!cls->lo || !cls->hi || !cls->x_safe || !cls->reserve || !cls->budget_lo ||
        !cls->budget_hi)
        return oco_set_error(OCO_EINVAL,
                             "oobc class %s: lo, hi, x_safe, reserve, budget_lo and budget_hi "
                             "are required",
                             nm);
    if (!cls->loss || !cls->use)
        return oco_set_error(OCO_EINVAL, "oobc class %s: the loss and use callbacks are required",
                             nm);
    for (size_t j = 0; j < cls->d; ++j) {
        if (!(isfinite(cls->lo[j]) && isfinite(cls->hi[j]) && cls->lo[j] < cls->hi[j]))
            return oco_set_error(OCO_EINVAL,
                                 "oobc class %s: box coordinate %zu must be finite with lo < hi "
                                 "(got [%g, %g])",
                                 nm, j, cls->lo[j], cls->hi[j]);
        if (!(cls->x_safe[j] >= cls->lo[j] && cls->x_safe[j] <= cls->hi[j]))
            return oco_set_error(OCO_EINVAL, "oobc class %s: x_safe[%zu] = %g is outside the box",
                                 nm, j, cls->x_safe[j]);
    }
    for (size_t m = 0; m < cls->M; ++m) {
        if (!(isfinite(cls->reserve[m]) && cls->reserve[m] >= 0))
            return oco_set_error(OCO_EINVAL, "oobc class %s: reserve[%zu] must be finite and >= 0",
                                 nm, m);
        if (!(isfinite(cls->budget_lo[m]) && isfinite(cls->budget_hi[m]) &&
              cls->budget_lo[m] > 0 && cls->budget_lo[m] <= cls->budget_hi[m]))
            return oco_set_error(OCO_EINVAL,
                                 "oobc class %s: budget range %zu must satisfy 0 < budget_lo <= "
                                 "budget_hi (got [%g, %g])",
                                 nm, m, cls->budget_lo[m], cls->budget_hi[m]);
        if (cls->budget_lo[m] < cls->reserve[m])
            return oco_set_error(OCO_EINVAL,
                                 "oobc class %s: budget_lo[%zu] = %g is below the per-step "
                                 "reserve %g (generated episodes would be infeasible)",
                                 nm, m, cls->budget_lo[m], cls->reserve[m]);
    }
    return OCO_OK;
}

oco_oobc_data *oco_oobc_data_new(size_t n, size_t N, size_t M, size_t p)
{
    if (N < 1 || M < 1 || p < 1) {
        oco_set_error(OCO_EINVAL, "oobc data: need N, M, p >= 1 (got N = %zu, M = %zu, p = %zu)",
                      N, M, p);
        return NULL;
    }
    /* n·N·p doubles must not overflow size_t */
    if (n > SIZE_MAX / sizeof(double) / N / p || n > SIZE_MAX / sizeof(double) / M) {
        oco_set_error(OCO_EINVAL, "oobc data: %zu episodes of %zu steps are too many", n, N);
        return NULL;
    }
    oco_oobc_data *d = calloc(1, sizeof *d);
    if (d) {
        d->n = n;
        d->N = N;
        d->M = M;
        d->p = p;
        d->B = calloc(n * M + 1, sizeof *d->B);
        d->c = calloc(n * N * p + 1, sizeof *d->c);
    }
    if (!d || !d->B || !d->c) {
        oco_oobc_data_free(d);
        oco_set_error(OCO_ENOMEM, "oobc data: out of memory for %zu episodes", n);
        return NULL;
    }
    return d;
}

void oco_oobc_data_free(oco_oobc_data *d)
{
    if (!d)
        return;
    free(d->B);
    free(d->c);
    free(d);
}

oco_oobc_data *oco_oobc_data_slice(const oco_oobc_data *d, size_t first, size_t count)
{
    if (!d) {
        oco_set_error(OCO_EINVAL, "oobc data slice: data is NULL");
        return NULL;
    }
    if (first > d->n || count > d->n - first) {
        oco_set_error(OCO_EINVAL,
                      "oobc data slice: episodes [%zu, %zu) are outside the %zu episodes", first,
                      first + count, d->n);
        return NULL;
    }
    oco_oobc_data *s = oco_oobc_data_new(count, d->N, d->M, d->p);
    if (!s)
        return NULL;
    memcpy(s->B, d->B + first * d->M, count * d->M * sizeof *s->B);
    memcpy(s->c, d->c + first * d->N * d->p, count * d->N * d->p * sizeof *s->c);
    memcpy(s->label, d->label, sizeof s->label);
    return s;
}

int oco_oobc_data_check(const oco_oobc_data *d, const oco_oobc_class *cls, size_t N)
{
    if (!d)
        return oco_set_error(OCO_EINVAL, "oobc data: NULL");
    int rc = oco_oobc_class_check(cls);
    if (rc)
        return rc;
    if (d->M != cls->M || d->p != cls->p)
        return oco_set_error(OCO_EINVAL,
                             "oobc data: %zu budgets and %zu context entries per step do not fit "
                             "class %s (M = %zu, p = %zu)",
                             d->M, d->p, cls->name, cls->M, cls->p);
    if (N && d->N != N)
        return oco_set_error(OCO_EINVAL, "oobc data: episodes have N = %zu steps, expected %zu",
                             d->N, N);
    for (size_t i = 0; i < d->n; ++i) {
        for (size_t m = 0; m < d->M; ++m) {
            const double B = d->B[i * d->M + m];
            if (!(isfinite(B) && B > 0))
                return oco_set_error(OCO_EINVAL,
                                     "oobc data: episode %zu: budget %zu is %g (must be finite "
                                     "and > 0)",
                                     i + 1, m + 1, B);
        }
        const double *c = d->c + i * d->N * d->p;
        for (size_t k = 0; k < d->N * d->p; ++k)
            if (!isfinite(c[k]))
                return oco_set_error(OCO_EINVAL,
                                     "oobc data: episode %zu, step %zu: context entry %zu is not "
                                     "finite",
                                     i + 1, k / d->p + 1, k % d->p + 1);
    }
    return OCO_OK;
}

oco_oobc_setup oco_oobc_setup_default(void)
{
    oco_oobc_setup s;
    memset(&s, 0, sizeof s);
    return s;
}
