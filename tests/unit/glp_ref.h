/* glp_ref.h -- test-only reference implementations for the glp tests
 * (header-only, static: compiled into the tests that include it, never into the
 * library).  Each recomputes from scratch what the library does incrementally. */
#ifndef GLP_REF_H
#define GLP_REF_H

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "glp/glp.h"

/* The original one-LP-per-bound version of glp_fb_mu_range (fresh solve each
 * time), kept as the reference the regression test compares against. */
static int glp_fb_mu_range_ref(const glp_inst *g, const glp_fb *fb, double *lo, double *hi, dmx_err *e)
{
    /* Dual of FB: min Σ μ q̄ s.t. μ(ω) − Σ_k (π(a_j,ω) − π(a_k,ω)) λ(k|j) ≥ v + u − r,
     * μ, λ ≥ 0; restricted to Σ μ q̄ ≤ W† − R (the optimal face). */
    int n = g->n, m = g->m, nl = m * (m - 1), nc = n + nl, rc = DMX_OK;
    double *val = calloc((size_t)nc, sizeof(double));
    dmx_lp *lp = NULL;
    if (!val)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    for (int pass = 0; pass < 2 * n && rc == DMX_OK; pass++) {
        int i0 = pass / 2, maxim = pass % 2;
        lp = dmx_lp_new(maxim, nc);
        if (!lp) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
            break;
        }
        for (int i = 0; i < n && rc == DMX_OK; i++)
            for (int j = 0; j < m; j++) {
                memset(val, 0, sizeof(double) * (size_t)nc);
                val[i] = 1;
                for (int k = 0, c = 0; k < m; k++) {
                    if (k == j)
                        continue;
                    /* λ(k|j) is column n + j*(m-1) + c */
                    val[n + j * (m - 1) + c++] = -(g->pi[i * m + j] - g->pi[i * m + k]);
                }
                if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO,
                                         g->v[i * m + j] + g->u[i * m + j] - g->r[i], 0, e) < 0) {
                    rc = e && e->code ? e->code : DMX_EINTERNAL;
                    break;
                }
            }
        if (rc != DMX_OK)
            break;
        memset(val, 0, sizeof(double) * (size_t)nc);
        for (int i = 0; i < n; i++)
            val[i] = g->qbar[i];
        double opt = fb->W - g->R;
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_UP, 0, opt + GLP_TOL_FACE * (1 + fabs(opt)), e) < 0) {
            rc = e && e->code ? e->code : DMX_EINTERNAL;
            break;
        }
        dmx_lp_set_obj(lp, i0, 1);
        rc = dmx_lp_solve(lp, e);
        if (rc != DMX_OK)
            break;
        dmx_lp_status st = dmx_lp_get_status(lp);
        double v = st == DMX_LP_OPTIMAL ? dmx_lp_obj(lp)
                 : st == DMX_LP_UNBOUNDED ? INFINITY : NAN;
        if (maxim)
            hi[i0] = v;
        else
            lo[i0] = v;
        dmx_lp_free(lp);
        lp = NULL;
    }
    dmx_lp_free(lp);
    free(val);
    return rc;
}

/* The competitive search without memo or pruning (every V(q) recomputed, every
 * repeated fixed-q LP re-run): the library's plain mode. */
static int glp_competitive_search_ref(const glp_inst *g, const double *qce, const dmx_ctx *ctx,
                                      glp_eqset *s, double *resid, dmx_err *e)
{
    return glp_competitive_search(g, qce, ctx, GLP_SEARCH_PLAIN, s, resid, e);
}

#endif
