/* theme.c -- colour pairs with a 256 -> 16 -> 8 colour fallback, and the
 * attribute-only look used for NO_COLOR / --no-color / monochrome terminals. */
#include <string.h>
#include "theme.h"

static const char *const spin_u[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
static const char *const spin_a[] = {"|", "/", "-", "\\"};

#define NBG (TH_NCAT + TH_NRAMP)

/* fg per role for 256 / 16 / 8 colours, bg (-1 = default) */
typedef struct { short fg256, bg256, fg16, bg16, fg8, bg8; attr_t a; } rolecol;

static const rolecol roles[TR_COUNT] = {
    [TR_NORMAL]   = {-1, -1, -1, -1, -1, -1, 0},
    [TR_HEADER]   = {231, 24, 15, 4, 7, 4, A_BOLD},
    [TR_STATUS]   = {252, 236, 7, 0, 7, -1, 0},
    [TR_FKEY]     = {231, -1, 15, -1, 7, -1, A_BOLD},
    [TR_FKEYLBL]  = {16, 37, 0, 6, 0, 6, 0},
    [TR_SEL]      = {231, 25, 15, 4, 7, 4, A_BOLD},
    [TR_BARFILL]  = {39, -1, 14, -1, 6, -1, 0},
    [TR_BAREMPTY] = {240, -1, 8, -1, 7, -1, A_DIM},
    [TR_CHANGED]  = {16, 220, 0, 11, 0, 3, A_BOLD},
    [TR_ERR]      = {231, 160, 15, 1, 7, 1, A_BOLD},
    [TR_OK]       = {114, -1, 10, -1, 2, -1, 0},
    [TR_WARN]     = {214, -1, 11, -1, 3, -1, A_BOLD},
    [TR_BADGE]    = {16, 114, 0, 10, 0, 2, A_BOLD},
    [TR_DIM]      = {244, -1, 8, -1, 7, -1, A_DIM},
    [TR_BORDER]   = {240, -1, 8, -1, 7, -1, 0},
    [TR_FOCUS]    = {81, -1, 14, -1, 6, -1, A_BOLD},
    [TR_TITLE]    = {81, -1, 14, -1, 6, -1, A_BOLD},
    [TR_DELTA]    = {213, -1, 13, -1, 5, -1, 0},
    [TR_AXIS]     = {246, -1, 7, -1, 7, -1, 0},
    [TR_MODAL]    = {231, 236, 15, 0, 7, 0, 0},
};

/* monochrome attributes per role */
static const attr_t mono[TR_COUNT] = {
    [TR_HEADER] = A_REVERSE | A_BOLD, [TR_STATUS] = A_NORMAL, [TR_FKEY] = A_BOLD,
    [TR_FKEYLBL] = A_REVERSE, [TR_SEL] = A_REVERSE, [TR_BAREMPTY] = A_DIM,
    [TR_CHANGED] = A_BOLD | A_UNDERLINE, [TR_ERR] = A_BOLD | A_REVERSE, [TR_WARN] = A_BOLD,
    [TR_BADGE] = A_BOLD | A_REVERSE, [TR_DIM] = A_DIM, [TR_FOCUS] = A_BOLD, [TR_TITLE] = A_BOLD,
    [TR_DELTA] = A_UNDERLINE, [TR_MODAL] = A_NORMAL,
};

/* plot colour classes: 0 default, then blue, red, green, orange, magenta, cyan, grey */
static const short style256[TH_NSTYLE] = {-1, 75, 203, 114, 214, 177, 80, 250};
static const short style16[TH_NSTYLE] = {-1, 12, 9, 10, 11, 13, 14, 7};
static const short style8[TH_NSTYLE] = {-1, 4, 1, 2, 3, 5, 6, 7};
/* category backgrounds (muted) then the numeric ramp (cold -> hot) */
static const short bg256[NBG] = {24, 22, 94, 54, 30, 88, 58, 238,
                                 17, 19, 25, 31, 36, 142, 172, 160};
static const short bg16[NBG] = {4, 2, 3, 5, 6, 1, 8, 7, 4, 12, 6, 14, 2, 10, 11, 9};
static const short bg8[NBG] = {4, 2, 3, 5, 6, 1, 7, 0, 4, 4, 6, 6, 2, 3, 3, 1};

void theme_init(theme *t, int want_color, int unicode)
{
    memset(t, 0, sizeof *t);
    t->unicode = unicode;
    t->bar_fill = unicode ? "━" : "=";
    t->bar_empty = unicode ? "─" : "-";
    t->knob = unicode ? "●" : "O";
    t->vline = unicode ? "│" : "|";
    t->hline = unicode ? "─" : "-";
    t->delta = unicode ? "Δ" : "d";
    t->ellipsis = unicode ? "…" : "~";
    t->spinner = unicode ? spin_u : spin_a;
    t->nspinner = unicode ? 10 : 4;
    for (int r = 0; r < TR_COUNT; r++)
        t->attr[r] = mono[r];
    if (!want_color || !has_colors() || start_color() == ERR)
        return;
    use_default_colors();
    int n = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
    if (!n)
        return;
    t->color = 1;
    t->ncolors = n;
    short next = 1;
    for (int r = 0; r < TR_COUNT; r++) {
        const rolecol *c = &roles[r];
        short fg = n == 256 ? c->fg256 : n == 16 ? c->fg16 : c->fg8;
        short bg = n == 256 ? c->bg256 : n == 16 ? c->bg16 : c->bg8;
        t->attr[r] = c->a;
        if (r == TR_NORMAL || next >= COLOR_PAIRS)
            continue;
        init_pair(next, fg, bg);
        t->pair[r] = next++;
    }
    const short *st = n == 256 ? style256 : n == 16 ? style16 : style8;
    const short *bgs = n == 256 ? bg256 : n == 16 ? bg16 : bg8;
    for (int s = 0; s < TH_NSTYLE && next < COLOR_PAIRS; s++) {
        init_pair(next, st[s], -1);
        t->style_pair[s] = next++;
    }
    for (int b = 0; b < NBG && next < COLOR_PAIRS; b++) {
        init_pair(next, n == 256 ? 231 : 7, bgs[b]);
        t->bg_pair[b] = next++;
    }
    if (next + TH_NSTYLE * NBG < COLOR_PAIRS) {
        t->fgbg_base = next;
        for (int s = 0; s < TH_NSTYLE; s++)
            for (int b = 0; b < NBG; b++) {
                short fg = s == 0 ? (n == 256 ? 231 : 7) : st[s];
                if (fg == bgs[b])
                    fg = n == 256 ? 231 : 7;
                init_pair((short)(next + s * NBG + b), fg, bgs[b]);
            }
    }
}

short theme_plot_pair(const theme *t, int s, int b)
{
    if (!t->color)
        return 0;
    if (s < 0 || s >= TH_NSTYLE)
        s = 0;
    if (b < 0 || b >= NBG)
        return t->style_pair[s];
    if (t->fgbg_base)
        return (short)(t->fgbg_base + s * NBG + b);
    return t->bg_pair[b];
}
