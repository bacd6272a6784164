/* One episode through a LAAU or RL model, and the exact gradient of its loss
 * Σ_t l(x_t, c_t) with respect to every weight (oobc_model.h
 * oco_oobc_episode_grad): seed 000 §5, eqs. (5)–(7) as corrected in
 * olp_laau.md §2.2 — reverse mode through the unrolled episode, including
 * the ∂x/∂b path of the layer and the network's own ∂f/∂b input path that
 * the printed eq. (7) drops (with the wrong sign on the g-term).
 *
 * Forward (t = 1..N, b_1 = B):
 *     b̃_t = max(b_t − (N − t)·r, r) (unroll.h),   u_t = (b_t/b_scale, c_t, (N − t)/N),
 *     laau: λ_t = φ(f_θ(u_t)) (t < N), λ_N = 0, φ the output map (softplus
 *           or exp, unroll.h);
 *           x_t = layer(c_t, λ_t, b̃_t) with ∂x/∂λ, ∂x/∂b (Prop. 5.1);
 *     rl:   x_t = lo + (min(hi, b̃_t) − lo)·σ(f_θ(u_t));
 *     b_{t+1} = b_t − g(x_t, c_t).
 * Reverse (b̄_{N+1} = 0, t = N..1):
 *     x̄_t = ∇l(x_t) − ∇g(x_t)ᵀ b̄_{t+1}
 *     laau: λ̄_t = (∂x/∂λ)ᵀ x̄_t,  z̄_t = φ'(z_t) ⊙ λ̄_t  (softplus' = σ, exp' = e^z)
 *     rl:   z̄_t = (∂x/∂z) x̄_t
 *     b̄_t = b̄_{t+1} + (∂x/∂b)ᵀ x̄_t + (∂f/∂b)ᵀ z̄_t
 *     θ̄  += (∂f/∂θ)ᵀ z̄_t                   (ordinary MLP backprop)
 * At t = N for laau, λ_N = 0 is a constant: no θ̄ and no ∂f/∂b term.
 * ∂b̃/∂b = I (the reserve is a constant), ∂u/∂b = diag(1/b_scale).
 *
 * The work space (per-step caches and derivatives for N steps) hangs on the
 * model (model_internal.h work/work_free), made on the first call, so later
 * calls allocate nothing. */
#include "oco/error.h"
#include "oco/oobc_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/ml/mlp.h"
#include "algorithms/ml/model_internal.h"
#include "algorithms/oobc/layer.h"
#include "algorithms/oobc/unroll.h"

typedef struct unroll_work {
    const oco_oobc_class *cls; /* the class lws was made for */
    oco__oobc_lws *lws;        /* laau's layer */
    size_t ncache;             /* doubles per step cache */
    double *cache;             /* N·ncache */
    double *z;                 /* N·nout: network outputs */
    double *lam;               /* N·M */
    double *x;                 /* N·d */
    double *dxl, *dxb;         /* N·d·M each (rl: ∂x/∂z, ∂x/∂b) */
    double *gl;                /* N·d: ∇l(x_t) */
    double *jac;               /* N·M·d: ∇g(x_t) */
    double *b, *beff, *g;      /* M each: the running budget, guarded, use */
    double *bbar, *xbar, *zbar, *din; /* M, d, nout, nin */
    double *mw;                /* 2·max_width */
    double *block;             /* every array above */
} unroll_work;

static void work_free(void *p)
{
    unroll_work *w = p;
    if (!w)
        return;
    oco__oobc_lws_free(w->lws);
    free(w->block);
    free(w);
}

/* The model's work space for class cls, made on first use (and its layer
 * remade only when the class object changes). */
