/* search.c -- exact maximization of Φ, SS and D over sharing profiles.
 *
 * ammo_search: depth-first include/exclude tree (docs/models/ammo.md).  A node at depth d keeps the
 * columns of the undecided users of the posterior covariance P(T) and diag P(T).
 * Excluding user d costs nothing (the child reads the same columns shifted by one);
 * including d is the rank-1 update:  P ← P − P_{:,d} P_{d,:} / (1 + P_dd).
 * Leaves evaluate
 *     Φ  = Σ_i (σ_i² − P_ii) − Σ_{i∈T} v_i P_ii² / (1 − P_ii)     (Theorem 1 + Theorem 2)
 *     SS = Σ_i (1 − v_i)(σ_i² − P_ii),    D = Σ_{i∈T} (1 − v_i)(σ_i² − P_ii)  (Theorem 6)
 * SS in O(1) from sums carried down the tree; Φ and D in O(|T|) only where bounds carried
 * the same way say the leaf can matter (leaf_eval()).  The last three decisions of a path
 * are one pass over the rows (last3()); the first ones are split into jobs shared by worker
 * threads.  Every profile's values come from the same floating-point operations in the same
 * order as in the plain level-by-level tree (tests/unit/ammo_tree_ref.h checks it bit for
 * bit), so the bounds and the specialisations change only how much is computed.
 *
 * ammo_search_naive: one Cholesky per profile (docs/models/ammo.md), the independent check.
 * ammo_local_search: 1-flip local search beyond the exact range (labelled heuristic). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"

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

/* The tree's hot functions are worth -O3 (vectorised loops) in a -O2 build (the attribute is
 * GCC's own; clang warns on it, which -Werror turns into an error), and they are compiled
 * twice, for AVX2+FMA and for the baseline, and the loader picks one per CPU (GCC's target_clones; the binary still runs without AVX2).
 * Neither clone contracts a*b+c into an FMA (-std=c11 implies -ffp-contract=off), so both
 * round every operation exactly as written: the values are the same bit for bit. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(__SANITIZE_THREAD__)
/* (not under ThreadSanitizer: the clones' ifunc resolver runs while the dynamic loader
 * relocates, before the TSan runtime exists, and crashes there) */
#define AMMO_CLONES __attribute__((optimize("O3"), target_clones("avx2,fma", "default")))
#elif defined(__GNUC__) && !defined(__clang__)
#define AMMO_CLONES __attribute__((optimize("O3")))
#else
#define AMMO_CLONES
#endif

/* The pieces of the hot functions, inlined into each clone. */
#if defined(__GNUC__)
#define AMMO_INLINE static inline __attribute__((always_inline))
#else
#define AMMO_INLINE static inline
#endif

/* Four doubles as one value (GCC/clang vector extension: SSE2 pairs or one AVX register):
 * lane-wise +, -, * round each lane exactly like the scalar operation. */
typedef double v4d __attribute__((vector_size(32)));
typedef long v4l __attribute__((vector_size(32)));
/* Lanes i0..i3 of the eight lanes of (a, b). */
#if defined(__clang__)
#define V4_SHUFFLE(a, b, i0, i1, i2, i3) __builtin_shufflevector(a, b, i0, i1, i2, i3)
#else
#define V4_SHUFFLE(a, b, i0, i1, i2, i3) __builtin_shuffle(a, b, (v4l){i0, i1, i2, i3})
#endif

typedef struct tree_shared {
    int n, np;                     /* users; rows of a stored column (n rounded up to 4) */
    int ncm;                       /* users whose columns are stored one after the other */
    const double *S, *v;
    double *Sp;                    /* Σ in the layout of a level buffer (below) */
    double sum_s2, sum_ws2;        /* Σ σ², Σ (1-v) σ² */
    double *glb;                   /* n: least payment of a sharer (bound, see leaf_eval()) */
    double *u, *kap;               /* n: slope and intercept of the tangent payment bound */
    double *dlb;                   /* n: most D a sharer adds (bound) */
    double gphi, gd;               /* magnitudes behind the bounds' slack (see leaf_eval()) */
    double slack_phi, slack_d;     /* the slack itself */
    int allow3;                    /* bit m: users n-3.. sharing as in m (3 bits) is allowed */
    v4d k3[2], g3[2], d3[2];       /* Σ kap, Σ glb, Σ dlb over a, b, c on the eight paths */
    int prune;                     /* skip Φ and D at leaves that the bounds rule out */
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
    /* level buffers: at depth d the columns of users d..ncm-1 (np rows each, zero rows
     * below n), then, for n >= 3, those of the last three users a, b, c interleaved by row:
     * np rows [P_ka P_kb P_kc P_kc] (what last3() reads with one load) */
    double *buf;
    double **lev;                  /* lev[d] */
    double *dg;                    /* (n+1)*np diagonals */
    double *w;                     /* np: 1 - v (0 in the padding) */
    double *um;                    /* np: u_i for the sharers decided so far, 0 elsewhere */
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
    double sp, swp;                /* Σ_i P_ii, Σ_i (1-v_i) P_ii (exact, in path order) */
    double plb, kt, lt;            /* Σ_T glb_i, Σ_T kap_i, Σ_T u_i P_ii (Φ bounds) */
    double dub;                    /* Σ_T dlb_i (D bound) */
} tree_node;

