/* views.c -- what the explorer shows for the bbg model: (α, β) region maps
 * (Figs 2-4), curves in α (Fig 5, Prop 6), in N (Fig 6, Theorem 4) and for
 * segmentation (Fig 7), the complete-sharing vs aggregate table, and the plain-
 * language explanation.  Everything here is closed form and cheap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "grid.h"
#include "model.h"
#include "numfmt.h"
#include "bbg.h"

#define MAP_NX 60
#define MAP_NY 30
#define COARSE_NX 20    /* DMX_DETAIL_COARSE: the explorer's first frame after a key */
#define COARSE_NY 10
#define CURVE_N 200

/* View titles: short enough for a panel (the explorer prefixes "[3/9] "); the
 * paper object each shows is in the title, the rest in the explanation. */
#define T_PROFIT_MAP "Fig 4: profitable vs efficient sharing"
#define T_WELFARE_MAP "Fig 3: surplus gains from sharing"
#define T_GAIN_MAP "Fig 2: information gain G(α, β)"
#define T_NOISE_ALPHA "Fig 5: optimal added noise σ_ξ*² vs α"
#define T_REVENUE_ALPHA "Revenue vs α: sharing vs aggregation"
#define T_COMPENSATION_N "Fig 6: total compensation N·m_i vs N"
#define T_SEGMENTATION_N "Fig 7: marginal consumer, group vs uniform"
#define T_QUALITY_GAMMA "§6.1: value of information vs quality γ"
#define T_QUALITY_POLICY "Prop 10: aggregate vs individual data"
#define T_QUALITY_TABLE "Quality pricing (§6.1): surplus by data"
#define T_REC_ALPHA "Prop 11: recommender revenue vs α"
#define T_REC_TABLE "Recommender (§6.2): revenue by data"
#define T_COMPARE "Per consumer: sharing vs aggregation"
#define T_COMPARE_MARKET "Market totals: sharing vs aggregation"

/* A region map over (α, β) ∈ [0, 1]²: cell (i, j) at α = i/(nx-1), β = j/(ny-1). */
typedef enum { MAP_PROFIT, MAP_WELFARE, MAP_GAIN } map_kind;
typedef struct map_job {
    const bbg_prim *pr;
    map_kind kind;
    int nx, ny;
} map_job;

/* The cell function of dmx_grid_fill: closed forms only, thread-safe. */
static int map_cell(void *user, int thread, int i, int j, double *out, dmx_err *e)
{
    (void)thread;
    (void)e;
    const map_job *m = user;
    bbg_prim q;
    bbg_cs cs;
    bbg_prim_make(&q, m->pr->N, (double)i / (m->nx - 1), (double)j / (m->ny - 1), m->pr->sw2,
                  m->pr->se2);
    switch (m->kind) {
    case MAP_PROFIT:
        bbg_sharing(&q, 0.0, &cs);
        *out = (cs.R > 0.0 ? 0 : 2) + (cs.dW > 0.0 ? 0 : 1);
        break;
    case MAP_WELFARE:
        bbg_sharing(&q, 0.0, &cs);
        *out = cs.dW > 0.0 ? (cs.dU > 0.0 ? 0 : 1) : 2;
        break;
    case MAP_GAIN:
        *out = bbg_var_s(&q, 0.0) - bbg_var_si(&q);
        break;
    }
    return DMX_OK;
}

/* Fills m's grid at the detail the caller wants for view `id`: the full 60x30
 * grid, a coarse 20x10 one (*preview = 1), or nothing (SKIP: *n = 0 cells and
 * *preview = 1).  Sets *n to the number of cells filled; errors from
 * dmx_grid_fill (DMX_ECANCELED). */
static int map_fill(const dmx_ctx *ctx, const char *id, map_job *m, double *cell, int *preview,
                    int *n, dmx_err *e)
{
    int d = dmx_view_detail(ctx, id);
    *preview = d != DMX_DETAIL_FULL;
    *n = 0;
    if (d == DMX_DETAIL_SKIP)
        return DMX_OK;
    m->nx = d == DMX_DETAIL_COARSE ? COARSE_NX : MAP_NX;
    m->ny = d == DMX_DETAIL_COARSE ? COARSE_NY : MAP_NY;
    int rc = dmx_grid_fill(ctx, m->nx, m->ny, map_cell, m, cell, e);
    if (rc == DMX_OK)
        *n = m->nx * m->ny;
    return rc;
}

/* The α*(β) curve of Theorem 1 as (α, β) points; returns the count. */
static int alpha_star_curve(const bbg_prim *pr, double *xy)
{
    int n = 0;
    for (int j = 0; j <= MAP_NY; j++) {
        double b = (double)j / MAP_NY, a = bbg_alpha_star(pr, b);
        if (isfinite(a)) {
            xy[2 * n] = a;
            xy[2 * n + 1] = b;
            n++;
        }
    }
    return n;
}

