/* timing.c - repetition policy and timing statistics. */
#define _POSIX_C_SOURCE 200809L
#include "timing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

timing_source timing_judge(double per_ev, double per_host, double launch_ms, char *why,
                           size_t len)
{
    char dummy[8];
    if (!why) {
        why = dummy;
        len = sizeof dummy;
    }
    why[0] = '\0';
    if (!(per_host > 0) || !isfinite(per_host)) {
        snprintf(why, len, "the host clock measured nothing (%.3g ms per run)", per_host);
        return TIMING_NONE;
    }
    double launch = launch_ms > 0 && isfinite(launch_ms) ? launch_ms : 0;
    double beyond = per_host - launch; /* what the host saw besides launching */
    int over = !(per_ev <= per_host * TIMING_EVENT_OVER + TIMING_CLOCK_RES_MS);
    int under = per_ev < TIMING_EVENT_UNDER * beyond;
    int none = !(isfinite(per_ev) && per_ev > 0);
    if (!none && !over && !under)
        return TIMING_EVENTS;
    int n = snprintf(why, len, "events %.4g ms vs host %.4g ms per run (%s)", per_ev, per_host,
                     none   ? "no event time"
                     : over ? "events longer than the wall clock"
                            : "events miss most of the time the host waited");
    if (per_host >= TIMING_HOST_MIN_LAUNCHES * launch)
        return TIMING_HOST;
    if (n > 0 && (size_t)n < len)
        snprintf(why + n, len - (size_t)n,
                 "; a run is within %.0fx of an empty launch's %.4g ms, too short for the host "
                 "clock", TIMING_HOST_MIN_LAUNCHES, launch);
    return TIMING_NONE;
}
