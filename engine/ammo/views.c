/* views.c -- what the explorer shows for every ammo result: the per-user table, a plain-language explanation with a badge, and surplus bars (equilibrium, first
 * best, de-correlation as in the paper and literal, no market). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"

static void cell_num(dmx_result *r, dmx_node *row, double v)
{
    dmx_add_num(r, row, NULL, v);
}

/* See ammo_views.h.  Errors: DMX_EINTERNAL (memory only). */
int ammo_views(const ammo_viewdata *vd, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    const ammo_inst *in = vd->in;
    const ammo_sol *s = vd->sol;
    const int n = in->n;
    /* explanation */
    const char *badge;
    double ss = vd->eq->ss, ssw = vd->fb->ss, tol = AMMO_TIE_REL * fmax(1.0, fabs(ssw));
    int ke = ammo_popcount_profile(n, s->a[AMMO_OBJ_PHI]);
    if (ss < -tol)
        badge = "Data market destroys surplus";
    else if (ss < ssw - tol)
        badge = "Inefficient data market";
    else
        badge = "Efficient data market";
    /* the optional sentences, each followed by one space when present */
    const char *p3 = vd->bd->prop3_condition
                         ? "Proposition 3's condition holds: high-value users lose more from "
                           "leaks about them than low-value users gain, so surplus must be "
                           "negative (§3.6). "
                         : "";
    const char *p4 = vd->bd->prop4_holds ? "Proposition 4's simple test also certifies "
                                           "negative surplus. " : "";
    dmx_add_text(r, "explain", badge,
                 "%d of %d users sell their data in equilibrium. Because types are correlated, "
                 "data about one user also reveal information about others, so the platform "
                 "buys cheaply (Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022), Theorems 1-2): "
                 "it pays %.4g in total and earns %.4g. Social surplus is %.4g "
                 "(first best %.4g%s). %s%sShutting the market down gives 0%s.%s",
                 ke, n, vd->eq->pay, vd->eq->phi, ss, ssw,
                 s->exact[AMMO_OBJ_PHI] && s->count[AMMO_OBJ_PHI] > 1
                     ? "; several profiles give the platform the same payoff" : "",
                 p3, p4, ss < -tol ? ", which is better here" : "",
                 s->exact[0] ? "" : " Result is heuristic (1-flip local search); see method.");
    static const char *const hdr[] = {"user", "σ²", "v", "", "a^E", "p^E", "I(a^E)",
                                      "I(a_i=0)", "own incr.", "u_i", "a^W", "ã paper",
                                      "ã literal"};
    dmx_view *t = dmx_add_table(r, "users", "Users: equilibrium and the alternatives",
                                hdr, 13);
    int rows = n <= 200 ? n : 200;
    for (int i = 0; i < rows; i++) {
        char lab[32];
        snprintf(lab, sizeof lab, "%d", i);
        dmx_node *row = dmx_table_row(r, t, lab);
        cell_num(r, row, in->S[i * n + i]);
        cell_num(r, row, in->v[i]);
        dmx_add_str(r, row, NULL, "%s", in->v[i] <= 1.0 ? "low" : "high");
        cell_num(r, row, s->a[AMMO_OBJ_PHI][i]);
        cell_num(r, row, vd->eq->p[i]);
        cell_num(r, row, vd->eq->I[i]);
        cell_num(r, row, vd->eq->I0[i]);
        cell_num(r, row, vd->eq->I1[i] - vd->eq->I0[i]);
        cell_num(r, row, vd->eq->u[i]);
        cell_num(r, row, s->a[AMMO_OBJ_SS][i]);
        cell_num(r, row, s->a[AMMO_OBJ_DEC][i]);
        if (vd->lit)
            cell_num(r, row, vd->lit[i]);
        else
            dmx_add_null(r, row, NULL, "not computed");
    }
    if (rows < n)
        dmx_add_note(r, "users table shows the first 200 of %d users", n);

    static const char *const shdr[] = {"quantity", "value"};
    dmx_view *sm = dmx_add_table(r, "summary", "Platform, surplus and bounds", shdr, 2);
    struct { const char *lab; double v; } lines[] = {
        {"Φ* = platform payoff U", vd->eq->phi},
        {"total payment Σp", vd->eq->pay},
        {"SS(a^E)", vd->eq->ss},
        {"SS min over maximizers", s->ss_lo[AMMO_OBJ_PHI]},
        {"SS max over maximizers", s->ss_hi[AMMO_OBJ_PHI]},
        {"number of maximizers", s->exact[AMMO_OBJ_PHI] ? s->count[AMMO_OBJ_PHI] : NAN},
        {"SS(a^W) first best", vd->fb->ss},
        {"SS(ã) de-correlation (paper)", vd->dc->d},
        {"SS(ã) literal Σ^-1 S mediator", vd->lit ? vd->lit_val : NAN},
        {"Prop 3 bound B3", vd->bd->prop3},
        {"Prop 4 LHS", vd->bd->prop4_lhs},
        {"Prop 4 RHS", vd->bd->prop4_rhs},
        {"λ_min(Σ)", in->lmin},
    };
    for (size_t q = 0; q < sizeof lines / sizeof lines[0]; q++) {
        dmx_node *row = dmx_table_row(r, sm, lines[q].lab);
        if (isfinite(lines[q].v))
            cell_num(r, row, lines[q].v);
        else
            dmx_add_null(r, row, NULL, "n/a");
    }

    /* bars: SS under each arrangement */
    double vals[5] = {vd->eq->ss, vd->fb->ss, vd->dc->d, vd->lit ? vd->lit_val : NAN, 0.0};
    static const char *const names[5] = {"equilibrium", "first best", "de-corr. (paper)",
                                         "de-corr. (literal)", "no market"};
    double lo = 0, hi = 0;
    for (int q = 0; q < 5; q++)
        if (isfinite(vals[q])) {
            lo = fmin(lo, vals[q]);
            hi = fmax(hi, vals[q]);
        }
    double pad = 0.1 * (hi - lo) + AMMO_AXIS_PAD;
    dmx_view *pl = dmx_add_plot(r, "surplus", "Social surplus by arrangement", "arrangement",
                                "social surplus", -0.5, 4.5, lo - pad, hi + pad);
    for (int q = 0; q < 5; q++) {
        if (!isfinite(vals[q]))
            continue;
        double xy[8] = {q - 0.35, 0, q + 0.35, 0, q + 0.35, vals[q], q - 0.35, vals[q]};
        dmx_item *it = dmx_plot_poly(r, pl, DMX_I_POLYGON, names[q], q + 1, xy, 4);
        if (it)
            it->filled = 1;
    }

    (void)ctx;
    (void)e;
    return DMX_OK;
}