static void vline(dmx_result *r, dmx_view *v, const char *label, int style, double x,
                  double y0, double y1)
{
    if (!isfinite(x))
        return;
    double xy[4] = {x, y0, x, y1};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, label, style, xy, 2);
}

/* The view of an (α, β) ∈ [0,1]² map filled by map_fill: the plot, its preview mark and
 * the grid of categories.  NULL when there is nothing more to draw (no view, or a
 * skipped panel with no cells). */
static dmx_view *map_view(dmx_result *r, const map_job *m, const char *id, const char *title,
                          const char *xl, const char *yl, int preview, int n,
                          const char *legend, const double *cell, const char *const *cats,
                          int ncats)
{
    dmx_view *v = dmx_add_plot(r, id, title, xl, yl, 0, 1, 0, 1);
    if (!v)
        return NULL;
    v->preview = preview;
    if (n == 0)
        return NULL;
    dmx_plot_grid(r, v, legend, m->nx, m->ny, 0, 1, 0, 1, cell, cats, ncats);
    return v;
}

/* The diagonal α = β, where the gain G vanishes. */
static void diagonal(dmx_result *r, dmx_view *v)
{
    double d[4] = {0, 0, 1, 1};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "α = β: G = 0", 1, d, 2);
}

static int view_profit_map(const bbg_prim *pr, const bbg_thr *th, dmx_result *r,
                           double *cell, double *xy, const dmx_ctx *ctx, dmx_err *e)
{
    static const char *const cats[] = {"profitable & efficient", "profitable & inefficient",
                                       "unprofitable & efficient",
                                       "unprofitable & inefficient"};
    map_job m = {pr, MAP_PROFIT, 0, 0};
    int preview, n, rc = map_fill(ctx, "profit_map", &m, cell, &preview, &n, e);
    if (rc != DMX_OK)
        return rc;
    dmx_view *v = map_view(r, &m, "profit_map", T_PROFIT_MAP, "α (correlation of fundamentals)",
                           "β (correlation of noise)", preview, n, "complete sharing regime",
                           cell, cats, 4);
    if (!v)
        return DMX_OK;
    n = alpha_star_curve(pr, xy);
    if (n > 1)
        dmx_plot_poly(r, v, DMX_I_POLYLINE, "α*(β): R = 0", 1, xy, n);
    char lab[96];
    snprintf(lab, sizeof lab, "Prop 6: α = %.3g", th->prop6);
    vline(r, v, lab, 3, th->prop6, 0, 1);
    if (isfinite(th->beta0))
        dmx_plot_marker(r, v, "β0: α*(β0) = β0", 4, 'o', th->beta0, th->beta0);
    dmx_plot_marker(r, v, "current (α, β)", 7, '*', pr->alpha, pr->beta);
    return DMX_OK;
}

static int view_welfare_map(const bbg_prim *pr, dmx_result *r, double *cell,
                            const dmx_ctx *ctx, dmx_err *e)
{
    static const char *const cats[] = {"ΔW > 0 and ΔU > 0", "ΔW > 0, ΔU ≤ 0", "ΔW ≤ 0"};
    map_job m = {pr, MAP_WELFARE, 0, 0};
    int preview, n, rc = map_fill(ctx, "welfare_map", &m, cell, &preview, &n, e);
    if (rc != DMX_OK)
        return rc;
    dmx_view *v = map_view(r, &m, "welfare_map", T_WELFARE_MAP, "α", "β", preview, n,
                           "surplus gains", cell, cats, 3);
    if (!v)
        return DMX_OK;
    diagonal(r, v);
    /* Prop 2: ΔW <= 0 for β in [β̲(α), β̄(α)] */
    double *lo = malloc(2 * (MAP_NX + 1) * sizeof *lo), *hi = malloc(2 * (MAP_NX + 1) * sizeof *hi);
    if (!lo || !hi) {
        r->oom = 1;
    } else {
        int nl = 0, nh = 0;
        for (int i = 0; i <= MAP_NX; i++) {
            double a = (double)i / MAP_NX, bl, bh;
            bbg_prop2_interval(pr, a, &bl, &bh);
            if (isfinite(bl) && bl > 0.0) {
                lo[2 * nl] = a;
                lo[2 * nl++ + 1] = bl;
            }
            if (isfinite(bh) && bh < 1.0) {
                hi[2 * nh] = a;
                hi[2 * nh++ + 1] = bh;
            }
        }
        if (nl > 1)
            dmx_plot_poly(r, v, DMX_I_POLYLINE, "β̲(α): ΔW = 0", 3, lo, nl);
        if (nh > 1)
            dmx_plot_poly(r, v, DMX_I_POLYLINE, "β̄(α): ΔW = 0", 4, hi, nh);
    }
    free(hi);
    free(lo);
    dmx_plot_marker(r, v, "current (α, β)", 7, '*', pr->alpha, pr->beta);
    return DMX_OK;
}

