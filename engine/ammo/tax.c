/* tax.c -- regulation by taxes (§6.1, docs/models/ammo.md).
 *
 * Uniform tax τ per transaction: the platform maximizes Φ(a) - τ|T(a)|.  With
 * Φ*_k = max_{|T|=k} Φ from the one enumeration, the equilibrium as τ grows is the upper
 * envelope of the n+1 lines Φ*_k - τ k: exact breakpoints, a step path of profiles and
 * surplus (taxes are transfers, so SS is that of the profile).  τ_shut = max_k Φ*_k / k.
 * Pigouvian taxes: prohibitive on every user outside the first best a^W, zero inside; the
 * platform then maximizes Φ over a <= a^W (computed, not assumed). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"

static int better_k(double fa, int ka, double fb, int kb)
{
    double tol = AMMO_TIE_REL * fmax(1.0, fmax(fabs(fa), fabs(fb)));
    if (fa > fb + tol)
        return 1;
    if (fa < fb - tol)
        return 0;
    return ka > kb;            /* canonical: most sharers */
}

/* Pigouvian restricted maximization; fills a (n bytes) and its Φ.  *done = 0 if skipped. */
static int pigou_solve(const ammo_inst *in, const ammo_sol *sol, const dmx_ctx *ctx,
                       unsigned char *a, int *done, dmx_err *e)
{
    const int n = in->n;
    const unsigned char *aw = sol->a[AMMO_OBJ_SS];
    *done = 0;
    if (in->K > 0) {
        int K = in->K, *kw = calloc((size_t)K, sizeof *kw), *k = calloc((size_t)K, sizeof *k);
        double *buf = malloc(sizeof *buf * 3 * (size_t)K);
        int rc = DMX_OK;
        if (!kw || !k || !buf) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
            goto free_c;
        }
        for (int i = 0; i < n; i++)
            kw[in->comm[i]] += aw[i];
        double best = -INFINITY;
        int bestpop = -1;
        for (;;) {
            rc = ammo_comm_leaks(K, in->s, in->c, in->M, k, buf, buf + K, buf + 2 * K, e);
            if (rc != DMX_OK)
                goto free_c;
            double f, s, d;
            ammo_comm_values(in, k, in->vg, buf, buf + K, buf + 2 * K, &f, &s, &d);
            int pop = 0;
            for (int g = 0; g < K; g++)
                pop += k[g];
            if (best == -INFINITY || better_k(f, pop, best, bestpop)) {
                best = f;
                bestpop = pop;
                int u = 0;
                for (int g = 0; g < K; g++)
                    for (int q = 0; q < in->m[g]; q++)
                        a[u++] = (unsigned char)(q < k[g]);
            }
            int g = 0;
            while (g < K && k[g] == kw[g])
                k[g++] = 0;
            if (g == K)
                break;
            k[g]++;
        }
        /* map to a profile inside a^W: the first k_g sharers of a^W in each community */
        {
            int *cnt = calloc((size_t)K, sizeof *cnt);
            if (!cnt) {
                rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
                goto free_c;
            }
            for (int i = 0; i < n; i++)
                cnt[in->comm[i]] += a[i];
            for (int i = 0; i < n; i++) {
                int g = in->comm[i];
                a[i] = (unsigned char)(aw[i] && cnt[g] > 0);
                if (a[i])
                    cnt[g]--;
            }
            free(cnt);
        }
        *done = 1;
    free_c:
        free(kw);
        free(k);
        free(buf);
        return rc;
    }
    if (n > 26)
        return DMX_OK;
    uint64_t fout = 0;
    for (int i = 0; i < n; i++)
        if (!aw[i])
            fout |= (uint64_t)1 << i;
    ammo_search_out o;
    ammo_out_init(&o);
    int rc = ammo_search(n, in->S, in->v, 0, fout, 2, ctx, 0, 0, &o, e);
    if (rc == DMX_OK) {
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(o.t[AMMO_OBJ_PHI].mask >> i & 1);
        *done = 1;
    }
    ammo_out_free(&o);
    return rc;
}

