/* timing.h - the repetition policy and the statistics of repeated timings. */
#ifndef CONVBENCH_TIMING_H
#define CONVBENCH_TIMING_H

/* Monotonic wall clock in milliseconds. */
double timing_now_ms(void);

typedef struct timing_policy {
    int warmup;        /* untimed runs before measuring */
    int min_reps;      /* at least this many timed runs ... */
    double min_ms;     /* ... and at least this much summed kernel time */
    int max_reps;      /* but never more runs than this */
} timing_policy;

/* 1 while another timed run is needed after `reps` runs summing `total_ms`. */
int timing_more(const timing_policy *pol, int reps, double total_ms);

typedef struct timing_stats {
    int reps;
    double min, median, mean, stddev, max;   /* milliseconds */
    double cv;                               /* stddev / mean */
} timing_stats;

/* Statistics of n samples (n >= 1). Reorders samples (it sorts them). The
 * stddev is the sample standard deviation (n-1), 0 for a single sample. */
timing_stats timing_summarize(double *samples, int n);

/* Coefficient of variation above which a result is reported as noisy. */
#define TIMING_NOISY_CV 0.10

#endif
