/* report.c -- results as text, JSON, CSV and SVG.  The only engine module that prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "report.h"

int dmx_format_parse(const char *s, dmx_format *f)
{
    if (!strcmp(s, "text")) *f = DMX_FMT_TEXT;
    else if (!strcmp(s, "json")) *f = DMX_FMT_JSON;
    else if (!strcmp(s, "csv")) *f = DMX_FMT_CSV;
    else return 0;
    return 1;
}

/* ---------- JSON ---------- */

static void json_num(FILE *f, double x)
{
    if (!isfinite(x)) {
        fputs("null", f);
        return;
    }
    char b[40];
    fputs(dmx_fmt_exact(b, sizeof b, x), f);
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (c < 0x20)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

static void indent_to(FILE *f, int n)
{
    fputc('\n', f);
    for (int i = 0; i < n; i++)
        fputs("  ", f);
}

/* An array of scalars is written on one line. */
static int flat_array(const dmx_node *n)
{
    for (int i = 0; i < n->nkids; i++)
        if (n->kids[i]->t == DMX_N_ARR || n->kids[i]->t == DMX_N_OBJ)
            return 0;
    return 1;
}

void dmx_report_json_node(FILE *f, const dmx_node *n, int ind)
{
    switch (n->t) {
    case DMX_N_NULL: fputs("null", f); break;
    case DMX_N_BOOL: fputs(n->num ? "true" : "false", f); break;
    case DMX_N_NUM: json_num(f, n->num); break;
    case DMX_N_STR: json_str(f, n->str); break;
    case DMX_N_ARR:
        fputc('[', f);
        for (int i = 0; i < n->nkids; i++) {
            if (i)
                fputs(flat_array(n) ? ", " : ",", f);
            if (!flat_array(n))
                indent_to(f, ind + 1);
            dmx_report_json_node(f, n->kids[i], ind + 1);
        }
        if (!flat_array(n) && n->nkids)
            indent_to(f, ind);
        fputc(']', f);
        break;
    case DMX_N_OBJ:
        fputc('{', f);
        for (int i = 0; i < n->nkids; i++) {
            if (i)
                fputc(',', f);
            indent_to(f, ind + 1);
            json_str(f, n->kids[i]->key);
            fputs(": ", f);
            dmx_report_json_node(f, n->kids[i], ind + 1);
        }
        if (n->nkids)
            indent_to(f, ind);
        fputc('}', f);
        break;
    }
}

void dmx_report_params_json(FILE *f, const dmx_params *p, int ind)
{
    const dmx_model *m = p->model;
    fputc('{', f);
    for (int i = 0; i < p->n; i++) {
        const dmx_param_desc *d = &m->params[i];
        const dmx_pval *v = &p->vals[i];
        if (i)
            fputc(',', f);
        indent_to(f, ind + 1);
        json_str(f, d->key);
        fputs(": ", f);
        if (!v->set) {
            fputs("null", f);
            continue;
        }
        switch (d->kind) {
        case DMX_P_REAL: case DMX_P_INT: json_num(f, v->v[0]); break;
        case DMX_P_CHOICE: json_str(f, dmx_p_choice(p, d->key)); break;
        case DMX_P_VEC:
            fputc('[', f);
            for (int r = 0; r < v->rows; r++) {
                if (r) fputs(", ", f);
                json_num(f, v->v[r]);
            }
            fputc(']', f);
            break;
        case DMX_P_MAT:
            fputc('[', f);
            for (int r = 0; r < v->rows; r++) {
                fputs(r ? ", [" : "[", f);
                for (int c = 0; c < v->cols; c++) {
                    if (c) fputs(", ", f);
                    json_num(f, v->v[(size_t)r * v->cols + c]);
                }
                fputc(']', f);
            }
            fputc(']', f);
            break;
        case DMX_P_RECS:
            fputc('[', f);
            for (int r = 0; r < v->rows; r++) {
                fputs(r ? ", {" : "{", f);
                for (int c = 0; c < v->cols; c++) {
                    if (c) fputs(", ", f);
                    json_str(f, d->fields[c].key);
                    fputs(": ", f);
                    json_num(f, v->v[(size_t)r * v->cols + c]);
                }
                fputc('}', f);
            }
            fputc(']', f);
            break;
        }
    }
    if (p->n)
        indent_to(f, ind);
    fputc('}', f);
}

static void report_json(FILE *f, const char *title, const dmx_params *p, const dmx_result *r)
{
    fputs("{\n  \"model\": ", f);
    json_str(f, p->model->name);
    if (title) {
        fputs(",\n  \"title\": ", f);
        json_str(f, title);
    }
    fputs(",\n  \"params\": ", f);
    dmx_report_params_json(f, p, 1);
    for (int i = 0; i < r->root->nkids; i++) {
        const dmx_node *k = r->root->kids[i];
        if (!strcmp(k->key, "model") || !strcmp(k->key, "params") || !strcmp(k->key, "notes") ||
            !strcmp(k->key, "solver"))
            continue;
        fputs(",\n  ", f);
        json_str(f, k->key);
        fputs(": ", f);
        dmx_report_json_node(f, k, 1);
    }
    fputs(",\n  \"notes\": [", f);
    for (int i = 0; i < r->nnotes; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        json_str(f, r->notes[i]);
    }
    fputs(r->nnotes ? "\n  ]" : "]", f);
    fputs(",\n  \"solver\": {\"status\": ", f);
    json_str(f, r->status);
    fputs(", \"residual\": ", f);
    json_num(f, r->residual);
    fputs(", \"method\": ", f);
    json_str(f, r->method);
    fputs("}\n}\n", f);
}

/* ---------- CSV ---------- */

static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static void csv_node(FILE *f, const dmx_node *n, char *path, size_t cap)
{
    size_t l = strlen(path);
    switch (n->t) {
    case DMX_N_OBJ:
        for (int i = 0; i < n->nkids; i++) {
            snprintf(path + l, cap - l, "%s%s", l ? "." : "", n->kids[i]->key);
            csv_node(f, n->kids[i], path, cap);
        }
        break;
    case DMX_N_ARR:
        for (int i = 0; i < n->nkids; i++) {
            snprintf(path + l, cap - l, "[%d]", i);
            csv_node(f, n->kids[i], path, cap);
        }
        break;
    default:
        csv_field(f, path);
        fputc(',', f);
        if (n->t == DMX_N_NUM)
            json_num(f, n->num);
        else if (n->t == DMX_N_BOOL)
            fputs(n->num ? "true" : "false", f);
        else if (n->t == DMX_N_STR)
            csv_field(f, n->str);
        fputc('\n', f);
    }
    path[l] = 0;
}

/* ---------- text ---------- */

static void cell_text(char *b, size_t n, const dmx_node *c)
{
    switch (c ? c->t : DMX_N_NULL) {
    case DMX_N_NUM: dmx_fmt_num(b, n, c->num, 6); break;
    case DMX_N_STR: snprintf(b, n, "%s", c->str ? c->str : ""); break;
    case DMX_N_BOOL: snprintf(b, n, "%s", c->num ? "yes" : "no"); break;
    case DMX_N_NULL: snprintf(b, n, "—"); break;
    default: snprintf(b, n, "…"); break;
    }
}

/* Display width of a UTF-8 string (code points; good enough for our labels). */
static int utf8_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(FILE *f, const char *s, int w, int right)
{
    int k = w - utf8_width(s);
    if (right)
        while (k-- > 0)
            fputc(' ', f);
    fputs(s, f);
    if (!right)
        while (k-- > 0)
            fputc(' ', f);
}

void dmx_report_table_text(FILE *f, const dmx_view *v)
{
    if (!v || v->kind != DMX_V_TABLE || !v->header || !v->rows)
        return;
    int nc = v->header->nkids;
    for (int r = 0; r < v->rows->nkids; r++)
        if (v->rows->kids[r]->nkids > nc)
            nc = v->rows->kids[r]->nkids;
    int *w = calloc((size_t)nc + 1, sizeof *w);
    if (!w)
        return;
    char b[256];
    for (int c = 0; c < nc; c++) {
        if (c < v->header->nkids) {
            cell_text(b, sizeof b, v->header->kids[c]);
            w[c] = utf8_width(b);
        }
        for (int r = 0; r < v->rows->nkids; r++) {
            const dmx_node *row = v->rows->kids[r];
            if (c < row->nkids) {
                cell_text(b, sizeof b, row->kids[c]);
                if (utf8_width(b) > w[c])
                    w[c] = utf8_width(b);
            }
        }
    }
    fprintf(f, "%s\n", v->title ? v->title : "");
    for (int c = 0; c < nc; c++) {
        cell_text(b, sizeof b, c < v->header->nkids ? v->header->kids[c] : NULL);
        fputs(c ? "  " : "  ", f);
        pad(f, c < v->header->nkids ? b : "", w[c], c > 0);
    }
    fputc('\n', f);
    for (int r = 0; r < v->rows->nkids; r++) {
        const dmx_node *row = v->rows->kids[r];
        for (int c = 0; c < nc; c++) {
            if (c < row->nkids)
                cell_text(b, sizeof b, row->kids[c]);
            else
                b[0] = 0;
            fputs("  ", f);
            pad(f, b, w[c], c > 0);
        }
        fputc('\n', f);
    }
    free(w);
}

static void text_node(FILE *f, const dmx_node *n, int ind, const char *key)
{
    char b[64];
    for (int i = 0; i < ind; i++)
        fputs("  ", f);
    if (key)
        fprintf(f, "%s: ", key);
    switch (n->t) {
    case DMX_N_OBJ:
        fputc('\n', f);
        for (int i = 0; i < n->nkids; i++)
            text_node(f, n->kids[i], ind + 1, n->kids[i]->key);
        return;
    case DMX_N_ARR:
        if (flat_array(n)) {
            fputc('[', f);
            for (int i = 0; i < n->nkids; i++) {
                const dmx_node *k = n->kids[i];
                if (i) fputs(", ", f);
                if (k->t == DMX_N_STR) fputs(k->str, f);
                else { cell_text(b, sizeof b, k); fputs(b, f); }
            }
            fputs("]\n", f);
            return;
        }
        fputc('\n', f);
        for (int i = 0; i < n->nkids; i++) {
            char idx[16];
            snprintf(idx, sizeof idx, "[%d]", i);
            text_node(f, n->kids[i], ind + 1, idx);
        }
        return;
    case DMX_N_NULL:
        fprintf(f, "— (%s)\n", n->str ? n->str : "does not exist");
        return;
    case DMX_N_NUM:
        fprintf(f, "%s\n", dmx_fmt_num(b, sizeof b, n->num, 10));
        return;
    case DMX_N_STR:
        fprintf(f, "%s\n", n->str);
        return;
    case DMX_N_BOOL:
        fprintf(f, "%s\n", n->num ? "true" : "false");
        return;
    }
}

static void wrap(FILE *f, const char *s, int width, const char *ind)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        int len = nl ? (int)(nl - s) : (int)strlen(s);
        if (len > width) {
            int cut = width;
            while (cut > 0 && s[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = width;
            len = cut;
        }
        fprintf(f, "%s%.*s\n", ind, len, s);
        s += len;
        while (*s == ' ' || *s == '\n')
            s++;
    }
}

static void report_text(FILE *f, const char *title, const dmx_params *p, const dmx_result *r)
{
    const dmx_model *m = p->model;
    fprintf(f, "%s — %s (%s)\n", m->name, m->title, m->paper);
    if (title)
        fprintf(f, "preset: %s\n", title);
    fputs("\nparameters\n", f);
    for (int i = 0; i < p->n; i++) {
        const dmx_param_desc *d = &m->params[i];
        const dmx_pval *v = &p->vals[i];
        char b[64];
        fprintf(f, "  %-12s ", d->key);
        if (!v->set) {
            fputs("(not set)\n", f);
            continue;
        }
        if (d->kind == DMX_P_CHOICE) {
            fprintf(f, "%s\n", dmx_p_choice(p, d->key));
            continue;
        }
        if (v->uniform) {
            fprintf(f, "%s (every entry)\n", dmx_fmt_num(b, sizeof b, v->v[0], 10));
            continue;
        }
        size_t n = (size_t)v->rows * v->cols;
        for (size_t k = 0; k < n && k < 64; k++) {
            if (k && v->cols > 1 && k % (size_t)v->cols == 0)
                fputs(" |", f);
            fprintf(f, "%s%s", k ? " " : "", dmx_fmt_num(b, sizeof b, v->v[k], 10));
        }
        fputs(n > 64 ? " …\n" : "\n", f);
    }
    for (int i = 0; i < r->nviews; i++) {
        const dmx_view *v = &r->views[i];
        fputc('\n', f);
        if (v->kind == DMX_V_TABLE) {
            dmx_report_table_text(f, v);
        } else if (v->kind == DMX_V_TEXT) {
            fprintf(f, "[%s]\n", v->title ? v->title : "");
            if (v->text)
                wrap(f, v->text, 76, "  ");
        } else {
            fprintf(f, "%s (plot: %s vs %s)\n", v->title ? v->title : v->id,
                    v->ylabel ? v->ylabel : "y", v->xlabel ? v->xlabel : "x");
            for (int j = 0; j < v->nitems; j++) {
                const dmx_item *it = &v->items[j];
                char bx[32], by[32];
                if (it->kind == DMX_I_MARKER)
                    fprintf(f, "  %c %-28s (%s, %s)\n", it->glyph ? it->glyph : '*',
                            it->label ? it->label : "",
                            dmx_fmt_num(bx, sizeof bx, it->xy[0], 6),
                            dmx_fmt_num(by, sizeof by, it->xy[1], 6));
            }
        }
    }
    if (r->nnotes) {
        fputs("\nnotes\n", f);
        for (int i = 0; i < r->nnotes; i++) {
            fputs("  - ", f);
            wrap(f, r->notes[i], 74, "");
        }
    }
    fputs("\nvalues\n", f);
    for (int i = 0; i < r->root->nkids; i++)
        text_node(f, r->root->kids[i], 1, r->root->kids[i]->key);
    char b[32];
    fprintf(f, "\nsolver: %s, residual %s%s%s\n", r->status,
            dmx_fmt_num(b, sizeof b, r->residual, 2), r->method[0] ? "; " : "", r->method);
}

void dmx_report(FILE *f, dmx_format fmt, const char *title, const dmx_params *p,
                const dmx_result *r)
{
    if (fmt == DMX_FMT_JSON) {
        report_json(f, title, p, r);
    } else if (fmt == DMX_FMT_CSV) {
        char path[512] = "";
        fputs("path,value\n", f);
        if (!dmx_node_get(r->root, "model"))   /* once, whether or not the result has it */
            fprintf(f, "model,%s\n", p->model->name);
        csv_node(f, r->root, path, sizeof path);
    } else {
        report_text(f, title, p, r);
    }
}

/* ---------- sweeps ---------- */

char *dmx_fmt_exact_fast(char *buf, size_t n, double v)
{
    /* A precision that round-trips stays round-tripping with more digits (the
     * nearest (p+1)-digit decimal is at least as close as the p-digit one), so
     * the smallest one in [6, 17] can be found by bisection. */
    int lo = 6, hi = 17;
    if (v == 0)
        v = 0.0;
    while (lo < hi && isfinite(v)) {
        int mid = (lo + hi) / 2;
        snprintf(buf, n, "%.*g", mid, v);
        if (strtod(buf, NULL) == v)
            hi = mid;
        else
            lo = mid + 1;
    }
    snprintf(buf, n, "%.*g", isfinite(v) ? lo : 17, v);
    return buf;
}

/* The printed coordinates of an axis, computed once (a map repeats them). */
typedef char coord_str[32];
static coord_str *axis_strings(const dmx_axis *a)
{
    coord_str *c = malloc(sizeof *c * (size_t)(a->n > 0 ? a->n : 1));
    for (int i = 0; c && i < a->n; i++)
        dmx_fmt_exact_fast(c[i], sizeof c[i], dmx_axis_at(a, i));
    return c;
}

static void sweep_num(FILE *f, double x)
{
    char b[40];
    fputs(isfinite(x) ? dmx_fmt_exact_fast(b, sizeof b, x) : "null", f);
}

/* Cell (i, j) of a sweep; NaN outside the points it holds (a shard). */
static double sweep_val(const dmx_sweep *s, int i, int j)
{
    size_t k = (size_t)j * (size_t)s->x.n + (size_t)i;
    return k >= s->k0 && k < s->k1 ? s->cell[k - s->k0] : NAN;
}

/* CSV: one line per point in [k0, k1); the header only in shard 1, so that the
 * shards' outputs concatenated in order are the whole sweep's output. */
static int sweep_csv(FILE *f, const dmx_sweep *s)
{
    coord_str *xs = axis_strings(&s->x), *ys = axis_strings(&s->y);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return DMX_EINTERNAL;
    }
    if (s->shard <= 1)
        fprintf(f, "%s,%s%s%s\n", s->x.slot.name, s->y.n ? s->y.slot.name : "",
                s->y.n ? "," : "", s->field);
    for (size_t k = s->k0; k < s->k1; k++) {
        int i = (int)(k % (size_t)s->x.n), j = (int)(k / (size_t)s->x.n);
        double c = s->cell[k - s->k0];
        fputs(xs[i], f);
        fputc(',', f);
        if (s->y.n) {
            fputs(ys[j], f);
            fputc(',', f);
        }
        if (!isnan(c) && s->categorical)
            csv_field(f, s->cats[(int)c]);
        else if (!isnan(c))
            sweep_num(f, c);
        fputc('\n', f);
    }
    free(xs);
    free(ys);
    return DMX_OK;
}

