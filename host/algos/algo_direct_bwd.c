/* algo_direct_bwd.c - the direct algorithm's backward passes that are not
 * its forward kernels (kernels/backward.cl): backward data where it cannot
 * run as forward convolutions (strides above 2, dilated strided layers) as
 * a gather, and backward weights as a reduction over the output rows split
 * in parts, the parts added in order by a second kernel: vectorised across
 * input channels (filters wider than 1x1, C >= 16), across output columns
 * (the rest of one group), or one element per work-item (groups). (Backward
 * data elsewhere runs direct's forward kernel: bwd_via_fwd.h.) NCHW only so
 * far. */
#include "algo.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct direct_bwd_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel pad_x, pad_dy; /* copies made before the main kernel; NULL when none */
    cl_kernel main, sum;     /* sum: backward weights' second pass */
    cl_mem part, xp, dyp;
    size_t global[3], sum_global, xp_global, dyp_global;
} direct_bwd_state;

/* The backward-weights kernels, in the order weights_plan prefers them. */
typedef enum { W_CHANNELS, W_COLUMNS, W_PLAIN } wkernel;

/* How backward weights of a problem run: the kernel, its tile, the copies it
 * reads and the parts its rows are split in, with the bytes of each buffer. */
typedef struct wplan {
    wkernel kernel;
    int copy_x, copy_dy;          /* 0: the kernel reads X (dY) as it is */
    int64_t kt, ct, qv, cp;       /* tile: output channels, input channels (cp: W_CHANNELS'
                                     channels-last copy), columns */
    int64_t hp, wp, qp;           /* the copies' rows, row length, dY's row length */
    int64_t split;                /* parts of the rows (W_PLAIN: of N*P*Q); 1 for backward data */
    int64_t part_bytes, xp_bytes, dyp_bytes;
} wplan;

static int64_t largest_divisor(int64_t n, int64_t most)
{
    while (n % most)
        most /= 2;
    return most;
}

/* How the column kernel sees the problem. A 1x1 unpadded layer has no rows:
 * each plane is one row of P*Q columns, no vector wasted at the end of every
 * short row; when strided, a gather into a dense copy first makes it one at
 * stride 1 (VIEW_GATHERED). */
enum { VIEW_AS_IS, VIEW_FLAT, VIEW_GATHERED };

static int kernel_view(const prob_shape *sh, const prob_metrics *m, prob_shape *v,
                       prob_metrics *vm)
{
    *v = *sh;
    *vm = *m;
    if (sh->r != 1 || sh->s != 1 || sh->pad_h || sh->pad_w)
        return VIEW_AS_IS;
    v->h = vm->p = 1;
    v->w = vm->q = m->p * m->q;
    v->stride_h = v->stride_w = 1;
    return sh->stride_h == 1 && sh->stride_w == 1 ? VIEW_FLAT : VIEW_GATHERED;
}

/* Parts of the rows for items work-items: enough work-items for a device
 * (2^12), at least 4 rows each. */
static int64_t split_rows(int64_t items, int64_t rows)
{
    int64_t split = ((INT64_C(1) << 12) + items - 1) / items;
    if (split > rows / 4)
        split = rows / 4;
    return split < 1 ? 1 : split;
}

/* Parts of N*P*Q for the plain kernel: enough work-items to fill a device
 * (2^16) when K*C/G*R*S alone is fewer, each part at least 64 positions. */
static int64_t split_positions(const prob_shape *sh, const prob_metrics *m)
{
    int64_t dw = m->wei_elems, npq = sh->n * m->p * m->q;
    int64_t split = ((INT64_C(1) << 16) + dw - 1) / dw, most = (npq + 63) / 64;
    split = split < most ? split : most;
    return split < 1 ? 1 : split;
}

