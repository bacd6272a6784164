#define _POSIX_C_SOURCE 200809L /* mkstemp, write, unlink, strdup */
/* Strict CSV rows (src/core/csv.c) and the OLP orders reader
 * (src/problems/olp_csv.c): good input parsed to the exact doubles, every
 * malformed case rejected with its exact "file:line:column: reason". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oco/csv.h"
#include "oco/error.h"
#include "oco/olp.h"

/* ---- oco_csv_parse_row / oco_csv_count_fields ---------------------------- */

static int row(const char *text, double *out, size_t n)
{
    return oco_csv_parse_row(text, strlen(text), out, n, "f.csv", 3);
}

/* The message must equal `want` exactly. */
static void expect_row_error(const char *text, size_t n, const char *want)
{
    double out[8];
    oco_clear_error();
    assert_int_equal(row(text, out, n), OCO_EPARSE);
    assert_int_equal(oco_last_error_code(), OCO_EPARSE);
    assert_string_equal(oco_last_error(), want);
}

static void test_row_good(void **st)
{
    (void)st;
    double v[4];
    assert_int_equal(row("1,2.5,-3e2", v, 3), OCO_OK);
    assert_true(v[0] == 1.0 && v[1] == 2.5 && v[2] == -300.0);
    /* blanks around fields, + sign, leading/trailing point, exponent forms */
    assert_int_equal(row(" \t+0.5 , .25,7.\t,1E-3 ", v, 4), OCO_OK);
    assert_true(v[0] == 0.5 && v[1] == 0.25 && v[2] == 7.0 && v[3] == 1e-3);
    /* %.17g round trip is exact (strtod is correctly rounded) */
    char buf[64];
    const double x = 0.1 + 0.2;
    snprintf(buf, sizeof buf, "%.17g", x);
    assert_int_equal(row(buf, v, 1), OCO_OK);
    assert_true(v[0] == x);
    /* trailing newline, CRLF, lone CR ignored */
    assert_int_equal(row("4,5\n", v, 2), OCO_OK);
    assert_true(v[0] == 4.0 && v[1] == 5.0);
    assert_int_equal(row("4,6\r\n", v, 2), OCO_OK);
    assert_true(v[1] == 6.0);
    assert_int_equal(row("4,7\r", v, 2), OCO_OK);
    assert_true(v[1] == 7.0);
    /* underflow is a faithful rounding, not an error */
    assert_int_equal(row("1e-400", v, 1), OCO_OK);
    assert_true(v[0] == 0.0);
    /* len is honoured: the text past len is not read */
    assert_int_equal(oco_csv_parse_row("8,9,junk", 3, v, 2, "f", 1), OCO_OK);
    assert_true(v[0] == 8.0 && v[1] == 9.0);
}

static void test_row_bad(void **st)
{
    (void)st;
    expect_row_error("1,2,x", 3, "f.csv:3:5: expected a number, found 'x'");
    expect_row_error("1, 2x ,3", 3, "f.csv:3:4: expected a number, found '2x'");
    expect_row_error("1,2 3,3", 3, "f.csv:3:3: expected a number, found '2 3'");
    expect_row_error("0x10", 1, "f.csv:3:1: expected a number, found '0x10'");
    expect_row_error("1,2,3,4", 3, "f.csv:3:7: expected 3 fields, found 4");
    expect_row_error("1, 2, 3,4,5", 3, "f.csv:3:9: expected 3 fields, found 5");
    expect_row_error("1,2", 3, "f.csv:3:4: expected 3 fields, found 2");
    expect_row_error("1,2\r\n", 3, "f.csv:3:4: expected 3 fields, found 2");
    expect_row_error("", 1, "f.csv:3:1: expected 1 field, found 0");
    expect_row_error(",2", 2, "f.csv:3:1: empty field");
    expect_row_error("1,  ,3", 3, "f.csv:3:3: empty field");
    expect_row_error("1,2,", 3, "f.csv:3:5: empty field");
    expect_row_error("1,nan", 2, "f.csv:3:3: value is not finite");
    expect_row_error("1, NaN", 2, "f.csv:3:4: value is not finite");
    expect_row_error("-inf,1", 2, "f.csv:3:1: value is not finite");
    expect_row_error("Infinity", 1, "f.csv:3:1: value is not finite");
    expect_row_error("1e999", 1, "f.csv:3:1: value is not finite");
    expect_row_error("-1e400,0", 2, "f.csv:3:1: value is not finite");
    expect_row_error("1.5e", 1, "f.csv:3:1: expected a number, found '1.5e'");
    expect_row_error(".", 1, "f.csv:3:1: expected a number, found '.'");
    expect_row_error("--1", 1, "f.csv:3:1: expected a number, found '--1'");
    expect_row_error("1,2;3", 2, "f.csv:3:3: expected a number, found '2;3'");
    /* long junk is shortened in the message */
    expect_row_error("abcdefghijklmnopqrstuvwxyz0123", 1,
                     "f.csv:3:1: expected a number, found 'abcdefghijklmnopqrstuvwx...'");
}

