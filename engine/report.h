/* report.h -- result -> text / JSON / CSV.  The only engine module that prints. */
#ifndef DMX_REPORT_H
#define DMX_REPORT_H

#include <stdio.h>
#include "param.h"
#include "result.h"
#include "sweep.h"

typedef enum { DMX_FMT_TEXT, DMX_FMT_JSON, DMX_FMT_CSV } dmx_format;

int dmx_format_parse(const char *s, dmx_format *f);
/* Writes the parameters and result.  `title` may be NULL. */
void dmx_report(FILE *f, dmx_format fmt, const char *title, const dmx_params *p,
                const dmx_result *r);
void dmx_report_json_node(FILE *f, const dmx_node *n, int indent);
void dmx_report_params_json(FILE *f, const dmx_params *p, int indent);
/* Text rendering of a table view (also used by the TUI export). */
void dmx_report_table_text(FILE *f, const dmx_view *v);
/* Writes a sweep (a shard: its points only; the CSV header only in shard 1).
 * DMX_OK, or DMX_EINTERNAL when out of memory; CSV then writes nothing at all
 * (its only allocations come before its first byte). */
int dmx_report_sweep(FILE *f, dmx_format fmt, const dmx_sweep *s);
/* dmx_fmt_exact's output (the shortest %.Ng, N >= 6, that reads back exactly),
 * found by bisection: the same string, fewer conversions. */
char *dmx_fmt_exact_fast(char *buf, size_t n, double v);
/* Every legend entry and the axis titles of a plot view, whole (one per line,
 * never cut: a file has no width), for text exports after a rendered plot. */
void dmx_report_plot_legend(FILE *f, const dmx_view *v);
/* Writes a plot view as a standalone SVG document. */
void dmx_report_svg(FILE *f, const dmx_view *v);

#endif
