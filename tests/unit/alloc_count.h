/* Test-only allocation counter: every malloc / calloc / realloc /
 * posix_memalign / aligned_alloc / memalign call of the process (including
 * those inside LAPACK/OpenBLAS) is counted in n_allocs by interposing glibc's
 * allocator. Include it in ONE translation unit of a test program, after
 * <cmocka.h>. Under a sanitizer (compile time) or valgrind (run time,
 * OCO_UNDER_VALGRIND) the interposition is impossible: COUNTING is 0 and
 * SKIP_UNLESS_COUNTING() skips the test with a message. */
#ifndef OCO_TESTS_ALLOC_COUNT_H
#define OCO_TESTS_ALLOC_COUNT_H

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define NO_INTERPOSE 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_INTERPOSE 1
#endif

static atomic_size_t n_allocs;
/* The subset made by code of the executable image itself (the test and the
 * statically linked liboco), not by shared libraries such as OpenBLAS: some
 * BLAS kernels allocate inside LAPACK calls on some CPUs (OpenBLAS 0.3.21's
 * AVX-512 dgemm_small_kernel_*_SKYLAKEX calls malloc), which is a property
 * of the BLAS build and machine, not of oco. */
static atomic_size_t n_allocs_own __attribute__((unused));

#if defined(__GLIBC__) && !defined(NO_INTERPOSE)
#define COUNTING 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern char __executable_start, etext; /* GNU ld: the executable's text */
#define COUNT_ALLOC()                                                                      \
    do {                                                                                   \
        const char *ra_ = (const char *)__builtin_return_address(0);                       \
        atomic_fetch_add(&n_allocs, 1);                                                    \
        if (ra_ >= &__executable_start && ra_ < &etext)                                    \
            atomic_fetch_add(&n_allocs_own, 1);                                            \
    } while (0)
void *malloc(size_t n)
{
    COUNT_ALLOC();
    return __libc_malloc(n);
}
void *calloc(size_t a, size_t b)
{
    COUNT_ALLOC();
    return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
    COUNT_ALLOC();
    return __libc_realloc(p, n);
}
void *memalign(size_t al, size_t n)
{
    COUNT_ALLOC();
    return __libc_memalign(al, n);
}
void *aligned_alloc(size_t al, size_t n)
{
    COUNT_ALLOC();
    return __libc_memalign(al, n);
}
int posix_memalign(void **p, size_t al, size_t n)
{
    COUNT_ALLOC();
    *p = __libc_memalign(al, n);
    return *p ? 0 : ENOMEM;
}
#else
#define COUNTING 0
#endif

/* Skipped where the allocator cannot be interposed: under a sanitizer
 * (compile time), and under valgrind, which replaces malloc in the executable
 * too (`make valgrind` sets OCO_UNDER_VALGRIND=1). */
#define SKIP_UNLESS_COUNTING()                                                            \
    do {                                                                                  \
        if (!COUNTING) {                                                                  \
            print_message("allocation counting unavailable (sanitizer build): skipped\n"); \
            skip();                                                                       \
        }                                                                                 \
        if (getenv("OCO_UNDER_VALGRIND")) {                                               \
            print_message("allocation counting unavailable under valgrind: skipped\n");   \
            skip();                                                                       \
        }                                                                                 \
    } while (0)

#endif
