/* search.c -- exact maximization of Φ, SS and D over sharing profiles.
 *
 * ammo_search: depth-first include/exclude tree (docs/models/ammo.md).  A node at depth d keeps the
 * columns of the undecided users of the posterior covariance P(T) and diag P(T).
 * Excluding user d costs nothing (the child reads the same columns shifted by one);
 * including d is the rank-1 update:  P ← P − P_{:,d} P_{d,:} / (1 + P_dd).
 * Leaves evaluate
 *     Φ  = Σ_i (σ_i² − P_ii) − Σ_{i∈T} v_i P_ii² / (1 − P_ii)     (Theorem 1 + Theorem 2)
 *     SS = Σ_i (1 − v_i)(σ_i² − P_ii),    D = Σ_{i∈T} (1 − v_i)(σ_i² − P_ii)  (Theorem 6)
 * in O(n).  The first decisions are split into jobs shared by worker threads.
 *
 * ammo_search_naive: one Cholesky per profile (docs/models/ammo.md), the independent check.
 * ammo_local_search: 1-flip local search beyond the exact range (labelled heuristic). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"

/* The hot loops of the tree are worth -O3 (vectorised rank-1 updates) in a -O2 build;
 * the attribute is GCC's own (clang warns on it, which -Werror turns into an error). */
#if defined(__GNUC__) && !defined(__clang__)
#define AMMO_HOT __attribute__((optimize("O3")))
#else
#define AMMO_HOT
#endif

void ammo_track_init(ammo_track *t)
{
    memset(t, 0, sizeof *t);
    t->best = -INFINITY;
}

void ammo_track_free(ammo_track *t)
{
    free(t->val);
    free(t->ssv);
    free(t->msk);
    t->val = t->ssv = NULL;
    t->msk = NULL;
    t->len = t->cap = 0;
}

static double tie_threshold(double best)
{
    return best - AMMO_TIE_REL * fmax(1.0, fabs(best));
}

/* See ammo.h. */
void ammo_track_fix(ammo_track *t, double best)
{
    ammo_track_free(t);
    t->oom = 0;
    t->fixed = 1;
    t->best = best;
    t->thr = tie_threshold(best);
    t->count = 0;
    t->ss_lo = INFINITY;
    t->ss_hi = -INFINITY;
    t->pop = -1;
    t->mask = 0;
}

/* Keeps every offered profile within the tie band of the running best (docs/models/ammo.md);
 * in streaming mode (ammo_track_fix) counts it against the known threshold. */
void ammo_track_add(ammo_track *t, double val, double ss, uint64_t mask)
{
    if (t->fixed) {
        if (!(val >= t->thr))
            return;
        int pop = __builtin_popcountll(mask);
        t->count += 1;
        t->ss_lo = fmin(t->ss_lo, ss);
        t->ss_hi = fmax(t->ss_hi, ss);
        if (pop > t->pop || (pop == t->pop && mask < t->mask)) {
            t->pop = pop;
            t->mask = mask;
        }
        return;
    }
    if (!(val >= tie_threshold(t->best)))
        return;
    if (val > t->best) {
        t->best = val;
        double thr = tie_threshold(val);
        long w = 0;
        for (long r = 0; r < t->len; r++)
            if (t->val[r] >= thr) {
                t->val[w] = t->val[r];
                t->ssv[w] = t->ssv[r];
                t->msk[w] = t->msk[r];
                w++;
            }
        t->len = w;
    }
    if (t->len >= AMMO_MAX_TIES) {
        t->oom = 2;               /* too many tied maximizers to list */
        return;
    }
    if (t->len == t->cap) {
        long nc = t->cap ? 2 * t->cap : 16;
        double *a = realloc(t->val, sizeof *a * (size_t)nc);
        if (a)
            t->val = a;
        double *b = realloc(t->ssv, sizeof *b * (size_t)nc);
        if (b)
            t->ssv = b;
        uint64_t *c = realloc(t->msk, sizeof *c * (size_t)nc);
        if (c)
            t->msk = c;
        if (!a || !b || !c) {
            t->oom = 1;
            return;
        }
        t->cap = nc;
    }
    t->val[t->len] = val;
    t->ssv[t->len] = ss;
    t->msk[t->len] = mask;
    t->len++;
}

