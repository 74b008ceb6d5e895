/* ammo.h -- internal interface of the "Too Much Data" model
 * (Acemoglu, Makhdoumi, Malekian, Ozdaglar 2022; docs/models/ammo.md).
 *
 * Types X ~ N(0, Σ), data S_i = X_i + Z_i with unit noise, values of privacy v_i.
 * Leaked information I_i(T) = Σ_{iT} (I + Σ_TT)^{-1} Σ_{Ti}  (proof of Theorem 2,
 * (A-5)/(A-6)).  Everything the model asks for is a maximum over sharing profiles
 * of functions of the posterior diagonal diag P(T) (docs/models/ammo.md). */
#ifndef DMX_AMMO_H
#define DMX_AMMO_H

#include <math.h>
#include <stdint.h>
#include "../err.h"
#include "../model.h"

/* ---- Numeric tolerances: every tolerance of the model is named here. ----
 * Values are O(σ²) and computed in double from Cholesky factors or rank-1 updates, so
 * rounding errors are ~1e-14 relative; the tolerances sit well above that and well below
 * any economically meaningful difference. */
/* Ties: two profiles are tied maximizers when their values differ by at most
 * AMMO_TIE_REL max(1, |best|) (docs/models/ammo.md, "ties"); wide enough to absorb
 * rounding through different update orders, narrow enough never to merge distinct values
 * of the paper's examples. */
#define AMMO_TIE_REL 1e-9
/* Equilibrium inequalities (a user's incentive θ_i against its price, improving flips,
 * price-plane regions): a strict comparison up to AMMO_EQ_REL max(1, |value|). */
#define AMMO_EQ_REL 1e-12
/* Sign of a social surplus (Figure 2 and 3 regions): |SS| <= AMMO_SIGN_TOL counts as 0. */
#define AMMO_SIGN_TOL 1e-12
/* Proposition 1's one-flip condition at the first best, absolute (the left side is a sum
 * of n products of leaks, each exact to ~1e-14). */
#define AMMO_PROP1_TOL 1e-10
/* Positive semidefiniteness of Σ: λ_min >= -AMMO_PSD_REL (1 + max |Σ_ij|) (rounding of
 * the eigen-solver); the bisection for the largest feasible correlation accepts
 * λ_min >= -AMMO_PSD_EDGE (1 + scale), a little inside that region. */
#define AMMO_PSD_REL 1e-10
#define AMMO_PSD_EDGE 1e-12
/* Σ is reported singular (the literal Σ^{-1}S mediator undefined) when
 * λ_min < AMMO_SINGULAR_REL |Σ_11|. */
#define AMMO_SINGULAR_REL 1e-12
/* Ordering of breakpoints on a piecewise-linear path (tax path, virtual-value path, price
 * plane): two breakpoints closer than AMMO_ORDER_EPS are the same point. */
#define AMMO_ORDER_EPS 1e-15
/* Mixture probabilities must sum to 1 within AMMO_PROB_SUM_TOL (typed decimals). */
#define AMMO_PROB_SUM_TOL 1e-9
/* Slack added to the leaf bound of the exact search (Φ <= Σσ² - ΣP_ii - Σ_T v_i g(P_ii(V)))
 * before it may skip a leaf: relative, far above the rounding of the carried sums (~1e-14)
 * and far below the tie tolerance, so no maximizer or tie is ever skipped. */
#define AMMO_BOUND_REL 1e-10
/* Smallest padding of a plot's value axis, so that a constant curve gets a range. */
#define AMMO_AXIS_PAD 1e-9

#define AMMO_MAX_EXACT 30      /* largest component enumerated exactly */
#define AMMO_MAX_N 400         /* largest population accepted at all */
#define AMMO_MAX_COMM 8        /* most communities (the `communities` list) */
/* The work budget (parameter `budget`, CPU seconds) and the cost model behind it, measured
 * on a 2-core x86-64 (bench_ammo): the include/exclude tree costs about AMMO_COST_LEAF
 * per profile and user; one round of 1-flip local search costs about AMMO_COST_FLIP n^4
 * (n Cholesky factorizations of n x n, a few rounds).  20 s admits the exact search and the
 * literal mediator up to n = 26. */
#define AMMO_BUDGET_S 20.0
#define AMMO_COST_LEAF 4e-9
#define AMMO_COST_FLIP 3e-9
/* Largest price-grid search (pricegrid.c): m^(2n) price pairs x 4^n user profiles x n
 * users, the work of checking every profile at every pair; pricegrid.c now intersects
 * per-user tables instead (such a grid takes < 0.1 s), and the pair limit below binds
 * first for every n <= 4. */
