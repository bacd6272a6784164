/* oco — seeded, reproducible random numbers.
 *
 * Generator: xoshiro256** (Blackman & Vigna 2018), state seeded by SplitMix64
 * from (seed, stream). Distinct streams of one seed are statistically
 * independent, so parallel jobs draw from oco_rng_seed(&r, seed, job_id) and
 * produce the same numbers whatever the number of threads. All variates are
 * computed with plain IEEE double arithmetic and libm, so a sequence is
 * bit-identical across runs on the same platform. The struct is public so it
 * can live on the stack; it owns no memory. */
#ifndef OCO_RNG_H
#define OCO_RNG_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

OCO_BEGIN_DECLS

typedef struct oco_rng {
    uint64_t s[4];
} oco_rng;

/* Seed stream `stream` of `seed`. Never fails. */
void oco_rng_seed(oco_rng *rng, uint64_t seed, uint64_t stream);

/* Next raw 64-bit output. */
uint64_t oco_rng_u64(oco_rng *rng);

/* Uniform on [0, 1) with 53 random bits. */
double oco_rng_uniform(oco_rng *rng);

/* Uniform on [lo, hi). */
double oco_rng_uniform_range(oco_rng *rng, double lo, double hi);

/* Uniform integer in [0, n), unbiased (Lemire's method); returns 0 if n == 0. */
uint64_t oco_rng_below(oco_rng *rng, uint64_t n);

/* Normal with mean mu and standard deviation sigma (Marsaglia polar method,
 * no cached spare, so every call consumes a whole number of draws). */
double oco_rng_normal(oco_rng *rng, double mu, double sigma);

/* Exponential with the given rate (> 0), by inversion. */
double oco_rng_exponential(oco_rng *rng, double rate);

/* Gamma(shape, 1) for shape > 0 (Marsaglia–Tsang; shape < 1 by boosting). */
double oco_rng_gamma(oco_rng *rng, double shape);

/* Beta(a, b), a, b > 0, as G_a / (G_a + G_b). */
double oco_rng_beta(oco_rng *rng, double a, double b);

/* Standard Cauchy (Student t with 1 degree of freedom), by inversion. */
double oco_rng_cauchy(oco_rng *rng);

/* Student t with nu > 0 degrees of freedom: Z / sqrt(Chi2_nu / nu). */
double oco_rng_student_t(oco_rng *rng, double nu);

/* Fisher–Yates shuffle of n elements of `size` bytes each, in place.
 * `size` must be at most 64 bytes. */
void oco_rng_shuffle(oco_rng *rng, void *base, size_t n, size_t size);

OCO_END_DECLS
#endif
