/* algo_direct_bwd.c - the direct algorithm's backward passes that are not
 * its forward kernel (kernels/backward.cl): backward data at strides above 1
 * as a gather, and backward weights as a split reduction over N*P*Q with a
 * deterministic second pass. (At stride 1, backward data is direct's forward
 * kernel on the transposed problem: bwd_via_fwd.h.) NCHW only so far. */
#include "algo.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct direct_bwd_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel main, sum; /* sum: backward weights' second pass */
    cl_mem part;
    size_t global[3], sum_global;
} direct_bwd_state;

/* Parts of N*P*Q for backward weights: enough work-items to fill a device
 * (2^16) when K*C/G*R*S alone is fewer, each part at least 64 positions. */
static int64_t split_of(const prob_shape *sh, const prob_metrics *m)
{
    int64_t dw = m->wei_elems, npq = sh->n * m->p * m->q;
    int64_t split = ((INT64_C(1) << 16) + dw - 1) / dw, most = (npq + 63) / 64;
    split = split < most ? split : most;
    return split < 1 ? 1 : split;
}

static int64_t part_bytes(const prob_shape *sh, const prob_metrics *m)
{
    return sh->dir == PROB_BWD_WEIGHTS
               ? split_of(sh, m) * m->wei_elems * prob_dtype_size(sh->accum)
               : 0;
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
        split_of(sh, m) * m->wei_elems >= lim) {
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
    *largest = *total = part_bytes(sh, m);
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
    int64_t split = split_of(sh, m);
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, sh, m);
    kopts_def(&k, "SH", sh->stride_h);
    kopts_def(&k, "SW", sh->stride_w);
    kopts_def(&k, "SPLIT", split);
    kopts_add(&k, p->kernel_opts);
    if (algo_build(ctx, "backward", NULL, &k, &st->prog, info))
        return -1;
    if (sh->dir == PROB_BWD_DATA) {
        st->global[0] = (size_t)sh->w;
        st->global[1] = (size_t)sh->h;
        st->global[2] = (size_t)(sh->n * sh->c);
        st->main = clrt_kernel(st->prog, "bwd_data", 3, (cl_mem[]){bufs->out, bufs->wei, bufs->in});
        return st->main ? 0 : -1;
    }
    st->global[0] = (size_t)m->reduction;
    st->global[1] = (size_t)sh->k;
    st->global[2] = (size_t)split;
    st->sum_global = (size_t)m->wei_elems;
    if (split > 1)
        snprintf(info->note, sizeof info->note, "N*P*Q in %lld parts, added in order",
                 (long long)split);
    if (!(st->part = clrt_buffer(ctx, CL_MEM_READ_WRITE, part_bytes(sh, m), NULL)) ||
        !(st->main = clrt_kernel(st->prog, "bwd_weights_part", 3,
                                 (cl_mem[]){bufs->out, bufs->in, st->part})) ||
        !(st->sum = clrt_kernel(st->prog, "bwd_weights_sum", 2, (cl_mem[]){st->part, bufs->wei})))
        return -1;
    return 0;
}

static int bwd_run(void *state, clrt_spans *spans)
{
    direct_bwd_state *st = state;
    return clrt_spans_enqueue(spans, st->queue, st->main, 3, st->global, NULL) ||
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
    if (st->part)
        clReleaseMemObject(st->part);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc algo_direct_bwd = {
    .name = "direct",
    .summary = "backward data as a gather (strides above 1), backward weights as a split "
               "reduction over N*P*Q, added in order",
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