#define AMMO_GRID_WORK 4e8
/* ... and at most this many price pairs (52 bytes of summary each: memory stays < 60 MB). */
#define AMMO_GRID_PAIRS 1e6
/* Expected payoffs under unknown valuations (unknown.c): a seeded Monte Carlo average over
 * AMMO_MC_SAMPLES draws (standard errors reported), for n <= AMMO_MC_MAX_N (each draw
 * costs n 2^n payment envelopes). */
#define AMMO_MC_SAMPLES 4000
#define AMMO_MC_SEED 1
#define AMMO_MC_MAX_N 6
#define AMMO_MAX_TIES (1L << 22) /* largest tie set kept per objective */

/* A validated instance: covariance, values and (optionally) community structure. */
typedef struct ammo_inst {
    int n;
    double *S;                 /* n*n row-major, symmetric PSD (checked) */
    double *v;                 /* n values of privacy, >= 0 */
    double lmin;               /* smallest eigenvalue of Σ */
    int K;                     /* number of exchangeable communities (0: none) */
    int *comm;                 /* n: community of each user (users grouped, in order) */
    int *m;                    /* K sizes */
    double *s, *c, *M, *vg;    /* K variances, K within-covariances, KxK M (docs/models/ammo.md), K values */
} ammo_inst;

/* generators.c: builds the instance from the parameters (explicit cov/values or a
 * generator), checks symmetry and PSD through dmx_check_psd.  On error the message
 * names the parameter and the rule; nothing is allocated on return. */
int ammo_inst_build(const dmx_params *p, ammo_inst *in, dmx_err *e);
void ammo_inst_free(ammo_inst *in);

/* leakage.c: all leaks of one profile from ONE Cholesky of I + Σ_TT (docs/models/ammo.md).
 * a: n bytes 0/1.  I[i] = I_i(T), I0[i] = I_i(T\{i}), I1[i] = I_i(T ∪ {i}) (any may be
 * NULL).  DMX_EDATA when I + Σ_TT is not positive definite (cannot happen for PSD Σ). */
int ammo_leaks(int n, const double *S, const unsigned char *a, double *I, double *I0,
               double *I1, dmx_err *e);
/* Theorem 2 prices p_i = v_i (I1_i - I0_i) for sharers, 0 otherwise. */
void ammo_prices(int n, const double *v, const unsigned char *a, const double *I0,
                 const double *I1, double *p);
/* Φ(a) = Σ_i I_i - Σ_{i∈T} p_i (Theorem 1), SS(a) = Σ (1-v_i) I_i, D(a) = Σ_T (1-v_i) I_i. */
void ammo_objectives(int n, const double *v, const unsigned char *a, const double *I,
                     const double *I0, const double *I1, double *phi, double *ss, double *d);
/* Literal de-correlation leaks (docs/models/ammo.md): L_i(T) = [((Σ^{-1}+Σ^{-2})_TT)^{-1}]_ii for
 * i ∈ T, 0 otherwise.  Q = Σ^{-1}+Σ^{-2} precomputed by ammo_decorr_Q.  */
int ammo_literal_leaks(int n, const double *Q, const unsigned char *a, double *L, dmx_err *e);
/* Q = Σ^{-1} + Σ^{-2}; DMX_EDATA when Σ is singular. */
int ammo_decorr_Q(int n, const double *S, double *Q, dmx_err *e);

/* ---- search.c: exact maximization over profiles ---- */
enum { AMMO_OBJ_PHI = 0, AMMO_OBJ_SS = 1, AMMO_OBJ_DEC = 2, AMMO_NOBJ = 3 };

/* Running set of maximizers of one objective (tie rule of docs/models/ammo.md). */
typedef struct ammo_track {
    double best;               /* -INFINITY when empty */
    uint64_t mask;             /* canonical maximizer: most sharers, then smallest mask */
    int pop;
    double count;              /* number of maximizers (double: products over components) */
    double ss_lo, ss_hi;       /* range of SS over the maximizers */
    /* internal: candidate list within the tolerance of the running best */
    double *val, *ssv;
    uint64_t *msk;
    long len, cap;
    int oom;                   /* 1 out of memory, 2 more than AMMO_MAX_TIES ties */
    int fixed;                 /* second pass: threshold known, nothing stored */
    double thr;
} ammo_track;

