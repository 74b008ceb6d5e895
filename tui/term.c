/* term.c -- terminal set-up and restore, signals, the text fallback (see term.h). */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "dmx.h"
#include "term.h"

/* The one piece of global state: set by the SIGINT/SIGTERM/SIGHUP handler and
 * polled by the event loop, which then restores the terminal.  (A signal
 * handler can reach nothing else.) */
static volatile sig_atomic_t tui_signal;

static void on_signal(int sig)
{
    tui_signal = sig;
}

int term_signal(void)
{
    return tui_signal;
}

#ifndef __SANITIZE_ADDRESS__
/* A crash (a bug, or an engine assertion) must not leave the terminal raw:
 * restore it, then die of the same signal.  (Not installed under ASan, whose
 * own handler reports the crash.) */
static void on_fatal(int sig)
{
    if (!isendwin())
        endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
#endif

void term_signals(term_state *t)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &t->old_int);
    sigaction(SIGTERM, &sa, &t->old_term);
    sigaction(SIGHUP, &sa, &t->old_hup);
    t->signals_set = 1;
#ifndef __SANITIZE_ADDRESS__
    struct sigaction fa;
    memset(&fa, 0, sizeof fa);
    fa.sa_handler = on_fatal;
    sigemptyset(&fa.sa_mask);
    fa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &fa, NULL);
    sigaction(SIGBUS, &fa, NULL);
    sigaction(SIGFPE, &fa, NULL);
    sigaction(SIGABRT, &fa, NULL);
#endif
}

void term_signals_restore(term_state *t)
{
    if (!t->signals_set)
        return;
    sigaction(SIGINT, &t->old_int, NULL);
    sigaction(SIGTERM, &t->old_term, NULL);
    sigaction(SIGHUP, &t->old_hup, NULL);
    t->signals_set = 0;
}

int term_open(term_state *t, int mouse)
{
    t->scr = newterm(NULL, stdout, stdin);
    if (!t->scr)
        return -1;
    set_term(t->scr);
    /* ncurses (6.x lib_mvcur.c, _nc_mvcur) flushes its output after every
     * cursor jump while the screen is in its initial state, i.e. until the
     * first endwin(): some 150 writes of 10-30 bytes per 200x60 frame, each
     * waking the terminal emulator.  One endwin() and refresh() here puts it in
     * the running state, after which a frame is written whole, once. */
    endwin();
    refresh();
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    /* no typeahead check during refresh: ncurses would flush its output and
     * poll the keyboard every few lines (some 150 writes of 10-30 bytes per
     * frame at 200x60, each waking the terminal); a frame is written whole */
    typeahead(-1);
    curs_set(0);
    if (mouse)
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
                  , NULL);
    return 0;
}

void term_close(term_state *t)
{
    if (!t->scr)
        return;
    endwin();
    delscreen(t->scr);
    t->scr = NULL;
}

int term_print_eval(const char *preset, const char *const *dirs, const char *why)
{
    char path[PATH_MAX];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    int rc = dmx_preset_find(preset, dirs, path, sizeof path, &e);
    if (rc == DMX_OK)
        rc = dmx_preset_load(path, &pr, &e);
    if (rc != DMX_OK) {
        fprintf(stderr, "dmx: %s\n", e.msg);
        return rc;
    }
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r) {
        fprintf(stderr, "dmx: %s\n", e.msg);
        dmx_preset_free(pr);
        return e.code ? e.code : DMX_EINTERNAL;
    }
    fprintf(stderr, "dmx: %s; printing the `dmx eval` text instead of the explorer\n", why);
    dmx_report(stdout, DMX_FMT_TEXT, pr->title, pr->params, r);
    dmx_result_free(r);
    dmx_preset_free(pr);
    return fflush(stdout) == 0 ? DMX_OK : DMX_EIO;
}
