/* competitive.c -- the competitive economy (Definition 4 with Definition 1):
 *   (a) q* ∈ argmax_q V(q) − Σ p q;  (b) consistency: consumers optimise given
 *   (p, x), x solves P_{q*}, q* = ζ q̄.
 * Closed forms where the paper gives them (the two-type example of Section 4.1 /
 * App. B.2; Prop. 3 when γ_π > γ_u), otherwise the search of docs/models/glp.md.  Every
 * reported equilibrium is checked by glp_competitive_verify. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glp.h"
#include "grid.h"
#include "lp.h"

static double scale_of(const glp_inst *g)
{
    double s = 1;
    for (int i = 0; i < g->n; i++) {
        s = fmax(s, g->qbar[i]);
        s = fmax(s, g->r[i]);
        s = fmax(s, g->w[i] * (1 + g->gu + g->gp));
    }
    return s;
}

#define FAIL(...) do { if (*ok) { snprintf(why, nwhy, __VA_ARGS__); } *ok = 0; } while (0)

int glp_competitive_verify(const glp_inst *g, const double *p, const double *zeta,
                           const double *q, const double *x, double tol, int *ok,
                           char *why, size_t nwhy, double *resid, dmx_err *e)
{
    int n = g->n, m = g->m, rc = DMX_OK;
    double sc = scale_of(g), t = tol * sc, worst = 0;
    double *chi = calloc((size_t)(n * m), sizeof(double));
    double *pm = calloc((size_t)(n * m), sizeof(double));
    glp_mech M;
    memset(&M, 0, sizeof M);
    *ok = 1;
    snprintf(why, nwhy, "all conditions of Definitions 1 and 4 hold");
    if (!chi || !pm) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    for (int i = 0; i < n; i++) {
        /* Def. 1(c): market clearing q = ζ q̄, ζ ∈ [0,1] */
        double d = fabs(q[i] - zeta[i] * g->qbar[i]);
        worst = fmax(worst, d);
        if (d > t || zeta[i] < -tol || zeta[i] > 1 + tol)
            FAIL("market clearing (Def. 1c) fails for type ω=%g: q=%g, ζ q̄=%g", g->w[i], q[i],
                 zeta[i] * g->qbar[i]);
        double sx = 0;
        for (int j = 0; j < m; j++) {
            if (x[i * m + j] < -tol)
                FAIL("x(·|ω=%g) has a negative entry", g->w[i]);
            sx += x[i * m + j];
            chi[i * m + j] = x[i * m + j] * q[i];
            pm[i * m + j] = p[i];
        }
        if (fabs(sx - 1) > GLP_TOL_AGREE)
            FAIL("x(·|ω=%g) sums to %g, not 1", g->w[i], sx);
        /* Def. 1(a): consumer optimality */
        double pay = p[i] + glp_eu(g, x, i);
        if (g->qbar[i] > 0 && zeta[i] > tol && pay < g->r[i] - t) {
            worst = fmax(worst, g->r[i] - pay);
            FAIL("consumer optimality (Def. 1a) fails for type ω=%g: she sells but "
                 "p + E[u] = %g < r = %g", g->w[i], pay, g->r[i]);
        }
        if (g->qbar[i] > 0 && zeta[i] < 1 - tol && pay > g->r[i] + t) {
            worst = fmax(worst, pay - g->r[i]);
            FAIL("consumer optimality (Def. 1a) fails for type ω=%g: she keeps records but "
                 "p + E[u] = %g > r = %g", g->w[i], pay, g->r[i]);
        }
    }
    /* Def. 1(b): x solves P_q (obedient and optimal) */
    for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            if (k == j)
                continue;
            double s = 0;
            for (int i = 0; i < n; i++)
                s += (g->pi[i * m + j] - g->pi[i * m + k]) * chi[i * m + j];
            if (s < -t) {
                worst = fmax(worst, -s);
                FAIL("x is not obedient (Def. 1b): the merchant prefers fee %g to %g", g->a[k],
                     g->a[j]);
            }
        }
    rc = glp_mech_alloc(g, &M, e);
    if (rc != DMX_OK)
        goto out_free;
    rc = glp_design(g, q, &M, e);
    if (rc != DMX_OK)
        goto out_free;
    double val = 0;
    for (int k = 0; k < n * m; k++)
        val += g->v[k] * chi[k];
    if (val < M.V - t) {
        worst = fmax(worst, M.V - val);
        FAIL("x is not optimal in P_q (Def. 1b): it gives the platform %g < V(q) = %g", val, M.V);
    }
    /* Def. 4(a): q maximises V(q) − Σ p q, i.e. sup over obedient χ of Σ (v − p) χ is 0 */
    double prof;
    int bounded;
    rc = glp_platform_profit(g, pm, &prof, &bounded, e);
    if (rc != DMX_OK)
        goto out_free;
    double atq = M.V;
    for (int i = 0; i < n; i++)
        atq -= p[i] * q[i];
    if (!bounded)
        FAIL("platform optimality (Def. 4a) fails: at these prices buying more records "
             "pays without bound");
    else if (prof > t) {
        worst = fmax(worst, prof);
        FAIL("platform optimality (Def. 4a) fails: some database earns %g > 0", prof);
    }
    if (fabs(atq) > t) {
        worst = fmax(worst, fabs(atq));
        FAIL("platform optimality (Def. 4a) fails: V(q*) − p·q* = %g ≠ 0 (Remark A.2)", atq);
    }
out_free:
    glp_mech_free(&M);
    free(chi);
    free(pm);
    if (resid)
        *resid = worst;
    return rc;
}

/* x(·|ω_i) = χ(·, ω_i) / q(ω_i) from an LP whose first n·m columns are χ
 * (negative round-off clipped); types with q(ω_i) ≈ 0 get the off-path row.  When
 * the LP's Σ_a χ(a, ω_i) misses q(ω_i) by more than round-off (a small q(ω_i)
 * against GLPK's absolute tolerances), the row is divided by its own sum so that
 * x(·|ω_i) is a distribution. */
static void x_from_chi(const glp_inst *g, const dmx_lp *lp, const double *q, double *x)
{
    int n = g->n, m = g->m;
    for (int i = 0; i < n; i++) {
        if (q[i] > GLP_TOL_ZERO) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double c = dmx_lp_x(lp, i * m + j);
                x[i * m + j] = c < 0 ? 0 : c;
                sum += x[i * m + j];
            }
            double d = sum > 0 && fabs(sum / q[i] - 1) > GLP_TOL_SNAP ? sum : q[i];
            for (int j = 0; j < m; j++)
                x[i * m + j] /= d;
        } else {
            glp_offpath_row(g, i, x + i * m);
        }
    }
}

/* The dual columns of the fixed-q LPs: ψ(ω) in columns nm + i (free) and λ(k|j) ≥ 0,
 * j ≠ k, from column nm + n on; lidx[j*m+k] is λ(k|j)'s column (−1 on the diagonal). */
static void dual_columns(const glp_inst *g, dmx_lp *lp, int *lidx)
{
    const int n = g->n, m = g->m, nm = n * m;
    for (int j = 0, c = 0; j < m; j++)
        for (int k = 0; k < m; k++)
            lidx[j * m + k] = k == j ? -1 : nm + n + c++;
    for (int i = 0; i < n; i++)
        dmx_lp_set_col_bounds(lp, nm + i, DMX_LP_FREE, 0, 0);
}

/* Dual feasibility of P'_q, one row per (ω, a_j):
 *   ψ(ω) − Σ_k (π(a_j,ω) − π(a_k,ω)) λ(k|j) ≥ v(a_j,ω),
 * with ψ in columns nm.., λ(k|j) in columns lidx[j*m+k]; val: nc doubles of scratch. */
static int add_dual_feasibility(const glp_inst *g, dmx_lp *lp, double *val, int nc, int nm,
                                const int *lidx, dmx_err *e)
{
    const int n = g->n, m = g->m;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            memset(val, 0, sizeof(double) * (size_t)nc);
            val[nm + i] = 1;
            for (int k = 0; k < m; k++)
                if (k != j)
                    val[lidx[j * m + k]] = -(g->pi[i * m + j] - g->pi[i * m + k]);
            if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO, g->v[i * m + j], 0, e) < 0)
                return dmx_err_code(e);
        }
    return DMX_OK;
}

/* The fixed-q LP of the search (glp_competitive_at_q below) written per record,
 * for step 6 of the search: the columns are x(a|ω) for the types with q(ω) > 0
 * instead of χ = x q, so every consumer row reads ψ(ω) + Σ_a u x(a|ω) vs r(ω)
 * and no coefficient is scaled by a mass; masses orders of magnitude apart then
 * stay within GLPK's absolute tolerances.  Obedience and strong duality are
 * divided by the total mass Σ q.  Variables x (n·m), ψ (n, free), λ(k|j) ≥ 0.
 * free_i < 0: every type's consumer row (Def. 1a) is imposed and the objective
 * is the canonical smallest payment Σ ψ q̄ / Σ q.  free_i = i ≥ 0: the consumer
 * rows of types i and free_j (if ≥ 0) are left out and the LP maximises
 * (sense = +1) or minimises (sense = −1) type i's gain per record,
 * ψ_i + Σ_a u(a, ω_i) x(a|ω_i) − r_i (*gain; ±INFINITY when unbounded).
 * *found = 1 when feasible, with p = ψ and x. */
