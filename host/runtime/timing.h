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
 * on PoCL, Intel's CPU runtime and rusticl, quiet and under load. A run's
 * events may exceed its host time by clock granularity only:
 * TIMING_EVENT_OVER of it plus TIMING_CLOCK_RES_MS. The best-covered run's
 * events must cover at least TIMING_EVENT_UNDER of its host time beyond an
 * empty launch: a loaded machine delays a kernel's start after its enqueue,
 * which events rightly leave out (coverage down to 0.45 measured here), while
 * a broken timer misses nearly all of it (rusticl: 1e-6). Host time is usable
 * when a run takes at least TIMING_HOST_MIN_LAUNCHES empty launches, so the
 * kernel, not the launch, is most of what it measures. */
#define TIMING_EVENT_OVER 1.02
#define TIMING_CLOCK_RES_MS 0.002
#define TIMING_EVENT_UNDER 0.25
#define TIMING_HOST_MIN_LAUNCHES 2.0

/* Judges n runs whose i-th took ev[i] ms by its profiling events and host[i]
 * ms by the host clock (enqueue to finished), on a device where an empty
 * kernel takes launch_ms on the host. Events are refused when most runs'
 * events exceed their own wall time, or when even the run they cover best
 * covers less than TIMING_EVENT_UNDER of its host time beyond the launch
 * (queueing delays only add host time, so the best-covered run is the fair
 * test). Returns the clock to use, with why (when not events) saying what
 * disagreed, e.g. "events 2e-06 ms vs host 1.21 ms per run (median)". why may
 * be NULL. */
timing_source timing_judge(const double *ev, const double *host, int n, double launch_ms,
                           char *why, size_t len);

/* A batch of `times` runs enqueued back to back and waited for once: sets *ev
 * to the sum of their profiling-event times and *host to the host's wall time
 * for the whole batch, in ms. Returns 0, or -1 (reported). */
typedef int (*timing_batch_fn)(void *arg, int times, double *ev, double *host);

/* The margins of the batched timer check. A loaded host wakes late from each
 * wait: on an H100 under a parallel ctest, 5 to 12 ms after kernels of 0.02
 * ms, which a per-run check cannot tell from a timer that misses the work.
 * Host time that the events leave unexplained, beyond an empty launch, of at
 * most TIMING_WAKE_MAX_MS may be such a wake-up; more is work the events
 * missed (rusticl's broken timer misses whole kernels of 0.1 to 12 s). */
#define TIMING_WAKE_MAX_MS 50.0
#define TIMING_BATCH_X 4.0       /* a batch's host time over one run's ... */
#define TIMING_BATCH_MIN_MS 10.0 /* ... and at least this */
#define TIMING_BATCH_MAX 65536   /* runs in a batch at most */
#define TIMING_BATCH_LAST_MS 100.0 /* a refused batch grows to this before the events are refused */

/* After timing_judge refused the events of n runs (ev, host as it took them):
 * when the time they leave unexplained could be a late wake-up (at most
 * TIMING_WAKE_MAX_MS in the run they cover best), judges batches instead.
 * Batches of 2, 4, 8, ... runs (fn(arg, ...)) grow until one's host time is at
 * least TIMING_BATCH_X times the fastest run's and TIMING_BATCH_MIN_MS, so
 * the work dwarfs one wake-up; from there each batch is judged by
 * timing_judge, and a refused one doubles until TIMING_BATCH_LAST_MS of host
 * time (a timer that misses the work costs at most about twice that). Sets *t
 * to TIMING_EVENTS when the batch's events agree (*times: its size), else
 * leaves *t and why as they were (with the batch's verdict appended to why).
 * Returns 0, or -1 when a run fails. */
int timing_rejudge_batched(timing_batch_fn fn, void *arg, const double *ev, const double *host,
                           int n, double launch_ms, timing_source *t, int *times, char *why,
                           size_t len);

#endif
