/* help.c -- the key table, key names and the help overlay (see help.h). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "help.h"
#include "theme.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

const key_binding tui_keys[] = {
    {A_UP, {KEY_UP, 'k'}, "Up k", NULL, NULL, "select the previous parameter (scroll a focused table or text)"},
    {A_DOWN, {KEY_DOWN, 'j'}, "Down j", NULL, NULL, "select the next parameter (scroll a focused table or text)"},
    {A_DEC, {KEY_LEFT, 'h'}, "Left h", NULL, NULL, "decrease the selected parameter by one step"},
    {A_INC, {KEY_RIGHT, 'l'}, "Right l", NULL, NULL, "increase the selected parameter by one step"},
    {A_DEC10, {'H', KEY_NPAGE}, "H PgDn", NULL, NULL, "decrease by ten steps"},
    {A_INC10, {'L', KEY_PPAGE}, "L PgUp", NULL, NULL, "increase by ten steps"},
    {A_MIN, {KEY_HOME}, "Home", NULL, NULL, "set the parameter to its slider minimum"},
    {A_MAX, {KEY_END}, "End", NULL, NULL, "set the parameter to its slider maximum"},
    {A_FOCUS_NEXT, {'\t'}, "Tab", NULL, NULL, "focus the next panel (the explanation too)"},
    {A_FOCUS_PREV, {KEY_BTAB}, "S-Tab", NULL, NULL, "focus the previous panel"},
    {A_VIEW_PREV, {'['}, "[", NULL, NULL, "show the previous view in the focused panel"},
    {A_VIEW_NEXT, {']'}, "]", NULL, NULL, "show the next view in the focused panel"},
    {A_ZOOM, {'z'}, "z", NULL, NULL, "zoom: the focused panel on the whole screen (again or Esc: back)"},
    {A_NEXT_PRESET, {'n'}, "n", NULL, NULL, "next example of this paper (in the paper's order)"},
    {A_PREV_PRESET, {'N'}, "N", NULL, NULL, "previous example of this paper"},
    {A_HELP, {'?', KEY_F(1)}, "?", "F1", "Help", "this help (Up/Down scroll it, any other key closes it)"},
    {A_PRESETS, {'p', KEY_F(2)}, "p", "F2", "Presets", "preset picker (type to filter, Enter opens)"},
    {A_SAVE, {'s', KEY_F(3)}, "s", "F3", "Save", "save the current values as a user preset"},
    {A_MAP, {'m', KEY_F(4)}, "m", "F4", "Map", "region map: a result field over two parameters"},
    {A_EXPORT, {'e', KEY_F(5)}, "e", "F5", "Export", "export the focused view as text (and SVG for plots)"},
    {A_PIN, {'c', KEY_F(6)}, "c", "F6", "Pin", "pin the current results and show deltas (again: unpin)"},
    {A_ENTRY, {'=', KEY_F(7)}, "=", "F7", "Enter", "type a value for the selected parameter"},
    {A_RESET, {'r', KEY_F(8)}, "r", "F8", "Reset", "reset every parameter to the preset's values"},
    {A_UNDO, {'u', KEY_F(9)}, "u", "F9", "Undo", "undo the last parameter change"},
    {A_REDO, {CTRL('r')}, "C-r", NULL, NULL, "redo"},
    {A_GLYPHS, {'g'}, "g", NULL, NULL, "plot glyphs: braille / block / ascii"},
    {A_REDRAW, {CTRL('l')}, "C-l", NULL, NULL, "redraw the screen"},
    {A_ESCAPE, {27}, "Esc", NULL, NULL, "close a dialog or the zoom; focus the parameters"},
    {A_QUIT, {'q', CTRL('c'), KEY_F(10)}, "q C-c", "F10", "Quit", "quit"},
    {A_NONE, {0}, NULL, NULL, NULL, NULL},
};

tui_action help_action(int ch)
{
    if (ch <= 0)
        return A_NONE;
    for (int i = 0; tui_keys[i].act != A_NONE; i++)
        for (int k = 0; k < 4 && tui_keys[i].codes[k]; k++)
            if (tui_keys[i].codes[k] == ch)
                return tui_keys[i].act;
    return A_NONE;
}

static const struct { const char *name; int code; } key_names[] = {
    {"Up", KEY_UP}, {"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
    {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE}, {"PageUp", KEY_PPAGE}, {"PageDown", KEY_NPAGE},
    {"Home", KEY_HOME}, {"End", KEY_END}, {"Tab", '\t'}, {"BTab", KEY_BTAB},
    {"S-Tab", KEY_BTAB}, {"Enter", '\n'}, {"Esc", 27}, {"Escape", 27}, {"Space", ' '},
    {"Backspace", KEY_BACKSPACE}, {"BSpace", KEY_BACKSPACE}, {"Delete", KEY_DC},
    {"Resize", KEY_RESIZE},
};

int help_key_code(const char *name)
{
    if (!name || !*name)
        return -1;
    if (!name[1])
        return (unsigned char)name[0];
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (!strcasecmp(name, key_names[i].name))
            return key_names[i].code;
    if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12)
            return KEY_F(n);
    }
    if ((!strncasecmp(name, "C-", 2) || name[0] == '^') && name[name[0] == '^' ? 2 : 3] == 0) {
        char c = name[name[0] == '^' ? 1 : 2];
        if (c >= 'a' && c <= 'z')
            return CTRL(c);
        if (c >= 'A' && c <= 'Z')
            return CTRL(c + 32);
    }
    return -1;
}

const char *help_key_name(int ch)
{
    static char buf[16];
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (key_names[i].code == ch)
            return key_names[i].name;
    if (ch >= KEY_F(1) && ch <= KEY_F(12)) {
        sfmt(buf, sizeof buf, "F%d", ch - KEY_F(0));
        return buf;
    }
    if (ch > 0 && ch < 32) {
        sfmt(buf, sizeof buf, "C-%c", ch + 96);
        return buf;
    }
    if (ch >= 32 && ch < 127) {
        sfmt(buf, sizeof buf, "%c", ch);
        return buf;
    }
    sfmt(buf, sizeof buf, "key %d", ch);
    return buf;
}

typedef struct hlines {
    char **s;
    int n, cap;
    const char *indent;         /* put before every wrapped line */
} hlines;

