/* views.c -- what the explorer shows for glp: the economies table, the Lindahl
 * price table, the BBM triangle (Bergemann, Brooks, Morris via the proof of
 * Galperti, Liu, Perego (2023), Prop. 3 and Figure 2), Figure 1's case map and
 * the explanation text.  Reads a solved glp_all; solves nothing but the cheap
 * closed forms of the triangle. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glp.h"

static char *fmt_vec(char *buf, size_t n, const double *v, int k)
{
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < k && o + 2 < n; i++) {
        char t[32];
        dmx_fmt_num(t, sizeof t, v[i], 4);
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? ", " : "", t);
    }
    return buf;
}

/* One column of the "economies" table. */
typedef struct econ {
    const char *name;
    int present;
    const double *q, *x, *p;   /* p: n (per type) or n*m (p_mat) or NULL */
    int p_mat;
    double cw, plat, merch, W, SW;
} econ;

enum econ_part { ECON_Q, ECON_X, ECON_P };

/* The per-type rows of one part (q, x or p) of the economies table. */
static void econ_type_rows(dmx_result *r, dmx_view *t, const glp_inst *g, const econ *E,
                           int ne, enum econ_part part)
{
    static const char *const fmt[] = {"q(ω=%s)", "x(·|ω=%s)", "p(ω=%s)"};
    char buf[256], lab[48], w[24];
    for (int i = 0; i < g->n; i++) {
        dmx_fmt_num(w, sizeof w, g->w[i], 4);
        snprintf(lab, sizeof lab, fmt[part], w);
        dmx_node *row = dmx_table_row(r, t, lab);
        for (int k = 0; k < ne; k++) {
            const econ *c = &E[k];
            const double *v = part == ECON_Q ? c->q : part == ECON_X ? c->x : c->p;
            if (!c->present || !v)
                dmx_add_null(r, row, NULL, part == ECON_P ? "no price" : "n/a");
            else if (part == ECON_X || (part == ECON_P && c->p_mat))
                dmx_add_str(r, row, NULL, "%s", fmt_vec(buf, sizeof buf, v + i * g->m, g->m));
            else
                dmx_add_num(r, row, NULL, v[i]);
        }
    }
}

static void econ_table(dmx_result *r, const glp_all *A, const econ *E, int ne)
{
    const glp_inst *g = &A->g;
    const char *hdr[8];
    hdr[0] = "";
    for (int k = 0; k < ne; k++)
        hdr[k + 1] = E[k].name;
    dmx_view *t = dmx_add_table(r, "economies",
                                "Economies: expropriation, monopsony, competitive (equilibrium 1), "
                                "data union, Lindahl, first best", hdr, ne + 1);
    if (!t)
        return;
    econ_type_rows(r, t, g, E, ne, ECON_Q);
    econ_type_rows(r, t, g, E, ne, ECON_X);
    econ_type_rows(r, t, g, E, ne, ECON_P);
    static const char *const lab[] = {"consumers", "platform", "merchant",
                                      "W", "SW", "W° − W", "W† − W"};
    for (int l = 0; l < 7; l++) {
        dmx_node *row = dmx_table_row(r, t, lab[l]);
        for (int k = 0; k < ne; k++) {
            if (!E[k].present) {
                dmx_add_null(r, row, NULL, "n/a");
                continue;
            }
            double v = l == 0 ? E[k].cw : l == 1 ? E[k].plat : l == 2 ? E[k].merch
                     : l == 3 ? E[k].W : l == 4 ? E[k].SW
                     : l == 5 ? (A->have_ce ? A->ce.W - E[k].W : NAN)
                              : (A->have_fb ? A->fb.W - E[k].W : NAN);
            if (isfinite(v))
                dmx_add_num(r, row, NULL, fabs(v) < GLP_TOL_ZERO ? 0 : v);
            else
                dmx_add_null(r, row, NULL, "n/a");
        }
    }
}

