/* Tests host/problem/tensor.c: half conversions (every half value round-trips; floats
 * round to nearest even, overflow, subnormals, NaN), the device forms'
 * sizes, and NHWC packing as an index permutation that unpacks back. */
#include "check.h"
#include "tensor.h"

#include <math.h>
#include <stdlib.h>

static float bits_float(uint32_t x)
{
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

static void test_half_round_trip(void)
{
    int bad = 0;
    for (uint32_t h = 0; h < 0x10000; h++) {
        if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff)) /* NaNs: payloads aside */
            continue;
        bad += tensor_half_from_float(tensor_half_to_float((uint16_t)h)) != h;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(isnan(tensor_half_to_float(0x7e00)));
}

static void test_half_rounding(void)
{
    const struct { float f; uint16_t h; } cases[] = {
        {1.0f, 0x3c00},          {-2.0f, 0xc000},          {0.1f, 0x2e66},
        {65504.0f, 0x7bff},      {65519.0f, 0x7bff},       {65520.0f, 0x7c00}, /* ties to even: inf */
        {1e10f, 0x7c00},         {-INFINITY, 0xfc00},      {0x1p-24f, 0x0001},
        {0x1p-25f, 0x0000},      /* a tie between 0 and 2^-24: even, 0 */
        {0x1.8p-24f, 0x0002},    /* 1.5 units: ties to even, 2 */
        {0x1p-14f, 0x0400},      /* the smallest normal */
        {0x1.ffcp-15f, 0x0400},  /* just below it rounds up into it */
        {1.0f + 0x1p-11f, 0x3c00}, /* a tie: even, 1.0 */
        {1.0f + 0x1.8p-10f, 0x3c02}, /* 1.5 ulps: ties to even, 2 */
        {-0.0f, 0x8000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint16_t got = tensor_half_from_float(cases[i].f);
        if (got != cases[i].h)
            fprintf(stderr, "  %a -> 0x%04x, expected 0x%04x\n", cases[i].f, got, cases[i].h);
        CHECK(got == cases[i].h);
    }
    CHECK((tensor_half_from_float(bits_float(0x7fc00001)) & 0x7e00) == 0x7e00); /* NaN stays */
}

static void test_pack_nhwc(void)
{
    prob_shape sh = {.n = 2, .c = 3, .h = 4, .w = 5, .k = 6, .r = 3, .s = 2, .stride_h = 1,
                     .stride_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1,
                     .layout = PROB_NHWC, .dtype = PROB_FP16};
    tensor_desc t = tensor_input(&sh);
    CHECK_EQ_INT(tensor_elems(&t), 120);
    CHECK_EQ_INT(tensor_bytes(&t), 240);
    CHECK(!tensor_is_host_form(&t));
    float x[120], back[120];
    uint16_t dev[120];
    for (int i = 0; i < 120; i++)
        x[i] = (float)i; /* exact in half */
    tensor_pack(&t, x, dev);
    /* logical (n=1, c=2, y=3, x=4) is element ((1*4 + 3)*5 + 4)*3 + 2 of NHWC */
    CHECK(tensor_half_to_float(dev[((1 * 4 + 3) * 5 + 4) * 3 + 2]) ==
          x[((1 * 3 + 2) * 4 + 3) * 5 + 4]);
    tensor_unpack(&t, dev, back);
    CHECK(memcmp(x, back, sizeof x) == 0);
    /* weights: KRSC, the same permutation of K C R S */
    tensor_desc w = tensor_weights(&sh);
    CHECK(w.channels_last && w.dims[0] == 6 && w.dims[1] == 3 && w.dims[2] == 3 && w.dims[3] == 2);
    /* fp32 NCHW is the host's own form */
    sh.dtype = PROB_FP32;
    sh.layout = PROB_NCHW;
    t = tensor_input(&sh);
    CHECK(tensor_is_host_form(&t));
}

int main(void)
{
    RUN(test_half_round_trip);
    RUN(test_half_rounding);
    RUN(test_pack_nhwc);
    return check_summary();
}
