/* communities.c -- exchangeable communities as count vectors (docs/models/ammo.md).
 *
 * Σ = diag(s_g - c_g) + E M Eᵀ.  With k_g sharers in community g, λ_g = 1 + s_g - c_g and
 * N = diag(k_g/λ_g), a non-sharer of g leaks (Woodbury + push-through)
 *     L0_g(k) = m_gᵀ N (I_K + M N)^{-1} m_g,       m_g = M e_g,
 * and a sharer of g leaks I1 = I0 + m0²/(1+m0) with I0 = L0_g(k - e_g), m0 = s_g - I0
 * (the link (5)).  Φ, SS and D depend on the profile only through k, so the problems are
 * solved over Π (m_g + 1) count vectors; each stands for Π C(m_g, k_g) tied profiles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"
#include "../linalg.h"

/* lgamma without the global `signgam` that lgamma() writes: grids and the
 * search call this from several threads (ThreadSanitizer reports lgamma). */
static double lgamma_ts(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

/* See ammo.h.  Errors: DMX_EINTERNAL (memory, eigen solver). */
int ammo_comm_lmin(int K, const int *m, const double *s, const double *c, const double *M,
                   double *lmin, dmx_err *e)
{
    if (K < 1)
        return dmx_err_set(e, DMX_EINTERNAL, "no communities");
    double *A = calloc((size_t)K * (size_t)K, sizeof *A);
    double *w = calloc((size_t)K, sizeof *w);
    int rc = DMX_OK;
    if (!A || !w) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (int g = 0; g < K; g++)
        for (int h = 0; h < K; h++)
            A[g * K + h] = (g == h ? s[g] - c[g] : 0.0) + sqrt((double)m[g] * m[h]) * M[g * K + h];
    rc = dmx_sym_eig(K, A, w, NULL, e);
    if (rc != DMX_OK)
        goto free_all;
    double lo = w[0];
    for (int g = 0; g < K; g++)
        if (m[g] >= 2 && s[g] - c[g] < lo)
            lo = s[g] - c[g];
    *lmin = lo;
free_all:
    free(A);
    free(w);
    return rc;
}

/* M for a given cross-community correlation. */
void ammo_comm_M(const ammo_inst *in, double across, double *M)
{
    int K = in->K;
    for (int g = 0; g < K; g++)
        for (int h = 0; h < K; h++)
            M[g * K + h] = g == h ? in->c[g] : across * sqrt(in->s[g] * in->s[h]);
}

/* See ammo.h.  Returns DMX_EDATA when even across = 0 is not PSD. */
int ammo_comm_max_across(const ammo_inst *in, double sign, double *lim)
{
    int K = in->K;
    double *M = malloc(sizeof *M * (size_t)K * (size_t)K), lmin;
    int rc = DMX_OK;
    if (!M)
        return DMX_EINTERNAL;
    double scale = 0;
    for (int g = 0; g < K; g++)
        scale = fmax(scale, in->s[g] * in->m[g]);
    ammo_comm_M(in, 0.0, M);
    if (ammo_comm_lmin(K, in->m, in->s, in->c, M, &lmin, NULL) != DMX_OK ||
        lmin < -AMMO_PSD_REL * (1 + scale)) {
        rc = DMX_EDATA;
        goto free_m;
    }
    double lo = 0, hi = 1;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        ammo_comm_M(in, sign * mid, M);
        if (ammo_comm_lmin(K, in->m, in->s, in->c, M, &lmin, NULL) == DMX_OK &&
            lmin >= -AMMO_PSD_EDGE * (1 + scale))
            lo = mid;
        else
            hi = mid;
    }
    *lim = lo;
free_m:
    free(M);
    return rc;
}

/* Solves the 2 x 2 system A X = B (row-major, nrhs columns) in place by elimination with
 * partial pivoting, like dgesv, without allocating.  DMX_EDATA when A is singular. */
