/* props.c -- the paper's propositions checked on the instance, and the optional
 * per-profile and per-price listings: Propositions 3 and 4 and Theorem 3 (`bounds`,
 * `theorem3`), Proposition 1 at the first best (`prop1`), user equilibria A(p)
 * (`user_equilibria`, Definition 1, Lemma 2) and one given profile (`profile_eval`).
 * Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022), §2-§3; docs/models/ammo.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"
#include "ammo_views.h"
#include "../linalg.h"

/* Theorem 3: which case the instance is in and the per-user value thresholds (parts 2
 * and 3) into `theorem3`; IL = leaks when only the low-value users share. */
static void theorem3(const ammo_inst *in, const unsigned char *low, const double *IL,
                     double *thr, dmx_result *r, ammo_bounds *b)
{
    const int n = in->n;
    int hl = 0, hh = 0;
    for (int i = 0; i < n; i++) {
        if (low[i])
            continue;
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
}

/* Prop 3, Prop 4 (docs/models/ammo.md) and Theorem 3 thresholds (docs/models/ammo.md) into `bounds` and
 * `theorem3`; values also returned in b for the views. */
int ammo_bounds_compute(const ammo_inst *in, dmx_result *r, ammo_bounds *b, dmx_err *e)
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
    theorem3(in, low, IL, thr, r, b);
free_all:
    free(all);
    free(low);
    free(IV);
    free(IL);
    free(thr);
    return rc;
}

/* Proposition 1 per user at a^W, correct and as printed in (3) (docs/models/ammo.md). */
int ammo_prop1_compute(const ammo_inst *in, const unsigned char *aw, dmx_result *r,
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
        double tol = AMMO_PROP1_TOL;
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
int ammo_user_equilibria(const ammo_inst *in, const double *price, dmx_result *r,
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
            double inc = in->v[i] * (I[2 * n + i] - I[n + i]);   /* θ_i (docs/models/ammo.md) */
            double tol = AMMO_EQ_REL * fmax(1.0, fabs(inc));
            if (a[i] ? price[i] < inc - tol : price[i] > inc + tol)
                eq = 0;
        }
        if (eq) {
            ammo_add_profile(r, list, NULL, a, n);
            cnt++;
        }
    }
    dmx_add_int(r, o, "count", cnt);
free_all:
    free(a);
    free(I);
    return rc;
}

/* Everything about one given profile (docs/models/ammo.md): leaks with and without the own signal,
 * residual variances, Theorem 2 prices, Φ, SS. */
int ammo_profile_eval(const ammo_inst *in, const double *pv, dmx_result *r, dmx_err *e)
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
        ammo_add_profile(r, o, "profile", a, n);
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
