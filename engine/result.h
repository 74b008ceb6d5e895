/* result.h -- what a model computes: a value tree, views and notes.
 *
 * The value tree (JSON-like: objects, arrays, numbers, strings, booleans, null)
 * carries every number under a stable path ("triangle.pi_star",
 * "competitive.equilibria[0].q[1]"); report.c serialises it and sweep.c reads
 * fields from it.  Views describe how the explorer should show the result:
 * tables, plots (polygons, polylines, markers, region grids) and explanation text.
 *
 * Builders never fail loudly: on allocation failure they return NULL, set
 * r->oom, and every builder accepts a NULL parent (doing nothing).  compute()
 * checks dmx_result_ok() at the end.  Non-finite numbers are stored as null. */
#ifndef DMX_RESULT_H
#define DMX_RESULT_H

#include <stddef.h>
#include "err.h"

typedef enum { DMX_N_NULL, DMX_N_BOOL, DMX_N_NUM, DMX_N_STR, DMX_N_ARR, DMX_N_OBJ } dmx_ntype;

typedef struct dmx_node {
    dmx_ntype t;
    char *key;                /* member name inside an object, else NULL */
    double num;               /* NUM; BOOL uses num != 0 */
    char *str;                /* STR; for NULL: the reason (may be NULL) */
    struct dmx_node **kids;   /* ARR / OBJ */
    int nkids, cap;
} dmx_node;

typedef enum { DMX_V_TABLE, DMX_V_PLOT, DMX_V_TEXT } dmx_vkind;

typedef enum {
    DMX_I_POLYGON,   /* closed, optionally filled */
    DMX_I_POLYLINE,  /* open curve */
    DMX_I_MARKER,    /* single labelled point */
    DMX_I_GRID       /* nx*ny categorical (cat >= 0) or numeric cells over [x0,x1]x[y0,y1] */
} dmx_ikind;

typedef struct dmx_item {
    dmx_ikind kind;
    char *label;              /* legend text */
    int style;                /* colour class 0..7 (0 = default fg) */
    char glyph;               /* MARKER glyph (ASCII), e.g. 'E', 'C', '*' */
    int filled;               /* POLYGON */
    double *xy;               /* POLYGON/POLYLINE/MARKER: n points (x0,y0,x1,y1,...) */
    int n;
    /* GRID */
    int nx, ny;
    double x0, x1, y0, y1;    /* cell centres span [x0,x1] x [y0,y1] */
    double *cell;             /* ny rows of nx (row 0 = y0); category index or value; NaN = none */
    char **cats;              /* category names (ncats) when categorical */
    int ncats;
} dmx_item;

typedef struct dmx_view {
    dmx_vkind kind;
    char *id;                 /* stable short id, e.g. "triangle", "economies" */
    char *title;
    /* TABLE: header = ARR of STR (first is the row-label column);
     *        rows = ARR of ARR (first cell is the row label; others NUM/STR/NULL) */
    dmx_node *header, *rows;
    /* PLOT */
    char *xlabel, *ylabel;
    double xmin, xmax, ymin, ymax;
    dmx_item *items;
    int nitems, cap;
    /* TEXT: title = badge (e.g. "Case 2: inefficiently high trade"), text = body */
    char *text;
    int preview;              /* 1: computed coarse or skipped (dmx_ctx.detail); a full
                                 computation follows */
} dmx_view;

typedef struct dmx_result {
    dmx_node *root;           /* OBJ: the contract fields */
    dmx_view *views;
    int nviews, vcap;
    char **notes;
    int nnotes, ncap;
    char status[96];          /* solver status for the status line, e.g. "optimal" */
    double residual;          /* max KKT/verification residual (0 if none); NaN = unknown */
    char method[128];         /* e.g. "exact, 2^20 profiles" */
    int oom;
} dmx_result;

dmx_result *dmx_result_new(void);
void dmx_result_free(dmx_result *r);
/* DMX_OK, or DMX_EINTERNAL "out of memory" when any builder failed. */
int dmx_result_ok(const dmx_result *r, dmx_err *e);

/* ---- value tree builders (parent NULL → no-op, returns NULL) ---- */
dmx_node *dmx_add_obj(dmx_result *r, dmx_node *parent, const char *key);
dmx_node *dmx_add_arr(dmx_result *r, dmx_node *parent, const char *key);
dmx_node *dmx_add_num(dmx_result *r, dmx_node *parent, const char *key, double v);
dmx_node *dmx_add_int(dmx_result *r, dmx_node *parent, const char *key, long v);
dmx_node *dmx_add_bool(dmx_result *r, dmx_node *parent, const char *key, int v);
dmx_node *dmx_add_str(dmx_result *r, dmx_node *parent, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* null with a reason (also recorded as a note "path: reason" by the caller if wanted) */
dmx_node *dmx_add_null(dmx_result *r, dmx_node *parent, const char *key, const char *why);
dmx_node *dmx_add_vec(dmx_result *r, dmx_node *parent, const char *key, const double *v, int n);
dmx_node *dmx_add_ivec(dmx_result *r, dmx_node *parent, const char *key, const int *v, int n);
/* rows x cols, row-major → list of rows */
dmx_node *dmx_add_mat(dmx_result *r, dmx_node *parent, const char *key, const double *m,
                      int rows, int cols);

/* Path lookup: "a.b[2].c[0][1]".  Returns NULL when absent. */
const dmx_node *dmx_node_get(const dmx_node *root, const char *path);
const dmx_node *dmx_node_child(const dmx_node *obj, const char *key);

/* ---- views ---- */
dmx_view *dmx_add_table(dmx_result *r, const char *id, const char *title,
                        const char *const *header, int ncols);
/* Appends a row; returns the row array (add cells with dmx_add_num/str/null). */
dmx_node *dmx_table_row(dmx_result *r, dmx_view *t, const char *label);
dmx_view *dmx_add_plot(dmx_result *r, const char *id, const char *title, const char *xlabel,
                       const char *ylabel, double xmin, double xmax, double ymin, double ymax);
dmx_item *dmx_plot_poly(dmx_result *r, dmx_view *p, dmx_ikind kind, const char *label,
                        int style, const double *xy, int npts);
dmx_item *dmx_plot_marker(dmx_result *r, dmx_view *p, const char *label, int style,
                          char glyph, double x, double y);
/* Categorical grid: cell[j*nx+i] is a category index (or NaN); cats copied. */
dmx_item *dmx_plot_grid(dmx_result *r, dmx_view *p, const char *label, int nx, int ny,
                        double x0, double x1, double y0, double y1, const double *cell,
                        const char *const *cats, int ncats);
dmx_view *dmx_add_text(dmx_result *r, const char *id, const char *badge, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void dmx_add_note(dmx_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const dmx_view *dmx_result_view(const dmx_result *r, const char *id);

#endif
