/* pricegrid.c -- pure price equilibria of the two-platform game on a finite price grid
 * (Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022), §4; docs/models/ammo.md).
 *
 * The paper proves only that a mixed equilibrium exists (Theorem B-1); pure ones need not.
 * This is a GRID SEARCH: each platform offers every user a price from m points in
 * [0, price_max] (price_max = Σ_j I_j(V) by default, the bound of Theorem B-1's proof), so
 * m^n price vectors per platform and m^(2n) pairs, n <= 4.  For each pair all 4^n pure
 * user profiles (b_i ∈ {1,2} by Lemma 4, a_i ∈ {0,1}) are checked as user equilibria
 * (not joining at all, worth 0, is a deviation too; user i's condition involves only her
 * own prices p¹_i, p²_i, so it is tabulated once per user and own price pair as a bit set
 * of profiles, and a pair's user equilibria are the intersection of n sets), with
 *     u_i = a_i p^k_i − v_i I_i(T_k) + c_i(J_k),   U^(k) = Σ_{i∈J_k} I_i(T_k) − Σ_{i∈T_k} p^k_i.
 * Two selection rules for the second stage:
 *   pessimistic (Definition 2): (p¹, p², (a, b)) is an equilibrium when (a, b) is a user
 *     equilibrium at (p¹, p²) and no deviation p' of a platform gains against the user
 *     equilibrium worst for the deviator: U^(1) >= max_{p'} min_{A(p', p²)} U^(1), and the same
 *     for platform 2;
 *   max-sum (proof of Theorem B-1): every second stage plays its user equilibrium with the
 *     largest U^(1) + U^(2) (first in enumeration order on ties), and neither platform gains
 *     by a deviation given that selection.
 * Only pure user equilibria are used; a deviation whose second stage has none is not
 * counted as profitable (reported as `pairs_without_user_equilibrium`).  Ties between
 * payoffs use AMMO_EQ_REL. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"

typedef struct pg {
    int n, m;
    long nv, npairs;                /* m^n price vectors, pairs (i1 * nv + i2) */
    double pmax, c0, c1;
    double v[4];
    double *L;                      /* 2^n x n leaks I_i(T) */
    double *grid;                   /* m price levels */
    double *w1, *w2, *x1, *x2, *s1, *s2;   /* per pair: worst, best, max-sum payoffs */
    int *neq;
    int W;                          /* 64-bit words of a set of profile codes (4^n bits) */
    uint64_t *ok;                   /* [i][j1][j2][W]: codes where user i, offered grid
                                       prices j1 by platform 1 and j2 by platform 2, has no
                                       profitable deviation */
} pg;

static void pg_prices(const pg *g, long idx, double *p)
{
    for (int i = 0; i < g->n; i++) {
        p[i] = g->grid[idx % g->m];
        idx /= g->m;
    }
}

static double pg_user(const pg *g, const double *p1, const double *p2, const int *b,
                      const int *a, int i, int k, int ai)
{
    if (k == 0)
        return 0.0;
    unsigned T = ai ? 1u << i : 0;
    int J = 1;
    for (int j = 0; j < g->n; j++)
        if (j != i && b[j] == k) {
            J++;
            if (a[j])
                T |= 1u << j;
        }
    return (ai ? (k == 1 ? p1 : p2)[i] : 0.0) - g->v[i] * g->L[(size_t)T * g->n + i] + g->c0 +
           g->c1 * (J - 1);
}

/* Decodes profile code into b (platforms) and a (sharing). */
static void pg_decode(int n, long code, int *b, int *a)
{
    for (int i = 0; i < n; i++) {
        b[i] = 1 + (int)(code >> i & 1);
        a[i] = (int)(code >> (n + i) & 1);
    }
}

/* 1 when user i has no profitable deviation from (b, a) at (p1, p2): a condition on her
 * own two prices p1[i], p2[i] only (pg_user reads no one else's). */
static int pg_user_ok(const pg *g, const double *p1, const double *p2, const int *b,
                      const int *a, int i)
{
    double cur = pg_user(g, p1, p2, b, a, i, b[i], a[i]);
    double tol = AMMO_EQ_REL * fmax(1.0, fabs(cur));
    for (int k = 0; k <= 2; k++)
        for (int ai = 0; ai <= 1; ai++)
            if (!(k == b[i] && ai == a[i]) && pg_user(g, p1, p2, b, a, i, k, ai) > cur + tol)
                return 0;
    return 1;
}

