/* actions.c -- what every key does: selection and values (through state.c),
 * panel focus, scrolling and views, zoom, pin, the F4 region map, export and
 * typed entry.  The key table itself is in help.c. */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fileio.h"
#include "help.h"
#include "tui.h"
#include "util.h"

#define LEAVES_MAX 2000         /* result fields offered for a map */
#define LEAVES_DEPTH 12
#define LEAVES_ARRAY 8          /* array elements offered per array */
#define EXPORT_W 100            /* plot export size (characters) */
#define EXPORT_H 32
#define EXPORT_TRIES 1000       /* dmx-x.txt, dmx-x-2.txt, ... */
#define SCROLL_END (1 << 20)

/* ---------- focus, scrolling, views ---------- */

static int text_focus(const app *a)
{
    return a->lay.focus == FOCUS_TEXT;
}

static int *focus_scroll(app *a, int **hscroll, int *page)
{
    if (text_focus(a)) {
        *hscroll = NULL;
        *page = a->lay.th > 4 ? a->lay.th - 3 : 1;
        return &a->lay.tscroll;
    }
    pane *p = &a->lay.panes[a->lay.focus - 1];
    *hscroll = &p->hscroll;
    *page = p->h > 4 ? p->h - 3 : 1;
    return &p->scroll;
}

/* A result pane showing a plot has the focus (plots do not scroll). */
static int plot_focus(const app *a)
{
    if (a->lay.focus <= 0 || a->lay.focus > a->lay.npanes)
        return 0;
    const dmx_view *v = draw_pane_view(a, a->lay.focus - 1);
    return v && v->kind == DMX_V_PLOT;
}

static void focus_pane_scroll(app *a, tui_action act)
{
    int *hs, page, *sc = focus_scroll(a, &hs, &page);
    switch (act) {
    case A_UP: (*sc)--; break;
    case A_DOWN: (*sc)++; break;
    case A_INC10: *sc -= page; break;
    case A_DEC10: *sc += page; break;
    case A_MIN: *sc = 0; break;
    case A_MAX: *sc = SCROLL_END; break;
    case A_DEC: if (hs) (*hs)--; break;
    case A_INC: if (hs) (*hs)++; break;
    default: break;
    }
    if (*sc < 0) *sc = 0;
    if (hs && *hs < 0) *hs = 0;
}

/* Tab order: parameters, the panes in reading order, the explanation (when shown). */
static void focus_step(app *a, int dir)
{
    int order[TUI_MAXPANES + 2], n = 0, at = 0;
    order[n++] = 0;
    for (int k = 1; k <= a->lay.npanes; k++)
        order[n++] = k;
    if (a->lay.th)
        order[n++] = FOCUS_TEXT;
    for (int i = 0; i < n; i++)
        if (order[i] == a->lay.focus)
            at = i;
    a->lay.focus = order[(at + dir + n) % n];
    if (a->lay.zoom && a->lay.focus == 0)
        a->lay.focus = order[(at + 2 * dir + n) % n];   /* zoom shows a result panel */
}

static void cycle_view(app *a, int dir)
{
    int k = a->lay.focus > 0 && a->lay.focus <= a->lay.npanes ? a->lay.focus - 1 : 0;
    if (k >= a->lay.npanes)
        return;
    const char *ids[64];
    int n = draw_view_ids(a, ids, 64);
    if (n == 0)
        return;
    pane *p = &a->lay.panes[k];
    int cur = -1;
    for (int i = 0; i < n; i++)
        if (p->shown[0] && !strcmp(ids[i], p->shown))
            cur = i;
    /* the explanation strip already shows the text view: skip it here */
    const dmx_view *tv = a->lay.th ? draw_text_view_of(a) : NULL;
    int next = cur < 0 ? 0 : cur;
    for (int i = 0; i < n; i++) {
        next = (next + dir + n) % n;
        if (!tv || !tv->id || strcmp(ids[next], tv->id))
            break;
    }
    sfmt(p->view, sizeof p->view, "%s", ids[next]);
    /* another pane showing it lets go, so the choice is visible here */
    for (int i = 0; i < a->lay.npanes; i++)
        if (i != k && !strcmp(a->lay.panes[i].view, ids[next]))
            a->lay.panes[i].view[0] = 0;
    p->scroll = p->hscroll = 0;
}

