/* figures.c -- the paper's figures, computed exactly for the current parameters.
 *
 * price_plane (Figure 1, Example 1; n = 2): the set of user equilibria A(p) over the
 *   (p1, p2) plane.  User i shares in a profile iff p_i >= its own increment
 *   v_i (I_i(1,a_-i) - I_i(0,a_-i)) (docs/models/ammo.md); boundaries belong to both sides.
 * sec34 (Figure 2, §3.4; n <= 12): every user gets the same value v in [0, vmax];
 *   leaks do not depend on v, so each curve is an exact maximum over the 2^n profiles.
 *   For n = 2 also the payments "both" vs "one" over ρ² and their crossing (7-√17)/4.
 * example2 (Figure 3, Example 2; >= 2 communities): sign of SS(a^E) over
 *   (across, v of the highest-value community), count vectors per column (docs/models/ammo.md),
 *   with the zero-surplus curve v_h* (1 + 4/(325ρ²) in Example 2) and the Prop 3 / Prop 4
 *   certificate curves. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"
#include "../grid.h"

/* ---------------- Figure 1 ---------------- */
static int fig_price_plane(const ammo_inst *in, const ammo_sol *sol, const dmx_params *p,
                           dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    const int n = 2;
    double inc[4][2], I[6];
    unsigned char a[2];
    for (int m = 0; m < 4; m++) {
        a[0] = (unsigned char)(m & 1);
        a[1] = (unsigned char)(m >> 1 & 1);
        int rc = ammo_leaks(n, in->S, a, I, I + 2, I + 4, e);
        if (rc != DMX_OK)
            return rc;
        for (int i = 0; i < 2; i++)
            inc[m][i] = in->v[i] * (I[4 + i] - I[2 + i]);
    }
    /* t0_i: the other does not share; t1_i: the other shares */
    double t0[2] = {inc[0][0], inc[0][1]}, t1[2] = {inc[2][0], inc[1][1]};
    dmx_node *o = dmx_add_obj(r, r->root, "price_plane");
    dmx_add_vec(r, o, "t0", t0, 2);
    dmx_add_vec(r, o, "t1", t1, 2);
    if (!dmx_wants(ctx, "views"))
        return DMX_OK;
    double pmax = 1.2 * fmax(fmax(t0[0], t0[1]), fmax(t1[0], t1[1]));
    if (!(pmax > 0))
        pmax = 1;
    int g = (int)dmx_p_num(p, "grid");
    double *cell = malloc(sizeof *cell * (size_t)g * (size_t)g);
    if (!cell)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    static const char *const pname[4] = {"00", "10", "01", "11"};
    int used[16] = {0}, map[16];
    for (int y = 0; y < g; y++)
        for (int x = 0; x < g; x++) {
            double pr[2] = {pmax * x / (g - 1), pmax * y / (g - 1)};
            int set = 0;
            for (int m = 0; m < 4; m++) {
                int ok = 1;
                for (int i = 0; i < 2; i++) {
                    int ai = m >> i & 1;
                    double th = inc[m][i], tol = AMMO_EQ_REL;
                    if (ai ? pr[i] < th - tol : pr[i] > th + tol)
                        ok = 0;
                }
                if (ok)
                    set |= 1 << m;
            }
            cell[y * g + x] = set;
            used[set] = 1;
        }
    char names[16][40];
    const char *cats[16];
    int nc = 0;
    for (int s = 0; s < 16; s++) {
        if (!used[s])
            continue;
        char *q = names[nc];
        q[0] = 0;
        strcat(q, "A={");
        int first = 1;
        for (int m = 0; m < 4; m++)
            if (s >> m & 1) {
                if (!first)
                    strcat(q, ",");
                strcat(q, pname[m]);
                first = 0;
            }
        strcat(q, "}");
        cats[nc] = q;
        map[s] = nc++;
    }
    for (int c = 0; c < g * g; c++)
        cell[c] = map[(int)cell[c]];
    dmx_view *pl = dmx_add_plot(r, "price_plane", "Figure 1: user equilibria A(p) over prices",
                                "p1", "p2", 0, pmax, 0, pmax);
    dmx_plot_grid(r, pl, "A(p)", g, g, 0, pmax, 0, pmax, cell, cats, nc);
    free(cell);
    for (int i = 0; i < 2; i++) {
        double l0[4] = {t0[0], 0, t0[0], pmax}, l1[4] = {t1[0], 0, t1[0], pmax};
        if (i == 1) {
            double h0[4] = {0, t0[1], pmax, t0[1]}, h1[4] = {0, t1[1], pmax, t1[1]};
            memcpy(l0, h0, sizeof l0);
            memcpy(l1, h1, sizeof l1);
        }
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, i ? "t0 (2)" : "t0 (1)", 6, l0, 2);
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, i ? "t1 (2)" : "t1 (1)", 7, l1, 2);
    }
    double pe0 = 0, pe1 = 0;
    if (sol->a[AMMO_OBJ_PHI][0] || sol->a[AMMO_OBJ_PHI][1]) {
        int m = sol->a[AMMO_OBJ_PHI][0] | sol->a[AMMO_OBJ_PHI][1] << 1;
        pe0 = sol->a[AMMO_OBJ_PHI][0] ? inc[m][0] : 0;
        pe1 = sol->a[AMMO_OBJ_PHI][1] ? inc[m][1] : 0;
    }
    dmx_plot_marker(r, pl, "p^E", 1, 'E', pe0, pe1);
    return DMX_OK;
}

