/* Tests host/run/reference.c against convolutions worked out by hand. */
#include "check.h"
#include "problem.h"
#include "reference.h"

#include <math.h>
#include <stdlib.h>

/* The forward reference with the tensors by name. */
static int ref_fwd(const prob_shape *sh, const prob_metrics *m, float *in, float *w,
                   const float *b, const int64_t *idx, int64_t count, double *ref, double *mag)
{
    float *t[TENSOR_ROLE_COUNT] = {in, w, NULL};
    return ref_compute(sh, m, t, b, idx, count, ref, mag);
}

static void run_ref(const prob_shape *sh, float *in, float *w, const float *b,
                    double *out, double *mag)
{
    prob_metrics m;
    CHECK(prob_analyze(sh, &m, NULL, 0) == 0);
    ref_fwd(sh, &m, in, w, b, NULL, m.out_elems, out, mag);
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
    ref_fwd(&sh, &m, in, w, b, NULL, m.out_elems, full, fmag);
    ref_fwd(&sh, &m, in, w, b, idx, 3, some, smag);
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
    ref_fwd(&sh, &m, in, w, b, NULL, m.out_elems, full, fmag);
    for (int64_t i = 0; i < m.out_elems; i++) {
        ref_fwd(&sh, &m, in, w, b, &i, 1, &one, &omag);
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
    ref_fwd(&sh, &m, in, w, NULL, NULL, m.out_elems, out, mag);
    int64_t idx[] = {0, 4095, 4096, 4159, 4160, m.out_elems - 1};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
        ref_fwd(&sh, &m, in, w, NULL, &idx[i], 1, &one, &omag);
        CHECK_NEAR(out[idx[i]], one, 0);
        CHECK_NEAR(mag[idx[i]], omag, 0);
    }
    free(in);
    free(out);
    free(mag);
}

/* Every shape feature at once (stride, padding, dilation, groups, batch),
 * for the backward directions. */
static const prob_shape awkward = {.n = 2, .c = 6, .h = 7, .w = 9, .k = 4, .r = 3, .s = 2,
                                   .stride_h = 2, .stride_w = 1, .pad_h = 2, .pad_w = 1,
                                   .dil_h = 1, .dil_w = 3, .groups = 2};

static void fill_wave(float *x, int64_t n, double f)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)sin((double)i * f + 0.3) * 0.9f;
}

/* The adjoint identities the backward passes are defined by: for any X, W, dY,
 * <conv(X, W), dY> = <X, bwd_data(dY, W)> = <W, bwd_weights(X, dY)>. Each side
 * comes from a different direction's GEMMs, so a transposed index in any of
 * them breaks the equality. */
static void test_backward_adjoint_identities(void)
{
    prob_shape sh = awkward;
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    float *x = malloc(m.in_elems * sizeof *x), *w = malloc(m.wei_elems * sizeof *w),
          *dy = malloc(m.out_elems * sizeof *dy);
    double *y = malloc(m.out_elems * sizeof *y), *dx = malloc(m.in_elems * sizeof *dx),
           *dw = malloc(m.wei_elems * sizeof *dw),
           *mag = malloc((m.in_elems + m.out_elems + m.wei_elems) * sizeof *mag);
    fill_wave(x, m.in_elems, 0.37);
    fill_wave(w, m.wei_elems, 0.71);
    fill_wave(dy, m.out_elems, 0.53);
    float *t[TENSOR_ROLE_COUNT] = {x, w, dy};
    CHECK(ref_compute(&sh, &m, t, NULL, NULL, m.out_elems, y, mag) == 0);
    sh.dir = PROB_BWD_DATA;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0 && m.result_elems == m.in_elems);
    CHECK(ref_compute(&sh, &m, t, NULL, NULL, m.in_elems, dx, mag) == 0);
    sh.dir = PROB_BWD_WEIGHTS;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0 && m.result_elems == m.wei_elems);
    CHECK(m.terms == sh.n * m.p * m.q);
    CHECK(ref_compute(&sh, &m, t, NULL, NULL, m.wei_elems, dw, mag) == 0);
    double a = 0, b = 0, c = 0;
    for (int64_t i = 0; i < m.out_elems; i++)
        a += y[i] * dy[i];
    for (int64_t i = 0; i < m.in_elems; i++)
        b += x[i] * dx[i];
    for (int64_t i = 0; i < m.wei_elems; i++)
        c += w[i] * dw[i];
    CHECK(fabs(a) > 1);
    CHECK_NEAR(b, a, 1e-11 * fabs(a));
    CHECK_NEAR(c, a, 1e-11 * fabs(a));
    free(x), free(w), free(dy), free(y), free(dx), free(dw), free(mag);
}

