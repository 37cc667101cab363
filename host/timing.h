/* timing.h - the repetition policy and the statistics of repeated timings. */
#ifndef CONVBENCH_TIMING_H
#define CONVBENCH_TIMING_H

#include <stddef.h>

/* Monotonic wall clock in milliseconds. */
double timing_now_ms(void);

typedef struct timing_policy {
    int warmup;        /* untimed runs before measuring */
    int min_reps;      /* at least this many timed runs ... */
    double min_ms;     /* ... and at least this much summed time on the host clock */
    int max_reps;      /* but never more runs than this */
} timing_policy;

/* 1 while another timed run is needed after `reps` runs summing `total_ms`
 * (host wall time: a device whose events are wrong must not decide it). */
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

/* Which clock a measurement's times come from. */
typedef enum timing_source {
    TIMING_EVENTS,    /* OpenCL profiling events: the device's own time */
    TIMING_HOST,      /* the host's monotonic clock around each run, queue finished */
    TIMING_NONE,      /* neither can be trusted: nothing measured */
} timing_source;

/* "events", "host", "none". */
const char *timing_source_name(timing_source t);

/* The margins of the timer check (README, "Timer trust"), from measurements
 * on PoCL, Intel's CPU runtime and rusticl, quiet and under load. Events may
 * exceed the host's time by no more than clock granularity: TIMING_EVENT_OVER
 * of it plus TIMING_CLOCK_RES_MS. They must cover at least TIMING_EVENT_UNDER
 * of the host's time beyond an empty launch: a loaded machine delays a kernel's
 * start after its enqueue, which events rightly leave out (down to 0.45 of the
 * host's time measured here), while a broken timer misses nearly all of it
 * (rusticl: 1e-6). Host time is usable when a run takes at least
 * TIMING_HOST_MIN_LAUNCHES empty launches, so the kernel, not the launch, is
 * most of what it measures. */
#define TIMING_EVENT_OVER 1.02
#define TIMING_CLOCK_RES_MS 0.002
#define TIMING_EVENT_UNDER 0.25
#define TIMING_HOST_MIN_LAUNCHES 2.0

/* Judges a measurement whose runs took event_ms by their profiling events and
 * host_ms by the host clock (enqueue to finished), per run (medians), on a
 * device where an empty kernel takes launch_ms on the host. Returns the clock
 * to use, with why (when not events) saying what disagreed, e.g. "events
 * 0.000 ms vs host 1.21 ms per run". why may be NULL. */
timing_source timing_judge(double event_ms, double host_ms, double launch_ms, char *why,
                           size_t len);

#endif
