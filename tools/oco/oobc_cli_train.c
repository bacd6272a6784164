/* `oco train laau|rl`: fit the network of LAAU (or of its end-to-end RL
 * baseline) offline on training episodes by backpropagation through the
 * unrolled episode (oobc_model.h, seed 000 §4–5, olp_laau.md §2.3), keep the
 * weights of the best validation epoch, and save the versioned model file
 * that `oco run oobc --algo laau|rl --model FILE` plays. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oco/oco.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/oobc_problem.h"

/* The paper's set-up (§2.3 [S]): 5000 training and 1000 validation
 * episodes, 80 epochs, 50 of them at the first learning rate. */
#define TRAIN_DEFAULT 5000
#define VAL_DEFAULT 1000
#define EPOCHS_DEFAULT 80
/* --quick: a smoke-test size, not the paper's (documented in the help). */
#define TRAIN_QUICK 1000
#define VAL_QUICK 200
#define EPOCHS_QUICK 12

static const char *const help[] = {
    "usage: oco train laau|rl --problem fairness|multi-budget [--d D] --N N",
    "                 [--data synthetic|FILE] [--train K] [--val K] [--seed S]",
    "                 [--epochs E] [--online] [--quick] [--progress]",
    "                 [--hidden W1,W2,...] [--activation A] [--output MAP] --model OUT",
    "",
    "Train the network of LAAU (laau: predicts the multiplier lambda_t of the",
    "layer; seed 000 Algorithm 1) or of the end-to-end baseline (rl: predicts x_t",
    "directly; fairness only, M = d = 1) on training episodes, by exact reverse",
    "mode through the unrolled episode, with Adam on mini-batches of 10: the",
    "first round(5E/8) epochs at learning rate 5e-3, the rest at 2.5e-3 (the",
    "paper's 50 + 30 for E = 80). The weights of the epoch with the best",
    "validation utility are kept and saved to OUT (JSON, versioned, checksummed;",
    "it records its kind, problem and N).",
    "",
    "  --problem P       fairness or multi-budget (laau only; --d D, default 4)",
    "  --N N             steps per episode (>= 1)",
    "  --data SRC        synthetic (default): training episodes 0..K-1 and",
    "                    validation episodes K..K+V-1 of the seed (test sets of",
    "                    'oco run oobc --instances' start at 10^9, so never",
    "                    overlap); or an instances FILE: its first K rows train,",
    "                    the next V validate",
    "  --train K         training episodes (default 5000, the paper's)",
    "  --val V           validation episodes (default 1000; 0: no validation, the",
    "                    last epoch's weights are saved)",
    "  --seed S          seed of the synthetic episodes, the initial weights and",
    "                    the shuffling (default 1)",
    "  --epochs E        epochs (default 80)",
    "  --online          Algorithm 2 (Appendix A) instead: one pass, one gradient",
    "                    step per training episode",
    "  --quick           a quick, smaller run for trying things out: 1000 training",
    "                    and 200 validation episodes, 12 epochs (explicit --train,",
    "                    --val, --epochs win); NOT the paper's set-up",
    "  --progress        one line per epoch on stderr: epoch, training and",
    "                    validation utility per step, seconds elapsed",
    "  --hidden W1,...   the network's hidden layers: 1 to 8 widths >= 1 (default",
    "                    10,10: the paper's two layers of 10)",
    "  --activation A    hidden activation: tanh (default), relu, softplus, sigmoid",
    "  --output MAP      the output map: laau softplus (default; lambda =",
    "                    log(1 + e^z)) or exp (lambda = e^min(z, 700)); rl only",
    "                    sigmoid (x = lo + (min(hi, b) - lo)·sigmoid(z), the default)",
    "  --model OUT       the model file to write (required; written to OUT.tmp,",
    "                    then renamed)",
    "",
    "Prints a summary on stdout: best epoch, validation utility, seconds, the",
    "model path and the data label.",
    "exit status: 0 ok, 1 bad data file, I/O or training failure, 2 usage error.",
    NULL,
};

typedef struct train_args {
    const char *kind, *problem, *d, *N, *data, *train, *val, *seed, *epochs, *model;
    const char *hidden, *activation, *output;
    int online, quick, progress;
} train_args;

typedef struct progress_ctx {
    size_t total;
    int online;
} progress_ctx;

/* Offline: after each epoch; online (Algorithm 2): every progress_every
 * episodes, `epoch` then counting episodes. */
static int on_progress(void *ctx, size_t epoch, double tr, double val, double seconds)
{
    const progress_ctx *pc = ctx;
    fprintf(stderr, "%s %zu/%zu  train utility %.8g  validation utility %.8g  %.1f s\n",
            pc->online ? "episode" : "epoch", epoch, pc->total, tr, val, seconds);
    return OCO_OK;
}

