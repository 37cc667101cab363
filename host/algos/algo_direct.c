/* algo_direct.c - host side of the direct convolution (kernels/direct.cl).
 *
 * prepare packs the weights once into [group][channel block][c][r][s][KT] so the
 * KT weights of a tap are adjacent (in inference weights are fixed, so this is
 * one-off work, reported as prepare time). run is the convolution kernel,
 * preceded by a pass that writes a zero-padded copy of the input when the
 * problem has padding or the last column tile would read past a row: that pass
 * is part of every run and of its time.
 */
#include "algo.h"

#include <stdio.h>
#include <stdlib.h>

extern const algo_desc algo_direct_bwd;

typedef struct direct_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel pad, conv; /* pad is NULL when the input is read as it is */
    cl_mem packed, padded;
    size_t pad_global, global[3], local[3]; /* local[0] 0: the driver picks */
} direct_state;

enum { T_KT, T_QV, T_WG };
static const algo_tunable tunables[] = {
    [T_KT] = {"KT", "output channels per work-item (register tile)", {4, 8, 16}, 3},
    [T_QV] = {"QV", "adjacent output columns per work-item (vector width)", {4, 8, 16}, 3},
    [T_WG] = {"WG", "work-items per work-group along the output row", {1, 4, 16, 64}, 4, 1},
};

/* The kernel's geometry: register tile of KT output channels x QV output
 * columns per work-item, and the (padded) input it reads. */
typedef struct {
    int64_t kt, qv, wg; /* wg 0: the driver's work-group size */
    int64_t gsh, gsw;   /* strides of the copy pad_input makes (1: a plain copy) */
    int64_t ksh, ksw;   /* the strides the convolution kernel then applies */
    int64_t hp, wp;     /* input rows and columns as the kernel sees them */
    int padded;         /* 1 when pad_input makes that copy */
} direct_plan;

/* tune: the tunables' values (0: default), or NULL for all defaults. The
 * default tile is 8 x 8, narrowed to the output's channels and columns. */
static direct_plan make_plan(const prob_shape *sh, const prob_metrics *m, const int *tune)
{
    int64_t kg = sh->k / sh->groups;
    direct_plan d = {.kt = kg < 8 ? kg : 8, .qv = 8};
    while (d.qv > 1 && d.qv / 2 >= m->q)
        d.qv /= 2;
    if (tune && tune[T_KT])
        d.kt = tune[T_KT];
    if (tune && tune[T_QV])
        d.qv = tune[T_QV];
    d.wg = tune ? tune[T_WG] : 0;
    /* A strided 1x1 convolution reads only every stride-th pixel: the copy
     * gathers those into a dense input once, and the kernel runs with stride
     * 1, instead of every channel block re-reading the rows with strided
     * loads (measured 1.9x slower on ResNet-50's shortcut layers). */
    int gather = sh->r == 1 && sh->s == 1 && !sh->pad_h && !sh->pad_w &&
                 (sh->stride_h > 1 || sh->stride_w > 1);
    d.gsh = gather ? sh->stride_h : 1;
    d.gsw = gather ? sh->stride_w : 1;
    d.ksh = sh->stride_h / d.gsh;
    d.ksw = sh->stride_w / d.gsw;
    /* Columns one tap's vector load touches, by the kernel's load_tap paths. */
    int64_t load = d.ksw == 1                  ? d.qv
                   : (d.ksw == 2 && d.qv <= 8) ? 2 * d.qv
                                               : (d.qv - 1) * d.ksw + 1;
    int64_t last_tile = (m->q + d.qv - 1) / d.qv - 1;
    int64_t need_w = last_tile * d.qv * d.ksw + (sh->s - 1) * sh->dil_w + load;
    /* NHWC: the copy is where the input becomes channel-planar. */
    d.padded = gather || sh->pad_h || sh->pad_w || need_w > sh->w || sh->layout == PROB_NHWC;
    d.hp = gather ? m->p : sh->h + 2 * sh->pad_h;
    d.wp = gather ? m->q : sh->w + 2 * sh->pad_w;
    if (need_w > d.wp)
        d.wp = need_w;
    return d;
}

static int64_t packed_elems(const prob_shape *sh, const prob_metrics *m, const direct_plan *d)
{
    int64_t kg = sh->k / sh->groups;
    return sh->groups * ((kg + d->kt - 1) / d->kt) * d->kt * m->reduction;
}

static int64_t padded_elems(const prob_shape *sh, const direct_plan *d)
{
    return d->padded ? sh->n * sh->c * d->hp * d->wp : 0;
}

static int direct_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                           char *why, size_t len)
{
    (void)a;
    const int64_t lim = INT64_C(1) << 31;
    direct_plan d = make_plan(sh, m, NULL);
    if (m->in_elems >= lim || m->out_elems >= lim || packed_elems(sh, m, &d) >= lim ||
        padded_elems(sh, &d) >= lim) {
        snprintf(why, len,
                 "a tensor has 2^31 elements or more; the direct kernel indexes with int");
        return 0;
    }
    return 1;
}

