/* ammo_views.h -- shared structures of compute(), the views, figures and taxes. */
#ifndef DMX_AMMO_VIEWS_H
#define DMX_AMMO_VIEWS_H

#include "ammo.h"

/* Everything about one profile. */
typedef struct ammo_eval {
    double *I, *I0, *I1, *p, *u, *L;   /* n each */
    double phi, ss, d, pay;
    double *buf;
} ammo_eval;

typedef struct ammo_bounds {
    double prop3, prop4_lhs, prop4_rhs;
    int prop3_condition, prop4_holds, theorem3_case;
} ammo_bounds;

typedef struct ammo_viewdata {
    const ammo_inst *in;
    const ammo_sol *sol;
    const ammo_eval *eq, *fb, *dc;
    const unsigned char *lit;          /* literal de-correlation profile or NULL */
    double lit_val;
    const ammo_bounds *bd;
    const dmx_params *p;
} ammo_viewdata;

/* eval.c */
int ammo_eval_alloc(ammo_eval *ev, int n);
void ammo_eval_free(ammo_eval *ev);
/* Leaks, prices, payoffs, Φ, SS, D of profile a.  Errors as ammo_leaks. */
int ammo_eval_profile(const ammo_inst *in, const unsigned char *a, ammo_eval *ev, dmx_err *e);

/* A 0/1 profile as a JSON array under key (eval.c). */
dmx_node *ammo_add_profile(dmx_result *r, dmx_node *o, const char *key,
                           const unsigned char *a, int n);

/* props.c: Prop 3, Prop 4, Theorem 3 into `bounds`/`theorem3` (values also in b);
 * Prop 1 at the first best aw into `prop1`; A(p) into `user_equilibria` (n <= 16);
 * one profile (0/1 reals pv) into `profile_eval`. */
int ammo_bounds_compute(const ammo_inst *in, dmx_result *r, ammo_bounds *b, dmx_err *e);
int ammo_prop1_compute(const ammo_inst *in, const unsigned char *aw, dmx_result *r,
                       dmx_err *e);
int ammo_user_equilibria(const ammo_inst *in, const double *price, dmx_result *r,
                         dmx_err *e);
int ammo_profile_eval(const ammo_inst *in, const double *pv, dmx_result *r, dmx_err *e);

/* views.c: main per-user table, explanation text, surplus bars. */
int ammo_views(const ammo_viewdata *vd, dmx_result *r, const dmx_ctx *ctx, dmx_err *e);
/* figures.c: Figure 1 price plane, Figure 2 curves, Figure 3 map (per `figure`). */
int ammo_figures(const ammo_inst *in, const ammo_sol *sol, const dmx_params *p,
                 dmx_result *r, const dmx_ctx *ctx, dmx_err *e);
/* tax.c: uniform tax path and Pigouvian taxes into `tax` and `pigou`. */
int ammo_tax_compute(const ammo_inst *in, const ammo_sol *sol, double tau, const dmx_ctx *ctx,
                     dmx_result *r, dmx_err *e);

/* unknown.c: the reported values lie in the support of their distribution (n <= 12). */
int ammo_unknown_check(const ammo_inst *in, const dmx_params *p, dmx_err *e);
/* unknown.c: unknown valuations (Theorem B-2, Prop. B-1, Prop. B-2) into `unknown`. */
int ammo_unknown_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                         const dmx_ctx *ctx, dmx_err *e);
/* unknown.c: Φ^{-1}(y) of the exponential(λ) family, Φ(v) = v + expm1(λv)/λ: the plain
 * bisection's result bit for bit (exposed for tests). */
double ammo_exp_virt_inv(double lam, double y);
/* competition.c: two-platform second stage (n <= 8) and the slides' 2-user comparison. */
int ammo_competition_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                             const dmx_ctx *ctx, dmx_err *e);
/* pricegrid.c: pure price equilibria of the two-platform game on a grid of `price_grid`
 * prices per user (0: off), both selection rules, into `price_grid`; the check refuses
 * n > 4 and grids too fine for the budget (AMMO_GRID_WORK), naming the size that fits. */
int ammo_pricegrid_check(int n, const dmx_params *p, dmx_err *e);
int ammo_pricegrid_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                           const dmx_ctx *ctx, dmx_err *e);
/* mixture.c: unknown correlation, a finite mixture of covariances (Theorem 5). */
int ammo_mixture_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                         const dmx_ctx *ctx, dmx_err *e);
/* The checks of the mixture parameters for n users (shape of mixture_covs, probabilities
 * summing to 1, every block a covariance); run by validate and by compute. */
int ammo_mixture_check(int n, const dmx_params *p, dmx_err *e);

#endif
