/* segmentation.c -- market segmentation (paper Section 5.3, Props 8-9).
 *
 * Two groups of N consumers, w_ij = θ_j + θ_ij (eq. 42), σ_θ² = α σ_w² within a
 * group, noiseless signals and no added noise (σ_e = σ_ξ = 0).  Group pricing:
 * the producer sees both group means; uniform pricing: only the overall mean. */
#include <math.h>
#include "bbg.h"

/* eq. (52): twice the one-group aggregate revenue (σ_e = σ_ξ = 0). */
double bbg_seg_R_group(double N, double alpha, double sw2)
{
    bbg_prim q;
    bbg_prim_make(&q, N, alpha, 0.0, sw2, 0.0);
    return 2.0 * bbg_agg_R(&q, 0.0);
}

/* Denominator var(Σ_{-ij} s) = (2N² - 2N + 1)σ_θ² + (2N - 1)σ_θi² (> 0). */
static double var_sum_others(double N, double a, double b)
{
    return (2.0 * N * N - 2.0 * N + 1.0) * a + (2.0 * N - 1.0) * b;
}

/* eq. (51): R = -(N σ_θ² + σ_θi²)/8 + (3N/16)(2N-1)²σ_θ⁴/var(Σ_{-ij} s). */
double bbg_seg_R_uniform(double N, double alpha, double sw2)
{
    double a = alpha * sw2, b = (1.0 - alpha) * sw2;
    return -(N * a + b) / 8.0 +
           3.0 * N / 16.0 * (2.0 * N - 1.0) * (2.0 * N - 1.0) * a * a / var_sum_others(N, a, b);
}

/* Same revenue when the deviating consumer is priced with the Bayes estimate:
 * the other 2N-1 signals hold N-1 of her own group, cov(w_ij, Σ_{-ij}) =
 * (N-1)σ_θ², so the off-path variance is (N-1)²σ_θ⁴/var(Σ_{-ij}) and
 * R = -(Nσ_θ² + σ_θi²)/8 + (3N/4)(N-1)²σ_θ⁴/var(Σ_{-ij}). */
double bbg_seg_R_uniform_bayes(double N, double alpha, double sw2)
{
    double a = alpha * sw2, b = (1.0 - alpha) * sw2;
    return -(N * a + b) / 8.0 + 0.75 * N * (N - 1.0) * (N - 1.0) * a * a / var_sum_others(N, a, b);
}

static double seg_gap(double N, double alpha, double sw2, int bayes)
{
    double Ru = bayes ? bbg_seg_R_uniform_bayes(N, alpha, sw2) : bbg_seg_R_uniform(N, alpha, sw2);
    return bbg_seg_R_group(N, alpha, sw2) - Ru;
}

/* Prop 8.1: the smallest integer N̄ with group pricing strictly more profitable
 * for every N in [N̄, nmax].
 *
 * Why bisection is exact here.  Write a = α σ_w², b = (1-α) σ_w² and
 * d(N) = R_group(N) - R_uniform(N).  Both revenues are homogeneous of degree 1 in
 * σ_w², so sign d depends on α only; take σ_w² = 1.  Multiplying d by the positive
 * denominators 16((N-1)a + b)((2N²-2N+1)a + (2N-1)b) gives a quartic P in N; in
 * m = N - 1 >= 0 its coefficients (highest first) are
 *   eq. (51):     8a³, 16a³, 3a(3a² + 6a - 4), 12a³ - a² - 4, (a - 1)(3a² + 2)
 *   Bayes price:  8a³, 28a³, 6a(2a² + 5a - 2), 2(7a² - 2), 2(a - 1).
 * The first two are positive and the last negative for 0 < a < 1.  When the third
 * is negative (a < 0.528 resp. 0.351) so is the fourth (negative for a < 0.722 resp.
 * 0.535), so the sequence changes sign exactly once and, by Descartes' rule of
 * signs, P has exactly one positive root: d <= 0 on [1, root] and d > 0 beyond.
 * (a = 0: d < 0 for every N; a = 1: d(1) = 0 and d > 0 for N > 1.)  So the set of
 * N where group pricing does not win is an initial interval, and its end is found
 * by bisection over the integers; tests compare with the linear scan on a grid. */