/* ---------------- Figure 2 ---------------- */

/* Per-profile coefficients of Figure 2: every outcome is linear in the varied value v. */
typedef struct sec34_tab {
    long np;
    int NP;                        /* points on the v axis */
    double *sumI, *inc, *fixpay, *varI, *fixss, *cur;
    int *pop;
    double ylo, yhi;
} sec34_tab;

static void sec34_free(sec34_tab *t)
{
    free(t->sumI);
    free(t->inc);
    free(t->fixpay);
    free(t->varI);
    free(t->fixss);
    free(t->cur);
    free(t->pop);
}

/* One fill of Figure 2's table or curves over dmx_grid_fill: cells are profiles
 * (the table, FIG2_CHUNK a row) or points v (the curves, one a row). */
#define FIG2_CHUNK 64
typedef struct sec34_fill {
    const ammo_inst *in;
    sec34_tab *t;
    int last;
    double vmax;
    double *scratch;               /* per thread: I (3n), then a (n bytes) */
    size_t per;                    /* doubles per thread */
} sec34_fill;

/* Table cell: profile m = iy * FIG2_CHUNK + ix (each profile's own entries only). */
static int sec34_profile(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    sec34_fill *F = user;
    const ammo_inst *in = F->in;
    sec34_tab *t = F->t;
    const int n = in->n;
    long m = (long)iy * FIG2_CHUNK + ix;
    *out = 0;
    if (m >= t->np)
        return DMX_OK;
    double *I = F->scratch + (size_t)thread * F->per;
    unsigned char *a = (unsigned char *)(I + 3 * n);
    for (int i = 0; i < n; i++)
        a[i] = (unsigned char)(m >> i & 1);
    int rc = ammo_leaks(n, in->S, a, I, I + n, I + 2 * n, e);
    if (rc != DMX_OK)
        return rc;
    t->sumI[m] = t->inc[m] = t->fixpay[m] = t->varI[m] = t->fixss[m] = 0;
    t->pop[m] = 0;
    for (int i = 0; i < n; i++) {
        int varies = !F->last || i == n - 1;
        t->sumI[m] += I[i];
        if (varies)
            t->varI[m] += I[i];
        else
            t->fixss[m] += (1.0 - in->v[i]) * I[i];
        if (a[i]) {
            double d = I[2 * n + i] - I[n + i];
            if (varies)
                t->inc[m] += d;                    /* payment per unit of v */
            else
                t->fixpay[m] += in->v[i] * d;
            t->pop[m]++;
        }
    }
    return DMX_OK;
}

/* Σ_i I_i, the payment per unit of v, fixed payments and surplus of every
 * profile (2^n of them, on ctx->jobs threads). */