static int solve2(const double *A, int nrhs, double *B, dmx_err *e)
{
    double a = A[0], b = A[1], c = A[2], d = A[3];
    int swap = fabs(c) > fabs(a);
    if (swap) {
        double t = a;
        a = c;
        c = t;
        t = b;
        b = d;
        d = t;
    }
    if (a == 0.0)
        return dmx_err_set(e, DMX_EDATA, "matrix is singular (pivot 1)");
    double l = c / a, u = d - l * b;
    if (u == 0.0 || !isfinite(u))
        return dmx_err_set(e, DMX_EDATA, "matrix is singular (pivot 2)");
    for (int j = 0; j < nrhs; j++) {
        double y0 = B[j], y1 = B[nrhs + j];
        if (swap) {
            double t = y0;
            y0 = y1;
            y1 = t;
        }
        y1 -= l * y0;
        double x1 = y1 / u;
        B[nrhs + j] = x1;
        B[j] = (y0 - b * x1) / a;
    }
    return DMX_OK;
}

/* L0 for counts k into L0[K]: X = (I + M N)^{-1} M, L0_g = Σ_h M_hg N_h X_hg.  A, X: K*K
 * scratch.  K <= 2 in closed form (no allocation); larger K through dmx_solve_inplace. */
static int comm_L0(int K, const double *s, const double *c, const double *M, const int *k,
                   double *A, double *X, double *L0, dmx_err *e)
{
    for (int g = 0; g < K; g++)
        for (int h = 0; h < K; h++) {
            double Nh = k[h] / (1.0 + s[h] - c[h]);
            A[g * K + h] = (g == h ? 1.0 : 0.0) + M[g * K + h] * Nh;
            X[g * K + h] = M[g * K + h];
        }
    int rc;
    if (K == 1) {
        rc = A[0] != 0.0 ? DMX_OK : dmx_err_set(e, DMX_EDATA, "matrix is singular (pivot 1)");
        X[0] /= A[0];
    } else if (K == 2) {
        rc = solve2(A, 2, X, e);
    } else {
        rc = dmx_solve_inplace(K, A, K, X, e);
    }
    if (rc != DMX_OK)
        return rc;
    for (int g = 0; g < K; g++) {
        double acc = 0;
        for (int h = 0; h < K; h++)
            acc += M[h * K + g] * (k[h] / (1.0 + s[h] - c[h])) * X[h * K + g];
        L0[g] = acc;
    }
    return DMX_OK;
}

/* See ammo.h.  Errors: DMX_EINTERNAL (K out of range), DMX_EDATA (singular I + MN: Σ not
 * PSD).  No allocation: scratch on the stack (K <= AMMO_MAX_COMM). */
int ammo_comm_leaks(int K, const double *s, const double *c, const double *M,
                    const int *k, double *L0, double *I0, double *I1, dmx_err *e)
{
    if (K < 1 || K > AMMO_MAX_COMM)
        return dmx_err_set(e, DMX_EINTERNAL, "%d communities outside 1..%d", K, AMMO_MAX_COMM);
    double A[AMMO_MAX_COMM * AMMO_MAX_COMM], X[AMMO_MAX_COMM * AMMO_MAX_COMM];
    double tmp[AMMO_MAX_COMM];
    int kk[AMMO_MAX_COMM];
    int rc = comm_L0(K, s, c, M, k, A, X, L0, e);
    if (rc != DMX_OK)
        return rc;
    memcpy(kk, k, sizeof *kk * (size_t)K);
    for (int g = 0; g < K; g++) {
        if (k[g] < 1) {
            I0[g] = I1[g] = NAN;
            continue;
        }
        kk[g]--;
        rc = comm_L0(K, s, c, M, kk, A, X, tmp, e);
        kk[g]++;
        if (rc != DMX_OK)
            return rc;
        double m0 = s[g] - tmp[g];
        I0[g] = tmp[g];
        I1[g] = tmp[g] + m0 * m0 / (1.0 + m0);
    }
    return DMX_OK;
}

static double lchoose(int m, int k)
{
    return lgamma_ts(m + 1.0) - lgamma_ts(k + 1.0) - lgamma_ts(m - k + 1.0);
}

/* Profile of count vector k (the smallest mask: the first k_g users of each community). */
static void comm_profile(const ammo_inst *in, const int *k, unsigned char *a)
{
    int u = 0;
    for (int g = 0; g < in->K; g++)
        for (int q = 0; q < in->m[g]; q++)
            a[u++] = (unsigned char)(q < k[g]);
}

/* 1 when profile a is smaller than b as a mask Σ a_i 2^i. */
static int prof_less(int n, const unsigned char *a, const unsigned char *b)
{
    for (int i = n - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] < b[i];
    return 0;
}

