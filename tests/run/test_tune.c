/* test_tune.c - host/run/tune.c: the search visits the defaults first and then
 * each tunable's values, moves along the best verified point, never lets a
 * candidate that failed verification win (however fast), skips work-group
 * sizes the device cannot run, and stops at the deadline. The evaluator is a
 * model of run times, so these tests are exact and need no device. */
#include "check.h"
#include "tune.h"

#include <stdlib.h>

static const algo_tunable tunables[] = {
    {"KT", "", {4, 8, 16}, 3, 0, 0},
    {"WG", "", {1, 4, 64}, 3, 1, 0},
};
static const algo_desc fake = {.name = "fake", .tunables = tunables, .ntunables = 2};

typedef struct model {
    int calls;
    int fail_kt;       /* candidates with this KT fail verification (0: none) */
    int flat;          /* every point takes 1 ms but KT=4, 1% faster: within noise */
    double clock;      /* fake time, advanced 1 ms per evaluation */
} model;

static model *g_model;

static double fake_now(void)
{
    return g_model->clock;
}

/* Time = |KT - 8| + |WG - 4| + 1 for set values, defaults count as KT=16,WG=64;
 * KT=4 is the fastest but may be made to fail. */
static void eval(void *arg, const int *tune, result *r)
{
    model *m = arg;
    m->calls++;
    m->clock += 1.0;
    memset(r, 0, sizeof *r);
    int kt = tune[0] ? tune[0] : 16, wg = tune[1] ? tune[1] : 64;
    r->t.median = (kt == 4 ? 0.5 : 1.0 + (kt > 8 ? kt - 8 : 8 - kt)) + (wg > 4 ? wg - 4 : 4 - wg);
    if (m->flat)
        r->t.median = kt == 4 ? 0.99 : 1.0;
    r->status = (m->fail_kt && kt == m->fail_kt) ? RES_FAIL : RES_PASS;
    snprintf(r->params, sizeof r->params, "KT=%d,WG=%d", kt, wg);
}

static result cand[TUNE_MAX_CANDIDATES];
static tune_outcome out;

/* One search of a with the model m, a device limit on WG and a deadline. */
static void search(const algo_desc *a, model *m, size_t max_wg, double deadline)
{
    g_model = m;
    tune_search(a, max_wg, deadline, fake_now, NULL, eval, m, cand, &out);
}

static void test_coordinate_descent(void)
{
    model m = {0};
    search(&fake, &m, 1024, 1e9);
    CHECK_EQ_INT(out.ncand, 9); /* defaults + 3 + 3 + the final: defaults, leader */
    CHECK_EQ_INT(m.calls, 9);
    CHECK_STR(cand[7].params, "KT=16,WG=64");
    CHECK_STR(cand[8].params, "KT=4,WG=4");
    CHECK(out.defaults == 0 || out.defaults == 7);
    CHECK_NEAR(out.winner_ms, 0.5, 1e-12);
    CHECK_NEAR(out.defaults_ms, 69.0, 1e-12);
    CHECK_EQ_INT(out.out_of_time, 0);
    CHECK(out.winner >= 0);
    CHECK_STR(cand[0].params, "KT=16,WG=64"); /* defaults first */
    CHECK_STR(cand[out.winner].params, "KT=4,WG=4");
}

/* The regression the tuner must never have: a wrong kernel stored as winner. */
static void test_failed_candidate_never_wins(void)
{
    model m = {.fail_kt = 4};
    search(&fake, &m, 1024, 1e9);
    CHECK(out.winner >= 0);
    CHECK_EQ_INT(cand[out.winner].status, RES_PASS);
    CHECK_STR(cand[out.winner].params, "KT=8,WG=4");
    /* Every candidate failing: no winner at all. */
    model all = {.fail_kt = 16};
    static const algo_tunable only_kt[] = {{"KT", "", {16}, 1, 0, 0}};
    algo_desc one = {.name = "one", .tunables = only_kt, .ntunables = 1};
    search(&one, &all, 1024, 1e9);
    CHECK_EQ_INT(out.ncand, 3); /* defaults, KT=16, defaults again: no leader */
    CHECK_EQ_INT(out.winner, -1);
    CHECK_EQ_INT(out.defaults, -1);
}

