/* peak.c - measuring, caching and using the device's peak. */
#include "peak.h"
#include "fsutil.h"
#include "kernels.h"
#include "problem.h"
#include "timing.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPS 5          /* timed runs per setting; the best counts */
#define MIN_RUN_MS 40.0 /* a run shorter than this is dominated by launch overhead */

#define READS 8 /* float4s each work-item of peak_read sums */
#define MAX_BATCH 4096 /* runs of a bandwidth kernel timed together */

/* times runs of k back to back, timed by the clock the timer check trusts for
 * them: their events, else the host's (p->timer records that the host's was
 * needed); *ms is one run's share. Returns 0, or -1 when a run fails or
 * neither clock can be trusted (reported). */
static int run_timed(clrt_ctx *ctx, cl_kernel k, size_t global, int times, double launch_ms,
                     peak_info *p, double *ms)
{
    double ev, host;
    if (clrt_run_times(ctx->queue, k, 1, &global, times, &ev, &host))
        return -1;
    char why[320];
    timing_source t = timing_judge(&ev, &host, 1, launch_ms, why, sizeof why);
    if (t == TIMING_NONE)
        return clrt_fail("peak: no trustworthy clock for a run: %s", why);
    if (t == TIMING_HOST && p->timer != TIMING_HOST) {
        p->timer = TIMING_HOST;
        snprintf(p->timer_why, sizeof p->timer_why, "%s", why);
    }
    *ms = (t == TIMING_EVENTS ? ev : host) / times;
    return 0;
}

/* The number of back-to-back runs of k whose batch takes MIN_RUN_MS on the
 * host clock, found by doubling: a copy of 256 MiB takes 0.18 ms on an H100,
 * and one late wake-up of a loaded host (10 ms seen) then made a single run's
 * host time disagree with its event by 60x. Sized by the host clock, so a
 * timer that misses the work (rusticl's) cannot ask for thousands of runs of
 * 25 ms. Returns 0 with *times set, or -1 (reported). */
static int batch_size(clrt_ctx *ctx, cl_kernel k, size_t global, int *times)
{
    double ev, host;
    for (*times = 1;; *times *= 2) {
        if (clrt_run_times(ctx->queue, k, 1, &global, *times, &ev, &host))
            return -1;
        if (host >= MIN_RUN_MS || *times >= MAX_BATCH)
            return 0;
    }
}

int peak_fma_sized(clrt_ctx *ctx, int nacc, int vw, int half, size_t global, cl_mem out,
                   double target_ms, cl_kernel *kernel, double *flops, double *event_ms,
                   double *host_ms)
{
    char opts[64];
    snprintf(opts, sizeof opts, "-cl-std=CL1.2 -DNACC=%d -DVW=%d%s", nacc, vw,
             half ? " -DHALF" : "");
    cl_program prog;
    if (clrt_build(ctx, kern_source("peak"), opts, &prog, NULL))
        return -1;
    cl_kernel k = clrt_kernel(prog, "peak_fma", 1, &out);
    clReleaseProgram(prog); /* the kernel keeps it */
    float a = 0.999f, b = 0.001f;
    cl_int iters = 64;
    /* Untimed first: a driver may compile at the first enqueue (PoCL does). */
    int rc = !k || CLRT_CHECK(clSetKernelArg(k, 1, sizeof a, &a)) ||
             CLRT_CHECK(clSetKernelArg(k, 2, sizeof b, &b)) ||
             CLRT_CHECK(clSetKernelArg(k, 3, sizeof iters, &iters)) ||
             clrt_run_once(ctx->queue, k, 1, &global, event_ms, NULL);
    /* Sized by the host clock: the events may be what is under test. */
    while (rc == 0) {
        rc = CLRT_CHECK(clSetKernelArg(k, 3, sizeof iters, &iters)) ||
             clrt_run_once(ctx->queue, k, 1, &global, event_ms, host_ms);
        if (rc || *host_ms >= target_ms || iters >= (1 << 24))
            break;
        iters *= *host_ms > 1.0 ? (cl_int)ceil(target_ms / *host_ms) : 16;
    }
    if (rc) {
        if (k)
            clReleaseKernel(k);
        return -1;
    }
    *kernel = k;
    *flops = 2.0 * vw * nacc * (double)iters * (double)global;
    return 0;
}

