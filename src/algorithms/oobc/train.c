/* Training of the LAAU and RL networks (oobc_model.h oco_oobc_train):
 * seed 000 §5 and §6 (offline: Adam on the mean episode loss, mini-batches
 * of 10, 5e-3 for 50 epochs then 2.5e-3 for 30 [S]) and Appendix A
 * Algorithm 2 (online: one pass over the episodes in order, one plain step
 * θ ← θ − ᾱ·∇_θ L after each). The gradient of an episode's loss is the
 * exact reverse mode of unroll.c.
 *
 * Initial output bias of an untrained laau model [D]: the output bias is set
 * so that the network's mean output over the states of the training sample
 * is φ⁻¹(λ*) (φ the output map: softplus⁻¹, or log for exp), λ* the best
 * common fixed multiplier (λ_t = λ*·1 for t < N) on at most
 * OCO__TRAIN_INIT_EPISODES training episodes, found on a
 * log grid and refined by golden-section search. Why: with zero bias the
 * untrained net's λ ≈ softplus(0) ≈ 0.69 is far off the problem's scale
 * (fairness needs λ ≈ c/x ≈ 0.02), so every x sits at a box bound where
 * ∂x/∂λ = 0 and no gradient flows. rl models keep the zero bias (x starts
 * in the middle of its range, where σ' is largest).
 *
 * Deterministic for a seed: the only randomness is the shuffling, drawn
 * from oco_rng stream OCO__TRAIN_STREAM of opts->seed. */
#include "oco/error.h"
#include "oco/oobc_model.h"
#include "oco/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/ml/mlp.h"
#include "algorithms/ml/model_internal.h"
#include "algorithms/oobc/unroll.h"
#include "core/clock.h"

/* Episodes of the initial-multiplier search: enough for the mean loss to
 * settle, few enough that the search costs less than an epoch [D]. */
#define OCO__TRAIN_INIT_EPISODES 200
/* ... fewer with the interior-point layer (no closed form), ~50x dearer */
#define OCO__TRAIN_INIT_EPISODES_IPM 40
/* The λ grid: 10^-4 .. 10^2, four points a decade [D]; golden-section
 * steps inside the best grid point's neighbours. */
#define OCO__TRAIN_GRID_LO (-4.0)
#define OCO__TRAIN_GRID_HI 2.0
#define OCO__TRAIN_GRID_PER_DECADE 4
#define OCO__TRAIN_GOLDEN_STEPS 16
#define OCO__TRAIN_STREAM 0x747261696eULL /* "train" */

oco_oobc_train_opts oco_oobc_train_opts_default(void)
{
    oco_oobc_train_opts o;
    memset(&o, 0, sizeof o);
    o.epochs = 80;     /* [S] 50 + 30 */
    o.epochs_lr1 = 50; /* [S] */
    o.lr1 = 5e-3;      /* [S] */
    o.lr2 = 2.5e-3;    /* [S] */
    o.batch = 10;      /* [S] */
    o.beta1 = 0.9;     /* [D] Kingma & Ba */
    o.beta2 = 0.999;
    o.eps = 1e-8;
    o.keep_best = 1;       /* [D] */
    o.online = 0;
    o.online_step = 1e-3;  /* [D] */
    o.seed = 1;
    o.progress = NULL;
    o.ctx = NULL;
    o.progress_every = 500;
    return o;
}

static int check_opts(const oco_oobc_train_opts *o)
{
    if (o->batch < 1)
        return oco_set_error(OCO_EINVAL, "oobc train: opts.batch must be >= 1");
    if (!(isfinite(o->lr1) && o->lr1 > 0 && isfinite(o->lr2) && o->lr2 > 0))
        return oco_set_error(OCO_EINVAL, "oobc train: opts.lr1 and opts.lr2 must be finite and > 0");
    if (!(o->beta1 >= 0 && o->beta1 < 1 && o->beta2 >= 0 && o->beta2 < 1))
        return oco_set_error(OCO_EINVAL, "oobc train: opts.beta1 and opts.beta2 must be in [0, 1)");
    if (!(isfinite(o->eps) && o->eps > 0))
        return oco_set_error(OCO_EINVAL, "oobc train: opts.eps must be finite and > 0");
    if (o->online && !(isfinite(o->online_step) && o->online_step > 0))
        return oco_set_error(OCO_EINVAL, "oobc train: opts.online_step must be finite and > 0");
    if (o->online && o->progress && o->progress_every < 1)
        return oco_set_error(OCO_EINVAL, "oobc train: opts.progress_every must be >= 1");
    return OCO_OK;
}

static const double *ep_B(const oco_oobc_data *d, size_t i) { return d->B + i * d->M; }
static const double *ep_c(const oco_oobc_data *d, size_t i) { return d->c + i * d->N * d->p; }