static int sec34_table(const ammo_inst *in, int last, sec34_tab *t, const dmx_ctx *ctx,
                       dmx_err *e)
{
    const int n = in->n;
    const long np = t->np;
    size_t z = sizeof(double) * (size_t)np;
    int jobs = dmx_grid_jobs(ctx);
    int nx = np < FIG2_CHUNK ? (int)np : FIG2_CHUNK, ny = (int)((np + nx - 1) / nx);
    sec34_fill F = {.in = in, .t = t, .last = last, .per = (size_t)(3 * n) + (size_t)n / 8 + 1};
    t->sumI = malloc(z);
    t->inc = malloc(z);
    t->fixpay = malloc(z);
    t->varI = malloc(z);
    t->fixss = malloc(z);
    t->pop = malloc(sizeof *t->pop * (size_t)np);
    t->cur = malloc(sizeof *t->cur * 5 * 2 * (size_t)t->NP);
    F.scratch = malloc(sizeof(double) * F.per * (size_t)jobs);
    double *cells = malloc(sizeof(double) * (size_t)nx * (size_t)ny);
    int rc = DMX_OK;
    if (!t->sumI || !t->inc || !F.scratch || !t->pop || !cells || !t->cur || !t->fixpay ||
        !t->varI || !t->fixss)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    if (rc == DMX_OK)
        rc = dmx_grid_fill(ctx, nx, ny, sec34_profile, &F, cells, e);
    free(F.scratch);
    free(cells);
    return rc;
}

/* Curves cell: the five values at point q = iy of the v axis. */
static int sec34_point(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    (void)thread;
    (void)ix;
    (void)e;
    sec34_fill *F = user;
    sec34_tab *t = F->t;
    const int NP = t->NP, q = iy;
    double v = F->vmax * q / (NP - 1);
    long best = -1;
    double bf = 0, fbs = -INFINITY;
    for (long m = 0; m < t->np; m++) {
        double f = t->sumI[m] - t->fixpay[m] - v * t->inc[m];
        if (ammo_better(f, t->pop[m], bf, best < 0 ? -1 : t->pop[best])) {
            bf = f;
            best = m;
        }
        fbs = fmax(fbs, t->fixss[m] + (1.0 - v) * t->varI[m]);
    }
    double ssb = t->fixss[best] + (1.0 - v) * t->varI[best];
    double payb = t->fixpay[best] + v * t->inc[best];
    double y[5] = {ssb, fbs, t->sumI[best] - payb, payb, ssb - (t->sumI[best] - payb)};
    for (int c = 0; c < 5; c++) {
        t->cur[(c * NP + q) * 2] = v;
        t->cur[(c * NP + q) * 2 + 1] = y[c];
    }
    *out = 0;
    return DMX_OK;
}

/* The five curves of Figure 2 (left) on NP values of v in [0, vmax]. */
static int sec34_curves(sec34_tab *t, double vmax, const dmx_ctx *ctx, dmx_err *e)
{
    const int NP = t->NP;
    sec34_fill F = {.t = t, .vmax = vmax};
    double *cells = malloc(sizeof(double) * (size_t)NP);
    if (!cells)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    int rc = dmx_grid_fill(ctx, 1, NP, sec34_point, &F, cells, e);
    free(cells);
    if (rc != DMX_OK)
        return rc;
    t->ylo = t->yhi = 0;
    for (int q = 0; q < NP; q++)
        for (int c = 0; c < 5; c++) {
            double y = t->cur[(c * NP + q) * 2 + 1];
            t->ylo = fmin(t->ylo, y);
            t->yhi = fmax(t->yhi, y);
        }
    return DMX_OK;
}

/* v̄ = the last breakpoint of a^E(v): each profile is the line A_m - v B_m; the line
 * optimal as v -> ∞ has the least B (ties: largest A); v̄ is where it takes over. */
static double sec34_vbar(const sec34_tab *t)
{
    long star = 0;
    for (long m = 1; m < t->np; m++) {
        double Am = t->sumI[m] - t->fixpay[m], As = t->sumI[star] - t->fixpay[star];
        if (t->inc[m] < t->inc[star] - AMMO_ORDER_EPS ||
            (fabs(t->inc[m] - t->inc[star]) <= AMMO_ORDER_EPS && Am > As))
            star = m;
    }
    double vb = 0;
    for (long m = 0; m < t->np; m++)
        if (t->inc[m] > t->inc[star] + AMMO_ORDER_EPS)
            vb = fmax(vb, ((t->sumI[m] - t->fixpay[m]) - (t->sumI[star] - t->fixpay[star])) /
                              (t->inc[m] - t->inc[star]));
    return vb;
}

/* Total payments of two users at correlation ρ = sqrt(rr): both share (*pb) or only
 * user 0 (*po). */
