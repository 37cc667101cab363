/* cmd_export_config.c - `convbench export-config --to benchdnn|miopen FILE`:
 * a config's problems for other tools to run. */
#include "cli.h"
#include "import.h"

static void export_config_usage(FILE *f)
{
    fprintf(f, "usage: convbench export-config --to benchdnn|miopen FILE [--out OUT]\n\n"
               "Writes the cases of a config (an INI, or any file `import` reads) as benchdnn\n"
               "conv problem descriptors (run them with benchdnn --conv --batch=OUT) or as\n"
               "MIOpenDriver commands, one per occurrence of a layer. `convbench import` reads\n"
               "either back into the same problems (MIOpen: with --count-duplicates).\n\n"
               "examples:\n"
               "  convbench export-config --to benchdnn configs/resnet.ini --out resnet50.bdnn\n"
               "  convbench export-config --to miopen configs/resnet.ini | sh   # on a ROCm machine\n\n"
               "exit codes: 0 written, 2 bad input (unreadable or invalid config)\n");
    opts_print_help(f, OPT_EXPORT_CONFIG);
}

typedef struct export_job {
    const char *source;
    const cfg_cases *cases;
    imp_format to;
} export_job;

static int write_export(FILE *f, void *ctx, char *err, size_t errlen)
{
    const export_job *j = ctx;
    return imp_export(f, j->source, j->cases->v, j->cases->n, j->to, err, errlen) < 0 ? -1 : 0;
}

int cmd_export_config(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "export-config", OPT_EXPORT_CONFIG, argc, argv, 1, 1,
                      "one config file", export_config_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    char err[2048];
    cfg_file cfg = {0};
    cfg_cases cases = {0};
    rc = cmd_load_cases(&a, &s, a.pos[0], &cfg, &cases, err, sizeof err);
    export_job job = {a.pos[0], &cases, s.export_to == OPT_TO_MIOPEN ? IMP_MIOPEN : IMP_BENCHDNN};
    if (rc == 0)
        rc = cmd_write_out(s.out, write_export, &job, err, sizeof err);
    if (rc)
        fprintf(stderr, "convbench export-config: %s\n", err);
    cfg_free(&cfg);
    cfg_cases_free(&cases);
    cmd_close(&a);
    return rc ? EXIT_USAGE : EXIT_OK;
}
