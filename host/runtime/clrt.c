/* clrt.c - OpenCL runtime helpers. */
#include "clrt.h"
#include "fsutil.h"
#include "hash.h"
#include "progcache.h"
#include "timing.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char last_error[1024];

const char *clrt_err_name(cl_int err)
{
    switch (err) {
#define E(x) case x: return #x;
    E(CL_SUCCESS) E(CL_DEVICE_NOT_FOUND) E(CL_DEVICE_NOT_AVAILABLE)
    E(CL_COMPILER_NOT_AVAILABLE) E(CL_MEM_OBJECT_ALLOCATION_FAILURE)
    E(CL_OUT_OF_RESOURCES) E(CL_OUT_OF_HOST_MEMORY) E(CL_PROFILING_INFO_NOT_AVAILABLE)
    E(CL_MEM_COPY_OVERLAP) E(CL_IMAGE_FORMAT_MISMATCH) E(CL_IMAGE_FORMAT_NOT_SUPPORTED)
    E(CL_BUILD_PROGRAM_FAILURE) E(CL_MAP_FAILURE) E(CL_MISALIGNED_SUB_BUFFER_OFFSET)
    E(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST) E(CL_COMPILE_PROGRAM_FAILURE)
    E(CL_LINKER_NOT_AVAILABLE) E(CL_LINK_PROGRAM_FAILURE) E(CL_DEVICE_PARTITION_FAILED)
    E(CL_KERNEL_ARG_INFO_NOT_AVAILABLE) E(CL_INVALID_VALUE) E(CL_INVALID_DEVICE_TYPE)
    E(CL_INVALID_PLATFORM) E(CL_INVALID_DEVICE) E(CL_INVALID_CONTEXT)
    E(CL_INVALID_QUEUE_PROPERTIES) E(CL_INVALID_COMMAND_QUEUE) E(CL_INVALID_HOST_PTR)
    E(CL_INVALID_MEM_OBJECT) E(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR) E(CL_INVALID_IMAGE_SIZE)
    E(CL_INVALID_SAMPLER) E(CL_INVALID_BINARY) E(CL_INVALID_BUILD_OPTIONS)
    E(CL_INVALID_PROGRAM) E(CL_INVALID_PROGRAM_EXECUTABLE) E(CL_INVALID_KERNEL_NAME)
    E(CL_INVALID_KERNEL_DEFINITION) E(CL_INVALID_KERNEL) E(CL_INVALID_ARG_INDEX)
    E(CL_INVALID_ARG_VALUE) E(CL_INVALID_ARG_SIZE) E(CL_INVALID_KERNEL_ARGS)
    E(CL_INVALID_WORK_DIMENSION) E(CL_INVALID_WORK_GROUP_SIZE) E(CL_INVALID_WORK_ITEM_SIZE)
    E(CL_INVALID_GLOBAL_OFFSET) E(CL_INVALID_EVENT_WAIT_LIST) E(CL_INVALID_EVENT)
    E(CL_INVALID_OPERATION) E(CL_INVALID_GL_OBJECT) E(CL_INVALID_BUFFER_SIZE)
    E(CL_INVALID_MIP_LEVEL) E(CL_INVALID_GLOBAL_WORK_SIZE) E(CL_INVALID_PROPERTY)
    E(CL_INVALID_IMAGE_DESCRIPTOR) E(CL_INVALID_COMPILER_OPTIONS) E(CL_INVALID_LINKER_OPTIONS)
    E(CL_INVALID_DEVICE_PARTITION_COUNT)
#undef E
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR";
    default: {
        static char buf[48];
        snprintf(buf, sizeof buf, "CL_UNKNOWN_ERROR(%d)", (int)err);
        return buf;
    }
    }
}

int clrt_check(cl_int err, const char *call, const char *file, int line)
{
    if (err == CL_SUCCESS)
        return 0;
    snprintf(last_error, sizeof last_error, "%s: %s (%d) at %s:%d", call, clrt_err_name(err),
             (int)err, file, line);
    fprintf(stderr, "convbench: OpenCL error: %s\n", last_error);
    return -1;
}

int clrt_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    fprintf(stderr, "convbench: error: %s\n", last_error);
    return -1;
}

const char *clrt_last_error(void)
{
    return last_error;
}

