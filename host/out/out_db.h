/* out_db.h - the results database (--db FILE, SQLite): every row the CSV gets,
 * appended with the run it came from, so a device's history can be read back
 * (convbench history, compare against the last runs). The CSV stays the
 * primary output; the database has the CSV's columns (out_csv.c's table),
 * plus a table of runs: one per process and device, with the git revision
 * convbench was built from, host, device, driver and start time.
 *
 * The file's schema version is SQLite's user_version (DB_SCHEMA_VERSION). A
 * file that is not SQLite, one locked by another writer for longer than a few
 * seconds, or one from a newer schema is refused with a message naming it,
 * and left unchanged. */
#ifndef CONVBENCH_OUT_DB_H
#define CONVBENCH_OUT_DB_H

#include <stddef.h>
#include <stdint.h>

#include "csvread.h"
#include "result.h"

#define DB_SCHEMA_VERSION 1

typedef struct db_writer {
    void *db;           /* sqlite3 *, NULL when not open */
    void *insert;       /* sqlite3_stmt *: the row INSERT, prepared once by db_open */
    char path[4096];
    char run_device[512]; /* the device of the current run row */
    int64_t run;        /* its id; 0 before the first row */
    char error[700];    /* why the last db_write failed */
} db_writer;

/* Opens (creating when new) the database at path for appending, checking it
 * as above. Returns 0, or -1 with "PATH: why" in err (w is then closed). */
int db_open(db_writer *w, const char *path, char *err, size_t errlen);

/* Appends r, committed to disk before it returns; the first row of each
 * device starts a run. Returns 0, or -1 with w->error. */
int db_write(db_writer *w, const result *r);

/* Closes; safe on a writer that failed to open. */
void db_close(db_writer *w);

/* Whether path is an SQLite file (by its header), so commands that take a CSV
 * can take a database too. */
int db_is_sqlite(const char *path);

/* Reads the rows of the last `last_runs` runs (0: all) whose device is
 * `device` (NULL or "": any), oldest first, into t with the CSV's column names
 * plus "run", as if read from a CSV (csvr_* work on it; free with csvr_free).
 * Never writes to the file. Returns 0, or -1 with "PATH: why" in err. */
int db_read(const char *path, const char *device, int last_runs, csv_table *t, char *err,
            size_t errlen);

#endif
