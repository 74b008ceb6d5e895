/* theme.c -- named themes with a 256 -> 16 -> 8 colour fallback, and the
 * attribute-only look used for NO_COLOR / --no-color / monochrome terminals.
 *
 * Readable on light and dark backgrounds alike: text drawn on the terminal's
 * default background uses colours whose contrast is >= 3:1 against both black
 * and white (mid luminance: xterm 25..33, 64, 130, 166, 242..245, ...) or the
 * terminal's own foreground; nothing is white or light grey on the default
 * background (the F-key numbers were), and every light-on-dark element (header,
 * status line, F-key labels, badges) brings its own background.
 * Plot colour classes are qualitative; region backgrounds are a qualitative set
 * for categories and a sequential dark -> light ramp (purple, blue, teal,
 * green, yellow, as viridis) for ordered values. */
#include <math.h>
#include <string.h>
#include "theme.h"

static const char *const spin_u[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
static const char *const spin_a[] = {"|", "/", "-", "\\"};

#define NBG (TH_NCAT + TH_NRAMP)

/* fg per role for 256 / 16 / 8 colours, bg (-1 = default) */
typedef struct { short fg256, bg256, fg16, bg16, fg8, bg8; attr_t a; } rolecol;

typedef struct palette {
    const char *name;
    rolecol roles[TR_COUNT];
    short style256[TH_NSTYLE], style16[TH_NSTYLE], style8[TH_NSTYLE];
    int no_dim, number_items;
} palette;

/* roles with their own background, the same in every theme */
#define BG_ROLES                                                        \
    [TR_HEADER]   = {231, 24, 15, 4, 7, 4, A_BOLD},                     \
    [TR_STATUS]   = {252, 236, 7, 0, 7, 0, 0},                          \
    [TR_FKEY]     = {231, 24, 15, 4, 7, 4, A_BOLD},                     \
    [TR_FKEYLBL]  = {16, 37, 0, 6, 0, 6, 0},                            \
    [TR_SEL]      = {231, 25, 15, 4, 7, 4, A_BOLD},                     \
    [TR_CHANGED]  = {16, 220, 0, 11, 0, 3, A_BOLD},                     \
    [TR_ERR]      = {231, 160, 15, 1, 7, 1, A_BOLD},                    \
    [TR_BADGE]    = {16, 114, 0, 10, 0, 2, A_BOLD},                     \
    [TR_MODAL]    = {231, 236, 15, 0, 7, 0, 0}

static const palette palettes[] = {
    {"dark",
     {[TR_NORMAL] = {-1, -1, -1, -1, -1, -1, 0}, BG_ROLES,
      [TR_BARFILL]  = {32, -1, 12, -1, 4, -1, 0},
      [TR_BAREMPTY] = {244, -1, 8, -1, -1, -1, 0},
      [TR_OK]       = {64, -1, 2, -1, 2, -1, 0},
      [TR_WARN]     = {166, -1, 9, -1, 1, -1, A_BOLD},
      [TR_DIM]      = {245, -1, 8, -1, -1, -1, 0},
      [TR_BORDER]   = {244, -1, 8, -1, -1, -1, 0},
      [TR_FOCUS]    = {32, -1, 12, -1, 4, -1, A_BOLD},
      [TR_TITLE]    = {32, -1, 12, -1, 4, -1, A_BOLD},
      [TR_DELTA]    = {134, -1, 5, -1, 5, -1, 0},
      [TR_AXIS]     = {244, -1, 8, -1, -1, -1, 0}},
     {-1, 33, 196, 64, 166, 134, 30, 244},
     {-1, 12, 9, 2, 1, 5, 6, 8},
     {-1, 4, 1, 2, 3, 5, 6, 7}, 0, 0},
    {"light",
     {[TR_NORMAL] = {-1, -1, -1, -1, -1, -1, 0}, BG_ROLES,
      [TR_BARFILL]  = {25, -1, 4, -1, 4, -1, 0},
      [TR_BAREMPTY] = {242, -1, 8, -1, -1, -1, 0},
      [TR_OK]       = {28, -1, 2, -1, 2, -1, 0},
      [TR_WARN]     = {130, -1, 1, -1, 1, -1, A_BOLD},
      [TR_DIM]      = {242, -1, 8, -1, -1, -1, 0},
      [TR_BORDER]   = {242, -1, 8, -1, -1, -1, 0},
      [TR_FOCUS]    = {25, -1, 4, -1, 4, -1, A_BOLD},
      [TR_TITLE]    = {25, -1, 4, -1, 4, -1, A_BOLD},
      [TR_DELTA]    = {127, -1, 5, -1, 5, -1, 0},
      [TR_AXIS]     = {242, -1, 8, -1, -1, -1, 0}},
     {-1, 26, 160, 28, 130, 127, 30, 242},
     {-1, 4, 1, 2, 1, 5, 6, 8},
     {-1, 4, 1, 2, 3, 5, 6, 7}, 0, 0},
    /* projectors: the terminal's own foreground for text, bold where it
     * matters, no dim, and plots that number what colour distinguishes */
    {"contrast",
     {[TR_NORMAL] = {-1, -1, -1, -1, -1, -1, 0}, BG_ROLES,
      [TR_BARFILL]  = {27, -1, 12, -1, 4, -1, A_BOLD},
      [TR_BAREMPTY] = {-1, -1, -1, -1, -1, -1, 0},
      [TR_OK]       = {28, -1, 2, -1, 2, -1, A_BOLD},
      [TR_WARN]     = {166, -1, 9, -1, 1, -1, A_BOLD},
      [TR_DIM]      = {-1, -1, -1, -1, -1, -1, 0},
      [TR_BORDER]   = {-1, -1, -1, -1, -1, -1, 0},
      [TR_FOCUS]    = {27, -1, 12, -1, 4, -1, A_BOLD | A_UNDERLINE},
      [TR_TITLE]    = {-1, -1, -1, -1, -1, -1, A_BOLD},
      [TR_DELTA]    = {163, -1, 5, -1, 5, -1, A_BOLD},
      [TR_AXIS]     = {-1, -1, -1, -1, -1, -1, 0}},
     {-1, 27, 196, 28, 166, 163, 30, 243},
     {-1, 12, 9, 2, 1, 5, 6, 8},
     {-1, 4, 1, 2, 3, 5, 6, 7}, 1, 1},
};
#define NPAL ((int)(sizeof palettes / sizeof palettes[0]))

static const char *const names[] = {"dark", "light", "contrast", NULL};

/* monochrome attributes per role */
static const attr_t mono[TR_COUNT] = {
    [TR_HEADER] = A_REVERSE | A_BOLD, [TR_STATUS] = A_NORMAL, [TR_FKEY] = A_BOLD,
    [TR_FKEYLBL] = A_REVERSE, [TR_SEL] = A_REVERSE, [TR_BAREMPTY] = A_DIM,
    [TR_CHANGED] = A_BOLD | A_UNDERLINE, [TR_ERR] = A_BOLD | A_REVERSE, [TR_WARN] = A_BOLD,
    [TR_BADGE] = A_BOLD | A_REVERSE, [TR_DIM] = A_DIM, [TR_FOCUS] = A_BOLD, [TR_TITLE] = A_BOLD,
    [TR_DELTA] = A_UNDERLINE, [TR_MODAL] = A_NORMAL,
};

/* category backgrounds (qualitative, muted) then the numeric ramp (sequential) */
static const short bg256[NBG] = {24, 22, 94, 54, 30, 88, 58, 238,
                                 53, 55, 24, 31, 36, 77, 148, 184};
static const short bg16[NBG] = {4, 2, 3, 5, 6, 1, 8, 7, 5, 4, 12, 6, 2, 10, 3, 11};
static const short bg8[NBG] = {4, 2, 3, 5, 6, 1, 7, 0, 5, 4, 4, 6, 6, 2, 3, 3};

const char *const *theme_names(void)
{
    return names;
}

/* Relative luminance of xterm colour n (WCAG). */
static double lum(int n)
{
    static const unsigned char base[16][3] = {
        {0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205},
        {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0}, {0, 255, 0},
        {255, 255, 0}, {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255}};
    static const int step[6] = {0, 95, 135, 175, 215, 255};
    int c[3];
    if (n < 0)
        return 0.5;
    if (n < 16) {
        for (int i = 0; i < 3; i++)
            c[i] = base[n][i];
    } else if (n < 232) {
        c[0] = step[(n - 16) / 36];
        c[1] = step[((n - 16) / 6) % 6];
        c[2] = step[(n - 16) % 6];
    } else {
        c[0] = c[1] = c[2] = 8 + 10 * (n - 232);
    }
    double l = 0;
    static const double wgt[3] = {0.2126, 0.7152, 0.0722};
    for (int i = 0; i < 3; i++) {
        double x = c[i] / 255.0;
        l += wgt[i] * (x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4));
    }
    return l;
}

