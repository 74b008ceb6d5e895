/* glp.h -- internal interface of the Galperti-Liu-Perego model
 * ("Competitive Markets for Personal Data", Galperti, Liu, Perego (2023); docs/models/glp.md).
 *
 * Index conventions (everywhere in engine/glp, the JSON and the YAML):
 *   types  ω_i, i = 0..n-1 (strictly increasing, > 0)
 *   fees   a_j, j = 0..m-1 (strictly increasing, > 0; default: the types)
 *   matrices over (type, fee) are row-major n x m: M[i*m + j] = M(a_j, ω_i),
 *   so x[i*m+j] = x(a_j | ω_i) and chi[i*m+j] = χ(a_j, ω_i) = x(a_j|ω_i) q(ω_i).
 * Not part of the public API: only engine/glp/ and tests include it. */
#ifndef DMX_GLP_H
#define DMX_GLP_H

#include <pthread.h>
#include "err.h"
#include "param.h"
#include "result.h"
#include "model.h"
#include "lp.h"
#include "glp_tol.h"

/* Budget (presets/README.md): the most types and fees computed by default (the
 * analysis at 12 types takes about 0.5 s, at 20 about 1.4 s, at 30 about 7 s),
 * the hard ceiling a batch user may raise max_types to (memory stays bounded:
 * LPs of ~n·m + m² columns), the largest accepted value of any number, and the
 * smallest positive value relative to the largest of its kind.  Together they
 * keep every LP coefficient finite and within a ratio of about 1e12. */
#define GLP_MAX_TYPES 12
#define GLP_MAX_TYPES_HARD 100
#define GLP_MAX_VALUE 1e6
#define GLP_MIN_REL 1e-6

/* One instance: primitives of Section 2 plus precomputed payoff tables. */
typedef struct glp_inst {
    int n, m;
    double *w;        /* ω_i (n) */
    double *a;        /* a_j (m) */
    double *qbar;     /* q̄(ω_i) (n) */
    double *r;        /* r(ω_i) (n), broadcast resolved */
    double gu, gp;    /* γ_u, γ_π */
    double *u, *pi, *v; /* n*m: u(a,ω)=max{ω-a,0}, π(a,ω)=a·1(ω≥a), v=γ_u u+γ_π π */
    int fees_are_types; /* A = Ω (the paper's case) */
    int omega_in_A;   /* Ω ⊆ A: other fees are dominated, the BBM triangle holds */
    double R;         /* Σ q̄ r */
    double mass;      /* Σ q̄ */
    const atomic_int *cancel; /* ctx->cancel of the compute (NULL: never), read by every LP */
} glp_inst;

/* Builds an instance from validated parameters.  DMX_EINTERNAL on OOM. */
int glp_inst_init(glp_inst *g, const dmx_params *p, dmx_err *e);
/* Builds an instance from raw arrays (fees may be NULL = types, r has n entries). */
int glp_inst_make(glp_inst *g, int n, const double *w, int m, const double *a,
                  const double *qbar, const double *r, double gu, double gp, dmx_err *e);
void glp_inst_free(glp_inst *g);
/* dmx_lp_new with the instance's cancel flag attached.  NULL on OOM. */
dmx_lp *glp_lp_new(const glp_inst *g, int maximize, int ncols);

/* A solution of the information-design problem P_q (Section 2). */
typedef struct glp_mech {
    double V;         /* objective value (platform payoff for the default weights) */
    double su, spi;   /* consumer surplus Σ u χ and merchant profit Σ π χ */
    double *chi;      /* n*m */
    double *x;        /* n*m, rows of off-path types (q = 0) filled by glp_offpath_row */
    double *psi;      /* n: duals of the rows Σ_a χ(a,ω) = q(ω) (optimal ψ of P'_q) */
    double kkt;       /* KKT residual of the solve */
    int dual_degen;   /* optimal χ may be non-unique */
    int primal_degen; /* optimal ψ may be non-unique */
} glp_mech;

int glp_mech_alloc(const glp_inst *g, glp_mech *M, dmx_err *e);
void glp_mech_free(glp_mech *M);

