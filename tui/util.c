/* util.c -- clocks, UTF-8 width and clipped drawing (see util.h). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include "util.h"

double tui_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void sfmt(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    if (k < 0 && n)
        buf[0] = 0;
}

/* Decodes one UTF-8 character; returns its byte length (>= 1) and the code
 * point in *cp (U+FFFD for invalid input). */
static int u8_dec(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) { *cp = u[0]; return 1; }
    int len = (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!len) { *cp = 0xFFFD; return 1; }
    unsigned c = u[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return i; }
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return len;
}

/* ASCII stand-ins for the characters the models and the explorer use. */
static const struct { unsigned cp; const char *a; } translit[] = {
    {0x3B1, "a"}, {0x3B2, "b"}, {0x3B3, "g"}, {0x3B4, "d"}, {0x3B5, "e"}, {0x3B6, "z"},
    {0x3B7, "h"}, {0x3B8, "th"}, {0x3B9, "i"}, {0x3BA, "k"}, {0x3BB, "l"}, {0x3BC, "mu"},
    {0x3BD, "nu"}, {0x3BE, "xi"}, {0x3C0, "pi"}, {0x3C1, "rho"}, {0x3C3, "s"}, {0x3C4, "t"},
    {0x3C5, "u"}, {0x3C6, "phi"}, {0x3C7, "chi"}, {0x3C8, "psi"}, {0x3C9, "w"},
    {0x394, "D"}, {0x3A3, "S"}, {0x3A9, "W"}, {0x3A0, "P"}, {0x393, "G"}, {0x398, "Th"},
    {0x3A6, "Phi"}, {0x3A8, "Psi"}, {0x39B, "L"},
    {0x2014, "-"}, {0x2013, "-"}, {0x2212, "-"}, {0x2026, "..."}, {0x2264, "<="},
    {0x2265, ">="}, {0x2260, "!="}, {0x2248, "~"}, {0x00B1, "+-"}, {0x00D7, "x"},
    {0x2192, "->"}, {0x2190, "<-"}, {0x2191, "^"}, {0x2193, "v"}, {0x221E, "inf"},
    {0x00B0, "o"}, {0x0304, ""}, {0x0305, ""}, {0x2020, "+"}, {0x2022, "*"}, {0x00B7, "."},
    {0x2018, "'"}, {0x2019, "'"}, {0x201C, "\""}, {0x201D, "\""}, {0x00A0, " "},
    {0x2080, "0"}, {0x2081, "1"}, {0x2082, "2"}, {0x2083, "3"}, {0x00B2, "2"},
    {0x2211, "sum"}, {0x221A, "sqrt"}, {0x2208, "in"}, {0x22C6, "*"}, {0x2217, "*"},
    {0x00E9, "e"}, {0x00E8, "e"}, {0x00FC, "u"}, {0x00F6, "o"}, {0x00E4, "a"},
};

static const char *u8_translit(unsigned cp)
{
    for (size_t i = 0; i < sizeof translit / sizeof translit[0]; i++)
        if (translit[i].cp == cp)
            return translit[i].a;
    if (cp >= 0x0300 && cp <= 0x036F)   /* combining marks: drop */
        return "";
    return "?";
}

void u8_to_ascii(const char *s, char *out, size_t n)
{
    size_t o = 0;
    if (!n)
        return;
    while (s && *s) {
        unsigned cp;
        s += u8_dec(s, &cp);
        const char *a;
        char one[2] = {0, 0};
        if (cp < 0x80) { one[0] = (char)cp; a = one; }
        else a = u8_translit(cp);
        size_t al = strlen(a);
        if (o + al >= n)
            break;
        memcpy(out + o, a, al);
        o += al;
    }
    out[o] = 0;
}

static int cp_width(unsigned cp)
{
    if (cp < 0x20)
        return 0;
    int w = wcwidth((wchar_t)cp);
    if (w < 0)
        return 1;
    return w;
}

