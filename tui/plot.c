/* plot.c -- the plot canvas (see plot.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "plot.h"
#include "utf8.h"
#include "util.h"

static const char *const mode_names[CV_NMODES] = {"braille", "block", "ascii"};
/* no-colour cell symbols: categories, then the numeric ramp (light -> dense).
 * Neither uses a letter, '*', 'o' or '@', which markers use. */
static const char cat_sym[] = ".:+x%=#~";
static const char ramp_sym[] = ".,:;=+#%";
/* braille dot bit of sub-position (row 0..3, col 0..1) */
static const unsigned char braille_bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20},
                                                {0x40, 0x80}};
static const char *const quad[16] = {" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛",
                                     "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"};

const char *cv_mode_name(cv_mode m)
{
    return m >= 0 && m < CV_NMODES ? mode_names[m] : "?";
}

void canvas_free(canvas *cv)
{
    free(cv->c);
    cv->c = NULL;
    for (int i = 0; i < cv->nmore; i++)
        free(cv->more[i]);
    free(cv->more);
    cv->more = NULL;
    cv->nmore = 0;
    cv->w = cv->h = 0;
}

/* Keeps a copy of a text that did not fit the canvas whole (for canvas_dump). */
static void cv_more(canvas *cv, const char *s)
{
    char **m = realloc(cv->more, sizeof *m * (size_t)(cv->nmore + 1));
    if (!m)
        return;
    cv->more = m;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (!c)
        return;
    memcpy(c, s, n);
    cv->more[cv->nmore++] = c;
}

static cv_cell *cell(canvas *cv, int x, int y)
{
    if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
        return NULL;
    return &cv->c[y * cv->w + x];
}

/* Writes a UTF-8 string as text cells starting at (x, y); stops at maxw cells.
 * Zero-width characters (combining marks) join the previous cell. */
static int cv_text(canvas *cv, int x, int y, int maxw, const char *s, int fg, int lock)
{
    int n = 0;
    char abuf[256];
    if (!cv->unicode) {
        dmx_utf8_to_ascii(s, abuf, sizeof abuf);
        s = abuf;
    }
    size_t left = strlen(s);
    while (left > 0) {
        unsigned cp;
        int len = dmx_utf8_decode(s, left, &cp, NULL);
        char one[8] = {0};
        memcpy(one, s, (size_t)len);
        s += len;
        left -= (size_t)len;
        if (cp < 0x20)
            continue;
        if (dmx_utf8_cp_width(cp) == 0) {
            cv_cell *pc = n > 0 ? cell(cv, x + n - 1, y) : NULL;
            if (pc && strlen(pc->ch) + (size_t)len < sizeof pc->ch)
                strcat(pc->ch, one);
            continue;
        }
        if (n >= maxw)
            break;
        cv_cell *c = cell(cv, x + n, y);
        if (c && !(c->lock && !lock)) {
            memcpy(c->ch, one, sizeof c->ch);
            c->ch[sizeof c->ch - 1] = 0;
            c->fg = (signed char)fg;
            c->dots = 0;
            if (lock)
                c->lock = 1;
        }
        n++;
    }
    return n;
}

static int text_w(const canvas *cv, const char *s)
{
    if (cv->unicode)
        return dmx_utf8_width(s);
    char a[256];
    dmx_utf8_to_ascii(s, a, sizeof a);
    return (int)strlen(a);
}

/* ---- dot space ---- */
static double tx(const canvas *cv, double x)
{
    double W = cv->pw * cv->dx - 1;
    return (x - cv->xmin) / (cv->xmax - cv->xmin) * W;
}
static double ty(const canvas *cv, double y)
{
    double H = cv->ph * cv->dy - 1;
    return (cv->ymax - y) / (cv->ymax - cv->ymin) * H;
}

static void set_dot(canvas *cv, int X, int Y, int style, char ach, int weak)
{
    if (X < 0 || Y < 0 || X >= cv->pw * cv->dx || Y >= cv->ph * cv->dy)
        return;
    cv_cell *c = cell(cv, cv->px + X / cv->dx, cv->py + Y / cv->dy);
    if (!c || c->lock)
        return;
    if (cv->mode == CV_ASCII) {
        if (weak && c->ch[0])
            return;
        c->ch[0] = ach;
        c->ch[1] = 0;
        c->fg = (signed char)style;
        return;
    }
    if (c->ch[0])
        return;
    int sx = X % cv->dx, sy = Y % cv->dy;
    if (cv->mode == CV_BRAILLE)
        c->dots |= braille_bit[sy][sx];
    else
        c->dots |= (unsigned char)(1 << (sy * 2 + sx));
    if (!(weak && c->fg >= 0))
        c->fg = (signed char)style;
}

/* Liang-Barsky clip of a segment to [lo, hi] boxes; returns 0 if outside. */
static int clip(double *x0, double *y0, double *x1, double *y1, double xl, double xh,
                double yl, double yh)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {*x0 - xl, xh - *x0, *y0 - yl, yh - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0) { if (r > t1) return 0; if (r > t0) t0 = r; }
        else { if (r < t0) return 0; if (r < t1) t1 = r; }
    }
    double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
    *x1 = *x0 + t1 * dx; *y1 = *y0 + t1 * dy;
    *x0 = ax; *y0 = ay;
    return 1;
}

