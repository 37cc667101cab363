/* timing.c - repetition policy and timing statistics. */
#define _POSIX_C_SOURCE 200809L
#include "timing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double timing_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

int timing_more(const timing_policy *pol, int reps, double total_ms)
{
    if (reps >= pol->max_reps)
        return 0;
    return reps < pol->min_reps || total_ms < pol->min_ms;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

timing_stats timing_summarize(double *s, int n)
{
    timing_stats st = {.reps = n};
    if (n <= 0)
        return st;
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    st.min = s[0];
    st.max = s[n - 1];
    st.median = (n % 2) ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += s[i];
    st.mean = sum / n;
    double ss = 0;
    for (int i = 0; i < n; i++)
        ss += (s[i] - st.mean) * (s[i] - st.mean);
    st.stddev = n > 1 ? sqrt(ss / (n - 1)) : 0.0;
    st.cv = st.mean > 0 ? st.stddev / st.mean : 0.0;
    return st;
}

const char *timing_source_name(timing_source t)
{
    static const char *const names[] = {"events", "host", "none"};
    return t >= TIMING_EVENTS && t <= TIMING_NONE ? names[t] : "?";
}

static double median_of(const double *x, int n)
{
    double *t = malloc((size_t)n * sizeof *t);
    if (!t)
        return NAN;
    memcpy(t, x, (size_t)n * sizeof *t);
    timing_stats st = timing_summarize(t, n);
    free(t);
    return st.median;
}

timing_source timing_judge(const double *ev, const double *host, int n, double launch_ms,
                           char *why, size_t len)
{
    char dummy[8];
    if (!why) {
        why = dummy;
        len = sizeof dummy;
    }
    why[0] = '\0';
    double launch = launch_ms > 0 && isfinite(launch_ms) ? launch_ms : 0;
    int over = 0, no_event = 0;
    double best_cover = 0;
    for (int i = 0; i < n; i++) {
        if (!(isfinite(ev[i]) && ev[i] > 0))
            no_event++;
        else if (ev[i] > host[i] * TIMING_EVENT_OVER + TIMING_CLOCK_RES_MS)
            over++;
        double beyond = host[i] - launch; /* what the host saw besides launching */
        double cover = beyond > 0 ? ev[i] / beyond : INFINITY;
        if (isfinite(ev[i]) && cover > best_cover)
            best_cover = cover;
    }
    double per_host = n > 0 ? median_of(host, n) : NAN;
    if (!(per_host > 0) || !isfinite(per_host)) {
        snprintf(why, len, "the host clock measured nothing (%.3g ms per run)", per_host);
        return TIMING_NONE;
    }
    int bad_none = no_event * 2 > n, bad_over = over * 2 > n,
        bad_under = best_cover < TIMING_EVENT_UNDER;
    if (!bad_none && !bad_over && !bad_under)
        return TIMING_EVENTS;
    int k = snprintf(why, len, "events %.4g ms vs host %.4g ms per run, medians (%s)",
                     median_of(ev, n), per_host,
                     bad_none   ? "no event time"
                     : bad_over ? "events longer than the wall clock"
                                : "events miss most of the time the host waited");
    if (per_host >= TIMING_HOST_MIN_LAUNCHES * launch)
        return TIMING_HOST;
    if (k > 0 && (size_t)k < len)
        snprintf(why + k, len - (size_t)k,
                 "; a run is within %.0fx of an empty launch's %.4g ms, too short for the host "
                 "clock", TIMING_HOST_MIN_LAUNCHES, launch);
    return TIMING_NONE;
}

int timing_rejudge_batched(timing_batch_fn fn, void *arg, const double *ev, const double *host,
                           int n, double launch_ms, timing_source *t, int *times, char *why,
                           size_t len)
{
    *times = 0;
    double launch = launch_ms > 0 && isfinite(launch_ms) ? launch_ms : 0;
    double unexplained = INFINITY, fastest = INFINITY;
    for (int i = 0; i < n; i++) {
        if (!(isfinite(ev[i]) && ev[i] > 0) || ev[i] > host[i] * TIMING_EVENT_OVER)
            continue; /* no event, or longer than the wall: no wake-up explains that */
        double u = host[i] - ev[i] - launch;
        if (u < unexplained)
            unexplained = u;
        if (host[i] < fastest)
            fastest = host[i];
    }
    if (!(unexplained <= TIMING_WAKE_MAX_MS))
        return 0;
    double goal = fmax(TIMING_BATCH_X * fastest, TIMING_BATCH_MIN_MS), bev = 0, bhost = 0;
    char bwhy[256];
    for (int b = 2;; b *= 2) {
        if (fn(arg, b, &bev, &bhost))
            return -1;
        if (bhost < goal && b < TIMING_BATCH_MAX)
            continue;
        *times = b;
        if (timing_judge(&bev, &bhost, 1, launch_ms, bwhy, sizeof bwhy) == TIMING_EVENTS) {
            *t = TIMING_EVENTS;
            snprintf(why, len, "events confirmed by a batch of %d runs (%.4g ms by events, %.4g "
                     "ms by the host): the runs alone left up to %.3g ms unexplained, a late "
                     "wake-up", b, bev, bhost, unexplained);
            return 0;
        }
        /* One wake-up can be later than any single run's (9 ms after runs
         * that left 3 ms unexplained, seen): larger batches, up to
         * TIMING_BATCH_LAST_MS, before the events are refused. */
        if (bhost >= TIMING_BATCH_LAST_MS || b >= TIMING_BATCH_MAX)
            break;
    }
    size_t o = strlen(why);
    if (o < len)
        snprintf(why + o, len - o, "; a batch of %d runs disagreed too: %s", *times, bwhy);
    return 0;
}
