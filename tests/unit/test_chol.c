/* Tests of the hand-loop Cholesky kernels of core/linalg_internal.h (shared by
 * ONS, MetaGrad, qp_domain and uball), each against an independent
 * reference:
 *   - both factorizations: L Lᵀ multiplied back equals A, and L equals
 *     LAPACK's factor (oco_spd_solve) to rounding; a leading dimension larger
 *     than n leaves the padding untouched; non-SPD and NaN are refused;
 *   - the triangular solves: L x (resp. Lᵀ x) multiplied back gives b, and
 *     the Cholesky solve recovers a manufactured x from b = A x;
 *   - the rank-one update: the updated factor equals a fresh factorization
 *     of A + v vᵀ, over a sequence of updates (as ONS makes them), including
 *     a large v (the hypot path) and n = 1 by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/linalg_internal.h"
#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"

#define AT(M, i, j, ld) ((M)[(i) + (size_t)(j) * (ld)])
#define PAD (-12345.0) /* marks entries a routine must not touch */

/* A = M Mᵀ + n·I in the leading n×n block of an ld×n array (cond ≲ 5). */
static void random_spd(oco_rng *r, double *A, size_t n, size_t ld)
{
    double *M = malloc(n * n * sizeof *M);
    assert_non_null(M);
    for (size_t i = 0; i < n * n; i++)
        M[i] = oco_rng_normal(r, 0, 1);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            double s = i == j ? (double)n : 0.0;
            for (size_t k = 0; k < n; k++)
                s += AT(M, i, k, n) * AT(M, j, k, n);
            AT(A, i, j, ld) = s;
        }
    free(M);
}

/* max |(L Lᵀ − A)(i,j)| over the lower triangle, relative to max |A(i,i)|. */
static double llt_error(const double *L, const double *A, size_t n, size_t ld)
{
    double err = 0, scale = 0;
    for (size_t i = 0; i < n; i++)
        scale = fmax(scale, fabs(AT(A, i, i, ld)));
    for (size_t j = 0; j < n; j++)
        for (size_t i = j; i < n; i++) {
            long double s = 0;
            for (size_t k = 0; k <= j; k++)
                s += (long double)AT(L, i, k, ld) * AT(L, j, k, ld);
            err = fmax(err, fabs((double)(s - AT(A, i, j, ld))));
        }
    return err / scale;
}

typedef int (*chol_fn)(double *, size_t, size_t);

static void check_factor(chol_fn f)
{
    oco_rng r;
    oco_rng_seed(&r, 71, 0);
    const size_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 25, 40};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const size_t n = sizes[s], ld = n + 3;
        double *A = malloc(ld * n * sizeof *A), *L = malloc(ld * n * sizeof *L);
        double *R = malloc(n * n * sizeof *R);
        assert_true(A && L && R);
        for (size_t i = 0; i < ld * n; i++)
            A[i] = PAD;
        random_spd(&r, A, n, ld);
        memcpy(L, A, ld * n * sizeof *A);
        assert_int_equal(f(L, n, ld), 0);
        assert_true(llt_error(L, A, n, ld) < 1e-14 * (double)n);
        /* Independent reference: LAPACK dposv's factor (unique with a
         * positive diagonal). */
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++)
                AT(R, i, j, n) = AT(A, i, j, ld);
        assert_int_equal(oco_spd_solve(R, NULL, n, 0), OCO_OK);
        for (size_t j = 0; j < n; j++)
            for (size_t i = j; i < n; i++)
                assert_true(fabs(AT(L, i, j, ld) - AT(R, i, j, n)) <=
                            1e-13 * sqrt((double)n) * AT(R, j, j, n) + 1e-13);
        /* The strict upper triangle and the padding rows are not touched. */
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < ld; i++)
                if (i < j || i >= n)
                    assert_true(AT(L, i, j, ld) == AT(A, i, j, ld));
        free(A);
        free(L);
        free(R);
    }
    /* Not positive definite: [1 2; 2 1] (eigenvalues 3, −1); NaN. */
    double B[] = {1, 2, 2, 1};
    assert_int_equal(f(B, 2, 2), -1);
    double Z[] = {0};
    assert_int_equal(f(Z, 1, 1), -1);
    double N[] = {4, NAN, NAN, 4};
    assert_int_equal(f(N, 2, 2), -1);
    /* Hand: [4 2; 2 5] = [2 0; 1 2][2 1; 0 2]. */
    double H[] = {4, 2, 2, 5};
    assert_int_equal(f(H, 2, 2), 0);
    assert_true(H[0] == 2 && H[1] == 1 && H[3] == 2);
}

