/* bbg.c -- the dmx_model table of "The Economics of Social Data" (Bergemann,
 * Bonatti and Gan): parameters, validation and compute().  The economics lives in
 * sharing.c, aggregate.c, thresholds.c, limits.c and segmentation.c; the views
 * (region maps, curves, tables, explanation) in views.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "bbg.h"

static const char *const bbg_noise_choices[] = {"optimal", "fixed", "none", NULL};

static const dmx_param_desc bbg_params[] = {
    {.key = "N", .label = "N", .unit = "consumers",
     .meaning = "number of consumers (group size in the two-group segmentation of Sec. 5.3)",
     .kind = DMX_P_INT, .lo = 1, .hi = 1e7, .smin = 1, .smax = 1000, .step = 1, .def = 10,
     .flags = DMX_F_INTEGER},
    {.key = "alpha", .label = "α", .unit = "",
     .meaning = "correlation of fundamentals, σ_θ²/σ_w² (share of the common taste θ)",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1, .smin = 0, .smax = 1, .step = 0.01, .def = 0.7},
    {.key = "beta", .label = "β", .unit = "",
     .meaning = "correlation of signal noise, σ_ε²/σ_e² (share of the common noise ε)",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1, .smin = 0, .smax = 1, .step = 0.01, .def = 0.3},
    {.key = "sigma_w2", .label = "σ_w²", .unit = "",
     .meaning = "total variance of willingness to pay w_i = θ + θ_i (> 0)",
     .kind = DMX_P_REAL, .lo = 0, .hi = INFINITY, .smin = 0.01, .smax = 100, .step = 0.01,
     .def = 1, .flags = DMX_F_LO_OPEN},
    {.key = "sigma_e2", .label = "σ_e²", .unit = "",
     .meaning = "total variance of signal noise ε + ε_i (0 = consumers know w_i; β then "
                "plays no role)",
     .kind = DMX_P_REAL, .lo = 0, .hi = INFINITY, .smin = 0, .smax = 100, .step = 0.1,
     .def = 1},
    {.key = "noise", .label = "noise", .unit = "",
     .meaning = "common noise the intermediary adds to the aggregate: optimal (Theorem 3), "
                "fixed (= sigma_xi2) or none",
     .kind = DMX_P_CHOICE, .choices = bbg_noise_choices, .def = 0},
    {.key = "sigma_xi2", .label = "σ_ξ²", .unit = "",
     .meaning = "added common noise variance, used when noise = fixed",
     .kind = DMX_P_REAL, .lo = 0, .hi = INFINITY, .smin = 0, .smax = 10, .step = 0.01,
     .def = 0, .flags = DMX_F_OPTIONAL},
    {.key = "N2", .label = "N₂", .unit = "consumers",
     .meaning = "size of the second group in the segmentation of Sec. 5.3 (absent: N, two "
                "equal groups)",
     .kind = DMX_P_INT, .lo = 1, .hi = 1e7, .smin = 1, .smax = 1000, .step = 1, .def = NAN,
     .flags = DMX_F_INTEGER | DMX_F_OPTIONAL},
    {.key = "gamma", .label = "γ", .unit = "",
     .meaning = "value of quality in quality pricing (Sec. 6.1, Prop 10): utility "
                "(w_i + γ y_i - p_i) q_i - q_i²/2; must be < √2",
     .kind = DMX_P_REAL, .lo = 0, .hi = INFINITY, .smin = 0, .smax = 1.41, .step = 0.01,
     .def = 0, .flags = DMX_F_EXPLICIT},
    {.key = "alpha_t", .label = "α_t", .unit = "",
     .meaning = "correlation of locations σ_τ²/σ_t² in the recommender system (Sec. 6.2, "
                "Prop 11): t_i = τ + τ_i",
     .kind = DMX_P_REAL, .lo = 0, .hi = 1, .smin = 0, .smax = 1, .step = 0.01, .def = 0.5,
     .flags = DMX_F_EXPLICIT},
    {.key = "sigma_t2", .label = "σ_t²", .unit = "",
     .meaning = "variance of consumers' ideal locations t_i in the recommender system (Sec. "
                "6.2; 0 = the baseline model)",
     .kind = DMX_P_REAL, .lo = 0, .hi = INFINITY, .smin = 0, .smax = 1, .step = 0.01, .def = 0,
     .flags = DMX_F_EXPLICIT},
    {.key = "c", .label = "c", .unit = "",
     .meaning = "producer's marginal cost (only shifts surplus levels via K = (μ-c)²/8)",
     .kind = DMX_P_REAL, .lo = -INFINITY, .hi = INFINITY, .smin = -5, .smax = 5, .step = 0.1,
     .def = 0},
    {.key = "mu", .label = "μ", .unit = "",
     .meaning = "mean willingness to pay μ_θ + μ_θi (only shifts surplus levels)",
     .kind = DMX_P_REAL, .lo = -INFINITY, .hi = INFINITY, .smin = -5, .smax = 5, .step = 0.1,
     .def = 1},
};

/* Cross-parameter rules: noise = fixed needs sigma_xi2.  (Ranges, the integer N
 * and σ_w² > 0 are checked by the core from the descriptors.) */