static int work_get(oco_oobc_model *m, const oco_oobc_class *cls, unroll_work **out)
{
    unroll_work *w = m->work_free == work_free ? m->work : NULL;
    if (!w) {
        if (m->work && m->work_free)
            m->work_free(m->work);
        m->work = NULL;
        m->work_free = NULL;
        m->work_size = 0;
        const size_t N = m->N, d = m->d, M = m->M;
        const size_t nin = m->net.sizes[0], nout = m->net.sizes[m->net.nlayers];
        const size_t nc = oco__mlp_cache_size(&m->net);
        const size_t total = N * (nc + nout + M + d + 2 * d * M + d + M * d) + 3 * M + M + d +
                             nout + nin + 2 * m->net.max_width;
        w = calloc(1, sizeof *w);
        double *p = w ? calloc(total, sizeof *p) : NULL;
        if (!p) {
            free(w);
            return oco_set_error(OCO_ENOMEM, "oobc episode gradient: out of memory");
        }
        w->block = p;
        w->ncache = nc;
        w->cache = p, p += N * nc;
        w->z = p, p += N * nout;
        w->lam = p, p += N * M;
        w->x = p, p += N * d;
        w->dxl = p, p += N * d * M;
        w->dxb = p, p += N * d * M;
        w->gl = p, p += N * d;
        w->jac = p, p += N * M * d;
        w->b = p, p += M;
        w->beff = p, p += M;
        w->g = p, p += M;
        w->bbar = p, p += M;
        w->xbar = p, p += d;
        w->zbar = p, p += nout;
        w->din = p, p += nin;
        w->mw = p;
        m->work = w;
        m->work_free = work_free;
        m->work_size = sizeof *w + total * sizeof(double);
    }
    if (m->kind == OCO_OOBC_MODEL_LAAU && w->cls != cls) {
        oco__oobc_lws_free(w->lws);
        w->cls = NULL;
        w->lws = oco__oobc_lws_new(cls);
        if (!w->lws)
            return oco_last_error_code() ? oco_last_error_code() : OCO_ENOMEM;
        w->cls = cls;
    }
    *out = w;
    return OCO_OK;
}

static int check_args(const oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                      const double *c, const double *loss)
{
    if (!m || !cls || !B || !c || !loss)
        return oco_set_error(OCO_EINVAL, "oobc episode gradient: NULL %s",
                             !m     ? "model"
                             : !cls ? "class"
                             : !B   ? "budgets"
                             : !c   ? "contexts"
                                    : "loss");
    int rc = oco_oobc_model_matches(m, m->kind, cls, m->N);
    if (rc)
        return rc;
    for (size_t k = 0; k < cls->M; ++k) {
        if (!(isfinite(B[k]) && B[k] > 0))
            return oco_set_error(OCO_EINVAL,
                                 "oobc episode gradient: budget B[%zu] = %g must be finite and > 0",
                                 k, B[k]);
        /* the wrapper's rule (oobc.c): below N·reserve the guard cannot hold */
        if (B[k] < (double)m->N * cls->reserve[k])
            return oco_set_error(OCO_EINVAL,
                                 "oobc episode gradient: budget B[%zu] = %g is below N·reserve = %g",
                                 k, B[k], (double)m->N * cls->reserve[k]);
    }
    return OCO_OK;
}

/* Forward pass: fills w (x, derivatives, caches) and the loss. with_grad:
 * keep what the reverse pass needs (layer derivatives, ∇l, ∇g). fixed_lam
 * >= 0: laau with the constant multiplier fixed_lam (no network; zsum as in
 * unroll.h), else the network. */
static int forward(oco_oobc_model *m, const oco_oobc_class *cls, unroll_work *w, const double *B,
                   const double *c, int with_grad, double fixed_lam, double *zsum,
                   double *loss)
{
    const size_t N = m->N, d = m->d, M = m->M, p = m->p;
    const size_t nout = m->net.sizes[m->net.nlayers];
    const int laau = m->kind == OCO_OOBC_MODEL_LAAU;
    const double *beta_out = m->weights + m->net.nparams - nout; /* the output bias */
    double total = 0;
    memcpy(w->b, B, M * sizeof *B);
    for (size_t t = 0; t < N; ++t) {
        const double *ct = c + t * p;
        double *xt = w->x + t * d, *lam = w->lam + t * M, *z = w->z + t * nout;
        double *dxl = w->dxl + t * d * M, *dxb = w->dxb + t * d * M;
        double *cache = w->cache + t * w->ncache;
        oco__oobc_guard(cls, N, t, w->b, w->beff);
        const int last = t + 1 == N;
        if (fixed_lam >= 0) {
            for (size_t k = 0; k < M; ++k)
                lam[k] = last ? 0.0 : fixed_lam;
            if (zsum && !last) {
                /* the network's output at this state, less its bias */
                oco__oobc_model_input(m, w->b, ct, t + 1, w->din);
                oco__mlp_forward(&m->net, m->weights, w->din, z, NULL, w->mw);
                for (size_t k = 0; k < nout; ++k)
                    zsum[k] += z[k] - beta_out[k];
            }
        } else if (!(laau && last)) {
            oco__oobc_model_input(m, w->b, ct, t + 1, w->din);
            oco__mlp_forward(&m->net, m->weights, w->din, z, cache, NULL);
        }
        int rc;
        if (laau) {
            if (fixed_lam < 0) {
                for (size_t k = 0; k < M; ++k) /* §2.2: λ_N = 0 */
                    lam[k] = last ? 0.0 : oco__oobc_lambda_map(m->output, z[k], NULL);
            }
            rc = oco__oobc_lws_solve(w->lws, ct, lam, w->beff, NULL, xt,
                                     with_grad ? dxl : NULL, with_grad ? dxb : NULL);
        } else {
            xt[0] = oco__oobc_rl_map(cls->lo[0], cls->hi[0], w->beff[0], z[0], dxl, dxb);
            rc = 0;
        }
        if (rc)
            return rc;
        double f = 0;
        if ((rc = cls->loss(cls, ct, xt, &f, with_grad ? w->gl + t * d : NULL, NULL)) ||
            (rc = cls->use(cls, ct, xt, w->g, with_grad ? w->jac + t * M * d : NULL, NULL)))
            return rc;
        total += f;
        oco__oobc_draw(M, w->b, w->g);
    }
    *loss = total;
    return OCO_OK;
}

