/* welfare.c -- the welfare benchmarks of Sections 3 and 5.2:
 *   W(q,x)  = Σ (v + u) χ + Σ (q̄ − q) r            (eq. 1)
 *   SW(q,x) = W(q,x) + Σ π χ                        (eq. B.1)
 *   first best W† (Def. 6, problem FB) and constrained efficiency W° (Def. 3, SB). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "glp.h"

double glp_W(const glp_inst *g, const double *q, const double *chi)
{
    double s = 0;
    for (int i = 0; i < g->n; i++) {
        s += (g->qbar[i] - q[i]) * g->r[i];
        for (int j = 0; j < g->m; j++)
            s += (g->v[i * g->m + j] + g->u[i * g->m + j]) * chi[i * g->m + j];
    }
    return s;
}

double glp_SW(const glp_inst *g, const double *q, const double *chi)
{
    double s = glp_W(g, q, chi);
    for (int k = 0; k < g->n * g->m; k++)
        s += g->pi[k] * chi[k];
    return s;
}

void glp_fb_free(glp_fb *fb)
{
    free(fb->q);
    free(fb->mu);
    free(fb->mu_fixed);
    fb->q = fb->mu = NULL;
    fb->mu_fixed = NULL;
    glp_mech_free(&fb->M);
}

/* Def. 6 (FB): max Σ (v + u − r) χ + R over obedient χ ≥ 0 with Σ_a χ(a,ω) ≤ q̄(ω).
 * μ(ω) ≥ 0 are the duals of those caps (they give the Lindahl prices, Prop. 5). */
int glp_first_best(const glp_inst *g, double wpi, glp_fb *fb, dmx_err *e)
{
    int n = g->n, m = g->m, rc;
    memset(fb, 0, sizeof *fb);
    dmx_lp *lp = glp_lp_new(g, 1, n * m);
    int *idx = malloc(sizeof(int) * (size_t)m);
    double *val = malloc(sizeof(double) * (size_t)m);
    int *row = malloc(sizeof(int) * (size_t)n);
    fb->q = calloc((size_t)n, sizeof(double));
    fb->mu = calloc((size_t)n, sizeof(double));
    fb->mu_fixed = calloc((size_t)n, sizeof(int));
    if (!lp || !idx || !val || !row || !fb->q || !fb->mu || !fb->mu_fixed) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    rc = glp_mech_alloc(g, &fb->M, e);
    if (rc != DMX_OK)
        goto out_free;
    dmx_lp_set_obj_const(lp, g->R);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
            dmx_lp_set_obj(lp, i * m + j, g->v[i * m + j] + g->u[i * m + j] +
                                               wpi * g->pi[i * m + j] - g->r[i]);
            idx[j] = i * m + j;
            val[j] = 1.0;
        }
        row[i] = dmx_lp_add_row(lp, m, idx, val, DMX_LP_UP, 0, g->qbar[i], e);
        if (row[i] < 0) {
            rc = e ? e->code : DMX_EINTERNAL;
            goto out_free;
        }
    }
    rc = glp_add_obedience(g, lp, 0, e);
    if (rc != DMX_OK)
        goto out_free;
    rc = dmx_lp_solve_optimal(lp, "first best (Def. 6)", e);
    if (rc != DMX_OK)
        goto out_free;
    fb->W = dmx_lp_obj(lp);
    fb->M.su = fb->M.spi = 0;
    for (int i = 0; i < n; i++) {
        double mu = dmx_lp_row_dual(lp, row[i]);
        fb->mu[i] = mu < 0 && mu > -GLP_TOL_SNAP ? 0 : mu;
        double qi = 0;
        for (int j = 0; j < m; j++) {
            double c = dmx_lp_x(lp, i * m + j);
            if (c < 0)
                c = 0;
            fb->M.chi[i * m + j] = c;
            qi += c;
            fb->M.su += g->u[i * m + j] * c;
            fb->M.spi += g->pi[i * m + j] * c;
        }
        if (qi > g->qbar[i])
            qi = g->qbar[i];
        fb->q[i] = qi;
        if (qi > GLP_TOL_ZERO)
            for (int j = 0; j < m; j++)
                fb->M.x[i * m + j] = fb->M.chi[i * m + j] / qi;
        else
            glp_offpath_row(g, i, fb->M.x + i * m);
    }
    fb->M.V = 0;
    for (int k = 0; k < n * m; k++)
        fb->M.V += g->v[k] * fb->M.chi[k];
    fb->kkt = dmx_lp_kkt_residual(lp);
    fb->M.kkt = fb->kkt;
    /* μ(ω) is unique when the optimum is linear in q̄(ω) near q̄: always for a
     * primal non-degenerate basis, else when no basic variable at a bound moves
     * with that row's bound (the projection of the optimal dual face on μ(ω) is
     * [right, left] derivative of W† in q̄(ω)).  The others get range LPs. */
    int degen = dmx_lp_primal_degenerate(lp, GLP_TOL_SNAP);
    fb->mu_unique = 1;
    for (int i = 0; i < n; i++) {
        int f = degen ? dmx_lp_row_dual_fixed(lp, row[i], GLP_TOL_SNAP, e) : 1;
        if (f < 0) {
            rc = dmx_err_code(e);
            goto out_free;
        }
        fb->mu_fixed[i] = f;
        fb->mu_unique &= f;
    }
