/* Tests of the small dense linear algebra: level-1 loops against hand values
 * and long-double references, the LAPACK solvers against systems with a known
 * solution (hand-solved and manufactured X with B = A X), non-SPD and
 * singular detection, and the eigen-decomposition by reconstruction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"
#include "oco/linalg.h"
#include "oco/rng.h"

#define SQRT1_2 0.70710678118654752440
#define A_(M, i, j, n) ((M)[(i) + (size_t)(j) * (n)])

static void test_level1(void **st)
{
    (void)st;
    double x[] = {1, -2, 3}, y[] = {4, 5, -6};
    assert_true(oco_dot(x, y, 3) == 4 - 10 - 18);
    assert_true(oco_dot(x, y, 0) == 0);
    oco_axpy(2, x, y, 3);
    assert_true(y[0] == 6 && y[1] == 1 && y[2] == 0);
    oco_scal(-0.5, y, 3);
    assert_true(y[0] == -3 && y[1] == -0.5 && y[2] == 0);
    oco_copy(x, y, 3);
    assert_memory_equal(x, y, sizeof x);
    double v[5] = {1, 2, 3, 4, 5};
    oco_copy(v, v + 1, 4); /* overlapping copy behaves like memmove */
    assert_true(v[0] == 1 && v[1] == 1 && v[2] == 2 && v[3] == 3 && v[4] == 4);
    oco_fill(v, 5, 7.5);
    for (int i = 0; i < 5; i++)
        assert_true(v[i] == 7.5);
    assert_true(oco_all_finite(v, 5));
    v[3] = NAN;
    assert_false(oco_all_finite(v, 5));
    v[3] = -INFINITY;
    assert_false(oco_all_finite(v, 5));
    assert_true(oco_all_finite(v, 3));
}

static void test_nrm2(void **st)
{
    (void)st;
    double a[] = {3, 4};
    assert_true(oco_nrm2(a, 2) == 5);
    double big[] = {3e200, -4e200};
    assert_true(fabs(oco_nrm2(big, 2) - 5e200) <= 4 * DBL_EPSILON * 5e200);
    double half[] = {DBL_MAX / 2, DBL_MAX / 2};
    assert_true(fabs(oco_nrm2(half, 2) - DBL_MAX / sqrt(2.0)) <= 4 * DBL_EPSILON * DBL_MAX);
    double tiny[] = {3e-200, 4e-200};
    assert_true(fabs(oco_nrm2(tiny, 2) - 5e-200) <= 4 * DBL_EPSILON * 5e-200);
    double sub[] = {3 * DBL_TRUE_MIN, 4 * DBL_TRUE_MIN};
    assert_true(oco_nrm2(sub, 2) == 5 * DBL_TRUE_MIN);
    double zero[] = {0, -0.0, 0};
    assert_true(oco_nrm2(zero, 3) == 0);
    assert_true(oco_nrm2(zero, 0) == 0);
    double inf[] = {1, INFINITY, 2};
    assert_true(isinf(oco_nrm2(inf, 3)) && oco_nrm2(inf, 3) > 0);
    double nan[] = {1, NAN, INFINITY};
    assert_true(isnan(oco_nrm2(nan, 3)));

    /* Random vectors of mixed scale against a long-double reference summed
     * on the unscaled values (scale is a power of two, so x/scale is exact):
     * the reference never needs the exponent range of long double, which
     * valgrind does not emulate (it computes long double as double). */
    oco_rng r;
    oco_rng_seed(&r, 11, 0);
    double x[50];
    for (int t = 0; t < 200; t++) {
        double scale = ldexp(1.0, (int)oco_rng_below(&r, 1200) - 600);
        long double ref = 0;
        for (int i = 0; i < 50; i++) {
            double u = oco_rng_normal(&r, 0, 1);
            x[i] = u * scale;
            ref += (long double)u * u;
        }
        double want = (double)sqrtl(ref) * scale;
        assert_true(fabs(oco_nrm2(x, 50) - want) <= 1e-14 * want);
    }
}

/* ‖(DBL_MAX, DBL_MAX)‖ = √2·DBL_MAX is not representable: +Inf, not NaN. */
static void test_nrm2_overflow(void **st)
{
    (void)st;
    double huge[] = {DBL_MAX, DBL_MAX};
    double n = oco_nrm2(huge, 2);
    assert_true(isinf(n) && n > 0);
}

static void test_gemv(void **st)
{
    (void)st;
    /* A = [1 2 3; 4 5 6; 7 8 10] column-major. */
    const double A[] = {1, 4, 7, 2, 5, 8, 3, 6, 10};
    const double x[] = {1, -1, 2};
    double y[3];
    oco_gemv_sq(A, x, y, 3);
    assert_true(y[0] == 1 - 2 + 6 && y[1] == 4 - 5 + 12 && y[2] == 7 - 8 + 20);
}

