/* test_glp_oom.c -- allocation failures inside the glp model.  malloc, calloc,
 * realloc and free are interposed (glibc's __libc_* do the work); only calls
 * made from this executable's own code (libdmx is linked statically, GLPK and
 * libyaml are shared libraries and are left alone) are counted and may fail.
 * For every N the N-th such allocation during dmx_compute fails: the call must
 * return a clean error and every block allocated by the engine must be freed.
 * Skipped under AddressSanitizer and ThreadSanitizer, which own malloc (detected
 * at compile time; DMX_TSAN / DMX_ASAN in the environment also skip it). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "glp_test_util.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define GLP_OOM_SKIP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define GLP_OOM_SKIP 1
#endif
#endif

#ifndef GLP_OOM_SKIP
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern char __executable_start, etext;

enum { NLIVE = 1 << 16 };
static void *live[NLIVE];          /* open-addressing set of engine-allocated blocks */
static long nlive, countdown = -1, nalloc;
static int armed, failed;

static int ours(const void *ret)
{
    return (const char *)ret >= &__executable_start && (const char *)ret < &etext;
}
static size_t slot(const void *p)
{
    return (size_t)(((uintptr_t)p >> 4) * 2654435761u) & (NLIVE - 1);
}
static void track(void *p)
{
    if (!p || nlive >= NLIVE / 2)
        return;
    size_t h = slot(p);
    while (live[h])
        h = (h + 1) & (NLIVE - 1);
    live[h] = p;
    nlive++;
}
static void untrack(void *p)
{
    if (!p || !nlive)
        return;
    size_t h = slot(p);
    while (live[h] && live[h] != p)
        h = (h + 1) & (NLIVE - 1);
    if (live[h] != p)
        return;
    /* delete with backward-shift so probing chains stay intact */
    live[h] = NULL;
    nlive--;
    for (size_t j = (h + 1) & (NLIVE - 1); live[j]; j = (j + 1) & (NLIVE - 1)) {
        void *q = live[j];
        live[j] = NULL;
        nlive--;
        track(q);
    }
}
static int inject(const void *ret)
{
    if (!armed || !ours(ret))
        return 0;
    nalloc++;
    if (countdown >= 0 && countdown-- == 0) {
        failed = 1;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    const void *ret = __builtin_return_address(0);
    if (inject(ret))
        return NULL;
    void *p = __libc_malloc(n);
    if (armed && ours(ret))
        track(p);
    return p;
}
void *calloc(size_t n, size_t m)
{
    const void *ret = __builtin_return_address(0);
    if (inject(ret))
        return NULL;
    void *p = __libc_calloc(n, m);
    if (armed && ours(ret))
        track(p);
    return p;
}
void *realloc(void *o, size_t n)
{
    const void *ret = __builtin_return_address(0);
    if (inject(ret))
        return NULL;
    void *p = __libc_realloc(o, n);
    if (p && armed) {
        untrack(o);
        if (ours(ret))
            track(p);
    }
    return p;
}
void free(void *p)
{
    if (armed)
        untrack(p);
    __libc_free(p);
}

/* Computes `name` failing the k-th engine allocation; returns 1 when a failure
 * was injected.  Checks a clean error and no engine block left behind. */
static int one(dmx_params *p, long k)
{
    dmx_err e = {0};
    nlive = 0;
    memset(live, 0, sizeof live);
    countdown = k;
    failed = 0;
    armed = 1;
    dmx_result *r = dmx_compute(p, NULL, &e);
    dmx_result_free(r);
    armed = 0;
    countdown = -1;
    if (failed && r == NULL) {
        assert_true(e.code == DMX_EINTERNAL || e.code == DMX_EDATA);
        assert_true(e.msg[0] != 0);
    }
    if (nlive != 0)
        fail_msg("failing allocation %ld: %ld engine block(s) leaked", k, nlive);
    return failed;
}

static void run_preset(const char *name, long stride)
{
    char path[1024];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    snprintf(path, sizeof path, "%s/presets/%s.yaml", DMX_SRCDIR, name);
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    nalloc = 0;
    assert_int_equal(one(pr->params, -1), 0);     /* baseline: no leak, count */
    long total = nalloc;
    print_message("%s: %ld engine allocations per compute\n", name, total);
    assert_true(total > 10);
    long k;
    for (k = 0; k < total; k += stride)
        assert_int_equal(one(pr->params, k), 1);
    dmx_preset_free(pr);
}

static void test_oom_twotype(void **state)
{
    (void)state;
    run_preset("glp-sec4-case2", 1);
    run_preset("glp-sec4-case4", 1);
}

static void test_oom_prop3(void **state)
{
    (void)state;
    run_preset("glp-prop3", 1);
}

static void test_oom_search(void **state)
{
    (void)state;
    run_preset("glp-general4", 7);   /* every 7th allocation: keeps the test fast */
}
#else
static void test_oom_twotype(void **state) { skip(); (void)state; }
static void test_oom_prop3(void **state) { skip(); (void)state; }
static void test_oom_search(void **state) { skip(); (void)state; }
#endif

int main(void)
{
    if (getenv("DMX_TSAN") || getenv("DMX_ASAN")) {
        printf("[  SKIPPED ] glp_oom: sanitizer run (DMX_TSAN / DMX_ASAN set)\n");
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_twotype),
        cmocka_unit_test(test_oom_prop3),
        cmocka_unit_test(test_oom_search),
    };
    return cmocka_run_group_tests_name("glp_oom", tests, NULL, NULL);
}
