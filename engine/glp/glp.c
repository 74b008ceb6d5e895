/* glp.c -- the dmx_model table of Galperti, Liu & Perego, "Competitive Markets for
 * Personal Data" (paper 000_35351313c41713fa.txt, slides 001_3462331df9500eac.txt):
 * parameters, cross-parameter rules, compute() and the views. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glp.h"

static const double def_types[] = {1, 2};
static const double def_mass[] = {0.3, 0.7};

static const dmx_param_desc glp_params[] = {
    {.key = "types", .label = "ω", .unit = "", .kind = DMX_P_VEC,
     .meaning = "consumer types Ω: willingness to pay for the widget, strictly increasing, > 0",
     .lo = 0, .hi = INFINITY, .smin = 0.1, .smax = 10, .step = 0.1, .def = 1,
     .defv = def_types, .def_rows = 2, .def_cols = 1, .flags = DMX_F_LO_OPEN, .min_len = 1},
    {.key = "fees", .label = "a", .unit = "", .kind = DMX_P_VEC,
     .meaning = "fees A the merchant may charge, strictly increasing, > 0 (default: the types)",
     .lo = 0, .hi = INFINITY, .smin = 0.1, .smax = 10, .step = 0.1, .def = NAN,
     .flags = DMX_F_OPTIONAL | DMX_F_LO_OPEN, .min_len = 1},
    {.key = "mass", .label = "q̄", .unit = "", .kind = DMX_P_VEC,
     .meaning = "mass q̄(ω) ≥ 0 of consumers of each type (any total)",
     .lo = 0, .hi = INFINITY, .smin = 0, .smax = 3, .step = 0.05, .def = 0.5,
     .defv = def_mass, .def_rows = 2, .def_cols = 1, .len_of = "types"},
    {.key = "outside", .label = "r̄", .unit = "", .kind = DMX_P_VEC,
     .meaning = "outside option r(ω) ≥ 0 of a consumer who keeps her record: one number "
                "for all types, or a list",
     .lo = 0, .hi = INFINITY, .smin = 0, .smax = 0.995, .step = 0.005, .def = 0.4,
     .flags = DMX_F_BROADCAST,
     .len_of = "types"},
    {.key = "gamma_u", .label = "γ_u", .unit = "", .kind = DMX_P_REAL,
     .meaning = "weight of consumer surplus in the platform's payoff v = γ_u u + γ_π π",
     .lo = 0, .hi = INFINITY, .smin = 0, .smax = 3, .step = 0.01, .def = 0.9},
    {.key = "gamma_pi", .label = "γ_π", .unit = "", .kind = DMX_P_REAL,
     .meaning = "weight of the merchant's profit in the platform's payoff",
     .lo = 0, .hi = INFINITY, .smin = 0, .smax = 3, .step = 0.01, .def = 0},
};

static int check_increasing(const dmx_pval *v, const char *key, dmx_err *e)
{
    for (int i = 0; i < v->rows; i++) {
        if (!(v->v[i] > 0))
            return dmx_err_set(e, DMX_EDATA, "%s must be > 0: %s[%d] = %g", key, key, i, v->v[i]);
        if (i > 0 && !(v->v[i] > v->v[i - 1]))
            return dmx_err_set(e, DMX_EDATA,
                               "%s must be strictly increasing: %s[%d] = %g ≤ %s[%d] = %g", key,
                               key, i, v->v[i], key, i - 1, v->v[i - 1]);
    }
    return DMX_OK;
}

/* Cross-parameter rules of Section 2: Ω and A strictly increasing and positive,
 * one mass and outside option per type, all ≥ 0, γ_u + γ_π > 0. */
static int glp_validate(const dmx_params *p, dmx_err *e)
{
    const dmx_pval *ty = dmx_p(p, "types"), *fe = dmx_p(p, "fees");
    const dmx_pval *ma = dmx_p(p, "mass"), *ou = dmx_p(p, "outside");
    int n = ty->rows;
    if (n < 1)
        return dmx_err_set(e, DMX_EDATA, "types must list at least one type");
    int rc = check_increasing(ty, "types", e);
    if (rc == DMX_OK && fe->set)
        rc = check_increasing(fe, "fees", e);
    if (rc != DMX_OK)
        return rc;
    if (ma->rows != n)
        return dmx_err_set(e, DMX_EDATA, "mass must have one entry per type: %d entr%s for %d types",
                           ma->rows, ma->rows == 1 ? "y" : "ies", n);
    if (!(ou->rows * ou->cols == 1 || ou->rows == n))
        return dmx_err_set(e, DMX_EDATA,
                           "outside must be one number or one entry per type: %d entries for %d types",
                           ou->rows, n);
    for (int i = 0; i < n; i++)
        if (!(ma->v[i] >= 0) || !isfinite(ma->v[i]))
            return dmx_err_set(e, DMX_EDATA, "mass must be finite and ≥ 0: mass[%d] = %g", i, ma->v[i]);
    for (int i = 0; i < ou->rows; i++)
        if (!(ou->v[i] >= 0) || !isfinite(ou->v[i]))
            return dmx_err_set(e, DMX_EDATA, "outside must be finite and ≥ 0: outside[%d] = %g", i,
                               ou->v[i]);
    double gu = dmx_p_num(p, "gamma_u"), gp = dmx_p_num(p, "gamma_pi");
    if (!(gu >= 0) || !(gp >= 0) || !isfinite(gu) || !isfinite(gp))
        return dmx_err_set(e, DMX_EDATA, "gamma_u and gamma_pi must be finite and ≥ 0");
    if (!(gu + gp > 0))
        return dmx_err_set(e, DMX_EDATA,
                           "gamma_u + gamma_pi must be > 0 (Section 2 rules out a platform "
                           "that cares about nothing): gamma_u = %g, gamma_pi = %g", gu, gp);
    return DMX_OK;
}

