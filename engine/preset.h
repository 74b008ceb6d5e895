/* preset.h -- YAML presets <-> parameters (libyaml).
 *
 * Schema:
 *   model: glp                 # required, a registered model
 *   title: "..."               # optional
 *   source: "..."              # optional, where in the papers
 *   notes: "..."               # optional, shown in the explorer
 *   view: some_view_id         # optional, the view the explorer opens on
 *   params: { key: value, ... } # values per the model's descriptors
 *   sliders: { key: {min: a, max: b, step: s}, ... }   # optional slider ranges
 * Errors are "file:line:col: message" (1-based line and column). */
#ifndef DMX_PRESET_H
#define DMX_PRESET_H

#include <stddef.h>
#include "err.h"
#include "fileio.h"
#include "param.h"

struct dmx_model;

#define DMX_PRESET_MAX_BYTES (1 << 20)
#define DMX_PRESET_MAX_DEPTH 16

typedef struct dmx_slider_override {
    char key[64];             /* slot name or parameter key (applies to every element) */
    double smin, smax, step;
} dmx_slider_override;

typedef struct dmx_preset {
    char *path;               /* file it came from (NULL if built in memory) */
    char *name;               /* basename without .yaml */
    char *title, *source, *notes;
    char *view;               /* id of the view to open on (NULL: the model's first) */
    int view_line, view_col;  /* 1-based position of the `view:` value (0 if none) */
    dmx_params *params;
    dmx_slider_override *sliders;
    int nsliders;
} dmx_preset;

/* Parses a preset from memory; fname is used in messages.  On error *out is NULL. */
int dmx_preset_parse(const char *buf, size_t len, const char *fname, dmx_preset **out,
                     dmx_err *e);
/* As dmx_preset_parse, resolving `model:` in the NULL-terminated list `models`
 * instead of the registry (tests and fuzzers use it). */
int dmx_preset_parse_models(const char *buf, size_t len, const char *fname,
                            const struct dmx_model *const *models, dmx_preset **out,
                            dmx_err *e);
/* Reads and parses a file (dmx_read_file's errors, then dmx_preset_parse's). */
int dmx_preset_load(const char *path, dmx_preset **out, dmx_err *e);
/* As dmx_preset_load, applying the `--set` assignments sets[0..nsets) to the file's
 * parameters before validation, so that a --set can raise a budget the file exceeds.
 * A failing assignment: "--set X: ..."; a validation error about a key a --set gave:
 * "FILE with --set X: ..."; otherwise the file's line:col as usual. */
int dmx_preset_load_sets(const char *path, const char *const *sets, int nsets,
                         dmx_preset **out, dmx_err *e);
void dmx_preset_free(dmx_preset *p);

/* Writes YAML for the preset (title/source/notes/params/sliders) to `path`
 * atomically: a temp file in the same directory, fsync, rename.  When the file
 * exists and overwrite is 0, returns DMX_ECANTCREAT with "exists" and writes
 * nothing.  Creates missing parent directories (dmx_write_file_atomic).  A file
 * name starting with '-' is refused (`dmx eval -x` could not open it). */
int dmx_preset_save(const dmx_preset *p, const char *path, int overwrite, dmx_err *e);
/* Serialises to a malloc'd string (for tests / round trips). */
char *dmx_preset_to_yaml(const dmx_preset *p);

/* Checks that the preset's `view:` (if any) names a view of the computed result
 * `r`; DMX_EDATA "file:line:col: view 'x' is not a view of ... (did you mean ...)"
 * otherwise.  DMX_OK when the preset has no `view:`. */
struct dmx_result;
int dmx_preset_check_view(const dmx_preset *p, const struct dmx_result *r, dmx_err *e);

/* Applies slider overrides to a slot (widening to contain the current value). */
void dmx_preset_slot_range(const dmx_preset *pr, const dmx_params *p, dmx_slot *s);

/* Finds a preset: if `name` contains '/' or ends in .yaml and exists, it is a
 * path; else each dir is tried for name and name.yaml.  dirs is NULL-terminated.
 * Writes the path into out. DMX_ENOINPUT lists the directories searched. */
int dmx_preset_find(const char *name, const char *const *dirs, char *out, size_t n,
                    dmx_err *e);

#endif
