/* Tests of the bbg presets: each one is loaded with dmx_preset_load, computed with
 * dmx_compute, and checked against the paper's statements or independently computed reference
 * numbers through the JSON contract paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "testutil.h"
#include "dmx.h"

typedef struct loaded {
    dmx_preset *pr;
    dmx_result *r;
} loaded;

static loaded load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/presets/%s.yaml", DMX_SRCDIR, name);
    loaded L = {0};
    dmx_err e = {0};
    if (dmx_preset_load(path, &L.pr, &e) != DMX_OK)
        fail_msg("%s: %s", path, e.msg);
    L.r = dmx_compute(L.pr->params, NULL, &e);
    if (!L.r)
        fail_msg("%s: compute: %s", path, e.msg);
    return L;
}

/* recompute after "key=value" assignments (NULL-terminated) */
static dmx_result *recompute(loaded *L, const char *const *assign)
{
    dmx_err e = {0};
    for (int k = 0; assign[k]; k++)
        if (dmx_params_assign(L->pr->params, assign[k], &e) != DMX_OK)
            fail_msg("%s: %s", assign[k], e.msg);
    dmx_result *r = dmx_compute(L->pr->params, NULL, &e);
    if (!r)
        fail_msg("compute: %s", e.msg);
    return r;
}

static void unload(loaded *L)
{
    dmx_result_free(L->r);
    dmx_preset_free(L->pr);
}

static double num(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n || (n->t != DMX_N_NUM && n->t != DMX_N_BOOL))
        fail_msg("%s: missing or not a number", path);
    return n->num;
}

static int is_null(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    return n && n->t == DMX_N_NULL && n->str && n->str[0];
}

static const char *str(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n || n->t != DMX_N_STR)
        fail_msg("%s: missing or not a string", path);
    return n->str;
}

/* Counts grid cells of a categorical map view equal to category `cat` and
 * satisfying pred(α, β). */
static int count_cells(const dmx_result *r, const char *view, int cat, int (*pred)(double, double))
{
    const dmx_view *v = dmx_result_view(r, view);
    assert_non_null(v);
    for (int k = 0; k < v->nitems; k++) {
        const dmx_item *it = &v->items[k];
        if (it->kind != DMX_I_GRID)
            continue;
        int n = 0;
        for (int j = 0; j < it->ny; j++)
            for (int i = 0; i < it->nx; i++) {
                double a = it->x0 + (it->x1 - it->x0) * i / (it->nx - 1);
                double b = it->y0 + (it->y1 - it->y0) * j / (it->ny - 1);
                if (it->cell[j * it->nx + i] == cat && (!pred || pred(a, b)))
                    n++;
            }
        return n;
    }
    fail_msg("%s: no grid", view);
    return -1;
}

static int alpha_le_beta(double a, double b) { return a <= b; }
static int alpha_lt_beta(double a, double b) { return a < b; }
static int near_10(double a, double b) { return a > 0.7 && b < 0.3; }
static int near_01(double a, double b) { return a < 0.3 && b > 0.7; }

/* Fig 2 / Lemma 1: G = 0 on the diagonal, symmetric when σ_w = σ_e, max in corners. */
static void test_fig2(void **st)
{
    (void)st;
    loaded L = load("bbg-fig2-gain");
    double g = num(L.r, "complete_sharing.G");
    assert_true(g > 0);
    static const char *const diag[] = {"beta=0.9", NULL};
    dmx_result *r = recompute(&L, diag);
    assert_near(num(r, "complete_sharing.G"), 0, 1e-12);
    dmx_result_free(r);
    static const char *const c10[] = {"alpha=1", "beta=0", NULL};
    r = recompute(&L, c10);
    double g10 = num(r, "complete_sharing.G");
    dmx_result_free(r);
    static const char *const c01[] = {"alpha=0", "beta=1", NULL};
    r = recompute(&L, c01);
    double g01 = num(r, "complete_sharing.G");
    assert_near(g10, g01, 1e-12);
    assert_true(g10 > g);
    /* the top level set of the map sits in the two corners only */
    assert_true(count_cells(r, "gain_map", 4, near_10) > 0);
    assert_true(count_cells(r, "gain_map", 4, near_01) > 0);
    assert_int_equal(count_cells(r, "gain_map", 4, NULL),
                     count_cells(r, "gain_map", 4, near_10) +
                         count_cells(r, "gain_map", 4, near_01));
    dmx_result_free(r);
    unload(&L);
}