/* Best GFLOP/s of peak_fma built with nacc chains of vw-wide FMAs (half ones
 * when half). The sizing runs are not judged: launch overhead dominates the
 * short ones, which is no test of the events. */
static int fma_best(clrt_ctx *ctx, double launch_ms, peak_info *p, int nacc, int vw, int half,
                    size_t global, cl_mem out, double *gflops)
{
    cl_kernel k;
    double flops, ms, host, best = INFINITY;
    if (peak_fma_sized(ctx, nacc, vw, half, global, out, MIN_RUN_MS, &k, &flops, &ms, &host))
        return -1;
    int rc = 0;
    for (int r = 0; r < REPS && rc == 0; r++) {
        rc = run_timed(ctx, k, global, 1, launch_ms, p, &ms);
        if (ms < best)
            best = ms;
    }
    clReleaseKernel(k);
    if (rc)
        return -1;
    *gflops = flops / (best * 1e6);
    return 0;
}

/* Best GB/s of the copy and read kernels over buffers of bytes each. */
static int bandwidth_best(clrt_ctx *ctx, double launch_ms, peak_info *p, size_t bytes)
{
    cl_program prog;
    if (clrt_build(ctx, kern_source("peak"), "-cl-std=CL1.2", &prog, NULL))
        return -1;
    size_t n4 = bytes / 16, read_global = n4 / READS;
    cl_mem a = clrt_buffer(ctx, CL_MEM_READ_WRITE, (int64_t)bytes, NULL);
    cl_mem b = a ? clrt_buffer(ctx, CL_MEM_READ_WRITE, (int64_t)bytes, NULL) : NULL;
    cl_kernel copy = b ? clrt_kernel(prog, "peak_copy", 2, (cl_mem[]){a, b}) : NULL;
    cl_kernel read = copy ? clrt_kernel(prog, "peak_read", 2, (cl_mem[]){a, b}) : NULL;
    int rc = -1;
    float zero = 0.0f;
    if (!read || CLRT_CHECK(clEnqueueFillBuffer(ctx->queue, a, &zero, sizeof zero, 0, bytes, 0, NULL,
                                       NULL)))
        goto done;
    double copy_ms = INFINITY, read_ms = INFINITY, ms;
    int copies, reads;
    /* The first run of each is a warm-up (compiles, page faults on first
     * touch); then each is sized. */
    if (clrt_run_once(ctx->queue, copy, 1, &n4, &ms, NULL) ||
        clrt_run_once(ctx->queue, read, 1, &read_global, &ms, NULL) ||
        batch_size(ctx, copy, n4, &copies) || batch_size(ctx, read, read_global, &reads))
        goto done;
    for (int r = 0; r < REPS; r++) {
        if (run_timed(ctx, copy, n4, copies, launch_ms, p, &ms))
            goto done;
        if (ms < copy_ms)
            copy_ms = ms;
        if (run_timed(ctx, read, read_global, reads, launch_ms, p, &ms))
            goto done;
        if (ms < read_ms)
            read_ms = ms;
    }
    p->copy_gbs = 2.0 * (double)bytes / (copy_ms * 1e6);
    p->read_gbs = 16.0 * READS * (double)read_global / (read_ms * 1e6);
    rc = 0;
done:
    if (read)
        clReleaseKernel(read);
    if (copy)
        clReleaseKernel(copy);
    if (b)
        clReleaseMemObject(b);
    if (a)
        clReleaseMemObject(a);
    clReleaseProgram(prog);
    return rc;
}