/* The platforms' payoffs U of profile (b, a) at (p1, p2). */
static void pg_payoffs(const pg *g, const double *p1, const double *p2, const int *b,
                       const int *a, double *U)
{
    const int n = g->n;
    unsigned T[3] = {0, 0, 0};
    for (int i = 0; i < n; i++)
        if (a[i])
            T[b[i]] |= 1u << i;
    U[0] = U[1] = 0;
    for (int i = 0; i < n; i++) {
        int k = b[i];
        U[k - 1] += g->L[(size_t)T[k] * n + i] - (a[i] ? (k == 1 ? p1 : p2)[i] : 0.0);
    }
}

/* A profile is a user equilibrium at a price pair when every user's own condition holds,
 * so the table ok[i][j1][j2] (m^2 own price pairs per user) gives the set of equilibrium
 * profiles of any of the m^(2n) price pairs as the intersection of n sets. */
static void pg_tables(pg *g)
{
    const int n = g->n, m = g->m, W = g->W;
    const long ncode = 1L << (2 * n);
    memset(g->ok, 0, sizeof *g->ok * (size_t)n * (size_t)m * (size_t)m * (size_t)W);
    double p1[4] = {0, 0, 0, 0}, p2[4] = {0, 0, 0, 0};
    int b[4], a[4];
    for (long code = 0; code < ncode; code++) {
        pg_decode(n, code, b, a);
        for (int i = 0; i < n; i++)
            for (int j1 = 0; j1 < m; j1++) {
                p1[i] = g->grid[j1];
                uint64_t *row = g->ok + ((size_t)i * m + (size_t)j1) * m * W;
                for (int j2 = 0; j2 < m; j2++) {
                    p2[i] = g->grid[j2];
                    if (pg_user_ok(g, p1, p2, b, a, i))
                        row[(size_t)j2 * W + (size_t)(code >> 6)] |= 1ull << (code & 63);
                }
            }
    }
}

/* The set of equilibrium profiles of pair (i1, i2) into eq[W]. */
static void pg_eqset(const pg *g, long i1, long i2, uint64_t *eq)
{
    const int n = g->n, m = g->m, W = g->W;
    for (int w = 0; w < W; w++)
        eq[w] = ~0ull;
    for (int i = 0; i < n; i++) {
        const uint64_t *t = g->ok + (((size_t)i * m + (size_t)(i1 % m)) * m +
                                     (size_t)(i2 % m)) * W;
        for (int w = 0; w < W; w++)
            eq[w] &= t[w];
        i1 /= m;
        i2 /= m;
    }
}

/* Next code in eq at or after `from` (in increasing order), or -1. */
static long pg_next(const uint64_t *eq, int W, long from)
{
    for (int w = (int)(from >> 6); w < W; w++) {
        uint64_t x = eq[w];
        if (w == (int)(from >> 6))
            x &= ~0ull << (from & 63);
        if (x)
            return (long)w * 64 + __builtin_ctzll(x);
    }
    return -1;
}

/* First pass: every pair's user equilibria summarized. */
static int pg_summarize(pg *g, const dmx_ctx *ctx, dmx_err *e)
{
    const int n = g->n;
    double p1[4], p2[4], U[2];
    int b[4], a[4];
    uint64_t eq[4];
    for (long q = 0; q < g->npairs; q++) {
        if ((q & 1023) == 0 && dmx_cancelled(ctx))
            return dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
        long i1 = q / g->nv, i2 = q % g->nv;
        pg_prices(g, i1, p1);
        pg_prices(g, i2, p2);
        pg_eqset(g, i1, i2, eq);
        int cnt = 0;
        double best = -INFINITY;
        g->w1[q] = g->w2[q] = INFINITY;
        g->x1[q] = g->x2[q] = -INFINITY;
        for (long code = pg_next(eq, g->W, 0); code >= 0; code = pg_next(eq, g->W, code + 1)) {
            pg_decode(n, code, b, a);
            pg_payoffs(g, p1, p2, b, a, U);
            cnt++;
            g->w1[q] = fmin(g->w1[q], U[0]);
            g->w2[q] = fmin(g->w2[q], U[1]);
            g->x1[q] = fmax(g->x1[q], U[0]);
            g->x2[q] = fmax(g->x2[q], U[1]);
            if (U[0] + U[1] > best) {
                best = U[0] + U[1];
                g->s1[q] = U[0];
                g->s2[q] = U[1];
            }
        }
        g->neq[q] = cnt;
    }
    return DMX_OK;
}

