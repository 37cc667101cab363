/* out_csv.h - the CSV report: a header row, then one row per case, each row
 * flushed and synced to disk when written so a crash loses no finished case.
 * The columns are one table in out_csv.c; CSV_SCHEMA_VERSION changes with them. */
#ifndef CONVBENCH_OUT_CSV_H
#define CONVBENCH_OUT_CSV_H

#include <stdio.h>

#include "result.h"

#define CSV_SCHEMA_VERSION 7

typedef struct csv_writer {
    int fd;          /* -1 when not open */
    int regular;     /* a regular file: locked, checked and cut back on failure */
    char path[4096];
    char warning[512]; /* what csv_open repaired, for the caller to print; "" if nothing */
    char error[600];   /* why the last csv_write failed */
} csv_writer;

/* Opens path for appending. "-" is standard output, and so is a path that
 * is the file it writes to (/dev/stdout, or a file standard output is
 * redirected to): the caller's own text then goes to standard error
 * (csv_open moves it), so the CSV stays clean. A regular file is created with
 * the header when new or empty; an existing header that differs is refused,
 * so rows never land under the wrong columns; a file that does not end with a
 * newline (a row cut short) gets one first, so the next row is not glued to it
 * (w->warning says so). Other files (a FIFO, a terminal, /dev/stderr) are
 * written, header first, and never read. Concurrent writers to one regular
 * file take turns (flock), so a new file gets one header and rows never
 * interleave. Returns 0, or -1 with the reason in err. */
int csv_open(csv_writer *w, const char *path, char *err, size_t errlen);

/* Writes one row whole and syncs it to disk. Returns 0, or -1 with w->error
 * naming the file and the cause (a full disk); a regular file is cut back to
 * its last complete row. */
int csv_write(csv_writer *w, const result *r);

/* Closes the file; safe on a writer that failed to open. */
void csv_close(csv_writer *w);

/* Writes the header line (no newline handling beyond the line's own) to f. */
void csv_write_header(FILE *f);

/* The columns, for other writers of the same rows (the results database):
 * their count, the name of column i (static), and column i of r as unquoted
 * text into buf ("" when not measured), returning its kind: 'i' integer,
 * 'r' real, 't' text. */
size_t csv_ncols(void);
const char *csv_col_name(size_t i);
char csv_cell(const result *r, size_t i, char *buf, size_t len);

/* Writes field to f quoted as RFC 4180 requires (when it holds , " or a newline). */
void csv_write_field(FILE *f, const char *field);

#endif