static double contrast(int a, int b)
{
    double x = lum(a), y = lum(b);
    return x > y ? (x + 0.05) / (y + 0.05) : (y + 0.05) / (x + 0.05);
}

/* Black or white, whichever reads better on background b. */
static short text_on(int b, int n)
{
    int black = n == 256 ? 16 : 0, white = n == 256 ? 231 : n == 8 ? 7 : 15;
    return contrast(black, b) >= contrast(white, b) ? (short)black : (short)white;
}

/* xterm colour n moved one step towards white (cube and grey ramp; -1 for the
 * 16 base colours, which have no lighter kin of the same hue). */
static short lighter(int n)
{
    if (n >= 16 && n < 232) {
        int c[3] = {(n - 16) / 36, ((n - 16) / 6) % 6, (n - 16) % 6};
        if (c[0] == 5 && c[1] == 5 && c[2] == 5)
            return -1;
        for (int i = 0; i < 3; i++)
            c[i] += c[i] < 5;
        return (short)(16 + 36 * c[0] + 6 * c[1] + c[2]);
    }
    if (n >= 232 && n < 255)
        return (short)(n + 3 > 255 ? 255 : n + 3);
    return -1;
}

/* A curve of colour fg drawn over a map region of colour bg (256 colours): fg
 * itself when it reads (contrast >= 2.5), else the first lighter shade of the
 * same hue that does (at most three steps), else black or white.  Curves keep
 * their legend's hue over the map instead of all turning white. */