int clrt_init(clrt_ctx *ctx, const clrt_device *dev, const char *cache_dir)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->dev = *dev;
    if (cache_dir)
        snprintf(ctx->cache_dir, sizeof ctx->cache_dir, "%s", cache_dir);
    else if (pcache_default_dir(ctx->cache_dir, sizeof ctx->cache_dir))
        ctx->cache_dir[0] = '\0';
    cl_int err;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)dev->platform, 0};
    ctx->context = clCreateContext(props, 1, &dev->device, NULL, NULL, &err);
    if (CLRT_CHECK_RET(err, "clCreateContext"))
        return -1;
    ctx->queue = clCreateCommandQueue(ctx->context, dev->device, CL_QUEUE_PROFILING_ENABLE, &err);
    return CLRT_CHECK_RET(err, "clCreateCommandQueue");
}

void clrt_free(clrt_ctx *ctx)
{
    if (ctx->queue)
        clReleaseCommandQueue(ctx->queue);
    if (ctx->context)
        clReleaseContext(ctx->context);
    ctx->queue = NULL;
    ctx->context = NULL;
}

static void print_build_log(cl_program prog, cl_device_id dev)
{
    size_t len = 0;
    if (clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &len) != CL_SUCCESS)
        return;
    char *log = malloc(len + 1);
    if (log && clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, len, log, NULL) == CL_SUCCESS) {
        log[len] = '\0';
        fprintf(stderr, "---- build log ----\n%s\n-------------------\n", log);
    }
    free(log);
}

static int build_checked(cl_program prog, const clrt_ctx *ctx, const char *options)
{
    cl_int err = clBuildProgram(prog, 1, &ctx->dev.device, options, NULL, NULL);
    if (err == CL_SUCCESS)
        return 0;
    if (err == CL_BUILD_PROGRAM_FAILURE)
        print_build_log(prog, ctx->dev.device);
    return CLRT_CHECK_RET(err, "clBuildProgram");
}

/* The cached binary of a cache hit, or NULL with *prog left NULL. */
static cl_program from_cache(clrt_ctx *ctx, uint64_t key, const char *options)
{
    unsigned char *bin;
    size_t len;
    if (!ctx->cache_dir[0] || pcache_load(ctx->cache_dir, key, &bin, &len))
        return NULL;
    cl_int err, status;
    const unsigned char *bins[1] = {bin};
    cl_program prog = clCreateProgramWithBinary(ctx->context, 1, &ctx->dev.device, &len, bins,
                                                &status, &err);
    free(bin);
    if (err != CL_SUCCESS || status != CL_SUCCESS) {
        if (prog)
            clReleaseProgram(prog);
        return NULL;
    }
    /* A driver may reject a binary it wrote under another version: rebuild from source. */
    if (clBuildProgram(prog, 1, &ctx->dev.device, options, NULL, NULL) != CL_SUCCESS) {
        clReleaseProgram(prog);
        return NULL;
    }
    return prog;
}

static void to_cache(const clrt_ctx *ctx, uint64_t key, cl_program prog)
{
    size_t len = 0;
    if (!ctx->cache_dir[0] ||
        clGetProgramInfo(prog, CL_PROGRAM_BINARY_SIZES, sizeof len, &len, NULL) != CL_SUCCESS ||
        len == 0)
        return;
    unsigned char *bin = malloc(len);
    unsigned char *bins[1] = {bin};
    if (bin && clGetProgramInfo(prog, CL_PROGRAM_BINARIES, sizeof bins, bins, NULL) == CL_SUCCESS &&
        pcache_store(ctx->cache_dir, key, bin, len))
        fprintf(stderr, "convbench: warning: cannot write the program cache in %s\n",
                ctx->cache_dir);
    free(bin);
}

int clrt_build(clrt_ctx *ctx, const char *source, const char *options, cl_program *prog,
               clrt_build_info *info)
{
    double t0 = timing_now_ms();
    uint64_t key = HASH_FNV_INIT;
    key = hash_str(key, ctx->dev.platform_name);
    key = hash_str(key, ctx->dev.platform_version);
    key = hash_str(key, ctx->dev.name);
    key = hash_str(key, ctx->dev.driver);
    key = hash_str(key, source);
    key = hash_str(key, options);

    clrt_build_info bi = {0};
    *prog = from_cache(ctx, key, options);
    bi.cache_hit = *prog != NULL;
    if (!*prog) {
        cl_int err;
        *prog = clCreateProgramWithSource(ctx->context, 1, &source, NULL, &err);
        if (CLRT_CHECK_RET(err, "clCreateProgramWithSource"))
            return -1;
        if (build_checked(*prog, ctx, options)) {
            clReleaseProgram(*prog);
            *prog = NULL;
            return -1;
        }
        to_cache(ctx, key, *prog);
    }
    bi.compile_ms = timing_now_ms() - t0;
    if (info)
        *info = bi;
    return 0;
}