static int at_q_lp_rec(const glp_inst *g, const double *q, int free_i, int free_j, int sense,
                       int *found, double *gain, double *p, double *x, dmx_err *e)
{
    int n = g->n, m = g->m, nm = n * m, rc;
    int nl = m * (m - 1), nc = nm + n + nl;
    double tot = 0;
    *found = 0;
    for (int i = 0; i < n; i++)
        tot += q[i];
    if (!(tot > 0))
        return DMX_OK;
    dmx_lp *lp = glp_lp_new(g, free_i >= 0 && sense > 0, nc);
    double *val = calloc((size_t)nc, sizeof(double));
    int *lidx = malloc(sizeof(int) * (size_t)(m * m + 1));
    if (!lp || !val || !lidx) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    dual_columns(g, lp, lidx);
    for (int i = 0; i < n; i++) {
        if (q[i] <= 0) {
            for (int j = 0; j < m; j++)
                dmx_lp_set_col_bounds(lp, i * m + j, DMX_LP_FX, 0, 0);
            continue;
        }
        memset(val, 0, sizeof(double) * (size_t)nc);
        for (int j = 0; j < m; j++)
            val[i * m + j] = 1;
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, 1, 1, e) < 0)
            goto out_rowfail;
    }
    /* obedience: Σ_ω (π(a_j,ω) − π(a_k,ω)) q(ω) x(a_j|ω) ≥ 0 */
    for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            if (k == j)
                continue;
            memset(val, 0, sizeof(double) * (size_t)nc);
            for (int i = 0; i < n; i++)
                val[i * m + j] = (g->pi[i * m + j] - g->pi[i * m + k]) * q[i] / tot;
            if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO, 0, 0, e) < 0)
                goto out_rowfail;
        }
    if ((rc = add_dual_feasibility(g, lp, val, nc, nm, lidx, e)) != DMX_OK)
        goto out_free;
    memset(val, 0, sizeof(double) * (size_t)nc);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++)
            val[i * m + j] = g->v[i * m + j] * q[i] / tot;
        val[nm + i] = -q[i] / tot;
    }
    if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, 0, 0, e) < 0)
        goto out_rowfail;
    for (int i = 0; i < n; i++) {
        if (g->qbar[i] <= 0 || i == free_i || i == free_j)
            continue;
        memset(val, 0, sizeof(double) * (size_t)nc);
        val[nm + i] = 1;
        if (q[i] <= 0) {
            double minu = INFINITY;
            for (int j = 0; j < m; j++)
                minu = fmin(minu, g->u[i * m + j]);
            if (dmx_lp_add_row_dense(lp, val, DMX_LP_UP, 0, g->r[i] - minu, e) < 0)
                goto out_rowfail;
            continue;
        }
        for (int j = 0; j < m; j++)
            val[i * m + j] = g->u[i * m + j];
        if (q[i] >= g->qbar[i]) {
            if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO, g->r[i], 0, e) < 0)
                goto out_rowfail;
        } else if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, g->r[i], g->r[i], e) < 0) {
            goto out_rowfail;
        }
    }
    if (free_i >= 0) {
        dmx_lp_set_obj(lp, nm + free_i, 1);
        for (int j = 0; j < m; j++)
            dmx_lp_set_obj(lp, free_i * m + j, g->u[free_i * m + j]);
    } else {
        for (int i = 0; i < n; i++)
            dmx_lp_set_obj(lp, nm + i, g->qbar[i] / tot);
    }
    rc = dmx_lp_solve(lp, e);
    if (rc != DMX_OK)
        goto out_free;
    if (free_i < 0 && dmx_lp_get_status(lp) == DMX_LP_UNBOUNDED) {
        for (int i = 0; i < n; i++)
            dmx_lp_set_obj(lp, nm + i, 0);
        rc = dmx_lp_solve(lp, e);
        if (rc != DMX_OK)
            goto out_free;
    }
    dmx_lp_status st = dmx_lp_get_status(lp);
    if (free_i >= 0 && st == DMX_LP_UNBOUNDED) {
        *found = 1;
        *gain = sense > 0 ? INFINITY : -INFINITY;
        goto out_free;
    }
    if (st != DMX_LP_OPTIMAL)
        goto out_free;
    *found = 1;
    if (free_i >= 0)
        *gain = dmx_lp_obj(lp) - g->r[free_i];
    for (int i = 0; i < n; i++) {
        p[i] = dmx_lp_x(lp, nm + i);
        if (q[i] <= 0) {
            glp_offpath_row(g, i, x + i * m);
            continue;
        }
        double sum = 0;
        for (int j = 0; j < m; j++) {
            double c = dmx_lp_x(lp, i * m + j);
            x[i * m + j] = c < 0 ? 0 : c;
            sum += x[i * m + j];
        }
        for (int j = 0; j < m; j++)
            x[i * m + j] /= sum > 0 ? sum : 1;
    }
    goto out_free;
out_rowfail:
    rc = dmx_err_code(e);
out_free:
    dmx_lp_free(lp);
    free(val);
    free(lidx);
    return rc;
}

/* Fixed-q LP of the search (docs/models/glp.md): variables χ (n·m), ψ (n, free), λ(k|j) ≥ 0 (j ≠ k). */
/* Sets the fixed-q LP's starting basis from P_q's optimal basis at q (pq: one
 * status per row of P_q -- the n rows Σ_a χ = q and its obedience rows, as
 * glp_add_obedience adds them -- then per χ column).  The fixed-q LP holds P_q's
 * rows and χ columns first, so they take P_q's statuses; the dual block gets the
 * complementary basis (ψ(ω) or λ(k|j) basic where its primal row is not, the
 * dual row of χ(a,ω) basic where χ(a,ω) is not), which makes (χ, ψ, λ) the
 * optimal pair of P_q; the strong duality and consumer rows start basic.  Only
 * the consumer rows can then be violated, so the simplex starts next to the
 * answer instead of at the origin. */
static void at_q_basis(const glp_inst *g, dmx_lp *lp, const unsigned char *pq)
{
    int n = g->n, m = g->m, nm = n * m, nl = m * (m - 1);
    int rows = dmx_lp_nrows(lp), cols = nm + n + nl, rp = n;
    unsigned char *st = malloc((size_t)(rows + cols));
    int *obrow = malloc(sizeof(int) * (size_t)(m * m));
    if (!st || !obrow)
        goto out;
    rp += glp_obedience_rows(g, obrow);
    for (int k = 0; k < m * m; k++)
        if (obrow[k] >= 0)
            obrow[k] += n;                          /* after the n rows Σ_a χ = q */
    if (rows < rp + nm + 1)
        goto out;
    const unsigned char *pc = pq + rp;              /* P_q's column statuses */
    memset(st, DMX_LP_BS, (size_t)rows);
    memcpy(st, pq, (size_t)rp);
    for (int k = 0; k < nm; k++) {
        st[rows + k] = pc[k];
        st[rp + k] = pc[k] == DMX_LP_BS ? DMX_LP_NL : DMX_LP_BS;
    }
    for (int i = 0; i < n; i++)
        st[rows + nm + i] = pq[i] == DMX_LP_BS ? DMX_LP_NF : DMX_LP_BS;
    for (int j = 0, c = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            if (k == j)
                continue;
            int r = obrow[j * m + k];
            st[rows + nm + n + c++] = r >= 0 && pq[r] != DMX_LP_BS ? DMX_LP_BS : DMX_LP_NL;
        }
    dmx_lp_set_basis(lp, st);
out:
    free(st);
    free(obrow);
}

/* glp_competitive_at_q from P_q's basis at q (at_q_basis), or cold (pq NULL). */
static int at_q_lp(const glp_inst *g, const double *q, const unsigned char *pq, int *found,
                   double *p, double *x, dmx_err *e)
{
    int n = g->n, m = g->m, nm = n * m, rc;
    int nl = m * (m - 1), nc = nm + n + nl;
    double sc = scale_of(g);
    *found = 0;
    dmx_lp *lp = glp_lp_new(g, 0, nc);
    double *val = calloc((size_t)nc, sizeof(double));
    int *lidx = malloc(sizeof(int) * (size_t)(m * m + 1));
    if (!lp || !val || !lidx) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    dual_columns(g, lp, lidx);
    for (int i = 0; i < n; i++) {
        memset(val, 0, sizeof(double) * (size_t)nc);
        for (int j = 0; j < m; j++)
            val[i * m + j] = 1;
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, q[i], q[i], e) < 0)
            goto out_rowfail;
    }
    rc = glp_add_obedience(g, lp, 0, e);
    if (rc != DMX_OK)
        goto out_free;
    /* dual feasibility of P'_q: ψ(ω) − Σ_k (π(a_j,ω) − π(a_k,ω)) λ(k|j) ≥ v(a_j,ω) */
    if ((rc = add_dual_feasibility(g, lp, val, nc, nm, lidx, e)) != DMX_OK)
        goto out_free;
    /* strong duality Σ v χ = Σ ψ q */
    memset(val, 0, sizeof(double) * (size_t)nc);
    for (int k = 0; k < nm; k++)
        val[k] = g->v[k];
    for (int i = 0; i < n; i++)
        val[nm + i] = -q[i];
    if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, 0, 0, e) < 0)
        goto out_rowfail;
    /* consumers (Def. 1a) per regime of q(ω) */
    for (int i = 0; i < n; i++) {
        if (g->qbar[i] <= 0)
            continue;
        memset(val, 0, sizeof(double) * (size_t)nc);
        double tq = GLP_TOL_SNAP * (1 + g->qbar[i]);
        if (q[i] <= tq) {
            double minu = INFINITY;
            for (int j = 0; j < m; j++)
                minu = fmin(minu, g->u[i * m + j]);
            val[nm + i] = 1;
            if (dmx_lp_add_row_dense(lp, val, DMX_LP_UP, 0, g->r[i] - minu, e) < 0)
                goto out_rowfail;
            continue;
        }
        val[nm + i] = q[i];
        for (int j = 0; j < m; j++)
            val[i * m + j] = g->u[i * m + j];
        double rq = g->r[i] * q[i];
        if (q[i] >= g->qbar[i] - tq) {
            if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO, rq - GLP_TOL_ROW * sc, 0, e) < 0)
                goto out_rowfail;
        } else if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, rq, rq, e) < 0) {
            goto out_rowfail;
        }
    }
    /* objective: smallest total payment Σ ψ q̄ (a canonical price among the feasible) */
    for (int i = 0; i < n; i++)
        dmx_lp_set_obj(lp, nm + i, g->qbar[i]);
    int warm = pq != NULL;
    for (int i = 0; i < n; i++)
        warm &= g->qbar[i] > 0;     /* a type of no mass: its ψ is not in the objective */
    if (warm)
        at_q_basis(g, lp, pq);
    else
        dmx_lp_set_dual_first(lp);
    rc = dmx_lp_solve(lp, e);
    if (rc != DMX_OK)
        goto out_free;
    if (warm && dmx_lp_get_status(lp) == DMX_LP_UNBOUNDED) {
        /* the prices are then not pinned down by the objective, and which feasible
         * ones the LP returns depends on its path: solve as from cold, so the
         * answer is the one the reference search gives */
        dmx_lp_free(lp);
        free(val);
        free(lidx);
        return at_q_lp(g, q, NULL, found, p, x, e);
    }
    if (dmx_lp_get_status(lp) == DMX_LP_UNBOUNDED) {
        /* prices of off-path types may fall without bound: pin the objective */
        for (int i = 0; i < n; i++)
            dmx_lp_set_obj(lp, nm + i, 0);
        rc = dmx_lp_solve(lp, e);
        if (rc != DMX_OK)
            goto out_free;
    }
    if (dmx_lp_get_status(lp) != DMX_LP_OPTIMAL)
        goto out_free;
    *found = 1;
    for (int i = 0; i < n; i++)
        p[i] = dmx_lp_x(lp, nm + i);
    x_from_chi(g, lp, q, x);
    goto out_free;
out_rowfail:
    rc = dmx_err_code(e);
out_free:
    dmx_lp_free(lp);
    free(val);
    free(lidx);
    return rc;
}

int glp_competitive_at_q(const glp_inst *g, const double *q, int *found, double *p,
                         double *x, dmx_err *e)
{
    return at_q_lp(g, q, NULL, found, p, x, e);
}

/* MILP of the search at a fixed price vector ψ (a vertex of the dual P'): variables
 * χ (n·m), q (n) ∈ [0, q̄], y (n) binary (y = 1: type sells everything).
 * s(ω) = (ψ − r) q + Σ_a u χ ≥ 0;  s ≤ M y;  q ≥ q̄ y;  Σ v χ = Σ ψ q.
 * Maximises Σ q/q̄ (the most trade at these prices). */
