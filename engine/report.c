/* report.c -- results as text, JSON, CSV and SVG.  The only engine module that prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "numfmt.h"
#include "utf8.h"
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
    fputs(dmx_fmt_exact_fast(b, sizeof b, x), f);
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

static void pad(FILE *f, const char *s, int w, int right)
{
    int k = w - dmx_utf8_width(s);
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
            w[c] = dmx_utf8_width(b);
        }
        for (int r = 0; r < v->rows->nkids; r++) {
            const dmx_node *row = v->rows->kids[r];
            if (c < row->nkids) {
                cell_text(b, sizeof b, row->kids[c]);
                if (dmx_utf8_width(b) > w[c])
                    w[c] = dmx_utf8_width(b);
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

/* Writes s wrapped at spaces to `width` columns (display width, UTF-8 aware),
 * each line after `ind`; a word longer than a line is broken between
 * characters.  Nothing is cut. */
static void wrap(FILE *f, const char *s, int width, const char *ind)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        char *line = strndup(s, len);
        size_t fit = line ? dmx_utf8_prefix(line, width) : len;
        free(line);
        if (fit < len) {
            size_t cut = fit;
            while (cut > 0 && s[cut] != ' ')
                cut--;
            len = cut ? cut : fit ? fit : 1;
        }
        fprintf(f, "%s%.*s\n", ind, (int)len, s);
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

/* ---------- plot legends ---------- */

void dmx_report_plot_legend(FILE *f, const dmx_view *v)
{
    if (!v || v->kind != DMX_V_PLOT)
        return;
    fputs("legend\n", f);
    for (int j = 0; j < v->nitems; j++) {
        const dmx_item *it = &v->items[j];
        char bx[32], by[32];
        if (it->kind == DMX_I_GRID) {
            for (int c = 0; c < it->ncats; c++)
                fprintf(f, "  region %d: %s\n", c + 1, it->cats[c]);
            if (!it->ncats && it->label)
                fprintf(f, "  shaded: %s\n", it->label);
        } else if (it->kind == DMX_I_MARKER) {
            fprintf(f, "  %c %s at (%s, %s)\n", it->glyph ? it->glyph : '*',
                    it->label ? it->label : "", dmx_fmt_num(bx, sizeof bx, it->xy[0], 6),
                    dmx_fmt_num(by, sizeof by, it->xy[1], 6));
        } else if (it->label) {
            fprintf(f, "  %s %s\n", it->kind == DMX_I_POLYGON ? "area" : "line", it->label);
        }
    }
    fprintf(f, "axes: x = %s, y = %s\n", v->xlabel ? v->xlabel : "x", v->ylabel ? v->ylabel : "y");
}

/* ---------- sweeps ---------- */

/* The digits of "%.{p-1}e" text t (sign, p digits, exponent), p <= 17. */
static void e_digits(const char *t, int p, int *neg, char *d, int *e10)
{
    *neg = *t == '-';
    t += *neg;
    int k = 0;
    for (; *t && *t != 'e' && k < p; t++)
        if (*t != '.')
            d[k++] = *t;
    while (*t && *t != 'e')
        t++;
    *e10 = *t ? atoi(t + 1) : 0;
}

/* v to p significant digits (r[0..p), exponent *re, as %.{p-1}e rounds it), from
 * its 17-digit decimal d, e10.  Rounding d again gives the same digits except
 * when its dropped part is exactly 5000...: a 17-digit rounding never crosses the
 * p-digit halfway point (it is on the 17-digit grid), so only there may v lie on
 * either side of it; then the digits come from the printer itself. */
static void round_to(double v, const char *d, int e10, int p, char *r, int *re)
{
    memcpy(r, d, (size_t)p);
    *re = e10;
    if (p >= 17)
        return;
    int rest = 0;
    for (int k = p + 1; k < 17; k++)
        rest |= d[k] != '0';
    if (d[p] == '5' && !rest) {
        char t[40];
        int neg;
        dmx_fmt_double(t, sizeof t, 'e', p - 1, v);
        e_digits(t, p, &neg, r, re);
        return;
    }
    if (d[p] < '5')
        return;
    int k = p - 1;
    while (k >= 0 && r[k] == '9')
        r[k--] = '0';
    if (k >= 0) {
        r[k]++;
    } else {
        r[0] = '1';
        (*re)++;
    }
}

