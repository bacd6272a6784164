/* The generic OCO runner (include/oco/oco_runner.h). */
#include "oco/oco_runner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "oco/error.h"

oco_learner_run_opts oco_learner_run_opts_default(void)
{
    oco_learner_run_opts o;
    memset(&o, 0, sizeof o);
    o.hindsight = 1;
    return o;
}

void oco_learner_setup_from_losses(const oco_loss_seq *seq, const oco_domain *dom,
                                   oco_learner_setup *setup)
{
    const oco_loss_info *in = oco_loss_seq_info(seq);
    *setup = oco_learner_setup_default();
    setup->d = oco_loss_seq_dim(seq);
    setup->domain = dom;
    setup->T = oco_loss_seq_horizon(seq);
    setup->G = in->G;
    setup->L = in->L;
    setup->lambda = in->lambda;
    setup->alpha = in->alpha;
}

int oco_learner_run(oco_learner *l, oco_loss_seq *seq, const oco_learner_run_opts *opts,
                    oco_learner_run_result *out)
{
    if (!l || !seq || !out)
        return oco_set_error(OCO_EINVAL, "oco run: NULL %s",
                             !l ? "learner" : !seq ? "loss sequence" : "result");
    oco_learner_run_opts def = oco_learner_run_opts_default();
    if (!opts)
        opts = &def;
    size_t d = oco_learner_dim(l);
    if (oco_loss_seq_dim(seq) != d)
        return oco_set_error(OCO_EINVAL, "oco run: learner dimension %zu, losses %zu", d,
                             oco_loss_seq_dim(seq));
    if (oco_learner_round(l) != 0)
        return oco_set_error(OCO_ESTATE, "oco run: the learner has already played %zu rounds",
                             oco_learner_round(l));
    memset(out, 0, sizeof *out);
    out->comparator = out->regret = out->VT = NAN;
    double *x = malloc(d * sizeof *x);
    if (!x)
        return oco_set_error(OCO_ENOMEM, "oco run: out of memory");
    oco_grad_oracle oracle = oco_loss_seq_oracle(seq);
    double s = 0, c = 0; /* Neumaier sum of the losses */
    int rc = OCO_OK;
    oco_loss_seq_rewind(seq);
    double t0 = oco__now_seconds();
    size_t T = oco_loss_seq_horizon(seq);
    for (size_t t = 1; t <= T; ++t) {
        if ((rc = oco_loss_seq_next(seq)) != OCO_OK)
            break;
        if ((rc = oco_learner_predict(l, NULL, x)) != OCO_OK)
            break;
        double v;
        oco_loss_seq_eval(seq, x, NULL, &v);
        if ((rc = oco_learner_update_oracle(l, &oracle)) != OCO_OK)
            break;
        double u = s + v;
        c += fabs(s) >= fabs(v) ? (s - u) + v : (v - u) + s;
        s = u;
        out->T = t;
        if (opts->on_round && (rc = opts->on_round(opts->ctx, t, x, v, s + c)) != OCO_OK)
            break;
    }
    out->seconds = oco__now_seconds() - t0;
    out->loss = s + c;
    out->grad_calls = oracle.calls;
    out->rounds_per_second = out->seconds > 0 ? (double)out->T / out->seconds : INFINITY;
    free(x);
    if (rc != OCO_OK)
        return rc;
    if (opts->hindsight) {
        oco_loss_hindsight h;
        double t1 = oco__now_seconds();
        rc = oco_loss_seq_hindsight(seq, NULL, &h);
        out->hindsight_seconds = oco__now_seconds() - t1;
        if (rc != OCO_OK)
            return rc;
        out->comparator = h.comparator;
        out->comparator_gap = h.gap;
        out->regret = out->loss - h.comparator;
        out->VT = h.VT;
        out->vt_exact = h.vt_exact;
    }
    return OCO_OK;
}