static int bbg_validate(const dmx_params *p, dmx_err *e)
{
    const char *noise = dmx_p_choice(p, "noise");
    if (noise && strcmp(noise, "fixed") == 0 && !dmx_p_is_set(p, "sigma_xi2"))
        return dmx_err_set(e, DMX_EDATA,
                           "sigma_xi2: required when noise = fixed (give the added common "
                           "noise variance, >= 0, or use noise: optimal)");
    double sw2 = dmx_p_num(p, "sigma_w2");
    if (!(sw2 > 0.0) || !isfinite(sw2))
        return dmx_err_set(e, DMX_EDATA, "sigma_w2: must be a finite number > 0 (got %g)", sw2);
    /* magnitudes: the formulas square variances and (μ - c), so values beyond
     * BBG_SCALE_MAX would overflow double precision (inf/NaN results) */
    static const char *const scaled[] = {"sigma_w2", "sigma_e2", "sigma_xi2", "sigma_t2", "mu",
                                         "c"};
    for (size_t k = 0; k < sizeof scaled / sizeof scaled[0]; k++) {
        double v = dmx_p_num(p, scaled[k]);
        if (dmx_p_is_set(p, scaled[k]) && !(fabs(v) <= BBG_SCALE_MAX))
            return dmx_err_set(e, DMX_EDATA,
                               "%s: must be within ±%g (got %g): the model squares variances "
                               "and mean-minus-cost, which would overflow; it is scale-free, so "
                               "rescale (e.g. sigma_w2 = 1)",
                               scaled[k], BBG_SCALE_MAX, v);
    }
    if (sw2 < 1.0 / BBG_SCALE_MAX)
        return dmx_err_set(e, DMX_EDATA,
                           "sigma_w2: must be at least %g (got %g): smaller variances underflow "
                           "when squared; the model is scale-free, so rescale (e.g. sigma_w2 = 1)",
                           1.0 / BBG_SCALE_MAX, sw2);
    double g = dmx_p_num(p, "gamma");
    if (!(g < BBG_GAMMA_MAX))
        return dmx_err_set(e, DMX_EDATA,
                           "gamma: must be < √2 ≈ 1.414214 (got %g): at γ ≥ √2 quality pricing "
                           "has no optimum -- raising quality and price together makes demand "
                           "and profit grow without bound (Sec. 6.1)",
                           g);
    return DMX_OK;
}

static void add_or_null(dmx_result *r, dmx_node *o, const char *key, double v, const char *why)
{
    if (isfinite(v))
        dmx_add_num(r, o, key, v);
    else
        dmx_add_null(r, o, key, why);
}

static const char *cs_regime_name(double R, double dW)
{
    if (R > 0.0)
        return dW > 0.0 ? "profitable-efficient" : "profitable-inefficient";
    return dW > 0.0 ? "unprofitable-efficient" : "unprofitable-inefficient";
}

