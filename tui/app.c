/* app.c -- the explorer: terminal set-up and restore, the event loop, the
 * actions behind every key, key scripts (--keys) and the keypress->frame
 * benchmark (--bench-keys).  Every engine computation runs on the worker
 * thread (worker.c); drawing is in draw.c, dialogs in dialog.c. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <curses.h>
#include "help.h"
#include "tui.h"
#include "util.h"

/* termcheck.c */
int term_usable(const char **why);


/* The one piece of global state: set by the SIGINT/SIGTERM/SIGHUP handler and
 * polled by the event loop, which then restores the terminal.  (A signal
 * handler can reach nothing else.) */
static volatile sig_atomic_t tui_signal;

static void on_signal(int sig)
{
    tui_signal = sig;
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

void app_msg(app *a, int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_err = err;
}

/* ---------- results ---------- */

static void release(app *a, dmx_result *r)
{
    if (r && r != a->cur && r != a->prev && r != a->pin)
        dmx_result_free(r);
}

static void accept_result(app *a, dmx_result *r, double ms)
{
    dmx_result *old = a->prev;
    a->prev = a->cur;
    a->cur = r;
    release(a, old);
    a->cur_ms = ms;
    a->cur_at = tui_now_ms();
}

static void build_map(app *a, dmx_sweep *s)
{
    dmx_result *m = dmx_result_new();
    if (!m) {
        app_msg(a, 1, "map: out of memory");
        return;
    }
    char title[256], xl[96], yl[96];
    int xi = -1, yi = -1;
    for (int i = 0; i < a->nslots; i++) {
        if (!strcmp(a->slots[i].name, s->x.slot.name)) xi = i;
        if (!strcmp(a->slots[i].name, s->y.slot.name)) yi = i;
    }
    if (xi >= 0) draw_slot_label(a, xi, xl, sizeof xl); else sfmt(xl, sizeof xl, "%s", s->x.slot.name);
    if (yi >= 0) draw_slot_label(a, yi, yl, sizeof yl); else sfmt(yl, sizeof yl, "%s", s->y.slot.name);
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
    dmx_result_free(a->map);
    a->map = m;
    sfmt(a->map_info, sizeof a->map_info, "map: %d points in %.0f ms%s%s", s->x.n * ny, a->map_ms,
         s->nfail ? ", failed points: " : "", s->nfail ? s->first_fail : "");
    app_msg(a, 0, "%s", a->map_info);
}

/* Takes whatever the worker finished; returns 1 when something arrived. */
static int poll_worker(app *a)
{
    int got = 0;
    dmx_result *r;
    dmx_err e;
    unsigned g;
    double ms;
    if (worker_take(&a->w, &r, &e, &g, &ms)) {
        got = 1;
        if (g != a->want_gen) {
            dmx_result_free(r);     /* stale: a newer request is queued */
        } else {
            a->have_gen = g;
            if (r) {
                accept_result(a, r, ms);
                a->cerr[0] = 0;
                if (a->bench && a->bench_t0 > 0) {
                    if (a->nctm == a->ctmcap) {
                        int nc = a->ctmcap ? a->ctmcap * 2 : 256;
                        double *t = realloc(a->ctm, sizeof(double) * (size_t)nc);
                        if (t) {
                            a->ctm = t;
                            a->ctmcap = nc;
                        }
                    }
                    if (a->nctm < a->ctmcap)
                        a->ctm[a->nctm++] = ms;
                }
            } else {
                sfmt(a->cerr, sizeof a->cerr, "%s", e.msg);
            }
        }
    }
    dmx_sweep *s;
    if (worker_take_sweep(&a->w, &s, &e, &g, &ms)) {
        got = 1;
        if (g == a->map_gen) {
            a->map_running = 0;
            a->map_ms = ms;
            if (s)
                build_map(a, s);
            else
                app_msg(a, 1, "map: %s", e.msg);
        }
        dmx_sweep_free(s);
    }
    if (got)
        a->dirty = 1;
    return got;
}

static int computing(app *a)
{
    return a->want_gen != a->have_gen;
}

/* ---------- parameters ---------- */

static void rebuild_slots(app *a)
{
    int n = dmx_params_slots(a->params, a->slots, TUI_MAXSLOTS);
    a->nslots = n < TUI_MAXSLOTS ? n : TUI_MAXSLOTS;
    for (int i = 0; i < a->nslots; i++)
        dmx_preset_slot_range(a->preset, a->params, &a->slots[i]);
    if (a->sel >= a->nslots)
        a->sel = a->nslots ? a->nslots - 1 : 0;
}

static void start_map(app *a)
{
    /* 50 x 25 points, fewer for slow models (about two seconds of computing) */
    int nx = 50, ny = 25;
    if (a->cur_ms > 1.6) {
        double pts = 2000.0 / a->cur_ms;
        nx = (int)sqrt(pts * 2);
        nx = nx < 10 ? 10 : nx > 50 ? 50 : nx;
        ny = nx / 2 < 5 ? 5 : nx / 2;
    }
    dmx_axis ax = {.slot = a->map_sx, .lo = a->map_sx.smin, .hi = a->map_sx.smax, .n = nx};
    dmx_axis ay = {.slot = a->map_sy, .lo = a->map_sy.smin, .hi = a->map_sy.smax, .n = ny};
    if (a->map_sx.flags & DMX_F_INTEGER) {
        int k = (int)(ax.hi - ax.lo) + 1;
        ax.n = k < 1 ? 1 : k > 80 ? 80 : k;
    }
    if (a->map_sy.flags & DMX_F_INTEGER) {
        int k = (int)(ay.hi - ay.lo) + 1;
        ay.n = k < 1 ? 1 : k > 40 ? 40 : k;
    }
    dmx_params *b = dmx_params_dup(a->params);
    if (!b) {
        app_msg(a, 1, "map: out of memory");
        return;
    }
    dmx_params_free(a->map_base);
    a->map_base = b;
    a->map_gen = worker_submit_sweep(&a->w, a->params, &ax, &ay, a->map_field);
    a->map_running = a->map_gen != 0;
}

/* The map depends on every parameter except its two axes. */
static int map_stale(app *a)
{
    if (!a->map_field[0] || !a->map_base)
        return 0;
    dmx_params *t = dmx_params_dup(a->params);
    if (!t)
        return 0;
    dmx_err e;
    dmx_slot_set(t, &a->map_sx, dmx_slot_get(a->map_base, &a->map_sx), &e);
    dmx_slot_set(t, &a->map_sy, dmx_slot_get(a->map_base, &a->map_sy), &e);
    int stale = !dmx_params_equal(t, a->map_base);
    dmx_params_free(t);
    return stale;
}

/* Queues a compute of the current parameters; waits briefly so a fast model
 * answers within the same frame. */
static void submit(app *a, double wait_ms)
{
    unsigned g = worker_submit(&a->w, a->params);
    if (!g) {
        app_msg(a, 1, "out of memory");
        return;
    }
    a->want_gen = g;
    if (map_stale(a))
        start_map(a);
    if (wait_ms > 0 && worker_wait(&a->w, wait_ms))
        poll_worker(a);
}

static void push_undo(app *a)
{
    dmx_params *d = dmx_params_dup(a->params);
    if (!d)
        return;
    if (a->nundo == TUI_UNDO) {
        dmx_params_free(a->undo[0]);
        memmove(a->undo, a->undo + 1, sizeof a->undo[0] * (TUI_UNDO - 1));
        a->nundo--;
    }
    a->undo[a->nundo++] = d;
}

static void clear_redo(app *a)
{
    while (a->nredo > 0)
        dmx_params_free(a->redo[--a->nredo]);
}

/* Replaces the parameters with np (taken) after validating; pushes undo. */
static int adopt(app *a, dmx_params *np)
{
    dmx_err e = {0};
    if (dmx_params_validate(np, &e) != DMX_OK) {
        app_msg(a, 1, "%s", e.msg);
        dmx_params_free(np);
        return -1;
    }
    push_undo(a);
    clear_redo(a);
    dmx_params_free(a->params);
    a->params = np;
    a->msg[0] = 0;
    submit(a, 12);
    return 0;
}

static int set_value(app *a, int i, double v)
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
    if (adopt(a, np) != 0)
        return -1;
    if (v < s->smin) s->smin = v;
    if (v > s->smax) s->smax = v;
    return 0;
}

