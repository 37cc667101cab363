/* libFuzzer target: reading the tuning database (host/run/tunedb.c). Input: the
 * file's bytes, read for a device "fuzz" (driver "1"). A database that loads
 * must survive a round trip: saved and read back, the same entries; aborts
 * otherwise. */
#include "tunedb.h"

#include "fuzz_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char path[64], again[80];
    if (fuzz_write_file(path, sizeof path, "db", data, size))
        return 0;
    snprintf(again, sizeof again, "%s.again", path);
    clrt_device dev;
    memset(&dev, 0, sizeof dev);
    snprintf(dev.name, sizeof dev.name, "fuzz");
    snprintf(dev.driver, sizeof dev.driver, "1");
    tunedb db, back;
    char err[1024];
    if (tdb_load(&db, path, &dev, err, sizeof err) == 0 && tdb_save(&db, again) == 0) {
        if (tdb_load(&back, again, &dev, err, sizeof err) != 0 || back.n != db.n)
            abort();
        for (int i = 0; i < db.n; i++) {
            const tdb_entry *e = tdb_find(&back, db.v[i].algo, db.v[i].shape);
            if (!e || strcmp(e->params, db.v[i].params) != 0)
                abort();
        }
        tdb_free(&back);
    }
    tdb_free(&db);
    unlink(path);
    unlink(again);
    return 0;
}