static void act_zoom(app *a)
{
    if (a->lay.zoom) {
        a->lay.zoom = 0;
        return;
    }
    if (a->lay.focus == 0) {
        if (a->lay.npanes == 0) {
            app_msg(a, 1, "zoom: no result panel");
            return;
        }
        a->lay.focus = 1;   /* nothing focused: the first result panel */
    }
    a->lay.zoom = 1;
    app_msg(a, 0, "zoom: z or Esc goes back");
}

/* ---------- pin, reset ---------- */

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
    if (state_adopt(a, np) == 0) {
        state_rebuild_slots(a);
        app_msg(a, 0, "reset to %s", a->preset->name ? a->preset->name : "the preset");
    }
}

static void act_pin(app *a)
{
    results *s = &a->res;
    s->version++;                       /* plots show the pinned markers or stop */
    if (s->pin) {
        tres_drop(s->pin);
        s->pin = NULL;
        dmx_params_free(s->pin_params);
        s->pin_params = NULL;
        app_msg(a, 0, "unpinned");
        return;
    }
    if (!s->cur) {
        app_msg(a, 1, "pin: no result yet");
        return;
    }
    s->pin = tres_hold(s->cur);
    dmx_params_free(s->pin_params);
    s->pin_params = dmx_params_dup(a->params);
    app_msg(a, 0, "pinned: tables show deltas, plots show pinned markers in lower case");
}

/* ---------- map ---------- */

typedef struct leaves {
    char **v;
    int n, cap;
} leaves;

static void leaves_add(leaves *l, const char *path)
{
    if (l->n >= LEAVES_MAX)
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
    if (!n || depth > LEAVES_DEPTH)
        return;
    if (n->t == DMX_N_NUM || n->t == DMX_N_STR || n->t == DMX_N_BOOL || n->t == DMX_N_NULL) {
        if (*path)
            leaves_add(l, path);
        return;
    }
    /* not worth a map: the model's name, the inputs echoed back, prose and
     * solver bookkeeping (the picker opened on "model", a one-colour map) */
    static const char *const skip[] = {"model", "title", "params", "instance", "notes",
                                       "solver", NULL};
    for (int i = 0; i < n->nkids && i < (n->t == DMX_N_ARR ? LEAVES_ARRAY : LEAVES_MAX); i++) {
        int drop = 0;
        for (int k = 0; depth == 0 && n->t == DMX_N_OBJ && skip[k]; k++)
            drop |= n->kids[i]->key && !strcmp(n->kids[i]->key, skip[k]);
        if (drop)
            continue;
        char p[512];
        if (n->t == DMX_N_OBJ)
            sfmt(p, sizeof p, "%s%s%s", path, *path ? "." : "",
                 n->kids[i]->key ? n->kids[i]->key : "?");
        else
            sfmt(p, sizeof p, "%s[%d]", path, i);
        leaves_walk(l, n->kids[i], p, depth + 1);
    }
}

