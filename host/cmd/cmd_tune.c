/* cmd_tune.c - `convbench tune`: searches each algorithm's kernel parameters
 * per layer shape on the chosen device and stores the winners in the device's
 * tuning database, which later runs use. */
#include "algo.h"
#include "cli.h"
#include "config.h"
#include "session.h"

#include <stdio.h>

static void tune_usage(FILE *f)
{
    fprintf(f, "usage: convbench tune --sweep FILE.ini [options]\n"
               "       convbench tune [problem options]\n\n"
               "For each distinct layer shape and each chosen algorithm with tunable kernel\n"
               "parameters, tries the defaults, then (for a large space such as the tiled\n"
               "GEMM's) 16 random points the device can run, then each parameter's values\n"
               "in turn from the best so far (coordinate descent). Combinations the device\n"
               "cannot run (local memory, work-group size, divisibility) are never compiled.\n"
               "Every candidate is verified against the CPU reference and timed (at least 3\n"
               "runs and 50 ms). The fastest verified candidate is stored at once in the\n"
               "device's tuning database; `run` and `sweep` then use it (the CSV's\n"
               "params_from says tuning-db). A candidate that fails verification can never\n"
               "be stored. --budget bounds the whole search; each layer gets an equal share\n"
               "of what is left.\n");
    opts_print_help(f, OPT_TUNE);
    fprintf(f, "\nexamples:\n"
               "  convbench tune --sweep configs/resnet.ini --batch 8 --budget 900\n"
               "  convbench tune -n 8 -c 256 -H 14 -W 14 -k 256 --algo direct\n"
               "  convbench tune --list\n");
}

/* Every algorithm's tunables with their candidate values. */
static void list_tunables(FILE *f)
{
    for (int i = 0; i < algo_count(); i++) {
        const algo_desc *a = algo_at(i);
        fprintf(f, "%s%s\n", a->name, a->ntunables ? ":" : ": no tunable parameters");
        for (int t = 0; t < a->ntunables; t++) {
            const algo_tunable *tn = &a->tunables[t];
            fprintf(f, "  %-4s", tn->name);
            for (int v = 0; v < tn->nvalues; v++)
                fprintf(f, "%s%d", v ? "|" : " ", tn->values[v]);
            fprintf(f, "  %s\n", tn->help);
        }
    }
}

int cmd_tune(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "tune", OPT_TUNE, argc, argv, 0, 0, "no argument but options",
                      tune_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    if (s.list) {
        cmd_close(&a);
        list_tunables(stdout);
        return EXIT_OK;
    }
    char err[1024];
    cfg_file cfg = {0};
    cfg_cases cases = {0};
    rc = s.sweep[0] ? cmd_load_cases(&a, &s, s.sweep, &cfg, &cases, err, sizeof err)
                    : cfg_expand(&a.spec, NULL, NULL, 0, s.max_cases, &cases, err, sizeof err);
    cmd_close(&a);
    if (rc) {
        fprintf(stderr, "convbench tune: %s\n", err);
        cfg_free(&cfg);
        cfg_cases_free(&cases);
        return EXIT_USAGE;
    }
    rc = s.dry_run ? session_dry_run(stdout, cases.v, cases.n)
                   : session_tune(cases.v, cases.n, &s);
    cfg_free(&cfg);
    cfg_cases_free(&cases);
    return rc;
}