/* The last three decisions of a path (users a = n-3, b = n-2, c = n-1), done by last3()
 * without level buffers.  With A, B, C the columns of P for a, b, c at the node, including
 * a, then b, then c gives the columns (each formed exactly as the rank-1 update of the
 * level-by-level tree forms it):
 *     B1 = B - fB A, C1 = C - fC A        (fB = aA A_b, fC = aA A_c, aA = 1/(1+A_a))
 *     C2 = C1 - fC1 B1                    (fC1 = aB1 B1_c, aB1 = 1/(1+B1_b))
 *     C3 = C - fCB B                      (fCB = aB B_c, aB = 1/(1+B_b))
 * and the leaves' last inclusions use C2, C1, C3, C with aC2, aC1, aC3, aC. */
typedef struct last3_k {
    const double *A, *B, *C, *D;   /* the node's three columns (row k at [4k]) and diagonal */
    double aA, fB, fC, aB1, fC1, aB, fCB, aC2, aC1, aC3, aC;
} last3_k;

/* P_ii of a leaf below last3(): path bits 4, 2, 1 = a, b, c included.  The same operations
 * in the same order as the level-by-level tree (diag - alpha c², column by column). */
static double last3_pii(const last3_k *K, int path, int i)
{
    double p = K->D[i], ai = K->A[4 * i], bi = K->B[4 * i], ci = K->C[4 * i];
    if (path & 4) {
        p = p - K->aA * (ai * ai);
        double b1 = bi - K->fB * ai, c1 = ci - K->fC * ai;
        if (path & 2) {
            p = p - K->aB1 * (b1 * b1);
            double c2 = c1 - K->fC1 * b1;
            if (path & 1)
                p = p - K->aC2 * (c2 * c2);
        } else if (path & 1) {
            p = p - K->aC1 * (c1 * c1);
        }
    } else if (path & 2) {
        p = p - K->aB * (bi * bi);
        double c3 = ci - K->fCB * bi;
        if (path & 1)
            p = p - K->aC3 * (c3 * c3);
    } else if (path & 1) {
        p = p - K->aC * (ci * ci);
    }
    return p;
}

/* Where a leaf finds P_ii of its sharers: below last3() (K, path), or diag with an optional
 * last inclusion (c, alpha) in the level-by-level part (n < 3). */
typedef struct leaf_src {
    const last3_k *K;
    int path;
    const double *diag, *c;
    double alpha;
} leaf_src;

/* A leaf: T = mask (pop sharers); sp = Σ_i P_ii and swp = Σ_i (1-v_i) P_ii are carried down
 * the tree in path order (they are the exact values reported: SS = Σ(1-v)σ² - swp for every
 * leaf, and Φ = Σσ² - sp - pen).  pen = Σ_{i∈T} v_i g(P_ii), g(P) = P²/(1-P), and
 * D = Σ_{i∈T} (1-v_i)(σ_i² - P_ii) cost O(|T|) with a division per sharer; bounds carried down
 * the tree in O(1) per leaf skip them where they cannot change the result.
 *
 * Bounds.  For a sharer i, P_ii = P_ii(T) lies in [P_ii(V), σ_i²/(1+σ_i²)] (leaks grow with
 * the set of sharers, Lemma 1: P(V) <= P(T) <= P({i}) on the diagonal), and below 1, where g
 * is increasing and convex (g'' = 2/(1-P)³ > 0).  So, for v_i >= 0 and any a_i in [0, 1):
 *     v_i g(P_ii) >= glb_i = v_i g(P_ii(V))                          (monotone)
 *     v_i g(P_ii) >= v_i [g(a_i) + g'(a_i)(P_ii - a_i)] = kap_i + u_i P_ii   (tangent)
 * with u_i = v_i g'(a_i) >= 0; a_i is the midpoint of the interval (any point is valid; at the
 * midpoint the tangent is tight for typical sharers: on the random dense instances of
 * bench_ammo 0.8% of the leaves still evaluate Φ at n = 16, under 0.1% from n = 20 on).  For v_i < 0 (not reachable from the model,
 * whose values are >= 0, but allowed by this API) v_i g(P_ii) >= v_i g(σ_i²/(1+σ_i²)) =
 * glb_i = kap_i, u_i = 0.  Summing over T, pen >= max(plb, kt + lt) with plb = Σ_T glb_i,
 * kt = Σ_T kap_i, lt = Σ_T u_i P_ii(T).  lt changes with every later inclusion and is carried
 * like sp: including user d lowers every P_kk by α c_k², so lt -= α Σ_{k∈T} u_k c_k², and then
 * adds u_d P_dd.  For D, with I_i(T) = σ_i² - P_ii(T) in [I_i({i}), I_i(V)],
 * (1-v_i) I_i(T) <= dlb_i = (1-v_i) I_i(V) if v_i <= 1, (1-v_i) I_i({i}) otherwise, and
 * D <= dub = Σ_T dlb_i.
 *
 * Rounding.  Φ as the leaf computes it and the bound differ from their exact values by at
 * most a few n² ε times gphi = Σ_i |v_i| (g(σ_i²/(1+σ_i²)) + g'(σ_i²/(1+σ_i²)) σ_i²)
 * + u_i σ_i² + |kap_i| (every term of pen and of the carried sums, and the change of a term
 * under the rounding of P_ii, a sum of <= n rank-1 updates each <= σ_i² in size) plus
 * n ε |ub|; D and dub likewise with gd = Σ_i |1-v_i| σ_i².  n <= 62 and ε = 1.1e-16 make that
 * < 1e-12 gphi, far below the slack AMMO_BOUND_REL (1 + Σ_i σ_i² + gphi) (|ub| <= Σ_i σ_i²);
 * for D the slack is AMMO_BOUND_REL (1 + gd) (|dub| <= gd).  A leaf skips Φ only
 * when its bound plus slack is below the tie threshold of the running maximum and below the
 * best Φ with pop sharers (so neither the maximizer, the tie set, its SS range nor the
 * per-size best can change); it skips D when dub plus slack is below D's threshold. */
