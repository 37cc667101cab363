/* cmd_devices.c - `convbench devices`: every platform and device. */
#include "cli.h"
#include "clrt.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_devices(int argc, char **argv)
{
    (void)argv;
    if (argc > 0) {
        fprintf(stderr, "convbench devices: takes no arguments\n");
        return EXIT_USAGE;
    }
    clrt_device *devs;
    int n;
    if (clrt_list_devices(&devs, &n))
        return EXIT_DEVICE;
    int last_platform = -1;
    for (int i = 0; i < n; i++) {
        const clrt_device *d = &devs[i];
        if (d->platform_index != last_platform) {
            printf("platform %d: %s (%s)\n", d->platform_index, d->platform_name,
                   d->platform_version);
            last_platform = d->platform_index;
        }
        printf("  device %d:%d  %s\n", d->platform_index, d->device_index, d->name);
        printf("    vendor %s, type %s, %u compute units at %u MHz\n", d->vendor, d->type,
               d->compute_units, d->clock_mhz);
        printf("    global memory %.1f MiB, local memory %.1f KiB, max allocation %.1f MiB\n",
               d->global_mem / 1048576.0, d->local_mem / 1024.0, d->max_alloc / 1048576.0);
        printf("    %s, driver %s, max work-group %zu\n", d->c_version, d->driver, d->max_wg_size);
    }
    free(devs);
    return EXIT_OK;
}
