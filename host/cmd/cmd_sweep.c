/* cmd_sweep.c - `convbench --sweep FILE.ini`: every layer of a config, with the
 * command line's options laid over each, expanded into cases and run. */
#include "cli.h"
#include "config.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>

static void sweep_usage(FILE *f)
{
    fprintf(f, "usage: convbench --sweep FILE.ini [options]\n"
               "       convbench sweep FILE.ini [options]\n\n"
               "Runs every layer of an INI config (configs/resnet.ini, ...) with every chosen\n"
               "algorithm, verified and timed, into one CSV, and prints whole-network totals\n"
               "per batch size. [global] keys apply to every layer; each other section is a\n"
               "layer. Options given here override the file's keys for every layer.\n"
               "FILE may also be an ONNX model, a benchdnn problem file or an MIOpen log:\n"
               "it is imported on the fly, as `convbench import FILE` would write it (an\n"
               "ONNX model with a symbolic batch needs --batch).\n");
    opts_print_help(f, OPT_SWEEP);
    fprintf(f, "\nexamples:\n"
               "  convbench --sweep configs/resnet.ini\n"
               "  convbench --sweep configs/resnet.ini --batch 1,8 --layer '3x3' --dry-run\n"
               "  convbench --sweep resnet18.onnx --batch 8\n");
}

int cmd_sweep(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "sweep", OPT_SWEEP, argc, argv, 1, 1, "one config file (FILE.ini)",
                      sweep_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    char err[1024];
    cfg_file cfg = {0};
    cfg_cases cases = {0};
    rc = cmd_load_cases(&a, &s, a.pos[0], &cfg, &cases, err, sizeof err);
    cmd_close(&a);
    if (rc) {
        fprintf(stderr, "convbench sweep: %s\n", err);
        cfg_free(&cfg);
        cfg_cases_free(&cases);
        return EXIT_USAGE;
    }
    rc = s.dry_run ? session_dry_run(stdout, cases.v, cases.n)
                   : session_run(cases.v, cases.n, &s, cfg.path);
    cfg_free(&cfg);
    cfg_cases_free(&cases);
    return rc;
}
