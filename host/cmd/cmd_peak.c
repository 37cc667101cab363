/* cmd_peak.c - `convbench peak`: the device's measured FMA throughput and
 * memory bandwidth, cached per device for the pct_peak and bound columns. */
#include "cli.h"
#include "devcheck.h"
#include "peak.h"

#include <stdio.h>
#include <stdlib.h>

static void peak_usage(FILE *f)
{
    fprintf(f, "usage: convbench peak [options]\n\n"
               "Measures the device's float32 FMA throughput (independent chains of float,\n"
               "float4 or float16 FMAs per work-item, the best kept), its half FMA\n"
               "throughput where it has cl_khr_fp16 (the ceiling of fp16 accumulation),\n"
               "and its global-memory\n"
               "bandwidth (STREAM copy, and a read-only sum), with convbench's own kernels\n"
               "(kernels/peak.cl). The result is cached per device and driver; sweeps use\n"
               "it for pct_peak, intensity and the roofline's compute/memory bound. The\n"
               "cache keeps the most each figure has reached: --force measures again and\n"
               "raises what it beats, so a measurement on a busy machine never lowers it.\n"
               "Runs are timed by profiling events when they agree with the host clock,\n"
               "else by the host clock.\n");
    opts_print_help(f, OPT_PEAK);
}

int cmd_peak(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "peak", OPT_PEAK, argc, argv, 0, 0, "no argument but options",
                      peak_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    cmd_close(&a);
    char err[1024];
    clrt_device dev;
    rc = clrt_pick(s.device, &dev, err, sizeof err);
    if (rc) {
        if (rc > 0)
            fprintf(stderr, "convbench peak: %s\n", err);
        return rc > 0 ? EXIT_USAGE : EXIT_DEVICE;
    }
    clrt_ctx ctx;
    devcheck chk;
    peak_info p, now;
    char path[4096] = "", line[800];
    if (clrt_init(&ctx, &dev, NULL)) {
        clrt_free(&ctx);
        return EXIT_DEVICE;
    }
    devcheck_run(&ctx, &chk);
    devcheck_format(&chk, line, sizeof line);
    if (!chk.ok) {
        fprintf(stderr, "convbench peak: %s: self-check %s\n", dev.id, line);
        clrt_free(&ctx);
        return EXIT_DEVICE;
    }
    if (peak_get(&ctx, chk.launch_ms, s.force, stdout, &p, &now)) {
        clrt_free(&ctx);
        return EXIT_DEVICE;
    }
    clrt_free(&ctx);
    clrt_device_file(path, sizeof path, &dev, "peak");
    printf("device:     %s (driver %s), %u compute units\n", dev.id, dev.driver,
           dev.compute_units);
    printf("self-check: %s\n", line);
    char half[48] = "";
    if (now.gflops_fp16 > 0)
        snprintf(half, sizeof half, ", %.1f GFLOP/s fp16", now.gflops_fp16);
    if (now.gflops > 0)
        printf("this run:   %.1f GFLOP/s%s, %.1f GB/s copy, %.1f GB/s read (%s clock)\n",
               now.gflops, half, now.copy_gbs, now.read_gbs, timing_source_name(now.timer));
    printf("fma:        %.1f GFLOP/s float32 (%d chains of float%s per work-item)%s\n",
           p.gflops, p.nacc, p.vw > 1 ? (p.vw == 4 ? "4" : "16") : "",
           now.gflops > 0 ? ", the most measured so far" : "");
    if (p.gflops_fp16 > 0)
        printf("fma fp16:   %.1f GFLOP/s half (%.2fx float32)\n", p.gflops_fp16,
               p.gflops_fp16 / p.gflops);
    else
        printf("fma fp16:   none: the device has no cl_khr_fp16\n");
    printf("bandwidth:  %.1f GB/s copy (read + write), %.1f GB/s read\n", p.copy_gbs,
           p.read_gbs);
    printf("ridge:      %.1f FLOP/byte (below: memory-bound, above: compute-bound)\n",
           p.gflops / p.copy_gbs);
    printf("measured:   %s, load average %.2f, %s clock\n", p.measured, p.load,
           timing_source_name(p.timer));
    printf("cached in:  %s\n", path[0] ? path : "(no cache folder)");
    return EXIT_OK;
}
