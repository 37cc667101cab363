/* algo_winograd.c - host side of Winograd F(2x2,3x3), F(4x4,3x3) and F(6x6,3x3)
 * (kernels/winograd.cl). One implementation serves both entries; the tile size
 * m is the entry's variant.
 *
 * prepare transforms the filters once (U = G g G^T; its device time is the
 * case's prepare_ms, as in inference the weights are fixed). A run is four
 * kernels: a zero-padded copy of the input, the input transform (8 tiles per
 * work-item as float8 lanes, reading whole rows of the padded copy), alpha^2
 * GEMMs of [K x C] x [C x tiles] in one batched kernel of convbench's own
 * (CLBlast's SGEMM reaches a fraction of its speed through PoCL), and the
 * output transform. With TILED=1 the GEMMs are instead kernels/gemm_tile.cl's
 * tiled GEMM (local memory, CLBlast-style tunables: the GPU-shaped choice),
 * one batch entry per alpha^2 position.
 */
#include "algo.h"
#include "gemm_tile.h"

#include <stdio.h>
#include <stdlib.h>

enum { T_KT, T_TV, T_TILED, T_GEMM };
static const algo_tunable tunables[] = {
    [T_KT] = {"KT", "output channels per GEMM work-item (TILED=0; default 8)", {4, 8, 16}, 3},
    [T_TV] = {"TV", "tiles per GEMM work-item, one vector (TILED=0; default 8)", {4, 8, 16}, 3},
    [T_TILED] = {.name = "TILED",
                 .help = "1: the tiled GEMM of implicit-gemm (the rest apply to it); default 1 "
                         "on GPUs, 0 elsewhere",
                 .values = {0, 1}, .nvalues = 2, .from_zero = 1},
    GEMM_TILE_TUNABLES,
};

typedef struct wino_plan {
    int tiled;             /* the GEMMs are gemm_tile.cl's, with tile t */
    gemm_tile t;
    int64_t m, alpha;
    int64_t tp, tq, tiles; /* tiles per column, per row, in all */
    int64_t tg;            /* groups of 8 tiles per row (the input transform's unit) */
    int64_t hp, wp, xp;    /* the padded input: rows, columns, floats */
    int64_t kt, tv;        /* the GEMM's register tile: output channels x tiles */
    int64_t kp, tpad;      /* K and tiles rounded up to the GEMM's tile */
    int64_t u, v, mm;      /* floats in U, V and M */
} wino_plan;

/* Whether tune (codes, or NULL) asks for the tiled GEMM on dev (NULL: not a
 * GPU), and the range [*first, *last] of the tunables the other GEMM has. */
static int tiled_gemm(const clrt_device *dev, const int *tune, int *first, int *last)
{
    int tiled = tune && tune[T_TILED] ? tune[T_TILED] - 1 : gemm_tile_gpu(dev);
    *first = tiled ? T_KT : T_GEMM;
    *last = tiled ? T_TV : T_GEMM + GEMM_TILE_NTUNABLES - 1;
    return tiled;
}

/* tune: the tunables' codes (0: default), or NULL for all defaults; dev the
 * device (its kind picks the defaults), or NULL when they do not matter. */
static wino_plan make_plan(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                           const prob_metrics *m, const int *tune)
{
    wino_plan w;
    int first, last;
    w.tiled = tiled_gemm(dev, tune, &first, &last);
    w.t = gemm_tile_from_tune(tune ? tune + T_GEMM : NULL, gemm_tile_gpu(dev));
    w.kt = tune && tune[T_KT] ? tune[T_KT] : 8;
    w.tv = tune && tune[T_TV] ? tune[T_TV] : 8;
    w.m = a->variant;
    w.alpha = w.m + 2;
    w.tp = (m->p + w.m - 1) / w.m;
    w.tq = (m->q + w.m - 1) / w.m;
    w.tiles = sh->n * w.tp * w.tq;
    w.tg = (w.tq + 7) / 8;
    /* A tile group reads ALPHA rows of 8m + 4 columns (kernels/winograd.cl, ROWLEN). */
    w.hp = w.tp * w.m + 2;
    w.wp = (w.tg - 1) * 8 * w.m + 8 * w.m + 4;
    if (w.hp < sh->h + 2 * sh->pad_h)
        w.hp = sh->h + 2 * sh->pad_h;
    if (w.wp < sh->w + 2 * sh->pad_w)
        w.wp = sh->w + 2 * sh->pad_w;
    w.xp = sh->n * sh->c * w.hp * w.wp;
    w.kp = gemm_tile_round(sh->k, w.tiled ? w.t.mwg : w.kt);
    w.tpad = gemm_tile_round(w.tiles, w.tiled ? w.t.nwg : w.tv);
    int64_t a2 = w.alpha * w.alpha;
    w.u = a2 * sh->c * w.kp;
    w.v = a2 * sh->c * w.tpad;
    w.mm = a2 * w.kp * w.tpad;
    return w;
}

