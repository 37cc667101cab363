/* Tests host/run/reference.c against convolutions worked out by hand. */
#include "check.h"
#include "problem.h"
#include "reference.h"

#include <math.h>
#include <stdlib.h>

static void run_ref(const prob_shape *sh, const float *in, const float *w, const float *b,
                    double *out, double *mag)
{
    prob_metrics m;
    CHECK(prob_analyze(sh, &m, NULL, 0) == 0);
    ref_conv(sh, &m, in, w, b, NULL, m.out_elems, out, mag);
}

/* 1x1x3x3 input 1..9, 2x2 filter [1 0; 0 -1] (cross-correlation, not flipped):
 * out[p][q] = x[p][q] - x[p+1][q+1] = -4 everywhere; mag = x + x' . */
static void test_plain(void)
{
    prob_shape sh = {.n = 1, .c = 1, .h = 3, .w = 3, .k = 1, .r = 2, .s = 2, .stride_h = 1,
                     .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
    float in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[4] = {1, 0, 0, -1};
    double out[4], mag[4];
    run_ref(&sh, in, w, NULL, out, mag);
    for (int i = 0; i < 4; i++)
        CHECK_NEAR(out[i], -4, 0);
    CHECK_NEAR(mag[0], 1 + 5, 0);
    CHECK_NEAR(mag[3], 5 + 9, 0);
}

/* Padding 1, stride 2, bias 10, 3x3 all-ones filter on the same input:
 * outputs at (0,0): sum of x[0..1][0..1] = 1+2+4+5 = 12 (+10);
 * (0,1): x[0..1][1..2] = 2+3+5+6 = 16; (1,0): 4+5+7+8 = 24; (1,1): 5+6+8+9 = 28. */
static void test_pad_stride_bias(void)
{
    prob_shape sh = {.n = 1, .c = 1, .h = 3, .w = 3, .k = 1, .r = 3, .s = 3, .stride_h = 2,
                     .stride_w = 2, .pad_h = 1, .pad_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1,
                     .bias = 1};
    float in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, b[1] = {10};
    double out[4], mag[4];
    run_ref(&sh, in, w, b, out, mag);
    CHECK_NEAR(out[0], 22, 0);
    CHECK_NEAR(out[1], 26, 0);
    CHECK_NEAR(out[2], 34, 0);
    CHECK_NEAR(out[3], 38, 0);
    CHECK_NEAR(mag[0], 22, 0);
}

/* Dilation 2: a 2x2 filter touches x[p][q], x[p][q+2], x[p+2][q], x[p+2][q+2]:
 * on the 3x3 input with all-ones weights, one output: 1+3+7+9 = 20. */
static void test_dilation(void)
{
    prob_shape sh = {.n = 1, .c = 1, .h = 3, .w = 3, .k = 1, .r = 2, .s = 2, .stride_h = 1,
                     .stride_w = 1, .dil_h = 2, .dil_w = 2, .groups = 1};
    float in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[4] = {1, 1, 1, 1};
    double out[1], mag[1];
    run_ref(&sh, in, w, NULL, out, mag);
    CHECK_NEAR(out[0], 20, 0);
}

/* Groups 2, C = K = 2, 1x1: each output channel sees only its own input channel.
 * Input channel 0 = 1..4, channel 1 = 10..40; weights 2 and 3; batch 2 where
 * image 1 is image 0 negated. */
static void test_groups_batch(void)
{
    prob_shape sh = {.n = 2, .c = 2, .h = 2, .w = 2, .k = 2, .r = 1, .s = 1, .stride_h = 1,
                     .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 2};
    float in[16] = {1, 2, 3, 4, 10, 20, 30, 40, -1, -2, -3, -4, -10, -20, -30, -40};
    float w[2] = {2, 3};
    double out[16], mag[16];
    run_ref(&sh, in, w, NULL, out, mag);
    for (int i = 0; i < 4; i++) {
        CHECK_NEAR(out[i], 2 * (i + 1), 0);
        CHECK_NEAR(out[4 + i], 30 * (i + 1), 0);
        CHECK_NEAR(out[8 + i], -2 * (i + 1), 0);
        CHECK_NEAR(out[12 + i], -30 * (i + 1), 0);
    }
}

/* Sampled indices give the same values as the full computation. */
static void test_sampled_matches_full(void)
{
    prob_shape sh = {.n = 2, .c = 3, .h = 5, .w = 6, .k = 4, .r = 3, .s = 2, .stride_h = 1,
                     .stride_w = 2, .pad_h = 1, .dil_h = 1, .dil_w = 1, .groups = 1, .bias = 1};
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    float in[180], w[72], b[4] = {1, -2, 3, -4};
    for (int i = 0; i < 180; i++)
        in[i] = (float)((i * 7) % 11 - 5);
    for (int i = 0; i < 72; i++)
        w[i] = (float)((i * 5) % 7 - 3);
    double full[256], fmag[256], some[3], smag[3];
    int64_t idx[3] = {0, 17, m.out_elems - 1};
    ref_conv(&sh, &m, in, w, b, NULL, m.out_elems, full, fmag);
    ref_conv(&sh, &m, in, w, b, idx, 3, some, smag);
    for (int i = 0; i < 3; i++) {
        CHECK_NEAR(some[i], full[idx[i]], 0);
        CHECK_NEAR(smag[i], fmag[idx[i]], 0);
    }
}

/* The whole-output path (GEMMs) and the sampled one (plain loops) are
 * independent computations; on random floats, every shape feature at once,
 * they agree to double rounding. */
static void test_gemm_matches_loops_on_floats(void)
{
    prob_shape sh = {.n = 2, .c = 6, .h = 7, .w = 9, .k = 4, .r = 3, .s = 2, .stride_h = 2,
                     .stride_w = 1, .pad_h = 2, .pad_w = 1, .dil_h = 1, .dil_w = 3,
                     .groups = 2, .bias = 1};
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    float in[756], w[72], b[4] = {0.5f, -0.25f, 0.125f, 1.5f};
    CHECK(m.in_elems == 756 && m.wei_elems == 72);
    for (int i = 0; i < 756; i++)
        in[i] = (float)sin(i * 0.37) * 0.9f;
    for (int i = 0; i < 72; i++)
        w[i] = (float)cos(i * 0.71) * 0.8f;
    double full[512], fmag[512], one, omag;
    CHECK(m.out_elems <= 512);
    ref_conv(&sh, &m, in, w, b, NULL, m.out_elems, full, fmag);
    for (int64_t i = 0; i < m.out_elems; i++) {
        ref_conv(&sh, &m, in, w, b, &i, 1, &one, &omag);
        CHECK_NEAR(full[i], one, 1e-13 * omag);
        CHECK_NEAR(fmag[i], omag, 1e-13 * omag);
    }
}

/* Integers whose sum passes 2^24: single precision would round it, so the
 * reference must not take its exact float path. 4097 * 4097 * 2 = 33570818,
 * which float cannot hold (its nearest are ...816 and ...820). */
static void test_large_integers_stay_exact(void)
{
    prob_shape sh = {.n = 1, .c = 2, .h = 1, .w = 1, .k = 1, .r = 1, .s = 1, .stride_h = 1,
                     .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
    float in[2] = {4097, 4097}, w[2] = {4097, 4097};
    double out[1], mag[1];
    run_ref(&sh, in, w, NULL, out, mag);
    CHECK_NEAR(out[0], 33570818.0, 0);
}

/* An image whose im2col matrix passes the 2^24-element chunk: the columns on
 * both sides of the boundary are right. 1x1, C = 4096, 64x65 map. */
static void test_column_chunks(void)
{
    prob_shape sh = {.n = 1, .c = 4096, .h = 64, .w = 65, .k = 2, .r = 1, .s = 1,
                     .stride_h = 1, .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    float *in = malloc((size_t)m.in_elems * sizeof *in), w[8192];
    double *out = malloc((size_t)m.out_elems * sizeof *out),
           *mag = malloc((size_t)m.out_elems * sizeof *mag), one, omag;
    CHECK(in && out && mag);
    for (int64_t i = 0; i < m.in_elems; i++)
        in[i] = (float)(i % 5 - 2);
    for (int i = 0; i < 8192; i++)
        w[i] = (float)(i % 3 - 1);
    ref_conv(&sh, &m, in, w, NULL, NULL, m.out_elems, out, mag);
    int64_t idx[] = {0, 4095, 4096, 4159, 4160, m.out_elems - 1};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
        ref_conv(&sh, &m, in, w, NULL, &idx[i], 1, &one, &omag);
        CHECK_NEAR(out[idx[i]], one, 0);
        CHECK_NEAR(mag[idx[i]], omag, 0);
    }
    free(in);
    free(out);
    free(mag);
}

int main(void)
{
    RUN(test_plain);
    RUN(test_pad_stride_bias);
    RUN(test_dilation);
    RUN(test_groups_batch);
    RUN(test_sampled_matches_full);
    RUN(test_gemm_matches_loops_on_floats);
    RUN(test_large_integers_stay_exact);
    RUN(test_column_chunks);
    return check_summary();
}