/* The column kernel's tile and copies, on the problem as kernel_view has it. */
static void columns_plan(const prob_shape *sh0, const prob_metrics *m0, wplan *w)
{
    prob_shape v;
    prob_metrics vm;
    const prob_shape *sh = &v;
    const prob_metrics *m = &vm;
    int view = kernel_view(sh0, m0, &v, &vm);
    w->kt = largest_divisor(sh->k, 4);
    w->ct = largest_divisor(sh->c, 2);
    /* Whole vectors of 8 but for short rows, and for one-row planes that 4
     * divides and 8 does not: then neither X nor dY needs a copy. */
    w->qv = m->q <= 4 || (view != VIEW_AS_IS && m->q % 8 && m->q % 4 == 0) ? 4 : 8;
    w->qp = (m->q + w->qv - 1) / w->qv * w->qv;
    w->hp = sh->h + 2 * sh->pad_h;
    int64_t sw = sh->stride_w,
            last = (w->qp - w->qv) * sw + (sh->s - 1) * sh->dil_w + (sw == 2 ? 2 * w->qv - 1
                                                                             : (w->qv - 1) * sw);
    w->wp = sh->w + 2 * sh->pad_w > last + 1 ? sh->w + 2 * sh->pad_w : last + 1;
    w->copy_x = view == VIEW_GATHERED || sh->pad_h || sh->pad_w || w->wp != sh->w;
    w->copy_dy = w->qp != m->q;
    w->split = split_rows(sh->r * sh->s * (sh->c / w->ct) * (sh->k / w->kt), sh->n * m->p);
    w->xp_bytes = w->copy_x * sh->n * sh->c * w->hp * w->wp;
    w->dyp_bytes = w->copy_dy * sh->n * sh->k * m->p * w->qp;
}

static wplan weights_plan(const prob_shape *sh, const prob_metrics *m)
{
    wplan w = {.kernel = W_PLAIN, .split = 1};
    if (sh->dir != PROB_BWD_WEIGHTS)
        return w;
    /* Across channels for filters wider than 1x1 (measured on ResNet-50's
     * 3x3 layers: 0.6-0.9x the time of the column-vector kernel); a 1x1
     * layer's planes are already whole rows, and its channels-last copy
     * would cost a third of its time (res3_1x1_reduce: 34 against 17 ms). */
    if (sh->groups > 1) {
        w.split = split_positions(sh, m);
    } else if (sh->c >= 16 && sh->r * sh->s > 1) {
        w.kernel = W_CHANNELS;
        w.kt = 6;
        w.cp = (sh->c + 15) / 16 * 16;
        w.hp = sh->h + 2 * sh->pad_h;
        w.wp = sh->w + 2 * sh->pad_w;
        w.copy_x = 1;
        w.xp_bytes = sh->n * w.hp * w.wp * w.cp;
        w.split = split_rows(sh->r * sh->s * (w.cp / 16) * ((sh->k + w.kt - 1) / w.kt),
                             sh->n * m->p);
    } else {
        w.kernel = W_COLUMNS;
        columns_plan(sh, m, &w);
    }
    int64_t es = prob_dtype_size(sh->dtype);
    w.xp_bytes *= es;
    w.dyp_bytes *= es;
    w.part_bytes = w.split * m->wei_elems * prob_dtype_size(sh->accum);
    return w;
}

static int bwd_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                        char *why, size_t len)
{
    (void)a;
    if (sh->layout != PROB_NCHW) {
        snprintf(why, len, "direct: %s in the nhwc layout: not implemented yet",
                 prob_dir_names[sh->dir]);
        return 0;
    }
    const int64_t lim = INT64_C(1) << 31;
    if (m->in_elems >= lim || m->out_elems >= lim || sh->n * m->p * m->q >= lim ||
        weights_plan(sh, m).split * m->wei_elems >= lim) {
        snprintf(why, len, "a tensor has 2^31 elements or more; the backward kernels index "
                           "with int");
        return 0;
    }
    return 1;
}

static void bwd_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                          const algo_params *p, int64_t *largest, int64_t *total)
{
    (void)a, (void)p;
    wplan w = weights_plan(sh, m);
    *largest = w.part_bytes > w.xp_bytes ? w.part_bytes : w.xp_bytes;
    if (w.dyp_bytes > *largest)
        *largest = w.dyp_bytes;
    *total = w.part_bytes + w.xp_bytes + w.dyp_bytes;
}

/* Builds kernels/backward.cl with k, then the second pass every backward
 * weights kernel ends with: the parts' buffer and the kernel adding them in
 * order into dW. Returns 0, or -1 (reported). */