/* Fig 3 (σ_e = 1): ΔW > 0 at (0.9, 0.1) but ΔU < 0 for every data structure. */
static void test_fig3_low(void **st)
{
    (void)st;
    loaded L = load("bbg-fig3-low-noise");
    assert_true(num(L.r, "complete_sharing.dW") > 0);
    assert_true(num(L.r, "complete_sharing.dU") < 0);
    assert_int_equal(count_cells(L.r, "welfare_map", 0, NULL), 0); /* no ΔU > 0 area */
    assert_true(count_cells(L.r, "welfare_map", 1, NULL) > 0);    /* some ΔW > 0 area */
    unload(&L);
}

/* Fig 3 (σ_e = 10): consumers gain near (0, 1) and (1, 0), never on the diagonal. */
static void test_fig3_high(void **st)
{
    (void)st;
    loaded L = load("bbg-fig3-high-noise");
    assert_true(num(L.r, "complete_sharing.dU") > 0);
    assert_true(num(L.r, "complete_sharing.dW") > 0);
    assert_true(count_cells(L.r, "welfare_map", 0, near_01) > 0);
    assert_true(count_cells(L.r, "welfare_map", 0, near_10) > 0);
    /* Prop 3: σ_e² = 100 is above both thresholds at this (α, β) */
    assert_true(num(L.r, "thresholds.prop3_sigma_e2_W") < 100);
    assert_true(num(L.r, "thresholds.prop3_sigma_e2_U") < 100);
    assert_true(num(L.r, "thresholds.prop3_sigma_e2_W") <=
                num(L.r, "thresholds.prop3_sigma_e2_U"));
    unload(&L);
}

/* Fig 4 (σ_e = 1) and Corollary 1: profitable and efficient only where α > β. */
static void test_fig4_low(void **st)
{
    (void)st;
    loaded L = load("bbg-fig4-low-noise");
    assert_string_equal(str(L.r, "complete_sharing.regime"), "profitable-efficient");
    assert_true(count_cells(L.r, "profit_map", 0, NULL) > 0);
    assert_int_equal(count_cells(L.r, "profit_map", 0, alpha_le_beta), 0);
    unload(&L);
}

/* Fig 4 (σ_e = 10): efficient but unprofitable at low α, high β; profitable and
 * efficient structures with α < β now exist (filtering the common noise). */
static void test_fig4_high(void **st)
{
    (void)st;
    loaded L = load("bbg-fig4-profitable-efficient");
    assert_string_equal(str(L.r, "complete_sharing.regime"), "unprofitable-efficient");
    assert_true(num(L.r, "complete_sharing.DE") > 0); /* positive externality: costly data */
    assert_true(count_cells(L.r, "profit_map", 0, alpha_lt_beta) > 0);
    assert_near(num(L.r, "thresholds.alpha_star"), 0.6724, 1e-3); /* between α*(0.5), α*(1) */
    unload(&L);
}

