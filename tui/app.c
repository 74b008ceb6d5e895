/* app.c -- the explorer's event loop: start-up (options, preset, worker,
 * terminal), then read a key (scripted or typed), act on it, draw a frame,
 * until quit or a signal; then restore the terminal first and stop the worker
 * without waiting on it.  What keys do is in actions.c, the terminal in
 * term.c, key scripts in keyscript.c, computing in pipeline.c / worker.c. */
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>
#include "help.h"
#include "term.h"
#include "tui.h"
#include "util.h"

/* Scripted keys wait for the previous key's first pass in slices of this. */
#define SCRIPT_WAIT_MS 50
/* After a bench script: wait this long at most for the refined result. */
#define BENCH_REFINE_WAIT_MS 5000.0

static int script_key(app *a, int timeout_ms)
{
    /* scripted keys wait for the previous key's computation (not for a
     * refinement or a region map, which any key cancels) */
    if (pipe_computing(a)) {
        worker_wait(&a->w, timeout_ms < SCRIPT_WAIT_MS ? timeout_ms : SCRIPT_WAIT_MS);
        pipe_poll(a);
        return ERR;
    }
    int nap = 0, k = ks_next(&a->ks, tui_now_ms(), &nap);
    if (nap > 0)
        napms(nap);
    return k >= 0 ? k : ERR;
}

/* Bench: after the last key, wait for the refined result, then quit. */
static int bench_end(app *a)
{
    int refining = 0, sweeping = 0;
    worker_busy(&a->w, &sweeping, &refining, NULL);
    double since = tui_now_ms() - a->ks.last_key_at;
    if ((a->res.refining || refining || pipe_computing(a)) && since < BENCH_REFINE_WAIT_MS) {
        worker_wait(&a->w, SCRIPT_WAIT_MS);
        napms(1);
        return ERR;
    }
    if (a->ks.t0 > 0 && since < BENCH_REFINE_WAIT_MS) {
        a->dirty = 1;       /* the last key's frame is drawn (and timed) first */
        return ERR;
    }
    a->quit = 1;
    return ERR;
}

/* A key from the terminal within timeout_ms, or ERR.  Keys ncurses already
 * holds come first; otherwise poll() waits for the terminal and for the
 * worker's wake pipe together, so a result is drawn as soon as it is handed
 * over (not at the next poll tick); the answer itself is taken by pipe_poll. */