static void leaf_eval(tree_worker *W, const tree_node *x, const leaf_src *src, int need_phi,
                      int need_d, double ub, double ss)
{
    const tree_shared *sh = W->sh;
    ammo_search_out *o = &W->out;
    const uint64_t mask = x->mask;
    const int pop = x->pop, n = sh->n;
    const double *v = sh->v, *w = W->w, *S = sh->S;
    double pen = 0, dd = 0;
    for (uint64_t m = mask; m; m &= m - 1) {      /* sharers only */
        int i = __builtin_ctzll(m);
        double pii = src->K ? last3_pii(src->K, src->path, i)
                     : src->c ? src->diag[i] - src->alpha * (src->c[i] * src->c[i])
                              : src->diag[i];
        pen += v[i] * pii * pii / (1.0 - pii);
        dd += w[i] * (S[i * n + i] - pii);
    }
    double phi = ub - pen;
    if (need_phi && phi >= W->thr[AMMO_OBJ_PHI]) {
        ammo_track_add(&o->t[AMMO_OBJ_PHI], phi, ss, mask);
        worker_thr(W, AMMO_OBJ_PHI);
    }
    if (need_phi && (phi > o->phik[pop] || (phi == o->phik[pop] && mask < o->phik_mask[pop]))) {
        o->phik[pop] = phi;
        o->phik_mask[pop] = mask;
        o->phik_ss[pop] = ss;
    }
    if (need_d && dd >= W->thr[AMMO_OBJ_DEC]) {
        ammo_track_add(&o->t[AMMO_OBJ_DEC], dd, ss, mask);
        worker_thr(W, AMMO_OBJ_DEC);
    }
}

/* See leaf_eval() for the bounds. */
static inline void leaf(tree_worker *W, const tree_node *x, const leaf_src *src)
{
    const tree_shared *sh = W->sh;
    ammo_search_out *o = &W->out;
    double ub = sh->sum_s2 - x->sp, ss = sh->sum_ws2 - x->swp;
    double tan = x->kt + x->lt;
    double b = ub - (tan > x->plb ? tan : x->plb) + sh->slack_phi;
    double db = x->dub + sh->slack_d;
    int need_phi = !sh->prune || !(b < W->thr[AMMO_OBJ_PHI] && b < o->phik[x->pop]);
    int need_d = !sh->prune || !(db < W->thr[AMMO_OBJ_DEC]);
    o->leaves += 1;
    if (need_phi || need_d)
        leaf_eval(W, x, src, need_phi, need_d, ub, ss);
    if (ss >= W->thr[AMMO_OBJ_SS]) {
        ammo_track_add(&o->t[AMMO_OBJ_SS], ss, ss, x->mask);
        worker_thr(W, AMMO_OBJ_SS);
    }
}

/* The child of x that includes user d: alpha = 1/(1+P_dd), s1 = Σ_k c_k², s2 = Σ_k (1-v_k) c_k²
 * (c = P[:, d]) summed in path order, tu = Σ_{k∈T} u_k c_k² in any order, pdd = P_dd after
 * the inclusion (see leaf_eval()). */
static inline void include_node(const tree_shared *sh, const tree_node *x, tree_node *y, int d,
                                double alpha, double s1, double s2, double tu, double pdd)
{
    y->mask = x->mask | (uint64_t)1 << d;
    y->pop = x->pop + 1;
    y->sp = x->sp - alpha * s1;
    y->swp = x->swp - alpha * s2;
    y->plb = x->plb + sh->glb[d];
    y->kt = x->kt + sh->kap[d];
    y->lt = x->lt - alpha * tu + sh->u[d] * pdd;
    y->dub = x->dub + sh->dlb[d];
}