/* Theorem 1 reference numbers (checked by Gaussian conditioning): σ_e² = 1, N = 10. */
static void test_theorem1(void **st)
{
    (void)st;
    loaded L = load("bbg-theorem1");
    assert_near(num(L.r, "thresholds.alpha_star"), 0.4170, 5e-4);
    assert_near(num(L.r, "thresholds.beta0"), 0.39102, 5e-5);
    assert_true(num(L.r, "complete_sharing.R") > 0); /* α = 0.5 > α*(0.5) */
    static const char *const b0[] = {"beta=0", "alpha=0.29", NULL};
    dmx_result *r = recompute(&L, b0);
    assert_near(num(r, "thresholds.alpha_star"), 0.2993, 5e-4);
    assert_true(num(r, "complete_sharing.R") < 0);
    dmx_result_free(r);
    static const char *const b1[] = {"beta=1", "sigma_e2=100", NULL};
    r = recompute(&L, b1);
    assert_near(num(r, "thresholds.alpha_star"), 0.9790, 5e-4);
    dmx_result_free(r);
    unload(&L);
}

/* Fig 5: σ_ξ*² = √3 at α = β = 0.5 (N = 2); larger closer to the Prop 6 threshold,
 * infinite (null) below it. */
static void test_fig5(void **st)
{
    (void)st;
    loaded L = load("bbg-fig5-optimal-noise");
    assert_near(num(L.r, "aggregate.sigma_xi2"), 1.7320508, 1e-6);
    assert_near(num(L.r, "thresholds.prop6_alpha"), 0.40583, 5e-6);
    assert_true(num(L.r, "aggregate.R") > 0);
    /* Theorem 2: aggregation beats individual data at the same noise */
    assert_true(num(L.r, "aggregate.R") > num(L.r, "aggregate.R_individual"));
    static const char *const a1[] = {"alpha=0.42", NULL};
    dmx_result *r = recompute(&L, a1);
    assert_true(num(r, "aggregate.sigma_xi2") > 1.7320508);
    dmx_result_free(r);
    static const char *const a2[] = {"alpha=0.40", NULL};
    r = recompute(&L, a2);
    assert_true(is_null(r, "aggregate.sigma_xi2"));
    assert_near(num(r, "aggregate.R"), 0, 0);
    dmx_result_free(r);
    unload(&L);
}

/* Prop 6: the optimal profit's sign flips at 1/(1 + N(√3-1)) for several N and β. */
static void test_prop6(void **st)
{
    (void)st;
    loaded L = load("bbg-prop6");
    assert_near(num(L.r, "thresholds.prop6_alpha"), 0.21458, 5e-6);
    assert_true(num(L.r, "aggregate.R") > 0);
    /* counting the consumer's own information change, α = 0.22 is not enough */
    assert_true(is_null(L.r, "aggregate.exact.sigma_xi2"));
    assert_true(num(L.r, "thresholds.prop6_alpha_exact") > 0.22);
    const char *Ns[] = {"N=2", "N=3", "N=5", "N=10"};
    const char *bs[] = {"beta=0", "beta=0.5", "beta=1"};
    for (int n = 0; n < 4; n++)
        for (int b = 0; b < 3; b++) {
            const char *const set[] = {Ns[n], bs[b], NULL};
            dmx_result *r = recompute(&L, set);
            double thr = num(r, "thresholds.prop6_alpha");
            dmx_result_free(r);
            char lo[64], hi[64];
            snprintf(lo, sizeof lo, "alpha=%.17g", thr - 2e-3);
            snprintf(hi, sizeof hi, "alpha=%.17g", thr + 2e-3);
            const char *const below[] = {lo, NULL}, *const above[] = {hi, NULL};
            r = recompute(&L, below);
            assert_near(num(r, "aggregate.R"), 0, 0);
            assert_true(is_null(r, "aggregate.sigma_xi2"));
            dmx_result_free(r);
            r = recompute(&L, above);
            assert_true(num(r, "aggregate.R") > 0);
            dmx_result_free(r);
        }
    unload(&L);
}