static int sec34_pay2(const ammo_inst *in, double rr, double *pb, double *po, dmx_err *e)
{
    double s1 = in->S[0], s2 = in->S[3], S2[4], J[6];
    unsigned char b11[2] = {1, 1}, b10[2] = {1, 0};
    S2[0] = s1;
    S2[3] = s2;
    S2[1] = S2[2] = sqrt(rr) * sqrt(s1 * s2);
    int rc = ammo_leaks(2, S2, b11, J, J + 2, J + 4, e);
    if (rc != DMX_OK)
        return rc;
    *pb = in->v[0] * (J[4] - J[2]) + in->v[1] * (J[5] - J[3]);
    rc = ammo_leaks(2, S2, b10, J, J + 2, J + 4, e);
    *po = in->v[0] * (J[4] - J[2]);
    return rc;
}

/* Figure 2 (right), n = 2: payments as functions of r = ρ² and their crossing. */
static int sec34_payments(const ammo_inst *in, dmx_node *o, dmx_result *r,
                          const dmx_ctx *ctx, dmx_err *e)
{
    const int NR = 200;
    double *c1 = malloc(sizeof *c1 * 2 * NR), *c2 = malloc(sizeof *c2 * 2 * NR);
    double lo = 0, hi = 0.999999, flo = 0, fhi = 0, pmax = 0, pb, po;
    int rc = DMX_OK;
    if (!c1 || !c2)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    for (int q = 0; rc == DMX_OK && q < NR; q++) {
        double rr = 0.999999 * q / (NR - 1);
        rc = sec34_pay2(in, rr, &pb, &po, e);
        if (rc != DMX_OK)
            break;
        c1[2 * q] = c2[2 * q] = rr;
        c1[2 * q + 1] = pb;
        c2[2 * q + 1] = po;
        pmax = fmax(pmax, fmax(pb, po));
        if (q == 0)
            flo = pb - po;
        fhi = pb - po;
    }
    if (rc == DMX_OK && flo > 0 && fhi < 0) {
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (sec34_pay2(in, mid, &pb, &po, e) != DMX_OK)
                break;
            if (pb - po > 0)
                lo = mid;
            else
                hi = mid;
        }
        dmx_add_num(r, o, "crossing_r2", 0.5 * (lo + hi));
    } else if (rc == DMX_OK) {
        dmx_add_null(r, o, "crossing_r2", "payments do not cross for these values");
    }
    if (rc == DMX_OK && dmx_wants(ctx, "views")) {
        dmx_view *pl = dmx_add_plot(r, "sec34_payments",
                                    "Figure 2 (right): total payment vs ρ²", "ρ²",
                                    "total payment", 0, 1, 0, 1.1 * pmax + AMMO_AXIS_PAD);
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, "both share", 1, c1, NR);
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, "only user 1 shares", 2, c2, NR);
    }
    free(c1);
    free(c2);
    return rc;
}

/* Figure 2 (left): the five curves, v = 1, v̄, zero and the band where SS(a^E) < 0. */
static void sec34_plot(const sec34_tab *t, double vmax, double vb, dmx_result *r)
{
    const int NP = t->NP;
    const double *cur = t->cur;
    double pad = 0.05 * (t->yhi - t->ylo) + AMMO_AXIS_PAD, ylo = t->ylo, yhi = t->yhi;
    dmx_view *pl = dmx_add_plot(r, "sec34", "Figure 2: outcomes vs common value v", "v",
                                "", 0, vmax, ylo - pad, yhi + pad);
    static const char *const lab[5] = {"SS(a^E)", "first-best SS", "platform payoff",
                                       "total payment", "users' total payoff"};
    for (int c = 0; c < 5; c++)
        dmx_plot_poly(r, pl, DMX_I_POLYLINE, lab[c], c + 1, cur + (size_t)c * NP * 2, NP);
    double l1[4] = {1, ylo - pad, 1, yhi + pad}, l2[4] = {vb, ylo - pad, vb, yhi + pad};
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "v = 1", 6, l1, 2);
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "v̄ (trade stops)", 7, l2, 2);
    double z[4] = {0, 0, vmax, 0};
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "zero", 0, z, 2);
    /* shade the values of v at which the equilibrium destroys surplus */
    int first = 1;
    for (int q = 0; q < NP;) {
        if (!(cur[2 * q + 1] < -AMMO_SIGN_TOL)) {
            q++;
            continue;
        }
        int q0 = q;
        while (q < NP && cur[2 * q + 1] < -AMMO_SIGN_TOL)
            q++;
        double x0 = cur[2 * q0], x1 = cur[2 * (q - 1)];
        double band[8] = {x0, ylo - pad, x1, ylo - pad, x1, 0, x0, 0};
        dmx_item *it = dmx_plot_poly(r, pl, DMX_I_POLYGON, first ? "SS(a^E) < 0" : "", 2,
                                     band, 4);
        if (it)
            it->filled = 1;
        first = 0;
    }
}

