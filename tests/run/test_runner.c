/* test_runner.c - host/run/runner.c's choice of the fastest result: only verified
 * results (PASS, or UNVERIFIED under --verify=none) with a time can win. */
#include "check.h"
#include "runner.h"

static result row(res_status st, double ms)
{
    result r;
    memset(&r, 0, sizeof r);
    r.status = st;
    r.t.median = ms;
    return r;
}

static void test_fastest_verified(void)
{
    result rs[5] = {row(RES_PASS, 3.0), row(RES_FAIL, 0.1), row(RES_PASS, 2.0),
                    row(RES_SKIPPED, 0.0), row(RES_ERROR, 0.05)};
    CHECK_EQ_INT(runner_fastest(rs, 5), 2);
    result un[2] = {row(RES_UNVERIFIED, 4.0), row(RES_UNVERIFIED, 1.0)};
    CHECK_EQ_INT(runner_fastest(un, 2), 1);
}

static void test_none_verified(void)
{
    result rs[2] = {row(RES_FAIL, 1.0), row(RES_SKIPPED, NAN)};
    CHECK_EQ_INT(runner_fastest(rs, 2), -1);
    CHECK_EQ_INT(runner_fastest(rs, 0), -1);
}

int main(void)
{
    RUN(test_fastest_verified);
    RUN(test_none_verified);
    return check_summary();
}
