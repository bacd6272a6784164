#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "oco/error.h"
#include "oco/params.h"

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
    oco_clear_error();
    assert_string_equal(oco_last_error(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_check_and_get),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