/* Canonical maximizer: most sharers, then smallest mask; count and SS range. */
void ammo_track_finish(ammo_track *t)
{
    if (t->fixed)
        return;
    double thr = tie_threshold(t->best);
    t->count = 0;
    t->ss_lo = INFINITY;
    t->ss_hi = -INFINITY;
    t->pop = -1;
    t->mask = 0;
    for (long r = 0; r < t->len; r++) {
        if (!(t->val[r] >= thr))
            continue;
        int pop = __builtin_popcountll(t->msk[r]);
        t->count += 1;
        if (t->ssv[r] < t->ss_lo)
            t->ss_lo = t->ssv[r];
        if (t->ssv[r] > t->ss_hi)
            t->ss_hi = t->ssv[r];
        if (pop > t->pop || (pop == t->pop && t->msk[r] < t->mask)) {
            t->pop = pop;
            t->mask = t->msk[r];
        }
    }
}

void ammo_out_init(ammo_search_out *o)
{
    memset(o, 0, sizeof *o);
    for (int k = 0; k < AMMO_NOBJ; k++)
        ammo_track_init(&o->t[k]);
    for (int k = 0; k < 65; k++)
        o->phik[k] = -INFINITY;
}

void ammo_out_free(ammo_search_out *o)
{
    for (int k = 0; k < AMMO_NOBJ; k++)
        ammo_track_free(&o->t[k]);
}

/* Merges worker output b into a (before finishing). */
static void out_merge(ammo_search_out *a, const ammo_search_out *b)
{
    for (int k = 0; k < AMMO_NOBJ; k++) {
        ammo_track *x = &a->t[k];
        const ammo_track *y = &b->t[k];
        if (x->fixed && y->fixed) {
            x->count += y->count;
            x->ss_lo = fmin(x->ss_lo, y->ss_lo);
            x->ss_hi = fmax(x->ss_hi, y->ss_hi);
            if (y->pop > x->pop || (y->pop == x->pop && y->pop >= 0 && y->mask < x->mask)) {
                x->pop = y->pop;
                x->mask = y->mask;
            }
            continue;
        }
        for (long r = 0; r < y->len; r++)
            ammo_track_add(x, y->val[r], y->ssv[r], y->msk[r]);
        if (y->oom)
            x->oom = y->oom;
    }
    for (int p = 0; p < 65; p++)
        if (b->phik[p] > a->phik[p] ||
            (b->phik[p] == a->phik[p] && b->phik[p] > -INFINITY &&
             b->phik_mask[p] < a->phik_mask[p])) {
            a->phik[p] = b->phik[p];
            a->phik_mask[p] = b->phik_mask[p];
            a->phik_ss[p] = b->phik_ss[p];
        }
    a->leaves += b->leaves;
}

/* ---------------- include/exclude tree ---------------- */

typedef struct tree_shared {
    int n;
    const double *S, *v;
    double sum_s2, sum_ws2;        /* Σ σ², Σ (1-v) σ² */
    double *glb;                   /* v_i g(P_ii(V)): least payment of a sharer (bound) */
    double *dlb;                   /* max(1-v_i, 0) I_i(V): most D a sharer adds (bound) */
    int prune;                     /* skip Φ at leaves that the bound rules out */
    uint64_t fin, fout;
    int kfix;                      /* decisions fixed per job */
    long njobs;
    atomic_long next;
    atomic_int stop;
    const dmx_ctx *ctx;
    double base, span;
} tree_shared;

typedef struct tree_worker {
    tree_shared *sh;
    double *buf;                   /* level buffers: level d holds n*(n-d) doubles */
    double **lev;                  /* lev[d] */
    double *dg;                    /* (n+1)*n diagonals */
    double *w;                     /* 1 - v */
    double thr[AMMO_NOBJ];         /* tie thresholds of the running maxima */
    ammo_search_out out;
    long jobs_done;
    int is_main;
    uint64_t fixbits;
    int rc;
} tree_worker;

