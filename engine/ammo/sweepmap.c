/* sweepmap.c -- the fast path of `dmx sweep` for communities (dmx_model.map).
 *
 * With exchangeable communities (docs/models/ammo.md) the leaks of every count vector
 * depend on Σ, hence on `across`, but not on the values of privacy; Φ, SS and D of a
 * count vector are then a few products per community (ammo_comm_values).  So a sweep
 * over (across, communities[g].value) -- the picture of Figure 3 / Example 2 of
 * Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022) -- computes the leak table once per
 * value of `across` and re-solves every value of privacy from it, instead of running the
 * whole model at every point.  Every cell is what dmx_compute() reports at that point,
 * bit for bit: the instance is built and validated by the same code, the solution comes
 * from ammo_comm_solve_table (the same values offered in the same order as
 * ammo_comm_solve), and the reported profile is evaluated by ammo_leaks and
 * ammo_objectives as compute() does (tests/unit/test_ammo_sweepmap.c checks it).
 *
 * Covered: fields equilibrium.social_surplus, equilibrium.platform_payoff and
 * first_best.social_surplus; axes `across` and/or `communities[g].value` (1-D or 2-D,
 * not the same slot twice); instances given by communities with no per-user `values`
 * and none of the optional sections (vdist, prices, profile, prices2, mixtures, price
 * grid).  Anything else -- or a column whose parameters fail validation -- returns
 * DMX_SWEEP_NOMAP and the sweep computes point by point, with its own messages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"
#include "../grid.h"
#include "../sweep.h"

#define SWEEPMAP_MAXVEC 100000L        /* largest leak table built per column (count vectors) */

enum { F_EQ_SS, F_EQ_PHI, F_FB_SS };

/* One request: which axis is `across` (or none) and which is a community value. */
typedef struct smap {
    const dmx_params *base;
    const dmx_axis *ax, *av;       /* the across axis, the value axis (either may be NULL) */
    int H;                         /* community whose value the value axis moves */
    int field;
    int xn;                        /* points per row of the output (x axis) */
    int ax_is_x;                   /* 1: across runs along x */
    long nvec;
    double *cell;
} smap;

/* "communities[g].value" -> g, else -1. */
static int value_slot(const dmx_slot *s)
{
    int g, end = 0;
    if (sscanf(s->name, "communities[%d].value%n", &g, &end) == 1 && end > 0 &&
        s->name[end] == '\0' && g >= 0)
        return g;
    return -1;
}

/* 1 when the parameters are a communities instance without the optional sections. */
static int covered_params(const dmx_params *p)
{
    static const char *const unset[] = {"cov", "values", "prices", "profile", "prices2",
                                        "mixture_probs", "mixture_covs"};
    for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
        if (dmx_p_is_set(p, unset[i]))
            return 0;
    const char *gen = dmx_p_choice(p, "generator"), *vd = dmx_p_choice(p, "vdist");
    if (!gen || (strcmp(gen, "auto") != 0 && strcmp(gen, "communities") != 0))
        return 0;
    if (!vd || strcmp(vd, "none") != 0)
        return 0;
    return dmx_p_is_set(p, "communities") && dmx_p_num(p, "price_grid") == 0;
}

/* The reported value of the solved instance (as ammo_compute() reports it).  The leaks
 * depend on Σ and the profile only: last (n bytes, last[n] = 1 once filled) is the
 * profile whose leaks I, I0, I1 hold, reused while the value axis keeps the profile. */
static int cell_value(const smap *M, const ammo_inst *in, const ammo_sol *sol, double *I,
                      double *I0, double *I1, unsigned char *last, double *out, dmx_err *e)
{
    const int n = in->n;
    const unsigned char *a = sol->a[M->field == F_FB_SS ? AMMO_OBJ_SS : AMMO_OBJ_PHI];
    if (!last[n] || memcmp(last, a, (size_t)n) != 0) {
        int rc = ammo_leaks(n, in->S, a, I, I0, I1, e);
        if (rc != DMX_OK)
            return rc;
        memcpy(last, a, (size_t)n);
        last[n] = 1;
    }
    double phi, ss, d;
    ammo_objectives(in->n, in->v, a, I, I0, I1, &phi, &ss, &d);
    *out = M->field == F_EQ_PHI ? phi : ss;
    return DMX_OK;
}

/* Sets community H's value to v in the instance, as ammo_inst_build() does. */
static void set_value(ammo_inst *in, int H, double v)
{
    in->vg[H] = v;
    for (int i = 0; i < in->n; i++)
        if (in->comm[i] == H)
            in->v[i] = v;
}

/* Output index of (across point ia, value point iv). */
static size_t out_index(const smap *M, int ia, int iv)
{
    if (!M->av)
        return (size_t)ia;
    if (!M->ax)
        return (size_t)iv;
    return M->ax_is_x ? (size_t)iv * (size_t)M->xn + (size_t)ia
                      : (size_t)ia * (size_t)M->xn + (size_t)iv;
}

/* The parameters at across point ia and value point iv (either axis may be absent). */
static int params_at(const smap *M, dmx_params *p, int ia, int iv, dmx_err *pe)
{
    if (M->ax && dmx_slot_set(p, &M->ax->slot, dmx_axis_at(M->ax, ia), pe) != DMX_OK)
        return pe->code;
    if (M->av && dmx_slot_set(p, &M->av->slot, dmx_axis_at(M->av, iv), pe) != DMX_OK)
        return pe->code;
    return DMX_OK;
}

