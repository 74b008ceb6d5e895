/* draw.c -- layout from LINES/COLS and every panel of the explorer: the
 * parameter sliders, the explanation strip, result panes (tables, plots,
 * text), the status line and the function-key bar.  Generic over models: it
 * only reads slots, views, notes and the status fields of the result. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "help.h"
#include "tui.h"
#include "util.h"

#define A_(r) TH_A(&a->th, r), TH_P(&a->th, r)

/* ---------- helpers ---------- */

typedef struct wrapctx {
    int y, x, w, row, maxrows, skip;
    attr_t attr;
    short pair;
    int ascii;
} wrapctx;

static void wrap_line(void *u, const char *t, int len)
{
    wrapctx *c = u;
    if (c->skip > 0) {
        c->skip--;
        return;
    }
    if (c->row < c->maxrows) {
        char buf[1024];
        if (len > (int)sizeof buf - 1)
            len = (int)sizeof buf - 1;
        memcpy(buf, t, (size_t)len);
        buf[len] = 0;
        tui_put(c->y + c->row, c->x, c->w, buf, c->attr, c->pair, c->ascii);
    }
    c->row++;
}

static int draw_wrapped(const app *a, int y, int x, int w, int maxrows, int skip, const char *s,
                        attr_t attr, short pair)
{
    wrapctx c = {y, x, w, 0, maxrows, skip, attr, pair, a->ascii};
    u8_wrap(s, w, wrap_line, &c);
    return c.row < maxrows ? c.row : maxrows;
}

static int wrapped_lines(const char *s, int w)
{
    return u8_wrap(s, w, NULL, NULL);
}

static void draw_box(const app *a, int y, int x, int h, int w, const char *title, int focus)
{
    if (h < 2 || w < 2)
        return;
    attr_t at = focus ? TH_A(&a->th, TR_FOCUS) : TH_A(&a->th, TR_BORDER);
    short pr = focus ? TH_P(&a->th, TR_FOCUS) : TH_P(&a->th, TR_BORDER);
    int u = !a->ascii && a->th.unicode;
    const char *hl = u ? "─" : "-", *vl = u ? "│" : "|";
    char top[1024], bot[1024];
    size_t o = 0, ob = 0;
    const char *tl = u ? "┌" : "+", *tr = u ? "┐" : "+", *bl = u ? "└" : "+", *br = u ? "┘" : "+";
    o += (size_t)snprintf(top, sizeof top, "%s", tl);
    ob += (size_t)snprintf(bot, sizeof bot, "%s", bl);
    for (int i = 0; i < w - 2 && o + 8 < sizeof top; i++) {
        o += (size_t)snprintf(top + o, sizeof top - o, "%s", hl);
        ob += (size_t)snprintf(bot + ob, sizeof bot - ob, "%s", hl);
    }
    snprintf(top + o, sizeof top - o, "%s", tr);
    snprintf(bot + ob, sizeof bot - ob, "%s", br);
    tui_put(y, x, w, top, at, pr, 0);
    tui_put(y + h - 1, x, w, bot, at, pr, 0);
    for (int r = 1; r < h - 1; r++) {
        tui_put(y + r, x, 1, vl, at, pr, 0);
        tui_put(y + r, x + w - 1, 1, vl, at, pr, 0);
    }
    attr_set(A_NORMAL, 0, NULL);
    if (title && *title) {
        char t[256];
        sfmt(t, sizeof t, " %s ", title);
        tui_put(y, x + 2, w - 4, t, focus ? TH_A(&a->th, TR_FOCUS) : TH_A(&a->th, TR_TITLE),
                focus ? TH_P(&a->th, TR_FOCUS) : TH_P(&a->th, TR_TITLE), a->ascii);
    }
}

/* ---------- views ---------- */

const dmx_view *draw_find_view(const app *a, const char *id)
{
    if (!id || !*id)
        return NULL;
    if (!strcmp(id, "map"))
        return a->map && a->map->nviews ? &a->map->views[0] : NULL;
    return a->cur ? dmx_result_view(a->cur, id) : NULL;
}

int draw_view_ids(const app *a, const char **ids, int max)
{
    int n = 0;
    for (int i = 0; a->cur && i < a->cur->nviews && n < max; i++)
        if (a->cur->views[i].id)
            ids[n++] = a->cur->views[i].id;
    if (a->map && a->map->nviews && n < max)
        ids[n++] = "map";
    return n;
}

