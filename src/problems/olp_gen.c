/* OLP data generators, types 1..10 of olp_laau.md §1.10 (the group's
 * olpgetdata.m [C]): rand = U[0,1), randn = N(0,1), b = T·d.
 *
 * Order of random draws (fixed, so that a (seed, stream) names one instance):
 *   1. d_1..d_m, in resource order (no draw for types 6 and 7: d constant);
 *   2. for t = 1..T: a_t1..a_tm in resource order, then c_t (no draw when c
 *      or a is deterministic: type 4/7 a = 1, type 5 c = Σ a);
 *   type 8 instead draws its 10 base columns (a_k then c_k, k = 1..10), lays
 *   them out round-robin (order t gets column t mod 10) and then shuffles the
 *   T labels with one oco_rng_shuffle call.
 * d ~ U[1/3, 2/3] is computed as (U + 1)/3, the code's (rand(m,1)+1)/3. */
#include "oco/error.h"
#include "oco/olp.h"
#include "oco/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_desc[OCO_OLP_NTYPES] = {
    "type 1: a ~ U[0,2], c ~ U[0,2], d ~ U[1/3,2/3] (olp_laau.md §1.10)",
    "type 2: a ~ N(1,1), c = sum_i a_i - m*U[0,1], d ~ U[1/3,2/3]",
    "type 3: a = 1 + Cauchy (Student t_1) clipped to [-10,10], c = sum_i a_i - m*U[0,1], "
    "d ~ U[1/3,2/3]",
    "type 4: a = 1, c ~ U[0,1], d ~ U[1/3,2/3] (m = 1)",
    "type 5: a ~ N(0.5,1), c = sum_i a_i, d_i uniform on {0.2, 0.3}",
    "type 6: a = |1.5*U[0,1] - 0.5|, c = 10*U[0,1], d = 0.25",
    "type 7: a = 1, c ~ U[0,1], d = 1/2 (Lemma 7/8 example, gamma = 2, y* = 1/2; m = 1)",
    "type 8: 10 distinct columns a ~ U[0,1]^m, c ~ U[0,1], replicated and shuffled "
    "(finite support, gamma = 1), d ~ U[1/3,2/3]",
    "type 9: a = 1 + 5*U[0,1], c = 3*U[0,1], d ~ U[1/3,2/3]",
    "type 10: a = 5 + Beta(1,8), c = 5*U[0,1], d ~ U[1/3,2/3]",
};

const char *oco_olp_type_describe(int type)
{
    if (type < 1 || type > OCO_OLP_NTYPES)
        return NULL;
    return type_desc[type - 1];
}

/* Number of distinct (a, c) columns of type 8 (finite support, K = 10). */
enum { TYPE8_K = 10 };