static double snap(const dmx_slot *s, double v)
{
    if (s->step > 0 && isfinite(s->smin)) {
        double k = round((v - s->smin) / s->step);
        v = s->smin + k * s->step;
    }
    if (v < s->smin) v = s->smin;
    if (v > s->smax) v = s->smax;
    if (s->step > 0 && fabs(v) < s->step * 1e-9)
        v = 0;
    char b[64];
    sfmt(b, sizeof b, "%.12g", v);
    return strtod(b, NULL);
}

static void step_value(app *a, double steps)
{
    if (a->nslots == 0)
        return;
    dmx_slot *s = &a->slots[a->sel];
    double v = dmx_slot_get(a->params, s);
    double nv = snap(s, v + steps * s->step);
    if (nv == v) {
        /* off-grid start at the edge: move to the edge itself */
        nv = steps > 0 ? s->smax : s->smin;
        if (nv == v)
            return;
    }
    if (set_value(a, a->sel, nv) != 0 && (s->flags & (DMX_F_LO_OPEN | DMX_F_HI_OPEN))) {
        /* an open bound at the slider's end: stop one step short of it */
        double inner = nv + (steps > 0 ? -s->step : s->step) * 0.5;
        if ((steps > 0 && inner > v) || (steps < 0 && inner < v))
            set_value(a, a->sel, inner);
    }
}

/* ---------- presets ---------- */

static void user_dir(app *a)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        sfmt(a->userdir, sizeof a->userdir, "%s/dmx/presets", xdg);
    else
        sfmt(a->userdir, sizeof a->userdir, "%s/.local/share/dmx/presets",
             home && *home ? home : ".");
}