const dmx_view *draw_pane_view(const app *a, int k)
{
    if (k < 0 || k >= a->npanes)
        return NULL;
    return draw_find_view(a, a->panes[k].shown);
}

/* Chooses what every pane shows: explicit choices first, then by preference. */
static void assign_views(app *a)
{
    const char *ids[64];
    int n = draw_view_ids(a, ids, 64);
    int used[64] = {0};
    for (int k = 0; k < a->npanes; k++) {
        pane *p = &a->panes[k];
        p->shown = NULL;
        for (int i = 0; i < n; i++)
            if (p->view[0] && !strcmp(ids[i], p->view) && !used[i]) {
                p->shown = ids[i];
                used[i] = 1;
            }
    }
    for (int pass = 0; pass < 3; pass++)
        for (int k = 0; k < a->npanes; k++) {
            pane *p = &a->panes[k];
            if (p->shown)
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
                    p->shown = ids[i];
                    used[i] = 1;
                    break;
                }
            }
        }
}

static int count_kind(const app *a, dmx_vkind k)
{
    int n = 0;
    for (int i = 0; a->cur && i < a->cur->nviews; i++)
        n += a->cur->views[i].kind == k;
    return n;
}

static const dmx_view *text_view(const app *a)
{
    for (int i = 0; a->cur && i < a->cur->nviews; i++)
        if (a->cur->views[i].kind == DMX_V_TEXT)
            return &a->cur->views[i];
    return NULL;
}

void draw_layout(app *a)
{
    int W = COLS, H = LINES;
    a->too_small = W < TUI_MINW || H < TUI_MINH;
    if (a->too_small) {
        a->npanes = 0;
        return;
    }
    int by = 1, bh = H - 3, rx, ry, rw, rh;
    if (W >= 72) {
        /* side by side whenever the results keep >= 40 columns (80x24 included) */
        int pw = W * 28 / 100;
        pw = pw < (W >= 100 ? 34 : 30) ? (W >= 100 ? 34 : 30) : pw > 48 ? 48 : pw;
        a->py = by; a->px = 0; a->ph = bh; a->pw = pw;
        rx = pw; ry = by; rw = W - pw; rh = bh;
    } else {
        int ph = a->nslots + 2;
        if (ph > bh / 2) ph = bh / 2;
        a->py = by; a->px = 0; a->ph = ph; a->pw = W;
        rx = 0; ry = by + ph; rw = W; rh = bh - ph;
    }
    const dmx_view *tv = text_view(a);
    a->th_ = 0;
    if (tv) {
        int lines = 1 + wrapped_lines(tv->text ? tv->text : "", rw - 4);
        int th = lines + 2;
        int cap = rh / 3 < 8 ? rh / 3 : 8;
        if (th > cap) th = cap;
        if (th >= 3) {
            a->ty = ry; a->tx = rx; a->th_ = th; a->tw = rw;
            ry += th; rh -= th;
        }
    }
    int np = 0;
    if (rw >= 100 && rh >= 16) {
        int lw = rw / 2;
        int nv = count_kind(a, DMX_V_PLOT) + count_kind(a, DMX_V_TABLE) + (a->map != NULL);
        int nl = rh >= 36 && nv >= 3 ? 2 : 1;
        int nr = rh >= 26 && nv - nl >= 2 ? 2 : 1;
        for (int i = 0; i < nl; i++) {
            pane *p = &a->panes[np++];
            p->x = rx; p->w = lw; p->pref = DMX_V_PLOT;
            p->y = ry + i * (rh / nl); p->h = i == nl - 1 ? rh - i * (rh / nl) : rh / nl;
        }
        for (int i = 0; i < nr; i++) {
            pane *p = &a->panes[np++];
            p->x = rx + lw; p->w = rw - lw; p->pref = DMX_V_TABLE;
            p->y = ry + i * (rh / nr); p->h = i == nr - 1 ? rh - i * (rh / nr) : rh / nr;
        }
    } else {
        int n = rh >= 24 ? 2 : 1;
        for (int i = 0; i < n; i++) {
            pane *p = &a->panes[np++];
            p->x = rx; p->w = rw; p->pref = i == 0 ? DMX_V_PLOT : DMX_V_TABLE;
            p->y = ry + i * (rh / n); p->h = i == n - 1 ? rh - i * (rh / n) : rh / n;
        }
    }
    /* reading order (top-left, top-right, ...) for Tab and the numbering */
    for (int i = 1; i < np; i++)
        for (int j = i; j > 0; j--) {
            pane *p = &a->panes[j], *q = &a->panes[j - 1];
            if (p->y < q->y || (p->y == q->y && p->x < q->x)) {
                int y = p->y, x = p->x, h = p->h, w = p->w, pref = p->pref;
                p->y = q->y; p->x = q->x; p->h = q->h; p->w = q->w; p->pref = q->pref;
                q->y = y; q->x = x; q->h = h; q->w = w; q->pref = pref;
            } else {
                break;
            }
        }
    a->npanes = np;
    if (a->focus > np)
        a->focus = 0;
    assign_views(a);
}

