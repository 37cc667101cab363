/* timing.c - repetition policy and timing statistics. */
#define _POSIX_C_SOURCE 200809L
#include "timing.h"

#include <math.h>
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