static void direct_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                             const algo_params *p, int64_t *largest, int64_t *total)
{
    (void)a;
    direct_plan d = make_plan(sh, m, p->tune);
    int64_t es = prob_dtype_size(sh->dtype);
    int64_t packed = packed_elems(sh, m, &d) * es, padded = padded_elems(sh, &d) * es;
    *largest = packed > padded ? packed : padded;
    *total = packed + padded;
}

static int direct_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                          const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                          void **out, algo_prep_info *info)
{
    direct_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    direct_plan d = make_plan(sh, m, p->tune);
    algo_format_params(a, (int[]){(int)d.kt, (int)d.qv, (int)d.wg}, info->params,
                       sizeof info->params);
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, sh, m);
    const kopts_item defs[] = {
        {"SH", d.ksh}, {"SW", d.ksw}, {"HP", d.hp}, {"WP", d.wp},
        {"GSH", d.gsh}, {"GSW", d.gsw}, {"KT", d.kt}, {"QV", d.qv},
    };
    kopts_defs(&k, defs, sizeof defs / sizeof defs[0]);
    kopts_add(&k, p->kernel_opts);
    if (algo_build(ctx, "direct", NULL, &k, &st->prog, info))
        return -1;

    int64_t packed = packed_elems(sh, m, &d), padded = padded_elems(sh, &d);
    int64_t es = prob_dtype_size(sh->dtype);
    if (!(st->packed = clrt_buffer(ctx, CL_MEM_READ_WRITE, packed * es, NULL)))
        return -1;
    if (d.padded) {
        st->pad_global = (size_t)padded;
        if (!(st->padded = clrt_buffer(ctx, CL_MEM_READ_WRITE, padded * es, NULL)) ||
            !(st->pad = clrt_kernel(st->prog, "pad_input", 2, (cl_mem[]){bufs->in, st->padded})))
            return -1;
    }
    size_t n = (size_t)packed;
    if (algo_prepare_weights(ctx, st->prog, "reorder_weights", bufs->wei, st->packed, 1, &n, info))
        return -1;
    cl_mem conv_args[4] = {d.padded ? st->padded : bufs->in, st->packed, bufs->bias, bufs->out};
    if (!(st->conv = clrt_kernel(st->prog, "conv_direct", 4, conv_args)))
        return -1;
    int64_t kg = sh->k / sh->groups;
    int64_t qb = (m->q + d.qv - 1) / d.qv;
    if (d.wg) { /* OpenCL 1.2: the global size must be a multiple of the local size */
        qb = (qb + d.wg - 1) / d.wg * d.wg;
        st->local[0] = (size_t)d.wg;
        st->local[1] = st->local[2] = 1;
    }
    st->global[0] = (size_t)qb;
    st->global[1] = (size_t)m->p;
    st->global[2] = (size_t)(sh->n * sh->groups * ((kg + d.kt - 1) / d.kt));
    return 0;
}

static int direct_run(void *state, clrt_spans *spans)
{
    direct_state *st = state;
    if (st->pad && clrt_spans_enqueue(spans, st->queue, st->pad, 1, &st->pad_global, NULL))
        return -1;
    return clrt_spans_enqueue(spans, st->queue, st->conv, 3, st->global,
                              st->local[0] ? st->local : NULL);
}

static void direct_release(void *state)
{
    direct_state *st = state;
    if (!st)
        return;
    if (st->pad)
        clReleaseKernel(st->pad);
    if (st->conv)
        clReleaseKernel(st->conv);
    if (st->padded)
        clReleaseMemObject(st->padded);
    if (st->packed)
        clReleaseMemObject(st->packed);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc algo_direct = {
    .name = "direct",
    .summary = "direct convolution, KTxQV register tile per work-item, weights packed once",
    .tol_exact = 0.0,
    .tol_float = 1e-5,
    .tol_nrmse = 1e-5,
    .tunables = tunables,
    .ntunables = sizeof tunables / sizeof tunables[0],
    .dtypes = ALGO_BIT(PROB_FP32) | ALGO_BIT(PROB_FP16),
    .layouts = ALGO_BIT(PROB_NCHW) | ALGO_BIT(PROB_NHWC),
    .dirs = ALGO_BIT(PROB_FWD) | ALGO_BIT(PROB_BWD_DATA) | ALGO_BIT(PROB_BWD_WEIGHTS),
    .bwd_data_via_fwd = 1,
    .backward = &algo_direct_bwd,
    .supports = direct_supports,
    .workspace = direct_workspace,
    .prepare = direct_prepare,
    .run = direct_run,
    .release = direct_release,
};
