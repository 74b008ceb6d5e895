/* plot.c -- the plot canvas (see plot.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "plot.h"
#include "util.h"

static const char *const mode_names[CV_NMODES] = {"braille", "block", "ascii"};
static const char cat_sym[] = ".:+xo%=#";
static const char ramp_sym[] = ".:-=+*#@";
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
    cv->w = cv->h = 0;
}

static cv_cell *cell(canvas *cv, int x, int y)
{
    if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
        return NULL;
    return &cv->c[y * cv->w + x];
}

/* Writes a UTF-8 string as text cells starting at (x, y); stops at maxw cells. */
static int cv_text(canvas *cv, int x, int y, int maxw, const char *s, int fg, int lock)
{
    int n = 0;
    char abuf[256];
    if (!cv->unicode) {
        u8_to_ascii(s, abuf, sizeof abuf);
        s = abuf;
    }
    while (*s && (n < maxw || ((unsigned char)s[0] == 0xCC && n > 0))) {
        int len = 1;
        unsigned char u = (unsigned char)*s;
        if (u >= 0x80)
            len = (u & 0xE0) == 0xC0 ? 2 : (u & 0xF0) == 0xE0 ? 3 : (u & 0xF8) == 0xF0 ? 4 : 1;
        char one[8] = {0};
        memcpy(one, s, (size_t)len);
        /* combining marks are drawn into the previous cell */
        unsigned cp = 0;
        if (len == 2)
            cp = ((u & 0x1F) << 6) | (s[1] & 0x3F);
        if (cp >= 0x300 && cp <= 0x36F && n > 0) {
            cv_cell *pc = cell(cv, x + n - 1, y);
            if (pc && strlen(pc->ch) + (size_t)len < sizeof pc->ch)
                strcat(pc->ch, one);
            s += len;
            continue;
        }
        for (int k = 1; k < len; k++)
            if (!s[k]) { len = k; break; }
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
        s += len;
        n++;
    }
    return n;
}

