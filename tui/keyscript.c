/* keyscript.c -- key scripts and the keypress benchmark (see keyscript.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dmx.h"
#include "help.h"
#include "keyscript.h"

#define KS_MAX_LINE_KEYS 512
#define KS_MAX_REPEAT 10000

static void samples_add(samples *s, double v)
{
    if (s->n == s->cap) {
        int nc = s->cap ? s->cap * 2 : 256;
        double *t = realloc(s->v, sizeof(double) * (size_t)nc);
        if (!t)
            return;
        s->v = t;
        s->cap = nc;
    }
    s->v[s->n++] = v;
}

static int dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static int ks_push(keyscript *ks, int *cap, int key, int ms)
{
    if (ks->n == *cap) {
        int nc = *cap ? *cap * 2 : 64;
        script_ev *t = realloc(ks->ev, sizeof(script_ev) * (size_t)nc);
        if (!t)
            return -1;
        ks->ev = t;
        *cap = nc;
    }
    ks->ev[ks->n].key = key;
    ks->ev[ks->n++].ms = ms;
    return 0;
}

/* One non-empty line: "sleep MS", "type TEXT" or "KEY [REPEAT]". */
static int parse_line(keyscript *ks, int *cap, char *s, const char *file, int ln)
{
    if (!strncmp(s, "sleep ", 6)) {
        int ms = atoi(s + 6);
        return ks_push(ks, cap, -1, ms < 0 ? 0 : ms) ? DMX_EINTERNAL : DMX_OK;
    }
    if (!strncmp(s, "type ", 5)) {
        for (char *c = s + 5; *c && c - (s + 5) < KS_MAX_LINE_KEYS; c++)
            if (ks_push(ks, cap, (unsigned char)*c, 0))
                return DMX_EINTERNAL;
        return DMX_OK;
    }
    int repeat = 1;
    char *sp = strchr(s, ' ');
    if (sp) {
        *sp = 0;
        repeat = atoi(sp + 1);
        if (repeat < 1 || repeat > KS_MAX_REPEAT) {
            fprintf(stderr, "dmx: %s:%d: bad repeat count '%s'\n", file, ln, sp + 1);
            return DMX_EUSAGE;
        }
    }
    int k = help_key_code(s);
    if (k < 0) {
        fprintf(stderr, "dmx: %s:%d: unknown key '%s'\n", file, ln, s);
        return DMX_EUSAGE;
    }
    for (int i = 0; i < repeat; i++)
        if (ks_push(ks, cap, k, 0))
            return DMX_EINTERNAL;
    return DMX_OK;
}

int ks_load(keyscript *ks, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "dmx: cannot open key script %s: %s\n", file, strerror(errno));
        return DMX_ENOINPUT;
    }
    char line[512];
    int ln = 0, rc = DMX_OK, cap = ks->n;
    ks->refined_after = -1;
    while (rc == DMX_OK && fgets(line, sizeof line, f)) {
        ln++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t l = strlen(s);
        while (l && (s[l - 1] == '\n' || s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t'))
            s[--l] = 0;
        if (*s && *s != '#')
            rc = parse_line(ks, &cap, s, file, ln);
    }
    fclose(f);
    return rc;
}

void ks_free(keyscript *ks)
{
    free(ks->ev);
    free(ks->lat.v);
    free(ks->ctm.v);
    free(ks->drw.v);
    memset(ks, 0, sizeof *ks);
}

int ks_next(keyscript *ks, double now, int *nap_ms)
{
    *nap_ms = 0;
    if (ks->i >= ks->n)
        return KS_END;
    script_ev *ev = &ks->ev[ks->i];
    if (ev->key < 0) {
        if (ks->sleep_until == 0)
            ks->sleep_until = now + ev->ms;
        if (now < ks->sleep_until) {
            double left = ks->sleep_until - now;
            *nap_ms = left < 20 ? (int)left + 1 : 20;
            return KS_WAIT;
        }
        ks->sleep_until = 0;
        ks->i++;
        return KS_WAIT;
    }
    ks->i++;
    if (ks->bench)
        ks->t0 = now;
    ks->last_key_at = now;
    ks->refined_after = -1;
    return ev->key;
}

void ks_frame_done(keyscript *ks, double now, double compute_ms, double draw_ms)
{
    if (ks->t0 <= 0)
        return;
    samples_add(&ks->lat, now - ks->t0);
    samples_add(&ks->ctm, compute_ms);
    samples_add(&ks->drw, draw_ms);
    ks->t0 = 0;
}

void ks_refined(keyscript *ks, double now)
{
    if (ks->last_key_at > 0 && ks->refined_after < 0)
        ks->refined_after = now - ks->last_key_at;
}

void ks_report(keyscript *ks, FILE *f, const char *preset, int cols, int lines)
{
    samples *l = &ks->lat, *c = &ks->ctm, *d = &ks->drw;
    if (l->n == 0) {
        fprintf(f, "bench-keys: no keys replayed\n");
        return;
    }
    /* the three slowest frames with their own compute and draw times (the
     * samples are still in key order here), to tell a compute tail from a
     * drawing or scheduling one */
    fprintf(f, "bench-keys-slowest:");
    int top[3] = {-1, -1, -1};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < l->n; i++)
            if (i != top[0] && i != top[1] && (top[k] < 0 || l->v[i] > l->v[top[k]]))
                top[k] = i;
        if (top[k] >= 0)
            fprintf(f, " %.3f ms (compute %.3f, draw %.3f)", l->v[top[k]], c->v[top[k]],
                    d->v[top[k]]);
    }
    fprintf(f, "\n");
    qsort(l->v, (size_t)l->n, sizeof(double), dcmp);
    qsort(c->v, (size_t)c->n, sizeof(double), dcmp);
    qsort(d->v, (size_t)d->n, sizeof(double), dcmp);
    int i99 = (int)ceil(0.99 * l->n) - 1;
    fprintf(f, "bench-keys: preset %s, %d keys, keypress->frame median %.3f ms, "
            "p99 %.3f ms, max %.3f ms; compute median %.3f ms over %d results; "
            "draw median %.3f ms; refined %.3f ms after the last key; computed ahead %u; "
            "terminal %dx%d\n",
            preset, l->n, l->v[l->n / 2], l->v[i99 < 0 ? 0 : i99], l->v[l->n - 1],
            c->n ? c->v[c->n / 2] : 0.0, c->n, d->n ? d->v[d->n / 2] : 0.0, ks->refined_after,
            ks->guessed, cols, lines);
}
