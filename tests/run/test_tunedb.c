/* test_tunedb.c - host/run/tunedb.c: the database round-trips, an entry is
 * replaced not duplicated, and a malformed line or
 * another device's file is refused with the file and line. */
#include "check.h"
#include "problem.h"
#include "tunedb.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static clrt_device fake_device(const char *name, const char *driver)
{
    clrt_device d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "%s", name);
    snprintf(d.driver, sizeof d.driver, "%s", driver);
    return d;
}

static tdb_entry entry(const char *algo, const char *shape, const char *params, double ms)
{
    tdb_entry e;
    snprintf(e.algo, sizeof e.algo, "%s", algo);
    snprintf(e.shape, sizeof e.shape, "%s", shape);
    snprintf(e.params, sizeof e.params, "%s", params);
    e.ms = ms;
    e.default_ms = 2 * ms;
    return e;
}

static void test_roundtrip_and_replace(void)
{
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/a/db.txt", dir);
    clrt_device d = fake_device("GPU X 9000", "535.1");
    tunedb db;
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == 0); /* missing: empty */
    CHECK_EQ_INT(db.n, 0);
    tdb_entry a = entry("direct", "n8-c64", "KT=16,QV=8,WG=auto", 1.5);
    tdb_entry b = entry("winograd-4x3", "n8-c64", "KT=8,TV=16", 0.75);
    CHECK(tdb_put(&db, &a) == 0);
    CHECK(tdb_put(&db, &b) == 0);
    tdb_entry a2 = entry("direct", "n8-c64", "KT=4,QV=4,WG=16", 1.25);
    CHECK(tdb_put(&db, &a2) == 0);
    CHECK_EQ_INT(db.n, 2);
    CHECK(tdb_save(&db, path) == 0);
    tdb_free(&db);

    tunedb back;
    CHECK(tdb_load(&back, path, &d, err, sizeof err) == 0);
    CHECK_EQ_INT(back.n, 2);
    const tdb_entry *e = tdb_find(&back, "direct", "n8-c64");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->params, "KT=4,QV=4,WG=16");
        CHECK_NEAR(e->ms, 1.25, 1e-12);
        CHECK_NEAR(e->default_ms, 2.5, 1e-12);
    }
    CHECK(tdb_find(&back, "winograd-4x3", "n8-c64") != NULL);
    CHECK(tdb_find(&back, "direct", "n1-c64") == NULL);
    tdb_free(&back);
}

/* An fp16 problem and its fp32 twin are two entries that survive a reload
 * apart: a winner for one is never applied to the other. */
static void test_dtype_entries_apart(void)
{
    char path[128], err[512], k32[160], k16[160];
    snprintf(path, sizeof path, "%s/dtype/db.txt", dir);
    clrt_device d = fake_device("GPU X 9000", "535.1");
    prob_shape sh = {.n = 8, .c = 64, .h = 56, .w = 56, .k = 64, .r = 3, .s = 3, .stride_h = 1,
                     .stride_w = 1, .pad_h = 1, .pad_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
    prob_key(&sh, k32, sizeof k32);
    sh.dtype = PROB_FP16;
    prob_key(&sh, k16, sizeof k16);
    tunedb db;
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == 0);
    tdb_entry a = entry("direct", k32, "KT=16,QV=8,WG=auto", 1.5);
    tdb_entry b = entry("direct", k16, "KT=4,QV=16,WG=auto", 0.9);
    CHECK(tdb_store(&db, path, &d, &a, err, sizeof err) == 0);
    CHECK(tdb_store(&db, path, &d, &b, err, sizeof err) == 0);
    tdb_free(&db);
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == 0);
    CHECK_EQ_INT(db.n, 2);
    const tdb_entry *x = tdb_find(&db, "direct", k32), *y = tdb_find(&db, "direct", k16);
    CHECK(x && y && x != y);
    if (x && y) {
        CHECK_STR(x->params, "KT=16,QV=8,WG=auto");
        CHECK_STR(y->params, "KT=4,QV=16,WG=auto");
    }
    tdb_free(&db);
}

