/* limits.c -- large markets (paper Section 5.2, Theorem 4). */
#include <math.h>
#include "bbg.h"

/* Theorem 4.1: lim_{N→∞} N m_i = (3/4) σ_w² α(1-α)/(α + β σ_e²/σ_w²); 0 when α = 0. */
double bbg_limit_total_compensation(const bbg_prim *p)
{
    double den = p->alpha + p->beta * p->se2 / p->sw2;
    if (p->alpha <= 0.0 || den <= 0.0)
        return 0.0;
    return 0.75 * p->sw2 * p->alpha * (1.0 - p->alpha) / den;
}

/* Theorem 4.3 (proof): lim R/N = σ_w² α²/(4(α + β σ_e²/σ_w²)). */
double bbg_limit_revenue_per_consumer(const bbg_prim *p)
{
    double den = p->alpha + p->beta * p->se2 / p->sw2;
    if (p->alpha <= 0.0 || den <= 0.0)
        return 0.0;
    return p->sw2 * p->alpha * p->alpha / (4.0 * den);
}

/* N m_i = (3N/8)(var E[w_i|x̄] - var E[w_i|x̄_-i]) at the optimal common noise;
 * 0 when the intermediary stays out. */
double bbg_total_compensation_opt(const bbg_prim *p, double N)
{
    bbg_prim q;
    double sxi2, R;
    bbg_prim_make(&q, N, p->alpha, p->beta, p->sw2, p->se2);
    if (!bbg_agg_opt(&q, &sxi2, &R))
        return 0.0;
    return 0.375 * N * (bbg_var_xbar(&q, sxi2) - bbg_var_xbar_mi(&q, sxi2));
}