static void test_chol_inner(void **st)
{
    (void)st;
    check_factor(oco__chol);
}

static void test_chol_outer(void **st)
{
    (void)st;
    check_factor(oco__chol_outer);
}

/* The two forms factor the same matrix to rounding (they may differ in the
 * last bits: qp_domain picks one per dimension, so each must be kept). */
static void test_chol_forms_agree(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 72, 0);
    const size_t n = 30;
    double *A = malloc(n * n * sizeof *A), *B = malloc(n * n * sizeof *B);
    assert_true(A && B);
    random_spd(&r, A, n, n);
    memcpy(B, A, n * n * sizeof *A);
    assert_int_equal(oco__chol(A, n, n), 0);
    assert_int_equal(oco__chol_outer(B, n, n), 0);
    for (size_t j = 0; j < n; j++)
        for (size_t i = j; i < n; i++)
            assert_true(fabs(AT(A, i, j, n) - AT(B, i, j, n)) <= 1e-13 * AT(A, j, j, n));
    free(A);
    free(B);
}

static void test_trsv(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 73, 0);
    const size_t sizes[] = {1, 2, 6, 31};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const size_t n = sizes[s], ld = n + 2;
        double *L = calloc(ld * n, sizeof *L), *A = calloc(ld * n, sizeof *A);
        double *b = malloc(n * sizeof *b), *x = malloc(n * sizeof *x);
        assert_true(L && A && b && x);
        random_spd(&r, A, n, ld);
        memcpy(L, A, ld * n * sizeof *A);
        assert_int_equal(oco__chol(L, n, ld), 0);
        for (size_t i = 0; i < n; i++)
            b[i] = oco_rng_uniform_range(&r, -1, 1);
        /* L x = b: multiply back (long double). */
        memcpy(x, b, n * sizeof *b);
        oco__trsv_lower(L, n, ld, x);
        for (size_t i = 0; i < n; i++) {
            long double t = 0;
            for (size_t k = 0; k <= i; k++)
                t += (long double)AT(L, i, k, ld) * x[k];
            assert_true(fabs((double)t - b[i]) < 1e-14);
        }
        /* Lᵀ x = b. */
        memcpy(x, b, n * sizeof *b);
        oco__trsv_lower_trans(L, n, ld, x);
        for (size_t i = 0; i < n; i++) {
            long double t = 0;
            for (size_t k = i; k < n; k++)
                t += (long double)AT(L, k, i, ld) * x[k];
            assert_true(fabs((double)t - b[i]) < 1e-14);
        }
        /* A x = b with a manufactured x: b = A x0 (full symmetric A). */
        double *x0 = malloc(n * sizeof *x0);
        assert_non_null(x0);
        for (size_t i = 0; i < n; i++)
            x0[i] = oco_rng_uniform_range(&r, -1, 1);
        for (size_t i = 0; i < n; i++) {
            double t = 0;
            for (size_t k = 0; k < n; k++)
                t += (i >= k ? AT(A, i, k, ld) : AT(A, k, i, ld)) * x0[k];
            b[i] = t;
        }
        oco__chol_solve(L, n, ld, b);
        for (size_t i = 0; i < n; i++)
            assert_true(fabs(b[i] - x0[i]) < 1e-13);
        free(L);
        free(A);
        free(b);
        free(x);
        free(x0);
    }
}