static void cv_line(canvas *cv, double xa, double ya, double xb, double yb, int style)
{
    if (!isfinite(xa) || !isfinite(ya) || !isfinite(xb) || !isfinite(yb))
        return;
    double X0 = tx(cv, xa), Y0 = ty(cv, ya), X1 = tx(cv, xb), Y1 = ty(cv, yb);
    double W = cv->pw * cv->dx, H = cv->ph * cv->dy;
    if (!clip(&X0, &Y0, &X1, &Y1, -0.49, W - 0.51, -0.49, H - 0.51))
        return;
    char ach = '*';
    if (cv->mode == CV_ASCII) {
        double ddx = fabs(X1 - X0), ddy = fabs(Y1 - Y0);
        /* cells are about twice as tall as wide */
        if (ddy < 0.4 * ddx)
            ach = '-';
        else if (ddy > 2.5 * ddx)
            ach = '|';
        else
            ach = ((X1 - X0) * (Y1 - Y0) < 0) ? '/' : '\\';
    }
    int n = (int)ceil(fmax(fabs(X1 - X0), fabs(Y1 - Y0)));
    if (n < 1)
        n = 1;
    for (int i = 0; i <= n; i++) {
        double t = (double)i / n;
        set_dot(cv, (int)lround(X0 + t * (X1 - X0)), (int)lround(Y0 + t * (Y1 - Y0)), style,
                ach, 0);
    }
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Fill pattern k (0..NPAT-1) at dot (X, Y): sparse dots, horizontal and
 * vertical hatching, a checkerboard, diagonals -- so fills (bars) are told
 * apart without colour. */
#define NPAT 5
static int pat_on(int k, int X, int Y)
{
    switch (k % NPAT) {
    case 1: return Y % 4 == 0;
    case 2: return X % 2 == 1;
    case 3: return (X + Y) % 2 == 0;
    case 4: return (X + Y) % 4 == 0;
    default: return X % 2 == 0 && Y % 2 == 0;
    }
}
static const char pat_ascii[NPAT] = {'.', '=', '\'', ':', '~'};

/* The swatch of fill pattern k in the canvas's mode (one cell). */
static void pat_swatch(const canvas *cv, int k, char *out)
{
    if (cv->mode == CV_ASCII || !cv->unicode) {
        out[0] = pat_ascii[k % NPAT];
        out[1] = 0;
        return;
    }
    unsigned char dots = 0;
    for (int Y = 0; Y < cv->dy; Y++)
        for (int X = 0; X < cv->dx; X++)
            if (pat_on(k, X, Y + 4))
                dots |= cv->mode == CV_BRAILLE ? braille_bit[Y][X] : (unsigned char)(1 << (Y * 2 + X));
    if (cv->mode == CV_BLOCK) {
        strcpy(out, quad[dots & 15]);
        return;
    }
    unsigned cp = 0x2800 + dots;
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    out[3] = 0;
}

static void cv_fill(canvas *cv, const double *xy, int n, int style, int pat)
{
    if (n < 3)
        return;
    int H = cv->ph * cv->dy, W = cv->pw * cv->dx;
    double *xs = malloc(sizeof(double) * (size_t)n);
    if (!xs)
        return;
    for (int Y = 0; Y < H; Y++) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ya = ty(cv, xy[2 * i + 1]), yb = ty(cv, xy[2 * j + 1]);
            double xa = tx(cv, xy[2 * i]), xb = tx(cv, xy[2 * j]);
            if (!isfinite(ya) || !isfinite(yb) || !isfinite(xa) || !isfinite(xb))
                continue;
            if ((ya <= Y && yb > Y) || (yb <= Y && ya > Y))
                xs[k++] = xa + (Y - ya) / (yb - ya) * (xb - xa);
        }
        qsort(xs, (size_t)k, sizeof(double), dcmp);
        for (int i = 0; i + 1 < k; i += 2) {
            int a = (int)ceil(xs[i]), b = (int)floor(xs[i + 1]);
            if (a < 0) a = 0;
            if (b >= W) b = W - 1;
            for (int X = a; X <= b; X++)
                if (cv->mode == CV_ASCII || pat_on(pat, X, Y))
                    set_dot(cv, X, Y, style, pat_ascii[pat % NPAT], 1);
        }
    }
    free(xs);
}

static int xy_cell(const canvas *cv, double x, double y, int *cx, int *cy)
{
    if (!isfinite(x) || !isfinite(y))
        return 0;
    double X = tx(cv, x), Y = ty(cv, y);
    if (X < -0.5 || Y < -0.5 || X > cv->pw * cv->dx - 0.5 || Y > cv->ph * cv->dy - 0.5)
        return 0;
    *cx = cv->px + (int)lround(X) / cv->dx;
    *cy = cv->py + (int)lround(Y) / cv->dy;
    if (*cx >= cv->px + cv->pw) *cx = cv->px + cv->pw - 1;
    if (*cy >= cv->py + cv->ph) *cy = cv->py + cv->ph - 1;
    return 1;
}

/* Draws a marker glyph; a cell already holding a marker keeps it (the legend
 * says which markers share a cell).  Ghost (pinned) markers are drawn in
 * lower case / 'o' and never over a current one. */
static void cv_mark(canvas *cv, double x, double y, char glyph, int style, int ghost)
{
    int cx, cy;
    if (!xy_cell(cv, x, y, &cx, &cy))
        return;
    cv_cell *c = cell(cv, cx, cy);
    if (!c || c->lock)
        return;
    char g[2] = {glyph ? glyph : '*', 0};
    if (ghost && g[0] >= 'A' && g[0] <= 'Z')
        g[0] = (char)(g[0] - 'A' + 'a');
    else if (ghost && !(g[0] >= 'a' && g[0] <= 'z'))
        g[0] = 'o';
    cv_text(cv, cx, cy, 1, g, ghost ? 7 : style, 1);
}

/* numeric range of a grid's finite cells */
static void grid_range(const dmx_item *it, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < it->nx * it->ny; i++)
        if (isfinite(it->cell[i])) {
            if (it->cell[i] < *lo) *lo = it->cell[i];
            if (it->cell[i] > *hi) *hi = it->cell[i];
        }
}

/* Ordered categories: every name carries a number (the first one in it, e.g.
 * "k_H = 2", "G < 0.25") and the numbers strictly increase or decrease.
 * They are coloured with the sequential ramp, other categories with the
 * qualitative set. */
static int cats_ordered(const dmx_item *it)
{
    if (!it->cats || it->ncats < 3)
        return 0;
    int dir = 0;
    double prev = 0;
    for (int k = 0; k < it->ncats; k++) {
        const char *s = it->cats[k] ? strpbrk(it->cats[k], "0123456789") : NULL;
        if (!s)
            return 0;
        if (s > it->cats[k] && (s[-1] == '-' || s[-1] == '.'))
            s--;
        double x = strtod(s, NULL);
        if (k > 0) {
            int d = x > prev ? 1 : x < prev ? -1 : 0;
            if (!d || (dir && d != dir))
                return 0;
            dir = d;
        }
        prev = x;
    }
    return 1;
}

/* Background of category k of a grid. */
static int cat_bg(const dmx_item *it, int k)
{
    if (cats_ordered(it))
        return TH_NCAT + (int)lround((double)k * (TH_NRAMP - 1) / (it->ncats - 1));
    return k % TH_NCAT;
}

static void cv_grid(canvas *cv, const dmx_item *it)
{
    if (!it->cell || it->nx < 1 || it->ny < 1)
        return;
    int cat = it->cats && it->ncats > 0, ord = cat && cats_ordered(it);
    double lo = 0, hi = 1;
    if (!cat)
        grid_range(it, &lo, &hi);
    for (int r = 0; r < cv->ph; r++)
        for (int q = 0; q < cv->pw; q++) {
            double x = cv->xmin + (q + 0.5) / cv->pw * (cv->xmax - cv->xmin);
            double y = cv->ymax - (r + 0.5) / cv->ph * (cv->ymax - cv->ymin);
            double fi = it->nx > 1 ? (x - it->x0) / (it->x1 - it->x0) * (it->nx - 1) : 0;
            double fj = it->ny > 1 ? (y - it->y0) / (it->y1 - it->y0) * (it->ny - 1) : 0;
            if (!isfinite(fi) || !isfinite(fj) || fi < -0.5 || fj < -0.5 ||
                fi > it->nx - 0.5 || fj > it->ny - 0.5)
                continue;
            int i = (int)lround(fi), j = (int)lround(fj);
            if (i >= it->nx) i = it->nx - 1;
            if (j >= it->ny) j = it->ny - 1;
            double v = it->cell[j * it->nx + i];
            if (!isfinite(v))
                continue;
            cv_cell *c = cell(cv, cv->px + q, cv->py + r);
            if (cat) {
                int k = (int)v;
                if (k < 0)
                    continue;
                c->bg = (signed char)(ord ? TH_NCAT + (int)lround((double)k * (TH_NRAMP - 1) /
                                                                  (it->ncats - 1))
                                          : k % TH_NCAT);
            } else {
                int k = hi > lo ? (int)floor((v - lo) / (hi - lo) * TH_NRAMP) : TH_NRAMP / 2;
                if (k >= TH_NRAMP) k = TH_NRAMP - 1;
                if (k < 0) k = 0;
                c->bg = (signed char)(TH_NCAT + k);
            }
        }
}

