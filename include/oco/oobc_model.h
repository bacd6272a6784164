/* oco — the networks of LAAU and of its end-to-end RL baseline (seed 000
 * §4–5, olp_laau.md §2.2–2.3, §2.5), their training by backpropagation
 * through the unrolled episode, and their versioned model file.
 *
 * The network: a small dense MLP (hidden layers, activation settable;
 * defaults §2.3 [D]: two hidden layers of 10, tanh), input
 *     u_t = (b_t / b_scale  (M),  c_t  (p),  t̄ = (N − t)/N),   t 1-based,
 * with b_scale[m] the mean training budget (12.5·N for fairness, the [D]
 * normaliser of §2.3). Output map (oco_oobc_output, settable):
 *   laau: λ_t = softplus(z) ∈ R^M (M outputs; default, §2.3 [D]) or
 *         λ_t = e^min(z, 700) (exp); λ_N := 0 is forced at the last step
 *         (§2.2: f_θ is not called there);
 *   rl:   x_t = lo + (min(hi, b̃_t) − lo)·σ(z) (d = M = 1; §2.5 [D]; the
 *         only rl map), b̃ the reserve-guarded budget of oobc.h, so the
 *         budget holds strictly.
 *
 * Training (offline, §2.3 [S]): minimise (1/n) Σ_i Σ_t l(x_{i,t}, c_{i,t})
 * with Adam, mini-batches of 10, learning rate 5e-3 for 50 epochs then
 * 2.5e-3 for 30 epochs; the weights with the best validation utility are
 * kept [D]. The gradient of an episode's loss is exact reverse mode through
 * the unroll (§2.2, including the ∂x/∂b path the printed eq. (7) drops).
 * Online (Algorithm 2, Appendix A): after each episode one step
 * θ ← θ − ᾱ·∇_θ L of plain gradient descent.
 * Initial output bias [D] (an untrained laau model only): set so that the
 * network's mean output over the training states is map⁻¹(λ*) (softplus⁻¹,
 * or log for exp), λ* the
 * best common fixed λ of a log-grid search on <= 200 training episodes
 * (40 with the interior-point layer); otherwise every x starts at the box,
 * where ∂x/∂λ = 0 and no gradient flows (rl keeps bias 0). train.c.
 * Deterministic for a given seed (initialisation and shuffling draw from
 * oco_rng streams of the seed).
 *
 * Model file (JSON, doubles printed with %.17g so they round-trip; a file of
 * another format version is refused):
 *   {"format": "oco-oobc-model", "version": 1, "kind": "laau"|"rl",
 *    "problem": "fairness", "d": 1, "M": 1, "p": 1, "N": 20,
 *    "layers": [3, 10, 10, 1], "activation": "tanh", "output": "softplus",
 *    "b_scale": [250], "weights": [...], "weights_fnv1a64": "hex",
 *    "data": "label of the training data", "training": {...}}
 * output: the output map's name ("softplus" or "exp" for laau, "sigmoid"
 * for rl; files written before the map was settable hold the then fixed
 * maps, so they load unchanged). weights: per layer, W (out×in,
 * row-major) then the bias (out); the
 * checksum is FNV-1a 64 of the weights' IEEE-754 little-endian bytes, so a
 * changed digit is detected. */
#ifndef OCO_OOBC_MODEL_H
#define OCO_OOBC_MODEL_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/oobc.h"

OCO_BEGIN_DECLS

typedef enum oco_oobc_model_kind {
    OCO_OOBC_MODEL_LAAU = 1, /* predicts λ */
    OCO_OOBC_MODEL_RL = 2    /* predicts x (end-to-end baseline) */
} oco_oobc_model_kind;

/* "laau", "rl"; NULL if unknown. */
const char *oco_oobc_model_kind_name(oco_oobc_model_kind kind);

typedef enum oco_mlp_activation {
    OCO_MLP_TANH = 0, /* default [D] (§2.3: ReLU or tanh) */
    OCO_MLP_RELU,
    OCO_MLP_SOFTPLUS,
    OCO_MLP_SIGMOID
} oco_mlp_activation;