static int milp_at_psi(const glp_inst *g, const double *psi, int polish, int *found, double *q,
                       double *x, double *p, dmx_err *e)
{
    int n = g->n, m = g->m, nm = n * m, nc = nm + 2 * n, rc;
    double sc = scale_of(g);
    /* consumer rows: slack for LP round-off, none when polishing (the exact
     * re-solve); the duality row keeps its slack (ψ itself carries round-off) */
    double slk = polish ? 0 : GLP_TOL_ROW * sc, slk2 = GLP_TOL_SNAP * sc;
    *found = 0;
    dmx_lp *lp = glp_lp_new(g, 1, nc);
    double *val = calloc((size_t)nc, sizeof(double));
    if (!lp || !val) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    for (int i = 0; i < n; i++) {
        int qc = nm + i, yc = nm + n + i;
        dmx_lp_set_col_int(lp, yc, 1);
        double minu = INFINITY, maxu = 0;
        for (int j = 0; j < m; j++) {
            minu = fmin(minu, g->u[i * m + j]);
            maxu = fmax(maxu, g->u[i * m + j]);
        }
        if (g->qbar[i] <= 0) {
            dmx_lp_set_col_bounds(lp, qc, DMX_LP_FX, 0, 0);
            dmx_lp_set_col_bounds(lp, yc, DMX_LP_FX, 0, 0);
        } else if (psi[i] + minu > g->r[i] + GLP_TOL_SNAP * sc) {
            /* she strictly prefers to sell whatever x: q = q̄ */
            dmx_lp_set_col_bounds(lp, qc, DMX_LP_FX, g->qbar[i], g->qbar[i]);
            dmx_lp_set_col_bounds(lp, yc, DMX_LP_FX, 1, 1);
        } else {
            dmx_lp_set_col_bounds(lp, qc, DMX_LP_DB, 0, g->qbar[i]);
            dmx_lp_set_col_bounds(lp, yc, DMX_LP_DB, 0, 1);
            dmx_lp_set_obj(lp, qc, 1 / g->qbar[i]);
        }
        memset(val, 0, sizeof(double) * (size_t)nc);
        for (int j = 0; j < m; j++)
            val[i * m + j] = 1;
        val[qc] = -1;
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_FX, 0, 0, e) < 0)
            goto out_rowfail;
        if (g->qbar[i] <= 0)
            continue;
        memset(val, 0, sizeof(double) * (size_t)nc);
        for (int j = 0; j < m; j++)
            val[i * m + j] = g->u[i * m + j];
        val[qc] = psi[i] - g->r[i];
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO, -slk, 0, e) < 0)
            goto out_rowfail;
        double M = g->qbar[i] * (fabs(psi[i]) + g->r[i] + maxu) + GLP_TOL_SNAP;
        val[yc] = -M;
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_UP, 0, slk, e) < 0)
            goto out_rowfail;
        memset(val, 0, sizeof(double) * (size_t)nc);
        val[qc] = 1;
        val[yc] = -g->qbar[i];
        if (dmx_lp_add_row_dense(lp, val, DMX_LP_LO, 0, 0, e) < 0)
            goto out_rowfail;
    }
    rc = glp_add_obedience(g, lp, 0, e);
    if (rc != DMX_OK)
        goto out_free;
    memset(val, 0, sizeof(double) * (size_t)nc);
    for (int k = 0; k < nm; k++)
        val[k] = g->v[k];
    for (int i = 0; i < n; i++)
        val[nm + i] = -psi[i];
    if (dmx_lp_add_row_dense(lp, val, DMX_LP_DB, -slk2, slk2, e) < 0)
        goto out_rowfail;
    rc = dmx_lp_solve_mip(lp, e);
    if (rc != DMX_OK)
        goto out_free;
    if (dmx_lp_get_status(lp) != DMX_LP_OPTIMAL)
        goto out_free;
    if (polish) {
        /* the regimes y fixed, the LP re-solved in exact arithmetic: χ and q then
         * meet every row exactly, so x = χ/q stays accurate for a small q(ω) */
        for (int i = 0; i < n; i++) {
            double y = dmx_lp_x(lp, nm + n + i) > 0.5 ? 1 : 0;
            dmx_lp_set_col_bounds(lp, nm + n + i, DMX_LP_FX, y, y);
        }
        rc = dmx_lp_solve_exact(lp, e);
        if (rc != DMX_OK)
            goto out_free;
        if (dmx_lp_get_status(lp) != DMX_LP_OPTIMAL)
            goto out_free;
    }
    *found = 1;
    for (int i = 0; i < n; i++) {
        double qi = dmx_lp_x(lp, nm + i);
        q[i] = qi < GLP_TOL_ZERO ? 0 : qi > g->qbar[i] ? g->qbar[i] : qi;
        p[i] = psi[i];
    }
    x_from_chi(g, lp, q, x);
    goto out_free;
out_rowfail:
    rc = dmx_err_code(e);
out_free:
    dmx_lp_free(lp);
    free(val);
    return rc;
}

/* Adds (p, q, x) unless an equal equilibrium is already listed; verifies it. */
static int add_found(const glp_inst *g, glp_eqset *s, const double *p, const double *q,
                     const double *x, const char *src, int exact, double *resid, dmx_err *e)
{
    int n = g->n, m = g->m;
    /* one entry per allocation: prices supporting an allocation need not be unique */
    for (int k = 0; k < s->neq; k++) {
        int same = 1;
        for (int i = 0; i < n && same; i++)
            if (fabs(s->eq[k].q[i] - q[i]) > GLP_TOL * (1 + g->qbar[i]))
                same = 0;
        if (same)
            return DMX_OK;
    }
    glp_eq *eq;
    int rc = glp_eq_push(g, s, &eq, e);
    if (rc != DMX_OK)
        return rc;
    memcpy(eq->x, x, sizeof(double) * (size_t)(n * m));
    for (int i = 0; i < n; i++) {
        /* snap solver noise: q within 1e-9 of 0 or q̄, prices within 1e-12 of 0 */
        double qi = q[i], tq = GLP_TOL_SNAP * (1 + g->qbar[i]);
        if (qi < tq) {
            qi = 0;
            glp_offpath_row(g, i, eq->x + i * m);
        } else if (qi > g->qbar[i] - tq) {
            qi = g->qbar[i];
        }
        eq->q[i] = qi;
        eq->p[i] = fabs(p[i]) < GLP_TOL_ZERO ? 0 : p[i];
    }
    q = eq->q;
    x = eq->x;
    double *chi = malloc(sizeof(double) * (size_t)(n * m));
    if (!chi)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    double qt = 0;
    eq->V = 0;
    for (int i = 0; i < n; i++) {
        eq->zeta[i] = g->qbar[i] > 0 ? q[i] / g->qbar[i] : 0;
        qt += q[i];
        for (int j = 0; j < m; j++) {
            chi[i * m + j] = x[i * m + j] * q[i];
            eq->V += g->v[i * m + j] * chi[i * m + j];
        }
    }
    eq->W = glp_W(g, q, chi);
    eq->SW = glp_SW(g, q, chi);
    eq->cw = eq->W;
    free(chi);
    eq->exact = exact;
    snprintf(eq->source, sizeof eq->source, "%s", src);
    snprintf(eq->kind, sizeof eq->kind, "%s", qt > 0 ? "trade" : "no trade");
    double res = 0;
    rc = glp_competitive_verify(g, eq->p, eq->zeta, eq->q, eq->x, GLP_TOL, &eq->verified,
                                eq->why, sizeof eq->why, &res, e);
    if (resid && res > *resid)
        *resid = res;
    if (rc == DMX_OK && !eq->verified) {
        /* a search candidate that fails verification is dropped, never reported */
        glp_eq_pop(s);
    }
    return rc;
}

/* Memo of V(q) / P_q solutions within ONE search (the search meets the same database
 * many times: the corners of step 2 are the end points of the line searches of step
 * 3, every line search with the others at 0 starts at q = 0, ...).  glp_design is
 * deterministic (a fresh LP per call), so returning a stored copy for a bit-identical
 * q gives exactly the same V, ψ, χ as recomputing it.  Likewise the fixed-q LP of
 * glp_competitive_at_q at a q already tried cannot add anything new (add_found is
 * deterministic and dedups by q), so such repeats are skipped.  A NULL memo (the
 * reference path glp_competitive_search_ref) recomputes everything. */
typedef struct design_memo {
    int n, nm, len, cap;
    double *key;      /* cap x n */
    double *val;      /* cap x (3 + 2 nm + n): V, su, spi, kkt-ish fields, chi, x, psi */
    int *flags;       /* cap x 2: dual_degen, primal_degen */
    double *atq;      /* atq_cap x n: q at which the fixed-q LP already ran */
    int natq, atq_cap;
    unsigned char *basis; /* cap x bw: P_q's optimal basis at each q (at_q_basis) */
    int bw;
    const unsigned char *last; /* the basis of the q of the last design_q, or NULL */
    glp_design_ws ws; /* P_q re-solved warm at each new q */
} design_memo;

static int memo_init(design_memo *d, const glp_inst *g, int cap, dmx_err *e)
{
    memset(d, 0, sizeof *d);
    d->n = g->n;
    d->nm = g->n * g->m;
    d->cap = cap;
    d->atq_cap = cap;
    d->key = malloc(sizeof(double) * (size_t)(cap * d->n));
    d->val = malloc(sizeof(double) * (size_t)cap * (size_t)(4 + 2 * d->nm + d->n));
    d->flags = malloc(sizeof(int) * (size_t)(2 * cap));
    d->atq = malloc(sizeof(double) * (size_t)(cap * d->n));
    if (!d->key || !d->val || !d->flags || !d->atq)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    int rc = glp_design_ws_init(g, g->gu, g->gp, &d->ws, e);
    if (rc != DMX_OK)
        return rc;
    /* the search reads V, ψ, χ and x of P_q, never its KKT residual or flags */
    d->ws.lean = 1;
    d->bw = dmx_lp_nrows(d->ws.lp) + d->nm;
    d->basis = malloc((size_t)cap * (size_t)d->bw);
    if (!d->basis)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    return DMX_OK;
}

static void memo_free(design_memo *d)
{
    free(d->key);
    free(d->val);
    free(d->flags);
    free(d->atq);
    free(d->basis);
    glp_design_ws_free(&d->ws);
    memset(d, 0, sizeof *d);
}

/* glp_design through the memo d (NULL: plain glp_design).  Errors as glp_design. */
static int design_q(const glp_inst *g, const double *q, glp_mech *M, design_memo *d,
                    dmx_err *e)
{
    if (!d)
        return glp_design(g, q, M, e);
    int n = d->n, nm = d->nm, w = 4 + 2 * nm + n;
    for (int k = 0; k < d->len; k++)
        if (memcmp(d->key + k * n, q, sizeof(double) * (size_t)n) == 0) {
            const double *v = d->val + (size_t)k * (size_t)w;
            M->V = v[0];
            M->su = v[1];
            M->spi = v[2];
            M->kkt = v[3];
            memcpy(M->chi, v + 4, sizeof(double) * (size_t)nm);
            memcpy(M->x, v + 4 + nm, sizeof(double) * (size_t)nm);
            memcpy(M->psi, v + 4 + 2 * nm, sizeof(double) * (size_t)n);
            M->dual_degen = d->flags[2 * k];
            M->primal_degen = d->flags[2 * k + 1];
            d->last = d->basis + (size_t)k * (size_t)d->bw;
            return DMX_OK;
        }
    d->last = NULL;
    int rc = glp_design_ws_solve(g, &d->ws, q, M, e);
    if (rc != DMX_OK || d->len == d->cap)
        return rc;
    int k = d->len++;
    double *v = d->val + (size_t)k * (size_t)w;
    memcpy(d->key + k * n, q, sizeof(double) * (size_t)n);
    v[0] = M->V;
    v[1] = M->su;
    v[2] = M->spi;
    v[3] = M->kkt;
    memcpy(v + 4, M->chi, sizeof(double) * (size_t)nm);
    memcpy(v + 4 + nm, M->x, sizeof(double) * (size_t)nm);
    memcpy(v + 4 + 2 * nm, M->psi, sizeof(double) * (size_t)n);
    d->flags[2 * k] = M->dual_degen;
    d->flags[2 * k + 1] = M->primal_degen;
    d->last = d->basis + (size_t)k * (size_t)d->bw;
    dmx_lp_get_basis(d->ws.lp, (unsigned char *)d->last);
    return DMX_OK;
}

/* 1 when the fixed-q LP already ran at this exact q (then the caller skips it);
 * else records q and returns 0.  Always 0 without a memo. */
static int atq_seen(design_memo *d, const double *q)
{
    if (!d)
        return 0;
    int n = d->n;
    for (int k = 0; k < d->natq; k++)
        if (memcmp(d->atq + k * n, q, sizeof(double) * (size_t)n) == 0)
            return 1;
    if (d->natq < d->atq_cap)
        memcpy(d->atq + (d->natq++) * n, q, sizeof(double) * (size_t)n);
    return 0;
}

