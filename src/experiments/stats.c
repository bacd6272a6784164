#include "experiments/stats.h"

#include <math.h>

double oco_t975(size_t nu)
{
    /* Exact table for small nu, Cornish–Fisher expansion beyond (error < 1e-4). */
    static const double tab[] = {0,      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469,
                                 2.3646, 2.3060,  2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
                                 2.1448, 2.1314,  2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                 2.0796, 2.0739,  2.0687, 2.0639, 2.0595, 2.0555, 2.0518,
                                 2.0484, 2.0452,  2.0423};
    if (nu == 0)
        return NAN;
    if (nu < sizeof tab / sizeof tab[0])
        return tab[nu];
    const double z = 1.959963984540054, n = (double)nu;
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

oco_summary oco_summarize(const double *x, size_t n)
{
    oco_summary s = {n, NAN, NAN, NAN};
    if (n == 0)
        return s;
    double mean = 0.0;
    for (size_t i = 0; i < n; ++i)
        mean += (x[i] - mean) / (double)(i + 1);
    s.mean = mean;
    if (n < 2) {
        s.sd = 0.0;
        s.ci95 = 0.0;
        return s;
    }
    double ss = 0.0;
    for (size_t i = 0; i < n; ++i)
        ss += (x[i] - mean) * (x[i] - mean);
    s.sd = sqrt(ss / (double)(n - 1));
    s.ci95 = oco_t975(n - 1) * s.sd / sqrt((double)n);
    return s;
}

size_t oco_loglog_fit(const double *x, const double *y, size_t n, double *slope, double *intercept)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!(x[i] > 0) || !(y[i] > 0))
            continue;
        double lx = log(x[i]), ly = log(y[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
        ++k;
    }
    double den = (double)k * sxx - sx * sx;
    if (k < 2 || den == 0.0) {
        *slope = NAN;
        *intercept = NAN;
        return k;
    }
    *slope = ((double)k * sxy - sx * sy) / den;
    *intercept = (sy - *slope * sx) / (double)k;
    return k;
}

size_t oco_loglog_fit_se(const double *x, const double *y, size_t n, double *slope,
                         double *intercept, double *slope_se)
{
    size_t k = oco_loglog_fit(x, y, n, slope, intercept);
    *slope_se = NAN;
    if (k < 3 || !isfinite(*slope))
        return k;
    /* se(b) = sqrt(SSE/(k-2) / Sxx) on the log-log points. */
    double mx = 0, sxx = 0, sse = 0;
    for (size_t i = 0; i < n; ++i)
        if (x[i] > 0 && y[i] > 0)
            mx += log(x[i]) / (double)k;
    for (size_t i = 0; i < n; ++i) {
        if (!(x[i] > 0) || !(y[i] > 0))
            continue;
        double lx = log(x[i]), r = log(y[i]) - (*intercept + *slope * lx);
        sxx += (lx - mx) * (lx - mx);
        sse += r * r;
    }
    if (sxx > 0)
        *slope_se = sqrt(sse / (double)(k - 2) / sxx);
    return k;
}
