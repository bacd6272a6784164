/* Online LP with oco: draw an instance, decide each order live with a
 * session (seed 002, Algorithm 1), then compare with the hindsight optimum. */
#include <stdio.h>

#include <oco/oco.h>

int main(void)
{
    oco_rng rng;
    oco_rng_seed(&rng, 42, 0);
    oco_olp_instance *inst = oco_olp_generate(1, 2, 10000, &rng); /* type 1, m = 2, T = 10^4 */
    if (!inst) {
        fprintf(stderr, "generate: %s\n", oco_last_error());
        return 1;
    }
    const oco_olp_policy_type *algo = oco_olp_dual_subgradient; /* or by name: oco_olp_policy_find */
    oco_olp_setup setup = {.T = inst->T, .m = inst->m, .b = inst->b}; /* rng: none needed */
    oco_param alpha = {"alpha", 0.01}; /* optional; the default is 1/sqrt(T) */
    oco_olp_session_opts opts = {0};  /* soft budgets, as in the paper */
    oco_olp_session *s = oco_olp_session_new(algo, &setup, &alpha, 1, &opts);
    if (!s) { /* also when algo is NULL (unknown name) */
        fprintf(stderr, "session: %s\n", oco_last_error());
        oco_olp_instance_free(inst);
        return 1;
    }
    /* A live system calls step once per request, as it arrives. */
    for (size_t t = 0; t < inst->T; ++t) {
        int x;
        if (oco_olp_session_step(s, inst->c[t], inst->a + t * inst->m, &x) != OCO_OK) {
            fprintf(stderr, "step %zu: %s\n", t, oco_last_error());
            break;
        }
    }
    oco_olp_opt_opts oo = oco_olp_opt_opts_default();
    oco_olp_opt opt;
    if (oco_olp_opt_solve(inst, &oo, &opt, NULL) == OCO_OK)
        printf("reward %.4f, opt %.4f (%s), regret %.4f, accepted %zu of %zu\n",
               oco_olp_session_reward(s), opt.value,
               opt.kind == OCO_OPT_EXACT ? "exact" : "upper bound",
               opt.value - oco_olp_session_reward(s), oco_olp_session_accepted(s), inst->T);
    const double *left = oco_olp_session_remaining(s);
    printf("remaining budget %.4f %.4f\n", left[0], left[1]);
    oco_olp_session_free(s);
    oco_olp_instance_free(inst);
    return 0;
}