static void leaves_free(leaves *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* Asks for the map's field; 0 with it in field[], -1 when cancelled. */
static int map_pick_field(app *a, char *field, size_t n)
{
    leaves l = {0};
    leaves_walk(&l, RES_CUR(a)->root, "", 0);
    if (l.n == 0) {
        app_msg(a, 1, "map: the result has no fields");
        leaves_free(&l);
        return -1;
    }
    int f = dialog_pick(&a->dlg, "Map: result field (colour)", (const char *const *)l.v, NULL, l.n);
    if (f >= 0)
        sfmt(field, n, "%s", l.v[f]);
    leaves_free(&l);
    return f >= 0 ? 0 : -1;
}

/* Asks for the two axes; 0 with their slot indices, -1 when cancelled. */
static int map_pick_axes(app *a, int *xs, int *ys)
{
    static char store[TUI_MAXSLOTS][160];
    const char *names[TUI_MAXSLOTS], *ynames[TUI_MAXSLOTS];
    for (int i = 0; i < a->nslots; i++) {
        char lb[96];
        draw_slot_label(a, i, lb, sizeof lb);
        int pad = 14 - u8_width(lb);             /* display columns, not bytes (ω, q̄, γ_π) */
        sfmt(store[i], sizeof store[i], "%s%*s %s", lb, pad > 0 ? pad : 0, "", a->slots[i].name);
        names[i] = store[i];
    }
    *xs = dialog_pick(&a->dlg, "Map: x axis parameter", names, NULL, a->nslots);
    if (*xs < 0)
        return -1;
    int ymap[TUI_MAXSLOTS], ny = 0;
    for (int i = 0; i < a->nslots; i++)
        if (i != *xs) {
            ymap[ny] = i;
            ynames[ny++] = store[i];
        }
    int yk = dialog_pick(&a->dlg, "Map: y axis parameter", ynames, NULL, ny);
    if (yk < 0)
        return -1;
    *ys = ymap[yk];
    return 0;
}

static void act_map(app *a)
{
    if (!RES_CUR(a)) {
        app_msg(a, 1, "map: no result yet");
        return;
    }
    if (a->nslots < 2) {
        app_msg(a, 1, "map: needs two parameters");
        return;
    }
    char field[128];
    int xs, ys;
    if (map_pick_field(a, field, sizeof field) != 0 || map_pick_axes(a, &xs, &ys) != 0)
        return;
    pipe_clear_map(a);
    sfmt(a->map.field, sizeof a->map.field, "%s", field);
    a->map.sx = a->slots[xs];
    a->map.sy = a->slots[ys];
    pipe_start_map(a);
    /* show it in the focused pane, else in the first pane */
    int k = a->lay.focus > 0 && a->lay.focus <= TUI_MAXPANES ? a->lay.focus - 1 : 0;
    for (int i = 0; i < TUI_MAXPANES; i++)
        if (!strcmp(a->lay.panes[i].view, "map"))
            a->lay.panes[i].view[0] = 0;
    sfmt(a->lay.panes[k].view, sizeof a->lay.panes[k].view, "map");
    app_msg(a, 0, "map: computing %s over %s x %s", field, a->map.sx.name, a->map.sy.name);
}

/* ---------- export ---------- */

/* Picks a free name base.ext, base-2.ext, ...; returns 0 (name in out) or -1. */
static int free_name(const char *base, const char *ext, char *out, size_t n)
{
    for (int i = 1; i < EXPORT_TRIES; i++) {
        if (i == 1)
            sfmt(out, n, "%s.%s", base, ext);
        else
            sfmt(out, n, "%s-%d.%s", base, i, ext);
        if (access(out, F_OK) != 0 && errno == ENOENT)
            return 0;
    }
    return -1;
}

typedef void (*export_fn)(FILE *f, const void *user);

/* Writes an export atomically (dmx_write_file_atomic: a temporary file in
 * the same directory, then linked to its final name, never replacing a file);
 * on any error nothing is left behind.  Returns 0, or -1 with the reason in why. */
static int export_atomic(const char *path, export_fn fn, const void *user, char *why, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        sfmt(why, n, "%s", strerror(errno));
        return -1;
    }
    fn(f, user);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || !buf) {
        sfmt(why, n, "out of memory");
        free(buf);
        return -1;
    }
    dmx_err e = {0};
    int rc = dmx_write_file_atomic(path, buf, len, 0, &e);
    free(buf);
    if (rc != DMX_OK) {
        sfmt(why, n, "%s", e.msg);
        return -1;
    }
    return 0;
}

