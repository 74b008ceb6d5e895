/* main.c -- the dmx command: option parsing, the batch subcommands
 * (eval, sweep, presets, check, models) and the explorer entry point. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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
    "usage: dmx [--no-color] [--ascii] [--no-mouse] [--no-ahead]\n"
    "           [--theme dark|light|contrast] [--keys FILE] [PRESET]\n"
    "       dmx eval PRESET [--set KEY=VALUE]... [--format text|json|csv]\n"
    "       dmx sweep PRESET --x KEY=LO:HI:N [--y KEY=LO:HI:N] --field PATH\n"
    "                 [--set KEY=VALUE]... [--format csv|text|json] [--jobs N] [--shard I/N]\n"
    "       dmx presets | dmx models [MODEL] | dmx check FILE...\n"
    "       dmx [COMMAND] --help | dmx --version\n";

static const char help[] =
    "dmx — the data-market explorer: equilibria of data-market models, live.\n"
    "\n"
    "With no command, opens the explorer on PRESET (default " DEFAULT_PRESET ").\n"
    "\n"
    "commands:\n"
    "  eval PRESET     compute a preset and print everything (default format: text)\n"
    "  sweep PRESET    one result field over a 1-D or 2-D grid of parameters\n"
    "                  (default format: csv)\n"
    "  presets         list shipped and user presets with title and source\n"
    "  models [MODEL]  list models, or one model's parameters with ranges\n"
    "  check FILE...   validate preset files only\n"
    "\n"
    "options:\n"
    "  --set KEY=VALUE     change a parameter: key=1.5, key=1,2,3, key[i]=v,\n"
    "                      key[i][j]=v, key[i].field=v, key=choice\n"
    "  --format FMT        text, json or csv (eval default text, sweep default csv)\n"
    "  --x/--y KEY=LO:HI:N sweep axes: N points, point i = LO + (HI-LO)*i/(N-1)\n"
    "                      rounded to 15 significant digits, the last exactly HI\n"
    "  --field PATH        result path, e.g. competitive.case or triangle.pi_star\n"
    "  --jobs N            sweep threads (default: online cores); same output for any N\n"
    "  --shard I/N         sweep only the I-th of N contiguous parts of the points in\n"
    "                      output order (csv only; shards 2..N print no header, so\n"
    "                      `cat` of the N outputs in order is the whole sweep)\n"
    "  --no-color --ascii --no-mouse --keys FILE --bench-keys FILE  (explorer)\n"
    "  --no-ahead          explorer: do not compute the next slider step while idle\n"
    "  --theme NAME        dark (default), light or contrast; also DMX_THEME\n"
    "\n"
    "PRESET is a file path or a name searched in $DMX_PRESETS, $XDG_DATA_HOME/dmx/presets,\n"
    DMX_DATADIR "/presets and the source tree's presets/.\n"
    "exit status: 0 ok, 64 usage, 65 bad data, 66 missing input, 70 internal error,\n"
    "73 cannot create output, 74 cannot write output.  See dmx(1).\n";

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
    return dmx_err_code(e);
}

/* One line: what was wrong and where the usage is (the whole usage after
 * every typo buried the line that matters). */
static int usage_error(const char *fmt, const char *arg)
{
    fputs("dmx: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("; see dmx --help\n", stderr);
    return DMX_EUSAGE;
}

/* The closest candidate to `want` within a typo's distance ("did you mean"). */
typedef struct nearest {
    const char *want;
    char best[128];
    int d;
} nearest;

static void near_init(nearest *n, const char *want)
{
    n->want = want;
    n->best[0] = 0;
    n->d = INT_MAX;
}

static void near_try(nearest *n, const char *cand)
{
    int lim = (int)strlen(n->want) / 3, d = dmx_edit_distance(n->want, cand);
    if (d <= (lim < 2 ? 2 : lim) && d < n->d && d > 0) {
        n->d = d;
        snprintf(n->best, sizeof n->best, "%s", cand);
    }
}

/* Every preset name (file name without .yaml/.yml) in the search path, and every
 * model name (which opens its default preset). */
static void near_presets(nearest *n, const dirs *d)
{
    for (int i = 0; d->v[i]; i++) {
        DIR *dir = opendir(d->v[i]);
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            char name[128];
            snprintf(name, sizeof name, "%s", de->d_name);
            size_t l = strlen(name);
            if (l > 5 && !strcmp(name + l - 5, ".yaml"))
                name[l - 5] = 0;
            else if (l > 4 && !strcmp(name + l - 4, ".yml"))
                name[l - 4] = 0;
            else
                continue;
            near_try(n, name);
        }
        if (dir)
            closedir(dir);
    }
    for (int i = 0; dmx_models[i]; i++)
        near_try(n, dmx_models[i]->name);
}