static void test_other_device_refused(void)
{
    char path[128], err[512] = "";
    snprintf(path, sizeof path, "%s/a/db.txt", dir); /* written by the test above */
    clrt_device other = fake_device("GPU X 9000", "540.0");
    tunedb db;
    CHECK(tdb_load(&db, path, &other, err, sizeof err) == -1);
    CHECK(strstr(err, "not on this one") != NULL);
    CHECK(strstr(err, "540.0") != NULL);
    tdb_free(&db);
}

static void test_malformed_line_named(void)
{
    char path[128], err[512] = "";
    snprintf(path, sizeof path, "%s/bad.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("device = D\ndriver = 1\n# comment\ndirect n1 KT=4 fast 2.0\n", f);
    fclose(f);
    clrt_device d = fake_device("D", "1");
    tunedb db;
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == -1);
    CHECK(strstr(err, "bad.txt:4: expected 'ALGORITHM SHAPE PARAMS MEDIAN_MS DEFAULT_MS'") !=
          NULL);
    tdb_free(&db);
}

/* Regression (found by fuzz_tunedb): saving a database without entries
 * passed NULL to memcpy (undefined behaviour). */
static void test_fuzz_ub_saving_empty_database(void)
{
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/empty/db.txt", dir);
    clrt_device d = fake_device("GPU X 9000", "535.1");
    tunedb db;
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == 0);
    CHECK(tdb_save(&db, path) == 0);
    tdb_free(&db);
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == 0);
    CHECK_EQ_INT(db.n, 0);
    tdb_free(&db);
}

/* Regression (found by fuzz_tunedb): an indented "# ..." line loaded as an
 * entry whose algorithm began with '#', which tdb_save then wrote back as a
 * comment, so a save and reload lost it. It is a comment. */
static void test_fuzz_indented_comment_read_as_entry(void)
{
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/indented.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("device = GPU X 9000\ndriver = 535.1\n  # direct n1-c8 KT=4 1.0 2.0\n"
          "direct n1-c8 KT=4,QV=8,WG=auto 1.0 2.0\n",
          f);
    fclose(f);
    clrt_device d = fake_device("GPU X 9000", "535.1");
    tunedb db;
    CHECK(tdb_load(&db, path, &d, err, sizeof err) == 0);
    CHECK_EQ_INT(db.n, 1);
    tdb_free(&db);
}

/* tdb_store merges with what another process stored since this one loaded. */
static void test_store_merges_concurrent_entries(void)
{
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/merge/db.txt", dir);
    clrt_device d = fake_device("GPU X 9000", "535.1");
    tunedb mine, theirs;
    CHECK(tdb_load(&mine, path, &d, err, sizeof err) == 0);
    CHECK(tdb_load(&theirs, path, &d, err, sizeof err) == 0);
    tdb_entry a = entry("direct", "n1-c8", "KT=4,QV=8,WG=auto", 1.0);
    tdb_entry b = entry("direct", "n1-c16", "KT=8,QV=8,WG=auto", 2.0);
    CHECK(tdb_store(&theirs, path, &d, &a, err, sizeof err) == 0);
    CHECK(tdb_store(&mine, path, &d, &b, err, sizeof err) == 0); /* mine never saw a */
    CHECK_EQ_INT(mine.n, 2);
    CHECK(tdb_find(&mine, "direct", "n1-c8") != NULL);
    tdb_free(&mine);
    tdb_free(&theirs);
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "tunedb"))
        return 1;
    RUN(test_roundtrip_and_replace);
    RUN(test_other_device_refused);
    RUN(test_dtype_entries_apart);
    RUN(test_malformed_line_named);
    RUN(test_fuzz_ub_saving_empty_database);
    RUN(test_store_merges_concurrent_entries);
    RUN(test_fuzz_indented_comment_read_as_entry);
    check_rmdir(dir);
    return check_summary();
}