static void idx_to_k(const ammo_inst *in, long idx, int *k)
{
    for (int g = 0; g < in->K; g++) {
        k[g] = (int)(idx % (in->m[g] + 1));
        idx /= in->m[g] + 1;
    }
}

/* Value of each objective for one count vector. */
void ammo_comm_values(const ammo_inst *in, const int *k, const double *vg, const double *L0,
                      const double *I0, const double *I1, double *phi, double *ss, double *d)
{
    double f = 0, s = 0, dd = 0;
    for (int g = 0; g < in->K; g++) {
        double nons = in->m[g] - k[g];
        f += nons * L0[g];
        s += (1.0 - vg[g]) * nons * L0[g];
        if (k[g] > 0) {
            f += k[g] * (I1[g] - vg[g] * (I1[g] - I0[g]));
            s += (1.0 - vg[g]) * k[g] * I1[g];
            dd += (1.0 - vg[g]) * k[g] * I1[g];
        }
    }
    *phi = f;
    *ss = s;
    *d = dd;
}

/* Count vector idx (counts k, leaks L0, I0, I1) offered to the trackers and the per-pop
 * best Φ, in the order of the enumeration (the tie lists depend on it). */
static void comm_offer(const ammo_inst *in, const int *k, const double *t, ammo_track *tr,
                       ammo_sol *sol, long *pk_idx, long idx)
{
    const int K = in->K;
    double f[3];
    ammo_comm_values(in, k, in->vg, t, t + K, t + 2 * K, &f[0], &f[1], &f[2]);
    int pop = 0;
    for (int g = 0; g < K; g++)
        pop += k[g];
    for (int q = 0; q < AMMO_NOBJ; q++)
        ammo_track_add(&tr[q], f[q], f[1], (uint64_t)idx);
    if (f[0] > sol->phik[pop]) {        /* first found = smaller in this order; fine */
        sol->phik[pop] = f[0];
        sol->phik_ss[pop] = f[1];
        pk_idx[pop] = idx;
    }
}

/* Trackers and per-pop bests before the enumeration; *pk_idx: n + 1 longs (NULL when
 * out of memory, the trackers still safe to free). */
static void comm_start(const ammo_inst *in, ammo_track *tr, ammo_sol *sol, long **pk_idx)
{
    for (int q = 0; q < AMMO_NOBJ; q++)
        ammo_track_init(&tr[q]);
    *pk_idx = malloc(sizeof **pk_idx * (size_t)(in->n + 1));
    for (int t = 0; *pk_idx && t <= in->n; t++) {
        sol->phik[t] = -INFINITY;
        (*pk_idx)[t] = -1;
    }
}

/* The maximizers from the trackers: count of tied profiles, SS range, canonical profile
 * (most sharers, then the smallest mask).  k: K ints, pa: n bytes of scratch. */
static int comm_finish(const ammo_inst *in, ammo_track *tr, const long *pk_idx, long nvec,
                       int *k, unsigned char *pa, ammo_sol *sol, dmx_err *e)
{
    const int K = in->K, n = in->n;
    for (int q = 0; q < AMMO_NOBJ; q++) {
        ammo_track *t = &tr[q];
        if (t->oom)
            return dmx_err_set(e, DMX_EINTERNAL, "out of memory (tie lists)");
        double thr = t->best - AMMO_TIE_REL * fmax(1.0, fabs(t->best));
        int bestpop = -1;
        sol->count[q] = 0;
        sol->ss_lo[q] = INFINITY;
        sol->ss_hi[q] = -INFINITY;
        for (long r = 0; r < t->len; r++) {
            if (!(t->val[r] >= thr))
                continue;
            idx_to_k(in, (long)t->msk[r], k);
            int pop = 0;
            double lc = 0;
            for (int g = 0; g < K; g++) {
                pop += k[g];
                lc += lchoose(in->m[g], k[g]);
            }
            sol->count[q] += round(exp(lc));
            sol->ss_lo[q] = fmin(sol->ss_lo[q], t->ssv[r]);
            sol->ss_hi[q] = fmax(sol->ss_hi[q], t->ssv[r]);
            comm_profile(in, k, pa);
            if (pop > bestpop || (pop == bestpop && prof_less(n, pa, sol->a[q]))) {
                bestpop = pop;
                memcpy(sol->a[q], pa, (size_t)n);
            }
        }
        sol->val[q] = t->best;
        sol->exact[q] = 1;
        sol->gap[q] = 0;
    }
    for (int t = 0; t <= n; t++)
        if (pk_idx[t] >= 0) {
            idx_to_k(in, pk_idx[t], k);
            comm_profile(in, k, sol->phik_a + (size_t)t * n);
        }
    sol->have_phik = 1;
    sol->evaluated = (double)nvec;
    snprintf(sol->how, sizeof sol->how, "exact, %ld count vectors (%d communities)", nvec, K);
    return DMX_OK;
}

