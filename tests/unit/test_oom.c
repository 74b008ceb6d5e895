/* SQLite-style allocation-failure test: fail the N-th allocation made by the
 * engine for every N, and check each call then returns a clean error (or still
 * succeeds) and leaks nothing (leaks are caught under `make check-asan`).
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup. */
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"
#include "toy.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);

static long countdown = -1; /* fail when it reaches 0; -1 = never */
static int failed;

static int should_fail(void)
{
    if (countdown < 0)
        return 0;
    if (countdown-- == 0) {
        failed = 1;
        return 1;
    }
    return 0;
}
void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return should_fail() ? NULL : __real_strdup(s); }

static const char yaml[] = "model: toy\ntitle: t\nparams:\n  a: 2\n  w: [1, 2]\n  v: 0.5\n"
                           "  groups: [{size: 3, value: 1}]\n  kind: max\n"
                           "sliders:\n  a: {min: 1, max: 3, step: 0.5}\n";

/* One full pass: parse, assign, compute, sweep.  Returns DMX_OK or the first error. */
static int pass(void)
{
    dmx_err e = {0};
    dmx_preset *p = NULL;
    dmx_result *r = NULL;
    dmx_sweep *s = NULL;
    int rc = dmx_preset_parse_models(yaml, sizeof yaml - 1, "oom.yaml", toy_models, &p, &e);
    if (rc != DMX_OK) {
        assert_null(p);
        assert_true(e.msg[0] != 0);
        return rc;
    }
    if ((rc = dmx_params_assign(p->params, "w=1,2,3", &e)) != DMX_OK)
        goto out;
    if (!(r = dmx_compute(p->params, NULL, &e))) {
        rc = e.code;
        assert_true(e.msg[0] != 0);
        goto out;
    }
    dmx_axis x;
    if ((rc = dmx_axis_parse(p->params, "a=1:2:3", &x, &e)) != DMX_OK)
        goto out;
    rc = dmx_sweep_run(p->params, &x, NULL, "out.sign", NULL, &s, &e);
    if (rc == DMX_OK)
        assert_int_equal(s->x.n, 3);
out:
    dmx_sweep_free(s);
    dmx_result_free(r);
    dmx_preset_free(p);
    return rc;
}

static void test_every_allocation(void **st)
{
    (void)st;
    countdown = -1;
    assert_int_equal(pass(), DMX_OK);
    int n_errors = 0;
    for (long k = 0; k < 5000; k++) {
        countdown = k;
        failed = 0;
        int rc = pass();
        countdown = -1;
        if (!failed) {
            assert_int_equal(rc, DMX_OK); /* ran past every allocation: done */
            assert_true(k > 20);
            assert_true(n_errors > 20); /* failures were really injected and reported */
            return;
        }
        if (rc != DMX_OK) {
            assert_true(rc == DMX_EINTERNAL || rc == DMX_EDATA || rc == DMX_EUSAGE);
            n_errors++;
        }
    }
    fail_msg("more than 5000 allocations in one pass?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_allocation)};
    return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
