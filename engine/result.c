/* result.c -- value tree, views and notes.  Builders are OOM-safe: on failure
 * they set r->oom and return NULL, and every builder ignores a NULL parent. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "result.h"

/* vasprintf without _GNU_SOURCE: returns a malloc'd string or NULL. */
static char *vfmt(const char *fmt, va_list ap)
{
    if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == 0) {
        /* the common "%s": a copy (sweeps build a result per point) */
        const char *a = va_arg(ap, const char *);
        return strdup(a ? a : "(null)");
    }
    char buf[256];
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    if ((size_t)n < sizeof buf)
        memcpy(s, buf, (size_t)n + 1);
    else
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *xstrdup(dmx_result *r, const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        r->oom = 1;
    return d;
}

static void node_free(dmx_node *n)
{
    if (!n)
        return;
    for (int i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    free(n->key);
    free(n->str);
    free(n);
}

static dmx_node *node_new(dmx_result *r, dmx_ntype t)
{
    dmx_node *n = calloc(1, sizeof *n);
    if (!n)
        r->oom = 1;
    else
        n->t = t;
    return n;
}

dmx_result *dmx_result_new(void)
{
    dmx_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->root = node_new(r, DMX_N_OBJ);
    if (!r->root) {
        free(r);
        return NULL;
    }
    snprintf(r->status, sizeof r->status, "ok");
    return r;
}

static void item_free(dmx_item *it)
{
    free(it->label);
    free(it->xy);
    free(it->cell);
    for (int i = 0; i < it->ncats; i++)
        free(it->cats[i]);
    free(it->cats);
}

void dmx_result_free(dmx_result *r)
{
    if (!r)
        return;
    node_free(r->root);
    for (int i = 0; i < r->nviews; i++) {
        dmx_view *v = &r->views[i];
        free(v->id);
        free(v->title);
        free(v->xlabel);
        free(v->ylabel);
        free(v->text);
        node_free(v->header);
        node_free(v->rows);
        for (int j = 0; j < v->nitems; j++)
            item_free(&v->items[j]);
        free(v->items);
    }
    free(r->views);
    for (int i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    free(r);
}

int dmx_result_ok(const dmx_result *r, dmx_err *e)
{
    if (r->oom)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory while building the result");
    return DMX_OK;
}

/* Appends child to parent (object or array).  Frees child and sets oom on failure. */
static dmx_node *attach(dmx_result *r, dmx_node *parent, const char *key, dmx_node *child)
{
    if (!child)
        return NULL;
    if (parent->t == DMX_N_OBJ && key) {
        child->key = xstrdup(r, key);
        if (!child->key) {
            node_free(child);
            return NULL;
        }
    }
    if (parent->nkids == parent->cap) {
        int cap = parent->cap ? parent->cap * 2 : 4;
        dmx_node **k = realloc(parent->kids, (size_t)cap * sizeof *k);
        if (!k) {
            r->oom = 1;
            node_free(child);
            return NULL;
        }
        parent->kids = k;
        parent->cap = cap;
    }
    parent->kids[parent->nkids++] = child;
    return child;
}

static dmx_node *add(dmx_result *r, dmx_node *parent, const char *key, dmx_ntype t)
{
    if (!parent || (parent->t != DMX_N_OBJ && parent->t != DMX_N_ARR))
        return NULL;
    return attach(r, parent, key, node_new(r, t));
}

dmx_node *dmx_add_obj(dmx_result *r, dmx_node *parent, const char *key)
{
    return add(r, parent, key, DMX_N_OBJ);
}

dmx_node *dmx_add_arr(dmx_result *r, dmx_node *parent, const char *key)
{
    return add(r, parent, key, DMX_N_ARR);
}

dmx_node *dmx_add_num(dmx_result *r, dmx_node *parent, const char *key, double v)
{
    if (!isfinite(v))
        return dmx_add_null(r, parent, key, isnan(v) ? "undefined" : "infinite");
    dmx_node *n = add(r, parent, key, DMX_N_NUM);
    if (n)
        n->num = v == 0 ? 0.0 : v; /* no negative zero */
    return n;
}

dmx_node *dmx_add_int(dmx_result *r, dmx_node *parent, const char *key, long v)
{
    return dmx_add_num(r, parent, key, (double)v);
}

dmx_node *dmx_add_bool(dmx_result *r, dmx_node *parent, const char *key, int v)
{
    dmx_node *n = add(r, parent, key, DMX_N_BOOL);
    if (n)
        n->num = v != 0;
    return n;
}

dmx_node *dmx_add_str(dmx_result *r, dmx_node *parent, const char *key, const char *fmt, ...)
{
    dmx_node *n = add(r, parent, key, DMX_N_STR);
    if (!n)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    if (!(n->str = vfmt(fmt, ap)))
        r->oom = 1;
    va_end(ap);
    return n;
}

dmx_node *dmx_add_null(dmx_result *r, dmx_node *parent, const char *key, const char *why)
{
    dmx_node *n = add(r, parent, key, DMX_N_NULL);
    if (n && why)
        n->str = xstrdup(r, why);
    return n;
}

dmx_node *dmx_add_vec(dmx_result *r, dmx_node *parent, const char *key, const double *v, int n)
{
    dmx_node *a = dmx_add_arr(r, parent, key);
    for (int i = 0; a && i < n; i++)
        dmx_add_num(r, a, NULL, v[i]);
    return a;
}

dmx_node *dmx_add_ivec(dmx_result *r, dmx_node *parent, const char *key, const int *v, int n)
{
    dmx_node *a = dmx_add_arr(r, parent, key);
    for (int i = 0; a && i < n; i++)
        dmx_add_num(r, a, NULL, v[i]);
    return a;
}

dmx_node *dmx_add_mat(dmx_result *r, dmx_node *parent, const char *key, const double *m,
                      int rows, int cols)
{
    dmx_node *a = dmx_add_arr(r, parent, key);
    for (int i = 0; a && i < rows; i++)
        dmx_add_vec(r, a, NULL, m + (size_t)i * cols, cols);
    return a;
}

const dmx_node *dmx_node_child(const dmx_node *obj, const char *key)
{
    if (!obj || obj->t != DMX_N_OBJ)
        return NULL;
    for (int i = 0; i < obj->nkids; i++)
        if (obj->kids[i]->key && strcmp(obj->kids[i]->key, key) == 0)
            return obj->kids[i];
    return NULL;
}

const dmx_node *dmx_node_get(const dmx_node *root, const char *path)
{
    const dmx_node *n = root;
    const char *p = path;
    char key[128];
    while (n && *p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (*p == '[') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || n->t != DMX_N_ARR || i < 0 || i >= n->nkids)
                return NULL;
            n = n->kids[i];
            p = end + 1;
            continue;
        }
        size_t k = strcspn(p, ".[");
        if (k >= sizeof key)
            return NULL;
        memcpy(key, p, k);
        key[k] = 0;
        n = dmx_node_child(n, key);
        p += k;
    }
    return n;
}

