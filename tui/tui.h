/* tui.h -- the explorer's internal state, shared by app.c (event loop and
 * actions), draw.c (layout and panels) and dialog.c (prompts, pickers). */
#ifndef DMX_TUI_TUI_H
#define DMX_TUI_TUI_H

#include <limits.h>
#include "app.h"
#include "dmx.h"
#include "plot.h"
#include "theme.h"
#include "worker.h"

#define TUI_MAXSLOTS 256
#define TUI_UNDO 256
#define TUI_MAXPANES 4
#define TUI_MINW 60
#define TUI_MINH 16
#define TUI_HILITE_MS 1500.0

typedef struct pane {
    int y, x, h, w;
    int pref;                   /* preferred view kind: DMX_V_PLOT or DMX_V_TABLE */
    char view[64];              /* view id chosen by the user ("" = automatic) */
    const char *shown;          /* id shown in the last frame */
    int scroll, hscroll;
} pane;

/* one scripted event */
typedef struct script_ev {
    int key;                    /* curses key code, or -1 for sleep */
    int ms;                     /* sleep duration */
} script_ev;

typedef struct app {
    const tui_opts *o;
    const char *const *dirs;
    char userdir[PATH_MAX];
    theme th;
    int ascii, mouse;
    cv_mode cmode;

    dmx_preset *preset;
    dmx_params *params;
    dmx_slot slots[TUI_MAXSLOTS];
    int nslots, sel, stop;
    dmx_params *undo[TUI_UNDO], *redo[TUI_UNDO];
    int nundo, nredo;

    worker w;
    unsigned want_gen, have_gen;
    dmx_result *cur, *prev, *pin;
    dmx_params *pin_params;     /* the parameters of the pinned result */
    double cur_ms, cur_at;
    char cerr[512];             /* last compute error ("" when the result is current) */

    /* region map */
    dmx_result *map;            /* holds the "map" plot view */
    char map_field[128];
    dmx_slot map_sx, map_sy;
    dmx_params *map_base;
    unsigned map_gen;
    int map_running;
    double map_ms;
    char map_info[256];

    /* layout (recomputed from LINES/COLS every frame) */
    int too_small;
    int py, px, ph, pw;         /* parameter panel */
    int ty, tx, th_, tw;        /* explanation strip (th_ == 0: none) */
    pane panes[TUI_MAXPANES];
    int npanes, focus;          /* focus 0 = parameters, k = panes[k-1] */

    char msg[512];
    int msg_err;
    int help, help_top;
    int quit;
    unsigned spin;

    /* key script (--keys / --bench-keys) */
    script_ev *script;
    int nscript, iscript;
    double sleep_until;
    int bench;
    double bench_t0;            /* time the pending scripted key was read (0: none) */
    double *lat;
    int nlat, latcap;
    double *ctm;                /* compute times of the results (bench) */
    int nctm, ctmcap;
    int bench_cols, bench_lines;
    int bar_x, bar_w;           /* slider bar columns (for the mouse) */
    int dirty;                  /* something arrived: redraw */
} app;

/* draw.c */
void draw_layout(app *a);
/* Draws the whole frame into the curses buffer (no refresh). */
void draw_frame(app *a);
/* Label of slot i ("γ_u", "q̄[1]"), into buf. */
void draw_slot_label(const app *a, int i, char *buf, size_t n);
/* Formats the value of slot i (choice names for CHOICE parameters). */
void draw_slot_value(const app *a, int i, char *buf, size_t n);
/* The view shown in pane k (after draw_layout/draw_frame), or NULL. */
const dmx_view *draw_pane_view(const app *a, int k);
/* Every view the result offers plus the map: fills ids, returns the count. */
int draw_view_ids(const app *a, const char **ids, int max);
const dmx_view *draw_find_view(const app *a, const char *id);

/* dialog.c -- modal dialogs; each loops on app_key() and redraws the frame under it. */
/* Line prompt; buf holds the initial text.  Returns 1 on Enter, 0 on cancel. */
int dialog_prompt(app *a, const char *title, const char *hint, char *buf, size_t n);
/* Fuzzy list picker over items[0..n-1] (details may be NULL).  Returns the
 * chosen index or -1. */
int dialog_pick(app *a, const char *title, const char *const *items,
                const char *const *details, int n);
/* Yes/no question; returns 1 for yes. */
int dialog_confirm(app *a, const char *question);

/* app.c */
/* Next key: scripted keys first, then the terminal.  Polls the worker and
 * handles signals; returns ERR after `timeout_ms` without a key. */
int app_key(app *a, int timeout_ms);
void app_msg(app *a, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
