/* solve.c -- the three maximizations (Φ: equilibrium, SS: first best, D: de-correlation
 * as in the paper) on a whole instance, with the exact reductions of spec §8.3:
 * connected components of {Σ_ij ≠ 0} (all objectives are sums over components),
 * community count vectors (§8.4), Lemma 3 (all v_i < 1 users share in every maximizer of
 * Φ) and, beyond the exact range, a labelled 1-flip heuristic with an upper bound. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"

int ammo_sol_alloc(ammo_sol *s, int n, dmx_err *e)
{
    memset(s, 0, sizeof *s);
    for (int q = 0; q < AMMO_NOBJ; q++)
        s->a[q] = calloc((size_t)n, 1);
    s->phik = calloc((size_t)n + 1, sizeof *s->phik);
    s->phik_ss = calloc((size_t)n + 1, sizeof *s->phik_ss);
    s->phik_a = calloc(((size_t)n + 1) * (size_t)n, 1);
    if (!s->a[0] || !s->a[1] || !s->a[2] || !s->phik || !s->phik_ss || !s->phik_a) {
        ammo_sol_free(s);
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    }
    return DMX_OK;
}

void ammo_sol_free(ammo_sol *s)
{
    for (int q = 0; q < AMMO_NOBJ; q++)
        free(s->a[q]);
    free(s->phik);
    free(s->phik_ss);
    free(s->phik_a);
    memset(s, 0, sizeof *s);
}

static int uf_find(int *par, int i)
{
    while (par[i] != i)
        i = par[i] = par[par[i]];
    return i;
}

/* Heuristic for a component too large to enumerate: objective q from a start profile. */
static int heuristic(int nc, const double *Sc, const double *vc, int q, unsigned char *a,
                     double *val, double *ss, double *bound, const dmx_ctx *ctx, dmx_err *e)
{
    for (int i = 0; i < nc; i++)
        a[i] = (unsigned char)(vc[i] < 1.0);
    int rc = ammo_local_search(nc, Sc, vc, q, a, val, bound, ctx, e);
    if (rc != DMX_OK)
        return rc;
    double *I = malloc(sizeof *I * 3 * (size_t)nc);
    if (!I)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    rc = ammo_leaks(nc, Sc, a, I, I + nc, I + 2 * nc, e);
    if (rc == DMX_OK)
        ammo_objectives(nc, vc, a, I, I + nc, I + 2 * nc, NULL, ss, NULL);
    free(I);
    return rc;
}