/* A sequence of rank-one updates A ← A + v vᵀ (as ONS makes them, from
 * A = εI), each checked against a fresh factorization of the updated A. */
static void test_rank1_update(void **st)
{
    (void)st;
    oco_rng r;
    oco_rng_seed(&r, 74, 0);
    const size_t sizes[] = {1, 2, 5, 16};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const size_t n = sizes[s], ld = n + 1;
        double *A = calloc(ld * n, sizeof *A), *L = calloc(ld * n, sizeof *L);
        double *F = calloc(ld * n, sizeof *F), *v = malloc(n * sizeof *v);
        double *w = malloc(n * sizeof *w);
        assert_true(A && L && F && v && w);
        const double eps = 0.25;
        for (size_t i = 0; i < n; i++) {
            AT(A, i, i, ld) = eps;
            AT(L, i, i, ld) = sqrt(eps);
        }
        for (int step = 0; step < 40; step++) {
            /* one update in ten is large (‖v‖ ~ 1e3): the hypot path */
            const double sc = step % 10 == 9 ? 1e3 : 1.0;
            for (size_t i = 0; i < n; i++)
                v[i] = w[i] = sc * oco_rng_normal(&r, 0, 1);
            for (size_t j = 0; j < n; j++)
                for (size_t i = j; i < n; i++)
                    AT(A, i, j, ld) += w[i] * w[j];
            oco__chol_rank1_update(L, n, ld, v);
            memcpy(F, A, ld * n * sizeof *A);
            assert_int_equal(oco__chol(F, n, ld), 0);
            /* The factor's forward error grows with cond(A) (Higham, Accuracy
             * and Stability, 2nd ed., Thm. 10.8), here up to ~1e7 right after
             * a large v: tolerance κ̂·1e-14 with κ̂ = (max L_jj / min L_jj)²
             * ≤ cond(A). A wrong rotation is off by O(1). */
            double mx = 0, mn = INFINITY;
            for (size_t j = 0; j < n; j++) {
                assert_true(AT(L, j, j, ld) > 0);
                mx = fmax(mx, AT(F, j, j, ld));
                mn = fmin(mn, AT(F, j, j, ld));
            }
            const double tol = 1e-14 * (mx / mn) * (mx / mn) * mx;
            for (size_t j = 0; j < n; j++)
                for (size_t i = j; i < n; i++)
                    assert_true(fabs(AT(L, i, j, ld) - AT(F, i, j, ld)) <= tol);
            /* The backward error does not depend on cond(A). */
            assert_true(llt_error(L, A, n, ld) < 1e-13);
        }
        free(A);
        free(L);
        free(F);
        free(v);
        free(w);
    }
    /* Hand, n = 1: L = 3, v = 4 → L = 5. */
    double l1 = 3, v1 = 4;
    oco__chol_rank1_update(&l1, 1, 1, &v1);
    assert_true(l1 == 5);
    /* Hand, n = 2: A = I + (1,1)(1,1)ᵀ = [2 1; 1 2], L = [√2 0; 1/√2 √(3/2)]. */
    double L2[] = {1, 0, 0, 1}, v2[] = {1, 1};
    oco__chol_rank1_update(L2, 2, 2, v2);
    assert_true(fabs(L2[0] - sqrt(2.0)) < 1e-15 && fabs(L2[1] - sqrt(0.5)) < 1e-15 &&
                fabs(L2[3] - sqrt(1.5)) < 1e-15 && L2[2] == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chol_inner),   cmocka_unit_test(test_chol_outer),
        cmocka_unit_test(test_chol_forms_agree), cmocka_unit_test(test_trsv),
        cmocka_unit_test(test_rank1_update),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
