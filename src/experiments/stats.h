/* Summary statistics for reproduction reports: mean, 95% CI, log–log slope. */
#ifndef OCO_EXP_STATS_H
#define OCO_EXP_STATS_H

#include <stddef.h>

typedef struct oco_summary {
    size_t n;
    double mean;
    double sd;      /* sample standard deviation (n − 1) */
    double ci95;    /* half-width of the 95% CI of the mean (Student t) */
} oco_summary;

oco_summary oco_summarize(const double *x, size_t n);
/* Two-sided 97.5% quantile of Student's t with nu degrees of freedom. */
double oco_t975(size_t nu);
/* Least-squares slope and intercept of log(y) on log(x) (points with x, y > 0);
 * returns the number of points used. */
size_t oco_loglog_fit(const double *x, const double *y, size_t n, double *slope, double *intercept);
/* The same with the standard error of the slope (ordinary least squares on the
 * logs; NaN with fewer than 3 points). */
size_t oco_loglog_fit_se(const double *x, const double *y, size_t n, double *slope,
                         double *intercept, double *slope_se);

#endif