/* ---- ticks ---- */
static double nice_step(double range, int n)
{
    if (!(range > 0) || n < 1)
        return 1;
    double raw = range / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return m * mag;
}

/* A tick label: plain decimals as many as the step needs ("1000", "2500",
 * "0.05"; "%.3g" gave "1e+03" and "2.5e+03"), scientific only for very large
 * or small values. */
static void fmt_tick(char *b, size_t n, double v, double step)
{
    if (fabs(v) < step * 1e-6)
        v = 0;
    double a = fabs(v) > step ? fabs(v) : step;
    if (step > 0 && a < 1e6 && step >= 1e-4) {
        int dec = (int)ceil(-log10(step) - 1e-9);
        sfmt(b, n, "%.*f", dec > 0 ? dec : 0, v);
        if (strchr(b, '.')) {                   /* "0.50" -> "0.5", "1.0" -> "1" */
            size_t k = strlen(b);
            while (k > 0 && b[k - 1] == '0')
                b[--k] = 0;
            if (k > 0 && b[k - 1] == '.')
                b[--k] = 0;
        }
        if (!strcmp(b, "-0"))
            sfmt(b, n, "0");
        return;
    }
    sfmt(b, n, "%.3g", v);
}

/* ---- layout state ---- */
#define MAXLEG 32
#define MAXBAR 16

typedef struct leg {
    char sw[8];               /* swatch: line, fill pattern, marker glyph or key number */
    int fg, bg;
    int item;                 /* view item, or -1 (extra marker, ramp end) */
    int cat;                  /* category of a grid item, else -1 */
    int marker;               /* a marker: its glyph is its key */
    int pat;                  /* fill pattern of a filled polygon, else -1 */
    int num;                  /* key number (0: none) */
    int at;                   /* shares its cell with the marker whose glyph this is */
    char text[224];           /* label (ASCII when the canvas is) and notes */
} leg;

typedef struct plotctx {
    canvas *cv;
    const dmx_view *v;
    plot_opts o;
    const dmx_view *ghost;
    const cv_marker *extra;
    int nextra;
    leg L[MAXLEG];
    int nleg, sww;            /* entries, swatch width */
    int numbered;             /* key numbers drawn at the items */
    int top, xt, ticks;       /* rows: y title (0/1), x title (0/1), x tick labels (0/1) */
    int yw;                   /* y tick label width */
    double ys;                /* y tick step */
    int lx, ly, lw, nshown;   /* legend box and the entries shown in it */
    int nbar;                 /* bar chart: bar centres and whether names fit as ticks */
    double barx[MAXBAR];
    int bar_names;            /* bar names as ticks on this many rows (0: numbers) */
    int slot;                 /* columns between neighbouring bars */
    int tickrows;             /* rows of x tick labels wanted (1, or 2 for bar names) */
} plotctx;

/* The label of an item without a leading "X: " that repeats the glyph. */
static const char *strip_glyph(const char *label, char glyph)
{
    if (glyph && label[0] == glyph && label[1] == ':' && label[2] == ' ')
        return label + 3;
    return label;
}

static leg *leg_add(plotctx *P, int item, int fg, int bg, const char *label)
{
    if (P->nleg >= MAXLEG)
        return NULL;
    leg *L = &P->L[P->nleg++];
    memset(L, 0, sizeof *L);
    L->item = item;
    L->cat = -1;
    L->pat = -1;
    L->fg = fg;
    L->bg = bg;
    if (P->cv->unicode)
        sfmt(L->text, sizeof L->text, "%s", label);
    else
        dmx_utf8_to_ascii(label, L->text, sizeof L->text);
    return L;
}

static void leg_grid(plotctx *P, int i, const dmx_item *it)
{
    if (it->cats && it->ncats > 0) {
        for (int k = 0; k < it->ncats; k++) {
            leg *L = leg_add(P, i, -1, cat_bg(it, k), it->cats[k] ? it->cats[k] : "?");
            if (L)
                L->cat = k;
        }
        return;
    }
    double lo, hi;
    grid_range(it, &lo, &hi);
    if (!isfinite(lo))
        return;
    for (int k = 0; k < TH_NRAMP; k += TH_NRAMP - 1) {
        char b[64];
        sfmt(b, sizeof b, "%s %.4g", k ? "max" : "min", k ? hi : lo);
        leg_add(P, -1, -1, TH_NCAT + k, b);
    }
}

/* Legend entries of the view's items and the extra markers. */
static void leg_build(plotctx *P)
{
    const dmx_view *v = P->v;
    int nfill = 0;
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        int pat = it->kind == DMX_I_POLYGON && it->filled ? nfill++ : -1;
        if (it->kind == DMX_I_GRID) {
            leg_grid(P, i, it);
            continue;
        }
        if (!it->label || !*it->label)
            continue;
        char g = it->kind == DMX_I_MARKER ? (it->glyph ? it->glyph : '*') : 0;
        leg *L = leg_add(P, i, it->style, -1, strip_glyph(it->label, g));
        if (L) {
            L->marker = g != 0;
            L->sw[0] = g;
            L->pat = pat;
        }
    }
    for (int i = 0; i < P->nextra; i++)
        if (P->extra[i].label) {
            char g = P->extra[i].glyph ? P->extra[i].glyph : '*';
            leg *L = leg_add(P, -1, P->extra[i].style, -1, strip_glyph(P->extra[i].label, g));
            if (L) {
                L->marker = 1;
                L->sw[0] = g;
            }
        }
    /* pinned markers are drawn in lower case ('o' for others): say so, once */
    for (int i = 0; P->ghost && i < P->ghost->nitems; i++) {
        const dmx_item *it = &P->ghost->items[i];
        if (it->kind != DMX_I_MARKER || it->n < 1)
            continue;
        char g = it->glyph >= 'A' && it->glyph <= 'Z' ? (char)(it->glyph - 'A' + 'a')
                 : it->glyph >= 'a' && it->glyph <= 'z' ? it->glyph : 'o';
        leg *L = leg_add(P, -1, 7, -1, g == 'o' ? "pinned (o)" : "pinned (lower case)");
        if (L) {
            L->marker = 1;
            L->sw[0] = g;
        }
        break;
    }
}

/* Swatches: a marker's glyph; else the key number when numbered; else a line,
 * the fill pattern, or (no colour) the cell symbol of a category / ramp end. */
