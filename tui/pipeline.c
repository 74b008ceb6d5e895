/* pipeline.c -- between the explorer and its compute thread: requests (with
 * the views on screen, for the worker's first pass), answers taken back, and
 * the ownership of the results shown.  cur, prev and pin are reference-counted
 * holders (tres), so a result shown in two roles is freed exactly once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tui.h"
#include "util.h"

/* F4 map grid: at most this many points on each axis, about this much computing */
#define MAP_NX 50
#define MAP_NY 25
#define MAP_BUDGET_MS 2000.0
#define MAP_MIN_NX 10
#define MAP_MIN_NY 5
#define MAP_MAX_INT_X 80        /* integer axes: one point per value, up to */
#define MAP_MAX_INT_Y 40

tres *tres_wrap(dmx_result *r)
{
    tres *t = malloc(sizeof *t);
    if (!t) {
        dmx_result_free(r);
        return NULL;
    }
    t->r = r;
    t->refs = 1;
    return t;
}

tres *tres_hold(tres *t)
{
    if (t)
        t->refs++;
    return t;
}

void tres_drop(tres *t)
{
    if (t && --t->refs == 0) {
        dmx_result_free(t->r);
        free(t);
    }
}

void pipe_free(app *a)
{
    results *s = &a->res;
    tres_drop(s->cur);
    tres_drop(s->prev);
    tres_drop(s->pin);
    s->cur = s->prev = s->pin = NULL;
    dmx_params_free(s->pin_params);
    s->pin_params = NULL;
    dmx_result_free(a->map.res);
    a->map.res = NULL;
    dmx_params_free(a->map.base);
    a->map.base = NULL;
}

int pipe_computing(const app *a)
{
    return a->res.want_gen != a->res.have_gen;
}

/* A new result for the newest request: the old cur becomes prev (for the
 * change highlight), unless the new one only refines it (same parameters). */
static void accept_result(app *a, dmx_result *r, double ms, int refines)
{
    tres *t = tres_wrap(r);
    if (!t) {
        app_msg(a, 1, "out of memory");
        return;
    }
    results *s = &a->res;
    if (refines) {
        if (s->pin == s->cur) {         /* pinned while refining: pin the full result */
            tres_drop(s->pin);
            s->pin = tres_hold(t);
        }
        tres_drop(s->cur);
    } else {
        tres_drop(s->prev);
        s->prev = s->cur;
        s->cur_at = tui_now_ms();
    }
    s->cur = t;
    s->cur_ms = ms;
    s->version++;
}

static void slot_label_by_name(const app *a, const char *name, char *buf, size_t n)
{
    for (int i = 0; i < a->nslots; i++)
        if (!strcmp(a->slots[i].name, name)) {
            draw_slot_label(a, i, buf, n);
            return;
        }
    sfmt(buf, n, "%s", name);
}

static void build_map(app *a, dmx_sweep *s, int final)
{
    dmx_result *m = dmx_result_new();
    if (!m) {
        app_msg(a, 1, "map: out of memory");
        return;
    }
    char title[256], xl[96], yl[96];
    slot_label_by_name(a, s->x.slot.name, xl, sizeof xl);
    slot_label_by_name(a, s->y.slot.name, yl, sizeof yl);
    sfmt(title, sizeof title, "Map: %s over (%s, %s)", s->field, xl, yl);
    int ny = s->y.n > 0 ? s->y.n : 1;
    double y0 = s->y.n > 0 ? s->y.lo : 0, y1 = s->y.n > 0 ? s->y.hi : 1;
    dmx_view *v = dmx_add_plot(m, "map", title, xl, yl, s->x.lo, s->x.hi, y0, y1);
    dmx_plot_grid(m, v, s->field, s->x.n, ny, s->x.lo, s->x.hi, y0, y1, s->cell,
                  s->categorical ? (const char *const *)s->cats : NULL,
                  s->categorical ? s->ncats : 0);
    if (m->oom || !v) {
        dmx_result_free(m);
        app_msg(a, 1, "map: out of memory");
        return;
    }
    v->preview = !final;
    dmx_result_free(a->map.res);
    a->map.res = m;
    a->res.version++;
    a->map.coarse = !final;
    sfmt(a->map.info, sizeof a->map.info, "map: %d points in %.0f ms%s%s%s", s->x.n * ny,
         a->map.ms, final ? "" : " (coarse; refining)", s->nfail ? ", failed points: " : "",
         s->nfail ? s->first_fail : "");
    app_msg(a, 0, "%s", a->map.info);
}

static void take_compute(app *a)
{
    worker_answer an;
    if (!worker_take(&a->w, WK_COMPUTE, &an))
        return;
    a->dirty = 1;
    results *s = &a->res;
    if (an.gen != s->want_gen) {
        dmx_result_free(an.r);      /* stale: a newer request is queued */
        return;
    }
    int refines = an.gen == s->have_gen;
    s->have_gen = an.gen;
    s->refining = !an.final && an.r;
    if (!an.r) {
        sfmt(s->cerr, sizeof s->cerr, "%s", an.err.msg);
        return;
    }
    accept_result(a, an.r, an.ms, refines);
    s->cerr[0] = 0;
    if (an.final && !a->map.running)
        ks_refined(&a->ks, tui_now_ms());
}

static void take_sweep(app *a)
{
    worker_answer an;
    if (!worker_take(&a->w, WK_SWEEP, &an))
        return;
    a->dirty = 1;
    if (an.gen == a->map.gen) {
        a->map.running = !an.final;
        a->map.ms = an.ms;
        if (an.s)
            build_map(a, an.s, an.final);
        else
            app_msg(a, 1, "map: %s", an.err.msg);
    }
    dmx_sweep_free(an.s);
}

