/* check.h - the smallest test harness that reports what failed and where.
 * A test file defines test functions, lists them in main with RUN(), and
 * returns check_summary(); ctest runs each file as one test. */
#ifndef CONVBENCH_CHECK_H
#define CONVBENCH_CHECK_H

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        check_count++;                                                                  \
        if (!(cond)) {                                                                  \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);    \
        }                                                                               \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                              \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        check_count++;                                                                  \
        if (a_ != b_) {                                                                 \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, \
                    #a, #b, a_, b_);                                                    \
        }                                                                               \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                           \
    do {                                                                                \
        double a_ = (a), b_ = (b);                                                      \
        check_count++;                                                                  \
        if (!(fabs(a_ - b_) <= (tol))) {                                                \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: %s ~ %s failed: %.17g vs %.17g\n", __FILE__, __LINE__, \
                    #a, #b, a_, b_);                                                    \
        }                                                                               \
    } while (0)

#define CHECK_STR(a, b)                                                                 \
    do {                                                                                \
        const char *a_ = (a), *b_ = (b);                                                \
        check_count++;                                                                  \
        if (strcmp(a_, b_) != 0) {                                                      \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: %s == %s failed:\n  got  \"%s\"\n  want \"%s\"\n",   \
                    __FILE__, __LINE__, #a, #b, a_, b_);                                \
        }                                                                               \
    } while (0)

#define RUN(test)                                                                       \
    do {                                                                                \
        int before_ = check_failures;                                                   \
        test();                                                                         \
        printf("%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #test);          \
    } while (0)

/* A fresh folder /tmp/convbench_<name>_XXXXXX for a test's files, written into
 * dir (at least 64 bytes). Returns 0, or -1 when it cannot be made. */
static inline int check_tmpdir(char *dir, size_t len, const char *name)
{
    snprintf(dir, len, "/tmp/convbench_%s_XXXXXX", name);
    return mkdtemp(dir) ? 0 : -1;
}

/* Removes check_tmpdir's folder and everything in it. */
static inline void check_rmdir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static inline int check_summary(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