static void leg_swatches(plotctx *P)
{
    canvas *cv = P->cv;
    int num = 0;
    P->sww = 1;
    for (int i = 0; i < P->nleg; i++) {
        leg *L = &P->L[i];
        L->num = 0;
        if (L->marker)
            continue;
        int ramp = L->cat < 0 && L->bg >= TH_NCAT;     /* an end of a numeric ramp */
        if (!ramp)
            L->num = ++num;
        if (P->numbered && !ramp)
            sfmt(L->sw, sizeof L->sw, "%d", L->num);
        else if (L->bg >= 0)
            sfmt(L->sw, sizeof L->sw, "%c",
                 cv->color ? ' ' : ramp ? ramp_sym[L->bg - TH_NCAT] : cat_sym[L->bg % TH_NCAT]);
        else if (L->pat >= 0)
            pat_swatch(cv, L->pat, L->sw);
        else
            sfmt(L->sw, sizeof L->sw, "%s", cv->unicode ? "━" : "-");
        int k = (int)strlen(L->sw);
        if (cv->unicode)
            k = dmx_utf8_width(L->sw);
        if (k > P->sww)
            P->sww = k;
    }
}

static int leg_w(const plotctx *P, const leg *L)
{
    return P->sww + 1 + text_w(P->cv, L->text);
}

/* Rows a text takes wrapped to width w (words are never cut unless one alone
 * is wider than w). */
static int wrap_rows(const char *s, int w)
{
    return u8_wrap(s, w, NULL, NULL);
}

typedef struct wrapdraw {
    canvas *cv;
    int x, y, w, fg, row;
} wrapdraw;

static void wrap_draw_line(void *u, const char *t, int len)
{
    wrapdraw *d = u;
    char b[256];
    if (len > (int)sizeof b - 1)
        len = (int)sizeof b - 1;
    memcpy(b, t, (size_t)len);
    b[len] = 0;
    cv_text(d->cv, d->x, d->y + d->row, d->w, b, d->fg, 1);
    d->row++;
}

/* Draws the swatch and the wrapped label of L at (x, y); returns the rows used. */
static int leg_draw(plotctx *P, const leg *L, int x, int y, int w)
{
    canvas *cv = P->cv;
    cv_text(cv, x, y, P->sww, L->sw, L->fg, 1);
    cv_cell *c = cell(cv, x, y);
    if (c && L->bg >= 0)
        c->bg = (signed char)L->bg;
    wrapdraw d = {cv, x + P->sww + 1, y, w - P->sww - 1, -1, 0};
    u8_wrap(L->text, w - P->sww - 1, wrap_draw_line, &d);
    return d.row;
}

/* Flows entries [0, n) left to right in rows of width w (an entry wider than
 * w wraps on rows of its own), plus "+N more" when n < nleg.  Draws them from
 * row y0 when draw is set.  Returns the rows used. */
static int leg_flow(plotctx *P, int n, int w, int draw, int y0)
{
    int row = 0, x = 0;
    for (int i = 0; i < n; i++) {
        const leg *L = &P->L[i];
        int ew = leg_w(P, L);
        if (ew > w) {
            if (x > 0)
                row++;
            int r = wrap_rows(L->text, w - P->sww - 1);
            if (draw)
                leg_draw(P, L, 0, y0 + row, w);
            row += r;
            x = 0;
            continue;
        }
        if (x > 0 && x + ew > w) {
            row++;
            x = 0;
        }
        if (draw)
            leg_draw(P, L, x, y0 + row, ew);
        x += ew + 3;
    }
    if (n < P->nleg) {
        char b[48];
        sfmt(b, sizeof b, "+%d more", P->nleg - n);
        int ew = (int)strlen(b);
        if (x > 0 && x + ew > w) {
            row++;
            x = 0;
        }
        if (draw)
            cv_text(P->cv, x, y0 + row, ew, b, CV_FG_AXIS, 1);
        x += ew;
    }
    return x > 0 ? row + 1 : row;
}

/* Rows the side legend takes at width lw. */
static int leg_side_rows(const plotctx *P, int lw)
{
    int rows = 0;
    for (int i = 0; i < P->nleg; i++)
        rows += wrap_rows(P->L[i].text, lw - P->sww - 1);
    return rows;
}

/* ---- bars, shared marker cells ---- */

/* A bar chart: every item a filled axis-aligned rectangle (4 points). */
static void bars_detect(plotctx *P)
{
    const dmx_view *v = P->v;
    P->nbar = 0;
    if (v->nitems < 2 || v->nitems > MAXBAR)
        return;
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind != DMX_I_POLYGON || !it->filled || it->n != 4 || !it->label)
            return;
        const double *p = it->xy;
        int rect = (p[0] == p[6] && p[2] == p[4] && p[1] == p[3] && p[5] == p[7]) ||
                   (p[0] == p[2] && p[4] == p[6] && p[1] == p[7] && p[3] == p[5]);
        if (!rect)
            return;
        P->barx[i] = (p[0] + p[2] + p[4] + p[6]) / 4;
    }
    P->nbar = v->nitems;
}

/* Rows bar name s takes wrapped to `slot` columns (99 when a word is wider). */
static int name_rows(const canvas *cv, const char *s, int slot)
{
    char b[256];
    if (cv->unicode)
        sfmt(b, sizeof b, "%s", s);
    else
        dmx_utf8_to_ascii(s, b, sizeof b);
    for (char *w = strtok(b, " "); w; w = strtok(NULL, " "))
        if (text_w(cv, w) > slot)
            return 99;
    if (cv->unicode)
        sfmt(b, sizeof b, "%s", s);
    else
        dmx_utf8_to_ascii(s, b, sizeof b);
    return wrap_rows(b, slot);
}

/* Bar names as x ticks: on one row, or two when the plot is tall enough,
 * each within the spacing of the bars; the legend of the bars is then
 * dropped (the names say it).  When they do not fit, bars are numbered
 * (ticks and legend).  Returns 1 when the layout must be redone. */
static int bars_check(plotctx *P)
{
    canvas *cv = P->cv;
    if (!P->nbar || P->bar_names)
        return 0;
    double span = cv->xmax - cv->xmin, gap = INFINITY;
    for (int i = 1; i < P->nbar; i++)
        gap = fmin(gap, fabs(P->barx[i] - P->barx[i - 1]));
    P->slot = (int)floor(gap / span * (cv->w - cv->px)) - 1;
    int rows = 0;
    for (int i = 0; i < P->nbar; i++) {
        int r = name_rows(cv, P->v->items[i].label, P->slot);
        rows = r > rows ? r : rows;
    }
    if (rows <= 1 || (rows == 2 && cv->h >= 10)) {
        P->bar_names = rows < 1 ? 1 : rows;
        P->tickrows = P->bar_names;
        int n = 0;
        for (int i = 0; i < P->nleg; i++)
            if (P->L[i].item < 0)
                P->L[n++] = P->L[i];
        P->nleg = n;
        return 1;
    }
    if (!P->numbered) {
        P->numbered = 1;
        return 1;
    }
    return 0;
}

