/* testutil.h -- helpers shared by the cmocka tests (Debian's cmocka 1.1 has no
 * double-precision assertion). */
#ifndef DMX_TESTUTIL_H
#define DMX_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* |a - b| <= tol, with both numbers in the failure message. */
#define assert_near(a, b, tol)                                                            \
    do {                                                                                  \
        double a_ = (a), b_ = (b), t_ = (tol);                                            \
        if (!(fabs(a_ - b_) <= t_))                                                       \
            fail_msg("%s = %.17g, expected %s = %.17g (tol %g)", #a, a_, #b, b_, t_);     \
    } while (0)
#define assert_double_equal(a, b, tol) assert_near(a, b, tol)

#ifdef DMX_SRCDIR
#include <stdio.h>
#include <string.h>
#include "dmx.h"
#include "preset.h"
/* The shipped preset `name` (presets/<name>.yaml of the source tree); fails the test
 * with the loader's message when it does not load. */
static inline dmx_preset *test_preset(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, DMX_SRCDIR "/presets/%s.yaml", name);
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("%s: %s", name, e.msg);
    return pr;
}

/* The shipped preset `name` with the `--set` assignments sets (NULL-terminated, or
 * NULL), computed; fails the test on any error. */
static inline dmx_result *test_run(const char *name, const char *const *sets)
{
    dmx_preset *pr = test_preset(name);
    dmx_err e = {0};
    for (int i = 0; sets && sets[i]; i++)
        if (dmx_params_assign(pr->params, sets[i], &e) != DMX_OK)
            fail_msg("%s: %s", sets[i], e.msg);
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r)
        fail_msg("%s: %s", name, e.msg);
    dmx_preset_free(pr);
    return r;
}

/* A preset given as YAML text, computed; fails the test on any error. */
static inline dmx_result *test_run_yaml(const char *yaml)
{
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    if (dmx_preset_parse(yaml, strlen(yaml), "test.yaml", &pr, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r)
        fail_msg("%s", e.msg);
    dmx_preset_free(pr);
    return r;
}
#endif

#endif