/* See ammo.h.  Errors: DMX_EINTERNAL, DMX_ECANCELED, DMX_EDATA. */
int ammo_solve(const ammo_inst *in, int max_exact, int nthreads, const dmx_ctx *ctx,
               ammo_sol *s, dmx_err *e)
{
    if (in->K > 0)
        return ammo_comm_solve(in, ctx, s, e);
    const int n = in->n;
    int rc = DMX_OK, ncomp = 0, nheur = 0, nlemma3 = 0;
    if (max_exact > AMMO_MAX_EXACT)
        max_exact = AMMO_MAX_EXACT;
    int *par = malloc(sizeof *par * (size_t)n), *idx = malloc(sizeof *idx * (size_t)n);
    double *Sc = malloc(sizeof *Sc * (size_t)n * (size_t)n), *vc = malloc(sizeof *vc * (size_t)n);
    double *nk = malloc(sizeof *nk * (size_t)(n + 1)), *nss = malloc(sizeof *nss * (size_t)(n + 1));
    unsigned char *na = malloc(((size_t)n + 1) * (size_t)n), *ac = malloc((size_t)n);
    if (!par || !idx || !Sc || !vc || !nk || !nss || !na || !ac) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (int i = 0; i < n; i++)
        par[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (in->S[i * n + j] != 0.0)
                par[uf_find(par, i)] = uf_find(par, j);
    double total = 0, done = 0;
    for (int r = 0; r < n; r++)
        if (uf_find(par, r) == r) {
            int sz = 0;
            for (int i = 0; i < n; i++)
                sz += uf_find(par, i) == r;
            total += ldexp(1.0, sz > max_exact ? 10 : sz);
        }
    for (int q = 0; q < AMMO_NOBJ; q++) {
        s->val[q] = 0;
        s->count[q] = 1;
        s->ss_lo[q] = s->ss_hi[q] = 0;
        s->exact[q] = 1;
        s->gap[q] = 0;
        memset(s->a[q], 0, (size_t)n);
    }
    s->have_phik = 1;
    for (int t = 0; t <= n; t++)
        s->phik[t] = t == 0 ? 0.0 : -INFINITY;
    s->phik_ss[0] = 0;
    memset(s->phik_a, 0, ((size_t)n + 1) * (size_t)n);
    int covered = 0;                     /* users in components processed so far */
    for (int r = 0; r < n; r++) {
        if (uf_find(par, r) != r)
            continue;
        int nc = 0;
        for (int i = 0; i < n; i++)
            if (uf_find(par, i) == r)
                idx[nc++] = i;
        ncomp++;
        for (int x = 0; x < nc; x++) {
            vc[x] = in->v[idx[x]];
            for (int y = 0; y < nc; y++)
                Sc[x * nc + y] = in->S[idx[x] * n + idx[y]];
        }
        double w = ldexp(1.0, nc > max_exact ? 10 : nc) / total;
        if (nc <= max_exact) {
            ammo_search_out o;
            ammo_out_init(&o);
            rc = ammo_search(nc, Sc, vc, 0, 0, nthreads, ctx, done, w, &o, e);
            if (rc != DMX_OK) {
                ammo_out_free(&o);
                goto free_all;
            }
            s->evaluated += o.leaves;
            for (int q = 0; q < AMMO_NOBJ; q++) {
                s->val[q] += o.t[q].best;
                s->count[q] *= o.t[q].count;
                s->ss_lo[q] += o.t[q].ss_lo;
                s->ss_hi[q] += o.t[q].ss_hi;
                for (int x = 0; x < nc; x++)
                    s->a[q][idx[x]] = (unsigned char)(o.t[q].mask >> x & 1);
            }
            /* per-popcount best Φ: max-plus convolution with this component */
            for (int t = 0; t <= n; t++) {
                nk[t] = -INFINITY;
                nss[t] = 0;
            }
            for (int t1 = 0; t1 <= covered; t1++) {
                if (s->phik[t1] == -INFINITY)
                    continue;
                for (int t2 = 0; t2 <= nc; t2++) {
                    if (o.phik[t2] == -INFINITY)
                        continue;
                    double f = s->phik[t1] + o.phik[t2];
                    if (f > nk[t1 + t2]) {
                        nk[t1 + t2] = f;
                        nss[t1 + t2] = s->phik_ss[t1] + o.phik_ss[t2];
                        unsigned char *dst = na + (size_t)(t1 + t2) * n;
                        memcpy(dst, s->phik_a + (size_t)t1 * n, (size_t)n);
                        for (int x = 0; x < nc; x++)
                            dst[idx[x]] = (unsigned char)(o.phik_mask[t2] >> x & 1);
                    }
                }
            }
            memcpy(s->phik, nk, sizeof *nk * (size_t)(n + 1));
            memcpy(s->phik_ss, nss, sizeof *nss * (size_t)(n + 1));
            memcpy(s->phik_a, na, ((size_t)n + 1) * (size_t)n);
            ammo_out_free(&o);
        } else {
            s->have_phik = 0;
            int h = 0;
            uint64_t fin = 0;
            for (int x = 0; x < nc; x++) {
                if (vc[x] >= 1.0)
                    h++;
                else if (x < 64)
                    fin |= (uint64_t)1 << x;
            }
            for (int q = 0; q < AMMO_NOBJ; q++) {
                if (q == AMMO_OBJ_PHI && nc <= 62 && h <= max_exact) {
                    /* Lemma 3 (spec §3.3): every maximizer of Φ contains all v_i < 1 users,
                     * so fixing them loses no maximizer (tie count stays exact). */
                    ammo_search_out o;
                    ammo_out_init(&o);
                    rc = ammo_search(nc, Sc, vc, fin, 0, nthreads, ctx, done, w, &o, e);
                    if (rc != DMX_OK) {
                        ammo_out_free(&o);
                        goto free_all;
                    }
                    nlemma3++;
                    s->evaluated += o.leaves;
                    s->val[q] += o.t[q].best;
                    s->count[q] *= o.t[q].count;
                    s->ss_lo[q] += o.t[q].ss_lo;
                    s->ss_hi[q] += o.t[q].ss_hi;
                    for (int x = 0; x < nc; x++)
                        s->a[q][idx[x]] = (unsigned char)(o.t[q].mask >> x & 1);
                    ammo_out_free(&o);
                    continue;
                }
                double val, ss, bound;
                rc = heuristic(nc, Sc, vc, q, ac, &val, &ss, &bound, ctx, e);
                if (rc != DMX_OK)
                    goto free_all;
                nheur++;
                s->exact[q] = 0;
                s->val[q] += val;
                s->gap[q] += fmax(0.0, bound - val);
                s->count[q] = NAN;
                s->ss_lo[q] += ss;
                s->ss_hi[q] += ss;
                for (int x = 0; x < nc; x++)
                    s->a[q][idx[x]] = ac[x];
            }
        }
        covered += nc;
        done += w;
    }
    if (nheur == 0 && nlemma3 == 0)
        snprintf(s->how, sizeof s->how, "exact, include/exclude tree, %.0f profiles, "
                 "%d component%s", s->evaluated, ncomp, ncomp == 1 ? "" : "s");
    else
        snprintf(s->how, sizeof s->how, "%s: %.0f profiles enumerated%s, %d component%s; "
                 "heuristic parts are 1-flip optimal", nheur ? (s->evaluated > 0 ? "partly heuristic" : "heuristic") : "exact",
                 s->evaluated, nlemma3 ? " (Lemma 3 reduction for Φ)" : "", ncomp,
                 ncomp == 1 ? "" : "s");
free_all:
    free(par);
    free(idx);
    free(Sc);
    free(vc);
    free(nk);
    free(nss);
    free(na);
    free(ac);
    return rc;
}
