/* decorrelation.c -- the literal de-correlation mediator S̃ = Σ^{-1} S (§6.2, docs/models/ammo.md).
 *
 * Under the literal scheme a sharer leaks L_i(T) = [((Σ^{-1}+Σ^{-2})_TT)^{-1}]_ii and a
 * non-sharer 0; prices v_i L_i(T) leave users with 0, so the platform maximizes
 * D_lit(T) = Σ_{i∈T} (1 - v_i) L_i(T), which is also the social surplus.  (The paper's
 * Lemma 5 version, D(T) = Σ_{i∈T} (1 - v_i) I_i(T), is maximized in search.c.)
 *
 * General Σ: the include/exclude tree of search.c with bordered inverses.  A node keeps
 * Q = Σ^{-1}+Σ^{-2} swept on the users T included so far (Goodnight's sweep operator:
 * A_TT = -(Q_TT)^{-1}, A_TU = (Q_TT)^{-1} Q_TU, A_UU = Q_UU - Q_UT (Q_TT)^{-1} Q_TU), but only
 * the columns of the undecided users.  Including user d sweeps on d, D = A_dd:
 *     A_ij ← A_ij - A_id A_dj / D,   A_dj ← A_dj / D,
 * which is the bordered inverse of Q_{T+d,T+d}; its diagonal gains A_id²/D for i ∈ T and 1/D
 * for d, so D_lit is carried down the tree in O(|T|) per node and O(1) per leaf: no
 * inverse per profile.  Communities: one representative per count vector (the mediator
 * preserves exchangeability), each by ammo_literal_leaks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"

/* lgamma without the global `signgam` that lgamma() writes: grids and the
 * search call this from several threads (ThreadSanitizer reports lgamma). */