int clrt_marker(cl_command_queue q, cl_event *ev)
{
    return CLRT_CHECK(clEnqueueMarkerWithWaitList(q, 0, NULL, ev));
}

clrt_span *clrt_spans_add(clrt_spans *l)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        clrt_span *v = l->cap < INT_MAX / 2 ? realloc(l->v, (size_t)cap * sizeof *v) : NULL;
        if (!v) {
            clrt_fail("out of host memory for the %d pieces of one run", l->n + 1);
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    clrt_span *s = &l->v[l->n++];
    s->first = s->last = NULL;
    return s;
}

int clrt_spans_add_event(clrt_spans *l, cl_event ev)
{
    clrt_span *s = clrt_spans_add(l);
    if (!s) {
        clReleaseEvent(ev);
        return -1;
    }
    *s = clrt_span_of(ev);
    return 0;
}

int clrt_spans_enqueue(clrt_spans *l, cl_command_queue q, cl_kernel k, cl_uint dims,
                       const size_t *global, const size_t *local)
{
    cl_event ev;
    if (CLRT_CHECK(clEnqueueNDRangeKernel(q, k, dims, NULL, global, local, 0, NULL, &ev)))
        return -1;
    return clrt_spans_add_event(l, ev);
}

int clrt_spans_ms(const clrt_spans *l, double *ms)
{
    double total = 0;
    for (int i = 0; i < l->n; i++) {
        cl_ulong a, b;
        if (CLRT_CHECK(clGetEventProfilingInfo(l->v[i].first, CL_PROFILING_COMMAND_START,
                                               sizeof a, &a, NULL)) ||
            CLRT_CHECK(clGetEventProfilingInfo(l->v[i].last, CL_PROFILING_COMMAND_END, sizeof b,
                                               &b, NULL)))
            return -1;
        total += (double)(b - a) * 1e-6;
    }
    *ms = total;
    return 0;
}

void clrt_spans_clear(clrt_spans *l)
{
    for (int i = 0; i < l->n; i++) {
        if (l->v[i].first)
            clReleaseEvent(l->v[i].first);
        if (l->v[i].last && l->v[i].last != l->v[i].first)
            clReleaseEvent(l->v[i].last);
    }
    l->n = 0;
}

void clrt_spans_free(clrt_spans *l)
{
    clrt_spans_clear(l);
    free(l->v);
    l->v = NULL;
    l->cap = 0;
}

cl_mem clrt_buffer(clrt_ctx *ctx, cl_mem_flags flags, int64_t bytes, const void *host)
{
    cl_int err;
    cl_mem b = clCreateBuffer(ctx->context, flags | (host ? CL_MEM_COPY_HOST_PTR : 0),
                              (size_t)bytes, (void *)host, &err);
    return CLRT_CHECK_RET(err, "clCreateBuffer") ? NULL : b;
}

cl_kernel clrt_kernel(cl_program prog, const char *name, int nargs, const cl_mem *args)
{
    cl_int err;
    cl_kernel k = clCreateKernel(prog, name, &err);
    if (CLRT_CHECK_RET(err, "clCreateKernel"))
        return NULL;
    for (int i = 0; i < nargs; i++)
        if (CLRT_CHECK(clSetKernelArg(k, (cl_uint)i, sizeof(cl_mem), &args[i]))) {
            clReleaseKernel(k);
            return NULL;
        }
    return k;
}

int clrt_run_times(cl_command_queue q, cl_kernel k, cl_uint dims, const size_t *global,
                   int times, double *ms, double *host_ms)
{
    clrt_spans l = {0};
    double t0 = timing_now_ms();
    int rc = 0;
    for (int i = 0; i < times && rc == 0; i++) {
        cl_event ev = NULL;
        rc = CLRT_CHECK(clEnqueueNDRangeKernel(q, k, dims, NULL, global, NULL, 0, NULL, &ev)) ||
             clrt_spans_add_event(&l, ev);
    }
    rc = rc || CLRT_CHECK(clFinish(q));
    if (host_ms)
        *host_ms = timing_now_ms() - t0;
    rc = rc || clrt_spans_ms(&l, ms);
    clrt_spans_free(&l);
    return rc ? -1 : 0;
}

int clrt_run_once(cl_command_queue q, cl_kernel k, cl_uint dims, const size_t *global,
                  double *ms, double *host_ms)
{
    return clrt_run_times(q, k, dims, global, 1, ms, host_ms);
}