static int view_gain_map(const bbg_prim *pr, dmx_result *r, double *cell, const dmx_ctx *ctx,
                         dmx_err *e)
{
    map_job m = {pr, MAP_GAIN, 0, 0};
    int preview, n, rc = map_fill(ctx, "gain_map", &m, cell, &preview, &n, e);
    if (rc != DMX_OK)
        return rc;
    double gmax = 0.0;
    for (int k = 0; k < n; k++)
        if (cell[k] > gmax)
            gmax = cell[k];
    char names[5][64];
    const char *cats[5];
    snprintf(names[0], sizeof names[0], "G < %.3g (≈ 0)", 0.02 * gmax);
    snprintf(names[1], sizeof names[1], "G < %.3g", 0.25 * gmax);
    snprintf(names[2], sizeof names[2], "G < %.3g", 0.5 * gmax);
    snprintf(names[3], sizeof names[3], "G < %.3g", 0.75 * gmax);
    snprintf(names[4], sizeof names[4], "G ≤ %.3g (max)", gmax);
    for (int k = 0; k < 5; k++)
        cats[k] = names[k];
    for (int k = 0; k < n; k++) {
        double f = gmax > 0.0 ? cell[k] / gmax : 0.0;
        cell[k] = f < 0.02 ? 0 : f < 0.25 ? 1 : f < 0.5 ? 2 : f < 0.75 ? 3 : 4;
    }
    dmx_view *v = map_view(r, &m, "gain_map", T_GAIN_MAP, "α", "β", preview, n,
                           "level sets of G", cell, cats, 5);
    if (!v)
        return DMX_OK;
    diagonal(r, v);
    dmx_plot_marker(r, v, "current (α, β)", 7, '*', pr->alpha, pr->beta);
    return DMX_OK;
}

/* DMX_DETAIL_SKIP for a curve: the view with its title and axes, no items. */
static int skipped(const dmx_ctx *ctx, dmx_result *r, const char *id, const char *title,
                   const char *xl, const char *yl)
{
    if (dmx_view_detail(ctx, id) != DMX_DETAIL_SKIP)
        return 0;
    dmx_view *v = dmx_add_plot(r, id, title, xl, yl, 0, 1, 0, 1);
    if (v)
        v->preview = 1;
    return 1;
}


/* Fig 5: σ_ξ*² against α. */
static void view_noise_alpha(const bbg_prim *pr, const bbg_thr *th, dmx_result *r, double *xy,
                             const dmx_ctx *ctx)
{
    if (skipped(ctx, r, "noise_alpha", T_NOISE_ALPHA, "α", "σ_ξ*²"))
        return;
    bbg_prim q;
    double ymax = 0.0, cap = 10.0 * pr->sw2;
    int n = 0;
    for (int k = 1; k <= CURVE_N; k++) {
        double a = (double)k / CURVE_N, s, R;
        bbg_prim_make(&q, pr->N, a, pr->beta, pr->sw2, pr->se2);
        if (bbg_agg_opt(&q, &s, &R) && s <= cap) {
            xy[2 * n] = a;
            xy[2 * n + 1] = s;
            n++;
            if (s > ymax)
                ymax = s;
        }
    }
    if (!(ymax > 0.0))
        ymax = pr->sw2;
    dmx_view *v = dmx_add_plot(r, "noise_alpha", T_NOISE_ALPHA, "α", "σ_ξ*²", 0, 1, 0,
                               ymax * 1.05);
    if (n > 0)
        dmx_plot_poly(r, v, DMX_I_POLYLINE, "σ_ξ*²(α)", 1,
                      xy, n);
    vline(r, v, "Prop 6 threshold", 3, th->prop6, 0, ymax * 1.05);
    double s0, R0;
    if (bbg_agg_opt(pr, &s0, &R0) && s0 <= ymax * 1.05)
        dmx_plot_marker(r, v, "current α", 7, '*', pr->alpha, s0);
}

/* The revenues of complete sharing and of the optimal aggregate policy against α. */
static void view_revenue_alpha(const bbg_prim *pr, const bbg_thr *th, dmx_result *r,
                               double *xy, double *xy2, const dmx_ctx *ctx)
{
    if (skipped(ctx, r, "revenue_alpha", T_REVENUE_ALPHA, "α", "revenue R"))
        return;
    bbg_prim q;
    double ylo = 0.0, yhi = 0.0;
    for (int k = 0; k <= CURVE_N; k++) {
        double a = (double)k / CURVE_N, s, R;
        bbg_prim_make(&q, pr->N, a, pr->beta, pr->sw2, pr->se2);
        bbg_agg_opt(&q, &s, &R);
        double Rc = bbg_sharing_R(&q);
        xy[2 * k] = xy2[2 * k] = a;
        xy[2 * k + 1] = Rc;
        xy2[2 * k + 1] = R;
        ylo = fmin(ylo, fmin(Rc, R));
        yhi = fmax(yhi, fmax(Rc, R));
    }
    if (!(yhi > ylo))
        yhi = ylo + 1.0;
    dmx_view *v = dmx_add_plot(r, "revenue_alpha", T_REVENUE_ALPHA, "α", "revenue R", 0, 1, ylo,
                               yhi);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "complete sharing", 1, xy, CURVE_N + 1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "optimal aggregation", 2, xy2, CURVE_N + 1);
    double z[4] = {0, 0, 1, 0};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "R = 0", 0, z, 2);
    vline(r, v, "α*(β)", 4, th->alpha_star, ylo, yhi);
    vline(r, v, "Prop 6 threshold", 3, th->prop6, ylo, yhi);
}

