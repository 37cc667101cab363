/* tunedb.h - the tuning database: the tuner's winners per device, one plain
 * text file per device and driver, read by every later run.
 *
 * The file says which device and driver it belongs to; each entry is one line
 *   ALGORITHM SHAPE PARAMS MEDIAN_MS DEFAULT_MS
 * for example
 *   direct n8-c64-56x56-k64-3x3-u1x1-p1x1-d1x1-g1-b0 KT=16,QV=8,WG=auto 11.9 13.2
 * so a reader can see what was chosen and what it gained.
 */
#ifndef CONVBENCH_TUNEDB_H
#define CONVBENCH_TUNEDB_H

#include <stddef.h>

#include "clrt.h"
#include "problem.h"

typedef struct tdb_entry {
    char algo[32];
    char shape[PROB_KEY_MAX]; /* prob_key */
    char params[160];      /* "NAME=VALUE,...", as algo_parse_params reads it */
    double ms, default_ms; /* medians of the winner and of the defaults when tuned */
} tdb_entry;

typedef struct tunedb {
    char device[256], driver[128];
    tdb_entry *v;
    int n, cap;
} tunedb;

/* Reads path into db (initialised here) for device d; a missing file gives an
 * empty database. Returns 0; -1 with "file:line: problem" in err when a line is
 * malformed or the file belongs to another device or driver. Free with
 * tdb_free, also after an error. */
int tdb_load(tunedb *db, const char *path, const clrt_device *d, char *err, size_t errlen);

/* The entry for (algo, shape), or NULL. Valid until the next tdb_put. */
const tdb_entry *tdb_find(const tunedb *db, const char *algo, const char *shape);

/* Adds e, replacing an entry with the same algorithm and shape. Returns 0, or
 * -1 when out of memory. */
int tdb_put(tunedb *db, const tdb_entry *e);

/* Writes db to path atomically, entries sorted. Returns 0 or -1 (errno). */
int tdb_save(const tunedb *db, const char *path);

/* Adds e to the database at path as it is on disk now (other processes may
 * have stored entries since db was loaded), under a lock (fs_lock), written
 * atomically; db becomes the merged database (entries of device d). Returns 0,
 * or -1 with "path: why" in err. */
int tdb_store(tunedb *db, const char *path, const clrt_device *d, const tdb_entry *e, char *err,
              size_t errlen);

void tdb_free(tunedb *db);

#endif
