/* Tests host/timing.c: statistics and the repetition policy. */
#include "check.h"
#include "timing.h"

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

int main(void)
{
    RUN(test_summarize);
    RUN(test_policy);
    RUN(test_clock);
    return check_summary();
}