/* See ammo.h.  Errors: DMX_EDATA (too many count vectors), DMX_EINTERNAL, DMX_ECANCELED. */
int ammo_comm_solve(const ammo_inst *in, const dmx_ctx *ctx, ammo_sol *sol, dmx_err *e)
{
    const int K = in->K, n = in->n;
    long nvec = 1;
    int rc = DMX_OK;
    for (int g = 0; g < K; g++) {
        nvec *= in->m[g] + 1;
        if (nvec > AMMO_COMM_MAXVEC)    /* validate refuses this first (ammo_budget_check) */
            return dmx_err_set(e, DMX_EDATA, "communities: more than %.0e count vectors; use "
                                             "fewer communities", (double)AMMO_COMM_MAXVEC);
    }
    ammo_track tr[AMMO_NOBJ];
    int *k = malloc(sizeof *k * (size_t)K);
    double *buf = malloc(sizeof *buf * (size_t)(3 * K));
    unsigned char *pa = malloc((size_t)n);
    long *pk_idx;
    comm_start(in, tr, sol, &pk_idx);
    if (!k || !buf || !pa || !pk_idx) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (long idx = 0; idx < nvec; idx++) {
        if ((idx & 255) == 0) {
            if (dmx_cancelled(ctx)) {
                rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
                goto free_all;
            }
            if (ctx && ctx->progress)
                ctx->progress(ctx->user, (double)idx / (double)nvec);
        }
        idx_to_k(in, idx, k);
        rc = ammo_comm_leaks(K, in->s, in->c, in->M, k, buf, buf + K, buf + 2 * K, e);
        if (rc != DMX_OK)
            goto free_all;
        comm_offer(in, k, buf, tr, sol, pk_idx, idx);
    }
    rc = comm_finish(in, tr, pk_idx, nvec, k, pa, sol, e);
free_all:
    for (int q = 0; q < AMMO_NOBJ; q++)
        ammo_track_free(&tr[q]);
    free(k);
    free(buf);
    free(pa);
    free(pk_idx);
    return rc;
}

/* See ammo.h.  The table holds each count vector's k (as doubles) after its leaks, so a
 * caller can re-solve for other community values without recomputing them. */
int ammo_comm_table(const ammo_inst *in, long nvec, double *tab, dmx_err *e)
{
    const int K = in->K;
    int k[AMMO_MAX_COMM];
    for (long idx = 0; idx < nvec; idx++) {
        idx_to_k(in, idx, k);
        double *t = tab + (size_t)idx * 3 * (size_t)K;
        int rc = ammo_comm_leaks(K, in->s, in->c, in->M, k, t, t + K, t + 2 * K, e);
        if (rc != DMX_OK)
            return rc;
    }
    return DMX_OK;
}

/* See ammo.h: ammo_comm_solve from a table of ammo_comm_table (the same values, offered in
 * the same order, so the same solution bit for bit). */
int ammo_comm_solve_table(const ammo_inst *in, long nvec, const double *tab, ammo_sol *sol,
                          dmx_err *e)
{
    const int K = in->K, n = in->n;
    ammo_track tr[AMMO_NOBJ];
    int k[AMMO_MAX_COMM];
    unsigned char *pa = malloc((size_t)n);
    long *pk_idx;
    int rc = DMX_OK;
    comm_start(in, tr, sol, &pk_idx);
    if (!pa || !pk_idx) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (long idx = 0; idx < nvec; idx++) {
        idx_to_k(in, idx, k);
        comm_offer(in, k, tab + (size_t)idx * 3 * (size_t)K, tr, sol, pk_idx, idx);
    }
    rc = comm_finish(in, tr, pk_idx, nvec, k, pa, sol, e);
free_all:
    for (int q = 0; q < AMMO_NOBJ; q++)
        ammo_track_free(&tr[q]);
    free(pa);
    free(pk_idx);
    return rc;
}
