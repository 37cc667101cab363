/* clrt.h - the OpenCL runtime: device discovery and selection, context and
 * profiling queue, checked calls with named errors, and program builds with
 * an on-disk binary cache. Everything goes through the ICD loader. Device
 * discovery and selection live in clrt_devices.c.
 */
#ifndef CONVBENCH_CLRT_H
#define CONVBENCH_CLRT_H

#include <stddef.h>
#include <stdint.h>

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>

/* The name of an OpenCL error code ("CL_OUT_OF_RESOURCES"), or "CL_UNKNOWN_ERROR(n)"
 * in a static buffer for codes it does not know. */
const char *clrt_err_name(cl_int err);

/* Reports a failed call: "call: CL_NAME (code) at file:line" to stderr, and keeps
 * the message for clrt_last_error(). Returns 0 when err is CL_SUCCESS, else -1. */
int clrt_check(cl_int err, const char *call, const char *file, int line);

/* Checks an OpenCL call that returns cl_int; evaluates to 0 or -1. */
#define CLRT_CHECK(call) clrt_check((call), #call, __FILE__, __LINE__)

/* Checks the error code that a call returned through its last argument
 * (clCreateBuffer and the like), naming that call. */
#define CLRT_CHECK_RET(err, call_name) clrt_check((err), call_name, __FILE__, __LINE__)

/* The message of the last failure reported through clrt_check or clrt_fail
 * ("" when none); owned by the module, valid until the next failure. */
const char *clrt_last_error(void);

/* Records a failure that is not an OpenCL error code (a printf-style message),
 * prints it to stderr, and returns -1. */
int clrt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How a device offers subgroups, if at all. */
enum { CLRT_SUBGROUPS_NONE, CLRT_SUBGROUPS_KHR, CLRT_SUBGROUPS_INTEL, CLRT_SUBGROUPS_C_FEATURE };

/* "no", "cl_khr_subgroups", "cl_intel_subgroups" or "__opencl_c_subgroups". */
const char *clrt_subgroups_name(int sg);

typedef struct clrt_device {
    int platform_index, device_index;   /* the ICD loader's order: not stable */
    cl_platform_id platform;
    cl_device_id device;
    char platform_name[128], platform_version[128];
    char name[256], vendor[128], type[32], driver[128], c_version[64];
    char id[400];                /* "PLATFORM/DEVICE" (+"#N" for identical ones): unambiguous */
    cl_uint compute_units, clock_mhz;
    cl_ulong global_mem, local_mem, max_alloc;
    size_t max_wg_size;
    int fp16, fp64;              /* cl_khr_fp16; cl_khr_fp64 or a double FP config */
    int subgroups;               /* a CLRT_SUBGROUPS_ */
} clrt_device;

/* Lists every device of every platform into *devs (malloc'd array, the caller
 * frees it) and *count, each with its id. Returns 0, or -1 when no platform or
 * device exists or a query fails (the reason is reported). */
int clrt_list_devices(clrt_device **devs, int *count);

/* Sets the id of each of count devices from their platform and device names. */
void clrt_name_devices(clrt_device *devs, int count);

/* convbench's default device, whatever order the ICD loader lists platforms
 * in: the first GPU, else the first PoCL device, else the first device.
 * Returns its index, or -1 when count is 0. */
int clrt_default_device(const clrt_device *devs, int count);

/* Picks a device: selector NULL or "" gives the default (clrt_default_device);
 * "P:D" gives platform P's device D; a device's id ("PLATFORM/DEVICE", any
 * case) gives that device; anything else must be a case-insensitive substring
 * of exactly one device's "platform name vendor driver". Returns 0 with *out
 * filled; -1 when nothing or several devices match, with the reason and the
 * candidates in err. */
int clrt_select(const clrt_device *devs, int count, const char *selector, clrt_device *out,
                char *err, size_t errlen);

/* clrt_list_devices then clrt_select. Returns 0 with *out filled; -1 when no
 * device can be listed (reported); 1 when selector matches none or several
 * (err says which exist). */
int clrt_pick(const char *selector, clrt_device *out, char *err, size_t errlen);

/* The environment a reproducer needs to see d again ("RUSTICL_ENABLE=llvmpipe "
 * for rusticl, the ICD loader's variables when set), each "VAR=value "; "" when
 * none. */
void clrt_device_env(const clrt_device *d, char *buf, size_t len);

/* The file <cache folder>/SUB/<hash of platform, device and driver>.txt that
 * holds what convbench keeps per device (its peak, its tuning database).
 * Returns 0, or -1 when no cache folder can be named. */
