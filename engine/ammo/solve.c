/* solve.c -- the three maximizations (Φ: equilibrium, SS: first best, D: de-correlation
 * as in the paper) on a whole instance, with exact reductions (docs/models/ammo.md, "search"):
 * connected components of {Σ_ij ≠ 0} (all objectives are sums over components),
 * community count vectors, Lemma 3 (all v_i < 1 users share in every maximizer of
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

/* Working state of ammo_solve: one component at a time. */
typedef struct solve_ws {
    const ammo_inst *in;
    ammo_sol *s;
    int max_exact, nthreads;
    const dmx_ctx *ctx;
    int *idx, nc;                  /* the component's users */
    double *Sc, *vc;               /* its Σ and values */
    double *nk, *nss;              /* per-popcount convolution scratch */
    unsigned char *na, *ac;
    int covered;                   /* users in components processed so far */
    int ncomp, nheur, nlemma3;
    double done, w;                /* progress */
} solve_ws;

/* Adds a component's maximum of objective q (mask over the component) to the solution. */
static void add_comp_max(solve_ws *x, int q, const ammo_track *t)
{
    ammo_sol *s = x->s;
    s->val[q] += t->best;
    s->count[q] *= t->count;
    s->ss_lo[q] += t->ss_lo;
    s->ss_hi[q] += t->ss_hi;
    for (int i = 0; i < x->nc; i++)
        s->a[q][x->idx[i]] = (unsigned char)(t->mask >> i & 1);
}

/* Per-popcount best Φ: max-plus convolution of the solution so far with component o. */
static void convolve_phik(solve_ws *x, const ammo_search_out *o)
{
    ammo_sol *s = x->s;
    const int n = x->in->n, nc = x->nc;
    for (int t = 0; t <= n; t++) {
        x->nk[t] = -INFINITY;
        x->nss[t] = 0;
    }
    for (int t1 = 0; t1 <= x->covered; t1++) {
        if (s->phik[t1] == -INFINITY)
            continue;
        for (int t2 = 0; t2 <= nc; t2++) {
            if (o->phik[t2] == -INFINITY)
                continue;
            double f = s->phik[t1] + o->phik[t2];
            if (f > x->nk[t1 + t2]) {
                x->nk[t1 + t2] = f;
                x->nss[t1 + t2] = s->phik_ss[t1] + o->phik_ss[t2];
                unsigned char *dst = x->na + (size_t)(t1 + t2) * n;
                memcpy(dst, s->phik_a + (size_t)t1 * n, (size_t)n);
                for (int i = 0; i < nc; i++)
                    dst[x->idx[i]] = (unsigned char)(o->phik_mask[t2] >> i & 1);
            }
        }
    }
    memcpy(s->phik, x->nk, sizeof *x->nk * (size_t)(n + 1));
    memcpy(s->phik_ss, x->nss, sizeof *x->nss * (size_t)(n + 1));
    memcpy(s->phik_a, x->na, ((size_t)n + 1) * (size_t)n);
}

/* A component within the exact range: one include/exclude tree for all objectives. */
static int solve_exact_comp(solve_ws *x, dmx_err *e)
{
    ammo_search_out o;
    ammo_out_init(&o);
    int rc = ammo_search(x->nc, x->Sc, x->vc, 0, 0, x->nthreads, x->ctx, x->done, x->w, &o, e);
    if (rc == DMX_OK) {
        x->s->evaluated += o.leaves;
        for (int q = 0; q < AMMO_NOBJ; q++)
            add_comp_max(x, q, &o.t[q]);
        convolve_phik(x, &o);
    }
    ammo_out_free(&o);
    return rc;
}

/* Lemma 3 (Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022)): every maximizer of Φ contains
 * all v_i < 1 users, so fixing them loses no maximizer (the tie count stays exact).  The
 * forced users are moved to the front of the component (a stable partition), so the tree
 * includes them once at its top instead of on every path; the free users keep their
 * order, and since every maximizer has all forced bits set, the canonical maximizer (most
 * sharers, then smallest mask) is the same as in the original order. */
static int solve_lemma3(solve_ws *x, dmx_err *e)
{
    const int nc = x->nc;
    int *perm = malloc(sizeof *perm * (size_t)nc), *idx0 = malloc(sizeof *idx0 * (size_t)nc);
    double *Sp = malloc(sizeof *Sp * (size_t)nc * (size_t)nc), *vp = malloc(sizeof *vp * (size_t)nc);
    int rc = DMX_OK, f = 0;
    if (!perm || !idx0 || !Sp || !vp)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    for (int pass = 0; rc == DMX_OK && pass < 2; pass++)
        for (int i = 0; i < nc; i++)
            if ((x->vc[i] < 1.0) == (pass == 0))
                perm[f++] = i;
    if (rc == DMX_OK) {
        int nf = 0;
        for (int a = 0; a < nc; a++) {
            vp[a] = x->vc[perm[a]];
            nf += vp[a] < 1.0;
            for (int b = 0; b < nc; b++)
                Sp[a * nc + b] = x->Sc[perm[a] * nc + perm[b]];
        }
        uint64_t fin = nf >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << nf) - 1);
        ammo_search_out o;
        ammo_out_init(&o);
        rc = ammo_search(nc, Sp, vp, fin, 0, x->nthreads, x->ctx, x->done, x->w, &o, e);
        if (rc == DMX_OK) {
            x->nlemma3++;
            x->s->evaluated += o.leaves;
            memcpy(idx0, x->idx, sizeof *idx0 * (size_t)nc);
            for (int a = 0; a < nc; a++)
                x->idx[a] = idx0[perm[a]];
            add_comp_max(x, AMMO_OBJ_PHI, &o.t[AMMO_OBJ_PHI]);
            memcpy(x->idx, idx0, sizeof *idx0 * (size_t)nc);
        }
        ammo_out_free(&o);
    }
    free(perm);
    free(idx0);
    free(Sp);
    free(vp);
    return rc;
}

