/* preset.c -- YAML presets <-> parameters, on libyaml's document API.
 * Every error carries "file:line:col" of the offending node. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>
#include "model.h"
#include "preset.h"
#include "result.h"
#include "fileio.h"
#include "utf8.h"

/* Nodes (scalars, collections, aliases) in one preset: the largest shipped
 * preset has a few hundred; 50,000 keeps the refusal of any 1 MiB input fast. */
#define MAX_NODES 50000

typedef struct loader {
    yaml_document_t *doc;
    const char *fname;
    dmx_err *e;
    const dmx_model *model;
    dmx_preset *pr;
    yaml_mark_t pmark[256];   /* mark of each parameter's key, for validate() errors */
    const char *const *sets;  /* --set assignments applied before validation (or NULL) */
    int nsets;
} loader;

static int at(loader *L, const yaml_node_t *n, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int at(loader *L, const yaml_node_t *n, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n)
        return dmx_err_set(L->e, code, "%s:%lu:%lu: %s", L->fname,
                           (unsigned long)n->start_mark.line + 1,
                           (unsigned long)n->start_mark.column + 1, msg);
    return dmx_err_set(L->e, code, "%s: %s", L->fname, msg);
}

static yaml_node_t *node(loader *L, int id)
{
    return yaml_document_get_node(L->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a single value";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

static int is_null(const yaml_node_t *n)
{
    const char *s = scalar(n);
    return s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
            !strcmp(s, "NULL"));
}

/* Depth and size guard over the whole document (aliases included). */
static int check_depth(loader *L, yaml_node_t *n, int depth, long *count)
{
    if (++*count > MAX_NODES)
        return at(L, n, DMX_EDATA, "document too large (more than %d nodes)", MAX_NODES);
    if (depth > DMX_PRESET_MAX_DEPTH)
        return at(L, n, DMX_EDATA, "nesting deeper than %d levels", DMX_PRESET_MAX_DEPTH);
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            if (check_depth(L, node(L, *it), depth + 1, count))
                return L->e->code;
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            if (check_depth(L, node(L, p->key), depth + 1, count) ||
                check_depth(L, node(L, p->value), depth + 1, count))
                return L->e->code;
        }
    }
    return DMX_OK;
}

typedef struct keyref {
    const char *k;
    long idx;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Rejects duplicate and non-scalar keys in a mapping, reporting the earliest
 * repeated key; O(n log n), so a mapping of 100,000 keys is refused quickly. */
static int check_keys(loader *L, yaml_node_t *map)
{
    yaml_node_pair_t *p0 = map->data.mapping.pairs.start;
    long n = (long)(map->data.mapping.pairs.top - p0);
    for (long i = 0; i < n; i++)
        if (!scalar(node(L, p0[i].key)))
            return at(L, node(L, p0[i].key), DMX_EDATA, "mapping keys must be plain names");
    if (n < 2)
        return DMX_OK;
    keyref *r = malloc((size_t)n * sizeof *r);
    if (!r)
        return dmx_err_oom(L->e);
    for (long i = 0; i < n; i++)
        r[i] = (keyref){scalar(node(L, p0[i].key)), i};
    qsort(r, (size_t)n, sizeof *r, keyref_cmp);
    long dup = -1, first = -1;   /* earliest second occurrence, and its first */
    for (long i = 1; i < n; i++)
        if (strcmp(r[i].k, r[i - 1].k) == 0 && (i < 2 || strcmp(r[i].k, r[i - 2].k) != 0) &&
            (dup < 0 || r[i].idx < dup)) {
            dup = r[i].idx;
            first = r[i - 1].idx;
        }
    free(r);
    if (dup < 0)
        return DMX_OK;
    yaml_node_t *k = node(L, p0[dup].key), *k1 = node(L, p0[first].key);
    return at(L, k, DMX_EDATA, "duplicate key '%s' (first given at line %lu)", scalar(k),
              (unsigned long)k1->start_mark.line + 1);
}

static yaml_node_t *lookup(loader *L, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++)
        if (scalar(node(L, p->key)) && strcmp(scalar(node(L, p->key)), key) == 0)
            return node(L, p->value);
    return NULL;
}