static int sweep_json(FILE *f, const dmx_sweep *s)
{
    coord_str *xs = axis_strings(&s->x), *ys = axis_strings(&s->y);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return DMX_EINTERNAL;
    }
    fputs("{\"x\": ", f);
    json_str(f, s->x.slot.name);
    if (s->y.n) {
        fputs(", \"y\": ", f);
        json_str(f, s->y.slot.name);
    }
    fputs(", \"field\": ", f);
    json_str(f, s->field);
    fputs(", \"points\": [", f);
    for (size_t k = s->k0; k < s->k1; k++) {
        int i = (int)(k % (size_t)s->x.n), j = (int)(k / (size_t)s->x.n);
        double c = s->cell[k - s->k0];
        fputs(k > s->k0 ? ",\n  [" : "\n  [", f);
        fputs(xs[i], f);
        if (s->y.n) {
            fputs(", ", f);
            fputs(ys[j], f);
        }
        fputs(", ", f);
        if (s->categorical && !isnan(c))
            json_str(f, s->cats[(int)c]);
        else
            sweep_num(f, c);
        fputc(']', f);
    }
    fputs("\n]}\n", f);
    free(xs);
    free(ys);
    return DMX_OK;
}

static void sweep_text_1d(FILE *f, const dmx_sweep *s)
{
    char b[64];
    fprintf(f, "%14s  %s\n", s->x.slot.name, s->field);
    for (int i = 0; i < s->x.n; i++) {
        double c = sweep_val(s, i, 0);
        fprintf(f, "%14s  ", dmx_fmt_num(b, sizeof b, dmx_axis_at(&s->x, i), 6));
        if (s->categorical && !isnan(c))
            fprintf(f, "%s\n", s->cats[(int)c]);
        else
            fprintf(f, "%s\n", dmx_fmt_num(b, sizeof b, c, 8));
    }
}

