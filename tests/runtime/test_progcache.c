/* Tests host/runtime/progcache.c: round trips, mapped views, corrupt and
 * older entries, least-recently-used pruning. */
#include "check.h"
#include "progcache.h"

#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

static char dir[] = "/tmp/cb_test_progcache_XXXXXX";

static void entry(char *buf, size_t len, uint64_t key)
{
    snprintf(buf, len, "%s/%016llx.bin", dir, (unsigned long long)key);
}

static void test_round_trip_and_view(void)
{
    const char payload[] = "a program binary";
    CHECK(pcache_store(dir, 7, (const unsigned char *)payload, sizeof payload) == 0);
    unsigned char *got;
    size_t len;
    CHECK(pcache_load(dir, 7, &got, &len) == 0);
    CHECK(len == sizeof payload && memcmp(got, payload, len) == 0);
    free(got);
    pcache_view v;
    CHECK(pcache_open(dir, 7, &v) == 0);
    CHECK(v.len == sizeof payload && memcmp(v.data, payload, v.len) == 0);
    pcache_close(&v);
    CHECK(pcache_open(dir, 8, &v) == 1);
}

/* A flipped byte in the payload is caught by the checksum, and the entry goes. */
static void test_corrupt_entry_removed(void)
{
    unsigned char data[4096];
    for (int i = 0; i < 4096; i++)
        data[i] = (unsigned char)(i * 31);
    CHECK(pcache_store(dir, 9, data, sizeof data) == 0);
    char path[256];
    entry(path, sizeof path, 9);
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    fseek(f, 2000, SEEK_SET);
    fputc(data[2000 - 32] ^ 0x40, f);
    fclose(f);
    pcache_view v;
    CHECK(pcache_open(dir, 9, &v) == 1);
    CHECK(access(path, F_OK) != 0);
}

/* An entry of the previous format (checksum by another function) is a quiet
 * miss, not a corruption. */
static void test_older_version_is_a_miss(void)
{
    CHECK(pcache_store(dir, 10, (const unsigned char *)"x", 1) == 0);
    char path[256];
    entry(path, sizeof path, 10);
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    fseek(f, 7, SEEK_SET);
    fputc('1', f);
    fclose(f);
    unsigned char *got;
    size_t len;
    CHECK(pcache_load(dir, 10, &got, &len) == 1);
    CHECK(access(path, F_OK) != 0);
}

/* Three entries of 1000 bytes used at times 1, 3 and 2 (a load counts as a
 * use); a cap of two entries' size removes the one used first. */
static void test_prune_least_recently_used(void)
{
    unsigned char data[1000] = {0};
    uint64_t keys[3] = {21, 22, 23};
    time_t used[3] = {1000000, 3000000, 2000000};
    struct stat st;
    char path[256];
    for (int i = 0; i < 3; i++) {
        CHECK(pcache_store(dir, keys[i], data, sizeof data) == 0);
        entry(path, sizeof path, keys[i]);
        struct utimbuf t = {used[i], used[i]};
        CHECK(utime(path, &t) == 0);
    }
    entry(path, sizeof path, keys[0]);
    CHECK(stat(path, &st) == 0);
    pcache_view v;
    CHECK(pcache_open(dir, keys[0], &v) == 0); /* now the most recent */
    pcache_close(&v);
    CHECK(pcache_prune(dir, 2 * (uint64_t)st.st_size + 100) >= 1);
    entry(path, sizeof path, keys[2]);
    CHECK(access(path, F_OK) != 0);
    entry(path, sizeof path, keys[0]);
    CHECK(access(path, F_OK) == 0);
    entry(path, sizeof path, keys[1]);
    CHECK(access(path, F_OK) == 0);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    RUN(test_round_trip_and_view);
    RUN(test_corrupt_entry_removed);
    RUN(test_older_version_is_a_miss);
    RUN(test_prune_least_recently_used);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return check_summary();
}