/* Training and validation episodes (val NULL when V = 0). */
static int make_sets(const train_args *ta, const oco_oobc_class *cls, size_t N, size_t K,
                     size_t V, uint64_t seed, oco_oobc_data **train, oco_oobc_data **val)
{
    int rc;
    if (!ta->data || strcmp(ta->data, "synthetic") == 0) {
        if ((rc = cli_oobc_synthetic(cls, N, K, seed, 0, train)) != 0)
            return rc;
        return V ? cli_oobc_synthetic(cls, N, V, seed, K, val) : 0;
    }
    oco_oobc_data *all = NULL;
    if ((rc = cli_oobc_read_file("--data", ta->data, cls, N, &all)) != 0)
        return rc;
    if (all->n < K + V) {
        rc = cli_error(CLI_RUNTIME, "--data: %s holds %zu episodes; --train %zu and --val %zu "
                                    "need %zu (set --train/--val)",
                       ta->data, all->n, K, V, K + V);
        oco_oobc_data_free(all);
        return rc;
    }
    *train = oco_oobc_data_slice(all, 0, K);
    *val = V ? oco_oobc_data_slice(all, K, V) : NULL;
    oco_oobc_data_free(all);
    if (!*train || (V && !*val))
        return cli_error(CLI_RUNTIME, "--data: %s", oco_last_error());
    return 0;
}

/* --hidden W1,W2,...: 1 to OCO_OOBC_MODEL_MAX_HIDDEN widths, each >= 1;
 * CLI_USAGE (message printed) otherwise. */
static int parse_hidden(const char *s, oco_oobc_model_opts *mo)
{
    const size_t maxh = OCO_OOBC_MODEL_MAX_HIDDEN;
    size_t n = 0;
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, ',');
        const size_t len = e ? (size_t)(e - p) : strlen(p);
        if (n == maxh)
            return cli_error(CLI_USAGE, "--hidden: '%s' has more than %zu widths", s, maxh);
        char tok[32];
        if (len >= sizeof tok)
            return cli_error(CLI_USAGE, "--hidden: width %zu of '%s' is too long", n + 1, s);
        memcpy(tok, p, len);
        tok[len] = '\0';
        char opt[32];
        snprintf(opt, sizeof opt, "--hidden (width %zu)", n + 1);
        /* the library's width cap (mlp.c): 2^20 */
        uint64_t w = 0;
        int rc = cli_parse_u64(opt, tok, 1, (uint64_t)1 << 20, &w);
        if (rc)
            return rc;
        mo->hidden[n++] = (size_t)w;
        if (!e)
            break;
        p = e + 1;
    }
    mo->nhidden = n;
    return 0;
}

/* --hidden, --activation, --output into mo (mo->kind set); CLI_USAGE on a
 * bad value or an output map the kind does not accept. */
static int network_opts(const train_args *ta, oco_oobc_model_opts *mo)
{
    int rc;
    if (ta->hidden && (rc = parse_hidden(ta->hidden, mo)) != 0)
        return rc;
    if (ta->activation && oco_mlp_activation_parse(ta->activation, &mo->activation))
        return cli_error(CLI_USAGE, "--activation: %s", oco_last_error());
    if (ta->output) {
        if (oco_oobc_output_parse(ta->output, &mo->output) ||
            oco_oobc_output_check(mo->kind, mo->output))
            return cli_error(CLI_USAGE, "--output: %s", oco_last_error());
    }
    return 0;
}

