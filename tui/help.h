/* help.h -- the one key table of the explorer: every action, its keys and its
 * F-key, the help screen and the key names used by --keys scripts. */
#ifndef DMX_TUI_HELP_H
#define DMX_TUI_HELP_H

typedef enum {
    A_NONE, A_UP, A_DOWN, A_DEC, A_INC, A_DEC10, A_INC10, A_MIN, A_MAX,
    A_FOCUS_NEXT, A_FOCUS_PREV, A_VIEW_PREV, A_VIEW_NEXT, A_HELP, A_PRESETS, A_SAVE,
    A_MAP, A_EXPORT, A_PIN, A_ENTRY, A_RESET, A_UNDO, A_REDO, A_GLYPHS, A_REDRAW,
    A_QUIT, A_ESCAPE, A_ZOOM, A_NEXT_PRESET, A_PREV_PRESET, A_NACTIONS
} tui_action;

typedef struct key_binding {
    tui_action act;
    int codes[4];               /* curses key codes (0 = unused) */
    const char *keys;           /* as shown in help, e.g. "Up k" */
    const char *fkey;           /* "F1" or NULL */
    const char *label;          /* short label for the function-key bar, or NULL */
    const char *help;           /* one line */
} key_binding;

/* The key table (A_NONE-terminated). */
extern const key_binding tui_keys[];

/* Maps a curses key code to an action (A_NONE when unbound). */
tui_action help_action(int ch);

/* Parses a key name from a script ("Down", "Tab", "F1", "C-r", "q", "Space",
 * "Enter", "Esc", "PgUp", ...).  Returns the curses key code or -1. */
int help_key_code(const char *name);
/* Name of a key code for messages (static storage). */
const char *help_key_name(int ch);

/* Draws the help overlay (scrolled by `top` lines, clamped so the last page
 * stays full) over the whole screen: the keys, then `notes` (the open
 * preset's notes, may be NULL) and the model's `summary`, wrapped.
 * Returns the total number of lines (0 when the screen is too small). */
int help_draw(int top, int ascii, const void *theme, const char *model_title,
              const char *summary, const char *notes);

#endif