/* Fig 6: total compensation N m_i under the optimal policy against N (log scale),
 * with Theorem 4's limit. */
static void view_compensation_N(const bbg_prim *pr, dmx_result *r, double *xy,
                                const dmx_ctx *ctx)
{
    if (skipped(ctx, r, "compensation_N", T_COMPENSATION_N, "log10 N", "N·m_i"))
        return;
    double nmax = fmin(1e7, fmax(1000.0, 10.0 * pr->N));
    int n = 0;
    double prevN = 0.0, ymax = 0.0;
    for (int k = 0; k < CURVE_N; k++) {
        double N = round(pow(nmax, (double)k / (CURVE_N - 1)));
        if (N <= prevN)
            continue;
        prevN = N;
        double tc = bbg_total_compensation_opt(pr, N);
        xy[2 * n] = log10(N);
        xy[2 * n + 1] = tc;
        n++;
        ymax = fmax(ymax, tc);
    }
    double L = bbg_limit_total_compensation(pr);
    ymax = fmax(ymax, L);
    if (!(ymax > 0.0))
        ymax = 1.0;
    dmx_view *v = dmx_add_plot(r, "compensation_N", T_COMPENSATION_N, "log10 N", "N·m_i", 0, log10(nmax), 0, ymax * 1.1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "N·m_i at optimal σ_ξ*", 1, xy, n);
    double lim[4] = {0, L, log10(nmax), L};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "Theorem 4 limit", 3,
                  lim, 2);
    dmx_plot_marker(r, v, "current N", 7, '*', log10(pr->N),
                    bbg_total_compensation_opt(pr, pr->N));
}

/* Fig 7: marginal value of one more consumer per group, group vs uniform pricing. */
static double seg_R(double N1, double rho, const bbg_prim *pr, int group)
{
    double N2 = fmax(1.0, round(rho * N1));
    if (rho == 1.0)
        return group ? bbg_seg_R_group(N1, pr->alpha, pr->sw2)
                     : bbg_seg_R_uniform(N1, pr->alpha, pr->sw2);
    return group ? bbg_seg2_R_group(N1, N2, pr->alpha, pr->sw2)
                 : bbg_seg2_R_uniform(N1, N2, pr->alpha, pr->sw2);
}

/* Fig 7; with groups of different sizes the second group keeps the ratio
 * ρ = N2/N as the first grows (one more consumer in group 1 and ρ in group 2). */
static void view_segmentation(const bbg_prim *pr, double rho, double nb, dmx_result *r,
                              double *xy, double *xy2, const dmx_ctx *ctx)
{
    if (skipped(ctx, r, "segmentation_N", T_SEGMENTATION_N, "group size N", "R(N+1) - R(N)"))
        return;
    int nm = (int)fmin(200.0, fmax(40.0, 2.0 * pr->N));
    double ylo = 0.0, yhi = 0.0;
    for (int k = 0; k < nm; k++) {
        double N = k + 1;
        double g = seg_R(N + 1, rho, pr, 1) - seg_R(N, rho, pr, 1);
        double u = seg_R(N + 1, rho, pr, 0) - seg_R(N, rho, pr, 0);
        xy[2 * k] = xy2[2 * k] = N;
        xy[2 * k + 1] = g;
        xy2[2 * k + 1] = u;
        ylo = fmin(ylo, fmin(g, u));
        yhi = fmax(yhi, fmax(g, u));
    }
    if (!(yhi > ylo))
        yhi = ylo + 1.0;
    dmx_view *v = dmx_add_plot(r, "segmentation_N", T_SEGMENTATION_N, "group size N", "R(N+1) - R(N)", 1, nm, ylo, yhi);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "group pricing", 1, xy, nm);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "uniform pricing", 2, xy2, nm);
    if (isfinite(nb) && nb <= nm)
        vline(r, v, "N̄ (Prop 8)", 3, nb, ylo, yhi);
}