/* The threshold below which a value cannot be a maximizer of objective q (yet). */
static void worker_thr(tree_worker *W, int q)
{
    const ammo_track *t = &W->out.t[q];
    W->thr[q] = t->fixed ? t->thr : tie_threshold(t->best);
}

/* The state a node passes down: everything but the column block and the diagonal. */
typedef struct tree_node {
    uint64_t mask;
    int pop;
    double sp, swp, plb, dub;
} tree_node;

/* A leaf: T = mask (pop sharers); sp = Σ P_ii, swp = Σ (1-v_i) P_ii carried down the
 * tree, and two bounds carried the same way: plb = Σ_{i∈T} v_i g(P_ii(V)) and
 * dub = Σ_{i∈T} max(1-v_i, 0) I_i(V).  Φ = Σ σ² - sp - pen with pen = Σ_{i∈T} v_i g(P_ii),
 * g(P) = P²/(1-P) growing in P and P_ii(T) >= P_ii(V), so pen >= plb; D = Σ_{i∈T} (1-v_i)
 * (σ_i² - P_ii) <= dub since I_i(T) <= I_i(V).  A leaf whose bound is below the tie
 * threshold (and, for Φ, below the best Φ with pop sharers) cannot change the result:
 * its O(|T|) loop is skipped.  c, alpha: when non-NULL, the leaf includes the last user
 * and P_ii = diag_i - alpha c_i² is formed here, only for the sharers it needs. */
AMMO_HOT
static void leaf(tree_worker *W, const double *diag, const double *c, double alpha,
                 const tree_node *x)
{
    const tree_shared *sh = W->sh;
    ammo_search_out *o = &W->out;
    const uint64_t mask = x->mask;
    const int pop = x->pop;
    double ub = sh->sum_s2 - x->sp, ss = sh->sum_ws2 - x->swp;
    double slack = AMMO_BOUND_REL * (fabs(ub) > 1.0 ? fabs(ub) : 1.0);
    double b = ub - x->plb + slack;
    int need_phi = !sh->prune || !(b < W->thr[AMMO_OBJ_PHI] && b < o->phik[pop]);
    int need_d = !sh->prune || !(x->dub + slack < W->thr[AMMO_OBJ_DEC]);
    o->leaves += 1;
    if (need_phi || need_d) {
        const double *v = sh->v, *w = W->w, *S = sh->S;
        const int n = sh->n;
        double pen = 0, dd = 0;
        for (uint64_t m = mask; m; m &= m - 1) {      /* sharers only */
            int i = __builtin_ctzll(m);
            double pii = c ? diag[i] - alpha * (c[i] * c[i]) : diag[i];
            pen += v[i] * pii * pii / (1.0 - pii);
            dd += w[i] * (S[i * n + i] - pii);
        }
        double phi = ub - pen;
        if (need_phi && phi >= W->thr[AMMO_OBJ_PHI]) {
            ammo_track_add(&o->t[AMMO_OBJ_PHI], phi, ss, mask);
            worker_thr(W, AMMO_OBJ_PHI);
        }
        if (need_phi &&
            (phi > o->phik[pop] || (phi == o->phik[pop] && mask < o->phik_mask[pop]))) {
            o->phik[pop] = phi;
            o->phik_mask[pop] = mask;
            o->phik_ss[pop] = ss;
        }
        if (need_d && dd >= W->thr[AMMO_OBJ_DEC]) {
            ammo_track_add(&o->t[AMMO_OBJ_DEC], dd, ss, mask);
            worker_thr(W, AMMO_OBJ_DEC);
        }
    }
    if (ss >= W->thr[AMMO_OBJ_SS]) {
        ammo_track_add(&o->t[AMMO_OBJ_SS], ss, ss, mask);
        worker_thr(W, AMMO_OBJ_SS);
    }
}


