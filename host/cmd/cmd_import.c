/* cmd_import.c - `convbench import FILE... [--out OUT.ini]`: users' networks
 * from ONNX models, benchdnn problem files and MIOpen logs as an INI config. */
#include "cli.h"
#include "import.h"

#include <string.h>


#define MAX_FILES 64

static void import_usage(FILE *f)
{
    fprintf(f, "usage: convbench import FILE... [--out OUT.ini] [--batch N] [--count-duplicates]\n\n"
               "Reads the convolutions of your own network and writes them as a convbench INI\n"
               "config (one section per distinct convolution, with count = the times it occurs;\n"
               "what was skipped and why, and the other operators, in comments). The format is\n"
               "detected per file:\n"
               "  ONNX model (.onnx)     every Conv node, shapes from the model or ONNX shape\n"
               "                         inference (needs Python's onnx: apt install python3-onnx)\n"
               "  benchdnn problems      descriptors such as mb2ic64ih56oc64oh56kh3ph1n\"res2a*3\"\n"
               "                         with benchdnn's defaults (mb 2, zero-based dilation) and\n"
               "                         its --mb, --dir, --dt, --batch lines\n"
               "  MIOpenDriver commands  'MIOpenDriver conv -n 8 -c 64 ...' lines, log prefixes\n"
               "                         and all, with MIOpenDriver's defaults (n 100, c 3, ...)\n"
               "--batch N (or a list, 1,8) sets every section's batch, replacing the sources'\n"
               "own; an ONNX model whose batch is symbolic needs it.\n"
               "`convbench --sweep FILE` takes these files directly as well.\n\n"
               "examples:\n"
               "  convbench import resnet18.onnx --out resnet18.ini\n"
               "  convbench import shapes_ssd_resnet34_inference --out ssd_resnet34.ini\n"
               "  convbench import app.log --count-duplicates\n\n"
               "exit codes: 0 written, 2 bad input (a malformed line or field, a negative size,\n"
               "a file that is not ONNX, a model without Conv nodes or with unknown shapes);\n"
               "nothing is written then\n");
    opts_print_help(f, OPT_IMPORT);
}

static int write_ini(FILE *f, void *ctx, char *err, size_t errlen)
{
    return imp_write_ini(f, ctx, err, errlen);
}

int cmd_import(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "import", OPT_IMPORT, argc, argv, 1, MAX_FILES,
                      "one or more model, benchdnn or MIOpen files", import_usage);
    if (rc >= 0)
        return rc;
    imp_set s;
    imp_init(&s);
    s.batch = cmd_batch_given(&a);
    if (cmd_batch_text(&a))
        snprintf(s.batch_list, sizeof s.batch_list, "%s", cmd_batch_text(&a));
    s.count_duplicates = a.s.count_duplicates;
    char err[2048];
    rc = 0;
    for (int i = 0; i < a.npos && rc == 0; i++)
        rc = imp_read(&s, a.pos[i], err, sizeof err);
    if (rc == 0)
        rc = cmd_write_out(a.s.out, write_ini, &s, err, sizeof err);
    if (rc == 0 && a.s.out[0])
        fprintf(stderr, "convbench import: %d distinct convolution%s (%lld counting repeats), "
                        "%d skipped, written to %s\n",
                s.n, s.n == 1 ? "" : "s", (long long)s.read, s.skipped.n, a.s.out);
    if (rc)
        fprintf(stderr, "convbench import: %s\n", err);
    imp_free(&s);
    cmd_close(&a);
    return rc ? EXIT_USAGE : EXIT_OK;
}