/* ------------------------------------------------------------------ helpers */

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

/* ------------------------------------------------------------------ compute */

typedef struct glp_all {
    glp_inst g;
    glp_tri tri;
    glp_mech ex;        /* expropriation: P_q at q̄ */
    glp_fb fb;
    glp_ce ce;
    glp_eqset cs;
    double *mono_p, *union_p, *lind_p, *lind_zeta, *zeta_ce;
    double resid;
    int have_tri, have_ex, have_fb, have_ce, have_cs;
} glp_all;

static void all_free(glp_all *A)
{
    glp_mech_free(&A->ex);
    if (A->have_fb)
        glp_fb_free(&A->fb);
    if (A->have_ce)
        glp_ce_free(&A->ce);
    glp_eqset_free(&A->cs);
    free(A->mono_p);
    free(A->union_p);
    free(A->lind_p);
    free(A->lind_zeta);
    free(A->zeta_ce);
    glp_inst_free(&A->g);
}

static void add_instance(dmx_result *r, const glp_inst *g)
{
    dmx_node *o = dmx_add_obj(r, r->root, "instance");
    dmx_add_vec(r, o, "types", g->w, g->n);
    dmx_add_vec(r, o, "fees", g->a, g->m);
    dmx_add_vec(r, o, "mass", g->qbar, g->n);
    dmx_add_vec(r, o, "outside", g->r, g->n);
    dmx_add_num(r, o, "gamma_u", g->gu);
    dmx_add_num(r, o, "gamma_pi", g->gp);
    dmx_add_num(r, o, "R", g->R);
    dmx_add_num(r, o, "total_mass", g->mass);
}

static void add_eq_node(dmx_result *r, dmx_node *arr, const glp_inst *g, const glp_eq *q,
                        double Wc, double Wd)
{
    dmx_node *o = dmx_add_obj(r, arr, NULL);
    dmx_add_vec(r, o, "q", q->q, g->n);
    dmx_add_mat(r, o, "x", q->x, g->n, g->m);
    dmx_add_vec(r, o, "p", q->p, g->n);
    dmx_add_vec(r, o, "zeta", q->zeta, g->n);
    dmx_add_num(r, o, "consumer_welfare", q->cw);
    dmx_add_num(r, o, "W", q->W);
    dmx_add_num(r, o, "SW", q->SW);
    double pq = 0;
    for (int i = 0; i < g->n; i++)
        pq += q->p[i] * q->q[i];
    dmx_add_num(r, o, "V", q->V);
    dmx_add_num(r, o, "platform_profit", q->V - pq);
    dmx_add_num(r, o, "merchant_profit", q->SW - q->W);
    if (isfinite(Wc))
        dmx_add_num(r, o, "gap_W_circ", Wc - q->W);
    else
        dmx_add_null(r, o, "gap_W_circ", "W° not computed");
    if (isfinite(Wd))
        dmx_add_num(r, o, "gap_W_dagger", Wd - q->W);
    else
        dmx_add_null(r, o, "gap_W_dagger", "W† not computed");
    dmx_add_bool(r, o, "efficient", isfinite(Wc) && Wc - q->W <= 1e-7 * (1 + fabs(Wc)));
    dmx_add_bool(r, o, "verified", q->verified);
    dmx_add_bool(r, o, "exact", q->exact);
    dmx_add_str(r, o, "kind", "%s", q->kind);
    dmx_add_str(r, o, "source", "%s", q->source);
    dmx_add_str(r, o, "verifier", "%s", q->why);
}

/* App. B.1: social welfare at the example's allocations (computed, spec §6). */
static void add_app_b1(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    double q1 = g->qbar[0], q2 = g->qbar[1], rb = g->r[0];
    double qh = rb > 0 ? fmin(q2, q1 / rb) : q2;
    double z[2] = {0, 0}, chi[4];
    dmx_node *o = dmx_add_obj(r, r->root, "app_b1");
    if (A->have_ce)
        dmx_add_num(r, o, "SW_constrained_efficient", glp_SW(g, A->ce.q, A->ce.M.chi));
    dmx_add_num(r, o, "SW_low_trade", glp_SW(g, z, (double[4]){0, 0, 0, 0}));
    double qH[2] = {q1, qh};
    chi[0] = q1; chi[1] = 0; chi[2] = q1; chi[3] = qh - q1;
    dmx_add_num(r, o, "SW_high_trade", glp_SW(g, qH, chi));
    double qb[2] = {q1, q2};
    chi[0] = q1; chi[1] = 0; chi[2] = q1; chi[3] = q2 - q1;
    dmx_add_num(r, o, "SW_bullet", glp_SW(g, qb, chi));
    dmx_add_num(r, o, "paper_printed_SW_high_trade",
                q1 * (3 + g->gu) + rb * (q2 - qh));
    dmx_add_num(r, o, "paper_printed_SW_bullet", q1 * (g->gu + 1) + 2 * (q2 - q1));
    dmx_add_str(r, o, "note", "%s",
                "The paper's printed SW(q_H*) omits the merchant's 2(q*(2) − q̄(1)) and its "
                "SW(q•) prints q̄(1)(γ_u + 1) instead of q̄(1)(3 + γ_u); the values here are "
                "computed from eq. (B.1).");
}