/* §6.1: ΔU, ΔΠ, ΔW of full information per consumer against γ ∈ [0, √2). */
static void view_quality_gamma(const bbg_sol *s, dmx_result *r, double *xy, const dmx_ctx *ctx)
{
    if (skipped(ctx, r, "quality_gamma", T_QUALITY_GAMMA, "γ (value of quality)",
                "surplus change per consumer"))
        return;
    const int n = CURVE_N;
    double *y[3] = {xy, xy + 2 * (n + 1), xy + 4 * (n + 1)};
    double lo = 0.0, hi = 0.0, gmax = 1.4;
    bbg_quality_res q;
    for (int k = 0; k <= n; k++) {
        double g = gmax * k / n;
        bbg_quality(&s->pr, g, 0.0, &q);
        double v[3] = {q.individual.dU, q.individual.dPi, q.individual.dW};
        for (int c = 0; c < 3; c++) {
            y[c][2 * k] = g;
            y[c][2 * k + 1] = v[c];
            lo = fmin(lo, v[c]);
            hi = fmax(hi, v[c]);
        }
    }
    if (!(hi > lo))
        hi = lo + 1.0;
    dmx_view *v = dmx_add_plot(r, "quality_gamma", T_QUALITY_GAMMA, "γ (value of quality)",
                               "surplus change per consumer", 0, gmax, lo, hi);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "ΔU consumers", 1, y[0], n + 1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "ΔΠ producer", 2, y[1], n + 1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "ΔW total", 5, y[2], n + 1);
    double z[4] = {0, 0, gmax, 0};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "0", 0, z, 2);
    vline(r, v, "γ*: ΔW = 0", 3, s->quality.gamma_star, lo, hi);
    vline(r, v, "γ = 1: ΔU = 0", 4, 1.0, lo, hi);
    if (s->has_quality)
        dmx_plot_marker(r, v, "current γ", 7, '*', s->quality.gamma, s->quality.individual.dW);
}

/* Prop 10: the intermediary's revenue from aggregate and from individual data. */
static void view_quality_policy(const bbg_sol *s, dmx_result *r, double *xy, double *xy2,
                                const dmx_ctx *ctx)
{
    if (skipped(ctx, r, "quality_policy", T_QUALITY_POLICY, "γ (value of quality)",
                "intermediary revenue R"))
        return;
    const int n = CURVE_N;
    double lo = 0.0, hi = 0.0, gmax = 1.4;
    bbg_quality_res q;
    for (int k = 0; k <= n; k++) {
        double g = gmax * k / n;
        bbg_quality(&s->pr, g, 0.0, &q);
        xy[2 * k] = xy2[2 * k] = g;
        xy[2 * k + 1] = q.aggregate.R;
        xy2[2 * k + 1] = q.individual.R;
        lo = fmin(lo, fmin(q.aggregate.R, q.individual.R));
        hi = fmax(hi, fmax(q.aggregate.R, q.individual.R));
    }
    if (!(hi > lo))
        hi = lo + 1.0;
    dmx_view *v = dmx_add_plot(r, "quality_policy", T_QUALITY_POLICY, "γ (value of quality)",
                               "intermediary revenue R", 0, gmax, lo, hi);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "aggregate data", 1, xy, n + 1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "individual data", 2, xy2, n + 1);
    double z[4] = {0, 0, gmax, 0};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "R = 0", 0, z, 2);
    vline(r, v, "γ*", 3, s->quality.gamma_star, lo, hi);
    if (s->has_quality) {
        const bbg_quality_res *c = &s->quality;
        dmx_plot_marker(r, v, "current γ", 7, '*', c->gamma,
                        c->choice == BBG_Q_INDIVIDUAL ? c->individual.R : c->aggregate.R);
    }
}

/* Surplus levels per consumer by data available to the producer, and both
 * policies' payments. */
static void view_quality_table(const bbg_sol *s, dmx_result *r)
{
    const bbg_quality_res *q = &s->quality;
    const char *hdr[4] = {"per consumer", "no data", "aggregate data", "individual data"};
    dmx_view *t = dmx_add_table(r, "quality_table", T_QUALITY_TABLE, hdr, 4);
    double Wn = q->U_none + q->Pi_none;
    const bbg_quality_policy *a = &q->aggregate, *d = &q->individual;
    double rows[][3] = {
        {q->U_none, q->U_none + a->dU, q->U_none + d->dU},
        {q->Pi_none, q->Pi_none + a->dPi, q->Pi_none + d->dPi},
        {Wn, Wn + a->dW, Wn + d->dW},
        {0.0, a->m_i, d->m_i},
        {0.0, a->R / s->pr.N, d->R / s->pr.N},
    };
    static const char *const lab[] = {"consumer surplus U", "producer profit Π",
                                      "total surplus W", "payment to consumer m_i",
                                      "intermediary revenue R / N"};
    for (int k = 0; k < 5; k++) {
        dmx_node *row = dmx_table_row(r, t, lab[k]);
        for (int c = 0; c < 3; c++)
            dmx_add_num(r, row, NULL, rows[k][c]);
    }
}