static int open_preset(app *a, const char *name, dmx_err *e)
{
    char path[PATH_MAX];
    dmx_preset *pr = NULL;
    int rc = dmx_preset_find(name, a->dirs, path, sizeof path, e);
    if (rc == DMX_OK)
        rc = dmx_preset_load(path, &pr, e);
    if (rc != DMX_OK)
        return rc;
    dmx_params *p = dmx_params_dup(pr->params);
    if (!p) {
        dmx_preset_free(pr);
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    }
    int same_model = a->params && a->params->model == p->model;
    dmx_preset_free(a->preset);
    a->preset = pr;
    dmx_params_free(a->params);
    a->params = p;
    while (a->nundo > 0)
        dmx_params_free(a->undo[--a->nundo]);
    clear_redo(a);
    if (!same_model) {
        dmx_result *pin = a->pin;
        a->pin = NULL;
        release(a, pin);
        dmx_params_free(a->pin_params);
        a->pin_params = NULL;
        for (int k = 0; k < TUI_MAXPANES; k++) {
            a->panes[k].view[0] = 0;
            a->panes[k].scroll = a->panes[k].hscroll = 0;
        }
    }
    worker_cancel_sweep(&a->w);
    dmx_result_free(a->map);
    a->map = NULL;
    a->map_field[0] = 0;
    a->map_running = 0;
    a->map_info[0] = 0;
    dmx_params_free(a->map_base);
    a->map_base = NULL;
    a->sel = a->stop = 0;
    rebuild_slots(a);
    a->cerr[0] = 0;
    submit(a, 50);
    return DMX_OK;
}

typedef struct plist {
    char **name, **item, **detail, **path;
    int n, cap;
} plist;

static void plist_free(plist *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->name[i]);
        free(l->item[i]);
        free(l->detail[i]);
        free(l->path[i]);
    }
    free(l->name);
    free(l->item);
    free(l->detail);
    free(l->path);
    memset(l, 0, sizeof *l);
}

static void plist_scan(plist *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && l->n < 1000) {
        size_t k = strlen(de->d_name);
        if (k < 6 || strcmp(de->d_name + k - 5, ".yaml") || de->d_name[0] == '.')
            continue;
        char nm[256];
        sfmt(nm, sizeof nm, "%.*s", (int)(k - 5), de->d_name);
        int dup = 0;
        for (int i = 0; i < l->n; i++)
            dup |= !strcmp(l->name[i], nm);
        if (dup)
            continue;
        char path[PATH_MAX + 256];
        sfmt(path, sizeof path, "%s/%s", dir, de->d_name);
        dmx_preset *pr = NULL;
        dmx_err e = {0};
        char item[512], det[1024];
        if (dmx_preset_load(path, &pr, &e) == DMX_OK) {
            sfmt(item, sizeof item, "%-28s %s", nm, pr->title ? pr->title : "");
            sfmt(det, sizeof det, "%s  [%s]", pr->source ? pr->source : "", path);
        } else {
            sfmt(item, sizeof item, "%-28s (invalid preset)", nm);
            sfmt(det, sizeof det, "%s", e.msg);
        }
        dmx_preset_free(pr);
        if (l->n == l->cap) {
            int nc = l->cap ? l->cap * 2 : 32;
            char **a1 = realloc(l->name, sizeof(char *) * (size_t)nc);
            if (a1) l->name = a1;
            char **a2 = realloc(l->item, sizeof(char *) * (size_t)nc);
            if (a2) l->item = a2;
            char **a3 = realloc(l->detail, sizeof(char *) * (size_t)nc);
            if (a3) l->detail = a3;
            char **a4 = realloc(l->path, sizeof(char *) * (size_t)nc);
            if (a4) l->path = a4;
            if (!a1 || !a2 || !a3 || !a4)
                break;
            l->cap = nc;
        }
        l->name[l->n] = strdup(nm);
        l->item[l->n] = strdup(item);
        l->detail[l->n] = strdup(det);
        l->path[l->n] = strdup(path);
        if (!l->name[l->n] || !l->item[l->n] || !l->detail[l->n] || !l->path[l->n]) {
            free(l->name[l->n]); free(l->item[l->n]); free(l->detail[l->n]); free(l->path[l->n]);
            break;
        }
        l->n++;
    }
    closedir(d);
}

static void act_presets(app *a)
{
    plist l = {0};
    int has_user = 0;
    for (int i = 0; a->dirs && a->dirs[i]; i++) {
        plist_scan(&l, a->dirs[i]);
        has_user |= !strcmp(a->dirs[i], a->userdir);
    }
    if (!has_user)
        plist_scan(&l, a->userdir);
    if (l.n == 0) {
        app_msg(a, 1, "no presets found");
        plist_free(&l);
        return;
    }
    int k = dialog_pick(a, "Presets", (const char *const *)l.item, (const char *const *)l.detail,
                        l.n);
    if (k >= 0) {
        dmx_err e = {0};
        if (open_preset(a, l.path[k], &e) != DMX_OK)
            app_msg(a, 1, "%s", e.msg);
        else
            app_msg(a, 0, "opened %s", l.name[k]);
    }
    plist_free(&l);
}

