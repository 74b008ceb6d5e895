/* app.h -- the explorer (ncurses).  main.c parses options and calls tui_run(). */
#ifndef DMX_TUI_APP_H
#define DMX_TUI_APP_H

typedef struct tui_opts {
    int no_color;              /* --no-color, or NO_COLOR set in the environment */
    int ascii;                 /* --ascii: no Unicode glyphs */
    int no_mouse;              /* --no-mouse */
    int no_ahead;              /* --no-ahead: no computing of the next step while idle */
    const char *keys_file;     /* --keys FILE: play a key script, then keep running */
    const char *bench_keys;    /* --bench-keys FILE: replay, print timings, exit */
    const char *const *preset_dirs; /* NULL-terminated search path for presets */
    const char *theme;         /* --theme or DMX_THEME (checked; NULL: dark) */
} tui_opts;

/* 1 when name is a theme --theme accepts (theme_names()). */
int tui_theme_known(const char *name);

/* Opens the explorer on `preset` (a name or path).  When the terminal cannot be
 * driven (TERM unknown/dumb, stdout not a tty) prints the `dmx eval` text with a
 * one-line notice instead.  Returns a sysexits code. */
int tui_run(const char *preset, const tui_opts *o);

#endif
