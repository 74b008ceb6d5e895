/* ref_numfmt.c -- the column formatter as it was before round_dec (one %e
 * conversion per value, cached between choosing the style and printing): the
 * reference test_numfmt compares the engine with, byte for byte.  Test-only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "numfmt.h"

int ref_numfmt_column(const double *v, int n, int sig, char *out, size_t cellsz);

#define NF_MAXDEC 6          /* more decimals than this: scientific */
#define NF_SCI_FIXED 1e9     /* fractions this large: scientific */
#define NF_SCI_INT 1e12      /* integers this large: scientific */
#define NF_GROUP 1e4         /* group integer digits with ',' from here */
#define NF_ZERO_REL 1e-12    /* below this share of the column's largest: 0 */
#define NF_NONE "\xe2\x80\x94" /* "—": no value */

typedef enum { NF_INT, NF_FIXED, NF_SCI } nf_kind;

typedef struct nf_style {
    nf_kind kind;
    int sig, dec, group;
    double zero;             /* |v| <= zero is shown as 0 */
} nf_style;

/* v rounded to sig significant digits; *e10 = its decimal exponent. */
static double round_sig(double v, int sig, int *e10)
{
    char b[64];
    snprintf(b, sizeof b, "%.*e", sig - 1, v);
    const char *e = strchr(b, 'e');
    *e10 = e ? atoi(e + 1) : 0;
    return strtod(b, NULL);
}

/* Decimals v needs at sig digits, trailing zeros dropped (0 when the integer
 * digits already carry sig digits: those are never rounded away). */
static int need_dec(double v, int sig)
{
    int e;
    double r = round_sig(v, sig, &e);
    if (e >= sig - 1)
        return 0;
    int d = sig - 1 - e;
    char b[64];
    snprintf(b, sizeof b, "%.*f", d, fabs(r));
    size_t k = strlen(b);
    while (d > 0 && k > 0 && b[k - 1] == '0') {
        k--;
        d--;
    }
    return d;
}

static void choose(const double *v, int n, int sig, nf_style *s)
{
    double maxabs = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > maxabs)
            maxabs = fabs(v[i]);
    s->sig = sig;
    s->zero = maxabs * NF_ZERO_REL;
    s->dec = 0;
    int allint = 1;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > s->zero && v[i] != floor(v[i]))
            allint = 0;
    if (allint) {
        s->kind = maxabs >= NF_SCI_INT ? NF_SCI : NF_INT;
        s->group = maxabs >= NF_GROUP;
        return;
    }
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > s->zero) {
            int d = need_dec(v[i], sig);
            if (d > s->dec)
                s->dec = d;
        }
    s->kind = s->dec > NF_MAXDEC || maxabs >= NF_SCI_FIXED ? NF_SCI : NF_FIXED;
    s->group = s->kind == NF_FIXED && maxabs >= NF_GROUP;
}

/* Inserts ',' every three integer digits of the number text b (in place). */
static void group_digits(char *b, size_t n)
{
    char t[DMX_NUMFMT_CELL];
    size_t i = 0, o = 0, len = strlen(b);
    if (b[0] == '-')
        t[o++] = b[i++];
    size_t end = i;
    while (end < len && b[end] >= '0' && b[end] <= '9')
        end++;
    for (size_t k = i; k < end && o + 2 < sizeof t; k++) {
        t[o++] = b[k];
        size_t left = end - k - 1;
        if (left > 0 && left % 3 == 0)
            t[o++] = ',';
    }
    for (size_t k = end; k < len && o + 1 < sizeof t; k++)
        t[o++] = b[k];
    t[o] = 0;
    snprintf(b, n, "%s", t);
}

/* The text of one value in style s (before alignment). */
static void fmt_one(const nf_style *s, double v, char *b, size_t n)
{
    if (!isfinite(v)) {
        snprintf(b, n, "%s", NF_NONE);
        return;
    }
    if (fabs(v) <= s->zero) {
        snprintf(b, n, "0%*s", s->kind == NF_FIXED && s->dec ? s->dec + 1 : 0, "");
        return;
    }
    if (s->kind == NF_SCI) {
        char m[64];
        snprintf(m, sizeof m, "%.*e", s->sig - 1, v);
        char *e = strchr(m, 'e');
        int x = e ? atoi(e + 1) : 0;
        if (e)
            *e = 0;
        snprintf(b, n, "%se%d", m, x);
        return;
    }
    if (s->kind == NF_INT) {
        snprintf(b, n, "%.0f", v);
    } else {
        int d = need_dec(v, s->sig), e;
        double r = d > 0 ? round_sig(v, s->sig, &e) : v;
        snprintf(b, n, "%.*f", d, r);
        if (!strcmp(b, "-0"))
            snprintf(b, n, "0");
        size_t k = strlen(b);
        int pad = s->dec - d + (d == 0 && s->dec > 0);
        snprintf(b + k, n - k, "%*s", pad, "");
    }
    if (s->group)
        group_digits(b, n);
}

/* Display columns of UTF-8 text (no wide or combining characters here). */
static int dwidth(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Columns before the decimal point (or before the end of the digits). */
static int point_pos(const char *s)
{
    const char *p = strchr(s, '.');
    if (!p)
        p = s + strcspn(s, " e");
    int w = 0;
    for (const char *q = s; q < p; q++)
        w += ((unsigned char)*q & 0xC0) != 0x80;
    return w;
}

int ref_numfmt_column(const double *v, int n, int sig, char *out, size_t cellsz)
{
    if (n < 0 || cellsz < DMX_NUMFMT_CELL || (n > 0 && (!v || !out)))
        return -1;
    if (sig <= 0)
        sig = 4;
    if (sig > 15)
        sig = 15;
    nf_style s;
    choose(v, n, sig, &s);
    int lpos = 0, width = 0;
    for (int i = 0; i < n; i++) {
        char *c = out + (size_t)i * cellsz;
        fmt_one(&s, v[i], c, cellsz);
        if (point_pos(c) > lpos)
            lpos = point_pos(c);
    }
    for (int i = 0; i < n; i++) {
        char *c = out + (size_t)i * cellsz, t[DMX_NUMFMT_CELL];
        snprintf(t, sizeof t, "%*s%s", lpos - point_pos(c), "", c);
        snprintf(c, cellsz, "%s", t);
        if (dwidth(c) > width)
            width = dwidth(c);
    }
    for (int i = 0; i < n; i++) {
        char *c = out + (size_t)i * cellsz;
        size_t k = strlen(c);
        snprintf(c + k, cellsz - k, "%*s", width - dwidth(c), "");
    }
    return width;
}
