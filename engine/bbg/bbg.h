/* bbg.h -- internal interface of the bbg model (Bergemann, Bonatti and Gan,
 * "The Economics of Social Data").  Not part of the public API: only the files in
 * engine/bbg/, the bbg tests and the bbg benchmark include it.
 *
 * Notation (paper Section 2): w_i = θ + θ_i, s_i = w_i + ε + ε_i, σ_w² = σ_θ² + σ_θi²,
 * σ_e² = σ_ε² + σ_εi², α = σ_θ²/σ_w², β = σ_ε²/σ_e².  σ_e² = 0 means noiseless
 * signals (each consumer observes w_i; β is then irrelevant). */
#ifndef DMX_BBG_H
#define DMX_BBG_H

#include "err.h"
#include "model.h"

/* The primitive variances of one parameter point. */
typedef struct bbg_prim {
    double N;          /* number of consumers (an integer >= 1, kept as double) */
    double alpha, beta, sw2, se2;
    double th2;        /* σ_θ²  = α σ_w² (common fundamental) */
    double thi2;       /* σ_θi² = (1-α) σ_w² (idiosyncratic fundamental) */
    double ep2;        /* σ_ε²  = β σ_e² (common noise) */
    double epi2;       /* σ_εi² = (1-β) σ_e² (idiosyncratic noise) */
} bbg_prim;

/* Fills the primitive variances from (N, α, β, σ_w², σ_e²).  Never fails. */
void bbg_prim_make(bbg_prim *p, double N, double alpha, double beta, double sw2, double se2);

/* ---- Tolerances and limits (every numeric cut-off of the model, in one place) ----
 *
 * BBG_PIVOT_TOL: a Cholesky pivot² below this fraction of the largest variance in
 *   Σ_obs counts as zero, so Σ_obs is treated as singular and solved by the
 *   pseudo-inverse (α = β = 1 makes observations exactly collinear; rounding
 *   leaves pivots around 1e-16 relative, far below 1e-11).
 * BBG_PINV_RCOND: eigenvalues below this fraction of the largest are dropped by
 *   the pseudo-inverse (the same collinearity, with headroom over rounding).
 * BBG_REV_ZERO: a revenue below this multiple of N σ_w² is zero up to rounding (the
 *   revenue formulas subtract terms of size N σ_w²; double rounding leaves about
 *   1e-16 of that), so the intermediary stays out rather than "earning" noise.
 * BBG_BISECT_WIDTH: bisection on α ∈ [0, 1] stops at this width (a few ulps of 1).
 * BBG_NOTE_REL: aggregate.R and R_exact count as different for the note when they
 *   differ by more than this relative amount (well above rounding, far below any
 *   difference a reader would see in the printed 6 digits).
 * BBG_SEG_NMAX: the Prop 8 threshold N̄ is searched for N <= this group size.
 * BBG_SCALE_MAX: largest |σ²| or |μ|, |c| accepted (the formulas multiply up to
 *   four such factors and N <= 1e7, which stays far inside double range). */
#define BBG_PIVOT_TOL 1e-11
#define BBG_PINV_RCOND 1e-10
#define BBG_REV_ZERO 1e-14
#define BBG_BISECT_WIDTH 1e-15
#define BBG_NOTE_REL 1e-12
#define BBG_SEG_NMAX 1e5
#define BBG_SCALE_MAX 1e60

/* ---- evaluator.c: posterior variances of linear Gaussian observations ---- */

/* General evaluator (docs/models/bbg.md).  A latent vector f of nf independent Gaussian
 * factors with variances var[k] >= 0; nobs observations y_j = Σ_k A[j*nf+k] f_k;
 * a target w = Σ_k t[k] f_k.  Sets *V = var E[w | y] = bᵀ Σ⁺ b with
 * Σ = A diag(var) Aᵀ and b = A diag(var) t.  Uses Cholesky and falls back to the
 * PSD pseudo-inverse when Σ is singular (e.g. α = β = 1).  nobs = 0 gives 0.
 * On error (out of memory, LAPACK failure) returns a code, *V is untouched. */
int bbg_post_var(int nf, const double *var, int nobs, const double *A, const double *t,
                 double *V, dmx_err *e);

/* Observation sets of the full N-consumer model (consumer i = the first one). */
typedef enum {
    BBG_OBS_S,        /* all signals s = (s_1..s_N) */
    BBG_OBS_SI,       /* s_i alone */
    BBG_OBS_SMI,      /* s_-i: the other N-1 signals */
    BBG_OBS_X,        /* individual noisy reports x_j = s_j + ξ + ξ_j, all j */
    BBG_OBS_XMI,      /* x_-i */
    BBG_OBS_XBAR,     /* the aggregate x̄ = (1/N) Σ x_j (eq. 35) */
    BBG_OBS_XBAR_MI,  /* x̄_-i = (1/(N-1)) Σ_{j≠i} x_j */
    BBG_OBS_SI_XBAR,  /* the consumer's information under aggregation: s_i and x̄ */
    BBG_OBS_SI_XBAR_MI /* a deviating consumer's information: s_i and x̄_-i */
} bbg_obs;

