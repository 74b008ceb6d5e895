/* recommender.c -- the recommender system (Bergemann, Bonatti, Gan (2022),
 * §6.2, Prop 11).
 *
 * Consumer i's utility is (w_i - (y_i - t_i)² - p_i) q_i - q_i²/2: willingness to
 * pay w_i = θ + θ_i and location t_i = τ + τ_i, each common + idiosyncratic,
 * independent of each other; consumers know (w_i, t_i).  The producer (cost c,
 * absorbed into the mean μ - c) chooses a product characteristic y_i and a price
 * p_i from its information S.
 *
 * Derivation (checked by Monte Carlo in tests/unit/test_bbg_recommender.c).  With
 * ŵ = E[w_i|S], t̂ = E[t_i|S] and D = E[(t_i - t̂)²] = σ_t² - x, x = var E[t_i|S]
 * (Gaussian: t_i - t̂ is independent of S), the producer sets y_i = t̂ and
 * p_i = (ŵ - D)/2.  The three parts of demand q = (w - ŵ) - ((t - t̂)² - D) +
 * (ŵ - D)/2 are uncorrelated and var (t - t̂)² = 2D², so with V = var ŵ
 *   Π_i = ((μ - D)² + V)/4,   U_i = ½(σ_w² - V + 2D² + ((μ - D)² + V)/4),
 * and against no information (the paper's proof of Prop 11)
 *   ΔU = -⅜V + ¼μx + (9/8)(x² - 2σ_t² x),   ΔΠ = ¼V + ½μx + ¼(x² - 2σ_t² x),
 *   ΔW = -⅛V + g(x),   g(x) = (11/8)x² + (¾μ - (11/4)σ_t²)x.
 * The revenue R = N[ΔW(S) - ΔU(S_-i)] separates into a willingness-to-pay part
 * N[-⅛V + ⅜V_-i] and a location part N[g(x) - h(x_-i)], h(x) = ¼μx +
 * (9/8)(x² - 2σ_t²x).  Off-path variances do not depend on aggregation (others'
 * data reveal i's only through their mean), so the intermediary aggregates w
 * (smaller V) and, where g is increasing on [0, σ_t²] (μ >= (11/3)σ_t², footnote
 * 19), sells individual location data (largest x): Prop 11.  Each dimension can
 * also be left out (part = 0), which is how location data are traded while
 * market-level (aggregate) willingness-to-pay data are not. */
#include <math.h>
#include "bbg.h"

static double g_loc(double x, double mu, double st2)
{
    return 11.0 / 8.0 * x * x + (0.75 * mu - 2.75 * st2) * x;
}

static double h_loc(double x, double mu, double st2)
{
    return 0.25 * mu * x + 9.0 / 8.0 * (x * x - 2.0 * st2 * x);
}

/* var E[z_i | mean of N noiseless z's] and var E[z_i | the others' mean]. */
static void dim_vars(double N, double al, double s2, double *v_agg, double *v_mi)
{
    double a = al * s2, b = (1.0 - al) * s2;
    *v_agg = a + b / N;
    *v_mi = N >= 2.0 && a > 0.0 ? (N - 1.0) * a * a / ((N - 1.0) * a + b) : 0.0;
}

int bbg_recommender(const bbg_prim *p, double alpha_t, double st2, double mu,
                    bbg_rec_res *r)
{
    double N = p->N, Va, Vmi, Xa, Xmi;
    dim_vars(N, p->alpha, p->sw2, &Va, &Vmi);
    dim_vars(N, alpha_t, st2, &Xa, &Xmi);
    r->V[BBG_REC_NONE] = 0.0;
    r->V[BBG_REC_AGGREGATE] = Va;
    r->V[BBG_REC_INDIVIDUAL] = p->sw2;
    r->X[BBG_REC_NONE] = 0.0;
    r->X[BBG_REC_AGGREGATE] = Xa;
    r->X[BBG_REC_INDIVIDUAL] = st2;
    for (int k = 0; k < 3; k++) {
        double vmi = k == BBG_REC_NONE ? 0.0 : Vmi, xmi = k == BBG_REC_NONE ? 0.0 : Xmi;
        r->R_w[k] = N * (-0.125 * r->V[k] + 0.375 * vmi);
        r->R_t[k] = N * (g_loc(r->X[k], mu, st2) - h_loc(xmi, mu, st2));
        r->V_mi[k] = vmi;
        r->X_mi[k] = xmi;
    }
    r->gamma_mono = mu >= 11.0 / 3.0 * st2;
    /* best policy per dimension (ties to the coarser data); a part at or below
     * zero up to rounding is not traded */
    double zero = BBG_REV_ZERO * N * (p->sw2 + st2 * st2 + fabs(mu) * st2);
    r->best_w = BBG_REC_NONE;
    r->best_t = BBG_REC_NONE;
    for (int k = 1; k < 3; k++) {
        if (r->R_w[k] > zero && r->R_w[k] > r->R_w[r->best_w])
            r->best_w = k;
        if (r->R_t[k] > zero && r->R_t[k] > r->R_t[r->best_t])
            r->best_t = k;
    }
    r->R = r->R_w[r->best_w] + r->R_t[r->best_t];
    double dUw = -0.375 * r->V[r->best_w], x = r->X[r->best_t];
    double dUt = 0.25 * mu * x + 9.0 / 8.0 * (x * x - 2.0 * st2 * x);
    double dPi = 0.25 * r->V[r->best_w] + 0.5 * mu * x + 0.25 * (x * x - 2.0 * st2 * x);
    r->dU = dUw + dUt;
    r->dPi = dPi;
    r->dW = r->dU + r->dPi;
    r->m_i = (-0.375 * r->V_mi[r->best_w] + h_loc(r->X_mi[r->best_t], mu, st2)) - r->dU;
    r->m0 = N * dPi;
    return 1;
}