static double sum(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* One order of types 1..7, 9, 10 into a_t[0..m) and *c_t, draws as in the
 * file comment. */
static void draw_order(int type, size_t m, oco_rng *rng, double *a_t, double *c_t)
{
    switch (type) {
    case 1:
        for (size_t i = 0; i < m; i++)
            a_t[i] = 2.0 * oco_rng_uniform(rng);
        *c_t = 2.0 * oco_rng_uniform(rng);
        break;
    case 2:
        for (size_t i = 0; i < m; i++)
            a_t[i] = oco_rng_normal(rng, 1.0, 1.0);
        *c_t = sum(a_t, m) - (double)m * oco_rng_uniform(rng);
        break;
    case 3:
        for (size_t i = 0; i < m; i++) {
            /* 1 + trnd(1), clipped: the clip keeps A2 (bounded data) true */
            double v = 1.0 + oco_rng_cauchy(rng);
            a_t[i] = v < -10.0 ? -10.0 : (v > 10.0 ? 10.0 : v);
        }
        *c_t = sum(a_t, m) - (double)m * oco_rng_uniform(rng);
        break;
    case 4:
    case 7:
        a_t[0] = 1.0;
        *c_t = oco_rng_uniform(rng);
        break;
    case 5:
        for (size_t i = 0; i < m; i++)
            a_t[i] = oco_rng_normal(rng, 0.5, 1.0);
        *c_t = sum(a_t, m);
        break;
    case 6:
        for (size_t i = 0; i < m; i++)
            a_t[i] = fabs(1.5 * oco_rng_uniform(rng) - 0.5);
        *c_t = 10.0 * oco_rng_uniform(rng);
        break;
    case 9:
        for (size_t i = 0; i < m; i++)
            a_t[i] = 1.0 + 5.0 * oco_rng_uniform(rng);
        *c_t = 3.0 * oco_rng_uniform(rng);
        break;
    case 10:
        for (size_t i = 0; i < m; i++)
            a_t[i] = 5.0 + oco_rng_beta(rng, 1.0, 8.0);
        *c_t = 5.0 * oco_rng_uniform(rng);
        break;
    default: /* type 8 is handled by the caller */
        break;
    }
}

/* Type 8: K base columns, round-robin over t, then one shuffle of the labels
 * (so every column appears floor(T/K) or ceil(T/K) times). */
static int fill_type8(oco_olp_instance *inst, oco_rng *rng)
{
    const size_t T = inst->T, m = inst->m;
    double *base_a = malloc(TYPE8_K * m * sizeof(double));
    unsigned char *label = malloc(T);
    if (!base_a || !label) {
        free(base_a);
        free(label);
        return oco_set_error(OCO_ENOMEM, "olp generate type 8: out of memory (T = %zu)", T);
    }
    double base_c[TYPE8_K];
    for (size_t k = 0; k < TYPE8_K; k++) {
        for (size_t i = 0; i < m; i++)
            base_a[k * m + i] = oco_rng_uniform(rng);
        base_c[k] = oco_rng_uniform(rng);
    }
    for (size_t t = 0; t < T; t++)
        label[t] = (unsigned char)(t % TYPE8_K);
    oco_rng_shuffle(rng, label, T, 1);
    for (size_t t = 0; t < T; t++) {
        inst->c[t] = base_c[label[t]];
        memcpy(inst->a + t * m, base_a + (size_t)label[t] * m, m * sizeof(double));
    }
    free(base_a);
    free(label);
    return OCO_OK;
}

oco_olp_instance *oco_olp_generate(int type, size_t m, size_t T, oco_rng *rng)
{
    if (type < 1 || type > OCO_OLP_NTYPES) {
        oco_set_error(OCO_EINVAL, "olp generate: unknown type %d (expected 1..%d)", type,
                      OCO_OLP_NTYPES);
        return NULL;
    }
    if (!rng) {
        oco_set_error(OCO_EINVAL, "olp generate: rng is NULL");
        return NULL;
    }
    if (m == 0 || T == 0) {
        oco_set_error(OCO_EINVAL, "olp generate: %s must be > 0 (got 0)", m == 0 ? "m" : "T");
        return NULL;
    }
    if ((type == 4 || type == 7) && m != 1) {
        oco_set_error(OCO_EINVAL, "olp generate: type %d has a = 1 and needs m = 1 (got m = %zu)",
                      type, m);
        return NULL;
    }
    oco_olp_instance *inst = oco_olp_instance_new(T, m);
    if (!inst)
        return NULL;

    /* 1. d, then b = T·d */
    static const double d5[2] = {0.2, 0.3};
    for (size_t i = 0; i < m; i++) {
        double d;
        switch (type) {
        case 5: d = d5[oco_rng_below(rng, 2)]; break;
        case 6: d = 0.25; break;
        case 7: d = 0.5; break;
        default: d = (oco_rng_uniform(rng) + 1.0) / 3.0; break;
        }
        inst->b[i] = (double)T * d;
    }

    /* 2. the orders */
    if (type == 8) {
        if (fill_type8(inst, rng) != OCO_OK) {
            oco_olp_instance_free(inst);
            return NULL;
        }
    } else {
        for (size_t t = 0; t < T; t++)
            draw_order(type, m, rng, inst->a + t * m, inst->c + t);
    }
    return inst;
}