static int get_number(loader *L, yaml_node_t *n, const char *what, double *out)
{
    const char *s = scalar(n);
    if (!s)
        return at(L, n, DMX_EDATA, "%s: expected a number, found %s", what, kind_name(n));
    double x;
    if (dmx_parse_double(s, &x) != 0 || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return at(L, n, DMX_EDATA, "%s: expected a number, found '%s'", what, s);
    *out = x;
    return DMX_OK;
}

static char *get_string(loader *L, yaml_node_t *n, const char *what)
{
    const char *s = scalar(n);
    if (!s) {
        at(L, n, DMX_EDATA, "%s: expected text, found %s", what, kind_name(n));
        return NULL;
    }
    char *d = strdup(s);
    if (!d)
        dmx_err_oom(L->e);
    return d;
}

static const char *nearest(const char *key, const char *const *cands, int n)
{
    const char *best = NULL;
    int bd = 4;
    for (int i = 0; i < n; i++) {
        int d = dmx_edit_distance(key, cands[i]);
        if (d < bd) {
            bd = d;
            best = cands[i];
        }
    }
    return best;
}

static int unknown_key(loader *L, yaml_node_t *k, const char *where, const char *const *cands,
                       int n)
{
    const char *near = nearest(scalar(k), cands, n);
    if (near)
        return at(L, k, DMX_EDATA, "unknown key '%s' in %s (did you mean '%s'?)", scalar(k),
                  where, near);
    return at(L, k, DMX_EDATA, "unknown key '%s' in %s", scalar(k), where);
}

static int elem(loader *L, int i, yaml_node_t *n, int r, int c, double *out)
{
    const dmx_param_desc *d = &L->model->params[i];
    char what[96];
    snprintf(what, sizeof what, "%s", d->key);
    int rc = get_number(L, n, what, out);
    if (rc != DMX_OK)
        return rc;
    dmx_err e2;
    if (dmx_params_check_elem(L->pr->params, i, r, c, *out, &e2) != DMX_OK)
        return at(L, n, e2.code, "%s", e2.msg);
    return DMX_OK;
}

static int parse_choice(loader *L, int i, yaml_node_t *v, dmx_err *e2)
{
    const dmx_param_desc *d = &L->model->params[i];
    const char *s = scalar(v);
    if (!s)
        return at(L, v, DMX_EDATA, "%s: expected one of its choices, found %s", d->key,
                  kind_name(v));
    int nc = 0;
    while (d->choices && d->choices[nc])
        nc++;
    for (int c = 0; c < nc; c++)
        if (strcmp(d->choices[c], s) == 0) {
            double x = c;
            return dmx_params_set_array(L->pr->params, i, &x, 1, 1, e2);
        }
    const char *near = nearest(s, d->choices, nc);
    char list[256] = "";
    for (int c = 0; c < nc; c++) {
        strncat(list, c ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, d->choices[c], sizeof list - strlen(list) - 1);
    }
    if (near)
        return at(L, v, DMX_EDATA, "%s: '%s' is not one of %s (did you mean '%s'?)", d->key,
                  s, list, near);
    return at(L, v, DMX_EDATA, "%s: '%s' is not one of %s", d->key, s, list);
}

static int parse_vec(loader *L, int i, yaml_node_t *v, dmx_err *e2)
{
    const dmx_param_desc *d = &L->model->params[i];
    dmx_params *P = L->pr->params;
    double x;
    int rc;
    if (v->type == YAML_SCALAR_NODE && (d->flags & DMX_F_BROADCAST)) {
        if ((rc = elem(L, i, v, 0, 0, &x)) != DMX_OK)
            return rc;
        return dmx_params_set_uniform(P, i, x, e2);
    }
    if (v->type != YAML_SEQUENCE_NODE)
        return at(L, v, DMX_EDATA, "%s: expected a list of numbers%s, found %s", d->key,
                  d->flags & DMX_F_BROADCAST ? " or one number" : "", kind_name(v));
    int n = (int)(v->data.sequence.items.top - v->data.sequence.items.start);
    double *buf = malloc(((size_t)n + 1) * sizeof *buf);
    if (!buf)
        return dmx_err_oom(L->e);
    rc = DMX_OK;
    for (int k = 0; k < n && rc == DMX_OK; k++)
        rc = elem(L, i, node(L, v->data.sequence.items.start[k]), k, 0, &buf[k]);
    if (rc == DMX_OK)
        rc = dmx_params_set_array(P, i, buf, n, 1, e2);
    free(buf);
    return rc;
}

static int parse_mat(loader *L, int i, yaml_node_t *v, dmx_err *e2)
{
    const dmx_param_desc *d = &L->model->params[i];
    if (v->type != YAML_SEQUENCE_NODE)
        return at(L, v, DMX_EDATA, "%s: expected a list of rows, found %s", d->key,
                  kind_name(v));
    int rows = (int)(v->data.sequence.items.top - v->data.sequence.items.start), cols = -1;
    for (int r = 0; r < rows; r++) {
        yaml_node_t *row = node(L, v->data.sequence.items.start[r]);
        if (row->type != YAML_SEQUENCE_NODE)
            return at(L, row, DMX_EDATA, "%s: row %d must be a list of numbers", d->key, r);
        int c = (int)(row->data.sequence.items.top - row->data.sequence.items.start);
        if (cols >= 0 && c != cols)
            return at(L, row, DMX_EDATA, "%s: row %d has %d entries but row 0 has %d", d->key,
                      r, c, cols);
        cols = c;
    }
    if (cols < 0)
        cols = 0;
    double *buf = malloc(((size_t)rows * (size_t)cols + 1) * sizeof *buf);
    if (!buf)
        return dmx_err_oom(L->e);
    int rc = DMX_OK;
    for (int r = 0; r < rows && rc == DMX_OK; r++) {
        yaml_node_t *row = node(L, v->data.sequence.items.start[r]);
        for (int c = 0; c < cols && rc == DMX_OK; c++)
            rc = elem(L, i, node(L, row->data.sequence.items.start[c]), r, c,
                      &buf[(size_t)r * cols + c]);
    }
    if (rc == DMX_OK)
        rc = dmx_params_set_array(L->pr->params, i, buf, rows, cols, e2);
    free(buf);
    return rc;
}

/* One record {field: value, ...} of parameter i into row r of buf. */
static int parse_rec(loader *L, int i, int r, yaml_node_t *rec, const char **fk, double *buf)
{
    const dmx_param_desc *d = &L->model->params[i];
    int nf = d->nfields, rc;
    if (rec->type != YAML_MAPPING_NODE)
        return at(L, rec, DMX_EDATA, "%s[%d]: expected a record {field: value, ...}", d->key,
                  r);
    if ((rc = check_keys(L, rec)))
        return rc;
    for (int f = 0; f < nf; f++)
        buf[f] = d->fields[f].def;
    for (yaml_node_pair_t *p = rec->data.mapping.pairs.start; p < rec->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(L, p->key);
        int f = 0;
        while (f < nf && strcmp(fk[f], scalar(k)) != 0)
            f++;
        if (f == nf) {
            char where[96];
            snprintf(where, sizeof where, "%s[%d]", d->key, r);
            return unknown_key(L, k, where, fk, nf);
        }
        if ((rc = elem(L, i, node(L, p->value), r, f, &buf[f])))
            return rc;
    }
    return DMX_OK;
}

static int parse_recs(loader *L, int i, yaml_node_t *v, dmx_err *e2)
{
    const dmx_param_desc *d = &L->model->params[i];
    if (v->type != YAML_SEQUENCE_NODE)
        return at(L, v, DMX_EDATA, "%s: expected a list of records, found %s", d->key,
                  kind_name(v));
    int rows = (int)(v->data.sequence.items.top - v->data.sequence.items.start);
    int nf = d->nfields, rc = DMX_OK;
    double *buf = malloc(((size_t)rows * (size_t)nf + 1) * sizeof *buf);
    const char **fk = malloc(((size_t)nf + 1) * sizeof *fk);
    if (!buf || !fk)
        rc = dmx_err_oom(L->e);
    for (int f = 0; f < nf && rc == DMX_OK; f++)
        fk[f] = d->fields[f].key;
    for (int r = 0; r < rows && rc == DMX_OK; r++)
        rc = parse_rec(L, i, r, node(L, v->data.sequence.items.start[r]), fk,
                       &buf[(size_t)r * nf]);
    if (rc == DMX_OK)
        rc = dmx_params_set_array(L->pr->params, i, buf, rows, nf, e2);
    free(fk);
    free(buf);
    return rc;
}

/* Parses the value node of parameter i into the preset's params. */
static int parse_param(loader *L, int i, yaml_node_t *v)
{
    const dmx_param_desc *d = &L->model->params[i];
    dmx_err e2 = {0};
    double x;
    int rc = DMX_OK;
    if (is_null(v)) {
        if (!(d->flags & DMX_F_OPTIONAL))
            return at(L, v, DMX_EDATA, "%s is required and cannot be empty", d->key);
        dmx_params_unset(L->pr->params, i);
        return DMX_OK;
    }
    switch (d->kind) {
    case DMX_P_REAL:
    case DMX_P_INT:
        if ((rc = elem(L, i, v, 0, 0, &x)) == DMX_OK)
            rc = dmx_params_set_array(L->pr->params, i, &x, 1, 1, &e2);
        break;
    case DMX_P_CHOICE: rc = parse_choice(L, i, v, &e2); break;
    case DMX_P_VEC: rc = parse_vec(L, i, v, &e2); break;
    case DMX_P_MAT: rc = parse_mat(L, i, v, &e2); break;
    case DMX_P_RECS: rc = parse_recs(L, i, v, &e2); break;
    }
    if (rc != DMX_OK && e2.code != DMX_OK) /* from the params layer: add the position */
        rc = at(L, v, e2.code, "%s", e2.msg);
    return rc;
}

static int parse_params(loader *L, yaml_node_t *map)
{
    if (map->type != YAML_MAPPING_NODE)
        return at(L, map, DMX_EDATA, "params: expected a mapping of parameter: value");
    int rc = check_keys(L, map);
    if (rc)
        return rc;
    const dmx_model *m = L->model;
    const char *keys[256];
    int nk = m->nparams < 256 ? m->nparams : 256;
    for (int i = 0; i < nk; i++)
        keys[i] = m->params[i].key;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(L, p->key);
        int i = dmx_params_index(m, scalar(k));
        if (i < 0) {
            char where[64];
            snprintf(where, sizeof where, "params of model %s", m->name);
            return unknown_key(L, k, where, keys, nk);
        }
        if (i < 256)
            L->pmark[i] = k->start_mark;
        if ((rc = parse_param(L, i, node(L, p->value))))
            return rc;
    }
    return DMX_OK;
}