/* A component beyond the exact range: Lemma 3 for Φ when the high-value users fit,
 * otherwise the labelled heuristic with its bound. */
static int solve_large_comp(solve_ws *x, dmx_err *e)
{
    ammo_sol *s = x->s;
    const int nc = x->nc;
    int h = 0, rc = DMX_OK;
    s->have_phik = 0;
    for (int i = 0; i < nc; i++)
        h += x->vc[i] >= 1.0;
    for (int q = 0; q < AMMO_NOBJ && rc == DMX_OK; q++) {
        if (q == AMMO_OBJ_PHI && nc <= 62 && h <= x->max_exact) {
            rc = solve_lemma3(x, e);
            continue;
        }
        double val, ss, bound;
        rc = heuristic(nc, x->Sc, x->vc, q, x->ac, &val, &ss, &bound, x->ctx, e);
        if (rc != DMX_OK)
            break;
        x->nheur++;
        s->exact[q] = 0;
        s->val[q] += val;
        s->gap[q] += fmax(0.0, bound - val);
        s->count[q] = NAN;
        s->ss_lo[q] += ss;
        s->ss_hi[q] += ss;
        for (int i = 0; i < nc; i++)
            s->a[q][x->idx[i]] = x->ac[i];
    }
    return rc;
}

static void solve_init(ammo_sol *s, int n)
{
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
}

static void solve_how(const solve_ws *x)
{
    ammo_sol *s = x->s;
    if (x->nheur == 0 && x->nlemma3 == 0)
        snprintf(s->how, sizeof s->how, "exact, include/exclude tree, %.0f profiles, "
                 "%d component%s", s->evaluated, x->ncomp, x->ncomp == 1 ? "" : "s");
    else
        snprintf(s->how, sizeof s->how, "%s: %.0f profiles enumerated%s, %d component%s; "
                 "heuristic parts are 1-flip optimal",
                 x->nheur ? (s->evaluated > 0 ? "partly heuristic" : "heuristic") : "exact",
                 s->evaluated, x->nlemma3 ? " (Lemma 3 reduction for Φ)" : "", x->ncomp,
                 x->ncomp == 1 ? "" : "s");
}

