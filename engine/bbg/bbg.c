/* bbg.c -- the dmx_model table of "The Economics of Social Data" (Bergemann,
 * Bonatti and Gan): parameters, validation and compute().  The economics lives in
 * sharing.c, aggregate.c, thresholds.c, limits.c and segmentation.c; the views
 * (region maps, curves, tables, explanation) in views.c. */
#include <math.h>
#include <stdio.h>
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

static int bbg_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    if (dmx_cancelled(ctx))
        return dmx_err_set(e, DMX_ECANCELED, "bbg: cancelled");
    bbg_prim pr;
    bbg_prim_make(&pr, dmx_p_num(p, "N"), dmx_p_num(p, "alpha"), dmx_p_num(p, "beta"),
                  dmx_p_num(p, "sigma_w2"), dmx_p_num(p, "sigma_e2"));
    const char *noise = dmx_p_choice(p, "noise");
    if (!noise)
        noise = "optimal";
    int full = !ctx || !ctx->want;
    int rc;

    bbg_cs cs;
    bbg_sharing(&pr, 0.0, &cs);
    if (dmx_wants(ctx, "complete_sharing"))
        put_sharing(r, &pr, &cs);

    /* aggregate policy (Section 4) */
    bbg_agg ag;
    memset(&ag, 0, sizeof ag);
    int need_agg = full || dmx_wants(ctx, "aggregate") || dmx_wants(ctx, "limits");
    int active = 1;
    if (need_agg) {
        double sxi2 = 0.0, Ropt;
        if (strcmp(noise, "optimal") == 0)
            active = bbg_agg_opt(&pr, &sxi2, &Ropt);
        else if (strcmp(noise, "fixed") == 0)
            sxi2 = dmx_p_num(p, "sigma_xi2");
        rc = bbg_aggregate(&pr, sxi2, &ag, e);
        if (rc != DMX_OK)
            return rc;
        dmx_node *agg_node = NULL;
        if (dmx_wants(ctx, "aggregate"))
            agg_node = put_aggregate(r, noise, &ag, active);
        if (full || dmx_wants(ctx, "aggregate.exact")) {
            /* the optimum of the exact-information revenue (see aggregate.c) */
            double xs, xR;
            rc = bbg_agg_opt_exact(&pr, &xs, &xR, e);
            if (rc != DMX_OK)
                return rc;
            dmx_node *o = dmx_add_obj(r, agg_node, "exact");
            add_or_null(r, o, "sigma_xi2", xs,
                        "infinite: no noise level makes the exact revenue positive");
            dmx_add_num(r, o, "R", xR);
        }
    }

    /* thresholds (Theorem 1, Props 3, 6, 7) */
    bbg_thr th;
    memset(&th, 0, sizeof th);
    if (full || dmx_wants(ctx, "thresholds")) {
        th.alpha_star = bbg_alpha_star(&pr, pr.beta);
        th.beta0 = bbg_beta0(pr.N);
        th.prop6 = bbg_prop6_alpha(pr.N);
        th.prop7 = bbg_prop7_beta_star(pr.N, pr.alpha);
        dmx_node *o = dmx_add_obj(r, r->root, "thresholds");
        add_or_null(r, o, "alpha_star", th.alpha_star,
                    "complete sharing is unprofitable for every alpha (N = 1: no other "
                    "consumer's data to resell)");
        add_or_null(r, o, "beta0", th.beta0, "no fixed point for N = 1");
        add_or_null(r, o, "prop6_alpha", th.prop6,
                    "N = 1: aggregate intermediation is never profitable");
        if (full || dmx_wants(ctx, "thresholds.prop6_alpha_exact")) {
            rc = bbg_prop6_alpha_exact(&pr, &th.prop6_exact, e);
            if (rc != DMX_OK)
                return rc;
            add_or_null(r, o, "prop6_alpha_exact", th.prop6_exact,
                        "the exact-information revenue is never positive at this N, beta, "
                        "sigma_w2, sigma_e2");
        }
        add_or_null(r, o, "prop7_beta_star", th.prop7,
                    pr.N >= 2 && pr.alpha > th.prop6
                        ? "no threshold: the optimal added noise is 0 for every sigma_e2 "
                          "and beta at this (alpha, N)"
                        : "alpha at or below the Prop 6 threshold (or N = 1): sigma_xi* "
                          "is not finite");
        bbg_prop2_interval(&pr, pr.alpha, &th.prop2_lo, &th.prop2_hi);
        add_or_null(r, o, "prop2_beta_low", th.prop2_lo,
                    "complete sharing raises social surplus for every beta at this alpha");
        add_or_null(r, o, "prop2_beta_high", th.prop2_hi,
                    "complete sharing raises social surplus for every beta at this alpha");
        th.prop4 = bbg_prop4_alpha_tilde(&pr, pr.beta);
        dmx_add_num(r, o, "prop4_alpha_tilde", th.prop4);
        if (full || dmx_wants(ctx, "thresholds.prop3_sigma_e2_W")) {
            th.prop3_W = bbg_prop3_threshold(&pr, 0);
            th.prop3_U = bbg_prop3_threshold(&pr, 1);
            add_or_null(r, o, "prop3_sigma_e2_W", th.prop3_W,
                        "complete sharing lowers social surplus for every sigma_e2 at this "
                        "(alpha, beta)");
            add_or_null(r, o, "prop3_sigma_e2_U", th.prop3_U,
                        "complete sharing lowers consumer surplus for every sigma_e2 at "
                        "this (alpha, beta)");
        }
    }

    /* large markets (Theorem 4) */
    if (full || dmx_wants(ctx, "limits")) {
        dmx_node *o = dmx_add_obj(r, r->root, "limits");
        dmx_add_num(r, o, "total_compensation", bbg_limit_total_compensation(&pr));
        dmx_add_num(r, o, "revenue_per_consumer", bbg_limit_revenue_per_consumer(&pr));
        dmx_add_num(r, o, "total_compensation_at_N", ag.total_compensation);
        dmx_add_num(r, o, "revenue_per_consumer_at_N", ag.R / pr.N);
    }

    /* segmentation (Section 5.3): two groups of N, σ_e = σ_ξ = 0 */
    if (full || dmx_wants(ctx, "segmentation")) {
        double N = pr.N, al = pr.alpha, sw2 = pr.sw2;
        double Rg = bbg_seg_R_group(N, al, sw2), Ru = bbg_seg_R_uniform(N, al, sw2);
        dmx_node *o = dmx_add_obj(r, r->root, "segmentation");
        dmx_add_num(r, o, "group_size", N);
        dmx_add_num(r, o, "R_group", Rg);
        dmx_add_num(r, o, "R_uniform", Ru);
        dmx_add_num(r, o, "R_uniform_bayes", bbg_seg_R_uniform_bayes(N, al, sw2));
        dmx_add_bool(r, o, "group_pricing", Rg > Ru && Rg > 0.0);
        dmx_add_num(r, o, "marginal_group", bbg_seg_R_group(N + 1, al, sw2) - Rg);
        dmx_add_num(r, o, "marginal_uniform", bbg_seg_R_uniform(N + 1, al, sw2) - Ru);
        if (full || dmx_wants(ctx, "segmentation.N_bar"))
            add_or_null(r, o, "N_bar", bbg_seg_threshold(al, sw2, 1e5),
                        "group pricing never beats uniform pricing for N <= 100000");
        if (full || dmx_wants(ctx, "segmentation.N_bar_bayes"))
            add_or_null(r, o, "N_bar_bayes", bbg_seg_threshold_bayes(al, sw2, 1e5),
                        "group pricing never beats uniform pricing for N <= 100000");
    }

    /* surplus levels with the constant K = (μ - c)²/8 (spec §2) */
    if (full || dmx_wants(ctx, "levels")) {
        double K = (dmx_p_num(p, "mu") - dmx_p_num(p, "c"));
        K = K * K / 8.0;
        dmx_node *o = dmx_add_obj(r, r->root, "levels");
        dmx_add_num(r, o, "K", K);
        dmx_add_num(r, o, "U_none", bbg_U(cs.var_si, 0.0) + K);
        dmx_add_num(r, o, "Pi_none", 2.0 * K);
        dmx_add_num(r, o, "U_sharing", bbg_U(cs.var_s, cs.var_s) + K);
        dmx_add_num(r, o, "Pi_sharing", bbg_Pi(cs.var_s) + 2.0 * K);
        if (need_agg) {
            dmx_add_num(r, o, "U_aggregate", bbg_U(ag.var_c, ag.var_xbar) + K);
            dmx_add_num(r, o, "Pi_aggregate", bbg_Pi(ag.var_xbar) + 2.0 * K);
        }
    }

    /* identity check (eq. 30): R = N ΔW - N DE */
    r->residual = fabs(cs.R - pr.N * (cs.dW - cs.DE));
    if (need_agg)
        r->residual = fmax(r->residual, fabs(ag.R - (ag.m0 - ag.total_compensation)));
    snprintf(r->status, sizeof r->status, "closed form");
    snprintf(r->method, sizeof r->method,
             "closed forms (Sec. 3-5); 7-factor Gaussian evaluator for V_c");

    if (pr.se2 == 0.0)
        dmx_add_note(r, "sigma_e2 = 0: consumers observe their willingness to pay exactly; "
                        "beta plays no role.");
    if (strcmp(noise, "fixed") != 0 && dmx_p_is_set(p, "sigma_xi2") &&
        dmx_p_num(p, "sigma_xi2") != 0.0)
        dmx_add_note(r, "sigma_xi2 is ignored because noise = %s (set noise: fixed to use it).",
                     noise);
    if (!full)
        return DMX_OK;
    if (strcmp(noise, "optimal") == 0 && !active) {
        if (pr.N < 2.0)
            dmx_add_note(r, "aggregate.sigma_xi2: null (infinite) -- with N = 1 there is no "
                            "other consumer's data, so no noise level makes intermediation "
                            "profitable.");
        else
            dmx_add_note(r, "aggregate.sigma_xi2: null (infinite) -- at or below the Prop 6 "
                            "threshold alpha = %.4g no noise level makes intermediation "
                            "profitable.",
                         th.prop6);
    }
    if (need_agg && active && ag.sxi2 > 0.0 &&
        fabs(ag.R - ag.R_exact) > 1e-12 * (1.0 + fabs(ag.R)))
        dmx_add_note(r, "aggregate.R uses the paper's R(x̄) (Theorem 3 proof), which treats the "
                        "consumer's own information as equal on and off path; with added "
                        "noise sigma_xi2 = %.4g they differ and the exact revenue is "
                        "aggregate.R_exact = %.6g (R = %.6g).",
                     ag.sxi2, ag.R_exact, ag.R);
    if (isnan(th.prop7))
        dmx_add_note(r, "thresholds.prop7_beta_star: null -- %s.",
                     pr.N >= 2 && pr.alpha > th.prop6
                         ? "the optimal added noise is 0 for every sigma_e2 and beta here"
                         : "alpha is at or below the Prop 6 threshold");
    if (isnan(th.beta0))
        dmx_add_note(r, "thresholds.beta0 and prop6_alpha: null -- N = 1 has no data "
                        "externality to exploit.");
    if (isnan(th.alpha_star))
        dmx_add_note(r, "thresholds.alpha_star: null -- complete sharing is never profitable "
                        "at this N, sigma_w2, sigma_e2.");
    if (pr.se2 > 0.0)
        dmx_add_note(r, "segmentation uses sigma_e2 = sigma_xi2 = 0 as in Prop 8; two groups "
                        "of N consumers each, alpha = within-group correlation.");
    if (dmx_cancelled(ctx))
        return dmx_err_set(e, DMX_ECANCELED, "bbg: cancelled");
    return bbg_views(p, &pr, &cs, &ag, active, &th, r, ctx, e);
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
