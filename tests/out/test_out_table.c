/* Tests host/out/out_table.c: the stdout table's columns. */
#include "check.h"
#include "out_table.h"

/* Regression: the table cut shapes at 30 characters, names at 18 and
 * algorithms at 21 without a mark, so a cut name read as another. */
static void test_regress_silent_truncation(void)
{
    char buf[32];
    CHECK_STR(table_fit(buf, sizeof buf, "res2a", 18), "res2a");
    CHECK_STR(table_fit(buf, sizeof buf, "exactly_eighteen_c", 18), "exactly_eighteen_c");
    CHECK_STR(table_fit(buf, sizeof buf, "resnet50_stage4_block3_conv2", 18), "resnet50_stage4_b~");

    result r;
    memset(&r, 0, sizeof r);
    snprintf(r.layer, sizeof r.layer, "resnet50_stage4_block3_conv2");
    snprintf(r.algo, sizeof r.algo, "winograd-4x3");
    r.sh = (prob_shape){.n = 128, .c = 1024, .h = 1024, .w = 1024, .k = 2048, .r = 11, .s = 11,
                        .stride_h = 1, .stride_w = 1, .pad_h = 10, .pad_w = 10, .dil_h = 3,
                        .dil_w = 3, .groups = 1};
    r.timer = -1;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    table_row(f, &r);
    fclose(f);
    CHECK(strncmp(text, "resnet50_stage4_b~ ", 19) == 0);
    CHECK(strstr(text, "~ winograd-4x3") != NULL); /* the shape, cut and marked */
    free(text);
}

int main(void)
{
    RUN(test_regress_silent_truncation);
    return check_summary();
}
