/* utf8.h -- one UTF-8 module for the engine and the explorer: strict decoding,
 * display width (locale-independent, so output is deterministic), truncation to
 * a width and an ASCII fallback.
 *
 * Width rules: control characters 0; combining marks (general category Mn/Me,
 * the ranges in utf8.c) and zero-width format characters 0; East Asian Wide and
 * Fullwidth characters 2; everything else 1.  An invalid byte counts as one
 * U+FFFD (width 1). */
#ifndef DMX_UTF8_H
#define DMX_UTF8_H

#include <stddef.h>

#define DMX_UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point from s[0..n).  Returns the bytes consumed (>= 1 when
 * n >= 1, 0 when n == 0) and sets *cp; on a malformed sequence (bad lead byte,
 * truncated or bad continuation, overlong form, surrogate, > U+10FFFF) *cp is
 * U+FFFD, *valid (if non-NULL) is 0 and 1 byte is consumed. */
int dmx_utf8_decode(const char *s, size_t n, unsigned *cp, int *valid);

/* Byte offset of the first malformed sequence in s[0..n), or n when all of it
 * is valid UTF-8 (NUL bytes are valid here; callers that refuse them check). */
size_t dmx_utf8_validate(const char *s, size_t n);

/* Display width in terminal columns of one code point (0, 1 or 2). */
int dmx_utf8_cp_width(unsigned cp);

/* Display width of a NUL-terminated UTF-8 string. */
int dmx_utf8_width(const char *s);

/* Number of bytes of s that fit in `width` columns without splitting a
 * character (a wide character that would straddle the limit is left out;
 * combining marks after the last kept character are kept with it). */
size_t dmx_utf8_prefix(const char *s, int width);

/* Copies into out (size n, always NUL-terminated) the longest prefix of s that
 * fits in `width` columns; when s was cut and ellipsis is non-NULL, the end is
 * replaced by `ellipsis` (e.g. "…" or "...") within the same width.  Returns
 * the width written. */
int dmx_utf8_truncate(const char *s, int width, const char *ellipsis, char *out, size_t n);

/* ASCII stand-in for a code point ("γ" -> "g", "—" -> "-", combining marks -> "",
 * unknown -> "?"); a code point below 0x80 is not handled here. */
const char *dmx_utf8_ascii_cp(unsigned cp);

/* Copies s into out (size n) replacing every non-ASCII character by its ASCII
 * stand-in.  Always NUL-terminates; truncates at a whole stand-in. */
void dmx_utf8_to_ascii(const char *s, char *out, size_t n);

#endif