/* See ammo.h.  Errors: DMX_EINTERNAL, DMX_ECANCELED, DMX_EDATA. */
int ammo_solve(const ammo_inst *in, int max_exact, int nthreads, const dmx_ctx *ctx,
               ammo_sol *s, dmx_err *e)
{
    if (in->K > 0)
        return ammo_comm_solve(in, ctx, s, e);
    const int n = in->n;
    int rc = DMX_OK;
    solve_ws x = {.in = in, .s = s, .max_exact = max_exact > AMMO_MAX_EXACT ? AMMO_MAX_EXACT
                                                                            : max_exact,
                  .nthreads = nthreads, .ctx = ctx};
    int *par = malloc(sizeof *par * (size_t)n);
    x.idx = malloc(sizeof *x.idx * (size_t)n);
    x.Sc = malloc(sizeof *x.Sc * (size_t)n * (size_t)n);
    x.vc = malloc(sizeof *x.vc * (size_t)n);
    x.nk = malloc(sizeof *x.nk * (size_t)(n + 1));
    x.nss = malloc(sizeof *x.nss * (size_t)(n + 1));
    x.na = malloc(((size_t)n + 1) * (size_t)n);
    x.ac = malloc((size_t)n);
    if (!par || !x.idx || !x.Sc || !x.vc || !x.nk || !x.nss || !x.na || !x.ac) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (int i = 0; i < n; i++)
        par[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (in->S[i * n + j] != 0.0)
                par[uf_find(par, i)] = uf_find(par, j);
    double total = 0;
    for (int r = 0; r < n; r++)
        if (uf_find(par, r) == r) {
            int sz = 0;
            for (int i = 0; i < n; i++)
                sz += uf_find(par, i) == r;
            total += ldexp(1.0, sz > x.max_exact ? 10 : sz);
        }
    solve_init(s, n);
    for (int r = 0; r < n && rc == DMX_OK; r++) {
        if (uf_find(par, r) != r)
            continue;
        x.nc = 0;
        for (int i = 0; i < n; i++)
            if (uf_find(par, i) == r)
                x.idx[x.nc++] = i;
        x.ncomp++;
        for (int a = 0; a < x.nc; a++) {
            x.vc[a] = in->v[x.idx[a]];
            for (int b = 0; b < x.nc; b++)
                x.Sc[a * x.nc + b] = in->S[x.idx[a] * n + x.idx[b]];
        }
        x.w = ldexp(1.0, x.nc > x.max_exact ? 10 : x.nc) / total;
        rc = x.nc <= x.max_exact ? solve_exact_comp(&x, e) : solve_large_comp(&x, e);
        x.covered += x.nc;
        x.done += x.w;
    }
    if (rc == DMX_OK)
        solve_how(&x);
free_all:
    free(par);
    free(x.idx);
    free(x.Sc);
    free(x.vc);
    free(x.nk);
    free(x.nss);
    free(x.na);
    free(x.ac);
    return rc;
}

/* Communities: the search visits every count vector, Π_g (m_g + 1) of them (communities.c),
 * at most AMMO_COMM_MAXVEC.  Measured on a 2-core x86-64 (dmx eval, figure none, K = 2..8
 * communities, 36 k to 19 M vectors): 0.34 K² to 0.86 K² µs per vector, so the estimate is
 * AMMO_COST_VEC K² per vector. */
#define AMMO_COST_VEC 1e-6
static int comm_budget_check(const ammo_inst *in, double budget, dmx_err *e)
{
    double nvec = 1;
    for (int g = 0; g < in->K; g++)
        nvec *= in->m[g] + 1;
    if (nvec > AMMO_COMM_MAXVEC)
        return dmx_err_set(e, DMX_EDATA, "communities: %d communities give %.3g count "
                           "vectors (the product of size + 1), more than the %.0e the search enumerates; use fewer or "
                           "smaller communities", in->K, nvec, (double)AMMO_COMM_MAXVEC);
    double secs = AMMO_COST_VEC * in->K * in->K * nvec;
    if (secs <= budget)
        return DMX_OK;
    return dmx_err_set(e, DMX_EDATA, "communities: the search over %.3g count vectors of %d "
                       "communities would take about %.3g CPU s, over the budget of %g s; "
                       "raise it for a batch run (--set budget=%.0f) or use fewer or smaller "
                       "communities", nvec, in->K, secs, budget, ceil(1.5 * secs));
}

/* Estimated CPU seconds of the search for component sizes and methods (see ammo.h). */
int ammo_budget_check(const ammo_inst *in, int max_exact, double budget, dmx_err *e)
{
    if (in->K > 0)
        return comm_budget_check(in, budget, e);
    const int n = in->n;
    if (max_exact > AMMO_MAX_EXACT)
        max_exact = AMMO_MAX_EXACT;
    int *par = malloc(sizeof *par * (size_t)n);
    if (!par)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    for (int i = 0; i < n; i++)
        par[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (in->S[i * n + j] != 0.0)
                par[uf_find(par, i)] = uf_find(par, j);
    double secs = 0, worst = 0;
    char what[96] = "";
    for (int r = 0; r < n; r++) {
        if (uf_find(par, r) != r)
            continue;
        int nc = 0, h = 0;
        for (int i = 0; i < n; i++)
            if (uf_find(par, i) == r) {
                nc++;
                h += in->v[i] >= 1.0;
            }
        double t;
        char w[96];
        if (nc <= max_exact) {
            t = AMMO_COST_LEAF * nc * ldexp(1.0, nc);
            snprintf(w, sizeof w, "the exact search of a %d-user component", nc);
        } else {
            double hc = AMMO_COST_FLIP * pow((double)nc, 4);
            t = h <= max_exact && nc <= 62 ? AMMO_COST_LEAF * nc * ldexp(1.0, h) + 2 * hc
                                           : 3 * hc;
            snprintf(w, sizeof w, "the %s of a %d-user component",
                     h <= max_exact && nc <= 62 ? "Lemma 3 search and local search"
                                                : "local search", nc);
        }
        secs += t;
        if (t > worst) {
            worst = t;
            snprintf(what, sizeof what, "%s", w);
        }
    }
    free(par);
    if (n <= max_exact) {               /* the literal de-correlation mediator */
        double t = AMMO_COST_LEAF * n * ldexp(1.0, n);
        secs += t;
        if (t > worst)
            snprintf(what, sizeof what, "the literal de-correlation over %d users", n);
    }
    if (secs <= budget)
        return DMX_OK;
    int heur = strncmp(what, "the local search", 16) == 0;
    return dmx_err_set(e, DMX_EDATA, "n = %d users: %s would take about %.3g CPU s, over the "
                       "budget of %g s; raise it for a batch run (--set budget=%.0f)%s", n,
                       what, secs, budget, ceil(1.5 * secs),
                       heur ? "" : " or lower max_exact for the labelled heuristic");
}