/* cols: n x (n-d) column-major, column j-d = P[:, j]; diag: P_ii for every user. */
AMMO_HOT
static void rec(tree_worker *W, int d, const double *cols, const double *diag,
                const tree_node *x)
{
    tree_shared *sh = W->sh;
    const int n = sh->n;
    if (d == n) {
        leaf(W, diag, NULL, 0, x);
        return;
    }
    if (n - d == 14 && (atomic_load_explicit(&sh->stop, memory_order_relaxed) ||
                        dmx_cancelled(sh->ctx))) {
        atomic_store(&sh->stop, 1);
        return;
    }
    uint64_t bit = (uint64_t)1 << d;
    int can_in = !(sh->fout & bit), can_out = !(sh->fin & bit);
    if (d < sh->kfix) {
        if (W->fixbits & bit)
            can_out = 0;
        else
            can_in = 0;
    }
    if (can_in && d == n - 1) {            /* the last decision: no columns, no diagonal */
        const double *c = cols, *w = W->w;
        double alpha = 1.0 / (1.0 + c[d]), s1 = 0, s2 = 0;
        for (int k = 0; k < n; k++) {
            double ck2 = c[k] * c[k];
            s1 += ck2;
            s2 += w[k] * ck2;
        }
        tree_node y = {.mask = x->mask | bit, .pop = x->pop + 1, .sp = x->sp - alpha * s1,
                       .swp = x->swp - alpha * s2, .plb = x->plb + sh->glb[d],
                       .dub = x->dub + sh->dlb[d]};
        leaf(W, diag, c, alpha, &y);
        can_in = 0;
    }
    if (can_in) {
        const double *c = cols;            /* P[:, d] */
        double alpha = 1.0 / (1.0 + c[d]);
        double *dst = W->lev[d + 1];
        double *dgn = W->dg + (size_t)(d + 1) * n;
        for (int j = d + 1; j < n; j++) {
            const double *src = cols + (size_t)(j - d) * n;
            double *out = dst + (size_t)(j - d - 1) * n;
            double f = alpha * c[j];
            for (int k = 0; k < n; k++)
                out[k] = src[k] - f * c[k];
        }
        double s1 = 0, s2 = 0;
        const double *w = W->w;
        for (int k = 0; k < n; k++) {
            double ck2 = c[k] * c[k];
            dgn[k] = diag[k] - alpha * ck2;
            s1 += ck2;
            s2 += w[k] * ck2;
        }
        /* Σ P_ii and Σ (1-v_i) P_ii carried down the tree: O(1) per leaf */
        tree_node y = {.mask = x->mask | bit, .pop = x->pop + 1, .sp = x->sp - alpha * s1,
                       .swp = x->swp - alpha * s2, .plb = x->plb + sh->glb[d],
                       .dub = x->dub + sh->dlb[d]};
        rec(W, d + 1, dst, dgn, &y);
    }
    if (can_out)
        rec(W, d + 1, cols + n, diag, x);
}

static void *worker_main(void *arg)
{
    tree_worker *W = arg;
    tree_shared *sh = W->sh;
    const int n = sh->n;
    for (int q = 0; q < AMMO_NOBJ; q++)
        worker_thr(W, q);
    for (;;) {
        if (atomic_load(&sh->stop))
            break;
        if (W->is_main && dmx_cancelled(sh->ctx)) {
            atomic_store(&sh->stop, 1);
            break;
        }
        long job = atomic_fetch_add(&sh->next, 1);
        if (job >= sh->njobs)
            break;
        if (W->is_main && sh->ctx && sh->ctx->progress)
            sh->ctx->progress(sh->ctx->user, sh->base + sh->span * (double)job /
                                                 (double)sh->njobs);
        W->fixbits = (uint64_t)job;
        uint64_t kmask = sh->kfix >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << sh->kfix) - 1);
        if ((W->fixbits & sh->fout & kmask) || (~W->fixbits & sh->fin & kmask))
            continue;                       /* prefix contradicts a forced decision */
        for (int i = 0; i < n; i++)
            W->dg[i] = sh->S[i * n + i];
        tree_node root = {.sp = sh->sum_s2, .swp = sh->sum_ws2};
        rec(W, 0, sh->S, W->dg, &root);     /* Σ symmetric: row = column-major */
        W->jobs_done++;
    }
    return NULL;
}