/* ---------- sliders ---------- */

void draw_slot_label(const app *a, int i, char *buf, size_t n)
{
    const dmx_slot *s = &a->slots[i];
    const dmx_param_desc *d = &a->params->model->params[s->param];
    const char *lab = d->label && *d->label ? d->label : d->key;
    if (d->kind == DMX_P_VEC && s->row >= 0)
        sfmt(buf, n, "%s[%d]", lab, s->row);
    else if (d->kind == DMX_P_MAT)
        sfmt(buf, n, "%s[%d][%d]", lab, s->row, s->col);
    else if (d->kind == DMX_P_RECS && d->fields)
        sfmt(buf, n, "%s[%d].%s", lab, s->row,
             d->fields[s->col].label ? d->fields[s->col].label : d->fields[s->col].key);
    else
        sfmt(buf, n, "%s", lab);
}

void draw_slot_value(const app *a, int i, char *buf, size_t n)
{
    const dmx_slot *s = &a->slots[i];
    const dmx_param_desc *d = &a->params->model->params[s->param];
    double v = dmx_slot_get(a->params, s);
    if (d->kind == DMX_P_CHOICE && d->choices) {
        int k = (int)v, nc = 0;
        while (d->choices[nc])
            nc++;
        sfmt(buf, n, "%s", k >= 0 && k < nc ? d->choices[k] : "?");
        return;
    }
    dmx_fmt_num(buf, n, v, 6);
}

static const char *slot_unit(const app *a, int i)
{
    const dmx_slot *s = &a->slots[i];
    const dmx_param_desc *d = &a->params->model->params[s->param];
    if (d->kind == DMX_P_RECS && d->fields)
        return d->fields[s->col].unit ? d->fields[s->col].unit : "";
    return d->unit ? d->unit : "";
}

static const char *slot_meaning(const app *a, int i)
{
    const dmx_slot *s = &a->slots[i];
    const dmx_param_desc *d = &a->params->model->params[s->param];
    if (d->kind == DMX_P_RECS && d->fields)
        return d->fields[s->col].meaning ? d->fields[s->col].meaning : "";
    return d->meaning ? d->meaning : "";
}