static void put_sharing(dmx_result *r, const bbg_prim *pr, const bbg_cs *cs)
{
    dmx_node *o = dmx_add_obj(r, r->root, "complete_sharing");
    dmx_add_num(r, o, "var_s", cs->var_s);
    dmx_add_num(r, o, "var_si", cs->var_si);
    dmx_add_num(r, o, "var_s_minus_i", cs->var_smi);
    dmx_add_num(r, o, "G", cs->G);
    dmx_add_num(r, o, "dU", cs->dU);
    dmx_add_num(r, o, "dPi", cs->dPi);
    dmx_add_num(r, o, "dW", cs->dW);
    dmx_add_num(r, o, "DE", cs->DE);
    dmx_add_num(r, o, "m_i", cs->m_i);
    dmx_add_num(r, o, "m0", cs->m0);
    dmx_add_num(r, o, "R", cs->R);
    dmx_add_bool(r, o, "complements", cs->complements);
    dmx_add_bool(r, o, "profitable", cs->R > 0.0);
    dmx_add_bool(r, o, "efficient", cs->dW > 0.0);
    dmx_add_bool(r, o, "consumers_gain", cs->dU > 0.0);
    dmx_add_str(r, o, "regime", "%s", cs_regime_name(cs->R, cs->dW));
    dmx_add_num(r, o, "total_compensation", pr->N * cs->m_i);
    dmx_add_num(r, o, "dW_total", pr->N * cs->dW);
}

static dmx_node *put_aggregate(dmx_result *r, const char *noise, const bbg_agg *a,
                               int active)
{
    dmx_node *o = dmx_add_obj(r, r->root, "aggregate");
    dmx_add_str(r, o, "noise", "%s", noise);
    if (active)
        dmx_add_num(r, o, "sigma_xi2", a->sxi2);
    else
        dmx_add_null(r, o, "sigma_xi2",
                     "infinite: no common noise level makes aggregate intermediation "
                     "profitable (alpha at or below the Prop 6 threshold); the "
                     "intermediary stays out");
    dmx_add_bool(r, o, "active", active);
    dmx_add_num(r, o, "R", a->R);
    dmx_add_num(r, o, "total_compensation", a->total_compensation);
    dmx_add_num(r, o, "m_i", a->m_i);
    dmx_add_num(r, o, "m0", a->m0);
    dmx_add_num(r, o, "var_xbar", a->var_xbar);
    dmx_add_num(r, o, "var_xbar_minus_i", a->var_xbar_mi);
    dmx_add_num(r, o, "var_c", a->var_c);
    dmx_add_num(r, o, "dU", a->dU);
    dmx_add_num(r, o, "dPi", a->dPi);
    dmx_add_num(r, o, "dW", a->dW);
    dmx_add_num(r, o, "R_individual", a->R_individual);
    dmx_add_num(r, o, "R_exact", a->R_exact);
    dmx_add_num(r, o, "var_c_minus_i", a->var_c_mi);
    dmx_add_bool(r, o, "profitable", a->R > 0.0);
    return o;
}

/* ---- solve: every number compute() reports, nothing written yet ---- */

static int solve_aggregate(const dmx_params *p, const dmx_ctx *ctx, bbg_sol *s, dmx_err *e)
{
    double sxi2 = 0.0, Ropt;
    s->active = 1;
    if (strcmp(s->noise, "optimal") == 0)
        s->active = bbg_agg_opt(&s->pr, &sxi2, &Ropt);
    else if (strcmp(s->noise, "fixed") == 0)
        sxi2 = dmx_p_num(p, "sigma_xi2");
    int rc = bbg_aggregate(&s->pr, sxi2, &s->ag, e);
    if (rc != DMX_OK)
        return rc;
    s->has_agg = 1;
    if (s->full || dmx_wants(ctx, "aggregate.exact")) {
        /* the optimum of the exact-information revenue (see aggregate.c) */
        rc = bbg_agg_opt_exact(&s->pr, &s->exact_sxi2, &s->exact_R, e);
        if (rc != DMX_OK)
            return rc;
        s->has_exact = 1;
    }
    return DMX_OK;
}

/* The exact Prop 6 threshold depends on (N, β, σ_w², σ_e²) only, not on α, and
 * costs thousands of small solves: memoized in ctx->cache under exactly those. */
static int prop6_exact_memo(const dmx_ctx *ctx, const bbg_prim *pr, double *alpha, dmx_err *e)
{
    dmx_key k;
    dmx_key_init(&k, "bbg.prop6_alpha_exact");
    dmx_key_d(&k, pr->N);
    dmx_key_d(&k, pr->beta);
    dmx_key_d(&k, pr->sw2);
    dmx_key_d(&k, pr->se2);
    dmx_cache *c = ctx ? ctx->cache : NULL;
    const double *hit = dmx_cache_get(c, &k);
    int rc = DMX_OK;
    if (hit) {
        *alpha = *hit;
    } else if ((rc = bbg_prop6_alpha_exact(pr, alpha, e)) == DMX_OK && c) {
        double *v = malloc(sizeof *v);
        if (v) {
            *v = *alpha;
            if (dmx_cache_put(c, &k, v, sizeof *v, free) != 0)
                free(v);
        }
    }
    dmx_key_free(&k);
    return rc;
}

