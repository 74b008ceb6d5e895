/* util.c -- clocks, clipped drawing and wrapping (see util.h); UTF-8 decoding,
 * widths and the ASCII fallback come from engine/utf8.c. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include "utf8.h"
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

/* Decodes one UTF-8 character of a NUL-terminated string (engine/utf8.c);
 * returns its byte length (>= 1) and the code point in *cp (U+FFFD for
 * invalid input). */
static int u8_dec(const char *s, unsigned *cp)
{
    return dmx_utf8_decode(s, strnlen(s, 4), cp, NULL);
}

void u8_to_ascii(const char *s, char *out, size_t n)
{
    if (!n)
        return;
    dmx_utf8_to_ascii(s ? s : "", out, n);
}

int u8_width(const char *s)
{
    return s ? dmx_utf8_width(s) : 0;
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
        int cw = ascii ? 1 : dmx_utf8_cp_width(cp);
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

/* See util.h. */
void u8_fit(const char *s, int width, const char *ellipsis, char *out, size_t n)
{
    if (n == 0)
        return;
    if (width <= 0) {
        out[0] = 0;
        return;
    }
    if (dmx_utf8_width(s) <= width) {
        snprintf(out, n, "%s", s);
        return;
    }
    int ew = dmx_utf8_width(ellipsis);
    size_t k = dmx_utf8_prefix(s, width - ew > 0 ? width - ew : 0);
    size_t cut = k;
    while (cut > 0 && s[cut] != ' ')         /* back to the end of the last whole word */
        cut--;
    while (cut > 0 && s[cut - 1] == ' ')
        cut--;
    if (cut == 0)
        cut = k;
    snprintf(out, n, "%.*s%s", (int)cut, s, ellipsis);
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
            int pw = dmx_utf8_cp_width(cp);
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
        if (end == start && *s && *s != '\n') {   /* a character wider than w */
            unsigned cp;
            s += u8_dec(s, &cp);
        }
        while (*s == ' ')
            s++;
        if (*s == '\n')
            s++;
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
