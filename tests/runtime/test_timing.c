/* Tests host/runtime/timing.c: statistics and the repetition policy. */
#include "check.h"
#include "timing.h"

#include <math.h>

static void test_summarize(void)
{
    double s[] = {5, 1, 3, 2, 4};
    timing_stats t = timing_summarize(s, 5);
    CHECK_EQ_INT(t.reps, 5);
    CHECK_NEAR(t.min, 1, 0);
    CHECK_NEAR(t.max, 5, 0);
    CHECK_NEAR(t.median, 3, 0);
    CHECK_NEAR(t.mean, 3, 1e-12);
    CHECK_NEAR(t.stddev, 1.5811388300841898, 1e-12); /* sqrt(10/4) */
    CHECK_NEAR(t.cv, 1.5811388300841898 / 3, 1e-12);
    double e[] = {4, 1, 3, 2};
    t = timing_summarize(e, 4);
    CHECK_NEAR(t.median, 2.5, 0);
    double one[] = {7};
    t = timing_summarize(one, 1);
    CHECK_NEAR(t.median, 7, 0);
    CHECK_NEAR(t.stddev, 0, 0);
}

static void test_policy(void)
{
    timing_policy p = {.warmup = 1, .min_reps = 5, .min_ms = 200, .max_reps = 100};
    CHECK(timing_more(&p, 0, 0));
    CHECK(timing_more(&p, 4, 1000));   /* too few runs */
    CHECK(timing_more(&p, 5, 199));    /* too little time */
    CHECK(!timing_more(&p, 5, 200));   /* both reached */
    CHECK(!timing_more(&p, 100, 10));  /* the cap wins */
}

static void test_clock(void)
{
    double a = timing_now_ms(), b = timing_now_ms();
    CHECK(b >= a);
    CHECK(a > 0);
}

/* The timer check with fake clocks, both ways: events that agree are used;
 * events far shorter than the host saw (rusticl's 2 ns for a 1 ms kernel), or
 * longer than the wall clock, are not, and the host clock takes over; when a
 * run is too short for the host clock as well, nothing is measured. */
/* One run of ev ms by events and host ms by the host clock. */
static timing_source judge1(double ev, double host, double launch, char *why, size_t len)
{
    return timing_judge(&ev, &host, 1, launch, why, len);
}

static void test_timer_judge(void)
{
    char why[300];
    /* Agreement, launch overhead aside. */
    CHECK_EQ_INT(judge1(1.00, 1.05, 0.05, why, sizeof why), TIMING_EVENTS);
    CHECK_STR(why, "");
    /* A loaded machine delays the start: events cover 0.45 of the host's time. */
    CHECK_EQ_INT(judge1(1.56, 3.47, 0.02, why, sizeof why), TIMING_EVENTS);
    /* Broken: events read nanoseconds for a kernel the host waited 1.2 ms for. */
    CHECK_EQ_INT(judge1(2e-6, 1.2, 0.05, why, sizeof why), TIMING_HOST);
    CHECK(strstr(why, "events miss most of the time") != NULL);
    CHECK(strstr(why, "host 1.2 ms") != NULL);
    /* Broken the other way: events longer than the wall clock. */
    CHECK_EQ_INT(judge1(5.0, 1.0, 0.01, why, sizeof why), TIMING_HOST);
    CHECK(strstr(why, "longer than the wall clock") != NULL);
    /* Clock granularity is allowed for. */
    CHECK_EQ_INT(judge1(0.0105, 0.0100, 0.001, why, sizeof why), TIMING_EVENTS);
    /* No event time at all. */
    CHECK_EQ_INT(judge1(NAN, 2.0, 0.05, why, sizeof why), TIMING_HOST);
    CHECK(strstr(why, "no event time") != NULL);
    /* Broken events and a run hardly longer than an empty launch: no clock. */
    CHECK_EQ_INT(judge1(1e-6, 0.6, 0.5, why, sizeof why), TIMING_NONE);
    CHECK(strstr(why, "too short for the host clock") != NULL);
    /* The host clock measured nothing. */
    CHECK_EQ_INT(judge1(1.0, 0.0, 0.05, why, sizeof why), TIMING_NONE);
    /* Where the margins sit: just inside and just outside. */
    CHECK_EQ_INT(judge1(0.26, 1.0, 0.0, NULL, 0), TIMING_EVENTS);
    CHECK_EQ_INT(judge1(0.24, 1.0, 0.0, NULL, 0), TIMING_HOST);
    CHECK_EQ_INT(judge1(TIMING_EVENT_OVER + 0.001, 1.0, 0.0, NULL, 0), TIMING_EVENTS);
    CHECK_EQ_INT(judge1(TIMING_EVENT_OVER + 0.003, 1.0, 0.0, NULL, 0), TIMING_HOST);
    /* Several runs: one delayed run (the host descheduled) does not condemn
     * events that cover the other runs; events that cover none are refused. */
    double ev[3] = {0.50, 0.51, 0.50}, host[3] = {0.55, 9.0, 0.56};
    CHECK_EQ_INT(timing_judge(ev, host, 2, 0.03, why, sizeof why), TIMING_EVENTS);
    double broken[3] = {1e-6, 2e-6, 1e-6};
    CHECK_EQ_INT(timing_judge(broken, host, 3, 0.03, why, sizeof why), TIMING_HOST);
    CHECK(strstr(why, "host 0.56 ms per run") != NULL); /* the median, not the outlier */
    /* One run a hair over its wall time is granularity; most runs over is not. */
    double over[3] = {0.60, 0.50, 0.50}, over_all[3] = {0.9, 0.9, 0.9};
    CHECK_EQ_INT(timing_judge(over, host, 3, 0.03, NULL, 0), TIMING_EVENTS);
    CHECK_EQ_INT(timing_judge(over_all, host, 3, 0.03, NULL, 0), TIMING_HOST);
    CHECK_STR(timing_source_name(TIMING_HOST), "host");
}