static void draw_params(app *a)
{
    int y = a->py, x = a->px, h = a->ph, w = a->pw;
    draw_box(a, y, x, h, w, "Parameters", a->focus == 0);
    int iw = w - 2, rows = h - 2;
    int list_rows = a->nslots < rows ? a->nslots : rows;
    if (list_rows < 1)
        return;
    if (a->sel < a->stop) a->stop = a->sel;
    if (a->sel >= a->stop + list_rows) a->stop = a->sel - list_rows + 1;
    if (a->stop < 0) a->stop = 0;
    int labw = 0;
    for (int i = 0; i < a->nslots; i++) {
        char lb[96];
        draw_slot_label(a, i, lb, sizeof lb);
        int lw = a->ascii ? (int)strlen(lb) : u8_width(lb);
        if (a->ascii) { char t[96]; u8_to_ascii(lb, t, sizeof t); lw = (int)strlen(t); }
        if (lw > labw) labw = lw;
    }
    if (labw > 16) labw = 16;
    int valw = 6;
    for (int i = 0; i < a->nslots; i++) {
        char val[64], vu[96], t[96];
        draw_slot_value(a, i, val, sizeof val);
        const char *unit = slot_unit(a, i);
        sfmt(vu, sizeof vu, "%s%s%s", val, *unit ? " " : "", unit);
        u8_to_ascii(vu, t, sizeof t);
        int k = a->ascii ? (int)strlen(t) : u8_width(vu);
        if (k > valw) valw = k;
    }
    if (valw > 16) valw = 16;
    if (valw > iw - 2 - labw - 1 - 6) valw = iw - 2 - labw - 1 - 6;
    if (valw < 4) valw = 4;
    int barw = iw - 2 - labw - 1 - valw - 1;
    for (int r = 0; r < list_rows; r++) {
        int i = a->stop + r;
        if (i >= a->nslots)
            break;
        int yy = y + 1 + r, xx = x + 1;
        int sel = i == a->sel;
        attr_t at = sel ? TH_A(&a->th, TR_SEL) : A_NORMAL;
        short pr = sel ? TH_P(&a->th, TR_SEL) : 0;
        char lb[96], val[64], vu[96];
        draw_slot_label(a, i, lb, sizeof lb);
        draw_slot_value(a, i, val, sizeof val);
        const char *unit = slot_unit(a, i);
        sfmt(vu, sizeof vu, "%s%s%s", val, *unit ? " " : "", unit);
        tui_putpad(yy, xx, 2, sel ? (a->ascii ? "> " : "▸ ") : "  ", at, pr, a->ascii);
        tui_putpad(yy, xx + 2, labw, lb, at, pr, a->ascii);
        tui_put(yy, xx + 2 + labw, 1, " ", at, pr, a->ascii);
        /* value right-aligned */
        int vw = a->ascii ? (int)strlen(vu) : u8_width(vu);
        if (vw > valw) vw = valw;
        tui_fill(yy, xx + 3 + labw, valw - vw, at, pr);
        tui_put(yy, xx + 3 + labw + valw - vw, vw, vu, at | A_BOLD, pr, a->ascii);
        a->bar_x = xx + 4 + labw + valw;
        a->bar_w = barw;
        if (barw >= 4) {
            const dmx_slot *s = &a->slots[i];
            double v = dmx_slot_get(a->params, s);
            double f = s->smax > s->smin ? (v - s->smin) / (s->smax - s->smin) : 0;
            if (!isfinite(f)) f = 0;
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            int bx = xx + 4 + labw + valw, kpos = (int)lround(f * (barw - 1));
            /* the pinned value, when it differs, as a second mark on the bar */
            int ppos = -1;
            if (a->pin_params && a->pin_params->model == a->params->model) {
                double pv = dmx_slot_get(a->pin_params, s);
                if (isfinite(pv) && pv != v && s->smax > s->smin) {
                    double pf = (pv - s->smin) / (s->smax - s->smin);
                    pf = pf < 0 ? 0 : pf > 1 ? 1 : pf;
                    ppos = (int)lround(pf * (barw - 1));
                }
            }
            for (int b = 0; b < barw; b++) {
                const char *g = b < kpos ? a->th.bar_fill : b == kpos ? a->th.knob : a->th.bar_empty;
                tui_role role = b <= kpos ? TR_BARFILL : TR_BAREMPTY;
                if (b == ppos && b != kpos) {
                    g = a->th.unicode && !a->ascii ? "◆" : "p";
                    role = TR_DELTA;
                }
                tui_put(yy, bx + b, 1, g, TH_A(&a->th, role), TH_P(&a->th, role), a->ascii);
            }
        }
    }
    /* below the list: what the selected parameter means, then notes */
    int yy = y + 1 + list_rows + 1, left = y + h - 1 - yy;
    if (left < 2 || a->nslots == 0)
        return;
    char info[512], lo[32], hi[32], st[32];
    const dmx_slot *s = &a->slots[a->sel];
    char lb[96];
    draw_slot_label(a, a->sel, lb, sizeof lb);
    dmx_fmt_num(lo, sizeof lo, s->smin, 4);
    dmx_fmt_num(hi, sizeof hi, s->smax, 4);
    dmx_fmt_num(st, sizeof st, s->step, 3);
    sfmt(info, sizeof info, "%s (%s): %s", lb, s->name, slot_meaning(a, a->sel));
    int k = draw_wrapped(a, yy, x + 2, iw - 2, left, 0, info, A_(TR_DIM));
    yy += k;
    left -= k;
    sfmt(info, sizeof info, "slider %s .. %s, step %s", lo, hi, st);
    if (left > 0) {
        tui_put(yy, x + 2, iw - 2, info, A_(TR_DIM), a->ascii);
        yy++;
        left--;
    }
    if (left < 3)
        return;
    yy++;
    left--;
    int nn = a->cur ? a->cur->nnotes : 0;
    if (nn || (a->preset && a->preset->notes)) {
        tui_put(yy++, x + 2, iw - 2, "Notes", A_(TR_TITLE), a->ascii);
        left--;
    }
    for (int i = 0; i < nn && left > 0; i++) {
        char nb[1024];
        sfmt(nb, sizeof nb, "%s %s", a->ascii ? "*" : "•", a->cur->notes[i]);
        k = draw_wrapped(a, yy, x + 2, iw - 2, left, 0, nb, A_NORMAL, 0);
        yy += k;
        left -= k;
    }
    if (a->preset && a->preset->notes && left > 1) {
        k = draw_wrapped(a, yy, x + 2, iw - 2, left, 0, a->preset->notes, A_(TR_DIM));
        yy += k;
        left -= k;
    }
}