int peak_measure(clrt_ctx *ctx, double launch_ms, peak_info *p)
{
    memset(p, 0, sizeof *p);
    p->timer = TIMING_EVENTS;
    const clrt_device *d = &ctx->dev;
    /* Enough work-items to fill every lane of a GPU; a CPU runs them in turn. */
    int gpu = strstr(d->type, "GPU") != NULL;
    size_t global = (size_t)d->compute_units * (gpu ? 2048 : 64);
    cl_mem out = clrt_buffer(ctx, CL_MEM_WRITE_ONLY, (int64_t)(global * sizeof(float)), NULL);
    if (!out)
        return -1;
    static const int naccs[] = {4, 8, 16}, vws[] = {16, 4, 1};
    int rc = 0;
    for (int half = 0; half <= d->fp16 && !rc; half++)
        for (size_t v = 0; v < sizeof vws / sizeof vws[0] && !rc; v++)
            for (size_t i = 0; i < sizeof naccs / sizeof naccs[0] && !rc; i++) {
                double g = 0;
                rc = fma_best(ctx, launch_ms, p, naccs[i], vws[v], half, global, out, &g);
                if (!rc && half && g > p->gflops_fp16)
                    p->gflops_fp16 = g;
                if (!rc && !half && g > p->gflops) {
                    p->gflops = g;
                    p->nacc = naccs[i];
                    p->vw = vws[v];
                }
            }
    clReleaseMemObject(out);
    if (rc)
        return -1;
    /* Buffers well beyond any cache, within what the device allows. */
    size_t bytes = (size_t)256 << 20;
    if (bytes > d->max_alloc / 2)
        bytes = (size_t)(d->max_alloc / 2);
    if (bytes > d->global_mem / 8)
        bytes = (size_t)(d->global_mem / 8);
    bytes &= ~(size_t)0xffff;
    if (bandwidth_best(ctx, launch_ms, p, bytes))
        return -1;
    double load[1];
    p->load = getloadavg(load, 1) == 1 ? load[0] : NAN;
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(p->measured, sizeof p->measured, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return 0;
}

/* Strips trailing blanks and the newline. */
static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

int peak_load(const char *path, const clrt_device *d, peak_info *p, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 1;
    memset(p, 0, sizeof *p);
    char line[512];
    int lineno = 0, same_device = 0, same_driver = 0, has_timer = 0, has_fp16 = 0, rc = 0;
    p->load = NAN;
    p->vw = 16; /* files from before the vector width was searched used float16 */
    while (fgets(line, sizeof line, f)) {
        lineno++;
        chomp(line);
        if (!line[0] || line[0] == '#')
            continue;
        char *eq = strstr(line, " = ");
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected 'key = value', got '%s'", path, lineno, line);
            rc = -1;
            break;
        }
        *eq = '\0';
        const char *key = line, *val = eq + 3;
        char *end = NULL;
        double v = strtod(val, &end);
        int num = end != val && *end == '\0' && isfinite(v) && v > 0;
        if (strcmp(key, "device") == 0)
            same_device = strcmp(val, d->name) == 0;
        else if (strcmp(key, "driver") == 0)
            same_driver = strcmp(val, d->driver) == 0;
        else if (strcmp(key, "platform") == 0)
            continue; /* for readers; the hash in the file name covers it */
        else if (strcmp(key, "measured") == 0)
            snprintf(p->measured, sizeof p->measured, "%s", val);
        else if (strcmp(key, "timer") == 0) {
            has_timer = strcmp(val, "events") == 0 || strcmp(val, "host") == 0;
            p->timer = strcmp(val, "host") == 0 ? TIMING_HOST : TIMING_EVENTS;
        } else if (strcmp(key, "load") == 0 && end != val && *end == '\0' && v >= 0)
            p->load = v;
        else if (!num) {
            snprintf(err, errlen, "%s:%d: %s = '%s': expected a positive number", path, lineno,
                     key, val);
            rc = -1;
            break;
        } else if (strcmp(key, "gflops") == 0)
            p->gflops = v;
        else if (strcmp(key, "gflops_fp16") == 0) {
            p->gflops_fp16 = v;
            has_fp16 = 1;
        }
        else if (strcmp(key, "copy_gbs") == 0)
            p->copy_gbs = v;
        else if (strcmp(key, "read_gbs") == 0)
            p->read_gbs = v;
        else if (strcmp(key, "nacc") == 0)
            p->nacc = (int)v;
        else if (strcmp(key, "vw") == 0)
            p->vw = (int)v;
    }
    fclose(f);
    if (rc)
        return rc;
    /* A file without a timer line predates the timer check: its peak may have
     * come from a broken clock, so it is measured again. */
    if (!same_device || !same_driver)
        return 1;
    if (!(p->gflops > 0) || !(p->copy_gbs > 0)) {
        snprintf(err, errlen, "%s: gflops and copy_gbs must both be given", path);
        return -1;
    }
    /* A device with half whose file has no half peak was cached before it
     * was measured: measured again, so fp16 rows get their own ceiling. */
    return has_timer && (has_fp16 || !d->fp16) ? 0 : 1;
}