/* The six economies, in the table's column order. */
static void economies(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    econ E[6];
    memset(E, 0, sizeof E);
    double exW = glp_W(g, g->qbar, A->ex.chi);
    E[0] = (econ){"expropr.", 1, g->qbar, A->ex.x, NULL, 0, A->ex.su, A->ex.V, A->ex.spi,
                  exW, exW + A->ex.spi};
    double sw = glp_SW(g, A->ce.q, A->ce.M.chi);
    E[1] = (econ){"monopsony", 1, A->ce.q, A->ce.M.x, A->mono_p, 0, g->R, A->ce.W - g->R,
                  A->ce.M.spi, A->ce.W, sw};
    if (A->cs.neq > 0) {
        const glp_eq *q = &A->cs.eq[0];
        E[2] = (econ){"competit.", 1, q->q, q->x, q->p, 0, q->cw, 0, q->SW - q->W, q->W, q->SW};
    } else {
        E[2] = (econ){"competit.", 0, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0};
    }
    E[3] = (econ){"union", 1, A->ce.q, A->ce.M.x, A->union_p, 0, A->ce.W, 0, A->ce.M.spi,
                  A->ce.W, sw};
    double swf = glp_SW(g, A->fb.q, A->fb.M.chi);
    E[4] = (econ){"Lindahl", 1, A->fb.q, A->fb.M.x, A->lind_p, 1, A->fb.W, 0, A->fb.M.spi,
                  A->fb.W, swf};
    E[5] = (econ){"1st best", 1, A->fb.q, A->fb.M.x, NULL, 0, NAN, NAN, A->fb.M.spi, A->fb.W,
                  swf};
    econ_table(r, A, E, 6);
    if (A->cs.neq > 1)
        dmx_add_note(r, "competitive column: equilibrium 1 of %d (see competitive.equilibria)",
                     A->cs.neq);
}

/* Lindahl price table p(a, ω) (Section 5.2). */
static int lindahl_table(dmx_result *r, const glp_all *A, dmx_err *e)
{
    const glp_inst *g = &A->g;
    int n = g->n, m = g->m;
    const char **hdr = malloc(sizeof(char *) * (size_t)(m + 1));
    char (*hb)[32] = malloc(sizeof(*hb) * (size_t)(m + 1));
    if (!hdr || !hb) {
        free(hdr);
        free(hb);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    }
    hdr[0] = "p(a, ω)";
    for (int j = 0; j < m; j++) {
        char t[24];
        dmx_fmt_num(t, sizeof t, g->a[j], 4);
        snprintf(hb[j], sizeof hb[j], "a = %s", t);
        hdr[j + 1] = hb[j];
    }
    dmx_view *lt = dmx_add_table(r, "lindahl", "Lindahl prices p(a, ω) (Section 5.2)", hdr, m + 1);
    for (int i = 0; i < n && lt; i++) {
        char t[24], lab[40];
        dmx_fmt_num(t, sizeof t, g->w[i], 4);
        snprintf(lab, sizeof lab, "ω = %s", t);
        dmx_node *row = dmx_table_row(r, lt, lab);
        for (int j = 0; j < m; j++)
            dmx_add_num(r, row, NULL, A->lind_p[i * m + j]);
    }
    free(hdr);
    free(hb);
    return DMX_OK;
}

/* (s_u, s_π) of an allocation (q, x). */
static void surpluses(const glp_inst *g, const double *q, const double *x, double *su,
                      double *spi)
{
    *su = *spi = 0;
    for (int i = 0; i < g->n; i++)
        for (int j = 0; j < g->m; j++) {
            *su += g->u[i * g->m + j] * x[i * g->m + j] * q[i];
            *spi += g->pi[i * g->m + j] * x[i * g->m + j] * q[i];
        }
}

