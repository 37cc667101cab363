/* hash.c - FNV-1a 64-bit. */
#include "hash.h"

#include <string.h>

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

uint64_t hash_fast(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t lane[4] = {HASH_FNV_INIT, HASH_FNV_INIT ^ 1, HASH_FNV_INIT ^ 2, HASH_FNV_INIT ^ 3};
    size_t i = 0;
    for (; i + 32 <= len; i += 32)
        for (int l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * l, sizeof w);
            lane[l] = (lane[l] ^ w) * UINT64_C(0x100000001b3);
        }
    uint64_t h = hash_bytes(HASH_FNV_INIT, p + i, len - i);
    for (int l = 0; l < 4; l++)
        h = hash_bytes(h, &lane[l], sizeof lane[l]);
    return hash_bytes(h, &len, sizeof len);
}
