/* result_util.h -- helpers shared by the unit tests that compare computed results
 * (header-only; include after the cmocka headers and dmx.h). */
#ifndef DMX_RESULT_UTIL_H
#define DMX_RESULT_UTIL_H

#include <stdio.h>
#include <string.h>
#include "dmx.h"
#include "report.h"

/* The view with id `id` of a result, or NULL. */
static inline const dmx_view *find_view(const dmx_result *r, const char *id)
{
    for (int i = 0; i < r->nviews; i++)
        if (strcmp(r->views[i].id, id) == 0)
            return &r->views[i];
    return NULL;
}

/* The contract as JSON without the wall-clock line ("seconds"); the caller frees it. */
static inline char *root_json(const dmx_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dmx_report_json_node(f, r->root, 0);
    fclose(f);
    char *w = buf;
    for (char *line = buf; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line + 1) : strlen(line);
        char save = line[n];
        line[n] = 0;
        int clock = strstr(line, "\"seconds\"") != NULL;
        line[n] = save;
        if (!clock) {
            memmove(w, line, n);
            w += n;
        }
        line += n;
    }
    *w = 0;
    return buf;
}

#endif