static int worker_init(tree_worker *W, tree_shared *sh)
{
    const int n = sh->n;
    memset(W, 0, sizeof *W);
    W->sh = sh;
    ammo_out_init(&W->out);
    size_t tot = 0;
    for (int d = 0; d <= n; d++)
        tot += (size_t)n * (size_t)(n - d);
    W->buf = malloc(sizeof *W->buf * (tot + 1));
    W->lev = malloc(sizeof *W->lev * (size_t)(n + 1));
    W->dg = malloc(sizeof *W->dg * (size_t)(n + 1) * (size_t)n + 1);
    W->w = malloc(sizeof *W->w * (size_t)(n > 0 ? n : 1));
    if (!W->buf || !W->lev || !W->dg || !W->w)
        return DMX_EINTERNAL;
    size_t off = 0;
    for (int d = 0; d <= n; d++) {
        W->lev[d] = W->buf + off;
        off += (size_t)n * (size_t)(n - d);
    }
    for (int i = 0; i < n; i++)
        W->w[i] = 1.0 - sh->v[i];
    return DMX_OK;
}

static void worker_free(tree_worker *W)
{
    free(W->buf);
    free(W->lev);
    free(W->dg);
    free(W->w);
    ammo_out_free(&W->out);
}

/* glb[i] = v_i g(P_ii(V)), g(P) = P²/(1-P), P(V) the posterior with everyone sharing:
 * the least payment user i can receive in any profile; dlb[i] = max(1-v_i, 0) I_i(V): the
 * most user i can add to D (bounds for the leaves). */
static int least_payments(int n, const double *S, const double *v, double **glb,
                          double **dlb, dmx_err *e)
{
    double *I = malloc(sizeof *I * (size_t)n);
    unsigned char *all = malloc((size_t)n);
    *glb = calloc((size_t)n, sizeof **glb);
    *dlb = calloc((size_t)n, sizeof **dlb);
    if (!I || !all || !*glb || !*dlb) {
        free(I);
        free(all);
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    }
    memset(all, 1, (size_t)n);
    if (ammo_leaks(n, S, all, I, NULL, NULL, NULL) == DMX_OK) {
        for (int i = 0; i < n; i++) {
            double p = S[i * n + i] - I[i];
            if (p > 0 && p < 1)
                (*glb)[i] = v[i] * p * p / (1.0 - p);
            (*dlb)[i] = v[i] < 1.0 ? (1.0 - v[i]) * I[i] : 0.0;
        }
    } else {                               /* no bound: nothing is skipped */
        for (int i = 0; i < n; i++)
            (*dlb)[i] = INFINITY;
    }
    free(I);
    free(all);
    return DMX_OK;
}

/* See ammo.h. */
int ammo_search(int n, const double *S, const double *v, uint64_t force_in,
                uint64_t force_out, int nthreads, const dmx_ctx *ctx, double base,
                double span, ammo_search_out *out, dmx_err *e)
{
    return ammo_search_ex(n, S, v, force_in, force_out, nthreads, 1, ctx, base, span, out, e);
}

/* See ammo.h.  Errors: DMX_EUSAGE (n out of range), DMX_EINTERNAL (memory, threads),
 * DMX_ECANCELED. */