static int leg_xy(const plotctx *P, const leg *L, double *x, double *y)
{
    if (L->item >= 0) {
        const dmx_item *it = &P->v->items[L->item];
        if (it->n < 1)
            return 0;
        *x = it->xy[0];
        *y = it->xy[1];
        return 1;
    }
    int k = 0; /* the k-th labelled extra marker */
    for (const leg *M = P->L; M < L; M++)
        k += M->marker && M->item < 0;
    for (int i = 0; i < P->nextra; i++)
        if (P->extra[i].label && k-- == 0) {
            *x = P->extra[i].x;
            *y = P->extra[i].y;
            return 1;
        }
    return 0;
}

/* Markers that land in the cell of an earlier marker are not drawn; their
 * legend entry says where they are ("(at E)").  Returns 1 when a note was added. */
static int shared_cells(plotctx *P)
{
    int added = 0;
    for (int i = 0; i < P->nleg; i++) {
        leg *L = &P->L[i];
        double x, y;
        int cx, cy;
        if (!L->marker || L->at || !leg_xy(P, L, &x, &y) || !xy_cell(P->cv, x, y, &cx, &cy))
            continue;
        for (int j = 0; j < i; j++) {
            leg *M = &P->L[j];
            double x2, y2;
            int cx2, cy2;
            if (!M->marker || M->at || !leg_xy(P, M, &x2, &y2) ||
                !xy_cell(P->cv, x2, y2, &cx2, &cy2) || cx2 != cx || cy2 != cy)
                continue;
            L->at = M->sw[0];
            size_t k = strlen(L->text);
            sfmt(L->text + k, sizeof L->text - k, " (at %c)", L->at);
            added = 1;
            break;
        }
    }
    return added;
}

/* ---- layout ---- */

static void y_ticks(plotctx *P, int ph)
{
    canvas *cv = P->cv;
    char tb[32];
    int nyt = ph / 4 > 1 ? ph / 4 : 2, yw = 1;
    P->ys = nice_step(cv->ymax - cv->ymin, nyt);
    for (double t = ceil(cv->ymin / P->ys - 1e-9) * P->ys; t <= cv->ymax + P->ys * 1e-9;
         t += P->ys) {
        fmt_tick(tb, sizeof tb, t, P->ys);
        int k = (int)strlen(tb);
        if (k > yw)
            yw = k;
    }
    P->yw = yw > 8 ? 8 : yw;
}

/* The legend: beside the plot (long entries wrapped at word boundaries, the
 * plot keeping most of the width) or below it, whichever leaves the larger
 * plot; when neither fits, a numbered key listing the entries that fit whole
 * and "+N more". */
static int place_legend(plotctx *P, int px, int fixed)
{
    canvas *cv = P->cv;
    int w = cv->w, h = cv->h, need = 0;
    for (int i = 0; i < P->nleg; i++)
        if (leg_w(P, &P->L[i]) > need)
            need = leg_w(P, &P->L[i]);
    int pwmin = (w - px) * 11 / 20 > 20 ? (w - px) * 11 / 20 : 20;
    int cap = w - px - pwmin - 1, lw = need < cap ? need : cap;
    P->nshown = P->nleg;
    /* the plot keeps at least 3 rows and 3/5 of what the axes leave */
    int phmin = (h - fixed) * 3 / 5 > 3 ? (h - fixed) * 3 / 5 : 3;
    int avail = h - fixed - phmin, rows = leg_flow(P, P->nleg, w, 0, 0);
    int side = lw >= 12 && leg_side_rows(P, lw) <= h - P->top, below = rows <= avail;
    /* both fit: for a map, the one leaving the plot whose shorter side is
     * longer (a cell is about half as wide as tall, so pw x ph looks like pw
     * by 2 ph), on a tie the larger plot; for curves and bars the larger plot;
     * beside on a tie.  By area alone, Fig 4 of
     * bbg-fig4-low-noise at 120x36 went 80 x 6 (a strip) rather than 51 x 11 */
    if (side && below) {
        int bw = w - px, bh = h - fixed - rows, sw = w - px - lw - 1, sh = h - fixed;
        int bmin = bw < 2 * bh ? bw : 2 * bh, smin = sw < 2 * sh ? sw : 2 * sh;
        /* only a map (a grid over two parameters) wants to be square; curves
         * and bars want width: there the larger area, as before */
        int map = 0;
        for (int i = 0; i < P->v->nitems; i++)
            map |= P->v->items[i].kind == DMX_I_GRID;
        if (!map ? bw * bh > sw * sh : bmin > smin || (bmin == smin && bw * bh > sw * sh))
            side = 0;
    }
    if (side) {
        cv->legend = CV_LEG_SIDE;
        P->lw = lw;
        P->lx = w - lw;
        P->ly = P->top;
        return 0;
    }
    if (below) {
        cv->legend = CV_LEG_BELOW;
        return rows;
    }
    cv->legend = CV_LEG_KEY;
    P->nshown = 0;
    if (avail < 1)
        return 0;
    int n = P->nleg;
    while (n > 0 && leg_flow(P, n, w, 0, 0) > avail)
        n--;
    rows = leg_flow(P, n, w, 0, 0);
    P->nshown = n;
    return rows <= avail ? rows : 0;
}

static int layout(plotctx *P)
{
    canvas *cv = P->cv;
    const dmx_view *v = P->v;
    int w = cv->w, h = cv->h;
    P->top = h >= 8 && v->ylabel && *v->ylabel;
    P->ticks = h >= 5 ? P->tickrows : 0;
    P->xt = h >= 10 && v->xlabel && *v->xlabel;
    int fixed = P->top + 1 + P->ticks + P->xt;
    y_ticks(P, h - fixed);
    int px = P->yw + 1, legrows = 0;
    cv->legend = CV_LEG_NONE;
    P->nshown = 0;
    P->lw = 0;
    if (P->nleg > 0)
        legrows = place_legend(P, px, fixed);
    cv->px = px;
    cv->py = P->top;
    cv->pw = w - px - (cv->legend == CV_LEG_SIDE ? P->lw + 1 : 0);
    cv->ph = h - fixed - legrows;
    P->ly = cv->legend == CV_LEG_SIDE ? P->top : cv->py + cv->ph + 1 + P->ticks + P->xt;
    if (cv->ph < 1)
        return -1;
    y_ticks(P, cv->ph);
    if (P->yw + 1 > cv->px) {                 /* wider ticks at the final height */
        cv->pw -= P->yw + 1 - cv->px;
        cv->px = P->yw + 1;
    }
    return cv->pw < 2 ? -1 : 0;
}

static int layout_all(plotctx *P)
{
    for (int pass = 0; pass < 4; pass++) {
        leg_swatches(P);
        if (layout(P) < 0)
            return -1;
        int again = 0;
        if (P->cv->legend == CV_LEG_KEY && !P->numbered) {
            P->numbered = 1;
            again = 1;
        }
        again |= bars_check(P);
        again |= shared_cells(P);
        if (!again)
            return 0;
    }
    leg_swatches(P);
    return layout(P);
}

