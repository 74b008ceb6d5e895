/* layout.c -- where every panel goes for LINES x COLS: the parameter panel,
 * the explanation strip and up to four result panes, or one zoomed pane; and
 * which view each pane shows.  Generic over models: it reads views only. */
#include <curses.h>
#include <string.h>
#include "tui.h"
#include "util.h"

/* Side by side (parameters left, results right) from this many columns */
#define LAY_SIDE_MIN_W 72
/* ... the parameter panel takes this share of the width, within these bounds */
#define LAY_PARAM_SHARE 28      /* percent */
#define LAY_PARAM_MIN_W 30
#define LAY_PARAM_MIN_W_WIDE 34 /* from LAY_WIDE_W columns */
#define LAY_WIDE_W 100
#define LAY_PARAM_MAX_W 48
/* Results in two columns from this many columns and rows */
#define LAY_TWO_COL_W 100
#define LAY_TWO_COL_H 16
/* ... two panes in the left column from this height, two on the right from this */
#define LAY_LEFT_TWO_H 36
#define LAY_RIGHT_TWO_H 26
/* One column: two stacked panes from this height; the upper one (a plot when
 * there is one) takes this share of the height: a plot spends some nine rows on
 * its title, axes and legend, so half of 28 rows left a triangle three rows high
 * (tables scroll) */
#define LAY_STACK_TWO_H 24
#define LAY_STACK_TOP_SHARE 62  /* percent */
/* The explanation strip: at most a third of the results' height, at most 8 rows */
#define LAY_TEXT_MAX_H 8
/* A short table stacked with a plot keeps at least this many rows (a row more
 * than borders and header, so scrolling and the hints on its border still work) */
#define LAY_TABLE_MIN_H 5
#define LAY_TEXT_MIN_H 3
/* ... a quarter of it below this many rows */
#define LAY_TEXT_SHORT_H 30

/* ---------- views ---------- */

const dmx_view *draw_find_view(const app *a, const char *id)
{
    if (!id || !*id)
        return NULL;
    if (!strcmp(id, "map"))
        return a->map.res && a->map.res->nviews ? &a->map.res->views[0] : NULL;
    return RES_CUR(a) ? dmx_result_view(RES_CUR(a), id) : NULL;
}

int draw_view_ids(const app *a, const char **ids, int max)
{
    int n = 0;
    for (int i = 0; RES_CUR(a) && i < RES_CUR(a)->nviews && n < max; i++)
        if (RES_CUR(a)->views[i].id)
            ids[n++] = RES_CUR(a)->views[i].id;
    if (a->map.res && a->map.res->nviews && n < max)
        ids[n++] = "map";
    return n;
}

const dmx_view *draw_pane_view(const app *a, int k)
{
    if (k < 0 || k >= a->lay.npanes)
        return NULL;
    return draw_find_view(a, a->lay.panes[k].shown);
}

/* Chooses what every pane shows: explicit choices first, then by preference. */
static void assign_views(app *a)
{
    const char *ids[64];
    int n = draw_view_ids(a, ids, 64);
    int used[64] = {0};
    for (int k = 0; k < a->lay.npanes; k++) {
        pane *p = &a->lay.panes[k];
        p->shown[0] = 0;
        for (int i = 0; i < n; i++)
            if (p->view[0] && !strcmp(ids[i], p->view) && !used[i]) {
                sfmt(p->shown, sizeof p->shown, "%s", ids[i]);
                used[i] = 1;
            }
    }
    for (int pass = 0; pass < 3; pass++)
        for (int k = 0; k < a->lay.npanes; k++) {
            pane *p = &a->lay.panes[k];
            if (p->shown[0])
                continue;
            for (int i = 0; i < n; i++) {
                if (used[i] || !strcmp(ids[i], "map"))
                    continue;
                const dmx_view *v = draw_find_view(a, ids[i]);
                if (!v)
                    continue;
                int ok = pass == 0 ? (int)v->kind == p->pref
                       : pass == 1 ? v->kind != DMX_V_TEXT : 1;
                if (ok) {
                    sfmt(p->shown, sizeof p->shown, "%s", ids[i]);
                    used[i] = 1;
                    break;
                }
            }
        }
}

static int count_kind(const app *a, dmx_vkind k)
{
    int n = 0;
    for (int i = 0; RES_CUR(a) && i < RES_CUR(a)->nviews; i++)
        n += RES_CUR(a)->views[i].kind == k;
    return n;
}