int pipe_poll(app *a)
{
    int d = a->dirty;
    a->dirty = 0;
    take_compute(a);
    take_sweep(a);
    int got = a->dirty;
    a->dirty |= d;
    return got;
}

/* The map's grid: fewer points for slow models (about MAP_BUDGET_MS of computing). */
static void map_axes(const app *a, dmx_axis *ax, dmx_axis *ay)
{
    int nx = MAP_NX, ny = MAP_NY;
    double per = a->res.cur_ms / (a->w.jobs > 0 ? a->w.jobs : 1);
    if (per * MAP_NX * MAP_NY > MAP_BUDGET_MS) {
        double pts = MAP_BUDGET_MS / per;
        nx = (int)sqrt(pts * 2);
        nx = nx < MAP_MIN_NX ? MAP_MIN_NX : nx > MAP_NX ? MAP_NX : nx;
        ny = nx / 2 < MAP_MIN_NY ? MAP_MIN_NY : nx / 2;
    }
    *ax = (dmx_axis){.slot = a->map.sx, .lo = a->map.sx.smin, .hi = a->map.sx.smax, .n = nx};
    *ay = (dmx_axis){.slot = a->map.sy, .lo = a->map.sy.smin, .hi = a->map.sy.smax, .n = ny};
    if (a->map.sx.flags & DMX_F_INTEGER) {
        int k = (int)(ax->hi - ax->lo) + 1;
        ax->n = k < 1 ? 1 : k > MAP_MAX_INT_X ? MAP_MAX_INT_X : k;
    }
    if (a->map.sy.flags & DMX_F_INTEGER) {
        int k = (int)(ay->hi - ay->lo) + 1;
        ay->n = k < 1 ? 1 : k > MAP_MAX_INT_Y ? MAP_MAX_INT_Y : k;
    }
}

void pipe_start_map(app *a)
{
    dmx_axis ax, ay;
    map_axes(a, &ax, &ay);
    dmx_params *b = dmx_params_dup(a->params);
    if (!b) {
        app_msg(a, 1, "map: out of memory");
        return;
    }
    dmx_params_free(a->map.base);
    a->map.base = b;
    a->map.gen = worker_submit_sweep(&a->w, a->params, &ax, &ay, a->map.field);
    a->map.running = a->map.gen != 0;
}

void pipe_clear_map(app *a)
{
    worker_cancel_sweep(&a->w);
    a->res.version++;
    dmx_result_free(a->map.res);
    a->map.res = NULL;
    a->map.field[0] = 0;
    a->map.running = a->map.coarse = 0;
    a->map.info[0] = 0;
    dmx_params_free(a->map.base);
    a->map.base = NULL;
}

/* The map depends on every parameter except its two axes. */
static int map_stale(app *a)
{
    if (!a->map.field[0] || !a->map.base)
        return 0;
    dmx_params *t = dmx_params_dup(a->params);
    if (!t)
        return 0;
    dmx_err e;
    dmx_slot_set(t, &a->map.sx, dmx_slot_get(a->map.base, &a->map.sx), &e);
    dmx_slot_set(t, &a->map.sy, dmx_slot_get(a->map.base, &a->map.sy), &e);
    int stale = !dmx_params_equal(t, a->map.base);
    dmx_params_free(t);
    return stale;
}

/* The views on screen now (ids copied), for the worker's first pass. */
static void visible_views(app *a, worker_vis *v)
{
    const dmx_result *r = RES_CUR(a);
    v->n = -1;
    if (!r || a->lay.too_small || a->lay.npanes == 0)
        return;
    v->n = 0;
    const dmx_view *tv = a->lay.th ? draw_text_view_of(a) : NULL;
    if (tv && tv->id) {
        sfmt(v->id[v->n], sizeof v->id[0], "%s", tv->id);
        v->exact[v->n++] = 1;
    }
    for (int k = 0; k < a->lay.npanes && v->n < WORKER_MAXVIS; k++) {
        if (a->lay.zoom && k != a->lay.focus - 1)
            continue;
        const dmx_view *pv = draw_pane_view(a, k);
        if (!pv || !pv->id || !strcmp(pv->id, "map"))
            continue;
        sfmt(v->id[v->n], sizeof v->id[0], "%s", pv->id);
        v->exact[v->n++] = pv->kind != DMX_V_PLOT;
    }
}

void pipe_submit(app *a, double wait_ms)
{
    worker_vis vis;
    visible_views(a, &vis);
    unsigned g = worker_submit(&a->w, a->params, &vis);
    if (!g) {
        app_msg(a, 1, "out of memory");
        return;
    }
    a->res.want_gen = g;
    if (map_stale(a))
        pipe_start_map(a);
    if (wait_ms > 0 && worker_wait(&a->w, wait_ms))
        pipe_poll(a);
}

void pipe_guess_clear(app *a)
{
    for (int k = 0; k < WORKER_NGUESS; k++) {
        dmx_params_free(a->guess[k]);
        a->guess[k] = NULL;
    }
}

void pipe_guess(app *a)
{
    if (!a->guess[0] && !a->guess[1])
        return;
    worker_vis vis;
    visible_views(a, &vis);
    worker_speculate(&a->w, a->guess, WORKER_NGUESS, &vis);  /* a guess lost to OOM costs nothing */
    pipe_guess_clear(a);
}
