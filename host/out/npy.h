/* npy.h - writes arrays as NumPy .npy files (format 1.0, C order, little endian),
 * so results can be checked with any other tool. */
#ifndef CONVBENCH_NPY_H
#define CONVBENCH_NPY_H

#include <stdint.h>

typedef enum { NPY_F32, NPY_F64 } npy_type;

/* Writes data (prod(shape) elements of type t) to path. Returns 0, or -1 with
 * errno set when the file cannot be written. */
int npy_write(const char *path, npy_type t, const void *data, const int64_t *shape, int ndim);

#endif
