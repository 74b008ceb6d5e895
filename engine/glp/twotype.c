/* twotype.c -- the two-type example of Section 4.1 and its complete equilibrium
 * characterisation in Appendix B.2, in closed form and for any total mass:
 * Ω = A = {1, 2}, γ_π = 0, r(ω) = r̄, q̄(1) < q̄(2).  Then V(q) = γ_u min{q1, q2}
 * (pool min{q1,q2} of each type at fee 1) and, when trade is efficient
 * (r̄ < (1+γ_u)/2), W° = W† = R + q̄1 (1 + γ_u − 2r̄) at q° = (q̄1, q̄1). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "glp.h"

int glp2_applies(const glp_inst *g)
{
    return g->n == 2 && g->m == 2 && g->w[0] == 1 && g->w[1] == 2 && g->a[0] == 1 &&
           g->a[1] == 2 && g->gp == 0 && g->gu > 0 && g->r[0] == g->r[1] &&
           g->r[0] > 0 && g->r[0] < 1 && g->qbar[0] > 0 && g->qbar[0] < g->qbar[1];
}

/* Regions of Figure 1.  App. B.2 puts the line γ_u = r̄ in Case 4 (the main
 * text's Case 3 reads r̄ ≤ γ_u ≤ 2r̄; we follow the appendix). */
int glp2_case(double rbar, double gu)
{
    if (rbar >= (1 + gu) / 2)
        return GLP2_NOTRADE;
    if (gu == rbar)
        return GLP2_CASE4;
    if (gu < rbar)
        return GLP2_CASE1;
    if (gu > 2 * rbar)
        return GLP2_CASE2;
    return GLP2_CASE3;
}

const char *glp2_label(int c)
{
    switch (c) {
    case GLP2_NOTRADE: return "no trade efficient";
    case GLP2_CASE1: return "Case 1";
    case GLP2_CASE2: return "Case 2";
    case GLP2_CASE3: return "Case 3";
    case GLP2_CASE4: return "Case 4";
    default: return "general";
    }
}

const char *glp2_badge(int c)
{
    switch (c) {
    case GLP2_NOTRADE: return "No trade is efficient";
    case GLP2_CASE1: return "Case 1: inefficiently low trade";
    case GLP2_CASE2: return "Case 2: inefficiently high trade";
    case GLP2_CASE3: return "Case 3: inefficiently high or low trade";
    case GLP2_CASE4: return "Case 4: knife edge γ_u = r̄";
    default: return "general";
    }
}

static const char *const explain[] = {
    /* NOTRADE */
    "r̄ ≥ (1+γ_u)/2: a pooled pair of records (one low, one high type, both sold "
    "at fee 1) creates 1 + γ_u but costs the pair 2r̄ of outside options, so the "
    "planner keeps every record (W° = R). The competitive economy has only no-trade "
    "equilibria, and they are efficient (Section 4.1).",
    /* CASE1 */
    "γ_u < r̄: a pair of records is worth only γ_u to the platform, so it will not "
    "pay a low type the r̄ she gives up; nobody sells. Trade would be efficient "
    "(1 + γ_u > 2r̄): high types would gladly subsidise low types to sell, but the "
    "market is too incomplete for that side payment (Section 4.1, Case 1; App. B.2).",
    /* CASE2 */
    "γ_u > 2r̄: low types sell at p(1) = γ_u and high types flood in at p(2) = 0 "
    "hoping for the low fee. Each extra high type lowers the chance that the others "
    "get fee 1: a negative pooling externality that no price charges for, so "
    "q*(2) > q°(2) = q̄(1) and W(q*, x*) < W° (Section 4.1, Case 2; App. B.2).",
    /* CASE3 */
    "r̄ < γ_u ≤ 2r̄: both the no-trade equilibrium of Case 1 (with prices such as "
    "p = (γ_u/2, γ_u/2)) and the high-trade equilibrium of Case 2 exist; both are "
    "inefficient (Section 4.1, Case 3; App. B.2).",
    /* CASE4 */
    "γ_u = r̄ (knife edge, App. B.2): the no-trade equilibria of Case 1 plus a "
    "continuum with trade at p = (r̄, 0): any 0 < q*(1) ≤ q̄(1) with "
    "q*(2) = min{q̄(2), q*(1)/r̄}. All are inefficient. (The main text's Case 3 "
    "includes this line; the appendix treats it separately.)",
};

