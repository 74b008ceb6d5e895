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
#include "numfmt.h"
#include "tui.h"
#include "util.h"

#define A_(r) TH_A(&a->th, r), TH_P(&a->th, r)

/* Cells whose values differ by less than this (relative) are unchanged:
 * recomputing the same values may move the last bits. */
#define CELL_CHANGE_REL 1e-9

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
    const char *tl = u ? "┌" : "+", *tr = u ? "┐" : "+", *bl = u ? "└" : "+", *br = u ? "┘" : "+";
    /* corner, w - 2 rules, corner (every piece is one to three bytes) */
    size_t k = strlen(hl), c = strlen(tl), o = c;
    memcpy(top, tl, c);
    memcpy(bot, bl, c);
    for (int i = 0; i < w - 2 && o + 8 < sizeof top; i++, o += k) {
        memcpy(top + o, hl, k);
        memcpy(bot + o, hl, k);
    }
    memcpy(top + o, tr, c + 1);
    memcpy(bot + o, br, c + 1);
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

/* ---------- sliders ---------- */

/* A slider number: whole numbers as integers, digits grouped from 10,000 as a
 * table column groups them ("1,000,000 consumers", where %g gave "1e+06");
 * others with `sig` significant digits (dmx_fmt_num). */
static void slider_num(char *buf, size_t n, double v, int sig)
{
    if (!(isfinite(v) && v == floor(v) && fabs(v) < 1e12) || dmx_numfmt_one(buf, n, v, 15) < 0)
        dmx_fmt_num(buf, n, v, sig);
}

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
    slider_num(buf, n, v, 6);
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

#define PARAM_LABEL_MAXW 16
#define PARAM_VALUE_MINW 6
#define PARAM_VALUE_MAXW 16
#define PARAM_BAR_MINW 4

/* Column widths of the slider list: labels, values (with units), bars. */
typedef struct pcols {
    int labw, valw, barw;
} pcols;

static int shown_width(const app *a, const char *s)
{
    if (!a->ascii)
        return u8_width(s);
    char t[128];
    u8_to_ascii(s, t, sizeof t);
    return (int)strlen(t);
}

static void value_text(const app *a, int i, char *vu, size_t n)
{
    char val[64];
    draw_slot_value(a, i, val, sizeof val);
    const char *unit = slot_unit(a, i);
    sfmt(vu, n, "%s%s%s", val, *unit ? " " : "", unit);
}

static pcols param_cols(const app *a, int iw)
{
    pcols c = {0, PARAM_VALUE_MINW, 0};
    for (int i = 0; i < a->nslots; i++) {
        char lb[96], vu[96];
        draw_slot_label(a, i, lb, sizeof lb);
        value_text(a, i, vu, sizeof vu);
        int lw = shown_width(a, lb), vw = shown_width(a, vu);
        if (lw > c.labw) c.labw = lw;
        if (vw > c.valw) c.valw = vw;
    }
    if (c.labw > PARAM_LABEL_MAXW) c.labw = PARAM_LABEL_MAXW;
    if (c.valw > PARAM_VALUE_MAXW) c.valw = PARAM_VALUE_MAXW;
    /* the bar keeps at least PARAM_BAR_MINW columns and a space before it */
    if (c.valw > iw - 2 - c.labw - 1 - PARAM_BAR_MINW - 1)
        c.valw = iw - 2 - c.labw - 1 - PARAM_BAR_MINW - 1;
    if (c.valw < 4) c.valw = 4;
    c.barw = iw - 2 - c.labw - 1 - c.valw - 1;
    return c;
}

/* The slider bar of slot i: the value's knob, and the pinned value as a second mark. */
static void draw_bar(app *a, int i, int yy, int bx, int barw)
{
    const dmx_slot *s = &a->slots[i];
    double v = dmx_slot_get(a->params, s);
    double f = s->smax > s->smin ? (v - s->smin) / (s->smax - s->smin) : 0;
    if (!isfinite(f)) f = 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    int kpos = (int)lround(f * (barw - 1)), ppos = -1;
    const dmx_params *pp = a->res.pin_params;
    if (pp && pp->model == a->params->model) {
        double pv = dmx_slot_get(pp, s);
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
            g = a->ascii ? "p" : a->th.pin_mark;
            role = TR_DELTA;
        }
        tui_put(yy, bx + b, 1, g, TH_A(&a->th, role), TH_P(&a->th, role), a->ascii);
    }
}

