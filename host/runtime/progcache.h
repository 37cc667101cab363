/* progcache.h - on-disk cache of compiled OpenCL program binaries.
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

/* Loads the payload stored under key. Returns 0 with *data (malloc'd; the
 * caller frees it) and *len set; 1 when there is no valid entry (missing, or
 * corrupt: a corrupt file is deleted so it will be rebuilt). */
int pcache_load(const char *dir, uint64_t key, unsigned char **data, size_t *len);

/* Stores len bytes under key, creating dir (and parents) as needed. Returns 0,
 * or -1 when it could not be written (the cache is an optimisation: callers
 * may warn and go on). */
int pcache_store(const char *dir, uint64_t key, const unsigned char *data, size_t len);

#endif
