/* refcache.h - reference outputs kept on disk between runs, as MIOpenDriver's
 * -C keeps its CPU results, so a repeated sweep never recomputes them.
 *
 * Entries live in $XDG_CACHE_HOME/convbench/references (else
 * ~/.cache/convbench/references) in progcache.h's format (key, length and
 * checksum checked on every load; atomic writes), at most RCACHE_MAX_BYTES in
 * all: the least recently used go first. A key covers everything the
 * reference depends on: the problem (every shape field, the data and
 * accumulation types, which round the fills, the direction), the fill, the
 * seed, and which outputs are checked (all, or the sample's size). The layout
 * is not in it: the host's copies are in logical order whatever the device's.
 */
#ifndef CONVBENCH_REFCACHE_H
#define CONVBENCH_REFCACHE_H

#include "problem.h"

#include <stdint.h>

#define RCACHE_MAX_BYTES (UINT64_C(4) << 30)

/* Writes the cache folder into buf. Returns 0, or -1 when neither
 * XDG_CACHE_HOME nor HOME is set. */
int rcache_default_dir(char *buf, size_t len);

/* The key of the reference of sh with the given fill and seed, over all
 * outputs (sample 0) or a sample of that many. */
uint64_t rcache_key(const prob_shape *sh, int fill, uint64_t seed, int64_t sample);

/* Loads the n values of ref and mag stored under key. Returns 0, or 1 when
 * there is no valid entry of n values (ref and mag then undefined). */
int rcache_load(const char *dir, uint64_t key, int64_t n, double *ref, double *mag);

/* Stores them (as floats when every value is one exactly: the exact fill
 * halves the space), then prunes the folder. Returns 0, or -1 when they could
 * not be written. */
int rcache_store(const char *dir, uint64_t key, int64_t n, const double *ref, const double *mag);

#endif
