/* design.c -- the primitives of Section 2 and the platform's information-design
 * problem P_q:
 *     V(q) = max Σ v(a,ω) χ(a,ω)  s.t.  Σ_a χ(a,ω) = q(ω)  ∀ω,
 *            Σ_ω (π(a,ω) − π(a',ω)) χ(a,ω) ≥ 0  ∀ a ≠ a'   (obedience),
 * with χ(a,ω) = x(a|ω) q(ω) ≥ 0.  Its dual P'_q (proof of Prop. 2) has one free
 * ψ(ω) per quantity row; the optimal ψ are the competitive prices (Lemma A.2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lp.h"
#include "glp.h"

int glp_inst_make(glp_inst *g, int n, const double *w, int m, const double *a,
                  const double *qbar, const double *r, double gu, double gp, dmx_err *e)
{
    memset(g, 0, sizeof *g);
    if (!a) {
        a = w;
        m = n;
    }
    g->n = n;
    g->m = m;
    g->gu = gu;
    g->gp = gp;
    g->w = malloc(sizeof(double) * (size_t)n);
    g->a = malloc(sizeof(double) * (size_t)m);
    g->qbar = malloc(sizeof(double) * (size_t)n);
    g->r = malloc(sizeof(double) * (size_t)n);
    g->u = malloc(sizeof(double) * (size_t)(n * m));
    g->pi = malloc(sizeof(double) * (size_t)(n * m));
    g->v = malloc(sizeof(double) * (size_t)(n * m));
    if (!g->w || !g->a || !g->qbar || !g->r || !g->u || !g->pi || !g->v) {
        glp_inst_free(g);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    }
    memcpy(g->w, w, sizeof(double) * (size_t)n);
    memcpy(g->a, a, sizeof(double) * (size_t)m);
    memcpy(g->qbar, qbar, sizeof(double) * (size_t)n);
    memcpy(g->r, r, sizeof(double) * (size_t)n);
    g->fees_are_types = (m == n);
    for (int j = 0; j < m && g->fees_are_types; j++)
        if (a[j] != w[j])
            g->fees_are_types = 0;
    g->omega_in_A = 1;
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int j = 0; j < m && !found; j++)
            found = a[j] == w[i];
        g->omega_in_A &= found;
    }
    g->R = 0;
    g->mass = 0;
    for (int i = 0; i < n; i++) {
        g->R += qbar[i] * r[i];
        g->mass += qbar[i];
        for (int j = 0; j < m; j++) {
            /* Section 2: u = max{ω − a, 0}, π = a·1(ω ≥ a), v = γ_u u + γ_π π */
            double uu = w[i] > a[j] ? w[i] - a[j] : 0.0;
            double pp = w[i] >= a[j] ? a[j] : 0.0;
            g->u[i * m + j] = uu;
            g->pi[i * m + j] = pp;
            g->v[i * m + j] = gu * uu + gp * pp;
        }
    }
    return DMX_OK;
}

int glp_inst_init(glp_inst *g, const dmx_params *p, dmx_err *e)
{
    const dmx_pval *ty = dmx_p(p, "types");
    const dmx_pval *fe = dmx_p(p, "fees");
    const dmx_pval *ma = dmx_p(p, "mass");
    const dmx_pval *ou = dmx_p(p, "outside");
    int n = ty->rows;
    double *r = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    if (!r)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    for (int i = 0; i < n; i++)
        r[i] = ou->rows * ou->cols == 1 ? ou->v[0] : ou->v[i];
    int rc = glp_inst_make(g, n, ty->v, fe->set ? fe->rows : n, fe->set ? fe->v : NULL,
                           ma->v, r, dmx_p_num(p, "gamma_u"), dmx_p_num(p, "gamma_pi"), e);
    free(r);
    return rc;
}

dmx_lp *glp_lp_new(const glp_inst *g, int maximize, int ncols)
{
    dmx_lp *lp = dmx_lp_new(maximize, ncols);
    dmx_lp_set_cancel(lp, g->cancel);
    return lp;
}

void glp_inst_free(glp_inst *g)
{
    free(g->w);
    free(g->a);
    free(g->qbar);
    free(g->r);
    free(g->u);
    free(g->pi);
    free(g->v);
    memset(g, 0, sizeof *g);
}

int glp_mech_alloc(const glp_inst *g, glp_mech *M, dmx_err *e)
{
    memset(M, 0, sizeof *M);
    size_t nm = (size_t)(g->n * g->m);
    M->chi = calloc(nm, sizeof(double));
    M->x = calloc(nm, sizeof(double));
    M->psi = calloc((size_t)g->n, sizeof(double));
    if (!M->chi || !M->x || !M->psi) {
        glp_mech_free(M);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    }
    return DMX_OK;
}