typedef struct export_job {
    app *a;
    const dmx_view *v;          /* NULL: the whole report */
} export_job;

static void write_report(FILE *f, const void *u)
{
    const export_job *j = u;
    app *a = j->a;
    dmx_report(f, DMX_FMT_TEXT, a->preset ? a->preset->title : NULL, a->params, RES_CUR(a));
}

static void write_view_text(FILE *f, const void *u)
{
    const export_job *j = u;
    const dmx_view *v = j->v;
    app *a = j->a;
    if (v->kind == DMX_V_TABLE) {
        fprintf(f, "%s\n\n", v->title ? v->title : v->id);
        dmx_report_table_text(f, v);
    } else if (v->kind == DMX_V_PLOT) {
        canvas cv;
        cv_marker m = {0};
        int nm = 0;
        if (!strcmp(v->id, "map")) {
            m.x = dmx_slot_get(a->params, &a->map.sx);
            m.y = dmx_slot_get(a->params, &a->map.sy);
            m.glyph = a->th.cur_glyph ? a->th.cur_glyph : '@';
            m.label = "current";
            m.style = 2;
            nm = 1;
        }
        fprintf(f, "%s\n\n", v->title ? v->title : v->id);
        plot_opts o = {a->cmode, a->th.unicode && !a->ascii, 0, 0};   /* a file has no colour */
        if (plot_render_opts(&cv, v, EXPORT_W, EXPORT_H, &o, NULL, &m, nm) == 0)
            canvas_dump(&cv, f);
        canvas_free(&cv);
    } else {
        fprintf(f, "%s\n\n%s\n", v->title ? v->title : "", v->text ? v->text : "");
    }
}

static void write_view_svg(FILE *f, const void *u)
{
    dmx_report_svg(f, ((const export_job *)u)->v);
}

static int export_one(const char *base, const char *ext, export_fn fn, const export_job *j,
                      char *out, size_t n, char *why, size_t wn)
{
    if (free_name(base, ext, out, n) != 0) {
        sfmt(why, wn, "no free name for %s.%s", base, ext);
        return -1;
    }
    return export_atomic(out, fn, j, why, wn);
}

static void act_export(app *a)
{
    if (!RES_CUR(a)) {
        app_msg(a, 1, "export: no result yet");
        return;
    }
    int k = a->lay.focus;
    export_job j = {a, k > 0 && k <= a->lay.npanes ? draw_pane_view(a, k - 1) : NULL};
    char base[256], f1[300] = "", f2[300] = "", why[256] = "";
    const char *pn = a->preset && a->preset->name ? a->preset->name : "dmx";
    if (!j.v) {
        sfmt(base, sizeof base, "dmx-%s", pn);
        if (export_one(base, "txt", write_report, &j, f1, sizeof f1, why, sizeof why))
            app_msg(a, 1, "export: cannot write %s: %s", f1, why);
        else
            app_msg(a, 0, "exported %s", f1);
        return;
    }
    sfmt(base, sizeof base, "dmx-%s-%s", pn, j.v->id);
    if (export_one(base, "txt", write_view_text, &j, f1, sizeof f1, why, sizeof why)) {
        app_msg(a, 1, "export: cannot write %s: %s", f1, why);
        return;
    }
    if (j.v->kind == DMX_V_PLOT &&
        export_one(base, "svg", write_view_svg, &j, f2, sizeof f2, why, sizeof why)) {
        app_msg(a, 1, "export: wrote %s, but not %s: %s", f1, f2, why);
        return;
    }
    app_msg(a, 0, "exported %s%s%s", f1, f2[0] ? " and " : "", f2);
}

/* ---------- typed entry ---------- */

