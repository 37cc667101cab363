/* coldcache.h - --cold-cache: evicting the caches between timed runs, so each
 * run reads its inputs and weights from memory, as a framework's layer does
 * when the layers before it have filled the caches (benchdnn's --cold-cache
 * does the same by rotating buffers). Before every run, warm-up included, a
 * kernel reads and writes a scrub buffer of twice the larger of the device's
 * global-memory cache (CL_DEVICE_GLOBAL_MEM_CACHE_SIZE) and the host's
 * last-level cache, at least 32 MiB and at most 256 MiB (this VM's EPYC
 * reports the L3 of all its core complexes, 256 MiB, of which a core uses
 * 32) and half the largest allocation; it is waited for, so no timer sees it. */
#ifndef CONVBENCH_COLDCACHE_H
#define CONVBENCH_COLDCACHE_H

#include <stddef.h>

#include "clrt.h"

typedef struct coldcache {
    clrt_ctx *ctx;       /* not owned */
    cl_program prog;
    cl_kernel kernel;
    cl_mem buf;
    size_t bytes;        /* the scrub buffer's size */
} coldcache;

/* Builds the scrub kernel and allocates its buffer on ctx. Returns 0, or -1
 * (the OpenCL error reported); free with coldcache_free, also after -1. */
int coldcache_init(coldcache *c, clrt_ctx *ctx);

/* Runs the scrub and waits for it. Returns 0 or -1 (reported). */
int coldcache_flush(coldcache *c);

void coldcache_free(coldcache *c);

#endif