int peak_store(const char *path, const clrt_device *d, const peak_info *p)
{
    char text[2048];
    int n = snprintf(text, sizeof text,
                     "# convbench device peak, the most each measurement has shown: `convbench "
                     "peak --force` measures again and keeps the higher; delete this file to "
                     "start over\n"
                     "device = %s\ndriver = %s\nplatform = %s\n"
                     "gflops = %.2f\ncopy_gbs = %.2f\nread_gbs = %.2f\nnacc = %d\nvw = %d\n"
                     "measured = %s\nload = %.2f\ntimer = %s\n",
                     d->name, d->driver, d->platform_name, p->gflops, p->copy_gbs, p->read_gbs,
                     p->nacc, p->vw, p->measured, isfinite(p->load) ? p->load : 0.0,
                     timing_source_name(p->timer));
    if (p->gflops_fp16 > 0 && n >= 0 && (size_t)n < sizeof text)
        n += snprintf(text + n, sizeof text - (size_t)n, "gflops_fp16 = %.2f\n", p->gflops_fp16);
    if (n < 0 || (size_t)n >= sizeof text) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return fs_write_atomic(path, text, (size_t)n);
}

void peak_keep_max(peak_info *kept, const peak_info *now)
{
    if (now->gflops > kept->gflops) {
        kept->gflops = now->gflops;
        kept->nacc = now->nacc;
        kept->vw = now->vw;
        kept->load = now->load;
        kept->timer = now->timer;
        snprintf(kept->measured, sizeof kept->measured, "%s", now->measured);
        snprintf(kept->timer_why, sizeof kept->timer_why, "%s", now->timer_why);
    }
    if (now->gflops_fp16 > kept->gflops_fp16)
        kept->gflops_fp16 = now->gflops_fp16;
    if (now->copy_gbs > kept->copy_gbs)
        kept->copy_gbs = now->copy_gbs;
    if (now->read_gbs > kept->read_gbs)
        kept->read_gbs = now->read_gbs;
}

int peak_get(clrt_ctx *ctx, double launch_ms, int force, FILE *f, peak_info *p, peak_info *now)
{
    char path[4096], err[1024];
    int have_path = clrt_device_file(path, sizeof path, &ctx->dev, "peak") == 0;
    int cached = have_path ? peak_load(path, &ctx->dev, p, err, sizeof err) : 1;
    if (cached < 0)
        fprintf(stderr, "convbench: warning: %s; measuring the peak again\n", err);
    if (cached == 0 && !force) {
        if (now)
            memset(now, 0, sizeof *now);
        return 0;
    }
    if (f) {
        fprintf(f, "measuring the device's peak (FMA throughput, memory bandwidth)...\n");
        fflush(f);
    }
    peak_info m;
    if (peak_measure(ctx, launch_ms, &m))
        return -1;
    if (now)
        *now = m;
    if (cached != 0)
        *p = m;
    /* Another process may have stored a higher figure since: keep the maximum
     * of what is on disk now and this measurement. */
    int lock = have_path ? fs_lock(path) : -1;
    peak_info disk;
    if (lock >= 0 && peak_load(path, &ctx->dev, &disk, err, sizeof err) == 0)
        *p = disk;
    peak_keep_max(p, &m);
    if (have_path && (lock < 0 || peak_store(path, &ctx->dev, p)))
        fprintf(stderr, "convbench: warning: cannot write %s: %s\n", path, strerror(errno));
    fs_unlock(lock);
    return 0;
}

double peak_intensity(double flops, double bytes)
{
    return bytes > 0 ? flops / bytes : NAN;
}

double peak_fma(const peak_info *p, int dtype)
{
    return dtype == PROB_FP16 ? p->gflops_fp16 : p->gflops;
}

const char *peak_bound(const peak_info *p, int dtype, double intensity)
{
    double fma = p ? peak_fma(p, dtype) : 0;
    if (!(fma > 0) || !(p->copy_gbs > 0) || !isfinite(intensity))
        return "";
    return intensity * p->copy_gbs >= fma ? "compute" : "memory";
}
