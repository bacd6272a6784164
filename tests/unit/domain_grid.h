/* Test helper: points of a small domain X for brute-force minima
 * (comparators, V_T sups, game gaps), boundary-dense. The simplex: 4001
 * points on its edge (d = 2), or the lattice of step 1/240 (d = 3); a disc:
 * `rings` + 1 concentric circles of `angles` points; a box (d = 2): a
 * (cells + 1)² lattice. Header-only (a static function) so that each test
 * stays one .c file. */
#ifndef OCO_TEST_DOMAIN_GRID_H
#define OCO_TEST_DOMAIN_GRID_H

#include <float.h>
#include <math.h>
#include <stddef.h>

#include "oco/domain.h"

static size_t grid_points(const oco_domain *dom, double *pts, size_t cap, int rings, int angles,
                          int cells)
{
    size_t n = 0;
    const size_t d = oco_domain_dim(dom);
    oco_domain_kind k = oco_domain_get_kind(dom);
    if (k == OCO_DOMAIN_SIMPLEX && d == 3) {
        const int N = 240;
        for (int i = 0; i <= N; ++i)
            for (int j = 0; i + j <= N && n < cap; ++j, ++n) {
                pts[3 * n] = (double)i / N;
                pts[3 * n + 1] = (double)j / N;
                pts[3 * n + 2] = (double)(N - i - j) / N;
            }
        return n;
    }
    if (k == OCO_DOMAIN_SIMPLEX) {
        for (int i = 0; i <= 4000 && n < cap; ++i, ++n) {
            pts[2 * n] = i / 4000.0;
            pts[2 * n + 1] = 1 - i / 4000.0;
        }
        return n;
    }
    if (k == OCO_DOMAIN_BALL) {
        double R = oco_domain_diameter(dom) / 2;
        for (int r = 0; r <= rings; ++r)
            for (int a = 0; a < angles && n < cap; ++a, ++n) {
                double th = 2 * 3.14159265358979323846 * a / angles;
                pts[2 * n] = R * r / rings * cos(th);
                pts[2 * n + 1] = R * r / rings * sin(th);
            }
        return n;
    }
    double lo[2] = {-DBL_MAX, -DBL_MAX}, hi[2] = {DBL_MAX, DBL_MAX};
    oco_domain_project(dom, lo);
    oco_domain_project(dom, hi);
    for (int i = 0; i <= cells; ++i)
        for (int j = 0; j <= cells && n < cap; ++j, ++n) {
            pts[2 * n] = lo[0] + (hi[0] - lo[0]) * i / cells;
            pts[2 * n + 1] = lo[1] + (hi[1] - lo[1]) * j / cells;
        }
    return n;
}

#endif