static void draw_slider(app *a, int i, int yy, int xx, const pcols *c)
{
    int sel = i == a->sel;
    attr_t at = sel ? TH_A(&a->th, TR_SEL) : A_NORMAL;
    short pr = sel ? TH_P(&a->th, TR_SEL) : 0;
    char lb[96], lbf[96], vu[96];
    draw_slot_label(a, i, lb, sizeof lb);
    value_text(a, i, vu, sizeof vu);
    /* a value too wide for its column loses its unit, never digits or half a
     * word ("10 user"); a long label is cut with an ellipsis, at its start for an
     * element ("…ities[0].m_g": the index and field tell the rows apart) */
    if (shown_width(a, vu) > c->valw)
        draw_slot_value(a, i, vu, sizeof vu);
    /* a long choice name takes the bar's columns too ("figure example", not
     * "exa…"); only what does not fit even there is cut, with an ellipsis */
    int over = shown_width(a, vu) > c->valw;
    int room = c->valw + (c->barw >= PARAM_BAR_MINW ? 1 + c->barw : 0);
    if (shown_width(a, vu) > room) {
        char cut[96];
        u8_fit(vu, room, a->th.ellipsis, cut, sizeof cut);
        sfmt(vu, sizeof vu, "%s", cut);
    }
    if (strchr(lb, '[') && dmx_utf8_width(lb) > c->labw) {
        int keep = c->labw - dmx_utf8_width(a->th.ellipsis);
        const char *t = lb;
        unsigned cp;
        while (*t && dmx_utf8_width(t) > keep)
            t += dmx_utf8_decode(t, strlen(t), &cp, NULL);     /* one code point */
        sfmt(lbf, sizeof lbf, "%s%s", a->th.ellipsis, t);
    } else {
        u8_fit(lb, c->labw, a->th.ellipsis, lbf, sizeof lbf);
    }
    tui_putpad(yy, xx, 2, sel ? (a->ascii ? "> " : a->th.sel_mark) : "  ", at, pr, a->ascii);
    tui_putpad(yy, xx + 2, c->labw, lbf, at, pr, a->ascii);
    tui_put(yy, xx + 2 + c->labw, 1, " ", at, pr, a->ascii);
    a->lay.bar_x = xx + 4 + c->labw + c->valw;
    a->lay.bar_w = c->barw;
    if (over) {                                 /* the name over the value and bar columns */
        tui_putpad(yy, xx + 3 + c->labw, room, vu, at | A_BOLD, pr, a->ascii);
        return;
    }
    /* value right-aligned */
    int vw = shown_width(a, vu);
    if (vw > c->valw) vw = c->valw;
    tui_fill(yy, xx + 3 + c->labw, c->valw - vw, at, pr);
    tui_put(yy, xx + 3 + c->labw + c->valw - vw, vw, vu, at | A_BOLD, pr, a->ascii);
    if (c->barw >= PARAM_BAR_MINW)
        draw_bar(a, i, yy, a->lay.bar_x, c->barw);
}

/* Below the list: what the selected parameter means, its range, then notes.
 * Returns 1 when notes are cut (the help screen shows them whole). */
static int draw_param_info(app *a, int yy, int left)
{
    int x = a->lay.px, iw = a->lay.pw - 2;
    const dmx_result *r = RES_CUR(a);
    int nn = r ? r->nnotes : 0, cut = nn > 0 || (a->preset && a->preset->notes);
    if (left < 2 || a->nslots == 0)
        return a->nslots > 0 && cut;
    char info[512], lo[32], hi[32], st[32], lb[96];
    const dmx_slot *s = &a->slots[a->sel];
    draw_slot_label(a, a->sel, lb, sizeof lb);
    slider_num(lo, sizeof lo, s->smin, 4);
    slider_num(hi, sizeof hi, s->smax, 4);
    slider_num(st, sizeof st, s->step, 3);
    sfmt(info, sizeof info, "%s (%s): %s", lb, s->name, slot_meaning(a, a->sel));
    int k = draw_wrapped(a, yy, x + 2, iw - 2, left, 0, info, A_(TR_DIM));
    yy += k;
    left -= k;
    sfmt(info, sizeof info, "slider %s .. %s, step %s", lo, hi, st);
    if (left > 0) {                             /* wrapped, never cut mid-word */
        k = draw_wrapped(a, yy, x + 2, iw - 2, left, 0, info, A_(TR_DIM));
        yy += k;
        left -= k;
    }
    if (left < 3)
        return cut;
    yy++;
    left--;
    if (cut) {
        tui_put(yy++, x + 2, iw - 2, "Notes", A_(TR_TITLE), a->ascii);
        left--;
    }
    cut = 0;
    /* the preset's own prose is what the preset was opened for: first, while
     * its values hold; once a slider moves it would go stale, so then only a
     * hint after the live notes */
    int has = a->preset && a->preset->notes;
    int holds = has && a->preset->params && a->params &&
                dmx_params_equal(a->preset->params, a->params);
    if (holds) {
        k = left > 0 ? draw_wrapped(a, yy, x + 2, iw - 2, left, 0, a->preset->notes,
                                    A_NORMAL, 0)
                     : 0;
        cut |= k == left && k < wrapped_lines(a->preset->notes, iw - 2);
        yy += k;
        left -= k;
    }
    for (int i = 0; i < nn; i++) {
        char nb[1024];
        sfmt(nb, sizeof nb, "%s %s", a->ascii ? "*" : a->th.bullet, r->notes[i]);
        k = left > 0 ? draw_wrapped(a, yy, x + 2, iw - 2, left, 0, nb, A_NORMAL, 0) : 0;
        cut |= left <= 0 || (k == left && k < wrapped_lines(nb, iw - 2));
        yy += k;
        left -= k;
    }
    if (has && !holds) {
        if (left > 0)
            draw_wrapped(a, yy, x + 2, iw - 2, left, 0,
                         "(the preset's own note describes its values; r resets to them)",
                         A_(TR_DIM));
        else
            cut = 1;
    }
    return cut;
}