typedef struct ammo_search_out {
    ammo_track t[AMMO_NOBJ];
    double phik[65];           /* best Φ with exactly k sharers (-inf if none) */
    uint64_t phik_mask[65];
    double phik_ss[65];
    double leaves;             /* profiles evaluated */
} ammo_search_out;

void ammo_track_init(ammo_track *t);
void ammo_track_free(ammo_track *t);
/* Offers a profile's value; keeps the tolerance band.  */
void ammo_track_add(ammo_track *t, double val, double ss, uint64_t mask);
/* Final filtering against the final best; fills mask/pop/count/ss range. */
void ammo_track_finish(ammo_track *t);
/* Switches t to streaming mode for a second pass with the final maximum `best` known:
 * maximizers are counted and the canonical one kept without storing any list. */
void ammo_track_fix(ammo_track *t, double best);
void ammo_out_init(ammo_search_out *o);
void ammo_out_free(ammo_search_out *o);

/* Include/exclude tree with rank-1 covariance updates (docs/models/ammo.md) over n <= 62 users
 * with covariance S (row-major) and values v.  Users in force_in always share, users in
 * force_out never share.  nthreads >= 1.  Honors ctx cancel (DMX_ECANCELED) and reports
 * progress.  `base` and `span` map this call's progress into [base, base+span]. */
int ammo_search(int n, const double *S, const double *v, uint64_t force_in,
                uint64_t force_out, int nthreads, const dmx_ctx *ctx, double base,
                double span, ammo_search_out *out, dmx_err *e);
/* The same with the leaf bound switchable (prune = 0: every leaf evaluates Φ in full;
 * tests compare both). */
int ammo_search_ex(int n, const double *S, const double *v, uint64_t force_in,
                   uint64_t force_out, int nthreads, int prune, const dmx_ctx *ctx,
                   double base, double span, ammo_search_out *out, dmx_err *e);
/* The plain method: one Cholesky per profile (docs/models/ammo.md).  Same output. */
int ammo_search_naive(int n, const double *S, const double *v, uint64_t force_in,
                      uint64_t force_out, const dmx_ctx *ctx, ammo_search_out *out,
                      dmx_err *e);

/* ---- solve.c: the whole exact/heuristic pipeline on an instance ---- */
typedef struct ammo_sol {
    unsigned char *a[AMMO_NOBJ];   /* canonical maximizers (n bytes each) */
    double val[AMMO_NOBJ];         /* max Φ, max SS, max D */
    double count[AMMO_NOBJ];
    double ss_lo[AMMO_NOBJ], ss_hi[AMMO_NOBJ];
    int exact[AMMO_NOBJ];          /* 1 exact, 0 heuristic */
    double gap[AMMO_NOBJ];         /* heuristic: upper bound - value; 0 when exact */
    /* per popcount best Φ (exact only; n+1 entries) and its SS and profile */
    int have_phik;
    double *phik, *phik_ss;
    unsigned char *phik_a;         /* (n+1) x n */
    double evaluated;              /* profiles or count vectors evaluated */
    char how[128];                 /* method description */
} ammo_sol;

/* Solves the three problems (Φ, SS, D) exactly when possible: components, community
 * count vectors, include/exclude tree, Lemma 3 for Φ (docs/models/ammo.md, "search"); otherwise 1-flip local search labelled heuristic with a bound.
 * max_exact bounds the size of an enumerated component. */
int ammo_solve(const ammo_inst *in, int max_exact, int nthreads, const dmx_ctx *ctx,
               ammo_sol *s, dmx_err *e);
void ammo_sol_free(ammo_sol *s);
/* The work budget: DMX_EDATA, naming the largest part and the estimate, when the search
 * of this instance (components, Lemma 3, local search, literal mediator) is estimated to
 * take more than `budget` CPU seconds (cost model AMMO_COST_*). */
int ammo_budget_check(const ammo_inst *in, int max_exact, double budget, dmx_err *e);
/* Allocates the arrays of s for n users (zeroed).  DMX_EINTERNAL on failure. */
int ammo_sol_alloc(ammo_sol *s, int n, dmx_err *e);

/* ---- communities.c (docs/models/ammo.md) ---- */
/* Leaks for a count vector k (K entries): L0[g] = leak of a non-sharer in g,
 * I0[g], I1[g] for a sharer in g (only meaningful when k_g >= 1). */
