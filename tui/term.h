/* term.h -- the terminal: curses set-up and restore, the signals that end the
 * explorer (SIGINT/SIGTERM/SIGHUP: noticed by the event loop, which restores
 * the terminal) and crashes (terminal restored, then the same signal), and
 * the plain-text fallback when no terminal can be driven. */
#ifndef DMX_TUI_TERM_H
#define DMX_TUI_TERM_H

#include <signal.h>
#include <curses.h>

typedef struct term_state {
    SCREEN *scr;
    struct sigaction old_int, old_term, old_hup;
    int signals_set;
} term_state;

/* 1 when stdin/stdout are a terminal curses can drive; else 0 and *why (termcheck.c). */
int term_usable(const char **why);
/* Installs the signal handlers. */
void term_signals(term_state *t);
/* Restores the previous handlers. */
void term_signals_restore(term_state *t);
/* The signal that asked the explorer to end (0: none). */
int term_signal(void);
/* Opens curses in raw mode (keypad, no echo, no cursor; mouse when asked).
 * Returns 0, or -1 when the terminal cannot be initialised. */
int term_open(term_state *t, int mouse);
/* Restores the terminal (idempotent). */
void term_close(term_state *t);
/* Prints `dmx eval`'s text for the preset with a notice why (no explorer). */
int term_print_eval(const char *preset, const char *const *dirs, const char *why);

#endif