/* var E[w_i | obs] in the full model with N explicit consumers (O(N³)), common
 * added noise ξ (variance sxi2) and idiosyncratic added noise ξ_j (sxii2).  Used by
 * tests to check every closed form.  Errors as bbg_post_var (and EINTERNAL on OOM). */
int bbg_full_var(const bbg_prim *p, double sxi2, double sxii2, bbg_obs obs, double *V,
                 dmx_err *e);

/* Welfare evaluator (docs/models/bbg.md): with I_p ⊆ I_c, per-consumer surplus net of the
 * constant K = (μ-c)²/8: U = ½V_c - ⅜V_p, Π = ¼V_p, W = U + Π. */
double bbg_U(double Vc, double Vp);
double bbg_Pi(double Vp);

/* ---- sharing.c: complete data sharing, Section 3 ---- */
typedef struct bbg_cs {
    double var_s, var_si, var_smi;      /* var ŵ_i(s), var ŵ_i(s_i), var ŵ_i(s_-i) */
    double G, dU, dPi, dW, DE;           /* eq. 23, Prop 1, eq. 31 (per consumer) */
    double m_i, m0, R;                   /* payments and revenue (eq. 30) */
    int complements;                     /* Prop 4, eq. 32 */
} bbg_cs;

double bbg_var_s(const bbg_prim *p, double extra_common);   /* var ŵ_i(s)   */
double bbg_var_si(const bbg_prim *p);                        /* eq. 25       */
double bbg_var_smi(const bbg_prim *p, double extra_common); /* var ŵ_i(s_-i) */
/* Complete-sharing closed forms (common added noise folded into σ_ε² when
 * extra_common > 0, which gives the individual-data policy of Theorem 2). */
void bbg_sharing(const bbg_prim *p, double extra_common, bbg_cs *cs);
/* Revenue of complete sharing, R = (N/8)(3 var ŵ_i(s_-i) - var ŵ_i(s)). */
double bbg_sharing_R(const bbg_prim *p);

/* ---- aggregate.c: Section 4 ---- */
double bbg_var_xbar(const bbg_prim *p, double sxi2);      /* var E[w_i | x̄] */
double bbg_var_xbar_mi(const bbg_prim *p, double sxi2);   /* var E[w_i | x̄_-i] */
/* R(x̄) of the appendix (Theorem 3), common added noise sxi2 (may be INFINITY → 0). */
double bbg_agg_R(const bbg_prim *p, double sxi2);
/* Optimal common noise σ_ξ*² (Theorem 3, eq. 50) and the optimal revenue.  When no
 * noise level gives a positive revenue the intermediary stays out: *sxi2 = INFINITY,
 * *R = 0 and the return is 0; else returns 1. */
int bbg_agg_opt(const bbg_prim *p, double *sxi2, double *R);

/* Revenue when m_i = U(deviate) - U(participate) also counts the consumer's own
 * information (V_c = var E[w_i|s_i, x̄] on path, var E[w_i|s_i, x̄_-i] off path);
 * equals bbg_agg_R when sxi2 = 0.  Errors from bbg_post_var. */
int bbg_agg_R_exact(const bbg_prim *p, double sxi2, double *R, dmx_err *e);
/* Its maximum over σ_ξ² >= 0 (log grid + golden section; not closed form);
 * *sxi2 = INFINITY and *R = 0 when no noise level gives a positive revenue. */
int bbg_agg_opt_exact(const bbg_prim *p, double *sxi2, double *R, dmx_err *e);

typedef struct bbg_agg {
    double sxi2;                 /* common noise used (INFINITY = no intermediation) */
    double var_xbar, var_xbar_mi, var_c;  /* V_p, V_p off path, V_c = var E[w_i|s_i,x̄] */
    double m_i, m0, R, total_compensation;
    double dU, dPi, dW;          /* per consumer, gross of m_i */
    double R_individual;         /* same noise, individual (non-aggregated) data */
    double var_c_mi;             /* var E[w_i | s_i, x̄_-i]: a deviating consumer's info */
    double R_exact;              /* revenue when m_i also counts the consumer's own
                                    information change (differs from R when σ_ξ > 0) */
    int active;                  /* 0 when the intermediary stays out */
} bbg_agg;
/* Evaluates the aggregate policy at common noise sxi2 (INFINITY allowed).
 * Uses the reduced (7-factor) evaluator for V_c.  Errors from bbg_post_var. */