/* The eight leaves below last3(), lanes in depth-first order (paths 7, 6, ..., 0, bit 4 = a
 * included, 2 = b, 1 = c): sp, swp exact (each lane subtracts exactly the products alpha s1
 * its path subtracts in the level-by-level tree, and x - 0 = x), the bound sums in any order.
 * The bound tests run on all lanes at once (with the thresholds at entry, which only grow:
 * a stale test can only ask for more work); only leaves that need a value are visited. */
typedef struct last3_leaves {
    v4d sp[2], swp[2], tan[2], plb[2], dub[2];
} last3_leaves;

AMMO_INLINE void last3_emit(tree_worker *W, const last3_k *K, const tree_node *x,
                              const last3_leaves *L)
{
    const tree_shared *sh = W->sh;
    ammo_search_out *o = &W->out;
    const int n = sh->n, p = x->pop;
    const double tp = W->thr[AMMO_OBJ_PHI], td = W->thr[AMMO_OBJ_DEC], ts = W->thr[AMMO_OBJ_SS];
    const double *pk = o->phik;
    v4d phk[2] = {{pk[p + 3], pk[p + 2], pk[p + 2], pk[p + 1]},
                  {pk[p + 2], pk[p + 1], pk[p + 1], pk[p]}};
    v4l need[2];
    for (int h = 0; h < 2; h++) {
        v4d ub = sh->sum_s2 - L->sp[h], ss = sh->sum_ws2 - L->swp[h];
        v4d b1 = ub - L->tan[h] + sh->slack_phi, b2 = ub - L->plb[h] + sh->slack_phi;
        v4l skip_phi = ((b1 < tp) | (b2 < tp)) & ((b1 < phk[h]) | (b2 < phk[h]));
        v4l skip_d = L->dub[h] + sh->slack_d < td;
        v4l keep = (v4l){0, 0, 0, 0} == 0;
        if (!sh->prune)
            skip_phi = skip_d = ~keep;
        need[h] = ~(skip_phi & skip_d) | (ss >= ts);
    }
    o->leaves += sh->allow3 == 255 ? 8 : __builtin_popcount((unsigned)sh->allow3);
    v4l any = need[0] | need[1];
    if (!(any[0] | any[1] | any[2] | any[3]))
        return;
    for (int l = 0; l < 8; l++) {
        /* path: 4, 2, 1 = a, b, c included; bits: the same as mask bits n-3, n-2, n-1 */
        int h = l >> 2, j = l & 3, path = 7 - l, bits = (path >> 2 | (path & 2) | (path & 1) << 2);
        if (!need[h][j] || !(sh->allow3 >> bits & 1))
            continue;
        tree_node y = {.mask = x->mask | (uint64_t)bits << (n - 3),
                       .pop = p + __builtin_popcount((unsigned)path)};
        double ub = sh->sum_s2 - L->sp[h][j], ss = sh->sum_ws2 - L->swp[h][j];
        double tan = L->tan[h][j], plb = L->plb[h][j];
        double b = ub - (tan > plb ? tan : plb) + sh->slack_phi;
        int need_phi = !sh->prune ||
                       !(b < W->thr[AMMO_OBJ_PHI] && b < o->phik[y.pop]);
        int need_d = !sh->prune || !(L->dub[h][j] + sh->slack_d < W->thr[AMMO_OBJ_DEC]);
        if (need_phi || need_d) {
            leaf_src src = {.K = K, .path = path};
            leaf_eval(W, &y, &src, need_phi, need_d, ub, ss);
        }
        if (ss >= W->thr[AMMO_OBJ_SS]) {
            ammo_track_add(&o->t[AMMO_OBJ_SS], ss, ss, y.mask);
            worker_thr(W, AMMO_OBJ_SS);
        }
    }
}

/* One node at depth n-3 for last3(): its columns, coefficients and the sums of its seven
 * inclusions (lanes [A B1 C2 C1] in *x, [B C3 C -] in *y). */
typedef struct last3_st {
    last3_k K;
    const tree_node *x;
    v4d m1, p1, m2;
    v4d s1x, s1y, s2x, s2y, tux, tuy;
    double B1a, B1b, B1c, C1a, C1c, C2a, C2b, C2c, C3b, C3c;
} last3_st;

