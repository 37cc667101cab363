/* problem.c - convolution shape validation and work counts. */
#include "problem.h"
#include <errno.h>
#include <ctype.h>

#include <stdlib.h>
#include "errmsg.h"

#include <stdio.h>
#include <string.h>

const char *const prob_dtype_names[PROB_DTYPE_COUNT] = {[PROB_FP32] = "fp32",
                                                        [PROB_FP16] = "fp16"};
const char *const prob_layout_names[PROB_LAYOUT_COUNT] = {[PROB_NCHW] = "nchw",
                                                          [PROB_NHWC] = "nhwc"};
const char *const prob_dir_names[PROB_DIR_COUNT] = {
    [PROB_FWD] = "fwd", [PROB_BWD_DATA] = "bwd-data", [PROB_BWD_WEIGHTS] = "bwd-weights"};

int prob_dtype_size(prob_dtype dtype)
{
    return dtype == PROB_FP16 ? 2 : 4;
}

/* The descriptor of a problem: its fields, their names arrays and defaults,
 * in prob_fields' order after the shape's. */
typedef struct desc_field {
    size_t off;
    const char *const *names;
    int count;
} desc_field;

static const desc_field desc_fields[PROB_NFIELDS - PROB_NSHAPE] = {
    {offsetof(prob_shape, dtype), prob_dtype_names, PROB_DTYPE_COUNT},
    {offsetof(prob_shape, layout), prob_layout_names, PROB_LAYOUT_COUNT},
    {offsetof(prob_shape, dir), prob_dir_names, PROB_DIR_COUNT},
    {offsetof(prob_shape, accum), prob_dtype_names, PROB_DTYPE_COUNT},
};

static int *desc_at(prob_shape *sh, int i)
{
    return (int *)((char *)sh + desc_fields[i].off);
}

int64_t prob_out_dim(int64_t in, int64_t pad, int64_t filter, int64_t stride, int64_t dil)
{
    if (stride <= 0)
        return 0;
    int64_t span = (filter - 1) * dil + 1;
    int64_t room = in + 2 * pad - span;
    return room < 0 ? 0 : room / stride + 1;
}

#define FAIL(...) ERRMSG_RETURN(err, errlen, __VA_ARGS__)

/* a*b into *out; nonzero on overflow of int64. */
static int mul_ovf(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_mul_overflow(a, b, out);
}

static int mul3_ovf(int64_t a, int64_t b, int64_t c, int64_t *out)
{
    int64_t t;
    return mul_ovf(a, b, &t) || mul_ovf(t, c, out);
}

