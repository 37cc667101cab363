/* hash.c - FNV-1a 64-bit. */
#include "hash.h"

uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t hash_str(uint64_t h, const char *s)
{
    if (!s)
        s = "";
    for (; *s; s++)
        h = hash_bytes(h, s, 1);
    return hash_bytes(h, "", 1);
}