AMMO_INLINE void last3_pre(const tree_shared *sh, last3_st *S, const double *cols,
                             const double *diag, const tree_node *x)
{
    const int n = sh->n, a = n - 3, b = n - 2, c = n - 1;
    last3_k *K = &S->K;
    K->A = cols;                   /* the interleaved block: rows [A_k B_k C_k C_k] */
    K->B = cols + 1;
    K->C = cols + 2;
    K->D = diag;
    S->x = x;
    const double *A = K->A, *B = K->B, *C = K->C;
    const v4d one = {1.0, 1.0, 1.0, 1.0};
    v4d r = one / (one + (v4d){A[4 * a], B[4 * b], C[4 * c], C[4 * c]});   /* 1/(1 + P_dd) */
    K->aA = r[0];
    K->aB = r[1];
    K->aC = r[2];
    K->fB = K->aA * A[4 * b];
    K->fC = K->aA * A[4 * c];
    K->fCB = K->aB * B[4 * c];
    S->B1a = B[4 * a] - K->fB * A[4 * a];
    S->B1b = B[4 * b] - K->fB * A[4 * b];
    S->B1c = B[4 * c] - K->fB * A[4 * c];
    S->C1a = C[4 * a] - K->fC * A[4 * a];
    double C1b = C[4 * b] - K->fC * A[4 * b];
    S->C1c = C[4 * c] - K->fC * A[4 * c];
    S->C3b = C[4 * b] - K->fCB * B[4 * b];
    S->C3c = C[4 * c] - K->fCB * B[4 * c];
    r = one / (one + (v4d){S->B1b, S->C1c, S->C3c, S->C3c});
    K->aB1 = r[0];
    K->aC1 = r[1];
    K->aC3 = r[2];
    K->fC1 = K->aB1 * S->B1c;
    S->C2a = S->C1a - K->fC1 * S->B1a;
    S->C2b = C1b - K->fC1 * S->B1b;
    S->C2c = S->C1c - K->fC1 * S->B1c;
    K->aC2 = 1.0 / (1.0 + S->C2c);
    S->m1 = (v4d){0, K->fB, K->fC, K->fC};
    S->p1 = (v4d){0, 0, K->fC1, 0};
    S->m2 = (v4d){0, K->fCB, 0, 0};
}

/* Row k of the seven inclusion columns: x1 = [A B1 C2 C1], x2 = [B C3 C C]. */
AMMO_INLINE void last3_row(const last3_st *S, int k, v4d *x1, v4d *x2)
{
    const double *r = S->K.A + 4 * k;
    v4d v, ak = {r[0], r[0], r[0], r[0]}, bk = {r[1], r[1], r[1], r[1]};
    memcpy(&v, r, sizeof v);                                /* [A, B, C, C] */
    v4d t = v - S->m1 * ak;                                 /* [A, B1, C1, C1] */
    *x1 = t - S->p1 * V4_SHUFFLE(t, t, 1, 1, 1, 1);         /* [A, B1, C2, C1] */
    *x2 = V4_SHUFFLE(v, v, 1, 2, 2, 2) - S->m2 * bk;        /* [B, C3, C, C] */
}

AMMO_INLINE void last3_post(tree_worker *W, last3_st *S)
{
    const tree_shared *sh = W->sh;
    const int n = sh->n, a = n - 3, b = n - 2, c = n - 1;
    const last3_k *K = &S->K;
    const tree_node *x = S->x;
    const double *A = K->A, *B = K->B, *C = K->C;
    const double B1a = S->B1a, B1b = S->B1b, B1c = S->B1c, C1a = S->C1a, C1c = S->C1c;
    const double C2a = S->C2a, C2b = S->C2b, C2c = S->C2c, C3b = S->C3b, C3c = S->C3c;
    v4d tux = S->tux, tuy = S->tuy;
    /* the bound sums over T: the sharers before a (um), and a, b where the path includes
     * them (um is 0 for a, b, c) */
    const double *u = sh->u;
    tux[1] += u[a] * (B1a * B1a);
    tux[2] += u[a] * (C2a * C2a) + u[b] * (C2b * C2b);
    tux[3] += u[a] * (C1a * C1a);
    tuy[1] += u[b] * (C3b * C3b);

    const double *D = K->D;
    double D1b = D[b] - K->aA * (A[4 * b] * A[4 * b]), D1c = D[c] - K->aA * (A[4 * c] * A[4 * c]);
    double D2c = D1c - K->aB1 * (B1c * B1c), D3c = D[c] - K->aB * (B[4 * c] * B[4 * c]);
    /* alpha s1 and alpha s2 of the seven inclusions, as include_node() forms them */
    v4d al1 = {K->aA, K->aB1, K->aC2, K->aC1}, al2 = {K->aB, K->aC3, K->aC, 0};
    v4d r1 = al1 * S->s1x, r2 = al2 * S->s1y, w1 = al1 * S->s2x, w2 = al2 * S->s2y;
    last3_leaves L;
    const v4d z = {0, 0, 0, 0};
    L.sp[0] = ((x->sp - (v4d){r1[0], r1[0], r1[0], r1[0]}) - (v4d){r1[1], r1[1], 0, 0}) -
              (v4d){r1[2], 0, r1[3], 0};
    L.sp[1] = ((x->sp - z) - (v4d){r2[0], r2[0], 0, 0}) - (v4d){r2[1], 0, r2[2], 0};
    L.swp[0] = ((x->swp - (v4d){w1[0], w1[0], w1[0], w1[0]}) - (v4d){w1[1], w1[1], 0, 0}) -
               (v4d){w1[2], 0, w1[3], 0};
    L.swp[1] = ((x->swp - z) - (v4d){w2[0], w2[0], 0, 0}) - (v4d){w2[1], 0, w2[2], 0};
    /* the bounds: lt along each path as include_node() carries it, constants added */
    double ua = u[a], ub = u[b], uc = u[c];
    double lA = x->lt - K->aA * tux[0] + ua * (D[a] - K->aA * (A[4 * a] * A[4 * a]));
    double lAB = lA - K->aB1 * tux[1] + ub * (D1b - K->aB1 * (B1b * B1b));
    double lABC = lAB - K->aC2 * tux[2] + uc * (D2c - K->aC2 * (C2c * C2c));
    double lAC = lA - K->aC1 * tux[3] + uc * (D1c - K->aC1 * (C1c * C1c));
    double lB = x->lt - K->aB * tuy[0] + ub * (D[b] - K->aB * (B[4 * b] * B[4 * b]));
    double lBC = lB - K->aC3 * tuy[1] + uc * (D3c - K->aC3 * (C3c * C3c));
    double lC = x->lt - K->aC * tuy[2] + uc * (D[c] - K->aC * (C[4 * c] * C[4 * c]));
    L.tan[0] = x->kt + sh->k3[0] + (v4d){lABC, lAB, lAC, lA};
    L.tan[1] = x->kt + sh->k3[1] + (v4d){lBC, lB, lC, x->lt};
    L.plb[0] = x->plb + sh->g3[0];
    L.plb[1] = x->plb + sh->g3[1];
    L.dub[0] = x->dub + sh->d3[0];
    L.dub[1] = x->dub + sh->d3[1];
    last3_emit(W, K, x, &L);
}