static int valid_name(const char *s)
{
    if (!*s || *s == '.' || strlen(s) > 100)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static void act_save(app *a)
{
    char name[128];
    const char *cur = a->preset && a->preset->name ? a->preset->name : "preset";
    size_t ul = strlen(a->userdir);
    int is_user = a->preset && a->preset->path && !strncmp(a->preset->path, a->userdir, ul) &&
                  a->preset->path[ul] == '/';
    if (is_user)
        sfmt(name, sizeof name, "%s", cur);
    else
        sfmt(name, sizeof name, "%s-mine", cur);
    if (!dialog_prompt(a, "Save as user preset", "name: letters, digits, - _ .  (Enter saves)",
                       name, sizeof name))
        return;
    if (!valid_name(name)) {
        app_msg(a, 1, "'%s' is not a valid preset name (use letters, digits, - _ .)", name);
        return;
    }
    char path[PATH_MAX + 200];
    sfmt(path, sizeof path, "%s/%s.yaml", a->userdir, name);
    dmx_preset pr = {0};
    pr.name = name;
    char title[512];
    if (is_user || !a->preset || !a->preset->title)
        sfmt(title, sizeof title, "%s", a->preset && a->preset->title ? a->preset->title : name);
    else
        sfmt(title, sizeof title, "%s (user copy)", a->preset->title);
    pr.title = title;
    pr.source = a->preset ? a->preset->source : NULL;
    pr.notes = a->preset ? a->preset->notes : NULL;
    pr.params = a->params;
    pr.sliders = a->preset ? a->preset->sliders : NULL;
    pr.nsliders = a->preset ? a->preset->nsliders : 0;
    dmx_err e = {0};
    int rc = dmx_preset_save(&pr, path, 0, &e);
    if (rc != DMX_OK && access(path, F_OK) == 0) {
        char q[PATH_MAX + 300];
        sfmt(q, sizeof q, "%s exists. Overwrite?", path);
        if (!dialog_confirm(a, q)) {
            app_msg(a, 0, "not saved");
            return;
        }
        memset(&e, 0, sizeof e);
        rc = dmx_preset_save(&pr, path, 1, &e);
    }
    if (rc != DMX_OK) {
        app_msg(a, 1, "save failed: %s", e.msg);
        return;
    }
    /* the saved file becomes the current preset (r resets to it) */
    dmx_preset *np = NULL;
    if (dmx_preset_load(path, &np, &e) == DMX_OK) {
        dmx_preset_free(a->preset);
        a->preset = np;
    }
    app_msg(a, 0, "saved %s", path);
}

/* ---------- map ---------- */

typedef struct leaves {
    char **v;
    int n, cap;
} leaves;

static void leaves_add(leaves *l, const char *path)
{
    if (l->n >= 2000)
        return;
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 64;
        char **t = realloc(l->v, sizeof(char *) * (size_t)nc);
        if (!t)
            return;
        l->v = t;
        l->cap = nc;
    }
    char *d = strdup(path);
    if (d)
        l->v[l->n++] = d;
}

static void leaves_walk(leaves *l, const dmx_node *n, const char *path, int depth)
{
    if (!n || depth > 12)
        return;
    if (n->t == DMX_N_NUM || n->t == DMX_N_STR || n->t == DMX_N_BOOL) {
        if (*path)
            leaves_add(l, path);
        return;
    }
    if (n->t == DMX_N_NULL) {
        if (*path)
            leaves_add(l, path);
        return;
    }
    for (int i = 0; i < n->nkids && i < (n->t == DMX_N_ARR ? 8 : 1000); i++) {
        char p[512];
        if (n->t == DMX_N_OBJ)
            sfmt(p, sizeof p, "%s%s%s", path, *path ? "." : "", n->kids[i]->key ? n->kids[i]->key : "?");
        else
            sfmt(p, sizeof p, "%s[%d]", path, i);
        leaves_walk(l, n->kids[i], p, depth + 1);
    }
}

static void act_map(app *a)
{
    if (!a->cur) {
        app_msg(a, 1, "map: no result yet");
        return;
    }
    if (a->nslots < 2) {
        app_msg(a, 1, "map: needs two parameters");
        return;
    }
    leaves l = {0};
    leaves_walk(&l, a->cur->root, "", 0);
    if (l.n == 0) {
        app_msg(a, 1, "map: the result has no fields");
        free(l.v);
        return;
    }
    int f = dialog_pick(a, "Map: result field (colour)", (const char *const *)l.v, NULL, l.n);
    char field[128] = "";
    if (f >= 0)
        sfmt(field, sizeof field, "%s", l.v[f]);
    for (int i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    if (f < 0)
        return;
    char *names[TUI_MAXSLOTS];
    char store[TUI_MAXSLOTS][160];
    for (int i = 0; i < a->nslots; i++) {
        char lb[96];
        draw_slot_label(a, i, lb, sizeof lb);
        sfmt(store[i], sizeof store[i], "%-14s %s", lb, a->slots[i].name);
        names[i] = store[i];
    }
    int xs = dialog_pick(a, "Map: x axis parameter", (const char *const *)names, NULL, a->nslots);
    if (xs < 0)
        return;
    char *ynames[TUI_MAXSLOTS];
    int ymap[TUI_MAXSLOTS], ny = 0;
    for (int i = 0; i < a->nslots; i++)
        if (i != xs) {
            ymap[ny] = i;
            ynames[ny++] = store[i];
        }
    int yk = dialog_pick(a, "Map: y axis parameter", (const char *const *)ynames, NULL, ny);
    if (yk < 0)
        return;
    sfmt(a->map_field, sizeof a->map_field, "%s", field);
    a->map_sx = a->slots[xs];
    a->map_sy = a->slots[ymap[yk]];
    dmx_result_free(a->map);
    a->map = NULL;
    start_map(a);
    /* show it in the focused pane, else in the first pane */
    int k = a->focus > 0 ? a->focus - 1 : 0;
    if (k < TUI_MAXPANES) {
        for (int i = 0; i < TUI_MAXPANES; i++)
            if (!strcmp(a->panes[i].view, "map"))
                a->panes[i].view[0] = 0;
        sfmt(a->panes[k].view, sizeof a->panes[k].view, "map");
    }
    app_msg(a, 0, "map: computing %s over %s x %s", field, a->map_sx.name, a->map_sy.name);
}

/* ---------- export ---------- */

static FILE *create_unique(const char *base, const char *ext, char *out, size_t n)
{
    for (int i = 1; i < 1000; i++) {
        if (i == 1)
            sfmt(out, n, "%s.%s", base, ext);
        else
            sfmt(out, n, "%s-%d.%s", base, i, ext);
        int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            FILE *f = fdopen(fd, "w");
            if (!f)
                close(fd);
            return f;
        }
        if (errno != EEXIST)
            return NULL;
    }
    return NULL;
}

