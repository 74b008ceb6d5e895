/* plot.h -- a character canvas for plots: braille (2x4 dots a cell), block
 * (2x2 quadrants) and ASCII modes; polygons, polylines, markers, categorical /
 * numeric grids, axes with tick labels, axis titles on their own lines and a
 * legend that is never cut: beside the plot when it fits whole, else below
 * it, else a numbered key (numbers drawn at the items, as many names listed
 * as fit whole, the rest counted "+N more").  The same canvas is drawn with
 * curses or dumped as text (export), where nothing is left out. */
#ifndef DMX_TUI_PLOT_H
#define DMX_TUI_PLOT_H

#include <stdio.h>
#include "result.h"
#include "theme.h"

typedef enum { CV_BRAILLE, CV_BLOCK, CV_ASCII, CV_NMODES } cv_mode;

enum { CV_FG_AXIS = 8, CV_FG_TITLE = 9 };

typedef struct cv_cell {
    unsigned char dots;       /* dot mask (braille bits / quadrant bits) */
    signed char fg;           /* -1, style 0..7, CV_FG_AXIS, CV_FG_TITLE */
    signed char bg;           /* -1 or background 0..15 (theme categories, ramp) */
    unsigned char lock;       /* text that later drawing must not overwrite */
    char ch[8];               /* text overlay (one UTF-8 character) or "" */
} cv_cell;

/* Where the legend went (canvas.legend). */
enum { CV_LEG_NONE, CV_LEG_SIDE, CV_LEG_BELOW, CV_LEG_KEY };

typedef struct canvas {
    int w, h;                 /* cells */
    cv_mode mode;
    int unicode, color;
    int dx, dy;               /* dots per cell */
    int legend;               /* CV_LEG_*: how the legend was placed */
    /* plot area in cells, and the data window */
    int px, py, pw, ph;
    double xmin, xmax, ymin, ymax;
    cv_cell *c;
    /* text that did not fit the canvas whole (legend entries of a numbered
     * key, a long axis title): canvas_dump writes it in full below the plot */
    char **more;
    int nmore;
} canvas;

/* Extra marker drawn on top of a view (e.g. the current point on a map). */
typedef struct cv_marker {
    double x, y;
    char glyph;
    const char *label;
    int style;
} cv_marker;

/* Rendering options (plot_render_opts). */
typedef struct plot_opts {
    cv_mode mode;
    int unicode;              /* Unicode glyphs allowed */
    int color;                /* colours in use (else cells carry symbols) */
    int number_items;         /* always draw key numbers at lines / fills / regions, so
                                 nothing is told apart by colour alone (contrast theme) */
} plot_opts;

/* Lays out and rasterises `v` (a PLOT view) into a w x h canvas: axes, ticks,
 * axis titles, the items, the extra markers and the legend (see above).
 * `ghost` (may be NULL) is a pinned copy whose markers are drawn dimmed.
 * Returns 0, or -1 on allocation failure (the canvas is then empty). */
int plot_render_opts(canvas *cv, const dmx_view *v, int w, int h, const plot_opts *o,
                     const dmx_view *ghost, const cv_marker *extra, int nextra);
/* The same with the options spelled out (number_items = 0). */
int plot_render(canvas *cv, const dmx_view *v, int w, int h, cv_mode mode, int unicode,
                int color, const dmx_view *ghost, const cv_marker *extra, int nextra);
void canvas_free(canvas *cv);
/* Draws the canvas at (y, x) on stdscr. */
void canvas_draw(const canvas *cv, int y, int x, const theme *t);
/* Writes the canvas as text lines (trailing blanks trimmed), then every text
 * that did not fit it (canvas.more) in full. */
void canvas_dump(const canvas *cv, FILE *f);

/* Name of a canvas mode ("braille", "block", "ascii"). */
const char *cv_mode_name(cv_mode m);

#endif