static void test_count_fields(void **st)
{
    (void)st;
    assert_int_equal(oco_csv_count_fields("", 0), 0);
    assert_int_equal(oco_csv_count_fields("\r\n", 2), 0);
    assert_int_equal(oco_csv_count_fields("1", 1), 1);
    assert_int_equal(oco_csv_count_fields("1,2,3\n", 6), 3);
    assert_int_equal(oco_csv_count_fields(",,", 2), 3);
    assert_int_equal(oco_csv_count_fields("1,2,3", 3), 2);
}

/* ---- oco_olp_read_csv_buffer ------------------------------------------------ */

static oco_olp_instance *rd(const char *text, const double *b, size_t nb)
{
    return oco_olp_read_csv_buffer(text, strlen(text), "orders.csv", b, nb);
}

static void expect_read_error(const char *text, const double *b, size_t nb, int code,
                              const char *want)
{
    oco_clear_error();
    oco_olp_instance *inst = rd(text, b, nb);
    assert_null(inst);
    assert_int_equal(oco_last_error_code(), code);
    assert_string_equal(oco_last_error(), want);
}

static void test_read_good(void **st)
{
    (void)st;
    const double b[2] = {3.0, 4.5};
    oco_olp_instance *inst =
        rd("c,a1,a2\n1,0.5,0.25\n-2, 1e-1 ,3\n\n  \n7.5,0,-1\n\n", b, 2);
    assert_non_null(inst);
    assert_int_equal(inst->T, 3);
    assert_int_equal(inst->m, 2);
    const double c[3] = {1.0, -2.0, 7.5};
    const double a[6] = {0.5, 0.25, 0.1, 3.0, 0.0, -1.0};
    for (size_t t = 0; t < 3; t++)
        assert_true(inst->c[t] == c[t]);
    for (size_t k = 0; k < 6; k++)
        assert_true(inst->a[k] == a[k]);
    assert_true(inst->b[0] == 3.0 && inst->b[1] == 4.5);
    assert_int_equal(oco_olp_instance_validate(inst), OCO_OK);
    oco_olp_instance_free(inst);

    /* CRLF throughout, blanks in the header, UTF-8 BOM, no final newline */
    const double b1 = 2.0;
    inst = rd("\xEF\xBB\xBF c , a1 \r\n0.5,1\r\n0.25,2", &b1, 1);
    assert_non_null(inst);
    assert_int_equal(inst->T, 2);
    assert_int_equal(inst->m, 1);
    assert_true(inst->c[1] == 0.25 && inst->a[1] == 2.0);
    oco_olp_instance_free(inst);
}

/* Many rows: exercises the doubling growth past its first capacity. */
static void test_read_many(void **st)
{
    (void)st;
    const size_t T = 5000;
    char *text = malloc(T * 40 + 32);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "c,a1,a2,a3\n");
    for (size_t t = 0; t < T; t++)
        len += (size_t)sprintf(text + len, "%zu,%zu,%.17g,-%zu\n", t, 2 * t, 0.5 * (double)t, t);
    const double b[3] = {1, 2, 3};
    oco_olp_instance *inst = oco_olp_read_csv_buffer(text, len, "big", b, 3);
    assert_non_null(inst);
    assert_int_equal(inst->T, T);
    for (size_t t = 0; t < T; t++) {
        assert_true(inst->c[t] == (double)t);
        assert_true(inst->a[t * 3 + 0] == 2.0 * (double)t);
        assert_true(inst->a[t * 3 + 1] == 0.5 * (double)t);
        assert_true(inst->a[t * 3 + 2] == -(double)t);
    }
    oco_olp_instance_free(inst);
    free(text);
}