/* 1 when key occurs in msg as a whole word (not inside a longer name). */
static const char *word_in(const char *msg, const char *key)
{
    size_t kl = strlen(key);
    for (const char *s = strstr(msg, key); s; s = strstr(s + 1, key)) {
        int before = s > msg && (isalnum((unsigned char)s[-1]) || s[-1] == '_');
        int after = isalnum((unsigned char)s[kl]) || s[kl] == '_';
        if (!before && !after)
            return s;
    }
    return NULL;
}

/* Runs the same validation as dmx_compute (ranges, lengths, the model's own
 * validate) and places its error at the key it is about: the parameter the
 * message starts with, else the first given parameter the message names, else
 * `params:` itself. */
static int validate_at(loader *L, yaml_node_t *params)
{
    dmx_err e2;
    const dmx_model *m = L->model;
    if (dmx_params_validate(L->pr->params, &e2) == DMX_OK)
        return DMX_OK;
    int best = -1;
    const char *first = NULL;
    for (int i = 0; i < m->nparams && i < 256; i++) {
        if (L->pmark[i].line + L->pmark[i].column == 0)
            continue;   /* not given in this file */
        const char *w = word_in(e2.msg, m->params[i].key);
        if (w && (!first || w < first || (w == first && strlen(m->params[i].key) >
                                          strlen(m->params[best].key)))) {
            first = w;
            best = i;
        }
    }
    for (int k = L->nsets - 1; k >= 0; k--) {     /* the last --set of a key named first */
        size_t kl = strcspn(L->sets[k], "=[.");
        for (int i = 0; i < m->nparams; i++) {
            const char *w = strlen(m->params[i].key) == kl &&
                                    strncmp(m->params[i].key, L->sets[k], kl) == 0
                                ? word_in(e2.msg, m->params[i].key) : NULL;
            if (w && (!first || w <= first))
                return dmx_err_set(L->e, e2.code, "%s with --set %s: %s", L->fname,
                                   L->sets[k], e2.msg);
        }
    }
    if (best >= 0)
        return dmx_err_set(L->e, e2.code, "%s:%lu:%lu: %s", L->fname,
                           (unsigned long)L->pmark[best].line + 1,
                           (unsigned long)L->pmark[best].column + 1, e2.msg);
    if (params)
        return at(L, params, e2.code, "%s", e2.msg);
    return dmx_err_set(L->e, e2.code, "%s: %s", L->fname, e2.msg);
}

