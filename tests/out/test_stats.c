/* test_stats.c - host/out/stats.c against values from R / SciPy. */
#include "check.h"
#include "stats.h"

static void test_t_pvalue(void)
{
    /* 2 * pt(-2, 10) = 0.07338803; 2 * pt(-1, 5) = 0.3632174; 2 * pt(-3.5, 30) = 0.0014768. */
    CHECK_NEAR(stats_t_pvalue(2.0, 10), 0.07338803, 1e-7);
    CHECK_NEAR(stats_t_pvalue(-1.0, 5), 0.3632174, 1e-6);
    CHECK_NEAR(stats_t_pvalue(3.5, 30), 0.0014768074, 1e-9);
    CHECK_NEAR(stats_t_pvalue(0.0, 7), 1.0, 1e-12);
    CHECK_NEAR(stats_t_pvalue(INFINITY, 7), 0.0, 0);
}

static void test_welch(void)
{
    /* scipy.stats.ttest_ind_from_stats(10, 1, 20, 11, 2, 15, equal_var=False):
     * t = -1.777046633277277, p = 0.09137125193895161. */
    double t, df;
    CHECK(stats_welch(10, 1, 20, 11, 2, 15, &t, &df) == 0);
    CHECK_NEAR(t, -1.777046633277277, 1e-12);
    CHECK_NEAR(df, 19.2436873747495, 1e-9);
    CHECK_NEAR(stats_welch_p(10, 1, 20, 11, 2, 15), 0.09137125193895161, 1e-9);
    /* Too few samples: nothing can be said. Constant samples: exact answer. */
    CHECK_NEAR(stats_welch_p(1, 0, 1, 2, 0, 1), 1.0, 0);
    CHECK_NEAR(stats_welch_p(1, 0, 5, 2, 0, 5), 0.0, 0);
    CHECK_NEAR(stats_welch_p(1, 0, 5, 1, 0, 5), 1.0, 0);
}

int main(void)
{
    RUN(test_t_pvalue);
    RUN(test_welch);
    return check_summary();
}