/* "e+05", "e-123": an exponent as %e writes it (sign, at least two digits); returns the
 * end.  Also what reads_back() hands strtod. */
static char *exp_text(char *o, int re)
{
    int a = re < 0 ? -re : re;
    *o++ = 'e';
    *o++ = re < 0 ? '-' : '+';
    if (a >= 100)
        *o++ = (char)('0' + a / 100);
    *o++ = (char)('0' + a / 10 % 10);
    *o++ = (char)('0' + a % 10);
    return o;
}

/* Whether the decimal r[0..p) x 10^(re - p + 1) reads back as v. */
static int reads_back(double v, int neg, const char *r, int p, int re)
{
    char t[48];
    int k = 0;
    if (neg)
        t[k++] = '-';
    t[k++] = r[0];
    t[k++] = '.';
    memcpy(t + k, r + 1, (size_t)(p - 1));
    k += p - 1;
    *exp_text(t + k, re) = 0;
    return strtod(t, NULL) == v;
}

/* r[0..p), exponent re, as %.{p}g writes it: fixed for -4 <= re < p, else with an
 * exponent of at least two digits; trailing zeros and a bare point dropped. */
static void g_text(char *buf, int neg, const char *r, int p, int re)
{
    char *o = buf;
    if (neg)
        *o++ = '-';
    char *frac = NULL;
    if (re >= -4 && re < p) {
        if (re < 0) {
            *o++ = '0';
            *o++ = '.';
            frac = o;
            for (int k = 0; k < -re - 1; k++)
                *o++ = '0';
            memcpy(o, r, (size_t)p);
            o += p;
        } else {
            memcpy(o, r, (size_t)re + 1);
            o += re + 1;
            *o++ = '.';
            frac = o;
            memcpy(o, r + re + 1, (size_t)(p - re - 1));
            o += p - re - 1;
        }
    } else {
        *o++ = r[0];
        *o++ = '.';
        frac = o;
        memcpy(o, r + 1, (size_t)(p - 1));
        o += p - 1;
    }
    while (o > frac && o[-1] == '0')
        o--;
    if (o == frac)
        o--;                       /* the point */
    if (!(re >= -4 && re < p)) {
        o = exp_text(o, re);
    }
    *o = 0;
}

char *dmx_fmt_exact_fast(char *buf, size_t n, double v)
{
    /* A precision that round-trips stays round-tripping with more digits (the
     * nearest (p+1)-digit decimal is at least as close as the p-digit one), so
     * the smallest one in [6, 17] can be found by bisection.  The candidates are
     * rounded from one 17-digit conversion (round_to) instead of printed one by
     * one; 6 digits (a typed grid) and 16 (a computed value) are tried first. */
    if (v == 0)
        v = 0.0;
    if (!isfinite(v) || n < 32) {
        int lo = 6, hi = 17;
        while (lo < hi && isfinite(v)) {
            int mid = (lo + hi) / 2;
            dmx_fmt_double(buf, n, 'g', mid, v);
            if (strtod(buf, NULL) == v)
                hi = mid;
            else
                lo = mid + 1;
        }
        dmx_fmt_double(buf, n, 'g', isfinite(v) ? lo : 17, v);
        return buf;
    }
    char t[40], d[17], r[17];
    int neg, e10, re;
    dmx_fmt_double(t, sizeof t, 'e', 16, v);
    e_digits(t, 17, &neg, d, &e10);
    int lo = 6, hi = 17, p;
    round_to(v, d, e10, 6, r, &re);
    if (reads_back(v, neg, r, 6, re)) {
        hi = 6;
    } else {
        lo = 7;
        round_to(v, d, e10, 16, r, &re);
        if (!reads_back(v, neg, r, 16, re))
            lo = 17;
        else
            hi = 16;
    }
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        round_to(v, d, e10, mid, r, &re);
        if (reads_back(v, neg, r, mid, re))
            hi = mid;
        else
            lo = mid + 1;
    }
    p = lo;
    round_to(v, d, e10, p, r, &re);
    g_text(buf, neg, r, p, re);
    return buf;
}