int ammo_search_ex(int n, const double *S, const double *v, uint64_t force_in,
                   uint64_t force_out, int nthreads, int prune, const dmx_ctx *ctx,
                   double base, double span, ammo_search_out *out, dmx_err *e)
{
    if (n < 1 || n > 62)
        return dmx_err_set(e, DMX_EUSAGE, "exact search: n = %d outside 1..62", n);
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > 16)
        nthreads = 16;
    tree_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.n = n;
    sh.S = S;
    sh.v = v;
    sh.fin = force_in;
    sh.fout = force_out;
    sh.ctx = ctx;
    sh.base = base;
    sh.span = span;
    sh.prune = prune;
    int rc = least_payments(n, S, v, &sh.glb, &sh.dlb, e);
    if (rc != DMX_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        sh.sum_s2 += S[i * n + i];
        sh.sum_ws2 += (1.0 - v[i]) * S[i * n + i];
    }
    int free_after = n > 6 ? n - 6 : 0;   /* leave >= 6 decisions inside a job */
    sh.kfix = n >= 14 ? 8 : 0;
    if (sh.kfix > free_after)
        sh.kfix = free_after;
    sh.njobs = 1L << sh.kfix;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.stop, 0);
    if (nthreads > 1 && sh.njobs < 2 * nthreads)
        nthreads = 1;
    tree_worker *W = calloc((size_t)nthreads, sizeof *W);
    pthread_t *th = calloc((size_t)nthreads, sizeof *th);
    int started = 0;
    if (!W || !th) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_arrays;
    }
    for (int k = 0; k < nthreads; k++) {
        started = k + 1;
        if (worker_init(&W[k], &sh) != DMX_OK) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory (search buffers)");
            goto free_workers;
        }
    }
    W[0].is_main = 1;
    for (int pass = 0; pass < 2; pass++) {
        atomic_store(&sh.next, 0);
        int nth = 0;
        for (int k = 1; k < nthreads; k++) {
            if (pthread_create(&th[k], NULL, worker_main, &W[k]) != 0)
                break;
            nth = k;
        }
        worker_main(&W[0]);
        for (int k = 1; k <= nth; k++)
            pthread_join(th[k], NULL);
        if (atomic_load(&sh.stop)) {
            rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
            goto free_workers;
        }
        for (int k = 0; k < nthreads; k++)
            out_merge(out, &W[k].out);
        int overflow = 0;
        for (int k = 0; k < AMMO_NOBJ; k++) {
            if (out->t[k].oom == 1) {
                rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory (tie lists)");
                goto free_workers;
            }
            overflow |= out->t[k].oom == 2;
        }
        if (!overflow)
            break;
        /* more ties than can be listed: the maxima are exact; a second pass counts the
         * maximizers against the now known thresholds without storing them */
        double best[AMMO_NOBJ];
        for (int k = 0; k < AMMO_NOBJ; k++)
            best[k] = out->t[k].best;
        ammo_out_free(out);
        ammo_out_init(out);
        for (int w = 0; w < nthreads; w++) {
            ammo_out_free(&W[w].out);
            ammo_out_init(&W[w].out);
        }
        for (int k = 0; k < AMMO_NOBJ; k++) {
            ammo_track_fix(&out->t[k], best[k]);
            for (int w = 0; w < nthreads; w++)
                ammo_track_fix(&W[w].out.t[k], best[k]);
        }
    }
    for (int k = 0; k < AMMO_NOBJ; k++)
        ammo_track_finish(&out->t[k]);
free_workers:
    for (int k = 0; k < started; k++)
        worker_free(&W[k]);
free_arrays:
    free(W);
    free(th);
    free(sh.glb);
    free(sh.dlb);
    return rc;
}