static int text_w(const canvas *cv, const char *s)
{
    if (cv->unicode)
        return u8_width(s);
    char a[256];
    u8_to_ascii(s, a, sizeof a);
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

static void cv_fill(canvas *cv, const double *xy, int n, int style)
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
            for (int X = a; X <= b; X++) {
                int on = cv->mode == CV_ASCII ? 1
                       : cv->mode == CV_BLOCK ? ((X + Y) % 2 == 0)
                                              : (X % 2 == 0 && Y % 2 == 0);
                if (on)
                    set_dot(cv, X, Y, style, '.', 1);
            }
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

static void cv_mark(canvas *cv, double x, double y, char glyph, const char *label,
                      int style, int ghost)
{
    int cx, cy;
    if (!xy_cell(cv, x, y, &cx, &cy))
        return;
    cv_cell *c = cell(cv, cx, cy);
    if (!c || (ghost && c->lock))
        return;
    /* another marker already there: step right (up to 3 cells) */
    for (int k = 0; k < 3 && c->lock && c->ch[0] && cx + 1 < cv->px + cv->pw; k++) {
        cv_cell *d = cell(cv, cx + 1, cy);
        if (!d)
            break;
        cx++;
        c = d;
    }
    char g[2] = {glyph ? glyph : '*', 0};
    if (ghost && g[0] >= 'A' && g[0] <= 'Z')
        g[0] = (char)(g[0] - 'A' + 'a');
    else if (ghost && !(g[0] >= 'a' && g[0] <= 'z'))
        g[0] = 'o';
    c->lock = 0;
    cv_text(cv, cx, cy, 1, g, ghost ? 7 : style, 1);
    (void)label;
}

/* The inline label of a marker (when no legend is shown), placed after every
 * marker glyph is down so that labels never overwrite markers: right of the
 * marker's cluster of glyphs, else left of it, else not at all.  A leading
 * "X: " that repeats the glyph is dropped. */
static void cv_mark_label(canvas *cv, double x, double y, char glyph, const char *label,
                          int style)
{
    int cx, cy;
    if (!label || !*label || cv->legend || !xy_cell(cv, x, y, &cx, &cy))
        return;
    if (glyph && label[0] == glyph && label[1] == ':' && label[2] == ' ')
        label += 3;
    int end = cx; /* last cell of the glyph cluster the marker belongs to */
    while (end + 1 < cv->px + cv->pw && end - cx < 3) {
        cv_cell *d = cell(cv, end + 1, cy);
        if (!d || !d->lock || !d->ch[0] || d->ch[1])
            break;
        end++;
    }
    int lw = text_w(cv, label);
    if (lw > 18)
        lw = 18;
    int right = end + 1, ok = 1;
    for (int i = 0; i <= lw; i++) {
        cv_cell *d = cell(cv, right + i, cy);
        if (!d || d->lock || right + i >= cv->px + cv->pw) { ok = 0; break; }
    }
    if (ok) {
        cv_text(cv, right + 1, cy, lw, label, style, 1);
        return;
    }
    int left = cx - lw - 1;
    ok = left >= cv->px;
    for (int i = 0; ok && i < lw + 1; i++) {
        cv_cell *d = cell(cv, left + i, cy);
        if (!d || d->lock)
            ok = 0;
    }
    if (ok)
        cv_text(cv, left, cy, lw, label, style, 1);
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

static void cv_grid(canvas *cv, const dmx_item *it)
{
    if (!it->cell || it->nx < 1 || it->ny < 1)
        return;
    int cat = it->cats && it->ncats > 0;
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
                c->bg = (signed char)(k % TH_NCAT);
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
    double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return m * mag;
}

static void fmt_tick(char *b, size_t n, double v, double step)
{
    if (fabs(v) < step * 1e-6)
        v = 0;
    sfmt(b, n, "%.3g", v);
}

typedef struct legend_ent {
    char sw[8];                 /* swatch text */
    int fg, bg;
    const char *label;
    char buf[48];
} legend_ent;

int plot_render(canvas *cv, const dmx_view *v, int w, int h, cv_mode mode, int unicode,
                int color, const dmx_view *ghost, const cv_marker *extra, int nextra)
{
    memset(cv, 0, sizeof *cv);
    if (w < 4 || h < 3)
        return 0;
    cv->c = calloc((size_t)w * (size_t)h, sizeof(cv_cell));
    if (!cv->c)
        return -1;
    for (int i = 0; i < w * h; i++) {
        cv->c[i].fg = -1;
        cv->c[i].bg = -1;
    }
    cv->w = w;
    cv->h = h;
    cv->unicode = unicode;
    cv->color = color;
    if (!unicode && mode != CV_ASCII)
        mode = CV_ASCII;
    cv->mode = mode;
    cv->dx = mode == CV_BRAILLE ? 2 : mode == CV_BLOCK ? 2 : 1;
    cv->dy = mode == CV_BRAILLE ? 4 : mode == CV_BLOCK ? 2 : 1;
    cv->xmin = v->xmin; cv->xmax = v->xmax; cv->ymin = v->ymin; cv->ymax = v->ymax;
    if (!(cv->xmax > cv->xmin)) { cv->xmin -= 0.5; cv->xmax = cv->xmin + 1; }
    if (!(cv->ymax > cv->ymin)) { cv->ymin -= 0.5; cv->ymax = cv->ymin + 1; }

    /* legend entries */
    legend_ent leg[32];
    int nleg = 0, legw = 0;
    for (int i = 0; i < v->nitems && nleg < 32; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind == DMX_I_GRID && it->cats && it->ncats > 0) {
            for (int k = 0; k < it->ncats && nleg < 32; k++) {
                legend_ent *L = &leg[nleg++];
                memset(L, 0, sizeof *L);
                L->bg = k % TH_NCAT;
                L->fg = -1;
                sfmt(L->sw, sizeof L->sw, "%c", color ? ' ' : cat_sym[k % TH_NCAT]);
                L->label = it->cats[k] ? it->cats[k] : "?";
            }
        } else if (it->kind == DMX_I_GRID) {
            double lo, hi;
            grid_range(it, &lo, &hi);
            for (int k = 0; k < TH_NRAMP && nleg < 32 && isfinite(lo); k += TH_NRAMP - 1) {
                legend_ent *L = &leg[nleg++];
                memset(L, 0, sizeof *L);
                L->bg = TH_NCAT + k;
                L->fg = -1;
                sfmt(L->sw, sizeof L->sw, "%c", color ? ' ' : ramp_sym[k]);
                sfmt(L->buf, sizeof L->buf, "%s %.4g", k ? "max" : "min", k ? hi : lo);
                L->label = L->buf;
            }
        } else if (it->label && *it->label) {
            legend_ent *L = &leg[nleg++];
            memset(L, 0, sizeof *L);
            L->bg = -1;
            L->fg = it->style;
            if (it->kind == DMX_I_MARKER)
                sfmt(L->sw, sizeof L->sw, "%c", it->glyph ? it->glyph : '*');
            else
                sfmt(L->sw, sizeof L->sw, "%s", unicode ? "━" : "-");
            L->label = it->label;
        }
    }
    for (int i = 0; i < nextra && nleg < 32; i++)
        if (extra[i].label) {
            legend_ent *L = &leg[nleg++];
            memset(L, 0, sizeof *L);
            L->bg = -1;
            L->fg = extra[i].style;
            sfmt(L->sw, sizeof L->sw, "%c", extra[i].glyph);
            L->label = extra[i].label;
        }
    for (int i = 0; i < nleg; i++) {
        int lw = 2 + text_w(cv, leg[i].label);
        if (lw > legw)
            legw = lw;
    }
    int legcap = w - 44 > 24 ? w - 44 : 24;
    if (legcap > 40)
        legcap = 40;
    if (legw > legcap)
        legw = legcap;
    int show_leg = nleg > 0 && w - legw - 1 >= 30;
    cv->legend = show_leg;

    /* y tick labels */
    int top = h >= 8 ? 1 : 0;                 /* row for the y label */
    int ph = h - top - 2;                     /* rows: plot, axis line, x tick labels */
    if (ph < 2) { ph = h - top; }
    int nyt = ph / 4 > 1 ? ph / 4 : 2;
    double ys = nice_step(cv->ymax - cv->ymin, nyt);
    int yw = 1;
    char tb[32];
    for (double t = ceil(cv->ymin / ys - 1e-9) * ys; t <= cv->ymax + ys * 1e-9; t += ys) {
        fmt_tick(tb, sizeof tb, t, ys);
        int k = (int)strlen(tb);
        if (k > yw) yw = k;
    }
    if (yw > 8) yw = 8;
    cv->px = yw + 1;
    cv->py = top;
    cv->pw = w - cv->px - (show_leg ? legw + 1 : 0);
    cv->ph = ph;
    if (cv->pw < 4) { cv->pw = w - cv->px; show_leg = 0; }
    if (cv->pw < 2) return 0;

    /* items: grids, fills, outlines, lines, ghost markers, markers */
    for (int i = 0; i < v->nitems; i++)
        if (v->items[i].kind == DMX_I_GRID)
            cv_grid(cv, &v->items[i]);
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind == DMX_I_POLYGON && it->filled)
            cv_fill(cv, it->xy, it->n, it->style);
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
    if (ghost)
        for (int i = 0; i < ghost->nitems; i++) {
            const dmx_item *it = &ghost->items[i];
            if (it->kind == DMX_I_MARKER && it->n >= 1)
                cv_mark(cv, it->xy[0], it->xy[1], it->glyph, NULL, it->style, 1);
        }
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind == DMX_I_MARKER && it->n >= 1)
            cv_mark(cv, it->xy[0], it->xy[1], it->glyph, it->label, it->style, 0);
    }
    for (int i = 0; i < nextra; i++)
        cv_mark(cv, extra[i].x, extra[i].y, extra[i].glyph, NULL, extra[i].style, 0);
    for (int i = 0; i < v->nitems; i++) {
        const dmx_item *it = &v->items[i];
        if (it->kind == DMX_I_MARKER && it->n >= 1)
            cv_mark_label(cv, it->xy[0], it->xy[1], it->glyph, it->label, it->style);
    }

    /* axes */
    const char *vl = unicode ? "│" : "|", *hl = unicode ? "─" : "-", *corner = unicode ? "└" : "+";
    for (int r = 0; r < cv->ph; r++)
        cv_text(cv, cv->px - 1, cv->py + r, 1, vl, CV_FG_AXIS, 1);
    for (double t = ceil(cv->ymin / ys - 1e-9) * ys; t <= cv->ymax + ys * 1e-9; t += ys) {
        int r = cv->py + (int)lround((cv->ymax - t) / (cv->ymax - cv->ymin) * (cv->ph - 1));
        fmt_tick(tb, sizeof tb, t, ys);
        int k = (int)strlen(tb);
        if (k > yw) k = yw;
        cv_text(cv, cv->px - 1 - k, r, k, tb, CV_FG_AXIS, 1);
        cv_text(cv, cv->px - 1, r, 1, unicode ? "┤" : "+", CV_FG_AXIS, 1);
    }
    int axr = cv->py + cv->ph;
    if (axr < h) {
        cv_text(cv, cv->px - 1, axr, 1, corner, CV_FG_AXIS, 1);
        for (int q = 0; q < cv->pw; q++)
            cv_text(cv, cv->px + q, axr, 1, hl, CV_FG_AXIS, 1);
    }
    if (axr + 1 < h) {
        int nxt = cv->pw / 12 > 1 ? cv->pw / 12 : 2;
        double xs = nice_step(cv->xmax - cv->xmin, nxt);
        int lastend = -1;
        for (double t = ceil(cv->xmin / xs - 1e-9) * xs; t <= cv->xmax + xs * 1e-9; t += xs) {
            int q = cv->px + (int)lround((t - cv->xmin) / (cv->xmax - cv->xmin) * (cv->pw - 1));
            fmt_tick(tb, sizeof tb, t, xs);
            int k = (int)strlen(tb), s = q - k / 2;
            if (s < cv->px - 1) s = cv->px - 1;
            if (s <= lastend || s + k > w)
                continue;
            cv_text(cv, q, axr, 1, unicode ? "┬" : "+", CV_FG_AXIS, 1);
            cv_text(cv, s, axr + 1, k, tb, CV_FG_AXIS, 1);
            lastend = s + k;
        }
        if (v->xlabel && *v->xlabel) {
            int k = text_w(cv, v->xlabel);
            int s = cv->px + cv->pw - k;
            if (s > lastend + 1)
                cv_text(cv, s, axr + 1, k, v->xlabel, CV_FG_TITLE, 1);
            else if (top) {
                char xl[160];
                sfmt(xl, sizeof xl, "%s %s", unicode ? "→" : "x:", v->xlabel);
                k = text_w(cv, xl);
                s = cv->px + cv->pw - k;
                int yl = v->ylabel ? text_w(cv, v->ylabel) : 0;
                if (s >= yl + 2)
                    cv_text(cv, s, 0, k, xl, CV_FG_TITLE, 1);
            }
        }
    }
    if (top && v->ylabel && *v->ylabel)
        cv_text(cv, 0, 0, (cv->px + cv->pw) / 2, v->ylabel, CV_FG_TITLE, 1);

    /* legend */
    if (show_leg) {
        int lx = cv->px + cv->pw + 1;
        for (int i = 0; i < nleg && top + i < h; i++) {
            legend_ent *L = &leg[i];
            cv_text(cv, lx, top + i, 1, L->sw, L->fg, 1);
            cv_cell *c = cell(cv, lx, top + i);
            if (c && L->bg >= 0)
                c->bg = (signed char)L->bg;
            cv_text(cv, lx + 2, top + i, legw - 2, L->label, -1, 1);
        }
    }
    return 0;
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
                mbstate_t st;
                memset(&st, 0, sizeof st);
                const char *sp = s;
                size_t k = mbsrtowcs(wc, &sp, 7, &st);
                nwc = k == (size_t)-1 ? 0 : (int)k;
                if (nwc == 0) { wc[0] = L'?'; nwc = 1; }
                if (c->fg == CV_FG_AXIS) { a = TH_A(t, TR_AXIS); p = TH_P(t, TR_AXIS); }
                else if (c->fg == CV_FG_TITLE) { a = TH_A(t, TR_TITLE); p = TH_P(t, TR_TITLE); }
                else {
                    p = theme_plot_pair(t, c->fg < 0 ? 0 : c->fg, c->bg);
                    if (c->lock && c->fg >= 0 && c->fg != 7)
                        a = A_BOLD;
                    if (c->fg == 7 && c->lock)
                        a = A_DIM;
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
}
