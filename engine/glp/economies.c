/* economies.c -- the Lindahl economy of Section 5.2 (Definition 5, Proposition 5):
 * prices from the first-best duals and their certificate.  (Monopsony, Prop. 1,
 * and the data union, Prop. 4, are closed-form maps of the constrained-efficient
 * allocation and live in glp.c next to the table that shows them.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "glp.h"

/* Proof of Prop. 5: with μ(ω) ≥ 0 the duals of the caps Σ_a χ(a,ω) ≤ q̄(ω) in FB,
 * p*(a, ω) = μ(ω) + r(ω) − u(a, ω) makes v − p = (v + u − r) − μ, the Lagrangian
 * of FB, so the platform's problem (3) has value 0 at the efficient allocation. */
void glp_lindahl_prices(const glp_inst *g, const double *mu, double *p)
{
    for (int i = 0; i < g->n; i++)
        for (int j = 0; j < g->m; j++)
            p[i * g->m + j] = mu[i] + g->r[i] - g->u[i * g->m + j];
}

#define FAIL(...) do { if (*ok) { snprintf(why, nwhy, __VA_ARGS__); } *ok = 0; } while (0)

int glp_lindahl_certify(const glp_inst *g, const double *p, const double *chi, double tol,
                        int *ok, char *why, size_t nwhy, double *resid, dmx_err *e)
{
    int n = g->n, m = g->m, rc, bounded;
    double sc = 1, worst = 0, val;
    for (int i = 0; i < n; i++)
        sc = fmax(sc, fmax(g->qbar[i], g->w[i] * (1 + g->gu + g->gp) + g->r[i]));
    double t = tol * sc;
    *ok = 1;
    snprintf(why, nwhy, "Definition 5 (a), (b), (c) hold");
    /* (a) the platform's problem (3): bounded, value 0, attained at χ */
    rc = glp_platform_profit(g, p, &val, &bounded, e);
    if (rc != DMX_OK)
        return rc;
    double at = 0;
    for (int k = 0; k < n * m; k++)
        at += (g->v[k] - p[k]) * chi[k];
    if (!bounded) {
        FAIL("Def. 5(a) fails: the platform's problem (3) is unbounded at these prices");
    } else {
        worst = fmax(worst, fabs(val));
        if (fabs(val) > t)
            FAIL("Def. 5(a) fails: the platform's problem (3) has value %g, not 0", val);
    }
    worst = fmax(worst, fabs(at));
    if (fabs(at) > t)
        FAIL("Def. 5(a) fails: the allocation earns the platform %g, not the optimum 0", at);
    for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            double s = 0;
            for (int i = 0; i < n && k != j; i++)
                s += (g->pi[i * m + j] - g->pi[i * m + k]) * chi[i * m + j];
            if (s < -t) {
                worst = fmax(worst, -s);
                FAIL("Def. 5(a) fails: the allocation is not obedient (fee %g vs %g)",
                     g->a[j], g->a[k]);
            }
        }
    /* (b) consumers and (c) market clearing ζ(a,ω) = χ(a,ω)/q̄(ω), Σ_a ζ ≤ 1 */
    for (int i = 0; i < n; i++) {
        double best = -INFINITY, q = 0;
        for (int j = 0; j < m; j++) {
            best = fmax(best, p[i * m + j] + g->u[i * m + j]);
            q += chi[i * m + j];
        }
        for (int j = 0; j < m; j++)
            if (chi[i * m + j] > t && p[i * m + j] + g->u[i * m + j] < best - t) {
                worst = fmax(worst, best - p[i * m + j] - g->u[i * m + j]);
                FAIL("Def. 5(b) fails: type ω=%g sells for use a=%g that does not maximise "
                     "p(a,ω) + u(a,ω)", g->w[i], g->a[j]);
            }
        if (q > t && best < g->r[i] - t) {
            worst = fmax(worst, g->r[i] - best);
            FAIL("Def. 5(b) fails: type ω=%g sells although max_a p + u = %g < r = %g",
                 g->w[i], best, g->r[i]);
        }
        if (q < g->qbar[i] - t && best > g->r[i] + t) {
            worst = fmax(worst, best - g->r[i]);
            FAIL("Def. 5(b) fails: type ω=%g keeps records although max_a p + u = %g > r = %g",
                 g->w[i], best, g->r[i]);
        }
        if (q > g->qbar[i] + t) {
            worst = fmax(worst, q - g->qbar[i]);
            FAIL("Def. 5(c) fails: type ω=%g: demand %g exceeds the %g records that exist",
                 g->w[i], q, g->qbar[i]);
        }
    }
    if (resid)
        *resid = worst;
    return DMX_OK;
}
