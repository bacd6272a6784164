/* The tiny dense MLP of LAAU and its RL baseline (seed 000 §4, olp_laau.md
 * §2.2–2.3): shape, Glorot initialisation, forward pass with a cache,
 * exact reverse mode, Adam, and the stable output maps. See mlp.h.
 *
 * Parameter layout (the model file's order): for k = 0..L−1, W_k
 * (n_{k+1}×n_k, row-major) then β_k (n_{k+1}).
 * Cache layout: a_0 .. a_{L−1} (the inputs of every layer, Σ_k n_k doubles)
 * then z_0 .. z_{L−1} (the pre-activations, Σ_k n_{k+1} doubles); the
 * output is z_{L−1} (identity last layer). Nothing here allocates. */
#include "algorithms/ml/mlp.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "oco/error.h"

int oco__mlp_init(oco__mlp *net, size_t nin, size_t nhidden, const size_t *hidden, size_t nout,
                  oco_mlp_activation act)
{
    if (!net)
        return oco_set_error(OCO_EINVAL, "mlp: net is NULL");
    if (nhidden > OCO_OOBC_MODEL_MAX_HIDDEN)
        return oco_set_error(OCO_EINVAL, "mlp: %zu hidden layers (at most %d)", nhidden,
                             (int)OCO_OOBC_MODEL_MAX_HIDDEN);
    if (nhidden > 0 && !hidden)
        return oco_set_error(OCO_EINVAL, "mlp: hidden widths are NULL");
    if (nin == 0 || nout == 0)
        return oco_set_error(OCO_EINVAL, "mlp: %s size is 0", nin == 0 ? "input" : "output");
    if ((unsigned)act > (unsigned)OCO_MLP_SIGMOID)
        return oco_set_error(OCO_EINVAL, "mlp: unknown activation %d", (int)act);
    oco__mlp s;
    memset(&s, 0, sizeof s);
    s.nlayers = nhidden + 1;
    s.sizes[0] = nin;
    for (size_t k = 0; k < nhidden; k++) {
        if (hidden[k] == 0)
            return oco_set_error(OCO_EINVAL, "mlp: hidden layer %zu has width 0", k + 1);
        s.sizes[k + 1] = hidden[k];
    }
    s.sizes[s.nlayers] = nout;
    s.act = act;
    /* Widths are bounded so that the counts below cannot overflow. */
    const size_t cap = (size_t)1 << 20;
    for (size_t k = 0; k <= s.nlayers; k++) {
        if (s.sizes[k] > cap)
            return oco_set_error(OCO_EINVAL, "mlp: layer %zu has width %zu (at most %zu)", k,
                                 s.sizes[k], cap);
        if (s.sizes[k] > s.max_width)
            s.max_width = s.sizes[k];
    }
    for (size_t k = 0; k < s.nlayers; k++)
        s.nparams += s.sizes[k + 1] * (s.sizes[k] + 1);
    *net = s;
    return 0;
}

void oco__mlp_init_params(const oco__mlp *net, double *theta, oco_rng *rng)
{
    double *p = theta;
    for (size_t k = 0; k < net->nlayers; k++) {
        size_t ni = net->sizes[k], no = net->sizes[k + 1];
        /* Glorot & Bengio (2010) uniform; zero biases [D] (seed 000 gives no
         * initialisation; olp_laau.md §2.3 leaves it to the implementation). */
        double lim = sqrt(6.0 / (double)(ni + no));
        for (size_t i = 0; i < no * ni; i++)
            p[i] = oco_rng_uniform_range(rng, -lim, lim);
        p += no * ni;
        memset(p, 0, no * sizeof *p);
        p += no;
    }
}

size_t oco__mlp_cache_size(const oco__mlp *net)
{
    size_t s = 0;
    for (size_t k = 0; k < net->nlayers; k++)
        s += net->sizes[k] + net->sizes[k + 1];
    return s;
}

static double act_f(oco_mlp_activation a, double z)
{
    switch (a) {
    case OCO_MLP_RELU:
        return z > 0.0 ? z : 0.0;
    case OCO_MLP_SOFTPLUS:
        return oco__softplus(z);
    case OCO_MLP_SIGMOID:
        return oco__sigmoid(z);
    case OCO_MLP_TANH:
    default:
        return tanh(z);
    }
}

/* φ'(z) from z and y = φ(z) (whichever is cheaper and exact). */
static double act_df(oco_mlp_activation a, double z, double y)
{
    switch (a) {
    case OCO_MLP_RELU:
        return z > 0.0 ? 1.0 : 0.0; /* the subgradient 0 at the kink */
    case OCO_MLP_SOFTPLUS:
        return oco__sigmoid(z);
    case OCO_MLP_SIGMOID:
        return y * (1.0 - y);
    case OCO_MLP_TANH:
    default:
        return 1.0 - y * y;
    }
}

/* z = W a + β for one layer (W no×ni row-major, β right after it). */
static void affine(const double *W, size_t no, size_t ni, const double *a, double *z)
{
    const double *beta = W + no * ni;
    for (size_t i = 0; i < no; i++) {
        const double *w = W + i * ni;
        double s = beta[i];
        for (size_t j = 0; j < ni; j++)
            s += w[j] * a[j];
        z[i] = s;
    }
}

