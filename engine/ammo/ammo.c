/* ammo.c -- the `ammo` model table: parameters, compute() and the JSON contract.
 *
 * Acemoglu, Makhdoumi, Malekian, Ozdaglar, "Too Much Data: Prices and Inefficiencies in
 * Data Markets" (AEJ: Micro 2022).  Spec: /work/shared/spec/ammo.md.
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
     "= the same for all); v_i <= 1 is low value", .kind = DMX_P_VEC, .lo = 0, .hi = 1000,
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
     .flags = DMX_F_OPTIONAL, .max_len = 8},
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
    {.key = "threads", .label = "threads", .meaning = "worker threads of the exact search",
     .kind = DMX_P_INT, .lo = 1, .hi = 16, .def = 2, .flags = DMX_F_INTEGER | DMX_F_NOSLIDER | DMX_F_EXPLICIT},

};

static int ammo_validate(const dmx_params *p, dmx_err *e)
{
    const dmx_pval *c = dmx_p(p, "cov");
    if (c->set && c->rows != c->cols)
        return dmx_err_set(e, DMX_EDATA, "cov must be square (it is %d×%d)", c->rows, c->cols);
    /* Building Σ (generator, lengths, symmetry, PSD) is cheap next to the search; doing
     * it here makes `dmx check` and preset loading catch every instance error. */
    ammo_inst in;
    int rc = ammo_inst_build(p, &in, e);
    if (rc == DMX_OK)
        ammo_inst_free(&in);
    return rc;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int ammo_popcount_profile(int n, const unsigned char *a)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += a[i] != 0;
    return k;
}

static dmx_node *add_profile(dmx_result *r, dmx_node *o, const char *key,
                             const unsigned char *a, int n)
{
    dmx_node *arr = dmx_add_arr(r, o, key);
    for (int i = 0; i < n; i++)
        dmx_add_int(r, arr, NULL, a[i]);
    return arr;
}

/* Leaks, prices and objectives of one profile into an ammo_eval. */
int ammo_eval_profile(const ammo_inst *in, const unsigned char *a, ammo_eval *ev, dmx_err *e)
{
    const int n = in->n;
    int rc = ammo_leaks(n, in->S, a, ev->I, ev->I0, ev->I1, e);
    if (rc != DMX_OK)
        return rc;
    ammo_prices(n, in->v, a, ev->I0, ev->I1, ev->p);
    ammo_objectives(n, in->v, a, ev->I, ev->I0, ev->I1, &ev->phi, &ev->ss, &ev->d);
    ev->pay = 0;
    for (int i = 0; i < n; i++) {
        ev->pay += ev->p[i];
        ev->u[i] = (a[i] ? ev->p[i] : 0.0) - in->v[i] * ev->I[i];
    }
    return DMX_OK;
}

int ammo_eval_alloc(ammo_eval *ev, int n)
{
    memset(ev, 0, sizeof *ev);
    ev->buf = calloc((size_t)n * 6 + 1, sizeof *ev->buf);
    if (!ev->buf)
        return DMX_EINTERNAL;
    ev->I = ev->buf;
    ev->I0 = ev->I + n;
    ev->I1 = ev->I0 + n;
    ev->p = ev->I1 + n;
    ev->u = ev->p + n;
    ev->L = ev->u + n;
    return DMX_OK;
}

void ammo_eval_free(ammo_eval *ev)
{
    free(ev->buf);
    memset(ev, 0, sizeof *ev);
}

/* Prop 3, Prop 4 (spec §3.6) and Theorem 3 thresholds (spec §3.5) into `bounds` and
 * `theorem3`; values also returned in b for the views. */