/* ---------- views ---------- */

static dmx_view *view_new(dmx_result *r, dmx_vkind kind, const char *id, const char *title)
{
    if (r->nviews == r->vcap) {
        int cap = r->vcap ? r->vcap * 2 : 4;
        dmx_view *v = realloc(r->views, (size_t)cap * sizeof *v);
        if (!v) {
            r->oom = 1;
            return NULL;
        }
        r->views = v;
        r->vcap = cap;
    }
    dmx_view *v = &r->views[r->nviews++];
    memset(v, 0, sizeof *v);
    v->kind = kind;
    v->id = xstrdup(r, id);
    v->title = xstrdup(r, title);
    return v;
}

dmx_view *dmx_add_table(dmx_result *r, const char *id, const char *title,
                        const char *const *header, int ncols)
{
    dmx_view *v = view_new(r, DMX_V_TABLE, id, title);
    if (!v)
        return NULL;
    v->header = node_new(r, DMX_N_ARR);
    v->rows = node_new(r, DMX_N_ARR);
    for (int i = 0; v->header && i < ncols; i++)
        dmx_add_str(r, v->header, NULL, "%s", header[i]);
    return v;
}

dmx_node *dmx_table_row(dmx_result *r, dmx_view *t, const char *label)
{
    if (!t || !t->rows)
        return NULL;
    dmx_node *row = dmx_add_arr(r, t->rows, NULL);
    dmx_add_str(r, row, NULL, "%s", label);
    return row;
}