/* dmx_cell_fn over the across points: one leak table, then every value point.  The
 * column's parameters passed validation already (ammo_sweep_map). */
static int column(void *user, int thread, int ia, int iy, double *out, dmx_err *e)
{
    const smap *M = user;
    (void)thread;
    (void)iy;
    *out = 0;
    int nv = M->av ? M->av->n : 1, rc = DMX_OK;
    dmx_params *p = dmx_params_dup(M->base);
    ammo_inst in;
    ammo_sol sol;
    int have_in = 0, have_sol = 0;
    double *tab = NULL, *buf = NULL;
    unsigned char *last = NULL;
    if (!p)
        return dmx_err_oom(e);
    if ((rc = params_at(M, p, ia, 0, e)) != DMX_OK)
        goto out;
    if ((rc = ammo_inst_build(p, &in, e)) != DMX_OK)
        goto out;
    have_in = 1;
    if ((rc = ammo_sol_alloc(&sol, in.n, e)) != DMX_OK)
        goto out;
    have_sol = 1;
    tab = malloc(sizeof *tab * (size_t)M->nvec * 3 * (size_t)in.K);
    buf = malloc(sizeof *buf * 3 * (size_t)in.n);
    last = calloc((size_t)in.n + 1, 1);
    if (!tab || !buf || !last) {
        rc = dmx_err_oom(e);
        goto out;
    }
    if ((rc = ammo_comm_table(&in, M->nvec, tab, e)) != DMX_OK)
        goto out;
    for (int iv = 0; iv < nv; iv++) {
        if (M->av)
            set_value(&in, M->H, dmx_axis_at(M->av, iv));
        rc = ammo_comm_solve_table(&in, M->nvec, tab, &sol, e);
        if (rc == DMX_OK)
            rc = cell_value(M, &in, &sol, buf, buf + in.n, buf + 2 * in.n, last,
                            &M->cell[out_index(M, ia, iv)], e);
        if (rc != DMX_OK)
            goto out;
    }
out:
    free(tab);
    free(buf);
    free(last);
    if (have_sol)
        ammo_sol_free(&sol);
    if (have_in)
        ammo_inst_free(&in);
    dmx_params_free(p);
    return rc;
}

int ammo_sweep_map(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                   const char *field, const dmx_ctx *ctx, double *cell,
                   const char *const **cats, int *ncats, dmx_err *e)
{
    smap M = {.base = base, .H = -1, .xn = x->n, .cell = cell};
    *cats = NULL;
    *ncats = 0;
    if (strcmp(field, "equilibrium.social_surplus") == 0)
        M.field = F_EQ_SS;
    else if (strcmp(field, "equilibrium.platform_payoff") == 0)
        M.field = F_EQ_PHI;
    else if (strcmp(field, "first_best.social_surplus") == 0)
        M.field = F_FB_SS;
    else
        return DMX_SWEEP_NOMAP;
    if (!covered_params(base))
        return DMX_SWEEP_NOMAP;
    const dmx_axis *axes[2] = {x, y};
    for (int k = 0; k < 2 && axes[k]; k++) {
        const dmx_axis *a = axes[k];
        int g = value_slot(&a->slot);
        if (strcmp(a->slot.name, "across") == 0 && !M.ax) {
            M.ax = a;
            M.ax_is_x = k == 0;
        } else if (g >= 0 && !M.av) {
            M.av = a;
            M.H = g;
        } else {
            return DMX_SWEEP_NOMAP;
        }
    }
    if (!M.av)
        M.H = 0;
    const dmx_pval *cm = dmx_p(base, "communities");
    if (M.H >= cm->rows)
        return DMX_SWEEP_NOMAP;
    M.nvec = 1;
    for (int g = 0; g < cm->rows; g++) {
        M.nvec *= (long)cm->v[g * cm->cols] + 1;     /* .size is the first field */
        if (M.nvec > SWEEPMAP_MAXVEC)
            return DMX_SWEEP_NOMAP;
    }
    /* Every point must be one the point sweep computes: each value accepted by
     * dmx_slot_set, each column's parameters valid (validation does not depend on the
     * community values here: Σ, the sizes and the budget do not involve them). */
    int na = M.ax ? M.ax->n : 1, nv = M.av ? M.av->n : 1, ok = 1;
    dmx_params *p = dmx_params_dup(base);
    if (!p)
        return dmx_err_oom(e);
    dmx_err pe = {0};
    for (int iv = 0; iv < nv && ok; iv++)
        ok = params_at(&M, p, 0, iv, &pe) == DMX_OK;
    for (int ia = 0; ia < na && ok; ia++)
        ok = params_at(&M, p, ia, 0, &pe) == DMX_OK && dmx_params_validate(p, &pe) == DMX_OK;
    dmx_params_free(p);
    if (!ok)
        return DMX_SWEEP_NOMAP;
    double *dummy = malloc(sizeof *dummy * (size_t)na);
    if (!dummy)
        return dmx_err_oom(e);
    int rc = dmx_grid_fill(ctx, na, 1, column, &M, dummy, e);
    free(dummy);
    return rc;
}