/* Prop 7: β* ≈ 0.7789 at N = 5, α = 0.22; σ_ξ* rises with σ_e² below it. */
static void test_prop7(void **st)
{
    (void)st;
    loaded L = load("bbg-prop7-precision");
    double bs = num(L.r, "thresholds.prop7_beta_star");
    assert_near(bs, 0.77885, 1e-4);
    double s1 = num(L.r, "aggregate.sigma_xi2"); /* β = 0.5 < β* */
    static const char *const up[] = {"sigma_e2=1.1", NULL};
    dmx_result *r = recompute(&L, up);
    assert_true(num(r, "aggregate.sigma_xi2") > s1);
    dmx_result_free(r);
    static const char *const hb[] = {"beta=0.9", "sigma_e2=1", NULL};
    r = recompute(&L, hb);
    double s2 = num(r, "aggregate.sigma_xi2");
    dmx_result_free(r);
    static const char *const hb2[] = {"sigma_e2=1.1", NULL};
    r = recompute(&L, hb2);
    assert_true(num(r, "aggregate.sigma_xi2") < s2);
    dmx_result_free(r);
    unload(&L);
}

/* Fig 6 / Theorem 4.2: total compensation decreases in N toward 0.075. */
static void test_fig6(void **st)
{
    (void)st;
    loaded L = load("bbg-fig6-compensation");
    assert_near(num(L.r, "limits.total_compensation"), 0.075, 1e-12);
    double prev = num(L.r, "aggregate.total_compensation");
    assert_true(prev > 0.075);
    const char *Ns[] = {"N=20", "N=100", "N=1000", "N=100000"};
    for (int k = 0; k < 4; k++) {
        const char *const set[] = {Ns[k], NULL};
        dmx_result *r = recompute(&L, set);
        double tc = num(r, "aggregate.total_compensation");
        assert_true(tc < prev && tc > 0.075);
        prev = tc;
        dmx_result_free(r);
    }
    assert_near(prev, 0.075, 1e-5);
    unload(&L);
}

/* Theorem 4 reference number (the limit formula of Theorem 4): 0.17045 at α = 0.5, β = 0.3, σ_e² = 2. */
static void test_theorem4(void **st)
{
    (void)st;
    loaded L = load("bbg-theorem4-limit");
    assert_near(num(L.r, "limits.total_compensation"), 0.17045, 5e-6);
    assert_near(num(L.r, "aggregate.total_compensation"), 0.17045, 5e-6);
    assert_near(num(L.r, "aggregate.R") / 1e6, num(L.r, "limits.revenue_per_consumer"), 1e-6);
    unload(&L);
}

/* Props 8-9: group pricing for N ≥ N̄ = 3 at α = 0.5, marginal consumer worth more. */
static void test_fig7(void **st)
{
    (void)st;
    loaded L = load("bbg-fig7-segmentation");
    assert_true(num(L.r, "segmentation.group_pricing"));
    assert_near(num(L.r, "segmentation.N_bar"), 3, 0);
    assert_true(num(L.r, "segmentation.marginal_group") >
                num(L.r, "segmentation.marginal_uniform"));
    static const char *const small[] = {"N=2", NULL};
    dmx_result *r = recompute(&L, small);
    assert_false(num(r, "segmentation.group_pricing"));
    dmx_result_free(r);
    static const char *const hi[] = {"alpha=0.9", NULL};
    r = recompute(&L, hi);
    assert_true(num(r, "segmentation.N_bar") <= 3);
    dmx_result_free(r);
    static const char *const lo[] = {"alpha=0.1", NULL};
    r = recompute(&L, lo);
    assert_true(num(r, "segmentation.N_bar") > 3);
    dmx_result_free(r);
    unload(&L);
}

/* §6.1 preset: γ = 0.5 < γ* ≈ 0.618: aggregate data; across γ* individual data;
 * consumers gain from information only above γ = 1 (Prop 10 and its proof). */
static void test_quality_preset(void **st)
{
    (void)st;
    loaded L = load("bbg-quality-prop10");
    assert_near(num(L.r, "quality.gamma_star"), 0.6180339887, 1e-9);
    assert_string_equal(str(L.r, "quality.policy"), "aggregate");
    assert_false(num(L.r, "quality.information_raises_W"));
    static const char *const g7[] = {"gamma=0.7", NULL};
    dmx_result *r = recompute(&L, g7);
    assert_string_equal(str(r, "quality.policy"), "individual");
    assert_true(num(r, "quality.information_raises_W"));
    assert_false(num(r, "quality.information_raises_U"));
    dmx_result_free(r);
    static const char *const g12[] = {"gamma=1.2", NULL};
    r = recompute(&L, g12);
    assert_true(num(r, "quality.information_raises_U"));
    dmx_result_free(r);
    unload(&L);
}

