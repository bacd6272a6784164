#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "oco/error.h"
#include "oco/params.h"

#include "core/params_internal.h"

static const oco_param_spec spec[] = {
    {"alpha", NAN, "1/sqrt(T)", "step", "S"},
    {"y0", 0.0, "0", "initial dual", "S"},
};

static void test_parse_ok(void **st)
{
    (void)st;
    char text[] = "alpha=0.25";
    oco_param p;
    assert_int_equal(oco_param_parse(text, &p), OCO_OK);
    assert_string_equal(p.key, "alpha");
    assert_true(p.value == 0.25);
}

static void test_parse_bad(void **st)
{
    (void)st;
    char a[] = "alpha", b[] = "=3", c[] = "alpha=x", d[] = "alpha=nan", e[] = "alpha=1e999";
    oco_param p;
    assert_int_equal(oco_param_parse(a, &p), OCO_EINVAL);
    assert_int_equal(oco_param_parse(b, &p), OCO_EINVAL);
    assert_int_equal(oco_param_parse(c, &p), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "alpha"));
    assert_int_equal(oco_param_parse(d, &p), OCO_EINVAL);
    assert_int_equal(oco_param_parse(e, &p), OCO_EINVAL);
}

static void test_check_and_get(void **st)
{
    (void)st;
    oco_param given[] = {{"y0", 1.5}, {"y0", 2.0}};
    assert_int_equal(oco_params_check(spec, 2, given, 2, "algo"), OCO_OK);
    assert_true(oco_params_get(spec, 2, given, 2, "y0") == 2.0);
    assert_true(isnan(oco_params_get(spec, 2, given, 2, "alpha")));
    oco_param bad[] = {{"beta", 1.0}};
    assert_int_equal(oco_params_check(spec, 2, bad, 1, "algo"), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "unknown parameter 'beta'"));
    assert_non_null(strstr(oco_last_error(), "alpha, y0"));
    assert_int_equal(oco_last_error_code(), OCO_EINVAL);
}

static void test_strerror(void **st)
{
    (void)st;
    assert_string_equal(oco_strerror(OCO_EINVAL), "invalid argument");
    assert_string_equal(oco_strerror(12345), "unknown error");
    /* every code from OCO_OK down to the last one has a distinct description
     * and its own symbolic name; the first code past the table has neither */
    int last = 0;
    while (oco_err_name(last - 1))
        --last;
    assert_int_equal(last, OCO_ESTATE);
    for (int c = 0; c >= last; --c) {
        assert_string_not_equal(oco_strerror(c), "unknown error");
        for (int e = 0; e > c; --e)
            assert_string_not_equal(oco_strerror(c), oco_strerror(e));
    }
    assert_string_equal(oco_err_name(OCO_OK), "OCO_OK");
    assert_string_equal(oco_err_name(OCO_EINVAL), "OCO_EINVAL");
    assert_string_equal(oco_err_name(OCO_ESTATE), "OCO_ESTATE");
    assert_null(oco_err_name(1));
    assert_null(oco_err_name(last - 1));
    assert_string_equal(oco_strerror(last - 1), "unknown error");
    /* the limits of the "known: ..." lists of messages */
    char buf[16] = "";
    size_t used = 0;
    oco__names_append(buf, sizeof buf, &used, "alpha");
    oco__names_append(buf, sizeof buf, &used, "y0");
    assert_string_equal(buf, "alpha, y0");
    oco__names_append(buf, sizeof buf, &used, "update_with_taken");
    assert_string_equal(buf, "alpha, y0, ...");
    oco__names_append(buf, sizeof buf, &used, "b");
    assert_string_equal(buf, "alpha, y0, ...");
    assert_int_equal(used, strlen(buf));
    oco_clear_error();
    assert_string_equal(oco_last_error(), "");
}

/* Wrapping the previous message in a new one (the message buffer is both an
 * argument and the destination of the formatting). */
static void test_error_wraps_itself(void **st)
{
    (void)st;
    oco_set_error(OCO_EINVAL, "inner %d", 7);
    oco_set_error(OCO_EPARSE, "outer: %s (again: %s)", oco_last_error(), oco_last_error());
    assert_string_equal(oco_last_error(), "outer: inner 7 (again: inner 7)");
    assert_int_equal(oco_last_error_code(), OCO_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_wraps_itself),
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_check_and_get),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