static int ge(double x, double y)
{
    return x >= y - AMMO_EQ_REL * fmax(1.0, fabs(y));
}

/* One equilibrium into the list (and the table). */
static void pg_emit(const pg *g, long q, const int *b, const int *a, const double *U,
                    const char *rule, dmx_node *list, dmx_view *tab, dmx_result *r)
{
    const int n = g->n;
    double p1[4], p2[4];
    pg_prices(g, q / g->nv, p1);
    pg_prices(g, q % g->nv, p2);
    dmx_node *o = dmx_add_obj(r, list, NULL);
    dmx_add_vec(r, o, "prices1", p1, n);
    dmx_add_vec(r, o, "prices2", p2, n);
    dmx_add_ivec(r, o, "join", b, n);
    dmx_add_ivec(r, o, "share", a, n);
    dmx_add_vec(r, o, "platform_payoffs", U, 2);
    if (!tab)
        return;
    char lab[16], ps[64] = "", js[8], as[8];
    snprintf(lab, sizeof lab, "%d", tab->rows ? tab->rows->nkids + 1 : 1);
    for (int i = 0; i < n; i++) {
        size_t l = strlen(ps);
        snprintf(ps + l, sizeof ps - l, "%s%.3g/%.3g", i ? " " : "", p1[i], p2[i]);
        js[i] = (char)('0' + b[i]);
        as[i] = (char)('0' + a[i]);
    }
    js[n] = as[n] = 0;
    dmx_node *row = dmx_table_row(r, tab, lab);
    dmx_add_str(r, row, NULL, "%s", rule);
    dmx_add_str(r, row, NULL, "%s", ps);
    dmx_add_str(r, row, NULL, "%s", js);
    dmx_add_str(r, row, NULL, "%s", as);
    dmx_add_num(r, row, NULL, U[0]);
    dmx_add_num(r, row, NULL, U[1]);
}

/* Second pass: the equilibria of each rule, listed (first 50) and counted. */
static void pg_select(const pg *g, dmx_node *o, dmx_view *tab, dmx_result *r)
{
    const int n = g->n;
    const long nv = g->nv;
    double *B = malloc(sizeof *B * 4 * (size_t)nv);
    if (!B)
        return;
    double *b1p = B, *b2p = B + nv, *b1s = B + 2 * nv, *b2s = B + 3 * nv;
    for (long i = 0; i < 4 * nv; i++)
        B[i] = -INFINITY;
    for (long q = 0; q < g->npairs; q++) {
        if (!g->neq[q])
            continue;
        long i1 = q / nv, i2 = q % nv;
        b1p[i2] = fmax(b1p[i2], g->w1[q]);   /* platform 1's best deviation against p² */
        b2p[i1] = fmax(b2p[i1], g->w2[q]);
        b1s[i2] = fmax(b1s[i2], g->s1[q]);
        b2s[i1] = fmax(b2s[i1], g->s2[q]);
    }
    const char *names[2] = {"pessimistic", "max_sum"};
    long count[2] = {0, 0}, both = 0;
    dmx_node *lists[2], *robj[2];
    for (int k = 0; k < 2; k++) {
        robj[k] = dmx_add_obj(r, o, names[k]);
        lists[k] = dmx_add_arr(r, robj[k], "equilibria");
    }
    double p1[4], p2[4], U[2];
    int b[4], a[4];
    uint64_t eq[4];
    for (long q = 0; q < g->npairs; q++) {
        if (!g->neq[q])
            continue;
        long i1 = q / nv, i2 = q % nv;
        int ms = ge(g->s1[q], b1s[i2]) && ge(g->s2[q], b2s[i1]);
        int pc = ge(g->x1[q], b1p[i2]) && ge(g->x2[q], b2p[i1]);
        if (!ms && !pc)
            continue;
        pg_prices(g, i1, p1);
        pg_prices(g, i2, p2);
        pg_eqset(g, i1, i2, eq);
        int found[2] = {0, 0};
        double bsum = -INFINITY;
        long bcode = -1;
        for (long code = pg_next(eq, g->W, 0); code >= 0; code = pg_next(eq, g->W, code + 1)) {
            pg_decode(n, code, b, a);
            pg_payoffs(g, p1, p2, b, a, U);
            if (pc && ge(U[0], b1p[i2]) && ge(U[1], b2p[i1])) {
                found[0] = 1;
                if (++count[0] <= 50)
                    pg_emit(g, q, b, a, U, "pessimistic", lists[0], tab, r);
            }
            if (U[0] + U[1] > bsum) {
                bsum = U[0] + U[1];
                bcode = code;
            }
        }
        if (ms && bcode >= 0) {
            pg_decode(n, bcode, b, a);
            pg_payoffs(g, p1, p2, b, a, U);
            found[1] = 1;
            if (++count[1] <= 50)
                pg_emit(g, q, b, a, U, "max-sum", lists[1], tab, r);
        }
        both += found[0] && found[1];
    }
    for (int k = 0; k < 2; k++) {
        dmx_add_int(r, robj[k], "count", count[k]);
        dmx_add_bool(r, robj[k], "exists", count[k] > 0);
    }
    dmx_add_int(r, o, "certified_by_both", both);
    free(B);
}