dmx_view *dmx_add_plot(dmx_result *r, const char *id, const char *title, const char *xlabel,
                       const char *ylabel, double xmin, double xmax, double ymin, double ymax)
{
    dmx_view *v = view_new(r, DMX_V_PLOT, id, title);
    if (!v)
        return NULL;
    v->xlabel = xstrdup(r, xlabel);
    v->ylabel = xstrdup(r, ylabel);
    v->xmin = xmin;
    v->xmax = xmax;
    v->ymin = ymin;
    v->ymax = ymax;
    return v;
}

static dmx_item *item_new(dmx_result *r, dmx_view *p, dmx_ikind kind, const char *label,
                          int style)
{
    if (!p)
        return NULL;
    if (p->nitems == p->cap) {
        int cap = p->cap ? p->cap * 2 : 4;
        dmx_item *it = realloc(p->items, (size_t)cap * sizeof *it);
        if (!it) {
            r->oom = 1;
            return NULL;
        }
        p->items = it;
        p->cap = cap;
    }
    dmx_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->label = xstrdup(r, label);
    it->style = style;
    return it;
}

dmx_item *dmx_plot_poly(dmx_result *r, dmx_view *p, dmx_ikind kind, const char *label,
                        int style, const double *xy, int npts)
{
    dmx_item *it = item_new(r, p, kind, label, style);
    if (!it)
        return NULL;
    it->xy = malloc((size_t)(npts > 0 ? npts : 1) * 2 * sizeof(double));
    if (!it->xy) {
        r->oom = 1;
        return it;
    }
    memcpy(it->xy, xy, (size_t)npts * 2 * sizeof(double));
    it->n = npts;
    return it;
}

dmx_item *dmx_plot_marker(dmx_result *r, dmx_view *p, const char *label, int style,
                          char glyph, double x, double y)
{
    double xy[2] = {x, y};
    dmx_item *it = dmx_plot_poly(r, p, DMX_I_MARKER, label, style, xy, 1);
    if (it)
        it->glyph = glyph;
    return it;
}

dmx_item *dmx_plot_grid(dmx_result *r, dmx_view *p, const char *label, int nx, int ny,
                        double x0, double x1, double y0, double y1, const double *cell,
                        const char *const *cats, int ncats)
{
    dmx_item *it = item_new(r, p, DMX_I_GRID, label, 0);
    if (!it)
        return NULL;
    it->nx = nx;
    it->ny = ny;
    it->x0 = x0;
    it->x1 = x1;
    it->y0 = y0;
    it->y1 = y1;
    size_t n = (size_t)nx * (size_t)ny;
    it->cell = malloc((n ? n : 1) * sizeof(double));
    if (!it->cell) {
        r->oom = 1;
        return it;
    }
    memcpy(it->cell, cell, n * sizeof(double));
    if (ncats > 0) {
        it->cats = calloc((size_t)ncats, sizeof(char *));
        if (!it->cats) {
            r->oom = 1;
            return it;
        }
        it->ncats = ncats;
        for (int i = 0; i < ncats; i++)
            it->cats[i] = xstrdup(r, cats[i]);
    }
    return it;
}

dmx_view *dmx_add_text(dmx_result *r, const char *id, const char *badge, const char *fmt, ...)
{
    dmx_view *v = view_new(r, DMX_V_TEXT, id, badge);
    if (!v)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    if (!(v->text = vfmt(fmt, ap)))
        r->oom = 1;
    va_end(ap);
    return v;
}

void dmx_add_note(dmx_result *r, const char *fmt, ...)
{
    if (r->nnotes == r->ncap) {
        int cap = r->ncap ? r->ncap * 2 : 4;
        char **n = realloc(r->notes, (size_t)cap * sizeof *n);
        if (!n) {
            r->oom = 1;
            return;
        }
        r->notes = n;
        r->ncap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *s = vfmt(fmt, ap);
    if (!s)
        r->oom = 1;
    else
        r->notes[r->nnotes++] = s;
    va_end(ap);
}

const dmx_view *dmx_result_view(const dmx_result *r, const char *id)
{
    for (int i = 0; i < r->nviews; i++)
        if (r->views[i].id && strcmp(r->views[i].id, id) == 0)
            return &r->views[i];
    return NULL;
}
