/* The baselines' layer call with the exhausted-resource guard (baseline.h). */
#include "algorithms/oobc/baseline.h"

#include <math.h>
#include <string.h>

/* Room beyond g(x_safe) below this fraction of B counts as none. */
#define OCO__BASE_EXHAUSTED_RTOL 1e-12

int oco__oobc_base_solve(oco__oobc_lws *w, const oco_oobc_class *cls, const double *c,
                         const double *lambda, const double *b_eff, const double *B, double *g,
                         double *x)
{
    if (cls->M && b_eff[0] != INFINITY) {
        int rc = cls->use(cls, c, cls->x_safe, g, NULL, NULL);
        if (rc)
            return rc;
        for (size_t m = 0; m < cls->M; ++m)
            if (b_eff[m] - g[m] <= OCO__BASE_EXHAUSTED_RTOL * B[m] && g[m] <= b_eff[m]) {
                memcpy(x, cls->x_safe, cls->d * sizeof *x);
                return 0;
            }
    }
    return oco__oobc_lws_solve(w, c, lambda, b_eff, NULL, x, NULL, NULL);
}