/* Work of a grid of m points per user: m^(2n) pairs x 4^n profiles x n users. */
static double pg_work(int n, int m)
{
    return pow((double)m, 2.0 * n) * ldexp(1.0, 2 * n) * n;
}

/* See ammo_views.h. */
int ammo_pricegrid_check(int n, const dmx_params *p, dmx_err *e)
{
    int m = (int)dmx_p_num(p, "price_grid");
    if (m == 0)
        return DMX_OK;
    if (n > 4)
        return dmx_err_set(e, DMX_EDATA, "price_grid: the price-grid search is for n <= 4 "
                                         "users (there are %d)", n);
    if (pg_work(n, m) <= AMMO_GRID_WORK && pow((double)m, 2.0 * n) <= AMMO_GRID_PAIRS)
        return DMX_OK;
    int fit = 2;
    while (pg_work(n, fit + 1) <= AMMO_GRID_WORK &&
           pow((double)fit + 1, 2.0 * n) <= AMMO_GRID_PAIRS)
        fit++;
    return dmx_err_set(e, DMX_EDATA, "price_grid = %d is too fine for the time budget with %d "
                       "users (%.3g price pairs); at most %d points per user fit", m, n,
                       pow((double)m, 2.0 * n), fit);
}

static void pg_free(pg *g)
{
    free(g->L);
    free(g->grid);
    free(g->w1);
    free(g->neq);
    free(g->ok);
}

static void pg_destroy(void *g)
{
    pg_free(g);
    free(g);
}

/* The search up to the per-pair summaries (everything but the selection): leaks, grid,
 * tables, summaries into a fresh *out. */
static int pg_build(const ammo_inst *in, const dmx_params *p, int m, const dmx_ctx *ctx,
                    pg **out, dmx_err *e)
{
    const int n = in->n;
    pg *gp = calloc(1, sizeof *gp);
    if (!gp)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    pg g = {.n = n, .m = m, .c0 = dmx_p_num(p, "join_c0"), .c1 = dmx_p_num(p, "join_c1")};
    memcpy(g.v, in->v, sizeof *g.v * (size_t)n);
    g.nv = 1;
    for (int i = 0; i < n; i++)
        g.nv *= m;
    g.npairs = g.nv * g.nv;
    g.L = malloc(sizeof *g.L * ((size_t)1 << n) * (size_t)n);
    g.grid = malloc(sizeof *g.grid * (size_t)m);
    g.w1 = malloc(sizeof *g.w1 * 6 * (size_t)g.npairs);
    g.neq = malloc(sizeof *g.neq * (size_t)g.npairs);
    g.W = (int)((1L << (2 * n)) + 63) / 64;
    g.ok = malloc(sizeof *g.ok * (size_t)n * (size_t)m * (size_t)m * (size_t)g.W);
    unsigned char a[4];
    int rc = DMX_OK;
    if (!g.L || !g.grid || !g.w1 || !g.neq || !g.ok)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    for (unsigned T = 0; rc == DMX_OK && T < (1u << n); T++) {
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(T >> i & 1);
        rc = ammo_leaks(n, in->S, a, g.L + (size_t)T * n, NULL, NULL, e);
    }
    if (rc == DMX_OK) {
        g.w2 = g.w1 + g.npairs;
        g.x1 = g.w2 + g.npairs;
        g.x2 = g.x1 + g.npairs;
        g.s1 = g.x2 + g.npairs;
        g.s2 = g.s1 + g.npairs;
        double pm = dmx_p_num(p, "price_max");
        if (!(pm > 0))                       /* Σ_j I_j(V): no price exceeds it (Thm B-1) */
            for (int i = 0; i < n; i++)
                pm = (i ? pm : 0) + g.L[(((size_t)1 << n) - 1) * n + i];
        g.pmax = pm;
        for (int k = 0; k < m; k++)
            g.grid[k] = m > 1 ? pm * k / (m - 1) : 0;
        pg_tables(&g);
        rc = pg_summarize(&g, ctx, e);
    }
    *gp = g;
    if (rc != DMX_OK) {
        pg_destroy(gp);
        return rc;
    }
    *out = gp;
    return DMX_OK;
}