/* ---- key numbers at the items ---- */

static int free_run(canvas *cv, int x, int y, int len)
{
    for (int i = 0; i < len; i++) {
        cv_cell *c = cell(cv, x + i, y);
        if (!c || x + i < cv->px || x + i >= cv->px + cv->pw || y < cv->py ||
            y >= cv->py + cv->ph || c->lock || c->ch[0] || c->dots)
            return 0;
    }
    /* not against other text: two key numbers side by side read as one
     * ("2" and "3" as "23") */
    cv_cell *l = cell(cv, x - 1, y), *r = cell(cv, x + len, y);
    if ((l && l->ch[0] && l->ch[0] != ' ') || (r && r->ch[0] && r->ch[0] != ' '))
        return 0;
    return 1;
}

/* A number beside a line, near its last visible point, in empty cells. */
static void num_on_line(plotctx *P, const dmx_item *it, const char *num, int fg)
{
    canvas *cv = P->cv;
    static const int off[4][2] = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
    int len = (int)strlen(num), n = it->n;
    int nseg = it->kind == DMX_I_POLYGON && n > 2 ? n : n - 1;
    for (int k = nseg - 1; k >= 0; k--) {
        const double *a = &it->xy[2 * k], *b = &it->xy[2 * ((k + 1) % n)];
        double cells = fabs(tx(cv, b[0]) - tx(cv, a[0])) / cv->dx +
                       fabs(ty(cv, b[1]) - ty(cv, a[1])) / cv->dy;
        int steps = isfinite(cells) ? (int)fmin(ceil(cells), 4000) : 0;
        for (int s = steps; s >= 0; s--) {
            double t = steps ? (double)s / steps : 0;
            int cx, cy;
            if (!xy_cell(cv, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), &cx, &cy))
                continue;
            for (int o = 0; o < 4; o++) {
                int x = cx + off[o][0] - (off[o][0] < 0 ? len - 1 : 0), y = cy + off[o][1];
                if (free_run(cv, x, y, len)) {
                    cv_text(cv, x, y, len, num, fg, 1);
                    return;
                }
            }
        }
    }
}

/* A number inside a filled polygon (near the mean of its vertices). */
static void num_in_fill(plotctx *P, const dmx_item *it, const char *num, int fg)
{
    canvas *cv = P->cv;
    double mx = 0, my = 0;
    for (int i = 0; i < it->n; i++) {
        mx += it->xy[2 * i] / it->n;
        my += it->xy[2 * i + 1] / it->n;
    }
    int cx, cy, len = (int)strlen(num);
    if (!xy_cell(cv, mx, my, &cx, &cy))
        return;
    for (int r = 0; r <= 2; r++)
        for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++) {
                cv_cell *c = cell(cv, cx + dx, cy + dy);
                if (c && !c->lock && cx + dx >= cv->px && cx + dx + len <= cv->px + cv->pw &&
                    cy + dy >= cv->py && cy + dy < cv->py + cv->ph) {
                    cv_text(cv, cx + dx, cy + dy, len, num, fg, 1);
                    return;
                }
            }
}

/* A number in the cell of category k nearest the middle of its cells. */
static void num_in_region(plotctx *P, const dmx_item *it, int cat, const char *num)
{
    canvas *cv = P->cv;
    int k = cat_bg(it, cat);
    double sx = 0, sy = 0, best = INFINITY;
    int n = 0, bx = -1, by = -1, len = (int)strlen(num);
    for (int y = cv->py; y < cv->py + cv->ph; y++)
        for (int x = cv->px; x < cv->px + cv->pw; x++)
            if (cell(cv, x, y)->bg == k) {
                sx += x;
                sy += y;
                n++;
            }
    if (!n)
        return;
    sx /= n;
    sy /= n;
    for (int y = cv->py; y < cv->py + cv->ph; y++)
        for (int x = cv->px; x + len <= cv->px + cv->pw; x++) {
            cv_cell *c = cell(cv, x, y), *e = cell(cv, x + len - 1, y);
            double d = (x - sx) * (x - sx) + 4 * (y - sy) * (y - sy);
            if (c->bg == k && e->bg == c->bg && !c->lock && !e->lock && d < best) {
                best = d;
                bx = x;
                by = y;
            }
        }
    if (bx >= 0)
        cv_text(cv, bx, by, len, num, -1, 1);
}

static void draw_numbers(plotctx *P)
{
    for (int i = 0; i < P->nleg; i++) {
        const leg *L = &P->L[i];
        if (!L->num || L->item < 0)
            continue;
        const dmx_item *it = &P->v->items[L->item];
        char num[8];
        sfmt(num, sizeof num, "%d", L->num);
        if (it->kind == DMX_I_GRID)
            num_in_region(P, it, L->cat, num);
        else if (it->kind == DMX_I_POLYGON && it->filled)
            num_in_fill(P, it, num, it->style);
        else if (it->n >= 2)
            num_on_line(P, it, num, it->style);
    }
}

/* ---- drawing ---- */

static void draw_items(plotctx *P)
{
    canvas *cv = P->cv;
    const dmx_view *v = P->v;
    for (int i = 0; i < v->nitems; i++)
        if (v->items[i].kind == DMX_I_GRID)
            cv_grid(cv, &v->items[i]);
    for (int i = 0, nfill = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind == DMX_I_POLYGON && it->filled)
            cv_fill(cv, it->xy, it->n, it->style, nfill++);
    }
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind != DMX_I_POLYGON && it->kind != DMX_I_POLYLINE)
            continue;
        for (int k = 0; k + 1 < it->n; k++)
            cv_line(cv, it->xy[2 * k], it->xy[2 * k + 1], it->xy[2 * k + 2], it->xy[2 * k + 3],
                    it->style);
        if (it->kind == DMX_I_POLYGON && it->n > 2)
            cv_line(cv, it->xy[2 * (it->n - 1)], it->xy[2 * (it->n - 1) + 1], it->xy[0],
                    it->xy[1], it->style);
    }
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind == DMX_I_MARKER && it->n >= 1)
            cv_mark(cv, it->xy[0], it->xy[1], it->glyph, it->style, 0);
    }
    for (int i = 0; i < P->nextra; i++)
        cv_mark(cv, P->extra[i].x, P->extra[i].y, P->extra[i].glyph, P->extra[i].style, 0);
    for (int i = 0; P->ghost && i < P->ghost->nitems; i++) {
        const dmx_item *it = &P->ghost->items[i];
        if (it->kind == DMX_I_MARKER && it->n >= 1)
            cv_mark(cv, it->xy[0], it->xy[1], it->glyph, it->style, 1);
    }
}

/* A title in at most `avail` columns at (x, y), right-aligned to x + avail when
 * `right`; a title wider than that ends at a word boundary with an ellipsis and
 * is kept whole for the export. */
