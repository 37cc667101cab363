/* Tests host/problem/tokens.c: the one tokenizer of comma-separated values. */
#include "check.h"
#include "tokens.h"

static void test_trim(void)
{
    size_t len;
    const char *t = tokens_trim(" \t\f16\r\n", &len);
    CHECK(len == 2 && strncmp(t, "16", 2) == 0);
    t = tokens_trim(" \r ", &len);
    CHECK_EQ_INT(len, 0);
}

static void test_split(void)
{
    char buf[] = " 1 ,\f2\r,, 3\v", *items[8];
    CHECK_EQ_INT(tokens_split(buf, items, 8), 4);
    CHECK_STR(items[0], "1");
    CHECK_STR(items[1], "2");
    CHECK_STR(items[2], ""); /* empty: the caller refuses it */
    CHECK_STR(items[3], "3");
    char one[] = "direct", *single[1];
    CHECK_EQ_INT(tokens_split(one, single, 1), 1);
    CHECK_STR(single[0], "direct");
}

static void test_split_refuses_more_than_cap(void)
{
    char buf[] = "1,2,3", *items[2];
    CHECK_EQ_INT(tokens_split(buf, items, 2), -1);
}

int main(void)
{
    RUN(test_trim);
    RUN(test_split);
    RUN(test_split_refuses_more_than_cap);
    return check_summary();
}