out_free:
    dmx_lp_free(lp);
    free(idx);
    free(val);
    free(row);
    if (rc != DMX_OK)
        glp_fb_free(fb);
    return rc;
}

/* The feasible set of the μ-range LPs (see glp_fb_mu_range). */
static dmx_lp *mu_range_lp(const glp_inst *g, const glp_fb *fb, double *val, dmx_err *e)
{
    int n = g->n, m = g->m, nl = m * (m - 1), nc = n + nl;
    dmx_lp *lp = glp_lp_new(g, 0, nc);
    if (!lp) {
        dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++)
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
                                     g->v[i * m + j] + g->u[i * m + j] - g->r[i], 0, e) < 0)
                goto out_fail;
        }
    memset(val, 0, sizeof(double) * (size_t)nc);
    for (int i = 0; i < n; i++)
        val[i] = g->qbar[i];
    double opt = fb->W - g->R;
    if (dmx_lp_add_row_dense(lp, val, DMX_LP_UP, 0, opt + GLP_TOL_FACE * (1 + fabs(opt)), e) < 0)
        goto out_fail;
    return lp;
out_fail:
    dmx_lp_free(lp);
    return NULL;
}

int glp_fb_mu_range(const glp_inst *g, const glp_fb *fb, double *lo, double *hi, dmx_err *e)
{
    /* Dual of FB: min Σ μ q̄ s.t. μ(ω) − Σ_k (π(a_j,ω) − π(a_k,ω)) λ(k|j) ≥ v + u − r,
     * μ, λ ≥ 0; restricted to Σ μ q̄ ≤ W† − R (the optimal face).  The range LPs share
     * this feasible set: it is built once and re-solved with objective ±μ(ω_i),
     * GLPK warm-starting from the previous optimal basis (the optimal VALUES are
     * unique, so the result equals 2n fresh solves up to LP round-off; the regression
     * test compares with such a reference);
     * max μ_i = −min(−μ_i).
     * These degenerate LPs can stall the primal simplex when masses or values span
     * orders of magnitude; dmx_lp_solve cuts a stall short and re-solves scaled
     * (lp.c), so no special path is needed here. */
    int n = g->n, m = g->m, nl = m * (m - 1), nc = n + nl, rc = DMX_OK;
    double *val = calloc((size_t)nc, sizeof(double));
    dmx_lp *lp = NULL;
    if (!val) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    /* A μ_i that the first best's basis shows unique (fb->mu_fixed) is the point
     * μ*_i = fb->mu[i] over the whole face; the others form S.  First the
     * maximisations of μ_i, i ∈ S, and one minimisation of Σ_S μ_i.  If every
     * max μ_i ≤ μ*_i + t and min Σ_S μ_i ≥ Σ_S μ*_i − t (μ* a point of the face),
     * then every point μ of the face has μ_i − μ*_i ≤ t and Σ_S (μ_i − μ*_i) ≥ −t,
     * hence μ_i − μ*_i ≥ −|S| t: each range is within (n+1) t, below the caller's
     * uniqueness tolerance, and is reported as the point [μ*_i, μ*_i].  Only
     * otherwise are the minimisations over S solved (2|S| + 1 LPs; |S| + 1 in the
     * usual unique case, none when every μ_i is fixed). */
    int certain = 1, ns = 0;
    double sum_star = 0, tol = 0;
    for (int i = 0; i < n; i++) {
        lo[i] = hi[i] = fb->mu[i];
        tol = fmax(tol, 1 + fabs(fb->mu[i]));
        if (fb->mu_fixed && fb->mu_fixed[i])
            continue;
        ns++;
        sum_star += fb->mu[i];
    }
    if (ns == 0)
        goto out_free;
    tol *= GLP_TOL_AGREE / (4.0 * (n + 1));
    lp = mu_range_lp(g, fb, val, e);
    if (!lp) {
        rc = dmx_err_code(e);
        goto out_free;
    }
    for (int pass = 0; pass <= 2 * n; pass++) {
        /* passes 0..n-1: max μ_i; pass n: min Σ_S μ; passes n+1..2n: min μ_i (i ∈ S) */
        int i0 = pass < n ? pass : pass - n - 1, maxim = pass < n;
        if (pass == n + 1 && certain)
            break;
        if (pass != n && fb->mu_fixed && fb->mu_fixed[i0])
            continue;
        for (int i = 0; i < n; i++)
            dmx_lp_set_obj(lp, i, pass == n ? !(fb->mu_fixed && fb->mu_fixed[i])
                                            : i == i0 ? (maxim ? -1 : 1) : 0);
        rc = dmx_lp_solve(lp, e);
        if (rc != DMX_OK)
            goto out_free;
        dmx_lp_status st = dmx_lp_get_status(lp);
        double v = st == DMX_LP_OPTIMAL ? dmx_lp_obj(lp)
                 : st == DMX_LP_UNBOUNDED ? -INFINITY : NAN;
        if (maxim) {
            hi[i0] = -v;
            certain &= isfinite(v) && -v <= fb->mu[i0] + tol;
        } else if (pass == n) {
            certain &= isfinite(v) && v >= sum_star - tol;
        } else {
            lo[i0] = v;
        }
    }
    if (certain) {
        memcpy(lo, fb->mu, sizeof(double) * (size_t)n);
        memcpy(hi, fb->mu, sizeof(double) * (size_t)n);
    }
out_free:
    dmx_lp_free(lp);
    free(val);
    return rc;
}