static void test_read_bad(void **st)
{
    (void)st;
    const double b2[2] = {1, 1}, b3[3] = {1, 1, 1};
    /* rows: line numbers count the header and skipped blank lines */
    expect_read_error("c,a1,a2\n1,2,3\n1,2,x\n", b2, 2, OCO_EPARSE,
                      "orders.csv:3:5: expected a number, found 'x'");
    expect_read_error("c,a1,a2\n1,2,3\n\n1,2,3,4\n", b2, 2, OCO_EPARSE,
                      "orders.csv:4:7: expected 3 fields, found 4");
    expect_read_error("c,a1,a2\n,2,3\n", b2, 2, OCO_EPARSE, "orders.csv:2:1: empty field");
    expect_read_error("c,a1,a2\r\n1,2,3\r\n1,inf,3\r\n", b2, 2, OCO_EPARSE,
                      "orders.csv:3:3: value is not finite");
    expect_read_error("c,a1,a2\n1,2,3\n1,2\n", b2, 2, OCO_EPARSE,
                      "orders.csv:3:4: expected 3 fields, found 2");
    /* header */
    expect_read_error("c,a1,a3\n1,2,3\n", b2, 2, OCO_EPARSE,
                      "orders.csv:1:6: bad header: column 3 must be 'a2', found 'a3' "
                      "(expected 'c,a1,...,am')");
    expect_read_error("1,2,3\n", b2, 2, OCO_EPARSE,
                      "orders.csv:1:1: bad header: column 1 must be 'c', found '1' "
                      "(expected 'c,a1,...,am')");
    expect_read_error("c, A1\n1,2\n", b2, 1, OCO_EPARSE,
                      "orders.csv:1:4: bad header: column 2 must be 'a1', found 'A1' "
                      "(expected 'c,a1,...,am')");
    expect_read_error("c\n1\n", b2, 0, OCO_EPARSE,
                      "orders.csv:1:2: bad header: no resource column, expected "
                      "'c,a1,...,am' with m >= 1");
    expect_read_error("c,a1,\n1,2\n", b2, 1, OCO_EPARSE,
                      "orders.csv:1:6: bad header: column 3 must be 'a2', found '' "
                      "(expected 'c,a1,...,am')");
    expect_read_error("", b2, 1, OCO_EPARSE,
                      "orders.csv:1:1: empty file, expected header 'c,a1,...,am'");
    expect_read_error("\n1,2\n", b2, 1, OCO_EPARSE,
                      "orders.csv:1:1: missing header: the first line must be 'c,a1,...,am'");
    /* no orders */
    expect_read_error("c,a1\n", b2, 1, OCO_EPARSE,
                      "orders.csv:2:1: no orders after the header 'c,a1,...,am'");
    /* budget */
    expect_read_error("c,a1,a2,a3\n1,2,3,4\n", b2, 2, OCO_EINVAL,
                      "orders.csv: budget has 2 entries but the file has m = 3 resources");
    expect_read_error("c,a1\n1,2\n", b2, 2, OCO_EINVAL,
                      "orders.csv: budget has 2 entries but the file has m = 1 resource");
    expect_read_error("c,a1,a2,a3\n1,2,3,4\n", NULL, 0, OCO_EINVAL,
                      "orders.csv: budget has 0 entries but the file has m = 3 resources");
    const double neg[3] = {1, -1, 1};
    expect_read_error("c,a1,a2,a3\n1,2,3,4\n", neg, 3, OCO_EINVAL,
                      "orders.csv: budget b[1] = -1 is negative");
    const double nanb[3] = {1, 1, NAN};
    expect_read_error("c,a1,a2,a3\n1,2,3,4\n", nanb, 3, OCO_EINVAL,
                      "orders.csv: budget b[2] is NaN");
    const double infb[3] = {INFINITY, 1, 1};
    expect_read_error("c,a1,a2,a3\n1,2,3,4\n", infb, 3, OCO_EINVAL,
                      "orders.csv: budget b[0] is Inf");
    /* a good budget of the right size still reads */
    oco_olp_instance *inst = rd("c,a1,a2,a3\n1,2,3,4\n", b3, 3);
    assert_non_null(inst);
    oco_olp_instance_free(inst);
}

/* A NUL byte inside the buffer is data, not an end of string. */
static void test_read_nul_byte(void **st)
{
    (void)st;
    const char text[] = "c,a1\n1,2\n3,\0\n";
    const double b = 1;
    oco_clear_error();
    assert_null(oco_olp_read_csv_buffer(text, sizeof text - 1, "nul.csv", &b, 1));
    assert_string_equal(oco_last_error(), "nul.csv:3:3: expected a number, found '?'");
}

/* ---- oco_olp_read_csv (files) ----------------------------------------------- */

