/* Constants of the universal ensemble (seed 004, App. C.2 "Overall" and C.3;
 * universal.md §7). The theory preset computes the minimal constants that
 * satisfy §7.1 (Theorem 2) and §7.2 (Corollary 2) exactly; §7.3 lists the
 * values this must reproduce: (G, D, L) = (1, 1, 1) → λ1 = 1024, λ2 = 2048,
 * C0 = 8192, γ_sc = 18432, γ_c = 8200, S = 2049. */
#include <math.h>

#include "oco/error.h"
#include "oco/universal.h"

/* Smallest λ1 > 0 with λ1 ≥ c/(8G² + λ2) when λ2 = 2λ1, i.e. the positive
 * root of 2λ1² + 8G²λ1 − c = 0 [D: the coupled conditions of §7.1]. */
static double coupled_root(double G2, double c)
{
    return (-8.0 * G2 + sqrt(64.0 * G2 * G2 + 8.0 * c)) / 4.0;
}

static double max2(double a, double b) { return a > b ? a : b; }

int oco_universal_constants(int preset, double G, double D, double L, int seed_gamma_exp,
                            oco_universal_consts *out)
{
    if (!out)
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: out is NULL");
    if (!(isfinite(G) && G > 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: G = %g must be > 0", G);
    if (!(isfinite(D) && D > 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: D = %g must be > 0", D);
    if (!(isfinite(L) && L >= 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: L = %g must be >= 0", L);
    const double G2 = G * G, D2 = D * D, L2 = L * L;
    const double Gsc = G + D; /* §8: G_sc ≤ G + λ_i D with λ_i ≤ 1 */
    const double Gsc2 = Gsc * Gsc;
    oco_universal_consts c;
    switch (preset) {
    case OCO_UNIVERSAL_THEORY: {
        /* §7.1 */
        const double C2 = 4.0 * L2 + 32.0 * D2 * G2 * L2 + 8.0 * G2 * G2;
        const double C3 = (4.0 + 4.0 * L2) * Gsc2;
        const double C4 = 2.0 * D2 * L2 + 2.0 * G2 + 10.0 * D * L2;
        double l1 = max2(coupled_root(G2, 4.0 * C2), max2(32.0 * C3, 2.0 * C4));
        /* §7.2 (small loss): λ1 ≥ 128G_sc², 4G², 32G⁴/(8G²+λ2) */
        l1 = max2(l1, max2(128.0 * Gsc2, 4.0 * G2));
        l1 = max2(l1, coupled_root(G2, 32.0 * G2 * G2));
        const double l2 = 2.0 * l1;
        const double den = 8.0 * G2 + l2;
        double C0 = 1.0;
        C0 = max2(C0, 8.0 * l1 * D2);
        C0 = max2(C0, 128.0);
        C0 = max2(C0, 8.0 * C2 * D2 / den);
        C0 = max2(C0, 64.0 * D2 * C3);
        C0 = max2(C0, 8.0 * D);
        C0 = max2(C0, 4.0 * D2 * C4);
        /* §7.2 */
        C0 = max2(C0, 1044.0 * D2 * L);
        C0 = max2(C0, 256.0 * D2 * Gsc2);
        C0 = max2(C0, 8.0 * D2 * G2);
        C0 = max2(C0, 64.0 * D2 * G2 * G2 / den);
        c.C0 = C0;
        c.lambda1 = l1;
        c.lambda2 = l2;
        c.gamma_sc = 8.0 * l2 + 512.0 * Gsc2;
        c.gamma_c = 4.0 * l2 + 8.0 * G2;
        /* §7.1 warning: the seed's 8G² + λ2 leaves a positive coefficient on
         * the base stability term; 4λ2 + 8G² cancels it. */
        c.gamma_exp = seed_gamma_exp ? 8.0 * G2 + l2 : 4.0 * l2 + 8.0 * G2;
        break;
    }
    case OCO_UNIVERSAL_PRACTICAL: {
        /* §7.3 "plausible practical start" [D, unvalidated by the paper]:
         * C0 = 32 (Lemma 2 needs C0 ≥ 32), λ1 = max(L, 1), λ2 = 2λ1,
         * γ = max(8G², λ2) for every base. */
        c.C0 = 32.0;
        c.lambda1 = max2(L, 1.0);
        c.lambda2 = 2.0 * c.lambda1;
        c.gamma_c = c.gamma_sc = c.gamma_exp = max2(8.0 * G2, c.lambda2);
        break;
    }
    case OCO_UNIVERSAL_SCALED: {
        /* §7.3 last item: keep the structural relations of §7.1 at a small
         * scale: λ2 = 2λ1, γ_c = γ_exp = 4λ2 + 8G², γ_sc = 8λ2 + 512G_sc²,
         * C0 = max(32, 8λ1D²). */
        c.lambda1 = max2(L, 1.0);
        c.lambda2 = 2.0 * c.lambda1;
        c.gamma_c = c.gamma_exp = 4.0 * c.lambda2 + 8.0 * G2;
        c.gamma_sc = 8.0 * c.lambda2 + 512.0 * Gsc2;
        c.C0 = max2(32.0, 8.0 * c.lambda1 * D2);
        break;
    }
    default:
        return oco_set_error(OCO_EINVAL,
                             "oco_universal_constants: preset = %d (0 practical, 1 theory, "
                             "2 scaled)",
                             preset);
    }
    /* §6.3: one scale for both meta layers, S = GD + λ2D² (λ2 ≥ λ1). */
    c.S = G * D + c.lambda2 * D2;
    *out = c;
    return OCO_OK;
}