void oco__mlp_forward(const oco__mlp *net, const double *theta, const double *in, double *out,
                      double *cache, double *work)
{
    const size_t L = net->nlayers;
    const double *W = theta;
    if (cache) {
        /* a_k at cache + Σ_{j<k} n_j, z_k at cache + Σ_j n_j + Σ_{j<k} n_{j+1}. */
        size_t nin_total = 0;
        for (size_t k = 0; k < L; k++)
            nin_total += net->sizes[k];
        double *a = cache, *z = cache + nin_total;
        memcpy(a, in, net->sizes[0] * sizeof *a);
        for (size_t k = 0; k < L; k++) {
            size_t ni = net->sizes[k], no = net->sizes[k + 1];
            affine(W, no, ni, a, z);
            W += no * (ni + 1);
            if (k + 1 < L) {
                double *an = a + ni;
                for (size_t i = 0; i < no; i++)
                    an[i] = act_f(net->act, z[i]);
                a = an;
            } else {
                memcpy(out, z, no * sizeof *out);
            }
            z += no;
        }
        return;
    }
    /* Inference: ping-pong between the two halves of work. */
    double *buf[2] = {work, work + net->max_width};
    const double *a = in;
    for (size_t k = 0; k < L; k++) {
        size_t ni = net->sizes[k], no = net->sizes[k + 1];
        double *z = k + 1 < L ? buf[k & 1] : out;
        affine(W, no, ni, a, z);
        W += no * (ni + 1);
        if (k + 1 < L)
            for (size_t i = 0; i < no; i++)
                z[i] = act_f(net->act, z[i]);
        a = z;
    }
}

void oco__mlp_backward(const oco__mlp *net, const double *theta, const double *cache,
                       const double *dout, double *grad, double *din, double *work)
{
    const size_t L = net->nlayers;
    size_t nin_total = 0, off[OCO__MLP_MAX_LAYERS + 1], ain[OCO__MLP_MAX_LAYERS + 1],
           zoff[OCO__MLP_MAX_LAYERS + 1];
    size_t p = 0, zo = 0;
    for (size_t k = 0; k < L; k++) {
        off[k] = p; /* W_k at theta + off[k] */
        p += net->sizes[k + 1] * (net->sizes[k] + 1);
        ain[k] = nin_total;
        nin_total += net->sizes[k];
        zoff[k] = zo;
        zo += net->sizes[k + 1];
    }
    const double *zbase = cache + nin_total;
    /* delta = ∂L/∂z_k, dA = ∂L/∂a_k, alternating between the halves of work. */
    double *delta = work, *dA = work + net->max_width;
    memcpy(delta, dout, net->sizes[L] * sizeof *delta);
    for (size_t kk = L; kk-- > 0;) {
        size_t ni = net->sizes[kk], no = net->sizes[kk + 1];
        const double *W = theta + off[kk];
        const double *a = cache + ain[kk];
        if (grad) {
            double *gW = grad + off[kk], *gb = gW + no * ni;
            for (size_t i = 0; i < no; i++) {
                double di = delta[i];
                double *g = gW + i * ni;
                for (size_t j = 0; j < ni; j++)
                    g[j] += di * a[j];
                gb[i] += di;
            }
        }
        if (kk == 0 && !din)
            break;
        double *dst = kk == 0 ? din : dA;
        for (size_t j = 0; j < ni; j++)
            dst[j] = 0.0;
        for (size_t i = 0; i < no; i++) {
            double di = delta[i];
            const double *w = W + i * ni;
            for (size_t j = 0; j < ni; j++)
                dst[j] += w[j] * di;
        }
        if (kk == 0)
            break;
        /* a_kk = φ(z_{kk−1}): chain through the activation of layer kk−1. */
        const double *zp = zbase + zoff[kk - 1];
        for (size_t j = 0; j < ni; j++)
            dA[j] *= act_df(net->act, zp[j], a[j]);
        double *t = delta;
        delta = dA;
        dA = t;
    }
}

void oco__adam_update(oco__adam *a, size_t n, double *theta, const double *grad, double lr,
                      double *m, double *v)
{
    /* Kingma & Ba (2015) Algorithm 1, with bias-corrected moments. */
    a->step++;
    const double b1 = a->beta1, b2 = a->beta2;
    const double c1 = 1.0 - pow(b1, (double)a->step), c2 = 1.0 - pow(b2, (double)a->step);
    for (size_t i = 0; i < n; i++) {
        double g = grad[i];
        m[i] = b1 * m[i] + (1.0 - b1) * g;
        v[i] = b2 * v[i] + (1.0 - b2) * g * g;
        double mh = m[i] / c1, vh = v[i] / c2;
        theta[i] -= lr * mh / (sqrt(vh) + a->eps);
    }
}

double oco__softplus(double z)
{
    /* log(1 + e^z) = max(z, 0) + log1p(e^{−|z|}): no overflow for large z,
     * full precision for very negative z. */
    return (z > 0.0 ? z : 0.0) + log1p(exp(-fabs(z)));
}

double oco__sigmoid(double z)
{
    if (z >= 0.0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z); /* z < 0: no overflow */
    return e / (1.0 + e);
}

double oco__softplus_inv(double y)
{
    /* softplus(z) = y ⇔ z = log(e^y − 1) = y + log(1 − e^{−y}), accurate for
     * small y (expm1) and large y (no overflow). */
    return y + log(-expm1(-y));
}
