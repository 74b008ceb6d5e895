/* keyscript.h -- key scripts (--keys FILE, --bench-keys FILE) and the
 * keypress -> frame statistics of the benchmark.  A script line is a key name
 * with an optional repeat count ("Down 3"), "type TEXT" or "sleep MS"; see
 * dmx(1).  No curses state: the event loop feeds it times and events. */
#ifndef DMX_TUI_KEYSCRIPT_H
#define DMX_TUI_KEYSCRIPT_H

#include <stdio.h>

typedef struct script_ev {
    int key;                    /* curses key code, or -1 for sleep */
    int ms;                     /* sleep duration */
} script_ev;

/* A growing array of samples (milliseconds). */
typedef struct samples {
    double *v;
    int n, cap;
} samples;

typedef struct keyscript {
    script_ev *ev;
    int n, i;
    double sleep_until;
    int bench;                  /* --bench-keys: record timings, exit at the end */
    double t0;                  /* time the pending scripted key was read (0: none) */
    double last_key_at;         /* time the last scripted key was read */
    double refined_after;       /* ms from the last key to the full result (-1: none) */
    samples lat;                /* keypress -> first frame with its result */
    samples ctm;                /* compute time of those results */
    samples drw;                /* time to draw and refresh those frames */
    unsigned guessed;           /* requests the worker had computed ahead (set at the end) */
} keyscript;

/* Reads a script file; on error prints file:line and returns a sysexits code. */
int ks_load(keyscript *ks, const char *file);
void ks_free(keyscript *ks);

enum { KS_END = -2, KS_WAIT = -3 };
/* The next scripted key at time `now` (ms), KS_WAIT while a "sleep" runs, or
 * KS_END when the script is over.  *nap_ms is how long the caller may sleep. */
int ks_next(keyscript *ks, double now, int *nap_ms);
/* Bench: a frame with the pending key's result was drawn at `now`. */
void ks_frame_done(keyscript *ks, double now, double compute_ms, double draw_ms);
/* Bench: the full (refined) result of the last key arrived at `now`. */
void ks_refined(keyscript *ks, double now);
/* Prints the "bench-keys:" line to f. */
void ks_report(keyscript *ks, FILE *f, const char *preset, int cols, int lines);

#endif
