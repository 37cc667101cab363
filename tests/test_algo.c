/* Tests host/algo.c: the table and the --algo list parser. */
#include "algo.h"
#include "check.h"

static void test_table(void)
{
    CHECK(algo_count() >= 1);
    for (int i = 0; i < algo_count(); i++) {
        const algo_desc *a = algo_at(i);
        CHECK(a && a->name && a->supports && a->workspace && a->prepare && a->run && a->release);
        CHECK(algo_find(a->name) == a);
        CHECK(a->tol_exact >= 0 && a->tol_float > 0);
    }
    CHECK(algo_at(algo_count()) == NULL);
    CHECK(algo_find("nope") == NULL);
    CHECK(algo_find("direct") != NULL);
}

static void test_parse_list(void)
{
    const algo_desc *out[8];
    char err[256];
    CHECK_EQ_INT(algo_parse_list("all", out, 8, err, sizeof err), algo_count());
    CHECK_EQ_INT(algo_parse_list("direct", out, 8, err, sizeof err), 1);
    CHECK_STR(out[0]->name, "direct");
    CHECK_EQ_INT(algo_parse_list("direct,direct,all", out, 8, err, sizeof err), algo_count());
    CHECK_EQ_INT(algo_parse_list("direct,bogus", out, 8, err, sizeof err), -1);
    CHECK(strstr(err, "unknown algorithm 'bogus'") && strstr(err, "direct"));
    CHECK_EQ_INT(algo_parse_list("direct,", out, 8, err, sizeof err), -1);
    CHECK(strstr(err, "unknown algorithm ''") != NULL);
}

/* The direct algorithm supports every valid shape small enough for int indexing. */
static void test_direct_supports(void)
{
    const algo_desc *d = algo_find("direct");
    char why[256];
    prob_shape sh = {1, 12, 9, 13, 12, 3, 3, 2, 1, 1, 0, 2, 1, 12, 1};
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    CHECK(d->supports(d, &sh, &m, why, sizeof why) == 1);
    algo_params p = {.kernel_opts = "", .max_workspace = INT64_C(1) << 30};
    int64_t largest, total;
    d->workspace(d, &sh, &m, &p, &largest, &total);
    CHECK(largest > 0 && total >= largest);
    prob_shape big = {64, 1024, 256, 256, 64, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0};
    CHECK(prob_analyze(&big, &m, NULL, 0) == 0);
    CHECK(d->supports(d, &big, &m, why, sizeof why) == 0);
    CHECK(strstr(why, "2^31") != NULL);
}

int main(void)
{
    RUN(test_table);
    RUN(test_parse_list);
    RUN(test_direct_supports);
    return check_summary();
}