/* design.c: solves P_q with payoff cu·u + cp·π (cu=γ_u, cp=γ_π gives V(q); the
 * planner's (1+γ_u, γ_π) gives the mechanism of constrained efficiency).  Extra
 * rows: when su_fix/spi_fix are finite, s_u / s_π are fixed to them (a point of
 * the triangle).  DMX_EDATA when infeasible, DMX_EINTERNAL on GLPK failure. */
int glp_design_w(const glp_inst *g, const double *q, double cu, double cp, glp_mech *M,
                 dmx_err *e);
/* A P_q kept between solves at different q (only the rows Σ_a χ = q change), each
 * solve warm from the previous optimal basis (dual simplex).  The first solve is
 * the same cold solve as glp_design_w. */
typedef struct glp_design_ws {
    dmx_lp *lp;
    int solved;
    int lean;     /* set by the caller: M->kkt and the degeneracy flags are left 0 */
} glp_design_ws;
int glp_design_ws_init(const glp_inst *g, double cu, double cp, glp_design_ws *w,
                       dmx_err *e);
int glp_design_ws_solve(const glp_inst *g, glp_design_ws *w, const double *q, glp_mech *M,
                        dmx_err *e);
void glp_design_ws_free(glp_design_ws *w);
/* Adds the obedience rows of P_q over the χ columns col0 .. col0+n*m-1. */
int glp_add_obedience(const glp_inst *g, dmx_lp *lp, int col0, dmx_err *e);
/* Which rows glp_add_obedience adds: row[j*m + k] = the index of the row of
 * recommendation a_j against deviation a_k among them, -1 when it is skipped
 * (identically zero) or k == j.  Returns how many rows it adds. */
int glp_obedience_rows(const glp_inst *g, int *row);
/* V(q) and an optimal mechanism for the platform's own weights. */
int glp_design(const glp_inst *g, const double *q, glp_mech *M, dmx_err *e);
/* Fills x(.|ω_i) for a type outside the database: the fee that leaves the consumer
 * the least surplus (the smallest a ≥ ω, else the largest a); returns that j. */
int glp_offpath_row(const glp_inst *g, int i, double *xrow);
/* Consumer surplus E_x[u(a, ω_i)] of row i. */
double glp_eu(const glp_inst *g, const double *x, int i);
/* Platform LP of Def. 4(a) / Def. 5(a): sup Σ (v(a,ω) − p(a,ω)) χ(a,ω) over obedient
 * χ ≥ 0 with no quantity limit (p is n*m).  *bounded = 0 when unbounded (then
 * *value = +inf).  DMX_EINTERNAL on GLPK failure. */
int glp_platform_profit(const glp_inst *g, const double *p, double *value, int *bounded,
                        dmx_err *e);

/* triangle.c: the Bergemann-Brooks-Morris triangle (proof of Prop. 3, Fig. 2). */
typedef struct glp_tri {
    double pi_star, w_star;
    int jstar;        /* fee of the uniform monopoly price */
    double V;         /* closed form max{γ_π w*, γ_u(w*−π*) + γ_π π*} */
    double su, spi;   /* platform's optimal point (consumer-optimal vertex when γ_u ≥ γ_π) */
    int tie;          /* γ_u == γ_π: the whole hypotenuse is optimal */
} glp_tri;
double glp_pi_star(const glp_inst *g, const double *q, int *jstar);
double glp_w_star(const glp_inst *g, const double *q);
void glp_triangle(const glp_inst *g, const double *q, glp_tri *t);

/* welfare.c: eq. (1) and (B.1). */
/* Constrained efficiency (Def. 3; wpi = 1 for the SW version of Def. 7) by a KKT/MILP
 * of the bilevel problem, valid without the BBM triangle; W into *Wout, q into qout. */