int prob_analyze(const prob_shape *sh, prob_metrics *m, char *err, size_t errlen)
{
    const struct { const char *name; int64_t v; int64_t min; } lim[] = {
        {"batch (n)", sh->n, 1},          {"in_channels (c)", sh->c, 1},
        {"height (H)", sh->h, 1},         {"width (W)", sh->w, 1},
        {"out_channels (k)", sh->k, 1},   {"kernel_h (y)", sh->r, 1},
        {"kernel_w (x)", sh->s, 1},       {"stride_h (u)", sh->stride_h, 1},
        {"stride_w (v)", sh->stride_w, 1}, {"pad_h (p)", sh->pad_h, 0},
        {"pad_w (q)", sh->pad_w, 0},      {"dilation_h (l)", sh->dil_h, 1},
        {"dilation_w (j)", sh->dil_w, 1}, {"groups (g)", sh->groups, 1},
    };
    for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++)
        if (lim[i].v < lim[i].min)
            FAIL("%s = %lld: expected an integer >= %lld", lim[i].name,
                 (long long)lim[i].v, (long long)lim[i].min);
    if (sh->bias != 0 && sh->bias != 1)
        FAIL("bias = %d: expected 0 or 1", sh->bias);
    for (int i = 0; i < PROB_NFIELDS - PROB_NSHAPE; i++) {
        int v = *desc_at((prob_shape *)sh, i);
        if (v < 0 || v >= desc_fields[i].count)
            FAIL("%s = %d: not one of its %d choices", prob_fields[PROB_NSHAPE + i], v,
                 desc_fields[i].count);
    }
    if (sh->c % sh->groups)
        FAIL("in_channels (c) = %lld is not divisible by groups (g) = %lld",
             (long long)sh->c, (long long)sh->groups);
    if (sh->k % sh->groups)
        FAIL("out_channels (k) = %lld is not divisible by groups (g) = %lld",
             (long long)sh->k, (long long)sh->groups);

    /* Sizes far below int64 limits are checked first so the span math cannot overflow. */
    const int64_t big = INT64_C(1) << 40;
    if (sh->r > big || sh->s > big || sh->dil_h > big || sh->dil_w > big ||
        sh->pad_h > big || sh->pad_w > big || sh->h > big || sh->w > big)
        FAIL("a size or padding exceeds 2^40: byte counts would overflow");
    int64_t span_h = (sh->r - 1) * sh->dil_h + 1, span_w = (sh->s - 1) * sh->dil_w + 1;
    if (span_h > sh->h + 2 * sh->pad_h)
        FAIL("kernel_h (y) = %lld (dilated span %lld) is larger than the padded input height %lld",
             (long long)sh->r, (long long)span_h, (long long)(sh->h + 2 * sh->pad_h));
    if (span_w > sh->w + 2 * sh->pad_w)
        FAIL("kernel_w (x) = %lld (dilated span %lld) is larger than the padded input width %lld",
             (long long)sh->s, (long long)span_w, (long long)(sh->w + 2 * sh->pad_w));

    prob_metrics mm = {0};
    mm.p = prob_out_dim(sh->h, sh->pad_h, sh->r, sh->stride_h, sh->dil_h);
    mm.q = prob_out_dim(sh->w, sh->pad_w, sh->s, sh->stride_w, sh->dil_w);
    int64_t cg = sh->c / sh->groups;
    int64_t t, chw, kpq, esize = prob_dtype_size((prob_dtype)sh->dtype);
    if (mul3_ovf(sh->n, sh->c, sh->h, &t) || mul_ovf(t, sh->w, &mm.in_elems) ||
        mul3_ovf(sh->k, cg, sh->r, &t) || mul_ovf(t, sh->s, &mm.wei_elems) ||
        mul3_ovf(sh->n, sh->k, mm.p, &t) || mul_ovf(t, mm.q, &mm.out_elems) ||
        mul3_ovf(cg, sh->r, sh->s, &mm.reduction) ||
        mul3_ovf(sh->c, sh->h, sh->w, &chw) || mul3_ovf(sh->k, mm.p, mm.q, &kpq) ||
        mul_ovf(mm.in_elems, esize, &mm.in_bytes) || mul_ovf(mm.wei_elems, esize, &mm.wei_bytes) ||
        mul_ovf(mm.out_elems, esize, &mm.out_bytes))
        FAIL("tensor sizes overflow 64-bit counts (n=%lld c=%lld H=%lld W=%lld k=%lld)",
             (long long)sh->n, (long long)sh->c, (long long)sh->h, (long long)sh->w,
             (long long)sh->k);
    mm.bias_elems = sh->bias ? sh->k : 0;
    mm.bias_bytes = mm.bias_elems * esize;
    mm.conv_params = mm.wei_elems + sh->k;
    mm.flops = 2.0 * (double)mm.out_elems * (double)mm.reduction;
    const int64_t terms[PROB_DIR_COUNT] = {mm.reduction, sh->k / sh->groups * sh->r * sh->s,
                                           sh->n * mm.p * mm.q};
    const int64_t elems[PROB_DIR_COUNT] = {mm.out_elems, mm.in_elems, mm.wei_elems};
    mm.terms = terms[sh->dir];
    mm.result_elems = elems[sh->dir];
    mm.fc_params = (double)chw * (double)kpq + (double)kpq;
    mm.fc_flops = 2.0 * (double)sh->n * (double)chw * (double)kpq;
    if (m)
        *m = mm;
    return 0;
}

/* The descriptor's fields that differ from the default (index 0), each after
 * sep: " fp16 nhwc acc-fp16". The accumulation is named only when it is not
 * the data type's own. */
static void desc_suffix(const prob_shape *sh, const char *sep, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < PROB_NFIELDS - PROB_NSHAPE && o < len; i++) {
        int v = *desc_at((prob_shape *)sh, i);
        if (v <= 0 || v >= desc_fields[i].count)
            continue;
        int acc = desc_fields[i].off == offsetof(prob_shape, accum);
        o += (size_t)snprintf(buf + o, len - o, "%s%s%s", sep, acc ? "acc-" : "",
                              desc_fields[i].names[v]);
    }
}