static short on_region(short fg, short bg)
{
    short c = fg;
    for (int k = 0; k < 4 && c >= 0; k++) {
        if (contrast(c, bg) >= 2.5)
            return c;
        c = lighter(c);
    }
    return text_on(bg, 256);
}

static void set_glyphs(theme *t, int unicode)
{
    t->unicode = unicode;
    t->bar_fill = unicode ? "━" : "=";
    t->bar_empty = unicode ? "─" : "-";
    t->knob = unicode ? "●" : "O";
    t->vline = unicode ? "│" : "|";
    t->hline = unicode ? "─" : "-";
    t->delta = unicode ? "Δ" : "d";
    t->ellipsis = unicode ? "…" : "~";
    t->pin_mark = unicode ? "◆" : "p";
    t->sel_mark = unicode ? "▸ " : "> ";
    t->bullet = unicode ? "•" : "*";
    t->more_down = unicode ? "↓" : "v";
    t->more_right = unicode ? "→" : ">";
    t->more_left = unicode ? "←" : "<";
    t->cur_glyph = '@';
    t->spinner = unicode ? spin_u : spin_a;
    t->nspinner = unicode ? 10 : 4;
}

static void init_pairs(theme *t, const palette *p, int n)
{
    short next = 1;
    for (int r = 0; r < TR_COUNT; r++) {
        const rolecol *c = &p->roles[r];
        short fg = n == 256 ? c->fg256 : n == 16 ? c->fg16 : c->fg8;
        short bg = n == 256 ? c->bg256 : n == 16 ? c->bg16 : c->bg8;
        t->attr[r] = c->a;
        if (r == TR_NORMAL || next >= COLOR_PAIRS)
            continue;
        init_pair(next, fg, bg);
        t->pair[r] = next++;
    }
    const short *st = n == 256 ? p->style256 : n == 16 ? p->style16 : p->style8;
    const short *bgs = n == 256 ? bg256 : n == 16 ? bg16 : bg8;
    for (int s = 0; s < TH_NSTYLE && next < COLOR_PAIRS; s++) {
        init_pair(next, st[s], -1);
        t->style_pair[s] = next++;
    }
    for (int b = 0; b < NBG && next < COLOR_PAIRS; b++) {
        init_pair(next, text_on(bgs[b], n), bgs[b]);
        t->bg_pair[b] = next++;
    }
    if (next + TH_NSTYLE * NBG < COLOR_PAIRS) {
        t->fgbg_base = next;
        for (int s = 0; s < TH_NSTYLE; s++)
            for (int b = 0; b < NBG; b++) {
                short fg = st[s];
                if (s == 0 || fg == bgs[b])
                    fg = text_on(bgs[b], n);
                else if (n == 256)
                    fg = on_region(fg, bgs[b]);
                init_pair((short)(next + s * NBG + b), fg, bgs[b]);
            }
    }
}

int theme_init_named(theme *t, const char *name, int want_color, int unicode)
{
    int k = 0, rc = 0;
    if (name && *name) {
        for (k = 0; k < NPAL && strcmp(palettes[k].name, name); k++)
            ;
        if (k == NPAL) {
            k = 0;
            rc = -1;
        }
    }
    const palette *p = &palettes[k];
    memset(t, 0, sizeof *t);
    t->name = p->name;
    t->no_dim = p->no_dim;
    t->number_items = p->number_items;
    set_glyphs(t, unicode);
    for (int r = 0; r < TR_COUNT; r++)
        t->attr[r] = p->no_dim ? mono[r] & ~(attr_t)A_DIM : mono[r];
    if (!want_color || !has_colors() || start_color() == ERR)
        return rc;
    use_default_colors();
    int n = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
    if (!n)
        return rc;
    t->color = 1;
    t->ncolors = n;
    init_pairs(t, p, n);
    return rc;
}

void theme_init(theme *t, int want_color, int unicode)
{
    theme_init_named(t, "dark", want_color, unicode);
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