static int parse_sliders(loader *L, yaml_node_t *map)
{
    if (map->type != YAML_MAPPING_NODE)
        return at(L, map, DMX_EDATA, "sliders: expected a mapping of key: {min, max, step}");
    int rc = check_keys(L, map);
    if (rc)
        return rc;
    int n = (int)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    dmx_preset *pr = L->pr;
    pr->sliders = calloc((size_t)(n ? n : 1), sizeof *pr->sliders);
    if (!pr->sliders)
        return dmx_err_oom(L->e);
    static const char *const fields[] = {"min", "max", "step"};
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(L, p->key), *v = node(L, p->value);
        dmx_slot s;
        dmx_err e2;
        if (dmx_params_slot(pr->params, scalar(k), &s, &e2) != DMX_OK)
            return at(L, k, DMX_EDATA, "sliders: %s", e2.msg);
        if (v->type != YAML_MAPPING_NODE)
            return at(L, v, DMX_EDATA, "sliders.%s: expected {min: a, max: b, step: s}",
                      scalar(k));
        if ((rc = check_keys(L, v)))
            return rc;
        dmx_slider_override *o = &pr->sliders[pr->nsliders];
        snprintf(o->key, sizeof o->key, "%s", scalar(k));
        o->smin = s.smin;
        o->smax = s.smax;
        o->step = s.step;
        for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
             q++) {
            yaml_node_t *fk = node(L, q->key);
            double x;
            int f = 0;
            while (f < 3 && strcmp(fields[f], scalar(fk)) != 0)
                f++;
            if (f == 3)
                return unknown_key(L, fk, "a slider", fields, 3);
            if ((rc = get_number(L, node(L, q->value), scalar(fk), &x)))
                return rc;
            if (f == 0)
                o->smin = x;
            else if (f == 1)
                o->smax = x;
            else
                o->step = x;
        }
        if (!(o->smax > o->smin) || !(o->step > 0))
            return at(L, v, DMX_EDATA, "sliders.%s: need min < max and step > 0", o->key);
        pr->nsliders++;
    }
    return DMX_OK;
}

