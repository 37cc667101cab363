/* bwd_via_fwd.c - backward data run as forward convolutions of the wrapped
 * algorithm: the weights rearranged per phase (kernels/backward.cl's
 * rotate_weights), each phase's forward prepare and run, and at stride 2 the
 * interleave pass. */
#include "bwd_via_fwd.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_PHASES 4

int bwdfwd_applies(const prob_shape *sh, char *why, size_t len)
{
    if (sh->stride_h > 2 || sh->stride_w > 2) {
        snprintf(why, len, "backward data runs as forward convolutions at strides 1 and 2; "
                           "this one has stride %lldx%lld",
                 (long long)sh->stride_h, (long long)sh->stride_w);
        return 0;
    }
    if ((sh->stride_h > 1 || sh->stride_w > 1) && (sh->dil_h > 1 || sh->dil_w > 1)) {
        snprintf(why, len, "backward data at stride 2 runs as forward convolutions without "
                           "dilation only; this one has dilation %lldx%lld",
                 (long long)sh->dil_h, (long long)sh->dil_w);
        return 0;
    }
    if (sh->stride_h * sh->stride_w == 1 &&
        (sh->pad_h > sh->dil_h * (sh->r - 1) || sh->pad_w > sh->dil_w * (sh->s - 1))) {
        snprintf(why, len, "padding %lldx%lld wider than the filter's span less one: the "
                           "transposed problem would need negative padding",
                 (long long)sh->pad_h, (long long)sh->pad_w);
        return 0;
    }
    return 1;
}

int bwdfwd_phases(const prob_shape *sh)
{
    return (int)(sh->stride_h * sh->stride_w);
}

/* Taps of a filter of n along an axis with stride st that phase rho holds. */
static int64_t taps(int64_t n, int64_t st, int64_t rho)
{
    return rho < n ? (n - rho + st - 1) / st : 0;
}

int bwdfwd_phase(const prob_shape *sh, int i, prob_shape *t, prob_metrics *tm)
{
    prob_metrics m;
    prob_analyze(sh, &m, NULL, 0);
    int64_t rh = i / sh->stride_w, rw = i % sh->stride_w;
    *t = *sh;
    t->c = sh->k;
    t->k = sh->c;
    t->h = m.p;
    t->w = m.q;
    t->bias = 0;
    t->dir = PROB_FWD;
    if (bwdfwd_phases(sh) == 1) {
        t->pad_h = sh->dil_h * (sh->r - 1) - sh->pad_h;
        t->pad_w = sh->dil_w * (sh->s - 1) - sh->pad_w;
    } else {
        t->r = taps(sh->r, sh->stride_h, rh);
        t->s = taps(sh->s, sh->stride_w, rw);
        if (!t->r || !t->s)
            return 0;
        t->pad_h = t->r - 1;
        t->pad_w = t->s - 1;
        t->stride_h = t->stride_w = 1;
    }
    return prob_analyze(t, tm, NULL, 0) == 0;
}

typedef struct bwdfwd_state {
    const algo_desc *inner;
    int n;                                  /* phases */
    void *state[MAX_PHASES];
    cl_mem weights[MAX_PHASES], out[MAX_PHASES]; /* out: NULL at stride 1 (dX itself) */
    cl_program prog;
    cl_kernel interleave;                   /* stride 2 */
    cl_command_queue queue;
    size_t global;
} bwdfwd_state;

static int bw_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m, char *why,
                       size_t len)
{
    (void)m;
    if (!bwdfwd_applies(sh, why, len))
        return 0;
    for (int i = 0; i < bwdfwd_phases(sh); i++) {
        prob_shape t;
        prob_metrics tm;
        char inner[200];
        if (bwdfwd_phase(sh, i, &t, &tm) &&
            !a->inner->supports(a->inner, &t, &tm, inner, sizeof inner)) {
            snprintf(why, len, "as forward convolutions: %s", inner);
            return 0;
        }
    }
    return 1;
}

static int bw_check(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                    const prob_metrics *m, const int *tune, char *why, size_t len)
{
    (void)m;
    for (int i = 0; i < bwdfwd_phases(sh); i++) {
        prob_shape t;
        prob_metrics tm;
        if (bwdfwd_phase(sh, i, &t, &tm) && a->inner->check &&
            !a->inner->check(a->inner, dev, &t, &tm, tune, why, len))
            return 0;
    }
    return 1;
}

static void bw_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                         const algo_params *p, int64_t *largest, int64_t *total)
{
    *largest = *total = 0;
    for (int i = 0; i < bwdfwd_phases(sh); i++) {
        prob_shape t;
        prob_metrics tm;
        int64_t l, tot;
        if (!bwdfwd_phase(sh, i, &t, &tm))
            continue;
        a->inner->workspace(a->inner, &t, &tm, p, &l, &tot);
        int64_t mine = tm.wei_bytes + (bwdfwd_phases(sh) > 1 ? tm.out_bytes : 0);
        *total += tot + mine;
        if (l > *largest)
            *largest = l;
        if (tm.out_bytes > *largest && bwdfwd_phases(sh) > 1)
            *largest = tm.out_bytes;
    }
    if (m->wei_bytes > *largest)
        *largest = m->wei_bytes;
}