/* Bytes held by a built search (for the cache budget). */
static size_t pg_bytes(const pg *g)
{
    return sizeof *g + sizeof(double) * (((size_t)1 << g->n) * (size_t)g->n + (size_t)g->m +
                                         6 * (size_t)g->npairs) +
           sizeof(int) * (size_t)g->npairs +
           sizeof(uint64_t) * (size_t)g->n * (size_t)g->m * (size_t)g->m * (size_t)g->W;
}

/* See ammo_views.h.  The search depends on Σ, the values, the joining values, the grid
 * size and price_max only: it is memoized in ctx->cache on exactly those, so moving any
 * other parameter re-runs only the selection and the listing. */
int ammo_pricegrid_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                           const dmx_ctx *ctx, dmx_err *e)
{
    int m = (int)dmx_p_num(p, "price_grid"), rc = ammo_pricegrid_check(in->n, p, e);
    if (m == 0 || rc != DMX_OK)
        return rc;
    const int n = in->n;
    dmx_key key;
    dmx_key_init(&key, "ammo.price_grid");
    dmx_key_i(&key, n);
    dmx_key_dv(&key, in->S, (size_t)n * (size_t)n);
    dmx_key_dv(&key, in->v, (size_t)n);
    dmx_key_d(&key, dmx_p_num(p, "join_c0"));
    dmx_key_d(&key, dmx_p_num(p, "join_c1"));
    dmx_key_i(&key, m);
    dmx_key_d(&key, dmx_p_num(p, "price_max"));
    dmx_cache *cache = ctx ? ctx->cache : NULL;
    pg *g = dmx_cache_get(cache, &key), *own = NULL;
    if (!g) {
        rc = pg_build(in, p, m, ctx, &own, e);
        if (rc == DMX_OK && dmx_cache_put(cache, &key, own, pg_bytes(own), pg_destroy) == 0)
            g = own, own = NULL;        /* the cache took it; valid for this compute */
        else
            g = own;
    }
    dmx_key_free(&key);
    if (rc == DMX_OK) {
        long none = 0;
        for (long q = 0; q < g->npairs; q++)
            none += g->neq[q] == 0;
        dmx_node *o = dmx_add_obj(r, r->root, "price_grid");
        dmx_add_str(r, o, "method", "grid search over %d prices per user in [0, %.4g]: "
                    "pure price equilibria on the grid only", m, g->pmax);
        dmx_add_int(r, o, "points", m);
        dmx_add_num(r, o, "price_max", g->pmax);
        dmx_add_int(r, o, "price_pairs", g->npairs);
        dmx_add_int(r, o, "pairs_without_user_equilibrium", none);
        dmx_view *tab = NULL;
        if (dmx_wants(ctx, "views")) {
            static const char *const hdr[] = {"#", "rule", "p¹/p² per user", "join b",
                                              "share a", "U(1)", "U(2)"};
            tab = dmx_add_table(r, "price_grid", "Two platforms: price equilibria (grid)",
                                hdr, 7);
        }
        pg_select(g, o, tab, r);
    }
    if (own)
        pg_destroy(own);
    return rc;
}