/* See ammo_views.h.  Errors: DMX_EINTERNAL, DMX_ECANCELED. */
/* Step plots of SS and of the number of sharers against τ (segments: from, k, SS). */
static int tax_plots(int n, const double *segs, int nseg, double shut, double tau,
                     double ss_now, dmx_result *r, dmx_err *e)
{
    double tmax = 1.2 * (shut > 0 ? shut : 1.0);
    double *xy = malloc(sizeof *xy * 4 * (size_t)(nseg + 1));
    double *xk = malloc(sizeof *xk * 4 * (size_t)(nseg + 1));
    if (!xy || !xk) {
        free(xy);
        free(xk);
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    }
    double lo = 0, hi = 0;
    int np = 0;
    for (int q = 0; q < nseg; q++) {
        double a0 = segs[3 * q], a1 = q + 1 < nseg ? segs[3 * (q + 1)] : tmax;
        xy[2 * np] = a0;
        xy[2 * np + 1] = segs[3 * q + 2];
        xk[2 * np] = a0;
        xk[2 * np + 1] = segs[3 * q + 1];
        np++;
        xy[2 * np] = a1;
        xy[2 * np + 1] = segs[3 * q + 2];
        xk[2 * np] = a1;
        xk[2 * np + 1] = segs[3 * q + 1];
        np++;
        lo = fmin(lo, segs[3 * q + 2]);
        hi = fmax(hi, segs[3 * q + 2]);
    }
    double pad = 0.1 * (hi - lo) + AMMO_AXIS_PAD;
    dmx_view *pl = dmx_add_plot(r, "tax_path", "Uniform tax: social surplus vs τ", "τ", "SS",
                                0, tmax, lo - pad, hi + pad);
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "SS(a^E(τ))", 1, xy, np);
    double sl[4] = {shut, lo - pad, shut, hi + pad};
    dmx_plot_poly(r, pl, DMX_I_POLYLINE, "τ_shut", 6, sl, 2);
    if (tau <= tmax)
        dmx_plot_marker(r, pl, "current τ", 2, '*', tau, ss_now);
    dmx_view *pk = dmx_add_plot(r, "tax_sharers", "Uniform tax: sharers vs τ", "τ",
                                "sharers", 0, tmax, 0, n + 0.5);
    dmx_plot_poly(r, pk, DMX_I_POLYLINE, "|T(a^E(τ))|", 3, xk, np);
    free(xy);
    free(xk);
    return DMX_OK;
}

/* The exact envelope of the uniform tax: a^E(τ) maximizes F(k) - τ k over the per-
 * popcount maxima F; the path lists its segments in τ.  Into `tax`. */