static int solve_thresholds(const dmx_ctx *ctx, bbg_sol *s, dmx_err *e)
{
    const bbg_prim *pr = &s->pr;
    bbg_thr *th = &s->th;
    th->alpha_star = bbg_alpha_star(pr, pr->beta);
    th->beta0 = bbg_beta0(pr->N);
    th->prop6 = bbg_prop6_alpha(pr->N);
    th->prop7 = bbg_prop7_beta_star(pr->N, pr->alpha);
    if (s->full || dmx_wants(ctx, "thresholds.prop6_alpha_exact")) {
        int rc = prop6_exact_memo(ctx, pr, &th->prop6_exact, e);
        if (rc != DMX_OK)
            return rc;
        s->has_prop6_exact = 1;
    }
    bbg_prop2_interval(pr, pr->alpha, &th->prop2_lo, &th->prop2_hi);
    th->prop4 = bbg_prop4_alpha_tilde(pr, pr->beta);
    if (s->full || dmx_wants(ctx, "thresholds.prop3_sigma_e2_W")) {
        th->prop3_W = bbg_prop3_threshold(pr, 0);
        th->prop3_U = bbg_prop3_threshold(pr, 1);
        s->has_prop3 = 1;
    }
    s->has_thr = 1;
    return DMX_OK;
}

/* Two groups of different sizes N1 = N, N2 (Sec. 5.3 generalised). */
static void solve_segmentation2(bbg_sol *s)
{
    double N1 = s->pr.N, N2 = s->seg.N2, al = s->pr.alpha, sw2 = s->pr.sw2;
    bbg_seg *g = &s->seg;
    g->R_group = bbg_seg2_R_group(N1, N2, al, sw2);
    g->R_uniform = bbg_seg2_R_uniform(N1, N2, al, sw2);
    g->R_uniform_bayes = bbg_seg2_R_uniform_bayes(N1, N2, al, sw2);
    g->marginal_group = bbg_seg2_R_group(N1 + 1, N2 + 1, al, sw2) - g->R_group;
    g->marginal_uniform = bbg_seg2_R_uniform(N1 + 1, N2 + 1, al, sw2) - g->R_uniform;
    g->N_bar = g->N_bar_bayes = NAN;
    s->has_seg = 1;
}

static void solve_segmentation(const dmx_ctx *ctx, bbg_sol *s)
{
    double N = s->pr.N, al = s->pr.alpha, sw2 = s->pr.sw2;
    bbg_seg *g = &s->seg;
    if (s->seg.unequal) {
        solve_segmentation2(s);
        s->has_nbar = s->full || dmx_wants(ctx, "segmentation.N_bar");
        s->has_nbar_bayes = s->full || dmx_wants(ctx, "segmentation.N_bar_bayes");
        return;
    }
    g->R_group = bbg_seg_R_group(N, al, sw2);
    g->R_uniform = bbg_seg_R_uniform(N, al, sw2);
    g->R_uniform_bayes = bbg_seg_R_uniform_bayes(N, al, sw2);
    g->marginal_group = bbg_seg_R_group(N + 1, al, sw2) - g->R_group;
    g->marginal_uniform = bbg_seg_R_uniform(N + 1, al, sw2) - g->R_uniform;
    s->has_nbar = s->full || dmx_wants(ctx, "segmentation.N_bar");
    s->has_nbar_bayes = s->full || dmx_wants(ctx, "segmentation.N_bar_bayes");
    g->N_bar = s->has_nbar ? bbg_seg_threshold(al, sw2, BBG_SEG_NMAX) : NAN;
    g->N_bar_bayes = s->has_nbar_bayes ? bbg_seg_threshold_bayes(al, sw2, BBG_SEG_NMAX) : NAN;
    s->has_seg = 1;
}

