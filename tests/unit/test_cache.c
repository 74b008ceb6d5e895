/* Tests of cache.c: get/put, ownership (put returns 0 when the cache takes the
 * value, -1 when the caller keeps it), eviction by budget that spares every
 * entry used in the current generation (since the last dmx_cache_begin). */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"

static int freed;
static void count_free(void *p)
{
    freed++;
    free(p);
}

static void key(dmx_key *k, const char *tag, double x)
{
    dmx_key_init(k, tag);
    dmx_key_d(k, x);
}

static int *val(int v)
{
    int *p = malloc(sizeof *p);
    *p = v;
    return p;
}

static void test_get_put(void **st)
{
    (void)st;
    dmx_cache *c = dmx_cache_new(1000);
    dmx_key k, k2, k3;
    key(&k, "a", 1.0);
    key(&k2, "a", 2.0);
    key(&k3, "b", 1.0);       /* same input, other tag: another key */
    assert_null(dmx_cache_get(c, &k));
    int *v = val(7);
    assert_int_equal(dmx_cache_put(c, &k, v, 100, count_free), 0);
    assert_ptr_equal(dmx_cache_get(c, &k), v);
    assert_null(dmx_cache_get(c, &k2));
    assert_null(dmx_cache_get(c, &k3));
    /* -0 and 0 are different inputs */
    dmx_key z0, z1;
    key(&z0, "z", 0.0);
    key(&z1, "z", -0.0);
    int *vz = val(1);
    assert_int_equal(dmx_cache_put(c, &z0, vz, 10, count_free), 0);
    assert_null(dmx_cache_get(c, &z1));
    long hits, misses;
    size_t bytes;
    dmx_cache_stats(c, &hits, &misses, &bytes);
    assert_int_equal(hits, 1);
    assert_int_equal(misses, 4);
    assert_int_equal(bytes, 110);
    freed = 0;
    dmx_cache_free(c);
    assert_int_equal(freed, 2);  /* the cache owned both values */
    dmx_key_free(&k); dmx_key_free(&k2); dmx_key_free(&k3);
    dmx_key_free(&z0); dmx_key_free(&z1);
}

static void test_ownership(void **st)
{
    (void)st;
    dmx_key k;
    key(&k, "own", 3.0);
    int *v = val(1);
    /* a NULL cache never takes anything */
    assert_int_equal(dmx_cache_put(NULL, &k, v, 8, count_free), -1);
    assert_null(dmx_cache_get(NULL, &k));
    dmx_cache *c = dmx_cache_new(100);
    /* larger than the whole budget: refused, the caller keeps it */
    assert_int_equal(dmx_cache_put(c, &k, v, 101, count_free), -1);
    assert_null(dmx_cache_get(c, &k));
    assert_int_equal(dmx_cache_put(c, &k, v, 10, count_free), 0);
    /* replacing a value handed out in this computation is refused */
    int *w = val(2);
    assert_int_equal(dmx_cache_put(c, &k, w, 10, count_free), -1);
    assert_ptr_equal(dmx_cache_get(c, &k), v);
    /* in the next computation the old value may be replaced */
    dmx_cache_begin(c);
    freed = 0;
    assert_int_equal(dmx_cache_put(c, &k, w, 10, count_free), 0);
    assert_int_equal(freed, 1);
    assert_ptr_equal(dmx_cache_get(c, &k), w);
    dmx_cache_free(c);
    dmx_key_free(&k);
}

static void test_eviction(void **st)
{
    (void)st;
    dmx_cache *c = dmx_cache_new(300);
    dmx_key k[4];
    int *v[4];
    for (int i = 0; i < 4; i++) {
        key(&k[i], "ev", i);
        v[i] = val(i);
    }
    /* generation 1: three entries of 100 bytes fill the budget */
    for (int i = 0; i < 3; i++)
        assert_int_equal(dmx_cache_put(c, &k[i], v[i], 100, count_free), 0);
    /* a fourth in the same generation cannot evict any of them */
    assert_int_equal(dmx_cache_put(c, &k[3], v[3], 100, count_free), -1);
    for (int i = 0; i < 3; i++)
        assert_ptr_equal(dmx_cache_get(c, &k[i]), v[i]);
    /* generation 2: use k[0] and k[2]; k[1] is the only evictable entry */
    dmx_cache_begin(c);
    assert_non_null(dmx_cache_get(c, &k[0]));
    assert_non_null(dmx_cache_get(c, &k[2]));
    freed = 0;
    assert_int_equal(dmx_cache_put(c, &k[3], v[3], 100, count_free), 0);
    assert_int_equal(freed, 1);
    assert_null(dmx_cache_get(c, &k[1]));
    assert_ptr_equal(dmx_cache_get(c, &k[0]), v[0]);
    assert_ptr_equal(dmx_cache_get(c, &k[2]), v[2]);
    assert_ptr_equal(dmx_cache_get(c, &k[3]), v[3]);
    /* generation 3: least recently used goes first.  k[0] was last used in
     * generation 2 like the others, so touch k[2], k[3] now: k[0] goes. */
    dmx_cache_begin(c);
    dmx_cache_get(c, &k[2]);
    dmx_cache_get(c, &k[3]);
    int *v1 = val(11);
    assert_int_equal(dmx_cache_put(c, &k[1], v1, 100, count_free), 0);
    assert_null(dmx_cache_get(c, &k[0]));
    assert_ptr_equal(dmx_cache_get(c, &k[1]), v1);
    size_t bytes;
    dmx_cache_stats(c, NULL, NULL, &bytes);
    assert_int_equal(bytes, 300);
    dmx_cache_free(c);
    for (int i = 0; i < 4; i++)
        dmx_key_free(&k[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_put), cmocka_unit_test(test_ownership),
        cmocka_unit_test(test_eviction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