static int bounds_compute(const ammo_inst *in, dmx_result *r, ammo_bounds *b, dmx_err *e)
{
    const int n = in->n;
    int rc = DMX_OK;
    unsigned char *all = malloc((size_t)n), *low = malloc((size_t)n);
    double *IV = malloc(sizeof *IV * (size_t)n), *IL = malloc(sizeof *IL * (size_t)n);
    double *thr = malloc(sizeof *thr * (size_t)n);
    if (!all || !low || !IV || !IL || !thr) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    int nl = 0;
    for (int i = 0; i < n; i++) {
        all[i] = 1;
        low[i] = in->v[i] <= 1.0;      /* V^(l): v_i <= 1 (§3.6) */
        nl += low[i];
    }
    rc = ammo_leaks(n, in->S, all, IV, NULL, NULL, e);
    if (rc == DMX_OK)
        rc = ammo_leaks(n, in->S, low, IL, NULL, NULL, e);
    if (rc != DMX_OK)
        goto free_all;
    double gain = 0, loss = 0, rhs4 = 0, cross = 0, norm1 = 0;
    for (int i = 0; i < n; i++) {
        if (low[i]) {
            gain += (1.0 - in->v[i]) * IV[i];
            rhs4 += in->S[i * n + i] * (1.0 - in->v[i]);
            double rs = 0;
            for (int j = 0; j < n; j++)
                if (low[j])
                    rs += fabs(in->S[i * n + j]);
            norm1 = fmax(norm1, rs);           /* footnote 11: max absolute row sum */
        } else {
            loss += (in->v[i] - 1.0) * IL[i];
            double s2 = 0;
            for (int j = 0; j < n; j++)
                if (low[j])
                    s2 += in->S[i * n + j] * in->S[i * n + j];
            cross += (in->v[i] - 1.0) * s2;
        }
    }
    b->prop3 = gain - loss;
    b->prop3_condition = loss > gain;
    b->prop4_lhs = nl > 0 ? cross / (norm1 + 1.0) : 0.0;
    b->prop4_rhs = rhs4;
    b->prop4_holds = b->prop4_lhs > b->prop4_rhs;
    dmx_node *o = dmx_add_obj(r, r->root, "bounds");
    dmx_add_num(r, o, "prop3", b->prop3);
    dmx_add_bool(r, o, "prop3_condition", b->prop3_condition);
    dmx_add_num(r, o, "prop4_lhs", b->prop4_lhs);
    dmx_add_num(r, o, "prop4_rhs", b->prop4_rhs);
    dmx_add_bool(r, o, "prop4_holds", b->prop4_holds);
    /* the proof only needs λ_max(Σ^(l)) + 1 (Gershgorin: λ_max <= ‖Σ^(l)‖₁): tighter LHS */
    if (nl > 0 && nl <= 400) {
        double *Sl = malloc(sizeof *Sl * (size_t)nl * (size_t)nl), *w = malloc(sizeof *w * (size_t)nl);
        if (Sl && w) {
            int x = 0;
            for (int i = 0; i < n; i++) {
                if (!low[i])
                    continue;
                int y = 0;
                for (int j = 0; j < n; j++)
                    if (low[j])
                        Sl[x * nl + y++] = in->S[i * n + j];
                x++;
            }
            if (dmx_sym_eig(nl, Sl, w, NULL, NULL) == DMX_OK)
                dmx_add_num(r, o, "prop4_lhs_with_lambda_max", cross / (w[nl - 1] + 1.0));
        }
        free(Sl);
        free(w);
    }
    /* Theorem 3 (spec §3.5) */
    int hl = 0, hh = 0, nh = 0;
    for (int i = 0; i < n; i++) {
        if (low[i])
            continue;
        nh++;
        for (int j = 0; j < n; j++) {
            if (j == i || in->S[i * n + j] == 0.0)
                continue;
            if (low[j])
                hl = 1;
            else
                hh = 1;
        }
    }
    int cs = hl ? 2 : (hh ? 3 : 1);
    b->theorem3_case = cs;
    for (int i = 0; i < n; i++) {
        thr[i] = NAN;
        if (low[i])
            continue;
        if (cs == 2 && IL[i] > 0) {
            double s = 0;
            for (int j = 0; j < n; j++)
                if (low[j])
                    s += in->S[j * n + j];
            thr[i] = 1.0 + s / IL[i];           /* part 2: v_j above this ⇒ SS(a^E) < 0 */
        } else if (cs == 3) {
            double s = 0, s2 = in->S[i * n + i];
            for (int k = 0; k < n; k++)
                if (k != i && !low[k])
                    s += in->S[i * n + k] * in->S[i * n + k];
            thr[i] = 1.0 + s / (s2 * s2);       /* part 3: v_i below this ⇒ inefficient */
        }
    }
    dmx_node *t = dmx_add_obj(r, r->root, "theorem3");
    dmx_add_int(r, t, "case", cs);
    dmx_add_str(r, t, "meaning", "%s",
                cs == 1 ? "every high-value user is uncorrelated with all others: the "
                          "equilibrium is efficient (Theorem 3.1)"
                : cs == 2 ? "a high-value user is correlated with a low-value user: "
                            "inefficient when v_j exceeds its threshold (Theorem 3.2)"
                          : "high-value users correlated only with each other: inefficient "
                            "when v_i is below its threshold (Theorem 3.3)");
    dmx_add_vec(r, t, "thresholds", thr, n);
    (void)nh;
free_all:
    free(all);
    free(low);
    free(IV);
    free(IL);
    free(thr);
    return rc;
}

