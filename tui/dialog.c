/* dialog.c -- modal dialogs (see dialog.h). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include "dialog.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define KEY_DEL 127
#define DLG_KEY_MS 200          /* key wait between redraws */
#define DLG_MAXW 100            /* widest dialog (columns) */
#define DLG_PICK_MAXH 24        /* tallest picker (rows) */
#define DLG_MARGIN 4            /* columns/rows kept free around a dialog */

#define HA(h, r) TH_A((h)->th, r)
#define HP(h, r) TH_P((h)->th, r)

static void box_at(const dialog_host *h, int y, int x, int bh, int w, const char *title)
{
    for (int r = 0; r < bh; r++)
        tui_fill(y + r, x, w, HA(h, TR_MODAL), HP(h, TR_MODAL));
    tui_put(y, x + 1, w - 2, title, HA(h, TR_TITLE) | A_REVERSE, HP(h, TR_TITLE), h->ascii);
}

static int is_cancel(int k)
{
    return k == KEY_ESC || k == CTRL('c') || k == CTRL('g');
}

static int is_enter(int k)
{
    return k == '\n' || k == '\r' || k == KEY_ENTER;
}

/* Edits buf with key k; returns 1 when the text changed. */
static int edit_key(char *buf, size_t n, int k)
{
    size_t l = strlen(buf);
    if (k == KEY_BACKSPACE || k == KEY_DEL || k == CTRL('h')) {
        while (l > 0 && (buf[l - 1] & 0xC0) == 0x80)
            l--;
        if (l > 0)
            l--;
        buf[l] = 0;
        return 1;
    }
    if (k == CTRL('u')) {
        buf[0] = 0;
        return 1;
    }
    if (k >= 32 && k < 127 && l + 1 < n) {
        buf[l] = (char)k;
        buf[l + 1] = 0;
        return 1;
    }
    return 0;
}

/* Width of a dialog whose longest line is `want` columns. */
static int dlg_width(int want)
{
    int w = want + 4;
    if (w > DLG_MAXW) w = DLG_MAXW;
    if (w > COLS - DLG_MARGIN) w = COLS - DLG_MARGIN;
    return w;
}

typedef struct wrapdraw {
    const dialog_host *h;
    int y, x, w, row, max;
} wrapdraw;

static void wrap_put(void *u, const char *t, int len)
{
    wrapdraw *d = u;
    if (d->row < d->max) {
        char buf[1024];
        if (len > (int)sizeof buf - 1)
            len = (int)sizeof buf - 1;
        memcpy(buf, t, (size_t)len);
        buf[len] = 0;
        tui_put(d->y + d->row, d->x, d->w, buf, HA(d->h, TR_MODAL) | A_BOLD, HP(d->h, TR_MODAL),
                d->h->ascii);
    }
    d->row++;
}

int dialog_prompt(const dialog_host *h, const char *title, const char *hint, char *buf, size_t n)
{
    int first = 1;
    if (!hint)
        hint = "Enter accepts, Esc cancels";
    while (!*h->quit) {
        h->redraw(h->user);
        int tw = u8_width(title), hw = u8_width(hint);
        int w = dlg_width((tw > hw ? tw : hw) < 66 ? 66 : (tw > hw ? tw : hw));
        int x = (COLS - w) / 2, y = LINES / 2 - 2;
        if (w >= 10 && LINES >= 5) {
            box_at(h, y, x, 4, w, title);
            char line[600];
            sfmt(line, sizeof line, "> %s_", buf);
            int lw = u8_width(line);
            tui_put(y + 1, x + 1, w - 2, lw > w - 2 ? line + (lw - (w - 2)) : line,
                    HA(h, TR_MODAL) | A_BOLD, HP(h, TR_MODAL), h->ascii);
            tui_put(y + 2, x + 1, w - 2, hint, HA(h, TR_DIM), HP(h, TR_DIM), h->ascii);
        }
        refresh();
        int k = h->key(h->user, DLG_KEY_MS);
        if (k == ERR || k == KEY_RESIZE)
            continue;
        if (is_enter(k))
            return 1;
        if (is_cancel(k))
            return 0;
        if (first && k >= 32 && k < 127)
            buf[0] = 0;     /* typing replaces the suggested text */
        first = 0;
        edit_key(buf, n, k);
    }
    return 0;
}

