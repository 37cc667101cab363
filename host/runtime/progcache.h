/* progcache.h - on-disk cache of payloads under 64-bit keys: compiled OpenCL
 * program binaries (DIR .../programs), reference outputs (.../references,
 * host/run/refcache.c).
 *
 * One file per key under DIR, named by the key in hex. Each file carries a
 * magic, its key, the payload length and a payload checksum, so a truncated,
 * foreign or garbage file is detected and never returned. Stores write a
 * temporary file and rename it into place, so concurrent processes sharing DIR
 * see either the old file, the new one, or none.
 */
#ifndef CONVBENCH_PROGCACHE_H
#define CONVBENCH_PROGCACHE_H

#include <stddef.h>
#include <stdint.h>

/* The cache folder: $XDG_CACHE_HOME/convbench/programs, else
 * $HOME/.cache/convbench/programs. Writes it into buf; returns 0, or -1 when
 * neither variable is set or buf is too small. Does not create it. */
int pcache_default_dir(char *buf, size_t len);

/* An entry's payload, mapped read-only from its file. */
typedef struct pcache_view {
    void *map;
    size_t map_len;
    const unsigned char *data; /* the payload: len bytes */
    size_t len;
} pcache_view;

/* As pcache_load, but maps the payload instead of copying it (hundreds of MB
 * of references). Returns 0 with *v set, to be released by pcache_close; 1
 * when there is no valid entry (*v zeroed; pcache_close is harmless). */
int pcache_open(const char *dir, uint64_t key, pcache_view *v);
void pcache_close(pcache_view *v);

/* Loads the payload stored under key. Returns 0 with *data (malloc'd; the
 * caller frees it) and *len set; 1 when there is no valid entry (missing, from
 * an older convbench, or corrupt: a corrupt file is deleted, with a warning,
 * so it will be rebuilt). A hit marks the entry as used now (its mtime), for
 * pcache_prune. */
int pcache_load(const char *dir, uint64_t key, unsigned char **data, size_t *len);

/* Stores len bytes under key, creating dir (and parents) as needed. Returns 0,
 * or -1 when it could not be written (the cache is an optimisation: callers
 * may warn and go on). */
int pcache_store(const char *dir, uint64_t key, const unsigned char *data, size_t len);

/* Deletes the least recently used entries of dir until its entries take at
 * most max_bytes. Returns the number deleted (0 when dir is missing). */
int pcache_prune(const char *dir, uint64_t max_bytes);

#endif
