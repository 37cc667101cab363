/* csvread.h - reads a whole CSV file (RFC 4180: quoted fields may hold commas,
 * quotes and newlines) into memory, for the tools that work on convbench's
 * reports (compare, report). */
#ifndef CONVBENCH_CSVREAD_H
#define CONVBENCH_CSVREAD_H

#include <stddef.h>
#include "notes.h"
#include "problem.h"

typedef struct csv_table {
    char path[4096];
    int ncols, nrows;
    char **head;          /* ncols column names */
    char ***rows;         /* nrows rows of ncols fields ("" for a missing field) */
    int *line;            /* the file line each row starts on */
    notes skipped;        /* "path:line: why; row skipped" of each malformed row left out */
} csv_table;

/* Reads path into t. A UTF-8 byte order mark is ignored. A malformed row (a
 * field count other than the header's, as a row cut short by a full disk and
 * the row glued to it leave; an unterminated quote) is left out and named in
 * t->skipped (notes_print shows them), and the rest of the file is read. Returns 0; -1 with
 * "path: problem" in err when the file cannot be read or has no header. Free
 * with csvr_free, also after an error. */
int csvr_read(const char *path, csv_table *t, char *err, size_t errlen);

/* The index of column name, or -1. */
int csvr_col(const csv_table *t, const char *name);

/* The indices of columns names[0..n) into col. Returns 0, or -1 with
 * "path: no column 'NAME'; is it a convbench CSV?" in err. */
int csvr_cols(const csv_table *t, const char *const *names, int n, int *col, char *err,
              size_t errlen);

/* Row r's field in column c ("" when c is -1). */
const char *csvr_get(const csv_table *t, int r, int c);

/* The columns of a problem (prob_fields) into col: the shape's must be there;
 * the descriptor's are -1 in a file older than schema 6. Returns 0, or -1
 * with err as csvr_cols. */
int csvr_prob_cols(const csv_table *t, int *col, char *err, size_t errlen);

/* Row r's problem from the columns csvr_prob_cols found (a missing
 * descriptor column reads as its default). Returns 0, or -1 with
 * prob_from_fields' message in err. */
int csvr_prob(const csv_table *t, int r, const int *col, prob_shape *sh, char *err,
              size_t errlen);

void csvr_free(csv_table *t);

#endif