static char *base_name(const char *fname)
{
    const char *b = strrchr(fname, '/');
    b = b ? b + 1 : fname;
    char *s = strdup(b);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (n > 5 && strcmp(s + n - 5, ".yaml") == 0)
        s[n - 5] = 0;
    else if (n > 4 && strcmp(s + n - 4, ".yml") == 0)
        s[n - 4] = 0;
    return s;
}

/* ---------- linear-time guards run before the document is loaded ---------- */

/* Position (1-based line, column in characters) of byte offset `off`. */
static void pos_of(const char *buf, size_t off, unsigned long *line, unsigned long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off;) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= off || buf[i + 1] != '\n'))) {
            ++*line;
            *col = 1;
            i++;
            continue;
        }
        unsigned cp;
        int k = dmx_utf8_decode(buf + i, off - i, &cp, NULL);
        if (cp != '\r')
            ++*col;
        i += (size_t)k;
    }
}

/* YAML 1.1 printable characters: tab, line breaks, U+0020..U+007E, U+0085,
 * U+00A0..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF. */
static int yaml_printable(unsigned cp)
{
    return cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0x7E) ||
           cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Refuses bytes that are not UTF-8 text at their own line:col (libyaml's reader
 * reports them without a position). */
static int check_encoding(const char *buf, size_t len, const char *fname, dmx_err *e)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;   /* a UTF-8 byte order mark is allowed */
    while (i < len) {
        unsigned cp;
        int ok;
        int k = dmx_utf8_decode(buf + i, len - i, &cp, &ok);
        if (!ok || !yaml_printable(cp)) {
            unsigned long line, col;
            pos_of(buf, i, &line, &col);
            if (!ok)
                return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: invalid UTF-8 (byte 0x%02x); "
                                   "a preset must be UTF-8 text", fname, line, col,
                                   (unsigned char)buf[i]);
            if (cp == 0)
                return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: NUL byte; a preset must be "
                                   "text", fname, line, col);
            return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: control character U+%04X is not "
                               "allowed in YAML", fname, line, col, cp);
        }
        i += (size_t)k;
    }
    return DMX_OK;
}

static int yaml_error(yaml_parser_t *ps, const char *fname, dmx_err *e)
{
    return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: YAML syntax error: %s%s%s", fname,
                       (unsigned long)ps->problem_mark.line + 1,
                       (unsigned long)ps->problem_mark.column + 1,
                       ps->problem ? ps->problem : "unknown", ps->context ? " " : "",
                       ps->context ? ps->context : "");
}

/* Checks one event of the stream (see check_stream). */
static int stream_event(const yaml_event_t *ev, int *depth, int *docs, long *nodes,
                        const char *fname, dmx_err *e)
{
    unsigned long line = (unsigned long)ev->start_mark.line + 1,
                  col = (unsigned long)ev->start_mark.column + 1;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*docs > 1)
            return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: a second YAML document; a preset "
                               "is one document (remove this '---' and what follows)",
                               fname, line, col);
        return DMX_OK;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (++*depth > DMX_PRESET_MAX_DEPTH + 1)
            return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: nesting deeper than %d levels",
                               fname, line, col, DMX_PRESET_MAX_DEPTH);
        /* fall through */
    case YAML_SCALAR_EVENT:
    case YAML_ALIAS_EVENT:
        if (++*nodes > MAX_NODES)
            return dmx_err_set(e, DMX_EDATA, "%s:%lu:%lu: document too large (more than %d "
                               "nodes)", fname, line, col, MAX_NODES);
        return DMX_OK;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        --*depth;
        return DMX_OK;
    default:
        return DMX_OK;
    }
}

/* Streams the events once, refusing too deep nesting, too many nodes and a
 * second document as soon as they appear.  libyaml's scanner costs O(depth) per
 * token, so stopping at depth DMX_PRESET_MAX_DEPTH + 1 keeps any input linear. */
static int check_stream(const char *buf, size_t len, const char *fname, dmx_err *e)
{
    yaml_parser_t ps;
    if (!yaml_parser_initialize(&ps))
        return dmx_err_oom(e);
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    int rc = DMX_OK, depth = 0, docs = 0, done = 0;
    long nodes = 0;
    while (!done && rc == DMX_OK) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&ps, &ev)) {
            rc = ps.error == YAML_MEMORY_ERROR ? dmx_err_oom(e) : yaml_error(&ps, fname, e);
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        rc = stream_event(&ev, &depth, &docs, &nodes, fname, e);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&ps);
    return rc;
}

