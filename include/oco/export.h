/* oco — how the public headers declare the API.
 *
 * liboco is built with hidden visibility (-fvisibility=hidden): only what a
 * public header declares between OCO_BEGIN_DECLS and OCO_END_DECLS is
 * exported from the shared library; the library's internals (prefixed oco__,
 * declared in headers under src/) are not. The pair also gives C linkage to
 * C++ users. */
#ifndef OCO_EXPORT_H
#define OCO_EXPORT_H

#if defined(__GNUC__)
#define OCO__VISIBILITY_PUSH _Pragma("GCC visibility push(default)")
#define OCO__VISIBILITY_POP _Pragma("GCC visibility pop")
#else
#define OCO__VISIBILITY_PUSH
#define OCO__VISIBILITY_POP
#endif

#ifdef __cplusplus
#define OCO_BEGIN_DECLS extern "C" { OCO__VISIBILITY_PUSH
#define OCO_END_DECLS OCO__VISIBILITY_POP }
#else
#define OCO_BEGIN_DECLS OCO__VISIBILITY_PUSH
#define OCO_END_DECLS OCO__VISIBILITY_POP
#endif

#endif