int clrt_device_file(char *buf, size_t len, const clrt_device *d, const char *sub);

typedef struct clrt_ctx {
    clrt_device dev;
    cl_context context;
    cl_command_queue queue;      /* in order, profiling enabled */
    char cache_dir[4096];        /* "" disables the program cache */
} clrt_ctx;

/* Creates a context and a profiling queue on dev. cache_dir NULL uses the default
 * cache folder; "" disables caching. Returns 0, or -1 (reported). Release with
 * clrt_free, also after a failed init. */
int clrt_init(clrt_ctx *ctx, const clrt_device *dev, const char *cache_dir);
void clrt_free(clrt_ctx *ctx);

typedef struct clrt_build_info {
    double compile_ms;           /* wall time of creating and building the program */
    int cache_hit;               /* 1 when built from a cached binary */
} clrt_build_info;

/* Builds source with options for ctx's device, from the cache when a binary for
 * (device, driver, source, options) is there, else from source (and stores it).
 * Returns 0 with *prog set (the caller releases it), or -1 with the error and, on
 * a compile failure, the build log reported. info may be NULL. */
int clrt_build(clrt_ctx *ctx, const char *source, const char *options, cl_program *prog,
               clrt_build_info *info);

/* Creates a buffer of bytes with flags, a copy of host when host is not NULL.
 * Returns it (the caller releases it), or NULL with the error reported. */
cl_mem clrt_buffer(clrt_ctx *ctx, cl_mem_flags flags, int64_t bytes, const void *host);

/* Creates kernel name of prog with its first nargs arguments set to the
 * buffers in args (a NULL buffer is a valid argument). Returns it (the caller
 * releases it), or NULL with the error reported. */
cl_kernel clrt_kernel(cl_program prog, const char *name, int nargs, const cl_mem *args);

/* Runs k once over global (dims dimensions) on q and waits for it: one-off
 * work such as packing weights. Sets *ms to its device time (profiling
 * events) and, when host_ms is not NULL, *host_ms to the host's wall time from
 * enqueue to completion. Returns 0 or -1 (reported). */
int clrt_run_once(cl_command_queue q, cl_kernel k, cl_uint dims, const size_t *global,
                  double *ms, double *host_ms);

/* Runs k times times back to back on q and waits once: sets *ms to the sum of
 * their device times and *host_ms (when not NULL) to the host's wall time for
 * all of them; runs too short for a clock alone are timed as a batch. Returns
 * 0 or -1 (reported). */
int clrt_run_times(cl_command_queue q, cl_kernel k, cl_uint dims, const size_t *global,
                   int times, double *ms, double *host_ms);

/* A piece of device work timed from the START of first to the END of last. One
 * kernel: first == last. A library call that enqueues kernels it does not
 * report: a marker enqueued before it, and the event it returns (the queue is
 * in order), so its hidden kernels count too. */
typedef struct clrt_span {
    cl_event first, last;
} clrt_span;

/* A span of one event. */
static inline clrt_span clrt_span_of(cl_event ev)
{
    clrt_span s = {ev, ev};
    return s;
}

/* Enqueues a marker on q (it completes when everything before it has), for the
 * first event of a span. Returns 0 or -1 (reported). */
int clrt_marker(cl_command_queue q, cl_event *ev);

/* The spans of one run, as many as it enqueues: a run's piece count comes
 * from its input (im2col's chunks), so no fixed array holds them. Zero it to
 * start; clrt_spans_free ends it. */
typedef struct clrt_spans {
    clrt_span *v;
    int n, cap;
} clrt_spans;

/* A new span at the end of l with both events NULL, for the caller to set;
 * NULL (reported) when the host is out of memory. The list owns its events. */
clrt_span *clrt_spans_add(clrt_spans *l);

/* Appends the span of one event ev. Returns 0, or -1 (reported; ev released). */
int clrt_spans_add_event(clrt_spans *l, cl_event ev);

/* Enqueues k over global (dims dimensions; local NULL: the driver picks) on
 * q and appends its event's span to l. Returns 0, or -1 (reported). */
int clrt_spans_enqueue(clrt_spans *l, cl_command_queue q, cl_kernel k, cl_uint dims,
                       const size_t *global, const size_t *local);

/* Sum over l's spans of END(last) - START(first), in milliseconds. Returns 0 or -1. */
int clrt_spans_ms(const clrt_spans *l, double *ms);

/* Releases the events of l's spans (each once) and empties it, keeping its memory. */
void clrt_spans_clear(clrt_spans *l);

/* Clears l and frees its memory. */
void clrt_spans_free(clrt_spans *l);

#endif
