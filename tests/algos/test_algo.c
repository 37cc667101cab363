/* Tests host/algos/algo.c: the table and the --algo list parser. */
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
    prob_shape sh = {.n = 1, .c = 12, .h = 9, .w = 13, .k = 12, .r = 3, .s = 3, .stride_h = 2,
                     .stride_w = 1, .pad_h = 1, .dil_h = 2, .dil_w = 1, .groups = 12, .bias = 1};
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    CHECK(d->supports(d, &sh, &m, why, sizeof why) == 1);
    algo_params p = {.kernel_opts = "", .max_workspace = INT64_C(1) << 30};
    int64_t largest, total;
    d->workspace(d, &sh, &m, &p, &largest, &total);
    CHECK(largest > 0 && total >= largest);
    prob_shape big = {.n = 64, .c = 1024, .h = 256, .w = 256, .k = 64, .r = 1, .s = 1,
                      .stride_h = 1, .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
    CHECK(prob_analyze(&big, &m, NULL, 0) == 0);
    CHECK(d->supports(d, &big, &m, why, sizeof why) == 0);
    CHECK(strstr(why, "2^31") != NULL);
}

static void test_best_is_pseudo(void)
{
    const algo_desc *out[8];
    char err[256];
    const algo_desc *b = algo_find("best");
    CHECK(b != NULL && b->pseudo == 1);
    CHECK_EQ_INT(algo_parse_list("best,direct", out, 8, err, sizeof err), 2);
    CHECK(out[0] == b);
    for (int i = 0; i < algo_count(); i++) /* "all" and the table never include it */
        CHECK(!algo_at(i)->pseudo);
}

static void test_params(void)
{
    const algo_desc *d = algo_find("direct"), *w = algo_find("winograd-4x3");
    int tune[ALGO_MAX_TUNABLES];
    char err[512] = "", buf[96];
    CHECK(algo_parse_params(d, "QV=16,KT=4", 0, tune, err, sizeof err) == 0);
    CHECK_EQ_INT(tune[0], 4);
    CHECK_EQ_INT(tune[1], 16);
    CHECK_EQ_INT(tune[2], 0);
    CHECK(algo_parse_params(d, "", 0, tune, err, sizeof err) == 0);
    CHECK_EQ_INT(tune[0] + tune[1] + tune[2], 0);
    CHECK(algo_parse_params(d, "WG=auto", 0, tune, err, sizeof err) == 0);
    CHECK_EQ_INT(tune[2], 0);
    /* A value outside the candidates, an unknown name, a malformed item. */
    CHECK(algo_parse_params(d, "KT=5", 0, tune, err, sizeof err) == -1);
    CHECK(strstr(err, "'KT=5'") && strstr(err, "KT=4|8|16"));
    CHECK(algo_parse_params(d, "TV=8", 0, tune, err, sizeof err) == -1);
    CHECK(algo_parse_params(d, "KT", 0, tune, err, sizeof err) == -1);
    CHECK(algo_parse_params(d, "KT=8x", 0, tune, err, sizeof err) == -1);
    /* One --params for several algorithms: names an algorithm lacks are skipped. */
    CHECK(algo_parse_params(w, "QV=8,TV=16,WG=4", 1, tune, err, sizeof err) == 0);
    CHECK_EQ_INT(tune[1], 16);
    algo_format_params(d, (int[]){16, 8, 0}, buf, sizeof buf);
    CHECK_STR(buf, "KT=16,QV=8,WG=auto");
    CHECK(algo_parse_params(d, buf, 0, tune, err, sizeof err) == 0); /* round trip */
    CHECK_EQ_INT(tune[0], 16);
    /* The list tokenizer's white space rule holds for --params as for every list. */
    CHECK(algo_parse_params(d, " KT = 8 ,\tQV=4\r", 0, tune, err, sizeof err) == 0);
    CHECK_EQ_INT(tune[0], 8);
    CHECK_EQ_INT(tune[1], 4);
}

/* Regression: "--params KT" (no value) was reported as "no algorithm has a
 * parameter"; it is an item that is not NAME=VALUE. */
static void test_regress_params_without_value_misreported(void)
{
    int tune[ALGO_MAX_TUNABLES];
    char err[512] = "";
    CHECK(algo_parse_params(algo_find("direct"), "KT", 1, tune, err, sizeof err) == -1);
    CHECK(strstr(err, "'KT' is not NAME=VALUE") != NULL);
}

/* Regression: an INI "algo = direct, im2col" was refused as algorithm
 * ' im2col' while number lists accepted the space. */
static void test_regress_algo_list_space_refused(void)
{
    const algo_desc *out[16];
    char err[512] = "";
    CHECK_EQ_INT(algo_parse_list("direct, im2col\r", out, 16, err, sizeof err), 2);
    CHECK(algo_parse_list("direct,,im2col", out, 16, err, sizeof err) == -1);
}

int main(void)
{
    RUN(test_best_is_pseudo);
    RUN(test_params);
    RUN(test_regress_params_without_value_misreported);
    RUN(test_regress_algo_list_space_refused);
    RUN(test_table);
    RUN(test_parse_list);
    RUN(test_direct_supports);
    return check_summary();
}
