/* Tests host/problem/verify.c: fills, the exactness bound, and the comparison. */
#include "check.h"
#include "verify.h"

#include <stdlib.h>

static void test_exact_range(void)
{
    CHECK_EQ_INT(vfy_exact_range(9, 24), 8);
    CHECK_EQ_INT(vfy_exact_range(4608, 24), 8);          /* 512*3*3: 4608*64+8 < 2^24 */
    /* The bound must really hold: reduction*m*m + m <= 2^24, and m+1 must fail it. */
    for (int64_t red = 1; red < (INT64_C(1) << 25); red = red * 3 + 1) {
        int m = vfy_exact_range(red, 24);
        if (m == 0) {
            CHECK(red + 1 > (INT64_C(1) << 24));
            continue;
        }
        CHECK(red * m * m + m <= (INT64_C(1) << 24));
        if (m < 8)
            CHECK(red * (m + 1) * (m + 1) + (m + 1) > (INT64_C(1) << 24));
    }
}

/* Half's 11-bit significand: integer sums stay exact up to 2^11. */
static void test_exact_range_half(void)
{
    CHECK_EQ_INT(vfy_exact_range(9, 11), 8);      /* 9*64+8 = 584 */
    CHECK_EQ_INT(vfy_exact_range(576, 11), 1);    /* 64*3*3: 576*4+2 > 2048 */
    CHECK_EQ_INT(vfy_exact_range(2048, 11), 0);   /* 2048+1 > 2048 */
}

/* The fp16 tolerances at their edge: an error just inside passes, one just
 * outside fails, for the per-output bound and for the L2 bound, with either
 * accumulation. */
static void test_fp16_tolerance_edge(void)
{
    enum { n = 64 };
    double ref[n], mag[n];
    float got[n];
    for (int accum_half = 0; accum_half <= 1; accum_half++) {
        double rel, l2;
        vfy_tol_fp16(576, accum_half, &rel, &l2);
        CHECK(rel > 0x1.0p-11 && rel < 0.02 && l2 > 0 && l2 <= rel);
        for (double f = 0.98; f < 1.03; f += 0.04) {
            for (int i = 0; i < n; i++) {
                ref[i] = 1000.0;
                mag[i] = 1000.0;
                got[i] = (float)(i == 7 ? 1000.0 + f * rel * 1000.0 : 1000.0);
            }
            vfy_result v;
            int64_t bad = vfy_compare(got, ref, mag, NULL, n, rel, &v);
            CHECK_EQ_INT(bad, f < 1 ? 0 : 1);
            /* every output off by f * l2: nrmse is f * l2 */
            for (int i = 0; i < n; i++)
                got[i] = (float)(1000.0 * (1 + f * l2));
            vfy_compare(got, ref, mag, NULL, n, rel, &v);
            CHECK(f < 1 ? v.nrmse <= l2 : v.nrmse > l2);
        }
    }
    double r32, l32, r16, l16;
    vfy_tol_fp16(4608, 0, &r32, &l32);
    vfy_tol_fp16(4608, 1, &r16, &l16);
    CHECK(r16 > r32); /* accumulating in half costs accuracy */
}

static void test_fills(void)
{
    enum { n = 10000 };
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    vfy_fill_tensor(a, n, VFY_FILL_EXACT, 3, 7, 1);
    int seen[7] = {0};
    for (int i = 0; i < n; i++) {
        CHECK(a[i] == (float)(int)a[i] && a[i] >= -3 && a[i] <= 3);
        if (a[i] >= -3 && a[i] <= 3)
            seen[(int)a[i] + 3] = 1;
    }
    for (int v = 0; v < 7; v++)
        CHECK(seen[v]); /* every value in the range occurs */
    vfy_fill_tensor(b, n, VFY_FILL_EXACT, 3, 7, 1);
    CHECK(memcmp(a, b, n * sizeof *a) == 0); /* deterministic */
    vfy_fill_tensor(b, n, VFY_FILL_EXACT, 3, 7, 2);
    CHECK(memcmp(a, b, n * sizeof *a) != 0); /* streams differ */
    vfy_fill_tensor(a, n, VFY_FILL_FLOAT, 0, 7, 1);
    double sum = 0;
    int fractional = 0;
    for (int i = 0; i < n; i++) {
        CHECK(a[i] >= -1 && a[i] < 1);
        sum += a[i];
        fractional += a[i] != (float)(int)a[i];
    }
    CHECK(fabs(sum / n) < 0.05);
    CHECK(fractional > n - 10);
    free(a);
    free(b);
}

