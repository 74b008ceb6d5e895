/* theme.h -- named themes (dark, light, contrast): colours (256 -> 16 -> 8 ->
 * none), attributes per role, and every glyph the explorer draws. */
#ifndef DMX_TUI_THEME_H
#define DMX_TUI_THEME_H

#include <curses.h>

typedef enum {
    TR_NORMAL, TR_HEADER, TR_STATUS, TR_FKEY, TR_FKEYLBL, TR_SEL, TR_BARFILL, TR_BAREMPTY,
    TR_CHANGED, TR_ERR, TR_OK, TR_WARN, TR_BADGE, TR_DIM, TR_BORDER, TR_FOCUS, TR_TITLE,
    TR_DELTA, TR_AXIS, TR_MODAL, TR_COUNT
} tui_role;

#define TH_NSTYLE 8     /* plot colour classes 0..7 */
#define TH_NCAT 8       /* categorical background colours (qualitative) */
#define TH_NRAMP 8      /* numeric ramp background colours (sequential, dark -> light) */

typedef struct theme {
    const char *name;           /* "dark", "light" or "contrast" */
    int color;                  /* colours in use */
    int ncolors;                /* 256, 16, 8 or 0 */
    int unicode;                /* Unicode glyphs allowed */
    int no_dim;                 /* never A_DIM (contrast: for projectors) */
    int number_items;           /* plots number their lines / fills / regions, so that
                                   nothing is told apart by colour alone (plot_opts) */
    attr_t attr[TR_COUNT];
    short pair[TR_COUNT];
    short style_pair[TH_NSTYLE];            /* fg style on default bg */
    short bg_pair[TH_NCAT + TH_NRAMP];      /* readable fg on bg */
    short fgbg_base;                        /* pair of (style s, bg b) = base + s*NBG + b, or 0 */
    /* glyphs (UTF-8 or ASCII) */
    const char *bar_fill, *bar_empty, *knob, *vline, *hline, *delta, *ellipsis;
    const char *pin_mark;       /* the pinned value on a slider ("◆" / "p") */
    const char *sel_mark;       /* the selected row ("▸ " / "> ") */
    const char *bullet;         /* a note ("•" / "*") */
    const char *more_down, *more_right, *more_left;   /* scroll hints ("↓" "→" "←") */
    char cur_glyph;             /* the current point on a map (ASCII, a plot marker) */
    const char *const *spinner;
    int nspinner;
} theme;

/* Initialises theme `name` ("dark", "light", "contrast"; NULL or "" = dark)
 * after initscr/newterm.  `want_color` is 0 for NO_COLOR or --no-color;
 * colours are used only when has_colors() too.  Every theme is readable on
 * light and dark terminal backgrounds: text on the default background uses
 * mid-luminance colours (or the terminal's own foreground), and every light-
 * on-dark element brings its own background.  Returns 0, or -1 for an unknown
 * name (the theme is then initialised as "dark"). */
int theme_init_named(theme *t, const char *name, int want_color, int unicode);
/* The theme names, NULL-terminated. */
const char *const *theme_names(void);
/* theme_init_named(t, "dark", want_color, unicode) (--theme / DMX_THEME are
 * read by main.c, which calls theme_init_named). */
void theme_init(theme *t, int want_color, int unicode);

/* Attribute+pair of a role. */
#define TH_A(t, r) ((t)->attr[r])
#define TH_P(t, r) ((t)->pair[r])

/* Pair for plot colour class s (0..7) over background b (-1 = none, 0..15). */
short theme_plot_pair(const theme *t, int s, int b);

#endif