/* The value typed for slot s: a number or a choice name.  0, or -1 (message set). */
static int parse_entry(app *a, const dmx_slot *s, const char *buf, double *v)
{
    const dmx_param_desc *d = &a->params->model->params[s->param];
    char *end, plain[128];
    /* digits grouped as the sliders show them ("1,000,000"): each ',' followed
     * by exactly three digits is dropped; anything else stays (and fails) */
    size_t o = 0;
    for (const char *c = buf; *c && o + 1 < sizeof plain; c++) {
        int group = *c == ',' && c > buf && c[-1] >= '0' && c[-1] <= '9' &&
                    c[1] >= '0' && c[1] <= '9' && c[2] >= '0' && c[2] <= '9' &&
                    c[3] >= '0' && c[3] <= '9' && !(c[4] >= '0' && c[4] <= '9');
        if (!group)
            plain[o++] = *c;
    }
    plain[o] = 0;
    *v = strtod(plain, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end != plain && !*end) {
        if (isfinite(*v))
            return 0;
        app_msg(a, 1, "%s: the value must be finite; nothing changed", s->name);
        return -1;
    }
    if (d->kind == DMX_P_CHOICE && d->choices) {
        char list[400] = "";
        for (int i = 0; d->choices[i]; i++) {
            if (!strcmp(d->choices[i], buf)) {
                *v = i;
                return 0;
            }
            size_t k = strlen(list);
            sfmt(list + k, sizeof list - k, "%s%s", i ? ", " : "", d->choices[i]);
        }
        app_msg(a, 1, "%s: '%s' is not one of %s; nothing changed", s->name, buf, list);
        return -1;
    }
    app_msg(a, 1, "%s: '%s' is not a number; nothing changed", s->name, buf);
    return -1;
}

static void act_entry(app *a)
{
    if (a->nslots == 0)
        return;
    char lb[96], t[160], buf[128];
    draw_slot_label(a, a->sel, lb, sizeof lb);
    sfmt(t, sizeof t, "%s (%s) =", lb, a->slots[a->sel].name);
    draw_slot_value(a, a->sel, buf, sizeof buf);
    if (!dialog_prompt(&a->dlg, t, "a number (or a choice name); Enter sets, Esc cancels", buf,
                       sizeof buf))
        return;
    const dmx_slot *s = &a->slots[a->sel];
    double v;
    if (parse_entry(a, s, buf, &v) == 0 && state_set(a, a->sel, v) == 0)
        app_msg(a, 0, "%s = %s", s->name, buf);
}

/* ---------- mouse ---------- */

static void handle_mouse(app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    layout *L = &a->lay;
    if (ev.bstate & BUTTON4_PRESSED) {
        if (L->focus == 0 && a->sel > 0) a->sel--;
        else if (L->focus > 0) focus_pane_scroll(a, A_UP);
        return;
    }
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) {
        if (L->focus == 0 && a->sel + 1 < a->nslots) a->sel++;
        else if (L->focus > 0) focus_pane_scroll(a, A_DOWN);
        return;
    }
#endif
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return;
    if (!L->zoom && ev.x >= L->px && ev.x < L->px + L->pw && ev.y > L->py &&
        ev.y < L->py + L->ph - 1) {
        L->focus = 0;
        int i = a->stop + ev.y - L->py - 1;
        if (i >= 0 && i < a->nslots) {
            a->sel = i;
            if (L->bar_w >= 4 && ev.x >= L->bar_x && ev.x < L->bar_x + L->bar_w) {
                dmx_slot *s = &a->slots[i];
                double f = (double)(ev.x - L->bar_x) / (L->bar_w - 1);
                state_set(a, i, state_snap(s, s->smin + f * (s->smax - s->smin)));
            }
        }
        return;
    }
    if (L->th && ev.x >= L->tx && ev.x < L->tx + L->tw && ev.y >= L->ty && ev.y < L->ty + L->th)
        L->focus = FOCUS_TEXT;
    for (int k = 0; k < L->npanes; k++) {
        pane *p = &L->panes[k];
        if (ev.x >= p->x && ev.x < p->x + p->w && ev.y >= p->y && ev.y < p->y + p->h)
            L->focus = k + 1;
    }
}

