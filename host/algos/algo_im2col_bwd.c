/* algo_im2col_bwd.c - im2col's backward passes, NCHW, on CLBlast's GEMM:
 *   backward data:    col = W_g^T . dY per image and group, then col2im
 *                     (kernels/im2col.cl, a gather) adds col into dX;
 *   backward weights: col = im2col(X), then dW_g += dY_g . col_g^T image
 *                     after image (GEMMs in queue order: the same bits every
 *                     run).
 * A 1x1 unpadded convolution at stride 1 needs no col: dX = W^T . dY and
 * dW += dY . X^T directly. col goes in chunks of images that fit
 * --max-workspace, as forward's does. */
#include "algo.h"
#include "blas.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct im2col_bwd_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel layout;   /* col2im (backward data) or im2col (weights); NULL for 1x1 */
    cl_mem col, in, wei, out;
    prob_shape sh;
    prob_metrics m;
    int64_t per_image, chunk;
} im2col_bwd_state;

static int direct_gemm(const prob_shape *sh)
{
    return sh->r == 1 && sh->s == 1 && !sh->pad_h && !sh->pad_w && sh->stride_h == 1 &&
           sh->stride_w == 1;
}

/* Elements of col per image (0 without col) and images per chunk. */
static void plan(const prob_shape *sh, const prob_metrics *m, const algo_params *p,
                 int64_t *per_image, int64_t *chunk)
{
    *per_image = direct_gemm(sh) ? 0 : sh->c * sh->r * sh->s * m->p * m->q;
    int64_t fit = *per_image ? p->max_workspace / (*per_image * prob_dtype_size(sh->dtype)) : 0;
    *chunk = !*per_image ? sh->n : fit < 1 ? 1 : fit < sh->n ? fit : sh->n;
}

extern const algo_desc algo_im2col;

static int bwd_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                        char *why, size_t len)
{
    (void)a;
    if (sh->layout != PROB_NCHW) {
        snprintf(why, len, "im2col: %s in the nhwc layout: not implemented yet",
                 prob_dir_names[sh->dir]);
        return 0;
    }
    /* The forward's limits hold: the same kernels' grids, the same GEMMs. */
    return algo_im2col.supports(&algo_im2col, sh, m, why, len);
}

static void bwd_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                          const algo_params *p, int64_t *largest, int64_t *total)
{
    (void)a;
    int64_t per_image, chunk;
    plan(sh, m, p, &per_image, &chunk);
    *largest = *total = chunk * per_image * prob_dtype_size(sh->dtype);
}

/* col (or dX itself for 1x1) = W_g^T . dY_g for images [n0, n0 + b). */
static int data_gemms(im2col_bwd_state *st, int64_t n0, size_t b, clrt_spans *spans)
{
    const prob_shape *sh = &st->sh;
    size_t pq = (size_t)(st->m.p * st->m.q), kg = (size_t)(sh->k / sh->groups),
           crs = (size_t)st->m.reduction, G = (size_t)sh->groups;
    cl_mem dst = st->per_image ? st->col : st->in;
    size_t dst_img = st->per_image ? (size_t)st->per_image : (size_t)sh->c * pq;
    size_t dst0 = st->per_image ? 0 : (size_t)n0 * dst_img, y0 = (size_t)n0 * sh->k * pq;
    clrt_span *sp;
    if (G == 1)
        return !(sp = clrt_spans_add(spans)) ||
               blas_gemm(st->queue, sh->dtype, BLAS_TRANS_A, crs, pq, kg, st->wei, 0, crs, 0,
                         st->out, y0, pq, (size_t)sh->k * pq, dst, dst0, pq, dst_img, b, sp);
    for (size_t i = 0; i < b; i++)
        if (!(sp = clrt_spans_add(spans)) ||
            blas_gemm(st->queue, sh->dtype, BLAS_TRANS_A, crs, pq, kg, st->wei, 0, crs, kg * crs,
                      st->out, y0 + i * sh->k * pq, pq, kg * pq, dst, dst0 + i * dst_img, pq,
                      crs * pq, G, sp))
            return -1;
    return 0;
}