int dmx_preset_parse(const char *buf, size_t len, const char *fname, dmx_preset **out,
                     dmx_err *e)
{
    return dmx_preset_parse_models(buf, len, fname, dmx_models, out, e);
}

static const dmx_model *find_in(const dmx_model *const *models, const char *name)
{
    for (int i = 0; name && models[i]; i++)
        if (strcmp(models[i]->name, name) == 0)
            return models[i];
    return NULL;
}

/* Refuses unknown top-level keys. */
static int check_top(loader *L, yaml_node_t *root)
{
    static const char *const top[] = {"model", "title", "source", "notes", "params", "sliders",
                                      "view"};
    const int ntop = (int)(sizeof top / sizeof top[0]);
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const char *k = scalar(node(L, p->key));
        int f = 0;
        while (f < ntop && strcmp(top[f], k) != 0)
            f++;
        if (f == ntop)
            return unknown_key(L, node(L, p->key), "the preset", top, ntop);
    }
    return DMX_OK;
}

/* Sets L->model from `model:` (a name in `models`), or explains what is known. */
static int resolve_model(loader *L, yaml_node_t *root, const dmx_model *const *models)
{
    yaml_node_t *mn = lookup(L, root, "model");
    if (!mn)
        return at(L, root, DMX_EDATA, "missing 'model:' (one of the registered models)");
    const char *mname = scalar(mn);
    if ((L->model = find_in(models, mname)))
        return DMX_OK;
    const char *names[16];
    int nn = 0;
    char list[256] = "";
    for (int i = 0; models[i] && nn < 16; i++) {
        names[nn++] = models[i]->name;
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, models[i]->name, sizeof list - strlen(list) - 1);
    }
    const char *near = mname ? nearest(mname, names, nn) : NULL;
    return at(L, mn, DMX_EDATA, "unknown model '%s' (known: %s)%s%s%s", mname ? mname : "?",
              list, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}


static int parse_all(const char *buf, size_t len, const char *fname,
                     const dmx_model *const *models, const char *const *sets, int nsets,
                     dmx_preset **out, dmx_err *e);

int dmx_preset_parse_models(const char *buf, size_t len, const char *fname,
                            const dmx_model *const *models, dmx_preset **out, dmx_err *e)
{
    return parse_all(buf, len, fname, models, NULL, 0, out, e);
}

/* Applies the --set assignments of L (after the file's params, before validation). */
static int apply_sets(loader *L)
{
    for (int i = 0; i < L->nsets; i++) {
        int rc = dmx_params_assign(L->pr->params, L->sets[i], L->e);
        if (rc != DMX_OK)
            return dmx_err_prefix(L->e, "--set %s", L->sets[i]);
    }
    return DMX_OK;
}

