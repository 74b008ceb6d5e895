/* toy.h -- a small model used only by the core tests: it exercises every
 * parameter kind and every view kind, and computes things easy to check by hand. */
#ifndef DMX_TEST_TOY_H
#define DMX_TEST_TOY_H

#include <math.h>
#include <string.h>
#include "dmx.h"

static const double toy_w_def[] = {1, 2, 3};
static const double toy_m_def[] = {2, 1, 1, 2};
static const dmx_field toy_fields[] = {
    {"size", "size", "", "group size", 1, 1000, 1, 50, 1, 10, DMX_F_INTEGER},
    {"value", "v", "", "value", 0, INFINITY, 0, 5, 0.1, 1, 0},
};
static const double toy_recs_def[] = {10, 0.5, 20, 2};
static const char *const toy_kinds[] = {"sum", "max", NULL};

static const dmx_param_desc toy_params[] = {
    {.key = "a", .label = "a", .meaning = "a scalar in (0, 10]", .kind = DMX_P_REAL, .lo = 0,
     .hi = 10, .smin = 0, .smax = 5, .step = 0.5, .def = 1, .flags = DMX_F_LO_OPEN},
    {.key = "n", .label = "n", .meaning = "an integer", .kind = DMX_P_INT, .lo = 1, .hi = 100,
     .def = 3},
    {.key = "w", .label = "w", .meaning = "weights", .kind = DMX_P_VEC, .lo = 0, .hi = INFINITY,
     .smin = 0, .smax = 10, .step = 1, .defv = toy_w_def, .def_rows = 3, .def_cols = 1,
     .min_len = 1},
    {.key = "v", .label = "v", .meaning = "per-weight values", .kind = DMX_P_VEC, .lo = -5,
     .hi = 5, .def = 0.5, .flags = DMX_F_BROADCAST, .len_of = "w"},
    {.key = "m", .label = "m", .meaning = "a symmetric matrix", .kind = DMX_P_MAT,
     .lo = -INFINITY, .hi = INFINITY, .defv = toy_m_def, .def_rows = 2, .def_cols = 2,
     .flags = DMX_F_SQUARE | DMX_F_SYMMETRIC | DMX_F_OPTIONAL},
    {.key = "groups", .label = "groups", .meaning = "records", .kind = DMX_P_RECS,
     .fields = toy_fields, .nfields = 2, .defv = toy_recs_def, .def_rows = 2, .def_cols = 2},
    {.key = "kind", .label = "kind", .meaning = "sum or max", .kind = DMX_P_CHOICE,
     .choices = toy_kinds, .def = 0},
    {.key = "extra", .label = "extra", .meaning = "a setting few presets use", .kind = DMX_P_REAL,
     .lo = 0, .hi = 1, .def = 0.5, .flags = DMX_F_EXPLICIT},
};

static int toy_validate(const dmx_params *p, dmx_err *e)
{
    if (dmx_p_num(p, "a") * dmx_p_num(p, "n") > 200)
        return dmx_err_set(e, DMX_EDATA, "a × n must be at most 200");
    return DMX_OK;
}

static int toy_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    const dmx_pval *w = dmx_p(p, "w"), *v = dmx_p(p, "v");
    double s = 0, mx = -INFINITY;
    for (int i = 0; i < w->rows; i++) {
        double t = w->v[i] * v->v[i];
        s += t;
        if (t > mx)
            mx = t;
    }
    int is_max = !strcmp(dmx_p_choice(p, "kind"), "max");
    double a = dmx_p_num(p, "a");
    dmx_node *o = dmx_add_obj(r, r->root, "out");
    dmx_add_num(r, o, "score", a * (is_max ? mx : s));
    dmx_add_str(r, o, "sign", "%s", a * s > 1 ? "big" : "small");
    dmx_add_null(r, o, "missing", "never exists");
    dmx_add_num(r, o, "nan", NAN);
    dmx_add_vec(r, o, "wv", w->v, w->rows);
    if (dmx_wants(ctx, "table")) {
        static const char *const hdr[] = {"", "value"};
        dmx_view *t = dmx_add_table(r, "t", "Toy table", hdr, 2);
        dmx_node *row = dmx_table_row(r, t, "score");
        dmx_add_num(r, row, NULL, a * s);
        dmx_view *pl = dmx_add_plot(r, "plot", "Toy plot", "x", "y", 0, 1, 0, 1);
        double xy[] = {0, 0, 1, 0, 0, 1};
        dmx_plot_poly(r, pl, DMX_I_POLYGON, "triangle", 1, xy, 3);
        dmx_plot_marker(r, pl, "point", 2, 'P', 0.25, 0.25);
        dmx_add_text(r, "explain", "Toy", "a = %g", a);
    }
    dmx_add_note(r, "toy note");
    (void)e;
    return DMX_OK;
}

static const dmx_model toy_model = {
    .name = "toy", .title = "Toy", .paper = "none", .summary = "test model",
    .params = toy_params, .nparams = (int)(sizeof toy_params / sizeof toy_params[0]),
    .validate = toy_validate, .compute = toy_compute,
};
static const dmx_model *const toy_models[] = {&toy_model, NULL};

#endif