/* Fill A with a random SPD matrix M Mᵀ + n I (column-major, n×n). */
static void random_spd(oco_rng *r, double *A, size_t n)
{
    double *M = malloc(n * n * sizeof *M);
    assert_non_null(M);
    for (size_t i = 0; i < n * n; i++)
        M[i] = oco_rng_normal(r, 0, 1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = (i == j) ? (double)n : 0.0;
            for (size_t k = 0; k < n; k++)
                s += A_(M, i, k, n) * A_(M, j, k, n);
            A_(A, i, j, n) = s;
        }
    free(M);
}

/* B = A X (n×n times n×k). */
static void matmul(const double *A, const double *X, double *B, size_t n, size_t k)
{
    for (size_t c = 0; c < k; c++)
        oco_gemv_sq(A, X + c * n, B + c * n, n);
}

static void test_spd_solve(void **st)
{
    (void)st;
    /* Hand: [4 2; 2 3] x = [2; 1] → x = [1/2, 0]. */
    double A2[] = {4, 2, 2, 3}, b2[] = {2, 1};
    assert_int_equal(oco_spd_solve(A2, b2, 2, 1), OCO_OK);
    assert_true(fabs(b2[0] - 0.5) < 1e-15 && fabs(b2[1]) < 1e-15);

    oco_rng r;
    oco_rng_seed(&r, 12, 0);
    const size_t sizes[] = {1, 3, 8, 40};
    for (size_t s = 0; s < 4; s++) {
        size_t n = sizes[s], k = 3;
        double *A = malloc(n * n * sizeof *A), *A0 = malloc(n * n * sizeof *A);
        double *X = malloc(n * k * sizeof *X), *B = malloc(n * k * sizeof *B);
        assert_true(A && A0 && X && B);
        random_spd(&r, A, n);
        memcpy(A0, A, n * n * sizeof *A);
        for (size_t i = 0; i < n * k; i++)
            X[i] = oco_rng_uniform_range(&r, -1, 1);
        matmul(A, X, B, n, k);
        assert_int_equal(oco_spd_solve(A, B, n, k), OCO_OK);
        /* A ⪰ n I and ‖A‖ = O(n): cond ≤ ~5, so X is recovered to ~1e-13. */
        for (size_t i = 0; i < n * k; i++)
            assert_true(fabs(B[i] - X[i]) < 1e-12);
        /* The factor in the lower triangle reproduces A0 = L Lᵀ. */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j <= i; j++) {
                double s2 = 0;
                for (size_t q = 0; q <= j; q++)
                    s2 += A_(A, i, q, n) * A_(A, j, q, n);
                assert_true(fabs(s2 - A_(A0, i, j, n)) < 1e-11 * (double)n);
            }
        free(A);
        free(A0);
        free(X);
        free(B);
    }
}

static void test_spd_reject(void **st)
{
    (void)st;
    /* Indefinite (eigenvalues 3, −1). */
    double A[] = {1, 2, 2, 1}, b[] = {1, 1};
    assert_int_equal(oco_spd_solve(A, b, 2, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "not positive definite"));
    /* Positive semidefinite, singular. */
    double S[] = {1, 1, 1, 1}, c[] = {1, 1};
    assert_int_equal(oco_spd_solve(S, c, 2, 1), OCO_EINVAL);
    /* Zero and negative diagonal. */
    double Z[] = {0, 0, 0, 0}, z[] = {1, 1};
    assert_int_equal(oco_spd_solve(Z, z, 2, 1), OCO_EINVAL);
    /* NaN / Inf inputs. */
    double N[] = {1, 0, 0, NAN}, d[] = {1, 1};
    assert_int_equal(oco_spd_solve(N, d, 2, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "NaN"));
    double I2[] = {1, 0, 0, 1}, e[] = {1, INFINITY};
    assert_int_equal(oco_spd_solve(I2, e, 2, 1), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "B"));
    /* n = 0 is a valid empty system. */
    assert_int_equal(oco_spd_solve(NULL, NULL, 0, 1), OCO_OK);
}

