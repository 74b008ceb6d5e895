/* cache.c -- the memo store (see cache.h).  A small open list with LRU
 * eviction by declared bytes; the number of entries stays small (a few per
 * model), so lookup is a linear scan over keys compared byte for byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cache.h"

typedef struct entry {
    unsigned char *key;
    size_t klen;
    uint64_t hash;
    void *val;
    size_t bytes;
    void (*free_fn)(void *);
    unsigned long used;          /* generation of last use */
} entry;

struct dmx_cache {
    entry *e;
    int n, cap;
    size_t budget, bytes;
    unsigned long gen;
    long hits, misses;
};

static uint64_t fnv1a(const unsigned char *b, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

dmx_cache *dmx_cache_new(size_t budget)
{
    dmx_cache *c = calloc(1, sizeof *c);
    if (c)
        c->budget = budget ? budget : (size_t)64 << 20;
    if (c)
        c->gen = 1;
    return c;
}

static void drop(dmx_cache *c, int i)
{
    entry *x = &c->e[i];
    if (x->free_fn)
        x->free_fn(x->val);
    free(x->key);
    c->bytes -= x->bytes;
    c->e[i] = c->e[--c->n];
}

void dmx_cache_free(dmx_cache *c)
{
    if (!c)
        return;
    while (c->n > 0)
        drop(c, c->n - 1);
    free(c->e);
    free(c);
}

void dmx_cache_begin(dmx_cache *c)
{
    if (c)
        c->gen++;
}

void dmx_cache_stats(const dmx_cache *c, long *hits, long *misses, size_t *bytes)
{
    if (hits)
        *hits = c ? c->hits : 0;
    if (misses)
        *misses = c ? c->misses : 0;
    if (bytes)
        *bytes = c ? c->bytes : 0;
}

static void key_put(dmx_key *k, const void *p, size_t n)
{
    if (k->oom)
        return;
    if (k->n + n > k->cap) {
        size_t cap = k->cap ? k->cap : 64;
        while (cap < k->n + n)
            cap *= 2;
        unsigned char *b = realloc(k->b, cap);
        if (!b) {
            k->oom = 1;
            return;
        }
        k->b = b;
        k->cap = cap;
    }
    memcpy(k->b + k->n, p, n);
    k->n += n;
}

void dmx_key_init(dmx_key *k, const char *tag)
{
    memset(k, 0, sizeof *k);
    dmx_key_s(k, tag);
}

void dmx_key_d(dmx_key *k, double v) { key_put(k, &v, sizeof v); }
void dmx_key_dv(dmx_key *k, const double *v, size_t n)
{
    dmx_key_i(k, (long)n);
    if (n)
        key_put(k, v, n * sizeof *v);
}
void dmx_key_i(dmx_key *k, long v) { key_put(k, &v, sizeof v); }
void dmx_key_s(dmx_key *k, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    dmx_key_i(k, s ? (long)n : -1);
    if (n)
        key_put(k, s, n);
}

void dmx_key_free(dmx_key *k)
{
    free(k->b);
    memset(k, 0, sizeof *k);
}

static int find(const dmx_cache *c, const dmx_key *k, uint64_t h)
{
    for (int i = 0; i < c->n; i++)
        if (c->e[i].hash == h && c->e[i].klen == k->n && memcmp(c->e[i].key, k->b, k->n) == 0)
            return i;
    return -1;
}

void *dmx_cache_get(dmx_cache *c, const dmx_key *k)
{
    if (!c || !k || k->oom || !k->n)
        return NULL;
    int i = find(c, k, fnv1a(k->b, k->n));
    if (i < 0) {
        c->misses++;
        return NULL;
    }
    c->hits++;
    c->e[i].used = c->gen;
    return c->e[i].val;
}

/* Evicts least recently used entries not used in this generation until `need`
 * more bytes fit; returns 0 when they do. */
static int make_room(dmx_cache *c, size_t need)
{
    while (c->bytes + need > c->budget) {
        int lru = -1;
        for (int i = 0; i < c->n; i++)
            if (c->e[i].used != c->gen && (lru < 0 || c->e[i].used < c->e[lru].used))
                lru = i;
        if (lru < 0)
            return -1;
        drop(c, lru);
    }
    return 0;
}

int dmx_cache_put(dmx_cache *c, const dmx_key *k, void *val, size_t bytes,
                  void (*free_fn)(void *))
{
    if (!c || !k || k->oom || !k->n || bytes > c->budget)
        return -1;
    uint64_t h = fnv1a(k->b, k->n);
    int i = find(c, k, h);
    if (i >= 0) {
        if (c->e[i].used == c->gen)
            return -1;          /* a value handed out in this computation stays */
        drop(c, i);
    }
    if (make_room(c, bytes) != 0)
        return -1;
    if (c->n == c->cap) {
        int cap = c->cap ? 2 * c->cap : 16;
        entry *e = realloc(c->e, (size_t)cap * sizeof *e);
        if (!e)
            return -1;
        c->e = e;
        c->cap = cap;
    }
    unsigned char *kb = malloc(k->n);
    if (!kb)
        return -1;
    memcpy(kb, k->b, k->n);
    c->e[c->n++] = (entry){kb, k->n, h, val, bytes, free_fn, c->gen};
    c->bytes += bytes;
    return 0;
}