const char *glp2_explain(int c)
{
    return c >= 0 && c <= GLP2_CASE4 ? explain[c] : "";
}

/* Fills one equilibrium of the example from (p, q); x pools q1 of each type at fee 1
 * and gives fee 2 to the remaining high types (q = 0 rows: x(ω|ω) = 1). */
static int push2(const glp_inst *g, glp_eqset *s, double p1, double p2, double q1, double q2,
                 const char *kind, const char *src, dmx_err *e)
{
    glp_eq *q;
    int rc = glp_eq_push(g, s, &q, e);
    if (rc != DMX_OK)
        return rc;
    q->p[0] = p1;
    q->p[1] = p2;
    q->q[0] = q1;
    q->q[1] = q2;
    q->zeta[0] = q1 / g->qbar[0];
    q->zeta[1] = q2 / g->qbar[1];
    if (q1 > 0) {
        q->x[0] = 1;
        q->x[1] = 0;
        q->x[2] = q1 / q2;
        q->x[3] = 1 - q1 / q2;
    } else {
        q->x[0] = 1;
        q->x[1] = 0;
        q->x[2] = 0;
        q->x[3] = 1;
    }
    double chi[4];
    for (int k = 0; k < 4; k++)
        chi[k] = q->x[k] * q->q[k / 2];
    q->W = glp_W(g, q->q, chi);
    q->SW = glp_SW(g, q->q, chi);
    q->V = g->gu * (q1 < q2 ? q1 : q2);
    q->cw = q->W;   /* platform profit is 0 (Remark A.2), so consumers get W */
    q->exact = 1;
    snprintf(q->kind, sizeof q->kind, "%s", kind);
    snprintf(q->source, sizeof q->source, "%s", src);
    return DMX_OK;
}

int glp2_equilibria(const glp_inst *g, glp_eqset *s, dmx_err *e)
{
    double rb = g->r[0], gu = g->gu, q1 = g->qbar[0], q2 = g->qbar[1];
    int c = glp2_case(rb, gu), rc = DMX_OK;
    /* high-trade allocation: q*(2) = min{q̄2, q̄1/r̄} (Case 2; r̄ = 0 → q̄2) */
    double qh = rb > 0 ? fmin(q2, q1 / rb) : q2;
    snprintf(s->label, sizeof s->label, "%s", glp2_label(c));
    snprintf(s->badge, sizeof s->badge, "%s", glp2_badge(c));
    snprintf(s->text, sizeof s->text, "%s", glp2_explain(c));
    s->closed_form = 1;
    switch (c) {
    case GLP2_NOTRADE:
        rc = push2(g, s, gu, 0, 0, 0, "no trade (efficient)", "Section 4.1: no trade is efficient", e);
        break;
    case GLP2_CASE1:
        rc = push2(g, s, gu, 0, 0, 0, "no trade", "Section 4.1 Case 1, prices (B.2)", e);
        break;
    case GLP2_CASE2:
        rc = push2(g, s, gu, 0, q1, qh, "high trade", "Section 4.1 Case 2 (unique)", e);
        break;
    case GLP2_CASE3:
        rc = push2(g, s, gu, 0, q1, qh, "high trade", "Section 4.1 Case 3 (= Case 2 equilibrium)", e);
        if (rc == DMX_OK)
            rc = push2(g, s, gu / 2, gu / 2, 0, 0, "no trade", "Section 4.1 Case 3, p = (γ_u/2, γ_u/2)", e);
        break;
    case GLP2_CASE4:
        rc = push2(g, s, gu, 0, 0, 0, "no trade", "App. B.2 Case 4 (as Case 1)", e);
        if (rc == DMX_OK)
            rc = push2(g, s, rb, 0, q1, qh, "trade (continuum end)", "App. B.2 Case 4, q*(1) = q̄(1)", e);
        if (rc == DMX_OK) {
            double h = q1 / 2;
            rc = push2(g, s, rb, 0, h, rb > 0 ? fmin(q2, h / rb) : q2, "trade (continuum member)",
                       "App. B.2 Case 4, q*(1) = q̄(1)/2", e);
        }
        snprintf(s->continuum, sizeof s->continuum,
                 "a continuum: p = (r̄, 0), any 0 < q*(1) ≤ q̄(1), q*(2) = min{q̄(2), q*(1)/r̄}");
        break;
    default:
        rc = dmx_err_set(e, DMX_EINTERNAL, "glp: two-type case out of range");
    }
    return rc;
}
