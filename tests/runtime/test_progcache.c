/* Tests host/runtime/progcache.c: round trip, mapped views, that corrupt
 * entries are never loaded, older versions are a quiet miss, and pruning
 * removes the least recently used. */
#include "check.h"
#include "progcache.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

static char dir[64];

static void entry(char *buf, size_t len, uint64_t key)
{
    snprintf(buf, len, "%s/sub/%016llx.bin", dir, (unsigned long long)key);
}

static void test_roundtrip(void)
{
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    const unsigned char data[] = "program binary \x00\x01\x02 bytes";
    unsigned char *got = NULL;
    size_t len = 0;
    CHECK(pcache_load(sub, 42, &got, &len) == 1); /* nothing yet */
    CHECK(pcache_store(sub, 42, data, sizeof data) == 0);
    CHECK(pcache_load(sub, 42, &got, &len) == 0);
    CHECK_EQ_INT(len, sizeof data);
    CHECK(got && memcmp(got, data, sizeof data) == 0);
    free(got);
    CHECK(pcache_load(sub, 43, &got, &len) == 1); /* another key */
}

/* Regression guard: a truncated or garbage cache file must be rebuilt, never loaded. */
static void test_corrupt_entries_rejected(void)
{
    char sub[128], path[256];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    unsigned char data[1000];
    for (int i = 0; i < 1000; i++)
        data[i] = (unsigned char)i;
    unsigned char *got = NULL;
    size_t len;

    /* truncated */
    CHECK(pcache_store(sub, 7, data, sizeof data) == 0);
    entry(path, sizeof path, 7);
    CHECK(truncate(path, 500) == 0);
    CHECK(pcache_load(sub, 7, &got, &len) == 1);
    CHECK(access(path, F_OK) != 0); /* removed so it is rebuilt */

    /* one payload byte flipped */
    CHECK(pcache_store(sub, 8, data, sizeof data) == 0);
    entry(path, sizeof path, 8);
    FILE *f = fopen(path, "r+b");
    fseek(f, 600, SEEK_SET);
    fputc(0xff, f);
    fclose(f);
    CHECK(pcache_load(sub, 8, &got, &len) == 1);

    /* garbage */
    entry(path, sizeof path, 9);
    f = fopen(path, "wb");
    fputs("not a cache file at all, but long enough to hold a header", f);
    fclose(f);
    CHECK(pcache_load(sub, 9, &got, &len) == 1);

    /* trailing bytes after a valid entry */
    CHECK(pcache_store(sub, 10, data, sizeof data) == 0);
    entry(path, sizeof path, 10);
    f = fopen(path, "ab");
    fputc('x', f);
    fclose(f);
    CHECK(pcache_load(sub, 10, &got, &len) == 1);
}

/* A view maps the same payload a load copies; a missing key is a miss. */
static void test_view(void)
{
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    const char payload[] = "a reference payload";
    CHECK(pcache_store(sub, 70, (const unsigned char *)payload, sizeof payload) == 0);
    pcache_view v;
    CHECK(pcache_open(sub, 70, &v) == 0);
    CHECK(v.len == sizeof payload && memcmp(v.data, payload, v.len) == 0);
    pcache_close(&v);
    CHECK(pcache_open(sub, 71, &v) == 1);
    pcache_close(&v); /* harmless on a miss */
}

/* An entry of the previous format (its checksum by another function) is a
 * quiet miss and goes, not a corruption. */
static void test_older_version_is_a_miss(void)
{
    char sub[128], path[256];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK(pcache_store(sub, 72, (const unsigned char *)"x", 1) == 0);
    entry(path, sizeof path, 72);
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    fseek(f, 7, SEEK_SET); /* the magic's version digit */
    fputc('1', f);
    fclose(f);
    unsigned char *got;
    size_t len;
    CHECK(pcache_load(sub, 72, &got, &len) == 1);
    CHECK(access(path, F_OK) != 0);
}

/* Three entries used at times 1, 3 and 2 (a load counts as a use: the first
 * is loaded last); a cap of two entries' size removes the one used longest
 * ago, the third. */
static void test_prune_least_recently_used(void)
{
    char sub[128], path[256];
    snprintf(sub, sizeof sub, "%s/lru", dir);
    unsigned char data[1000] = {0};
    uint64_t keys[3] = {21, 22, 23};
    time_t used[3] = {1000000, 3000000, 2000000};
    struct stat st = {0};
    for (int i = 0; i < 3; i++) {
        CHECK(pcache_store(sub, keys[i], data, sizeof data) == 0);
        snprintf(path, sizeof path, "%s/%016llx.bin", sub, (unsigned long long)keys[i]);
        struct utimbuf t = {used[i], used[i]};
        CHECK(utime(path, &t) == 0);
        CHECK(stat(path, &st) == 0);
    }
    pcache_view v;
    CHECK(pcache_open(sub, keys[0], &v) == 0);
    pcache_close(&v);
    CHECK_EQ_INT(pcache_prune(sub, 2 * (uint64_t)st.st_size + 100), 1);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%016llx.bin", sub, (unsigned long long)keys[i]);
        CHECK((access(path, F_OK) == 0) == (i != 2));
    }
}

static void test_default_dir(void)
{
    char buf[512];
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    CHECK(pcache_default_dir(buf, sizeof buf) == 0);
    CHECK_STR(buf, "/x/cache/convbench/programs");
    unsetenv("XDG_CACHE_HOME");
    setenv("HOME", "/home/u", 1);
    CHECK(pcache_default_dir(buf, sizeof buf) == 0);
    CHECK_STR(buf, "/home/u/.cache/convbench/programs");
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "pcache"))
        return 1;
    RUN(test_roundtrip);
    RUN(test_corrupt_entries_rejected);
    RUN(test_view);
    RUN(test_older_version_is_a_miss);
    RUN(test_prune_least_recently_used);
    RUN(test_default_dir);
    check_rmdir(dir);
    return check_summary();
}
