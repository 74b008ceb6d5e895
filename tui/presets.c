/* presets.c -- presets in the explorer: opening one (on its opening view),
 * the picker (grouped by model in paper order), stepping through a paper's
 * examples with n / N, and saving the current values as a user preset. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dialog.h"
#include "tui.h"
#include "util.h"

#define PLIST_MAX 1000          /* presets listed at most */
#define NAME_MAX_LEN 100        /* longest user preset name */
#define KEY_UNPLACED 1000.0     /* paper position of a preset whose source names none */

/* The view a preset opens on (`view:`; NULL: the panes' own choice). */
static const char *preset_view(const dmx_preset *pr)
{
    return pr->view && *pr->view ? pr->view : NULL;
}

void preset_user_dir(app *a)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        sfmt(a->userdir, sizeof a->userdir, "%s/dmx/presets", xdg);
    else
        sfmt(a->userdir, sizeof a->userdir, "%s/.local/share/dmx/presets",
             home && *home ? home : ".");
}

int preset_open(app *a, const char *name, dmx_err *e)
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
    pipe_guess_clear(a);            /* guesses from the old preset */
    undo_clear(&a->hist);
    if (!same_model) {
        tres_drop(a->res.pin);
        a->res.pin = NULL;
        dmx_params_free(a->res.pin_params);
        a->res.pin_params = NULL;
    }
    /* every preset opens on its own view, whatever was showing before */
    for (int k = 0; k < TUI_MAXPANES; k++) {
        a->lay.panes[k].view[0] = 0;
        a->lay.panes[k].scroll = a->lay.panes[k].hscroll = 0;
    }
    const char *v = preset_view(pr);
    sfmt(a->lay.open_view, sizeof a->lay.open_view, "%s", v ? v : "");
    a->lay.tscroll = 0;
    a->lay.zoom = 0;
    pipe_clear_map(a);
    a->sel = a->stop = 0;
    state_rebuild_slots(a);
    a->res.cerr[0] = 0;
    pipe_submit(a, TUI_OPEN_WAIT_MS);
    return DMX_OK;
}

/* ---------- the list of presets, in paper order ---------- */

typedef struct pentry {
    char *name, *item, *detail, *path;
    int model;                  /* index in dmx_models (-1: invalid preset) */
    double key;                 /* position in the paper (see paper_key) */
} pentry;

typedef struct plist {
    pentry *v;
    int n, cap;
} plist;

static void plist_free(plist *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].item);
        free(l->v[i].detail);
        free(l->v[i].path);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Where a preset's source sits in its paper: the first section it cites
 * ("§4.1", "Section 3.4"; the introduction first, appendices last). */
static double paper_key(const char *src)
{
    if (!src)
        return KEY_UNPLACED;
    if (strstr(src, "Introduction"))
        return 0;
    for (const char *s = src; *s; s++) {
        const char *d = NULL;
        if (!strncmp(s, "§", strlen("§")))
            d = s + strlen("§");
        else if (!strncmp(s, "Section ", 8))
            d = s + 8;
        else if (!strncmp(s, "Sections ", 9))
            d = s + 9;
        if (d && *d >= '0' && *d <= '9')
            return strtod(d, NULL);
    }
    const char *ap = strstr(src, "App");
    if (ap) {
        const char *p = ap;
        while (*p && !(*p >= 'A' && *p <= 'Z' && p > ap + 2))
            p++;
        return 100 + (*p ? *p - 'A' : 0);
    }
    return KEY_UNPLACED;
}

static int model_index(const dmx_model *m)
{
    for (int i = 0; dmx_models[i]; i++)
        if (dmx_models[i] == m)
            return i;
    return -1;
}

static int plist_has(const plist *l, const char *nm)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].name, nm))
            return 1;
    return 0;
}

static void plist_add(plist *l, const char *nm, const char *path)
{
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 32;
        pentry *t = realloc(l->v, sizeof(pentry) * (size_t)nc);
        if (!t)
            return;
        l->v = t;
        l->cap = nc;
    }
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    char item[512], det[1024];
    pentry *p = &l->v[l->n];
    p->model = -1;
    p->key = KEY_UNPLACED;
    if (dmx_preset_load(path, &pr, &e) == DMX_OK) {
        sfmt(item, sizeof item, "  %-28s %s", nm, pr->title ? pr->title : "");
        sfmt(det, sizeof det, "%s  [%s]", pr->source ? pr->source : "", path);
        p->model = model_index(pr->params->model);
        p->key = paper_key(pr->source);
    } else {
        sfmt(item, sizeof item, "  %-28s (invalid preset)", nm);
        sfmt(det, sizeof det, "%s", e.msg);
    }
    dmx_preset_free(pr);
    p->name = strdup(nm);
    p->item = strdup(item);
    p->detail = strdup(det);
    p->path = strdup(path);
    if (!p->name || !p->item || !p->detail || !p->path) {
        free(p->name); free(p->item); free(p->detail); free(p->path);
        return;
    }
    l->n++;
}