/* Def. 3 by a KKT/MILP of the bilevel SB, which does not use the triangle: the
 * KKT conditions of P_q, complementary slackness by binaries and big-M bounds (ψ, λ
 * boxed generously; footnote 20 bounds the relevant prices by (γ_π + γ_u) max ω).
 * Every point it accepts has χ optimal for P_q, so its value never exceeds W°.
 * No longer on the compute path (the triangle reduction covers every instance,
 * docs/models/glp.md); the tests use it as an independent cross-check. */
int glp_ce_kkt_milp(const glp_inst *g, double wpi, double *Wout, double *qout, dmx_err *e)
{
    int n = g->n, m = g->m, nm = n * m, nl = m * (m - 1);
    int cq = nm, cpsi = nm + n, cl = cpsi + n, cb = cl + nl, cc = cb + nm, nc = cc + nl;
    double wmax = g->w[n - 1];
    double LAM = 50 * (1 + g->gu + g->gp) * (1 + wmax);
    double PSI = LAM;
    int rc = DMX_OK;
    dmx_lp *lp = glp_lp_new(g, 1, nc);
    double *val = calloc((size_t)nc, sizeof(double));
    if (!lp || !val) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    dmx_lp_set_obj_const(lp, g->R);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++)
            dmx_lp_set_obj(lp, i * m + j, g->v[i * m + j] + g->u[i * m + j] +
                                              wpi * g->pi[i * m + j] - g->r[i]);
        dmx_lp_set_col_bounds(lp, cq + i, DMX_LP_DB, 0, g->qbar[i]);
        dmx_lp_set_col_bounds(lp, cpsi + i, DMX_LP_DB, -PSI, PSI);
    }
    for (int k = 0; k < nl; k++) {
        dmx_lp_set_col_bounds(lp, cl + k, DMX_LP_DB, 0, LAM);
        dmx_lp_set_col_int(lp, cc + k, 1);
    }
    for (int k = 0; k < nm; k++)
        dmx_lp_set_col_int(lp, cb + k, 1);