static void draw_title(plotctx *P, const char *s, const char *axis, int x, int y, int avail,
                       int right)
{
    canvas *cv = P->cv;
    char b[256];
    if (cv->unicode)
        sfmt(b, sizeof b, "%s", s);
    else
        dmx_utf8_to_ascii(s, b, sizeof b);
    int tw = text_w(cv, b);
    if (tw > avail) {
        char full[300];
        sfmt(full, sizeof full, "%s axis: %s", axis, b);
        cv_more(cv, full);
        const char *ell = cv->unicode ? "…" : "~";
        char *cut = NULL;
        for (char *p = b; *p; p++)
            if (*p == ' ') {
                *p = 0;
                if (text_w(cv, b) + 1 <= avail)
                    cut = p;
                *p = ' ';
            }
        if (!cut)
            return;
        sfmt(cut, sizeof b - (size_t)(cut - b), "%s", ell);
        tw = text_w(cv, b);
    }
    cv_text(cv, right ? x + avail - tw : x, y, tw, b, CV_FG_TITLE, 1);
}

static void draw_yaxis(plotctx *P)
{
    canvas *cv = P->cv;
    char tb[32];
    const char *vl = cv->unicode ? "│" : "|";
    for (int r = 0; r < cv->ph; r++)
        cv_text(cv, cv->px - 1, cv->py + r, 1, vl, CV_FG_AXIS, 1);
    for (double t = ceil(cv->ymin / P->ys - 1e-9) * P->ys; t <= cv->ymax + P->ys * 1e-9;
         t += P->ys) {
        int r = cv->py + (int)lround(ty(cv, t)) / cv->dy;   /* the row whose dots show t */
        if (r > cv->py + cv->ph - 1) r = cv->py + cv->ph - 1;
        if (r < cv->py) r = cv->py;
        fmt_tick(tb, sizeof tb, t, P->ys);
        int k = (int)strlen(tb);
        if (k > P->yw)
            k = P->yw;
        cv_text(cv, cv->px - 1 - k, r, k, tb, CV_FG_AXIS, 1);
        cv_text(cv, cv->px - 1, r, 1, cv->unicode ? "┤" : "+", CV_FG_AXIS, 1);
    }
    if (P->top && P->v->ylabel)
        draw_title(P, P->v->ylabel, "y", 0, 0, cv->legend == CV_LEG_SIDE && P->ly == 0
                   ? P->lx - 1 : cv->w, 0);
}

/* The column of the cell whose dots show x (ticks sit where the data are). */
static int x_cell(const canvas *cv, double x)
{
    int q = cv->px + (int)lround(tx(cv, x)) / cv->dx;
    return q < cv->px ? cv->px : q > cv->px + cv->pw - 1 ? cv->px + cv->pw - 1 : q;
}

/* One x tick: the mark on the axis and its label centred under it, unless it
 * would run into the previous label.  Returns the label's end column or -1. */
static int x_tick(plotctx *P, int q, const char *s, int lastend)
{
    canvas *cv = P->cv;
    int axr = cv->py + cv->ph, k = text_w(cv, s), st = q - k / 2;
    if (st < cv->px - 1)
        st = cv->px - 1;
    if (st <= lastend || st + k > cv->w)
        return -1;
    cv_text(cv, q, axr, 1, cv->unicode ? "┬" : "+", CV_FG_AXIS, 1);
    cv_text(cv, st, axr + 1, k, s, CV_FG_AXIS, 1);
    return st + k;
}

typedef struct barname {
    plotctx *P;
    int q, row;
} barname;

static void bar_name_line(void *u, const char *t, int len)
{
    barname *b = u;
    canvas *cv = b->P->cv;
    char s[256];
    if (len > (int)sizeof s - 1)
        len = (int)sizeof s - 1;
    memcpy(s, t, (size_t)len);
    s[len] = 0;
    int k = text_w(cv, s), st = b->q - (k - 1) / 2;
    if (st < cv->px - 1)
        st = cv->px - 1;
    if (b->row < b->P->ticks)
        cv_text(cv, st, cv->py + cv->ph + 1 + b->row, k, s, CV_FG_AXIS, 1);
    b->row++;
}

/* A bar's name under it (wrapped within the bar spacing), with a tick mark. */
static void bar_name(plotctx *P, int q, const char *label)
{
    canvas *cv = P->cv;
    char b[256];
    if (cv->unicode)
        sfmt(b, sizeof b, "%s", label);
    else
        dmx_utf8_to_ascii(label, b, sizeof b);
    cv_text(cv, q, cv->py + cv->ph, 1, cv->unicode ? "┬" : "+", CV_FG_AXIS, 1);
    barname bn = {P, q, 0};
    u8_wrap(b, P->slot, bar_name_line, &bn);
}

static void draw_xaxis(plotctx *P)
{
    canvas *cv = P->cv;
    int axr = cv->py + cv->ph, lastend = -1;
    cv_text(cv, cv->px - 1, axr, 1, cv->unicode ? "└" : "+", CV_FG_AXIS, 1);
    for (int q = 0; q < cv->pw; q++)
        cv_text(cv, cv->px + q, axr, 1, cv->unicode ? "─" : "-", CV_FG_AXIS, 1);
    if (!P->ticks)
        return;
    char tb[32];
    if (P->nbar) {
        for (int i = 0; i < P->nbar; i++) {
            int q = x_cell(cv, P->barx[i]);
            int num = 0;
            for (int j = 0; j < P->nleg; j++)
                if (P->L[j].item == i)
                    num = P->L[j].num;
            sfmt(tb, sizeof tb, "%d", num);
            if (P->bar_names)
                bar_name(P, q, P->v->items[i].label);
            else {
                int e = x_tick(P, q, tb, lastend);
                lastend = e >= 0 ? e : lastend;
            }
        }
    } else {
        int nxt = cv->pw / 12 > 1 ? cv->pw / 12 : 2;
        double xs = nice_step(cv->xmax - cv->xmin, nxt);
        for (double t = ceil(cv->xmin / xs - 1e-9) * xs; t <= cv->xmax + xs * 1e-9; t += xs) {
            int q = x_cell(cv, t);
            fmt_tick(tb, sizeof tb, t, xs);
            int e = x_tick(P, q, tb, lastend);
            lastend = e >= 0 ? e : lastend;
        }
    }
    if (P->xt)
        draw_title(P, P->v->xlabel, "x", 0, axr + 1 + P->ticks, cv->px + cv->pw, 1);
}

static void draw_legend(plotctx *P)
{
    canvas *cv = P->cv;
    if (cv->legend == CV_LEG_SIDE) {
        for (int i = 0, y = P->ly; i < P->nleg; i++)
            y += leg_draw(P, &P->L[i], P->lx, y, P->lw);
        return;
    }
    if (cv->legend == CV_LEG_NONE)
        return;
    if (P->ly < cv->h)
        leg_flow(P, P->nshown, cv->w, 1, P->ly);
    for (int i = P->nshown; i < P->nleg; i++) {
        char b[260];
        sfmt(b, sizeof b, "%s %s", P->L[i].sw, P->L[i].text);
        cv_more(cv, b);
    }
}