/* Types that sell everything in every verified equilibrium.  For type ω_i let a* be a
 * fee the merchant picks when he knows the type is ω_i (π(a*, ω_i) ≥ π(a, ω_i) ∀a);
 * χ = c·1{(a*, ω_i)} is obedient for every c ≥ 0, so Def. 4(a) needs p(ω_i) ≥
 * v(a*, ω_i) (else buying such records pays without bound).  A type that keeps
 * records (ζ < 1) needs p(ω_i) + E_x[u] ≤ r(ω_i) (Def. 1a), and E_x[u] ≥ min_a u.  So
 * if max_{a*} v(a*, ω_i) > r(ω_i) − min_a u(a, ω_i) + margin, no verified equilibrium
 * has ζ(ω_i) < 1: must[i] = 1.  The margin (1e-5 of the instance scale, far above the
 * verifier's tolerance GLP_TOL·scale and GLPK's 1e-7 reduced-cost tolerance) keeps
 * the conclusion valid for the verifier as implemented, so a q with such a type below
 * q̄ can only yield candidates the verifier drops — skipping it changes no output. */
static void must_sell(const glp_inst *g, int *must)
{
    int n = g->n, m = g->m;
    double sc = scale_of(g);
    for (int i = 0; i < n; i++) {
        double pmax = -INFINITY, vstar = -INFINITY, minu = INFINITY;
        for (int j = 0; j < m; j++) {
            pmax = fmax(pmax, g->pi[i * m + j]);
            minu = fmin(minu, g->u[i * m + j]);
        }
        for (int j = 0; j < m; j++)
            if (g->pi[i * m + j] >= pmax)
                vstar = fmax(vstar, g->v[i * m + j]);
        must[i] = g->qbar[i] > 0 && vstar > g->r[i] - minu + (GLP_TOL + GLP_TOL_PRUNE) * sc;
    }
}

/* 1 when q leaves some must-sell type (must_sell) clearly below q̄ (beyond the
 * verifier's ζ tolerance and add_found's snapping), skipping type `except`. */
static int misses_must(const glp_inst *g, const int *must, const double *q, int except)
{
    if (!must)
        return 0;
    for (int i = 0; i < g->n; i++)
        if (i != except && must[i] &&
            q[i] < g->qbar[i] * (1 - 2 * GLP_TOL) - 2 * GLP_TOL_SNAP * (1 + g->qbar[i]))
            return 1;
    return 0;
}

/* Cheap necessary condition for a VERIFIED competitive equilibrium with allocation q
 * (used to skip the fixed-q LP, which costs several P_q solves).  Summing the
 * sellers' optimality conditions (Def. 1a: p(ω) + E_x[u] ≥ r(ω) when ζ(ω) > 0) over
 * q gives p·q + s_u(χ) ≥ Σ r q; Def. 4(a) at q* (Remark A.2) gives p·q = V(q).  Every
 * obedient χ has s_π ≥ π*(q) (the merchant may always charge the uniform monopoly
 * fee) and s_u + s_π ≤ w*(q) (u + π = ω·1(ω ≥ a)), so s_u ≤ w*(q) − π*(q).  Hence an
 * equilibrium at q needs V(q) + w*(q) − π*(q) ≥ Σ r q.  The verifier allows each
 * condition to fail by t = GLP_TOL·scale (each seller's, times q(ω), and the V − p·q
 * identity; prices are ≥ 0 up to δ by the must_sell argument below), types with
 * ζ ≤ GLP_TOL are unconstrained, and add_found snaps q by ≤ 1e-9(1 + q̄): the margin
 * below covers all of these, so a q rejected here could only have produced a
 * candidate that the verifier drops — skipping it changes no output.  1 = skip. */
static int cannot_clear(const glp_inst *g, const double *q, double V)
{
    double sc = scale_of(g), R = 0, slack = 0;
    int js;
    for (int i = 0; i < g->n; i++) {
        R += g->r[i] * q[i];
        slack += (g->r[i] + sc) * (GLP_TOL * g->qbar[i] + GLP_TOL_SNAP * (1 + g->qbar[i]));
    }
    /* seller conditions fail by ≤ t each, weighted by q (Σ q ≤ mass); V − p·q by ≤ t */
    double margin = (g->n + 1 + g->mass) * GLP_TOL * sc + slack + GLP_TOL_PRUNE_CLEAR * sc;
    return V + glp_w_star(g, q) - glp_pi_star(g, q, &js) < R - margin;
}

/* Sharper necessary condition per type (Def. 4a makes p a supergradient of V): a
 * verified equilibrium at q has |V(q) − p·q| ≤ t and, since the platform LP of
 * Def. 4(a) is a cone, p·q' ≥ V(q') − δ for every q' ≥ 0 (otherwise the profit
 * V(q') − p·q' of χ = the optimum of P_{q'} scales without bound; δ = 1e-5·scale·
 * (1 + Σq') is far above GLPK's tolerances).  Take a type ω_i kept back (ζ_i < 1, so
 * Def. 1a gives p_i ≤ r_i − min_a u(a, ω_i) + t) and q' = q with q'_i = q̄_i,
 * ε = q̄_i − q_i: ε p_i = p·q' − p·q ≥ V(q') − V(q) − δ − t, hence
 *   V(q') − V(q) − ε (r_i − min u) ≤ (ε + 1) t + δ.
 * When this fails for some i, the fixed-q LP at q can only give candidates the
 * verifier drops, so skipping it changes no output.  V(q') comes from the memo
 * (for corners and line end points it is already there).  *skip = 1: skip q. */
static int kept_type_fails(const glp_inst *g, const double *q, double Vq, glp_mech *M,
                           design_memo *d, double *qq, int *skip, dmx_err *e)
{
    int n = g->n, m = g->m;
    double sc = scale_of(g), t = GLP_TOL * sc;
    *skip = 0;
    for (int i = 0; i < n && !*skip; i++) {
        if (g->qbar[i] <= 0 || q[i] >= g->qbar[i] * (1 - 2 * GLP_TOL) - 2 * GLP_TOL_SNAP * (1 + g->qbar[i]))
            continue;
        double minu = INFINITY, eps = g->qbar[i] - q[i], tot = 0;
        for (int j = 0; j < m; j++)
            minu = fmin(minu, g->u[i * m + j]);
        memcpy(qq, q, sizeof(double) * (size_t)n);
        qq[i] = g->qbar[i];
        for (int k = 0; k < n; k++)
            tot += qq[k];
        int rc = design_q(g, qq, M, d, e);
        if (rc != DMX_OK)
            return rc;
        double delta = GLP_TOL_PRUNE * sc * (1 + tot);
        *skip = M->V - Vq - eps * (g->r[i] - minu) > (eps + 1) * t + delta;
    }
    return DMX_OK;
}

/* Kinks of the concave piecewise-linear t ↦ V(base + t e_i) on [lo, hi] (Lemma A.1),
 * by tangent intersection with the LP slopes ψ(ω_i).  Equilibria whose prices are
 * not a vertex of P'_q sit at such kinks (a non-unique dual means a region
 * boundary).  Appends at most maxk points to t. */
static int kinks_1d(const glp_inst *g, double *q, int i, double lo, double Vlo, double slo,
                    double hi, double Vhi, double shi, int depth, glp_mech *M,
                    design_memo *d, double *t, int *nk, int maxk, dmx_err *e)
{
    double sc = GLP_TOL_SNAP * (1 + fabs(Vlo) + fabs(Vhi));
    if (*nk >= maxk || depth > GLP_KINK_DEPTH || hi - lo < GLP_TOL_SNAP || slo - shi <= GLP_TOL_ROW)
        return DMX_OK;
    double ts = (Vhi - Vlo + slo * lo - shi * hi) / (slo - shi);
    if (!(ts > lo + GLP_TOL_ROW && ts < hi - GLP_TOL_ROW))
        return DMX_OK;
    q[i] = ts;
    int rc = design_q(g, q, M, d, e);
    if (rc != DMX_OK)
        return rc;
    double Vs = M->V, ss = M->psi[i];
    if (fabs(Vs - (Vlo + slo * (ts - lo))) <= sc) {
        t[(*nk)++] = ts;
        return DMX_OK;
    }
    rc = kinks_1d(g, q, i, lo, Vlo, slo, ts, Vs, ss, depth + 1, M, d, t, nk, maxk, e);
    if (rc == DMX_OK)
        rc = kinks_1d(g, q, i, ts, Vs, ss, hi, Vhi, shi, depth + 1, M, d, t, nk, maxk, e);
    return rc;
}

/* Fixed-q LPs and MILPs deferred so that they run beside the search (steps 1-3
 * with two or more jobs): the fixed-q LPs of steps 1 and 3 and the MILPs of step
 * 2 are queued in the order the one-thread search solves them and taken by
 * ctx->jobs − 1 helper threads while the search goes on (a new ψ's MILP starts
 * while the next databases' P_q are solved); when step 3 ends the search thread
 * helps with what is left (pend_drain) and adds what was found with add_found in
 * the queue's order.  Each task is a fresh LP or MILP that reads only the
 * instance and its q or ψ, and nothing in steps 1-3 depends on what was found so
 * far, so the list is exactly the one-thread list.  Errors: the first in queue
 * order is reported (tasks after a failed one are skipped). */
enum { PEND_BLOCK = 64, PEND_MAXBLOCK = 64, PEND_MAXHELP = 7 };

typedef struct pend_task {
    const double *psi;      /* the MILP at ψ; NULL: the fixed-q LP at q */
    const unsigned char *pq;/* P_q's basis at q (the memo's, read only), or NULL */
    const char *src;
    double *q, *p, *x;      /* n, n, n m */
    int found, rc;
    dmx_err e;
} pend_task;

typedef struct pending {
    const glp_inst *g;
    int nhelp;                          /* helper threads to run (jobs − 1) */
    pthread_mutex_t mu;
    pthread_cond_t more;                /* a task was queued, or the queue closed */
    pthread_cond_t idle;                /* every queued task is done */
    pend_task *blk[PEND_MAXBLOCK];      /* tasks in blocks (never moved once queued) */
    double *mem[PEND_MAXBLOCK];         /* each block's q, p, x */
    int len, next, ndone, closed, stop;
    int fail;                           /* lowest failed task + 1, 0: none */
    pthread_t th[PEND_MAXHELP];
    int nth;
    glp_assist *assist;                 /* an outside helper's door, or NULL */
    int inside;                         /* outside helpers in pend_work */
} pending;

static pend_task *pend_at(pending *P, int k)
{
    return &P->blk[k / PEND_BLOCK][k % PEND_BLOCK];
}

/* Takes and runs queued tasks until the queue is empty and closed. */
static void pend_work(pending *P)
{
    const glp_inst *g = P->g;
    pthread_mutex_lock(&P->mu);
    for (;;) {
        while (P->next == P->len && !P->closed)
            pthread_cond_wait(&P->more, &P->mu);
        if (P->next == P->len)
            break;
        int k = P->next++;
        int skip = P->stop || (P->fail && P->fail - 1 < k);
        pthread_mutex_unlock(&P->mu);
        pend_task *t = pend_at(P, k);
        t->found = 0;
        t->rc = DMX_OK;
        if (!skip)
            t->rc = t->psi ? milp_at_psi(g, t->psi, 0, &t->found, t->q, t->x, t->p, &t->e)
                           : at_q_lp(g, t->q, t->pq, &t->found, t->p, t->x, &t->e);
        pthread_mutex_lock(&P->mu);
        if (t->rc != DMX_OK && (!P->fail || k < P->fail - 1))
            P->fail = k + 1;
        if (++P->ndone == P->len)
            pthread_cond_broadcast(&P->idle);
    }
    pthread_mutex_unlock(&P->mu);
}