/* ---------- keys ---------- */

static int is_scroll(tui_action act)
{
    return act == A_UP || act == A_DOWN || act == A_DEC || act == A_INC || act == A_DEC10 ||
           act == A_INC10 || act == A_MIN || act == A_MAX;
}

/* Keys that change the parameters (the parameter panel has the focus). */
static void act_param(app *a, tui_action act)
{
    switch (act) {
    case A_UP:
        if (a->sel > 0) {
            a->sel--;
            state_guess_selected(a);
        }
        break;
    case A_DOWN:
        if (a->sel + 1 < a->nslots) {
            a->sel++;
            state_guess_selected(a);
        }
        break;
    case A_DEC: state_step(a, -1); break;
    case A_INC: state_step(a, 1); break;
    case A_DEC10: state_step(a, -10); break;
    case A_INC10: state_step(a, 10); break;
    case A_MIN: if (a->nslots) state_set(a, a->sel, a->slots[a->sel].smin); break;
    case A_MAX: if (a->nslots) state_set(a, a->sel, a->slots[a->sel].smax); break;
    default: break;
    }
}

static void act_other(app *a, tui_action act)
{
    switch (act) {
    case A_FOCUS_NEXT: focus_step(a, 1); break;
    case A_FOCUS_PREV: focus_step(a, -1); break;
    case A_VIEW_PREV: cycle_view(a, -1); break;
    case A_VIEW_NEXT: cycle_view(a, 1); break;
    case A_HELP: a->help = 1; a->help_top = 0; break;
    case A_PRESETS: preset_pick(a); break;
    case A_NEXT_PRESET: preset_step(a, 1); break;
    case A_PREV_PRESET: preset_step(a, -1); break;
    case A_SAVE: preset_save(a); break;
    case A_MAP: act_map(a); break;
    case A_EXPORT: act_export(a); break;
    case A_PIN: act_pin(a); break;
    case A_ENTRY: act_entry(a); break;
    case A_RESET: act_reset(a); break;
    case A_UNDO: state_undo(a, 0); break;
    case A_REDO: state_undo(a, 1); break;
    case A_ZOOM: act_zoom(a); break;
    case A_GLYPHS:
        if (a->th.unicode && !a->ascii) {
            a->cmode = (cv_mode)((a->cmode + 1) % CV_NMODES);
            app_msg(a, 0, "plot glyphs: %s", cv_mode_name(a->cmode));
        }
        break;
    case A_REDRAW: clearok(curscr, TRUE); break;
    case A_ESCAPE:
        if (a->lay.zoom) a->lay.zoom = 0;
        else a->lay.focus = 0;
        break;
    case A_QUIT: a->quit = 1; break;
    default: break;
    }
}

void act_key(app *a, int k)
{
    if (k == KEY_RESIZE) {
        a->dirty = 1;
        return;
    }
    tui_action act = help_action(k);
    if (a->lay.too_small) {
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
    if (a->lay.focus > 0 && is_scroll(act) && !plot_focus(a)) {
        focus_pane_scroll(a, act);
        return;
    }
    if (is_scroll(act)) {
        act_param(a, act);
        if (a->lay.focus > 0 && !a->msg[0] && a->nslots > 0) {
            /* a plot has nothing to scroll: the keys move the parameters, and
             * (the panel may be zoomed over the sliders) the line says which */
            char lb[96], val[64];
            draw_slot_label(a, a->sel, lb, sizeof lb);
            draw_slot_value(a, a->sel, val, sizeof val);
            app_msg(a, 0, "%s = %s  (Up/Down: another parameter)", lb, val);
        }
    } else {
        act_other(a, act);
    }
}