/* Adds "(did you mean 'X'?)" after the quoted name in e's message (at the end
 * when the name is not quoted there) when X is close to the name. */
static void suggest(dmx_err *e, const nearest *n)
{
    char q[160], tail[sizeof e->msg];
    if (!n->best[0])
        return;
    snprintf(q, sizeof q, "'%s'", n->want);
    char *at = strstr(e->msg, q);
    size_t cut = at ? (size_t)(at - e->msg) + strlen(q) : strlen(e->msg);
    snprintf(tail, sizeof tail, "%s", e->msg + cut);
    snprintf(e->msg + cut, sizeof e->msg - cut, " (did you mean '%s'?)%s", n->best, tail);
}

/* Resolves a preset name (or a model name → its default preset) and loads it, with the
 * --set assignments applied before validation. */
static int open_preset_sets(const char *name, const dirs *d, const char *const *sets,
                            int nsets, dmx_preset **pr, dmx_err *e)
{
    char path[PATH_MAX];
    int rc = dmx_preset_find(name, d->v, path, sizeof path, e);
    if (rc == DMX_ENOINPUT) {
        const dmx_model *m = dmx_model_find(name);
        if (m && m->default_preset)
            rc = dmx_preset_find(m->default_preset, d->v, path, sizeof path, e);
    }
    if (rc == DMX_ENOINPUT && !strchr(name, '/')) {
        nearest n;
        near_init(&n, name);
        near_presets(&n, d);
        suggest(e, &n);
    }
    if (rc != DMX_OK)
        return rc;
    return dmx_preset_load_sets(path, sets, nsets, pr, e);
}

static int open_preset(const char *name, const dirs *d, dmx_preset **pr, dmx_err *e)
{
    return open_preset_sets(name, d, NULL, 0, pr, e);
}

typedef struct opts {
    const char *preset, *format, *field, *xspec, *yspec, *jobs, *shard;
    const char **sets;
    int nsets;
} opts;

/* The value slot of option `name` ("--set", ...), or NULL when the command has
 * no such option. */
static const char **opt_slot(opts *o, const char *name, int sweep)
{
    if (!strcmp(name, "--set"))
        return &o->sets[o->nsets];
    if (!strcmp(name, "--format"))
        return &o->format;
    if (!sweep)
        return NULL;
    if (!strcmp(name, "--x"))
        return &o->xspec;
    if (!strcmp(name, "--y"))
        return &o->yspec;
    if (!strcmp(name, "--field"))
        return &o->field;
    if (!strcmp(name, "--jobs"))
        return &o->jobs;
    if (!strcmp(name, "--shard"))
        return &o->shard;
    return NULL;
}

/* Parses the options shared by eval and sweep ("--opt VALUE" or "--opt=VALUE"). */
static int parse_opts(int argc, char **argv, opts *o, int sweep)
{
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    if (!o->sets) {
        fputs("dmx: out of memory\n", stderr);
        return DMX_EINTERNAL;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL, *eq = strchr(a, '=');
        char name[32];
        snprintf(name, sizeof name, "%s", a);
        if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
            name[eq - a] = 0;
            val = eq + 1;
        }
        const char **slot = a[0] == '-' && a[1] ? opt_slot(o, name, sweep) : NULL;
        if (!slot && a[0] == '-' && a[1])
            return usage_error("unknown option '%s'", a);
        if (!slot && o->preset)
            return usage_error("unexpected argument '%s'", a);
        if (!slot) {
            o->preset = a;
            continue;
        }
        if (!val && i + 1 >= argc)
            return usage_error("option '%s' needs a value", a);
        *slot = val ? val : argv[++i];
        if (slot == &o->sets[o->nsets])
            o->nsets++;
    }
    if (!o->preset)
        return usage_error("%s", "missing PRESET");
    return DMX_OK;
}