static void act_export(app *a)
{
    if (!a->cur) {
        app_msg(a, 1, "export: no result yet");
        return;
    }
    const dmx_view *v = a->focus > 0 ? draw_pane_view(a, a->focus - 1) : NULL;
    char base[256], f1[300] = "", f2[300] = "";
    const char *pn = a->preset && a->preset->name ? a->preset->name : "dmx";
    if (!v) {
        sfmt(base, sizeof base, "dmx-%s", pn);
        FILE *f = create_unique(base, "txt", f1, sizeof f1);
        if (!f) {
            app_msg(a, 1, "export: cannot create %s: %s", f1, strerror(errno));
            return;
        }
        dmx_report(f, DMX_FMT_TEXT, a->preset ? a->preset->title : NULL, a->params, a->cur);
        int bad = ferror(f);
        bad |= fclose(f) != 0;
        app_msg(a, bad, bad ? "export: write error on %s" : "exported %s", f1);
        return;
    }
    sfmt(base, sizeof base, "dmx-%s-%s", pn, v->id);
    FILE *f = create_unique(base, "txt", f1, sizeof f1);
    if (!f) {
        app_msg(a, 1, "export: cannot create %s: %s", f1, strerror(errno));
        return;
    }
    if (v->kind == DMX_V_TABLE) {
        dmx_report_table_text(f, v);
    } else if (v->kind == DMX_V_PLOT) {
        canvas cv;
        cv_marker m = {0};
        int nm = 0;
        if (!strcmp(v->id, "map")) {
            m.x = dmx_slot_get(a->params, &a->map_sx);
            m.y = dmx_slot_get(a->params, &a->map_sy);
            m.glyph = '@';
            m.label = "current";
            m.style = 2;
            nm = 1;
        }
        fprintf(f, "%s\n\n", v->title ? v->title : v->id);
        if (plot_render(&cv, v, 100, 32, a->cmode, a->th.unicode && !a->ascii, 0, NULL, &m, nm) == 0)
            canvas_dump(&cv, f);
        canvas_free(&cv);
    } else {
        fprintf(f, "%s\n\n%s\n", v->title ? v->title : "", v->text ? v->text : "");
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (!bad && v->kind == DMX_V_PLOT) {
        FILE *g = create_unique(base, "svg", f2, sizeof f2);
        if (g) {
            dmx_report_svg(g, v);
            bad |= ferror(g);
            bad |= fclose(g) != 0;
        } else {
            bad = 1;
        }
    }
    if (bad)
        app_msg(a, 1, "export: write error (%s %s)", f1, f2);
    else
        app_msg(a, 0, "exported %s%s%s", f1, f2[0] ? " and " : "", f2);
}

/* ---------- entry ---------- */

static void act_entry(app *a)
{
    if (a->nslots == 0)
        return;
    char lb[96], t[160], buf[128];
    draw_slot_label(a, a->sel, lb, sizeof lb);
    sfmt(t, sizeof t, "%s (%s) =", lb, a->slots[a->sel].name);
    draw_slot_value(a, a->sel, buf, sizeof buf);
    if (!dialog_prompt(a, t, "a number (or a choice name); Enter sets, Esc cancels", buf, sizeof buf))
        return;
    const dmx_slot *s = &a->slots[a->sel];
    const dmx_param_desc *d = &a->params->model->params[s->param];
    double v;
    char *end;
    v = strtod(buf, &end);
    while (end && (*end == ' ' || *end == '\t'))
        end++;
    if (end == buf || (end && *end)) {
        int found = 0;
        for (int i = 0; d->kind == DMX_P_CHOICE && d->choices && d->choices[i]; i++)
            if (!strcmp(d->choices[i], buf)) {
                v = i;
                found = 1;
            }
        if (!found && d->kind == DMX_P_CHOICE && d->choices) {
            char list[400] = "";
            for (int i = 0; d->choices[i]; i++) {
                size_t k = strlen(list);
                sfmt(list + k, sizeof list - k, "%s%s", i ? ", " : "", d->choices[i]);
            }
            app_msg(a, 1, "%s: '%s' is not one of %s; nothing changed", s->name, buf, list);
            return;
        }
        if (!found) {
            app_msg(a, 1, "%s: '%s' is not a number; nothing changed", s->name, buf);
            return;
        }
    }
    if (!isfinite(v)) {
        app_msg(a, 1, "%s: the value must be finite; nothing changed", s->name);
        return;
    }
    if (set_value(a, a->sel, v) == 0)
        app_msg(a, 0, "%s = %s", s->name, buf);
}

/* ---------- keys ---------- */

static void bench_record(app *a)
{
    if (a->bench_t0 <= 0 || computing(a))
        return;
    double dt = tui_now_ms() - a->bench_t0;
    a->bench_t0 = 0;
    if (a->nlat == a->latcap) {
        int nc = a->latcap ? a->latcap * 2 : 256;
        double *t = realloc(a->lat, sizeof(double) * (size_t)nc);
        if (!t)
            return;
        a->lat = t;
        a->latcap = nc;
    }
    a->lat[a->nlat++] = dt;
}

int app_key(app *a, int timeout_ms)
{
    if (tui_signal) {
        a->quit = 1;
        return ERR;
    }
    poll_worker(a);
    if (a->bench_t0 > 0)
        bench_record(a);
    if (a->iscript < a->nscript) {
        /* scripted keys wait for the previous key's computation (not for
         * a region map, which restarts whenever a parameter moves) */
        if (computing(a)) {
            worker_wait(&a->w, timeout_ms < 50 ? timeout_ms : 50);
            poll_worker(a);
            return ERR;
        }
        script_ev *ev = &a->script[a->iscript];
        double now = tui_now_ms();
        if (ev->key < 0) {
            if (a->sleep_until == 0)
                a->sleep_until = now + ev->ms;
            if (now < a->sleep_until) {
                double left = a->sleep_until - now;
                napms(left < 20 ? (int)left + 1 : 20);
                return ERR;
            }
            a->sleep_until = 0;
            a->iscript++;
            return ERR;
        }
        a->iscript++;
        if (a->bench)
            a->bench_t0 = now;
        return ev->key;
    }
    if (a->bench) {
        a->quit = 1;
        return ERR;
    }
    timeout(timeout_ms);
    int k = getch();
    if (tui_signal)
        a->quit = 1;
    return k;
}

static void focus_pane_scroll(app *a, tui_action act)
{
    pane *p = &a->panes[a->focus - 1];
    int page = p->h > 4 ? p->h - 3 : 1;
    switch (act) {
    case A_UP: p->scroll--; break;
    case A_DOWN: p->scroll++; break;
    case A_INC10: p->scroll -= page; break;
    case A_DEC10: p->scroll += page; break;
    case A_MIN: p->scroll = 0; break;
    case A_MAX: p->scroll = 1 << 20; break;
    case A_DEC: p->hscroll--; break;
    case A_INC: p->hscroll++; break;
    default: break;
    }
    if (p->scroll < 0) p->scroll = 0;
    if (p->hscroll < 0) p->hscroll = 0;
}

static void cycle_view(app *a, int dir)
{
    int k = a->focus > 0 ? a->focus - 1 : 0;
    if (k >= a->npanes)
        return;
    const char *ids[64];
    int n = draw_view_ids(a, ids, 64);
    if (n == 0)
        return;
    pane *p = &a->panes[k];
    int cur = -1;
    for (int i = 0; i < n; i++)
        if (p->shown && !strcmp(ids[i], p->shown))
            cur = i;
    int next = ((cur < 0 ? 0 : cur) + dir + n) % n;
    sfmt(p->view, sizeof p->view, "%s", ids[next]);
    /* another pane showing it lets go, so the choice is visible here */
    for (int i = 0; i < a->npanes; i++)
        if (i != k && !strcmp(a->panes[i].view, ids[next]))
            a->panes[i].view[0] = 0;
    p->scroll = p->hscroll = 0;
}

static void act_undo(app *a, int redo)
{
    dmx_params **from = redo ? a->redo : a->undo, **to = redo ? a->undo : a->redo;
    int *nfrom = redo ? &a->nredo : &a->nundo, *nto = redo ? &a->nundo : &a->nredo;
    if (*nfrom == 0) {
        app_msg(a, 0, "nothing to %s", redo ? "redo" : "undo");
        return;
    }
    if (*nto == TUI_UNDO) {
        dmx_params_free(to[0]);
        memmove(to, to + 1, sizeof to[0] * (TUI_UNDO - 1));
        (*nto)--;
    }
    to[(*nto)++] = a->params;
    a->params = from[--*nfrom];
    app_msg(a, 0, "%s (%d more)", redo ? "redo" : "undo", *nfrom);
    submit(a, 12);
}

static void act_reset(app *a)
{
    dmx_params *np = dmx_params_dup(a->preset->params);
    if (!np) {
        app_msg(a, 1, "out of memory");
        return;
    }
    if (dmx_params_equal(np, a->params)) {
        dmx_params_free(np);
        app_msg(a, 0, "already at the preset's values");
        return;
    }
    if (adopt(a, np) == 0) {
        rebuild_slots(a);
        app_msg(a, 0, "reset to %s", a->preset->name ? a->preset->name : "the preset");
    }
}

static void act_pin(app *a)
{
    if (a->pin) {
        dmx_result *p = a->pin;
        a->pin = NULL;
        release(a, p);
        dmx_params_free(a->pin_params);
        a->pin_params = NULL;
        app_msg(a, 0, "unpinned");
        return;
    }
    if (!a->cur) {
        app_msg(a, 1, "pin: no result yet");
        return;
    }
    a->pin = a->cur;
    dmx_params_free(a->pin_params);
    a->pin_params = dmx_params_dup(a->params);
    app_msg(a, 0, "pinned: tables show deltas, plots show pinned markers in lower case");
}

static void handle_mouse(app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (ev.bstate & BUTTON4_PRESSED) {
        if (a->focus == 0 && a->sel > 0) a->sel--;
        else if (a->focus > 0) focus_pane_scroll(a, A_UP);
        return;
    }
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) {
        if (a->focus == 0 && a->sel + 1 < a->nslots) a->sel++;
        else if (a->focus > 0) focus_pane_scroll(a, A_DOWN);
        return;
    }
#endif
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return;
    if (ev.x >= a->px && ev.x < a->px + a->pw && ev.y > a->py && ev.y < a->py + a->ph - 1) {
        a->focus = 0;
        int i = a->stop + ev.y - a->py - 1;
        if (i >= 0 && i < a->nslots) {
            a->sel = i;
            if (a->bar_w >= 4 && ev.x >= a->bar_x && ev.x < a->bar_x + a->bar_w) {
                dmx_slot *s = &a->slots[i];
                double f = (double)(ev.x - a->bar_x) / (a->bar_w - 1);
                set_value(a, i, snap(s, s->smin + f * (s->smax - s->smin)));
            }
        }
        return;
    }
    for (int k = 0; k < a->npanes; k++) {
        pane *p = &a->panes[k];
        if (ev.x >= p->x && ev.x < p->x + p->w && ev.y >= p->y && ev.y < p->y + p->h)
            a->focus = k + 1;
    }
}