/* ---------- tables ---------- */

static void cell_text(const dmx_node *c, char *buf, size_t n)
{
    if (!c) { buf[0] = 0; return; }
    switch (c->t) {
    case DMX_N_NUM: dmx_fmt_num(buf, n, c->num, 5); break;
    case DMX_N_STR: sfmt(buf, n, "%s", c->str ? c->str : ""); break;
    case DMX_N_BOOL: sfmt(buf, n, "%s", c->num != 0 ? "yes" : "no"); break;
    case DMX_N_NULL: sfmt(buf, n, "%s", "—"); break;
    default: sfmt(buf, n, "%s", "…"); break;
    }
}

static const dmx_node *tcell(const dmx_view *v, int r, int c)
{
    if (!v || !v->rows || r < 0 || r >= v->rows->nkids)
        return NULL;
    const dmx_node *row = v->rows->kids[r];
    if (!row || c < 0 || c >= row->nkids)
        return NULL;
    return row->kids[c];
}

static int cells_differ(const dmx_node *a, const dmx_node *b)
{
    if (!a || !b)
        return a != b;
    if (a->t != b->t)
        return 1;
    if (a->t == DMX_N_NUM || a->t == DMX_N_BOOL)
        return fabs(a->num - b->num) > 1e-9 * (1 + fabs(a->num));
    if (a->t == DMX_N_STR)
        return strcmp(a->str ? a->str : "", b->str ? b->str : "") != 0;
    return 0;
}

static int highlighting(const app *a)
{
    return a->prev && tui_now_ms() - a->cur_at < TUI_HILITE_MS;
}

static void delta_text(const app *a, const dmx_node *c, const dmx_node *p, char *buf, size_t n)
{
    buf[0] = 0;
    if (!c || !p || c->t != DMX_N_NUM || p->t != DMX_N_NUM || !cells_differ(c, p))
        return;
    char d[32];
    double dv = c->num - p->num;
    dmx_fmt_num(d, sizeof d, dv, 3);
    sfmt(buf, n, " %s%s%s", a->th.delta, dv > 0 ? "+" : "", d);
}