/* A bad flag value: one line naming the flag, exit 64. */
static int flag_error(const char *flag, const char *val, const char *rule)
{
    fprintf(stderr, "dmx: %s '%s': %s\n", flag, val, rule);
    return DMX_EUSAGE;
}

/* A whole number in [lo, hi] written with digits only; -1 otherwise. */
static long parse_count(const char *s, size_t len, long lo, long hi)
{
    if (len == 0 || len > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi ? v : -1;
}

#define MAX_JOBS 1024       /* accepted; the grid uses at most its own limit */
#define MAX_SHARDS 1000000

/* --jobs N and --shard I/N. */
static int parse_split(const opts *o, int *jobs, int *shard, int *nshards)
{
    *jobs = dmx_ncores();
    *shard = *nshards = 1;
    if (o->jobs) {
        long j = parse_count(o->jobs, strlen(o->jobs), 1, MAX_JOBS);
        if (j < 0)
            return flag_error("--jobs", o->jobs, "expected a whole number of threads from 1 to "
                                                 "1024");
        *jobs = (int)j;
    }
    if (o->shard) {
        const char *sl = strchr(o->shard, '/');
        long n = sl ? parse_count(sl + 1, strlen(sl + 1), 1, MAX_SHARDS) : -1;
        long i = sl && n > 0 ? parse_count(o->shard, (size_t)(sl - o->shard), 1, n) : -1;
        if (i < 0)
            return flag_error("--shard", o->shard, "expected I/N, whole numbers with "
                                                   "1 <= I <= N (e.g. --shard 2/4)");
        *shard = (int)i;
        *nshards = (int)n;
    }
    return DMX_OK;
}

/* Loads the preset with every --set applied before validation (so a --set can raise a
 * budget the file exceeds); reports errors. */
static int load_with_sets(const opts *o, const dirs *d, dmx_preset **pr)
{
    dmx_err e = {0};
    int rc = open_preset_sets(o->preset, d, (const char *const *)o->sets, o->nsets, pr, &e);
    return rc != DMX_OK ? fail(&e) : DMX_OK;
}

/* The preamble eval and sweep share after parse_opts: format, preset, --set. */
static int load_opts(const opts *o, const dirs *d, int sweep, dmx_format *fmt, dmx_preset **pr)
{
    if (sweep && (!o->xspec || !o->field))
        return usage_error("%s", "sweep needs --x KEY=LO:HI:N and --field PATH");
    if (o->format && !dmx_format_parse(o->format, fmt))
        return usage_error("unknown format '%s' (text, json or csv)", o->format);
    return load_with_sets(o, d, pr);
}

/* Writes buffered output only on success: no partial output on error. */
static int emit(char *buf, size_t n)
{
    if (fwrite(buf, 1, n, stdout) != n || fflush(stdout) != 0) {
        free(buf);
        fprintf(stderr, "dmx: cannot write output: %s\n", strerror(errno));
        return DMX_EIO;
    }
    free(buf);
    return DMX_OK;
}

/* What to render: eval's report or a sweep. */
typedef struct render {
    dmx_format fmt;
    const dmx_preset *pr;
    const dmx_result *r;      /* eval */
    const dmx_sweep *s;       /* sweep */
} render;

/* Renders into memory, then writes it out whole (nothing partial on error).  A
 * CSV sweep goes straight to stdout: its renderer fails only before its first
 * byte (report.h), and a 40,000-line copy through memory was a third of its
 * serial time. */
static int render_emit(const render *w)
{
    if (w->s && w->fmt == DMX_FMT_CSV) {
        int rc = dmx_report_sweep(stdout, w->fmt, w->s);
        if (rc != DMX_OK) {
            fputs("dmx: out of memory\n", stderr);
            return rc;
        }
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "dmx: cannot write output: %s\n", strerror(errno));
            return DMX_EIO;
        }
        return DMX_OK;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    int rc = f ? DMX_OK : DMX_EINTERNAL;
    if (f && w->s)
        rc = dmx_report_sweep(f, w->fmt, w->s);
    else if (f)
        dmx_report(f, w->fmt, w->pr->title, w->pr->params, w->r);
    if (f && fclose(f) != 0)
        rc = DMX_EINTERNAL;
    if (rc != DMX_OK) {
        free(buf);
        fputs("dmx: out of memory\n", stderr);
        return rc;
    }
    return emit(buf, n);
}

