/* The curvature pool, base setups and surrogate gradients shared by the two
 * universal methods of seed 004 (bases.h). */
#include "algorithms/oco/bases.h"

#include <math.h>
#include <string.h>

#include "oco/universal.h"

size_t oco__ceil_log2(size_t T)
{
    size_t j = 0;
    while (((size_t)1 << j) < T && j < 62)
        j++;
    return j;
}

double oco__pool_value(size_t T, size_t H, size_t h)
{
    size_t j = oco__ceil_log2(T) + 1 - H + h;
    double v = ldexp(1.0, (int)j) / (double)T;
    return v < 1.0 ? v : 1.0;
}

size_t oco__pool_fill(size_t T, size_t H, const int on[3], int *kind, double *curv)
{
    size_t N = 0;
    for (int fam = OCO_BASE_SC; fam <= OCO_BASE_CVX; fam++) {
        if (!on[fam])
            continue;
        size_t cnt = fam == OCO_BASE_CVX ? 1 : H;
        for (size_t h = 0; h < cnt; h++) {
            kind[N] = fam;
            curv[N] = fam == OCO_BASE_CVX ? 0.0 : oco__pool_value(T, H, h);
            N++;
        }
    }
    return N;
}

void oco__base_setup(const oco_learner_setup *s, int kind, double curv, int surrogate,
                     oco_learner_setup *out)
{
    *out = *s;
    out->lambda = 0.0;
    out->alpha = 0.0;
    if (kind == OCO_BASE_SC) {
        out->lambda = curv;
        if (surrogate)
            out->G = s->G + curv * s->D;
    } else if (kind == OCO_BASE_EXP) {
        out->alpha = curv;
        if (surrogate)
            out->G = s->G + curv * s->G * s->G * s->D;
    }
}

void oco__surrogate_grad(int kind, double curv, const double *g, const double *xi,
                         const double *x, double gdiff, size_t d, double *out)
{
    if (kind == OCO_BASE_SC) {
        for (size_t j = 0; j < d; j++)
            out[j] = g[j] + curv * (xi[j] - x[j]);
    } else if (kind == OCO_BASE_EXP) {
        const double s = 1.0 + curv * gdiff;
        for (size_t j = 0; j < d; j++)
            out[j] = s * g[j];
    } else {
        memcpy(out, g, d * sizeof(double));
    }
}
