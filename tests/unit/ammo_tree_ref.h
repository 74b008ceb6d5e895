/* ammo_tree_ref.h -- test-only reference for the ammo include/exclude tree
 * (header-only, static: compiled into the tests that include it, never into the library).
 *
 * The plain tree as it was before the search got its subtree-level bounds, specialised last
 * levels and vector clones: one thread, no bounds, every leaf evaluated in full, the rank-1
 * update of the posterior covariance applied level by level.  It performs the same
 * floating-point operations in the same order for every profile as engine/ammo/search.c
 * must, so the test compares values bit for bit: the per-profile Φ, SS and D the engine
 * reports (and the golden JSON files print to 17 digits) must not move by one ulp. */
#ifndef AMMO_TREE_REF_H
#define AMMO_TREE_REF_H

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ammo/ammo.h"

typedef struct ref_tree {
    int n;
    const double *S, *v;
    double sum_s2, sum_ws2, *w, **lev, *dg;
    uint64_t fin, fout;
    ammo_search_out *out;
} ref_tree;

static void ref_tree_leaf(ref_tree *R, const double *diag, const double *c, double alpha,
                          uint64_t mask, int pop, double sp, double swp)
{
    ammo_search_out *o = R->out;
    const int n = R->n;
    double ub = R->sum_s2 - sp, ss = R->sum_ws2 - swp, pen = 0, dd = 0;
    for (uint64_t m = mask; m; m &= m - 1) {
        int i = __builtin_ctzll(m);
        double pii = c ? diag[i] - alpha * (c[i] * c[i]) : diag[i];
        pen += R->v[i] * pii * pii / (1.0 - pii);
        dd += R->w[i] * (R->S[i * n + i] - pii);
    }
    double phi = ub - pen;
    o->leaves += 1;
    ammo_track_add(&o->t[AMMO_OBJ_PHI], phi, ss, mask);
    if (phi > o->phik[pop] || (phi == o->phik[pop] && mask < o->phik_mask[pop])) {
        o->phik[pop] = phi;
        o->phik_mask[pop] = mask;
        o->phik_ss[pop] = ss;
    }
    ammo_track_add(&o->t[AMMO_OBJ_DEC], dd, ss, mask);
    ammo_track_add(&o->t[AMMO_OBJ_SS], ss, ss, mask);
}

static void ref_tree_rec(ref_tree *R, int d, const double *cols, const double *diag,
                         uint64_t mask, int pop, double sp, double swp)
{
    const int n = R->n;
    if (d == n) {
        ref_tree_leaf(R, diag, NULL, 0, mask, pop, sp, swp);
        return;
    }
    uint64_t bit = (uint64_t)1 << d;
    int can_in = !(R->fout & bit), can_out = !(R->fin & bit);
    if (can_in && d == n - 1) {
        const double *c = cols;
        double alpha = 1.0 / (1.0 + c[d]), s1 = 0, s2 = 0;
        for (int k = 0; k < n; k++) {
            double ck2 = c[k] * c[k];
            s1 += ck2;
            s2 += R->w[k] * ck2;
        }
        ref_tree_leaf(R, diag, c, alpha, mask | bit, pop + 1, sp - alpha * s1,
                      swp - alpha * s2);
        can_in = 0;
    }
    if (can_in) {
        const double *c = cols;
        double alpha = 1.0 / (1.0 + c[d]);
        double *dst = R->lev[d + 1], *dgn = R->dg + (size_t)(d + 1) * n;
        for (int j = d + 1; j < n; j++) {
            const double *src = cols + (size_t)(j - d) * n;
            double *o = dst + (size_t)(j - d - 1) * n;
            double f = alpha * c[j];
            for (int k = 0; k < n; k++)
                o[k] = src[k] - f * c[k];
        }
        double s1 = 0, s2 = 0;
        for (int k = 0; k < n; k++) {
            double ck2 = c[k] * c[k];
            dgn[k] = diag[k] - alpha * ck2;
            s1 += ck2;
            s2 += R->w[k] * ck2;
        }
        ref_tree_rec(R, d + 1, dst, dgn, mask | bit, pop + 1, sp - alpha * s1,
                     swp - alpha * s2);
    }
    if (can_out)
        ref_tree_rec(R, d + 1, cols + n, diag, mask, pop, sp, swp);
}

/* Every profile (except those contradicting force_in / force_out), all three objectives,
 * per-popcount best Φ; out initialised by ammo_out_init, finished here.  0 or -1 (memory). */
static int ref_ammo_tree(int n, const double *S, const double *v, uint64_t force_in,
                         uint64_t force_out, ammo_search_out *out)
{
    ref_tree R = {.n = n, .S = S, .v = v, .fin = force_in, .fout = force_out, .out = out};
    size_t tot = 0;
    for (int d = 0; d <= n; d++)
        tot += (size_t)n * (size_t)(n - d);
    double *buf = malloc(sizeof *buf * (tot + 1));
    R.lev = malloc(sizeof *R.lev * (size_t)(n + 1));
    R.dg = malloc(sizeof *R.dg * (size_t)(n + 1) * (size_t)n);
    R.w = malloc(sizeof *R.w * (size_t)n);
    if (!buf || !R.lev || !R.dg || !R.w) {
        free(buf);
        free(R.lev);
        free(R.dg);
        free(R.w);
        return -1;
    }
    size_t off = 0;
    for (int d = 0; d <= n; d++) {
        R.lev[d] = buf + off;
        off += (size_t)n * (size_t)(n - d);
    }
    for (int i = 0; i < n; i++) {
        R.w[i] = 1.0 - v[i];
        R.dg[i] = S[i * n + i];
        R.sum_s2 += S[i * n + i];
        R.sum_ws2 += (1.0 - v[i]) * S[i * n + i];
    }
    ref_tree_rec(&R, 0, S, R.dg, 0, 0, R.sum_s2, R.sum_ws2);
    for (int k = 0; k < AMMO_NOBJ; k++)
        ammo_track_finish(&out->t[k]);
    free(buf);
    free(R.lev);
    free(R.dg);
    free(R.w);
    return 0;
}

#endif
