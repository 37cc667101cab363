/* progcache.c - on-disk program binary cache with integrity checks and atomic writes. */
#include "progcache.h"
#include "fsutil.h"
#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char magic[8] = {'C', 'B', 'P', 'C', 'A', 'C', 'H', '1'};

typedef struct {
    char magic[8];
    uint64_t key, len, sum;
} header;

int pcache_default_dir(char *buf, size_t len)
{
    return fs_cache_dir(buf, len, "programs");
}

static void entry_path(char *buf, size_t len, const char *dir, uint64_t key)
{
    snprintf(buf, len, "%s/%016llx.bin", dir, (unsigned long long)key);
}

int pcache_load(const char *dir, uint64_t key, unsigned char **data, size_t *len)
{
    char path[4096];
    entry_path(path, sizeof path, dir, key);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    header h;
    unsigned char *buf = NULL;
    int ok = fread(&h, sizeof h, 1, f) == 1 && memcmp(h.magic, magic, sizeof magic) == 0 &&
             h.key == key && h.len > 0 && h.len < (UINT64_C(1) << 32);
    if (ok) {
        buf = malloc(h.len);
        ok = buf && fread(buf, 1, h.len, f) == h.len && fgetc(f) == EOF &&
             hash_bytes(HASH_FNV_INIT, buf, h.len) == h.sum;
    }
    fclose(f);
    if (!ok) {
        free(buf);
        fprintf(stderr, "convbench: warning: cache entry %s is corrupt; rebuilding it\n", path);
        remove(path);
        return 1;
    }
    *data = buf;
    *len = h.len;
    return 0;
}

int pcache_store(const char *dir, uint64_t key, const unsigned char *data, size_t len)
{
    char path[4096];
    entry_path(path, sizeof path, dir, key);
    header h;
    memcpy(h.magic, magic, sizeof magic);
    h.key = key;
    h.len = len;
    h.sum = hash_bytes(HASH_FNV_INIT, data, len);
    unsigned char *buf = malloc(sizeof h + len);
    if (!buf)
        return -1;
    memcpy(buf, &h, sizeof h);
    memcpy(buf + sizeof h, data, len);
    int rc = fs_write_atomic(path, buf, sizeof h + len);
    free(buf);
    return rc;
}