/* The node at depth n-3 (columns cols = [A B C], diagonal diag): its eight leaves at once.
 * One pass over the rows accumulates, for the seven inclusions below the node, Σ c_k² and
 * Σ (1-v_k) c_k² as seven independent sums in row order (two vectors of lanes
 * [A B1 C2 C1], [B C3 C -]: each lane adds exactly the terms the level-by-level tree adds,
 * in the same order) and the bound sums Σ_{k∈T} u_k c_k². */
AMMO_CLONES
static void last3(tree_worker *W, const double *cols, const double *diag, const tree_node *x)
{
    const tree_shared *sh = W->sh;
    last3_st S;
    last3_pre(sh, &S, cols, diag, x);
    v4d s1x = {0, 0, 0, 0}, s1y = s1x, s2x = s1x, s2y = s1x, tux = s1x, tuy = s1x;
    const double *w = W->w, *um = W->um;
    const int n = sh->n;
    for (int k = 0; k < n - 3; k++) {
        v4d x1, x2;
        last3_row(&S, k, &x1, &x2);
        v4d q1 = x1 * x1, q2 = x2 * x2;
        s1x += q1;
        s1y += q2;
        s2x += w[k] * q1;
        s2y += w[k] * q2;
        tux += um[k] * q1;
        tuy += um[k] * q2;
    }
    for (int k = n - 3; k < n; k++) {      /* um is 0 on the last three rows */
        v4d x1, x2;
        last3_row(&S, k, &x1, &x2);
        v4d q1 = x1 * x1, q2 = x2 * x2;
        s1x += q1;
        s1y += q2;
        s2x += w[k] * q1;
        s2y += w[k] * q2;
    }
    S.s1x = s1x;
    S.s1y = s1y;
    S.s2x = s2x;
    S.s2y = s2y;
    S.tux = tux;
    S.tuy = tuy;
    last3_post(W, &S);
}