int glp_ce_kkt_milp(const glp_inst *g, double wpi, double *Wout, double *qout, dmx_err *e);
double glp_W(const glp_inst *g, const double *q, const double *chi);
double glp_SW(const glp_inst *g, const double *q, const double *chi);
/* First best (Def. 6): q, χ/x, value, duals μ ≥ 0 of the caps, prices_unique. */
typedef struct glp_fb {
    double W;
    double *q, *mu;   /* n */
    glp_mech M;       /* chi, x (psi unused) */
    int *mu_fixed;    /* n: 1 when the optimal basis shows μ(ω) is the same at every
                       * optimal dual (dmx_lp_row_dual_fixed) */
    int mu_unique;    /* every mu_fixed is 1 */
    double kkt;
} glp_fb;
/* wpi = 0: W of eq. (1); wpi = 1: SW of eq. (B.1) (the socially efficient Def. 7 analogue). */
int glp_first_best(const glp_inst *g, double wpi, glp_fb *fb, dmx_err *e);
void glp_fb_free(glp_fb *fb);
/* Range [lo, hi] of each optimal dual μ(ω) of FB (min / max over the optimal dual
 * face; hi = +inf when unbounded).  Decides whether the Lindahl prices of Prop. 5
 * are unique.  A μ(ω) that fb->mu_fixed shows unique, or that the range LPs
 * certify unique, is reported as the point fb->mu(ω).  DMX_EINTERNAL on GLPK
 * failure. */
int glp_fb_mu_range(const glp_inst *g, const glp_fb *fb, double *lo, double *hi, dmx_err *e);
/* Constrained efficiency (Def. 3) by the triangle reduction (docs/models/glp.md): q° and W°,
 * plus the planner-optimal mechanism at q°. */
typedef struct glp_ce {
    double W;
    double *q;        /* n */
    glp_mech M;
    double kkt;
} glp_ce;
/* wpi = 0: Def. 3 (W); wpi = 1: Def. 7 (constrained socially efficient, SW). */
int glp_constrained_eff(const glp_inst *g, double wpi, glp_ce *ce, dmx_err *e);
void glp_ce_free(glp_ce *ce);

/* economies.c */
/* Lindahl prices p(a,ω) = μ(ω) + r(ω) − u(a,ω) (proof of Prop. 5) into p (n*m). */
void glp_lindahl_prices(const glp_inst *g, const double *mu, double *p);
/* Certifies a Lindahl profile against Definition 5 (a)-(c).  ok = 1 when every
 * condition holds within tol; why gets the first failing condition.  The
 * allocation is χ (n*m) with q = row sums. */
int glp_lindahl_certify(const glp_inst *g, const double *p, const double *chi, double tol,
                        int *ok, char *why, size_t nwhy, double *resid, dmx_err *e);

/* competitive.c */
typedef struct glp_eq {
    double *p, *zeta, *q, *x;  /* n, n, n, n*m */
    double cw, W, SW, V;       /* consumer welfare, eq.(1), eq.(B.1), V(q) */
    int verified, exact;
    char source[96];
    char why[256];             /* verifier's verdict */
    char kind[32];             /* "no trade", "high trade", "trade", ... */
} glp_eq;
/* How the list of competitive equilibria was obtained (program state; the
 * strings below are for display only). */
typedef enum glp_cs_how {
    GLP_CS_NONE = 0,           /* not computed */
    GLP_CS_TWOTYPE,            /* closed form of Section 4.1 / App. B.2 */
    GLP_CS_PROP3,              /* closed form of Prop. 3 (γ_π > γ_u, Ω ⊆ A) */
    GLP_CS_SEARCH              /* the general search (LP/MILP) */
} glp_cs_how;
typedef struct glp_eqset {
    glp_eq *eq;
    int neq, cap;
    glp_cs_how how;
    char label[48];            /* competitive.case */
    char badge[96];
    char text[1024];
    char continuum[256];
    int closed_form;
    int complete;              /* 1: the list provably holds every equilibrium */
} glp_eqset;
/* eqset.c: appends a zeroed equilibrium (arrays sized for g) to s. */
int glp_eq_push(const glp_inst *g, glp_eqset *s, glp_eq **out, dmx_err *e);
/* Drops the last equilibrium of s (a candidate the verifier rejected). */
void glp_eq_pop(glp_eqset *s);
void glp_eqset_free(glp_eqset *s);
/* Deep copy of src into dst (dst uninitialised). */
int glp_eqset_copy(const glp_inst *g, glp_eqset *dst, const glp_eqset *src, dmx_err *e);
/* Verifies a competitive profile (Def. 4 with Def. 1); ok=1 or why = failing condition. */
int glp_competitive_verify(const glp_inst *g, const double *p, const double *zeta,
                           const double *q, const double *x, double tol, int *ok,
                           char *why, size_t nwhy, double *resid, dmx_err *e);