int bbg_aggregate(const bbg_prim *p, double sxi2, bbg_agg *a, dmx_err *e);

/* ---- thresholds.c: Theorem 1, Prop 6, Prop 7 ---- */
/* α*(β) of Theorem 1 for the given point's N, σ_w², σ_e² (β overridden).  Returns
 * NaN when complete sharing is never profitable (e.g. N = 1). */
double bbg_alpha_star(const bbg_prim *p, double beta);
/* β0(N): the fixed point α*(β0) = β0, closed form 3(N-1)t² - (N-2)t - 1 = 0 on the
 * diagonal (where G = 0).  NaN for N = 1. */
double bbg_beta0(double N);
/* Prop 6 threshold 1/(1 + N(√3 - 1)) (eq. 39); NaN for N = 1. */
double bbg_prop6_alpha(double N);
/* The Prop 6 threshold for the exact-information revenue: the smallest α (grid of
 * 50, then bisection) at which bbg_agg_opt_exact is positive, for this point's N,
 * β, σ_w², σ_e²; *alpha = NaN when none.  Errors from bbg_post_var. */
int bbg_prop6_alpha_exact(const bbg_prim *p, double *alpha, dmx_err *e);
/* Prop 7 threshold β*(α, N) ∈ (0, 1); NaN when σ_ξ* is infinite (α at or below the
 * Prop 6 threshold) or zero for every σ_e² and β (large α). */
double bbg_prop7_beta_star(double N, double alpha);
/* Prop 3 thresholds in σ_e²: smallest σ_e² above which ΔW > 0 (which = 0) or
 * ΔU > 0 (which = 1) under complete sharing, found by bisection on a log grid up
 * to 1e8 σ_w²; INFINITY when none. */
double bbg_prop3_threshold(const bbg_prim *p, int which);

/* Prop 2.1: the interval [*lo, *hi] of β where complete sharing does not raise
 * social surplus at this α (NaN, NaN when it raises it for every β).  Grid of 101
 * points refined by bisection. */
void bbg_prop2_interval(const bbg_prim *p, double alpha, double *lo, double *hi);
/* Prop 4: the threshold α̃(β) with complements iff α <= α̃ (0 when complements
 * fail already at α = 0, e.g. β = 0). */
double bbg_prop4_alpha_tilde(const bbg_prim *p, double beta);

/* ---- limits.c: Theorem 4 ---- */
/* lim N m_i = (3/4) σ_w² α(1-α)/(α + β σ_e²/σ_w²). */
double bbg_limit_total_compensation(const bbg_prim *p);
/* lim R/N = σ_w² α²/(4(α + β σ_e²/σ_w²)). */
double bbg_limit_revenue_per_consumer(const bbg_prim *p);
/* Total compensation N m_i under the optimal aggregate policy for N consumers. */
double bbg_total_compensation_opt(const bbg_prim *p, double N);

/* ---- segmentation.c: Section 5.3 (two groups of N, σ_e = σ_ξ = 0) ---- */
double bbg_seg_R_group(double N, double alpha, double sw2);        /* eq. (52) */
double bbg_seg_R_uniform(double N, double alpha, double sw2);      /* eq. (51) */
/* Uniform pricing when the producer prices a deviating consumer with the Bayes
 * estimate E[w_ij | Σ_{-ij} s] (the paper's eq. 51 uses E[(θ1+θ2)/2 | ·]). */
double bbg_seg_R_uniform_bayes(double N, double alpha, double sw2);
/* Prop 8 threshold: smallest integer N̄ >= 1 with R_group(N) > R_uniform(N) for
 * every N in [N̄, nmax]; NaN when none up to nmax. */
double bbg_seg_threshold(double alpha, double sw2, double nmax);
/* The same threshold against bbg_seg_R_uniform_bayes. */
double bbg_seg_threshold_bayes(double alpha, double sw2, double nmax);
/* The same by a linear scan over N = 1..nmax (bayes: against the Bayes price); the
 * thresholds above use bisection, valid by the argument in segmentation.c. */
double bbg_seg_threshold_scan(double alpha, double sw2, double nmax, int bayes);

