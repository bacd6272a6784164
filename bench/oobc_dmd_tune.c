/* Tuning harness of the eta0 defaults of the OOBC baselines DGD and MW
 * (src/algorithms/oobc/dmd.c; seed 000 Appendix C.2 says only that η and
 * λ_1 are "tuned on validation", olp_laau.md §2.5 [D]).
 *
 * Plays every eta0 of a grid (and a few cbar values, the λ_1 = cbar/ρ
 * start) on a synthetic fairness validation set and prints the mean
 * utility per step (1/N)·Σ c_t log x_t, with Equal and OPT for scale.
 * The validation set is episodes [5000, 5000 + n) of the seed: the CLI
 * draws training episodes from index 0 (the paper's 5000 training
 * instances), so these are the paper's 1000 validation instances after
 * them, disjoint from the training and test sets.
 *
 *   build/bench/oobc_dmd_tune [N=20] [n=1000] [seed=1]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_problem.h"

static double mean_utility(const oco_oobc_type *ty, const oco_oobc_class *cls,
                           const oco_oobc_data *d, const oco_param *p, size_t np)
{
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = cls;
    s.N = d->N;
    oco_oobc *a = oco_oobc_new(ty, &s, p, np);
    if (!a) {
        fprintf(stderr, "%s: %s\n", ty->info.name, oco_last_error());
        exit(1);
    }
    double sum = 0, x;
    for (size_t i = 0; i < d->n; ++i) {
        if (oco_oobc_begin(a, d->B + i)) {
            fprintf(stderr, "%s\n", oco_last_error());
            exit(1);
        }
        for (size_t t = 0; t < d->N; ++t)
            if (oco_oobc_decide(a, d->c + i * d->N + t, &x)) {
                fprintf(stderr, "%s\n", oco_last_error());
                exit(1);
            }
        sum -= oco_oobc_episode_loss(a);
    }
    oco_oobc_free(a);
    return sum / (double)d->n / (double)d->N;
}

int main(int argc, char **argv)
{
    const size_t N = argc > 1 ? (size_t)atol(argv[1]) : 20;
    const size_t n = argc > 2 ? (size_t)atol(argv[2]) : 1000;
    const unsigned long long seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    so.first = 5000;
    oco_oobc_data *d = cls ? oco_oobc_data_synthetic(cls, N, n, seed, &so) : NULL;
    if (!d) {
        fprintf(stderr, "%s\n", oco_last_error());
        return 1;
    }
    double opt = 0, loss;
    for (size_t i = 0; i < n; ++i) {
        if (oco_oobc_opt(cls, N, d->B + i, d->c + i * N, NULL, &loss)) {
            fprintf(stderr, "%s\n", oco_last_error());
            return 1;
        }
        opt -= loss;
    }
    printf("# fairness, N = %zu, %zu validation episodes (synthetic, seed %llu, first 5000)\n",
           N, n, seed);
    printf("# OPT %.6f  Equal %.6f  (mean utility per step)\n", opt / (double)n / (double)N,
           mean_utility(oco_oobc_equal, cls, d, NULL, 0));
    static const double etas[] = {0,   0.002, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.05, 0.1, 0.2,
                                  0.3, 0.4,   0.5,   0.6,    0.7,  0.8,   1,    2,    5};
    static const double cbars[] = {0.25, 0.5, 1.0};
    printf("# %-6s %-5s", "eta0", "cbar");
    printf(" %12s %12s\n", "dgd", "mw");
    for (size_t e = 0; e < sizeof etas / sizeof etas[0]; ++e)
        for (size_t k = 0; k < sizeof cbars / sizeof cbars[0]; ++k) {
            const oco_param p[] = {{"eta0", etas[e]}, {"cbar", cbars[k]}};
            printf("  %-6g %-5g %12.6f %12.6f\n", etas[e], cbars[k],
                   mean_utility(oco_oobc_dgd, cls, d, p, 2),
                   mean_utility(oco_oobc_mw, cls, d, p, 2));
        }
    oco_oobc_data_free(d);
    oco_oobc_class_free(cls);
    return 0;
}