/* See ammo.h: the plain per-profile method (docs/models/ammo.md). */
int ammo_search_naive(int n, const double *S, const double *v, uint64_t force_in,
                      uint64_t force_out, const dmx_ctx *ctx, ammo_search_out *out,
                      dmx_err *e)
{
    int rc = DMX_OK;
    if (n < 1 || n > 30)
        return dmx_err_set(e, DMX_EUSAGE, "per-profile method: n = %d outside 1..30", n);
    unsigned char *a = malloc((size_t)n);
    double *I = malloc(sizeof *I * 3 * (size_t)n);
    if (!a || !I) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    double *I0 = I + n, *I1 = I + 2 * n;
    for (uint64_t mask = 0; mask < ((uint64_t)1 << n); mask++) {
        if ((mask & force_out) || (~mask & force_in))
            continue;
        if ((mask & 1023) == 0 && dmx_cancelled(ctx)) {
            rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
            goto free_all;
        }
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(mask >> i & 1);
        rc = ammo_leaks(n, S, a, I, I0, I1, e);
        if (rc != DMX_OK)
            goto free_all;
        double phi, ss, d;
        ammo_objectives(n, v, a, I, I0, I1, &phi, &ss, &d);
        ammo_track_add(&out->t[AMMO_OBJ_PHI], phi, ss, mask);
        ammo_track_add(&out->t[AMMO_OBJ_SS], ss, ss, mask);
        ammo_track_add(&out->t[AMMO_OBJ_DEC], d, ss, mask);
        int pop = __builtin_popcountll(mask);
        if (phi > out->phik[pop]) {
            out->phik[pop] = phi;
            out->phik_mask[pop] = mask;
            out->phik_ss[pop] = ss;
        }
        out->leaves += 1;
    }
    for (int k = 0; k < AMMO_NOBJ; k++) {
        if (out->t[k].oom) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory (tie lists)");
            goto free_all;
        }
        ammo_track_finish(&out->t[k]);
    }
free_all:
    free(a);
    free(I);
    return rc;
}

/* Objective `obj` of profile a by one factorization. */
static int eval_obj(int n, const double *S, const double *v, int obj, const unsigned char *a,
                    double *I, double *val, dmx_err *e)
{
    int rc = ammo_leaks(n, S, a, I, I + n, I + 2 * n, e);
    if (rc != DMX_OK)
        return rc;
    double f[3];
    ammo_objectives(n, v, a, I, I + n, I + 2 * n, &f[0], &f[1], &f[2]);
    *val = f[obj];
    return DMX_OK;
}

/* 1-flip local search from the profile in a (improving flips until none improves by more
 * than AMMO_EQ_REL relative): the result is 1-flip optimal (for SS this is Proposition 1's condition).
 * *bound: a valid upper bound from monotonicity (docs/models/ammo.md, root of branch-and-bound). */
int ammo_local_search(int n, const double *S, const double *v, int obj, unsigned char *a,
                      double *val, double *bound, const dmx_ctx *ctx, dmx_err *e)
{
    int rc = DMX_OK;
    if (n < 1)
        return dmx_err_set(e, DMX_EUSAGE, "local search: empty population");
    double *I = malloc(sizeof *I * 3 * (size_t)n);
    double *IV = malloc(sizeof *IV * 3 * (size_t)n);
    unsigned char *all = malloc((size_t)n);
    if (!I || !IV || !all) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    double cur;
    rc = eval_obj(n, S, v, obj, a, I, &cur, e);
    if (rc != DMX_OK)
        goto free_all;
    for (int improved = 1, rounds = 0; improved && rounds < 10 * n + 10; rounds++) {
        improved = 0;
        for (int i = 0; i < n; i++) {
            if (dmx_cancelled(ctx)) {
                rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
                goto free_all;
            }
            double nv;
            a[i] ^= 1;
            rc = eval_obj(n, S, v, obj, a, I, &nv, e);
            if (rc != DMX_OK)
                goto free_all;
            if (nv > cur + AMMO_EQ_REL * fmax(1.0, fabs(cur))) {
                cur = nv;
                improved = 1;
            } else {
                a[i] ^= 1;
            }
        }
    }
    *val = cur;
    /* bound: Σ_{v<=1} (1-v_i) I_i(V) [+ Σ_i v_i I_i(V \ i) for Φ] */
    memset(all, 1, (size_t)n);
    rc = ammo_leaks(n, S, all, IV, IV + n, IV + 2 * n, e);
    if (rc != DMX_OK)
        goto free_all;
    double b = 0;
    for (int i = 0; i < n; i++) {
        if (v[i] <= 1.0)
            b += (1.0 - v[i]) * IV[i];
        if (obj == AMMO_OBJ_PHI)
            b += v[i] * IV[n + i];
    }
    *bound = b;
free_all:
    free(I);
    free(IV);
    free(all);
    return rc;
}
