/* report.h - merging the reports of several devices into one comparison: the
 * engine of `convbench report`.
 *
 * Each device (a device name, with the host when one device name comes from
 * several machines) is a column. Per batch size, a table of layers: each
 * device's best verified GFLOP/s on the layer, the algorithm that reached it,
 * and its ratio to the baseline device; then the whole network's convolution
 * time per device and algorithm (sum of count x median) with images per
 * second. Rendered as Markdown or as one self-contained HTML page that can
 * embed SVG charts (scripts/plot.py).
 */
#ifndef CONVBENCH_REPORT_H
#define CONVBENCH_REPORT_H

#include <stdio.h>

#include "csvread.h"

typedef struct rep_data rep_data;

/* Loads the n tables (each a convbench CSV) and picks the baseline device:
 * the first whose name contains baseline (case-insensitive), or the first
 * file's when baseline is NULL or "". A row whose shape or times are not
 * numbers (zero, negative or not finite times) is left out with a message in
 * warn. Returns the data, or NULL with err (a missing column, or no device
 * matching baseline, naming the devices). */
rep_data *rep_load(const csv_table *t, int n, const char *baseline, notes *warn, char *err,
                   size_t errlen);

void rep_free(rep_data *d);

/* Writes the comparison as Markdown, or as an HTML page that embeds every
 * .svg file in plots_dir (NULL or "": none). Returns 0, or -1 when plots_dir
 * cannot be read (err). */
int rep_write(FILE *f, const rep_data *d, int html, const char *plots_dir, char *err,
              size_t errlen);

#endif
