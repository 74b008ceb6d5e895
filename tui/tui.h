/* tui.h -- the explorer's internal state, shared by its modules:
 *   app.c       event loop (tui_run, app_key)
 *   actions.c   what every key does (parameters, undo, views, zoom, map, export)
 *   presets.c   opening, picking, stepping through and saving presets
 *   pipeline.c  compute requests to the worker, results taken back and owned
 *   keyscript.c --keys / --bench-keys scripts and the bench statistics
 *   term.c      terminal set-up and restore, signals
 *   draw.c, layout.c  the frame; dialog.c  modal dialogs (keys via a callback)
 * Layering (no circles): app -> actions -> presets -> pipeline -> worker;
 * draw/layout only read the state; dialog.c knows nothing of app.c. */
#ifndef DMX_TUI_TUI_H
#define DMX_TUI_TUI_H

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include "app.h"
#include "dialog.h"
#include "dmx.h"
#include "keyscript.h"
#include "plot.h"
#include "theme.h"
#include "worker.h"

#define TUI_MAXSLOTS 256
#define TUI_UNDO 256
#define TUI_MAXPANES 4
#define TUI_MINW 60
#define TUI_MINH 16
#define TUI_HILITE_MS 1500.0
/* layout.focus of the explanation panel (0: parameters, k: panes[k-1]) */
#define FOCUS_TEXT (TUI_MAXPANES + 1)

/* How long a key waits for its compute before the frame is drawn anyway:
 * a fast model answers within the same frame (no flash of old values). */
#define TUI_KEY_WAIT_MS 12.0
/* ... after opening a preset (a new model may take a little longer) */
#define TUI_OPEN_WAIT_MS 50.0
/* ... at start-up, before the first frame */
#define TUI_START_WAIT_MS 300.0
/* Longest wait for a key: bounds how late a signal (SIGTERM) is noticed. */
#define TUI_POLL_MS 40
/* Key wait while something is computing or changes are highlighted (spinner). */
#define TUI_BUSY_POLL_MS 40
/* After a key that starts a computation, wait this long for its first pass
 * before drawing a frame without it (one frame at 60 Hz). */
#define TUI_FIRST_FRAME_MS 16
/* How long quitting waits for the compute thread before leaving it behind. */
#define TUI_QUIT_JOIN_MS 100.0

/* A pane's rendered plot, reused while nothing it shows has changed (frames
 * are redrawn for the spinner and the change highlight too). */
typedef struct plot_cache {
    int ok;
    canvas cv;
    unsigned version;           /* results.version it was rendered from */
    char id[64];
    int w, h, mode;
    double mx, my;              /* the current-point marker */
} plot_cache;

typedef struct pane {
    int y, x, h, w;
    int pref;                   /* preferred view kind: DMX_V_PLOT or DMX_V_TABLE */
    char view[64];              /* view id chosen by the user ("" = automatic) */
    char shown[64];             /* id shown in the last frame ("" = none; a copy:
                                   results come and go between frames) */
    int scroll, hscroll;
    plot_cache pc;
} pane;

/* A result shared by cur / prev / pin: freed when the last holder drops it
 * (UI thread only). */
typedef struct tres {
    dmx_result *r;
    int refs;
} tres;

/* Parameter history: undo and redo stacks of whole parameter sets (owned). */
typedef struct undo_stack {
    dmx_params *undo[TUI_UNDO], *redo[TUI_UNDO];
    int nundo, nredo;
} undo_stack;

/* The results shown, and the compute requests behind them. */
typedef struct results {
    tres *cur, *prev, *pin;     /* each held once (tres_hold); may be the same tres */
    dmx_params *pin_params;     /* the parameters of the pinned result */
    unsigned want_gen, have_gen;/* newest request / newest answer taken */
    int refining;               /* cur came from a first pass: the full one follows */
    unsigned version;           /* bumped whenever cur, pin or the map change */
    double cur_ms, cur_at;
    char cerr[512];             /* last compute error ("" when the result is current) */
} results;

/* The F4 generic region map (a sweep of one result field over two sliders). */
typedef struct map_state {
    dmx_result *res;            /* holds the "map" plot view */
    char field[128];
    dmx_slot sx, sy;
    dmx_params *base;
    unsigned gen;
    int running;                /* a sweep is queued or running */
    int coarse;                 /* res holds the coarse first pass */
    double ms;
    char info[256];
} map_state;

/* Layout, recomputed from LINES/COLS every frame (layout.c). */
typedef struct layout {
    int too_small;
    int py, px, ph, pw;         /* parameter panel */
    int ty, tx, th, tw;         /* explanation strip (th == 0: none) */
    int tscroll, tmore;         /* explanation scroll, and 1 when text is cut below */
    pane panes[TUI_MAXPANES];
    int npanes, focus;          /* focus 0 = parameters, k = panes[k-1], npanes+1 = text */
    int zoom;                   /* the focused panel fills the screen */
    char open_view[64];         /* the preset's opening view, placed when it arrives */
    int bar_x, bar_w;           /* slider bar columns (for the mouse) */
} layout;

