/* Tests host/out/changepoint.c: E-divisive finds level shifts, and not noise. */
#include "changepoint.h"
#include "check.h"

#include <stdint.h>

/* Deterministic noise in [-amp, amp) (splitmix64: a plain LCG's runs of
 * similar draws made a real-looking step that E-divisive rightly found). */
static double noise(uint64_t *s, double amp)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return amp * ((double)(z >> 11) / 9007199254740992.0 * 2 - 1);
}

static void one_step_found_where_it_is(void)
{
    double x[40];
    uint64_t s = 7;
    for (int i = 0; i < 40; i++)
        x[i] = (i < 25 ? 10.0 : 12.0) + noise(&s, 0.3);
    int at[8];
    cp_settings cs = cp_defaults();
    CHECK_EQ_INT(cp_edivisive(x, 40, &cs, at, 8), 1);
    CHECK_EQ_INT(at[0], 25);
}

static void two_steps_found_in_order(void)
{
    double x[60];
    uint64_t s = 3;
    for (int i = 0; i < 60; i++)
        x[i] = (i < 20 ? 5.0 : i < 40 ? 6.0 : 5.5) + noise(&s, 0.1);
    int at[8];
    cp_settings cs = cp_defaults();
    CHECK_EQ_INT(cp_edivisive(x, 60, &cs, at, 8), 2);
    CHECK_EQ_INT(at[0], 20);
    CHECK_EQ_INT(at[1], 40);
}

static void noise_alone_has_no_change(void)
{
    double x[50];
    uint64_t s = 11;
    for (int i = 0; i < 50; i++)
        x[i] = 3.0 + noise(&s, 0.5);
    int at[8];
    cp_settings cs = cp_defaults();
    CHECK_EQ_INT(cp_edivisive(x, 50, &cs, at, 8), 0);
}

/* One slow run is an outlier, not a new level: each side needs min_size. */
static void single_outlier_is_no_change(void)
{
    double x[30];
    for (int i = 0; i < 30; i++)
        x[i] = 4.0 + 0.01 * (i % 3);
    x[29] = 9.0;
    x[12] = 9.0;
    int at[8];
    cp_settings cs = cp_defaults();
    CHECK_EQ_INT(cp_edivisive(x, 30, &cs, at, 8), 0);
}

static void short_series_has_none(void)
{
    double x[4] = {1, 1, 5, 5};
    int at[4];
    cp_settings cs = cp_defaults();
    CHECK_EQ_INT(cp_edivisive(x, 4, &cs, at, 4), 0);
    CHECK_EQ_INT(cp_edivisive(x, 0, &cs, at, 4), 0);
}

int main(void)
{
    RUN(one_step_found_where_it_is);
    RUN(two_steps_found_in_order);
    RUN(noise_alone_has_no_change);
    RUN(single_outlier_is_no_change);
    RUN(short_series_has_none);
    return check_summary();
}