/* §6.2: revenue of three policies against α (location data sold individually):
 * willingness-to-pay data aggregate, individual or not sold. */
static void view_rec_alpha(const bbg_sol *s, dmx_result *r, double *xy, const dmx_ctx *ctx,
                           double at, double st2, double mu)
{
    if (skipped(ctx, r, "recommender_alpha", T_REC_ALPHA, "α (correlation of w)",
                "intermediary revenue R"))
        return;
    const int n = CURVE_N;
    double *y[3] = {xy, xy + 2 * (n + 1), xy + 4 * (n + 1)};
    double lo = 0.0, hi = 0.0;
    for (int k = 0; k <= n; k++) {
        double a = (double)k / n;
        bbg_prim q;
        bbg_rec_res c;
        bbg_prim_make(&q, s->pr.N, a, s->pr.beta, s->pr.sw2, 0.0);
        bbg_recommender(&q, at, st2, mu, &c);
        double Rt = c.R_t[BBG_REC_INDIVIDUAL];
        double v[3] = {c.R_w[BBG_REC_AGGREGATE] + Rt, c.R_w[BBG_REC_INDIVIDUAL] + Rt, Rt};
        for (int j = 0; j < 3; j++) {
            y[j][2 * k] = a;
            y[j][2 * k + 1] = v[j];
            lo = fmin(lo, v[j]);
            hi = fmax(hi, v[j]);
        }
    }
    if (!(hi > lo))
        hi = lo + 1.0;
    dmx_view *v = dmx_add_plot(r, "recommender_alpha", T_REC_ALPHA, "α (correlation of w)",
                               "intermediary revenue R", 0, 1, lo, hi);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "aggregate w + individual t", 1, y[0], n + 1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "individual w + individual t", 2, y[1], n + 1);
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "location data only", 3, y[2], n + 1);
    double z[4] = {0, 0, 1, 0};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "R = 0", 0, z, 2);
    dmx_plot_marker(r, v, "current α", 7, '*', s->pr.alpha, s->rec.R);
}

static void view_rec_table(const bbg_sol *s, dmx_result *r)
{
    const bbg_rec_res *c = &s->rec;
    const char *hdr[4] = {"revenue part (market)", "not sold", "aggregate", "individual"};
    dmx_view *t = dmx_add_table(r, "recommender_table", T_REC_TABLE, hdr, 4);
    dmx_node *row = dmx_table_row(r, t, "willingness-to-pay data");
    for (int k = 0; k < 3; k++)
        dmx_add_num(r, row, NULL, c->R_w[k]);
    row = dmx_table_row(r, t, "location data");
    for (int k = 0; k < 3; k++)
        dmx_add_num(r, row, NULL, c->R_t[k]);
}

static void row3(dmx_result *r, dmx_view *t, const char *label, double a, double b)
{
    dmx_node *row = dmx_table_row(r, t, label);
    dmx_add_num(r, row, NULL, a);
    dmx_add_num(r, row, NULL, b);
}

/* Two tables, so that each column holds numbers of one kind: per-consumer
 * variances and surplus changes, and market totals (which scale with N). */
static void view_compare(const bbg_prim *pr, const bbg_cs *cs, const bbg_agg *ag, int active,
                         dmx_result *r)
{
    const char *agg = active ? "optimal aggregation" : "aggregation (stays out)";
    const char *hdr[3] = {"per consumer", "complete sharing", agg};
    dmx_view *t = dmx_add_table(r, "compare", T_COMPARE, hdr, 3);
    row3(r, t, "producer's info var E[w_i|·]", cs->var_s, ag->var_xbar);
    row3(r, t, "same without i's data", cs->var_smi, ag->var_xbar_mi);
    row3(r, t, "consumer's info var E[w_i|·]", cs->var_s, ag->var_c);
    row3(r, t, "consumer surplus ΔU", cs->dU, ag->dU);
    row3(r, t, "producer surplus ΔΠ", cs->dPi, ag->dPi);
    row3(r, t, "social surplus ΔW", cs->dW, ag->dW);
    dmx_node *row = dmx_table_row(r, t, "data externality DE_i");
    dmx_add_num(r, row, NULL, cs->DE);
    dmx_add_null(r, row, NULL, "eq. 31 is stated for complete sharing");
    row3(r, t, "payment m_i", cs->m_i, ag->m_i);
    row3(r, t, "net gain ΔU + m_i", cs->dU + cs->m_i, ag->dU + ag->m_i);

    double N = pr->N;
    const char *hdm[3] = {"market totals (N consumers)", "complete sharing", agg};
    t = dmx_add_table(r, "compare_market", T_COMPARE_MARKET, hdm, 3);
    row3(r, t, "consumer surplus ΣΔU", N * cs->dU, N * ag->dU);
    row3(r, t, "producer surplus ΣΔΠ", N * cs->dPi, N * ag->dPi);
    row3(r, t, "social surplus ΣΔW", N * cs->dW, N * ag->dW);
    row3(r, t, "payments to consumers Σm_i", N * cs->m_i, ag->total_compensation);
    row3(r, t, "fee from producer m0", cs->m0, ag->m0);
    row3(r, t, "intermediary profit R", cs->R, ag->R);
    row3(r, t, "consumers' net gain ΣΔU + Σm_i", N * (cs->dU + cs->m_i),
         N * ag->dU + ag->total_compensation);
    row3(r, t, "producer's net gain ΣΔΠ - m0", N * cs->dPi - cs->m0, N * ag->dPi - ag->m0);
}

