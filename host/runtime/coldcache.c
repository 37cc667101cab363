/* coldcache.c - the scrub kernel that evicts caches before a timed run. */
#include "coldcache.h"

#include <string.h>
#include <unistd.h>

#include "kernels.h"

int coldcache_init(coldcache *c, clrt_ctx *ctx)
{
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
    cl_ulong dev_cache = 0;
    clGetDeviceInfo(ctx->dev.device, CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, sizeof dev_cache, &dev_cache,
                    NULL);
    long host = sysconf(_SC_LEVEL3_CACHE_SIZE); /* -1 or 0 when unknown */
    cl_ulong largest = host > 0 && (cl_ulong)host > dev_cache ? (cl_ulong)host : dev_cache;
    size_t bytes = (size_t)(2 * largest);
    if (bytes < ((size_t)32 << 20))
        bytes = (size_t)32 << 20;
    if (bytes > ((size_t)256 << 20))
        bytes = (size_t)256 << 20;
    if (bytes > ctx->dev.max_alloc / 2)
        bytes = (size_t)(ctx->dev.max_alloc / 2);
    c->bytes = bytes / 16 * 16;
    cl_int err;
    if (clrt_build(ctx, kern_source("scrub"), "", &c->prog, NULL))
        return -1;
    c->kernel = clCreateKernel(c->prog, "scrub", &err);
    if (CLRT_CHECK_RET(err, "clCreateKernel(scrub)"))
        return -1;
    c->buf = clCreateBuffer(ctx->context, CL_MEM_READ_WRITE, c->bytes, NULL, &err);
    if (CLRT_CHECK_RET(err, "clCreateBuffer(scrub)"))
        return -1;
    float zero = 0;
    return CLRT_CHECK(clSetKernelArg(c->kernel, 0, sizeof c->buf, &c->buf)) ||
                   CLRT_CHECK(clEnqueueFillBuffer(ctx->queue, c->buf, &zero, sizeof zero, 0,
                                                  c->bytes, 0, NULL, NULL)) ||
                   CLRT_CHECK(clFinish(ctx->queue))
               ? -1
               : 0;
}

int coldcache_flush(coldcache *c)
{
    size_t global = c->bytes / 16;
    return CLRT_CHECK(clEnqueueNDRangeKernel(c->ctx->queue, c->kernel, 1, NULL, &global, NULL, 0,
                                             NULL, NULL)) ||
                   CLRT_CHECK(clFinish(c->ctx->queue))
               ? -1
               : 0;
}

void coldcache_free(coldcache *c)
{
    if (c->buf)
        clReleaseMemObject(c->buf);
    if (c->kernel)
        clReleaseKernel(c->kernel);
    if (c->prog)
        clReleaseProgram(c->prog);
    memset(c, 0, sizeof *c);
}