/* "tanh", "relu", "softplus", "sigmoid"; parse: OCO_ENOTFOUND listing them. */
const char *oco_mlp_activation_name(oco_mlp_activation a);
int oco_mlp_activation_parse(const char *name, oco_mlp_activation *a);

/* The output map of the network (the map from its raw outputs z to what
 * the policy uses). Which maps a kind accepts:
 *   laau: softplus (default [D] §2.3: λ = log(1 + e^z) > 0, smooth, linear
 *         for large z) or exp (λ = e^min(z, 700) [D]: the clamp keeps λ
 *         finite, e^700 ≈ 1e304; beyond it the map is flat, derivative 0;
 *         λ spans decades at an even step in z);
 *   rl:   sigmoid only (x = lo + (min(hi, b̃) − lo)·σ(z), §2.5 [D]: the map
 *         that keeps x inside both the box and the budget).
 * OCO_OOBC_OUT_DEFAULT picks the kind's default (softplus for laau,
 * sigmoid for rl); a model always stores the resolved map. */
typedef enum oco_oobc_output {
    OCO_OOBC_OUT_DEFAULT = 0,
    OCO_OOBC_OUT_SOFTPLUS,
    OCO_OOBC_OUT_EXP,
    OCO_OOBC_OUT_SIGMOID
} oco_oobc_output;

/* "default", "softplus", "exp", "sigmoid"; NULL if unknown. parse accepts
 * "softplus", "exp", "sigmoid" (OCO_ENOTFOUND listing them otherwise). */
const char *oco_oobc_output_name(oco_oobc_output o);
int oco_oobc_output_parse(const char *name, oco_oobc_output *o);

/* 0 if kind accepts o (OCO_OOBC_OUT_DEFAULT always), else OCO_EINVAL naming
 * the map, the kind and what it accepts. */
int oco_oobc_output_check(oco_oobc_model_kind kind, oco_oobc_output o);

enum { OCO_OOBC_MODEL_MAX_HIDDEN = 8 };

typedef struct oco_oobc_model_opts {
    oco_oobc_model_kind kind;   /* default laau */
    size_t nhidden;             /* hidden layers, <= OCO_OOBC_MODEL_MAX_HIDDEN (default 2 [D]) */
    size_t hidden[OCO_OOBC_MODEL_MAX_HIDDEN]; /* widths (default 10, 10 [S: "2 layers,
                                                 each with 10 neurons"]) */
    oco_mlp_activation activation;            /* default tanh [D] */
    oco_oobc_output output;                   /* default OCO_OOBC_OUT_DEFAULT: softplus
                                                 (laau, §2.3 [D]), sigmoid (rl, §2.5 [D]) */
    uint64_t seed;                            /* initialisation (default 1) */
} oco_oobc_model_opts;

oco_oobc_model_opts oco_oobc_model_opts_default(void);

/* A new network for class cls and episodes of N steps, initialised from
 * opts->seed (Glorot-uniform weights, zero biases [D]). b_scale[M] > 0: the
 * budget normaliser (NULL: N·(budget_lo + budget_hi)/2 of the class).
 * NULL + OCO_EINVAL (rl with d != 1 or M != 1, bad sizes, an output map the
 * kind does not accept) / OCO_ENOMEM. */
oco_oobc_model *oco_oobc_model_new(const oco_oobc_class *cls, size_t N,
                                   const oco_oobc_model_opts *opts, const double *b_scale);
void oco_oobc_model_free(oco_oobc_model *m);
oco_oobc_model *oco_oobc_model_clone(const oco_oobc_model *m);

