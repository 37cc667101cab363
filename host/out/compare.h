/* compare.h - matching two CSV reports row by row and judging each change:
 * the engine of `convbench compare`.
 *
 * Rows match on device (platform, name and driver), layer, shape (batch
 * included) and algorithm: a file may hold several devices, and rows of two
 * devices never match, unless across_devices says that BASE and NEW, one
 * device each, are to be compared (a gate normalised by a peer algorithm). A change is a
 * regression when NEW's median is more than the threshold slower than BASE's
 * and Welch's t-test on the repetitions (mean, standard deviation and count of
 * each row) says the difference is significant; an improvement likewise the
 * other way. With a normaliser, every time is first divided by the time of
 * that algorithm on the same case in the same file, which cancels the speed of
 * the machine (a shared CI runner's good and bad minutes).
 */
#ifndef CONVBENCH_COMPARE_H
#define CONVBENCH_COMPARE_H

#include <stdio.h>

#include "csvread.h"
#include "notes.h"

typedef enum cmp_verdict {
    CMP_SAME,          /* significant or not, within the threshold */
    CMP_NOISE,         /* beyond the threshold, but not significant */
    CMP_REGRESSION,    /* slower beyond the threshold, and significant */
    CMP_IMPROVEMENT,   /* faster beyond the threshold, and significant */
    CMP_UNMEASURED,    /* a side did not pass (or its normaliser did not) */
    CMP_ONLY_BASE,     /* in BASE only */
    CMP_ONLY_NEW,      /* in NEW only */
} cmp_verdict;

/* "same", "not significant", "REGRESSION", "improvement", "unmeasured",
 * "only in BASE", "only in NEW". */
const char *cmp_verdict_name(cmp_verdict v);

typedef struct cmp_row {
    char dev[520];           /* the device ("" with --across-devices) */
    char layer[64], shape[128], algo[32];
    double base_ms, new_ms;  /* medians, or minima with use_min (normalised: ratios to the
                                normaliser's) */
    double ratio;            /* new / base; NAN unless both measured */
    double p;                /* Welch's two-sided p-value; NAN unless both measured */
    cmp_verdict verdict;
} cmp_row;

typedef struct cmp_settings {
    double threshold;        /* 0.05: a change must exceed 5% */
    double alpha;            /* significance level of the test */
    const char *normalize_by;/* an algorithm name, or NULL */
    int fail_on_geomean;     /* judge each algorithm's geometric mean, not each row */
    int use_min;             /* ratios of the fastest runs (min_ms), not of the medians; of
                              * a case repeated in a file, the fastest repetition */
    int across_devices;      /* each file holds one device; match rows though they differ */
} cmp_settings;

typedef struct cmp_result {
    cmp_row *rows;
    int n;
    int counts[CMP_ONLY_NEW + 1];
    notes warnings; /* rows whose times were refused (zero, negative, not finite) */
} cmp_result;

/* Matches base against nw. Returns 0 with *out filled (free with cmp_free);
 * -1 with err when a file lacks a needed column, the two files' schema
 * versions differ or are newer than this convbench's, the normaliser
 * appears in neither file, or no measured row of nw matches a measured row of
 * base (a gate must not pass on nothing). Free out with cmp_free either way. */
int cmp_run(const csv_table *base, const csv_table *nw, const cmp_settings *s, cmp_result *out,
            char *err, size_t errlen);

void cmp_free(cmp_result *r);

/* 1 when the comparison is a regression: with s->fail_on_geomean, an
 * algorithm's geometric mean of NEW/BASE exceeds 1 + threshold; else a row's
 * verdict is CMP_REGRESSION. */
int cmp_regressed(const cmp_result *r, const cmp_settings *s);

typedef enum cmp_format { CMP_TEXT, CMP_MARKDOWN, CMP_CSV } cmp_format;

/* Prints the rows, then the geometric mean of the ratios per algorithm and
 * overall, then the counts of each verdict. */
void cmp_print(FILE *f, const cmp_result *r, const cmp_settings *s, cmp_format fmt,
               const char *base_path, const char *new_path);

#endif
