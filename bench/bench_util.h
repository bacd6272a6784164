/* Shared by the OCO benchmarks (bench/oco_base.c, maler.c, universal.c):
 * the allocation counter, a monotonic clock and the linear-loss gradient pool.
 *
 * A header, not a .c file: every .c file of bench/ is its own executable (CMake
 * glob), so the code is compiled into each one. Include it from exactly one
 * translation unit per executable: the malloc/calloc/realloc below are
 * definitions that interpose glibc's for the whole process.
 *
 * Allocation counting: every malloc/calloc/realloc call of the process is
 * counted in bench_n_allocs, including those inside LAPACK/OpenBLAS. It is
 * off (BENCH_COUNTING = 0) without glibc and under a sanitizer, whose
 * allocator must not be bypassed. */
#ifndef OCO_BENCH_UTIL_H
#define OCO_BENCH_UTIL_H

#include "bench_clock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oco/rng.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define BENCH_NO_INTERPOSE 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BENCH_NO_INTERPOSE 1
#endif

static volatile size_t bench_n_allocs;
#if defined(__GLIBC__) && !defined(BENCH_NO_INTERPOSE)
#define BENCH_COUNTING 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
void *malloc(size_t n)
{
    bench_n_allocs++;
    return __libc_malloc(n);
}
void *calloc(size_t a, size_t b)
{
    bench_n_allocs++;
    return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
    bench_n_allocs++;
    return __libc_realloc(p, n);
}
#else
#define BENCH_COUNTING 0
#endif

/* The arguments of the OCO benchmarks, "[T] [budget-seconds]", parsed
 * strictly: 0 and *T, *budget set (defaults kept for missing ones), or 2
 * after printing the usage (also for -h/--help). */
static inline int bench_args(int argc, char **argv, size_t *T, double *budget)
{
    const size_t T0 = *T;
    const double b0 = *budget;
    int bad = argc > 3;
    for (int i = 1; i < argc && i <= 2 && !bad; ++i) {
        char *end = NULL;
        double v = strtod(argv[i], &end);
        bad = end == argv[i] || *end != '\0' || !(v > 0) || v > 1e12;
        if (!bad && i == 1) {
            bad = v != floor(v);
            *T = (size_t)v;
        } else if (!bad) {
            *budget = v;
        }
    }
    if (bad)
        fprintf(stderr, "usage: %s [T >= 1 (default %zu)] [budget seconds per configuration > 0 "
                        "(default %g)]\n",
                argv[0], T0, b0);
    return bad ? 2 : 0;
}

enum { BENCH_POOL = 4096 };

/* BENCH_POOL gradients of dimension d, row-major, g = 0.5·e_1 + N(0, I)/√d
 * (rng seeded (2024, d)): the optimum of the linear losses lies on the
 * boundary of the unit ball, so the projections are exercised. If G is not
 * NULL, *G = the largest ‖g‖ in the pool (its true bound). NULL if out of
 * memory; the caller frees. */
static inline double *bench_linear_pool(size_t d, double *G)
{
    double *pool = malloc(BENCH_POOL * d * sizeof *pool);
    if (!pool)
        return NULL;
    oco_rng r;
    oco_rng_seed(&r, 2024, d);
    for (size_t i = 0; i < BENCH_POOL * d; ++i)
        pool[i] = oco_rng_normal(&r, 0, 1) / sqrt((double)d) + (i % d == 0 ? 0.5 : 0.0);
    if (G) {
        *G = 0.0;
        for (size_t i = 0; i < BENCH_POOL; ++i) {
            double n2 = 0.0;
            for (size_t j = 0; j < d; ++j)
                n2 += pool[i * d + j] * pool[i * d + j];
            *G = fmax(*G, sqrt(n2));
        }
    }
    return pool;
}

#endif
