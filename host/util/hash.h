/* hash.h - FNV-1a 64-bit for cache keys, and a faster word-wise checksum for
 * large payloads (neither is cryptographic). */
#ifndef CONVBENCH_HASH_H
#define CONVBENCH_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_INIT UINT64_C(0xcbf29ce484222325)

/* Continues hash h over len bytes of data; start with HASH_FNV_INIT. */
uint64_t hash_bytes(uint64_t h, const void *data, size_t len);

/* Continues h over a NUL-terminated string, including a terminator so that
 * ("ab","c") and ("a","bc") hash differently. s may be NULL (hashed as ""). */
uint64_t hash_str(uint64_t h, const char *s);

/* A checksum of len bytes of data, 8 bytes per step in four independent
 * FNV-style lanes (about 10x faster than hash_bytes, for payloads of hundreds
 * of MB). Not the same function as hash_bytes: use it for checksums only. */
uint64_t hash_fast(const void *data, size_t len);

#endif