/* cols: n x (n-d) column-major, column j-d = P[:, j]; diag: P_ii for every user. */
AMMO_CLONES
static void rec(tree_worker *W, int d, const double *cols, const double *diag,
                const tree_node *x)
{
    tree_shared *sh = W->sh;
    const int n = sh->n;
    if (d == n) {
        leaf_src src = {.diag = diag};
        leaf(W, x, &src);
        return;
    }
    if (n - d == 14 && (atomic_load_explicit(&sh->stop, memory_order_relaxed) ||
                        dmx_cancelled(sh->ctx))) {
        atomic_store(&sh->stop, 1);
        return;
    }
    if (d == n - 3 && d >= sh->kfix) {
        last3(W, cols, diag, x);
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
    const int np = sh->np;
    if (can_in) {
        const double *c = cols;          /* c = P[:, d]; columns np apart, zero padding rows */
        double alpha = 1.0 / (1.0 + c[d]);
        int last = d == n - 1;           /* the last decision: no columns, no diagonal */
        double *dst = W->lev[d + 1];
        double *dgn = W->dg + (size_t)(d + 1) * np;
        const int ncm = sh->ncm;
        for (int j = d + 1; j < ncm; j++) {
            const double *src = cols + (size_t)(j - d) * np;
            double *out = dst + (size_t)(j - d - 1) * np;
            double f = alpha * c[j];
            for (int k = 0; k < np; k += 4) {
                v4d sk, ck;
                memcpy(&sk, src + k, sizeof sk);
                memcpy(&ck, c + k, sizeof ck);
                sk = sk - f * ck;
                memcpy(out + k, &sk, sizeof sk);
            }
        }
        if (ncm < n) {                   /* the last three columns, interleaved by row */
            const double *src = cols + (size_t)(ncm - d) * np;
            double *out = dst + (size_t)(ncm - d - 1) * np;
            v4d f = {alpha * c[n - 3], alpha * c[n - 2], alpha * c[n - 1], alpha * c[n - 1]};
            for (int k = 0; k < np; k += 4) {      /* np is a multiple of 4 */
                v4d s0, s1, s2, s3;
                memcpy(&s0, src + 4 * k, sizeof s0);
                memcpy(&s1, src + 4 * k + 4, sizeof s1);
                memcpy(&s2, src + 4 * k + 8, sizeof s2);
                memcpy(&s3, src + 4 * k + 12, sizeof s3);
                s0 = s0 - f * c[k];
                s1 = s1 - f * c[k + 1];
                s2 = s2 - f * c[k + 2];
                s3 = s3 - f * c[k + 3];
                memcpy(out + 4 * k, &s0, sizeof s0);
                memcpy(out + 4 * k + 4, &s1, sizeof s1);
                memcpy(out + 4 * k + 8, &s2, sizeof s2);
                memcpy(out + 4 * k + 12, &s3, sizeof s3);
            }
        }
        /* the new diagonal; s1, s2 in row order (the padding adds exact zeros at the end);
         * Σ_{k∈T} u_k c_k² in any order */
        double s1 = 0, s2 = 0;
        v4d t4 = {0, 0, 0, 0};
        for (int k = 0; k < np; k += 4) {
            v4d ck, dk, wk, uk;
            memcpy(&ck, c + k, sizeof ck);
            memcpy(&dk, diag + k, sizeof dk);
            memcpy(&wk, W->w + k, sizeof wk);
            memcpy(&uk, W->um + k, sizeof uk);
            v4d q = ck * ck, wq = wk * q;
            if (!last) {
                dk = dk - alpha * q;
                memcpy(dgn + k, &dk, sizeof dk);
            }
            s1 += q[0];
            s2 += wq[0];
            s1 += q[1];
            s2 += wq[1];
            s1 += q[2];
            s2 += wq[2];
            s1 += q[3];
            s2 += wq[3];
            t4 += uk * q;
        }
        double tu = (t4[0] + t4[1]) + (t4[2] + t4[3]);
        tree_node y;
        include_node(sh, x, &y, d, alpha, s1, s2, tu, diag[d] - alpha * (c[d] * c[d]));
        if (last) {
            leaf_src src = {.diag = diag, .c = c, .alpha = alpha};
            leaf(W, &y, &src);
        } else {
            W->um[d] = sh->u[d];
            rec(W, d + 1, dst, dgn, &y);
            W->um[d] = 0;
        }
    }
    if (can_out)
        rec(W, d + 1, cols + np, diag, x);
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
        rec(W, 0, sh->Sp, W->dg, &root);
        W->jobs_done++;
    }
    return NULL;
}

/* Doubles in the level buffer at depth d (see tree_worker). */
static size_t level_size(const tree_shared *sh, int d)
{
    size_t cm = sh->ncm > d ? (size_t)(sh->ncm - d) : 0;
    return (size_t)sh->np * (cm + (sh->ncm < sh->n ? 4 : 0));
}

/* n zeroed doubles on a 32-byte boundary (whole 4-lane blocks never straddle a cache line);
 * free() releases them. */
static double *zalloc32(size_t n)
{
    size_t bytes = (sizeof(double) * n + 31) / 32 * 32;
    double *p = aligned_alloc(32, bytes ? bytes : 32);
    if (p)
        memset(p, 0, bytes);
    return p;
}