/* "↑ 3 more" / "↓ 5 more" on the panel's border when the list does not fit. */
static void draw_more(app *a, int y, int x, int w, int n, int up)
{
    if (n <= 0)
        return;
    char t[48];
    sfmt(t, sizeof t, " %s %d more ", up ? (a->ascii ? "^" : "↑") : (a->ascii ? "v" : "↓"), n);
    int tw = u8_width(t);
    tui_put(y, x + w - tw - 2, tw, t, A_(TR_WARN), a->ascii);
}

static void draw_params(app *a)
{
    int y = a->lay.py, x = a->lay.px, h = a->lay.ph, w = a->lay.pw;
    if (h < 3 || w < 10)
        return;
    draw_box(a, y, x, h, w, "Parameters", a->lay.focus == 0);
    int rows = h - 2;
    int list_rows = a->nslots < rows ? a->nslots : rows;
    if (list_rows < 1)
        return;
    /* keep the selection visible; back to the top when everything fits */
    if (a->sel < a->stop) a->stop = a->sel;
    if (a->sel >= a->stop + list_rows) a->stop = a->sel - list_rows + 1;
    if (a->stop > a->nslots - list_rows) a->stop = a->nslots - list_rows;
    if (a->stop < 0) a->stop = 0;
    pcols c = param_cols(a, w - 2);
    for (int r = 0; r < list_rows && a->stop + r < a->nslots; r++)
        draw_slider(a, a->stop + r, y + 1 + r, x + 1, &c);
    draw_more(a, y, x, w, a->stop, 1);
    draw_more(a, y + h - 1, x, w, a->nslots - a->stop - list_rows, 0);
    int yy = y + 1 + list_rows + 1;
    if (draw_param_info(a, yy, y + h - 1 - yy) && a->nslots <= list_rows) {
        /* the notes go on below the panel: say where they are whole */
        char t[48];
        sfmt(t, sizeof t, " %s notes go on: ? shows all ", a->ascii ? "v" : a->th.more_down);
        if (u8_width(t) > w - 4)
            sfmt(t, sizeof t, " %s more notes: ? ", a->ascii ? "v" : a->th.more_down);
        int tw = u8_width(t);
        if (tw <= w - 4)
            tui_put(y + h - 1, x + w - tw - 2, tw, t, A_(TR_WARN), a->ascii);
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
        return fabs(a->num - b->num) > CELL_CHANGE_REL * (1 + fabs(a->num));
    if (a->t == DMX_N_STR)
        return strcmp(a->str ? a->str : "", b->str ? b->str : "") != 0;
    return 0;
}

static int highlighting(const app *a)
{
    return RES_PREV(a) && tui_now_ms() - a->res.cur_at < TUI_HILITE_MS;
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

#define TABLE_MAXCOLS 64
#define TABLE_SIG 4             /* significant digits of a table's numbers */
#define TABLE_LABEL_CAP 30      /* widest label column */
#define TABLE_CELL_CAP 24       /* widest value column */

/* A table's cell texts: every number column in one style (numfmt: same
 * significant digits, decimal points aligned, zeros as 0), other cells as
 * they are.  txt[(r * ncols + c) * DMX_NUMFMT_CELL], r < nrows. */
typedef struct ttext {
    char *txt;
    int nrows, ncols;
    unsigned char text[TABLE_MAXCOLS];  /* a column of words (no number): left-aligned */
} ttext;

static char *tt_cell(const ttext *t, int r, int c)
{
    return t->txt + ((size_t)r * (size_t)t->ncols + (size_t)c) * DMX_NUMFMT_CELL;
}

/* The column (0-based) of the units digit in a numfmt-formatted number column
 * (cells all of one width, points aligned), from its first finite number; -1
 * when there is none. */
static int units_column(const double *num, int nrows, const char *col)
{
    for (int r = 0; r < nrows; r++) {
        if (!isfinite(num[r]))
            continue;
        const char *s = col + (size_t)r * DMX_NUMFMT_CELL, *dot = strchr(s, '.');
        int end = (int)strlen(s);
        while (end > 0 && s[end - 1] == ' ')
            end--;
        int u = dot ? (int)(dot - s) - 1 : end - 1;
        for (int i = 0; i <= u && s[i]; i++)       /* ASCII up to there, else give up */
            if ((unsigned char)s[i] >= 0x80)
                return -1;
        return u >= 0 ? u : -1;
    }
    return -1;
}

static int tt_build(ttext *t, const dmx_view *v, int nrows, int ncols)
{
    t->nrows = nrows;
    t->ncols = ncols;
    t->txt = malloc((size_t)(nrows ? nrows : 1) * (size_t)ncols * DMX_NUMFMT_CELL);
    double *num = malloc(sizeof(double) * (size_t)(nrows ? nrows : 1));
    char *col = malloc((size_t)(nrows ? nrows : 1) * DMX_NUMFMT_CELL);
    if (!t->txt || !num || !col) {
        free(num);
        free(col);
        free(t->txt);
        t->txt = NULL;
        return -1;
    }
    double big = 0;               /* the table's largest number: round-off below 1e-12 of it is 0 */
    for (int c = 1; c < ncols; c++)
        for (int r = 0; r < nrows; r++) {
            const dmx_node *n = tcell(v, r, c);
            if (n && n->t == DMX_N_NUM && isfinite(n->num) && fabs(n->num) > big)
                big = fabs(n->num);
        }
    for (int c = 0; c < ncols; c++) {
        int nnum = 0, nstr = 0;
        for (int r = 0; r < nrows; r++) {
            const dmx_node *n = tcell(v, r, c);
            num[r] = n && n->t == DMX_N_NUM ? n->num : NAN;
            nnum += n && n->t == DMX_N_NUM;
            nstr += n && n->t == DMX_N_STR;
        }
        t->text[c] = nnum == 0 && nstr > 0;
        int w = c > 0 && nnum > 0 ? dmx_numfmt_column_ref(num, nrows, TABLE_SIG, big, col,
                                                          DMX_NUMFMT_CELL)
                                  : -1;
        if (w < 0)
            nnum = 0;
        int units = nnum > 0 ? units_column(num, nrows, col) : -1;
        for (int r = 0; r < nrows; r++) {
            const dmx_node *n = tcell(v, r, c);
            if (c > 0 && nnum > 0 && n && n->t == DMX_N_NUM)
                memcpy(tt_cell(t, r, c), col + (size_t)r * DMX_NUMFMT_CELL, DMX_NUMFMT_CELL);
            else if (units >= 0 && units < w && (!n || n->t == DMX_N_NULL))
                /* "no value" under the numbers' units digit, not past their decimals */
                sfmt(tt_cell(t, r, c), DMX_NUMFMT_CELL, "%*s—%*s", units, "", w - units - 1, "");
            else
                cell_text(n, tt_cell(t, r, c), DMX_NUMFMT_CELL);
        }
    }
    free(num);
    free(col);
    return 0;
}

/* Column widths: header, cells and (when pinned) their deltas, capped; dw[c]
 * is the widest delta of column c (deltas form a sub-column after the values,
 * so the values stay aligned whether or not a row has a delta). */
static void table_widths(app *a, const dmx_view *v, const dmx_view *pin, const ttext *t, int *cw,
                         int *dw)
{
    char buf[256], db[64];
    for (int c = 0; c < t->ncols; c++) {
        int hw = 1, vw = 0;
        dw[c] = 0;
        if (v->header && c < v->header->nkids) {
            cell_text(v->header->kids[c], buf, sizeof buf);
            hw = u8_width(buf);
        }
        for (int r = 0; r < t->nrows; r++) {
            int k = u8_width(tt_cell(t, r, c));
            if (k > vw) vw = k;
            if (pin && c > 0) {
                delta_text(a, tcell(v, r, c), tcell(pin, r, c), db, sizeof db);
                if (u8_width(db) > dw[c]) dw[c] = u8_width(db);
            }
        }
        cw[c] = vw + dw[c] > hw ? vw + dw[c] : hw;
        int cap = c == 0 ? TABLE_LABEL_CAP : TABLE_CELL_CAP;
        if (cw[c] > cap) cw[c] = cap;
        if (dw[c] > cw[c]) dw[c] = cw[c];
    }
}

typedef struct tdraw {
    const dmx_view *v, *pv, *pin;
    const ttext *t;
    int hl;
    const int *dw;              /* delta sub-column widths (table_widths) */
} tdraw;

/* One cell (row -1: the header): labels and headers left, values right. */
static void table_cell(app *a, const tdraw *d, int row, int c, int yy, int xx, int cwid)
{
    const dmx_view *v = d->v;
    const dmx_node *cell = row < 0 ? (v->header && c < v->header->nkids ? v->header->kids[c] : NULL)
                                   : tcell(v, row, c);
    char hb[256], db[64] = "";
    const char *buf = row < 0 ? (cell_text(cell, hb, sizeof hb), hb) : tt_cell(d->t, row, c);
    attr_t at = A_NORMAL;
    short pr = 0;
    if (row < 0) { at = TH_A(&a->th, TR_TITLE) | A_UNDERLINE; pr = TH_P(&a->th, TR_TITLE); }
    else if (c == 0) { at = A_BOLD; }
    else if (d->hl && d->pv && cells_differ(cell, tcell(d->pv, row, c))) {
        at = TH_A(&a->th, TR_CHANGED); pr = TH_P(&a->th, TR_CHANGED);
    }
    if (row >= 0 && d->pin && c > 0)
        delta_text(a, cell, tcell(d->pin, row, c), db, sizeof db);
    int pad = 0, dwc = c > 0 && d->dw ? d->dw[c] : 0;
    if (c > 0 && row >= 0 && !d->t->text[c]) {   /* words stay left, under their header */
        pad = cwid - dwc - u8_width(buf);       /* values right-aligned before the deltas */
        if (pad < 0) pad = 0;
    }
    int k = tui_put(yy, xx + pad, cwid - pad, buf, at, pr, a->ascii);
    if (db[0])
        tui_put(yy, xx + pad + k, cwid - pad - k, db, A_(TR_DELTA), a->ascii);
}

/* "rows 1-10 of 13 ↓  cols 1-5 of 6 →" on the bottom border. */
static void table_hints(app *a, const pane *p, int nrows, int ncols, int lastc, int body, int y,
                        int x, int h, int w)
{
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

static void draw_table(app *a, pane *p, const dmx_view *v, int y, int x, int h, int w)
{
    tdraw d = {v, RES_PREV(a) ? dmx_result_view(RES_PREV(a), v->id) : NULL,
               RES_PIN(a) && RES_PIN(a) != RES_CUR(a) ? dmx_result_view(RES_PIN(a), v->id) : NULL,
               NULL, highlighting(a), NULL};
    int ncols = v->header ? v->header->nkids : 0;
    int nrows = v->rows ? v->rows->nkids : 0;
    for (int r = 0; r < nrows; r++)
        if (v->rows->kids[r] && v->rows->kids[r]->nkids > ncols)
            ncols = v->rows->kids[r]->nkids;
    if (ncols > TABLE_MAXCOLS) ncols = TABLE_MAXCOLS;
    ttext t;
    if (ncols == 0 || tt_build(&t, v, nrows, ncols) != 0)
        return;
    d.t = &t;
    int cw[TABLE_MAXCOLS], dw[TABLE_MAXCOLS];
    table_widths(a, v, d.pin, &t, cw, dw);
    d.dw = dw;
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
    for (int row = -1; row < nrows && row - p->scroll < body; row++) {
        if (row >= 0 && row < p->scroll)
            continue;
        int yy = row < 0 ? y : y + 1 + row - p->scroll, xx = x;
        for (int c = 0; c < ncols && xx < x + w; c++) {
            if (c > 0 && c <= p->hscroll)
                continue;
            /* only whole columns (a number cut at the edge would read as another
             * number); the hint on the border says more columns follow.  When not
             * even one value column fits, the first is shown cut rather than none. */
            if (c > lastc && !(lastc == 0 && c == 1 + p->hscroll))
                break;
            int cwid = cw[c];
            if (xx + cwid > x + w) cwid = x + w - xx;
            table_cell(a, &d, row, c, yy, xx, cwid);
            xx += cwid + 2;
        }
    }
    table_hints(a, p, nrows, ncols, lastc, body, y, x, h, w);
    free(t.txt);
}

/* ---------- text ---------- */

/* The text of a view under its title badge, from line *scroll (clamped);
 * returns how many lines are cut below. */
static int draw_text_view(app *a, const dmx_view *v, int y, int x, int h, int w, int *scroll)
{
    if (h < 1)
        return 0;
    const dmx_view *pv = RES_PREV(a) ? dmx_result_view(RES_PREV(a), v->id) : NULL;
    int changed = highlighting(a) && pv &&
                  strcmp(pv->title ? pv->title : "", v->title ? v->title : "") != 0;
    /* " title "; a title that fits only without the padding drops it; one
     * wider still is cut at a word with an ellipsis, never mid-word */
    char badge[256], bt[256];
    const char *title = v->title ? v->title : "";
    if (u8_width(title) > w - 2 && u8_width(title) <= w) {
        sfmt(badge, sizeof badge, "%s", title);
    } else {
        u8_fit(title, w - 2, a->th.ellipsis, bt, sizeof bt);
        sfmt(badge, sizeof badge, " %s ", bt);
    }
    tui_put(y, x, w, badge, changed ? TH_A(&a->th, TR_CHANGED) : TH_A(&a->th, TR_BADGE),
            changed ? TH_P(&a->th, TR_CHANGED) : TH_P(&a->th, TR_BADGE), a->ascii);
    if (RES_PIN(a) && RES_PIN(a) != RES_CUR(a)) {
        const dmx_view *pinv = dmx_result_view(RES_PIN(a), v->id);
        if (pinv && pinv->title && strcmp(pinv->title, v->title ? v->title : "")) {
            char pb[300], pf[300];
            sfmt(pb, sizeof pb, "  pinned: %s", pinv->title);
            int bw = u8_width(badge);
            u8_fit(pb, w - bw, a->th.ellipsis, pf, sizeof pf);     /* never cut mid-word */
            tui_put(y, x + bw, w - bw, pf, A_(TR_DELTA), a->ascii);
        }
    }
    const char *text = v->text ? v->text : "";
    int total = wrapped_lines(text, w), body = h - 1;
    if (*scroll > total - body) *scroll = total - body > 0 ? total - body : 0;
    if (*scroll < 0) *scroll = 0;
    draw_wrapped(a, y + 1, x, w, body, *scroll, text, A_NORMAL, 0);
    int below = total - *scroll - body;
    return below > 0 ? below : 0;
}

/* The explanation strip: the result's text view, scrollable when focused,
 * with "↑ more" / "↓ more" on its border when the text is cut. */
static void draw_explanation(app *a)
{
    layout *L = &a->lay;
    const dmx_view *tv = draw_text_view_of(a);
    int focus = L->focus == FOCUS_TEXT;
    draw_box(a, L->ty, L->tx, L->th, L->tw, focus ? "Explanation  (Up/Down scroll)" : "Explanation",
             focus);
    if (!tv || L->th < 3)
        return;
    int below = draw_text_view(a, tv, L->ty + 1, L->tx + 2, L->th - 2, L->tw - 4, &L->tscroll);
    L->tmore = below > 0;
    draw_more(a, L->ty, L->tx, L->tw, L->tscroll, 1);
    if (below > 0) {
        char t[64];
        sfmt(t, sizeof t, " %s %d more line%s%s ", a->ascii ? "v" : a->th.more_down, below,
             below == 1 ? "" : "s", focus ? "" : ": Tab here, then Down");
        int tw = u8_width(t);
        tui_put(L->ty + L->th - 1, L->tx + L->tw - tw - 2, tw, t, A_(TR_WARN), a->ascii);
    }
}

/* ---------- plots ---------- */

static void current_marker(const app *a, cv_marker *m)
{
    memset(m, 0, sizeof *m);
    m->x = dmx_slot_get(a->params, &a->map.sx);
    m->y = dmx_slot_get(a->params, &a->map.sy);
    m->glyph = a->th.cur_glyph ? a->th.cur_glyph : '@';
    m->label = "current";
    m->style = 2;
}

void draw_free_caches(app *a)
{
    for (int k = 0; k < TUI_MAXPANES; k++) {
        plot_cache *c = &a->lay.panes[k].pc;
        if (c->ok)
            canvas_free(&c->cv);
        c->ok = 0;
    }
}

static void draw_plot(app *a, pane *p, const dmx_view *v, int y, int x, int h, int w)
{
    cv_marker m = {0};
    int nm = 0;
    if (v->id && !strcmp(v->id, "map")) {
        current_marker(a, &m);
        nm = 1;
    }
    plot_cache *c = &p->pc;
    int same = c->ok && c->version == a->res.version && c->w == w && c->h == h &&
               c->mode == (int)a->cmode && !strcmp(c->id, v->id ? v->id : "") &&
               c->mx == m.x && c->my == m.y;
    if (!same) {
        if (c->ok)
            canvas_free(&c->cv);
        const dmx_view *ghost = RES_PIN(a) && RES_PIN(a) != RES_CUR(a) && v->id
                                ? dmx_result_view(RES_PIN(a), v->id) : NULL;
        plot_opts o = {a->cmode, a->th.unicode && !a->ascii, a->th.color, a->th.number_items};
        c->ok = plot_render_opts(&c->cv, v, w, h, &o, ghost, &m, nm) == 0;
        if (!c->ok)
            canvas_free(&c->cv);
        c->version = a->res.version;
        sfmt(c->id, sizeof c->id, "%s", v->id ? v->id : "");
        c->w = w;
        c->h = h;
        c->mode = (int)a->cmode;
        c->mx = m.x;
        c->my = m.y;
    }
    if (c->ok)
        canvas_draw(&c->cv, y, x, &a->th);
}

#define PANE_TITLE_MORE 2        /* title lines wrapped inside a pane, at most */

typedef struct tlines {
    char s[1 + PANE_TITLE_MORE][256];
    int n;
} tlines;

static void tl_add(void *u, const char *t, int len)
{
    tlines *l = u;
    if (l->n > PANE_TITLE_MORE)
        return;
    sfmt(l->s[l->n++], sizeof l->s[0], "%.*s", len, t);
}

/* The pane's box with its title, wrapped: the first line on the border, the
 * rest on the first rows inside (never cut while the pane has room).
 * Returns how many rows inside the title took. */
static int pane_box(app *a, const pane *p, const char *title, int focus)
{
    tlines l = {.n = 0};
    int tw = p->w - 6;
    if (tw < 8 || u8_width(title) <= tw || p->h < 8) {
        draw_box(a, p->y, p->x, p->h, p->w, title, focus);
        return 0;
    }
    u8_wrap(title, tw, tl_add, &l);
    draw_box(a, p->y, p->x, p->h, p->w, l.s[0], focus);
    int extra = l.n - 1;
    for (int r = 0; r < extra; r++)
        tui_put(p->y + 1 + r, p->x + 3, tw, l.s[1 + r], A_(TR_TITLE), a->ascii);
    return extra;
}

static void draw_pane(app *a, int k)
{
    pane *p = &a->lay.panes[k];
    const dmx_view *v = draw_find_view(a, p->shown);
    const char *ids[64];
    int n = draw_view_ids(a, ids, 64), idx = 0;
    for (int i = 0; i < n; i++)
        if (p->shown[0] && !strcmp(ids[i], p->shown))
            idx = i + 1;
    char title[256];
    if (v)
        sfmt(title, sizeof title, "[%d/%d] %s", idx, n, v->title && *v->title ? v->title : v->id);
    else
        sfmt(title, sizeof title, "%s", RES_CUR(a) ? "(no view)" : a->res.cerr[0] ? "no result" : "computing…");
    if (v && !strcmp(v->id, "map") && a->map.running)
        sfmt(title + strlen(title), sizeof title - strlen(title), "  %s",
             a->map.coarse ? "coarse, refining…" : "updating…");
    else if (v && v->preview)
        sfmt(title + strlen(title), sizeof title - strlen(title), "  %s",
             v->kind == DMX_V_PLOT ? "coarse, refining…" : "computing…");
    if (p->h < 2 || p->w < 2)
        return;
    int extra = pane_box(a, p, title, a->lay.focus == k + 1);
    if (!v)
        return;
    int iy = p->y + 1 + extra, ix = p->x + 1, ih = p->h - 2 - extra, iw = p->w - 2;
    if (ih < 1 || iw < 4)
        return;
    if (v->kind == DMX_V_TABLE)
        draw_table(a, p, v, iy, ix + 1, ih, iw - 2);
    else if (v->kind == DMX_V_PLOT)
        draw_plot(a, p, v, iy, ix, ih, iw);
    else
        draw_text_view(a, v, iy, ix + 1, ih, iw - 2, &p->scroll);
}

/* ---------- bars ---------- */

static void draw_header(app *a)
{
    char t[512], f[520];
    const dmx_model *m = a->params->model;
    const char *pn = a->preset && a->preset->name ? a->preset->name : "?";
    const char *pt = a->preset && a->preset->title ? a->preset->title : "";
    sfmt(t, sizeof t, " dmx  %s (%s)  |  %s%s%s", m->title, m->paper, pn, *pt ? ": " : "", pt);
    /* too narrow: the open preset's name comes before the model's paper and title,
     * which the help screen also gives */
    if (dmx_utf8_width(t) > COLS - 1) {
        sfmt(t, sizeof t, " dmx  %s%s%s", pn, *pt ? ": " : "", pt);
        if (dmx_utf8_width(t) + 16 <= COLS - 1)     /* room for some of the model */
            sfmt(t + strlen(t), sizeof t - strlen(t), "  |  %s (%s)", m->title, m->paper);
    }
    u8_fit(t, COLS - 1, a->th.ellipsis, f, sizeof f);
    tui_putpad(0, 0, COLS, f, A_(TR_HEADER), a->ascii);
}

/* Puts a status text in the columns left, ended by an ellipsis when it is cut. */
static int status_put(app *a, int y, int x, int maxw, const char *s, attr_t at, short pr)
{
    char f[1100];
    u8_fit(s, maxw, a->th.ellipsis, f, sizeof f);
    return tui_put(y, x, maxw, f, at, pr, a->ascii);
}

/* The solver's method for the status line, without a trailing ", 0.00012 s"
 * (the model's own clock): the line already gives the compute's time, and two
 * different timings side by side read as a contradiction. */
static void method_text(const char *m, char *out, size_t n)
{
    sfmt(out, n, "%s", m);
    char *c = strrchr(out, ',');
    if (!c || c[1] != ' ')
        return;
    char *end = NULL;
    strtod(c + 2, &end);
    if (end && end > c + 2 && !strcmp(end, " s"))
        *c = 0;
}

static void draw_status(app *a)
{
    int y = LINES - 2;
    char t[1024], r[256];
    tui_fill(y, 0, COLS, A_(TR_STATUS));
    /* the right part (pin, canvas mode, undo depth) is kept; the left is cut first */
    sfmt(r, sizeof r, "%s%s undo %d ", RES_PIN(a) ? "PINNED " : "", cv_mode_name(a->cmode),
         a->hist.nundo);
    int rw = u8_width(r);
    int lim = COLS - rw - 1 > 0 ? COLS - rw - 1 : COLS;
    int sweeping = 0, refining = 0;
    double prog = 0;
    int busy = a->res.want_gen != a->res.have_gen || worker_busy(&a->w, &sweeping, &refining, &prog);
    refining |= a->res.refining;
    int x = 0;
    if (busy || sweeping || refining) {
        const char *sp = a->th.spinner[a->spin % (unsigned)a->th.nspinner];
        if (refining && !busy)
            sfmt(t, sizeof t, " %s refining map… ", sp);
        else if (sweeping && !busy)
            sfmt(t, sizeof t, " %s map %d%%%s ", sp, (int)(prog * 100),
                 a->map.coarse ? " (refining)" : "");
        else if (prog > 0 && prog < 1)
            sfmt(t, sizeof t, " %s computing %d%% ", sp, (int)(prog * 100));
        else
            sfmt(t, sizeof t, " %s computing ", sp);
        x += tui_put(y, x, lim, t, A_(TR_WARN), a->ascii);
    }
    if (a->msg[0]) {
        sfmt(t, sizeof t, " %s ", a->msg);
        /* an error on its own red; a note in the bar's own colours (TR_OK has the
         * terminal's background, a light strip in the dark bar on a light theme) */
        x += status_put(a, y, x, COLS - x, t,
                        a->msg_err ? TH_A(&a->th, TR_ERR) : TH_A(&a->th, TR_STATUS) | A_BOLD,
                        a->msg_err ? TH_P(&a->th, TR_ERR) : TH_P(&a->th, TR_STATUS));
    } else if (a->res.cerr[0]) {
        sfmt(t, sizeof t, " %s (showing the last good result) ", a->res.cerr);
        x += status_put(a, y, x, lim - x, t, A_(TR_ERR));
    } else if (RES_CUR(a)) {
        char res[32] = "n/a";
        if (isfinite(RES_CUR(a)->residual))
            sfmt(res, sizeof res, "%.1e", RES_CUR(a)->residual);
        char meth[sizeof RES_CUR(a)->method];
        method_text(RES_CUR(a)->method, meth, sizeof meth);
        sfmt(t, sizeof t, " %s | residual %s | %.2f ms%s%s ", RES_CUR(a)->status[0] ? RES_CUR(a)->status : "ok",
             res, a->res.cur_ms, meth[0] ? " | " : "", meth);
        x += status_put(a, y, x, lim - x, t, A_(TR_STATUS));
    }
    if (COLS - rw > x)
        tui_put(y, COLS - rw, rw, r, RES_PIN(a) ? TH_A(&a->th, TR_DELTA) : TH_A(&a->th, TR_STATUS),
                RES_PIN(a) ? TH_P(&a->th, TR_DELTA) : TH_P(&a->th, TR_STATUS), a->ascii);
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
    /* the longest wording that fits whole (at 10x4 it read "terminal t") */
    char full[64], mid[64];
    sfmt(full, sizeof full, "terminal too small (needs %dx%d)", TUI_MINW, TUI_MINH);
    sfmt(mid, sizeof mid, "too small, needs %dx%d", TUI_MINW, TUI_MINH);
    const char *t = (int)strlen(full) <= COLS ? full : (int)strlen(mid) <= COLS ? mid : "too small";
    const char *hint = (int)strlen("resize, or q to quit") <= COLS ? "resize, or q to quit"
                       : "q quits";
    int y = LINES / 2 - 1;
    if (LINES < 3)
        y = 0;
    for (int r = 0; r < 3 && y + r < LINES; r++) {
        const char *s = r == 0 ? t : r == 1 ? hint : "";
        int w = (int)strlen(s), x = (COLS - w) / 2;
        if (x < 0) x = 0;
        tui_put(y < 0 ? r : y + r, x, COLS, s, r == 0 ? TH_A(&a->th, TR_WARN) : A_NORMAL,
                r == 0 ? TH_P(&a->th, TR_WARN) : 0, 1);
    }
}

/* The notes the help screen shows in full (the parameter panel may cut them):
 * the preset's source and notes, then the result's notes.  Malloc'd (NULL when
 * there are none or on OOM). */
static char *help_notes(const app *a)
{
    const dmx_result *r = RES_CUR(a);
    const dmx_preset *pr = a->preset;
    size_t n = 64;
    if (pr && pr->source) n += strlen(pr->source);
    if (pr && pr->notes) n += strlen(pr->notes) + 128;
    for (int i = 0; r && i < r->nnotes; i++)
        n += strlen(r->notes[i]) + 8;
    char *t = malloc(n);
    if (!t)
        return NULL;
    size_t k = 0;
    t[0] = 0;
    if (pr && pr->source && *pr->source)
        k += (size_t)snprintf(t + k, n - k, "Source: %s\n\n", pr->source);
    if (pr && pr->notes && *pr->notes) {
        int same = pr->params && a->params && dmx_params_equal(pr->params, a->params);
        int len = (int)strlen(pr->notes);
        while (len > 0 && (pr->notes[len - 1] == '\n' || pr->notes[len - 1] == ' '))
            len--;
        k += (size_t)snprintf(t + k, n - k, "%s%.*s\n\n",
                              same ? "" : "(the preset's own note, for its values; r resets to them) ",
                              len, pr->notes);
    }
    for (int i = 0; r && i < r->nnotes; i++)
        k += (size_t)snprintf(t + k, n - k, "%s %s\n", a->ascii ? "*" : a->th.bullet, r->notes[i]);
    while (k > 0 && t[k - 1] == '\n')
        t[--k] = 0;
    if (!k) {
        free(t);
        return NULL;
    }
    return t;
}

void draw_frame(app *a)
{
    draw_layout(a);
    erase();
    if (a->lay.too_small) {
        draw_too_small(a);
        return;
    }
    draw_header(a);
    draw_params(a);
    if (a->lay.th)
        draw_explanation(a);
    for (int k = 0; k < a->lay.npanes; k++)
        draw_pane(a, k);
    draw_status(a);
    draw_fkeys(a);
    if (a->help) {
        const dmx_model *m = a->params->model;
        char *notes = help_notes(a);
        int n = help_draw(a->help_top, a->ascii, &a->th, m->title, m->summary, notes);
        free(notes);
        if (a->help_top > n - (LINES - 4))      /* as help_draw clamped it: Up works at once */
            a->help_top = n - (LINES - 4) > 0 ? n - (LINES - 4) : 0;
    }
}
