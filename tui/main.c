/* main.c -- the dmx command: option parsing, the batch subcommands
 * (eval, sweep, presets, check, models) and the explorer entry point. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "app.h"
#include "config.h"
#include "dmx.h"

#ifndef DMX_DATADIR
#define DMX_DATADIR "/usr/local/share/dmx"
#endif
#ifndef DMX_SRCDIR
#define DMX_SRCDIR "."
#endif
#define DEFAULT_PRESET "glp-sec4-case2"

static const char usage[] =
    "usage: dmx [--no-color] [--ascii] [--no-mouse] [--theme dark|light|contrast]\n"
    "           [--keys FILE] [PRESET]\n"
    "       dmx eval PRESET [--set KEY=VALUE]... [--format text|json|csv]\n"
    "       dmx sweep PRESET --x KEY=LO:HI:N [--y KEY=LO:HI:N] --field PATH\n"
    "                 [--set KEY=VALUE]... [--format text|csv|json]\n"
    "       dmx presets | dmx models [MODEL] | dmx check FILE...\n"
    "       dmx --help | --version\n";

static const char help[] =
    "dmx — the data-market explorer: equilibria of data-market models, live.\n"
    "\n"
    "With no command, opens the explorer on PRESET (default " DEFAULT_PRESET ").\n"
    "\n"
    "commands:\n"
    "  eval PRESET     compute a preset and print everything (text, json or csv)\n"
    "  sweep PRESET    one result field over a 1-D or 2-D grid of parameters\n"
    "  presets         list shipped and user presets with title and source\n"
    "  models [MODEL]  list models, or one model's parameters with ranges\n"
    "  check FILE...   validate preset files only\n"
    "\n"
    "options:\n"
    "  --set KEY=VALUE     change a parameter: key=1.5, key=1,2,3, key[i]=v,\n"
    "                      key[i][j]=v, key[i].field=v, key=choice\n"
    "  --format FMT        text (default), json or csv\n"
    "  --x/--y KEY=LO:HI:N sweep axes (N points from LO to HI inclusive)\n"
    "  --field PATH        result path, e.g. competitive.case or triangle.pi_star\n"
    "  --no-color --ascii --no-mouse --keys FILE --bench-keys FILE  (explorer)\n"
    "  --theme NAME        dark (default), light or contrast; also DMX_THEME\n"
    "\n"
    "PRESET is a file path or a name searched in $DMX_PRESETS, $XDG_DATA_HOME/dmx/presets,\n"
    DMX_DATADIR "/presets and the source tree's presets/.\n"
    "exit status: 0 ok, 64 usage, 65 bad data, 66 missing input, 70 internal error,\n"
    "73 cannot create output.  See dmx(1).\n";

/* The preset search path; strings live in static storage of main's frame. */
typedef struct dirs {
    char buf[4][PATH_MAX];
    const char *v[5];
} dirs;

static void dirs_init(dirs *d)
{
    int n = 0;
    const char *env = getenv("DMX_PRESETS");
    if (env && *env)
        snprintf(d->buf[n++], PATH_MAX, "%s", env);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(d->buf[n++], PATH_MAX, "%s/dmx/presets", xdg);
    else if (home && *home)
        snprintf(d->buf[n++], PATH_MAX, "%s/.local/share/dmx/presets", home);
    snprintf(d->buf[n++], PATH_MAX, "%s/presets", DMX_DATADIR);
    snprintf(d->buf[n++], PATH_MAX, "%s/presets", DMX_SRCDIR);
    for (int i = 0; i < n; i++)
        d->v[i] = d->buf[i];
    d->v[n] = NULL;
}