/* Figure 2 of §3.4 (n <= 12, every profile enumerated). */
static int fig_sec34(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                     const dmx_ctx *ctx, dmx_err *e)
{
    const int n = in->n;
    if (n > 12) {
        dmx_add_null(r, r->root, "sec34", "Figure 2 curves are drawn for n <= 12");
        return DMX_OK;
    }
    sec34_tab t;
    memset(&t, 0, sizeof t);
    t.np = 1L << n;
    t.NP = 401;
    int rc = sec34_table(in, strcmp(dmx_p_choice(p, "vary"), "last") == 0, &t, ctx, e);
    double vmax = dmx_p_num(p, "vmax");
    if (rc == DMX_OK)
        rc = sec34_curves(&t, vmax, ctx, e);
    if (rc == DMX_OK) {
        dmx_node *o = dmx_add_obj(r, r->root, "sec34");
        double vb = sec34_vbar(&t);
        dmx_add_num(r, o, "vbar", vb);
        if (n == 2)
            rc = sec34_payments(in, o, r, ctx, e);
        if (rc == DMX_OK && dmx_wants(ctx, "views"))
            sec34_plot(&t, vmax, vb, r);
    }
    sec34_free(&t);
    return rc;
}

/* ---------------- Figure 3 ---------------- */
/* Zero-surplus and certificate curves of Example 2 for across = x (K = 2, community H high,
 * the other low).  Returns NaN when undefined. */
static void ex2_curves(const ammo_inst *in, int H, double x, double *M, double *zs,
                       double *p3, double *p4)
{
    int L = 1 - H, k[2];
    double L0[2], I0[2], I1[2], L0a[2], I0a[2], I1a[2];
    *zs = *p3 = *p4 = NAN;
    ammo_comm_M(in, x, M);
    k[L] = in->m[L];
    k[H] = 0;
    if (ammo_comm_leaks(2, in->s, in->c, M, k, L0, I0, I1, NULL) != DMX_OK)
        return;
    k[H] = in->m[H];
    if (ammo_comm_leaks(2, in->s, in->c, M, k, L0a, I0a, I1a, NULL) != DMX_OK)
        return;
    double ihl = in->m[H] * L0[H];            /* Σ_H I_h(V^(l)) */
    double vl = in->vg[L];
    if (ihl > 0) {
        *zs = 1.0 + (1.0 - vl) * in->m[L] * I1[L] / ihl;     /* SS = 0 with k_H = 0 */
        *p3 = 1.0 + (1.0 - vl) * in->m[L] * I1a[L] / ihl;    /* condition (6) */
    }
    double norm1 = in->s[L] + (in->m[L] - 1) * fabs(in->c[L]);
    double cross = in->m[H] * in->m[L] * M[H * 2 + L] * M[H * 2 + L] / (norm1 + 1.0);
    if (cross > 0)
        *p4 = 1.0 + in->m[L] * in->s[L] * (1.0 - vl) / cross;   /* Prop 4 */
}

/* Coarse grid of a map drawn for a fast first frame (DMX_DETAIL_COARSE). */
#define AMMO_COARSE_GRID 25

/* The zero-surplus and certificate curves of Example 2 on the map. */
static void ex2_plot_curves(const ammo_inst *in, int H, double xmax, double vmax, int g,
                            double *M, double *xy, dmx_view *pl, dmx_result *r)
{
    static const char *const lab[3] = {"zero-surplus curve v_h*", "Prop 3 certificate",
                                       "Prop 4 certificate"};
    for (int c = 0; c < 3; c++) {
        int np = 0;
        for (int q = 1; q <= 2 * g; q++) {
            double x = xmax * q / (2 * g), zs, p3, p4;
            ex2_curves(in, H, x, M, &zs, &p3, &p4);
            double y = c == 0 ? zs : c == 1 ? p3 : p4;
            if (isfinite(y) && y <= vmax && np < 2 * g) {
                xy[2 * np] = x;
                xy[2 * np + 1] = y;
                np++;
            }
        }
        if (np >= 2)
            dmx_plot_poly(r, pl, DMX_I_POLYLINE, lab[c], c + 4, xy, np);
    }
}

/* The two Figure 3 views: the sign of SS(a^E) and k_H over (across, v_H).  Honours
 * dmx_view_detail: SKIP emits the views without items, COARSE computes a coarse grid;
 * both mark the views preview. */
