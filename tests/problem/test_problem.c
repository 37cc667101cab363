/* Tests host/problem/problem.c: output sizes, validation, FLOP, parameter and FC counts. */
#include "check.h"
#include "problem.h"

static prob_shape shape(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t r,
                        int64_t s, int64_t stride, int64_t pad)
{
    prob_shape sh = {.n = n, .c = c, .h = h, .w = w, .k = k, .r = r, .s = s, .stride_h = stride,
                     .stride_w = stride, .pad_h = pad, .pad_w = pad, .dil_h = 1, .dil_w = 1,
                     .groups = 1};
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
    prob_shape a = {.n = 8, .c = 64, .h = 56, .w = 56, .k = 64, .r = 3, .s = 3, .stride_h = 1,
                    .stride_w = 1, .pad_h = 1, .pad_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
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

/* The descriptor is in the key (an fp16 row and its fp32 twin are two tuning
 * database entries, two compare rows), while an fp32 NCHW forward problem
 * keeps the key it had before the descriptor existed: the tuning databases
 * and CSVs written then still match. */
static void test_key_descriptor(void)
{
    prob_shape a = shape(8, 64, 56, 56, 64, 3, 3, 1, 1);
    char ka[160], kb[160], buf[128];
    prob_key(&a, ka, sizeof ka);
    CHECK_STR(ka, "n8-c64-56x56-k64-3x3-u1x1-p1x1-d1x1-g1-b0");
    prob_shape b = a;
    b.dtype = PROB_FP16;
    b.accum = PROB_FP16;
    b.layout = PROB_NHWC;
    prob_key(&b, kb, sizeof kb);
    CHECK_STR(kb, "n8-c64-56x56-k64-3x3-u1x1-p1x1-d1x1-g1-b0-fp16-nhwc-acc-fp16");
    b.accum = PROB_FP32;
    prob_key(&b, kb, sizeof kb);
    CHECK_STR(kb, "n8-c64-56x56-k64-3x3-u1x1-p1x1-d1x1-g1-b0-fp16-nhwc");
    b.dir = PROB_BWD_WEIGHTS;
    prob_format(&b, buf, sizeof buf);
    CHECK_STR(buf, "n8 c64 56x56 k64 3x3 p1 fp16 nhwc bwd-weights");
}

/* Bytes follow the element size; the FLOP counts do not. */
static void test_fp16_bytes(void)
{
    prob_shape a = shape(2, 3, 5, 7, 4, 3, 3, 1, 1);
    a.bias = 1;
    prob_metrics m32, m16;
    CHECK(prob_analyze(&a, &m32, NULL, 0) == 0);
    a.dtype = PROB_FP16;
    CHECK(prob_analyze(&a, &m16, NULL, 0) == 0);
    CHECK(m16.in_bytes * 2 == m32.in_bytes && m16.wei_bytes * 2 == m32.wei_bytes);
    CHECK(m16.out_bytes * 2 == m32.out_bytes && m16.bias_bytes * 2 == m32.bias_bytes);
    CHECK(m16.flops == m32.flops && m16.in_elems == m32.in_elems);
    a.layout = 7;
    char err[160];
    CHECK(prob_analyze(&a, &m16, err, sizeof err) == -1);
    CHECK(strstr(err, "layout = 7") != NULL);
}

/* A CSV older than schema 6 has no descriptor columns (NULL): the defaults.
 * A value that is not a name is refused, naming the field and the choices. */
static void test_fields_descriptor(void)
{
    const char *v[PROB_NFIELDS] = {"8", "64", "56", "56", "64", "3", "3", "1", "1",
                                   "1", "1", "1", "1", "1", "0"};
    prob_shape sh;
    char err[160];
    memset(&sh, 0xff, sizeof sh);
    CHECK(prob_from_fields(&sh, v, err, sizeof err) == 0);
    CHECK(sh.dtype == PROB_FP32 && sh.layout == PROB_NCHW && sh.dir == PROB_FWD &&
          sh.accum == PROB_FP32);
    v[15] = "fp16";
    v[16] = "nhwc";
    v[17] = "bwd-data";
    v[18] = "fp16";
    CHECK(prob_from_fields(&sh, v, err, sizeof err) == 0);
    CHECK(sh.dtype == PROB_FP16 && sh.layout == PROB_NHWC && sh.dir == PROB_BWD_DATA &&
          sh.accum == PROB_FP16);
    v[17] = "backward";
    CHECK(prob_from_fields(&sh, v, err, sizeof err) == -1);
    CHECK_STR(err, "direction = 'backward' is not one of fwd, bwd-data, bwd-weights");
    v[17] = "fwd";
    v[0] = "8x";
    CHECK(prob_from_fields(&sh, v, err, sizeof err) == -1);
    CHECK_STR(err, "n = '8x' is not a whole number");
}

/* Each direction sums its own terms into its own result: the output over
 * (C/G)RS, dX over at most (K/G)RS, dW over N*P*Q; the FLOPs are the same. */
static void test_direction_terms(void)
{
    prob_shape sh = {.n = 3, .c = 8, .h = 10, .w = 12, .k = 6, .r = 3, .s = 5, .stride_h = 2,
                     .stride_w = 1, .pad_h = 1, .pad_w = 2, .dil_h = 1, .dil_w = 1, .groups = 2};
    prob_metrics f, d, w;
    CHECK(prob_analyze(&sh, &f, NULL, 0) == 0);
    sh.dir = PROB_BWD_DATA;
    CHECK(prob_analyze(&sh, &d, NULL, 0) == 0);
    sh.dir = PROB_BWD_WEIGHTS;
    CHECK(prob_analyze(&sh, &w, NULL, 0) == 0);
    CHECK_EQ_INT(f.terms, 4 * 3 * 5);
    CHECK_EQ_INT(f.result_elems, f.out_elems);
    CHECK_EQ_INT(d.terms, 3 * 3 * 5);
    CHECK_EQ_INT(d.result_elems, 3 * 8 * 10 * 12);
    CHECK_EQ_INT(w.terms, 3 * f.p * f.q);
    CHECK_EQ_INT(w.result_elems, 6 * 4 * 3 * 5);
    CHECK_NEAR(d.flops, f.flops, 0);
    CHECK_NEAR(w.flops, f.flops, 0);
    CHECK_EQ_INT(w.conv_params, f.conv_params);
}

int main(void)
{
    RUN(test_keys_distinct);
    RUN(test_key_descriptor);
    RUN(test_fp16_bytes);
    RUN(test_direction_terms);
    RUN(test_fields_descriptor);
    RUN(test_out_dim);
    RUN(test_resnet_conv1_counts);
    RUN(test_groups_counts);
    RUN(test_invalid_shapes);
    RUN(test_format);
    return check_summary();
}
