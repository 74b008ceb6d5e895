/* app.c -- placeholder until the explorer lands: prints the eval text. */
#include <limits.h>
#include <stdio.h>
#include "app.h"
#include "dmx.h"

int tui_run(const char *preset, const tui_opts *o)
{
    char path[PATH_MAX];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    int rc = dmx_preset_find(preset, o->preset_dirs, path, sizeof path, &e);
    if (rc == DMX_OK)
        rc = dmx_preset_load(path, &pr, &e);
    if (rc != DMX_OK) {
        fprintf(stderr, "dmx: %s\n", e.msg);
        return rc;
    }
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r) {
        fprintf(stderr, "dmx: %s\n", e.msg);
        dmx_preset_free(pr);
        return e.code;
    }
    fprintf(stderr, "dmx: the explorer is not built yet; printing `dmx eval` text\n");
    dmx_report(stdout, DMX_FMT_TEXT, pr->title, pr->params, r);
    dmx_result_free(r);
    dmx_preset_free(pr);
    return 0;
}
