/* ammo.c -- the `ammo` model table: parameters, compute() and the JSON contract.
 *
 * Acemoglu, Makhdoumi, Malekian, Ozdaglar, "Too Much Data: Prices and Inefficiencies in
 * Data Markets" (AEJ: Micro 2022); the model and every formula: docs/models/ammo.md.
 * Contract: equilibrium.{profile,prices,leaks,platform_payoff,social_surplus,n_maximizers,
 * social_surplus_range}, first_best.{profile,social_surplus},
 * decorrelation.{paper,literal}.{profile,social_surplus},
 * bounds.{prop3,prop3_condition,prop4_lhs,prop4_rhs,prop4_holds}, method.{...}. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ammo.h"
#include "ammo_views.h"
#include "../linalg.h"

static const char *const gen_choices[] = {"auto", "explicit", "equicorrelated", "communities",
                                          "factor", "ar1", "ring", "block", NULL};
static const char *const fig_choices[] = {"auto", "none", "price_plane", "sec34", "example2",
                                          NULL};
static const char *const vdist_choices[] = {"none", "uniform", "exponential", "power", NULL};
static const char *const vary_choices[] = {"all", "last", NULL};
static const dmx_field comm_fields[] = {
    {"size", "m_g", "users", "number of users in the community", 1, 400, 1, 50, 1, 10,
     DMX_F_INTEGER},
    {"variance", "s_g", "", "variance σ² of each member's type", 0, 100, 0.05, 5, 0.05, 1,
     DMX_F_LO_OPEN},
    {"within", "c_g", "", "correlation between two members", -1, 1, 0, 0.5, 0.01, 0.05, 0},
    {"value", "v_g", "", "value of privacy of every member", 0, 1000, 0, 10, 0.01, 1, 0},
};

static const dmx_param_desc ammo_params[] = {
    {.key = "generator", .label = "Σ from", .meaning = "how Σ is built: auto (cov if given, "
     "else communities, else equicorrelated), explicit, equicorrelated, communities, factor, "
     "ar1, ring, block", .kind = DMX_P_CHOICE, .choices = gen_choices, .def = 0},
    {.key = "cov", .label = "Σ", .meaning = "explicit covariance matrix of the types "
     "(symmetric, positive semidefinite, positive diagonal)", .kind = DMX_P_MAT,
     .lo = -1e6, .hi = 1e6, .smin = -1, .smax = 1, .step = 0.01, .def = NAN,
     .flags = DMX_F_OPTIONAL | DMX_F_SQUARE | DMX_F_SYMMETRIC, .max_len = AMMO_MAX_N},
    {.key = "values", .label = "v", .meaning = "value of privacy v_i of each user (one number "
     "= the same for all; with a generator the list repeats: user i gets values[i mod "
     "length]); v_i <= 1 is low value", .kind = DMX_P_VEC, .lo = 0, .hi = 1000,
     .smin = 0, .smax = 5, .step = 0.01, .def = NAN, .flags = DMX_F_OPTIONAL,
     .max_len = AMMO_MAX_N},
    {.key = "n", .label = "n", .meaning = "number of users for the generators", .kind = DMX_P_INT,
     .lo = 1, .hi = AMMO_MAX_N, .smin = 2, .smax = 20, .step = 1, .def = 10,
     .flags = DMX_F_INTEGER | DMX_F_EXPLICIT},
    {.key = "rho", .label = "ρ", .meaning = "correlation of the generators (equicorrelated, "
     "AR(1)/ring ρ^d, block; factor: common share of variance)", .kind = DMX_P_REAL, .lo = -1,
     .hi = 1, .smin = -0.99, .smax = 0.99, .step = 0.01, .def = 0.5,
     .flags = DMX_F_EXPLICIT},
    {.key = "variance", .label = "σ²", .meaning = "variance of every type (generators)",
     .kind = DMX_P_REAL, .lo = 0, .hi = 100, .smin = 0.05, .smax = 5, .step = 0.05, .def = 1,
     .flags = DMX_F_LO_OPEN | DMX_F_EXPLICIT},
    {.key = "value", .label = "v", .meaning = "value of privacy of every generated user when "
     "`values` is absent", .kind = DMX_P_REAL, .lo = 0, .hi = 1000, .smin = 0, .smax = 5,
     .step = 0.01, .def = 1.5,
     .flags = DMX_F_EXPLICIT},
    {.key = "factors", .label = "k", .meaning = "number of factors (factor generator)",
     .kind = DMX_P_INT, .lo = 1, .hi = 50, .smin = 1, .smax = 10, .step = 1, .def = 2,
     .flags = DMX_F_INTEGER | DMX_F_EXPLICIT},
    {.key = "seed", .label = "seed", .meaning = "seed of the factor generator", .kind = DMX_P_INT,
     .lo = 0, .hi = 1e9, .def = 1, .flags = DMX_F_INTEGER | DMX_F_NOSLIDER | DMX_F_EXPLICIT},
    {.key = "block", .label = "block", .meaning = "block size (block-diagonal generator)",
     .kind = DMX_P_INT, .lo = 1, .hi = AMMO_MAX_N, .smin = 1, .smax = 10, .step = 1, .def = 4,
     .flags = DMX_F_INTEGER | DMX_F_EXPLICIT},
    {.key = "communities", .label = "communities", .meaning = "exchangeable communities "
     "(size, variance, within-correlation, value); users are numbered community by community",
     .kind = DMX_P_RECS, .fields = comm_fields, .nfields = 4, .def = NAN,
     .flags = DMX_F_OPTIONAL, .max_len = AMMO_MAX_COMM},
    {.key = "across", .label = "ρ_across", .meaning = "correlation between members of "
     "different communities", .kind = DMX_P_REAL, .lo = -1, .hi = 1, .smin = 0, .smax = 0.145,
     .step = 0.001, .def = 0.1,
     .flags = DMX_F_EXPLICIT},
    {.key = "tax", .label = "τ", .meaning = "uniform tax per data transaction (§6.1)",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1e6, .smin = 0, .smax = 1, .step = 0.005, .def = 0,
     .flags = DMX_F_EXPLICIT},
    {.key = "prices", .label = "p", .meaning = "a price vector at which to list the user "
     "equilibria A(p) (n <= 16)", .kind = DMX_P_VEC, .lo = -1e6, .hi = 1e6, .smin = 0,
     .smax = 1, .step = 0.005, .def = NAN, .flags = DMX_F_OPTIONAL, .max_len = AMMO_MAX_N},
    {.key = "profile", .label = "a", .meaning = "a sharing profile (0/1 per user) whose leaks, "
     "prices and payoffs are reported under profile_eval", .kind = DMX_P_VEC, .lo = 0, .hi = 1,
     .smin = 0, .smax = 1, .step = 1, .def = NAN, .flags = DMX_F_OPTIONAL | DMX_F_INTEGER,
     .max_len = AMMO_MAX_N},
    {.key = "prices2", .label = "p²", .meaning = "platform 2's price vector: with `prices` "
     "(platform 1) lists the pure second-stage equilibria of the two-platform model (§4, n <= 8)",
     .kind = DMX_P_VEC, .lo = -1e6, .hi = 1e6, .smin = 0, .smax = 1, .step = 0.005, .def = NAN,
     .flags = DMX_F_OPTIONAL, .max_len = AMMO_MAX_N},
    {.key = "join_c0", .label = "c0", .meaning = "joining value c_i(J) = c0 + c1(|J|-1) of the "
     "two-platform model (Assumption 1: c0 > max v_j σ_j², c1 > 0)", .kind = DMX_P_REAL,
     .lo = -1e6, .hi = 1e6, .smin = 0, .smax = 10, .step = 0.1, .def = 3,
     .flags = DMX_F_EXPLICIT},
    {.key = "join_c1", .label = "c1", .meaning = "network effect of joining: c_i(J) = c0 + "
     "c1(|J|-1)", .kind = DMX_P_REAL, .lo = -1e6, .hi = 1e6, .smin = 0, .smax = 1,
     .step = 0.01, .def = 0.1,
     .flags = DMX_F_EXPLICIT},
    {.key = "price_grid", .label = "price grid", .meaning = "two platforms (§4): search the "
     "pure price equilibria on a grid of this many prices per user (0: off; n <= 4; too fine "
     "a grid is refused with the size that fits)", .kind = DMX_P_INT, .lo = 0, .hi = 1000,
     .smin = 2, .smax = 12, .step = 1, .def = 0, .flags = DMX_F_INTEGER | DMX_F_EXPLICIT},
    {.key = "price_max", .label = "p_max", .meaning = "upper end of the price grid (0: the "
     "total leaked information Σ_j I_j(V), which no equilibrium price exceeds)",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1e6, .smin = 0, .smax = 5, .step = 0.05, .def = 0,
     .flags = DMX_F_EXPLICIT},
    {.key = "mixture_probs", .label = "μ", .meaning = "unknown correlation (§5.3): "
     "probabilities of the covariance matrices stacked in mixture_covs", .kind = DMX_P_VEC,
     .lo = 0, .hi = 1, .smin = 0, .smax = 1, .step = 0.01, .def = NAN,
     .flags = DMX_F_OPTIONAL, .max_len = 16},
    {.key = "mixture_covs", .label = "Σ^(k)", .meaning = "unknown correlation: K covariance "
     "matrices (n x n each) stacked vertically, K·n rows", .kind = DMX_P_MAT, .lo = -1e6,
     .hi = 1e6, .smin = -1, .smax = 1, .step = 0.01, .def = NAN, .flags = DMX_F_OPTIONAL,
     .max_len = 16 * 16},
    {.key = "vdist", .label = "F_i", .meaning = "unknown valuations (§5.2): distribution of "
     "every v_i (none, uniform[0,b], exponential(λ), power (v/b)^k); `values` are the reports",
     .kind = DMX_P_CHOICE, .choices = vdist_choices, .def = 0,
     .flags = DMX_F_EXPLICIT},
    {.key = "vdist_param", .label = "b | λ", .meaning = "upper end b (uniform, power) or rate "
     "λ (exponential) of the value distribution", .kind = DMX_P_REAL, .lo = 0, .hi = 1e6,
     .smin = 0.1, .smax = 10, .step = 0.05, .def = 3, .flags = DMX_F_LO_OPEN | DMX_F_EXPLICIT},
    {.key = "vdist_k", .label = "k", .meaning = "exponent of the power distribution",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1e3, .smin = 0.2, .smax = 10, .step = 0.1, .def = 2,
     .flags = DMX_F_LO_OPEN | DMX_F_EXPLICIT},
    {.key = "figure", .label = "figure", .meaning = "extra plot: auto (price plane for 2 users, "
     "Figure 3 map for 2 communities), none, price_plane (Fig. 1), sec34 (Fig. 2), example2 "
     "(Fig. 3)", .kind = DMX_P_CHOICE, .choices = fig_choices, .def = 0,
     .flags = DMX_F_EXPLICIT},
    {.key = "vary", .label = "vary", .meaning = "Figure 2 curves: the value axis sets every "
     "user's value (all) or only the last user's (last, the introduction example)",
     .kind = DMX_P_CHOICE, .choices = vary_choices, .def = 0,
     .flags = DMX_F_EXPLICIT},
    {.key = "vmax", .label = "v_max", .meaning = "upper end of the value axis of the figures",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1000, .smin = 1, .smax = 50, .step = 0.5, .def = 10,
     .flags = DMX_F_LO_OPEN | DMX_F_EXPLICIT},
    {.key = "grid", .label = "grid", .meaning = "cells per axis of region maps",
     .kind = DMX_P_INT, .lo = 4, .hi = 1000, .def = 100, .flags = DMX_F_INTEGER | DMX_F_NOSLIDER | DMX_F_EXPLICIT},
    {.key = "max_exact", .label = "max exact", .meaning = "largest component enumerated "
     "exactly (2^n profiles); larger ones use Lemma 3 or a labelled heuristic",
     .kind = DMX_P_INT, .lo = 1, .hi = AMMO_MAX_EXACT, .def = 26,
     .flags = DMX_F_INTEGER | DMX_F_NOSLIDER | DMX_F_EXPLICIT},
    {.key = "budget", .label = "budget", .meaning = "work budget in CPU seconds: instances "
     "whose search is estimated to take longer are refused up front with the estimate "
     "(the explorer's default; raise it for batch runs, e.g. --set budget=600)",
     .kind = DMX_P_REAL, .lo = 0.1, .hi = 1e6, .def = AMMO_BUDGET_S,
     .flags = DMX_F_NOSLIDER | DMX_F_EXPLICIT},
    {.key = "threads", .label = "threads", .meaning = "worker threads of the exact search",
     .kind = DMX_P_INT, .lo = 1, .hi = 16, .def = 2, .flags = DMX_F_INTEGER | DMX_F_NOSLIDER | DMX_F_EXPLICIT},

};

/* Everything compute() would refuse about the optional sections, for n users. */
static int check_sections(const ammo_inst *in, const dmx_params *p, dmx_err *e)
{
    const int n = in->n;
    static const char *const vecs[] = {"prices", "profile", "prices2"};
    for (int k = 0; k < 3; k++) {
        const dmx_pval *pv = dmx_p(p, vecs[k]);
        if (pv->set && pv->rows * pv->cols != n)
            return dmx_err_set(e, DMX_EDATA, "%s has %d entries but there are %d users",
                               vecs[k], pv->rows * pv->cols, n);
    }
    if (dmx_p_is_set(p, "prices2") && !dmx_p_is_set(p, "prices"))
        return dmx_err_set(e, DMX_EDATA, "prices2 needs prices (platform 1's price vector)");
    const char *fig = dmx_p_choice(p, "figure");
    if (strcmp(fig, "price_plane") == 0 && n != 2)
        return dmx_err_set(e, DMX_EDATA, "figure price_plane needs exactly 2 users (there "
                                         "are %d)", n);
    if (strcmp(fig, "example2") == 0 && in->K < 2)
        return dmx_err_set(e, DMX_EDATA, "figure example2 needs at least 2 communities");
    int rc = ammo_unknown_check(in, p, e);
    if (rc == DMX_OK)
        rc = ammo_mixture_check(n, p, e);
    if (rc == DMX_OK)
        rc = ammo_pricegrid_check(n, p, e);
    return rc;
}

