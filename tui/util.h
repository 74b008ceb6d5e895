/* util.h -- small helpers shared by the explorer's widgets: clocks, UTF-8
 * display width, clipped drawing with an ASCII fallback. */
#ifndef DMX_TUI_UTIL_H
#define DMX_TUI_UTIL_H

#include <stddef.h>
#include <curses.h>

/* Monotonic time in milliseconds. */
double tui_now_ms(void);

/* Display width (terminal columns) of a UTF-8 string; invalid bytes count 1. */
int u8_width(const char *s);
/* s in at most `width` columns: whole when it fits, else cut at the last word that
 * fits (mid-word only when no word does) and ended by `ellipsis`.  Into out (size n). */
void u8_fit(const char *s, int width, const char *ellipsis, char *out, size_t n);

/* Copies `s` into `out` (size n), replacing every non-ASCII character by an
 * ASCII transliteration ("γ" -> "g", "—" -> "-", "Δ" -> "d", ...).  Always
 * NUL-terminates; truncates when `out` is too small. */
void u8_to_ascii(const char *s, char *out, size_t n);

/* Draws at most `maxw` columns of `s` at (y, x) on stdscr with `attr`; in
 * ascii mode non-ASCII characters are transliterated first.  Clipped to the
 * screen.  Returns the number of columns drawn. */
int tui_put(int y, int x, int maxw, const char *s, attr_t attr, short pair, int ascii);
/* Like tui_put, then pads with spaces to exactly maxw columns. */
int tui_putpad(int y, int x, int maxw, const char *s, attr_t attr, short pair, int ascii);
/* Fills `w` columns with spaces. */
void tui_fill(int y, int x, int w, attr_t attr, short pair);

/* Wraps `s` to lines of at most `w` columns; calls `line(user, text, len)` per
 * line (text is not NUL-terminated).  Returns the number of lines. */
int u8_wrap(const char *s, int w, void (*line)(void *user, const char *t, int len),
            void *user);

/* Fuzzy subsequence match of `pat` in `s` (case-insensitive).  Returns a score
 * (higher is better) or -1 when `pat` is not a subsequence of `s`. */
int fuzzy_score(const char *pat, const char *s);

/* snprintf into a fixed buffer that never fails loudly (truncates). */
void sfmt(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
