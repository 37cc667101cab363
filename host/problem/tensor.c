/* tensor.c - conversions between the host's fp32 logical tensors and a
 * device's data type and layout. Half precision by its bits (C's _Float16 is
 * not in every compiler here: Clang 14 lacks it on x86), rounding to nearest
 * even as a half store on the device does. */
#include "tensor.h"

#include <math.h>
#include <string.h>

uint16_t tensor_half_from_float(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    uint32_t sign = (x >> 16) & 0x8000, mag = x & 0x7fffffff;
    if (mag > 0x7f800000) /* NaN: quiet, keeping what of the payload fits */
        return (uint16_t)(sign | 0x7e00 | ((mag >> 13) & 0x3ff));
    if (mag >= 0x477ff000) /* 65520 and up (infinity too): rounds past 65504 */
        return (uint16_t)(sign | 0x7c00);
    if (mag < 0x38800000) { /* below 2^-14: a subnormal half, in units of 2^-24 */
        float a;
        memcpy(&a, &mag, sizeof a);
        return (uint16_t)(sign | (uint32_t)lrintf(a * 0x1p24f)); /* ties to even; 1024 is 2^-14 */
    }
    uint32_t m = mag - 0x38000000; /* exponent rebiased from 127 to 15 */
    return (uint16_t)(sign | ((m + 0xfff + ((m >> 13) & 1)) >> 13));
}

float tensor_half_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, e = (h >> 10) & 0x1f, m = h & 0x3ff;
    if (e == 0) {
        float f = (float)m * 0x1p-24f;
        return sign ? -f : f;
    }
    uint32_t x = sign | (e == 31 ? 0x7f800000 : (e + 112) << 23) | (m << 13);
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

static tensor_desc desc(const prob_shape *sh, int channels_last, int64_t a, int64_t b, int64_t c,
                        int64_t d)
{
    tensor_desc t = {(prob_dtype)sh->dtype, channels_last, {a, b, c, d}};
    return t;
}

tensor_desc tensor_input(const prob_shape *sh)
{
    return desc(sh, sh->layout == PROB_NHWC, sh->n, sh->c, sh->h, sh->w);
}

tensor_desc tensor_weights(const prob_shape *sh)
{
    return desc(sh, sh->layout == PROB_NHWC, sh->k, sh->c / sh->groups, sh->r, sh->s);
}

tensor_desc tensor_bias(const prob_shape *sh)
{
    return desc(sh, 0, sh->k, 1, 1, 1);
}

tensor_desc tensor_output(const prob_shape *sh, const prob_metrics *m)
{
    return desc(sh, sh->layout == PROB_NHWC, sh->n, sh->k, m->p, m->q);
}

tensor_desc tensor_of(const prob_shape *sh, const prob_metrics *m, tensor_role r)
{
    return r == TENSOR_IN ? tensor_input(sh) : r == TENSOR_WEI ? tensor_weights(sh)
                                                               : tensor_output(sh, m);
}

tensor_role tensor_result_role(const prob_shape *sh)
{
    static const tensor_role written[PROB_DIR_COUNT] = {TENSOR_OUT, TENSOR_IN, TENSOR_WEI};
    return written[sh->dir];
}

int tensor_is_grad(const prob_shape *sh, tensor_role r)
{
    /* Backward: dY always, and whatever the direction writes. */
    return sh->dir != PROB_FWD && (r == TENSOR_OUT || r == tensor_result_role(sh));
}

const char *tensor_role_name(tensor_role r, int grad)
{
    static const char *const names[TENSOR_ROLE_COUNT][2] = {
        {"input", "input-grad"}, {"weights", "weights-grad"}, {"output", "output-grad"}};
    return names[r][grad != 0];
}

int64_t tensor_elems(const tensor_desc *t)
{
    return t->dims[0] * t->dims[1] * t->dims[2] * t->dims[3];
}

int64_t tensor_bytes(const tensor_desc *t)
{
    return tensor_elems(t) * prob_dtype_size(t->dtype);
}

int tensor_is_host_form(const tensor_desc *t)
{
    return t->dtype == PROB_FP32 && (!t->channels_last || t->dims[1] == 1 ||
                                     t->dims[2] * t->dims[3] == 1);
}

void tensor_round(const tensor_desc *t, float *x)
{
    if (t->dtype != PROB_FP16)
        return;
    int64_t n = tensor_elems(t);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++)
        x[i] = tensor_half_to_float(tensor_half_from_float(x[i]));
}

/* The device index of logical element i (dims 0, 2, 3, 1 when channels-last). */
static int64_t device_index(const tensor_desc *t, int64_t i)
{
    if (!t->channels_last)
        return i;
    const int64_t *d = t->dims;
    int64_t x = i % d[3], y = (i / d[3]) % d[2], c = (i / (d[3] * d[2])) % d[1],
            n = i / (d[3] * d[2] * d[1]);
    return ((n * d[2] + y) * d[3] + x) * d[1] + c;
}

void tensor_pack(const tensor_desc *t, const float *src, void *dst)
{
    int64_t n = tensor_elems(t);
    if (tensor_is_host_form(t)) {
        memcpy(dst, src, (size_t)n * sizeof *src);
        return;
    }
    float *f32 = dst;
    uint16_t *f16 = dst;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        int64_t j = device_index(t, i);
        if (t->dtype == PROB_FP16)
            f16[j] = tensor_half_from_float(src[i]);
        else
            f32[j] = src[i];
    }
}

void tensor_unpack(const tensor_desc *t, const void *src, float *dst)
{
    int64_t n = tensor_elems(t);
    if (tensor_is_host_form(t)) {
        memcpy(dst, src, (size_t)n * sizeof *dst);
        return;
    }
    const float *f32 = src;
    const uint16_t *f16 = src;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        int64_t j = device_index(t, i);
        dst[i] = t->dtype == PROB_FP16 ? tensor_half_to_float(f16[j]) : f32[j];
    }
}