/* The printed coordinates of an axis, computed once (a map repeats them). */
typedef struct coord_str {
    char s[40];
    size_t n;                      /* strlen(s) */
} coord_str;
static coord_str *axis_strings(const dmx_axis *a)
{
    coord_str *c = malloc(sizeof *c * (size_t)(a->n > 0 ? a->n : 1));
    for (int i = 0; c && i < a->n; i++)
        c[i].n = strlen(dmx_fmt_exact_fast(c[i].s, sizeof c[i].s, dmx_axis_at(a, i)));
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

/* Output gathered in blocks: a 200 x 200 sweep is 40,000 rows, and six stdio
 * calls per row were most of the time of writing it. */
typedef struct obuf {
    FILE *f;
    size_t n;
    char b[1 << 16];
} obuf;

static void ob_put(obuf *o, const char *s, size_t len)
{
    if (o->n + len > sizeof o->b) {
        fwrite(o->b, 1, o->n, o->f);
        o->n = 0;
    }
    if (len > sizeof o->b) {
        fwrite(s, 1, len, o->f);
        return;
    }
    memcpy(o->b + o->n, s, len);
    o->n += len;
}

/* A category's label as a CSV field (quoted where needed) with its newline,
 * formatted once for all its points. */
typedef struct piece {
    char *s;
    size_t n;
} piece;

static void pieces_free(piece *p, int n)
{
    for (int i = 0; p && i < n; i++)
        free(p[i].s);
    free(p);
}

/* The category labels as CSV fields (csv_field's quoting), each followed by a newline. */
static piece *cat_pieces(const dmx_sweep *s)
{
    piece *p = calloc((size_t)(s->ncats > 0 ? s->ncats : 1), sizeof *p);
    for (int c = 0; p && c < s->ncats; c++) {
        const char *t = s->cats[c];
        int q = strpbrk(t, ",\"\n") != NULL;
        size_t l = strlen(t), k = 0;
        if (!(p[c].s = malloc(2 * l + 4))) {
            pieces_free(p, s->ncats);
            return NULL;
        }
        if (q)
            p[c].s[k++] = '"';
        for (; *t; t++) {
            if (q && *t == '"')
                p[c].s[k++] = '"';
            p[c].s[k++] = *t;
        }
        if (q)
            p[c].s[k++] = '"';
        p[c].s[k++] = '\n';
        p[c].n = k;
    }
    return p;
}

/* CSV: one line per point in [k0, k1); the header only in shard 1, so that the
 * shards' outputs concatenated in order are the whole sweep's output.  Every
 * coordinate and label is formatted once, so a line is a few copies (a 200 x 200
 * sweep is 40,000 lines; this is serial time after the parallel compute). */
static int sweep_csv(FILE *f, const dmx_sweep *s)
{
    coord_str *xs = axis_strings(&s->x), *ys = axis_strings(&s->y);
    piece *cs = cat_pieces(s);
    obuf *o = malloc(sizeof *o);
    int rc = xs && ys && cs && o ? DMX_OK : DMX_EINTERNAL;
    if (rc == DMX_OK && s->shard <= 1)
        fprintf(f, "%s,%s%s%s\n", s->x.slot.name, s->y.n ? s->y.slot.name : "",
                s->y.n ? "," : "", s->field);
    if (rc == DMX_OK) {
        o->f = f;
        o->n = 0;
    }
    for (size_t k = s->k0; rc == DMX_OK && k < s->k1; k++) {
        int i = (int)(k % (size_t)s->x.n), j = (int)(k / (size_t)s->x.n);
        double c = s->cell[k - s->k0];
        ob_put(o, xs[i].s, xs[i].n);
        ob_put(o, ",", 1);
        if (s->y.n) {
            ob_put(o, ys[j].s, ys[j].n);
            ob_put(o, ",", 1);
        }
        if (!isnan(c) && s->categorical) {
            ob_put(o, cs[(int)c].s, cs[(int)c].n);
        } else {
            char b[48];
            size_t l = 0;
            if (!isnan(c)) {
                const char *t = isfinite(c) ? dmx_fmt_exact_fast(b, sizeof b - 1, c) : "null";
                l = strlen(t);
                if (t != b)
                    memcpy(b, t, l);
            }
            b[l++] = '\n';
            ob_put(o, b, l);
        }
    }
    if (rc == DMX_OK)
        fwrite(o->b, 1, o->n, f);
    free(o);
    free(xs);
    free(ys);
    pieces_free(cs, s->ncats);
    return rc;
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
        fputs(xs[i].s, f);
        if (s->y.n) {
            fputs(", ", f);
            fputs(ys[j].s, f);
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

/* Page and plot frame (pixels), fonts, legend wrapping, cell opacities. */
#define SVG_W 640.0
#define SVG_H 480.0
#define SVG_ML 60.0            /* left margin: y tick labels */
#define SVG_MR 170.0           /* right margin: the legend */
#define SVG_MT 40.0            /* top margin below a one-line title */
#define SVG_MB 50.0            /* bottom margin: x ticks and label */
#define SVG_LINE 16.0          /* legend / title line height */
#define SVG_TITLE_COLS 70      /* title characters per line (15 px font in 580 px) */
#define SVG_LEGEND_COLS 24     /* legend characters per line (12 px font in 150 px) */
#define SVG_CAT_OPACITY 0.45
#define SVG_OP_MIN 0.12        /* numeric scale: opacity at the smallest |value| */
#define SVG_OP_SPAN 0.8        /* ...and SVG_OP_MIN + SVG_OP_SPAN at the largest */
#define SVG_POS_COLOR "#1f77b4"
#define SVG_NEG_COLOR "#d62728"

typedef struct svg {
    FILE *f;
    double fx0, fx1, fy0, fy1;   /* the plot frame in pixels */
    double x0, x1, y0, y1;       /* data range */
    double ly;                   /* next legend line (pixels) */
} svg;

static double svg_x(const svg *g, double x)
{
    return g->fx0 + (x - g->x0) / (g->x1 - g->x0) * (g->fx1 - g->fx0);
}

static double svg_y(const svg *g, double y)
{
    return g->fy1 - (y - g->y0) / (g->y1 - g->y0) * (g->fy1 - g->fy0);
}

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

/* Writes s as <tspan> lines of at most `cols` columns (broken at spaces, never
 * inside a character); returns the number of lines.  Nothing is cut. */
static int svg_lines(FILE *f, const char *s, int cols, double x, double dy)
{
    int n = 0;
    while (s && *s) {
        size_t len = strlen(s), cut = dmx_utf8_prefix(s, cols);
        if (cut < len) {
            size_t sp = cut;
            while (sp > 0 && s[sp] != ' ')
                sp--;
            cut = sp > 0 ? sp : cut ? cut : 1;
        }
        char *line = strndup(s, cut);
        fprintf(f, "<tspan x=\"%.2f\" dy=\"%.2f\">", x, n ? dy : 0.0);
        svg_text(f, line ? line : "");
        fputs("</tspan>", f);
        free(line);
        n++;
        s += cut;
        while (*s == ' ')
            s++;
    }
    return n;
}

/* One legend entry: a swatch (rect or dot) and the wrapped label. */
static void svg_legend(svg *g, const char *color, double opacity, char glyph, const char *label)
{
    double x = g->fx1 + 10, y = g->ly;
    if (glyph)
        fprintf(g->f, "<circle class=\"legend\" cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\"/>\n",
                x + 5, y - 4, color);
    else
        fprintf(g->f, "<rect class=\"legend\" x=\"%.2f\" y=\"%.2f\" width=\"10\" height=\"10\" "
                      "fill=\"%s\" fill-opacity=\"%.2f\"/>\n", x, y - 9, color, opacity);
    fprintf(g->f, "<text y=\"%.2f\" fill=\"%s\">", y, glyph ? color : "#222222");
    int n = svg_lines(g->f, label, SVG_LEGEND_COLS, x + 14, SVG_LINE - 2);
    fputs("</text>\n", g->f);
    g->ly += (n ? n : 1) * (SVG_LINE - 2) + 4;
}

/* The part of [a0, a1] inside [lo, hi] (pixels); 0 when empty. */
static int clip_span(double *a0, double *a1, double lo, double hi)
{
    if (*a0 > *a1) {
        double t = *a0;
        *a0 = *a1;
        *a1 = t;
    }
    *a0 = fmax(*a0, lo);
    *a1 = fmin(*a1, hi);
    return *a1 > *a0;
}

/* Opacity and colour of a numeric cell: sequential when every value has one
 * sign, diverging around 0 (blue > 0, red < 0) otherwise; always in [0, 1]. */
static double svg_num_style(double c, double lo, double hi, const char **col)
{
    double t;
    *col = SVG_POS_COLOR;
    if (lo < 0 && hi > 0) {
        t = fabs(c) / fmax(-lo, hi);
        if (c < 0)
            *col = SVG_NEG_COLOR;
    } else {
        if (hi <= 0)
            *col = SVG_NEG_COLOR;
        t = hi > lo ? (hi <= 0 ? (hi - c) / (hi - lo) : (c - lo) / (hi - lo)) : 1;
    }
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return SVG_OP_MIN + SVG_OP_SPAN * t;
}

static void svg_grid(svg *g, const dmx_item *it)
{
    double dx = it->nx > 1 ? (it->x1 - it->x0) / (it->nx - 1) : (g->x1 - g->x0);
    double dy = it->ny > 1 ? (it->y1 - it->y0) / (it->ny - 1) : (g->y1 - g->y0);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; !it->ncats && k < (size_t)it->nx * it->ny; k++)
        if (isfinite(it->cell[k])) {
            lo = fmin(lo, it->cell[k]);
            hi = fmax(hi, it->cell[k]);
        }
    for (int b = 0; b < it->ny; b++)
        for (int a = 0; a < it->nx; a++) {
            double c = it->cell[(size_t)b * it->nx + a], op = SVG_CAT_OPACITY;
            if (!isfinite(c) || (it->ncats && (c < 0 || c >= it->ncats)))
                continue;
            double cx = it->x0 + a * dx, cy = it->y0 + b * dy;
            double px0 = svg_x(g, cx - dx / 2), px1 = svg_x(g, cx + dx / 2);
            double py0 = svg_y(g, cy + dy / 2), py1 = svg_y(g, cy - dy / 2);
            if (!clip_span(&px0, &px1, g->fx0, g->fx1) || !clip_span(&py0, &py1, g->fy0, g->fy1))
                continue;
            const char *col = svg_color((int)c + 1);
            if (!it->ncats)
                op = svg_num_style(c, lo, hi, &col);
            fprintf(g->f, "<rect class=\"cell\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                          "height=\"%.2f\" fill=\"%s\" fill-opacity=\"%.2f\"/>\n",
                    px0, py0, px1 - px0, py1 - py0, col, op);
        }
    for (int c = 0; c < it->ncats; c++)
        svg_legend(g, svg_color(c + 1), SVG_CAT_OPACITY, 0, it->cats[c]);
    if (!it->ncats && lo <= hi) {
        char a[32], b[32], lab[200];
        const char *col;
        svg_num_style(lo, lo, hi, &col);
        snprintf(lab, sizeof lab, "%s %s (lightest)", it->label ? it->label : "value",
                 dmx_fmt_num(a, sizeof a, lo < 0 && hi > 0 ? 0 : hi <= 0 ? hi : lo, 4));
        svg_legend(g, col, SVG_OP_MIN, 0, lab);
        if (lo < 0 && hi > 0) {
            snprintf(lab, sizeof lab, "down to %s", dmx_fmt_num(a, sizeof a, lo, 4));
            svg_legend(g, SVG_NEG_COLOR, SVG_OP_MIN + SVG_OP_SPAN, 0, lab);
        }
        snprintf(lab, sizeof lab, "%s %s", hi <= 0 ? "down to" : "up to",
                 dmx_fmt_num(b, sizeof b, hi <= 0 ? lo : hi, 4));
        svg_legend(g, hi <= 0 ? SVG_NEG_COLOR : SVG_POS_COLOR, SVG_OP_MIN + SVG_OP_SPAN, 0, lab);
    }
}

/* Polygon clipped to the frame (Sutherland-Hodgman, one frame edge at a time). */
static int clip_polygon(const svg *g, double *p, int n, double *tmp)
{
    for (int edge = 0; edge < 4; edge++) {
        int axis = edge / 2, m = 0;
        double lim = edge == 0 ? g->fx0 : edge == 1 ? g->fx1 : edge == 2 ? g->fy0 : g->fy1;
        int keep_above = edge % 2 == 0;
        for (int k = 0; k < n; k++) {
            const double *a = &p[2 * k], *b = &p[2 * ((k + 1) % n)];
            int ina = keep_above ? a[axis] >= lim : a[axis] <= lim;
            int inb = keep_above ? b[axis] >= lim : b[axis] <= lim;
            if (ina) {
                tmp[2 * m] = a[0];
                tmp[2 * m + 1] = a[1];
                m++;
            }
            if (ina != inb) {
                double t = (lim - a[axis]) / (b[axis] - a[axis]);
                tmp[2 * m] = axis ? a[0] + t * (b[0] - a[0]) : lim;
                tmp[2 * m + 1] = axis ? lim : a[1] + t * (b[1] - a[1]);
                m++;
            }
        }
        memcpy(p, tmp, sizeof *p * 2 * (size_t)m);
        n = m;
    }
    return n;
}

/* The part of segment a-b inside the frame (Liang-Barsky); 0 when none. */
static int clip_segment(const svg *g, double *a, double *b)
{
    double t0 = 0, t1 = 1, d[2] = {b[0] - a[0], b[1] - a[1]};
    double lo[2] = {g->fx0, g->fy0}, hi[2] = {g->fx1, g->fy1};
    for (int ax = 0; ax < 2; ax++) {
        double q[2] = {a[ax] - lo[ax], hi[ax] - a[ax]}, pp[2] = {-d[ax], d[ax]};
        for (int s = 0; s < 2; s++) {
            if (pp[s] == 0) {
                if (q[s] < 0)
                    return 0;
                continue;
            }
            double r = q[s] / pp[s];
            if (pp[s] < 0)
                t0 = fmax(t0, r);
            else
                t1 = fmin(t1, r);
        }
    }
    if (t0 > t1)
        return 0;
    double a0 = a[0], a1 = a[1];
    a[0] = a0 + t0 * d[0];
    a[1] = a1 + t0 * d[1];
    b[0] = a0 + t1 * d[0];
    b[1] = a1 + t1 * d[1];
    return 1;
}

static int svg_polyline_end(FILE *f, const char *col)
{
    fprintf(f, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", col);
    return 0;
}

static void svg_poly(svg *g, const dmx_item *it)
{
    const char *col = svg_color(it->style);
    double *p = malloc(sizeof *p * 2 * (size_t)(2 * it->n + 8));
    double *tmp = malloc(sizeof *tmp * 2 * (size_t)(2 * it->n + 8));
    for (int k = 0; p && tmp && k < it->n; k++) {
        p[2 * k] = svg_x(g, it->xy[2 * k]);
        p[2 * k + 1] = svg_y(g, it->xy[2 * k + 1]);
    }
    if (p && tmp && it->kind == DMX_I_POLYGON) {
        int n = clip_polygon(g, p, it->n, tmp);
        if (n >= 2) {
            fputs("<polygon class=\"shape\" points=\"", g->f);
            for (int k = 0; k < n; k++)
                fprintf(g->f, "%.2f,%.2f ", p[2 * k], p[2 * k + 1]);
            fprintf(g->f, "\" fill=\"%s\" fill-opacity=\"0.15\" stroke=\"%s\" "
                          "stroke-width=\"2\"/>\n", it->filled ? col : "none", col);
        }
    } else if (p && tmp) {
        int open = 0;           /* a <polyline> is being written */
        for (int k = 0; k + 1 < it->n; k++) {
            const double *oa = &p[2 * k], *ob = &p[2 * k + 2];
            double a[2] = {oa[0], oa[1]}, b[2] = {ob[0], ob[1]};
            int vis = clip_segment(g, a, b);
            if (open && (!vis || a[0] != oa[0] || a[1] != oa[1]))
                open = svg_polyline_end(g->f, col);
            if (!vis)
                continue;
            if (!open)
                fprintf(g->f, "<polyline class=\"shape\" points=\"%.2f,%.2f ", a[0], a[1]);
            fprintf(g->f, "%.2f,%.2f ", b[0], b[1]);
            open = 1;
            if (b[0] != ob[0] || b[1] != ob[1])
                open = svg_polyline_end(g->f, col);
        }
        if (open)
            svg_polyline_end(g->f, col);
    }
    free(p);
    free(tmp);
}

static void svg_marker(svg *g, const dmx_item *it)
{
    double x = svg_x(g, it->xy[0]), y = svg_y(g, it->xy[1]);
    if (!(x >= g->fx0 && x <= g->fx1 && y >= g->fy0 && y <= g->fy1))
        return;                 /* off the plot: only its legend entry remains */
    fprintf(g->f, "<circle class=\"shape\" cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\"/>"
                  "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\">%c</text>\n",
            x, y, svg_color(it->style), x + (x > g->fx1 - 16 ? -7 : 7),
            y + (y < g->fy0 + 16 ? 14 : -7), x > g->fx1 - 16 ? "end" : "start",
            it->glyph ? it->glyph : '*');
}

static void svg_axes(const svg *g, const dmx_view *v)
{
    char a[32], b[32];
    FILE *f = g->f;
    double midy = (g->fy0 + g->fy1) / 2;
    fprintf(f, "<rect class=\"frame\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
               "fill=\"none\" stroke=\"#444\"/>\n", g->fx0, g->fy0, g->fx1 - g->fx0,
            g->fy1 - g->fy0);
    fprintf(f, "<text x=\"%.2f\" y=\"%.2f\">%s</text><text x=\"%.2f\" y=\"%.2f\" "
               "text-anchor=\"end\">%s</text>\n", g->fx0, g->fy1 + 16,
            dmx_fmt_num(a, sizeof a, g->x0, 4), g->fx1, g->fy1 + 16,
            dmx_fmt_num(b, sizeof b, g->x1, 4));
    fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text><text x=\"%.2f\" "
               "y=\"%.2f\" text-anchor=\"end\">%s</text>\n", g->fx0 - 4, g->fy1,
            dmx_fmt_num(a, sizeof a, g->y0, 4), g->fx0 - 4, g->fy0 + 10,
            dmx_fmt_num(b, sizeof b, g->y1, 4));
    fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">", (g->fx0 + g->fx1) / 2,
            SVG_H - 12);
    svg_text(f, v->xlabel);
    fprintf(f, "</text>\n<text x=\"14\" y=\"%.2f\" transform=\"rotate(-90 14 %.2f)\" "
               "text-anchor=\"middle\">", midy, midy);
    svg_text(f, v->ylabel);
    fputs("</text>\n", f);
}

void dmx_report_svg(FILE *f, const dmx_view *v)
{
    svg g = {.f = f, .x0 = v->xmin, .x1 = v->xmax, .y0 = v->ymin, .y1 = v->ymax};
    if (!(g.x1 > g.x0))
        g.x1 = g.x0 + 1;
    if (!(g.y1 > g.y0))
        g.y1 = g.y0 + 1;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n", SVG_W, SVG_H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n<text y=\"24\" "
               "font-size=\"15\">");
    int tl = svg_lines(f, v->title ? v->title : v->id, SVG_TITLE_COLS, SVG_ML, SVG_LINE + 2);
    fputs("</text>\n", f);
    g.fx0 = SVG_ML;
    g.fx1 = SVG_W - SVG_MR;
    g.fy0 = SVG_MT + (tl > 1 ? (tl - 1) * (SVG_LINE + 2) : 0);
    g.fy1 = SVG_H - SVG_MB;
    g.ly = g.fy0 + 10;
    for (int j = 0; j < v->nitems; j++) {
        const dmx_item *it = &v->items[j];
        if (it->kind == DMX_I_GRID)
            svg_grid(&g, it);
        else if (it->kind == DMX_I_POLYGON || it->kind == DMX_I_POLYLINE)
            svg_poly(&g, it);
        else if (it->kind == DMX_I_MARKER)
            svg_marker(&g, it);
        if (it->label && it->kind != DMX_I_GRID) {
            char lab[300];
            if (it->kind == DMX_I_MARKER)
                snprintf(lab, sizeof lab, "%c %s", it->glyph ? it->glyph : '*', it->label);
            else
                snprintf(lab, sizeof lab, "%s", it->label);
            svg_legend(&g, svg_color(it->style), 1, it->kind == DMX_I_MARKER ? 'o' : 0, lab);
        }
    }
    svg_axes(&g, v);
    fputs("</svg>\n", f);
}