/* Builds the instance (generator, lengths, symmetry, PSD), checks every optional section
 * and the work budget: `dmx check`, preset loading and the explorer refuse up front
 * exactly what compute() would refuse or could not finish within the budget. */
static int ammo_validate(const dmx_params *p, dmx_err *e)
{
    const dmx_pval *c = dmx_p(p, "cov");
    if (c->set && c->rows != c->cols)
        return dmx_err_set(e, DMX_EDATA, "cov must be square (it is %d×%d)", c->rows, c->cols);
    ammo_inst in;
    int rc = ammo_inst_build(p, &in, e);
    if (rc != DMX_OK)
        return rc;
    rc = check_sections(&in, p, e);
    if (rc == DMX_OK)
        rc = ammo_budget_check(&in, (int)dmx_p_num(p, "max_exact"), dmx_p_num(p, "budget"), e);
    ammo_inst_free(&in);
    return rc;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The three profiles compute() reports on and their evaluations. */
typedef struct ammo_run {
    ammo_inst in;
    ammo_sol sol;
    ammo_eval eq, fb, dc;
    ammo_bounds bd;
    unsigned char *lit;            /* literal de-correlation profile */
    double lit_val;
    int have_lit;
    int max_exact;                 /* largest enumerated component (parameter max_exact) */
} ammo_run;

static void run_free(ammo_run *x)
{
    free(x->lit);
    ammo_eval_free(&x->eq);
    ammo_eval_free(&x->fb);
    ammo_eval_free(&x->dc);
    ammo_sol_free(&x->sol);
    ammo_inst_free(&x->in);
}

/* Equilibrium (Theorem 1, Theorem 2) and first best (Proposition 1). */
static void emit_equilibrium(const ammo_run *x, dmx_result *r)
{
    const int n = x->in.n;
    const ammo_sol *s = &x->sol;
    const ammo_eval *eq = &x->eq;
    dmx_node *o = dmx_add_obj(r, r->root, "equilibrium");
    ammo_add_profile(r, o, "profile", s->a[AMMO_OBJ_PHI], n);
    dmx_add_vec(r, o, "prices", eq->p, n);
    dmx_add_vec(r, o, "leaks", eq->I, n);
    dmx_add_vec(r, o, "leaks_without_own", eq->I0, n);
    dmx_add_vec(r, o, "user_payoffs", eq->u, n);
    dmx_add_num(r, o, "platform_payoff", eq->phi);
    dmx_add_num(r, o, "total_payment", eq->pay);
    dmx_add_num(r, o, "social_surplus", eq->ss);
    dmx_add_int(r, o, "sharers", ammo_popcount_profile(n, s->a[AMMO_OBJ_PHI]));
    if (s->exact[AMMO_OBJ_PHI])
        dmx_add_num(r, o, "n_maximizers", s->count[AMMO_OBJ_PHI]);
    else
        dmx_add_null(r, o, "n_maximizers", "heuristic: maximizers not counted");
    double rng[2] = {s->ss_lo[AMMO_OBJ_PHI], s->ss_hi[AMMO_OBJ_PHI]};
    dmx_add_vec(r, o, "social_surplus_range", rng, 2);
    dmx_add_bool(r, o, "exact", s->exact[AMMO_OBJ_PHI]);
    if (!s->exact[AMMO_OBJ_PHI])
        dmx_add_num(r, o, "gap_bound", s->gap[AMMO_OBJ_PHI]);

    o = dmx_add_obj(r, r->root, "first_best");
    ammo_add_profile(r, o, "profile", s->a[AMMO_OBJ_SS], n);
    dmx_add_num(r, o, "social_surplus", x->fb.ss);
    if (s->exact[AMMO_OBJ_SS])
        dmx_add_num(r, o, "n_maximizers", s->count[AMMO_OBJ_SS]);
    else
        dmx_add_null(r, o, "n_maximizers", "heuristic: maximizers not counted");
    dmx_add_bool(r, o, "exact", s->exact[AMMO_OBJ_SS]);
    if (!s->exact[AMMO_OBJ_SS])
        dmx_add_num(r, o, "gap_bound", s->gap[AMMO_OBJ_SS]);
}

/* De-correlation (§6.2, Theorem 6): the paper's mediator and the literal Σ^{-1}S one.
 * Only cancellation is an error; a literal mediator that cannot be formed is a null. */
static int emit_decorrelation(ammo_run *x, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    const int n = x->in.n;
    const ammo_sol *s = &x->sol;
    dmx_node *o = dmx_add_obj(r, r->root, "decorrelation");
    dmx_node *pa = dmx_add_obj(r, o, "paper");
    ammo_add_profile(r, pa, "profile", s->a[AMMO_OBJ_DEC], n);
    dmx_add_num(r, pa, "social_surplus", x->dc.d);
    double *pt = malloc(sizeof *pt * (size_t)n);
    if (pt) {
        for (int i = 0; i < n; i++)      /* Theorem 6: p̃_i = v_i I_i(T̃) */
            pt[i] = s->a[AMMO_OBJ_DEC][i] ? x->in.v[i] * x->dc.I[i] : 0.0;
        dmx_add_vec(r, pa, "prices", pt, n);
        free(pt);
    }
    if (s->exact[AMMO_OBJ_DEC])
        dmx_add_num(r, pa, "n_maximizers", s->count[AMMO_OBJ_DEC]);
    dmx_node *li = dmx_add_obj(r, o, "literal");
    dmx_err le = {0};
    double cnt = NAN;
    double *corr = calloc((size_t)n, sizeof *corr);
    int lrc = ammo_literal_solve(&x->in, x->max_exact, ctx, x->lit, &x->lit_val, &cnt, corr,
                                 &le);
    if (lrc == DMX_ECANCELED) {
        free(corr);
        return dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
    }
    if (lrc == DMX_OK) {
        x->have_lit = 1;
        ammo_add_profile(r, li, "profile", x->lit, n);
        dmx_add_num(r, li, "social_surplus", x->lit_val);
        dmx_add_num(r, li, "n_maximizers", cnt);
        if (corr)
            dmx_add_vec(r, li, "corr_X_Stilde", corr, n);
    } else {
        dmx_add_null(r, li, "profile", le.msg);
        dmx_add_null(r, li, "social_surplus", le.msg);
    }
    free(corr);
    return DMX_OK;
}

/* A per-user vector parameter that must have n entries (NULL when unset). */
static int user_vec(const dmx_params *p, const char *key, int n, const double **out,
                    dmx_err *e)
{
    *out = NULL;
    if (!dmx_p_is_set(p, key))
        return DMX_OK;
    const dmx_pval *pv = dmx_p(p, key);
    if (pv->rows * pv->cols != n)
        return dmx_err_set(e, DMX_EDATA, "%s has %d entries but there are %d users", key,
                           pv->rows * pv->cols, n);
    *out = pv->v;
    return DMX_OK;
}

/* Propositions, listings and the optional sections (§2-§5), in contract order. */
static int emit_sections(ammo_run *x, const dmx_params *p, dmx_result *r, const dmx_ctx *ctx,
                         dmx_err *e)
{
    const ammo_inst *in = &x->in;
    const double *pv;
    int rc = ammo_bounds_compute(in, r, &x->bd, e);
    if (rc == DMX_OK && in->n <= 60 && dmx_wants(ctx, "prop1"))
        rc = ammo_prop1_compute(in, x->sol.a[AMMO_OBJ_SS], r, e);
    if (rc == DMX_OK)
        rc = user_vec(p, "prices", in->n, &pv, e);
    if (rc == DMX_OK && pv)
        rc = ammo_user_equilibria(in, pv, r, e);
    if (rc == DMX_OK)
        rc = user_vec(p, "profile", in->n, &pv, e);
    if (rc == DMX_OK && pv)
        rc = ammo_profile_eval(in, pv, r, e);
    if (rc == DMX_OK && dmx_wants(ctx, "unknown"))
        rc = ammo_unknown_compute(in, p, r, ctx, e);
    if (rc == DMX_OK && dmx_wants(ctx, "mixture"))
        rc = ammo_mixture_compute(in, p, r, ctx, e);
    if (rc == DMX_OK && dmx_wants(ctx, "competition"))
        rc = ammo_competition_compute(in, p, r, ctx, e);
    if (rc == DMX_OK && dmx_wants(ctx, "price_grid"))
        rc = ammo_pricegrid_compute(in, p, r, ctx, e);
    return rc;
}

static void emit_method(const ammo_run *x, double secs, dmx_result *r)
{
    const ammo_sol *s = &x->sol;
    int exact = s->exact[0] && s->exact[1] && s->exact[2];
    dmx_node *o = dmx_add_obj(r, r->root, "method");
    dmx_add_str(r, o, "name", "%s", s->how);
    dmx_add_bool(r, o, "exact", exact);
    dmx_add_num(r, o, "evaluated", s->evaluated);
    dmx_add_num(r, o, "seconds", secs);
    snprintf(r->method, sizeof r->method, "%s, %.3g s", s->how, secs);
    snprintf(r->status, sizeof r->status, "%s", exact ? "exact" : "heuristic (see method)");
    r->residual = 0;
    if (!(x->in.lmin >= AMMO_SINGULAR_REL * fabs(x->in.S[0])))
        dmx_add_note(r, "Σ is singular (λ_min = %.3g): the literal de-correlation mediator "
                        "Σ^{-1}S is not defined", x->in.lmin);
}

/* Views, figures and taxes: everything after the contract's core. */
static int emit_views(ammo_run *x, const dmx_params *p, dmx_result *r, const dmx_ctx *ctx,
                      dmx_err *e)
{
    int rc = DMX_OK;
    if (dmx_wants(ctx, "views")) {
        ammo_viewdata vd = {.in = &x->in, .sol = &x->sol, .eq = &x->eq, .fb = &x->fb,
                            .dc = &x->dc, .lit = x->have_lit ? x->lit : NULL,
                            .lit_val = x->lit_val, .bd = &x->bd, .p = p};
        rc = ammo_views(&vd, r, ctx, e);
    }
    if (rc == DMX_OK && (dmx_wants(ctx, "example2") || dmx_wants(ctx, "sec34") ||
                         dmx_wants(ctx, "price_plane")))
        rc = ammo_figures(&x->in, &x->sol, p, r, ctx, e);
    if (rc == DMX_OK && (dmx_wants(ctx, "tax") || dmx_wants(ctx, "pigou")))
        rc = ammo_tax_compute(&x->in, &x->sol, dmx_p_num(p, "tax"), ctx, r, e);
    return rc;
}

/* solve (Theorem 1: argmax Φ; first best; D) → evaluate the three profiles → emit the
 * contract → views. */
static int ammo_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    ammo_run x;
    memset(&x, 0, sizeof x);
    x.lit_val = NAN;
    int rc = ammo_inst_build(p, &x.in, e);
    if (rc != DMX_OK)
        return rc;
    const int n = x.in.n;
    x.lit = calloc((size_t)n, 1);
    if (!x.lit || ammo_sol_alloc(&x.sol, n, e) != DMX_OK || ammo_eval_alloc(&x.eq, n) != DMX_OK ||
        ammo_eval_alloc(&x.fb, n) != DMX_OK || ammo_eval_alloc(&x.dc, n) != DMX_OK) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    double t0 = now_s();
    x.max_exact = (int)dmx_p_num(p, "max_exact");
    rc = ammo_solve(&x.in, x.max_exact, (int)dmx_p_num(p, "threads"), ctx,
                    &x.sol, e);
    if (rc == DMX_OK)
        rc = ammo_eval_profile(&x.in, x.sol.a[AMMO_OBJ_PHI], &x.eq, e);
    if (rc == DMX_OK)
        rc = ammo_eval_profile(&x.in, x.sol.a[AMMO_OBJ_SS], &x.fb, e);
    if (rc == DMX_OK)
        rc = ammo_eval_profile(&x.in, x.sol.a[AMMO_OBJ_DEC], &x.dc, e);
    if (rc != DMX_OK)
        goto free_all;
    emit_equilibrium(&x, r);
    if (dmx_wants(ctx, "decorrelation"))
        rc = emit_decorrelation(&x, r, ctx, e);
    if (rc == DMX_OK)
        rc = emit_sections(&x, p, r, ctx, e);
    if (rc != DMX_OK)
        goto free_all;
    emit_method(&x, now_s() - t0, r);
    rc = emit_views(&x, p, r, ctx, e);
free_all:
    run_free(&x);
    return rc;
}

const dmx_model dmx_model_ammo = {
    .name = "ammo",
    .title = "Too Much Data: Prices and Inefficiencies in Data Markets",
    .paper = "Acemoglu, Makhdoumi, Malekian, Ozdaglar (AEJ: Micro 2022)",
    .summary = "Users' data are correlated, so one user's data leak information about others. "
               "A platform buys data at the least prices that sustain sharing (Theorem 2); the "
               "equilibrium maximizes Φ over sharing profiles (Theorem 1) and can destroy "
               "social surplus. Exact search over profiles (rank-1 covariance updates, "
               "components, Lemma 3, community count vectors), first best, de-correlation, "
               "taxes, Propositions 1, 3, 4 and Theorem 3.",
    .params = ammo_params,
    .nparams = (int)(sizeof ammo_params / sizeof ammo_params[0]),
    .validate = ammo_validate,
    .compute = ammo_compute,
    .default_preset = "ammo-example2",
    .map = ammo_sweep_map,
};