static int econ_table(dmx_result *r, const glp_all *A, const econ *E, int ne)
{
    const glp_inst *g = &A->g;
    const char *hdr[8];
    char buf[256];
    hdr[0] = "";
    for (int k = 0; k < ne; k++)
        hdr[k + 1] = E[k].name;
    dmx_view *t = dmx_add_table(r, "economies",
                                "Economies: expropriation, monopsony, competitive (equilibrium 1), "
                                "data union, Lindahl, first best", hdr, ne + 1);
    if (!t)
        return DMX_OK;
    dmx_node *row;
    for (int i = 0; i < g->n; i++) {
        char lab[48];
        char w[24];
        dmx_fmt_num(w, sizeof w, g->w[i], 4);
        snprintf(lab, sizeof lab, "q(ω=%s)", w);
        row = dmx_table_row(r, t, lab);
        for (int k = 0; k < ne; k++)
            if (E[k].present && E[k].q)
                dmx_add_num(r, row, NULL, E[k].q[i]);
            else
                dmx_add_null(r, row, NULL, "n/a");
    }
    for (int i = 0; i < g->n; i++) {
        char lab[48];
        char w[24];
        dmx_fmt_num(w, sizeof w, g->w[i], 4);
        snprintf(lab, sizeof lab, "x(·|ω=%s)", w);
        row = dmx_table_row(r, t, lab);
        for (int k = 0; k < ne; k++)
            if (E[k].present && E[k].x)
                dmx_add_str(r, row, NULL, "%s", fmt_vec(buf, sizeof buf, E[k].x + i * g->m, g->m));
            else
                dmx_add_null(r, row, NULL, "n/a");
    }
    for (int i = 0; i < g->n; i++) {
        char lab[48];
        char w[24];
        dmx_fmt_num(w, sizeof w, g->w[i], 4);
        snprintf(lab, sizeof lab, "p(ω=%s)", w);
        row = dmx_table_row(r, t, lab);
        for (int k = 0; k < ne; k++) {
            if (!E[k].present || !E[k].p)
                dmx_add_null(r, row, NULL, "no price");
            else if (E[k].p_mat)
                dmx_add_str(r, row, NULL, "%s", fmt_vec(buf, sizeof buf, E[k].p + i * g->m, g->m));
            else
                dmx_add_num(r, row, NULL, E[k].p[i]);
        }
    }
    static const char *const lab[] = {"consumers", "platform", "merchant",
                                      "W", "SW", "W° − W", "W† − W"};
    for (int l = 0; l < 7; l++) {
        row = dmx_table_row(r, t, lab[l]);
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
                dmx_add_num(r, row, NULL, fabs(v) < 1e-12 ? 0 : v);
            else
                dmx_add_null(r, row, NULL, "n/a");
        }
    }
    return DMX_OK;
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
    double V = t->V, line[4];
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
    if (A->have_ex) {
        dmx_plot_marker(r, pl, "E: expropriation (platform holds q̄)", 3, 'E', A->ex.su, A->ex.spi);
    }
    if (A->have_ce) {
        dmx_plot_marker(r, pl, "M: monopsony / data union (q°)", 4, 'M', A->ce.M.su, A->ce.M.spi);
    }
    if (A->have_fb)
        dmx_plot_marker(r, pl, "L: Lindahl (q†)", 5, 'L', A->fb.M.su, A->fb.M.spi);
    for (int k = 0; k < A->cs.neq; k++) {
        const glp_eq *q = &A->cs.eq[k];
        double su = 0, spi = 0;
        for (int i = 0; i < g->n; i++)
            for (int j = 0; j < g->m; j++) {
                su += g->u[i * g->m + j] * q->x[i * g->m + j] * q->q[i];
                spi += g->pi[i * g->m + j] * q->x[i * g->m + j] * q->q[i];
            }
        char lab[96];
        snprintf(lab, sizeof lab, "C: competitive equilibrium %d (%s)", k + 1, q->kind);
        dmx_plot_marker(r, pl, lab, 6, 'C', su, spi);
    }
    if (A->cs.neq > 0) {
        const glp_eq *q = &A->cs.eq[0];
        int differ = 0;
        for (int i = 0; i < g->n; i++)
            differ |= fabs(q->q[i] - g->qbar[i]) > 1e-9;
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

static int glp_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    glp_all A;
    memset(&A, 0, sizeof A);
    int rc = glp_inst_init(&A.g, p, e);
    if (rc != DMX_OK)
        return rc;
    glp_inst *g = &A.g;
    int n = g->n, m = g->m;
    int views = !ctx || !ctx->want;
    int two = glp2_applies(g);

    /* Sweep fast path: the case label needs no LP in the closed-form regions. */
    if (ctx && ctx->want && strcmp(ctx->want, "competitive.case") == 0 &&
        (two || (g->gp > g->gu && g->omega_in_A))) {
        dmx_node *c = dmx_add_obj(r, r->root, "competitive");
        dmx_add_str(r, c, "case", "%s",
                    two ? glp2_label(glp2_case(g->r[0], g->gu)) : "Prop 3: full disclosure");
        snprintf(r->status, sizeof r->status, "closed form");
        r->residual = 0;
        snprintf(r->method, sizeof r->method, "closed form");
        glp_inst_free(g);
        return DMX_OK;
    }

    int w_tri = dmx_wants(ctx, "triangle"), w_ex = dmx_wants(ctx, "expropriation");
    int w_fb = dmx_wants(ctx, "first_best"), w_ce = dmx_wants(ctx, "constrained_efficient");
    int w_mo = dmx_wants(ctx, "monopsony"), w_un = dmx_wants(ctx, "data_union");
    int w_li = dmx_wants(ctx, "lindahl"), w_co = dmx_wants(ctx, "competitive");
    int w_b1 = dmx_wants(ctx, "app_b1");
    int need_ex = w_ex || w_tri || views;
    int need_ce = w_ce || w_mo || w_un || w_co || w_b1 || views;
    int need_fb = w_fb || w_li || w_co || views;

    dmx_add_str(r, r->root, "model", "glp");
    add_instance(r, g);
    if (!g->omega_in_A)
        dmx_add_note(r, "some type's value is not a fee: the BBM triangle closed form (shown "
                        "for reference) need not hold; V comes from the LP and W° from the "
                        "exact KKT/MILP formulation of the bilevel problem instead of the "
                        "triangle reduction.");

    /* ---- triangle and expropriation (P_q at q̄) ---- */
    glp_triangle(g, g->qbar, &A.tri);
    A.have_tri = 1;
    if (need_ex) {
        rc = glp_mech_alloc(g, &A.ex, e);
        if (rc == DMX_OK)
            rc = glp_design(g, g->qbar, &A.ex, e);
        if (rc != DMX_OK)
            goto out_free;
        A.have_ex = 1;
        A.resid = fmax(A.resid, A.ex.kkt);
    }
    if (w_tri) {
        dmx_node *t = dmx_add_obj(r, r->root, "triangle");
        dmx_add_num(r, t, "pi_star", A.tri.pi_star);
        dmx_add_num(r, t, "w_star", A.tri.w_star);
        dmx_add_num(r, t, "monopoly_fee", g->a[A.tri.jstar]);
        double vtx[6] = {0, A.tri.pi_star, 0, A.tri.w_star, A.tri.w_star - A.tri.pi_star,
                         A.tri.pi_star};
        dmx_add_mat(r, t, "vertices", vtx, 3, 2);
        double pp[2] = {A.tri.su, A.tri.spi};
        dmx_add_vec(r, t, "platform_point", pp, 2);
        dmx_add_num(r, t, "V_closed_form", A.tri.V);
        if (A.have_ex) {
            dmx_add_num(r, t, "V_lp", A.ex.V);
            dmx_add_num(r, t, "V_gap", A.ex.V - A.tri.V);
        }
        dmx_add_bool(r, t, "ties", A.tri.tie);
        dmx_add_str(r, t, "ties_text", "%s",
                    A.tri.tie ? "γ_u = γ_π: the platform is indifferent along the whole "
                                "hypotenuse s_u + s_π = w*; the consumer-optimal end is shown"
                    : g->gp > g->gu ? "γ_π > γ_u: unique optimum (0, w*), full disclosure (Prop. 3)"
                                    : "γ_u > γ_π: unique optimal point (w* − π*, π*), the "
                                      "consumer-optimal vertex");
        if (A.have_ex && g->omega_in_A && fabs(A.ex.V - A.tri.V) > 1e-6 * (1 + fabs(A.tri.V)))
            dmx_add_note(r, "V(q̄) from the LP (%g) differs from the triangle closed form (%g)",
                         A.ex.V, A.tri.V);
    }
    if (w_ex && A.have_ex) {
        dmx_node *x = dmx_add_obj(r, r->root, "expropriation");
        dmx_add_num(r, x, "V", A.ex.V);
        dmx_add_vec(r, x, "q", g->qbar, n);
        dmx_add_mat(r, x, "x", A.ex.x, n, m);
        dmx_add_num(r, x, "consumer_surplus", A.ex.su);
        dmx_add_num(r, x, "merchant_profit", A.ex.spi);
        dmx_add_num(r, x, "W", glp_W(g, g->qbar, A.ex.chi));
        dmx_add_num(r, x, "SW", glp_SW(g, g->qbar, A.ex.chi));
        dmx_add_vec(r, x, "psi", A.ex.psi, n);
    }

    /* ---- first best (Def. 6) and Lindahl (Def. 5, Prop. 5) ---- */
    if (need_fb) {
        rc = glp_first_best(g, 0, &A.fb, e);
        if (rc != DMX_OK)
            goto out_free;
        A.have_fb = 1;
        A.resid = fmax(A.resid, A.fb.kkt);
    }
    if (w_fb && A.have_fb) {
        dmx_node *f = dmx_add_obj(r, r->root, "first_best");
        dmx_add_num(r, f, "W", A.fb.W);
        dmx_add_vec(r, f, "q", A.fb.q, n);
        dmx_add_mat(r, f, "x", A.fb.M.x, n, m);
        dmx_add_num(r, f, "SW", glp_SW(g, A.fb.q, A.fb.M.chi));
        dmx_add_vec(r, f, "mu", A.fb.mu, n);
        dmx_add_num(r, f, "consumer_surplus", A.fb.M.su);
        dmx_add_num(r, f, "merchant_profit", A.fb.M.spi);
    }
    if ((w_li || views) && A.have_fb) {
        A.lind_p = malloc(sizeof(double) * (size_t)(n * m));
        A.lind_zeta = malloc(sizeof(double) * (size_t)(n * m));
        if (!A.lind_p || !A.lind_zeta) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
            goto out_free;
        }
        glp_lindahl_prices(g, A.fb.mu, A.lind_p);
        double plat = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                int k = i * m + j;
                A.lind_zeta[k] = g->qbar[i] > 0 ? A.fb.M.chi[k] / g->qbar[i] : 0;
                plat += (g->v[k] - A.lind_p[k]) * A.fb.M.chi[k];
            }
        int ok;
        char why[256];
        double res = 0;
        rc = glp_lindahl_certify(g, A.lind_p, A.fb.M.chi, GLP_TOL, &ok, why, sizeof why, &res, e);
        if (rc != DMX_OK)
            goto out_free;
        A.resid = fmax(A.resid, res);
        dmx_node *l = dmx_add_obj(r, r->root, "lindahl");
        dmx_add_vec(r, l, "q", A.fb.q, n);
        dmx_add_mat(r, l, "x", A.fb.M.x, n, m);
        dmx_add_mat(r, l, "p", A.lind_p, n, m);
        dmx_add_mat(r, l, "zeta", A.lind_zeta, n, m);
        /* Prop. 5: platform profit 0, consumers get W† */
        double pay = 0;
        for (int k = 0; k < n * m; k++)
            pay += A.lind_p[k] * A.fb.M.chi[k];
        double cw = pay + A.fb.M.su;
        for (int i = 0; i < n; i++)
            cw += (g->qbar[i] - A.fb.q[i]) * g->r[i];
        dmx_add_num(r, l, "consumer_welfare", cw);
        dmx_add_num(r, l, "platform_payoff", fabs(plat) < 1e-12 ? 0 : plat);
        dmx_add_num(r, l, "merchant_profit", A.fb.M.spi);
        dmx_add_num(r, l, "W", A.fb.W);
        dmx_add_num(r, l, "SW", glp_SW(g, A.fb.q, A.fb.M.chi));
        {
            double *lo = malloc(sizeof(double) * (size_t)n), *hi = malloc(sizeof(double) * (size_t)n);
            if (!lo || !hi) {
                free(lo);
                free(hi);
                rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
                goto out_free;
            }
            rc = glp_fb_mu_range(g, &A.fb, lo, hi, e);
            if (rc != DMX_OK) {
                free(lo);
                free(hi);
                goto out_free;
            }
            int uniq = 1;
            for (int i = 0; i < n; i++)
                uniq &= isfinite(lo[i]) && isfinite(hi[i]) && hi[i] - lo[i] <= 1e-6 * (1 + fabs(hi[i]));
            A.fb.mu_unique = uniq;
            dmx_add_vec(r, l, "mu", A.fb.mu, n);
            dmx_add_vec(r, l, "mu_min", lo, n);
            dmx_add_vec(r, l, "mu_max", hi, n);
            free(lo);
            free(hi);
        }
        dmx_add_bool(r, l, "prices_unique", A.fb.mu_unique);
        dmx_node *c = dmx_add_obj(r, l, "certificate");
        dmx_add_bool(r, c, "ok", ok);
        dmx_add_str(r, c, "result", "%s", why);
        dmx_add_num(r, c, "residual", res);
        if (!ok)
            dmx_add_note(r, "Lindahl prices failed the Definition 5 certificate: %s", why);
        if (!A.fb.mu_unique)
            dmx_add_note(r, "Lindahl prices are not unique: the first-best duals μ(ω) range over "
                            "lindahl.mu_min .. lindahl.mu_max; the table shows one certified "
                            "choice p = μ + r − u.");
        else
            dmx_add_note(r, "Lindahl prices p = μ + r − u from the unique first-best duals μ; "
                            "prices of markets (a, ω) where nothing trades could also be set "
                            "otherwise (the paper sets them to 0 in its example).");
    }

    /* ---- constrained efficiency (Def. 3), monopsony (Prop. 1), data union (Prop. 4) ---- */
    if (need_ce) {
        rc = glp_constrained_eff(g, 0, &A.ce, e);
        if (rc != DMX_OK)
            goto out_free;
        A.have_ce = 1;
        A.resid = fmax(A.resid, A.ce.kkt);
        double Wchk = glp_W(g, A.ce.q, A.ce.M.chi);
        if (fabs(Wchk - A.ce.W) > 1e-6 * (1 + fabs(A.ce.W)))
            dmx_add_note(r, "constrained efficiency: the reduction value W° = %g differs from "
                            "W at its allocation (%g)", A.ce.W, Wchk);
        if (A.have_fb && A.ce.W > A.fb.W + 1e-7 * (1 + fabs(A.fb.W)))
            dmx_add_note(r, "W° = %g exceeds W† = %g: numerical trouble", A.ce.W, A.fb.W);
    }
    if (w_ce && A.have_ce) {
        dmx_node *c = dmx_add_obj(r, r->root, "constrained_efficient");
        dmx_add_num(r, c, "W", A.ce.W);
        dmx_add_vec(r, c, "q", A.ce.q, n);
        dmx_add_mat(r, c, "x", A.ce.M.x, n, m);
        dmx_add_num(r, c, "SW", glp_SW(g, A.ce.q, A.ce.M.chi));
        dmx_add_num(r, c, "V", A.ce.M.V);
        dmx_add_num(r, c, "consumer_surplus", A.ce.M.su);
        dmx_add_num(r, c, "merchant_profit", A.ce.M.spi);
        if (A.have_fb)
            dmx_add_num(r, c, "gap_to_first_best", A.fb.W - A.ce.W);
        dmx_add_str(r, c, "method", "%s",
                    !g->omega_in_A ? "KKT/MILP of the bilevel problem (types not all fees)"
                    : g->gp > g->gu ? "closed form: full disclosure (Prop. 3), q(ω) = q̄ iff γ_π ω ≥ r(ω)"
                                    : "triangle reduction: one LP in (q, t), t ≥ π*(q) (spec §4)");
    }
    if (A.have_ce && (w_mo || w_un || views)) {
        A.mono_p = malloc(sizeof(double) * (size_t)n);
        A.union_p = malloc(sizeof(double) * (size_t)n);
        A.zeta_ce = malloc(sizeof(double) * (size_t)n);
        if (!A.mono_p || !A.union_p || !A.zeta_ce) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
            goto out_free;
        }
        double G = A.ce.W - g->R, tt = g->mass > 0 ? G / g->mass : 0;
        for (int i = 0; i < n; i++) {
            double eu = glp_eu(g, A.ce.M.x, i);
            double z = g->qbar[i] > 0 ? A.ce.q[i] / g->qbar[i] : 0;
            A.zeta_ce[i] = z;
            A.mono_p[i] = g->r[i] - eu;                 /* Prop. 1 */
            A.union_p[i] = z * (g->r[i] - eu) + tt;     /* proof of Prop. 4, t = G / Σ q̄ */
        }
        double sw = glp_SW(g, A.ce.q, A.ce.M.chi);
        if (w_mo) {
            dmx_node *o = dmx_add_obj(r, r->root, "monopsony");
            dmx_add_vec(r, o, "q", A.ce.q, n);
            dmx_add_mat(r, o, "x", A.ce.M.x, n, m);
            dmx_add_vec(r, o, "p", A.mono_p, n);
            dmx_add_vec(r, o, "zeta", A.zeta_ce, n);
            double cw = 0, pq = 0;
            for (int i = 0; i < n; i++) {
                pq += A.mono_p[i] * A.ce.q[i];
                cw += (g->qbar[i] - A.ce.q[i]) * g->r[i];
            }
            cw += pq + A.ce.M.su;
            dmx_add_num(r, o, "consumer_welfare", cw);
            dmx_add_num(r, o, "platform_payoff", A.ce.M.V - pq);
            dmx_add_num(r, o, "merchant_profit", A.ce.M.spi);
            dmx_add_num(r, o, "W", A.ce.W);
            dmx_add_num(r, o, "SW", sw);
        }
        if (w_un) {
            dmx_node *o = dmx_add_obj(r, r->root, "data_union");
            dmx_add_vec(r, o, "q", A.ce.q, n);
            dmx_add_mat(r, o, "x", A.ce.M.x, n, m);
            dmx_add_vec(r, o, "p", A.union_p, n);
            double cw = 0, pq = 0;
            for (int i = 0; i < n; i++) {
                pq += A.union_p[i] * g->qbar[i];
                cw += (g->qbar[i] - A.ce.q[i]) * g->r[i];
            }
            cw += pq + A.ce.M.su;
            dmx_add_num(r, o, "consumer_welfare", cw);
            dmx_add_num(r, o, "revenue", A.ce.M.V);
            dmx_add_num(r, o, "payout", pq);
            dmx_add_num(r, o, "platform_payoff", A.ce.M.V - pq);
            dmx_add_num(r, o, "merchant_profit", A.ce.M.spi);
            dmx_add_num(r, o, "transfer_per_member", tt);
            dmx_add_str(r, o, "note", "%s",
                        "p(ω) = (q(ω)/q̄(ω))(r(ω) − E_x u) + G/Σq̄ with G = W° − R (proof of "
                        "Prop. 4; the proof's lump sum t(ω) = G assumes total mass 1)");
            dmx_add_num(r, o, "W", A.ce.W);
            dmx_add_num(r, o, "SW", sw);
        }
    }

    /* ---- competitive economy (Def. 4) ---- */
    if (w_co) {
        double res = 0;
        rc = glp_competitive(g, A.ce.q, ctx, &A.cs, &res, e);
        if (rc != DMX_OK)
            goto out_free;
        A.have_cs = 1;
        A.resid = fmax(A.resid, res);
        double Wc = A.have_ce ? A.ce.W : NAN, Wd = A.have_fb ? A.fb.W : NAN;
        if (!A.cs.closed_form && strncmp(A.cs.label, "Prop 3", 6) != 0 && A.cs.neq > 0) {
            int ineff = 0;
            for (int k = 0; k < A.cs.neq; k++)
                ineff |= Wc - A.cs.eq[k].W > 1e-7 * (1 + fabs(Wc));
            snprintf(A.cs.label, sizeof A.cs.label, "%s",
                     ineff ? "search: inefficient" : "search: efficient");
            snprintf(A.cs.badge, sizeof A.cs.badge, "%s",
                     ineff ? "General Ω: inefficient equilibria found"
                           : "General Ω: every equilibrium found is efficient");
            snprintf(A.cs.text, sizeof A.cs.text,
                     "No closed form of the paper applies (it covers the two-type example of "
                     "Section 4.1 and γ_π > γ_u, Prop. 3), so the equilibria were searched "
                     "(spec §8): LPs at fixed databases and MILPs at the platform's dual "
                     "prices. Each listed equilibrium passed the Definition 4 verifier; the "
                     "list may be incomplete. %s",
                     g->gu >= g->gp ? "With γ_u ≥ γ_π the platform may pool types, and "
                                      "pooling can make the market inefficient (Prop. 3, "
                                      "second part)." : "");
        } else if (!A.cs.closed_form && A.cs.neq == 0 && strncmp(A.cs.label, "Prop 3", 6) != 0) {
            snprintf(A.cs.text, sizeof A.cs.text,
                     "The search of spec §8 found no equilibrium. One exists (Prop. 2): this "
                     "is a failure of the search, not a claim.");
            dmx_add_note(r, "competitive: the search found no equilibrium (one exists by Prop. 2)");
        }
        dmx_node *c = dmx_add_obj(r, r->root, "competitive");
        dmx_add_str(r, c, "case", "%s", A.cs.label);
        dmx_add_str(r, c, "badge", "%s", A.cs.badge);
        dmx_add_str(r, c, "explanation", "%s", A.cs.text);
        dmx_add_bool(r, c, "closed_form", A.cs.closed_form);
        if (A.cs.continuum[0])
            dmx_add_str(r, c, "continuum", "%s", A.cs.continuum);
        dmx_add_int(r, c, "count", A.cs.neq);
        dmx_node *arr = dmx_add_arr(r, c, "equilibria");
        for (int k = 0; k < A.cs.neq; k++) {
            add_eq_node(r, arr, g, &A.cs.eq[k], Wc, Wd);
            if (!A.cs.eq[k].verified)
                dmx_add_note(r, "competitive equilibrium %d failed verification: %s", k + 1,
                             A.cs.eq[k].why);
        }
    }
    if (two && w_b1)
        add_app_b1(r, &A);

    /* ---- App. B.1: the social-welfare versions of FB and SB (Def. 7) ---- */
    if (dmx_wants(ctx, "social_efficiency")) {
        glp_fb sfb;
        glp_ce sce;
        rc = glp_first_best(g, 1, &sfb, e);
        if (rc != DMX_OK)
            goto out_free;
        rc = glp_constrained_eff(g, 1, &sce, e);
        if (rc != DMX_OK) {
            glp_fb_free(&sfb);
            goto out_free;
        }
        dmx_node *o = dmx_add_obj(r, r->root, "social_efficiency");
        dmx_add_num(r, o, "SW_first_best", sfb.W);
        dmx_add_vec(r, o, "q_first_best", sfb.q, n);
        dmx_add_num(r, o, "SW_constrained", sce.W);
        dmx_add_vec(r, o, "q_constrained", sce.q, n);
        dmx_add_mat(r, o, "x_constrained", sce.M.x, n, m);
        A.resid = fmax(A.resid, fmax(sfb.kkt, sce.kkt));
        glp_fb_free(&sfb);
        glp_ce_free(&sce);
    }

    /* ---- views ---- */
    if (views) {
        econ E[6];
        memset(E, 0, sizeof E);
        double exW = glp_W(g, g->qbar, A.ex.chi);
        E[0] = (econ){"expropr.", 1, g->qbar, A.ex.x, NULL, 0, A.ex.su, A.ex.V, A.ex.spi,
                      exW, exW + A.ex.spi};
        double sw = glp_SW(g, A.ce.q, A.ce.M.chi);
        E[1] = (econ){"monopsony", 1, A.ce.q, A.ce.M.x, A.mono_p, 0, g->R, A.ce.W - g->R,
                      A.ce.M.spi, A.ce.W, sw};
        if (A.cs.neq > 0) {
            const glp_eq *q = &A.cs.eq[0];
            E[2] = (econ){"competit.", 1, q->q, q->x, q->p, 0, q->cw, 0, q->SW - q->W, q->W,
                          q->SW};
        } else {
            E[2] = (econ){"competit.", 0, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0};
        }
        E[3] = (econ){"union", 1, A.ce.q, A.ce.M.x, A.union_p, 0, A.ce.W, 0, A.ce.M.spi,
                      A.ce.W, sw};
        double swf = glp_SW(g, A.fb.q, A.fb.M.chi);
        E[4] = (econ){"Lindahl", 1, A.fb.q, A.fb.M.x, A.lind_p, 1, A.fb.W, 0, A.fb.M.spi,
                      A.fb.W, swf};
        E[5] = (econ){"1st best", 1, A.fb.q, A.fb.M.x, NULL, 0, NAN, NAN, A.fb.M.spi, A.fb.W,
                      swf};
        econ_table(r, &A, E, 6);
        if (A.cs.neq > 1)
            dmx_add_note(r, "competitive column: equilibrium 1 of %d (see competitive.equilibria)",
                         A.cs.neq);

        /* Lindahl price table p(a, ω) */
        const char **hdr = malloc(sizeof(char *) * (size_t)(m + 1));
        char (*hb)[32] = malloc(sizeof(*hb) * (size_t)(m + 1));
        if (!hdr || !hb) {
            free(hdr);
            free(hb);
            rc = dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
            goto out_free;
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
                dmx_add_num(r, row, NULL, A.lind_p[i * m + j]);
        }
        free(hdr);
        free(hb);

        triangle_plot(r, &A);
        {
            char nums[640], a1[24], a2[24], a3[24], a4[24], a5[24];
            dmx_fmt_num(a5, sizeof a5, A.ex.su, 4);
            dmx_fmt_num(a2, sizeof a2, A.ce.W, 4);
            dmx_fmt_num(a3, sizeof a3, A.fb.W, 4);
            dmx_fmt_num(a4, sizeof a4, g->R, 4);
            if (A.cs.neq > 0) {
                dmx_fmt_num(a1, sizeof a1, A.cs.eq[0].cw, 4);
                snprintf(nums, sizeof nums,
                         " Here: consumers get %s in %s competitive equilibrium (platform "
                         "profit 0), against W° = %s (monopsony leaves them R = %s, a data "
                         "union gives them W°), W† = %s (Lindahl markets) and %s under "
                         "expropriation (%s).",
                         a1, A.cs.neq > 1 ? "the first" : "the", a2, a4, a3, a5,
                         A.cs.eq[0].cw < A.ex.su - 1e-9 ? "better than the market"
                                                          : "no better than the market");
            } else {
                snprintf(nums, sizeof nums, " Here: W° = %s, W† = %s, R = %s.", a2, a3, a4);
            }
            dmx_add_text(r, "explain", A.cs.badge[0] ? A.cs.badge : A.cs.label, "%s%s%s",
                         A.cs.text, nums,
                         A.tri.tie ? " With γ_u = γ_π the platform is indifferent along the "
                                     "whole hypotenuse of the BBM triangle: every obedient "
                                     "mechanism that wastes no surplus is optimal for it."
                                   : "");
        }
        if (two)
            fig1_plot(r, g);
        else
            dmx_add_note(r, "Figure 1 map not shown: it belongs to the two-type example of "
                            "Section 4.1 (Ω = A = {1, 2}, γ_π = 0, one r̄ in (0, 1), "
                            "0 < q̄(1) < q̄(2)).");
        if (A.cs.continuum[0])
            dmx_add_note(r, "competitive: %s", A.cs.continuum);
    }

    snprintf(r->status, sizeof r->status, "optimal");
    r->residual = A.resid;
    snprintf(r->method, sizeof r->method, "GLPK simplex%s",
             A.cs.closed_form ? " + two-type closed form (§4.1, App. B.2)"
             : A.have_cs && strncmp(A.cs.label, "Prop 3", 6) == 0 ? " + Prop. 3 closed form"
             : A.have_cs ? " + equilibrium search (LP/MILP, spec §8)" : "");
out_free:
    all_free(&A);
    return rc;
}

const dmx_model dmx_model_glp = {
    .name = "glp",
    .title = "Competitive Markets for Personal Data",
    .paper = "Galperti, Liu, Perego (2023)",
    .summary = "Consumers sell data records to a platform that uses them to design what a "
               "merchant learns before setting a fee. Compares expropriation, a monopsonist "
               "platform, a competitive market, a data union and Lindahl markets against the "
               "first best and constrained efficiency; the competitive market can be "
               "inefficient because pooled records exert externalities on each other.",
    .params = glp_params,
    .nparams = (int)(sizeof glp_params / sizeof glp_params[0]),
    .validate = glp_validate,
    .compute = glp_compute,
    .default_preset = "glp-sec4-case2",
};