int ammo_comm_leaks(int K, const double *s, const double *c, const double *M,
                    const int *k, double *L0, double *I0, double *I1, dmx_err *e);
/* λ_min of the community Σ from its K x K reduction (docs/models/ammo.md PSD test). */
int ammo_comm_lmin(int K, const int *m, const double *s, const double *c, const double *M,
                   double *lmin, dmx_err *e);
/* Largest |across| (with the given sign) keeping Σ PSD, by bisection on [0, 1]. */
int ammo_comm_max_across(const ammo_inst *in, double sign, double *lim);
/* Φ, SS, D of count vector k with community values vg and its leaks. */
void ammo_comm_values(const ammo_inst *in, const int *k, const double *vg, const double *L0,
                      const double *I0, const double *I1, double *phi, double *ss, double *d);
/* Enumerates all count vectors; fills the solution like ammo_solve.  */
#define AMMO_COMM_MAXVEC 20000000L   /* most count vectors enumerated (communities) */
int ammo_comm_solve(const ammo_inst *in, const dmx_ctx *ctx, ammo_sol *s, dmx_err *e);
/* The leaks (L0, I0, I1: 3K doubles) of every count vector 0..nvec-1 into tab, and the
 * solution from such a table for the instance's current community values: the same
 * solution as ammo_comm_solve, bit for bit (sweeps over community values reuse the table). */
int ammo_comm_table(const ammo_inst *in, long nvec, double *tab, dmx_err *e);
int ammo_comm_solve_table(const ammo_inst *in, long nvec, const double *tab, ammo_sol *s,
                          dmx_err *e);

/* Fills M (K x K) for correlation `across` from in->s, in->c. */
void ammo_comm_M(const ammo_inst *in, double across, double *M);
/* Standard normal from a splitmix64 stream (generators.c). */
double ammo_normal(uint64_t *state);

/* decorrelation.c: argmax of Σ_{i∈T}(1-v_i) L_i(T) under the literal Σ^{-1}S mediator;
 * best_a (n bytes) canonical maximizer, count = number of maximizers, corr (n, may be NULL)
 * = corr(X_i, S̃_i).  General Σ: every profile for n <= max_n (bordered inverses along the
 * include/exclude tree); communities: every count vector.  DMX_EDATA beyond. */
int ammo_literal_solve(const ammo_inst *in, int max_n, const dmx_ctx *ctx,
                       unsigned char *best_a, double *best_val, double *count, double *corr,
                       dmx_err *e);
/* leakage.c: full posterior covariance P(T) = Σ - Σ_{:,T} (I+Σ_TT)^{-1} Σ_{T,:} (n x n). */
int ammo_posterior(int n, const double *S, const unsigned char *a, double *P, dmx_err *e);

/* figures.c: Figure 3 map cells (g x g, row-major, rows = v_H from 1 to vmax, columns =
 * across from 0 to xmax): 0 SS(a^E) > 0, 1 SS = 0, 2 SS < 0, NaN where Σ is not PSD;
 * kh (may be NULL): the equilibrium number of sharers in community H. */
/* dmx_model.map for sweeps over across and community values (sweepmap.c). */
struct dmx_axis;
int ammo_sweep_map(const dmx_params *base, const struct dmx_axis *x, const struct dmx_axis *y,
                   const char *field, const dmx_ctx *ctx, double *cell,
                   const char *const **cats, int *ncats, dmx_err *e);
int ammo_example2_map(const ammo_inst *in, int H, double xmax, double vmax, int g,
                      const dmx_ctx *ctx, double *cell, double *kh, dmx_err *e);

/* ---- heuristic (search.c) ---- */
int ammo_local_search(int n, const double *S, const double *v, int obj, unsigned char *a,
                      double *val, double *bound, const dmx_ctx *ctx, dmx_err *e);

/* Streaming tie rule for small enumerations: 1 when (f, pop) beats the incumbent
 * (bf, bpop): larger by more than the tie tolerance, or tied with more sharers.
 * bpop < 0 means no incumbent. */
static inline int ammo_better(double f, int pop, double bf, int bpop)
{
    if (bpop < 0)
        return 1;
    double tol = AMMO_TIE_REL * (fabs(bf) > 1.0 ? fabs(bf) : 1.0);
    if (f > bf + tol)
        return 1;
    if (f < bf - tol)
        return 0;
    return pop > bpop;
}

/* ---- eval.c ---- */
int ammo_popcount_profile(int n, const unsigned char *a);

#endif
