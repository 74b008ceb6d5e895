/* thresholds.c -- Theorem 1 (α*(β), β0(N)), Prop 3 (σ_e² thresholds), Prop 6
 * (profitability of optimal intermediation) and Prop 7 (β*(α, N)). */
#include <math.h>
#include "bbg.h"

#define BBG_SCAN 64
#define BBG_BISECT 64

/* Theorem 1.1: R > 0 iff α > α*(β).  Scans α on a grid for the first sign change
 * of the complete-sharing revenue, then bisects. */
double bbg_alpha_star(const bbg_prim *p, double beta)
{
    bbg_prim q;
    double lo = 0.0, hi = NAN;
    for (int k = 1; k <= BBG_SCAN; k++) {
        double al = (double)k / BBG_SCAN;
        bbg_prim_make(&q, p->N, al, beta, p->sw2, p->se2);
        if (bbg_sharing_R(&q) > 0.0) {
            hi = al;
            lo = (double)(k - 1) / BBG_SCAN;
            break;
        }
    }
    if (isnan(hi))
        return NAN;
    for (int it = 0; it < BBG_BISECT && hi - lo > BBG_BISECT_WIDTH; it++) {
        double mid = 0.5 * (lo + hi);
        bbg_prim_make(&q, p->N, mid, beta, p->sw2, p->se2);
        if (bbg_sharing_R(&q) > 0.0)
            hi = mid;
        else
            lo = mid;
    }
    return 0.5 * (lo + hi);
}

/* Theorem 1.2: on the diagonal α = β = t, G = 0 so var ŵ_i(s) = var ŵ_i(s_i) =
 * σ_w⁴/(σ_w²+σ_e²) and var ŵ_i(s_-i) = t²(N-1)σ_w⁴/((σ_w²+σ_e²)(1 + (N-2)t)); R = 0
 * iff 3(N-1)t² - (N-2)t - 1 = 0, whose root in (0, 1) depends on N only. */
double bbg_beta0(double N)
{
    if (N < 2.0)
        return NAN;
    double b = N - 2.0;
    return (b + sqrt(b * b + 12.0 * (N - 1.0))) / (6.0 * (N - 1.0));
}

/* Prop 6, eq. (39): (N(√3+1) - 1)/(2N(N+1) - 1) = 1/(1 + N(√3-1)). */
double bbg_prop6_alpha(double N)
{
    if (N < 2.0)
        return NAN;
    return 1.0 / (1.0 + N * (sqrt(3.0) - 1.0));
}

/* Prop 7: where σ_ξ* > 0 the optimal total common noise u = σ_ε² + σ_ξ*² solves
 * q((N-1)(a+u) + D) = p(N(a+u) + D) (see aggregate.c), so u is affine in
 * D = σ_θi² + σ_εi² with slope c1 = (p - q)/((N-1)(q - √3 N a)), p = √3(N-1)a,
 * q = Na + b.  Then σ_ξ*² = u - βσ_e² has slope c1(1-β) - β in σ_e², positive
 * iff β < β* = c1/(1 + c1) ∈ (0, 1).  Scale-free: a = α, b = 1 - α.  NaN below the
 * Prop 6 threshold (σ_ξ* infinite) and where c1 <= 0 (σ_ξ* = 0 for all σ_e², β). */
double bbg_prop7_beta_star(double N, double alpha)
{
    if (N < 2.0 || !(alpha > bbg_prop6_alpha(N)))
        return NAN;
    double a = alpha, b = 1.0 - alpha, r3 = sqrt(3.0);
    double pp = r3 * (N - 1.0) * a, q = N * a + b;
    double den = (N - 1.0) * (q - r3 * N * a);
    double c1 = (pp - q) / den;
    /* c1 <= 0: u = D c1 - a < 0, so σ_ξ* = 0 for every σ_e² and β (no threshold) */
    if (!(c1 > 0.0))
        return NAN;
    return c1 / (1.0 + c1);
}

static double prop3_f(const bbg_prim *p, double se2, int which)
{
    bbg_prim q;
    bbg_cs cs;
    bbg_prim_make(&q, p->N, p->alpha, p->beta, p->sw2, se2);
    bbg_sharing(&q, 0.0, &cs);
    return which ? cs.dU : cs.dW;
}

/* Prop 3.1: W(∅) < W(S) iff σ_e² > σ̲_e² and U(∅) < U(S) iff σ_e² > σ̄_e².  The
 * threshold is located on a log grid of σ_e²/σ_w² in [1e-8, 1e8] (the last
 * non-positive point) and refined by bisection in log σ_e². */