static int ex2_views(const ammo_inst *in, const dmx_params *p, int H, double xmax, int two,
                     double *M, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    int d1 = dmx_view_detail(ctx, "example2"), d2 = dmx_view_detail(ctx, "example2_kh");
    int det = d1 < d2 ? d1 : d2;             /* the most detailed of the two */
    int g = (int)dmx_p_num(p, "grid"), rc = DMX_OK;
    if (det == DMX_DETAIL_COARSE && g > AMMO_COARSE_GRID)
        g = AMMO_COARSE_GRID;
    else if (det == DMX_DETAIL_COARSE)
        det = DMX_DETAIL_FULL;               /* the full grid is already coarse */
    double vmax = dmx_p_num(p, "vmax"), across = dmx_p_num(p, "across");
    dmx_view *pl = dmx_add_plot(r, "example2", "Figure 3: sign of equilibrium surplus",
                                "ρ (across)", "v_h", 0, xmax, 1, vmax);
    dmx_view *pk = dmx_add_plot(r, "example2_kh", "Figure 3: high-value sharers k_H",
                                "ρ (across)", "v_h", 0, xmax, 1, vmax);
    if (pl && det != DMX_DETAIL_FULL)
        pl->preview = 1;
    if (pk && det != DMX_DETAIL_FULL)
        pk->preview = 1;
    if (det == DMX_DETAIL_SKIP)
        return DMX_OK;
    double *cell = malloc(sizeof *cell * (size_t)g * (size_t)g);
    double *khc = malloc(sizeof *khc * (size_t)g * (size_t)g);
    double *xy = malloc(sizeof *xy * 2 * (size_t)g * 3);
    char (*knames)[24] = malloc(sizeof *knames * (size_t)(in->m[H] + 1));
    const char **kcats = malloc(sizeof *kcats * (size_t)(in->m[H] + 1));
    if (!cell || !xy || !khc || !knames || !kcats)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    if (rc == DMX_OK)
        rc = ammo_example2_map(in, H, xmax, vmax, g, ctx, cell, khc, e);
    if (rc == DMX_OK) {
        static const char *const cats[3] = {"SS(a^E) > 0", "SS(a^E) = 0", "SS(a^E) < 0"};
        dmx_plot_grid(r, pl, "SS sign", g, g, 0, xmax, 1, vmax, cell, cats, 3);
        if (two) {
            ex2_plot_curves(in, H, xmax, vmax, g, M, xy, pl, r);
            if (across >= 0 && across <= xmax)
                dmx_plot_marker(r, pl, "current (ρ, v_h)", 1, '*', across, in->vg[H]);
        }
        for (int q = 0; q <= in->m[H]; q++) {
            snprintf(knames[q], sizeof knames[q], "k_H = %d", q);
            kcats[q] = knames[q];
        }
        dmx_plot_grid(r, pk, "k_H", g, g, 0, xmax, 1, vmax, khc, kcats, in->m[H] + 1);
    }
    free(khc);
    free(knames);
    free(kcats);
    free(cell);
    free(xy);
    return rc;
}

static int fig_example2(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                        const dmx_ctx *ctx, dmx_err *e)
{
    const int K = in->K;
    long nvec = 1;
    for (int g = 0; g < K; g++)
        nvec *= in->m[g] + 1;
    if (nvec > 100000) {
        dmx_add_null(r, r->root, "example2", "map limited to 1e5 count vectors");
        return DMX_OK;
    }
    int H = 0;
    for (int g = 0; g < K; g++)
        if (in->vg[g] >= in->vg[H])
            H = g;
    double xmax = 0;
    if (ammo_comm_max_across(in, 1.0, &xmax) != DMX_OK)
        xmax = 0;
    double across = dmx_p_num(p, "across");
    double *M = malloc(sizeof *M * (size_t)K * (size_t)K);
    if (!M)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    dmx_node *o = dmx_add_obj(r, r->root, "example2");
    dmx_add_num(r, o, "max_across", xmax);
    dmx_add_int(r, o, "high_community", H);
    int two = K == 2 && in->vg[1 - H] <= 1.0, rc = DMX_OK;
    if (two) {
        double zs, p3, p4;
        ex2_curves(in, H, across, M, &zs, &p3, &p4);
        dmx_add_num(r, o, "zero_surplus_vh", zs);
        dmx_add_num(r, o, "prop3_vh", p3);
        dmx_add_num(r, o, "prop4_vh", p4);
    }
    if (dmx_wants(ctx, "views"))
        rc = ex2_views(in, p, H, xmax, two, M, r, ctx, e);
    free(M);
    return rc;
}