/* The first paragraph: complete sharing (Section 3). */
static void explain_sharing(const bbg_sol *s, char *buf, size_t n)
{
    const bbg_prim *pr = &s->pr;
    const bbg_cs *cs = &s->cs;
    char ast[48];
    if (isfinite(s->th.alpha_star))
        snprintf(ast, sizeof ast, "α*(β) = %.4g", s->th.alpha_star);
    else
        snprintf(ast, sizeof ast, "α*(β), which does not exist here");
    char nn[48];                  /* "1,000,000", not "1000000" */
    dmx_numfmt_one(nn, sizeof nn, pr->N, 15);
    int pos = snprintf(
        buf, n,
        "Complete sharing: the intermediary buys all %s consumers' signals and resells "
        "them.  %s R = %.4g, because α = %.3g %s %s (Theorem 1): with correlated tastes the "
        "others' data already reveal much of consumer i's demand, so she is paid only her "
        "marginal loss m_i = %.4g.  ",
        nn, cs->R > 0.0 ? "It earns" : "It would earn only", cs->R, pr->alpha,
        cs->R > 0.0 ? "exceeds" : "does not exceed", ast, cs->m_i);
    if (pos < 0 || (size_t)pos >= n)
        return;
    snprintf(buf + pos, n - (size_t)pos,
             "Sharing %s social surplus (ΔW = %.4g per consumer, Prop 1): the producer learns "
             "more (ΔΠ = %.4g) %s consumers %s (ΔU = %.4g).  The data externality DE = %.4g "
             "is %s (eq. 31); signals are %s (Prop 4).",
             cs->dW > 0.0 ? "raises" : "lowers", cs->dW, cs->dPi, cs->dU > 0.0 ? "and" : "but",
             cs->dU > 0.0 ? "gain" : "lose", cs->dU, cs->DE,
             cs->DE < 0.0 ? "negative: consumers' data hurt each other, so data are cheap"
                          : "positive: data are expensive",
             cs->complements ? "complements" : "substitutes");
}

