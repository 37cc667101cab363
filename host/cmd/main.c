/* main.c - convbench's entry point: picks the subcommand. */
#include "cli.h"
#include "supervise.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "convbench %s - 2-D convolution benchmark for OpenCL devices\n\n"
            "usage: convbench <command> [options]\n\n"
            "       convbench --sweep FILE.ini|MODEL.onnx|BENCHDNN_FILE|MIOPEN_LOG [options]\n\n"
            "commands:\n"
            "  --sweep FILE, sweep FILE\n"
            "             run every layer of an INI config: the main job (convbench sweep --help);\n"
            "             --device all runs it on every device, each in its own process\n"
            "  run        run convolutions given on the command line (convbench run --help)\n"
            "  tune       search kernel parameters per layer; later runs use the winners\n"
            "  compare BASE.csv|BASE.db NEW.csv\n"
            "             per-row time ratios with significance; exit 1 on a regression\n"
            "  report FILE.csv...\n"
            "             merge reports of several devices into Markdown or HTML\n"
            "  history --db FILE\n"
            "             each case's times over the runs in a results database (--db),\n"
            "             with the runs where its level changed\n"
            "  import FILE...\n"
            "             your own network: the convolutions of an ONNX model, a benchdnn\n"
            "             problem file or an MIOpen log as an INI config (--sweep takes\n"
            "             these files directly too)\n"
            "  export-config --to benchdnn|miopen FILE\n"
            "             a config's problems as benchdnn descriptors or MIOpenDriver commands\n"
            "  export FILE...\n"
            "             results as Bencher Metric Format JSON, for Bencher and similar\n"
            "  peak       measure the device's FMA throughput and memory bandwidth\n"
            "  devices    every OpenCL device: id, features, self-check and timer check\n"
            "  version    print the version\n\n"
            "exit codes: 0 all passed, 1 a verification failed (compare: a regression),\n"
            "            2 usage or input error,\n"
            "            3 device error (no device, a failed self-check, an OpenCL call\n"
            "              that failed; --device all: a crashed or hung case, no usable device),\n"
            "            130 interrupted (results so far are in the CSV)\n",
            CONVBENCH_VERSION);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    sup_save_argv(argc, argv); /* before any subcommand rewrites argv */
    const char *cmd = argv[1];
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc - 2, argv + 2);
    /* --sweep FILE / --sweep=FILE: the file becomes sweep's positional argument. */
    if (strncmp(cmd, "--sweep=", 8) == 0) {
        if (!cmd[8]) {
            fprintf(stderr, "convbench: --sweep needs a config file: --sweep FILE.ini\n");
            return EXIT_USAGE;
        }
        argv[1] = argv[1] + 8;
        return cmd_sweep(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "--sweep") == 0)
        return cmd_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc - 2, argv + 2);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc - 2, argv + 2);
    if (strcmp(cmd, "history") == 0)
        return cmd_history(argc - 2, argv + 2);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc - 2, argv + 2);
    if (strcmp(cmd, "export-config") == 0)
        return cmd_export_config(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc - 2, argv + 2);
    if (strcmp(cmd, "tune") == 0)
        return cmd_tune(argc - 2, argv + 2);
    if (strcmp(cmd, "peak") == 0)
        return cmd_peak(argc - 2, argv + 2);
    if (strcmp(cmd, "devices") == 0)
        return cmd_devices(argc - 2, argv + 2);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("convbench %s\n", CONVBENCH_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    fprintf(stderr, "convbench: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
