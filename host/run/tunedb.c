/* tunedb.c - reading and writing the tuning database. */
#include "tunedb.h"
#include "fsutil.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "key = value" header lines: sets *dst (capacity cap) when line has key. */
static int header_value(const char *line, const char *key, char *dst, size_t cap)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) != 0 || strncmp(line + k, " = ", 3) != 0)
        return 0;
    snprintf(dst, cap, "%s", line + k + 3);
    return 1;
}

int tdb_load(tunedb *db, const char *path, const clrt_device *d, char *err, size_t errlen)
{
    memset(db, 0, sizeof *db);
    snprintf(db->device, sizeof db->device, "%s", d->name);
    snprintf(db->driver, sizeof db->driver, "%s", d->driver);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024], dev[256] = "", drv[128] = "";
    int lineno = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        /* A comment may be indented: "  # x" is one, never an entry named "#"
         * that tdb_save would write back as a comment (found by fuzz_tunedb). */
        size_t lead = strspn(line, " \t\f\v");
        if (!line[lead] || line[lead] == '#')
            continue;
        if (header_value(line, "device", dev, sizeof dev) ||
            header_value(line, "driver", drv, sizeof drv))
            continue;
        tdb_entry e;
        char extra;
        if (sscanf(line, "%31s %127s %159s %lf %lf %c", e.algo, e.shape, e.params, &e.ms,
                   &e.default_ms, &extra) != 5 ||
            !(e.ms > 0) || !(e.default_ms > 0)) {
            snprintf(err, errlen,
                     "%s:%d: expected 'ALGORITHM SHAPE PARAMS MEDIAN_MS DEFAULT_MS', got '%s'",
                     path, lineno, line);
            rc = -1;
        } else if (tdb_put(db, &e)) {
            snprintf(err, errlen, "%s: out of memory", path);
            rc = -1;
        }
    }
    fclose(f);
    if (!rc && (strcmp(dev, d->name) != 0 || strcmp(drv, d->driver) != 0)) {
        snprintf(err, errlen,
                 "%s was tuned on device '%s' (driver '%s'), not on this one, '%s' (driver "
                 "'%s'); tune this device with `convbench tune`",
                 path, dev, drv, d->name, d->driver);
        rc = -1;
    }
    return rc;
}

const tdb_entry *tdb_find(const tunedb *db, const char *algo, const char *shape)
{
    for (int i = 0; i < db->n; i++)
        if (strcmp(db->v[i].algo, algo) == 0 && strcmp(db->v[i].shape, shape) == 0)
            return &db->v[i];
    return NULL;
}

int tdb_put(tunedb *db, const tdb_entry *e)
{
    tdb_entry *old = (tdb_entry *)tdb_find(db, e->algo, e->shape);
    if (old) {
        *old = *e;
        return 0;
    }
    if (db->n == db->cap) {
        int cap = db->cap ? 2 * db->cap : 32;
        tdb_entry *v = realloc(db->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        db->v = v;
        db->cap = cap;
    }
    db->v[db->n++] = *e;
    return 0;
}

static int by_algo_shape(const void *a, const void *b)
{
    const tdb_entry *x = a, *y = b;
    int c = strcmp(x->algo, y->algo);
    return c ? c : strcmp(x->shape, y->shape);
}

int tdb_save(const tunedb *db, const char *path)
{
    tdb_entry *v = malloc((size_t)(db->n ? db->n : 1) * sizeof *v);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!v || !f) {
        free(v);
        if (f)
            fclose(f);
        free(text);
        return -1;
    }
    if (db->n) /* an empty database has no array to copy */
        memcpy(v, db->v, (size_t)db->n * sizeof *v);
    qsort(v, (size_t)db->n, sizeof *v, by_algo_shape);
    fprintf(f, "# convbench tuning database, written by `convbench tune`.\n"
               "# Runs on this device use these parameters unless --no-tune-db or --params.\n"
               "device = %s\ndriver = %s\n"
               "# algorithm shape parameters median_ms default_ms\n",
            db->device, db->driver);
    for (int i = 0; i < db->n; i++)
        fprintf(f, "%s %s %s %.6g %.6g\n", v[i].algo, v[i].shape, v[i].params, v[i].ms,
                v[i].default_ms);
    fclose(f);
    free(v);
    int rc = fs_write_atomic(path, text, len);
    free(text);
    return rc;
}

int tdb_store(tunedb *db, const char *path, const clrt_device *d, const tdb_entry *e, char *err,
              size_t errlen)
{
    int lock = fs_lock(path);
    if (lock < 0) {
        snprintf(err, errlen, "%s: cannot lock %s.lock: %s", path, path, strerror(errno));
        return -1;
    }
    tunedb now;
    int rc = tdb_load(&now, path, d, err, errlen);
    if (rc == 0 && tdb_put(&now, e)) {
        snprintf(err, errlen, "%s: out of memory", path);
        rc = -1;
    }
    if (rc == 0 && tdb_save(&now, path)) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    fs_unlock(lock);
    if (rc) {
        tdb_free(&now);
        return -1;
    }
    tdb_free(db);
    *db = now;
    return 0;
}

void tdb_free(tunedb *db)
{
    free(db->v);
    db->v = NULL;
    db->n = db->cap = 0;
}