static int bbg_solve(const dmx_params *p, const dmx_ctx *ctx, bbg_sol *s, dmx_err *e)
{
    memset(s, 0, sizeof *s);
    bbg_prim_make(&s->pr, dmx_p_num(p, "N"), dmx_p_num(p, "alpha"), dmx_p_num(p, "beta"),
                  dmx_p_num(p, "sigma_w2"), dmx_p_num(p, "sigma_e2"));
    s->noise = dmx_p_choice(p, "noise");
    if (!s->noise)
        s->noise = "optimal";
    s->full = !ctx || !ctx->want;
    bbg_sharing(&s->pr, 0.0, &s->cs);
    int rc;
    if (s->full || dmx_wants(ctx, "aggregate") || dmx_wants(ctx, "limits"))
        if ((rc = solve_aggregate(p, ctx, s, e)) != DMX_OK)
            return rc;
    if (s->full || dmx_wants(ctx, "thresholds"))
        if ((rc = solve_thresholds(ctx, s, e)) != DMX_OK)
            return rc;
    s->has_limits = s->full || dmx_wants(ctx, "limits");
    s->seg.N2 = dmx_p_is_set(p, "N2") ? dmx_p_num(p, "N2") : s->pr.N;
    s->seg.given_N2 = dmx_p_is_set(p, "N2");
    s->seg.unequal = s->seg.N2 != s->pr.N;
    if (s->full || dmx_wants(ctx, "segmentation"))
        solve_segmentation(ctx, s);
    s->has_levels = s->full || dmx_wants(ctx, "levels");
    s->rec_alpha_t = dmx_p_num(p, "alpha_t");
    s->rec_st2 = dmx_p_num(p, "sigma_t2");
    s->rec_mu = dmx_p_num(p, "mu") - dmx_p_num(p, "c");
    s->has_rec = (s->full || dmx_wants(ctx, "recommender")) &&
                 bbg_recommender(&s->pr, s->rec_alpha_t, s->rec_st2, s->rec_mu, &s->rec);
    s->has_quality = (s->full || dmx_wants(ctx, "quality")) &&
                     bbg_quality(&s->pr, dmx_p_num(p, "gamma"),
                                 dmx_p_num(p, "mu") - dmx_p_num(p, "c"), &s->quality);
    double K = dmx_p_num(p, "mu") - dmx_p_num(p, "c");
    s->K = K * K / 8.0;
    return DMX_OK;
}

/* ---- emit: the JSON contract (independent of view detail) ---- */

static void put_exact(dmx_result *r, dmx_node *agg_node, const bbg_sol *s)
{
    dmx_node *o = dmx_add_obj(r, agg_node, "exact");
    add_or_null(r, o, "sigma_xi2", s->exact_sxi2,
                "infinite: no noise level makes the exact revenue positive");
    dmx_add_num(r, o, "R", s->exact_R);
}

static void put_thresholds(dmx_result *r, const bbg_sol *s)
{
    const bbg_thr *th = &s->th;
    const bbg_prim *pr = &s->pr;
    dmx_node *o = dmx_add_obj(r, r->root, "thresholds");
    add_or_null(r, o, "alpha_star", th->alpha_star,
                "complete sharing is unprofitable for every alpha (N = 1: no other "
                "consumer's data to resell)");
    add_or_null(r, o, "beta0", th->beta0, "no fixed point for N = 1");
    add_or_null(r, o, "prop6_alpha", th->prop6,
                "N = 1: aggregate intermediation is never profitable");
    if (s->has_prop6_exact)
        add_or_null(r, o, "prop6_alpha_exact", th->prop6_exact,
                    "the exact-information revenue is never positive at this N, beta, "
                    "sigma_w2, sigma_e2");
    add_or_null(r, o, "prop7_beta_star", th->prop7,
                pr->N >= 2 && pr->alpha > th->prop6
                    ? "no threshold: the optimal added noise is 0 for every sigma_e2 "
                      "and beta at this (alpha, N)"
                    : "alpha at or below the Prop 6 threshold (or N = 1): sigma_xi* "
                      "is not finite");
    add_or_null(r, o, "prop2_beta_low", th->prop2_lo,
                "complete sharing raises social surplus for every beta at this alpha");
    add_or_null(r, o, "prop2_beta_high", th->prop2_hi,
                "complete sharing raises social surplus for every beta at this alpha");
    dmx_add_num(r, o, "prop4_alpha_tilde", th->prop4);
    if (s->has_prop3) {
        add_or_null(r, o, "prop3_sigma_e2_W", th->prop3_W,
                    "complete sharing lowers social surplus for every sigma_e2 at this "
                    "(alpha, beta)");
        add_or_null(r, o, "prop3_sigma_e2_U", th->prop3_U,
                    "complete sharing lowers consumer surplus for every sigma_e2 at "
                    "this (alpha, beta)");
    }
}