#define ROW(type, lo, hi)                                                                  \
    do {                                                                                   \
        if (dmx_lp_add_row_dense(lp, val, type, lo, hi, e) < 0) {                          \
            rc = dmx_err_code(e);                                   \
            goto out_free;                                                                 \
        }                                                                                  \
        memset(val, 0, sizeof(double) * (size_t)nc);                                       \
    } while (0)
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++)
            val[i * m + j] = 1;
        val[cq + i] = -1;
        ROW(DMX_LP_FX, 0, 0);
    }
    for (int j = 0, l = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            if (k == j)
                continue;
            for (int i = 0; i < n; i++)
                val[i * m + j] = g->pi[i * m + j] - g->pi[i * m + k];
            ROW(DMX_LP_LO, 0, 0);
            /* the obedience slack is at most Σ_ω max{π(a_j,ω) − π(a_k,ω), 0} q̄(ω) */
            double MO = 0;
            for (int i = 0; i < n; i++) {
                val[i * m + j] = g->pi[i * m + j] - g->pi[i * m + k];
                MO += fmax(val[i * m + j], 0) * g->qbar[i];
            }
            val[cc + l] = MO;
            ROW(DMX_LP_UP, 0, MO);
            val[cl + l] = 1;
            val[cc + l] = -LAM;
            ROW(DMX_LP_UP, 0, 0);
            l++;
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            /* the dual slack ψ − v − Σ_k (π(a_j,ω) − π(a_k,ω)) λ(k|j) within the boxes */
            double MS = PSI - g->v[i * m + j];
            for (int k = 0; k < m; k++)
                MS += fmax(g->pi[i * m + k] - g->pi[i * m + j], 0) * LAM;
            for (int pass = 0; pass < 2; pass++) {
                val[cpsi + i] = 1;
                for (int k = 0, l = j * (m - 1); k < m; k++)
                    if (k != j)
                        val[cl + l++] = -(g->pi[i * m + j] - g->pi[i * m + k]);
                if (pass == 0) {
                    ROW(DMX_LP_LO, g->v[i * m + j], 0);
                } else {
                    val[cb + i * m + j] = MS;
                    ROW(DMX_LP_UP, 0, MS + g->v[i * m + j]);
                }
            }
            val[i * m + j] = 1;
            val[cb + i * m + j] = -g->qbar[i];
            ROW(DMX_LP_UP, 0, 0);
        }
#undef ROW
    rc = dmx_lp_solve_mip(lp, e);
    if (rc == DMX_OK && dmx_lp_get_status(lp) != DMX_LP_OPTIMAL)
        rc = dmx_err_set(e, DMX_EDATA, "constrained efficiency (KKT/MILP): the MILP is %s "
                         "(its boxes on the duals exclude every optimal dual of P_q, or "
                         "round-off at this scale)",
                         dmx_lp_status_name(dmx_lp_get_status(lp)));
    if (rc == DMX_OK) {
        *Wout = dmx_lp_obj(lp);
        for (int i = 0; i < n; i++) {
            double qi = dmx_lp_x(lp, cq + i);
            qout[i] = qi < 0 ? 0 : qi > g->qbar[i] ? g->qbar[i] : qi;
        }
    }
