/* algo_implicit_gemm.c - host side of the implicit-GEMM convolution
 * (kernels/implicit_gemm.cl + kernels/gemm_tile.cl).
 *
 * prepare packs the weights once into [group][k][m], k padded to the tile's
 * reduction step and m to its rows, so every weight load of the GEMM is a
 * whole aligned vector with no bounds check (one-off work on fixed weights,
 * reported as prepare time). run is one kernel: the input is gathered into
 * the tiles as they are loaded, so there is no im2col buffer and no pad pass.
 */
#include "algo.h"
#include "gemm_tile.h"

#include <stdio.h>
#include <stdlib.h>

static const algo_tunable tunables[] = {GEMM_TILE_TUNABLES};

typedef struct ig_plan {
    gemm_tile t;
    int64_t mp, kredp; /* rows and reduction length, padded to the tile */
} ig_plan;

/* dev: the device, or NULL where its defaults do not matter (padding). */
static ig_plan make_plan(const clrt_device *dev, const prob_shape *sh, const prob_metrics *m,
                         const int *tune)
{
    ig_plan p = {.t = gemm_tile_from_tune(tune, gemm_tile_gpu(dev))};
    /* A 1x1 NCHW layer whose maps are not whole column vectors (7x7) would
     * gather its input value by value: by default it reads rows one value at
     * a time instead (ResNet-50's res5 1x1 layers, PoCL: 1.6x faster). */
    if (!(tune && tune[GT_VWN]) && sh->layout == PROB_NCHW && (m->p * m->q) % p.t.vwn)
        p.t.vwn = 1;
    p.mp = gemm_tile_round(sh->k / sh->groups, p.t.mwg);
    p.kredp = gemm_tile_round(m->reduction, p.t.kwg);
    return p;
}

static int64_t packed_elems(const prob_shape *sh, const ig_plan *p)
{
    return sh->groups * p->kredp * p->mp;
}

/* The largest tiles any candidate may have, for the 2^31 bound. */
static const int largest_tile[GEMM_TILE_NTUNABLES] = {[GT_MWG] = 128, [GT_KWG] = 32};

static int ig_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m, char *why,
                       size_t len)
{
    (void)a;
    const int64_t lim = INT64_C(1) << 31;
    ig_plan p = make_plan(NULL, sh, m, largest_tile);
    if (m->in_elems >= lim || m->out_elems >= lim || packed_elems(sh, &p) >= lim) {
        snprintf(why, len, "a tensor has 2^31 elements or more; the kernel indexes with int");
        return 0;
    }
    return 1;
}

static int ig_check(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                    const prob_metrics *m, const int *tune, char *why, size_t len)
{
    (void)a;
    ig_plan p = make_plan(dev, sh, m, tune);
    return gemm_tile_check(&p.t, dev, (int)prob_dtype_size(sh->accum), why, len);
}

static void ig_canonical(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                         const prob_metrics *m, int *tune)
{
    (void)a;
    ig_plan def = make_plan(dev, sh, m, NULL);
    gemm_tile_canonical(tune, &def.t);
}

static void ig_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                         const algo_params *ap, int64_t *largest, int64_t *total)
{
    (void)a;
    ig_plan p = make_plan(NULL, sh, m, ap->tune);
    *largest = *total = packed_elems(sh, &p) * prob_dtype_size(sh->dtype);
}

/* Includes the padding's products: the tile computes them all. */
static double ig_work(const algo_desc *a, const prob_shape *sh, const prob_metrics *m)
{
    (void)a;
    ig_plan p = make_plan(NULL, sh, m, NULL);
    double cols = (double)gemm_tile_round(sh->n * m->p * m->q, p.t.nwg);
    return 2.0 * (double)sh->groups * (double)p.mp * (double)p.kredp * cols;
}

typedef struct ig_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel gemm;
    cl_mem packed;
    size_t global[3], local[3];
} ig_state;

static int ig_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                      const prob_metrics *m, const algo_bufs *bufs, const algo_params *ap,
                      void **out, algo_prep_info *info)
{
    ig_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    ig_plan p = make_plan(&ctx->dev, sh, m, ap->tune);
    int codes[GEMM_TILE_NTUNABLES];
    gemm_tile_codes(&p.t, codes);
    algo_format_params(a, codes, info->params, sizeof info->params);
    kopts k;
    kopts_init(&k, gemm_tile_std(&p.t, &ctx->dev));
    kopts_problem(&k, sh, m);
    const kopts_item defs[] = {
        {"SH", sh->stride_h}, {"SW", sh->stride_w}, {"MP", p.mp}, {"KREDP", p.kredp}};
    kopts_defs(&k, defs, sizeof defs / sizeof defs[0]);
    gemm_tile_kopts(&p.t, &k);
    kopts_add(&k, ap->kernel_opts);
    if (algo_build(ctx, "implicit_gemm", "gemm_tile", &k, &st->prog, info))
        return -1;
    int64_t n = packed_elems(sh, &p);
    if (!(st->packed = clrt_buffer(ctx, CL_MEM_READ_WRITE, n * prob_dtype_size(sh->dtype), NULL)))
        return -1;
    size_t global = (size_t)n;
    if (algo_prepare_weights(ctx, st->prog, "pack_weights", bufs->wei, st->packed, 1, &global, info))
        return -1;
    cl_mem args[4] = {st->packed, bufs->in, bufs->bias, bufs->out};
    if (!(st->gemm = clrt_kernel(st->prog, "gemm_tiled", 4, args)))
        return -1;
    gemm_tile_launch(&p.t, p.mp, sh->n * m->p * m->q, sh->groups, st->global, st->local);
    return 0;
}

static int ig_run(void *state, clrt_spans *spans)
{
    ig_state *st = state;
    return clrt_spans_enqueue(spans, st->queue, st->gemm, 3, st->global, st->local);
}

static void ig_release(void *state)
{
    ig_state *st = state;
    if (!st)
        return;
    if (st->gemm)
        clReleaseKernel(st->gemm);
    if (st->packed)
        clReleaseMemObject(st->packed);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc algo_implicit_gemm = {
    .name = "implicit-gemm",
    .summary = "GEMM of weights x gathered input tiles, no im2col buffer; CLBlast-style "
               "tunable tiles",
    .tol_exact = 0.0,
    .tol_float = 1e-5,
    .tol_nrmse = 1e-5,
    .tunables = tunables,
    .ntunables = sizeof tunables / sizeof tunables[0],
    .dtypes = ALGO_BIT(PROB_FP32) | ALGO_BIT(PROB_FP16),
    .layouts = ALGO_BIT(PROB_NCHW) | ALGO_BIT(PROB_NHWC),
    .dirs = ALGO_BIT(PROB_FWD),
    .bwd_data_via_fwd = 1,
    .supports = ig_supports,
    .check = ig_check,
    .canonical = ig_canonical,
    .workspace = ig_workspace,
    .work = ig_work,
    .prepare = ig_prepare,
    .run = ig_run,
    .release = ig_release,
};
