/* cmd_devices.c - `convbench devices`: every platform and device, what each
 * supports, and the outcome of its self-check and timer check. */
#include "cli.h"
#include "clrt.h"
#include "devcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void devices_usage(FILE *f)
{
    fprintf(f, "usage: convbench devices [--no-check]\n\n"
               "Lists every OpenCL device the ICD loader finds: its id (PLATFORM/DEVICE, what\n"
               "--device and every CSV row use), driver, compute units, memory, fp16, fp64\n"
               "and subgroup support, and runs its self-check: a kernel with a known answer,\n"
               "the cost of an empty launch, and its profiling events against the host clock.\n"
               "--no-check lists without running anything on the devices.\n");
}

int cmd_devices(int argc, char **argv)
{
    int check = 1;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--no-check") == 0)
            check = 0;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            devices_usage(stdout);
            return EXIT_OK;
        } else {
            fprintf(stderr, "convbench devices: unknown argument '%s'\n", argv[i]);
            devices_usage(stderr);
            return EXIT_USAGE;
        }
    }
    clrt_device *devs;
    int n;
    if (clrt_list_devices(&devs, &n))
        return EXIT_DEVICE;
    int def = clrt_default_device(devs, n);
    for (int i = 0; i < n; i++) {
        const clrt_device *d = &devs[i];
        char env[512];
        clrt_device_env(d, env, sizeof env);
        size_t k = strlen(env);
        if (k && env[k - 1] == ' ')
            env[k - 1] = '\0'; /* each variable ends in a space, for a command line */
        printf("%s%s\n", d->id, i == def ? "   (default)" : "");
        printf("  P:D %d:%d (this run's order)%s%s\n", d->platform_index, d->device_index,
               env[0] ? "; needs " : "", env);
        printf("  platform %s (%s)\n", d->platform_name, d->platform_version);
        printf("  vendor %s, type %s, driver %s, %s\n", d->vendor, d->type, d->driver,
               d->c_version);
        printf("  %u compute units at %u MHz, max work-group %zu\n", d->compute_units,
               d->clock_mhz, d->max_wg_size);
        printf("  global memory %.1f MiB, local memory %.1f KiB, max allocation %.1f MiB\n",
               d->global_mem / 1048576.0, d->local_mem / 1024.0, d->max_alloc / 1048576.0);
        printf("  fp16 %s, fp64 %s, subgroups %s\n", d->fp16 ? "yes" : "no",
               d->fp64 ? "yes" : "no", clrt_subgroups_name(d->subgroups));
        if (check) {
            clrt_ctx ctx;
            devcheck c;
            char line[800];
            if (clrt_init(&ctx, d, NULL))
                snprintf(line, sizeof line, "FAILED: no context: %s", clrt_last_error());
            else {
                devcheck_run(&ctx, &c);
                devcheck_format(&c, line, sizeof line);
            }
            clrt_free(&ctx);
            printf("  self-check %s\n", line);
        }
        fflush(stdout);
    }
    free(devs);
    return EXIT_OK;
}