static void handle_key(app *a, int k)
{
    if (k == KEY_RESIZE) {
        a->dirty = 1;
        return;
    }
    tui_action act = help_action(k);
    if (a->too_small) {
        if (act == A_QUIT)
            a->quit = 1;
        return;
    }
    if (a->help) {
        if (act == A_UP) { if (a->help_top > 0) a->help_top--; }
        else if (act == A_DOWN) a->help_top++;
        else if (act == A_QUIT && k != 'q') a->quit = 1;
        else a->help = 0;
        return;
    }
    if (k == KEY_MOUSE) {
        handle_mouse(a);
        return;
    }
    if (act != A_NONE && act != A_REDRAW)
        a->msg[0] = 0;
    if (a->focus > 0 && a->focus <= a->npanes &&
        (act == A_UP || act == A_DOWN || act == A_DEC || act == A_INC || act == A_DEC10 ||
         act == A_INC10 || act == A_MIN || act == A_MAX)) {
        focus_pane_scroll(a, act);
        return;
    }
    switch (act) {
    case A_UP: if (a->sel > 0) a->sel--; break;
    case A_DOWN: if (a->sel + 1 < a->nslots) a->sel++; break;
    case A_DEC: step_value(a, -1); break;
    case A_INC: step_value(a, 1); break;
    case A_DEC10: step_value(a, -10); break;
    case A_INC10: step_value(a, 10); break;
    case A_MIN:
        if (a->nslots) set_value(a, a->sel, a->slots[a->sel].smin);
        break;
    case A_MAX:
        if (a->nslots) set_value(a, a->sel, a->slots[a->sel].smax);
        break;
    case A_FOCUS_NEXT: a->focus = (a->focus + 1) % (a->npanes + 1); break;
    case A_FOCUS_PREV: a->focus = (a->focus + a->npanes) % (a->npanes + 1); break;
    case A_VIEW_PREV: cycle_view(a, -1); break;
    case A_VIEW_NEXT: cycle_view(a, 1); break;
    case A_HELP: a->help = 1; a->help_top = 0; break;
    case A_PRESETS: act_presets(a); break;
    case A_SAVE: act_save(a); break;
    case A_MAP: act_map(a); break;
    case A_EXPORT: act_export(a); break;
    case A_PIN: act_pin(a); break;
    case A_ENTRY: act_entry(a); break;
    case A_RESET: act_reset(a); break;
    case A_UNDO: act_undo(a, 0); break;
    case A_REDO: act_undo(a, 1); break;
    case A_GLYPHS:
        if (a->th.unicode && !a->ascii) {
            a->cmode = (cv_mode)((a->cmode + 1) % CV_NMODES);
            app_msg(a, 0, "plot glyphs: %s", cv_mode_name(a->cmode));
        }
        break;
    case A_REDRAW: clearok(curscr, TRUE); break;
    case A_ESCAPE: a->focus = 0; break;
    case A_QUIT: a->quit = 1; break;
    default: break;
    }
}

