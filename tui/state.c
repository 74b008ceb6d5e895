/* state.c -- the parameter state of the explorer: the slider list built from
 * the parameters, the undo/redo stacks, and adopting a new parameter set
 * (validate, push undo, recompute).  Every change of values goes through
 * state_adopt or state_undo. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tui.h"
#include "util.h"

/* A snapped value within this many steps of 0 is 0 (no -1e-17 from rounding). */
#define SNAP_ZERO_STEPS 1e-9

void state_rebuild_slots(app *a)
{
    int n = dmx_params_slots(a->params, a->slots, TUI_MAXSLOTS);
    a->nslots = n < TUI_MAXSLOTS ? n : TUI_MAXSLOTS;
    for (int i = 0; i < a->nslots; i++)
        dmx_preset_slot_range(a->preset, a->params, &a->slots[i]);
    if (a->sel >= a->nslots)
        a->sel = a->nslots ? a->nslots - 1 : 0;
}

/* Pushes p (taken) on a bounded stack, dropping the oldest entry when full. */
static void stack_push(dmx_params **st, int *n, dmx_params *p)
{
    if (*n == TUI_UNDO) {
        dmx_params_free(st[0]);
        memmove(st, st + 1, sizeof st[0] * (TUI_UNDO - 1));
        (*n)--;
    }
    st[(*n)++] = p;
}

void undo_clear(undo_stack *u)
{
    while (u->nundo > 0)
        dmx_params_free(u->undo[--u->nundo]);
    while (u->nredo > 0)
        dmx_params_free(u->redo[--u->nredo]);
}

int state_adopt(app *a, dmx_params *np)
{
    dmx_err e = {0};
    if (dmx_params_validate(np, &e) != DMX_OK) {
        app_msg(a, 1, "%s", e.msg);
        dmx_params_free(np);
        return -1;
    }
    dmx_params *d = dmx_params_dup(a->params);
    if (d)
        stack_push(a->hist.undo, &a->hist.nundo, d);
    while (a->hist.nredo > 0)
        dmx_params_free(a->hist.redo[--a->hist.nredo]);
    dmx_params_free(a->params);
    a->params = np;
    a->msg[0] = 0;
    pipe_submit(a, TUI_KEY_WAIT_MS);
    return 0;
}

void state_undo(app *a, int redo)
{
    undo_stack *u = &a->hist;
    dmx_params **from = redo ? u->redo : u->undo, **to = redo ? u->undo : u->redo;
    int *nfrom = redo ? &u->nredo : &u->nundo, *nto = redo ? &u->nundo : &u->nredo;
    if (*nfrom == 0) {
        app_msg(a, 0, "nothing to %s", redo ? "redo" : "undo");
        return;
    }
    stack_push(to, nto, a->params);
    a->params = from[--*nfrom];
    app_msg(a, 0, "%s (%d more)", redo ? "redo" : "undo", *nfrom);
    pipe_submit(a, TUI_KEY_WAIT_MS);
}

int state_set(app *a, int i, double v)
{
    if (i < 0 || i >= a->nslots)
        return -1;
    dmx_slot *s = &a->slots[i];
    if (dmx_slot_get(a->params, s) == v)
        return 0;
    dmx_params *np = dmx_params_dup(a->params);
    dmx_err e = {0};
    if (!np) {
        app_msg(a, 1, "out of memory");
        return -1;
    }
    if (dmx_slot_set(np, s, v, &e) != DMX_OK) {
        app_msg(a, 1, "%s", e.msg);
        dmx_params_free(np);
        return -1;
    }
    if (state_adopt(a, np) != 0)
        return -1;
    if (v < s->smin) s->smin = v;
    if (v > s->smax) s->smax = v;
    return 0;
}

double state_snap(const dmx_slot *s, double v)
{
    if (s->step > 0 && isfinite(s->smin)) {
        double k = round((v - s->smin) / s->step);
        v = s->smin + k * s->step;
    }
    if (v < s->smin) v = s->smin;
    if (v > s->smax) v = s->smax;
    if (s->step > 0 && fabs(v) < s->step * SNAP_ZERO_STEPS)
        v = 0;
    char b[64];
    sfmt(b, sizeof b, "%.12g", v);
    return strtod(b, NULL);
}

/* The values `steps` more steps on the selected slider would give, as
 * state_step computes them (NULL: none, or not valid). */
static dmx_params *step_values(app *a, double steps)
{
    dmx_slot *s = &a->slots[a->sel];
    double v = dmx_slot_get(a->params, s);
    double nv = state_snap(s, v + steps * s->step);
    if (nv == v)
        return NULL;
    dmx_params *np = dmx_params_dup(a->params);
    dmx_err e = {0};
    if (np && dmx_slot_set(np, s, nv, &e) == DMX_OK && dmx_params_validate(np, &e) == DMX_OK)
        return np;
    dmx_params_free(np);
    return NULL;
}

/* After a step: the next step onward and the step back, for the worker to
 * compute ahead (a->guess), the likelier first: onward after a single step (a
 * held arrow key), back after a jump (a look and a return). */
static void guess_next(app *a, double steps)
{
    int jump = fabs(steps) > 1;
    pipe_guess_clear(a);
    if (a->o->no_ahead)
        return;
    a->guess[jump] = step_values(a, steps);
    a->guess[!jump] = step_values(a, -steps);
}

void state_guess_selected(app *a)
{
    pipe_guess_clear(a);
    if (a->nslots == 0 || a->o->no_ahead)
        return;
    a->guess[0] = step_values(a, 1);
    a->guess[1] = step_values(a, -1);
}

void state_step(app *a, double steps)
{
    if (a->nslots == 0)
        return;
    dmx_slot *s = &a->slots[a->sel];
    double v = dmx_slot_get(a->params, s);
    double nv = state_snap(s, v + steps * s->step);
    if (nv == v) {
        /* off-grid start at the edge: move to the edge itself */
        nv = steps > 0 ? s->smax : s->smin;
        if (nv == v)
            return;
    }
    if (state_set(a, a->sel, nv) == 0) {
        guess_next(a, steps);
        return;
    }
    if (s->flags & (DMX_F_LO_OPEN | DMX_F_HI_OPEN)) {
        /* an open bound at the slider's end: stop one step short of it */
        double inner = nv + (steps > 0 ? -s->step : s->step) * 0.5;
        if ((steps > 0 && inner > v) || (steps < 0 && inner < v))
            state_set(a, a->sel, inner);
    }
}
