/* progcache.c - on-disk program binary cache with integrity checks and atomic writes. */
#include "progcache.h"
#include "fsutil.h"
#include "hash.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

/* Version 2: payload checksums by hash_fast (version 1 used hash_bytes). */
static const char magic[8] = {'C', 'B', 'P', 'C', 'A', 'C', 'H', '2'};

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

int pcache_open(const char *dir, uint64_t key, pcache_view *v)
{
    char path[4096];
    entry_path(path, sizeof path, dir, key);
    memset(v, 0, sizeof *v);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 1;
    struct stat st;
    header h;
    int ok = fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof h;
    void *map = ok ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
                   : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED) {
        if (ok)
            return 1;
        map = NULL;
    } else {
        memcpy(&h, map, sizeof h);
        if (memcmp(h.magic, magic, sizeof magic - 1) == 0 && h.magic[7] < magic[7]) {
            munmap(map, (size_t)st.st_size);
            remove(path);
            return 1;
        }
    }
    ok = map && memcmp(h.magic, magic, sizeof magic) == 0 && h.key == key && h.len > 0 &&
         h.len == (uint64_t)st.st_size - sizeof h &&
         hash_fast((const unsigned char *)map + sizeof h, h.len) == h.sum;
    if (!ok) {
        if (map)
            munmap(map, (size_t)st.st_size);
        fprintf(stderr, "convbench: warning: cache entry %s is corrupt; rebuilding it\n", path);
        remove(path);
        return 1;
    }
    utime(path, NULL);
    v->map = map;
    v->map_len = (size_t)st.st_size;
    v->data = (const unsigned char *)map + sizeof h;
    v->len = h.len;
    return 0;
}

void pcache_close(pcache_view *v)
{
    if (v->map)
        munmap(v->map, v->map_len);
    memset(v, 0, sizeof *v);
}

int pcache_load(const char *dir, uint64_t key, unsigned char **data, size_t *len)
{
    pcache_view v;
    if (pcache_open(dir, key, &v))
        return 1;
    *data = malloc(v.len);
    if (*data) {
        memcpy(*data, v.data, v.len);
        *len = v.len;
    }
    pcache_close(&v);
    return !*data;
}

int pcache_store(const char *dir, uint64_t key, const unsigned char *data, size_t len)
{
    char path[4096];
    entry_path(path, sizeof path, dir, key);
    header h;
    memcpy(h.magic, magic, sizeof magic);
    h.key = key;
    h.len = len;
    h.sum = hash_fast(data, len);
    unsigned char *buf = malloc(sizeof h + len);
    if (!buf)
        return -1;
    memcpy(buf, &h, sizeof h);
    memcpy(buf + sizeof h, data, len);
    int rc = fs_write_atomic(path, buf, sizeof h + len);
    free(buf);
    return rc;
}

typedef struct {
    char name[32];
    time_t used;
    uint64_t bytes;
} entry_info;

static int older_first(const void *a, const void *b)
{
    const entry_info *x = a, *y = b;
    return (x->used > y->used) - (x->used < y->used);
}

int pcache_prune(const char *dir, uint64_t max_bytes)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    entry_info *es = NULL;
    size_t n = 0, cap = 0;
    uint64_t total = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        char path[4400];
        struct stat st;
        if (l < 5 || l >= sizeof es->name || strcmp(de->d_name + l - 4, ".bin"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            entry_info *grown = realloc(es, (cap = cap ? 2 * cap : 64) * sizeof *es);
            if (!grown)
                break;
            es = grown;
        }
        snprintf(es[n].name, sizeof es[n].name, "%s", de->d_name);
        es[n].used = st.st_mtime;
        es[n].bytes = (uint64_t)st.st_size;
        total += es[n++].bytes;
    }
    closedir(d);
    qsort(es, n, sizeof *es, older_first);
    int removed = 0;
    for (size_t i = 0; i < n && total > max_bytes; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, es[i].name);
        if (remove(path) == 0) {
            total -= es[i].bytes;
            removed++;
        }
    }
    free(es);
    return removed;
}
