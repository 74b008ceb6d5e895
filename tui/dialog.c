/* dialog.c -- modal dialogs drawn over the frame: a line prompt, a fuzzy list
 * picker and a yes/no question.  They read keys through app_key(), so key
 * scripts drive them too, and they survive resizes (the frame is re-laid out
 * on every pass). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include "help.h"
#include "tui.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

static void box_at(app *a, int y, int x, int h, int w, const char *title)
{
    for (int r = 0; r < h; r++)
        tui_fill(y + r, x, w, TH_A(&a->th, TR_MODAL), TH_P(&a->th, TR_MODAL));
    tui_put(y, x + 1, w - 2, title, TH_A(&a->th, TR_TITLE) | A_REVERSE, TH_P(&a->th, TR_TITLE),
            a->ascii);
}

/* Edits buf with key k; returns 1 when the text changed. */
static int edit_key(char *buf, size_t n, int k)
{
    size_t l = strlen(buf);
    if (k == KEY_BACKSPACE || k == 127 || k == 8) {
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

int dialog_prompt(app *a, const char *title, const char *hint, char *buf, size_t n)
{
    int first = 1;
    while (!a->quit) {
        draw_frame(a);
        int w = COLS - 4 < 70 ? COLS - 4 : 70, x = (COLS - w) / 2, y = LINES / 2 - 2;
        if (w >= 10 && LINES >= 5) {
            box_at(a, y, x, 4, w, title);
            char line[600];
            sfmt(line, sizeof line, "> %s_", buf);
            int lw = u8_width(line);
            tui_put(y + 1, x + 1, w - 2, lw > w - 2 ? line + (lw - (w - 2)) : line,
                    TH_A(&a->th, TR_MODAL) | A_BOLD, TH_P(&a->th, TR_MODAL), a->ascii);
            tui_put(y + 2, x + 1, w - 2, hint ? hint : "Enter accepts, Esc cancels",
                    TH_A(&a->th, TR_DIM), TH_P(&a->th, TR_DIM), a->ascii);
        }
        refresh();
        int k = app_key(a, 200);
        if (k == ERR || k == KEY_RESIZE)
            continue;
        if (k == '\n' || k == '\r' || k == KEY_ENTER)
            return 1;
        if (k == 27 || k == CTRL('c') || k == CTRL('g'))
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

int dialog_pick(app *a, const char *title, const char *const *items,
                const char *const *details, int n)
{
    char filt[128] = "";
    int sel = 0, top = 0;
    cand *c = malloc(sizeof(cand) * (size_t)(n > 0 ? n : 1));
    if (!c)
        return -1;
    int result = -1;
    while (!a->quit) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            int s = filt[0] ? fuzzy_score(filt, items[i]) : 0;
            if (s >= 0) {
                c[m].idx = i;
                c[m].score = s;
                m++;
            }
        }
        if (filt[0])
            qsort(c, (size_t)m, sizeof(cand), cand_cmp);
        if (sel >= m) sel = m - 1;
        if (sel < 0) sel = 0;
        draw_frame(a);
        int w = COLS - 4 < 100 ? COLS - 4 : 100, x = (COLS - w) / 2;
        int h = LINES - 4 < 24 ? LINES - 4 : 24, y = (LINES - h) / 2;
        int rows = h - 4 - (details ? 1 : 0);
        if (w >= 20 && rows >= 1) {
            char t[256];
            sfmt(t, sizeof t, "%s  (%d of %d)", title, m, n);
            box_at(a, y, x, h, w, t);
            sfmt(t, sizeof t, "filter: %s_", filt);
            tui_put(y + 1, x + 1, w - 2, t, TH_A(&a->th, TR_MODAL) | A_BOLD, TH_P(&a->th, TR_MODAL),
                    a->ascii);
            if (sel < top) top = sel;
            if (sel >= top + rows) top = sel - rows + 1;
            for (int r = 0; r < rows && top + r < m; r++) {
                int i = c[top + r].idx, s = top + r == sel;
                tui_putpad(y + 2 + r, x + 1, w - 2, items[i],
                           s ? TH_A(&a->th, TR_SEL) : TH_A(&a->th, TR_MODAL),
                           s ? TH_P(&a->th, TR_SEL) : TH_P(&a->th, TR_MODAL), a->ascii);
            }
            if (details && m > 0 && details[c[sel].idx])
                tui_put(y + h - 2, x + 1, w - 2, details[c[sel].idx], TH_A(&a->th, TR_DIM),
                        TH_P(&a->th, TR_DIM), a->ascii);
            tui_put(y + h - 1, x + 1, w - 2, "type to filter, Up/Down move, Enter choose, Esc cancel",
                    TH_A(&a->th, TR_DIM), TH_P(&a->th, TR_DIM), a->ascii);
        }
        refresh();
        int k = app_key(a, 200);
        if (k == ERR || k == KEY_RESIZE)
            continue;
        if (k == '\n' || k == '\r' || k == KEY_ENTER) {
            if (m > 0)
                result = c[sel].idx;
            break;
        }
        if (k == 27 || k == CTRL('c') || k == CTRL('g'))
            break;
        if (k == KEY_UP || k == CTRL('p')) sel--;
        else if (k == KEY_DOWN || k == CTRL('n') || k == '\t') sel++;
        else if (k == KEY_PPAGE) sel -= rows > 1 ? rows : 1;
        else if (k == KEY_NPAGE) sel += rows > 1 ? rows : 1;
        else if (k == KEY_HOME) sel = 0;
        else if (k == KEY_END) sel = m - 1;
        else if (edit_key(filt, sizeof filt, k))
            sel = 0;
    }
    free(c);
    return result;
}

int dialog_confirm(app *a, const char *question)
{
    while (!a->quit) {
        draw_frame(a);
        int w = COLS - 4 < 70 ? COLS - 4 : 70, x = (COLS - w) / 2, y = LINES / 2 - 2;
        if (w >= 10) {
            box_at(a, y, x, 3, w, "Confirm");
            char t[600];
            sfmt(t, sizeof t, "%s  (y/n)", question);
            tui_put(y + 1, x + 1, w - 2, t, TH_A(&a->th, TR_MODAL) | A_BOLD, TH_P(&a->th, TR_MODAL),
                    a->ascii);
        }
        refresh();
        int k = app_key(a, 200);
        if (k == 'y' || k == 'Y')
            return 1;
        if (k == 'n' || k == 'N' || k == 27 || k == CTRL('c') || k == 'q')
            return 0;
    }
    return 0;
}
