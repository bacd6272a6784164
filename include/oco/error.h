/* oco — error codes and the per-thread last-error message.
 *
 * Every fallible function returns int: 0 (OCO_OK) or a negative OCO_E* code,
 * or a pointer that is NULL on failure. In both cases oco_last_error() holds a
 * one-line, human-readable reason naming the bad argument. The library never
 * prints, exits or aborts. */
#ifndef OCO_ERROR_H
#define OCO_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* One table of codes; oco_strerror() names each. */
enum {
    OCO_OK = 0,
    OCO_EINVAL = -1,      /* invalid argument (dimension, NaN/Inf, sign, name) */
    OCO_ENOMEM = -2,      /* allocation failed */
    OCO_EIO = -3,         /* file could not be opened, read or written */
    OCO_EPARSE = -4,      /* malformed input text (file:line:column in the message) */
    OCO_ESOLVER = -5,     /* an underlying solver failed or returned an unknown status */
    OCO_EINFEASIBLE = -6, /* the problem has no feasible point */
    OCO_EUNBOUNDED = -7,  /* the problem is unbounded */
    OCO_ELIMIT = -8,      /* an iteration or time limit stopped a solver */
    OCO_ENOTFOUND = -9,   /* a named algorithm, problem or experiment does not exist */
    OCO_ESTATE = -10      /* call out of order (e.g. after the horizon ended) */
};

/* Static name of a code ("invalid argument", ...); never NULL. */
const char *oco_strerror(int code);

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

#ifdef __cplusplus
}
#endif
#endif
