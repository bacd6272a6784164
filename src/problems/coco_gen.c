/* The built-in constrained-OCO families (include/oco/coco_problem.h).
 *
 * Every round is drawn from ONE oco_rng stream, oco_rng_seed(seed, 0), in the
 * order written below, so rewind (re-seeding) replays bit-identical rounds and
 * the hindsight can replay instead of storing. Constants of a family that do
 * not change with t come from stream 1 of the same seed. U[a, b] is
 * oco_rng_uniform_range. Notation: x° = the centre of X (box centre, 0 for a
 * ball), R = sup_{x∈X} ‖x − x°‖ (half the box diagonal, the ball radius),
 * M = ‖x°‖ + R >= sup_{x∈X} ‖x‖. Every family has a point x_f ∈ X at which
 * every round's constraints are strictly negative (so the per-round and the
 * long-term benchmarks are both feasible with non-empty interior); it is
 * stored in p->xfeas and the margin is stated per family.
 *
 * llp-exp1  STAND-IN [D] of llp_sarkar.md A.7 (Exp 1 of seed 001 §VII-I;
 *           the paper's functions were not recovered, do not claim
 *           reproduction). X = [0, 1], d = k = 1. Per round: u_t ~ U[0.3, 1];
 *           f_t(x) = (x − 0.9)², g_t(x) = x − u_t. Perturbed form (seed 001
 *           (29)): g(x) = x (info.fixed_cons), b_t = −u_t.
 *           Bounds: G = 1.8, L_g = 1, g_max = 1 (x − u ∈ [−1, 0.7]),
 *           F = 0.81. x_f = 0: g_t(0) = −u_t <= −0.3.
 * llp-exp2  STAND-IN [D] for Exp 2: f(x) = (x − 0.9)² (time-invariant),
 *           w_t ~ U[−0.2, 0.2], g_t(x) = x − 0.5 + w_t; g(x) = x − 0.5,
 *           b_t = w_t. Bounds: G = 1.8, L_g = 1, g_max = 0.7, F = 0.81.
 *           x_f = 0: g_t(0) <= −0.3.
 * linear    per round: c_i ~ U[−1, 1] (i = 1..d), then for j = 1..k:
 *           a_{j,i} ~ U[−1, 1] (i = 1..d), s_j ~ U[0.05, 0.5];
 *           f_t(x) = ⟨c, x⟩, g_{t,j}(x) = ⟨a_j, x⟩ − b_j with
 *           b_j = ⟨a_j, x°⟩ + s_j‖a_j‖R, i.e. a random halfspace whose
 *           boundary is at distance s_j·R from x°.
 *           x_f = x°: g_{t,j}(x°) = −s_j‖a_j‖R <= −0.05‖a_j‖R.
 *           Bounds: ‖c‖ <= √d = G; ‖J‖ <= ‖J‖_F <= √(kd) = L_g;
 *           |g_j(x)| <= ‖a_j‖(R + 0.5R) so g_max = 1.5R√(kd); F = √d·M.
 * quadratic constant (stream 1): a drift direction e = n/‖n‖, n_i ~ N(0, 1).
 *           Per round: q_i ~ U[0.1, 1], v_i ~ U[−1, 1]/√d, u_i ~ U[−1, 1]/√d
 *           (i = 1..d, in that order, each vector in full), then the
 *           constraints exactly as `linear` (a_j, s_j). Q = diag(q) + vvᵀ
 *           (‖Q‖ <= 2, PD), z = x° + R(e + 0.5u) (‖z − x°‖ <= 1.5R): the
 *           targets scatter around a point of the boundary of the ball of
 *           radius R about x°, beyond every halfspace's boundary (at distance
 *           <= 0.5R from x°), so the constraints bind in both benchmarks;
 *           f_t(x) = ½(x − z)ᵀQ(x − z): P = Q, A = −Qz, b = −½zᵀQz.
 *           ‖x − z‖ <= 2.5R on X, so G = 5R, F = 6.25R² (f >= 0).
 *           L_g, g_max, x_f and margin as `linear`.
 * quadratic-constraints  the cost as `quadratic` (same e), then for j = 1..k:
 *           p_i ~ U[0, 1], w_i ~ U[−1, 1]/√d, a_i ~ U[−1, 1] (i = 1..d, each
 *           vector in full), s ~ U[0.05, 0.5]; P_j = diag(p) + wwᵀ (‖P_j‖ <= 2,
 *           PSD), m_j = s·R(‖a‖ + R),
 *           g_{t,j}(x) = ½(x − x°)ᵀP_j(x − x°) + ⟨a, x − x°⟩ − m_j
 *           (closed form: A_j = a − P_j x°, b_j = ⟨a, x°⟩ + m_j − ½x°ᵀP_j x°).
 *           x_f = x°: g_{t,j}(x°) = −m_j <= −0.05R(‖a‖ + R) <= −0.05R².
 *           ‖J_j‖ = ‖a + P_j(x − x°)‖ <= √d + 2R, L_g = √k(√d + 2R);
 *           |g_j| <= R² + √d·R + m_j <= 1.5R(R + √d), g_max = √k·1.5R(R + √d).
 * resource  X = [0, 1]^d only. Constants (stream 1): ρ_j ~ d·U[0.1, 0.3]
 *           (j = 1..k). Per round: v_i ~ U[0, 1] (i = 1..d), then
 *           w_{j,i} ~ U[0, 1] (j = 1..k, i = 1..d); f_t(x) = −⟨v, x⟩,
 *           g_{t,j}(x) = ⟨w_j, x⟩ − ρ_j. x_f = 0: g_{t,j}(0) = −ρ_j <= −0.1d.
 *           Bounds: G = √d, L_g = √(kd), |g_j| <= max(ρ_j, d − ρ_j) <= d so
 *           g_max = √k·d, F = d. */