static const dmx_view *text_view(const app *a)
{
    for (int i = 0; RES_CUR(a) && i < RES_CUR(a)->nviews; i++)
        if (RES_CUR(a)->views[i].kind == DMX_V_TEXT)
            return &RES_CUR(a)->views[i];
    return NULL;
}


const dmx_view *draw_text_view_of(const app *a)
{
    return text_view(a);
}

/* The preset's opening view, once the result offers it: into the first pane
 * that prefers its kind (else the first pane). */
static void place_open_view(app *a)
{
    if (!a->lay.open_view[0] || !RES_CUR(a) || a->lay.npanes == 0)
        return;
    const dmx_view *v = dmx_result_view(RES_CUR(a), a->lay.open_view);
    if (v && v->kind != DMX_V_TEXT) {
        int k = 0;
        for (int i = a->lay.npanes - 1; i >= 0; i--)
            if (a->lay.panes[i].pref == (int)v->kind)
                k = i;
        sfmt(a->lay.panes[k].view, sizeof a->lay.panes[k].view, "%s", a->lay.open_view);
    }
    a->lay.open_view[0] = 0;
}

/* The parameter panel and the results' area (rx, ry, rw, rh). */
static void place_params(app *a, int W, int H, int *rx, int *ry, int *rw, int *rh)
{
    layout *L = &a->lay;
    int by = 1, bh = H - 3;
    if (W >= LAY_SIDE_MIN_W) {
        /* side by side whenever the results keep >= 40 columns (80x24 included) */
        int pw = W * LAY_PARAM_SHARE / 100;
        int mn = W >= LAY_WIDE_W ? LAY_PARAM_MIN_W_WIDE : LAY_PARAM_MIN_W;
        pw = pw < mn ? mn : pw > LAY_PARAM_MAX_W ? LAY_PARAM_MAX_W : pw;
        L->py = by; L->px = 0; L->ph = bh; L->pw = pw;
        *rx = pw; *ry = by; *rw = W - pw; *rh = bh;
    } else {
        int ph = a->nslots + 2;
        if (ph > bh / 2) ph = bh / 2;
        L->py = by; L->px = 0; L->ph = ph; L->pw = W;
        *rx = 0; *ry = by + ph; *rw = W; *rh = bh - ph;
    }
}

/* The explanation strip at the top of the results' area. */
static void place_text(app *a, int rx, int *ry, int rw, int *rh)
{
    layout *L = &a->lay;
    const dmx_view *tv = text_view(a);
    L->th = 0;
    if (!tv)
        return;
    int lines = 1 + u8_wrap(tv->text ? tv->text : "", rw - 4, NULL, NULL);
    int th = lines + 2;
    /* a short results area keeps its rows for the figure: a quarter there (at
     * 80x24 a third left Fig 4 of bbg-fig4-low-noise three rows high, while the
     * explanation showed 4 of its 37 lines anyway) */
    int share = *rh < LAY_TEXT_SHORT_H ? *rh / 4 : *rh / 3;
    int cap = share < LAY_TEXT_MAX_H ? share : LAY_TEXT_MAX_H;
    if (th > cap) th = cap;
    if (th >= LAY_TEXT_MIN_H) {
        L->ty = *ry; L->tx = rx; L->th = th; L->tw = rw;
        *ry += th; *rh -= th;
    }
}

static void set_pane(pane *p, int y, int x, int h, int w, int pref)
{
    p->y = y; p->x = x; p->h = h; p->w = w; p->pref = pref;
}

/* Stacks n panes in a column; returns the next free pane index. */
static int column(app *a, int np, int n, int x, int w, int y, int h, int pref0, int pref)
{
    for (int i = 0; i < n; i++)
        set_pane(&a->lay.panes[np++], y + i * (h / n), x, i == n - 1 ? h - i * (h / n) : h / n,
                 w, i == 0 ? pref0 : pref);
    return np;
}

/* The result panes in the results' area; returns how many. */
static int place_panes(app *a, int rx, int ry, int rw, int rh)
{
    if (rw >= LAY_TWO_COL_W && rh >= LAY_TWO_COL_H) {
        int lw = rw / 2;
        int nv = count_kind(a, DMX_V_PLOT) + count_kind(a, DMX_V_TABLE) + (a->map.res != NULL);
        int nl = rh >= LAY_LEFT_TWO_H && nv >= 3 ? 2 : 1;
        int nr = rh >= LAY_RIGHT_TWO_H && nv - nl >= 2 ? 2 : 1;
        int np = column(a, 0, nl, rx, lw, ry, rh, DMX_V_PLOT, DMX_V_PLOT);
        return column(a, np, nr, rx + lw, rw - lw, ry, rh, DMX_V_TABLE, DMX_V_TABLE);
    }
    if (rh < LAY_STACK_TWO_H)
        return column(a, 0, 1, rx, rw, ry, rh, DMX_V_PLOT, DMX_V_TABLE);
    int top = rh * LAY_STACK_TOP_SHARE / 100;
    set_pane(&a->lay.panes[0], ry, rx, top, rw, DMX_V_PLOT);
    set_pane(&a->lay.panes[1], ry + top, rx, rh - top, rw, DMX_V_TABLE);
    return 2;
}