/* Mean utility per step (−loss/N) of the model's policy on d. */
static int utility(oco_oobc_model *m, const oco_oobc_class *cls, const oco_oobc_data *d,
                   double *u)
{
    double s = 0, f = 0;
    for (size_t i = 0; i < d->n; ++i) {
        int rc = oco_oobc_episode_grad(m, cls, ep_B(d, i), ep_c(d, i), &f, NULL, NULL);
        if (rc)
            return rc;
        s += f;
    }
    *u = d->n ? -s / ((double)d->n * (double)m->N) : NAN;
    return OCO_OK;
}

/* Mean loss of the fixed multiplier 10^e on the first n0 episodes. */
static int fixed_loss(oco_oobc_model *m, const oco_oobc_class *cls, const oco_oobc_data *d,
                      size_t n0, double e, double *out)
{
    double s = 0, f = 0;
    for (size_t i = 0; i < n0; ++i) {
        int rc = oco__oobc_episode_fixed(m, cls, ep_B(d, i), ep_c(d, i), pow(10.0, e), &f, NULL);
        if (rc)
            return rc;
        s += f;
    }
    *out = isfinite(s) ? s / (double)n0 : INFINITY;
    return OCO_OK;
}

/* The initial output bias of an untrained laau model (header comment). */
static int init_bias(oco_oobc_model *m, const oco_oobc_class *cls, const oco_oobc_data *d,
                     double *zsum)
{
    const size_t cap = cls->layer ? OCO__TRAIN_INIT_EPISODES : OCO__TRAIN_INIT_EPISODES_IPM;
    const size_t n0 = d->n < cap ? d->n : cap;
    const size_t nout = m->net.sizes[m->net.nlayers];
    if (m->N < 2 || n0 == 0)
        return OCO_OK; /* the network is never called (λ_N = 0 is forced) */
    const int ng = (int)((OCO__TRAIN_GRID_HI - OCO__TRAIN_GRID_LO) * OCO__TRAIN_GRID_PER_DECADE);
    const double h = 1.0 / OCO__TRAIN_GRID_PER_DECADE;
    double best = INFINITY, ebest = OCO__TRAIN_GRID_LO, f;
    int rc;
    for (int j = 0; j <= ng; ++j) {
        const double e = OCO__TRAIN_GRID_LO + j * h;
        if ((rc = fixed_loss(m, cls, d, n0, e, &f)))
            return rc;
        if (f < best) {
            best = f;
            ebest = e;
        }
    }
    /* golden section on [ebest − h, ebest + h] (log10 λ) */
    const double gr = 0.5 * (sqrt(5.0) - 1.0);
    double a = ebest - h, b = ebest + h;
    double x1 = b - gr * (b - a), x2 = a + gr * (b - a), f1, f2;
    if ((rc = fixed_loss(m, cls, d, n0, x1, &f1)) || (rc = fixed_loss(m, cls, d, n0, x2, &f2)))
        return rc;
    for (int it = 0; it < OCO__TRAIN_GOLDEN_STEPS; ++it) {
        if (f1 <= f2) {
            b = x2, x2 = x1, f2 = f1;
            x1 = b - gr * (b - a);
            if ((rc = fixed_loss(m, cls, d, n0, x1, &f1)))
                return rc;
        } else {
            a = x1, x1 = x2, f1 = f2;
            x2 = a + gr * (b - a);
            if ((rc = fixed_loss(m, cls, d, n0, x2, &f2)))
                return rc;
        }
    }
    if (f1 < best) {
        best = f1;
        ebest = x1;
    }
    if (f2 < best) {
        best = f2;
        ebest = x2;
    }
    /* mean network output (less its bias) over the states of λ* */
    memset(zsum, 0, nout * sizeof *zsum);
    for (size_t i = 0; i < n0; ++i)
        if ((rc = oco__oobc_episode_fixed(m, cls, ep_B(d, i), ep_c(d, i), pow(10.0, ebest), &f,
                                          zsum)))
            return rc;
    const double steps = (double)n0 * (double)(m->N - 1);
    double *beta = m->weights + m->net.nparams - nout;
    for (size_t k = 0; k < nout; ++k)
        beta[k] = oco__oobc_lambda_inv(m->output, pow(10.0, ebest)) - zsum[k] / steps;
    return OCO_OK;
}

static int check_grad(const double *g, size_t n, size_t episode)
{
    for (size_t k = 0; k < n; ++k)
        if (!isfinite(g[k]))
            return oco_set_error(OCO_ESOLVER,
                                 "oobc train: training episode %zu gave a non-finite gradient",
                                 episode + 1);
    return OCO_OK;
}

