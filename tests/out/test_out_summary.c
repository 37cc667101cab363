/* Tests host/out/out_summary.c: the network totals after a sweep. */
#include "check.h"
#include "out_summary.h"

static result row(const char *layer, const char *algo, int64_t n, int dtype, int layout,
                  double ms)
{
    result r;
    memset(&r, 0, sizeof r);
    snprintf(r.layer, sizeof r.layer, "%s", layer);
    snprintf(r.algo, sizeof r.algo, "%s", algo);
    r.sh = (prob_shape){.n = n, .c = 8, .h = 8, .w = 8, .k = 8, .r = 3, .s = 3, .stride_h = 1,
                        .stride_w = 1, .pad_h = 1, .pad_w = 1, .dil_h = 1, .dil_w = 1,
                        .groups = 1, .dtype = dtype, .layout = layout};
    CHECK(prob_analyze(&r.sh, &r.m, NULL, 0) == 0);
    r.count = 1;
    r.status = RES_PASS;
    r.timer = TIMING_EVENTS;
    r.t.median = ms;
    return r;
}

static char *summary_text(const result *rs, int n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    summary_print(f, rs, n, "net.ini");
    fclose(f);
    return text;
}

/* Regression: a sweep over --dtype fp32,fp16 --layout nchw,nhwc summed its
 * four networks into one total per batch ("92 layers" for ResNet-50's 23,
 * four times its FLOPs per image, "incomplete" wherever fp16 was skipped). */
static void test_regress_totals_mixed_descriptors(void)
{
    result rs[] = {
        row("a", "direct", 1, PROB_FP32, PROB_NCHW, 1.0),
        row("b", "direct", 1, PROB_FP32, PROB_NCHW, 2.0),
        row("a", "direct", 1, PROB_FP16, PROB_NHWC, 10.0),
        row("b", "direct", 1, PROB_FP16, PROB_NHWC, 20.0),
    };
    char *text = summary_text(rs, 4);
    CHECK(strstr(text, "2 layers, 2 convolutions per image") != NULL);
    CHECK(strstr(text, "fp32 nchw         direct                 2/2          3.000") != NULL);
    CHECK(strstr(text, "fp16 nhwc         direct                 2/2         30.000") != NULL);
    CHECK(strstr(text, "incomplete") == NULL);
    free(text);
}

/* A training step: forward + backward data + backward weights of every
 * layer but the first one's backward data; images per second for training
 * beside inference. Layers a (first) and b, batch 2. */
static void test_training_step_skips_first_layer_bwd_data(void)
{
    result rs[6];
    const double ms[3][2] = {{1, 2}, {100, 4}, {8, 16}}; /* [direction][layer] */
    for (int d = 0; d < 3; d++)
        for (int l = 0; l < 2; l++) {
            result *r = &rs[d * 2 + l];
            *r = row(l ? "b" : "a", "best", 2, PROB_FP32, PROB_NCHW, ms[d][l]);
            r->sh.dir = d;
            CHECK(prob_analyze(&r->sh, &r->m, NULL, 0) == 0);
        }
    char *text = summary_text(rs, 6);
    /* step = 3 + 4 + 24 = 31 ms: 2 / 0.031 = 64.5 images/s; inference 2 / 0.003. */
    CHECK(strstr(text, "     2  fp32 nchw    best                   3.000       4.000      "
                       "24.000      31.000       64.5      666.7") != NULL);
    free(text);
    /* Without backward weights there is no training step to show. */
    text = summary_text(rs, 4);
    CHECK(strstr(text, "training step") == NULL);
    free(text);
}

/* The descriptor column names every non-default field. */
static void test_desc_names_accumulation(void)
{
    result r = row("a", "direct", 1, PROB_FP16, PROB_NCHW, 1.0);
    r.sh.accum = PROB_FP16;
    char *text = summary_text(&r, 1);
    CHECK(strstr(text, "fp16 nchw acc-fp16") != NULL);
    free(text);
}

int main(void)
{
    RUN(test_regress_totals_mixed_descriptors);
    RUN(test_desc_names_accumulation);
    RUN(test_training_step_skips_first_layer_bwd_data);
    return check_summary();
}