typedef struct cand { int idx, score; } cand;

static int cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return b->score - a->score;
    return a->idx - b->idx;
}

/* The items matching filt, best first (headings only without a filter). */
static int pick_filter(const char *filt, const char *const *items, int n, cand *c)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (!items[i] && filt[0])
            continue;
        int s = filt[0] ? fuzzy_score(filt, items[i]) : 0;
        if (s >= 0) {
            c[m].idx = i;
            c[m].score = s;
            m++;
        }
    }
    if (filt[0])
        qsort(c, (size_t)m, sizeof(cand), cand_cmp);
    return m;
}

typedef struct pick_state {
    const char *title;
    const char *const *items, *const *details, *const *heads;
    int n, m, sel, top, rows;
    char filt[128];
} pick_state;

/* A picker line in w columns, padded; a longer one is cut at a word and ends
 * in an ellipsis (titles were cut mid-word: "an efficient mar"). */
static void fit_putpad(const dialog_host *h, int y, int x, int w, const char *s, attr_t at,
                       short pr)
{
    char f[512];
    u8_fit(s, w, h->th->ellipsis, f, sizeof f);
    tui_putpad(y, x, w, f, at, pr, h->ascii);
}

static void pick_draw(const dialog_host *h, pick_state *p, const cand *c)
{
    int w = COLS - DLG_MARGIN < DLG_MAXW ? COLS - DLG_MARGIN : DLG_MAXW, x = (COLS - w) / 2;
    int bh = LINES - DLG_MARGIN < DLG_PICK_MAXH ? LINES - DLG_MARGIN : DLG_PICK_MAXH;
    int y = (LINES - bh) / 2;
    p->rows = bh - 4 - (p->details ? 1 : 0);
    if (w < 20 || p->rows < 1)
        return;
    char t[256];
    sfmt(t, sizeof t, "%s  (%d of %d)", p->title, p->m, p->n);
    box_at(h, y, x, bh, w, t);
    sfmt(t, sizeof t, "filter: %s_", p->filt);
    tui_put(y + 1, x + 1, w - 2, t, HA(h, TR_MODAL) | A_BOLD, HP(h, TR_MODAL), h->ascii);
    if (p->sel < p->top) p->top = p->sel;
    if (p->sel >= p->top + p->rows) p->top = p->sel - p->rows + 1;
    if (p->top < 0) p->top = 0;
    if (p->top > 0 && p->top == p->sel && !p->items[c[p->top - 1].idx])
        p->top--;       /* keep a group's heading above its first item */
    for (int r = 0; r < p->rows && p->top + r < p->m; r++) {
        int i = c[p->top + r].idx, s = p->top + r == p->sel;
        if (!p->items[i]) {
            fit_putpad(h, y + 2 + r, x + 1, w - 2, p->heads && p->heads[i] ? p->heads[i] : "",
                       HA(h, TR_TITLE), HP(h, TR_TITLE));
            continue;
        }
        fit_putpad(h, y + 2 + r, x + 1, w - 2, p->items[i], s ? HA(h, TR_SEL) : HA(h, TR_MODAL),
                   s ? HP(h, TR_SEL) : HP(h, TR_MODAL));
    }
    if (p->details && p->m > 0 && p->details[c[p->sel].idx])
        fit_putpad(h, y + bh - 2, x + 1, w - 2, p->details[c[p->sel].idx], HA(h, TR_DIM),
                   HP(h, TR_DIM));
    tui_put(y + bh - 1, x + 1, w - 2, "type to filter, Up/Down move, Enter choose, Esc cancel",
            HA(h, TR_DIM), HP(h, TR_DIM), h->ascii);
}