static void triangle_plot(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    const glp_tri *t = &A->tri;
    double W = t->w_star > 0 ? t->w_star : 1;
    dmx_view *pl = dmx_add_plot(r, "triangle", "BBM triangle at q̄ (consumer surplus vs merchant profit)",
                                "consumer surplus s_u", "merchant profit s_π", 0, 1.05 * W, 0,
                                1.05 * W);
    if (!pl)
        return;
    double tri[6] = {0, t->pi_star, 0, t->w_star, t->w_star - t->pi_star, t->pi_star};
    dmx_item *it = dmx_plot_poly(r, pl, DMX_I_POLYGON, "feasible (s_u, s_π) at q̄", 1, tri, 3);
    if (it)
        it->filled = 1;
    /* some type not a fee: the LP's own optimum, not the closed form */
    double V = !g->omega_in_A && A->have_ex ? A->ex.V : t->V, line[4];
    if (g->gp > 0) {
        line[0] = 0;
        line[1] = V / g->gp;
        line[2] = 1.05 * W;
        line[3] = (V - g->gu * line[2]) / g->gp;
        if (g->gu > 0 && line[3] < 0) {
            line[3] = 0;
            line[2] = V / g->gu;
        }
    } else {
        line[0] = line[2] = V / g->gu;
        line[1] = 0;
        line[3] = 1.05 * W;
    }
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "platform iso-payoff line through its optimum", 2, line, 2);
    if (A->have_ex)
        dmx_plot_marker(r, pl, "E: expropriation (platform holds q̄)", 3, 'E', A->ex.su, A->ex.spi);
    if (A->have_ce)
        dmx_plot_marker(r, pl, "M: monopsony / data union (q°)", 4, 'M', A->ce.M.su, A->ce.M.spi);
    if (A->have_fb)
        dmx_plot_marker(r, pl, "L: Lindahl (q†)", 5, 'L', A->fb.M.su, A->fb.M.spi);
    for (int k = 0; k < A->cs.neq; k++) {
        const glp_eq *q = &A->cs.eq[k];
        double su, spi;
        surpluses(g, q->q, q->x, &su, &spi);
        char lab[96];
        snprintf(lab, sizeof lab, "C: competitive equilibrium %d (%s)", k + 1, q->kind);
        dmx_plot_marker(r, pl, lab, 6, 'C', su, spi);
    }
    if (A->cs.neq > 0) {
        const glp_eq *q = &A->cs.eq[0];
        int differ = 0;
        for (int i = 0; i < g->n; i++)
            differ |= fabs(q->q[i] - g->qbar[i]) > GLP_TOL_SNAP;
        if (differ) {
            glp_tri ts;
            glp_triangle(g, q->q, &ts);
            double ps[8] = {0, ts.pi_star, 0, ts.w_star, ts.w_star - ts.pi_star, ts.pi_star,
                            0, ts.pi_star};
            dmx_plot_poly(r, pl, DMX_I_POLYLINE, "triangle at the competitive q*", 7, ps, 4);
        }
    }
}

static void fig1_plot(dmx_result *r, const glp_inst *g)
{
    enum { NX = 80, NY = 60 };
    static const char *const cats[] = {"no trade efficient", "Case 1", "Case 2", "Case 3",
                                       "Case 4"};
    double *cell = malloc(sizeof(double) * NX * NY);
    if (!cell) {
        r->oom = 1;
        return;
    }
    double x0 = 0.5 / NX, x1 = 1 - 0.5 / NX, y0 = 3.0 * 0.5 / NY, y1 = 3 - 3.0 * 0.5 / NY;
    for (int jy = 0; jy < NY; jy++)
        for (int ix = 0; ix < NX; ix++) {
            double rb = x0 + (x1 - x0) * ix / (NX - 1), gu = y0 + (y1 - y0) * jy / (NY - 1);
            cell[jy * NX + ix] = glp2_case(rb, gu);
        }
    dmx_view *pl = dmx_add_plot(r, "fig1", "Figure 1: competitive equilibria over (r̄, γ_u)",
                                "outside option r̄", "γ_u", 0, 1, 0, 3);
    if (pl) {
        dmx_plot_grid(r, pl, "case", NX, NY, x0, x1, y0, y1, cell, cats, 5);
        double l1[4] = {0, 0, 1, 1}, l2[4] = {0, 0, 1, 2}, l3[4] = {0.5, 0, 1, 1};
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, "γ_u = r̄", 1, l1, 2);
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, "γ_u = 2r̄", 2, l2, 2);
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, "r̄ = (1+γ_u)/2", 3, l3, 2);
        dmx_plot_marker(r, pl, "current (r̄, γ_u)", 0, '*', g->r[0], g->gu);
    }
    free(cell);
}