static int cmd_eval(int argc, char **argv, const dirs *d)
{
    opts o = {0};
    dmx_format fmt = DMX_FMT_TEXT;
    dmx_preset *pr = NULL;
    dmx_result *r = NULL;
    dmx_err e = {0};
    int rc = parse_opts(argc, argv, &o, 0);
    if (rc == DMX_OK)
        rc = load_opts(&o, d, 0, &fmt, &pr);
    if (rc == DMX_OK && !(r = dmx_compute(pr->params, NULL, &e)))
        rc = fail(&e);
    if (rc == DMX_OK)
        rc = render_emit(&(render){.fmt = fmt, .pr = pr, .r = r});
    dmx_result_free(r);
    dmx_preset_free(pr);
    free(o.sets);
    return rc;
}

/* Parses the axes (after the preset is loaded: keys are the model's). */
static int sweep_axes(const opts *o, const dmx_preset *pr, dmx_axis *x, dmx_axis *y)
{
    dmx_err e = {0};
    memset(y, 0, sizeof *y);
    if (dmx_axis_parse(pr->params, o->xspec, x, &e) != DMX_OK ||
        (o->yspec && dmx_axis_parse(pr->params, o->yspec, y, &e) != DMX_OK))
        return fail(&e);
    return DMX_OK;
}