static void draw_table(app *a, pane *p, const dmx_view *v, int y, int x, int h, int w)
{
    const dmx_view *pv = a->prev ? dmx_result_view(a->prev, v->id) : NULL;
    const dmx_view *pin = a->pin && a->pin != a->cur ? dmx_result_view(a->pin, v->id) : NULL;
    int hl = highlighting(a);
    int ncols = v->header ? v->header->nkids : 0;
    int nrows = v->rows ? v->rows->nkids : 0;
    for (int r = 0; r < nrows; r++)
        if (v->rows->kids[r] && v->rows->kids[r]->nkids > ncols)
            ncols = v->rows->kids[r]->nkids;
    if (ncols > 64) ncols = 64;
    int cw[64];
    char buf[256], db[64];
    for (int c = 0; c < ncols; c++) {
        cw[c] = 1;
        if (v->header && c < v->header->nkids) {
            cell_text(v->header->kids[c], buf, sizeof buf);
            cw[c] = u8_width(buf);
        }
        for (int r = 0; r < nrows; r++) {
            cell_text(tcell(v, r, c), buf, sizeof buf);
            int k = u8_width(buf);
            if (pin) {
                delta_text(a, tcell(v, r, c), tcell(pin, r, c), db, sizeof db);
                k += u8_width(db);
            }
            if (k > cw[c]) cw[c] = k;
        }
        int cap = c == 0 ? 30 : 24;
        if (cw[c] > cap) cw[c] = cap;
    }
    if (p->hscroll > ncols - 2) p->hscroll = ncols - 2 > 0 ? ncols - 2 : 0;
    if (p->hscroll < 0) p->hscroll = 0;
    int body = h - 1;
    if (p->scroll > nrows - body) p->scroll = nrows - body > 0 ? nrows - body : 0;
    if (p->scroll < 0) p->scroll = 0;
    /* columns that fit (the label column always shows) */
    int lastc = 0, used = cw[0] + 2;
    for (int c = 1 + p->hscroll; c < ncols; c++) {
        if (used + cw[c] > w)
            break;
        used += cw[c] + 2;
        lastc = c;
    }
    /* header */
    for (int row = -1; row < nrows && row - p->scroll < body; row++) {
        if (row >= 0 && row < p->scroll)
            continue;
        int yy = row < 0 ? y : y + 1 + row - p->scroll, xx = x;
        for (int c = 0; c < ncols && xx < x + w; c++) {
            if (c > 0 && c <= p->hscroll)
                continue;
            int cwid = cw[c];
            if (xx + cwid > x + w) cwid = x + w - xx;
            const dmx_node *cell = row < 0 ? (v->header && c < v->header->nkids ? v->header->kids[c] : NULL)
                                           : tcell(v, row, c);
            cell_text(cell, buf, sizeof buf);
            attr_t at = A_NORMAL;
            short pr = 0;
            if (row < 0) { at = TH_A(&a->th, TR_TITLE) | A_UNDERLINE; pr = TH_P(&a->th, TR_TITLE); }
            else if (c == 0) { at = A_BOLD; }
            else if (hl && pv && cells_differ(cell, tcell(pv, row, c))) {
                at = TH_A(&a->th, TR_CHANGED); pr = TH_P(&a->th, TR_CHANGED);
            }
            db[0] = 0;
            if (row >= 0 && pin && c > 0)
                delta_text(a, cell, tcell(pin, row, c), db, sizeof db);
            int tw = u8_width(buf) + u8_width(db);
            if (c == 0 || row < 0 || (cell && cell->t == DMX_N_STR)) {
                int k = tui_put(yy, xx, cwid, buf, at, pr, a->ascii);
                if (db[0]) tui_put(yy, xx + k, cwid - k, db, A_(TR_DELTA), a->ascii);
            } else {
                int pad = cwid - tw;
                if (pad < 0) pad = 0;
                int k = tui_put(yy, xx + pad, cwid - pad, buf, at, pr, a->ascii);
                if (db[0]) tui_put(yy, xx + pad + k, cwid - pad - k, db, A_(TR_DELTA), a->ascii);
            }
            xx += cwid + 2;
        }
    }
    char more[96] = "";
    if (nrows > body)
        sfmt(more, sizeof more, " rows %d-%d of %d%s ", p->scroll + 1,
             p->scroll + body < nrows ? p->scroll + body : nrows, nrows,
             p->scroll + body < nrows ? " ↓" : "");
    if (p->hscroll > 0 || (lastc < ncols - 1 && ncols > 1)) {
        size_t k = strlen(more);
        sfmt(more + k, sizeof more - k, " %scols %d-%d of %d%s ", p->hscroll > 0 ? "← " : "",
             1 + p->hscroll, lastc > p->hscroll ? lastc : 1 + p->hscroll, ncols - 1,
             lastc < ncols - 1 ? " →" : "");
    }
    if (more[0]) {
        int mw = u8_width(more);
        tui_put(y + h, x + w - mw - 1, mw, more, A_(TR_DIM), a->ascii);   /* on the border */
    }
}

/* ---------- text ---------- */

