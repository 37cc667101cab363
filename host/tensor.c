/* tensor.c - conversions between the host's fp32 logical tensors and a
 * device's data type and layout. Half precision is C's _Float16 (GCC and
 * Clang on x86-64): its conversions round to nearest even, as OpenCL's
 * vstore_half_rte and a half store do. */
#include "tensor.h"

#include <string.h>

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
        x[i] = (float)(_Float16)x[i];
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
    _Float16 *f16 = dst;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        int64_t j = device_index(t, i);
        if (t->dtype == PROB_FP16)
            f16[j] = (_Float16)src[i];
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
    const _Float16 *f16 = src;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        int64_t j = device_index(t, i);
        dst[i] = t->dtype == PROB_FP16 ? (float)f16[j] : f32[j];
    }
}
