/* Per-thread last error: the only mutable non-object state in the library, and
 * thread-local by design so that concurrent jobs never share it. */
#include "oco/error.h"

#include <stdarg.h>
#include <stdio.h>

enum { OCO_ERRMSG_MAX = 1024 };

static _Thread_local char tl_msg[OCO_ERRMSG_MAX];
static _Thread_local int tl_code;

const char *oco_strerror(int code)
{
    switch (code) {
    case OCO_OK: return "success";
    case OCO_EINVAL: return "invalid argument";
    case OCO_ENOMEM: return "out of memory";
    case OCO_EIO: return "input/output error";
    case OCO_EPARSE: return "parse error";
    case OCO_ESOLVER: return "solver failure";
    case OCO_EINFEASIBLE: return "infeasible problem";
    case OCO_EUNBOUNDED: return "unbounded problem";
    case OCO_ELIMIT: return "iteration or time limit reached";
    case OCO_ENOTFOUND: return "not found";
    case OCO_ESTATE: return "invalid state";
    default: return "unknown error";
    }
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
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tl_msg, sizeof tl_msg, fmt, ap);
    va_end(ap);
    tl_code = code;
    return code;
}
