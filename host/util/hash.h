/* hash.h - FNV-1a 64-bit, for cache keys and payload checksums (not cryptographic). */
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

#endif