/* The explanation panel: the case text plus this instance's numbers. */
static void explain(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    char nums[640], a1[24], a2[24], a3[24], a4[24], a5[24];
    dmx_fmt_num(a5, sizeof a5, A->ex.su, 4);
    dmx_fmt_num(a2, sizeof a2, A->ce.W, 4);
    dmx_fmt_num(a3, sizeof a3, A->fb.W, 4);
    dmx_fmt_num(a4, sizeof a4, g->R, 4);
    if (A->cs.neq > 0) {
        dmx_fmt_num(a1, sizeof a1, A->cs.eq[0].cw, 4);
        snprintf(nums, sizeof nums,
                 " Here: consumers get %s in %s competitive equilibrium (platform "
                 "profit 0), against W° = %s (monopsony leaves them R = %s, a data "
                 "union gives them W°), W† = %s (Lindahl markets) and %s under "
                 "expropriation (%s).",
                 a1, A->cs.neq > 1 ? "the first" : "the", a2, a4, a3, a5,
                 A->cs.eq[0].cw < A->ex.su - GLP_TOL_SNAP ? "better than the market"
                                                          : "no better than the market");
    } else {
        snprintf(nums, sizeof nums, " Here: W° = %s, W† = %s, R = %s.", a2, a3, a4);
    }
    dmx_add_text(r, "explain", A->cs.badge[0] ? A->cs.badge : A->cs.label, "%s%s%s",
                 A->cs.text, nums,
                 A->tri.tie ? " With γ_u = γ_π the platform is indifferent along the "
                              "whole hypotenuse of the BBM triangle: every obedient "
                              "mechanism that wastes no surplus is optimal for it."
                            : "");
}

/* One line of reason for every negative price shown (issue 9): who pays whom. */
static void negative_price_notes(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    char w[24], p[24], a[24];
    for (int i = 0; i < g->n; i++) {
        dmx_fmt_num(w, sizeof w, g->w[i], 4);
        if (A->mono_p && A->mono_p[i] < -GLP_TOL_ZERO) {
            dmx_fmt_num(p, sizeof p, A->mono_p[i], 4);
            dmx_add_note(r, "monopsony p(ω=%s) = %s < 0: the merchant's fees leave this type "
                            "more surplus E_x u than her outside option r, so the platform "
                            "charges her for joining (p = r − E_x u, Galperti, Liu, Perego "
                            "(2023), Prop. 1).", w, p);
        }
        if (A->union_p && A->union_p[i] < -GLP_TOL_ZERO) {
            dmx_fmt_num(p, sizeof p, A->union_p[i], 4);
            dmx_add_note(r, "data union p(ω=%s) = %s < 0: members of this type gain more "
                            "from the pooled mechanism than their outside option, so they "
                            "pay in to the union (proof of Prop. 4).", w, p);
        }
        if (A->cs.neq > 0 && A->cs.eq[0].p[i] < -GLP_TOL_ZERO) {
            dmx_fmt_num(p, sizeof p, A->cs.eq[0].p[i], 4);
            dmx_add_note(r, "competitive p(ω=%s) = %s < 0: selling gives this type surplus "
                            "E_x u above r, so she pays for her record to be used "
                            "(Def. 1a).", w, p);
        }
        for (int j = 0; A->lind_p && j < g->m; j++)
            if (A->lind_p[i * g->m + j] < -GLP_TOL_ZERO) {
                dmx_fmt_num(p, sizeof p, A->lind_p[i * g->m + j], 4);
                dmx_fmt_num(a, sizeof a, g->a[j], 4);
                dmx_add_note(r, "Lindahl p(a=%s, ω=%s) = %s < 0: p = μ + r − u and the "
                                "consumer's surplus u at this fee exceeds μ + r (Prop. 5).",
                             a, w, p);
                break;
            }
    }
}

int glp_views(dmx_result *r, const glp_all *A, dmx_err *e)
{
    negative_price_notes(r, A);
    economies(r, A);
    int rc = lindahl_table(r, A, e);
    if (rc != DMX_OK)
        return rc;
    triangle_plot(r, A);
    explain(r, A);
    if (A->two)
        fig1_plot(r, &A->g);
    else
        dmx_add_note(r, "Figure 1 map not shown: it belongs to the two-type example of "
                        "Section 4.1 (Ω = A = {1, 2}, γ_π = 0, one r̄ in (0, 1), "
                        "0 < q̄(1) < q̄(2)).");
    if (A->cs.continuum[0])
        dmx_add_note(r, "competitive: %s", A->cs.continuum);
    return DMX_OK;
}