int oco_oobc_train(oco_oobc_model *m, const oco_oobc_class *cls, const oco_oobc_data *train,
                   const oco_oobc_data *val, const oco_oobc_train_opts *opts,
                   oco_oobc_train_report *report)
{
    if (!m || !cls || !train)
        return oco_set_error(OCO_EINVAL, "oobc train: NULL %s",
                             !m ? "model" : !cls ? "class" : "training data");
    const oco_oobc_train_opts o = opts ? *opts : oco_oobc_train_opts_default();
    int rc = check_opts(&o);
    if (rc || (rc = oco_oobc_model_matches(m, m->kind, cls, m->N)) ||
        (rc = oco_oobc_data_check(train, cls, m->N)) ||
        (val && (rc = oco_oobc_data_check(val, cls, m->N))))
        return rc;
    if (train->n == 0)
        return oco_set_error(OCO_EINVAL, "oobc train: the training data has no episodes");
    if (val && val->n == 0)
        val = NULL;
    const double t0 = oco__now_seconds();
    const size_t P = m->net.nparams, n = train->n, N = m->N;
    double *block = calloc(5 * P, sizeof *block);
    size_t *perm = calloc(n, sizeof *perm);
    if (!block || !perm) {
        free(block);
        free(perm);
        return oco_set_error(OCO_ENOMEM, "oobc train: out of memory");
    }
    double *grad = block, *gsum = block + P, *am = block + 2 * P, *av = block + 3 * P,
           *best = block + 4 * P;
    for (size_t i = 0; i < n; ++i)
        perm[i] = i;
    oco_rng rng;
    oco_rng_seed(&rng, o.seed, OCO__TRAIN_STREAM);
    oco__adam adam = {o.beta1, o.beta2, o.eps, 0};
    oco_oobc_train_report rep = {0, 0, NAN, NAN, 0};
    double f = 0;

    if (m->kind == OCO_OOBC_MODEL_LAAU && m->training.epochs == 0 &&
        (rc = init_bias(m, cls, train, gsum)))
        goto done;

    if (o.online) {
        /* Appendix A, Algorithm 2: θ ← θ − ᾱ∇_θL after each episode, in order */
        double s = 0;
        size_t since = 0;
        for (size_t i = 0; i < n; ++i) {
            if ((rc = oco_oobc_episode_grad(m, cls, ep_B(train, i), ep_c(train, i), &f, grad,
                                            NULL)) ||
                (rc = check_grad(grad, P, i)))
                goto done;
            for (size_t k = 0; k < P; ++k)
                m->weights[k] -= o.online_step * grad[k];
            s += f;
            ++since;
            const int report_now = o.progress && ((i + 1) % o.progress_every == 0 || i + 1 == n);
            if (report_now || i + 1 == n) {
                rep.final_train_utility = -s / ((double)since * (double)N);
                double vu = NAN;
                if (val && (rc = utility(m, cls, val, &vu)))
                    goto done;
                rep.best_val_utility = vu;
                s = 0;
                since = 0;
                /* online: the "epoch" passed to progress is the episode count */
                if (report_now &&
                    (rc = o.progress(o.ctx, i + 1, rep.final_train_utility, vu,
                                     oco__now_seconds() - t0)))
                    goto done;
            }
        }
        rep.epochs_run = 1;
        goto done;
    }

    for (size_t e = 1; e <= o.epochs; ++e) {
        const double lr = e <= o.epochs_lr1 ? o.lr1 : o.lr2; /* §2.3 [S] schedule */
        oco_rng_shuffle(&rng, perm, n, sizeof *perm);
        double s = 0;
        for (size_t start = 0; start < n; start += o.batch) {
            const size_t bs = n - start < o.batch ? n - start : o.batch;
            memset(gsum, 0, P * sizeof *gsum);
            for (size_t q = 0; q < bs; ++q) {
                const size_t i = perm[start + q];
                if ((rc = oco_oobc_episode_grad(m, cls, ep_B(train, i), ep_c(train, i), &f, grad,
                                                NULL)) ||
                    (rc = check_grad(grad, P, i)))
                    goto done;
                for (size_t k = 0; k < P; ++k)
                    gsum[k] += grad[k];
                s += f;
            }
            for (size_t k = 0; k < P; ++k)
                gsum[k] /= (double)bs; /* the mini-batch's mean episode loss */
            oco__adam_update(&adam, P, m->weights, gsum, lr, am, av);
        }
        rep.epochs_run = e;
        rep.final_train_utility = -s / ((double)n * (double)N);
        double vu = NAN;
        if (val && (rc = utility(m, cls, val, &vu)))
            goto done;
        if (o.keep_best && val && (rep.best_epoch == 0 || vu > rep.best_val_utility)) {
            rep.best_epoch = e;
            rep.best_val_utility = vu;
            memcpy(best, m->weights, P * sizeof *best);
        } else if (!(o.keep_best && val)) {
            rep.best_val_utility = vu;
        }
        if (o.progress &&
            (rc = o.progress(o.ctx, e, rep.final_train_utility, vu, oco__now_seconds() - t0)))
            goto done;
    }

done:
    if (!o.online && rep.best_epoch)
        memcpy(m->weights, best, P * sizeof *best); /* [D] the best validation epoch */
    rep.seconds = oco__now_seconds() - t0;
    if (rep.epochs_run) {
        m->training.epochs = rep.epochs_run;
        m->training.best_epoch = rep.best_epoch;
        m->training.best_val_utility = rep.best_val_utility;
        m->training.seed = o.seed;
        m->training.seconds = rep.seconds;
        int lrc = oco_oobc_model_set_data_label(m, train->label);
        if (!rc)
            rc = lrc;
    }
    if (report)
        *report = rep;
    free(block);
    free(perm);
    return rc;
}
