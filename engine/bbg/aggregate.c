/* aggregate.c -- optimal data intermediation (Bergemann, Bonatti, Gan (2022), §4; docs/models/bbg.md).
 *
 * The intermediary collects x_i = s_i + ξ + ξ_i, sells the aggregate x̄ (eq. 35)
 * and, by Theorem 3, adds no idiosyncratic noise (σ_ξi = 0) and a common noise
 * σ_ξ² >= 0 chosen to maximise R(x̄). */
#include <math.h>
#include "bbg.h"

/* var E[w_i | x̄] = (Nσ_θ² + σ_θi²)²/(N(NC' + D)), C' = σ_θ² + σ_ε² + σ_ξ². */
double bbg_var_xbar(const bbg_prim *p, double sxi2)
{
    if (isinf(sxi2))
        return 0.0;
    double N = p->N, a = p->th2, b = p->thi2;
    double C = a + p->ep2 + sxi2, D = b + p->epi2;
    double q = N * a + b;
    return q * q / (N * (N * C + D));
}

/* var E[w_i | x̄_-i] = (N-1)σ_θ⁴/((N-1)C' + D); 0 for N = 1. */
double bbg_var_xbar_mi(const bbg_prim *p, double sxi2)
{
    if (isinf(sxi2) || p->N < 2.0 || p->th2 <= 0.0)
        return 0.0;
    double N = p->N, a = p->th2;
    double C = a + p->ep2 + sxi2, D = p->thi2 + p->epi2;
    return (N - 1.0) * a * a / ((N - 1.0) * C + D);
}

/* Appendix (proof of Theorem 3): R(x̄) = (3N/8) var E[w_i|x̄_-i] - (N/8) var E[w_i|x̄]. */
double bbg_agg_R(const bbg_prim *p, double sxi2)
{
    return p->N / 8.0 * (3.0 * bbg_var_xbar_mi(p, sxi2) - bbg_var_xbar(p, sxi2));
}

/* R(t) = A/(a1 + (N-1)t) - B/(b1 + Nt) has dR/dt = 0 iff
 * √(BN)(a1 + (N-1)t) = √(A(N-1))(b1 + Nt), which is linear in t; with
 * p = √3(N-1)σ_θ² and q = Nσ_θ² + σ_θi² (both scaled by √(N/8)) the root is
 * t_s = (p b1 - q a1)/((N-1)q - Np).  R(∞) = 0, so the supremum over t >= 0 is at
 * 0, at t_s, or is 0 (no intermediation). */
int bbg_agg_opt(const bbg_prim *p, double *sxi2, double *R)
{
    double N = p->N, a = p->th2, b = p->thi2;
    double C = a + p->ep2, D = b + p->epi2;
    double best_t = 0.0, best_R = bbg_agg_R(p, 0.0);
    if (N >= 2.0) {
        double pp = sqrt(3.0) * (N - 1.0) * a, q = N * a + b;
        double a1 = (N - 1.0) * C + D, b1 = N * C + D;
        double den = (N - 1.0) * q - N * pp;
        if (den != 0.0) {
            double ts = (pp * b1 - q * a1) / den;
            if (ts > 0.0 && isfinite(ts)) {
                double Rs = bbg_agg_R(p, ts);
                if (Rs > best_R) {
                    best_R = Rs;
                    best_t = ts;
                }
            }
        }
    }
    /* a revenue that is zero up to rounding is no profitable intermediation */
    if (!(best_R > BBG_REV_ZERO * p->N * p->sw2)) {
        *sxi2 = INFINITY;
        *R = 0.0;
        return 0;
    }
    *sxi2 = best_t;
    *R = best_R;
    return 1;
}

/* Reduced factor model for consumer i's information {s_i, x̄} in O(1): θ, ε, ξ,
 * θ_i, ε_i and the means of the others' θ_j and ε_j (variances σ_θi²/(N-1),
 * σ_εi²/(N-1)); x̄ = s_i/N + ((N-1)/N)(θ + ε + θ̄_-i + ε̄_-i) + ξ. */
static int var_c_reduced(const bbg_prim *p, double sxi2, int deviate, double *V, dmx_err *e)
{
    double N = p->N, o = N > 1.0 ? 1.0 / (N - 1.0) : 0.0;
    double var[7] = {p->th2, p->ep2, isinf(sxi2) ? 0.0 : sxi2, p->thi2, p->epi2,
                     p->thi2 * o, p->epi2 * o};
    double t[7] = {1, 0, 0, 1, 0, 0, 0};
    double f = (N - 1.0) / N;
    double A[14] = {1, 1, 0, 1, 1, 0, 0,
                    1.0 / N + f, 1.0 / N + f, 1, 1.0 / N, 1.0 / N, f, f};
    if (deviate) { /* x̄_-i = θ + ε + ξ + θ̄_-i + ε̄_-i (absent for N = 1) */
        double B[7] = {1, 1, 1, 0, 0, 1, 1};
        for (int k = 0; k < 7; k++)
            A[7 + k] = B[k];
        return bbg_post_var(7, var, isinf(sxi2) || N < 2.0 ? 1 : 2, A, t, V, e);
    }
    return bbg_post_var(7, var, isinf(sxi2) ? 1 : 2, A, t, V, e);
}