static int parse_all(const char *buf, size_t len, const char *fname,
                     const dmx_model *const *models, const char *const *sets, int nsets,
                     dmx_preset **out, dmx_err *e)
{
    dmx_err local;
    if (!e)
        e = &local;
    *out = NULL;
    if (len > DMX_PRESET_MAX_BYTES)
        return dmx_err_set(e, DMX_EDATA, "%s: file too large (%zu bytes; the limit is %d)",
                           fname, len, DMX_PRESET_MAX_BYTES);
    int rc;
    if ((rc = check_encoding(buf, len, fname, e)) || (rc = check_stream(buf, len, fname, e)))
        return rc;
    yaml_parser_t parser;
    yaml_document_t doc;
    loader L = {.doc = &doc, .fname = fname, .e = e, .sets = sets, .nsets = nsets};
    if (!yaml_parser_initialize(&parser))
        return dmx_err_oom(e);
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser.error == YAML_MEMORY_ERROR ? dmx_err_oom(e) : yaml_error(&parser, fname, e);
        yaml_parser_delete(&parser);
        return rc;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    dmx_preset *pr = calloc(1, sizeof *pr);
    if (!pr) {
        rc = dmx_err_oom(e);
        goto out_doc;
    }
    L.pr = pr;
    long count = 0;
    if (!root) {
        rc = at(&L, NULL, DMX_EDATA, "empty preset (expected 'model:' and 'params:')");
        goto out_preset;
    }
    if ((rc = check_depth(&L, root, 0, &count)))
        goto out_preset;
    if (root->type != YAML_MAPPING_NODE) {
        rc = at(&L, root, DMX_EDATA, "a preset is a mapping with 'model:' and 'params:'");
        goto out_preset;
    }
    if ((rc = check_keys(&L, root)))
        goto out_preset;
    if ((rc = check_top(&L, root)) || (rc = resolve_model(&L, root, models)))
        goto out_preset;
    pr->params = dmx_params_new(L.model);
    pr->path = strdup(fname);
    pr->name = base_name(fname);
    if (!pr->params || !pr->path || !pr->name) {
        rc = dmx_err_oom(e);
        goto out_preset;
    }
    yaml_node_t *v;
    if ((v = lookup(&L, root, "title")) && !(pr->title = get_string(&L, v, "title")))
        goto out_err;
    if ((v = lookup(&L, root, "source")) && !(pr->source = get_string(&L, v, "source")))
        goto out_err;
    if ((v = lookup(&L, root, "notes")) && !(pr->notes = get_string(&L, v, "notes")))
        goto out_err;
    if ((v = lookup(&L, root, "view"))) {
        if (!(pr->view = get_string(&L, v, "view")))
            goto out_err;
        pr->view_line = (int)v->start_mark.line + 1;
        pr->view_col = (int)v->start_mark.column + 1;
    }
    if ((v = lookup(&L, root, "params")) && (rc = parse_params(&L, v)))
        goto out_preset;
    if ((v = lookup(&L, root, "sliders")) && (rc = parse_sliders(&L, v)))
        goto out_preset;
    if ((rc = apply_sets(&L)) || (rc = validate_at(&L, lookup(&L, root, "params"))))
        goto out_preset;
    *out = pr;
    goto out_doc;
out_err:
    rc = e ? e->code : DMX_EDATA;
out_preset:
    dmx_preset_free(pr);
out_doc:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int dmx_preset_load(const char *path, dmx_preset **out, dmx_err *e)
{
    return dmx_preset_load_sets(path, NULL, 0, out, e);
}

int dmx_preset_load_sets(const char *path, const char *const *sets, int nsets,
                         dmx_preset **out, dmx_err *e)
{
    *out = NULL;
    char *buf;
    size_t n;
    int rc = dmx_read_file(path, DMX_PRESET_MAX_BYTES, &buf, &n, e);
    if (rc != DMX_OK)
        return rc;
    rc = parse_all(buf, n, path, dmx_models, sets, nsets, out, e);
    free(buf);
    return rc;
}

void dmx_preset_free(dmx_preset *p)
{
    if (!p)
        return;
    free(p->path);
    free(p->name);
    free(p->title);
    free(p->source);
    free(p->notes);
    free(p->view);
    dmx_params_free(p->params);
    free(p->sliders);
    free(p);
}

/* ---------- writing ---------- */

static void put_num(FILE *f, double x)
{
    char b[40];
    fputs(dmx_fmt_exact(b, sizeof b, x), f);
}

static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void write_yaml(FILE *f, const dmx_preset *p)
{
    const dmx_params *P = p->params;
    const dmx_model *m = P->model;
    fprintf(f, "model: %s\n", m->name);
    if (p->title) { fputs("title: ", f); put_str(f, p->title); fputc('\n', f); }
    if (p->source) { fputs("source: ", f); put_str(f, p->source); fputc('\n', f); }
    if (p->notes) { fputs("notes: ", f); put_str(f, p->notes); fputc('\n', f); }
    if (p->view) { fputs("view: ", f); put_str(f, p->view); fputc('\n', f); }
    fputs("params:\n", f);
    for (int i = 0; i < P->n; i++) {
        const dmx_param_desc *d = &m->params[i];
        const dmx_pval *v = &P->vals[i];
        if (!v->set || ((d->flags & DMX_F_EXPLICIT) && !v->given))
            continue;
        fprintf(f, "  %s: ", d->key);
        switch (d->kind) {
        case DMX_P_REAL: case DMX_P_INT:
            put_num(f, v->v[0]);
            break;
        case DMX_P_CHOICE:
            fputs(dmx_p_choice(P, d->key) ? dmx_p_choice(P, d->key) : "?", f);
            break;
        case DMX_P_VEC:
            if (v->uniform) {
                put_num(f, v->rows ? v->v[0] : 0);
                break;
            }
            fputc('[', f);
            for (int r = 0; r < v->rows; r++) {
                if (r) fputs(", ", f);
                put_num(f, v->v[r]);
            }
            fputc(']', f);
            break;
        case DMX_P_MAT:
            if (v->rows == 0) {   /* empty, not absent: a bare key would read as null */
                fputs("[]\n", f);
                continue;
            }
            fputc('\n', f);
            for (int r = 0; r < v->rows; r++) {
                fputs("    - [", f);
                for (int c = 0; c < v->cols; c++) {
                    if (c) fputs(", ", f);
                    put_num(f, v->v[(size_t)r * v->cols + c]);
                }
                fputs("]\n", f);
            }
            continue;
        case DMX_P_RECS:
            if (v->rows == 0) {
                fputs("[]\n", f);
                continue;
            }
            fputc('\n', f);
            for (int r = 0; r < v->rows; r++) {
                fputs("    - {", f);
                for (int c = 0; c < v->cols; c++) {
                    fprintf(f, "%s%s: ", c ? ", " : "", d->fields[c].key);
                    put_num(f, v->v[(size_t)r * v->cols + c]);
                }
                fputs("}\n", f);
            }
            continue;
        }
        fputc('\n', f);
    }
    if (p->nsliders) {
        fputs("sliders:\n", f);
        for (int i = 0; i < p->nsliders; i++) {
            fprintf(f, "  %s: {min: ", p->sliders[i].key);
            put_num(f, p->sliders[i].smin);
            fputs(", max: ", f);
            put_num(f, p->sliders[i].smax);
            fputs(", step: ", f);
            put_num(f, p->sliders[i].step);
            fputs("}\n", f);
        }
    }
}

char *dmx_preset_to_yaml(const dmx_preset *p)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    write_yaml(f, p);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

int dmx_preset_save(const dmx_preset *p, const char *path, int overwrite, dmx_err *e)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (base[0] == '-')
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: a preset name cannot start with '-' "
                           "(it would read as an option)", path);
    if (!base[0])
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: no file name", path);
    char *y = dmx_preset_to_yaml(p);
    if (!y)
        return dmx_err_oom(e);
    int rc = dmx_write_file_atomic(path, y, strlen(y), overwrite, e);
    free(y);
    return rc;
}

