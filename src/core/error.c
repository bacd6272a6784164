/* Per-thread last error: the only mutable non-object state in the library, and
 * thread-local by design so that concurrent jobs never share it. */
#include "oco/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { OCO_ERRMSG_MAX = 1024 };

static _Thread_local char tl_msg[OCO_ERRMSG_MAX];
static _Thread_local int tl_code;

const char *oco_strerror(int code)
{
    switch (code) {
#define OCO_ERROR_TEXT(name, value, text)                                                       \
    case name:                                                                                  \
        return text;
        OCO_ERROR_LIST(OCO_ERROR_TEXT)
#undef OCO_ERROR_TEXT
    }
    return "unknown error";
}

const char *oco_err_name(int code)
{
    switch (code) {
#define OCO_ERROR_NAME(name, value, text)                                                       \
    case name:                                                                                  \
        return #name;
        OCO_ERROR_LIST(OCO_ERROR_NAME)
#undef OCO_ERROR_NAME
    }
    return NULL;
}

const char *oco_last_error(void) { return tl_msg; }

int oco_last_error_code(void) { return tl_code; }

void oco_clear_error(void)
{
    tl_msg[0] = '\0';
    tl_code = 0;
}

int oco_set_error(int code, const char *fmt, ...)
{
    /* Format into a local buffer first: a caller may pass oco_last_error()
     * itself as an argument, to wrap the previous message, and vsnprintf
     * from a buffer into itself is undefined. */
    char buf[sizeof tl_msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    memcpy(tl_msg, buf, sizeof buf);
    tl_code = code;
    return code;
}