int cmd_train(int argc, char **argv)
{
    train_args ta;
    memset(&ta, 0, sizeof ta);
    const cli_spec spec[] = {{"problem", CLI_VALUE, &ta.problem},
                             {"d", CLI_VALUE, &ta.d},
                             {"N", CLI_VALUE, &ta.N},
                             {"data", CLI_VALUE, &ta.data},
                             {"train", CLI_VALUE, &ta.train},
                             {"val", CLI_VALUE, &ta.val},
                             {"seed", CLI_VALUE, &ta.seed},
                             {"epochs", CLI_VALUE, &ta.epochs},
                             {"online", CLI_FLAG, &ta.online},
                             {"quick", CLI_FLAG, &ta.quick},
                             {"progress", CLI_FLAG, &ta.progress},
                             {"hidden", CLI_VALUE, &ta.hidden},
                             {"activation", CLI_VALUE, &ta.activation},
                             {"output", CLI_VALUE, &ta.output},
                             {"model", CLI_VALUE, &ta.model},
                             {NULL, CLI_VALUE, NULL}};
    int rc = cli_parse(argc, argv, 1, spec, "train", help, &ta.kind, "model kind");
    if (rc != 0)
        return rc == CLI_HELP ? CLI_OK : rc;
    oco_oobc_class *cls = NULL;
    oco_oobc_data *train = NULL, *val = NULL;
    oco_oobc_model *m = NULL;
    oco_oobc_model_kind kind;
    if (!ta.kind)
        return cli_error(CLI_USAGE, "missing the model kind: 'oco train laau|rl ...' (see 'oco "
                                    "train --help')");
    if (strcmp(ta.kind, "laau") == 0)
        kind = OCO_OOBC_MODEL_LAAU;
    else if (strcmp(ta.kind, "rl") == 0)
        kind = OCO_OOBC_MODEL_RL;
    else
        return cli_error(CLI_USAGE, "unknown model kind '%s' for 'oco train' (known: laau, rl)",
                         ta.kind);
    if (!ta.model)
        return cli_error(CLI_USAGE, "missing --model OUT (the model file to write)");
    if (!ta.N)
        return cli_error(CLI_USAGE, "missing --N N (steps per episode, >= 1)");
    size_t N, K = ta.quick ? TRAIN_QUICK : TRAIN_DEFAULT, V = ta.quick ? VAL_QUICK : VAL_DEFAULT,
              E = ta.quick ? EPOCHS_QUICK : EPOCHS_DEFAULT;
    uint64_t seed = 1;
    if ((rc = cli_parse_size("--N", ta.N, 1, &N)) != 0 ||
        (ta.train && (rc = cli_parse_size("--train", ta.train, 1, &K)) != 0) ||
        (ta.val && (rc = cli_parse_size("--val", ta.val, 0, &V)) != 0) ||
        (ta.epochs && (rc = cli_parse_size("--epochs", ta.epochs, 1, &E)) != 0) ||
        (ta.seed && (rc = cli_parse_u64("--seed", ta.seed, 0, UINT64_MAX, &seed)) != 0))
        return rc;
    oco_oobc_model_opts mo = oco_oobc_model_opts_default();
    mo.kind = kind;
    mo.seed = seed;
    if ((rc = network_opts(&ta, &mo)) != 0)
        return rc;
    if ((rc = cli_oobc_class(ta.problem, ta.d, &cls)) != 0)
        return rc;
    if (kind == OCO_OOBC_MODEL_RL && (cls->M != 1 || cls->d != 1)) {
        rc = cli_error(CLI_USAGE, "rl is defined for one resource and a scalar decision "
                                  "(--problem fairness); %s has M = %zu, d = %zu: use laau",
                       cls->name, cls->M, cls->d);
        goto done;
    }
    if ((rc = make_sets(&ta, cls, N, K, V, seed, &train, &val)) != 0)
        goto done;
    if (!(m = oco_oobc_model_new(cls, N, &mo, NULL))) {
        rc = cli_error(CLI_RUNTIME, "%s", oco_last_error());
        goto done;
    }
    oco_oobc_train_opts to = oco_oobc_train_opts_default();
    to.epochs = E;
    to.epochs_lr1 = (size_t)lround(5.0 * (double)E / 8.0); /* the paper's 50 of 80 */
    to.online = ta.online;
    to.seed = seed;
    progress_ctx pc = {ta.online ? K : E, ta.online};
    if (ta.progress) {
        to.progress = on_progress;
        to.ctx = &pc;
    }
    oco_oobc_train_report rep;
    memset(&rep, 0, sizeof rep);
    if (oco_oobc_train(m, cls, train, val, &to, &rep) != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "training: %s", oco_last_error());
        goto done;
    }
    if (oco_oobc_model_save(m, ta.model) != OCO_OK) {
        rc = cli_error(CLI_RUNTIME, "--model: %s", oco_last_error());
        goto done;
    }
    printf("model       %s (%s, problem %s, N = %zu, %zu weights)\n", ta.model, ta.kind,
           cls->name, N, oco_oobc_model_nweights(m));
    printf("network     hidden ");
    for (size_t k = 0; k < mo.nhidden; ++k)
        printf("%s%zu", k ? "," : "", mo.hidden[k]);
    printf(", %s, output %s\n", oco_mlp_activation_name(mo.activation),
           oco_oobc_output_name(oco_oobc_model_output(m)));
    printf("data        %s: %zu training, %zu validation episodes\n", train->label, K, V);
    if (ta.online)
        printf("training    online (Algorithm 2): one pass, one gradient step per episode, "
               "%.3g s\n",
               rep.seconds);
    else
        printf("training    offline, %zu epochs run (%zu at lr 5e-3, then 2.5e-3), %.3g s\n",
               rep.epochs_run, to.epochs_lr1, rep.seconds);
    if (rep.best_epoch)
        printf("best        epoch %zu, validation utility %.10g per step\n", rep.best_epoch,
               rep.best_val_utility);
    else if (isfinite(rep.best_val_utility))
        printf("best        (last weights) validation utility %.10g per step\n",
               rep.best_val_utility);
    else
        printf("best        (no validation) final training utility %.10g per step\n",
               rep.final_train_utility);
    rc = fflush(stdout) != 0 ? cli_error(CLI_RUNTIME, "cannot write to stdout") : CLI_OK;
done:
    oco_oobc_model_free(m);
    oco_oobc_data_free(train);
    oco_oobc_data_free(val);
    oco_oobc_class_free(cls);
    return rc;
}
