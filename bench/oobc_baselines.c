/* The OOBC baselines of seed 000 Appendix C.2 on synthetic fairness data:
 * fit time (AVG-LT's λ_P, CR-Pursuit's π on the training sample), the
 * fitted values, mean utility per step on a test set with OPT for scale,
 * and decision throughput (steps per second).
 *
 *   build/bench/oobc_baselines [N=20] [train=5000] [test=2000] [seed=1]
 *
 * Training episodes [0, train) and test episodes from OCO_OOBC_TEST_FIRST of
 * the seed, as the CLI draws them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_clock.h"
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_problem.h"

static void die(void)
{
    fprintf(stderr, "%s\n", oco_last_error());
    exit(1);
}

int main(int argc, char **argv)
{
    const size_t N = argc > 1 ? (size_t)atol(argv[1]) : 20;
    const size_t ntr = argc > 2 ? (size_t)atol(argv[2]) : 5000;
    const size_t nte = argc > 3 ? (size_t)atol(argv[3]) : 2000;
    const unsigned long long seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL);
    if (!cls)
        die();
    oco_oobc_synth_opts so = oco_oobc_synth_opts_default();
    oco_oobc_data *tr = oco_oobc_data_synthetic(cls, N, ntr, seed, &so);
    so.first = OCO_OOBC_TEST_FIRST;
    oco_oobc_data *te = oco_oobc_data_synthetic(cls, N, nte, seed, &so);
    if (!tr || !te)
        die();
    double opt = 0, loss;
    for (size_t i = 0; i < nte; ++i) {
        if (oco_oobc_opt(cls, N, te->B + i, te->c + i * N, NULL, &loss))
            die();
        opt -= loss;
    }
    printf("# fairness N = %zu, synthetic seed %llu: %zu training, %zu test episodes\n", N, seed,
           ntr, nte);
    printf("# %-11s %10s %14s %12s %14s\n", "algo", "fit_s", "multiplier", "utility", "steps/s");
    printf("  %-11s %10s %14s %12.6f %14s\n", "opt", "-", "-", opt / (double)nte / (double)N,
           "-");
    const oco_oobc_type *types[] = {oco_oobc_equal, oco_oobc_avg_lt, oco_oobc_dgd, oco_oobc_mw,
                                    oco_oobc_cr_pursuit};
    for (size_t k = 0; k < sizeof types / sizeof types[0]; ++k) {
        oco_oobc_setup s = oco_oobc_setup_default();
        s.cls = cls;
        s.N = N;
        s.train = tr;
        double t0 = bench_now();
        oco_oobc *a = oco_oobc_new(types[k], &s, NULL, 0);
        if (!a)
            die();
        const double fit = bench_now() - t0;
        double lam = NAN, x, util = 0;
        t0 = bench_now();
        for (size_t i = 0; i < nte; ++i) {
            if (oco_oobc_begin(a, te->B + i))
                die();
            for (size_t t = 0; t < N; ++t)
                if (oco_oobc_decide(a, te->c + i * N + t, &x))
                    die();
            util -= oco_oobc_episode_loss(a);
            if (i == 0 && oco_oobc_multiplier(a, &lam))
                lam = NAN;
        }
        const double run = bench_now() - t0;
        /* avg-lt: λ_P; cr-pursuit: π; dgd/mw: λ of the last step (0) */
        printf("  %-11s %10.4f %14.8g %12.6f %14.4g\n", types[k]->info.name, fit, lam,
               util / (double)nte / (double)N, (double)(nte * N) / run);
        oco_oobc_free(a);
    }
    oco_oobc_data_free(tr);
    oco_oobc_data_free(te);
    oco_oobc_class_free(cls);
    return 0;
}