static int wino_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m, char *why,
                         size_t len)
{
    if (sh->r != 3 || sh->s != 3) {
        snprintf(why, len, "Winograd F(%dx%d,3x3) needs a 3x3 filter (this one is %lldx%lld)",
                 a->variant, a->variant, (long long)sh->r, (long long)sh->s);
        return 0;
    }
    if (sh->stride_h != 1 || sh->stride_w != 1 || sh->dil_h != 1 || sh->dil_w != 1) {
        snprintf(why, len, "Winograd needs stride 1 and dilation 1");
        return 0;
    }
    if (sh->groups != 1) {
        snprintf(why, len,
                 "Winograd here supports groups = 1 only (a grouped 3x3 has too "
                 "little work per group to gain from it)");
        return 0;
    }
    /* The largest tiles the tuner may choose, so every candidate fits. */
    wino_plan w = make_plan(a, NULL, sh, m, (int[ALGO_MAX_TUNABLES]){[T_KT] = 16, [T_TV] = 16});
    wino_plan t = make_plan(a, NULL, sh, m,
                            (int[ALGO_MAX_TUNABLES]){[T_TILED] = 2, [T_GEMM + GT_MWG] = 128,
                                                     [T_GEMM + GT_NWG] = 128});
    if (t.v > w.v)
        w = t;
    if (w.v >= (INT64_C(1) << 31) || w.mm >= (INT64_C(1) << 31) ||
        m->in_elems >= (INT64_C(1) << 31)) {
        snprintf(why, len, "a transformed tensor has 2^31 elements or more");
        return 0;
    }
    return 1;
}

/* The tunables of the GEMM not chosen are refused rather than ignored, so
 * --params never claims a value that did not run. */
static int wino_check(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                      const prob_metrics *m, const int *tune, char *why, size_t len)
{
    wino_plan w = make_plan(a, dev, sh, m, tune);
    int first, last;
    tiled_gemm(dev, tune, &first, &last);
    for (int i = first; i <= last; i++)
        if (tune[i]) {
            snprintf(why, len, "%s applies to the %s GEMM; this one is TILED=%d", a->tunables[i].name,
                     w.tiled ? "register-tile" : "tiled", w.tiled);
            return 0;
        }
    return !w.tiled || gemm_tile_check(&w.t, dev, (int)prob_dtype_size(sh->accum), why, len);
}

/* What the tuner should see of tune: the other GEMM's tunables at their
 * defaults, so it never tries a point wino_check refuses for them, nor the
 * same kernel twice. */
static void wino_canonical(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                           const prob_metrics *m, int *tune)
{
    (void)a;
    (void)sh;
    (void)m;
    int first, last, gpu = gemm_tile_gpu(dev);
    tiled_gemm(dev, tune, &first, &last);
    for (int i = first; i <= last; i++)
        tune[i] = 0;
    gemm_tile def = gemm_tile_from_tune(NULL, gpu);
    gemm_tile_canonical(tune + T_GEMM, &def);
    if (tune[T_TILED] == gpu + 1)
        tune[T_TILED] = 0;
}

static void wino_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                           const algo_params *p, int64_t *largest, int64_t *total)
{
    wino_plan w = make_plan(a, NULL, sh, m, p->tune);
    int64_t big = w.u > w.v ? w.u : w.v;
    big = big > w.mm ? big : w.mm;
    int64_t es = prob_dtype_size(sh->accum); /* the workspace holds the accumulation type */
    *largest = es * (big > w.xp ? big : w.xp);
    *total = es * (w.u + w.v + w.mm + w.xp);
}