/* Map glyphs for categories: letters, so that a legend line such as
 * "D = Case 4" never reads as if the glyph were the case number. */
static const char sweep_glyphs[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const char sweep_shades[] = " .:-=+*#%@";

static char sweep_glyph(const dmx_sweep *s, double c, double lo, double hi)
{
    if (isnan(c))
        return ' ';
    if (s->categorical)
        return (int)c < (int)sizeof sweep_glyphs - 1 ? sweep_glyphs[(int)c] : '#';
    if (!(hi > lo))
        return sweep_shades[5];
    return sweep_shades[(int)((c - lo) / (hi - lo) * (sizeof sweep_shades - 2) + 0.5)];
}

/* 2-D text map: one character per cell, y upward, then the legend. */
static void sweep_text_2d(FILE *f, const dmx_sweep *s)
{
    char b[64], b2[64];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; !s->categorical && k < s->k1 - s->k0; k++)
        if (!isnan(s->cell[k])) {
            lo = fmin(lo, s->cell[k]);
            hi = fmax(hi, s->cell[k]);
        }
    fprintf(f, "%s over %s (x) and %s (y)\n", s->field, s->x.slot.name, s->y.slot.name);
    for (int j = s->y.n - 1; j >= 0; j--) {
        fprintf(f, "%10s |", dmx_fmt_num(b, sizeof b, dmx_axis_at(&s->y, j), 4));
        for (int i = 0; i < s->x.n; i++)
            fputc(sweep_glyph(s, sweep_val(s, i, j), lo, hi), f);
        fputc('\n', f);
    }
    fprintf(f, "%10s +", "");
    for (int i = 0; i < s->x.n; i++)
        fputc('-', f);
    fprintf(f, "\n%12s%s", "", dmx_fmt_num(b, sizeof b, s->x.lo, 4));
    fprintf(f, " … %s\n", dmx_fmt_num(b, sizeof b, s->x.hi, 4));
    if (s->categorical) {
        fputs("  legend:\n", f);
        for (int c = 0; c < s->ncats; c++)
            fprintf(f, "  %c = %s\n", c < (int)sizeof sweep_glyphs - 1 ? sweep_glyphs[c] : '#',
                    s->cats[c]);
    } else {
        fprintf(f, "  shades '%s' from %s to %s\n", sweep_shades, dmx_fmt_num(b, sizeof b, lo, 6),
                dmx_fmt_num(b2, sizeof b2, hi, 6));
    }
}

