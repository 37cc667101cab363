/* cmd_report.c - `convbench report FILE.csv...`: the sweeps of several devices
 * or machines as one comparison, in Markdown or HTML. */
#include "cli.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_FILES 64

static void report_usage(FILE *f)
{
    fprintf(f, "usage: convbench report FILE.csv... [options] > report.md\n\n"
               "Merges the CSVs of sweeps on several devices or machines: per batch size, a\n"
               "table of layers with one column per device (its fastest verified algorithm's\n"
               "GFLOP/s, that algorithm, and the ratio to the baseline device), then the\n"
               "whole network's convolution time per device and algorithm. Markdown, or one\n"
               "self-contained HTML page with the charts of scripts/plot.py embedded.\n");
    opts_print_help(f, OPT_REPORT);
    fprintf(f, "\nexamples:\n"
               "  convbench report results/pocl-epyc-2core/resnet50-sweep.csv mine.csv\n"
               "  python3 scripts/plot.py a.csv b.csv --out plots\n"
               "  convbench report a.csv b.csv --format html --plots plots > report.html\n");
}

int cmd_report(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "report", OPT_REPORT, argc, argv, 1, MAX_FILES,
                      "one or more CSV files", report_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    char **pos = a.pos, err[1024];
    int npos = a.npos;
    int html = s.format == OPT_FMT_HTML; /* text (the default) is Markdown */
    if (s.format == OPT_FMT_CSV) {
        fprintf(stderr, "convbench report: --format csv: report writes markdown or html\n");
        cmd_close(&a);
        return EXIT_USAGE;
    }
    csv_table *t = calloc((size_t)npos, sizeof *t);
    int nread = 0;
    rc = t ? 0 : -1;
    while (rc == 0 && nread < npos) {
        rc = csvr_read(pos[nread], &t[nread], err, sizeof err);
        notes_print(stderr, "convbench report", &t[nread].skipped);
        nread++;
    }
    notes warn = {0};
    rep_data *d = rc == 0 ? rep_load(t, npos, s.baseline, &warn, err, sizeof err) : NULL;
    notes_print(stderr, "convbench report", &warn);
    notes_free(&warn);
    if (d)
        rc = rep_write(stdout, d, html, s.plots, err, sizeof err);
    if (!d || rc)
        fprintf(stderr, "convbench report: %s\n", t ? err : "out of memory");
    rep_free(d);
    for (int i = 0; i < nread; i++)
        csvr_free(&t[i]);
    free(t);
    return d && rc == 0 ? EXIT_OK : EXIT_USAGE;
}