static void hl_add(hlines *h, const char *t, int len)
{
    size_t k = h->indent ? strlen(h->indent) : 0;
    if (h->n == h->cap) {
        int cap = h->cap ? 2 * h->cap : 128;
        char **ns = realloc(h->s, sizeof *ns * (size_t)cap);
        if (!ns)
            return;
        h->s = ns;
        h->cap = cap;
    }
    char *c = malloc(k + (size_t)len + 1);
    if (!c)
        return;
    memcpy(c, h->indent ? h->indent : "", k);
    memcpy(c + k, t, (size_t)len);
    c[k + (size_t)len] = 0;
    h->s[h->n++] = c;
}

static void hl_line(void *u, const char *t, int len)
{
    hl_add(u, t, len);
}

static void hl_str(hlines *h, const char *t)
{
    hl_add(h, t, (int)strlen(t));
}

int help_draw(int top, int ascii, const void *thv, const char *model_title,
              const char *summary, const char *notes)
{
    const theme *t = thv;
    int H = LINES, W = COLS;
    int bw = W - 4 < 86 ? W - 4 : 86, bh = H - 2;
    int x0 = (W - bw) / 2, y0 = 1;
    if (bw < 20 || bh < 4)
        return 0;
    /* lines: title, blank, keys..., blank, the open preset's notes, the model */
    hlines h = {NULL, 0, 0, NULL};
    char b[256];
    sfmt(b, sizeof b, "Keys   (model: %s)", model_title ? model_title : "-");
    hl_str(&h, b);
    hl_str(&h, "");
    /* a key's text wraps under itself on a narrow screen (it was cut mid-word) */
    for (int i = 0; tui_keys[i].act != A_NONE; i++) {
        const key_binding *k = &tui_keys[i];
        char keys[40];
        sfmt(keys, sizeof keys, "%s%s%s", k->keys, k->fkey ? " " : "", k->fkey ? k->fkey : "");
        int first = h.n;
        h.indent = "                 ";
        u8_wrap(k->help, bw - 4 - 17, hl_line, &h);
        h.indent = NULL;
        if (h.n > first) {                      /* the keys over the first line's indent */
            sfmt(b, sizeof b, "  %-14s %s", keys, h.s[first] + 17);
            free(h.s[first]);
            h.s[first] = strdup(b);
            if (!h.s[first])
                h.s[first] = calloc(1, 1);
        }
    }
    hl_str(&h, "");
    h.indent = "  ";
    u8_wrap("In a focused table or text panel, arrows scroll it; on a focused plot (zoomed "
            "too) they move the parameters.  [ ] change the focused panel's view.\n"
            "Dialogs: type to filter or edit, Enter accepts, Esc cancels.", bw - 6, hl_line, &h);
    h.indent = NULL;
    int heads[2] = {-1, -1};
    if (notes && *notes) {
        hl_str(&h, "");
        heads[0] = h.n;
        hl_str(&h, "Notes");
        h.indent = "  ";
        u8_wrap(notes, bw - 6, hl_line, &h);
        h.indent = NULL;
    }
    if (summary && *summary) {
        hl_str(&h, "");
        heads[1] = h.n;
        hl_str(&h, "The model");
        h.indent = "  ";
        u8_wrap(summary, bw - 6, hl_line, &h);
        h.indent = NULL;
    }
    int n = h.n, rows = bh - 2;
    if (top > n - rows) top = n - rows;
    if (top < 0) top = 0;
    for (int r = 0; r < bh; r++)
        tui_fill(y0 + r, x0, bw, TH_A(t, TR_MODAL), TH_P(t, TR_MODAL));
    for (int i = top, row = 0; i < n && row < rows; i++, row++) {
        int head = i == 0 || i == heads[0] || i == heads[1];
        attr_t a = head ? TH_A(t, TR_TITLE) : TH_A(t, TR_MODAL);
        short p = head ? TH_P(t, TR_TITLE) : TH_P(t, TR_MODAL);
        char f[512];
        u8_fit(h.s[i], bw - 4, t->ellipsis, f, sizeof f);     /* the title on a narrow screen */
        tui_put(y0 + 1 + row, x0 + 2, bw - 4, f, a, p, ascii);
    }
    tui_put(y0 + bh - 1, x0 + 2, bw - 4,
            top + rows < n ? "any key closes; Up/Down scroll (more below)"
                           : "any key closes; Up/Down scroll",
            TH_A(t, TR_DIM), TH_P(t, TR_DIM), ascii);
    for (int i = 0; i < h.n; i++)
        free(h.s[i]);
    free(h.s);
    return n;
}