static void *pend_helper(void *u)
{
    pend_work(u);
    dmx_lp_thread_cleanup();
    return NULL;
}

/* Starts the helpers on an empty queue (fewer when threads cannot be created:
 * the search thread then runs the tasks when it drains). */
static void pend_open(pending *P)
{
    pthread_mutex_lock(&P->mu);
    P->len = P->next = P->ndone = P->closed = P->fail = P->stop = 0;
    pthread_mutex_unlock(&P->mu);
    for (P->nth = 0; P->nth < P->nhelp; P->nth++)
        if (pthread_create(&P->th[P->nth], NULL, pend_helper, P) != 0)
            break;
}

/* Closes the queue, runs what is left beside the helpers, joins them, then adds
 * what was found in queue order; the queue is empty (and without helpers)
 * afterwards. */
static int pend_drain(pending *P, glp_eqset *s, double *resid, dmx_err *e)
{
    const glp_inst *g = P->g;
    pthread_mutex_lock(&P->mu);
    P->closed = 1;
    pthread_cond_broadcast(&P->more);
    pthread_mutex_unlock(&P->mu);
    pend_work(P);
    pthread_mutex_lock(&P->mu);
    while (P->ndone < P->len)
        pthread_cond_wait(&P->idle, &P->mu);
    pthread_mutex_unlock(&P->mu);
    for (int i = 0; i < P->nth; i++)
        pthread_join(P->th[i], NULL);
    P->nth = 0;
    int rc = DMX_OK;
    if (P->fail) {
        pend_task *t = pend_at(P, P->fail - 1);
        if (e)
            *e = t->e;
        rc = t->rc;
    }
    for (int k = 0; k < P->len && rc == DMX_OK; k++) {
        pend_task *t = pend_at(P, k);
        if (t->found)
            rc = add_found(g, s, t->p, t->q, t->x,
                           t->psi ? "search: MILP at a dual vertex ψ" : t->src, 0, resid, e);
    }
    pthread_mutex_lock(&P->mu);     /* an outside helper may still be leaving pend_work */
    P->len = P->next = P->ndone = P->fail = 0;
    pthread_mutex_unlock(&P->mu);
    return rc;
}

/* Queues the fixed-q LP at q (psi NULL) or the MILP at psi (which must stay
 * valid until the drain); a full queue is drained first. */
static int pend_add(pending *P, const double *q, const unsigned char *pq, const double *psi,
                    const char *src, glp_eqset *s, double *resid, dmx_err *e)
{
    const glp_inst *g = P->g;
    int n = g->n, nm = n * g->m;
    if (P->len == PEND_BLOCK * PEND_MAXBLOCK) {
        int rc = pend_drain(P, s, resid, e);
        if (rc != DMX_OK)
            return rc;
        pend_open(P);
    }
    int b = P->len / PEND_BLOCK;
    if (!P->blk[b]) {
        P->blk[b] = calloc(PEND_BLOCK, sizeof(pend_task));
        P->mem[b] = malloc(sizeof(double) * (size_t)PEND_BLOCK * (size_t)(2 * n + nm));
        if (!P->blk[b] || !P->mem[b]) {
            /* neither half stays: a later call must not find a block without storage */
            free(P->blk[b]);
            free(P->mem[b]);
            P->blk[b] = NULL;
            P->mem[b] = NULL;
            return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        }
        for (int k = 0; k < PEND_BLOCK; k++) {
            pend_task *t = &P->blk[b][k];
            t->q = P->mem[b] + (size_t)k * (size_t)(2 * n + nm);
            t->p = t->q + n;
            t->x = t->p + n;
        }
    }
    pend_task *t = pend_at(P, P->len);
    t->psi = psi;
    t->pq = pq;
    t->src = src;
    if (q)
        memcpy(t->q, q, sizeof(double) * (size_t)n);
    pthread_mutex_lock(&P->mu);
    P->len++;
    pthread_cond_signal(&P->more);
    pthread_mutex_unlock(&P->mu);
    return DMX_OK;
}

/* The search no longer takes help (also when it never asked: closed forms). */
static void assist_over(glp_assist *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->mu);
    a->queue = NULL;
    a->over = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
}

/* Closes the outside helper's door: no one enters the queue after this. */
static void pend_detach(pending *P)
{
    assist_over(P->assist);
    P->assist = NULL;
}

/* Stops the helpers (after an error: the queued tasks' results are dropped)
 * and frees the queue once no outside helper is left in it. */
static void pend_free(pending *P)
{
    if (!P->g)
        return;
    pend_detach(P);
    pthread_mutex_lock(&P->mu);
    P->closed = 1;
    P->stop = 1;        /* skip what is still queued */
    pthread_cond_broadcast(&P->more);
    while (P->inside > 0)
        pthread_cond_wait(&P->idle, &P->mu);
    pthread_mutex_unlock(&P->mu);
    for (int i = 0; i < P->nth; i++)
        pthread_join(P->th[i], NULL);
    for (int b = 0; b < PEND_MAXBLOCK; b++) {
        free(P->blk[b]);
        free(P->mem[b]);
    }
    pthread_mutex_destroy(&P->mu);
    pthread_cond_destroy(&P->more);
    pthread_cond_destroy(&P->idle);
    memset(P, 0, sizeof *P);
}

/* A queue with nhelp helper threads, and `a`'s thread (if any) let in. */
static int pend_init(pending *P, const glp_inst *g, int nhelp, glp_assist *a, dmx_err *e)
{
    memset(P, 0, sizeof *P);
    if (pthread_mutex_init(&P->mu, NULL) != 0)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: cannot create a lock");
    if (pthread_cond_init(&P->more, NULL) != 0) {
        pthread_mutex_destroy(&P->mu);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: cannot create a condition variable");
    }
    if (pthread_cond_init(&P->idle, NULL) != 0) {
        pthread_cond_destroy(&P->more);
        pthread_mutex_destroy(&P->mu);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: cannot create a condition variable");
    }
    P->g = g;
    P->nhelp = nhelp < 0 ? 0 : nhelp < PEND_MAXHELP ? nhelp : PEND_MAXHELP;
    pend_open(P);
    if (a) {
        P->assist = a;
        pthread_mutex_lock(&a->mu);
        a->queue = P;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
    }
    return DMX_OK;
}

int glp_assist_init(glp_assist *a, dmx_err *e)
{
    memset(a, 0, sizeof *a);
    if (pthread_mutex_init(&a->mu, NULL) != 0)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: cannot create a lock");
    if (pthread_cond_init(&a->cv, NULL) != 0) {
        pthread_mutex_destroy(&a->mu);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: cannot create a condition variable");
    }
    return DMX_OK;
}

void glp_assist_free(glp_assist *a)
{
    pthread_cond_destroy(&a->cv);
    pthread_mutex_destroy(&a->mu);
}

void glp_assist_help(glp_assist *a)
{
    pthread_mutex_lock(&a->mu);
    while (!a->queue && !a->over)
        pthread_cond_wait(&a->cv, &a->mu);
    pending *P = a->queue;
    if (P) {
        pthread_mutex_lock(&P->mu);
        P->inside++;
        pthread_mutex_unlock(&P->mu);
    }
    pthread_mutex_unlock(&a->mu);
    if (!P)
        return;
    pend_work(P);
    pthread_mutex_lock(&P->mu);
    P->inside--;
    pthread_cond_broadcast(&P->idle);
    pthread_mutex_unlock(&P->mu);
}

/* Runs the fixed-q LP at every kink of V along q(ω_i) with the other types at base. */
static int line_search(const glp_inst *g, const double *base, int i, glp_mech *M,
                       design_memo *d, const int *must, glp_eqset *s, double *resid,
                       pending *P, dmx_err *e)
{
    enum { MAXK = 16 };
    int n = g->n, m = g->m, rc, nk = 0, found;
    double t[MAXK];
    double *q = malloc(sizeof(double) * (size_t)n);
    double *p = malloc(sizeof(double) * (size_t)n);
    double *x = malloc(sizeof(double) * (size_t)(n * m));
    if (!q || !p || !x) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    memcpy(q, base, sizeof(double) * (size_t)n);
    double hi = g->qbar[i], lo = 0;
    if (hi <= 0)
        goto out_ok;
    /* every point of this line leaves the same other types below q̄ */
    if (misses_must(g, must, q, i))
        goto out_ok;
    q[i] = lo;
    rc = design_q(g, q, M, d, e);
    if (rc != DMX_OK)
        goto out_free;
    double Vlo = M->V, slo = M->psi[i];
    q[i] = hi;
    rc = design_q(g, q, M, d, e);
    if (rc != DMX_OK)
        goto out_free;
    double Vhi = M->V, shi = M->psi[i];
    rc = kinks_1d(g, q, i, lo, Vlo, slo, hi, Vhi, shi, 0, M, d, t, &nk, MAXK, e);
    if (rc != DMX_OK)
        goto out_free;
    for (int k = 0; k < nk; k++) {
        q[i] = t[k];
        if (misses_must(g, must, q, -1) || atq_seen(d, q))
            continue;
        const unsigned char *pq = NULL;     /* P_q's basis at q (memo) */
        if (d) {
            rc = design_q(g, q, M, d, e);
            if (rc != DMX_OK)
                goto out_free;
            pq = d->last;
            if (cannot_clear(g, q, M->V))
                continue;
            int skip;
            rc = kept_type_fails(g, q, M->V, M, d, p, &skip, e);
            if (rc != DMX_OK)
                goto out_free;
            if (skip)
                continue;
        }
        if (P) {
            rc = pend_add(P, q, pq, NULL, "search: LP at a kink of V", s, resid, e);
            if (rc != DMX_OK)
                goto out_free;
            continue;
        }
        rc = at_q_lp(g, q, pq, &found, p, x, e);
        if (rc != DMX_OK)
            goto out_free;
        if (found) {
            rc = add_found(g, s, p, q, x, "search: LP at a kink of V", 0, resid, e);
            if (rc != DMX_OK)
                goto out_free;
        }
    }
out_ok:
    rc = DMX_OK;
out_free:
    free(q);
    free(p);
    free(x);
    return rc;
}

/* Deterministic LCG for the seeded random directions of the search. */
static double lcg01(uint64_t *st)
{
    *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*st >> 11) / 9007199254740992.0;
}

/* State of one run of the search. */
typedef struct srch {
    const glp_inst *g;
    const double *qce;
    const dmx_ctx *ctx;
    glp_eqset *s;
    double *resid;
    design_memo *d;       /* NULL: GLP_SEARCH_PLAIN */
    const int *must;      /* NULL: GLP_SEARCH_PLAIN */
    glp_mech M;
    double *p, *q, *x;    /* scratch n, n, n*m */
    double *psis;         /* maxpsi x n dual vertices met */
    double *walk;         /* n: next corner of the best-response walk */
    double *bases;        /* maxbase x n: corners met by the walk (step 6 bases) */
    int nbase, maxbase;
    int exact;            /* step 6: fixed-q LPs per record (at_q_lp_rec) */
    pending *pend;        /* steps 1-3 with two or more jobs: deferred LPs and MILPs */
    int npsi, maxpsi;
} srch;

static int srch_cancelled(const srch *S, dmx_err *e)
{
    return dmx_cancelled(S->ctx) ? dmx_err_set(e, DMX_ECANCELED, "glp: cancelled") : DMX_OK;
}

/* Fixed-q LP at S->q unless the pruning rules show it cannot give a verified
 * equilibrium; a found one is added with source src. */