int dmx_report_sweep(FILE *f, dmx_format fmt, const dmx_sweep *s)
{
    if (fmt == DMX_FMT_CSV)
        return sweep_csv(f, s);
    if (fmt == DMX_FMT_JSON)
        return sweep_json(f, s);
    if (s->y.n)
        sweep_text_2d(f, s);
    else
        sweep_text_1d(f, s);
    if (s->nfail)
        fprintf(f, "  %d point(s) failed; first: %s\n", s->nfail, s->first_fail);
    return DMX_OK;
}

/* ---------- SVG ---------- */

static const char *svg_color(int style)
{
    static const char *const c[] = {"#222222", "#d62728", "#2ca02c", "#1f77b4",
                                    "#ff7f0e", "#9467bd", "#17becf", "#8c564b"};
    return c[((style % 8) + 8) % 8];
}

static void svg_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else fputc(*s, f);
    }
}

void dmx_report_svg(FILE *f, const dmx_view *v)
{
    const double W = 640, H = 480, ml = 60, mr = 160, mt = 40, mb = 50;
    double x0 = v->xmin, x1 = v->xmax, y0 = v->ymin, y1 = v->ymax;
    if (!(x1 > x0)) x1 = x0 + 1;
    if (!(y1 > y0)) y1 = y0 + 1;
#define SX(x) (ml + ((x) - x0) / (x1 - x0) * (W - ml - mr))
#define SY(y) (H - mb - ((y) - y0) / (y1 - y0) * (H - mt - mb))
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n<text x=\"%g\" y=\"24\" "
               "font-size=\"15\">", ml);
    svg_text(f, v->title);
    fputs("</text>\n", f);
    int legend = 0;
    for (int j = 0; j < v->nitems; j++) {
        const dmx_item *it = &v->items[j];
        if (it->kind == DMX_I_GRID) {
            double dx = it->nx > 1 ? (it->x1 - it->x0) / (it->nx - 1) : (x1 - x0);
            double dy = it->ny > 1 ? (it->y1 - it->y0) / (it->ny - 1) : (y1 - y0);
            for (int b = 0; b < it->ny; b++)
                for (int a = 0; a < it->nx; a++) {
                    double c = it->cell[(size_t)b * it->nx + a];
                    if (isnan(c))
                        continue;
                    double cx = it->x0 + a * dx, cy = it->y0 + b * dy;
                    const char *col = it->ncats ? svg_color((int)c + 1) : "#1f77b4";
                    double op = it->ncats ? 0.45 : 0.15 + 0.8 * (c - 0) / 1.0;
                    if (op > 1) op = 1;
                    fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                               "fill=\"%s\" fill-opacity=\"%.2f\"/>\n",
                            SX(cx - dx / 2), SY(cy + dy / 2), SX(cx + dx / 2) - SX(cx - dx / 2),
                            SY(cy - dy / 2) - SY(cy + dy / 2), col, op);
                }
            for (int c = 0; c < it->ncats; c++, legend++)
                fprintf(f, "<rect x=\"%g\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\" "
                           "fill-opacity=\"0.45\"/><text x=\"%g\" y=\"%d\">%s</text>\n",
                        W - mr + 10, 50 + legend * 16, svg_color(c + 1), W - mr + 24,
                        59 + legend * 16, it->cats[c]);
        } else if (it->kind == DMX_I_POLYGON || it->kind == DMX_I_POLYLINE) {
            fprintf(f, "<%s points=\"", it->kind == DMX_I_POLYGON ? "polygon" : "polyline");
            for (int k = 0; k < it->n; k++)
                fprintf(f, "%.2f,%.2f ", SX(it->xy[2 * k]), SY(it->xy[2 * k + 1]));
            fprintf(f, "\" fill=\"%s\" fill-opacity=\"0.15\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    it->kind == DMX_I_POLYGON && it->filled ? svg_color(it->style) : "none",
                    svg_color(it->style));
        } else if (it->kind == DMX_I_MARKER) {
            fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"%s\"/><text x=\"%.2f\" "
                       "y=\"%.2f\">%c</text>\n",
                    SX(it->xy[0]), SY(it->xy[1]), svg_color(it->style), SX(it->xy[0]) + 7,
                    SY(it->xy[1]) - 7, it->glyph ? it->glyph : '*');
        }
        if (it->label && it->kind != DMX_I_GRID) {
            fprintf(f, "<text x=\"%g\" y=\"%d\" fill=\"%s\">", W - mr + 10, 50 + legend * 16,
                    svg_color(it->style));
            if (it->kind == DMX_I_MARKER)
                fprintf(f, "%c ", it->glyph ? it->glyph : '*');
            svg_text(f, it->label);
            fputs("</text>\n", f);
            legend++;
        }
    }
    char a[32], b[32];
    fprintf(f, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" "
               "stroke=\"#444\"/>\n", ml, mt, W - ml - mr, H - mt - mb);
    fprintf(f, "<text x=\"%g\" y=\"%g\">%s</text><text x=\"%g\" y=\"%g\" text-anchor=\"end\">%s"
               "</text>\n", ml, H - mb + 16, dmx_fmt_num(a, sizeof a, x0, 4), W - mr, H - mb + 16,
            dmx_fmt_num(b, sizeof b, x1, 4));
    fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%s</text><text x=\"%g\" y=\"%g\" "
               "text-anchor=\"end\">%s</text>\n", ml - 4, H - mb, dmx_fmt_num(a, sizeof a, y0, 4),
            ml - 4, mt + 10, dmx_fmt_num(b, sizeof b, y1, 4));
    fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">", (ml + W - mr) / 2, H - 12);
    svg_text(f, v->xlabel);
    fprintf(f, "</text>\n<text x=\"14\" y=\"%g\" transform=\"rotate(-90 14 %g)\" "
               "text-anchor=\"middle\">", (mt + H - mb) / 2, (mt + H - mb) / 2);
    svg_text(f, v->ylabel);
    fputs("</text>\n</svg>\n", f);
#undef SX
#undef SY
}