static int worker_init(tree_worker *W, tree_shared *sh)
{
    const int n = sh->n, np = sh->np;
    memset(W, 0, sizeof *W);
    W->sh = sh;
    ammo_out_init(&W->out);
    size_t tot = 0;
    for (int d = 0; d <= n; d++)
        tot += level_size(sh, d);
    W->buf = zalloc32(tot + 1);
    W->lev = malloc(sizeof *W->lev * (size_t)(n + 1));
    W->dg = zalloc32((size_t)(n + 1) * (size_t)np + 1);
    W->w = zalloc32((size_t)np);
    W->um = zalloc32((size_t)np);
    if (!W->buf || !W->lev || !W->dg || !W->w || !W->um)
        return DMX_EINTERNAL;
    size_t off = 0;
    for (int d = 0; d <= n; d++) {
        W->lev[d] = W->buf + off;
        off += level_size(sh, d);
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
    free(W->um);
    ammo_out_free(&W->out);
}

/* The per-user constants of the leaf bounds (see leaf_eval()): glb, u, kap, dlb, gphi, gd.
 * P_ii(V) comes from one factorization with everybody sharing; should it fail, P_ii >= 0
 * is used instead (still a valid, weaker bound). */
static int bound_consts(tree_shared *sh, dmx_err *e)
{
    const int n = sh->n;
    const double *S = sh->S, *v = sh->v;
    double *I = malloc(sizeof *I * (size_t)n);
    unsigned char *all = malloc((size_t)n);
    sh->glb = calloc((size_t)n, sizeof *sh->glb);
    sh->u = calloc((size_t)n, sizeof *sh->u);
    sh->kap = calloc((size_t)n, sizeof *sh->kap);
    sh->dlb = calloc((size_t)n, sizeof *sh->dlb);
    if (!I || !all || !sh->glb || !sh->u || !sh->kap || !sh->dlb) {
        free(I);
        free(all);
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    }
    memset(all, 1, (size_t)n);
    int have = ammo_leaks(n, S, all, I, NULL, NULL, NULL) == DMX_OK;
    sh->gphi = sh->gd = 0;
    for (int i = 0; i < n; i++) {
        double s2 = S[i * n + i], pmax = s2 / (1.0 + s2);
        double p0 = have ? s2 - I[i] : 0.0;
        if (!(p0 > 0))
            p0 = 0;
        if (p0 > pmax)
            p0 = pmax;
        double gmax = pmax * pmax / (1.0 - pmax), dgmax = 1.0 / ((1.0 - pmax) * (1.0 - pmax)) - 1.0;
        if (v[i] >= 0) {
            double a = 0.5 * (p0 + pmax);
            double ga = a * a / (1.0 - a), dga = 1.0 / ((1.0 - a) * (1.0 - a)) - 1.0;
            sh->glb[i] = v[i] * p0 * p0 / (1.0 - p0);
            sh->u[i] = v[i] * dga;
            sh->kap[i] = v[i] * (ga - dga * a);
        } else {
            sh->glb[i] = sh->kap[i] = v[i] * gmax;
        }
        /* I_i(V) = s2 - p0 (p0 = 0 without the factorization: I_i <= σ_i², still valid) */
        sh->dlb[i] = v[i] <= 1.0 ? (1.0 - v[i]) * (s2 - p0) : (1.0 - v[i]) * (s2 - pmax);
        sh->gphi += fabs(v[i]) * (gmax + dgmax * s2) + sh->u[i] * s2 + fabs(sh->kap[i]);
        sh->gd += fabs(1.0 - v[i]) * s2;
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
    tree_worker *W = NULL;
    pthread_t *th = NULL;
    int started = 0;
    int rc = bound_consts(&sh, e);
    if (rc != DMX_OK)
        goto free_arrays;
    for (int i = 0; i < n; i++) {
        sh.sum_s2 += S[i * n + i];
        sh.sum_ws2 += (1.0 - v[i]) * S[i * n + i];
    }
    sh.np = (n + 3) / 4 * 4;
    sh.ncm = n >= 3 ? n - 3 : n;
    sh.Sp = zalloc32(level_size(&sh, 0));
    if (!sh.Sp) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_arrays;
    }
    for (int j = 0; j < sh.ncm; j++)     /* Σ symmetric: column j = row j */
        memcpy(sh.Sp + (size_t)j * sh.np, S + (size_t)j * n, sizeof *S * (size_t)n);
    for (int k = 0; k < n && sh.ncm < n; k++)
        for (int l = 0; l < 4; l++)
            sh.Sp[(size_t)sh.ncm * sh.np + 4 * (size_t)k + l] = S[(size_t)k * n + n - 3 + (l < 3 ? l : 2)];
    sh.slack_phi = AMMO_BOUND_REL * (1.0 + sh.sum_s2 + sh.gphi);
    sh.slack_d = AMMO_BOUND_REL * (1.0 + sh.gd);
    if (n >= 3) {
        const int a = n - 3, b = n - 2, c = n - 1;
        const double *g = sh.glb, *k = sh.kap, *dl = sh.dlb;
        sh.k3[0] = (v4d){k[a] + k[b] + k[c], k[a] + k[b], k[a] + k[c], k[a]};
        sh.k3[1] = (v4d){k[b] + k[c], k[b], k[c], 0};
        sh.g3[0] = (v4d){g[a] + g[b] + g[c], g[a] + g[b], g[a] + g[c], g[a]};
        sh.g3[1] = (v4d){g[b] + g[c], g[b], g[c], 0};
        sh.d3[0] = (v4d){dl[a] + dl[b] + dl[c], dl[a] + dl[b], dl[a] + dl[c], dl[a]};
        sh.d3[1] = (v4d){dl[b] + dl[c], dl[b], dl[c], 0};
    }
    for (int path = 0; path < 8 && n >= 3; path++) {
        uint64_t m = (uint64_t)path << (n - 3), last = (uint64_t)7 << (n - 3);
        if (!(m & force_out) && !(~m & force_in & last))
            sh.allow3 |= 1 << path;
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
    W = calloc((size_t)nthreads, sizeof *W);
    th = calloc((size_t)nthreads, sizeof *th);
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
    free(sh.u);
    free(sh.kap);
    free(sh.dlb);
    free(sh.Sp);
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