static int build_with_sum(direct_bwd_state *st, clrt_ctx *ctx, const prob_metrics *m,
                          const algo_bufs *bufs, const wplan *w, const kopts *k,
                          algo_prep_info *info)
{
    st->sum_global = (size_t)m->wei_elems;
    if (algo_build(ctx, "backward", NULL, k, &st->prog, info) ||
        !(st->part = clrt_buffer(ctx, CL_MEM_READ_WRITE, w->part_bytes, NULL)) ||
        !(st->sum = clrt_kernel(st->prog, "bwd_weights_sum", 2, (cl_mem[]){st->part, bufs->wei})))
        return -1;
    return 0;
}

/* The column kernel: its build (TILED and the tile), the copies it reads,
 * the kernel and the ordered sum. */
static int columns_prepare(direct_bwd_state *st, clrt_ctx *ctx, const prob_shape *sh,
                         const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                         const wplan *w, algo_prep_info *info)
{
    prob_shape flat;
    prob_metrics fm;
    int view = kernel_view(sh, m, &flat, &fm);
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, &flat, &fm);
    const kopts_item defs[] = {
        {"SH", flat.stride_h}, {"SW", flat.stride_w}, {"SPLIT", w->split}, {"KT", w->kt},
        {"CT", w->ct},         {"QV", w->qv},         {"HP", w->hp},       {"WP", w->wp},
        /* the gather's source: the layer's own input and strides */
        {"GH", sh->h},         {"GW", sh->w},         {"GQ", m->q},        {"GSH", sh->stride_h},
        {"GSW", sh->stride_w},
    };
    kopts_defs(&k, defs, sizeof defs / sizeof defs[0]);
    kopts_flag(&k, "TILED", 1);
    kopts_add(&k, p->kernel_opts);
    st->xp_global = (size_t)(flat.n * flat.c * w->hp * w->wp);
    st->dyp_global = (size_t)(sh->n * sh->k * fm.p * w->qp);
    st->global[0] = (size_t)(sh->r * sh->s * (sh->c / w->ct));
    st->global[1] = (size_t)(sh->k / w->kt);
    st->global[2] = (size_t)w->split;
    snprintf(info->note, sizeof info->note, "tile %lldx%lldx%lld, rows in %lld parts, "
             "added in order", (long long)w->kt, (long long)w->ct, (long long)w->qv,
             (long long)w->split);
    if (build_with_sum(st, ctx, m, bufs, w, &k, info))
        return -1;
    if (w->copy_x &&
        (!(st->xp = clrt_buffer(ctx, CL_MEM_READ_WRITE, w->xp_bytes, NULL)) ||
         !(st->pad_x = clrt_kernel(st->prog, view == VIEW_GATHERED ? "gather_x" : "pad_x", 2,
                                   (cl_mem[]){bufs->in, st->xp}))))
        return -1;
    if (w->copy_dy &&
        (!(st->dyp = clrt_buffer(ctx, CL_MEM_READ_WRITE, w->dyp_bytes, NULL)) ||
         !(st->pad_dy = clrt_kernel(st->prog, "pad_dy", 2, (cl_mem[]){bufs->out, st->dyp}))))
        return -1;
    cl_mem args[3] = {w->copy_dy ? st->dyp : bufs->out, w->copy_x ? st->xp : bufs->in, st->part};
    st->main = clrt_kernel(st->prog, "bwd_weights_tiled", 3, args);
    return st->main ? 0 : -1;
}

/* The channel kernel: the channels-last copy of X, the kernel, the ordered
 * sum; dY is read as it is. */
static int channels_prepare(direct_bwd_state *st, clrt_ctx *ctx, const prob_shape *sh,
                        const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                        const wplan *w, algo_prep_info *info)
{
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, sh, m);
    const kopts_item defs[] = {{"SH", sh->stride_h}, {"SW", sh->stride_w}, {"SPLIT", w->split},
                               {"KT", w->kt},        {"CP", w->cp},        {"HP", w->hp},
                               {"WP", w->wp}};
    kopts_defs(&k, defs, sizeof defs / sizeof defs[0]);
    kopts_flag(&k, "CVEC", 1);
    kopts_add(&k, p->kernel_opts);
    st->xp_global = (size_t)(sh->n * w->hp * w->wp * w->cp);
    st->global[0] = (size_t)(sh->r * sh->s * (w->cp / 16));
    st->global[1] = (size_t)((sh->k + w->kt - 1) / w->kt);
    st->global[2] = (size_t)w->split;
    snprintf(info->note, sizeof info->note, "tile %lldx16 channels, rows in %lld parts, added "
             "in order", (long long)w->kt, (long long)w->split);
    if (build_with_sum(st, ctx, m, bufs, w, &k, info) ||
        !(st->xp = clrt_buffer(ctx, CL_MEM_READ_WRITE, w->xp_bytes, NULL)) ||
        !(st->pad_x = clrt_kernel(st->prog, "to_channels_last", 2, (cl_mem[]){bufs->in, st->xp})) ||
        !(st->main = clrt_kernel(st->prog, "bwd_weights_cvec", 3,
                                 (cl_mem[]){bufs->out, st->xp, st->part})))
        return -1;
    return 0;
}