void glp_mech_free(glp_mech *M)
{
    free(M->chi);
    free(M->x);
    free(M->psi);
    M->chi = M->x = M->psi = NULL;
}

int glp_offpath_row(const glp_inst *g, int i, double *xrow)
{
    int m = g->m, jj = m - 1;
    for (int j = 0; j < m; j++)
        if (g->a[j] >= g->w[i]) {
            jj = j;
            break;
        }
    for (int j = 0; j < m; j++)
        xrow[j] = j == jj ? 1.0 : 0.0;
    return jj;
}

double glp_eu(const glp_inst *g, const double *x, int i)
{
    double s = 0;
    for (int j = 0; j < g->m; j++)
        s += x[i * g->m + j] * g->u[i * g->m + j];
    return s;
}

/* 1 when the obedience row of recommendation a_j against deviation a_k (k != j)
 * is not identically zero: the rows glp_add_obedience adds. */
static int obedience_used(const glp_inst *g, int j, int k)
{
    for (int i = 0; i < g->n; i++)
        if (g->pi[i * g->m + j] - g->pi[i * g->m + k] != 0)
            return 1;
    return 0;
}

int glp_obedience_rows(const glp_inst *g, int *row)
{
    int m = g->m, r = 0;
    for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++)
            row[j * m + k] = k != j && obedience_used(g, j, k) ? r++ : -1;
    return r;
}

/* Adds the obedience rows Σ_ω (π(a,ω) − π(a',ω)) χ(a,ω) ≥ 0 for every a ≠ a'
 * over the χ columns starting at col0.  Rows that are identically zero are skipped. */
static int add_obedience(const glp_inst *g, dmx_lp *lp, int col0, int *idx, double *val,
                         dmx_err *e)
{
    int n = g->n, m = g->m;
    for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            if (k == j || !obedience_used(g, j, k))
                continue;
            int nnz = 0;
            for (int i = 0; i < n; i++) {
                double c = g->pi[i * m + j] - g->pi[i * m + k];
                if (c != 0) {
                    idx[nnz] = col0 + i * m + j;
                    val[nnz++] = c;
                }
            }
            if (dmx_lp_add_row(lp, nnz, idx, val, DMX_LP_LO, 0, 0, e) < 0)
                return e ? e->code : DMX_EINTERNAL;
        }
    return DMX_OK;
}

/* Exposed for welfare.c / economies.c / competitive.c (same rows everywhere). */
int glp_add_obedience(const glp_inst *g, dmx_lp *lp, int col0, dmx_err *e)
{
    int n = g->n;
    int *idx = malloc(sizeof(int) * (size_t)(n + 1));
    double *val = malloc(sizeof(double) * (size_t)(n + 1));
    int rc;
    if (!idx || !val) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    rc = add_obedience(g, lp, col0, idx, val, e);
out_free:
    free(idx);
    free(val);
    return rc;
}

int glp_design_ws_init(const glp_inst *g, double cu, double cp, glp_design_ws *w,
                       dmx_err *e)
{
    int n = g->n, m = g->m, rc = DMX_OK;
    memset(w, 0, sizeof *w);
    w->lp = glp_lp_new(g, 1, n * m);
    int *idx = malloc(sizeof(int) * (size_t)(m > n ? m : n));
    double *val = malloc(sizeof(double) * (size_t)(m > n ? m : n));
    if (!w->lp || !idx || !val) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            dmx_lp_set_obj(w->lp, i * m + j, cu * g->u[i * m + j] + cp * g->pi[i * m + j]);
    /* rows 0..n-1: Σ_a χ(a, ω_i) = q(ω_i) (bounds set per solve) */
    for (int i = 0; i < n && rc == DMX_OK; i++) {
        for (int j = 0; j < m; j++) {
            idx[j] = i * m + j;
            val[j] = 1.0;
        }
        if (dmx_lp_add_row(w->lp, m, idx, val, DMX_LP_FX, 0, 0, e) < 0)
            rc = e ? e->code : DMX_EINTERNAL;
    }
    if (rc == DMX_OK)
        rc = add_obedience(g, w->lp, 0, idx, val, e);
out_free:
    free(idx);
    free(val);
    if (rc != DMX_OK)
        glp_design_ws_free(w);
    return rc;
}