/* Backward GEMMs against the backward loops, element by element, values and
 * magnitudes, on floats and on integers (the single-precision path). */
static void backward_gemm_matches_loops(prob_dir dir, int integers)
{
    prob_shape sh = awkward;
    sh.dir = dir;
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    float *x = malloc(m.in_elems * sizeof *x), *w = malloc(m.wei_elems * sizeof *w),
          *dy = malloc(m.out_elems * sizeof *dy);
    fill_wave(x, m.in_elems, 0.37);
    fill_wave(w, m.wei_elems, 0.71);
    fill_wave(dy, m.out_elems, 0.53);
    for (int64_t i = 0; integers && i < m.out_elems; i++)
        dy[i] = roundf(dy[i] * 4);
    for (int64_t i = 0; integers && i < m.in_elems; i++)
        x[i] = roundf(x[i] * 4);
    for (int64_t i = 0; integers && i < m.wei_elems; i++)
        w[i] = roundf(w[i] * 4);
    float *t[TENSOR_ROLE_COUNT] = {dir == PROB_BWD_DATA ? NULL : x, dir == PROB_BWD_WEIGHTS ? NULL : w, dy};
    double *full = malloc(m.result_elems * sizeof *full), *fmag = malloc(m.result_elems * sizeof *fmag);
    CHECK(ref_compute(&sh, &m, t, NULL, NULL, m.result_elems, full, fmag) == 0);
    int zeros = 0;
    for (int64_t i = 0; i < m.result_elems; i++) {
        double one, omag;
        CHECK(ref_compute(&sh, &m, t, NULL, &i, 1, &one, &omag) == 0);
        CHECK_NEAR(full[i], one, integers ? 0 : 1e-13 * omag);
        CHECK_NEAR(fmag[i], omag, integers ? 0 : 1e-13 * omag);
        zeros += omag == 0;
    }
    /* Padding and stride leave some dX pixels untouched, never most. */
    CHECK(zeros * 4 < m.result_elems);
    free(x), free(w), free(dy), free(full), free(fmag);
}

static void test_bwd_data_gemm_matches_loops(void)
{
    backward_gemm_matches_loops(PROB_BWD_DATA, 0);
    backward_gemm_matches_loops(PROB_BWD_DATA, 1);
}

static void test_bwd_weights_gemm_matches_loops(void)
{
    backward_gemm_matches_loops(PROB_BWD_WEIGHTS, 0);
    backward_gemm_matches_loops(PROB_BWD_WEIGHTS, 1);
}

/* By hand: 1x1x3x3 input, 2x2 filter [1 0; 0 -1], stride 1: dY all ones
 * (2x2) gives dX[i][j] = (number of outputs reading it with w=1) - (with w=-1):
 * corners 1, 0, 0 / 0, 0, 0 / 0, 0, -1 plus the edges. */
static void test_bwd_data_by_hand(void)
{
    prob_shape sh = {.n = 1, .c = 1, .h = 3, .w = 3, .k = 1, .r = 2, .s = 2, .stride_h = 1,
                     .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1, .dir = PROB_BWD_DATA};
    prob_metrics m;
    CHECK(prob_analyze(&sh, &m, NULL, 0) == 0);
    float w[4] = {1, 0, 0, -1}, dy[4] = {1, 2, 3, 4};
    float *t[TENSOR_ROLE_COUNT] = {NULL, w, dy};
    double dx[9], mag[9];
    /* dX[h][w] = dY[h][w]*w00 (if in range) - dY[h-1][w-1]*w11 (if in range). */
    const double want[9] = {1, 2, 0, 3, 4 - 1, -2, 0, -3, -4};
    CHECK(ref_compute(&sh, &m, t, NULL, NULL, 9, dx, mag) == 0);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(dx[i], want[i], 0);
    CHECK_NEAR(mag[4], 5, 0);
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
    RUN(test_backward_adjoint_identities);
    RUN(test_bwd_data_gemm_matches_loops);
    RUN(test_bwd_weights_gemm_matches_loops);
    RUN(test_bwd_data_by_hand);
    return check_summary();
}