/* Full competitive analysis: closed forms where they apply, else the §8 search. */
int glp_competitive(const glp_inst *g, const double *Wcirc, const dmx_ctx *ctx,
                    glp_eqset *s, double *resid, dmx_err *e);
/* Another thread's help to the search (glp_compute with two or more jobs: the
 * thread that solved the other economies runs the search's queued LPs and MILPs
 * instead of waiting).  glp_competitive_assisted is glp_competitive with the
 * helper `a` (same result); it ends a's help when it returns.  glp_assist_help
 * blocks until the search has queued work, runs it, and returns when the search
 * needs no more help. */
typedef struct glp_assist {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    void *queue;            /* the search's queue while it takes help */
    int over;
} glp_assist;
int glp_assist_init(glp_assist *a, dmx_err *e);
void glp_assist_free(glp_assist *a);
void glp_assist_help(glp_assist *a);
int glp_competitive_assisted(const glp_inst *g, const double *Wcirc, const dmx_ctx *ctx,
                             glp_assist *a, glp_eqset *s, double *resid, dmx_err *e);
/* The general search alone (no closed form), for cross-checks.  flags:
 * GLP_SEARCH_PLAIN recomputes every V(q) and re-runs repeated fixed-q LPs (no memo,
 * no pruning): slower, and by construction the same list; the regression test
 * compares the two modes. */
enum { GLP_SEARCH_PLAIN = 1 };
int glp_competitive_search(const glp_inst *g, const double *qce, const dmx_ctx *ctx,
                           int flags, glp_eqset *s, double *resid, dmx_err *e);
/* The search at a fixed q: the LP feasibility problem. found=1 with p, x. */
int glp_competitive_at_q(const glp_inst *g, const double *q, int *found, double *p,
                         double *x, dmx_err *e);

/* twotype.c: Section 4.1 / App. B.2 closed forms. */
enum { GLP2_NONE = -1, GLP2_NOTRADE = 0, GLP2_CASE1, GLP2_CASE2, GLP2_CASE3, GLP2_CASE4 };
/* 1 when the instance is the paper's two-type example (Ω = A = {1,2}, γ_π = 0,
 * equal outside options r̄ ∈ (0,1), 0 < q̄1 < q̄2), the paper's assumptions; at r̄ = 0
 * the high-trade allocation is efficient and the general search is used). */
int glp2_applies(const glp_inst *g);
/* Region of (r̄, γ_u) per Section 4.1 and App. B.2 (Case 4 on γ_u = r̄). */
int glp2_case(double rbar, double gu);
const char *glp2_label(int c);
const char *glp2_badge(int c);
/* Plain-language reason of the case, from Section 4.1 and App. B.2. */
const char *glp2_explain(int c);
/* Fills every equilibrium of the closed form (unverified; the caller verifies). */
int glp2_equilibria(const glp_inst *g, glp_eqset *s, dmx_err *e);

/* glp.c / views.c: everything one compute solved, shared by the contract emitter
 * (glp.c) and the views (views.c). */
typedef struct glp_all {
    glp_inst g;
    glp_tri tri;
    glp_mech ex;        /* expropriation: P_q at q̄ */
    glp_fb fb;
    glp_ce ce;
    glp_eqset cs;
    glp_fb sfb;         /* App. B.1: social-welfare first best ... */
    glp_ce sce;         /* ... and constrained social efficiency (Def. 7) */
    double *mono_p, *union_p, *lind_p, *lind_zeta, *zeta_ce;
    double *mu_lo, *mu_hi;       /* range of the first-best duals μ */
    double lind_plat, lind_res;  /* Lindahl platform payoff, certificate residual */
    int lind_ok;
    char lind_why[256];
    double union_t;              /* data union's lump sum G / Σ q̄ */
    double ce_Wchk;              /* W at the constrained-efficient allocation */
    double resid;
    int have_tri, have_ex, have_fb, have_ce, have_cs, have_lind, have_union, have_social;
    int two;                     /* the two-type example of Section 4.1 applies */
} glp_all;

/* views.c: the tables, plots and explanation of the explorer; maps at the
 * detail ctx asks for (dmx_view_detail; ctx may be NULL: full). */
int glp_views(dmx_result *r, const glp_all *A, const dmx_ctx *ctx, dmx_err *e);

#endif