void glp_design_ws_free(glp_design_ws *w)
{
    dmx_lp_free(w->lp);
    memset(w, 0, sizeof *w);
}

/* M from the optimal P_q in lp (lean: without the KKT residual and the
 * degeneracy flags, which cost a pass over the LP each). */
static void read_mech(const glp_inst *g, dmx_lp *lp, const double *q, int lean, glp_mech *M)
{
    int n = g->n, m = g->m;
    M->V = dmx_lp_obj(lp);
    M->su = M->spi = 0;
    for (int i = 0; i < n; i++) {
        M->psi[i] = dmx_lp_row_dual(lp, i);
        for (int j = 0; j < m; j++) {
            double c = dmx_lp_x(lp, i * m + j);
            if (c < 0)
                c = 0;
            M->chi[i * m + j] = c;
            M->su += g->u[i * m + j] * c;
            M->spi += g->pi[i * m + j] * c;
        }
        if (q[i] > 0) {
            for (int j = 0; j < m; j++)
                M->x[i * m + j] = M->chi[i * m + j] / q[i];
        } else {
            glp_offpath_row(g, i, M->x + i * m);
        }
    }
    if (lean) {
        M->kkt = 0;
        M->dual_degen = M->primal_degen = 0;
        return;
    }
    M->kkt = dmx_lp_kkt_residual(lp);
    M->dual_degen = dmx_lp_dual_degenerate(lp, GLP_TOL_SNAP);
    M->primal_degen = dmx_lp_primal_degenerate(lp, GLP_TOL_SNAP);
}

int glp_design_ws_solve(const glp_inst *g, glp_design_ws *w, const double *q, glp_mech *M,
                        dmx_err *e)
{
    for (int i = 0; i < g->n; i++)
        dmx_lp_set_row_bounds(w->lp, i, DMX_LP_FX, q[i], q[i]);
    /* P_q is always feasible and bounded (pooling everyone at the uniform monopoly
     * fee is obedient); a floating-point "infeasible" on a badly scaled q is
     * round-off, settled by the exact rational simplex */
    int rc = w->solved ? dmx_lp_resolve(w->lp, e) : dmx_lp_solve(w->lp, e);
    if (rc == DMX_OK && dmx_lp_get_status(w->lp) != DMX_LP_OPTIMAL)
        rc = dmx_lp_solve_exact(w->lp, e);
    if (rc == DMX_OK && dmx_lp_get_status(w->lp) != DMX_LP_OPTIMAL)
        rc = dmx_err_set(e, DMX_EDATA, "P_q (information design): the linear program is %s",
                         dmx_lp_status_name(dmx_lp_get_status(w->lp)));
    if (rc != DMX_OK)
        return rc;
    w->solved = 1;
    read_mech(g, w->lp, q, w->lean, M);
    return DMX_OK;
}

int glp_design_w(const glp_inst *g, const double *q, double cu, double cp, glp_mech *M,
                 dmx_err *e)
{
    glp_design_ws w;
    int rc = glp_design_ws_init(g, cu, cp, &w, e);
    if (rc == DMX_OK)
        rc = glp_design_ws_solve(g, &w, q, M, e);
    glp_design_ws_free(&w);
    return rc;
}

int glp_design(const glp_inst *g, const double *q, glp_mech *M, dmx_err *e)
{
    return glp_design_w(g, q, g->gu, g->gp, M, e);
}

int glp_platform_profit(const glp_inst *g, const double *p, double *value, int *bounded,
                        dmx_err *e)
{
    int n = g->n, m = g->m, rc;
    dmx_lp *lp = glp_lp_new(g, 1, n * m);
    if (!lp)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    for (int k = 0; k < n * m; k++)
        dmx_lp_set_obj(lp, k, g->v[k] - p[k]);
    rc = glp_add_obedience(g, lp, 0, e);
    if (rc != DMX_OK)
        goto out_free;
    rc = dmx_lp_solve(lp, e);
    if (rc != DMX_OK)
        goto out_free;
    switch (dmx_lp_get_status(lp)) {
    case DMX_LP_OPTIMAL:
        *bounded = 1;
        *value = dmx_lp_obj(lp);
        break;
    case DMX_LP_UNBOUNDED:
        *bounded = 0;
        *value = INFINITY;
        break;
    default:
        rc = dmx_err_set(e, DMX_EINTERNAL, "platform LP: solver status %s",
                         dmx_lp_status_name(dmx_lp_get_status(lp)));
    }
out_free:
    dmx_lp_free(lp);
    return rc;
}