void prob_format(const prob_shape *sh, char *buf, size_t len)
{
    int o = snprintf(buf, len, "n%lld c%lld %lldx%lld k%lld %lldx%lld",
                     (long long)sh->n, (long long)sh->c, (long long)sh->h, (long long)sh->w,
                     (long long)sh->k, (long long)sh->r, (long long)sh->s);
    /* Only non-default strides, pads, dilations and groups are shown, to keep rows short. */
    const struct { const char *tag; int64_t a, b, dflt; } ex[] = {
        {"s", sh->stride_h, sh->stride_w, 1}, {"p", sh->pad_h, sh->pad_w, 0},
        {"d", sh->dil_h, sh->dil_w, 1},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0] && o >= 0 && (size_t)o < len; i++) {
        if (ex[i].a == ex[i].dflt && ex[i].b == ex[i].dflt)
            continue;
        if (ex[i].a == ex[i].b)
            o += snprintf(buf + o, len - o, " %s%lld", ex[i].tag, (long long)ex[i].a);
        else
            o += snprintf(buf + o, len - o, " %s%lldx%lld", ex[i].tag, (long long)ex[i].a,
                          (long long)ex[i].b);
    }
    if (sh->groups != 1 && o >= 0 && (size_t)o < len)
        o += snprintf(buf + o, len - o, " g%lld", (long long)sh->groups);
    if (sh->bias && o >= 0 && (size_t)o < len)
        o += snprintf(buf + o, len - o, " +b");
    if (o >= 0 && (size_t)o < len)
        desc_suffix(sh, " ", buf + o, len - (size_t)o);
}

void prob_key(const prob_shape *sh, char *buf, size_t len)
{
    int o = snprintf(buf, len, "n%lld-c%lld-%lldx%lld-k%lld-%lldx%lld-u%lldx%lld-p%lldx%lld-d%lldx%lld-g%lld-b%d",
             (long long)sh->n, (long long)sh->c, (long long)sh->h, (long long)sh->w,
             (long long)sh->k, (long long)sh->r, (long long)sh->s, (long long)sh->stride_h,
             (long long)sh->stride_w, (long long)sh->pad_h, (long long)sh->pad_w,
             (long long)sh->dil_h, (long long)sh->dil_w, (long long)sh->groups, sh->bias);
    if (o >= 0 && (size_t)o < len)
        desc_suffix(sh, "-", buf + o, len - (size_t)o);
}

void prob_format_desc(const prob_shape *sh, char *buf, size_t len)
{
    int o = snprintf(buf, len, "%s %s", prob_dtype_names[sh->dtype], prob_layout_names[sh->layout]);
    if (sh->dir != PROB_FWD && o >= 0 && (size_t)o < len)
        o += snprintf(buf + o, len - (size_t)o, " %s", prob_dir_names[sh->dir]);
    if (sh->accum != PROB_FP32 && o >= 0 && (size_t)o < len)
        snprintf(buf + o, len - (size_t)o, " acc-%s", prob_dtype_names[sh->accum]);
}

int prob_same_desc(const prob_shape *a, const prob_shape *b)
{
    return a->dtype == b->dtype && a->layout == b->layout && a->dir == b->dir &&
           a->accum == b->accum;
}

const char *const prob_fields[PROB_NFIELDS] = {"n",        "c",     "h",     "w",     "k",
                                               "r",        "s",     "stride_h", "stride_w",
                                               "pad_h",    "pad_w", "dil_h", "dil_w",
                                               "groups",   "bias",  "dtype", "layout",
                                               "direction", "accum"};

int prob_from_fields(prob_shape *sh, const char *const *v, char *err, size_t errlen)
{
    int64_t *f[PROB_NSHAPE - 1] = {&sh->n,        &sh->c,        &sh->h,     &sh->w,
                                    &sh->k,        &sh->r,        &sh->s,     &sh->stride_h,
                                    &sh->stride_w, &sh->pad_h,    &sh->pad_w, &sh->dil_h,
                                    &sh->dil_w,    &sh->groups};
    int64_t bias = 0;
    for (int i = 0; i < PROB_NSHAPE; i++) {
        int64_t *dst = i < PROB_NSHAPE - 1 ? f[i] : &bias;
        char *end;
        errno = 0;
        *dst = strtoll(v[i], &end, 10);
        if (!isdigit((unsigned char)v[i][0]) || *end || errno)
            FAIL("%s = '%s' is not a whole number", prob_fields[i], v[i]);
    }
    sh->bias = bias != 0;
    for (int i = 0; i < PROB_NFIELDS - PROB_NSHAPE; i++) {
        const desc_field *d = &desc_fields[i];
        const char *x = v[PROB_NSHAPE + i];
        int k = 0;
        while (x && k < d->count && strcmp(d->names[k], x) != 0)
            k++;
        if (x && k == d->count) {
            char list[64] = "";
            for (int j = 0, o = 0; j < d->count && o >= 0 && (size_t)o < sizeof list; j++)
                o += snprintf(list + o, sizeof list - (size_t)o, "%s%s", j ? ", " : "",
                              d->names[j]);
            FAIL("%s = '%s' is not one of %s", prob_fields[PROB_NSHAPE + i], x, list);
        }
        *desc_at(sh, i) = x ? k : 0;
    }
    return 0;
}