static void test_work_group_limit(void)
{
    model m = {0};
    search(&fake, &m, 16, 1e9);
    CHECK_EQ_INT(out.ncand, 8); /* WG=64 is not tried */
    for (int i = 1; i < out.ncand; i++)
        CHECK(out.tune[i][1] <= 16);
}

static void test_deadline(void)
{
    model m = {0};
    /* The clock passes 2.5 after the third evaluation. */
    search(&fake, &m, 1024, 2.5);
    CHECK_EQ_INT(out.ncand, 3);
    CHECK_EQ_INT(out.out_of_time, 1);
    CHECK(out.winner >= 0);
}

/* A point within TUNE_MIN_GAIN of the defaults does not replace them. */
static void test_noise_does_not_replace_defaults(void)
{
    model m = {.flat = 1};
    search(&fake, &m, 1024, 1e9);
    CHECK(out.winner == out.defaults);
    CHECK_STR(cand[out.winner].params, "KT=16,WG=64");
}

/* A large space: six tunables of 4 values (4096 points). Only points with
 * A * B <= 16 are valid (a "local memory" rule); the time is |A - 4| +
 * |B - 2| + |C - 3| + 1, so A=4,B=2,C=3 (any D, E, F) is the best. */
static const algo_tunable big_tunables[] = {
    {"A", "", {1, 2, 4, 8}, 4, 0, 0}, {"B", "", {1, 2, 4, 8}, 4, 0, 0},
    {"C", "", {1, 3, 5, 7}, 4, 0, 0}, {"D", "", {1, 2, 3, 4}, 4, 0, 0},
    {"E", "", {1, 2, 3, 4}, 4, 0, 0}, {"S", "", {0, 1}, 2, 0, 1},
};
static const algo_desc big = {.name = "big", .tunables = big_tunables, .ntunables = 6};
static int checks_refused;

static int value(const int *tune, int t, int def)
{
    return tune[t] ? tune[t] - big_tunables[t].from_zero : def;
}

static int big_check(void *arg, int *tune)
{
    (void)arg;
    int ok = value(tune, 0, 1) * value(tune, 1, 1) <= 16;
    checks_refused += !ok;
    return ok;
}

static void big_eval(void *arg, const int *tune, result *r)
{
    model *m = arg;
    m->calls++;
    m->clock += 1.0;
    memset(r, 0, sizeof *r);
    int a = value(tune, 0, 1), b = value(tune, 1, 1), c = value(tune, 2, 1);
    r->t.median = abs(a - 4) + abs(b - 2) + abs(c - 3) + 1;
    r->status = RES_PASS;
    snprintf(r->params, sizeof r->params, "A=%d,B=%d,C=%d,S=%d", a, b, c, value(tune, 5, 0));
}

/* Random points first, all valid and distinct, then a descent that reaches
 * the optimum; the same search twice visits the same points. */
static void test_random_then_descent(void)
{
    model m = {0};
    g_model = &m;
    checks_refused = 0;
    tune_search(&big, 1024, 1e9, fake_now, big_check, big_eval, &m, cand, &out);
    CHECK_EQ_INT(out.nrandom, TUNE_RANDOM);
    CHECK(checks_refused > 0); /* some draws were invalid and never evaluated */
    for (int i = 0; i < out.ncand; i++) {
        CHECK(big_check(NULL, out.tune[i]));
        CHECK(out.tune[i][5] == 0 || out.tune[i][5] == 1 || out.tune[i][5] == 2);
    }
    for (int i = 1; i <= TUNE_RANDOM; i++)
        for (int j = 1; j < i; j++)
            CHECK(memcmp(out.tune[i], out.tune[j], sizeof out.tune[i]) != 0);
    CHECK_NEAR(out.winner_ms, 1.0, 1e-12);
    int first[TUNE_MAX_CANDIDATES][ALGO_MAX_TUNABLES], n = out.ncand;
    memcpy(first, out.tune, sizeof first);
    model again = {0};
    g_model = &again;
    tune_search(&big, 1024, 1e9, fake_now, big_check, big_eval, &again, cand, &out);
    CHECK_EQ_INT(out.ncand, n);
    CHECK(memcmp(first, out.tune, sizeof first) == 0);
}

int main(void)
{
    RUN(test_coordinate_descent);
    RUN(test_failed_candidate_never_wins);
    RUN(test_work_group_limit);
    RUN(test_deadline);
    RUN(test_noise_does_not_replace_defaults);
    RUN(test_random_then_descent);
    return check_summary();
}
