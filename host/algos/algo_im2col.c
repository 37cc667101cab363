/* algo_im2col.c - im2col + GEMM: kernels/im2col.cl lays out the input patches,
 * CLBlast's SGEMM multiplies them by the weights.
 *
 * Per image and group, out[Kg x PQ] = W[Kg x CgRS] * col[CgRS x PQ]. Three ways
 * to get col, cheapest first:
 *   - 1x1, stride 1, no padding: the input already is col; no copy, no workspace;
 *   - 1x1, no padding, strided: a strided gather;
 *   - otherwise the general im2col.
 * col for the whole batch may be large (R*S times the input), so images go in
 * chunks that fit --max-workspace. With one group, one strided-batched GEMM
 * covers a chunk's images; with groups, one strided-batched GEMM per image
 * covers its groups. A bias is one more pass after the GEMMs.
 *
 * NHWC: out[b*PQ x Kg] = col[b*PQ x RSCg] * W^T per group (W is KRSC), one
 * strided-batched GEMM over the groups per chunk; 1x1 unstrided reads the
 * input as col, every other case goes through the NHWC im2col.
 * fp16: CLBlast's HGEMM, which accumulates in half, so fp16 cases run with
 * --accum fp16 only.
 */
#include "algo.h"
#include "blas.h"

#include <stdio.h>
#include <stdlib.h>

extern const algo_desc algo_im2col_bwd;

typedef enum { MODE_GEMM_ONLY, MODE_GATHER, MODE_IM2COL } im2col_mode;

typedef struct im2col_plan {
    im2col_mode mode;
    int64_t per_image; /* col elements per image (0 in MODE_GEMM_ONLY) */
    int64_t chunk;     /* images per chunk */
    int64_t chunks;
} im2col_plan;

typedef struct im2col_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel layout, bias; /* NULL when not needed */
    cl_mem col, in, wei, out;
    prob_shape sh;
    prob_metrics m;
    im2col_plan plan;
    int extra_pct;          /* CB_EXTRA_WORK: the layout kernel again over this % of its rows */
} im2col_state;

static im2col_plan make_plan(const prob_shape *sh, const prob_metrics *m, const algo_params *p)
{
    im2col_plan pl = {MODE_IM2COL, 0, sh->n, 1};
    int one_by_one = sh->r == 1 && sh->s == 1 && sh->pad_h == 0 && sh->pad_w == 0;
    if (one_by_one && sh->stride_h == 1 && sh->stride_w == 1)
        pl.mode = MODE_GEMM_ONLY;
    else if (one_by_one && sh->layout == PROB_NCHW)
        pl.mode = MODE_GATHER;
    if (pl.mode == MODE_GEMM_ONLY)
        return pl;
    pl.per_image = sh->c * sh->r * sh->s * m->p * m->q;
    int64_t fit = p->max_workspace / (pl.per_image * prob_dtype_size(sh->dtype));
    pl.chunk = fit < 1 ? 1 : (fit < sh->n ? fit : sh->n);
    pl.chunks = (sh->n + pl.chunk - 1) / pl.chunk;
    return pl;
}

static int im2col_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                           char *why, size_t len)
{
    (void)a, (void)m;
    if (sh->n * sh->c * sh->r * sh->s >= (INT64_C(1) << 31)) {
        snprintf(why, len, "N*C*R*S is 2^31 or more; the im2col kernel's grid indexes with int");
        return 0;
    }
    if (sh->dtype == PROB_FP16 && sh->accum != PROB_FP16) {
        snprintf(why, len, "CLBlast's HGEMM accumulates in half: im2col runs fp16 with "
                           "--accum fp16 only");
        return 0;
    }
    return 1;
}

static void im2col_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                             const algo_params *p, int64_t *largest, int64_t *total)
{
    (void)a;
    im2col_plan pl = make_plan(sh, m, p);
    *largest = *total = pl.chunk * pl.per_image * prob_dtype_size(sh->dtype);
}