static void put_limits(dmx_result *r, const bbg_sol *s)
{
    dmx_node *o = dmx_add_obj(r, r->root, "limits");
    dmx_add_num(r, o, "total_compensation", bbg_limit_total_compensation(&s->pr));
    dmx_add_num(r, o, "revenue_per_consumer", bbg_limit_revenue_per_consumer(&s->pr));
    dmx_add_num(r, o, "total_compensation_at_N", s->ag.total_compensation);
    dmx_add_num(r, o, "revenue_per_consumer_at_N", s->ag.R / s->pr.N);
}

static void put_segmentation(dmx_result *r, const bbg_sol *s)
{
    const bbg_seg *g = &s->seg;
    dmx_node *o = dmx_add_obj(r, r->root, "segmentation");
    dmx_add_num(r, o, "group_size", s->pr.N);
    if (g->given_N2)
        dmx_add_num(r, o, "group_size_2", g->N2);
    dmx_add_num(r, o, "R_group", g->R_group);
    dmx_add_num(r, o, "R_uniform", g->R_uniform);
    dmx_add_num(r, o, "R_uniform_bayes", g->R_uniform_bayes);
    dmx_add_bool(r, o, "group_pricing", g->R_group > g->R_uniform && g->R_group > 0.0);
    dmx_add_num(r, o, "marginal_group", g->marginal_group);
    dmx_add_num(r, o, "marginal_uniform", g->marginal_uniform);
    const char *why = g->unequal ? "Prop 8's threshold is defined for two equal groups"
                                 : "group pricing never beats uniform pricing for N <= 100000";
    if (s->has_nbar)
        add_or_null(r, o, "N_bar", g->N_bar, why);
    if (s->has_nbar_bayes)
        add_or_null(r, o, "N_bar_bayes", g->N_bar_bayes, why);
}

/* Surplus levels with the constant K = (μ - c)²/8 (the welfare evaluator of
 * evaluator.c). */
static void put_levels(dmx_result *r, const bbg_sol *s)
{
    const bbg_cs *cs = &s->cs;
    double K = s->K;
    dmx_node *o = dmx_add_obj(r, r->root, "levels");
    dmx_add_num(r, o, "K", K);
    dmx_add_num(r, o, "U_none", bbg_U(cs->var_si, 0.0) + K);
    dmx_add_num(r, o, "Pi_none", 2.0 * K);
    dmx_add_num(r, o, "U_sharing", bbg_U(cs->var_s, cs->var_s) + K);
    dmx_add_num(r, o, "Pi_sharing", bbg_Pi(cs->var_s) + 2.0 * K);
    if (s->has_agg) {
        dmx_add_num(r, o, "U_aggregate", bbg_U(s->ag.var_c, s->ag.var_xbar) + K);
        dmx_add_num(r, o, "Pi_aggregate", bbg_Pi(s->ag.var_xbar) + 2.0 * K);
    }
}

static void put_quality_policy(dmx_result *r, dmx_node *parent, const char *key,
                               const bbg_quality_policy *q)
{
    dmx_node *o = dmx_add_obj(r, parent, key);
    dmx_add_num(r, o, "var_producer", q->V);
    dmx_add_num(r, o, "var_producer_minus_i", q->V_minus_i);
    dmx_add_num(r, o, "dU", q->dU);
    dmx_add_num(r, o, "dPi", q->dPi);
    dmx_add_num(r, o, "dW", q->dW);
    dmx_add_num(r, o, "m_i", q->m_i);
    dmx_add_num(r, o, "total_compensation", q->total_compensation);
    dmx_add_num(r, o, "m0", q->m0);
    dmx_add_num(r, o, "R", q->R);
}

/* Quality pricing (§6.1, Prop 10): levels per consumer with the constant
 * (μ - c)² included, changes against no information, the two data policies. */
