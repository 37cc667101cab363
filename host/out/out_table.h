/* out_table.h - the human-readable, aligned table on stdout, one line per case
 * as it finishes. */
#ifndef CONVBENCH_OUT_TABLE_H
#define CONVBENCH_OUT_TABLE_H

#include <stdio.h>

#include "options.h"
#include "result.h"

/* Prints the column headings. */
void table_header(FILE *f);

/* Prints one result line (and its note, indented, on the next line). */
void table_row(FILE *f, const result *r);

/* The dry-run listing: headings, and one line per case (layer, shape, count,
 * algorithms, GFLOP, tensor memory). */
void table_case_header(FILE *f);
void table_case_row(FILE *f, const opts *o, const prob_metrics *m);

/* Formats x with an SI suffix (K, M, G, T, P), 3 significant digits: "36.9K". */
void table_si(char *buf, size_t len, double x);

/* s cut to width characters for a table column, ending in '~' when cut (the
 * CSV holds it whole), in buf (capacity len > width). Returns buf. */
const char *table_fit(char *buf, size_t len, const char *s, int width);

#endif