/* ---------- scripts ---------- */

static int load_script(app *a, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "dmx: cannot open key script %s: %s\n", file, strerror(errno));
        return DMX_ENOINPUT;
    }
    char line[512];
    int ln = 0, rc = DMX_OK, cap = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t l = strlen(s);
        while (l && (s[l - 1] == '\n' || s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t'))
            s[--l] = 0;
        if (!*s || *s == '#')
            continue;
        int keys[512], nk = 0, ms = -1;
        if (!strncmp(s, "sleep ", 6)) {
            ms = atoi(s + 6);
            if (ms < 0) ms = 0;
        } else if (!strncmp(s, "type ", 5)) {
            for (char *c = s + 5; *c && nk < 512; c++)
                keys[nk++] = (unsigned char)*c;
        } else {
            int repeat = 1;
            char *sp = strchr(s, ' ');
            if (sp) {
                *sp = 0;
                repeat = atoi(sp + 1);
                if (repeat < 1 || repeat > 10000) {
                    fprintf(stderr, "dmx: %s:%d: bad repeat count '%s'\n", file, ln, sp + 1);
                    rc = DMX_EUSAGE;
                    break;
                }
            }
            int k = help_key_code(s);
            if (k < 0) {
                fprintf(stderr, "dmx: %s:%d: unknown key '%s'\n", file, ln, s);
                rc = DMX_EUSAGE;
                break;
            }
            for (int i = 0; i < repeat && nk < 512; i++)
                keys[nk++] = k;
        }
        int add = ms >= 0 ? 1 : nk;
        if (a->nscript + add > cap) {
            int nc = cap ? cap * 2 : 64;
            while (nc < a->nscript + add)
                nc *= 2;
            script_ev *t = realloc(a->script, sizeof(script_ev) * (size_t)nc);
            if (!t) {
                rc = DMX_EINTERNAL;
                break;
            }
            a->script = t;
            cap = nc;
        }
        if (ms >= 0) {
            a->script[a->nscript].key = -1;
            a->script[a->nscript++].ms = ms;
        } else {
            for (int i = 0; i < nk; i++) {
                a->script[a->nscript].key = keys[i];
                a->script[a->nscript++].ms = 0;
            }
        }
    }
    fclose(f);
    return rc;
}