oco_oobc_model_kind oco_oobc_model_get_kind(const oco_oobc_model *m);
/* The model's output map (never OCO_OOBC_OUT_DEFAULT; 0 for NULL). */
oco_oobc_output oco_oobc_model_output(const oco_oobc_model *m);
const char *oco_oobc_model_problem(const oco_oobc_model *m); /* class name */
size_t oco_oobc_model_N(const oco_oobc_model *m);
size_t oco_oobc_model_nweights(const oco_oobc_model *m);
double *oco_oobc_model_weights(oco_oobc_model *m); /* nweights, the file's order */
const double *oco_oobc_model_weights_const(const oco_oobc_model *m);
/* The label of the data it was trained on ("" if untrained); set by the trainer. */
const char *oco_oobc_model_data_label(const oco_oobc_model *m);
int oco_oobc_model_set_data_label(oco_oobc_model *m, const char *label);

/* 0 or OCO_EINVAL naming what differs: kind, class name, d, M, p, N. */
int oco_oobc_model_matches(const oco_oobc_model *m, oco_oobc_model_kind kind,
                           const oco_oobc_class *cls, size_t N);

/* Save (the file is written to path.tmp and renamed, so a failure never
 * leaves a half-written model) / load. Load errors: OCO_EIO (open/read),
 * OCO_EPARSE (not JSON: file:line:column; a missing or mistyped key), or
 * OCO_EINVAL (another format version, inconsistent layer sizes, a
 * non-finite weight, checksum mismatch, an "output" the kind does not
 * accept), with a message naming the file. */
int oco_oobc_model_save(const oco_oobc_model *m, const char *path);
oco_oobc_model *oco_oobc_model_load(const char *path);

/* ---- training -------------------------------------------------------------- */
typedef struct oco_oobc_train_opts {
    size_t epochs;      /* total epochs (default 80 [S]: 50 + 30) */
    size_t epochs_lr1;  /* epochs at lr1 before switching to lr2 (default 50 [S]) */
    double lr1, lr2;    /* Adam learning rates (default 5e-3, 2.5e-3 [S]) */
    size_t batch;       /* episodes per mini-batch (default 10 [S]) */
    double beta1, beta2, eps; /* Adam (default 0.9, 0.999, 1e-8 [D]: Kingma & Ba) */
    int keep_best;      /* 1: keep the weights of the best validation epoch (default 1 [D]) */
    int online;         /* 1: Algorithm 2 (one pass, one gradient step per episode) */
    double online_step; /* ᾱ of Algorithm 2 (default 1e-3 [D]) */
    uint64_t seed;      /* shuffling (default 1) */
    /* Optional, after each epoch (online: every `progress_every` episodes):
     * epoch (1-based), mean utility per step on the training set (over the
     * epoch's episodes) and on the validation set (NaN without one),
     * seconds elapsed. Non-zero return stops training with that code. */
    int (*progress)(void *ctx, size_t epoch, double train_utility, double val_utility,
                    double seconds);
    void *ctx;
    size_t progress_every; /* online mode only (default 500); there the
                              progress "epoch" is the episode count */
} oco_oobc_train_opts;

oco_oobc_train_opts oco_oobc_train_opts_default(void);

typedef struct oco_oobc_train_report {
    size_t epochs_run;
    size_t best_epoch;        /* 0 if keep_best is off or no validation set */
    double best_val_utility;  /* mean utility per step on validation, NaN without */
    double final_train_utility;
    double seconds;
} oco_oobc_train_report;

/* Train m (laau or rl) on train (val may be NULL) for class cls. Both data
 * sets must match the class and the model's N. report may be NULL. */
int oco_oobc_train(oco_oobc_model *m, const oco_oobc_class *cls, const oco_oobc_data *train,
                   const oco_oobc_data *val, const oco_oobc_train_opts *opts,
                   oco_oobc_train_report *report);

/* One episode through the model's policy: its loss Σ_t l(x_t, c_t) and
 * (grad != NULL) the exact gradient with respect to every weight
 * (nweights entries, overwritten). x (N·d, may be NULL) receives the
 * decisions. B[M], c[N·p]. Allocation-free after the first call with the
 * same model size (the model keeps its work space). */
int oco_oobc_episode_grad(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                          const double *c, double *loss, double *grad, double *x);

OCO_END_DECLS
#endif