static void test_lu_solve(void **st)
{
    (void)st;
    int ipiv[50];
    /* Hand, needs pivoting: [0 1; 1 0] x = [2; 3] → x = [3, 2]. */
    double P[] = {0, 1, 1, 0}, p[] = {2, 3};
    assert_int_equal(oco_lu_solve(P, p, 2, 1, ipiv), OCO_OK);
    assert_true(p[0] == 3 && p[1] == 2);
    /* Hand: [2 1; 1 3] x = [3; 5] → x = [4/5, 7/5]. */
    double H[] = {2, 1, 1, 3}, h[] = {3, 5};
    assert_int_equal(oco_lu_solve(H, h, 2, 1, ipiv), OCO_OK);
    assert_true(fabs(h[0] - 0.8) < 1e-15 && fabs(h[1] - 1.4) < 1e-15);

    /* Random nonsymmetric, diagonally dominant (well conditioned), manufactured X. */
    oco_rng r;
    oco_rng_seed(&r, 13, 0);
    const size_t n = 50, k = 2;
    static double A[50 * 50], A0[50 * 50], X[50 * 2], B[50 * 2];
    for (size_t i = 0; i < n * n; i++)
        A[i] = oco_rng_normal(&r, 0, 1);
    for (size_t i = 0; i < n; i++)
        A_(A, i, i, n) += 3 * sqrt((double)n);
    memcpy(A0, A, sizeof A);
    for (size_t i = 0; i < n * k; i++)
        X[i] = oco_rng_normal(&r, 0, 1);
    matmul(A, X, B, n, k);
    assert_int_equal(oco_lu_solve(A, B, n, k, ipiv), OCO_OK);
    for (size_t i = 0; i < n * k; i++)
        assert_true(fabs(B[i] - X[i]) < 1e-12);
    /* Residual of the computed solution against the original matrix. */
    double res[50], rhs[50];
    oco_gemv_sq(A0, B, res, n);
    oco_gemv_sq(A0, X, rhs, n);
    for (size_t i = 0; i < n; i++)
        assert_true(fabs(res[i] - rhs[i]) < 1e-11);
}

static void test_lu_singular(void **st)
{
    (void)st;
    int ipiv[3];
    double S[] = {1, 2, 2, 4}, s[] = {1, 1};
    assert_int_equal(oco_lu_solve(S, s, 2, 1, ipiv), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "singular"));
    /* Duplicate row (rows 1 and 3 equal), exactly representable elimination. */
    double D[] = {1, 0, 1, 2, 1, 2, 4, 3, 4}, d[] = {1, 2, 3};
    assert_int_equal(oco_lu_solve(D, d, 3, 1, ipiv), OCO_EINVAL);
    double Z[] = {0}, z[] = {1};
    assert_int_equal(oco_lu_solve(Z, z, 1, 1, ipiv), OCO_EINVAL);
    double I1[] = {1}, b[] = {NAN};
    assert_int_equal(oco_lu_solve(I1, b, 1, 1, ipiv), OCO_EINVAL);
    double I2[] = {1}, c[] = {1};
    assert_int_equal(oco_lu_solve(I2, c, 1, 1, NULL), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "ipiv"));
}

static void test_sym_eig(void **st)
{
    (void)st;
    /* Hand: [2 1; 1 2] → eigenvalues 1, 3; vectors (1,−1)/√2, (1,1)/√2. */
    double H[] = {2, 1, 1, 2}, w2[2];
    assert_int_equal(oco_sym_eig(H, w2, 2), OCO_OK);
    assert_true(fabs(w2[0] - 1) < 1e-15 && fabs(w2[1] - 3) < 1e-15);
    assert_true(fabs(fabs(H[0]) - SQRT1_2) < 1e-15 && fabs(H[0] + H[1]) < 1e-15);
    assert_true(fabs(H[2] - H[3]) < 1e-15);

    /* Random symmetric: A = V diag(w) Vᵀ, VᵀV = I, w ascending, trace. */
    oco_rng r;
    oco_rng_seed(&r, 14, 0);
    enum { N = 30 };
    static double A[N * N], A0[N * N], w[N];
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j <= i; j++)
            A_(A, i, j, N) = A_(A, j, i, N) = oco_rng_normal(&r, 0, 1);
    memcpy(A0, A, sizeof A);
    assert_int_equal(oco_sym_eig(A, w, N), OCO_OK);
    double tr = 0, sw = 0;
    for (size_t i = 0; i < N; i++) {
        tr += A_(A0, i, i, N);
        sw += w[i];
        if (i > 0)
            assert_true(w[i - 1] <= w[i]);
    }
    assert_true(fabs(tr - sw) < 1e-12);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double rec = 0, orth = 0;
            for (size_t k = 0; k < N; k++) {
                rec += A_(A, i, k, N) * w[k] * A_(A, j, k, N);
                orth += A_(A, k, i, N) * A_(A, k, j, N);
            }
            assert_true(fabs(rec - A_(A0, i, j, N)) < 1e-12);
            assert_true(fabs(orth - (i == j)) < 1e-13);
        }

    double bad[] = {1, INFINITY, INFINITY, 1}, wb[2];
    assert_int_equal(oco_sym_eig(bad, wb, 2), OCO_EINVAL);
    assert_int_equal(oco_sym_eig(H, NULL, 2), OCO_EINVAL);
    assert_int_equal(oco_sym_eig(NULL, NULL, 0), OCO_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level1),       cmocka_unit_test(test_nrm2),
        cmocka_unit_test(test_nrm2_overflow), cmocka_unit_test(test_gemv),
        cmocka_unit_test(test_spd_solve),    cmocka_unit_test(test_spd_reject),
        cmocka_unit_test(test_lu_solve),     cmocka_unit_test(test_lu_singular),
        cmocka_unit_test(test_sym_eig),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
