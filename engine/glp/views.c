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

/* One column of the "economies" table. */
typedef struct econ {
    const char *name;
    int present;
    const double *q, *x, *p;   /* p: n (per type) or n*m (p_mat) or NULL */
    int p_mat;
    double cw, plat, merch, W, SW;
} econ;

enum econ_part { ECON_Q, ECON_X, ECON_P };

/* p(ω) of column c, or NAN: per-type prices as they are; Lindahl's p(a, ω) when
 * it is the same for every fee a (else the lindahl view shows the matrix). */
static double econ_price(const econ *c, const glp_inst *g, int i)
{
    if (!c->p_mat)
        return c->p[i];
    for (int j = 1; j < g->m; j++)
        if (fabs(c->p[i * g->m + j] - c->p[i * g->m]) > GLP_TOL_SNAP)
            return NAN;
    return c->p[i * g->m];
}

/* The per-type rows of one part of the economies table: q(ω), p(ω), and one
 * numeric row x(a|ω) per fee that some economy uses for type ω. */
static void econ_type_rows(dmx_result *r, dmx_view *t, const glp_inst *g, const econ *E,
                           int ne, enum econ_part part)
{
    char lab[64], w[24], a[24];
    for (int i = 0; i < g->n; i++) {
        dmx_fmt_num(w, sizeof w, g->w[i], 4);
        for (int j = 0; j < (part == ECON_X ? g->m : 1); j++) {
            if (part == ECON_X) {
                int used = 0;
                for (int k = 0; k < ne; k++)
                    used |= E[k].present && E[k].x && fabs(E[k].x[i * g->m + j]) > GLP_TOL_ZERO;
                if (!used)
                    continue;
                dmx_fmt_num(a, sizeof a, g->a[j], 4);
                snprintf(lab, sizeof lab, "x(a=%s|ω=%s)", a, w);
            } else {
                snprintf(lab, sizeof lab, part == ECON_Q ? "q(ω=%s)" : "p(ω=%s)", w);
            }
            dmx_node *row = dmx_table_row(r, t, lab);
            for (int k = 0; k < ne; k++) {
                const econ *c = &E[k];
                const double *v = part == ECON_Q ? c->q : part == ECON_X ? c->x : c->p;
                double x = !c->present || !v ? NAN
                         : part == ECON_Q ? v[i] : part == ECON_X ? v[i * g->m + j]
                         : econ_price(c, g, i);
                if (isfinite(x))
                    dmx_add_num(r, row, NULL, fabs(x) < GLP_TOL_ZERO ? 0 : x);
                else
                    dmx_add_null(r, row, NULL, part == ECON_P ? (c->p_mat && c->present ?
                                 "varies by fee: see the lindahl view" : "no price") : "n/a");
            }
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
    dmx_view *t = dmx_add_table(r, "economies", "Economies compared (one per column)", hdr,
                                ne + 1);
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
    dmx_add_note(r, "Economies table: expropr. = the platform holds every record; competit. = "
                    "competitive equilibrium %s; union = data union; 1st best = the "
                    "planner's W†; x(a|ω) = probability of fee a for type ω (rows where "
                    "no economy uses the fee are left out).",
                 A->cs.neq > 1 ? "1 (of several: see competitive.equilibria)" : "1");
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

/* One economy's database for the triangle plot. */
typedef struct tri_db {
    const double *q;
    const char *label;
    int style;
} tri_db;

/* Bounding box of what the triangle plot shows. */
static void tri_grow(double *xmax, double *ymax, double x, double y)
{
    if (isfinite(x))
        *xmax = fmax(*xmax, x);
    if (isfinite(y))
        *ymax = fmax(*ymax, y);
}

/* The triangles at q°, q† and q* (when they differ from q̄ and from each other),
 * each outlined in its economy's colour. */
static void tri_others(dmx_result *r, dmx_view *pl, const glp_all *A, const tri_db *db, int nd)
{
    const glp_inst *g = &A->g;
    for (int k = 0; k < nd; k++) {
        int same = 0;
        for (int l = -1; l < k && !same; l++) {
            const double *o = l < 0 ? g->qbar : db[l].q;
            same = 1;
            for (int i = 0; i < g->n; i++)
                same &= fabs(db[k].q[i] - o[i]) <= GLP_TOL_SNAP * (1 + g->qbar[i]);
        }
        if (same)
            continue;
        glp_tri ts;
        glp_triangle(g, db[k].q, &ts);
        double ps[8] = {0, ts.pi_star, 0, ts.w_star, ts.w_star - ts.pi_star, ts.pi_star,
                        0, ts.pi_star};
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, db[k].label, db[k].style, ps, 4);
    }
}

/* The Bergemann-Brooks-Morris triangle (proof of Prop. 3, Figure 2 of Galperti,
 * Liu, Perego (2023)): feasible (s_u, s_π) at q̄ with its vertices named by
 * meaning, the triangle at each economy's own database, the platform's
 * iso-payoff line and each economy's point.  Axes fit what is drawn. */
static void triangle_plot(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    const glp_tri *t = &A->tri;
    tri_db db[3];
    int nd = 0;
    double xmax = t->w_star - t->pi_star, ymax = t->w_star;
    if (A->have_ce)
        db[nd++] = (tri_db){A->ce.q, "q° triangle (monopsony)", 4};
    if (A->have_fb)
        db[nd++] = (tri_db){A->fb.q, "q† triangle (Lindahl)", 5};
    if (A->cs.neq > 0)
        db[nd++] = (tri_db){A->cs.eq[0].q, "q* triangle (market)", 6};
    for (int k = 0; k < nd; k++) {
        glp_tri ts;
        glp_triangle(g, db[k].q, &ts);
        tri_grow(&xmax, &ymax, ts.w_star - ts.pi_star, ts.w_star);
    }
    double su[64], spi[64];
    int np = 0;
    for (int k = 0; k < A->cs.neq && np < 60; k++, np++)
        surpluses(g, A->cs.eq[k].q, A->cs.eq[k].x, &su[np], &spi[np]);
    for (int k = 0; k < np; k++)
        tri_grow(&xmax, &ymax, su[k], spi[k]);
    if (A->have_ex)
        tri_grow(&xmax, &ymax, A->ex.su, A->ex.spi);
    xmax = xmax > 0 ? 1.1 * xmax : 1;
    ymax = ymax > 0 ? 1.08 * ymax : 1;
    dmx_view *pl = dmx_add_plot(r, "triangle", "BBM triangle: who gets the surplus",
                                "consumer surplus s_u", "merchant profit s_π", 0, xmax, 0, ymax);
    if (!pl)
        return;
    double tri[6] = {0, t->pi_star, 0, t->w_star, t->w_star - t->pi_star, t->pi_star};
    dmx_item *it = dmx_plot_poly(r, pl, DMX_I_POLYGON, "q̄ triangle (all data)", 1, tri, 3);
    if (it)
        it->filled = 1;
    tri_others(r, pl, A, db, nd);
    /* some type not a fee: the LP's own optimum, not the closed form */
    double V = !g->omega_in_A && A->have_ex ? A->ex.V : t->V, line[4];
    if (g->gp > 0) {
        line[0] = 0;
        line[1] = V / g->gp;
        line[2] = xmax;
        line[3] = (V - g->gu * line[2]) / g->gp;
        if (g->gu > 0 && line[3] < 0) {
            line[3] = 0;
            line[2] = V / g->gu;
        }
    } else {
        line[0] = line[2] = V / g->gu;
        line[1] = 0;
        line[3] = ymax;
    }
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "platform iso-payoff", 2, line, 2);
    dmx_plot_marker(r, pl, "uniform-price profit, s_u = 0", 0, 'U', 0, t->pi_star);
    dmx_plot_marker(r, pl, "perfect discrimination", 0, 'D', 0, t->w_star);
    dmx_plot_marker(r, pl, "max consumer surplus", 0, 'S', t->w_star - t->pi_star,
                    t->pi_star);
    if (A->have_ex)
        dmx_plot_marker(r, pl, "expropriation", 3, 'E', A->ex.su, A->ex.spi);
    if (A->have_ce)
        dmx_plot_marker(r, pl, "monopsony / union", 4, 'M', A->ce.M.su, A->ce.M.spi);
    if (A->have_fb)
        dmx_plot_marker(r, pl, "Lindahl", 5, 'L', A->fb.M.su, A->fb.M.spi);
    for (int k = 0; k < np; k++) {
        char lab[48];
        snprintf(lab, sizeof lab, "competitive eq. %d", k + 1);
        dmx_plot_marker(r, pl, lab, 6, 'C', su[k], spi[k]);
    }
}

/* The Figure 1 region map at the detail the explorer wants (dmx_view_detail):
 * the full 80 x 60 grid, a coarse 20 x 15 one (view->preview = 1), or, for a
 * panel not shown, the view with its title and axes and no items (preview). */
static void fig1_plot(dmx_result *r, const glp_inst *g, const dmx_ctx *ctx)
{
    static const char *const cats[] = {"no trade efficient", "Case 1", "Case 2", "Case 3",
                                       "Case 4"};
    int d = dmx_view_detail(ctx, "fig1");
    if (d == DMX_DETAIL_SKIP) {
        dmx_view *v = dmx_add_plot(r, "fig1", "Figure 1: equilibrium cases over (r̄, γ_u)",
                                   "outside option r̄", "γ_u", 0, 1, 0, 3);
        if (v)
            v->preview = 1;
        return;
    }
    const int NX = d == DMX_DETAIL_COARSE ? 20 : 80, NY = d == DMX_DETAIL_COARSE ? 15 : 60;
    double *cell = malloc(sizeof(double) * (size_t)(NX * NY));
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
    dmx_view *pl = dmx_add_plot(r, "fig1", "Figure 1: equilibrium cases over (r̄, γ_u)",
                                "outside option r̄", "γ_u", 0, 1, 0, 3);
    if (pl) {
        pl->preview = d == DMX_DETAIL_COARSE;
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

int glp_views(dmx_result *r, const glp_all *A, const dmx_ctx *ctx, dmx_err *e)
{
    negative_price_notes(r, A);
    economies(r, A);
    int rc = lindahl_table(r, A, e);
    if (rc != DMX_OK)
        return rc;
    triangle_plot(r, A);
    explain(r, A);
    if (A->two)
        fig1_plot(r, &A->g, ctx);
    else
        dmx_add_note(r, "Figure 1 map not shown: it belongs to the two-type example of "
                        "Section 4.1 (Ω = A = {1, 2}, γ_π = 0, one r̄ in (0, 1), "
                        "0 < q̄(1) < q̄(2)).");
    if (A->cs.continuum[0])
        dmx_add_note(r, "competitive: %s", A->cs.continuum);
    return DMX_OK;
}