int u8_width(const char *s)
{
    int w = 0;
    while (s && *s) {
        unsigned cp;
        s += u8_dec(s, &cp);
        w += cp_width(cp);
    }
    return w;
}

static int put_impl(int y, int x, int maxw, const char *s, attr_t attr, short pair,
                    int ascii, int pad)
{
    int cols = getmaxx(stdscr), rows = getmaxy(stdscr);
    if (y < 0 || y >= rows || maxw <= 0 || x >= cols)
        return 0;
    if (x < 0) { maxw += x; x = 0; }
    if (x + maxw > cols)
        maxw = cols - x;
    if (maxw <= 0)
        return 0;
    char abuf[1024];
    if (ascii && s) {
        u8_to_ascii(s, abuf, sizeof abuf);
        s = abuf;
    }
    wchar_t wb[512];
    int nw = 0, w = 0;
    while (s && *s && nw < 511) {
        unsigned cp;
        s += u8_dec(s, &cp);
        if (cp == '\n' || cp == '\t')
            cp = ' ';
        int cw = ascii ? 1 : cp_width(cp);
        if (cp < 0x20)
            continue;
        if (w + cw > maxw)
            break;
        wb[nw++] = (wchar_t)cp;
        w += cw;
    }
    if (pad)
        while (w < maxw && nw < 511) { wb[nw++] = L' '; w++; }
    wb[nw] = 0;
    attr_set(attr, pair, NULL);
    mvaddnwstr(y, x, wb, nw);
    attr_set(A_NORMAL, 0, NULL);
    return w;
}

int tui_put(int y, int x, int maxw, const char *s, attr_t attr, short pair, int ascii)
{
    return put_impl(y, x, maxw, s, attr, pair, ascii, 0);
}

int tui_putpad(int y, int x, int maxw, const char *s, attr_t attr, short pair, int ascii)
{
    return put_impl(y, x, maxw, s, attr, pair, ascii, 1);
}

void tui_fill(int y, int x, int w, attr_t attr, short pair)
{
    put_impl(y, x, w, "", attr, pair, 1, 1);
}

int u8_wrap(const char *s, int w, void (*line)(void *user, const char *t, int len),
            void *user)
{
    int n = 0;
    if (w < 4)
        w = 4;
    while (s && *s) {
        /* one paragraph line up to '\n' */
        const char *start = s, *lastsp = NULL;
        int cw = 0;
        const char *p = s;
        while (*p && *p != '\n') {
            unsigned cp;
            int k = u8_dec(p, &cp);
            int pw = cp_width(cp);
            if (cp == ' ')
                lastsp = p;
            if (cw + pw > w)
                break;
            cw += pw;
            p += k;
        }
        const char *end = p;
        if (*p && *p != '\n' && lastsp && lastsp > start)
            end = lastsp;
        if (line)
            line(user, start, (int)(end - start));
        n++;
        s = end;
        while (*s == ' ')
            s++;
        if (*s == '\n')
            s++;
        if (end == start && *s && *s != '\n') {   /* a character wider than w */
            unsigned cp;
            s += u8_dec(s, &cp);
        }
    }
    return n;
}

int fuzzy_score(const char *pat, const char *s)
{
    int score = 0, run = 0;
    const char *q = s;
    for (const char *p = pat; *p; p++) {
        if (*p == ' ')
            continue;
        int found = 0;
        while (*q) {
            int m = tolower((unsigned char)*q) == tolower((unsigned char)*p);
            int atword = q == s || !isalnum((unsigned char)q[-1]);
            q++;
            if (m) {
                run++;
                score += 1 + run * 2 + (atword ? 5 : 0);
                found = 1;
                break;
            }
            run = 0;
        }
        if (!found)
            return -1;
    }
    if (strstr(s, pat))
        score += 20;
    return score - (int)strlen(s) / 8;
}
