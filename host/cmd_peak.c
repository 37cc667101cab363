/* cmd_peak.c - `convbench peak`: the device's measured FMA throughput and
 * memory bandwidth, cached per device for the pct_peak and bound columns. */
#include "cli.h"
#include "config.h"
#include "peak.h"

#include <stdio.h>
#include <stdlib.h>

static void peak_usage(FILE *f)
{
    fprintf(f, "usage: convbench peak [options]\n\n"
               "Measures the device's float32 FMA throughput (independent chains of float16\n"
               "FMAs per work-item) and its global-memory bandwidth (STREAM copy, and a read-\n"
               "only sum), with convbench's own kernels (kernels/peak.cl). The result is\n"
               "cached per device and driver; sweeps use it for pct_peak, intensity and the\n"
               "roofline's compute/memory bound.\n");
    opts_print_help(f, OPT_PEAK);
}

int cmd_peak(int argc, char **argv)
{
    opt_spec spec;
    spec_init(&spec);
    char err[1024], *pos[1];
    int npos;
    int rc = opts_parse_args(&spec, OPT_PEAK, argc, argv, pos, 0, &npos, err, sizeof err);
    opts s;
    cfg_session(&spec, &s);
    spec_free(&spec);
    if (rc == 1) {
        peak_usage(stdout);
        return EXIT_OK;
    }
    if (rc) {
        fprintf(stderr, "convbench peak: %s\n", err);
        return EXIT_USAGE;
    }
    clrt_device dev;
    rc = clrt_pick(s.device, &dev, err, sizeof err);
    if (rc) {
        if (rc > 0)
            fprintf(stderr, "convbench peak: %s\n", err);
        return rc > 0 ? EXIT_USAGE : EXIT_DEVICE;
    }
    clrt_ctx ctx;
    peak_info p;
    char path[4096] = "";
    if (clrt_init(&ctx, &dev, NULL) || peak_get(&ctx, s.force, stdout, &p)) {
        clrt_free(&ctx);
        return EXIT_DEVICE;
    }
    clrt_free(&ctx);
    clrt_device_file(path, sizeof path, &dev, "peak");
    printf("device:     %d:%d %s (%s, driver %s), %u compute units\n", dev.platform_index,
           dev.device_index, dev.name, dev.platform_name, dev.driver, dev.compute_units);
    printf("fma:        %.1f GFLOP/s float32 (%d float16 chains per work-item)\n", p.gflops,
           p.nacc);
    printf("bandwidth:  %.1f GB/s copy (read + write), %.1f GB/s read\n", p.copy_gbs,
           p.read_gbs);
    printf("ridge:      %.1f FLOP/byte (below: memory-bound, above: compute-bound)\n",
           p.gflops / p.copy_gbs);
    printf("measured:   %s\ncached in:  %s\n", p.measured, path[0] ? path : "(no cache folder)");
    return EXIT_OK;
}
