/* out_csv.h - the CSV report: a header row, then one row per case, each row
 * flushed and synced to disk when written so a crash loses no finished case.
 * The columns are one table in out_csv.c; CSV_SCHEMA_VERSION changes with them. */
#ifndef CONVBENCH_OUT_CSV_H
#define CONVBENCH_OUT_CSV_H

#include <stdio.h>

#include "result.h"

#define CSV_SCHEMA_VERSION 5

typedef struct csv_writer {
    FILE *f;
    char path[4096];
} csv_writer;

/* Opens path for appending, creating it (and writing the header) when it is new
 * or empty. An existing file whose header differs is refused, so rows never land
 * under the wrong columns. Returns 0, or -1 with the reason in err. */
int csv_open(csv_writer *w, const char *path, char *err, size_t errlen);

/* Writes one row and syncs it to disk. Returns 0, or -1 when the write failed. */
int csv_write(csv_writer *w, const result *r);

/* Closes the file; safe on a writer that failed to open. */
void csv_close(csv_writer *w);

/* Writes the header line (no newline handling beyond the line's own) to f. */
void csv_write_header(FILE *f);

/* Writes field to f quoted as RFC 4180 requires (when it holds , " or a newline). */
void csv_write_field(FILE *f, const char *field);

#endif