static int im2col_run(void *state, clrt_spans *spans)
{
    im2col_state *st = state;
    const prob_shape *sh = &st->sh;
    const im2col_plan *pl = &st->plan;
    size_t pq = (size_t)(st->m.p * st->m.q), cg = (size_t)(sh->c / sh->groups),
           kg = (size_t)(sh->k / sh->groups), crs = cg * (size_t)(sh->r * sh->s);
    /* Where col comes from: the workspace, or the input itself. */
    cl_mem src = pl->mode == MODE_GEMM_ONLY ? st->in : st->col;
    size_t img_stride =
        pl->mode == MODE_GEMM_ONLY ? (size_t)(sh->c * sh->h * sh->w) : (size_t)pl->per_image;
    size_t grp_stride = pl->mode == MODE_GEMM_ONLY ? cg * (size_t)(sh->h * sh->w) : crs * pq;
    clrt_span *sp;
    for (int64_t n0 = 0; n0 < sh->n; n0 += pl->chunk) {
        size_t b = (size_t)(sh->n - n0 < pl->chunk ? sh->n - n0 : pl->chunk);
        /* In GEMM_ONLY mode col is the input, so image n0 starts n0 images in. */
        size_t base = pl->mode == MODE_GEMM_ONLY ? (size_t)n0 * img_stride : 0;
        if (st->layout) {
            cl_int n0i = (cl_int)n0;
            size_t rows =
                b * (size_t)sh->c * (pl->mode == MODE_IM2COL ? (size_t)(sh->r * sh->s) : 1);
            size_t global[3] = {(size_t)st->m.q, (size_t)st->m.p, rows};
            if (sh->layout == PROB_NHWC) {
                global[0] = crs * (size_t)sh->groups;
                global[1] = pq;
                global[2] = b;
            }
            if (CLRT_CHECK(clSetKernelArg(st->layout, 2, sizeof n0i, &n0i)) ||
                clrt_spans_enqueue(spans, st->queue, st->layout, 3, global, NULL))
                return -1;
            /* The same values written again: PCT% more of the copy's work. */
            int d = sh->layout == PROB_NHWC ? 1 : 2;
            global[d] = (global[d] * (size_t)st->extra_pct + 99) / 100;
            if (st->extra_pct && clrt_spans_enqueue(spans, st->queue, st->layout, 3, global, NULL))
                return -1;
        }
        size_t out0 = (size_t)n0 * (size_t)sh->k * pq;
        if (sh->layout == PROB_NHWC) {
            /* Per group: rows are the chunk's pixels, A's columns (r, s, cg). */
            size_t rscg = crs, lda = pl->mode == MODE_GEMM_ONLY ? (size_t)sh->c : rscg * sh->groups;
            if (!(sp = clrt_spans_add(spans)) ||
                blas_gemm(st->queue, sh->dtype, BLAS_TRANS_B, b * pq, kg, rscg, src, base, lda, rscg,
                          st->wei, 0, rscg, kg * rscg, st->out, out0, (size_t)sh->k, kg,
                          (size_t)sh->groups, sp))
                return -1;
            continue;
        }
        if (sh->groups == 1) {
            /* One GEMM per image of the chunk, all in one call; the weights are shared. */
            if (!(sp = clrt_spans_add(spans)) ||
                blas_gemm(st->queue, sh->dtype, 0, kg, pq, crs, st->wei, 0, crs, 0, src, base, pq,
                          img_stride, st->out, out0, pq, (size_t)sh->k * pq, b, sp))
                return -1;
            continue;
        }
        for (size_t i = 0; i < b; i++)
            if (!(sp = clrt_spans_add(spans)) ||
                blas_gemm(st->queue, sh->dtype, 0, kg, pq, crs, st->wei, 0, crs, kg * crs, src,
                          base + i * img_stride, pq, grp_stride, st->out,
                          out0 + i * (size_t)sh->k * pq, pq, kg * pq, (size_t)sh->groups, sp))
                return -1;
    }
    if (st->bias) {
        size_t global[3] = {pq, (size_t)sh->k, (size_t)sh->n};
        if (sh->layout == PROB_NHWC) {
            global[0] = (size_t)sh->k;
            global[1] = pq;
        }
        if (clrt_spans_enqueue(spans, st->queue, st->bias, 3, global, NULL))
            return -1;
    }
    return 0;
}

static int im2col_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                          const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                          void **out, algo_prep_info *info)
{
    (void)a;
    im2col_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    st->sh = *sh;
    st->m = *m;
    st->plan = make_plan(sh, m, p);
    st->extra_pct = kopts_extra_work(p->kernel_opts);
    st->in = bufs->in;
    st->wei = bufs->wei;
    st->out = bufs->out;
    const im2col_plan *pl = &st->plan;
    if (pl->mode != MODE_GEMM_ONLY || sh->bias) {
        kopts k;
        kopts_init(&k, "-cl-std=CL1.2");
        kopts_problem(&k, sh, m);
        kopts_def(&k, "SH", sh->stride_h);
        kopts_def(&k, "SW", sh->stride_w);
        kopts_add(&k, p->kernel_opts);
        if (algo_build(ctx, "im2col", NULL, &k, &st->prog, info))
            return -1;
    }
    if (pl->mode != MODE_GEMM_ONLY) {
        int64_t bytes = pl->chunk * pl->per_image * prob_dtype_size(sh->dtype);
        const char *name = pl->mode == MODE_IM2COL ? "im2col" : "gather_strided";
        if (!(st->col = clrt_buffer(ctx, CL_MEM_READ_WRITE, bytes, NULL)) ||
            !(st->layout = clrt_kernel(st->prog, name, 2, (cl_mem[]){st->in, st->col})))
            return -1;
    }
    if (sh->bias &&
        !(st->bias = clrt_kernel(st->prog, "add_bias", 2, (cl_mem[]){st->out, bufs->bias})))
        return -1;
    if (pl->chunks > 1)
        snprintf(info->note, sizeof info->note,
                 "im2col in %lld chunks of %lld images (workspace limit %.1f MiB)",
                 (long long)pl->chunks, (long long)pl->chunk, p->max_workspace / 1048576.0);
    snprintf(info->tuning, sizeof info->tuning, "%s", blas_tuning());

    /* CLBlast compiles its kernels on first use: that run is compile time, never timed. */
    return algo_warm_up(im2col_run, st, &info->compile_ms);
}

static void im2col_release(void *state)
{
    im2col_state *st = state;
    if (!st)
        return;
    if (st->layout)
        clReleaseKernel(st->layout);
    if (st->bias)
        clReleaseKernel(st->bias);
    if (st->col)
        clReleaseMemObject(st->col);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc algo_im2col = {
    .name = "im2col",
    .summary = "im2col (or a strided gather, or nothing for 1x1) + CLBlast SGEMM",
    .tol_exact = 0.0,
    .tol_float = 1e-5,
    .tol_nrmse = 1e-5,
    .dtypes = ALGO_BIT(PROB_FP32) | ALGO_BIT(PROB_FP16),
    .layouts = ALGO_BIT(PROB_NCHW) | ALGO_BIT(PROB_NHWC),
    .dirs = ALGO_BIT(PROB_FWD) | ALGO_BIT(PROB_BWD_DATA) | ALGO_BIT(PROB_BWD_WEIGHTS),
    .backward = &algo_im2col_bwd,
    .supports = im2col_supports,
    .workspace = im2col_workspace,
    .prepare = im2col_prepare,
    .run = im2col_run,
    .release = im2col_release,
};
