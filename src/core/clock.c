/* The monotonic clock of core/clock.h. One definition, so that every timing
 * and deadline of the library reads the same clock. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "core/clock.h"

#include <time.h>

double oco__now_seconds(void)
{
    struct timespec ts;
    /* CLOCK_MONOTONIC is required by POSIX.1-2008 wherever clock_gettime
     * exists, so the call cannot fail with a valid clock id and pointer. */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