static int bwd_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                       const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                       void **out, algo_prep_info *info)
{
    (void)a;
    direct_bwd_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    wplan w = weights_plan(sh, m);
    if (sh->dir == PROB_BWD_WEIGHTS && w.kernel == W_CHANNELS)
        return channels_prepare(st, ctx, sh, m, bufs, p, &w, info);
    if (sh->dir == PROB_BWD_WEIGHTS && w.kernel == W_COLUMNS)
        return columns_prepare(st, ctx, sh, m, bufs, p, &w, info);
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, sh, m);
    kopts_def(&k, "SH", sh->stride_h);
    kopts_def(&k, "SW", sh->stride_w);
    kopts_def(&k, "SPLIT", w.split);
    kopts_add(&k, p->kernel_opts);
    if (sh->dir == PROB_BWD_DATA) {
        st->global[0] = (size_t)sh->w;
        st->global[1] = (size_t)sh->h;
        st->global[2] = (size_t)(sh->n * sh->c);
        if (algo_build(ctx, "backward", NULL, &k, &st->prog, info))
            return -1;
        st->main = clrt_kernel(st->prog, "bwd_data", 3, (cl_mem[]){bufs->out, bufs->wei, bufs->in});
        return st->main ? 0 : -1;
    }
    st->global[0] = (size_t)m->reduction;
    st->global[1] = (size_t)sh->k;
    st->global[2] = (size_t)w.split;
    if (w.split > 1)
        snprintf(info->note, sizeof info->note, "N*P*Q in %lld parts, added in order",
                 (long long)w.split);
    if (build_with_sum(st, ctx, m, bufs, &w, &k, info) ||
        !(st->main = clrt_kernel(st->prog, "bwd_weights_part", 3,
                                 (cl_mem[]){bufs->out, bufs->in, st->part})))
        return -1;
    return 0;
}

static int bwd_run(void *state, clrt_spans *spans)
{
    direct_bwd_state *st = state;
    return (st->pad_x && clrt_spans_enqueue(spans, st->queue, st->pad_x, 1, &st->xp_global, NULL)) ||
           (st->pad_dy &&
            clrt_spans_enqueue(spans, st->queue, st->pad_dy, 1, &st->dyp_global, NULL)) ||
           clrt_spans_enqueue(spans, st->queue, st->main, 3, st->global, NULL) ||
           (st->sum && clrt_spans_enqueue(spans, st->queue, st->sum, 1, &st->sum_global, NULL));
}

static void bwd_release(void *state)
{
    direct_bwd_state *st = state;
    if (!st)
        return;
    if (st->main)
        clReleaseKernel(st->main);
    if (st->sum)
        clReleaseKernel(st->sum);
    if (st->pad_x)
        clReleaseKernel(st->pad_x);
    if (st->pad_dy)
        clReleaseKernel(st->pad_dy);
    if (st->xp)
        clReleaseMemObject(st->xp);
    if (st->dyp)
        clReleaseMemObject(st->dyp);
    if (st->part)
        clReleaseMemObject(st->part);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc algo_direct_bwd = {
    .name = "direct",
    .summary = "backward data as a gather (strides above 2), backward weights as a "
               "register-tiled reduction split in parts, added in order",
    .tol_exact = 0.0,
    .tol_float = 1e-5,
    .tol_nrmse = 1e-5,
    .dtypes = ALGO_BIT(PROB_FP32) | ALGO_BIT(PROB_FP16),
    .layouts = ALGO_BIT(PROB_NCHW),
    .dirs = ALGO_BIT(PROB_BWD_DATA) | ALGO_BIT(PROB_BWD_WEIGHTS),
    .supports = bwd_supports,
    .workspace = bwd_workspace,
    .prepare = bwd_prepare,
    .run = bwd_run,
    .release = bwd_release,
};