/* ---------- terminal ---------- */

static int print_eval(const char *preset, const tui_opts *o, const char *why)
{
    char path[PATH_MAX];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    int rc = dmx_preset_find(preset, o->preset_dirs, path, sizeof path, &e);
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

static int dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static void app_free(app *a)
{
    worker_stop(&a->w);
    dmx_result *c = a->cur, *p = a->prev, *n = a->pin;
    a->cur = a->prev = a->pin = NULL;
    dmx_result_free(c);
    if (p != c) dmx_result_free(p);
    if (n != c && n != p) dmx_result_free(n);
    dmx_result_free(a->map);
    dmx_params_free(a->map_base);
    dmx_params_free(a->pin_params);
    while (a->nundo > 0) dmx_params_free(a->undo[--a->nundo]);
    while (a->nredo > 0) dmx_params_free(a->redo[--a->nredo]);
    dmx_params_free(a->params);
    dmx_preset_free(a->preset);
    free(a->script);
    free(a->lat);
    free(a->ctm);
}

int tui_run(const char *preset, const tui_opts *o)
{
    setlocale(LC_ALL, "");
    const char *why = NULL;
    if (!term_usable(&why))
        return print_eval(preset, o, why);

    app *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "dmx: out of memory\n");
        return DMX_EINTERNAL;
    }
    a->o = o;
    a->dirs = o->preset_dirs;
    a->mouse = !o->no_mouse;
    user_dir(a);
    int rc = DMX_OK;
    const char *sf = o->bench_keys ? o->bench_keys : o->keys_file;
    a->bench = o->bench_keys != NULL;
    if (sf && (rc = load_script(a, sf)) != DMX_OK)
        goto out_free_app;
    if (worker_start(&a->w) != 0) {
        fprintf(stderr, "dmx: cannot start the compute thread\n");
        rc = DMX_EINTERNAL;
        goto out_free_app;
    }
    dmx_err e = {0};
    if ((rc = open_preset(a, preset, &e)) != DMX_OK) {
        fprintf(stderr, "dmx: %s\n", e.msg);
        goto out_free_app;
    }
    const char *cs = nl_langinfo(CODESET);
    int utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
    a->ascii = o->ascii || !utf8;
    a->cmode = a->ascii ? CV_ASCII : CV_BRAILLE;

    struct sigaction sa, old_int, old_term, old_hup;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);

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
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        rc = print_eval(preset, o, "cannot initialise the terminal");
        goto out_restore_signals;
    }
    set_term(scr);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    const char *nc = getenv("NO_COLOR");
    theme_init(&a->th, !o->no_color && !(nc && *nc), !a->ascii);
    if (a->mouse)
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
                  , NULL);

    if (worker_wait(&a->w, 300))
        poll_worker(a);
    int frame = 1;
    while (!a->quit) {
        if (frame) {
            draw_frame(a);
            refresh();
            frame = 0;
            a->dirty = 0;
        }
        int sweeping = 0;
        int busy = computing(a) || worker_busy(&a->w, &sweeping, NULL) || sweeping;
        int hl = a->prev && tui_now_ms() - a->cur_at < TUI_HILITE_MS + 100;
        int k = app_key(a, busy || hl ? 60 : 250);
        if (k == ERR) {
            a->spin++;
            if (a->dirty || busy || hl)
                frame = 1;
            continue;
        }
        handle_key(a, k);
        frame = 1;
    }
    a->bench_cols = COLS;
    a->bench_lines = LINES;
    endwin();
    delscreen(scr);
    if (a->bench) {
        if (a->nlat > 0) {
            qsort(a->lat, (size_t)a->nlat, sizeof(double), dcmp);
            int i99 = (int)ceil(0.99 * a->nlat) - 1;
            double cmed = 0;
            if (a->nctm > 0) {
                qsort(a->ctm, (size_t)a->nctm, sizeof(double), dcmp);
                cmed = a->ctm[a->nctm / 2];
            }
            fprintf(stderr, "bench-keys: preset %s, %d keys, keypress->frame median %.3f ms, "
                    "p99 %.3f ms, max %.3f ms; compute median %.3f ms over %d results; "
                    "terminal %dx%d\n",
                    a->preset && a->preset->name ? a->preset->name : preset, a->nlat,
                    a->lat[a->nlat / 2], a->lat[i99 < 0 ? 0 : i99], a->lat[a->nlat - 1], cmed,
                    a->nctm, a->bench_cols, a->bench_lines);
        } else {
            fprintf(stderr, "bench-keys: no keys replayed\n");
        }
    }
    if (tui_signal)
        rc = 128 + tui_signal;
out_restore_signals:
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
out_free_app:
    app_free(a);
    free(a);
    return rc;
}