/* §6.2 preset: at α = 0.2 location data are sold individually and
 * willingness-to-pay data not at all; at α = 0.6 the latter join, aggregated. */
static void test_recommender_preset(void **st)
{
    (void)st;
    loaded L = load("bbg-recommender-prop11");
    assert_string_equal(str(L.r, "recommender.policy_location"), "individual");
    assert_string_equal(str(L.r, "recommender.policy_wtp"), "none");
    assert_true(num(L.r, "recommender.location_only"));
    static const char *const a6[] = {"alpha=0.6", NULL};
    dmx_result *r = recompute(&L, a6);
    assert_string_equal(str(r, "recommender.policy_wtp"), "aggregate");
    assert_false(num(r, "recommender.location_only"));
    dmx_result_free(r);
    unload(&L);
}

/* §5.3 with groups of 10 and 40: group pricing pays; N̄ is null (equal groups only). */
static void test_seg_unequal_preset(void **st)
{
    (void)st;
    loaded L = load("bbg-seg-unequal");
    assert_near(num(L.r, "segmentation.group_size_2"), 40, 0);
    assert_true(num(L.r, "segmentation.group_pricing"));
    assert_true(is_null(L.r, "segmentation.N_bar"));
    unload(&L);
}

/* Every shipped bbg preset opens, computes, and carries the contract and views. */
static void test_all_presets_open(void **st)
{
    (void)st;
    const char *names[] = {"bbg-fig2-gain", "bbg-fig3-low-noise", "bbg-fig3-high-noise",
                           "bbg-fig4-low-noise", "bbg-fig4-profitable-efficient",
                           "bbg-theorem1", "bbg-fig5-optimal-noise", "bbg-prop6",
                           "bbg-prop7-precision", "bbg-fig6-compensation",
                           "bbg-theorem4-limit", "bbg-fig7-segmentation",
                           "bbg-quality-prop10", "bbg-recommender-prop11", "bbg-seg-unequal"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        loaded L = load(names[k]);
        assert_non_null(L.pr->title);
        assert_non_null(L.pr->source);
        assert_non_null(L.pr->notes);
        assert_non_null(dmx_node_get(L.r->root, "complete_sharing.R"));
        assert_non_null(dmx_node_get(L.r->root, "limits.total_compensation"));
        assert_non_null(dmx_result_view(L.r, "explain"));
        assert_non_null(dmx_result_view(L.r, "profit_map"));
        /* the view the preset opens on exists */
        dmx_err e = {0};
        assert_int_equal(dmx_preset_check_view(L.pr, L.r, &e), DMX_OK);
        assert_non_null(L.pr->view);
        unload(&L);
    }
    const dmx_model *m = dmx_model_find("bbg");
    assert_non_null(m);
    assert_string_equal(m->default_preset, "bbg-fig4-profitable-efficient");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fig2),       cmocka_unit_test(test_fig3_low),
        cmocka_unit_test(test_fig3_high),  cmocka_unit_test(test_fig4_low),
        cmocka_unit_test(test_fig4_high),  cmocka_unit_test(test_theorem1),
        cmocka_unit_test(test_fig5),       cmocka_unit_test(test_prop6),
        cmocka_unit_test(test_prop7),      cmocka_unit_test(test_fig6),
        cmocka_unit_test(test_theorem4),   cmocka_unit_test(test_fig7),
        cmocka_unit_test(test_quality_preset),
        cmocka_unit_test(test_recommender_preset),
        cmocka_unit_test(test_seg_unequal_preset),
        cmocka_unit_test(test_all_presets_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