static void put_quality(dmx_result *r, const bbg_sol *s)
{
    static const char *const names[] = {"none", "aggregate", "individual"};
    const bbg_quality_res *q = &s->quality;
    dmx_node *o = dmx_add_obj(r, r->root, "quality");
    dmx_add_num(r, o, "gamma", q->gamma);
    dmx_add_num(r, o, "gamma_star", q->gamma_star);
    dmx_add_num(r, o, "gamma_consumers", 1.0);
    dmx_add_num(r, o, "U_none", q->U_none);
    dmx_add_num(r, o, "Pi_none", q->Pi_none);
    dmx_add_num(r, o, "W_none", q->U_none + q->Pi_none);
    dmx_add_num(r, o, "U_full", q->U_full);
    dmx_add_num(r, o, "Pi_full", q->Pi_full);
    dmx_add_num(r, o, "W_full", q->U_full + q->Pi_full);
    dmx_add_bool(r, o, "information_raises_W", q->individual.dW > 0.0);
    dmx_add_bool(r, o, "information_raises_U", q->individual.dU > 0.0);
    put_quality_policy(r, o, "individual", &q->individual);
    put_quality_policy(r, o, "aggregate", &q->aggregate);
    dmx_add_str(r, o, "policy", "%s", names[q->choice]);
}

/* Recommender system (§6.2, Prop 11): revenue parts per data policy and the
 * intermediary's choice for each dimension. */
static void put_recommender(dmx_result *r, const bbg_sol *s)
{
    static const char *const names[] = {"none", "aggregate", "individual"};
    const bbg_rec_res *c = &s->rec;
    dmx_node *o = dmx_add_obj(r, r->root, "recommender");
    dmx_add_vec(r, o, "R_wtp", c->R_w, 3);
    dmx_add_vec(r, o, "R_location", c->R_t, 3);
    dmx_add_vec(r, o, "var_wtp", c->V, 3);
    dmx_add_vec(r, o, "var_location", c->X, 3);
    dmx_add_str(r, o, "policy_wtp", "%s", names[c->best_w]);
    dmx_add_str(r, o, "policy_location", "%s", names[c->best_t]);
    dmx_add_bool(r, o, "location_only",
                 c->best_w == BBG_REC_NONE && c->best_t != BBG_REC_NONE);
    dmx_add_bool(r, o, "location_gain_increasing", c->gamma_mono);
    dmx_add_num(r, o, "R", c->R);
    dmx_add_num(r, o, "dU", c->dU);
    dmx_add_num(r, o, "dPi", c->dPi);
    dmx_add_num(r, o, "dW", c->dW);
    dmx_add_num(r, o, "m_i", c->m_i);
    dmx_add_num(r, o, "total_compensation", s->pr.N * c->m_i);
    dmx_add_num(r, o, "m0", c->m0);
}

static void put_contract(dmx_result *r, const dmx_ctx *ctx, const bbg_sol *s)
{
    if (dmx_wants(ctx, "complete_sharing"))
        put_sharing(r, &s->pr, &s->cs);
    if (s->has_agg) {
        dmx_node *agg_node = NULL;
        if (dmx_wants(ctx, "aggregate"))
            agg_node = put_aggregate(r, s->noise, &s->ag, s->active);
        if (s->has_exact)
            put_exact(r, agg_node, s);
    }
    if (s->has_thr)
        put_thresholds(r, s);
    if (s->has_limits)
        put_limits(r, s);
    if (s->has_seg)
        put_segmentation(r, s);
    if (s->has_levels)
        put_levels(r, s);
    if (s->has_quality)
        put_quality(r, s);
    if (s->has_rec)
        put_recommender(r, s);
    /* identity check (eq. 30): R = N ΔW - N DE */
    r->residual = fabs(s->cs.R - s->pr.N * (s->cs.dW - s->cs.DE));
    if (s->has_agg)
        r->residual = fmax(r->residual, fabs(s->ag.R - (s->ag.m0 - s->ag.total_compensation)));
    snprintf(r->status, sizeof r->status, "closed form");
    snprintf(r->method, sizeof r->method,
             "closed forms (Sec. 3-6); 7-factor Gaussian evaluator for V_c");
}

/* Notes every compute gives (also in sweeps). */
static void put_input_notes(const dmx_params *p, dmx_result *r, const bbg_sol *s)
{
    if (s->pr.se2 == 0.0)
        dmx_add_note(r, "σ_e² = 0: consumers observe their willingness to pay exactly, so β "
                        "plays no role.");
    if (strcmp(s->noise, "fixed") != 0 && dmx_p_is_set(p, "sigma_xi2") &&
        dmx_p_num(p, "sigma_xi2") != 0.0)
        dmx_add_note(r, "σ_ξ² is ignored because the noise setting is \"%s\" (set it to "
                        "\"fixed\" to use σ_ξ²).",
                     s->noise);
}

