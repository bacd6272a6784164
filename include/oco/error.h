/* oco — error codes and the per-thread last-error message.
 *
 * Every fallible function returns int: 0 (OCO_OK) or a negative OCO_E* code,
 * or a pointer that is NULL on failure. In both cases oco_last_error() holds a
 * one-line, human-readable reason naming the bad argument. The library never
 * prints, exits or aborts. */
#ifndef OCO_ERROR_H
#define OCO_ERROR_H

#include "oco/export.h"

OCO_BEGIN_DECLS

/* The one table of codes: X(NAME, value, description). The enum below,
 * oco_strerror and oco_err_name are generated from it. */
#define OCO_ERROR_LIST(X)                                                                       \
    X(OCO_OK, 0, "success")                                                                     \
    X(OCO_EINVAL, -1, "invalid argument")        /* dimension, NaN/Inf, sign, name */           \
    X(OCO_ENOMEM, -2, "out of memory")           /* allocation failed */                        \
    X(OCO_EIO, -3, "input/output error")         /* a file could not be opened/read/written */  \
    X(OCO_EPARSE, -4, "parse error")             /* malformed text: file:line:column */         \
    X(OCO_ESOLVER, -5, "solver failure")         /* a solver failed or gave an unknown status */ \
    X(OCO_EINFEASIBLE, -6, "infeasible problem") /* the problem has no feasible point */        \
    X(OCO_EUNBOUNDED, -7, "unbounded problem")                                                  \
    X(OCO_ELIMIT, -8, "iteration or time limit reached")                                        \
    X(OCO_ENOTFOUND, -9, "not found")   /* a named algorithm, problem or experiment */          \
    X(OCO_ESTATE, -10, "invalid state") /* call out of order (e.g. after the horizon) */

#define OCO_ERROR_ENUM(name, value, text) name = value,
enum { OCO_ERROR_LIST(OCO_ERROR_ENUM) };
#undef OCO_ERROR_ENUM

/* Static description of a code ("invalid argument", ...); "unknown error"
 * for a code not in the table; never NULL. */
const char *oco_strerror(int code);

/* Static symbolic name of a code ("OCO_EINVAL", ...); NULL for a code not in
 * the table. */
const char *oco_err_name(int code);

/* The message of the last failure on this thread ("" if none). The pointer is
 * valid until the next oco call on this thread. */
const char *oco_last_error(void);

/* The code of the last failure on this thread (0 if none). */
int oco_last_error_code(void);

/* Clear the last error of this thread. */
void oco_clear_error(void);

/* Record an error for this thread (printf-style message) and return `code`.
 * Used by the library itself and by code that extends it. */
int oco_set_error(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

OCO_END_DECLS
#endif