/* Proposition 1 per user at a^W, correct and as printed in (3) (spec §3.4). */
static int prop1_compute(const ammo_inst *in, const unsigned char *aw, dmx_result *r,
                         dmx_err *e)
{
    const int n = in->n;
    int rc = DMX_OK;
    double *P = malloc(sizeof *P * (size_t)n * (size_t)n);
    double *lhs = malloc(sizeof *lhs * (size_t)n), *pr = malloc(sizeof *pr * (size_t)n);
    unsigned char *a = malloc((size_t)n);
    if (!P || !lhs || !pr || !a) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    int ok = 1, okp = 1;
    for (int i = 0; i < n; i++) {
        memcpy(a, aw, (size_t)n);
        a[i] = 0;                              /* T' = T(a^W) \ {i} */
        rc = ammo_posterior(n, in->S, a, P, e);
        if (rc != DMX_OK)
            goto free_all;
        double s = 0, sp = 0;
        for (int j = 0; j < n; j++) {
            double pij = P[i * n + j];
            s += (1.0 - in->v[j]) * pij * pij / (1.0 + P[i * n + i]);
            sp += (1.0 - in->v[j]) * pij * pij / (1.0 + P[j * n + j]);
        }
        lhs[i] = s;
        pr[i] = sp;
        /* a_i^W = 1 ⇒ lhs >= 0 and a_i^W = 0 ⇒ lhs <= 0 (one-flip optimality) */
        double tol = 1e-10;
        if ((aw[i] && s < -tol) || (!aw[i] && s > tol))
            ok = 0;
        if ((aw[i] && sp < -tol) || (!aw[i] && sp > tol))
            okp = 0;
    }
    dmx_node *o = dmx_add_obj(r, r->root, "prop1");
    dmx_add_vec(r, o, "lhs", lhs, n);
    dmx_add_vec(r, o, "lhs_as_printed", pr, n);
    dmx_add_bool(r, o, "holds_at_first_best", ok);
    dmx_add_bool(r, o, "printed_holds_at_first_best", okp);
free_all:
    free(P);
    free(lhs);
    free(pr);
    free(a);
    return rc;
}

/* User equilibria A(p) for the given prices (Definition 1, Lemma 2), n <= 16. */
static int user_equilibria(const ammo_inst *in, const double *price, dmx_result *r,
                           dmx_err *e)
{
    const int n = in->n;
    int rc = DMX_OK;
    if (n > 16) {
        dmx_add_null(r, r->root, "user_equilibria", "listed only for n <= 16");
        return DMX_OK;
    }
    unsigned char *a = malloc((size_t)n);
    double *I = malloc(sizeof *I * 3 * (size_t)n);
    if (!a || !I) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    dmx_node *o = dmx_add_obj(r, r->root, "user_equilibria");
    dmx_add_vec(r, o, "prices", price, n);
    dmx_node *list = dmx_add_arr(r, o, "profiles");
    long cnt = 0;
    for (long mask = 0; mask < (1L << n); mask++) {
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(mask >> i & 1);
        rc = ammo_leaks(n, in->S, a, I, I + n, I + 2 * n, e);
        if (rc != DMX_OK)
            goto free_all;
        int eq = 1;
        for (int i = 0; i < n && eq; i++) {
            double inc = in->v[i] * (I[2 * n + i] - I[n + i]);   /* θ_i (spec §2.4) */
            double tol = 1e-12 * fmax(1.0, fabs(inc));
            if (a[i] ? price[i] < inc - tol : price[i] > inc + tol)
                eq = 0;
        }
        if (eq) {
            add_profile(r, list, NULL, a, n);
            cnt++;
        }
    }
    dmx_add_int(r, o, "count", cnt);
free_all:
    free(a);
    free(I);
    return rc;
}

