/* Tests host/problem.c: output sizes, validation, FLOP, parameter and FC counts. */
#include "check.h"
#include "problem.h"

static prob_shape shape(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t r,
                        int64_t s, int64_t stride, int64_t pad)
{
    prob_shape sh = {n, c, h, w, k, r, s, stride, stride, pad, pad, 1, 1, 1, 0};
    return sh;
}

static void test_out_dim(void)
{
    CHECK_EQ_INT(prob_out_dim(224, 3, 7, 2, 1), 112);   /* ResNet-50 conv1 */
    CHECK_EQ_INT(prob_out_dim(56, 1, 3, 2, 1), 28);
    CHECK_EQ_INT(prob_out_dim(56, 0, 1, 2, 1), 28);
    CHECK_EQ_INT(prob_out_dim(16, 2, 3, 1, 2), 16);     /* dilation 2 keeps size with pad 2 */
    CHECK_EQ_INT(prob_out_dim(20, 3, 3, 3, 1), 8);      /* floor((20+6-3)/3)+1 */
    CHECK_EQ_INT(prob_out_dim(2, 0, 7, 1, 1), 0);       /* filter larger than input */
}

/* ResNet-50 conv1 at batch 1, computed by hand:
 * FLOPs = 2*1*64*3*7*7*112*112 = 236,027,904; params = 64*3*49 + 64 = 9,472;
 * FC: in 3*224*224 = 150,528, out 64*112*112 = 802,816,
 *     params 150,528*802,816 + 802,816 = 120,846,286,848 + 802,816 = 120,847,089,664,
 *     FLOPs 2*150,528*802,816 = 241,692,573,696. */
static void test_resnet_conv1_counts(void)
{
    prob_shape sh = shape(1, 3, 224, 224, 64, 7, 7, 2, 3);
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    CHECK_EQ_INT(m.p, 112);
    CHECK_EQ_INT(m.q, 112);
    CHECK_NEAR(m.flops, 236027904.0, 0);
    CHECK_EQ_INT(m.conv_params, 9472);
    CHECK_NEAR(m.fc_params, 120847089664.0, 0);
    CHECK_NEAR(m.fc_flops, 241692573696.0, 0);
    CHECK_EQ_INT(m.in_bytes, 4 * 3 * 224 * 224);
    CHECK_EQ_INT(m.out_bytes, 4 * 64 * 112 * 112);
    CHECK_EQ_INT(m.reduction, 147);
}

/* Grouped: C=8, K=6, G=2, 3x3 pad 1 on 10x10, N=2: Cg = 4.
 * FLOPs = 2*2*6*4*9*10*10 = 86,400; params = 6*4*9 + 6 = 222. */
static void test_groups_counts(void)
{
    prob_shape sh = shape(2, 8, 10, 10, 6, 3, 3, 1, 1);
    sh.groups = 2;
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    CHECK_NEAR(m.flops, 86400.0, 0);
    CHECK_EQ_INT(m.conv_params, 222);
    CHECK_EQ_INT(m.wei_elems, 216);
    CHECK_NEAR(m.fc_flops, 2.0 * 2 * (8 * 100) * (6 * 100), 0);
}

static void expect_invalid(prob_shape sh, const char *needle)
{
    char err[256] = "";
    CHECK(prob_analyze(&sh, NULL, err, sizeof err) == -1);
    if (!strstr(err, needle)) {
        check_failures++;
        fprintf(stderr, "message '%s' does not name '%s'\n", err, needle);
    }
}

static void test_invalid_shapes(void)
{
    prob_shape ok = shape(1, 8, 10, 10, 8, 3, 3, 1, 1);
    prob_shape sh = ok;
    sh.c = 0;
    expect_invalid(sh, "in_channels (c) = 0");
    sh = ok;
    sh.stride_w = -1;
    expect_invalid(sh, "stride_w (v) = -1");
    sh = ok;
    sh.groups = 3;
    expect_invalid(sh, "not divisible by groups");
    sh = ok;
    sh.k = 6;
    sh.groups = 4;
    sh.c = 8;
    expect_invalid(sh, "out_channels (k) = 6");
    sh = ok;
    sh.r = 13;
    expect_invalid(sh, "kernel_h (y) = 13");
    sh = ok;
    sh.dil_w = 6; /* span 13 > 12 */
    expect_invalid(sh, "kernel_w (x) = 3 (dilated span 13)");
    sh = ok;
    sh.pad_h = -1;
    expect_invalid(sh, "pad_h (p) = -1");
    sh = shape(100000, 100000, 100000, 100000, 64, 1, 1, 1, 0);
    expect_invalid(sh, "overflow");
    sh = ok;
    sh.bias = 2;
    expect_invalid(sh, "bias = 2");
}

static void test_format(void)
{
    char buf[128];
    prob_shape sh = shape(1, 3, 224, 224, 64, 7, 7, 2, 3);
    prob_format(&sh, buf, sizeof buf);
    CHECK_STR(buf, "n1 c3 224x224 k64 7x7 s2 p3");
    sh = shape(2, 8, 10, 12, 8, 1, 3, 1, 0);
    sh.pad_w = 1;
    sh.dil_h = 2;
    sh.groups = 8;
    sh.bias = 1;
    prob_format(&sh, buf, sizeof buf);
    CHECK_STR(buf, "n2 c8 10x12 k8 1x3 p0x1 d2x1 g8 +b");
}

static void test_keys_distinct(void)
{
    prob_shape a = {8, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0};
    prob_shape b = a;
    b.stride_w = 2;
    prob_shape c = a;
    c.bias = 1;
    char ka[128], kb[128], kc[128];
    prob_key(&a, ka, sizeof ka);
    prob_key(&b, kb, sizeof kb);
    prob_key(&c, kc, sizeof kc);
    CHECK(strcmp(ka, kb) != 0);
    CHECK(strcmp(ka, kc) != 0);
    CHECK(strchr(ka, ' ') == NULL);
}

int main(void)
{
    RUN(test_keys_distinct);
    RUN(test_out_dim);
    RUN(test_resnet_conv1_counts);
    RUN(test_groups_counts);
    RUN(test_invalid_shapes);
    RUN(test_format);
    return check_summary();
}
