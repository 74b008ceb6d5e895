/* numfmt.h -- numbers for people: one style for a whole table column.
 *
 * Given the numbers of one column, dmx_numfmt_column chooses a single style
 * and formats every cell in it, all cells of the same width, right-aligned
 * with their decimal points in one column:
 *   - every value rounded to the same number of significant digits (`sig`),
 *     integer digits never dropped (121812.4 -> "121,812" at sig 4);
 *   - exact zeros (and values below 1e-12 of the column's largest, or of the
 *     table's with dmx_numfmt_column_ref) as "0";
 *   - a column of integers as integers ("3", "250"), digits grouped with ','
 *     from 10,000 up ("1,000,000", never "1e+06");
 *   - trailing zeros of the fraction shown as blanks, so 0.73 beside 0.07286
 *     reads "0.73   " / "0.07286" (points aligned, no invented digits);
 *   - scientific notation only where it is needed, with the exponent without
 *     '+' or leading zeros ("1.500e-9"): for the whole column when magnitudes
 *     reach 1e9 (integers 1e12) or when most of its values would need more
 *     than 6 decimals; a few such values among ordinary ones (a gap of 2.1e-4
 *     under payoffs of order 1) get it in their own cells only ("2.113e-4"
 *     beside "0.17", points aligned);
 *   - NaN / infinities (no value) as "—".
 * Pure C11, no I/O, no globals.
 *
 * Usage (a table column c of nrows numbers):
 *
 *     double v[64];
 *     char cells[64][DMX_NUMFMT_CELL];
 *     for (int r = 0; r < nrows; r++)
 *         v[r] = cell_is_number(r, c) ? number(r, c) : NAN;
 *     int w = dmx_numfmt_column(v, nrows, 4, &cells[0][0], sizeof cells[0]);
 *     for (int r = 0; r < nrows; r++)
 *         draw_at(y + r, x + colw - w, cells[r]);    // w display columns each
 */
#ifndef DMX_NUMFMT_H
#define DMX_NUMFMT_H

#include <stddef.h>

/* Bytes a cell needs (cellsz passed to dmx_numfmt_column must be >= this). */
#define DMX_NUMFMT_CELL 48

/* Formats v[0..n) in one style with `sig` significant digits (1..15; 0 means
 * 4) into cells out + i*cellsz, each NUL-terminated and `width` display
 * columns wide (the return value).  Returns -1 (and writes nothing) when
 * cellsz < DMX_NUMFMT_CELL or n < 0. */
int dmx_numfmt_column(const double *v, int n, int sig, char *out, size_t cellsz);

/* As dmx_numfmt_column, with values below 1e-12 of max(|ref|, the column's
 * largest) shown as "0": ref is the largest number of the whole table, so that
 * round-off such as -1.1e-16 in a one-row column beside payoffs of order 1
 * reads "0" (a column of only tiny values keeps them when ref is as tiny). */
int dmx_numfmt_column_ref(const double *v, int n, int sig, double ref, char *out,
                          size_t cellsz);

/* One number alone (a column of one), without padding; returns its width or -1. */
int dmx_numfmt_one(char *buf, size_t n, double v, int sig);

/* snprintf(buf, n, "%.*<conv>", prec, v) for one double (conv one of e, f, g;
 * 0 <= prec <= 99), the same text, without the printf machinery: a printf
 * handler registered by any library in the process (libquadmath, which LAPACK
 * brings in, registers one) sends every printf-family call down glibc's slow
 * positional path, and tables and CSV format numbers by the thousand. */
void dmx_fmt_double(char *buf, size_t n, char conv, int prec, double v);

#endif