static double lgamma_ts(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

/* The include/exclude tree over general Σ. */
typedef struct lit_tree {
    int n;
    const double *w;               /* 1 - v */
    double **lev;                  /* lev[d]: n x (n-d) columns of the swept Q */
    const dmx_ctx *ctx;
    int stop;
    ammo_track *tr;
} lit_tree;

static void lit_rec(lit_tree *L, int d, const double *cols, double dl, uint64_t mask)
{
    const int n = L->n;
    if (L->stop)
        return;
    if (d == n) {
        ammo_track_add(L->tr, dl, 1.0, mask);
        return;
    }
    if (n - d == 10 && dmx_cancelled(L->ctx)) {
        L->stop = 1;
        return;
    }
    const double *c = cols;               /* A[:, d] */
    double D = c[d];
    if (D > 0) {                          /* Q SPD: every Schur complement is positive */
        double inv = 1.0 / D, gain = L->w[d];
        for (uint64_t m = mask; m; m &= m - 1) {
            int i = __builtin_ctzll(m);
            gain += L->w[i] * c[i] * c[i];
        }
        double *dst = L->lev[d + 1];
        for (int j = d + 1; j < n; j++) {
            const double *src = cols + (size_t)(j - d) * n;
            double *out = dst + (size_t)(j - d - 1) * n;
            double f = c[j] * inv;
            for (int k = 0; k < n; k++)
                out[k] = src[k] - f * c[k];
            out[d] = f;
        }
        lit_rec(L, d + 1, dst, dl + gain * inv, mask | (uint64_t)1 << d);
    }
    lit_rec(L, d + 1, cols + n, dl, mask);
}

/* Every profile of general Σ (n <= 62) through the tree into tr. */
static int lit_tree_run(const ammo_inst *in, const double *Q, const dmx_ctx *ctx,
                        ammo_track *tr, dmx_err *e)
{
    const int n = in->n;
    size_t tot = 0;
    for (int d = 0; d <= n; d++)
        tot += (size_t)n * (size_t)(n - d);
    double *buf = malloc(sizeof *buf * (tot + 1)), *w = malloc(sizeof *w * (size_t)n);
    double **lev = malloc(sizeof *lev * (size_t)(n + 1));
    int rc = DMX_OK;
    if (!buf || !w || !lev) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    size_t off = 0;
    for (int d = 0; d <= n; d++) {
        lev[d] = buf + off;
        off += (size_t)n * (size_t)(n - d);
    }
    for (int i = 0; i < n; i++)
        w[i] = 1.0 - in->v[i];
    memcpy(lev[0], Q, sizeof *Q * (size_t)n * (size_t)n);   /* symmetric: columns = rows */
    lit_tree L = {.n = n, .w = w, .lev = lev, .ctx = ctx, .tr = tr};
    lit_rec(&L, 0, lev[0], 0.0, 0);
    if (L.stop)
        rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
free_all:
    free(buf);
    free(w);
    free(lev);
    return rc;
}

/* Profile of index idx: count vector (communities) or bit mask. */
static void lit_profile(const ammo_inst *in, long idx, unsigned char *a)
{
    if (in->K > 0) {
        int u = 0;
        for (int g = 0; g < in->K; g++) {
            int kg = (int)(idx % (in->m[g] + 1));
            idx /= in->m[g] + 1;
            for (int q = 0; q < in->m[g]; q++)
                a[u++] = (unsigned char)(q < kg);
        }
    } else {
        for (int i = 0; i < in->n; i++)
            a[i] = (unsigned char)(idx >> i & 1);
    }
}

/* Communities: one representative per count vector, weighted by its multiplicity. */
static int lit_count_vectors(const ammo_inst *in, const double *Q, long nprof,
                             const dmx_ctx *ctx, unsigned char *a, double *L, ammo_track *tr,
                             dmx_err *e)
{
    const int n = in->n;
    for (long idx = 0; idx < nprof; idx++) {
        if ((idx & 255) == 0 && dmx_cancelled(ctx))
            return dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
        double mult = 1;
        long x = idx;
        for (int g = 0; g < in->K; g++) {
            int kg = (int)(x % (in->m[g] + 1));
            x /= in->m[g] + 1;
            mult *= round(exp(lgamma_ts(in->m[g] + 1.0) - lgamma_ts(kg + 1.0) -
                              lgamma_ts(in->m[g] - kg + 1.0)));
        }
        lit_profile(in, idx, a);
        int rc = ammo_literal_leaks(n, Q, a, L, e);
        if (rc != DMX_OK)
            return rc;
        double d = 0;
        for (int i = 0; i < n; i++)
            if (a[i])
                d += (1.0 - in->v[i]) * L[i];
        ammo_track_add(tr, d, mult, (uint64_t)idx);   /* ssv slot: multiplicity */
    }
    return DMX_OK;
}

/* Canonical maximizer (most sharers, then smallest mask) and the number of maximizers. */
static void lit_pick(const ammo_inst *in, const ammo_track *tr, unsigned char *a,
                     unsigned char *best_a, double *count, long *top)
{
    const int n = in->n;
    double thr = tr->best - AMMO_TIE_REL * fmax(1.0, fabs(tr->best)), topv = -INFINITY;
    int bestpop = -1;
    *count = 0;
    for (long r = 0; r < tr->len; r++) {
        if (!(tr->val[r] >= thr))
            continue;
        *count += tr->ssv[r];
        if (tr->val[r] > topv) {
            topv = tr->val[r];
            *top = (long)tr->msk[r];
        }
        lit_profile(in, (long)tr->msk[r], a);
        int pop = ammo_popcount_profile(n, a);
        int less = 0;
        for (int i = n - 1; i >= 0; i--)
            if (a[i] != best_a[i]) {
                less = a[i] < best_a[i];
                break;
            }
        if (pop > bestpop || (pop == bestpop && less)) {
            bestpop = pop;
            memcpy(best_a, a, (size_t)n);
        }
    }
}

/* See ammo.h.  Errors: DMX_EDATA (Σ singular, or too large), DMX_EINTERNAL, DMX_ECANCELED. */
int ammo_literal_solve(const ammo_inst *in, int max_n, const dmx_ctx *ctx,
                       unsigned char *best_a, double *best_val, double *count, double *corr,
                       dmx_err *e)
{
    const int n = in->n;
    long nprof = 1;
    if (in->K > 0) {
        for (int g = 0; g < in->K; g++)
            nprof *= in->m[g] + 1;
        if (n > 60 || nprof > 100000)
            return dmx_err_set(e, DMX_EDATA, "literal de-correlation: %d users / %ld count "
                               "vectors is beyond the exhaustive limit (60 users, 1e5 vectors)",
                               n, nprof);
    } else if (n > max_n || n > 62) {
        return dmx_err_set(e, DMX_EDATA, "literal de-correlation: exhaustive only for n <= %d "
                                         "(max_exact; n = %d)", max_n < 62 ? max_n : 62, n);
    }
    double *Q = malloc(sizeof *Q * (size_t)n * (size_t)n), *L = malloc(sizeof *L * (size_t)n);
    unsigned char *a = malloc((size_t)n);
    ammo_track tr;
    ammo_track_init(&tr);
    int rc = DMX_OK;
    if (!Q || !L || !a)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    if (rc == DMX_OK)
        rc = ammo_decorr_Q(n, in->S, Q, e);
    if (rc == DMX_OK)
        rc = in->K > 0 ? lit_count_vectors(in, Q, nprof, ctx, a, L, &tr, e)
                       : lit_tree_run(in, Q, ctx, &tr, e);
    if (rc == DMX_OK && tr.oom)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory (tie list)");
    if (rc == DMX_OK) {
        long top = 0;
        lit_pick(in, &tr, a, best_a, count, &top);
        *best_val = tr.best;
        if (in->K == 0) {
            /* report the maximum as one SPD inverse gives it (the tree's value agrees to
             * rounding; this keeps the figure independent of the update order) */
            lit_profile(in, top, a);
            rc = ammo_literal_leaks(n, Q, a, L, e);
            double d = 0;
            for (int i = 0; i < n; i++)
                if (a[i])
                    d += (1.0 - in->v[i]) * L[i];
            *best_val = d;
        }
    }
    /* corr(X_i, S̃_i) = 1/sqrt(σ_i² Q_ii): the slides' "fully correlated" is false */
    if (rc == DMX_OK && corr)
        for (int i = 0; i < n; i++)
            corr[i] = 1.0 / sqrt(in->S[i * n + i] * Q[i * n + i]);
    ammo_track_free(&tr);
    free(Q);
    free(L);
    free(a);
    return rc;
}
