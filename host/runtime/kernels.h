/* kernels.h - the OpenCL C sources of kernels/, embedded into the binary at
 * build time (see cmake/embed_kernels.cmake) so convbench runs from any folder. */
#ifndef CONVBENCH_KERNELS_H
#define CONVBENCH_KERNELS_H

/* The source of kernels/<name>.cl (a static string), or NULL when there is none. */
const char *kern_source(const char *name);

#endif