static void view_explain(const bbg_sol *s, dmx_result *r)
{
    const bbg_prim *pr = &s->pr;
    const bbg_cs *cs = &s->cs;
    const bbg_agg *ag = &s->ag;
    const char *badge;
    if (cs->R > 0.0)
        badge = cs->dW > 0.0 ? "Sharing profitable and efficient"
                             : "Sharing profitable but inefficient";
    else
        badge = cs->dW > 0.0 ? "Sharing efficient but unprofitable"
                             : "Sharing neither profitable nor efficient";
    char p1[1024], sx[64], nbs[64];
    explain_sharing(s, p1, sizeof p1);
    double Rg = s->seg.R_group, Ru = s->seg.R_uniform, nb = s->seg.N_bar;
    if (s->seg.unequal)
        snprintf(nbs, sizeof nbs, "for large groups (N̄ is for equal groups)");
    else if (isfinite(nb))
        snprintf(nbs, sizeof nbs, "from N̄ = %.0f on", nb);
    else
        snprintf(nbs, sizeof nbs, "for no N up to %.0f", BBG_SEG_NMAX);
    if (s->active)
        snprintf(sx, sizeof sx, "adds common noise σ_ξ² = %.4g", ag->sxi2);
    else
        snprintf(sx, sizeof sx, "stays out (no noise level pays)");
    char pq[640] = "";
    if (s->has_quality) {
        const bbg_quality_res *q = &s->quality;
        static const char *const pol[] = {"stays out (neither policy pays)",
                                          "collects aggregate data", "collects individual data"};
        const bbg_quality_policy *c = q->choice == BBG_Q_INDIVIDUAL ? &q->individual
                                                                    : &q->aggregate;
        int n = snprintf(pq, sizeof pq,
                         "Quality pricing (Sec. 6.1, consumers know w_i, γ = %.3g): full "
                         "information %s total surplus (γ %s γ* = %.4f) and %s consumer "
                         "surplus (γ %s 1); the intermediary %s",
                         q->gamma, q->individual.dW > 0.0 ? "raises" : "lowers",
                         q->gamma > q->gamma_star ? ">" : "≤", q->gamma_star,
                         q->individual.dU > 0.0 ? "raises" : "lowers", q->gamma > 1.0 ? ">" : "≤",
                         pol[q->choice]);
        if (n > 0 && (size_t)n < sizeof pq)
            snprintf(pq + n, sizeof pq - (size_t)n,
                     q->choice == BBG_Q_NONE ? " (Prop 10).\n"
                                             : ", earning %.4g and paying consumers %.4g in "
                                               "total (Prop 10).\n",
                     c->R, c->total_compensation);
    }
    char grp[64];
    if (s->seg.unequal)
        snprintf(grp, sizeof grp, "%.0f and %.0f", pr->N, s->seg.N2);
    else
        snprintf(grp, sizeof grp, "%.0f and %.0f (equal)", pr->N, pr->N);
    char pr6[640] = "";
    if (s->has_rec && s->rec_st2 > 0.0) {
        static const char *const pol[] = {"not sold", "sold aggregated", "sold individually"};
        const bbg_rec_res *c = &s->rec;
        snprintf(pr6, sizeof pr6,
                 "Recommender system (Sec. 6.2, σ_t² = %.3g): willingness-to-pay data are "
                 "%s and location data %s, earning %.4g (Prop 11: aggregate w, individual "
                 "t%s).%s\n",
                 s->rec_st2, pol[c->best_w], pol[c->best_t], c->R,
                 c->gamma_mono ? "" : "; here μ - c < (11/3)σ_t², outside the paper's assumption",
                 c->best_w == BBG_REC_NONE && c->best_t != BBG_REC_NONE
                     ? "  Location data are traded while market-level data are not: the "
                       "correlation α is too low for aggregate demand data to pay."
                     : "");
    }
    char p6[96];
    if (isfinite(s->th.prop6))
        snprintf(p6, sizeof p6, "iff α > 1/(1 + N(√3 - 1)) = %.4g", s->th.prop6);
    else
        snprintf(p6, sizeof p6, "never with N = 1 (no other consumer's data)");
    dmx_add_text(
        r, "explain", badge,
        "%s\n"
        "Optimal intermediation (Sec. 4): the intermediary sells only the average of the "
        "reports (Theorem 2) and %s, earning %.4g with total compensation %.4g.  Aggregation "
        "is profitable %s (Prop 6).\n"
        "Large markets (Theorem 4): total compensation tends to %.4g while revenue grows like "
        "%.4g per consumer.\n"
        "Segmentation (Sec. 5.3, groups of %s, noiseless): %s pricing pays more here "
        "(group %.4g vs uniform %.4g); group pricing wins %s (Prop 8) and makes the marginal "
        "consumer more valuable (Prop 9).\n"
        "%s%s"
        "Source: Bergemann, Bonatti, Gan (2022), \"The Economics of Social Data\", Sections "
        "3-6; docs/models/bbg.md.",
        p1, sx, ag->R, ag->total_compensation, p6, bbg_limit_total_compensation(pr),
        bbg_limit_revenue_per_consumer(pr), grp, Rg > Ru ? "group" : "uniform", Rg, Ru, nbs,
        pr6, pq);
}

int bbg_views(const bbg_sol *s, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    const bbg_prim *pr = &s->pr;
    const bbg_thr *th = &s->th;
    double *cell = malloc(MAP_NX * MAP_NY * sizeof *cell);
    double *xy = malloc(6 * (CURVE_N + MAP_NY + 2) * sizeof *xy);
    double *xy2 = malloc(2 * (CURVE_N + 2) * sizeof *xy2);
    int rc = DMX_OK;
    if (!cell || !xy || !xy2) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "bbg views: out of memory");
        goto out_free;
    }
    view_explain(s, r);
    view_compare(pr, &s->cs, &s->ag, s->active, r);
    if ((rc = view_profit_map(pr, th, r, cell, xy, ctx, e)) != DMX_OK ||
        (rc = view_welfare_map(pr, r, cell, ctx, e)) != DMX_OK ||
        (rc = view_gain_map(pr, r, cell, ctx, e)) != DMX_OK)
        goto out_free;
    if (dmx_cancelled(ctx)) {
        rc = dmx_err_set(e, DMX_ECANCELED, "bbg: cancelled");
        goto out_free;
    }
    view_noise_alpha(pr, th, r, xy, ctx);
    view_revenue_alpha(pr, th, r, xy, xy2, ctx);
    view_compensation_N(pr, r, xy, ctx);
    view_segmentation(pr, s->seg.N2 / pr->N, s->seg.N_bar, r, xy, xy2, ctx);
    if (s->has_rec) {
        view_rec_table(s, r);
        view_rec_alpha(s, r, xy, ctx, s->rec_alpha_t, s->rec_st2, s->rec_mu);
    }
    if (s->has_quality) {
        view_quality_table(s, r);
        view_quality_gamma(s, r, xy, ctx);
        view_quality_policy(s, r, xy, xy2, ctx);
    }
out_free:
    free(xy2);
    free(xy);
    free(cell);
    return rc;
}