static char *write_temp(const char *content)
{
    char *path = strdup("/tmp/oco_test_csv_XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(content);
    assert_int_equal((size_t)write(fd, content, n), n);
    close(fd);
    return path;
}

static void test_file_good_and_bad(void **st)
{
    (void)st;
    const double b[2] = {5, 6};
    char *path = write_temp("c,a1,a2\r\n1,2,3\r\n4,5,6\r\n");
    oco_olp_instance *inst = oco_olp_read_csv(path, b, 2);
    assert_non_null(inst);
    assert_int_equal(inst->T, 2);
    assert_true(inst->c[1] == 4.0 && inst->a[3] == 6.0 && inst->b[1] == 6.0);
    oco_olp_instance_free(inst);
    unlink(path);
    free(path);

    /* the file name, not "<buffer>", appears in parse errors */
    path = write_temp("c,a1,a2\n1,2,3\n1,2,oops\n");
    assert_null(oco_olp_read_csv(path, b, 2));
    char want[256];
    snprintf(want, sizeof want, "%s:3:5: expected a number, found 'oops'", path);
    assert_string_equal(oco_last_error(), want);
    unlink(path);
    free(path);

    /* missing file: OCO_EIO, path and strerror(ENOENT) */
    assert_null(oco_olp_read_csv("/nonexistent/dir/orders.csv", b, 2));
    assert_int_equal(oco_last_error_code(), OCO_EIO);
    snprintf(want, sizeof want, "/nonexistent/dir/orders.csv: cannot open: %s", strerror(ENOENT));
    assert_string_equal(oco_last_error(), want);
}

/* The shipped sample used by the CLI tests parses and validates. */
static void test_sample_file(void **st)
{
    (void)st;
    const char *dir = getenv("OCO_TEST_DATA");
    if (!dir)
        skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/orders_small.csv", dir);
    const double b[2] = {3, 3};
    oco_olp_instance *inst = oco_olp_read_csv(path, b, 2);
    assert_non_null(inst);
    assert_int_equal(inst->m, 2);
    assert_int_equal(inst->T, 10);
    assert_int_equal(oco_olp_instance_validate(inst), OCO_OK);
    oco_olp_instance_free(inst);
}

/* ---- oco_olp_instance ------------------------------------------------------- */

static void test_instance(void **st)
{
    (void)st;
    assert_null(oco_olp_instance_new(0, 2));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
    assert_null(oco_olp_instance_new(2, 0));
    assert_null(oco_olp_instance_new(SIZE_MAX / 2, 4));
    assert_non_null(strstr(oco_last_error(), "overflows"));
    oco_olp_instance_free(NULL);

    oco_olp_instance *inst = oco_olp_instance_new(20, 2);
    assert_non_null(inst);
    for (size_t k = 0; k < 20; k++)
        assert_true(inst->c[k] == 0.0);
    for (size_t k = 0; k < 40; k++)
        assert_true(inst->a[k] == 0.0);
    assert_int_equal(oco_olp_instance_validate(inst), OCO_OK);
    inst->c[17] = NAN;
    assert_int_equal(oco_olp_instance_validate(inst), OCO_EINVAL);
    assert_string_equal(oco_last_error(), "olp instance: c[17] is NaN");
    inst->c[17] = 0;
    inst->a[3 * 2 + 1] = -INFINITY;
    assert_int_equal(oco_olp_instance_validate(inst), OCO_EINVAL);
    assert_string_equal(oco_last_error(), "olp instance: a[3][1] is Inf");
    inst->a[3 * 2 + 1] = -5; /* negative consumption is legal (types 2, 3, 5) */
    assert_int_equal(oco_olp_instance_validate(inst), OCO_OK);
    inst->b[0] = -1;
    assert_int_equal(oco_olp_instance_validate(inst), OCO_EINVAL);
    assert_string_equal(oco_last_error(), "olp instance: b[0] = -1 is negative");
    inst->b[0] = 0;
    inst->b[1] = INFINITY;
    assert_int_equal(oco_olp_instance_validate(inst), OCO_EINVAL);
    assert_string_equal(oco_last_error(), "olp instance: b[1] is Inf");
    oco_olp_instance_free(inst);
    assert_int_equal(oco_olp_instance_validate(NULL), OCO_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_good),       cmocka_unit_test(test_row_bad),
        cmocka_unit_test(test_count_fields),   cmocka_unit_test(test_read_good),
        cmocka_unit_test(test_read_many),      cmocka_unit_test(test_read_bad),
        cmocka_unit_test(test_read_nul_byte),  cmocka_unit_test(test_file_good_and_bad),
        cmocka_unit_test(test_sample_file),    cmocka_unit_test(test_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