/* The GEMMs' multiply-adds plus dense-matrix counts of the input and output
 * transforms (an upper bound: the compiler drops the products by zero). */
static double wino_work(const algo_desc *a, const prob_shape *sh, const prob_metrics *m)
{
    wino_plan w = make_plan(a, NULL, sh, m, NULL);
    double al = (double)w.alpha, mt = (double)w.m, t = (double)w.tiles;
    double gemm = 2.0 * al * al * (double)sh->k * (double)sh->c * t;
    double in = 4.0 * al * al * al * (double)sh->c * t;
    double out = (2.0 * mt * al * al + 2.0 * mt * mt * al) * (double)sh->k * t;
    return gemm + in + out;
}

typedef struct wino_state {
    cl_command_queue queue;
    cl_program prog;
    cl_kernel pad, input, gemm, output;
    cl_mem u, v, mm, xp;
    size_t pad_global[3], in_global[3], gemm_global[3], out_global[2];
    size_t gemm_local[3]; /* [0] 0: the driver picks */
} wino_state;

static int wino_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                        const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                        void **out, algo_prep_info *info)
{
    wino_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->queue = ctx->queue;
    wino_plan w = make_plan(a, &ctx->dev, sh, m, p->tune);
    int codes[ALGO_MAX_TUNABLES] = {[T_TILED] = w.tiled + 1};
    if (w.tiled) {
        gemm_tile_codes(&w.t, codes + T_GEMM);
    } else {
        codes[T_KT] = (int)w.kt;
        codes[T_TV] = (int)w.tv;
    }
    algo_format_params(a, codes, info->params, sizeof info->params);
    /* Zeros in the transform matrices fold away only when 0*x may be taken as 0. */
    kopts k;
    char base[96];
    snprintf(base, sizeof base, "%s -cl-finite-math-only -cl-no-signed-zeros",
             gemm_tile_std(&w.t, &ctx->dev));
    kopts_init(&k, base);
    kopts_problem(&k, sh, m);
    const kopts_item defs[] = {
        {"M_TILE", w.m}, {"TP", w.tp}, {"TQ", w.tq},     {"HP", w.hp}, {"WP", w.wp},
        {"KP", w.kp},    {"TPAD", w.tpad}, {"KT", w.kt}, {"TV", w.tv},
    };
    kopts_defs(&k, defs, sizeof defs / sizeof defs[0]);
    if (w.tiled)
        gemm_tile_kopts(&w.t, &k);
    kopts_add(&k, p->kernel_opts);
    if (algo_build(ctx, "winograd", w.tiled ? "gemm_tile" : NULL, &k, &st->prog, info))
        return -1;
    int64_t es = prob_dtype_size(sh->accum);
    if (!(st->u = clrt_buffer(ctx, CL_MEM_READ_WRITE, es * w.u, NULL)) ||
        !(st->v = clrt_buffer(ctx, CL_MEM_READ_WRITE, es * w.v, NULL)) ||
        !(st->mm = clrt_buffer(ctx, CL_MEM_READ_WRITE, es * w.mm, NULL)) ||
        !(st->xp = clrt_buffer(ctx, CL_MEM_READ_WRITE, es * w.xp, NULL)))
        return -1;

    size_t fg[2] = {(size_t)w.kp, (size_t)sh->c};
    if (algo_prepare_weights(ctx, st->prog, "filter_transform", bufs->wei, st->u, 2, fg, info))
        return -1;

    st->pad = clrt_kernel(st->prog, "pad_input", 2, (cl_mem[]){bufs->in, st->xp});
    st->input = clrt_kernel(st->prog, "input_transform", 2, (cl_mem[]){st->xp, st->v});
    st->gemm = w.tiled ? clrt_kernel(st->prog, "gemm_tiled", 4, (cl_mem[]){st->u, st->v, NULL, st->mm})
                       : clrt_kernel(st->prog, "batched_gemm", 3, (cl_mem[]){st->u, st->v, st->mm});
    st->output =
        clrt_kernel(st->prog, "output_transform", 3, (cl_mem[]){st->mm, bufs->bias, bufs->out});
    if (!st->pad || !st->input || !st->gemm || !st->output)
        return -1;
    st->pad_global[0] = (size_t)w.wp;
    st->pad_global[1] = (size_t)w.hp;
    st->pad_global[2] = (size_t)(sh->n * sh->c);
    st->in_global[0] = (size_t)w.tg;
    st->in_global[1] = (size_t)w.tp;
    st->in_global[2] = (size_t)(sh->n * sh->c);
    if (w.tiled) {
        gemm_tile_launch(&w.t, w.kp, w.tpad, w.alpha * w.alpha, st->gemm_global, st->gemm_local);
    } else {
        st->gemm_global[0] = (size_t)(w.tpad / w.tv);
        st->gemm_global[1] = (size_t)(w.kp / w.kt);
        st->gemm_global[2] = (size_t)(w.alpha * w.alpha);
    }
    st->out_global[0] = (size_t)w.tiles;
    st->out_global[1] = (size_t)sh->k;
    return 0;
}