out_free:
    dmx_lp_free(lp);
    free(val);
    return rc;
}

void glp_ce_free(glp_ce *ce)
{
    free(ce->q);
    ce->q = NULL;
    glp_mech_free(&ce->M);
}

/* Def. 3 (SB) by the triangle reduction (docs/models/glp.md).  W depends on χ only through
 * (γ_u + 1) s_u + γ_π s_π and the platform's choice fixes the point of the triangle:
 *   γ_u ≥ γ_π: W°(q) = (1+γ_u)(w* − π*) + γ_π π* + Σ(q̄ − q) r  (consumer-optimal
 *              vertex; at γ_u = γ_π the planner takes that end of the hypotenuse);
 *   γ_π > γ_u: W°(q) = γ_π w* + Σ(q̄ − q) r  (full disclosure, Prop. 3).
 * w* is linear and π* convex piecewise linear in q, so the first case is one LP in
 * (q, t) with t ≥ Σ_ω π(a,ω) q(ω) for every a; the second is separable.
 * With wpi = 1 the same reduction gives Def. 7 (SW adds s_π): the coefficient of
 * π* becomes γ_u − γ_π ≥ 0 and full disclosure weighs ω by γ_π + 1 (App. B.1).
 *
 * Fees that are not types (Ω ⊄ A): π(a,ω) = a·1(ω ≥ a) depends on ω only through
 * ω̃ = max{a ∈ A : a ≤ ω}, so obedience is the Bergemann-Brooks-Morris problem on
 * the values ω̃ ⊆ A, and a sale gives the consumer ω − a = (ω − ω̃) + (ω̃ − a).
 * Every point of the triangle on ω̃ where everyone with ω ≥ a_1 buys (its
 * consumer-optimal vertex and full disclosure) therefore moves by Σ (ω − ω̃) q in
 * s_u: the consumer-optimal point is (w* − π*, π*) with w* = Σ_{ω ≥ a_1} ω q(ω)
 * (glp_w_star), so the first case holds as written; full disclosure becomes
 * (Σ (ω − ω̃) q, Σ ω̃ q), which ce_prop3 uses.  test_glp_welfare_milp checks both
 * against the KKT/MILP and a grid over q. */
/* The highest fee a type can pay, ω̃ = max{a ∈ A : a ≤ ω} (the type's value when
 * ω ∈ A); 0 when every fee is above ω (such a type never buys). */
static double eff_value(const glp_inst *g, int i)
{
    double best = 0;
    for (int j = 0; j < g->m && g->a[j] <= g->w[i]; j++)
        best = g->a[j];
    return best;
}

/* Def. 3 when γ_π > γ_u: full disclosure (Prop. 3), a type sells iff its record
 * is worth at least its outside option.  With fees that are not types, full
 * disclosure charges each type ω its ω̃ (the highest fee ≤ ω): the platform gets
 * γ_u (ω − ω̃) + γ_π ω̃ per record, which is the most any obedient mechanism can
 * give it for that record (docs/models/glp.md), and W gains
 * (1 + γ_u)(ω − ω̃) + (γ_π + wpi) ω̃; when ω ∈ A this is (γ_π + wpi) ω. */
static int ce_prop3(const glp_inst *g, double wpi, glp_ce *ce, dmx_err *e)
{
    int n = g->n, rc;
    ce->W = g->R;
    for (int i = 0; i < n; i++) {
        double wt = eff_value(g, i), gain;
        if (g->w[i] < g->a[0])
            gain = 0;
        else if (wt == g->w[i])
            gain = (g->gp + wpi) * g->w[i];
        else
            gain = (1 + g->gu) * (g->w[i] - wt) + (g->gp + wpi) * wt;
        ce->q[i] = gain >= g->r[i] ? g->qbar[i] : 0;
        ce->W += (gain - g->r[i]) * ce->q[i];
    }
    rc = glp_design(g, ce->q, &ce->M, e);
    ce->kkt = ce->M.kkt;
    return rc;
}