static int fail(const dmx_err *e)
{
    fprintf(stderr, "dmx: %s\n", e->msg);
    return e->code ? e->code : DMX_EINTERNAL;
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("dmx: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(usage, stderr);
    return DMX_EUSAGE;
}

/* Resolves a preset name (or a model name → its default preset) and loads it. */
static int open_preset(const char *name, const dirs *d, dmx_preset **pr, dmx_err *e)
{
    char path[PATH_MAX];
    int rc = dmx_preset_find(name, d->v, path, sizeof path, e);
    if (rc == DMX_ENOINPUT) {
        const dmx_model *m = dmx_model_find(name);
        if (m && m->default_preset)
            rc = dmx_preset_find(m->default_preset, d->v, path, sizeof path, e);
    }
    if (rc != DMX_OK)
        return rc;
    return dmx_preset_load(path, pr, e);
}

typedef struct opts {
    const char *preset, *format, *field, *xspec, *yspec;
    const char **sets;
    int nsets;
} opts;

/* Parses the options shared by eval and sweep. */
static int parse_opts(int argc, char **argv, opts *o, int sweep)
{
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    if (!o->sets)
        return DMX_EINTERNAL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--set"))
            slot = &o->sets[o->nsets++];
        else if (!strcmp(a, "--format"))
            slot = &o->format;
        else if (sweep && !strcmp(a, "--x"))
            slot = &o->xspec;
        else if (sweep && !strcmp(a, "--y"))
            slot = &o->yspec;
        else if (sweep && !strcmp(a, "--field"))
            slot = &o->field;
        else if (!strncmp(a, "--set=", 6)) {
            o->sets[o->nsets++] = a + 6;
            continue;
        } else if (!strncmp(a, "--format=", 9)) {
            o->format = a + 9;
            continue;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!o->preset) {
            o->preset = a;
            continue;
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
        if (i + 1 >= argc)
            return usage_error("option '%s' needs a value", a);
        *slot = argv[++i];
    }
    if (!o->preset)
        return usage_error("%s", "missing PRESET");
    return DMX_OK;
}

/* Loads the preset and applies every --set; reports errors. */
static int load_with_sets(const opts *o, const dirs *d, dmx_preset **pr)
{
    dmx_err e = {0};
    int rc = open_preset(o->preset, d, pr, &e);
    if (rc != DMX_OK)
        return fail(&e);
    for (int i = 0; i < o->nsets; i++)
        if ((rc = dmx_params_assign((*pr)->params, o->sets[i], &e)) != DMX_OK) {
            dmx_err_prefix(&e, "--set %s", o->sets[i]);
            dmx_preset_free(*pr);
            *pr = NULL;
            return fail(&e);
        }
    return DMX_OK;
}

/* Writes buffered output only on success: no partial output on error. */
static int emit(char *buf, size_t n)
{
    if (fwrite(buf, 1, n, stdout) != n || fflush(stdout) != 0) {
        free(buf);
        fprintf(stderr, "dmx: cannot write output\n");
        return DMX_EIO;
    }
    free(buf);
    return DMX_OK;
}

static int cmd_eval(int argc, char **argv, const dirs *d)
{
    opts o = {0};
    dmx_format fmt = DMX_FMT_TEXT;
    dmx_preset *pr = NULL;
    dmx_result *r = NULL;
    dmx_err e = {0};
    int rc = parse_opts(argc, argv, &o, 0);
    if (rc != DMX_OK)
        goto out;
    if (o.format && !dmx_format_parse(o.format, &fmt)) {
        rc = usage_error("unknown format '%s' (text, json or csv)", o.format);
        goto out;
    }
    if ((rc = load_with_sets(&o, d, &pr)) != DMX_OK)
        goto out;
    if (!(r = dmx_compute(pr->params, NULL, &e))) {
        rc = fail(&e);
        goto out;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) {
        rc = DMX_EINTERNAL;
        goto out;
    }
    dmx_report(f, fmt, pr->title, pr->params, r);
    fclose(f);
    rc = emit(buf, n);
out:
    dmx_result_free(r);
    dmx_preset_free(pr);
    free(o.sets);
    return rc;
}

static int cmd_sweep(int argc, char **argv, const dirs *d)
{
    opts o = {0};
    dmx_format fmt = DMX_FMT_CSV;
    dmx_preset *pr = NULL;
    dmx_sweep *s = NULL;
    dmx_err e = {0};
    dmx_axis x, y;
    int rc = parse_opts(argc, argv, &o, 1);
    if (rc != DMX_OK)
        goto out;
    if (!o.xspec || !o.field) {
        rc = usage_error("%s", "sweep needs --x KEY=LO:HI:N and --field PATH");
        goto out;
    }
    if (o.format && !dmx_format_parse(o.format, &fmt)) {
        rc = usage_error("unknown format '%s' (csv, text or json)", o.format);
        goto out;
    }
    if ((rc = load_with_sets(&o, d, &pr)) != DMX_OK)
        goto out;
    if ((rc = dmx_axis_parse(pr->params, o.xspec, &x, &e)) != DMX_OK ||
        (o.yspec && (rc = dmx_axis_parse(pr->params, o.yspec, &y, &e)) != DMX_OK)) {
        rc = fail(&e);
        goto out;
    }
    if ((rc = dmx_sweep_run(pr->params, &x, o.yspec ? &y : NULL, o.field, NULL, &s, &e))) {
        rc = fail(&e);
        goto out;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) {
        rc = DMX_EINTERNAL;
        goto out;
    }
    dmx_report_sweep(f, fmt, s);
    fclose(f);
    rc = emit(buf, n);
    if (rc == DMX_OK && s->nfail && fmt != DMX_FMT_TEXT) /* text says it in the output */
        fprintf(stderr, "dmx: note: %d of %d points have no value (first: %s)\n", s->nfail,
                x.n * (o.yspec ? y.n : 1), s->first_fail);
out:
    dmx_sweep_free(s);
    dmx_preset_free(pr);
    free(o.sets);
    return rc;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_presets(const dirs *d)
{
    int seen_any = 0;
    for (int i = 0; d->v[i]; i++) {
        DIR *dir = opendir(d->v[i]);
        if (!dir)
            continue;
        char *names[1024];
        int n = 0;
        struct dirent *de;
        while ((de = readdir(dir)) && n < 1024) {
            size_t l = strlen(de->d_name);
            if (l > 5 && !strcmp(de->d_name + l - 5, ".yaml") && (names[n] = strdup(de->d_name)))
                n++;
        }
        closedir(dir);
        if (!n)
            continue;
        qsort(names, (size_t)n, sizeof *names, cmp_name);
        printf("%s%s:\n", seen_any ? "\n" : "", d->v[i]);
        seen_any = 1;
        for (int k = 0; k < n; k++) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", d->v[i], names[k]);
            dmx_preset *pr = NULL;
            dmx_err e = {0};
            names[k][strlen(names[k]) - 5] = 0;
            if (dmx_preset_load(path, &pr, &e) == DMX_OK)
                printf("  %-26s %-5s %s%s%s%s\n", names[k], pr->params->model->name,
                       pr->title ? pr->title : "", pr->source ? "  [" : "",
                       pr->source ? pr->source : "", pr->source ? "]" : "");
            else
                printf("  %-26s (invalid: %s)\n", names[k], e.msg);
            dmx_preset_free(pr);
            free(names[k]);
        }
    }
    if (!seen_any)
        printf("no presets found (searched %s, ...)\n", d->v[0]);
    return DMX_OK;
}

static int cmd_check(int argc, char **argv)
{
    if (argc < 1)
        return usage_error("%s", "check needs at least one FILE");
    int worst = DMX_OK;
    for (int i = 0; i < argc; i++) {
        dmx_preset *pr = NULL;
        dmx_err e = {0};
        int rc = dmx_preset_load(argv[i], &pr, &e);
        if (rc == DMX_OK)
            printf("%s: ok (model %s%s%s)\n", argv[i], pr->params->model->name,
                   pr->title ? ": " : "", pr->title ? pr->title : "");
        else
            fprintf(stderr, "%s\n", e.msg);
        if (rc != DMX_OK && worst == DMX_OK)
            worst = rc;
        dmx_preset_free(pr);
    }
    return worst;
}

static int cmd_models(int argc, char **argv)
{
    for (int i = 0; dmx_models[i]; i++) {
        const dmx_model *m = dmx_models[i];
        if (argc && strcmp(argv[0], m->name) != 0)
            continue;
        printf("%-5s %s — %s (default preset %s)\n", m->name, m->title, m->paper,
               m->default_preset ? m->default_preset : "-");
        if (!argc)
            continue;
        printf("\n%s\n\nparameters:\n", m->summary ? m->summary : "");
        for (int k = 0; k < m->nparams; k++) {
            const dmx_param_desc *pd = &m->params[k];
            static const char *const kinds[] = {"real", "int", "list", "matrix", "records",
                                                "choice"};
            char lo[32], hi[32], range[80] = "";
            if (pd->kind != DMX_P_CHOICE && pd->kind != DMX_P_RECS)
                snprintf(range, sizeof range, "%s%s, %s%s", pd->flags & DMX_F_LO_OPEN ? "(" : "[",
                         dmx_fmt_num(lo, sizeof lo, pd->lo, 6),
                         dmx_fmt_num(hi, sizeof hi, pd->hi, 6),
                         pd->flags & DMX_F_HI_OPEN || isinf(pd->hi) ? ")" : "]");
            printf("  %-14s %-7s %-14s%s %s\n", pd->key, kinds[pd->kind], range,
                   pd->flags & DMX_F_OPTIONAL ? " optional" : "", pd->meaning ? pd->meaning : "");
            for (int c = 0; pd->choices && pd->choices[c]; c++)
                printf("  %-14s   - %s\n", "", pd->choices[c]);
            for (int f = 0; f < pd->nfields; f++)
                printf("  %-14s   .%s: %s\n", "", pd->fields[f].key,
                       pd->fields[f].meaning ? pd->fields[f].meaning : "");
        }
        return DMX_OK;
    }
    if (argc) {
        fprintf(stderr, "dmx: unknown model '%s'\n", argv[0]);
        return DMX_EUSAGE;
    }
    return DMX_OK;
}

int main(int argc, char **argv)
{
    dirs d;
    dirs_init(&d);
    if (argc >= 2) {
        const char *c = argv[1];
        if (!strcmp(c, "--help") || !strcmp(c, "-h")) {
            fputs(usage, stdout);
            fputs("\n", stdout);
            fputs(help, stdout);
            return 0;
        }
        if (!strcmp(c, "--version")) {
            printf("dmx %s\n", DMX_VERSION);
            return 0;
        }
        if (!strcmp(c, "eval"))
            return cmd_eval(argc - 2, argv + 2, &d);
        if (!strcmp(c, "sweep"))
            return cmd_sweep(argc - 2, argv + 2, &d);
        if (!strcmp(c, "presets"))
            return argc == 2 ? cmd_presets(&d) : usage_error("%s", "presets takes no argument");
        if (!strcmp(c, "check"))
            return cmd_check(argc - 2, argv + 2);
        if (!strcmp(c, "models"))
            return cmd_models(argc - 2, argv + 2);
    }
    tui_opts o = {.preset_dirs = d.v};
    const char *preset = NULL;

    const char *nc = getenv("NO_COLOR");
    o.no_color = nc && *nc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--no-color"))
            o.no_color = 1;
        else if (!strcmp(a, "--ascii"))
            o.ascii = 1;
        else if (!strcmp(a, "--no-mouse"))
            o.no_mouse = 1;
        else if (!strcmp(a, "--theme") || !strncmp(a, "--theme=", 8)) {
            if (!a[7] && i + 1 >= argc)
                return usage_error("option '%s' needs a NAME (dark, light or contrast)", a);
            o.theme = a[7] ? a + 8 : argv[++i];
            if (!tui_theme_known(o.theme))
                return usage_error("--theme: unknown theme '%s' (themes: dark, light, contrast)",
                                   o.theme);
        } else if (!strcmp(a, "--keys") || !strcmp(a, "--bench-keys")) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a FILE", a);
            if (a[2] == 'k')
                o.keys_file = argv[++i];
            else
                o.bench_keys = argv[++i];
        } else if (a[0] == '-' && a[1])
            return usage_error("unknown option '%s'", a);
        else if (!preset)
            preset = a;
        else
            return usage_error("unexpected argument '%s' (one PRESET at a time)", a);
    }
    const char *dt = getenv("DMX_THEME");      /* --theme wins over DMX_THEME */
    if (!o.theme && dt && *dt) {
        if (!tui_theme_known(dt))
            return usage_error("DMX_THEME: unknown theme '%s' (themes: dark, light, contrast)", dt);
        o.theme = dt;
    }
    return tui_run(preset ? preset : DEFAULT_PRESET, &o);
}
