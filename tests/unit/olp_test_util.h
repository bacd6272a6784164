/* Helpers of the online-LP unit tests (include after cmocka.h). */
#ifndef OCO_TESTS_OLP_TEST_UTIL_H
#define OCO_TESTS_OLP_TEST_UTIL_H

#include "oco/alloc.h"
#include "oco/error.h"

/* The registry's policy NAME; the test fails if there is none. */
static inline const oco_olp_policy_type *olp_find(const char *name)
{
    const oco_olp_policy_type *t = oco_olp_policy_find(name);
    assert_non_null(t);
    return t;
}

/* One checked round of an m = 2 session on the order (c, (a1, a2)); returns x. */
static inline int olp_step2(oco_olp_session *s, double c, double a1, double a2)
{
    const double a[2] = {a1, a2};
    int x = -1;
    assert_int_equal(oco_olp_session_step(s, c, a, &x), OCO_OK);
    return x;
}

#endif