/* Def. 3 by the triangle reduction (docs/models/glp.md): one LP in (q, t),
 * t ≥ π*(q), then the planner's mechanism at q°. */
static int ce_triangle(const glp_inst *g, double wpi, glp_ce *ce, dmx_err *e)
{
    int n = g->n, m = g->m, rc = DMX_OK;
    dmx_lp *lp = NULL;
    int *idx = NULL;
    double *val = NULL;
    double K = 1 + g->gu - g->gp - wpi;   /* ≥ 0 because γ_u ≥ γ_π and wpi ≤ 1 */
    lp = glp_lp_new(g, 1, n + 1);
    idx = malloc(sizeof(int) * (size_t)(n + 1));
    val = malloc(sizeof(double) * (size_t)(n + 1));
    if (!lp || !idx || !val) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        goto out_free;
    }
    dmx_lp_set_obj_const(lp, g->R);
    for (int i = 0; i < n; i++) {
        double ws = g->w[i] >= g->a[0] ? g->w[i] : 0;
        dmx_lp_set_obj(lp, i, (1 + g->gu) * ws - g->r[i]);
        dmx_lp_set_col_bounds(lp, i, DMX_LP_DB, 0, g->qbar[i]);
    }
    dmx_lp_set_obj(lp, n, -K);
    dmx_lp_set_col_bounds(lp, n, DMX_LP_FREE, 0, 0);
    for (int j = 0; j < m; j++) {
        int nnz = 0;
        idx[nnz] = n;
        val[nnz++] = 1.0;
        for (int i = 0; i < n; i++)
            if (g->pi[i * m + j] != 0) {
                idx[nnz] = i;
                val[nnz++] = -g->pi[i * m + j];
            }
        if (dmx_lp_add_row(lp, nnz, idx, val, DMX_LP_LO, 0, 0, e) < 0) {
            rc = e ? e->code : DMX_EINTERNAL;
            goto out_free;
        }
    }
    rc = dmx_lp_solve_optimal(lp, "constrained efficiency (Def. 3, triangle reduction)", e);
    if (rc != DMX_OK)
        goto out_free;
    ce->W = dmx_lp_obj(lp);
    ce->kkt = dmx_lp_kkt_residual(lp);
    for (int i = 0; i < n; i++) {
        double qi = dmx_lp_x(lp, i);
        ce->q[i] = qi < 0 ? 0 : qi > g->qbar[i] ? g->qbar[i] : qi;
    }
    /* the planner's mechanism: the consumer-optimal vertex, sequentially rational
     * for the platform because γ_u ≥ γ_π puts its optimum there too */
    rc = glp_design_w(g, ce->q, 1 + g->gu, g->gp + wpi, &ce->M, e);
    if (rc != DMX_OK)
        goto out_free;
    ce->M.V = 0;
    for (int k = 0; k < n * m; k++)
        ce->M.V += g->v[k] * ce->M.chi[k];
    if (ce->M.kkt > ce->kkt)
        ce->kkt = ce->M.kkt;
out_free:
    dmx_lp_free(lp);
    free(idx);
    free(val);
    return rc;
}

int glp_constrained_eff(const glp_inst *g, double wpi, glp_ce *ce, dmx_err *e)
{
    memset(ce, 0, sizeof *ce);
    ce->q = calloc((size_t)g->n, sizeof(double));
    if (!ce->q)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    int rc = glp_mech_alloc(g, &ce->M, e);
    if (rc == DMX_OK)
        rc = g->gp > g->gu ? ce_prop3(g, wpi, ce, e) : ce_triangle(g, wpi, ce, e);
    if (rc != DMX_OK)
        glp_ce_free(ce);
    return rc;
}