static double seg_threshold(double alpha, double sw2, double nmax, int bayes)
{
    if (!(seg_gap(nmax, alpha, sw2, bayes) > 0.0))
        return NAN;
    if (seg_gap(1.0, alpha, sw2, bayes) > 0.0)
        return 1.0;
    double lo = 1.0, hi = nmax; /* d(lo) <= 0 < d(hi) */
    while (hi - lo > 1.0) {
        double mid = floor(0.5 * (lo + hi));
        if (seg_gap(mid, alpha, sw2, bayes) > 0.0)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* The linear scan the bisection replaces (tests compare the two). */
double bbg_seg_threshold_scan(double alpha, double sw2, double nmax, int bayes)
{
    double last_bad = 0.0;
    for (double N = 1.0; N <= nmax; N += 1.0)
        if (!(seg_gap(N, alpha, sw2, bayes) > 0.0))
            last_bad = N;
    if (last_bad >= nmax)
        return NAN;
    return last_bad + 1.0;
}

double bbg_seg_threshold(double alpha, double sw2, double nmax)
{
    return seg_threshold(alpha, sw2, nmax, 0);
}

double bbg_seg_threshold_bayes(double alpha, double sw2, double nmax)
{
    return seg_threshold(alpha, sw2, nmax, 1);
}

/* ---- groups of different sizes N1, N2 (σ_e = σ_ξ = 0), generalising eqs. (51)-(52) ----
 *
 * With a = σ_θ², b = σ_θi², M = N1 + N2 and linear prices p (half the producer's
 * estimate), the intermediary's revenue is Σ_i [-½ var p_i + cov(w_i, p_i^-i) -
 * ½ var p_i^-i], where p_i^-i is the price consumer i faces when she does not sell
 * (m_0 = ΣΔΠ_i, m_i = U_i(S_-i) - U_i(S), consumers know w_i).  When p^-i is half
 * the Bayes estimate, cov(w_i, p^-i) = 2 var p^-i and this is the paper's
 * -½ Σ var p(S) + (3/2) Σ var p(S_-ij) (proof of Prop 8).
 *   Group pricing: p = s̄_j/2 in group j, Bayes off path: R = Σ_j R_agg(N_j) (eq. 52).
 *   Uniform pricing: p = s̄/2 for all, var s̄ = ((N1² + N2²)a + Mb)/M²; off path the
 *   producer sees Σ_-ij, with var Σ_-ij = (N_j - 1)²a + N_k²a + (M - 1)b.  The
 *   paper prices the deviator with E[(θ1 + θ2)/2 | Σ_-ij]/2 (her group unknown),
 *   generalised here to the prior weights N_j/M on θ_j, and keeps the
 *   (3/2) var p^-i accounting: this reproduces eq. (51) for N1 = N2.  The Bayes
 *   variant prices her with E[w_ij | Σ_-ij]/2 (group known), where the accounting
 *   is exact. */
static double seg2_uniform(double N1, double N2, double alpha, double sw2, int bayes)
{
    double a = alpha * sw2, b = (1.0 - alpha) * sw2, M = N1 + N2;
    double R = -((N1 * N1 + N2 * N2) * a + M * b) / (8.0 * M);
    double Ns[2] = {N1, N2};
    for (int j = 0; j < 2; j++) {
        double Nj = Ns[j], Nk = Ns[1 - j];
        double vs = (Nj - 1.0) * (Nj - 1.0) * a + Nk * Nk * a + (M - 1.0) * b;
        if (!(vs > 0.0))
            continue;            /* M = 1: no other signal, the deviator's price is flat */
        double c = bayes ? (Nj - 1.0) * a : (Nj / M * (Nj - 1.0) + Nk / M * Nk) * a;
        R += 1.5 * Nj * 0.25 * c * c / vs;
    }
    return R;
}

double bbg_seg2_R_group(double N1, double N2, double alpha, double sw2)
{
    return 0.5 * (bbg_seg_R_group(N1, alpha, sw2) + bbg_seg_R_group(N2, alpha, sw2));
}

double bbg_seg2_R_uniform(double N1, double N2, double alpha, double sw2)
{
    return seg2_uniform(N1, N2, alpha, sw2, 0);
}

double bbg_seg2_R_uniform_bayes(double N1, double N2, double alpha, double sw2)
{
    return seg2_uniform(N1, N2, alpha, sw2, 1);
}