/* Everything about one given profile (spec §2): leaks with and without the own signal,
 * residual variances, Theorem 2 prices, Φ, SS. */
static int profile_eval(const ammo_inst *in, const double *pv, dmx_result *r, dmx_err *e)
{
    const int n = in->n;
    ammo_eval ev;
    unsigned char *a = malloc((size_t)n);
    double *res = malloc(sizeof *res * (size_t)n);
    int rc = DMX_OK;
    if (!a || !res || ammo_eval_alloc(&ev, n) != DMX_OK) {
        free(a);
        free(res);
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    }
    for (int i = 0; i < n; i++)
        a[i] = pv[i] != 0;
    rc = ammo_eval_profile(in, a, &ev, e);
    if (rc == DMX_OK) {
        dmx_node *o = dmx_add_obj(r, r->root, "profile_eval");
        add_profile(r, o, "profile", a, n);
        dmx_add_vec(r, o, "leaks", ev.I, n);
        dmx_add_vec(r, o, "leaks_without_own", ev.I0, n);
        dmx_add_vec(r, o, "leaks_with_own", ev.I1, n);
        for (int i = 0; i < n; i++)
            res[i] = in->S[i * n + i] - ev.I[i];
        dmx_add_vec(r, o, "residual_variance", res, n);
        for (int i = 0; i < n; i++)
            res[i] = in->S[i * n + i] - ev.I1[i];
        dmx_add_vec(r, o, "residual_variance_with_own", res, n);
        dmx_add_vec(r, o, "prices", ev.p, n);
        dmx_add_vec(r, o, "user_payoffs", ev.u, n);
        dmx_add_num(r, o, "platform_payoff", ev.phi);
        dmx_add_num(r, o, "social_surplus", ev.ss);
    }
    free(a);
    free(res);
    ammo_eval_free(&ev);
    return rc;
}

