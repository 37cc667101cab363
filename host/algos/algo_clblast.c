/* algo_clblast.c - CLBlast's own convolution, CLBlastSconvgemm (fp32) and
 * CLBlastHconvgemm (fp16, accumulating in half), as a peer: a library's
 * implementation measured on the same device and shapes as convbench's
 * algorithms, so every report carries a well-known reference. CLBlast takes
 * NCHW input, KCRS weights and NKPQ output only. */
#include "algo.h"
#include "blas.h"

#include <clblast_c.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct convgemm_state {
    cl_command_queue queue;
    prob_shape sh;
    algo_bufs bufs;
} convgemm_state;

static int convgemm_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                             char *why, size_t len)
{
    (void)a;
    (void)m;
    if (sh->groups != 1) {
        snprintf(why, len, "CLBlast's convgemm supports groups = 1 only (groups = %lld)",
                 (long long)sh->groups);
        return 0;
    }
    if (sh->bias) {
        snprintf(why, len, "CLBlast's convgemm has no bias term");
        return 0;
    }
    if (sh->dtype == PROB_FP16 && sh->accum != PROB_FP16) {
        snprintf(why, len, "CLBlast's Hconvgemm accumulates in half: it runs with --accum fp16 only");
        return 0;
    }
    return 1;
}

static void convgemm_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                               const algo_params *p, int64_t *largest, int64_t *total)
{
    (void)a;
    /* CLBlast allocates its own temporary buffers; convbench cannot see their size. */
    (void)sh, (void)m, (void)p;
    *largest = *total = 0;
}

static int convgemm_run(void *state, clrt_spans *spans)
{
    convgemm_state *st = state;
    const prob_shape *sh = &st->sh;
    clrt_span *sp = clrt_spans_add(spans);
    if (!sp || clrt_marker(st->queue, &sp->first))
        return -1;
    CLBlastStatusCode (*conv)(const CLBlastKernelMode, const size_t, const size_t, const size_t,
                              const size_t, const size_t, const size_t, const size_t,
                              const size_t, const size_t, const size_t, const size_t,
                              const size_t, const size_t, const cl_mem, const size_t,
                              const cl_mem, const size_t, cl_mem, const size_t, cl_command_queue *,
                              cl_event *) =
        sh->dtype == PROB_FP16 ? CLBlastHconvgemm : CLBlastSconvgemm;
    CLBlastStatusCode rc = conv(
        CLBlastKernelModeCrossCorrelation, (size_t)sh->c, (size_t)sh->h, (size_t)sh->w,
        (size_t)sh->r, (size_t)sh->s, (size_t)sh->pad_h, (size_t)sh->pad_w, (size_t)sh->stride_h,
        (size_t)sh->stride_w, (size_t)sh->dil_h, (size_t)sh->dil_w, (size_t)sh->k, (size_t)sh->n,
        st->bufs.in, 0, st->bufs.wei, 0, st->bufs.out, 0, &st->queue, &sp->last);
    return BLAS_CHECK(rc, sh->dtype == PROB_FP16 ? "CLBlastHconvgemm" : "CLBlastSconvgemm");
}

static int convgemm_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                            const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                            void **out, algo_prep_info *info)
{
    (void)a;
    (void)m, (void)p;
    convgemm_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    st->sh = *sh;
    st->bufs = *bufs;
    snprintf(info->tuning, sizeof info->tuning, "%s", blas_tuning());
    /* CLBlast compiles its kernels on first use: that run is compile time, never timed. */
    return algo_warm_up(convgemm_run, st, &info->compile_ms);
}

static void convgemm_release(void *state)
{
    free(state);
}

const algo_desc algo_clblast_convgemm = {
    .name = "clblast-convgemm",
    .summary = "CLBlast's convgemm, Sconvgemm or Hconvgemm (a library peer, for reference)",
    .peer = 1,
    .tol_exact = 0.0,
    .tol_float = 1e-5,
    .tol_nrmse = 1e-5,
    .dtypes = ALGO_BIT(PROB_FP32) | ALGO_BIT(PROB_FP16),
    .layouts = ALGO_BIT(PROB_NCHW),
    .dirs = ALGO_BIT(PROB_FWD),
    .supports = convgemm_supports,
    .workspace = convgemm_workspace,
    .prepare = convgemm_prepare,
    .run = convgemm_run,
    .release = convgemm_release,
};
