/* Internal: the definition of oco_oobc_model (include/oco/oobc_model.h), for
 * the code that builds, trains and plays it (src/algorithms/ml,
 * src/algorithms/oobc). Users see only the opaque type.
 *
 * A model is the network f_θ of LAAU or of its RL baseline (seed 000 §4–5,
 * olp_laau.md §2.2–2.3, §2.5) together with what it was built for (kind,
 * class name and dimensions, N), its input normaliser b_scale, the label of
 * its training data and a summary of its training. Everything except the
 * trainer's work space is saved in the model file (model_io.c). */
#ifndef OCO_ALGORITHMS_ML_MODEL_INTERNAL_H
#define OCO_ALGORITHMS_ML_MODEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "algorithms/ml/mlp.h"
#include "oco/oobc_model.h"

/* What training did (the file's "training" object; all zero / NaN for an
 * untrained model). Written by the trainer, saved and restored verbatim. */
typedef struct oco__oobc_training {
    size_t epochs;           /* epochs run (online: passes, i.e. 1); 0 = untrained */
    size_t best_epoch;       /* epoch whose weights were kept (0: the last / none) */
    double best_val_utility; /* mean utility per step on validation; NaN without
                                one (the file holds null) */
    uint64_t seed;           /* the training seed (shuffling) */
    double seconds;          /* wall time of training */
} oco__oobc_training;

struct oco_oobc_model {
    oco_oobc_model_kind kind; /* laau: outputs λ (M); rl: outputs x (d = M = 1) */
    char *problem;            /* the class name it was built for (owned) */
    size_t d, M, p;           /* the class's dimensions */
    size_t N;                 /* steps per episode */
    /* The network: n_0 = M + p + 1 inputs u_t = (b_t/b_scale, c_t, (N−t)/N),
     * n_L = M (laau) or d (rl) outputs before the output map. */
    oco__mlp net;
    oco_oobc_output output;   /* the output map, resolved (never DEFAULT): softplus
                                 or exp (laau), sigmoid (rl); oobc_model.h */
    double *weights;          /* net.nparams: W_0, β_0, W_1, ... (the file's order) */
    double *b_scale;          /* M: budget normaliser (> 0), default N·(budget_lo +
                                 budget_hi)/2 of the class (§2.3 [D]: 12.5·N) */
    char *data_label;         /* training data label, "" if untrained (owned) */
    oco__oobc_training training;
    /* The trainer's per-model work space (e.g. the caches of an unrolled
     * episode): attached by the trainer, freed by oco_oobc_model_free through
     * work_free (when not NULL), NOT copied by oco_oobc_model_clone (the
     * clone starts with work = NULL, work_size = 0, work_free = NULL). */
    void *work;
    size_t work_size;          /* bytes (informational, e.g. for memory reports) */
    void (*work_free)(void *); /* destructor of work */
};

/* A model with this shape and zero weights (training summary zero,
 * best_val_utility NaN, label ""). hidden[nhidden]; out: the output map
 * (DEFAULT: the kind's); b_scale[M] > 0 finite (required here). NULL +
 * OCO_EINVAL (bad sizes, rl with d or M != 1, unknown kind or activation,
 * an output map the kind does not accept) / OCO_ENOMEM. */
oco_oobc_model *oco__oobc_model_make(oco_oobc_model_kind kind, const char *problem, size_t d,
                                     size_t M, size_t p, size_t N, size_t nhidden,
                                     const size_t *hidden, oco_mlp_activation act,
                                     oco_oobc_output out, const double *b_scale);

/* The network input of oobc_model.h for the 1-based step t1 (1..N):
 * u[0..M) = b/b_scale, u[M..M+p) = c, u[M+p] = (N − t1)/N. b is the
 * remaining (unguarded) budget b_t. No allocation. */
void oco__oobc_model_input(const oco_oobc_model *m, const double *b, const double *c, size_t t1,
                           double *u);

/* FNV-1a 64 of the weights' IEEE-754 little-endian bytes (the file's
 * "weights_fnv1a64"), whatever the host's byte order. */
uint64_t oco__oobc_weights_fnv1a64(const double *w, size_t n);

#endif