double bbg_prop3_threshold(const bbg_prim *p, int which)
{
    const int n = 161;
    double lmin = -8.0, lmax = 8.0;
    int last_bad = -1;
    for (int k = 0; k < n; k++) {
        double l = lmin + (lmax - lmin) * k / (n - 1);
        if (!(prop3_f(p, p->sw2 * pow(10.0, l), which) > 0.0))
            last_bad = k;
    }
    if (last_bad == n - 1)
        return INFINITY;
    if (last_bad < 0)
        return 0.0;
    double lo = lmin + (lmax - lmin) * last_bad / (n - 1);
    double hi = lmin + (lmax - lmin) * (last_bad + 1) / (n - 1);
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        if (prop3_f(p, p->sw2 * pow(10.0, mid), which) > 0.0)
            hi = mid;
        else
            lo = mid;
    }
    return p->sw2 * pow(10.0, 0.5 * (lo + hi));
}

int bbg_prop6_alpha_exact(const bbg_prim *p, double *alpha, dmx_err *e)
{
    bbg_prim q;
    double sx, R, lo = NAN, hi = NAN;
    int rc = DMX_OK;
    *alpha = NAN;
    if (p->N < 2.0)
        return DMX_OK;
    for (int k = 1; k <= 50; k++) {
        bbg_prim_make(&q, p->N, k / 50.0, p->beta, p->sw2, p->se2);
        if ((rc = bbg_agg_opt_exact(&q, &sx, &R, e)) != DMX_OK)
            return rc;
        if (R > 0.0) {
            hi = k / 50.0;
            lo = (k - 1) / 50.0;
            break;
        }
    }
    if (isnan(hi))
        return DMX_OK;
    for (int it = 0; it < 30; it++) {
        double mid = 0.5 * (lo + hi);
        bbg_prim_make(&q, p->N, mid, p->beta, p->sw2, p->se2);
        if ((rc = bbg_agg_opt_exact(&q, &sx, &R, e)) != DMX_OK)
            return rc;
        if (R > 0.0)
            hi = mid;
        else
            lo = mid;
    }
    *alpha = 0.5 * (lo + hi);
    return DMX_OK;
}

static int dW_loss(const bbg_prim *p, double alpha, double beta)
{
    bbg_prim q;
    bbg_cs cs;
    bbg_prim_make(&q, p->N, alpha, beta, p->sw2, p->se2);
    bbg_sharing(&q, 0.0, &cs);
    return !(cs.dW > 0.0);
}

/* Bisection between a point where f is `a_state` (at lo) and the other state (hi). */
static double refine_beta(const bbg_prim *p, double alpha, double lo, double hi)
{
    int slo = dW_loss(p, alpha, lo);
    for (int it = 0; it < 50; it++) {
        double mid = 0.5 * (lo + hi);
        if (dW_loss(p, alpha, mid) == slo)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Prop 2.1: ΔW <= 0 exactly for β in [β̲(α), β̄(α)] (an interval around α). */
void bbg_prop2_interval(const bbg_prim *p, double alpha, double *lo, double *hi)
{
    const int n = 100;
    int first = -1, last = -1;
    for (int k = 0; k <= n; k++)
        if (dW_loss(p, alpha, (double)k / n)) {
            if (first < 0)
                first = k;
            last = k;
        }
    if (first < 0) {
        *lo = *hi = NAN;
        return;
    }
    *lo = first == 0 ? 0.0 : refine_beta(p, alpha, (double)(first - 1) / n, (double)first / n);
    *hi = last == n ? 1.0 : refine_beta(p, alpha, (double)last / n, (double)(last + 1) / n);
}

static int complements_at(const bbg_prim *p, double alpha, double beta)
{
    bbg_prim q;
    bbg_cs cs;
    bbg_prim_make(&q, p->N, alpha, beta, p->sw2, p->se2);
    bbg_sharing(&q, 0.0, &cs);
    return cs.complements;
}

/* Prop 4: signals are complements iff α <= α̃(β) (α̃ ∈ [0, β]). */
double bbg_prop4_alpha_tilde(const bbg_prim *p, double beta)
{
    const int n = 100;
    if (!complements_at(p, 0.0, beta))
        return 0.0;
    int k = 1;
    while (k <= n && complements_at(p, (double)k / n, beta))
        k++;
    if (k > n)
        return 1.0;
    double lo = (double)(k - 1) / n, hi = (double)k / n;
    for (int it = 0; it < 50; it++) {
        double mid = 0.5 * (lo + hi);
        if (complements_at(p, mid, beta))
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