static double bw_work(const algo_desc *a, const prob_shape *sh, const prob_metrics *m)
{
    (void)m;
    double w = 0;
    for (int i = 0; i < bwdfwd_phases(sh); i++) {
        prob_shape t;
        prob_metrics tm;
        if (bwdfwd_phase(sh, i, &t, &tm))
            w += a->inner->work ? a->inner->work(a->inner, &t, &tm) : tm.flops;
    }
    return w;
}

/* Phase i's forward weights from w: rotate_weights with the phase's offsets
 * and tap counts, its device time added to info's prepare_ms. */
static int phase_weights(clrt_ctx *ctx, cl_program prog, const prob_shape *sh, int i,
                         const prob_shape *t, cl_mem w, cl_mem out, algo_prep_info *info)
{
    cl_int arg[4] = {(cl_int)(i / sh->stride_w), (cl_int)(i % sh->stride_w), (cl_int)t->r,
                     (cl_int)t->s};
    cl_kernel k = clrt_kernel(prog, "rotate_weights", 2, (cl_mem[]){w, out});
    size_t global = (size_t)(t->k * (t->c / t->groups) * t->r * t->s);
    double ms = 0;
    int rc = !k;
    for (int j = 0; j < 4 && !rc; j++)
        rc = CLRT_CHECK(clSetKernelArg(k, (cl_uint)(2 + j), sizeof arg[j], &arg[j]));
    rc = rc || clrt_run_once(ctx->queue, k, 1, &global, &ms, NULL);
    if (k)
        clReleaseKernel(k);
    info->prepare_ms += ms;
    return rc ? -1 : 0;
}

static int bw_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                      const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                      void **out, algo_prep_info *info)
{
    bwdfwd_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->inner = a->inner;
    st->n = bwdfwd_phases(sh);
    st->queue = ctx->queue;
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, sh, m);
    const kopts_item defs[] = {{"SH", sh->stride_h}, {"SW", sh->stride_w}, {"SPLIT", 1}};
    kopts_defs(&k, defs, sizeof defs / sizeof defs[0]);
    kopts_add(&k, p->kernel_opts);
    if (algo_build(ctx, "backward", NULL, &k, &st->prog, info))
        return -1;
    int hit = info->cache_hit;
    for (int i = 0; i < st->n; i++) {
        prob_shape t;
        prob_metrics tm;
        if (!bwdfwd_phase(sh, i, &t, &tm))
            continue;
        if (!(st->weights[i] = clrt_buffer(ctx, CL_MEM_READ_WRITE, tm.wei_bytes, NULL)) ||
            phase_weights(ctx, st->prog, sh, i, &t, bufs->wei, st->weights[i], info) ||
            (st->n > 1 && !(st->out[i] = clrt_buffer(ctx, CL_MEM_READ_WRITE, tm.out_bytes, NULL))))
            return -1;
        /* dY is each phase's input; its output dX itself at stride 1. */
        algo_bufs tb = {.in = bufs->out, .wei = st->weights[i], .bias = NULL,
                        .out = st->n > 1 ? st->out[i] : bufs->in};
        if (st->inner->prepare(st->inner, ctx, &t, &tm, &tb, p, &st->state[i], info))
            return -1;
        hit &= info->cache_hit;
    }
    info->cache_hit = hit;
    if (st->n == 1)
        return 0;
    /* Phases without taps pass dX itself (never read). */
    cl_mem args[1 + MAX_PHASES] = {bufs->in};
    for (int i = 0; i < MAX_PHASES; i++)
        args[1 + i] = i < st->n && st->out[i] ? st->out[i] : bufs->in;
    st->global = (size_t)m->in_elems;
    st->interleave = clrt_kernel(st->prog, "interleave_phases", 1 + MAX_PHASES, args);
    return st->interleave ? 0 : -1;
}

static int bw_run(void *state, clrt_spans *spans)
{
    bwdfwd_state *st = state;
    for (int i = 0; i < st->n; i++)
        if (st->state[i] && st->inner->run(st->state[i], spans))
            return -1;
    return st->interleave &&
           clrt_spans_enqueue(spans, st->queue, st->interleave, 1, &st->global, NULL);
}

static void bw_release(void *state)
{
    bwdfwd_state *st = state;
    if (!st)
        return;
    for (int i = 0; i < st->n; i++) {
        if (st->state[i])
            st->inner->release(st->state[i]);
        if (st->weights[i])
            clReleaseMemObject(st->weights[i]);
        if (st->out[i])
            clReleaseMemObject(st->out[i]);
    }
    if (st->interleave)
        clReleaseKernel(st->interleave);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc *bwdfwd_wrap(const algo_desc *a, algo_desc *out)
{
    *out = *a;
    out->inner = a;
    out->dirs |= ALGO_BIT(PROB_BWD_DATA);
    out->bwd_data_via_fwd = 0;
    out->backward = NULL;
    out->supports = bw_supports;
    out->check = a->check ? bw_check : NULL;
    out->canonical = NULL;
    out->workspace = bw_workspace;
    out->work = bw_work;
    out->prepare = bw_prepare;
    out->run = bw_run;
    out->release = bw_release;
    return out;
}
