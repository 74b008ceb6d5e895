/* quality.c -- quality pricing (Bergemann, Bonatti, Gan (2022), §6.1, Prop 10).
 *
 * The producer sets a price p_i and a quality y_i per consumer; consumer i buys
 * q_i = w_i + γ y_i - p_i (utility (w_i + γ y_i - p_i) q_i - q_i²/2) and the
 * producer earns Σ (p_i q_i - c q_i - y_i²/2).  As in the paper, consumers know
 * their own w_i (σ_e = 0) and the intermediary adds no noise.
 *
 * Derivation (checked by Monte Carlo in tests/unit/test_bbg_quality.c).  With
 * ŵ = E[w_i | S] the producer maximises (p - c)(ŵ + γy - p) - y²/2; the first-order
 * conditions ŵ + γy - 2p + c = 0 and y = γ(p - c) give, with k = 2 - γ² > 0,
 *   p - c = (ŵ - c)/k,   y = γ(ŵ - c)/k,   E[q | S] = (ŵ - c)/k
 * (a maximum iff the Hessian [[-2, γ], [γ, -1]] is negative definite, i.e. k > 0:
 * for γ >= √2 profit grows without bound along p - c = y/γ).  Then, with
 * V = var E[w_i | S] and K2 = (μ - c)²,
 *   Π_i = (K2 + V)/(2k),   U_i = ½(σ_w² - V) + (K2 + V)/(2k²),
 * so information changes surplus per consumer by
 *   ΔΠ = V/(2k),   ΔU = -V (1 - γ²)(3 - γ²)/(2k²),   ΔW = V (3γ² - γ⁴ - 1)/(2k²)
 * (the paper's proof of Prop 10).  ΔU > 0 iff γ > 1; ΔW > 0 iff γ > γ* =
 * √((3 - √5)/2).  The intermediary's revenue is R = W(S) - Π(∅) - Σ U_i(S_-i)
 * (m_0 = ΣΔΠ, m_i = U_i(S_-i) - U_i(S)), i.e.
 *   R = N [(a_Π + a_U) V - a_U V_-i],   a_Π = 1/(2k), a_U = -(1-γ²)(3-γ²)/(2k²),
 * with V_-i = var E[w_i | S_-i].  Aggregate (x̄) and individual data give the same
 * V_-i (others' data reveal w_i only through their mean) and V_agg < V_ind = σ_w²,
 * so aggregation pays iff a_Π + a_U < 0 iff γ < γ* (Prop 10). */
#include <math.h>
#include "bbg.h"

double bbg_quality_gamma_star(void)
{
    return sqrt((3.0 - sqrt(5.0)) / 2.0);
}

/* Per-consumer levels for information V (K2 = (μ - c)²). */
static void levels(double V, double sw2, double K2, double k, double *U, double *Pi)
{
    *Pi = (K2 + V) / (2.0 * k);
    *U = 0.5 * (sw2 - V) + (K2 + V) / (2.0 * k * k);
}

static void policy(bbg_quality_policy *pol, double N, double aPi, double aU, double V,
                   double Vmi)
{
    pol->V = V;
    pol->V_minus_i = Vmi;
    pol->dPi = aPi * V;
    pol->dU = aU * V;
    pol->dW = pol->dPi + pol->dU;
    pol->m_i = aU * (Vmi - V);
    pol->m0 = N * aPi * V;
    pol->total_compensation = N * pol->m_i;
    pol->R = pol->m0 - pol->total_compensation;
}

int bbg_quality(const bbg_prim *p, double gamma, double mu_minus_c, bbg_quality_res *q)
{
    double g2 = gamma * gamma, k = 2.0 - g2;
    if (!(gamma >= 0.0) || !(k > 0.0))
        return 0;
    bbg_prim z; /* σ_e = 0: consumers know w_i (§6.1) */
    bbg_prim_make(&z, p->N, p->alpha, p->beta, p->sw2, 0.0);
    double K2 = mu_minus_c * mu_minus_c;
    q->gamma = gamma;
    q->gamma_star = bbg_quality_gamma_star();
    q->aPi = 1.0 / (2.0 * k);
    q->aU = -(1.0 - g2) * (3.0 - g2) / (2.0 * k * k);
    levels(0.0, p->sw2, K2, k, &q->U_none, &q->Pi_none);
    levels(p->sw2, p->sw2, K2, k, &q->U_full, &q->Pi_full);
    double Vmi = bbg_var_smi(&z, 0.0);
    policy(&q->individual, p->N, q->aPi, q->aU, p->sw2, Vmi);
    policy(&q->aggregate, p->N, q->aPi, q->aU, bbg_var_xbar(&z, 0.0), Vmi);
    double Ra = q->aggregate.R, Ri = q->individual.R;
    double zero = BBG_REV_ZERO * p->N * p->sw2;
    if (!(fmax(Ra, Ri) > zero))
        q->choice = BBG_Q_NONE;
    else
        q->choice = Ra >= Ri ? BBG_Q_AGGREGATE : BBG_Q_INDIVIDUAL;
    return 1;
}
