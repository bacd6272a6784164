/* Embedding a LAAU policy (seed 000) in a live system with oco: train the
 * multiplier network offline (here a short schedule on synthetic data),
 * save it, load it where decisions are made, and decide each job of an
 * episode as it arrives, under a strict budget. Then compare with Equal and
 * the hindsight optimum on the same episode. */
#include <stdio.h>

#include <oco/oco.h>

enum { N = 20 };

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "laau-example.json";
    oco_oobc_class *cls = oco_oobc_class_new("fairness", NULL); /* c·log x, x in [1, 40] */
    oco_oobc_data *train = cls ? oco_oobc_data_synthetic(cls, N, 400, 7, NULL) : NULL;
    oco_oobc_model *net = train ? oco_oobc_model_new(cls, N, NULL, NULL) : NULL;
    oco_oobc_train_opts topts = oco_oobc_train_opts_default();
    topts.epochs = 6;
    topts.epochs_lr1 = 4;
    if (!net || oco_oobc_train(net, cls, train, NULL, &topts, NULL) != OCO_OK ||
        oco_oobc_model_save(net, path) != OCO_OK) {
        fprintf(stderr, "training: %s\n", oco_last_error());
        return 1;
    }
    oco_oobc_model_free(net);

    /* --- the live side: load the model once, then one call per job --- */
    oco_oobc_model *model = oco_oobc_model_load(path);
    oco_oobc_setup setup = oco_oobc_setup_default();
    setup.cls = cls;
    setup.N = N;
    setup.model = model;
    oco_oobc *laau = model ? oco_oobc_new(oco_oobc_laau, &setup, NULL, 0) : NULL;
    setup.model = NULL;
    oco_oobc *equal = oco_oobc_new(oco_oobc_equal, &setup, NULL, 0);
    oco_oobc_synth_opts sopts = oco_oobc_synth_opts_default();
    sopts.first = OCO_OOBC_TEST_FIRST; /* an episode the network never saw */
    oco_oobc_data *test = oco_oobc_data_synthetic(cls, N, 1, 7, &sopts);
    if (!laau || !equal || !test) {
        fprintf(stderr, "setup: %s\n", oco_last_error());
        return 1;
    }
    const double B = test->B[0];
    double x_laau[N], x_equal[N], x_opt[N], loss_opt;
    if (oco_oobc_begin(laau, &B) != OCO_OK || oco_oobc_begin(equal, &B) != OCO_OK)
        return 1;
    for (size_t t = 0; t < N; ++t) {
        const double c = test->c[t]; /* job t's weight arrives ... */
        if (oco_oobc_decide(laau, &c, &x_laau[t]) != OCO_OK || /* ... and is served */
            oco_oobc_decide(equal, &c, &x_equal[t]) != OCO_OK) {
            fprintf(stderr, "step %zu: %s\n", t, oco_last_error());
            return 1;
        }
    }
    if (oco_oobc_opt(cls, N, &B, test->c, x_opt, &loss_opt) != OCO_OK)
        return 1;
    printf("budget %.2f; utility per step: LAAU %.4f, Equal %.4f, OPT %.4f\n", B,
           -oco_oobc_episode_loss(laau) / N, -oco_oobc_episode_loss(equal) / N, -loss_opt / N);
    printf("LAAU left %.4f of the budget unused\n", oco_oobc_remaining(laau)[0]);
    oco_oobc_free(laau);
    oco_oobc_free(equal);
    oco_oobc_model_free(model);
    oco_oobc_data_free(test);
    oco_oobc_data_free(train);
    oco_oobc_class_free(cls);
    return 0;
}