int dmx_preset_check_view(const dmx_preset *p, const dmx_result *r, dmx_err *e)
{
    if (!p || !p->view || !r)
        return DMX_OK;
    if (dmx_result_view(r, p->view))
        return DMX_OK;
    const char *ids[64];
    int n = 0;
    char list[300] = "";
    for (int i = 0; i < r->nviews && n < 64; i++) {
        if (!r->views[i].id)
            continue;
        ids[n++] = r->views[i].id;
        if (strlen(list) + strlen(r->views[i].id) + 8 < sizeof list) {
            strcat(list, n > 1 ? ", " : "");
            strcat(list, r->views[i].id);
        }
    }
    const char *near = nearest(p->view, ids, n);
    char pos[64] = "";
    if (p->view_line > 0)
        snprintf(pos, sizeof pos, ":%d:%d", p->view_line, p->view_col);
    return dmx_err_set(e, DMX_EDATA, "%s%s: view '%s' is not a view of this preset "
                       "(views: %s)%s%s%s", p->path ? p->path : "preset", pos, p->view,
                       list[0] ? list : "none", near ? "; did you mean '" : "",
                       near ? near : "", near ? "'?" : "");
}

void dmx_preset_slot_range(const dmx_preset *pr, const dmx_params *p, dmx_slot *s)
{
    const char *key = p->model->params[s->param].key;
    for (int i = 0; pr && i < pr->nsliders; i++) {
        const dmx_slider_override *o = &pr->sliders[i];
        if (strcmp(o->key, s->name) == 0 || strcmp(o->key, key) == 0) {
            s->smin = o->smin;
            s->smax = o->smax;
            s->step = o->step;
            if (strcmp(o->key, s->name) == 0)
                break; /* the exact element wins over the whole parameter */
        }
    }
    double cur = dmx_slot_get(p, s);
    if (isfinite(cur)) {
        if (cur < s->smin)
            s->smin = cur;
        if (cur > s->smax)
            s->smax = cur;
    }
    if (isfinite(s->lo) && s->smin < s->lo)
        s->smin = s->lo;
    if (isfinite(s->hi) && s->smax > s->hi)
        s->smax = s->hi;
}

int dmx_preset_find(const char *name, const char *const *dirs, char *out, size_t n,
                    dmx_err *e)
{
    size_t l = strlen(name);
    int pathlike = strchr(name, '/') || (l > 5 && !strcmp(name + l - 5, ".yaml")) ||
                   (l > 4 && !strcmp(name + l - 4, ".yml"));
    if (pathlike && access(name, R_OK) == 0) {
        snprintf(out, n, "%s", name);
        return DMX_OK;
    }
    if (!strchr(name, '/')) {
        for (int i = 0; dirs && dirs[i]; i++) {
            const char *sfx[] = {".yaml", ".yml", ""};
            for (int k = 0; k < 3; k++) {
                snprintf(out, n, "%s/%s%s", dirs[i], name, sfx[k]);
                struct stat st;
                if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
                    return DMX_OK;
            }
        }
    }
    char list[600] = "";
    for (int i = 0; dirs && dirs[i]; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, dirs[i], sizeof list - strlen(list) - 1);
    }
    if (pathlike)
        return dmx_err_set(e, DMX_ENOINPUT, "%s: no such preset file", name);
    return dmx_err_set(e, DMX_ENOINPUT, "no preset named '%s' (searched: %s); "
                       "`dmx presets` lists them", name, list[0] ? list : "nothing");
}
