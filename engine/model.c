/* model.c -- the model registry and the one compute path everything uses. */
#include <assert.h>
#include <math.h>
#include <string.h>
#include "model.h"

/* Each model lives in its own folder and exports one const table. */
extern const dmx_model dmx_model_glp;
extern const dmx_model dmx_model_ammo;
extern const dmx_model dmx_model_bbg;

const dmx_model *const dmx_models[] = {
    &dmx_model_glp,
    &dmx_model_ammo,
    &dmx_model_bbg,
    NULL
};

const dmx_model *dmx_model_find(const char *name)
{
    for (int i = 0; name && dmx_models[i]; i++)
        if (strcmp(dmx_models[i]->name, name) == 0)
            return dmx_models[i];
    return NULL;
}

int dmx_cancelled(const dmx_ctx *ctx)
{
    return ctx && ctx->cancel && atomic_load_explicit(ctx->cancel, memory_order_relaxed);
}

int dmx_view_detail(const dmx_ctx *ctx, const char *view_id)
{
    return ctx && ctx->detail ? ctx->detail(ctx->user, view_id) : DMX_DETAIL_FULL;
}

int dmx_wants(const dmx_ctx *ctx, const char *path)
{
    if (!ctx || !ctx->want)
        return 1;
    size_t n = strlen(path);
    /* wanted "competitive.case" is served by computing "competitive" */
    if (strncmp(ctx->want, path, n) == 0 &&
        (ctx->want[n] == 0 || ctx->want[n] == '.' || ctx->want[n] == '['))
        return 1;
    size_t w = strlen(ctx->want);
    return w < n && strncmp(ctx->want, path, w) == 0 && (path[w] == '.' || path[w] == '[');
}

dmx_result *dmx_compute(const dmx_params *p, const dmx_ctx *ctx, dmx_err *e)
{
    assert(p && p->model);
    if (dmx_params_validate(p, e) != DMX_OK)
        return NULL;
    dmx_result *r = dmx_result_new();
    if (!r) {
        dmx_err_oom(e);
        return NULL;
    }
    if (ctx)
        dmx_cache_begin(ctx->cache);
    int rc = p->model->compute(p, r, ctx, e);
    if (dmx_params_check_keys(p, NULL) != DMX_OK)   /* a bug outranks what followed */
        rc = dmx_params_check_keys(p, e);
    if (rc == DMX_OK)
        rc = dmx_result_ok(r, e);
    if (rc != DMX_OK) {
        if (e && e->code == DMX_OK)
            dmx_err_set(e, rc, "%s: computation failed", p->model->name);
        dmx_result_free(r);
        return NULL;
    }
    return r;
}