static void draw_text_view(app *a, const dmx_view *v, int y, int x, int h, int w, int scroll)
{
    if (h < 1)
        return;
    const dmx_view *pv = a->prev ? dmx_result_view(a->prev, v->id) : NULL;
    int changed = highlighting(a) && pv &&
                  strcmp(pv->title ? pv->title : "", v->title ? v->title : "") != 0;
    char badge[256];
    sfmt(badge, sizeof badge, " %s ", v->title ? v->title : "");
    tui_put(y, x, w, badge, changed ? TH_A(&a->th, TR_CHANGED) : TH_A(&a->th, TR_BADGE),
            changed ? TH_P(&a->th, TR_CHANGED) : TH_P(&a->th, TR_BADGE), a->ascii);
    if (a->pin && a->pin != a->cur) {
        const dmx_view *pinv = dmx_result_view(a->pin, v->id);
        if (pinv && pinv->title && strcmp(pinv->title, v->title ? v->title : "")) {
            char pb[300];
            sfmt(pb, sizeof pb, "  pinned: %s", pinv->title);
            int bw = u8_width(badge);
            tui_put(y, x + bw, w - bw, pb, A_(TR_DELTA), a->ascii);
        }
    }
    draw_wrapped(a, y + 1, x, w, h - 1, scroll, v->text ? v->text : "", A_NORMAL, 0);
}

/* ---------- plots ---------- */

static void current_marker(const app *a, cv_marker *m)
{
    memset(m, 0, sizeof *m);
    m->x = dmx_slot_get(a->params, &a->map_sx);
    m->y = dmx_slot_get(a->params, &a->map_sy);
    m->glyph = '@';
    m->label = "current";
    m->style = 2;
}

static void draw_plot(app *a, const dmx_view *v, int y, int x, int h, int w)
{
    canvas cv;
    cv_marker m;
    int nm = 0;
    if (v->id && !strcmp(v->id, "map")) {
        current_marker(a, &m);
        nm = 1;
    }
    const dmx_view *ghost = a->pin && a->pin != a->cur && v->id ? dmx_result_view(a->pin, v->id) : NULL;
    if (plot_render(&cv, v, w, h, a->cmode, a->th.unicode && !a->ascii, a->th.color, ghost, &m,
                    nm) == 0)
        canvas_draw(&cv, y, x, &a->th);
    canvas_free(&cv);
}

static void draw_pane(app *a, int k)
{
    pane *p = &a->panes[k];
    const dmx_view *v = draw_find_view(a, p->shown);
    const char *ids[64];
    int n = draw_view_ids(a, ids, 64), idx = 0;
    for (int i = 0; i < n; i++)
        if (p->shown && !strcmp(ids[i], p->shown))
            idx = i + 1;
    char title[256];
    if (v)
        sfmt(title, sizeof title, "[%d/%d] %s", idx, n, v->title && *v->title ? v->title : v->id);
    else
        sfmt(title, sizeof title, "%s", a->cur ? "(no view)" : a->cerr[0] ? "no result" : "computing…");
    if (v && !strcmp(v->id, "map") && a->map_running)
        sfmt(title + strlen(title), sizeof title - strlen(title), "  updating…");
    draw_box(a, p->y, p->x, p->h, p->w, title, a->focus == k + 1);
    if (!v)
        return;
    int iy = p->y + 1, ix = p->x + 1, ih = p->h - 2, iw = p->w - 2;
    if (ih < 1 || iw < 4)
        return;
    if (v->kind == DMX_V_TABLE)
        draw_table(a, p, v, iy, ix + 1, ih, iw - 2);
    else if (v->kind == DMX_V_PLOT)
        draw_plot(a, v, iy, ix, ih, iw);
    else
        draw_text_view(a, v, iy, ix + 1, ih, iw - 2, p->scroll);
}

/* ---------- bars ---------- */

static void draw_header(app *a)
{
    char t[512];
    const dmx_model *m = a->params->model;
    sfmt(t, sizeof t, " dmx  %s (%s)  |  %s%s%s", m->title, m->paper,
         a->preset && a->preset->name ? a->preset->name : "?",
         a->preset && a->preset->title ? ": " : "",
         a->preset && a->preset->title ? a->preset->title : "");
    tui_putpad(0, 0, COLS, t, A_(TR_HEADER), a->ascii);
}

