/* Constants of the universal ensemble (seed 004, App. C.2 "Overall" and C.3;
 * universal.md §7). The theory preset computes the minimal constants that
 * satisfy §7.1 (Theorem 2) and §7.2 (Corollary 2) exactly; §7.3 lists the
 * values this must reproduce: (G, D, L) = (1, 1, 1) → λ1 = 1024, λ2 = 2048,
 * C0 = 8192, γ_sc = 18432, γ_c = 8200, S = 2049. */
#include <math.h>

#include "oco/error.h"
#include "algorithms/oco/universal_priv.h"
#include "oco/universal.h"

/* Smallest λ1 > 0 with λ1 ≥ c/(8G² + λ2) when λ2 = 2λ1, i.e. the positive
 * root of 2λ1² + 8G²λ1 − c = 0 [D: the coupled conditions of §7.1]. */
static double coupled_root(double G2, double c)
{
    return (-8.0 * G2 + sqrt(64.0 * G2 * G2 + 8.0 * c)) / 4.0;
}

static double max2(double a, double b) { return a > b ? a : b; }

/* C0, the γ's and S of a preset from given λ1, λ2 (§7.1 and the presets of
 * §7.3). The theory preset takes C0 as the smallest value meeting every §7.1
 * and §7.2 condition at these λ1, λ2; it does not check λ1's own conditions
 * (oco_universal_constants picks the minimal λ1, an override may not). */
static void derive(int preset, double G, double D, double L, int seed_gamma_exp, double l1,
                   double l2, oco_universal_consts *c)
{
    const double G2 = G * G, D2 = D * D, L2 = L * L;
    const double Gsc = G + D; /* §8: G_sc ≤ G + λ_i D with λ_i ≤ 1 */
    const double Gsc2 = Gsc * Gsc;
    c->lambda1 = l1;
    c->lambda2 = l2;
    switch (preset) {
    case OCO_UNIVERSAL_THEORY: {
        /* §7.1 */
        const double C2 = 4.0 * L2 + 32.0 * D2 * G2 * L2 + 8.0 * G2 * G2;
        const double C3 = (4.0 + 4.0 * L2) * Gsc2;
        const double C4 = 2.0 * D2 * L2 + 2.0 * G2 + 10.0 * D * L2;
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
        c->C0 = C0;
        c->gamma_sc = 8.0 * l2 + 512.0 * Gsc2;
        c->gamma_c = 4.0 * l2 + 8.0 * G2;
        /* §7.1 warning: the seed's 8G² + λ2 leaves a positive coefficient on
         * the base stability term; 4λ2 + 8G² cancels it. */
        c->gamma_exp = seed_gamma_exp ? 8.0 * G2 + l2 : 4.0 * l2 + 8.0 * G2;
        break;
    }
    case OCO_UNIVERSAL_PRACTICAL:
        /* §7.3 "plausible practical start" [D, unvalidated by the paper]:
         * C0 = 32 (Lemma 2 needs C0 ≥ 32), γ = max(8G², λ2) for every base.
         * This γ breaks the §7.1 cancellation rules (γ/4 ≥ λ2 + 2G²,
         * γ/8 ≥ λ2 + 64G_sc²): no part of the paper's analysis covers it. */
        c->C0 = 32.0;
        c->gamma_c = c->gamma_sc = c->gamma_exp = max2(8.0 * G2, l2);
        break;
    default:
        /* scaled, §7.3 last item: the structural relations of §7.1 at a small
         * scale: γ_c = γ_exp = 4λ2 + 8G², γ_sc = 8λ2 + 512G_sc²,
         * C0 = max(32, 8λ1D²). */
        c->gamma_c = c->gamma_exp = 4.0 * l2 + 8.0 * G2;
        c->gamma_sc = 8.0 * l2 + 512.0 * Gsc2;
        c->C0 = max2(32.0, 8.0 * l1 * D2);
        break;
    }
    /* §6.3: one scale for both meta layers, S = GD + λ2D² (λ2 ≥ λ1). */
    c->S = G * D + l2 * D2;
}

static int check_args(int preset, double G, double D, double L, const void *out)
{
    if (!out)
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: out is NULL");
    if (!(isfinite(G) && G > 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: G = %g must be > 0", G);
    if (!(isfinite(D) && D > 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: D = %g must be > 0", D);
    if (!(isfinite(L) && L >= 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: L = %g must be >= 0", L);
    if (preset != OCO_UNIVERSAL_THEORY && preset != OCO_UNIVERSAL_PRACTICAL &&
        preset != OCO_UNIVERSAL_SCALED)
        return oco_set_error(OCO_EINVAL,
                             "oco_universal_constants: preset = %d (0 practical, 1 theory, "
                             "2 scaled)",
                             preset);
    return OCO_OK;
}

int oco_universal_constants(int preset, double G, double D, double L, int seed_gamma_exp,
                            oco_universal_consts *out)
{
    int rc = check_args(preset, G, D, L, out);
    if (rc != OCO_OK)
        return rc;
    const double G2 = G * G, D2 = D * D, L2 = L * L;
    const double Gsc = G + D;
    const double Gsc2 = Gsc * Gsc;
    double l1;
    if (preset == OCO_UNIVERSAL_THEORY) {
        /* §7.1 */
        const double C2 = 4.0 * L2 + 32.0 * D2 * G2 * L2 + 8.0 * G2 * G2;
        const double C3 = (4.0 + 4.0 * L2) * Gsc2;
        const double C4 = 2.0 * D2 * L2 + 2.0 * G2 + 10.0 * D * L2;
        l1 = max2(coupled_root(G2, 4.0 * C2), max2(32.0 * C3, 2.0 * C4));
        /* §7.2 (small loss): λ1 ≥ 128G_sc², 4G², 32G⁴/(8G²+λ2) */
        l1 = max2(l1, max2(128.0 * Gsc2, 4.0 * G2));
        l1 = max2(l1, coupled_root(G2, 32.0 * G2 * G2));
    } else {
        l1 = max2(L, 1.0); /* §7.3: λ1 = max(L, 1) */
    }
    /* λ2 = 2λ1, the smallest λ2 allowed by §7.1 */
    derive(preset, G, D, L, seed_gamma_exp, l1, 2.0 * l1, out);
    return OCO_OK;
}

int oco__universal_constants_at(int preset, double G, double D, double L, int seed_gamma_exp,
                                double lambda1, double lambda2, oco_universal_consts *out)
{
    int rc = check_args(preset, G, D, L, out);
    if (rc != OCO_OK)
        return rc;
    if (!(isfinite(lambda1) && lambda1 >= 0 && isfinite(lambda2) && lambda2 >= 0))
        return oco_set_error(OCO_EINVAL, "oco_universal_constants: lambda1 = %g, lambda2 = %g "
                                         "must be finite and >= 0",
                             lambda1, lambda2);
    derive(preset, G, D, L, seed_gamma_exp, lambda1, lambda2, out);
    return OCO_OK;
}
