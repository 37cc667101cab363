/* refcache.c - the reference cache: keys, and payloads of doubles or floats. */
#include "refcache.h"
#include "fsutil.h"
#include "hash.h"
#include "progcache.h"

#include <stdlib.h>
#include <string.h>

/* Raise when the reference's definition changes (what it computes, not how). */
#define RCACHE_VERSION 1

typedef struct {
    uint64_t n;
    uint32_t as_float, version;
} payload_head;

int rcache_default_dir(char *buf, size_t len)
{
    return fs_cache_dir(buf, len, "references");
}

static uint64_t mix(uint64_t h, int64_t v)
{
    return hash_bytes(h, &v, sizeof v);
}

uint64_t rcache_key(const prob_shape *sh, int fill, uint64_t seed, int64_t sample)
{
    const int64_t fields[] = {sh->n,      sh->c,        sh->h,        sh->w,     sh->k,
                              sh->r,      sh->s,        sh->stride_h, sh->stride_w,
                              sh->pad_h,  sh->pad_w,    sh->dil_h,    sh->dil_w, sh->groups,
                              sh->bias,   sh->dtype,    sh->accum,    sh->dir,   fill,
                              (int64_t)seed, sample,    RCACHE_VERSION};
    uint64_t h = hash_str(HASH_FNV_INIT, "convbench reference");
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        h = mix(h, fields[i]);
    return h;
}

int rcache_load(const char *dir, uint64_t key, int64_t n, double *ref, double *mag)
{
    pcache_view v;
    if (pcache_open(dir, key, &v))
        return 1;
    const unsigned char *data = v.data;
    size_t len = v.len;
    payload_head h;
    int ok = len >= sizeof h;
    if (ok) {
        memcpy(&h, data, sizeof h);
        size_t each = h.as_float ? sizeof(float) : sizeof(double);
        ok = h.version == RCACHE_VERSION && h.n == (uint64_t)n &&
             len == sizeof h + 2 * (size_t)n * each;
    }
    if (ok && h.as_float) {
        const float *f = (const float *)(data + sizeof h);
        for (int64_t i = 0; i < n; i++) {
            ref[i] = f[i];
            mag[i] = f[n + i];
        }
    } else if (ok) {
        memcpy(ref, data + sizeof h, (size_t)n * sizeof *ref);
        memcpy(mag, data + sizeof h + (size_t)n * sizeof *ref, (size_t)n * sizeof *mag);
    }
    pcache_close(&v);
    return !ok;
}

static int all_floats(const double *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if ((double)(float)x[i] != x[i])
            return 0;
    return 1;
}

int rcache_store(const char *dir, uint64_t key, int64_t n, const double *ref, const double *mag)
{
    payload_head h = {.n = (uint64_t)n, .as_float = all_floats(ref, n) && all_floats(mag, n),
                      .version = RCACHE_VERSION};
    size_t each = h.as_float ? sizeof(float) : sizeof(double), len = sizeof h + 2 * (size_t)n * each;
    unsigned char *data = malloc(len);
    if (!data)
        return -1;
    memcpy(data, &h, sizeof h);
    if (h.as_float) {
        float *f = (float *)(data + sizeof h);
        for (int64_t i = 0; i < n; i++) {
            f[i] = (float)ref[i];
            f[n + i] = (float)mag[i];
        }
    } else {
        memcpy(data + sizeof h, ref, (size_t)n * sizeof *ref);
        memcpy(data + sizeof h + (size_t)n * sizeof *ref, mag, (size_t)n * sizeof *mag);
    }
    int rc = pcache_store(dir, key, data, len);
    free(data);
    pcache_prune(dir, RCACHE_MAX_BYTES);
    return rc;
}