static int tax_path(const ammo_inst *in, const ammo_sol *sol, double tau, const dmx_ctx *ctx,
                    dmx_result *r, dmx_err *e)
{
    const int n = in->n;
    const double *F = sol->phik;
    int k = -1;
    for (int t = 0; t <= n; t++)
        if (F[t] > -INFINITY && (k < 0 || better_k(F[t] - tau * t, t, F[k] - tau * k, k)))
            k = t;
    dmx_node *o = dmx_add_obj(r, r->root, "tax");
    dmx_add_num(r, o, "tau", tau);
    dmx_node *pr = dmx_add_arr(r, o, "profile");
    for (int i = 0; i < n; i++)
        dmx_add_int(r, pr, NULL, sol->phik_a[(size_t)k * n + i]);
    dmx_add_int(r, o, "sharers", k);
    dmx_add_num(r, o, "social_surplus", sol->phik_ss[k]);
    dmx_add_num(r, o, "platform_payoff", F[k] - tau * k);
    dmx_add_num(r, o, "tax_revenue", tau * k);
    double shut = 0;
    for (int t = 1; t <= n; t++)
        if (F[t] > -INFINITY)
            shut = fmax(shut, (F[t] - F[0]) / t);
    dmx_add_num(r, o, "tau_shut", shut);
    dmx_node *path = dmx_add_arr(r, o, "path");
    int cur = -1;
    for (int t = 0; t <= n; t++)
        if (F[t] > -INFINITY && (cur < 0 || better_k(F[t], t, F[cur], cur)))
            cur = t;
    double from = 0;
    int nseg = 0;
    double segs[3 * 70];
    while (cur >= 0) {
        double next = INFINITY;
        int nk = -1;
        for (int j = 0; j < cur; j++) {
            if (F[j] == -INFINITY)
                continue;
            double tj = (F[cur] - F[j]) / (cur - j);
            if (tj < from)
                tj = from;
            if (tj < next - AMMO_ORDER_EPS || (fabs(tj - next) <= AMMO_ORDER_EPS && j > nk)) {
                next = tj;
                nk = j;
            }
        }
        dmx_node *seg = dmx_add_obj(r, path, NULL);
        dmx_add_num(r, seg, "from", from);
        dmx_add_num(r, seg, "to", next);
        dmx_add_int(r, seg, "sharers", cur);
        dmx_add_num(r, seg, "social_surplus", sol->phik_ss[cur]);
        if (nseg < 70) {
            segs[3 * nseg] = from;
            segs[3 * nseg + 1] = cur;
            segs[3 * nseg + 2] = sol->phik_ss[cur];
            nseg++;
        }
        if (nk < 0)
            break;
        from = next;
        cur = nk;
    }
    if (dmx_wants(ctx, "views") && nseg > 0)
        return tax_plots(n, segs, nseg, shut, tau, sol->phik_ss[k], r, e);
    return DMX_OK;
}

/* Pigouvian taxes (§6.1): the profile they implement and whether it is first best. */
static int tax_pigou(const ammo_inst *in, const ammo_sol *sol, const dmx_ctx *ctx,
                     dmx_result *r, dmx_err *e)
{
    const int n = in->n;
    ammo_eval ev;
    memset(&ev, 0, sizeof ev);
    unsigned char *pa = malloc((size_t)n);
    int rc = DMX_OK, done = 0;
    if (!pa || ammo_eval_alloc(&ev, n) != DMX_OK)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    if (rc == DMX_OK)
        rc = pigou_solve(in, sol, ctx, pa, &done, e);
    if (rc == DMX_OK && !done)
        dmx_add_null(r, r->root, "pigou", "computed only for n <= 26 or communities");
    if (rc == DMX_OK && done)
        rc = ammo_eval_profile(in, pa, &ev, e);
    if (rc == DMX_OK && done) {
        dmx_node *o = dmx_add_obj(r, r->root, "pigou");
        dmx_node *pr = dmx_add_arr(r, o, "profile");
        dmx_node *tx = dmx_add_arr(r, o, "taxes");
        int same = 1;
        for (int i = 0; i < n; i++) {
            dmx_add_int(r, pr, NULL, pa[i]);
            if (sol->a[AMMO_OBJ_SS][i])
                dmx_add_num(r, tx, NULL, 0.0);
            else
                dmx_add_null(r, tx, NULL, "prohibitive");
            if (pa[i] != sol->a[AMMO_OBJ_SS][i])
                same = 0;
        }
        dmx_add_num(r, o, "social_surplus", ev.ss);
        dmx_add_bool(r, o, "implements_first_best",
                     same || fabs(ev.ss - sol->val[AMMO_OBJ_SS]) <=
                                 AMMO_TIE_REL * fmax(1.0, fabs(ev.ss)));
    }
    free(pa);
    ammo_eval_free(&ev);
    return rc;
}

int ammo_tax_compute(const ammo_inst *in, const ammo_sol *sol, double tau, const dmx_ctx *ctx,
                     dmx_result *r, dmx_err *e)
{
    int rc = DMX_OK;
    if (!sol->have_phik)
        dmx_add_null(r, r->root, "tax", "the tax path needs the exact enumeration");
    else
        rc = tax_path(in, sol, tau, ctx, r, e);
    if (rc == DMX_OK && dmx_wants(ctx, "pigou"))
        rc = tax_pigou(in, sol, ctx, r, e);
    return rc;
}