#include "oco/coco_problem.h"

#include "oco/error.h"
#include "oco/linalg.h"

#include <math.h>
#include <string.h>

#include "problems/coco_problem_impl.h"

static double unif(oco_rng *r, double a, double b) { return oco_rng_uniform_range(r, a, b); }

int oco__coco_gen_init(oco_coco_problem *p)
{
    const size_t d = p->d, k = p->k;
    const double R = p->RX, M = oco_nrm2(p->center, d) + R;
    const double sd = sqrt((double)d), sk = sqrt((double)k), skd = sqrt((double)(k * d));
    oco_coco_problem_info *in = &p->info;
    in->alpha = 1; /* every family here is convex */
    switch (p->kind) {
    case OCO_COCO_PROBLEM_LLP_EXP1:
    case OCO_COCO_PROBLEM_LLP_EXP2: {
        int e1 = p->kind == OCO_COCO_PROBLEM_LLP_EXP1;
        /* f(x) = (x − 0.9)² = ½·2x² − 1.8x + 0.81: P = 2, A = −1.8, b = −0.81 */
        p->fP[0] = 2.0;
        p->fA[0] = -1.8;
        p->fb = -0.81;
        p->gA[0] = 1.0;
        p->fixA[0] = 1.0;
        p->fixb[0] = e1 ? 0.0 : 0.5;
        p->fixed = (oco_quad_map){1, 1, NULL, p->fixA, p->fixb};
        in->fixed_cons = &p->fixed;
        in->G = 1.8;
        in->L_g = 1.0;
        in->g_max = e1 ? 1.0 : 0.7;
        in->F = 0.81;
        p->xfeas[0] = 0.0;
        p->margin = 0.3;
        break;
    }
    case OCO_COCO_PROBLEM_LINEAR:
        in->G = sd;
        in->L_g = skd;
        in->g_max = 1.5 * R * skd;
        in->F = sd * M;
        oco_copy(p->center, p->xfeas, d);
        p->margin = 0.05 * R;
        break;
    case OCO_COCO_PROBLEM_QUADRATIC:
    case OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS: {
        oco_rng r;
        oco_rng_seed(&r, p->seed, 1);
        double nn = 0;
        while (!(nn > 0)) {
            for (size_t i = 0; i < d; ++i)
                p->dir[i] = oco_rng_normal(&r, 0, 1);
            nn = oco_nrm2(p->dir, d);
        }
        oco_scal(1.0 / nn, p->dir, d);
    }
        if (p->kind == OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS)
            goto qcons;
        in->G = 5 * R;
        in->L_g = skd;
        in->g_max = 1.5 * R * skd;
        in->F = 6.25 * R * R;
        oco_copy(p->center, p->xfeas, d);
        p->margin = 0.05 * R;
        break;
    qcons:
        in->G = 5 * R;
        in->L_g = sk * (sd + 2 * R);
        in->g_max = sk * 1.5 * R * (R + sd);
        in->F = 6.25 * R * R;
        oco_copy(p->center, p->xfeas, d);
        p->margin = 0.05 * R * R; /* m_j >= 0.05R(‖a‖ + R) >= 0.05R² */
        break;
    case OCO_COCO_PROBLEM_RESOURCE: {
        oco_rng r;
        oco_rng_seed(&r, p->seed, 1);
        for (size_t j = 0; j < k; ++j)
            p->rho[j] = (double)d * unif(&r, 0.1, 0.3);
        oco_fill(p->gb, k, 0.0);
        oco_copy(p->rho, p->gb, k);
        p->fb = 0.0;
        in->G = sd;
        in->L_g = skd;
        in->g_max = sk * (double)d;
        in->F = (double)d;
        oco_fill(p->xfeas, d, 0.0);
        p->margin = 0.1 * (double)d;
        break;
    }
    default:
        return oco_set_error(OCO_EINVAL, "coco problem: no generator for kind %d", (int)p->kind);
    }
    return OCO_OK;
}

