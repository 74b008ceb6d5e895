/* glp_test_util.h -- helpers shared by the glp unit tests (header-only). */
#ifndef GLP_TEST_UTIL_H
#define GLP_TEST_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "dmx.h"

/* Loads presets/<name>.yaml from the source tree, applies --set style
 * assignments (NULL-terminated), computes; fails the test on any error. */
static inline dmx_result *glp_eval(const char *name, dmx_preset **pr_out, ...)
{
    char path[1024];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    snprintf(path, sizeof path, "%s/presets/%s.yaml", DMX_SRCDIR, name);
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("loading %s: %s", path, e.msg);
    va_list ap;
    va_start(ap, pr_out);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL)
        if (dmx_params_assign(pr->params, a, &e) != DMX_OK)
            fail_msg("%s: %s", a, e.msg);
    va_end(ap);
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r)
        fail_msg("computing %s: %s", name, e.msg);
    if (pr_out)
        *pr_out = pr;
    else
        dmx_preset_free(pr);
    return r;
}

static inline double num_at(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n || n->t != DMX_N_NUM)
        fail_msg("result path %s is %s", path, n ? "not a number" : "missing");
    return n->num;
}

static inline int bool_at(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n || n->t != DMX_N_BOOL)
        fail_msg("result path %s is %s", path, n ? "not a boolean" : "missing");
    return n->num != 0;
}

static inline const char *str_at(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n || n->t != DMX_N_STR)
        fail_msg("result path %s is %s", path, n ? "not a string" : "missing");
    return n->str;
}

static inline int count_at(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n || n->t != DMX_N_ARR)
        fail_msg("result path %s is %s", path, n ? "not an array" : "missing");
    return n->nkids;
}

#define ASSERT_NEAR(a, b, tol)                                                         \
    do {                                                                               \
        double a_ = (a), b_ = (b);                                                     \
        if (!(fabs(a_ - b_) <= (tol)))                                                 \
            fail_msg("%s = %.12g, expected %s = %.12g (tol %g)", #a, a_, #b, b_,       \
                     (double)(tol));                                                   \
    } while (0)

#define ASSERT_AT(r, path, val, tol) ASSERT_NEAR(num_at((r), (path)), (val), (tol))

#endif