/* Moves the selection by d (skipping headings); clamps. */
static void pick_move(pick_state *p, const cand *c, int d)
{
    if (p->m <= 0) {
        p->sel = p->top = 0;
        return;
    }
    int s = p->sel + d;
    if (s >= p->m) s = p->m - 1;
    if (s < 0) s = 0;
    int step = d < 0 ? -1 : 1;
    while (s >= 0 && s < p->m && !p->items[c[s].idx])
        s += step;
    if (s < 0 || s >= p->m) {   /* only headings that way: search the other way */
        s = s < 0 ? 0 : p->m - 1;
        while (s >= 0 && s < p->m && !p->items[c[s].idx])
            s -= step;
    }
    if (s >= 0 && s < p->m)
        p->sel = s;
}

int dialog_pick(const dialog_host *h, const char *title, const char *const *items,
                const char *const *details, int n)
{
    return dialog_pick_at(h, title, items, details, n, -1);
}

int dialog_pick_at(const dialog_host *h, const char *title, const char *const *items,
                   const char *const *details, int n, int start)
{
    pick_state p = {.title = title, .items = items, .details = details, .heads = details,
                    .n = n, .rows = 1};
    cand *c = malloc(sizeof(cand) * (size_t)(n > 0 ? n : 1));
    if (!c)
        return -1;
    int result = -1;
    while (!*h->quit) {
        p.m = pick_filter(p.filt, items, n, c);
        for (int i = 0; start >= 0 && i < p.m; i++)
            if (c[i].idx == start)
                p.sel = i;
        start = -1;                         /* only the first time */
        pick_move(&p, c, 0);
        h->redraw(h->user);
        pick_draw(h, &p, c);
        refresh();
        int k = h->key(h->user, DLG_KEY_MS);
        if (k == ERR || k == KEY_RESIZE)
            continue;
        if (is_enter(k)) {
            if (p.m > 0 && items[c[p.sel].idx])
                result = c[p.sel].idx;
            break;
        }
        if (is_cancel(k))
            break;
        int page = p.rows > 1 ? p.rows : 1;
        if (k == KEY_UP || k == CTRL('p')) pick_move(&p, c, -1);
        else if (k == KEY_DOWN || k == CTRL('n') || k == '\t') pick_move(&p, c, 1);
        else if (k == KEY_PPAGE) pick_move(&p, c, -page);
        else if (k == KEY_NPAGE) pick_move(&p, c, page);
        else if (k == KEY_HOME) { p.sel = 0; pick_move(&p, c, 1); pick_move(&p, c, -1); }
        else if (k == KEY_END) { p.sel = p.m - 1; pick_move(&p, c, -1); pick_move(&p, c, 1); }
        else if (edit_key(p.filt, sizeof p.filt, k))
            p.sel = 0;
    }
    free(c);
    return result;
}

int dialog_confirm(const dialog_host *h, const char *question)
{
    char t[1200];
    sfmt(t, sizeof t, "%s  (y/n)", question);
    while (!*h->quit) {
        h->redraw(h->user);
        int w = dlg_width(u8_width(t));
        int lines = w > 4 ? u8_wrap(t, w - 2, NULL, NULL) : 1;
        if (lines > LINES - 4)
            lines = LINES - 4 > 1 ? LINES - 4 : 1;
        int x = (COLS - w) / 2, y = (LINES - lines - 2) / 2;
        if (w >= 10) {
            box_at(h, y, x, lines + 2, w, "Confirm");
            wrapdraw d = {h, y + 1, x + 1, w - 2, 0, lines};
            u8_wrap(t, w - 2, wrap_put, &d);
        }
        refresh();
        int k = h->key(h->user, DLG_KEY_MS);
        if (k == 'y' || k == 'Y')
            return 1;
        if (k == 'n' || k == 'N' || k == 'q' || is_cancel(k))
            return 0;
    }
    return 0;
}