static int wino_run(void *state, clrt_spans *spans)
{
    wino_state *st = state;
    struct {
        cl_kernel k;
        cl_uint dims;
        const size_t *global, *local;
    } steps[4] = {{st->pad, 3, st->pad_global, NULL},
                  {st->input, 3, st->in_global, NULL},
                  {st->gemm, 3, st->gemm_global, st->gemm_local[0] ? st->gemm_local : NULL},
                  {st->output, 2, st->out_global, NULL}};
    for (int i = 0; i < 4; i++)
        if (clrt_spans_enqueue(spans, st->queue, steps[i].k, steps[i].dims, steps[i].global,
                               steps[i].local))
            return -1;
    return 0;
}

static void wino_release(void *state)
{
    wino_state *st = state;
    if (!st)
        return;
    cl_kernel ks[4] = {st->pad, st->input, st->gemm, st->output};
    for (int i = 0; i < 4; i++)
        if (ks[i])
            clReleaseKernel(ks[i]);
    cl_mem bs[4] = {st->u, st->v, st->mm, st->xp};
    for (int i = 0; i < 4; i++)
        if (bs[i])
            clReleaseMemObject(bs[i]);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

/* The entries differ in tile size, description and tolerances (see the
 * README's Winograd section for the measurements behind them). */
#define WINOGRAD_ENTRY(m, text, exact, flt, nrmse, gain16)                                  \
    {                                                                                        \
        .name = "winograd-" #m "x3", .summary = text, .variant = m, .tol_exact = exact,      \
        .tol_float = flt, .tol_nrmse = nrmse, .fp16_gain = gain16, .tunables = tunables,     \
        .ntunables = sizeof tunables / sizeof tunables[0],                                   \
        .dtypes = ALGO_BIT(PROB_FP32) | ALGO_BIT(PROB_FP16),                                 \
        .layouts = ALGO_BIT(PROB_NCHW) | ALGO_BIT(PROB_NHWC), .dirs = ALGO_BIT(PROB_FWD), .bwd_data_via_fwd = 1, \
        .supports = wino_supports, .check = wino_check, .canonical = wino_canonical,         \
        .workspace = wino_workspace, .work = wino_work, .prepare = wino_prepare,             \
        .run = wino_run, .release = wino_release,                                            \
    }

const algo_desc algo_winograd_2x3 = WINOGRAD_ENTRY(
    2, "Winograd F(2x2,3x3): 16 multiplies per 4 outputs instead of 36", 1e-6, 1e-6, 3e-6, 0);
const algo_desc algo_winograd_4x3 = WINOGRAD_ENTRY(
    4, "Winograd F(4x4,3x3): 36 multiplies per 16 outputs instead of 144", 2e-5, 2e-5, 2e-5, 100);
const algo_desc algo_winograd_6x3 = WINOGRAD_ENTRY(
    6, "Winograd F(6x6,3x3): 64 multiplies per 36 outputs instead of 324", 5e-5, 5e-5, 5e-5, 200);
