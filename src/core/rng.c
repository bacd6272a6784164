/* Seeded, reproducible random numbers (include/oco/rng.h).
 *
 * Generator: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 2021; reference code
 * https://prng.di.unimi.it/xoshiro256starstar.c). Seeding follows the authors'
 * advice: fill the state from SplitMix64 (Steele, Lea & Flood, OOPSLA 2014),
 * never from raw user bits.
 *
 * Invalid distribution parameters (rate <= 0, shape <= 0, nu <= 0, NaN) give
 * NaN rather than an error code: these are per-draw functions whose callers
 * validate parameters once at their own API boundary, and the library must
 * never abort. */
#include "oco/rng.h"

#include <math.h>
#include <string.h>

#ifndef M_LN2
#define M_LN2 0.69314718055994530942
#endif
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* SplitMix64 increment (the golden ratio, odd) and its output finalizer. */
#define SM64_GAMMA UINT64_C(0x9e3779b97f4a7c15)

static uint64_t sm64_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t sm64_next(uint64_t *x)
{
    *x += SM64_GAMMA;
    return sm64_mix(*x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void oco_rng_seed(oco_rng *rng, uint64_t seed, uint64_t stream)
{
    /* Two SplitMix64 sequences, one started at `seed` and one at a hash of
     * `stream` (offset by a constant so stream 0 does not start at 0), XORed
     * word by word. Every state word, hence already the first output, depends
     * on both inputs, and the streams of one seed start at unrelated points
     * of the 2^256 − 1 period (jumps are not needed for the short sequences
     * of one job). */
    uint64_t a = seed;
    uint64_t b = sm64_mix(stream ^ UINT64_C(0x6a09e667f3bcc909));
    for (int i = 0; i < 4; i++)
        rng->s[i] = sm64_next(&a) ^ sm64_next(&b);
    /* The all-zero state is the one fixed point of xoshiro; astronomically
     * unlikely, but cheap to exclude. */
    if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
        rng->s[0] = SM64_GAMMA;
}

uint64_t oco_rng_u64(oco_rng *rng)
{
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double oco_rng_uniform(oco_rng *rng)
{
    /* Top 53 bits: the low bits of xoshiro256** are as good, but this is the
     * authors' recommended conversion and gives every multiple of 2^-53. */
    return (double)(oco_rng_u64(rng) >> 11) * 0x1.0p-53;
}

/* Uniform on the open interval (0, 1): midpoints of the 2^53 grid cells, so
 * log(u), 1/u and tan(pi(u − 1/2)) are always finite. */
static double uniform_open(oco_rng *rng)
{
    return ((double)(oco_rng_u64(rng) >> 11) + 0.5) * 0x1.0p-53;
}

double oco_rng_uniform_range(oco_rng *rng, double lo, double hi)
{
    double u = oco_rng_uniform(rng);
    double x = lo + (hi - lo) * u;
    /* Rounding can land exactly on hi when hi − lo is large relative to lo. */
    return (x < hi) ? x : lo;
}

/* Full 64×64 → 128-bit product, portable (no __int128 under -Wpedantic). */
static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
    uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

uint64_t oco_rng_below(oco_rng *rng, uint64_t n)
{
    /* Lemire, "Fast random integer generation in an interval", ACM TOMACS
     * 2019, Alg. 5: multiply-shift with rejection of the 2^64 mod n biased
     * low products; the modulo is computed only when rejection is possible. */
    if (n == 0)
        return 0;
    uint64_t hi, lo;
    mul64(oco_rng_u64(rng), n, &hi, &lo);
    if (lo < n) {
        const uint64_t t = (0 - n) % n; /* 2^64 mod n */
        while (lo < t)
            mul64(oco_rng_u64(rng), n, &hi, &lo);
    }
    return hi;
}

double oco_rng_normal(oco_rng *rng, double mu, double sigma)
{
    /* Marsaglia & Bray (1964) polar method. It yields two normals per
     * accepted pair; the second is discarded so the generator carries no
     * hidden state beyond s[4] (copying an oco_rng copies the stream). */
    double u, v, s;
    do {
        u = 2.0 * oco_rng_uniform(rng) - 1.0;
        v = 2.0 * oco_rng_uniform(rng) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return mu + sigma * u * sqrt(-2.0 * log(s) / s);
}

double oco_rng_exponential(oco_rng *rng, double rate)
{
    if (!(rate > 0.0))
        return NAN;
    /* Inversion of F(x) = 1 − e^{−rate x}; 1 − u ∈ (0, 1] so the log is
     * finite. */
    return -log1p(-oco_rng_uniform(rng)) / rate;
}

/* Marsaglia & Tsang, "A simple method for generating gamma variables",
 * ACM TOMS 26(3), 2000, for shape a >= 1. Always > 0. */
static double gamma_mt(oco_rng *rng, double a)
{
    const double d = a - 1.0 / 3.0;
    const double c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = oco_rng_normal(rng, 0.0, 1.0);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform_open(rng);
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) /* squeeze */
            return d * v;
        if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
            return d * v;
    }
}

/* log of a Gamma(a, 1) variate. For a < 1 uses Marsaglia–Tsang §6:
 * G_a = G_{a+1} · U^{1/a}, kept in the log domain because U^{1/a} underflows
 * to 0 for small a (and G_a/(G_a+G_b) would become 0/0). */
static double log_gamma_variate(oco_rng *rng, double a)
{
    if (a >= 1.0)
        return log(gamma_mt(rng, a));
    const double g = gamma_mt(rng, a + 1.0);
    return log(g) + log(uniform_open(rng)) / a;
}

double oco_rng_gamma(oco_rng *rng, double shape)
{
    if (!(shape > 0.0) || isinf(shape))
        return NAN;
    if (shape >= 1.0)
        return gamma_mt(rng, shape);
    const double g = gamma_mt(rng, shape + 1.0);
    return g * pow(uniform_open(rng), 1.0 / shape);
}

double oco_rng_beta(oco_rng *rng, double a, double b)
{
    if (!(a > 0.0) || !(b > 0.0) || isinf(a) || isinf(b))
        return NAN;
    if (a >= 1.0 && b >= 1.0) {
        const double ga = gamma_mt(rng, a);
        const double gb = gamma_mt(rng, b);
        return ga / (ga + gb);
    }
    /* G_a/(G_a+G_b) = 1/(1 + exp(log G_b − log G_a)), finite for any a, b. */
    const double la = log_gamma_variate(rng, a);
    const double lb = log_gamma_variate(rng, b);
    return 1.0 / (1.0 + exp(lb - la));
}

double oco_rng_cauchy(oco_rng *rng)
{
    /* Inversion of F(x) = 1/2 + atan(x)/pi. */
    return tan(M_PI * (uniform_open(rng) - 0.5));
}

double oco_rng_student_t(oco_rng *rng, double nu)
{
    if (!(nu > 0.0) || isnan(nu))
        return NAN;
    const double z = oco_rng_normal(rng, 0.0, 1.0);
    if (isinf(nu))
        return z;
    /* Chi2_nu = 2 Gamma(nu/2); in logs so small nu cannot divide by 0. */
    const double lchi = M_LN2 + log_gamma_variate(rng, 0.5 * nu);
    return z * exp(-0.5 * (lchi - log(nu)));
}

void oco_rng_shuffle(oco_rng *rng, void *base, size_t n, size_t size)
{
    /* Durstenfeld's in-place Fisher–Yates: position i gets a uniform pick
     * among the i + 1 not yet placed elements. */
    unsigned char *p = base;
    unsigned char tmp[64];
    if (n < 2 || size == 0)
        return;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)oco_rng_below(rng, (uint64_t)i + 1);
        if (j == i)
            continue;
        unsigned char *a = p + i * size, *b = p + j * size;
        if (size <= sizeof tmp) {
            memcpy(tmp, a, size);
            memcpy(a, b, size);
            memcpy(b, tmp, size);
        } else {
            /* Documented limit is 64 bytes; larger elements are still
             * swapped correctly, byte by byte, rather than failing. */
            for (size_t k = 0; k < size; k++) {
                unsigned char c = a[k];
                a[k] = b[k];
                b[k] = c;
            }
        }
    }
}
