/* numfmt.c -- one number style per table column (see numfmt.h). */
#define __STDC_WANT_IEC_60559_BFP_EXT__ 1     /* strfromd (C23, glibc 2.25) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "numfmt.h"

#define NF_MAXDEC 6          /* more decimals than this: scientific */
#define NF_SCI_FIXED 1e9     /* fractions this large: scientific */
#define NF_SCI_INT 1e12      /* integers this large: scientific */
#define NF_GROUP 1e4         /* group integer digits with ',' from here */
#define NF_ZERO_REL 1e-12    /* below this share of the column's largest: 0 */
#define NF_NONE "\xe2\x80\x94" /* "—": no value */

typedef enum { NF_INT, NF_FIXED, NF_SCI } nf_kind;

void dmx_fmt_double(char *buf, size_t n, char conv, int prec, double v)
{
    char f[8] = "%.";
    int k = 2;
    if (prec < 0)
        prec = 0;
    if (prec > 99)
        prec = 99;
    if (prec >= 10)
        f[k++] = (char)('0' + prec / 10);
    f[k++] = (char)('0' + prec % 10);
    f[k++] = conv;
    f[k] = 0;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25)) || \
    (defined(__STDC_VERSION__) && __STDC_VERSION__ > 201710L)
    /* the float printer itself, as snprintf with this format would call it */
    strfromd(buf, n, f, v);
#else
    snprintf(buf, n, f, v);
#endif
}

/* strlcpy-like copy of s into b[n] (the "%s" of snprintf, without printf). */
static void copy_str(char *b, size_t n, const char *s)
{
    if (!n)
        return;
    size_t k = strlen(s);
    if (k >= n)
        k = n - 1;
    memmove(b, s, k);
    b[k] = 0;
}

/* Appends `pad` spaces to b[n] (snprintf "%*s" with ""), truncating. */
static void pad_spaces(char *b, size_t n, int pad)
{
    size_t k = strlen(b);
    while (pad-- > 0 && k + 1 < n)
        b[k++] = ' ';
    b[k] = 0;
}

typedef struct nf_style {
    nf_kind kind;
    int sig, dec, group;
    int cell_sci;            /* NF_FIXED: a value needing > NF_MAXDEC decimals is
                              * shown in scientific notation in its own cell */
    double zero;             /* |v| <= zero is shown as 0 */
} nf_style;

/* v rounded to sig significant digits (one %e conversion): returns the rounded
 * value, *e10 its decimal exponent and *dec the decimals it needs with trailing
 * zeros dropped (0 when the integer digits already carry sig digits: those are
 * never rounded away).  The mantissa's trailing zeros are the zeros %.*f would
 * print at sig - 1 - e10 decimals (sig <= 15 digits round-trip). */
static double round_dec(double v, int sig, int *e10, int *dec)
{
    char b[64];
    dmx_fmt_double(b, sizeof b, 'e', sig - 1, v);
    char *e = strchr(b, 'e');
    int x = e ? atoi(e + 1) : 0, d = sig - 1 - x;
    const char *dot = strchr(b, '.');
    if (d > 0 && dot && e)
        for (const char *p = e - 1; p > dot && *p == '0' && d > 0; p--)
            d--;
    *e10 = x;
    *dec = d > 0 ? d : 0;
    return strtod(b, NULL);
}

/* The column's style; rr/dd (NULL, or n entries) keep each value's rounding
 * (round_dec) for fmt_one, dd = -1 where it was not needed. */
static void choose(const double *v, int n, int sig, double ref, nf_style *s, double *rr,
                   int *dd)
{
    double maxabs = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > maxabs)
            maxabs = fabs(v[i]);
    s->sig = sig;
    s->zero = (maxabs > ref ? maxabs : ref) * NF_ZERO_REL;
    s->dec = 0;
    s->cell_sci = 0;
    int allint = 1;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > s->zero && v[i] != floor(v[i]))
            allint = 0;
    for (int i = 0; dd && i < n; i++)
        dd[i] = -1;
    if (allint) {
        s->kind = maxabs >= NF_SCI_INT ? NF_SCI : NF_INT;
        s->group = maxabs >= NF_GROUP;
        return;
    }
    /* a value that would need more than NF_MAXDEC decimals ("tiny") turns the
     * whole column scientific only when such values are the majority; a few of
     * them beside ordinary numbers (a gap of 2.1e-4 under payoffs of order 1)
     * are shown in scientific notation in their own cells, points aligned */
    int ntiny = 0, nval = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > s->zero) {
            int d, e;
            double r = round_dec(v[i], sig, &e, &d);
            if (rr) {
                rr[i] = r;
                dd[i] = d;
            }
            nval++;
            if (d > NF_MAXDEC)
                ntiny++;
            else if (d > s->dec)
                s->dec = d;
        }
    s->kind = 2 * ntiny > nval || maxabs >= NF_SCI_FIXED ? NF_SCI : NF_FIXED;
    s->cell_sci = s->kind == NF_FIXED && ntiny > 0;
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
    copy_str(b, n, t);
}