static int try_at_q(srch *S, const char *src, dmx_err *e)
{
    const glp_inst *g = S->g;
    int rc, found, skip;
    if (misses_must(g, S->must, S->q, -1) || atq_seen(S->d, S->q))
        return DMX_OK;
    const unsigned char *pq = NULL;         /* P_q's basis at q (memo) */
    if (S->d) {
        rc = design_q(g, S->q, &S->M, S->d, e);
        if (rc != DMX_OK)
            return rc;
        pq = S->d->last;
        if (cannot_clear(g, S->q, S->M.V))
            return DMX_OK;
        rc = kept_type_fails(g, S->q, S->M.V, &S->M, S->d, S->p, &skip, e);
        if (rc != DMX_OK || skip)
            return rc;
    }
    if (S->pend && !S->exact)
        return pend_add(S->pend, S->q, pq, NULL, src, S->s, S->resid, e);
    double gain;
    rc = S->exact ? at_q_lp_rec(g, S->q, -1, -1, 0, &found, &gain, S->p, S->x, e)
                  : at_q_lp(g, S->q, pq, &found, S->p, S->x, e);
    if (rc == DMX_OK && found)
        rc = add_found(g, S->s, S->p, S->q, S->x, src, 0, S->resid, e);
    return rc;
}

/* Step 1: fixed-q LPs (exact at each q, any supporting prices): no trade, all
 * trade, the constrained-efficient q°, then the corners q(ω) ∈ {0, q̄(ω)} (all of
 * them for n ≤ 6; else the prefixes and suffixes of Ω). */
static int search_corners(srch *S, dmx_err *e)
{
    const glp_inst *g = S->g;
    int n = g->n, rc;
    int ncorner = n <= 6 ? (1 << n) : 2 * n;
    for (int c = 0; c < 3 + ncorner; c++) {
        const char *src = c == 0 ? "search: LP at q = 0" : c == 1 ? "search: LP at q = q̄"
                        : c == 2 ? "search: LP at q = q°" : "search: LP at a corner of [0, q̄]";
        if (c >= 3 && (rc = srch_cancelled(S, e)) != DMX_OK)
            return rc;
        for (int i = 0; i < n; i++) {
            int k = c - 3;
            S->q[i] = c == 0 ? 0 : c == 1 ? g->qbar[i] : c == 2 ? S->qce[i]
                    : n <= 6 ? ((k >> i & 1) ? g->qbar[i] : 0)
                    : k < n ? (i <= k ? g->qbar[i] : 0) : (i >= k - n ? g->qbar[i] : 0);
        }
        rc = try_at_q(S, src, e);
        if (rc != DMX_OK)
            return rc;
    }
    return DMX_OK;
}

/* Candidate database c of step 2 into q: the subsets (n ≤ 5), else prefixes,
 * suffixes, adjacent pairs and seeded random databases; c == ncand: q°. */
static void psi_candidate(const srch *S, int c, int ncand, uint64_t *st, double *q)
{
    const glp_inst *g = S->g;
    int n = g->n;
    for (int i = 0; i < n; i++)
        q[i] = c == ncand ? S->qce[i]
             : n <= 5 ? (((c + 1) >> i & 1) ? g->qbar[i] : 0)
             : c < n ? (i <= c ? g->qbar[i] : 0)                              /* prefixes */
             : c < 2 * n ? (i >= c - n ? g->qbar[i] : 0)                      /* suffixes */
             : c < 3 * n - 1 ? ((i == c - 2 * n || i == c - 2 * n + 1) ? g->qbar[i] : 0)
             : g->qbar[i] * lcg01(st);                                        /* random */
}

/* Step 2: dual vertices ψ of P'_q at candidate databases, then one MILP per ψ. */
static int search_psis(srch *S, dmx_err *e)
{
    const glp_inst *g = S->g;
    int n = g->n, rc, found;
    int ncand = n <= 5 ? (1 << n) - 1 : 3 * n + 8;
    uint64_t st = 0x9e3779b97f4a7c15ULL;
    for (int c = 0; c < ncand + 1 && S->npsi < S->maxpsi; c++) {
        if ((rc = srch_cancelled(S, e)) != DMX_OK)
            return rc;
        psi_candidate(S, c, ncand, &st, S->q);
        double tot = 0;
        for (int i = 0; i < n; i++)
            tot += S->q[i];
        if (tot <= 0)
            continue;
        rc = design_q(g, S->q, &S->M, S->d, e);
        if (rc != DMX_OK)
            return rc;
        int dup = 0;
        for (int k = 0; k < S->npsi && !dup; k++) {
            dup = 1;
            for (int i = 0; i < n; i++)
                if (fabs(S->psis[k * n + i] - S->M.psi[i]) > GLP_TOL_PSI * (1 + fabs(S->M.psi[i])))
                    dup = 0;
        }
        if (dup)
            continue;
        double *psi = S->psis + (S->npsi++) * n;
        memcpy(psi, S->M.psi, sizeof(double) * (size_t)n);
        /* with helpers its MILP starts now, beside the next candidates' P_q */
        if (S->pend && (rc = pend_add(S->pend, NULL, NULL, psi, NULL, S->s, S->resid, e)) != DMX_OK)
            return rc;
    }
    if (S->pend)
        return DMX_OK;
    for (int k = 0; k < S->npsi; k++) {
        if ((rc = srch_cancelled(S, e)) != DMX_OK)
            return rc;
        rc = milp_at_psi(g, S->psis + k * n, 0, &found, S->q, S->x, S->p, e);
        if (rc == DMX_OK && found)
            rc = add_found(g, S->s, S->p, S->q, S->x,
                           "search: MILP at a dual vertex ψ", 0, S->resid, e);
        if (rc != DMX_OK)
            return rc;
    }
    return DMX_OK;
}

/* Step 3: kinks of V along one type's quantity, the others at a corner (n ≤ 5) or
 * at 0 / q̄ / q° (larger n): equilibria supported by non-vertex prices. */
static int search_lines(srch *S, dmx_err *e)
{
    const glp_inst *g = S->g;
    int n = g->n, rc;
    int npat = n <= 5 ? (1 << (n - 1)) + 1 : 3;
    for (int i = 0; i < n; i++)
        for (int c = 0; c < npat; c++) {
            if ((rc = srch_cancelled(S, e)) != DMX_OK)
                return rc;
            for (int k = 0, b = 0; k < n; k++) {
                if (k == i)
                    S->q[k] = 0;
                else if (c == npat - 1)
                    S->q[k] = S->qce[k];
                else if (n <= 5)
                    S->q[k] = (c >> b++ & 1) ? g->qbar[k] : 0;
                else
                    S->q[k] = c == 0 ? 0 : g->qbar[k];
            }
            rc = line_search(g, S->q, i, &S->M, S->d, S->must, S->s, S->resid, S->pend, e);
            if (rc != DMX_OK)
                return rc;
        }
    return DMX_OK;
}

/* Remembers corner q (once) as a base of step 6. */
static void record_base(srch *S, const double *q)
{
    int n = S->g->n;
    for (int k = 0; k < S->nbase; k++)
        if (memcmp(S->bases + k * n, q, sizeof(double) * (size_t)n) == 0)
            return;
    if (S->nbase < S->maxbase)
        memcpy(S->bases + (S->nbase++) * n, q, sizeof(double) * (size_t)n);
}

/* Step 4 (only when steps 1-3 found nothing): a best-response walk over the
 * corners of [0, q̄].  At q the platform's optimal mechanism x and dual prices ψ
 * give every type her gain ψ + E_x u − r of selling; the next q sells exactly the
 * types with a positive gain.  Every corner met gets the fixed-q LP (which may
 * pick other optimal ψ and x than the walk's) and every ψ met the MILP at ψ.  The
 * walk starts at q°, q̄, 0 and seeded random corners and stops at the first
 * equilibrium found (or after a bounded number of steps). */
static int search_walk(srch *S, dmx_err *e)
{
    const glp_inst *g = S->g;
    int n = g->n, m = g->m, rc, found;
    uint64_t st = 0x2545f4914f6cdd1dULL;
    int nstart = 3 + 2 * n, steps = 2 * n + 4;
    for (int st0 = 0; st0 < nstart && S->s->neq == 0; st0++) {
        for (int i = 0; i < n; i++)
            S->q[i] = st0 == 0 ? S->qce[i] : st0 == 1 ? g->qbar[i] : st0 == 2 ? 0
                    : (lcg01(&st) < 0.5 ? g->qbar[i] : 0);
        for (int it = 0; it < steps && S->s->neq == 0; it++) {
            if ((rc = srch_cancelled(S, e)) != DMX_OK)
                return rc;
            record_base(S, S->q);
            rc = try_at_q(S, "search: LP at a best-response corner", e);
            if (rc != DMX_OK || S->s->neq > 0)
                return rc;
            double tot = 0;
            for (int i = 0; i < n; i++)
                tot += S->q[i];
            if (tot <= 0) {
                /* nobody sells: ψ at q = 0 is the smallest supporting price; use
                 * the dual at q̄ to learn what a seller would get */
                for (int i = 0; i < n; i++)
                    S->q[i] = g->qbar[i];
            }
            rc = design_q(g, S->q, &S->M, S->d, e);
            if (rc != DMX_OK)
                return rc;
            rc = milp_at_psi(g, S->M.psi, 1, &found, S->walk, S->x, S->p, e);
            if (rc != DMX_OK)
                return rc;
            if (found) {
                rc = add_found(g, S->s, S->p, S->walk, S->x, "search: MILP at a best-response ψ",
                               0, S->resid, e);
                if (rc != DMX_OK || S->s->neq > 0)
                    return rc;
            }
            int changed = 0;
            double *nqv = S->walk;
            for (int i = 0; i < n; i++) {
                double eu = 0;
                if (S->q[i] > GLP_TOL_ZERO) {
                    for (int j = 0; j < m; j++)
                        eu += g->u[i * m + j] * S->M.x[i * m + j];
                } else {
                    double minu = INFINITY;
                    for (int j = 0; j < m; j++)
                        minu = fmin(minu, g->u[i * m + j]);
                    eu = minu;
                }
                nqv[i] = S->M.psi[i] + eu - g->r[i] > 0 ? g->qbar[i] : 0;
            }
            /* a type about to switch may be indifferent at an interior q: the kinks
             * of V along its quantity, the others where they are */
            for (int i = 0; i < n && S->s->neq == 0; i++) {
                if (nqv[i] == S->q[i])
                    continue;
                changed = 1;
                rc = line_search(g, S->q, i, &S->M, S->d, S->must, S->s, S->resid, NULL, e);
                if (rc != DMX_OK)
                    return rc;
            }
            memcpy(S->q, nqv, sizeof(double) * (size_t)n);
            if (!changed && it > 0)
                break;
        }
    }
    return DMX_OK;
}

/* Range [*lo, *hi] of type i's gain per record, (ψ_i + E_x u_i − r_i), over the
 * profiles (ψ, χ) that meet every condition at S->q except the consumer rows of
 * types i and j (j < 0: none; two LPs, at_q_lp_rec); *feas = 0 when no such profile
 * exists. */
static int gain_range(srch *S, int i, int j, int *feas, double *lo, double *hi, dmx_err *e)
{
    int f[2], rc;
    double gv[2] = {0, 0};
    *feas = 0;
    for (int k = 0; k < 2; k++) {
        rc = at_q_lp_rec(S->g, S->q, i, j, k ? +1 : -1, &f[k], &gv[k], S->p, S->x, e);
        if (rc == DMX_EDATA) {
            /* the simplex stalled: this q is skipped (reported infeasible) */
            dmx_err_clear(e);
            return DMX_OK;
        }
        if (rc != DMX_OK || !f[k])
            return rc;
    }
    *feas = 1;
    *lo = gv[0];
    *hi = gv[1];
    return DMX_OK;
}

