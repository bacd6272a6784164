/* Private: the one monotonic wall clock of the library and the experiments
 * (run times in metrics, solver deadlines, progress). Not public API: callers
 * embedding oco time with their own clock. */
#ifndef OCO_CORE_CLOCK_H
#define OCO_CORE_CLOCK_H

/* Seconds on CLOCK_MONOTONIC from an arbitrary origin: only differences mean
 * anything. Monotonic, so a wall-clock adjustment (NTP, DST) never makes a
 * measured duration negative or a deadline jump. */
double oco__now_seconds(void);

#endif