static void test_sample_indices(void)
{
    int64_t idx[100];
    vfy_sample_indices(idx, 100, 1000, 3);
    CHECK_EQ_INT(idx[0], 0);
    CHECK_EQ_INT(idx[99], 999);
    for (int i = 1; i < 100; i++)
        CHECK(idx[i] >= idx[i - 1] && idx[i] < 1000);
}

static void test_compare(void)
{
    float got[5] = {1, 2, 3, 4, 5};
    double ref[5] = {1, 2, 3, 4, 5}, mag[5] = {10, 10, 10, 10, 10};
    vfy_result r;
    CHECK_EQ_INT(vfy_compare(got, ref, mag, NULL, 5, 0, &r), 0);
    CHECK_NEAR(r.max_rel_err, 0, 0);
    CHECK_EQ_INT(r.checked, 5);

    /* Relative error is measured against sum|x*w| (mag), not the result itself. */
    got[1] = 2.5f;  /* rel 0.05 */
    got[3] = 5.0f;  /* rel 0.1 */
    CHECK_EQ_INT(vfy_compare(got, ref, mag, NULL, 5, 0.07, &r), 1);
    CHECK_NEAR(r.max_rel_err, 0.1, 1e-12);
    CHECK_NEAR(r.max_abs_err, 1.0, 0);
    CHECK_EQ_INT(r.worst_count, 1);
    CHECK_EQ_INT(r.worst[0].index, 3);
    CHECK_EQ_INT(vfy_compare(got, ref, mag, NULL, 5, 0, &r), 2);
    CHECK_EQ_INT(r.worst[0].index, 3); /* worst first */
    CHECK_EQ_INT(r.worst[1].index, 1);

    /* NaN and infinity always fail, whatever the tolerance. */
    got[1] = 2;
    got[3] = 4;
    got[2] = NAN;
    got[4] = INFINITY;
    int64_t idx[5] = {10, 11, 12, 13, 14};
    CHECK_EQ_INT(vfy_compare(got, ref, mag, idx, 5, 1e30, &r), 2);
    CHECK_EQ_INT(r.nonfinite, 2);
    CHECK(r.worst[0].index == 12 || r.worst[0].index == 14);

    /* A nonzero result where every term was zero is a full error. */
    float g1[1] = {1};
    double r1[1] = {0}, m1[1] = {0};
    CHECK_EQ_INT(vfy_compare(g1, r1, m1, NULL, 1, 0.5, &r), 1);
    CHECK_EQ_INT(r.zeros, 1);
}

static void test_worst_kept_bounded(void)
{
    enum { n = 50 };
    float got[n];
    double ref[n], mag[n];
    for (int i = 0; i < n; i++) {
        ref[i] = 0;
        mag[i] = 1;
        got[i] = (float)i; /* error grows with i */
    }
    vfy_result r;
    CHECK_EQ_INT(vfy_compare(got, ref, mag, NULL, n, 0.5, &r), n - 1);
    CHECK_EQ_INT(r.worst_count, VFY_WORST);
    for (int i = 0; i < VFY_WORST; i++)
        CHECK_EQ_INT(r.worst[i].index, n - 1 - i);
}

int main(void)
{
    RUN(test_exact_range);
    RUN(test_exact_range_half);
    RUN(test_fp16_tolerance_edge);
    RUN(test_fills);
    RUN(test_sample_indices);
    RUN(test_compare);
    RUN(test_worst_kept_bounded);
    return check_summary();
}