int bbg_aggregate(const bbg_prim *p, double sxi2, bbg_agg *a, dmx_err *e)
{
    double N = p->N;
    a->sxi2 = sxi2;
    a->active = !isinf(sxi2);
    a->var_xbar = bbg_var_xbar(p, sxi2);
    a->var_xbar_mi = bbg_var_xbar_mi(p, sxi2);
    int rc = var_c_reduced(p, sxi2, 0, &a->var_c, e);
    if (rc == DMX_OK)
        rc = var_c_reduced(p, sxi2, 1, &a->var_c_mi, e);
    if (rc != DMX_OK)
        return rc;
    double vi = bbg_var_si(p);
    a->m_i = 0.375 * (a->var_xbar - a->var_xbar_mi);
    a->m0 = N / 4.0 * a->var_xbar;
    a->R = a->m0 - N * a->m_i;
    a->total_compensation = N * a->m_i;
    /* m_i = U(deviate) - U(participate) with U = ½V_c - ⅜V_p (evaluator.c): the paper's
     * proofs take V_c equal on and off path ("X ∪ S_i = X_-i ∪ S_i"), which holds
     * only without added noise; R_exact keeps the difference. */
    a->R_exact = a->m0 - N * (bbg_U(a->var_c_mi, a->var_xbar_mi) - bbg_U(a->var_c, a->var_xbar));
    if (!a->active)
        a->R_exact = 0.0;
    a->dU = bbg_U(a->var_c, a->var_xbar) - bbg_U(vi, 0.0);
    a->dPi = bbg_Pi(a->var_xbar);
    a->dW = a->dU + a->dPi;
    if (a->active) {
        bbg_cs cs;
        bbg_sharing(p, sxi2, &cs);
        a->R_individual = cs.R;
    } else {
        a->R_individual = 0.0;
    }
    return DMX_OK;
}

int bbg_agg_R_exact(const bbg_prim *p, double sxi2, double *R, dmx_err *e)
{
    double Vc, Vcm;
    int rc = var_c_reduced(p, sxi2, 0, &Vc, e);
    if (rc == DMX_OK)
        rc = var_c_reduced(p, sxi2, 1, &Vcm, e);
    if (rc != DMX_OK)
        return rc;
    double Vp = bbg_var_xbar(p, sxi2), Vpm = bbg_var_xbar_mi(p, sxi2);
    *R = p->N / 4.0 * Vp - p->N * (bbg_U(Vcm, Vpm) - bbg_U(Vc, Vp));
    return DMX_OK;
}

/* Grid over σ_ξ² ∈ {0} ∪ [1e-4, 1e4]·σ_w² (log, 97 points), then a golden-section
 * refinement in log σ_ξ² around the best grid point. */
int bbg_agg_opt_exact(const bbg_prim *p, double *sxi2, double *R, dmx_err *e)
{
    enum { NG = 96 };
    double best_R, best_l = -INFINITY;
    int rc = bbg_agg_R_exact(p, 0.0, &best_R, e), best_k = -1;
    for (int k = 0; rc == DMX_OK && k <= NG; k++) {
        double l = -4.0 + 8.0 * k / NG, v;
        rc = bbg_agg_R_exact(p, p->sw2 * pow(10.0, l), &v, e);
        if (rc == DMX_OK && v > best_R) {
            best_R = v;
            best_l = l;
            best_k = k;
        }
    }
    if (rc != DMX_OK)
        return rc;
    if (best_k >= 0) {
        const double g = (sqrt(5.0) - 1.0) / 2.0;
        double a = best_l - 8.0 / NG, b = best_l + 8.0 / NG;
        for (int it = 0; rc == DMX_OK && it < 40; it++) {
            double c = b - g * (b - a), d = a + g * (b - a), fc, fd;
            rc = bbg_agg_R_exact(p, p->sw2 * pow(10.0, c), &fc, e);
            if (rc == DMX_OK)
                rc = bbg_agg_R_exact(p, p->sw2 * pow(10.0, d), &fd, e);
            if (rc != DMX_OK)
                break;
            if (fc > fd)
                b = d;
            else
                a = c;
            if (fmax(fc, fd) > best_R) {
                best_R = fmax(fc, fd);
                best_l = fc > fd ? c : d;
            }
        }
        if (rc != DMX_OK)
            return rc;
    }
    if (!(best_R > BBG_REV_ZERO * p->N * p->sw2)) {
        *sxi2 = INFINITY;
        *R = 0.0;
        return DMX_OK;
    }
    *sxi2 = best_k >= 0 ? p->sw2 * pow(10.0, best_l) : 0.0;
    *R = best_R;
    return DMX_OK;
}
