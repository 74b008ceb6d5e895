/* utf8.c -- UTF-8 decoding, display width, truncation, ASCII fallback (utf8.h). */
#include <string.h>
#include "utf8.h"

typedef struct { unsigned lo, hi; } range;

/* Zero-width: combining marks (Mn/Me blocks used in practice) and format
 * characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, variation selectors). */
static const range zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x0900, 0x0902},
    {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0E31, 0x0E31},
    {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
    {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* East Asian Wide (W) and Fullwidth (F). */
static const range wide[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
    {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
    {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
    {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
    {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
    {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
    {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
    {0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4CF}, {0xA960, 0xA97F},
    {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF},
    {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
    {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in(const range *t, size_t n, unsigned cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < t[mid].lo)
            hi = mid;
        else if (cp > t[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int dmx_utf8_decode(const char *s, size_t n, unsigned *cp, int *valid)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0) {
        *cp = 0;
        if (valid)
            *valid = 1;
        return 0;
    }
    int len = u[0] < 0x80 ? 1 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2
            : (u[0] & 0xF0) == 0xE0 ? 3 : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
    unsigned c = len == 1 ? u[0] : len ? u[0] & (0x7Fu >> len) : 0;
    int ok = len > 0 && (size_t)len <= n;
    for (int i = 1; ok && i < len; i++) {
        ok = (u[i] & 0xC0) == 0x80;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    if (ok && len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)))
        ok = 0;   /* overlong or surrogate */
    if (ok && len == 4 && (c < 0x10000 || c > 0x10FFFF))
        ok = 0;
    if (valid)
        *valid = ok;
    if (!ok) {
        *cp = DMX_UTF8_REPLACEMENT;
        return 1;
    }
    *cp = c;
    return len;
}

size_t dmx_utf8_validate(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        unsigned cp;
        int ok;
        int k = dmx_utf8_decode(s + i, n - i, &cp, &ok);
        if (!ok)
            return i;
        i += (size_t)k;
    }
    return n;
}

int dmx_utf8_cp_width(unsigned cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x300)
        return 1;
    if (in(zero, sizeof zero / sizeof zero[0], cp))
        return 0;
    return in(wide, sizeof wide / sizeof wide[0], cp) ? 2 : 1;
}

int dmx_utf8_width(const char *s)
{
    int w = 0;
    size_t n = s ? strlen(s) : 0;
    while (n) {
        unsigned cp;
        int k = dmx_utf8_decode(s, n, &cp, NULL);
        w += dmx_utf8_cp_width(cp);
        s += k;
        n -= (size_t)k;
    }
    return w;
}

size_t dmx_utf8_prefix(const char *s, int width)
{
    size_t n = s ? strlen(s) : 0, i = 0;
    int w = 0;
    while (i < n) {
        unsigned cp;
        int k = dmx_utf8_decode(s + i, n - i, &cp, NULL);
        int cw = dmx_utf8_cp_width(cp);
        if (w + cw > width)
            break;
        w += cw;
        i += (size_t)k;
    }
    return i;
}

int dmx_utf8_truncate(const char *s, int width, const char *ellipsis, char *out, size_t n)
{
    if (!n)
        return 0;
    if (!s)
        s = "";
    if (width < 0)
        width = 0;
    size_t keep = dmx_utf8_prefix(s, width);
    const char *tail = "";
    if (s[keep] && ellipsis) {
        int ew = dmx_utf8_width(ellipsis);
        if (ew <= width) {
            keep = dmx_utf8_prefix(s, width - ew);
            tail = ellipsis;
        }
    }
    size_t tl = strlen(tail);
    if (keep + tl >= n) {   /* out too small: keep whole characters only */
        size_t lim = n - 1 > tl ? n - 1 - tl : 0;
        size_t i = 0;
        while (i < keep) {
            unsigned cp;
            int k = dmx_utf8_decode(s + i, keep - i, &cp, NULL);
            if (i + (size_t)k > lim)
                break;
            i += (size_t)k;
        }
        keep = i;
        if (keep + tl >= n)
            tl = 0;
    }
    memcpy(out, s, keep);
    memcpy(out + keep, tail, tl);
    out[keep + tl] = 0;
    return dmx_utf8_width(out);
}

/* ASCII stand-ins for the characters the models and the explorer use. */
static const struct { unsigned cp; const char *a; } translit[] = {
    {0x00A0, " "}, {0x00B0, "o"}, {0x00B1, "+-"}, {0x00B2, "2"}, {0x00B7, "."},
    {0x00D7, "x"}, {0x00E4, "a"}, {0x00E8, "e"}, {0x00E9, "e"}, {0x00F6, "o"},
    {0x00FC, "u"}, {0x0393, "G"}, {0x0394, "D"}, {0x0398, "Th"}, {0x039B, "L"},
    {0x03A0, "P"}, {0x03A3, "S"}, {0x03A6, "Phi"}, {0x03A8, "Psi"}, {0x03A9, "W"},
    {0x03B1, "a"}, {0x03B2, "b"}, {0x03B3, "g"}, {0x03B4, "d"}, {0x03B5, "e"},
    {0x03B6, "z"}, {0x03B7, "h"}, {0x03B8, "th"}, {0x03B9, "i"}, {0x03BA, "k"},
    {0x03BB, "l"}, {0x03BC, "mu"}, {0x03BD, "nu"}, {0x03BE, "xi"}, {0x03C0, "pi"},
    {0x03C1, "rho"}, {0x03C3, "s"}, {0x03C4, "t"}, {0x03C5, "u"}, {0x03C6, "phi"},
    {0x03C7, "chi"}, {0x03C8, "psi"}, {0x03C9, "w"}, {0x2013, "-"}, {0x2014, "-"},
    {0x2018, "'"}, {0x2019, "'"}, {0x201C, "\""}, {0x201D, "\""}, {0x2020, "+"},
    {0x2022, "*"}, {0x2026, "..."}, {0x2080, "0"}, {0x2081, "1"}, {0x2082, "2"},
    {0x2083, "3"}, {0x2190, "<-"}, {0x2191, "^"}, {0x2192, "->"}, {0x2193, "v"},
    {0x2208, "in"}, {0x2211, "sum"}, {0x2212, "-"}, {0x2217, "*"}, {0x221A, "sqrt"},
    {0x221E, "inf"}, {0x2248, "~"}, {0x2260, "!="}, {0x2264, "<="}, {0x2265, ">="},
    {0x22C6, "*"},
};

const char *dmx_utf8_ascii_cp(unsigned cp)
{
    size_t lo = 0, hi = sizeof translit / sizeof translit[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < translit[mid].cp)
            hi = mid;
        else if (cp > translit[mid].cp)
            lo = mid + 1;
        else
            return translit[mid].a;
    }
    return dmx_utf8_cp_width(cp) == 0 && cp >= 0x300 ? "" : "?";
}

void dmx_utf8_to_ascii(const char *s, char *out, size_t n)
{
    size_t o = 0, len = s ? strlen(s) : 0;
    if (!n)
        return;
    while (len) {
        unsigned cp;
        int k = dmx_utf8_decode(s, len, &cp, NULL);
        char one[2] = {(char)cp, 0};
        const char *a = cp < 0x80 ? one : dmx_utf8_ascii_cp(cp);
        size_t al = strlen(a);
        if (o + al >= n)
            break;
        memcpy(out + o, a, al);
        o += al;
        s += k;
        len -= (size_t)k;
    }
    out[o] = 0;
}