static int cmd_sweep(int argc, char **argv, const dirs *d)
{
    opts o = {0};
    dmx_format fmt = DMX_FMT_CSV;
    dmx_preset *pr = NULL;
    dmx_sweep *s = NULL;
    dmx_err e = {0};
    dmx_axis x, y;
    int jobs = 1, shard = 1, nshards = 1;
    int rc = parse_opts(argc, argv, &o, 1);
    if (rc == DMX_OK)
        rc = parse_split(&o, &jobs, &shard, &nshards);
    if (rc == DMX_OK && o.shard && (o.format && strcmp(o.format, "csv")))
        rc = flag_error("--shard", o.shard, "needs --format csv (text and json are whole "
                                            "documents; CSV shards merge with cat)");
    if (rc == DMX_OK)
        rc = load_opts(&o, d, 1, &fmt, &pr);
    if (rc == DMX_OK)
        rc = sweep_axes(&o, pr, &x, &y);
    dmx_ctx ctx = {.jobs = jobs};
    if (rc == DMX_OK &&
        dmx_sweep_run_shard(pr->params, &x, o.yspec ? &y : NULL, o.field, &ctx, shard, nshards,
                            &s, &e) != DMX_OK)
        rc = fail(&e);
    if (rc == DMX_OK)
        rc = render_emit(&(render){.fmt = fmt, .s = s});
    if (rc == DMX_OK && s->nfail && fmt != DMX_FMT_TEXT) /* text says it in the output */
        fprintf(stderr, "dmx: note: %d of %zu points have no value (first: %s)\n", s->nfail,
                s->k1 - s->k0, s->first_fail);
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

/* Validates files, or presets by name as eval finds them. */
static int cmd_check(int argc, char **argv, const dirs *d)
{
    if (argc < 1)
        return usage_error("%s", "check needs at least one FILE or PRESET");
    int worst = DMX_OK;
    for (int i = 0; i < argc; i++) {
        dmx_preset *pr = NULL;
        dmx_err e = {0};
        int rc = strchr(argv[i], '/') || access(argv[i], F_OK) == 0
                     ? dmx_preset_load(argv[i], &pr, &e)
                     : open_preset(argv[i], d, &pr, &e);
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

static void model_line(FILE *f, const dmx_model *m)
{
    fprintf(f, "%-5s %s — %s (default preset %s)\n", m->name, m->title, m->paper,
            m->default_preset ? m->default_preset : "-");
}

static int cmd_models(int argc, char **argv)
{
    for (int i = 0; dmx_models[i]; i++) {
        const dmx_model *m = dmx_models[i];
        if (argc && strcmp(argv[0], m->name) != 0)
            continue;
        model_line(stdout, m);
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
        nearest n;
        near_init(&n, argv[0]);
        for (int i = 0; dmx_models[i]; i++)
            near_try(&n, dmx_models[i]->name);
        fprintf(stderr, "dmx: unknown model '%s'%s%s%s; the models are:\n", argv[0],
                n.best[0] ? " (did you mean '" : "", n.best, n.best[0] ? "'?)" : "");
        for (int i = 0; dmx_models[i]; i++)
            model_line(stderr, dmx_models[i]);
        return DMX_EUSAGE;
    }
    return DMX_OK;
}

static const char *const commands[] = {"eval", "sweep", "presets", "models", "check", NULL};

/* The command `c` is probably a typo of, or NULL. */
static const char *near_command(const char *c)
{
    nearest n;
    near_init(&n, c);
    for (int i = 0; commands[i]; i++)
        near_try(&n, commands[i]);
    for (int i = 0; commands[i]; i++)
        if (!strcmp(n.best, commands[i]))
            return commands[i];
    return NULL;
}

static int not_a_preset(const char *name, const dirs *d)
{
    char path[PATH_MAX];
    dmx_err e = {0};
    return dmx_preset_find(name, d->v, path, sizeof path, &e) != DMX_OK &&
           !dmx_model_find(name);
}

static int unknown_command(const char *c)
{
    const char *n = near_command(c);
    if (n)
        fprintf(stderr, "dmx: unknown command '%s' (did you mean '%s'?)\n", c, n);
    else
        fprintf(stderr, "dmx: unknown command '%s' (commands: eval, sweep, presets, models, "
                        "check; or one PRESET to open the explorer)\n", c);
    return DMX_EUSAGE;
}

static int is_batch(const char *c)
{
    for (int i = 0; commands[i]; i++)
        if (!strcmp(c, commands[i]))
            return 1;
    return !strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "--version");
}

/* The batch commands (argv[1] satisfies is_batch). */
static int batch(int argc, char **argv, const dirs *d)
{
    const char *c = argv[1];
    /* `dmx sweep --help` as well as `dmx --help`: one help for every command */
    const char *h = argc > 2 && strcmp(c, "--version") ? argv[2] : c;
    if (!strcmp(h, "--help") || !strcmp(h, "-h")) {
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
        return cmd_eval(argc - 2, argv + 2, d);
    if (!strcmp(c, "sweep"))
        return cmd_sweep(argc - 2, argv + 2, d);
    if (!strcmp(c, "presets"))
        return argc == 2 ? cmd_presets(d) : usage_error("%s", "presets takes no argument");
    if (!strcmp(c, "check"))
        return cmd_check(argc - 2, argv + 2, d);
    return cmd_models(argc - 2, argv + 2);
}

/* Output that could not be written (a full disk, a closed stdout) is an I/O
 * error (74), never a silent success. */
static int flush_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (rc == DMX_OK)
            fprintf(stderr, "dmx: cannot write output: %s\n", strerror(errno));
        return rc == DMX_OK ? DMX_EIO : rc;
    }
    return rc;
}

int main(int argc, char **argv)
{
    dirs d;
    dirs_init(&d);
    if (argc >= 2 && is_batch(argv[1]))
        return flush_stdout(batch(argc, argv, &d));
    if (argc >= 2 && argv[1][0] != '-' && not_a_preset(argv[1], &d) &&
        (argc > 2 || near_command(argv[1])))
        return unknown_command(argv[1]);
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
        else if (!strcmp(a, "--no-ahead"))
            o.no_ahead = 1;
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
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "--version")) {
            char *hv[] = {argv[0], (char *)a, NULL};   /* after explorer options too */
            return batch(2, hv, &d);
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
