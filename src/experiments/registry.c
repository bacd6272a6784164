#include "experiments/registry.h"

#include <string.h>

#include "oco/error.h"

#include "core/params_internal.h"

static const oco_experiment experiments[] = {
    {"olp-alg1", "Online LP, Algorithm 1: regret + violation grows like sqrt(T)",
     "seed 002, Algorithm 1 (olp_laau.md §1.3, §1.10)", oco_exp_olp_alg1},
    {"olp", "Online LP: Algorithms 1-4 of seed 002 against DMD, DLA, AHDL and Wait-Less: "
            "regret + violation vs T",
     "seed 002, Algorithms 1-4, Lemmas 4-6, Prop. 1 (olp_laau.md §1.3-§1.11)", oco_exp_olp},
    {"universal", "Universal OCO with gradient variation: regret vs T, vs delta, one vs many "
                  "gradients, bilinear game",
     "seed 004, Algorithm 1, Theorems 1, 2, 4 (universal.md §10-§12)", oco_exp_universal},
    {"llp", "Lazy Lagrangians with predictions: average regret and total constraint value vs t "
            "on the Exp 1/Exp 2 stand-ins, Theorem 2's rates, beta and prediction-noise sweeps",
     "seed 001, Appendix VII-I, Theorem 2, Corollary 1 (llp_sarkar.md §A.6-§A.7)", oco_exp_llp},
    {"lyapunov", "Long-term budgets (seed 003): alpha-regret and consumption vs T of "
                 "Algorithm 1 and Sinha-Vaze on the worked classes; bandits with knapsacks; "
                 "the Theorem 5 family",
     "seed 003, Algorithms 1-2, Theorems 4, 5, 10; Sinha-Vaze Thm 1 (llp_sarkar.md §B.3-§B.7, "
     "Part C)", oco_exp_lyapunov},
    {"laau-fairness", "LAAU on online weighted fairness (synthetic stand-in data): utility of "
                      "LAAU, RL, OPT and five baselines for N in {10, 20, 40}, box plot, "
                      "remaining budget",
     "seed 000, Algorithm 1, Figs. 2, 5, 6, 7 (olp_laau.md §2.3-§2.5)", oco_exp_laau_fairness},
    {"laau-ood", "LAAU and RL trained on shifted data (d_W up to 0.25), tested on unshifted "
                 "data (synthetic stand-in)",
     "seed 000, Figs. 3-4 (olp_laau.md §2.3)", oco_exp_laau_ood},
};

size_t oco_experiment_count(void) { return sizeof experiments / sizeof experiments[0]; }

const oco_experiment *oco_experiment_at(size_t i)
{
    return i < oco_experiment_count() ? &experiments[i] : NULL;
}

const oco_experiment *oco_experiment_find(const char *name)
{
    char known[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        if (name && strcmp(experiments[i].name, name) == 0)
            return &experiments[i];
        oco__names_append(known, sizeof known, &used, experiments[i].name);
    }
    oco_set_error(OCO_ENOTFOUND, "unknown experiment '%s' (known: %s, all)", name ? name : "(null)",
                  known);
    return NULL;
}
