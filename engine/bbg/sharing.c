/* sharing.c -- complete data sharing (Bergemann, Bonatti, Gan (2022), §3).
 *
 * Closed forms for the three posterior variances, the gain G (eq. 23), the
 * surplus changes of Prop 1, the data externality (eq. 31), the payments and the
 * intermediary's revenue (eq. 30).  Each is checked in tests against the general
 * evaluator (evaluator.c) with N explicit signals. */
#include <math.h>
#include "bbg.h"

/* var ŵ_i(s) with C = σ_θ² + σ_ε², D = σ_θi² + σ_εi² (by Gaussian
 * conditioning; docs/models/bbg.md):
 *   [Nσ_θ⁴ + 2σ_θ²σ_θi² + σ_θi⁴ - C(Nσ_θ² + σ_θi²)²/(D + NC)] / D,
 * rewritten without the 1/D singularity (D = 0 at α = 1 with β = 1 or σ_e = 0):
 *   (Na² + 2ab + b²)/(D + NC) + (N-1) C b (b/D)/(D + NC),  a = σ_θ², b = σ_θi²,
 * where b/D ∈ [0, 1] is taken as 0 when D = 0 (then b = 0 too). */
double bbg_var_s(const bbg_prim *p, double extra_common)
{
    double N = p->N, a = p->th2, b = p->thi2;
    double C = p->th2 + p->ep2 + extra_common, D = p->thi2 + p->epi2;
    double den = D + N * C;
    double bd = D > 0.0 ? b / D : 0.0;
    return (N * a * a + 2.0 * a * b + b * b) / den + (N - 1.0) * C * b * bd / den;
}

/* eq. (25): var ŵ_i(s_i) = σ_w⁴/(σ_w² + σ_e²). */
double bbg_var_si(const bbg_prim *p)
{
    return p->sw2 * p->sw2 / (p->sw2 + p->se2);
}

/* var ŵ_i(s_-i) = σ_θ⁴ (N-1)/(D + (N-1)C); 0 for N = 1 (no other signal). */
double bbg_var_smi(const bbg_prim *p, double extra_common)
{
    double N = p->N;
    if (N < 2.0 || p->th2 <= 0.0)
        return 0.0;
    double C = p->th2 + p->ep2 + extra_common, D = p->thi2 + p->epi2;
    return p->th2 * p->th2 * (N - 1.0) / (D + (N - 1.0) * C);
}

double bbg_sharing_R(const bbg_prim *p)
{
    return p->N / 8.0 * (3.0 * bbg_var_smi(p, 0.0) - bbg_var_s(p, 0.0));
}

void bbg_sharing(const bbg_prim *p, double extra_common, bbg_cs *cs)
{
    double vs = bbg_var_s(p, extra_common);
    double vi = bbg_var_si(p);
    double vm = bbg_var_smi(p, extra_common);
    cs->var_s = vs;
    cs->var_si = vi;
    cs->var_smi = vm;
    cs->G = vs - vi;                               /* eq. (23) */
    cs->dPi = 0.25 * vs;                           /* Prop 1 */
    cs->dU = 0.125 * vs - 0.5 * vi;
    cs->dW = 0.375 * vs - 0.5 * vi;
    cs->DE = 0.5 * (vs - 0.75 * vm - vi);          /* eq. (31) */
    cs->m_i = 0.375 * (vs - vm);                   /* m_i* (Section 3.4) */
    cs->m0 = p->N / 4.0 * vs;
    cs->R = p->N / 8.0 * (3.0 * vm - vs);          /* eq. (30) */
    cs->complements = vs - vm > vi;                /* eq. (32), var ŵ_i(∅) = 0 */
}