/* dW_g += dY_g . col_g^T for each image of [n0, n0 + b), in order. */
static int weight_gemms(im2col_bwd_state *st, int64_t n0, size_t b, clrt_spans *spans)
{
    const prob_shape *sh = &st->sh;
    size_t pq = (size_t)(st->m.p * st->m.q), kg = (size_t)(sh->k / sh->groups),
           crs = (size_t)st->m.reduction, G = (size_t)sh->groups;
    cl_mem src = st->per_image ? st->col : st->in;
    size_t img = st->per_image ? (size_t)st->per_image : (size_t)sh->c * pq;
    clrt_span *sp;
    for (size_t i = 0; i < b; i++) {
        size_t n = (size_t)n0 + i, src0 = (st->per_image ? i : n) * img;
        unsigned flags = BLAS_TRANS_B | (n ? BLAS_ACCUMULATE : 0);
        if (!(sp = clrt_spans_add(spans)) ||
            blas_gemm(st->queue, sh->dtype, flags, kg, crs, pq, st->out, n * sh->k * pq, pq,
                      kg * pq, src, src0, pq, crs * pq, st->wei, 0, crs, kg * crs, G, sp))
            return -1;
    }
    return 0;
}

static int bwd_run(void *state, clrt_spans *spans)
{
    im2col_bwd_state *st = state;
    const prob_shape *sh = &st->sh;
    for (int64_t n0 = 0; n0 < sh->n; n0 += st->chunk) {
        size_t b = (size_t)(sh->n - n0 < st->chunk ? sh->n - n0 : st->chunk);
        cl_int n0i = (cl_int)n0;
        int data = sh->dir == PROB_BWD_DATA;
        size_t global[3] = {(size_t)st->m.q, (size_t)st->m.p, b * sh->c * sh->r * sh->s};
        if (data) {
            global[0] = (size_t)sh->w;
            global[1] = (size_t)sh->h;
            global[2] = b * (size_t)sh->c;
        }
        if ((data && data_gemms(st, n0, b, spans)) ||
            (st->layout && (CLRT_CHECK(clSetKernelArg(st->layout, 2, sizeof n0i, &n0i)) ||
                            clrt_spans_enqueue(spans, st->queue, st->layout, 3, global, NULL))) ||
            (!data && weight_gemms(st, n0, b, spans)))
            return -1;
    }
    return 0;
}

static int bwd_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                       const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                       void **out, algo_prep_info *info)
{
    (void)a;
    im2col_bwd_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    st->sh = *sh;
    st->m = *m;
    st->in = bufs->in;
    st->wei = bufs->wei;
    st->out = bufs->out;
    plan(sh, m, p, &st->per_image, &st->chunk);
    if (st->per_image) {
        kopts k;
        kopts_init(&k, "-cl-std=CL1.2");
        kopts_problem(&k, sh, m);
        kopts_def(&k, "SH", sh->stride_h);
        kopts_def(&k, "SW", sh->stride_w);
        kopts_add(&k, p->kernel_opts);
        int data = sh->dir == PROB_BWD_DATA;
        int64_t bytes = st->chunk * st->per_image * prob_dtype_size(sh->dtype);
        cl_mem args[2] = {data ? NULL : bufs->in, data ? bufs->in : NULL};
        if (algo_build(ctx, "im2col", NULL, &k, &st->prog, info) ||
            !(st->col = clrt_buffer(ctx, CL_MEM_READ_WRITE, bytes, NULL)))
            return -1;
        args[data ? 0 : 1] = st->col;
        if (!(st->layout = clrt_kernel(st->prog, data ? "col2im" : "im2col", 2, args)))
            return -1;
        if (st->chunk < sh->n)
            snprintf(info->note, sizeof info->note,
                     "col in chunks of %lld images (workspace limit %.1f MiB)",
                     (long long)st->chunk, p->max_workspace / 1048576.0);
    }
    snprintf(info->tuning, sizeof info->tuning, "%s", blas_tuning());
    /* CLBlast compiles its kernels on first use: that run is compile time, never timed. */
    return algo_warm_up(bwd_run, st, &info->compile_ms);
}

static void bwd_release(void *state)
{
    im2col_bwd_state *st = state;
    if (!st)
        return;
    if (st->layout)
        clReleaseKernel(st->layout);
    if (st->col)
        clReleaseMemObject(st->col);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc algo_im2col_bwd = {
    .name = "im2col",
    .summary = "backward data as CLBlast's W^T.dY and col2im (a gather), backward weights as "
               "im2col and dY.col^T accumulated image by image",
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