/* ---- quality.c: quality pricing, §6.1 (Prop 10); σ_e = 0, no added noise ---- */
#define BBG_GAMMA_MAX 1.4142135623730951 /* √2: γ must stay below (demand unbounded) */
typedef struct bbg_quality_policy {
    double V, V_minus_i;          /* var E[w_i | S] and var E[w_i | S_-i] */
    double dU, dPi, dW;           /* per consumer, against no information */
    double m_i, m0, total_compensation, R;
} bbg_quality_policy;
typedef enum { BBG_Q_NONE, BBG_Q_AGGREGATE, BBG_Q_INDIVIDUAL } bbg_quality_choice;
typedef struct bbg_quality_res {
    double gamma, gamma_star;     /* γ* = √((3 - √5)/2): ΔW = 0 */
    double aPi, aU;               /* ΔΠ = aPi V, ΔU = aU V */
    double U_none, Pi_none, U_full, Pi_full;  /* per-consumer levels, no / full info */
    bbg_quality_policy aggregate, individual;
    bbg_quality_choice choice;    /* the intermediary's optimal data policy */
} bbg_quality_res;
double bbg_quality_gamma_star(void);
/* Fills q for the point's N, α, σ_w² (σ_e² taken as 0) at quality weight γ and
 * μ - c.  Returns 0 (q untouched) when γ is not in [0, √2). */
int bbg_quality(const bbg_prim *p, double gamma, double mu_minus_c, bbg_quality_res *q);

/* Groups of different sizes N1, N2 (σ_e = σ_ξ = 0); equal sizes give the
 * functions above (eqs. 51-52).  See segmentation.c for the derivation. */
double bbg_seg2_R_group(double N1, double N2, double alpha, double sw2);
double bbg_seg2_R_uniform(double N1, double N2, double alpha, double sw2);
double bbg_seg2_R_uniform_bayes(double N1, double N2, double alpha, double sw2);

/* ---- recommender.c: the recommender system, §6.2 (Prop 11); consumers know
 *      (w_i, t_i), no added noise ---- */
enum { BBG_REC_NONE = 0, BBG_REC_AGGREGATE = 1, BBG_REC_INDIVIDUAL = 2 };
typedef struct bbg_rec_res {
    double V[3], V_mi[3];      /* var E[w_i|S] (and without i's data) per w-policy */
    double X[3], X_mi[3];      /* var E[t_i|S] (and without i's data) per t-policy */
    double R_w[3], R_t[3];     /* revenue parts (market totals) per policy */
    int best_w, best_t;        /* the intermediary's choice per dimension */
    double R;                  /* its revenue, R_w[best_w] + R_t[best_t] */
    double dU, dPi, dW, m_i, m0; /* at the optimal policy; per consumer except m0 */
    int gamma_mono;            /* μ - c >= (11/3)σ_t²: location gain increasing (fn. 19) */
} bbg_rec_res;
/* Fills r for the point's N, α, σ_w² (willingness to pay) and the location's
 * correlation alpha_t and variance st2; mu = μ - c.  Returns 1. */
int bbg_recommender(const bbg_prim *p, double alpha_t, double st2, double mu, bbg_rec_res *r);

/* ---- thresholds at the current point, shared by compute() and the views ---- */
typedef struct bbg_thr {
    double alpha_star, beta0, prop6, prop6_exact, prop7, prop3_W, prop3_U;
    double prop2_lo, prop2_hi, prop4;
} bbg_thr;

/* Segmentation (Section 5.3) at the current point. */
typedef struct bbg_seg {
    double R_group, R_uniform, R_uniform_bayes, marginal_group, marginal_uniform;
    double N_bar, N_bar_bayes;   /* Prop 8 thresholds (NaN: none up to BBG_SEG_NMAX) */
    double N2;                   /* second group's size (= N unless given) */
    int given_N2, unequal;
} bbg_seg;

/* Everything compute() derives from the parameters (solve), before anything is
 * written to the result (emit) or drawn (views).  The has_* flags say which parts
 * were computed: a sweep (ctx->want) asks for one field only. */
typedef struct bbg_sol {
    bbg_prim pr;
    const char *noise;           /* "optimal", "fixed" or "none" */
    int full;                    /* every part computed (no ctx->want) */
    bbg_cs cs;                   /* complete sharing (always) */
    int has_agg, active;         /* aggregate policy; active = 0: intermediary stays out */
    bbg_agg ag;
    int has_exact;               /* optimum of the exact-information revenue */
    double exact_sxi2, exact_R;
    int has_thr, has_prop6_exact, has_prop3;
    bbg_thr th;
    int has_limits;
    int has_seg, has_nbar, has_nbar_bayes;
    bbg_seg seg;
    int has_levels;
    double K;                    /* (μ - c)²/8 */
    int has_rec;                 /* recommender system, §6.2 */
    bbg_rec_res rec;
    double rec_alpha_t, rec_st2, rec_mu;  /* its inputs (mu = μ - c) */
    int has_quality;             /* quality pricing, §6.1 */
    bbg_quality_res quality;
} bbg_sol;

/* ---- views.c ---- */
/* Adds the region maps, curves, comparison table and explanation to r.  Cheap
 * (closed forms on a 60x30 grid).  Errors: DMX_ECANCELED when ctx cancels. */
int bbg_views(const bbg_sol *s, dmx_result *r, const dmx_ctx *ctx, dmx_err *e);

#endif