static int term_key(app *a, int timeout_ms)
{
    timeout(0);
    int k = getch();
    if (k != ERR || term_signal())
        goto out;
    struct pollfd pf[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                           {.fd = worker_wake_fd(&a->w), .events = POLLIN}};
    int n = poll(pf, pf[1].fd >= 0 ? 2 : 1, timeout_ms);
    if (n > 0 && pf[1].fd >= 0 && (pf[1].revents & POLLIN)) {
        worker_wake_clear(&a->w);
        pipe_poll(a);
    }
    if (n > 0 && (pf[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        timeout(TUI_POLL_MS);   /* bytes are there: at most ESCDELAY for a sequence */
        k = getch();
    }
out:
    if (term_signal())
        a->quit = 1;
    return k;
}

/* Next key: scripted keys first, then the terminal.  Polls the worker and
 * handles signals; returns ERR after `timeout_ms` without a key. */
static int app_key(app *a, int timeout_ms)
{
    if (term_signal()) {
        a->quit = 1;
        return ERR;
    }
    if (pipe_poll(a))
        return ERR;         /* a new result: draw it before anything else */
    if (a->ks.i < a->ks.n)
        return script_key(a, timeout_ms);
    if (a->ks.bench)
        return bench_end(a);
    return term_key(a, timeout_ms < TUI_POLL_MS ? timeout_ms : TUI_POLL_MS);
}

static int dlg_key(void *u, int timeout_ms)
{
    return app_key(u, timeout_ms);
}

static void dlg_redraw(void *u)
{
    draw_frame(u);
}

/* ---------- start and end ---------- */

/* 0 when the app is left with the worker still running (do not free). */
static int app_free(app *a)
{
    if (worker_stop(&a->w, TUI_QUIT_JOIN_MS) != 0)
        return 0;
    pipe_free(a);
    draw_free_caches(a);
    undo_clear(&a->hist);
    pipe_guess_clear(a);
    dmx_params_free(a->params);
    dmx_preset_free(a->preset);
    ks_free(&a->ks);
    return 1;
}

static app *app_new(const tui_opts *o)
{
    app *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->o = o;
    a->dirs = o->preset_dirs;
    a->mouse = !o->no_mouse;
    a->theme_name = o->theme;
    a->dlg = (dialog_host){.user = a, .key = dlg_key, .redraw = dlg_redraw, .quit = &a->quit,
                           .th = &a->th};
    preset_user_dir(a);
    const char *cs = nl_langinfo(CODESET);
    int utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
    a->ascii = o->ascii || !utf8;
    a->dlg.ascii = a->ascii;
    a->cmode = a->ascii ? CV_ASCII : CV_BRAILLE;
    return a;
}

/* The loop: a frame whenever something changed, then the next key. */
static void event_loop(app *a)
{
    if (worker_wait(&a->w, TUI_START_WAIT_MS))
        pipe_poll(a);
    int frame = 1;
    while (!a->quit) {
        if (frame) {
            double t0 = tui_now_ms();
            draw_frame(a);
            refresh();
            frame = 0;
            a->dirty = 0;
            double t1 = tui_now_ms();
            if (a->ks.t0 > 0 && !pipe_computing(a))
                ks_frame_done(&a->ks, t1, a->res.cur_ms, t1 - t0);
            /* the frame is out: the worker may now compute the next step ahead */
            if ((a->guess[0] || a->guess[1]) && !pipe_computing(a))
                pipe_guess(a);
        }
        int sweeping = 0, refining = 0;
        int busy = pipe_computing(a) || worker_busy(&a->w, &sweeping, &refining, NULL) ||
                   sweeping || refining;
        int hl = RES_PREV(a) && tui_now_ms() - a->res.cur_at < TUI_HILITE_MS + 100;
        int k = app_key(a, busy || hl ? TUI_BUSY_POLL_MS : TUI_POLL_MS);
        if (k == ERR) {
            a->spin++;
            if (a->dirty || busy || hl)
                frame = 1;
            continue;
        }
        act_key(a, k);
        /* a key that started a computation: its result is drawn directly when
         * it arrives within a frame's time; only a slower one gets a frame
         * with the moved slider first (drawing it would compete with the
         * computation for the cores) */
        if (pipe_computing(a) && worker_wait(&a->w, TUI_FIRST_FRAME_MS))
            pipe_poll(a);
        frame = 1;
    }
}

static void theme_setup(app *a)
{
    const char *nc = getenv("NO_COLOR");
    /* the name was checked by main (--theme wins over DMX_THEME) */
    theme_init_named(&a->th, a->theme_name, !a->o->no_color && !(nc && *nc), !a->ascii);
}

int tui_run(const char *preset, const tui_opts *o)
{
    setlocale(LC_ALL, "");
    const char *why = NULL;
    if (!term_usable(&why))
        return term_print_eval(preset, o->preset_dirs, why);
    app *a = app_new(o);
    if (!a) {
        fprintf(stderr, "dmx: out of memory\n");
        return DMX_EINTERNAL;
    }
    int rc = DMX_OK;
    term_state ts = {0};
    const char *sf = o->bench_keys ? o->bench_keys : o->keys_file;
    a->ks.bench = o->bench_keys != NULL;
    if (sf && (rc = ks_load(&a->ks, sf)) != DMX_OK)
        goto out_free_app;
    if (worker_start(&a->w) != 0) {
        fprintf(stderr, "dmx: cannot start the compute thread\n");
        rc = DMX_EINTERNAL;
        goto out_free_app;
    }
    dmx_err e = {0};
    if ((rc = preset_open(a, preset, &e)) != DMX_OK) {
        fprintf(stderr, "dmx: %s\n", e.msg);
        goto out_free_app;
    }
    term_signals(&ts);
    if (term_open(&ts, a->mouse) != 0) {
        rc = term_print_eval(preset, o->preset_dirs, "cannot initialise the terminal");
        goto out_restore_signals;
    }
    theme_setup(a);
    event_loop(a);
    int cols = COLS, lines = LINES;
    term_close(&ts);            /* the terminal first: quitting never waits on a compute */
    if (a->ks.bench) {
        a->ks.guessed = worker_spec_hits(&a->w);
        ks_report(&a->ks, stderr, a->preset && a->preset->name ? a->preset->name : preset, cols,
                  lines);
    }
    if (term_signal())
        rc = 128 + term_signal();
out_restore_signals:
    term_signals_restore(&ts);
out_free_app:
    if (app_free(a))
        free(a);
    return rc;
}

int tui_theme_known(const char *name)
{
    const char *const *t = theme_names();
    for (int i = 0; t[i]; i++)
        if (!strcmp(name, t[i]))
            return 1;
    return 0;
}