/* A degenerate window (empty, or narrower than the numbers' noise, e.g. an
 * all-zero chart padded by 1e-9) becomes 0 .. 1 around zero, else +-50%. */
static void fix_range(double *lo, double *hi)
{
    double a = *lo, b = *hi;
    if (!isfinite(a) || !isfinite(b)) {
        *lo = 0;
        *hi = 1;
        return;
    }
    double c = (a + b) / 2;
    if (b - a > 1e-6 * fmax(1, fmax(fabs(a), fabs(b))))
        return;
    if (fabs(c) < 1e-6) {
        *lo = 0;
        *hi = 1;
    } else {
        *lo = c - fabs(c) / 2;
        *hi = c + fabs(c) / 2;
    }
}

static int canvas_init(canvas *cv, const dmx_view *v, int w, int h, const plot_opts *o)
{
    cv->c = calloc((size_t)w * (size_t)h, sizeof(cv_cell));
    if (!cv->c)
        return -1;
    for (int i = 0; i < w * h; i++) {
        cv->c[i].fg = -1;
        cv->c[i].bg = -1;
    }
    cv->w = w;
    cv->h = h;
    cv->unicode = o->unicode;
    cv->color = o->color;
    cv->mode = !o->unicode && o->mode != CV_ASCII ? CV_ASCII : o->mode;
    cv->dx = cv->mode == CV_ASCII ? 1 : 2;
    cv->dy = cv->mode == CV_BRAILLE ? 4 : cv->mode == CV_BLOCK ? 2 : 1;
    cv->xmin = v->xmin;
    cv->xmax = v->xmax;
    cv->ymin = v->ymin;
    cv->ymax = v->ymax;
    fix_range(&cv->xmin, &cv->xmax);
    fix_range(&cv->ymin, &cv->ymax);
    return 0;
}

int plot_render_opts(canvas *cv, const dmx_view *v, int w, int h, const plot_opts *o,
                     const dmx_view *ghost, const cv_marker *extra, int nextra)
{
    memset(cv, 0, sizeof *cv);
    if (w < 4 || h < 3)
        return 0;
    if (canvas_init(cv, v, w, h, o) < 0)
        return -1;
    plotctx *P = calloc(1, sizeof *P);
    if (!P) {
        canvas_free(cv);
        return -1;
    }
    P->cv = cv;
    P->v = v;
    P->o = *o;
    P->ghost = ghost;
    P->extra = extra;
    P->nextra = extra ? nextra : 0;
    P->numbered = o->number_items || !o->color;   /* no colour: numbers tell lines apart */
    P->tickrows = 1;
    leg_build(P);
    bars_detect(P);
    if (layout_all(P) == 0) {
        draw_items(P);
        if (P->numbered && !P->nbar)
            draw_numbers(P);
        draw_yaxis(P);
        draw_xaxis(P);
        draw_legend(P);
    }
    free(P);
    return 0;
}

int plot_render(canvas *cv, const dmx_view *v, int w, int h, cv_mode mode, int unicode,
                int color, const dmx_view *ghost, const cv_marker *extra, int nextra)
{
    plot_opts o = {mode, unicode, color, 0};
    return plot_render_opts(cv, v, w, h, &o, ghost, extra, nextra);
}

/* The text of one cell: UTF-8 (or ASCII) into out. */
static void cell_str(const canvas *cv, const cv_cell *c, char *out)
{
    if (c->ch[0]) {
        strcpy(out, c->ch);
        return;
    }
    if (c->dots) {
        if (cv->mode == CV_BRAILLE) {
            unsigned cp = 0x2800 + c->dots;
            out[0] = (char)(0xE0 | (cp >> 12));
            out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[2] = (char)(0x80 | (cp & 0x3F));
            out[3] = 0;
        } else if (cv->mode == CV_BLOCK) {
            strcpy(out, quad[c->dots & 15]);
        } else {
            strcpy(out, "*");
        }
        return;
    }
    if (c->bg >= 0 && !cv->color) {
        out[0] = c->bg < TH_NCAT ? cat_sym[c->bg] : ramp_sym[c->bg - TH_NCAT];
        out[1] = 0;
        return;
    }
    strcpy(out, " ");
}

void canvas_draw(const canvas *cv, int y, int x, const theme *t)
{
    int rows = getmaxy(stdscr), cols = getmaxx(stdscr);
    for (int r = 0; r < cv->h && y + r < rows; r++) {
        wchar_t wb[1024];
        int nw = 0, start = 0;
        attr_t ca = 0;
        short cp = 0;
        for (int q = 0; q <= cv->w && x + q <= cols; q++) {
            attr_t a = 0;
            short p = 0;
            wchar_t wc[8] = {0};
            int nwc = 0;
            if (q < cv->w && x + q < cols) {
                const cv_cell *c = &cv->c[r * cv->w + q];
                char s[16];
                cell_str(cv, c, s);
                for (size_t o = 0, len = strlen(s); o < len && nwc < 7;) {
                    unsigned u;
                    o += (size_t)dmx_utf8_decode(s + o, len - o, &u, NULL);
                    wc[nwc++] = (wchar_t)u;
                }
                if (nwc == 0) { wc[0] = L'?'; nwc = 1; }
                if (c->fg == CV_FG_AXIS) { a = TH_A(t, TR_AXIS); p = TH_P(t, TR_AXIS); }
                else if (c->fg == CV_FG_TITLE) { a = TH_A(t, TR_TITLE); p = TH_P(t, TR_TITLE); }
                else {
                    p = theme_plot_pair(t, c->fg < 0 ? 0 : c->fg, c->bg);
                    if (c->lock && c->fg >= 0 && c->fg != 7)
                        a = A_BOLD;
                    if (c->fg == 7 && c->lock)
                        a = t->no_dim ? A_NORMAL : A_DIM;
                }
            } else {
                a = (attr_t)-1;
            }
            if (q == cv->w || x + q >= cols || a != ca || p != cp || nw + nwc >= 1000) {
                if (nw) {
                    attr_set(ca, cp, NULL);
                    mvaddnwstr(y + r, x + start, wb, nw);
                }
                nw = 0;
                start = q;
                ca = a;
                cp = p;
            }
            if (a == (attr_t)-1)
                break;
            for (int i = 0; i < nwc; i++)
                wb[nw++] = wc[i];
        }
    }
    attr_set(A_NORMAL, 0, NULL);
}

void canvas_dump(const canvas *cv, FILE *f)
{
    for (int r = 0; r < cv->h; r++) {
        char line[8192];
        size_t o = 0, keep = 0;
        for (int q = 0; q < cv->w; q++) {
            char s[16];
            cell_str(cv, &cv->c[r * cv->w + q], s);
            size_t k = strlen(s);
            if (o + k >= sizeof line)
                break;
            memcpy(line + o, s, k);
            o += k;
            if (strcmp(s, " ") != 0)
                keep = o;
        }
        line[keep] = 0;
        fprintf(f, "%s\n", line);
    }
    for (int i = 0; i < cv->nmore; i++)
        fprintf(f, "%s%s\n", i ? "" : "\n", cv->more[i]);
}
