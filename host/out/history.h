/* history.h - a results database's rows as series, one per device, case and
 * algorithm, oldest run first, with the points where a series' level
 * changed (changepoint.h) marked: what `convbench history` prints. */
#ifndef CONVBENCH_HISTORY_H
#define CONVBENCH_HISTORY_H

#include <stdio.h>

#include "csvread.h"

typedef struct hist_filter {
    const char *layer_re; /* POSIX extended regex on the layer name, or "" */
    const char *algos;    /* comma-separated names, or "all" */
    int use_min;          /* the series is each run's min_ms, else median_ms */
} hist_filter;

/* Prints every series of t (db_read's table: a "run" column and the CSV's)
 * that passes f, verified rows only; a case measured more than once in one
 * run counts its fastest. Returns the number of series printed, or -1 with
 * err (a bad regex, a missing column, out of memory). */
int hist_print(FILE *out, const csv_table *t, const hist_filter *f, char *err, size_t errlen);

#endif