/* See ammo_views.h. */
int ammo_figures(const ammo_inst *in, const ammo_sol *sol, const dmx_params *p,
                 dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    const char *fig = dmx_p_choice(p, "figure");
    if (strcmp(fig, "auto") == 0)
        fig = in->n == 2 ? "price_plane" : in->K >= 2 ? "example2" : "none";
    if (strcmp(fig, "price_plane") == 0) {
        if (in->n != 2)
            return dmx_err_set(e, DMX_EDATA, "figure price_plane needs exactly 2 users "
                                             "(there are %d)", in->n);
        return fig_price_plane(in, sol, p, r, ctx, e);
    }
    if (strcmp(fig, "sec34") == 0)
        return fig_sec34(in, p, r, ctx, e);
    if (strcmp(fig, "example2") == 0) {
        if (in->K < 2)
            return dmx_err_set(e, DMX_EDATA, "figure example2 needs at least 2 communities");
        return fig_example2(in, p, r, ctx, e);
    }
    return DMX_OK;
}

/* ---------------- the Figure 3 map ---------------- */

/* One fill of the map: the count vectors and per-thread scratch. */
typedef struct ex2_fill {
    const ammo_inst *in;
    int H, g;
    double xmax, vmax, scale;
    long nvec;
    const int *k, *pop;
    double *scratch;               /* per thread: tab (nvec*3K), M (K*K), vg (K), 4 nvec */
    size_t per;
    double *cell, *kh;             /* g*g each (rows v_H, columns across) */
} ex2_fill;

/* Column ix (one value of across): leaks of every count vector once, then every v_H. */
static int ex2_column(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    const ex2_fill *F = user;
    const ammo_inst *in = F->in;
    const int K = in->K, g = F->g;
    double *tab = F->scratch + F->per * (size_t)thread;
    double *M = tab + F->nvec * 3 * K, *vg = M + K * K, lmin;
    double xv = g > 1 ? F->xmax * ix / (g - 1) : F->xmax;
    (void)iy;
    *out = 0;
    ammo_comm_M(in, xv, M);
    if (ammo_comm_lmin(K, in->m, in->s, in->c, M, &lmin, NULL) != DMX_OK ||
        lmin < -AMMO_PSD_REL * (1 + F->scale)) {
        for (int j = 0; j < g; j++)
            F->cell[j * g + ix] = F->kh[j * g + ix] = NAN;
        return DMX_OK;
    }
    for (long idx = 0; idx < F->nvec; idx++) {
        double *t = tab + idx * 3 * K;
        int rc = ammo_comm_leaks(K, in->s, in->c, M, F->k + idx * K, t, t + K, t + 2 * K, e);
        if (rc != DMX_OK)
            return rc;
    }
    /* Φ and SS of each count vector are affine in v_H (the row axis):
     * Φ = A - v_H B, SS = SA - v_H SB (the terms of ammo_comm_values split by community) */
    double *cf = vg + K;
    memcpy(vg, in->vg, sizeof *vg * (size_t)K);
    for (long idx = 0; idx < F->nvec; idx++) {
        const double *t = tab + idx * 3 * K;
        const int *k = F->k + idx * K;
        double A = 0, B = 0, SA = 0, SB = 0;
        for (int q = 0; q < K; q++) {
            double X = (in->m[q] - k[q]) * t[q], pay = 0;
            if (k[q] > 0) {
                X += k[q] * t[2 * K + q];
                pay = k[q] * (t[2 * K + q] - t[K + q]);
            }
            A += X;
            if (q == F->H) {
                B = pay;
                SA += X;
                SB = X;
            } else {
                A -= vg[q] * pay;
                SA += (1.0 - vg[q]) * X;
            }
        }
        cf[4 * idx] = A;
        cf[4 * idx + 1] = B;
        cf[4 * idx + 2] = SA;
        cf[4 * idx + 3] = SB;
    }
    for (int j = 0; j < g; j++) {
        double vh = g > 1 ? 1.0 + (F->vmax - 1.0) * j / (g - 1) : 1.0;
        double bf = 0, bss = 0;
        int bpop = -1;
        long bidx = 0;
        for (long idx = 0; idx < F->nvec; idx++) {
            const double *c = cf + 4 * idx;
            double f = c[0] - vh * c[1], s = c[2] - vh * c[3];
            if (ammo_better(f, F->pop[idx], bf, bpop)) {
                bf = f;
                bss = s;
                bpop = F->pop[idx];
                bidx = idx;
            }
        }
        F->cell[j * g + ix] = bss > AMMO_SIGN_TOL ? 0 : bss < -AMMO_SIGN_TOL ? 2 : 1;
        F->kh[j * g + ix] = F->k[bidx * K + F->H];
    }
    return DMX_OK;
}

