/* The OLP dual evaluations of olp_dual_eval.h: the weighted quantile that
 * minimises a convex piecewise-linear scalar function (the m = 1 dual of
 * olp_opt.c; the working-set and violator thresholds of olp_sift.c) and the
 * dual objective D(y) (the certificate of both). */
#include "hindsight/olp_dual_eval.h"

#include <math.h>
#include <stdlib.h>

typedef oco_olp_bp bp;

static int bp_cmp(const void *pa, const void *pb)
{
    const double x = ((const bp *)pa)->r, y = ((const bp *)pb)->r;
    return (x > y) - (x < y);
}

/* Smallest r in v[0..n) with Σ_{v_k.r <= r} v_k.w >= need (need > 0), by
 * three-way quickselect on the weights: expected O(n). After a depth limit the
 * remaining range is sorted and scanned, so the worst case stays O(n log n).
 * Partial sums are formed in different orders at different levels, so near a
 * zero slope a range can turn out, by rounding, to hold no element that
 * reaches `need`; then the smallest pivot already known to reach it is the
 * answer (`fence`: g is flat up to rounding between the two), or the largest
 * breakpoint if no pivot was (g is flat beyond it). */
double oco__olp_wquantile(bp *v, size_t n, double need)
{
    size_t lo = 0, hi = n; /* current range; everything left of lo is below it */
    double acc = 0.0;      /* weight of the elements left of lo */
    double fence = -INFINITY; /* smallest r known to reach need */
    for (size_t k = 0; k < n; k++)
        fence = v[k].r > fence ? v[k].r : fence;
    int depth = 0;
    while (lo < hi) {
        if (++depth > 64) {
            qsort(v + lo, hi - lo, sizeof(bp), bp_cmp);
            for (size_t k = lo; k < hi; k++) {
                acc += v[k].w;
                if (acc >= need)
                    return v[k].r;
            }
            return fence;
        }
        /* median of three as pivot */
        const size_t mid = lo + (hi - lo) / 2;
        double p0 = v[lo].r, p1 = v[mid].r, p2 = v[hi - 1].r, p;
        if ((p0 <= p1 && p1 <= p2) || (p2 <= p1 && p1 <= p0))
            p = p1;
        else if ((p1 <= p0 && p0 <= p2) || (p2 <= p0 && p0 <= p1))
            p = p0;
        else
            p = p2;
        /* Dutch-flag partition: [lo,lt) < p, [lt,i) == p, (gt,hi) > p */
        size_t lt = lo, i = lo, gt = hi;
        double wl = 0.0, we = 0.0;
        while (i < gt) {
            if (v[i].r < p) {
                wl += v[i].w;
                bp tmp = v[lt];
                v[lt++] = v[i];
                v[i++] = tmp;
            } else if (v[i].r > p) {
                bp tmp = v[--gt];
                v[gt] = v[i];
                v[i] = tmp;
            } else {
                we += v[i].w;
                i++;
            }
        }
        if (acc + wl >= need) {
            hi = lt;
            fence = p;
        } else if (acc + wl + we >= need) {
            return p;
        } else {
            acc += wl + we;
            lo = gt;
        }
    }
    return fence;
}

size_t oco__olp_pass_chunks(size_t T, size_t m)
{
    return (double)T * (double)m < (double)OCO_OLP_PASS_MIN_ENTRIES || T < OCO_OLP_PASS_CHUNKS
               ? 1
               : OCO_OLP_PASS_CHUNKS;
}

double oco__olp_dual_pass(const oco_olp_instance *inst, const double *y, double *rcv)
{
    const size_t T = inst->T, m = inst->m, nc = oco__olp_pass_chunks(T, m);
    double by = 0.0;
    for (size_t i = 0; i < m; i++)
        by += inst->b[i] * y[i];
    /* Chunk j sums its orders in order (chunk 0 from <b,y>), then the chunk
     * sums are added in order: the same result for any number of threads. */
    double part[OCO_OLP_PASS_CHUNKS];
    OCO_OLP_OMP_FOR(nc > 1)
    for (size_t j = 0; j < nc; j++) {
        const size_t t0 = T * j / nc, t1 = T * (j + 1) / nc;
        double s = j == 0 ? by : 0.0;
        for (size_t t = t0; t < t1; t++) {
            const double *at = inst->a + t * m;
            double v = inst->c[t];
            for (size_t i = 0; i < m; i++)
                v -= at[i] * y[i];
            if (rcv)
                rcv[t] = v;
            if (v > 0)
                s += v;
        }
        part[j] = s;
    }
    double s = part[0];
    for (size_t j = 1; j < nc; j++)
        s += part[j];
    return s;
}

double oco__olp_dual_raw(const oco_olp_instance *inst, const double *y)
{
    return oco__olp_dual_pass(inst, y, NULL);
}
