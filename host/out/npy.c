/* npy.c - .npy writer. */
#include "npy.h"

#include <stdio.h>
#include <string.h>

int npy_write(const char *path, npy_type t, const void *data, const int64_t *shape, int ndim)
{
    char hdr[256];
    int o = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                     t == NPY_F32 ? "<f4" : "<f8");
    int64_t count = 1;
    for (int i = 0; i < ndim; i++) {
        o += snprintf(hdr + o, sizeof hdr - o, "%s%lld%s", i ? ", " : "", (long long)shape[i],
                      ndim == 1 ? "," : ""); /* a 1-tuple needs its comma */
        count *= shape[i];
    }
    o += snprintf(hdr + o, sizeof hdr - o, "), }");
    /* magic(6) + version(2) + len(2) + header + '\n' must be a multiple of 64. */
    int total = 10 + o + 1;
    int pad = (64 - total % 64) % 64;
    memset(hdr + o, ' ', (size_t)pad);
    o += pad;
    hdr[o++] = '\n';
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(o & 0xff),
                             (unsigned char)(o >> 8)};
    size_t esz = t == NPY_F32 ? 4 : 8;
    int ok = fwrite(pre, 1, 10, f) == 10 && fwrite(hdr, 1, (size_t)o, f) == (size_t)o &&
             fwrite(data, esz, (size_t)count, f) == (size_t)count;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}