/* Computes the map into out (2*g*g: cells, then k_H), in parallel over ctx->jobs. */
static int ex2_map_fill(const ammo_inst *in, int H, double xmax, double vmax, int g,
                        const dmx_ctx *ctx, double *out, dmx_err *e)
{
    const int K = in->K;
    long nvec = 1;
    for (int q = 0; q < K; q++)
        nvec *= in->m[q] + 1;
    int jobs = dmx_grid_jobs(ctx);
    ex2_fill F = {.in = in, .H = H, .g = g, .xmax = xmax, .vmax = vmax, .nvec = nvec,
                  .cell = out, .kh = out + (size_t)g * g};
    F.per = (size_t)nvec * 3 * K + (size_t)K * K + (size_t)K + 4 * (size_t)nvec;
    int *k = malloc(sizeof *k * (size_t)nvec * (size_t)K), *pop = malloc(sizeof *pop * (size_t)nvec);
    double *dummy = malloc(sizeof *dummy * (size_t)g);
    F.scratch = malloc(sizeof *F.scratch * F.per * (size_t)jobs);
    int rc = DMX_OK;
    if (!k || !pop || !dummy || !F.scratch) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (int q = 0; q < K; q++)
        F.scale = fmax(F.scale, in->s[q] * in->m[q]);
    for (long idx = 0; idx < nvec; idx++) {
        long x = idx;
        pop[idx] = 0;
        for (int q = 0; q < K; q++) {
            k[idx * K + q] = (int)(x % (in->m[q] + 1));
            x /= in->m[q] + 1;
            pop[idx] += k[idx * K + q];
        }
    }
    F.k = k;
    F.pop = pop;
    rc = dmx_grid_fill(ctx, g, 1, ex2_column, &F, dummy, e);
free_all:
    free(k);
    free(pop);
    free(dummy);
    free(F.scratch);
    return rc;
}

/* See ammo.h: the Figure 3 map (categories 0: SS > 0, 1: SS = 0, 2: SS < 0, NaN: Σ not
 * PSD) over across ∈ [0, xmax] (columns) × v_H ∈ [1, vmax] (rows).  The map depends on
 * the communities and the other communities' values, not on across or v_H (its axes):
 * it is memoized in ctx->cache on exactly those inputs. */
int ammo_example2_map(const ammo_inst *in, int H, double xmax, double vmax, int g,
                      const dmx_ctx *ctx, double *cell, double *kh, dmx_err *e)
{
    const int K = in->K;
    const size_t gg = (size_t)g * (size_t)g;
    dmx_key key;
    dmx_key_init(&key, "ammo.example2_map");
    dmx_key_i(&key, K);
    dmx_key_i(&key, H);
    dmx_key_i(&key, g);
    dmx_key_d(&key, xmax);
    dmx_key_d(&key, vmax);
    for (int q = 0; q < K; q++) {
        dmx_key_i(&key, in->m[q]);
        dmx_key_d(&key, in->s[q]);
        dmx_key_d(&key, in->c[q]);
        dmx_key_d(&key, q == H ? 0.0 : in->vg[q]);
    }
    dmx_cache *cache = ctx ? ctx->cache : NULL;
    double *map = dmx_cache_get(cache, &key);
    int rc = DMX_OK, owned = 0;
    if (!map) {
        map = malloc(sizeof *map * 2 * gg);
        owned = map != NULL;
        rc = map ? ex2_map_fill(in, H, xmax, vmax, g, ctx, map, e)
                 : dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        if (rc == DMX_OK && dmx_cache_put(cache, &key, map, sizeof *map * 2 * gg, free) == 0)
            owned = 0;                  /* the cache took it */
    }
    if (rc == DMX_OK) {
        memcpy(cell, map, sizeof *cell * gg);
        if (kh)
            memcpy(kh, map + gg, sizeof *kh * gg);
    }
    if (owned)
        free(map);
    dmx_key_free(&key);
    return rc;
}