/* Reverse mode through the unrolled episode (header comment). */
static void reverse(oco_oobc_model *m, unroll_work *w, double *grad)
{
    const size_t N = m->N, d = m->d, M = m->M;
    const size_t nout = m->net.sizes[m->net.nlayers];
    const int laau = m->kind == OCO_OOBC_MODEL_LAAU;
    memset(grad, 0, m->net.nparams * sizeof *grad);
    memset(w->bbar, 0, M * sizeof *w->bbar); /* b̄_{N+1} = 0 */
    for (size_t t = N; t-- > 0;) {
        const double *jac = w->jac + t * M * d, *gl = w->gl + t * d;
        const double *dxl = w->dxl + t * d * M, *dxb = w->dxb + t * d * M;
        /* x̄_t = ∇l(x_t) − ∇g(x_t)ᵀ b̄_{t+1}: b_{t+1} = b_t − g(x_t) */
        for (size_t j = 0; j < d; ++j) {
            double s = gl[j];
            for (size_t k = 0; k < M; ++k)
                s -= jac[k * d + j] * w->bbar[k];
            w->xbar[j] = s;
        }
        /* z̄_t through λ (laau) or directly (rl); column k of dxl is ∂x/∂λ_k */
        const int net_used = !(laau && t + 1 == N);
        for (size_t k = 0; net_used && k < nout; ++k) {
            double s = 0;
            for (size_t j = 0; j < d; ++j)
                s += dxl[k * d + j] * w->xbar[j];
            double dphi = 1.0; /* rl: dxl already holds ∂x/∂z */
            if (laau)
                (void)oco__oobc_lambda_map(m->output, w->z[t * nout + k], &dphi);
            w->zbar[k] = s * dphi;
        }
        /* b̄_t = b̄_{t+1} + (∂x/∂b)ᵀ x̄_t (∂b̃/∂b = I) + (∂f/∂b)ᵀ z̄_t */
        for (size_t k = 0; k < M; ++k) {
            double s = 0;
            for (size_t j = 0; j < d; ++j)
                s += dxb[k * d + j] * w->xbar[j];
            w->bbar[k] += s;
        }
        if (net_used) {
            oco__mlp_backward(&m->net, m->weights, w->cache + t * w->ncache, w->zbar, grad,
                              w->din, w->mw);
            for (size_t k = 0; k < M; ++k)
                w->bbar[k] += w->din[k] / m->b_scale[k]; /* u = b/b_scale */
        }
    }
}

int oco_oobc_episode_grad(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                          const double *c, double *loss, double *grad, double *x)
{
    int rc = check_args(m, cls, B, c, loss);
    unroll_work *w = NULL;
    if (rc || (rc = work_get(m, cls, &w)))
        return rc;
    if ((rc = forward(m, cls, w, B, c, grad != NULL, -1.0, NULL, loss)))
        return rc;
    if (x)
        memcpy(x, w->x, m->N * m->d * sizeof *x);
    if (grad)
        reverse(m, w, grad);
    return OCO_OK;
}

int oco__oobc_episode_fixed(oco_oobc_model *m, const oco_oobc_class *cls, const double *B,
                            const double *c, double lambda, double *loss, double *zsum)
{
    int rc = check_args(m, cls, B, c, loss);
    unroll_work *w = NULL;
    if (rc || (rc = work_get(m, cls, &w)))
        return rc;
    if (m->kind != OCO_OOBC_MODEL_LAAU || !(lambda >= 0 && isfinite(lambda)))
        return oco_set_error(OCO_EINVAL, "oobc fixed-multiplier episode: needs a laau model and "
                                         "a finite lambda >= 0");
    return forward(m, cls, w, B, c, 0, lambda, zsum, loss);
}