enum { IND_NONE, IND_FULL, IND_ZERO, IND_ROOT };

/* Along q_i = t ∈ (0, q̄_i], the other types at S->q (type j's consumer row left
 * out when j ≥ 0), finds a quantity at which type i's own condition can hold:
 * *kind = IND_FULL (t = q̄_i: she sells everything with a gain ≥ 0), IND_ZERO (she
 * keeps her records: *t = 0), IND_ROOT (*t interior, where her gain interval
 * contains 0 or jumps across it) or IND_NONE.  The bisection of step 6. */
static int find_indiff(srch *S, int i, int j, int *kind, double *tout, dmx_err *e)
{
    const glp_inst *g = S->g;
    int rc, feas;
    double lo, hi, a, b;
    *kind = IND_NONE;
    if (g->qbar[i] <= 0)
        return DMX_OK;
    b = g->qbar[i];
    S->q[i] = b;
    rc = gain_range(S, i, j, &feas, &lo, &hi, e);
    if (rc != DMX_OK || !feas)
        return rc;
    if (hi >= 0) {
        *kind = IND_FULL;
        *tout = b;
        return DMX_OK;
    }
    a = g->qbar[i] * 1e-9;
    S->q[i] = a;
    rc = gain_range(S, i, j, &feas, &lo, &hi, e);
    if (rc != DMX_OK || !feas)
        return rc;
    if (lo <= 0) {
        *kind = IND_ZERO;
        *tout = 0;
        return DMX_OK;
    }
    for (int it = 0; it < 60; it++) {
        if ((rc = srch_cancelled(S, e)) != DMX_OK)
            return rc;
        double t = 0.5 * (a + b);
        if (!(t > a && t < b))
            break;
        S->q[i] = t;
        rc = gain_range(S, i, j, &feas, &lo, &hi, e);
        if (rc != DMX_OK || !feas)
            return rc;
        if (lo > 0) {
            a = t;
        } else if (hi < 0) {
            b = t;
        } else {
            *kind = IND_ROOT;
            *tout = t;
            return DMX_OK;
        }
        if (b - a <= 1e-13 * g->qbar[i])
            break;
    }
    /* the gain jumps across 0 inside [a, b]: a kink of V, by tangent intersection */
    double Va, Vb, sa, sb, ts = 0.5 * (a + b);
    S->q[i] = a;
    if ((rc = design_q(g, S->q, &S->M, S->d, e)) != DMX_OK)
        return rc;
    Va = S->M.V;
    sa = S->M.psi[i];
    S->q[i] = b;
    if ((rc = design_q(g, S->q, &S->M, S->d, e)) != DMX_OK)
        return rc;
    Vb = S->M.V;
    sb = S->M.psi[i];
    if (sa - sb > 0) {
        double k = (Vb - Va + sa * a - sb * b) / (sa - sb);
        if (k >= a && k <= b)
            ts = k;
    }
    *kind = IND_ROOT;
    *tout = ts;
    return DMX_OK;
}

/* Step 6 (only when steps 1-5 found nothing): equilibria where one or two types
 * are indifferent at a database that is not a kink the earlier steps visit, as
 * in Case 2 of the two-type example (Galperti, Liu, Perego (2023), App. B.2),
 * where q*_2 solves the high type's indifference condition.
 *
 * One type: the other types stay at a base corner; along q_i = t ∈ (0, q̄_i] the
 * gains type i can get from the profiles (ψ, χ) meeting every other condition of
 * Definitions 1 and 4 at q form an interval [lo(t), hi(t)] (the profiles form a
 * polyhedron at fixed q and the gain is linear in them), and t ↦ [lo, hi] has a
 * closed graph (Lemma A.1, as in the proof of Lemma A.3).  If at a small t she
 * strictly wants to sell more (lo > 0) and at a larger t strictly less (hi < 0),
 * and the other conditions stay feasible in between, some t between has
 * 0 ∈ [lo(t), hi(t)]: a grid of t finds such a bracket, bisection the point (or
 * the kink of V where the gain jumps across 0).
 *
 * Two types: the same along q_i, where at each t a second type j sits on one
 * branch s_b(t) (branch_s): at q̄_j, at 0, at the root of her own gain (the
 * one-type bisection with type i's row left out) or at a kink of V along q_j, as
 * in the examples where one type is indifferent only at a kink of V (her price
 * then ranges over an interval) and the other at a root.  Every point found is
 * only a candidate: the fixed-q LP there (per record, at_q_lp_rec) and the
 * verifier decide. */

/* Second type's quantity s_b(t) on branch b at S->q (type i at t already set):
 * b = 0: s = q̄_j; 1: s = 0; 2: the root of type j's gain (find_indiff, type i's
 * row left out); b ≥ 3: the (b−3)-th kink of V along q_j.  *ok = 0: no such s. */
static int branch_s(srch *S, int i, int j, int b, int *ok, double *sj, dmx_err *e)
{
    const glp_inst *g = S->g;
    int rc, kind;
    *ok = 0;
    if (b == 0 || b == 1) {
        *sj = b == 0 ? g->qbar[j] : 0;
        *ok = 1;
        return DMX_OK;
    }
    if (b == 2) {
        rc = find_indiff(S, j, i, &kind, sj, e);
        *ok = rc == DMX_OK && kind == IND_ROOT;
        return rc;
    }
    enum { MAXK = 16 };
    double t[MAXK], Vlo, slo, Vhi, shi;
    int nk = 0;
    S->q[j] = 0;
    if ((rc = design_q(g, S->q, &S->M, S->d, e)) != DMX_OK)
        return rc;
    Vlo = S->M.V;
    slo = S->M.psi[j];
    S->q[j] = g->qbar[j];
    if ((rc = design_q(g, S->q, &S->M, S->d, e)) != DMX_OK)
        return rc;
    Vhi = S->M.V;
    shi = S->M.psi[j];
    rc = kinks_1d(g, S->q, j, 0, Vlo, slo, g->qbar[j], Vhi, shi, 0, &S->M, S->d, t, &nk, MAXK,
                  e);
    if (rc != DMX_OK || b - 3 >= nk)
        return rc;
    /* kinks_1d appends in no particular order: the (b−3)-th smallest */
    for (int x = 1; x < nk; x++)
        for (int y = x; y > 0 && t[y - 1] > t[y]; y--) {
            double tmp = t[y];
            t[y] = t[y - 1];
            t[y - 1] = tmp;
        }
    *sj = t[b - 3];
    *ok = 1;
    return DMX_OK;
}

/* S->q = base with q_i = t and the second type j (if any) on branch b; *ok = 0 when the
 * branch has no point there. */
static int set_point(srch *S, const double *base, int i, int j, int b, double t, int *ok,
                     dmx_err *e)
{
    double sj = 0;
    *ok = 1;
    memcpy(S->q, base, sizeof(double) * (size_t)S->g->n);
    S->q[i] = t;
    if (j >= 0) {
        int rc = branch_s(S, i, j, b, ok, &sj, e);
        if (rc != DMX_OK || !*ok)
            return rc;
        memcpy(S->q, base, sizeof(double) * (size_t)S->g->n);
        S->q[j] = sj;
    }
    S->q[i] = t;
    return DMX_OK;
}

/* Type i's gain range at q_i = t with the second type j (if any) on branch b. */
static int outer_eval(srch *S, const double *base, int i, int j, int b, double t, int *feas,
                      double *lo, double *hi, dmx_err *e)
{
    int ok;
    *feas = 0;
    int rc = set_point(S, base, i, j, b, t, &ok, e);
    if (rc != DMX_OK || !ok)
        return rc;
    return gain_range(S, i, -1, feas, lo, hi, e);
}

static int try_point(srch *S, const double *base, int i, int j, int b, double t, dmx_err *e)
{
    int ok;
    int rc = set_point(S, base, i, j, b, t, &ok, e);
    if (rc != DMX_OK || !ok)
        return rc;
    return try_at_q(S, "search: LP at a root of the consumers' gains", e);
}

/* Sign-change bisection on [a, c]: type i's gain interval is above 0 at a and
 * below 0 at c (both feasible). */
static int bisect_bracket(srch *S, const double *base, int i, int j, int b, double a,
                          double c, dmx_err *e)
{
    const glp_inst *g = S->g;
    int rc, feas;
    double lo, hi;
    for (int it = 0; it < 60 && S->s->neq == 0; it++) {
        if ((rc = srch_cancelled(S, e)) != DMX_OK)
            return rc;
        double t = 0.5 * (a + c);
        if (!(t > a && t < c))
            break;
        rc = outer_eval(S, base, i, j, b, t, &feas, &lo, &hi, e);
        if (rc != DMX_OK || !feas)
            return rc;
        if (lo > 0)
            a = t;
        else if (hi < 0)
            c = t;
        else
            return try_point(S, base, i, j, b, t, e);
        if (c - a <= 1e-13 * g->qbar[i])
            break;
    }
    rc = try_point(S, base, i, j, b, a, e);
    if (rc == DMX_OK && S->s->neq == 0)
        rc = try_point(S, base, i, j, b, c, e);
    return rc;
}

/* Scans q_i = t over a grid of (0, q̄_i] from the top (the second type on branch
 * b): a point whose gain interval contains 0 is tried at once; a feasible point
 * where she wants to sell more next to one where she wants to sell less brackets
 * a root, found by bisection.  The grid matters because a branch (a kink of V
 * along the second type's quantity, say) may exist on part of the line only. */
static int bisect_line(srch *S, const double *base, int i, int j, int b, dmx_err *e)
{
    enum { NGRID = 12 };
    const glp_inst *g = S->g;
    int rc, feas, down = 0;
    double lo, hi, c = 0;
    if (g->qbar[i] <= 0 || (j >= 0 && g->qbar[j] <= 0))
        return DMX_OK;
    for (int k = NGRID; k >= 0 && S->s->neq == 0; k--) {
        if ((rc = srch_cancelled(S, e)) != DMX_OK)
            return rc;
        double t = k > 0 ? g->qbar[i] * k / NGRID : g->qbar[i] * 1e-9;
        rc = outer_eval(S, base, i, j, b, t, &feas, &lo, &hi, e);
        if (rc != DMX_OK)
            return rc;
        if (!feas) {
            down = 0;
            continue;
        }
        if (k == NGRID ? hi >= 0 : (lo <= 0 && hi >= 0)) {
            rc = try_point(S, base, i, j, b, t, e);
            if (rc != DMX_OK)
                return rc;
            down = 0;
            continue;
        }
        if (lo > 0 && down) {
            rc = bisect_bracket(S, base, i, j, b, t, c, e);
            if (rc != DMX_OK)
                return rc;
        }
        down = hi < 0;
        c = t;
    }
    return DMX_OK;
}

/* Step 5 (only when steps 1-4 found nothing): prices on the segment between two
 * dual vertices ψ1, ψ2 (met in step 2, or gradients of V at seeded random
 * databases of full support), p = (1 − α) ψ1 + α ψ2, one MILP at each
 * of a few α.  At fixed prices every condition of Definitions 1 and 4 is linear
 * in (q, χ) (milp_at_psi), and an indifferent type's condition p + E_x u = r can
 * hold over a range of α because x moves with q, so a grid of α meets it. */