/* A device whose runs take kernel_ms by their events and whose host adds
 * wake_ms once per wait (late wake-ups), plus launch_ms per run. */
typedef struct fake_device {
    double event_ms, kernel_ms, wake_ms, launch_ms;
    int calls, largest;
} fake_device;

static int fake_batch(void *arg, int times, double *ev, double *host)
{
    fake_device *d = arg;
    d->calls++;
    if (times > d->largest)
        d->largest = times;
    *ev = times * d->event_ms;
    *host = times * (d->kernel_ms + d->launch_ms) + d->wake_ms;
    return 0;
}

/* Regression: on an H100 under a parallel ctest, kernels of 0.018 ms had host
 * times of 4.9 ms per run (late wake-ups); the per-run check refused their
 * events and the rows reported the host's 4.9 ms, 270x too slow. */
static void test_regress_late_wakeup_refused_events(void)
{
    fake_device gpu = {.event_ms = 0.018, .kernel_ms = 0.018, .wake_ms = 4.9, .launch_ms = 0.005};
    double ev[3] = {0.018, 0.018, 0.018}, host[3] = {4.92, 5.1, 4.95};
    char why[300];
    timing_source t = timing_judge(ev, host, 3, 0.023, why, sizeof why);
    CHECK_EQ_INT(t, TIMING_HOST); /* the per-run check alone cannot tell */
    int times;
    CHECK(timing_rejudge_batched(fake_batch, &gpu, ev, host, 3, 0.023, &t, &times, why,
                                 sizeof why) == 0);
    CHECK_EQ_INT(t, TIMING_EVENTS);
    CHECK(times >= 512); /* enough runs that the wake-up is a small part */
    CHECK(strstr(why, "confirmed by a batch") != NULL);

    /* A timer that misses the work is refused on the batch too. */
    fake_device broken = {.event_ms = 1e-6, .kernel_ms = 2.0, .wake_ms = 0.1, .launch_ms = 0.005};
    double bev[3] = {1e-6, 1e-6, 1e-6}, bhost[3] = {2.1, 2.2, 2.1};
    t = timing_judge(bev, bhost, 3, 0.023, why, sizeof why);
    CHECK(timing_rejudge_batched(fake_batch, &broken, bev, bhost, 3, 0.023, &t, &times, why,
                                 sizeof why) == 0);
    CHECK_EQ_INT(t, TIMING_HOST);
    CHECK(strstr(why, "a batch of") != NULL);
    CHECK(broken.largest <= 64); /* refused batches stop at 100 ms of host time */
    CHECK(broken.largest * broken.kernel_ms <= 2 * TIMING_BATCH_LAST_MS);

    /* A wake-up later than any single run's (seen on the H100: 9 ms after runs
     * that left under 3 ms unexplained): larger batches still confirm. */
    fake_device late = {.event_ms = 0.018, .kernel_ms = 0.018, .wake_ms = 9.0, .launch_ms = 0.005};
    double lhost[2] = {2.865, 3.1};
    t = timing_judge(ev, lhost, 2, 0.023, why, sizeof why);
    CHECK(timing_rejudge_batched(fake_batch, &late, ev, lhost, 2, 0.023, &t, &times, why,
                                 sizeof why) == 0);
    CHECK_EQ_INT(t, TIMING_EVENTS);

    /* Whole kernels missed (rusticl: 0.1 to 12 s each) are no wake-up: no batch runs. */
    fake_device slow = {.event_ms = 1e-6, .kernel_ms = 200.0, .wake_ms = 0.1, .launch_ms = 0.005};
    double sev[1] = {1e-6}, shost[1] = {200.1};
    t = TIMING_HOST;
    CHECK(timing_rejudge_batched(fake_batch, &slow, sev, shost, 1, 0.023, &t, &times, why,
                                 sizeof why) == 0);
    CHECK_EQ_INT(t, TIMING_HOST);
    CHECK_EQ_INT(slow.calls, 0);
    CHECK_EQ_INT(times, 0);
}

int main(void)
{
    RUN(test_summarize);
    RUN(test_policy);
    RUN(test_clock);
    RUN(test_timer_judge);
    RUN(test_regress_late_wakeup_refused_events);
    return check_summary();
}