typedef struct app {
    const tui_opts *o;
    const char *const *dirs;
    char userdir[PATH_MAX];
    theme th;
    int ascii, mouse;
    cv_mode cmode;

    dmx_preset *preset;
    dmx_params *params;
    dmx_params *guess[WORKER_NGUESS]; /* the values the next slider key would likely
                                 * give (the likelier first), handed to the worker
                                 * after the next frame (pipe_guess) */
    dmx_slot slots[TUI_MAXSLOTS];
    int nslots, sel, stop;
    undo_stack hist;

    worker w;
    results res;
    map_state map;
    layout lay;

    char msg[512];
    int msg_err;
    int help, help_top;
    int quit;
    unsigned spin;
    int dirty;                  /* something arrived: redraw */

    keyscript ks;               /* --keys / --bench-keys */
    dialog_host dlg;            /* how dialogs read keys and redraw (set by app.c) */
    const char *theme_name;     /* --theme / DMX_THEME (NULL: dark) */
} app;

/* The result behind a holder (NULL-safe). */
static inline dmx_result *tres_r(const tres *t)
{
    return t ? t->r : NULL;
}
#define RES_CUR(a) tres_r((a)->res.cur)
#define RES_PREV(a) tres_r((a)->res.prev)
#define RES_PIN(a) tres_r((a)->res.pin)

/* Sets the status message. */
static inline void app_msg(app *a, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void app_msg(app *a, int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_err = err;
}

/* layout.c */
/* Places the panels for LINES x COLS (and the zoom). */
void draw_layout(app *a);
/* The first text view of the current result (the explanation), or NULL. */
const dmx_view *draw_text_view_of(const app *a);

/* draw.c */
/* Draws the whole frame into the curses buffer (no refresh). */
void draw_frame(app *a);
/* Frees the panes' rendered plots. */
void draw_free_caches(app *a);
/* Label of slot i ("γ_u", "q̄[1]"), into buf. */
void draw_slot_label(const app *a, int i, char *buf, size_t n);
/* Formats the value of slot i (choice names for CHOICE parameters). */
void draw_slot_value(const app *a, int i, char *buf, size_t n);
/* The view shown in pane k (after draw_layout/draw_frame), or NULL. */
const dmx_view *draw_pane_view(const app *a, int k);
/* Every view the result offers plus the map: fills ids, returns the count. */
int draw_view_ids(const app *a, const char **ids, int max);
const dmx_view *draw_find_view(const app *a, const char *id);

/* pipeline.c */
tres *tres_wrap(dmx_result *r);           /* refs = 1; NULL (r freed) on OOM */
tres *tres_hold(tres *t);                 /* one more holder; returns t */
void tres_drop(tres *t);                  /* frees with the last holder */
/* Queues a compute of the current parameters (and restarts a stale map);
 * waits up to wait_ms so a fast model answers within the same frame. */
void pipe_submit(app *a, double wait_ms);
/* Forgets a->guess. */
void pipe_guess_clear(app *a);
/* Hands a->guess (taken) to the worker to compute while it is idle (worker_speculate). */
void pipe_guess(app *a);
/* Takes whatever the worker finished; returns 1 when something arrived. */
int pipe_poll(app *a);
/* 1 while the newest request has no answer yet. */
int pipe_computing(const app *a);
/* Starts the F4 map sweep for map.field over (map.sx, map.sy). */
void pipe_start_map(app *a);
/* Drops the map and cancels its sweep. */
void pipe_clear_map(app *a);
/* Drops every result and pin. */
void pipe_free(app *a);

/* state.c */
/* Rebuilds the slider list from the parameters and the preset's overrides. */
void state_rebuild_slots(app *a);
/* Validates and adopts np (taken) as the parameters; pushes undo, recomputes. */
int state_adopt(app *a, dmx_params *np);
/* Undo (redo = 0) or redo the last change. */
void state_undo(app *a, int redo);
/* Sets slot i to v (recomputes); -1 when refused (message set). */
int state_set(app *a, int i, double v);
/* Moves the selected slot by `steps` slider steps. */
void state_step(app *a, double steps);
/* A new slider selected: its next steps up and down are the guesses to compute
 * ahead (a->guess). */
void state_guess_selected(app *a);
/* v snapped to the slot's grid and range. */
double state_snap(const dmx_slot *s, double v);
void undo_clear(undo_stack *u);

/* actions.c */
/* Does what key k means (the event loop's only entry into actions). */
void act_key(app *a, int k);

/* presets.c */
/* Opens a preset (name or path) on its opening view.  On error nothing changes. */
int preset_open(app *a, const char *name, dmx_err *e);
void preset_pick(app *a);                 /* the picker (p / F2) */
void preset_step(app *a, int dir);        /* n / N: next / previous preset of the paper */
void preset_save(app *a);                 /* s / F3 */
void preset_user_dir(app *a);             /* where user presets live */

#endif