static int ammo_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    ammo_inst in;
    ammo_sol sol;
    ammo_eval eq, fb, dc;
    ammo_bounds bd;
    int rc = ammo_inst_build(p, &in, e);
    if (rc != DMX_OK)
        return rc;
    const int n = in.n;
    memset(&bd, 0, sizeof bd);
    memset(&sol, 0, sizeof sol);
    memset(&eq, 0, sizeof eq);
    memset(&fb, 0, sizeof fb);
    memset(&dc, 0, sizeof dc);
    unsigned char *lit = calloc((size_t)n, 1);
    if (!lit || ammo_sol_alloc(&sol, n, e) != DMX_OK || ammo_eval_alloc(&eq, n) != DMX_OK ||
        ammo_eval_alloc(&fb, n) != DMX_OK || ammo_eval_alloc(&dc, n) != DMX_OK) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    double t0 = now_s();
    rc = ammo_solve(&in, (int)dmx_p_num(p, "max_exact"), (int)dmx_p_num(p, "threads"), ctx,
                    &sol, e);
    if (rc != DMX_OK)
        goto free_all;
    rc = ammo_eval_profile(&in, sol.a[AMMO_OBJ_PHI], &eq, e);
    if (rc == DMX_OK)
        rc = ammo_eval_profile(&in, sol.a[AMMO_OBJ_SS], &fb, e);
    if (rc == DMX_OK)
        rc = ammo_eval_profile(&in, sol.a[AMMO_OBJ_DEC], &dc, e);
    if (rc != DMX_OK)
        goto free_all;

    /* ---- equilibrium (Theorem 1, Theorem 2) ---- */
    dmx_node *o = dmx_add_obj(r, r->root, "equilibrium");
    add_profile(r, o, "profile", sol.a[AMMO_OBJ_PHI], n);
    dmx_add_vec(r, o, "prices", eq.p, n);
    dmx_add_vec(r, o, "leaks", eq.I, n);
    dmx_add_vec(r, o, "leaks_without_own", eq.I0, n);
    dmx_add_vec(r, o, "user_payoffs", eq.u, n);
    dmx_add_num(r, o, "platform_payoff", eq.phi);
    dmx_add_num(r, o, "total_payment", eq.pay);
    dmx_add_num(r, o, "social_surplus", eq.ss);
    dmx_add_int(r, o, "sharers", ammo_popcount_profile(n, sol.a[AMMO_OBJ_PHI]));
    if (sol.exact[AMMO_OBJ_PHI])
        dmx_add_num(r, o, "n_maximizers", sol.count[AMMO_OBJ_PHI]);
    else
        dmx_add_null(r, o, "n_maximizers", "heuristic: maximizers not counted");
    double rng[2] = {sol.ss_lo[AMMO_OBJ_PHI], sol.ss_hi[AMMO_OBJ_PHI]};
    dmx_add_vec(r, o, "social_surplus_range", rng, 2);
    dmx_add_bool(r, o, "exact", sol.exact[AMMO_OBJ_PHI]);
    if (!sol.exact[AMMO_OBJ_PHI])
        dmx_add_num(r, o, "gap_bound", sol.gap[AMMO_OBJ_PHI]);

    /* ---- first best (Proposition 1) ---- */
    o = dmx_add_obj(r, r->root, "first_best");
    add_profile(r, o, "profile", sol.a[AMMO_OBJ_SS], n);
    dmx_add_num(r, o, "social_surplus", fb.ss);
    if (sol.exact[AMMO_OBJ_SS])
        dmx_add_num(r, o, "n_maximizers", sol.count[AMMO_OBJ_SS]);
    else
        dmx_add_null(r, o, "n_maximizers", "heuristic: maximizers not counted");
    dmx_add_bool(r, o, "exact", sol.exact[AMMO_OBJ_SS]);
    if (!sol.exact[AMMO_OBJ_SS])
        dmx_add_num(r, o, "gap_bound", sol.gap[AMMO_OBJ_SS]);

    /* ---- de-correlation (§6.2) ---- */
    double lit_val = NAN, lit_cnt = NAN;
    int have_lit = 0;
    if (dmx_wants(ctx, "decorrelation")) {
        o = dmx_add_obj(r, r->root, "decorrelation");
        dmx_node *pa = dmx_add_obj(r, o, "paper");
        add_profile(r, pa, "profile", sol.a[AMMO_OBJ_DEC], n);
        dmx_add_num(r, pa, "social_surplus", dc.d);
        double *pt = malloc(sizeof *pt * (size_t)n);
        if (pt) {
            for (int i = 0; i < n; i++)      /* Theorem 6: p̃_i = v_i I_i(T̃) */
                pt[i] = sol.a[AMMO_OBJ_DEC][i] ? in.v[i] * dc.I[i] : 0.0;
            dmx_add_vec(r, pa, "prices", pt, n);
            free(pt);
        }
        if (sol.exact[AMMO_OBJ_DEC])
            dmx_add_num(r, pa, "n_maximizers", sol.count[AMMO_OBJ_DEC]);
        dmx_node *li = dmx_add_obj(r, o, "literal");
        dmx_err le = {0};
        double *corr = calloc((size_t)n, sizeof *corr);
        int lrc = ammo_literal_solve(&in, ctx, lit, &lit_val, &lit_cnt, corr, &le);
        if (lrc != DMX_OK || !corr) {
            free(corr);
            corr = NULL;
        }
        if (lrc == DMX_ECANCELED) {
            rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
            goto free_all;
        }
        if (lrc == DMX_OK) {
            have_lit = 1;
            add_profile(r, li, "profile", lit, n);
            dmx_add_num(r, li, "social_surplus", lit_val);
            dmx_add_num(r, li, "n_maximizers", lit_cnt);
            if (corr)
                dmx_add_vec(r, li, "corr_X_Stilde", corr, n);
        } else {
            dmx_add_null(r, li, "profile", le.msg);
            dmx_add_null(r, li, "social_surplus", le.msg);
        }
        free(corr);
    }

    /* ---- bounds, Theorem 3, Proposition 1 ---- */
    rc = bounds_compute(&in, r, &bd, e);
    if (rc != DMX_OK)
        goto free_all;
    if (n <= 60 && dmx_wants(ctx, "prop1")) {
        rc = prop1_compute(&in, sol.a[AMMO_OBJ_SS], r, e);
        if (rc != DMX_OK)
            goto free_all;
    }
    if (dmx_p_is_set(p, "prices")) {
        const dmx_pval *pv = dmx_p(p, "prices");
        if (pv->rows * pv->cols != n) {
            rc = dmx_err_set(e, DMX_EDATA, "prices has %d entries but there are %d users",
                             pv->rows * pv->cols, n);
            goto free_all;
        }
        rc = user_equilibria(&in, pv->v, r, e);
        if (rc != DMX_OK)
            goto free_all;
    }

    if (dmx_p_is_set(p, "profile")) {
        const dmx_pval *pv = dmx_p(p, "profile");
        if (pv->rows * pv->cols != n) {
            rc = dmx_err_set(e, DMX_EDATA, "profile has %d entries but there are %d users",
                             pv->rows * pv->cols, n);
            goto free_all;
        }
        rc = profile_eval(&in, pv->v, r, e);
        if (rc != DMX_OK)
            goto free_all;
    }

    if (dmx_wants(ctx, "unknown")) {
        rc = ammo_unknown_compute(&in, p, r, e);
        if (rc != DMX_OK)
            goto free_all;
    }

    if (dmx_wants(ctx, "mixture")) {
        rc = ammo_mixture_compute(&in, p, r, ctx, e);
        if (rc != DMX_OK)
            goto free_all;
    }
    if (dmx_wants(ctx, "competition")) {
        rc = ammo_competition_compute(&in, p, r, ctx, e);
        if (rc != DMX_OK)
            goto free_all;
    }

    /* ---- method ---- */
    double secs = now_s() - t0;
    o = dmx_add_obj(r, r->root, "method");
    dmx_add_str(r, o, "name", "%s", sol.how);
    dmx_add_bool(r, o, "exact", sol.exact[0] && sol.exact[1] && sol.exact[2]);
    dmx_add_num(r, o, "evaluated", sol.evaluated);
    dmx_add_num(r, o, "seconds", secs);
    snprintf(r->method, sizeof r->method, "%s, %.3g s", sol.how, secs);
    snprintf(r->status, sizeof r->status, "%s",
             sol.exact[0] && sol.exact[1] && sol.exact[2] ? "exact" : "heuristic (see method)");
    r->residual = 0;
    if (!(in.lmin >= 1e-12 * fabs(in.S[0])))
        dmx_add_note(r, "Σ is singular (λ_min = %.3g): the literal de-correlation mediator "
                        "Σ^{-1}S is not defined", in.lmin);

    /* ---- views ---- */
    if (dmx_wants(ctx, "views")) {
        ammo_viewdata vd = {.in = &in, .sol = &sol, .eq = &eq, .fb = &fb, .dc = &dc,
                            .lit = have_lit ? lit : NULL, .lit_val = lit_val, .bd = &bd,
                            .p = p};
        rc = ammo_views(&vd, r, ctx, e);
        if (rc != DMX_OK)
            goto free_all;
    }
    if (dmx_wants(ctx, "example2") || dmx_wants(ctx, "sec34") ||
        dmx_wants(ctx, "price_plane")) {
        rc = ammo_figures(&in, &sol, p, r, ctx, e);
        if (rc != DMX_OK)
            goto free_all;
    }
    /* ---- taxes (§6.1) ---- */
    if (dmx_wants(ctx, "tax") || dmx_wants(ctx, "pigou")) {
        rc = ammo_tax_compute(&in, &sol, dmx_p_num(p, "tax"), ctx, r, e);
        if (rc != DMX_OK)
            goto free_all;
    }

free_all:
    free(lit);
    ammo_eval_free(&eq);
    ammo_eval_free(&fb);
    ammo_eval_free(&dc);
    ammo_sol_free(&sol);
    ammo_inst_free(&in);
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
};
