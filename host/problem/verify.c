/* verify.c - fills and comparison against the reference. */
#include "verify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const vfy_fill_names[VFY_FILL_COUNT] = {[VFY_FILL_EXACT] = "exact",
                                                    [VFY_FILL_FLOAT] = "float"};
const char *const vfy_mode_names[VFY_MODE_COUNT] = {[VFY_FULL] = "full", [VFY_SAMPLE] = "sample",
                                                    [VFY_NONE] = "none"};

/* splitmix64: a counter-based generator, so element i needs no state from i-1. */
static uint64_t mix(uint64_t z)
{
    z += UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

int vfy_exact_range(int64_t reduction, int bits)
{
    const int64_t limit = INT64_C(1) << bits;
    for (int m = 8; m >= 1; m--)
        if (reduction <= (limit - m) / ((int64_t)m * m))
            return m;
    return 0;
}

void vfy_tol_fp16(int64_t n, int accum_half, double *rel, double *nrmse)
{
    const double u = 0x1.0p-11;
    if (accum_half) {
        *rel = u * (1 + sqrt((double)n));
        *nrmse = u * sqrt((double)n);
    } else {
        *rel = *nrmse = u + (double)n * 0x1.0p-24;
    }
}

void vfy_fill_tensor(float *x, int64_t n, vfy_fill fill, int range, uint64_t seed, uint64_t stream)
{
    uint64_t base = mix(seed ^ mix(stream));
    int span = 2 * (range > 0 ? range : 1) + 1;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        uint64_t r = mix(base + (uint64_t)i);
        if (fill == VFY_FILL_EXACT)
            x[i] = (float)((int)(r % (uint64_t)span) - (span - 1) / 2);
        else
            x[i] = (float)((double)(r >> 11) * 0x1.0p-53 * 2.0 - 1.0);
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void vfy_sample_indices(int64_t *idx, int64_t count, int64_t total, uint64_t seed)
{
    for (int64_t i = 0; i < count; i++)
        idx[i] = (int64_t)(mix(seed + (uint64_t)i) % (uint64_t)total);
    if (count > 0)
        idx[0] = 0;
    if (count > 1)
        idx[count - 1] = total - 1;
    qsort(idx, (size_t)count, sizeof *idx, cmp_i64);
}

/* Keeps res->worst sorted by rel_err, worst first. */
static void note_worst(vfy_result *res, vfy_point pt)
{
    int n = res->worst_count;
    if (n == VFY_WORST && !(pt.rel_err > res->worst[n - 1].rel_err))
        return;
    int i = n < VFY_WORST ? n++ : n - 1;
    while (i > 0 && pt.rel_err > res->worst[i - 1].rel_err) {
        res->worst[i] = res->worst[i - 1];
        i--;
    }
    res->worst[i] = pt;
    res->worst_count = n;
}

/* One thread: on a CPU device, OpenMP threads here contend with the
 * runtime's own and took 4x longer (880 ms against 234 ms over ResNet-50 at
 * batch 8). */
int64_t vfy_compare(const float *got, const double *ref, const double *mag, const int64_t *idx,
                    int64_t count, double tol, vfy_result *res)
{
    memset(res, 0, sizeof *res);
    double err2 = 0, ref2 = 0;
    for (int64_t i = 0; i < count; i++) {
        double g = got[i], e = ref[i];
        double abs_err = fabs(g - e);
        /* A zero scale means every term was zero: any difference is a full
         * error. No division where there is no error (most outputs of an
         * exact algorithm on the exact fill). */
        double rel_err = abs_err > 0 ? (mag[i] > 0 ? abs_err / mag[i] : INFINITY) : 0;
        int finite = isfinite(g);
        if (!finite) {
            res->nonfinite++;
            abs_err = rel_err = INFINITY;
        }
        res->checked++;
        if (e == 0)
            res->zeros++;
        if (abs_err > res->max_abs_err)
            res->max_abs_err = abs_err;
        if (rel_err > res->max_rel_err)
            res->max_rel_err = rel_err;
        if (finite) {
            err2 += (g - e) * (g - e);
            ref2 += e * e;
        }
        if (!finite || rel_err > tol) {
            res->bad++;
            vfy_point pt = {idx ? idx[i] : i, e, g, abs_err, rel_err};
            note_worst(res, pt);
        }
    }
    res->nrmse = res->nonfinite ? INFINITY : (ref2 > 0 ? sqrt(err2 / ref2) : sqrt(err2));
    return res->bad;
}