static void plist_scan(plist *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && l->n < PLIST_MAX) {
        size_t k = strlen(de->d_name);
        if (k < 6 || strcmp(de->d_name + k - 5, ".yaml") || de->d_name[0] == '.')
            continue;
        char nm[256];
        sfmt(nm, sizeof nm, "%.*s", (int)(k - 5), de->d_name);
        if (plist_has(l, nm))
            continue;
        char path[PATH_MAX + 256];
        sfmt(path, sizeof path, "%s/%s", dir, de->d_name);
        plist_add(l, nm, path);
    }
    closedir(d);
}

/* Models in registry order (glp, ammo, bbg: the order of the papers), then
 * position in the paper, then name; invalid presets last. */
static int pentry_cmp(const void *x, const void *y)
{
    const pentry *a = x, *b = y;
    int ma = a->model < 0 ? 1 << 20 : a->model, mb = b->model < 0 ? 1 << 20 : b->model;
    if (ma != mb)
        return ma < mb ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void plist_load(app *a, plist *l)
{
    int has_user = 0;
    for (int i = 0; a->dirs && a->dirs[i]; i++) {
        plist_scan(l, a->dirs[i]);
        has_user |= !strcmp(a->dirs[i], a->userdir);
    }
    if (!has_user)
        plist_scan(l, a->userdir);
    if (l->n > 1)
        qsort(l->v, (size_t)l->n, sizeof(pentry), pentry_cmp);
}

static void open_entry(app *a, const pentry *p)
{
    dmx_err e = {0};
    if (preset_open(a, p->path, &e) != DMX_OK)
        app_msg(a, 1, "%s", e.msg);
    else
        app_msg(a, 0, "opened %s", p->name);
}

void preset_pick(app *a)
{
    plist l = {0};
    plist_load(a, &l);
    if (l.n == 0) {
        app_msg(a, 1, "no presets found");
        plist_free(&l);
        return;
    }
    /* one heading row per model, then its presets */
    int rows = l.n + 1;
    for (int i = 0; dmx_models[i]; i++)
        rows++;
    const char **items = calloc((size_t)rows, sizeof *items);
    const char **dets = calloc((size_t)rows, sizeof *dets);
    int *entry = calloc((size_t)rows, sizeof *entry);
    char (*heads)[256] = calloc((size_t)rows, sizeof *heads);
    if (!items || !dets || !entry || !heads)
        goto out_free;
    int n = 0, last = -2, cur = -1;
    for (int i = 0; i < l.n; i++) {
        if (l.v[i].model != last) {
            last = l.v[i].model;
            const dmx_model *m = last >= 0 ? dmx_models[last] : NULL;
            if (m)
                sfmt(heads[n], sizeof heads[n], "%s: %s", m->paper, m->title);
            else
                sfmt(heads[n], sizeof heads[n], "%s", "Presets that do not load");
            items[n] = NULL;
            dets[n] = heads[n];
            entry[n++] = -1;
        }
        if (cur < 0 && a->preset && a->preset->path && !strcmp(a->preset->path, l.v[i].path))
            cur = n;                        /* the picker opens on the open preset */
        items[n] = l.v[i].item;
        dets[n] = l.v[i].detail;
        entry[n++] = i;
    }
    int k = dialog_pick_at(&a->dlg, "Presets", items, dets, n, cur);
    if (k >= 0 && entry[k] >= 0)
        open_entry(a, &l.v[entry[k]]);
out_free:
    free(items);
    free(dets);
    free(entry);
    free(heads);
    plist_free(&l);
}

void preset_step(app *a, int dir)
{
    plist l = {0};
    plist_load(a, &l);
    int cur = -1;
    const char *nm = a->preset && a->preset->name ? a->preset->name : "";
    for (int i = 0; i < l.n; i++)
        if (!strcmp(l.v[i].name, nm))
            cur = i;
    int m = model_index(a->params->model), to = -1;
    if (cur >= 0) {
        int j = cur + dir;
        if (j >= 0 && j < l.n && l.v[j].model == m)
            to = j;
    } else {
        for (int i = 0; i < l.n && to < 0; i++)  /* a user file: the paper's first */
            if (l.v[i].model == m)
                to = i;
    }
    if (to < 0)
        app_msg(a, 0, "%s example of %s", dir > 0 ? "this is the last" : "this is the first",
                a->params->model->paper);
    else
        open_entry(a, &l.v[to]);
    plist_free(&l);
}

/* ---------- save ---------- */

static int valid_name(const char *s)
{
    if (!*s || *s == '.' || *s == '-' || strlen(s) > NAME_MAX_LEN)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

/* Writes the current values as preset `name` in the user directory (asks
 * before overwriting); returns 0 when saved, with the path in path. */
static int save_as(app *a, const char *name, int is_user, char *path, size_t pn)
{
    sfmt(path, pn, "%s/%s.yaml", a->userdir, name);
    dmx_preset pr = {0};
    pr.name = (char *)name;
    char title[512];
    if (is_user || !a->preset || !a->preset->title)
        sfmt(title, sizeof title, "%s", a->preset && a->preset->title ? a->preset->title : name);
    else
        sfmt(title, sizeof title, "%s (user copy)", a->preset->title);
    pr.title = title;
    pr.source = a->preset ? a->preset->source : NULL;
    pr.notes = a->preset ? a->preset->notes : NULL;
    /* a copy of a shipped preset with other values: its note was written for
     * the shipped values, and reopened the copy would show it as if it held;
     * say so in front of it (a user's own preset keeps her note as written) */
    char *marked = NULL;
    static const char mark[] = "Saved from %s with other values: the note below was written for "
                               "that preset's values. ";
    if (!is_user && pr.notes && a->preset->params &&
        !dmx_params_equal(a->preset->params, a->params) && strncmp(pr.notes, "Saved from ", 11)) {
        size_t k = strlen(pr.notes) + strlen(mark) + strlen(a->preset->name ? a->preset->name : "");
        if ((marked = malloc(k + 1))) {
            int w = snprintf(marked, k + 1, mark, a->preset->name ? a->preset->name : "the preset");
            if (w > 0 && (size_t)w <= k)
                memcpy(marked + w, pr.notes, strlen(pr.notes) + 1);
            pr.notes = marked;
        }
    }
    pr.view = a->preset ? a->preset->view : NULL;
    pr.params = a->params;
    pr.sliders = a->preset ? a->preset->sliders : NULL;
    pr.nsliders = a->preset ? a->preset->nsliders : 0;
    dmx_err e = {0};
    int rc = dmx_preset_save(&pr, path, 0, &e);
    if (rc != DMX_OK && access(path, F_OK) == 0) {
        char q[PATH_MAX + 300];
        sfmt(q, sizeof q, "%s exists. Overwrite?", path);
        if (!dialog_confirm(&a->dlg, q)) {
            app_msg(a, 0, "not saved");
            free(marked);
            return -1;
        }
        memset(&e, 0, sizeof e);
        rc = dmx_preset_save(&pr, path, 1, &e);
    }
    free(marked);
    if (rc != DMX_OK) {
        app_msg(a, 1, "save failed: %s", e.msg);
        return -1;
    }
    return 0;
}

void preset_save(app *a)
{
    char name[128];
    const char *cur = a->preset && a->preset->name ? a->preset->name : "preset";
    size_t ul = strlen(a->userdir);
    int is_user = a->preset && a->preset->path && !strncmp(a->preset->path, a->userdir, ul) &&
                  a->preset->path[ul] == '/';
    sfmt(name, sizeof name, is_user ? "%s" : "%s-mine", cur);
    if (!dialog_prompt(&a->dlg, "Save as user preset",
                       "name: letters, digits, - _ .  (Enter saves)", name, sizeof name))
        return;
    if (!valid_name(name)) {
        app_msg(a, 1, "'%s' is not a valid preset name (letters, digits, - _ ., not starting "
                "with - or .)", name);
        return;
    }
    char path[PATH_MAX + 200];
    if (save_as(a, name, is_user, path, sizeof path) != 0)
        return;
    /* the saved file becomes the current preset (r resets to it) */
    dmx_preset *np = NULL;
    dmx_err e = {0};
    if (dmx_preset_load(path, &np, &e) == DMX_OK) {
        dmx_preset_free(a->preset);
        a->preset = np;
    }
    app_msg(a, 0, "saved %s", path);
}