/* Notes that explain the current values (full computes only), in words: what
 * is undefined and why, citing the paper by proposition. */
static void put_notes(dmx_result *r, const bbg_sol *s)
{
    const bbg_prim *pr = &s->pr;
    const bbg_thr *th = &s->th;
    const bbg_agg *ag = &s->ag;
    if (strcmp(s->noise, "optimal") == 0 && !s->active) {
        if (pr->N < 2.0)
            dmx_add_note(r, "The intermediary stays out: with N = 1 there is no other "
                            "consumer's data, so no added noise makes aggregate "
                            "intermediation profitable.");
        else
            dmx_add_note(r, "The intermediary stays out: α = %.3g is at or below the Prop 6 "
                            "threshold %.4g, where no amount of added noise makes aggregate "
                            "intermediation profitable (Bergemann, Bonatti, Gan (2022), "
                            "Prop 6).",
                         pr->alpha, th->prop6);
    }
    if (s->has_agg && s->active && ag->sxi2 > 0.0 &&
        fabs(ag->R - ag->R_exact) > BBG_NOTE_REL * (1.0 + fabs(ag->R)))
        dmx_add_note(r, "With added noise σ_ξ² = %.4g a consumer's own information is not the "
                        "same whether she sells her data or not; the paper's revenue R(x̄) "
                        "(proof of Theorem 3) treats it as the same.  Counting the "
                        "difference, the revenue is %.6g instead of %.6g.",
                     ag->sxi2, ag->R_exact, ag->R);
    if (isnan(th->prop7)) {
        if (pr->N >= 2 && pr->alpha > th->prop6)
            dmx_add_note(r, "Prop 7's threshold β* does not exist at α = %.3g, N = %.0f: the "
                            "optimal added noise is zero for every σ_e² and β there.",
                         pr->alpha, pr->N);
        else if (pr->N >= 2)
            dmx_add_note(r, "Prop 7's threshold β* does not exist at α = %.3g: at or below the "
                            "Prop 6 threshold the optimal added noise is infinite.",
                         pr->alpha);
    }
    if (isnan(th->beta0))
        dmx_add_note(r, "With N = 1 there is no other consumer's data: Theorem 1's fixed "
                        "point β0, Prop 6's threshold and Prop 7's β* do not exist.");
    if (isnan(th->alpha_star))
        dmx_add_note(r, "Complete sharing is never profitable at N = %.0f, σ_w² = %.4g, "
                        "σ_e² = %.4g: Theorem 1's threshold α*(β) does not exist.",
                     pr->N, pr->sw2, pr->se2);
    if (pr->se2 > 0.0)
        dmx_add_note(r, "The segmentation results (Fig 7 view, Props 8-9) assume noiseless "
                        "signals, σ_e² = σ_ξ² = 0, as Prop 8 does, with two groups of N "
                        "consumers and α the within-group correlation.");
}

static int bbg_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    if (dmx_cancelled(ctx))
        return dmx_err_set(e, DMX_ECANCELED, "bbg: cancelled");
    bbg_sol s;
    int rc = bbg_solve(p, ctx, &s, e);
    if (rc != DMX_OK)
        return rc;
    put_contract(r, ctx, &s);
    put_input_notes(p, r, &s);
    if (!s.full)
        return DMX_OK;
    put_notes(r, &s);
    if (dmx_cancelled(ctx))
        return dmx_err_set(e, DMX_ECANCELED, "bbg: cancelled");
    return bbg_views(&s, r, ctx, e);
}

const dmx_model dmx_model_bbg = {
    .name = "bbg",
    .title = "The Economics of Social Data",
    .paper = "Bergemann, Bonatti and Gan (2022)",
    .summary = "Consumers' willingness to pay w_i = θ + θ_i is correlated (α) and their "
               "signals carry correlated noise (β).  A data intermediary buys the signals "
               "and resells them to a producer who prices with them.  Because each "
               "consumer's data also reveal the others' demand (the data externality), the "
               "intermediary pays little for data; it aggregates and adds common noise to "
               "pay even less.  The model shows complete sharing (Sec. 3), the optimal "
               "aggregate policy (Sec. 4), large markets and segmentation (Sec. 5).",
    .params = bbg_params,
    .nparams = (int)(sizeof bbg_params / sizeof bbg_params[0]),
    .validate = bbg_validate,
    .compute = bbg_compute,
    .default_preset = "bbg-fig4-profitable-efficient",
};