/* v in scientific notation with sig significant digits: "%.*e" with the
 * exponent as a plain integer (e-09 -> e-9, e+12 -> e12). */
static void fmt_sci(int sig, double v, char *b, size_t n)
{
    char m[64];
    dmx_fmt_double(m, sizeof m, 'e', sig - 1, v);
    char *e = strchr(m, 'e');
    if (e) {
        int x = atoi(e + 1), neg = x < 0;
        unsigned u = neg ? 0u - (unsigned)x : (unsigned)x;
        char dig[16];
        int k = 0;
        do
            dig[k++] = (char)('0' + u % 10);
        while ((u /= 10) && k < 15);
        char *o = e + 1;
        if (neg)
            *o++ = '-';
        while (k)
            *o++ = dig[--k];
        *o = 0;
    }
    copy_str(b, n, m);
}

/* The text of one value in style s (before alignment); r, d: its rounding from
 * choose (d < 0: not known). */
static void fmt_one(const nf_style *s, double v, double r, int d, char *b, size_t n)
{
    if (!isfinite(v)) {
        copy_str(b, n, NF_NONE);
        return;
    }
    if (fabs(v) <= s->zero) {
        copy_str(b, n, "0");
        pad_spaces(b, n, s->kind == NF_FIXED && s->dec ? s->dec + 1 : 0);
        return;
    }
    if (s->kind == NF_SCI) {
        fmt_sci(s->sig, v, b, n);
        return;
    }
    if (s->kind == NF_INT) {
        dmx_fmt_double(b, n, 'f', 0, v);
    } else {
        int e;
        if (d < 0)
            r = round_dec(v, s->sig, &e, &d);
        if (s->cell_sci && d > NF_MAXDEC) {
            fmt_sci(s->sig, v, b, n);
            return;
        }
        if (d == 0)
            r = v;
        dmx_fmt_double(b, n, 'f', d, r);
        if (!strcmp(b, "-0"))
            copy_str(b, n, "0");
        pad_spaces(b, n, s->dec - d + (d == 0 && s->dec > 0));
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

int dmx_numfmt_column(const double *v, int n, int sig, char *out, size_t cellsz)
{
    return dmx_numfmt_column_ref(v, n, sig, 0, out, cellsz);
}

int dmx_numfmt_column_ref(const double *v, int n, int sig, double ref, char *out,
                          size_t cellsz)
{
    if (n < 0 || cellsz < DMX_NUMFMT_CELL || (n > 0 && (!v || !out)))
        return -1;
    if (sig <= 0)
        sig = 4;
    if (sig > 15)
        sig = 15;
    nf_style s;
    enum { KEEP = 64 };
    double rr[KEEP];
    int dd[KEEP];
    int keep = n <= KEEP;
    choose(v, n, sig, isfinite(ref) ? fabs(ref) : 0, &s, keep ? rr : NULL, keep ? dd : NULL);
    int lpos = 0, width = 0;
    for (int i = 0; i < n; i++) {
        char *c = out + (size_t)i * cellsz;
        fmt_one(&s, v[i], keep ? rr[i] : 0, keep ? dd[i] : -1, c, cellsz);
        if (point_pos(c) > lpos)
            lpos = point_pos(c);
    }
    /* align the points, then pad to one width (plain moves: a table's columns
     * are formatted for every frame) */
    for (int i = 0; i < n; i++) {
        char *c = out + (size_t)i * cellsz, t[DMX_NUMFMT_CELL];
        size_t lim = (cellsz < sizeof t ? cellsz : sizeof t) - 1;
        size_t sh = (size_t)(lpos - point_pos(c)), len = strlen(c);
        size_t a = sh < lim ? sh : lim, b = len < lim - a ? len : lim - a;
        memset(t, ' ', a);
        memcpy(t + a, c, b);
        t[a + b] = 0;
        memcpy(c, t, a + b + 1);
        if (dwidth(c) > width)
            width = dwidth(c);
    }
    for (int i = 0; i < n; i++) {
        char *c = out + (size_t)i * cellsz;
        size_t k = strlen(c), pad = (size_t)(width - dwidth(c));
        if (k + pad >= cellsz)
            pad = cellsz - 1 - k;
        memset(c + k, ' ', pad);
        c[k + pad] = 0;
    }
    return width;
}

int dmx_numfmt_one(char *buf, size_t n, double v, int sig)
{
    char c[DMX_NUMFMT_CELL];
    int w = dmx_numfmt_column(&v, 1, sig, c, sizeof c);
    if (w < 0 || !buf || n == 0)
        return -1;
    size_t k = strlen(c);
    while (k > 0 && c[k - 1] == ' ')
        c[--k] = 0;
    copy_str(buf, n, c);
    return dwidth(buf);
}