static int search_edges(srch *S, dmx_err *e)
{
    const glp_inst *g = S->g;
    int n = g->n, rc = DMX_OK, found;
    double *pp = malloc(sizeof(double) * (size_t)n);
    if (!pp)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    uint64_t st = 0x5851f42d4c957f2dULL;
    for (int c = 0; c < 8 * n && S->npsi < S->maxpsi && rc == DMX_OK; c++) {
        /* dual vertices at random databases of full support: the gradients of V */
        for (int i = 0; i < n; i++)
            S->q[i] = g->qbar[i] > 0 ? pow(10, -4 * lcg01(&st)) : 0;
        rc = design_q(g, S->q, &S->M, S->d, e);
        if (rc != DMX_OK)
            break;
        int dup = 0;
        for (int k = 0; k < S->npsi && !dup; k++) {
            dup = 1;
            for (int i = 0; i < n; i++)
                if (fabs(S->psis[k * n + i] - S->M.psi[i]) > GLP_TOL_PSI * (1 + fabs(S->M.psi[i])))
                    dup = 0;
        }
        if (!dup)
            memcpy(S->psis + (S->npsi++) * n, S->M.psi, sizeof(double) * (size_t)n);
    }
    for (int k1 = 0; k1 < S->npsi && S->s->neq == 0 && rc == DMX_OK; k1++)
        for (int k2 = k1 + 1; k2 < S->npsi && S->s->neq == 0 && rc == DMX_OK; k2++)
            for (int a = 1; a < 8 && S->s->neq == 0 && rc == DMX_OK; a++) {
                if ((rc = srch_cancelled(S, e)) != DMX_OK)
                    break;
                double al = a / 8.0;
                for (int i = 0; i < n; i++)
                    pp[i] = (1 - al) * S->psis[k1 * n + i] + al * S->psis[k2 * n + i];
                rc = milp_at_psi(g, pp, 1, &found, S->walk, S->x, S->p, e);
                if (rc == DMX_OK && found)
                    rc = add_found(g, S->s, S->p, S->walk, S->x,
                                   "search: MILP between two dual vertices", 0, S->resid, e);
            }
    free(pp);
    return rc;
}

/* 1 when an earlier base (index < k) equals base k outside types i and j (whose
 * quantities a line search sets itself). */
static int base_seen(const double *bases, int k, int n, int i, int j)
{
    for (int l = 0; l < k; l++) {
        int same = 1;
        for (int x = 0; x < n && same; x++)
            if (x != i && x != j && bases[l * n + x] != bases[k * n + x])
                same = 0;
        if (same)
            return 1;
    }
    return 0;
}

/* Step 6 over the bases q°, q̄, 0 and the corners the walk met (each base once
 * per pair of types it leaves free): first each type alone, then each ordered
 * pair (i, j) with j on each branch of branch_s. */
static int search_bisect(srch *S, dmx_err *e)
{
    const glp_inst *g = S->g;
    int n = g->n, rc = DMX_OK, nb;
    /* bases: q°, q̄, 0, then the corners the walk met */
    double *bases = malloc(sizeof(double) * (size_t)(n * (S->nbase + 3)));
    double *base = malloc(sizeof(double) * (size_t)n);
    if (!bases || !base) {
        free(bases);
        free(base);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    }
    for (int c = 0; c < 3; c++)
        for (int i = 0; i < n; i++)
            bases[c * n + i] = c == 0 ? S->qce[i] : c == 1 ? g->qbar[i] : 0;
    memcpy(bases + 3 * n, S->bases, sizeof(double) * (size_t)(n * S->nbase));
    nb = 3 + S->nbase;
    for (int k = 0; k < nb && S->s->neq == 0 && rc == DMX_OK; k++) {
        for (int i = 0; i < n && S->s->neq == 0 && rc == DMX_OK; i++) {
            if (base_seen(bases, k, n, i, -1))
                continue;
            memcpy(base, bases + k * n, sizeof(double) * (size_t)n);
            rc = bisect_line(S, base, i, -1, 0, e);
        }
        for (int i = 0; i < n && S->s->neq == 0 && rc == DMX_OK; i++)
            for (int j = 0; j < n && S->s->neq == 0 && rc == DMX_OK; j++) {
                if (j == i || base_seen(bases, k, n, i, j))
                    continue;
                for (int b = 0; b < 3 + 8 && S->s->neq == 0 && rc == DMX_OK; b++) {
                    memcpy(base, bases + k * n, sizeof(double) * (size_t)n);
                    rc = bisect_line(S, base, i, j, b, e);
                }
            }
    }
    free(bases);
    free(base);
    return rc;
}

/* The search (docs/models/glp.md): fixed-q LPs at the natural candidates, then
 * one MILP per dual vertex ψ of P'_q met at candidate databases, then the kinks
 * of V along lines. */
static int search(const glp_inst *g, const double *qce, const dmx_ctx *ctx, glp_eqset *s,
                  double *resid, int use_memo, glp_assist *assist, dmx_err *e)
{
    int n = g->n, m = g->m, rc = DMX_OK;
    srch S;
    design_memo memo;
    pending pend;
    memset(&S, 0, sizeof S);
    memset(&memo, 0, sizeof memo);
    memset(&pend, 0, sizeof pend);
    S.g = g;
    S.qce = qce;
    S.ctx = ctx;
    S.s = s;
    S.resid = resid;
    S.maxpsi = 64;
    S.p = malloc(sizeof(double) * (size_t)n);
    S.q = malloc(sizeof(double) * (size_t)n);
    S.x = malloc(sizeof(double) * (size_t)(n * m));
    S.psis = malloc(sizeof(double) * (size_t)(n * S.maxpsi));
    S.walk = malloc(sizeof(double) * (size_t)n);
    S.maxbase = 256;
    S.bases = malloc(sizeof(double) * (size_t)(n * S.maxbase));
    int *mustv = calloc((size_t)n, sizeof(int));
    if (!S.p || !S.q || !S.x || !S.psis || !S.walk || !S.bases || !mustv) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    if (use_memo) {
        must_sell(g, mustv);
        S.must = mustv;
        S.d = &memo;
        rc = memo_init(&memo, g, 512, e);
        if (rc != DMX_OK)
            goto out_free;
    }
    rc = glp_mech_alloc(g, &S.M, e);
    if (rc == DMX_OK && use_memo && dmx_grid_jobs(ctx) >= 2 &&
        (rc = pend_init(&pend, g, dmx_grid_jobs(ctx) - 1 - (assist != NULL), assist, e)) ==
            DMX_OK)
        S.pend = &pend;
    if (rc == DMX_OK)
        rc = search_corners(&S, e);
    if (rc == DMX_OK)
        rc = search_psis(&S, e);
    if (rc == DMX_OK)
        rc = search_lines(&S, e);
    if (rc == DMX_OK && S.pend) {
        pend_detach(S.pend);
        rc = pend_drain(S.pend, s, resid, e);
    }
    /* from step 4 on, each step reads what was found: LPs run at once */
    S.pend = NULL;
    if (rc == DMX_OK && s->neq == 0)
        rc = search_walk(&S, e);
    S.exact = 1;
    if (rc == DMX_OK && s->neq == 0)
        rc = search_edges(&S, e);
    if (rc == DMX_OK && s->neq == 0)
        rc = search_bisect(&S, e);

out_free:
    pend_free(&pend);
    free(mustv);
    memo_free(&memo);
    glp_mech_free(&S.M);
    free(S.p);
    free(S.q);
    free(S.x);
    free(S.psis);
    free(S.walk);
    free(S.bases);
    return rc;
}

int glp_competitive_search(const glp_inst *g, const double *qce, const dmx_ctx *ctx,
                           int flags, glp_eqset *s, double *resid, dmx_err *e)
{
    memset(s, 0, sizeof *s);
    s->how = GLP_CS_SEARCH;
    return search(g, qce, ctx, s, resid, !(flags & GLP_SEARCH_PLAIN), NULL, e);
}

static int competitive(const glp_inst *g, const double *qce, const dmx_ctx *ctx,
                       glp_assist *a, glp_eqset *s, double *resid, dmx_err *e)
{
    int n = g->n, m = g->m, rc;
    memset(s, 0, sizeof *s);
    if (glp2_applies(g)) {
        s->how = GLP_CS_TWOTYPE;
        rc = glp2_equilibria(g, s, e);
        if (rc != DMX_OK)
            return rc;
        /* Section 4.1 / App. B.2 characterise every equilibrium allocation; Case 4
         * lists three members of a continuum */
        s->complete = glp2_case(g->r[0], g->gu) != GLP2_CASE4;
        for (int k = 0; k < s->neq; k++) {
            double res = 0;
            glp_eq *q = &s->eq[k];
            rc = glp_competitive_verify(g, q->p, q->zeta, q->q, q->x, GLP_TOL, &q->verified,
                                        q->why, sizeof q->why, &res, e);
            if (rc != DMX_OK)
                return rc;
            if (resid && res > *resid)
                *resid = res;
        }
        return DMX_OK;
    }
    if (g->gp > g->gu && g->omega_in_A) {
        /* Prop. 3: full disclosure, p(ω) = γ_π ω, q(ω) = q̄ if r < γ_π ω, 0 if > */
        s->how = GLP_CS_PROP3;
        snprintf(s->label, sizeof s->label, "Prop 3: full disclosure");
        snprintf(s->badge, sizeof s->badge, "Prop 3: efficient (full disclosure)");
        snprintf(s->text, sizeof s->text,
                 "γ_π > γ_u: the platform cares more about the merchant's profit than about "
                 "consumer surplus, so it tells the merchant every consumer's type (full "
                 "disclosure). No records are pooled, hence no pooling externality: each "
                 "record is worth γ_π ω to the platform whoever else sells, and the "
                 "competitive equilibrium is constrained efficient (Proposition 3). "
                 "Consumers get W°.");
        double *p = calloc((size_t)n, sizeof(double));
        double *q = calloc((size_t)n, sizeof(double));
        double *x = calloc((size_t)(n * m), sizeof(double));
        int tie = 0;
        if (!p || !q || !x) {
            free(p);
            free(q);
            free(x);
            return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        }
        for (int i = 0; i < n; i++) {
            p[i] = g->gp * g->w[i];
            q[i] = g->r[i] <= p[i] ? g->qbar[i] : 0;
            tie |= g->r[i] == p[i] && g->qbar[i] > 0;
            for (int j = 0; j < m; j++)
                if (g->a[j] == g->w[i])
                    x[i * m + j] = 1;      /* full disclosure: fee = ω (ω ∈ A) */
        }
        rc = add_found(g, s, p, q, x, "Prop 3 (closed form)", 1, resid, e);
        free(p);
        free(q);
        free(x);
        if (rc == DMX_OK && s->neq == 0)
            snprintf(s->label, sizeof s->label, "Prop 3: not verified");
        /* Prop. 3: the equilibrium allocation is unique unless some type is
         * indifferent (then a continuum, one member shown) */
        s->complete = s->neq == 1 && !tie;
        if (tie)
            snprintf(s->continuum, sizeof s->continuum,
                     "types with r(ω) = γ_π ω are indifferent: any q(ω) ∈ [0, q̄(ω)] is an "
                     "equilibrium (q̄ shown)");
        return rc;
    }
    s->how = GLP_CS_SEARCH;
    rc = search(g, qce, ctx, s, resid, 1, a, e);
    if (rc != DMX_OK)
        return rc;
    snprintf(s->label, sizeof s->label, "search: none found");
    snprintf(s->badge, sizeof s->badge, "General Ω: search (docs/models/glp.md)");
    return DMX_OK;
}

int glp_competitive(const glp_inst *g, const double *qce, const dmx_ctx *ctx,
                    glp_eqset *s, double *resid, dmx_err *e)
{
    return competitive(g, qce, ctx, NULL, s, resid, e);
}

int glp_competitive_assisted(const glp_inst *g, const double *qce, const dmx_ctx *ctx,
                             glp_assist *a, glp_eqset *s, double *resid, dmx_err *e)
{
    int rc = competitive(g, qce, ctx, a, s, resid, e);
    assist_over(a);
    return rc;
}
