/* Internal: the configuration of lyapunov-bwk (seed 003 Algorithm 2), read
 * once from the setup and the parameters, and its budget weight in the log
 * domain. Exposed for tests (the theory/practical weights of issue 10). */
#ifndef OCO_ALGORITHMS_BWK_LYAPUNOV_BWK_H
#define OCO_ALGORITHMS_BWK_LYAPUNOV_BWK_H

#include "oco/bwk.h"

enum { OCO__LYAP_PRACTICAL = 0, OCO__LYAP_THEORY = 1 };

typedef struct oco__lyap_conf {
    int preset;  /* OCO__LYAP_PRACTICAL or OCO__LYAP_THEORY */
    int explore; /* the SF-MAB exploration rule (sf_mab_core.h) */
    double n;    /* Φ(x) = x^n */
    double Q0;   /* Q(0) */
    double logV; /* log V (V itself may overflow under `theory`) */
} oco__lyap_conf;

/* The parameters read and checked (OCO_EINVAL naming the key). */
int oco__lyap_read(const oco_bwk_setup *s, const oco_param *p, size_t np, oco__lyap_conf *c);

/* log of the budget weight e·Φ'(Q)/V = e·n·Q^{n−1}/V of (55), for Q > 0:
 * 1 + log n + (n−1) log Q − log V, finite whatever n, Q, V. */
double oco__lyap_log_weight(const oco__lyap_conf *c, double Q);

/* The largest log-weight the algorithm uses (see lyapunov_bwk.c). */
#define OCO__LYAP_LOGW_MAX 300.0

#endif
