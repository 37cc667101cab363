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
               "layer. Options given here override the file's keys for every layer.\n");
    opts_print_help(f, OPT_SWEEP);
    fprintf(f, "\nexamples:\n"
               "  convbench --sweep configs/resnet.ini\n"
               "  convbench --sweep configs/resnet.ini --batch 1,8 --layer '3x3' --dry-run\n");
}

int cmd_sweep(int argc, char **argv)
{
    opt_spec cli;
    spec_init(&cli);
    char err[1024], *pos[2];
    int npos;
    int rc = opts_parse_args(&cli, OPT_SWEEP, argc, argv, pos, 2, &npos, err, sizeof err);
    if (rc == 1) {
        spec_free(&cli);
        sweep_usage(stdout);
        return EXIT_OK;
    }
    if (rc == 0 && npos != 1) {
        snprintf(err, sizeof err, "expected one config file (FILE.ini), got %d arguments", npos);
        rc = -1;
    }
    opts s;
    cfg_session(&cli, &s);
    cfg_file cfg = {0};
    cfg_cases cases = {0};
    if (rc == 0)
        rc = cfg_load(pos[0], &cfg, err, sizeof err);
    notes_print(stderr, "convbench", &cfg.warnings);
    if (rc == 0)
        rc = cfg_sweep_cases(&cfg, &cli, &s, &cases, err, sizeof err);
    spec_free(&cli);
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