/* g_{t,j}(x) = ⟨a_j, x⟩ − b_j, b_j = ⟨a_j, x°⟩ + s_j‖a_j‖R (`linear`). */
static void linear_cons(oco_coco_problem *p)
{
    const size_t d = p->d;
    for (size_t j = 0; j < p->k; ++j) {
        double *a = p->gA + j * d;
        for (size_t i = 0; i < d; ++i)
            a[i] = unif(&p->rng, -1, 1);
        double s = unif(&p->rng, 0.05, 0.5);
        p->gb[j] = oco_dot(a, p->center, d) + s * oco_nrm2(a, d) * p->RX;
    }
}

/* ½(x − z)ᵀQ(x − z), Q = diag(q) + vvᵀ, z = x° + R(e + 0.5u) (`quadratic`). */
static void quadratic_cost(oco_coco_problem *p)
{
    const size_t d = p->d;
    const double sd = sqrt((double)d);
    double *Q = p->fP, *v = p->fA, *z = p->tmp; /* fA holds v until A = −Qz */
    for (size_t i = 0; i < d; ++i)
        Q[i * d + i] = unif(&p->rng, 0.1, 1); /* the diagonal first: q */
    for (size_t i = 0; i < d; ++i)
        v[i] = unif(&p->rng, -1, 1) / sd;
    for (size_t i = 0; i < d; ++i)
        z[i] = p->center[i] + p->RX * (p->dir[i] + 0.5 * unif(&p->rng, -1, 1) / sd);
    for (size_t i = 0; i < d; ++i)
        for (size_t l = 0; l < d; ++l)
            Q[i * d + l] = (i == l ? Q[i * d + i] : 0.0) + v[i] * v[l];
    /* the diagonal entries were q_i; now q_i + v_i² (the loop read Q[ii] first) */
    double zQz = 0;
    for (size_t i = 0; i < d; ++i) {
        double qz = 0;
        for (size_t l = 0; l < d; ++l)
            qz += Q[i * d + l] * z[l];
        v[i] = -qz; /* A = −Qz overwrites v, no longer needed */
        zQz += z[i] * qz;
    }
    p->fb = -0.5 * zQz;
}

/* g_{t,j}(x) = ½(x − x°)ᵀP_j(x − x°) + ⟨a, x − x°⟩ − m_j (`quadratic-constraints`). */
static void quadratic_cons(oco_coco_problem *p)
{
    const size_t d = p->d;
    const double sd = sqrt((double)d), R = p->RX;
    const double *c = p->center;
    double *w = p->tmp;
    for (size_t j = 0; j < p->k; ++j) {
        double *P = p->gP + j * d * d, *A = p->gA + j * d;
        for (size_t i = 0; i < d; ++i)
            P[i * d + i] = unif(&p->rng, 0, 1);
        for (size_t i = 0; i < d; ++i)
            w[i] = unif(&p->rng, -1, 1) / sd;
        for (size_t i = 0; i < d; ++i)
            A[i] = unif(&p->rng, -1, 1); /* a */
        double s = unif(&p->rng, 0.05, 0.5);
        double m = s * R * (oco_nrm2(A, d) + R);
        for (size_t i = 0; i < d; ++i)
            for (size_t l = 0; l < d; ++l)
                P[i * d + l] = (i == l ? P[i * d + i] : 0.0) + w[i] * w[l];
        double ac = oco_dot(A, c, d), cPc = 0;
        for (size_t i = 0; i < d; ++i) {
            double pc = 0;
            for (size_t l = 0; l < d; ++l)
                pc += P[i * d + l] * c[l];
            cPc += c[i] * pc;
            A[i] -= pc;
        }
        p->gb[j] = ac + m - 0.5 * cPc;
    }
}

void oco__coco_gen_round(oco_coco_problem *p)
{
    const size_t d = p->d, k = p->k;
    switch (p->kind) {
    case OCO_COCO_PROBLEM_LLP_EXP1:
        p->gb[0] = unif(&p->rng, 0.3, 1.0); /* g_t(x) = x − u_t */
        break;
    case OCO_COCO_PROBLEM_LLP_EXP2:
        p->gb[0] = 0.5 - unif(&p->rng, -0.2, 0.2); /* g_t(x) = x − (0.5 − w_t) */
        break;
    case OCO_COCO_PROBLEM_LINEAR:
        for (size_t i = 0; i < d; ++i)
            p->fA[i] = unif(&p->rng, -1, 1);
        p->fb = 0.0;
        linear_cons(p);
        break;
    case OCO_COCO_PROBLEM_QUADRATIC:
        quadratic_cost(p);
        linear_cons(p);
        break;
    case OCO_COCO_PROBLEM_QUADRATIC_CONSTRAINTS:
        quadratic_cost(p);
        quadratic_cons(p);
        break;
    case OCO_COCO_PROBLEM_RESOURCE:
        for (size_t i = 0; i < d; ++i)
            p->fA[i] = -unif(&p->rng, 0, 1);
        for (size_t j = 0; j < k; ++j)
            for (size_t i = 0; i < d; ++i)
                p->gA[j * d + i] = unif(&p->rng, 0, 1);
        break;
    default:
        break;
    }
}
