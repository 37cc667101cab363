/* cmd_run.c - `convbench run`: problems from the command line (one, or a grid
 * when options hold lists), through every chosen algorithm. */
#include "cli.h"
#include "config.h"
#include "session.h"

#include <stdio.h>

static void run_usage(FILE *f)
{
    fprintf(f, "usage: convbench run [options]\n\n"
               "Runs forward convolutions (NCHW input, KCRS weights, float32) with each\n"
               "chosen algorithm: verifies each against the CPU reference, times it with\n"
               "OpenCL profiling events, prints a table row and appends a CSV row.\n"
               "Default problem: ResNet-50's 3x3 64->64 layer at 56x56, batch 1.\n");
    opts_print_help(f, OPT_RUN);
    fprintf(f, "\nexamples:\n"
               "  convbench run -n 8 -c 256 -H 14 -W 14 -k 256 -y 3 -x 3 -p 1 -q 1\n"
               "  convbench run --size 56 --kernel 1 --pad 0 -c 64,256 -k 64,256 --batch 1,8\n");
}

int cmd_run(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "run", OPT_RUN, argc, argv, 0, 0, "no argument but options", run_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    char err[1024];
    cfg_cases cases = {0};
    rc = cfg_expand(&a.spec, NULL, NULL, 0, s.max_cases, &cases, err, sizeof err);
    cmd_close(&a);
    if (rc) {
        fprintf(stderr, "convbench run: %s\n", err);
        cfg_cases_free(&cases);
        return EXIT_USAGE;
    }
    rc = s.dry_run ? session_dry_run(stdout, cases.v, cases.n)
                   : session_run(cases.v, cases.n, &s, cases.n > 1 ? "these cases" : NULL);
    cfg_cases_free(&cases);
    return rc;
}
