/* devcheck.c - a device's self-check and timer check. */
#include "devcheck.h"
#include "kernels.h"
#include "peak.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_ITEMS 4096     /* work-items of the known-answer kernel */
#define LAUNCHES 31          /* empty launches; their median is the launch cost */
#define TIMER_RUN_MS 20.0    /* a kernel this long on the host clock is timed well by both */

/* The known answer: every element of selfcheck_iota's output. */
static int iota_check(clrt_ctx *ctx, cl_program prog, devcheck *c)
{
    cl_mem buf = clrt_buffer(ctx, CL_MEM_READ_WRITE, CHECK_ITEMS * sizeof(cl_int), NULL);
    cl_kernel k = buf ? clrt_kernel(prog, "selfcheck_iota", 1, &buf) : NULL;
    cl_int *host = malloc(CHECK_ITEMS * sizeof *host);
    size_t global = CHECK_ITEMS;
    double ms;
    int rc = -1;
    if (!host || !k || clrt_run_once(ctx->queue, k, 1, &global, &ms, NULL) ||
        CLRT_CHECK(clEnqueueReadBuffer(ctx->queue, buf, CL_TRUE, 0, CHECK_ITEMS * sizeof *host,
                                       host, 0, NULL, NULL))) {
        snprintf(c->why, sizeof c->why, "the check kernel did not run: %s", clrt_last_error());
        goto done;
    }
    for (int i = 0; i < CHECK_ITEMS; i++)
        if (host[i] != 3 * i + 1) {
            snprintf(c->why, sizeof c->why,
                     "the check kernel computed a wrong answer: element %d is %d, expected %d",
                     i, (int)host[i], 3 * i + 1);
            goto done;
        }
    rc = 0;
done:
    free(host);
    if (k)
        clReleaseKernel(k);
    if (buf)
        clReleaseMemObject(buf);
    return rc;
}

/* The median host time of LAUNCHES empty kernels (after one untimed). */
static int launch_cost(clrt_ctx *ctx, cl_program prog, devcheck *c)
{
    cl_mem buf = clrt_buffer(ctx, CL_MEM_READ_WRITE, sizeof(cl_int), NULL);
    cl_kernel k = buf ? clrt_kernel(prog, "selfcheck_empty", 1, &buf) : NULL;
    double host[LAUNCHES], ev;
    size_t global = 1;
    int rc = k ? 0 : -1;
    for (int i = -1; i < LAUNCHES && rc == 0; i++) /* the first untimed: it may compile */
        rc = clrt_run_once(ctx->queue, k, 1, &global, &ev, &host[i < 0 ? 0 : i]);
    if (rc == 0)
        c->launch_ms = timing_summarize(host, LAUNCHES).median;
    else
        snprintf(c->why, sizeof c->why, "an empty kernel did not run: %s", clrt_last_error());
    if (k)
        clReleaseKernel(k);
    if (buf)
        clReleaseMemObject(buf);
    return rc;
}

/* Events against the host clock on peak.cl's FMA loop, grown until one run
 * takes TIMER_RUN_MS on the host: long enough that launch overhead is small
 * beside it, so both clocks must agree. */
static int timer_check(clrt_ctx *ctx, devcheck *c)
{
    size_t global = (size_t)ctx->dev.compute_units * 64;
    cl_mem out = clrt_buffer(ctx, CL_MEM_WRITE_ONLY, (int64_t)(global * sizeof(float)), NULL);
    cl_kernel k = NULL;
    double flops;
    int rc = !out || peak_fma_sized(ctx, 4, 16, 0, global, out, TIMER_RUN_MS, &k, &flops,
                                    &c->event_ms, &c->host_ms);
    if (rc == 0)
        c->timer = timing_judge(&c->event_ms, &c->host_ms, 1, c->launch_ms, c->timer_why,
                                sizeof c->timer_why);
    else
        snprintf(c->why, sizeof c->why, "the timer check's kernel did not run: %s",
                 clrt_last_error());
    if (k)
        clReleaseKernel(k);
    if (out)
        clReleaseMemObject(out);
    return rc ? -1 : 0;
}

void devcheck_run(clrt_ctx *ctx, devcheck *c)
{
    memset(c, 0, sizeof *c);
    c->timer = TIMING_NONE;
    cl_program prog;
    if (clrt_build(ctx, kern_source("selfcheck"), "-cl-std=CL1.2", &prog, NULL)) {
        snprintf(c->why, sizeof c->why, "the check kernel did not build: %s", clrt_last_error());
        return;
    }
    c->ok = iota_check(ctx, prog, c) == 0 && launch_cost(ctx, prog, c) == 0 &&
            timer_check(ctx, c) == 0;
    clReleaseProgram(prog);
}

void devcheck_format(const devcheck *c, char *buf, size_t len)
{
    if (!c->ok) {
        snprintf(buf, len, "FAILED: %s", c->why);
        return;
    }
    if (c->timer == TIMING_EVENTS)
        snprintf(buf, len, "ok; empty launch %.3f ms; timer: events agree with the host clock "
                           "(%.2f vs %.2f ms)",
                 c->launch_ms, c->event_ms, c->host_ms);
    else
        snprintf(buf, len, "ok; empty launch %.3f ms; timer: %s (profiling events untrusted: %s)",
                 c->launch_ms, timing_source_name(c->timer), c->timer_why);
}
