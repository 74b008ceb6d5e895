/* cache.h -- a memo store a caller lends to compute() through dmx_ctx.cache.
 *
 * The explorer recomputes on every key; most keys move one parameter, and most
 * expensive parts of a model depend on a few parameters only.  A model memoizes
 * such a part under a key built from exactly the inputs it depends on (see
 * dmx_key_*), so that moving another parameter finds it here.  Results are
 * identical with and without a cache (a test compares them byte for byte).
 *
 * Ownership: dmx_cache_put() returns 0 when the cache took the value (freed by
 * free_fn on eviction or dmx_cache_free), -1 when it did not (the caller still
 * owns it; a NULL cache never takes anything).  A value returned by get or
 * stored by put stays valid until the next dmx_cache_begin(): eviction spares
 * every entry used since then.  Not thread-safe: one cache per thread. */
#ifndef DMX_CACHE_H
#define DMX_CACHE_H

#include <stddef.h>

typedef struct dmx_cache dmx_cache;

/* budget: total bytes of values kept (as declared to put); 0 = 64 MiB. */
dmx_cache *dmx_cache_new(size_t budget);
void dmx_cache_free(dmx_cache *c);
/* Starts a computation: entries used before may now be evicted (dmx_compute calls it). */
void dmx_cache_begin(dmx_cache *c);
/* Counters for tests and benchmarks. */
void dmx_cache_stats(const dmx_cache *c, long *hits, long *misses, size_t *bytes);

/* A key: a tag naming the memoized part plus the exact bytes of its inputs. */
typedef struct dmx_key {
    unsigned char *b;
    size_t n, cap;
    int oom;
} dmx_key;

void dmx_key_init(dmx_key *k, const char *tag);
void dmx_key_d(dmx_key *k, double v);          /* by bit pattern: -0 != 0, NaN by payload */
void dmx_key_dv(dmx_key *k, const double *v, size_t n);
void dmx_key_i(dmx_key *k, long v);
void dmx_key_s(dmx_key *k, const char *s);     /* NULL allowed */
void dmx_key_free(dmx_key *k);

/* The stored value for k, or NULL (also when c is NULL or k ran out of memory). */
void *dmx_cache_get(dmx_cache *c, const dmx_key *k);
/* Stores val under k; see ownership above.  bytes is val's size for the budget. */
int dmx_cache_put(dmx_cache *c, const dmx_key *k, void *val, size_t bytes,
                  void (*free_fn)(void *));

#endif