/* Reading order (top-left, top-right, ...) for Tab and the numbering. */
static void sort_panes(pane *ps, int np)
{
    for (int i = 1; i < np; i++)
        for (int j = i; j > 0; j--) {
            pane *p = &ps[j], *q = &ps[j - 1];
            if (!(p->y < q->y || (p->y == q->y && p->x < q->x)))
                break;
            /* geometry only: a pane keeps its view choice and scroll */
            pane t = *p;
            set_pane(p, q->y, q->x, q->h, q->w, q->pref);
            set_pane(q, t.y, t.x, t.h, t.w, t.pref);
        }
}

/* Zoom: the focused panel (a pane or the explanation) over the whole body. */
static void place_zoom(app *a, int W, int H)
{
    layout *L = &a->lay;
    L->pw = L->ph = 0;
    if (L->focus == FOCUS_TEXT && L->th) {
        L->ty = 1; L->tx = 0; L->th = H - 3; L->tw = W;
        return;
    }
    int k = L->focus - 1;
    L->th = 0;
    for (int i = 0; i < L->npanes; i++)
        if (i != k)
            L->panes[i].h = L->panes[i].w = 0;
    set_pane(&L->panes[k], 1, 0, H - 3, W, L->panes[k].pref);
}

/* Rows a pane needs to show table view v whole (borders, header, rows), or 0
 * when v is not a table. */
static int table_rows_needed(const dmx_view *v)
{
    if (!v || v->kind != DMX_V_TABLE)
        return 0;
    return 2 + 1 + (v->rows ? v->rows->nkids : 0);
}

/* Two panes stacked in one column, a short table over or under a plot: the
 * table keeps the rows it needs (at least LAY_TABLE_MIN_H) and the plot takes
 * the rest, instead of a fixed share leaving blank rows under the table while
 * the plot is cramped. */
static void fit_stacked(app *a)
{
    layout *L = &a->lay;
    for (int k = 0; k + 1 < L->npanes; k++) {
        pane *u = &L->panes[k], *d = NULL;
        for (int j = 0; j < L->npanes; j++)
            if (L->panes[j].x == u->x && L->panes[j].w == u->w && L->panes[j].y == u->y + u->h)
                d = &L->panes[j];
        if (!d)
            continue;
        const dmx_view *vu = draw_find_view(a, u->shown), *vd = draw_find_view(a, d->shown);
        if (!vu || !vd)
            continue;
        pane *t = NULL, *p = NULL;
        if (vu->kind == DMX_V_PLOT && vd->kind == DMX_V_TABLE) { p = u; t = d; }
        else if (vu->kind == DMX_V_TABLE && vd->kind == DMX_V_PLOT) { p = d; t = u; }
        if (!t)
            continue;
        int need = table_rows_needed(t == u ? vu : vd);
        if (need < LAY_TABLE_MIN_H) need = LAY_TABLE_MIN_H;
        int spare = t->h - need;
        if (spare <= 0)
            continue;
        t->h -= spare;
        p->h += spare;
        if (t == u)
            p->y -= spare;
        else
            t->y += spare;
    }
}

void draw_layout(app *a)
{
    int W = COLS, H = LINES, rx, ry, rw, rh;
    layout *L = &a->lay;
    L->too_small = W < TUI_MINW || H < TUI_MINH;
    if (L->too_small) {
        L->npanes = 0;
        return;
    }
    place_params(a, W, H, &rx, &ry, &rw, &rh);
    place_text(a, rx, &ry, rw, &rh);
    int np = place_panes(a, rx, ry, rw, rh);
    sort_panes(L->panes, np);
    L->npanes = np;
    if ((L->focus > np && L->focus != FOCUS_TEXT) || (L->focus == FOCUS_TEXT && !L->th))
        L->focus = 0;
    if (L->zoom && L->focus == 0)
        L->zoom = 0;
    place_open_view(a);
    assign_views(a);
    fit_stacked(a);
    if (L->zoom)
        place_zoom(a, W, H);
}
