/* cmd_export.c - `convbench export FILE...`: results in Bencher's metric
 * format, for the dashboards teams already run. */
#include "cli.h"
#include "bmf.h"
#include "out_db.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_FILES 64

static void export_usage(FILE *f)
{
    fprintf(f, "usage: convbench export FILE... > results.json\n\n"
               "Writes the verified rows of convbench CSVs (or results databases, all their\n"
               "runs) as Bencher Metric Format JSON: one benchmark per case, algorithm and\n"
               "device (\"LAYER KEY ALGORITHM @ DEVICE\"), with the measures latency (ns:\n"
               "median run, fastest run as lower_value, mean + one standard deviation as\n"
               "upper_value) and throughput (GFLOP/s from the same times). A case in\n"
               "several rows keeps its fastest median. Push it with\n"
               "  bencher run --adapter json --file results.json ...\n\n"
               "exit codes: 0 written, 2 bad input (unreadable file, missing column, no\n"
               "verified row)\n");
    opts_print_help(f, OPT_EXPORT);
}

int cmd_export(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "export", OPT_EXPORT, argc, argv, 1, MAX_FILES,
                      "one or more CSV files or results databases", export_usage);
    if (rc >= 0)
        return rc;
    char err[1024];
    csv_table *t = calloc((size_t)a.npos, sizeof *t);
    int nread = 0;
    rc = t ? 0 : -1;
    while (rc == 0 && nread < a.npos) {
        const char *p = a.pos[nread];
        rc = db_is_sqlite(p) ? db_read(p, NULL, 0, &t[nread], err, sizeof err)
                             : csvr_read(p, &t[nread], err, sizeof err);
        notes_print(stderr, "convbench export", &t[nread].skipped);
        nread++;
    }
    int n = rc == 0 ? bmf_write(stdout, t, nread, err, sizeof err) : -1;
    if (n == 0)
        snprintf(err, sizeof err, "no verified row to export");
    if (n <= 0)
        fprintf(stderr, "convbench export: %s\n", t ? err : "out of memory");
    for (int i = 0; i < nread; i++)
        csvr_free(&t[i]);
    free(t);
    cmd_close(&a);
    return n > 0 ? EXIT_OK : EXIT_USAGE;
}