static void draw_status(app *a)
{
    int y = LINES - 2;
    char t[1024], r[256];
    tui_fill(y, 0, COLS, A_(TR_STATUS));
    int sweeping = 0;
    double prog = 0;
    int busy = a->want_gen != a->have_gen || worker_busy(&a->w, &sweeping, &prog);
    int x = 0;
    if (busy || sweeping) {
        const char *sp = a->th.spinner[a->spin % (unsigned)a->th.nspinner];
        if (sweeping && !busy)
            sfmt(t, sizeof t, " %s map %d%% ", sp, (int)(prog * 100));
        else if (prog > 0 && prog < 1)
            sfmt(t, sizeof t, " %s computing %d%% ", sp, (int)(prog * 100));
        else
            sfmt(t, sizeof t, " %s computing ", sp);
        x += tui_put(y, x, COLS, t, A_(TR_WARN), a->ascii);
    }
    if (a->msg[0]) {
        sfmt(t, sizeof t, " %s ", a->msg);
        x += tui_put(y, x, COLS - x, t, a->msg_err ? TH_A(&a->th, TR_ERR) : TH_A(&a->th, TR_OK),
                     a->msg_err ? TH_P(&a->th, TR_ERR) : TH_P(&a->th, TR_OK), a->ascii);
    } else if (a->cerr[0]) {
        sfmt(t, sizeof t, " %s (showing the last good result) ", a->cerr);
        x += tui_put(y, x, COLS - x, t, A_(TR_ERR), a->ascii);
    } else if (a->cur) {
        char res[32] = "n/a";
        if (isfinite(a->cur->residual))
            sfmt(res, sizeof res, "%.1e", a->cur->residual);
        sfmt(t, sizeof t, " %s | residual %s | %.2f ms%s%s ", a->cur->status[0] ? a->cur->status : "ok",
             res, a->cur_ms, a->cur->method[0] ? " | " : "", a->cur->method);
        x += tui_put(y, x, COLS - x, t, A_(TR_STATUS), a->ascii);
    }
    sfmt(r, sizeof r, "%s%s%s undo %d ", a->pin ? "PINNED " : "", a->map_info[0] ? "" : "",
         cv_mode_name(a->cmode), a->nundo);
    int rw = u8_width(r);
    if (COLS - rw > x + 1)
        tui_put(y, COLS - rw, rw, r, a->pin ? TH_A(&a->th, TR_DELTA) : TH_A(&a->th, TR_STATUS),
                a->pin ? TH_P(&a->th, TR_DELTA) : TH_P(&a->th, TR_STATUS), a->ascii);
}

static void draw_fkeys(app *a)
{
    int y = LINES - 1, x = 0;
    tui_fill(y, 0, COLS, A_(TR_FKEYLBL));
    for (int i = 0; tui_keys[i].act != A_NONE && x < COLS; i++) {
        const key_binding *k = &tui_keys[i];
        if (!k->fkey || !k->label)
            continue;
        x += tui_put(y, x, COLS - x, k->fkey, A_(TR_FKEY), a->ascii);
        char lb[32];
        sfmt(lb, sizeof lb, "%s ", k->label);
        x += tui_put(y, x, COLS - x, lb, A_(TR_FKEYLBL), a->ascii);
    }
}

static void draw_too_small(app *a)
{
    char t[128];
    sfmt(t, sizeof t, "terminal too small (needs %dx%d)", TUI_MINW, TUI_MINH);
    int y = LINES / 2 - 1;
    for (int r = 0; r < 3 && y + r < LINES; r++) {
        const char *s = r == 0 ? t : r == 1 ? "resize, or q to quit" : "";
        int w = (int)strlen(s), x = (COLS - w) / 2;
        if (x < 0) x = 0;
        tui_put(y < 0 ? r : y + r, x, COLS, s, r == 0 ? TH_A(&a->th, TR_WARN) : A_NORMAL,
                r == 0 ? TH_P(&a->th, TR_WARN) : 0, 1);
    }
}

void draw_frame(app *a)
{
    draw_layout(a);
    erase();
    if (a->too_small) {
        draw_too_small(a);
        return;
    }
    draw_header(a);
    draw_params(a);
    if (a->th_) {
        const dmx_view *tv = text_view(a);
        draw_box(a, a->ty, a->tx, a->th_, a->tw, "Explanation", 0);
        if (tv)
            draw_text_view(a, tv, a->ty + 1, a->tx + 2, a->th_ - 2, a->tw - 4, 0);
    }
    for (int k = 0; k < a->npanes; k++)
        draw_pane(a, k);
    draw_status(a);
    draw_fkeys(a);
    if (a->help) {
        const dmx_model *m = a->params->model;
        help_draw(a->help_top, a->ascii, &a->th, m->title, m->summary);
    }
}
